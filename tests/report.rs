//! `own report`: every kind in every format on every example, filters, custom schemes,
//! escaping, `--output`, and the HTML page in a real headless browser.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{
    PEOPLE, copy_dir, git_add_all, json, org, own, own_in, project, run, str_pairs, write,
};

/// `own report …` in a copy of an example outside any git repository, so that repository
/// paths do not depend on where the project is checked out.
fn report(org: &str, args: &[&str]) -> (i32, String, String) {
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = temp.path().join(org);
    std::fs::create_dir(&root).unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&project().join("examples").join(org), &root);
    run(own_in(&root).arg("report").args(args))
}

#[test]
fn every_kind_in_every_text_format_on_every_example() {
    for org in ["soc", "helpdesk", "infra"] {
        for format in ["table", "markdown", "csv", "json"] {
            let mut text = String::new();
            for kind in ["matrix", "people", "coverage", "reviews", "delegations"] {
                let (code, stdout, stderr) = report(org, &[kind, "--format", format]);
                assert_eq!(code, 0, "{org} {kind} {format}: {stderr}");
                text.push_str(&format!(
                    "$ own report {kind} --format {format}\n{stdout}\n"
                ));
            }
            insta::assert_snapshot!(format!("{org}_{format}"), text);
        }
    }
}

#[test]
fn html_page_of_every_example() {
    // Outside git, so that the page does not name a commit that changes with every commit.
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = temp.path().join("soc");
    std::fs::create_dir(&root).unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&project().join("examples/soc"), &root);
    let (code, stdout, _) = run(own_in(&root).args(["report", "matrix", "--format", "html"]));
    assert_eq!(code, 0);
    if !root.ancestors().any(|d| d.join(".git").exists()) {
        assert!(stdout.contains("not in a git repository"), "{stdout}");
        insta::assert_snapshot!("soc_html", stdout);
    }
    for org in ["helpdesk", "infra"] {
        for kind in [
            "matrix",
            "people",
            "coverage",
            "risk",
            "reviews",
            "delegations",
        ] {
            let (code, page, _) = report(org, &[kind, "--format", "html"]);
            assert_eq!(code, 0);
            assert!(page.starts_with("<!DOCTYPE html>"), "{org}");
            assert!(page.trim_end().ends_with("</html>"), "{org}");
            // The KIND's section comes first.
            let first = [
                "matrix",
                "people",
                "coverage",
                "risk",
                "reviews",
                "delegations",
            ]
            .into_iter()
            .min_by_key(|s| {
                page.find(&format!("<section id=\"{s}\""))
                    .unwrap_or(usize::MAX)
            });
            assert_eq!(first, Some(kind), "{org}");
            // Self-contained: nothing is fetched.
            for needle in ["http://", "https://", "src=", "@import", "url("] {
                assert!(!page.contains(needle), "{org} {kind}: {needle}");
            }
        }
    }
}

#[test]
fn html_names_the_git_commit_or_says_there_is_none() {
    let dir = org(&[("own.yaml", PEOPLE)]);
    let html = || run(own_in(dir.path()).args(["report", "coverage", "--format", "html"])).1;
    crate::util::git(dir.path(), &["init", "-q", "-b", "main"]);
    crate::util::git(dir.path(), &["add", "-A"]);
    crate::util::git(dir.path(), &["commit", "-q", "-m", "org"]);
    let id = crate::util::git(dir.path(), &["rev-parse", "HEAD"]);
    let page = html();
    assert!(
        page.contains(&format!(
            "commit <code title=\"{id}\">{}</code> on <code>main</code>",
            &id[..12]
        )),
        "{page}"
    );
}

/// Markdown with its code spans (`` `x` ``, ``` ``a`b`` ```) removed; `\`` is not a fence.
fn without_code_spans(markdown: &str) -> String {
    let mut out = String::new();
    let mut rest = markdown;
    while let Some(c) = rest.chars().next() {
        if c == '\\' {
            let escaped: String = rest.chars().take(2).collect();
            out.push_str(&escaped);
            rest = &rest[escaped.len()..];
            continue;
        }
        if c != '`' {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let run = rest.len() - rest.trim_start_matches('`').len();
        let after = &rest[run..];
        // The closing fence: as many backticks, not part of a longer run.
        let close = after
            .match_indices(&rest[..run])
            .find(|(at, _)| !after[..*at].ends_with('`') && !after[at + run..].starts_with('`'));
        match close {
            Some((at, _)) => rest = &after[at + run..],
            None => {
                out.push_str(&rest[..run]);
                rest = after;
            }
        }
    }
    out
}

#[test]
fn every_yaml_value_is_escaped_in_html_and_markdown() {
    let hostile = crate::who::HOSTILE_TITLE;
    let dir = org(&[
        (
            "own.yaml",
            &format!(
                "coverage:\n  paths: {{}}\npolicy: {{ review-every: 30d }}\n\
                 people:\n  \"<b>x</b>\": {{ name: \"\\\"><img src=x onerror=alert(2)>\", away: [{{ from: 2026-12-01, to: 2026-12-02, reason: \"<i>r</i>\" }}] }}\n  bo: {{ name: \"@bo\" }}\n\
                 teams:\n  soc: {{ name: \"<i>Sec</i>\", lead: \"<b>x</b>\", members: [\"<b>x</b>\"] }}\n\
                 duties:\n  \"<script>d</script>\":\n    title: \"{hostile}\"\n    accountable: \"<b>x</b>\"\n    responsible: [soc]\n    tags: [\"<u>t</u>\"]\n    reviewed: 2026-01-01\n    paths: [\"/own.yaml\"]\n\
                 delegations:\n  \"<s>d</s>\": {{ duty: \"<script>d</script>\", from: \"<b>x</b>\", to: bo, expect: \"{hostile}\", due: 2026-12-01, report-to: \"<b>x</b>\" }}\n"
            ),
        ),
        ("a|b`@c<script>.md", ""),
    ]);
    for kind in [
        "matrix",
        "people",
        "coverage",
        "risk",
        "reviews",
        "delegations",
    ] {
        let (code, page, stderr) =
            run(own_in(dir.path()).args(["report", kind, "--format", "html"]));
        assert_eq!(code, 0, "{stderr}");
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt; | *bold* `tick` cc @alice"),
            "{kind}: the title is shown as text"
        );
        for raw in [
            "<script>alert(1)",
            "<script>d",
            "<script>.md",
            "<img",
            "<b>x",
            "<i>Sec",
            "<i>r",
            "<u>t",
            "<s>d",
        ] {
            assert!(!page.contains(raw), "{kind}: unescaped {raw}");
        }
        // The only script is the page's own.
        assert_eq!(page.matches("<script>").count(), 1, "{kind}");

        let (code, markdown, stderr) =
            run(own_in(dir.path()).args(["report", kind, "--format", "markdown"]));
        assert_eq!(code, 0, "{stderr}");
        // Nobody is mentioned (`&#64;` in text; code spans link nothing), no cell is split by
        // a pipe, no HTML gets through outside code.
        let prose = without_code_spans(&markdown);
        assert!(!prose.contains('@'), "{kind}: {markdown}");
        for raw in ["<script", "<img", "<b>", "<i>", "<s>"] {
            assert!(!prose.contains(raw), "{kind}: unescaped {raw}: {markdown}");
        }
        // Each row has as many cells as the header of its table.
        let mut header: Option<&str> = None;
        for line in markdown.lines() {
            if !line.starts_with('|') {
                header = None;
                continue;
            }
            let header = *header.get_or_insert(line);
            let cells = |l: &str| l.replace("\\|", "").matches('|').count();
            assert_eq!(cells(line), cells(header), "{kind}: {line}");
        }
    }
    let (_, markdown, _) =
        run(own_in(dir.path()).args(["report", "matrix", "--format", "markdown"]));
    assert!(
        markdown.contains(
            "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*bold\\* \\`tick\\` cc &#64;alice"
        ),
        "{markdown}"
    );
    let (_, markdown, _) =
        run(own_in(dir.path()).args(["report", "delegations", "--format", "markdown"]));
    assert!(markdown.contains("\\`tick\\` cc &#64;alice"), "{markdown}");
    let (_, markdown, _) =
        run(own_in(dir.path()).args(["report", "coverage", "--format", "markdown"]));
    assert!(markdown.contains("``a\\|b`@c<script>.md``"), "{markdown}");
}

/// A repository whose ownership root is `ops/`, with 25 unowned data files, a conflict, a
/// dead pattern, and an alert no duty owns.
fn coverage_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let own = "\
coverage:
  paths:
    exclude: [\"*.own.yaml\", \"/own.yaml\"]
  alerts:
    - files: [\"monitoring/*.rules.yml\"]
      format: prometheus
people:
  alice: { name: Alice Ng }
duties:
  code: { accountable: alice, responsible: [alice], paths: [\"/src/\", \"/gone/\"], alerts: [\"Disk*\", \"Monitoring*\"] }
  net: { accountable: alice, responsible: [alice], paths: [\"/src/net/\"] }
  net-too: { accountable: alice, responsible: [alice], paths: [\"/src/net/\", \"/monitoring/\"] }
";
    write(dir.path(), "ops/own.yaml", own.as_bytes());
    write(dir.path(), "ops/src/main.rs", b"");
    write(dir.path(), "ops/src/net/tcp.rs", b"");
    write(
        dir.path(),
        "ops/monitoring/node.rules.yml",
        b"groups:\n  - name: node\n    rules:\n      - alert: DiskFull\n        expr: x\n      - alert: HostDown\n        expr: y\n      - alert: HostDown\n        expr: z\n",
    );
    for i in 0..25 {
        write(dir.path(), &format!("ops/data/f{i:02}.csv"), b"");
    }
    write(dir.path(), "README.md", b"outside the root");
    git_add_all(dir.path(), &[]);
    dir
}

#[test]
fn coverage_counts_files_and_alert_types() {
    let repo = coverage_repo();
    let root = repo.path().join("ops");
    let (code, stdout, stderr) =
        run(own_in(&root).args(["report", "coverage", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let v = json(&stdout);
    let files = &v["files"];
    assert_eq!(files["enforced"], true);
    // main.rs, tcp.rs, the rules file and 25 data files; own.yaml is excluded.
    assert_eq!(
        (files["total"].as_u64(), files["owned"].as_u64()),
        (Some(28), Some(2))
    );
    let unowned = files["unowned"].as_array().cloned().unwrap_or_default();
    assert_eq!(unowned.len(), 25);
    assert_eq!(unowned[0], "ops/data/f00.csv");
    assert_eq!(
        files["conflicts"],
        serde_json::json!([{"path": "ops/src/net/tcp.rs", "duties": ["net", "net-too"]}])
    );
    assert_eq!(files["patterns"], 5);
    assert_eq!(
        files["dead_patterns"],
        serde_json::json!([{"duty": "code", "pattern": "/gone/", "file": "own.yaml", "line": 10, "column": 70}])
    );
    // HostDown is defined twice and counted once.
    assert_eq!(
        v["alerts"],
        serde_json::json!({"total": 2, "owned": 1, "unowned": [
            {"alert": "HostDown", "file": "monitoring/node.rules.yml", "line": 6, "column": 16}
        ], "sources": [
            // Definitions, not names: HostDown counts twice here.
            {"source": 0, "format": "prometheus", "alerts": 3, "owned": 1, "routed": 0, "routed_to_owner": 0}
        ]})
    );
    // The table lists the first 20 unowned files, CSV every one.
    let (_, table, _) = run(own_in(&root).args(["report", "coverage"]));
    insta::assert_snapshot!("coverage_files_table", table);
    let (_, markdown, _) = run(own_in(&root).args(["report", "coverage", "--format", "markdown"]));
    assert!(markdown.contains("### Unowned files (25)"), "{markdown}");
    assert!(
        markdown.contains("- `ops/data/f19.csv`\n\n… and 5 more"),
        "{markdown}"
    );
    let (_, csv, _) = run(own_in(&root).args(["report", "coverage", "--format", "csv"]));
    assert_eq!(
        csv.matches("unowned-path,file,ops/data/").count(),
        25,
        "{csv}"
    );
    assert!(
        csv.contains("path-conflict,file,ops/src/net/tcp.rs,,net;net-too\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("dead-pattern,pattern,/gone/,code,own.yaml:10:70\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("unowned-alert,alert,HostDown,,monitoring/node.rules.yml:6:16\r\n"),
        "{csv}"
    );
    // The page's coverage cards gain files and alert types.
    let (_, page, _) = run(own_in(&root).args(["report", "matrix", "--format", "html"]));
    assert!(
        page.contains(
            "<div class=\"label\">files owned</div><div class=\"value\">2 <small>of 28</small>"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "<div class=\"label\">alert types owned</div><div class=\"value\">1 <small>of 2</small>"
        ),
        "{page}"
    );
    // Matrix and people reports in the terminal do not read the files at all.
    let (_, trace, stderr) = run(own_in(&root).args(["-v", "report", "people"]));
    assert!(!stderr.contains("resolved"), "{trace}{stderr}");
}

/// Four duties reviewed at different times against a 180-day policy, and delegations in each
/// state.
const OPERATIONS: &str = "\
policy: { review-every: 180d }
people:
  ann: { name: Ann, away: [{ from: 2026-12-20, to: 2027-01-04, reason: Leave }] }
  ben: { name: Ben }
duties:
  fresh: { accountable: ann, responsible: [ben], reviewed: 2026-11-01 }
  soon: { accountable: ann, responsible: [ben], reviewed: 2026-06-20 }
  edge: { accountable: ben, responsible: [ann], reviewed: 2026-06-02 }
  stale: { accountable: ben, responsible: [ann], reviewed: 2026-05-01 }
  never: { accountable: ben, responsible: [ann] }
delegations:
  late: { duty: fresh, from: ann, to: ben, expect: Do x, due: 2026-11-28T09:00, report-to: ann }
  open: { duty: soon, from: ann, to: ben, expect: Do y, due: 2026-12-10, report-to: ann }
  finished: { duty: fresh, from: ann, to: ben, expect: Do z, due: 2026-11-01, report-to: ann, done: true }
handoffs:
  ann-leave: { from: ann, to: ben, from-date: 2026-12-20, to-date: 2027-01-04, acknowledged: true }
";

/// The operations organisation in a folder named `ops` (report titles name the folder).
fn operations_org() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = org(&[("ops/own.yaml", OPERATIONS)]);
    let root = dir.path().join("ops");
    (dir, root)
}

#[test]
fn reviews_are_sorted_most_overdue_first() {
    let (_temp, root) = operations_org();
    let dir = root.as_path();
    let (code, stdout, stderr) = run(own_in(dir).args(["report", "reviews", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let v = json(&stdout);
    assert_eq!(
        (v["review_every"].as_str(), v["due_soon_days"].as_i64()),
        (Some("180d"), Some(30))
    );
    let got: Vec<(String, String, i64)> = v["reviews"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["duty"].as_str().unwrap_or("").to_owned(),
                r["status"].as_str().unwrap_or("").to_owned(),
                r["days"].as_i64().unwrap_or(i64::MIN),
            )
        })
        .collect();
    // 2026-05-01 + 180d = 2026-10-28; 2026-06-02 + 180d = 2026-11-29, due today: not stale.
    let expected: Vec<(String, String, i64)> = [
        ("never", "never", i64::MIN),
        ("stale", "stale", -32),
        ("edge", "due-soon", 0),
        ("soon", "due-soon", 18),
        ("fresh", "ok", 152),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c))
    .collect();
    assert_eq!(got, expected);
    // The same day `own check` finds the same stale duties.
    let (_, check, _) = run(own_in(dir).args(["check", "--format", "json"]));
    let check = json(&check);
    let stale: Vec<&str> = check["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["code"] == "own::stale-review")
        .filter_map(|f| f["target"].as_str())
        .collect();
    assert_eq!(stale, ["stale", "never"]);
    let mut text = String::new();
    for format in ["table", "markdown", "csv"] {
        let (_, stdout, _) = run(own_in(dir).args(["report", "reviews", "--format", format]));
        text.push_str(&format!(
            "$ own report reviews --format {format}\n{stdout}\n"
        ));
    }
    insta::assert_snapshot!("reviews_statuses", text);
}

#[test]
fn delegations_overdue_then_open_then_done() {
    let (_temp, root) = operations_org();
    let dir = root.as_path();
    let (code, stdout, stderr) =
        run(own_in(dir).args(["report", "delegations", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let v = json(&stdout);
    let got: Vec<(&str, &str)> = str_pairs(&v["delegations"], "id", "status");
    assert_eq!(
        got,
        [("late", "overdue"), ("open", "open"), ("finished", "done")]
    );
    assert_eq!(v["delegations"][0]["expect"], "Do x");
    assert_eq!(v["delegations"][0]["report_to"], "ann");
    // Before nine on the due day it is still open.
    let (_, stdout, _) = run(own_in(dir).args([
        "--at",
        "2026-11-28T08:59",
        "report",
        "delegations",
        "--format",
        "json",
    ]));
    assert_eq!(json(&stdout)["delegations"][0]["status"], "open");
    let mut text = String::new();
    for format in ["table", "markdown", "csv"] {
        let (_, stdout, _) = run(own_in(dir).args(["report", "delegations", "--format", format]));
        text.push_str(&format!(
            "$ own report delegations --format {format}\n{stdout}\n"
        ));
    }
    insta::assert_snapshot!("delegations_statuses", text);
    // People: who gives and takes handoffs, and who will be away.
    let (_, stdout, _) = run(own_in(dir).args(["report", "people", "--format", "json"]));
    let v = json(&stdout);
    let ann = v["people"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["id"] == "ann")
        .cloned()
        .unwrap_or_default();
    assert_eq!(ann["handoffs_given"], serde_json::json!(["ann-leave"]));
    assert_eq!(ann["away"][0]["from"], "2026-12-20");
    // After the absence and the handoff, nothing is left to show.
    let (_, stdout, _) =
        run(own_in(dir).args(["--at", "2027-01-05", "report", "people", "--format", "json"]));
    let v = json(&stdout);
    assert!(
        v["people"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|p| p["away"] == serde_json::json!([])
                && p["handoffs_given"] == serde_json::json!([])),
        "{v}"
    );
    let (_, table, _) = run(own_in(dir).args(["report", "people"]));
    assert!(
        table.contains("away and handoffs (from 2026-11-29)\n  ann  away 2026-12-20 to 2027-01-04; handoff to ben, 2026-12-20 to 2027-01-04\n  ben  handoff from ann, 2026-12-20 to 2027-01-04\n"),
        "{table}"
    );
}

#[test]
fn matrix_filters_by_team_tag_and_person() {
    let (_, stdout, _) = report(
        "soc",
        &["matrix", "--team", "vuln-mgmt", "--format", "json"],
    );
    let v = json(&stdout);
    let columns: Vec<&str> = v["columns"]
        .as_array()
        .map(|c| c.iter().filter_map(|c| c["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(columns, ["vuln-mgmt", "oliver", "rachel", "owen"]);
    let rows: Vec<&str> = v["rows"]
        .as_array()
        .map(|r| r.iter().filter_map(|r| r["duty"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        rows,
        [
            "siem-platform-health",
            "ownership-matrix",
            "vulnerability-management",
            "patch-management"
        ]
    );
    assert_eq!(v["filter"]["teams"], serde_json::json!(["vuln-mgmt"]));

    let (_, stdout, _) = report("soc", &["matrix", "--tag", "compliance", "--format", "csv"]);
    let ids: Vec<&str> = stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(ids, ["vulnerability-management", "patch-management"]);

    // kenji holds no role himself; his team soc does.
    let (_, stdout, _) = report("soc", &["matrix", "--person", "kenji", "--format", "csv"]);
    let ids: Vec<&str> = stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(
        ids,
        [
            "siem-alert-triage",
            "edr-alert-triage",
            "phishing-response",
            "detection-engineering",
            "siem-platform-health",
            "threat-intelligence"
        ]
    );
    let (_, stdout, _) = report("soc", &["people", "--team", "soc"]);
    insta::assert_snapshot!("soc_people_team_soc", stdout);

    let (code, _, stderr) = report("soc", &["matrix", "--team", "socc"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no team named `socc`"), "{stderr}");
    assert!(stderr.contains("did you mean `soc`?"), "{stderr}");
    let (code, _, stderr) = report("soc", &["matrix", "--tag", "complaince"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `compliance`?"), "{stderr}");
}

#[test]
fn a_wide_matrix_is_split_into_column_groups_that_fit() {
    let dir = project().join("examples/soc");
    let (_, stdout, _) = run(own_in(&dir).env("COLUMNS", "60").args(["report", "matrix"]));
    assert!(stdout.contains("columns 1–"), "{stdout}");
    for line in stdout.lines().filter(|l| !l.starts_with('A')) {
        assert!(line.chars().count() <= 60, "too wide: {line}");
    }
    // Every duty appears in every group.
    let groups = stdout.matches("columns ").count();
    assert!(groups >= 3, "{stdout}");
    assert_eq!(stdout.matches("patch-management").count(), groups);
}

#[test]
fn custom_scheme_letters_and_collisions() {
    let (code, stdout, _) = report("broken-scheme", &["matrix"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("daci_matrix", stdout);
    let dir = org(&[(
        "own.yaml",
        "scheme:\n  roles:\n    reviewer: {}\n    responsible: {}\n    owner: { accountable: true }\n\
         people:\n  ann: { name: \"Ng, Ann\" }\n  bo: {}\n\
         duties:\n  x: { owner: ann, reviewer: [bo], responsible: [ann] }\n",
    )]);
    let (_, stdout, _) = run(own_in(dir.path()).args(["report", "matrix", "--format", "csv"]));
    assert_eq!(stdout, "duty,ann,bo\r\nx,Rs/O,Re\r\n");
    let (_, stdout, _) = run(own_in(dir.path()).args(["report", "matrix"]));
    assert!(
        stdout.contains("Re reviewer · Rs responsible · O owner"),
        "{stdout}"
    );
    // CSV quotes what needs quoting.
    let (_, stdout, _) = run(own_in(dir.path()).args(["report", "people", "--format", "csv"]));
    assert!(stdout.contains("ann,\"Ng, Ann\","), "{stdout}");
}

#[test]
fn output_is_written_atomically_to_a_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let target = dir.path().join("matrix.csv");
    let soc = project().join("examples/soc");
    let (code, stdout, _) = run(own_in(&soc)
        .args(["report", "matrix", "--format", "csv", "--output"])
        .arg(&target));
    assert_eq!(code, 0);
    assert_eq!(stdout, "");
    let (_, expected, _) = report("soc", &["matrix", "--format", "csv"]);
    assert_eq!(
        std::fs::read_to_string(&target).unwrap_or_default(),
        expected
    );
    // Only the report is left behind: no temporary file.
    let entries = std::fs::read_dir(dir.path())
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(entries, 1);

    let (code, _, stderr) =
        run(own_in(&soc).args(["report", "people", "-o", "/nonexistent/dir/x.md"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot write `/nonexistent/dir/x.md`"),
        "{stderr}"
    );
    let (code, stdout, _) = run(own_in(&soc).args([
        "report",
        "people",
        "--format",
        "json",
        "-o",
        "/nonexistent/x",
    ]));
    assert_eq!(code, 2);
    assert_eq!(json(&stdout)["error"]["code"], "own::write-error");
}

#[test]
fn usage_errors() {
    assert_eq!(run(own().args(["report"])).0, 2);
    assert_eq!(run(own().args(["report", "audits"])).0, 2);
    assert_eq!(
        run(own().args(["report", "matrix", "--format", "pdf"])).0,
        2
    );
}

// ---- the HTML page in a real browser -------------------------------------------------------

/// `chromium` on the PATH, if installed.
pub(crate) fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// Run headless chromium with fresh state; its stdout, or a panic after a minute.
pub(crate) fn headless(browser: &Path, profile: &Path, args: &[String]) -> String {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let mut stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut text);
        text
    });
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > Duration::from_secs(90) => {
                let _ = child.kill();
                panic!("chromium did not finish within 90 s");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("waiting for chromium: {e}"),
        }
    }
    reader.join().unwrap_or_default()
}

/// The duty rows of a dumped page: id and whether the row is hidden.
fn rows(dom: &str) -> Vec<(String, bool)> {
    dom.split("<tr data-duty=\"")
        .skip(1)
        .map(|rest| {
            let id = rest.split('"').next().unwrap_or_default().to_owned();
            let tag = rest.split('>').next().unwrap_or_default();
            (id, tag.contains(" hidden"))
        })
        .collect()
}

/// The duties `own report matrix --person PERSON` selects, in order.
fn person_duties(org: &Path, person: &str) -> Vec<String> {
    let (code, csv, stderr) =
        run(own_in(org).args(["report", "matrix", "--person", person, "--format", "csv"]));
    assert_eq!(code, 0, "{stderr}");
    csv.lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn html_matrix_finds_everyone_who_holds_a_role_as_person_does() {
    for org in ["soc", "helpdesk", "infra"] {
        let dir = project().join("examples").join(org);
        let (code, page, stderr) = run(own_in(&dir).args(["report", "matrix", "--format", "html"]));
        assert_eq!(code, 0, "{stderr}");
        // Each row's filter words: the duty, its title and everyone holding a role on it.
        let searched: Vec<(&str, Vec<&str>)> = page
            .split("<tr data-duty=\"")
            .skip(1)
            .filter_map(|rest| {
                let (duty, rest) = rest.split_once('"')?;
                let words = rest.strip_prefix(" data-search=\"")?.split('"').next()?;
                Some((duty, words.split(' ').collect()))
            })
            .collect();
        let (_, people, _) = run(own_in(&dir).args(["report", "people", "--format", "csv"]));
        for person in people.lines().skip(1).filter_map(|l| l.split(',').next()) {
            let found: Vec<&str> = searched
                .iter()
                .filter(|(_, words)| words.contains(&person))
                .map(|(duty, _)| *duty)
                .collect();
            assert_eq!(found, person_duties(&dir, person), "{org}: {person}");
            // A person who holds roles only through a team has a column of their own.
            assert!(
                page.contains(&format!("<span>{person}</span></th>")),
                "{org}: no column for {person}"
            );
        }
    }
    // kenji holds every role through the team soc; his cells say so.
    let soc = project().join("examples/soc");
    let (_, page, _) = run(own_in(&soc).args(["report", "matrix", "--format", "html"]));
    assert!(
        page.contains("<td class=\"r1 via\" title=\"kenji: responsible through soc\">(R)</td>"),
        "{page}"
    );
}

#[test]
fn html_filter_works_in_a_real_browser() {
    let Some(browser) = chromium() else {
        if std::env::var_os("OWN_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
            panic!("chromium is not installed and OWN_REQUIRE_BROWSER=1");
        }
        eprintln!("skipped: chromium not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = dir.path().join("report.html");
    let soc = project().join("examples/soc");
    let (code, _, stderr) = run(own_in(&soc)
        .args(["report", "matrix", "--format", "html", "-o"])
        .arg(&page));
    assert_eq!(code, 0, "{stderr}");
    let url = format!("file://{}", page.display());

    // The filter from the URL fragment is applied on load: hana holds roles on two duties
    // herself and on three more through her team, and the page shows the duties
    // `--person hana` selects.
    let dom = headless(
        &browser,
        &dir.path().join("profile-1"),
        &["--dump-dom".to_owned(), format!("{url}#filter=hana")],
    );
    let found = rows(&dom);
    assert_eq!(found.len(), 10, "{dom}");
    let visible: Vec<&str> = found
        .iter()
        .filter(|(_, h)| !h)
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(visible, person_duties(&soc, "hana"));
    assert_eq!(visible.len(), 5);
    assert!(
        dom.contains("<span id=\"shown\">5 of 10 duties</span>"),
        "{dom}"
    );
    assert!(
        dom.contains("value=\"hana\"") || dom.contains("id=\"filter\""),
        "{dom}"
    );
    // Columns left without a role are hidden too; hana's is not.
    assert!(
        dom.contains("title=\"hana (person): Hana Novak\"><span>hana</span>"),
        "{dom}"
    );
    assert!(
        dom.contains("title=\"owen (person): Owen Fletcher\" hidden=\"\""),
        "{dom}"
    );

    // kenji holds every role through his team: `own who kenji` counts six duties, and so
    // does the page, with his column shown.
    let dom = headless(
        &browser,
        &dir.path().join("profile-5"),
        &["--dump-dom".to_owned(), format!("{url}#filter=kenji")],
    );
    let visible: Vec<String> = rows(&dom)
        .into_iter()
        .filter(|(_, h)| !h)
        .map(|(id, _)| id)
        .collect();
    assert_eq!(visible, person_duties(&soc, "kenji"));
    assert!(
        dom.contains("<span id=\"shown\">6 of 10 duties</span>"),
        "{dom}"
    );
    assert!(
        dom.contains("title=\"kenji (person, through a team): Kenji Watanabe\"><span>kenji</span>"),
        "{dom}"
    );

    // Words narrow the rows further; an unfiltered page shows every row.
    let dom = headless(
        &browser,
        &dir.path().join("profile-2"),
        &["--dump-dom".to_owned(), format!("{url}#filter=hana%20siem")],
    );
    let visible: Vec<String> = rows(&dom)
        .into_iter()
        .filter(|(_, h)| !h)
        .map(|(id, _)| id)
        .collect();
    assert_eq!(visible, ["siem-alert-triage", "siem-platform-health"]);
    let dom = headless(
        &browser,
        &dir.path().join("profile-3"),
        &["--dump-dom".to_owned(), url.clone()],
    );
    assert!(rows(&dom).iter().all(|(_, hidden)| !hidden));

    // A screenshot, kept in target/ for people to look at.
    let shot = dir.path().join("report.png");
    headless(
        &browser,
        &dir.path().join("profile-4"),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1400,900".to_owned(),
            url,
        ],
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot: {e}"));
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(png.len() > 20_000, "a blank page? {} bytes", png.len());
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|target| target.join("report-screenshot.png"));
    if let Some(keep) = keep {
        let _ = std::fs::write(keep, &png);
    }
}

#[test]
fn a_matrix_too_large_to_read_asks_for_a_filter() {
    // 1,001 duties × 1,000 people: a million and one cells.
    let mut yaml = String::from("people:\n");
    for p in 0..1000 {
        yaml.push_str(&format!("  p{p}: {{}}\n"));
    }
    yaml.push_str("duties:\n");
    for d in 0..1001 {
        yaml.push_str(&format!(
            "  d{d}: {{ accountable: p{}, responsible: [p{}] }}\n",
            d % 1000,
            (d + 1) % 1000
        ));
    }
    let dir = org(&[("own.yaml", &yaml)]);
    let (code, _, stderr) = run(own_in(dir.path()).args(["report", "matrix"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the matrix has 1001 duties × 1000 people and teams (1001000 cells)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("narrow it with --team, --tag or --person"),
        "{stderr}"
    );
    // Data formats have no limit; the page keeps its other sections.
    let (code, stdout, _) = run(own_in(dir.path()).args(["report", "matrix", "--format", "csv"]));
    assert_eq!(code, 0);
    assert_eq!(stdout.lines().count(), 1002);
    let (code, page, _) = run(own_in(dir.path()).args(["report", "people", "--format", "html"]));
    assert_eq!(code, 0);
    assert!(page.contains("too many to read as a table"));
    assert!(page.contains("<tr data-person=\"p999\">"));
    assert!(page.len() < 2_000_000, "{} bytes", page.len());
    let (_, narrowed, _) = run(own_in(dir.path()).args(["report", "matrix", "--person", "p7"]));
    assert!(narrowed.contains("d7"), "{narrowed}");
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
    let dir = org(&[(
        "own.yaml",
        "people:\n  a: { name: \"@SUM(1+1)\" }\nduties:\n  d:\n    title: \"=HYPERLINK(\\\"http://x\\\")\"\n    accountable: a\n    responsible: a\n",
    )]);
    let report = |kind: &str| {
        let (code, csv, _) = run(own_in(dir.path()).args(["report", kind, "--format", "csv"]));
        assert_eq!(code, 0, "{csv}");
        csv
    };
    let reviews = report("reviews");
    assert!(
        reviews.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","),
        "{reviews}"
    );
    let people = report("people");
    assert!(people.contains(",'@SUM(1+1),"), "{people}");
    for line in reviews.lines().chain(people.lines()) {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@']), "{cell} in {line}");
        }
    }
}
