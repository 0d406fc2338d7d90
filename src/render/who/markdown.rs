//! `own who` in Markdown.

use super::*;

fn md_list(items: &[&str]) -> String {
    if items.is_empty() {
        "—".to_owned()
    } else {
        items
            .iter()
            .map(|i| text::md_code(i))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `: expectation` after a delegation, on one line.
fn md_expect(d: &Delegation) -> String {
    d.expect.as_ref().map_or(String::new(), |e| {
        let text = e.value.split_whitespace().collect::<Vec<_>>().join(" ");
        format!(": {}", text::md(&text))
    })
}

/// What the answer was read from, under its heading (nothing outside git).
pub(super) fn md_stamp(w: &Who<'_>, out: &mut dyn Write) -> io::Result<()> {
    match w.stamp.filter(|s| s.head.is_some()) {
        Some(stamp) => writeln!(out, "{}\n", crate::render::report::md_stamp(stamp)),
        None => Ok(()),
    }
}

fn md_heading(
    w: &Who<'_>,
    kind: &str,
    id: &str,
    title: Option<&str>,
    place: (&str, usize),
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "## {kind} {}\n", text::md_code(id))?;
    md_stamp(w, out)?;
    if let Some(title) = title {
        writeln!(out, "{}\n", text::md(title))?;
    }
    writeln!(
        out,
        "Defined in {}.\n",
        text::md_code(&format!("{}:{}", place.0, place.1))
    )?;
    if let Some(also) = w.also_line(id) {
        writeln!(out, "{}\n", text::md(&also.replace('`', "")))?;
    }
    Ok(())
}

fn md_held(w: &Who<'_>, held: &[Held<'_>], out: &mut dyn Write) -> io::Result<()> {
    if held.is_empty() {
        return writeln!(out, "No roles.");
    }
    writeln!(out, "| Duty | Role | Through |\n| --- | --- | --- |")?;
    for h in held {
        writeln!(
            out,
            "| {} | {} | {} |",
            text::md_code(&h.duty.id),
            text::md(w.role_name(h.role)),
            h.via.map_or(String::new(), |t| text::md_code(&t.id))
        )?;
    }
    Ok(())
}

pub(crate) fn markdown(w: &Who<'_>, out: &mut dyn Write) -> io::Result<()> {
    match w.card {
        Card::Duty(c) => markdown_duty(w, c, out),
        Card::Person(c) => markdown_person(w, c, out),
        Card::Team(c) => markdown_team(w, c, out),
        Card::Path(c) => owner::markdown_path(w, c, out),
        Card::Alert(c) => owner::markdown_alert(w, c, out),
    }
}

pub(super) fn md_roles_table(
    w: &Who<'_>,
    roles: &[RoleHolders<'_>],
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "| Role | Holder | Name | Contact |\n| --- | --- | --- | --- |"
    )?;
    for rh in roles {
        let role = text::md(w.role_name(rh.role));
        if rh.holders.is_empty() {
            writeln!(out, "| {role} | — | | |")?;
        }
        for h in &rh.holders {
            let kind = if matches!(h, Named::Team(_)) {
                " (team)"
            } else {
                ""
            };
            writeln!(
                out,
                "| {role} | {}{kind} | {} | {} |",
                text::md_code(h.id()),
                text::md(h.name().unwrap_or("")),
                text::md(&holder_contact(h))
            )?;
        }
    }
    Ok(())
}

fn markdown_duty(w: &Who<'_>, c: &DutyCard<'_>, out: &mut dyn Write) -> io::Result<()> {
    let d = c.duty;
    md_heading(w, "Duty", &d.id, opt(&d.fields.title), w.place(d), out)?;
    md_roles_table(w, &c.roles, out)?;
    writeln!(out)?;
    writeln!(out, "- **Skills:** {}", md_list(&values(&d.fields.skills)))?;
    let chain: Vec<String> = c
        .escalation
        .iter()
        .map(|s| {
            let text = step_text(w, s);
            match text.strip_prefix(s.id) {
                Some(mark) if !mark.is_empty() => {
                    format!("{}{}", text::md_code(s.id), text::md(mark))
                }
                _ => text::md_code(s.id),
            }
        })
        .collect();
    let default = if is_default_chain(&c.escalation) && !chain.is_empty() {
        " (default: responsible, accountable, managers)"
    } else {
        ""
    };
    writeln!(
        out,
        "- **Escalation:** {}{default}",
        if chain.is_empty() {
            "—".to_owned()
        } else {
            chain.join(" → ")
        }
    )?;
    writeln!(out, "- **Covering on {}:**", w.today)?;
    if c.covering.is_empty() && c.away.is_empty() {
        writeln!(out, "  - everyone is in; no handoff in effect")?;
    }
    for cv in &c.covering {
        let via = cv
            .via
            .map_or(String::new(), |t| format!(" through {}", text::md_code(t)));
        writeln!(
            out,
            "  - {} covers {} as {}{via} (handoff {}, {})",
            text::md_code(cv.to),
            text::md_code(cv.from),
            text::md(w.role_name(cv.role)),
            text::md_code(&cv.handoff.id),
            until(cv.handoff)
        )?;
    }
    for a in &c.away {
        let by = a.covered_by.map_or(String::new(), |to| {
            format!("; {} covers", text::md_code(to))
        });
        writeln!(
            out,
            "  - {} {}{by}",
            text::md_code(&a.person.id),
            text::md(&absent_text(&a.absent))
        )?;
    }
    writeln!(
        out,
        "- **Delegations:**{}",
        if c.delegations.is_empty() {
            " none open"
        } else {
            ""
        }
    )?;
    for dl in &c.delegations {
        writeln!(
            out,
            "  - {}{}",
            text::md(&delegation_text(w, dl, Side::Duty)),
            md_expect(dl)
        )?;
    }
    writeln!(out, "- **Paths:** {}", md_list(&values(&d.fields.paths)))?;
    writeln!(out, "- **Alerts:** {}", md_list(&values(&d.fields.alerts)))?;
    if !d.fields.receivers.is_empty() {
        writeln!(
            out,
            "- **Receivers:** {}",
            md_list(&values(&d.fields.receivers))
        )?;
    }
    if let Some(runbook) = opt(&d.fields.runbook) {
        writeln!(
            out,
            "- **Runbook:** <{}>",
            runbook.replace(['<', '>', ' '], "")
        )?;
    }
    if !d.fields.tags.is_empty() {
        writeln!(out, "- **Tags:** {}", md_list(&values(&d.fields.tags)))?;
    }
    if let Some(reviewed) = &d.fields.reviewed {
        writeln!(out, "- **Reviewed:** {}", reviewed.value)?;
    }
    Ok(())
}

fn markdown_person(w: &Who<'_>, c: &PersonCard<'_>, out: &mut dyn Write) -> io::Result<()> {
    let p = c.person;
    let name = [opt(&p.name), opt(&p.title)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let name = (!name.is_empty()).then_some(name.as_str());
    md_heading(w, "Person", &p.id, name, w.place(p), out)?;
    let contacts = person_contacts(p);
    if !contacts.is_empty() {
        writeln!(out, "- **Contact:** {}", text::md(&contacts.join(" · ")))?;
    }
    let status = status_lines(w, c);
    let label = if c.absent.is_some() {
        format!("Status on {}", w.today)
    } else {
        "Status".to_owned()
    };
    md_lines(out, &label, &status)?;
    md_lines(out, "Planned", &planned_lines(c))?;
    writeln!(
        out,
        "- **Manager:** {}",
        c.manager
            .as_ref()
            .map_or("—".to_owned(), |m| text::md(&w.with_name(m)))
    )?;
    let reports: Vec<&str> = c.reports.iter().map(|r| r.id.as_str()).collect();
    writeln!(out, "- **Reports:** {}", md_list(&reports))?;
    let teams: Vec<String> = c
        .teams
        .iter()
        .map(|m| text::md(&membership_text(m)))
        .collect();
    writeln!(
        out,
        "- **Teams:** {}",
        if teams.is_empty() {
            "—".to_owned()
        } else {
            teams.join(", ")
        }
    )?;
    writeln!(out, "- **Skills:** {}", md_list(&values(&p.skills)))?;
    writeln!(
        out,
        "- **Load:** {}",
        text::md(&load_text(w, &c.load, &c.roles))
    )?;
    for d in &c.delegated_to {
        writeln!(
            out,
            "- **Delegated to them:** {}{}",
            text::md(&delegation_text(w, d, Side::AskedOf)),
            md_expect(d)
        )?;
    }
    for d in &c.delegated_by {
        writeln!(
            out,
            "- **Delegated by them:** {}{}",
            text::md(&delegation_text(w, d, Side::AskedBy)),
            md_expect(d)
        )?;
    }
    md_lines(out, "Handoffs", &handoff_lines(c))?;
    writeln!(out)?;
    md_held(w, &c.roles, out)
}

/// `- **Label:** first line`, further lines as sub-items; nothing when there are no lines.
fn md_lines(out: &mut dyn Write, label: &str, lines: &[String]) -> io::Result<()> {
    let mut lines = lines.iter();
    let Some(first) = lines.next() else {
        return Ok(());
    };
    writeln!(out, "- **{label}:** {}", text::md(first))?;
    for line in lines {
        writeln!(out, "  - {}", text::md(line))?;
    }
    Ok(())
}

fn markdown_team(w: &Who<'_>, c: &TeamCard<'_>, out: &mut dyn Write) -> io::Result<()> {
    let t = c.team;
    md_heading(w, "Team", &t.id, opt(&t.name), w.place(t), out)?;
    if let Some(description) = opt(&t.description) {
        writeln!(out, "{}\n", text::md(description.trim()))?;
    }
    let contacts = team_contacts(t);
    if !contacts.is_empty() {
        writeln!(out, "- **Contact:** {}", text::md(&contacts.join(" · ")))?;
    }
    let named = |n: &Option<Named<'_>>| {
        n.as_ref()
            .map_or("—".to_owned(), |n| text::md(&w.with_name(n)))
    };
    writeln!(out, "- **Lead:** {}", named(&c.lead))?;
    let members: Vec<String> = c
        .members
        .iter()
        .map(|m| text::md(&w.with_name(m)))
        .collect();
    writeln!(
        out,
        "- **Members:** {}",
        if members.is_empty() {
            "—".to_owned()
        } else {
            members.join(", ")
        }
    )?;
    writeln!(out, "- **Parent:** {}", named(&c.parent))?;
    let subteams: Vec<&str> = c.subteams.iter().map(|t| t.id.as_str()).collect();
    writeln!(out, "- **Sub-teams:** {}", md_list(&subteams))?;
    for (p, a) in &c.away {
        writeln!(
            out,
            "- **Away on {}:** {} {}",
            w.today,
            text::md_code(&p.id),
            text::md(&absent_text(a))
        )?;
    }
    writeln!(
        out,
        "- **Load:** {}",
        text::md(&load_text(w, &c.load, &c.roles))
    )?;
    writeln!(out)?;
    md_held(w, &c.roles, out)
}
