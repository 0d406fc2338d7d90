//! The command line: global options, the subcommands, and dispatch.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::commands;
use crate::error::Error;
use crate::model::{Date, Moment};
use crate::render::error::ErrorFormat;
use crate::render::{self, Output};
use crate::rules::{Level, LevelFlag};

/// Keep who-owns-what honest: a responsibility matrix (RACI) and ownership rules as YAML in
/// git, checked in CI.
#[derive(Debug, Parser)]
#[command(name = "own", version, propagate_version = true, max_term_width = 100)]
#[command(
    after_help = "Exit codes: 0 success (warnings allowed), 1 deny-level findings, 2 errors."
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Args)]
pub(crate) struct Global {
    /// Start in DIR instead of the current folder (own.yaml is searched from there upwards).
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub(crate) dir: Option<PathBuf>,

    /// When to use colours.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,

    /// Print less: no summary lines.
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,

    /// Print more: the files read and timings, on stderr.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,

    /// Evaluate dates as of this day instead of today (`YYYY-MM-DD`).
    #[arg(long, global = true, env = "OWN_TODAY", value_name = "DATE", value_parser = parse_date)]
    pub(crate) today: Option<Date>,

    /// Evaluate as of this moment (`2026-03-01` or `2026-03-01T10:00`, UTC): handoffs, absences
    /// and due dates are judged then. In a git repository, a past moment also reads the files
    /// as of the last commit on the current branch at or before it.
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_moment)]
    pub(crate) at: Option<Moment>,

    /// Read the ownership files at a git revision (`HEAD~2`, a tag, a branch, a commit id)
    /// instead of the working tree; nothing is checked out.
    #[arg(long, global = true, value_name = "REV")]
    pub(crate) rev: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    Check(commands::check::Args),
    Who(commands::who::Args),
    Report(commands::report::Args),
    Codeowners(commands::codeowners::Args),
    Import(commands::import::Args),
    Diff(commands::diff::Args),
    Log(commands::log::Args),
    Review(commands::edit::ReviewArgs),
    Handoff(commands::edit::HandoffArgs),
    Ack(commands::edit::AckArgs),
    Delegation(commands::edit::DelegationArgs),
    Rules(commands::rules::Args),
    Schema(commands::schema::Args),
    Init(commands::init::Args),
    Completions(commands::completions::Args),
    Man(commands::man::Args),
}

fn parse_moment(text: &str) -> Result<Moment, String> {
    Moment::parse(text).ok_or_else(|| {
        format!("expected a date like 2026-03-01 or a time like 2026-03-01T10:00, found `{text}`")
    })
}

pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("expected a date like 2026-03-01, found `{text}`"))
}

/// What every command gets: the global options resolved.
pub(crate) struct Env {
    pub(crate) dir: PathBuf,
    pub(crate) quiet: bool,
    pub(crate) verbose: u8,
    /// The evaluation date: `--at`, else `--today`/`OWN_TODAY`, else the clock.
    pub(crate) today: Date,
    pub(crate) now: Moment,
    /// `--rev`: read the files at this revision.
    pub(crate) rev: Option<String>,
    /// `--at` a moment before today: read the files as of the last commit at or before it.
    /// Today and later read the working tree: it is the present state, edits included.
    pub(crate) history_at: Option<Moment>,
}

impl Env {
    /// With `-v`, say what is happening on stderr (never on stdout, which is for results).
    pub(crate) fn trace(&self, message: impl FnOnce() -> String) {
        if self.verbose > 0 {
            let _ = writeln!(std::io::stderr(), "own: {}", message());
        }
    }

    /// [`Env::trace`] for the layers below the commands ([`crate::evaluation::Trace`]).
    pub(crate) fn tracer(&self) -> impl Fn(&dyn Fn() -> String) + '_ {
        move |message| self.trace(message)
    }

    /// The evaluation date and moment.
    pub(crate) fn when(&self) -> (Date, Moment) {
        (self.today, self.now)
    }

    /// A note for the user on stderr (unless `--quiet`), beside the results on stdout.
    pub(crate) fn note(&self, message: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr(), "note: {message}");
        }
    }

    /// Find the ownership root from the start folder.
    pub(crate) fn root(&self) -> crate::Result<PathBuf> {
        crate::load::find_root(&self.dir)
    }
}

/// Parse arguments and run; returns the exit code.
pub(crate) fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = match Cli::command().try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(e) => return clap_exit(&e),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    let color = match cli.global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let present = match cli.global.today {
        Some(date) => date.start(),
        None => Moment(jiff::ZonedDateTime::now().datetime()),
    };
    let (today, now) = match cli.global.at {
        Some(at) => (at.date(), at),
        None => (present.date(), present),
    };
    // `-C DIR` behaves like `cd DIR` first (as in git and cargo), so relative paths in other
    // arguments (`--output`, `--check FILE`) are relative to DIR too.
    if let Some(dir) = &cli.global.dir
        && let Err(e) = std::env::set_current_dir(dir)
    {
        let error = Error::Usage {
            message: format!("cannot change to `{}`: {e}", dir.display()),
            help: Some("`-C` takes an existing folder".into()),
        };
        let format = error_format(&cli.command);
        let mut out = Output::stdout(color);
        render::error::report(&error, format, "", color, &mut out);
        return out.finish(crate::EXIT_ERROR);
    }
    let env = Env {
        dir: PathBuf::from("."),
        quiet: cli.global.quiet,
        verbose: cli.global.verbose,
        today,
        now,
        rev: cli.global.rev.clone(),
        history_at: cli.global.at.filter(|at| *at < present.date().start()),
    };
    let mut out = Output::stdout(color);
    let error_format = error_format(&cli.command);
    let result = match cli.command {
        Command::Check(args) => {
            let flags = level_flags(matches.subcommand_matches("check"));
            commands::check::run(&env, &args, &flags, &mut out)
        }
        Command::Who(args) => commands::who::run(&env, &args, &mut out),
        Command::Report(args) => commands::report::run(&env, &args, &mut out),
        Command::Codeowners(args) => commands::codeowners::run(&env, &args, &mut out),
        Command::Import(args) => commands::import::run(&env, &args, &mut out),
        Command::Diff(args) => commands::diff::run(&env, &args, &mut out),
        Command::Log(args) => commands::log::run(&env, &args, &mut out),
        Command::Review(args) => commands::edit::review(&env, &args, &mut out),
        Command::Handoff(args) => commands::edit::handoff(&env, &args, &mut out),
        Command::Ack(args) => commands::edit::ack(&env, &args, &mut out),
        Command::Delegation(args) => commands::edit::delegation(&env, &args, &mut out),
        Command::Rules(args) => {
            let flags = level_flags(matches.subcommand_matches("rules"));
            commands::rules::run(&env, &args, &flags, &mut out)
        }
        Command::Schema(args) => commands::schema::run(&args, &mut out),
        Command::Init(args) => commands::init::run(&env, &args, &mut out),
        Command::Completions(args) => commands::completions::run(&args, &mut out),
        Command::Man(args) => commands::man::run(&args, &mut out),
    };
    match result {
        Ok(code) => out.finish(code),
        Err(error) => {
            // The reader went away: say nothing more, but do not turn the failure green.
            if out.is_broken() {
                return crate::EXIT_ERROR;
            }
            let prefix = match error_format {
                ErrorFormat::Sarif | ErrorFormat::Github => crate::load::find_root(&env.dir)
                    .map(|root| crate::files::repo_prefix(&root))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            render::error::report(&error, error_format, &prefix, color, &mut out);
            out.finish(crate::EXIT_ERROR)
        }
    }
}

/// How a fatal error is shown: in the machine format the command was asked for, so that CI
/// sees the failure where it reads findings.
fn error_format(command: &Command) -> ErrorFormat {
    use commands::check::Format as Check;
    let json = match command {
        Command::Check(args) => {
            return match args.format {
                Some(Check::Json) => ErrorFormat::Json,
                Some(Check::Short) => ErrorFormat::Short,
                Some(Check::Sarif) => ErrorFormat::Sarif,
                Some(Check::Github) => ErrorFormat::Github,
                Some(Check::Human) | None => ErrorFormat::Human,
            };
        }
        Command::Who(args) => args.format == commands::who::Format::Json,
        Command::Report(args) => args.format == commands::report::Format::Json,
        Command::Rules(args) => args.format == commands::rules::Format::Json,
        Command::Diff(args) => args.format == commands::diff::Format::Json,
        Command::Log(args) => args.format == commands::log::Format::Json,
        _ => false,
    };
    if json {
        ErrorFormat::Json
    } else {
        ErrorFormat::Human
    }
}

/// `-D`, `-W` and `-A` in the order given, so that the last one wins as in rustc.
fn level_flags(matches: Option<&ArgMatches>) -> Vec<LevelFlag> {
    let Some(matches) = matches else {
        return Vec::new();
    };
    let mut flags: Vec<(usize, LevelFlag)> = Vec::new();
    for (id, level) in [
        ("deny", Level::Deny),
        ("warn", Level::Warn),
        ("allow", Level::Allow),
    ] {
        let (Some(values), Some(indices)) =
            (matches.get_many::<String>(id), matches.indices_of(id))
        else {
            continue;
        };
        for (code, index) in values.zip(indices) {
            flags.push((
                index,
                LevelFlag {
                    level,
                    code: code.clone(),
                },
            ));
        }
    }
    flags.sort_by_key(|(i, _)| *i);
    flags.into_iter().map(|(_, f)| f).collect()
}

fn clap_exit(e: &clap::Error) -> u8 {
    // `--help` and `--version` are not errors.
    let code = if e.use_stderr() {
        crate::EXIT_ERROR
    } else {
        crate::EXIT_OK
    };
    let _ = e.print();
    code
}

/// The clap command, for completions and the man page.
pub(crate) fn command() -> clap::Command {
    Cli::command()
}
