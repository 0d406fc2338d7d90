//! `own check`: load, validate, report findings; exit 1 on any deny-level finding.

use clap::ValueEnum;

use crate::cli::Env;
use crate::error::Result;
use crate::load;
use crate::render::Output;
use crate::render::check::{self as render, CheckReport, NewSince, Summary};
use crate::rules::{self, Context, Level, LevelFlag, Levels};

/// Validate the organisation and report findings.
///
/// Exits 0 when no finding is at deny level, 1 when one is, 2 when the files cannot be
/// evaluated.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Output format [default: human].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub(crate) format: Option<Format>,

    /// Set a rule to deny (repeatable). `-D warnings` makes every warning fail the check.
    #[arg(short = 'D', long = "deny", value_name = "CODE")]
    pub(crate) deny: Vec<String>,

    /// Set a rule to warn (repeatable).
    #[arg(short = 'W', long = "warn", value_name = "CODE")]
    pub(crate) warn: Vec<String>,

    /// Set a rule to allow, which turns it off (repeatable).
    #[arg(short = 'A', long = "allow", value_name = "CODE")]
    pub(crate) allow: Vec<String>,

    /// Report only the findings not present at this git revision (matched by rule and
    /// target, not by line), to adopt `own` without fixing every old problem first.
    #[arg(long, value_name = "REV")]
    pub(crate) new_since: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Diagnostics with source snippets.
    Human,
    /// One line per finding: `file:line:col: level[code] message`.
    Short,
    /// The JSON contract (version 1).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

pub(crate) fn run(env: &Env, args: &Args, flags: &[LevelFlag], out: &mut Output) -> Result<u8> {
    let mut session = super::load_org(env)?;
    let coverage = session.coverage(env)?;
    let super::Session { root, loaded, .. } = session;
    let levels = Levels::new(&loaded.org, &loaded.sources, flags)?;
    let ctx = Context {
        org: &loaded.org,
        sources: &loaded.sources,
        paths: coverage.paths.as_ref(),
        alerts: Some(&coverage.alerts),
        today: env.today,
        now: env.now,
    };
    let started = std::time::Instant::now();
    let mut findings = rules::evaluate(&ctx, &levels);
    env.trace(|| {
        format!(
            "ran {} rules in {:.0?}",
            rules::RULES.len(),
            started.elapsed()
        )
    });
    let mut new_since = None;
    if let Some(rev) = &args.new_since {
        let baseline = baseline(env, &root, rev, flags)?;
        let before = findings.len();
        findings = crate::diff::unmatched(&findings, &baseline)
            .into_iter()
            .cloned()
            .collect();
        new_since = Some(NewSince {
            rev,
            hidden: before - findings.len(),
        });
    }
    let count = |level| findings.iter().filter(|f| f.level == level).count();
    let summary = Summary {
        deny: count(Level::Deny),
        warn: count(Level::Warn),
        files: loaded.sources.len(),
        people: loaded.org.people.len(),
        teams: loaded.org.teams.len(),
        duties: loaded.org.duties.len(),
    };
    let root_text = root.display().to_string();
    let repo_prefix = load::repo_prefix(&root);
    let report = CheckReport {
        root: &root_text,
        repo_prefix: &repo_prefix,
        sources: &loaded.sources,
        findings: &findings,
        summary,
        new_since,
    };
    match args.format.unwrap_or(Format::Human) {
        Format::Human => render::human(&report, env.quiet, out),
        Format::Short => render::short(&report, out),
        Format::Json => render::json(&report, out),
        Format::Sarif => render::sarif(&report, out),
        Format::Github => render::github(&report, out),
    }
    .map_err(crate::render::write_error)?;
    // The process ends next and the OS takes the memory back at once; freeing a
    // 50,000-duty organisation and its findings item by item takes about 80 ms.
    std::mem::forget(findings);
    std::mem::forget(coverage);
    std::mem::forget(loaded);
    Ok(if summary.deny > 0 {
        crate::EXIT_FINDINGS
    } else {
        crate::EXIT_OK
    })
}

/// The findings at a revision, every rule on (a problem that was there is not new, whatever
/// its level was), for `--new-since`. No `own.yaml` there: nothing was there.
fn baseline(
    env: &Env,
    root: &std::path::Path,
    rev: &str,
    flags: &[LevelFlag],
) -> Result<Vec<rules::Finding>> {
    let repo = crate::git::Repo::discover(&env.dir)?;
    let commit = repo.resolve(rev)?;
    let prefix = match repo.prefix_of(root) {
        Some(prefix) => Some(prefix),
        None => repo.find_root_at(commit, &repo.prefix_of(&env.dir).unwrap_or_default())?,
    };
    let Some(prefix) = prefix else {
        return Ok(Vec::new());
    };
    if !repo.has_manifest(commit, &prefix)? {
        return Ok(Vec::new());
    }
    let tree = crate::git::GitTree::new(&repo, commit, &prefix, rev)?;
    let mut loaded = load::load(&tree)?;
    let coverage = super::coverage(env, &mut loaded, &tree)?;
    let mut all: Vec<LevelFlag> = flags.to_vec();
    all.extend(rules::RULES.iter().map(|r| LevelFlag {
        level: Level::Deny,
        code: r.code.to_owned(),
    }));
    let levels = Levels::new(&loaded.org, &loaded.sources, &all)?;
    let ctx = Context {
        org: &loaded.org,
        sources: &loaded.sources,
        paths: coverage.paths.as_ref(),
        alerts: Some(&coverage.alerts),
        today: env.today,
        now: env.now,
    };
    Ok(rules::evaluate(&ctx, &levels))
}
