//! Key-person risk (`own report risk`): for every person, what would lose its accountable or
//! its last responsible if that person left; the duties whose responsible is one person; and
//! the people accountable for more duties than `policy.max-accountable` allows.
//!
//! Everyone is answered at once, in one pass over the duties and their holders: each duty's
//! owner-role and doer-role holders are resolved to the people they stand for (a team stands
//! for its members and lead, [`Org::people_of`]; a person who has left stands for nobody),
//! and a duty whose set is exactly one person is that person's to lose. Nobody is
//! re-evaluated "as if gone". Files and alerts are counted per duty once, from the same path
//! and alert coverage `own report coverage` shows.

use super::*;
use crate::model::presence::Presence;

/// What one person's departure would take away.
#[derive(Debug)]
pub(crate) struct PersonRisk<'a> {
    pub(crate) person: &'a Defined<Person>,
    /// Duties whose owner role (`accountable`) resolves to this person alone, in definition
    /// order.
    pub(crate) accountable_lost: Vec<&'a Defined<Duty>>,
    /// Duties whose doer roles (`responsible`) resolve to this person alone, in definition
    /// order.
    pub(crate) responsible_lost: Vec<&'a Defined<Duty>>,
    /// Distinct duties of the two lists: the first sort key.
    pub(crate) duties: usize,
    /// Files under coverage owned by those duties (0 when the organisation uses no paths).
    pub(crate) files: usize,
    /// Alerts of the `coverage.alerts` sources owned by those duties, each definition once.
    pub(crate) alerts: usize,
    /// Duties of the whole organisation this person is accountable for, directly or through
    /// a team (what `policy.max-accountable` limits).
    pub(crate) accountable_for: usize,
}

/// A person accountable, directly or through a team, for more duties than the policy allows.
#[derive(Debug)]
pub(crate) struct OverLimit<'a> {
    pub(crate) person: &'a Defined<Person>,
    /// Duties accountable for, directly or through a team.
    pub(crate) count: usize,
    /// Of those, the duties naming the person: what `own::max-accountable` counts.
    pub(crate) direct: usize,
    pub(crate) limit: u32,
}

/// A duty whose doer roles resolve to one person.
#[derive(Debug)]
pub(crate) struct SingleResponsible<'a> {
    pub(crate) duty: &'a Defined<Duty>,
    pub(crate) person: &'a Defined<Person>,
    /// The same person is also the duty's only accountable.
    pub(crate) also_accountable: bool,
}

/// The key-person risk of the selected duties.
#[derive(Debug)]
pub(crate) struct Risk<'a> {
    /// Every selected person who has not left, most at risk first (duties, then files, then
    /// alerts lost, then id); the people who hold no sole role come last, by id.
    pub(crate) people: Vec<PersonRisk<'a>>,
    /// The selected duties whose doer roles resolve to exactly one person who has not left,
    /// in definition order.
    pub(crate) single_responsible: Vec<SingleResponsible<'a>>,
    /// `policy.max-accountable`, if set.
    pub(crate) limit: Option<u32>,
    /// The people over the limit, most accountable first, then by id. Counted over every
    /// duty of the organisation, whatever the filter (the policy is the organisation's), and
    /// never a person who has left (`own::departed-owner` reports those roles).
    pub(crate) over_limit: Vec<OverLimit<'a>>,
    /// Whether files were counted (the organisation uses paths and they were read).
    pub(crate) files_counted: bool,
    /// Whether alerts were counted (`coverage.alerts` names a source and they were read).
    pub(crate) alerts_counted: bool,
    /// Selected people who have left (`status: left`), in definition order: they count as
    /// nobody.
    pub(crate) left: Vec<&'a Defined<Person>>,
}

impl Risk<'_> {
    /// The people with something to lose (the others are at the end of `people`).
    pub(crate) fn at_risk(&self) -> &[PersonRisk<'_>] {
        let end = self.people.partition_point(|p| p.duties > 0);
        &self.people[..end]
    }

    /// How many selected people hold no sole role.
    pub(crate) fn without_risk(&self) -> usize {
        self.people.len() - self.at_risk().len()
    }
}

/// Resolves role holders to the people they stand for: person indices into `org.people`,
/// without the people who have left.
struct Resolver<'a> {
    org: &'a Org,
    left: Vec<bool>,
    /// Each team's people (members and lead) who have not left.
    teams: FxHashMap<&'a str, Vec<usize>>,
}

impl<'a> Resolver<'a> {
    fn new(org: &'a Org, on: Date) -> Resolver<'a> {
        let left: Vec<bool> = org
            .people
            .keys()
            .map(|id| org.presence(id, on) == Presence::Left)
            .collect();
        let teams = org
            .teams
            .keys()
            .map(|team| {
                let people = org
                    .people_of(team)
                    .into_iter()
                    .filter_map(|p| org.people.get_index_of(p))
                    .filter(|&i| !left[i])
                    .collect();
                (team.as_str(), people)
            })
            .collect();
        Resolver { org, left, teams }
    }

    /// The people the holders of these roles stand for, sorted, each once.
    fn people(&self, duty: &Duty, roles: &[usize], into: &mut Vec<usize>) {
        into.clear();
        for &role in roles {
            for holder in duty.holders(role) {
                if let Some(i) = self.org.people.get_index_of(&holder.value) {
                    if !self.left[i] {
                        into.push(i);
                    }
                } else if let Some(people) = self.teams.get(holder.value.as_str()) {
                    into.extend(people);
                }
            }
        }
        into.sort_unstable();
        into.dedup();
    }
}

/// The number of things each duty owns, by duty index: files under coverage, and alerts
/// (each definition, with the owner `own report alerts` gives it).
fn owned_per_duty(
    org: &Org,
    (paths, alerts): (Option<&PathCoverage>, Option<&[AlertRow<'_>]>),
) -> (Option<Vec<usize>>, Option<Vec<usize>>) {
    let files = paths.map(|paths| {
        let mut per = vec![0; org.duties.len()];
        for (i, owner) in paths.owners.iter().enumerate() {
            // The files `own report coverage` counts: with `coverage.paths`, the ones it
            // requires; without, every tracked file.
            if paths.enforced && !paths.required.get(i).copied().unwrap_or(false) {
                continue;
            }
            if let Resolution::Owned { pattern } = owner
                && let Some(origin) = paths.patterns.origins.get(*pattern)
                && let Some(n) = per.get_mut(origin.duty)
            {
                *n += 1;
            }
        }
        per
    });
    let alerts = alerts.map(|rows| {
        let mut per = vec![0; org.duties.len()];
        for row in rows {
            if let Some(d) = row.duty.and_then(|id| org.duties.get_index_of(id)) {
                per[d] += 1;
            }
        }
        per
    });
    (files, alerts)
}

/// Key-person risk over the selected duties, with presence as of `on`; files when their
/// coverage was read, alerts when `coverage.alerts` names a source (the rows of
/// [`alerts`](super::alerts), whose owners are already resolved).
pub(crate) fn risk<'a>(
    org: &'a Org,
    selection: &Selection<'a>,
    on: Date,
    owned: (Option<&PathCoverage>, Option<&[AlertRow<'_>]>),
) -> Risk<'a> {
    let resolver = Resolver::new(org, on);
    let (files_of, alerts_of) = owned_per_duty(org, owned);
    let owner = [org.scheme.owner];
    // The roles doing the work, as the escalation chain takes them: never the owner role.
    let doers: Vec<usize> = org
        .scheme
        .doers()
        .into_iter()
        .filter(|&r| r != org.scheme.owner)
        .collect();
    let mut selected = vec![selection.duties.len() == org.duties.len(); org.duties.len()];
    if !selected.first().copied().unwrap_or(true) {
        for duty in &selection.duties {
            if let Some(i) = org.duties.get_index_of(&duty.id) {
                selected[i] = true;
            }
        }
    }

    let n = org.people.len();
    let mut accountable_lost: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut responsible_lost: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut accountable_for = vec![0usize; n];
    let mut directly = vec![0usize; n];
    let mut single: Vec<(usize, usize, bool)> = Vec::new();
    let (mut owners, mut doing) = (Vec::new(), Vec::new());
    for (d, duty) in org.duties.values().enumerate() {
        resolver.people(duty, &owner, &mut owners);
        for &p in &owners {
            accountable_for[p] += 1;
        }
        // As the rule counts: a person named in the owner role (each mention).
        for holder in duty.holders(org.scheme.owner) {
            if let Some(p) = org.people.get_index_of(&holder.value) {
                directly[p] += 1;
            }
        }
        if !selected[d] {
            continue;
        }
        if let [only] = owners[..] {
            accountable_lost[only].push(d);
        }
        // A duty with no responsible at all is already a finding (`own::no-responsible`),
        // not one person's to lose.
        resolver.people(duty, &doers, &mut doing);
        if let [only] = doing[..] {
            responsible_lost[only].push(d);
            single.push((d, only, owners[..] == [only]));
        }
    }

    let duty = |d: usize| &org.duties[d];
    let count = |per: &Option<Vec<usize>>, duties: &[usize]| {
        per.as_ref()
            .map_or(0, |per| duties.iter().map(|&d| per[d]).sum())
    };
    let mut left = Vec::new();
    let mut people: Vec<PersonRisk<'a>> = Vec::new();
    for (p, person) in org.people.values().enumerate() {
        if !selection.shows(&person.id) {
            continue;
        }
        if resolver.left[p] {
            left.push(person);
            continue;
        }
        let (a, r) = (&accountable_lost[p], &responsible_lost[p]);
        // Both lists are in duty order: their union, each duty once.
        let mut union: Vec<usize> = Vec::with_capacity(a.len() + r.len());
        union.extend(a);
        union.extend(r);
        union.sort_unstable();
        union.dedup();
        people.push(PersonRisk {
            person,
            accountable_lost: a.iter().map(|&d| duty(d)).collect(),
            responsible_lost: r.iter().map(|&d| duty(d)).collect(),
            duties: union.len(),
            files: count(&files_of, &union),
            alerts: count(&alerts_of, &union),
            accountable_for: accountable_for[p],
        });
    }
    people.sort_by(|a, b| {
        (b.duties, b.files, b.alerts)
            .cmp(&(a.duties, a.files, a.alerts))
            .then_with(|| a.person.id.cmp(&b.person.id))
    });

    let limit = org
        .manifest
        .policy
        .max_accountable
        .as_ref()
        .map(|m| m.value);
    let mut over_limit: Vec<OverLimit<'a>> = match limit {
        Some(limit) => org
            .people
            .values()
            .zip(accountable_for.iter().zip(directly))
            .filter(|(person, (count, _))| **count > limit as usize && selection.shows(&person.id))
            .map(|(person, (&count, direct))| OverLimit {
                person,
                count,
                direct,
                limit,
            })
            .collect(),
        None => Vec::new(),
    };
    over_limit.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.person.id.cmp(&b.person.id))
    });

    Risk {
        people,
        single_responsible: single
            .into_iter()
            .map(|(d, p, also_accountable)| SingleResponsible {
                duty: duty(d),
                person: &org.people[p],
                also_accountable,
            })
            .collect(),
        limit,
        over_limit,
        files_counted: files_of.is_some(),
        alerts_counted: alerts_of.is_some(),
        left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::testing::{Fixture, TODAY};

    fn risk_of(f: &Fixture, filter: &Filter) -> Vec<(String, usize, usize, usize)> {
        let org = &f.loaded.org;
        let sel = select(org, filter).unwrap();
        let cov = &f.coverage;
        let rows = alerts(org, &cov.alerts);
        let r = risk(
            org,
            &sel,
            Date::parse(TODAY).unwrap(),
            (cov.paths.as_ref(), cov.alerts.enforced.then_some(&rows[..])),
        );
        r.people
            .iter()
            .map(|p| (p.person.id.clone(), p.duties, p.files, p.alerts))
            .collect()
    }

    fn analyse(f: &Fixture) -> Risk<'_> {
        let org = &f.loaded.org;
        let sel = select(org, &Filter::default()).unwrap();
        let rows = alerts(org, &f.coverage.alerts);
        risk(
            org,
            &sel,
            Date::parse(TODAY).unwrap(),
            (
                f.coverage.paths.as_ref(),
                f.coverage.alerts.enforced.then_some(&rows[..]),
            ),
        )
    }

    fn ids<'a>(duties: &[&'a Defined<Duty>]) -> Vec<&'a str> {
        duties.iter().map(|d| d.id.as_str()).collect()
    }

    const TEAMS: &str = "\
policy: { max-accountable: 1 }
people:
  ann: {}
  ben: {}
  cat: { away: [{ from: 2026-11-01, to: 2026-12-31 }] }
  dan: { status: left }
  eve: {}
teams:
  solo: { members: [ann] }
  pair: { lead: ben, members: [cat] }
  gone: { members: [dan, ann] }
duties:
  a1: { accountable: ann, responsible: [solo] }
  a2: { accountable: ann, responsible: [pair] }
  a3: { accountable: ben, responsible: [gone] }
  a4: { accountable: dan, responsible: [ben, dan] }
  a5: { accountable: [ann, ben], responsible: [eve] }
  a6: { accountable: solo }
  a7: { accountable: eve, responsible: [pair, solo] }
";

    #[test]
    fn team_holders_left_people_and_several_accountables() {
        let f = Fixture::new(TEAMS);
        let r = analyse(&f);
        let by = |id: &str| r.people.iter().find(|p| p.person.id == id).unwrap();
        // ann: sole accountable of a1 and a2 (a5 has two), and of a6 through a team of one;
        // last responsible of a1 (solo) and a3 (gone: dan left).
        let ann = by("ann");
        assert_eq!(ids(&ann.accountable_lost), ["a1", "a2", "a6"]);
        assert_eq!(ids(&ann.responsible_lost), ["a1", "a3"]);
        assert_eq!(ann.duties, 4);
        // ben: a3's accountable; a4's last responsible (dan left); a2 and a7 have cat too,
        // away but not gone.
        let ben = by("ben");
        assert_eq!(ids(&ben.accountable_lost), ["a3"]);
        assert_eq!(ids(&ben.responsible_lost), ["a4"]);
        assert_eq!(by("eve").duties, 2);
        assert_eq!(by("cat").duties, 0);
        // a4's accountable left: nobody is left to lose it.
        assert!(
            r.people
                .iter()
                .all(|p| !ids(&p.accountable_lost).contains(&"a4"))
        );
        // Most at risk first; the people with nothing to lose last; the departed not at all.
        let order: Vec<_> = r.people.iter().map(|p| p.person.id.as_str()).collect();
        assert_eq!(order, ["ann", "ben", "eve", "cat"]);
        assert_eq!(
            (r.at_risk().len(), r.without_risk(), r.left.len()),
            (3, 1, 1)
        );
        assert_eq!(ann.accountable_for, 4);
        // a6 has no responsible: not anyone's.
        let single: Vec<_> = r
            .single_responsible
            .iter()
            .map(|s| (s.duty.id.as_str(), s.person.id.as_str(), s.also_accountable))
            .collect();
        assert_eq!(
            single,
            [
                ("a1", "ann", true),
                ("a3", "ann", false),
                ("a4", "ben", false),
                ("a5", "eve", false),
            ]
        );
        // Accountable through a team counts; the limit is 1.
        let over: Vec<_> = r
            .over_limit
            .iter()
            .map(|o| (o.person.id.as_str(), o.count, o.direct, o.limit))
            .collect();
        assert_eq!(over, [("ann", 4, 3, 1), ("ben", 2, 2, 1)]);
        assert!(!r.files_counted);
        assert!(!r.alerts_counted);
    }

    #[test]
    fn files_and_alerts_follow_the_lost_duties() {
        let f = Fixture::files(vec![
            (
                "own.yaml",
                "coverage:\n  alerts:\n    - { files: [alerts.yml], format: list }\npeople:\n  ann: {}\n  ben: {}\nduties:\n  web: { accountable: ann, responsible: [ann, ben], paths: [/web/], alerts: [\"Web*\"] }\n  db: { accountable: ben, responsible: [ann], paths: [/db/] }\n  ops: { accountable: ben, responsible: [ben], alerts: [\"Disk*\"] }\n"
                    .to_owned(),
            ),
            ("alerts.yml", "alerts: [WebDown, WebSlow, DiskFull]\n".to_owned()),
            ("web/a.html", String::new()),
            ("web/b.html", String::new()),
            ("db/schema.sql", String::new()),
        ]);
        let r = analyse(&f);
        assert!(r.files_counted && r.alerts_counted);
        // ann: web (accountable, 2 files, 2 alerts) and db (last responsible, 1 file).
        // ben: db and ops (accountable), 1 file and 1 alert.
        assert_eq!(
            risk_of(&f, &Filter::default()),
            [("ann".into(), 2, 3, 2), ("ben".into(), 2, 1, 1)]
        );
        // A filter narrows the duties; the policy still counts them all.
        let person = Filter {
            people: vec!["ann".into()],
            ..Filter::default()
        };
        let sel = risk_of(&f, &person);
        assert_eq!(sel[0], ("ann".into(), 2, 3, 2));
        assert_eq!(sel[1], ("ben".into(), 1, 1, 0));
    }

    #[test]
    fn a_custom_scheme_loses_its_owner_and_doer_roles() {
        // DACI: the approver owns, the driver does the work.
        let f = Fixture::new(
            "scheme:\n  roles:\n    driver: { min: 1, max: 1, person: true }\n    approver: { min: 1, max: 1, person: true, accountable: true }\n    informed: {}\npeople:\n  d: {}\n  a: {}\nduties:\n  x: { driver: d, approver: a, informed: [d] }\n",
        );
        let r = analyse(&f);
        let lost: Vec<_> = r
            .people
            .iter()
            .map(|p| {
                (
                    p.person.id.as_str(),
                    ids(&p.accountable_lost),
                    ids(&p.responsible_lost),
                )
            })
            .collect();
        assert_eq!(lost, [("a", vec!["x"], vec![]), ("d", vec![], vec!["x"])]);
        // A DRI scheme has no doer role apart from its owner: nothing rests on a responsible.
        let f = Fixture::new(
            "scheme:\n  roles:\n    dri: { min: 1, max: 1, person: true, accountable: true }\n    informed: {}\npeople:\n  a: {}\nduties:\n  x: { dri: a }\n",
        );
        let r = analyse(&f);
        assert_eq!(ids(&r.people[0].accountable_lost), ["x"]);
        assert!(r.people[0].responsible_lost.is_empty());
        assert!(r.single_responsible.is_empty());
        assert_eq!(r.limit, None);
    }
}
