//! `own check`: each rule's finding at the right place, in every format.

use crate::util::{PEOPLE, codes, json, org, own_in, run};

/// One broken organisation and where its finding must point.
struct Case {
    name: &'static str,
    /// Files besides `own.yaml` (which holds `PEOPLE`).
    files: &'static [(&'static str, &'static str)],
    code: &'static str,
    file: &'static str,
    line: u64,
    column: u64,
}

const CASES: &[Case] = &[
    Case {
        name: "two_accountables",
        files: &[(
            "duties/vpn.own.yaml",
            "duties:\n  vpn-renewal:\n    title: Renew the VPN certificate\n    accountable: [alice, bob]\n    responsible: soc\n",
        )],
        code: "own::one-accountable",
        file: "duties/vpn.own.yaml",
        line: 4,
        column: 19,
    },
    Case {
        name: "no_accountable",
        files: &[(
            "duties/vpn.own.yaml",
            "duties:\n  vpn-renewal:\n    responsible: soc\n",
        )],
        code: "own::one-accountable",
        file: "duties/vpn.own.yaml",
        line: 2,
        column: 3,
    },
    Case {
        name: "team_accountable",
        files: &[(
            "duties/vpn.own.yaml",
            "duties:\n  vpn-renewal:\n    accountable: soc\n    responsible: soc\n",
        )],
        code: "own::accountable-not-person",
        file: "duties/vpn.own.yaml",
        line: 3,
        column: 18,
    },
    Case {
        name: "misspelled_person",
        files: &[(
            "duties/vpn.own.yaml",
            "duties:\n  vpn-renewal:\n    accountable: alcie\n    responsible: soc\n",
        )],
        code: "own::unknown-reference",
        file: "duties/vpn.own.yaml",
        line: 3,
        column: 18,
    },
    Case {
        name: "misspelled_field",
        files: &[(
            "duties/vpn.own.yaml",
            "duties:\n  vpn-renewal:\n    accountable: alice\n    responsible: soc\n    titel: Renew the VPN certificate\n",
        )],
        code: "own::unknown-field",
        file: "duties/vpn.own.yaml",
        line: 5,
        column: 5,
    },
    Case {
        name: "duplicate_id",
        files: &[
            (
                "duties/a.own.yaml",
                "duties:\n  backups:\n    accountable: alice\n    responsible: soc\n",
            ),
            (
                "duties/b.own.yaml",
                "duties:\n  restores:\n    accountable: bob\n    responsible: soc\n  backups:\n    accountable: bob\n    responsible: soc\n",
            ),
        ],
        code: "own::duplicate-id",
        file: "duties/b.own.yaml",
        line: 5,
        column: 3,
    },
    Case {
        name: "departed_owner",
        files: &[(
            "people.own.yaml",
            "people:\n  dave: { name: Dave, status: left }\nduties:\n  certs:\n    accountable: dave\n    responsible: soc\n",
        )],
        code: "own::departed-owner",
        file: "people.own.yaml",
        line: 5,
        column: 18,
    },
    Case {
        name: "manager_cycle",
        files: &[(
            "people.own.yaml",
            "people:\n  erin: { manager: frank }\n  frank: { manager: erin }\n",
        )],
        code: "own::manager-cycle",
        file: "people.own.yaml",
        line: 2,
        column: 20,
    },
];

fn case_org(case: &Case) -> tempfile::TempDir {
    let mut files = vec![("own.yaml", PEOPLE)];
    files.extend_from_slice(case.files);
    org(&files)
}

#[test]
fn each_case_gives_exactly_its_finding_in_json() {
    for case in CASES {
        let dir = case_org(case);
        let (code, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
        assert_eq!(code, 1, "{}: exit code", case.name);
        let report = json(&stdout);
        assert_eq!(codes(&report), [case.code], "{}: codes", case.name);
        let finding = &report["findings"][0];
        assert_eq!(finding["file"], case.file, "{}", case.name);
        assert_eq!(finding["line"], case.line, "{}", case.name);
        assert_eq!(finding["column"], case.column, "{}", case.name);
        assert_eq!(finding["level"], "deny", "{}", case.name);
    }
}

#[test]
fn each_case_points_at_the_same_place_in_every_format() {
    for case in CASES {
        let dir = case_org(case);
        let place = format!("{}:{}:{}", case.file, case.line, case.column);

        let (code, short, _) = run(own_in(dir.path()).args(["check", "--format", "short"]));
        assert_eq!(code, 1);
        assert!(
            short.starts_with(&format!("{place}: deny[{}] ", case.code)),
            "{}: short output:\n{short}",
            case.name
        );

        let (_, human, _) = run(own_in(dir.path()).args(["check", "--format", "human"]));
        assert!(human.contains(case.code), "{}: human:\n{human}", case.name);
        assert!(
            human.contains(&format!("[{place}]")),
            "{}: human:\n{human}",
            case.name
        );

        let (_, github, _) = run(own_in(dir.path()).args(["check", "--format", "github"]));
        let expected = format!(
            "::error file={},line={},col={},",
            case.file, case.line, case.column
        );
        assert!(
            github.starts_with(&expected),
            "{}: github:\n{github}",
            case.name
        );
        assert!(
            github.contains(&format!("title={}::", case.code.replace(':', "%3A"))),
            "{}: github:\n{github}",
            case.name
        );

        let (_, sarif, _) = run(own_in(dir.path()).args(["check", "--format", "sarif"]));
        let sarif = json(&sarif);
        let result = &sarif["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], case.code, "{}", case.name);
        assert_eq!(result["level"], "error");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], case.file);
        assert_eq!(location["region"]["startLine"], case.line);
        assert_eq!(location["region"]["startColumn"], case.column);
    }
}

#[test]
fn human_output_of_each_case() {
    for case in CASES {
        let dir = case_org(case);
        let (_, stdout, _) = run(own_in(dir.path()).arg("check"));
        insta::assert_snapshot!(format!("human_{}", case.name), stdout);
    }
}

#[test]
fn human_output_of_the_other_rules() {
    let fixtures: &[(&str, &str)] = &[
        (
            "role_cardinality",
            "scheme:\n  roles:\n    driver: { min: 1, max: 1, person: true }\n    approver: { accountable: true }\n    contributors: {}\npeople:\n  a: {}\n  b: {}\nduties:\n  launch:\n    approver: a\n    driver: [a, b]\n",
        ),
        (
            "no_responsible",
            "people:\n  a: {}\nduties:\n  backups:\n    accountable: a\n",
        ),
        (
            "empty_team",
            "people:\n  a: {}\nteams:\n  ghost: { name: Ghost Team, lead: a }\n",
        ),
        (
            "unused_waiver",
            "waivers:\n  - rule: own::empty-team\n    target: ops\n    reason: being staffed\n    until: 2027-01-31\npeople:\n  a: {}\nteams:\n  ops: { members: [a] }\n",
        ),
        (
            "expired_waiver",
            "waivers:\n  - rule: own::empty-team\n    target: ops\n    reason: being staffed\n    until: 2026-10-31\nteams:\n  ops: {}\n",
        ),
    ];
    for (name, own_yaml) in fixtures {
        let dir = org(&[("own.yaml", own_yaml)]);
        let (_, stdout, _) = run(own_in(dir.path()).arg("check"));
        insta::assert_snapshot!(format!("human_{name}"), stdout);
    }
}

#[test]
fn json_contract_has_every_documented_field() {
    let dir = case_org(&CASES[0]);
    let (_, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    let report = json(&stdout);
    assert_eq!(report["version"], 1);
    let root = report["root"].as_str().unwrap_or_default();
    assert!(std::path::Path::new(root).is_absolute(), "root {root}");
    let finding = &report["findings"][0];
    for field in [
        "code",
        "level",
        "message",
        "help",
        "target",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "related",
    ] {
        assert!(
            finding.get(field).is_some(),
            "missing `{field}` in {finding}"
        );
    }
    assert_eq!(
        finding["message"],
        "duty `vpn-renewal` has 2 accountable owners"
    );
    assert_eq!(finding["target"], "vpn-renewal");
    assert_eq!(finding["end_line"], 4);
    assert_eq!(finding["end_column"], 29);
    assert_eq!(finding["related"][0]["message"], "duty defined here");
    assert_eq!(finding["related"][0]["line"], 2);
    let summary = &report["summary"];
    assert_eq!(summary["deny"], 1);
    assert_eq!(summary["warn"], 0);
    assert_eq!(summary["files"], 2);
    assert_eq!(summary["people"], 3);
    assert_eq!(summary["teams"], 1);
    assert_eq!(summary["duties"], 1);
}

#[test]
fn clean_org_exits_zero() {
    let dir = org(&[(
        "own.yaml",
        &format!("{PEOPLE}duties:\n  triage:\n    accountable: carol\n    responsible: soc\n"),
    )]);
    let (code, stdout, stderr) = run(own_in(dir.path()).arg("check"));
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, "✓ no findings (1 file, 3 people, 1 team, 1 duty)\n");
    let (code, stdout, _) = run(own_in(dir.path()).args(["check", "-q"]));
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn root_is_found_by_walking_up() {
    let dir = org(&[("own.yaml", PEOPLE), ("deep/er/x.txt", "not yaml")]);
    let (code, stdout, _) = run(crate::util::own()
        .current_dir(dir.path().join("deep/er"))
        .args(["check", "--format", "json"]));
    assert_eq!(code, 0);
    let report = json(&stdout);
    let root = std::fs::canonicalize(dir.path()).unwrap_or_default();
    assert_eq!(report["root"], root.display().to_string());
}

#[test]
fn relative_include_globs_select_files() {
    let dir = org(&[
        (
            "own.yaml",
            "include: [\"teams/*.own.yaml\"]\npeople:\n  a: {}\n",
        ),
        ("teams/x.own.yaml", "teams:\n  t: { members: [a] }\n"),
        (
            "teams/deeper/y.own.yaml",
            "teams:\n  u: { members: [zz] }\n",
        ),
        ("other.own.yaml", "teams:\n  v: { members: [zz] }\n"),
    ]);
    let (code, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(json(&stdout)["summary"]["teams"], 1);
}

/// The SARIF 2.1.0 schema (OASIS), as published with `@microsoft/jest-sarif`.
fn sarif_validator() -> jsonschema::Validator {
    let path = crate::util::project().join("tests/schema/sarif-2.1.0.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    // The rtm.5 text has a stray `]` in `language`'s pattern, which a strict regex check
    // rejects; the OASIS standard's final schema reads as below.
    let text = text.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    jsonschema::validator_for(&json(&text)).unwrap_or_else(|e| panic!("SARIF schema: {e}"))
}

fn assert_valid_sarif(validator: &jsonschema::Validator, log: &serde_json::Value) {
    let errors: Vec<String> = validator.iter_errors(log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}\n{log:#}");
}

#[test]
fn sarif_findings_follow_the_schema() {
    let validator = sarif_validator();
    let wrong_level = serde_json::json!({"version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "own"}},
        "results": [{"message": {"text": "x"}, "level": "deny"}],
    }]});
    assert!(
        !validator.is_valid(&wrong_level),
        "the schema checks levels"
    );
    for case in CASES {
        let dir = case_org(case);
        let (_, sarif, _) = run(own_in(dir.path()).args(["check", "--format", "sarif"]));
        assert_valid_sarif(&validator, &json(&sarif));
    }
}

/// An ownership root one folder down in a git repository, with a YAML syntax error in an
/// included file: the error must reach every format, with its place, and exit 2.
fn broken_yaml_org() -> tempfile::TempDir {
    let dir = org(&[
        ("org/own.yaml", "include: [\"teams/*.own.yaml\"]\n"),
        (
            "org/teams/soc.own.yaml",
            "people:\n  alice: {name: Alice\n  bob: [\n",
        ),
    ]);
    crate::util::git_add_all(dir.path(), &[]);
    dir
}

#[test]
fn fatal_errors_reach_every_format() {
    let dir = broken_yaml_org();
    let root = dir.path().join("org");
    let check = |format: &str| run(own_in(&root).args(["check", "--format", format]));

    let (code, short, _) = check("short");
    assert_eq!(code, 2);
    assert!(
        short.starts_with("teams/soc.own.yaml:3:6: error[own::yaml-syntax] invalid YAML"),
        "{short}"
    );
    assert_eq!(short.lines().count(), 1, "{short}");

    // Annotations name files from the top of the repository, as GitHub shows them.
    let (code, github, stderr) = check("github");
    assert_eq!(code, 2);
    assert!(
        github.starts_with(
            "::error file=org/teams/soc.own.yaml,line=3,col=6,endLine=3,endColumn=6,\
             title=own%3A%3Ayaml-syntax::invalid YAML"
        ),
        "{github}"
    );
    assert!(github.contains("%0Ahelp: "), "{github}");
    assert!(stderr.contains("[teams/soc.own.yaml:3:6]"), "{stderr}");

    let (code, sarif, _) = check("sarif");
    assert_eq!(code, 2);
    let log = json(&sarif);
    assert_valid_sarif(&sarif_validator(), &log);
    let run_ = &log["runs"][0];
    let invocation = &run_["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(invocation["exitCode"], 2);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(notification["descriptor"]["id"], "own::yaml-syntax");
    let result = &run_["results"][0];
    assert_eq!(result["ruleId"], "own::yaml-syntax");
    assert_eq!(run_["tool"]["driver"]["rules"][0]["id"], "own::yaml-syntax");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "org/teams/soc.own.yaml"
    );
    assert_eq!(location["region"]["startLine"], 3);
    assert_eq!(location["region"]["startColumn"], 6);

    let (code, human, stderr) = check("human");
    assert_eq!((code, human.as_str()), (2, ""));
    assert!(stderr.contains("own::yaml-syntax"), "{stderr}");
}

#[test]
fn unlocated_fatal_errors_reach_every_format() {
    let dir = org(&[("readme.txt", "no manifest here")]);
    let check = |format: &str| run(own_in(dir.path()).args(["check", "--format", format]));
    let (code, short, _) = check("short");
    assert_eq!(code, 2);
    assert!(
        short.starts_with("own: error[own::no-manifest] "),
        "{short}"
    );
    let (code, github, _) = check("github");
    assert_eq!(code, 2);
    assert!(
        github.starts_with("::error title=own%3A%3Ano-manifest::"),
        "{github}"
    );
    let (code, sarif, _) = check("sarif");
    assert_eq!(code, 2);
    let log = json(&sarif);
    assert_valid_sarif(&sarif_validator(), &log);
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "own::no-manifest");
}

#[test]
fn an_include_typo_fails_the_gate_and_names_the_ignored_files() {
    let dir = org(&[
        (
            "own.yaml",
            "include: [\"owners/**/*.own.yaml\"]\npeople:\n  a: {}\n",
        ),
        (
            "ownership/duties.own.yaml",
            "duties:\n  triage:\n    accountable: a\n",
        ),
    ]);
    let (code, short, _) = run(own_in(dir.path()).args(["check", "--format", "short"]));
    assert_eq!(code, 1, "{short}");
    assert_eq!(
        short,
        "own.yaml:1:11: deny[own::dead-include] include glob `owners/**/*.own.yaml` matches no file, so it loads nothing\n\
         ownership/duties.own.yaml: warn[own::ignored-file] `ownership/duties.own.yaml` looks like an ownership file, but no `include` glob selects it\n"
    );
    let (_, report, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    let report = json(&report);
    let ignored = report["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["code"] == "own::ignored-file"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        ignored["help"],
        "add `ownership/*.own.yaml` to `include` in own.yaml, or rename the file to match a glob"
    );
}

#[test]
fn every_file_with_a_syntax_error_is_reported_in_one_run() {
    let dir = org(&[
        (
            "own.yaml",
            "include: [\"teams/*.own.yaml\"]\npeople:\n  a: {}\n",
        ),
        ("teams/one.own.yaml", "people:\n  b: [\n"),
        ("teams/ok.own.yaml", "people:\n  c: {}\n"),
        ("teams/two.own.yaml", "duties:\n  x: {accountable: a\n"),
    ]);
    let check = |format: &str| run(own_in(dir.path()).args(["check", "--format", format]));
    let (code, short, _) = check("short");
    assert_eq!(code, 2);
    let places: Vec<&str> = short
        .lines()
        .map(|l| l.split(": ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        places,
        ["teams/one.own.yaml:2:6", "teams/two.own.yaml:2:6"],
        "{short}"
    );

    let (_, report, _) = check("json");
    let report = json(&report);
    assert_eq!(
        report["error"]["file"], "teams/one.own.yaml",
        "the first stays `error`"
    );
    let files: Vec<&str> = report["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["file"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(files, ["teams/one.own.yaml", "teams/two.own.yaml"]);

    let (_, github, _) = check("github");
    assert_eq!(
        github
            .lines()
            .filter(|l| l.starts_with("::error file="))
            .count(),
        2,
        "{github}"
    );

    let (_, sarif, _) = check("sarif");
    let log = json(&sarif);
    assert_valid_sarif(&sarif_validator(), &log);
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(2));
    let notes = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes.as_array().map(Vec::len), Some(2));

    let (code, _, stderr) = check("human");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("[teams/one.own.yaml:2:6]") && stderr.contains("[teams/two.own.yaml:2:6]"),
        "{stderr}"
    );
    assert!(stderr.contains("✗ 2 errors"), "{stderr}");
}

#[test]
fn sarif_uris_are_percent_encoded() {
    let dir = org(&[
        (
            "own.yaml",
            "include: [\"**/*.own.yaml\"]\npeople:\n  a: {}\n",
        ),
        (
            "odd dir/a b#c%.own.yaml",
            "duties:\n  d: { responsible: a }\n",
        ),
    ]);
    let (code, sarif, _) = run(own_in(dir.path()).args(["check", "--format", "sarif"]));
    assert_eq!(code, 1, "{sarif}");
    let log = json(&sarif);
    assert_valid_sarif(&sarif_validator(), &log);
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "odd%20dir/a%20b%23c%25.own.yaml");
}
