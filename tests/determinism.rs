//! `own check` prints the same bytes for the same files: run twice, and on two copies
//! written in opposite orders (so the file system may list them differently).

use crate::util::{org, own_in, run};

const FILES: &[(&str, &str)] = &[
    (
        "own.yaml",
        "coverage:\n  paths: { include: [\"*\"] }\n  alerts: [{ format: list, files: [\"alerts/*.yml\"] }]\n",
    ),
    (
        "b.own.yaml",
        "people:\n  ops: { name: B }\nduties:\n  d1: { accountable: ghost, paths: [\"*\"], alerts: [\"Host*\"] }\n",
    ),
    (
        "a.own.yaml",
        "people:\n  ops: { name: A }\nteams:\n  t: { name: T, members: [ops, nobody] }\nduties:\n  d2: { accountable: ops, paths: [\"*\"] }\n",
    ),
    ("sub/c.own.yaml", "duties:\n  d1: { accountable: ops }\n"),
    ("alerts/b.yml", "[HostDown, DiskFull]\n"),
    ("alerts/a.yml", "[HostUp]\n"),
    ("src/lib.rs", ""),
    ("docs/x.md", ""),
];

fn check(dir: &std::path::Path, format: &str) -> String {
    let (code, stdout, stderr) = run(own_in(dir).args(["check", "--format", format]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    // The JSON names the absolute root; everything else is relative to it.
    stdout.replace(&dir.display().to_string(), "ROOT")
}

#[test]
fn check_prints_the_same_bytes_every_time_and_whatever_the_creation_order() {
    let forward = org(FILES);
    let mut reversed_files = FILES.to_vec();
    reversed_files.reverse();
    let reversed = org(&reversed_files);
    for format in ["human", "short", "json", "sarif", "github"] {
        let first = check(forward.path(), format);
        assert_eq!(first, check(forward.path(), format), "{format}: second run");
        assert_eq!(
            first,
            check(reversed.path(), format),
            "{format}: other order"
        );
    }
    let json = check(forward.path(), "json");
    assert!(json.contains("duplicate-id"), "{json}");
    assert!(json.contains("path-conflict"), "{json}");
}
