//! `own report` in Markdown.

use super::*;

pub(crate) fn markdown(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    let title = match view.kind {
        Kind::Matrix => "Responsibility matrix",
        Kind::People => "Load per person",
        Kind::Coverage => "Coverage",
        Kind::Risk => "Key-person risk",
        Kind::Reviews => "Reviews",
        Kind::Delegations => "Delegations",
        Kind::Alerts => "Alerts",
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
        Kind::Risk => risk::risk_markdown(view, out),
        Kind::Reviews => operations::reviews_markdown(view, out),
        Kind::Delegations => operations::delegations_markdown(view, out),
        Kind::Alerts => alerts::alerts_markdown(view, out),
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
