//! The `own who` cards of a path and of an alert name: the owning duty, why it wins (the
//! pattern and where it is written), the patterns it beat, and the duty's roles.

use std::io::{self, Write};

use serde::Serialize;

use super::{
    HolderJson, Who, field, holders_json, md_roles_table, one, roles_json, roles_table, write_json,
};
use crate::model::org::Defined;
use crate::model::{Duty, Spanned};
use crate::query::alert::AlertHit;
use crate::query::path::{PathHit, PathOwner};
use crate::query::{AlertCard, PathCard};
use crate::render::text::{self, JsonMap, Look};
use crate::source::Loc;

/// Where a pattern is written: its file (relative to the root), line and column.
#[derive(Clone, Copy, Serialize)]
struct At<'a> {
    file: &'a str,
    line: usize,
    column: usize,
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

fn pattern_at<'a>(w: &'a Who<'_>, duty: &Defined<Duty>, pattern: &Spanned<String>) -> At<'a> {
    loc_at(w, duty.at(pattern.span))
}

fn loc_at<'a>(w: &'a Who<'_>, loc: Loc) -> At<'a> {
    let file = w.sources.get(loc.file);
    let lc = file.line_col(loc.span.start);
    At {
        file: &file.name,
        line: lc.line,
        column: lc.column,
    }
}

fn title(duty: &Defined<Duty>) -> Option<&str> {
    duty.fields.title.as_ref().map(|t| t.value.as_str())
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

/// `networking: Keep the network up`.
fn owned_by(duty: &Defined<Duty>) -> String {
    match title(duty) {
        Some(t) => format!("{}: {t}", duty.id),
        None => duty.id.clone(),
    }
}

// ---- human -------------------------------------------------------------------------------

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
        (PathOwner::Owned, Some(win)) => {
            field(out, look, "duty", &one(owned_by(win.duty)))?;
            field(
                out,
                look,
                "pattern",
                &one(format!(
                    "{} at {}",
                    win.pattern.value,
                    pattern_at(w, win.duty, win.pattern)
                )),
            )?;
        }
        (PathOwner::Conflict(n), _) => {
            field(
                out,
                look,
                "duty",
                &one(format!(
                    "none: {n} patterns of different duties are equally specific (own::path-conflict)"
                )),
            )?;
            let tied: Vec<String> = a
                .conflict()
                .iter()
                .map(|h| hit_text(w, h.duty, h.pattern))
                .collect();
            field(out, look, "conflict", &tied)?;
        }
        _ => field(
            out,
            look,
            "duty",
            &one("none: no duty's `paths:` pattern matches it"),
        )?,
    }
    let beaten: Vec<String> = a
        .beaten()
        .iter()
        .map(|h| hit_text(w, h.duty, h.pattern))
        .collect();
    field(out, look, "beat", &beaten)?;
    if let Some(win) = a.winner() {
        roles_and_hint(w, win.duty, &c.roles, look, out)?;
    }
    Ok(())
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
        Some(win) => {
            field(out, look, "duty", &one(owned_by(win.duty)))?;
            field(
                out,
                look,
                "pattern",
                &one(format!(
                    "{} at {}",
                    win.pattern.value,
                    pattern_at(w, win.duty, win.pattern)
                )),
            )?;
        }
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
    let beaten: Vec<String> = a
        .beaten()
        .iter()
        .map(|h| hit_text(w, h.duty, h.pattern))
        .collect();
    field(out, look, "beat", &beaten)?;
    if let Some(win) = a.winner() {
        roles_and_hint(w, win.duty, &c.roles, look, out)?;
    }
    Ok(())
}

// ---- JSON --------------------------------------------------------------------------------

#[derive(Serialize)]
struct HitJson<'a> {
    duty: &'a str,
    pattern: &'a str,
    defined_at: At<'a>,
}

fn path_hits<'a>(w: &'a Who<'_>, hits: &[PathHit<'a>]) -> Vec<HitJson<'a>> {
    hits.iter()
        .map(|h| HitJson {
            duty: &h.duty.id,
            pattern: &h.pattern.value,
            defined_at: pattern_at(w, h.duty, h.pattern),
        })
        .collect()
}

fn alert_hits<'a>(w: &'a Who<'_>, hits: &[AlertHit<'a>]) -> Vec<HitJson<'a>> {
    hits.iter()
        .map(|h| HitJson {
            duty: &h.duty.id,
            pattern: &h.pattern.value,
            defined_at: pattern_at(w, h.duty, h.pattern),
        })
        .collect()
}

#[derive(Serialize)]
struct PathJson<'a> {
    version: u32,
    kind: &'static str,
    /// Relative to the repository root; a folder ends with `/`.
    path: &'a str,
    /// `null` when no duty matches, or two tie (see `conflict`).
    duty: Option<&'a str>,
    title: Option<&'a str>,
    pattern: Option<&'a str>,
    defined_at: Option<At<'a>>,
    roles: JsonMap<&'a str, Vec<&'a str>>,
    holders: Vec<HolderJson<'a>>,
    /// The other matching patterns, most specific first.
    beaten: Vec<HitJson<'a>>,
    /// Equally specific patterns of different duties (then `duty` is `null`).
    conflict: Vec<HitJson<'a>>,
    directory: bool,
    exists: bool,
    date: String,
    also: Vec<&'static str>,
}

pub(super) fn json_path(
    w: &Who<'_>,
    c: &PathCard<'_>,
    date: String,
    also: Vec<&'static str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let a = &c.answer;
    let win = a.winner();
    write_json(
        out,
        &PathJson {
            version: 1,
            kind: "path",
            path: &a.path,
            duty: win.map(|h| h.duty.id.as_str()),
            title: win.and_then(|h| title(h.duty)),
            pattern: win.map(|h| h.pattern.value.as_str()),
            defined_at: win.map(|h| pattern_at(w, h.duty, h.pattern)),
            roles: roles_json(w, &c.roles),
            holders: holders_json(&c.roles),
            beaten: path_hits(w, a.beaten()),
            conflict: path_hits(w, a.conflict()),
            directory: a.target.dir,
            exists: a.target.exists,
            date,
            also,
        },
    )
}

#[derive(Serialize)]
struct AlertJson<'a> {
    version: u32,
    kind: &'static str,
    alert: &'a str,
    /// `null` when no duty's pattern matches.
    duty: Option<&'a str>,
    title: Option<&'a str>,
    pattern: Option<&'a str>,
    defined_at: Option<At<'a>>,
    roles: JsonMap<&'a str, Vec<&'a str>>,
    holders: Vec<HolderJson<'a>>,
    beaten: Vec<HitJson<'a>>,
    /// Where the alert is defined in the `coverage.alerts` sources.
    sources: Vec<At<'a>>,
    date: String,
    also: Vec<&'static str>,
}

pub(super) fn json_alert(
    w: &Who<'_>,
    c: &AlertCard<'_>,
    date: String,
    also: Vec<&'static str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let a = &c.answer;
    let win = a.winner();
    write_json(
        out,
        &AlertJson {
            version: 1,
            kind: "alert",
            alert: &a.name,
            duty: win.map(|h| h.duty.id.as_str()),
            title: win.and_then(|h| title(h.duty)),
            pattern: win.map(|h| h.pattern.value.as_str()),
            defined_at: win.map(|h| pattern_at(w, h.duty, h.pattern)),
            roles: roles_json(w, &c.roles),
            holders: holders_json(&c.roles),
            beaten: alert_hits(w, a.beaten()),
            sources: a.defined.iter().map(|l| loc_at(w, *l)).collect(),
            date,
            also,
        },
    )
}

// ---- Markdown ----------------------------------------------------------------------------

fn md_hits<'h>(
    w: &Who<'_>,
    hits: impl Iterator<Item = (&'h Defined<Duty>, &'h Spanned<String>)>,
) -> String {
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

fn md_owner(
    w: &Who<'_>,
    duty: &Defined<Duty>,
    pattern: &Spanned<String>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match title(duty) {
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
    if !a.beaten().is_empty() {
        writeln!(
            out,
            "- **Beat:** {}",
            md_hits(w, a.beaten().iter().map(|h| (h.duty, h.pattern)))
        )?;
    }
    if a.winner().is_some() {
        writeln!(out)?;
        md_roles_table(w, &c.roles, out)?;
    }
    Ok(())
}

pub(super) fn markdown_alert(
    w: &Who<'_>,
    c: &AlertCard<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let a = &c.answer;
    writeln!(out, "## Alert {}\n", text::md_code(&a.name))?;
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
    if !a.beaten().is_empty() {
        writeln!(
            out,
            "- **Beat:** {}",
            md_hits(w, a.beaten().iter().map(|h| (h.duty, h.pattern)))
        )?;
    }
    if a.winner().is_some() {
        writeln!(out)?;
        md_roles_table(w, &c.roles, out)?;
    }
    Ok(())
}
