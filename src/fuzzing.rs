//! Entry points for the fuzz targets in `fuzz/` and for the test that replays their corpus.
//!
//! Each function takes arbitrary bytes, runs one path that a file can reach (loading and
//! checking an organisation, path patterns, CODEOWNERS import and export, alert sources) the
//! way the commands run it, and panics only when `own` itself is wrong: a panic inside the
//! product, a diagnostic that points outside its file, two ways of answering the same question
//! that disagree, or output that `own` cannot read back. Errors for bad input are expected and
//! are rendered like the commands render them, so the renderers see hostile text too.
//!
//! This module is not part of the interface: it lives in the library only so that the fuzz
//! crate can reach crate-private code without widening its visibility.

use std::io::Write;

use crate::alerts;
use crate::error::{Error, Result};
use crate::evaluation::Evaluation;
use crate::files::MemTree;
use crate::load::{self, Loaded};
use crate::model::Date;
use crate::model::manifest::AlertFormat;
use crate::paths::codeowners::{self, Platform};
use crate::paths::{PathPattern, PatternSet, Resolution};
use crate::render::Output;
use crate::render::check::{CheckReport, Summary};
use crate::rules::Finding;
use crate::source::{FileId, Loc, SourceFile, Sources};

/// The evaluation date of every fuzz run, so that runs replay exactly.
const TODAY: &str = "2026-11-29";

/// Files beside the fuzzed one, so that `include`, `coverage.paths` and `coverage.alerts`
/// written by the fuzzer find something to read.
const NEIGHBOURS: &[(&str, &str)] = &[
    ("people.own.yaml", PEOPLE),
    (
        "monitoring/rules.yml",
        "groups:\n  - name: host\n    rules:\n      - alert: HostDown\n        expr: up == 0\n      - record: job:up:sum\n        expr: sum(up)\n",
    ),
    (
        "monitoring/alerts.yaml",
        "alerts: [DiskFull, SiemIngestLag]\n",
    ),
    ("src/lib.rs", "pub fn f() {}\n"),
    ("src/net/tcp.rs", "\n"),
    ("docs/guide.md", "# Guide\n"),
    ("README.md", "# Readme\n"),
];

const PEOPLE: &str = "\
people:
  alice: { name: Alice Ng, manager: carol, github: alice-ng, skills: [siem] }
  bob: { name: Bob Diaz, manager: carol, email: bob@example.com }
  carol: { name: Carol Ito, gitlab: carol }
  dan: { name: Dan Roe, status: left }
teams:
  soc: { name: Security Operations, lead: carol, members: [alice, bob], github: org/soc }
  empty: { name: Nobody }
";

/// The fixed manifest of [`check_included`]: every kind of coverage on, a few rule levels
/// and a waiver, so that the fuzzed file's duties meet every rule.
const FIXED_MANIFEST: &str = "\
version: 1
include: [\"*.own.yaml\"]
policy: { max-accountable: 3 }
rules:
  single-point-of-failure: warn
waivers:
  - { rule: own::no-responsible, target: waived, reason: fuzzing, until: 2030-01-01 }
coverage:
  paths: { include: [\"*\"], exclude: [\"/docs/\"] }
  alerts:
    - { format: prometheus, files: [\"monitoring/*.yml\"] }
    - { format: list, files: [\"monitoring/*.yaml\"] }
";

/// The loader reads plain YAML with its own fast reader and everything else with
/// `granit-parser`: whenever the fast reader takes a text, both must give the same events.
fn fast_reader_agrees(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        crate::yaml::quick::agrees(text);
    }
}

/// Load and check arbitrary bytes as `own.yaml`, beside a few fixed files.
pub fn check_manifest(data: &[u8]) {
    fast_reader_agrees(data);
    let mut tree = with_neighbours();
    tree.insert(load::MANIFEST, data.to_vec());
    check_tree(&tree);
}

/// Load and check a fixed `own.yaml` with arbitrary bytes as the included `x.own.yaml`.
pub fn check_included(data: &[u8]) {
    fast_reader_agrees(data);
    let mut tree = with_neighbours();
    tree.insert(load::MANIFEST, FIXED_MANIFEST.as_bytes().to_vec());
    tree.insert("x.own.yaml", data.to_vec());
    check_tree(&tree);
}

/// Path patterns: every line before the first empty one is a pattern, every line after it a
/// path (without a path section, paths are made from the patterns' text). Checks that the
/// indexed [`PatternSet`] agrees with each pattern's own `matches`, and that the generated
/// GitHub CODEOWNERS, read with GitHub's rules, gives the owner `resolve` gives.
pub fn path_patterns(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (pattern_text, path_text) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut patterns = Vec::new();
    for raw in pattern_text.lines().take(64) {
        if let Ok(pattern) = PathPattern::parse(raw) {
            // Parsing is a pure function of the text.
            assert_eq!(PathPattern::parse(raw).ok().as_ref(), Some(&pattern));
            patterns.push(pattern);
        }
    }
    let mut paths: Vec<String> = path_text.lines().filter_map(normal_path).collect();
    if paths.is_empty() {
        paths = pattern_text.lines().filter_map(path_like).collect();
    }
    paths.truncate(64);

    let mut builder = PatternSet::builder();
    for (i, pattern) in patterns.iter().enumerate() {
        builder.add(pattern.clone(), i % 3);
    }
    let set = builder.build();
    let mut scratch = Vec::new();
    for path in &paths {
        let want: Vec<usize> = (0..patterns.len())
            .filter(|&i| patterns[i].matches(path))
            .collect();
        let resolution = set.resolve(path, &mut scratch);
        assert_eq!(scratch, want, "PatternSet::matching disagrees on {path:?}");
        let best = want.iter().map(|&i| patterns[i].specificity()).max();
        match (&resolution, best) {
            (Resolution::Unowned, None) => {}
            (Resolution::Owned { pattern }, Some(best)) => {
                assert_eq!(patterns[*pattern].specificity(), best, "{path:?}");
            }
            (Resolution::Conflict { patterns: tied }, Some(best)) => {
                assert!(tied.len() > 1, "{path:?}");
                assert!(
                    tied.iter().all(|&i| patterns[i].specificity() == best),
                    "{path:?}"
                );
            }
            (other, _) => panic!("{path:?}: {other:?} but matching gave {want:?}"),
        }
    }

    // GitHub's reference model backtracks over `**`; keep its inputs small.
    if patterns.len() <= 16 && patterns.iter().all(|p| p.as_str().len() <= 48) {
        github_agrees(&set, &patterns, &paths);
    }
}

/// The GitHub file generated for `patterns` (owner `@o<i % 3>`), read with GitHub's rules,
/// names the owner that `set` resolves for each path.
fn github_agrees(set: &PatternSet, patterns: &[PathPattern], paths: &[String]) {
    let owners: Vec<Vec<String>> = (0..patterns.len())
        .map(|i| vec![format!("@o{}", i % 3)])
        .collect();
    let rules: Vec<codeowners::Rule<'_>> = patterns
        .iter()
        .zip(&owners)
        .map(|(pattern, owners)| codeowners::Rule::new(pattern, owners))
        .collect();
    let generated = codeowners::parse(&codeowners::generate(&rules, Platform::GitHub));
    let lines: Vec<(&str, &[String])> = generated
        .entries
        .iter()
        .map(|e| (e.pattern.as_str(), e.owners.as_slice()))
        .collect();
    let mut scratch = Vec::new();
    for path in paths.iter().filter(|p| p.split('/').count() <= 8) {
        let github = codeowners::github_owner_of(&lines, path).map(|i| lines[i].1);
        match set.resolve(path, &mut scratch) {
            Resolution::Unowned => assert_eq!(github, None, "{path:?}"),
            Resolution::Owned { pattern } => {
                assert_eq!(github, Some(owners[pattern].as_slice()), "{path:?}");
            }
            Resolution::Conflict { patterns: tied } => {
                let got = github.unwrap_or_else(|| panic!("{path:?}: conflict, GitHub unowned"));
                assert!(
                    tied.iter().any(|&i| owners[i].as_slice() == got),
                    "{path:?}: GitHub gave {got:?}, not one of the tied owners"
                );
            }
        }
    }
}

/// CODEOWNERS import and export: `parse`, then `generate` for both platforms from the lines
/// that parsed, which must read back without problems and with the same patterns; and the
/// ownership file `own import codeowners` writes must load.
pub fn codeowners(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = codeowners::parse(text);
    let usable = |e: &&codeowners::Entry| e.error.is_none() && !e.exclusion;
    let valid: Vec<(PathPattern, &[String])> = parsed
        .entries
        .iter()
        .filter(usable)
        .filter_map(|e| Some((PathPattern::parse(&e.pattern).ok()?, e.owners.as_slice())))
        .collect();
    assert_eq!(
        valid.len(),
        parsed.entries.iter().filter(usable).count(),
        "an entry without an error must parse"
    );
    // The sections the lines were in, as duties would name them, so that GitLab's output
    // is written with sections and exclusions too.
    let headers: Vec<Option<crate::model::duty::SectionHeader>> = parsed
        .entries
        .iter()
        .filter(usable)
        .map(|e| {
            let section = &parsed.sections[e.section?];
            let header = crate::model::duty::SectionHeader {
                name: section.name.clone(),
                optional: section.optional,
                approvals: section.approvals,
            };
            crate::model::duty::SectionHeader::parse(&header.to_string())
        })
        .collect();
    let rules: Vec<codeowners::Rule<'_>> = valid
        .iter()
        .zip(&headers)
        .map(|((pattern, owners), section)| codeowners::Rule {
            pattern,
            owners,
            section: section.as_ref(),
        })
        .collect();
    for platform in [Platform::GitHub, Platform::GitLab] {
        let generated = codeowners::generate(&rules, platform);
        let reread = codeowners::parse(&generated);
        assert!(
            reread.problems.is_empty(),
            "{platform:?} output has problems: {:?}\n{generated}",
            reread.problems
        );
        assert!(reread.entries.len() >= rules.len(), "{generated}");
        if platform == Platform::GitHub {
            assert_eq!(reread.entries.len(), rules.len(), "{generated}");
            let mut original: Vec<_> = valid
                .iter()
                .map(|(p, o)| (format!("{:?}", p.tokens()), *o))
                .collect();
            let reparsed: Vec<PathPattern> = reread
                .entries
                .iter()
                .filter_map(|e| PathPattern::parse(&e.pattern).ok())
                .collect();
            let mut back: Vec<_> = reparsed
                .iter()
                .zip(&reread.entries)
                .map(|(p, e)| (format!("{:?}", p.tokens()), e.owners.as_slice()))
                .collect();
            original.sort();
            back.sort();
            assert_eq!(
                original, back,
                "GitHub output means something else:\n{generated}"
            );
        }
    }
    for gitlab in [false, true] {
        let existing = crate::import::Existing::default();
        let imported = crate::import::codeowners(&parsed, "CODEOWNERS", gitlab, None, &existing);
        let yaml = crate::render::import::yaml(&imported);
        let mut tree = MemTree::default();
        tree.insert(load::MANIFEST, yaml.clone().into_bytes());
        if let Err(e) = load::load(&tree) {
            panic!("imported file does not load: {e}\n{yaml}");
        }
    }
}

/// Alert sources: arbitrary bytes as a Prometheus rule file and as a list of alert names.
pub fn alert_file(data: &[u8]) {
    let file = match load::text_of("rules.yml".into(), data.to_vec()) {
        Ok(file) => std::sync::Arc::new(file),
        Err(e) => return render_error(&e),
    };
    for format in AlertFormat::ALL {
        match alerts::read_file(format, FileId(0), &file) {
            Ok(defs) => {
                for def in defs {
                    assert_eq!(def.loc.file, FileId(0));
                    check_span(&file, def.loc, "alert name");
                }
            }
            Err(e) => render_error(&e),
        }
    }
    // The same bytes as an Alertmanager configuration: every route and receiver points into
    // the file, and routing a few label sets terminates with receivers the file defines.
    let Ok(root) = crate::yaml::parse(&file.text, crate::yaml::Limits::default()) else {
        return;
    };
    let Ok(routing) = alerts::routing::Routing::read(&root) else {
        return;
    };
    let at = |span| Loc {
        file: FileId(0),
        span,
    };
    for route in &routing.routes {
        check_span(&file, at(route.span), "route");
    }
    for receiver in &routing.receivers {
        check_span(&file, at(receiver.span), "receiver");
    }
    let names: Vec<String> = routing.receivers.iter().map(|r| r.name.clone()).collect();
    for labels in [
        Vec::new(),
        vec![("alertname".to_owned(), "HostDown".to_owned())],
        vec![
            ("team".to_owned(), "db".to_owned()),
            ("severity".to_owned(), "critical".to_owned()),
        ],
    ] {
        for delivery in routing.route(&labels) {
            assert!(names.contains(&delivery.receiver), "{delivery:?}");
            assert_eq!(delivery.chain.first(), Some(&0));
        }
    }
}

/// Run what `own check` and `own codeowners` run on a tree, rendering every format.
fn check_tree(tree: &MemTree) {
    match check_outputs(tree) {
        Ok(()) => {}
        Err(e) => render_error(&e),
    }
}

fn check_outputs(tree: &MemTree) -> Result<()> {
    let today = Date::parse(TODAY).unwrap_or_else(|| unreachable!("{TODAY} is a date"));
    let evaluation = Evaluation::new(load::load(tree)?, tree, (today, today.start()), &|_| {})?;
    let findings = evaluation.findings(&evaluation.levels(&[])?);
    let Loaded { sources, org } = &evaluation.loaded;
    for finding in &findings {
        check_finding(sources, finding);
    }
    let report = CheckReport {
        root: "/fuzz",
        repo_prefix: "",
        sources,
        findings: &findings,
        summary: Summary::of(&findings, org, sources),
        new_since: None,
    };
    let mut out = Output::to_writer(Box::new(std::io::sink()), false);
    use crate::render::check as render;
    for result in [
        render::human(&report, false, &mut out),
        render::short(&report, &mut out),
        crate::render::json::check::json(&report, &mut out),
        render::sarif(&report, &mut out),
        render::github(&report, &mut out),
    ] {
        result.map_err(crate::render::write_error)?;
    }
    let roles: Vec<usize> = (0..org.scheme.roles.len()).collect();
    for platform in [Platform::GitHub, Platform::GitLab] {
        let text = crate::commands::codeowners::generate(org, &roles, platform, "");
        let reread = codeowners::parse(&text);
        assert!(
            reread.entries.iter().all(|e| e.error.is_none()),
            "generated {platform:?} CODEOWNERS has a bad pattern:\n{text}"
        );
    }
    Ok(())
}

/// A finding points inside its files, on character boundaries.
fn check_finding(sources: &Sources, finding: &Finding) {
    assert!(!finding.message.is_empty(), "{finding:?}");
    for label in finding.primary.iter().chain(&finding.related) {
        assert!(
            (label.loc.file.0 as usize) < sources.len(),
            "{}: unknown file {:?}",
            finding.code,
            label.loc.file
        );
        check_span(sources.get(label.loc.file), label.loc, finding.code);
    }
}

fn check_span(file: &SourceFile, loc: Loc, what: &str) {
    let (start, end) = (loc.span.start as usize, loc.span.end as usize);
    assert!(
        start <= end && end <= file.text.len(),
        "{what}: span {start}..{end} outside `{}` ({} bytes)",
        file.name,
        file.text.len()
    );
    assert!(
        file.text.is_char_boundary(start) && file.text.is_char_boundary(end),
        "{what}: span {start}..{end} splits a character in `{}`",
        file.name
    );
}

/// Render a fatal error every way the commands do (each machine format and the snippet).
fn render_error(error: &Error) {
    if let Some(at) = error.location() {
        let (start, end) = (at.span.start as usize, at.span.end as usize);
        assert!(
            start <= end && end <= at.file.text.len(),
            "error span {start}..{end} outside `{}`: {error}",
            at.file.name
        );
        for (also, _) in &at.also {
            assert!(also.end as usize <= at.file.text.len(), "{error}");
        }
    }
    use crate::render::error::{ErrorFormat, write_stdout};
    let mut out = Output::to_writer(Box::new(std::io::sink()), false);
    for format in [
        ErrorFormat::Json,
        ErrorFormat::Short,
        ErrorFormat::Sarif,
        ErrorFormat::Github,
    ] {
        let _ = write_stdout(error, format, "sub", &mut out);
    }
    let _ = out.flush();
    // The human form, which `report` prints on stderr.
    let _ = crate::render::snippet::render(error, false);
}

/// Normalise a path the way `git ls-files` would print it: no empty segments.
fn normal_path(line: &str) -> Option<String> {
    let segments: Vec<&str> = line.split('/').filter(|s| !s.is_empty()).collect();
    (!segments.is_empty()).then(|| segments.join("/"))
}

/// A path that a pattern's text suggests: wildcards and escapes taken literally.
fn path_like(pattern: &str) -> Option<String> {
    let text: String = pattern
        .chars()
        .filter(|c| !matches!(c, '\\' | '!'))
        .map(|c| match c {
            '*' | '?' => 'x',
            c => c,
        })
        .collect();
    normal_path(&text)
}

/// The fuzzed file's neighbours ([`NEIGHBOURS`]) in memory.
fn with_neighbours() -> MemTree {
    MemTree::new(NEIGHBOURS.iter().map(|&(name, text)| (name, text)))
}
