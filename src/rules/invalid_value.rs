//! `own::invalid-value`: every value can be used; one that cannot is left out and reported.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "invalid-value",
    level: Level::Deny,
    summary: "a value of the wrong type or form, left out of the evaluation",
    explanation: "\
A field holds a value `own` cannot use: a list where one id is expected, a date that is not
`YYYY-MM-DD` or does not exist (`2026-02-30`), an unknown rule level (`rules: { own::x:
sometimes }`), an unknown alert source `format:` (`prom` for `prometheus`), a period that is
not `14d`/`2w`/`6m`/`1y` or longer than 100 years, a `reviewed:` date after the evaluation
date, a `limits.max-file-size` above 1 GiB or `limits.max-total-size` above 4 GiB (the cap
applies instead). The value is left out (with the entry that needs it, when the
entry cannot stand without it: a handoff without a valid `from`), the rest is evaluated,
and every such value is reported in the same run, at its place.

```yaml
handoffs:
  ken-holiday:
    from: ken
    to: lena
    from-date: 2026-12-32   # finding: not a date; the handoff is read without it
```

A value that makes a file unreadable (a character files may not hold) stops the run with
the same code and exit 2.

Fix: write the value in the form the message names; `own schema` gives every field's type.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for invalid in &ctx.org.invalid_values {
        let mut finding =
            Finding::new(&RULE, "value", invalid.message.clone()).at(invalid.loc, "cannot be used");
        if let Some(help) = &invalid.help {
            finding = finding.help(help.clone());
        }
        out.push(finding);
    }
    // `limits` may raise the size limits only so far; past the cap, the cap applies.
    let limits = &ctx.org.manifest.limits;
    for (key, value, cap) in [
        (
            "max-file-size",
            &limits.max_file_size,
            crate::model::manifest::Limits::MAX_FILE_SIZE_CAP,
        ),
        (
            "max-total-size",
            &limits.max_total_size,
            crate::model::manifest::Limits::MAX_TOTAL_SIZE_CAP,
        ),
    ] {
        let (Some(value), Some(file)) = (value, ctx.org.manifest_file) else {
            continue;
        };
        if value.value <= cap {
            continue;
        }
        let loc = crate::source::Loc {
            file,
            span: value.span,
        };
        out.push(
            Finding::new(
                &RULE,
                key,
                format!(
                    "`limits.{key}` asks for {} bytes; `own` reads at most {cap} ({} GiB), which applies",
                    value.value,
                    cap >> 30
                ),
            )
            .at(loc, "above the cap")
            .help(format!("write a size of at most {cap} bytes")),
        );
    }
    // A review cannot have happened after the evaluation date.
    for duty in ctx.org.duties.values() {
        let Some(reviewed) = duty
            .fields
            .reviewed
            .as_ref()
            .filter(|r| r.value > ctx.today)
        else {
            continue;
        };
        out.push(
            Finding::new(
                &RULE,
                &duty.id,
                format!(
                    "`reviewed` of duty `{}` is {}, after the evaluation date {}",
                    duty.id, reviewed.value, ctx.today
                ),
            )
            .at(duty.at(reviewed.span), "in the future")
            .help("write the day the review took place; `own::stale-review` counts from it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn size_limits_past_the_cap_are_findings() {
        let f = Fixture::new(
            "limits:\n  max-file-size: 100000000000\n  max-total-size: 1048576\npeople:\n  a: {}\n",
        );
        let found = f.summary(&RULE);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].contains("`limits.max-file-size` asks for 100000000000 bytes"),
            "{found:#?}"
        );
        assert_eq!(
            f.loaded.org.manifest.limits.max_file_size(),
            crate::model::manifest::Limits::MAX_FILE_SIZE_CAP
        );
    }

    #[test]
    fn bad_values_are_findings_and_the_rest_is_read() {
        let f = Fixture::new(
            "rules:\n  own::no-responsible: sometimes\n\
             coverage:\n  alerts:\n    - { files: [\"a.yml\"], format: prom }\n\
             people:\n  ken: { away: [{ from: 2026-12-21, to: 2026-13-03 }] }\n  lena: {}\n\
             handoffs:\n  h: { from: ken, to: lena, from-date: 2026-02-30 }\n  bad: { from: [ken], to: lena }\n\
             duties:\n  d: { accountable: ken, responsible: { x: 1 }, reviewed: yesterday }\n",
        );
        let found = f.summary(&RULE);
        assert_eq!(found.len(), 7, "{found:#?}");
        let org = &f.loaded.org;
        // What could be read is there: the handoff without its date, the duty's accountable.
        assert!(org.handoffs["h"].from_date.is_none());
        assert!(
            !org.handoffs.contains_key("bad"),
            "no handoff without a `from`"
        );
        assert_eq!(org.duties["d"].holders(org.scheme.owner).count(), 1);
        assert!(org.people["ken"].away.is_empty());
        assert!(org.manifest.coverage.alerts.is_empty());
        assert!(org.manifest.rules.0.is_empty());
        assert!(
            found
                .iter()
                .any(|s| s.starts_with("invalid `from-date` in handoff `h`")),
            "{found:#?}"
        );
    }

    #[test]
    fn a_review_in_the_future_and_an_endless_period() {
        let f = Fixture::new(
            "policy:\n  review-every: 20000y\npeople:\n  a: {}\n\
             duties:\n  d: { accountable: a, responsible: a, reviewed: 2026-11-30 }\n  e: { accountable: a, responsible: a, reviewed: 2026-11-29 }\n",
        );
        let found = f.summary(&RULE);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].starts_with("invalid `review-every` in own.yaml: expected a period"),
            "{found:#?}"
        );
        assert_eq!(
            found[1],
            "`reviewed` of duty `d` is 2026-11-30, after the evaluation date 2026-11-29 @ 2026-11-30"
        );
    }
}
