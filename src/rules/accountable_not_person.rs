//! `own::accountable-not-person`: roles that must name a person do not name a team.

use super::{Context, Finding, Level, Rule};
use crate::model::org::Holder;

pub(crate) static RULE: Rule = Rule {
    code: "accountable-not-person",
    level: Level::Deny,
    summary: "the accountable (or another person-only role) is a team",
    explanation: "\
Accountability rests with a person: a team cannot be called at 3 a.m. or asked why a
decision was made. The owner role, and any role a custom scheme marks `person: true`, must
name people.

```yaml
duties:
  alert-triage:
    accountable: soc        # a team: finding
```

Fix: name the team's lead (or another person) as accountable and keep the team under
`responsible`.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    for duty in org.duties.values() {
        for assignment in &duty.roles {
            let role = &org.scheme.roles[assignment.role];
            if !role.person {
                continue;
            }
            for holder in &assignment.holders {
                if org.holder(&holder.value) != Some(Holder::Team) {
                    continue;
                }
                let lead = org.teams.get(&holder.value).and_then(|t| t.lead.as_ref());
                let help = match lead {
                    Some(lead) => format!(
                        "name a person instead, such as the team's lead `{}`; keep `{}` under `responsible`",
                        lead.value, holder.value
                    ),
                    None => format!(
                        "name a person instead; keep `{}` under `responsible`",
                        holder.value
                    ),
                };
                out.push(
                    Finding::new(
                        &RULE,
                        &duty.id,
                        format!(
                            "the {} of duty `{}` is the team `{}`, not a person",
                            role.name, duty.id, holder.value
                        ),
                    )
                    .at(duty.at(holder.span), "a team")
                    .help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    const ORG: &str = "people:\n  carol: {}\nteams:\n  soc: { lead: carol, members: [carol] }\n";

    #[test]
    fn team_as_accountable_suggests_its_lead() {
        let f = Fixture::new(&format!("{ORG}duties:\n  triage:\n    accountable: soc\n"));
        let findings = f.run(&RULE);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "the accountable of duty `triage` is the team `soc`, not a person"
        );
        assert_eq!(f.pointed(&findings[0]), "soc");
        assert!(
            findings[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("`carol`"))
        );
    }

    #[test]
    fn person_as_accountable_and_team_as_responsible_are_fine() {
        let f = Fixture::new(&format!(
            "{ORG}duties:\n  triage:\n    accountable: carol\n    responsible: soc\n"
        ));
        assert!(f.run(&RULE).is_empty());
    }
}
