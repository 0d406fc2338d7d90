//! Reference models of the platforms' matching, written from their documentation and
//! independently of `PathPattern`, so that tests and fuzz targets can check generated and
//! imported files end to end. Not in the product: they exist with `test` or the feature
//! `fuzzing`.

use super::gitlab::{fnmatch_pathname, gitlab_normalize};

/// Reference model of GitHub: the index of the last line whose pattern owns
/// `path`, following gitignore as GitHub documents it for CODEOWNERS (no
/// negation: such lines are skipped, as GitHub skips invalid lines; square
/// brackets are literal characters, as GitHub reads them). A line whose
/// pattern is written with a trailing `/*` owns direct children only, per
/// GitHub's `docs/*` example, and `foo/**/` is `foo/**`.
pub fn github_owner_of<P: AsRef<str>, O>(lines: &[(P, O)], path: &str) -> Option<usize> {
    lines
        .iter()
        .rposition(|(pattern, _)| github_pattern_owns(pattern.as_ref(), path))
}

/// A pattern character and whether it was escaped.
type Ch = (char, bool);

fn github_pattern_owns(raw: &str, path: &str) -> bool {
    if raw.is_empty() || raw.starts_with('!') {
        return false;
    }
    let mut chars: Vec<Ch> = Vec::new();
    let mut it = raw.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => match it.next() {
                Some(next) => chars.push((next, true)),
                None => return false,
            },
            c => chars.push((c, false)),
        }
    }
    let slash = ('/', false);
    let star = ('*', false);
    let ends_recursive = |c: &[Ch]| {
        c.len() >= 3
            && c[c.len() - 3..] == [star, star, slash]
            && (c.len() == 3 || c[c.len() - 4] == slash)
    };
    let dir_only = chars.len() > 1 && chars.last() == Some(&slash) && !ends_recursive(&chars);
    if chars.last() == Some(&slash) && ends_recursive(&chars) {
        chars.pop();
    }
    if dir_only {
        chars.pop();
    }
    // gitignore: a slash at the start or in the middle anchors the pattern.
    let anchored = chars.contains(&slash);
    if chars.first() == Some(&slash) {
        chars.remove(0);
    }
    let mut segments: Vec<Vec<Ch>> = chars.split(|c| *c == slash).map(<[Ch]>::to_vec).collect();
    if segments.iter().any(Vec::is_empty) {
        return false;
    }
    let is_double_star = |s: &[Ch]| s == [('*', false), ('*', false)];
    let children_only = anchored
        && !dir_only
        && segments
            .last()
            .is_some_and(|s| !is_double_star(s) && s.iter().all(|c| *c == ('*', false)));
    if !anchored {
        // Not anchored: may match at any level, like a leading `**/`.
        segments.insert(0, vec![('*', false), ('*', false)]);
    }
    let parts: Vec<&str> = path.split('/').collect();
    let n = parts.len();
    // A prefix of k path segments is the file itself (k == n) or an
    // ancestor directory, which owns everything below it.
    let accept = |k: usize| k >= 1 && if k == n { !dir_only } else { !children_only };
    github_walk(&segments, 0, &parts, 0, &accept)
}

fn github_walk(
    segs: &[Vec<Ch>],
    i: usize,
    parts: &[&str],
    k: usize,
    accept: &dyn Fn(usize) -> bool,
) -> bool {
    let Some(seg) = segs.get(i) else {
        return accept(k);
    };
    if *seg == [('*', false), ('*', false)] {
        return if i + 1 == segs.len() {
            // A trailing `/**` matches everything inside: one or more.
            (k + 1..=parts.len()).any(accept)
        } else {
            (k..=parts.len()).any(|j| github_walk(segs, i + 1, parts, j, accept))
        };
    }
    k < parts.len()
        && github_segment(seg, &parts[k].chars().collect::<Vec<_>>())
        && github_walk(segs, i + 1, parts, k + 1, accept)
}

fn github_segment(pat: &[Ch], text: &[char]) -> bool {
    match pat.split_first() {
        None => text.is_empty(),
        Some((('*', false), rest)) => (0..=text.len()).any(|i| github_segment(rest, &text[i..])),
        Some((('?', false), rest)) => !text.is_empty() && github_segment(rest, &text[1..]),
        Some(((c, _), rest)) => text.first() == Some(c) && github_segment(rest, &text[1..]),
    }
}

/// Reference model of GitLab: the index of the last line whose pattern
/// matches `path` (entries in sections are not combined here).
///
/// Relies on GitLab's docs ("a path without a leading `/` matches at any
/// depth", "end a path in `/` to match every file nested in that directory",
/// "`/docs/*` does not match nested files", "`\#` escapes a leading `#`")
/// and on the published implementation they describe
/// (`Gitlab::CodeOwners::File#normalize_pattern` plus Ruby's
/// `File.fnmatch?` with `FNM_DOTMATCH | FNM_PATHNAME` on `"/" + path`).
/// Consequences that differ from GitHub: `docs/api` floats and names only a
/// FILE `docs/api` (never a directory's contents), `/docs` matches only a
/// file, and a trailing `/**` means one level like `/*`.
pub fn gitlab_owner_of<P: AsRef<str>, O>(lines: &[(P, O)], path: &str) -> Option<usize> {
    let subject: Vec<char> = format!("/{path}").chars().collect();
    lines.iter().rposition(|(pattern, _)| {
        let normalized: Vec<char> = gitlab_normalize(pattern.as_ref()).chars().collect();
        fnmatch_pathname(&normalized, &subject)
    })
}
