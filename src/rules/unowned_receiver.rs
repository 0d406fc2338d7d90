//! `own::unowned-receiver`: a receiver that alerts reach has an owning duty.

use super::{Context, Finding, Level, Rule};
use crate::alerts;
use crate::source::Loc;

pub(crate) static RULE: Rule = Rule {
    code: "unowned-receiver",
    level: Level::Deny,
    summary: "an Alertmanager receiver that an alert reaches and no duty owns",
    explanation: "\
A receiver is where an alert lands: a pager rotation, a channel, a ticket queue. When alerts
reach a receiver that no duty lists in `receivers:`, nobody has said they answer what
arrives there. The finding points at the receiver's definition in the Alertmanager
configuration (`coverage.routing`) and names the alerts that reach it.

```yaml
duties:
  database-ops:
    receivers: [team-db-pager]
```

Fix: add the receiver to the `receivers:` of the duty that answers it, or route the alerts
elsewhere.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(coverage) = ctx.alerts.filter(|a| a.routed()) else {
        return;
    };
    // Per routing configuration and receiver, the alerts that reach it, in order.
    let mut reached: Vec<Vec<(usize, Vec<&str>)>> = vec![Vec::new(); coverage.routings.len()];
    for def in &coverage.defs {
        for routed in coverage.deliveries(def) {
            let index = coverage
                .routings
                .iter()
                .position(|r| std::ptr::eq(r, routed.read))
                .unwrap_or_default();
            let receivers = &routed.read.routing.receivers;
            let Some(receiver) = receivers
                .iter()
                .position(|r| r.name == routed.delivery.receiver)
            else {
                continue;
            };
            let list = &mut reached[index];
            match list.iter_mut().find(|(r, _)| *r == receiver) {
                Some((_, names)) => names.push(&def.name),
                None => list.push((receiver, vec![&def.name])),
            }
        }
    }
    for (read, receivers) in coverage.routings.iter().zip(&mut reached) {
        receivers.sort_by_key(|(r, _)| *r);
        for (receiver, names) in receivers.iter_mut() {
            let receiver = &read.routing.receivers[*receiver];
            if !alerts::receiver_owners(ctx.org, &receiver.name).is_empty() {
                continue;
            }
            names.dedup();
            let shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
            let more = names.len().saturating_sub(3);
            let list = if more > 0 {
                format!("{} and {more} more", shown.join(", "))
            } else {
                shown.join(", ")
            };
            out.push(
                Finding::new(
                    &RULE,
                    &receiver.name,
                    format!(
                        "receiver `{}` receives {list} but no duty owns it",
                        receiver.name
                    ),
                )
                .at(
                    Loc {
                        file: read.file,
                        span: receiver.span,
                    },
                    "no duty's `receivers:` names this",
                )
                .help("add it to the `receivers:` of the duty that answers these alerts"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::misrouted_alert::tests::org;

    #[test]
    fn a_receiver_alerts_reach_that_no_duty_owns() {
        let f = org(
            "  k8s-platform: { accountable: a, alerts: [\"Kube*\"], receivers: [k8s-pager] }\n  database-ops: { accountable: a, alerts: [\"Postgres*\"] }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "receiver `team-db-pager` receives `KubeNodeNotReady`, `PostgresDown` but no duty owns it @ team-db-pager"
            ]
        );
        // `default` is reached by nothing and `k8s-pager` is owned: no finding for them.
    }
}
