//! `own::team-cycle`: team parent chains end.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "team-cycle",
    level: Level::Deny,
    summary: "the chain of team parents loops",
    explanation: "\
A team's `parent` places it in the organisation: `soc` under `security`, `security` under
`it`. A chain of parents that loops (`soc`'s parent is `security`, `security`'s is `soc`)
has no top, so reports and roll-ups that follow it never end. Each loop is reported once,
at the `parent` field of the team with the smallest id in it.

Fix: correct the `parent` of one of the teams in the loop; the top team has no parent.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    let loops = super::cycles::cycles(org.teams.len(), |index| {
        org.teams
            .get_index(index)
            .and_then(|(_, t)| t.parent.as_ref())
            .and_then(|p| org.teams.get_index_of(&p.value))
    });
    for cycle in loops {
        let teams: Vec<_> = cycle
            .iter()
            .filter_map(|&i| org.teams.get_index(i).map(|(_, t)| t))
            .collect();
        let ids: Vec<&str> = teams.iter().map(|t| t.id.as_str()).collect();
        let Some((first, chain)) = super::cycles::rotate(&ids) else {
            continue;
        };
        let team = teams[first];
        let Some(parent) = &team.parent else {
            continue;
        };
        out.push(
            Finding::new(
                &RULE,
                &team.id,
                format!("the parent chain of team `{}` loops: {chain}", team.id),
            )
            .at(team.at(parent.span), "the loop closes through here")
            .help("correct one `parent` in the loop; the top team has no parent"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn a_loop_of_parents_is_reported_once() {
        let f = Fixture::new(
            "people:\n  a: {}\nteams:\n  soc: { parent: security, members: [a] }\n  security: { parent: it, members: [a] }\n  it: { parent: soc, members: [a] }\n  noc: { parent: it, members: [a] }\n  self: { parent: self, members: [a] }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "the parent chain of team `it` loops: it → soc → security → it @ soc",
                "the parent chain of team `self` loops: self → self @ self",
            ]
        );
    }

    #[test]
    fn chains_that_end_are_fine() {
        let f = Fixture::new(
            "people:\n  a: {}\nteams:\n  soc: { parent: it, members: [a] }\n  it: { members: [a] }\n",
        );
        assert!(f.run(&RULE).is_empty());
    }
}
