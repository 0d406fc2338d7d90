//! Sigma detection rules (the SigmaHQ rule format), one rule per YAML document: named by
//! `title`, identified by `id`. In a rule collection, a document with `action: global` or
//! `action: reset` only sets fields for the documents after it; `action: repeat` is a rule
//! of its own, inheriting the title when it gives none. Correlation and filter rules are
//! rules too.

use super::{Found, ShapeError, name_of};
use crate::source::Span;
use crate::yaml::Node;

const HELP: &str = "a Sigma rule is a YAML document with a `title` (and an `id`); a collection separates rules with `---`";

pub(crate) fn read(documents: &[Node]) -> Result<Vec<Found>, ShapeError> {
    let mut rules = Vec::new();
    // The last title and id a rule of the collection gave, for `action: repeat`.
    let mut previous: Option<(String, Span, Option<String>)> = None;
    for document in documents.iter().filter(|d| !d.is_null()) {
        if document.entries().is_none() {
            return Err(ShapeError {
                message: format!(
                    "expected a Sigma rule (a mapping), found {}",
                    document.describe()
                ),
                help: HELP,
                span: document.span,
            });
        }
        let action = document.get("action").and_then(Node::text);
        if matches!(action, Some("global" | "reset")) {
            continue;
        }
        let id = match document.get("id") {
            Some(id) => Some(name_of(id, "the rule's id", HELP)?.0),
            None => None,
        };
        let (name, span) = match (document.get("title"), action, &previous) {
            (Some(title), _, _) => name_of(title, "the rule's title", HELP)?,
            (None, Some("repeat"), Some((name, span, _))) => (name.clone(), *span),
            (None, _, _) => {
                return Err(ShapeError {
                    message: "expected the rule's `title`".into(),
                    help: HELP,
                    span: document.span,
                });
            }
        };
        previous = Some((name.clone(), span, id.clone()));
        rules.push(Found {
            name,
            span,
            id,
            labels: Vec::new(),
        });
    }
    Ok(rules)
}
