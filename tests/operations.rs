//! Operations rules across date boundaries: absences, handoffs and due dates, judged with
//! `--at`.

use crate::util::{codes, json, org, own_in, run};

const ORG: &str = "\
people:
  ann: { name: Ann, skills: [dns], away: [{ from: 2026-12-20, to: 2027-01-04 }] }
  ben: { name: Ben, skills: [dns] }
duties:
  dns:
    accountable: ann
    responsible: ann
    skills: [dns]
    escalation: [ann]
handoffs:
  winter:
    from: ann
    to: ben
    duties: [dns]
    from-date: 2027-01-02
    to-date: 2027-01-10
delegations:
  zone-audit:
    duty: dns
    from: ann
    to: ben
    expect: Audit the zone files
    due: 2027-02-01T14:00
    report-to: ann
";

fn codes_at(at: &str) -> Vec<String> {
    let dir = org(&[("own.yaml", ORG)]);
    let (code, stdout, stderr) =
        run(own_in(dir.path()).args(["check", "--format", "json", "--at", at]));
    assert_ne!(code, 2, "{stdout}{stderr}");
    codes(&json(&stdout))
}

#[test]
fn absences_count_from_their_first_to_their_last_day() {
    let uncovered = "own::uncovered-absence";
    let dead_end = "own::escalation-dead-end";
    let unacknowledged = "own::handoff-unacknowledged";
    // The absence is looked at 14 days ahead (`policy.absence-notice`), the first day included.
    assert_eq!(codes_at("2026-12-05"), Vec::<String>::new());
    assert_eq!(codes_at("2026-12-06"), [uncovered]);
    // The handoff starting on 2 January is 14 days away: its receiver must say yes now.
    assert_eq!(codes_at("2026-12-19"), [uncovered, unacknowledged]);
    assert_eq!(
        codes_at("2026-12-20"),
        [uncovered, dead_end, unacknowledged]
    );
    // From 2 January the acknowledged-less handoff to Ben covers the duty to the end.
    assert_eq!(
        codes_at("2027-01-01"),
        [uncovered, dead_end, unacknowledged]
    );
    assert_eq!(codes_at("2027-01-02"), [unacknowledged]);
    assert_eq!(codes_at("2027-01-05"), [unacknowledged]);
}

#[test]
fn the_absence_notice_is_a_policy() {
    let dir = org(&[("own.yaml", &format!("policy:\n  absence-notice: 1d\n{ORG}"))]);
    let check = |at: &str| {
        let (_, stdout, _) =
            run(own_in(dir.path()).args(["check", "--format", "json", "--at", at]));
        codes(&json(&stdout))
    };
    assert_eq!(check("2026-12-18"), Vec::<String>::new());
    assert_eq!(check("2026-12-19"), ["own::uncovered-absence"]);
    let dir = org(&[(
        "own.yaml",
        &format!("policy:\n  absence-notice: soon\n{ORG}"),
    )]);
    let (code, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 1, "{stdout}");
    assert!(codes(&json(&stdout)).contains(&"own::invalid-value".to_owned()));
}

#[test]
fn handoffs_are_in_effect_from_their_first_to_their_last_day() {
    assert_eq!(codes_at("2027-01-10"), ["own::handoff-unacknowledged"]);
    assert_eq!(codes_at("2027-01-11"), Vec::<String>::new());
}

#[test]
fn due_times_are_compared_to_the_minute() {
    assert_eq!(codes_at("2027-02-01T13:59"), Vec::<String>::new());
    assert_eq!(codes_at("2027-02-01T14:01"), ["own::delegation-overdue"]);
    assert_eq!(codes_at("2027-02-02"), ["own::delegation-overdue"]);
}

#[test]
fn operations_findings_in_human_form() {
    let dir = org(&[("own.yaml", ORG)]);
    let (_, stdout, _) = run(own_in(dir.path()).args(["check", "--at", "2027-01-01"]));
    insta::assert_snapshot!("operations_escalation_dead_end", stdout);
}
