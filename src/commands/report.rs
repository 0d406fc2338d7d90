//! `own report KIND`: the responsibility matrix, each person's load, coverage, key-person
//! risk, reviews and delegations, for the terminal, Markdown, CSV, JSON or one
//! self-contained HTML page.

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
/// duties, files and alert types, key-person risk, reviews due, and delegated work.
///
/// `risk` asks, for everyone at once: if this person left, which duties would have no
/// accountable (the people the owner role's holders stand for, leaving out those who have
/// left, are this person alone) or no responsible (the same for all the doer roles' holders),
/// and how many files under coverage and alerts those duties own. A team stands for its
/// members and lead; a person with `status: left` stands for nobody; being away is not
/// leaving. A duty with no responsible at all is nobody's risk (`own report coverage` lists
/// it). Then the duties whose responsible is one person, and the people accountable, directly
/// or through a team, for more duties than `policy.max-accountable` allows (over every duty,
/// whatever the filter; `own::max-accountable` counts only the duties naming the person). The
/// table, Markdown and HTML leave out the people who hold no sole role and say how many; CSV
/// and JSON list everyone who has not left. Most at risk first: duties, then files, then
/// alerts lost, then id.
///
/// In the terminal a matrix wider than the window is split into column groups, each
/// repeating the duty column. `--format html` writes one self-contained page (the matrix with
/// a filter box, load bars, coverage figures and risk bars, the KIND's section first); open it
/// in any browser, no network needed.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// What to report.
    #[arg(value_enum, value_name = "KIND")]
    pub(crate) kind: KindArg,

    /// With `files`: only the files no duty owns.
    #[arg(long)]
    pub(crate) unowned: bool,

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

/// The kinds of report: those the HTML page holds, and the file list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum KindArg {
    /// Duties × people and teams, with the role letters in the cells.
    Matrix,
    /// Each person's load: duties per role, accountable for, teams, delegations, handoffs and
    /// absences.
    People,
    /// Duties without a responsible or accountable, people and teams without a role, files
    /// and alert types no duty owns, path patterns that match nothing.
    Coverage,
    /// Key-person risk: per person, the duties, files and alerts that would lose their
    /// accountable or last responsible if they left, most at risk first; duties resting on
    /// one person; people over `policy.max-accountable`.
    Risk,
    /// Each duty's last review and when the next is due (`policy.review-every`).
    Reviews,
    /// Delegated work: overdue, open and done.
    Delegations,
    /// Every alert and detection: its source and format, owning duty, and where it is
    /// routed.
    Alerts,
    /// Every file under coverage (tracked files in git) with its duty, winning pattern,
    /// accountable and responsible (`--unowned`: only the files without).
    Files,
}

impl KindArg {
    fn report(self) -> Option<Kind> {
        Some(match self {
            KindArg::Matrix => Kind::Matrix,
            KindArg::People => Kind::People,
            KindArg::Coverage => Kind::Coverage,
            KindArg::Risk => Kind::Risk,
            KindArg::Reviews => Kind::Reviews,
            KindArg::Delegations => Kind::Delegations,
            KindArg::Alerts => Kind::Alerts,
            KindArg::Files => return None,
        })
    }
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
    if args.unowned && args.kind != KindArg::Files {
        return Err(Error::usage("`--unowned` goes with `own report files`"));
    }
    let mut session = super::load_org(env)?;
    super::note_left_out(env, &session.loaded.org);
    let Some(kind) = args.kind.report() else {
        let code = files(env, args, &mut session, out);
        std::mem::forget(session);
        return code;
    };
    // Files and alert types are read only for the reports that show them: coverage, risk,
    // alerts, and the HTML page (whose coverage cards every kind shows).
    let owned = if matches!(kind, Kind::Coverage | Kind::Risk | Kind::Alerts)
        || args.format == Format::Html
    {
        Some(session.coverage(env)?)
    } else {
        None
    };
    let code = write_report(env, args, kind, &session, owned.as_ref(), out);
    // The process ends next; the OS frees a large organisation faster than its drop would.
    std::mem::forget(session);
    std::mem::forget(owned);
    code
}

fn write_report(
    env: &Env,
    args: &Args,
    kind: Kind,
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
    // Each alert's owner, resolved once for the coverage figures, the alerts and the risk.
    let alerts = owned.map_or_else(Vec::new, |o| report::alerts(org, &o.alerts));
    let (paths, enforced_alerts) = (
        owned.and_then(|o| o.paths.as_ref()),
        owned
            .filter(|o| o.alerts.enforced)
            .map(|_| alerts.as_slice()),
    );
    let coverage = report::coverage(org, &selection, &people, (paths, enforced_alerts));
    let risk = report::risk(org, &selection, env.today, (paths, enforced_alerts));
    let alert_sources = report::source_counts(org, &alerts);
    let view = ReportView {
        org,
        sources: &loaded.sources,
        kind,
        filter: &filter,
        today: env.today,
        reviews: report::reviews(org, &selection, env.today),
        delegations: report::delegations(org, &selection, env.now),
        letters: org.scheme.letters(),
        matrix,
        through,
        people,
        coverage,
        risk,
        alerts,
        alert_sources,
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
    if kind == Kind::Matrix && dense && !view.matrix.is_readable() {
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

/// `own report files`: every file under coverage and its owner, written as it is listed.
fn files(env: &Env, args: &Args, session: &mut super::Session, out: &mut Output) -> Result<u8> {
    if args.format == Format::Html {
        return Err(Error::Usage {
            message: "the files report has no HTML form".into(),
            help: Some(
                "use `--format csv` or `--format json`; the HTML page of `own report coverage` shows the unowned files"
                    .into(),
            ),
        });
    }
    let owned = session.coverage(env)?;
    let Some(paths) = owned.paths.as_ref() else {
        return Err(Error::Usage {
            message:
                "no duty has `paths:` and `coverage.paths` is not set: there are no files to list"
                    .into(),
            help: Some(
                "give duties `paths:` patterns (`own who PATH` shows how one resolves)".into(),
            ),
        });
    };
    let org = &session.loaded.org;
    let rows = crate::report::files(org, paths, args.unowned);
    let stamp = (args.format == Format::Json).then(|| session.stamp(env, false));
    let write = |w: &mut dyn std::io::Write| match args.format {
        Format::Table | Format::Html => crate::render::files::table(&rows, w),
        Format::Markdown => crate::render::files::markdown(&rows, w),
        Format::Csv => crate::render::files::csv(&rows, w),
        Format::Json => crate::render::json::files::json(&rows, stamp.as_ref(), w),
    };
    match &args.output {
        Some(path) => crate::render::write_atomic_with(path, |w| write(w))?,
        None => {
            // One write per piece of a row would be a system call each: 100,000 files of
            // JSON took 3.4 s unbuffered.
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
            write(&mut buffered)
                .and_then(|()| std::io::Write::flush(&mut buffered))
                .map_err(crate::render::write_error)?;
        }
    }
    std::mem::forget(owned);
    Ok(crate::EXIT_OK)
}
