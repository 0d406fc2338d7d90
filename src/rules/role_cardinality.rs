//! `own::role-cardinality`: roles other than the owner role respect the scheme's `min`/`max`.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "role-cardinality",
    level: Level::Deny,
    summary: "a duty has fewer or more holders of a role than the scheme allows",
    explanation: "\
A custom scheme can require a number of holders per role, for example exactly one DACI
`driver`. This rule checks every role except the owner role (which `own::one-accountable`
checks) and `responsible` (whose absence `own::no-responsible` reports).

```yaml
scheme:
  roles:
    driver:   { min: 1, max: 1, person: true }
    approver: { accountable: true }
    contributors: {}
```

A duty with two drivers, or none, is a finding. Fix: assign the number of holders the
scheme asks for, or change the scheme.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let scheme = &ctx.org.scheme;
    for (index, role) in scheme.roles.iter().enumerate() {
        if index == scheme.owner || (role.min == 0 && role.max.is_none()) {
            continue;
        }
        let check_min = scheme.responsible() != Some(index);
        for duty in ctx.org.duties.values() {
            let count = duty.holders(index).count();
            let assignment = duty.assignment(index);
            let loc = assignment.map_or(duty.loc(), |a| duty.at(a.key.span));
            let name = &role.name;
            if check_min && count < role.min as usize {
                out.push(
                    Finding::new(
                        &RULE,
                        &duty.id,
                        format!(
                            "duty `{}` has {count} `{name}`, but the scheme requires at least {}",
                            duty.id, role.min
                        ),
                    )
                    .at(loc, format!("{count} `{name}`"))
                    .help(format!("add holders to `{name}`")),
                );
            }
            if let Some(max) = role.max
                && count > max as usize
            {
                out.push(
                    Finding::new(
                        &RULE,
                        &duty.id,
                        format!(
                            "duty `{}` has {count} `{name}`, but the scheme allows at most {max}",
                            duty.id
                        ),
                    )
                    .at(loc, format!("{count} `{name}`"))
                    .help(format!(
                        "keep at most {max} in `{name}`; move the others to another role"
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    const DACI: &str = "scheme:\n  roles:\n    driver: { min: 1, max: 1, person: true }\n    approver: { accountable: true }\n    contributors: { max: 2 }\npeople:\n  a: {}\n  b: {}\n  c: {}\n";

    #[test]
    fn too_few_and_too_many() {
        let f = Fixture::new(&format!(
            "{DACI}duties:\n  x:\n    approver: a\n    contributors: [a, b, c]\n"
        ));
        assert_eq!(
            f.summary(&RULE),
            [
                "duty `x` has 0 `driver`, but the scheme requires at least 1 @ x",
                "duty `x` has 3 `contributors`, but the scheme allows at most 2 @ contributors",
            ]
        );
    }

    #[test]
    fn within_bounds_is_fine() {
        let f = Fixture::new(&format!(
            "{DACI}duties:\n  x:\n    approver: a\n    driver: b\n    contributors: [a, b]\n"
        ));
        assert!(f.run(&RULE).is_empty());
    }

    #[test]
    fn raci_responsible_minimum_is_left_to_no_responsible() {
        let f = Fixture::new("people:\n  a: {}\nduties:\n  x:\n    accountable: a\n");
        assert!(f.run(&RULE).is_empty());
    }
}
