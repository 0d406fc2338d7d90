//! `own diff [BASE [HEAD]]`: what a change does to responsibility, for review.
//!
//! This module picks and loads the two states (commits read from git, or the working tree)
//! and evaluates the rules on both; `crate::diff` compares them and `render::diff` prints.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::git::Oid;
use clap::ValueEnum;

use crate::cli::Env;
use crate::diff::{self, Snapshot};
use crate::error::{Error, Result};
use crate::evaluation::Evaluation;
use crate::load::{self, DiskTree, Loaded, SharedFiles};
use crate::render::Output;
use crate::render::diff::{self as render, DiffReport, Side};
use crate::rules::{Finding, Level};
use crate::source::{FileId, Sources};
use crate::workspace::Workspace;

/// Show what a change does to responsibility, for review.
///
/// Duties added, removed and renamed, role changes, people and team membership, delegations
/// and handoffs, the findings the change introduces and fixes, and the risks to look at
/// twice. BASE defaults to the merge base of HEAD and the default branch (`origin/HEAD`, else
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
    evaluation: Option<Evaluation>,
}

pub(crate) fn run(env: &Env, args: &Args, out: &mut Output) -> Result<u8> {
    let workspace = Workspace::new(&env.dir);
    let repo = workspace.repo()?;
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
    // The root: on disk when `own.yaml` is there, else where it is at HEAD or BASE.
    let commits: Vec<Oid> = head_commit.into_iter().chain([base_commit]).collect();
    let Some(located) = workspace.root_at(&commits)? else {
        return Err(Error::NoManifest {
            start: std::path::absolute(&env.dir).unwrap_or_else(|_| env.dir.clone()),
        });
    };
    let root = located.0.clone();

    let started = std::time::Instant::now();
    // The second load reuses the files the first parsed, when their text is the same.
    let mut shared = SharedFiles::default();
    let base = commit_state(
        env,
        &workspace,
        &located,
        base_commit,
        base_note,
        &mut shared,
    )?;
    let head = match head_commit {
        Some(commit) => commit_state(env, &workspace, &located, commit, None, &mut shared)?,
        None => {
            let evaluation = if root.join(load::MANIFEST).is_file() {
                let tree = DiskTree::new(&root)?;
                let loaded = load::load_sharing(&tree, Some(&mut shared))?;
                Some(Evaluation::new(loaded, &tree, env.when(), &env.tracer())?)
            } else {
                None
            };
            State {
                side: Side {
                    id: "working tree".into(),
                    label: "the working tree".into(),
                },
                evaluation,
            }
        }
    };
    if base.evaluation.is_none() && head.evaluation.is_none() {
        return Err(Error::NoManifest { start: root });
    }
    env.trace(|| format!("loaded both states in {:.0?}", started.elapsed()));

    let empty = Loaded {
        sources: Sources::default(),
        org: crate::model::Org::default(),
    };
    let base_loaded = base.evaluation.as_ref().map_or(&empty, |e| &e.loaded);
    let head_loaded = head.evaluation.as_ref().map_or(&empty, |e| &e.loaded);
    let started = std::time::Instant::now();
    // The two evaluations are independent: run them side by side.
    let (base_findings, head_findings) = std::thread::scope(|scope| {
        let base = scope.spawn(|| findings(base.evaluation.as_ref()));
        let head = findings(head.evaluation.as_ref());
        let base = base
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (base, head)
    });
    let (base_findings, head_findings) = (base_findings?, head_findings?);
    env.trace(|| format!("ran the rules on both in {:.0?}", started.elapsed()));
    let started = std::time::Instant::now();
    let base_changed = changed_files(&base_loaded.sources, &head_loaded.sources);
    let head_changed = changed_files(&head_loaded.sources, &base_loaded.sources);
    let changes = diff::changes(
        &Snapshot::of_files(&base_loaded.org, &|file| base_changed.contains(&file)),
        &Snapshot::of_files(&head_loaded.org, &|file| head_changed.contains(&file)),
    );
    env.trace(|| format!("compared in {:.0?}", started.elapsed()));
    let started = std::time::Instant::now();
    let risks = diff::risks(&base_loaded.org, &head_loaded.org, &changes);
    let paths = diff::path_moves(paths_of(&base), paths_of(&head));
    let introduced = crate::rules::unmatched(&head_findings, &base_findings);
    let fixed = crate::rules::unmatched(&base_findings, &head_findings);
    env.trace(|| format!("judged risks and findings in {:.0?}", started.elapsed()));

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
        Format::Json => crate::render::json::diff::json(&report, out),
    }
    .map_err(crate::render::write_error)?;
    let fails = args.fail_on_findings && introduced.iter().any(|f| f.level == Level::Deny);
    Ok(if fails {
        crate::EXIT_FINDINGS
    } else {
        crate::EXIT_OK
    })
}

/// A state's organisation and file ownership, when it uses paths.
fn paths_of(state: &State) -> Option<(&crate::model::Org, &crate::paths::PathCoverage)> {
    let evaluation = state.evaluation.as_ref()?;
    let paths = evaluation.coverage.paths.as_ref()?;
    Some((&evaluation.loaded.org, paths))
}

/// The files of one side whose text differs from the other side's file of the same name:
/// only their content can differ. All of them when `own.yaml` differs, since the scheme may
/// read every file differently.
fn changed_files(sources: &Sources, other: &Sources) -> HashSet<FileId> {
    let texts: HashMap<&str, &str> = other
        .iter()
        .map(|(_, f)| (f.name.as_str(), f.text.as_str()))
        .collect();
    let same = |name: &str, text: &str| texts.get(name).is_some_and(|t| *t == text);
    let manifest_same = sources
        .iter()
        .find(|(_, f)| f.name == load::MANIFEST)
        .is_some_and(|(_, f)| same(&f.name, &f.text));
    sources
        .iter()
        .filter(|(_, f)| !manifest_same || !same(&f.name, &f.text))
        .map(|(id, _)| id)
        .collect()
}

fn commit_state(
    env: &Env,
    workspace: &Workspace,
    located: &(PathBuf, String),
    commit: Oid,
    note: Option<String>,
    shared: &mut SharedFiles,
) -> Result<State> {
    let short = workspace.repo()?.describe(commit)?.short;
    // Files are named by their path alone: the sides of a diff are named already.
    let evaluation = match workspace.at_commit(located, commit, "")? {
        Some(state) => {
            let loaded = load::load_sharing(state.tree(), Some(shared))?;
            Some(Evaluation::new(
                loaded,
                state.tree(),
                env.when(),
                &env.tracer(),
            )?)
        }
        None => None,
    };
    let label = match note {
        Some(note) => format!("{short} ({note})"),
        None => short,
    };
    Ok(State {
        side: Side {
            id: commit.to_string(),
            label,
        },
        evaluation,
    })
}

/// The findings of one state at the evaluation date, with its own rule levels.
fn findings(evaluation: Option<&Evaluation>) -> Result<Vec<Finding>> {
    let Some(evaluation) = evaluation else {
        return Ok(Vec::new());
    };
    let levels = evaluation.levels(&[])?;
    Ok(evaluation.findings(&levels))
}
