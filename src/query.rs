//! Lookups behind `own who` and the reports: resolving a query to a duty, person, team, path
//! or alert, and the facts shown about each (the roles held directly and through teams, the
//! escalation chain, who covers on a date, delegations).
//!
//! Everything here is a pure function of a loaded [`Org`] and a date (and, for paths, of
//! where the query was typed); nothing prints (that is `render`'s job). Paths are answered
//! by [`path`], alert names by [`alert`].

pub(crate) mod alert;
pub(crate) mod path;

use rustc_hash::FxHashSet;

use crate::error::Result;
use crate::model::org::{Defined, Holder};
use crate::model::presence::Presence;
use crate::model::{Absence, Date, Delegation, Duty, Handoff, Moment, Org, Person, Status, Team};
use alert::{AlertAnswer, AlertNames};
use path::{PathAnswer, Place};

/// What a query can name, in the order an unprefixed query is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Duty,
    Person,
    Team,
    Path,
    Alert,
}

impl Kind {
    /// The resolution order of an unprefixed query: an exact duty id, a person, a team, then a
    /// path, then an alert name.
    pub(crate) const ORDER: [Kind; 5] = [
        Kind::Duty,
        Kind::Person,
        Kind::Team,
        Kind::Path,
        Kind::Alert,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Duty => "duty",
            Kind::Person => "person",
            Kind::Team => "team",
            Kind::Path => "path",
            Kind::Alert => "alert",
        }
    }
}

/// A parsed `own who` argument: the text and, with a `duty:`… prefix, the forced kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Query<'q> {
    pub(crate) text: &'q str,
    pub(crate) forced: Option<Kind>,
}

impl<'q> Query<'q> {
    pub(crate) fn parse(raw: &'q str) -> Query<'q> {
        for kind in Kind::ORDER {
            if let Some(rest) = raw
                .strip_prefix(kind.as_str())
                .and_then(|r| r.strip_prefix(':'))
            {
                return Query {
                    text: rest,
                    forced: Some(kind),
                };
            }
        }
        Query {
            text: raw,
            forced: None,
        }
    }
}

/// What a query resolved to.
#[derive(Clone, Debug)]
pub(crate) enum Answer<'a> {
    Duty(&'a Defined<Duty>),
    Person(&'a Defined<Person>),
    Team(&'a Defined<Team>),
    /// The owning duty of a path, the winning pattern and the patterns it beat.
    Path(PathAnswer<'a>),
    /// The owning duty of an alert name, and where the alert is defined.
    Alert(AlertAnswer<'a>),
}

/// A resolved query, and the other kinds the same name also names (a duty and a team may
/// share an id: `own who team:x` shows the team).
#[derive(Debug)]
pub(crate) struct Found<'a> {
    pub(crate) answer: Answer<'a>,
    pub(crate) also: Vec<Kind>,
}

/// A query that names nothing, and the nearest names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NotFound {
    pub(crate) message: String,
    pub(crate) suggestions: Vec<String>,
}

/// What a query is resolved against: the organisation, where paths are read from, and the
/// alert names of the monitoring sources (read only if a query gets that far).
pub(crate) struct Lookup<'a, 'x> {
    pub(crate) org: &'a Org,
    pub(crate) place: &'x Place,
    pub(crate) alerts: &'x mut dyn AlertNames,
}

/// Resolve a query: with a forced kind only that kind, else in [`Kind::ORDER`]: an exact
/// duty, person or team id; then a path, if the text looks like one
/// ([`PathAnswer::looks_like_a_path`]); then an alert name a duty's pattern matches or a
/// source defines. Fails only when reading the alert sources fails.
pub(crate) fn resolve<'a>(
    lookup: &mut Lookup<'a, '_>,
    query: &Query<'_>,
) -> Result<std::result::Result<Found<'a>, NotFound>> {
    let org = lookup.org;
    let text = query.text;
    let kinds: &[Kind] = match &query.forced {
        Some(kind) => std::slice::from_ref(kind),
        None => &Kind::ORDER,
    };
    let mut outside = false;
    for &kind in kinds {
        let answer = match kind {
            Kind::Duty | Kind::Person | Kind::Team => exact(org, kind, text),
            Kind::Path => match lookup.place.locate(text) {
                Some(target) => {
                    let answer = path::answer(org, lookup.place, target);
                    (query.forced.is_some() || answer.looks_like_a_path(text))
                        .then_some(Answer::Path(answer))
                }
                None => {
                    outside = true;
                    None
                }
            },
            Kind::Alert => {
                let defs = lookup.alerts.defs()?;
                alert::answer(org, defs, text).map(Answer::Alert)
            }
        };
        if let Some(answer) = answer {
            // Only the exact-id kinds are worth mentioning (and cheap to look up).
            let also = [Kind::Duty, Kind::Person, Kind::Team]
                .into_iter()
                .filter(|&k| k != kind)
                .filter(|&k| exact(org, k, text).is_some())
                .collect();
            return Ok(Ok(Found { answer, also }));
        }
    }
    let message = match query.forced {
        Some(Kind::Path) if outside => format!(
            "path `{text}` is outside the ownership root `{}`",
            lookup.place.root().display()
        ),
        Some(kind) => format!("no {} named `{text}`", kind.as_str()),
        None => format!("no duty, person, team, path or alert named `{text}`"),
    };
    let alert_names: Vec<&str> = if query.forced.is_none_or(|k| k == Kind::Alert) {
        let mut names: Vec<&str> = lookup
            .alerts
            .defs()?
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    } else {
        Vec::new()
    };
    Ok(Err(NotFound {
        message,
        suggestions: suggestions(org, text, query.forced, &alert_names),
    }))
}

/// A duty, person or team by its exact id.
fn exact<'a>(org: &'a Org, kind: Kind, text: &str) -> Option<Answer<'a>> {
    match kind {
        Kind::Duty => org.duties.get(text).map(Answer::Duty),
        Kind::Person => org.people.get(text).map(Answer::Person),
        Kind::Team => org.teams.get(text).map(Answer::Team),
        Kind::Path | Kind::Alert => None,
    }
}

/// The nearest ids and alert names (and the ids of people and teams whose name contains the
/// text) to a query that names nothing.
fn suggestions(org: &Org, text: &str, forced: Option<Kind>, alert_names: &[&str]) -> Vec<String> {
    const LIMIT: usize = 5;
    let wants = |kind| forced.is_none_or(|f| f == kind);
    let mut ids: Vec<&str> = Vec::new();
    if wants(Kind::Duty) {
        ids.extend(org.duties.keys().map(String::as_str));
    }
    if wants(Kind::Person) {
        ids.extend(org.people.keys().map(String::as_str));
    }
    if wants(Kind::Team) {
        ids.extend(org.teams.keys().map(String::as_str));
    }
    ids.extend(alert_names.iter().copied());
    let mut found: Vec<String> = crate::suggest::nearest(text, ids, LIMIT)
        .into_iter()
        .map(str::to_owned)
        .collect();
    // "Okafor" finds `nadia`: people and teams are often known by name, not id.
    let lower = text.to_lowercase();
    if lower.chars().count() >= 3 {
        let named = |name: Option<&crate::model::Spanned<String>>| {
            name.is_some_and(|n| n.value.to_lowercase().contains(&lower))
        };
        let people = org
            .people
            .values()
            .filter(|_| wants(Kind::Person))
            .filter(|p| named(p.name.as_ref()))
            .map(|p| &p.id);
        let teams = org
            .teams
            .values()
            .filter(|_| wants(Kind::Team))
            .filter(|t| named(t.name.as_ref()))
            .map(|t| &t.id);
        for id in people.chain(teams) {
            if found.len() >= LIMIT {
                break;
            }
            if !found.contains(id) {
                found.push(id.clone());
            }
        }
    }
    found
}

/// A person or team named somewhere, or an id that names neither (`own check` reports it).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Named<'a> {
    Person(&'a Defined<Person>),
    Team(&'a Defined<Team>),
    Undefined(&'a str),
}

impl<'a> Named<'a> {
    pub(crate) fn id(&self) -> &'a str {
        match self {
            Named::Person(p) => &p.id,
            Named::Team(t) => &t.id,
            Named::Undefined(id) => id,
        }
    }

    /// The display name, if one is written.
    pub(crate) fn name(&self) -> Option<&'a str> {
        match self {
            Named::Person(p) => p.name.as_ref().map(|n| n.value.as_str()),
            Named::Team(t) => t.name.as_ref().map(|n| n.value.as_str()),
            Named::Undefined(_) => None,
        }
    }

    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Named::Person(_) => "person",
            Named::Team(_) => "team",
            Named::Undefined(_) => "unknown",
        }
    }
}

/// Look up a person or team id.
pub(crate) fn named<'a>(org: &'a Org, id: &'a str) -> Named<'a> {
    match org.holder(id) {
        Some(Holder::Person) => org
            .people
            .get(id)
            .map_or(Named::Undefined(id), Named::Person),
        Some(Holder::Team) => org.teams.get(id).map_or(Named::Undefined(id), Named::Team),
        None => Named::Undefined(id),
    }
}

/// The holders of one role of a duty.
#[derive(Clone, Debug)]
pub(crate) struct RoleHolders<'a> {
    /// Index of the role in the scheme.
    pub(crate) role: usize,
    pub(crate) holders: Vec<Named<'a>>,
}

/// Every role of the scheme with its holders, in scheme order (empty roles included).
pub(crate) fn role_holders<'a>(org: &'a Org, duty: &'a Duty) -> Vec<RoleHolders<'a>> {
    (0..org.scheme.roles.len())
        .map(|role| RoleHolders {
            role,
            holders: duty.holders(role).map(|id| named(org, &id.value)).collect(),
        })
        .collect()
}

/// One step of a duty's escalation chain ([`Org::escalation`]), as of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EscalationStep<'a> {
    pub(crate) id: &'a str,
    /// Why the step is in the chain: `escalation` (listed in the duty's `escalation:`),
    /// `responsible`, `accountable` or `manager`.
    pub(crate) reason: &'static str,
    /// Whether the person (or anyone in the team) is around.
    pub(crate) presence: Presence,
    /// Who takes this person's roles on the duty through a handoff in effect.
    pub(crate) covered_by: Option<&'a str>,
}

/// A duty's escalation chain, each step marked present, away or gone on the date.
pub(crate) fn escalation<'a>(org: &'a Org, duty: &'a str, on: Date) -> Vec<EscalationStep<'a>> {
    org.escalation(duty)
        .into_iter()
        .map(|step| EscalationStep {
            id: step.id,
            reason: step.reason,
            presence: org.presence_of(step.id, on),
            covered_by: org
                .handoffs_from(step.id, Some(duty), on)
                .next()
                .map(|h| h.to.value.as_str()),
        })
        .collect()
}

/// Why a person is not available on a date.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Absent<'a> {
    /// `status: away` or `status: left`.
    Status(Status),
    /// An `away:` period that includes the date.
    Period(&'a Absence),
}

/// Whether a person is away (or gone) on a date, and why.
pub(crate) fn absence(person: &Person, on: Date) -> Option<Absent<'_>> {
    match person.status() {
        Status::Active => person
            .away
            .iter()
            .find(|a| a.from.value <= on && on <= a.to.value)
            .map(Absent::Period),
        status => Some(Absent::Status(status)),
    }
}

/// The teams a person belongs to, as member or lead.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Membership<'a> {
    pub(crate) team: &'a Defined<Team>,
    pub(crate) lead: bool,
    pub(crate) member: bool,
}

/// A person's teams, in definition order.
pub(crate) fn memberships<'a>(org: &'a Org, person: &str) -> Vec<Membership<'a>> {
    org.teams
        .values()
        .filter_map(|team| {
            let lead = team.lead.as_ref().is_some_and(|l| l.value == person);
            let member = team.members.iter().any(|m| m.value == person);
            (lead || member).then_some(Membership { team, lead, member })
        })
        .collect()
}

/// One role on one duty, held directly or through a team.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Held<'a> {
    pub(crate) duty: &'a Defined<Duty>,
    /// Index of the role in the scheme.
    pub(crate) role: usize,
    /// The team the role is held through (the person is its lead or a member).
    pub(crate) via: Option<&'a Defined<Team>>,
}

/// Every role a person or team holds: directly, and (for a person) through the teams they
/// lead or belong to. The owner role first, then by role, then in duty order.
pub(crate) fn roles_held<'a>(org: &'a Org, id: &str, teams: &[Membership<'a>]) -> Vec<Held<'a>> {
    let mut held = Vec::new();
    for duty in org.duties.values() {
        for assignment in &duty.roles {
            for holder in &assignment.holders {
                if holder.value == id {
                    held.push(Held {
                        duty,
                        role: assignment.role,
                        via: None,
                    });
                } else if let Some(m) = teams.iter().find(|m| m.team.id == holder.value) {
                    held.push(Held {
                        duty,
                        role: assignment.role,
                        via: Some(m.team),
                    });
                }
            }
        }
    }
    // By role (the owner role first: "what am I accountable for?"), then duty order, direct
    // before through a team.
    let duty_index = |h: &Held<'_>| org.duties.get_index_of(&h.duty.id).unwrap_or(usize::MAX);
    let owner = org.scheme.owner;
    held.sort_by_key(|h| (h.role != owner, h.role, duty_index(h), h.via.is_some()));
    held
}

/// How many duties a person or team holds each role on (a role held both directly and
/// through a team counts once), by role index.
pub(crate) fn load(org: &Org, held: &[Held<'_>]) -> Vec<usize> {
    let mut seen: FxHashSet<(&str, usize)> = FxHashSet::default();
    let mut counts = vec![0; org.scheme.roles.len()];
    for h in held {
        if seen.insert((&h.duty.id, h.role))
            && let Some(count) = counts.get_mut(h.role)
        {
            *count += 1;
        }
    }
    counts
}

/// A handoff covering a role on a duty on a date.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cover<'a> {
    /// Index of the role in the scheme.
    pub(crate) role: usize,
    pub(crate) from: &'a str,
    pub(crate) to: &'a str,
    pub(crate) handoff: &'a Defined<Handoff>,
    /// The team through which `from` holds the role.
    pub(crate) via: Option<&'a str>,
}

/// The handoffs in effect on a date that move roles of this duty: one entry per role the
/// giver holds on it, directly or through a team they lead or belong to.
pub(crate) fn covering<'a>(org: &'a Org, duty: &'a Defined<Duty>, on: Date) -> Vec<Cover<'a>> {
    let mut covers = Vec::new();
    for handoff in org.handoffs.values() {
        if !handoff.in_effect(on) || !handoff.covers(&duty.id) {
            continue;
        }
        let from = handoff.from.value.as_str();
        for assignment in &duty.roles {
            for holder in &assignment.holders {
                let via = if holder.value == from {
                    None
                } else if org.teams.get(&holder.value).is_some_and(|t| {
                    t.lead.as_ref().is_some_and(|l| l.value == from)
                        || t.members.iter().any(|m| m.value == from)
                }) {
                    Some(holder.value.as_str())
                } else {
                    continue;
                };
                covers.push(Cover {
                    role: assignment.role,
                    from,
                    to: &handoff.to.value,
                    handoff,
                    via,
                });
            }
        }
    }
    covers
}

/// Someone a duty depends on who is away on the date.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AwayHolder<'a> {
    pub(crate) person: &'a Defined<Person>,
    pub(crate) absent: Absent<'a>,
    /// Who takes over their roles on this duty through a handoff in effect.
    pub(crate) covered_by: Option<&'a str>,
}

/// The people a duty depends on (its person holders, the leads and members of its holder
/// teams, and the people in its escalation chain) who are away on the date.
pub(crate) fn away_holders<'a>(
    org: &'a Org,
    duty: &'a Duty,
    escalation: &[EscalationStep<'a>],
    covers: &[Cover<'a>],
    on: Date,
) -> Vec<AwayHolder<'a>> {
    let mut ids: Vec<&'a str> = Vec::new();
    let mut add = |id: &'a str| {
        if !ids.contains(&id) {
            ids.push(id);
        }
    };
    let steps = escalation.iter().map(|s| s.id);
    for id in duty
        .roles
        .iter()
        .flat_map(|a| a.holders.iter().map(|h| h.value.as_str()))
        .chain(steps)
    {
        match org.teams.get(id) {
            Some(team) => {
                team.lead.iter().for_each(|l| add(&l.value));
                team.members.iter().for_each(|m| add(&m.value));
            }
            None => add(id),
        }
    }
    ids.into_iter()
        .filter_map(|id| org.people.get(id))
        .filter_map(|person| {
            absence(person, on).map(|absent| AwayHolder {
                person,
                absent,
                covered_by: covers.iter().find(|c| c.from == person.id).map(|c| c.to),
            })
        })
        .collect()
}

/// Whether a delegation is still open.
pub(crate) fn is_open(delegation: &Delegation) -> bool {
    !delegation.done.as_ref().is_some_and(|d| d.value)
}

/// Whether an open delegation is past its due moment.
pub(crate) fn is_overdue(delegation: &Delegation, now: Moment) -> bool {
    is_open(delegation) && delegation.due.as_ref().is_some_and(|due| due.value < now)
}

/// Everything `own who` shows about a duty.
#[derive(Debug)]
pub(crate) struct DutyCard<'a> {
    pub(crate) duty: &'a Defined<Duty>,
    pub(crate) roles: Vec<RoleHolders<'a>>,
    pub(crate) escalation: Vec<EscalationStep<'a>>,
    pub(crate) covering: Vec<Cover<'a>>,
    pub(crate) away: Vec<AwayHolder<'a>>,
    /// Open delegations of work on this duty.
    pub(crate) delegations: Vec<&'a Defined<Delegation>>,
}

pub(crate) fn duty_card<'a>(org: &'a Org, duty: &'a Defined<Duty>, on: Date) -> DutyCard<'a> {
    let escalation = escalation(org, &duty.id, on);
    let covering = covering(org, duty, on);
    let away = away_holders(org, duty, &escalation, &covering, on);
    DutyCard {
        duty,
        roles: role_holders(org, duty),
        escalation,
        covering,
        away,
        delegations: org
            .delegations
            .values()
            .filter(|d| d.duty.value == duty.id && is_open(d))
            .collect(),
    }
}

/// Everything `own who` shows about a person.
#[derive(Debug)]
pub(crate) struct PersonCard<'a> {
    pub(crate) person: &'a Defined<Person>,
    pub(crate) roles: Vec<Held<'a>>,
    pub(crate) teams: Vec<Membership<'a>>,
    pub(crate) manager: Option<Named<'a>>,
    pub(crate) reports: Vec<&'a Defined<Person>>,
    /// Duties held per role (by role index).
    pub(crate) load: Vec<usize>,
    pub(crate) delegated_by: Vec<&'a Defined<Delegation>>,
    pub(crate) delegated_to: Vec<&'a Defined<Delegation>>,
    /// Handoffs in effect that this person gives, with the roles they move.
    pub(crate) handing_off: Vec<Handover<'a>>,
    /// Handoffs in effect that this person receives, with the roles they take on.
    pub(crate) covering_for: Vec<Handover<'a>>,
    pub(crate) absent: Option<Absent<'a>>,
    /// Roles held directly that no handoff in effect covers, while the person is away or gone.
    pub(crate) not_handed_off: Vec<Held<'a>>,
    /// `away:` periods that have not ended by the date, other than the current one.
    pub(crate) planned_absences: Vec<&'a Absence>,
    /// Handoffs from this person that start after the date.
    pub(crate) planned_handoffs: Vec<Handover<'a>>,
}

/// A handoff and the roles it moves: the giver's roles, directly or through a team, on the
/// duties it covers.
#[derive(Debug)]
pub(crate) struct Handover<'a> {
    pub(crate) handoff: &'a Defined<Handoff>,
    pub(crate) roles: Vec<Held<'a>>,
}

impl Handover<'_> {
    /// The duties whose roles move, in order, once each.
    pub(crate) fn duties(&self) -> Vec<&str> {
        let mut duties: Vec<&str> = Vec::new();
        for held in &self.roles {
            if !duties.contains(&held.duty.id.as_str()) {
                duties.push(&held.duty.id);
            }
        }
        duties
    }
}

/// The roles a handoff moves, given the giver's roles.
fn handover<'a>(handoff: &'a Defined<Handoff>, giver_roles: &[Held<'a>]) -> Handover<'a> {
    Handover {
        handoff,
        roles: giver_roles
            .iter()
            .filter(|h| handoff.covers(&h.duty.id))
            .copied()
            .collect(),
    }
}

pub(crate) fn person_card<'a>(
    org: &'a Org,
    person: &'a Defined<Person>,
    on: Date,
) -> PersonCard<'a> {
    let id = person.id.as_str();
    let teams = memberships(org, id);
    let roles = roles_held(org, id, &teams);
    let load = load(org, &roles);
    let handing_off: Vec<Handover<'a>> = org
        .handoffs_from(id, None, on)
        .map(|h| handover(h, &roles))
        .collect();
    let covering_for: Vec<Handover<'a>> = org
        .handoffs
        .values()
        .filter(|h| h.to.value == id && h.in_effect(on))
        .map(|h| {
            let giver = h.from.value.as_str();
            handover(h, &roles_held(org, giver, &memberships(org, giver)))
        })
        .collect();
    let absent = absence(person, on);
    let mut not_handed_off: Vec<Held<'a>> = Vec::new();
    if absent.is_some() {
        for held in roles.iter().filter(|h| h.via.is_none()) {
            let covered = handing_off.iter().any(|h| h.handoff.covers(&held.duty.id));
            if !covered {
                not_handed_off.push(*held);
            }
        }
    }
    let current = match absent {
        Some(Absent::Period(period)) => Some(period),
        _ => None,
    };
    PersonCard {
        person,
        manager: person.manager.as_ref().map(|m| named(org, &m.value)),
        reports: org
            .people
            .values()
            .filter(|p| p.manager.as_ref().is_some_and(|m| m.value == id))
            .collect(),
        delegated_by: org
            .delegations
            .values()
            .filter(|d| d.from.value == id)
            .collect(),
        delegated_to: org
            .delegations
            .values()
            .filter(|d| d.to.value == id)
            .collect(),
        handing_off,
        covering_for,
        absent,
        not_handed_off,
        planned_absences: person
            .away
            .iter()
            .filter(|a| a.to.value >= on && current.is_none_or(|c| !std::ptr::eq(c, *a)))
            .collect(),
        planned_handoffs: org
            .handoffs
            .values()
            .filter(|h| h.from.value == id)
            .filter(|h| h.from_date.as_ref().is_some_and(|d| d.value > on))
            .map(|h| handover(h, &roles))
            .collect(),
        roles,
        teams,
        load,
    }
}

/// Everything `own who` shows about a team.
#[derive(Debug)]
pub(crate) struct TeamCard<'a> {
    pub(crate) team: &'a Defined<Team>,
    pub(crate) lead: Option<Named<'a>>,
    pub(crate) members: Vec<Named<'a>>,
    pub(crate) parent: Option<Named<'a>>,
    pub(crate) subteams: Vec<&'a Defined<Team>>,
    pub(crate) roles: Vec<Held<'a>>,
    pub(crate) load: Vec<usize>,
    /// Members and lead away on the date.
    pub(crate) away: Vec<(&'a Defined<Person>, Absent<'a>)>,
}

pub(crate) fn team_card<'a>(org: &'a Org, team: &'a Defined<Team>, on: Date) -> TeamCard<'a> {
    let roles = roles_held(org, &team.id, &[]);
    let load = load(org, &roles);
    let people = team.lead.iter().chain(&team.members);
    let mut away: Vec<(&Defined<Person>, Absent<'_>)> = Vec::new();
    for person in people.filter_map(|id| org.people.get(&id.value)) {
        if away.iter().all(|(p, _)| p.id != person.id)
            && let Some(absent) = absence(person, on)
        {
            away.push((person, absent));
        }
    }
    TeamCard {
        team,
        lead: team.lead.as_ref().map(|l| named(org, &l.value)),
        members: team.members.iter().map(|m| named(org, &m.value)).collect(),
        parent: team.parent.as_ref().map(|p| named(org, &p.value)),
        subteams: org
            .teams
            .values()
            .filter(|t| t.parent.as_ref().is_some_and(|p| p.value == team.id))
            .collect(),
        roles,
        load,
        away,
    }
}

/// The facts about what a query resolved to.
#[derive(Debug)]
pub(crate) enum Card<'a> {
    Duty(DutyCard<'a>),
    Person(PersonCard<'a>),
    Team(TeamCard<'a>),
    Path(PathCard<'a>),
    Alert(AlertCard<'a>),
}

/// Everything `own who` shows about a path: the answer, and the owning duty's roles.
#[derive(Debug)]
pub(crate) struct PathCard<'a> {
    pub(crate) answer: PathAnswer<'a>,
    /// Every role of the scheme with the winning duty's holders (empty when unowned).
    pub(crate) roles: Vec<RoleHolders<'a>>,
}

/// Everything `own who` shows about an alert name.
#[derive(Debug)]
pub(crate) struct AlertCard<'a> {
    pub(crate) answer: AlertAnswer<'a>,
    pub(crate) roles: Vec<RoleHolders<'a>>,
}

/// Every role of the scheme, with a duty's holders or none.
fn roles_of<'a>(org: &'a Org, duty: Option<&'a Defined<Duty>>) -> Vec<RoleHolders<'a>> {
    match duty {
        Some(duty) => role_holders(org, duty),
        None => (0..org.scheme.roles.len())
            .map(|role| RoleHolders {
                role,
                holders: Vec::new(),
            })
            .collect(),
    }
}

/// Gather what `own who` shows about an answer, as of a date.
pub(crate) fn card<'a>(org: &'a Org, answer: Answer<'a>, on: Date) -> Card<'a> {
    match answer {
        Answer::Duty(duty) => Card::Duty(duty_card(org, duty, on)),
        Answer::Person(person) => Card::Person(person_card(org, person, on)),
        Answer::Team(team) => Card::Team(team_card(org, team, on)),
        Answer::Path(answer) => Card::Path(PathCard {
            roles: roles_of(org, answer.winner().map(|h| h.duty)),
            answer,
        }),
        Answer::Alert(answer) => Card::Alert(AlertCard {
            roles: roles_of(org, answer.winner().map(|h| h.duty)),
            answer,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::Fixture;

    const ORG: &str = "\
people:
  dana: { name: Dana Roy }
  carol: { name: Carol Ito, manager: dana }
  alice: { name: Alice Ng, manager: carol, away: [{ from: 2026-11-20, to: 2026-12-05 }] }
  bob: { name: Bob Diaz, manager: carol }
teams:
  soc: { name: Security Operations, lead: carol, members: [alice, bob] }
duties:
  triage:
    accountable: carol
    responsible: [soc, bob]
    informed: [dana]
  soc: { accountable: dana, responsible: carol, escalation: [carol, dana] }
handoffs:
  leave:
    from: alice
    to: bob
    duties: [triage]
    from-date: 2026-11-20
";

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    /// Resolve as if typed at the top of an ownership root `/org` with no alert sources.
    fn resolve<'a>(org: &'a Org, query: &Query<'_>) -> std::result::Result<Found<'a>, NotFound> {
        let place = Place::new("/org".into(), "/org".into(), String::new());
        let mut alerts: Vec<crate::alerts::AlertDef> = Vec::new();
        let mut lookup = Lookup {
            org,
            place: &place,
            alerts: &mut alerts,
        };
        super::resolve(&mut lookup, query).unwrap()
    }

    #[test]
    fn prefixes_force_the_kind() {
        assert_eq!(Query::parse("team:soc").forced, Some(Kind::Team));
        assert_eq!(Query::parse("team:soc").text, "soc");
        assert_eq!(Query::parse("src/a.rs").forced, None);
        assert_eq!(Query::parse("teams:x").text, "teams:x");
    }

    #[test]
    fn duties_win_over_teams_and_the_other_kind_is_mentioned() {
        let f = Fixture::new(ORG);
        let org = &f.loaded.org;
        let found = resolve(org, &Query::parse("soc")).unwrap();
        assert!(matches!(found.answer, Answer::Duty(d) if d.id == "soc"));
        assert_eq!(found.also, [Kind::Team]);
        let found = resolve(org, &Query::parse("team:soc")).unwrap();
        assert!(matches!(found.answer, Answer::Team(t) if t.id == "soc"));
        assert_eq!(found.also, [Kind::Duty]);
    }

    #[test]
    fn unknown_queries_suggest_ids_and_names() {
        let f = Fixture::new(ORG);
        let org = &f.loaded.org;
        let nf = resolve(org, &Query::parse("alcie")).unwrap_err();
        assert_eq!(
            nf.message,
            "no duty, person, team, path or alert named `alcie`"
        );
        assert_eq!(nf.suggestions, ["alice"]);
        let nf = resolve(org, &Query::parse("person:Diaz")).unwrap_err();
        assert_eq!(nf.message, "no person named `Diaz`");
        assert_eq!(nf.suggestions, ["bob"]);
        // No duty has paths: a path is unowned, and an unprefixed name is not taken for one.
        let found = resolve(org, &Query::parse("path:src/a.rs")).unwrap();
        assert!(matches!(found.answer, Answer::Path(p) if p.winner().is_none()));
        assert!(resolve(org, &Query::parse("alert:Disk")).is_err());
        let nf = resolve(org, &Query::parse("path:../x")).unwrap_err();
        assert_eq!(
            nf.message,
            "path `../x` is outside the ownership root `/org`"
        );
    }

    #[test]
    fn escalation_steps_are_marked_away_and_covered_on_the_date() {
        let f = Fixture::new(ORG);
        let org = &f.loaded.org;
        let marks = |on| {
            escalation(org, "triage", day(on))
                .iter()
                .map(|s| (s.id, s.reason, s.presence, s.covered_by))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            marks("2026-11-29"),
            [
                ("soc", "responsible", Presence::Present, None),
                ("bob", "responsible", Presence::Present, None),
                ("carol", "accountable", Presence::Present, None),
                ("dana", "manager", Presence::Present, None),
            ]
        );
        let listed = escalation(org, "soc", day("2026-11-29"));
        assert!(listed.iter().all(|s| s.reason == "escalation"));
        // alice is away and hands `triage` to bob: as a listed step she would show it.
        let f = Fixture::new(&ORG.replace(
            "responsible: [soc, bob]",
            "responsible: [soc, bob]\n    escalation: [alice, soc]",
        ));
        let org = &f.loaded.org;
        let steps = escalation(org, "triage", day("2026-11-29"));
        assert_eq!(
            (steps[0].presence, steps[0].covered_by),
            (Presence::Away, Some("bob"))
        );
        assert_eq!(steps[1].presence, Presence::Present);
    }

    #[test]
    fn handoffs_cover_roles_held_through_teams_while_in_effect() {
        let f = Fixture::new(ORG);
        let org = &f.loaded.org;
        let triage = &org.duties["triage"];
        let covers = covering(org, triage, day("2026-11-29"));
        assert_eq!(covers.len(), 1);
        assert_eq!((covers[0].from, covers[0].to), ("alice", "bob"));
        assert_eq!(covers[0].via, Some("soc"));
        assert!(covering(org, triage, day("2026-11-19")).is_empty());
        let card = duty_card(org, triage, day("2026-11-29"));
        assert_eq!(card.away.len(), 1);
        assert_eq!(card.away[0].person.id, "alice");
        assert_eq!(card.away[0].covered_by, Some("bob"));
        assert!(duty_card(org, triage, day("2026-12-06")).away.is_empty());
    }

    #[test]
    fn a_person_holds_roles_directly_and_through_teams() {
        let f = Fixture::new(ORG);
        let org = &f.loaded.org;
        let card = person_card(org, &org.people["carol"], day("2026-11-29"));
        let roles: Vec<_> = card
            .roles
            .iter()
            .map(|h| (h.duty.id.as_str(), h.role, h.via.map(|t| t.id.as_str())))
            .collect();
        // carol leads soc: soc's responsible on `triage` is hers through the team.
        assert_eq!(
            roles,
            [
                ("triage", 0, None),
                ("triage", 1, Some("soc")),
                ("soc", 1, None)
            ]
        );
        let dana = person_card(org, &org.people["dana"], day("2026-11-29"));
        let roles: Vec<_> = dana
            .roles
            .iter()
            .map(|h| (h.duty.id.as_str(), h.role))
            .collect();
        assert_eq!(roles, [("soc", 0), ("triage", 3)]);
        assert_eq!(card.load, [1, 2, 0, 0]);
        let reports: Vec<_> = card.reports.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(reports, ["alice", "bob"]);
        // bob holds responsible on triage directly and through soc: counted once.
        let bob = person_card(org, &org.people["bob"], day("2026-11-29"));
        assert_eq!(bob.load, [0, 1, 0, 0]);
        assert_eq!(bob.covering_for.len(), 1);
        // alice holds `triage` through soc: that is what the handoff moves to bob.
        let moved: Vec<_> = bob.covering_for[0]
            .roles
            .iter()
            .map(|h| (h.duty.id.as_str(), h.role, h.via.map(|t| t.id.as_str())))
            .collect();
        assert_eq!(moved, [("triage", 1, Some("soc"))]);
        let alice = person_card(org, &org.people["alice"], day("2026-11-29"));
        assert!(alice.absent.is_some());
        assert_eq!(alice.handing_off[0].duties(), ["triage"]);
        // Away from 2026-11-20 to 2026-12-05: nothing planned after it.
        assert!(alice.planned_absences.is_empty());
        let before = person_card(org, &org.people["alice"], day("2026-11-01"));
        assert_eq!(before.planned_absences.len(), 1);
        assert_eq!(before.planned_handoffs.len(), 1);
    }
}
