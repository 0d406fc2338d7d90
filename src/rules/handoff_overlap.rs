//! `own::handoff-overlap`: one person's role is handed to one receiver at a time.

use std::collections::HashMap;

use super::{Context, Finding, Level, Rule};
use crate::model::Defined;
use crate::model::Handoff;

pub(crate) static RULE: Rule = Rule {
    code: "handoff-overlap",
    level: Level::Deny,
    summary: "two handoffs of the same person's duty to different people at the same time",
    explanation: "\
When two handoffs from the same person cover the same duty on overlapping dates and go to
different people, nobody can tell who covers. Each pair is reported once, at the later one.

Fix: make the date ranges meet without overlapping, or narrow `duties:` so each duty goes to
one receiver.",
    check,
};

fn overlaps(a: &Handoff, b: &Handoff) -> bool {
    let starts_before_end = |x: &Handoff, y: &Handoff| match (&x.from_date, &y.to_date) {
        (Some(start), Some(end)) => start.value <= end.value,
        _ => true,
    };
    starts_before_end(a, b) && starts_before_end(b, a)
}

fn shared_duty(a: &Handoff, b: &Handoff) -> Option<String> {
    match (&a.duties, &b.duties) {
        (None, None) => Some("all their duties".into()),
        (Some(list), None) | (None, Some(list)) => list.first().map(|d| format!("`{}`", d.value)),
        (Some(x), Some(y)) => x
            .iter()
            .find(|d| y.iter().any(|e| e.value == d.value))
            .map(|d| format!("`{}`", d.value)),
    }
}

/// The most pairs of one giver's handoffs compared; past it, one finding says the rest was
/// not compared (60,000 handoffs must not take minutes, nor pass as checked).
const MAX_PAIRS: usize = 1_000_000;

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    // Only handoffs from the same person can overlap: compare within each giver's group.
    let mut by_giver: Vec<Vec<&Defined<Handoff>>> = Vec::new();
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    for h in ctx.org.handoffs.values() {
        let group = *group_of.entry(h.from.value.as_str()).or_insert_with(|| {
            by_giver.push(Vec::new());
            by_giver.len() - 1
        });
        by_giver[group].push(h);
    }
    for handoffs in by_giver {
        let mut compared = 0usize;
        'pairs: for (i, later) in handoffs.iter().enumerate() {
            for earlier in &handoffs[..i] {
                compared += 1;
                if compared > MAX_PAIRS {
                    out.push(
                        Finding::new(
                            &RULE,
                            &later.from.value,
                            format!(
                                "`{}` gives {} handoffs; only the first {MAX_PAIRS} pairs were compared for overlaps",
                                later.from.value,
                                handoffs.len()
                            ),
                        )
                        .at(later.loc(), "not compared from here on")
                        .help("merge handoffs that cover the same period; this many cannot all be meant"),
                    );
                    break 'pairs;
                }
                if earlier.to.value == later.to.value || !overlaps(earlier, later) {
                    continue;
                }
                let Some(duty) = shared_duty(earlier, later) else {
                    continue;
                };
                out.push(
                    Finding::new(
                        &RULE,
                        &later.id,
                        format!(
                            "handoffs `{}` and `{}` both hand {duty} of `{}` over at the same time, to `{}` and `{}`",
                            earlier.id, later.id, later.from.value, earlier.to.value, later.to.value
                        ),
                    )
                    .at(later.loc(), "overlaps")
                    .related(earlier.loc(), "overlapping handoff")
                    .help("make the periods meet without overlapping, or narrow `duties:`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn overlapping_periods_of_the_same_duty() {
        let f = Fixture::new(
            "handoffs:\n\
             \x20 h1: { from: a, to: b, duties: [x, y], from-date: 2027-01-01, to-date: 2027-01-10 }\n\
             \x20 h2: { from: a, to: c, duties: [y], from-date: 2027-01-10, to-date: 2027-01-20 }\n\
             \x20 h3: { from: a, to: c, duties: [x], from-date: 2027-01-11 }\n\
             \x20 h4: { from: a, to: d, duties: [z], from-date: 2027-01-01 }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "handoffs `h1` and `h2` both hand `y` of `a` over at the same time, to `b` and `c` @ h2"
            ]
        );
    }
}
