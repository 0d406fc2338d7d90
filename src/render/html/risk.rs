//! The page's key-person risk section: a bar per person at risk (the duties that would lose
//! their only accountable, then those that would lose only their last responsible, in
//! proportion to the person most at risk), the duties resting on one person, and the people
//! over `policy.max-accountable`. Plain CSS; the page's script does not touch it.

use std::io::{self, Write};

use super::esc;
use crate::render::report::ReportView;
use crate::render::report::risk::{
    explained, over_text, policy_text, role_words, sentence, summary,
};

const NONE: &str = "<span class=\"none\">—</span>";

/// Text whose backticked parts are ids: escaped, the ids as code.
fn with_code(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(part))
            } else {
                esc(part)
            }
        })
        .collect()
}

fn codes<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let list: Vec<String> = ids.map(|i| format!("<code>{}</code>", esc(i))).collect();
    if list.is_empty() {
        NONE.to_owned()
    } else {
        list.join(", ")
    }
}

pub(super) fn section(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    let risk = &view.risk;
    let (owner, doer) = role_words(view);
    writeln!(out, "<section id=\"risk\">\n<h2>Key-person risk</h2>")?;
    writeln!(
        out,
        "<p class=\"meta\">{}; being away is not leaving.</p>",
        esc(&sentence(&explained(risk, (&owner, &doer))))
    )?;
    let at_risk = risk.at_risk();
    if at_risk.is_empty() {
        writeln!(
            out,
            "<p class=\"meta\">Nobody is the only {} or the last {} of a duty.</p>",
            esc(&owner),
            esc(&doer)
        )?;
    } else {
        writeln!(
            out,
            "<div class=\"legend\"><span class=\"chip r0\">no {}</span><span class=\"chip r1\">no {}, the {0} stays</span></div>",
            esc(&owner),
            esc(&doer)
        )?;
        let mut head =
            String::from("<th>Person</th><th>Duties lost</th><th class=\"num\">Duties</th>");
        if risk.files_counted {
            head.push_str("<th class=\"num\">Files</th>");
        }
        if risk.alerts_counted {
            head.push_str("<th class=\"num\">Alerts</th>");
        }
        writeln!(
            out,
            "<table class=\"load\" id=\"risk-people\">\n<thead><tr>{head}<th>Only {} of</th><th>Last {} of</th></tr></thead>\n<tbody>",
            esc(&owner),
            esc(&doer)
        )?;
        let max = at_risk.iter().map(|p| p.duties).max().unwrap_or(1).max(1);
        for p in at_risk {
            let person = p.person;
            write!(
                out,
                "<tr data-risk=\"{}\"><td class=\"who\"><code>{}</code>",
                esc(&person.id),
                esc(&person.id)
            )?;
            if let Some(name) = &person.name {
                write!(out, "<small>{}</small>", esc(&name.value))?;
            }
            write!(out, "</td><td><div class=\"bar\">")?;
            // The duties without an accountable, then those left only without a responsible.
            let accountable = p.accountable_lost.len();
            for (class, n, what) in [
                ("r0", accountable, &owner),
                ("r1", p.duties - accountable, &doer),
            ] {
                if n == 0 {
                    continue;
                }
                let width = (n as f64) * 100.0 / (max as f64);
                write!(
                    out,
                    "<span class=\"{class}\" style=\"width:{width:.2}%\" title=\"{n} would have no {}\"></span>",
                    esc(what)
                )?;
            }
            write!(out, "</div></td><td class=\"num\">{}</td>", p.duties)?;
            if risk.files_counted {
                write!(out, "<td class=\"num\">{}</td>", p.files)?;
            }
            if risk.alerts_counted {
                write!(out, "<td class=\"num\">{}</td>", p.alerts)?;
            }
            writeln!(
                out,
                "<td>{}</td><td>{}</td></tr>",
                codes(p.accountable_lost.iter().map(|d| d.id.as_str())),
                codes(p.responsible_lost.iter().map(|d| d.id.as_str()))
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }
    let summary = summary(risk);
    if !summary.is_empty() {
        writeln!(out, "<p class=\"meta\">{}.</p>", esc(&sentence(&summary)))?;
    }

    let single = &risk.single_responsible;
    writeln!(
        out,
        "<h3>Resting on one person: {}</h3>",
        super::count(single.len(), "duty", "duties")
    )?;
    if !single.is_empty() {
        writeln!(
            out,
            "<table class=\"load\" id=\"risk-single\">\n<thead><tr><th>Duty</th><th>Person</th><th>Also its {}</th></tr></thead>\n<tbody>",
            esc(&owner)
        )?;
        for s in single {
            writeln!(
                out,
                "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
                esc(&s.duty.id),
                esc(&s.person.id),
                if s.also_accountable { "yes" } else { NONE }
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }

    writeln!(
        out,
        "<h3>Over the policy</h3>\n<p class=\"meta\">{}.</p>",
        with_code(&sentence(&policy_text(risk)))
    )?;
    if !risk.over_limit.is_empty() {
        writeln!(
            out,
            "<table class=\"load\" id=\"risk-over\">\n<thead><tr><th>Person</th><th class=\"num\">{} for</th><th class=\"num\">Limit</th></tr></thead>\n<tbody>",
            esc(&sentence(&owner))
        )?;
        for o in &risk.over_limit {
            writeln!(
                out,
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&o.person.id),
                esc(&over_text(o)),
                o.limit
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }
    writeln!(out, "</section>")
}
