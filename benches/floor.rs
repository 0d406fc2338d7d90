//! The floor for path coverage: the least a tool must do to list a repository's unowned files.
//!
//! `floor REPO [CODEOWNERS]` reads the git index of REPO with git2 (as `own` does), reads the
//! patterns of a CODEOWNERS file (default `REPO/.github/CODEOWNERS`), translates each into
//! globset globs the straightforward way (literal prefixes kept: `/a/b/` is `a/b/**`, a
//! floating `name` is `**/name` and `**/name/**`, `/docs/*` is `docs/*`), builds ONE
//! `globset::GlobSet`, and for each file picks the matching pattern of highest specificity.
//! The file is one `own codeowners` wrote, least specific first, so the highest specificity
//! is the last matching line, as on GitHub. It prints the unowned files (with `--owners`,
//! also every owned file and the 0-based rank of its winning line) and, on stderr, how long
//! each phase took; nothing else (no YAML, no rules, no diagnostics).

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool of the harness

use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

use globset::{GlobBuilder, GlobSetBuilder};

/// The globs matching exactly the files a CODEOWNERS pattern owns: the file itself (unless
/// the pattern ends in `/`) or anything below a matching folder (unless it ends in `/*`).
fn globs_of(pattern: &str) -> Vec<String> {
    let dir_only = pattern.len() > 1 && pattern.ends_with('/');
    let body = pattern.trim_end_matches('/');
    let anchored = body.contains('/');
    let body = body.trim_start_matches('/');
    let last = body.rsplit('/').next().unwrap_or(body);
    let children_only =
        anchored && !dir_only && !last.is_empty() && last.chars().all(|c| c == '*') && last != "**";
    let base = if anchored {
        body.to_owned()
    } else {
        format!("**/{body}")
    };
    let mut globs = Vec::with_capacity(2);
    if !dir_only {
        globs.push(base.clone());
    }
    // `x/**` already owns everything below x.
    if !children_only && !base.ends_with("/**") {
        globs.push(format!("{base}/**"));
    }
    globs
}

fn run(repo_dir: &Path, codeowners: &Path, all: bool) -> Result<(), String> {
    let started = Instant::now();
    let repo = git2::Repository::open(repo_dir).map_err(|e| e.message().to_owned())?;
    let index = repo.index().map_err(|e| e.message().to_owned())?;
    let files: Vec<String> = index
        .iter()
        .filter_map(|e| String::from_utf8(e.path).ok())
        .collect();
    let read = started.elapsed();

    let text = std::fs::read_to_string(codeowners)
        .map_err(|e| format!("{}: {e}", codeowners.display()))?;
    let mut builder = GlobSetBuilder::new();
    // Glob index -> line index (the line's rank: later lines are more specific).
    let mut line_of = Vec::new();
    let mut lines = 0usize;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some(pattern) = line.split_whitespace().next() else {
            continue;
        };
        for glob in globs_of(pattern) {
            let glob = GlobBuilder::new(&glob)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("{pattern}: {e}"))?;
            builder.add(glob);
            line_of.push(lines);
        }
        lines += 1;
    }
    let set = builder.build().map_err(|e| e.to_string())?;
    let built = started.elapsed();

    let mut hits = Vec::new();
    let winners: Vec<Option<usize>> = files
        .iter()
        .map(|file| {
            set.matches_into(file.as_str(), &mut hits);
            hits.iter().map(|&g| line_of[g]).max()
        })
        .collect();
    let matched = started.elapsed();

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut unowned = 0;
    for (file, winner) in files.iter().zip(&winners) {
        match winner {
            None => {
                unowned += 1;
                writeln!(out, "{file}")
            }
            Some(line) if all => writeln!(out, "{file}\t{line}"),
            Some(_) => Ok(()),
        }
        .map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())?;
    eprintln!(
        "floor: {} files, {lines} patterns, {unowned} unowned; index {:.1} ms, globset {:.1} ms, match {:.1} ms, total {:.1} ms",
        files.len(),
        read.as_secs_f64() * 1e3,
        (built - read).as_secs_f64() * 1e3,
        (matched - built).as_secs_f64() * 1e3,
        matched.as_secs_f64() * 1e3,
    );
    Ok(())
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.iter().any(|a| a == "--owners");
    args.retain(|a| a != "--owners");
    let Some(repo) = args.first() else {
        eprintln!("usage: floor [--owners] REPO [CODEOWNERS]");
        std::process::exit(2);
    };
    let repo = Path::new(repo);
    let codeowners = args
        .get(1)
        .map_or_else(|| repo.join(".github/CODEOWNERS"), Into::into);
    if let Err(e) = run(repo, &codeowners, all) {
        eprintln!("floor: {e}");
        std::process::exit(2);
    }
}
