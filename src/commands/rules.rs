//! `own rules [CODE]`: list the rules with the levels in force here, or explain one rule or
//! error code.

use std::io::Write;

use clap::ValueEnum;
use serde::Serialize;

use crate::cli::Env;
use crate::codes::{self, ErrorCode};
use crate::error::{Error, Result};
use crate::render::Output;
use crate::rules::{self, Level, LevelFlag, LevelOrigin, Levels, RULES, Rule};

/// List the rules with their default levels and the levels in force (from `own.yaml` and
/// `-D`/`-W`/`-A`), or explain one rule or error code.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A rule or error code to explain, with or without the `own::` prefix.
    #[arg(value_name = "CODE")]
    pub(crate) code: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub(crate) format: Format,

    /// Show the level in force with this rule set to deny (repeatable), as `own check -D`.
    #[arg(short = 'D', long = "deny", value_name = "CODE")]
    pub(crate) deny: Vec<String>,

    /// Show the level in force with this rule set to warn (repeatable).
    #[arg(short = 'W', long = "warn", value_name = "CODE")]
    pub(crate) warn: Vec<String>,

    /// Show the level in force with this rule set to allow (repeatable).
    #[arg(short = 'A', long = "allow", value_name = "CODE")]
    pub(crate) allow: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

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

/// One code to explain.
enum Selected {
    Rule(&'static Rule),
    Error(&'static ErrorCode),
}

pub(crate) fn run(env: &Env, args: &Args, flags: &[LevelFlag], out: &mut Output) -> Result<u8> {
    let selected = match &args.code {
        Some(code) => Some(select(code)?),
        None => None,
    };
    let (levels, note) = levels_in_force(env, flags, selected.is_some())?;
    if let Some(note) = note {
        env.note(&note);
    }
    let write = |out: &mut Output| -> std::io::Result<()> {
        match (&selected, args.format) {
            (None, Format::Json) => {
                let list: Vec<_> = RULES.iter().map(|r| rule_json(r, &levels)).collect();
                serde_json::to_writer_pretty(&mut *out, &list)?;
                writeln!(out)
            }
            (None, Format::Human) => list(&levels, out),
            (Some(Selected::Rule(rule)), Format::Json) => {
                serde_json::to_writer_pretty(&mut *out, &[rule_json(rule, &levels)])?;
                writeln!(out)
            }
            (Some(Selected::Error(error)), Format::Json) => {
                let json = ErrorCodeJson {
                    code: error.full_code(),
                    level: "error",
                    exit_code: crate::EXIT_ERROR,
                    summary: error.summary,
                    explanation: error.explanation,
                };
                serde_json::to_writer_pretty(&mut *out, &[json])?;
                writeln!(out)
            }
            (Some(Selected::Rule(rule)), Format::Human) => {
                writeln!(out, "{} (default: {})", rule.full_code(), rule.level)?;
                let (level, origin) = levels.in_force(rule.code);
                if origin != LevelOrigin::Default {
                    writeln!(out, "in force here: {level} (set by {origin})")?;
                }
                writeln!(out, "\n{}\n", rule.summary)?;
                writeln!(out, "{}", rule.explanation)
            }
            (Some(Selected::Error(error)), Format::Human) => {
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
    };
    write(out).map_err(crate::render::write_error)?;
    Ok(crate::EXIT_OK)
}

fn select(code: &str) -> Result<Selected> {
    if let Some(rule) = rules::find(code) {
        return Ok(Selected::Rule(rule));
    }
    if let Some(error) = codes::find(code) {
        return Ok(Selected::Error(error));
    }
    let known = RULES
        .iter()
        .map(|r| r.code)
        .chain(codes::ERRORS.iter().map(|e| e.code));
    let bare = code.strip_prefix(rules::PREFIX).unwrap_or(code);
    let help = match crate::suggest::best(bare, known) {
        Some(near) => format!("did you mean `{}{near}`?", rules::PREFIX),
        None => "`own rules` lists every rule and error code".to_owned(),
    };
    Err(Error::Usage {
        message: format!("unknown rule or error code `{code}`"),
        help: Some(help),
    })
}

/// The levels in force: the defaults, `own.yaml`'s `rules:` when there is an organisation
/// here, then the flags. Explaining one code must work even where the organisation does not
/// load (that is when one looks up an error code), so there the defaults are used and a note
/// says why.
fn levels_in_force(
    env: &Env,
    flags: &[LevelFlag],
    explaining: bool,
) -> Result<(Levels, Option<String>)> {
    let defaults =
        |flags: &[LevelFlag]| Levels::new(&Default::default(), &Default::default(), flags);
    if env.root().is_err() {
        return Ok((defaults(flags)?, None));
    }
    match super::load_org(env) {
        Ok(session) => Ok((
            Levels::new(&session.loaded.org, &session.loaded.sources, flags)?,
            None,
        )),
        Err(error) if explaining => Ok((
            defaults(flags)?,
            Some(format!(
                "levels in own.yaml not applied: the organisation does not load ({})",
                error.code()
            )),
        )),
        Err(error) => Err(error),
    }
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

/// One line per rule with the level in force (and the default beside it when they differ),
/// then the error codes.
fn list(levels: &Levels, out: &mut Output) -> std::io::Result<()> {
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
