//! `own who` as the JSON contract of DESIGN.md §11.

use super::*;

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

pub(super) fn write_json<T: Serialize>(
    w: &Who<'_>,
    out: &mut dyn Write,
    answer: &T,
) -> io::Result<()> {
    let stamped = Stamped {
        answer,
        commit: w.stamp.and_then(Stamp::commit),
        dirty: w.stamp.is_some_and(|s| s.dirty),
    };
    serde_json::to_writer_pretty(&mut *out, &stamped)?;
    writeln!(out)
}
