//! `own::skill-mismatch`: work goes to people with the skills it needs.

use super::{Context, Finding, Level, Rule};
use crate::model::org::Holder;

pub(crate) static RULE: Rule = Rule {
    code: "skill-mismatch",
    level: Level::Warn,
    summary: "a delegate or responsible person lacks a skill the duty requires",
    explanation: "\
A duty's `skills:` lists what the work needs. A person named `responsible` directly, or a
delegate, who lacks one of them is set up to fail (or to learn on production).

Fix: pick someone with the skill, add the skill to the person if they have it, or pair them
with someone who does and record the delegation.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    let missing = |person: &str, needed: &[crate::model::Spanned<String>]| -> Vec<String> {
        let Some(p) = org.people.get(person) else {
            return Vec::new();
        };
        needed
            .iter()
            .filter(|s| !p.skills.iter().any(|have| have.value == s.value))
            .map(|s| format!("`{}`", s.value))
            .collect()
    };
    for duty in org.duties.values() {
        let needed = &duty.fields.skills;
        if needed.is_empty() {
            continue;
        }
        let Some(role) = org.scheme.responsible() else {
            continue;
        };
        for holder in duty.holders(role) {
            if org.holder(&holder.value) != Some(Holder::Person) {
                continue;
            }
            let lacking = missing(&holder.value, needed);
            if lacking.is_empty() {
                continue;
            }
            out.push(
                Finding::new(
                    &RULE,
                    &holder.value,
                    format!(
                        "`{}` is responsible for duty `{}` but lacks {}",
                        holder.value,
                        duty.id,
                        lacking.join(", ")
                    ),
                )
                .at(duty.at(holder.span), "lacks a required skill")
                .help("pick someone with the skill, or add it to the person's `skills:` if they have it"),
            );
        }
    }
    for d in org.delegations.values() {
        let Some(duty) = org.duties.get(&d.duty.value) else {
            continue;
        };
        let lacking = missing(&d.to.value, &duty.fields.skills);
        if lacking.is_empty() {
            continue;
        }
        out.push(
            Finding::new(
                &RULE,
                &d.to.value,
                format!(
                    "`{}` is delegated work on duty `{}` but lacks {}",
                    d.to.value,
                    duty.id,
                    lacking.join(", ")
                ),
            )
            .at(d.at(d.to.span), "lacks a required skill")
            .help(
                "delegate to someone with the skill, or pair the delegate with someone who has it",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn responsible_people_and_delegates_without_the_skill() {
        let f = Fixture::new(
            "people:\n  a: { skills: [siem] }\n  b: { skills: [linux] }\nteams:\n  t: { members: [b] }\n\
             duties:\n  d:\n    accountable: a\n    responsible: [a, b, t]\n    skills: [siem]\n\
             delegations:\n  x: { duty: d, from: a, to: b }\n  y: { duty: d, from: b, to: a }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "`b` is responsible for duty `d` but lacks `siem` @ b",
                "`b` is delegated work on duty `d` but lacks `siem` @ b",
            ]
        );
    }
}
