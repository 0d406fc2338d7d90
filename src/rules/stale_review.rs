//! `own::stale-review`: duties are reviewed as often as the policy asks.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "stale-review",
    level: Level::Warn,
    summary: "a duty reviewed longer ago than the policy allows",
    explanation: "\
Responsibilities drift: people change jobs, systems are retired, teams split. With
`policy.review-every` (`180d`, `26w`, `6m`, `1y`) in `own.yaml`, each duty's `reviewed:` date
must be no older than that; a duty with no `reviewed:` date has never been reviewed.

Fix: review the duty's roles with its accountable and set `reviewed:` to today.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(every) = &ctx.org.manifest.policy.review_every else {
        return;
    };
    for duty in ctx.org.duties.values() {
        match &duty.fields.reviewed {
            None => out.push(
                Finding::new(&RULE, &duty.id, format!("duty `{}` has never been reviewed", duty.id))
                    .at(duty.loc(), "no `reviewed:` date")
                    .help(format!(
                        "review its roles and add `reviewed: {}`; the policy asks for a review every {}",
                        ctx.today, every.value
                    )),
            ),
            Some(reviewed) if reviewed.value.plus(every.value) < ctx.today => out.push(
                Finding::new(
                    &RULE,
                    &duty.id,
                    format!(
                        "duty `{}` was last reviewed on {}, more than {} ago",
                        duty.id, reviewed.value, every.value
                    ),
                )
                .at(duty.at(reviewed.span), "stale")
                .help(format!(
                    "review its roles with the accountable and set `reviewed: {}`",
                    ctx.today
                )),
            ),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn reviews_older_than_the_policy() {
        let f = Fixture::new(
            "policy: { review-every: 30d }\nduties:\n  old:\n    reviewed: 2026-10-29\n  edge:\n    reviewed: 2026-10-30\n  never: {}\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "duty `old` was last reviewed on 2026-10-29, more than 30d ago @ 2026-10-29",
                "duty `never` has never been reviewed @ never",
            ]
        );
    }

    #[test]
    fn without_a_policy_nothing_is_stale() {
        assert!(Fixture::new("duties:\n  never: {}\n").run(&RULE).is_empty());
    }
}
