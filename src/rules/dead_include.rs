//! `own::dead-include`: every glob written in `own.yaml` that selects files selects some.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "dead-include",
    level: Level::Deny,
    summary: "an `include` or alert-source glob in `own.yaml` that matches no file",
    explanation: "\
A glob in `include` that matches no file loads nothing: with `owners/**` written for
`ownership/**`, every duty in those files is silently missing and `own check` would pass.
A `coverage.alerts[].files` glob that matches no file reads no alert, which turns the
\"every alert is owned\" guarantee off without a word. Both are findings at the glob.

```yaml
include: [\"owners/**/*.own.yaml\"]     # finding: the folder is `ownership/`
coverage:
  alerts:
    - files: [\"monitoring/*.rule.yml\"]  # finding: the files end in `.rules.yml`
      format: prometheus
```

The implicit default include (`**/*.own.yaml`, when `own.yaml` names none) may match
nothing: an organisation can live in `own.yaml` alone.

Fix: correct the glob (they are relative to the folder of `own.yaml`, `*` stays within a
folder, `**` crosses folders), or remove it.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = &ctx.org.manifest;
    if let Some(include) = &manifest.include {
        for &index in &ctx.org.dead_includes {
            let Some(glob) = include.0.get(index) else {
                continue;
            };
            let Some(loc) = ctx.org.manifest_loc(glob.span) else {
                continue;
            };
            out.push(
                Finding::new(
                    &RULE,
                    "include",
                    format!(
                        "include glob `{}` matches no file, so it loads nothing",
                        glob.value
                    ),
                )
                .at(loc, "matches no file")
                .help(
                    "correct the glob (relative to the folder of `own.yaml`; `**` crosses folders) or remove it",
                ),
            );
        }
    }
    let Some(alerts) = ctx.alerts else {
        return;
    };
    for &(source, index) in &alerts.dead_globs {
        let Some(glob) = manifest
            .coverage
            .alerts
            .get(source)
            .and_then(|s| s.files.0.get(index))
        else {
            continue;
        };
        let Some(loc) = ctx.org.manifest_loc(glob.span) else {
            continue;
        };
        out.push(
            Finding::new(
                &RULE,
                "coverage.alerts",
                format!(
                    "alert source glob `{}` matches no file, so no alert of it must be owned",
                    glob.value
                ),
            )
            .at(loc, "matches no file")
            .help("correct the glob (relative to the folder of `own.yaml`) or remove the source"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn include_and_alert_globs_that_match_nothing() {
        let f = Fixture::files(vec![
            (
                "own.yaml",
                "include: [\"ownership/*.own.yaml\", \"owners/**\"]\n\
                 coverage:\n  alerts:\n    - { files: [\"mon/*.yml\", \"mon/*.rule.yml\"], format: list }\n"
                    .to_owned(),
            ),
            ("ownership/a.own.yaml", "people:\n  a: {}\n".to_owned()),
            ("mon/a.yml", "- DiskFull\n".to_owned()),
        ]);
        assert_eq!(
            f.summary(&RULE),
            [
                "include glob `owners/**` matches no file, so it loads nothing @ \"owners/**\"",
                "alert source glob `mon/*.rule.yml` matches no file, so no alert of it must be owned @ \"mon/*.rule.yml\"",
            ]
        );
    }

    #[test]
    fn the_default_include_may_match_nothing() {
        let f = Fixture::new("people:\n  a: {}\n");
        assert!(f.run(&RULE).is_empty());
    }
}
