//! `own who`: duties, people and teams in every format on every example; dates, handoffs,
//! absences; unknown names; the JSON contract.

use crate::util::{PEOPLE, json, org, own_in, project, run};

/// The queries shown for each example: a duty, a person and a team.
const QUERIES: &[(&str, &[&str])] = &[
    ("soc", &["siem-alert-triage", "hana", "team:soc"]),
    ("helpdesk", &["ticket-triage", "lucy", "tier2"]),
    ("infra", &["backups", "connor", "network"]),
];

fn who(org: &str, args: &[&str]) -> (i32, String, String) {
    let dir = project().join("examples").join(org);
    run(own_in(&dir).arg("who").args(args))
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
        serde_json::json!(["SiemCorrelation*", "SiemUeba*"])
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

#[test]
fn paths_and_alerts_are_not_matched_yet() {
    // TODO(paths): issue 4 answers these; until then they are names that name nothing.
    let (code, _, stderr) = who("soc", &["path:playbooks/triage/x.md"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no path named"), "{stderr}");
    let (code, _, stderr) = who("soc", &["alert:SiemCorrelationBruteForce"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no alert named"), "{stderr}");
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

#[test]
fn values_are_escaped_in_markdown_and_nothing_breaks_on_odd_input() {
    let dir = org(&[(
        "own.yaml",
        &format!(
            "{PEOPLE}duties:\n  odd:\n    title: \"<script>alert(1)</script> | *bold*\"\n    accountable: carol\n    responsible: [ghost]\n"
        ),
    )]);
    let (code, stdout, _) = run(own_in(dir.path()).args(["who", "odd", "--format", "markdown"]));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*bold\\*"),
        "{stdout}"
    );
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
