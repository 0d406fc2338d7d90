//! The data of `own report`: the responsibility matrix, each person's load, coverage (duties
//! nobody does, people and teams holding nothing, files and alert types no duty owns),
//! key-person risk, reviews and delegations, over a selection of duties.
//!
//! Built in one pass over the duties with an index from holder id to roles, so that it stays
//! linear on large organisations. Formatting is `render::report`'s and `render::html`'s job.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::alerts::AlertDef;
use crate::error::{Error, Result};
use crate::model::org::Defined;
use crate::model::{Absence, Date, Delegation, Duty, Handoff, Moment, Org, Person, Spanned, Team};
use crate::paths::{PathCoverage, Resolution};
use crate::query::{self, Named};

mod alerts;
mod coverage;
mod reviews;
mod risk;

pub(crate) use alerts::{AlertRow, SourceCounts, alerts, source_counts};

pub(crate) use coverage::{Coverage, FileRow, coverage, files};
pub(crate) use reviews::{
    DUE_SOON_DAYS, DelegationStatus, Review, ReviewStatus, delegations, reviews,
};
pub(crate) use risk::{OverLimit, PersonRisk, Risk, risk};

/// What `own report` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Kind {
    /// Duties × people and teams, with the role letters in the cells.
    Matrix,
    /// Each person's load: duties per role, accountable for, teams, delegations, handoffs and
    /// absences.
    People,
    /// Duties without a responsible or accountable, people and teams without a role, files
    /// and alert types no duty owns, path patterns that match nothing.
    Coverage,
    /// Key-person risk: what each person's departure would leave without an accountable or
    /// a responsible, duties resting on one person, and people over
    /// `policy.max-accountable`.
    Risk,
    /// Each duty's last review and when the next is due (`policy.review-every`).
    Reviews,
    /// Delegated work: overdue, open and done.
    Delegations,
    /// Every alert and detection: its source and format, owning duty, and where it is
    /// routed.
    Alerts,
}

impl Kind {
    /// Every kind, in the order the HTML page shows them after the one asked for.
    pub(crate) const ALL: [Kind; 7] = [
        Kind::Matrix,
        Kind::People,
        Kind::Coverage,
        Kind::Risk,
        Kind::Reviews,
        Kind::Delegations,
        Kind::Alerts,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Matrix => "matrix",
            Kind::People => "people",
            Kind::Coverage => "coverage",
            Kind::Risk => "risk",
            Kind::Reviews => "reviews",
            Kind::Delegations => "delegations",
            Kind::Alerts => "alerts",
        }
    }
}

/// Which duties (rows) and which people and teams (columns) a report covers.
#[derive(Clone, Debug, Default)]
pub(crate) struct Filter {
    /// Duties where one of these teams, or its lead or members, hold a role; columns (and the
    /// people listed) limited to those teams, their leads and members.
    pub(crate) teams: Vec<String>,
    /// Duties carrying one of these tags.
    pub(crate) tags: Vec<String>,
    /// Duties where one of these people hold a role, directly or through a team.
    pub(crate) people: Vec<String>,
}

/// The selected duties and, with `--team`, the people and teams a report may show.
pub(crate) struct Selection<'a> {
    pub(crate) duties: Vec<&'a Defined<Duty>>,
    /// `None`: everyone.
    pub(crate) holders: Option<FxHashSet<&'a str>>,
}

impl Filter {
    pub(crate) fn is_empty(&self) -> bool {
        self.teams.is_empty() && self.tags.is_empty() && self.people.is_empty()
    }

    /// `team soc, tag siem`.
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (noun, list) in [
            ("team", &self.teams),
            ("tag", &self.tags),
            ("person", &self.people),
        ] {
            if !list.is_empty() {
                parts.push(format!("{noun} {}", list.join(" or ")));
            }
        }
        parts.join(", ")
    }
}

impl Selection<'_> {
    fn shows(&self, id: &str) -> bool {
        self.holders.as_ref().is_none_or(|h| h.contains(id))
    }
}

/// Apply a filter. An unknown team, person or tag is a usage error with the nearest name.
pub(crate) fn select<'a>(org: &'a Org, filter: &Filter) -> Result<Selection<'a>> {
    for team in &filter.teams {
        if !org.teams.contains_key(team) {
            return Err(unknown("team", team, org.teams.keys()));
        }
    }
    for person in &filter.people {
        if !org.people.contains_key(person) {
            return Err(unknown("person", person, org.people.keys()));
        }
    }
    if !filter.tags.is_empty() {
        let tags: FxHashSet<&str> = org
            .duties
            .values()
            .flat_map(|d| d.fields.tags.iter().map(|t| t.value.as_str()))
            .collect();
        if let Some(tag) = filter.tags.iter().find(|t| !tags.contains(t.as_str())) {
            let mut sorted: Vec<&str> = tags.into_iter().collect();
            sorted.sort_unstable();
            return Err(Error::Usage {
                message: format!("no duty is tagged `{tag}`"),
                help: Some(match crate::suggest::best(tag, sorted) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "`own report matrix` shows every duty; see their `tags:`".into(),
                }),
            });
        }
    }

    // The people and teams whose roles select a duty.
    let mut team_people: FxHashSet<&str> = FxHashSet::default();
    for id in &filter.teams {
        if let Some(team) = org.teams.get(id) {
            team_people.insert(&team.id);
            team_people.extend(team.lead.iter().map(|l| l.value.as_str()));
            team_people.extend(team.members.iter().map(|m| m.value.as_str()));
        }
    }
    let mut person_holders: FxHashSet<&str> = FxHashSet::default();
    for id in &filter.people {
        if let Some(person) = org.people.get_key_value(id) {
            person_holders.insert(person.0);
            for m in query::memberships(org, id) {
                person_holders.insert(&m.team.id);
            }
        }
    }
    let holds = |duty: &Duty, set: &FxHashSet<&str>| {
        duty.roles
            .iter()
            .flat_map(|a| &a.holders)
            .any(|h| set.contains(h.value.as_str()))
    };
    let duties = org
        .duties
        .values()
        .filter(|d| {
            filter.tags.is_empty() || d.fields.tags.iter().any(|t| filter.tags.contains(&t.value))
        })
        .filter(|d| filter.teams.is_empty() || holds(d, &team_people))
        .filter(|d| filter.people.is_empty() || holds(d, &person_holders))
        .collect();
    Ok(Selection {
        duties,
        holders: (!filter.teams.is_empty()).then_some(team_people),
    })
}

fn unknown<'a>(kind: &str, id: &str, ids: impl Iterator<Item = &'a String>) -> Error {
    let near = crate::suggest::best(id, ids.map(String::as_str));
    Error::Usage {
        message: format!("no {kind} named `{id}`"),
        help: Some(match near {
            Some(near) => format!("did you mean `{near}`?"),
            None => "`own report people` lists every person; teams are in the matrix".to_owned(),
        }),
    }
}

/// A column of the matrix: a team or a person (or an id that names neither).
pub(crate) struct Column<'a> {
    pub(crate) holder: Named<'a>,
}

/// A row of the matrix: a duty and its non-empty cells.
pub(crate) struct Row<'a> {
    pub(crate) duty: &'a Defined<Duty>,
    /// `(column, role indices)`, by column; a holder with two roles has both.
    pub(crate) cells: Vec<(usize, Vec<usize>)>,
}

/// Duties × people and teams, with the roles in the cells.
pub(crate) struct Matrix<'a> {
    pub(crate) columns: Vec<Column<'a>>,
    pub(crate) rows: Vec<Row<'a>>,
}

impl Matrix<'_> {
    /// Past this many cells (about 20 MB of HTML) a dense table is no longer something a
    /// person reads or a browser shows: the table, Markdown and HTML formats ask for a
    /// filter instead. CSV and JSON have no limit.
    pub(crate) const MAX_READABLE_CELLS: usize = 1_000_000;

    pub(crate) fn cells(&self) -> usize {
        self.rows.len().saturating_mul(self.columns.len())
    }

    pub(crate) fn is_readable(&self) -> bool {
        self.cells() <= Self::MAX_READABLE_CELLS
    }

    /// Why the matrix is not shown, and what to do.
    pub(crate) fn too_large(&self) -> (String, &'static str) {
        (
            format!(
                "the matrix has {} duties × {} people and teams ({} cells), too many to read as a table",
                self.rows.len(),
                self.columns.len(),
                self.cells()
            ),
            "narrow it with --team, --tag or --person, or use --format csv or json",
        )
    }
}

/// The matrix of the selected duties. Columns are the teams, then the people, in definition
/// order, that hold a role on a selected duty (and are selected); then ids that name
/// nobody.
pub(crate) fn matrix<'a>(org: &'a Org, selection: &Selection<'a>) -> Matrix<'a> {
    let mut used: FxHashSet<&'a str> = FxHashSet::default();
    let mut undefined: Vec<&'a str> = Vec::new();
    for &duty in &selection.duties {
        for a in &duty.roles {
            for h in &a.holders {
                if selection.shows(&h.value)
                    && used.insert(h.value.as_str())
                    && org.holder(&h.value).is_none()
                {
                    undefined.push(&h.value);
                }
            }
        }
    }
    let mut columns: Vec<Column<'a>> = Vec::new();
    columns.extend(
        org.teams
            .values()
            .filter(|t| used.contains(t.id.as_str()))
            .map(|t| Column {
                holder: Named::Team(t),
            }),
    );
    columns.extend(
        org.people
            .values()
            .filter(|p| used.contains(p.id.as_str()))
            .map(|p| Column {
                holder: Named::Person(p),
            }),
    );
    undefined.sort_unstable();
    columns.extend(undefined.into_iter().map(|id| Column {
        holder: Named::Undefined(id),
    }));
    let index: FxHashMap<&str, usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.holder.id(), i))
        .collect();
    let rows = selection
        .duties
        .iter()
        .map(|&duty| {
            let mut cells: Vec<(usize, Vec<usize>)> = Vec::new();
            for a in &duty.roles {
                for h in &a.holders {
                    let Some(&col) = index.get(h.value.as_str()) else {
                        continue;
                    };
                    match cells.iter_mut().find(|(c, _)| *c == col) {
                        Some((_, roles)) if !roles.contains(&a.role) => roles.push(a.role),
                        Some(_) => {}
                        None => cells.push((col, vec![a.role])),
                    }
                }
            }
            for (_, roles) in &mut cells {
                roles.sort_unstable();
            }
            cells.sort_unstable_by_key(|(c, _)| *c);
            Row { duty, cells }
        })
        .collect();
    Matrix { columns, rows }
}

/// The roles people hold on the matrix's duties through a team they lead or belong to, as
/// `own who PERSON` and `--person` count them. The HTML page shows them beside the roles
/// held directly, so that its filter finds a person by the duties of their teams.
pub(crate) struct Through<'a> {
    /// The people who hold a role on a selected duty only through a team (and are
    /// selected), in definition order: columns after the matrix's own.
    pub(crate) columns: Vec<Column<'a>>,
    /// Per row of the matrix: `(column, [(role, team)])`, by column, where a column indexes
    /// the matrix's columns followed by `columns`. A role the person also holds directly on
    /// the duty is left out.
    pub(crate) rows: Vec<Vec<ThroughCell<'a>>>,
}

/// A matrix cell's roles held through teams: the column, and each role with its team.
pub(crate) type ThroughCell<'a> = (usize, Vec<(usize, &'a Defined<Team>)>);

/// The roles held through teams on the rows of `matrix`.
pub(crate) fn through_teams<'a>(
    org: &'a Org,
    selection: &Selection<'a>,
    matrix: &Matrix<'a>,
) -> Through<'a> {
    // Each team's people: its lead, then its members, once each.
    let people_of = |team: &'a Defined<Team>| {
        let mut people: Vec<&'a str> = Vec::new();
        for id in team.lead.iter().chain(&team.members) {
            if !people.contains(&id.value.as_str()) && org.people.contains_key(&id.value) {
                people.push(&id.value);
            }
        }
        people
    };
    let mut index: FxHashMap<&str, usize> = matrix
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.holder.id(), i))
        .collect();
    // The people who need a column of their own, found in one pass; ordered below.
    let mut extra: FxHashSet<&'a str> = FxHashSet::default();
    let mut found: Vec<Vec<(&'a str, usize, &'a Defined<Team>)>> = Vec::new();
    for row in &matrix.rows {
        let mut held = Vec::new();
        for a in &row.duty.roles {
            for h in &a.holders {
                let Some(team) = org.teams.get(&h.value) else {
                    continue;
                };
                for person in people_of(team) {
                    let direct = a.holders.iter().any(|x| x.value == person);
                    if direct || !selection.shows(person) {
                        continue;
                    }
                    if !index.contains_key(person) {
                        extra.insert(person);
                    }
                    held.push((person, a.role, team));
                }
            }
        }
        found.push(held);
    }
    let columns: Vec<Column<'a>> = org
        .people
        .values()
        .filter(|p| extra.contains(p.id.as_str()))
        .map(|p| Column {
            holder: Named::Person(p),
        })
        .collect();
    for (i, c) in columns.iter().enumerate() {
        index.insert(c.holder.id(), matrix.columns.len() + i);
    }
    let rows = found
        .into_iter()
        .map(|held| {
            let mut cells: Vec<ThroughCell<'a>> = Vec::new();
            for (person, role, team) in held {
                let Some(&col) = index.get(person) else {
                    continue;
                };
                match cells.iter_mut().find(|(c, _)| *c == col) {
                    Some((_, roles)) if !roles.iter().any(|(r, _)| *r == role) => {
                        roles.push((role, team));
                    }
                    Some(_) => {}
                    None => cells.push((col, vec![(role, team)])),
                }
            }
            for (_, roles) in &mut cells {
                roles.sort_by_key(|(r, _)| *r);
            }
            cells.sort_by_key(|(c, _)| *c);
            cells
        })
        .collect();
    Through { columns, rows }
}

/// One person's load over the selected duties.
pub(crate) struct PersonLoad<'a> {
    pub(crate) person: &'a Defined<Person>,
    /// Duties per role, by role index (directly or through a team; once per duty and role).
    pub(crate) counts: Vec<usize>,
    /// Distinct duties and roles held: the sort key.
    pub(crate) total: usize,
    /// Duties this person is accountable for (the owner role).
    pub(crate) accountable: Vec<&'a str>,
    pub(crate) teams: Vec<&'a Defined<Team>>,
    pub(crate) delegated_by: Vec<&'a Defined<Delegation>>,
    pub(crate) delegated_to: Vec<&'a Defined<Delegation>>,
    /// Handoffs this person gives that have not ended by the date.
    pub(crate) handoffs_given: Vec<&'a Defined<Handoff>>,
    /// Handoffs this person receives that have not ended by the date.
    pub(crate) handoffs_taken: Vec<&'a Defined<Handoff>>,
    /// `away:` periods that have not ended by the date.
    pub(crate) away: Vec<&'a Absence>,
}

/// Each selected person's load, most loaded first, then by id; handoffs and absences as of a
/// date (those over by then are left out).
pub(crate) fn people<'a>(org: &'a Org, selection: &Selection<'a>, on: Date) -> Vec<PersonLoad<'a>> {
    // Holder id → (duty position in the selection, role), one pass over the duties.
    let mut roles_of: FxHashMap<&str, Vec<(usize, usize)>> = FxHashMap::default();
    for (i, duty) in selection.duties.iter().enumerate() {
        for a in &duty.roles {
            for h in &a.holders {
                roles_of.entry(&h.value).or_default().push((i, a.role));
            }
        }
    }
    let mut teams_of: FxHashMap<&str, Vec<&Defined<Team>>> = FxHashMap::default();
    for team in org.teams.values() {
        let mut people: Vec<&str> = team.members.iter().map(|m| m.value.as_str()).collect();
        people.extend(team.lead.iter().map(|l| l.value.as_str()));
        people.sort_unstable();
        people.dedup();
        for person in people {
            teams_of.entry(person).or_default().push(team);
        }
    }
    let mut delegated_by: FxHashMap<&str, Vec<&Defined<Delegation>>> = FxHashMap::default();
    let mut delegated_to: FxHashMap<&str, Vec<&Defined<Delegation>>> = FxHashMap::default();
    for d in org.delegations.values().filter(|d| query::is_open(d)) {
        delegated_by.entry(&d.from.value).or_default().push(d);
        delegated_to.entry(&d.to.value).or_default().push(d);
    }
    let mut given: FxHashMap<&str, Vec<&Defined<Handoff>>> = FxHashMap::default();
    let mut taken: FxHashMap<&str, Vec<&Defined<Handoff>>> = FxHashMap::default();
    for h in org.handoffs.values() {
        if h.to_date.as_ref().is_none_or(|d| d.value >= on) {
            given.entry(&h.from.value).or_default().push(h);
            taken.entry(&h.to.value).or_default().push(h);
        }
    }
    let owner = org.scheme.owner;
    let mut loads: Vec<PersonLoad<'a>> = org
        .people
        .values()
        .filter(|p| selection.shows(&p.id))
        .map(|person| {
            let teams = teams_of.remove(person.id.as_str()).unwrap_or_default();
            let mut held: Vec<(usize, usize)> = Vec::new();
            for id in std::iter::once(person.id.as_str()).chain(teams.iter().map(|t| &*t.id)) {
                held.extend(roles_of.get(id).into_iter().flatten());
            }
            held.sort_unstable();
            held.dedup();
            let mut counts = vec![0; org.scheme.roles.len()];
            for &(_, role) in &held {
                counts[role] += 1;
            }
            let accountable = roles_of
                .get(person.id.as_str())
                .into_iter()
                .flatten()
                .filter(|(_, role)| *role == owner)
                .map(|&(i, _)| selection.duties[i].id.as_str())
                .collect();
            PersonLoad {
                person,
                total: held.len(),
                counts,
                accountable,
                teams,
                delegated_by: delegated_by.remove(person.id.as_str()).unwrap_or_default(),
                delegated_to: delegated_to.remove(person.id.as_str()).unwrap_or_default(),
                handoffs_given: given.remove(person.id.as_str()).unwrap_or_default(),
                handoffs_taken: taken.remove(person.id.as_str()).unwrap_or_default(),
                away: person.away.iter().filter(|a| a.to.value >= on).collect(),
            }
        })
        .collect();
    loads.sort_by(|a, b| {
        b.total
            .cmp(&a.total)
            .then_with(|| a.person.id.cmp(&b.person.id))
    });
    loads
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::testing::Fixture;

    const ORG: &str = "\
people:
  carol: { name: Carol Ito }
  alice: { name: Alice Ng }
  bob: { name: Bob Diaz }
  zoe: { name: Zoe Idle }
teams:
  soc: { lead: carol, members: [alice, bob] }
  empty: { members: [zoe] }
duties:
  triage: { accountable: carol, responsible: [soc, alice], tags: [siem] }
  patching: { accountable: bob, consulted: [carol, bob], tags: [ops] }
delegations:
  d1: { duty: patching, from: bob, to: alice, expect: x, due: 2026-12-01, report-to: bob }
";

    #[test]
    fn matrix_has_team_then_people_columns_and_merged_cells() {
        let f = Fixture::new(ORG);
        let org = &f.loaded.org;
        let sel = select(org, &Filter::default()).unwrap();
        let m = matrix(org, &sel);
        let cols: Vec<_> = m.columns.iter().map(|c| c.holder.id()).collect();
        assert_eq!(cols, ["soc", "carol", "alice", "bob"]);
        // bob is accountable and consulted on patching: one cell, both roles.
        assert_eq!(m.rows[1].cells, [(1, vec![2]), (3, vec![0, 2])]);
    }

    #[test]
    fn filters_select_rows_and_columns() {
        let f = Fixture::new(ORG);
        let org = &f.loaded.org;
        let only = |filter: Filter| {
            let sel = select(org, &filter).unwrap();
            sel.duties.iter().map(|d| d.id.clone()).collect::<Vec<_>>()
        };
        let tag = Filter {
            tags: vec!["ops".into()],
            ..Filter::default()
        };
        assert_eq!(only(tag), ["patching"]);
        // alice is in soc: triage is hers through the team and directly.
        let person = Filter {
            people: vec!["alice".into()],
            ..Filter::default()
        };
        assert_eq!(only(person), ["triage"]);
        let team = Filter {
            teams: vec!["empty".into()],
            ..Filter::default()
        };
        assert!(only(team).is_empty());
        let typo = Filter {
            teams: vec!["sco".into()],
            ..Filter::default()
        };
        let err = select(org, &typo).err().map(|e| e.help_text());
        assert_eq!(err, Some(Some("did you mean `soc`?".into())));
    }

    #[test]
    fn people_are_sorted_by_load_and_coverage_finds_gaps() {
        let f = Fixture::new(ORG);
        let org = &f.loaded.org;
        let sel = select(org, &Filter::default()).unwrap();
        let loads = people(org, &sel, Date::parse("2026-11-29").unwrap());
        let order: Vec<_> = loads
            .iter()
            .map(|l| (l.person.id.as_str(), l.total))
            .collect();
        // carol: A triage, R triage (lead of soc), C patching; alice R triage once.
        assert_eq!(order, [("bob", 3), ("carol", 3), ("alice", 1), ("zoe", 0)]);
        let carol = &loads[1];
        assert_eq!(carol.counts, [1, 1, 1, 0]);
        assert_eq!(carol.accountable, ["triage"]);
        assert_eq!(loads[0].delegated_by.len(), 1);
        let cov = coverage(org, &sel, &loads, (None, None));
        let ids = |v: &[&Defined<Duty>]| v.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&cov.no_responsible), ["patching"]);
        assert!(cov.no_accountable.is_empty());
        assert_eq!(cov.idle_people.len(), 1);
        assert_eq!(cov.idle_teams.len(), 1);
        assert_eq!(cov.idle_teams[0].id, "empty");
    }
}
