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

use globset::GlobSet;

use crate::diff::{self, Change, Snapshot};
use crate::error::{Error, Result};
use crate::git::{self, CommitInfo, EntryKind, Oid, Repo};
use crate::load::{self, MANIFEST};
use crate::model::Scheme;
use crate::yaml::slice::{changed_items, word_positions};

/// Past this many cached folder listings or parsed files, the caches start afresh (a
/// history walk moves backwards, so old entries are rarely needed again).
const CACHE_LIMIT: usize = 20_000;
const MAX_FILE_SIZE: usize = 64 * 1024 * 1024;
/// The memory kept for blobs already read (a few times an organisation's size).
const BLOB_CACHE_BYTES: usize = 32 * 1024 * 1024;

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
    /// For the history of a path: the duty owning it after this commit and before.
    pub(crate) owner: Option<OwnerChange>,
}

/// The owning duty of a path after a commit, and before it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct OwnerChange {
    pub(crate) path: String,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
}

impl<'r> History<'r> {
    /// The history of a path (relative to the ownership root): the commits that changed
    /// which duty owns it, or the roles of the duty that owns it, newest first. Only commits
    /// that change a duty's `paths:` (or add, remove or rename a duty) are resolved again.
    pub(crate) fn path_log(
        &mut self,
        start: Oid,
        path: &str,
        shown_as: &str,
        limit: Option<usize>,
    ) -> Result<Vec<Entry>> {
        let all = self.log(start, None, None)?;
        let mut owner = diff::owner_in(&self.snapshot_at(start)?, path);
        let mut entries = Vec::new();
        for mut entry in all {
            if limit.is_some_and(|n| entries.len() >= n) {
                break;
            }
            let moves_paths = entry.changes.iter().any(|c| match c {
                Change::DutyAdded { .. }
                | Change::DutyRemoved { .. }
                | Change::DutyRenamed { .. } => true,
                Change::DutyChanged { fields, .. } => fields.iter().any(|f| f.field == "paths"),
                _ => false,
            });
            let before = if moves_paths {
                match self.repo.parents(entry.commit.id)?.first().copied() {
                    Some(parent) => diff::owner_in(&self.snapshot_at(parent)?, path),
                    None => None,
                }
            } else {
                owner.clone()
            };
            let involved =
                |duty: &str| owner.as_deref() == Some(duty) || before.as_deref() == Some(duty);
            entry.changes.retain(|c| match c {
                Change::RoleChanged { duty, .. }
                | Change::DutyChanged { duty, .. }
                | Change::DutyAdded { duty }
                | Change::DutyRemoved { duty } => involved(duty),
                Change::DutyRenamed { duty, from } => involved(duty) || involved(from),
                _ => false,
            });
            let moved = before != owner;
            if moved || !entry.changes.is_empty() {
                entry.owner = moved.then(|| OwnerChange {
                    path: shown_as.to_owned(),
                    from: before.clone(),
                    to: owner.clone(),
                });
                entries.push(entry);
            }
            owner = before;
        }
        Ok(entries)
    }
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

/// The included files of one folder of the root at one tree, and the folders below it that
/// the include globs can reach. Listings are memoised by tree id, so a folder that did not
/// change is the same `Rc` in two commits and compares in one step.
struct Folder {
    dir: String,
    /// Root-relative paths and blob ids, sorted.
    files: Vec<(String, Oid)>,
    /// Non-empty subfolders, sorted by path.
    folders: Vec<Rc<Folder>>,
    /// How many files are here and below (capped at listing, so that a tree naming the same
    /// subtree over and over cannot make the walk list billions).
    total: usize,
}

fn same_folder(a: &Rc<Folder>, b: &Rc<Folder>) -> bool {
    Rc::ptr_eq(a, b)
        || (a.files == b.files
            && a.folders.len() == b.folders.len()
            && a.folders
                .iter()
                .zip(&b.folders)
                .all(|(x, y)| same_folder(x, y)))
}

/// Every file in a folder and below.
fn flatten(folder: &Folder, out: &mut Vec<(String, Oid)>) {
    out.extend(folder.files.iter().cloned());
    for sub in &folder.folders {
        flatten(sub, out);
    }
}

/// A file on both sides of a comparison: its path and blob ids (`None`: absent).
type Pair = (String, Option<Oid>, Option<Oid>);

/// The files that differ between two folders, descending only where the folders differ.
fn differing(a: Option<&Rc<Folder>>, b: Option<&Rc<Folder>>, out: &mut Vec<Pair>) {
    let (a, b) = match (a, b) {
        (None, None) => return,
        (Some(a), Some(b)) if Rc::ptr_eq(a, b) => return,
        (a, b) => (a, b),
    };
    let files = |f: Option<&Rc<Folder>>| -> HashMap<String, Oid> {
        f.map(|f| f.files.iter().cloned().collect())
            .unwrap_or_default()
    };
    let (fa, fb) = (files(a), files(b));
    for (path, oid) in &fa {
        if fb.get(path) != Some(oid) {
            out.push((path.clone(), Some(*oid), fb.get(path).copied()));
        }
    }
    for (path, oid) in &fb {
        if !fa.contains_key(path) {
            out.push((path.clone(), None, Some(*oid)));
        }
    }
    let folders = |f: Option<&Rc<Folder>>| -> HashMap<String, Rc<Folder>> {
        f.map(|f| {
            f.folders
                .iter()
                .map(|sub| (sub.dir.clone(), sub.clone()))
                .collect()
        })
        .unwrap_or_default()
    };
    let (da, db) = (folders(a), folders(b));
    for (dir, sub) in &da {
        differing(Some(sub), db.get(dir), out);
    }
    for (dir, sub) in &db {
        if !da.contains_key(dir) {
            differing(None, Some(sub), out);
        }
    }
}

/// The ownership files of one commit: `own.yaml`'s blob and the included files.
struct State {
    manifest: Option<Oid>,
    root: Option<Rc<Folder>>,
}

impl PartialEq for State {
    fn eq(&self, other: &State) -> bool {
        self.manifest == other.manifest
            && match (&self.root, &other.root) {
                (None, None) => true,
                (Some(a), Some(b)) => same_folder(a, b),
                _ => false,
            }
    }
}

impl State {
    fn absent() -> State {
        State {
            manifest: None,
            root: None,
        }
    }

    /// Every file, `own.yaml` first: the loader's order, which decides duplicate ids.
    fn files(&self) -> Vec<(String, Oid)> {
        let mut files: Vec<(String, Oid)> = self
            .manifest
            .map(|m| (MANIFEST.to_owned(), m))
            .into_iter()
            .collect();
        if let Some(root) = &self.root {
            flatten(root, &mut files);
        }
        files
    }
}

/// A file's content as a snapshot, or the reason it could not be read.
type FileSnapshot = std::result::Result<Snapshot, String>;

pub(crate) struct History<'r> {
    repo: &'r Repo,
    /// The ownership root's folder in the repository.
    prefix: String,
    manifests: HashMap<Oid, Rc<std::result::Result<Manifest, String>>>,
    listings: HashMap<(Oid, Oid, String), Rc<Folder>>,
    states: HashMap<Oid, Rc<State>>,
    snapshots: HashMap<(Oid, Oid), Rc<FileSnapshot>>,
    /// The blobs read, up to [`BLOB_CACHE_BYTES`]: walking back, the old side of a file's
    /// change is the new side of its previous change, often a hundred commits later when
    /// many files change in turn, so every file's latest version must stay at hand.
    blobs: HashMap<Oid, Rc<Vec<u8>>>,
    /// The bytes held in `blobs`.
    blob_bytes: usize,
}

impl<'r> History<'r> {
    pub(crate) fn new(repo: &'r Repo, prefix: &str) -> Result<History<'r>> {
        Ok(History {
            repo,
            prefix: prefix.to_owned(),
            manifests: HashMap::new(),
            listings: HashMap::new(),
            states: HashMap::new(),
            snapshots: HashMap::new(),
            blobs: HashMap::new(),
            blob_bytes: 0,
        })
    }

    /// The commits reachable from `start` that changed the organisation (or, with a query,
    /// what it names), newest first, at most `limit`.
    pub(crate) fn log(
        &mut self,
        start: Oid,
        query: Option<&Query>,
        limit: Option<usize>,
    ) -> Result<Vec<Entry>> {
        let walk = self.repo.walk(start)?;
        let mut query = query.cloned();
        let mut entries = Vec::new();
        for walked in walk {
            if limit.is_some_and(|n| entries.len() >= n) {
                break;
            }
            let oid = walked.id;
            let parents = walked.parents;
            if walked.boundary {
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
            if parent_states.is_empty() {
                parent_states.push(Rc::new(State::absent()));
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
                owner: None,
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
        let same_manifest = old.manifest.is_some() && old.manifest == new.manifest;
        let mut pairs: Vec<Pair> = Vec::new();
        if same_manifest {
            differing(old.root.as_ref(), new.root.as_ref(), &mut pairs);
        } else {
            let before: HashMap<String, Oid> = old.files().into_iter().collect();
            let after: HashMap<String, Oid> = new.files().into_iter().collect();
            for (path, oid) in &before {
                pairs.push((path.clone(), Some(*oid), after.get(path).copied()));
            }
            for (path, oid) in &after {
                if !before.contains_key(path) {
                    pairs.push((path.clone(), None, Some(*oid)));
                }
            }
        }
        // `own.yaml` first, then by path: the loader's order, which decides duplicate ids.
        pairs.sort_unstable_by(|a, b| (a.0 != MANIFEST, &a.0).cmp(&(b.0 != MANIFEST, &b.0)));
        let names: &[String] = query.map_or(&[], |q| q.names.as_slice());
        let mentions = |text: &[u8]| {
            names
                .iter()
                .any(|n| !word_positions(text, n.as_bytes()).is_empty())
        };
        let mut before = Snapshot::default();
        let mut after = Snapshot::default();
        for (path, a, b) in pairs {
            // Only the items the change touches, when they can be told apart in the text.
            if let (true, Some(manifest), Some(a), Some(b)) = (same_manifest, old.manifest, a, b) {
                let (old_text, new_text) = (self.cached_blob(a)?, self.cached_blob(b)?);
                if let Some((old_part, new_part)) = changed_items(&old_text, &new_text) {
                    if query.is_some() && !mentions(&old_part) && !mentions(&new_part) {
                        continue;
                    }
                    if let Some((x, y)) = self.fragments(manifest, &path, old_part, new_part)? {
                        before.extend(&x);
                        after.extend(&y);
                        continue;
                    }
                }
            }
            // A file that mentions none of the names on either side cannot change anything
            // about them, whatever else changed (a new organisation, a new scheme).
            if query.is_some() && !self.mentions_any(a, b, names)? {
                continue;
            }
            let a = match (old.manifest, a) {
                (Some(manifest), Some(blob)) => Some(self.file_snapshot(manifest, &path, blob)?),
                _ => None,
            };
            let b = match (new.manifest, b) {
                (Some(manifest), Some(blob)) => Some(self.file_snapshot(manifest, &path, blob)?),
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

    /// Two fragments of a file (see [`changed_items`]) read with the scheme; `None` when
    /// either does not parse on its own (the whole file is read instead).
    fn fragments(
        &mut self,
        manifest: Oid,
        path: &str,
        old: Vec<u8>,
        new: Vec<u8>,
    ) -> Result<Option<(Snapshot, Snapshot)>> {
        let info = self.manifest(manifest)?;
        let Ok(info) = &*info else {
            return Ok(None);
        };
        let read = |bytes: Vec<u8>| {
            load::file_org(path.to_owned(), bytes, &info.scheme, false).map(|o| Snapshot::of(&o))
        };
        Ok(match (read(old), read(new)) {
            (Ok(a), Ok(b)) => Some((a, b)),
            _ => None,
        })
    }

    /// The full snapshot of a state, files merged in order (`own.yaml` first) as the loader
    /// does; files that cannot be read are left out.
    fn union(&mut self, state: &State) -> Result<Snapshot> {
        let mut snapshot = Snapshot::default();
        let Some(manifest) = state.manifest else {
            return Ok(snapshot);
        };
        for (path, blob) in state.files() {
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
        self.repo
            .blob(blob, &blob.to_string(), MAX_FILE_SIZE as u64)
    }

    /// Whether either version of a file mentions one of the names (or could, through an
    /// escape or an anchor).
    fn mentions_any(
        &mut self,
        old: Option<Oid>,
        new: Option<Oid>,
        names: &[String],
    ) -> Result<bool> {
        for blob in [old, new].into_iter().flatten() {
            let bytes = self.cached_blob(blob)?;
            if bytes.contains(&b'\\')
                || bytes.contains(&b'&')
                || names
                    .iter()
                    .any(|n| !word_positions(&bytes, n.as_bytes()).is_empty())
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn cached_blob(&mut self, blob: Oid) -> Result<Rc<Vec<u8>>> {
        if let Some(hit) = self.blobs.get(&blob) {
            return Ok(hit.clone());
        }
        let bytes = Rc::new(self.blob(blob)?);
        if self.blob_bytes + bytes.len() > BLOB_CACHE_BYTES {
            self.blobs.clear();
            self.blob_bytes = 0;
        }
        self.blob_bytes += bytes.len();
        self.blobs.insert(blob, bytes.clone());
        Ok(bytes)
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
        let Some(root) = self.repo.subtree(commit, &self.prefix)? else {
            return Ok(State::absent());
        };
        let Some(manifest) = self
            .repo
            .entries(root)?
            .into_iter()
            .find(|e| e.name == MANIFEST && e.kind == EntryKind::File)
            .map(|e| e.id)
        else {
            return Ok(State::absent());
        };
        let root = match &*self.manifest(manifest)? {
            Ok(_) => Some(self.list(manifest, root, "")?),
            Err(_) => None,
        };
        Ok(State {
            manifest: Some(manifest),
            root,
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
    fn list(&mut self, manifest: Oid, tree: Oid, dir: &str) -> Result<Rc<Folder>> {
        let key = (manifest, tree, dir.to_owned());
        if let Some(hit) = self.listings.get(&key) {
            return Ok(hit.clone());
        }
        let info = self.manifest(manifest)?;
        let mut folder = Folder {
            dir: dir.to_owned(),
            files: Vec::new(),
            folders: Vec::new(),
            total: 0,
        };
        let Ok(info) = &*info else {
            return Ok(Rc::new(folder));
        };
        let Some(include) = &info.include else {
            return Ok(Rc::new(folder));
        };
        let mut below = Vec::new();
        for entry in self.repo.entries(tree)? {
            let path = if dir.is_empty() {
                entry.name
            } else {
                format!("{dir}/{}", entry.name)
            };
            match entry.kind {
                EntryKind::Folder => {
                    let segments: Vec<&str> = path.split('/').collect();
                    if let Some(error) = git::past_limits(&path, segments.len(), 0) {
                        return Err(error);
                    }
                    let admitted = info
                        .folders
                        .as_ref()
                        .is_none_or(|f| f.iter().any(|p| p.admits(&segments)));
                    if admitted {
                        below.push((path, entry.id));
                    }
                }
                EntryKind::File if path != MANIFEST && include.is_match(&path) => {
                    folder.files.push((path, entry.id));
                }
                _ => {}
            }
        }
        for (path, id) in below {
            let sub = self.list(manifest, id, &path)?;
            if !sub.files.is_empty() || !sub.folders.is_empty() {
                folder.folders.push(sub);
            }
        }
        folder.files.sort();
        folder.folders.sort_by(|a, b| a.dir.cmp(&b.dir));
        folder.total = folder
            .folders
            .iter()
            .fold(folder.files.len(), |sum, sub| sum.saturating_add(sub.total));
        if let Some(error) = git::past_limits(dir, 0, folder.total) {
            return Err(error);
        }
        if self.listings.len() >= CACHE_LIMIT {
            self.listings.clear();
        }
        let folder = Rc::new(folder);
        self.listings.insert(key, folder.clone());
        Ok(folder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
