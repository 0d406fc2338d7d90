//! Who is around on a given day, who covers for whom, and where a duty escalates.
//!
//! These answers depend on the evaluation date (`--at`, `--today`): absences (`away:` and
//! `status: away`), departures (`status: left`) and dated handoffs. They are shared by the
//! rules (`escalation-dead-end`, the handoff rules) and by `own who`.

use std::collections::{HashMap, HashSet};

use super::date::Date;
use super::org::{Defined, Holder, Org};
use super::people::Status;
use super::work::Handoff;

/// Whether a person is at work on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Present,
    /// `status: away`, or inside an `away:` period.
    Away,
    /// `status: left`.
    Left,
    /// Not a defined person.
    Unknown,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Away => "away",
            Presence::Left => "left",
            Presence::Unknown => "unknown",
        }
    }
}

/// One step of an escalation chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step<'a> {
    pub id: &'a str,
    /// Why the step is in the chain: `escalation`, `responsible`, `accountable`, `manager`.
    pub reason: &'static str,
}

impl Org {
    /// A person's presence on a date.
    pub fn presence(&self, person: &str, on: Date) -> Presence {
        let Some(p) = self.people.get(person) else {
            return Presence::Unknown;
        };
        match p.status() {
            Status::Left => Presence::Left,
            Status::Away => Presence::Away,
            Status::Active => {
                let away = p
                    .away
                    .iter()
                    .any(|a| a.from.value <= on && on <= a.to.value);
                if away {
                    Presence::Away
                } else {
                    Presence::Present
                }
            }
        }
    }

    /// Whether a person or team is around on a date: a team is present when one of its
    /// people is, else away when one of them is only away, else left when all have left
    /// (`Unknown` for an id that names nobody, or a team with no people).
    pub fn presence_of(&self, id: &str, on: Date) -> Presence {
        match self.holder(id) {
            Some(Holder::Person) => self.presence(id, on),
            Some(Holder::Team) => {
                let all: Vec<Presence> = self
                    .people_of(id)
                    .into_iter()
                    .map(|p| self.presence(p, on))
                    .collect();
                [Presence::Present, Presence::Away, Presence::Left]
                    .into_iter()
                    .find(|p| all.contains(p))
                    .unwrap_or(Presence::Unknown)
            }
            None => Presence::Unknown,
        }
    }

    /// The people an id stands for: a person, or a team's members (and lead).
    pub fn people_of<'a>(&'a self, id: &'a str) -> Vec<&'a str> {
        match self.holder(id) {
            Some(Holder::Person) => vec![id],
            Some(Holder::Team) => {
                let team = &self.teams[id];
                let mut people: Vec<&str> = team.members.iter().map(|m| m.value.as_str()).collect();
                if let Some(lead) = &team.lead
                    && !people.contains(&lead.value.as_str())
                {
                    people.push(&lead.value);
                }
                people
            }
            None => Vec::new(),
        }
    }

    /// Whether someone an id stands for is present, directly or through a handoff in effect
    /// (for a duty, when given).
    pub fn reachable(&self, id: &str, duty: Option<&str>, on: Date) -> bool {
        self.people_of(id).into_iter().any(|person| {
            self.presence(person, on) == Presence::Present
                || self
                    .handoffs_from(person, duty, on)
                    .any(|h| self.presence(&h.to.value, on) == Presence::Present)
        })
    }

    /// Handoffs from a person in effect on a date (covering a duty, when given).
    pub fn handoffs_from<'a>(
        &'a self,
        person: &'a str,
        duty: Option<&'a str>,
        on: Date,
    ) -> impl Iterator<Item = &'a Defined<Handoff>> + 'a {
        let index = self.handoffs_by_giver.get_or_init(|| {
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, h) in self.handoffs.values().enumerate() {
                index.entry(h.from.value.clone()).or_default().push(i);
            }
            index
        });
        index
            .get(person)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|&i| self.handoffs.get_index(i).map(|(_, h)| h))
            .filter(move |h| h.in_effect(on) && duty.is_none_or(|d| h.covers(d)))
    }

    /// The escalation chain of a duty: its `escalation:` if written, else the people and
    /// teams doing the work (responsible), then the accountable, then the accountable's
    /// managers upwards. An id appears once.
    pub fn escalation<'a>(&'a self, duty: &'a str) -> Vec<Step<'a>> {
        let Some(d) = self.duties.get(duty) else {
            return Vec::new();
        };
        if let Some(chain) = &d.fields.escalation {
            return chain
                .iter()
                .map(|s| Step {
                    id: &s.value,
                    reason: "escalation",
                })
                .collect();
        }
        let mut chain: Vec<Step<'a>> = Vec::new();
        // Ids already in the chain, and those in it as more than a responsible: sets, so a
        // 2,000-deep manager chain costs 2,000 steps, not 2,000².
        let mut seen: HashSet<&'a str> = HashSet::new();
        let mut above: HashSet<&'a str> = HashSet::new();
        let mut push = |chain: &mut Vec<Step<'a>>, id: &'a str, reason: &'static str| {
            if seen.insert(id) {
                chain.push(Step { id, reason });
            }
        };
        // The people and teams doing the work: RACI's responsible, DACI's driver.
        for role in self.scheme.doers() {
            if role == self.scheme.owner {
                continue;
            }
            for holder in d.holders(role) {
                push(&mut chain, &holder.value, "responsible");
            }
        }
        let mut next = d
            .holders(self.scheme.owner)
            .next()
            .map(|h| h.value.as_str());
        let mut reason = "accountable";
        // The manager chain is bounded by the number of people, so a loop
        // (`own::manager-cycle`) cannot make it endless.
        for _ in 0..=self.people.len() {
            let Some(id) = next else { break };
            if !above.insert(id) {
                break;
            }
            push(&mut chain, id, reason);
            next = self
                .people
                .get(id)
                .and_then(|p| p.manager.as_ref())
                .map(|m| m.value.as_str());
            reason = "manager";
        }
        chain
    }
}

impl Handoff {
    /// Whether the handoff covers a duty (all of `from`'s duties when `duties` is absent).
    pub fn covers(&self, duty: &str) -> bool {
        self.duties
            .as_ref()
            .is_none_or(|list| list.iter().any(|d| d.value == duty))
    }
}

#[cfg(test)]
mod tests {
    use crate::evaluation::testing::Fixture;

    use super::*;

    const ORG: &str = "\
people:
  ann: { manager: cat, away: [{ from: 2026-12-20, to: 2027-01-04 }] }
  ben: { manager: cat }
  cat: { manager: dan }
  dan: {}
  eve: { status: left }
teams:
  ops: { lead: cat, members: [ann, ben] }
duties:
  d:
    accountable: ann
    responsible: [ops, ben]
handoffs:
  h: { from: ann, to: ben, duties: [d], from-date: 2026-12-20, to-date: 2027-01-04 }
";

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn presence_follows_status_and_absences_including_both_ends() {
        let f = Fixture::new(ORG);
        let org = &f.loaded.org;
        assert_eq!(org.presence("ann", date("2026-12-19")), Presence::Present);
        assert_eq!(org.presence("ann", date("2026-12-20")), Presence::Away);
        assert_eq!(org.presence("ann", date("2027-01-04")), Presence::Away);
        assert_eq!(org.presence("ann", date("2027-01-05")), Presence::Present);
        assert_eq!(org.presence("eve", date("2026-12-01")), Presence::Left);
        assert_eq!(org.presence("zed", date("2026-12-01")), Presence::Unknown);
    }

    #[test]
    fn default_escalation_is_responsible_then_accountable_then_managers() {
        let f = Fixture::new(ORG);
        let chain: Vec<_> = f
            .loaded
            .org
            .escalation("d")
            .iter()
            .map(|s| (s.id, s.reason))
            .collect();
        assert_eq!(
            chain,
            [
                ("ops", "responsible"),
                ("ben", "responsible"),
                ("ann", "accountable"),
                ("cat", "manager"),
                ("dan", "manager"),
            ]
        );
    }

    #[test]
    fn a_team_is_present_while_one_of_its_people_is() {
        let f = Fixture::new(ORG);
        let org = &f.loaded.org;
        assert_eq!(
            org.presence_of("ops", date("2026-12-24")),
            Presence::Present
        );
        assert_eq!(org.presence_of("ann", date("2026-12-24")), Presence::Away);
        assert_eq!(
            org.presence_of("zed", date("2026-12-24")),
            Presence::Unknown
        );
        let f = Fixture::new(
            "people:\n  a: { away: [{ from: 2026-12-20, to: 2027-01-04 }] }\n  b: { status: left }\nteams:\n  t: { members: [a, b] }\n  gone: { members: [b] }\n  none: {}\n",
        );
        let org = &f.loaded.org;
        assert_eq!(org.presence_of("t", date("2026-12-19")), Presence::Present);
        assert_eq!(org.presence_of("t", date("2026-12-20")), Presence::Away);
        assert_eq!(org.presence_of("gone", date("2026-12-20")), Presence::Left);
        assert_eq!(
            org.presence_of("none", date("2026-12-20")),
            Presence::Unknown
        );
    }

    #[test]
    fn a_custom_scheme_escalates_to_the_roles_that_do_the_work() {
        let f = Fixture::new(
            "scheme:\n  roles:\n    driver: { min: 1, max: 1, person: true }\n    approver: { min: 1, max: 1, person: true, accountable: true }\n    informed: {}\npeople:\n  d: {}\n  a: { manager: m }\n  m: {}\nduties:\n  x: { driver: d, approver: a, informed: [m] }\n",
        );
        let chain: Vec<_> = f
            .loaded
            .org
            .escalation("x")
            .iter()
            .map(|s| (s.id, s.reason))
            .collect();
        assert_eq!(
            chain,
            [("d", "responsible"), ("a", "accountable"), ("m", "manager")]
        );
    }

    #[test]
    fn handoffs_make_an_absent_person_reachable() {
        let f = Fixture::new(ORG);
        let org = &f.loaded.org;
        assert!(org.reachable("ann", Some("d"), date("2026-12-24")));
        assert!(!org.reachable("ann", Some("other"), date("2026-12-24")));
        assert!(org.reachable("ops", None, date("2026-12-24")));
        assert!(!org.reachable("eve", None, date("2026-12-24")));
    }
}
