//! Fatal errors, for people (miette, on stderr) or for scripts (JSON, on stdout).

use std::io::Write;

use serde::Serialize;

use super::Output;
use crate::error::Error;

#[derive(Serialize)]
struct ErrorJson<'a> {
    version: u32,
    error: ErrorBody<'a>,
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

/// Print a fatal error.
pub(crate) fn report(error: &Error, json: bool, color: bool, out: &mut Output) {
    if json {
        let at = error.location();
        let start = at.map(|a| a.start());
        let body = ErrorJson {
            version: 1,
            error: ErrorBody {
                code: error.code(),
                message: error.to_string(),
                help: error.help_text(),
                file: at.map(|a| a.file.name.as_str()),
                line: start.map(|s| s.line),
                column: start.map(|s| s.column),
            },
        };
        if let Ok(text) = serde_json::to_string_pretty(&body) {
            let _ = writeln!(out, "{text}");
        }
        return;
    }
    let _ = out.flush();
    let text = super::snippet::render(error, color);
    let _ = std::io::stderr().write_all(text.as_bytes());
}
