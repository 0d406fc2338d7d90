//! `own diff --format json`: the changes, path moves, findings introduced and fixed, and
//! risks, each risk with the sentence the other formats show.

use std::io::{self, Write};

use serde::Serialize;

use super::check::{JsonFinding, json_finding};
use crate::diff::{Change, PathMoves, Risk};
use crate::render::diff::{DiffReport, risk_sentence};

#[derive(Serialize)]
struct DiffJson<'a> {
    base: &'a str,
    head: &'a str,
    changes: &'a [Change],
    paths: &'a PathMoves,
    findings: FindingsJson<'a>,
    risks: Vec<RiskJson<'a>>,
}

#[derive(Serialize)]
struct FindingsJson<'a> {
    introduced: Vec<JsonFinding<'a>>,
    fixed: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct RiskJson<'a> {
    #[serde(flatten)]
    risk: &'a Risk,
    message: String,
}

pub(crate) fn json(report: &DiffReport<'_>, out: &mut dyn Write) -> io::Result<()> {
    let body = DiffJson {
        base: &report.base.id,
        head: &report.head.id,
        changes: report.changes,
        paths: report.paths,
        findings: FindingsJson {
            introduced: report
                .introduced
                .iter()
                .map(|f| json_finding(f, report.head_sources))
                .collect(),
            fixed: report
                .fixed
                .iter()
                .map(|f| json_finding(f, report.base_sources))
                .collect(),
        },
        risks: report
            .risks
            .iter()
            .map(|risk| RiskJson {
                risk,
                message: risk_sentence(risk),
            })
            .collect(),
    };
    super::write(out, None, body)
}
