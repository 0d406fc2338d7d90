//! The edit commands (`own review`, `own handoff`, `own ack`, `own delegation done`) on real
//! files: golden files prove that nothing outside the edited lines changes (comments, quotes,
//! flow and block styles, CRLF line ends, odd indentation), and every refusal leaves the
//! files as they were.

use std::path::Path;

use crate::util::{TODAY, copy_dir, git, git_add_all, own_in, run, write};

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    copy_dir(
        &crate::util::project().join("tests/fixtures/edit"),
        dir.path(),
    );
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
}

fn expected(name: &str) -> String {
    read(
        &crate::util::project().join("tests/fixtures/edit-expected"),
        name,
    )
}

/// Run an edit that must succeed; return its stdout.
fn edit(dir: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(own_in(dir).args(args));
    assert_eq!(code, 0, "{args:?}: {stdout}{stderr}");
    stdout
}

/// Run an edit that must be refused; return its stderr, after checking no file changed.
fn refused(dir: &Path, args: &[&str], code: &str) -> String {
    let before: Vec<String> = ["duties.own.yaml", "people.own.yaml"]
        .iter()
        .map(|n| read(dir, n))
        .collect();
    let (status, stdout, stderr) = run(own_in(dir).args(args));
    assert_eq!(status, 2, "{args:?} was not refused: {stdout}{stderr}");
    assert!(stderr.contains(code), "{args:?}: expected {code}: {stderr}");
    let after: Vec<String> = ["duties.own.yaml", "people.own.yaml"]
        .iter()
        .map(|n| read(dir, n))
        .collect();
    assert_eq!(before, after, "a refused edit changed a file");
    stderr
}

#[test]
fn the_four_edits_change_only_the_bytes_they_must() {
    let dir = fixture();
    let d = dir.path();
    let said = edit(d, &["review", "deploys", "backups", "--by", "dan"]);
    assert_eq!(
        said,
        format!(
            "reviewed `deploys` on {TODAY} by dan\nreviewed `backups` on {TODAY} by dan\nwrote duties.own.yaml\n"
        )
    );
    edit(
        d,
        &["review", "pager", "--by", "erin", "--date", "2026-11-28"],
    );
    let said = edit(
        d,
        &[
            "handoff",
            "carol",
            "dan",
            "--from-date",
            "2026-12-20",
            "--to-date",
            "2027-01-04",
            "--duty",
            "pager",
            "--reason",
            "winter break",
        ],
    );
    assert!(
        said.contains("handoff `carol-to-dan-2026-12-20`: `pager` of carol to dan"),
        "{said}"
    );
    edit(d, &["ack", "carol-to-dan-2026-12-20", "--by", "dan"]);
    edit(d, &["delegation", "done", "restore-drill"]);
    for name in ["duties.own.yaml", "people.own.yaml"] {
        assert_eq!(
            read(d, name),
            expected(name),
            "{name} differs from its golden file"
        );
    }
    // The CRLF file kept every line end, and the result is an organisation `own check`
    // passes.
    assert!(
        !read(d, "duties.own.yaml")
            .replace("\r\n", "")
            .contains('\n')
    );
    let (code, out, err) = run(own_in(d).arg("check"));
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let dir = fixture();
    let d = dir.path();
    let before = read(d, "duties.own.yaml");
    let diff = edit(d, &["review", "pager", "--by", "carol", "--dry-run"]);
    assert_eq!(read(d, "duties.own.yaml"), before);
    assert!(
        diff.starts_with("--- a/duties.own.yaml\n+++ b/duties.own.yaml\n"),
        "{diff}"
    );
    // Every line keeps its CRLF end (`lines` takes both bytes off).
    assert_eq!(
        diff.matches("\r\n").count(),
        diff.lines().count() - 3,
        "{diff:?}"
    );
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(
        changed,
        [
            "-    reviewed: 2025-06-01 # last time",
            &format!("+    reviewed: {TODAY} # last time"),
            "+    reviewed-by: carol"
        ]
    );
}

#[test]
fn edits_that_are_not_allowed_or_not_sound_are_refused_and_write_nothing() {
    let dir = fixture();
    let d = dir.path();
    // Reviewing is for the accountable or a responsible.
    let err = refused(d, &["review", "pager", "--by", "dan"], "own::edit-refused");
    assert!(err.contains("`dan` may not review `pager`"), "{err}");
    assert!(err.contains("carol, erin"), "{err}");
    // Only the receiver acknowledges.
    edit(
        d,
        &[
            "handoff",
            "carol",
            "dan",
            "--from-date",
            "2026-12-20",
            "--id",
            "h",
        ],
    );
    let err = refused(d, &["ack", "h", "--by", "erin"], "own::edit-refused");
    assert!(
        err.contains("only `dan`, who receives the handoff, may"),
        "{err}"
    );
    // What `own check` would reject: an overlap, inverted dates, a duty not held.
    let err = refused(
        d,
        &[
            "handoff",
            "carol",
            "erin",
            "--from-date",
            "2026-12-24",
            "--id",
            "h2",
        ],
        "own::edit-refused",
    );
    assert!(err.contains("own::handoff-overlap"), "{err}");
    let err = refused(
        d,
        &[
            "handoff",
            "dan",
            "erin",
            "--from-date",
            "2027-01-10",
            "--to-date",
            "2027-01-01",
        ],
        "own::edit-refused",
    );
    assert!(err.contains("own::invalid-range"), "{err}");
    let err = refused(
        d,
        &[
            "handoff",
            "erin",
            "dan",
            "--from-date",
            "2027-01-10",
            "--duty",
            "backups",
        ],
        "own::edit-refused",
    );
    assert!(err.contains("own::handoff-not-held"), "{err}");
    // Unknown names get the nearest one; an existing id is not reused.
    let err = refused(d, &["review", "pagr", "--by", "carol"], "own::usage");
    assert!(err.contains("did you mean `pager`?"), "{err}");
    let err = refused(
        d,
        &[
            "handoff",
            "carol",
            "dan",
            "--from-date",
            "2027-03-01",
            "--id",
            "h",
        ],
        "own::usage",
    );
    assert!(err.contains("a handoff `h` exists already"), "{err}");
    // A revision cannot be edited.
    refused(
        d,
        &["--rev", "HEAD", "delegation", "done", "restore-drill"],
        "own::usage",
    );
}

#[test]
fn an_item_written_through_an_alias_is_refused_with_its_place() {
    let dir = fixture();
    let d = dir.path();
    write(
        d,
        "duties.own.yaml",
        b"base: &base\n  accountable: carol\nduties:\n  pager: *base\n",
    );
    // `base` is not a section own knows; the organisation still loads, with a finding.
    let err = refused(
        d,
        &["review", "pager", "--by", "carol"],
        "own::edit-refused",
    );
    assert!(err.contains("alias"), "{err}");
    assert!(err.contains("duties.own.yaml:4:3"), "{err}");
}

#[test]
fn the_reviewer_is_the_person_whose_email_is_gits_user_email() {
    let dir = fixture();
    let d = dir.path();
    git(d, &["init", "-q"]);
    git(d, &["config", "user.email", "Dan@Example.com"]);
    git_add_all(d, &[]);
    git(d, &["commit", "-q", "-m", "org"]);
    let said = edit(d, &["review", "deploys"]);
    assert!(said.contains("by dan"), "{said}");
    assert!(read(d, "duties.own.yaml").contains("reviewed-by: dan"));
    git(d, &["config", "user.email", "nobody@example.com"]);
    let err = refused(d, &["review", "deploys"], "own::usage");
    assert!(
        err.contains("`nobody@example.com` is no one's `email`"),
        "{err}"
    );
}
