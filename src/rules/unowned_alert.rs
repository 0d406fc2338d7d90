//! `own::unowned-alert`: every alert type has an owning duty.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "unowned-alert",
    level: Level::Deny,
    summary: "an alert type that no duty owns",
    explanation: "\
An alert that fires at 3 a.m. must page somebody who knows it is theirs. `coverage.alerts` in
`own.yaml` lists where alerts are defined (Prometheus rule files, or plain lists); every
alert name found there must match some duty's `alerts:` patterns. The finding points at the
alert's definition in its own file; its target is the alert name.

```yaml
coverage:
  alerts:
    - files: [\"monitoring/**/*.rules.yml\"]
      format: prometheus
```

Fix: add a pattern matching the alert (`Siem*`) to the duty that owns it.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(alerts) = ctx.alerts.filter(|a| a.enforced) else {
        return;
    };
    for def in &alerts.defs {
        if alerts.patterns.owner_of(def).is_some() {
            continue;
        }
        out.push(
            Finding::new(
                &RULE,
                &def.name,
                format!("alert `{}` is owned by no duty", def.name),
            )
            .at(def.loc, "no duty's `alerts:` matches this")
            .help("add a pattern matching it to the `alerts:` of the duty that answers it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    const RULES: &str = "groups:\n  - name: g\n    rules:\n      - alert: DiskFull\n      - alert: HostDown\n      - record: x\n";

    fn org(patterns: &str, coverage: bool) -> Fixture {
        let coverage = if coverage {
            "coverage:\n  alerts:\n    - { files: [\"mon/*.yml\"], format: prometheus }\n"
        } else {
            ""
        };
        Fixture::files(vec![
            (
                "own.yaml",
                format!(
                    "{coverage}people:\n  a: {{}}\nduties:\n  d:\n    accountable: a\n    alerts: [{patterns}]\n"
                ),
            ),
            ("mon/a.yml", RULES.to_owned()),
        ])
    }

    #[test]
    fn alerts_without_a_matching_pattern() {
        let f = org("\"Disk*\"", true);
        assert_eq!(
            f.summary(&RULE),
            ["alert `HostDown` is owned by no duty @ HostDown"]
        );
    }

    #[test]
    fn owned_alerts_and_no_sources_are_fine() {
        assert!(org("\"Disk*\", \"Host*\"", true).run(&RULE).is_empty());
        assert!(org("\"Disk*\"", false).run(&RULE).is_empty());
    }
}
