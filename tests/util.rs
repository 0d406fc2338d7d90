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

/// The real `git` in `dir`, cut off from the machine: no system or global configuration, no
/// inherited repository variables, `main` as the first branch, no signing, no line-ending
/// or automatic-maintenance surprises, and a fixed author, committer and date (override them
/// with `GIT_AUTHOR_*` and `GIT_COMMITTER_*` through [`git_with`]).
pub(crate) fn git_command(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new("git");
    cmd.current_dir(dir);
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_CEILING_DIRECTORIES",
        "GIT_NAMESPACE",
        "GIT_COMMON_DIR",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", "2026-03-01T10:00:00Z")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_DATE", "2026-03-01T10:00:00Z");
    for setting in [
        "init.defaultBranch=main",
        "commit.gpgSign=false",
        "tag.gpgSign=false",
        "core.autocrlf=false",
        "core.safecrlf=false",
        "core.fsmonitor=false",
        "core.hooksPath=/dev/null",
        "gc.auto=0",
        "maintenance.auto=false",
        "advice.detachedHead=false",
    ] {
        cmd.args(["-c", setting]);
    }
    cmd
}

/// Run `git ARGS` in `dir` with extra variables and, if given, bytes on its standard input;
/// return its standard output. Panics with git's error output when it fails.
pub(crate) fn git_with(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    input: Option<&[u8]>,
) -> Vec<u8> {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut cmd = git_command(dir);
    cmd.args(args)
        .envs(env.iter().copied())
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("git {args:?}: {e}"));
    if let Some(input) = input
        && let Some(mut stdin) = child.stdin.take()
    {
        stdin
            .write_all(input)
            .unwrap_or_else(|e| panic!("git {args:?}: {e}"));
    }
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("git {args:?}: {e}"));
    assert!(
        output.status.success(),
        "git {args:?} in {} failed ({}):\n{}",
        dir.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Run `git ARGS` in `dir` (see [`git_command`]) and return its output, trimmed.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let stdout = git_with(dir, args, &[], None);
    String::from_utf8_lossy(&stdout).trim_end().to_owned()
}

/// Run `git ARGS` in `dir`: its output, trimmed, if it succeeds; `None` if it fails.
pub(crate) fn git_try(dir: &Path, args: &[&str]) -> Option<String> {
    let output = git_command(dir)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("git {args:?}: {e}"));
    output.status.success().then(|| {
        String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .to_owned()
    })
}

/// Stage every file under `dir` but `skip` in a new git repository there (the index is
/// what `own` reads for coverage; nothing needs committing). Ignored files stay out. The
/// unborn branch is `master`, as some answers name it (see the `path_cards` snapshot).
pub(crate) fn git_add_all(dir: &Path, skip: &[&str]) {
    git(dir, &["init", "-q", "-b", "master"]);
    let excluded: Vec<String> = skip
        .iter()
        .map(|s| format!(":(exclude,literal){s}"))
        .collect();
    let mut args = vec!["add", "-A", "--", "."];
    args.extend(excluded.iter().map(String::as_str));
    git(dir, &args);
}
