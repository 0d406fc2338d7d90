//! The formats of `own who`: a compact card for people (human) and Markdown, one file each;
//! the answer to a name that names nothing. The JSON contract is `render::json::who`'s, with
//! every other answer's.

mod human;
mod markdown;
mod owner;

pub(crate) use crate::render::json::who::json;
pub(crate) use human::human;
use human::{handoff_lines, membership_text, planned_lines, roles_table, status_lines};
pub(crate) use markdown::markdown;
use markdown::{md_roles_table, md_stamp};
pub(in crate::render) use owner::{At, Hit, loc_at, pattern_at};

use std::io::{self, Write};

use comfy_table::Cell;

use super::text::{self, Look};
use crate::model::org::Defined;
use crate::model::presence::Presence;
use crate::model::{Absence, Date, Delegation, Handoff, Moment, Org, Person, Status, Team};
use crate::query::{
    Absent, Card, DutyCard, EscalationStep, Handover, Held, Kind, Named, NotFound, PersonCard,
    RoleHolders, TeamCard,
};
use crate::source::Sources;
use crate::workspace::Stamp;

/// An answer to `own who`, ready to print.
pub(crate) struct Who<'a> {
    pub(crate) org: &'a Org,
    pub(crate) sources: &'a Sources,
    pub(crate) today: Date,
    pub(crate) now: Moment,
    pub(crate) card: &'a Card<'a>,
    /// Other kinds the same name names.
    pub(crate) also: &'a [Kind],
    /// What the answer was read from (JSON and Markdown name it).
    pub(crate) stamp: Option<&'a Stamp>,
}

impl Who<'_> {
    pub(in crate::render) fn role_name(&self, role: usize) -> &str {
        self.org
            .scheme
            .roles
            .get(role)
            .map_or("?", |r| r.name.as_str())
    }

    /// `file` and 1-based `line` of an item's key.
    pub(in crate::render) fn place<T>(&self, item: &Defined<T>) -> (&str, usize) {
        let file = self.sources.get(item.file);
        (&file.name, file.line_col(item.key.start).line)
    }

    /// `priya (Priya Raman)`, or the id alone.
    pub(in crate::render) fn with_name(&self, named: &Named<'_>) -> String {
        match named.name() {
            Some(name) => format!("{} ({name})", named.id()),
            None if matches!(named, Named::Undefined(_)) => {
                format!("{} (not defined)", named.id())
            }
            None => named.id().to_owned(),
        }
    }

    pub(in crate::render) fn also_line(&self, id: &str) -> Option<String> {
        let kinds: Vec<String> = self
            .also
            .iter()
            .map(|k| format!("`own who {}:{id}`", k.as_str()))
            .collect();
        let nouns: Vec<&str> = self.also.iter().map(|k| k.as_str()).collect();
        (!kinds.is_empty()).then(|| {
            format!(
                "`{id}` is also a {}: {}",
                nouns.join(" and a "),
                kinds.join(", ")
            )
        })
    }
}

pub(in crate::render) fn opt(text: &Option<crate::model::Spanned<String>>) -> Option<&str> {
    text.as_ref().map(|t| t.value.as_str())
}

pub(in crate::render) fn values(list: &[crate::model::Spanned<String>]) -> Vec<&str> {
    list.iter().map(|s| s.value.as_str()).collect()
}

fn person_contacts(p: &Person) -> Vec<String> {
    let mut c: Vec<String> = [&p.email, &p.chat, &p.phone]
        .into_iter()
        .filter_map(|v| opt(v).map(str::to_owned))
        .collect();
    if let Some(gh) = opt(&p.github) {
        c.push(format!("github {gh}"));
    }
    c
}

fn team_contacts(t: &Team) -> Vec<String> {
    let mut c: Vec<String> = [&t.email, &t.chat]
        .into_iter()
        .filter_map(|v| opt(v).map(str::to_owned))
        .collect();
    if let Some(gh) = opt(&t.github) {
        c.push(format!("github {gh}"));
    }
    c
}

/// How to reach a holder, briefly: email and chat; a team's lead first.
fn holder_contact(h: &Named<'_>) -> String {
    let (lead, email, chat) = match h {
        Named::Person(p) => (None, opt(&p.email), opt(&p.chat)),
        Named::Team(t) => (opt(&t.lead), opt(&t.email), opt(&t.chat)),
        Named::Undefined(_) => return "not defined".to_owned(),
    };
    let lead = lead.map(|l| format!("lead {l}"));
    [lead.as_deref(), email, chat]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

fn absent_text(absent: &Absent<'_>) -> String {
    match absent {
        Absent::Status(Status::Left) => "has left".to_owned(),
        Absent::Status(_) => "away (status: away)".to_owned(),
        Absent::Period(p) => {
            let reason = p
                .reason
                .as_ref()
                .map_or(String::new(), |r| format!(" ({})", r.value));
            format!("away until {}{reason}", p.to.value)
        }
    }
}

fn handoff_span(h: &Handoff) -> String {
    match (&h.from_date, &h.to_date) {
        (Some(from), Some(to)) => format!("{} to {}", from.value, to.value),
        (Some(from), None) => format!("from {}, open-ended", from.value),
        (None, Some(to)) => format!("until {}", to.value),
        (None, None) => "open-ended".to_owned(),
    }
}

/// When a handoff in effect ends: `until 2027-02-19`, or `open-ended`.
fn until(h: &Handoff) -> String {
    h.to_date
        .as_ref()
        .map_or("open-ended".to_owned(), |d| format!("until {}", d.value))
}

fn handoff_duties(h: &Handoff) -> String {
    match &h.duties {
        Some(list) => values(list).join(", "),
        None => "all roles".to_owned(),
    }
}

/// A step of an escalation chain, marked when the person or team is not around.
fn step_text(w: &Who<'_>, s: &EscalationStep<'_>) -> String {
    match (s.presence, s.covered_by) {
        (Presence::Present, _) => s.id.to_owned(),
        (Presence::Away, Some(to)) => format!("{} (away; {to} covers)", s.id),
        (Presence::Away, None) => format!("{} (away)", s.id),
        (Presence::Left, _) => format!("{} (gone)", s.id),
        (Presence::Unknown, _) if w.org.teams.contains_key(s.id) => {
            format!("{} (nobody in it)", s.id)
        }
        (Presence::Unknown, _) => format!("{} (not defined)", s.id),
    }
}

fn chain_text(w: &Who<'_>, steps: &[EscalationStep<'_>]) -> String {
    steps
        .iter()
        .map(|s| step_text(w, s))
        .collect::<Vec<_>>()
        .join(" → ")
}

pub(in crate::render) fn is_default_chain(steps: &[EscalationStep<'_>]) -> bool {
    steps.iter().all(|s| s.reason != "escalation")
}

/// The reason label of a step in JSON: `listed` for the duty's own `escalation:`.
pub(in crate::render) fn step_reason(reason: &'static str) -> &'static str {
    match reason {
        "escalation" => "listed",
        other => other,
    }
}

/// One line about a delegation: who asks whom, on which duty, by when.
fn delegation_text(w: &Who<'_>, d: &Defined<Delegation>, side: Side) -> String {
    let due = d.due.as_ref().map_or(String::new(), |due| {
        let late = if crate::query::is_overdue(d, w.now) {
            ", overdue"
        } else {
            ""
        };
        format!(", due {}{late}", due.value)
    });
    let done = if crate::query::is_open(d) {
        ""
    } else {
        ", done"
    };
    let (id, duty, from, to) = (&d.id, &d.duty.value, &d.from.value, &d.to.value);
    match side {
        Side::Duty => format!("{id}: {from} → {to}{due}{done}"),
        Side::AskedOf => format!("{id} on {duty} from {from}{due}{done}"),
        Side::AskedBy => format!("{id} on {duty} to {to}{due}{done}"),
    }
}

/// Whose point of view a delegation is told from.
#[derive(Clone, Copy)]
enum Side {
    /// The duty's: who asks whom.
    Duty,
    /// The delegate's.
    AskedOf,
    /// The delegator's.
    AskedBy,
}

/// What a delegation expects, on one line, cut to fit the card.
fn expect_text(d: &Delegation, look: &Look) -> Option<String> {
    let expect = d
        .expect
        .as_ref()?
        .value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let room = usize::from(look.width.unwrap_or(100))
        .saturating_sub(16)
        .max(20);
    Some(if expect.chars().count() > room {
        let cut: String = expect.chars().take(room - 1).collect();
        format!("“{}…”", cut.trim_end())
    } else {
        format!("“{expect}”")
    })
}

/// `label       first line` and further lines aligned under the first.
fn field(out: &mut dyn Write, look: &Look, label: &str, lines: &[String]) -> io::Result<()> {
    let mut lines = lines.iter();
    let Some(first) = lines.next() else {
        return Ok(());
    };
    let pad = " ".repeat(12usize.saturating_sub(label.chars().count()));
    writeln!(out, "{}{pad} {first}", look.bold(label))?;
    for line in lines {
        writeln!(out, "{:12} {line}", "")?;
    }
    Ok(())
}

fn one(text: impl Into<String>) -> Vec<String> {
    vec![text.into()]
}

fn list_or_none(items: &[&str]) -> Vec<String> {
    one(if items.is_empty() {
        "—".to_owned()
    } else {
        items.join(", ")
    })
}

/// `3 duties: 1 accountable, 2 responsible`.
fn load_text(w: &Who<'_>, load: &[usize], held: &[Held<'_>]) -> String {
    let mut duties: Vec<&str> = held.iter().map(|h| h.duty.id.as_str()).collect();
    duties.sort_unstable();
    duties.dedup();
    if duties.is_empty() {
        return "no roles".to_owned();
    }
    let parts: Vec<String> = load
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(role, n)| format!("{n} {}", w.role_name(role)))
        .collect();
    format!(
        "{}: {}",
        super::check::count(duties.len(), "duty", "duties"),
        parts.join(", ")
    )
}

pub(in crate::render) fn suggestion_help(nf: &NotFound) -> Option<String> {
    match nf.suggestions.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => Some(format!(
            "did you mean one of {}?",
            many.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// A query that names nothing: JSON on stdout, else a message on stderr.
pub(crate) fn not_found(nf: &NotFound, json: bool, out: &mut dyn Write) -> io::Result<()> {
    if json {
        return crate::render::json::who::not_found(nf, out);
    }
    out.flush()?;
    let mut err = io::stderr().lock();
    writeln!(err, "own: {}", nf.message)?;
    if let Some(help) = suggestion_help(nf) {
        writeln!(err, "  help: {help}")?;
    }
    Ok(())
}
