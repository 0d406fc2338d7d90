//! `own rules` for people: one line per rule with the level in force, then the error codes;
//! or one rule or error code explained. JSON is `render::json::rules`'s.

use std::io::{self, Write};

use crate::codes::{self, ErrorCode};
use crate::rules::{LevelOrigin, Levels, RULES, Rule};

/// One code to explain.
#[derive(Clone, Copy)]
pub(crate) enum Explained {
    Rule(&'static Rule),
    Error(&'static ErrorCode),
}

/// `own rules`: every rule, or the one code explained.
pub(crate) fn human(
    selected: Option<Explained>,
    levels: &Levels,
    out: &mut dyn Write,
) -> io::Result<()> {
    match selected {
        None => list(levels, out),
        Some(Explained::Rule(rule)) => {
            writeln!(out, "{} (default: {})", rule.full_code(), rule.level)?;
            let (level, origin) = levels.in_force(rule.code);
            if origin != LevelOrigin::Default {
                writeln!(out, "in force here: {level} (set by {origin})")?;
            }
            writeln!(out, "\n{}\n", rule.summary)?;
            writeln!(out, "{}", rule.explanation)
        }
        Some(Explained::Error(error)) => {
            writeln!(
                out,
                "{} (error, exit code {})\n",
                error.full_code(),
                crate::EXIT_ERROR
            )?;
            writeln!(out, "{}\n", error.summary)?;
            writeln!(out, "{}\n", error.explanation)?;
            writeln!(out, "{}", codes::FATAL_NOTE)
        }
    }
}

/// One line per rule with the level in force (and the default beside it when they differ),
/// then the error codes.
fn list(levels: &Levels, out: &mut dyn Write) -> io::Result<()> {
    let width = RULES.iter().map(|r| r.full_code().len()).max().unwrap_or(0);
    for rule in RULES {
        let (level, origin) = levels.in_force(rule.code);
        let set = match origin {
            LevelOrigin::Default => String::new(),
            origin => format!("  [default {}; set by {origin}]", rule.level),
        };
        writeln!(
            out,
            "{:width$}  {:5}  {}{set}",
            rule.full_code(),
            level.as_str(),
            rule.summary
        )?;
    }
    writeln!(
        out,
        "\nErrors (evaluation stops, exit code 2; `own rules CODE` explains each):"
    )?;
    let mut line = String::new();
    for code in codes::ERRORS.iter().map(ErrorCode::full_code) {
        if !line.is_empty() && line.len() + code.len() + 2 > 92 {
            writeln!(out, "  {line},")?;
            line.clear();
        }
        if !line.is_empty() {
            line.push_str(", ");
        }
        line.push_str(&code);
    }
    writeln!(out, "  {line}")
}
