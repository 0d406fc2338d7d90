//! Reading ownership files from git: the repository around the ownership root, revisions,
//! merge bases, commits by date, history walks, and [`GitTree`], a [`Tree`] over one
//! commit's files.
//!
//! Everything is read from the object database with `gix` (gitoxide: pure Rust, no C):
//! nothing is checked out, the working tree and the index are never written, and `git` is
//! never run. The repository is untrusted input (CI runs `own` on pull requests from forks),
//! so every failure becomes an [`Error`] with a stable code: a corrupt object is
//! `own::git-corrupt`, a missing one `own::git-missing-object` (or, in a shallow clone,
//! `own::git-shallow-clone`), a tree nested past [`MAX_TREE_DEPTH`] `own::git-tree-limit`.
//! Trees are walked with an explicit stack, never by recursion. This module knows nothing of
//! ownership content; `history` and `diff` build on it.

use std::collections::{BinaryHeap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use gix::bstr::ByteSlice;

use crate::error::{Error, Result};
use crate::load::{MANIFEST, Scope, Tree};
use crate::model::Moment;

mod commits;
mod trees;

pub(crate) use commits::{format_day, format_instant, until_seconds};
pub(crate) use trees::GitTree;

/// A git object id.
pub(crate) type Oid = gix::ObjectId;

/// Folders nested deeper than this are refused (git's own `core.maxTreeDepth` default).
pub(crate) const MAX_TREE_DEPTH: usize = 2048;

/// Paths longer than this are refused: no working tree can hold one (Linux's `PATH_MAX`), and
/// walking them would cost memory that grows with the square of the depth.
pub(crate) const MAX_PATH_LEN: usize = 4096;

/// A listing of more files than this is refused: a few small trees that name the same
/// subtree over and over would otherwise list billions of paths.
pub(crate) const MAX_LISTED: usize = 10_000_000;

/// The error for a folder at `path`, `depth` folders below the walk's start, that is nested
/// too deep to walk, or whose listing has reached `listed` files; `None` when it is fine.
pub(crate) fn past_limits(path: &str, depth: usize, listed: usize) -> Option<Error> {
    let why = if listed > MAX_LISTED {
        format!("more than {MAX_LISTED} files below it (the same folder named over and over?)")
    } else if depth >= MAX_TREE_DEPTH {
        format!("more than {MAX_TREE_DEPTH} folders deep")
    } else if path.len() > MAX_PATH_LEN {
        format!("a path longer than {MAX_PATH_LEN} bytes")
    } else {
        return None;
    };
    let mut shown: String = path.chars().take(120).collect();
    if shown.len() < path.len() {
        shown.push('…');
    }
    Some(Error::GitTreeLimit {
        path: crate::render::text::one_line(&shown),
        why,
    })
}

/// The memory kept for inflated delta bases while reading packs.
const PACK_CACHE_BYTES: usize = 64 * 1024 * 1024;

/// How many links a link may lead through before it counts as a loop (the kernel's
/// `MAXSYMLINKS`).
const MAX_LINK_HOPS: usize = 40;

/// A link's target, as git stores it, is a path: never larger than this.
const MAX_LINK_SIZE: u64 = 4096;

/// The repository that holds an ownership root.
pub(crate) struct Repo {
    repo: gix::Repository,
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

/// What a tree entry is, as far as `own` cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EntryKind {
    Folder,
    File,
    /// A symbolic link: its blob is the target path.
    Link,
    /// A submodule's commit: nothing of it is in this repository.
    Submodule,
}

/// One entry of a tree.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) id: Oid,
    pub(crate) kind: EntryKind,
}

/// A commit of a history walk: its id and the parents the walk follows (none at a shallow
/// clone's boundary).
pub(crate) struct Walked {
    pub(crate) id: Oid,
    pub(crate) parents: Vec<Oid>,
    /// The commit is at a shallow clone's boundary: its parents were not fetched.
    pub(crate) boundary: bool,
}

impl Repo {
    /// The repository at or above `start`.
    pub(crate) fn discover(start: &Path) -> Result<Repo> {
        let start = std::path::absolute(start).map_err(|source| Error::Read {
            path: start.display().to_string(),
            source,
        })?;
        match gix::discover(&start) {
            Ok(mut repo) => {
                // Ownership files change a little per commit, so packs store them as long
                // delta chains: keeping inflated bases saves re-inflating each chain (`own
                // log` over 10,000 commits spent most of its time in zlib without it).
                repo.objects.set_pack_cache(|| {
                    Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
                        PACK_CACHE_BYTES,
                    ))
                });
                Ok(Repo { repo })
            }
            Err(e) if no_repository(&start) => {
                let _ = e;
                Err(Error::GitNoRepository { path: start })
            }
            Err(e) => Err(Error::Git {
                message: format!("cannot open the repository: {}", chain(&e)),
            }),
        }
    }

    /// git's `user.email` (the repository's configuration, then the user's and the system's).
    pub(crate) fn user_email(&self) -> Option<String> {
        let config = self.repo.config_snapshot();
        let email = config.string("user.email")?;
        let email = email.to_string();
        (!email.trim().is_empty()).then(|| email.trim().to_owned())
    }

    pub(crate) fn is_bare(&self) -> bool {
        self.repo.is_bare()
    }

    /// The top of the working tree, or the repository folder itself when it is bare.
    pub(crate) fn top(&self) -> PathBuf {
        self.repo
            .workdir()
            .unwrap_or_else(|| self.repo.git_dir())
            .to_path_buf()
    }

    fn is_shallow(&self) -> bool {
        self.repo.is_shallow().unwrap_or(false)
    }

    /// No commit yet: `HEAD` names a branch that does not exist, and no other reference
    /// exists either.
    pub(crate) fn is_empty(&self) -> bool {
        let unborn = self.repo.head().is_ok_and(|h| h.is_unborn());
        unborn
            && self
                .repo
                .references()
                .is_ok_and(|platform| platform.all().is_ok_and(|mut refs| refs.next().is_none()))
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

    /// Where `HEAD` points, without reading any object: the commit id it names (`None` on
    /// a branch with no commits yet) and the branch, unless detached. `None` when `HEAD`
    /// cannot be read.
    pub(crate) fn head_info(&self) -> Option<crate::workspace::Head> {
        let head = self.repo.head().ok()?;
        let branch = head
            .referent_name()
            .and_then(|name| name.as_bstr().to_str().ok())
            .and_then(|name| name.strip_prefix("refs/heads/"))
            .map(str::to_owned);
        Some(crate::workspace::Head {
            commit: head.id().map(|id| id.to_string()),
            branch,
        })
    }

    /// The commit `HEAD` points at (detached or not).
    pub(crate) fn head(&self) -> Result<Oid> {
        if self.is_empty() {
            return Err(Error::GitEmpty { path: self.top() });
        }
        let mut head = self.repo.head().map_err(|e| self.error("`HEAD`", &e))?;
        if head.is_unborn() {
            return Err(Error::GitEmpty { path: self.top() });
        }
        let id = head
            .peel_to_object()
            .map_err(|e| self.error("`HEAD`", &e))?
            .id;
        self.commit_of(id, "HEAD")
    }

    /// `id` itself when it is a commit; the commit an annotated tag names; otherwise the
    /// revision names something that is not a commit.
    fn commit_of(&self, id: Oid, rev: &str) -> Result<Oid> {
        let mut id = id;
        // Tags may name tags; a chain this long is hostile.
        for _ in 0..MAX_LINK_HOPS {
            let object = self
                .repo
                .find_object(id)
                .map_err(|e| self.error(&format!("`{rev}`"), &e))?;
            match object.kind {
                gix::objs::Kind::Commit => {
                    // Decode it now, so that a corrupt commit is reported as such here.
                    object
                        .try_into_commit()
                        .map_err(|e| self.error(&format!("`{rev}`"), &e))?
                        .decode()
                        .map_err(|e| corrupt(&format!("commit {id}"), &e))?;
                    return Ok(id);
                }
                gix::objs::Kind::Tag => {
                    let tag = object
                        .try_into_tag()
                        .map_err(|e| self.error(&format!("`{rev}`"), &e))?;
                    id = tag
                        .target_id()
                        .map_err(|e| corrupt(&format!("tag {id}"), &e))?
                        .detach();
                }
                kind => {
                    return Err(Error::GitNotACommit {
                        rev: rev.to_owned(),
                        kind: kind.to_string(),
                    });
                }
            }
        }
        Err(Error::GitNotACommit {
            rev: rev.to_owned(),
            kind: "chain of tags".into(),
        })
    }

    /// The commit a revision names: anything `git rev-parse` accepts.
    pub(crate) fn resolve(&self, rev: &str) -> Result<Oid> {
        if self.is_empty() {
            return Err(Error::GitEmpty { path: self.top() });
        }
        match self.repo.rev_parse_single(rev) {
            Ok(id) => self.commit_of(id.detach(), rev),
            Err(e) => {
                let shallow = self.is_shallow();
                if shallow && walks_history(rev) {
                    return Err(Error::GitShallow {
                        what: format!("`{rev}`"),
                    });
                }
                if let Some(parse) = e.downcast_any_ref::<gix::revision::spec::parse::Error>()
                    && matches!(
                        parse,
                        gix::revision::spec::parse::Error::AmbiguousPrefix { .. }
                            | gix::revision::spec::parse::Error::AmbiguousRefAndObject { .. }
                    )
                {
                    return Err(Error::Git {
                        message: format!(
                            "`{rev}` is ambiguous: give more characters of the commit id"
                        ),
                    });
                }
                if e.is_corrupted() {
                    return Err(corrupt(&format!("`{rev}`"), &e));
                }
                Err(Error::GitUnknownRevision {
                    rev: rev.to_owned(),
                    suggestions: self.near_names(rev),
                    shallow,
                })
            }
        }
    }

    /// Branch and tag names near a misspelled revision.
    fn near_names(&self, rev: &str) -> Vec<String> {
        let Ok(platform) = self.repo.references() else {
            return Vec::new();
        };
        let Ok(all) = platform.all() else {
            return Vec::new();
        };
        let names: Vec<String> = all
            .flatten()
            .filter(|r| {
                matches!(
                    r.name().category(),
                    Some(
                        gix::refs::Category::LocalBranch
                            | gix::refs::Category::RemoteBranch
                            | gix::refs::Category::Tag
                    )
                )
            })
            .map(|r| r.name().shorten().to_str_lossy().into_owned())
            .collect();
        crate::suggest::nearest(rev, names.iter().map(String::as_str), 3)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    fn find_commit(&self, id: Oid) -> Result<gix::Commit<'_>> {
        let what = || format!("commit {id}");
        let object = self
            .repo
            .find_object(id)
            .map_err(|e| self.error(&what(), &e))?;
        object.try_into_commit().map_err(|e| corrupt(&what(), &e))
    }

    /// A commit's id, author, date and subject.
    pub(crate) fn describe(&self, id: Oid) -> Result<CommitInfo> {
        let commit = self.find_commit(id)?;
        let what = || format!("commit {id}");
        let decoded = commit.decode().map_err(|e| corrupt(&what(), &e))?;
        let author = decoded.author().map_err(|e| corrupt(&what(), &e))?.trim();
        let time = author
            .time()
            .map_err(|e| corrupt(&format!("the date of {}", what()), &e))?;
        let short = commit.id().shorten_or_id().to_string();
        Ok(CommitInfo {
            id,
            short,
            time: time.seconds,
            offset: time.offset / 60,
            author: author.name.to_str_lossy().into_owned(),
            email: author.email.to_str_lossy().into_owned(),
            subject: decoded.message_summary().to_str_lossy().into_owned(),
        })
    }

    /// The paths the index tracks under the folder `prefix` (`""`: all), relative to it,
    /// sorted (names that are not UTF-8 with U+FFFD for their broken bytes). A missing index is an empty one (nothing staged yet); a damaged one is an
    /// error, never a silently shorter list.
    pub(crate) fn tracked(&self, prefix: &str) -> Result<Vec<String>> {
        let index = match self.repo.open_index() {
            Ok(index) => index,
            Err(e) if e.is_not_found() => return Ok(Vec::new()),
            Err(e) => return Err(corrupt("the index (`.git/index`)", &e)),
        };
        let mut files: Vec<String> = index
            .entries()
            .iter()
            .filter_map(|entry| {
                // A name that is not UTF-8 is listed with U+FFFD for its broken bytes, so
                // it is still counted and shown (unowned, say), never dropped.
                let path = entry.path(&index).to_str_lossy();
                if prefix.is_empty() {
                    Some(path.into_owned())
                } else {
                    path.strip_prefix(prefix)?
                        .strip_prefix('/')
                        .map(str::to_owned)
                }
            })
            .collect();
        files.sort_unstable();
        files.dedup();
        Ok(files)
    }

    /// A blob's bytes, refused past `limit` before it is inflated (the header gives the
    /// size). `name` is how errors name the file.
    pub(crate) fn blob(&self, id: Oid, name: &str, limit: u64) -> Result<Vec<u8>> {
        read_blob(&self.repo, id, name, limit)
    }

    /// Turn a `gix` failure about `what` into an error with a stable code: a missing object
    /// is what a shallow clone looks like from inside, so say so there.
    fn error(&self, what: &str, e: &gix::Error) -> Error {
        object_error(what, e, || self.is_shallow())
    }
}

fn object_error(what: &str, e: &gix::Error, shallow: impl FnOnce() -> bool) -> Error {
    if e.is_not_found() {
        if shallow() {
            return Error::GitShallow {
                what: "an object this command needs".into(),
            };
        }
        return Error::GitMissingObject {
            what: what.to_owned(),
            message: chain(e),
        };
    }
    corrupt(what, e)
}

fn read_blob(repo: &gix::Repository, id: Oid, name: &str, limit: u64) -> Result<Vec<u8>> {
    let failed = |e: &gix::Error| {
        object_error(&format!("`{name}` (blob {id})"), e, || {
            repo.is_shallow().unwrap_or(false)
        })
    };
    let header = repo.find_header(id).map_err(|e| failed(&e))?;
    if header.size() > limit {
        return Err(Error::TooLarge {
            path: name.to_owned(),
            size: header.size(),
            limit,
        });
    }
    let object = repo.find_object(id).map_err(|e| failed(&e))?;
    if object.kind != gix::objs::Kind::Blob {
        return Err(corrupt(
            &format!("`{name}` (blob {id})"),
            &std::io::Error::other(format!("a {} where a file was expected", object.kind)),
        ));
    }
    // The header said one size; what was inflated must not be larger.
    if object.data.len() as u64 > limit {
        return Err(Error::TooLarge {
            path: name.to_owned(),
            size: object.data.len() as u64,
            limit,
        });
    }
    Ok(object.detach().data)
}

/// Whether the index recorded the file at `full` with its current size and modification
/// time (git's own test for "unchanged" before it looks at content).
fn stat_matches(entry: &gix::index::Entry, full: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(full) else {
        return false;
    };
    let Ok(modified) = meta.modified() else {
        return false;
    };
    let Ok(since) = modified.duration_since(std::time::UNIX_EPOCH) else {
        return false;
    };
    u64::from(entry.stat.size) == (meta.len() & 0xffff_ffff)
        && u64::from(entry.stat.mtime.secs) == since.as_secs()
        && entry.stat.mtime.nsecs == since.subsec_nanos()
}

/// No `.git` (folder or file) at or above `start`: plainly not in a repository, as opposed to
/// a repository that cannot be opened.
fn no_repository(start: &Path) -> bool {
    !start
        .ancestors()
        .any(|dir| std::fs::symlink_metadata(dir.join(".git")).is_ok())
        && std::env::var_os("GIT_DIR").is_none()
}

/// An error and its causes, on one line.
pub(crate) fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = vec![e.to_string()];
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    crate::render::text::one_line(&parts.join(": "))
}

/// Damaged data in the repository.
fn corrupt(what: &str, e: &(dyn std::error::Error + 'static)) -> Error {
    Error::GitCorrupt {
        what: what.to_owned(),
        message: chain(e),
    }
}

/// Whether a revision reaches back through history (`HEAD~3`, `main^2`, a commit id), so
/// that in a shallow clone its failure most likely means the history was not fetched.
fn walks_history(rev: &str) -> bool {
    rev.contains(['~', '^'])
        || (rev.len() >= 4 && rev.len() <= 40 && rev.chars().all(|c| c.is_ascii_hexdigit()))
}
