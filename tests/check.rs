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
