//! `own::ignored-file`: a file that looks like an ownership file is loaded.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "ignored-file",
    level: Level::Warn,
    summary: "a file named like an ownership file that no `include` glob selects",
    explanation: "\
A file under the root named `*.own.yaml` or `*.own.yml`, or a stray `own.yml`, is meant to
hold ownership data. When no `include` glob selects it, nothing in it is loaded: `own who`
says its duties do not exist and `own check` does not look at them. The finding names the
glob that would take the file. When the organisation uses paths, the files looked at are
the tracked ones (the git index, as for path coverage, and as CI sees them); otherwise
every file under the root that `.gitignore` does not hide.

```yaml
# own.yaml
include: [\"teams/*.own.yaml\"]
# teams/soc.own.yml is ignored: `.yml`, not `.yaml`
```

Fix: add the suggested glob to `include` (or widen one), rename the file to match, or
delete it if it is obsolete. `own` reads only `own.yaml` as the manifest.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for path in &ctx.org.ignored_files {
        let name = path.rsplit('/').next().unwrap_or(path);
        let (message, help) = if name.eq_ignore_ascii_case("own.yml") {
            (
                format!("`{path}` is not read: the manifest must be named `own.yaml`"),
                "merge it into `own.yaml`, or rename it `NAME.own.yaml` and include it".to_owned(),
            )
        } else {
            (
                format!("`{path}` looks like an ownership file, but no `include` glob selects it"),
                format!(
                    "add `{}` to `include` in own.yaml, or rename the file to match a glob",
                    suggested_glob(path)
                ),
            )
        };
        out.push(
            Finding::new(&RULE, path.as_str(), message)
                .in_file(path.as_str())
                .help(help),
        );
    }
}

/// A glob that takes the file and its siblings of the same kind: `teams/*.own.yml`.
fn suggested_glob(path: &str) -> String {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let lower = name.to_ascii_lowercase();
    let kind = [".own.yaml", ".own.yml"]
        .into_iter()
        .find(|ext| lower.ends_with(ext))
        .map_or(name, |ext| &name[name.len() - ext.len()..]);
    if dir.is_empty() {
        format!("*{kind}")
    } else {
        format!("{dir}/*{kind}")
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn ownership_files_outside_the_include_globs() {
        let f = Fixture::files(vec![
            ("own.yaml", "include: [\"teams/*.own.yaml\"]\n".to_owned()),
            ("teams/soc.own.yaml", "people:\n  a: {}\n".to_owned()),
            ("teams/noc.own.yml", "people:\n  b: {}\n".to_owned()),
            ("legacy/it.own.yaml", "people:\n  c: {}\n".to_owned()),
            ("sub/own.yml", "people:\n  d: {}\n".to_owned()),
            ("teams/notes.yaml", "x: 1\n".to_owned()),
        ]);
        let findings = f.run(&RULE);
        let messages: Vec<(&str, Option<&str>)> = findings
            .iter()
            .map(|f| (f.message.as_str(), f.help.as_deref()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "`legacy/it.own.yaml` looks like an ownership file, but no `include` glob selects it",
                    Some(
                        "add `legacy/*.own.yaml` to `include` in own.yaml, or rename the file to match a glob"
                    )
                ),
                (
                    "`sub/own.yml` is not read: the manifest must be named `own.yaml`",
                    Some("merge it into `own.yaml`, or rename it `NAME.own.yaml` and include it")
                ),
                (
                    "`teams/noc.own.yml` looks like an ownership file, but no `include` glob selects it",
                    Some(
                        "add `teams/*.own.yml` to `include` in own.yaml, or rename the file to match a glob"
                    )
                ),
            ]
        );
    }

    #[test]
    fn the_default_include_takes_every_own_yaml() {
        let f = Fixture::files(vec![
            ("own.yaml", "people:\n  a: {}\n".to_owned()),
            ("deep/er/x.own.yaml", "people:\n  b: {}\n".to_owned()),
        ]);
        assert!(f.run(&RULE).is_empty());
    }
}
