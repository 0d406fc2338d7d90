//! Splunk security-content detections (`detections/**/*.yml` of splunk/security_content):
//! one detection per file, named by `name`, identified by `id`.

use super::{Found, ShapeError, name_of};
use crate::yaml::Node;

const HELP: &str =
    "a Splunk security-content detection is a YAML mapping with a `name` and an `id`";

pub(crate) fn read(documents: &[Node]) -> Result<Vec<Found>, ShapeError> {
    let mut found = Vec::new();
    for document in documents.iter().filter(|d| !d.is_null()) {
        let name = document.get("name").ok_or_else(|| ShapeError {
            message: "expected the detection's `name` at the top".into(),
            help: HELP,
            span: document.span,
        })?;
        let (name, span) = name_of(name, "the detection's name", HELP)?;
        let id = match document.get("id") {
            Some(id) => Some(name_of(id, "the detection's id", HELP)?.0),
            None => None,
        };
        found.push(Found {
            name,
            span,
            id,
            labels: Vec::new(),
        });
    }
    Ok(found)
}
