//! The one evaluation pipeline: from an organisation as loaded, the tree it was read from and
//! a date, what must be owned besides duties (files, alert types), the ownership files the
//! includes leave out, and the rules' findings.
//!
//! `own check`, its `--new-since` baseline, both sides of `own diff`, the fuzz targets and
//! the rules' unit fixtures all build an [`Evaluation`]; none assembles the rules' context by
//! hand, so what they judge cannot drift apart.

use crate::alerts::AlertCoverage;
use crate::error::Result;
use crate::files::Tree;
use crate::load::{self, Loaded};
use crate::model::{Date, Moment};
use crate::paths::PathCoverage;
use crate::rules::{self, Context, Finding, LevelFlag, Levels};

/// A message for `--verbose`, built only when it is shown.
pub(crate) type Trace<'a> = &'a dyn Fn(&dyn Fn() -> String);

/// What must be owned besides duties: files and alert types.
pub(crate) struct Coverage {
    /// The tracked files and their owners, when the organisation uses paths.
    pub(crate) paths: Option<PathCoverage>,
    pub(crate) alerts: AlertCoverage,
}

impl Coverage {
    /// Resolve file and alert ownership of an organisation read from `tree` (files only when
    /// the organisation uses paths), adding the alert source files read to its sources.
    pub(crate) fn resolve(loaded: &mut Loaded, tree: &dyn Tree, trace: Trace) -> Result<Coverage> {
        let started = std::time::Instant::now();
        let org = &loaded.org;
        let paths = if PathCoverage::wanted(org) {
            let files = tree.tracked()?;
            trace(&|| {
                format!(
                    "listed {} tracked files in {:.1?}",
                    files.len(),
                    started.elapsed()
                )
            });
            let resolving = std::time::Instant::now();
            let paths = PathCoverage::build(org, &loaded.sources, files, tree.repo_prefix())?;
            trace(&|| {
                format!(
                    "resolved {} files against {} patterns in {:.1?}",
                    paths.files.len(),
                    paths.patterns.set.len(),
                    resolving.elapsed()
                )
            });
            Some(paths)
        } else {
            None
        };
        let max = org.manifest.limits.max_file_size();
        let alerts = AlertCoverage::build(org, tree, &mut loaded.sources, max)?;
        trace(&|| {
            format!(
                "covered {} files and {} alerts in {:.1?}",
                paths.as_ref().map_or(0, |p| p.files.len()),
                alerts.defs.len(),
                started.elapsed()
            )
        });
        Ok(Coverage { paths, alerts })
    }
}

/// An organisation ready to be judged: loaded, its coverage resolved against the tree it was
/// read from, at one date.
pub(crate) struct Evaluation {
    pub(crate) loaded: Loaded,
    pub(crate) coverage: Coverage,
    /// The evaluation date (`--today`, `OWN_TODAY`, or the clock).
    pub(crate) today: Date,
    /// The evaluation moment, for due dates with a time of day.
    pub(crate) now: Moment,
}

impl Evaluation {
    /// Resolve what the rules need of `tree`: the coverage, and the ownership files that no
    /// include reads (`own::ignored-file`), among the tracked files when paths are used.
    pub(crate) fn new(
        mut loaded: Loaded,
        tree: &dyn Tree,
        (today, now): (Date, Moment),
        trace: Trace,
    ) -> Result<Evaluation> {
        let coverage = Coverage::resolve(&mut loaded, tree, trace)?;
        let listed = coverage.paths.as_ref().map(|p| p.files.as_slice());
        loaded.org.ignored_files = load::ignored_files(tree, &loaded, listed)?;
        Ok(Evaluation {
            loaded,
            coverage,
            today,
            now,
        })
    }

    /// What every rule reads.
    pub(crate) fn context(&self) -> Context<'_> {
        Context {
            org: &self.loaded.org,
            sources: &self.loaded.sources,
            paths: self.coverage.paths.as_ref(),
            alerts: Some(&self.coverage.alerts),
            today: self.today,
            now: self.now,
        }
    }

    /// The rule levels: the manifest's, then `flags` (the command line's) over them.
    pub(crate) fn levels(&self, flags: &[LevelFlag]) -> Result<Levels> {
        Levels::new(&self.loaded.org, &self.loaded.sources, flags)
    }

    /// Every enabled rule's findings, waivers applied, in a stable order.
    pub(crate) fn findings(&self, levels: &Levels) -> Vec<Finding> {
        rules::evaluate(&self.context(), levels)
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! The rules' unit fixtures: an organisation from inline files, evaluated on 2026-11-29
    //! through the same pipeline as `own check`.

    use super::*;
    use crate::files::MemTree;
    use crate::rules::Rule;

    /// The date every fixture is evaluated on.
    pub(crate) const TODAY: &str = "2026-11-29";

    /// A loaded and evaluated organisation to run rules on.
    pub(crate) struct Fixture(pub(crate) Evaluation);

    impl std::ops::Deref for Fixture {
        type Target = Evaluation;

        fn deref(&self) -> &Evaluation {
            &self.0
        }
    }

    impl Fixture {
        pub(crate) fn new(own_yaml: &str) -> Fixture {
            Fixture::files(vec![("own.yaml", own_yaml.to_owned())])
        }

        pub(crate) fn files(files: Vec<(&'static str, String)>) -> Fixture {
            let tree = MemTree::new(files);
            let loaded = load::load(&tree).unwrap_or_else(|e| panic!("fixture does not load: {e}"));
            let today = Date::parse(TODAY).unwrap_or_else(|| unreachable!("{TODAY} is a date"));
            let evaluation = Evaluation::new(loaded, &tree, (today, today.start()), &|_| {})
                .unwrap_or_else(|e| panic!("fixture does not evaluate: {e}"));
            Fixture(evaluation)
        }

        /// One rule's findings, before waivers and levels.
        pub(crate) fn run(&self, rule: &Rule) -> Vec<Finding> {
            let mut findings = Vec::new();
            (rule.check)(&self.context(), &mut findings);
            rules::sort(&self.loaded.sources, &mut findings);
            findings
        }

        /// The text a finding's primary label points at.
        pub(crate) fn pointed(&self, finding: &Finding) -> &str {
            let Some(label) = &finding.primary else {
                return "";
            };
            let text = &self.loaded.sources.get(label.loc.file).text;
            &text[label.loc.span.start as usize..label.loc.span.end as usize]
        }

        /// Each finding as `message @ pointed text`.
        pub(crate) fn summary(&self, rule: &Rule) -> Vec<String> {
            self.run(rule)
                .iter()
                .map(|f| format!("{} @ {}", f.message, self.pointed(f)))
                .collect()
        }
    }
}
