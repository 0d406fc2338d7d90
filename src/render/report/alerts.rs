//! `own report alerts` for the terminal, Markdown and CSV: every alert and detection, its
//! source, owning duty, and where it is routed (JSON is `render::json::report`'s, the HTML
//! section `html`'s).

use std::io::{self, Write};

use comfy_table::Cell;

use super::{ReportView, csv_row};
use crate::render::text::{self, Look};
use crate::report::AlertRow;

/// `team-db-pager (database-ops)`, each receiver the alert reaches; empty without routing.
pub(crate) fn receivers_text(row: &AlertRow<'_>) -> String {
    row.routes
        .iter()
        .map(|r| match r.duties.as_slice() {
            [] => format!("{} (no duty)", r.receiver),
            duties => format!("{} ({})", r.receiver, duties.join(", ")),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The matchers that led to each receiver: `team="db"`, or `default route`.
pub(crate) fn route_text(row: &AlertRow<'_>) -> String {
    row.routes
        .iter()
        .map(|r| {
            if r.matchers.is_empty() {
                "default route".to_owned()
            } else {
                r.matchers.join(", ")
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `owned`, `unowned`, `misrouted` or `routed`: the row's verdict.
pub(crate) fn status(row: &AlertRow<'_>) -> &'static str {
    match (row.duty, row.reaches_owner()) {
        (None, _) => "unowned",
        (Some(_), Some(false)) => "misrouted",
        (Some(_), Some(true)) => "routed",
        (Some(_), None) => "owned",
    }
}

pub(super) fn alerts_table(
    view: &ReportView<'_>,
    look: &Look,
    out: &mut dyn Write,
) -> io::Result<()> {
    if view.alerts.is_empty() {
        return writeln!(
            out,
            "no alerts: `coverage.alerts` in own.yaml names no source, or the sources define none"
        );
    }
    let mut table = look.table();
    table.set_header(vec![
        "alert",
        "format",
        "defined in",
        "duty",
        "routed to",
        "status",
    ]);
    for row in &view.alerts {
        let state = status(row);
        let state = match state {
            "unowned" | "misrouted" => look.role(0, state),
            other => other.to_owned(),
        };
        table.add_row(vec![
            Cell::new(text::one_line(&row.def.name)),
            Cell::new(row.def.format.as_str()),
            Cell::new(view.at(row.def.loc)),
            Cell::new(row.duty.unwrap_or("—")),
            Cell::new(text::one_line(&receivers_text(row))),
            Cell::new(state),
        ]);
    }
    for line in text::table_lines(&table) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

pub(super) fn alerts_markdown(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    if view.alerts.is_empty() {
        return writeln!(
            out,
            "No alerts: `coverage.alerts` names no source, or the sources define none."
        );
    }
    writeln!(
        out,
        "| Alert | Format | Defined in | Duty | Routed to | Route | Status |\n| --- | --- | --- | --- | --- | --- | --- |"
    )?;
    for row in &view.alerts {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            text::md_code(&row.def.name),
            row.def.format.as_str(),
            text::md_code(&view.at(row.def.loc)),
            row.duty.map_or("—".to_owned(), text::md_code),
            text::md(&receivers_text(row)),
            text::md_code(&route_text(row)),
            status(row)
        )?;
    }
    Ok(())
}

pub(super) fn alerts_csv(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    csv_row(
        out,
        &[
            "alert",
            "id",
            "format",
            "defined_in",
            "duty",
            "receivers",
            "route",
            "status",
        ]
        .map(str::to_owned),
    )?;
    for row in &view.alerts {
        csv_row(
            out,
            &[
                row.def.name.clone(),
                row.def.id.clone().unwrap_or_default(),
                row.def.format.as_str().to_owned(),
                view.at(row.def.loc),
                row.duty.unwrap_or_default().to_owned(),
                receivers_text(row),
                route_text(row),
                status(row).to_owned(),
            ],
        )?;
    }
    Ok(())
}
