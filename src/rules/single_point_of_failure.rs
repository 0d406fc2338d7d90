//! `own::single-point-of-failure`: duties have more than one pair of hands.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "single-point-of-failure",
    level: Level::Allow,
    summary: "a duty whose responsible resolves to one person",
    explanation: "\
A duty whose `responsible` is one person (directly, or a team of one) stops when that
person is ill, on leave or gone. Off by default (many duties are legitimately one person's);
turn it on with `rules: { own::single-point-of-failure: warn }` or `-W
single-point-of-failure`.

Fix: add a second responsible person or a team.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    let Some(role) = org.scheme.responsible() else {
        return;
    };
    for duty in org.duties.values() {
        let mut people: Vec<&str> = duty
            .holders(role)
            .flat_map(|h| org.people_of(&h.value))
            .collect();
        people.sort_unstable();
        people.dedup();
        let [only] = people.as_slice() else { continue };
        let loc = duty
            .assignment(role)
            .map_or(duty.loc(), |a| duty.at(a.key.span));
        out.push(
            Finding::new(
                &RULE,
                &duty.id,
                format!("duty `{}` rests on one person: `{only}`", duty.id),
            )
            .at(loc, "one person")
            .help("add a second responsible person, or a team"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn one_person_directly_or_through_a_team() {
        let f = Fixture::new(
            "people:\n  a: {}\n  b: {}\nteams:\n  solo: { members: [a] }\n  duo: { members: [a, b] }\n\
             duties:\n  x: { accountable: b, responsible: a }\n  y: { accountable: b, responsible: [solo, a] }\n  z: { accountable: b, responsible: duo }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "duty `x` rests on one person: `a` @ responsible",
                "duty `y` rests on one person: `a` @ responsible",
            ]
        );
    }
}
