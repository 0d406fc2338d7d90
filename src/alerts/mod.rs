//! Alert types that must be owned: reading alert names from monitoring sources, and
//! matching them with the duties' `alerts:` patterns.
//!
//! A source is a set of files (globs under the ownership root) in one format. Each format is
//! one module with a `read` function from a YAML tree to alert names with their spans, so
//! adding a format (Sigma rules, Alertmanager routes) means adding a module and an
//! [`AlertFormat`] variant. Matching is plain globbing over names (`Siem*`); when several
//! duties match an alert, the most specific pattern wins (more literal characters, then fewer
//! wildcards); two duties' patterns that tie on an alert are `own::alert-conflict`.

mod list;
mod prometheus;

use std::sync::Arc;

use globset::{Glob, GlobMatcher};

use crate::error::{Error, Located, Result};
use crate::model::Org;
use crate::model::manifest::AlertFormat;
use crate::source::{FileId, Loc, SourceFile, Sources, Span};
use crate::yaml::{self, Node};

/// One alert type found in a source file.
#[derive(Clone, Debug)]
pub struct AlertDef {
    pub name: String,
    pub loc: Loc,
}

/// A duty's alert pattern, compiled.
#[derive(Clone, Debug)]
pub struct AlertPattern {
    /// Index of the duty in `org.duties`.
    pub duty: usize,
    /// Index of the pattern in the duty's `alerts:`.
    pub index: usize,
    matcher: GlobMatcher,
    /// Literal characters, then wildcards (fewer is more specific).
    specificity: (usize, std::cmp::Reverse<usize>),
}

/// A pattern that does not compile.
#[derive(Clone, Debug)]
pub struct InvalidAlertPattern {
    pub duty: usize,
    pub index: usize,
    pub message: String,
}

/// Every duty's alert patterns.
#[derive(Clone, Debug, Default)]
pub struct AlertPatterns {
    pub patterns: Vec<AlertPattern>,
    pub invalid: Vec<InvalidAlertPattern>,
}

impl AlertPattern {
    /// Whether the pattern matches an alert name.
    pub fn is_match(&self, name: &str) -> bool {
        self.matcher.is_match(name)
    }

    /// Whether two patterns rank the same, so neither wins an alert both match.
    pub fn ties(&self, other: &AlertPattern) -> bool {
        self.specificity == other.specificity
    }
}

impl AlertPatterns {
    pub fn new(org: &Org) -> AlertPatterns {
        let mut all = AlertPatterns::default();
        for (duty, (_, defined)) in org.duties.iter().enumerate() {
            for (index, pattern) in defined.fields.alerts.iter().enumerate() {
                match Glob::new(&pattern.value) {
                    Ok(glob) => {
                        let text = &pattern.value;
                        let wildcards = text
                            .chars()
                            .filter(|c| matches!(c, '*' | '?' | '['))
                            .count();
                        let literals = text.chars().count() - wildcards;
                        all.patterns.push(AlertPattern {
                            duty,
                            index,
                            matcher: glob.compile_matcher(),
                            specificity: (literals, std::cmp::Reverse(wildcards)),
                        });
                    }
                    Err(e) => all.invalid.push(InvalidAlertPattern {
                        duty,
                        index,
                        message: e.kind().to_string(),
                    }),
                }
            }
        }
        all
    }

    /// Every pattern matching an alert name, the winner first.
    pub fn matching(&self, name: &str) -> Vec<&AlertPattern> {
        let mut found: Vec<&AlertPattern> =
            self.patterns.iter().filter(|p| p.is_match(name)).collect();
        // Most specific first; among equals, the duty defined first.
        found.sort_by(|a, b| b.specificity.cmp(&a.specificity).then(a.duty.cmp(&b.duty)));
        found
    }

    /// The pattern that owns an alert name.
    pub fn owner(&self, name: &str) -> Option<&AlertPattern> {
        self.matching(name).into_iter().next()
    }
}

/// The alert types that must be owned, and the patterns that own them.
#[derive(Clone, Debug, Default)]
pub struct AlertCoverage {
    pub defs: Vec<AlertDef>,
    pub patterns: AlertPatterns,
    /// Whether `coverage.alerts` names any source (otherwise no alert must be owned).
    pub enforced: bool,
    /// The `coverage.alerts[source].files[glob]` globs that match no file, as
    /// (source, glob) indices.
    pub dead_globs: Vec<(usize, usize)>,
}

impl AlertCoverage {
    pub fn build(
        org: &Org,
        tree: &dyn crate::files::Tree,
        sources: &mut Sources,
        max_file_size: u64,
    ) -> Result<AlertCoverage> {
        let read = read_sources(org, tree, sources, max_file_size)?;
        Ok(AlertCoverage {
            defs: read.defs,
            patterns: AlertPatterns::new(org),
            enforced: !org.manifest.coverage.alerts.is_empty(),
            dead_globs: read.dead_globs,
        })
    }
}

/// What the alert sources hold.
#[derive(Clone, Debug, Default)]
pub struct SourcesRead {
    pub defs: Vec<AlertDef>,
    /// (source, glob) indices of the `files` globs that match no file.
    pub dead_globs: Vec<(usize, usize)>,
}

/// Read the alert names of every source in the manifest's `coverage.alerts`, adding the
/// files read to `sources`.
pub fn read_sources(
    org: &Org,
    tree: &dyn crate::files::Tree,
    sources: &mut Sources,
    max_file_size: u64,
) -> Result<SourcesRead> {
    let configured = &org.manifest.coverage.alerts;
    if configured.is_empty() {
        return Ok(SourcesRead::default());
    }
    let mut files = tree.list()?;
    // Sorted, so that alerts and their file ids do not depend on the tree's listing order.
    files.sort();
    files.dedup();
    let mut alerts = Vec::new();
    let mut dead_globs = Vec::new();
    for (source_index, source) in configured.iter().enumerate() {
        let mut builder = globset::GlobSetBuilder::new();
        for glob in &source.files.0 {
            if crate::files::escapes_root(&glob.value) {
                return Err(Error::Config {
                    message: format!(
                        "alert source glob `{}` reaches outside the ownership root",
                        glob.value
                    ),
                    help: Some(
                        "alert source globs are relative to the folder of `own.yaml`, with `/` separators and no `..`"
                            .into(),
                    ),
                    at: org
                        .manifest_file
                        .map(|f| Located::new(sources.get(f).clone(), glob.span, "this glob")),
                });
            }
            let compiled = source_glob(&glob.value).map_err(|e| Error::Config {
                message: format!("invalid alert source glob `{}`: {}", glob.value, e.kind()),
                help: Some("globs use `*`, `?`, `**` and `{a,b}`".into()),
                at: org
                    .manifest_file
                    .map(|f| Located::new(sources.get(f).clone(), glob.span, "this glob")),
            })?;
            builder.add(compiled);
        }
        let set = builder.build().map_err(|e| Error::Config {
            message: format!("invalid alert source globs: {e}"),
            help: None,
            at: None,
        })?;
        let mut matched = vec![false; source.files.0.len()];
        let mut selected = Vec::new();
        for path in &files {
            let hits = set.matches(path.as_str());
            for &glob in &hits {
                matched[glob] = true;
            }
            if !hits.is_empty() {
                selected.push(path);
            }
        }
        dead_globs.extend(
            matched
                .iter()
                .enumerate()
                .filter(|(_, hit)| !**hit)
                .map(|(glob, _)| (source_index, glob)),
        );
        for path in selected {
            let bytes = tree.read(path, max_file_size)?;
            let file = crate::files::text_of(tree.display_name(path), bytes)?;
            let file = Arc::new(file);
            let id = sources.add_shared(file.clone());
            alerts.extend(read_file(source.format.value, id, &file)?);
        }
    }
    Ok(SourcesRead {
        defs: alerts,
        dead_globs,
    })
}

/// An alert source's `files` glob compiled: `*` stops at `/`.
fn source_glob(text: &str) -> std::result::Result<globset::Glob, globset::Error> {
    globset::GlobBuilder::new(text)
        .literal_separator(true)
        .build()
}

/// The files of every `coverage.alerts` source: one set of their `files` globs, and where
/// the files can lie. `None` when no source is configured, or a glob does not compile
/// (reading the sources reports that).
pub(crate) fn source_files(org: &Org) -> Option<(globset::GlobSet, Vec<crate::files::Scope>)> {
    let globs: Vec<&str> = org
        .manifest
        .coverage
        .alerts
        .iter()
        .flat_map(|source| source.files.0.iter().map(|g| g.value.as_str()))
        .collect();
    if globs.is_empty() {
        return None;
    }
    let mut builder = globset::GlobSetBuilder::new();
    for glob in &globs {
        builder.add(source_glob(glob).ok()?);
    }
    let scopes = globs
        .iter()
        .map(|g| crate::files::Scope::of_glob(g))
        .collect();
    Some((builder.build().ok()?, scopes))
}

/// The alerts defined in one file.
pub(crate) fn read_file(
    format: AlertFormat,
    id: FileId,
    file: &Arc<SourceFile>,
) -> Result<Vec<AlertDef>> {
    let root = yaml::parse(&file.text, yaml::Limits::default())
        .map_err(|e| crate::error::yaml_error(file, e))?;
    let names = match format {
        AlertFormat::Prometheus => prometheus::read(&root),
        AlertFormat::List => list::read(&root),
    }
    .map_err(|shape| Error::Yaml {
        code: "own::alert-source",
        message: shape.message,
        help: Some(shape.help.to_owned()),
        at: Located::new(file.clone(), shape.span, "here"),
    })?;
    Ok(names
        .into_iter()
        .map(|(name, span)| AlertDef {
            name,
            loc: Loc { file: id, span },
        })
        .collect())
}

/// A source file that is not in the shape its format expects.
pub(crate) struct ShapeError {
    pub(crate) message: String,
    pub(crate) help: &'static str,
    pub(crate) span: Span,
}

/// The text of a scalar node, or a shape error.
pub(crate) fn name_of(
    node: &Node,
    what: &str,
    help: &'static str,
) -> Result<(String, Span), ShapeError> {
    node.text()
        .map(|t| (t.to_owned(), node.span))
        .ok_or_else(|| ShapeError {
            message: format!("expected {what} as text, found {}", node.describe()),
            help,
            span: node.span,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs(format: AlertFormat, text: &str) -> std::result::Result<Vec<String>, String> {
        let file = Arc::new(SourceFile::new("a.yml".into(), text.into()));
        read_file(format, FileId(0), &file)
            .map(|d| d.into_iter().map(|a| a.name).collect())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn prometheus_alerts_skip_recording_rules() {
        let text = "groups:\n  - name: g\n    rules:\n      - record: x:y\n        expr: up\n      - alert: HostDown\n        expr: up == 0\n  - name: h\n    rules: []\n";
        assert_eq!(defs(AlertFormat::Prometheus, text).unwrap(), ["HostDown"]);
        let err = defs(AlertFormat::Prometheus, "rules: []\n").unwrap_err();
        assert!(err.contains("`groups`"), "{err}");
    }

    #[test]
    fn lists_are_plain_or_under_alerts() {
        assert_eq!(defs(AlertFormat::List, "- A\n- B\n").unwrap(), ["A", "B"]);
        assert_eq!(defs(AlertFormat::List, "alerts: [C]\n").unwrap(), ["C"]);
        assert!(defs(AlertFormat::List, "alerts: [{x: 1}]\n").is_err());
    }
}
