//! GitLab's matching, as GitLab implements it: `normalize_pattern` and Ruby's
//! `File.fnmatch?` with `FNM_DOTMATCH | FNM_PATHNAME`, per section, with exclusions. The
//! import verifies every tracked file against [`GitLabModel`].

use super::*;

/// Reference model of GitLab for a whole file, sections included: a file's code owners are
/// the union, over the sections, of each section's last matching line, where sections of
/// the same name (in any case) are one, the lines before the first header are a section
/// too, and a section with a matching exclusion (`!pattern`) has no say on the file.
#[derive(Debug)]
pub struct GitLabModel {
    sections: Vec<ModelSection>,
}

#[derive(Debug, Default)]
struct ModelSection {
    /// Entry indices with their normalized pattern, in file order.
    lines: Vec<(usize, Vec<char>)>,
    exclusions: Vec<Vec<char>>,
}

impl GitLabModel {
    pub fn new(parsed: &ParsedCodeowners) -> GitLabModel {
        let mut keys: Vec<Option<String>> = Vec::new();
        let mut sections: Vec<ModelSection> = Vec::new();
        for (index, entry) in parsed.entries.iter().enumerate() {
            let key = entry
                .section
                .map(|s| parsed.sections[s].name.to_lowercase());
            let at = match keys.iter().position(|k| *k == key) {
                Some(at) => at,
                None => {
                    keys.push(key);
                    sections.push(ModelSection::default());
                    sections.len() - 1
                }
            };
            let section = &mut sections[at];
            if entry.exclusion {
                section
                    .exclusions
                    .push(gitlab_normalize(&entry.pattern[1..]).chars().collect());
            } else {
                section
                    .lines
                    .push((index, gitlab_normalize(&entry.pattern).chars().collect()));
            }
        }
        GitLabModel { sections }
    }

    /// The code owners GitLab gives `path`: every section's say added up, sorted, each once
    /// (`parsed` is the file the model was made from).
    pub fn owners(&self, parsed: &ParsedCodeowners, path: &str) -> Vec<String> {
        let mut winners = Vec::new();
        let _ = self.winners(path, &mut winners);
        let mut owners: Vec<String> = winners
            .iter()
            .flat_map(|&w| parsed.entries[w].owners.iter().cloned())
            .collect();
        owners.sort();
        owners.dedup();
        owners
    }

    /// The entries (indices into `parsed.entries`) that give `path` its owners: one per
    /// section that has a say, in the order the sections first appear. True when an
    /// exclusion took a section's say away (the file needs no approval there, on purpose).
    pub fn winners(&self, path: &str, out: &mut Vec<usize>) -> bool {
        out.clear();
        let mut excluded = false;
        let subject: Vec<char> = format!("/{path}").chars().collect();
        for section in &self.sections {
            if section
                .exclusions
                .iter()
                .any(|pattern| fnmatch_pathname(pattern, &subject))
            {
                excluded = true;
                continue;
            }
            if let Some((entry, _)) = section
                .lines
                .iter()
                .rev()
                .find(|(_, pattern)| fnmatch_pathname(pattern, &subject))
            {
                out.push(*entry);
            }
        }
        excluded
    }
}

pub(super) fn gitlab_normalize(pattern: &str) -> String {
    let mut p = match pattern.strip_prefix("\\#") {
        Some(rest) => format!("#{rest}"),
        None => pattern.to_string(),
    };
    // `\` followed by whitespace becomes one space (GitLab's gsub).
    let mut unescaped = String::with_capacity(p.len());
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_whitespace()) {
            while chars.peek().is_some_and(|n| n.is_whitespace()) {
                chars.next();
            }
            unescaped.push(' ');
        } else {
            unescaped.push(c);
        }
    }
    p = unescaped;
    if p == "*" {
        return "/**/*".to_string();
    }
    if !p.starts_with('/') {
        p.insert_str(0, "/**/");
    }
    if p.ends_with('/') {
        p.push_str("**/*");
    }
    p
}

/// Ruby's `fnmatch` with `FNM_PATHNAME | FNM_DOTMATCH` (escapes and
/// character classes on), ported from its C implementation: `**/` at a segment start
/// matches zero or more directories, each other segment is matched by
/// [`fnmatch_segment`].
pub(super) fn fnmatch_pathname(pat: &[char], s: &[char]) -> bool {
    let is_globstar = |p: usize| pat.get(p..p + 3) == Some(&['*', '*', '/'][..]);
    let (mut p, mut i) = (0usize, 0usize);
    let mut retry: Option<(usize, usize)> = None;
    loop {
        if is_globstar(p) {
            while is_globstar(p) {
                p += 3;
            }
            retry = Some((p, i));
        }
        if let Some((np, mut ni)) = fnmatch_segment(pat, p, s, i) {
            while ni < s.len() && s[ni] != '/' {
                ni += 1;
            }
            if np < pat.len() && ni < s.len() {
                p = np + 1;
                i = ni + 1;
                continue;
            }
            if np >= pat.len() && ni >= s.len() {
                return true;
            }
        }
        // Let the last `**/` swallow one more directory.
        let Some((rp, mut ri)) = retry else {
            return false;
        };
        while ri < s.len() && s[ri] != '/' {
            ri += 1;
        }
        if ri >= s.len() {
            return false;
        }
        retry = Some((rp, ri + 1));
        p = rp;
        i = ri + 1;
    }
}

/// One segment of Ruby's `fnmatch_helper`: returns where pattern and
/// subject stopped on success (a trailing `*` leaves the subject's segment
/// unconsumed, as in C).
fn fnmatch_segment(pat: &[char], mut p: usize, s: &[char], mut i: usize) -> Option<(usize, usize)> {
    let at_end = |v: &[char], k: usize| k >= v.len() || v[k] == '/';
    let unescape = |k: usize| if pat.get(k) == Some(&'\\') { k + 1 } else { k };
    let mut retry: Option<(usize, usize)> = None;
    loop {
        match pat.get(p) {
            Some('*') => {
                while pat.get(p) == Some(&'*') {
                    p += 1;
                }
                if at_end(pat, unescape(p)) {
                    return Some((unescape(p), i));
                }
                if at_end(s, i) {
                    return None;
                }
                retry = Some((p, i));
                continue;
            }
            Some('?') => {
                if at_end(s, i) {
                    return None;
                }
                p += 1;
                i += 1;
                continue;
            }
            _ => {}
        }
        // Where the pattern goes on when this character matches: after a class, or after
        // the (unescaped) literal.
        let next = if pat.get(p) == Some(&'[') {
            if at_end(s, i) {
                return None;
            }
            fnmatch_bracket(pat, p + 1, s[i])
        } else {
            let pu = unescape(p);
            if at_end(s, i) {
                return at_end(pat, pu).then_some((pu, i));
            }
            (!at_end(pat, pu) && pat[pu] == s[i]).then_some(pu + 1)
        };
        if let Some(next) = next {
            p = next;
            i += 1;
            continue;
        }
        let (rp, ri) = retry?;
        retry = Some((rp, ri + 1));
        p = rp;
        i = ri + 1;
    }
}

/// Ruby's `bracket`: a character class starting at `p` (after the `[`), with `!` or `^` to
/// negate, ranges and `\` escapes. Where the class ends when `c` is in it (or, negated, not
/// in it); `None` when it is not, or when the class never closes (an unclosed `[` matches
/// nothing, as in Ruby).
fn fnmatch_bracket(pat: &[char], mut p: usize, c: char) -> Option<usize> {
    let negated = matches!(pat.get(p), Some('!' | '^'));
    if negated {
        p += 1;
    }
    let mut ok = false;
    loop {
        let mut t1 = p;
        match pat.get(t1) {
            None => return None,
            Some(']') => break,
            Some('\\') => t1 += 1,
            Some(_) => {}
        }
        let low = *pat.get(t1)?;
        p = t1 + 1;
        if pat.get(p) == Some(&'-') && pat.get(p + 1).is_some_and(|&n| n != ']') {
            let mut t2 = p + 1;
            if pat.get(t2) == Some(&'\\') {
                t2 += 1;
            }
            let high = *pat.get(t2)?;
            p = t2 + 1;
            ok |= c == low || c == high || (low <= c && c <= high);
        } else {
            ok |= low == c;
        }
    }
    (ok != negated).then_some(p + 1)
}
