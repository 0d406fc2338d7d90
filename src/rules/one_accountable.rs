//! `own::one-accountable`: every duty has exactly one accountable owner.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "one-accountable",
    level: Level::Deny,
    summary: "a duty has no accountable owner, or more than one",
    explanation: "\
Every duty needs exactly one accountable owner: the one person who answers for the outcome.
With nobody accountable, work falls between chairs; with two, each assumes the other decides.

The owner role is `accountable` in the default RACI scheme, or the role marked
`accountable: true` in a custom `scheme:`.

```yaml
duties:
  vpn-renewal:
    accountable: [alice, bob]   # two owners: finding
    responsible: [netops]
```

Fix: name exactly one person as accountable and move the others to `responsible`.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let scheme = &ctx.org.scheme;
    let role = &scheme.owner_role().name;
    for duty in ctx.org.duties.values() {
        let holders: Vec<_> = duty.holders(scheme.owner).collect();
        match holders.as_slice() {
            [] => {
                let (loc, label) = match duty.assignment(scheme.owner) {
                    Some(a) => (duty.at(a.key.span), format!("`{role}` names nobody")),
                    None => (duty.loc(), format!("no `{role}` here")),
                };
                out.push(
                    Finding::new(&RULE, &duty.id, format!("duty `{}` has no {role}", duty.id))
                        .at(loc, label)
                        .help(format!(
                            "add `{role}: <person>`, naming the one person who answers for the outcome"
                        )),
                );
            }
            [_] => {}
            [first, .., last] => {
                let span = crate::source::Span {
                    start: first.span.start,
                    end: last.span.end,
                };
                let owners = if role == "accountable" {
                    "accountable owners".to_owned()
                } else {
                    format!("`{role}` holders")
                };
                out.push(
                    Finding::new(
                        &RULE,
                        &duty.id,
                        format!("duty `{}` has {} {owners}", duty.id, holders.len()),
                    )
                    .at(duty.at(span), format!("{} {owners}", holders.len()))
                    .related(duty.loc(), "duty defined here")
                    .help(format!(
                        "name exactly one {role}; move the others to `responsible`"
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

    const PEOPLE: &str = "people:\n  alice: {}\n  bob: {}\n";

    #[test]
    fn two_accountables_point_at_the_list() {
        let f = Fixture::new(&format!(
            "{PEOPLE}duties:\n  vpn:\n    accountable: [alice, bob]\n    responsible: bob\n"
        ));
        assert_eq!(
            f.summary(&RULE),
            ["duty `vpn` has 2 accountable owners @ alice, bob"]
        );
    }

    #[test]
    fn no_accountable_points_at_the_duty() {
        let f = Fixture::new(&format!("{PEOPLE}duties:\n  vpn:\n    responsible: bob\n"));
        assert_eq!(f.summary(&RULE), ["duty `vpn` has no accountable @ vpn"]);
        let f = Fixture::new(&format!("{PEOPLE}duties:\n  vpn:\n    accountable: []\n"));
        assert_eq!(
            f.summary(&RULE),
            ["duty `vpn` has no accountable @ accountable"]
        );
    }

    #[test]
    fn one_accountable_is_fine() {
        let f = Fixture::new(&format!(
            "{PEOPLE}duties:\n  vpn:\n    accountable: alice\n"
        ));
        assert!(f.run(&RULE).is_empty());
    }

    #[test]
    fn custom_scheme_checks_its_owner_role() {
        let f = Fixture::new(&format!(
            "scheme:\n  roles:\n    driver: {{}}\n    approver: {{ accountable: true }}\n{PEOPLE}duties:\n  vpn:\n    driver: alice\n    accountable: bob\n"
        ));
        // `accountable` is not a role of this scheme, so the duty has no approver.
        assert_eq!(f.summary(&RULE), ["duty `vpn` has no approver @ vpn"]);
    }
}
