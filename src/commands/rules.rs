//! `own rules [CODE]`: list the rules with their levels, or explain one.

use std::io::Write;

use clap::ValueEnum;
use serde::Serialize;

use crate::cli::Env;
use crate::error::{Error, Result};
use crate::render::Output;
use crate::rules::{self, Level, RULES};

/// List the rules with their default levels, or explain one rule.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A rule code to explain, with or without the `own::` prefix.
    #[arg(value_name = "CODE")]
    pub(crate) code: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub(crate) format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

#[derive(Serialize)]
struct RuleJson {
    code: String,
    level: Level,
    summary: &'static str,
    explanation: &'static str,
}

pub(crate) fn run(_env: &Env, args: &Args, out: &mut Output) -> Result<u8> {
    let selected: Vec<_> = match &args.code {
        Some(code) => {
            let Some(rule) = rules::find(code) else {
                let help = match rules::suggest_code(code) {
                    Some(near) => format!("did you mean `{}{near}`?", rules::PREFIX),
                    None => "`own rules` lists every rule".to_owned(),
                };
                return Err(Error::Usage {
                    message: format!("unknown rule `{code}`"),
                    help: Some(help),
                });
            };
            vec![rule]
        }
        None => RULES.to_vec(),
    };
    let write = |out: &mut Output| -> std::io::Result<()> {
        match (args.format, &args.code) {
            (Format::Json, _) => {
                let list: Vec<_> = selected
                    .iter()
                    .map(|r| RuleJson {
                        code: r.full_code(),
                        level: r.level,
                        summary: r.summary,
                        explanation: r.explanation,
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &list)?;
                writeln!(out)
            }
            (Format::Human, Some(_)) => {
                let rule = selected[0];
                writeln!(out, "{} (default: {})\n", rule.full_code(), rule.level)?;
                writeln!(out, "{}\n", rule.summary)?;
                writeln!(out, "{}", rule.explanation)
            }
            (Format::Human, None) => {
                let width = selected
                    .iter()
                    .map(|r| r.full_code().len())
                    .max()
                    .unwrap_or(0);
                for rule in &selected {
                    writeln!(
                        out,
                        "{:width$}  {:5}  {}",
                        rule.full_code(),
                        rule.level.as_str(),
                        rule.summary
                    )?;
                }
                Ok(())
            }
        }
    };
    write(out).map_err(crate::render::write_error)?;
    Ok(crate::EXIT_OK)
}
