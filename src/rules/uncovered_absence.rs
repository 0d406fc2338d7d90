//! `own::uncovered-absence`: an owner who is away, or soon will be, has handed the duty off.

use super::{Context, Finding, Level, Rule};
use crate::model::date::PeriodUnit;
use crate::model::people::Status;
use crate::model::{Date, Defined, Duty, Period, Spanned};

pub(crate) static RULE: Rule = Rule {
    code: "uncovered-absence",
    level: Level::Warn,
    summary: "an accountable or only responsible person away, now or soon, with no handoff",
    explanation: "\
\"You own it until you properly hand it off.\" When the accountable of a duty, or the only
person responsible for it, is away on the evaluation date (an `away:` period or
`status: away`) and no handoff in effect covers that duty, the duty has nobody.

CI must warn before the vacation, not during it: an absence that starts within
`policy.absence-notice` (default `14d`) of the evaluation date is checked the same way, for
the handoffs that will be in effect then. A handoff that covers only part of the absence
leaves the rest uncovered, and the finding names the first day nobody covers.

```yaml
people:
  ken:
    away: [{ from: 2026-12-21, to: 2027-01-03 }]   # finding: nobody covers `threat-hunting`
duties:
  threat-hunting: { accountable: ken, responsible: soc }
```

Fix: add a handoff from the person for that duty and those dates, to someone present:
`handoffs: { ken-holiday: { from: ken, to: lena, duties: [threat-hunting], from-date:
2026-12-21, to-date: 2027-01-03 } }`.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    let horizon = ctx.today.plus(org.manifest.policy.absence_notice());
    for duty in org.duties.values() {
        for (person, holder, role) in owners(ctx, duty) {
            let Some(p) = org.people.get(person) else {
                continue;
            };
            match p.status() {
                Status::Left => continue,
                Status::Away => {
                    if uncovered_from(ctx, person, &duty.id, ctx.today, None).is_some() {
                        let at = p.status.as_ref().map_or(p.loc(), |s| p.at(s.span));
                        out.push(
                            finding(duty, person, &role, "away (`status: away`)".into(), None)
                                .at(at, "away")
                                .related(duty.at(holder.span), format!("{role} here")),
                        );
                    }
                }
                Status::Active => {
                    for absence in &p.away {
                        let (from, to) = (absence.from.value, absence.to.value);
                        if to < ctx.today || from > horizon || to < from {
                            continue;
                        }
                        let start = from.max(ctx.today);
                        let Some(gap) = uncovered_from(ctx, person, &duty.id, start, Some(to))
                        else {
                            continue;
                        };
                        let when = format!("away {from} to {to}");
                        let partly = (gap > start).then_some(gap);
                        out.push(
                            finding(duty, person, &role, when, partly)
                                .at(p.at(absence.from.span), "away")
                                .related(duty.at(holder.span), format!("{role} here")),
                        );
                    }
                }
            }
        }
    }
}

/// The people a duty rests on: its accountable, and its responsible when that is one person.
fn owners<'a>(
    ctx: &'a Context<'_>,
    duty: &'a Defined<Duty>,
) -> Vec<(&'a str, &'a Spanned<String>, String)> {
    let org = ctx.org;
    let scheme = &org.scheme;
    let mut owners: Vec<(&str, &Spanned<String>, String)> = duty
        .holders(scheme.owner)
        .filter(|h| org.people.contains_key(&h.value))
        .map(|h| (h.value.as_str(), h, scheme.roles[scheme.owner].name.clone()))
        .collect();
    let doers: Vec<(usize, &Spanned<String>)> = scheme
        .doers()
        .into_iter()
        .filter(|&r| r != scheme.owner)
        .flat_map(|r| duty.holders(r).map(move |h| (r, h)))
        .collect();
    let mut people: Vec<&str> = Vec::new();
    for (_, h) in &doers {
        for person in org.people_of(&h.value) {
            if !people.contains(&person) {
                people.push(person);
            }
        }
    }
    if let ([only], Some((role, holder))) = (people.as_slice(), doers.first())
        && !owners.iter().any(|(p, _, _)| p == only)
    {
        let name = format!("the only {}", scheme.roles[*role].name);
        owners.push((only, holder, name));
    }
    owners
}

/// The first day from `start` to `end` (open-ended: `start` alone) that no handoff from the
/// person covering the duty is in effect on, if any.
fn uncovered_from(
    ctx: &Context<'_>,
    person: &str,
    duty: &str,
    start: Date,
    end: Option<Date>,
) -> Option<Date> {
    let day = Period {
        count: 1,
        unit: PeriodUnit::Days,
    };
    let end = end.unwrap_or(start);
    let handoffs: Vec<_> = ctx
        .org
        .handoffs
        .values()
        .filter(|h| h.from.value == person && h.covers(duty))
        .collect();
    let mut day_at = start;
    // Each step jumps past one handoff's end, so this ends after as many steps as handoffs.
    for _ in 0..=handoffs.len() {
        let best = handoffs
            .iter()
            .filter(|h| h.in_effect(day_at))
            .map(|h| h.to_date.as_ref().map(|d| d.value))
            .max_by(|a, b| match (a, b) {
                (None, None) => std::cmp::Ordering::Equal,
                (None, _) => std::cmp::Ordering::Greater,
                (_, None) => std::cmp::Ordering::Less,
                (Some(a), Some(b)) => a.cmp(b),
            });
        match best {
            None => return Some(day_at),
            Some(None) => return None,
            Some(Some(last)) if last >= end => return None,
            Some(Some(last)) => day_at = last.plus(day),
        }
    }
    Some(day_at)
}

fn finding(
    duty: &Defined<Duty>,
    person: &str,
    role: &str,
    when: String,
    partly: Option<Date>,
) -> Finding {
    let nobody = match partly {
        Some(day) => format!("nobody covers from {day}"),
        None => "nobody covers".to_owned(),
    };
    Finding::new(
        &RULE,
        &duty.id,
        format!("`{person}` is {role} for `{}` and {when}; {nobody}", duty.id),
    )
    .help(format!(
        "add a handoff from `{person}` of `{}` for those dates to someone present, or reassign the role",
        duty.id
    ))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    const ORG: &str = "\
people:
  ken: { away: [{ from: 2026-12-10, to: 2026-12-20 }, { from: 2027-03-01, to: 2027-03-05 }] }
  lena: { away: [{ from: 2026-11-20, to: 2026-12-02 }] }
  mo: { status: away }
  nia: {}
  old: { away: [{ from: 2026-11-01, to: 2026-11-28 }] }
teams:
  soc: { lead: nia, members: [nia, ken] }
duties:
  hunting: { accountable: ken, responsible: soc }
  triage: { accountable: nia, responsible: lena }
  backups: { accountable: mo, responsible: nia }
  past: { accountable: old, responsible: nia }
";

    #[test]
    fn owners_away_now_or_within_the_notice_without_a_handoff() {
        let f = Fixture::new(ORG);
        assert_eq!(
            f.summary(&RULE),
            [
                "`ken` is accountable for `hunting` and away 2026-12-10 to 2026-12-20; nobody covers @ 2026-12-10",
                "`lena` is the only responsible for `triage` and away 2026-11-20 to 2026-12-02; nobody covers @ 2026-11-20",
                "`mo` is accountable for `backups` and away (`status: away`); nobody covers @ away",
            ]
        );
    }

    #[test]
    fn handoffs_cover_the_whole_absence_or_the_gap_is_named() {
        let f = Fixture::new(&format!(
            "{ORG}handoffs:\n\
             \x20 a: {{ from: ken, to: nia, duties: [hunting], from-date: 2026-12-10, to-date: 2026-12-14 }}\n\
             \x20 b: {{ from: ken, to: nia, from-date: 2026-12-15, to-date: 2026-12-17 }}\n\
             \x20 c: {{ from: lena, to: nia, duties: [triage] }}\n\
             \x20 d: {{ from: mo, to: nia, duties: [triage] }}\n"
        ));
        assert_eq!(
            f.summary(&RULE),
            [
                "`ken` is accountable for `hunting` and away 2026-12-10 to 2026-12-20; nobody covers from 2026-12-18 @ 2026-12-10",
                "`mo` is accountable for `backups` and away (`status: away`); nobody covers @ away",
            ]
        );
    }

    #[test]
    fn the_notice_is_a_policy() {
        let f = Fixture::new(&format!("policy:\n  absence-notice: 3d\n{ORG}"));
        let found = f.summary(&RULE);
        assert!(!found.iter().any(|s| s.contains("`hunting`")), "{found:?}");
        let f = Fixture::new(&format!("policy:\n  absence-notice: 100d\n{ORG}"));
        let found = f.summary(&RULE);
        assert!(found.iter().any(|s| s.contains("2027-03-01")), "{found:?}");
    }
}
