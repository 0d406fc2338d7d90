//! `own report files`: every file under coverage and who owns it, as a table, Markdown, CSV
//! or JSON. Written row by row: a repository of 100,000 files prints as fast as it resolves.

use std::io::{self, Write};

use crate::report::FileRow;

use super::text;

/// The owner column of a row: the duty, or what stands in for one.
fn owner(row: &FileRow<'_>) -> String {
    match (row.duty, row.conflicting.as_slice()) {
        (Some(duty), _) => duty.to_owned(),
        (None, []) => "(unowned)".to_owned(),
        (None, duties) => format!("(conflict: {})", duties.join(", ")),
    }
}

/// Aligned columns (path, duty, accountable, responsible, pattern); the path column is as
/// wide as the longest path, up to 60 characters.
pub(crate) fn table(rows: &[FileRow<'_>], out: &mut dyn Write) -> io::Result<()> {
    let width = |s: &str| s.chars().count();
    let path_width = rows
        .iter()
        .map(|r| width(r.path))
        .max()
        .unwrap_or(0)
        .clamp(4, 60);
    let owners: Vec<String> = rows.iter().map(owner).collect();
    let owner_width = owners
        .iter()
        .map(|o| width(o))
        .max()
        .unwrap_or(0)
        .clamp(4, 40);
    writeln!(
        out,
        "{:path_width$}  {:owner_width$}  ACCOUNTABLE  RESPONSIBLE  PATTERN",
        "PATH", "DUTY"
    )?;
    for (row, owner) in rows.iter().zip(&owners) {
        let line = format!(
            "{:path_width$}  {:owner_width$}  {:11}  {:11}  {}",
            text::visible(row.path),
            text::visible(owner),
            text::visible(&row.accountable.join(",")),
            text::visible(&row.responsible.join(",")),
            text::visible(row.pattern.unwrap_or("")),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

pub(crate) fn markdown(rows: &[FileRow<'_>], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| File | Duty | Accountable | Responsible | Pattern |")?;
    writeln!(out, "| --- | --- | --- | --- | --- |")?;
    let ids = |ids: &[&str]| {
        ids.iter()
            .map(|id| text::md_code(id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for row in rows {
        let duty = match (row.duty, row.conflicting.as_slice()) {
            (Some(duty), _) => text::md_code(duty),
            (None, []) => "*unowned*".to_owned(),
            (None, duties) => format!("*conflict:* {}", ids(duties)),
        };
        writeln!(
            out,
            "| {} | {duty} | {} | {} | {} |",
            text::md_code(row.path),
            ids(&row.accountable),
            ids(&row.responsible),
            row.pattern.map(text::md_code).unwrap_or_default(),
        )?;
    }
    Ok(())
}

pub(crate) fn csv(rows: &[FileRow<'_>], out: &mut dyn Write) -> io::Result<()> {
    let header = [
        "path",
        "duty",
        "pattern",
        "accountable",
        "responsible",
        "conflicting",
    ];
    super::report::csv_row(out, &header.map(str::to_owned))?;
    for row in rows {
        super::report::csv_row(
            out,
            &[
                row.path.to_owned(),
                row.duty.unwrap_or("").to_owned(),
                row.pattern.unwrap_or("").to_owned(),
                row.accountable.join(" "),
                row.responsible.join(" "),
                row.conflicting.join(" "),
            ],
        )?;
    }
    Ok(())
}
