//! `own::expired-waiver`: waivers end, and then stop silencing.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "expired-waiver",
    level: Level::Warn,
    summary: "a waiver whose `until` date has passed",
    explanation: "\
A waiver accepts a finding for a while, with a reason and an end date. Once `until` has
passed the waiver no longer silences anything: the finding it covered is reported again,
and so is the expired waiver, so the decision is taken again rather than forgotten.

Fix: resolve the finding and remove the waiver, or extend `until` with a fresh reason.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    for waiver in &org.manifest.waivers {
        if waiver.until.value >= ctx.today {
            continue;
        }
        let Some(loc) = org.manifest_loc(waiver.until.span) else {
            continue;
        };
        out.push(
            Finding::new(
                &RULE,
                &waiver.target.value,
                format!(
                    "the waiver of `{}` for `{}` expired on {}",
                    waiver.rule.value, waiver.target.value, waiver.until.value
                ),
            )
            .at(loc, "expired")
            .help("fix what it silenced and remove it, or extend `until` with a fresh reason"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn past_until_is_expired_and_today_is_not() {
        let f = Fixture::new(
            "waivers:\n\
             - { rule: own::empty-team, target: a, reason: r, until: 2026-11-28 }\n\
             - { rule: own::empty-team, target: b, reason: r, until: 2026-11-29 }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            ["the waiver of `own::empty-team` for `a` expired on 2026-11-28 @ 2026-11-28"]
        );
    }
}
