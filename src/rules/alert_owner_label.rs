//! `own::alert-owner-label`: an alert's owner label names its owning duty's holders.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "alert-owner-label",
    level: Level::Warn,
    summary: "an alert rule whose owner label names someone other than its owning duty's holders",
    explanation: "\
Many teams route on a label that names the owner (`team: database-ops`). With
`owner-label: team` on an alert source in `coverage.alerts`, each alert rule's static value of
that label must be the id (or GitHub handle) of the owning duty's accountable or one of its
responsible, so the labels and the matrix cannot drift apart. A rule without the label, or
whose value is templated, is a finding too: routing cannot count on it.

```yaml
coverage:
  alerts:
    - { files: [\"monitoring/*.rules.yml\"], format: prometheus, owner-label: team }
```

Fix: set the label to the owning duty's team, or move the alert to the duty the label names.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(coverage) = ctx.alerts else {
        return;
    };
    let sources = &ctx.org.manifest.coverage.alerts;
    let owner_role = ctx.org.scheme.owner;
    let responsible = ctx.org.scheme.responsible();
    for def in &coverage.defs {
        let Some(label) = sources.get(def.source).and_then(|s| s.owner_label.as_ref()) else {
            continue;
        };
        let Some(owner) = coverage.patterns.owner_of(def) else {
            continue;
        };
        let Some((duty_id, duty)) = ctx.org.duties.get_index(owner.duty) else {
            continue;
        };
        let holders: Vec<&str> = duty
            .holders(owner_role)
            .chain(responsible.into_iter().flat_map(|r| duty.holders(r)))
            .map(|h| h.value.as_str())
            .collect();
        // A holder is named by its id, its GitHub handle, or a team handle's name part.
        let names_holder = |value: &str| {
            holders.iter().any(|&id| {
                id == value
                    || ctx
                        .org
                        .people
                        .get(id)
                        .and_then(|p| p.github.as_ref())
                        .is_some_and(|g| g.value == value)
                    || ctx
                        .org
                        .teams
                        .get(id)
                        .and_then(|t| t.github.as_ref())
                        .is_some_and(|g| {
                            g.value == value || g.value.rsplit('/').next() == Some(value)
                        })
            })
        };
        let value = def
            .labels
            .iter()
            .find(|(name, _)| *name == label.value)
            .map(|(_, v)| v.as_str());
        let message = match value {
            Some(value) if names_holder(value) => continue,
            Some(value) => format!(
                "alert `{}` has `{}: {value}`, but `{duty_id}` owns it",
                def.name, label.value
            ),
            None => format!(
                "alert `{}` sets no fixed `{}` label; `{duty_id}` owns it",
                def.name, label.value
            ),
        };
        out.push(
            Finding::new(&RULE, &def.name, message)
                .at(def.loc, format!("owned by `{duty_id}`"))
                .help(format!(
                    "set `{}` to one of {} (`{duty_id}`'s accountable and responsible)",
                    label.value,
                    holders
                        .iter()
                        .map(|h| format!("`{h}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn the_owner_label_must_name_the_owning_duty_s_holders() {
        let f = Fixture::files(vec![
            (
                "own.yaml",
                "coverage:\n  alerts:\n    - { files: [r.yml], format: prometheus, owner-label: team }\npeople:\n  a: {}\nteams:\n  dbops: { lead: a, members: [a], github: example/database-ops }\nduties:\n  db: { accountable: a, responsible: [dbops], alerts: [\"*\"] }\n".to_owned(),
            ),
            (
                "r.yml",
                "groups:\n  - name: g\n    rules:\n      - alert: ByHandle\n        labels: { team: database-ops }\n      - alert: ById\n        labels: { team: dbops }\n      - alert: Other\n        labels: { team: k8s }\n      - alert: Templated\n        labels: { team: '{{ $labels.team }}' }\n".to_owned(),
            ),
        ]);
        assert_eq!(
            f.summary(&RULE),
            [
                "alert `Other` has `team: k8s`, but `db` owns it @ Other",
                "alert `Templated` sets no fixed `team` label; `db` owns it @ Templated",
            ]
        );
    }
}
