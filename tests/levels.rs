//! Level overrides (`own.yaml` and `-A/-W/-D`) and waivers.

use crate::util::{codes, json, org, own_in, run};

const EMPTY_TEAM: &str = "people:\n  a: {}\nteams:\n  ghost: { lead: a }\n";
const TWO_OWNERS: &str =
    "people:\n  a: {}\n  b: {}\nduties:\n  d:\n    accountable: [a, b]\n    responsible: a\n";

fn check(dir: &std::path::Path, args: &[&str]) -> (i32, Vec<String>, Vec<String>) {
    let (code, stdout, stderr) = run(own_in(dir).args(["check", "--format", "json"]).args(args));
    if code == 2 {
        return (code, Vec::new(), vec![stdout + &stderr]);
    }
    let report = json(&stdout);
    let levels = report["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["level"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default();
    (code, codes(&report), levels)
}

#[test]
fn warnings_pass_and_deny_warnings_fails() {
    let dir = org(&[("own.yaml", EMPTY_TEAM)]);
    assert_eq!(
        check(dir.path(), &[]),
        (0, vec!["own::empty-team".into()], vec!["warn".into()])
    );
    assert_eq!(
        check(dir.path(), &["-D", "warnings"]),
        (1, vec!["own::empty-team".into()], vec!["deny".into()])
    );
}

#[test]
fn command_line_levels_accept_codes_with_or_without_prefix() {
    let dir = org(&[("own.yaml", TWO_OWNERS)]);
    assert_eq!(check(dir.path(), &["-W", "one-accountable"]).0, 0);
    assert_eq!(
        check(dir.path(), &["-A", "own::one-accountable"]).1,
        Vec::<String>::new()
    );
    // The last flag wins.
    assert_eq!(
        check(
            dir.path(),
            &["-A", "one-accountable", "-D", "one-accountable"]
        )
        .0,
        1
    );
    assert_eq!(
        check(
            dir.path(),
            &["-D", "one-accountable", "-A", "one-accountable"]
        )
        .0,
        0
    );
}

#[test]
fn manifest_levels_apply_and_the_command_line_overrides_them() {
    let dir = org(&[(
        "own.yaml",
        &format!("rules:\n  empty-team: deny\n{EMPTY_TEAM}"),
    )]);
    assert_eq!(check(dir.path(), &[]).0, 1);
    assert_eq!(check(dir.path(), &["-W", "own::empty-team"]).0, 0);
    let dir = org(&[(
        "own.yaml",
        &format!("rules:\n  own::one-accountable: allow\n{TWO_OWNERS}"),
    )]);
    assert_eq!(check(dir.path(), &[]), (0, vec![], vec![]));
}

#[test]
fn unknown_codes_are_errors_with_a_suggestion() {
    let dir = org(&[("own.yaml", EMPTY_TEAM)]);
    let (code, stdout, stderr) = run(own_in(dir.path()).args(["check", "-D", "empty-teem"]));
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("unknown rule `empty-teem`"), "{stderr}");
    assert!(
        stderr.contains("did you mean `own::empty-team`?"),
        "{stderr}"
    );

    let dir = org(&[(
        "own.yaml",
        &format!("rules:\n  own::emtpy-team: deny\n{EMPTY_TEAM}"),
    )]);
    let (code, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 2);
    let error = &json(&stdout)["error"];
    assert_eq!(error["code"], "own::invalid-config");
    assert_eq!(error["line"], 2);
    assert_eq!(error["column"], 3);
}

#[test]
fn waivers_silence_one_target_until_they_expire() {
    let waiver = |until: &str| {
        format!(
            "waivers:\n  - rule: own::empty-team\n    target: ghost\n    reason: team being staffed\n    until: {until}\n{EMPTY_TEAM}"
        )
    };
    let dir = org(&[("own.yaml", &waiver("2026-12-31"))]);
    assert_eq!(check(dir.path(), &["-D", "warnings"]), (0, vec![], vec![]));
    // The last day still counts.
    let dir = org(&[("own.yaml", &waiver("2026-11-29"))]);
    assert_eq!(check(dir.path(), &[]).1, Vec::<String>::new());
    let dir = org(&[("own.yaml", &waiver("2026-11-28"))]);
    assert_eq!(
        check(dir.path(), &[]).1,
        ["own::expired-waiver", "own::empty-team"]
    );
}

#[test]
fn waivers_need_every_field() {
    let dir = org(&[(
        "own.yaml",
        "waivers:\n  - rule: own::empty-team\n    target: ghost\n    until: 2027-01-01\n",
    )]);
    // The waiver is left out (it silences nothing) and reported as an invalid value.
    let (code, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 1);
    let report = json(&stdout);
    let finding = report["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["code"] == "own::invalid-value"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        finding["message"],
        "invalid `waivers` in own.yaml: missing field `reason`"
    );
    assert_eq!(finding["line"], 2);
}
