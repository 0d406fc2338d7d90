//! `own log [QUERY]`: the ownership history of a duty, person, team or path, from git.
//!
//! This module finds the repository, the root and the starting commit; `crate::history`
//! walks the commits and `render::log` prints the entries.

use clap::ValueEnum;

use crate::cli::Env;
use crate::error::Result;
use crate::history::{History, Query};
use crate::render::Output;
use crate::render::log as render;
use crate::workspace::Workspace;

/// Show the ownership history: the commits that changed it, newest first.
///
/// Each commit with its id, date, author, subject and what it changed. With QUERY, only the
/// commits that changed that duty, person or team (`duty:ID`, `person:ID` or `team:ID` to say
/// which); a renamed duty is followed to its older names. A path (`path:FILE`, or any query
/// with a `/`) shows the commits that changed which duty owns it, or that duty's roles.
/// Commits that touch no ownership file are skipped without reading anything.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A duty, person or team id (optionally `duty:`, `person:` or `team:` first), or a path
    /// (`path:FILE`, or anything with a `/`).
    #[arg(value_name = "QUERY")]
    pub(crate) query: Option<String>,

    /// Show at most this many commits.
    #[arg(short = 'n', long, value_name = "N")]
    pub(crate) max_count: Option<usize>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub(crate) format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// One paragraph per commit.
    Human,
    /// A JSON object with the entries (version 1).
    Json,
}

pub(crate) fn run(env: &Env, args: &Args, out: &mut Output) -> Result<u8> {
    let workspace = Workspace::new(&env.dir);
    let repo = workspace.repo()?;
    let (start, label) = match workspace.revision(env.rev.as_deref(), env.history_at)? {
        Some(named) => named,
        None => (repo.head()?, "HEAD".to_owned()),
    };
    let (root, prefix) = workspace.require_root(start, &label)?;
    let path = args
        .query
        .as_deref()
        .and_then(|q| match q.strip_prefix("path:") {
            Some(path) => Some(path),
            None => q.contains('/').then_some(q),
        });
    let mut history = History::new(repo, &prefix)?;
    let started = std::time::Instant::now();
    let (entries, suggestions) = match path {
        Some(path) => {
            let place = crate::query::path::Place::current(root);
            let Some(target) = place.locate(path) else {
                return Err(crate::error::Error::usage(format!(
                    "`{path}` is outside the ownership root `{}`",
                    place.root().display()
                )));
            };
            let shown = place.repo_path(&target);
            let entries = history.path_log(start, &target.rel, &shown, args.max_count)?;
            (entries, Vec::new())
        }
        None => {
            let query = args.query.as_deref().map(Query::parse);
            let entries = history.log(start, query.as_ref(), args.max_count)?;
            let suggestions = match &query {
                Some(query) if entries.is_empty() => near_ids(&mut history, start, query)?,
                _ => Vec::new(),
            };
            (entries, suggestions)
        }
    };
    env.trace(|| format!("walked the history in {:.0?}", started.elapsed()));
    let report = render::LogReport {
        query: args.query.as_deref(),
        entries: &entries,
        suggestions: &suggestions,
    };
    match args.format {
        Format::Human => render::human(&report, out),
        Format::Json => crate::render::json::log::json(&report, out),
    }
    .map_err(crate::render::write_error)?;
    Ok(crate::EXIT_OK)
}

/// Nothing found for an id: the ids near it that exist at the start (none if it exists).
fn near_ids(
    history: &mut History<'_>,
    start: crate::git::Oid,
    query: &Query,
) -> Result<Vec<String>> {
    let snapshot = history.snapshot_at(start)?;
    let ids: Vec<&str> = snapshot
        .duties
        .keys()
        .chain(snapshot.people.keys())
        .chain(snapshot.teams.keys())
        .map(String::as_str)
        .collect();
    if ids.contains(&query.id()) {
        return Ok(Vec::new());
    }
    Ok(crate::suggest::nearest(query.id(), ids, 3)
        .into_iter()
        .map(str::to_owned)
        .collect())
}
