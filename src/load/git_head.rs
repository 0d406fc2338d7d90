//! Which commit a working tree is at, read straight from `.git` (no `git` process, no git library):
//! `HEAD`, then the loose ref or `packed-refs` it points to, following a linked worktree's
//! `gitdir:` file and `commondir`. Reports and answers are stamped with it ([`Stamp`]).
//!
//! This reads names only; reading objects at revisions belongs to the git module.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

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

/// The `HEAD` of the repository holding `start`, or `None` when `start` is not in a git
/// repository (or its `.git` cannot be read).
pub(crate) fn head(start: &Path) -> Option<Head> {
    let start = std::path::absolute(start).ok()?;
    let dot_git = start
        .ancestors()
        .map(|dir| dir.join(".git"))
        .find(|p| p.exists())?;
    let git_dir = if dot_git.is_dir() {
        dot_git
    } else {
        // A linked worktree or submodule: `.git` is a file saying `gitdir: <path>`.
        let text = read_small(&dot_git)?;
        let target = text.trim().strip_prefix("gitdir:")?.trim();
        let base = dot_git.parent()?;
        base.join(target)
    };
    let common_dir = match read_small(&git_dir.join("commondir")) {
        Some(text) => git_dir.join(text.trim()),
        None => git_dir.clone(),
    };
    let head = read_small(&git_dir.join("HEAD"))?;
    let head = head.trim();
    let Some(mut name) = head.strip_prefix("ref:").map(|r| r.trim().to_owned()) else {
        return is_object_id(head).then(|| Head {
            commit: Some(head.to_owned()),
            branch: None,
        });
    };
    let branch = name.strip_prefix("refs/heads/").map(str::to_owned);
    // A ref may point to another ref; a few hops are plenty, and a loop must end.
    for _ in 0..5 {
        match resolve_ref(&git_dir, &common_dir, &name)? {
            Resolved::Commit(id) => {
                return Some(Head {
                    commit: Some(id),
                    branch,
                });
            }
            Resolved::Symbolic(next) => name = next,
            Resolved::Missing => {
                return Some(Head {
                    commit: None,
                    branch,
                });
            }
        }
    }
    None
}

enum Resolved {
    Commit(String),
    Symbolic(String),
    Missing,
}

fn resolve_ref(git_dir: &Path, common_dir: &Path, name: &str) -> Option<Resolved> {
    // Never let a ref name walk out of the repository.
    let safe = name.starts_with("refs/")
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != "." && !part.contains('\\'));
    if !safe {
        return None;
    }
    let dirs: Vec<&Path> = if git_dir == common_dir {
        vec![git_dir]
    } else {
        vec![git_dir, common_dir]
    };
    for dir in dirs {
        let path: PathBuf = dir.join(name);
        if let Some(text) = read_small(&path) {
            let text = text.trim();
            if let Some(next) = text.strip_prefix("ref:") {
                return Some(Resolved::Symbolic(next.trim().to_owned()));
            }
            return is_object_id(text).then(|| Resolved::Commit(text.to_owned()));
        }
    }
    let packed = std::fs::File::open(common_dir.join("packed-refs")).ok();
    for line in packed.into_iter().flat_map(|f| BufReader::new(f).lines()) {
        let line = line.ok()?;
        if let Some((id, ref_name)) = line.split_once(' ')
            && ref_name == name
            && is_object_id(id)
        {
            return Some(Resolved::Commit(id.to_owned()));
        }
    }
    Some(Resolved::Missing)
}

/// SHA-1 or SHA-256 in hex.
fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A small text file (`HEAD`, a ref), or `None` if missing, unreadable or oversized.
fn read_small(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    file.take(4096).read_to_string(&mut text).ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef01234567";

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn branch_from_a_loose_ref_or_packed_refs() {
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path().join("org");
        std::fs::create_dir_all(&root).unwrap();
        write(repo.path(), ".git/HEAD", "ref: refs/heads/main\n");
        assert_eq!(
            head(&root),
            Some(Head {
                commit: None,
                branch: Some("main".into())
            })
        );
        write(
            repo.path(),
            ".git/packed-refs",
            &format!("# pack-refs with: peeled\n{ID} refs/heads/main\n"),
        );
        assert_eq!(head(&root).and_then(|h| h.commit).as_deref(), Some(ID));
        let newer = ID.replace('0', "f");
        write(repo.path(), ".git/refs/heads/main", &format!("{newer}\n"));
        assert_eq!(head(&root).and_then(|h| h.commit), Some(newer));
    }

    #[test]
    fn detached_heads_worktrees_and_no_repository() {
        let repo = tempfile::tempdir().unwrap();
        write(repo.path(), "main/.git/HEAD", &format!("{ID}\n"));
        let main = head(&repo.path().join("main")).unwrap();
        assert_eq!((main.commit.as_deref(), main.branch), (Some(ID), None));

        // A linked worktree: HEAD in its own folder, refs in the common one.
        write(
            repo.path(),
            "main/.git/worktrees/wt/HEAD",
            "ref: refs/heads/topic\n",
        );
        write(repo.path(), "main/.git/worktrees/wt/commondir", "../..\n");
        write(repo.path(), "main/.git/refs/heads/topic", ID);
        let gitdir = repo.path().join("main/.git/worktrees/wt");
        write(
            repo.path(),
            "wt/.git",
            &format!("gitdir: {}\n", gitdir.display()),
        );
        let wt = head(&repo.path().join("wt")).unwrap();
        assert_eq!(wt.branch.as_deref(), Some("topic"));
        assert_eq!(wt.commit.as_deref(), Some(ID));

        write(
            repo.path(),
            "evil/.git/HEAD",
            "ref: refs/../../../etc/passwd\n",
        );
        assert_eq!(head(&repo.path().join("evil")), None);

        let outside = tempfile::tempdir().unwrap();
        if !outside.path().ancestors().any(|d| d.join(".git").exists()) {
            assert_eq!(head(outside.path()), None);
        }
    }
}
