//! `own::escalation-dead-end`: an escalation chain reaches somebody.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "escalation-dead-end",
    level: Level::Warn,
    summary: "an escalation chain in which nobody is active and present",
    explanation: "\
When a duty needs attention beyond its usual hands, it escalates along a chain: its
`escalation:` list, or by default the responsible people and teams, then the accountable,
then the accountable's managers. If on the evaluation date everyone in that chain is away or
has left (and no handoff in effect covers for them), escalation leads nowhere.

Dates count: `own check --at 2026-12-24` answers for Christmas Eve.

Fix: add someone who is around to `escalation:`, record a handoff for the absence, or move
an absence.",
    check,
};

/// The steps a finding names.
const SHOWN: usize = 10;

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    for duty in org.duties.values() {
        let chain = org.escalation(&duty.id);
        if chain.is_empty() {
            continue;
        }
        if chain
            .iter()
            .any(|step| org.reachable(step.id, Some(&duty.id), ctx.today))
        {
            continue;
        }
        let loc = duty
            .fields
            .escalation
            .as_ref()
            .and_then(|c| c.first())
            .map_or(duty.loc(), |first| duty.at(first.span));
        // A long chain is named by its first steps: the label stays readable and the output
        // linear in the size of the organisation.
        let mut ids: Vec<String> = chain
            .iter()
            .take(SHOWN)
            .map(|s| format!("`{}`", s.id))
            .collect();
        if chain.len() > SHOWN {
            ids.push(format!("and {} more", chain.len() - SHOWN));
        }
        out.push(
            Finding::new(
                &RULE,
                &duty.id,
                format!(
                    "nobody in the escalation chain of duty `{}` is present on {}",
                    duty.id, ctx.today
                ),
            )
            .at(loc, format!("away or gone: {}", ids.join(", ")))
            .help(
                "add someone who is around to `escalation:`, or record a handoff for the absence",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    fn org(away_to: &str) -> Fixture {
        Fixture::new(&format!(
            "people:\n  a: {{ away: [{{ from: 2026-11-20, to: {away_to} }}] }}\n  b: {{ status: left }}\n\
             duties:\n  d:\n    accountable: a\n    responsible: a\n    escalation: [a, b]\n"
        ))
    }

    #[test]
    fn everyone_away_or_gone_on_the_day() {
        // 2026-11-29 is the last day of the absence: still away.
        assert_eq!(
            org("2026-11-29").summary(&RULE),
            ["nobody in the escalation chain of duty `d` is present on 2026-11-29 @ a"]
        );
    }

    #[test]
    fn back_the_day_after() {
        assert!(org("2026-11-28").run(&RULE).is_empty());
    }
}
