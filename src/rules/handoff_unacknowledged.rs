//! `own::handoff-unacknowledged`: a handoff in effect has been accepted by its receiver.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "handoff-unacknowledged",
    level: Level::Warn,
    summary: "a handoff in effect, or starting soon, that the receiver has not acknowledged",
    explanation: "\
\"If you see it, you own it until you properly hand it off\": a handoff is proper once the
receiver has said yes. While a handoff is in effect without `acknowledged: true`, the
receiver may not know the duties are theirs. A handoff that starts within
`policy.absence-notice` (default `14d`) of the evaluation date is checked already, so the
receiver says yes before the giver leaves.

Fix: have the receiver confirm, then set `acknowledged: true`.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let horizon = ctx.today.plus(ctx.org.manifest.policy.absence_notice());
    for h in ctx.org.handoffs.values() {
        if h.acknowledged.as_ref().is_some_and(|a| a.value) {
            continue;
        }
        let ended = h.to_date.as_ref().is_some_and(|d| d.value < ctx.today);
        let upcoming = h
            .from_date
            .as_ref()
            .filter(|d| d.value > ctx.today)
            .map(|d| d.value);
        let state = match upcoming {
            _ if ended => continue,
            Some(start) if start > horizon => continue,
            Some(start) => format!("starts on {start}"),
            None => "is in effect".to_owned(),
        };
        let loc = h.acknowledged.as_ref().map_or(h.loc(), |a| h.at(a.span));
        out.push(
            Finding::new(
                &RULE,
                &h.id,
                format!(
                    "handoff `{}` from `{}` to `{}` {state} but not acknowledged",
                    h.id, h.from.value, h.to.value
                ),
            )
            .at(loc, "not acknowledged")
            .help(format!(
                "ask `{}` to confirm, then set `acknowledged: true`",
                h.to.value
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn handoffs_in_effect_or_within_the_notice_count_with_inclusive_bounds() {
        let f = Fixture::new(
            "handoffs:\n\
             \x20 ends-today: { from: a, to: b, from-date: 2026-11-01, to-date: 2026-11-29 }\n\
             \x20 starts-today: { from: a, to: b, from-date: 2026-11-29, acknowledged: false }\n\
             \x20 ended: { from: a, to: b, from-date: 2026-11-01, to-date: 2026-11-28 }\n\
             \x20 soon: { from: a, to: b, from-date: 2026-12-13 }\n\
             \x20 later: { from: a, to: b, from-date: 2026-12-14 }\n\
             \x20 fine: { from: a, to: b, acknowledged: true }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "handoff `ends-today` from `a` to `b` is in effect but not acknowledged @ ends-today",
                "handoff `starts-today` from `a` to `b` is in effect but not acknowledged @ false",
                "handoff `soon` from `a` to `b` starts on 2026-12-13 but not acknowledged @ soon",
            ]
        );
    }
}
