//! `own report risk`: key-person risk on every example in every format, its semantics on a
//! small organisation (team holders, people who left or are away, several accountables,
//! files and alerts), filters, and the HTML section in a real headless browser.

use std::path::Path;

use crate::util::{copy_dir, git_add_all, json, org, own_in, project, run};

/// `own report risk …` in a copy of an example outside any git repository, so that nothing
/// names a commit.
fn risk(example: &str, args: &[&str]) -> (i32, String, String) {
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = temp.path().join(example);
    std::fs::create_dir(&root).unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&project().join("examples").join(example), &root);
    run(own_in(&root).args(["report", "risk"]).args(args))
}

#[test]
fn risk_on_every_example_in_every_text_format() {
    for example in ["soc", "helpdesk", "infra", "broken"] {
        let mut text = String::new();
        for format in ["table", "markdown", "csv", "json"] {
            let (code, stdout, stderr) = risk(example, &["--format", format]);
            assert_eq!(code, 0, "{example} {format}: {stderr}");
            text.push_str(&format!("$ own report risk --format {format}\n{stdout}\n"));
        }
        insta::assert_snapshot!(format!("risk_{example}"), text);
    }
}

#[test]
fn risk_on_the_examples_agrees_with_who_and_the_rules() {
    // soc: marcus is the only accountable of three duties and the one responsible of the
    // ownership matrix.
    let (_, stdout, _) = risk("soc", &["--format", "json"]);
    let v = json(&stdout);
    assert_eq!(v["kind"], "risk");
    let first = &v["people"][0];
    assert_eq!(first["person"], "marcus");
    assert_eq!(
        first["accountable_lost"],
        serde_json::json!(["siem-alert-triage", "edr-alert-triage", "phishing-response"])
    );
    assert_eq!(
        first["responsible_lost"],
        serde_json::json!(["ownership-matrix"])
    );
    // Files and alerts are the ones `own report files` and `own report alerts` give those
    // duties.
    let lost = [
        "siem-alert-triage",
        "edr-alert-triage",
        "phishing-response",
        "ownership-matrix",
    ];
    let dir = project().join("examples/soc");
    let (_, listed, _) = run(own_in(&dir).args(["report", "files", "--format", "json"]));
    let owned_files = json(&listed)["files"]
        .as_array()
        .unwrap_or_else(|| panic!("{listed}"))
        .iter()
        .filter(|f| f["duty"].as_str().is_some_and(|d| lost.contains(&d)))
        .count();
    assert_eq!(first["files"], owned_files);
    let (_, alerts, _) = run(own_in(&dir).args(["report", "alerts", "--format", "json"]));
    let owned_alerts = json(&alerts)["alerts"]
        .as_array()
        .unwrap_or_else(|| panic!("{alerts}"))
        .iter()
        .filter(|a| a["duty"].as_str().is_some_and(|d| lost.contains(&d)))
        .count();
    assert_eq!(first["alerts"], owned_alerts);
    assert!(owned_alerts > 0 && owned_files > 0);
    // helpdesk has no alert sources: alerts are not counted, not zero.
    let (_, stdout, _) = risk("helpdesk", &["--format", "json"]);
    let v = json(&stdout);
    assert!(v["people"][0]["alerts"].is_null(), "{v:#}");
    assert!(v["people"][0]["files"].is_number(), "{v:#}");
    // broken: frank has left and counts as nobody; alice is over the policy by the rule's
    // count (6) and by one more through the team `noc` she leads.
    let (_, stdout, _) = risk("broken", &["--format", "json"]);
    let v = json(&stdout);
    assert_eq!(v["left"], serde_json::json!(["frank"]));
    assert!(
        v["people"]
            .as_array()
            .is_some_and(|p| p.iter().all(|p| p["person"] != "frank")),
        "{v:#}"
    );
    assert_eq!(
        v["over_limit"],
        serde_json::json!([{"person": "alice", "count": 7, "direct": 6, "limit": 4}])
    );
    let (_, check, _) =
        run(own_in(&project().join("examples/broken")).args(["check", "--format", "short"]));
    assert!(
        check.contains("`alice` is accountable for 6 duties; the policy allows 4"),
        "{check}"
    );
}

/// Team holders, a person who left, one who is away, two accountables, a team as the
/// accountable, a duty with no responsible, paths and alerts.
const ORG: &str = "\
policy: { max-accountable: 2 }
coverage:
  alerts:
    - { files: [alerts.yml], format: list }
people:
  ann: { name: Ann }
  ben: { name: Ben }
  cat: { name: Cat, away: [{ from: 2026-11-01, to: 2026-12-31 }] }
  dan: { name: Dan, status: left }
  eve: { name: Eve }
  zed: { name: Zed }
teams:
  solo: { members: [ann] }
  pair: { lead: ben, members: [cat] }
  gone: { members: [dan, ann] }
duties:
  web: { accountable: ann, responsible: [solo], paths: [/web/], alerts: [\"Web*\"], tags: [site] }
  api: { accountable: ann, responsible: [pair], paths: [/api/], tags: [site] }
  db: { accountable: ben, responsible: [gone], paths: [/db/] }
  old: { accountable: dan, responsible: [ben, dan] }
  shared: { accountable: [ann, ben], responsible: [eve], alerts: [\"Disk*\"] }
  team-owned: { accountable: solo }
  wide: { accountable: eve, responsible: [pair, solo], informed: [zed] }
";

fn inline_org() -> tempfile::TempDir {
    let dir = org(&[
        ("own.yaml", ORG),
        ("alerts.yml", "alerts: [WebDown, WebSlow, DiskFull]\n"),
        ("web/index.html", ""),
        ("web/app.js", ""),
        ("api/main.rs", ""),
        ("db/schema.sql", ""),
    ]);
    git_add_all(dir.path(), &[]);
    dir
}

#[test]
fn risk_semantics_on_a_small_organisation() {
    let dir = inline_org();
    let (code, stdout, stderr) =
        run(own_in(dir.path()).args(["report", "risk", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let v = json(&stdout);
    let people: Vec<(String, u64, u64, u64)> = v["people"]
        .as_array()
        .unwrap_or_else(|| panic!("{v:#}"))
        .iter()
        .map(|p| {
            let n = |k: &str| p[k].as_u64().unwrap_or(u64::MAX);
            (
                p["person"].as_str().unwrap_or("").to_owned(),
                n("duties"),
                n("files"),
                n("alerts"),
            )
        })
        .collect();
    // ann: only accountable of web, api and (through a team of one) team-owned; last
    // responsible of web (solo) and db (gone: dan left). Files: 2 web, 1 api, 1 db; alerts:
    // WebDown and WebSlow. ben: db (accountable) and old (dan left), 1 file; eve: wide and
    // shared, 1 alert: with as many duties, files come before alerts. cat is away, not
    // gone: pair still has her; zed holds no sole role; dan is nobody.
    assert_eq!(
        people,
        [
            ("ann".to_owned(), 4, 4, 2),
            ("ben".to_owned(), 2, 1, 0),
            ("eve".to_owned(), 2, 0, 1),
            ("cat".to_owned(), 0, 0, 0),
            ("zed".to_owned(), 0, 0, 0),
        ]
    );
    let ann = &v["people"][0];
    assert_eq!(
        ann["accountable_lost"],
        serde_json::json!(["web", "api", "team-owned"])
    );
    assert_eq!(ann["responsible_lost"], serde_json::json!(["web", "db"]));
    assert_eq!(v["left"], serde_json::json!(["dan"]));
    assert_eq!(
        v["single_responsible"],
        serde_json::json!([
            {"duty": "web", "person": "ann", "also_accountable": true},
            {"duty": "db", "person": "ann", "also_accountable": false},
            {"duty": "old", "person": "ben", "also_accountable": false},
            {"duty": "shared", "person": "eve", "also_accountable": false},
        ])
    );
    // ann: web, api, shared, and team-owned through `solo`; the rule counts the three that
    // name her.
    assert_eq!(
        v["over_limit"],
        serde_json::json!([{"person": "ann", "count": 4, "direct": 3, "limit": 2}])
    );
    assert_eq!(v["max_accountable"], 2);

    // The table leaves out the people without risk and says how many, and who left.
    let (_, table, _) = run(own_in(dir.path()).args(["report", "risk"]));
    // Rows start after one space; a list's further lines after many.
    let rows: Vec<&str> = table
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .filter(|l| !l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(rows, ["ann", "ben", "eve"], "{table}");
    assert!(
        table.contains("2 people hold no sole role; 1 person has left and counts as nobody: dan"),
        "{table}"
    );
    assert!(
        table.contains("\n  web     ann (also its accountable)\n"),
        "{table}"
    );
    assert!(
        table.contains("  ann  accountable for 4 (3 directly), limit 2"),
        "{table}"
    );
    // CSV lists everyone who has not left.
    let (_, csv, _) = run(own_in(dir.path()).args(["report", "risk", "--format", "csv"]));
    assert_eq!(csv.lines().count(), 6, "{csv}");
    assert!(
        csv.contains("ann,Ann,4,4,2,web;api;team-owned,web;db,4,true\r\n"),
        "{csv}"
    );
    assert!(csv.contains("zed,Zed,0,0,0,,,0,false\r\n"), "{csv}");
}

#[test]
fn a_filter_narrows_the_duties_but_not_the_policy() {
    let dir = inline_org();
    let report = |args: &[&str]| {
        let (code, stdout, stderr) = run(own_in(dir.path())
            .args(["report", "risk", "--format", "json"])
            .args(args));
        assert_eq!(code, 0, "{stderr}");
        json(&stdout)
    };
    let v = report(&["--tag", "site"]);
    let duties = |v: &serde_json::Value, who: &str| {
        v["people"]
            .as_array()
            .and_then(|p| p.iter().find(|p| p["person"] == who))
            .map(|p| (p["accountable_lost"].clone(), p["responsible_lost"].clone()))
    };
    assert_eq!(
        duties(&v, "ann"),
        Some((
            serde_json::json!(["web", "api"]),
            serde_json::json!(["web"])
        ))
    );
    assert_eq!(v["people"][0]["files"], 3);
    // The policy is the organisation's: ann is still over it.
    assert_eq!(v["over_limit"][0]["count"], 4);
    // --team keeps its people only.
    let v = report(&["--team", "pair"]);
    let listed: Vec<&str> = v["people"]
        .as_array()
        .map(|p| p.iter().filter_map(|p| p["person"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(listed, ["ben", "cat"], "{v:#}");
}

#[test]
fn without_paths_or_alerts_nothing_is_counted_and_nobody_may_be_at_risk() {
    let dir = org(&[(
        "own.yaml",
        "people:\n  a: {}\n  b: {}\nteams:\n  t: { members: [a, b] }\nduties:\n  d: { accountable: [a, b], responsible: [t] }\n",
    )]);
    let (code, table, stderr) = run(own_in(dir.path()).args(["report", "risk"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        table.starts_with("nobody is the only accountable or the last responsible of a duty\n"),
        "{table}"
    );
    assert!(table.contains("no `policy.max-accountable`"), "{table}");
    assert!(!table.contains("files"), "{table}");
    let (_, csv, _) = run(own_in(dir.path()).args(["report", "risk", "--format", "csv"]));
    assert!(csv.contains("\r\na,,0,,,,,1,\r\n"), "{csv}");
    let (_, stdout, _) = run(own_in(dir.path()).args(["report", "risk", "--format", "json"]));
    let v = json(&stdout);
    assert!(
        v["people"][0]["files"].is_null() && v["max_accountable"].is_null(),
        "{v:#}"
    );
}

#[test]
fn html_risk_section_has_a_bar_per_person_at_risk() {
    let dir = inline_org();
    let (code, page, stderr) = run(own_in(dir.path()).args(["report", "risk", "--format", "html"]));
    assert_eq!(code, 0, "{stderr}");
    // The KIND asked for comes first.
    let at = |s: &str| {
        page.find(&format!("<section id=\"{s}\""))
            .unwrap_or(usize::MAX)
    };
    assert!(at("risk") < at("matrix"), "{page}");
    assert!(page.contains("<a href=\"#risk\">Key-person risk</a>"));
    // ann: 3 duties without an accountable, 1 more without a responsible; the widest bar.
    assert!(
        page.contains("<tr data-risk=\"ann\"><td class=\"who\"><code>ann</code><small>Ann</small></td><td><div class=\"bar\"><span class=\"r0\" style=\"width:75.00%\" title=\"3 would have no accountable\"></span><span class=\"r1\" style=\"width:25.00%\" title=\"1 would have no responsible\"></span></div></td><td class=\"num\">4</td><td class=\"num\">4</td><td class=\"num\">2</td>"),
        "{page}"
    );
    assert_eq!(page.matches("<tr data-risk=").count(), 3);
    assert!(page.contains("<p class=\"meta\">2 people hold no sole role; 1 person has left and counts as nobody: dan.</p>"), "{page}");
    assert!(page.contains("<h3>Resting on one person: 4 duties</h3>"));
    assert!(page.contains("<tr><td><code>ann</code></td><td class=\"num\">4 (3 directly)</td><td class=\"num\">2</td></tr>"), "{page}");
    // Every page carries the section, after coverage.
    let (_, people, _) = run(own_in(dir.path()).args(["report", "people", "--format", "html"]));
    let at = |s: &str| {
        people
            .find(&format!("<section id=\"{s}\""))
            .unwrap_or(usize::MAX)
    };
    assert!(
        at("coverage") < at("risk") && at("risk") < at("reviews"),
        "{people}"
    );
}

#[test]
fn risk_section_renders_in_a_real_browser() {
    let Some(browser) = crate::report::chromium() else {
        if std::env::var_os("OWN_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
            panic!("chromium is not installed and OWN_REQUIRE_BROWSER=1");
        }
        eprintln!("skipped: chromium not installed");
        return;
    };
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = temp.path().join("risk.html");
    let broken = project().join("examples/broken");
    let (code, _, stderr) = run(own_in(&broken)
        .args(["report", "risk", "--format", "html", "-o"])
        .arg(&page));
    assert_eq!(code, 0, "{stderr}");
    let url = format!("file://{}", page.display());
    // The page's script runs without breaking on a page whose first section is not the
    // matrix, and leaves the section as written: one row and one bar per person at risk.
    let dom = crate::report::headless(
        &browser,
        &temp.path().join("profile-1"),
        &["--dump-dom".to_owned(), url.clone()],
    );
    assert!(
        dom.contains("<span id=\"shown\">12 of 12 duties</span>"),
        "{dom}"
    );
    let section = dom
        .split("<section id=\"risk\">")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or_else(|| panic!("no risk section in {dom}"));
    assert_eq!(section.matches("<tr data-risk=").count(), 7, "{section}");
    assert_eq!(
        section.matches("<div class=\"bar\">").count(),
        7,
        "{section}"
    );
    assert!(
        section.contains("<tr data-risk=\"alice\"><td class=\"who\"><code>alice</code><small>Alice Ng</small></td><td><div class=\"bar\"><span class=\"r0\" style=\"width:100.00%\""),
        "{section}"
    );
    // A screenshot of the section at the top of the page, kept in target/ to look at.
    let shot = temp.path().join("risk.png");
    crate::report::headless(
        &browser,
        &temp.path().join("profile-2"),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1400,1400".to_owned(),
            url,
        ],
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot: {e}"));
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(png.len() > 20_000, "a blank page? {} bytes", png.len());
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|target| target.join("risk-screenshot.png"));
    if let Some(keep) = keep {
        let _ = std::fs::write(keep, &png);
    }
}
