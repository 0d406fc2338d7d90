//! `own::handoff-unavailable`: a handoff goes to someone who is there to take it.

use super::{Context, Finding, Level, Rule};
use crate::model::Status;

pub(crate) static RULE: Rule = Rule {
    code: "handoff-unavailable",
    level: Level::Deny,
    summary: "a handoff to someone who has left, or who is away while it is in effect",
    explanation: "\
A handoff moves duties to a named person for a period. If that person has left, or is
away during part of the period, the duties are covered by nobody for that time.

Fix: hand off to someone who is around for the whole period, or split the handoff.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    for h in org.handoffs.values() {
        let Some(to) = org.people.get(&h.to.value) else {
            continue;
        };
        let start = h.from_date.as_ref().map(|d| d.value);
        let end = h.to_date.as_ref().map(|d| d.value);
        let problem = if to.status() == Status::Left {
            Some("who has left".to_owned())
        } else if to.status() == Status::Away && h.in_effect(ctx.today) {
            Some("who is away (`status: away`)".to_owned())
        } else {
            to.away
                .iter()
                .find(|a| {
                    start.is_none_or(|s| a.to.value >= s) && end.is_none_or(|e| a.from.value <= e)
                })
                .map(|a| format!("who is away {} to {} during it", a.from.value, a.to.value))
        };
        if let Some(problem) = problem {
            out.push(
                Finding::new(
                    &RULE,
                    &h.id,
                    format!("handoff `{}` goes to `{}`, {problem}", h.id, h.to.value),
                )
                .at(h.at(h.to.span), "not available")
                .help(
                    "hand off to someone who is around for the whole period, or split the handoff",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn receivers_who_left_or_are_away_during_the_handoff() {
        let f = Fixture::new(
            "people:\n  a: {}\n  gone: { status: left }\n  ski: { away: [{ from: 2027-02-01, to: 2027-02-07 }] }\n\
             handoffs:\n\
             \x20 h1: { from: a, to: gone }\n\
             \x20 h2: { from: a, to: ski, from-date: 2027-01-10, to-date: 2027-02-01 }\n\
             \x20 h3: { from: a, to: ski, from-date: 2027-01-10, to-date: 2027-01-31 }\n\
             \x20 h4: { from: a, to: ski, from-date: 2027-02-08 }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "handoff `h1` goes to `gone`, who has left @ gone",
                "handoff `h2` goes to `ski`, who is away 2027-02-01 to 2027-02-07 during it @ ski",
            ]
        );
    }
}
