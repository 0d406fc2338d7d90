//! One module per subcommand: its arguments (whose doc comments are the help text) and the
//! function that runs it.

pub(crate) mod check;
pub(crate) mod codeowners;
pub(crate) mod completions;
pub(crate) mod diff;
pub(crate) mod edit;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod log;
pub(crate) mod man;
pub(crate) mod report;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod who;

use crate::cli::Env;
use crate::error::Result;
use crate::evaluation::{Coverage, Evaluation};
use crate::load::{self, Loaded};
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

    /// Resolve file and alert ownership (files only when the organisation uses paths),
    /// for the answers that show it without judging the organisation.
    pub(crate) fn coverage(&mut self, env: &Env) -> Result<Coverage> {
        Coverage::resolve(&mut self.loaded, self.state.tree(), &env.tracer())
    }

    /// The organisation ready for the rules, at the run's date, and where it was read.
    pub(crate) fn evaluate(self, env: &Env) -> Result<(Workspace, OrgState, Evaluation)> {
        let Session {
            workspace,
            state,
            loaded,
        } = self;
        let evaluation = Evaluation::new(loaded, state.tree(), env.when(), &env.tracer())?;
        Ok((workspace, state, evaluation))
    }
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
