//! Prometheus (and Thanos, Mimir, Loki ruler) rule files: `groups[].rules[].alert`.
//! Recording rules (`record:`) are not alerts.

use super::{ShapeError, name_of};
use crate::source::Span;
use crate::yaml::Node;

const HELP: &str =
    "a Prometheus rule file holds `groups:`, each with `rules:` of `alert:` or `record:` entries";

pub(crate) fn read(root: &Node) -> Result<Vec<(String, Span)>, ShapeError> {
    let shape = |message: String, span| ShapeError {
        message,
        help: HELP,
        span,
    };
    let groups = root
        .get("groups")
        .ok_or_else(|| shape("expected a `groups` list at the top".into(), root.span))?;
    if groups.is_null() {
        return Ok(Vec::new());
    }
    let groups = groups.items().ok_or_else(|| {
        shape(
            format!(
                "expected `groups` to be a list, found {}",
                groups.describe()
            ),
            groups.span,
        )
    })?;
    let mut alerts = Vec::new();
    for group in groups {
        let Some(rules) = group.get("rules") else {
            continue;
        };
        if rules.is_null() {
            continue;
        }
        let rules = rules.items().ok_or_else(|| {
            shape(
                format!("expected `rules` to be a list, found {}", rules.describe()),
                rules.span,
            )
        })?;
        for rule in rules {
            if let Some(alert) = rule.get("alert") {
                alerts.push(name_of(alert, "an alert name", HELP)?);
            }
        }
    }
    Ok(alerts)
}
