//! Datadog monitors as JSON (what the monitors API and the UI's export give): one monitor
//! object, or a list of them, each named by `name` and identified by `id` (a number). JSON is
//! read by the YAML reader, which keeps every value's place.

use super::{Found, ShapeError, name_of};
use crate::yaml::Node;

const HELP: &str = "a Datadog monitor file is a JSON monitor object with a `name` (and an `id`), or a list of them";

pub(crate) fn read(documents: &[Node]) -> Result<Vec<Found>, ShapeError> {
    let mut found = Vec::new();
    for document in documents.iter().filter(|d| !d.is_null()) {
        match document.items() {
            Some(monitors) => {
                for monitor in monitors {
                    found.push(monitor_of(monitor)?);
                }
            }
            None => found.push(monitor_of(document)?),
        }
    }
    Ok(found)
}

fn monitor_of(monitor: &Node) -> Result<Found, ShapeError> {
    let name = monitor.get("name").ok_or_else(|| ShapeError {
        message: format!(
            "expected a monitor with a `name`, found {}",
            monitor.describe()
        ),
        help: HELP,
        span: monitor.span,
    })?;
    let (name, span) = name_of(name, "the monitor's name", HELP)?;
    let id = match monitor.get("id") {
        Some(id) if !id.is_null() => Some(name_of(id, "the monitor's id", HELP)?.0),
        _ => None,
    };
    Ok(Found {
        name,
        span,
        id,
        labels: Vec::new(),
    })
}
