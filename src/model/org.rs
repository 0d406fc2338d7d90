//! One organisation, merged from all its files.

use indexmap::IndexMap;
use rustc_hash::FxBuildHasher;

use super::duty::Duty;
use super::manifest::Manifest;
use super::people::{Person, Team};
use super::scheme::Scheme;
use super::spanned::Spanned;
use super::work::{Delegation, Handoff};
use crate::source::{FileId, Loc, Span};

/// An item and where it was defined: its id, file and the span of its key.
#[derive(Clone, Debug)]
pub struct Defined<T> {
    pub id: String,
    pub file: FileId,
    pub key: Span,
    pub item: T,
}

impl<T> Defined<T> {
    /// Where the item's id is written.
    pub fn loc(&self) -> Loc {
        self.at(self.key)
    }

    /// A span inside this item's file.
    pub fn at(&self, span: Span) -> Loc {
        Loc {
            file: self.file,
            span,
        }
    }
}

impl<T> std::ops::Deref for Defined<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.item
    }
}

/// Whether an id names a person or a team (they share one namespace).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    Person,
    Team,
}

/// The same id defined twice.
#[derive(Clone, Debug)]
pub struct Duplicate {
    /// `person`, `team`, `duty`, `delegation` or `handoff`.
    pub kind: &'static str,
    pub first_kind: &'static str,
    pub id: String,
    pub first: Loc,
    pub second: Loc,
}

/// A key the format does not know.
#[derive(Clone, Debug)]
pub struct UnknownKey {
    pub key: String,
    pub loc: Loc,
    /// What holds the key: "person `bob`", "an absence of person `bob`", "own.yaml"…
    pub within: String,
    /// The keys that are allowed there.
    pub expected: Vec<String>,
    /// Extra advice, e.g. that a section only belongs in `own.yaml`.
    pub note: Option<String>,
}

/// A value `own` could not use (a wrong type, an impossible date, an unknown level or
/// format): left out so the rest is evaluated, and reported as `own::invalid-value`.
#[derive(Clone, Debug)]
pub struct InvalidValue {
    pub loc: Loc,
    pub message: String,
    pub help: Option<String>,
}

/// Items by id, in definition order. Ids are not attacker-chosen keys in a long-running
/// process, so the fast Fx hash is safe here and much cheaper than SipHash.
pub type IdIndex<T> = IndexMap<String, Defined<T>, FxBuildHasher>;

#[derive(Clone, Debug, Default)]
pub struct Org {
    pub manifest: Manifest,
    /// The file holding `own.yaml`.
    pub manifest_file: Option<FileId>,
    pub scheme: Scheme,
    pub people: IdIndex<Person>,
    pub teams: IdIndex<Team>,
    pub duties: IdIndex<Duty>,
    pub delegations: IdIndex<Delegation>,
    pub handoffs: IdIndex<Handoff>,
    /// Ids defined more than once; the later definitions are not in the maps above.
    pub duplicates: Vec<Duplicate>,
    pub unknown_keys: Vec<UnknownKey>,
    /// Values left out because they cannot be used.
    pub invalid_values: Vec<InvalidValue>,
    /// Indices into `manifest.include` of the globs that select no file.
    pub dead_includes: Vec<usize>,
    /// Handoff indices by giver, built on first use (`handoffs_from`).
    pub handoffs_by_giver: std::sync::OnceLock<std::collections::HashMap<String, Vec<usize>>>,
    /// Files under the root that look like ownership files but no `include` glob selects
    /// (found by `own check`, which lists the whole root).
    pub ignored_files: Vec<String>,
}

impl Org {
    pub fn holder(&self, id: &str) -> Option<Holder> {
        if self.people.contains_key(id) {
            Some(Holder::Person)
        } else if self.teams.contains_key(id) {
            Some(Holder::Team)
        } else {
            None
        }
    }

    /// A location in the manifest file.
    pub fn manifest_loc(&self, span: Span) -> Option<Loc> {
        self.manifest_file.map(|file| Loc { file, span })
    }

    /// The teams a person is a member of, in definition order.
    pub fn teams_of<'a>(&'a self, person: &'a str) -> impl Iterator<Item = &'a Defined<Team>> {
        self.teams
            .values()
            .filter(move |t| t.members.iter().any(|m| m.value == person))
    }
}

/// What kind of thing a reference must name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expect {
    /// A person or a team.
    Holder,
    Person,
    Team,
    Duty,
}

impl Expect {
    pub fn noun(self) -> &'static str {
        match self {
            Expect::Holder => "person or team",
            Expect::Person => "person",
            Expect::Team => "team",
            Expect::Duty => "duty",
        }
    }
}

/// One id written somewhere that must name something defined.
#[derive(Clone, Debug)]
pub struct Reference<'a> {
    pub id: &'a Spanned<String>,
    pub file: FileId,
    pub expect: Expect,
    /// The field it is written in (`accountable`, `manager`, `members`…).
    pub field: &'a str,
    /// What holds the field: `person`, `team`, `duty`, `delegation` or `handoff`.
    pub owner_kind: &'static str,
    /// The id of what holds the field.
    pub owner: &'a str,
    /// Whether it holds a role on a duty (a team in a person-only role is then
    /// `own::accountable-not-person`'s to report).
    pub role: bool,
}

impl Reference<'_> {
    /// Where it is written, for messages: "`accountable` of duty `x`".
    pub fn context(&self) -> String {
        format!("`{}` of {} `{}`", self.field, self.owner_kind, self.owner)
    }

    pub fn loc(&self) -> Loc {
        Loc {
            file: self.file,
            span: self.id.span,
        }
    }
}

impl Org {
    /// Every reference to a person, team or duty, in file order.
    pub fn references(&self) -> Vec<Reference<'_>> {
        let mut refs = Vec::new();
        let mut push = |id, file, expect, (owner_kind, owner), field, role| {
            refs.push(Reference {
                id,
                file,
                expect,
                field,
                owner_kind,
                owner,
                role,
            });
        };
        for p in self.people.values() {
            if let Some(manager) = &p.manager {
                push(
                    manager,
                    p.file,
                    Expect::Person,
                    ("person", &*p.id),
                    "manager",
                    false,
                );
            }
        }
        for t in self.teams.values() {
            let owner = ("team", &*t.id);
            if let Some(lead) = &t.lead {
                push(lead, t.file, Expect::Person, owner, "lead", false);
            }
            for member in &t.members {
                push(member, t.file, Expect::Person, owner, "members", false);
            }
            if let Some(parent) = &t.parent {
                push(parent, t.file, Expect::Team, owner, "parent", false);
            }
        }
        for d in self.duties.values() {
            let owner = ("duty", &*d.id);
            for assignment in &d.roles {
                let expect = if self.scheme.roles[assignment.role].person {
                    Expect::Person
                } else {
                    Expect::Holder
                };
                for holder in &assignment.holders {
                    push(holder, d.file, expect, owner, &assignment.key.value, true);
                }
            }
            for step in d.fields.escalation.iter().flatten() {
                push(step, d.file, Expect::Holder, owner, "escalation", false);
            }
            if let Some(by) = &d.fields.reviewed_by {
                push(by, d.file, Expect::Person, owner, "reviewed-by", false);
            }
        }
        for d in self.delegations.values() {
            let owner = ("delegation", &*d.id);
            push(&d.duty, d.file, Expect::Duty, owner, "duty", false);
            push(&d.from, d.file, Expect::Person, owner, "from", false);
            push(&d.to, d.file, Expect::Person, owner, "to", false);
            if let Some(report_to) = &d.report_to {
                push(report_to, d.file, Expect::Holder, owner, "report-to", false);
            }
        }
        for h in self.handoffs.values() {
            let owner = ("handoff", &*h.id);
            push(&h.from, h.file, Expect::Person, owner, "from", false);
            push(&h.to, h.file, Expect::Person, owner, "to", false);
            for duty in h.duties.iter().flatten() {
                push(duty, h.file, Expect::Duty, owner, "duties", false);
            }
        }
        refs
    }
}
