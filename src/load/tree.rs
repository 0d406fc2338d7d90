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
}

/// The files on disk under a root folder.
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

impl Tree for DiskTree {
    fn list(&self) -> Result<Vec<String>> {
        let mut files = Vec::new();
        let walker = ignore::WalkBuilder::new(&self.root)
            .hidden(false)
            .follow_links(true)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| Error::Walk {
                path: self.root.display().to_string(),
                message: e.to_string(),
            })?;
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            // A link that leads out of the root is not part of the organisation.
            if entry.path_is_symlink() && !self.inside(entry.path()) {
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
        files.sort();
        Ok(files)
    }

    fn read(&self, path: &str, limit: u64) -> Result<Vec<u8>> {
        let full = self.root.join(path);
        let read_error = |source| Error::Read {
            path: path.to_owned(),
            source,
        };
        if !self.inside(&full) && full.exists() {
            return Err(Error::Read {
                path: path.to_owned(),
                source: std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    "it leads outside the ownership root",
                ),
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
