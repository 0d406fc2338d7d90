//! Shared helpers: temporary organisations and a pinned `own` command.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The fixed evaluation date of every test.
pub(crate) const TODAY: &str = "2026-11-29";

/// The project's own folder (for `examples/`).
pub(crate) fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `own` with a fixed date, no colour, and no influence from the caller's environment.
pub(crate) fn own() -> Command {
    let mut cmd = Command::cargo_bin("own").unwrap_or_else(|e| panic!("no own binary: {e}"));
    cmd.env("OWN_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100");
    cmd
}

/// `own -C dir …`.
pub(crate) fn own_in(dir: &Path) -> Command {
    let mut cmd = own();
    cmd.arg("-C").arg(dir);
    cmd
}

/// A temporary folder holding the given files.
pub(crate) fn org(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (name, text) in files {
        write(dir.path(), name, text.as_bytes());
    }
    dir
}

pub(crate) fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
    }
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Copy a folder's files (recursively) into another.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap_or_else(|e| panic!("mkdir: {e}"));
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("copy: {e}"));
        }
    }
}

/// Run and return (exit code, stdout, stderr).
pub(crate) fn run(cmd: &mut Command) -> (i32, String, String) {
    let output = cmd.output().unwrap_or_else(|e| panic!("run: {e}"));
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Parse JSON output.
pub(crate) fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// Two text fields of every object in a JSON array (`""` where one is missing).
pub(crate) fn str_pairs<'v>(
    array: &'v serde_json::Value,
    a: &str,
    b: &str,
) -> Vec<(&'v str, &'v str)> {
    array
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| (o[a].as_str().unwrap_or(""), o[b].as_str().unwrap_or("")))
        .collect()
}

/// The codes of a `check --format json` run, in order.
pub(crate) fn codes(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["code"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A tiny valid organisation.
pub(crate) const PEOPLE: &str = "\
people:
  alice: { name: Alice Ng, manager: carol }
  bob: { name: Bob Diaz, manager: carol }
  carol: { name: Carol Ito }
teams:
  soc: { name: Security Operations, lead: carol, members: [alice, bob] }
";

/// Stage every file under `dir` but `skip` in a new git repository there (the index is
/// what `own` reads for coverage; nothing needs committing).
pub(crate) fn git_add_all(dir: &Path, skip: &[&str]) {
    let repo = git2::Repository::init(dir).unwrap_or_else(|e| panic!("init: {e}"));
    let mut index = repo.index().unwrap_or_else(|e| panic!("index: {e}"));
    index
        .add_all(
            ["*"],
            git2::IndexAddOption::DEFAULT,
            Some(&mut |path: &Path, _: &[u8]| {
                let skipped = skip.iter().any(|s| path.to_string_lossy() == *s);
                if skipped { 1 } else { 0 }
            }),
        )
        .unwrap_or_else(|e| panic!("add: {e}"));
    index.write().unwrap_or_else(|e| panic!("write index: {e}"));
}
