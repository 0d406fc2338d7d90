//! `own::handoff-not-held`: a handoff names a duty its giver holds no role on.

use std::collections::{HashMap, HashSet};

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "handoff-not-held",
    level: Level::Deny,
    summary: "a handoff of a duty the giver holds no role on, or of no role at all",
    explanation: "\
A handoff moves the giver's roles to the receiver. A duty listed in `duties:` that the giver
holds no role on (directly or through a team they lead or belong to) moves nothing, so the
cover the handoff promises is not there:

```yaml
handoffs:
  ken-holiday:
    from: ken
    to: lena
    duties: [alert-triage, backups]   # finding: ken holds no role on `backups`
```

A handoff without `duties:` moves all of the giver's roles; when the giver holds none, it
moves nothing and is a finding too. Handoffs that have ended are history and not checked.

Fix: hand the duty off from the person who holds it, remove it from the list, or give the
giver the role first.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    if org.handoffs.is_empty() {
        return;
    }
    // Indexes built once, so each handoff costs its listed duties, not the organisation:
    // the teams each person leads or belongs to, and every id that holds some role.
    let mut teams_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for team in org.teams.values() {
        for person in org.people_of(&team.id) {
            teams_of.entry(person).or_default().push(&team.id);
        }
    }
    let holding: HashSet<&str> = org
        .duties
        .values()
        .flat_map(|d| d.roles.iter())
        .flat_map(|a| a.holders.iter())
        .map(|h| h.value.as_str())
        .collect();
    for h in org.handoffs.values() {
        let ended = h.to_date.as_ref().is_some_and(|d| d.value < ctx.today);
        // An unknown giver is `own::unknown-reference`'s.
        if ended || !org.people.contains_key(&h.from.value) {
            continue;
        }
        let giver = h.from.value.as_str();
        let teams = teams_of.get(giver).map_or(&[][..], Vec::as_slice);
        let is_giver = |id: &str| id == giver || teams.contains(&id);
        match &h.duties {
            Some(duties) => {
                for duty in duties {
                    // An unknown duty is `own::unknown-reference`'s.
                    let Some(d) = org.duties.get(&duty.value) else {
                        continue;
                    };
                    let held = d
                        .roles
                        .iter()
                        .flat_map(|a| a.holders.iter())
                        .any(|holder| is_giver(&holder.value));
                    if held {
                        continue;
                    }
                    out.push(
                        Finding::new(
                            &RULE,
                            &h.id,
                            format!(
                                "handoff `{}` hands `{}` to `{}`, but `{giver}` holds no role on it",
                                h.id, duty.value, h.to.value
                            ),
                        )
                        .at(h.at(duty.span), "not held by the giver")
                        .related(h.at(h.from.span), "the giver")
                        .help(holder_help(ctx, &duty.value)),
                    );
                }
            }
            None if !holding.contains(giver) && !teams.iter().any(|t| holding.contains(t)) => {
                out.push(
                    Finding::new(
                        &RULE,
                        &h.id,
                        format!(
                            "handoff `{}` hands all of `{giver}`'s roles to `{}`, but `{giver}` holds none",
                            h.id, h.to.value
                        ),
                    )
                    .at(h.at(h.from.span), "holds no role")
                    .help(
                        "list the duties to hand off, or hand off from the person who holds them",
                    ),
                );
            }
            None => {}
        }
    }
}

/// Who does hold the duty, so the fix is one edit away.
fn holder_help(ctx: &Context<'_>, duty: &str) -> String {
    let holders: Vec<String> = ctx
        .org
        .duties
        .get(duty)
        .into_iter()
        .flat_map(|d| d.roles.iter())
        .flat_map(|a| a.holders.iter())
        .map(|h| format!("`{}`", h.value))
        .fold(Vec::new(), |mut seen, h| {
            if !seen.contains(&h) {
                seen.push(h);
            }
            seen
        });
    if holders.is_empty() {
        format!("nobody holds a role on `{duty}`; remove it from `duties`")
    } else {
        format!(
            "remove `{duty}` from `duties`, or hand it off from who holds it: {}",
            holders.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    const ORG: &str = "\
people:
  ken: {}
  lena: {}
  mo: {}
  nia: {}
teams:
  soc: { lead: lena, members: [ken] }
duties:
  alert-triage: { accountable: ken, responsible: soc }
  backups: { accountable: mo, responsible: mo }
  hunting: { accountable: lena, responsible: soc }
";

    #[test]
    fn a_listed_duty_the_giver_does_not_hold_is_found() {
        let f = Fixture::new(&format!(
            "{ORG}handoffs:\n\
             \x20 h: {{ from: ken, to: lena, duties: [alert-triage, backups, hunting, ghost] }}\n\
             \x20 old: {{ from: ken, to: lena, duties: [backups], to-date: 2026-11-28 }}\n\
             \x20 today: {{ from: ken, to: lena, duties: [backups], to-date: 2026-11-29 }}\n"
        ));
        // `hunting` is held through the team `soc`; `ghost` is unknown-reference's; `old` ended.
        assert_eq!(
            f.summary(&RULE),
            [
                "handoff `h` hands `backups` to `lena`, but `ken` holds no role on it @ backups",
                "handoff `today` hands `backups` to `lena`, but `ken` holds no role on it @ backups",
            ]
        );
        assert_eq!(
            f.run(&RULE)[0].help.as_deref(),
            Some("remove `backups` from `duties`, or hand it off from who holds it: `mo`")
        );
    }

    #[test]
    fn a_handoff_of_all_roles_by_someone_holding_none_is_found() {
        let f = Fixture::new(&format!(
            "{ORG}handoffs:\n\
             \x20 all: {{ from: nia, to: ken }}\n\
             \x20 fine: {{ from: mo, to: ken }}\n"
        ));
        assert_eq!(
            f.summary(&RULE),
            ["handoff `all` hands all of `nia`'s roles to `ken`, but `nia` holds none @ nia"]
        );
    }
}
