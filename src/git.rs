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

/// A tree read by [`Repo::measure`]: its entries, how many files it holds below, and how
/// many folders deep it nests.
struct Measured {
    entries: Rc<Vec<Entry>>,
    files: usize,
    height: usize,
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

    /// The best common ancestor of two commits.
    pub(crate) fn merge_base(&self, a: Oid, b: Oid, a_name: &str, b_name: &str) -> Result<Oid> {
        let shallow = || Error::GitShallow {
            what: format!("the common ancestor of `{a_name}` and `{b_name}`"),
        };
        match self.repo.merge_base(a, b) {
            Ok(Some(base)) => Ok(base.detach()),
            Ok(None) if self.is_shallow() => Err(shallow()),
            Ok(None) => Err(Error::GitNoMergeBase {
                a: a_name.to_owned(),
                b: b_name.to_owned(),
            }),
            Err(_) if self.is_shallow() => Err(shallow()),
            Err(e) => Err(self.error("the common ancestor", &e)),
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
            let Ok(Some(mut reference)) = self.repo.try_find_reference(*name) else {
                continue;
            };
            // `origin/HEAD` is symbolic: name the branch it points to.
            let shown = match reference.target().try_name() {
                Some(target) => target.shorten().to_str_lossy().into_owned(),
                None => reference.name().shorten().to_str_lossy().into_owned(),
            };
            let Ok(id) = reference.peel_to_id() else {
                continue;
            };
            let Ok(commit) = self.commit_of(id.detach(), &shown) else {
                continue;
            };
            return Ok((shown, commit));
        }
        Err(Error::GitNoDefaultBranch {
            shallow: self.is_shallow(),
        })
    }

    /// The last commit on the first-parent history of `head` whose committer time is at or
    /// before `until` (seconds since the epoch). `at` is how the user wrote the moment.
    pub(crate) fn commit_at(&self, head: Oid, until: i64, at: &str) -> Result<Oid> {
        let boundary = self.shallow_boundary();
        let mut id = head;
        let mut seen = HashSet::new();
        loop {
            if !seen.insert(id) {
                return Err(corrupt(
                    &format!("commit {id}"),
                    &std::io::Error::other("the history loops back on itself"),
                ));
            }
            let commit = self.find_commit(id)?;
            let (time, parents) = self.time_and_parents(&commit)?;
            if time <= until {
                return Ok(id);
            }
            let Some(first) = parents.first().copied() else {
                return Err(Error::GitNoCommitAt {
                    at: at.to_owned(),
                    first: Some(format_day(time)),
                });
            };
            if boundary.contains(&id) {
                return Err(Error::GitShallow {
                    what: format!("the history before {at}"),
                });
            }
            id = first;
        }
    }

    /// A commit's parents, first parent first.
    pub(crate) fn parents(&self, id: Oid) -> Result<Vec<Oid>> {
        let commit = self.find_commit(id)?;
        Ok(self.time_and_parents(&commit)?.1)
    }

    /// A commit's committer time and parent ids, failing on a corrupt commit.
    fn time_and_parents(&self, commit: &gix::Commit<'_>) -> Result<(i64, Vec<Oid>)> {
        let what = || format!("commit {}", commit.id);
        let decoded = commit.decode().map_err(|e| corrupt(&what(), &e))?;
        let time = decoded
            .committer()
            .map_err(|e| corrupt(&what(), &e))?
            .time()
            .map_err(|e| corrupt(&format!("the date of {}", what()), &e))?
            .seconds;
        Ok((time, decoded.parents().collect()))
    }

    /// The commits a shallow clone has without their parents (`.git/shallow`).
    pub(crate) fn shallow_boundary(&self) -> HashSet<Oid> {
        match self.repo.shallow_commits() {
            Ok(Some(commits)) => commits.iter().copied().collect(),
            _ => HashSet::new(),
        }
    }

    /// Every commit reachable from `start`, children before parents and otherwise newest
    /// first by committer time (`git log --date-order`). Parents beyond a shallow clone's
    /// boundary are not followed.
    pub(crate) fn walk(&self, start: Oid) -> Result<Vec<Walked>> {
        let boundary = self.shallow_boundary();
        // First every commit and its parents, then Kahn's algorithm over them.
        let mut nodes: Vec<(Oid, i64, Vec<usize>)> = Vec::new();
        let mut index: HashMap<Oid, usize> = HashMap::new();
        let mut pending = vec![start];
        index.insert(start, 0);
        nodes.push((start, 0, Vec::new()));
        while let Some(id) = pending.pop() {
            let at = index[&id];
            let commit = self.find_commit(id)?;
            let (time, parents) = self.time_and_parents(&commit)?;
            let parents = if boundary.contains(&id) {
                Vec::new()
            } else {
                parents
            };
            let mut parent_slots = Vec::with_capacity(parents.len());
            for parent in parents {
                let slot = *index.entry(parent).or_insert_with(|| {
                    nodes.push((parent, 0, Vec::new()));
                    pending.push(parent);
                    nodes.len() - 1
                });
                parent_slots.push(slot);
            }
            nodes[at].1 = time;
            nodes[at].2 = parent_slots;
        }
        let mut children = vec![0usize; nodes.len()];
        for (_, _, parents) in &nodes {
            for &p in parents {
                children[p] += 1;
            }
        }
        // Ready commits, newest first; among equal times, the one found first.
        let mut ready: BinaryHeap<(i64, std::cmp::Reverse<usize>)> = BinaryHeap::new();
        ready.push((nodes[0].1, std::cmp::Reverse(0)));
        let mut order = Vec::with_capacity(nodes.len());
        while let Some((_, std::cmp::Reverse(at))) = ready.pop() {
            order.push(at);
            for &p in &nodes[at].2 {
                children[p] -= 1;
                if children[p] == 0 {
                    ready.push((nodes[p].1, std::cmp::Reverse(p)));
                }
            }
        }
        Ok(order
            .into_iter()
            .map(|at| {
                let (id, _, parents) = &nodes[at];
                Walked {
                    id: *id,
                    parents: parents.iter().map(|&p| nodes[p].0).collect(),
                    boundary: boundary.contains(id),
                }
            })
            .collect())
    }

    /// A commit's root tree.
    pub(crate) fn root_tree(&self, commit: Oid) -> Result<Oid> {
        let commit = self.find_commit(commit)?;
        let decoded = commit
            .decode()
            .map_err(|e| corrupt(&format!("commit {}", commit.id), &e))?;
        Ok(decoded.tree())
    }

    /// The entries of a tree, in git's order. Names that are not UTF-8 are refused: no
    /// ownership file can be named so, and no pattern could match it.
    pub(crate) fn entries(&self, tree: Oid) -> Result<Vec<Entry>> {
        let what = || format!("tree {tree}");
        let object = self
            .repo
            .find_object(tree)
            .map_err(|e| self.error(&what(), &e))?;
        if object.kind != gix::objs::Kind::Tree {
            return Err(corrupt(
                &what(),
                &std::io::Error::other(format!("a {} where a tree was expected", object.kind)),
            ));
        }
        let tree_object = object.into_tree();
        let decoded = tree_object.decode().map_err(|e| corrupt(&what(), &e))?;
        let mut entries = Vec::with_capacity(decoded.entries.len());
        for entry in &decoded.entries {
            let kind = if entry.mode.is_tree() {
                EntryKind::Folder
            } else if entry.mode.is_link() {
                EntryKind::Link
            } else if entry.mode.is_commit() {
                EntryKind::Submodule
            } else {
                EntryKind::File
            };
            let Ok(name) = entry.filename.to_str() else {
                // Git allows any bytes but `/` and NUL; say which entry, escaped.
                return Err(Error::Git {
                    message: format!(
                        "{}: the name `{}` is not UTF-8",
                        what(),
                        entry.filename.to_str_lossy().escape_debug()
                    ),
                });
            };
            entries.push(Entry {
                name: name.to_owned(),
                id: entry.oid.to_owned(),
                kind,
            });
        }
        Ok(entries)
    }

    /// The entry at a `/`-separated path under a tree (`""`: the tree itself).
    fn entry_at(&self, tree: Oid, path: &str) -> Result<Option<Entry>> {
        let mut current = Entry {
            name: String::new(),
            id: tree,
            kind: EntryKind::Folder,
        };
        for part in path.split('/').filter(|p| !p.is_empty()) {
            if current.kind != EntryKind::Folder {
                return Ok(None);
            }
            match self
                .entries(current.id)?
                .into_iter()
                .find(|e| e.name == part)
            {
                Some(entry) => current = entry,
                None => return Ok(None),
            }
        }
        Ok(Some(current))
    }

    /// The tree of a folder (`prefix`, `""` for the top) at a commit, if it exists there.
    pub(crate) fn subtree(&self, commit: Oid, prefix: &str) -> Result<Option<Oid>> {
        let root = self.root_tree(commit)?;
        Ok(self
            .entry_at(root, prefix)?
            .filter(|e| e.kind == EntryKind::Folder)
            .map(|e| e.id))
    }

    /// Whether `own.yaml` exists in the folder `prefix` at a commit.
    pub(crate) fn has_manifest(&self, commit: Oid, prefix: &str) -> Result<bool> {
        let Some(tree) = self.subtree(commit, prefix)? else {
            return Ok(false);
        };
        // A link or a submodule named `own.yaml` is not an ownership file (and a link's
        // target is never followed: it could lead anywhere).
        Ok(self
            .entries(tree)?
            .iter()
            .any(|e| e.name == MANIFEST && e.kind == EntryKind::File))
    }

    /// Every file and link under a tree, as `/`-separated paths, walking only the folders
    /// `enter` admits (given the folder's path).
    ///
    /// Two passes, both with explicit stacks (a tree nested 70,000 deep must not overflow
    /// the stack). The first reads each distinct tree once and measures it: how many files it
    /// holds and how deeply it nests, so that a few small trees naming one subtree over and
    /// over (billions of paths), folders nested past [`MAX_TREE_DEPTH`], or a tree that
    /// contains itself are refused before any path is built. The second lists the paths from
    /// the trees already read.
    pub(crate) fn files(
        &self,
        tree: Oid,
        enter: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<(String, Oid, EntryKind)>> {
        let trees = self.measure(tree, enter)?;
        // Each pending folder keeps its own path; one is popped before its children are
        // pushed, so memory stays linear in the listing however deep the folders go.
        let mut out = Vec::new();
        let mut pending: Vec<(String, Oid)> = vec![(String::new(), tree)];
        while let Some((dir, id)) = pending.pop() {
            let Some(measured) = trees.get(&id) else {
                continue;
            };
            for entry in measured.entries.iter() {
                let path = if dir.is_empty() {
                    entry.name.clone()
                } else {
                    format!("{dir}/{}", entry.name)
                };
                if path.len() > MAX_PATH_LEN
                    && let Some(error) = past_limits(&path, 0, 0)
                {
                    return Err(error);
                }
                match entry.kind {
                    EntryKind::Folder if enter(&path) => pending.push((path, entry.id)),
                    EntryKind::File | EntryKind::Link => out.push((path, entry.id, entry.kind)),
                    EntryKind::Folder | EntryKind::Submodule => {}
                }
            }
        }
        out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// Read every distinct tree below `tree` that `enter` admits once, bottom up, and refuse
    /// the walk when it would list more than [`MAX_LISTED`] files, nest deeper than
    /// [`MAX_TREE_DEPTH`] or hold a path longer than [`MAX_PATH_LEN`].
    fn measure(&self, tree: Oid, enter: &dyn Fn(&str) -> bool) -> Result<HashMap<Oid, Measured>> {
        let mut done: HashMap<Oid, Measured> = HashMap::new();
        let mut open: HashMap<Oid, Rc<Vec<Entry>>> = HashMap::new();
        // (tree, the path it was first reached by, whether its children were pushed)
        let mut stack: Vec<(Oid, Rc<str>, bool)> = vec![(tree, Rc::from(""), false)];
        while let Some((id, path, expanded)) = stack.pop() {
            if done.contains_key(&id) {
                continue;
            }
            if !expanded {
                if open.contains_key(&id) {
                    return Err(corrupt(
                        &format!("tree {id}"),
                        &std::io::Error::other("the tree contains itself"),
                    ));
                }
                let entries = Rc::new(self.entries(id)?);
                stack.push((id, path.clone(), true));
                for entry in entries.iter().filter(|e| e.kind == EntryKind::Folder) {
                    if done.contains_key(&entry.id) {
                        continue;
                    }
                    if open.contains_key(&entry.id) {
                        return Err(corrupt(
                            &format!("tree {}", entry.id),
                            &std::io::Error::other("the tree contains itself"),
                        ));
                    }
                    let below = if path.is_empty() {
                        entry.name.clone()
                    } else {
                        format!("{path}/{}", entry.name)
                    };
                    // Refused at once: every path kept is then short. (`open` holds the
                    // trees above this one, so the folder is that many and one deep.)
                    if let Some(error) = past_limits(&below, open.len() + 1, 0) {
                        return Err(error);
                    }
                    // Only the folders the caller walks are read (a stamp reads the few
                    // folders the include globs reach, not the whole repository).
                    if enter(&below) {
                        stack.push((entry.id, Rc::from(below), false));
                    }
                }
                open.insert(id, entries);
                // The open trees are the chain from the top to this one: its depth.
                if open.len() > MAX_TREE_DEPTH
                    && let Some(error) = past_limits(&path, open.len(), 0)
                {
                    return Err(error);
                }
                continue;
            }
            let Some(entries) = open.remove(&id) else {
                continue;
            };
            let (mut files, mut height) = (0usize, 0usize);
            for entry in entries.iter() {
                match entry.kind {
                    EntryKind::Folder => {
                        if let Some(sub) = done.get(&entry.id) {
                            files = files.saturating_add(sub.files);
                            height = height.max(sub.height + 1);
                        }
                    }
                    EntryKind::File | EntryKind::Link => files = files.saturating_add(1),
                    EntryKind::Submodule => {}
                }
            }
            if let Some(error) = past_limits(&path, height, files) {
                return Err(error);
            }
            done.insert(
                id,
                Measured {
                    entries,
                    files,
                    height,
                },
            );
        }
        Ok(done)
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
        // Only the folders the scopes reach are walked, as the loader lists them on disk.
        let committed: Vec<(String, Oid)> = self
            .files(tree, &|path| scopes.iter().any(|s| s.enters(path)))?
            .into_iter()
            .filter(|(path, _, kind)| {
                *kind == EntryKind::File && scopes.iter().any(|s| s.contains(path)) && wanted(path)
            })
            .map(|(path, id, _)| (path, id))
            .collect();
        let mut read: Vec<&str> = read.to_vec();
        read.sort_unstable();
        read.dedup();
        if committed.len() != read.len() || committed.iter().zip(&read).any(|((c, _), r)| c != r) {
            return Ok(false);
        }
        let index = self.repo.open_index().ok();
        for (path, id) in &committed {
            let full = dir.join(path);
            // The bytes on disk hash to the committed blob in the common case.
            let hashed = std::fs::read(&full)
                .ok()
                .and_then(|bytes| {
                    gix::objs::compute_hash(id.kind(), gix::objs::Kind::Blob, &bytes).ok()
                })
                .is_some_and(|h| h == *id);
            if hashed {
                continue;
            }
            // When they do not, filters (line endings) may make the same content other
            // bytes: git counts the file unchanged when the index holds the committed blob
            // and the file's size and time are those the index recorded.
            let in_repo = if prefix.is_empty() {
                path.clone()
            } else {
                format!("{prefix}/{path}")
            };
            let unchanged = index.as_ref().is_some_and(|index| {
                index
                    .entry_by_path(in_repo.as_bytes().as_bstr())
                    .is_some_and(|entry| entry.id == *id && stat_matches(entry, &full))
            });
            if !unchanged {
                return Ok(false);
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

/// `2026-03-01`, in UTC. Dates past jiff's range (year 9999) are computed by hand from the
/// civil calendar, so a commit dated year 10000 still gets its day.
pub(crate) fn format_day(seconds: i64) -> String {
    let (year, month, day, _) = civil(seconds);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `2026-03-01T09:30:00Z`, in UTC, for any date git can hold.
pub(crate) fn format_instant(seconds: i64) -> String {
    let (year, month, day, second) = civil(seconds);
    let (h, m, s) = (second / 3600, second / 60 % 60, second % 60);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
}

/// Year, month, day and second of the day of a moment in UTC (Howard Hinnant's
/// `civil_from_days`, valid for every `i64` a commit can hold).
fn civil(seconds: i64) -> (i64, i64, i64, i64) {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, seconds.rem_euclid(86_400))
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
///
/// A link is listed when it leads, within the root at that commit, to a file, and reading it
/// reads that file: the same as the working tree, where a link is followed inside the root.
pub(crate) struct GitTree {
    /// Shared across the loader's threads; each read takes a thread-local handle.
    repo: gix::ThreadSafeRepository,
    /// Root-relative paths and their blob ids (a link's: its target's), sorted by path.
    files: Vec<(String, Oid)>,
    /// Links that lead nowhere inside the root, and why.
    broken: HashMap<String, String>,
    /// How the revision was named (`HEAD~1`, `a1b2c3d`), for `REV:path` names; empty for
    /// plain root-relative names (as `own diff` reports them: its sides are named already).
    label: String,
    /// The root's folder in the repository (`""` at the top).
    prefix: String,
}

impl GitTree {
    /// The files under the folder `prefix` at a commit (which must exist there).
    pub(crate) fn new(repo: &Repo, commit: Oid, prefix: &str, label: &str) -> Result<Self> {
        let Some(tree) = repo.subtree(commit, prefix)? else {
            return Err(Error::GitNoManifest {
                rev: label.to_owned(),
                dir: prefix.to_owned(),
            });
        };
        let listed = repo.files(tree, &|_| true)?;
        let mut files = Vec::with_capacity(listed.len());
        let mut links = Vec::new();
        for (path, id, kind) in listed {
            match kind {
                EntryKind::Link => links.push((path, id)),
                _ => files.push((path, id)),
            }
        }
        let mut broken = HashMap::new();
        let mut resolved = Vec::new();
        if !links.is_empty() {
            let link_ids: HashMap<&str, Oid> =
                links.iter().map(|(p, id)| (p.as_str(), *id)).collect();
            for (path, _) in &links {
                match follow(repo, path, &files, &link_ids) {
                    Ok(id) => resolved.push((path.clone(), id)),
                    Err(why) => {
                        broken.insert(path.clone(), why);
                    }
                }
            }
        }
        files.extend(resolved);
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(GitTree {
            repo: repo.repo.clone().into_sync(),
            files,
            broken,
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

/// Where a link leads inside the root at the commit: the blob of the file it names, through
/// at most [`MAX_LINK_HOPS`] links; or why it leads nowhere.
fn follow(
    repo: &Repo,
    link: &str,
    files: &[(String, Oid)],
    links: &HashMap<&str, Oid>,
) -> std::result::Result<Oid, String> {
    let mut current = link.to_owned();
    for _ in 0..MAX_LINK_HOPS {
        let Some(&id) = links.get(current.as_str()) else {
            return match files.binary_search_by(|(p, _)| p.as_str().cmp(&current)) {
                Ok(i) => Ok(files[i].1),
                Err(_) => Err(format!(
                    "the link leads to `{current}`, which is not a file here"
                )),
            };
        };
        let target = repo
            .blob(id, &current, MAX_LINK_SIZE)
            .map_err(|e| e.to_string())?;
        let target =
            String::from_utf8(target).map_err(|_| "the link's target is not UTF-8".to_owned())?;
        current = join_inside(&current, &target)
            .ok_or_else(|| format!("the link leads to `{target}`, outside the ownership root"))?;
    }
    Err("the links form a loop".into())
}

/// The root-relative path a link at `link` with `target` leads to, or `None` when it leaves
/// the root (an absolute target, or `..` past the top).
fn join_inside(link: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = link.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    Some(parts.join("/"))
}

impl Tree for GitTree {
    fn list(&self) -> Result<Vec<String>> {
        let mut all: Vec<String> = self.files.iter().map(|(p, _)| p.clone()).collect();
        // A broken link is listed, as on disk: reading it is the error, when it is needed.
        all.extend(self.broken.keys().cloned());
        all.sort_unstable();
        Ok(all)
    }

    /// Every file of the commit under the root is tracked, by definition.
    fn repo_prefix(&self) -> String {
        self.prefix.clone()
    }

    fn read(&self, path: &str, limit: u64) -> Result<Vec<u8>> {
        if let Some(why) = self.broken.get(path) {
            return Err(Error::Read {
                path: self.display_name(path),
                source: std::io::Error::other(why.clone()),
            });
        }
        let oid = self.blob(path).ok_or_else(|| Error::Read {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not in this revision"),
        })?;
        let repo = self.repo.to_thread_local();
        read_blob(&repo, oid, path, limit)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_past_jiffs_range() {
        assert_eq!(format_day(0), "1970-01-01");
        assert_eq!(format_day(1_772_323_200), "2026-03-01");
        // 10000-01-01T00:00:00Z and a day in 10000 after February.
        assert_eq!(format_day(253_402_300_800), "10000-01-01");
        assert_eq!(format_day(253_402_300_800 + 86_400 * 60), "10000-03-01");
        assert_eq!(format_day(-86_400), "1969-12-31");
        assert_eq!(format_instant(1_772_357_400), "2026-03-01T09:30:00Z");
        assert_eq!(
            format_instant(253_402_300_800 + 61),
            "10000-01-01T00:01:01Z"
        );
        // jiff agrees wherever it reaches.
        for seconds in [-62_135_596_800, 951_782_400, 4_107_542_400, 253_401_000_000] {
            let jiff = jiff::Timestamp::from_second(seconds).unwrap().to_string();
            assert_eq!(format_instant(seconds), jiff);
        }
    }

    #[test]
    fn links_stay_inside_the_root() {
        assert_eq!(join_inside("a/b/link", "../c").as_deref(), Some("a/c"));
        assert_eq!(join_inside("link", "./x/y").as_deref(), Some("x/y"));
        assert_eq!(join_inside("a/link", "../../etc/passwd"), None);
        assert_eq!(join_inside("link", "/etc/passwd"), None);
    }
}
