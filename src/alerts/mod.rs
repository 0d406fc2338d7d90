//! Alert types and detections that must be owned: reading them from the monitoring and
//! detection sources teams keep in git, and matching them with the duties' `alerts:`
//! patterns.
//!
//! A source is a set of files (globs under the ownership root) in one format. Each format is
//! one module with a `read` function from the file's YAML documents (Elastic's: its TOML
//! text) to what it defines: a name with its place, the format's id where it has one, and
//! for Prometheus the labels a rule sets. Adding a format means adding a module and an
//! [`AlertFormat`] variant. Matching is plain globbing over names and ids (`Siem*`); when
//! several duties match an alert, the most specific pattern wins (more literal characters,
//! then fewer wildcards); two duties' patterns that tie on an alert are
//! `own::alert-conflict`.

mod datadog;
mod elastic;
mod grafana;
mod list;
mod prometheus;
pub mod routing;
mod sigma;
mod splunk;

use std::sync::Arc;

use globset::{Glob, GlobMatcher};

use crate::error::{Error, Located, Result};
use crate::model::Org;
use crate::model::manifest::AlertFormat;
use crate::source::{FileId, Loc, SourceFile, Sources, Span};
use crate::yaml::{self, Node};

/// One alert type or detection found in a source file.
#[derive(Clone, Debug)]
pub struct AlertDef {
    pub name: String,
    /// The format's id of it, where it has one (Grafana `uid`, Sigma `id`, Elastic
    /// `rule_id`, Splunk `id`, Datadog `id`): `alerts:` patterns match it as well.
    pub id: Option<String>,
    /// Where the name is written.
    pub loc: Loc,
    /// The source in `coverage.alerts` it was read from, and that source's format.
    pub source: usize,
    pub format: AlertFormat,
    /// The labels the rule sets to a fixed value (Prometheus); Alertmanager routes on them.
    pub labels: Vec<(String, String)>,
}

impl AlertDef {
    /// Whether `text` names it: its name or its id.
    pub fn is_named(&self, text: &str) -> bool {
        self.name == text || self.id.as_deref() == Some(text)
    }
}

/// What a format's reader finds in a file.
pub(crate) struct Found {
    pub(crate) name: String,
    pub(crate) span: Span,
    pub(crate) id: Option<String>,
    pub(crate) labels: Vec<(String, String)>,
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
        self.matching_any(&[name])
    }

    /// Every pattern matching a defined alert by its name or its id, the winner first.
    pub fn matching_def(&self, def: &AlertDef) -> Vec<&AlertPattern> {
        match &def.id {
            Some(id) => self.matching_any(&[&def.name, id]),
            None => self.matching_any(&[&def.name]),
        }
    }

    /// The pattern that owns a defined alert (by name or id).
    pub fn owner_of(&self, def: &AlertDef) -> Option<&AlertPattern> {
        self.matching_def(def).into_iter().next()
    }

    fn matching_any(&self, names: &[&str]) -> Vec<&AlertPattern> {
        let mut found: Vec<&AlertPattern> = self
            .patterns
            .iter()
            .filter(|p| names.iter().any(|name| p.is_match(name)))
            .collect();
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
    /// The routing configurations of `coverage.routing`, in order.
    pub routings: Vec<RoutingRead>,
}

/// A routing configuration and the file it was read from.
#[derive(Clone, Debug)]
pub struct RoutingRead {
    pub file: FileId,
    pub routing: routing::Routing,
}

/// Where one routing configuration delivers an alert.
#[derive(Clone, Debug)]
pub struct Routed<'a> {
    pub read: &'a RoutingRead,
    pub delivery: routing::Delivery,
}

impl AlertCoverage {
    /// Whether `coverage.routing` names a configuration: then alerts must reach their owners.
    pub fn routed(&self) -> bool {
        !self.routings.is_empty()
    }

    /// Where the routing configurations deliver an alert: Prometheus alerts only, with the
    /// labels the rule sets statically and `alertname`, as Alertmanager sees them.
    pub fn deliveries(&self, def: &AlertDef) -> Vec<Routed<'_>> {
        if def.format != AlertFormat::Prometheus || self.routings.is_empty() {
            return Vec::new();
        }
        let mut labels = def.labels.clone();
        if !labels.iter().any(|(name, _)| name == "alertname") {
            labels.push(("alertname".to_owned(), def.name.clone()));
        }
        self.routings
            .iter()
            .flat_map(|read| {
                read.routing
                    .route(&labels)
                    .into_iter()
                    .map(move |delivery| Routed { read, delivery })
            })
            .collect()
    }
}

/// The duties that own a receiver (by `receivers:`), as indices into `org.duties`.
pub fn receiver_owners(org: &Org, receiver: &str) -> Vec<usize> {
    org.duties
        .values()
        .enumerate()
        .filter(|(_, duty)| duty.fields.receivers.iter().any(|r| r.value == receiver))
        .map(|(i, _)| i)
        .collect()
}

impl AlertCoverage {
    pub fn build(
        org: &Org,
        tree: &dyn crate::files::Tree,
        sources: &mut Sources,
        max_file_size: u64,
    ) -> Result<AlertCoverage> {
        let read = read_sources(org, tree, sources, max_file_size)?;
        let routings = read_routing(org, tree, sources, max_file_size)?;
        Ok(AlertCoverage {
            defs: read.defs,
            patterns: AlertPatterns::new(org),
            enforced: !org.manifest.coverage.alerts.is_empty(),
            dead_globs: read.dead_globs,
            routings,
        })
    }
}

/// Read every configuration of `coverage.routing`, adding the files to `sources`.
fn read_routing(
    org: &Org,
    tree: &dyn crate::files::Tree,
    sources: &mut Sources,
    max_file_size: u64,
) -> Result<Vec<RoutingRead>> {
    let mut read = Vec::new();
    for source in &org.manifest.coverage.routing {
        let at = |label: &str| {
            org.manifest_file
                .map(|f| Located::new(sources.get(f).clone(), source.file.span, label))
        };
        let path = &source.file.value;
        if crate::files::escapes_root(path) {
            return Err(Error::Config {
                message: format!("routing file `{path}` reaches outside the ownership root"),
                help: Some("routing files are relative to the folder of `own.yaml`, with `/` separators and no `..`".into()),
                at: at("this file"),
            });
        }
        if !tree.list()?.iter().any(|listed| listed == path) {
            return Err(Error::Config {
                message: format!("routing file `{path}` does not exist"),
                help: Some(
                    "`coverage.routing[].file` names an Alertmanager configuration under the root"
                        .into(),
                ),
                at: at("no such file"),
            });
        }
        let bytes = tree.read(path, max_file_size)?;
        let file = Arc::new(crate::files::text_of(tree.display_name(path), bytes)?);
        let id = sources.add_shared(file.clone());
        let root = yaml::parse(&file.text, yaml::Limits::default())
            .map_err(|e| crate::error::yaml_error(&file, e))?;
        let routing = routing::Routing::read(&root).map_err(|shape| Error::Yaml {
            code: "own::routing-source",
            message: shape.message,
            help: Some(shape.help.to_owned()),
            at: Located::new(file.clone(), shape.span, "here"),
        })?;
        read.push(RoutingRead { file: id, routing });
    }
    Ok(read)
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
            let defs = read_file(source.format.value, id, &file)?;
            alerts.extend(defs.into_iter().map(|def| AlertDef {
                source: source_index,
                ..def
            }));
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

/// The files of every `coverage.alerts` source and `coverage.routing` configuration: one set
/// of their globs, and where the files can lie. `None` when none is configured, or a glob
/// does not compile (reading the sources reports that).
pub(crate) fn source_files(org: &Org) -> Option<(globset::GlobSet, Vec<crate::files::Scope>)> {
    let coverage = &org.manifest.coverage;
    let globs: Vec<String> = coverage
        .alerts
        .iter()
        .flat_map(|source| source.files.0.iter().map(|g| g.value.clone()))
        .chain(
            coverage
                .routing
                .iter()
                .map(|r| globset::escape(&r.file.value)),
        )
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

/// The alerts defined in one file (of source 0: the caller sets the source).
pub(crate) fn read_file(
    format: AlertFormat,
    id: FileId,
    file: &Arc<SourceFile>,
) -> Result<Vec<AlertDef>> {
    let documents = || {
        yaml::parse_documents(&file.text, yaml::Limits::default())
            .map_err(|e| crate::error::yaml_error(file, e))
    };
    let found = match format {
        AlertFormat::Elastic => elastic::read(&file.text),
        AlertFormat::Prometheus => prometheus::read(&documents()?),
        AlertFormat::Grafana => grafana::read(&documents()?),
        AlertFormat::Sigma => sigma::read(&documents()?),
        AlertFormat::Splunk => splunk::read(&documents()?),
        AlertFormat::Datadog => datadog::read(&documents()?),
        AlertFormat::List => list::read(&documents()?),
    }
    .map_err(|shape| Error::Yaml {
        code: "own::alert-source",
        message: shape.message,
        help: Some(shape.help.to_owned()),
        at: Located::new(file.clone(), shape.span, "here"),
    })?;
    Ok(found
        .into_iter()
        .map(|found| AlertDef {
            name: found.name,
            id: found.id,
            loc: Loc {
                file: id,
                span: found.span,
            },
            source: 0,
            format,
            labels: found.labels,
        })
        .collect())
}

/// A source file that is not in the shape its format expects.
pub(crate) struct ShapeError {
    pub(crate) message: String,
    pub(crate) help: &'static str,
    pub(crate) span: Span,
}

/// The items of a list node (none for a null one: `rules:` with nothing under it), or a
/// shape error naming the key.
pub(crate) fn list_of<'n>(
    node: &'n Node,
    key: &str,
    help: &'static str,
) -> Result<&'n [Node], ShapeError> {
    if node.is_null() {
        return Ok(&[]);
    }
    node.items().ok_or_else(|| ShapeError {
        message: format!("expected `{key}` to be a list, found {}", node.describe()),
        help,
        span: node.span,
    })
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

    fn read(format: AlertFormat, text: &str) -> std::result::Result<Vec<AlertDef>, String> {
        let file = Arc::new(SourceFile::new("a.yml".into(), text.into()));
        read_file(format, FileId(0), &file).map_err(|e| e.to_string())
    }

    fn defs(format: AlertFormat, text: &str) -> std::result::Result<Vec<String>, String> {
        read(format, text).map(|d| d.into_iter().map(|a| a.name).collect())
    }

    /// Name, id, and the text the name's span points at (which must be the name).
    fn found(format: AlertFormat, text: &str) -> Vec<(String, Option<String>)> {
        let defs = read(format, text).unwrap_or_else(|e| panic!("{e}"));
        for def in &defs {
            let at = &text[def.loc.span.start as usize..def.loc.span.end as usize];
            assert!(at.contains(&def.name), "{} points at {at:?}", def.name);
        }
        defs.into_iter().map(|d| (d.name, d.id)).collect()
    }

    fn fixture(name: &str) -> String {
        let path = format!(
            "{}/tests/fixtures/alerts/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn prometheus_alerts_skip_recording_rules() {
        let text = "groups:\n  - name: g\n    rules:\n      - record: x:y\n        expr: up\n      - alert: HostDown\n        expr: up == 0\n  - name: h\n    rules: []\n";
        assert_eq!(defs(AlertFormat::Prometheus, text).unwrap(), ["HostDown"]);
        let err = defs(AlertFormat::Prometheus, "rules: []\n").unwrap_err();
        assert!(err.contains("`groups`"), "{err}");
    }

    #[test]
    fn prometheus_rule_objects_are_read_beside_other_kinds() {
        let text = fixture("kube-prometheus-rules.yaml");
        let read_defs = read(AlertFormat::Prometheus, &text).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = read_defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            ["KubeNodeNotReady", "KubeletDown", "etcdInsufficientMembers"]
        );
        // Fixed labels are kept; a templated one is not known before the alert fires.
        let labels = |i: usize| -> Vec<(&str, &str)> {
            read_defs[i]
                .labels
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect()
        };
        assert_eq!(
            labels(0),
            [("severity", "warning"), ("team", "k8s-platform")]
        );
        assert_eq!(labels(1), [("severity", "critical")]);
        let err = defs(
            AlertFormat::Prometheus,
            "kind: PrometheusRule\nmetadata: { name: x }\nspec: {}\n",
        )
        .unwrap_err();
        assert!(err.contains("`spec.groups`"), "{err}");
        // A `List` of objects, and a trailing `---`.
        let list = "kind: List\nitems:\n  - kind: PrometheusRule\n    spec:\n      groups:\n        - name: g\n          rules:\n            - alert: A\n---\n";
        assert_eq!(defs(AlertFormat::Prometheus, list).unwrap(), ["A"]);
    }

    #[test]
    fn grafana_rules_are_named_by_title_with_their_uid() {
        assert_eq!(
            found(AlertFormat::Grafana, &fixture("grafana-alerting.yaml")),
            [
                (
                    "PostgresReplicationLag".into(),
                    Some("ddlkp0sbg5a0wd".into())
                ),
                (
                    "PostgresConnectionsSaturated".into(),
                    Some("edlkp1t4h8ge8b".into())
                ),
            ]
        );
        let err = defs(
            AlertFormat::Grafana,
            "apiVersion: 1\ngroups:\n  - name: g\n    rules:\n      - uid: x\n",
        )
        .unwrap_err();
        assert!(err.contains("`title`"), "{err}");
    }

    #[test]
    fn sigma_rules_one_per_document() {
        assert_eq!(
            found(AlertFormat::Sigma, &fixture("sigma-rules.yml")),
            [
                (
                    "Suspicious Encoded PowerShell Command Line".into(),
                    Some("ca2092a1-c273-4878-9b4b-0d60115bf5ea".into())
                ),
                (
                    "Okta User Session Start Via An Anonymising Proxy Service".into(),
                    Some("bde30855-5c53-4c18-ae90-1ff79ebc9578".into())
                ),
            ]
        );
        // A collection: `action: global` sets fields, `repeat` inherits the title.
        let collection = "action: global\ntitle: Base\nlogsource: { product: windows }\n---\ntitle: First\nid: 1\n---\naction: repeat\nid: 2\n";
        assert_eq!(
            found(AlertFormat::Sigma, collection),
            [
                ("First".into(), Some("1".into())),
                ("First".into(), Some("2".into()))
            ]
        );
        let err = defs(AlertFormat::Sigma, "id: 1\nlevel: high\n").unwrap_err();
        assert!(err.contains("`title`"), "{err}");
    }

    #[test]
    fn elastic_rules_are_read_from_toml() {
        assert_eq!(
            found(AlertFormat::Elastic, &fixture("elastic-rule.toml")),
            [(
                "Clearing Windows Event Logs".into(),
                Some("d331bbe2-6db4-4941-80a5-8270db72eb61".into())
            )]
        );
        let err = defs(
            AlertFormat::Elastic,
            "[metadata]\nmaturity = \"production\"\n",
        )
        .unwrap_err();
        assert!(err.contains("`[rule]`"), "{err}");
        let err = defs(AlertFormat::Elastic, "[rule\nname = 1\n").unwrap_err();
        assert!(err.contains("TOML"), "{err}");
    }

    #[test]
    fn splunk_detections_and_datadog_monitors() {
        assert_eq!(
            found(AlertFormat::Splunk, &fixture("splunk-detection.yml")),
            [(
                "Windows Event Log Cleared".into(),
                Some("ad517544-aff9-4c96-bd99-d6eb43bfbb6a".into())
            )]
        );
        assert_eq!(
            found(AlertFormat::Datadog, &fixture("datadog-monitors.json")),
            [
                ("High CPU on {{host.name}}".into(), Some("12345678".into())),
                ("Disk almost full".into(), Some("23456789".into())),
            ]
        );
        // One monitor object is a source too.
        assert_eq!(
            found(AlertFormat::Datadog, "{\"name\": \"Lag\", \"id\": 7}"),
            [("Lag".into(), Some("7".into()))]
        );
        assert!(defs(AlertFormat::Datadog, "[{\"query\": \"x\"}]").is_err());
        assert!(defs(AlertFormat::Splunk, "search: x\n").is_err());
    }

    #[test]
    fn lists_are_plain_or_under_alerts() {
        assert_eq!(defs(AlertFormat::List, "- A\n- B\n").unwrap(), ["A", "B"]);
        assert_eq!(defs(AlertFormat::List, "alerts: [C]\n").unwrap(), ["C"]);
        assert!(defs(AlertFormat::List, "alerts: [{x: 1}]\n").is_err());
    }
}
