//! `own who QUERY`: who holds a duty, what a person or team holds, who covers today.

use clap::ValueEnum;

use crate::alerts::AlertCoverage;
use crate::cli::Env;
use crate::error::Result;
use crate::load::{Loaded, Tree};
use crate::model::Org;
use crate::query::alert::AlertNames;
use crate::query::path::Place;
use crate::query::{self, Lookup, Query};
use crate::render::Output;
use crate::render::text::Look;
use crate::render::who::{self as render, Who};
use crate::source::Sources;

/// Answer "who owns this?": a duty's roles, escalation chain and who covers today; every role
/// a person or team holds; the duty owning a file or an alert, and why.
///
/// QUERY is a duty, person, team, path or alert name, tried in that order; prefix it with
/// `duty:`, `person:`, `team:`, `path:` or `alert:` to force the kind. An unprefixed QUERY is
/// a path when it holds a `/` or a `.`, exists, or a duty's path pattern matches it; paths
/// are read from the current folder (after -C), or as repository paths. Dates (handoffs,
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
    let super::Session {
        workspace,
        state,
        mut loaded,
    } = super::load_org(env)?;
    super::note_left_out(env, &loaded.org);
    let code = answer(env, args, (&workspace, &state), &mut loaded, out);
    // The process ends next and the OS takes the memory back at once; freeing a
    // 50,000-duty organisation item by item would add about 70 ms to every answer.
    std::mem::forget(loaded);
    code
}

/// The alert names of the `coverage.alerts` sources, read from the tree on first use (a
/// query for a duty, person or path never lists the files under the root).
struct SourceAlerts<'s> {
    org: &'s Org,
    tree: &'s dyn Tree,
    sources: &'s mut Sources,
    read: Option<AlertCoverage>,
}

impl AlertNames for SourceAlerts<'_> {
    fn coverage(&mut self) -> Result<&AlertCoverage> {
        let coverage = match self.read.take() {
            Some(coverage) => coverage,
            None => {
                let max = self.org.manifest.limits.max_file_size();
                AlertCoverage::build(self.org, self.tree, self.sources, max)?
            }
        };
        Ok(self.read.insert(coverage))
    }
}

fn answer(
    env: &Env,
    args: &Args,
    (workspace, state): (&crate::workspace::Workspace, &crate::workspace::OrgState),
    loaded: &mut Loaded,
    out: &mut Output,
) -> Result<u8> {
    let started = std::time::Instant::now();
    let Loaded { org, sources } = loaded;
    let org: &Org = org;
    let query = Query::parse(&args.query);
    let tree = state.tree();
    let place = Place::current(state.root.clone());
    let mut alerts = SourceAlerts {
        org,
        tree,
        sources,
        read: None,
    };
    let resolved = query::resolve(
        &mut Lookup {
            org,
            place: &place,
            alerts: &mut alerts,
        },
        &query,
    )?;
    // The alert sources are part of what the answer was read from when the query read them.
    let alerts_read = alerts.read.is_some();
    let sources: &Sources = alerts.sources;
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
    let stamp = (args.format != Format::Human)
        .then(|| super::stamp(env, workspace, state, (org, sources), alerts_read));
    env.trace(|| format!("answered in {:.0?}", started.elapsed()));
    let who = Who {
        org,
        sources,
        today: env.today,
        now: env.now,
        card: &card,
        also: &found.also,
        stamp: stamp.as_ref(),
    };
    match args.format {
        Format::Human => render::human(&who, &Look::stdout(out.color), out),
        Format::Json => render::json(&who, out),
        Format::Markdown => render::markdown(&who, out),
    }
    .map_err(crate::render::write_error)?;
    Ok(crate::EXIT_OK)
}
