//! Routing compared with the real thing: Alertmanager's `amtool config routes test` gives the
//! receivers of a label set, and `own who ALERT` must give the same, for the fixture
//! configuration and for random route trees. Without `amtool` the tests say they are skipped,
//! unless `OWN_REQUIRE_AMTOOL=1` (CI sets it; `.ci/run` installs Debian's
//! `prometheus-alertmanager`).

use std::io::Write;
use std::path::Path;
use std::process::Command;

use proptest::prelude::*;

use crate::util::{json, org, own_in, project, run};

fn amtool() -> Option<&'static str> {
    let found = Command::new("amtool")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("amtool");
    }
    if std::env::var_os("OWN_REQUIRE_AMTOOL").is_some_and(|v| v == "1") {
        panic!("amtool is not installed and OWN_REQUIRE_AMTOOL=1");
    }
    let _ = writeln!(std::io::stderr(), "skipped: amtool not installed");
    None
}

/// The receivers amtool routes a label set to, in order.
fn amtool_receivers(amtool: &str, config: &Path, labels: &[(String, String)]) -> Vec<String> {
    let mut cmd = Command::new(amtool);
    cmd.args(["config", "routes", "test"])
        .arg(format!("--config.file={}", config.display()));
    for (name, value) in labels {
        cmd.arg(format!("{name}={value}"));
    }
    let output = cmd.output().unwrap_or_else(|e| panic!("amtool: {e}"));
    assert!(
        output.status.success(),
        "amtool: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .split(',')
        .map(str::to_owned)
        .collect()
}

/// The receivers `own who ALERT` says the alert is routed to.
fn own_receivers(dir: &Path, alert: &str) -> Vec<String> {
    let query = format!("alert:{alert}");
    let (code, stdout, stderr) = run(own_in(dir).args(["who", &query, "--format", "json"]));
    assert_eq!(code, 0, "{stdout}{stderr}");
    json(&stdout)["routes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r["receiver"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// A rule file of alerts with fixed labels.
fn rules_file(alerts: &[(String, Vec<(String, String)>)]) -> String {
    let mut text = String::from("groups:\n  - name: generated\n    rules:\n");
    for (name, labels) in alerts {
        text.push_str(&format!("      - alert: {name}\n        expr: vector(1)\n"));
        if !labels.is_empty() {
            text.push_str("        labels:\n");
            for (k, v) in labels {
                text.push_str(&format!("          {k}: {v:?}\n"));
            }
        }
    }
    text
}

/// An organisation routing `alerts` through `config`.
fn routed_org(config: &str, alerts: &[(String, Vec<(String, String)>)]) -> tempfile::TempDir {
    org(&[
        (
            "own.yaml",
            "coverage:\n  alerts:\n    - { files: [rules.yml], format: prometheus }\n  routing:\n    - { file: alertmanager.yml, format: alertmanager }\npeople:\n  a: {}\nduties:\n  all: { accountable: a, alerts: [\"*\"] }\n",
        ),
        ("rules.yml", &rules_file(alerts)),
        ("alertmanager.yml", config),
    ])
}

fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn the_fixture_routes_as_amtool_says() {
    let Some(amtool) = amtool() else { return };
    let config = std::fs::read_to_string(project().join("tests/fixtures/alerts/alertmanager.yml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let alerts: Vec<(String, Vec<(String, String)>)> = [
        (
            "KubeNodeNotReady",
            labels(&[("severity", "warning"), ("team", "k8s-platform")]),
        ),
        ("KubeletDown", labels(&[("severity", "info")])),
        (
            "etcdInsufficientMembers",
            labels(&[("severity", "critical")]),
        ),
        ("PostgresReplicationLag", labels(&[("team", "db")])),
        (
            "PostgresDown",
            labels(&[("team", "db"), ("severity", "critical")]),
        ),
        ("SiemIngestLag", labels(&[("team", "soc")])),
        (
            "DiskFull",
            labels(&[("severity", "critical"), ("team", "storage")]),
        ),
        ("Watchdog", labels(&[])),
    ]
    .into_iter()
    .map(|(n, l)| (n.to_owned(), l))
    .collect();
    let dir = routed_org(&config, &alerts);
    for (name, labels) in &alerts {
        let mut all = labels.clone();
        all.push(("alertname".into(), name.clone()));
        let expected = amtool_receivers(amtool, &dir.path().join("alertmanager.yml"), &all);
        assert_eq!(own_receivers(dir.path(), name), expected, "{name}");
    }
}

/// A random route: matchers over a small vocabulary, `continue`, a receiver or none, and
/// children.
#[derive(Clone, Debug)]
struct RandomRoute {
    matchers: Vec<(usize, usize, usize)>,
    continues: bool,
    receiver: Option<usize>,
    children: Vec<RandomRoute>,
}

const NAMES: [&str; 3] = ["team", "severity", "alertname"];
const VALUES: [&str; 4] = ["db", "critical", "Kube", "A1"];
const OPS: [&str; 4] = ["=", "!=", "=~", "!~"];

fn route_strategy() -> impl Strategy<Value = RandomRoute> {
    let leaf = (
        prop::collection::vec((0..3usize, 0..4usize, 0..4usize), 0..3),
        any::<bool>(),
        prop::option::of(0..4usize),
    )
        .prop_map(|(matchers, continues, receiver)| RandomRoute {
            matchers,
            continues,
            receiver,
            children: Vec::new(),
        });
    leaf.prop_recursive(3, 12, 3, |inner| {
        (
            prop::collection::vec((0..3usize, 0..4usize, 0..4usize), 0..3),
            any::<bool>(),
            prop::option::of(0..4usize),
            prop::collection::vec(inner, 0..3),
        )
            .prop_map(|(matchers, continues, receiver, children)| RandomRoute {
                matchers,
                continues,
                receiver,
                children,
            })
    })
}

fn write_route(route: &RandomRoute, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    out.push_str(&format!("{pad}- continue: {}\n", route.continues));
    if let Some(r) = route.receiver {
        out.push_str(&format!("{pad}  receiver: r{r}\n"));
    }
    if !route.matchers.is_empty() {
        out.push_str(&format!("{pad}  matchers:\n"));
        for &(name, op, value) in &route.matchers {
            // A regex value matches the value itself, or as a prefix.
            let value = if OPS[op].contains('~') {
                format!("{}.*", VALUES[value])
            } else {
                VALUES[value].to_owned()
            };
            out.push_str(&format!(
                "{pad}    - '{}{}\"{value}\"'\n",
                NAMES[name], OPS[op]
            ));
        }
    }
    if !route.children.is_empty() {
        out.push_str(&format!("{pad}  routes:\n"));
        for child in &route.children {
            write_route(child, indent + 4, out);
        }
    }
}

fn config_of(children: &[RandomRoute]) -> String {
    let mut text = String::from("route:\n  receiver: r0\n  routes:\n");
    if children.is_empty() {
        text = String::from("route:\n  receiver: r0\n");
    }
    for child in children {
        write_route(child, 4, &mut text);
    }
    text.push_str("receivers:\n  - name: r0\n  - name: r1\n  - name: r2\n  - name: r3\n");
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn random_trees_route_as_amtool_says(
        children in prop::collection::vec(route_strategy(), 0..4),
        alerts in prop::collection::vec(
            prop::collection::vec((0..2usize, 0..4usize), 0..3),
            1..5,
        ),
    ) {
        let Some(amtool) = amtool() else { return Ok(()) };
        let config = config_of(&children);
        let alerts: Vec<(String, Vec<(String, String)>)> = alerts
            .into_iter()
            .enumerate()
            .map(|(i, pairs)| {
                let mut labels: Vec<(String, String)> = Vec::new();
                for (name, value) in pairs {
                    if !labels.iter().any(|(n, _)| n == NAMES[name]) {
                        labels.push((NAMES[name].to_owned(), VALUES[value].to_owned()));
                    }
                }
                // Names like `KubeA0` let `alertname` matchers hit.
                let prefix = if i % 2 == 0 { "Kube" } else { "A1" };
                (format!("{prefix}x{i}"), labels)
            })
            .collect();
        let dir = routed_org(&config, &alerts);
        for (name, labels) in &alerts {
            let mut all = labels.clone();
            all.push(("alertname".into(), name.clone()));
            let expected = amtool_receivers(amtool, &dir.path().join("alertmanager.yml"), &all);
            prop_assert_eq!(own_receivers(dir.path(), name), expected, "{}\n{}", name, config);
        }
    }
}
