//! `own::invalid-delegation`: only the accountable or a responsible of a duty delegates it.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "invalid-delegation",
    level: Level::Deny,
    summary: "a delegation from someone who is not the duty's accountable or responsible",
    explanation: "\
Only those who hold a duty can hand out pieces of it: its accountable, or one of its
responsible (directly or as a member of a responsible team). A delegation from anyone else,
or to oneself, is a mistake in the record. Delegation never moves accountability: the
accountable stays accountable.

Fix: correct `from`, or give that person a role on the duty first.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    for d in org.delegations.values() {
        let Some(duty) = org.duties.get(&d.duty.value) else {
            continue;
        };
        let from = d.from.value.as_str();
        if org.holder(from).is_none() {
            continue;
        }
        if d.to.value == from {
            out.push(
                Finding::new(
                    &RULE,
                    &d.id,
                    format!("delegation `{}` is from `{from}` to themselves", d.id),
                )
                .at(d.at(d.to.span), "the same person")
                .help("a delegation hands work to someone else"),
            );
            continue;
        }
        let roles = [Some(org.scheme.owner), org.scheme.responsible()];
        let holds = roles.into_iter().flatten().any(|role| {
            duty.holders(role)
                .any(|h| org.people_of(&h.value).contains(&from))
        });
        if !holds {
            out.push(
                Finding::new(
                    &RULE,
                    &d.id,
                    format!(
                        "`{from}` delegates duty `{}` but is neither its accountable nor responsible",
                        duty.id
                    ),
                )
                .at(d.at(d.from.span), "holds no such role")
                .help("only the accountable or a responsible of a duty can delegate work on it"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn delegations_from_outsiders_and_to_oneself() {
        let f = Fixture::new(
            "people:\n  a: {}\n  b: {}\n  c: {}\nteams:\n  t: { members: [b] }\n\
             duties:\n  d:\n    accountable: a\n    responsible: t\n\
             delegations:\n  ok1: { duty: d, from: a, to: c }\n  ok2: { duty: d, from: b, to: c }\n  bad: { duty: d, from: c, to: a }\n  self: { duty: d, from: a, to: a }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "`c` delegates duty `d` but is neither its accountable nor responsible @ c",
                "delegation `self` is from `a` to themselves @ a",
            ]
        );
    }
}
