//! The formats of `own who`: a compact card for people (human), the JSON contract of
//! DESIGN.md §11, and Markdown; and the answer to a name that names nothing.

mod owner;

use std::io::{self, Write};

use comfy_table::Cell;
use serde::Serialize;

use super::text::{self, DelegationJson, JsonMap, Look};
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
    fn role_name(&self, role: usize) -> &str {
        self.org
            .scheme
            .roles
            .get(role)
            .map_or("?", |r| r.name.as_str())
    }

    /// `file` and 1-based `line` of an item's key.
    fn place<T>(&self, item: &Defined<T>) -> (&str, usize) {
        let file = self.sources.get(item.file);
        (&file.name, file.line_col(item.key.start).line)
    }

    /// `priya (Priya Raman)`, or the id alone.
    fn with_name(&self, named: &Named<'_>) -> String {
        match named.name() {
            Some(name) => format!("{} ({name})", named.id()),
            None if matches!(named, Named::Undefined(_)) => {
                format!("{} (not defined)", named.id())
            }
            None => named.id().to_owned(),
        }
    }

    fn also_line(&self, id: &str) -> Option<String> {
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

fn opt(text: &Option<crate::model::Spanned<String>>) -> Option<&str> {
    text.as_ref().map(|t| t.value.as_str())
}

fn values(list: &[crate::model::Spanned<String>]) -> Vec<&str> {
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

fn is_default_chain(steps: &[EscalationStep<'_>]) -> bool {
    steps.iter().all(|s| s.reason != "escalation")
}

/// The reason label of a step in JSON: `listed` for the duty's own `escalation:`.
fn step_reason(reason: &'static str) -> &'static str {
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

pub(crate) fn human(w: &Who<'_>, look: &Look, out: &mut dyn Write) -> io::Result<()> {
    match w.card {
        Card::Duty(c) => human_duty(w, c, look, out),
        Card::Person(c) => human_person(w, c, look, out),
        Card::Team(c) => human_team(w, c, look, out),
        Card::Path(c) => owner::human_path(w, c, look, out),
        Card::Alert(c) => owner::human_alert(w, c, look, out),
    }
}

fn heading(
    w: &Who<'_>,
    look: &Look,
    kind: &str,
    id: &str,
    title: Option<&str>,
    place: (&str, usize),
    out: &mut dyn Write,
) -> io::Result<()> {
    match title {
        Some(title) => writeln!(out, "{} {}: {title}", kind, look.bold(id))?,
        None => writeln!(out, "{} {}", kind, look.bold(id))?,
    }
    writeln!(
        out,
        "{}",
        look.dim(&format!("defined in {}:{}", place.0, place.1))
    )?;
    if let Some(also) = w.also_line(id) {
        writeln!(out, "{}", look.dim(&also))?;
    }
    writeln!(out)
}

/// Each role with its holders, their names and how to reach them.
fn roles_table(w: &Who<'_>, roles: &[RoleHolders<'_>], look: &Look) -> Vec<String> {
    let mut table = look.table();
    for rh in roles {
        let name = w.role_name(rh.role);
        if rh.holders.is_empty() {
            table.add_row(vec![look.role_cell(rh.role, name), Cell::new("—")]);
        }
        for (i, h) in rh.holders.iter().enumerate() {
            let label = match h {
                Named::Team(_) => format!("{} (team)", h.id()),
                _ => h.id().to_owned(),
            };
            // The name, and how to reach them on a second line.
            let about = [h.name().unwrap_or(""), &holder_contact(h)]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            table.add_row(vec![
                look.role_cell(rh.role, if i == 0 { name } else { "" }),
                Cell::new(label),
                Cell::new(about),
            ]);
        }
    }
    text::table_lines(&table).collect()
}

fn human_duty(w: &Who<'_>, c: &DutyCard<'_>, look: &Look, out: &mut dyn Write) -> io::Result<()> {
    let d = c.duty;
    let title = d.title();
    heading(w, look, "duty", &d.id, title, w.place(d), out)?;
    for line in roles_table(w, &c.roles, look) {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    field(
        out,
        look,
        "skills",
        &list_or_none(&values(&d.fields.skills)),
    )?;
    let chain = if c.escalation.is_empty() {
        "—".to_owned()
    } else if is_default_chain(&c.escalation) {
        format!(
            "{}  {}",
            chain_text(w, &c.escalation),
            look.dim("(default: responsible, accountable, managers)")
        )
    } else {
        chain_text(w, &c.escalation)
    };
    field(out, look, "escalation", &one(chain))?;
    let mut cover = Vec::new();
    for cv in &c.covering {
        let via = cv.via.map_or(String::new(), |t| format!(" through {t}"));
        cover.push(format!(
            "{} covers {} as {}{via} ({}, {})",
            cv.to,
            cv.from,
            w.role_name(cv.role),
            cv.handoff.id,
            until(cv.handoff)
        ));
    }
    for a in &c.away {
        let by = a
            .covered_by
            .map_or(String::new(), |to| format!("; {to} covers"));
        cover.push(format!("{} {}{by}", a.person.id, absent_text(&a.absent)));
    }
    if cover.is_empty() {
        cover.push("everyone is in; no handoff in effect".to_owned());
    }
    cover[0] = format!("{} {}", look.dim(&format!("on {}:", w.today)), cover[0]);
    field(out, look, "covering", &cover)?;
    let mut delegations: Vec<String> = Vec::new();
    for d in &c.delegations {
        delegations.push(delegation_text(w, d, Side::Duty));
        delegations.extend(expect_text(d, look).map(|e| format!("  {e}")));
    }
    field(
        out,
        look,
        "delegations",
        &if delegations.is_empty() {
            one("none open")
        } else {
            delegations
        },
    )?;
    if !d.fields.paths.is_empty() {
        field(out, look, "paths", &one(values(&d.fields.paths).join("  ")))?;
    }
    if !d.fields.alerts.is_empty() {
        field(
            out,
            look,
            "alerts",
            &one(values(&d.fields.alerts).join("  ")),
        )?;
    }
    if let Some(runbook) = opt(&d.fields.runbook) {
        field(out, look, "runbook", &one(runbook))?;
    }
    if !d.fields.tags.is_empty() {
        field(out, look, "tags", &one(values(&d.fields.tags).join(", ")))?;
    }
    if let Some(reviewed) = &d.fields.reviewed {
        field(out, look, "reviewed", &one(reviewed.value.to_string()))?;
    }
    Ok(())
}

fn membership_text(m: &crate::query::Membership<'_>) -> String {
    let what = match (m.lead, m.member) {
        (true, true) => "lead and member",
        (true, false) => "lead",
        _ => "member",
    };
    format!("{} ({what})", m.team.id)
}

fn held_table(w: &Who<'_>, held: &[Held<'_>], look: &Look) -> Vec<String> {
    let mut table = look.table();
    for h in held {
        let mut row = vec![
            look.role_cell(h.role, w.role_name(h.role)),
            Cell::new(&h.duty.id),
        ];
        if let Some(team) = h.via {
            row.push(Cell::new(format!("through {}", team.id)));
        }
        table.add_row(row);
    }
    text::table_lines(&table).collect()
}

/// `2026-12-20 to 2027-01-04 (Winter holiday)`.
fn absence_span(a: &Absence) -> String {
    let reason = a
        .reason
        .as_ref()
        .map_or(String::new(), |r| format!(" ({})", r.value));
    format!("{} to {}{reason}", a.from.value, a.to.value)
}

/// The duties a handoff moves: those the giver holds roles on, else as the handoff lists them.
fn handover_duties(h: &Handover<'_>) -> String {
    let duties = h.duties();
    if duties.is_empty() {
        handoff_duties(h.handoff)
    } else {
        duties.join(", ")
    }
}

/// Duties grouped by role: `detection-engineering, intel (consulted)`.
fn held_by_role(w: &Who<'_>, held: &[Held<'_>]) -> String {
    let mut groups: Vec<(usize, Vec<&str>)> = Vec::new();
    for h in held {
        match groups.iter_mut().find(|(role, _)| *role == h.role) {
            Some((_, duties)) if !duties.contains(&h.duty.id.as_str()) => duties.push(&h.duty.id),
            Some(_) => {}
            None => groups.push((h.role, vec![&h.duty.id])),
        }
    }
    groups
        .iter()
        .map(|(role, duties)| format!("{} ({})", duties.join(", "), w.role_name(*role)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether a person is around on the date and, when not, who covers what:
/// `away 2026-12-20 to 2027-01-04`, `covered by bob for alert-triage (handoff …)`.
fn status_lines(w: &Who<'_>, c: &PersonCard<'_>) -> Vec<String> {
    let Some(absent) = &c.absent else {
        return one("active");
    };
    let mut lines = vec![match absent {
        Absent::Period(a) => format!("away {}", absence_span(a)),
        Absent::Status(Status::Left) => "has left (status: left)".to_owned(),
        Absent::Status(_) => "away (status: away)".to_owned(),
    }];
    for h in &c.handing_off {
        lines.push(format!(
            "covered by {} for {} (handoff {}, {})",
            h.handoff.to.value,
            handover_duties(h),
            h.handoff.id,
            until(h.handoff)
        ));
    }
    if !c.not_handed_off.is_empty() {
        lines.push(format!(
            "not handed off: {}",
            held_by_role(w, &c.not_handed_off)
        ));
    }
    lines
}

/// Absences and handoffs still to come.
fn planned_lines(c: &PersonCard<'_>) -> Vec<String> {
    let mut lines: Vec<String> = c
        .planned_absences
        .iter()
        .map(|a| format!("away {}", absence_span(a)))
        .collect();
    for h in &c.planned_handoffs {
        lines.push(format!(
            "hands {} to {} ({}, {})",
            handover_duties(h),
            h.handoff.to.value,
            h.handoff.id,
            handoff_span(h.handoff)
        ));
    }
    lines
}

/// Handoffs in effect: those the person receives, and those they give while present (an
/// absent person's are in their status).
fn handoff_lines(c: &PersonCard<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    if c.absent.is_none() {
        for h in &c.handing_off {
            lines.push(format!(
                "hands {} to {} ({}, {})",
                handover_duties(h),
                h.handoff.to.value,
                h.handoff.id,
                handoff_span(h.handoff)
            ));
        }
    }
    for h in &c.covering_for {
        lines.push(format!(
            "covers {} for {} ({}, {})",
            handover_duties(h),
            h.handoff.from.value,
            h.handoff.id,
            handoff_span(h.handoff)
        ));
    }
    lines
}

fn human_person(
    w: &Who<'_>,
    c: &PersonCard<'_>,
    look: &Look,
    out: &mut dyn Write,
) -> io::Result<()> {
    let p = c.person;
    let name = [opt(&p.name), opt(&p.title)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let name = (!name.is_empty()).then_some(name.as_str());
    heading(w, look, "person", &p.id, name, w.place(p), out)?;
    let contacts = person_contacts(p);
    if !contacts.is_empty() {
        field(out, look, "contact", &one(contacts.join(" · ")))?;
    }
    let mut status = status_lines(w, c);
    if c.absent.is_some() {
        status[0] = format!("{} {}", look.dim(&format!("on {}:", w.today)), status[0]);
    }
    field(out, look, "status", &status)?;
    field(out, look, "planned", &planned_lines(c))?;
    field(
        out,
        look,
        "manager",
        &one(c
            .manager
            .as_ref()
            .map_or("—".to_owned(), |m| w.with_name(m))),
    )?;
    let reports: Vec<&str> = c.reports.iter().map(|r| r.id.as_str()).collect();
    field(out, look, "reports", &list_or_none(&reports))?;
    let teams: Vec<String> = c.teams.iter().map(membership_text).collect();
    field(
        out,
        look,
        "teams",
        &one(if teams.is_empty() {
            "—".to_owned()
        } else {
            teams.join(", ")
        }),
    )?;
    field(out, look, "skills", &list_or_none(&values(&p.skills)))?;
    field(out, look, "load", &one(load_text(w, &c.load, &c.roles)))?;
    let mut work: Vec<String> = Vec::new();
    for d in &c.delegated_to {
        work.push(delegation_text(w, d, Side::AskedOf));
        work.extend(expect_text(d, look).map(|e| format!("  {e}")));
    }
    for d in &c.delegated_by {
        work.push(delegation_text(w, d, Side::AskedBy));
        work.extend(expect_text(d, look).map(|e| format!("  {e}")));
    }
    field(out, look, "delegations", &work)?;
    let handoffs = handoff_lines(c);
    field(out, look, "handoffs", &handoffs)?;
    if !c.roles.is_empty() {
        writeln!(out)?;
        for line in held_table(w, &c.roles, look) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

fn human_team(w: &Who<'_>, c: &TeamCard<'_>, look: &Look, out: &mut dyn Write) -> io::Result<()> {
    let t = c.team;
    heading(w, look, "team", &t.id, opt(&t.name), w.place(t), out)?;
    if let Some(description) = opt(&t.description) {
        field(out, look, "about", &one(description.trim()))?;
    }
    let contacts = team_contacts(t);
    if !contacts.is_empty() {
        field(out, look, "contact", &one(contacts.join(" · ")))?;
    }
    field(
        out,
        look,
        "lead",
        &one(c.lead.as_ref().map_or("—".to_owned(), |l| w.with_name(l))),
    )?;
    let members: Vec<String> = c.members.iter().map(|m| w.with_name(m)).collect();
    field(
        out,
        look,
        "members",
        &if members.is_empty() {
            one("—")
        } else {
            members
        },
    )?;
    field(
        out,
        look,
        "parent",
        &one(c.parent.as_ref().map_or("—".to_owned(), |p| w.with_name(p))),
    )?;
    let subteams: Vec<&str> = c.subteams.iter().map(|t| t.id.as_str()).collect();
    field(out, look, "sub-teams", &list_or_none(&subteams))?;
    let away: Vec<String> = c
        .away
        .iter()
        .map(|(p, a)| format!("{} {}", p.id, absent_text(a)))
        .collect();
    if !away.is_empty() {
        let mut away = away;
        away[0] = format!("{} {}", look.dim(&format!("on {}:", w.today)), away[0]);
        field(out, look, "away", &away)?;
    }
    field(out, look, "load", &one(load_text(w, &c.load, &c.roles)))?;
    if !c.roles.is_empty() {
        writeln!(out)?;
        for line in held_table(w, &c.roles, look) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

// ---- JSON --------------------------------------------------------------------------------

#[derive(Serialize)]
struct HolderJson<'a> {
    id: &'a str,
    kind: &'static str,
    name: Option<&'a str>,
    email: Option<&'a str>,
    chat: Option<&'a str>,
    /// For a team: its lead.
    #[serde(skip_serializing_if = "Option::is_none")]
    lead: Option<&'a str>,
}

fn holder_json<'a>(h: &Named<'a>) -> HolderJson<'a> {
    let (email, chat, lead) = match h {
        Named::Person(p) => (opt(&p.email), opt(&p.chat), None),
        Named::Team(t) => (opt(&t.email), opt(&t.chat), opt(&t.lead)),
        Named::Undefined(_) => (None, None, None),
    };
    HolderJson {
        id: h.id(),
        kind: h.kind(),
        name: h.name(),
        email,
        chat,
        lead,
    }
}

/// Every holder of a role, once each.
fn holders_json<'a>(roles: &[RoleHolders<'a>]) -> Vec<HolderJson<'a>> {
    let mut holders: Vec<HolderJson<'a>> = Vec::new();
    for h in roles.iter().flat_map(|r| &r.holders) {
        if holders.iter().all(|x| x.id != h.id()) {
            holders.push(holder_json(h));
        }
    }
    holders
}

/// Role name → holder ids, every role of the scheme in order.
fn roles_json<'a>(w: &'a Who<'_>, roles: &[RoleHolders<'a>]) -> JsonMap<&'a str, Vec<&'a str>> {
    JsonMap(
        roles
            .iter()
            .map(|r| {
                (
                    w.role_name(r.role),
                    r.holders.iter().map(|h| h.id()).collect(),
                )
            })
            .collect(),
    )
}

#[derive(Serialize)]
struct CoverJson<'a> {
    role: &'a str,
    from: &'a str,
    to: &'a str,
    handoff: &'a str,
    via: Option<&'a str>,
    from_date: Option<String>,
    to_date: Option<String>,
}

#[derive(Serialize)]
struct AwayJson<'a> {
    person: &'a str,
    status: &'static str,
    from: Option<String>,
    to: Option<String>,
    reason: Option<&'a str>,
    covered_by: Option<&'a str>,
}

fn away_json<'a>(
    person: &'a str,
    absent: &Absent<'a>,
    covered_by: Option<&'a str>,
) -> AwayJson<'a> {
    let (status, period) = match absent {
        Absent::Status(s) => (s.as_str(), None),
        Absent::Period(p) => ("away", Some(p)),
    };
    AwayJson {
        person,
        status,
        from: period.map(|p| p.from.value.to_string()),
        to: period.map(|p| p.to.value.to_string()),
        reason: period.and_then(|p| opt(&p.reason)),
        covered_by,
    }
}

fn delegation_json<'a>(w: &Who<'_>, d: &'a Defined<Delegation>) -> DelegationJson<'a> {
    DelegationJson::new(d, crate::report::DelegationStatus::of(d, w.now))
}

#[derive(Serialize)]
struct HandoffJson<'a> {
    id: &'a str,
    from: &'a str,
    to: &'a str,
    /// `null`: all of `from`'s roles.
    duties: Option<Vec<&'a str>>,
    from_date: Option<String>,
    to_date: Option<String>,
    acknowledged: bool,
}

fn handoff_json(h: &Defined<Handoff>) -> HandoffJson<'_> {
    HandoffJson {
        id: &h.id,
        from: &h.from.value,
        to: &h.to.value,
        duties: h.duties.as_ref().map(|d| values(d)),
        from_date: h.from_date.as_ref().map(|d| d.value.to_string()),
        to_date: h.to_date.as_ref().map(|d| d.value.to_string()),
        acknowledged: h.acknowledged.as_ref().is_some_and(|a| a.value),
    }
}

#[derive(Serialize)]
struct HeldJson<'a> {
    duty: &'a str,
    role: &'a str,
    /// The team the role is held through; `null` when held directly.
    via: Option<&'a str>,
}

fn held_json<'a>(w: &'a Who<'_>, held: &'a [Held<'a>]) -> Vec<HeldJson<'a>> {
    held.iter()
        .map(|h| HeldJson {
            duty: &h.duty.id,
            role: w.role_name(h.role),
            via: h.via.map(|t| t.id.as_str()),
        })
        .collect()
}

fn load_json<'a>(w: &'a Who<'_>, load: &[usize]) -> JsonMap<&'a str, usize> {
    JsonMap(
        load.iter()
            .enumerate()
            .map(|(role, n)| (w.role_name(role), *n))
            .collect(),
    )
}

#[derive(Serialize)]
struct StepJson<'a> {
    id: &'a str,
    /// `listed`, `responsible`, `accountable` or `manager`.
    reason: &'static str,
    /// `present`, `away`, `left` or `unknown` on the date (a team: its best-placed person).
    presence: &'static str,
    /// Who takes this person's roles on the duty through a handoff in effect.
    covered_by: Option<&'a str>,
}

#[derive(Serialize)]
struct DutyJson<'a> {
    version: u32,
    kind: &'static str,
    id: &'a str,
    title: Option<&'a str>,
    description: Option<&'a str>,
    roles: JsonMap<&'a str, Vec<&'a str>>,
    holders: Vec<HolderJson<'a>>,
    skills: Vec<&'a str>,
    escalation: Vec<&'a str>,
    /// `listed` (the duty's `escalation:`) or `default`.
    escalation_source: &'static str,
    escalation_steps: Vec<StepJson<'a>>,
    covering: Vec<CoverJson<'a>>,
    away: Vec<AwayJson<'a>>,
    delegations: Vec<DelegationJson<'a>>,
    paths: Vec<&'a str>,
    alerts: Vec<&'a str>,
    tags: Vec<&'a str>,
    runbook: Option<&'a str>,
    reviewed: Option<String>,
    file: &'a str,
    line: usize,
    date: String,
    also: Vec<&'static str>,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    version: u32,
    kind: &'static str,
    id: &'a str,
    name: Option<&'a str>,
    title: Option<&'a str>,
    email: Option<&'a str>,
    chat: Option<&'a str>,
    phone: Option<&'a str>,
    github: Option<&'a str>,
    status: &'static str,
    away: Option<AwayJson<'a>>,
    manager: Option<&'a str>,
    reports: Vec<&'a str>,
    teams: Vec<&'a str>,
    leads: Vec<&'a str>,
    skills: Vec<&'a str>,
    roles: Vec<HeldJson<'a>>,
    load: JsonMap<&'a str, usize>,
    delegations: Vec<DelegationJson<'a>>,
    handoffs: Vec<HandoffJson<'a>>,
    /// Every `away:` period.
    absences: Vec<AbsenceJson<'a>>,
    /// The roles this person hands off through handoffs in effect.
    covered_by: Vec<MovedJson<'a>>,
    /// The roles this person takes on through handoffs in effect.
    covering_for: Vec<MovedJson<'a>>,
    /// Roles held directly that no handoff covers while the person is away or gone.
    not_handed_off: Vec<HeldJson<'a>>,
    /// Handoffs from this person that start after the date.
    planned_handoffs: Vec<HandoffJson<'a>>,
    file: &'a str,
    line: usize,
    date: String,
    also: Vec<&'static str>,
}

#[derive(Serialize)]
struct AbsenceJson<'a> {
    from: String,
    to: String,
    reason: Option<&'a str>,
}

/// One role moved by a handoff in effect.
#[derive(Serialize)]
struct MovedJson<'a> {
    duty: &'a str,
    role: &'a str,
    /// The team the giver holds the role through.
    via: Option<&'a str>,
    from: &'a str,
    to: &'a str,
    handoff: &'a str,
}

fn moved_json<'a>(w: &'a Who<'_>, h: &'a Handover<'a>) -> Vec<MovedJson<'a>> {
    h.roles
        .iter()
        .map(|held| MovedJson {
            duty: &held.duty.id,
            role: w.role_name(held.role),
            via: held.via.map(|t| t.id.as_str()),
            from: &h.handoff.from.value,
            to: &h.handoff.to.value,
            handoff: &h.handoff.id,
        })
        .collect()
}

#[derive(Serialize)]
struct TeamJson<'a> {
    version: u32,
    kind: &'static str,
    id: &'a str,
    name: Option<&'a str>,
    description: Option<&'a str>,
    email: Option<&'a str>,
    chat: Option<&'a str>,
    github: Option<&'a str>,
    lead: Option<&'a str>,
    members: Vec<&'a str>,
    parent: Option<&'a str>,
    subteams: Vec<&'a str>,
    away: Vec<AwayJson<'a>>,
    roles: Vec<HeldJson<'a>>,
    load: JsonMap<&'a str, usize>,
    file: &'a str,
    line: usize,
    date: String,
    also: Vec<&'static str>,
}

pub(crate) fn json(w: &Who<'_>, out: &mut dyn Write) -> io::Result<()> {
    let also: Vec<&str> = w.also.iter().map(|k| k.as_str()).collect();
    let date = w.today.to_string();
    match w.card {
        Card::Duty(c) => {
            let d = c.duty;
            let (file, line) = w.place(d);
            let holders = holders_json(&c.roles);
            write_json(
                w,
                out,
                &DutyJson {
                    version: 1,
                    kind: "duty",
                    id: &d.id,
                    title: opt(&d.fields.title),
                    description: d.fields.description.as_ref().map(|t| t.value.trim()),
                    roles: roles_json(w, &c.roles),
                    holders,
                    skills: values(&d.fields.skills),
                    escalation: c.escalation.iter().map(|s| s.id).collect(),
                    escalation_source: if is_default_chain(&c.escalation) {
                        "default"
                    } else {
                        "listed"
                    },
                    escalation_steps: c
                        .escalation
                        .iter()
                        .map(|s| StepJson {
                            id: s.id,
                            reason: step_reason(s.reason),
                            presence: s.presence.as_str(),
                            covered_by: s.covered_by,
                        })
                        .collect(),
                    covering: c
                        .covering
                        .iter()
                        .map(|cv| CoverJson {
                            role: w.role_name(cv.role),
                            from: cv.from,
                            to: cv.to,
                            handoff: &cv.handoff.id,
                            via: cv.via,
                            from_date: cv.handoff.from_date.as_ref().map(|d| d.value.to_string()),
                            to_date: cv.handoff.to_date.as_ref().map(|d| d.value.to_string()),
                        })
                        .collect(),
                    away: c
                        .away
                        .iter()
                        .map(|a| away_json(&a.person.id, &a.absent, a.covered_by))
                        .collect(),
                    delegations: c
                        .delegations
                        .iter()
                        .map(|d| delegation_json(w, d))
                        .collect(),
                    paths: values(&d.fields.paths),
                    alerts: values(&d.fields.alerts),
                    tags: values(&d.fields.tags),
                    runbook: opt(&d.fields.runbook),
                    reviewed: d.fields.reviewed.as_ref().map(|r| r.value.to_string()),
                    file,
                    line,
                    date,
                    also,
                },
            )
        }
        Card::Person(c) => {
            let p = c.person;
            let (file, line) = w.place(p);
            let mut delegations: Vec<DelegationJson<'_>> = c
                .delegated_to
                .iter()
                .map(|d| delegation_json(w, d))
                .collect();
            delegations.extend(c.delegated_by.iter().map(|d| delegation_json(w, d)));
            write_json(
                w,
                out,
                &PersonJson {
                    version: 1,
                    kind: "person",
                    id: &p.id,
                    name: opt(&p.name),
                    title: opt(&p.title),
                    email: opt(&p.email),
                    chat: opt(&p.chat),
                    phone: opt(&p.phone),
                    github: opt(&p.github),
                    status: p.status().as_str(),
                    away: c.absent.as_ref().map(|a| away_json(&p.id, a, None)),
                    manager: opt(&p.manager),
                    reports: c.reports.iter().map(|r| r.id.as_str()).collect(),
                    teams: c.teams.iter().map(|m| m.team.id.as_str()).collect(),
                    leads: c
                        .teams
                        .iter()
                        .filter(|m| m.lead)
                        .map(|m| m.team.id.as_str())
                        .collect(),
                    skills: values(&p.skills),
                    roles: held_json(w, &c.roles),
                    load: load_json(w, &c.load),
                    delegations,
                    handoffs: c
                        .handing_off
                        .iter()
                        .chain(&c.covering_for)
                        .map(|h| handoff_json(h.handoff))
                        .collect(),
                    absences: p
                        .away
                        .iter()
                        .map(|a| AbsenceJson {
                            from: a.from.value.to_string(),
                            to: a.to.value.to_string(),
                            reason: opt(&a.reason),
                        })
                        .collect(),
                    covered_by: c
                        .handing_off
                        .iter()
                        .flat_map(|h| moved_json(w, h))
                        .collect(),
                    covering_for: c
                        .covering_for
                        .iter()
                        .flat_map(|h| moved_json(w, h))
                        .collect(),
                    not_handed_off: held_json(w, &c.not_handed_off),
                    planned_handoffs: c
                        .planned_handoffs
                        .iter()
                        .map(|h| handoff_json(h.handoff))
                        .collect(),
                    file,
                    line,
                    date,
                    also,
                },
            )
        }
        Card::Team(c) => {
            let t = c.team;
            let (file, line) = w.place(t);
            write_json(
                w,
                out,
                &TeamJson {
                    version: 1,
                    kind: "team",
                    id: &t.id,
                    name: opt(&t.name),
                    description: t.description.as_ref().map(|d| d.value.trim()),
                    email: opt(&t.email),
                    chat: opt(&t.chat),
                    github: opt(&t.github),
                    lead: opt(&t.lead),
                    members: values(&t.members),
                    parent: opt(&t.parent),
                    subteams: c.subteams.iter().map(|s| s.id.as_str()).collect(),
                    away: c
                        .away
                        .iter()
                        .map(|(p, a)| away_json(&p.id, a, None))
                        .collect(),
                    roles: held_json(w, &c.roles),
                    load: load_json(w, &c.load),
                    file,
                    line,
                    date,
                    also,
                },
            )
        }
        Card::Path(c) => owner::json_path(w, c, date, also, out),
        Card::Alert(c) => owner::json_alert(w, c, date, also, out),
    }
}

/// An answer with what it was read from.
#[derive(Serialize)]
struct Stamped<'a, T> {
    #[serde(flatten)]
    answer: &'a T,
    /// The commit read, or the working tree's `HEAD` (`null` outside git or before the
    /// first commit).
    commit: Option<&'a str>,
    /// The working tree's ownership files differ from `commit` (uncommitted changes).
    dirty: bool,
}

fn write_json<T: Serialize>(w: &Who<'_>, out: &mut dyn Write, answer: &T) -> io::Result<()> {
    let stamped = Stamped {
        answer,
        commit: w.stamp.and_then(Stamp::commit),
        dirty: w.stamp.is_some_and(|s| s.dirty),
    };
    serde_json::to_writer_pretty(&mut *out, &stamped)?;
    writeln!(out)
}

// ---- Markdown ----------------------------------------------------------------------------

fn md_list(items: &[&str]) -> String {
    if items.is_empty() {
        "—".to_owned()
    } else {
        items
            .iter()
            .map(|i| text::md_code(i))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `: expectation` after a delegation, on one line.
fn md_expect(d: &Delegation) -> String {
    d.expect.as_ref().map_or(String::new(), |e| {
        let text = e.value.split_whitespace().collect::<Vec<_>>().join(" ");
        format!(": {}", text::md(&text))
    })
}

/// What the answer was read from, under its heading (nothing outside git).
fn md_stamp(w: &Who<'_>, out: &mut dyn Write) -> io::Result<()> {
    match w.stamp.filter(|s| s.head.is_some()) {
        Some(stamp) => writeln!(out, "{}\n", super::report::md_stamp(stamp)),
        None => Ok(()),
    }
}

fn md_heading(
    w: &Who<'_>,
    kind: &str,
    id: &str,
    title: Option<&str>,
    place: (&str, usize),
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "## {kind} {}\n", text::md_code(id))?;
    md_stamp(w, out)?;
    if let Some(title) = title {
        writeln!(out, "{}\n", text::md(title))?;
    }
    writeln!(
        out,
        "Defined in {}.\n",
        text::md_code(&format!("{}:{}", place.0, place.1))
    )?;
    if let Some(also) = w.also_line(id) {
        writeln!(out, "{}\n", text::md(&also.replace('`', "")))?;
    }
    Ok(())
}

fn md_held(w: &Who<'_>, held: &[Held<'_>], out: &mut dyn Write) -> io::Result<()> {
    if held.is_empty() {
        return writeln!(out, "No roles.");
    }
    writeln!(out, "| Duty | Role | Through |\n| --- | --- | --- |")?;
    for h in held {
        writeln!(
            out,
            "| {} | {} | {} |",
            text::md_code(&h.duty.id),
            text::md(w.role_name(h.role)),
            h.via.map_or(String::new(), |t| text::md_code(&t.id))
        )?;
    }
    Ok(())
}

pub(crate) fn markdown(w: &Who<'_>, out: &mut dyn Write) -> io::Result<()> {
    match w.card {
        Card::Duty(c) => markdown_duty(w, c, out),
        Card::Person(c) => markdown_person(w, c, out),
        Card::Team(c) => markdown_team(w, c, out),
        Card::Path(c) => owner::markdown_path(w, c, out),
        Card::Alert(c) => owner::markdown_alert(w, c, out),
    }
}

fn md_roles_table(w: &Who<'_>, roles: &[RoleHolders<'_>], out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "| Role | Holder | Name | Contact |\n| --- | --- | --- | --- |"
    )?;
    for rh in roles {
        let role = text::md(w.role_name(rh.role));
        if rh.holders.is_empty() {
            writeln!(out, "| {role} | — | | |")?;
        }
        for h in &rh.holders {
            let kind = if matches!(h, Named::Team(_)) {
                " (team)"
            } else {
                ""
            };
            writeln!(
                out,
                "| {role} | {}{kind} | {} | {} |",
                text::md_code(h.id()),
                text::md(h.name().unwrap_or("")),
                text::md(&holder_contact(h))
            )?;
        }
    }
    Ok(())
}

fn markdown_duty(w: &Who<'_>, c: &DutyCard<'_>, out: &mut dyn Write) -> io::Result<()> {
    let d = c.duty;
    md_heading(w, "Duty", &d.id, opt(&d.fields.title), w.place(d), out)?;
    md_roles_table(w, &c.roles, out)?;
    writeln!(out)?;
    writeln!(out, "- **Skills:** {}", md_list(&values(&d.fields.skills)))?;
    let chain: Vec<String> = c
        .escalation
        .iter()
        .map(|s| {
            let text = step_text(w, s);
            match text.strip_prefix(s.id) {
                Some(mark) if !mark.is_empty() => {
                    format!("{}{}", text::md_code(s.id), text::md(mark))
                }
                _ => text::md_code(s.id),
            }
        })
        .collect();
    let default = if is_default_chain(&c.escalation) && !chain.is_empty() {
        " (default: responsible, accountable, managers)"
    } else {
        ""
    };
    writeln!(
        out,
        "- **Escalation:** {}{default}",
        if chain.is_empty() {
            "—".to_owned()
        } else {
            chain.join(" → ")
        }
    )?;
    writeln!(out, "- **Covering on {}:**", w.today)?;
    if c.covering.is_empty() && c.away.is_empty() {
        writeln!(out, "  - everyone is in; no handoff in effect")?;
    }
    for cv in &c.covering {
        let via = cv
            .via
            .map_or(String::new(), |t| format!(" through {}", text::md_code(t)));
        writeln!(
            out,
            "  - {} covers {} as {}{via} (handoff {}, {})",
            text::md_code(cv.to),
            text::md_code(cv.from),
            text::md(w.role_name(cv.role)),
            text::md_code(&cv.handoff.id),
            until(cv.handoff)
        )?;
    }
    for a in &c.away {
        let by = a.covered_by.map_or(String::new(), |to| {
            format!("; {} covers", text::md_code(to))
        });
        writeln!(
            out,
            "  - {} {}{by}",
            text::md_code(&a.person.id),
            text::md(&absent_text(&a.absent))
        )?;
    }
    writeln!(
        out,
        "- **Delegations:**{}",
        if c.delegations.is_empty() {
            " none open"
        } else {
            ""
        }
    )?;
    for dl in &c.delegations {
        writeln!(
            out,
            "  - {}{}",
            text::md(&delegation_text(w, dl, Side::Duty)),
            md_expect(dl)
        )?;
    }
    writeln!(out, "- **Paths:** {}", md_list(&values(&d.fields.paths)))?;
    writeln!(out, "- **Alerts:** {}", md_list(&values(&d.fields.alerts)))?;
    if let Some(runbook) = opt(&d.fields.runbook) {
        writeln!(
            out,
            "- **Runbook:** <{}>",
            runbook.replace(['<', '>', ' '], "")
        )?;
    }
    if !d.fields.tags.is_empty() {
        writeln!(out, "- **Tags:** {}", md_list(&values(&d.fields.tags)))?;
    }
    if let Some(reviewed) = &d.fields.reviewed {
        writeln!(out, "- **Reviewed:** {}", reviewed.value)?;
    }
    Ok(())
}

fn markdown_person(w: &Who<'_>, c: &PersonCard<'_>, out: &mut dyn Write) -> io::Result<()> {
    let p = c.person;
    let name = [opt(&p.name), opt(&p.title)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let name = (!name.is_empty()).then_some(name.as_str());
    md_heading(w, "Person", &p.id, name, w.place(p), out)?;
    let contacts = person_contacts(p);
    if !contacts.is_empty() {
        writeln!(out, "- **Contact:** {}", text::md(&contacts.join(" · ")))?;
    }
    let status = status_lines(w, c);
    let label = if c.absent.is_some() {
        format!("Status on {}", w.today)
    } else {
        "Status".to_owned()
    };
    md_lines(out, &label, &status)?;
    md_lines(out, "Planned", &planned_lines(c))?;
    writeln!(
        out,
        "- **Manager:** {}",
        c.manager
            .as_ref()
            .map_or("—".to_owned(), |m| text::md(&w.with_name(m)))
    )?;
    let reports: Vec<&str> = c.reports.iter().map(|r| r.id.as_str()).collect();
    writeln!(out, "- **Reports:** {}", md_list(&reports))?;
    let teams: Vec<String> = c
        .teams
        .iter()
        .map(|m| text::md(&membership_text(m)))
        .collect();
    writeln!(
        out,
        "- **Teams:** {}",
        if teams.is_empty() {
            "—".to_owned()
        } else {
            teams.join(", ")
        }
    )?;
    writeln!(out, "- **Skills:** {}", md_list(&values(&p.skills)))?;
    writeln!(
        out,
        "- **Load:** {}",
        text::md(&load_text(w, &c.load, &c.roles))
    )?;
    for d in &c.delegated_to {
        writeln!(
            out,
            "- **Delegated to them:** {}{}",
            text::md(&delegation_text(w, d, Side::AskedOf)),
            md_expect(d)
        )?;
    }
    for d in &c.delegated_by {
        writeln!(
            out,
            "- **Delegated by them:** {}{}",
            text::md(&delegation_text(w, d, Side::AskedBy)),
            md_expect(d)
        )?;
    }
    md_lines(out, "Handoffs", &handoff_lines(c))?;
    writeln!(out)?;
    md_held(w, &c.roles, out)
}

/// `- **Label:** first line`, further lines as sub-items; nothing when there are no lines.
fn md_lines(out: &mut dyn Write, label: &str, lines: &[String]) -> io::Result<()> {
    let mut lines = lines.iter();
    let Some(first) = lines.next() else {
        return Ok(());
    };
    writeln!(out, "- **{label}:** {}", text::md(first))?;
    for line in lines {
        writeln!(out, "  - {}", text::md(line))?;
    }
    Ok(())
}

fn markdown_team(w: &Who<'_>, c: &TeamCard<'_>, out: &mut dyn Write) -> io::Result<()> {
    let t = c.team;
    md_heading(w, "Team", &t.id, opt(&t.name), w.place(t), out)?;
    if let Some(description) = opt(&t.description) {
        writeln!(out, "{}\n", text::md(description.trim()))?;
    }
    let contacts = team_contacts(t);
    if !contacts.is_empty() {
        writeln!(out, "- **Contact:** {}", text::md(&contacts.join(" · ")))?;
    }
    let named = |n: &Option<Named<'_>>| {
        n.as_ref()
            .map_or("—".to_owned(), |n| text::md(&w.with_name(n)))
    };
    writeln!(out, "- **Lead:** {}", named(&c.lead))?;
    let members: Vec<String> = c
        .members
        .iter()
        .map(|m| text::md(&w.with_name(m)))
        .collect();
    writeln!(
        out,
        "- **Members:** {}",
        if members.is_empty() {
            "—".to_owned()
        } else {
            members.join(", ")
        }
    )?;
    writeln!(out, "- **Parent:** {}", named(&c.parent))?;
    let subteams: Vec<&str> = c.subteams.iter().map(|t| t.id.as_str()).collect();
    writeln!(out, "- **Sub-teams:** {}", md_list(&subteams))?;
    for (p, a) in &c.away {
        writeln!(
            out,
            "- **Away on {}:** {} {}",
            w.today,
            text::md_code(&p.id),
            text::md(&absent_text(a))
        )?;
    }
    writeln!(
        out,
        "- **Load:** {}",
        text::md(&load_text(w, &c.load, &c.roles))
    )?;
    writeln!(out)?;
    md_held(w, &c.roles, out)
}

// ---- not found ---------------------------------------------------------------------------

#[derive(Serialize)]
struct NotFoundJson<'a> {
    version: u32,
    error: NotFoundError<'a>,
    suggestions: &'a [String],
}

#[derive(Serialize)]
struct NotFoundError<'a> {
    code: &'static str,
    message: &'a str,
    help: Option<String>,
}

fn suggestion_help(nf: &NotFound) -> Option<String> {
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
        let body = NotFoundJson {
            version: 1,
            error: NotFoundError {
                code: "own::not-found",
                message: &nf.message,
                help: suggestion_help(nf),
            },
            suggestions: &nf.suggestions,
        };
        serde_json::to_writer_pretty(&mut *out, &body)?;
        return writeln!(out);
    }
    out.flush()?;
    let mut err = io::stderr().lock();
    writeln!(err, "own: {}", nf.message)?;
    if let Some(help) = suggestion_help(nf) {
        writeln!(err, "  help: {help}")?;
    }
    Ok(())
}
