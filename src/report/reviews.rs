//! Reviews and delegations as they stand on the report's date.

use super::*;

/// How a duty's review stands on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReviewStatus {
    /// Never reviewed (no `reviewed:` date).
    Never,
    /// The next review was due before the date (`own::stale-review`).
    Stale,
    /// Due within [`DUE_SOON_DAYS`].
    DueSoon,
    Ok,
}

/// How far ahead a review counts as due soon.
pub(crate) const DUE_SOON_DAYS: i64 = 30;

impl ReviewStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Never => "never",
            ReviewStatus::Stale => "stale",
            ReviewStatus::DueSoon => "due-soon",
            ReviewStatus::Ok => "ok",
        }
    }
}

/// One duty's review.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Review<'a> {
    pub(crate) duty: &'a Defined<Duty>,
    pub(crate) reviewed: Option<Date>,
    /// `reviewed` plus `policy.review-every`.
    pub(crate) due: Option<Date>,
    pub(crate) status: ReviewStatus,
    /// Days from the date to the due date: negative when overdue.
    pub(crate) days: Option<i64>,
}

/// Each selected duty's review as of a date, most overdue first: never reviewed, then by due
/// date (then by last review, and id). Without `policy.review-every` nothing is due; only
/// duties never reviewed stand out.
pub(crate) fn reviews<'a>(org: &'a Org, selection: &Selection<'a>, on: Date) -> Vec<Review<'a>> {
    let every = org.manifest.policy.review_every.as_ref().map(|e| e.value);
    let mut reviews: Vec<Review<'a>> = selection
        .duties
        .iter()
        .map(|&duty| {
            let reviewed = duty.fields.reviewed.as_ref().map(|r| r.value);
            let due = reviewed.zip(every).map(|(r, e)| r.plus(e));
            let days = due.map(|d| on.days_until(d));
            let status = match (reviewed, days) {
                (None, _) => ReviewStatus::Never,
                (Some(_), Some(d)) if d < 0 => ReviewStatus::Stale,
                (Some(_), Some(d)) if d <= DUE_SOON_DAYS => ReviewStatus::DueSoon,
                (Some(_), _) => ReviewStatus::Ok,
            };
            Review {
                duty,
                reviewed,
                due,
                status,
                days,
            }
        })
        .collect();
    reviews.sort_by(|a, b| {
        (
            a.reviewed.is_some(),
            a.due.is_none(),
            a.due,
            a.reviewed,
            &a.duty.id,
        )
            .cmp(&(
                b.reviewed.is_some(),
                b.due.is_none(),
                b.due,
                b.reviewed,
                &b.duty.id,
            ))
    });
    reviews
}

/// Where a delegation stands at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum DelegationStatus {
    /// Open and past its due moment (`own::delegation-overdue`).
    Overdue,
    Open,
    Done,
}

impl DelegationStatus {
    /// Where a delegation stands at a moment.
    pub(crate) fn of(delegation: &Delegation, now: Moment) -> DelegationStatus {
        if !query::is_open(delegation) {
            DelegationStatus::Done
        } else if query::is_overdue(delegation, now) {
            DelegationStatus::Overdue
        } else {
            DelegationStatus::Open
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DelegationStatus::Overdue => "overdue",
            DelegationStatus::Open => "open",
            DelegationStatus::Done => "done",
        }
    }
}

/// The delegations of the selected duties at a moment: overdue, then open, then done, each
/// by due moment (none last), then id.
pub(crate) fn delegations<'a>(
    org: &'a Org,
    selection: &Selection<'a>,
    now: Moment,
) -> Vec<(&'a Defined<Delegation>, DelegationStatus)> {
    let selected: FxHashSet<&str> = selection.duties.iter().map(|d| d.id.as_str()).collect();
    let mut rows: Vec<(&'a Defined<Delegation>, DelegationStatus)> = org
        .delegations
        .values()
        .filter(|d| selected.contains(d.duty.value.as_str()))
        .map(|d| (d, DelegationStatus::of(d, now)))
        .collect();
    let due = |d: &Delegation| d.due.as_ref().map(|m| m.value);
    rows.sort_by(|(a, sa), (b, sb)| {
        (sa, due(a).is_none(), due(a), &a.id).cmp(&(sb, due(b).is_none(), due(b), &b.id))
    });
    rows
}
