//! Trees: a commit's entries, the files under a folder (measured first against the
//! limits), the working tree compared with a commit, and [`GitTree`], a [`Tree`] over one
//! commit's files.

use super::*;

/// A tree read by [`Repo::measure`]: its entries, how many files it holds below, and how
/// many folders deep it nests.
struct Measured {
    entries: Rc<Vec<Entry>>,
    files: usize,
    height: usize,
}

impl Repo {
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
    fn links_stay_inside_the_root() {
        assert_eq!(join_inside("a/b/link", "../c").as_deref(), Some("a/c"));
        assert_eq!(join_inside("link", "./x/y").as_deref(), Some("x/y"));
        assert_eq!(join_inside("a/link", "../../etc/passwd"), None);
        assert_eq!(join_inside("link", "/etc/passwd"), None);
    }
}
