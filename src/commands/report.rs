//! `own report KIND`: the responsibility matrix, each person's load, coverage, reviews and
//! delegations, for the terminal, Markdown, CSV, JSON or one self-contained HTML page.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::cli::Env;
use crate::error::{Error, Result};
use crate::load::Loaded;
use crate::render::Output;
use crate::render::report::{self as render, ReportView};
use crate::render::text::Look;
use crate::report::{self, Filter, Kind};

/// Reports for managers and auditors: the responsibility matrix, load per person, coverage of
/// duties, files and alert types, reviews due, and delegated work.
///
/// In the terminal a matrix wider than the window is split into column groups, each
/// repeating the duty column. `--format html` writes one self-contained page (the matrix with
/// a filter box, load bars and coverage figures, the KIND's section first); open it in any
/// browser, no network needed.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// What to report.
    #[arg(value_enum, value_name = "KIND")]
    pub(crate) kind: Kind,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table, value_name = "FORMAT")]
    pub(crate) format: Format,

    /// Only duties where this team, its lead or a member holds a role; only that team and its
    /// people as columns (repeatable).
    #[arg(long, value_name = "TEAM")]
    pub(crate) team: Vec<String>,

    /// Only duties with this tag (repeatable: any of them).
    #[arg(long, value_name = "TAG")]
    pub(crate) tag: Vec<String>,

    /// Only duties where this person holds a role, directly or through a team (repeatable).
    #[arg(long, value_name = "PERSON")]
    pub(crate) person: Vec<String>,

    /// Write the report to FILE (atomically: all or nothing) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A table for the terminal.
    Table,
    /// Markdown tables.
    Markdown,
    /// Comma-separated values: the matrix as duty id, then one column per team or person.
    Csv,
    /// The JSON contract (version 1).
    Json,
    /// One self-contained HTML page.
    Html,
}

pub(crate) fn run(env: &Env, args: &Args, out: &mut Output) -> Result<u8> {
    let mut session = super::load_org(env)?;
    super::note_left_out(env, &session.loaded.org);
    // Files and alert types are read only for the reports that show them: coverage, and the
    // HTML page (whose coverage cards every kind shows).
    let owned = if args.kind == Kind::Coverage || args.format == Format::Html {
        Some(session.coverage(env)?)
    } else {
        None
    };
    let code = write_report(env, args, &session, owned.as_ref(), out);
    // The process ends next; the OS frees a large organisation faster than its drop would.
    std::mem::forget(session);
    std::mem::forget(owned);
    code
}

fn write_report(
    env: &Env,
    args: &Args,
    session: &super::Session,
    owned: Option<&super::Coverage>,
    out: &mut Output,
) -> Result<u8> {
    let started = std::time::Instant::now();
    let (root, loaded): (&std::path::Path, &Loaded) = (session.root(), &session.loaded);
    let org = &loaded.org;
    let filter = Filter {
        teams: args.team.clone(),
        tags: args.tag.clone(),
        people: args.person.clone(),
    };
    let selection = report::select(org, &filter)?;
    let matrix = report::matrix(org, &selection);
    let through =
        (args.format == Format::Html).then(|| report::through_teams(org, &selection, &matrix));
    let people = report::people(org, &selection, env.today);
    let coverage = report::coverage(
        org,
        &selection,
        &people,
        (
            owned.and_then(|o| o.paths.as_ref()),
            owned.map(|o| &o.alerts),
        ),
    );
    let view = ReportView {
        org,
        sources: &loaded.sources,
        kind: args.kind,
        filter: &filter,
        today: env.today,
        reviews: report::reviews(org, &selection, env.today),
        delegations: report::delegations(org, &selection, env.now),
        letters: org.scheme.letters(),
        matrix,
        through,
        people,
        coverage,
        root_name: root.file_name().map_or_else(
            || root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        // The formats that name what they were made from; the alert sources are part of
        // the content when coverage was read.
        stamp: matches!(args.format, Format::Html | Format::Markdown | Format::Json)
            .then(|| session.stamp(env, owned.is_some())),
    };
    env.trace(|| format!("built the report in {:.0?}", started.elapsed()));
    let dense = matches!(args.format, Format::Table | Format::Markdown);
    if args.kind == Kind::Matrix && dense && !view.matrix.is_readable() {
        let (message, help) = view.matrix.too_large();
        return Err(Error::Usage {
            message,
            help: Some(help.to_owned()),
        });
    }
    let write = |look: &Look, w: &mut dyn std::io::Write| match args.format {
        Format::Table => render::table(&view, look, w),
        Format::Markdown => render::markdown(&view, w),
        Format::Csv => render::csv(&view, w),
        Format::Json => render::json(&view, w),
        Format::Html => crate::render::html::page(&view, w),
    };
    match &args.output {
        Some(path) => {
            // A file gets no colour and no width limit.
            crate::render::write_atomic_with(path, |w| write(&Look::default(), w))?;
            env.trace(|| format!("wrote {}", path.display()));
        }
        None => write(&Look::stdout(out.color), out).map_err(crate::render::write_error)?,
    }
    Ok(crate::EXIT_OK)
}
