//! The floor for path coverage: the least a tool must do to list a repository's unowned files.
//!
//! `floor REPO [CODEOWNERS]` reads the git index of REPO in-process, as `own` does (the file
//! format itself, versions 2 to 4: no git process, no library), reads the patterns of a
//! CODEOWNERS file (default `REPO/.github/CODEOWNERS`), translates each into globset globs
//! the straightforward way (`/a/b/` is `a/b/**`, a floating `name` is `**/name` and
//! `**/name/**`, `/docs/*` is `docs/*`), keeps each glob's literal leading folders (up to
//! two: `src/api` of `src/api/*/x.md`) as the key of the `globset::GlobSet` it joins (one
//! more set holds the globs that can match anywhere), and for each file matches the sets of
//! its own leading folders and the anywhere set, picking the matching pattern of highest
//! specificity. (One set of all the globs gives the same answers in four times the time:
//! thousands of regular expressions in one set thrash globset's lazy DFA.)
//! The file is one `own codeowners` wrote, least specific first, so the highest specificity
//! is the last matching line, as on GitHub. It prints the unowned files (with `--owners`,
//! also every owned file and the 0-based rank of its winning line) and, on stderr, how long
//! each phase took; nothing else (no YAML, no rules, no diagnostics).

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool of the harness

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use std::collections::HashMap;

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

/// How many leading literal folders key a pattern's bucket.
const BUCKET_DEPTH: usize = 2;

/// The leading folders of a glob that are plain names (at most [`BUCKET_DEPTH`]), joined:
/// `src/api` for `src/api/*/x.md`, `""` for `**/x` or `*.md`.
fn literal_folders(glob: &str) -> String {
    let parts: Vec<&str> = glob.split('/').collect();
    let folders = &parts[..parts.len().saturating_sub(1)];
    let literal: Vec<&str> = folders
        .iter()
        .take(BUCKET_DEPTH)
        .take_while(|p| !p.is_empty() && !p.contains(['*', '?', '[', ']', '{', '}', '\\']))
        .copied()
        .collect();
    literal.join("/")
}

/// The index file of the repository whose working tree is `repo`: `.git/index`, or the one
/// of the folder a `.git` file names (a linked worktree).
fn index_file(repo: &Path) -> Result<PathBuf, String> {
    let dot_git = repo.join(".git");
    if dot_git.is_file() {
        let text =
            std::fs::read_to_string(&dot_git).map_err(|e| format!("{}: {e}", dot_git.display()))?;
        let gitdir = text
            .strip_prefix("gitdir: ")
            .map(str::trim_end)
            .ok_or_else(|| format!("{}: not a `gitdir:` file", dot_git.display()))?;
        return Ok(repo.join(gitdir).join("index"));
    }
    Ok(dot_git.join("index"))
}

/// The paths git's index lists (each once, in the index's order), read from the file
/// itself: the `DIRC` header, then fixed-size entries with their path, NUL-padded to 8 bytes
/// (versions 2 and 3) or prefix-compressed against the previous path (version 4). SHA-1
/// repositories only; a split index (the `link` extension) is refused.
fn index_paths(file: &Path) -> Result<Vec<String>, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let bad = |what: &str| format!("{}: {what}", file.display());
    let u32_at = |at: usize| -> Result<u32, String> {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or_else(|| bad("truncated"))
    };
    if bytes.get(..4) != Some(b"DIRC") {
        return Err(bad("not a git index"));
    }
    let version = u32_at(4)?;
    if !(2..=4).contains(&version) {
        return Err(bad(&format!("index version {version} is not supported")));
    }
    let count = u32_at(8)? as usize;
    // 40 bytes of stat data, a 20-byte object id, then 16 bits of flags.
    const FIXED: usize = 62;
    let mut at = 12;
    let mut files: Vec<String> = Vec::with_capacity(count);
    let mut path: Vec<u8> = Vec::new();
    for _ in 0..count {
        let start = at;
        let flags = bytes
            .get(at + FIXED - 2..at + FIXED)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| bad("truncated"))?;
        at += FIXED;
        if version >= 3 && flags & 0x4000 != 0 {
            at += 2; // extended flags
        }
        if version == 4 {
            // How many bytes of the previous path to drop (git's offset varint), then the
            // rest of this one up to a NUL.
            let mut byte = *bytes.get(at).ok_or_else(|| bad("truncated"))?;
            at += 1;
            let mut strip = usize::from(byte & 0x7f);
            while byte & 0x80 != 0 {
                byte = *bytes.get(at).ok_or_else(|| bad("truncated"))?;
                at += 1;
                strip = ((strip + 1) << 7) | usize::from(byte & 0x7f);
            }
            let keep = path
                .len()
                .checked_sub(strip)
                .ok_or_else(|| bad("bad path compression"))?;
            path.truncate(keep);
            let end =
                memchr::memchr(0, &bytes[at.min(bytes.len())..]).ok_or_else(|| bad("truncated"))?;
            path.extend_from_slice(&bytes[at..at + end]);
            at += end + 1;
        } else {
            let end =
                memchr::memchr(0, &bytes[at.min(bytes.len())..]).ok_or_else(|| bad("truncated"))?;
            path.clear();
            path.extend_from_slice(&bytes[at..at + end]);
            // Padded with 1 to 8 NULs to a multiple of 8 bytes from the entry's start.
            at = start + (at + end - start + 8) / 8 * 8;
        }
        // A conflicted path has one entry per stage, one after the other.
        if files.last().map(String::as_bytes) != Some(path.as_slice())
            && let Ok(text) = std::str::from_utf8(&path)
        {
            files.push(text.to_owned());
        }
    }
    // Extensions, up to the trailing checksum: only a split index changes what is listed.
    while at + 8 <= bytes.len().saturating_sub(20) {
        if &bytes[at..at + 4] == b"link" {
            return Err(bad("a split index is not supported"));
        }
        at += 8 + u32_at(at + 4)? as usize;
    }
    Ok(files)
}

fn run(repo_dir: &Path, codeowners: &Path, all: bool) -> Result<(), String> {
    let started = Instant::now();
    let files = index_paths(&index_file(repo_dir)?)?;
    let read = started.elapsed();

    let text = std::fs::read_to_string(codeowners)
        .map_err(|e| format!("{}: {e}", codeowners.display()))?;
    // One GlobSet per literal top folder (`src` for `/src/*/x/*.md`), and one for the
    // patterns that can match anywhere: each file meets only the patterns its first folder
    // allows, which keeps globset's regular expressions small enough to stay fast. That is
    // the literal prefix a competent tool keeps; one set of all 5,000 regexes takes 1.2 s
    // here, thrashing its lazy DFA.
    struct Bucket {
        builder: GlobSetBuilder,
        lines: Vec<usize>,
    }
    let new_bucket = || Bucket {
        builder: GlobSetBuilder::new(),
        lines: Vec::new(),
    };
    let mut buckets: HashMap<String, Bucket> = HashMap::new();
    let mut anywhere = new_bucket();
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
            let key = literal_folders(&glob);
            let bucket = if key.is_empty() {
                &mut anywhere
            } else {
                buckets.entry(key).or_insert_with(new_bucket)
            };
            let built = GlobBuilder::new(&glob)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("{pattern}: {e}"))?;
            bucket.builder.add(built);
            // The line's rank: later lines are more specific.
            bucket.lines.push(lines);
        }
        lines += 1;
    }
    let build = |b: Bucket| -> Result<(globset::GlobSet, Vec<usize>), String> {
        Ok((b.builder.build().map_err(|e| e.to_string())?, b.lines))
    };
    let anywhere = build(anywhere)?;
    let buckets: HashMap<String, (globset::GlobSet, Vec<usize>)> = buckets
        .into_iter()
        .map(|(top, b)| Ok((top, build(b)?)))
        .collect::<Result<_, String>>()?;
    let built = started.elapsed();

    let mut hits = Vec::new();
    let winners: Vec<Option<usize>> = files
        .iter()
        .map(|file| {
            let mut best = None;
            let folders = file
                .match_indices('/')
                .take(BUCKET_DEPTH)
                .filter_map(|(at, _)| buckets.get(&file[..at]));
            for (set, line_of) in folders.chain([&anywhere]) {
                set.matches_into(file.as_str(), &mut hits);
                best = best.max(hits.iter().map(|&g| line_of[g]).max());
            }
            best
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
