//! The benchmark harness: every target of DESIGN.md §8, the coverage floor, and the peers.
//!
//! Run through `benches/run.sh [--quick] [--peers] [--runs N]`, which builds the release
//! binaries first. It generates the data sets with `generate` (cached under
//! `target/bench-data/`, keyed by the generator's parameters and source, so a change to
//! either regenerates them), runs each target several times with hyperfine (whole
//! processes, output discarded), measures peak memory with `/usr/bin/time -f %M`, and
//! prints median, spread (min–max) and CPU time (user + system) next to the target.
//!
//! Coverage is also compared with `floor` (one `globset::GlobSet` over the same index and
//! patterns) as whole processes and, from the phase timings both print on stderr, as the
//! in-process work alone (reading the index, compiling the patterns, matching every file).
//! With `--peers`, the tools a user would pick instead are installed from their registries
//! into `target/bench-peers/`, timed on the same repository (its CODEOWNERS written by `own
//! codeowners`) and on a medium one, and their owner for every tracked file is compared
//! with `own`'s; each disagreement is judged with the reference model of GitHub's
//! documented semantics (`own::paths::codeowners::github_owner_of`).

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool of the harness

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use own::paths::codeowners;
use own::paths::{PathPattern, PatternSet, Resolution};

type Result<T, E = String> = std::result::Result<T, E>;

/// The generator's source: a change to it invalidates the cached data sets.
const GENERATOR: &str = concat!(include_str!("generate.rs"), include_str!("repo.rs"));

const PEER_PY: &str = "codeowners==0.9.0";
const PEER_NPM: &[&str] = &["codeowners@5.1.1", "github-codeowners@0.2.1"];

/// The PyPI `codeowners` library has no command; this is the few lines a user would write.
const PY_SCRIPT: &str = r#"import subprocess, sys
from codeowners import CodeOwners

repo, mode = sys.argv[1], sys.argv[2]
with open(repo + "/.github/CODEOWNERS") as f:
    owners = CodeOwners(f.read())
if mode == "who":
    print(" ".join(o[1] for o in owners.of(sys.argv[3])))
    sys.exit(0)
listed = subprocess.run(["git", "-C", repo, "ls-files", "-z"], capture_output=True, check=True)
out = []
for path in listed.stdout.decode().split("\0"):
    if not path:
        continue
    found = owners.of(path)
    if mode == "all":
        out.append(path + "\t" + " ".join(o[1] for o in found))
    elif not found:
        out.append(path)
if out:
    print("\n".join(out))
"#;

/// The npm `codeowners` package answers one path only through its library.
const NODE_WHO: &str = r#"const Codeowners = require(process.argv[2]);
console.log(new Codeowners(process.argv[3]).getOwner(process.argv[4]).join(" "));
"#;

struct Sizes {
    people: usize,
    teams: usize,
    duties: usize,
    org_files: usize,
    commits: usize,
    repo_files: usize,
    patterns: usize,
    /// A second repository for the peers, small enough for all of them to finish.
    medium: Option<(usize, usize)>,
    /// Alert and detection rules, and the files they are in.
    detection_rules: usize,
    detection_files: usize,
}

const FULL: Sizes = Sizes {
    people: 5_000,
    teams: 500,
    duties: 50_000,
    org_files: 100,
    commits: 10_000,
    repo_files: 100_000,
    patterns: 5_000,
    medium: Some((10_000, 1_000)),
    detection_rules: 10_000,
    detection_files: 3_000,
};

const QUICK: Sizes = Sizes {
    people: 50,
    teams: 10,
    duties: 500,
    org_files: 10,
    commits: 50,
    repo_files: 1_000,
    patterns: 50,
    medium: None,
    detection_rules: 100,
    detection_files: 30,
};

struct Options {
    quick: bool,
    peers: bool,
    runs: usize,
    peer_runs: usize,
    peer_timeout: Duration,
    only: Option<String>,
    /// `target/` of this checkout.
    target: PathBuf,
    /// Where the binaries of this build are (`target/release`, or `target/debug` for a
    /// quick run).
    binaries: PathBuf,
}

const USAGE: &str = "usage: benches/run.sh [--quick] [--peers] [--runs N] [--peer-runs N] [--peer-timeout SECONDS] [--only NAME]";

impl Options {
    fn parse() -> Result<Options> {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let mut opts = Options {
            quick: false,
            peers: false,
            runs: 0,
            peer_runs: 0,
            peer_timeout: Duration::ZERO,
            only: None,
            target: PathBuf::from("target"),
            binaries: PathBuf::from("target/release"),
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut number = |name: &str| -> Result<usize> {
                it.next()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| format!("{name} takes a number\n{USAGE}"))
            };
            match arg.as_str() {
                "--quick" => opts.quick = true,
                "--peers" => opts.peers = true,
                "--runs" => opts.runs = number("--runs")?.max(1),
                "--peer-runs" => opts.peer_runs = number("--peer-runs")?.max(1),
                "--peer-timeout" => {
                    opts.peer_timeout = Duration::from_secs(number("--peer-timeout")? as u64);
                }
                "--only" => opts.only = it.next().cloned(),
                "-h" | "--help" => {
                    println!("{USAGE}");
                    std::process::exit(0);
                }
                other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
            }
        }
        if opts.runs == 0 {
            opts.runs = if opts.quick { 2 } else { 5 };
        }
        if opts.peer_runs == 0 {
            opts.peer_runs = if opts.quick { 1 } else { 3 };
        }
        if opts.peer_timeout.is_zero() {
            opts.peer_timeout = Duration::from_secs(if opts.quick { 60 } else { 300 });
        }
        let exe = std::env::current_exe().map_err(|e| format!("cannot find myself: {e}"))?;
        // target/<profile>/examples/bench
        if let (Some(binaries), Some(target)) = (exe.ancestors().nth(2), exe.ancestors().nth(3)) {
            opts.binaries = binaries.to_path_buf();
            opts.target = target.to_path_buf();
        }
        Ok(opts)
    }

    fn sizes(&self) -> &'static Sizes {
        if self.quick { &QUICK } else { &FULL }
    }

    fn bin(&self, name: &str) -> String {
        let path = if name == "own" {
            self.binaries.join("own")
        } else {
            self.binaries.join("examples").join(name)
        };
        path.display().to_string()
    }

    fn wants(&self, name: &str) -> bool {
        self.only.as_deref().is_none_or(|o| name.contains(o))
    }
}

/// Timings of one command, in seconds.
#[derive(Clone, Debug, Default)]
struct Stats {
    median: f64,
    min: f64,
    max: f64,
    /// Mean CPU time, user plus system; NaN when not measured.
    cpu: f64,
    /// Peak resident memory, in KiB.
    rss_kib: Option<u64>,
}

fn fnv(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn run_status(cmd: &mut Command, what: &str) -> Result<()> {
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

fn output(cmd: &mut Command, what: &str) -> Result<std::process::Output> {
    cmd.output().map_err(|e| format!("cannot run {what}: {e}"))
}

fn words(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A generated data set, made once per parameter set and generator version.
fn dataset(opts: &Options, kind: &str, args: &[String]) -> Result<PathBuf> {
    let data = opts.target.join("bench-data");
    let key = fnv(&format!("{kind} {} {GENERATOR}", args.join(" ")));
    let name = format!("{kind}-{}-{key:016x}", args.join("-").replace("--", ""));
    let dir = data.join(&name);
    let done = data.join(format!("{name}.complete"));
    if done.exists() && dir.exists() {
        return Ok(dir);
    }
    // Sets of this kind and size made by another version of the generator.
    let stale = format!("{kind}-{}-", args.join("-").replace("--", ""));
    if let Ok(entries) = std::fs::read_dir(&data) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&stale) {
                let path = entry.path();
                let _ = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
            }
        }
    }
    std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    eprintln!("bench: generating {kind} {}", args.join(" "));
    run_status(
        Command::new(opts.bin("generate"))
            .arg(kind)
            .arg(&dir)
            .args(args),
        "generate",
    )?;
    if kind == "repo" {
        std::fs::create_dir_all(dir.join(".github")).map_err(|e| e.to_string())?;
        run_status(
            Command::new(opts.bin("own")).current_dir(&dir).args([
                "codeowners",
                "--output",
                ".github/CODEOWNERS",
            ]),
            "own codeowners",
        )?;
    }
    std::fs::write(&done, "").map_err(|e| format!("{}: {e}", done.display()))?;
    Ok(dir)
}

/// Runs `command` (words, no shell) in `dir` with hyperfine, then once more under
/// `/usr/bin/time` for the peak memory.
fn measure(dir: &Path, command: &[String], runs: usize) -> Result<Stats> {
    let json = std::env::temp_dir().join(format!("own-bench-{}.json", std::process::id()));
    let line = command
        .iter()
        .map(|w| shell_quote(w))
        .collect::<Vec<_>>()
        .join(" ");
    // `-i`: a check that finds problems exits 1, which is not a failed run here.
    let ran = output(
        Command::new("hyperfine")
            .current_dir(dir)
            .args(["-N", "-i", "--style", "none", "--warmup", "1"])
            .args(["--runs", &runs.to_string()])
            .arg("--export-json")
            .arg(&json)
            .arg(&line),
        "hyperfine",
    )?;
    if !ran.status.success() {
        return Err(format!(
            "hyperfine failed on `{line}`: {}",
            String::from_utf8_lossy(&ran.stderr)
        ));
    }
    let text = std::fs::read_to_string(&json).map_err(|e| format!("hyperfine's JSON: {e}"))?;
    let _ = std::fs::remove_file(&json);
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("hyperfine's JSON: {e}"))?;
    let result = &value["results"][0];
    let number = |key: &str| result[key].as_f64().unwrap_or(f64::NAN);
    let rss_kib = timed(dir, command, Duration::from_secs(3600))
        .ok()
        .and_then(|run| run.rss_kib);
    Ok(Stats {
        median: number("median"),
        min: number("min"),
        max: number("max"),
        cpu: number("user") + number("system"),
        rss_kib,
    })
}

fn shell_quote(word: &str) -> String {
    if word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./=:@%+,".contains(c))
    {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// One run under `/usr/bin/time`.
struct Run {
    wall: f64,
    cpu: f64,
    rss_kib: Option<u64>,
    /// Why the run did not finish well: a timeout, or a failure with its first message.
    failure: Option<String>,
    stdout: String,
}

/// Runs `command` once in `dir` under `/usr/bin/time`, killing its process group after
/// `timeout`.
fn timed(dir: &Path, command: &[String], timeout: Duration) -> Result<Run> {
    use std::os::unix::process::CommandExt as _;
    let stats = std::env::temp_dir().join(format!("own-bench-{}.time", std::process::id()));
    let started = Instant::now();
    let mut child = Command::new("/usr/bin/time")
        .current_dir(dir)
        .args(["-f", "%e %U %S %M", "-o"])
        .arg(&stats)
        .args(command)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("/usr/bin/time: {e}"))?;
    let group = child.id();
    // Read the pipes on threads so a chatty child never blocks on a full pipe.
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let reader = |pipe: &mut Option<std::process::ChildStdout>| {
        let mut text = String::new();
        if let Some(pipe) = pipe {
            let _ = std::io::Read::read_to_string(pipe, &mut text);
        }
        text
    };
    let out_thread = std::thread::spawn(move || reader(&mut out));
    let err_thread = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(pipe) = &mut err {
            let _ = std::io::Read::read_to_string(pipe, &mut text);
        }
        text
    });
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > timeout {
            // The whole group: /usr/bin/time and the tool it runs.
            let _ = Command::new("kill")
                .args(["-KILL", &format!("-{group}")])
                .status();
            timed_out = true;
            break child.wait().map_err(|e| e.to_string())?;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let wall_clock = started.elapsed().as_secs_f64();
    let stdout = out_thread.join().unwrap_or_default();
    let stderr = err_thread.join().unwrap_or_default();
    let text = std::fs::read_to_string(&stats).unwrap_or_default();
    let _ = std::fs::remove_file(&stats);
    let fields: Vec<f64> = text
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let failure = if timed_out {
        Some(format!("killed after {} s", timeout.as_secs()))
    } else if !status.success() && stdout.is_empty() {
        let first = stderr
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("Command exited"))
            .unwrap_or("no message")
            .chars()
            .take(120)
            .collect::<String>();
        Some(format!("failed ({status}): {first}"))
    } else {
        None
    };
    Ok(Run {
        wall: fields.first().copied().unwrap_or(wall_clock),
        cpu: fields.get(1).copied().unwrap_or(f64::NAN) + fields.get(2).copied().unwrap_or(0.0),
        rss_kib: fields.get(3).map(|k| *k as u64),
        failure,
        stdout,
    })
}

/// Runs `command` `runs` times in `dir` and collects one timing (ms) per run from the first
/// stderr line `pick` reads.
fn phase_times(
    dir: &Path,
    command: &[String],
    runs: usize,
    pick: impl Fn(&str) -> Option<f64>,
) -> Result<Vec<f64>> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let out = output(
            Command::new(&command[0])
                .current_dir(dir)
                .args(&command[1..])
                .stdout(Stdio::null()),
            &command[0],
        )?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let t = stderr
            .lines()
            .find_map(&pick)
            .ok_or_else(|| format!("no timing in the stderr of {}: {stderr}", command.join(" ")))?;
        times.push(t);
    }
    Ok(times)
}

/// The number of milliseconds after `key` in `line` (`key 12.5 ms`).
fn ms_after(line: &str, key: &str) -> Option<f64> {
    let rest = &line[line.find(key)? + key.len()..];
    let number: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    number.parse().ok()
}

/// A `Duration`'s debug text (`273.4ms`, `1.2s`, `950.0µs`) in milliseconds.
fn duration_ms(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let scale = match unit {
        "s" => 1e3,
        "ms" => 1.0,
        "µs" | "us" => 1e-3,
        "ns" => 1e-6,
        _ => return None,
    };
    Some(number * scale)
}

/// Median and spread of timings in milliseconds, as seconds.
fn spread(times: &[f64]) -> Stats {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    };
    Stats {
        median: median / 1e3,
        min: sorted.first().copied().unwrap_or(f64::NAN) / 1e3,
        max: sorted.last().copied().unwrap_or(f64::NAN) / 1e3,
        cpu: f64::NAN,
        rss_kib: None,
    }
}

fn secs(s: f64) -> String {
    if s.is_nan() {
        "–".to_owned()
    } else if s < 0.01 {
        format!("{:.1} ms", s * 1e3)
    } else if s < 1.0 {
        format!("{:.0} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}

fn shown(stats: &Stats) -> String {
    format!(
        "{} ({}–{})",
        secs(stats.median),
        secs(stats.min),
        secs(stats.max)
    )
}

fn memory(kib: Option<u64>) -> String {
    kib.map_or("–".to_owned(), |k| format!("{:.0} MB", k as f64 / 1024.0))
}

/// One row of the results table.
struct Row {
    work: String,
    target: String,
    own: Stats,
    versus: Option<(String, Stats)>,
    verdict: String,
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".to_owned())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<()> {
    let opts = Options::parse()?;
    let sizes = opts.sizes();
    let own = opts.bin("own");
    let load_before = load_average();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let started = Instant::now();
    let mut rows: Vec<Row> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let runs = opts.runs;
    let cmd = |args: &[&str]| -> Vec<String> {
        std::iter::once(own.clone())
            .chain(args.iter().map(|a| (*a).to_owned()))
            .collect()
    };

    let org_args = vec![
        "--people".to_owned(),
        sizes.people.to_string(),
        "--teams".to_owned(),
        sizes.teams.to_string(),
        "--duties".to_owned(),
        sizes.duties.to_string(),
        "--files".to_owned(),
        sizes.org_files.to_string(),
    ];
    let duties = sizes.duties;

    if opts.wants("check-org") || opts.wants("who-duty") {
        let org = dataset(&opts, "org", &org_args)?;
        if opts.wants("check-org") {
            let stats = measure(&org, &cmd(&["check"]), runs)?;
            let ok = stats.median < 1.0 && stats.rss_kib.is_none_or(|k| k < 300 * 1024);
            let findings = output(
                Command::new(&own)
                    .current_dir(&org)
                    .args(["check", "--format", "short"]),
                "own check",
            )?;
            let count = String::from_utf8_lossy(&findings.stdout).lines().count();
            rows.push(Row {
                work: format!("`own check`, {duties} duties ({count} findings shown)"),
                target: "< 1 s, < 300 MB".into(),
                own: stats,
                versus: None,
                verdict: verdict(ok).into(),
            });
        }
        if opts.wants("who-duty") {
            let stats = measure(&org, &cmd(&["who", "duty-42"]), runs)?;
            rows.push(Row {
                work: format!("`own who duty-42`, {duties} duties"),
                target: "< 200 ms (README)".into(),
                verdict: verdict(stats.median < 0.2).into(),
                own: stats,
                versus: None,
            });
        }
    }

    if opts.wants("risk") {
        // The same organisation with departures, owned files and owned alerts, committed.
        let org = dataset(&opts, "risk", &org_args)?;
        let answer = output(
            Command::new(&own)
                .current_dir(&org)
                .args(["report", "risk", "--format", "csv"]),
            "own report risk",
        )?;
        if !answer.status.success() {
            return Err(format!(
                "`own report risk` failed (exit {}): {}",
                answer.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&answer.stderr)
            ));
        }
        let at_risk = String::from_utf8_lossy(&answer.stdout)
            .lines()
            .skip(1)
            .filter(|l| l.split(',').nth(2).is_some_and(|n| n != "0"))
            .count();
        let stats = measure(&org, &cmd(&["report", "risk"]), runs)?;
        rows.push(Row {
            work: format!(
                "`own report risk`, {duties} duties, every 50th person left, files and alerts owned ({at_risk} people at risk)"
            ),
            target: "< 2 s".into(),
            verdict: verdict(stats.median < 2.0).into(),
            own: stats,
            versus: None,
        });
    }

    let repo_args = |files: usize, patterns: usize| {
        vec![
            "--files".to_owned(),
            files.to_string(),
            "--patterns".to_owned(),
            patterns.to_string(),
        ]
    };
    let (files, patterns) = (sizes.repo_files, sizes.patterns);
    let mut repos: Vec<PathBuf> = Vec::new();
    let mut own_check_repo = None;
    if opts.wants("coverage")
        || opts.wants("who-path")
        || opts.wants("default-include")
        || opts.peers
    {
        let repo = dataset(&opts, "repo", &repo_args(files, patterns))?;
        let path = sample_path(&repo)?;
        if opts.wants("coverage") {
            let floor_cmd = vec![opts.bin("floor"), ".".to_owned()];
            let own_stats = measure(&repo, &cmd(&["check"]), runs)?;
            let floor_stats = measure(&repo, &floor_cmd, runs)?;
            let ratio = own_stats.median / floor_stats.median;
            rows.push(Row {
                work: format!("`own check`, {files} files × {patterns} patterns (whole process)"),
                target: "≤ 1.5× floor".into(),
                own: own_stats.clone(),
                versus: Some(("floor".into(), floor_stats)),
                verdict: format!("{ratio:.2}× {}", verdict(ratio <= 1.5)),
            });
            // In-process: what each process reports for reading the index, compiling the
            // patterns and resolving every file (own: `own check -v`; floor: its stderr).
            let own_step = phase_times(&repo, &cmd(&["check", "-v"]), runs, |l| {
                l.strip_prefix("own: covered ")
                    .and_then(|rest| duration_ms(rest.rsplit(" in ").next()?))
            })?;
            let floor_step = phase_times(&repo, &floor_cmd, runs, |l| ms_after(l, "total"))?;
            let (own_step, floor_step) = (spread(&own_step), spread(&floor_step));
            let ratio = own_step.median / floor_step.median;
            rows.push(Row {
                work: "coverage alone: index + patterns + every file (in-process)".into(),
                target: "≤ 1.5× floor".into(),
                own: own_step,
                versus: Some(("floor".into(), floor_step)),
                verdict: format!("{ratio:.2}× {}", verdict(ratio <= 1.5)),
            });
            own_check_repo = Some(own_stats);
        }
        if opts.wants("who-path") {
            let stats = measure(&repo, &cmd(&["who", &path]), runs)?;
            let answer = output(
                Command::new(&own).current_dir(&repo).args(["who", &path]),
                "own who",
            )?;
            if !answer.status.success() {
                return Err(format!(
                    "`own who {path}` failed (exit {}): {}",
                    answer.status.code().unwrap_or(-1),
                    String::from_utf8_lossy(&answer.stderr)
                ));
            }
            rows.push(Row {
                work: format!("`own who PATH`, {files} files × {patterns} patterns"),
                target: "< 50 ms".into(),
                verdict: verdict(stats.median < 0.05).into(),
                own: stats,
                versus: None,
            });
        }
        if opts.wants("default-include") {
            // The same root with `include` left at its default (`**/*.own.yaml`): `own` must
            // see untracked ownership files too, so it walks the tree. The floor is git's own
            // look at the untracked files, which walks the same tree.
            let _default = DefaultInclude::set(&repo)?;
            let git = words(&["git", "ls-files", "--others", "--exclude-standard"]);
            let git_stats = measure(&repo, &git, runs)?;
            for (work, args, limit) in [
                ("`own check`", vec!["check"], f64::INFINITY),
                ("`own who PATH`", vec!["who", path.as_str()], 1.0),
            ] {
                let stats = measure(&repo, &cmd(&args), runs)?;
                let ratio = stats.median / git_stats.median;
                rows.push(Row {
                    work: format!("{work}, same repository, default `include` (walks the tree)"),
                    target: if limit.is_finite() {
                        "≤ 1× git's walk".into()
                    } else {
                        "–".into()
                    },
                    verdict: if limit.is_finite() {
                        format!("{ratio:.2}× {}", verdict(ratio <= limit))
                    } else {
                        format!("{ratio:.2}×")
                    },
                    own: stats,
                    versus: Some((
                        "`git ls-files --others --exclude-standard`".into(),
                        git_stats.clone(),
                    )),
                });
            }
        }
        repos.push(repo);
        if opts.peers
            && let Some((files, patterns)) = sizes.medium
        {
            repos.push(dataset(&opts, "repo", &repo_args(files, patterns))?);
        }
    }

    if opts.wants("detections") {
        let (rules, rule_files) = (sizes.detection_rules, sizes.detection_files);
        let dir = dataset(
            &opts,
            "detections",
            &[
                "--rules".to_owned(),
                rules.to_string(),
                "--files".to_owned(),
                rule_files.to_string(),
            ],
        )?;
        let with = measure(&dir.join("with"), &cmd(&["check"]), runs)?;
        let without = measure(&dir.join("without"), &cmd(&["check"]), runs)?;
        let added = with.median - without.median;
        rows.push(Row {
            work: format!(
                "`own check`, {rules} alert and detection rules in {rule_files} files (Prometheus, routed, and Sigma)"
            ),
            target: "adds < 0.5 s".into(),
            verdict: format!("adds {} {}", secs(added), verdict(added < 0.5)),
            own: with,
            versus: Some(("the same organisation without sources".into(), without)),
        });
    }

    if opts.wants("diff") || opts.wants("log") {
        let mut args = org_args.clone();
        args.extend(["--commits".to_owned(), sizes.commits.to_string()]);
        let history = dataset(&opts, "history", &args)?;
        let back = 100.min(sizes.commits);
        if opts.wants("diff") {
            let stats = measure(
                &history,
                &cmd(&["diff", &format!("HEAD~{back}"), "HEAD"]),
                runs,
            )?;
            rows.push(Row {
                work: format!("`own diff HEAD~{back} HEAD`, {duties} duties"),
                target: "< 2 s".into(),
                verdict: verdict(stats.median < 2.0).into(),
                own: stats,
                versus: None,
            });
        }
        if opts.wants("log") {
            let stats = measure(&history, &cmd(&["log", "duty-42"]), runs)?;
            rows.push(Row {
                work: format!("`own log duty-42`, {} commits", sizes.commits),
                target: "< 5 s".into(),
                verdict: verdict(stats.median < 5.0).into(),
                own: stats,
                versus: None,
            });
        }
    }

    let mut peer_table = String::new();
    if opts.peers {
        peer_table = peers(&opts, &repos, own_check_repo.as_ref(), &mut notes)?;
    }

    let mut report = String::new();
    let _ = writeln!(
        report,
        "## Results ({} sizes, {} build, {runs} runs each, {cores} cores; load average {load_before} before, {} after; {:.0} s)\n",
        if opts.quick { "quick" } else { "full" },
        opts.binaries
            .file_name()
            .map_or("?".into(), |n| n.to_string_lossy()),
        load_average(),
        started.elapsed().as_secs_f64()
    );
    let _ = writeln!(
        report,
        "| work | target | `own` median (min–max) | `own` CPU | `own` peak memory | compared with | verdict |\n| --- | --- | --- | --- | --- | --- | --- |"
    );
    for row in &rows {
        let versus = row.versus.as_ref().map_or(String::new(), |(name, s)| {
            format!(
                "{name}: {}, CPU {}, {}",
                shown(s),
                secs(s.cpu),
                memory(s.rss_kib)
            )
        });
        let _ = writeln!(
            report,
            "| {} | {} | {} | {} | {} | {versus} | {} |",
            row.work,
            row.target,
            shown(&row.own),
            secs(row.own.cpu),
            memory(row.own.rss_kib),
            row.verdict
        );
    }
    report.push_str(&peer_table);
    for note in &notes {
        let _ = writeln!(report, "\n{note}");
    }
    println!("{report}");
    let saved = opts.target.join("bench-data").join(if opts.quick {
        "results-quick.md"
    } else {
        "results.md"
    });
    let _ = std::fs::write(&saved, &report);
    eprintln!("bench: results also in {}", saved.display());
    Ok(())
}

/// Leaves `include` at its default in a generated repository's `own.yaml` while it lives.
struct DefaultInclude {
    manifest: PathBuf,
    original: String,
}

impl DefaultInclude {
    fn set(repo: &Path) -> Result<DefaultInclude> {
        let manifest = repo.join("own.yaml");
        let original = std::fs::read_to_string(&manifest).map_err(|e| format!("own.yaml: {e}"))?;
        let default: String = original
            .lines()
            .filter(|l| !l.starts_with("include:"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&manifest, default).map_err(|e| format!("own.yaml: {e}"))?;
        Ok(DefaultInclude { manifest, original })
    }
}

impl Drop for DefaultInclude {
    fn drop(&mut self) {
        if let Err(e) = std::fs::write(&self.manifest, &self.original) {
            eprintln!("bench: cannot restore {}: {e}", self.manifest.display());
        }
    }
}

/// A file in the middle of the repository's index, for path lookups.
fn sample_path(repo: &Path) -> Result<String> {
    let files = tracked(repo)?;
    let deep: Vec<&String> = files
        .iter()
        .filter(|f| f.matches('/').count() >= 3)
        .collect();
    deep.get(deep.len() / 2)
        .map(|f| (*f).clone())
        .or_else(|| files.get(files.len() / 2).cloned())
        .ok_or_else(|| "the generated repository tracks no file".to_owned())
}

/// The files git's index lists in `repo` (`git ls-files`).
fn tracked(repo: &Path) -> Result<Vec<String>> {
    let listed = output(
        Command::new("git")
            .current_dir(repo)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .args(["ls-files", "-z"]),
        "git ls-files",
    )?;
    if !listed.status.success() {
        return Err(format!(
            "git ls-files in {}: {}",
            repo.display(),
            String::from_utf8_lossy(&listed.stderr).trim_end()
        ));
    }
    Ok(listed
        .stdout
        .split(|&b| b == 0)
        .filter(|f| !f.is_empty())
        .filter_map(|f| String::from_utf8(f.to_vec()).ok())
        .collect())
}

fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// One peer: the commands answering the two questions, and one listing every file's owners.
struct Peer {
    name: &'static str,
    unowned: Vec<String>,
    who: Vec<String>,
    all: Vec<String>,
}

/// Installs the peers from their registries, once.
fn install_peers(home: &Path) -> Result<()> {
    let stamp = home.join(format!(
        "installed-{:016x}",
        fnv(&format!(
            "{PEER_PY} {} {PY_SCRIPT} {NODE_WHO}",
            PEER_NPM.join(" ")
        ))
    ));
    if stamp.exists() {
        return Ok(());
    }
    eprintln!(
        "bench: installing {PEER_PY} (pip) and {} (npm)",
        PEER_NPM.join(", ")
    );
    run_status(
        Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg("--target")
            .arg(home.join("py"))
            .arg(PEER_PY)
            .stderr(Stdio::null()),
        "pip install",
    )?;
    run_status(
        Command::new("npm")
            .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
            .arg(home.join("node"))
            .args(PEER_NPM),
        "npm install",
    )?;
    std::fs::write(home.join("peer.py"), PY_SCRIPT).map_err(|e| e.to_string())?;
    std::fs::write(home.join("codeowners-who.js"), NODE_WHO).map_err(|e| e.to_string())?;
    std::fs::write(&stamp, "").map_err(|e| e.to_string())
}

fn peer_commands(home: &Path, repo: &Path, path: &str) -> Vec<Peer> {
    let repo = absolute(repo);
    let modules = home.join("node/node_modules");
    let npm_codeowners = absolute(&modules.join("codeowners"));
    let npm_cli = absolute(&modules.join("codeowners/index.js"));
    let gh_cli = absolute(&modules.join("github-codeowners/dist/cli.js"));
    let who_js = absolute(&home.join("codeowners-who.js"));
    let python = |mode: &[&str]| {
        let mut words = vec![
            "env".to_owned(),
            format!("PYTHONPATH={}", absolute(&home.join("py"))),
            "python3".to_owned(),
            absolute(&home.join("peer.py")),
            repo.clone(),
        ];
        words.extend(mode.iter().map(|m| (*m).to_owned()));
        words
    };
    vec![
        Peer {
            name: "PyPI `codeowners` 0.9.0 (+ `git ls-files`)",
            unowned: python(&["unowned"]),
            who: python(&["who", path]),
            all: python(&["all"]),
        },
        Peer {
            name: "npm `codeowners` 5.1.1 (`audit -u`)",
            unowned: words(&["node", &npm_cli, "audit", "-u"]),
            who: words(&["node", &who_js, &npm_codeowners, &repo, path]),
            all: words(&["node", &npm_cli, "audit"]),
        },
        Peer {
            name: "npm `github-codeowners` 0.2.1 (`audit -u -g`)",
            unowned: words(&["node", &gh_cli, "audit", "-u", "-g"]),
            who: words(&["node", &gh_cli, "who", path]),
            all: words(&["node", &gh_cli, "audit", "-g", "-o", "csv"]),
        },
    ]
}

/// Times the peers on each repository and checks their owners against `own`'s.
fn peers(
    opts: &Options,
    repos: &[PathBuf],
    own_check_first: Option<&Stats>,
    notes: &mut Vec<String>,
) -> Result<String> {
    let home = opts.target.join("bench-peers");
    install_peers(&home)?;
    let own = opts.bin("own");
    let mut table = format!(
        "\n### Peers ({} run(s) each, stopped at the first failure; killed after {} s)\n\n\
         | tool | repository | unowned files, whole tree | ratio to `own check` | peak memory | one path lookup | ratio to `own who` | owners differing from `own` |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- |\n",
        opts.peer_runs,
        opts.peer_timeout.as_secs()
    );
    for (r, repo) in repos.iter().enumerate() {
        let reference = Reference::new(repo)?;
        let size = format!(
            "{} files × {} patterns",
            reference.files.len(),
            reference.lines.len()
        );
        let path = sample_path(repo)?;
        let own_unowned = match (r, own_check_first) {
            (0, Some(stats)) => stats.clone(),
            _ => measure(repo, &[own.clone(), "check".into()], opts.runs)?,
        };
        let own_who = measure(repo, &[own.clone(), "who".into(), path.clone()], opts.runs)?;
        let _ = writeln!(
            table,
            "| `own` (`own check`, `own who PATH`) | {size} | {} | 1 | {} | {} | 1 | – |",
            shown(&own_unowned),
            memory(own_unowned.rss_kib),
            shown(&own_who),
        );
        reference.check_own(repo, &own, notes)?;
        for peer in peer_commands(&home, repo, &path) {
            eprintln!("bench: {} on {size}", peer.name);
            let mut times = Vec::new();
            let mut cpu = Vec::new();
            let mut peak = None;
            let mut failure = None;
            for _ in 0..opts.peer_runs {
                let run = timed(repo, &peer.unowned, opts.peer_timeout)?;
                peak = peak.max(run.rss_kib);
                if let Some(f) = run.failure {
                    failure = Some(format!("{f} after {}", secs(run.wall)));
                    break;
                }
                times.push(run.wall * 1e3);
                cpu.push(run.cpu);
            }
            let mut unowned = spread(&times);
            unowned.cpu = cpu.iter().sum::<f64>() / cpu.len().max(1) as f64;
            let (unowned_text, ratio) = match &failure {
                Some(f) => (f.clone(), "–".to_owned()),
                None => (
                    format!("{}, CPU {}", shown(&unowned), secs(unowned.cpu)),
                    format!("{:.0}×", unowned.median / own_unowned.median),
                ),
            };
            let mut lookups = Vec::new();
            let mut lookup_answer = String::new();
            for _ in 0..opts.peer_runs {
                let run = timed(repo, &peer.who, opts.peer_timeout)?;
                // github-codeowners prints the path before the owners.
                let answer = run.stdout.trim();
                lookup_answer = answer
                    .strip_prefix(path.as_str())
                    .unwrap_or(answer)
                    .trim()
                    .to_owned();
                lookups.push(run.wall * 1e3);
            }
            let who = spread(&lookups);
            if let Some(i) = reference.files.iter().position(|f| *f == path)
                && reference.owners[i] != lookup_answer
            {
                notes.push(format!(
                    "{} answers `{lookup_answer}` for `{path}`; `own` (and GitHub's semantics) `{}`.",
                    peer.name, reference.owners[i]
                ));
            }
            let agreement = if failure.is_some() {
                "– (no listing)".to_owned()
            } else {
                let listing = timed(repo, &peer.all, opts.peer_timeout)?;
                match listing.failure {
                    Some(f) => format!("– (listing {f})"),
                    None => reference.compare(peer.name, &parse_listing(&listing.stdout), notes),
                }
            };
            let _ = writeln!(
                table,
                "| {} | {size} | {unowned_text} | {ratio} | {} | {} | {:.0}× | {agreement} |",
                peer.name,
                memory(peak),
                shown(&who),
                who.median / own_who.median,
            );
        }
    }
    Ok(table)
}

/// Whether `pattern` owns `path` as the `ignore` package (gitignore) reads it: like GitHub,
/// except that `/x/*` matches x's folders too, so it owns everything below x.
fn gitignore_reading(pattern: &str, path: &str) -> bool {
    let relaxed = match pattern.strip_suffix('*') {
        Some(dir) if dir.ends_with('/') && !dir.ends_with("*/") && dir.len() > 1 => dir,
        _ => pattern,
    };
    PathPattern::parse(relaxed).is_ok_and(|p| p.matches(path))
}

/// `path owners…` lines from any peer: tab-separated (the Python script), comma-separated
/// (github-codeowners' csv) or padded with spaces (`codeowners audit`, `nobody` when none).
fn parse_listing(text: &str) -> HashMap<String, String> {
    let mut owners = HashMap::new();
    for line in text.lines() {
        let parts: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else if line.contains(',') {
            line.split(',').collect()
        } else {
            line.split_whitespace().collect()
        };
        let Some((path, rest)) = parts.split_first() else {
            continue;
        };
        let list: Vec<&str> = rest
            .iter()
            .flat_map(|s| s.split_whitespace())
            .filter(|s| *s != "nobody")
            .collect();
        owners.insert((*path).to_owned(), list.join(" "));
    }
    owners
}

/// `own`'s answer for every tracked file, computed from the generated CODEOWNERS with
/// `own`'s resolver, and GitHub's documented semantics for judging disagreements.
struct Reference {
    files: Vec<String>,
    /// Owners per file as GitHub would show them ("" when unowned).
    owners: Vec<String>,
    /// The CODEOWNERS lines (pattern, owners), in file order.
    lines: Vec<(String, String)>,
    /// The line `own` picked per file.
    picked: Vec<Option<usize>>,
    /// Files whose most specific patterns tie between duties (`own::path-conflict`).
    conflicts: usize,
}

impl Reference {
    fn new(repo: &Path) -> Result<Reference> {
        let text = std::fs::read_to_string(repo.join(".github/CODEOWNERS"))
            .map_err(|e| format!("CODEOWNERS: {e}"))?;
        let parsed = codeowners::parse(&text);
        let mut builder = PatternSet::builder();
        let mut lines = Vec::new();
        let mut owner_ids: HashMap<String, usize> = HashMap::new();
        for entry in &parsed.entries {
            let pattern = PathPattern::parse(&entry.pattern)
                .map_err(|e| format!("CODEOWNERS line {}: {e}", entry.line))?;
            let owners = entry.owners.join(" ");
            let next = owner_ids.len();
            let id = *owner_ids.entry(owners.clone()).or_insert(next);
            builder.add(pattern, id);
            lines.push((entry.pattern.clone(), owners));
        }
        let set = builder.build();
        let files = tracked(repo)?;
        let mut scratch = Vec::new();
        let mut conflicts = 0;
        let picked: Vec<Option<usize>> = files
            .iter()
            .map(|f| match set.resolve(f, &mut scratch) {
                Resolution::Unowned => None,
                Resolution::Owned { pattern } => Some(pattern),
                // The file lists patterns least specific first, so GitHub's "last match
                // wins" takes the last of the tied lines.
                Resolution::Conflict { patterns } => {
                    conflicts += 1;
                    patterns.iter().copied().max()
                }
            })
            .collect();
        let owners = picked
            .iter()
            .map(|p| p.map_or(String::new(), |i| lines[i].1.clone()))
            .collect();
        Ok(Reference {
            files,
            owners,
            lines,
            picked,
            conflicts,
        })
    }

    /// A short verdict for the table; the details go to `notes`.
    fn compare(
        &self,
        name: &str,
        theirs: &HashMap<String, String>,
        notes: &mut Vec<String>,
    ) -> String {
        let mut differ: Vec<usize> = Vec::new();
        let mut missing = 0;
        for (i, file) in self.files.iter().enumerate() {
            match theirs.get(file) {
                None => missing += 1,
                Some(o) if *o != self.owners[i] => differ.push(i),
                Some(_) => {}
            }
        }
        if differ.is_empty() && missing == 0 {
            return format!("none of {}", self.files.len());
        }
        // Judge a sample with the slow reference model of GitHub's documentation, and find
        // the line the peer must have used: the last line with its owners that owns the
        // file when `/x/*` is read as gitignore reads it.
        let sample: Vec<usize> = differ
            .iter()
            .copied()
            .step_by((differ.len() / 200).max(1))
            .collect();
        let (mut own_right, mut peer_right, mut neither) = (0, 0, 0);
        let mut kinds: BTreeMap<&str, (usize, String)> = BTreeMap::new();
        for &i in &sample {
            let file = &self.files[i];
            let github = codeowners::github_owner_of(&self.lines, file);
            let github_owners = github.map_or(String::new(), |l| self.lines[l].1.clone());
            let peer = theirs.get(file).cloned().unwrap_or_default();
            if github_owners == self.owners[i] {
                own_right += 1;
            } else if github_owners == peer {
                peer_right += 1;
            } else {
                neither += 1;
            }
            let own_line =
                self.picked[i].map_or("no line".to_owned(), |l| format!("`{}`", self.lines[l].0));
            let peer_line = self.lines.iter().rposition(|(pattern, owners)| {
                *owners == peer && !peer.is_empty() && gitignore_reading(pattern, file)
            });
            let kind = match peer_line {
                Some(l) if self.lines[l].0.ends_with("/*") => {
                    "the peer applies a children-only pattern (`/x/*`) to files in x's subfolders"
                }
                Some(_) => "the peer picks another line",
                None if peer.is_empty() => "the peer finds no owner",
                None => "the peer names owners that no matching line gives",
            };
            let peer_shown = peer_line.map_or_else(
                || format!("owners `{peer}`"),
                |l| format!("`{}`", self.lines[l].0),
            );
            kinds
                .entry(kind)
                .or_insert((0, format!("`{file}`: own {own_line}, peer {peer_shown}")))
                .0 += 1;
        }
        let mut note = format!(
            "**{name}** differs from `own` on {} of {} tracked files ({missing} not listed). \
             Of {} checked against GitHub's documented semantics (`github_owner_of`), `own` \
             is right on {own_right}, the peer on {peer_right}, neither on {neither}:",
            differ.len(),
            self.files.len(),
            sample.len()
        );
        let mut common: Vec<_> = kinds.into_iter().collect();
        common.sort_by_key(|c| std::cmp::Reverse(c.1.0));
        for (kind, (n, example)) in &common {
            let _ = write!(note, "\n- {n}×: {kind}; e.g. {example}");
        }
        notes.push(note);
        format!("{} of {} (see below)", differ.len(), self.files.len())
    }

    /// `own check`'s unowned files must be the files this reference leaves unowned.
    fn check_own(&self, repo: &Path, own: &str, notes: &mut Vec<String>) -> Result<()> {
        let out = output(
            Command::new(own)
                .current_dir(repo)
                .args(["check", "--format", "json"]),
            "own check --format json",
        )?;
        let value: serde_json::Value = serde_json::from_slice(&out.stdout)
            .map_err(|e| format!("own check --format json: {e}"))?;
        let findings = value["findings"].as_array().cloned().unwrap_or_default();
        let with_code = |code: &str| {
            findings
                .iter()
                .filter(|f| f["code"] == code)
                .filter_map(|f| f["target"].as_str().map(str::to_owned))
                .collect::<Vec<_>>()
        };
        let mut reported = with_code("own::unowned-path");
        reported.sort();
        let conflicts = with_code("own::path-conflict").len();
        let mut expected: Vec<String> = self
            .files
            .iter()
            .zip(&self.owners)
            .filter(|(_, o)| o.is_empty())
            .map(|(f, _)| f.clone())
            .collect();
        expected.sort();
        notes.push(format!(
            "{} files × {} patterns: `own check` reports {} unowned files and {conflicts} path \
             conflicts; `own`'s resolver on the generated CODEOWNERS leaves {} files unowned \
             ({}) and {} files under tied patterns (GitHub, and this comparison, take the last \
             tied line there).",
            self.files.len(),
            self.lines.len(),
            reported.len(),
            expected.len(),
            if reported == expected {
                "the same list"
            } else {
                "A DIFFERENT LIST"
            },
            self.conflicts
        ));
        Ok(())
    }
}
