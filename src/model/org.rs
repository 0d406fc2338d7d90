//! One organisation, merged from all its files.

use indexmap::IndexMap;

use super::duty::Duty;
use super::spanned::Spanned;
use super::manifest::Manifest;
use super::people::{Person, Team};
use super::scheme::Scheme;
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
        let mut push = |id, file, expect, context: String| {
            refs.push(Reference {
                id,
                file,
                expect,
                context,
            });
        };
        for person in self.people.values() {
            if let Some(manager) = &person.manager {
                push(manager, person.file, Expect::Person, format!("`manager` of person `{}`", person.id));
            }
        }
        for team in self.teams.values() {
            let f = team.file;
            if let Some(lead) = &team.lead {
                push(lead, f, Expect::Person, format!("`lead` of team `{}`", team.id));
            }
            for member in &team.members {
                push(member, f, Expect::Person, format!("`members` of team `{}`", team.id));
            }
            if let Some(parent) = &team.parent {
                push(parent, f, Expect::Team, format!("`parent` of team `{}`", team.id));
            }
        }
        for duty in self.duties.values() {
            let f = duty.file;
            for assignment in &duty.roles {
                let expect = if self.scheme.roles[assignment.role].person {
                    Expect::Person
                } else {
                    Expect::Holder
                };
                for holder in &assignment.holders {
                    push(holder, f, expect, format!("`{}` of duty `{}`", assignment.key.value, duty.id));
                }
            }
            for step in duty.fields.escalation.iter().flatten() {
                push(step, f, Expect::Holder, format!("`escalation` of duty `{}`", duty.id));
            }
        }
        for d in self.delegations.values() {
            let f = d.file;
            let context = |field: &str| format!("`{field}` of delegation `{}`", d.id);
            push(&d.duty, f, Expect::Duty, context("duty"));
            push(&d.from, f, Expect::Person, context("from"));
            push(&d.to, f, Expect::Person, context("to"));
            if let Some(report_to) = &d.report_to {
                push(report_to, f, Expect::Holder, context("report-to"));
            }
        }
        for h in self.handoffs.values() {
            let f = h.file;
            let context = |field: &str| format!("`{field}` of handoff `{}`", h.id);
            push(&h.from, f, Expect::Person, context("from"));
            push(&h.to, f, Expect::Person, context("to"));
            for duty in h.duties.iter().flatten() {
                push(duty, f, Expect::Duty, context("duties"));
            }
        }
        refs
    }
}
