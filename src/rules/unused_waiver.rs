//! `own::unused-waiver`: every waiver silences something.
//!
//! Whether a waiver was used is only known after every other rule ran, so `rules::evaluate`
//! calls [`report`] after applying waivers; the registry's check does nothing.

use super::{Context, Finding, Level, PREFIX, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "unused-waiver",
    level: Level::Warn,
    summary: "a waiver that silences no finding",
    explanation: "\
A waiver that matches no finding is left over from a problem that was fixed (or it was
written with the wrong rule or target and silences nothing). Stale waivers hide intent and
would silently cover the next, unrelated problem with the same target.

Fix: remove the waiver. If it was meant to silence something, check its `rule` and `target`
against the finding (`own check --format json` shows both).",
    check: |_, _| {},
};

pub(crate) fn report(ctx: &Context<'_>, used: &[bool], out: &mut Vec<Finding>) {
    let org = ctx.org;
    for (waiver, used) in org.manifest.waivers.iter().zip(used) {
        if *used || waiver.until.value < ctx.today {
            continue;
        }
        let Some(loc) = org.manifest_loc(waiver.target.span) else {
            continue;
        };
        let rule = super::find(&waiver.rule.value);
        let code = waiver
            .rule
            .value
            .strip_prefix(PREFIX)
            .unwrap_or(&waiver.rule.value);
        let finding = match rule {
            Some(_) => Finding::new(
                &RULE,
                &waiver.target.value,
                format!(
                    "the waiver of `{PREFIX}{code}` for `{}` silences nothing",
                    waiver.target.value
                ),
            )
            .at(loc, "no finding has this target")
            .help("remove the waiver; the finding it was written for is gone"),
            None => {
                let help = match super::suggest_code(code) {
                    Some(near) => format!("did you mean `{PREFIX}{near}`?"),
                    None => "`own rules` lists every rule".to_owned(),
                };
                let rule_loc = org.manifest_loc(waiver.rule.span).unwrap_or(loc);
                Finding::new(
                    &RULE,
                    &waiver.target.value,
                    format!("the waiver names an unknown rule `{}`", waiver.rule.value),
                )
                .at(rule_loc, "unknown rule")
                .help(help)
            }
        };
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::evaluation::testing::Fixture;

    fn codes(f: &Fixture) -> Vec<String> {
        let levels = f.levels(&[]).unwrap();
        f.findings(&levels)
            .iter()
            .map(|f| format!("{}: {}", f.code, f.message))
            .collect()
    }

    #[test]
    fn used_waivers_silence_and_unused_ones_are_reported() {
        let f = Fixture::new(
            "waivers:\n\
             - { rule: own::empty-team, target: ghost, reason: r, until: 2027-01-01 }\n\
             - { rule: empty-team, target: real, reason: r, until: 2027-01-01 }\n\
             - { rule: emtpy-team, target: x, reason: r, until: 2027-01-01 }\n\
             people:\n  a: {}\nteams:\n  ghost: {}\n  real: { members: [a] }\n",
        );
        assert_eq!(
            codes(&f),
            [
                "unused-waiver: the waiver of `own::empty-team` for `real` silences nothing",
                "unused-waiver: the waiver names an unknown rule `emtpy-team`",
            ]
        );
    }
}
