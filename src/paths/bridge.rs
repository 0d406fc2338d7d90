//! The bridge from GitHub's model to `own`'s: GitHub gives a file to the **last** matching
//! line of CODEOWNERS, `own` to the **most specific** pattern. An import keeps `own`'s model
//! and makes the answers equal for every file that exists.
//!
//! [`reconcile`] takes the lines (each with its owner set, or none) and the tracked files,
//! and works out what the duties need beyond the lines' own patterns:
//! - a line that wins no file on GitHub is *shadowed*: a later line covers every file it
//!   matches, so it is left out (the caller keeps it as a comment);
//! - where a later, less specific line must beat an earlier, more specific one, the
//!   intersection of the two is added to the later line's owners
//!   (`/tests/contrib/` then `conftest.py` gives `/tests/contrib/**/conftest.py`), so files
//!   added later follow the same rule;
//! - a file no intersection can be written for is pinned by its own path;
//! - what still differs (a file GitHub leaves without owners but `own` gives one) is
//!   returned, never hidden.

use super::{PathPattern, PatternSet, Resolution};

/// One CODEOWNERS line, in file order.
#[derive(Debug, Clone)]
pub struct Line {
    pub pattern: PathPattern,
    /// The owner set (an index chosen by the caller); `None` for a line without owners.
    pub owners: Option<usize>,
}

/// A pattern an owner set needs beyond its lines, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub owners: usize,
    pub pattern: String,
    /// Pinned: the file's own path, because no intersection could be written.
    pub pinned: bool,
}

/// What an import needs to give every file GitHub's answer.
#[derive(Debug, Default)]
pub struct Bridge {
    /// Indices of the lines that win no file on GitHub.
    pub shadowed: Vec<usize>,
    pub added: Vec<Added>,
    /// Files whose owners still differ: the path, GitHub's owner set and `own`'s.
    pub differing: Vec<(String, Option<usize>, Option<usize>)>,
    /// How many files were compared.
    pub files: usize,
}

/// GitHub's answer for each file: the last matching line.
fn github(lines: &[Line], files: &[String]) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut set = PatternSet::builder();
    for (i, line) in lines.iter().enumerate() {
        set.add(line.pattern.clone(), i);
    }
    let set = set.build();
    let mut wins = vec![false; lines.len()];
    let mut hits = Vec::new();
    let answers = files
        .iter()
        .map(|file| {
            set.matching(file, &mut hits);
            let last = hits.iter().copied().max()?;
            wins[last] = true;
            Some(last)
        })
        .collect();
    (answers, wins)
}

/// `own`'s answer for each file from the kept lines and the added patterns, with the
/// winning pattern's text when one wins.
fn own<'a>(
    kept: &'a [(PathPattern, usize)],
    files: &[String],
) -> Vec<(Option<usize>, Option<&'a PathPattern>)> {
    let mut set = PatternSet::builder();
    for (pattern, owners) in kept {
        set.add(pattern.clone(), *owners);
    }
    let set = set.build();
    let mut scratch = Vec::new();
    files
        .iter()
        .map(|file| match set.resolve(file, &mut scratch) {
            Resolution::Owned { pattern } => (Some(kept[pattern].1), Some(&kept[pattern].0)),
            Resolution::Unowned | Resolution::Conflict { .. } => (None, None),
        })
        .collect()
}

/// The intersection of an earlier, more specific pattern `inner` and a later one `outer`
/// that must win inside it, when it can be written: `inner`'s folder, then `**/`, then
/// `outer`'s last part (`/tests/contrib/` and `conftest.py`: `/tests/contrib/**/conftest.py`).
fn intersection(inner: &PathPattern, outer: &PathPattern) -> Option<PathPattern> {
    let outer_text = outer.as_str().trim_end_matches('/');
    // Only a floating pattern of one segment (`conftest.py`, `*.py`) can be moved below a
    // folder unchanged; an anchored one is met segment by segment.
    if outer_text.contains('/') || outer_text.is_empty() {
        return anchored_intersection(inner, outer);
    }
    let inner_text = inner.as_str();
    let base = inner_text
        .strip_suffix("/**")
        .or_else(|| inner_text.strip_suffix("/**/"))
        .or_else(|| inner_text.strip_suffix('/'))
        .unwrap_or(inner_text);
    if base.is_empty() || base.ends_with("**") || inner.is_children_only() {
        return None;
    }
    let base = if inner.is_anchored() || base.starts_with('/') {
        base.to_owned()
    } else {
        format!("**/{base}")
    };
    let mut text = format!("{base}/**/{outer_text}");
    if outer.is_dir_only() {
        text.push('/');
    }
    let pattern = PathPattern::parse(&text).ok()?;
    (pattern.specificity() > inner.specificity()).then_some(pattern)
}

/// The intersection of a folder named by literal segments (`/a/b/`, `/a/b/**`) and a later
/// anchored pattern without `**` among its first segments: the folder, then the rest of the
/// later pattern (`/a/b/` and `/a/*/c`: `/a/b/c`), when each of the folder's names matches
/// the later pattern's segment at its place.
fn anchored_intersection(inner: &PathPattern, outer: &PathPattern) -> Option<PathPattern> {
    use super::pattern::Segment;
    if !inner.is_anchored() || !outer.is_anchored() || inner.is_children_only() {
        return None;
    }
    let folder = match inner.segments() {
        [rest @ .., Segment::Recursive] => rest,
        all => all,
    };
    let later = outer.segments();
    if folder.is_empty() || later.len() <= folder.len() {
        return None;
    }
    let mut text = String::new();
    for (name, at) in folder.iter().zip(later) {
        let Segment::Lit(name_text) = name else {
            return None;
        };
        match at {
            Segment::Recursive => return None,
            Segment::Lit(l) if l != name_text => return None,
            Segment::Lit(_) => {}
            Segment::Glob(_) => {
                let mut one = String::from("/");
                super::codeowners::segment_text(at, false, false, &mut one);
                if !PathPattern::parse(&one).ok()?.matches(name_text) {
                    return None;
                }
            }
        }
        text.push('/');
        super::codeowners::segment_text(name, false, false, &mut text);
    }
    for (i, seg) in later.iter().enumerate().skip(folder.len()) {
        text.push('/');
        super::codeowners::segment_text(seg, i + 1 == later.len(), false, &mut text);
    }
    if outer.is_dir_only() {
        text.push('/');
    }
    let pattern = PathPattern::parse(&text).ok()?;
    (pattern.specificity() > inner.specificity()).then_some(pattern)
}

/// A file's own path as an anchored pattern that matches it alone.
fn pin(file: &str) -> Option<PathPattern> {
    let mut text = String::with_capacity(file.len() + 1);
    text.push('/');
    for c in file.chars() {
        if c.is_whitespace() || matches!(c, '*' | '?' | '\\' | '{' | '}' | '#' | '!') {
            text.push('\\');
        }
        text.push(c);
    }
    PathPattern::parse(&text).ok()
}

/// What each file must get, as the platform decides it.
#[derive(Debug, Clone)]
pub struct Expected {
    /// Per file, the owner set it must get (`None`: no line has a say on it).
    pub owners: Vec<Option<usize>>,
    /// Per file, the line that decides it, when one does (an intersection with it is tried
    /// where a more specific pattern of another set would win instead).
    pub deciding: Vec<Option<usize>>,
    /// Per line, whether it decides any file (a line that decides none is shadowed).
    pub wins: Vec<bool>,
    /// The set that means "no code owners" (a duty without holders), when there is one: a
    /// file no line has a say on may be pinned to it, and counts as equal there.
    pub unowned: Option<usize>,
}

/// What the duties need so that every file in `files` gets the owners GitHub gives it
/// under `lines`.
pub fn reconcile(lines: &[Line], files: &[String]) -> Bridge {
    let (deciding, wins) = github(lines, files);
    let owners = deciding
        .iter()
        .map(|l| l.and_then(|l| lines[l].owners))
        .collect();
    reconcile_to(
        lines,
        files,
        &Expected {
            owners,
            deciding,
            wins,
            unowned: None,
        },
    )
}

/// What the duties need so that every file in `files` gets the owner set `expected` names
/// for it (any platform's model: GitHub's last match, GitLab's union of sections).
pub fn reconcile_to(lines: &[Line], files: &[String], expected: &Expected) -> Bridge {
    let Expected {
        owners: expected,
        deciding: last_lines,
        wins,
        unowned,
    } = expected;
    let mut bridge = Bridge {
        shadowed: (0..lines.len()).filter(|&i| !wins[i]).collect(),
        files: files.len(),
        ..Bridge::default()
    };
    // A line without owners is kept only if the caller gave it an owner set (the import
    // gives such lines the empty one).
    let mut kept: Vec<(PathPattern, usize)> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| wins[*i])
        .filter_map(|(_, l)| Some((l.pattern.clone(), l.owners?)))
        .collect();
    // The files whose answer differs from GitHub's, given `own`'s answers.
    // No owners at all and the set of no owners are the same answer.
    let same = |own: Option<usize>, want: Option<usize>| {
        own == want || (want.is_none() && own.is_some() && own == *unowned)
    };
    let differing = |answers: &[(Option<usize>, Option<&PathPattern>)]| -> Vec<usize> {
        (0..files.len())
            .filter(|&i| !same(answers[i].0, expected[i]))
            .collect()
    };

    // First intersections, which also hold for files added later; then pins.
    let answers = own(&kept, files);
    let mut candidates: Vec<(PathPattern, usize)> = Vec::new();
    for i in differing(&answers) {
        let (Some(want), Some(winner), Some(line)) = (expected[i], answers[i].1, last_lines[i])
        else {
            continue;
        };
        if let Some(pattern) = intersection(winner, &lines[line].pattern)
            && pattern.matches(&files[i])
            && !candidates
                .iter()
                .any(|(p, o)| p.as_str() == pattern.as_str() && *o == want)
        {
            candidates.push((pattern, want));
        }
    }
    // An intersection that takes a file GitHub gives to someone else is not used: add them
    // all, drop those that win a file they should not, and check again (a few rounds; each
    // resolves every file once, so this stays linear in the files).
    for _ in 0..4 {
        let mut trial = kept.clone();
        trial.extend(candidates.iter().cloned());
        let answers = own(&trial, files);
        let wrong: std::collections::HashSet<&str> = differing(&answers)
            .into_iter()
            .filter_map(|i| answers[i].1.map(PathPattern::as_str))
            .collect();
        let before = candidates.len();
        candidates.retain(|(p, _)| !wrong.contains(p.as_str()));
        if candidates.len() == before {
            break;
        }
    }
    for (pattern, owners) in &candidates {
        bridge.added.push(Added {
            owners: *owners,
            pattern: pattern.as_str().to_owned(),
            pinned: false,
        });
    }
    kept.extend(candidates);
    for i in differing(&own(&kept, files)) {
        let Some(want) = expected[i].or(*unowned) else {
            continue;
        };
        if let Some(pattern) = pin(&files[i]) {
            bridge.added.push(Added {
                owners: want,
                pattern: pattern.as_str().to_owned(),
                pinned: true,
            });
            kept.push((pattern, want));
        }
    }
    // The verification: every file resolved again with everything added.
    let answers = own(&kept, files);
    bridge.differing = differing(&answers)
        .into_iter()
        .map(|i| (files[i].clone(), expected[i], answers[i].0))
        .collect();
    bridge
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(pattern: &str, owners: Option<usize>) -> Line {
        Line {
            pattern: PathPattern::parse(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}")),
            owners,
        }
    }

    fn files(paths: &[&str]) -> Vec<String> {
        paths.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn a_later_less_specific_line_wins_through_an_intersection() {
        let lines = [
            line("/tests/contrib/", Some(0)),
            line("conftest.py", Some(1)),
        ];
        let files = files(&[
            "tests/contrib/a/conftest.py",
            "tests/contrib/b.py",
            "src/conftest.py",
        ]);
        let bridge = reconcile(&lines, &files);
        assert!(bridge.differing.is_empty(), "{bridge:?}");
        assert_eq!(
            bridge.added,
            [Added {
                owners: 1,
                pattern: "/tests/contrib/**/conftest.py".into(),
                pinned: false
            }]
        );
        assert!(bridge.shadowed.is_empty());
    }

    #[test]
    fn shadowed_lines_pins_and_what_cannot_be_made_equal() {
        // `/docs/` never wins: `*` comes later and matches everything.
        let lines = [line("/docs/", Some(0)), line("*", Some(1))];
        let bridge = reconcile(&lines, &files(&["docs/a.md", "b.rs"]));
        assert_eq!(bridge.shadowed, [0]);
        assert!(bridge.differing.is_empty(), "{bridge:?}");

        // `/a/b/` then `/a/*/c`: met segment by segment, `/a/b/c`, which also holds for
        // files added later below it.
        let lines = [line("/a/b/", Some(0)), line("/a/*/c", Some(1))];
        let bridge = reconcile(&lines, &files(&["a/b/c", "a/b/d", "a/b/c/e"]));
        assert_eq!(
            bridge.added,
            [Added {
                owners: 1,
                pattern: "/a/b/c".into(),
                pinned: false
            }]
        );
        assert!(bridge.differing.is_empty(), "{bridge:?}");

        // `/a/` then `/a/**/c/`: no intersection of either shape (`**` where the folder's
        // names are), so the file is pinned.
        let lines = [line("/a/b/", Some(0)), line("/**/c/", Some(1))];
        let bridge = reconcile(&lines, &files(&["a/b/c/x", "a/b/d"]));
        assert_eq!(
            bridge.added,
            [Added {
                owners: 1,
                pattern: "/a/b/c/x".into(),
                pinned: true
            }]
        );
        assert!(bridge.differing.is_empty(), "{bridge:?}");

        // A later line without owners: GitHub leaves the file without any; `own` cannot
        // say that in the imported file, and says so.
        let lines = [line("*", Some(0)), line("/generated/", None)];
        let bridge = reconcile(&lines, &files(&["generated/x", "y"]));
        assert_eq!(
            bridge.differing,
            [("generated/x".to_owned(), None, Some(0))]
        );
    }

    mod property {
        use super::*;
        use proptest::prelude::*;

        const PATTERNS: &[&str] = &[
            "*", "/a/", "a/", "b", "*.x", "/a/*/c", "/a/b/", "**/b/", "c", "/a/b/c", "/b", "*.y",
            "/a/**/c", "a/*",
        ];
        const PATHS: &[&str] = &[
            "a/b/c", "a/b/d.x", "a/c", "b", "b/c.y", "c/a/b", "a/x.x", "d/b/c", "a/b/b/c", "c",
        ];

        proptest! {
            /// Every file gets GitHub's owners once reconciled, whatever the order of the
            /// lines, when every line has owners.
            #[test]
            fn reconciled_imports_give_every_file_githubs_owners(
                picks in proptest::collection::vec((0..PATTERNS.len(), 0..3usize), 1..9),
                files in proptest::sample::subsequence(PATHS.to_vec(), 1..PATHS.len()),
            ) {
                let lines: Vec<Line> = picks.iter().map(|&(p, o)| line(PATTERNS[p], Some(o))).collect();
                let files: Vec<String> = files.iter().map(|f| (*f).to_owned()).collect();
                let bridge = reconcile(&lines, &files);
                prop_assert!(bridge.differing.is_empty(), "{:?}\n{:?}", picks, bridge);
                // Checked again from outside: the duties as the import writes them (lines
                // not shadowed, plus what was added) against the reference model of GitHub.
                let mut set = PatternSet::builder();
                for (i, l) in lines.iter().enumerate() {
                    if !bridge.shadowed.contains(&i) {
                        set.add(l.pattern.clone(), l.owners.unwrap_or(usize::MAX));
                    }
                }
                for added in &bridge.added {
                    let pattern = PathPattern::parse(&added.pattern).unwrap_or_else(|e| panic!("{e}"));
                    set.add(pattern, added.owners);
                }
                let set = set.build();
                let texts: Vec<(&str, usize)> = picks.iter().map(|&(p, o)| (PATTERNS[p], o)).collect();
                let mut scratch = Vec::new();
                for file in &files {
                    let github = crate::paths::codeowners::github_owner_of(&texts, file).map(|i| texts[i].1);
                    let own = match set.resolve(file, &mut scratch) {
                        Resolution::Owned { pattern } => Some(set.owner(pattern)),
                        _ => None,
                    };
                    prop_assert_eq!(own, github, "{} with {:?}", file, picks);
                }
            }
        }
    }
}
