//! `own::dead-pattern`: every path pattern matches at least one file, and every alert
//! pattern at least one alert of the monitoring sources.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "dead-pattern",
    level: Level::Warn,
    summary: "a path or alert pattern that matches nothing",
    explanation: "\
A duty's `paths:` pattern that matches no tracked file is usually a typo or a folder that
was moved: the duty looks responsible for something that no longer exists, and the files
that did move may now be owned by nobody. The same holds for a duty's `alerts:` pattern
that matches no alert defined in the `coverage.alerts` sources (checked only when there
are sources): a renamed alert is then paged to nobody. And a `coverage.paths` `include`
pattern that matches no file adds nothing to what must be owned, an `exclude` pattern that
matches none excuses nothing: both are usually typos.

Fix: correct the pattern (patterns follow GitHub CODEOWNERS rules: a leading `/` anchors at
the root, a single name floats at any depth, a trailing `/` means a folder; alert patterns
are globs over alert names), or remove it.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    dead_paths(ctx, out);
    dead_filters(ctx, out);
    dead_alerts(ctx, out);
}

/// `coverage.paths` include and exclude patterns that match no tracked file: a typo there
/// silently narrows (or fails to narrow) what must be owned.
fn dead_filters(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let (Some(paths), Some(config)) = (ctx.paths, ctx.org.manifest.coverage.paths.as_ref()) else {
        return;
    };
    for (key, list, dead, effect) in [
        (
            "include",
            &config.include,
            &paths.dead_include,
            "so it adds nothing to what must be owned",
        ),
        (
            "exclude",
            &config.exclude,
            &paths.dead_exclude,
            "so it excuses nothing",
        ),
    ] {
        for &index in dead {
            let (Some(raw), Some(loc)) = (
                list.get(index),
                list.get(index).and_then(|r| ctx.org.manifest_loc(r.span)),
            ) else {
                continue;
            };
            out.push(
                Finding::new(
                    &RULE,
                    format!("coverage.paths.{key}"),
                    format!(
                        "`coverage.paths.{key}` pattern `{}` matches no file, {effect}",
                        raw.value
                    ),
                )
                .at(loc, "matches no tracked file")
                .help("correct the pattern or remove it; patterns follow CODEOWNERS rules"),
            );
        }
    }
}

fn dead_paths(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(paths) = ctx.paths else {
        return;
    };
    for &pattern in &paths.dead {
        let origin = paths.patterns.origins[pattern];
        let (_, duty) = ctx
            .org
            .duties
            .get_index(origin.duty)
            .unwrap_or_else(|| unreachable!("origins index the duties they came from"));
        let raw = &duty.fields.paths[origin.index];
        out.push(
            Finding::new(
                &RULE,
                &duty.id,
                format!(
                    "path pattern `{}` of duty `{}` matches no file",
                    raw.value, duty.id
                ),
            )
            .at(duty.at(raw.span), "matches no tracked file")
            .help("correct the pattern or remove it; `own who PATH` shows how a path resolves"),
        );
    }
}

/// Alert patterns that match no alert of any source, when there are sources to match.
fn dead_alerts(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(alerts) = ctx.alerts.filter(|a| a.enforced) else {
        return;
    };
    for pattern in &alerts.patterns.patterns {
        if alerts.defs.iter().any(|def| {
            pattern.is_match(&def.name) || def.id.as_deref().is_some_and(|id| pattern.is_match(id))
        }) {
            continue;
        }
        let Some((_, duty)) = ctx.org.duties.get_index(pattern.duty) else {
            continue;
        };
        let raw = &duty.fields.alerts[pattern.index];
        out.push(
            Finding::new(
                &RULE,
                &duty.id,
                format!(
                    "alert pattern `{}` of duty `{}` matches no alert",
                    raw.value, duty.id
                ),
            )
            .at(duty.at(raw.span), "matches no alert of `coverage.alerts`")
            .help(
                "correct the pattern or remove it; `own who ALERT` shows which duty owns an alert",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn patterns_that_match_nothing() {
        let f = Fixture::files(vec![
            (
                "own.yaml",
                "people:\n  a: {}\nduties:\n  d:\n    accountable: a\n    paths: [\"/src/\", \"/scr/\", \"*.rs\", \"*.py\"]\n".into(),
            ),
            ("src/main.rs", String::new()),
        ]);
        assert_eq!(
            f.summary(&RULE),
            [
                "path pattern `/scr/` of duty `d` matches no file @ \"/scr/\"",
                "path pattern `*.py` of duty `d` matches no file @ \"*.py\"",
            ]
        );
    }

    #[test]
    fn alert_patterns_that_match_no_alert_when_there_are_sources() {
        let files = |coverage: &str| {
            Fixture::files(vec![
                (
                    "own.yaml",
                    format!(
                        "{coverage}people:\n  a: {{}}\nduties:\n  d:\n    accountable: a\n    alerts: [\"Disk*\", \"Siem*\"]\n"
                    ),
                ),
                ("mon/a.yml", "- DiskFull\n".to_owned()),
            ])
        };
        let f = files("coverage:\n  alerts:\n    - { files: [\"mon/*.yml\"], format: list }\n");
        assert_eq!(
            f.summary(&RULE),
            ["alert pattern `Siem*` of duty `d` matches no alert @ \"Siem*\""]
        );
        assert!(
            files("").run(&RULE).is_empty(),
            "no sources, nothing to match"
        );
    }

    #[test]
    fn coverage_filters_that_match_no_file() {
        let f = Fixture::files(vec![
            (
                "own.yaml",
                "coverage:\n  paths:\n    include: [\"/src/\", \"/scr/\"]\n    exclude: [\"*.md\", \"*.lock\"]\n\
                 people:\n  a: {}\nduties:\n  d:\n    accountable: a\n    paths: [\"*\"]\n"
                    .to_owned(),
            ),
            ("src/main.rs", String::new()),
            // Matched by an exclude pattern though outside every include: still not dead.
            ("README.md", String::new()),
        ]);
        assert_eq!(
            f.summary(&RULE),
            [
                "`coverage.paths.include` pattern `/scr/` matches no file, so it adds nothing to what must be owned @ \"/scr/\"",
                "`coverage.paths.exclude` pattern `*.lock` matches no file, so it excuses nothing @ \"*.lock\"",
            ]
        );
    }
}
