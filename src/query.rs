//! Lookups behind `own who` and the reports: resolving a query to a duty, person, team, path
//! or alert, and the facts shown about each (the roles held directly and through teams, the
//! escalation chain, who covers on a date, delegations).
//!
//! Everything here is a pure function of a loaded [`Org`] and a date (and, for paths, of
//! where the query was typed); nothing prints (that is `render`'s job). Resolving is here;
//! the facts and cards are `cards`; paths are answered by [`path`], alert names by [`alert`].

pub(crate) mod alert;
mod cards;
pub(crate) mod path;

pub(crate) use cards::*;

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
                let coverage = lookup.alerts.coverage()?;
                alert::answer(org, coverage, text).map(Answer::Alert)
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
            .coverage()?
            .defs
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::testing::Fixture;

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
        let mut alerts = crate::alerts::AlertCoverage::default();
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
