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
    // 0 = not visited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; org.people.len()];
    for start in 0..org.people.len() {
        let mut path: Vec<usize> = Vec::new();
        let mut current = Some(start);
        while let Some(index) = current {
            match state[index] {
                2 => break,
                1 => {
                    let from = path.iter().position(|&p| p == index).unwrap_or(0);
                    report(ctx, &path[from..], out);
                    break;
                }
                _ => {}
            }
            state[index] = 1;
            path.push(index);
            current = org
                .people
                .get_index(index)
                .and_then(|(_, p)| p.manager.as_ref())
                .and_then(|m| org.people.get_index_of(&m.value));
        }
        for index in path {
            state[index] = 2;
        }
    }
}

fn report(ctx: &Context<'_>, cycle: &[usize], out: &mut Vec<Finding>) {
    let org = ctx.org;
    let people: Vec<_> = cycle
        .iter()
        .filter_map(|&i| org.people.get_index(i).map(|(_, p)| p))
        .collect();
    // Start the chain at the smallest id so the report does not depend on where it was found.
    let Some(first) = (0..people.len()).min_by_key(|&i| &people[i].id) else {
        return;
    };
    let ordered: Vec<_> = people[first..].iter().chain(&people[..first]).collect();
    let chain = ordered
        .iter()
        .map(|p| p.id.as_str())
        .chain(std::iter::once(ordered[0].id.as_str()))
        .collect::<Vec<_>>()
        .join(" → ");
    let person = ordered[0];
    let Some(manager) = &person.manager else {
        return;
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

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::Fixture;

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
