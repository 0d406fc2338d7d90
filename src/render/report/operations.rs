//! `own report reviews` and `own report delegations` for the terminal, Markdown and CSV
//! (JSON is `render::json::report`'s, the HTML sections `html`'s, with the same status
//! texts).

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, ColumnConstraint};

use super::{ReportView, csv_row};
use crate::render::text::{self, Look};
use crate::report::{DUE_SOON_DAYS, DelegationStatus, Review, ReviewStatus};

/// `stale (12 days overdue)`, `due in 5 days`, `never reviewed`, `ok`.
pub(crate) fn review_status_text(r: &Review<'_>) -> String {
    let days = |n: i64| {
        if n == 1 {
            "1 day".to_owned()
        } else {
            format!("{n} days")
        }
    };
    match (r.status, r.days) {
        (ReviewStatus::Never, _) => "never reviewed".to_owned(),
        (ReviewStatus::Stale, Some(d)) => format!("stale ({} overdue)", days(-d)),
        (ReviewStatus::Stale, None) => "stale".to_owned(),
        (ReviewStatus::DueSoon, Some(0)) => "due today".to_owned(),
        (ReviewStatus::DueSoon, Some(d)) => format!("due in {}", days(d)),
        (ReviewStatus::DueSoon, None) => "due soon".to_owned(),
        (ReviewStatus::Ok, _) => "ok".to_owned(),
    }
}

/// `overdue`, `open` or `done`.
pub(crate) fn delegation_status_text(status: DelegationStatus) -> &'static str {
    status.as_str()
}

/// What the reviews are measured against.
fn policy_line(view: &ReportView<'_>) -> String {
    match &view.org.manifest.policy.review_every {
        Some(every) => format!(
            "reviews are due every {} (policy.review-every); due soon: within {DUE_SOON_DAYS} days of {}",
            every.value, view.today
        ),
        None => {
            "no policy.review-every: reviews are never due, only missing ones stand out".to_owned()
        }
    }
}

fn date_text(date: Option<crate::model::Date>) -> String {
    date.map_or("—".to_owned(), |d| d.to_string())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---- table -------------------------------------------------------------------------------

pub(super) fn reviews_table(
    view: &ReportView<'_>,
    look: &Look,
    out: &mut dyn Write,
) -> io::Result<()> {
    if view.reviews.is_empty() {
        return writeln!(out, "no duties");
    }
    let mut table = look.table();
    table.set_header(vec!["duty", "accountable", "reviewed", "due", "status"]);
    for r in &view.reviews {
        let status = review_status_text(r);
        let status = match r.status {
            ReviewStatus::Never | ReviewStatus::Stale => look.role(0, &status),
            ReviewStatus::DueSoon => look.role(2, &status),
            ReviewStatus::Ok => status,
        };
        table.add_row(vec![
            Cell::new(&r.duty.id),
            Cell::new(view.accountable(r.duty).join(", ")),
            Cell::new(date_text(r.reviewed)),
            Cell::new(date_text(r.due)),
            Cell::new(status),
        ]);
    }
    for line in text::table_lines(&table) {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", look.dim(&policy_line(view)))
}

pub(super) fn delegations_table(
    view: &ReportView<'_>,
    look: &Look,
    out: &mut dyn Write,
) -> io::Result<()> {
    if view.delegations.is_empty() {
        return writeln!(out, "no delegations");
    }
    let mut table = look.table();
    table.set_header(vec!["delegation", "duty", "from → to", "due", "status"]);
    for (d, status) in &view.delegations {
        let status_text = match status {
            DelegationStatus::Overdue => look.role(0, status.as_str()),
            _ => status.as_str().to_owned(),
        };
        table.add_row(vec![
            Cell::new(&d.id),
            Cell::new(&d.duty.value),
            Cell::new(format!("{} → {}", d.from.value, d.to.value)),
            // As written in YAML (`2026-12-15T17:00`): one word.
            Cell::new(
                d.due
                    .as_ref()
                    .map_or("—".to_owned(), |m| m.value.to_string().replace(' ', "T")),
            ),
            Cell::new(status_text).set_alignment(CellAlignment::Left),
        ]);
    }
    // Ids and dates never break.
    if look.width.is_some() {
        for index in 0..4 {
            if let Some(column) = table.column_mut(index) {
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
    }
    for line in text::table_lines(&table) {
        writeln!(out, "{line}")?;
    }
    // Whom to report to and what is expected, below the table: sentences read badly in a
    // narrow column.
    writeln!(out)?;
    for (d, _) in &view.delegations {
        let report_to = d
            .report_to
            .as_ref()
            .map_or("nobody to report to".to_owned(), |r| {
                format!("report to {}", r.value)
            });
        let expect = d
            .expect
            .as_ref()
            .map_or("no expectation written".to_owned(), |e| {
                format!("“{}”", one_line(&e.value))
            });
        writeln!(
            out,
            "{} {report_to}; {expect}",
            look.bold(&format!("{}:", d.id))
        )?;
    }
    let count = |s: DelegationStatus| view.delegations.iter().filter(|(_, x)| *x == s).count();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        look.dim(&format!(
            "{} overdue, {} open, {} done as of {}",
            count(DelegationStatus::Overdue),
            count(DelegationStatus::Open),
            count(DelegationStatus::Done),
            view.today
        ))
    )
}

// ---- Markdown ----------------------------------------------------------------------------

pub(super) fn reviews_markdown(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "| Duty | Accountable | Reviewed | Due | Status |\n| --- | --- | --- | --- | --- |"
    )?;
    for r in &view.reviews {
        let accountable: Vec<String> = view
            .accountable(r.duty)
            .iter()
            .map(|a| text::md_code(a))
            .collect();
        let status = review_status_text(r);
        let status = match r.status {
            ReviewStatus::Never | ReviewStatus::Stale => format!("**{status}**"),
            _ => status,
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {status} |",
            text::md_code(&r.duty.id),
            accountable.join(", "),
            date_text(r.reviewed),
            date_text(r.due),
        )?;
    }
    writeln!(out, "\n{}.", text::md(&policy_line(view)))
}

pub(super) fn delegations_markdown(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    if view.delegations.is_empty() {
        return writeln!(out, "No delegations.");
    }
    writeln!(
        out,
        "| Delegation | Duty | From | To | Due | Report to | Status | Expect |\n| --- | --- | --- | --- | --- | --- | --- | --- |"
    )?;
    for (d, status) in &view.delegations {
        let status = match status {
            DelegationStatus::Overdue => "**overdue**",
            other => other.as_str(),
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {status} | {} |",
            text::md_code(&d.id),
            text::md_code(&d.duty.value),
            text::md_code(&d.from.value),
            text::md_code(&d.to.value),
            d.due
                .as_ref()
                .map_or("—".to_owned(), |m| m.value.to_string()),
            d.report_to
                .as_ref()
                .map_or("—".to_owned(), |r| text::md_code(&r.value)),
            d.expect
                .as_ref()
                .map_or("—".to_owned(), |e| text::md(&one_line(&e.value))),
        )?;
    }
    Ok(())
}

// ---- CSV ---------------------------------------------------------------------------------

pub(super) fn reviews_csv(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    csv_row(
        out,
        &[
            "duty",
            "title",
            "accountable",
            "reviewed",
            "due",
            "status",
            "days",
        ]
        .map(str::to_owned),
    )?;
    let opt = |d: Option<crate::model::Date>| d.map_or(String::new(), |d| d.to_string());
    for r in &view.reviews {
        csv_row(
            out,
            &[
                r.duty.id.clone(),
                r.duty
                    .fields
                    .title
                    .as_ref()
                    .map_or(String::new(), |t| t.value.clone()),
                view.accountable(r.duty).join(";"),
                opt(r.reviewed),
                opt(r.due),
                r.status.as_str().to_owned(),
                r.days.map_or(String::new(), |d| d.to_string()),
            ],
        )?;
    }
    Ok(())
}

pub(super) fn delegations_csv(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    csv_row(
        out,
        &[
            "delegation",
            "duty",
            "from",
            "to",
            "expect",
            "due",
            "report_to",
            "status",
        ]
        .map(str::to_owned),
    )?;
    for (d, status) in &view.delegations {
        csv_row(
            out,
            &[
                d.id.clone(),
                d.duty.value.clone(),
                d.from.value.clone(),
                d.to.value.clone(),
                d.expect
                    .as_ref()
                    .map_or(String::new(), |e| one_line(&e.value)),
                d.due
                    .as_ref()
                    .map_or(String::new(), |m| m.value.to_string().replace(' ', "T")),
                d.report_to
                    .as_ref()
                    .map_or(String::new(), |r| r.value.clone()),
                status.as_str().to_owned(),
            ],
        )?;
    }
    Ok(())
}
