//! The display cards of `own who`: everything an answer shows about a duty, person, team,
//! path or alert, computed once for every format (`render::who` prints them).

use super::*;

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
