//! Delegations and handoffs: work moving between people.

use schemars::JsonSchema;
use serde::Deserialize;

use super::date::{Date, Moment};
use super::spanned::Spanned;

/// A piece of a duty's work asked of someone else, with expectations.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Delegation {
    /// The duty the work belongs to.
    pub duty: Spanned<String>,
    /// Who delegates: the duty's accountable or one of its responsible.
    pub from: Spanned<String>,
    /// Who does the work.
    pub to: Spanned<String>,
    /// What is expected, in a sentence.
    #[serde(default)]
    pub expect: Option<Spanned<String>>,
    /// By when (`2026-11-28` or `2026-11-28T14:00`).
    #[serde(default)]
    pub due: Option<Spanned<Moment>>,
    /// Whom to report to (a person or team).
    #[serde(default)]
    pub report_to: Option<Spanned<String>>,
    /// Set once the work is done.
    #[serde(default)]
    pub done: Option<Spanned<bool>>,
}

/// A dated transfer of a person's roles to someone else.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Handoff {
    /// Who hands off.
    pub from: Spanned<String>,
    /// Who takes over.
    pub to: Spanned<String>,
    /// The duties handed off (default: all of `from`'s roles).
    #[serde(default)]
    pub duties: Option<Vec<Spanned<String>>>,
    /// First day in effect (default: in effect now).
    #[serde(default)]
    pub from_date: Option<Spanned<Date>>,
    /// Last day in effect (default: open-ended).
    #[serde(default)]
    pub to_date: Option<Spanned<Date>>,
    /// Whether the receiver has acknowledged.
    #[serde(default)]
    pub acknowledged: Option<Spanned<bool>>,
    /// Why (leave, departure, rotation…).
    #[serde(default)]
    pub reason: Option<Spanned<String>>,
}

impl Handoff {
    /// Whether the handoff is in effect on a date.
    pub fn in_effect(&self, on: Date) -> bool {
        self.from_date.as_ref().is_none_or(|d| d.value <= on)
            && self.to_date.as_ref().is_none_or(|d| on <= d.value)
    }
}
