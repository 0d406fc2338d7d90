//! Resolving many files against many patterns: which patterns own a path and
//! which one wins.
//!
//! A [`PatternSet`] holds patterns tagged with caller-chosen owner indices.
//! [`PatternSet::matching`] lists every pattern that owns a path (the
//! "beaten" list of `own who`), [`PatternSet::resolve`] also picks the winner:
//! the most specific pattern ([`Specificity`]); equally specific winners of
//! two or more different owners are a [`Resolution::Conflict`].
//! [`PatternUsage`] accumulates, over a whole file list, which patterns never
//! matched (dead) or never won (shadowed).
//!
//! Design, driven by the 100k-files x 5k-patterns budget: instead of one
//! regex-heavy glob set, patterns are indexed by the literal text they must
//! see, so a path only meets patterns that can plausibly own it.
//! - Anchored patterns sit in a trie keyed by their leading literal segments;
//!   all-literal ones (`/src/net/`, `/Cargo.toml`) are decided by the trie
//!   walk alone, the others by a second key, their first fixed-offset literal
//!   segment after the prefix (`mod7` in `/src/*/mod7/*.rs`), and a candidate
//!   check with the pattern's own matcher. With no such key (`/docs/*`) they
//!   are checked only for paths under their prefix.
//! - Floating single segments (`build/`, `node_modules`, `*.md`, and the
//!   equivalent `**/x`, `**/x/**`) are hash lookups of each path component,
//!   by name or by extension.
//! - The rest (nothing literal to key on: `/*/*.rs`, `**/a/b`, `test_*`) is
//!   checked one by one, or, past a threshold, through a `globset::GlobSet`
//!   of translations that keep their literal prefix. Patterns with `?` stay
//!   out of globset, whose `?` matches a byte, not a character.
//!
//! Paths are taken as given (repository-relative, `/`-separated, no leading,
//! trailing or doubled `/`). `matching` allocates nothing per path beyond
//! growing the caller's vector; only a `Conflict` allocates its list.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::pattern::{PathPattern, Piece, Segment, Specificity, Tok, match_tokens, split_segment};

/// Past this many unindexed patterns, one globset call beats checking each
/// (a check costs tens of ns, a globset call a few hundred).
const DEFAULT_FALLBACK_THRESHOLD: usize = 8;

/// Outcome of resolving one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Unowned,
    /// `pattern` is the winning pattern's index (the lowest one when several
    /// equally specific patterns of the same owner tie).
    Owned {
        pattern: usize,
    },
    /// The tied most specific patterns, which belong to at least two owners.
    Conflict {
        patterns: Vec<usize>,
    },
}

/// A `PatternSet` could not be built (a glob translation was refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    pub pattern: usize,
    pub message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pattern #{}: {}", self.pattern, self.message)
    }
}

impl std::error::Error for BuildError {}

/// Collects patterns; see [`PatternSet::builder`].
#[derive(Debug, Clone)]
pub struct PatternSetBuilder {
    entries: Vec<(PathPattern, usize)>,
    fallback_threshold: usize,
}

impl PatternSetBuilder {
    /// Adds a pattern owned by `owner`; returns its pattern index.
    pub fn add(&mut self, pattern: PathPattern, owner: usize) -> usize {
        self.entries.push((pattern, owner));
        self.entries.len() - 1
    }

    #[cfg(test)]
    pub(crate) fn fallback_threshold(mut self, threshold: usize) -> Self {
        self.fallback_threshold = threshold;
        self
    }

    /// Build the set. It cannot fail: if the globset fallback refuses a translation, those
    /// patterns are checked one by one instead (slower, same answers).
    pub fn build(self) -> PatternSet {
        let mut set = PatternSet {
            specs: self.entries.iter().map(|(p, _)| p.specificity()).collect(),
            owners: self.entries.iter().map(|(_, o)| *o).collect(),
            patterns: Vec::with_capacity(self.entries.len()),
            always: Vec::new(),
            root: Node::default(),
            checked: Vec::new(),
            globs: None,
        };
        let mut unindexed = Vec::new();
        for (idx, (pattern, _)) in self.entries.iter().enumerate() {
            match classify(pattern) {
                Class::Always => set.always.push(idx),
                Class::Trie { prefix, how } => {
                    let mut node = &mut set.root;
                    for seg in prefix {
                        node = node.children.entry(seg.into()).or_default();
                    }
                    match how {
                        Placement::Name { name, dir_only } => {
                            let floating = node.floating.get_or_insert_default();
                            floating
                                .by_name
                                .entry(name.into())
                                .or_default()
                                .push(Floating::new(idx, dir_only));
                        }
                        Placement::Suffix { suffix, dir_only } => {
                            let ext = suffix.rfind('.').map_or("", |d| &suffix[d..]);
                            let floating = node.floating.get_or_insert_default();
                            floating
                                .by_ext
                                .entry(ext.into())
                                .or_default()
                                .push((Floating::new(idx, dir_only), suffix.clone().into()));
                        }
                        Placement::Children => node.children_only.push(idx),
                        Placement::Exact { file, below } => {
                            if file {
                                node.file.push(idx);
                            }
                            if below {
                                node.below.push(idx);
                            }
                        }
                        Placement::Keyed { offset, key } => {
                            let pos = match node.keyed.iter().position(|(o, _)| *o == offset) {
                                Some(pos) => pos,
                                None => {
                                    node.keyed.push((offset, FxMap::default()));
                                    node.keyed.len() - 1
                                }
                            };
                            node.keyed[pos].1.entry(key.into()).or_default().push(idx);
                        }
                        Placement::Checked => node.checked.push(idx),
                    }
                }
                Class::Unindexed => unindexed.push(idx),
            }
        }
        set.patterns = self.entries.into_iter().map(|(p, _)| p).collect();

        let (globbable, checked): (Vec<usize>, Vec<usize>) = unindexed
            .into_iter()
            .partition(|&i| !has_question_mark(&set.patterns[i]));
        set.checked = checked;
        if globbable.len() > self.fallback_threshold
            && let Ok(globs) = build_globs(&set.patterns, &globbable)
        {
            set.globs = Some(globs);
        } else {
            set.checked.extend(globbable);
        }
        set
    }
}

/// Many patterns with owners, indexed for fast resolution.
#[derive(Debug, Clone)]
pub struct PatternSet {
    patterns: Vec<PathPattern>,
    specs: Vec<Specificity>,
    owners: Vec<usize>,
    /// Patterns that own every file (`*`, `**`).
    always: Vec<usize>,
    root: Node,
    /// Patterns checked one by one on every path.
    checked: Vec<usize>,
    globs: Option<FallbackGlobs>,
}

#[derive(Debug, Clone)]
struct FallbackGlobs {
    /// The sets of at most [`GLOBS_PER_SET`] globs each, with the glob index each ends
    /// before.
    sets: Vec<(GlobSet, usize)>,
    /// Glob index -> pattern index.
    pattern_of: Vec<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Floating {
    pattern: usize,
    dir_only: bool,
}

impl Floating {
    fn new(pattern: usize, dir_only: bool) -> Self {
        Floating { pattern, dir_only }
    }
}

/// Patterns that own a path when one of its segments (below their node) has a name or an
/// extension: `build/`, `*.md`, `/docs/**/*.png`.
#[derive(Debug, Clone, Default)]
struct FloatIndex {
    by_name: FxMap<Box<str>, Vec<Floating>>,
    /// Keyed by the extension part (from the last `.`) of the suffix.
    by_ext: FxMap<Box<str>, Vec<(Floating, Box<str>)>>,
}

impl FloatIndex {
    /// Adds the patterns owning `path` through a segment at or after byte `start`.
    fn scan(&self, path: &str, mut start: usize, out: &mut Vec<usize>) {
        loop {
            let (seg, next) = split_segment(path, start);
            let is_file = next >= path.len();
            if let Some(hits) = self.by_name.get(seg) {
                for h in hits {
                    if !is_file || !h.dir_only {
                        out.push(h.pattern);
                    }
                }
            }
            if let Some(hits) = seg.rfind('.').and_then(|d| self.by_ext.get(&seg[d..])) {
                for (h, suffix) in hits {
                    if (!is_file || !h.dir_only) && seg.ends_with(&**suffix) {
                        out.push(h.pattern);
                    }
                }
            }
            if is_file {
                return;
            }
            start = next;
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Node {
    children: FxMap<Box<str>, Node>,
    /// Patterns floating below this prefix (at the root: `build/`, `*.md`).
    floating: Option<Box<FloatIndex>>,
    /// Children-only patterns (`/docs/*`): every path exactly one segment below.
    children_only: Vec<usize>,
    /// All-literal patterns owning the file whose path is exactly this prefix.
    file: Vec<usize>,
    /// All-literal patterns owning everything strictly below this prefix.
    below: Vec<usize>,
    /// (offset in the rest of the path, literal segment there -> candidates).
    keyed: Vec<(usize, KeyMap)>,
    /// Patterns with this literal prefix but no further key.
    checked: Vec<usize>,
}

impl PatternSet {
    pub fn builder() -> PatternSetBuilder {
        PatternSetBuilder {
            entries: Vec::new(),
            fallback_threshold: DEFAULT_FALLBACK_THRESHOLD,
        }
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Panics if `index` is not a pattern index of this set.
    pub fn pattern(&self, index: usize) -> &PathPattern {
        &self.patterns[index]
    }

    /// Panics if `index` is not a pattern index of this set.
    pub fn owner(&self, index: usize) -> usize {
        self.owners[index]
    }

    /// Replaces `out` with the indices (ascending) of every pattern owning
    /// `path`.
    pub fn matching(&self, path: &str, out: &mut Vec<usize>) {
        if path.is_empty() {
            // Not a file; `PathPattern::matches` says no for every pattern too.
            out.clear();
            return;
        }
        out.clear();
        if let Some(g) = &self.globs {
            // One scratch list per thread: matching a path allocates nothing.
            thread_local! {
                static HITS: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
            }
            HITS.with_borrow_mut(|hits| {
                let mut first = 0;
                for (set, end) in &g.sets {
                    set.matches_into(path, hits);
                    out.extend(hits.iter().map(|&h| g.pattern_of[first + h]));
                    first = *end;
                }
            });
        }
        out.extend_from_slice(&self.always);
        for &i in &self.checked {
            if self.patterns[i].matches(path) {
                out.push(i);
            }
        }
        self.walk_trie(path, out);
        if out.len() > 1 {
            out.sort_unstable();
            // A floating pattern can hit several components (`a/build/build`)
            // and a fallback glob pair can both match.
            out.dedup();
        }
    }

    /// Fills `scratch` as [`PatternSet::matching`] does and picks the winner.
    pub fn resolve(&self, path: &str, scratch: &mut Vec<usize>) -> Resolution {
        self.matching(path, scratch);
        self.winner(scratch)
    }

    /// The winner among `matching` (indices of this set).
    pub fn winner(&self, matching: &[usize]) -> Resolution {
        let Some(best) = matching.iter().map(|&i| self.specs[i]).max() else {
            return Resolution::Unowned;
        };
        let mut tied = matching.iter().copied().filter(|&i| self.specs[i] == best);
        let Some(first) = tied.next() else {
            return Resolution::Unowned;
        };
        if tied.all(|i| self.owners[i] == self.owners[first]) {
            return Resolution::Owned { pattern: first };
        }
        Resolution::Conflict {
            patterns: matching
                .iter()
                .copied()
                .filter(|&i| self.specs[i] == best)
                .collect(),
        }
    }

    /// A fresh usage record for this set.
    pub fn usage(&self) -> PatternUsage {
        PatternUsage {
            matched: vec![false; self.len()],
            won: vec![false; self.len()],
        }
    }

    fn walk_trie(&self, path: &str, out: &mut Vec<usize>) {
        let mut node = &self.root;
        let mut rest = 0;
        let mut depth = 0;
        loop {
            self.visit(node, path, rest, depth, out);
            if rest >= path.len() {
                return;
            }
            let (seg, next) = split_segment(path, rest);
            let Some(child) = node.children.get(seg) else {
                return;
            };
            node = child;
            rest = next;
            depth += 1;
        }
    }

    /// `node` is reached by the first `depth` segments; the rest of the path
    /// starts at byte `rest`.
    fn visit(&self, node: &Node, path: &str, rest: usize, depth: usize, out: &mut Vec<usize>) {
        if rest >= path.len() {
            out.extend_from_slice(&node.file);
        } else {
            out.extend_from_slice(&node.below);
            if let Some(floating) = &node.floating {
                floating.scan(path, rest, out);
            }
            if !node.children_only.is_empty() && !path.as_bytes()[rest..].contains(&b'/') {
                out.extend_from_slice(&node.children_only);
            }
        }
        for (offset, by_key) in &node.keyed {
            let Some(seg) = nth_segment(path, rest, *offset) else {
                continue;
            };
            let Some(candidates) = by_key.get(seg) else {
                continue;
            };
            self.check(candidates, path, rest, depth, out);
        }
        self.check(&node.checked, path, rest, depth, out);
    }

    fn check(
        &self,
        candidates: &[usize],
        path: &str,
        rest: usize,
        depth: usize,
        out: &mut Vec<usize>,
    ) {
        for &i in candidates {
            // The first `depth` tokens are the literals the trie matched.
            if match_tokens(&self.patterns[i].tokens()[depth..], &path[rest..]) {
                out.push(i);
            }
        }
    }
}

/// Which patterns matched or won anything over a file list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternUsage {
    matched: Vec<bool>,
    won: Vec<bool>,
}

impl PatternUsage {
    /// Records one path's `matching` list (from `set`, which made this usage).
    /// Every equally most specific pattern counts as winning, so a pattern
    /// tied with a same-owner twin is not reported as shadowed.
    pub fn record(&mut self, set: &PatternSet, matching: &[usize]) {
        let best = matching.iter().map(|&i| set.specs[i]).max();
        for &i in matching {
            self.matched[i] = true;
            if Some(set.specs[i]) == best {
                self.won[i] = true;
            }
        }
    }

    /// Patterns that owned no recorded path.
    pub fn dead(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.matched.len()).filter(|&i| !self.matched[i])
    }

    /// Patterns that matched some path but were always beaten.
    pub fn shadowed(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.matched.len()).filter(|&i| self.matched[i] && !self.won[i])
    }
}

enum Class {
    Always,
    Trie { prefix: Vec<String>, how: Placement },
    Unindexed,
}

enum Placement {
    Exact {
        file: bool,
        below: bool,
    },
    /// A segment below the prefix named `name` (`build/`, `/docs/**/img/`).
    Name {
        name: String,
        dir_only: bool,
    },
    /// A segment below the prefix ending in `suffix`, which contains a `.` (`*.md`,
    /// `/docs/**/*.png`).
    Suffix {
        suffix: String,
        dir_only: bool,
    },
    /// `/docs/*`: every path exactly one segment below the prefix.
    Children,
    Keyed {
        offset: usize,
        key: String,
    },
    /// No key after the prefix: checked for every path below the prefix.
    Checked,
}

fn classify(p: &PathPattern) -> Class {
    let toks = p.tokens();
    if owns_everything(toks) {
        return Class::Always;
    }
    let segs = p.segments();
    // Leading literal folders of an anchored pattern, then what follows them.
    let literal = if p.is_anchored() {
        segs.iter()
            .take_while(|s| matches!(s, Segment::Lit(_)))
            .count()
    } else {
        0
    };
    let (lits, tail) = segs.split_at(literal);
    let prefix: Vec<String> = lits
        .iter()
        .filter_map(|s| match s {
            Segment::Lit(name) => Some(name.clone()),
            _ => None,
        })
        .collect();
    let floating = match tail {
        [s] if !p.is_anchored() => Some((s, p.is_dir_only())),
        // `**/x` and `**/x/**` are spelled-out floating patterns, below a prefix as well
        // (`/docs/**/img/`).
        [Segment::Recursive, s] if !p.is_children_only() => Some((s, p.is_dir_only())),
        [Segment::Recursive, s, Segment::Recursive] if !p.is_dir_only() => Some((s, true)),
        _ => None,
    };
    if let Some((seg, dir_only)) = floating {
        let how = match seg {
            Segment::Lit(name) => Some(Placement::Name {
                name: name.clone(),
                dir_only,
            }),
            Segment::Glob(pieces) => match &pieces[..] {
                [Piece::Star, Piece::Lit(suffix)] if suffix.contains('.') => {
                    Some(Placement::Suffix {
                        suffix: suffix.clone(),
                        dir_only,
                    })
                }
                _ => None,
            },
            Segment::Recursive => None,
        };
        match how {
            Some(how) => return Class::Trie { prefix, how },
            None if prefix.is_empty() => return Class::Unindexed,
            None => {}
        }
    }
    match tail {
        // `/docs/*`, and `/*` at the root.
        [Segment::Glob(pieces)] if p.is_children_only() && pieces[..] == [Piece::Star] => {
            return Class::Trie {
                prefix,
                how: Placement::Children,
            };
        }
        // `/src/**` is everything below `src`, as `/src/` is.
        [Segment::Recursive] if !p.is_dir_only() => {
            return Class::Trie {
                prefix,
                how: Placement::Exact {
                    file: false,
                    below: true,
                },
            };
        }
        _ => {}
    }
    if !p.is_anchored() {
        return Class::Unindexed;
    }
    if segs.iter().all(|s| matches!(s, Segment::Lit(_))) {
        let how = Placement::Exact {
            file: !p.is_dir_only(),
            below: !p.is_children_only(),
        };
        return Class::Trie { prefix, how };
    }
    for (offset, tok) in toks[prefix.len()..].iter().enumerate() {
        match tok {
            Tok::Lit(key) => {
                let how = Placement::Keyed {
                    offset,
                    key: key.clone(),
                };
                return Class::Trie { prefix, how };
            }
            Tok::Glob(_) => {}
            // Past a `**` no literal sits at a fixed offset.
            Tok::AnyDirs => break,
        }
    }
    if prefix.is_empty() {
        Class::Unindexed
    } else {
        Class::Trie {
            prefix,
            how: Placement::Checked,
        }
    }
}

/// True for token lists like `**/*` or `*/**`: one any-segment plus `**`s.
fn owns_everything(toks: &[Tok]) -> bool {
    let star = Tok::Glob(vec![Piece::Star]);
    toks.iter().filter(|t| **t == star).count() == 1
        && toks.contains(&Tok::AnyDirs)
        && toks.iter().all(|t| *t == star || *t == Tok::AnyDirs)
}

fn has_question_mark(p: &PathPattern) -> bool {
    p.tokens().iter().any(|t| match t {
        Tok::Glob(pieces) => pieces.contains(&Piece::One),
        _ => false,
    })
}

fn nth_segment(path: &str, mut start: usize, n: usize) -> Option<&str> {
    for _ in 0..n {
        if start >= path.len() {
            return None;
        }
        start = split_segment(path, start).1;
    }
    if start >= path.len() {
        return None;
    }
    Some(split_segment(path, start).0)
}

/// How many globs one fallback `GlobSet` holds. Thousands of regular expressions in one set
/// outgrow its lazy DFA's cache, and every path then runs the slow engine (10,000
/// `**/a*b*c*N` patterns against 3,000 paths: 1.6 s in one set); sets of this size stay in
/// their DFAs (0.5 s for those 10,000 patterns).
const GLOBS_PER_SET: usize = 128;

fn build_globs(patterns: &[PathPattern], which: &[usize]) -> Result<FallbackGlobs, BuildError> {
    let mut sets = Vec::new();
    let mut builder = GlobSetBuilder::new();
    let mut pattern_of = Vec::new();
    let mut in_set = 0usize;
    let finish = |builder: GlobSetBuilder| {
        builder.build().map_err(|e| BuildError {
            pattern: which.first().copied().unwrap_or(0),
            message: e.to_string(),
        })
    };
    for &i in which {
        for text in glob_texts(patterns[i].tokens()) {
            let glob = GlobBuilder::new(&text)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| BuildError {
                    pattern: i,
                    message: e.to_string(),
                })?;
            if in_set == GLOBS_PER_SET {
                sets.push((
                    finish(std::mem::replace(&mut builder, GlobSetBuilder::new()))?,
                    pattern_of.len(),
                ));
                in_set = 0;
            }
            builder.add(glob);
            in_set += 1;
            pattern_of.push(i);
        }
    }
    sets.push((finish(builder)?, pattern_of.len()));
    Ok(FallbackGlobs { sets, pattern_of })
}

/// globset globs matching exactly the paths `toks` match. globset's trailing
/// `/**` needs at least one segment while a trailing `AnyDirs` allows zero, so
/// that case takes two globs. Literal prefixes stay literal: globset turns
/// them into fast prefix checks.
fn glob_texts(toks: &[Tok]) -> Vec<String> {
    let (body, open_end) = match toks.split_last() {
        Some((Tok::AnyDirs, body)) => (body, true),
        _ => (toks, false),
    };
    if body.is_empty() {
        return vec!["**".to_string()];
    }
    let mut text = String::new();
    for (i, tok) in body.iter().enumerate() {
        if i > 0 {
            text.push('/');
        }
        match tok {
            Tok::Lit(s) => escape_glob(s, &mut text),
            Tok::AnyDirs => text.push_str("**"),
            Tok::Glob(pieces) => {
                for piece in pieces {
                    match piece {
                        Piece::Lit(s) => escape_glob(s, &mut text),
                        Piece::Star => text.push('*'),
                        Piece::One => text.push('?'),
                    }
                }
            }
        }
    }
    if open_end {
        let below = format!("{text}/**");
        vec![text, below]
    } else {
        vec![text]
    }
}

fn escape_glob(s: &str, out: &mut String) {
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '?' | '[' | ']' | '{' | '}' | ',') {
            out.push('\\');
        }
        out.push(c);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Literal segment -> pattern indices.
type KeyMap = FxMap<Box<str>, Vec<usize>>;

/// The rustc "Fx" hash. The keys are path segments from the team's own
/// repository and config, so collision attacks are not a concern and the
/// speed matters (several lookups per path).
#[derive(Debug, Default, Clone, Copy)]
struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set_of(patterns: &[(&str, usize)]) -> PatternSet {
        let mut b = PatternSet::builder();
        for (raw, owner) in patterns {
            b.add(PathPattern::parse(raw).unwrap(), *owner);
        }
        b.build()
    }

    fn resolve(set: &PatternSet, path: &str) -> Resolution {
        set.resolve(path, &mut Vec::new())
    }

    #[test]
    fn most_specific_pattern_wins() {
        let set = set_of(&[("*", 0), ("/src/", 1), ("/src/net/", 2), ("*.md", 3)]);
        assert_eq!(
            resolve(&set, "src/net/tcp.rs"),
            Resolution::Owned { pattern: 2 }
        );
        assert_eq!(
            resolve(&set, "src/lib.rs"),
            Resolution::Owned { pattern: 1 }
        );
        assert_eq!(resolve(&set, "README"), Resolution::Owned { pattern: 0 });
        // Anchored literal segments beat a longer floating name.
        assert_eq!(
            resolve(&set, "src/net/README.md"),
            Resolution::Owned { pattern: 2 }
        );
        assert_eq!(
            resolve(&set, "docs/README.md"),
            Resolution::Owned { pattern: 3 }
        );
    }

    #[test]
    fn matching_lists_every_owner_pattern_including_beaten_ones() {
        let set = set_of(&[("*", 0), ("/src/", 1), ("/src/net/", 2), ("tcp.rs", 3)]);
        let mut out = vec![99];
        set.matching("src/net/tcp.rs", &mut out);
        assert_eq!(out, vec![0, 1, 2, 3]);
        set.matching("lib/x.rs", &mut out);
        assert_eq!(out, vec![0]);
    }

    #[test]
    fn equal_specificity_of_different_owners_is_a_conflict() {
        let set = set_of(&[("/docs/", 0), ("/docs", 1), ("/docs/api/", 2)]);
        assert_eq!(
            resolve(&set, "docs/guide.md"),
            Resolution::Conflict {
                patterns: vec![0, 1]
            }
        );
        // The more specific pattern settles it below docs/api.
        assert_eq!(
            resolve(&set, "docs/api/x.md"),
            Resolution::Owned { pattern: 2 }
        );
        // Only `/docs` owns a FILE named docs, so no conflict there.
        assert_eq!(resolve(&set, "docs"), Resolution::Owned { pattern: 1 });
    }

    #[test]
    fn equal_specificity_of_the_same_owner_is_not_a_conflict() {
        let set = set_of(&[("*.md", 4), ("*.rs", 4), ("*.md", 4)]);
        assert_eq!(resolve(&set, "a/b.md"), Resolution::Owned { pattern: 0 });
        let set = set_of(&[("logs", 1), ("logs/", 1)]);
        assert_eq!(resolve(&set, "x/logs/a"), Resolution::Owned { pattern: 0 });
        let set = set_of(&[("logs", 1), ("logs/", 2)]);
        assert_eq!(
            resolve(&set, "x/logs/a"),
            Resolution::Conflict {
                patterns: vec![0, 1]
            }
        );
        assert_eq!(resolve(&set, "x/logs"), Resolution::Owned { pattern: 0 });
    }

    #[test]
    fn unowned_when_nothing_matches() {
        let set = set_of(&[("/src/", 0), ("build/", 1)]);
        assert_eq!(resolve(&set, "docs/a.md"), Resolution::Unowned);
        assert_eq!(resolve(&set, "build"), Resolution::Unowned);
        assert_eq!(resolve(&set, "x/build/y"), Resolution::Owned { pattern: 1 });
        assert_eq!(
            resolve(&PatternSet::builder().build(), "a"),
            Resolution::Unowned
        );
    }

    #[test]
    fn usage_reports_dead_and_shadowed_patterns() {
        let set = set_of(&[("*", 0), ("/src/", 1), ("/nowhere/", 2), ("/src/*", 3)]);
        let mut usage = set.usage();
        let mut scratch = Vec::new();
        for path in ["src/a.rs", "src/b/c.rs", "README"] {
            set.matching(path, &mut scratch);
            usage.record(&set, &scratch);
        }
        assert_eq!(usage.dead().collect::<Vec<_>>(), vec![2]);
        // `/src/*` matches src/a.rs but `/src/` (fewer wildcards) beats it.
        assert_eq!(usage.shadowed().collect::<Vec<_>>(), vec![3]);
    }

    #[test]
    fn index_paths_all_agree_with_per_pattern_matching() {
        // One pattern per indexing strategy, checked on a path that hits it
        // and one that does not.
        let cases: &[(&str, &str, &str)] = &[
            ("/Cargo.toml", "Cargo.toml", "x/Cargo.toml"),
            ("/src/net/", "src/net/a/b.rs", "src/net"),
            ("/src/*/mod7/*.rs", "src/a/mod7/x.rs", "src/a/b/mod7/x.rs"),
            ("/*/mod7/", "lib/mod7/x", "lib/mod8/x"),
            ("node_modules/", "a/node_modules/b.js", "a/node_modules"),
            ("**/testdata/**", "x/testdata/y", "x/testdata"),
            ("*_test.rs", "a/b_test.rs", "a/b_test.rsx"),
            ("*.md", "x.md/y", "x.mdy"),
            ("/*/*.rs", "a/b.rs", "a/b/c.rs"),
            ("**/a/b", "x/a/b/c", "x/a/c/b"),
            ("test_*", "x/test_a/y", "x/atest_/y"),
            ("/a?c/", "abc/x", "abc"),
            ("*", "any/thing", ""),
            ("/docs/**/*.png", "docs/a/b.png", "x/docs/b.png"),
            ("/docs/**/img/", "docs/img/a.svg", "docs/a/img"),
            ("/docs/**/img", "docs/a/img", "docs/imgs/a"),
            ("/src/**", "src/a/b", "src"),
            ("/docs/*", "docs/a.md", "docs/a/b.md"),
            ("/*", "README", "a/b"),
            ("/a/**/b/**", "a/x/b/c", "a/x/b"),
        ];
        for threshold in [0, usize::MAX] {
            let mut b = PatternSet::builder().fallback_threshold(threshold);
            for (raw, _, _) in cases {
                b.add(PathPattern::parse(raw).unwrap(), 0);
            }
            let set = b.build();
            for (i, (raw, hit, miss)) in cases.iter().enumerate() {
                let mut out = Vec::new();
                set.matching(hit, &mut out);
                assert!(
                    out.contains(&i),
                    "{raw} should own {hit} (threshold {threshold})"
                );
                set.matching(miss, &mut out);
                assert!(
                    !out.contains(&i),
                    "{raw} should not own {miss} (threshold {threshold})"
                );
            }
        }
    }

    fn set_pattern() -> impl Strategy<Value = String> {
        let seg = prop_oneof![
            Just("a"),
            Just("b"),
            Just("ab"),
            Just("*"),
            Just("?"),
            Just("**"),
            Just("*.md"),
            Just("*b.md"),
            Just("a*"),
            Just("x.md"),
        ];
        crate::paths::pattern::patterns_of(seg)
    }

    fn set_path() -> impl Strategy<Value = String> {
        let seg = prop_oneof![
            Just("a"),
            Just("b"),
            Just("ab"),
            Just("x.md"),
            Just("ab.md"),
            Just("é"),
        ];
        proptest::collection::vec(seg, 1..5).prop_map(|v| v.join("/"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn resolve_agrees_with_per_pattern_matches_and_max_specificity(
            patterns in proptest::collection::vec((set_pattern(), 0usize..3), 1..12),
            paths in proptest::collection::vec(set_path(), 1..20),
            threshold in prop_oneof![Just(0usize), Just(usize::MAX)],
        ) {
            let mut b = PatternSet::builder().fallback_threshold(threshold);
            let mut parsed = Vec::new();
            for (raw, owner) in &patterns {
                let p = PathPattern::parse(raw).unwrap();
                parsed.push((p.clone(), *owner));
                b.add(p, *owner);
            }
            let set = b.build();
            let mut scratch = Vec::new();
            for path in &paths {
                let got = set.resolve(path, &mut scratch);
                let want_matching: Vec<usize> = (0..parsed.len())
                    .filter(|&i| parsed[i].0.matches(path))
                    .collect();
                prop_assert_eq!(&scratch, &want_matching, "path {}", path);
                let best = want_matching.iter().map(|&i| parsed[i].0.specificity()).max();
                let tied: Vec<usize> = want_matching
                    .iter()
                    .copied()
                    .filter(|&i| Some(parsed[i].0.specificity()) == best)
                    .collect();
                let want = match tied.first() {
                    None => Resolution::Unowned,
                    Some(&f) if tied.iter().all(|&i| parsed[i].1 == parsed[f].1) => {
                        Resolution::Owned { pattern: f }
                    }
                    Some(_) => Resolution::Conflict { patterns: tied.clone() },
                };
                prop_assert_eq!(got, want, "path {}", path);
            }
        }
    }
}
