//! The `own who` cards of a path and of an alert name, for the terminal and Markdown: the
//! owning duty, why it wins (the pattern and where it is written), the patterns it beat, and
//! the duty's roles. Their JSON is `render::json::who`'s.

use std::io::{self, Write};

use serde::Serialize;

use super::{Who, field, md_roles_table, md_stamp, one, roles_table};
use crate::model::org::Defined;
use crate::model::{Duty, Spanned};
use crate::query::path::PathOwner;
use crate::query::{AlertCard, PathCard};
use crate::render::text::{self, Look};
use crate::source::Loc;

/// A (duty, pattern) pair of a path's or an alert's answer.
pub(in crate::render) type Hit<'h> = (&'h Defined<Duty>, &'h Spanned<String>);

/// Where a pattern is written: its file (relative to the root), line and column.
#[derive(Clone, Copy, Serialize)]
pub(in crate::render) struct At<'a> {
    file: &'a str,
    line: usize,
    column: usize,
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

pub(in crate::render) fn pattern_at<'a>(
    w: &'a Who<'_>,
    duty: &Defined<Duty>,
    pattern: &Spanned<String>,
) -> At<'a> {
    loc_at(w, duty.at(pattern.span))
}

pub(in crate::render) fn loc_at<'a>(w: &'a Who<'_>, loc: Loc) -> At<'a> {
    let file = w.sources.get(loc.file);
    let lc = file.line_col(loc.span.start);
    At {
        file: &file.name,
        line: lc.line,
        column: lc.column,
    }
}

/// `/src/ (core-code, own.yaml:10:15)`.
fn hit_text(w: &Who<'_>, duty: &Defined<Duty>, pattern: &Spanned<String>) -> String {
    format!(
        "{} ({}, {})",
        pattern.value,
        duty.id,
        pattern_at(w, duty, pattern)
    )
}

/// "`team-db-pager` (database-ops) by team=\"db\" (alertmanager.yml:12:7)".
fn route_text(w: &Who<'_>, route: &crate::query::alert::RouteAnswer<'_>) -> String {
    let owners = match route.duties.as_slice() {
        [] => "owned by no duty".to_owned(),
        duties => duties.join(", "),
    };
    let by = if route.matchers.is_empty() {
        "the default route".to_owned()
    } else {
        route.matchers.join(", ")
    };
    format!(
        "`{}` ({owners}) by {by} ({})",
        route.receiver,
        loc_at(w, route.route)
    )
}

/// `networking: Keep the network up`.
fn owned_by(duty: &Defined<Duty>) -> String {
    match duty.title() {
        Some(t) => format!("{}: {t}", duty.id),
        None => duty.id.clone(),
    }
}

// ---- human -------------------------------------------------------------------------------

fn hit_texts<'h>(w: &Who<'_>, hits: impl Iterator<Item = Hit<'h>>) -> Vec<String> {
    hits.map(|(duty, pattern)| hit_text(w, duty, pattern))
        .collect()
}

/// The winning duty and its pattern.
fn human_owner(
    w: &Who<'_>,
    duty: &Defined<Duty>,
    pattern: &Spanned<String>,
    look: &Look,
    out: &mut dyn Write,
) -> io::Result<()> {
    field(out, look, "duty", &one(owned_by(duty)))?;
    field(
        out,
        look,
        "pattern",
        &one(format!(
            "{} at {}",
            pattern.value,
            pattern_at(w, duty, pattern)
        )),
    )
}

/// The patterns the winner beat, then the winner's roles.
fn human_tail<'h>(
    w: &Who<'_>,
    beaten: impl Iterator<Item = Hit<'h>>,
    winner: Option<&Defined<Duty>>,
    roles: &[crate::query::RoleHolders<'_>],
    look: &Look,
    out: &mut dyn Write,
) -> io::Result<()> {
    field(out, look, "beat", &hit_texts(w, beaten))?;
    match winner {
        Some(duty) => roles_and_hint(w, duty, roles, look, out),
        None => Ok(()),
    }
}

fn roles_and_hint(
    w: &Who<'_>,
    duty: &Defined<Duty>,
    roles: &[crate::query::RoleHolders<'_>],
    look: &Look,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out)?;
    for line in roles_table(w, roles, look) {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        look.dim(&format!(
            "`own who {}` shows its escalation chain and who covers on {}",
            duty.id, w.today
        ))
    )
}

pub(super) fn human_path(
    w: &Who<'_>,
    c: &PathCard<'_>,
    look: &Look,
    out: &mut dyn Write,
) -> io::Result<()> {
    let a = &c.answer;
    writeln!(out, "path {}", look.bold(&a.path))?;
    if a.target.dir {
        writeln!(
            out,
            "{}",
            look.dim("a folder: answered for a new file directly inside it")
        )?;
    } else if !a.target.exists {
        writeln!(
            out,
            "{}",
            look.dim("not in the working tree: answered from the patterns")
        )?;
    }
    writeln!(out)?;
    match (a.owner, a.winner()) {
        (PathOwner::Owned, Some(win)) => human_owner(w, win.duty, win.pattern, look, out)?,
        (PathOwner::Conflict(n), _) => {
            field(
                out,
                look,
                "duty",
                &one(format!(
                    "none: {n} patterns of different duties are equally specific (own::path-conflict)"
                )),
            )?;
            let tied = hit_texts(w, a.conflict().iter().map(|h| (h.duty, h.pattern)));
            field(out, look, "conflict", &tied)?;
        }
        _ => field(
            out,
            look,
            "duty",
            &one("none: no duty's `paths:` pattern matches it"),
        )?,
    }
    human_tail(
        w,
        a.beaten().iter().map(|h| (h.duty, h.pattern)),
        a.winner().map(|h| h.duty),
        &c.roles,
        look,
        out,
    )
}

pub(super) fn human_alert(
    w: &Who<'_>,
    c: &AlertCard<'_>,
    look: &Look,
    out: &mut dyn Write,
) -> io::Result<()> {
    let a = &c.answer;
    writeln!(out, "alert {}\n", look.bold(&a.name))?;
    match a.winner() {
        Some(win) => human_owner(w, win.duty, win.pattern, look, out)?,
        None => field(
            out,
            look,
            "duty",
            &one("none: no duty's `alerts:` pattern matches it (own::unowned-alert)"),
        )?,
    }
    let defined: Vec<String> = a
        .defined
        .iter()
        .map(|l| loc_at(w, *l).to_string())
        .collect();
    if defined.is_empty() {
        if !w.org.manifest.coverage.alerts.is_empty() {
            field(
                out,
                look,
                "defined in",
                &one(look.dim("no `coverage.alerts` source")),
            )?;
        }
    } else {
        field(out, look, "defined in", &defined)?;
    }
    if !a.routes.is_empty() {
        let routed: Vec<String> = a.routes.iter().map(|r| route_text(w, r)).collect();
        field(out, look, "routed to", &routed)?;
    }
    human_tail(
        w,
        a.beaten().iter().map(|h| (h.duty, h.pattern)),
        a.winner().map(|h| h.duty),
        &c.roles,
        look,
        out,
    )
}

// ---- Markdown ----------------------------------------------------------------------------

fn md_hits<'h>(w: &Who<'_>, hits: impl Iterator<Item = Hit<'h>>) -> String {
    hits.map(|(duty, pattern)| {
        format!(
            "{} ({}, {})",
            text::md_code(&pattern.value),
            text::md_code(&duty.id),
            text::md_code(&pattern_at(w, duty, pattern).to_string())
        )
    })
    .collect::<Vec<_>>()
    .join(", ")
}

/// The patterns the winner beat, then the winner's roles (when something wins).
fn md_tail<'h>(
    w: &Who<'_>,
    beaten: impl Iterator<Item = Hit<'h>>,
    owned: bool,
    roles: &[crate::query::RoleHolders<'_>],
    out: &mut dyn Write,
) -> io::Result<()> {
    let beaten = md_hits(w, beaten);
    if !beaten.is_empty() {
        writeln!(out, "- **Beat:** {beaten}")?;
    }
    if owned {
        writeln!(out)?;
        md_roles_table(w, roles, out)?;
    }
    Ok(())
}

fn md_owner(
    w: &Who<'_>,
    duty: &Defined<Duty>,
    pattern: &Spanned<String>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match duty.title() {
        Some(t) => writeln!(
            out,
            "Owned by duty {}: {}\n",
            text::md_code(&duty.id),
            text::md(t)
        )?,
        None => writeln!(out, "Owned by duty {}.\n", text::md_code(&duty.id))?,
    }
    writeln!(
        out,
        "- **Pattern:** {} in {}",
        text::md_code(&pattern.value),
        text::md_code(&pattern_at(w, duty, pattern).to_string())
    )
}

pub(super) fn markdown_path(w: &Who<'_>, c: &PathCard<'_>, out: &mut dyn Write) -> io::Result<()> {
    let a = &c.answer;
    writeln!(out, "## Path {}\n", text::md_code(&a.path))?;
    md_stamp(w, out)?;
    if a.target.dir {
        writeln!(
            out,
            "A folder: answered for a new file directly inside it.\n"
        )?;
    } else if !a.target.exists {
        writeln!(
            out,
            "Not in the working tree: answered from the patterns.\n"
        )?;
    }
    match a.winner() {
        Some(win) => md_owner(w, win.duty, win.pattern, out)?,
        None if !a.conflict().is_empty() => {
            writeln!(
                out,
                "Owned by no duty: equally specific patterns of different duties claim it (`own::path-conflict`).\n"
            )?;
            writeln!(
                out,
                "- **Conflict:** {}",
                md_hits(w, a.conflict().iter().map(|h| (h.duty, h.pattern)))
            )?;
        }
        None => writeln!(
            out,
            "Owned by no duty: no duty's `paths:` pattern matches it.\n"
        )?,
    }
    md_tail(
        w,
        a.beaten().iter().map(|h| (h.duty, h.pattern)),
        a.winner().is_some(),
        &c.roles,
        out,
    )
}

pub(super) fn markdown_alert(
    w: &Who<'_>,
    c: &AlertCard<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let a = &c.answer;
    writeln!(out, "## Alert {}\n", text::md_code(&a.name))?;
    md_stamp(w, out)?;
    match a.winner() {
        Some(win) => md_owner(w, win.duty, win.pattern, out)?,
        None => writeln!(
            out,
            "Owned by no duty: no duty's `alerts:` pattern matches it (`own::unowned-alert`).\n"
        )?,
    }
    if !a.defined.is_empty() {
        let places: Vec<String> = a
            .defined
            .iter()
            .map(|l| text::md_code(&loc_at(w, *l).to_string()))
            .collect();
        writeln!(out, "- **Defined in:** {}", places.join(", "))?;
    }
    for route in &a.routes {
        writeln!(
            out,
            "- **Routed to:** {}",
            text::md_message(&route_text(w, route))
        )?;
    }
    md_tail(
        w,
        a.beaten().iter().map(|h| (h.duty, h.pattern)),
        a.winner().is_some(),
        &c.roles,
        out,
    )
}
