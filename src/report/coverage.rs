//! What must be owned and is not: duties nobody does, people and teams holding nothing, files
//! and alert types no duty owns; and every file with its owner (`own report files`).

use super::*;

/// What is not covered: duties nobody does or owns, people and teams holding nothing.
pub(crate) struct Coverage<'a> {
    pub(crate) duties: usize,
    /// Duties whose doer roles (`responsible`) are empty.
    pub(crate) no_responsible: Vec<&'a Defined<Duty>>,
    /// Duties with no holder of the owner role.
    pub(crate) no_accountable: Vec<&'a Defined<Duty>>,
    pub(crate) people: usize,
    /// People holding no role on a selected duty, directly or through a team.
    pub(crate) idle_people: Vec<&'a Defined<Person>>,
    pub(crate) teams: usize,
    /// Teams holding no role on a selected duty.
    pub(crate) idle_teams: Vec<&'a Defined<Team>>,
    /// Tracked files and their owners, when the organisation uses paths (for the whole
    /// organisation: filters select duties, not files).
    pub(crate) files: Option<FileCoverage<'a>>,
    /// Alert types from the `coverage.alerts` sources, when there are any.
    pub(crate) alerts: Option<AlertTypes<'a>>,
}

/// A duty's path pattern.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PatternRef<'a> {
    pub(crate) duty: &'a Defined<Duty>,
    pub(crate) pattern: &'a Spanned<String>,
}

/// Which tracked files a duty owns.
#[derive(Debug)]
pub(crate) struct FileCoverage<'a> {
    /// Whether `coverage.paths` asks for files to be owned (else every tracked file counts,
    /// for information).
    pub(crate) enforced: bool,
    /// Files under coverage.
    pub(crate) total: usize,
    /// Files under coverage that exactly one duty owns.
    pub(crate) owned: usize,
    /// Repository paths of the files under coverage that no duty owns, sorted.
    pub(crate) unowned: Vec<String>,
    /// Repository paths that equally specific patterns of two or more duties claim, with
    /// those duties.
    pub(crate) conflicts: Vec<(String, Vec<&'a str>)>,
    /// How many valid path patterns the duties have.
    pub(crate) patterns: usize,
    /// Patterns that match no tracked file.
    pub(crate) dead: Vec<PatternRef<'a>>,
}

/// Which alert types a duty owns.
#[derive(Debug)]
pub(crate) struct AlertTypes<'a> {
    /// Distinct alert names defined in the sources.
    pub(crate) total: usize,
    pub(crate) owned: usize,
    /// The first definition of each alert name no duty's pattern matches, by name.
    pub(crate) unowned: Vec<&'a AlertDef>,
}

/// File ownership as the report shows it.
pub(crate) fn file_coverage<'a>(org: &'a Org, paths: &'a PathCoverage) -> FileCoverage<'a> {
    let duty = |index: usize| org.duties.get_index(index).map(|(_, d)| d);
    let mut total = 0;
    let mut owned = 0;
    let mut unowned = Vec::new();
    let mut conflicts = Vec::new();
    for (i, path) in paths.files.iter().enumerate() {
        if paths.enforced && !paths.required.get(i).copied().unwrap_or(false) {
            continue;
        }
        total += 1;
        match paths.owners.get(i) {
            Some(Resolution::Owned { .. }) => owned += 1,
            Some(Resolution::Conflict { patterns }) => {
                let mut duties: Vec<&str> = patterns
                    .iter()
                    .filter_map(|&p| duty(paths.patterns.set.owner(p)))
                    .map(|d| d.id.as_str())
                    .collect();
                duties.dedup();
                conflicts.push((paths.repo_path(path), duties));
            }
            _ => unowned.push(paths.repo_path(path)),
        }
    }
    let dead = paths
        .dead
        .iter()
        .filter_map(|&p| {
            let origin = paths.patterns.origins.get(p)?;
            let duty = duty(origin.duty)?;
            Some(PatternRef {
                duty,
                pattern: duty.fields.paths.get(origin.index)?,
            })
        })
        .collect();
    FileCoverage {
        enforced: paths.enforced,
        total,
        owned,
        unowned,
        conflicts,
        patterns: paths.patterns.set.len(),
        dead,
    }
}

/// Alert ownership as the report shows it: each alert name once, owned when its first
/// definition is (the rows of [`alerts`](super::alerts), whose owners are resolved once).
pub(crate) fn alert_types<'a>(rows: &[AlertRow<'a>]) -> AlertTypes<'a> {
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let mut total = 0;
    let mut owned = 0;
    let mut unowned: Vec<&AlertDef> = Vec::new();
    for row in rows {
        if !seen.insert(&row.def.name) {
            continue;
        }
        total += 1;
        if row.duty.is_some() {
            owned += 1;
        } else {
            unowned.push(row.def);
        }
    }
    unowned.sort_by(|a, b| a.name.cmp(&b.name));
    AlertTypes {
        total,
        owned,
        unowned,
    }
}

pub(crate) fn coverage<'a>(
    org: &'a Org,
    selection: &Selection<'a>,
    loads: &[PersonLoad<'a>],
    // The alert rows when `coverage.alerts` names a source.
    owned: (Option<&'a PathCoverage>, Option<&[AlertRow<'a>]>),
) -> Coverage<'a> {
    let doers = org.scheme.doers();
    let owner = org.scheme.owner;
    let mut holding_teams: FxHashSet<&str> = FxHashSet::default();
    for duty in &selection.duties {
        for a in &duty.roles {
            for h in &a.holders {
                holding_teams.insert(&h.value);
            }
        }
    }
    let teams: Vec<&Defined<Team>> = org
        .teams
        .values()
        .filter(|t| selection.shows(&t.id))
        .collect();
    Coverage {
        duties: selection.duties.len(),
        no_responsible: selection
            .duties
            .iter()
            .copied()
            .filter(|d| doers.iter().all(|&r| d.holders(r).next().is_none()))
            .collect(),
        no_accountable: selection
            .duties
            .iter()
            .copied()
            .filter(|d| d.holders(owner).next().is_none())
            .collect(),
        people: loads.len(),
        idle_people: {
            let mut idle: Vec<_> = loads
                .iter()
                .filter(|l| l.total == 0)
                .map(|l| l.person)
                .collect();
            // In definition order, like the teams.
            idle.sort_by_key(|p| org.people.get_index_of(&p.id));
            idle
        },
        teams: teams.len(),
        idle_teams: teams
            .into_iter()
            .filter(|t| !holding_teams.contains(t.id.as_str()))
            .collect(),
        files: owned.0.map(|paths| file_coverage(org, paths)),
        alerts: owned.1.map(|rows| alert_types(rows)),
    }
}

/// One file under coverage and who owns it (`own report files`).
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct FileRow<'a> {
    /// Relative to the ownership root.
    pub(crate) path: &'a str,
    /// The owning duty; `null` when no pattern matches, or when equally specific patterns
    /// of several duties do (`conflicting` lists them).
    pub(crate) duty: Option<&'a str>,
    /// The winning pattern, as written in the duty's `paths:`.
    pub(crate) pattern: Option<&'a str>,
    /// The duty's accountable (its owner role's holders).
    pub(crate) accountable: Vec<&'a str>,
    /// The duty's `responsible` holders (empty under a scheme without that role).
    pub(crate) responsible: Vec<&'a str>,
    /// The duties whose equally specific patterns all claim the file.
    pub(crate) conflicting: Vec<&'a str>,
    /// Whether `coverage.paths` requires the file to be owned.
    pub(crate) required: bool,
}

/// Every tracked file under coverage with its owning duty, winning pattern, accountable and
/// responsible, in path order; with `unowned`, only the files no duty owns.
pub(crate) fn files<'a>(org: &'a Org, paths: &'a PathCoverage, unowned: bool) -> Vec<FileRow<'a>> {
    let owner_role = org.scheme.owner;
    let responsible = org.scheme.role("responsible");
    let duty_of = |pattern: usize| {
        let origin = paths.patterns.origins[pattern];
        org.duties.get_index(origin.duty).map(|(_, d)| d)
    };
    let holders = |duty: &'a Defined<Duty>, role: Option<usize>| -> Vec<&'a str> {
        role.map(|r| duty.holders(r).map(|h| h.value.as_str()).collect())
            .unwrap_or_default()
    };
    paths
        .files
        .iter()
        .zip(&paths.owners)
        .zip(&paths.required)
        .filter(|((_, owner), _)| !unowned || matches!(owner, Resolution::Unowned))
        .map(|((path, owner), &required)| {
            let mut row = FileRow {
                path,
                duty: None,
                pattern: None,
                accountable: Vec::new(),
                responsible: Vec::new(),
                conflicting: Vec::new(),
                required,
            };
            match owner {
                Resolution::Unowned => {}
                Resolution::Owned { pattern } => {
                    if let Some(duty) = duty_of(*pattern) {
                        row.duty = Some(duty.id.as_str());
                        row.pattern = Some(paths.patterns.raw(org, *pattern).value.as_str());
                        row.accountable = holders(duty, Some(owner_role));
                        row.responsible = holders(duty, responsible);
                    }
                }
                Resolution::Conflict { patterns } => {
                    let mut duties: Vec<&str> = patterns
                        .iter()
                        .filter_map(|&p| duty_of(p).map(|d| d.id.as_str()))
                        .collect();
                    duties.dedup();
                    row.conflicting = duties;
                }
            }
            row
        })
        .collect()
}
