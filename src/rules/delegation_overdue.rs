//! `own::delegation-overdue`: delegations are done by their due date.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "delegation-overdue",
    level: Level::Warn,
    summary: "a delegation past its due date and not marked done",
    explanation: "\
A delegation past its `due` date that is not marked `done: true` is work that slipped: the
delegate may be stuck, or it was done and nobody closed the loop.

Fix: mark it `done: true`, or agree a new `due` date with whoever it reports to.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for d in ctx.org.delegations.values() {
        let Some(due) = &d.due else { continue };
        let done = d.done.as_ref().is_some_and(|x| x.value);
        if done || due.value >= ctx.now {
            continue;
        }
        out.push(
            Finding::new(
                &RULE,
                &d.id,
                format!(
                    "delegation `{}` to `{}` was due on {} and is not done",
                    d.id, d.to.value, due.value
                ),
            )
            .at(d.at(due.span), "overdue")
            .help("mark it `done: true`, or agree a new `due` date"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn past_due_and_not_done() {
        let f = Fixture::new(
            "delegations:\n\
             \x20 late: { duty: d, from: a, to: b, due: \"2026-11-28T14:00\" }\n\
             \x20 done: { duty: d, from: a, to: b, due: 2026-11-01, done: true }\n\
             \x20 today: { duty: d, from: a, to: b, due: 2026-11-29 }\n\
             \x20 later: { duty: d, from: a, to: b, due: 2026-12-01 }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "delegation `late` to `b` was due on 2026-11-28 14:00 and is not done @ \"2026-11-28T14:00\""
            ]
        );
    }
}
