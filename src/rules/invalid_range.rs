//! `own::invalid-range`: an absence or a handoff ends before it starts.

use super::{Context, Finding, Level, Rule};
use crate::model::date::PeriodUnit;
use crate::model::{Date, Defined, Period, Spanned};

pub(crate) static RULE: Rule = Rule {
    code: "invalid-range",
    level: Level::Deny,
    summary: "an absence or a handoff whose last day is before its first",
    explanation: "\
A period whose end comes before its start covers no day at all, so `own` would silently
treat the absence as never happening or the handoff as never in effect. The usual cause is a
period across the new year written with the old year at the end:

```yaml
handoffs:
  ken-holiday:
    from: ken
    to: lena
    from-date: 2026-12-21
    to-date: 2026-01-03    # finding: did you mean 2027-01-03?
```

The same holds for `away: [{ from, to }]` on a person. Both ends are pointed at.

Fix: correct the end (or the start) so the period runs forward. When adding a year to the end
makes the period valid, the finding suggests that date.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for person in ctx.org.people.values() {
        for absence in &person.away {
            out.extend(inverted(
                person,
                &absence.from,
                &absence.to,
                format!("`{}` is away from", person.id),
                "from",
                "to",
            ));
        }
    }
    for handoff in ctx.org.handoffs.values() {
        let (Some(start), Some(end)) = (&handoff.from_date, &handoff.to_date) else {
            continue;
        };
        out.extend(inverted(
            handoff,
            start,
            end,
            format!("handoff `{}` runs from", handoff.id),
            "from-date",
            "to-date",
        ));
    }
}

/// A finding when `end` is before `start`, pointing at the end and naming the start.
fn inverted<T>(
    owner: &Defined<T>,
    start: &Spanned<Date>,
    end: &Spanned<Date>,
    what: String,
    start_key: &str,
    end_key: &str,
) -> Option<Finding> {
    if end.value >= start.value {
        return None;
    }
    let help = match next_year_fix(start.value, end.value) {
        Some(fixed) => {
            format!("did you mean `{end_key}: {fixed}`? a period ends on or after its first day")
        }
        None => format!("`{end_key}` must be on or after `{start_key}`: swap or correct the dates"),
    };
    Some(
        Finding::new(
            &RULE,
            &owner.id,
            format!(
                "{what} {} to {}: `{end_key}` is before `{start_key}`, so the period covers no day",
                start.value, end.value
            ),
        )
        .at(owner.at(end.span), "ends before it starts")
        .related(owner.at(start.span), "starts here")
        .help(help),
    )
}

/// The end moved forward by whole years until the period runs forward, when one or two years
/// do it (a year-end period written with the old year, or a typo in the year).
fn next_year_fix(start: Date, end: Date) -> Option<Date> {
    (1..=2).find_map(|years| {
        let moved = end.plus(Period {
            count: years,
            unit: PeriodUnit::Years,
        });
        (moved >= start).then_some(moved)
    })
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn inverted_absences_and_handoffs_are_found_at_both_ends() {
        let f = Fixture::new(
            "people:\n\
             \x20 ken: { away: [{ from: 2026-12-21, to: 2026-01-03 }, { from: 2027-02-01, to: 2027-02-01 }] }\n\
             \x20 lena: {}\n\
             handoffs:\n\
             \x20 h1: { from: ken, to: lena, from-date: 2026-12-21, to-date: 2026-01-03 }\n\
             \x20 h2: { from: ken, to: lena, from-date: 2027-03-01, to-date: 2027-03-02 }\n\
             \x20 h3: { from: ken, to: lena, from-date: 2027-03-01 }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "`ken` is away from 2026-12-21 to 2026-01-03: `to` is before `from`, so the period covers no day @ 2026-01-03",
                "handoff `h1` runs from 2026-12-21 to 2026-01-03: `to-date` is before `from-date`, so the period covers no day @ 2026-01-03",
            ]
        );
        let findings = f.run(&RULE);
        assert_eq!(
            findings[1].help.as_deref(),
            Some("did you mean `to-date: 2027-01-03`? a period ends on or after its first day")
        );
        assert_eq!(findings[1].related.len(), 1, "the start is pointed at too");
    }

    #[test]
    fn a_far_inversion_suggests_correcting_the_dates() {
        let f = Fixture::new("people:\n  ken: { away: [{ from: 2026-12-21, to: 2020-01-03 }] }\n");
        let findings = f.run(&RULE);
        assert_eq!(
            findings[0].help.as_deref(),
            Some("`to` must be on or after `from`: swap or correct the dates")
        );
    }
}
