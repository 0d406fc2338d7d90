//! Git history: `--rev`, `--at`, `own diff`, `own check --new-since` and `own log` on real
//! repositories built with the `git` command in temporary folders, with fixed authors and
//! dates so that commit ids, and so the output, are the same on every run.

// The fixture helpers below are test code too (clippy's test allowance covers only `#[test]`).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::util::{git, git_try, git_with, json, own_in, run};

/// A commit id, in hex.
type Oid = String;

/// A repository in a temporary folder, with a working tree.
struct Repo {
    dir: TempDir,
}

/// Seconds since the epoch of a UTC timestamp like `2026-03-01T10:00:00Z`.
fn seconds(at: &str) -> i64 {
    at.parse::<jiff::Timestamp>()
        .unwrap_or_else(|e| panic!("{at}: {e}"))
        .as_second()
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q"]);
        Repo { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The repository's `.git` folder.
    fn git_dir(&self) -> PathBuf {
        self.path().join(".git")
    }

    /// `git ARGS` in the working tree.
    fn git(&self, args: &[&str]) -> String {
        git(self.path(), args)
    }

    /// Write (or with `None`, delete) files in the working tree only.
    fn write(&self, files: &[(&str, Option<&str>)]) {
        for (name, text) in files {
            let path = self.path().join(name);
            match text {
                Some(text) => {
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    std::fs::write(&path, text).unwrap();
                }
                None => std::fs::remove_file(&path).unwrap(),
            }
        }
    }

    /// The commit `HEAD` points at, if any.
    fn head(&self) -> Option<Oid> {
        git_try(
            self.path(),
            &["rev-parse", "--verify", "-q", "HEAD^{commit}"],
        )
    }

    /// Change files and commit them on the current branch, by `author` at `at` (UTC).
    fn commit(&self, author: &str, at: &str, message: &str, files: &[(&str, Option<&str>)]) -> Oid {
        let head: Vec<Oid> = self.head().into_iter().collect();
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        self.commit_with_parents(author, at, message, files, &head)
    }

    fn commit_with_parents(
        &self,
        author: &str,
        at: &str,
        message: &str,
        files: &[(&str, Option<&str>)],
        parents: &[&str],
    ) -> Oid {
        self.write(files);
        let mut stage = vec!["update-index", "--add", "--remove", "--"];
        stage.extend(files.iter().map(|(name, _)| *name));
        self.git(&stage);
        let tree = self.git(&["write-tree"]);
        let id = self.commit_tree(author, at, message, &tree, parents);
        self.git(&["update-ref", "HEAD", &id]);
        id
    }

    /// A commit of `tree` by `author` at `at` with exactly these parents and this message
    /// (byte for byte: no newline is added), on no branch.
    fn commit_tree(
        &self,
        author: &str,
        at: &str,
        message: &str,
        tree: &str,
        parents: &[&str],
    ) -> Oid {
        let email = format!(
            "{}@example.com",
            author.split(' ').next().unwrap().to_lowercase()
        );
        let date = format!("@{} +0000", seconds(at));
        let mut args = vec!["commit-tree", tree];
        for parent in parents {
            args.extend(["-p", parent]);
        }
        let id = git_with(
            self.path(),
            &args,
            &[
                ("GIT_AUTHOR_NAME", author),
                ("GIT_AUTHOR_EMAIL", &email),
                ("GIT_AUTHOR_DATE", &date),
                ("GIT_COMMITTER_NAME", author),
                ("GIT_COMMITTER_EMAIL", &email),
                ("GIT_COMMITTER_DATE", &date),
            ],
            Some(message.as_bytes()),
        );
        String::from_utf8(id).unwrap().trim().to_owned()
    }

    /// Create a branch at a commit (unless it exists) and switch the working tree to it,
    /// discarding changes to tracked files.
    fn switch(&self, branch: &str, at: &str) {
        let exists = git_try(
            self.path(),
            &[
                "show-ref",
                "--verify",
                "-q",
                &format!("refs/heads/{branch}"),
            ],
        )
        .is_some();
        if !exists {
            self.git(&["branch", branch, at]);
        }
        self.git(&["checkout", "-q", "-f", branch]);
    }

    fn short(&self, id: &str) -> String {
        id[..7].to_owned()
    }
}

fn own(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run(own_in(dir).args(args))
}

const OWN_YAML: &str = "version: 1\npolicy:\n  max-accountable: 1\n";

const PEOPLE: &str = "\
people:
  alice: { name: Alice Ng, manager: carol }
  bob: { name: Bob Diaz, manager: carol }
  carol: { name: Carol Ito }
  dave: { name: Dave Roy }
teams:
  soc: { name: Security Operations, lead: carol, members: [alice, bob] }
  ops: { name: Operations, lead: carol, members: [dave] }
  legacy: { name: Legacy }
";

const DUTIES: &str = "\
duties:
  backup-restore:
    title: Restore backups on request
    accountable: alice
    responsible: [soc]
  edr-triage:
    title: Triage EDR alerts
    accountable: carol
    responsible: [soc]
  old-duty:
    title: Something nobody does any more
    accountable: dave
    responsible: [ops]
  patching:
    title: Patch servers
    accountable: bob
    responsible: [ops]
delegations:
  cve-backlog:
    duty: patching
    from: bob
    to: dave
    expect: Go through the CVE backlog
    due: 2026-12-01
    report-to: soc
  old-audit:
    duty: backup-restore
    from: alice
    to: bob
    expect: Audit the restore logs
    due: 2026-12-15
    report-to: soc
handoffs:
  carol-leave:
    from: carol
    to: alice
    from-date: 2027-01-10
    acknowledged: false
  dave-training:
    from: dave
    to: bob
    from-date: 2026-12-20
    to-date: 2026-12-22
    acknowledged: true
";

/// Every change kind at once, against `PEOPLE` and `DUTIES`.
const PEOPLE_AFTER: &str = "\
people:
  alice: { name: Alice Ng, manager: carol }
  bob: { name: Bob Diaz, manager: carol }
  carol: { name: Carol Ito, status: left }
  erin: { name: Erin Fox, manager: carol }
teams:
  soc: { name: Security Operations, lead: alice, members: [alice] }
  ops: { name: Operations, lead: carol, members: [erin] }
  noc: { name: Network Operations, lead: erin, members: [erin] }
";

const DUTIES_AFTER: &str = "\
duties:
  backup-restore:
    title: Restore backups within a day
    accountable: bob
    responsible: [soc]
  endpoint-triage:
    title: Triage EDR alerts
    accountable: carol
    responsible: [soc]
  patching:
    title: Patch servers
    accountable: bob
    responsible: [ops]
  vpn-renewal:
    title: Renew the VPN certificate
    responsible: [noc]
delegations:
  cve-backlog:
    duty: patching
    from: bob
    to: erin
    expect: Go through the CVE backlog
    due: 2026-12-08
    report-to: soc
  firewall-review:
    duty: vpn-renewal
    from: erin
    to: bob
    expect: Review the firewall rules
    due: 2027-01-15
    report-to: noc
handoffs:
  carol-leave:
    from: carol
    to: alice
    from-date: 2027-01-10
    acknowledged: true
  erin-onboarding:
    from: alice
    to: erin
    from-date: 2026-12-01
    to-date: 2026-12-31
    acknowledged: true
";

/// The organisation of `OWN_YAML`, `PEOPLE` and `DUTIES` as the first commit.
fn first_commit(repo: &Repo) -> Oid {
    repo.commit(
        "Carol Ito",
        "2026-03-01T09:00:00Z",
        "Ownership as it stands",
        &[
            ("own.yaml", Some(OWN_YAML)),
            ("people.own.yaml", Some(PEOPLE)),
            ("duties.own.yaml", Some(DUTIES)),
        ],
    )
}

/// `own diff BASE HEAD ARGS…` in the repository.
fn diff_between(repo: &Repo, base: &str, head: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["diff", base, head];
    all.extend_from_slice(args);
    own(repo.path(), &all)
}

/// main: the base organisation; branch `feature`: every change kind, committed.
fn every_kind() -> (Repo, Oid, Oid) {
    let repo = Repo::new();
    let base = first_commit(&repo);
    repo.switch("feature", &base);
    let head = repo.commit(
        "Alice Ng",
        "2026-03-02T10:30:00Z",
        "Reorganise after Carol's departure",
        &[
            ("people.own.yaml", Some(PEOPLE_AFTER)),
            ("duties.own.yaml", Some(DUTIES_AFTER)),
        ],
    );
    (repo, base, head)
}

#[test]
fn diff_human_groups_every_change_kind() {
    let (repo, _, _) = every_kind();
    // No arguments: the merge base with main, against the working tree.
    let (code, stdout, stderr) = own(repo.path(), &["diff"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("diff_human", stdout);
}

#[test]
fn diff_markdown_is_a_pull_request_comment() {
    let (repo, base, head) = every_kind();
    let (code, stdout, stderr) = diff_between(&repo, &base, &head, &["--format", "markdown"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("diff_markdown", stdout);
}

#[test]
fn diff_json_follows_the_contract() {
    let (repo, base, head) = every_kind();
    let (code, stdout, stderr) = own(
        repo.path(),
        &["diff", "main", "feature", "--format", "json"],
    );
    assert_eq!(code, 0, "{stderr}");
    let report = json(&stdout);
    assert_eq!(report["version"], 1);
    assert_eq!(report["base"], base.to_string());
    assert_eq!(report["head"], head.to_string());
    let kinds: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "role-changed",
            "duty-changed",
            "duty-renamed",
            "duty-added",
            "duty-removed",
            "person-changed",
            "person-added",
            "person-removed",
            "team-changed",
            "member-removed",
            "member-added",
            "member-removed",
            "team-added",
            "team-removed",
            "delegation-changed",
            "delegation-added",
            "delegation-removed",
            "handoff-changed",
            "handoff-added",
            "handoff-removed",
        ]
    );
    let changes = &report["changes"];
    assert_eq!(
        changes[0],
        serde_json::json!({"kind": "role-changed", "duty": "backup-restore", "role": "accountable", "added": ["bob"], "removed": ["alice"]})
    );
    assert_eq!(
        changes[1],
        serde_json::json!({"kind": "duty-changed", "duty": "backup-restore", "fields": [
            {"field": "title", "from": "Restore backups on request", "to": "Restore backups within a day"}
        ]})
    );
    assert_eq!(
        changes[2],
        serde_json::json!({"kind": "duty-renamed", "duty": "endpoint-triage", "from": "edr-triage"})
    );
    assert_eq!(
        changes[5],
        serde_json::json!({"kind": "person-changed", "person": "carol", "fields": [
            {"field": "status", "from": "active", "to": "left"}
        ]})
    );
    assert_eq!(
        changes[9],
        serde_json::json!({"kind": "member-removed", "team": "soc", "person": "bob"})
    );
    assert_eq!(
        changes[14],
        serde_json::json!({"kind": "delegation-changed", "delegation": "cve-backlog", "duty": "patching", "fields": [
            {"field": "to", "from": "dave", "to": "erin"},
            {"field": "due", "from": "2026-12-01", "to": "2026-12-08"}
        ]})
    );
    assert_eq!(
        report["paths"],
        serde_json::json!({"changed": 0, "examples": [], "groups": []})
    );
    let codes = |list: &serde_json::Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["code"].as_str().unwrap(),
                    f["target"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        codes(&report["findings"]["introduced"]),
        // Carol left: her role, the people she still manages (alice, bob, erin), her team
        // lead and her handoff, which does not clear a departure.
        [
            "own::departed-owner carol",
            "own::one-accountable vpn-renewal",
            "own::departed-owner carol",
            "own::departed-owner carol",
            "own::max-accountable bob",
            "own::departed-owner carol",
            "own::departed-owner carol",
            "own::departed-owner carol",
        ]
    );
    assert_eq!(
        codes(&report["findings"]["fixed"]),
        ["own::empty-team legacy"]
    );
    let introduced = &report["findings"]["introduced"][1];
    assert_eq!(introduced["file"], "duties.own.yaml");
    assert_eq!(introduced["line"], 14);
    let risks: Vec<&str> = report["risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        risks,
        [
            "duty `backup-restore` is left with a single responsible person, `alice` (was 2)",
            "duty `endpoint-triage` is left with a single responsible person, `alice` (was 2)",
            "`bob` becomes accountable for 2 duties, over the policy's limit of 1",
            "`carol` has left but still holds 1 role",
        ]
    );
}

#[test]
fn diff_fails_on_new_deny_findings_only_when_asked() {
    let (repo, _, _) = every_kind();
    let (code, _, _) = own(repo.path(), &["diff", "main", "feature"]);
    assert_eq!(code, 0);
    let (code, _, _) = own(
        repo.path(),
        &["diff", "main", "feature", "--fail-on-findings"],
    );
    assert_eq!(code, 1);
    // The reverse change fixes those findings and introduces only a warning.
    let (code, stdout, _) = own(
        repo.path(),
        &["diff", "feature", "main", "--fail-on-findings"],
    );
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn diff_feature_branch_against_main_includes_uncommitted_edits() {
    let repo = Repo::new();
    let start = first_commit(&repo);
    // main moves on after the branch is made: that change is not the branch's.
    repo.commit(
        "Carol Ito",
        "2026-03-03T09:00:00Z",
        "Dave leaves ops",
        &[(
            "people.own.yaml",
            Some(&PEOPLE.replace("members: [dave]", "members: [dave, bob]")),
        )],
    );
    repo.switch("feature", &start);
    repo.commit(
        "Alice Ng",
        "2026-03-04T09:00:00Z",
        "Bob takes backups",
        &[(
            "duties.own.yaml",
            Some(&DUTIES.replace("accountable: alice", "accountable: bob")),
        )],
    );
    // An edit not yet committed.
    repo.write(&[(
        "duties.own.yaml",
        Some(
            &DUTIES
                .replace("accountable: alice", "accountable: bob")
                .replace("title: Patch servers", "title: Patch servers monthly"),
        ),
    )]);
    let (code, stdout, stderr) = own(repo.path(), &["diff"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        format!(
            "Ownership changes from {} (merge base with main) to the working tree

Duties
  ~ `bob` becomes accountable for `backup-restore` (was `alice`)
  ~ duty `patching` changed: title `Patch servers` → `Patch servers monthly`

Risks
  ! `bob` becomes accountable for 2 duties, over the policy's limit of 1

Findings
  + warn[own::max-accountable] `bob` is accountable for 2 duties; the policy allows 1 (people.own.yaml:3:3)

2 changes, 1 risk; findings: 1 introduced, 0 fixed
",
            repo.short(&start)
        )
    );
}

#[test]
fn diff_without_changes_says_so() {
    let (repo, _, _) = every_kind();
    let (code, stdout, _) = own(repo.path(), &["diff", "feature", "-q"]);
    assert_eq!(code, 0);
    assert!(
        stdout.ends_with("to the working tree\n\nno changes in responsibility\n"),
        "{stdout}"
    );
}

/// `own diff` evaluates both sides as `own check` does: an ownership file that no include
/// reads (`own::ignored-file`) is a finding the change introduces.
#[test]
fn diff_finds_an_ownership_file_no_include_reads() {
    let repo = Repo::new();
    let base = first_commit(&repo);
    let head = repo.commit(
        "Alice Ng",
        "2026-03-02T10:30:00Z",
        "Name the includes, and add a team file outside them",
        &[
            (
                "own.yaml",
                Some(
                    "version: 1\npolicy:\n  max-accountable: 1\ninclude: [people.own.yaml, duties.own.yaml]\n",
                ),
            ),
            ("teams/extra.own.yaml", Some("teams: {}\n")),
        ],
    );
    let (code, stdout, stderr) = diff_between(&repo, &base, &head, &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report = json(&stdout);
    let introduced: Vec<&str> = report["findings"]["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(introduced.contains(&"own::ignored-file"), "{stdout}");
}

#[test]
fn diff_reports_changes_to_the_settings_of_own_yaml() {
    let repo = Repo::new();
    let base = first_commit(&repo);
    let head = repo.commit(
        "Alice Ng",
        "2026-03-02T10:30:00Z",
        "Relax the policy and waive a finding",
        &[(
            "own.yaml",
            Some(
                "version: 1\npolicy:\n  max-accountable: 3\n  review-every: 6m\nrules:\n  \
                 single-point-of-failure: deny\nwaivers:\n  - { rule: no-responsible, target: \
                 old-duty, reason: being retired, until: 2026-06-30 }\n",
            ),
        )],
    );
    let (code, stdout, stderr) = diff_between(&repo, &base, &head, &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report = json(&stdout);
    let changes = report["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{stdout}");
    assert_eq!(changes[0]["kind"], "settings-changed");
    let forward = changes[0].clone();
    let fields: Vec<(String, serde_json::Value, serde_json::Value)> = changes[0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["from"].clone(),
                f["to"].clone(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("policy.max-accountable".to_owned(), "1".into(), "3".into()),
            (
                "policy.review-every".to_owned(),
                serde_json::Value::Null,
                "6m".into()
            ),
            (
                "rules.own::single-point-of-failure".to_owned(),
                serde_json::Value::Null,
                "deny".into()
            ),
            (
                "waivers.own::no-responsible:old-duty".to_owned(),
                serde_json::Value::Null,
                "until 2026-06-30: being retired".into()
            ),
        ]
    );
    let (code, stdout, _) = own(
        repo.path(),
        &["diff", &base.to_string(), &head.to_string(), "-q"],
    );
    assert_eq!(code, 0);
    assert!(
        stdout.contains(
            "`own.yaml` settings changed: policy.max-accountable `1` → `3`, policy.review-every \
             set to `6m`, rules.own::single-point-of-failure set to `deny`, \
             waivers.own::no-responsible:old-duty set to `until 2026-06-30: being retired`"
        ),
        "{stdout}"
    );
    // The reverse removes them again.
    let (_, stdout, _) = diff_between(&repo, &head, &base, &["--format", "json"]);
    let report = json(&stdout);
    let reverse = &report["changes"][0]["fields"];
    assert_eq!(reverse[3]["from"], "until 2026-06-30: being retired");
    assert_eq!(reverse[3]["to"], serde_json::Value::Null);
    // `own log` shows the commit with the same change.
    let (code, stdout, stderr) = own(repo.path(), &["log", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let log = json(&stdout);
    let newest = &log["entries"][0];
    assert_eq!(newest["commit"], head.to_string(), "{stdout}");
    assert_eq!(newest["changes"], serde_json::json!([forward]), "{stdout}");
}

#[test]
fn diff_markdown_keeps_hostile_values_in_code_and_mentions_nobody() {
    let repo = Repo::new();
    let base = first_commit(&repo);
    // A title that tries to close its code span, mention everyone and split the table, and
    // a waiver target (a setting's path, shown as text) that tries the same.
    let duties = DUTIES
        .replace(
            "title: Patch servers",
            "title: \"x` @everyone <img src=y> | `y\"",
        )
        .replace(
            "delegations:",
            "  \"evil` @everyone <b>\":\n    title: No owner\n    responsible: [ops]\ndelegations:",
        );
    let head = repo.commit(
        "Alice Ng",
        "2026-03-02T10:30:00Z",
        "Hostile",
        &[
            ("duties.own.yaml", Some(duties.as_str())),
            (
                "own.yaml",
                Some(
                    "version: 1\npolicy:\n  max-accountable: 1\nwaivers:\n  - { rule: \
                     no-responsible, target: \"@org/all | <b>\", reason: r, until: 2026-06-30 }\n",
                ),
            ),
        ],
    );
    let (code, stdout, stderr) = diff_between(&repo, &base, &head, &["--format", "markdown"]);
    assert_eq!(code, 0, "{stderr}");
    let rows: Vec<&str> = stdout.lines().filter(|l| l.starts_with("| ")).collect();
    let title = rows
        .iter()
        .find(|l| l.contains("patching"))
        .unwrap_or_else(|| panic!("{stdout}"));
    // The value sits in a double-backtick code span, its pipe escaped: a table row of exactly
    // two cells, nothing mentioned, no HTML.
    assert!(
        title.contains("title `Patch servers` → ``x` @everyone <img src=y> \\| `y``"),
        "{title}"
    );
    let unescaped = title
        .char_indices()
        .filter(|&(i, c)| c == '|' && !title[..i].ends_with('\\'))
        .count();
    assert_eq!(unescaped, 3, "{title}");
    let setting = rows
        .iter()
        .find(|l| l.contains("waivers"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        setting.contains("waivers.own::no-responsible:&#64;org/all \\| &lt;b&gt;"),
        "{setting}"
    );
    assert!(!setting.contains("@org"), "{setting}");
    // The finding about the duty with no accountable, in the details: its id is split at
    // the backtick, and every part is code or escaped text.
    let finding = stdout
        .lines()
        .find(|l| l.contains("own::one-accountable"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        finding.contains("`evil` &#64;everyone &lt;b&gt;\\`"),
        "{finding}"
    );
    assert!(
        !finding.contains('@') && !finding.contains('<'),
        "{finding}"
    );
}

/// An organisation in a subfolder, with a finding that the second commit fixes.
fn subfolder_history() -> (Repo, Oid, Oid) {
    let repo = Repo::new();
    let first = repo.commit(
        "Carol Ito",
        "2026-03-01T09:00:00Z",
        "Start",
        &[
            ("README.md", Some("code lives here\n")),
            ("ownership/own.yaml", Some(OWN_YAML)),
            ("ownership/people.own.yaml", Some(PEOPLE)),
            (
                "ownership/duties.own.yaml",
                Some("duties:\n  vpn-renewal:\n    responsible: soc\n"),
            ),
        ],
    );
    let second = repo.commit(
        "Alice Ng",
        "2026-04-01T09:00:00Z",
        "Name an accountable",
        &[(
            "ownership/duties.own.yaml",
            Some("duties:\n  vpn-renewal:\n    accountable: alice\n    responsible: soc\n"),
        )],
    );
    (repo, first, second)
}

#[test]
fn rev_reads_a_commit_under_a_subfolder_root_without_touching_the_tree() {
    let (repo, _, _) = subfolder_history();
    let root = repo.path().join("ownership");
    let (code, stdout, _) = own(&root, &["check", "--format", "short", "-A", "empty-team"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    let (code, stdout, stderr) = own(
        &root,
        &[
            "--rev",
            "HEAD~1",
            "check",
            "--format",
            "short",
            "-A",
            "empty-team",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stdout,
        "HEAD~1:ownership/duties.own.yaml:2:3: deny[own::one-accountable] duty `vpn-renewal` has no accountable\n"
    );
    // The working tree and the index are untouched.
    let status = repo.git(&[
        "status",
        "--porcelain",
        "--ignored",
        "--untracked-files=all",
    ]);
    assert!(status.is_empty(), "{status}");
    // Without `own.yaml` on disk, the root is found at the revision.
    repo.write(&[("ownership/own.yaml", None)]);
    let (code, _, stderr) = own(&root, &["--rev", "HEAD~1", "check", "-A", "empty-team"]);
    assert_eq!(code, 1, "{stderr}");
    // The top of the repository has none, at the revision or on disk.
    let (code, _, stderr) = own(repo.path(), &["--rev", "HEAD~1", "check"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no `own.yaml` at `HEAD~1` at the top of the repository"),
        "{stderr}"
    );
}

#[test]
fn rev_without_own_yaml_at_that_revision_is_a_clear_error() {
    let (repo, _, _) = subfolder_history();
    repo.commit(
        "Alice Ng",
        "2026-05-01T09:00:00Z",
        "Move out",
        &[("ownership/own.yaml", None)],
    );
    repo.write(&[("ownership/own.yaml", Some(OWN_YAML))]);
    let (code, stdout, stderr) = own(
        &repo.path().join("ownership"),
        &["--rev", "HEAD", "check", "--format", "json"],
    );
    assert_eq!(code, 2);
    let error = json(&stdout);
    assert_eq!(error["error"]["code"], "own::git-no-manifest");
    assert_eq!(
        error["error"]["message"],
        "no `own.yaml` at `HEAD` in `ownership` or any parent folder"
    );
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn at_reads_the_last_commit_at_or_before_the_date() {
    let (repo, first, _) = subfolder_history();
    let root = repo.path().join("ownership");
    let check = |at: &str| {
        own(
            &root,
            &["--at", at, "check", "--format", "short", "-A", "empty-team"],
        )
    };
    // Before the fix (the first commit is read, and named by its short id).
    let (code, stdout, _) = check("2026-03-15");
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        format!(
            "{}:ownership/duties.own.yaml:2:3: deny[own::one-accountable] duty `vpn-renewal` has no accountable\n",
            repo.short(&first)
        )
    );
    // A date includes the whole day; a time is exact.
    assert_eq!(check("2026-04-01").0, 0);
    assert_eq!(check("2026-04-01T08:59").0, 1);
    // Before the first commit: a clear error.
    // (`--format short` gives it as one line on stdout.)
    let (code, stdout, _) = check("2026-02-01");
    assert_eq!(code, 2);
    assert!(
        stdout.starts_with(
            "own: error[own::git-no-commit-at] no commit on the current branch at or before 2026-02-01"
        ),
        "{stdout}"
    );
    let (_, _, stderr) = own(&root, &["--at", "2026-02-01", "check"]);
    assert!(
        stderr.contains("the branch starts on 2026-03-01"),
        "{stderr}"
    );
    // Today (OWN_TODAY) and later read the working tree, uncommitted edits included.
    repo.write(&[(
        "ownership/duties.own.yaml",
        Some("duties:\n  x:\n    responsible: soc\n"),
    )]);
    assert_eq!(check("2026-11-29").0, 1);
    assert_eq!(check("2026-12-24").0, 1);
    assert_eq!(check("2026-11-28").0, 0);
}

#[test]
fn at_outside_a_repository_only_moves_the_date() {
    let dir = crate::util::org(&[(
        "own.yaml",
        "people:\n  a: {}\n  b: {}\nduties:\n  x: { accountable: a, responsible: a }\ndelegations:\n  d: { duty: x, from: a, to: b, expect: E, due: 2026-06-01, report-to: a }\n",
    )]);
    let (code, stdout, stderr) = own(dir.path(), &["--at", "2026-01-01", "check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("✓ no findings"), "{stdout}");
}

#[test]
fn new_since_reports_only_findings_absent_at_the_revision() {
    let (repo, first, _) = subfolder_history();
    let root = repo.path().join("ownership");
    // Back to the state with a finding, plus a new problem; lines move, the old one stays.
    repo.write(&[(
        "ownership/duties.own.yaml",
        Some("duties:\n  new-duty:\n    accountable: soc\n    responsible: soc\n  vpn-renewal:\n    responsible: soc\n"),
    )]);
    let since = first.to_string();
    let (code, stdout, _) = own(
        &root,
        &[
            "check",
            "--new-since",
            &since,
            "--format",
            "short",
            "-A",
            "empty-team",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "duties.own.yaml:3:18: deny[own::accountable-not-person] the accountable of duty `new-duty` is the team `soc`, not a person\n"
    );
    let (_, stdout, _) = own(&root, &["check", "--new-since", &since, "-A", "empty-team"]);
    assert!(
        stdout.ends_with(&format!(
            "(1 finding also present at `{since}` not shown)\n✗ 1 error, 0 warnings (3 files, 4 people, 3 teams, 2 duties)\n"
        )),
        "{stdout}"
    );
    let (_, stdout, _) = own(
        &root,
        &[
            "check",
            "--new-since",
            "HEAD~1",
            "--format",
            "json",
            "-A",
            "empty-team",
        ],
    );
    let report = json(&stdout);
    assert_eq!(
        report["new_since"],
        serde_json::json!({"rev": "HEAD~1", "hidden": 1})
    );
    assert_eq!(report["summary"]["deny"], 1);
    // Against a revision where the old problem was fixed, both findings are new.
    let (_, stdout, _) = own(
        &root,
        &[
            "check",
            "--new-since",
            "HEAD",
            "--format",
            "short",
            "-A",
            "empty-team",
        ],
    );
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
}

/// A history: creation, a code-only commit, a role change, a feature branch merged back, a
/// rename and a departure.
fn duty_history() -> (Repo, Vec<Oid>) {
    let repo = Repo::new();
    let duties = |accountable: &str, id: &str, extra: &str| {
        format!(
            "duties:\n  {id}:\n    title: Restore backups on request\n    accountable: {accountable}\n    responsible: [soc]\n  patching:\n    title: Patch servers\n    accountable: bob\n    responsible: [ops{extra}]\n"
        )
    };
    let mut ids = vec![repo.commit(
        "Carol Ito",
        "2026-01-05T09:00:00Z",
        "Add the ownership files",
        &[
            ("own.yaml", Some(OWN_YAML)),
            ("people.own.yaml", Some(PEOPLE)),
            (
                "duties.own.yaml",
                Some(&duties("alice", "backup-restore", "")),
            ),
        ],
    )];
    ids.push(repo.commit(
        "Bob Diaz",
        "2026-01-10T09:00:00Z",
        "Fix a typo in the code",
        &[("src/main.rs", Some("fn main() {}\n"))],
    ));
    ids.push(repo.commit(
        "Alice Ng",
        "2026-02-01T09:00:00Z",
        "Hand backup-restore to bob",
        &[(
            "duties.own.yaml",
            Some(&duties("bob", "backup-restore", "")),
        )],
    ));
    let main = ids.last().unwrap().clone();
    repo.switch("feature", &main);
    let branch = repo.commit(
        "Dave Roy",
        "2026-02-10T09:00:00Z",
        "Dave helps with patching",
        &[(
            "duties.own.yaml",
            Some(&duties("bob", "backup-restore", ", dave")),
        )],
    );
    repo.switch("main", &main);
    let main = repo.commit(
        "Bob Diaz",
        "2026-02-11T09:00:00Z",
        "More code",
        &[("src/lib.rs", Some("// lib\n"))],
    );
    ids.push(branch.clone());
    ids.push(repo.commit_with_parents(
        "Carol Ito",
        "2026-02-12T09:00:00Z",
        "Merge branch 'feature'",
        &[(
            "duties.own.yaml",
            Some(&duties("bob", "backup-restore", ", dave")),
        )],
        &[&main, &branch],
    ));
    ids.push(repo.commit(
        "Carol Ito",
        "2026-03-01T09:00:00Z",
        "Rename backup-restore to restore-backups",
        &[(
            "duties.own.yaml",
            Some(&duties("bob", "restore-backups", ", dave")),
        )],
    ));
    ids.push(repo.commit(
        "Carol Ito",
        "2026-03-05T09:00:00Z",
        "Bob leaves",
        &[(
            "people.own.yaml",
            Some(&PEOPLE.replace(
                "bob: { name: Bob Diaz, manager: carol }",
                "bob: { name: Bob Diaz, manager: carol, status: left }",
            )),
        )],
    ));
    (repo, ids)
}

#[test]
fn log_follows_a_duty_through_roles_merges_and_renames() {
    let (repo, ids) = duty_history();
    let (code, stdout, stderr) = own(repo.path(), &["log", "restore-backups"]);
    assert_eq!(code, 0, "{stderr}");
    let s = |i: usize| repo.short(&ids[i]);
    assert_eq!(
        stdout,
        format!(
            "\
{} 2026-03-01 Rename backup-restore to restore-backups (Carol Ito)
  ~ duty `backup-restore` renamed to `restore-backups`

{} 2026-02-01 Hand backup-restore to bob (Alice Ng)
  ~ `bob` becomes accountable for `backup-restore` (was `alice`)

{} 2026-01-05 Add the ownership files (Carol Ito)
  + duty `backup-restore` added
",
            s(5),
            s(2),
            s(0)
        )
    );
    let (_, stdout, _) = own(repo.path(), &["log", "restore-backups", "-n", "1"]);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
}

#[test]
fn log_of_a_person_shows_the_branch_commit_not_the_merge() {
    let (repo, ids) = duty_history();
    let (code, stdout, _) = own(repo.path(), &["log", "person:dave"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        format!(
            "\
{} 2026-02-10 Dave helps with patching (Dave Roy)
  ~ `dave` becomes responsible for `patching`

{} 2026-01-05 Add the ownership files (Carol Ito)
  + person `dave` added
",
            repo.short(&ids[3]),
            repo.short(&ids[0])
        )
    );
}

#[test]
fn log_json_lists_entries_newest_first() {
    let (repo, ids) = duty_history();
    let (code, stdout, _) = own(repo.path(), &["log", "bob", "--format", "json"]);
    assert_eq!(code, 0);
    let report = json(&stdout);
    assert_eq!(report["version"], 1);
    assert_eq!(report["query"], "bob");
    let entries = report["entries"].as_array().unwrap();
    let commits: Vec<&str> = entries
        .iter()
        .map(|e| e["commit"].as_str().unwrap())
        .collect();
    assert_eq!(
        commits,
        [ids[6].to_string(), ids[2].to_string(), ids[0].to_string()]
    );
    assert_eq!(entries[0]["author"], "Carol Ito");
    assert_eq!(entries[0]["email"], "carol@example.com");
    assert_eq!(entries[0]["date"], "2026-03-05T09:00:00Z");
    assert_eq!(entries[0]["subject"], "Bob leaves");
    assert_eq!(entries[0]["short"], repo.short(&ids[6]));
    assert_eq!(
        entries[0]["changes"],
        serde_json::json!([{"kind": "person-changed", "person": "bob", "fields": [{"field": "status", "from": "active", "to": "left"}]}])
    );
    assert_eq!(
        entries[1]["changes"][0],
        serde_json::json!({"kind": "role-changed", "duty": "backup-restore", "role": "accountable", "added": ["bob"], "removed": ["alice"]})
    );
}

#[test]
fn log_without_a_query_skips_commits_that_change_no_ownership_file() {
    let (repo, ids) = duty_history();
    let (_, stdout, _) = own(repo.path(), &["log", "--format", "json"]);
    let report = json(&stdout);
    let subjects: Vec<&str> = report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "Bob leaves",
            "Rename backup-restore to restore-backups",
            "Dave helps with patching",
            "Hand backup-restore to bob",
            "Add the ownership files",
        ]
    );
    let _ = ids;
}

#[test]
fn log_of_an_unknown_id_suggests_near_ones() {
    let (repo, _) = duty_history();
    let (code, stdout, _) = own(repo.path(), &["log", "restore-backup"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "no commit changed `restore-backup`; did you mean `restore-backups`?\n"
    );
}

#[test]
fn detached_head_works_for_diff_log_and_at() {
    let (repo, ids) = duty_history();
    repo.git(&["checkout", "-q", "-f", "--detach", &ids[2]]);
    let (code, stdout, stderr) = own(repo.path(), &["diff", "-q"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        format!(
            "Ownership changes from {} (merge base with main) to the working tree\n\nno changes in responsibility\n",
            repo.short(&ids[2])
        )
    );
    let (code, stdout, _) = own(repo.path(), &["log", "backup-restore", "-n", "1"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Hand backup-restore to bob"), "{stdout}");
    let (code, _, stderr) = own(
        repo.path(),
        &["--at", "2026-01-06", "check", "-A", "empty-team"],
    );
    assert_eq!(code, 0, "{stderr}");
}

/// Run and return the error code and message of a fatal error (JSON on stdout).
fn fatal(dir: &Path, args: &[&str]) -> (String, String, String) {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, stdout, stderr) = own(dir, &all);
    assert_eq!(code, 2, "{stdout}{stderr}");
    let error = json(&stdout);
    let text = |key: &str| error["error"][key].as_str().unwrap_or_default().to_owned();
    (text("code"), text("message"), text("help"))
}

#[test]
fn shallow_clones_say_how_to_fetch_the_history() {
    let (repo, ids) = duty_history();
    // Make it shallow: HEAD's parent and main's first commit are cut off and gone.
    let git = repo.git_dir();
    let cut = &ids[5];
    let parent = repo.git(&["rev-parse", &format!("{cut}^1")]);
    std::fs::write(git.join("shallow"), format!("{cut}\n")).unwrap();
    std::fs::remove_file(git.join("objects").join(&parent[..2]).join(&parent[2..])).unwrap();
    assert_eq!(repo.git(&["rev-parse", "--is-shallow-repository"]), "true");
    repo.switch("feature", &ids[3]);
    let (code, message, help) = fatal(repo.path(), &["diff"]);
    assert_eq!(code, "own::git-shallow-clone");
    assert_eq!(
        message,
        "the common ancestor of `HEAD` and `main` is missing from this clone because it is shallow"
    );
    assert_eq!(
        help,
        "fetch the full history: `fetch-depth: 0` on `actions/checkout` in GitHub Actions, `GIT_DEPTH: 0` in GitLab CI, or `git fetch --unshallow`"
    );
    repo.switch("main", &ids[6]);
    let (code, message, _) = fatal(repo.path(), &["diff", "HEAD~3"]);
    assert_eq!(code, "own::git-shallow-clone");
    assert_eq!(
        message,
        "`HEAD~3` is missing from this clone because it is shallow"
    );
    let (code, message, _) = fatal(repo.path(), &["log", "backup-restore"]);
    assert_eq!(code, "own::git-shallow-clone");
    assert_eq!(
        message,
        format!(
            "the history before commit {} is missing from this clone because it is shallow",
            repo.short(cut)
        )
    );
    // What the clone has is still readable.
    let (code, _, stderr) = own(repo.path(), &["diff", "HEAD~1", "-q"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, _) = own(repo.path(), &["log", "-n", "1"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Bob leaves"), "{stdout}");
}

#[test]
fn empty_bare_and_missing_repositories_and_unknown_revisions() {
    // An empty repository.
    let repo = Repo::new();
    repo.write(&[("own.yaml", Some(OWN_YAML))]);
    let (code, message, _) = fatal(repo.path(), &["diff"]);
    assert_eq!(code, "own::git-empty-repository");
    assert!(message.ends_with("has no commits yet"), "{message}");
    assert_eq!(fatal(repo.path(), &["log"]).0, "own::git-empty-repository");
    let (code, _, stderr) = own(repo.path(), &["--rev", "HEAD", "check"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("own::git-empty-repository"), "{stderr}");

    // Outside any repository.
    let dir = crate::util::org(&[("own.yaml", OWN_YAML)]);
    let (code, message, help) = fatal(dir.path(), &["diff"]);
    assert_eq!(code, "own::git-no-repository");
    assert!(
        message.ends_with("is not inside a git repository"),
        "{message}"
    );
    assert!(help.contains("run them in a clone"), "{help}");
    assert_eq!(fatal(dir.path(), &["log"]).0, "own::git-no-repository");
    assert_eq!(
        fatal(dir.path(), &["--rev", "HEAD", "check"]).0,
        "own::git-no-repository"
    );

    // An unknown revision, with the near branch names.
    let (repo, _) = duty_history();
    let (code, message, help) = fatal(repo.path(), &["diff", "mian"]);
    assert_eq!(code, "own::git-unknown-revision");
    assert_eq!(message, "unknown revision `mian`");
    assert_eq!(help, "did you mean `main`?");
    assert_eq!(
        fatal(repo.path(), &["diff", "HEAD~40"]).0,
        "own::git-unknown-revision"
    );

    // No default branch to compare with.
    let renamed = Repo::new();
    renamed.commit(
        "Carol Ito",
        "2026-01-05T09:00:00Z",
        "Start",
        &[("own.yaml", Some(OWN_YAML))],
    );
    renamed.git(&["branch", "-m", "main", "trunk"]);
    let (code, _, help) = fatal(renamed.path(), &["diff"]);
    assert_eq!(code, "own::git-no-default-branch");
    assert_eq!(help, "name the base to compare with: `own diff BASE`");
}

#[test]
fn bare_repositories_are_read_at_a_revision() {
    let (repo, _) = duty_history();
    let bare_dir = tempfile::tempdir().unwrap();
    let bare: PathBuf = bare_dir.path().join("org.git");
    git(bare_dir.path(), &["init", "-q", "--bare", "org.git"]);
    git(
        &bare,
        &[
            "fetch",
            "-q",
            repo.path().to_str().unwrap(),
            "refs/heads/main:refs/heads/main",
        ],
    );
    git(&bare, &["symbolic-ref", "HEAD", "refs/heads/main"]);
    let (code, message, help) = fatal(&bare, &["check"]);
    assert_eq!(code, "own::git-bare-repository");
    assert!(
        message.ends_with("is a bare repository: it has no working tree to read"),
        "{message}"
    );
    assert!(help.contains("--rev main"), "{help}");
    assert_eq!(
        fatal(&bare, &["diff", "main~1"]).0,
        "own::git-bare-repository"
    );
    let (code, stdout, stderr) = own(&bare, &["--rev", "main", "check", "--format", "short"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.starts_with("main:duties.own.yaml:"), "{stdout}");
    let (code, stdout, _) = own(&bare, &["diff", "main~1", "main", "-q"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("person `bob` changed: status `active` → `left`"),
        "{stdout}"
    );
    let (code, stdout, _) = own(&bare, &["log", "-n", "1"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Bob leaves"), "{stdout}");
}

#[test]
fn ci_recipes_are_valid_yaml_and_run_the_documented_commands() {
    let root = crate::util::project();
    let recipes: &[(&str, &[&str])] = &[
        (
            "examples/ci/github-actions.yml",
            &[
                "fetch-depth: 0",
                "own check --format github",
                "own diff \"origin/${{ github.base_ref }}\" --format markdown",
            ],
        ),
        (
            "examples/ci/gitlab-ci.yml",
            &[
                "GIT_DEPTH: 0",
                "own check --format short",
                "own diff \"origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME\" --format markdown",
            ],
        ),
        ("examples/ci/pre-commit-config.yaml", &["id: own-check"]),
        (
            ".pre-commit-hooks.yaml",
            &["id: own-check", "entry: own check"],
        ),
    ];
    for (file, needles) in recipes {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let parsed: Result<serde_json::Value, _> = serde_saphyr::from_str(&text);
        assert!(parsed.is_ok(), "{file}: {parsed:?}");
        for needle in *needles {
            assert!(text.contains(needle), "{file} lacks {needle}");
        }
    }
}

#[test]
fn log_names_a_file_that_does_not_parse_at_a_commit_and_goes_on() {
    let (repo, ids) = duty_history();
    repo.commit(
        "Bob Diaz",
        "2026-03-10T09:00:00Z",
        "Oops",
        &[("people.own.yaml", Some("people: [unclosed\n"))],
    );
    let (code, stdout, stderr) = own(repo.path(), &["log", "-n", "2"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].ends_with("Oops (Bob Diaz)"), "{stdout}");
    assert!(
        lines[1].starts_with("  ! cannot read people.own.yaml: "),
        "{stdout}"
    );
    // Only the note: nothing in the file looks removed.
    assert_eq!(lines[2], "", "{stdout}");
    assert!(lines[3].starts_with(&repo.short(&ids[6])), "{stdout}");
}

#[test]
fn diff_reports_files_that_move_between_duties() {
    let repo = Repo::new();
    let own_yaml = |net: &str| {
        format!(
            "people:\n  ann: {{}}\n  ben: {{}}\nduties:\n  core:\n    accountable: ann\n    responsible: ann\n    paths: [\"/src/\"]\n  networking:\n    accountable: ben\n    responsible: ben\n    paths: [\"{net}\"]\n"
        )
    };
    let base = repo.commit(
        "Ann",
        "2026-03-01T09:00:00Z",
        "Start",
        &[
            ("own.yaml", Some(&own_yaml("/docs/net.md"))),
            ("src/main.rs", Some("")),
            ("src/net/tcp.rs", Some("")),
            ("src/net/udp.rs", Some("")),
            ("docs/net.md", Some("")),
        ],
    );
    repo.commit(
        "Ben",
        "2026-03-02T09:00:00Z",
        "Networking takes its code",
        &[("own.yaml", Some(&own_yaml("/src/net/")))],
    );
    let base = base.to_string();
    let (code, stdout, stderr) = own(repo.path(), &["diff", &base, "HEAD"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("  ~ 2 files under `src/net/` move from `core` to `networking`\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  ~ 1 file under `docs/` moves from `networking` to nobody\n"),
        "{stdout}"
    );
    let (_, stdout, _) = own(repo.path(), &["diff", &base, "HEAD", "--format", "json"]);
    let report = crate::util::json(&stdout);
    assert_eq!(report["paths"]["changed"], 3);
    assert_eq!(report["paths"]["groups"][0]["from"], "core");
    assert_eq!(report["paths"]["groups"][0]["files"], 2);
    assert_eq!(report["paths"]["examples"][0]["path"], "src/net/tcp.rs");
}

#[test]
fn log_of_a_path_follows_its_owning_duty() {
    let repo = Repo::new();
    let own_yaml = |net: &str, core_responsible: &str| {
        format!(
            "people:\n  ann: {{}}\n  ben: {{}}\n  cy: {{}}\nduties:\n  core:\n    accountable: ann\n    responsible: {core_responsible}\n    paths: [\"/src/\"]\n  networking:\n    accountable: ben\n    responsible: ben\n    paths: [\"{net}\"]\n"
        )
    };
    repo.commit(
        "Ann",
        "2026-03-01T09:00:00Z",
        "Start",
        &[
            ("own.yaml", Some(&own_yaml("/docs/", "ann"))),
            ("src/net/tcp.rs", Some("")),
            ("docs/a.md", Some("")),
        ],
    );
    repo.commit(
        "Ann",
        "2026-03-02T09:00:00Z",
        "Cy helps with core",
        &[("own.yaml", Some(&own_yaml("/docs/", "[ann, cy]")))],
    );
    repo.commit(
        "Ben",
        "2026-03-03T09:00:00Z",
        "Networking takes its code",
        &[("own.yaml", Some(&own_yaml("/src/net/", "[ann, cy]")))],
    );
    repo.commit(
        "Ben",
        "2026-03-04T09:00:00Z",
        "Unrelated file",
        &[("src/other.rs", Some(""))],
    );
    let (code, stdout, stderr) = own(repo.path(), &["log", "src/net/tcp.rs"]);
    assert_eq!(code, 0, "{stderr}");
    let subjects: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .collect();
    assert_eq!(subjects.len(), 3, "{stdout}");
    assert!(
        subjects[0].contains("Networking takes its code"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  ~ `src/net/tcp.rs` moves from `core` to `networking`\n"),
        "{stdout}"
    );
    assert!(subjects[1].contains("Cy helps with core"), "{stdout}");
    assert!(
        stdout.contains("`core`") && stdout.contains("`cy`"),
        "{stdout}"
    );
    assert!(subjects[2].contains("Start"), "{stdout}");
    assert!(
        stdout.contains("  ~ `src/net/tcp.rs` moves from nobody to `core`\n"),
        "{stdout}"
    );
    let (_, stdout, _) = own(
        repo.path(),
        &["log", "path:src/net/tcp.rs", "--format", "json"],
    );
    let report = crate::util::json(&stdout);
    assert_eq!(report["entries"][0]["owner"]["from"], "core");
    assert_eq!(report["entries"][0]["owner"]["to"], "networking");
    assert!(report["entries"][1]["owner"].is_null());
}

const SMALL_ORG: &str =
    "people:\n  ann: {}\nduties:\n  d:\n    accountable: ann\n    responsible: ann\n";

/// A repository with one commit holding `own.yaml`, and the blob id of that file.
fn one_commit() -> (Repo, Oid) {
    let repo = Repo::new();
    let commit = repo.commit(
        "Ann",
        "2026-03-01T09:00:00Z",
        "Start",
        &[("own.yaml", Some(SMALL_ORG))],
    );
    let blob = repo.git(&["rev-parse", &format!("{commit}:own.yaml")]);
    (repo, blob)
}

fn loose_object(repo: &Repo, hex: &str) -> PathBuf {
    repo.git_dir()
        .join("objects")
        .join(&hex[..2])
        .join(&hex[2..])
}

#[test]
fn a_corrupt_object_behind_a_revision_is_a_clear_error() {
    let (repo, blob) = one_commit();
    let object = loose_object(&repo, &blob);
    let mut permissions = std::fs::metadata(&object).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&object, permissions).unwrap();
    std::fs::write(&object, b"this is not zlib data").unwrap();
    let (code, message, _) = fatal(repo.path(), &["--rev", "HEAD", "check"]);
    assert!(code.starts_with("own::"), "{code}");
    assert!(message.contains("own.yaml"), "{message}");
}

#[test]
fn a_missing_object_behind_a_revision_is_a_clear_error() {
    let (repo, blob) = one_commit();
    std::fs::remove_file(loose_object(&repo, &blob)).unwrap();
    let (code, message, _) = fatal(repo.path(), &["--rev", "HEAD", "check"]);
    assert!(code.starts_with("own::"), "{code}");
    assert!(message.contains("own.yaml"), "{message}");
}

#[test]
fn a_truncated_pack_is_a_clear_error() {
    let (repo, _) = one_commit();
    // Pack every object, drop the loose copies, then cut the pack short.
    let pack = git_with(
        repo.path(),
        &["pack-objects", "--revs", "--stdout", "-q"],
        &[],
        Some(b"HEAD\n"),
    );
    let pack_dir = repo.git_dir().join("objects/pack");
    let name = "pack-truncated";
    std::fs::write(
        pack_dir.join(format!("{name}.pack")),
        &pack[..pack.len() / 2],
    )
    .unwrap();
    for entry in std::fs::read_dir(repo.git_dir().join("objects")).unwrap() {
        let path = entry.unwrap().path();
        let dir = path.file_name().unwrap().to_string_lossy().into_owned();
        if dir.len() == 2 {
            std::fs::remove_dir_all(&path).unwrap();
        }
    }
    let (code, _, stderr) = own(repo.path(), &["--rev", "HEAD", "check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("own::git"), "{stderr}");
}

#[test]
#[cfg(unix)]
fn own_yaml_as_a_link_or_a_submodule_at_a_revision() {
    let repo = Repo::new();
    // A link to a file inside the root is followed on disk…
    repo.write(&[("config/own.yaml", Some(SMALL_ORG))]);
    std::os::unix::fs::symlink("config/own.yaml", repo.path().join("own.yaml")).unwrap();
    let (code, stdout, stderr) = own(repo.path(), &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    repo.commit(
        "Ann",
        "2026-03-01T09:00:00Z",
        "Link",
        &[
            ("own.yaml", Some(SMALL_ORG)),
            ("config/own.yaml", Some(SMALL_ORG)),
        ],
    );
    // …but at a revision a link is not an ownership file: a clear error, not its target.
    std::fs::remove_file(repo.path().join("own.yaml")).unwrap();
    std::os::unix::fs::symlink("config/own.yaml", repo.path().join("own.yaml")).unwrap();
    repo.git(&["update-index", "--add", "own.yaml"]);
    let tree = repo.git(&["write-tree"]);
    let at = "2026-03-02T09:00:00Z";
    let head = repo.head().unwrap();
    let link = repo.commit_tree("Ann", at, "own.yaml becomes a link", &tree, &[&head]);
    repo.git(&["update-ref", "HEAD", &link]);
    let listed = repo.git(&["ls-tree", "HEAD", "own.yaml"]);
    let entry = u32::from_str_radix(listed.split(' ').next().unwrap(), 8).unwrap();
    assert_eq!(entry, 0o120_000);
    let (code, message, _) = fatal(repo.path(), &["--rev", "HEAD", "check"]);
    assert_eq!(code, "own::git-no-manifest", "{message}");
    // A submodule (gitlink) named own.yaml is not one either.
    let tree = git_with(
        repo.path(),
        &["mktree"],
        &[],
        Some(format!("160000 commit {head}\town.yaml\n").as_bytes()),
    );
    let tree = String::from_utf8(tree).unwrap();
    let gitlink = repo.commit_tree("Ann", at, "own.yaml is a submodule", tree.trim(), &[&head]);
    let (code, message, _) = fatal(repo.path(), &["--rev", &gitlink, "check"]);
    assert_eq!(code, "own::git-no-manifest", "{message}");
}

#[test]
fn a_git_file_pointing_elsewhere_works_or_fails_clearly() {
    let (repo, _) = one_commit();
    // A linked worktree has a `.git` file pointing into the main repository.
    let parent = tempfile::tempdir().unwrap();
    let path = parent.path().join("linked");
    repo.git(&["worktree", "add", "-q", path.to_str().unwrap()]);
    assert!(path.join(".git").is_file());
    let (code, stdout, stderr) = own(&path, &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, stdout, stderr) = own(&path, &["--rev", "HEAD", "check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // A `.git` file pointing nowhere: a clear git error.
    std::fs::write(path.join(".git"), "gitdir: /nonexistent/place\n").unwrap();
    let (code, message, _) = fatal(&path, &["--rev", "HEAD", "check"]);
    assert!(code.starts_with("own::git"), "{code}: {message}");
}

/// An ownership root in a subfolder: `own.yaml`, one included file and one alert source.
fn stamped_history() -> (Repo, Oid, Oid) {
    let repo = Repo::new();
    let manifest = "version: 1\ninclude: [\"*.own.yaml\"]\ncoverage:\n  alerts:\n    - files: [\"alerts.rules.yml\"]\n      format: prometheus\n";
    let alerts =
        "groups:\n  - name: disks\n    rules:\n      - alert: DiskFull\n        expr: up == 0\n";
    let first = repo.commit(
        "Ann",
        "2026-03-01T09:00:00Z",
        "Start",
        &[
            ("README.md", Some("# infra\n")),
            ("ownership/own.yaml", Some(manifest)),
            ("ownership/alerts.rules.yml", Some(alerts)),
            (
                "ownership/org.own.yaml",
                Some("people:\n  ann: {}\nduties:\n  disks:\n    accountable: ann\n    responsible: [ann]\n"),
            ),
        ],
    );
    let second = repo.commit(
        "Ann",
        "2026-03-02T09:00:00Z",
        "Own the disk alerts",
        &[(
            "ownership/org.own.yaml",
            Some("people:\n  ann: {}\nduties:\n  disks:\n    accountable: ann\n    responsible: [ann]\n    alerts: [\"Disk*\"]\n"),
        )],
    );
    (repo, first, second)
}

/// `commit` and `dirty` of a JSON report or answer.
fn stamp_of(root: &Path, args: &[&str]) -> (String, bool) {
    let (code, stdout, stderr) = own(root, args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    let v = json(&stdout);
    let commit = v["commit"].as_str().unwrap_or("null").to_owned();
    let dirty = v["dirty"]
        .as_bool()
        .unwrap_or_else(|| panic!("{args:?}: no `dirty`:\n{stdout}"));
    (commit, dirty)
}

#[test]
fn reports_and_answers_say_when_the_ownership_files_are_not_the_commit() {
    let (repo, first, second) = stamped_history();
    let root = repo.path().join("ownership");
    let head = second.to_string();
    let short = &head[..12];
    let matrix = ["report", "matrix", "--format", "json"];
    let coverage = ["report", "coverage", "--format", "json"];
    let person = ["who", "ann", "--format", "json"];
    let alert = ["who", "DiskFull", "--format", "json"];

    // Clean, and a change outside the ownership files changes nothing.
    repo.write(&[("README.md", Some("# infra, edited\n"))]);
    for args in [&matrix, &coverage, &person, &alert] {
        assert_eq!(stamp_of(&root, args), (head.clone(), false), "{args:?}");
    }
    let (_, md, _) = own(&root, &["report", "matrix", "--format", "markdown"]);
    assert!(
        md.contains(&format!("\nCommit `{short}` on `main`.\n")),
        "{md}"
    );
    let (_, md, _) = own(&root, &["who", "disks", "--format", "markdown"]);
    assert!(
        md.contains(&format!("\nCommit `{short}` on `main`.\n")),
        "{md}"
    );

    // An edited included file.
    let edited = "people:\n  ann: {}\n  bob: {}\nduties:\n  disks:\n    accountable: ann\n    responsible: [ann]\n    alerts: [\"Disk*\"]\n";
    repo.write(&[("ownership/org.own.yaml", Some(edited))]);
    for args in [&matrix, &coverage, &person, &alert] {
        assert_eq!(stamp_of(&root, args), (head.clone(), true), "{args:?}");
    }
    let dirty = format!("Commit `{short}` on `main` + uncommitted changes.");
    let (_, md, _) = own(&root, &["report", "people", "--format", "markdown"]);
    assert!(md.contains(&dirty), "{md}");
    let (_, md, _) = own(&root, &["who", "ann", "--format", "markdown"]);
    assert!(md.contains(&dirty), "{md}");
    let (_, html, _) = own(&root, &["report", "matrix", "--format", "html"]);
    assert!(
        html.contains(&format!(
            "commit <code title=\"{head}\">{short}</code> on <code>main</code> + uncommitted changes ·"
        )),
        "{html}"
    );
    // Staged is still uncommitted.
    repo.git(&["add", "ownership/org.own.yaml"]);
    assert_eq!(stamp_of(&root, &matrix), (head.clone(), true));

    // A commit read with `--rev` or `--at` is that commit, whatever the working tree holds.
    let (_, html, _) = own(
        &root,
        &["--rev", "HEAD~1", "report", "matrix", "--format", "html"],
    );
    assert!(
        html.contains(&format!(
            "commit <code title=\"{first}\">{}</code> (<code>HEAD~1</code>) ·",
            &first.to_string()[..12]
        )),
        "{html}"
    );
    assert_eq!(
        stamp_of(
            &root,
            &["--rev", "HEAD~1", "report", "matrix", "--format", "json"]
        ),
        (first.to_string(), false)
    );
    assert_eq!(
        stamp_of(
            &root,
            &["--at", "2026-03-01", "who", "ann", "--format", "json"]
        ),
        (first.to_string(), false)
    );
    repo.write(&[("ownership/org.own.yaml", Some(edited))]);
    repo.git(&["checkout", "-q", "-f"]);
    assert_eq!(stamp_of(&root, &matrix), (head.clone(), false));

    // An untracked ownership file.
    repo.write(&[("ownership/extra.own.yaml", Some("people:\n  cy: {}\n"))]);
    assert_eq!(stamp_of(&root, &person), (head.clone(), true));
    repo.write(&[("ownership/extra.own.yaml", None)]);

    // An edited alert source: part of what coverage and an alert's answer read, not of the
    // matrix or a person's card.
    repo.write(&[(
        "ownership/alerts.rules.yml",
        Some("groups:\n  - name: disks\n    rules:\n      - alert: DiskFull\n        expr: up == 1\n"),
    )]);
    assert_eq!(stamp_of(&root, &coverage), (head.clone(), true));
    assert_eq!(stamp_of(&root, &alert), (head.clone(), true));
    assert_eq!(stamp_of(&root, &matrix), (head.clone(), false));
    assert_eq!(stamp_of(&root, &person), (head.clone(), false));

    // A committed alert source deleted from the working tree.
    repo.write(&[("ownership/alerts.rules.yml", None)]);
    assert_eq!(stamp_of(&root, &coverage), (head.clone(), true));
}

#[test]
fn before_the_first_commit_everything_is_uncommitted() {
    let repo = Repo::new();
    repo.write(&[("own.yaml", Some(SMALL_ORG))]);
    assert_eq!(
        stamp_of(repo.path(), &["who", "ann", "--format", "json"]),
        ("null".to_owned(), true)
    );
    let (_, md, _) = own(repo.path(), &["report", "matrix", "--format", "markdown"]);
    assert!(md.contains("\nNo commit yet on `main`.\n"), "{md}");
}

#[test]
fn stamps_name_the_branch_of_a_linked_worktree_and_none_when_detached() {
    let (repo, first, second) = stamped_history();
    let matrix = ["report", "matrix", "--format", "markdown"];
    let short = |id: &str| id[..12].to_owned();

    // A linked worktree: its own `HEAD` (a branch of its own), the main repository's refs.
    let linked = tempfile::tempdir().unwrap();
    let at = linked.path().join("wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "topic",
        at.to_str().unwrap(),
        &first.to_string(),
    ]);
    let (code, md, stderr) = own(&at.join("ownership"), &matrix);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        md.contains(&format!(
            "\nCommit `{}` on `topic`.\n",
            short(&first.to_string())
        )),
        "{md}"
    );
    let (_, json_out, _) = own(
        &at.join("ownership"),
        &["report", "matrix", "--format", "json"],
    );
    assert_eq!(json(&json_out)["commit"], first.to_string());

    // Detached: the commit, and no branch.
    repo.git(&["checkout", "-q", "-f", "--detach", &second.to_string()]);
    let (_, md, _) = own(&repo.path().join("ownership"), &matrix);
    assert!(
        md.contains(&format!(
            "\nCommit `{}` (detached HEAD).\n",
            short(&second.to_string())
        )),
        "{md}"
    );
}
