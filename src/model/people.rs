//! People and teams: who can hold a role.

use schemars::JsonSchema;
use serde::Deserialize;

use super::date::Date;
use super::spanned::Spanned;

/// A person who can hold roles.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", default)]
#[schemars(deny_unknown_fields)]
pub struct Person {
    /// Full name, as shown in reports.
    pub name: Option<Spanned<String>>,
    /// Job title.
    pub title: Option<Spanned<String>>,
    /// Email address.
    pub email: Option<Spanned<String>>,
    /// Chat handle (Slack, Teams, Matrix…).
    pub chat: Option<Spanned<String>>,
    /// Phone number or pager.
    pub phone: Option<Spanned<String>>,
    /// GitHub login, without `@`; used for CODEOWNERS.
    pub github: Option<Spanned<String>>,
    /// GitLab username, without `@`.
    pub gitlab: Option<Spanned<String>>,
    /// The id of this person's manager.
    pub manager: Option<Spanned<String>>,
    /// Skills, matched against the skills a duty requires.
    pub skills: Vec<Spanned<String>>,
    /// `active` (the default), `away` or `left`.
    pub status: Option<Spanned<Status>>,
    /// Planned absences.
    pub away: Vec<Absence>,
    /// Free text.
    pub notes: Option<Spanned<String>>,
}

impl Person {
    pub fn status(&self) -> Status {
        self.status.as_ref().map_or(Status::Active, |s| s.value)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Active,
    Away,
    Left,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Away => "away",
            Status::Left => "left",
        }
    }
}

/// A period during which a person is away, both days included.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Absence {
    /// First day away.
    pub from: Spanned<Date>,
    /// Last day away.
    pub to: Spanned<Date>,
    /// Why (vacation, leave, training…).
    #[serde(default)]
    pub reason: Option<Spanned<String>>,
}

/// A named group of people.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", default)]
#[schemars(deny_unknown_fields)]
pub struct Team {
    /// Display name.
    pub name: Option<Spanned<String>>,
    /// The person who leads the team.
    pub lead: Option<Spanned<String>>,
    /// The people in the team.
    pub members: Vec<Spanned<String>>,
    /// The team this one belongs to.
    pub parent: Option<Spanned<String>>,
    /// Team email address or list.
    pub email: Option<Spanned<String>>,
    /// Team chat channel.
    pub chat: Option<Spanned<String>>,
    /// GitHub team as `org/team`, used for CODEOWNERS.
    pub github: Option<Spanned<String>>,
    /// GitLab group, without `@`.
    pub gitlab: Option<Spanned<String>>,
    /// Free text.
    pub description: Option<Spanned<String>>,
}
