//! `own rules --format json`: an array of the rules (or of the one code explained), each with
//! its default level and the level in force here. The array is the contract since version
//! 1, so it has no envelope.

use std::io::{self, Write};

use serde::Serialize;

use crate::render::rules::Explained;
use crate::rules::{Level, Levels, RULES, Rule};

#[derive(Serialize)]
struct RuleJson {
    code: String,
    /// The default level (the field's meaning since the first version).
    level: Level,
    /// The level in force here: `own.yaml` and the flags applied.
    effective: Level,
    /// Where the level in force was set: `default`, `own.yaml:LINE:COL` or the flag.
    set_by: String,
    summary: &'static str,
    explanation: &'static str,
}

#[derive(Serialize)]
struct ErrorCodeJson {
    code: String,
    /// Always `error`: the code stops evaluation.
    level: &'static str,
    exit_code: u8,
    summary: &'static str,
    explanation: &'static str,
}

fn rule_json(rule: &Rule, levels: &Levels) -> RuleJson {
    let (effective, origin) = levels.in_force(rule.code);
    RuleJson {
        code: rule.full_code(),
        level: rule.level,
        effective,
        set_by: origin.to_string(),
        summary: rule.summary,
        explanation: rule.explanation,
    }
}

/// The rules, or the one code explained, as an array.
pub(crate) fn json(
    selected: Option<Explained>,
    levels: &Levels,
    out: &mut dyn Write,
) -> io::Result<()> {
    match selected {
        None => {
            let list: Vec<_> = RULES.iter().map(|r| rule_json(r, levels)).collect();
            serde_json::to_writer_pretty(&mut *out, &list)?;
        }
        Some(Explained::Rule(rule)) => {
            serde_json::to_writer_pretty(&mut *out, &[rule_json(rule, levels)])?;
        }
        Some(Explained::Error(error)) => {
            let json = ErrorCodeJson {
                code: error.full_code(),
                level: "error",
                exit_code: crate::EXIT_ERROR,
                summary: error.summary,
                explanation: error.explanation,
            };
            serde_json::to_writer_pretty(&mut *out, &[json])?;
        }
    }
    writeln!(out)
}
