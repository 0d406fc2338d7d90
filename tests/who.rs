//! `own who`: duties, people and teams in every format on every example; dates, handoffs,
//! absences; unknown names; the JSON contract.

use std::path::Path;

use crate::util::{copy_dir, git_add_all, json, org, own_in, project, run, str_pairs, write};

/// The queries shown for each example: a duty, a person, a team, a path and an alert.
const QUERIES: &[(&str, &[&str])] = &[
    (
        "soc",
        &[
            "siem-alert-triage",
            "hana",
            "team:soc",
            "detections/windows/suspicious_powershell.sigma.yml",
            "SiemIngestLag",
        ],
    ),
    (
        "helpdesk",
        &[
            "ticket-triage",
            "lucy",
            "tier2",
            "software-catalog/packages/7zip.pkg.yaml",
            "AccountLockoutSpike",
        ],
    ),
    (
        "infra",
        &[
            "backups",
            "connor",
            "network",
            "terraform/dns/zones/corp.example.com.zone",
            "BackupJobFailed",
        ],
    ),
];

/// `own who …` in a copy of an example outside any git repository, so that repository paths
/// do not depend on where the project is checked out.
fn who(org: &str, args: &[&str]) -> (i32, String, String) {
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = temp.path().join(org);
    std::fs::create_dir(&root).unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&project().join("examples").join(org), &root);
    run(own_in(&root).arg("who").args(args))
}

/// `$ own who …` and its output, for each query.
fn transcript(org: &str, queries: &[&str], format: &str) -> String {
    let mut text = String::new();
    for query in queries {
        let (code, stdout, stderr) = who(org, &[query, "--format", format]);
        assert_eq!(code, 0, "{org} {query} {format}: {stdout}{stderr}");
        text.push_str(&format!("$ own who {query} --format {format}\n{stdout}\n"));
    }
    text
}

#[test]
fn every_example_in_every_format() {
    for (org, queries) in QUERIES {
        for format in ["human", "json", "markdown"] {
            let name = format!("{org}_{format}");
            insta::assert_snapshot!(name, transcript(org, queries, format));
        }
    }
}

#[test]
fn duty_json_follows_the_contract() {
    let (code, stdout, _) = who("soc", &["siem-alert-triage", "--format", "json"]);
    assert_eq!(code, 0);
    let v = json(&stdout);
    assert_eq!(v["version"], 1);
    assert_eq!(v["kind"], "duty");
    assert_eq!(v["id"], "siem-alert-triage");
    assert_eq!(
        v["title"],
        "Triage SIEM correlation alerts within 15 minutes, 24x7"
    );
    assert_eq!(
        v["roles"],
        serde_json::json!({
            "accountable": ["marcus"],
            "responsible": ["soc"],
            "consulted": ["detection-eng"],
            "informed": ["incident-response"],
        })
    );
    assert_eq!(
        v["escalation"],
        serde_json::json!(["soc", "marcus", "tomas", "nadia"])
    );
    assert_eq!(v["covering"], serde_json::json!([]));
    assert_eq!(v["delegations"], serde_json::json!([]));
    assert_eq!(v["paths"], serde_json::json!(["/playbooks/triage/"]));
    assert_eq!(
        v["alerts"],
        serde_json::json!(["SiemCorrelation*", "SiemUeba*", "Encoded PowerShell*"])
    );
    assert_eq!(v["file"], "duties/detect-respond.own.yaml");
    assert_eq!(v["line"], 2);
}

#[test]
fn person_and_team_json_follow_the_contract() {
    let (_, stdout, _) = who("soc", &["hana", "--format", "json"]);
    let v = json(&stdout);
    assert_eq!(
        (v["version"].clone(), v["kind"].clone()),
        (1.into(), "person".into())
    );
    assert_eq!(
        (v["id"].as_str(), v["name"].as_str()),
        (Some("hana"), Some("Hana Novak"))
    );
    assert_eq!(v["teams"], serde_json::json!(["detection-eng"]));
    let roles = v["roles"].as_array().cloned().unwrap_or_default();
    assert!(roles.contains(&serde_json::json!(
        {"duty": "edr-alert-triage", "role": "consulted", "via": null}
    )));
    assert!(roles.contains(&serde_json::json!(
        {"duty": "detection-engineering", "role": "responsible", "via": "detection-eng"}
    )));
    assert_eq!(v["delegations"][0]["id"], "ransomware-detections-q4");

    let (_, stdout, _) = who("soc", &["team:soc", "--format", "json"]);
    let v = json(&stdout);
    assert_eq!(v["kind"], "team");
    assert_eq!(v["lead"], "marcus");
    assert_eq!(
        v["members"],
        serde_json::json!(["jamal", "sofia", "kenji", "aisha"])
    );
    assert_eq!(
        v["roles"][0],
        serde_json::json!(
            {"duty": "siem-alert-triage", "role": "responsible", "via": null}
        )
    );
}

#[test]
fn a_duty_and_a_team_sharing_a_name() {
    // `incident-response` is a duty and a team: the duty wins, the team is one prefix away.
    let (code, stdout, _) = who("soc", &["incident-response"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("duty incident-response"), "{stdout}");
    assert!(
        stdout.contains("`own who team:incident-response`"),
        "{stdout}"
    );
    let (_, stdout, _) = who("soc", &["team:incident-response", "--format", "json"]);
    assert_eq!(json(&stdout)["kind"], "team");
    let (_, stdout, _) = who("soc", &["duty:incident-response", "--format", "json"]);
    let v = json(&stdout);
    assert_eq!(
        (v["kind"].as_str(), v["also"].clone()),
        (Some("duty"), serde_json::json!(["team"]))
    );
}

#[test]
fn handoffs_and_absences_as_of_a_date() {
    // Tomás is on parental leave from 2027-02-01; Diego is incident commander of record.
    let dir = project().join("examples/soc");
    let (code, stdout, _) = run(own_in(&dir).args([
        "--at",
        "2027-02-05",
        "who",
        "incident-response",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0);
    let v = json(&stdout);
    assert_eq!(v["date"], "2027-02-05");
    assert_eq!(
        v["covering"][0],
        serde_json::json!({
            "role": "accountable", "from": "tomas", "to": "diego",
            "handoff": "tomas-parental-leave", "via": null,
            "from_date": "2027-02-01", "to_date": "2027-02-19",
        })
    );
    assert_eq!(v["away"][0]["person"], "tomas");
    assert_eq!(v["away"][0]["covered_by"], "diego");
    // The escalation chain marks him away, and says who covers.
    assert_eq!(
        v["escalation_steps"][1],
        serde_json::json!({
            "id": "tomas", "reason": "listed", "presence": "away", "covered_by": "diego",
        })
    );
    // The day before, nothing is handed off.
    let (_, stdout, _) = run(own_in(&dir).args([
        "--at",
        "2027-01-31",
        "who",
        "incident-response",
        "--format",
        "json",
    ]));
    assert_eq!(json(&stdout)["covering"], serde_json::json!([]));

    // Kenji's winter holiday shows on the triage duty his team does.
    let (_, stdout, _) = run(own_in(&dir).args(["--at", "2026-12-22", "who", "siem-alert-triage"]));
    assert!(
        stdout.contains("covering     on 2026-12-22: kenji away until 2027-01-04 (Winter holiday)"),
        "{stdout}"
    );
    let (_, stdout, _) = run(own_in(&dir).args(["--at", "2027-02-05", "who", "diego"]));
    insta::assert_snapshot!("diego_covering", stdout);
    let (_, stdout, _) = run(own_in(&dir).args(["--at", "2027-02-05", "who", "incident-response"]));
    insta::assert_snapshot!("incident_response_on_leave", stdout);
}

/// Alice is away over the holidays and hands alert triage to Bob; nobody takes her patching.
const HOLIDAYS: &str = "\
people:
  alice:
    name: Alice Ng
    manager: carol
    away: [{ from: 2026-12-20, to: 2027-01-04, reason: Parental leave }]
  bob: { name: Bob Diaz, manager: carol }
  carol: { name: Carol Ito }
duties:
  alert-triage: { accountable: carol, responsible: [alice, bob], escalation: [alice, carol] }
  patch-management: { accountable: alice, responsible: [bob] }
handoffs:
  alice-parental-leave:
    from: alice
    to: bob
    duties: [alert-triage]
    from-date: 2026-12-20
    to-date: 2027-01-04
    acknowledged: true
";

#[test]
fn who_covers_for_alice_on_24_december() {
    let dir = org(&[("own.yaml", HOLIDAYS)]);
    let at = |date: &str, args: &[&str]| {
        let (code, stdout, stderr) = run(own_in(dir.path()).args(["--at", date, "who"]).args(args));
        assert_eq!(code, 0, "{stderr}");
        stdout
    };
    let card = at("2026-12-24", &["alice"]);
    assert!(
        card.contains(
            "status       on 2026-12-24: away 2026-12-20 to 2027-01-04 (Parental leave)\n\
             \x20            covered by bob for alert-triage (handoff alice-parental-leave, until 2027-01-04)\n\
             \x20            not handed off: patch-management (accountable)\n"
        ),
        "{card}"
    );
    insta::assert_snapshot!("alice_on_24_december", card);
    // The first and the last day count; the days around them do not.
    for day in ["2026-12-20", "2027-01-04"] {
        let v = json(&at(day, &["alice", "--format", "json"]));
        assert_eq!(v["away"]["from"], "2026-12-20", "{day}");
        assert_eq!(
            v["covered_by"],
            serde_json::json!([{
                "duty": "alert-triage", "role": "responsible", "via": null,
                "from": "alice", "to": "bob", "handoff": "alice-parental-leave",
            }]),
            "{day}"
        );
        assert_eq!(
            v["not_handed_off"],
            serde_json::json!([{"duty": "patch-management", "role": "accountable", "via": null}])
        );
        let bob = json(&at(day, &["bob", "--format", "json"]));
        assert_eq!(bob["covering_for"][0]["duty"], "alert-triage", "{day}");
        let duty = json(&at(day, &["alert-triage", "--format", "json"]));
        assert_eq!(duty["covering"][0]["to"], "bob", "{day}");
        assert_eq!(duty["escalation_steps"][0]["presence"], "away", "{day}");
        assert_eq!(duty["escalation_steps"][0]["covered_by"], "bob", "{day}");
    }
    for day in ["2026-12-19", "2027-01-05"] {
        let v = json(&at(day, &["alice", "--format", "json"]));
        assert_eq!(v["away"], serde_json::Value::Null, "{day}");
        assert_eq!(v["covered_by"], serde_json::json!([]), "{day}");
        assert_eq!(v["not_handed_off"], serde_json::json!([]), "{day}");
        let duty = json(&at(day, &["alert-triage", "--format", "json"]));
        assert_eq!(duty["escalation_steps"][0]["presence"], "present", "{day}");
    }
    // Before the leave, the card says what is planned.
    let before = at("2026-12-19", &["alice"]);
    assert!(
        before.contains(
            "planned      away 2026-12-20 to 2027-01-04 (Parental leave)\n\
             \x20            hands alert-triage to bob (alice-parental-leave, 2026-12-20 to 2027-01-04)\n"
        ),
        "{before}"
    );
    let bob = at("2026-12-24", &["bob", "--format", "markdown"]);
    assert!(
        bob.contains(
            "- **Handoffs:** covers alert-triage for alice (alice-parental-leave, 2026-12-20 to 2027-01-04)\n"
        ),
        "{bob}"
    );
}

#[test]
fn default_escalation_chain_and_overdue_delegations() {
    // phishing-response has no `escalation:`: responsible, accountable, then managers.
    let (_, stdout, _) = who("soc", &["phishing-response", "--format", "json"]);
    let v = json(&stdout);
    assert_eq!(
        v["escalation"],
        serde_json::json!(["soc", "aisha", "marcus", "nadia"])
    );
    assert_eq!(v["escalation_source"], "default");
    let dir = project().join("examples/soc");
    let (_, stdout, _) = run(own_in(&dir).args([
        "--at",
        "2026-12-16",
        "who",
        "detection-engineering",
        "--format",
        "json",
    ]));
    let v = json(&stdout);
    assert_eq!(v["delegations"][0]["overdue"], true);
}

#[test]
fn unknown_names_exit_one_with_the_nearest() {
    let (code, stdout, stderr) = who("soc", &["hanna"]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "own: no duty, person, team, path or alert named `hanna`\n  help: did you mean `hana`?\n"
    );
    let (code, stdout, _) = who("soc", &["Okafor", "--format", "json"]);
    assert_eq!(code, 1);
    let v = json(&stdout);
    assert_eq!(v["version"], 1);
    assert_eq!(v["error"]["code"], "own::not-found");
    assert_eq!(
        v["error"]["message"],
        "no duty, person, team, path or alert named `Okafor`"
    );
    assert_eq!(v["suggestions"], serde_json::json!(["nadia"]));
    // A forced kind searches that kind only.
    let (code, _, stderr) = who("soc", &["team:hana"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("own: no team named `hana`\n"),
        "{stderr}"
    );
    let (_, _, stderr) = who("soc", &["siem-alert-triag"]);
    assert!(stderr.contains("`siem-alert-triage`"), "{stderr}");
}

/// A repository whose ownership root is its `ops/` folder.
const PATHS_ORG: &str = "\
people:
  alice: { name: Alice Ng, github: alice-ng }
  bob: { name: Bob Diaz }
duties:
  core-code:
    title: Core code
    accountable: alice
    responsible: [bob]
    paths: [\"/src/\", \"*.rs\"]
  networking:
    title: Network stack
    accountable: bob
    responsible: [alice]
    paths: [\"/src/net/\"]
  drivers:
    accountable: alice
    paths: [\"/src/drivers/\"]
  hardware:
    accountable: bob
    paths: [\"/src/drivers/\"]
  everything-else:
    accountable: alice
    paths: [\"*\"]
";

fn paths_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (name, text) in [
        ("ops/own.yaml", PATHS_ORG),
        ("ops/src/main.rs", ""),
        ("ops/src/net/tcp.rs", ""),
        ("ops/src/drivers/usb.c", ""),
        ("ops/Makefile", ""),
        ("README.md", ""),
    ] {
        write(dir.path(), name, text.as_bytes());
    }
    git_add_all(dir.path(), &[]);
    dir
}

#[test]
fn a_path_names_its_duty_the_winning_pattern_and_the_patterns_it_beat() {
    let repo = paths_repo();
    let root = repo.path().join("ops");
    let path_json = |dir: &Path, query: &str| {
        let (code, stdout, stderr) = run(own_in(dir).args(["who", query, "--format", "json"]));
        assert_eq!(code, 0, "{query}: {stderr}");
        json(&stdout)
    };
    let v = path_json(&root, "src/net/tcp.rs");
    assert_eq!(v["kind"], "path");
    // Paths in output are repository paths; `defined_at` is relative to the root.
    assert_eq!(v["path"], "ops/src/net/tcp.rs");
    assert_eq!(v["duty"], "networking");
    assert_eq!(v["pattern"], "/src/net/");
    assert_eq!(
        v["defined_at"],
        serde_json::json!({"file": "own.yaml", "line": 14, "column": 13})
    );
    assert_eq!(
        v["roles"],
        serde_json::json!({
            "accountable": ["bob"], "responsible": ["alice"], "consulted": [], "informed": [],
        })
    );
    let beaten: Vec<(&str, &str)> = str_pairs(&v["beaten"], "duty", "pattern");
    assert_eq!(
        beaten,
        [
            ("core-code", "/src/"),
            ("core-code", "*.rs"),
            ("everything-else", "*")
        ]
    );
    assert_eq!(v["conflict"], serde_json::json!([]));
    assert_eq!(
        (v["exists"].as_bool(), v["directory"].as_bool()),
        (Some(true), Some(false))
    );

    // The same file from a subfolder, as an absolute path, and as a repository path.
    let same = |v: &serde_json::Value| (v["path"].clone(), v["duty"].clone());
    let expected = same(&v);
    assert_eq!(same(&path_json(&root.join("src/net"), "tcp.rs")), expected);
    assert_eq!(
        same(&path_json(&root.join("src"), "../src/net/tcp.rs")),
        expected
    );
    let absolute = root.join("src/net/tcp.rs");
    assert_eq!(
        same(&path_json(&root.join("src"), &absolute.to_string_lossy())),
        expected
    );
    assert_eq!(same(&path_json(&root, "ops/src/net/tcp.rs")), expected);

    // A file that does not exist is answered from the patterns.
    let v = path_json(&root, "src/net/udp.rs");
    assert_eq!(
        (v["duty"].as_str(), v["exists"].as_bool()),
        (Some("networking"), Some(false))
    );
    // A file without a `.` that exists is a path.
    assert_eq!(path_json(&root, "Makefile")["duty"], "everything-else");
    // A folder: who owns a new file in it.
    let v = path_json(&root, "src/net");
    assert_eq!(
        (v["path"].as_str(), v["directory"].as_bool()),
        (Some("ops/src/net/"), Some(true))
    );
    assert_eq!(v["duty"], "networking");
}

#[test]
fn unowned_and_conflicting_paths() {
    let repo = paths_repo();
    let root = repo.path().join("ops");
    let (code, stdout, _) =
        run(own_in(&root).args(["who", "src/drivers/usb.c", "--format", "json"]));
    assert_eq!(code, 0);
    let v = json(&stdout);
    assert_eq!(v["duty"], serde_json::Value::Null);
    assert_eq!(v["pattern"], serde_json::Value::Null);
    let tied: Vec<&str> = v["conflict"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["duty"].as_str())
        .collect();
    assert_eq!(tied, ["drivers", "hardware"]);
    assert_eq!(v["beaten"][0]["pattern"], "/src/");
    let (_, human, _) = run(own_in(&root).args(["who", "src/drivers/usb.c"]));
    insta::assert_snapshot!("path_conflict_human", human);

    // Nothing matches outside `/src/` but `*`; drop it and README.md is unowned.
    let dir = org(&[(
        "own.yaml",
        "people:\n  a: {}\nduties:\n  d: { accountable: a, paths: [\"/src/\"] }\n",
    )]);
    let (code, stdout, _) = run(own_in(dir.path()).args(["who", "README.md", "--format", "json"]));
    assert_eq!(code, 0);
    let v = json(&stdout);
    assert_eq!(
        (v["path"].as_str(), v["duty"].as_str()),
        (Some("README.md"), None)
    );
    assert_eq!(
        v["roles"],
        serde_json::json!({"accountable": [], "responsible": [], "consulted": [], "informed": []})
    );
    assert_eq!(v["beaten"], serde_json::json!([]));
    let (_, human, _) = run(own_in(dir.path()).args(["who", "README.md"]));
    assert!(
        human.contains("duty         none: no duty's `paths:` pattern matches it"),
        "{human}"
    );

    // Outside the root: only `path:` says so; otherwise it is a name that names nothing.
    let (code, _, stderr) = run(own_in(&root).args(["who", "path:../README.md"]));
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("own: path `../README.md` is outside the ownership root `"),
        "{stderr}"
    );
    // A typo of a person is not taken for a path, though `*` matches any name.
    let (code, _, stderr) = run(own_in(&root).args(["who", "alcie"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("did you mean `alice`?"), "{stderr}");
}

#[test]
fn path_cards_in_human_and_markdown() {
    let repo = paths_repo();
    let root = repo.path().join("ops");
    let mut text = String::new();
    for args in [
        ["src/net/tcp.rs", "--format", "human"],
        ["src/net/tcp.rs", "--format", "markdown"],
        ["src/net", "--format", "human"],
        ["path:src/new.py", "--format", "human"],
    ] {
        let (code, stdout, stderr) = run(own_in(&root).arg("who").args(args));
        assert_eq!(code, 0, "{stderr}");
        text.push_str(&format!("$ own who {}\n{stdout}\n", args.join(" ")));
    }
    insta::assert_snapshot!("path_cards", text);
}

#[test]
fn alert_names_are_owned_by_patterns_and_defined_in_sources() {
    let dir = org(&[
        (
            "own.yaml",
            "coverage:\n  alerts:\n    - files: [\"monitoring/*.rules.yml\"]\n      format: prometheus\npeople:\n  alice: { name: Alice Ng }\nduties:\n  disks:\n    title: Keep disks from filling up\n    accountable: alice\n    responsible: [alice]\n    alerts: [\"Disk*\", \"DiskFull\"]\n  storage:\n    accountable: alice\n    alerts: [\"D*\"]\n",
        ),
        (
            "monitoring/node.rules.yml",
            "groups:\n  - name: node\n    rules:\n      - alert: DiskFull\n        expr: x\n      - alert: HostDown\n        expr: up == 0\n",
        ),
    ]);
    let alert = |query: &str| {
        let (code, stdout, stderr) =
            run(own_in(dir.path()).args(["who", query, "--format", "json"]));
        assert_eq!(code, 0, "{query}: {stderr}");
        json(&stdout)
    };
    let v = alert("DiskFull");
    assert_eq!(v["kind"], "alert");
    assert_eq!(v["alert"], "DiskFull");
    assert_eq!(
        (v["duty"].as_str(), v["pattern"].as_str()),
        (Some("disks"), Some("DiskFull"))
    );
    assert_eq!(
        v["defined_at"],
        serde_json::json!({"file": "own.yaml", "line": 12, "column": 23})
    );
    assert_eq!(v["roles"]["accountable"], serde_json::json!(["alice"]));
    assert_eq!(v["beaten"][0]["pattern"], "Disk*");
    assert_eq!(v["beaten"][1]["duty"], "storage");
    assert_eq!(
        v["sources"],
        serde_json::json!([{"file": "monitoring/node.rules.yml", "line": 4, "column": 16}])
    );
    // Known from a source, owned by nobody.
    let v = alert("HostDown");
    assert_eq!(v["duty"], serde_json::Value::Null);
    assert_eq!(v["sources"][0]["line"], 6);
    // Matched by a pattern, defined in no source.
    let v = alert("DiskSlow");
    assert_eq!(
        (v["duty"].as_str(), v["sources"].clone()),
        (Some("disks"), serde_json::json!([]))
    );
    // `alert:` forces the kind; a name nothing knows has the nearest alert names.
    let (code, _, stderr) = run(own_in(dir.path()).args(["who", "alert:HostDwn"]));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("no alert named `HostDwn`") && stderr.contains("`HostDown`"),
        "{stderr}"
    );
    let (code, _, stderr) = run(own_in(dir.path()).args(["who", "HostDwn"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("did you mean `HostDown`?"), "{stderr}");
    let mut text = String::new();
    for args in [
        ["DiskFull", "human"],
        ["HostDown", "human"],
        ["DiskFull", "markdown"],
    ] {
        let (_, stdout, _) = run(own_in(dir.path()).args(["who", args[0], "--format", args[1]]));
        text.push_str(&format!(
            "$ own who {} --format {}\n{stdout}\n",
            args[0], args[1]
        ));
    }
    insta::assert_snapshot!("alert_cards", text);
}

#[test]
fn custom_scheme_roles_are_listed_in_scheme_order() {
    let (code, stdout, _) = who("broken-scheme", &["sso-rollout", "--format", "json"]);
    assert_eq!(code, 0);
    // In the order the scheme declares them (serde_json's Value would sort the keys).
    let roles = stdout.split("\"roles\": {").nth(1).unwrap_or_default();
    let mut keys: Vec<&str> = ["driver", "approver", "contributors", "informed"].to_vec();
    keys.sort_by_key(|k| roles.find(&format!("\"{k}\":")).unwrap_or(usize::MAX));
    assert_eq!(keys, ["driver", "approver", "contributors", "informed"]);
}

/// A title that would break a Markdown table, run code, or ping someone in a pull request.
pub(crate) const HOSTILE_TITLE: &str = "<script>alert(1)</script> | *bold* `tick` cc @alice";

#[test]
fn values_are_escaped_in_markdown_and_nothing_breaks_on_odd_input() {
    let dir = org(&[(
        "own.yaml",
        &format!(
            "people:\n  carol: {{ name: Carol Ito, chat: \"@carol.ito\", email: carol@example.com }}\nduties:\n  odd:\n    title: \"{HOSTILE_TITLE}\"\n    accountable: carol\n    responsible: [ghost]\n    paths: [\"/src/\"]\n    alerts: [\"Odd*\"]\n"
        ),
    )]);
    for query in ["odd", "carol", "src/x.rs", "OddAlert"] {
        let (code, stdout, _) =
            run(own_in(dir.path()).args(["who", query, "--format", "markdown"]));
        assert_eq!(code, 0, "{query}");
        // No `@` at all: mentions are written `&#64;`.
        assert!(!stdout.contains('@'), "{query}: {stdout}");
        if query != "carol" {
            assert!(
                stdout.contains(
                    "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*bold\\* \\`tick\\` cc &#64;alice"
                ),
                "{query}: {stdout}"
            );
        }
    }
    let (_, stdout, _) = run(own_in(dir.path()).args(["who", "odd", "--format", "markdown"]));
    assert!(stdout.contains("&#64;carol.ito"), "{stdout}");
    // An id that names nobody is shown as such, not dropped.
    let (_, stdout, _) = run(own_in(dir.path()).args(["who", "odd"]));
    assert!(stdout.contains("ghost"), "{stdout}");
    assert!(stdout.contains("not defined"), "{stdout}");
}

#[test]
fn colour_only_when_asked() {
    let (_, plain, _) = who("soc", &["marcus"]);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let (_, coloured, _) = who("soc", &["marcus", "--color", "always"]);
    assert!(coloured.contains("\u{1b}[1mmarcus\u{1b}[0m"), "{coloured}");
    let (_, matrix, _) = crate::util::run(
        crate::util::own_in(&project().join("examples/soc"))
            .args(["report", "matrix", "--color", "always"]),
    );
    assert!(matrix.contains("\u{1b}[31mA\u{1b}[0m"), "{matrix}");
}
