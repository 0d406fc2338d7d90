//! The commands besides `check`: rules, schema, init, completions, man; and global options.

use crate::util::{json, org, own, own_in, run, write};

#[test]
fn rules_lists_every_code_with_its_level() {
    let (code, stdout, _) = run(own().arg("rules"));
    assert_eq!(code, 0);
    insta::assert_snapshot!("rules_list", stdout);
}

#[test]
fn rules_explains_one_rule_with_or_without_prefix() {
    let (code, a, _) = run(own().args(["rules", "one-accountable"]));
    let (_, b, _) = run(own().args(["rules", "own::one-accountable"]));
    assert_eq!(code, 0);
    assert_eq!(a, b);
    assert!(
        a.starts_with("own::one-accountable (default: deny)\n"),
        "{a}"
    );
    let (code, _, stderr) = run(own().args(["rules", "one-acountable"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean `own::one-accountable`?"),
        "{stderr}"
    );
}

/// `own::invalid-alert-source` was renamed `own::alert-source`: the old code is still
/// explained (as the new one, with a note), and the new one is what errors carry.
#[test]
fn a_renamed_code_keeps_working_and_says_its_new_name() {
    let (code, old, stderr) = run(own().args(["rules", "own::invalid-alert-source"]));
    assert_eq!(code, 0);
    let (_, new, quiet) = run(own().args(["rules", "alert-source"]));
    assert_eq!(old, new);
    assert!(
        old.starts_with("own::alert-source (error, exit code 2)\n"),
        "{old}"
    );
    assert!(
        stderr.contains("`own::invalid-alert-source` is now `own::alert-source`"),
        "{stderr}"
    );
    assert!(!quiet.contains("is now"), "{quiet}");
    let (_, listed, _) = run(own().args(["rules", "invalid-alert-source", "--format", "json"]));
    assert_eq!(json(&listed)[0]["code"], "own::alert-source");
}

#[test]
fn every_rule_is_documented_and_codes_are_unique() {
    let (_, stdout, _) = run(own().args(["rules", "--format", "json"]));
    let rules = json(&stdout);
    let rules = rules.as_array().cloned().unwrap_or_default();
    assert!(rules.len() >= 12);
    let mut codes: Vec<&str> = rules.iter().filter_map(|r| r["code"].as_str()).collect();
    for rule in &rules {
        let code = rule["code"].as_str().unwrap_or_default();
        assert!(code.starts_with("own::"), "{code}");
        let name = &code[5..];
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{code} is not kebab-case"
        );
        assert!(
            rule["summary"].as_str().is_some_and(|s| s.len() > 10),
            "{code}"
        );
        assert!(
            rule["explanation"].as_str().is_some_and(|s| s.len() > 100),
            "{code}"
        );
        assert!(
            matches!(rule["level"].as_str(), Some("allow" | "warn" | "deny")),
            "{code}"
        );
    }
    let total = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), total, "duplicate rule codes");
}

#[test]
fn init_scaffolds_an_org_that_passes_check() {
    let dir = org(&[]);
    let (code, stdout, _) = run(own_in(dir.path()).arg("init"));
    assert_eq!(code, 0);
    assert!(stdout.contains("created own.yaml"), "{stdout}");
    for file in ["own.yaml", "ownership.own.yaml", ".own/own.schema.json"] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    let (code, stdout, stderr) = run(own_in(dir.path()).args(["check", "-D", "warnings"]));
    assert_eq!(code, 0, "{stdout}{stderr}");
    // A second init refuses to overwrite.
    let (code, _, stderr) = run(own_in(dir.path()).arg("init"));
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(run(own_in(dir.path()).args(["init", "--force"])).0, 0);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, stdout, _) = run(own().args(["completions", shell]));
        assert_eq!(code, 0, "{shell}");
        assert!(stdout.contains("check"), "{shell}");
    }
    let (code, stdout, _) = run(own().arg("man"));
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with(".ie") || stdout.contains(".TH own"),
        "{stdout}"
    );
}

#[test]
fn usage_errors_exit_two_and_help_exits_zero() {
    assert_eq!(run(own().arg("frobnicate")).0, 2);
    assert_eq!(run(own().args(["check", "--format", "xml"])).0, 2);
    assert_eq!(run(own().args(["check", "--today", "yesterday"])).0, 2);
    let (code, stdout, _) = run(own().arg("--help"));
    assert_eq!(code, 0);
    assert!(stdout.contains("Usage: own"), "{stdout}");
    let (code, stdout, _) = run(own().arg("--version"));
    assert_eq!(code, 0);
    assert!(stdout.starts_with("own "), "{stdout}");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = org(&[("own.yaml", "people:\n  a: {}\nteams:\n  ghost: {}\n")]);
    let (_, plain, _) = run(own_in(dir.path()).arg("check"));
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let (_, coloured, _) = run(own_in(dir.path()).args(["check", "--color", "always"]));
    assert!(coloured.contains('\u{1b}'), "{coloured}");
    let (_, never, _) = run(own_in(dir.path()).args(["check", "--color", "never"]));
    assert_eq!(never, plain);
}

/// Every `own::` code written in the source, rule or fatal error, is explained by
/// `own rules CODE`: a user can look up whatever `own` prints.
#[test]
fn every_code_own_can_print_is_explained() {
    let mut codes = std::collections::BTreeSet::new();
    let mut stack = vec![crate::util::project().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (i, _) in text.match_indices("\"own::") {
                let rest = &text[i + 6..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
                    .unwrap_or(rest.len());
                if rest[end..].starts_with('"') && end > 0 {
                    codes.insert(format!("own::{}", &rest[..end]));
                }
            }
        }
    }
    assert!(codes.len() > 20, "{codes:?}");
    for code in &codes {
        let (status, stdout, stderr) = run(own().args(["rules", code]));
        assert_eq!(status, 0, "`own rules {code}`: {stderr}");
        // An old code of a renamed one is explained as the new one, and says so.
        let renamed = stderr.contains(&format!("`{code}` is now `"));
        assert!(stdout.starts_with(code.as_str()) || renamed, "{stdout}");
    }
    let (_, stdout, _) = run(own().args(["rules", "own::yaml-syntax", "--format", "json"]));
    let explained = &json(&stdout)[0];
    assert_eq!(explained["level"], "error");
    assert_eq!(explained["exit_code"], 2);
}

#[test]
fn rules_show_the_levels_in_force_and_where_they_were_set() {
    let dir = org(&[(
        "own.yaml",
        "rules:\n  own::no-responsible: deny\npeople:\n  a: {}\n",
    )]);
    let (code, stdout, _) = run(own_in(dir.path()).args(["rules", "-A", "own::empty-team"]));
    assert_eq!(code, 0);
    let line = |code: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("{code} ")))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        line("own::no-responsible").contains("deny")
            && line("own::no-responsible").ends_with("[default warn; set by own.yaml:2:3]"),
        "{stdout}"
    );
    assert!(
        line("own::empty-team").ends_with("[default warn; set by -A own::empty-team]"),
        "{stdout}"
    );
    assert!(!line("own::stale-review").contains("default"), "{stdout}");

    let (_, stdout, _) =
        run(own_in(dir.path()).args(["rules", "--format", "json", "-D", "warnings"]));
    let rules = json(&stdout);
    let rule = |code: &str| {
        rules
            .as_array()
            .and_then(|r| r.iter().find(|r| r["code"] == code))
            .cloned()
            .unwrap_or_default()
    };
    let stale = rule("own::stale-review");
    assert_eq!(
        (&stale["level"], &stale["effective"], &stale["set_by"]),
        (&"warn".into(), &"deny".into(), &"-D warnings".into())
    );
    let no_responsible = rule("own::no-responsible");
    assert_eq!(no_responsible["set_by"], "own.yaml:2:3");

    // Explaining a code works where the organisation does not load, with a note.
    write(dir.path(), "own.yaml", b"rules: [\n");
    let (code, stdout, stderr) = run(own_in(dir.path()).args(["rules", "own::yaml-syntax"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("own::yaml-syntax (error, exit code 2)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("note: levels in own.yaml not applied"),
        "{stderr}"
    );
    let (code, _, _) = run(own_in(dir.path()).arg("rules"));
    assert_eq!(
        code, 2,
        "the list of levels in force needs the organisation"
    );
}
