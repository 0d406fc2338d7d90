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
        // Where it is routed says whose it probably is.
        let mut hearing: Vec<&str> = alerts
            .deliveries(def)
            .iter()
            .flat_map(|routed| crate::alerts::receiver_owners(ctx.org, &routed.delivery.receiver))
            .filter_map(|duty| ctx.org.duties.get_index(duty).map(|(id, _)| id.as_str()))
            .collect();
        hearing.dedup();
        let help = match hearing.as_slice() {
            [] => {
                "add a pattern matching it to the `alerts:` of the duty that answers it".to_owned()
            }
            duties => format!(
                "it is routed to {}'s receiver: add it to {}' `alerts:`, or route it to your receiver",
                duties
                    .iter()
                    .map(|d| format!("`{d}`"))
                    .collect::<Vec<_>>()
                    .join(" and "),
                duties
                    .iter()
                    .map(|d| format!("`{d}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        out.push(
            Finding::new(
                &RULE,
                &def.name,
                format!("alert `{}` is owned by no duty", def.name),
            )
            .at(def.loc, "no duty's `alerts:` matches this")
            .help(help),
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

    /// With routing, the help names the duty whose receiver the alert reaches.
    #[test]
    fn the_help_names_the_duty_the_alert_is_routed_to() {
        let f = crate::rules::misrouted_alert::tests::org(
            "  database-ops: { accountable: a, alerts: [\"Postgres*\"], receivers: [team-db-pager] }\n",
        );
        let found = f.run(&RULE);
        let kube = found.iter().find(|f| f.target == "KubeNodeNotReady");
        assert_eq!(
            kube.and_then(|f| f.help.as_deref()),
            Some(
                "it is routed to `database-ops`'s receiver: add it to `database-ops`' `alerts:`, or route it to your receiver"
            )
        );
    }

    #[test]
    fn owned_alerts_and_no_sources_are_fine() {
        assert!(org("\"Disk*\", \"Host*\"", true).run(&RULE).is_empty());
        assert!(org("\"Disk*\"", false).run(&RULE).is_empty());
    }
}
