//! `own check --format json`: the findings, each at its file, line and column, and the
//! summary. A finding is written the same way in `own diff`.

use std::io::{self, Write};

use serde::Serialize;

use crate::render::check::{CheckReport, NewSince, Summary, place};
use crate::rules::{Finding, Level};
use crate::source::Sources;

#[derive(Serialize)]
struct JsonReport<'a> {
    root: &'a str,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    new_since: Option<NewSince<'a>>,
}

/// A finding as the JSON contract shows it (also in `own diff --format json`).
#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    code: String,
    level: Level,
    message: &'a str,
    help: Option<&'a str>,
    target: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
pub(crate) struct JsonRelated<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

pub(crate) fn json(report: &CheckReport<'_>, out: &mut dyn Write) -> io::Result<()> {
    let findings = report
        .findings
        .iter()
        .map(|f| json_finding(f, report.sources))
        .collect();
    let body = JsonReport {
        root: report.root,
        findings,
        summary: report.summary,
        new_since: report.new_since,
    };
    super::write(out, None, body)
}

pub(crate) fn json_finding<'a>(f: &'a Finding, sources: &'a Sources) -> JsonFinding<'a> {
    let p = f.primary.as_ref().map(|l| place(sources, l));
    JsonFinding {
        code: f.full_code(),
        level: f.level,
        message: &f.message,
        help: f.help.as_deref(),
        target: &f.target,
        file: p.as_ref().map(|p| p.file).or(f.file.as_deref()),
        line: p.as_ref().map(|p| p.start.line),
        column: p.as_ref().map(|p| p.start.column),
        end_line: p.as_ref().map(|p| p.end.line),
        end_column: p.as_ref().map(|p| p.end.column),
        related: f
            .related
            .iter()
            .map(|l| {
                let p = place(sources, l);
                JsonRelated {
                    file: p.file,
                    line: p.start.line,
                    column: p.start.column,
                    message: &l.text,
                }
            })
            .collect(),
    }
}
