//! The formats of `own report` for the terminal (table), Markdown, CSV and JSON; the HTML
//! page is `html`'s.
//!
//! A matrix wider than the terminal is split into column groups printed one after the
//! other, each repeating the duty column (wrapping keeps duty ids and holder ids readable and
//! horizontal; a transposed matrix would only move the problem to the duty ids).

mod operations;

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, ColumnConstraint};
use serde::Serialize;

use super::text::{self, JsonMap, Look};
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

fn team_ids<'a>(load: &PersonLoad<'a>) -> Vec<&'a str> {
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

// ---- table -------------------------------------------------------------------------------

pub(crate) fn table(view: &ReportView<'_>, look: &Look, out: &mut dyn Write) -> io::Result<()> {
    if !view.filter.is_empty() {
        writeln!(
            out,
            "{}",
            look.dim(&format!("filter: {}", view.filter.describe()))
        )?;
    }
    match view.kind {
        Kind::Matrix => matrix_table(view, look, out),
        Kind::People => people_table(view, look, out),
        Kind::Coverage => coverage_table(view, look, out),
        Kind::Reviews => operations::reviews_table(view, look, out),
        Kind::Delegations => operations::delegations_table(view, look, out),
    }
}

fn matrix_table(view: &ReportView<'_>, look: &Look, out: &mut dyn Write) -> io::Result<()> {
    let m = &view.matrix;
    if m.rows.is_empty() {
        return writeln!(out, "no duties");
    }
    let width = |s: &str| s.chars().count();
    let duty_width = m
        .rows
        .iter()
        .map(|r| width(&r.duty.id))
        .max()
        .unwrap_or(0)
        .max(4);
    // Each column is as wide as its id or its widest cell.
    let mut col_widths: Vec<usize> = m.columns.iter().map(|c| width(c.holder.id())).collect();
    let cells: Vec<Vec<(usize, String)>> = m
        .rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|(col, roles)| (*col, view.cell(roles)))
                .collect()
        })
        .collect();
    for row in &cells {
        for (col, text) in row {
            col_widths[*col] = col_widths[*col].max(width(text));
        }
    }
    const GAP: usize = 2;
    // Greedy groups of columns that fit next to the duty column.
    let limit = view_width(look);
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut used = duty_width;
    for (i, w) in col_widths.iter().enumerate() {
        if i > start && used + GAP + w > limit {
            groups.push(start..i);
            start = i;
            used = duty_width;
        }
        used += GAP + w;
    }
    groups.push(start..col_widths.len());
    let total = m.columns.len();
    for (g, range) in groups.iter().enumerate() {
        if g > 0 {
            writeln!(out)?;
        }
        if groups.len() > 1 {
            writeln!(
                out,
                "{}",
                look.dim(&format!(
                    "columns {}–{} of {total}",
                    range.start + 1,
                    range.end
                ))
            )?;
        }
        let mut header = format!("{:duty_width$}", "duty");
        for col in range.clone() {
            let id = m.columns[col].holder.id();
            header.push_str(&" ".repeat(GAP));
            header.push_str(&format!("{id:^w$}", w = col_widths[col]));
        }
        writeln!(out, "{}", look.bold(header.trim_end()))?;
        let rule_width = duty_width + range.clone().map(|c| GAP + col_widths[c]).sum::<usize>();
        writeln!(out, "{}", "─".repeat(rule_width))?;
        for (row, row_cells) in m.rows.iter().zip(&cells) {
            let mut line = format!("{:duty_width$}", row.duty.id);
            let mut pending = String::new();
            for col in range.clone() {
                let w = col_widths[col];
                pending.push_str(&" ".repeat(GAP));
                match row_cells.iter().find(|(c, _)| *c == col) {
                    Some((_, code)) => {
                        let first_role = row
                            .cells
                            .iter()
                            .find(|(c, _)| *c == col)
                            .and_then(|(_, roles)| roles.first().copied())
                            .unwrap_or(0);
                        let pad = w.saturating_sub(width(code));
                        let left = pad / 2;
                        line.push_str(&pending);
                        pending.clear();
                        line.push_str(&" ".repeat(left));
                        line.push_str(&look.role(first_role, code));
                        pending.push_str(&" ".repeat(pad - left));
                    }
                    None => {
                        let dot = "·";
                        let pad = w.saturating_sub(1);
                        pending.push_str(&" ".repeat(pad / 2));
                        line.push_str(&pending);
                        pending.clear();
                        line.push_str(&look.dim(dot));
                        pending.push_str(&" ".repeat(pad - pad / 2));
                    }
                }
            }
            writeln!(out, "{line}")?;
        }
    }
    writeln!(out)?;
    let teams = m
        .columns
        .iter()
        .filter(|c| matches!(c.holder, Named::Team(_)))
        .count();
    writeln!(
        out,
        "{}",
        look.dim(&format!(
            "{}; columns: {}, then {}",
            view.legend(),
            super::check::count(teams, "team", "teams"),
            super::check::count(total - teams, "person", "people")
        ))
    )
}

/// The width to fit: the terminal's, or unlimited.
fn view_width(look: &Look) -> usize {
    look.width.map_or(usize::MAX, usize::from)
}

fn people_table(view: &ReportView<'_>, look: &Look, out: &mut dyn Write) -> io::Result<()> {
    let mut table = look.table();
    let mut header = vec![Cell::new("person"), Cell::new("name")];
    for (i, letter) in view.letters.iter().enumerate() {
        header.push(
            look.role_cell(i, letter)
                .set_alignment(CellAlignment::Right),
        );
    }
    header.extend(
        ["total", "accountable for", "teams", "delegations"]
            .into_iter()
            .map(Cell::new),
    );
    table.set_header(header);
    for load in &view.people {
        let p = load.person;
        let mut row = vec![
            Cell::new(&p.id),
            Cell::new(p.name.as_ref().map_or("", |n| n.value.as_str())),
        ];
        for n in &load.counts {
            row.push(Cell::new(n).set_alignment(CellAlignment::Right));
        }
        row.push(Cell::new(load.total).set_alignment(CellAlignment::Right));
        // One id per line: lists wrap between ids, never inside one.
        row.push(Cell::new(load.accountable.join("\n")));
        row.push(Cell::new(team_ids(load).join("\n")));
        row.push(Cell::new(delegations_text(load)));
        table.add_row(row);
    }
    // Ids never break (lists have one per line); names wrap at spaces instead.
    if look.width.is_some() {
        let first_list = 3 + view.letters.len();
        for index in [0, first_list, first_list + 1] {
            if let Some(column) = table.column_mut(index) {
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
    }
    for line in text::table_lines(&table) {
        writeln!(out, "{line}")?;
    }
    // Absences and handoffs below the table, one person per line: dates do not wrap.
    let plans: Vec<(&str, String)> = view
        .people
        .iter()
        .filter_map(|load| {
            let mut parts: Vec<String> = load
                .away
                .iter()
                .map(|a| format!("away {}", away_text(a)))
                .collect();
            parts.extend(
                handoff_lines(load)
                    .into_iter()
                    .map(|l| format!("handoff {l}")),
            );
            (!parts.is_empty()).then(|| (load.person.id.as_str(), parts.join("; ")))
        })
        .collect();
    if !plans.is_empty() {
        writeln!(
            out,
            "\n{}",
            look.bold(&format!("away and handoffs (from {})", view.today))
        )?;
        let width = plans
            .iter()
            .map(|(id, _)| id.chars().count())
            .max()
            .unwrap_or(0);
        for (id, text) in plans {
            writeln!(out, "  {id:width$}  {text}")?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        look.dim(&format!(
            "{}; counts include roles held through a team (once per duty and role)",
            view.legend()
        ))
    )
}

/// The coverage figures: a label, how many are covered of how many, and what is missing.
pub(crate) fn coverage_figures(view: &ReportView<'_>) -> Vec<(String, usize, usize, Vec<String>)> {
    let c = &view.coverage;
    let doer = view
        .org
        .scheme
        .doers()
        .iter()
        .map(|&r| view.role_name(r).to_owned())
        .collect::<Vec<_>>()
        .join(" or ");
    let owner = view.role_name(view.org.scheme.owner).to_owned();
    let duty_ids = |list: &[&crate::model::org::Defined<crate::model::Duty>]| {
        list.iter().map(|d| d.id.clone()).collect::<Vec<_>>()
    };
    let mut figures = vec![
        (
            format!("duties with a {doer}"),
            c.duties - c.no_responsible.len(),
            c.duties,
            duty_ids(&c.no_responsible),
        ),
        (
            format!("duties with an {owner}"),
            c.duties - c.no_accountable.len(),
            c.duties,
            duty_ids(&c.no_accountable),
        ),
        (
            "people with a role".to_owned(),
            c.people - c.idle_people.len(),
            c.people,
            c.idle_people.iter().map(|p| p.id.clone()).collect(),
        ),
        (
            "teams with a duty".to_owned(),
            c.teams - c.idle_teams.len(),
            c.teams,
            c.idle_teams.iter().map(|t| t.id.clone()).collect(),
        ),
    ];
    if let Some(files) = &c.files {
        // Conflicts first (they are few); many unowned files get a list of their own.
        let mut missing: Vec<String> = files
            .conflicts
            .iter()
            .map(|(path, duties)| format!("{path} (conflict: {})", duties.join(", ")))
            .collect();
        if files.unowned.len() > CELL_ITEMS {
            missing.push(format!(
                "{} unowned files, listed below",
                files.unowned.len()
            ));
        } else {
            missing.extend(files.unowned.iter().cloned());
        }
        let label = if files.enforced {
            "files owned"
        } else {
            "files owned (not required: no coverage.paths)"
        };
        figures.push((label.to_owned(), files.owned, files.total, missing));
        figures.push((
            "path patterns matching a file".to_owned(),
            files.patterns - files.dead.len(),
            files.patterns,
            files
                .dead
                .iter()
                .map(|p| format!("{} ({})", p.pattern.value, p.duty.id))
                .collect(),
        ));
    }
    if let Some(alerts) = &c.alerts {
        figures.push((
            "alert types owned".to_owned(),
            alerts.owned,
            alerts.total,
            alerts.unowned.iter().map(|d| d.name.clone()).collect(),
        ));
    }
    figures
}

fn coverage_table(view: &ReportView<'_>, look: &Look, out: &mut dyn Write) -> io::Result<()> {
    let mut table = look.table();
    table.set_header(vec!["", "covered", "of", "", "missing"]);
    for (label, covered, total, missing) in coverage_figures(view) {
        table.add_row(vec![
            Cell::new(label),
            Cell::new(covered).set_alignment(CellAlignment::Right),
            Cell::new(total).set_alignment(CellAlignment::Right),
            Cell::new(percent(covered, total)).set_alignment(CellAlignment::Right),
            Cell::new(if missing.is_empty() {
                "—".to_owned()
            } else {
                truncated(&missing, CELL_ITEMS).join(", ")
            }),
        ]);
    }
    for line in text::table_lines(&table) {
        writeln!(out, "{line}")?;
    }
    if let Some(files) = &view.coverage.files
        && files.unowned.len() > CELL_ITEMS
    {
        writeln!(
            out,
            "\n{}",
            look.bold(&format!("unowned files ({})", files.unowned.len()))
        )?;
        for path in files.unowned.iter().take(LISTED_FILES) {
            writeln!(out, "  {path}")?;
        }
        if files.unowned.len() > LISTED_FILES {
            writeln!(
                out,
                "{}",
                look.dim(&format!(
                    "  … and {} more; --format csv or json lists every one",
                    files.unowned.len() - LISTED_FILES
                ))
            )?;
        }
    }
    Ok(())
}

// ---- Markdown ----------------------------------------------------------------------------

pub(crate) fn markdown(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    let title = match view.kind {
        Kind::Matrix => "Responsibility matrix",
        Kind::People => "Load per person",
        Kind::Coverage => "Coverage",
        Kind::Reviews => "Reviews",
        Kind::Delegations => "Delegations",
    };
    writeln!(out, "## {title}: {}\n", text::md(&view.root_name))?;
    // Outside git there is no commit to name, and nothing is said.
    if let Some(stamp) = view.stamp.as_ref().filter(|s| s.head.is_some()) {
        writeln!(out, "{}\n", md_stamp(stamp))?;
    }
    if !view.filter.is_empty() {
        writeln!(out, "Filter: {}.\n", text::md(&view.filter.describe()))?;
    }
    match view.kind {
        Kind::Matrix => matrix_markdown(view, out),
        Kind::People => people_markdown(view, out),
        Kind::Coverage => coverage_markdown(view, out),
        Kind::Reviews => operations::reviews_markdown(view, out),
        Kind::Delegations => operations::delegations_markdown(view, out),
    }
}

/// [`text::stamp`] in Markdown, as a sentence: "Commit `0123456789ab` on `main` +
/// uncommitted changes."
pub(crate) fn md_stamp(stamp: &Stamp) -> String {
    let text = text::stamp(stamp, &|_, shown| text::md_code(shown));
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().to_string());
    format!("{}{}.", first.unwrap_or_default(), chars.as_str())
}

fn matrix_markdown(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    let m = &view.matrix;
    write!(out, "| Duty | Title |")?;
    for c in &m.columns {
        write!(out, " {} |", text::md_code(c.holder.id()))?;
    }
    writeln!(out)?;
    write!(out, "| --- | --- |")?;
    for _ in &m.columns {
        write!(out, " :-: |")?;
    }
    writeln!(out)?;
    for row in &m.rows {
        let title = row
            .duty
            .fields
            .title
            .as_ref()
            .map_or("", |t| t.value.as_str());
        write!(
            out,
            "| {} | {} |",
            text::md_code(&row.duty.id),
            text::md(title)
        )?;
        let mut next = row.cells.iter().peekable();
        for col in 0..m.columns.len() {
            match next.peek() {
                Some((c, roles)) if *c == col => {
                    write!(out, " {} |", text::md(&view.cell(roles)))?;
                    next.next();
                }
                _ => write!(out, " |")?,
            }
        }
        writeln!(out)?;
    }
    writeln!(out, "\n{}", text::md(&view.legend()))
}

fn people_markdown(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "| Person | Name |")?;
    for l in &view.letters {
        write!(out, " {} |", text::md(l))?;
    }
    writeln!(
        out,
        " Total | Accountable for | Teams | Delegations | Handoffs | Away |"
    )?;
    write!(out, "| --- | --- |")?;
    for _ in &view.letters {
        write!(out, " --: |")?;
    }
    writeln!(out, " --: | --- | --- | --- | --- | --- |")?;
    for load in &view.people {
        let p = load.person;
        write!(
            out,
            "| {} | {} |",
            text::md_code(&p.id),
            text::md(p.name.as_ref().map_or("", |n| n.value.as_str()))
        )?;
        for n in &load.counts {
            write!(out, " {n} |")?;
        }
        let codes = |ids: &[&str]| {
            ids.iter()
                .map(|i| text::md_code(i))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let handoffs: Vec<String> = handoff_lines(load).iter().map(|l| text::md(l)).collect();
        let away: Vec<String> = load.away.iter().map(|a| away_text(a)).collect();
        writeln!(
            out,
            " {} | {} | {} | {} | {} | {} |",
            load.total,
            codes(&load.accountable),
            codes(&team_ids(load)),
            text::md(&delegations_text(load)),
            handoffs.join("<br>"),
            away.join("<br>")
        )?;
    }
    writeln!(
        out,
        "\n{}; counts include roles held through a team (once per duty and role).",
        text::md(&view.legend())
    )
}

fn coverage_markdown(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "| | Covered | Of | | Missing |\n| --- | --: | --: | --: | --- |"
    )?;
    for (label, covered, total, missing) in coverage_figures(view) {
        let missing = if missing.is_empty() {
            "—".to_owned()
        } else {
            let mut shown: Vec<String> = missing
                .iter()
                .take(CELL_ITEMS)
                .map(|m| text::md_code(m))
                .collect();
            if missing.len() > CELL_ITEMS {
                shown.push(format!("and {} more", missing.len() - CELL_ITEMS));
            }
            shown.join(", ")
        };
        writeln!(
            out,
            "| {} | {covered} | {total} | {} | {missing} |",
            text::md(&label),
            percent(covered, total)
        )?;
    }
    if let Some(files) = &view.coverage.files
        && files.unowned.len() > CELL_ITEMS
    {
        writeln!(out, "\n### Unowned files ({})\n", files.unowned.len())?;
        for path in files.unowned.iter().take(LISTED_FILES) {
            writeln!(out, "- {}", text::md_code(path))?;
        }
        if files.unowned.len() > LISTED_FILES {
            writeln!(
                out,
                "\n… and {} more; `--format csv` or `--format json` lists every one.",
                files.unowned.len() - LISTED_FILES
            )?;
        }
    }
    Ok(())
}

// ---- CSV ---------------------------------------------------------------------------------

pub(super) fn csv_row(out: &mut dyn Write, fields: &[String]) -> io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| text::csv(f)).collect();
    // RFC 4180 ends records with CRLF; spreadsheet programs and the `csv` crate accept it.
    write!(out, "{}\r\n", line.join(","))
}

pub(crate) fn csv(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    match view.kind {
        Kind::Matrix => {
            let m = &view.matrix;
            let mut header = vec!["duty".to_owned()];
            header.extend(m.columns.iter().map(|c| c.holder.id().to_owned()));
            csv_row(out, &header)?;
            for row in &m.rows {
                let mut fields = vec![String::new(); m.columns.len() + 1];
                fields[0] = row.duty.id.clone();
                for (col, roles) in &row.cells {
                    fields[col + 1] = view.cell(roles);
                }
                csv_row(out, &fields)?;
            }
            Ok(())
        }
        Kind::People => {
            let mut header = vec!["person".to_owned(), "name".to_owned()];
            header.extend((0..view.letters.len()).map(|r| view.role_name(r).to_owned()));
            header.extend(
                [
                    "total",
                    "accountable_for",
                    "teams",
                    "delegated_to",
                    "delegated_by",
                    "handoffs_given",
                    "handoffs_taken",
                    "away",
                ]
                .map(str::to_owned),
            );
            csv_row(out, &header)?;
            for load in &view.people {
                let p = load.person;
                let mut fields = vec![
                    p.id.clone(),
                    p.name.as_ref().map_or(String::new(), |n| n.value.clone()),
                ];
                fields.extend(load.counts.iter().map(usize::to_string));
                fields.push(load.total.to_string());
                fields.push(load.accountable.join(";"));
                fields.push(team_ids(load).join(";"));
                fields.push(load.delegated_to.len().to_string());
                fields.push(load.delegated_by.len().to_string());
                let ids = |hs: &[&Defined<Handoff>]| {
                    hs.iter()
                        .map(|h| h.id.as_str())
                        .collect::<Vec<_>>()
                        .join(";")
                };
                fields.push(ids(&load.handoffs_given));
                fields.push(ids(&load.handoffs_taken));
                // ISO 8601 intervals: `2026-12-20/2027-01-04`.
                let away: Vec<String> = load
                    .away
                    .iter()
                    .map(|a| format!("{}/{}", a.from.value, a.to.value))
                    .collect();
                fields.push(away.join(";"));
                csv_row(out, &fields)?;
            }
            Ok(())
        }
        Kind::Coverage => coverage_csv(view, out),
        Kind::Reviews => operations::reviews_csv(view, out),
        Kind::Delegations => operations::delegations_csv(view, out),
    }
}

/// One row per gap: `gap` (the rule code it matches), `kind`, `id`, `name` and `detail`
/// (where an alert or pattern is written, or the duties claiming a file).
fn coverage_csv(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    let c = &view.coverage;
    csv_row(
        out,
        &["gap", "kind", "id", "name", "detail"].map(str::to_owned),
    )?;
    let title = |d: &Defined<crate::model::Duty>| {
        d.fields
            .title
            .as_ref()
            .map_or(String::new(), |t| t.value.clone())
    };
    let row = |out: &mut dyn Write, fields: [&str; 5]| csv_row(out, &fields.map(str::to_owned));
    for d in &c.no_responsible {
        row(out, ["no-responsible", "duty", &d.id, &title(d), ""])?;
    }
    for d in &c.no_accountable {
        row(out, ["no-accountable", "duty", &d.id, &title(d), ""])?;
    }
    for p in &c.idle_people {
        let name = p.name.as_ref().map_or("", |n| n.value.as_str());
        row(out, ["no-role", "person", &p.id, name, ""])?;
    }
    for t in &c.idle_teams {
        let name = t.name.as_ref().map_or("", |n| n.value.as_str());
        row(out, ["no-duty", "team", &t.id, name, ""])?;
    }
    if let Some(files) = &c.files {
        for path in &files.unowned {
            row(out, ["unowned-path", "file", path, "", ""])?;
        }
        for (path, duties) in &files.conflicts {
            row(out, ["path-conflict", "file", path, "", &duties.join(";")])?;
        }
        for p in &files.dead {
            let at = view.at(p.duty.at(p.pattern.span));
            row(
                out,
                ["dead-pattern", "pattern", &p.pattern.value, &p.duty.id, &at],
            )?;
        }
    }
    if let Some(alerts) = &c.alerts {
        for def in &alerts.unowned {
            row(
                out,
                ["unowned-alert", "alert", &def.name, "", &view.at(def.loc)],
            )?;
        }
    }
    Ok(())
}

// ---- JSON --------------------------------------------------------------------------------

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
struct Envelope<'a, T> {
    version: u32,
    kind: &'static str,
    date: String,
    /// The commit read, or the working tree's `HEAD` (`null` outside git or before the
    /// first commit).
    commit: Option<&'a str>,
    /// The working tree's ownership files differ from `commit` (uncommitted changes).
    dirty: bool,
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
    away: Vec<AwayJson<'a>>,
}

#[derive(Serialize)]
struct AwayJson<'a> {
    from: String,
    to: String,
    reason: Option<&'a str>,
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
    alerts: Option<AlertsJson>,
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
struct AlertsJson {
    total: usize,
    owned: usize,
    unowned: Vec<AlertJson>,
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
                        away: l
                            .away
                            .iter()
                            .map(|a| AwayJson {
                                from: a.from.value.to_string(),
                                to: a.to.value.to_string(),
                                reason: a.reason.as_ref().map(|r| r.value.as_str()),
                            })
                            .collect(),
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
                    }),
                },
            )
        }
        Kind::Reviews => envelope(view, out, roles, operations::reviews_json(view)),
        Kind::Delegations => envelope(view, out, roles, operations::delegations_json(view)),
    }
}

fn envelope<T: Serialize>(
    view: &ReportView<'_>,
    out: &mut dyn Write,
    roles: Vec<RoleJson<'_>>,
    body: T,
) -> io::Result<()> {
    let envelope = Envelope {
        version: 1,
        kind: view.kind.as_str(),
        date: view.today.to_string(),
        commit: view.stamp.as_ref().and_then(Stamp::commit),
        dirty: view.stamp.as_ref().is_some_and(|s| s.dirty),
        filter: FilterJson {
            teams: &view.filter.teams,
            tags: &view.filter.tags,
            people: &view.filter.people,
        },
        roles,
        body,
    };
    serde_json::to_writer_pretty(&mut *out, &envelope)?;
    writeln!(out)
}
