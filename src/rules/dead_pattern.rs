//! `own::dead-pattern`: every path pattern matches at least one file.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "dead-pattern",
    level: Level::Warn,
    summary: "a path pattern that matches no file",
    explanation: "\
A duty's `paths:` pattern that matches no tracked file is usually a typo or a folder that
was moved: the duty looks responsible for something that no longer exists, and the files
that did move may now be owned by nobody.

Fix: correct the pattern (patterns follow GitHub CODEOWNERS rules: a leading `/` anchors at
the root, a single name floats at any depth, a trailing `/` means a folder), or remove it.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
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

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::Fixture;

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
}
