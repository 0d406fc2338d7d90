//! Duties: units of responsibility and the roles held on them.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;

use super::date::Date;
use super::spanned::{OneOrMany, Spanned};

/// Everything a duty holds besides its role assignments.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", default)]
#[schemars(deny_unknown_fields)]
pub struct DutyFields {
    /// One line saying what the duty is.
    pub title: Option<Spanned<String>>,
    /// Free text: scope, expectations, links.
    pub description: Option<Spanned<String>>,
    /// Link to the runbook or procedure.
    pub runbook: Option<Spanned<String>>,
    /// GitHub CODEOWNERS patterns of the files this duty owns.
    pub paths: Vec<Spanned<String>>,
    /// Glob patterns over the names (or ids) of the alerts and detections this duty owns.
    pub alerts: Vec<Spanned<String>>,
    /// The Alertmanager receivers this duty owns: where its alerts must be routed.
    pub receivers: Vec<Spanned<String>>,
    /// Skills needed to do the work.
    pub skills: Vec<Spanned<String>>,
    /// Ordered escalation chain of people and teams (default: responsible, accountable, then
    /// the accountable's managers).
    pub escalation: Option<Vec<Spanned<String>>>,
    /// When the assignments were last reviewed.
    pub reviewed: Option<Spanned<Date>>,
    /// Who made the last review (a person id; `own review` writes it).
    pub reviewed_by: Option<Spanned<String>>,
    /// Free-form labels for filtering reports.
    pub tags: Vec<Spanned<String>>,
    /// The GitLab CODEOWNERS section the duty's lines are written in (`[Docs]`, `^[Docs]`
    /// for an optional section, `[Docs][2]` for two approvals); without it, the lines go
    /// before the first section.
    pub gitlab_section: Option<Spanned<SectionHeader>>,
}

/// A GitLab CODEOWNERS section header as a duty names it: `[Name]`, `^[Name]` (optional)
/// or `[Name][N]` (N approvals). Default owners are not part of it: a section's lines get
/// their owners from their duties.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SectionHeader {
    pub name: String,
    pub optional: bool,
    pub approvals: Option<u32>,
}

impl SectionHeader {
    /// Reads `[Name]`, `^[Name]` or `[Name][N]`.
    pub fn parse(text: &str) -> Option<SectionHeader> {
        let (optional, rest) = match text.trim().strip_prefix('^') {
            Some(rest) => (true, rest),
            None => (false, text.trim()),
        };
        let rest = rest.strip_prefix('[')?;
        let close = rest.find(']')?;
        let name = rest[..close].trim();
        // GitLab reads a section name up to the first `]`; a control character (a line
        // break) would change the file's meaning.
        if name.is_empty() || name.contains(char::is_control) {
            return None;
        }
        let rest = &rest[close + 1..];
        let approvals = match rest {
            "" => None,
            _ => {
                let count = rest.strip_prefix('[')?.strip_suffix(']')?;
                match count.trim().parse::<u32>() {
                    Ok(n) if n > 0 => Some(n),
                    _ => return None,
                }
            }
        };
        Some(SectionHeader {
            name: name.to_owned(),
            optional,
            approvals,
        })
    }

    /// GitLab merges sections whose names differ only in case.
    pub fn key(&self) -> String {
        self.name.to_lowercase()
    }
}

impl std::fmt::Display for SectionHeader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.optional {
            f.write_str("^")?;
        }
        write!(f, "[{}]", self.name)?;
        if let Some(n) = self.approvals {
            write!(f, "[{n}]")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for SectionHeader {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <Cow<'de, str>>::deserialize(deserializer)?;
        SectionHeader::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "expected a GitLab section header like `[Docs]`, `^[Docs]` or `[Docs][2]`, found `{text}`"
            ))
        })
    }
}

impl JsonSchema for SectionHeader {
    fn schema_name() -> Cow<'static, str> {
        "SectionHeader".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^\\^?\\[[^\\]]+\\](\\[[1-9][0-9]*\\])?$",
            "description": "A GitLab CODEOWNERS section header: `[Name]`, `^[Name]` (optional) or `[Name][N]` (N approvals)."
        })
    }
}

/// The names of the fields of [`DutyFields`], which role names may not reuse.
pub const DUTY_FIELDS: &[&str] = &[
    "title",
    "description",
    "runbook",
    "paths",
    "alerts",
    "receivers",
    "skills",
    "escalation",
    "reviewed",
    "reviewed-by",
    "tags",
    "gitlab-section",
];

/// One role on one duty: the role key as written and the ids it names.
#[derive(Clone, Debug)]
pub struct RoleAssignment {
    /// Index of the role in the scheme.
    pub role: usize,
    pub key: Spanned<String>,
    pub holders: Vec<Spanned<String>>,
}

/// A duty: its fields and its role assignments.
#[derive(Clone, Debug, Default)]
pub struct Duty {
    pub fields: DutyFields,
    pub roles: Vec<RoleAssignment>,
}

impl Duty {
    /// The duty's title, when it has one.
    pub fn title(&self) -> Option<&str> {
        self.fields.title.as_ref().map(|t| t.value.as_str())
    }

    /// The ids holding a role, in the order written.
    pub fn holders(&self, role: usize) -> impl Iterator<Item = &Spanned<String>> {
        self.roles
            .iter()
            .filter(move |a| a.role == role)
            .flat_map(|a| a.holders.iter())
    }

    pub fn assignment(&self, role: usize) -> Option<&RoleAssignment> {
        self.roles.iter().find(|a| a.role == role)
    }
}

/// The shape of a duty in the JSON Schema: its fields plus role fields (RACI's are listed;
/// a custom scheme's role names are allowed as further properties).
pub struct DutySchema;

impl JsonSchema for DutySchema {
    fn schema_name() -> Cow<'static, str> {
        "Duty".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = DutyFields::json_schema(generator);
        let refs = generator.subschema_for::<OneOrMany<String>>();
        if let Some(object) = schema.as_object_mut() {
            object.insert("additionalProperties".into(), refs.clone().into());
            if let Some(props) = object.get_mut("properties").and_then(|p| p.as_object_mut()) {
                for (role, doc) in [
                    ("accountable", "The one person who owns the outcome."),
                    ("responsible", "People and teams who do the work."),
                    ("consulted", "People and teams asked before decisions."),
                    ("informed", "People and teams told about outcomes."),
                ] {
                    let mut s = refs.clone();
                    s.insert("description".into(), doc.into());
                    props.insert(role.into(), s.into());
                }
            }
        }
        schema
    }
}
