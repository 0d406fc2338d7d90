//! The role vocabulary: which roles a duty has and how many holders each takes.

use schemars::JsonSchema;
use serde::Deserialize;

use super::spanned::{IdMap, Spanned};
use crate::source::Loc;

/// `scheme:` in `own.yaml`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", default)]
#[schemars(deny_unknown_fields)]
pub struct SchemeConfig {
    /// The roles a duty can have, by name. Exactly one is marked `accountable: true`.
    pub roles: IdMap<RoleConfig>,
}

/// One role of a custom scheme.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", default)]
#[schemars(deny_unknown_fields)]
pub struct RoleConfig {
    /// Fewest holders a duty must have (default 0).
    pub min: Option<Spanned<u32>>,
    /// Most holders a duty may have (default: no limit).
    pub max: Option<Spanned<u32>>,
    /// Holders must be people, not teams.
    pub person: Option<Spanned<bool>>,
    /// This is the owner role that `own::one-accountable` checks.
    pub accountable: Option<Spanned<bool>>,
    /// What the role means, for reports.
    pub description: Option<Spanned<String>>,
}

/// A role with its cardinality.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub min: u32,
    pub max: Option<u32>,
    pub person: bool,
    pub description: Option<String>,
    /// Where the role is declared (none for the built-in RACI scheme).
    pub defined: Option<Loc>,
}

impl Role {
    /// The role's initial for matrix cells (`R`, `A`, `C`, `I`).
    pub fn letter(&self) -> char {
        self.name
            .chars()
            .next()
            .map_or('?', |c| c.to_ascii_uppercase())
    }
}

/// The roles in use, in declaration order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scheme {
    pub roles: Vec<Role>,
    /// Index of the owner role (RACI's `accountable`).
    pub owner: usize,
    /// Whether this is the built-in RACI scheme.
    pub builtin: bool,
}

impl Default for Scheme {
    fn default() -> Scheme {
        Scheme::raci()
    }
}

impl Scheme {
    /// RACI: one accountable person, at least one responsible, any consulted and informed.
    pub fn raci() -> Scheme {
        let role = |name: &str, min, max, person| Role {
            name: name.to_owned(),
            min,
            max,
            person,
            description: None,
            defined: None,
        };
        Scheme {
            roles: vec![
                role("accountable", 1, Some(1), true),
                role("responsible", 1, None, false),
                role("consulted", 0, None, false),
                role("informed", 0, None, false),
            ],
            owner: 0,
            builtin: true,
        }
    }

    pub fn role(&self, name: &str) -> Option<usize> {
        self.roles.iter().position(|r| r.name == name)
    }

    pub fn owner_role(&self) -> &Role {
        &self.roles[self.owner]
    }

    /// The role whose absence `own::no-responsible` reports, if the scheme has one.
    pub fn responsible(&self) -> Option<usize> {
        self.role("responsible").filter(|&r| r != self.owner)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.roles.iter().map(|r| r.name.as_str())
    }
}
