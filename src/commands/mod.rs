//! One module per subcommand: its arguments (whose doc comments are the help text) and the
//! function that runs it.

pub(crate) mod check;
pub(crate) mod codeowners;
pub(crate) mod completions;
pub(crate) mod diff;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod log;
pub(crate) mod man;
pub(crate) mod report;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod who;

use crate::alerts::AlertCoverage;
use crate::cli::Env;
use crate::error::Result;
use crate::load::{self, Loaded, Tree};
use crate::paths::PathCoverage;
use crate::workspace::{OrgState, Stamp, Workspace};

/// An organisation loaded for a command, and the state it was loaded from (whose files
/// coverage reads, from the same place as the organisation).
pub(crate) struct Session {
    pub(crate) workspace: Workspace,
    pub(crate) state: OrgState,
    pub(crate) loaded: Loaded,
}

/// What the content of a state was read from, for the header of a report or an answer
/// ([`OrgState::stamp`]): `read` is the organisation and the files it was loaded from, and
/// with `alerts_read` the alert sources count among them.
pub(crate) fn stamp(
    env: &Env,
    workspace: &Workspace,
    state: &OrgState,
    (org, sources): (&crate::model::Org, &crate::source::Sources),
    alerts_read: bool,
) -> Stamp {
    let trace = |message: String| env.trace(|| message);
    let Some(manifest) = org.manifest_file.map(|f| sources.get(f)) else {
        return state.stamp(workspace, &[], &[], &|_| false, &trace);
    };
    let include = match load::include_set(&org.manifest, manifest) {
        Ok(include) => include,
        Err(e) => {
            env.trace(|| format!("cannot compare the files with the commit: {e}"));
            return Stamp {
                dirty: true,
                ..state.stamp(workspace, &[], &[], &|_| false, &trace)
            };
        }
    };
    let mut scopes = load::include_scopes(&org.manifest);
    scopes.push(load::Scope::of_glob(load::MANIFEST));
    let alerts = alerts_read
        .then(|| crate::alerts::source_files(org))
        .flatten();
    if let Some((_, alert_scopes)) = &alerts {
        scopes.extend(alert_scopes.iter().cloned());
    }
    let wanted = |path: &str| {
        path == load::MANIFEST
            || include.as_ref().is_some_and(|set| set.is_match(path))
            || alerts.as_ref().is_some_and(|(set, _)| set.is_match(path))
    };
    let read: Vec<&str> = sources.iter().map(|(_, file)| file.name.as_str()).collect();
    state.stamp(workspace, &read, &scopes, &wanted, &trace)
}

/// What must be owned besides duties: files and alert types.
pub(crate) struct Coverage {
    pub(crate) paths: Option<PathCoverage>,
    pub(crate) alerts: AlertCoverage,
}

/// Run the rules on a loaded organisation at the run's date, with its coverage (none:
/// the coverage rules find nothing).
pub(crate) fn evaluate(
    env: &Env,
    loaded: &Loaded,
    coverage: Option<&Coverage>,
    levels: &crate::rules::Levels,
) -> Vec<crate::rules::Finding> {
    let ctx = crate::rules::Context {
        org: &loaded.org,
        sources: &loaded.sources,
        paths: coverage.and_then(|c| c.paths.as_ref()),
        alerts: coverage.map(|c| &c.alerts),
        today: env.today,
        now: env.now,
    };
    crate::rules::evaluate(&ctx, levels)
}

impl Session {
    /// The ownership root.
    pub(crate) fn root(&self) -> &std::path::Path {
        &self.state.root
    }

    /// What the session was read from ([`stamp`]).
    pub(crate) fn stamp(&self, env: &Env, alerts_read: bool) -> Stamp {
        let read = (&self.loaded.org, &self.loaded.sources);
        stamp(env, &self.workspace, &self.state, read, alerts_read)
    }

    /// Resolve file and alert ownership (files only when the organisation uses paths).
    pub(crate) fn coverage(&mut self, env: &Env) -> Result<Coverage> {
        coverage(env, &mut self.loaded, self.state.tree())
    }
}

/// Resolve file and alert ownership of an organisation read from `tree`, adding the alert
/// source files read to its sources.
pub(crate) fn coverage(env: &Env, loaded: &mut Loaded, tree: &dyn Tree) -> Result<Coverage> {
    let started = std::time::Instant::now();
    let org = &loaded.org;
    let paths = if PathCoverage::wanted(org) {
        let files = tree.tracked()?;
        env.trace(|| {
            format!(
                "listed {} tracked files in {:.1?}",
                files.len(),
                started.elapsed()
            )
        });
        let resolving = std::time::Instant::now();
        let paths = PathCoverage::build(org, &loaded.sources, files, tree.repo_prefix())?;
        env.trace(|| {
            format!(
                "resolved {} files against {} patterns in {:.1?}",
                paths.files.len(),
                paths.patterns.set.len(),
                resolving.elapsed()
            )
        });
        Some(paths)
    } else {
        None
    };
    let max = org.manifest.limits.max_file_size();
    let alerts = AlertCoverage::build(org, tree, &mut loaded.sources, max)?;
    env.trace(|| {
        format!(
            "covered {} files and {} alerts in {:.1?}",
            paths.as_ref().map_or(0, |p| p.files.len()),
            alerts.defs.len(),
            started.elapsed()
        )
    });
    Ok(Coverage { paths, alerts })
}

/// Say on stderr that values were left out, for the commands that answer from the
/// organisation without reporting findings (`own check` reports each one).
pub(crate) fn note_left_out(env: &Env, org: &crate::model::Org) {
    let count = org.invalid_values.len();
    if count > 0 {
        let values = if count == 1 { "value" } else { "values" };
        env.note(&format!(
            "{count} {values} could not be used and {} left out (own::invalid-value); `own check` shows where",
            if count == 1 { "is" } else { "are" }
        ));
    }
}

/// Find the root and load the organisation: the one place every command reads files. With
/// `--rev`, or `--at` a past moment in a git repository, the files are read from that commit
/// (no checkout); otherwise from the working tree.
pub(crate) fn load_org(env: &Env) -> Result<Session> {
    let started = std::time::Instant::now();
    let workspace = Workspace::new(&env.dir);
    let state = match workspace.revision(env.rev.as_deref(), env.history_at)? {
        None => workspace.working_tree()?,
        Some((commit, label)) => workspace.require_at(commit, &label)?,
    };
    let loaded = load::load(state.tree())?;
    env.trace(|| {
        let from = match state.commit {
            None => "the working tree".to_owned(),
            Some(commit) => format!("`{}` ({commit})", state.label),
        };
        format!(
            "loaded {} files under {} from {from} in {:.0?}",
            loaded.sources.len(),
            state.root.display(),
            started.elapsed()
        )
    });
    Ok(Session {
        workspace,
        state,
        loaded,
    })
}
