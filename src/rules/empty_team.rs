//! `own::empty-team`: teams have members.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "empty-team",
    level: Level::Warn,
    summary: "a team with no members",
    explanation: "\
A team with no members cannot do the work its duties expect: a role held by an empty team is
held by nobody. Usually the team was created ahead of time, or its members were moved.

Fix: add `members:`, or remove the team and reassign its roles.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for team in ctx.org.teams.values() {
        if team.members.is_empty() {
            out.push(
                Finding::new(
                    &RULE,
                    &team.id,
                    format!("team `{}` has no members", team.id),
                )
                .at(team.loc(), "no members")
                .help("add `members:`, or remove the team and reassign its roles"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn team_without_members() {
        let f = Fixture::new(
            "people:\n  a: {}\nteams:\n  ghost: { lead: a }\n  real: { members: [a] }\n",
        );
        assert_eq!(f.summary(&RULE), ["team `ghost` has no members @ ghost"]);
    }
}
