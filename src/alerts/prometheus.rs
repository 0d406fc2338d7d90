//! Prometheus (and Thanos, Mimir, Loki ruler) rule files, `groups[].rules[].alert`, and
//! Kubernetes `PrometheusRule` objects (`spec.groups`), one or many YAML documents per file
//! (a `kind: List` holds them as `items`). Recording rules (`record:`) are not alerts;
//! documents of other kinds in the same file (a `Deployment` beside its rules) are not
//! alert sources and are passed over. Each alert keeps the labels it sets to fixed values,
//! which is what Alertmanager routes on.

use super::{Found, ShapeError, list_of, name_of};
use crate::yaml::Node;

const HELP: &str = "a Prometheus rule file holds `groups:`, each with `rules:` of `alert:` or `record:` entries; a `PrometheusRule` object holds them under `spec.groups`";

pub(crate) fn read(documents: &[Node]) -> Result<Vec<Found>, ShapeError> {
    let mut alerts = Vec::new();
    for document in documents {
        read_document(document, &mut alerts)?;
    }
    Ok(alerts)
}

fn shape(message: String, node: &Node) -> ShapeError {
    ShapeError {
        message,
        help: HELP,
        span: node.span,
    }
}

fn read_document(document: &Node, alerts: &mut Vec<Found>) -> Result<(), ShapeError> {
    // `---` at the end of a file, or between objects, leaves an empty document.
    if document.is_null() {
        return Ok(());
    }
    let Some(kind) = document.get("kind") else {
        let groups = document
            .get("groups")
            .ok_or_else(|| shape("expected a `groups` list at the top".into(), document))?;
        return read_groups(groups, alerts);
    };
    match kind.text() {
        Some("PrometheusRule") => {
            let groups = document
                .get("spec")
                .and_then(|spec| spec.get("groups"))
                .ok_or_else(|| {
                    shape(
                        "expected `spec.groups` in a `PrometheusRule`".into(),
                        document,
                    )
                })?;
            read_groups(groups, alerts)
        }
        Some("List") => {
            let Some(items) = document.get("items") else {
                return Ok(());
            };
            let items = list_of(items, "items", HELP)?;
            for item in items {
                read_document(item, alerts)?;
            }
            Ok(())
        }
        // Another Kubernetes object: no alerts in it.
        _ => Ok(()),
    }
}

fn read_groups(groups: &Node, alerts: &mut Vec<Found>) -> Result<(), ShapeError> {
    let groups = list_of(groups, "groups", HELP)?;
    for group in groups {
        let Some(rules) = group.get("rules") else {
            continue;
        };
        let rules = list_of(rules, "rules", HELP)?;
        for rule in rules {
            if let Some(alert) = rule.get("alert") {
                let (name, span) = name_of(alert, "an alert name", HELP)?;
                let labels = match rule.get("labels") {
                    Some(labels) => static_labels(labels)?,
                    None => Vec::new(),
                };
                alerts.push(Found {
                    name,
                    span,
                    id: None,
                    labels,
                });
            }
        }
    }
    Ok(())
}

/// The labels a rule sets to a fixed value. A value the rule templates (`{{ $labels.x }}`)
/// is only known when the alert fires, so routing must not count on it: it is left out.
fn static_labels(labels: &Node) -> Result<Vec<(String, String)>, ShapeError> {
    if labels.is_null() {
        return Ok(Vec::new());
    }
    let entries = labels.entries().ok_or_else(|| {
        shape(
            format!(
                "expected `labels` to be a mapping, found {}",
                labels.describe()
            ),
            labels,
        )
    })?;
    let mut found = Vec::new();
    for entry in entries {
        let (value, _) = name_of(&entry.value, "a label value", HELP)?;
        if !value.contains("{{") {
            found.push((entry.key.text.to_string(), value));
        }
    }
    Ok(found)
}
