//! `own::departed-owner`: people who have left hold no roles.

use super::{Context, Finding, Level, Rule};
use crate::model::Status;

pub(crate) static RULE: Rule = Rule {
    code: "departed-owner",
    level: Level::Deny,
    summary: "a person with status `left` still holds a role, leads a team, or is in an escalation chain",
    explanation: "\
When someone leaves, their duties must be handed to someone who is still here; otherwise
the pager rings for nobody. A person marked `status: left` must not hold any role on a duty,
lead a team, or appear in an escalation chain.

```yaml
people:
  dave: { name: Dave, status: left }
duties:
  certificates:
    accountable: dave       # finding
```

Fix: hand each role to someone active (edit the duty, or record a handoff), then keep the
person only for history.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    let departed: std::collections::HashSet<&str> = org
        .people
        .values()
        .filter(|p| p.status() == Status::Left)
        .map(|p| p.id.as_str())
        .collect();
    if departed.is_empty() {
        return;
    }
    let left = |id: &str| departed.contains(id);
    let help = "hand the role to someone active: edit it here, or record a handoff";
    for duty in org.duties.values() {
        for assignment in &duty.roles {
            for holder in assignment.holders.iter().filter(|h| left(&h.value)) {
                out.push(
                    Finding::new(
                        &RULE,
                        &holder.value,
                        format!(
                            "`{}` has left but is still `{}` of duty `{}`",
                            holder.value, assignment.key.value, duty.id
                        ),
                    )
                    .at(duty.at(holder.span), "has left")
                    .help(help),
                );
            }
        }
        for step in duty.fields.escalation.iter().flatten() {
            if left(&step.value) {
                out.push(
                    Finding::new(
                        &RULE,
                        &step.value,
                        format!(
                            "`{}` has left but is still in the escalation chain of duty `{}`",
                            step.value, duty.id
                        ),
                    )
                    .at(duty.at(step.span), "has left")
                    .help("remove them from `escalation`, or put their successor there"),
                );
            }
        }
    }
    for team in org.teams.values() {
        if let Some(lead) = team.lead.as_ref().filter(|l| left(&l.value)) {
            out.push(
                Finding::new(
                    &RULE,
                    &lead.value,
                    format!(
                        "`{}` has left but still leads team `{}`",
                        lead.value, team.id
                    ),
                )
                .at(team.at(lead.span), "has left")
                .help("name the team's new lead"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::Fixture;

    #[test]
    fn roles_leads_and_escalation_of_a_departed_person() {
        let f = Fixture::new(
            "people:\n  dave: { status: left }\n  amy: {}\nteams:\n  ops: { lead: dave, members: [amy] }\n\
             duties:\n  certs:\n    accountable: dave\n    responsible: amy\n    escalation: [amy, dave]\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "`dave` has left but still leads team `ops` @ dave",
                "`dave` has left but is still `accountable` of duty `certs` @ dave",
                "`dave` has left but is still in the escalation chain of duty `certs` @ dave",
            ]
        );
    }

    #[test]
    fn away_people_may_keep_their_roles() {
        let f = Fixture::new(
            "people:\n  dave: { status: away }\nduties:\n  certs:\n    accountable: dave\n",
        );
        assert!(f.run(&RULE).is_empty());
    }
}
