//! The formats of `own log`: human (a paragraph per commit) and json.

use std::io::{self, Write};

use serde::Serialize;

use super::Output;
use super::diff::{Paint, sentence};
use crate::diff::Change;
use crate::history::Entry;

pub(crate) struct LogReport<'a> {
    pub(crate) query: Option<&'a str>,
    pub(crate) entries: &'a [Entry],
    /// Near ids, when the query found nothing and names nothing that exists.
    pub(crate) suggestions: &'a [String],
}

/// A commit's author date as `2026-03-02`, in the author's own offset.
fn day(time: i64, offset: i32) -> String {
    // Past jiff's range (year 9999), the day is computed by hand.
    timestamp(time, offset).map_or_else(
        || crate::git::format_day(time.saturating_add(i64::from(offset) * 60)),
        |z| z.date().to_string(),
    )
}

fn timestamp(time: i64, offset: i32) -> Option<jiff::ZonedDateTime> {
    let offset = jiff::tz::Offset::from_seconds(offset.saturating_mul(60)).ok()?;
    let ts = jiff::Timestamp::from_second(time).ok()?;
    Some(ts.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset)))
}

pub(crate) fn human(report: &LogReport<'_>, out: &mut Output) -> io::Result<()> {
    let paint = Paint(out.color);
    if report.entries.is_empty() {
        match report.query {
            Some(query) => write!(out, "no commit changed `{query}`")?,
            None => write!(out, "no commit changed the ownership files")?,
        }
        match report.suggestions {
            [] => writeln!(out)?,
            near => writeln!(
                out,
                "; did you mean {}?",
                near.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )?,
        }
        return Ok(());
    }
    for (i, entry) in report.entries.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let c = &entry.commit;
        writeln!(
            out,
            "{} {} {} ({})",
            paint.yellow(&c.short),
            day(c.time, c.offset),
            paint.bold(&super::text::one_line(&c.subject)),
            super::text::one_line(&c.author)
        )?;
        if let Some(owner) = &entry.owner {
            let name = |d: &Option<String>| match d {
                Some(id) => format!("`{id}`"),
                None => "nobody".to_owned(),
            };
            writeln!(
                out,
                "  ~ `{}` moves from {} to {}",
                owner.path,
                name(&owner.from),
                name(&owner.to)
            )?;
        }
        for change in &entry.changes {
            writeln!(out, "  {} {}", paint.marker(change), sentence(change))?;
        }
        for file in &entry.unreadable {
            writeln!(out, "  {} cannot read {file}", paint.yellow("!"))?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct LogJson<'a> {
    version: u32,
    query: Option<&'a str>,
    entries: Vec<EntryJson<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    suggestions: &'a [String],
}

#[derive(Serialize)]
struct EntryJson<'a> {
    commit: String,
    short: &'a str,
    date: String,
    author: &'a str,
    email: &'a str,
    subject: &'a str,
    changes: &'a [Change],
    unreadable: &'a [String],
    /// For the history of a path: its owning duty before and after the commit.
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a crate::history::OwnerChange>,
}

pub(crate) fn json(report: &LogReport<'_>, out: &mut Output) -> io::Result<()> {
    let body = LogJson {
        version: 1,
        query: report.query,
        entries: report
            .entries
            .iter()
            .map(|e| EntryJson {
                commit: e.commit.id.to_string(),
                short: &e.commit.short,
                date: timestamp(e.commit.time, e.commit.offset).map_or_else(
                    || crate::git::format_instant(e.commit.time),
                    |z| z.timestamp().to_string(),
                ),
                author: &e.commit.author,
                email: &e.commit.email,
                subject: &e.commit.subject,
                changes: &e.changes,
                unreadable: &e.unreadable,
                owner: e.owner.as_ref(),
            })
            .collect(),
        suggestions: report.suggestions,
    };
    serde_json::to_writer_pretty(&mut *out, &body)?;
    writeln!(out)
}
