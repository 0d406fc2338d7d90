//! Which duty owns each file, and which files must be owned.
//!
//! The duties' `paths:` patterns are compiled into one [`PatternSet`] whose owners are duty
//! indices. Every tracked file under the ownership root is resolved once (in parallel): the
//! most specific pattern wins, a tie between two duties is a conflict, and patterns that
//! match no file are dead. `coverage.paths` (`include`/`exclude`, with the same pattern
//! language) says which files must have an owner; without it, files need no owner and only
//! the patterns themselves are checked.
//!
//! Paths here are relative to the ownership root; [`PathCoverage::repo_path`] turns them into
//! repository paths for output.

use std::sync::Arc;

use super::matcher::{PatternSet, Resolution};
use super::pattern::{PathPattern, PatternError};
use crate::error::{Error, Located, Result};
use crate::model::{Org, Spanned};
use crate::source::Sources;

/// Where a pattern of the set comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Index of the duty in `org.duties`.
    pub duty: usize,
    /// Index of the pattern in the duty's `paths:`.
    pub index: usize,
}

/// A duty's pattern that does not parse.
#[derive(Clone, Debug)]
pub struct InvalidPattern {
    pub origin: Origin,
    pub error: PatternError,
}

/// The duties' path patterns, compiled.
pub struct DutyPatterns {
    pub set: PatternSet,
    /// For each pattern of `set`, where it is written.
    pub origins: Vec<Origin>,
    pub invalid: Vec<InvalidPattern>,
}

impl DutyPatterns {
    pub fn new(org: &Org) -> DutyPatterns {
        let mut builder = PatternSet::builder();
        let mut origins = Vec::new();
        let mut invalid = Vec::new();
        for (duty, (_, defined)) in org.duties.iter().enumerate() {
            for (index, raw) in defined.fields.paths.iter().enumerate() {
                let origin = Origin { duty, index };
                match PathPattern::parse(&raw.value) {
                    Ok(pattern) => {
                        builder.add(pattern, duty);
                        origins.push(origin);
                    }
                    Err(error) => invalid.push(InvalidPattern { origin, error }),
                }
            }
        }
        let set = builder.build();
        DutyPatterns {
            set,
            origins,
            invalid,
        }
    }

    /// The spanned text of a pattern of the set.
    pub fn raw<'a>(&self, org: &'a Org, pattern: usize) -> &'a Spanned<String> {
        let origin = self.origins[pattern];
        &org.duties[origin.duty].fields.paths[origin.index]
    }
}

/// Every tracked file and its owner.
pub struct PathCoverage {
    pub patterns: DutyPatterns,
    /// Tracked files under the root, relative to it, sorted.
    pub files: Vec<String>,
    /// Whether each file must be owned (`coverage.paths`).
    pub required: Vec<bool>,
    /// The owner of each file.
    pub owners: Vec<Resolution>,
    /// Patterns (indices into the set) that match no file.
    pub dead: Vec<usize>,
    /// Indices into `coverage.paths.include` of the patterns that match no file.
    pub dead_include: Vec<usize>,
    /// Indices into `coverage.paths.exclude` of the patterns that match no file.
    pub dead_exclude: Vec<usize>,
    /// Whether `coverage.paths` is configured (otherwise no file must be owned).
    pub enforced: bool,
    /// The root's path in its repository (`""` at the top).
    pub repo_prefix: String,
}

impl PathCoverage {
    /// Whether the organisation uses paths at all.
    pub fn wanted(org: &Org) -> bool {
        org.manifest.coverage.paths.is_some()
            || org.duties.values().any(|d| !d.fields.paths.is_empty())
    }

    pub fn build(
        org: &Org,
        sources: &Sources,
        mut files: Vec<String>,
        repo_prefix: String,
    ) -> Result<PathCoverage> {
        // Examples in findings are the first files in this order: never the tree's order.
        files.sort();
        files.dedup();
        let patterns = DutyPatterns::new(org);
        let config = org.manifest.coverage.paths.as_ref();
        let include = match config {
            Some(c) if !c.include.is_empty() => Some(filter_set(org, sources, &c.include)?),
            _ => None,
        };
        let exclude = match config {
            Some(c) if !c.exclude.is_empty() => Some(filter_set(org, sources, &c.exclude)?),
            _ => None,
        };

        let chunk = files.len().div_ceil(64).max(1);
        let ranges: Vec<(usize, usize)> = (0..files.len())
            .step_by(chunk)
            .map(|start| (start, (start + chunk).min(files.len())))
            .collect();
        let set = &patterns.set;
        let len = |s: &Option<PatternSet>| s.as_ref().map_or(0, PatternSet::len);
        let results = crate::parallel::map(&ranges, |&(start, end)| {
            let mut scratch = Vec::new();
            let mut used = vec![false; set.len()];
            // Both filters are matched on every file, so a pattern that matches nothing is
            // known even when another one already decided.
            let mut used_include = vec![false; len(&include)];
            let mut used_exclude = vec![false; len(&exclude)];
            let mut owners = Vec::with_capacity(end - start);
            let mut required = Vec::with_capacity(end - start);
            for path in &files[start..end] {
                let owner = set.resolve(path, &mut scratch);
                for &p in &scratch {
                    used[p] = true;
                }
                owners.push(owner);
                let included = include
                    .as_ref()
                    .is_none_or(|s| matches_any(s, path, &mut scratch, &mut used_include));
                let excluded = exclude
                    .as_ref()
                    .is_some_and(|s| matches_any(s, path, &mut scratch, &mut used_exclude));
                required.push(config.is_some() && included && !excluded);
            }
            (owners, required, [used, used_include, used_exclude])
        });
        let mut owners = Vec::with_capacity(files.len());
        let mut required = Vec::with_capacity(files.len());
        let mut used = [
            vec![false; set.len()],
            vec![false; len(&include)],
            vec![false; len(&exclude)],
        ];
        for (o, r, u) in results {
            owners.extend(o);
            required.extend(r);
            for (all, part) in used.iter_mut().zip(u) {
                for (slot, hit) in all.iter_mut().zip(part) {
                    *slot |= hit;
                }
            }
        }
        let unused = |used: &[bool]| (0..used.len()).filter(|&p| !used[p]).collect::<Vec<_>>();
        let dead = unused(&used[0]);
        let dead_include = unused(&used[1]);
        let dead_exclude = unused(&used[2]);
        Ok(PathCoverage {
            patterns,
            files,
            required,
            owners,
            dead,
            dead_include,
            dead_exclude,
            enforced: config.is_some(),
            repo_prefix,
        })
    }

    /// A root-relative path as a repository path.
    pub fn repo_path(&self, path: &str) -> String {
        join_prefix(&self.repo_prefix, path)
    }
}

/// `prefix/path`, or `path` when the prefix is empty.
pub fn join_prefix(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_owned()
    } else {
        format!("{prefix}/{path}")
    }
}

/// Whether any pattern of a filter matches, marking those that do.
fn matches_any(set: &PatternSet, path: &str, scratch: &mut Vec<usize>, used: &mut [bool]) -> bool {
    set.matching(path, scratch);
    for &p in scratch.iter() {
        used[p] = true;
    }
    !scratch.is_empty()
}

/// A set of `coverage.paths` patterns; a bad one is a configuration error.
fn filter_set(org: &Org, sources: &Sources, patterns: &[Spanned<String>]) -> Result<PatternSet> {
    let mut builder = PatternSet::builder();
    for raw in patterns {
        let pattern = PathPattern::parse(&raw.value).map_err(|e| Error::Config {
            message: format!("invalid coverage pattern `{}`: {}", raw.value, e.message),
            help: Some(e.hint.clone()),
            at: org
                .manifest_file
                .map(|f| Located::new(Arc::clone(sources.get(f)), raw.span, "this pattern")),
        })?;
        builder.add(pattern, 0);
    }
    Ok(builder.build())
}
