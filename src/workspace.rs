//! Where an organisation is read from: the one place that says "the organisation in the
//! working tree", "at REV" or "at a date" (in the spirit of jj's `WorkspaceCommandHelper`).
//!
//! [`Workspace`] holds the folder a command started in and, once asked for, the repository
//! around it. It finds the ownership root the same way for every command: the folder of
//! `own.yaml` on disk when there is one (the commit read must then hold `own.yaml` there too),
//! else the nearest folder at or above the start folder that holds `own.yaml` at the commit.
//! An [`OrgState`] is the result: the root, its folder in the repository, the files (a
//! [`DiskTree`] or a [`GitTree`]), the commit, and how to name it. Whether the working tree
//! differs from its `HEAD` is [`OrgState::stamp`]'s question.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::git::{self, GitTree, Oid, Repo};
use crate::load::{self, DiskTree, Tree};
use crate::model::Moment;

/// Where `HEAD` points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Head {
    /// The commit id (hex); `None` on a branch with no commits yet.
    pub(crate) commit: Option<String>,
    /// The branch name, unless `HEAD` is detached.
    pub(crate) branch: Option<String>,
}

/// What a report or an answer was read from, for its header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// The commit read (`--rev`, `--at`), or where the working tree's `HEAD` points; `None`
    /// outside a git repository.
    pub(crate) head: Option<Head>,
    /// How `--rev` or `--at` named the commit read; `None`: the working tree was read.
    pub(crate) rev: Option<String>,
    /// The working tree's ownership files are not those of `head`'s commit: changed,
    /// added (untracked too) or removed, or there is no commit yet.
    pub(crate) dirty: bool,
}

impl Stamp {
    /// The full id of the commit the content matches, or that the working tree is at.
    pub(crate) fn commit(&self) -> Option<&str> {
        self.head.as_ref().and_then(|h| h.commit.as_deref())
    }
}

/// The folder a command started in, and the repository around it.
pub(crate) struct Workspace {
    dir: PathBuf,
    repo: OnceCell<Repo>,
}

/// The files of one state of the organisation.
pub(crate) enum Files {
    Disk(DiskTree),
    /// Boxed: a repository handle is large beside a folder.
    Git(Box<GitTree>),
}

/// One state of the organisation, located: everything a command needs to read it.
pub(crate) struct OrgState {
    /// The ownership root, as a folder on disk (for a commit: where it would be checked out).
    pub(crate) root: PathBuf,
    /// The root's folder in the repository (`""` at the top, and outside any repository).
    pub(crate) prefix: String,
    /// The commit read; `None`: the working tree.
    pub(crate) commit: Option<Oid>,
    /// How the commit was named (`HEAD~1`, `a1b2c3d`); empty for the working tree.
    pub(crate) label: String,
    files: Files,
}

impl OrgState {
    /// The files, to list and read.
    pub(crate) fn tree(&self) -> &dyn Tree {
        match &self.files {
            Files::Disk(tree) => tree,
            Files::Git(tree) => &**tree,
        }
    }

    /// Where the content was read from, for the header of a report or an answer: the commit
    /// read, or the working tree's `HEAD` and whether the ownership files read (`read`:
    /// their root-relative names; `wanted` and `scopes` select the files the loader would
    /// read) differ from it. Files added, untracked or removed count; anything that cannot
    /// be compared counts as a difference, so a commit is never named for content it does
    /// not hold.
    pub(crate) fn stamp(
        &self,
        workspace: &Workspace,
        read: &[&str],
        scopes: &[load::Scope],
        wanted: &dyn Fn(&str) -> bool,
        trace: &dyn Fn(String),
    ) -> Stamp {
        if let Some(commit) = self.commit {
            return Stamp {
                head: Some(Head {
                    commit: Some(commit.to_string()),
                    branch: None,
                }),
                rev: Some(self.label.clone()),
                dirty: false,
            };
        }
        let Ok(repo) = workspace.repo() else {
            return Stamp::default();
        };
        let Some(head) = repo.head_info() else {
            return Stamp::default();
        };
        let dirty = match head
            .commit
            .as_deref()
            .map(|id| Oid::from_hex(id.as_bytes()))
        {
            None | Some(Err(_)) => true,
            Some(Ok(id)) => {
                match repo.worktree_matches(id, &self.prefix, &self.root, read, scopes, wanted) {
                    Ok(same) => !same,
                    Err(e) => {
                        trace(format!("cannot compare the files with commit {id}: {e}"));
                        true
                    }
                }
            }
        };
        Stamp {
            head: Some(head),
            rev: None,
            dirty,
        }
    }
}

impl Workspace {
    pub(crate) fn new(dir: &Path) -> Workspace {
        Workspace {
            dir: dir.to_path_buf(),
            repo: OnceCell::new(),
        }
    }

    /// The repository around the start folder (opened once).
    pub(crate) fn repo(&self) -> Result<&Repo> {
        if let Some(repo) = self.repo.get() {
            return Ok(repo);
        }
        let repo = Repo::discover(&self.dir)?;
        Ok(self.repo.get_or_init(|| repo))
    }

    /// The ownership root on disk, if `own.yaml` is at or above the start folder.
    fn disk_root(&self) -> Result<Option<PathBuf>> {
        match load::find_root(&self.dir) {
            Ok(root) => Ok(Some(root)),
            Err(Error::NoManifest { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The organisation in the working tree.
    pub(crate) fn working_tree(&self) -> Result<OrgState> {
        let root = match self.disk_root()? {
            Some(root) => root,
            None => return Err(self.no_manifest()),
        };
        let tree = DiskTree::new(&root)?;
        Ok(OrgState {
            prefix: load::repo_prefix(&root),
            root,
            commit: None,
            label: String::new(),
            files: Files::Disk(tree),
        })
    }

    /// Without `own.yaml` on disk, a bare repository deserves its own message.
    pub(crate) fn no_manifest(&self) -> Error {
        match self.repo() {
            Ok(repo) if repo.is_bare() => Error::GitBare { path: repo.top() },
            _ => Error::NoManifest {
                start: std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone()),
            },
        }
    }

    /// The commit `--rev` or `--at` names, with how to name it in diagnostics; `None` when
    /// neither asks for history (or `--at` is given outside a repository, or before the first
    /// commit: then only the date moves).
    pub(crate) fn revision(
        &self,
        rev: Option<&str>,
        at: Option<Moment>,
    ) -> Result<Option<(Oid, String)>> {
        if let Some(rev) = rev {
            let commit = self.repo()?.resolve(rev)?;
            return Ok(Some((commit, rev.to_owned())));
        }
        let Some(at) = at else {
            return Ok(None);
        };
        let repo = match self.repo() {
            Ok(repo) if !repo.is_empty() => repo,
            Ok(_) | Err(Error::GitNoRepository { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        let head = repo.head()?;
        let commit = repo.commit_at(head, git::until_seconds(at), &at.to_string())?;
        let label = repo.describe(commit)?.short;
        Ok(Some((commit, label)))
    }

    /// Where the ownership root is when reading `commits` (the first that has it wins): the
    /// root on disk when there is one, else the nearest folder at or above the start folder
    /// holding `own.yaml` at a commit. `None` when neither finds one.
    pub(crate) fn root_at(&self, commits: &[Oid]) -> Result<Option<(PathBuf, String)>> {
        let repo = self.repo()?;
        if !repo.is_bare()
            && let Some(root) = self.disk_root()?
            && let Some(prefix) = repo.prefix_of(&root)
        {
            return Ok(Some((root, prefix)));
        }
        let start = repo.prefix_of(&self.dir).unwrap_or_default();
        for &commit in commits {
            if let Some(prefix) = repo.find_root_at(commit, &start)? {
                return Ok(Some((repo.top().join(&prefix), prefix)));
            }
        }
        Ok(None)
    }

    /// The organisation at a commit, at the root [`Self::root_at`] finds for it; `None`
    /// when the commit has no `own.yaml` there. `label` names the commit in file names
    /// (`HEAD~1:own.yaml`); empty, files are named by their path alone.
    pub(crate) fn at_commit(
        &self,
        located: &(PathBuf, String),
        commit: Oid,
        label: &str,
    ) -> Result<Option<OrgState>> {
        let repo = self.repo()?;
        let (root, prefix) = located;
        if !repo.has_manifest(commit, prefix)? {
            return Ok(None);
        }
        let tree = GitTree::new(repo, commit, prefix, label)?;
        Ok(Some(OrgState {
            root: root.clone(),
            prefix: prefix.clone(),
            commit: Some(commit),
            label: label.to_owned(),
            files: Files::Git(Box::new(tree)),
        }))
    }

    /// The organisation at a commit named `label`, or the error that says why there is none:
    /// no `own.yaml` in the root's folder (or, without a root on disk, at or above the start
    /// folder) at that commit.
    pub(crate) fn require_at(&self, commit: Oid, label: &str) -> Result<OrgState> {
        let (root, prefix) = self.require_root(commit, label)?;
        let tree = GitTree::new(self.repo()?, commit, &prefix, label)?;
        Ok(OrgState {
            root,
            prefix,
            commit: Some(commit),
            label: label.to_owned(),
            files: Files::Git(Box::new(tree)),
        })
    }

    /// The root and its folder in the repository at a commit named `label`, which must hold
    /// `own.yaml` there ([`Self::require_at`] without listing the files).
    pub(crate) fn require_root(&self, commit: Oid, label: &str) -> Result<(PathBuf, String)> {
        let repo = self.repo()?;
        let missing = |dir: String| Error::GitNoManifest {
            rev: label.to_owned(),
            dir,
        };
        let Some((root, prefix)) = self.root_at(&[commit])? else {
            return Err(missing(repo.prefix_of(&self.dir).unwrap_or_default()));
        };
        if !repo.has_manifest(commit, &prefix)? {
            return Err(missing(prefix));
        }
        Ok((root, prefix))
    }
}
