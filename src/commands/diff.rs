//! `own diff [BASE [HEAD]]`: what a change does to responsibility, for review.
//!
//! This module picks and loads the two states (commits read from git, or the working tree)
//! and evaluates the rules on both; `crate::diff` compares them and `render::diff` prints.

use std::path::PathBuf;

use clap::ValueEnum;
use git2::Oid;

use crate::cli::Env;
use crate::diff::{self, Snapshot};
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::load::{self, DiskTree, Loaded};
use crate::render::Output;
use crate::render::diff::{self as render, DiffReport, Side};
use crate::rules::{self, Context, Finding, Level, Levels};
use crate::source::Sources;

/// Show what a change does to responsibility: duties added, removed and renamed, role
/// changes, people and team membership, delegations and handoffs, and the findings it
/// introduces and fixes.
///
/// BASE defaults to the merge base of HEAD and the default branch (`origin/HEAD`, else
/// `main`, else `master`); HEAD defaults to the working tree. Exits 0 whatever changed,
/// unless `--fail-on-findings` is given.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The revision to compare from [default: the merge base with the default branch].
    #[arg(value_name = "BASE")]
    pub(crate) base: Option<String>,

    /// The revision to compare to [default: the working tree].
    #[arg(value_name = "HEAD")]
    pub(crate) head: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub(crate) format: Format,

    /// Exit 1 when the change introduces a deny-level finding.
    #[arg(long)]
    pub(crate) fail_on_findings: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Grouped sentences, coloured on a terminal.
    Human,
    /// A pull-request comment: a summary line, a table, collapsible details.
    Markdown,
    /// The JSON contract (version 1).
    Json,
}

/// One state of the organisation, loaded (or absent: no `own.yaml` there).
struct State {
    side: Side,
    loaded: Option<Loaded>,
}

pub(crate) fn run(env: &Env, args: &Args, out: &mut Output) -> Result<u8> {
    let repo = Repo::discover(&env.dir)?;
    let head_rev = args.head.as_deref().or(env.rev.as_deref());
    let head_commit = head_rev.map(|rev| repo.resolve(rev)).transpose()?;
    if head_commit.is_none() && repo.is_bare() {
        return Err(Error::GitBare { path: repo.top() });
    }
    let (base_commit, base_note) = match &args.base {
        Some(rev) => (repo.resolve(rev)?, None),
        None => {
            let head = match head_commit {
                Some(commit) => commit,
                None => repo.head()?,
            };
            let (branch, tip) = repo.default_branch()?;
            let base = repo.merge_base(head, tip, head_rev.unwrap_or("HEAD"), &branch)?;
            (base, Some(format!("merge base with {branch}")))
        }
    };
    let (root, prefix) = root(env, &repo, base_commit, head_commit)?;

    let started = std::time::Instant::now();
    let base = commit_state(&repo, base_commit, &prefix, base_note)?;
    let head = match head_commit {
        Some(commit) => commit_state(&repo, commit, &prefix, None)?,
        None => {
            let loaded = if root.join(load::MANIFEST).is_file() {
                Some(load::load(&DiskTree::new(&root)?)?)
            } else {
                None
            };
            State {
                side: Side {
                    id: "working tree".into(),
                    label: "the working tree".into(),
                },
                loaded,
            }
        }
    };
    if base.loaded.is_none() && head.loaded.is_none() {
        return Err(Error::NoManifest { start: root });
    }
    env.trace(|| format!("loaded both states in {:.0?}", started.elapsed()));

    let empty = Loaded {
        sources: Sources::default(),
        org: crate::model::Org::default(),
    };
    let base_loaded = base.loaded.as_ref().unwrap_or(&empty);
    let head_loaded = head.loaded.as_ref().unwrap_or(&empty);
    let started = std::time::Instant::now();
    let base_findings = findings(env, base.loaded.as_ref())?;
    let head_findings = findings(env, head.loaded.as_ref())?;
    let changes = diff::changes(
        &Snapshot::of(&base_loaded.org),
        &Snapshot::of(&head_loaded.org),
    );
    let risks = diff::risks(&base_loaded.org, &head_loaded.org, &changes);
    let paths = diff::path_moves(&base_loaded.org, &head_loaded.org);
    let introduced = diff::unmatched(&head_findings, &base_findings);
    let fixed = diff::unmatched(&base_findings, &head_findings);
    env.trace(|| format!("compared in {:.0?}", started.elapsed()));

    let report = DiffReport {
        base: base.side,
        head: head.side,
        changes: &changes,
        paths: &paths,
        risks: &risks,
        introduced: &introduced,
        fixed: &fixed,
        head_sources: &head_loaded.sources,
        base_sources: &base_loaded.sources,
    };
    match args.format {
        Format::Human => render::human(&report, env.quiet, out),
        Format::Markdown => render::markdown(&report, out),
        Format::Json => render::json(&report, out),
    }
    .map_err(crate::render::write_error)?;
    let fails = args.fail_on_findings && introduced.iter().any(|f| f.level == Level::Deny);
    Ok(if fails {
        crate::EXIT_FINDINGS
    } else {
        crate::EXIT_OK
    })
}

/// The ownership root: on disk when `own.yaml` is there, else where it is at HEAD or BASE.
fn root(env: &Env, repo: &Repo, base: Oid, head: Option<Oid>) -> Result<(PathBuf, String)> {
    if !repo.is_bare()
        && let Ok(root) = load::find_root(&env.dir)
        && let Some(prefix) = repo.prefix_of(&root)
    {
        return Ok((root, prefix));
    }
    let start = repo.prefix_of(&env.dir).unwrap_or_default();
    for commit in head.into_iter().chain([base]) {
        if let Some(prefix) = repo.find_root_at(commit, &start)? {
            return Ok((repo.top().join(&prefix), prefix));
        }
    }
    Err(Error::NoManifest {
        start: std::path::absolute(&env.dir).unwrap_or_else(|_| env.dir.clone()),
    })
}

fn commit_state(repo: &Repo, commit: Oid, prefix: &str, note: Option<String>) -> Result<State> {
    let short = repo.describe(commit)?.short;
    let loaded = super::load_commit(repo, commit, prefix, "")?;
    let label = match note {
        Some(note) => format!("{short} ({note})"),
        None => short,
    };
    Ok(State {
        side: Side {
            id: commit.to_string(),
            label,
        },
        loaded,
    })
}

/// The findings of one state at the evaluation date, with its own rule levels.
fn findings(env: &Env, loaded: Option<&Loaded>) -> Result<Vec<Finding>> {
    let Some(loaded) = loaded else {
        return Ok(Vec::new());
    };
    let levels = Levels::new(&loaded.org, &loaded.sources, &[])?;
    let ctx = Context {
        org: &loaded.org,
        sources: &loaded.sources,
        today: env.today,
        now: env.now,
    };
    Ok(rules::evaluate(&ctx, &levels))
}
