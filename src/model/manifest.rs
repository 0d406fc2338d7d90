//! The settings that only `own.yaml` holds: scheme, includes, policy, rule levels, waivers
//! and coverage sources.

use schemars::JsonSchema;
use serde::Deserialize;

use super::Level;
use super::date::{Date, Period};
use super::scheme::SchemeConfig;
use super::spanned::{IdMap, OneOrMany, Spanned};

/// The manifest sections of `own.yaml`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", default)]
#[schemars(deny_unknown_fields)]
pub struct Manifest {
    /// Format version; `1`.
    pub version: Option<Spanned<u32>>,
    /// A custom role scheme (default: RACI).
    pub scheme: Option<SchemeConfig>,
    /// Globs of further ownership files, relative to the root (default `**/*.own.yaml`).
    pub include: Option<OneOrMany<Spanned<String>>>,
    /// Organisation-wide thresholds.
    pub policy: Policy,
    /// Rule levels by code: `allow`, `warn` or `deny`.
    pub rules: IdMap<Spanned<Level>>,
    /// Findings silenced for one target, with a reason and an end date.
    pub waivers: Vec<Waiver>,
    /// What must be owned: files and alert types.
    pub coverage: Coverage,
    /// Resource limits for reading files.
    pub limits: Limits,
}

/// The manifest's keys, which data files may not use.
pub const MANIFEST_SECTIONS: &[&str] = &[
    "version", "scheme", "include", "policy", "rules", "waivers", "coverage", "limits",
];

/// The sections any ownership file may hold.
pub const DATA_SECTIONS: &[&str] = &["people", "teams", "duties", "delegations", "handoffs"];

#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", default)]
#[schemars(deny_unknown_fields)]
pub struct Policy {
    /// Warn when a person is accountable for more duties than this.
    pub max_accountable: Option<Spanned<u32>>,
    /// Warn when a duty was last reviewed longer ago than this (`180d`, `26w`, `6m`, `1y`).
    pub review_every: Option<Spanned<Period>>,
    /// How far ahead an absence without cover, or a handoff not yet acknowledged, is
    /// already a finding (default `14d`).
    pub absence_notice: Option<Spanned<Period>>,
}

impl Policy {
    /// The default of `absence-notice`: two weeks.
    pub const DEFAULT_ABSENCE_NOTICE: Period = Period {
        count: 14,
        unit: super::date::PeriodUnit::Days,
    };

    /// `absence-notice`, or its default.
    pub fn absence_notice(&self) -> Period {
        self.absence_notice
            .as_ref()
            .map_or(Self::DEFAULT_ABSENCE_NOTICE, |p| p.value)
    }
}

/// One silenced finding.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Waiver {
    /// The rule code, with or without the `own::` prefix.
    pub rule: Spanned<String>,
    /// The finding's target: a duty, person, team, path or alert.
    pub target: Spanned<String>,
    /// Why the finding is accepted for now.
    pub reason: Spanned<String>,
    /// Last day the waiver applies.
    pub until: Spanned<Date>,
}

#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", default)]
#[schemars(deny_unknown_fields)]
pub struct Coverage {
    /// Files that must be owned (default: every tracked file).
    pub paths: Option<PathCoverage>,
    /// Sources of alert names that must be owned.
    pub alerts: Vec<AlertSource>,
    /// Where alerts are routed: Alertmanager configurations, checked against the duties'
    /// `receivers:`.
    pub routing: Vec<RoutingSource>,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct RoutingSource {
    /// The configuration file, relative to the root.
    pub file: Spanned<String>,
    /// How to read it.
    pub format: Spanned<RoutingFormat>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RoutingFormat {
    /// An Alertmanager configuration (`route:` tree and `receivers:`).
    Alertmanager,
}

#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", default)]
#[schemars(deny_unknown_fields)]
pub struct PathCoverage {
    /// Globs of files that must be owned (default `**`).
    pub include: Vec<Spanned<String>>,
    /// Globs of files that need no owner.
    pub exclude: Vec<Spanned<String>>,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct AlertSource {
    /// Globs of the files that define alerts, relative to the root.
    pub files: OneOrMany<Spanned<String>>,
    /// How to read them.
    pub format: Spanned<AlertFormat>,
    /// A label of the rules (Prometheus) that names the owner: its value must be the owning
    /// duty's accountable or a responsible (id or GitHub handle).
    pub owner_label: Option<Spanned<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AlertFormat {
    /// Prometheus rule files (`groups[].rules[].alert`) and Kubernetes `PrometheusRule`
    /// objects (`spec.groups`), one or many YAML documents per file.
    Prometheus,
    /// Grafana alerting provisioning files: `groups[].rules[]`, named by `title`, id `uid`.
    Grafana,
    /// Sigma detection rules, one per YAML document: `title`, id `id`.
    Sigma,
    /// Elastic detection-rules TOML files: `[rule]` with `name`, id `rule_id`.
    Elastic,
    /// Splunk security-content detections (YAML): `name`, id `id`.
    Splunk,
    /// Datadog monitors as JSON, one object or a list: `name`, id `id`.
    Datadog,
    /// A YAML list of alert names.
    List,
}

impl AlertFormat {
    /// Every format, in the order the documentation lists them.
    pub const ALL: [AlertFormat; 7] = [
        AlertFormat::Prometheus,
        AlertFormat::Grafana,
        AlertFormat::Sigma,
        AlertFormat::Elastic,
        AlertFormat::Splunk,
        AlertFormat::Datadog,
        AlertFormat::List,
    ];

    /// The name `format:` gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertFormat::Prometheus => "prometheus",
            AlertFormat::Grafana => "grafana",
            AlertFormat::Sigma => "sigma",
            AlertFormat::Elastic => "elastic",
            AlertFormat::Splunk => "splunk",
            AlertFormat::Datadog => "datadog",
            AlertFormat::List => "list",
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", default)]
#[schemars(deny_unknown_fields)]
pub struct Limits {
    /// Largest single file read, in bytes (default 64 MiB).
    pub max_file_size: Option<Spanned<u64>>,
    /// Largest total of all ownership files, in bytes (default 512 MiB).
    pub max_total_size: Option<Spanned<u64>>,
}

impl Limits {
    /// The largest single file when `limits:` does not say.
    pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;
    /// The largest total when `limits:` does not say.
    pub const DEFAULT_MAX_TOTAL_SIZE: u64 = 512 * 1024 * 1024;
    /// The most `max-file-size` may ask for: a repository's `own.yaml` must not be able to
    /// make `own` read a 100 GB file into memory. A larger value is `own::invalid-value`
    /// and this cap applies.
    pub const MAX_FILE_SIZE_CAP: u64 = 1024 * 1024 * 1024;
    /// The most `max-total-size` may ask for.
    pub const MAX_TOTAL_SIZE_CAP: u64 = 4 * 1024 * 1024 * 1024;

    /// The largest single file `own` reads.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
            .as_ref()
            .map_or(Self::DEFAULT_MAX_FILE_SIZE, |s| {
                s.value.min(Self::MAX_FILE_SIZE_CAP)
            })
    }

    /// The largest total of the ownership files `own` reads.
    pub fn max_total_size(&self) -> u64 {
        self.max_total_size
            .as_ref()
            .map_or(Self::DEFAULT_MAX_TOTAL_SIZE, |s| {
                s.value.min(Self::MAX_TOTAL_SIZE_CAP)
            })
    }
}

/// The shape of an included ownership file (`*.own.yaml`), for the JSON Schema.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DataFile {
    /// People, by id.
    pub people: Option<IdMap<super::Person>>,
    /// Teams, by id. People and teams share one id namespace.
    pub teams: Option<IdMap<super::Team>>,
    /// Duties, by id: their fields and role assignments.
    pub duties: Option<IdMap<super::duty::DutySchema>>,
    /// Delegations, by id.
    pub delegations: Option<IdMap<super::Delegation>>,
    /// Handoffs, by id.
    pub handoffs: Option<IdMap<super::Handoff>>,
}

/// The shape of `own.yaml`, for the JSON Schema: the manifest and any data sections.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ManifestFile {
    #[serde(flatten)]
    pub manifest: Manifest,
    #[serde(flatten)]
    pub data: DataFile,
}
