//! `own report` in the terminal: tables that fit its width.

use super::*;

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
        Kind::Risk => risk::risk_table(view, look, out),
        Kind::Reviews => operations::reviews_table(view, look, out),
        Kind::Delegations => operations::delegations_table(view, look, out),
        Kind::Alerts => alerts::alerts_table(view, look, out),
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
            crate::render::check::count(teams, "team", "teams"),
            crate::render::check::count(total - teams, "person", "people")
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
    let routed: usize = view.alert_sources.iter().map(|s| s.routed).sum();
    if routed > 0 {
        figures.push((
            "alerts routed to their owner".to_owned(),
            view.alert_sources.iter().map(|s| s.routed_to_owner).sum(),
            routed,
            view.alerts
                .iter()
                .filter(|row| row.reaches_owner() == Some(false))
                .map(|row| row.def.name.clone())
                .collect(),
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
