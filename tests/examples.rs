//! Every bundled example: the three orgs pass, the broken ones produce exactly their codes.

use std::collections::BTreeSet;

use crate::util::{codes, json, own_in, project, run};

fn check(org: &str) -> (i32, serde_json::Value) {
    let dir = project().join("examples").join(org);
    let (code, stdout, stderr) = run(own_in(&dir).args(["check", "--format", "json"]));
    assert_ne!(code, 2, "{org}: {stdout}{stderr}");
    (code, json(&stdout))
}

#[test]
fn realistic_orgs_have_no_findings() {
    for org in ["soc", "helpdesk", "infra"] {
        let (code, report) = check(org);
        assert_eq!(code, 0, "{org}");
        assert_eq!(codes(&report), Vec::<String>::new(), "{org}: {report:#}");
        assert!(
            report["summary"]["duties"].as_u64().is_some_and(|n| n >= 6),
            "{org}"
        );
    }
}

#[test]
fn broken_org_fires_every_rule() {
    let (code, report) = check("broken");
    assert_eq!(code, 1);
    let found: BTreeSet<String> = codes(&report).into_iter().collect();
    let expected: BTreeSet<String> = [
        "own::one-accountable",
        "own::accountable-not-person",
        "own::no-responsible",
        "own::unknown-reference",
        "own::duplicate-id",
        "own::unknown-field",
        "own::invalid-value",
        "own::departed-owner",
        "own::empty-team",
        "own::manager-cycle",
        "own::team-cycle",
        "own::unused-waiver",
        "own::expired-waiver",
        "own::unowned-path",
        "own::path-conflict",
        "own::dead-pattern",
        "own::dead-include",
        "own::ignored-file",
        "own::invalid-pattern",
        "own::unowned-alert",
        "own::alert-conflict",
        "own::unowned-receiver",
        "own::misrouted-alert",
        "own::alert-owner-label",
        "own::escalation-dead-end",
        "own::drive-by-delegation",
        "own::delegation-overdue",
        "own::invalid-delegation",
        "own::skill-mismatch",
        "own::handoff-unacknowledged",
        "own::handoff-unavailable",
        "own::handoff-overlap",
        "own::handoff-not-held",
        "own::invalid-range",
        "own::uncovered-absence",
        "own::max-accountable",
        "own::single-point-of-failure",
        "own::stale-review",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(found, expected);

    let (code, report) = check("broken-scheme");
    assert_eq!(code, 1);
    let found: BTreeSet<String> = codes(&report).into_iter().collect();
    assert_eq!(
        found,
        ["own::role-cardinality", "own::accountable-not-person"]
            .into_iter()
            .map(String::from)
            .collect()
    );
}

#[test]
fn broken_org_human_output() {
    let dir = project().join("examples/broken");
    let (_, stdout, _) = run(own_in(&dir).arg("check"));
    insta::assert_snapshot!("broken_human", stdout);
}
