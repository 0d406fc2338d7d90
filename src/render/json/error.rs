//! A fatal error as JSON: the first error (the contract since version 1) and every error of
//! the run.

use std::io::Write;

use serde::Serialize;

use crate::error::Error;

#[derive(Serialize)]
struct ErrorJson<'a> {
    /// The first error (the contract since version 1).
    error: ErrorBody<'a>,
    /// Every error of the run, the first included.
    errors: Vec<ErrorBody<'a>>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
}

fn body(error: &Error) -> ErrorBody<'_> {
    let at = error.location();
    let start = at.map(|a| a.start());
    ErrorBody {
        code: error.code(),
        message: error.to_string(),
        help: error.help_text(),
        file: at.map(|a| a.file.name.as_str()),
        line: start.map(|s| s.line),
        column: start.map(|s| s.column),
    }
}

pub(crate) fn json(error: &Error, out: &mut dyn Write) -> std::io::Result<()> {
    let body = ErrorJson {
        error: body(error),
        errors: error.all().into_iter().map(body).collect(),
    };
    super::write(out, None, body)
}
