//! Reading ownership files from git: the repository around the ownership root, revisions,
//! merge bases, commits by date, and [`GitTree`], a [`Tree`] over one commit's files.
//!
//! Everything is read from the object database with `git2`: nothing is checked out, the
//! working tree and the index are never touched, and `git` is never run. Every libgit2
//! failure becomes an [`Error`] with a stable code (shallow clones, unknown revisions, empty
//! and bare repositories each have their own). This module knows nothing of ownership
//! content; `history` and `diff` build on it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use git2::{ErrorCode, ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};

use crate::error::{Error, Result};
use crate::load::{MANIFEST, Scope, Tree};
use crate::model::Moment;

/// The repository that holds an ownership root.
pub(crate) struct Repo {
    repo: Repository,
}

/// What a commit says about itself, for `own log` and messages.
#[derive(Clone, Debug)]
pub(crate) struct CommitInfo {
    pub(crate) id: Oid,
    pub(crate) short: String,
    /// Author time, seconds since the epoch, and the author's offset from UTC in minutes.
    pub(crate) time: i64,
    pub(crate) offset: i32,
    pub(crate) author: String,
    pub(crate) email: String,
    pub(crate) subject: String,
}

impl Repo {
    /// The repository at or above `start`.
    pub(crate) fn discover(start: &Path) -> Result<Repo> {
        // Like git, trust the object database when reading instead of hashing every object
        // again: zlib's and the pack's checksums still catch corruption, and hashing took a
        // sixth of the time of `own log` over a long history.
        git2::opts::strict_hash_verification(false);
        let start = std::path::absolute(start).map_err(|source| Error::Read {
            path: start.display().to_string(),
            source,
        })?;
        match Repository::discover(&start) {
            Ok(repo) => Ok(Repo { repo }),
            Err(e) if e.code() == ErrorCode::NotFound => {
                Err(Error::GitNoRepository { path: start })
            }
            Err(e) => Err(git_error(&e)),
        }
    }

    pub(crate) fn raw(&self) -> &Repository {
        &self.repo
    }

    pub(crate) fn is_bare(&self) -> bool {
        self.repo.is_bare()
    }

    /// The top of the working tree, or the repository folder itself when it is bare.
    pub(crate) fn top(&self) -> PathBuf {
        self.repo
            .workdir()
            .unwrap_or_else(|| self.repo.path())
            .to_path_buf()
    }

    /// No commit yet: `HEAD` names a branch that does not exist, and no other reference
    /// exists either (libgit2's own test expects the default branch to be `master`).
    pub(crate) fn is_empty(&self) -> bool {
        if self.repo.is_empty().unwrap_or(false) {
            return true;
        }
        let unborn = matches!(self.repo.head(), Err(e) if e.code() == ErrorCode::UnbornBranch);
        unborn
            && self
                .repo
                .references()
                .is_ok_and(|mut refs| refs.next().is_none())
    }

    /// A folder's path from the top of the working tree, `/`-separated (`""` at the top, and
    /// always in a bare repository); `None` when the folder is not inside the working tree.
    pub(crate) fn prefix_of(&self, dir: &Path) -> Option<String> {
        let Some(top) = self.repo.workdir() else {
            return Some(String::new());
        };
        let top = top.canonicalize().ok()?;
        let dir = dir.canonicalize().ok()?;
        let relative = dir.strip_prefix(&top).ok()?;
        let parts: Option<Vec<&str>> = relative
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect();
        Some(parts?.join("/"))
    }

    /// The commit `HEAD` points at (detached or not).
    pub(crate) fn head(&self) -> Result<Oid> {
        if self.is_empty() {
            return Err(Error::GitEmpty { path: self.top() });
        }
        match self.repo.head() {
            Ok(head) => head
                .peel_to_commit()
                .map(|c| c.id())
                .map_err(|e| git_error(&e)),
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {
                Err(Error::GitEmpty { path: self.top() })
            }
            Err(e) => Err(git_error(&e)),
        }
    }

    /// The commit a revision names: anything `git rev-parse` accepts.
    pub(crate) fn resolve(&self, rev: &str) -> Result<Oid> {
        if self.is_empty() {
            return Err(Error::GitEmpty { path: self.top() });
        }
        let found = self
            .repo
            .revparse_single(rev)
            .and_then(|object| object.peel_to_commit());
        match found {
            Ok(commit) => Ok(commit.id()),
            Err(e) => {
                let shallow = self.repo.is_shallow();
                if shallow && walks_history(rev) {
                    return Err(Error::GitShallow {
                        what: format!("`{rev}`"),
                    });
                }
                match e.code() {
                    ErrorCode::Ambiguous => Err(Error::Git {
                        message: format!(
                            "`{rev}` is ambiguous: give more characters of the commit id"
                        ),
                    }),
                    ErrorCode::NotFound
                    | ErrorCode::InvalidSpec
                    | ErrorCode::Peel
                    | ErrorCode::GenericError => Err(Error::GitUnknownRevision {
                        rev: rev.to_owned(),
                        suggestions: self.near_names(rev),
                        shallow,
                    }),
                    _ => Err(git_error(&e)),
                }
            }
        }
    }

    /// Branch and tag names near a misspelled revision.
    fn near_names(&self, rev: &str) -> Vec<String> {
        let Ok(references) = self.repo.references() else {
            return Vec::new();
        };
        let names: Vec<String> = references
            .flatten()
            .filter(|r| r.is_branch() || r.is_remote() || r.is_tag())
            .filter_map(|r| r.shorthand().ok().map(str::to_owned))
            .collect();
        crate::suggest::nearest(rev, names.iter().map(String::as_str), 3)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// The best common ancestor of two commits.
    pub(crate) fn merge_base(&self, a: Oid, b: Oid, a_name: &str, b_name: &str) -> Result<Oid> {
        match self.repo.merge_base(a, b) {
            Ok(base) => Ok(base),
            Err(e) if self.repo.is_shallow() => {
                let _ = e;
                Err(Error::GitShallow {
                    what: format!("the common ancestor of `{a_name}` and `{b_name}`"),
                })
            }
            Err(e) if e.code() == ErrorCode::NotFound => Err(Error::GitNoMergeBase {
                a: a_name.to_owned(),
                b: b_name.to_owned(),
            }),
            Err(e) => Err(git_error(&e)),
        }
    }

    /// The branch pull requests merge into: `origin/HEAD`, else `main`, else `master` (local,
    /// then as fetched from `origin`, which is all a CI checkout has).
    pub(crate) fn default_branch(&self) -> Result<(String, Oid)> {
        const CANDIDATES: &[&str] = &[
            "refs/remotes/origin/HEAD",
            "refs/heads/main",
            "refs/heads/master",
            "refs/remotes/origin/main",
            "refs/remotes/origin/master",
        ];
        for name in CANDIDATES {
            let Ok(reference) = self.repo.find_reference(name) else {
                continue;
            };
            let Ok(resolved) = reference.resolve() else {
                continue;
            };
            let Ok(commit) = resolved.peel_to_commit() else {
                continue;
            };
            let shown = resolved.shorthand().unwrap_or(name).to_owned();
            return Ok((shown, commit.id()));
        }
        Err(Error::GitNoDefaultBranch {
            shallow: self.repo.is_shallow(),
        })
    }

    /// The last commit on the first-parent history of `head` whose committer time is at or
    /// before `until` (seconds since the epoch). `at` is how the user wrote the moment.
    pub(crate) fn commit_at(&self, head: Oid, until: i64, at: &str) -> Result<Oid> {
        let boundary = self.shallow_boundary();
        let mut commit = self.repo.find_commit(head).map_err(|e| git_error(&e))?;
        loop {
            if commit.committer().when().seconds() <= until {
                return Ok(commit.id());
            }
            if commit.parent_count() == 0 {
                if boundary.contains(&commit.id()) {
                    return Err(Error::GitShallow {
                        what: format!("the history before {at}"),
                    });
                }
                return Err(Error::GitNoCommitAt {
                    at: at.to_owned(),
                    first: Some(format_day(commit.committer().when().seconds())),
                });
            }
            commit = match commit.parent(0) {
                Ok(parent) => parent,
                Err(_) if self.repo.is_shallow() => {
                    return Err(Error::GitShallow {
                        what: format!("the history before {at}"),
                    });
                }
                Err(e) => return Err(git_error(&e)),
            };
        }
    }

    /// The commits a shallow clone has without their parents (`.git/shallow`).
    pub(crate) fn shallow_boundary(&self) -> HashSet<Oid> {
        if !self.repo.is_shallow() {
            return HashSet::new();
        }
        std::fs::read_to_string(self.repo.path().join("shallow"))
            .unwrap_or_default()
            .lines()
            .filter_map(|line| Oid::from_str(line.trim()).ok())
            .collect()
    }

    /// The tree of a folder (`prefix`, `""` for the top) at a commit, if it exists there.
    pub(crate) fn subtree(&self, commit: Oid, prefix: &str) -> Result<Option<Oid>> {
        let commit = self.find_commit(commit)?;
        let tree = commit.tree().map_err(|e| self.object_error(&e))?;
        if prefix.is_empty() {
            return Ok(Some(tree.id()));
        }
        match tree.get_path(Path::new(prefix)) {
            Ok(entry) if entry.kind() == Some(ObjectType::Tree) => Ok(Some(entry.id())),
            Ok(_) => Ok(None),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(self.object_error(&e)),
        }
    }

    /// Whether `own.yaml` exists in the folder `prefix` at a commit.
    pub(crate) fn has_manifest(&self, commit: Oid, prefix: &str) -> Result<bool> {
        let Some(tree) = self.subtree(commit, prefix)? else {
            return Ok(false);
        };
        let tree = self
            .repo
            .find_tree(tree)
            .map_err(|e| self.object_error(&e))?;
        // A link or a submodule named `own.yaml` is not an ownership file (and a link's
        // target is never followed: it could lead anywhere).
        Ok(tree
            .get_name(MANIFEST)
            .is_some_and(|e| e.kind() == Some(ObjectType::Blob) && e.filemode() != 0o120_000))
    }

    /// Whether the files read from the working tree under the folder `prefix` (`read`: paths
    /// relative to it, read from the folder `dir`) are exactly the files of `commit` there
    /// that `wanted` selects within `scopes`, with the same content as git sees it. A file
    /// added, removed (in the commit, not on disk) or changed, staged or not, makes it
    /// `false`.
    pub(crate) fn worktree_matches(
        &self,
        commit: Oid,
        prefix: &str,
        dir: &Path,
        read: &[&str],
        scopes: &[Scope],
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<bool> {
        let Some(tree) = self.subtree(commit, prefix)? else {
            return Ok(false);
        };
        let tree = self
            .repo
            .find_tree(tree)
            .map_err(|e| self.object_error(&e))?;
        // Only the folders the scopes reach are walked, as the loader lists them on disk.
        let mut committed: Vec<(String, Oid)> = Vec::new();
        tree.walk(TreeWalkMode::PreOrder, |parent, entry| {
            let Ok(name) = entry.name() else {
                return TreeWalkResult::Skip;
            };
            let path = format!("{parent}{name}");
            match entry.kind() {
                Some(ObjectType::Tree) if scopes.iter().any(|s| s.enters(&path)) => {
                    TreeWalkResult::Ok
                }
                Some(ObjectType::Tree) => TreeWalkResult::Skip,
                Some(ObjectType::Blob) => {
                    if entry.filemode() != 0o120_000
                        && scopes.iter().any(|s| s.contains(&path))
                        && wanted(&path)
                    {
                        committed.push((path, entry.id()));
                    }
                    TreeWalkResult::Ok
                }
                _ => TreeWalkResult::Ok,
            }
        })
        .map_err(|e| self.object_error(&e))?;
        committed.sort();
        let mut read: Vec<&str> = read.to_vec();
        read.sort_unstable();
        read.dedup();
        if committed.len() != read.len() || committed.iter().zip(&read).any(|((c, _), r)| c != r) {
            return Ok(false);
        }
        for (path, id) in &committed {
            // The bytes on disk hash to the committed blob in the common case; when they
            // do not, git's own status decides, since filters (line endings) may make the
            // same content different bytes.
            if Oid::hash_file(ObjectType::Blob, dir.join(path)).is_ok_and(|h| h == *id) {
                continue;
            }
            let in_repo = if prefix.is_empty() {
                path.clone()
            } else {
                format!("{prefix}/{path}")
            };
            match self.repo.status_file(Path::new(&in_repo)) {
                Ok(status) if status.is_empty() => {}
                _ => return Ok(false),
            }
        }
        Ok(true)
    }

    /// The ownership root at a commit: the nearest folder at or above `start` (a prefix)
    /// holding `own.yaml` there.
    pub(crate) fn find_root_at(&self, commit: Oid, start: &str) -> Result<Option<String>> {
        let mut prefix = start.to_owned();
        loop {
            if self.has_manifest(commit, &prefix)? {
                return Ok(Some(prefix));
            }
            if prefix.is_empty() {
                return Ok(None);
            }
            prefix = prefix
                .rsplit_once('/')
                .map_or(String::new(), |(parent, _)| parent.to_owned());
        }
    }

    pub(crate) fn find_commit(&self, id: Oid) -> Result<git2::Commit<'_>> {
        self.repo.find_commit(id).map_err(|e| self.object_error(&e))
    }

    /// A commit's id, author, date and subject.
    pub(crate) fn describe(&self, id: Oid) -> Result<CommitInfo> {
        let commit = self.find_commit(id)?;
        let author = commit.author();
        let short = commit
            .as_object()
            .short_id()
            .ok()
            .and_then(|s| s.as_str().ok().map(str::to_owned))
            .unwrap_or_else(|| id.to_string()[..7].to_owned());
        Ok(CommitInfo {
            id,
            short,
            time: author.when().seconds(),
            offset: author.when().offset_minutes(),
            author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
            subject: commit
                .summary()
                .ok()
                .flatten()
                .unwrap_or_default()
                .to_owned(),
        })
    }

    /// A missing object is what a shallow clone looks like from inside; say so.
    pub(crate) fn object_error(&self, e: &git2::Error) -> Error {
        if e.code() == ErrorCode::NotFound && self.repo.is_shallow() {
            Error::GitShallow {
                what: "an object this command needs".into(),
            }
        } else {
            git_error(e)
        }
    }
}

/// Whether a revision reaches back through history (`HEAD~3`, `main^2`, a commit id), so
/// that in a shallow clone its failure most likely means the history was not fetched.
fn walks_history(rev: &str) -> bool {
    rev.contains(['~', '^'])
        || (rev.len() >= 4 && rev.len() <= 40 && rev.chars().all(|c| c.is_ascii_hexdigit()))
}

pub(crate) fn git_error(e: &git2::Error) -> Error {
    Error::Git {
        message: e.message().to_owned(),
    }
}

/// `2026-03-01`, in UTC.
pub(crate) fn format_day(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date()
                .to_string()
        })
        .unwrap_or_else(|_| seconds.to_string())
}

/// The last second that `--at` includes, in UTC: the moment itself, or the end of the day
/// when only a date was given ("as of 3 March" includes what was committed that day).
pub(crate) fn until_seconds(at: Moment) -> i64 {
    let midnight = at.0.time() == jiff::civil::Time::midnight();
    let moment = if midnight {
        at.0.date()
            .tomorrow()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
            .unwrap_or(at.0)
    } else {
        at.0
    };
    let seconds = moment
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map_or(i64::MAX, |z| z.timestamp().as_second());
    if midnight { seconds - 1 } else { seconds }
}

/// The files of one commit under the ownership root, read from the object database.
pub(crate) struct GitTree<'r> {
    odb: git2::Odb<'r>,
    /// Root-relative paths and their blob ids, sorted by path.
    files: Vec<(String, Oid)>,
    /// How the revision was named (`HEAD~1`, `a1b2c3d`), for `REV:path` names; empty for
    /// plain root-relative names (as `own diff` reports them: its sides are named already).
    label: String,
    /// The root's folder in the repository (`""` at the top).
    prefix: String,
}

impl<'r> GitTree<'r> {
    /// The files under the folder `prefix` at a commit (which must exist there).
    pub(crate) fn new(repo: &'r Repo, commit: Oid, prefix: &str, label: &str) -> Result<Self> {
        let Some(tree) = repo.subtree(commit, prefix)? else {
            return Err(Error::GitNoManifest {
                rev: label.to_owned(),
                dir: prefix.to_owned(),
            });
        };
        let tree = repo
            .raw()
            .find_tree(tree)
            .map_err(|e| repo.object_error(&e))?;
        let mut files = Vec::new();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            // Blobs only: links (mode 120000) and submodules are not ownership files.
            if entry.kind() == Some(ObjectType::Blob)
                && entry.filemode() != 0o120_000
                && let Ok(name) = entry.name()
            {
                files.push((format!("{dir}{name}"), entry.id()));
            }
            TreeWalkResult::Ok
        })
        .map_err(|e| repo.object_error(&e))?;
        files.sort();
        let odb = repo.raw().odb().map_err(|e| git_error(&e))?;
        Ok(GitTree {
            odb,
            files,
            label: label.to_owned(),
            prefix: prefix.to_owned(),
        })
    }

    fn blob(&self, path: &str) -> Option<Oid> {
        self.files
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| self.files[i].1)
    }
}

impl Tree for GitTree<'_> {
    fn list(&self) -> Result<Vec<String>> {
        Ok(self.files.iter().map(|(p, _)| p.clone()).collect())
    }

    /// Every file of the commit under the root is tracked, by definition.
    fn repo_prefix(&self) -> String {
        self.prefix.clone()
    }

    fn read(&self, path: &str, limit: u64) -> Result<Vec<u8>> {
        let not_found = || Error::Read {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not in this revision"),
        };
        let oid = self.blob(path).ok_or_else(not_found)?;
        let missing = |e: git2::Error| Error::Read {
            path: path.to_owned(),
            source: std::io::Error::other(e.message().to_owned()),
        };
        // The header gives the size without inflating the object.
        let (size, _) = self.odb.read_header(oid).map_err(missing)?;
        if size as u64 > limit {
            return Err(Error::TooLarge {
                path: path.to_owned(),
                size: size as u64,
                limit,
            });
        }
        let object = self.odb.read(oid).map_err(missing)?;
        Ok(object.data().to_vec())
    }

    fn display_name(&self, path: &str) -> String {
        if self.label.is_empty() {
            path.to_owned()
        } else if self.prefix.is_empty() {
            format!("{}:{path}", self.label)
        } else {
            format!("{}:{}/{path}", self.label, self.prefix)
        }
    }
}
