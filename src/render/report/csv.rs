//! `own report` as CSV.

use super::*;

pub(crate) fn csv_row(out: &mut dyn Write, fields: &[String]) -> io::Result<()> {
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
        Kind::Risk => risk::risk_csv(view, out),
        Kind::Reviews => operations::reviews_csv(view, out),
        Kind::Delegations => operations::delegations_csv(view, out),
        Kind::Alerts => alerts::alerts_csv(view, out),
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
