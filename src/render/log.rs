//! The formats of `own log`: human (a paragraph per commit) and json.

use std::io::{self, Write};

use super::Output;
use super::diff::{Paint, sentence};
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

pub(super) fn timestamp(time: i64, offset: i32) -> Option<jiff::ZonedDateTime> {
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
