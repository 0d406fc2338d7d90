//! The history of an organisation: which commits changed the ownership files, and what each
//! change did, for `own log`.
//!
//! Speed comes from never reading what did not change. A commit's *state* is the blob id of
//! `own.yaml` and of every included file, found by walking the commit's tree with a memo
//! keyed by tree id, so an unchanged folder costs one lookup; commits whose state equals
//! their parent's are skipped without reading a single file. For the others only the files
//! whose blob id differs are parsed (each blob once, cached), and with a query a blob that
//! never mentions the queried id is not parsed at all. Reading objects is `git`'s job,
//! comparing snapshots `diff`'s, printing `render::log`'s.

use std::collections::HashMap;
use std::rc::Rc;

use git2::{ObjectType, Oid, Sort};
use globset::GlobSet;

use crate::diff::{self, Change, Snapshot};
use crate::error::{Error, Result};
use crate::git::{CommitInfo, Repo, git_error};
use crate::load::{self, MANIFEST};
use crate::model::Scheme;

/// Past this many cached folder listings or parsed files, the caches start afresh (a
/// history walk moves backwards, so old entries are rarely needed again).
const CACHE_LIMIT: usize = 20_000;
const MAX_FILE_SIZE: usize = 64 * 1024 * 1024;

/// What to follow: every change, or those that mention an id.
#[derive(Clone, Debug)]
pub(crate) struct Query {
    /// The ids followed: the one asked for, plus the names a duty had before a rename.
    names: Vec<String>,
    kind: QueryKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum QueryKind {
    /// A duty, person, team, delegation or handoff.
    Any,
    Duty,
    /// A person or team (they share one namespace).
    Holder,
}

impl Query {
    /// `alert-triage`, or with a kind: `duty:alert-triage`, `person:alice`, `team:soc`.
    pub(crate) fn parse(text: &str) -> Query {
        let (kind, id) = match text.split_once(':') {
            Some(("duty", id)) => (QueryKind::Duty, id),
            Some(("person" | "team", id)) => (QueryKind::Holder, id),
            _ => (QueryKind::Any, text),
        };
        Query {
            names: vec![id.to_owned()],
            kind,
        }
    }

    pub(crate) fn id(&self) -> &str {
        &self.names[0]
    }

    fn matches(&self, change: &Change) -> bool {
        self.names.iter().any(|name| {
            let duty = self.kind != QueryKind::Holder && change.mentions_duty(name);
            let holder = self.kind != QueryKind::Duty && change.mentions_holder(name);
            let other = self.kind == QueryKind::Any
                && match change {
                    Change::DelegationAdded { delegation, .. }
                    | Change::DelegationRemoved { delegation, .. }
                    | Change::DelegationChanged { delegation, .. } => delegation == name,
                    Change::HandoffAdded { handoff, .. }
                    | Change::HandoffRemoved { handoff, .. }
                    | Change::HandoffChanged { handoff, .. } => handoff == name,
                    _ => false,
                };
            duty || holder || other
        })
    }

    /// Follow a duty back through its renames.
    fn follow(&mut self, changes: &[Change]) {
        for change in changes {
            if let Change::DutyRenamed { duty, from } = change
                && self.names.contains(duty)
                && !self.names.contains(from)
            {
                self.names.push(from.clone());
            }
        }
    }
}

/// One commit that changed what was asked about.
pub(crate) struct Entry {
    pub(crate) commit: CommitInfo,
    pub(crate) changes: Vec<Change>,
    /// Files that could not be read at this commit or its parent (their changes are left
    /// out).
    pub(crate) unreadable: Vec<String>,
}

/// `own.yaml` at one blob: its scheme and include globs, or why it does not parse.
struct Manifest {
    scheme: Scheme,
    include: Option<GlobSet>,
    /// Which folders can hold included files (`None`: any folder).
    folders: Option<Vec<FolderPattern>>,
}

/// The literal leading folders of an include glob, and whether deeper folders can match.
struct FolderPattern {
    literal: Vec<String>,
    open: bool,
}

impl FolderPattern {
    fn of(glob: &str) -> Option<FolderPattern> {
        let segments: Vec<&str> = glob.split('/').collect();
        let folders = &segments[..segments.len().saturating_sub(1)];
        let wild = |s: &str| s.contains(['*', '?', '[', '{']);
        let literal: Vec<String> = folders
            .iter()
            .take_while(|s| !wild(s))
            .map(|s| (*s).to_owned())
            .collect();
        if literal.is_empty() && folders.first().is_some_and(|s| wild(s)) {
            return None;
        }
        Some(FolderPattern {
            open: literal.len() < folders.len(),
            literal,
        })
    }

    /// Whether files under `folder` (segments) can match.
    fn admits(&self, folder: &[&str]) -> bool {
        let shared = folder.len().min(self.literal.len());
        if folder[..shared] != self.literal[..shared] {
            return false;
        }
        folder.len() <= self.literal.len() || self.open
    }
}

/// The ownership files of one commit: `own.yaml`'s blob and every included file's.
#[derive(PartialEq, Eq)]
struct State {
    manifest: Option<Oid>,
    files: Rc<Vec<(String, Oid)>>,
}

/// A file's content as a snapshot, or the reason it could not be read.
type FileSnapshot = std::result::Result<Snapshot, String>;

/// Included files with their blob ids, sorted by path.
type Listing = Rc<Vec<(String, Oid)>>;

pub(crate) struct History<'r> {
    repo: &'r Repo,
    /// The ownership root's folder in the repository.
    prefix: String,
    manifests: HashMap<Oid, Rc<std::result::Result<Manifest, String>>>,
    listings: HashMap<(Oid, Oid, String), Listing>,
    states: HashMap<Oid, Rc<State>>,
    snapshots: HashMap<(Oid, Oid), Rc<FileSnapshot>>,
    mentions: HashMap<Oid, bool>,
}

impl<'r> History<'r> {
    pub(crate) fn new(repo: &'r Repo, prefix: &str) -> History<'r> {
        History {
            repo,
            prefix: prefix.to_owned(),
            manifests: HashMap::new(),
            listings: HashMap::new(),
            states: HashMap::new(),
            snapshots: HashMap::new(),
            mentions: HashMap::new(),
        }
    }

    /// The commits reachable from `start` that changed the organisation (or, with a query,
    /// what it names), newest first, at most `limit`.
    pub(crate) fn log(
        &mut self,
        start: Oid,
        query: Option<&Query>,
        limit: Option<usize>,
    ) -> Result<Vec<Entry>> {
        let raw = self.repo.raw();
        let mut walk = raw.revwalk().map_err(|e| git_error(&e))?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .map_err(|e| git_error(&e))?;
        walk.push(start).map_err(|e| self.repo.object_error(&e))?;
        let boundary = self.repo.shallow_boundary();
        let mut query = query.cloned();
        let mut entries = Vec::new();
        for oid in walk {
            if limit.is_some_and(|n| entries.len() >= n) {
                break;
            }
            let oid = oid.map_err(|e| self.repo.object_error(&e))?;
            let commit = self.repo.find_commit(oid)?;
            let parents: Vec<Oid> = commit.parent_ids().collect();
            if parents.is_empty() && boundary.contains(&oid) {
                return Err(Error::GitShallow {
                    what: format!("the history before commit {}", &oid.to_string()[..7]),
                });
            }
            let state = self.state(oid)?;
            let mut parent_states = Vec::with_capacity(parents.len());
            for parent in &parents {
                parent_states.push(self.state(*parent)?);
            }
            // This commit's state is not needed again: its children came before it.
            self.states.remove(&oid);
            if parent_states.iter().any(|p| **p == *state) {
                continue;
            }
            let absent = Rc::new(State {
                manifest: None,
                files: Rc::new(Vec::new()),
            });
            if parent_states.is_empty() {
                parent_states.push(absent);
            }
            let mut unreadable = Vec::new();
            // A merge shows only what no parent had: what the merge itself changed.
            let mut changes: Option<Vec<Change>> = None;
            for parent in &parent_states {
                let found = self.changes(parent, &state, query.as_ref(), &mut unreadable)?;
                changes = Some(match changes {
                    None => found,
                    Some(before) => before.into_iter().filter(|c| found.contains(c)).collect(),
                });
            }
            let mut changes = changes.unwrap_or_default();
            if let Some(query) = &mut query {
                changes.retain(|c| query.matches(c));
                query.follow(&changes);
            }
            unreadable.sort();
            unreadable.dedup();
            // An unreadable file is worth an entry of its own only when following everything.
            if changes.is_empty() && (unreadable.is_empty() || query.is_some()) {
                continue;
            }
            entries.push(Entry {
                commit: self.repo.describe(oid)?,
                changes,
                unreadable,
            });
        }
        Ok(entries)
    }

    /// The full snapshot of the organisation at a commit (empty without `own.yaml`).
    pub(crate) fn snapshot_at(&mut self, commit: Oid) -> Result<Snapshot> {
        let state = self.state(commit)?;
        self.union(&state)
    }

    /// What changed from `old` to `new`. With the same `own.yaml`, only the files whose blob
    /// differs are read; otherwise the whole organisation is compared. A file that cannot be
    /// read on either side is left out of both (and named in `unreadable`), so that a broken
    /// commit does not look like everything in the file was removed.
    fn changes(
        &mut self,
        old: &State,
        new: &State,
        query: Option<&Query>,
        unreadable: &mut Vec<String>,
    ) -> Result<Vec<Change>> {
        let old_files = files_of(old);
        let new_files = files_of(new);
        let same_manifest = old.manifest.is_some() && old.manifest == new.manifest;
        let mut paths: Vec<&str> = Vec::new();
        for (path, oid) in old_files.iter().chain(&new_files) {
            let other = if old_files.get(path) == Some(oid) {
                new_files.get(path)
            } else {
                old_files.get(path)
            };
            if (!same_manifest || other != Some(oid)) && !paths.contains(path) {
                paths.push(path);
            }
        }
        // `own.yaml` first, then by path: the loader's order, which decides duplicate ids.
        paths.sort_unstable_by_key(|p| (*p != MANIFEST, *p));
        if let Some(query) = query
            && same_manifest
        {
            let mut mentioned = false;
            for path in &paths {
                for &blob in [old_files.get(path), new_files.get(path)]
                    .into_iter()
                    .flatten()
                {
                    mentioned |= self.mentions(blob, &query.names)?;
                }
            }
            if !mentioned {
                return Ok(Vec::new());
            }
        }
        let mut before = Snapshot::default();
        let mut after = Snapshot::default();
        for path in paths {
            let a = match (old.manifest, old_files.get(path)) {
                (Some(manifest), Some(&blob)) => Some(self.file_snapshot(manifest, path, blob)?),
                _ => None,
            };
            let b = match (new.manifest, new_files.get(path)) {
                (Some(manifest), Some(&blob)) => Some(self.file_snapshot(manifest, path, blob)?),
                _ => None,
            };
            let broken = [&a, &b]
                .into_iter()
                .flatten()
                .find_map(|s| s.as_ref().as_ref().err());
            if let Some(message) = broken {
                unreadable.push(format!("{path}: {message}"));
                continue;
            }
            if let Some(Ok(part)) = a.as_deref() {
                before.extend(part);
            }
            if let Some(Ok(part)) = b.as_deref() {
                after.extend(part);
            }
        }
        Ok(diff::changes(&before, &after))
    }

    /// The full snapshot of a state, files merged in order (`own.yaml` first) as the loader
    /// does; files that cannot be read are left out.
    fn union(&mut self, state: &State) -> Result<Snapshot> {
        let mut snapshot = Snapshot::default();
        let Some(manifest) = state.manifest else {
            return Ok(snapshot);
        };
        for (path, blob) in ordered(state) {
            if let Ok(part) = &*self.file_snapshot(manifest, &path, blob)? {
                snapshot.extend(part);
            }
        }
        Ok(snapshot)
    }

    fn file_snapshot(&mut self, manifest: Oid, path: &str, blob: Oid) -> Result<Rc<FileSnapshot>> {
        if let Some(hit) = self.snapshots.get(&(manifest, blob)) {
            return Ok(hit.clone());
        }
        let parsed = match &*self.manifest(manifest)? {
            Err(message) => Err(message.clone()),
            Ok(info) => {
                let bytes = self.blob(blob)?;
                load::file_org(path.to_owned(), bytes, &info.scheme, path == MANIFEST)
                    .map(|org| Snapshot::of(&org))
                    .map_err(|e| e.to_string())
            }
        };
        if self.snapshots.len() >= CACHE_LIMIT {
            self.snapshots.clear();
        }
        let parsed = Rc::new(parsed);
        self.snapshots.insert((manifest, blob), parsed.clone());
        Ok(parsed)
    }

    fn blob(&self, blob: Oid) -> Result<Vec<u8>> {
        let raw = self.repo.raw();
        let odb = raw.odb().map_err(|e| git_error(&e))?;
        let (size, _) = odb
            .read_header(blob)
            .map_err(|e| self.repo.object_error(&e))?;
        if size > MAX_FILE_SIZE {
            return Err(Error::TooLarge {
                path: blob.to_string(),
                size: size as u64,
                limit: MAX_FILE_SIZE as u64,
            });
        }
        let object = odb.read(blob).map_err(|e| self.repo.object_error(&e))?;
        Ok(object.data().to_vec())
    }

    /// Whether a blob holds any of the names as a whole word (not inside a longer id).
    fn mentions(&mut self, blob: Oid, names: &[String]) -> Result<bool> {
        if names.len() == 1
            && let Some(&hit) = self.mentions.get(&blob)
        {
            return Ok(hit);
        }
        let bytes = self.blob(blob)?;
        // Escapes and anchors can spell an id without writing it: read such files anyway.
        let found = bytes.contains(&b'\\')
            || bytes.contains(&b'&')
            || names.iter().any(|n| contains_word(&bytes, n.as_bytes()));
        if names.len() == 1 {
            if self.mentions.len() >= CACHE_LIMIT {
                self.mentions.clear();
            }
            self.mentions.insert(blob, found);
        }
        Ok(found)
    }

    /// The state of a commit (cached until the commit itself is walked).
    fn state(&mut self, commit: Oid) -> Result<Rc<State>> {
        if let Some(hit) = self.states.get(&commit) {
            return Ok(hit.clone());
        }
        let state = Rc::new(self.read_state(commit)?);
        self.states.insert(commit, state.clone());
        Ok(state)
    }

    fn read_state(&mut self, commit: Oid) -> Result<State> {
        let absent = State {
            manifest: None,
            files: Rc::new(Vec::new()),
        };
        let Some(root) = self.repo.subtree(commit, &self.prefix)? else {
            return Ok(absent);
        };
        let raw = self.repo.raw();
        let tree = raw
            .find_tree(root)
            .map_err(|e| self.repo.object_error(&e))?;
        let Some(manifest) = tree
            .get_name(MANIFEST)
            .filter(|e| e.kind() == Some(ObjectType::Blob))
            .map(|e| e.id())
        else {
            return Ok(absent);
        };
        let files = match &*self.manifest(manifest)? {
            Ok(_) => self.list(manifest, root, "")?,
            Err(_) => Rc::new(Vec::new()),
        };
        Ok(State {
            manifest: Some(manifest),
            files,
        })
    }

    fn manifest(&mut self, blob: Oid) -> Result<Rc<std::result::Result<Manifest, String>>> {
        if let Some(hit) = self.manifests.get(&blob) {
            return Ok(hit.clone());
        }
        let bytes = self.blob(blob)?;
        let parsed = load::read_manifest(MANIFEST.to_owned(), bytes)
            .map(|info| {
                let folders: Option<Vec<FolderPattern>> =
                    info.globs.iter().map(|g| FolderPattern::of(g)).collect();
                Manifest {
                    scheme: info.scheme,
                    include: info.include,
                    folders,
                }
            })
            .map_err(|e| e.to_string());
        let parsed = Rc::new(parsed);
        self.manifests.insert(blob, parsed.clone());
        Ok(parsed)
    }

    /// The included files under a folder of the root (`dir`, `""` for the root itself).
    fn list(&mut self, manifest: Oid, tree: Oid, dir: &str) -> Result<Listing> {
        let key = (manifest, tree, dir.to_owned());
        if let Some(hit) = self.listings.get(&key) {
            return Ok(hit.clone());
        }
        let info = self.manifest(manifest)?;
        let Ok(info) = &*info else {
            return Ok(Rc::new(Vec::new()));
        };
        let Some(include) = &info.include else {
            return Ok(Rc::new(Vec::new()));
        };
        let raw = self.repo.raw();
        let object = raw
            .find_tree(tree)
            .map_err(|e| self.repo.object_error(&e))?;
        let mut files = Vec::new();
        let mut folders = Vec::new();
        for entry in object.iter() {
            let Ok(name) = entry.name() else { continue };
            let path = if dir.is_empty() {
                name.to_owned()
            } else {
                format!("{dir}/{name}")
            };
            match entry.kind() {
                Some(ObjectType::Tree) => {
                    let segments: Vec<&str> = path.split('/').collect();
                    let admitted = info
                        .folders
                        .as_ref()
                        .is_none_or(|f| f.iter().any(|p| p.admits(&segments)));
                    if admitted {
                        folders.push((path, entry.id()));
                    }
                }
                Some(ObjectType::Blob)
                    if entry.filemode() != 0o120_000
                        && path != MANIFEST
                        && include.is_match(&path) =>
                {
                    files.push((path, entry.id()));
                }
                _ => {}
            }
        }
        for (path, id) in folders {
            files.extend(self.list(manifest, id, &path)?.iter().cloned());
        }
        files.sort();
        if self.listings.len() >= CACHE_LIMIT {
            self.listings.clear();
        }
        let files = Rc::new(files);
        self.listings.insert(key, files.clone());
        Ok(files)
    }
}

/// A state's files by path, `own.yaml` included.
fn files_of(state: &State) -> HashMap<&str, Oid> {
    let mut files: HashMap<&str, Oid> = state.files.iter().map(|(p, o)| (p.as_str(), *o)).collect();
    if let Some(manifest) = state.manifest {
        files.insert(MANIFEST, manifest);
    }
    files
}

/// A state's files in the loader's order: `own.yaml`, then the included files by path.
fn ordered(state: &State) -> Vec<(String, Oid)> {
    let mut files: Vec<(String, Oid)> = state
        .manifest
        .map(|m| (MANIFEST.to_owned(), m))
        .into_iter()
        .collect();
    files.extend(state.files.iter().cloned());
    files
}

/// Whether `needle` occurs in `haystack` with no id character right before or after it.
fn contains_word(haystack: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else {
        return false;
    };
    let id_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    let mut from = 0;
    while let Some(offset) = haystack[from..].iter().position(|&b| b == first) {
        let at = from + offset;
        if haystack[at..].starts_with(needle) {
            let before = at.checked_sub(1).map(|i| haystack[i]);
            let after = haystack.get(at + needle.len()).copied();
            if !before.is_some_and(id_char) && !after.is_some_and(id_char) {
                return true;
            }
        }
        from = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_whole_ids() {
        assert!(contains_word(b"  duty-42:\n", b"duty-42"));
        assert!(contains_word(b"[duty-42, x]", b"duty-42"));
        assert!(!contains_word(b"duty-420:", b"duty-42"));
        assert!(!contains_word(b"my-duty-42:", b"duty-42"));
        assert!(contains_word(b"my-duty-42 duty-42", b"duty-42"));
    }

    #[test]
    fn folder_patterns_prune_what_cannot_match() {
        let teams = FolderPattern::of("teams/*.own.yaml").unwrap();
        assert!(teams.admits(&["teams"]));
        assert!(!teams.admits(&["teams", "deep"]));
        assert!(!teams.admits(&["src"]));
        let duties = FolderPattern::of("duties/**/*.own.yaml").unwrap();
        assert!(duties.admits(&["duties", "a", "b"]));
        assert!(!duties.admits(&["src"]));
        assert!(FolderPattern::of("**/*.own.yaml").is_none());
        let top = FolderPattern::of("people.own.yaml").unwrap();
        assert!(!top.admits(&["people"]));
    }

    #[test]
    fn queries_take_an_optional_kind() {
        assert_eq!(Query::parse("duty:x").kind, QueryKind::Duty);
        assert_eq!(Query::parse("team:soc").id(), "soc");
        assert_eq!(Query::parse("alice").kind, QueryKind::Any);
    }
}
