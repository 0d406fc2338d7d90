//! `own log --format json`: the commits that changed what was asked about, newest first.

use std::io::{self, Write};

use serde::Serialize;

use crate::diff::Change;
use crate::render::log::{LogReport, timestamp};

#[derive(Serialize)]
struct LogJson<'a> {
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

pub(crate) fn json(report: &LogReport<'_>, out: &mut dyn Write) -> io::Result<()> {
    let body = LogJson {
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
    super::write(out, None, body)
}
