//! The risk lines a reviewer should see: what a change leaves without an accountable, with a single responsible, over the accountable limit, or held by someone who left.

use super::*;

/// Something a reviewer should look at twice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub(crate) enum Risk {
    /// A duty's responsible people (teams counted by their members) drop to one or none.
    SingleResponsible {
        duty: String,
        /// The people left responsible (zero or one).
        people: Vec<String>,
        before: usize,
    },
    /// A person is accountable for more duties than `policy.max-accountable` allows.
    OverMaxAccountable {
        person: String,
        duties: usize,
        limit: u32,
    },
    /// A person who has left still holds roles (and did not before this change, or held
    /// fewer).
    DepartedHoldsRoles { person: String, roles: usize },
}

/// The risks a change introduces, judged on the full organisations for the duties the
/// change touches (`changes` tells which, and which duties were renamed).
pub(crate) fn risks(base: &Org, head: &Org, changes: &[Change]) -> Vec<Risk> {
    let mut out = Vec::new();
    let mut renamed: HashMap<&str, &str> = HashMap::new();
    let mut duties: HashSet<&str> = HashSet::new();
    let mut holders: HashSet<&str> = HashSet::new();
    for change in changes {
        match change {
            Change::DutyRenamed { duty, from } => {
                renamed.insert(duty, from);
                duties.insert(duty);
            }
            Change::RoleChanged { duty, .. } => {
                duties.insert(duty);
            }
            Change::MemberAdded { team, person } | Change::MemberRemoved { team, person } => {
                holders.insert(team);
                holders.insert(person);
            }
            Change::PersonChanged { person, .. } | Change::PersonRemoved { person } => {
                holders.insert(person);
            }
            Change::TeamChanged { team, .. } | Change::TeamRemoved { team } => {
                holders.insert(team);
            }
            _ => {}
        }
    }
    if let Some(role) = head.scheme.responsible() {
        let touched = |holder: &str| {
            holders.contains(holder)
                || head
                    .teams
                    .get(holder)
                    .is_some_and(|t| t.members.iter().any(|m| holders.contains(m.as_str())))
        };
        for duty in head.duties.values() {
            if !duties.contains(duty.id.as_str()) && !duty.holders(role).any(|h| touched(h)) {
                continue;
            }
            let was = renamed.get(duty.id.as_str()).copied().unwrap_or(&duty.id);
            let Some(before) = base.duties.get(was) else {
                continue;
            };
            let people = responsible_people(head, duty);
            let before = responsible_people(base, before).len();
            if people.len() <= 1 && people.len() < before {
                out.push(Risk::SingleResponsible {
                    duty: duty.id.clone(),
                    people: people.into_iter().map(str::to_owned).collect(),
                    before,
                });
            }
        }
    }
    if let Some(limit) = &head.manifest.policy.max_accountable {
        let limit = limit.value;
        let before = accountable_counts(base);
        let mut after: Vec<(&str, usize)> = accountable_counts(head).into_iter().collect();
        after.sort_unstable();
        for (person, duties) in after {
            if duties > limit as usize && duties > before.get(person).copied().unwrap_or(0) {
                out.push(Risk::OverMaxAccountable {
                    person: person.to_owned(),
                    duties,
                    limit,
                });
            }
        }
    }
    let before = departed_roles(base);
    for (person, roles) in departed_roles(head) {
        if roles > before.get(&person).copied().unwrap_or(0) {
            out.push(Risk::DepartedHoldsRoles { person, roles });
        }
    }
    out
}

/// The active people responsible for a duty, teams expanded to their members.
fn responsible_people<'a>(org: &'a Org, duty: &'a Duty) -> std::collections::BTreeSet<&'a str> {
    let mut people = std::collections::BTreeSet::new();
    let Some(role) = org.scheme.responsible() else {
        return people;
    };
    let active = |id: &str| {
        org.people
            .get(id)
            .is_some_and(|p| p.status() != Status::Left)
    };
    for holder in duty.holders(role) {
        if let Some(team) = org.teams.get(&holder.value) {
            people.extend(
                team.members
                    .iter()
                    .filter(|m| active(&m.value))
                    .map(|m| m.value.as_str()),
            );
        } else if active(&holder.value) {
            people.insert(holder.value.as_str());
        }
    }
    people
}

fn accountable_counts(org: &Org) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for duty in org.duties.values() {
        for holder in duty.holders(org.scheme.owner) {
            *counts.entry(holder.value.as_str()).or_insert(0) += 1;
        }
    }
    counts
}

fn departed_roles(org: &Org) -> IndexMap<String, usize> {
    let left: HashSet<&str> = org
        .people
        .values()
        .filter(|p| p.status() == Status::Left)
        .map(|p| p.id.as_str())
        .collect();
    let mut counts = IndexMap::new();
    if left.is_empty() {
        return counts;
    }
    for duty in org.duties.values() {
        for assignment in &duty.roles {
            for holder in &assignment.holders {
                if left.contains(holder.value.as_str()) {
                    *counts.entry(holder.value.clone()).or_insert(0) += 1;
                }
            }
        }
    }
    counts
}
