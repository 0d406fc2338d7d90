//! `own who PATH`: which duty owns one path, and why.
//!
//! A lookup reads the duties' `paths:` patterns and nothing else: never the file list, so it
//! costs the same in a 100,000-file repository as in an empty one. Each pattern is checked
//! against the one path on its own ([`PathPattern::matches`], which a property test shows to
//! agree with [`PatternSet::matching`]); building the indexed set would cost more than it saves
//! for a single path. The winner is picked by the rule coverage uses ([`PatternSet::winner`]).
//!
//! Where a query points ([`Place::locate`]), relative to the ownership root:
//! - an absolute path must lie inside the root;
//! - a relative path is read from the current folder (after `-C`), with `.` and `..`;
//! - when the root is a subfolder of its git repository, a path that starts with the root's
//!   folder in the repository (`ops/src/x.rs` for a root at `ops/`) may be a repository path:
//!   that reading is taken when the current-folder reading does not exist on disk.
//!
//! A folder (one on disk, or a query ending in `/`) is answered for a new file directly
//! inside it: `/docs/*` and `/docs/` own a new file in `docs/`, `*.md` does not.

use std::path::{Component, Path, PathBuf};

use crate::model::org::Defined;
use crate::model::{Duty, Org, Spanned};
use crate::paths::coverage::join_prefix;
use crate::paths::{PathPattern, PatternSet, Resolution, Specificity};

/// Where queries are read from: the ownership root, the current folder, and the root's
/// folder in its git repository.
#[derive(Clone, Debug)]
pub(crate) struct Place {
    root: PathBuf,
    cwd: PathBuf,
    /// The root's path in its repository (`""` at the top or outside git).
    repo_prefix: String,
}

/// A query located under the ownership root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    /// Relative to the root, `/`-separated, no trailing `/`; `""` for the root itself.
    pub(crate) rel: String,
    /// A folder: answered for a new file directly inside it.
    pub(crate) dir: bool,
    /// Whether something is there on disk.
    pub(crate) exists: bool,
}

/// A file name no pattern spells out, standing for "a new file directly inside this folder".
const NEW_FILE: &str = "\u{0}";

impl Target {
    /// The path the patterns are matched against.
    fn probe(&self) -> String {
        match (self.dir, self.rel.is_empty()) {
            (false, _) => self.rel.clone(),
            (true, true) => NEW_FILE.to_owned(),
            (true, false) => format!("{}/{NEW_FILE}", self.rel),
        }
    }
}

impl Place {
    pub(crate) fn new(root: PathBuf, cwd: PathBuf, repo_prefix: String) -> Place {
        Place {
            root,
            cwd,
            repo_prefix,
        }
    }

    /// The ownership root and the current folder of this process.
    pub(crate) fn current(root: PathBuf) -> Place {
        let cwd = std::env::current_dir().unwrap_or_else(|_| root.clone());
        let repo_prefix = crate::files::repo_prefix(&root);
        Place::new(root, cwd, repo_prefix)
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// A root-relative path as the repository path shown in output (`path` in JSON), with a
    /// trailing `/` for a folder.
    pub(crate) fn repo_path(&self, target: &Target) -> String {
        let path = join_prefix(&self.repo_prefix, &target.rel);
        match (path.is_empty(), target.dir) {
            (true, _) => ".".to_owned(),
            (false, true) => format!("{path}/"),
            (false, false) => path,
        }
    }

    /// Where a query points under the root; `None` when it lies outside.
    pub(crate) fn locate(&self, query: &str) -> Option<Target> {
        let wants_dir = query.ends_with('/') || query.ends_with("/.");
        let typed = Path::new(query);
        let from_cwd = self.inside(&lexical(&self.cwd.join(typed))).or_else(|| {
            // `/tmp/x` may be `/private/tmp/x`: compare the real paths of what exists.
            let real = typed.is_absolute().then(|| typed.canonicalize().ok())??;
            let root = self.root.canonicalize().ok()?;
            rel_of(real.strip_prefix(root).ok()?)
        });
        let from_repo = (!self.repo_prefix.is_empty() && typed.is_relative())
            .then(|| {
                let rel = rel_of(&lexical(typed))?;
                let rest = rel.strip_prefix(self.repo_prefix.as_str())?;
                match rest.strip_prefix('/') {
                    Some(rest) => Some(rest.to_owned()),
                    None if rest.is_empty() => Some(String::new()),
                    None => None,
                }
            })
            .flatten();
        let rel = match (from_cwd, from_repo) {
            (Some(cwd), Some(repo)) if !self.exists(&cwd) => repo,
            (Some(cwd), _) => cwd,
            (None, Some(repo)) => repo,
            (None, None) => return None,
        };
        let meta = std::fs::symlink_metadata(self.root.join(&rel)).ok();
        Some(Target {
            dir: wants_dir || rel.is_empty() || meta.as_ref().is_some_and(|m| m.is_dir()),
            exists: meta.is_some(),
            rel,
        })
    }

    fn exists(&self, rel: &str) -> bool {
        std::fs::symlink_metadata(self.root.join(rel)).is_ok()
    }

    /// A lexically clean absolute path as a root-relative one.
    fn inside(&self, path: &Path) -> Option<String> {
        rel_of(path.strip_prefix(&self.root).ok()?)
    }
}

/// `.` and `..` resolved without touching the disk (a `..` above the start is kept, so the
/// result then lies outside any root).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // `/..` is `/`.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A relative path as `/`-separated text; `None` when it climbs out (`..`) or is not UTF-8.
fn rel_of(path: &Path) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// A duty's path pattern that matches the path.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PathHit<'a> {
    pub(crate) duty: &'a Defined<Duty>,
    /// The pattern as written, with its span in the duty's file.
    pub(crate) pattern: &'a Spanned<String>,
    pub(crate) specificity: Specificity,
}

/// Who owns the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PathOwner {
    /// No pattern matches.
    Unowned,
    /// The first hit wins.
    Owned,
    /// The first this many hits tie, and belong to two or more duties.
    Conflict(usize),
}

/// The answer to `own who PATH`.
#[derive(Clone, Debug)]
pub(crate) struct PathAnswer<'a> {
    pub(crate) target: Target,
    /// The repository path shown in output.
    pub(crate) path: String,
    /// Every matching pattern, most specific first (then in definition order).
    pub(crate) hits: Vec<PathHit<'a>>,
    pub(crate) owner: PathOwner,
}

impl<'a> PathAnswer<'a> {
    /// The winning pattern, when one duty owns the path.
    pub(crate) fn winner(&self) -> Option<&PathHit<'a>> {
        match self.owner {
            PathOwner::Owned => self.hits.first(),
            _ => None,
        }
    }

    /// The equally specific patterns of different duties, when they conflict.
    pub(crate) fn conflict(&self) -> &[PathHit<'a>] {
        match self.owner {
            PathOwner::Conflict(n) => &self.hits[..n.min(self.hits.len())],
            _ => &[],
        }
    }

    /// The other matching patterns, most specific first.
    pub(crate) fn beaten(&self) -> &[PathHit<'a>] {
        let skip = match self.owner {
            PathOwner::Unowned => 0,
            PathOwner::Owned => 1,
            PathOwner::Conflict(n) => n,
        };
        self.hits.get(skip..).unwrap_or(&[])
    }

    /// Whether an unprefixed query looks like a path: it has a `/` or a `.`, exists on disk,
    /// or a pattern with some literal text matches it (`*` alone, which matches any name,
    /// does not make a typo of a person's id a path).
    pub(crate) fn looks_like_a_path(&self, query: &str) -> bool {
        query.contains(['/', '.'])
            || self.target.exists
            || self.hits.iter().any(|h| h.specificity.literal_chars() > 0)
    }
}

/// Resolve a located path against every duty's patterns. Invalid patterns are skipped
/// (`own check` reports them as `own::invalid-pattern`).
pub(crate) fn answer<'a>(org: &'a Org, place: &Place, target: Target) -> PathAnswer<'a> {
    let probe = target.probe();
    let mut matched: Vec<(PathPattern, PathHit<'a>)> = Vec::new();
    if !probe.is_empty() {
        for duty in org.duties.values() {
            for raw in &duty.fields.paths {
                let Ok(pattern) = PathPattern::parse(&raw.value) else {
                    continue;
                };
                if pattern.matches(&probe) {
                    let specificity = pattern.specificity();
                    matched.push((
                        pattern,
                        PathHit {
                            duty,
                            pattern: raw,
                            specificity,
                        },
                    ));
                }
            }
        }
    }
    // Most specific first; the sort is stable, so ties stay in definition order.
    matched.sort_by_key(|m| std::cmp::Reverse(m.1.specificity));
    let mut builder = PatternSet::builder();
    let mut owners: Vec<&str> = Vec::new();
    for (pattern, hit) in &matched {
        let owner = match owners.iter().position(|o| *o == hit.duty.id) {
            Some(i) => i,
            None => {
                owners.push(&hit.duty.id);
                owners.len() - 1
            }
        };
        builder.add(pattern.clone(), owner);
    }
    let all: Vec<usize> = (0..matched.len()).collect();
    let owner = match builder.build().winner(&all) {
        Resolution::Unowned => PathOwner::Unowned,
        // The winner is the first of the most specific patterns: the first hit.
        Resolution::Owned { .. } => PathOwner::Owned,
        Resolution::Conflict { patterns } => PathOwner::Conflict(patterns.len()),
    };
    PathAnswer {
        path: place.repo_path(&target),
        target,
        hits: matched.into_iter().map(|(_, hit)| hit).collect(),
        owner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::testing::Fixture;

    const ORG: &str = "\
people:
  a: {}
duties:
  code: { accountable: a, paths: [\"/src/\", \"*.rs\"] }
  net: { accountable: a, paths: [\"/src/net/\"] }
  docs: { accountable: a, paths: [\"/docs/*\", \"*\"] }
  twin: { accountable: a, paths: [\"/src/net/\", \"[bad\"] }
";

    fn place() -> Place {
        Place::new("/repo/ops".into(), "/repo/ops/src".into(), "ops".into())
    }

    fn target(rel: &str, dir: bool) -> Target {
        Target {
            rel: rel.into(),
            dir,
            exists: false,
        }
    }

    #[test]
    fn queries_are_read_from_the_current_folder_the_root_or_the_repository() {
        let p = place();
        assert_eq!(p.locate("main.rs"), Some(target("src/main.rs", false)));
        assert_eq!(
            p.locate("./net/../lib.rs"),
            Some(target("src/lib.rs", false))
        );
        assert_eq!(p.locate("../docs/"), Some(target("docs", true)));
        assert_eq!(
            p.locate("/repo/ops/docs/a.md"),
            Some(target("docs/a.md", false))
        );
        assert_eq!(p.locate(".."), Some(target("", true)));
        // Outside the root.
        assert_eq!(p.locate("../../x"), None);
        assert_eq!(p.locate("/etc/passwd"), None);
        // `ops/…` from the repository top: src/ops/x.rs does not exist, so it is read as a
        // repository path.
        assert_eq!(p.locate("ops/x.rs"), Some(target("x.rs", false)));
        let top = Place::new("/repo".into(), "/repo".into(), String::new());
        assert_eq!(top.locate("ops/x.rs"), Some(target("ops/x.rs", false)));
        assert_eq!(p.repo_path(&target("docs", true)), "ops/docs/");
        assert_eq!(top.repo_path(&target("", true)), ".");
    }

    #[test]
    fn the_most_specific_pattern_wins_and_the_others_are_beaten() {
        let f = Fixture::new(ORG);
        let org = &f.loaded.org;
        let ids = |hits: &[PathHit<'_>]| {
            hits.iter()
                .map(|h| format!("{} {}", h.duty.id, h.pattern.value))
                .collect::<Vec<_>>()
        };
        let a = answer(org, &place(), target("src/main.rs", false));
        assert_eq!(a.path, "ops/src/main.rs");
        assert_eq!(a.owner, PathOwner::Owned);
        assert_eq!(ids(&a.hits[..1]), ["code /src/"]);
        assert_eq!(ids(a.beaten()), ["code *.rs", "docs *"]);
        // Two duties with `/src/net/`: a conflict, and `/src/` is beaten by both.
        let a = answer(org, &place(), target("src/net/tcp.rs", false));
        assert_eq!(a.owner, PathOwner::Conflict(2));
        assert_eq!(ids(a.conflict()), ["net /src/net/", "twin /src/net/"]);
        assert!(a.winner().is_none());
        assert_eq!(ids(a.beaten()), ["code /src/", "code *.rs", "docs *"]);
        // A folder: who owns a new file directly inside it.
        let a = answer(org, &place(), target("docs", true));
        assert_eq!(ids(&a.hits), ["docs /docs/*", "docs *"]);
        let a = answer(org, &place(), target("docs/api", true));
        assert_eq!(ids(&a.hits), ["docs *"]);
        assert!(!a.looks_like_a_path("alcie"));
        assert!(a.looks_like_a_path("docs/api"));
    }

    #[test]
    fn a_path_nothing_matches_is_unowned() {
        let f = Fixture::new(
            "people:\n  a: {}\nduties:\n  d: { accountable: a, paths: [\"/src/\"] }\n",
        );
        let a = answer(&f.loaded.org, &place(), target("README.md", false));
        assert_eq!(a.owner, PathOwner::Unowned);
        assert!(a.hits.is_empty() && a.winner().is_none() && a.beaten().is_empty());
    }
}
