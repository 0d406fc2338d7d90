//! Fatal errors, for people (miette, on stderr) or for machines (JSON, SARIF, GitHub workflow
//! commands or one short line, on stdout), so that a CI job reading a machine format sees the
//! failure where it looks for findings.

use std::io::Write;

use serde_json::json;

use super::Output;
use super::check::{escape_data, escape_property};
use super::text::one_line;
use crate::error::Error;

/// How a fatal error is shown: the format the command was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorFormat {
    /// A diagnostic with a snippet on stderr.
    Human,
    /// The JSON error contract on stdout.
    Json,
    /// `file:line:col: error[code] message` on stdout.
    Short,
    /// A SARIF 2.1.0 log of a failed run on stdout (and the diagnostic on stderr).
    Sarif,
    /// An `::error` workflow command on stdout (and the diagnostic on stderr).
    Github,
}

/// Print a fatal error. `repo_prefix` is the ownership root's folder in its repository
/// (`""` at the top), for the paths that SARIF and GitHub annotations give from the top.
pub(crate) fn report(
    error: &Error,
    format: ErrorFormat,
    repo_prefix: &str,
    color: bool,
    out: &mut Output,
) {
    let _ = write_stdout(error, format, repo_prefix, out).and_then(|()| out.flush());
    if matches!(
        format,
        ErrorFormat::Human | ErrorFormat::Sarif | ErrorFormat::Github
    ) {
        let mut stderr = std::io::stderr().lock();
        let all = error.all();
        for each in &all {
            let text = super::snippet::render(*each, color);
            let _ = stderr.write_all(text.as_bytes());
        }
        if all.len() > 1 {
            let _ = writeln!(
                stderr,
                "✗ {} errors: the files could not be evaluated, so no rule ran",
                all.len()
            );
        }
    }
}

/// The part of a fatal error's report that goes to stdout (nothing for [`ErrorFormat::Human`]).
pub(crate) fn write_stdout(
    error: &Error,
    format: ErrorFormat,
    repo_prefix: &str,
    out: &mut Output,
) -> std::io::Result<()> {
    match format {
        ErrorFormat::Human => Ok(()),
        ErrorFormat::Json => super::json::error::json(error, out),
        ErrorFormat::Short => short(error, out),
        ErrorFormat::Sarif => sarif(error, repo_prefix, out),
        ErrorFormat::Github => github(error, repo_prefix, out),
    }
}

fn short(error: &Error, out: &mut Output) -> std::io::Result<()> {
    error
        .all()
        .into_iter()
        .try_for_each(|each| short_one(each, out))
}

fn short_one(error: &Error, out: &mut Output) -> std::io::Result<()> {
    let message = one_line(&error.to_string());
    match error.location() {
        Some(at) => {
            let start = at.start();
            writeln!(
                out,
                "{}:{}:{}: error[{}] {message}",
                one_line(&at.file.name),
                start.line,
                start.column,
                error.code(),
            )
        }
        None => writeln!(out, "own: error[{}] {message}", error.code()),
    }
}

/// The message with its help, as annotations and SARIF results show it.
fn message_with_help(error: &Error) -> String {
    match error.help_text() {
        Some(help) => format!("{error}\nhelp: {help}"),
        None => error.to_string(),
    }
}

fn repo_path(repo_prefix: &str, file: &str) -> String {
    if repo_prefix.is_empty() {
        file.to_owned()
    } else {
        format!("{repo_prefix}/{file}")
    }
}

fn github(error: &Error, repo_prefix: &str, out: &mut Output) -> std::io::Result<()> {
    error
        .all()
        .into_iter()
        .try_for_each(|each| github_one(each, repo_prefix, out))
}

fn github_one(error: &Error, repo_prefix: &str, out: &mut Output) -> std::io::Result<()> {
    let mut props = Vec::new();
    if let Some(at) = error.location() {
        let (start, end) = (at.start(), at.file.line_col(at.span.end));
        props.push(format!(
            "file={}",
            escape_property(&repo_path(repo_prefix, &at.file.name))
        ));
        props.push(format!("line={}", start.line));
        props.push(format!("col={}", start.column));
        props.push(format!("endLine={}", end.line));
        props.push(format!("endColumn={}", end.column));
    }
    props.push(format!("title={}", escape_property(error.code())));
    writeln!(
        out,
        "::error {}::{}",
        props.join(","),
        escape_data(&message_with_help(error))
    )
}

/// A SARIF log of a run that did not complete: the invocation says so and carries each
/// error as a notification, and each error is also a result, so code scanning shows them on
/// the pull request instead of rejecting an empty upload.
fn sarif(error: &Error, repo_prefix: &str, out: &mut Output) -> std::io::Result<()> {
    let all = error.all();
    let mut codes: Vec<&str> = Vec::new();
    for each in &all {
        if !codes.contains(&each.code()) {
            codes.push(each.code());
        }
    }
    let rules: Vec<_> = codes
        .iter()
        .map(|code| {
            let summary = crate::codes::find(code)
                .map_or("the ownership files cannot be evaluated", |c| c.summary);
            json!({
                "id": code,
                "name": code.strip_prefix("own::").unwrap_or(code),
                "shortDescription": { "text": summary },
                "help": { "text": format!("run `own rules {code}` for details") },
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    let mut notifications = Vec::new();
    let mut results = Vec::new();
    for each in &all {
        let code = each.code();
        let text = message_with_help(each);
        let locations = sarif_locations(each, repo_prefix);
        notifications.push(json!({
            "level": "error",
            "descriptor": { "id": code },
            "message": { "text": text },
            "locations": locations,
        }));
        results.push(json!({
            "ruleId": code,
            "ruleIndex": codes.iter().position(|c| *c == code).unwrap_or(0),
            "level": "error",
            "message": { "text": text },
            "locations": locations,
        }));
    }
    let body = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": super::check::sarif_tool(rules),
            "invocations": [{
                "executionSuccessful": false,
                "exitCode": crate::EXIT_ERROR,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &body)?;
    writeln!(out)
}

fn sarif_locations(error: &Error, repo_prefix: &str) -> Vec<serde_json::Value> {
    error
        .location()
        .map(|at| {
            let (start, end) = (at.start(), at.file.line_col(at.span.end));
            json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": super::text::uri_path(&repo_path(repo_prefix, &at.file.name)) },
                    "region": {
                        "startLine": start.line,
                        "startColumn": start.column,
                        "endLine": end.line,
                        "endColumn": end.column,
                    }
                },
                "message": { "text": at.label },
            })
        })
        .into_iter()
        .collect()
}
