//! `own rules [CODE]`: list the rules with the levels in force here, or explain one rule or
//! error code.

use clap::ValueEnum;

use crate::cli::Env;
use crate::codes;
use crate::error::{Error, Result};
use crate::render::Output;
use crate::render::rules::{self as render, Explained};
use crate::rules::{self, LevelFlag, Levels, RULES};

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

pub(crate) fn run(env: &Env, args: &Args, flags: &[LevelFlag], out: &mut Output) -> Result<u8> {
    let selected = match &args.code {
        Some(code) => Some(select(code)?),
        None => None,
    };
    let (levels, note) = levels_in_force(env, flags, selected.is_some())?;
    if let Some(note) = note {
        env.note(&note);
    }
    let asked = args.code.as_deref().and_then(crate::codes::renamed_note);
    for note in levels.renamed().iter().chain(&asked) {
        env.note(note);
    }
    let result = match args.format {
        Format::Human => render::human(selected, &levels, out),
        Format::Json => crate::render::json::rules::json(selected, &levels, out),
    };
    result.map_err(crate::render::write_error)?;
    Ok(crate::EXIT_OK)
}

fn select(code: &str) -> Result<Explained> {
    if let Some(rule) = rules::find(code) {
        return Ok(Explained::Rule(rule));
    }
    if let Some(error) = codes::find(code) {
        return Ok(Explained::Error(error));
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
