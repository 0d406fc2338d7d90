//! Alert and detection sources in the formats teams keep in git, read by `own check` and
//! `own who`, with the fixtures in `tests/fixtures/alerts/`.

use crate::util::{json, org, own_in, project, run};

/// A fixture's text.
fn fixture(name: &str) -> String {
    let path = project().join("tests/fixtures/alerts").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const MANIFEST: &str = "\
coverage:
  alerts:
    - { files: [\"k8s/*.yaml\"], format: prometheus }
    - { files: [\"grafana/*.yaml\"], format: grafana }
    - { files: [\"sigma/**/*.yml\"], format: sigma }
    - { files: [\"elastic/*.toml\"], format: elastic }
    - { files: [\"splunk/*.yml\"], format: splunk }
    - { files: [\"datadog/*.json\"], format: datadog }
people:
  ana: { name: Ana }
";

/// An organisation with every fixture as a source, and duties owning the alerts by `alerts`.
fn sources(alerts: &str) -> tempfile::TempDir {
    org(&[
        (
            "own.yaml",
            &format!(
                "{MANIFEST}duties:\n  all:\n    accountable: ana\n    responsible: [ana]\n    alerts: {alerts}\n"
            ),
        ),
        ("k8s/rules.yaml", &fixture("kube-prometheus-rules.yaml")),
        ("grafana/db.yaml", &fixture("grafana-alerting.yaml")),
        ("sigma/windows/rules.yml", &fixture("sigma-rules.yml")),
        ("elastic/clear-logs.toml", &fixture("elastic-rule.toml")),
        ("splunk/cleared.yml", &fixture("splunk-detection.yml")),
        ("datadog/monitors.json", &fixture("datadog-monitors.json")),
    ])
}

/// The unowned alerts `own check` finds: name, file and line.
fn unowned(dir: &std::path::Path) -> Vec<(String, String, u64)> {
    let (_, stdout, stderr) = run(own_in(dir).args(["check", "--format", "json"]));
    let report = json(&stdout);
    assert!(report["findings"].is_array(), "{stdout}{stderr}");
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["code"] == "own::unowned-alert")
        .map(|f| {
            (
                f["target"].as_str().unwrap_or_default().to_owned(),
                f["file"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn every_format_is_read_and_each_alert_points_at_its_definition() {
    let dir = sources("[]");
    let found = unowned(dir.path());
    let names: Vec<&str> = found.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "High CPU on {{host.name}}",
            "Disk almost full",
            "Clearing Windows Event Logs",
            "PostgresReplicationLag",
            "PostgresConnectionsSaturated",
            "KubeNodeNotReady",
            "KubeletDown",
            "etcdInsufficientMembers",
            "Suspicious Encoded PowerShell Command Line",
            "Okta User Session Start Via An Anonymising Proxy Service",
            "Windows Event Log Cleared",
        ],
        "{found:?}"
    );
    let at = |name: &str| {
        found
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, file, line)| (file.as_str(), *line))
    };
    assert_eq!(
        at("Clearing Windows Event Logs"),
        Some(("elastic/clear-logs.toml", 16))
    );
    assert_eq!(at("etcdInsufficientMembers"), Some(("k8s/rules.yaml", 53)));
    assert_eq!(
        at("Okta User Session Start Via An Anonymising Proxy Service"),
        Some(("sigma/windows/rules.yml", 23))
    );
    assert_eq!(at("Disk almost full"), Some(("datadog/monitors.json", 17)));
}

#[test]
fn alerts_patterns_match_names_or_ids() {
    // Ids for the detections, names for the rest: every alert is owned.
    let dir = sources(
        "[\"Kube*\", \"etcd*\", \"Postgres*\", \"ca2092a1-*\", \"bde30855-5c53-4c18-ae90-1ff79ebc9578\", \"d331bbe2-*\", \"ad517544-*\", \"12345678\", \"Disk*\"]",
    );
    assert_eq!(unowned(dir.path()), []);
    // A pattern that matches only ids is not dead either: nothing at all is found.
    let (code, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "short"]));
    assert_eq!((code, stdout.as_str()), (0, ""));
    let (code, stdout, _) = run(own_in(dir.path()).args([
        "who",
        "d331bbe2-6db4-4941-80a5-8270db72eb61",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{stdout}");
    let answer = json(&stdout);
    assert_eq!(answer["kind"], "alert");
    assert_eq!(answer["alert"], "Clearing Windows Event Logs");
    assert_eq!(answer["duty"], "all");
    assert_eq!(answer["sources"][0]["file"], "elastic/clear-logs.toml");
}

#[test]
fn a_source_of_the_wrong_shape_is_a_located_error() {
    for (format, name, text, line) in [
        ("sigma", "r.yml", "title: A\n---\nlevel: high\nid: 2\n", 3),
        (
            "elastic",
            "r.toml",
            "[metadata]\nmaturity = \"x\"\n\n[rule\n",
            4,
        ),
        (
            "grafana",
            "r.yaml",
            "apiVersion: 1\ngroups:\n  - name: g\n    rules:\n      - uid: x\n",
            5,
        ),
        ("datadog", "r.json", "[\n  {\"query\": \"x\"}\n]\n", 2),
        (
            "prometheus",
            "r.yaml",
            "kind: PrometheusRule\nspec:\n  groups: {}\n",
            3,
        ),
    ] {
        let dir = org(&[
            (
                "own.yaml",
                &format!(
                    "coverage:\n  alerts:\n    - {{ files: [\"{name}\"], format: {format} }}\n"
                ),
            ),
            (name, text),
        ]);
        let (code, stdout, stderr) = run(own_in(dir.path()).args(["check", "--format", "json"]));
        assert_eq!(code, 2, "{format}: {stdout}{stderr}");
        let error = &json(&stdout)["error"];
        assert_eq!(error["code"], "own::alert-source", "{format}: {stdout}");
        assert_eq!(error["file"], name, "{format}");
        assert_eq!(error["line"], line, "{format}: {stdout}");
    }
}

/// `own report alerts` on the broken example: every alert with its owner, where it is routed
/// and what that means, in every format; the coverage counts the routed ones.
#[test]
fn the_alerts_report_says_where_each_alert_goes() {
    let broken = project().join("examples/broken");
    let (code, stdout, stderr) =
        run(own_in(&broken).args(["report", "alerts", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let report = json(&stdout);
    assert_eq!(report["kind"], "alerts");
    let rows: Vec<(String, String, String)> = report["alerts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            (
                a["alert"].as_str().unwrap_or_default().to_owned(),
                a["receivers"][0]["receiver"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                a["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let row = |a: &str, r: &str, s: &str| (a.to_owned(), r.to_owned(), s.to_owned());
    assert_eq!(
        rows,
        [
            row("WanLinkDown", "noc-pager", "routed"),
            row("BgpSessionDown", "carrier-escalations", "unowned"),
            row("CoreSwitchFanFailed", "noc-pager", "misrouted"),
            row("CoreSwitchConfigDrift", "switching-tickets", "routed"),
        ]
    );
    assert_eq!(
        report["alerts"][2]["receivers"][0]["matchers"],
        serde_json::json!(["team=\"noc\""])
    );
    let (_, csv, _) = run(own_in(&broken).args(["report", "alerts", "--format", "csv"]));
    assert!(
        csv.contains("CoreSwitchFanFailed,,prometheus,monitoring/network.rules.yml:15:16,core-switching,noc-pager (link-monitoring),\"team=\"\"noc\"\"\",misrouted\r\n"),
        "{csv}"
    );
    let (_, markdown, _) = run(own_in(&broken).args(["report", "alerts", "--format", "markdown"]));
    assert!(markdown.starts_with("## Alerts: broken\n"), "{markdown}");
    assert!(
        markdown.contains("| `CoreSwitchFanFailed` | prometheus |"),
        "{markdown}"
    );
    let (_, html, _) = run(own_in(&broken).args(["report", "alerts", "--format", "html"]));
    assert!(
        html.contains("<tr data-alert=\"misrouted\"><td><code>CoreSwitchFanFailed</code>"),
        "{html}"
    );
    let (_, table, _) = run(own_in(&broken).args(["report", "coverage"]));
    assert!(
        table.contains(
            " alerts routed to their owner         2   4   50%  BgpSessionDown, CoreSwitchFanFailed"
        ),
        "{table}"
    );
}
