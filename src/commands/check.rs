//! `own check`: load, validate, report findings; exit 1 on any deny-level finding.

use clap::ValueEnum;

use crate::cli::Env;
use crate::error::Result;
use crate::evaluation::Evaluation;
use crate::load;
use crate::render::Output;
use crate::render::check::{self as render, CheckReport, NewSince, Summary};
use crate::rules::{self, Level, LevelFlag};

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
    let (workspace, state, evaluation) = super::load_org(env)?.evaluate(env)?;
    let levels = evaluation.levels(flags)?;
    for note in levels.renamed() {
        env.note(note);
    }
    let started = std::time::Instant::now();
    let mut findings = evaluation.findings(&levels);
    env.trace(|| {
        format!(
            "ran {} rules in {:.0?}",
            rules::RULES.len(),
            started.elapsed()
        )
    });
    let mut new_since = None;
    if let Some(rev) = &args.new_since {
        let baseline = baseline(env, &workspace, rev, flags)?;
        let before = findings.len();
        findings = crate::rules::unmatched(&findings, &baseline)
            .into_iter()
            .cloned()
            .collect();
        new_since = Some(NewSince {
            rev,
            hidden: before - findings.len(),
        });
    }
    let loaded = &evaluation.loaded;
    let summary = Summary::of(&findings, &loaded.org, &loaded.sources);
    let root_text = state.root.display().to_string();
    let repo_prefix = state.prefix.clone();
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
        Format::Json => crate::render::json::check::json(&report, out),
        Format::Sarif => render::sarif(&report, out),
        Format::Github => render::github(&report, out),
    }
    .map_err(crate::render::write_error)?;
    // The process ends next and the OS takes the memory back at once; freeing a
    // 50,000-duty organisation and its findings item by item takes about 80 ms.
    std::mem::forget(findings);
    std::mem::forget(evaluation);
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
    workspace: &crate::workspace::Workspace,
    rev: &str,
    flags: &[LevelFlag],
) -> Result<Vec<rules::Finding>> {
    let commit = workspace.repo()?.resolve(rev)?;
    // No `own.yaml` at the baseline: everything found now is new.
    let Some(located) = workspace.root_at(&[commit])? else {
        return Ok(Vec::new());
    };
    let Some(state) = workspace.at_commit(&located, commit, rev)? else {
        return Ok(Vec::new());
    };
    let tree = state.tree();
    let evaluation = Evaluation::new(load::load(tree)?, tree, env.when(), &env.tracer())?;
    let mut all: Vec<LevelFlag> = flags.to_vec();
    all.extend(rules::RULES.iter().map(|r| LevelFlag {
        level: Level::Deny,
        code: r.code.to_owned(),
    }));
    let levels = evaluation.levels(&all)?;
    Ok(evaluation.findings(&levels))
}

#[cfg(test)]
mod tests {
    //! `own check` is deterministic: the same files give the same bytes, whatever order the
    //! tree lists them in (a file system's walk, a git tree's) and whichever thread loads
    //! which file first.

    use std::cell::RefCell;
    use std::io::Write;
    use std::rc::Rc;

    use proptest::prelude::*;

    use super::*;
    use crate::evaluation::testing::TODAY;
    use crate::files::MemTree;
    use crate::model::Date;
    use crate::render::check::CheckReport;

    /// The files, listed in the chosen order (indices into `files`).
    fn listed(files: &[(String, String)], order: &[usize]) -> MemTree {
        MemTree::listed_as(order.iter().map(|&i| files[i].clone()))
    }

    /// A writer whose bytes can be read back after `Output` owns it.
    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What `own check` prints in the human, short, JSON and GitHub formats.
    fn check_output(tree: &MemTree) -> String {
        let today = Date::parse(TODAY).unwrap_or_else(|| unreachable!());
        let evaluation = load::load(tree)
            .and_then(|loaded| Evaluation::new(loaded, tree, (today, today.start()), &|_| {}));
        let evaluation = match evaluation {
            Ok(evaluation) => evaluation,
            Err(e) => return format!("error: {e}"),
        };
        let levels = evaluation.levels(&[]).unwrap_or_else(|e| panic!("{e}"));
        let findings = evaluation.findings(&levels);
        let (org, sources) = (&evaluation.loaded.org, &evaluation.loaded.sources);
        let report = CheckReport {
            root: "/root",
            repo_prefix: "",
            sources,
            findings: &findings,
            summary: Summary::of(&findings, org, sources),
            new_since: None,
        };
        let buffer = Shared::default();
        let mut out = Output::to_writer(Box::new(buffer.clone()), false);
        for result in [
            render::human(&report, false, &mut out),
            render::short(&report, &mut out),
            crate::render::json::check::json(&report, &mut out),
            render::github(&report, &mut out),
        ] {
            result.unwrap_or_else(|e| panic!("{e}"));
        }
        let _ = out.flush();
        drop(out);
        String::from_utf8_lossy(&buffer.0.borrow()).into_owned()
    }

    const IDS: &[&str] = &["ann", "ben", "cat", "ops", "sec", "ghost"];
    const DUTIES: &[&str] = &["d1", "d2", "d3", "d4"];
    const PATTERNS: &[&str] = &["/src/", "*.md", "/src/*", "docs/", "*", "[x]"];
    const ALERTS: &[&str] = &["Host*", "Disk*"];

    /// One item of a file: its section (person, team, duty), its id and some references,
    /// as indices into the tables above.
    type Item = (u8, usize, Vec<usize>, Vec<usize>, bool);

    fn item() -> impl Strategy<Value = Item> {
        let refs = proptest::collection::vec(0..IDS.len(), 0..3);
        (0u8..3, 0..IDS.len(), refs.clone(), refs, any::<bool>())
    }

    /// One ownership file of people, teams and duties whose ids may repeat across files
    /// (duplicate ids are where the first definition, and so the order, matters). Within a
    /// file a repeated id is left out: a repeated key is a fatal error.
    fn file_text(items: &[Item]) -> String {
        let names = |refs: &[usize], table: &[&str]| {
            refs.iter()
                .map(|&i| format!("\"{}\"", table[i % table.len()]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut sections = [String::new(), String::new(), String::new()];
        let mut seen = std::collections::HashSet::new();
        for (kind, id, first, second, flag) in items {
            let kind = usize::from(*kind);
            let id = if kind == 2 {
                DUTIES[id % DUTIES.len()]
            } else {
                IDS[*id]
            };
            if !seen.insert((kind, id)) {
                continue;
            }
            let text = match kind {
                0 => format!(
                    "  {id}: {{ name: {id}, manager: {}{} }}\n",
                    IDS[first.first().copied().unwrap_or(0)],
                    if *flag { ", status: left" } else { "" }
                ),
                1 => format!(
                    "  {id}: {{ name: {id}, members: [{}] }}\n",
                    names(first, IDS)
                ),
                _ => format!(
                    "  {id}:\n    accountable: [{}]\n    responsible: [{}]\n    paths: [{}]\n    alerts: [{}]\n",
                    names(first, IDS),
                    names(second, IDS),
                    names(first, PATTERNS),
                    if *flag {
                        names(second, ALERTS)
                    } else {
                        String::new()
                    },
                ),
            };
            sections[kind].push_str(&text);
        }
        let mut text = String::from("tags: x\n");
        for (name, items) in ["people", "teams", "duties"].iter().zip(sections) {
            if items.is_empty() {
                text.push_str(&format!("{name}: {{}}\n"));
            } else {
                text.push_str(&format!("{name}:\n{items}"));
            }
        }
        text
    }

    fn organisation() -> impl Strategy<Value = (Vec<(String, String)>, Vec<usize>, Vec<usize>)> {
        let file = proptest::collection::vec(item(), 0..6);
        proptest::collection::vec(file, 1..5).prop_flat_map(|texts| {
            let mut files = vec![(
                "own.yaml".to_owned(),
                "coverage:\n  paths: { include: [\"*\"] }\n  alerts: [{ format: list, files: [\"alerts/*.yml\"] }]\n"
                    .to_owned(),
            )];
            let names = ["b.own.yaml", "a.own.yaml", "sub/c.own.yaml", "a/b.own.yaml"];
            for (name, items) in names.iter().zip(texts) {
                files.push(((*name).to_owned(), file_text(&items)));
            }
            for (name, text) in [
                ("src/lib.rs", ""),
                ("docs/x.md", ""),
                ("alerts/b.yml", "[HostDown, DiskFull]\n"),
                ("alerts/a.yml", "[HostUp, HostDown]\n"),
            ] {
                files.push((name.to_owned(), text.to_owned()));
            }
            let order: Vec<usize> = (0..files.len()).collect();
            (
                Just(files),
                Just(order.clone()).prop_shuffle(),
                Just(order).prop_shuffle(),
            )
        })
    }

    /// Found by the property below: the loader numbered files in the order the tree listed
    /// them, so which of two definitions of `ops` was "first" depended on that order.
    #[test]
    fn a_duplicate_id_is_reported_in_the_later_file_whatever_the_listing_order() {
        let files: Vec<(String, String)> = [
            ("own.yaml", "{}\n"),
            ("b.own.yaml", "people:\n  ops: { name: B }\n"),
            ("a.own.yaml", "people:\n  ops: { name: A }\n"),
        ]
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
        for order in [vec![0, 1, 2], vec![2, 1, 0]] {
            let output = check_output(&listed(&files, &order));
            assert!(
                output.contains("b.own.yaml:2:3: deny[own::duplicate-id]"),
                "{output}"
            );
        }
    }

    /// Found by the property below: a path conflict names its first file as an example,
    /// which was the first in the tree's listing order rather than in path order.
    #[test]
    fn a_path_conflict_names_the_same_example_whatever_the_listing_order() {
        let files: Vec<(String, String)> = [
            ("own.yaml", "coverage: { paths: { include: [\"*\"] } }\n"),
            (
                "a.own.yaml",
                "duties:\n  d1: { paths: [\"*\"] }\n  d2: { paths: [\"*\"] }\n",
            ),
            ("src/lib.rs", ""),
            ("docs/x.md", ""),
        ]
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
        let output = |order: Vec<usize>| check_output(&listed(&files, &order));
        let sorted = output(vec![0, 1, 2, 3]);
        assert!(sorted.contains("such as `a.own.yaml`"), "{sorted}");
        assert_eq!(sorted, output(vec![3, 2, 1, 0]));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn check_output_does_not_depend_on_the_listing_order(
            (files, first, second) in organisation()
        ) {
            let a = check_output(&listed(&files, &first));
            let b = check_output(&listed(&files, &second));
            prop_assert!(!a.starts_with("error:"), "{}", a);
            let differ = a.lines().zip(b.lines()).position(|(x, y)| x != y);
            prop_assert!(
                a == b,
                "first difference at line {:?}: {:?} / {:?}",
                differ,
                differ.and_then(|i| a.lines().nth(i)),
                differ.and_then(|i| b.lines().nth(i))
            );
        }
    }
}
