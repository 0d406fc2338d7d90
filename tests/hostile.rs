//! Hostile and broken input: each ends quickly with exit 2 and a located error, never a
//! panic.

use std::time::{Duration, Instant};

use crate::util::{git, git_with, json, org, own_in, run, write};

/// Run `own check --format json` on a folder; expect exit 2 and return the error object.
fn fatal(dir: &std::path::Path) -> serde_json::Value {
    let started = Instant::now();
    let (code, stdout, stderr) = run(own_in(dir).args(["check", "--format", "json"]));
    // Generous for a debug build on a loaded machine; the point is "not minutes".
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(code, 2, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report = json(&stdout);
    assert_eq!(report["version"], 1);
    report["error"].clone()
}

fn located(error: &serde_json::Value, code: &str, file: &str, line: u64) {
    assert_eq!(error["code"], code, "{error}");
    assert_eq!(error["file"], file, "{error}");
    assert_eq!(error["line"], line, "{error}");
    assert!(error["column"].as_u64().is_some_and(|c| c >= 1), "{error}");
}

#[test]
fn unclosed_bracket() {
    let dir = org(&[("own.yaml", "people:\n  a: { name: A\n  b: {}\nteams: [\n")]);
    let error = fatal(dir.path());
    assert_eq!(error["code"], "own::yaml-syntax");
    assert_eq!(error["file"], "own.yaml");
    assert!(error["line"].as_u64().is_some());
}

/// Run `own check --format json`; expect exit 1 and return the `own::invalid-value`
/// findings: a value that cannot be used is left out, and the rest is evaluated.
fn invalid_values(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let (code, stdout, stderr) = run(own_in(dir).args(["check", "--format", "json"]));
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let report = json(&stdout);
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["code"] == "own::invalid-value")
        .cloned()
        .collect()
}

#[test]
fn wrong_types() {
    let dir = org(&[("own.yaml", "people:\n  a:\n    skills: 3\n")]);
    let found = invalid_values(dir.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0]["message"],
        "invalid `skills` in person `a`: expected a list, found `3`"
    );
    assert_eq!(
        (&found[0]["line"], &found[0]["column"]),
        (&3.into(), &13.into())
    );

    let dir = org(&[("own.yaml", "people: [a, b]\n")]);
    let found = invalid_values(dir.path());
    assert_eq!(found[0]["line"], 1, "{found:#?}");

    let dir = org(&[("own.yaml", "people:\n  a: { status: gone }\n")]);
    let found = invalid_values(dir.path());
    assert_eq!(found[0]["line"], 2);
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("unknown variant `gone`"))
    );
}

#[test]
fn every_bad_value_is_reported_in_one_run_and_the_rest_is_evaluated() {
    let dir = org(&[
        (
            "own.yaml",
            "include: [\"*.own.yaml\"]\nrules:\n  own::empty-team: sometimes\n\
             coverage:\n  alerts:\n    - { files: [\"a.yml\"], format: prom }\n",
        ),
        (
            "people.own.yaml",
            "people:\n  ken: { away: [{ from: 2026-12-21, to: 2026-02-30 }] }\n  lena: {}\n",
        ),
        (
            "duties.own.yaml",
            "duties:\n  d: { accountable: [ken, lena], responsible: lena, reviewed: someday }\n",
        ),
    ]);
    let places: Vec<String> = invalid_values(dir.path())
        .iter()
        .map(|f| format!("{}:{}", f["file"].as_str().unwrap_or_default(), f["line"]))
        .collect();
    assert_eq!(
        places,
        [
            "duties.own.yaml:2",
            "own.yaml:3",
            "own.yaml:6",
            "people.own.yaml:2"
        ]
    );
    // The rest is evaluated: the two accountables are still found.
    let (_, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert!(crate::util::codes(&json(&stdout)).contains(&"own::one-accountable".to_owned()));
    // A lookup answers from the rest and says that something was left out.
    let (code, _, stderr) = run(own_in(dir.path()).args(["who", "ken"]));
    assert_eq!(code, 0);
    assert!(
        stderr.contains("note: 4 values could not be used and are left out"),
        "{stderr}"
    );
}

#[test]
fn repeated_key_in_one_mapping_points_at_both() {
    let dir = org(&[("own.yaml", "people:\n  a: {}\n  b: {}\n  a: {}\n")]);
    let error = fatal(dir.path());
    located(&error, "own::duplicate-key", "own.yaml", 4);
    let (_, _, stderr) = run(own_in(dir.path()).arg("check"));
    assert!(stderr.contains("first written here"), "{stderr}");
    assert!(stderr.contains("repeated here"), "{stderr}");
}

#[test]
fn empty_file() {
    let dir = org(&[("own.yaml", "")]);
    let error = fatal(dir.path());
    located(&error, "own::empty-file", "own.yaml", 1);
    let dir = org(&[
        ("own.yaml", "version: 1\n"),
        ("x.own.yaml", "# nothing yet\n"),
    ]);
    located(&fatal(dir.path()), "own::empty-file", "x.own.yaml", 1);
}

#[test]
fn binary_file() {
    let dir = org(&[("own.yaml", "version: 1\n")]);
    write(
        dir.path(),
        "blob.own.yaml",
        b"people:\n\x00\x01\x02\xff\xfe",
    );
    let error = fatal(dir.path());
    located(&error, "own::binary-file", "blob.own.yaml", 2);
}

#[test]
fn non_utf8_bytes() {
    let dir = org(&[]);
    write(dir.path(), "own.yaml", b"people:\n  a: { name: caf\xe9 }\n");
    let error = fatal(dir.path());
    located(&error, "own::not-utf8", "own.yaml", 2);
    assert_eq!(error["column"], 17);
}

#[test]
fn one_megabyte_line() {
    let mut text = String::from("people: { a: { name: \"");
    text.push_str(&"x".repeat(1 << 20));
    text.push('\n');
    let dir = org(&[("own.yaml", &text)]);
    let error = fatal(dir.path());
    assert_eq!(error["code"], "own::yaml-syntax");
    assert_eq!(error["file"], "own.yaml");
}

#[test]
fn long_key() {
    let text = format!("{}: 1\n", "k".repeat(1 << 20));
    let dir = org(&[("own.yaml", &text)]);
    let error = fatal(dir.path());
    assert_eq!(error["code"], "own::yaml-syntax");
    assert_eq!(error["line"], 1);
}

#[test]
fn alias_bomb() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..20 {
        let list = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{list}]\n"));
    }
    let dir = org(&[("own.yaml", &text)]);
    let error = fatal(dir.path());
    assert_eq!(error["code"], "own::yaml-budget");
    assert!(error["line"].as_u64().is_some_and(|l| l > 1));
}

#[test]
fn deep_nesting() {
    for text in ["[".repeat(100_000), "{a: ".repeat(100_000), {
        let mut block = String::new();
        for depth in 0..5_000 {
            block.push_str(&" ".repeat(depth));
            block.push_str("a:\n");
        }
        block
    }] {
        let dir = org(&[("own.yaml", &text)]);
        let error = fatal(dir.path());
        let code = error["code"].as_str().unwrap_or_default();
        assert!(
            matches!(code, "own::yaml-budget" | "own::yaml-syntax"),
            "{error}"
        );
        assert_eq!(error["file"], "own.yaml");
    }
}

#[test]
#[cfg(unix)]
fn include_glob_through_a_symlink_loop() {
    let dir = org(&[
        ("own.yaml", "version: 1\n"),
        ("teams/a.own.yaml", "teams: {}\n"),
    ]);
    std::os::unix::fs::symlink("..", dir.path().join("teams/loop"))
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    let error = fatal(dir.path());
    assert_eq!(error["code"], "own::walk-error");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("loop")),
        "{error}"
    );
}

#[test]
#[cfg(unix)]
fn unreadable_file() {
    let dir = org(&[("own.yaml", "version: 1\n")]);
    std::os::unix::fs::symlink("missing.yaml", dir.path().join("gone.own.yaml"))
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    let error = fatal(dir.path());
    let message = error["message"].as_str().unwrap_or_default();
    assert!(message.contains("gone.own.yaml"), "{error}");
}

#[test]
fn no_manifest_anywhere_up_the_tree() {
    let dir = org(&[("sub/readme.txt", "hello")]);
    let (code, stdout, stderr) = run(own_in(&dir.path().join("sub")).arg("check"));
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("no `own.yaml` found"), "{stderr}");
    assert!(stderr.contains("own init"), "{stderr}");
    let error = fatal(&dir.path().join("sub"));
    assert_eq!(error["code"], "own::no-manifest");
}

#[test]
fn include_globs_cannot_leave_the_root() {
    for glob in ["../*.own.yaml", "/etc/*.yaml"] {
        let dir = org(&[("own.yaml", &format!("include: [\"{glob}\"]\n"))]);
        let error = fatal(dir.path());
        located(&error, "own::invalid-config", "own.yaml", 1);
    }
}

#[test]
fn alert_source_globs_cannot_leave_the_root() {
    for glob in ["../*.rules.yml", "/etc/*.yml", "mon/../../x.yml"] {
        let dir = org(&[(
            "own.yaml",
            &format!("coverage:\n  alerts:\n    - files: [\"{glob}\"]\n      format: prometheus\n"),
        )]);
        let error = fatal(dir.path());
        located(&error, "own::invalid-config", "own.yaml", 3);
    }
}

#[test]
fn unsupported_version_and_bad_schemes() {
    let dir = org(&[("own.yaml", "version: 2\n")]);
    located(&fatal(dir.path()), "own::invalid-config", "own.yaml", 1);
    let dir = org(&[(
        "own.yaml",
        "scheme:\n  roles:\n    driver: {}\n    approver: {}\n",
    )]);
    assert_eq!(fatal(dir.path())["code"], "own::invalid-config");
    let dir = org(&[(
        "own.yaml",
        "scheme:\n  roles:\n    a: { accountable: true }\n    b: { accountable: true }\n",
    )]);
    located(&fatal(dir.path()), "own::invalid-config", "own.yaml", 4);
}

#[test]
fn human_errors_go_to_stderr_with_a_snippet() {
    let dir = org(&[("own.yaml", "people:\n  a:\n    skills: [siem\n")]);
    let (code, stdout, stderr) = run(own_in(dir.path()).arg("check"));
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    insta::assert_snapshot!("fatal_syntax", stderr);
}

#[test]
#[cfg(unix)]
fn links_out_of_the_root_are_never_followed() {
    let outside = org(&[
        ("secret.own.yaml", "people:\n  mallory: {}\n"),
        ("dir/more.own.yaml", "people:\n  trudy: {}\n"),
    ]);
    // A link to a folder outside: not descended, so nothing there is read.
    let dir = org(&[("own.yaml", "version: 1\n")]);
    std::os::unix::fs::symlink(outside.path().join("dir"), dir.path().join("linked"))
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    let (code, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(json(&stdout)["summary"]["people"], 0);
    // A link to a file outside that an include glob selects: a clear error, not a read.
    std::os::unix::fs::symlink(
        outside.path().join("secret.own.yaml"),
        dir.path().join("team.own.yaml"),
    )
    .unwrap_or_else(|e| panic!("symlink: {e}"));
    let error = fatal(dir.path());
    assert_eq!(error["code"], "own::outside-root");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("team.own.yaml")),
        "{error}"
    );
}

#[test]
fn file_size_limits_are_enforced() {
    let big = format!("people:\n{}", "  # padding\n".repeat(2_000));
    let dir = org(&[
        ("own.yaml", "limits:\n  max-file-size: 1000\n"),
        ("big.own.yaml", &big),
    ]);
    let error = fatal(dir.path());
    assert_eq!(error["code"], "own::file-too-large");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("big.own.yaml")),
        "{error}"
    );
}

#[test]
#[cfg(unix)]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // Enough findings for megabytes of JSON, far more than a pipe buffers.
    let dir = org(&[("own.yaml", "coverage:\n  paths: {}\n")]);
    for i in 0..3000 {
        write(dir.path(), &format!("data/file-{i:04}.csv"), b"");
    }
    let bin = assert_cmd::cargo::cargo_bin("own");
    let mut child = Command::new(bin)
        .args(["-C"])
        .arg(dir.path())
        .args(["check", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    // Read one byte and close the pipe, like `| head -c1`.
    let mut stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut byte = [0u8; 1];
    let _ = stdout.read(&mut byte);
    drop(stdout);
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait: {e}"));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    // Not killed by SIGPIPE and no error message: a quiet end, with the exit code the
    // findings earned (every file is unowned: 1), so `set -o pipefail` still fails the gate.
    assert_eq!(output.status.code(), Some(1), "{:?}", output.status);
}

#[test]
fn terminal_escapes_and_bidi_overrides_are_refused_where_they_are_written() {
    // An escape sequence in a title would restyle or rewrite the reader's terminal; a line
    // break in an id would split one-line formats; an override reorders what is shown.
    let dir = org(&[(
        "own.yaml",
        "people:\n  alice: {}\nduties:\n  d:\n    title: \"x\\e[2Jy\"\n",
    )]);
    let error = fatal(dir.path());
    located(&error, "own::invalid-value", "own.yaml", 5);
    assert!(
        error["message"].as_str().unwrap().contains("U+001B"),
        "{error}"
    );
    let dir = org(&[("own.yaml", "people:\n  \"al\\nice\": {}\n")]);
    let error = fatal(dir.path());
    located(&error, "own::invalid-value", "own.yaml", 2);
    assert!(
        error["message"].as_str().unwrap().contains("key"),
        "{error}"
    );
    let dir = org(&[("own.yaml", "people:\n  alice: { name: \"A\u{202e}B\" }\n")]);
    located(&fatal(dir.path()), "own::invalid-value", "own.yaml", 2);
    // Line breaks and tabs in values are text.
    let dir = org(&[(
        "own.yaml",
        "people:\n  alice: {}\nduties:\n  d:\n    title: \"two\\nlines\\tand a tab\"\n    accountable: alice\n    responsible: alice\n",
    )]);
    let (code, _, stderr) = run(own_in(dir.path()).args(["check", "-q"]));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn short_format_keeps_one_finding_per_line() {
    let dir = org(&[(
        "own.yaml",
        "people:\n  alice: {}\nduties:\n  d:\n    accountable: alice\n    responsible: alice\n    paths: [\"src/\\n* @evil\", \"a\\tb\"]\n",
    )]);
    let (code, stdout, _) = run(own_in(dir.path()).args(["check", "--format", "short"]));
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].contains("`src/\\u{000a}* @evil`"), "{stdout}");
    assert!(lines[1].contains("`a\\u{0009}b`"), "{stdout}");
}

/// An organisation with thousands of deny findings: more output than a pipe holds.
fn many_findings() -> tempfile::TempDir {
    let mut duties = String::from("people:\n  a: {}\nduties:\n");
    for i in 0..3000 {
        duties.push_str(&format!("  d{i}: {{ responsible: a }}\n"));
    }
    org(&[("own.yaml", &duties)])
}

#[test]
fn a_closed_stdout_keeps_the_failing_exit_code() {
    let dir = many_findings();
    for format in ["github", "short", "human", "json", "sarif"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("own"))
            .args(["-C"])
            .arg(dir.path())
            .args(["check", "--format", format])
            .env("OWN_TODAY", crate::util::TODAY)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn: {e}"));
        // Read a little, as `head -1` does, then hang up.
        let mut stdout = child.stdout.take().unwrap_or_else(|| unreachable!());
        let mut first = [0u8; 16];
        let _ = std::io::Read::read(&mut stdout, &mut first);
        drop(stdout);
        let output = child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("wait: {e}"));
        assert_eq!(output.status.code(), Some(1), "{format}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{stderr}"
        );
    }
}

#[test]
#[cfg(target_os = "linux")]
fn a_full_disk_is_an_error_not_a_success() {
    let dir = org(&[(
        "own.yaml",
        "people:\n  a: {}\nduties:\n  d: { accountable: a, responsible: a }\n",
    )]);
    let commands: [&[&str]; 5] = [
        &["schema", "manifest"],
        &["man"],
        &["who", "d"],
        &["report", "matrix"],
        &["codeowners"],
    ];
    for args in commands {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap_or_else(|e| panic!("/dev/full: {e}"));
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("own"))
            .arg("-C")
            .arg(dir.path())
            .args(args)
            .env("OWN_TODAY", crate::util::TODAY)
            .stdout(full)
            .output()
            .unwrap_or_else(|e| panic!("run: {e}"));
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("own::write-error"), "{args:?}: {stderr}");
    }
}

#[test]
fn endless_periods_and_future_reviews_are_located_values_not_panics() {
    for period in ["20000y", "19999y", "101y", "999999999d", "1201m"] {
        let dir = org(&[(
            "own.yaml",
            &format!(
                "policy:\n  review-every: {period}\n  absence-notice: {period}\npeople:\n  a: {{}}\n\
                 duties:\n  d: {{ accountable: a, responsible: a, reviewed: 2026-01-01 }}\n"
            ),
        )]);
        let found = invalid_values(dir.path());
        assert_eq!(found.len(), 2, "{period}: {found:#?}");
        assert_eq!(
            (&found[0]["line"], &found[1]["line"]),
            (&2.into(), &3.into())
        );
    }
    let dir = org(&[(
        "own.yaml",
        "policy:\n  review-every: 100y\npeople:\n  a: {}\nduties:\n  d: { accountable: a, responsible: a, reviewed: 2027-01-01 }\n",
    )]);
    let found = invalid_values(dir.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("after the evaluation date")),
        "{found:#?}"
    );
}

#[test]
#[cfg(unix)]
fn an_own_yaml_that_is_not_a_file_is_an_error_not_a_reason_to_look_up() {
    let outer = org(&[("own.yaml", "people:\n  outer: {}\n")]);
    let inner = outer.path().join("inner");
    std::fs::create_dir_all(inner.join("own.yaml")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let error = fatal(&inner);
    assert_eq!(error["code"], "own::read-error", "{error}");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("not a regular file")),
        "{error}"
    );
    let fifo_dir = outer.path().join("fifo");
    std::fs::create_dir_all(&fifo_dir).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let made = std::process::Command::new("mkfifo")
        .arg(fifo_dir.join("own.yaml"))
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(made.success());
    // `fatal` also bounds the time: a FIFO is never opened (that would block).
    let error = fatal(&fifo_dir);
    assert_eq!(error["code"], "own::read-error", "{error}");
}

#[test]
#[cfg(unix)]
fn output_never_replaces_a_link_a_fifo_or_a_folder() {
    let dir = org(&[("own.yaml", "people:\n  a: {}\n")]);
    let target = dir.path().join("target.md");
    std::fs::write(&target, "keep me").unwrap_or_else(|e| panic!("write: {e}"));
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap_or_else(|e| panic!("symlink: {e}"));
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(made.success());
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("mkdir: {e}"));
    for (path, why) in [
        (&link, "symbolic link"),
        (&fifo, "not a regular file"),
        (&folder, "is a folder"),
    ] {
        let (code, _, stderr) = run(own_in(dir.path())
            .args(["report", "matrix", "--format", "markdown", "-o"])
            .arg(path));
        assert_eq!(code, 2, "{}: {stderr}", path.display());
        assert!(
            stderr.contains("own::write-error") && stderr.contains(why),
            "{stderr}"
        );
    }
    // Nothing was replaced.
    assert!(std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap_or_default(),
        "keep me"
    );
    {
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata(&fifo).is_ok_and(|m| m.file_type().is_fifo()));
    }
    // A regular file and a new path are written.
    let (code, _, stderr) = run(own_in(dir.path())
        .args(["report", "matrix", "--format", "markdown", "-o"])
        .arg(&target));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
#[cfg(unix)]
fn init_does_not_write_through_a_link_out_of_the_folder() {
    let outside = org(&[]);
    let dir = org(&[]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join(".own"))
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    let (code, _, stderr) = run(own_in(dir.path()).arg("init"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("leads outside"), "{stderr}");
    let written: Vec<_> = std::fs::read_dir(outside.path())
        .into_iter()
        .flatten()
        .flatten()
        .collect();
    assert!(written.is_empty(), "wrote {written:?} outside");
    assert!(
        !dir.path().join("own.yaml").exists(),
        "nothing is half made"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn a_codeowners_link_out_of_the_repository_is_never_read() {
    let dir = org(&[(
        "own.yaml",
        "people:\n  a: { github: a-gh }\nduties:\n  d: { accountable: a, responsible: a, paths: [\"/src/\"] }\n",
    )]);
    crate::util::git_add_all(dir.path(), &[]);
    std::fs::create_dir_all(dir.path().join(".github")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    for target in ["/proc/self/environ", "/dev/zero"] {
        let link = dir.path().join(".github/CODEOWNERS");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(target, &link).unwrap_or_else(|e| panic!("symlink: {e}"));
        let started = Instant::now();
        let (code, stdout, stderr) = run(own_in(dir.path())
            .env("OWN_SECRET_CANARY", "hunter2")
            .args(["codeowners", "--check", ".github/CODEOWNERS"]));
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(code, 2, "{target}: {stdout}{stderr}");
        assert!(stderr.contains("own::outside-root"), "{stderr}");
        assert!(!stdout.contains("hunter2") && !stderr.contains("hunter2"));
        let (code, stdout, stderr) = run(own_in(dir.path())
            .env("OWN_SECRET_CANARY", "hunter2")
            .args(["import", "codeowners"])
            .arg(&link));
        assert_eq!(code, 2, "{target}: {stdout}{stderr}");
        assert!(!stdout.contains("hunter2") && !stderr.contains("hunter2"));
    }
}

#[test]
#[cfg(unix)]
fn a_fifo_the_globs_select_is_an_error_not_a_hang() {
    for (glob_file, own_yaml) in [
        ("team.own.yaml", "people:\n  a: {}\n"),
        (
            "mon/a.rules.yml",
            "coverage:\n  alerts:\n    - { files: [\"mon/*.rules.yml\"], format: prometheus }\npeople:\n  a: {}\n",
        ),
    ] {
        let dir = org(&[("own.yaml", own_yaml)]);
        let fifo = dir.path().join(glob_file);
        if let Some(parent) = fifo.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
        }
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap_or_else(|e| panic!("mkfifo: {e}"));
        assert!(made.success());
        let error = fatal(dir.path());
        assert_eq!(error["code"], "own::read-error", "{glob_file}: {error}");
        assert!(
            error["message"]
                .as_str()
                .is_some_and(|m| m.contains("not a regular file")),
            "{error}"
        );
    }
}

#[test]
#[cfg(unix)]
fn a_dangling_link_nothing_needs_is_harmless_and_a_needed_one_is_named() {
    let dir = org(&[
        (
            "own.yaml",
            "include: [\"teams/*.own.yaml\"]\npeople:\n  a: {}\n",
        ),
        ("teams/ok.own.yaml", "people:\n  b: {}\n"),
    ]);
    std::os::unix::fs::symlink("nowhere", dir.path().join("build.txt"))
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    let (code, stdout, stderr) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, _, stderr) = run(own_in(dir.path()).args(["who", "b"]));
    assert_eq!(code, 0, "{stderr}");
    std::os::unix::fs::symlink("gone.yaml", dir.path().join("teams/lost.own.yaml"))
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    let error = fatal(dir.path());
    assert_eq!(error["code"], "own::read-error", "{error}");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("teams/lost.own.yaml")),
        "{error}"
    );
}

#[test]
fn ids_refuse_invisible_and_line_breaking_characters() {
    for c in [
        '\u{200b}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{2028}', '\u{2029}', '\u{2060}',
        '\u{061c}',
    ] {
        let dir = org(&[(
            "own.yaml",
            &format!("people:\n  ali{c}ce: {{}}\n  bob: {{}}\n"),
        )]);
        let error = fatal(dir.path());
        located(&error, "own::invalid-value", "own.yaml", 2);
        let dir = org(&[(
            "own.yaml",
            &format!("people:\n  bob: {{}}\nduties:\n  d: {{ accountable: \"b{c}ob\" }}\n"),
        )]);
        // In a value that names an id, it is at least not the id it looks like.
        let (code, _, _) = run(own_in(dir.path()).args(["check", "--format", "json"]));
        assert_ne!(code, 0, "U+{:04X}", u32::from(c));
    }
    // A value may hold a zero-width joiner: it is text.
    let dir = org(&[("own.yaml", "people:\n  a: { name: \"x\u{200d}y\" }\n")]);
    let (code, _, stderr) = run(own_in(dir.path()).args(["check", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn terminal_escapes_from_git_and_file_names_are_shown_not_sent() {
    let dir = org(&[(
        "own.yaml",
        "people:\n  a: {}\nduties:\n  d: { accountable: a, responsible: a }\n",
    )]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "own.yaml"]);
    let name = "Mal\u{1b}]0;owned\u{7}lory";
    git_with(
        dir.path(),
        &["commit", "-q", "-m", "fix \u{1b}[2J\u{1b}[31mred\u{202e}"],
        &[
            ("GIT_AUTHOR_NAME", name),
            ("GIT_AUTHOR_EMAIL", "m@example.com"),
            ("GIT_COMMITTER_NAME", name),
            ("GIT_COMMITTER_EMAIL", "m@example.com"),
        ],
        None,
    );
    let (code, stdout, stderr) = run(own_in(dir.path()).args(["log", "d"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("fix \\u{001b}[2J"), "{stdout}");
    assert!(
        stdout.contains("Mal\\u{001b}]0;owned\\u{0007}lory"),
        "{stdout}"
    );

    // A file name holding an escape, in the human snippet's header and in annotations.
    let dir = org(&[("own.yaml", "include: [\"*.own.yaml\"]\npeople:\n  a: {}\n")]);
    write(
        dir.path(),
        "x\u{1b}[2J.own.yaml",
        b"duties:\n  d: { responsible: a }\n",
    );
    for format in ["human", "short", "github"] {
        let (_, stdout, stderr) = run(own_in(dir.path()).args(["check", "--format", format]));
        assert!(
            !stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'),
            "{format}: {stdout:?}"
        );
    }
}

/// Run `own ARGS` in `dir` and return (exit code, stdout, stderr, seconds taken), checking
/// it neither panicked nor took minutes. Each input below took over 20 s (release) before
/// its bound; a debug build on a loaded machine gets ten.
fn bounded(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let started = Instant::now();
    let (code, stdout, stderr) = run(own_in(dir).args(args));
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "{args:?} took {took:?}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (code, stdout, stderr)
}

#[test]
fn quadratic_inputs_are_bounded() {
    // 70 references to unknown 1,000-character ids: "did you mean" over all of them.
    let long = |i: usize| format!("{}{i}", "x".repeat(1000));
    let mut people = String::from("people:\n");
    for i in 0..70 {
        people.push_str(&format!("  {}: {{}}\n", long(i)));
    }
    people.push_str("duties:\n");
    for i in 0..70 {
        people.push_str(&format!(
            "  d{i}: {{ accountable: {}, responsible: [{}] }}\n",
            long(i + 1000),
            long(i + 2000)
        ));
    }
    let dir = org(&[("own.yaml", &people)]);
    let (code, stdout, _) = bounded(dir.path(), &["check", "--format", "short"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("own::unknown-ref"), "{stdout}");

    // A 2,000-deep manager chain, everyone away, 2,000 duties: escalation chains.
    let mut text = String::from("people:\n");
    for i in 0..2000 {
        let manager = if i + 1 < 2000 {
            format!(", manager: p{}", i + 1)
        } else {
            String::new()
        };
        text.push_str(&format!("  p{i}: {{ status: away{manager} }}\n"));
    }
    text.push_str("duties:\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "  d{i}: {{ accountable: p{i}, responsible: [p{i}] }}\n"
        ));
    }
    let dir = org(&[("own.yaml", &text)]);
    let (code, stdout, _) = bounded(dir.path(), &["check", "--format", "short"]);
    assert_ne!(code, 2);
    assert!(
        stdout.contains("own::escalation-dead-end"),
        "{}",
        &stdout[..500.min(stdout.len())]
    );

    // 60,000 handoffs from one person.
    let mut text = String::from(
        "people:\n  a: {}\n  b: {}\nduties:\n  d: { accountable: a, responsible: [a] }\nhandoffs:\n",
    );
    for i in 0..60_000 {
        text.push_str(&format!(
            "  h{i}: {{ from: a, to: b, duties: [d], from-date: 2027-01-01, to-date: 2027-01-02, acknowledged: true }}\n"
        ));
    }
    let dir = org(&[("own.yaml", &text)]);
    let (code, stdout, _) = bounded(dir.path(), &["check", "--format", "short"]);
    assert_eq!(code, 1, "{}", &stdout[..500.min(stdout.len())]);
    assert!(
        stdout.contains("own::handoff-overlap"),
        "{}",
        &stdout[..500.min(stdout.len())]
    );
}

#[test]
fn ten_thousand_wildcard_patterns_against_three_thousand_files() {
    let patterns: Vec<String> = (0..10_000).map(|i| format!("\"**/a*b*c*{i}\"")).collect();
    let people = format!(
        "people:\n  alice: {{}}\nduties:\n  d:\n    accountable: alice\n    responsible: [alice]\n    paths: [{}]\n  all: {{ accountable: alice, responsible: [alice], paths: [\"**\"] }}\n",
        patterns.join(", ")
    );
    let dir = org(&[
        ("own.yaml", "version: 1\ncoverage:\n  paths: {}\n"),
        ("people.own.yaml", &people),
    ]);
    for i in 0..3000 {
        write(
            dir.path(),
            &format!("src/m{}/s{}/abc_{i}", i % 50, i % 7),
            b"x",
        );
    }
    crate::util::git_add_all(dir.path(), &[]);
    let (code, stdout, _) = bounded(dir.path(), &["check", "--format", "short"]);
    assert_ne!(code, 2);
    // `abc_1` ends in `1`: `**/a*b*c*1` owns it; no file ends in `3000`.
    assert!(
        stdout.contains("`**/a*b*c*3000` of duty"),
        "{}",
        &stdout[..500]
    );
    assert_eq!(stdout.matches("own::dead-pattern").count(), 7000);
    assert!(
        !stdout.contains("`**/a*b*c*1` of duty"),
        "{}",
        &stdout[..500]
    );

    // The human report draws a bounded window of that 150 KB line for each finding (it
    // printed the whole line, 414 MB in all).
    let (_, human, _) = bounded(dir.path(), &["check", "--color", "never"]);
    assert!(human.len() < 20_000_000, "{} bytes", human.len());
    assert!(
        human.contains("[people.own.yaml:7:49903]"),
        "{}",
        &human[..500.min(human.len())]
    );
}

#[test]
fn a_snippet_of_a_huge_line_is_a_window() {
    let dir = org(&[(
        "own.yaml",
        &format!("people:\n  a: {{ name: \"{}\n", "a".repeat(5_000_000)),
    )]);
    let (code, _, stderr) = bounded(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unclosed"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(stderr.len() < 4_000, "{} bytes of stderr", stderr.len());
}
