//! Where ownership files are read from: the working tree, or (see `git`) a revision.
//!
//! A [`Tree`] lists files and reads them, and enforces the boundary of the ownership root:
//! nothing outside it is listed or read, whatever a symbolic link points at.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Files under an ownership root.
pub trait Tree: Sync {
    /// Every file under the root, as `/`-separated relative paths, sorted.
    fn list(&self) -> Result<Vec<String>>;
    /// The bytes of one file; fails when it is larger than `limit`.
    fn read(&self, path: &str, limit: u64) -> Result<Vec<u8>>;
    /// How diagnostics name a file (`duties/a.own.yaml`, or `HEAD~1:duties/a.own.yaml`).
    fn display_name(&self, path: &str) -> String {
        path.to_owned()
    }
    /// The files [`Tree::list`] gives that are, or are below, one of these root-relative
    /// paths, sorted: what include globs starting with literal folders need
    /// (`duties/*.own.yaml`), without listing a large repository.
    fn list_under(&self, prefixes: &[String]) -> Result<Vec<String>> {
        let under = |path: &str| {
            prefixes.iter().any(|p| {
                path.strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
        };
        Ok(self.list()?.into_iter().filter(|p| under(p)).collect())
    }
    /// The files that must be owned: what git tracks under the root, sorted.
    fn tracked(&self) -> Result<Vec<String>> {
        self.list()
    }
    /// The root's path inside its git repository (`""` at the top or outside a repository),
    /// with `/` separators and no trailing slash.
    fn repo_prefix(&self) -> String {
        String::new()
    }
}

/// The files on disk under a root folder.
#[derive(Clone)]
pub struct DiskTree {
    root: PathBuf,
    /// The canonical root, to tell whether a link leads out of it.
    canonical: PathBuf,
}

impl DiskTree {
    pub fn new(root: &Path) -> Result<DiskTree> {
        let canonical = root.canonicalize().map_err(|source| Error::Read {
            path: root.display().to_string(),
            source,
        })?;
        Ok(DiskTree {
            root: root.to_path_buf(),
            canonical,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn inside(&self, path: &Path) -> bool {
        path.canonicalize()
            .is_ok_and(|p| p.starts_with(&self.canonical))
    }
}

impl DiskTree {
    /// Every file under the root; `require_git: false` applies `.gitignore` files even
    /// outside a repository (for coverage without git).
    fn walk(&self, gitignore_outside_git: bool) -> Result<Vec<String>> {
        let mut files = Vec::new();
        self.walk_from(&self.root, gitignore_outside_git, &mut files)?;
        files.sort();
        Ok(files)
    }

    /// Add the files at or below `start` (inside the root) to `files`.
    fn walk_from(
        &self,
        start: &Path,
        gitignore_outside_git: bool,
        files: &mut Vec<String>,
    ) -> Result<()> {
        let canonical = self.canonical.clone();
        let walker = ignore::WalkBuilder::new(start)
            .hidden(false)
            .follow_links(true)
            .require_git(!gitignore_outside_git)
            // Never descend through a link into a folder outside the root: listing it would
            // already be reading outside the boundary.
            .filter_entry(move |e| {
                e.file_name() != ".git"
                    && !(e.path_is_symlink()
                        && e.file_type().is_some_and(|t| t.is_dir())
                        && !e
                            .path()
                            .canonicalize()
                            .is_ok_and(|p| p.starts_with(&canonical)))
            })
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| Error::Walk {
                path: self.root.display().to_string(),
                message: e.to_string(),
            })?;
            // Links to files outside the root stay listed, so that reading one (if a glob
            // selects it) fails with a clear error instead of being skipped silently.
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(&self.root) else {
                continue;
            };
            let Some(relative) = relative.to_str() else {
                continue;
            };
            files.push(relative.replace(std::path::MAIN_SEPARATOR, "/"));
        }
        Ok(())
    }
}

impl Tree for DiskTree {
    fn list(&self) -> Result<Vec<String>> {
        self.walk(false)
    }

    fn list_under(&self, prefixes: &[String]) -> Result<Vec<String>> {
        let mut files = Vec::new();
        for prefix in prefixes {
            let start = self.root.join(prefix);
            let Ok(meta) = std::fs::symlink_metadata(&start) else {
                continue; // nothing there: the glob matches nothing
            };
            // A linked folder that leads out of the root is not listed, as in a full walk.
            if meta.file_type().is_symlink() && start.is_dir() && !self.inside(&start) {
                continue;
            }
            self.walk_from(&start, false, &mut files)?;
        }
        files.sort();
        files.dedup();
        Ok(files)
    }

    /// Tracked files from the git index when the root is in a repository (ignored and
    /// untracked files never count); otherwise a walk that honours `.gitignore`.
    fn tracked(&self) -> Result<Vec<String>> {
        let Ok(repo) = git2::Repository::discover(&self.root) else {
            return self.walk(true);
        };
        if repo.is_bare() {
            return self.walk(true);
        }
        let prefix = self.repo_prefix();
        let index = repo.index().map_err(|e| Error::Walk {
            path: self.root.display().to_string(),
            message: format!("cannot read the git index: {}", e.message()),
        })?;
        let mut files: Vec<String> = index
            .iter()
            .filter_map(|entry| {
                let path = std::str::from_utf8(&entry.path).ok()?;
                if prefix.is_empty() {
                    Some(path.to_owned())
                } else {
                    path.strip_prefix(prefix.as_str())?
                        .strip_prefix('/')
                        .map(str::to_owned)
                }
            })
            .collect();
        files.sort();
        files.dedup();
        Ok(files)
    }

    fn repo_prefix(&self) -> String {
        super::repo_prefix(&self.root)
    }

    fn read(&self, path: &str, limit: u64) -> Result<Vec<u8>> {
        let full = self.root.join(path);
        let read_error = |source| Error::Read {
            path: path.to_owned(),
            source,
        };
        if !self.inside(&full) && full.exists() {
            return Err(Error::OutsideRoot {
                path: path.to_owned(),
                target: full
                    .canonicalize()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            });
        }
        let file = std::fs::File::open(&full).map_err(read_error)?;
        let size = file.metadata().map_err(read_error)?.len();
        if size > limit {
            return Err(Error::TooLarge {
                path: path.to_owned(),
                size,
                limit,
            });
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        // Read at most one byte past the limit, in case the file grows while being read.
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        if bytes.len() as u64 > limit {
            return Err(Error::TooLarge {
                path: path.to_owned(),
                size: bytes.len() as u64,
                limit,
            });
        }
        Ok(bytes)
    }
}
