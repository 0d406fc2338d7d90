//! `own::drive-by-delegation`: a delegation says what, by when, and to whom to report.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "drive-by-delegation",
    level: Level::Deny,
    summary: "a delegation without `expect`, `due` or `report-to`",
    explanation: "\
\"Hey, can you look into this?\" is not a delegation. A delegation must say what is expected
(`expect`), by when (`due`) and to whom the delegate reports (`report-to`); otherwise nobody
knows when it is done, and it silently becomes nobody's.

```yaml
delegations:
  cve-backlog:
    duty: patch-management
    from: alice
    to: bob
    expect: Investigate the CVE backlog and document findings
    due: 2026-11-28T14:00
    report-to: soc
```

Fix: add the missing fields.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for d in ctx.org.delegations.values() {
        let missing: Vec<&str> = [
            ("expect", d.expect.is_none()),
            ("due", d.due.is_none()),
            ("report-to", d.report_to.is_none()),
        ]
        .into_iter()
        .filter_map(|(field, absent)| absent.then_some(field))
        .collect();
        if missing.is_empty() {
            continue;
        }
        let list = missing
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(
            Finding::new(
                &RULE,
                &d.id,
                format!("delegation `{}` to `{}` has no {list}", d.id, d.to.value),
            )
            .at(d.loc(), format!("missing {list}"))
            .help("say what is expected (`expect`), by when (`due`) and to whom to report (`report-to`)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn missing_expectations() {
        let f = Fixture::new(
            "delegations:\n  x: { duty: d, from: a, to: b, expect: Do it }\n  y: { duty: d, from: a, to: b, expect: Do it, due: 2027-01-01, report-to: a }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            ["delegation `x` to `b` has no `due`, `report-to` @ x"]
        );
    }
}
