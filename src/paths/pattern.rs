//! One ownership path pattern: parsing, per-pattern matching and specificity.
//!
//! A [`PathPattern`] is a GitHub CODEOWNERS pattern with GitHub's meaning: a
//! leading or middle `/` anchors it at the repository root, a single segment
//! floats to any depth, a trailing `/` means "directories only", a trailing
//! `/*` means "direct children only", `*`/`?` stay within one segment and `**`
//! follows gitignore. A pattern owns a file if it matches the file itself
//! (unless directory-only) or one of its ancestor directories (unless
//! children-only). Syntax GitHub silently ignores or misreads (`!`, `[...]`,
//! `{...}`, `..`) is rejected with a [`PatternError`] instead, so a typo never
//! turns into a pattern that owns nothing.
//!
//! [`Specificity`] also lives here because it is a property of the pattern
//! alone; `matcher` uses it to pick winners and `codeowners` to order lines.
//!
//! Internally a pattern is compiled to a list of [`Tok`]s that must match the
//! WHOLE path (floating and "or anything below" are folded in as `**` tokens),
//! so one small matcher ([`match_tokens`]) serves both `PathPattern::matches`
//! and the candidate checks of `PatternSet`.

use std::cmp::Reverse;
use std::fmt;

/// Why a pattern was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub message: String,
    pub hint: String,
    /// Byte offset in the raw pattern where the problem is.
    pub offset: usize,
}

impl PatternError {
    fn new(message: impl Into<String>, hint: impl Into<String>, offset: usize) -> Self {
        PatternError {
            message: message.into(),
            hint: hint.into(),
            offset,
        }
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (at byte {}); hint: {}",
            self.message, self.offset, self.hint
        )
    }
}

impl std::error::Error for PatternError {}

/// How specific a pattern is; greater is more specific.
///
/// Compared field by field: leading literal segments of an anchored pattern
/// (0 when floating), then literal characters, then fewer wildcards. The
/// derived `Ord` relies on that field order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Specificity {
    literal_segments: u32,
    literal_chars: u32,
    wildcards: Reverse<u32>,
}

impl Specificity {
    fn new(literal_segments: u32, literal_chars: u32, wildcards: u32) -> Self {
        Specificity {
            literal_segments,
            literal_chars,
            wildcards: Reverse(wildcards),
        }
    }

    pub fn literal_segments(&self) -> u32 {
        self.literal_segments
    }

    pub fn literal_chars(&self) -> u32 {
        self.literal_chars
    }

    pub fn wildcards(&self) -> u32 {
        self.wildcards.0
    }
}

/// Part of one segment of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Lit(String),
    /// `*` (runs of stars inside a segment collapse to one, as in gitignore).
    Star,
    /// `?`: exactly one character, never `/`.
    One,
}

/// One `/`-separated segment of a pattern, escapes already resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Lit(String),
    Glob(Vec<Piece>),
    /// A segment that is exactly `**`.
    Recursive,
}

/// A whole-path matching token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// Exactly one path segment equal to the text.
    Lit(String),
    /// Exactly one path segment matching the pieces.
    Glob(Vec<Piece>),
    /// Zero or more whole path segments.
    AnyDirs,
}

/// A parsed, validated CODEOWNERS path pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPattern {
    raw: String,
    segments: Vec<Segment>,
    anchored: bool,
    dir_only: bool,
    children_only: bool,
    specificity: Specificity,
    tokens: Vec<Tok>,
}

/// A lexed character of the raw pattern.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lex {
    Char(char),
    Star,
    One,
    Slash,
}

impl PathPattern {
    /// Parses and validates `raw` (CODEOWNERS syntax, `\` escapes included).
    pub fn parse(raw: &str) -> Result<PathPattern, PatternError> {
        let lexed = lex(raw)?;
        let (segments, anchored, dir_only) = split_segments(raw, &lexed)?;
        // GitHub reads `foo/**/` as `foo/**`: the folders below `foo` at any depth are
        // everything below it, files directly in `foo` included.
        let dir_only = dir_only && !matches!(segments.last(), Some(Segment::Recursive));
        let children_only = anchored
            && !dir_only
            && matches!(segments.last(), Some(Segment::Glob(p)) if p[..] == [Piece::Star]);
        let specificity = specificity_of(&segments, anchored);
        let tokens = compile(&segments, anchored, dir_only, children_only);
        Ok(PathPattern {
            raw: raw.to_string(),
            segments,
            anchored,
            dir_only,
            children_only,
            specificity,
            tokens,
        })
    }

    /// The pattern exactly as written.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    pub fn specificity(&self) -> Specificity {
        self.specificity
    }

    /// True when a leading or middle `/` ties the pattern to the root.
    pub fn is_anchored(&self) -> bool {
        self.anchored
    }

    /// True for a trailing `/`: only directories match, so a file owns
    /// through its ancestors only.
    pub fn is_dir_only(&self) -> bool {
        self.dir_only
    }

    /// True for a trailing `/*` (after an anchor): direct children only.
    pub fn is_children_only(&self) -> bool {
        self.children_only
    }

    /// Whether this pattern owns the file at `path` (repository-relative,
    /// `/`-separated, no leading `/`).
    pub fn matches(&self, path: &str) -> bool {
        match_tokens(&self.tokens, path)
    }

    pub(crate) fn segments(&self) -> &[Segment] {
        &self.segments
    }

    pub(crate) fn tokens(&self) -> &[Tok] {
        &self.tokens
    }
}

impl fmt::Display for PathPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

fn lex(raw: &str) -> Result<Vec<(Lex, usize)>, PatternError> {
    if raw.is_empty() {
        return Err(PatternError::new(
            "empty pattern",
            "write a path such as `/docs/` or `*.md`",
            0,
        ));
    }
    if raw.starts_with('!') {
        return Err(PatternError::new(
            "negation is not supported in CODEOWNERS",
            "list the files you want owned instead (escape a literal leading `!` as `\\!`)",
            0,
        ));
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((at, c)) = chars.next() {
        let lexed = match c {
            '\\' => match chars.next() {
                None => {
                    return Err(PatternError::new(
                        "pattern ends with a lone `\\`",
                        "escape a backslash as `\\\\`",
                        at,
                    ));
                }
                Some((_, '/')) => {
                    return Err(PatternError::new(
                        "`/` cannot be escaped",
                        "remove the backslash: `/` always separates directories",
                        at,
                    ));
                }
                Some((at2, c2)) => {
                    check_plain_char(c2, at2)?;
                    Lex::Char(c2)
                }
            },
            '/' => Lex::Slash,
            '*' => Lex::Star,
            '?' => Lex::One,
            // GitHub has no character classes: `/apps/[param]/` names the folder `[param]`
            // (Next.js and SvelteKit routes).
            '[' | ']' => Lex::Char(c),
            '{' | '}' => {
                return Err(PatternError::new(
                    "brace expansion (`{a,b}`) is not supported in CODEOWNERS",
                    "write one pattern per alternative, or escape a literal brace as `\\{`",
                    at,
                ));
            }
            c if c.is_whitespace() => {
                return Err(PatternError::new(
                    "unescaped whitespace in pattern",
                    "escape a space as `\\ ` (CODEOWNERS separates owners with whitespace)",
                    at,
                ));
            }
            c => {
                check_plain_char(c, at)?;
                Lex::Char(c)
            }
        };
        out.push((lexed, at));
    }
    Ok(out)
}

/// Rejects characters no CODEOWNERS line can carry, even escaped.
fn check_plain_char(c: char, at: usize) -> Result<(), PatternError> {
    if c == '\0' {
        return Err(PatternError::new(
            "NUL character in pattern",
            "remove it: no tracked path contains NUL",
            at,
        ));
    }
    // A tab or newline would split the CODEOWNERS line; GitLab even turns an
    // escaped tab into a space, so such a pattern could never round-trip.
    if c.is_control() {
        return Err(PatternError::new(
            format!("control character U+{:04X} in pattern", u32::from(c)),
            "paths with control characters cannot be written in CODEOWNERS",
            at,
        ));
    }
    // A bidirectional override shows the pattern in another order than it matches.
    if matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
        return Err(PatternError::new(
            format!(
                "bidirectional control character U+{:04X} in pattern",
                u32::from(c)
            ),
            "it makes the pattern display in another order than it matches; remove it",
            at,
        ));
    }
    Ok(())
}

type Split = (Vec<Segment>, bool, bool);

fn split_segments(raw: &str, lexed: &[(Lex, usize)]) -> Result<Split, PatternError> {
    let mut parts: Vec<(&[(Lex, usize)], usize)> = Vec::new();
    let mut start = 0;
    for (i, &(l, at)) in lexed.iter().enumerate() {
        if l == Lex::Slash {
            parts.push((&lexed[start..i], at));
            start = i + 1;
        }
    }
    parts.push((&lexed[start..], raw.len()));

    // `parts` has one more element than there are slashes; an empty first
    // part means a leading `/`, an empty last part a trailing `/`.
    let leading = parts.first().is_some_and(|(p, _)| p.is_empty());
    let trailing = parts.len() > 1 && parts.last().is_some_and(|(p, _)| p.is_empty());
    let lo = usize::from(leading);
    let hi = parts.len() - usize::from(trailing);
    if lo >= hi {
        return Err(PatternError::new(
            "pattern has no path segments",
            "use `*` to own every file",
            0,
        ));
    }
    let body = &parts[lo..hi];
    let mut segments = Vec::with_capacity(body.len());
    for (part, end) in body {
        let Some(&(_, seg_start)) = part.first() else {
            // An empty part inside the body is a `//`; `end` is the second slash.
            return Err(PatternError::new(
                "empty path segment (`//`)",
                "remove the doubled `/`",
                *end,
            ));
        };
        segments.push(segment_of(part, seg_start)?);
    }
    let anchored = leading || segments.len() > 1;
    Ok((segments, anchored, trailing))
}

fn segment_of(part: &[(Lex, usize)], at: usize) -> Result<Segment, PatternError> {
    if part.len() == 2 && part.iter().all(|&(l, _)| l == Lex::Star) {
        return Ok(Segment::Recursive);
    }
    let mut pieces: Vec<Piece> = Vec::new();
    for &(l, _) in part {
        match l {
            Lex::Char(c) => match pieces.last_mut() {
                Some(Piece::Lit(s)) => s.push(c),
                _ => pieces.push(Piece::Lit(c.to_string())),
            },
            Lex::Star => {
                if pieces.last() != Some(&Piece::Star) {
                    pieces.push(Piece::Star);
                }
            }
            Lex::One => pieces.push(Piece::One),
            Lex::Slash => {}
        }
    }
    if let [Piece::Lit(s)] = &pieces[..] {
        if s == ".." {
            return Err(PatternError::new(
                "`..` segments are not allowed",
                "patterns are relative to the repository root; write the path without `..`",
                at,
            ));
        }
        if s == "." {
            return Err(PatternError::new(
                "`.` segments never match a repository path",
                "remove the `./`",
                at,
            ));
        }
        return Ok(Segment::Lit(s.clone()));
    }
    Ok(Segment::Glob(pieces))
}

fn specificity_of(segments: &[Segment], anchored: bool) -> Specificity {
    let literal_segments = if anchored {
        segments
            .iter()
            .take_while(|s| matches!(s, Segment::Lit(_)))
            .count()
    } else {
        0
    };
    let mut chars = 0usize;
    let mut wildcards = 0usize;
    for seg in segments {
        match seg {
            Segment::Lit(s) => chars += s.chars().count(),
            Segment::Recursive => wildcards += 1,
            Segment::Glob(pieces) => {
                for p in pieces {
                    match p {
                        Piece::Lit(s) => chars += s.chars().count(),
                        Piece::Star | Piece::One => wildcards += 1,
                    }
                }
            }
        }
    }
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Specificity::new(clamp(literal_segments), clamp(chars), clamp(wildcards))
}

/// Folds the CODEOWNERS rules into one whole-path token list: floating adds a
/// leading `**`, a trailing `**` needs at least one segment, and "or anything
/// below" becomes a trailing `**` (one-or-more for directory-only patterns,
/// nothing for children-only ones).
fn compile(segments: &[Segment], anchored: bool, dir_only: bool, children_only: bool) -> Vec<Tok> {
    fn any_dirs(toks: &mut Vec<Tok>) {
        if toks.last() != Some(&Tok::AnyDirs) {
            toks.push(Tok::AnyDirs);
        }
    }
    let mut toks = Vec::with_capacity(segments.len() + 3);
    if !anchored {
        toks.push(Tok::AnyDirs);
    }
    for (i, seg) in segments.iter().enumerate() {
        match seg {
            Segment::Lit(s) => toks.push(Tok::Lit(s.clone())),
            Segment::Glob(p) => toks.push(Tok::Glob(p.clone())),
            Segment::Recursive if i + 1 == segments.len() => {
                // gitignore: `foo/**` is everything inside foo, not foo itself.
                toks.push(Tok::Glob(vec![Piece::Star]));
                any_dirs(&mut toks);
            }
            Segment::Recursive => any_dirs(&mut toks),
        }
    }
    if children_only {
        return toks;
    }
    if dir_only {
        toks.push(Tok::Glob(vec![Piece::Star]));
    }
    any_dirs(&mut toks);
    toks
}

/// Splits the segment starting at byte `start`; returns it and the offset of
/// the next segment (`path.len()` when it was the last).
#[inline]
pub(crate) fn split_segment(path: &str, start: usize) -> (&str, usize) {
    let rest = &path[start..];
    // Segments are a few bytes long: a plain byte loop beats `str::find`, which looks for
    // a `char` with memchr and then compares its UTF-8 bytes with memcmp.
    match rest.bytes().position(|b| b == b'/') {
        Some(i) => (&rest[..i], start + i + 1),
        None => (rest, path.len()),
    }
}

/// Whether `toks` match all of `path`'s segments.
///
/// `AnyDirs` behaves like `*` over an alphabet of segments, so the classic
/// greedy algorithm (on mismatch, let the most recent `AnyDirs` swallow one
/// more segment) is complete and needs no allocation.
pub(crate) fn match_tokens(toks: &[Tok], path: &str) -> bool {
    let end = path.len();
    let (mut t, mut s) = (0usize, 0usize);
    let mut retry: Option<(usize, usize)> = None;
    loop {
        match toks.get(t) {
            Some(Tok::AnyDirs) => {
                retry = Some((t + 1, s));
                t += 1;
                continue;
            }
            Some(tok) if s < end => {
                let (seg, next) = split_segment(path, s);
                let ok = match tok {
                    Tok::Lit(l) => l == seg,
                    Tok::Glob(p) => glob_matches(p, seg),
                    Tok::AnyDirs => false,
                };
                if ok {
                    t += 1;
                    s = next;
                    continue;
                }
            }
            Some(_) => {}
            None if s >= end => return true,
            None => {}
        }
        match retry {
            Some((rt, rs)) if rs < end => {
                let (_, next) = split_segment(path, rs);
                retry = Some((rt, next));
                t = rt;
                s = next;
            }
            _ => return false,
        }
    }
}

/// Whether one segment's pieces match `text` (which contains no `/`).
/// Same greedy star-retry algorithm as [`match_tokens`], over characters.
fn glob_matches(pieces: &[Piece], text: &str) -> bool {
    let (mut p, mut s) = (0usize, 0usize);
    let mut retry: Option<(usize, usize)> = None;
    loop {
        match pieces.get(p) {
            Some(Piece::Star) => {
                retry = Some((p + 1, s));
                p += 1;
                continue;
            }
            Some(Piece::One) => {
                if let Some(c) = text[s..].chars().next() {
                    s += c.len_utf8();
                    p += 1;
                    continue;
                }
            }
            Some(Piece::Lit(l)) if text[s..].starts_with(l.as_str()) => {
                s += l.len();
                p += 1;
                continue;
            }
            Some(Piece::Lit(_)) => {}
            None if s == text.len() => return true,
            None => {}
        }
        let Some((rp, rs)) = retry else {
            return false;
        };
        let Some(c) = text[rs..].chars().next() else {
            return false;
        };
        let next = rs + c.len_utf8();
        retry = Some((rp, next));
        p = rp;
        s = next;
    }
}

/// Random patterns for the property tests: one to three segments drawn from `seg`, with or
/// without a leading and a trailing `/`.
#[cfg(test)]
pub(crate) fn patterns_of(
    seg: impl proptest::strategy::Strategy<Value = &'static str>,
) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    (
        any::<bool>(),
        proptest::collection::vec(seg, 1..4),
        any::<bool>(),
    )
        .prop_map(|(lead, segs, trail)| {
            format!(
                "{}{}{}",
                if lead { "/" } else { "" },
                segs.join("/"),
                if trail { "/" } else { "" }
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pat(raw: &str) -> PathPattern {
        PathPattern::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    fn owns(raw: &str, path: &str) -> bool {
        pat(raw).matches(path)
    }

    #[test]
    fn anchoring_leading_and_middle_slash() {
        assert!(owns("/docs", "docs/a.md"));
        assert!(!owns("/docs", "x/docs/a.md"));
        assert!(owns("docs/api", "docs/api/v1.md"));
        assert!(!owns("docs/api", "x/docs/api/v1.md"));
        assert!(pat("docs/api").is_anchored());
        assert!(!pat("docs/").is_anchored());
        assert!(!pat("*.rs").is_anchored());
    }

    #[test]
    fn single_segment_floats_to_any_depth() {
        assert!(owns("build", "x/build/y.o"));
        assert!(owns("build", "build"));
        assert!(owns("build", "a/b/build"));
        assert!(!owns("build", "x/builds/y.o"));
        assert!(owns("*.rs", "src/net/tcp.rs"));
        assert!(owns("*.rs", "main.rs"));
        assert!(!owns("*.rs", "src/net/tcp.rsx"));
    }

    #[test]
    fn pattern_covers_everything_below_a_matching_directory() {
        assert!(owns("/docs", "docs/a/b.md"));
        assert!(owns("/docs", "docs"));
        assert!(!owns("/docs", "docsx/a.md"));
        assert!(owns("/src/net", "src/net/tcp/conn.rs"));
        assert!(!owns("/src/net", "src/network.rs"));
    }

    #[test]
    fn trailing_slash_matches_directories_only() {
        assert!(owns("logs/", "logs/a.txt"));
        assert!(owns("logs/", "x/logs/b"));
        assert!(!owns("logs/", "logs"));
        assert!(!owns("logs/", "x/logs"));
        assert!(owns("/docs/", "docs/a.md"));
        assert!(!owns("/docs/", "docs"));
    }

    #[test]
    fn trailing_slash_star_matches_direct_children_only() {
        assert!(owns("/docs/*", "docs/a.md"));
        assert!(!owns("/docs/*", "docs/sub/b.md"));
        assert!(!owns("/docs/*", "docs"));
        assert!(pat("/docs/*").is_children_only());
        assert!(owns("/*", "README.md"));
        assert!(!owns("/*", "src/lib.rs"));
        // Not children-only: `*.md` is a name glob, so it also owns below a
        // directory called `x.md`.
        assert!(owns("/docs/*.md", "docs/x.md/inner"));
        assert!(!pat("/docs/*.md").is_children_only());
    }

    #[test]
    fn star_and_question_never_cross_slash() {
        assert!(owns("/src/*.rs", "src/lib.rs"));
        assert!(!owns("/src/*.rs", "src/net/tcp.rs"));
        assert!(owns("/a?c", "abc"));
        assert!(!owns("/a?c", "a/c"));
        assert!(!owns("/a?c", "ac"));
        assert!(owns("/a?c", "aéc"));
        assert!(owns("/src/*/mod.rs", "src/net/mod.rs"));
        assert!(!owns("/src/*/mod.rs", "src/net/tcp/mod.rs"));
    }

    #[test]
    fn double_star_forms() {
        assert!(owns("**/foo", "foo"));
        assert!(owns("**/foo", "a/b/foo"));
        assert!(owns("**/foo", "a/foo/bar"));
        assert!(!owns("**/foo", "a/foox"));
        assert!(owns("foo/**", "foo/a"));
        assert!(owns("foo/**", "foo/a/b/c"));
        assert!(!owns("foo/**", "foo"));
        assert!(!owns("foo/**", "x/foo/a"));
        assert!(owns("a/**/b", "a/b"));
        assert!(owns("a/**/b", "a/x/y/b"));
        assert!(owns("a/**/b", "a/x/b/c.txt"));
        assert!(!owns("a/**/b", "a/x/c"));
        assert!(owns("**", "anything/at/all"));
        assert!(owns("/**/testdata/**", "x/testdata/y"));
        assert!(!owns("/**/testdata/**", "x/testdata"));
        // `**` inside a segment is just `*`.
        assert!(owns("/a**b", "axyb"));
        assert!(!owns("/a**b", "ax/yb"));
    }

    #[test]
    fn matching_is_case_sensitive() {
        assert!(owns("/Docs", "Docs/a"));
        assert!(!owns("/Docs", "docs/a"));
        assert!(!owns("*.MD", "a.md"));
    }

    #[test]
    fn backslash_escapes_next_character() {
        assert!(owns("\\#file", "#file"));
        assert!(owns("\\#file", "a/#file"));
        assert!(!owns("\\#file", "file"));
        assert!(owns("/my\\ dir/", "my dir/x"));
        assert!(!owns("/my\\ dir/", "my/x"));
        assert!(owns("/a\\*b", "a*b"));
        assert!(!owns("/a\\*b", "axb"));
        assert!(owns("\\!important", "!important"));
        assert!(owns("/a\\[1\\]", "a[1]"));
        assert_eq!(pat("/a\\*b").specificity().wildcards(), 0);
    }

    fn err(raw: &str) -> PatternError {
        match PathPattern::parse(raw) {
            Ok(p) => panic!("{raw} parsed as {p:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn unsupported_syntax_is_rejected_with_message_hint_and_offset() {
        let e = err("!foo");
        assert_eq!(e.message, "negation is not supported in CODEOWNERS");
        assert!(e.hint.starts_with("list the files you want owned instead"));
        assert_eq!(e.offset, 0);

        // Brackets are literal on GitHub, not a class.
        assert!(owns("/src/[ab].rs", "src/[ab].rs"));
        assert!(!owns("/src/[ab].rs", "src/a.rs"));

        let e = err("*.{md,txt}");
        assert!(e.message.contains("brace expansion"), "{e}");
        assert_eq!(e.offset, 2);

        let e = err("");
        assert_eq!(e.message, "empty pattern");

        let e = err("/src/../etc");
        assert!(e.message.contains("`..`"), "{e}");
        assert_eq!(e.offset, 5);

        let e = err("/a\0b");
        assert!(e.message.contains("NUL"), "{e}");
        assert_eq!(e.offset, 2);

        assert!(err("/a//b").message.contains("empty path segment"));
        assert_eq!(err("/a//b").offset, 3);
        assert!(err("/").message.contains("no path segments"));
        assert!(err("a b").message.contains("whitespace"));
        assert_eq!(err("a b").offset, 1);
        assert!(err("a\\").message.contains("lone"));
        assert!(err("a\\/b").message.contains("cannot be escaped"));
        assert!(err("./a").message.contains("`.`"));
        assert!(err("a\tb").message.contains("whitespace"));
        assert!(err("a\\\tb").message.contains("control character"));
        assert!(err("a\u{202e}b").message.contains("bidirectional"));
        // A `!` that is not leading is an ordinary character.
        assert!(owns("/a!b", "a!b"));
    }

    #[test]
    fn error_displays_message_offset_and_hint() {
        let text = err("!x").to_string();
        assert!(text.contains("negation") && text.contains("hint:") && text.contains("byte 0"));
    }

    #[test]
    fn specificity_fields_follow_the_rule_text() {
        let s = pat("/src/net/").specificity();
        assert_eq!(
            (s.literal_segments(), s.literal_chars(), s.wildcards()),
            (2, 6, 0)
        );
        let s = pat("/src/*/mod7/*.rs").specificity();
        assert_eq!(
            (s.literal_segments(), s.literal_chars(), s.wildcards()),
            (1, 10, 2)
        );
        let s = pat("net/").specificity();
        assert_eq!(s.literal_segments(), 0, "floating counts 0");
        let s = pat("**/testdata/**").specificity();
        assert_eq!((s.literal_segments(), s.wildcards()), (0, 2));
    }

    #[test]
    fn specificity_ordering() {
        let sp = |r: &str| pat(r).specificity();
        // (1) leading literal segments dominate everything else.
        assert!(sp("/src/net/") > sp("/src/"));
        assert!(sp("/a/b") > sp("/averyveryverylongname/*.rs"));
        assert!(sp("/a") > sp("averyveryverylongname"));
        // (2) then literal characters.
        assert!(sp("/src/*.rs") > sp("/src/*"));
        assert!(sp("*.toml") > sp("*.rs"));
        // (3) then fewer wildcards.
        assert!(sp("/src/a*") > sp("/src/a*?"));
        assert!(sp("/docs/") > sp("/docs/*"));
        assert_eq!(sp("/docs"), sp("/docs/"));
        assert_eq!(sp("*.md"), sp("*.rs"));
        assert!(sp("x/**/y") > sp("**/x/y"));
    }

    /// Slow reference: the pattern as an anchored regex, applied to the path
    /// and each ancestor directory.
    fn reference(raw: &str, path: &str) -> bool {
        let dir_only = raw.len() > 1 && raw.ends_with('/');
        let body = if dir_only { &raw[..raw.len() - 1] } else { raw };
        // `foo/**/` is `foo/**` on GitHub.
        let dir_only = dir_only && !body.ends_with("/**") && body != "**";
        let anchored = body.contains('/');
        let body = body.strip_prefix('/').unwrap_or(body);
        let segs: Vec<&str> = body.split('/').collect();
        // Runs of stars are one star, so `/***` is children-only like `/*`.
        let children_only = anchored
            && !dir_only
            && segs
                .last()
                .is_some_and(|s| *s != "**" && s.chars().all(|c| c == '*'));
        let mut re = String::from("^");
        if !anchored {
            re.push_str("(?:.*/)?");
        }
        for (i, seg) in segs.iter().enumerate() {
            let last = i + 1 == segs.len();
            if *seg == "**" {
                re.push_str(if last { ".+" } else { "(?:.*/)?" });
                continue;
            }
            let mut prev_star = false;
            let mut chars = seg.chars();
            while let Some(c) = chars.next() {
                match c {
                    // `\x` is a literal `x`, wildcard or not.
                    '\\' => {
                        let literal = chars.next().unwrap();
                        re.push_str(&regex::escape(&literal.to_string()));
                        prev_star = false;
                        continue;
                    }
                    '*' if prev_star => {}
                    '*' => re.push_str("[^/]*"),
                    '?' => re.push_str("[^/]"),
                    c => re.push_str(&regex::escape(&c.to_string())),
                }
                prev_star = c == '*';
            }
            if !last {
                re.push('/');
            }
        }
        re.push('$');
        let re = regex::Regex::new(&re).unwrap();
        let parts: Vec<&str> = path.split('/').collect();
        (1..=parts.len()).any(|k| {
            let is_file = k == parts.len();
            let ok = if is_file { !dir_only } else { !children_only };
            ok && re.is_match(&parts[..k].join("/"))
        })
    }

    fn pattern_strategy() -> impl Strategy<Value = String> {
        let atom = prop_oneof![
            Just("a"),
            Just("b"),
            Just("/"),
            Just("*"),
            Just("?"),
            Just("**")
        ];
        proptest::collection::vec(atom, 1..7).prop_map(|v| v.concat())
    }

    fn path_strategy() -> impl Strategy<Value = String> {
        let seg = prop_oneof![
            Just("a"),
            Just("b"),
            Just("ab"),
            Just("ba"),
            Just("aa"),
            Just("bab")
        ];
        proptest::collection::vec(seg, 1..5).prop_map(|v| v.join("/"))
    }

    /// Patterns with escapes, extensions, a two-byte character and dots, as written in
    /// CODEOWNERS files; all of them parse.
    fn rich_pattern() -> impl Strategy<Value = String> {
        let seg = prop_oneof![
            Just("a"),
            Just("é"),
            Just("*"),
            Just("?"),
            Just("**"),
            Just("*.md"),
            Just("a*"),
            Just("?b"),
            Just("x.md"),
            Just("\\*"),
            Just("a\\ b"),
            Just("\\#a"),
            Just("a.b"),
        ];
        crate::paths::pattern::patterns_of(seg)
    }

    fn rich_path() -> impl Strategy<Value = String> {
        let seg = prop_oneof![
            Just("a"),
            Just("é"),
            Just("éb"),
            Just("x.md"),
            Just("a.md"),
            Just("*"),
            Just("a b"),
            Just("#a"),
            Just("a.b"),
            Just("axb"),
        ];
        proptest::collection::vec(seg, 1..5).prop_map(|v| v.join("/"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn matches_agrees_with_regex_reference(raw in pattern_strategy(), path in path_strategy()) {
            match PathPattern::parse(&raw) {
                Ok(p) => prop_assert_eq!(p.matches(&path), reference(&raw, &path), "pattern {} path {}", raw, path),
                // The alphabet can only produce empty segments (or none).
                Err(e) => prop_assert!(
                    e.message.contains("empty path segment") || e.message.contains("no path segments"),
                    "{}: {}", raw, e
                ),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// `PatternSet::matching` (every index: trie, name and extension lookups, checked
        /// patterns and the globset fallback) against the same regex reference, with
        /// escapes, extensions and a two-byte character in patterns and paths.
        #[test]
        fn pattern_set_agrees_with_regex_reference(
            raws in proptest::collection::vec(rich_pattern(), 1..10),
            paths in proptest::collection::vec(rich_path(), 1..10),
            threshold in prop_oneof![Just(0usize), Just(usize::MAX)],
        ) {
            let mut builder = crate::paths::PatternSet::builder().fallback_threshold(threshold);
            for (i, raw) in raws.iter().enumerate() {
                builder.add(pat(raw), i % 3);
            }
            let set = builder.build();
            let mut got = Vec::new();
            for path in &paths {
                let want: Vec<usize> =
                    (0..raws.len()).filter(|&i| reference(&raws[i], path)).collect();
                let resolution = set.resolve(path, &mut got);
                prop_assert_eq!(&got, &want, "path {} patterns {:?}", path, raws);
                prop_assert_eq!(
                    resolution == crate::paths::Resolution::Unowned,
                    want.is_empty(),
                    "path {}", path
                );
            }
        }
    }
}
