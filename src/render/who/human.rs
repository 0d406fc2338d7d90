//! `own who` for people: a compact card in the terminal.

use super::*;

pub(crate) fn human(w: &Who<'_>, look: &Look, out: &mut dyn Write) -> io::Result<()> {
    match w.card {
        Card::Duty(c) => human_duty(w, c, look, out),
        Card::Person(c) => human_person(w, c, look, out),
        Card::Team(c) => human_team(w, c, look, out),
        Card::Path(c) => owner::human_path(w, c, look, out),
        Card::Alert(c) => owner::human_alert(w, c, look, out),
    }
}

fn heading(
    w: &Who<'_>,
    look: &Look,
    kind: &str,
    id: &str,
    title: Option<&str>,
    place: (&str, usize),
    out: &mut dyn Write,
) -> io::Result<()> {
    match title {
        Some(title) => writeln!(out, "{} {}: {title}", kind, look.bold(id))?,
        None => writeln!(out, "{} {}", kind, look.bold(id))?,
    }
    writeln!(
        out,
        "{}",
        look.dim(&format!("defined in {}:{}", place.0, place.1))
    )?;
    if let Some(also) = w.also_line(id) {
        writeln!(out, "{}", look.dim(&also))?;
    }
    writeln!(out)
}

/// Each role with its holders, their names and how to reach them.
pub(super) fn roles_table(w: &Who<'_>, roles: &[RoleHolders<'_>], look: &Look) -> Vec<String> {
    let mut table = look.table();
    for rh in roles {
        let name = w.role_name(rh.role);
        if rh.holders.is_empty() {
            table.add_row(vec![look.role_cell(rh.role, name), Cell::new("—")]);
        }
        for (i, h) in rh.holders.iter().enumerate() {
            let label = match h {
                Named::Team(_) => format!("{} (team)", h.id()),
                _ => h.id().to_owned(),
            };
            // The name, and how to reach them on a second line.
            let about = [h.name().unwrap_or(""), &holder_contact(h)]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            table.add_row(vec![
                look.role_cell(rh.role, if i == 0 { name } else { "" }),
                Cell::new(label),
                Cell::new(about),
            ]);
        }
    }
    text::table_lines(&table).collect()
}

fn human_duty(w: &Who<'_>, c: &DutyCard<'_>, look: &Look, out: &mut dyn Write) -> io::Result<()> {
    let d = c.duty;
    let title = d.title();
    heading(w, look, "duty", &d.id, title, w.place(d), out)?;
    for line in roles_table(w, &c.roles, look) {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    field(
        out,
        look,
        "skills",
        &list_or_none(&values(&d.fields.skills)),
    )?;
    let chain = if c.escalation.is_empty() {
        "—".to_owned()
    } else if is_default_chain(&c.escalation) {
        format!(
            "{}  {}",
            chain_text(w, &c.escalation),
            look.dim("(default: responsible, accountable, managers)")
        )
    } else {
        chain_text(w, &c.escalation)
    };
    field(out, look, "escalation", &one(chain))?;
    let mut cover = Vec::new();
    for cv in &c.covering {
        let via = cv.via.map_or(String::new(), |t| format!(" through {t}"));
        cover.push(format!(
            "{} covers {} as {}{via} ({}, {})",
            cv.to,
            cv.from,
            w.role_name(cv.role),
            cv.handoff.id,
            until(cv.handoff)
        ));
    }
    for a in &c.away {
        let by = a
            .covered_by
            .map_or(String::new(), |to| format!("; {to} covers"));
        cover.push(format!("{} {}{by}", a.person.id, absent_text(&a.absent)));
    }
    if cover.is_empty() {
        cover.push("everyone is in; no handoff in effect".to_owned());
    }
    cover[0] = format!("{} {}", look.dim(&format!("on {}:", w.today)), cover[0]);
    field(out, look, "covering", &cover)?;
    let mut delegations: Vec<String> = Vec::new();
    for d in &c.delegations {
        delegations.push(delegation_text(w, d, Side::Duty));
        delegations.extend(expect_text(d, look).map(|e| format!("  {e}")));
    }
    field(
        out,
        look,
        "delegations",
        &if delegations.is_empty() {
            one("none open")
        } else {
            delegations
        },
    )?;
    if !d.fields.paths.is_empty() {
        field(out, look, "paths", &one(values(&d.fields.paths).join("  ")))?;
    }
    if !d.fields.alerts.is_empty() {
        field(
            out,
            look,
            "alerts",
            &one(values(&d.fields.alerts).join("  ")),
        )?;
    }
    if !d.fields.receivers.is_empty() {
        field(
            out,
            look,
            "receivers",
            &one(values(&d.fields.receivers).join("  ")),
        )?;
    }
    if let Some(runbook) = opt(&d.fields.runbook) {
        field(out, look, "runbook", &one(runbook))?;
    }
    if !d.fields.tags.is_empty() {
        field(out, look, "tags", &one(values(&d.fields.tags).join(", ")))?;
    }
    if let Some(reviewed) = &d.fields.reviewed {
        field(out, look, "reviewed", &one(reviewed.value.to_string()))?;
    }
    Ok(())
}

pub(super) fn membership_text(m: &crate::query::Membership<'_>) -> String {
    let what = match (m.lead, m.member) {
        (true, true) => "lead and member",
        (true, false) => "lead",
        _ => "member",
    };
    format!("{} ({what})", m.team.id)
}

fn held_table(w: &Who<'_>, held: &[Held<'_>], look: &Look) -> Vec<String> {
    let mut table = look.table();
    for h in held {
        let mut row = vec![
            look.role_cell(h.role, w.role_name(h.role)),
            Cell::new(&h.duty.id),
        ];
        if let Some(team) = h.via {
            row.push(Cell::new(format!("through {}", team.id)));
        }
        table.add_row(row);
    }
    text::table_lines(&table).collect()
}

/// `2026-12-20 to 2027-01-04 (Winter holiday)`.
fn absence_span(a: &Absence) -> String {
    let reason = a
        .reason
        .as_ref()
        .map_or(String::new(), |r| format!(" ({})", r.value));
    format!("{} to {}{reason}", a.from.value, a.to.value)
}

/// The duties a handoff moves: those the giver holds roles on, else as the handoff lists them.
fn handover_duties(h: &Handover<'_>) -> String {
    let duties = h.duties();
    if duties.is_empty() {
        handoff_duties(h.handoff)
    } else {
        duties.join(", ")
    }
}

/// Duties grouped by role: `detection-engineering, intel (consulted)`.
fn held_by_role(w: &Who<'_>, held: &[Held<'_>]) -> String {
    let mut groups: Vec<(usize, Vec<&str>)> = Vec::new();
    for h in held {
        match groups.iter_mut().find(|(role, _)| *role == h.role) {
            Some((_, duties)) if !duties.contains(&h.duty.id.as_str()) => duties.push(&h.duty.id),
            Some(_) => {}
            None => groups.push((h.role, vec![&h.duty.id])),
        }
    }
    groups
        .iter()
        .map(|(role, duties)| format!("{} ({})", duties.join(", "), w.role_name(*role)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether a person is around on the date and, when not, who covers what:
/// `away 2026-12-20 to 2027-01-04`, `covered by bob for alert-triage (handoff …)`.
pub(super) fn status_lines(w: &Who<'_>, c: &PersonCard<'_>) -> Vec<String> {
    let Some(absent) = &c.absent else {
        return one("active");
    };
    let mut lines = vec![match absent {
        Absent::Period(a) => format!("away {}", absence_span(a)),
        Absent::Status(Status::Left) => "has left (status: left)".to_owned(),
        Absent::Status(_) => "away (status: away)".to_owned(),
    }];
    for h in &c.handing_off {
        lines.push(format!(
            "covered by {} for {} (handoff {}, {})",
            h.handoff.to.value,
            handover_duties(h),
            h.handoff.id,
            until(h.handoff)
        ));
    }
    if !c.not_handed_off.is_empty() {
        lines.push(format!(
            "not handed off: {}",
            held_by_role(w, &c.not_handed_off)
        ));
    }
    lines
}

/// Absences and handoffs still to come.
pub(super) fn planned_lines(c: &PersonCard<'_>) -> Vec<String> {
    let mut lines: Vec<String> = c
        .planned_absences
        .iter()
        .map(|a| format!("away {}", absence_span(a)))
        .collect();
    for h in &c.planned_handoffs {
        lines.push(format!(
            "hands {} to {} ({}, {})",
            handover_duties(h),
            h.handoff.to.value,
            h.handoff.id,
            handoff_span(h.handoff)
        ));
    }
    lines
}

/// Handoffs in effect: those the person receives, and those they give while present (an
/// absent person's are in their status).
pub(super) fn handoff_lines(c: &PersonCard<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    if c.absent.is_none() {
        for h in &c.handing_off {
            lines.push(format!(
                "hands {} to {} ({}, {})",
                handover_duties(h),
                h.handoff.to.value,
                h.handoff.id,
                handoff_span(h.handoff)
            ));
        }
    }
    for h in &c.covering_for {
        lines.push(format!(
            "covers {} for {} ({}, {})",
            handover_duties(h),
            h.handoff.from.value,
            h.handoff.id,
            handoff_span(h.handoff)
        ));
    }
    lines
}

fn human_person(
    w: &Who<'_>,
    c: &PersonCard<'_>,
    look: &Look,
    out: &mut dyn Write,
) -> io::Result<()> {
    let p = c.person;
    let name = [opt(&p.name), opt(&p.title)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let name = (!name.is_empty()).then_some(name.as_str());
    heading(w, look, "person", &p.id, name, w.place(p), out)?;
    let contacts = person_contacts(p);
    if !contacts.is_empty() {
        field(out, look, "contact", &one(contacts.join(" · ")))?;
    }
    let mut status = status_lines(w, c);
    if c.absent.is_some() {
        status[0] = format!("{} {}", look.dim(&format!("on {}:", w.today)), status[0]);
    }
    field(out, look, "status", &status)?;
    field(out, look, "planned", &planned_lines(c))?;
    field(
        out,
        look,
        "manager",
        &one(c
            .manager
            .as_ref()
            .map_or("—".to_owned(), |m| w.with_name(m))),
    )?;
    let reports: Vec<&str> = c.reports.iter().map(|r| r.id.as_str()).collect();
    field(out, look, "reports", &list_or_none(&reports))?;
    let teams: Vec<String> = c.teams.iter().map(membership_text).collect();
    field(
        out,
        look,
        "teams",
        &one(if teams.is_empty() {
            "—".to_owned()
        } else {
            teams.join(", ")
        }),
    )?;
    field(out, look, "skills", &list_or_none(&values(&p.skills)))?;
    field(out, look, "load", &one(load_text(w, &c.load, &c.roles)))?;
    let mut work: Vec<String> = Vec::new();
    for d in &c.delegated_to {
        work.push(delegation_text(w, d, Side::AskedOf));
        work.extend(expect_text(d, look).map(|e| format!("  {e}")));
    }
    for d in &c.delegated_by {
        work.push(delegation_text(w, d, Side::AskedBy));
        work.extend(expect_text(d, look).map(|e| format!("  {e}")));
    }
    field(out, look, "delegations", &work)?;
    let handoffs = handoff_lines(c);
    field(out, look, "handoffs", &handoffs)?;
    if !c.roles.is_empty() {
        writeln!(out)?;
        for line in held_table(w, &c.roles, look) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

fn human_team(w: &Who<'_>, c: &TeamCard<'_>, look: &Look, out: &mut dyn Write) -> io::Result<()> {
    let t = c.team;
    heading(w, look, "team", &t.id, opt(&t.name), w.place(t), out)?;
    if let Some(description) = opt(&t.description) {
        field(out, look, "about", &one(description.trim()))?;
    }
    let contacts = team_contacts(t);
    if !contacts.is_empty() {
        field(out, look, "contact", &one(contacts.join(" · ")))?;
    }
    field(
        out,
        look,
        "lead",
        &one(c.lead.as_ref().map_or("—".to_owned(), |l| w.with_name(l))),
    )?;
    let members: Vec<String> = c.members.iter().map(|m| w.with_name(m)).collect();
    field(
        out,
        look,
        "members",
        &if members.is_empty() {
            one("—")
        } else {
            members
        },
    )?;
    field(
        out,
        look,
        "parent",
        &one(c.parent.as_ref().map_or("—".to_owned(), |p| w.with_name(p))),
    )?;
    let subteams: Vec<&str> = c.subteams.iter().map(|t| t.id.as_str()).collect();
    field(out, look, "sub-teams", &list_or_none(&subteams))?;
    let away: Vec<String> = c
        .away
        .iter()
        .map(|(p, a)| format!("{} {}", p.id, absent_text(a)))
        .collect();
    if !away.is_empty() {
        let mut away = away;
        away[0] = format!("{} {}", look.dim(&format!("on {}:", w.today)), away[0]);
        field(out, look, "away", &away)?;
    }
    field(out, look, "load", &one(load_text(w, &c.load, &c.roles)))?;
    if !c.roles.is_empty() {
        writeln!(out)?;
        for line in held_table(w, &c.roles, look) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
