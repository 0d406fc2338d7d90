//! The formats of `own report` for the terminal (table), Markdown and CSV, one file each;
//! JSON is `render::json::report`'s and the HTML page `html`'s.
//!
//! A matrix wider than the terminal is split into column groups printed one after the
//! other, each repeating the duty column (wrapping keeps duty ids and holder ids readable and
//! horizontal; a transposed matrix would only move the problem to the duty ids).

pub(crate) mod alerts;
mod csv;
mod markdown;
mod operations;
pub(crate) mod risk;
mod table;

pub(crate) use crate::render::json::report::json;
pub(crate) use csv::csv;
pub(crate) use csv::csv_row;
pub(crate) use markdown::markdown;
pub(crate) use markdown::md_stamp;
pub(crate) use table::coverage_figures;
pub(crate) use table::table;

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, ColumnConstraint};

use super::text::{self, Look};
use crate::model::org::Defined;
use crate::model::{Absence, Date, Delegation, Handoff, Org};
use crate::query::Named;
use crate::report::{
    Coverage, DelegationStatus, Filter, Kind, Matrix, PersonLoad, Review, Through,
};
use crate::source::{Loc, Sources};
use crate::workspace::Stamp;

pub(crate) use operations::{delegation_status_text, review_status_text};

/// Everything a report shows, computed once for whichever format.
pub(crate) struct ReportView<'a> {
    pub(crate) org: &'a Org,
    /// The files the organisation (and the alert sources) were read from.
    pub(crate) sources: &'a Sources,
    pub(crate) kind: Kind,
    pub(crate) filter: &'a Filter,
    pub(crate) today: Date,
    pub(crate) reviews: Vec<Review<'a>>,
    pub(crate) delegations: Vec<(&'a Defined<Delegation>, DelegationStatus)>,
    /// The matrix code of each role, by role index.
    pub(crate) letters: Vec<String>,
    pub(crate) matrix: Matrix<'a>,
    /// The roles held through teams on the matrix's rows (HTML only: the page shows them).
    pub(crate) through: Option<Through<'a>>,
    pub(crate) people: Vec<PersonLoad<'a>>,
    pub(crate) coverage: Coverage<'a>,
    /// Key-person risk (files and alerts counted when coverage was read).
    pub(crate) risk: crate::report::Risk<'a>,
    /// Every alert of the sources (read for `alerts`, `coverage` and the HTML page).
    pub(crate) alerts: Vec<crate::report::AlertRow<'a>>,
    /// Per alert source: alerts owned and routed.
    pub(crate) alert_sources: Vec<crate::report::SourceCounts>,
    /// The ownership root's folder name, for titles.
    pub(crate) root_name: String,
    /// What the files were read from (HTML, Markdown and JSON; `None` for the others).
    pub(crate) stamp: Option<Stamp>,
}

impl ReportView<'_> {
    pub(crate) fn role_name(&self, role: usize) -> &str {
        self.org
            .scheme
            .roles
            .get(role)
            .map_or("?", |r| r.name.as_str())
    }

    /// `A/R`: the codes of the roles in one cell.
    pub(crate) fn cell(&self, roles: &[usize]) -> String {
        roles
            .iter()
            .map(|&r| self.letters.get(r).map_or("?", String::as_str))
            .collect::<Vec<_>>()
            .join("/")
    }

    /// `file:line:column` of a place in a source file.
    pub(crate) fn at(&self, loc: Loc) -> String {
        let file = self.sources.get(loc.file);
        let lc = file.line_col(loc.span.start);
        format!("{}:{}:{}", file.name, lc.line, lc.column)
    }

    /// The ids holding the owner role of a duty.
    pub(crate) fn accountable<'d>(&self, duty: &'d crate::model::Duty) -> Vec<&'d str> {
        duty.holders(self.org.scheme.owner)
            .map(|h| h.value.as_str())
            .collect()
    }

    /// `A accountable · R responsible · …`.
    pub(crate) fn legend(&self) -> String {
        self.letters
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{l} {}", self.role_name(i)))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

fn percent(part: usize, whole: usize) -> String {
    (part * 100)
        .checked_div(whole)
        .map_or("—".to_owned(), |p| format!("{p}%"))
}

/// `to 1 · by 2` (delegations asked of them, and by them).
fn delegations_text(load: &PersonLoad<'_>) -> String {
    let mut parts = Vec::new();
    if !load.delegated_to.is_empty() {
        parts.push(format!("to {}", load.delegated_to.len()));
    }
    if !load.delegated_by.is_empty() {
        parts.push(format!("by {}", load.delegated_by.len()));
    }
    parts.join(" · ")
}

pub(super) fn team_ids<'a>(load: &PersonLoad<'a>) -> Vec<&'a str> {
    load.teams.iter().map(|t| t.id.as_str()).collect()
}

/// `2027-02-01 to 2027-02-19`, or `from 2027-02-01`.
fn handoff_dates(h: &Handoff) -> String {
    match (&h.from_date, &h.to_date) {
        (Some(from), Some(to)) => format!("{} to {}", from.value, to.value),
        (Some(from), None) => format!("from {}", from.value),
        (None, Some(to)) => format!("until {}", to.value),
        (None, None) => "open-ended".to_owned(),
    }
}

/// One line per handoff not yet over: `to diego, 2027-02-01 to 2027-02-19` (given) or
/// `from tomas, …` (taken).
pub(crate) fn handoff_lines(load: &PersonLoad<'_>) -> Vec<String> {
    let given = load
        .handoffs_given
        .iter()
        .map(|h| format!("to {}, {}", h.to.value, handoff_dates(h)));
    let taken = load
        .handoffs_taken
        .iter()
        .map(|h| format!("from {}, {}", h.from.value, handoff_dates(h)));
    given.chain(taken).collect()
}

/// `2026-12-20 to 2027-01-04`.
pub(crate) fn away_text(a: &Absence) -> String {
    format!("{} to {}", a.from.value, a.to.value)
}

/// At most `limit` items, then `and N more`.
fn truncated(items: &[String], limit: usize) -> Vec<String> {
    let mut shown: Vec<String> = items.iter().take(limit).cloned().collect();
    if items.len() > limit {
        shown.push(format!("and {} more", items.len() - limit));
    }
    shown
}

/// How many items of a gap list a table cell shows; past this many unowned files, they
/// are listed below the figures.
pub(crate) const CELL_ITEMS: usize = 8;
/// How many unowned files the table and Markdown list (CSV and JSON list them all).
const LISTED_FILES: usize = 20;
