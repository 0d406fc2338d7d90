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
    /// Glob patterns over alert names this duty owns.
    pub alerts: Vec<Spanned<String>>,
    /// Skills needed to do the work.
    pub skills: Vec<Spanned<String>>,
    /// Ordered escalation chain of people and teams (default: responsible, accountable, then
    /// the accountable's managers).
    pub escalation: Option<Vec<Spanned<String>>>,
    /// When the assignments were last reviewed.
    pub reviewed: Option<Spanned<Date>>,
    /// Free-form labels for filtering reports.
    pub tags: Vec<Spanned<String>>,
}

/// The names of the fields of [`DutyFields`], which role names may not reuse.
pub const DUTY_FIELDS: &[&str] = &[
    "title",
    "description",
    "runbook",
    "paths",
    "alerts",
    "skills",
    "escalation",
    "reviewed",
    "tags",
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
