//! Plain lists of alert names: a YAML list, or a mapping with an `alerts:` list.

use super::{ShapeError, name_of};
use crate::source::Span;
use crate::yaml::Node;

const HELP: &str = "a list source is a YAML list of alert names, or `alerts:` followed by one";

pub(crate) fn read(root: &Node) -> Result<Vec<(String, Span)>, ShapeError> {
    let list = root.get("alerts").unwrap_or(root);
    let items = list.items().ok_or_else(|| ShapeError {
        message: format!("expected a list of alert names, found {}", list.describe()),
        help: HELP,
        span: list.span,
    })?;
    items
        .iter()
        .map(|item| name_of(item, "an alert name", HELP))
        .collect()
}
