//! Plain lists of alert names: a YAML list, or a mapping with an `alerts:` list.

use super::{Found, ShapeError, name_of};
use crate::yaml::Node;

const HELP: &str = "a list source is a YAML list of alert names, or `alerts:` followed by one";

pub(crate) fn read(documents: &[Node]) -> Result<Vec<Found>, ShapeError> {
    let mut found = Vec::new();
    for root in documents {
        let list = root.get("alerts").unwrap_or(root);
        let items = list.items().ok_or_else(|| ShapeError {
            message: format!("expected a list of alert names, found {}", list.describe()),
            help: HELP,
            span: list.span,
        })?;
        for item in items {
            let (name, span) = name_of(item, "an alert name", HELP)?;
            found.push(Found {
                name,
                span,
                id: None,
                labels: Vec::new(),
            });
        }
    }
    Ok(found)
}
