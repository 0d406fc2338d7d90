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
    assert_eq!(codes_at("2026-12-19"), Vec::<String>::new());
    assert_eq!(codes_at("2026-12-20"), ["own::escalation-dead-end"]);
    // From 2 January the acknowledged-less handoff to Ben covers the duty.
    assert_eq!(codes_at("2027-01-01"), ["own::escalation-dead-end"]);
    assert_eq!(codes_at("2027-01-02"), ["own::handoff-unacknowledged"]);
    assert_eq!(codes_at("2027-01-05"), ["own::handoff-unacknowledged"]);
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
