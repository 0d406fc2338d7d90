//! `own::max-accountable`: nobody is accountable for more than the policy allows.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "max-accountable",
    level: Level::Warn,
    summary: "a person accountable for more duties than the policy allows",
    explanation: "\
Accountability that piles up on one person becomes accountability in name only. With
`policy.max-accountable` in `own.yaml`, a person accountable for more duties than that is a
finding (target: the person, so it can be waived while a role is being filled).

Fix: spread the duties, or raise the limit if the load is real and sustainable.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    let Some(max) = &org.manifest.policy.max_accountable else {
        return;
    };
    let mut counts = vec![0u32; org.people.len()];
    for duty in org.duties.values() {
        for holder in duty.holders(org.scheme.owner) {
            if let Some(i) = org.people.get_index_of(&holder.value) {
                counts[i] += 1;
            }
        }
    }
    for (i, count) in counts.into_iter().enumerate() {
        if count <= max.value {
            continue;
        }
        let Some((_, person)) = org.people.get_index(i) else {
            continue;
        };
        out.push(
            Finding::new(
                &RULE,
                &person.id,
                format!(
                    "`{}` is accountable for {count} duties; the policy allows {}",
                    person.id, max.value
                ),
            )
            .at(person.loc(), format!("accountable for {count}"))
            .help("hand some duties to others, or raise `policy.max-accountable` if the load is sustainable"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn over_the_limit() {
        let f = Fixture::new(
            "policy: { max-accountable: 1 }\npeople:\n  a: {}\n  b: {}\nduties:\n  x: { accountable: a }\n  y: { accountable: a }\n  z: { accountable: b }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            ["`a` is accountable for 2 duties; the policy allows 1 @ a"]
        );
    }
}
