//! `own::no-responsible`: a duty names somebody to do the work.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "no-responsible",
    level: Level::Warn,
    summary: "a duty has nobody responsible (the accountable does the work alone)",
    explanation: "\
`responsible` names the people and teams who do the work. Without them the accountable
owner is the only one who knows the duty exists, and it stops when they are away.

```yaml
duties:
  backups:
    accountable: dana       # nobody responsible: finding
```

Fix: add `responsible:` with the people or teams who do the work (the accountable may be one
of them). Applies when the scheme has a `responsible` role with `min` of at least 1 (RACI does).",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let scheme = &ctx.org.scheme;
    let Some(role) = scheme.responsible() else {
        return;
    };
    if scheme.roles[role].min == 0 {
        return;
    }
    for duty in ctx.org.duties.values() {
        if duty.holders(role).next().is_some() {
            continue;
        }
        let loc = duty
            .assignment(role)
            .map_or(duty.loc(), |a| duty.at(a.key.span));
        out.push(
            Finding::new(
                &RULE,
                &duty.id,
                format!("duty `{}` has nobody responsible", duty.id),
            )
            .at(loc, "nobody responsible")
            .help("add `responsible:` with the people or teams who do the work"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn missing_or_empty_responsible() {
        let f = Fixture::new(
            "people:\n  a: {}\nduties:\n  x:\n    accountable: a\n  y:\n    accountable: a\n    responsible: []\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "duty `x` has nobody responsible @ x",
                "duty `y` has nobody responsible @ responsible",
            ]
        );
    }

    #[test]
    fn someone_responsible_is_fine() {
        let f = Fixture::new(
            "people:\n  a: {}\nduties:\n  x:\n    accountable: a\n    responsible: a\n",
        );
        assert!(f.run(&RULE).is_empty());
    }

    #[test]
    fn schemes_without_a_required_responsible_are_skipped() {
        let f = Fixture::new(
            "scheme:\n  roles:\n    dri: { accountable: true }\npeople:\n  a: {}\nduties:\n  x:\n    dri: a\n",
        );
        assert!(f.run(&RULE).is_empty());
    }
}
