//! Grafana alerting provisioning files (`apiVersion: 1`, `groups[].rules[]`), as
//! `grafana-cli` exports them and Grafana's file provisioning reads them: each rule is named
//! by its `title` and identified by its `uid`.

use super::{Found, ShapeError, list_of, name_of};
use crate::yaml::Node;

const HELP: &str = "a Grafana alerting provisioning file holds `groups:`, each with `rules:` that have a `title` and a `uid`";

pub(crate) fn read(documents: &[Node]) -> Result<Vec<Found>, ShapeError> {
    let shape = |message: String, node: &Node| ShapeError {
        message,
        help: HELP,
        span: node.span,
    };
    let mut alerts = Vec::new();
    for document in documents.iter().filter(|d| !d.is_null()) {
        let groups = document
            .get("groups")
            .ok_or_else(|| shape("expected a `groups` list at the top".into(), document))?;
        let groups = list_of(groups, "groups", HELP)?;
        for group in groups {
            let Some(rules) = group.get("rules") else {
                continue;
            };
            let rules = list_of(rules, "rules", HELP)?;
            for rule in rules {
                let title = rule
                    .get("title")
                    .ok_or_else(|| shape("expected the rule's `title`".into(), rule))?;
                let (name, span) = name_of(title, "the rule's title", HELP)?;
                let id = match rule.get("uid") {
                    Some(uid) => Some(name_of(uid, "the rule's uid", HELP)?.0),
                    None => None,
                };
                alerts.push(Found {
                    name,
                    span,
                    id,
                    labels: Vec::new(),
                });
            }
        }
    }
    Ok(alerts)
}
