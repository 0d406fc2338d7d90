//! How file ownership moves between two states of an organisation, for `own diff`.

use std::collections::BTreeMap;

use super::coverage::PathCoverage;
use super::matcher::Resolution;
use crate::model::Org;

/// Files that changed duty, grouped by (from, to).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathMoves {
    /// How many files changed duty.
    pub changed: usize,
    pub groups: Vec<MoveGroup>,
}

/// Files moving from one duty to another (`None`: owned by no duty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveGroup {
    pub from: Option<String>,
    pub to: Option<String>,
    pub count: usize,
    /// The longest folder all these files share (`src/net/`), or empty.
    pub common_folder: String,
    /// A few of the files, as repository paths.
    pub examples: Vec<String>,
}

const EXAMPLES: usize = 3;

/// Compare the owners of every file of HEAD with its owner in BASE. A side that uses no
/// paths (`None`) owns nothing.
pub fn moves(
    base: Option<(&Org, &PathCoverage)>,
    head: Option<(&Org, &PathCoverage)>,
) -> PathMoves {
    let owner = |org: &Org, coverage: &PathCoverage, i: usize| -> Option<String> {
        let pattern = match &coverage.owners[i] {
            Resolution::Owned { pattern } => *pattern,
            Resolution::Conflict { patterns } => *patterns.first()?,
            Resolution::Unowned => return None,
        };
        let duty = coverage.patterns.origins.get(pattern)?.duty;
        org.duties.get_index(duty).map(|(id, _)| id.clone())
    };
    let mut before: BTreeMap<&str, Option<String>> = BTreeMap::new();
    if let Some((org, coverage)) = base {
        for (i, path) in coverage.files.iter().enumerate() {
            before.insert(path, owner(org, coverage, i));
        }
    }
    let Some((head_org, head_cov)) = head else {
        // HEAD owns no file: every file owned in BASE is left by its duty.
        let mut groups: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
        if let Some((_, coverage)) = base {
            for (path, from) in &before {
                if from.is_some() {
                    groups
                        .entry(from.clone())
                        .or_default()
                        .push(coverage.repo_path(path));
                }
            }
        }
        return finish(
            groups
                .into_iter()
                .map(|(from, files)| ((from, None), files))
                .collect(),
        );
    };
    let mut groups: BTreeMap<(Option<String>, Option<String>), Vec<String>> = BTreeMap::new();
    // Files only in BASE were deleted: a change of files, not of ownership.
    for (i, path) in head_cov.files.iter().enumerate() {
        let to = owner(head_org, head_cov, i);
        let from = before.get(path.as_str()).cloned().flatten();
        // A new file that nobody owns is not a move.
        if from != to && (from.is_some() || to.is_some()) {
            groups
                .entry((from, to))
                .or_default()
                .push(head_cov.repo_path(path));
        }
    }
    finish(groups.into_iter().collect())
}

/// Files moving between two owners, keyed by (from, to).
type Moved = Vec<((Option<String>, Option<String>), Vec<String>)>;

fn finish(groups: Moved) -> PathMoves {
    let mut result = PathMoves::default();
    let mut list: Vec<MoveGroup> = groups
        .into_iter()
        .map(|((from, to), files)| MoveGroup {
            from,
            to,
            count: files.len(),
            common_folder: common_folder(&files),
            examples: files.iter().take(EXAMPLES).cloned().collect(),
        })
        .collect();
    list.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.from.cmp(&b.from))
            .then_with(|| a.to.cmp(&b.to))
    });
    result.changed = list.iter().map(|g| g.count).sum();
    result.groups = list;
    result
}

/// The longest common folder of some paths, with a trailing `/` (empty if none).
fn common_folder(paths: &[String]) -> String {
    let Some(first) = paths.first() else {
        return String::new();
    };
    let mut prefix: Vec<&str> = first.split('/').collect();
    prefix.pop();
    for path in &paths[1..] {
        let folders: Vec<&str> = path.split('/').collect();
        let shared = prefix
            .iter()
            .zip(&folders[..folders.len().saturating_sub(1)])
            .take_while(|(a, b)| a == b)
            .count();
        prefix.truncate(shared);
    }
    if prefix.is_empty() {
        String::new()
    } else {
        format!("{}/", prefix.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_folders() {
        let paths = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            common_folder(&paths(&["src/net/a.rs", "src/net/b/c.rs"])),
            "src/net/"
        );
        assert_eq!(common_folder(&paths(&["src/a.rs", "docs/b.md"])), "");
        assert_eq!(common_folder(&paths(&["a.rs"])), "");
    }
}
