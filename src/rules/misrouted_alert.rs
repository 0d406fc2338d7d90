//! `own::misrouted-alert`: an alert is routed to a receiver its owning duty owns.

use super::{Context, Finding, Level, Rule};
use crate::alerts::{self, Routed};
use crate::source::Loc;

pub(crate) static RULE: Rule = Rule {
    code: "misrouted-alert",
    level: Level::Deny,
    summary: "an alert routed only to receivers its owning duty does not own",
    explanation: "\
The duty that owns an alert (by its `alerts:` patterns) must be the one that hears it. With
`coverage.routing` naming an Alertmanager configuration, every Prometheus alert is routed
through its tree with the labels the rule sets and `alertname`, as Alertmanager routes it; when
none of the receivers it reaches is in the owning duty's `receivers:`, the alert would page
somebody else, and sit untriaged.

```yaml
duties:
  k8s-platform:
    alerts: [\"Kube*\"]
    receivers: [k8s-pager]     # the alert goes to team-db-pager: finding
```

The finding points at the alert and at the route that sent it there. Fix: change the route
(or the rule's labels) so the alert reaches the duty's receiver, or, if the receiver is
really this duty's, add it to `receivers:`.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(coverage) = ctx.alerts.filter(|a| a.routed()) else {
        return;
    };
    for def in &coverage.defs {
        let Some(owner) = coverage.patterns.owner_of(def) else {
            continue;
        };
        let Some((duty_id, duty)) = ctx.org.duties.get_index(owner.duty) else {
            continue;
        };
        let deliveries = coverage.deliveries(def);
        let owns = |routed: &Routed<'_>| {
            duty.fields
                .receivers
                .iter()
                .any(|r| r.value == routed.delivery.receiver)
        };
        if deliveries.is_empty() || deliveries.iter().any(owns) {
            continue;
        }
        let first = &deliveries[0];
        let receiver = &first.delivery.receiver;
        let holders = alerts::receiver_owners(ctx.org, receiver);
        let owned_by = match holders.as_slice() {
            [] => "owned by no duty".to_owned(),
            some => format!(
                "owned by {}",
                some.iter()
                    .filter_map(|&i| ctx.org.duties.get_index(i).map(|(id, _)| format!("`{id}`")))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let mut finding = Finding::new(
            &RULE,
            &def.name,
            format!(
                "alert `{}` belongs to `{duty_id}` but is routed to `{receiver}`, {owned_by}",
                def.name
            ),
        )
        .at(def.loc, format!("owned by `{duty_id}`"));
        for routed in &deliveries {
            let route = routed
                .delivery
                .chain
                .last()
                .and_then(|&r| routed.read.routing.routes.get(r));
            if let Some(route) = route {
                finding = finding.related(
                    Loc {
                        file: routed.read.file,
                        span: route.span,
                    },
                    format!("this route sends it to `{}`", routed.delivery.receiver),
                );
            }
        }
        let help = match duty.fields.receivers.as_slice() {
            [] => format!(
                "give `{duty_id}` the receivers it answers (`receivers:`), and route its alerts there"
            ),
            theirs => format!(
                "route it to {} (`{duty_id}`'s), or add `{receiver}` to `{duty_id}`'s `receivers:` if it is theirs",
                theirs
                    .iter()
                    .map(|r| format!("`{}`", r.value))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        out.push(finding.help(help));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    pub(crate) const ALERTMANAGER: &str = "\
route:
  receiver: default
  routes:
    - matchers: ['team=\"db\"']
      receiver: team-db-pager
    - matchers: ['alertname=~\"Kube.*\"']
      receiver: k8s-pager
receivers:
  - name: default
  - name: team-db-pager
  - name: k8s-pager
";

    const RULES: &str = "groups:\n  - name: g\n    rules:\n      - alert: KubeNodeNotReady\n        labels: { team: db }\n      - alert: KubeletDown\n      - alert: PostgresDown\n        labels: { team: db }\n";

    pub(crate) fn org(duties: &str) -> Fixture {
        Fixture::files(vec![
            (
                "own.yaml",
                format!(
                    "coverage:\n  alerts:\n    - {{ files: [mon/rules.yml], format: prometheus }}\n  routing:\n    - {{ file: am/alertmanager.yml, format: alertmanager }}\npeople:\n  a: {{}}\nduties:\n{duties}"
                ),
            ),
            ("mon/rules.yml", RULES.to_owned()),
            ("am/alertmanager.yml", ALERTMANAGER.to_owned()),
        ])
    }

    #[test]
    fn an_alert_routed_to_another_duty_s_receiver() {
        let f = org(
            "  k8s-platform: { accountable: a, alerts: [\"Kube*\"], receivers: [k8s-pager] }\n  database-ops: { accountable: a, alerts: [\"Postgres*\"], receivers: [team-db-pager] }\n",
        );
        let found = f.run(&RULE);
        assert_eq!(
            f.summary(&RULE),
            [
                "alert `KubeNodeNotReady` belongs to `k8s-platform` but is routed to `team-db-pager`, owned by `database-ops` @ KubeNodeNotReady"
            ]
        );
        // The related place is the route that sent it there.
        let route = &found[0].related[0];
        let text = &f.loaded.sources.get(route.loc.file).text;
        let at = &text[route.loc.span.start as usize..route.loc.span.end as usize];
        assert_eq!(at, "matchers");
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("`k8s-pager`")
        );
    }

    #[test]
    fn alerts_reaching_their_duty_s_receiver_are_fine() {
        let f = org(
            "  k8s-platform: { accountable: a, alerts: [\"Kube*\"], receivers: [k8s-pager, team-db-pager] }\n  database-ops: { accountable: a, alerts: [\"Postgres*\"], receivers: [team-db-pager] }\n",
        );
        assert_eq!(f.summary(&RULE), Vec::<String>::new());
    }
}
