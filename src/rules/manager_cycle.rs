//! `own::manager-cycle`: manager chains end.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "manager-cycle",
    level: Level::Deny,
    summary: "the manager chain loops",
    explanation: "\
Escalation follows managers upwards, so a chain that loops (alice's manager is bob, bob's is
alice) never reaches anyone with more authority. Each loop is reported once, at the
`manager` field of the first person in it.

Fix: correct the `manager` of one of the people in the loop; the top of the chain has no
manager.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    let loops = super::cycles::cycles(org.people.len(), |index| {
        org.people
            .get_index(index)
            .and_then(|(_, p)| p.manager.as_ref())
            .and_then(|m| org.people.get_index_of(&m.value))
    });
    for cycle in loops {
        let people: Vec<_> = cycle
            .iter()
            .filter_map(|&i| org.people.get_index(i).map(|(_, p)| p))
            .collect();
        let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
        let Some((first, chain)) = super::cycles::rotate(&ids) else {
            continue;
        };
        let person = people[first];
        let Some(manager) = &person.manager else {
            continue;
        };
        out.push(
            Finding::new(
                &RULE,
                &person.id,
                format!("the manager chain of `{}` loops: {chain}", person.id),
            )
            .at(person.at(manager.span), "the loop closes through here")
            .help("correct one `manager` in the loop; the top of the chain has no manager"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn a_loop_is_reported_once() {
        let f = Fixture::new(
            "people:\n  carol: { manager: alice }\n  alice: { manager: bob }\n  bob: { manager: carol }\n  dana: { manager: alice }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            ["the manager chain of `alice` loops: alice → bob → carol → alice @ bob"]
        );
    }

    #[test]
    fn self_management_is_a_loop() {
        let f = Fixture::new("people:\n  a: { manager: a }\n");
        assert_eq!(
            f.summary(&RULE),
            ["the manager chain of `a` loops: a → a @ a"]
        );
    }

    #[test]
    fn chains_that_end_are_fine() {
        let f = Fixture::new(
            "people:\n  a: { manager: b }\n  b: { manager: c }\n  c: {}\n  d: { manager: ghost }\n",
        );
        assert!(f.run(&RULE).is_empty());
    }
}
