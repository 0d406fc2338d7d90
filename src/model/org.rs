//! One organisation, merged from all its files.

use indexmap::IndexMap;

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

#[derive(Clone, Debug, Default)]
pub struct Org {
    pub manifest: Manifest,
    /// The file holding `own.yaml`.
    pub manifest_file: Option<FileId>,
    pub scheme: Scheme,
    pub people: IndexMap<String, Defined<Person>>,
    pub teams: IndexMap<String, Defined<Team>>,
    pub duties: IndexMap<String, Defined<Duty>>,
    pub delegations: IndexMap<String, Defined<Delegation>>,
    pub handoffs: IndexMap<String, Defined<Handoff>>,
    /// Ids defined more than once; the later definitions are not in the maps above.
    pub duplicates: Vec<Duplicate>,
    pub unknown_keys: Vec<UnknownKey>,
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
    /// Where it is written, for messages: "`accountable` of duty `x`".
    pub context: String,
    /// Whether it holds a role on a duty (a team in a person-only role is then
    /// `own::accountable-not-person`'s to report).
    pub role: bool,
}

impl Reference<'_> {
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
        let mut push = |id, file, expect, context: String, role| {
            refs.push(Reference {
                id,
                file,
                expect,
                context,
                role,
            });
        };
        for p in self.people.values() {
            if let Some(manager) = &p.manager {
                let context = format!("`manager` of person `{}`", p.id);
                push(manager, p.file, Expect::Person, context, false);
            }
        }
        for t in self.teams.values() {
            let context = |field: &str| format!("`{field}` of team `{}`", t.id);
            if let Some(lead) = &t.lead {
                push(lead, t.file, Expect::Person, context("lead"), false);
            }
            for member in &t.members {
                push(member, t.file, Expect::Person, context("members"), false);
            }
            if let Some(parent) = &t.parent {
                push(parent, t.file, Expect::Team, context("parent"), false);
            }
        }
        for d in self.duties.values() {
            let context = |field: &str| format!("`{field}` of duty `{}`", d.id);
            for assignment in &d.roles {
                let expect = if self.scheme.roles[assignment.role].person {
                    Expect::Person
                } else {
                    Expect::Holder
                };
                for holder in &assignment.holders {
                    push(holder, d.file, expect, context(&assignment.key.value), true);
                }
            }
            for step in d.fields.escalation.iter().flatten() {
                push(step, d.file, Expect::Holder, context("escalation"), false);
            }
        }
        for d in self.delegations.values() {
            let context = |field: &str| format!("`{field}` of delegation `{}`", d.id);
            push(&d.duty, d.file, Expect::Duty, context("duty"), false);
            push(&d.from, d.file, Expect::Person, context("from"), false);
            push(&d.to, d.file, Expect::Person, context("to"), false);
            if let Some(report_to) = &d.report_to {
                push(
                    report_to,
                    d.file,
                    Expect::Holder,
                    context("report-to"),
                    false,
                );
            }
        }
        for h in self.handoffs.values() {
            let context = |field: &str| format!("`{field}` of handoff `{}`", h.id);
            push(&h.from, h.file, Expect::Person, context("from"), false);
            push(&h.to, h.file, Expect::Person, context("to"), false);
            for duty in h.duties.iter().flatten() {
                push(duty, h.file, Expect::Duty, context("duties"), false);
            }
        }
        refs
    }
}
