//! Paths and alerts: coverage from the git index, the path rules, CODEOWNERS export and
//! import, with real repositories built by the `git` command.
use crate::util::{codes, git_add_all, json, org, own_in, run, write};

const DUTIES: &str = "\
people:
  alice: { name: Alice, github: alice-gh }
  bob: { name: Bob, email: bob@example.com }
teams:
  core: { lead: alice, members: [alice, bob], github: example/core }
duties:
  core-code:
    accountable: alice
    responsible: core
    paths: [\"/src/\", \"*.rs\"]
  networking:
    accountable: bob
    responsible: bob
    paths: [\"/src/net/\"]
  docs:
    accountable: alice
    responsible: alice
    paths: [\"/docs/*\", \"build/\", \"Makefile\"]
  ownership:
    accountable: alice
    responsible: alice
    paths: [\"/own.yaml\"]
";

fn repo_org(coverage: &str) -> tempfile::TempDir {
    let dir = org(&[
        ("own.yaml", &format!("{coverage}{DUTIES}")),
        ("src/main.rs", "fn main() {}"),
        ("src/net/tcp.rs", ""),
        ("src/net/build/out.o", ""),
        ("docs/guide.md", ""),
        ("docs/api/index.md", ""),
        ("tools/gen.rs", ""),
        ("Makefile", ""),
        ("README.md", ""),
        ("untracked.txt", ""),
    ]);
    git_add_all(dir.path(), &["untracked.txt"]);
    dir
}

#[test]
fn unowned_paths_come_from_the_git_index() {
    let dir = repo_org("coverage:\n  paths: {}\n");
    let (code, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 1, "{stdout}");
    let report = json(&stdout);
    let targets: Vec<&str> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["code"] == "own::unowned-path")
        .filter_map(|f| f["target"].as_str())
        .collect();
    // `docs/*` owns direct children only; untracked files never count.
    assert_eq!(targets, ["README.md", "docs/api/index.md"]);
}

#[test]
fn coverage_include_and_exclude() {
    let dir = repo_org("coverage:\n  paths:\n    exclude: [\"*.md\"]\n");
    let (code, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 0, "{stdout}");
    let dir = repo_org("coverage:\n  paths:\n    include: [\"/docs/\"]\n");
    let (_, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "short"]));
    assert_eq!(
        stdout,
        "docs/api/index.md: deny[own::unowned-path] `docs/api/index.md` is owned by no duty\n"
    );
}

#[test]
fn outside_git_the_walk_honours_gitignore() {
    let dir = org(&[
        ("own.yaml", &format!("coverage:\n  paths: {{}}\n{DUTIES}")),
        ("src/main.rs", ""),
        (".gitignore", "target/\n*.log\n"),
        ("target/debug/own", ""),
        ("run.log", ""),
        ("notes.txt", ""),
    ]);
    let (_, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "short"]));
    let unowned: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("unowned-path"))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(unowned, [".gitignore", "notes.txt"]);
}

#[test]
fn dead_conflicting_and_invalid_patterns_point_at_the_yaml() {
    let dir = org(&[
        (
            "own.yaml",
            "people:\n  a: {}\nduties:\n  one:\n    accountable: a\n    paths: [\"/src/\", \"/gone/\"]\n  two:\n    accountable: a\n    paths: [\"/src/\", \"!/src/gen/\"]\n",
        ),
        ("src/lib.rs", ""),
    ]);
    git_add_all(dir.path(), &[]);
    let (code, stdout, _) =
        run(own_in(dir.path()).args(["check", "--format", "json", "-A", "no-responsible"]));
    assert_eq!(code, 1);
    let report = json(&stdout);
    let got: Vec<(String, u64, u64)> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("own::path-conflict".to_owned(), 6, 13),
            ("own::dead-pattern".to_owned(), 6, 22),
            ("own::invalid-pattern".to_owned(), 9, 23),
        ]
    );
    assert_eq!(report["findings"][0]["related"][0]["line"], 9);
}

#[test]
fn many_unowned_files_are_summarised_in_human_output() {
    let mut files: Vec<(String, String)> = (0..25)
        .map(|i| (format!("data/f{i:02}.csv"), String::new()))
        .collect();
    files.push((
        "own.yaml".into(),
        "coverage:\n  paths:\n    exclude: [\"/own.yaml\"]\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = org(&refs);
    git_add_all(dir.path(), &[]);
    let (code, stdout, _) = run(own_in(dir.path()).arg("check"));
    assert_eq!(code, 1);
    assert_eq!(
        stdout.matches("is owned by no duty").count(),
        10,
        "{stdout}"
    );
    assert!(
        stdout.contains("… and 15 more `own::unowned-path` findings"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("✗ 25 errors, 0 warnings (1 file, 0 people, 0 teams, 0 duties)\n"),
        "{stdout}"
    );
}

#[test]
fn unowned_alerts_point_at_their_definition() {
    let dir = org(&[
        (
            "own.yaml",
            "coverage:\n  alerts:\n    - files: [\"monitoring/*.rules.yml\"]\n      format: prometheus\n    - files: [\"alerts.yml\"]\n      format: list\npeople:\n  a: {}\nduties:\n  disks:\n    accountable: a\n    responsible: a\n    alerts: [\"Disk*\"]\n",
        ),
        (
            "monitoring/node.rules.yml",
            "groups:\n  - name: node\n    rules:\n      - alert: DiskFull\n        expr: x\n      - record: y\n        expr: z\n      - alert: HostDown\n        expr: up == 0\n",
        ),
        ("alerts.yml", "- DiskSlow\n- PagerTest\n"),
    ]);
    let (code, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 1);
    let report = json(&stdout);
    assert_eq!(codes(&report), ["own::unowned-alert", "own::unowned-alert"]);
    let first = &report["findings"][0];
    assert_eq!(first["target"], "PagerTest");
    assert_eq!(first["file"], "alerts.yml");
    assert_eq!(first["line"], 2);
    let second = &report["findings"][1];
    assert_eq!(second["target"], "HostDown");
    assert_eq!(second["file"], "monitoring/node.rules.yml");
    assert_eq!(
        (second["line"].as_u64(), second["column"].as_u64()),
        (Some(8), Some(16))
    );
}

#[test]
fn malformed_alert_sources_are_located_errors() {
    let dir = org(&[
        (
            "own.yaml",
            "coverage:\n  alerts:\n    - { files: [\"m.yml\"], format: prometheus }\n",
        ),
        ("m.yml", "groups:\n  name: not-a-list\n"),
    ]);
    let (code, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 2);
    let error = &json(&stdout)["error"];
    assert_eq!(error["code"], "own::alert-source");
    assert_eq!(error["file"], "m.yml");
    assert_eq!(error["line"], 2);
}

#[test]
fn codeowners_check_detects_drift() {
    let dir = repo_org("");
    let (code, generated, _) = run(own_in(dir.path()).arg("codeowners"));
    assert_eq!(code, 0);
    insta::assert_snapshot!("codeowners_github", generated);
    write(dir.path(), "CODEOWNERS", generated.as_bytes());
    let (code, stdout, _) = run(own_in(dir.path()).args(["codeowners", "--check", "CODEOWNERS"]));
    assert_eq!((code, stdout.as_str()), (0, "CODEOWNERS is up to date\n"));
    write(
        dir.path(),
        "CODEOWNERS",
        generated
            .replace("bob@example.com", "carol@example.com")
            .as_bytes(),
    );
    let (code, stdout, _) = run(own_in(dir.path()).args(["codeowners", "--check", "CODEOWNERS"]));
    assert_eq!(code, 1);
    assert!(
        stdout.contains("-/src/net/ bob@example.com")
            || stdout.contains("+/src/net/ bob@example.com"),
        "{stdout}"
    );
    assert!(stdout.contains("is out of date"), "{stdout}");
}

#[test]
fn codeowners_check_without_a_file_finds_the_one_the_platform_reads() {
    let dir = repo_org("");
    let (_, generated, _) = run(own_in(dir.path()).arg("codeowners"));
    let check = |extra: &[&str]| {
        let mut args = vec!["codeowners", "--check"];
        args.extend(extra);
        run(own_in(dir.path()).args(&args))
    };

    // None anywhere: a read error naming every place looked at.
    let (code, _, stderr) = check(&[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("own::codeowners-not-found"), "{stderr}");
    assert!(
        stderr.contains(".github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS"),
        "{stderr}"
    );

    // A stale `docs/CODEOWNERS` is compared (and named) when it is the only one.
    write(dir.path(), "docs/CODEOWNERS", b"* @someone\n");
    let (code, stdout, stderr) = check(&[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("comparing with docs/CODEOWNERS"),
        "{stderr}"
    );
    assert!(stdout.contains("--- docs/CODEOWNERS"), "{stdout}");

    // `.github/CODEOWNERS` comes first on GitHub, and it is up to date.
    write(dir.path(), ".github/CODEOWNERS", generated.as_bytes());
    let (code, stdout, stderr) = check(&[]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, ".github/CODEOWNERS is up to date\n"),
        "{stderr}"
    );

    // GitLab reads `CODEOWNERS`, then `docs/`, then `.gitlab/`: here `docs/CODEOWNERS`.
    let (code, _, stderr) = check(&["--platform", "gitlab"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("comparing with docs/CODEOWNERS, the file GitLab reads"),
        "{stderr}"
    );
}

#[test]
fn import_codeowners_bootstraps_duties_that_need_an_accountable() {
    let dir = org(&[(
        "CODEOWNERS",
        "# Legacy file\n* @example/platform\n/docs/ @alice docs@example.com\n/src/net/ @example/platform\n!/gen/ @alice\n",
    )]);
    let (code, stdout, stderr) = run(own_in(dir.path()).args([
        "import",
        "codeowners",
        "CODEOWNERS",
        "--output",
        "imported.own.yaml",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("wrote imported.own.yaml"), "{stdout}");
    assert!(stderr.contains("CODEOWNERS:5:"), "{stderr}");
    write(dir.path(), "own.yaml", b"version: 1\n");
    let (code, stdout, _) = run(own_in(dir.path()).args([
        "check",
        "--format",
        "json",
        "-A",
        "dead-pattern",
        "-A",
        "empty-team",
        "-A",
        "escalation-dead-end",
    ]));
    assert_eq!(code, 1);
    assert_eq!(
        codes(&json(&stdout)),
        ["own::one-accountable", "own::one-accountable"]
    );
}

/// The owners a CODEOWNERS file gives a path under a platform's rules: the owners of the
/// winning line, as a sorted list (empty when no line matches).
/// `own import codeowners CODEOWNERS -o imported.own.yaml` in `dir`.
fn import(dir: &std::path::Path) -> (i32, String, String) {
    run(own_in(dir).args([
        "import",
        "codeowners",
        "CODEOWNERS",
        "-o",
        "imported.own.yaml",
    ]))
}

fn codeowners_owners(text: &str, path: &str, gitlab: bool) -> Vec<String> {
    let lines: Vec<(String, Vec<String>)> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut words = l.split_whitespace();
            let pattern = words.next().unwrap_or_default().to_owned();
            (pattern, words.map(str::to_owned).collect())
        })
        .collect();
    let winner = if gitlab {
        own::paths::codeowners::gitlab_owner_of(&lines, path)
    } else {
        own::paths::codeowners::github_owner_of(&lines, path)
    };
    let mut owners = winner.map(|i| lines[i].1.clone()).unwrap_or_default();
    owners.sort();
    owners
}

#[test]
fn generated_codeowners_give_every_tracked_file_the_owner_own_gives_it() {
    // Each duty has its own owner handle, so an owner set names one duty.
    let own_yaml = "\
people:
  p1: { github: core-gh }
  p2: { github: net-gh }
  p3: { github: docs-gh }
  p4: { github: build-gh }
  p5: { github: md-gh }
  p6: { github: gen-gh }
duties:
  core: { accountable: p1, responsible: p1, paths: [\"/src/\"] }
  net: { accountable: p2, responsible: p2, paths: [\"/src/net/\", \"src/proto/*.rs\"] }
  docs: { accountable: p3, responsible: p3, paths: [\"/docs/*\", \"/own.yaml\"] }
  build: { accountable: p4, responsible: p4, paths: [\"build/\", \"Makefile\"] }
  markdown: { accountable: p5, responsible: p5, paths: [\"*.md\"] }
  generated: { accountable: p6, responsible: p6, paths: [\"**/gen/**\", \"/src/*/gen.rs\"] }
";
    let files = [
        "Makefile",
        "README.md",
        "own.yaml",
        "build/out.o",
        "docs/guide.md",
        "docs/api/index.md",
        "docs/api/build/x.txt",
        "src/main.rs",
        "src/lib/README.md",
        "src/net/tcp.rs",
        "src/net/build/a.o",
        "src/net/gen.rs",
        "src/proto/msg.rs",
        "src/proto/deep/msg.rs",
        "src/gen/table.rs",
        "tools/gen/x.py",
        "tools/Makefile",
        "tools/script.sh",
        "web/Makefile.old",
    ];
    let mut all: Vec<(&str, &str)> = files.iter().map(|f| (*f, "")).collect();
    all.retain(|(f, _)| *f != "own.yaml");
    all.push(("own.yaml", own_yaml));
    let dir = org(&all);
    git_add_all(dir.path(), &[]);
    let handle = |duty: &str| -> Vec<String> {
        let gh = match duty {
            "core" => "core-gh",
            "net" => "net-gh",
            "docs" => "docs-gh",
            "build" => "build-gh",
            "markdown" => "md-gh",
            "generated" => "gen-gh",
            other => panic!("unknown duty {other}"),
        };
        vec![format!("@{gh}")]
    };
    let (_, github, _) = run(own_in(dir.path()).arg("codeowners"));
    let (_, gitlab, _) = run(own_in(dir.path()).args(["codeowners", "--platform", "gitlab"]));
    for file in files {
        let (code, stdout, stderr) =
            run(own_in(dir.path()).args(["who", &format!("path:{file}"), "--format", "json"]));
        assert_eq!(code, 0, "{file}: {stderr}");
        let answer = json(&stdout);
        let expected = answer["duty"].as_str().map(handle).unwrap_or_default();
        assert_eq!(
            codeowners_owners(&github, file, false),
            expected,
            "GitHub, {file}\n{github}"
        );
        assert_eq!(
            codeowners_owners(&gitlab, file, true),
            expected,
            "GitLab, {file}\n{gitlab}"
        );
    }
}

/// A table of pattern cases in `tests/fixtures/`.
fn pattern_table(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(crate::util::project().join("tests/fixtures").join(name))
        .unwrap_or_else(|e| panic!("read the table {name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn no_disagreements(wrong: &[String]) {
    assert!(
        wrong.is_empty(),
        "{} disagreements:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// GitHub's pattern language, case by case: hmarr/codeowners' `testdata/patterns.json` (at
/// commit 605098f23d73a20046b6f5064bbd5d58e41b05a1, MIT, licence beside the copy in
/// `tests/fixtures/`), 30 patterns × 153 paths checked against GitHub. Every path must match
/// exactly as GitHub matches it, through both the single pattern and the indexed set.
#[test]
fn github_pattern_table() {
    let cases = pattern_table("github-codeowners-patterns.json");
    let cases = cases
        .as_array()
        .unwrap_or_else(|| panic!("a list of cases"));
    let mut wrong = Vec::new();
    let mut checked = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap_or_default();
        let raw = case["pattern"].as_str().unwrap_or_default();
        let paths = case["paths"].as_object().unwrap_or_else(|| panic!("paths"));
        checked += paths.len();
        let pattern = match own::paths::PathPattern::parse(raw) {
            Ok(p) => p,
            Err(e) => {
                wrong.push(format!("{name}: `{raw}` refused: {e}"));
                continue;
            }
        };
        let mut builder = own::paths::PatternSet::builder();
        builder.add(pattern.clone(), 0);
        let set = builder.build();
        let mut hits = Vec::new();
        for (path, expected) in paths {
            let expected = expected.as_bool().unwrap_or_default();
            let single = pattern.matches(path);
            set.matching(path, &mut hits);
            let indexed = !hits.is_empty();
            // The reference model of GitHub's last-match rule that imports are checked with.
            let model = own::paths::codeowners::github_owner_of(&[(raw, ())], path).is_some();
            if single != expected || indexed != expected || model != expected {
                wrong.push(format!(
                    "{name}: `{raw}` on `{path}`: GitHub {expected}, own {single} (indexed {indexed}, model {model})"
                ));
            }
        }
    }
    assert_eq!(checked, 153, "the table has 153 paths");
    no_disagreements(&wrong);
}

#[test]
fn report_files_lists_every_tracked_file_with_its_owner() {
    let dir = repo_org("coverage:\n  paths: {}\n");
    let (code, stdout, stderr) =
        run(own_in(dir.path()).args(["report", "files", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let report = json(&stdout);
    assert_eq!(
        (report["version"].as_u64(), report["kind"].as_str()),
        (Some(1), Some("files"))
    );
    let files = report["files"]
        .as_array()
        .unwrap_or_else(|| panic!("{stdout}"));
    let paths: Vec<&str> = files.iter().filter_map(|f| f["path"].as_str()).collect();
    // Tracked files only, in path order: `untracked.txt` is not in the index.
    assert_eq!(
        paths,
        [
            "Makefile",
            "README.md",
            "docs/api/index.md",
            "docs/guide.md",
            "own.yaml",
            "src/main.rs",
            "src/net/build/out.o",
            "src/net/tcp.rs",
            "tools/gen.rs",
        ]
    );
    let by_path = |p: &str| {
        files
            .iter()
            .find(|f| f["path"] == p)
            .unwrap_or_else(|| panic!("{p}"))
    };
    // The most specific pattern wins: `/src/net/` beats `/src/`, `*.rs` and a floating
    // `build/`.
    let tcp = by_path("src/net/tcp.rs");
    assert_eq!(tcp["duty"], "networking");
    assert_eq!(tcp["pattern"], "/src/net/");
    assert_eq!(tcp["accountable"], serde_json::json!(["bob"]));
    assert_eq!(tcp["responsible"], serde_json::json!(["bob"]));
    assert_eq!(by_path("src/net/build/out.o")["duty"], "networking");
    assert_eq!(by_path("tools/gen.rs")["pattern"], "*.rs");
    assert_eq!(
        by_path("src/main.rs")["responsible"],
        serde_json::json!(["core"])
    );
    let readme = by_path("README.md");
    assert_eq!(
        (readme["duty"].is_null(), readme["required"].as_bool()),
        (true, Some(true))
    );

    // `--unowned`: only the files without a duty, in every format.
    let (_, stdout, _) =
        run(own_in(dir.path()).args(["report", "files", "--unowned", "--format", "json"]));
    let unowned: Vec<String> = json(&stdout)["files"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter_map(|f| f["path"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(unowned, ["README.md", "docs/api/index.md"]);
    let (_, csv, _) = run(own_in(dir.path()).args(["report", "files", "--format", "csv"]));
    assert!(
        csv.starts_with("path,duty,pattern,accountable,responsible,conflicting\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("src/net/tcp.rs,networking,/src/net/,bob,bob,\r\n"),
        "{csv}"
    );
    let (_, md, _) = run(own_in(dir.path()).args(["report", "files", "--format", "markdown"]));
    assert!(md.contains("| `README.md` | *unowned* |"), "{md}");
    let (_, table, _) = run(own_in(dir.path()).args(["report", "files"]));
    let line = table
        .lines()
        .find(|l| l.starts_with("src/net/tcp.rs"))
        .unwrap_or_default();
    assert!(
        line.contains("networking") && line.ends_with("/src/net/"),
        "{table}"
    );

    // `--unowned` belongs to `files`; HTML has no files page.
    let (code, _, stderr) = run(own_in(dir.path()).args(["report", "matrix", "--unowned"]));
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = run(own_in(dir.path()).args(["report", "files", "--format", "html"]));
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn import_codeowners_gives_every_file_the_owners_github_gives() {
    // Real files rely on order: a later, less specific line beats an earlier one.
    let codeowners = "\
* @org/everyone
/tests/contrib/ @org/integrations
conftest.py @org/python-guild
/docs/ @org/docs
*.md @org/writers
/a/b/ @alice
/a/**/c @bob
/old/ @org/docs
/old/ @org/legacy
";
    let dir = org(&[
        ("CODEOWNERS", codeowners),
        ("tests/contrib/x/conftest.py", ""),
        ("tests/contrib/y.py", ""),
        ("src/conftest.py", ""),
        ("docs/guide.md", ""),
        ("docs/api.txt", ""),
        ("a/b/c", ""),
        ("a/b/d", ""),
        ("old/x", ""),
        ("README.md", ""),
        ("main.rs", ""),
    ]);
    git_add_all(dir.path(), &[]);
    let (code, stdout, stderr) = import(dir.path());
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout
            .contains("11 tracked files: every one has the owners GitHub gives (1 pinned by path"),
        "{stdout}"
    );
    // The first `/old/` line never wins: reported, and kept as a comment.
    assert!(
        stderr.contains("CODEOWNERS:8: `/old/` is shadowed"),
        "{stderr}"
    );
    let imported = std::fs::read_to_string(dir.path().join("imported.own.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        imported.contains("\"/tests/contrib/**/conftest.py\""),
        "{imported}"
    );
    assert!(imported.contains("\"/docs/**/*.md\""), "{imported}");
    assert!(imported.contains("\"/a/b/c\"   # pinned"), "{imported}");
    assert!(
        imported.contains("# shadowed on GitHub: \"/old/\""),
        "{imported}"
    );

    // And `own` resolves the imported duties to those owners, file by file.
    write(
        dir.path(),
        "own.yaml",
        b"version: 1\ncoverage:\n  paths: {}\n",
    );
    git_add_all(dir.path(), &[]);
    let (_, stdout, stderr) = run(own_in(dir.path()).args(["report", "files", "--format", "json"]));
    let report = json(&stdout);
    let owner_of = |path: &str| -> Vec<String> {
        report["files"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["path"] == path))
            .map(|f| {
                f["responsible"]
                    .as_array()
                    .map(|r| {
                        r.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .unwrap_or_else(|| panic!("{path}: {stdout}{stderr}"))
    };
    for (path, team) in [
        ("tests/contrib/x/conftest.py", "python-guild"),
        ("tests/contrib/y.py", "integrations"),
        ("src/conftest.py", "python-guild"),
        ("docs/guide.md", "writers"),
        ("docs/api.txt", "docs"),
        ("a/b/c", "bob"),
        ("a/b/d", "alice"),
        ("old/x", "legacy"),
        ("README.md", "writers"),
        ("main.rs", "everyone"),
    ] {
        assert_eq!(owner_of(path), [team], "{path}");
    }

    // Round trip: `own codeowners` of the imported organisation gives every file the owners
    // the original file gives it, under GitHub's last-match rule.
    let (code, exported, stderr) =
        run(own_in(dir.path()).args(["codeowners", "--roles", "responsible"]));
    assert_eq!(code, 0, "{stderr}");
    for path in [
        "tests/contrib/x/conftest.py",
        "tests/contrib/y.py",
        "src/conftest.py",
        "docs/guide.md",
        "docs/api.txt",
        "a/b/c",
        "a/b/d",
        "old/x",
        "README.md",
        "main.rs",
    ] {
        assert_eq!(
            codeowners_owners(&exported, path, false),
            codeowners_owners(codeowners, path, false),
            "{path}:\n{exported}"
        );
    }
}

#[test]
fn import_codeowners_keeps_lines_without_owners_in_both_directions() {
    // A later line without owners leaves `generated/` without code owners on GitHub: the
    // import gives those files to a duty without holders, and the export writes them back
    // as a line without owners.
    let codeowners = "* @org/all\n/generated/\n";
    let dir = org(&[
        ("CODEOWNERS", codeowners),
        ("generated/x.rs", ""),
        ("src/y.rs", ""),
    ]);
    git_add_all(dir.path(), &[]);
    let (code, stdout, stderr) = import(dir.path());
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("3 tracked files: every one has the owners GitHub gives"),
        "{stdout}"
    );
    write(dir.path(), "own.yaml", b"version: 1\n");
    let (_, exported, stderr) =
        run(own_in(dir.path()).args(["codeowners", "--roles", "responsible"]));
    for path in ["generated/x.rs", "src/y.rs", "CODEOWNERS"] {
        assert_eq!(
            codeowners_owners(&exported, path, false),
            codeowners_owners(codeowners, path, false),
            "{path}:\n{exported}{stderr}"
        );
    }
    assert!(codeowners_owners(&exported, "generated/x.rs", false).is_empty());
}

#[test]
fn import_codeowners_into_an_organisation_names_the_people_and_teams_it_has() {
    let dir = org(&[
        (
            "own.yaml",
            "people:\n  alice: { github: Alice-GH }\n  dev: { email: dev@example.com }\nteams:\n  platform: { github: org/platform-team }\n  guild: {}\n",
        ),
        (
            "CODEOWNERS",
            "* @org/platform-team\n/src/ @alice-gh dev@example.com\n/docs/ @org/guild @bob\n",
        ),
        ("src/a.rs", ""),
        ("docs/b.md", ""),
    ]);
    git_add_all(dir.path(), &[]);
    let (code, stdout, stderr) = import(dir.path());
    assert_eq!(code, 0, "{stdout}{stderr}");
    let imported = std::fs::read_to_string(dir.path().join("imported.own.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    // Known handles (case-insensitively) and emails are the existing ids; only `@bob` and
    // `@org/guild` are new, and the new team may not take the id `guild`.
    assert!(imported.contains("responsible: [platform]"), "{imported}");
    assert!(imported.contains("responsible: [alice, dev]"), "{imported}");
    assert!(
        imported.contains("  bob: { github: \"bob\" }"),
        "{imported}"
    );
    assert!(
        imported.contains("  guild-2: { github: \"org/guild\", members: [] }"),
        "{imported}"
    );
    assert!(
        !imported.contains("  alice:") && !imported.contains("  platform:"),
        "{imported}"
    );
    // Together they load: nothing is defined twice.
    let (_, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert!(
        !codes(&json(&stdout)).contains(&"own::duplicate-id".to_owned()),
        "{stdout}"
    );
}

/// A tree shaped like a monorepo (services, libraries, tests, docs, nested `conftest.py`,
/// `*_test.go`, generated folders) and a CODEOWNERS whose answers depend on line order: after
/// the import every file has GitHub's owners, and so does the export of the imported duties.
#[test]
fn import_and_export_keep_githubs_answer_on_a_monorepo_that_relies_on_order() {
    // A small deterministic generator (no clock, no machine).
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let areas = ["services", "libs", "tools", "tests/contrib", "docs"];
    let names = ["api", "auth", "billing", "search", "store", "queue"];
    let leaves = [
        "main.go",
        "main_test.go",
        "conftest.py",
        "README.md",
        "BUILD",
        "x.py",
    ];
    let mut files: Vec<(String, &str)> = Vec::new();
    for _ in 0..600 {
        let area = areas[next(areas.len())];
        let name = names[next(names.len())];
        let depth = next(3);
        let mut path = format!("{area}/{name}");
        for _ in 0..depth {
            path.push_str(&format!("/{}", names[next(names.len())]));
        }
        path.push_str(&format!("/{}", leaves[next(leaves.len())]));
        files.push((path, ""));
    }
    files.sort();
    files.dedup();
    let teams = ["@org/core", "@org/py", "@org/go", "@org/docs", "@org/sec"];
    let mut patterns: Vec<String> = vec![
        "*".into(),
        "conftest.py".into(),
        "*_test.go".into(),
        "*.md".into(),
        "BUILD".into(),
    ];
    for area in areas {
        patterns.push(format!("/{area}/"));
        for name in names {
            patterns.push(format!("/{area}/{name}/"));
        }
    }
    patterns.push("/services/*/store/".into());
    patterns.push("**/generated/**".into());
    // Lines in a shuffled order: a later, less specific line often beats an earlier one.
    let mut lines = Vec::new();
    while !patterns.is_empty() {
        let pattern = patterns.remove(next(patterns.len()));
        lines.push(format!("{pattern} {}", teams[next(teams.len())]));
    }
    let codeowners = lines.join("\n") + "\n";
    let mut fixture: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    fixture.push(("CODEOWNERS", &codeowners));
    let dir = org(&fixture);
    git_add_all(dir.path(), &[]);

    let (code, stdout, stderr) = import(dir.path());
    assert_eq!(code, 0, "{stdout}{stderr}");
    let verified = format!(
        "{} tracked files: every one has the owners GitHub gives",
        files.len() + 1
    );
    assert!(stdout.contains(&verified), "{stdout}");
    // Order mattered: the bridge had to add intersections (and pins), and shadowed lines.
    let imported = std::fs::read_to_string(dir.path().join("imported.own.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        imported.contains("# where a later CODEOWNERS line beats"),
        "{imported}"
    );
    assert!(stderr.contains("is shadowed"), "{stderr}");

    write(dir.path(), "own.yaml", b"version: 1\n");
    let (code, exported, stderr) =
        run(own_in(dir.path()).args(["codeowners", "--roles", "responsible"]));
    assert_eq!(code, 0, "{stderr}");
    let mut differing = Vec::new();
    for (path, _) in &files {
        let want = codeowners_owners(&codeowners, path, false);
        let got = codeowners_owners(&exported, path, false);
        if want != got {
            differing.push(format!(
                "{path}: GitHub {want:?}, after the round trip {got:?}"
            ));
        }
    }
    assert!(differing.is_empty(), "{}\n{exported}", differing.join("\n"));
}

/// The owners GitLab gives a path under a whole file, sections included, sorted.
fn gitlab_file_owners(text: &str, path: &str) -> Vec<String> {
    let parsed = own::paths::codeowners::parse(text);
    own::paths::codeowners::GitLabModel::new(&parsed).owners(&parsed, path)
}

#[test]
fn gitlab_import_and_export_keep_gitlabs_answer_with_sections() {
    let mut files: Vec<String> = Vec::new();
    for area in [
        "services/api",
        "services/auth",
        "libs/store",
        "docs",
        "tools",
    ] {
        for leaf in [
            "main.go",
            "x.py",
            "conftest.py",
            "README.md",
            "generated/y.go",
        ] {
            files.push(format!("{area}/{leaf}"));
        }
    }
    files.push("README.md".into());
    let codeowners = "\
/services/ @org/go
/libs/ @org/go
/tools/ @org/core
services/api/ @org/api

[Docs] @org/docs
*.md
/docs/

^[Security][2]
/services/auth/ @org/sec
!/services/auth/generated/

[Python]
*.py @org/py
conftest.py @org/qa

[docs]
/tools/README.md @org/core
";
    let mut fixture: Vec<(&str, &str)> = files.iter().map(|p| (p.as_str(), "")).collect();
    fixture.push(("CODEOWNERS", codeowners));
    let dir = org(&fixture);
    git_add_all(dir.path(), &[]);

    let (code, stdout, stderr) = run(own_in(dir.path()).args([
        "import",
        "codeowners",
        "CODEOWNERS",
        "--gitlab",
        "-o",
        "imported.own.yaml",
    ]));
    assert_eq!(code, 0, "{stdout}{stderr}");
    let verified = format!(
        "{} tracked files: every one has the owners GitLab gives",
        files.len() + 1
    );
    assert!(stdout.contains(&verified), "{stdout}");
    let imported = std::fs::read_to_string(dir.path().join("imported.own.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        imported.contains("gitlab-section: \"[Python]\""),
        "{imported}"
    );

    write(dir.path(), "own.yaml", b"version: 1\n");
    let (code, exported, stderr) = run(own_in(dir.path()).args([
        "codeowners",
        "--platform",
        "gitlab",
        "--roles",
        "responsible",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(exported.contains("\n[Python]\n"), "{exported}");
    let mut differing = Vec::new();
    for path in &files {
        let want = gitlab_file_owners(codeowners, path);
        let got = gitlab_file_owners(&exported, path);
        if want != got {
            differing.push(format!(
                "{path}: GitLab {want:?}, after the round trip {got:?}"
            ));
        }
    }
    assert!(
        differing.is_empty(),
        "{}\n{exported}\n{imported}",
        differing.join("\n")
    );
}

#[test]
fn import_codeowners_lists_the_files_it_could_not_make_equal() {
    // `/*/*` comes last, so GitHub gives `a/t<TAB>b` to @org/y; `own` prefers `/a/`. No
    // intersection can be written (the later line has a `/`), and no pattern can hold a tab
    // to pin the file: the import names it, with both answers, and exits 1.
    let dir = org(&[
        ("CODEOWNERS", "/a/ @org/x\n/*/* @org/y\n"),
        ("a/t\tb", ""),
        ("a/c", ""),
        // `/a/` still wins here (`/*/*` owns direct children of top folders only).
        ("a/d/e", ""),
    ]);
    git_add_all(dir.path(), &[]);
    let (code, stdout, stderr) = import(dir.path());
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("4 tracked files: 1 do not have the owners GitHub gives:"),
        "{stdout}"
    );
    // The tab is shown, never sent.
    assert!(
        stdout.contains("  a/t\\u{0009}b: GitHub @org/y, own @org/x"),
        "{stdout}"
    );
}

/// GitLab's pattern cases (`tests/fixtures/gitlab-codeowners-patterns.json`, from GitLab's
/// CODEOWNERS pages and, where they are silent, the implementation they describe). The
/// reference model imports and exports are checked against must agree on every one.
#[test]
fn gitlab_pattern_table() {
    let table = pattern_table("gitlab-codeowners-patterns.json");
    let cases = table["cases"]
        .as_array()
        .unwrap_or_else(|| panic!("a list of cases"));
    let mut wrong = Vec::new();
    let mut checked = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap_or_default();
        let raw = case["pattern"].as_str().unwrap_or_default();
        let paths = case["paths"].as_object().unwrap_or_else(|| panic!("paths"));
        // Through the parser, as a file's line is read, and through the whole-file model.
        let parsed = own::paths::codeowners::parse(&format!("{raw} @owner\n"));
        assert_eq!(parsed.entries.len(), 1, "{name}: {parsed:?}");
        let model = own::paths::codeowners::GitLabModel::new(&parsed);
        let mut winners = Vec::new();
        for (path, expected) in paths {
            checked += 1;
            let expected = expected.as_bool().unwrap_or_default();
            let line = own::paths::codeowners::gitlab_owner_of(&[(raw, ())], path).is_some();
            let _ = model.winners(path, &mut winners);
            let whole = !winners.is_empty();
            if line != expected || whole != expected {
                wrong.push(format!(
                    "{name}: `{raw}` on `{path}`: GitLab {expected}, model {line} (whole file {whole})"
                ));
            }
        }
    }
    assert_eq!(checked, 71, "the table has 71 paths");
    no_disagreements(&wrong);
}
