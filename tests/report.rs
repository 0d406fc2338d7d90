//! `own report`: every kind in every format on every example, filters, custom schemes,
//! escaping, `--output`, and the HTML page in a real headless browser.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{PEOPLE, copy_dir, json, org, own, own_in, project, run};

fn report(org: &str, args: &[&str]) -> (i32, String, String) {
    let dir = project().join("examples").join(org);
    run(own_in(&dir).arg("report").args(args))
}

#[test]
fn every_kind_in_every_text_format_on_every_example() {
    for org in ["soc", "helpdesk", "infra"] {
        for format in ["table", "markdown", "csv", "json"] {
            let mut text = String::new();
            for kind in ["matrix", "people", "coverage"] {
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
        for kind in ["matrix", "people", "coverage"] {
            let (code, page, _) = report(org, &[kind, "--format", "html"]);
            assert_eq!(code, 0);
            assert!(page.starts_with("<!DOCTYPE html>"), "{org}");
            assert!(page.trim_end().ends_with("</html>"), "{org}");
            // The KIND's section comes first.
            let first = ["matrix", "people", "coverage"]
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
    let id = "0123456789abcdef0123456789abcdef01234567";
    let dir = org(&[
        ("own.yaml", PEOPLE),
        (".git/HEAD", "ref: refs/heads/main\n"),
        (".git/packed-refs", &format!("{id} refs/heads/main\n")),
    ]);
    let (_, page, _) = run(own_in(dir.path()).args(["report", "coverage", "--format", "html"]));
    assert!(
        page.contains(&format!(
            "commit <code title=\"{id}\">0123456789ab</code> on <code>main</code>"
        )),
        "{page}"
    );
}

#[test]
fn every_yaml_value_is_escaped_in_html() {
    let dir = org(&[(
        "own.yaml",
        "people:\n  \"<b>x</b>\": { name: \"\\\"><img src=x onerror=alert(2)>\" }\n\
         teams:\n  soc: { name: \"<i>Sec</i>\", lead: \"<b>x</b>\", members: [\"<b>x</b>\"] }\n\
         duties:\n  \"<script>d</script>\":\n    title: \"<script>alert(1)</script>\"\n    accountable: \"<b>x</b>\"\n    responsible: [soc]\n    tags: [\"<u>t</u>\"]\n",
    )]);
    for kind in ["matrix", "people", "coverage"] {
        let (code, page, stderr) =
            run(own_in(dir.path()).args(["report", kind, "--format", "html"]));
        assert_eq!(code, 0, "{stderr}");
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "the title is shown as text"
        );
        for raw in [
            "<script>alert(1)",
            "<script>d",
            "<img",
            "<b>x",
            "<i>Sec",
            "<u>t",
        ] {
            assert!(!page.contains(raw), "{kind}: unescaped {raw}");
        }
        // The only script is the page's own.
        assert_eq!(page.matches("<script>").count(), 1, "{kind}");
    }
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
    assert_eq!(run(own().args(["report", "reviews"])).0, 2);
    assert_eq!(
        run(own().args(["report", "matrix", "--format", "pdf"])).0,
        2
    );
}

// ---- the HTML page in a real browser -------------------------------------------------------

/// `chromium` on the PATH, if installed.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// Run headless chromium with fresh state; its stdout, or a panic after a minute.
fn headless(browser: &Path, profile: &Path, args: &[String]) -> String {
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

    // The filter from the URL fragment is applied on load: hana holds roles on two duties.
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
    assert_eq!(visible, ["edr-alert-triage", "siem-platform-health"]);
    assert!(
        dom.contains("<span id=\"shown\">2 of 10 duties</span>"),
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
        dom.contains("title=\"nadia (person): Nadia Okafor\" hidden=\"\""),
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
    assert_eq!(visible, ["siem-platform-health"]);
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
