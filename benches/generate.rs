//! A deterministic generator of large organisations for benchmarks.
//!
//! `cargo run --release --example generate -- org DIR [--people N] [--teams N] [--duties N]
//! [--files N] [--seed N]` writes an ownership root: `own.yaml` and `--files` included files
//! spread over folders, with realistic role mixes (one accountable person, one to three
//! responsible people or teams, some consulted and informed), managers forming a tree,
//! skills, tags, review dates, delegations and handoffs. The same arguments always give the
//! same bytes.
//!
//! `generate history DIR --commits N [--role-share PERCENT] [org options]` makes DIR a git
//! repository (written by one `git fast-import`, fixed author and times): the generated org
//! as the first commit, then N commits, PERCENT of them (default 50) handing one duty's
//! accountable role to someone else and the rest changing only a source file outside the
//! ownership files. Every 50th role change is on `duty-42`, so `own log duty-42` has a
//! history to show. The objects are then packed into one pack file (`git repack -a -d`), as
//! in any real clone.
//!
//! `generate risk DIR [org options]` is the `org` made a git repository (one commit) with what
//! `own report risk` counts: every 50th person has left, every 10th duty owns a folder of two
//! tracked files (`paths:`), and every 100th duty owns four alerts of a `list` source.
//!
//! `generate repo DIR --files N --patterns K [--seed N]` makes DIR a git repository of N
//! (empty) files in the shape of a large monorepo, tracked in the index and committed, with
//! an ownership root at the top (`coverage: { paths: {} }`) whose duties hold K CODEOWNERS
//! patterns in a realistic mix; see `repo.rs`.
//!
//! Both run the `git` command, cut off from the machine's configuration (see [`git`]), so
//! the same arguments give the same commit ids everywhere.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool of the harness

mod repo;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A small deterministic generator (SplitMix64): no dependency, same numbers everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SKILLS: &[&str] = &[
    "linux",
    "windows",
    "networking",
    "siem",
    "edr",
    "patching",
    "backup",
    "dns",
    "tls",
    "kubernetes",
    "terraform",
    "incident-response",
    "forensics",
    "python",
    "sql",
    "vmware",
];
const VERBS: &[&str] = &[
    "Operate", "Patch", "Monitor", "Back up", "Renew", "Triage", "Review", "Restore", "Rotate",
    "Audit", "Harden", "Upgrade",
];
const THINGS: &[&str] = &[
    "the VPN gateways",
    "database replicas",
    "TLS certificates",
    "the SIEM pipeline",
    "EDR sensors",
    "DNS zones",
    "the backup catalogue",
    "Kubernetes clusters",
    "the mail relay",
    "firewall rules",
    "the ticket queue",
    "laptop fleet",
];
const TAGS: &[&str] = &[
    "ops",
    "security",
    "network",
    "platform",
    "compliance",
    "24x7",
];

struct Org {
    people: usize,
    teams: usize,
    duties: usize,
    files: usize,
    seed: u64,
}

/// What the `risk` case adds to the `org` (drawing no random numbers, so the rest is the same
/// organisation): departures, owned files and owned alerts.
struct Extras {
    /// Every Nth person has `status: left`.
    left_every: usize,
    /// Every Nth duty owns `/services/duty-N/`, holding two files.
    paths_every: usize,
    /// Every Nth duty owns the alerts `DutyN*`, four of them in `monitoring/alerts.yml`.
    alerts_every: usize,
}

const RISK: Extras = Extras {
    left_every: 50,
    paths_every: 10,
    alerts_every: 100,
};

/// How many files and alerts the extras wrote.
#[derive(Default)]
struct Written {
    bytes: u64,
    files: usize,
    alerts: usize,
}

fn generate_org(dir: &Path, org: &Org) -> std::io::Result<u64> {
    generate_org_with(dir, org, None).map(|w| w.bytes)
}

fn generate_org_with(dir: &Path, org: &Org, extras: Option<&Extras>) -> std::io::Result<Written> {
    let mut rng = Rng(org.seed);
    std::fs::create_dir_all(dir)?;
    let mut total = 0u64;
    let mut write = |path: PathBuf, text: String| -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        total += text.len() as u64;
        std::fs::write(path, text)
    };
    let mut manifest = "version: 1\ninclude: [\"**/*.own.yaml\"]\npolicy:\n  max-accountable: 40\n  review-every: 365d\n"
        .to_owned();
    if extras.is_some() {
        manifest.push_str(
            "coverage:\n  alerts:\n    - { files: [monitoring/alerts.yml], format: list }\n",
        );
    }
    write(dir.join("own.yaml"), manifest)?;
    let every = |n: usize, pick: fn(&Extras) -> usize| {
        extras.is_some_and(|e| pick(e) > 0 && n.is_multiple_of(pick(e)))
    };
    let mut owned_files: Vec<String> = Vec::new();
    let mut alerts = String::from("alerts:\n");
    let mut alert_count = 0;

    // People: managers form a tree (each person's manager has a smaller index).
    let mut people = String::from("people:\n");
    for i in 0..org.people {
        let manager = if i == 0 {
            String::new()
        } else {
            format!(", manager: p{}", rng.below(i.min(org.people / 10 + 1)))
        };
        let skills: Vec<&str> = (0..3).map(|_| *rng.pick(SKILLS)).collect();
        // p49, p99, …: p0 heads the manager tree and stays.
        let left = if every(i + 1, |e| e.left_every) {
            ", status: left"
        } else {
            ""
        };
        writeln!(
            people,
            "  p{i}: {{ name: Person {i}, email: p{i}@example.com, github: person-{i}{manager}, skills: [{}]{left} }}",
            skills.join(", ")
        )
        .ok();
    }
    write(dir.join("people/people.own.yaml"), people)?;

    let mut teams = String::from("teams:\n");
    for t in 0..org.teams {
        let size = 3 + rng.below(8);
        let members: Vec<String> = (0..size)
            .map(|_| format!("p{}", rng.below(org.people)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        writeln!(
            teams,
            "  t{t}: {{ name: Team {t}, lead: {}, members: [{}], github: example/team-{t} }}",
            members[0],
            members.join(", ")
        )
        .ok();
    }
    write(dir.join("people/teams.own.yaml"), teams)?;

    let per_file = org.duties.div_ceil(org.files.max(1));
    for f in 0..org.files.max(1) {
        let mut text = String::from("duties:\n");
        let first = f * per_file;
        let last = ((f + 1) * per_file).min(org.duties);
        for d in first..last {
            let holder = |rng: &mut Rng| {
                if rng.below(3) == 0 {
                    format!("t{}", rng.below(org.teams))
                } else {
                    format!("p{}", rng.below(org.people))
                }
            };
            let responsible: Vec<String> =
                (0..1 + rng.below(3)).map(|_| holder(&mut rng)).collect();
            writeln!(
                text,
                "  duty-{d}:\n    title: {} {} ({d})\n    accountable: p{}\n    responsible: [{}]",
                rng.pick(VERBS),
                rng.pick(THINGS),
                rng.below(org.people),
                responsible.join(", ")
            )
            .ok();
            if rng.below(2) == 0 {
                writeln!(text, "    consulted: [{}]", holder(&mut rng)).ok();
            }
            if rng.below(2) == 0 {
                writeln!(
                    text,
                    "    informed: [{}, {}]",
                    holder(&mut rng),
                    holder(&mut rng)
                )
                .ok();
            }
            writeln!(
                text,
                "    skills: [{}]\n    tags: [{}]\n    reviewed: 2026-{:02}-{:02}",
                rng.pick(SKILLS),
                rng.pick(TAGS),
                1 + rng.below(11),
                1 + rng.below(28)
            )
            .ok();
            if d % 50 == 0 {
                writeln!(
                    text,
                    "    escalation: [t{}, p{}]",
                    rng.below(org.teams),
                    rng.below(org.people)
                )
                .ok();
            }
            if every(d, |e| e.paths_every) {
                writeln!(text, "    paths: [/services/duty-{d}/]").ok();
                owned_files.push(format!("services/duty-{d}/main.rs"));
                owned_files.push(format!("services/duty-{d}/README.md"));
            }
            if every(d, |e| e.alerts_every) {
                writeln!(text, "    alerts: [\"Duty{d}*\"]").ok();
                for kind in ["Down", "Slow", "Errors", "Saturated"] {
                    writeln!(alerts, "  - Duty{d}{kind}").ok();
                    alert_count += 1;
                }
            }
        }
        if f == 0 {
            text.push_str("delegations:\n");
            for k in 0..org.duties / 100 {
                writeln!(
                    text,
                    "  delegation-{k}: {{ duty: duty-{}, from: p{}, to: p{}, expect: Investigate and report, due: 2027-01-{:02}, report-to: t{} }}",
                    rng.below(org.duties),
                    rng.below(org.people),
                    rng.below(org.people),
                    1 + rng.below(28),
                    rng.below(org.teams)
                )
                .ok();
            }
            text.push_str("handoffs:\n");
            for k in 0..org.people / 100 {
                writeln!(
                    text,
                    "  handoff-{k}: {{ from: p{}, to: p{}, from-date: 2027-02-01, to-date: 2027-03-01, acknowledged: true }}",
                    rng.below(org.people),
                    rng.below(org.people)
                )
                .ok();
            }
        }
        let area = f % 10;
        write(
            dir.join(format!("duties/area-{area}/part-{f}.own.yaml")),
            text,
        )?;
    }
    if extras.is_some() {
        write(dir.join("monitoring/alerts.yml"), alerts)?;
        for file in &owned_files {
            write(dir.join(file), format!("// {file}\n"))?;
        }
    }
    Ok(Written {
        bytes: total,
        files: owned_files.len(),
        alerts: alert_count,
    })
}

/// The `risk` case: the organisation with its extras, committed (the files under coverage are
/// the tracked ones, read from the index as in any repository).
fn generate_risk(dir: &Path, org: &Org) -> Result<Written, Box<dyn std::error::Error>> {
    let written = generate_org_with(dir, org, Some(&RISK))?;
    init(dir)?;
    run_git(dir, &["add", "-A"], b"")?;
    let tree = run_git(dir, &["write-tree"], b"")?;
    let commit = run_git(dir, &["commit-tree", &tree], b"Generated organisation")?;
    run_git(dir, &["update-ref", "HEAD", &commit], b"")?;
    Ok(written)
}

/// Hand the accountable role of duty `d` to person `to` in a file's text.
fn reassign(text: &mut String, d: usize, to: usize) -> bool {
    let key = format!("  duty-{d}:\n");
    let Some(at) = text.find(&key) else {
        return false;
    };
    let Some(offset) = text[at..].find("    accountable: ") else {
        return false;
    };
    let start = at + offset + "    accountable: ".len();
    let end = start + text[start..].find('\n').unwrap_or(0);
    text.replace_range(start..end, &format!("p{to}"));
    true
}

/// The author and committer of every generated commit.
const BOT: &str = "Bench Bot <bench@example.com>";

/// 2026-01-01T00:00:00Z, the time of the first generated commit.
const START: i64 = 1_767_225_600;

/// `git` in `dir`, cut off from the machine's configuration (no system or global file, no
/// inherited repository variables, no signing, no line-ending conversion, no automatic
/// maintenance), committing as [`BOT`] at [`START`]: the same repository everywhere.
fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir);
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_NAMESPACE",
        "GIT_COMMON_DIR",
    ] {
        cmd.env_remove(var);
    }
    let date = format!("@{START} +0000");
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Bench Bot")
        .env("GIT_AUTHOR_EMAIL", "bench@example.com")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_NAME", "Bench Bot")
        .env("GIT_COMMITTER_EMAIL", "bench@example.com")
        .env("GIT_COMMITTER_DATE", &date);
    for setting in [
        "commit.gpgSign=false",
        "core.autocrlf=false",
        "core.safecrlf=false",
        "core.fsmonitor=false",
        "core.hooksPath=/dev/null",
        "gc.auto=0",
        "maintenance.auto=false",
    ] {
        cmd.args(["-c", setting]);
    }
    cmd
}

/// Runs `git ARGS` in `dir` (see [`git`]) with `input` on its standard input; its output,
/// without the final newline. Fails with git's error output.
fn run_git(dir: &Path, args: &[&str], input: &[u8]) -> Result<String, Box<dyn std::error::Error>> {
    let mut child = git(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("git: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input)?;
    }
    let output = child.wait_with_output()?;
    if !output.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim_end()
        )
        .into());
    }
    Ok(String::from_utf8(output.stdout)?.trim_end().to_owned())
}

/// Makes `dir` a git repository, its first branch `master`.
fn init(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    run_git(dir, &["init", "-q", "-b", "master"], b"")?;
    Ok(())
}

/// The files under `dir` (its `.git` aside), as `/`-separated paths relative to `root`.
fn files_under(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if path != root.join(".git") {
                files_under(root, &path, out)?;
            }
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}

/// A `git fast-import` stream: one commit after another on `master`, each by [`BOT`].
struct Import<W: std::io::Write> {
    out: W,
}

impl<W: std::io::Write> Import<W> {
    /// Starts a commit with exactly this message (no newline is added) at `time`; its
    /// parent is the previous commit of the stream, if any.
    fn commit(&mut self, message: &str, time: i64) -> std::io::Result<()> {
        write!(
            self.out,
            "commit refs/heads/master\nauthor {BOT} {time} +0000\ncommitter {BOT} {time} +0000\ndata {}\n{message}\n",
            message.len()
        )
    }

    /// Sets a file of the commit being written (a regular, non-executable file).
    fn file(&mut self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        write!(self.out, "M 100644 inline {path}\ndata {}\n", bytes.len())?;
        self.out.write_all(bytes)?;
        self.out.write_all(b"\n")
    }
}

fn generate_history(
    dir: &Path,
    org: &Org,
    commits: usize,
    role_share: usize,
) -> Result<usize, Box<dyn std::error::Error>> {
    generate_org(dir, org)?;
    init(dir)?;
    // One `git fast-import` writes every commit: a process per commit would take minutes.
    let mut child = git(dir)
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("git fast-import: {e}"))?;
    let stdin = child.stdin.take().ok_or("git fast-import: no input")?;
    let mut import = Import {
        out: std::io::BufWriter::with_capacity(1 << 20, stdin),
    };
    let mut time = START;
    let mut names = Vec::new();
    files_under(dir, dir, &mut names)?;
    names.sort();
    import.commit("Generated organisation", time)?;
    for name in &names {
        import.file(name, &std::fs::read(dir.join(name))?)?;
    }
    let per_file = org.duties.div_ceil(org.files.max(1));
    let mut rng = Rng(org.seed ^ 0x5eed);
    let mut role_changes = 0;
    for i in 0..commits {
        time += 600;
        if rng.below(100) < role_share {
            let d = if role_changes % 50 == 0 {
                42
            } else {
                rng.below(org.duties)
            };
            let f = d / per_file.max(1);
            let name = format!("duties/area-{}/part-{f}.own.yaml", f % 10);
            let path = dir.join(&name);
            let mut text = std::fs::read_to_string(&path)?;
            let to = rng.below(org.people);
            if reassign(&mut text, d, to) {
                std::fs::write(&path, &text)?;
                import.commit(&format!("Hand duty-{d} to p{to}"), time)?;
                import.file(&name, text.as_bytes())?;
                role_changes += 1;
                continue;
            }
        }
        let name = format!("src/module-{}.rs", i % 50);
        let text = format!("// change {i}\n");
        std::fs::create_dir_all(dir.join("src"))?;
        std::fs::write(dir.join(&name), &text)?;
        import.commit(&format!("Change {name}"), time)?;
        import.file(&name, text.as_bytes())?;
    }
    import.out.write_all(b"done\n")?;
    import.out.into_inner().map_err(|e| e.into_error())?;
    let status = child.wait()?;
    if !status.success() {
        return Err(format!("git fast-import failed ({status})").into());
    }
    // The index of the last commit, as a checkout leaves it (the working tree already is).
    run_git(dir, &["reset", "-q"], b"")?;
    pack(dir)?;
    Ok(role_changes)
}

/// Packs every object into one pack file, as in any real clone: reading 40,000 loose
/// objects would measure the file system instead.
fn pack(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    run_git(dir, &["repack", "-a", "-d", "-q"], b"")?;
    Ok(())
}

/// Alert and detection sources at scale: `rules` rules in `files` files, half Prometheus
/// rule files routed through an Alertmanager tree, half Sigma rule collections, under
/// `DIR/with`; `DIR/without` is the same organisation with no `coverage.alerts` or
/// `coverage.routing`, so the difference is what reading and judging the sources costs.
fn generate_detections(dir: &Path, rules: usize, files: usize) -> std::io::Result<()> {
    const TEAMS: usize = 20;
    let mut duties = String::from("people:\n  lead: { name: Lead }\nteams:\n");
    for t in 0..TEAMS {
        duties.push_str(&format!("  team{t}: {{ lead: lead, members: [lead] }}\n"));
    }
    duties.push_str("duties:\n");
    for t in 0..TEAMS {
        duties.push_str(&format!(
            "  team{t}-alerts:\n    accountable: lead\n    responsible: [team{t}]\n    alerts: [\"Team{t}*\"]\n    receivers: [team{t}-pager]\n"
        ));
    }
    let mut routes = String::from("route:\n  receiver: default\n  routes:\n");
    let mut receivers = String::from("receivers:\n  - name: default\n");
    for t in 0..TEAMS {
        routes.push_str(&format!(
            "    - matchers: ['team=\"team{t}\"']\n      receiver: team{t}-pager\n"
        ));
        receivers.push_str(&format!("  - name: team{t}-pager\n"));
    }
    let with = dir.join("with");
    let without = dir.join("without");
    for root in [&with, &without] {
        std::fs::create_dir_all(root)?;
        std::fs::write(root.join("duties.own.yaml"), &duties)?;
    }
    std::fs::write(without.join("own.yaml"), "version: 1\n")?;
    std::fs::write(
        with.join("own.yaml"),
        "version: 1\ncoverage:\n  alerts:\n    - { files: [\"monitoring/**/*.rules.yml\"], format: prometheus, owner-label: team }\n    - { files: [\"detections/**/*.yml\"], format: sigma }\n  routing:\n    - { file: alertmanager.yml, format: alertmanager }\n",
    )?;
    std::fs::write(
        with.join("alertmanager.yml"),
        format!("{routes}{receivers}"),
    )?;
    // Half the files and half the rules each way.
    let prom_files = files / 2;
    let sigma_files = files - prom_files;
    let prom_rules = rules / 2;
    let sigma_rules = rules - prom_rules;
    let mut rule = 0;
    for f in 0..prom_files {
        let team = f % TEAMS;
        let here = prom_rules / prom_files + usize::from(f < prom_rules % prom_files);
        let mut text = format!("groups:\n  - name: group{f}\n    rules:\n");
        for _ in 0..here {
            text.push_str(&format!(
                "      - alert: Team{team}Alert{rule}\n        expr: rate(errors_total{{job=\"j{rule}\"}}[5m]) > 1\n        for: 5m\n        labels: {{ severity: page, team: team{team} }}\n        annotations:\n          summary: 'errors on {{{{ $labels.instance }}}}'\n"
            ));
            rule += 1;
        }
        let folder = with.join(format!("monitoring/team{team}"));
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join(format!("f{f}.rules.yml")), text)?;
    }
    let mut detection = 0;
    for f in 0..sigma_files {
        let team = f % TEAMS;
        let here = sigma_rules / sigma_files + usize::from(f < sigma_rules % sigma_files);
        let mut text = String::new();
        for k in 0..here {
            if k > 0 {
                text.push_str("---\n");
            }
            text.push_str(&format!(
                "title: Team{team} detection {detection}\nid: 00000000-0000-4000-8000-{detection:012}\nstatus: test\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n  selection:\n    CommandLine|contains: ' -enc {detection}'\n  condition: selection\nlevel: high\n"
            ));
            detection += 1;
        }
        let folder = with.join(format!("detections/team{team}"));
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join(format!("d{f}.yml")), text)?;
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: generate org DIR [--people N] [--teams N] [--duties N] [--files N] [--seed N]\n       generate risk DIR [org options]\n       generate history DIR --commits N [--role-share PERCENT] [org options]\n       generate repo DIR --files N --patterns K [--seed N]\n       generate detections DIR --rules N --files M";
    let (Some(kind), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let flag = |name: &str, default: usize| -> usize {
        let Some(at) = args.iter().position(|a| a == name) else {
            return default;
        };
        match args.get(at + 1).map(|v| v.replace('_', "").parse()) {
            Some(Ok(n)) => n,
            _ => {
                eprintln!("generate: {name} takes a number\n{usage}");
                std::process::exit(2);
            }
        }
    };
    let org = Org {
        people: flag("--people", 5_000),
        teams: flag("--teams", 500),
        duties: flag("--duties", 50_000),
        files: flag("--files", 100),
        seed: flag("--seed", 1) as u64,
    };
    let outcome: Result<String, Box<dyn std::error::Error>> = match kind.as_str() {
        "history" => {
            let commits = flag("--commits", 1_000);
            generate_history(Path::new(dir), &org, commits, flag("--role-share", 50)).map(|roles| {
                format!(
                    "wrote a repository of {} duties with {} commits ({roles} role changes) to {dir}",
                    org.duties,
                    commits + 1
                )
            })
        }
        "org" => generate_org(Path::new(dir), &org)
            .map(|bytes| {
                format!(
                    "wrote {} people, {} teams, {} duties in {} files ({bytes} bytes) to {dir}",
                    org.people,
                    org.teams,
                    org.duties,
                    org.files + 3
                )
            })
            .map_err(Into::into),
        "risk" => generate_risk(Path::new(dir), &org).map(|w| {
            format!(
                "wrote {} people (every {}th left), {} teams, {} duties ({} bytes), {} owned files and {} alerts, committed, to {dir}",
                org.people, RISK.left_every, org.teams, org.duties, w.bytes, w.files, w.alerts
            )
        }),
        "detections" => {
            let (rules, files) = (flag("--rules", 10_000), flag("--files", 3_000));
            generate_detections(Path::new(dir), rules, files.max(2))
                .map(|()| {
                    format!("wrote {rules} alert and detection rules in {files} files to {dir}")
                })
                .map_err(Into::into)
        }
        "repo" => {
            let spec = repo::RepoSpec {
                files: flag("--files", 100_000),
                patterns: flag("--patterns", 5_000),
                seed: org.seed,
            };
            repo::generate_repo(Path::new(dir), &spec).map(|made| {
                format!(
                    "wrote a repository of {} files and {} duties holding {} patterns to {dir}",
                    made.files, made.duties, made.patterns
                )
            })
        }
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    match outcome {
        Ok(message) => println!("{message}"),
        Err(e) => {
            eprintln!("generate: {e}");
            std::process::exit(2);
        }
    }
}
