//! `own report --format json`: the matrix, each person's load, coverage, key-person risk,
//! reviews and delegations, each after the report's date, stamp, filter and roles.

use std::io::{self, Write};

use serde::Serialize;

use super::{DelegationJson, JsonMap, Period, ReadFrom};
use crate::model::Delegation;
use crate::model::org::Defined;
use crate::render::report::{ReportView, team_ids};
use crate::report::{DUE_SOON_DAYS, DelegationStatus, Kind};
use crate::source::Loc;

#[derive(Serialize)]
struct RoleJson<'a> {
    name: &'a str,
    letter: &'a str,
}

#[derive(Serialize)]
struct FilterJson<'a> {
    teams: &'a [String],
    tags: &'a [String],
    people: &'a [String],
}

#[derive(Serialize)]
struct Head<'a, T> {
    date: String,
    #[serde(flatten)]
    read_from: ReadFrom<'a>,
    filter: FilterJson<'a>,
    roles: Vec<RoleJson<'a>>,
    #[serde(flatten)]
    body: T,
}

#[derive(Serialize)]
struct ColumnJson<'a> {
    id: &'a str,
    kind: &'static str,
    name: Option<&'a str>,
}

#[derive(Serialize)]
struct RowJson<'a> {
    duty: &'a str,
    title: Option<&'a str>,
    /// Holder id → role names.
    cells: JsonMap<&'a str, Vec<&'a str>>,
}

#[derive(Serialize)]
struct MatrixJson<'a> {
    columns: Vec<ColumnJson<'a>>,
    rows: Vec<RowJson<'a>>,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    id: &'a str,
    name: Option<&'a str>,
    load: JsonMap<&'a str, usize>,
    total: usize,
    accountable_for: &'a [&'a str],
    teams: Vec<&'a str>,
    delegated_to: Vec<&'a str>,
    delegated_by: Vec<&'a str>,
    /// Handoffs given and taken that have not ended by the date.
    handoffs_given: Vec<&'a str>,
    handoffs_taken: Vec<&'a str>,
    /// `away:` periods that have not ended by the date.
    away: Vec<Period<'a>>,
}

#[derive(Serialize)]
struct PeopleJson<'a> {
    people: Vec<PersonJson<'a>>,
}

#[derive(Serialize)]
struct CoverageJson<'a> {
    duties: DutyCoverageJson<'a>,
    people: PeopleGapJson<'a>,
    teams: TeamGapJson<'a>,
    /// `null` when no duty has `paths:` and `coverage.paths` is not set.
    files: Option<FilesJson<'a>>,
    /// `null` when `coverage.alerts` names no source.
    alerts: Option<AlertsJson<'a>>,
}

#[derive(Serialize)]
struct FilesJson<'a> {
    /// Whether `coverage.paths` asks for the files to be owned.
    enforced: bool,
    total: usize,
    owned: usize,
    /// Repository paths, sorted.
    unowned: &'a [String],
    conflicts: Vec<ConflictJson<'a>>,
    patterns: usize,
    dead_patterns: Vec<PatternJson<'a>>,
}

#[derive(Serialize)]
struct ConflictJson<'a> {
    path: &'a str,
    duties: &'a [&'a str],
}

/// A path pattern and where it is written.
#[derive(Serialize)]
struct PatternJson<'a> {
    duty: &'a str,
    pattern: &'a str,
    file: String,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct AlertsJson<'a> {
    total: usize,
    owned: usize,
    unowned: Vec<AlertJson>,
    /// Per `coverage.alerts` source: alerts read, owned, routed, and routed to their owner.
    sources: &'a [crate::report::SourceCounts],
}

/// `own report risk`.
#[derive(Serialize)]
struct RiskJson<'a> {
    /// `policy.max-accountable`, or `null`.
    max_accountable: Option<u32>,
    /// Everyone selected who has not left, most at risk first (zero risk last).
    people: Vec<PersonRiskJson<'a>>,
    single_responsible: Vec<SingleResponsibleJson<'a>>,
    over_limit: Vec<OverLimitJson<'a>>,
    /// People selected who have left (`status: left`): they count as nobody.
    left: Vec<&'a str>,
}

#[derive(Serialize)]
struct PersonRiskJson<'a> {
    person: &'a str,
    name: Option<&'a str>,
    /// Distinct duties that would lose their accountable or last responsible.
    duties: usize,
    /// Files under coverage those duties own; `null` when the organisation uses no paths.
    files: Option<usize>,
    /// Alerts those duties own; `null` when `coverage.alerts` names no source.
    alerts: Option<usize>,
    accountable_lost: Vec<&'a str>,
    responsible_lost: Vec<&'a str>,
    /// Duties of the organisation the person is accountable for, directly or through a team.
    accountable_for: usize,
}

#[derive(Serialize)]
struct SingleResponsibleJson<'a> {
    duty: &'a str,
    person: &'a str,
    also_accountable: bool,
}

#[derive(Serialize)]
struct OverLimitJson<'a> {
    person: &'a str,
    /// Duties accountable for, directly or through a team.
    count: usize,
    /// Of those, the duties naming the person (what `own::max-accountable` counts).
    direct: usize,
    limit: u32,
}

fn risk_json<'a>(view: &'a ReportView<'_>) -> RiskJson<'a> {
    let risk = &view.risk;
    let ids = |duties: &[&'a Defined<crate::model::Duty>]| -> Vec<&'a str> {
        duties.iter().map(|d| d.id.as_str()).collect()
    };
    RiskJson {
        max_accountable: risk.limit,
        people: risk
            .people
            .iter()
            .map(|p| PersonRiskJson {
                person: &p.person.id,
                name: p.person.name.as_ref().map(|n| n.value.as_str()),
                duties: p.duties,
                files: risk.files_counted.then_some(p.files),
                alerts: risk.alerts_counted.then_some(p.alerts),
                accountable_lost: ids(&p.accountable_lost),
                responsible_lost: ids(&p.responsible_lost),
                accountable_for: p.accountable_for,
            })
            .collect(),
        single_responsible: risk
            .single_responsible
            .iter()
            .map(|s| SingleResponsibleJson {
                duty: &s.duty.id,
                person: &s.person.id,
                also_accountable: s.also_accountable,
            })
            .collect(),
        over_limit: risk
            .over_limit
            .iter()
            .map(|o| OverLimitJson {
                person: &o.person.id,
                count: o.count,
                direct: o.direct,
                limit: o.limit,
            })
            .collect(),
        left: risk.left.iter().map(|p| p.id.as_str()).collect(),
    }
}

/// `own report alerts`: every alert with its place, owner and routes.
#[derive(Serialize)]
struct AlertListJson<'a> {
    alerts: Vec<AlertRowJson<'a>>,
}

#[derive(Serialize)]
struct AlertRowJson<'a> {
    alert: &'a str,
    id: Option<&'a str>,
    format: &'static str,
    /// The source's index in `coverage.alerts`.
    source: usize,
    file: String,
    line: usize,
    column: usize,
    duty: Option<&'a str>,
    receivers: Vec<RouteRowJson<'a>>,
    /// `owned`, `unowned`, `routed` (to its owner) or `misrouted`.
    status: &'static str,
}

#[derive(Serialize)]
struct RouteRowJson<'a> {
    receiver: &'a str,
    duties: &'a [&'a str],
    matchers: &'a [String],
}

/// An alert and where it is defined.
#[derive(Serialize)]
struct AlertJson {
    alert: String,
    file: String,
    line: usize,
    column: usize,
}

fn placed(view: &ReportView<'_>, loc: Loc) -> (String, usize, usize) {
    let file = view.sources.get(loc.file);
    let lc = file.line_col(loc.span.start);
    (file.name.clone(), lc.line, lc.column)
}

#[derive(Serialize)]
struct DutyCoverageJson<'a> {
    total: usize,
    without_responsible: Vec<&'a str>,
    without_accountable: Vec<&'a str>,
}

#[derive(Serialize)]
struct PeopleGapJson<'a> {
    total: usize,
    without_role: Vec<&'a str>,
}

#[derive(Serialize)]
struct TeamGapJson<'a> {
    total: usize,
    without_duty: Vec<&'a str>,
}

pub(crate) fn json(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    let roles = view
        .letters
        .iter()
        .enumerate()
        .map(|(i, l)| RoleJson {
            name: view.role_name(i),
            letter: l,
        })
        .collect();
    match view.kind {
        Kind::Matrix => {
            let m = &view.matrix;
            envelope(
                view,
                out,
                roles,
                MatrixJson {
                    columns: m
                        .columns
                        .iter()
                        .map(|c| ColumnJson {
                            id: c.holder.id(),
                            kind: c.holder.kind(),
                            name: c.holder.name(),
                        })
                        .collect(),
                    rows: m
                        .rows
                        .iter()
                        .map(|r| RowJson {
                            duty: &r.duty.id,
                            title: r.duty.title(),
                            cells: JsonMap(
                                r.cells
                                    .iter()
                                    .map(|(col, roles)| {
                                        (
                                            m.columns[*col].holder.id(),
                                            roles.iter().map(|&r| view.role_name(r)).collect(),
                                        )
                                    })
                                    .collect(),
                            ),
                        })
                        .collect(),
                },
            )
        }
        Kind::People => envelope(
            view,
            out,
            roles,
            PeopleJson {
                people: view
                    .people
                    .iter()
                    .map(|l| PersonJson {
                        id: &l.person.id,
                        name: l.person.name.as_ref().map(|n| n.value.as_str()),
                        load: JsonMap(
                            l.counts
                                .iter()
                                .enumerate()
                                .map(|(r, n)| (view.role_name(r), *n))
                                .collect(),
                        ),
                        total: l.total,
                        accountable_for: &l.accountable,
                        teams: team_ids(l),
                        delegated_to: l.delegated_to.iter().map(|d| d.id.as_str()).collect(),
                        delegated_by: l.delegated_by.iter().map(|d| d.id.as_str()).collect(),
                        handoffs_given: l.handoffs_given.iter().map(|h| h.id.as_str()).collect(),
                        handoffs_taken: l.handoffs_taken.iter().map(|h| h.id.as_str()).collect(),
                        away: l.away.iter().map(|a| Period::of(a)).collect(),
                    })
                    .collect(),
            },
        ),
        Kind::Coverage => {
            let c = &view.coverage;
            envelope(
                view,
                out,
                roles,
                CoverageJson {
                    duties: DutyCoverageJson {
                        total: c.duties,
                        without_responsible: c
                            .no_responsible
                            .iter()
                            .map(|d| d.id.as_str())
                            .collect(),
                        without_accountable: c
                            .no_accountable
                            .iter()
                            .map(|d| d.id.as_str())
                            .collect(),
                    },
                    people: PeopleGapJson {
                        total: c.people,
                        without_role: c.idle_people.iter().map(|p| p.id.as_str()).collect(),
                    },
                    teams: TeamGapJson {
                        total: c.teams,
                        without_duty: c.idle_teams.iter().map(|t| t.id.as_str()).collect(),
                    },
                    files: c.files.as_ref().map(|f| FilesJson {
                        enforced: f.enforced,
                        total: f.total,
                        owned: f.owned,
                        unowned: &f.unowned,
                        conflicts: f
                            .conflicts
                            .iter()
                            .map(|(path, duties)| ConflictJson { path, duties })
                            .collect(),
                        patterns: f.patterns,
                        dead_patterns: f
                            .dead
                            .iter()
                            .map(|p| {
                                let (file, line, column) = placed(view, p.duty.at(p.pattern.span));
                                PatternJson {
                                    duty: &p.duty.id,
                                    pattern: &p.pattern.value,
                                    file,
                                    line,
                                    column,
                                }
                            })
                            .collect(),
                    }),
                    alerts: c.alerts.as_ref().map(|a| AlertsJson {
                        total: a.total,
                        owned: a.owned,
                        unowned: a
                            .unowned
                            .iter()
                            .map(|d| {
                                let (file, line, column) = placed(view, d.loc);
                                AlertJson {
                                    alert: d.name.clone(),
                                    file,
                                    line,
                                    column,
                                }
                            })
                            .collect(),
                        sources: &view.alert_sources,
                    }),
                },
            )
        }
        Kind::Alerts => envelope(
            view,
            out,
            roles,
            AlertListJson {
                alerts: view
                    .alerts
                    .iter()
                    .map(|row| {
                        let (file, line, column) = placed(view, row.def.loc);
                        AlertRowJson {
                            alert: &row.def.name,
                            id: row.def.id.as_deref(),
                            format: row.def.format.as_str(),
                            source: row.def.source,
                            file,
                            line,
                            column,
                            duty: row.duty,
                            receivers: row
                                .routes
                                .iter()
                                .map(|r| RouteRowJson {
                                    receiver: &r.receiver,
                                    duties: &r.duties,
                                    matchers: &r.matchers,
                                })
                                .collect(),
                            status: crate::render::report::alerts::status(row),
                        }
                    })
                    .collect(),
            },
        ),
        Kind::Risk => envelope(view, out, roles, risk_json(view)),
        Kind::Reviews => envelope(view, out, roles, reviews_json(view)),
        Kind::Delegations => envelope(view, out, roles, delegations_json(view)),
    }
}

fn envelope<T: Serialize>(
    view: &ReportView<'_>,
    out: &mut dyn Write,
    roles: Vec<RoleJson<'_>>,
    body: T,
) -> io::Result<()> {
    let head = Head {
        date: view.today.to_string(),
        read_from: ReadFrom::of(view.stamp.as_ref()),
        filter: FilterJson {
            teams: &view.filter.teams,
            tags: &view.filter.tags,
            people: &view.filter.people,
        },
        roles,
        body,
    };
    super::write(out, Some(view.kind.as_str()), head)
}

// ---- reviews and delegations ----------------------------------------------------------

#[derive(Serialize)]
struct ReviewsJson<'a> {
    /// `policy.review-every` (`180d`), or `null`.
    review_every: Option<String>,
    due_soon_days: i64,
    reviews: Vec<ReviewJson<'a>>,
}

#[derive(Serialize)]
struct ReviewJson<'a> {
    duty: &'a str,
    title: Option<&'a str>,
    accountable: Vec<&'a str>,
    reviewed: Option<String>,
    due: Option<String>,
    /// `never`, `stale`, `due-soon` or `ok`.
    status: &'static str,
    /// Days from the date to the due date; negative when overdue.
    days: Option<i64>,
}

fn reviews_json<'a>(view: &'a ReportView<'_>) -> ReviewsJson<'a> {
    ReviewsJson {
        review_every: view
            .org
            .manifest
            .policy
            .review_every
            .as_ref()
            .map(|e| e.value.to_string()),
        due_soon_days: DUE_SOON_DAYS,
        reviews: view
            .reviews
            .iter()
            .map(|r| ReviewJson {
                duty: &r.duty.id,
                title: r.duty.title(),
                accountable: view.accountable(r.duty),
                reviewed: r.reviewed.map(|d| d.to_string()),
                due: r.due.map(|d| d.to_string()),
                status: r.status.as_str(),
                days: r.days,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct DelegationsJson<'a> {
    delegations: Vec<DelegationJson<'a>>,
}

fn delegation_json(d: &Defined<Delegation>, status: DelegationStatus) -> DelegationJson<'_> {
    DelegationJson {
        status: Some(status.as_str()),
        ..DelegationJson::new(d, status)
    }
}

fn delegations_json<'a>(view: &'a ReportView<'_>) -> DelegationsJson<'a> {
    DelegationsJson {
        delegations: view
            .delegations
            .iter()
            .map(|(d, s)| delegation_json(d, *s))
            .collect(),
    }
}
