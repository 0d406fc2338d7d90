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
//! repository (built with git2, fixed author and times): the generated org as the first
//! commit, then N commits, PERCENT of them (default 50) handing one duty's accountable role
//! to someone else and the rest changing only a source file outside the ownership files.
//! Every 50th role change is on `duty-42`, so `own log duty-42` has a history to show. The
//! objects are then packed into one pack file, as in any real clone.
//!
//! `generate repo DIR --files N --patterns K [--seed N]` makes DIR a git repository of N
//! (empty) files in the shape of a large monorepo, tracked in the index and committed, with
//! an ownership root at the top (`coverage: { paths: {} }`) whose duties hold K CODEOWNERS
//! patterns in a realistic mix; see `repo.rs`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool of the harness

mod repo;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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

fn generate_org(dir: &Path, org: &Org) -> std::io::Result<u64> {
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
    write(
        dir.join("own.yaml"),
        "version: 1\ninclude: [\"**/*.own.yaml\"]\npolicy:\n  max-accountable: 40\n  review-every: 365d\n"
            .to_owned(),
    )?;

    // People: managers form a tree (each person's manager has a smaller index).
    let mut people = String::from("people:\n");
    for i in 0..org.people {
        let manager = if i == 0 {
            String::new()
        } else {
            format!(", manager: p{}", rng.below(i.min(org.people / 10 + 1)))
        };
        let skills: Vec<&str> = (0..3).map(|_| *rng.pick(SKILLS)).collect();
        writeln!(
            people,
            "  p{i}: {{ name: Person {i}, email: p{i}@example.com, github: person-{i}{manager}, skills: [{}] }}",
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
    Ok(total)
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

fn generate_history(
    dir: &Path,
    org: &Org,
    commits: usize,
    role_share: usize,
) -> Result<usize, Box<dyn std::error::Error>> {
    generate_org(dir, org)?;
    let repo = git2::Repository::init(dir)?;
    let mut index = repo.index()?;
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?;
    let mut time = 1_767_225_600; // 2026-01-01T00:00:00Z
    let commit = |index: &mut git2::Index, message: &str, time: i64| -> Result<(), git2::Error> {
        index.write()?;
        let tree = repo.find_tree(index.write_tree()?)?;
        let who =
            git2::Signature::new("Bench Bot", "bench@example.com", &git2::Time::new(time, 0))?;
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        repo.commit(Some("HEAD"), &who, &who, message, &tree, &parents)?;
        Ok(())
    };
    commit(&mut index, "Generated organisation", time)?;
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
                std::fs::write(&path, text)?;
                index.add_path(Path::new(&name))?;
                commit(&mut index, &format!("Hand duty-{d} to p{to}"), time)?;
                role_changes += 1;
                continue;
            }
        }
        let name = format!("src/module-{}.rs", i % 50);
        std::fs::create_dir_all(dir.join("src"))?;
        std::fs::write(dir.join(&name), format!("// change {i}\n"))?;
        index.add_path(Path::new(&name))?;
        commit(&mut index, &format!("Change {name}"), time)?;
    }
    pack(&repo)?;
    Ok(role_changes)
}

/// Pack every object into one pack file and drop the loose ones, as `git gc` would: real
/// clones are packed, and reading 40,000 loose objects measures the file system instead.
fn pack(repo: &git2::Repository) -> Result<(), git2::Error> {
    let mut walk = repo.revwalk()?;
    walk.push_head()?;
    let mut builder = repo.packbuilder()?;
    builder.insert_walk(&mut walk)?;
    let objects = repo.path().join("objects");
    builder.write(&objects.join("pack"), 0o644)?;
    for entry in std::fs::read_dir(&objects).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.len() == 2 && name.chars().all(|c| c.is_ascii_hexdigit()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: generate org DIR [--people N] [--teams N] [--duties N] [--files N] [--seed N]\n       generate history DIR --commits N [--role-share PERCENT] [org options]\n       generate repo DIR --files N --patterns K [--seed N]";
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
