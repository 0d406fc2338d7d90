//! `own::departed-owner`: people who have left hold no roles.

use super::{Context, Finding, Level, Rule};
use crate::model::Status;

pub(crate) static RULE: Rule = Rule {
    code: "departed-owner",
    level: Level::Deny,
    summary: "a person with status `left` is still part of the organisation: a role, a team, an escalation chain, a delegation, a manager or a waiver",
    explanation: "\
When someone leaves, their duties must be handed to someone who is still here; otherwise
the pager rings for nobody. A person marked `status: left` must leave nothing behind: no
role on a duty, no team they lead or belong to, no escalation chain, no open delegation to,
from or reporting to them, no active person who reports to them, no waiver naming them.
Each place is one finding, with the fix for that place.

A handoff does not clear a departure: a handoff lends roles for a while, and a person who
left hands over by having the roles reassigned. A handoff from them that has not ended is a
finding too. (A handoff *to* someone who left is `own::handoff-unavailable`.)

```yaml
people:
  dave: { name: Dave, status: left }
duties:
  certificates:
    accountable: dave       # finding
```

Fix: give each role, team place, delegation and report to someone active, then keep the
person only for history.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    let departed: std::collections::HashSet<&str> = org
        .people
        .values()
        .filter(|p| p.status() == Status::Left)
        .map(|p| p.id.as_str())
        .collect();
    if departed.is_empty() {
        return;
    }
    let left = |id: &str| departed.contains(id);
    let help = "give the role to someone active here; a handoff does not clear a departure";
    for duty in org.duties.values() {
        for assignment in &duty.roles {
            for holder in assignment.holders.iter().filter(|h| left(&h.value)) {
                out.push(
                    Finding::new(
                        &RULE,
                        &holder.value,
                        format!(
                            "`{}` has left but is still `{}` of duty `{}`",
                            holder.value, assignment.key.value, duty.id
                        ),
                    )
                    .at(duty.at(holder.span), "has left")
                    .help(help),
                );
            }
        }
        for step in duty.fields.escalation.iter().flatten() {
            if left(&step.value) {
                out.push(
                    Finding::new(
                        &RULE,
                        &step.value,
                        format!(
                            "`{}` has left but is still in the escalation chain of duty `{}`",
                            step.value, duty.id
                        ),
                    )
                    .at(duty.at(step.span), "has left")
                    .help("remove them from `escalation`, or put their successor there"),
                );
            }
        }
    }
    for team in org.teams.values() {
        if let Some(lead) = team.lead.as_ref().filter(|l| left(&l.value)) {
            out.push(
                Finding::new(
                    &RULE,
                    &lead.value,
                    format!(
                        "`{}` has left but still leads team `{}`",
                        lead.value, team.id
                    ),
                )
                .at(team.at(lead.span), "has left")
                .help("name the team's new lead"),
            );
        }
        for member in team.members.iter().filter(|m| left(&m.value)) {
            out.push(
                Finding::new(
                    &RULE,
                    &member.value,
                    format!(
                        "`{}` has left but is still a member of team `{}`",
                        member.value, team.id
                    ),
                )
                .at(team.at(member.span), "has left")
                .help(format!(
                    "remove `{}` from `{}.members`",
                    member.value, team.id
                )),
            );
        }
    }
    for d in org.delegations.values() {
        if d.done.as_ref().is_some_and(|done| done.value) {
            continue;
        }
        let places = [
            (Some(&d.to), "is still the delegate of"),
            (Some(&d.from), "still delegates"),
            (d.report_to.as_ref(), "is still reported to in"),
        ];
        for (who, what) in places {
            let Some(who) = who.filter(|w| left(&w.value)) else {
                continue;
            };
            out.push(
                Finding::new(
                    &RULE,
                    &who.value,
                    format!(
                        "`{}` has left but {what} open delegation `{}`",
                        who.value, d.id
                    ),
                )
                .at(d.at(who.span), "has left")
                .help(format!(
                    "give delegation `{}` to someone active, or mark it `done: true`",
                    d.id
                )),
            );
        }
    }
    for h in org.handoffs.values() {
        let ended = h.to_date.as_ref().is_some_and(|d| d.value < ctx.today);
        if ended || !left(&h.from.value) {
            continue;
        }
        out.push(
            Finding::new(
                &RULE,
                &h.from.value,
                format!(
                    "`{}` has left; handoff `{}` does not clear that",
                    h.from.value, h.id
                ),
            )
            .at(h.at(h.from.span), "has left")
            .help(format!(
                "reassign `{}`'s roles on the duties themselves, then remove the handoff",
                h.from.value
            )),
        );
    }
    for person in org.people.values() {
        let Some(manager) = person.manager.as_ref().filter(|m| left(&m.value)) else {
            continue;
        };
        if person.status() == Status::Left {
            continue;
        }
        out.push(
            Finding::new(
                &RULE,
                &manager.value,
                format!(
                    "`{}` has left but is still the manager of `{}`",
                    manager.value, person.id
                ),
            )
            .at(person.at(manager.span), "has left")
            .help(format!(
                "set `{}`'s `manager` to whom they report to now",
                person.id
            )),
        );
    }
    for waiver in &org.manifest.waivers {
        let Some(loc) = ctx.org.manifest_loc(waiver.target.span) else {
            continue;
        };
        if left(&waiver.target.value) {
            out.push(
                Finding::new(
                    &RULE,
                    &waiver.target.value,
                    format!(
                        "`{}` has left but a waiver of `{}` still names them",
                        waiver.target.value, waiver.rule.value
                    ),
                )
                .at(loc, "has left")
                .help("remove the waiver; what it accepted is gone with them, or is someone else's now"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn roles_leads_and_escalation_of_a_departed_person() {
        let f = Fixture::new(
            "people:\n  dave: { status: left }\n  amy: {}\nteams:\n  ops: { lead: dave, members: [amy] }\n\
             duties:\n  certs:\n    accountable: dave\n    responsible: amy\n    escalation: [amy, dave]\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "`dave` has left but still leads team `ops` @ dave",
                "`dave` has left but is still `accountable` of duty `certs` @ dave",
                "`dave` has left but is still in the escalation chain of duty `certs` @ dave",
            ]
        );
    }

    #[test]
    fn every_place_a_departed_person_is_left_in() {
        let f = Fixture::new(
            "waivers:\n  - { rule: own::max-accountable, target: gabe, reason: r, until: 2027-01-01 }\n\
             people:\n  gabe: { status: left, manager: amy }\n  amy: { manager: gabe }\n  bo: {}\n\
             teams:\n  itops: { lead: amy, members: [amy, gabe] }\n\
             duties:\n  certs:\n    accountable: amy\n    responsible: bo\n\
             delegations:\n\
             \x20 open: { duty: certs, from: amy, to: gabe, expect: x, due: 2027-01-01, report-to: gabe }\n\
             \x20 closed: { duty: certs, from: amy, to: gabe, expect: x, due: 2027-01-01, report-to: amy, done: true }\n\
             handoffs:\n\
             \x20 current: { from: gabe, to: bo }\n\
             \x20 ended: { from: gabe, to: bo, to-date: 2026-11-01 }\n",
        );
        assert_eq!(
            f.summary(&RULE),
            [
                "`gabe` has left but a waiver of `own::max-accountable` still names them @ gabe",
                "`gabe` has left but is still the manager of `amy` @ gabe",
                "`gabe` has left but is still a member of team `itops` @ gabe",
                "`gabe` has left but is still the delegate of open delegation `open` @ gabe",
                "`gabe` has left but is still reported to in open delegation `open` @ gabe",
                "`gabe` has left; handoff `current` does not clear that @ gabe",
            ]
        );
        let helps: Vec<_> = f.run(&RULE).into_iter().filter_map(|f| f.help).collect();
        assert_eq!(helps[2], "remove `gabe` from `itops.members`");
        assert_eq!(
            helps[5],
            "reassign `gabe`'s roles on the duties themselves, then remove the handoff"
        );
    }

    #[test]
    fn away_people_may_keep_their_roles() {
        let f = Fixture::new(
            "people:\n  dave: { status: away }\nduties:\n  certs:\n    accountable: dave\n",
        );
        assert!(f.run(&RULE).is_empty());
    }
}
