//! `own::unknown-reference`: every id names a person, team or duty that is defined.

use std::collections::HashMap;

use super::{Context, Finding, Level, Rule};
use crate::model::org::{Expect, Holder, Reference};

pub(crate) static RULE: Rule = Rule {
    code: "unknown-reference",
    level: Level::Deny,
    summary: "an id that names no defined person, team or duty",
    explanation: "\
Roles, managers, team leads and members, escalation chains, delegations and handoffs name
people, teams and duties by id. An id that is not defined (usually a typo, or someone who was
removed) means the role is held by nobody.

```yaml
duties:
  patching:
    accountable: alcie      # no person `alcie`: finding, did you mean `alice`?
```

Fix: correct the id (the finding suggests the nearest one), or define the person or team.
A reference of the wrong kind (a team as a `manager`) is reported too.",
    check,
};

/// Suggestions are computed for this many distinct unknown ids; a file with thousands of
/// broken references still reports every one, just without "did you mean".
const MAX_SUGGESTED: usize = 500;

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    let mut suggestions: HashMap<(&str, Expect), Option<&str>> = HashMap::new();
    for reference in org.references() {
        let id = reference.id.value.as_str();
        let found = match reference.expect {
            Expect::Duty => org.duties.contains_key(id).then_some(None),
            _ => org.holder(id).map(Some),
        };
        let finding = match (reference.expect, found) {
            (Expect::Holder, Some(_))
            | (Expect::Person, Some(Some(Holder::Person)))
            | (Expect::Team, Some(Some(Holder::Team)))
            | (Expect::Duty, Some(_)) => continue,
            // A team in a person-only role: `own::accountable-not-person` reports it.
            (Expect::Person, Some(Some(Holder::Team))) if reference.role => continue,
            (expect, Some(Some(actual))) => wrong_kind(&reference, expect, actual),
            (expect, _) => {
                let limit_reached = suggestions.len() >= MAX_SUGGESTED;
                let near = *suggestions.entry((id, expect)).or_insert_with(|| {
                    if limit_reached {
                        None
                    } else {
                        nearest(ctx, id, expect)
                    }
                });
                let help = match near {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => match expect {
                        Expect::Duty => format!("define `{id}` under `duties:`"),
                        Expect::Team => format!("define `{id}` under `teams:`"),
                        Expect::Person => format!("define `{id}` under `people:`"),
                        Expect::Holder => format!("define `{id}` under `people:` or `teams:`"),
                    },
                };
                Finding::new(
                    &RULE,
                    id,
                    format!(
                        "unknown {} `{id}` in {}",
                        expect.noun(),
                        reference.context()
                    ),
                )
                .at(reference.loc(), format!("no {} `{id}`", expect.noun()))
                .help(help)
            }
        };
        out.push(finding);
    }
}

fn wrong_kind(reference: &Reference<'_>, expect: Expect, actual: Holder) -> Finding {
    let id = &reference.id.value;
    let is = match actual {
        Holder::Person => "a person",
        Holder::Team => "a team",
    };
    Finding::new(
        &RULE,
        id.as_str(),
        format!(
            "`{id}` is {is}, but {} needs a {}",
            reference.context(),
            expect.noun()
        ),
    )
    .at(reference.loc(), is)
    .help(match expect {
        Expect::Person => "name a person here (for a team, use its lead)",
        _ => "name a team here",
    })
}

fn nearest<'a>(ctx: &Context<'a>, id: &str, expect: Expect) -> Option<&'a str> {
    let org = ctx.org;
    let people = org.people.keys().map(String::as_str);
    let teams = org.teams.keys().map(String::as_str);
    match expect {
        Expect::Duty => crate::suggest::best(id, org.duties.keys().map(String::as_str)),
        Expect::Person => crate::suggest::best(id, people),
        Expect::Team => crate::suggest::best(id, teams),
        Expect::Holder => crate::suggest::best(id, people.chain(teams)),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn misspelled_person_gets_a_suggestion() {
        let f = Fixture::new("people:\n  alice: {}\nduties:\n  x:\n    accountable: alcie\n");
        let findings = f.run(&RULE);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "unknown person `alcie` in `accountable` of duty `x`"
        );
        assert_eq!(findings[0].help.as_deref(), Some("did you mean `alice`?"));
        assert_eq!(f.pointed(&findings[0]), "alcie");
        assert_eq!(findings[0].target, "alcie");
    }

    #[test]
    fn wrong_kinds_and_every_section_are_checked() {
        let f = Fixture::new(
            "people:\n  a: { manager: t }\nteams:\n  t: { lead: a, members: [a, zed], parent: a }\n\
             duties:\n  d:\n    accountable: a\n    escalation: [t, nobody]\n\
             delegations:\n  g: { duty: e, from: a, to: a, report-to: t }\n\
             handoffs:\n  h: { from: a, to: ghost, duties: [d] }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "`t` is a team, but `manager` of person `a` needs a person @ t",
                "unknown person `zed` in `members` of team `t` @ zed",
                "`a` is a person, but `parent` of team `t` needs a team @ a",
                "unknown person or team `nobody` in `escalation` of duty `d` @ nobody",
                "unknown duty `e` in `duty` of delegation `g` @ e",
                "unknown person `ghost` in `to` of handoff `h` @ ghost",
            ]
        );
    }

    #[test]
    fn defined_references_are_fine() {
        let f = Fixture::new(
            "people:\n  a: {}\n  b: { manager: a }\nteams:\n  t: { lead: a, members: [b] }\nduties:\n  d:\n    accountable: a\n    responsible: [t, b]\n",
        );
        assert!(f.run(&RULE).is_empty());
    }
}
