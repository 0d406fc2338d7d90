//! Where files are read from: the working tree, or (see `git`) a revision; and reading them
//! as text. Ownership files (`load`), alert sources (`alerts`) and CODEOWNERS files all come
//! through here, which is why it is not part of `load`.
//!
//! A [`Tree`] lists files and reads them, and enforces the boundary of the ownership root:
//! nothing outside it is listed or read, whatever a symbolic link points at.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use std::sync::Arc;

use crate::error::{Error, Located, Result};
use crate::source::{SourceFile, Span};

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
    /// The files of [`Tree::list`] that lie in one of `scopes`, sorted. Trees that can skip
    /// the folders outside the scopes do (a large repository need not be walked to find the
    /// ownership files in one folder).
    fn list_within(&self, scopes: &[Scope]) -> Result<Vec<String>> {
        let mut files = self.list()?;
        files.retain(|path| scopes.iter().any(|s| s.contains(path)));
        Ok(files)
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

/// A part of a tree: a folder (`""` for the root) and how many levels below it count
/// (`None`: all). A file `a/b/c` is within `{ dir: "a", depth: Some(2) }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub dir: String,
    pub depth: Option<usize>,
}

impl Scope {
    /// The part of a tree where the paths an include glob can match lie: its leading
    /// literal folders, and as many levels below them as the glob has segments, unless a
    /// `**`, a class or an alternation (which may hold `/`) makes it any depth.
    pub fn of_glob(glob: &str) -> Scope {
        let segments: Vec<&str> = glob.split('/').collect();
        let literal = segments
            .iter()
            .take_while(|s| !s.contains(['*', '?', '[', '{']))
            .count();
        if literal == segments.len() {
            // A plain path: its folder, one level.
            return Scope {
                dir: segments[..literal - 1].join("/"),
                depth: Some(1),
            };
        }
        let rest = &segments[literal..];
        let unbounded = rest
            .iter()
            .any(|s| s.contains("**") || s.contains(['[', '{']));
        Scope {
            dir: segments[..literal].join("/"),
            depth: if unbounded { None } else { Some(rest.len()) },
        }
    }

    /// How many levels below this scope's folder `path` lies, if it is below it.
    fn levels_below(&self, path: &str) -> Option<usize> {
        let rest = if self.dir.is_empty() {
            path
        } else {
            path.strip_prefix(self.dir.as_str())?.strip_prefix('/')?
        };
        Some(rest.split('/').count())
    }

    /// Whether the file at `path` is within the scope.
    pub fn contains(&self, path: &str) -> bool {
        self.levels_below(path)
            .is_some_and(|levels| self.depth.is_none_or(|d| levels <= d))
    }

    /// Whether a walk must enter the folder at `dir` (`""` for the root) to find the files
    /// of the scope: it leads to the scope's folder, or lies in it above the deepest level.
    pub(crate) fn enters(&self, dir: &str) -> bool {
        if dir.is_empty() || self.dir == dir || self.dir.starts_with(&format!("{dir}/")) {
            return true;
        }
        self.levels_below(dir)
            .is_some_and(|levels| self.depth.is_none_or(|d| levels < d))
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
}

impl DiskTree {
    /// Every file under the root, or within `scopes`; `require_git: false` applies
    /// `.gitignore` files even outside a repository (for coverage without git).
    fn walk(&self, gitignore_outside_git: bool, scopes: Option<&[Scope]>) -> Result<Vec<String>> {
        let canonical = self.canonical.clone();
        let root = self.root.clone();
        let scopes: Option<Vec<Scope>> = scopes.map(<[Scope]>::to_vec);
        // The walk starts at the root even with scopes, so `.gitignore` files and ignored
        // folders on the way count exactly as in a whole walk; it only skips the folders no
        // scope needs.
        let in_scope = move |e: &ignore::DirEntry| {
            let Some(scopes) = &scopes else {
                return true;
            };
            let Some(relative) = e
                .path()
                .strip_prefix(&root)
                .ok()
                .and_then(|p| p.to_str())
                .map(|p| p.replace(std::path::MAIN_SEPARATOR, "/"))
            else {
                return true;
            };
            if e.file_type().is_some_and(|t| t.is_dir()) {
                scopes.iter().any(|s| s.enters(&relative))
            } else {
                scopes.iter().any(|s| s.contains(&relative))
            }
        };
        let walker = ignore::WalkBuilder::new(&self.root)
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
                    && in_scope(e)
            })
            .build_parallel();
        // Both cores (or more) list folders: on a large repository the walk is most of what
        // `own who PATH` does when the include globs name no folder.
        let (found, failure) = (Mutex::new(Vec::new()), Mutex::new(None));
        walker.visit(&mut Collect {
            root: &self.root,
            found: &found,
            failure: &failure,
        });
        if let Some(message) = failure.into_inner().unwrap_or_else(PoisonError::into_inner) {
            return Err(Error::Walk {
                path: self.root.display().to_string(),
                message,
            });
        }
        let mut files = found.into_inner().unwrap_or_else(PoisonError::into_inner);
        files.sort();
        Ok(files)
    }
}

/// What the threads of a parallel walk find: the root-relative paths of files, and the
/// first error.
struct Collect<'s> {
    root: &'s Path,
    found: &'s Mutex<Vec<String>>,
    failure: &'s Mutex<Option<String>>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for Collect<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Visit {
            root: self.root.to_path_buf(),
            mine: Vec::new(),
            found: self.found,
            failure: self.failure,
        })
    }
}

/// One thread's share of a [`Collect`]: it gathers paths on its own and hands them over
/// when it ends.
struct Visit<'s> {
    root: PathBuf,
    mine: Vec<String>,
    found: &'s Mutex<Vec<String>>,
    failure: &'s Mutex<Option<String>>,
}

impl ignore::ParallelVisitor for Visit<'_> {
    fn visit(
        &mut self,
        entry: std::result::Result<ignore::DirEntry, ignore::Error>,
    ) -> ignore::WalkState {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                // A dangling link is listed like a file: harmless unless a glob selects it,
                // and then reading it is a located error. Anything else stops the walk.
                if let Some(path) = dangling_link(&e)
                    && let Some(relative) =
                        path.strip_prefix(&self.root).ok().and_then(|r| r.to_str())
                {
                    self.mine
                        .push(relative.replace(std::path::MAIN_SEPARATOR, "/"));
                    return ignore::WalkState::Continue;
                }
                self.failure
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .get_or_insert(e.to_string());
                return ignore::WalkState::Quit;
            }
        };
        // Links to files outside the root stay listed, so that reading one (if a glob
        // selects it) fails with a clear error instead of being skipped silently; so do
        // FIFOs and devices, which reading refuses with a located error.
        if entry.file_type().is_some_and(|t| !t.is_dir())
            && let Some(relative) = entry
                .path()
                .strip_prefix(&self.root)
                .ok()
                .and_then(|r| r.to_str())
        {
            self.mine
                .push(relative.replace(std::path::MAIN_SEPARATOR, "/"));
        }
        ignore::WalkState::Continue
    }
}

/// The path of a symbolic link whose target does not exist, when that is the error.
fn dangling_link(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, err } => {
            let not_found = err
                .io_error()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
            let dangling = not_found
                && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            dangling.then_some(path.as_path())
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            dangling_link(err)
        }
        _ => None,
    }
}

impl Drop for Visit<'_> {
    fn drop(&mut self) {
        self.found
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .append(&mut self.mine);
    }
}

impl Tree for DiskTree {
    fn list(&self) -> Result<Vec<String>> {
        self.walk(false, None)
    }

    fn list_within(&self, scopes: &[Scope]) -> Result<Vec<String>> {
        let whole = scopes.iter().any(|s| s.dir.is_empty() && s.depth.is_none());
        self.walk(false, (!whole).then_some(scopes))
    }

    /// Tracked files from the git index when the root is in a repository (ignored and
    /// untracked files never count); otherwise a walk that honours `.gitignore`.
    fn tracked(&self) -> Result<Vec<String>> {
        let repo = match crate::git::Repo::discover(&self.root) {
            Ok(repo) => repo,
            Err(Error::GitNoRepository { .. }) => return self.walk(true, None),
            Err(e) => return Err(e),
        };
        if repo.is_bare() {
            return self.walk(true, None);
        }
        let prefix = self.repo_prefix();
        repo.tracked(&prefix)
    }

    fn repo_prefix(&self) -> String {
        repo_prefix(&self.root)
    }

    fn read(&self, path: &str, limit: u64) -> Result<Vec<u8>> {
        read_regular(&self.root.join(path), path, Some(&self.canonical), limit)
    }
}

/// Read a file the way `own` reads every file: a regular file (not a FIFO, whose open would
/// block, nor a device, nor `/proc`'s endless files behind a link), inside `within` once
/// links are followed (a link to `/proc/self/environ` must not leak the environment into a
/// diff), and at most `limit` bytes. `name` is how errors name the file; `within` is
/// canonical.
pub(crate) fn read_regular(
    full: &Path,
    name: &str,
    within: Option<&Path>,
    limit: u64,
) -> Result<Vec<u8>> {
    let read_error = |source| Error::Read {
        path: name.to_owned(),
        source,
    };
    let target = full.canonicalize().map_err(read_error)?;
    if let Some(within) = within
        && !target.starts_with(within)
    {
        return Err(Error::OutsideRoot {
            path: name.to_owned(),
            target: target.display().to_string(),
        });
    }
    let meta = std::fs::metadata(&target).map_err(read_error)?;
    if !meta.is_file() {
        return Err(read_error(std::io::Error::other(
            "not a regular file (a FIFO, a device or a folder); own reads only regular files",
        )));
    }
    if meta.len() > limit {
        return Err(Error::TooLarge {
            path: name.to_owned(),
            size: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(&target).map_err(read_error)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // Read at most one byte past the limit, in case the file grows while being read.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            path: name.to_owned(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// The top of the git work tree holding `dir` (the nearest folder with a `.git`), or `dir`
/// itself outside git: the folder a file named by a repository may not lead out of.
/// Canonical.
pub(crate) fn repository_top(dir: &Path) -> Result<PathBuf> {
    let canonical = dir.canonicalize().map_err(|source| Error::Read {
        path: dir.display().to_string(),
        source,
    })?;
    Ok(canonical
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map_or(canonical.clone(), Path::to_path_buf))
}

/// Check that bytes are UTF-8 text and make a source file of them.
pub(crate) fn text_of(name: String, bytes: Vec<u8>) -> Result<SourceFile> {
    if let Some(nul) = bytes.iter().take(8192).position(|&b| b == 0) {
        let shown = String::from_utf8_lossy(&bytes[..nul]).into_owned();
        let at = Located::new(
            Arc::new(SourceFile::new(name.clone(), shown)),
            Span::new(nul, nul),
            "a NUL byte here",
        );
        return Err(Error::Binary { path: name, at });
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let shown = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let at = Located::new(
                Arc::new(SourceFile::new(name.clone(), shown)),
                Span::new(valid, valid),
                "invalid UTF-8 starts here",
            );
            return Err(Error::NotUtf8 { path: name, at });
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(SourceFile::new(name, text))
}

/// Whether a glob written in `own.yaml` could reach outside the ownership root: absolute,
/// with a `..` segment, or with a backslash (a Windows separator or an escape).
pub(crate) fn escapes_root(glob: &str) -> bool {
    glob.starts_with('/') || glob.contains('\\') || glob.split('/').any(|segment| segment == "..")
}

/// The ownership root's path relative to the enclosing git repository's top folder, with
/// `/` separators (empty when the root is the top, or not in a repository).
pub fn repo_prefix(root: &Path) -> String {
    let Ok(root) = root.canonicalize() else {
        return String::new();
    };
    root.ancestors()
        .find(|dir| dir.join(".git").exists())
        .and_then(|top| root.strip_prefix(top).ok())
        .and_then(|p| p.to_str())
        .map(|p| p.replace(std::path::MAIN_SEPARATOR, "/"))
        .unwrap_or_default()
}

/// A tree with some files' content replaced: an edit is loaded and judged this way before
/// it is written.
pub(crate) struct Overlay<'a> {
    base: &'a dyn Tree,
    files: Vec<(String, Vec<u8>)>,
}

impl<'a> Overlay<'a> {
    /// `base`, with these files (already in it) holding other bytes.
    pub(crate) fn new(base: &'a dyn Tree, files: Vec<(String, Vec<u8>)>) -> Overlay<'a> {
        Overlay { base, files }
    }
}

impl Tree for Overlay<'_> {
    fn list(&self) -> Result<Vec<String>> {
        self.base.list()
    }

    fn read(&self, path: &str, limit: u64) -> Result<Vec<u8>> {
        match self.files.iter().find(|(name, _)| name == path) {
            Some((_, bytes)) if bytes.len() as u64 > limit => Err(Error::TooLarge {
                path: path.to_owned(),
                size: bytes.len() as u64,
                limit,
            }),
            Some((_, bytes)) => Ok(bytes.clone()),
            None => self.base.read(path, limit),
        }
    }

    fn display_name(&self, path: &str) -> String {
        self.base.display_name(path)
    }

    fn list_within(&self, scopes: &[Scope]) -> Result<Vec<String>> {
        self.base.list_within(scopes)
    }

    fn tracked(&self) -> Result<Vec<String>> {
        self.base.tracked()
    }

    fn repo_prefix(&self) -> String {
        self.base.repo_prefix()
    }
}

/// Files in memory, for tests and fuzz targets: listed in the order given (sorted, as every
/// real tree lists, unless made with [`MemTree::listed_as`]), read within the size limit.
#[cfg(any(test, feature = "fuzzing"))]
#[derive(Default)]
pub(crate) struct MemTree {
    files: Vec<(String, Vec<u8>)>,
}

#[cfg(any(test, feature = "fuzzing"))]
impl MemTree {
    /// These files, listed sorted by name.
    pub(crate) fn new(
        files: impl IntoIterator<Item = (impl Into<String>, impl Into<Vec<u8>>)>,
    ) -> MemTree {
        let mut tree = MemTree::listed_as(files);
        tree.files.sort_by(|a, b| a.0.cmp(&b.0));
        tree
    }

    /// These files, listed in this order (a file system's walk need not be sorted).
    pub(crate) fn listed_as(
        files: impl IntoIterator<Item = (impl Into<String>, impl Into<Vec<u8>>)>,
    ) -> MemTree {
        MemTree {
            files: files
                .into_iter()
                .map(|(name, bytes)| (name.into(), bytes.into()))
                .collect(),
        }
    }

    /// Add a file, or replace the one of that name; the listing stays sorted.
    pub(crate) fn insert(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.retain(|(n, _)| n != name);
        self.files.push((name.to_owned(), bytes));
        self.files.sort_by(|a, b| a.0.cmp(&b.0));
    }
}

#[cfg(any(test, feature = "fuzzing"))]
impl Tree for MemTree {
    fn list(&self) -> Result<Vec<String>> {
        Ok(self.files.iter().map(|(n, _)| n.clone()).collect())
    }

    fn read(&self, path: &str, limit: u64) -> Result<Vec<u8>> {
        let Some((_, bytes)) = self.files.iter().find(|(n, _)| n == path) else {
            return Err(Error::Read {
                path: path.to_owned(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            });
        };
        if bytes.len() as u64 > limit {
            return Err(Error::TooLarge {
                path: path.to_owned(),
                size: bytes.len() as u64,
                limit,
            });
        }
        Ok(bytes.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(dir: &str, depth: Option<usize>) -> Scope {
        Scope {
            dir: dir.to_owned(),
            depth,
        }
    }

    #[test]
    fn a_glob_scopes_its_literal_folders_and_its_depth() {
        assert_eq!(Scope::of_glob("**/*.own.yaml"), scope("", None));
        assert_eq!(Scope::of_glob("*.own.yaml"), scope("", Some(1)));
        assert_eq!(Scope::of_glob("people.own.yaml"), scope("", Some(1)));
        assert_eq!(
            Scope::of_glob("ownership/*.yaml"),
            scope("ownership", Some(1))
        );
        assert_eq!(Scope::of_glob("a/b/c.own.yaml"), scope("a/b", Some(1)));
        assert_eq!(Scope::of_glob("a/*/x/*.yaml"), scope("a", Some(3)));
        assert_eq!(Scope::of_glob("teams/**/x.yaml"), scope("teams", None));
        assert_eq!(Scope::of_glob("a/{b,c/d}/*.yaml"), scope("a", None));
        assert_eq!(Scope::of_glob("a/[bc]/*.yaml"), scope("a", None));
    }

    #[test]
    fn scopes_hold_files_and_lead_walks_to_them() {
        let s = scope("a/b", Some(2));
        assert!(s.contains("a/b/x.yaml") && s.contains("a/b/c/x.yaml"));
        assert!(!s.contains("a/b/c/d/x.yaml") && !s.contains("a/bc/x.yaml"));
        assert!(!s.contains("a/x.yaml"));
        assert!(s.enters("") && s.enters("a") && s.enters("a/b") && s.enters("a/b/c"));
        assert!(!s.enters("a/b/c/d") && !s.enters("a/c") && !s.enters("ab"));
        let all = scope("", None);
        assert!(all.contains("x") && all.contains("a/b/c/d") && all.enters("a/b/c"));
    }

    #[test]
    fn listing_within_scopes_equals_filtering_the_whole_listing() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            "own.yaml",
            "a.own.yaml",
            "ownership/x.own.yaml",
            "ownership/deep/y.own.yaml",
            "ignored/z.own.yaml",
            "src/m/w.own.yaml",
            "src/lib.rs",
            ".gitignore",
        ];
        for f in files {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        std::fs::write(dir.path().join(".gitignore"), "ignored/\n").unwrap();
        // A repository, so that `.gitignore` counts (the ignore crate wants `.git`).
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let tree = DiskTree::new(dir.path()).unwrap();
        let whole = tree.list().unwrap();
        assert!(
            !whole.iter().any(|f| f.starts_with("ignored/")),
            "{whole:?}"
        );
        let globs: &[&[&str]] = &[
            &["ownership/*.own.yaml"],
            &["ownership/**/*.own.yaml", "*.own.yaml"],
            &["ignored/*.own.yaml"],
            &["src/*/w.own.yaml", "a.own.yaml"],
            &["**/*.own.yaml"],
            &["nowhere/*.yaml"],
        ];
        for set in globs {
            let scopes: Vec<Scope> = set.iter().map(|g| Scope::of_glob(g)).collect();
            let want: Vec<String> = whole
                .iter()
                .filter(|f| scopes.iter().any(|s| s.contains(f)))
                .cloned()
                .collect();
            assert_eq!(tree.list_within(&scopes).unwrap(), want, "{set:?}");
        }
    }
}
