//! `own report risk` for the terminal, Markdown and CSV: each person's departure and what it
//! takes away, the duties resting on one person, and the people over the policy (JSON is
//! `render::json::report`'s, the HTML section `html::risk`'s).
//!
//! The table and Markdown show the people at risk and count the others in one line: a lead
//! reads who to back up, not a list of zeros. CSV and JSON list everyone who has not left.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, ColumnConstraint};

use super::{ReportView, csv_row};
use crate::render::check::count;
use crate::render::text::{self, Look};
use crate::report::{PersonRisk, Risk};

/// The duty ids of a list.
fn ids<'a>(duties: &[&'a crate::model::org::Defined<crate::model::Duty>]) -> Vec<&'a str> {
    duties.iter().map(|d| d.id.as_str()).collect()
}

/// `accountable` and `responsible` as the scheme names its owner and doer roles.
pub(crate) fn role_words(view: &ReportView<'_>) -> (String, String) {
    let scheme = &view.org.scheme;
    let doers: Vec<&str> = scheme
        .doers()
        .into_iter()
        .filter(|&r| r != scheme.owner)
        .map(|r| view.role_name(r))
        .collect();
    let doer = if doers.is_empty() {
        "responsible".to_owned()
    } else {
        doers.join(" or ")
    };
    (view.role_name(scheme.owner).to_owned(), doer)
}

/// What the people left out of the list are: `12 people hold no sole role; 1 person has left
/// and counts as nobody: frank`. It starts with a number, never with an id.
pub(crate) fn summary(risk: &Risk<'_>) -> String {
    let mut parts = Vec::new();
    let none = risk.without_risk();
    // With nobody at risk, the answer says so itself.
    if none > 0 && !risk.at_risk().is_empty() {
        parts.push(format!(
            "{} no sole role",
            count(none, "person holds", "people hold")
        ));
    }
    if !risk.left.is_empty() {
        let left: Vec<&str> = risk.left.iter().map(|p| p.id.as_str()).collect();
        parts.push(format!(
            "{} as nobody: {}",
            count(
                left.len(),
                "person has left and counts",
                "people have left and count"
            ),
            left.join(", ")
        ));
    }
    parts.join("; ")
}

/// `max-accountable 4: nobody is over it`, or the same without a policy.
pub(crate) fn policy_text(risk: &Risk<'_>) -> String {
    match risk.limit {
        None => "no `policy.max-accountable`: no limit to be over".to_owned(),
        Some(limit) if risk.over_limit.is_empty() => {
            format!("nobody is accountable for more than {limit} duties (`policy.max-accountable`)")
        }
        Some(limit) => format!(
            "{} accountable for more than {limit} duties (`policy.max-accountable`)",
            count(risk.over_limit.len(), "person is", "people are")
        ),
    }
}

/// What the figures count: `if one person left: the duties that would have no accountable or
/// no responsible, and the files and alerts they own`.
pub(crate) fn explained(risk: &Risk<'_>, (owner, doer): (&str, &str)) -> String {
    let owned = match (risk.files_counted, risk.alerts_counted) {
        (true, true) => ", and the files and alerts they own",
        (true, false) => ", and the files they own",
        (false, true) => ", and the alerts they own",
        (false, false) => "",
    };
    format!(
        "if one person left: the duties that would have no {owner} or no {doer}{owned}; a team stands for its members and lead, someone who has left for nobody"
    )
}

/// The text with a capital first letter, for Markdown and HTML prose.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `7 (6 directly)` when a team adds to what the person is named for.
pub(crate) fn over_text(o: &crate::report::OverLimit<'_>) -> String {
    if o.direct == o.count {
        o.count.to_string()
    } else {
        format!("{} ({} directly)", o.count, o.direct)
    }
}

pub(super) fn risk_table(
    view: &ReportView<'_>,
    look: &Look,
    out: &mut dyn Write,
) -> io::Result<()> {
    let risk = &view.risk;
    let (owner, doer) = role_words(view);
    let at_risk = risk.at_risk();
    if at_risk.is_empty() {
        writeln!(
            out,
            "nobody is the only {owner} or the last {doer} of a duty"
        )?;
    } else {
        let mut table = look.table();
        let mut header = vec![Cell::new("person"), Cell::new("name")];
        header.push(Cell::new("duties").set_alignment(CellAlignment::Right));
        if risk.files_counted {
            header.push(Cell::new("files").set_alignment(CellAlignment::Right));
        }
        if risk.alerts_counted {
            header.push(Cell::new("alerts").set_alignment(CellAlignment::Right));
        }
        header.push(Cell::new(format!("only {owner} of")));
        header.push(Cell::new(format!("last {doer} of")));
        table.set_header(header);
        for p in at_risk {
            let mut row = vec![
                Cell::new(&p.person.id),
                Cell::new(p.person.name.as_ref().map_or("", |n| n.value.as_str())),
                Cell::new(p.duties).set_alignment(CellAlignment::Right),
            ];
            if risk.files_counted {
                row.push(Cell::new(p.files).set_alignment(CellAlignment::Right));
            }
            if risk.alerts_counted {
                row.push(Cell::new(p.alerts).set_alignment(CellAlignment::Right));
            }
            // One id per line: lists wrap between ids, never inside one.
            row.push(Cell::new(ids(&p.accountable_lost).join("\n")));
            row.push(Cell::new(ids(&p.responsible_lost).join("\n")));
            table.add_row(row);
        }
        // Ids never break (lists have one per line); names wrap at spaces instead.
        if look.width.is_some() {
            let lists = 3 + usize::from(risk.files_counted) + usize::from(risk.alerts_counted);
            for index in [0, lists, lists + 1] {
                if let Some(column) = table.column_mut(index) {
                    column.set_constraint(ColumnConstraint::ContentWidth);
                }
            }
        }
        for line in text::table_lines(&table) {
            writeln!(out, "{line}")?;
        }
    }
    let summary = summary(risk);
    if !summary.is_empty() {
        writeln!(out, "{}", look.dim(&summary))?;
    }

    let single = &risk.single_responsible;
    writeln!(
        out,
        "\n{}",
        look.bold(&format!(
            "resting on one person: {}",
            count(single.len(), "duty", "duties")
        ))
    )?;
    let width = single
        .iter()
        .map(|s| s.duty.id.chars().count())
        .max()
        .unwrap_or(0);
    for s in single {
        let also = if s.also_accountable {
            format!(" (also its {owner})")
        } else {
            String::new()
        };
        writeln!(out, "  {:width$}  {}{also}", s.duty.id, s.person.id)?;
    }

    writeln!(out, "\n{}", look.bold(&policy_text(risk)))?;
    let width = risk
        .over_limit
        .iter()
        .map(|o| o.person.id.chars().count())
        .max()
        .unwrap_or(0);
    for o in &risk.over_limit {
        writeln!(
            out,
            "  {:width$}  {owner} for {}, limit {}",
            o.person.id,
            over_text(o),
            o.limit
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        look.dim(&format!(
            "{}; as of {}",
            explained(risk, (&owner, &doer)),
            view.today
        ))
    )
}

pub(super) fn risk_markdown(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    let risk = &view.risk;
    let (owner, doer) = role_words(view);
    let at_risk = risk.at_risk();
    if at_risk.is_empty() {
        writeln!(
            out,
            "Nobody is the only {} or the last {} of a duty.",
            text::md(&owner),
            text::md(&doer)
        )?;
    } else {
        let mut head = vec!["Person", "Name", "Duties"];
        let mut align = vec!["---", "---", "--:"];
        if risk.files_counted {
            head.push("Files");
            align.push("--:");
        }
        if risk.alerts_counted {
            head.push("Alerts");
            align.push("--:");
        }
        let only = format!("Only {} of", text::md(&owner));
        let last = format!("Last {} of", text::md(&doer));
        head.extend([only.as_str(), last.as_str()]);
        align.extend(["---", "---"]);
        writeln!(out, "| {} |\n| {} |", head.join(" | "), align.join(" | "))?;
        let codes = |p: &[&crate::model::org::Defined<crate::model::Duty>]| {
            ids(p)
                .iter()
                .map(|i| text::md_code(i))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for p in at_risk {
            let mut cells = vec![
                text::md_code(&p.person.id),
                text::md(p.person.name.as_ref().map_or("", |n| n.value.as_str())),
                p.duties.to_string(),
            ];
            if risk.files_counted {
                cells.push(p.files.to_string());
            }
            if risk.alerts_counted {
                cells.push(p.alerts.to_string());
            }
            cells.push(codes(&p.accountable_lost));
            cells.push(codes(&p.responsible_lost));
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
    }
    let summary = summary(risk);
    if !summary.is_empty() {
        writeln!(out, "\n{}.", text::md(&sentence(&summary)))?;
    }
    writeln!(
        out,
        "\n### Resting on one person: {}\n",
        count(risk.single_responsible.len(), "duty", "duties")
    )?;
    if !risk.single_responsible.is_empty() {
        writeln!(
            out,
            "| Duty | Person | Also {} |\n| --- | --- | --- |",
            text::md(&owner)
        )?;
        for s in &risk.single_responsible {
            writeln!(
                out,
                "| {} | {} | {} |",
                text::md_code(&s.duty.id),
                text::md_code(&s.person.id),
                if s.also_accountable { "yes" } else { "" }
            )?;
        }
    }
    writeln!(out, "\n### Over the policy\n")?;
    writeln!(out, "{}.", text::md_message(&sentence(&policy_text(risk))))?;
    if !risk.over_limit.is_empty() {
        writeln!(
            out,
            "\n| Person | {} for | Limit |\n| --- | --: | --: |",
            text::md(&sentence(&owner))
        )?;
        for o in &risk.over_limit {
            writeln!(
                out,
                "| {} | {} | {} |",
                text::md_code(&o.person.id),
                over_text(o),
                o.limit
            )?;
        }
    }
    writeln!(
        out,
        "\n{}.",
        text::md(&sentence(&explained(risk, (&owner, &doer))))
    )
}

/// One row per person who has not left, most at risk first: the figures, the duties lost,
/// how many duties they are accountable for, and whether that is over the policy (empty
/// without one).
pub(super) fn risk_csv(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    let risk = &view.risk;
    csv_row(
        out,
        &[
            "person",
            "name",
            "duties",
            "files",
            "alerts",
            "accountable_lost",
            "responsible_lost",
            "accountable_for",
            "over_limit",
        ]
        .map(str::to_owned),
    )?;
    let figure = |counted: bool, n: usize| {
        if counted {
            n.to_string()
        } else {
            String::new()
        }
    };
    for p in &risk.people {
        let PersonRisk { person, .. } = p;
        csv_row(
            out,
            &[
                person.id.clone(),
                person
                    .name
                    .as_ref()
                    .map_or(String::new(), |n| n.value.clone()),
                p.duties.to_string(),
                figure(risk.files_counted, p.files),
                figure(risk.alerts_counted, p.alerts),
                ids(&p.accountable_lost).join(";"),
                ids(&p.responsible_lost).join(";"),
                p.accountable_for.to_string(),
                risk.limit.map_or(String::new(), |limit| {
                    (p.accountable_for > limit as usize).to_string()
                }),
            ],
        )?;
    }
    Ok(())
}
