//! `own who QUERY`: who holds a duty, what a person or team holds, who covers today.

use clap::ValueEnum;

use crate::cli::Env;
use crate::error::Result;
use crate::load::Loaded;
use crate::query::{self, Query};
use crate::render::Output;
use crate::render::text::Look;
use crate::render::who::{self as render, Who};

/// Answer "who owns this?": a duty's roles, escalation chain and who covers today; every role
/// a person or team holds.
///
/// QUERY is a duty, person, team, path or alert name, tried in that order; prefix it with
/// `duty:`, `person:`, `team:`, `path:` or `alert:` to force the kind. Dates (handoffs,
/// absences, delegations) are judged as of `--at` or `--today`. Exits 1 when the name names
/// nothing, with the nearest names.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A duty, person, team, path or alert name (`team:soc` forces the kind).
    #[arg(value_name = "QUERY")]
    pub(crate) query: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub(crate) format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A compact card.
    Human,
    /// The JSON contract (version 1).
    Json,
    /// Markdown, for issues and pull requests.
    Markdown,
}

pub(crate) fn run(env: &Env, args: &Args, out: &mut Output) -> Result<u8> {
    let super::Session { loaded, .. } = super::load_org(env)?;
    let code = answer(env, args, &loaded, out);
    // The process ends next and the OS takes the memory back at once; freeing a
    // 50,000-duty organisation item by item would add about 70 ms to every answer.
    std::mem::forget(loaded);
    code
}

fn answer(env: &Env, args: &Args, loaded: &Loaded, out: &mut Output) -> Result<u8> {
    let started = std::time::Instant::now();
    let org = &loaded.org;
    let query = Query::parse(&args.query);
    let resolved = query::resolve(org, &query);
    env.trace(|| format!("looked up `{}` in {:.0?}", args.query, started.elapsed()));
    let found = match resolved {
        Ok(found) => found,
        Err(not_found) => {
            render::not_found(&not_found, args.format == Format::Json, out)
                .map_err(crate::render::write_error)?;
            return Ok(crate::EXIT_FINDINGS);
        }
    };
    let card = query::card(org, found.answer, env.today);
    env.trace(|| format!("answered in {:.0?}", started.elapsed()));
    let who = Who {
        org,
        sources: &loaded.sources,
        today: env.today,
        now: env.now,
        card: &card,
        also: &found.also,
    };
    match args.format {
        Format::Human => render::human(&who, &Look::stdout(out.color), out),
        Format::Json => render::json(&who, out),
        Format::Markdown => render::markdown(&who, out),
    }
    .map_err(crate::render::write_error)?;
    Ok(crate::EXIT_OK)
}
