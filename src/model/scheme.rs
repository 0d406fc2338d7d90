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

    /// The roles that do a duty's work: `responsible` when the scheme has it, else the other
    /// roles that must be filled (DACI's driver), else the owner role (a DRI scheme).
    pub fn doers(&self) -> Vec<usize> {
        if let Some(role) = self.responsible() {
            return vec![role];
        }
        let required: Vec<usize> = (0..self.roles.len())
            .filter(|&r| r != self.owner && self.roles[r].min > 0)
            .collect();
        if required.is_empty() {
            vec![self.owner]
        } else {
            required
        }
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.roles.iter().map(|r| r.name.as_str())
    }

    /// A short code per role for matrix cells, by role index: the initial (`R`, `A`, `C`,
    /// `I`) when no other role shares it, else the initial and the first further letter that
    /// tells it apart (`reviewer` `Re`, `responsible` `Rs`), else the initial and a number.
    pub fn letters(&self) -> Vec<String> {
        let initial = |r: &Role| r.letter().to_string();
        let shared = |i: usize| {
            let mine = initial(&self.roles[i]);
            self.roles
                .iter()
                .enumerate()
                .any(|(j, r)| j != i && initial(r) == mine)
        };
        let mut codes: Vec<String> = Vec::with_capacity(self.roles.len());
        for (i, role) in self.roles.iter().enumerate() {
            let first = initial(role);
            if !shared(i) {
                codes.push(first);
                continue;
            }
            let taken = |code: &str, codes: &[String]| codes.iter().any(|c| c == code);
            let code = role
                .name
                .chars()
                .skip(1)
                .filter(|c| c.is_alphanumeric())
                .map(|c| format!("{first}{}", c.to_lowercase()))
                .find(|code| !taken(code, &codes))
                .or_else(|| {
                    (1..)
                        .map(|n| format!("{first}{n}"))
                        .find(|code| !taken(code, &codes))
                })
                .unwrap_or(first);
            codes.push(code);
        }
        codes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(names: &[&str]) -> Scheme {
        let mut scheme = Scheme::raci();
        scheme.roles = names
            .iter()
            .map(|n| Role {
                name: (*n).to_owned(),
                ..scheme.roles[0].clone()
            })
            .collect();
        scheme
    }

    #[test]
    fn letters_are_initials_unless_two_roles_share_one() {
        assert_eq!(Scheme::raci().letters(), ["A", "R", "C", "I"]);
        assert_eq!(
            scheme(&["driver", "approver", "contributors", "informed"]).letters(),
            ["D", "A", "C", "I"]
        );
        assert_eq!(
            scheme(&["responsible", "reviewer", "accountable", "rr"]).letters(),
            ["Re", "Rv", "A", "Rr"]
        );
        assert_eq!(scheme(&["a", "a-"]).letters(), ["A1", "A2"]);
    }
}
