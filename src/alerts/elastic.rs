//! Elastic detection rules as the elastic/detection-rules repository keeps them: one TOML
//! file per rule, whose `[rule]` table has the `name` and the `rule_id`. Read with the
//! `toml` crate, which keeps each value's place.

use serde::Deserialize;
use toml::Spanned;

use super::{Found, ShapeError};
use crate::source::Span;

const HELP: &str =
    "an Elastic detection rule is a TOML file with a `[rule]` table holding `name` and `rule_id`";

#[derive(Deserialize)]
struct File {
    rule: Option<Spanned<Rule>>,
}

#[derive(Deserialize)]
struct Rule {
    name: Option<Spanned<String>>,
    rule_id: Option<Spanned<String>>,
}

fn span_of(range: std::ops::Range<usize>) -> Span {
    Span::new(range.start, range.end)
}

pub(crate) fn read(text: &str) -> Result<Vec<Found>, ShapeError> {
    let file: File = toml::from_str(text).map_err(|e| ShapeError {
        message: format!("not a TOML rule file: {}", e.message()),
        help: HELP,
        span: e.span().map_or(Span::default(), span_of),
    })?;
    let rule = file.rule.ok_or_else(|| ShapeError {
        message: "expected a `[rule]` table".into(),
        help: HELP,
        span: Span::default(),
    })?;
    let rule_span = span_of(rule.span());
    let rule = rule.into_inner();
    let name = rule.name.ok_or_else(|| ShapeError {
        message: "expected the rule's `name` in `[rule]`".into(),
        help: HELP,
        span: rule_span,
    })?;
    let span = span_of(name.span());
    Ok(vec![Found {
        name: name.into_inner(),
        span,
        id: rule.rule_id.map(Spanned::into_inner),
        labels: Vec::new(),
    }])
}
