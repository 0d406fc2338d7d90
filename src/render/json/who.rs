//! `own who --format json`: the cards of a duty, a person, a team, a path and an alert, and
//! the answer to a name that names nothing.

use std::io::{self, Write};

use serde::Serialize;

use super::{DelegationJson, JsonMap, Period, ReadFrom};
use crate::model::org::Defined;
use crate::model::{Delegation, Handoff};
use crate::query::{
    Absent, AlertCard, Card, Handover, Held, Named, NotFound, PathCard, RoleHolders,
};
use crate::render::who::{
    At, Hit, Who, is_default_chain, loc_at, opt, pattern_at, step_reason, suggestion_help, values,
};

#[derive(Serialize)]
pub(super) struct HolderJson<'a> {
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
pub(super) fn holders_json<'a>(roles: &[RoleHolders<'a>]) -> Vec<HolderJson<'a>> {
    let mut holders: Vec<HolderJson<'a>> = Vec::new();
    for h in roles.iter().flat_map(|r| &r.holders) {
        if holders.iter().all(|x| x.id != h.id()) {
            holders.push(holder_json(h));
        }
    }
    holders
}

/// Role name → holder ids, every role of the scheme in order.
pub(super) fn roles_json<'a>(
    w: &'a Who<'_>,
    roles: &[RoleHolders<'a>],
) -> JsonMap<&'a str, Vec<&'a str>> {
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
    receivers: Vec<&'a str>,
    tags: Vec<&'a str>,
    runbook: Option<&'a str>,
    reviewed: Option<String>,
    file: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct PersonJson<'a> {
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
    absences: Vec<Period<'a>>,
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
}

pub(crate) fn json(w: &Who<'_>, out: &mut dyn Write) -> io::Result<()> {
    match w.card {
        Card::Duty(c) => {
            let d = c.duty;
            let (file, line) = w.place(d);
            let holders = holders_json(&c.roles);
            write_card(
                w,
                out,
                "duty",
                &DutyJson {
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
                    receivers: values(&d.fields.receivers),
                    tags: values(&d.fields.tags),
                    runbook: opt(&d.fields.runbook),
                    reviewed: d.fields.reviewed.as_ref().map(|r| r.value.to_string()),
                    file,
                    line,
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
            write_card(
                w,
                out,
                "person",
                &PersonJson {
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
                    absences: p.away.iter().map(Period::of).collect(),
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
                },
            )
        }
        Card::Team(c) => {
            let t = c.team;
            let (file, line) = w.place(t);
            write_card(
                w,
                out,
                "team",
                &TeamJson {
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
                },
            )
        }
        Card::Path(c) => json_path(w, c, out),
        Card::Alert(c) => json_alert(w, c, out),
    }
}

/// A card of `kind`, then what every card ends with: the evaluation date, the other kinds
/// the name also names, and what it was read from.
fn write_card<T: Serialize>(
    w: &Who<'_>,
    out: &mut dyn Write,
    kind: &'static str,
    card: &T,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Stamped<'a, T> {
        #[serde(flatten)]
        card: &'a T,
        date: String,
        also: Vec<&'static str>,
        #[serde(flatten)]
        read_from: ReadFrom<'a>,
    }
    let stamped = Stamped {
        card,
        date: w.today.to_string(),
        also: w.also.iter().map(|k| k.as_str()).collect(),
        read_from: ReadFrom::of(w.stamp),
    };
    super::write(out, Some(kind), stamped)
}

// ---- JSON --------------------------------------------------------------------------------

#[derive(Serialize)]
struct HitJson<'a> {
    duty: &'a str,
    pattern: &'a str,
    defined_at: At<'a>,
}

fn hits_json<'a>(w: &'a Who<'_>, hits: impl Iterator<Item = Hit<'a>>) -> Vec<HitJson<'a>> {
    hits.map(|(duty, pattern)| HitJson {
        duty: &duty.id,
        pattern: &pattern.value,
        defined_at: pattern_at(w, duty, pattern),
    })
    .collect()
}

/// The winning duty of a path or an alert, its pattern and its roles (all `null` or empty
/// when nothing wins).
#[derive(Serialize)]
struct OwnerJson<'a> {
    duty: Option<&'a str>,
    title: Option<&'a str>,
    pattern: Option<&'a str>,
    defined_at: Option<At<'a>>,
    roles: JsonMap<&'a str, Vec<&'a str>>,
    holders: Vec<HolderJson<'a>>,
}

fn owner_json<'a>(
    w: &'a Who<'_>,
    winner: Option<Hit<'a>>,
    roles: &'a [crate::query::RoleHolders<'a>],
) -> OwnerJson<'a> {
    OwnerJson {
        duty: winner.map(|(duty, _)| duty.id.as_str()),
        title: winner.and_then(|(duty, _)| duty.title()),
        pattern: winner.map(|(_, pattern)| pattern.value.as_str()),
        defined_at: winner.map(|(duty, pattern)| pattern_at(w, duty, pattern)),
        roles: roles_json(w, roles),
        holders: holders_json(roles),
    }
}

#[derive(Serialize)]
struct PathJson<'a> {
    /// Relative to the repository root; a folder ends with `/`.
    path: &'a str,
    /// `duty` is `null` when no duty matches, or two tie (see `conflict`).
    #[serde(flatten)]
    owner: OwnerJson<'a>,
    /// The other matching patterns, most specific first.
    beaten: Vec<HitJson<'a>>,
    /// Equally specific patterns of different duties (then `duty` is `null`).
    conflict: Vec<HitJson<'a>>,
    directory: bool,
    exists: bool,
}

fn json_path(w: &Who<'_>, c: &PathCard<'_>, out: &mut dyn Write) -> io::Result<()> {
    let a = &c.answer;
    let win = a.winner();
    write_card(
        w,
        out,
        "path",
        &PathJson {
            path: &a.path,
            owner: owner_json(w, win.map(|h| (h.duty, h.pattern)), &c.roles),
            beaten: hits_json(w, a.beaten().iter().map(|h| (h.duty, h.pattern))),
            conflict: hits_json(w, a.conflict().iter().map(|h| (h.duty, h.pattern))),
            directory: a.target.dir,
            exists: a.target.exists,
        },
    )
}

#[derive(Serialize)]
struct AlertJson<'a> {
    alert: &'a str,
    /// `duty` is `null` when no duty's pattern matches.
    #[serde(flatten)]
    owner: OwnerJson<'a>,
    beaten: Vec<HitJson<'a>>,
    /// Where the alert is defined in the `coverage.alerts` sources.
    sources: Vec<At<'a>>,
    /// Where `coverage.routing` delivers it: each receiver, its owning duty (`null`: none),
    /// the matchers of the routes that led there and the route that took it.
    routes: Vec<RouteJson<'a>>,
}

#[derive(Serialize)]
struct RouteJson<'a> {
    receiver: &'a str,
    duty: Option<&'a str>,
    /// Every duty whose `receivers:` name it (more than one is ambiguous).
    duties: &'a [&'a str],
    matchers: &'a [String],
    #[serde(flatten)]
    at: At<'a>,
}

fn json_alert(w: &Who<'_>, c: &AlertCard<'_>, out: &mut dyn Write) -> io::Result<()> {
    let a = &c.answer;
    let win = a.winner();
    write_card(
        w,
        out,
        "alert",
        &AlertJson {
            alert: &a.name,
            owner: owner_json(w, win.map(|h| (h.duty, h.pattern)), &c.roles),
            beaten: hits_json(w, a.beaten().iter().map(|h| (h.duty, h.pattern))),
            sources: a.defined.iter().map(|l| loc_at(w, *l)).collect(),
            routes: a
                .routes
                .iter()
                .map(|r| RouteJson {
                    receiver: &r.receiver,
                    duty: r.duties.first().copied(),
                    duties: &r.duties,
                    matchers: &r.matchers,
                    at: loc_at(w, r.route),
                })
                .collect(),
        },
    )
}

// ---- not found ---------------------------------------------------------------------------

#[derive(Serialize)]
struct NotFoundJson<'a> {
    error: NotFoundError<'a>,
    suggestions: &'a [String],
}

#[derive(Serialize)]
struct NotFoundError<'a> {
    code: &'static str,
    message: &'a str,
    help: Option<String>,
}

/// A query that names nothing: the `own::not-found` error and the nearest names.
pub(crate) fn not_found(nf: &NotFound, out: &mut dyn Write) -> io::Result<()> {
    let body = NotFoundJson {
        error: NotFoundError {
            code: "own::not-found",
            message: &nf.message,
            help: suggestion_help(nf),
        },
        suggestions: &nf.suggestions,
    };
    super::write(out, None, body)
}
