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

use std::path::{Path, PathBuf};

use crate::git::Oid;

use crate::alerts::AlertCoverage;
use crate::cli::Env;
use crate::error::{Error, Result};
use crate::git::{self, GitTree, Repo};
use crate::load::git_head::{self, Head, Stamp};
use crate::load::{self, DiskTree, Loaded, Tree};
use crate::paths::PathCoverage;

/// An organisation loaded for a command, the root it was loaded from, and where its files
/// live (for coverage, read from the same place as the organisation).
pub(crate) struct Session {
    pub(crate) root: PathBuf,
    pub(crate) loaded: Loaded,
    pub(crate) source: Source,
}

/// Where a session's files are: the working tree, or a commit.
pub(crate) enum Source {
    Disk(DiskTree),
    Git {
        /// Boxed: a repository handle is large beside a folder.
        repo: Box<Repo>,
        commit: Oid,
        prefix: String,
        label: String,
    },
}

impl Source {
    /// The files, to list and read. (A commit's tree borrows the repository, so it is opened
    /// on demand rather than kept.)
    pub(crate) fn open(&self) -> Result<Box<dyn Tree + '_>> {
        Ok(match self {
            Source::Disk(tree) => Box::new(tree.clone()),
            Source::Git {
                repo,
                commit,
                prefix,
                label,
            } => Box::new(GitTree::new(repo, *commit, prefix, label)?),
        })
    }
}

/// What the content of a session was read from, for the header of a report or an answer:
/// the commit read, or the working tree's `HEAD` and whether the ownership files read
/// (`own.yaml`, the included files and, when `alerts_read`, the alert sources) differ from
/// it. Files added, untracked or removed count; anything that cannot be compared counts as
/// a difference, so a commit is never named for content it does not hold.
pub(crate) fn stamp(
    env: &Env,
    root: &Path,
    source: &Source,
    read: (&crate::model::Org, &crate::source::Sources),
    alerts_read: bool,
) -> Stamp {
    if let Source::Git { commit, label, .. } = source {
        return Stamp {
            head: Some(Head {
                commit: Some(commit.to_string()),
                branch: None,
            }),
            rev: Some(label.clone()),
            dirty: false,
        };
    }
    let Some(head) = git_head::head(root) else {
        return Stamp::default();
    };
    let dirty = match &head.commit {
        None => true,
        Some(id) => match worktree_matches(root, id, read, alerts_read) {
            Ok(same) => !same,
            Err(e) => {
                env.trace(|| format!("cannot compare the files with commit {id}: {e}"));
                true
            }
        },
    };
    Stamp {
        head: Some(head),
        rev: None,
        dirty,
    }
}

/// Whether the ownership files read from the working tree at `root` are those of commit
/// `id`.
fn worktree_matches(
    root: &Path,
    id: &str,
    (org, sources): (&crate::model::Org, &crate::source::Sources),
    alerts_read: bool,
) -> Result<bool> {
    let repo = Repo::discover(root)?;
    let commit = Oid::from_hex(id.as_bytes()).map_err(|e| Error::Git {
        message: format!("`HEAD` holds `{id}`, not a commit id: {e}"),
    })?;
    let Some(prefix) = repo.prefix_of(root) else {
        return Ok(false);
    };
    let Some(manifest) = org.manifest_file.map(|f| sources.get(f)) else {
        return Ok(false);
    };
    let include = load::include_set(&org.manifest, manifest)?;
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
    repo.worktree_matches(commit, &prefix, root, &read, &scopes, &wanted)
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
    /// What the session was read from ([`stamp`]).
    pub(crate) fn stamp(&self, env: &Env, alerts_read: bool) -> Stamp {
        let read = (&self.loaded.org, &self.loaded.sources);
        stamp(env, &self.root, &self.source, read, alerts_read)
    }

    /// Resolve file and alert ownership (files only when the organisation uses paths).
    pub(crate) fn coverage(&mut self, env: &Env) -> Result<Coverage> {
        let tree = self.source.open()?;
        coverage(env, &mut self.loaded, &*tree)
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
    let max = load::max_file_size(&org.manifest);
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
    let (session, from) = match revision(env)? {
        None => {
            let root = match env.root() {
                Err(Error::NoManifest { start }) => return Err(no_manifest(start)),
                other => other?,
            };
            let tree = DiskTree::new(&root)?;
            let loaded = load::load(&tree)?;
            let source = Source::Disk(tree);
            (
                Session {
                    root,
                    loaded,
                    source,
                },
                "the working tree".to_owned(),
            )
        }
        Some((repo, commit, label)) => {
            let (root, prefix) = root_at(env, &repo, commit, &label)?;
            let tree = GitTree::new(&repo, commit, &prefix, &label)?;
            let loaded = load::load(&tree)?;
            drop(tree);
            let from = format!("`{label}` ({commit})");
            let source = Source::Git {
                repo: Box::new(repo),
                commit,
                prefix,
                label,
            };
            (
                Session {
                    root,
                    loaded,
                    source,
                },
                from,
            )
        }
    };
    env.trace(|| {
        format!(
            "loaded {} files under {} from {from} in {:.0?}",
            session.loaded.sources.len(),
            session.root.display(),
            started.elapsed()
        )
    });
    Ok(session)
}

/// Without `own.yaml` on disk, a bare repository deserves its own message.
fn no_manifest(start: PathBuf) -> Error {
    match Repo::discover(&start) {
        Ok(repo) if repo.is_bare() => Error::GitBare { path: repo.top() },
        _ => Error::NoManifest { start },
    }
}

/// The commit `--rev` or `--at` asks to read, with how to name it in diagnostics.
fn revision(env: &Env) -> Result<Option<(Repo, Oid, String)>> {
    if let Some(rev) = &env.rev {
        let repo = Repo::discover(&env.dir)?;
        let commit = repo.resolve(rev)?;
        return Ok(Some((repo, commit, rev.clone())));
    }
    let Some(at) = env.history_at else {
        return Ok(None);
    };
    // Outside a repository, or before the first commit, only the date moves.
    let repo = match Repo::discover(&env.dir) {
        Ok(repo) if !repo.is_empty() => repo,
        Ok(_) | Err(Error::GitNoRepository { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let head = repo.head()?;
    let commit = repo.commit_at(head, git::until_seconds(at), &at.to_string())?;
    let label = repo.describe(commit)?.short;
    Ok(Some((repo, commit, label)))
}

/// The ownership root for reading a commit, as an absolute folder and as a path in the
/// repository: the root on disk when there is one (`own.yaml` must then exist at the commit
/// in the same folder), else the nearest folder at or above the start folder that holds
/// `own.yaml` at the commit.
pub(crate) fn root_at(
    env: &Env,
    repo: &Repo,
    commit: Oid,
    label: &str,
) -> Result<(PathBuf, String)> {
    if !repo.is_bare() {
        let on_disk = match load::find_root(&env.dir) {
            Ok(root) => repo.prefix_of(&root).map(|prefix| (root, prefix)),
            Err(Error::NoManifest { .. }) => None,
            Err(e) => return Err(e),
        };
        if let Some((root, prefix)) = on_disk {
            if repo.has_manifest(commit, &prefix)? {
                return Ok((root, prefix));
            }
            return Err(Error::GitNoManifest {
                rev: label.to_owned(),
                dir: prefix,
            });
        }
    }
    let start = repo.prefix_of(&env.dir).unwrap_or_default();
    match repo.find_root_at(commit, &start)? {
        Some(prefix) => Ok((repo.top().join(&prefix), prefix)),
        None => Err(Error::GitNoManifest {
            rev: label.to_owned(),
            dir: start,
        }),
    }
}
