//! `own::alert-conflict`: no alert is claimed by two duties with equally specific patterns.

use std::collections::BTreeMap;

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "alert-conflict",
    level: Level::Deny,
    summary: "two duties claim an alert with equally specific patterns",
    explanation: "\
When several duties' `alerts:` patterns match an alert, the most specific pattern wins: more
literal characters, then fewer wildcards. When the best patterns of two different duties
are equally specific, nobody can tell which duty answers the alert, and the page may go to
the wrong team. Each clashing group of patterns is reported once, with the number of alerts
it affects and an example.

```yaml
duties:
  siem-triage:
    alerts: [\"Siem*\"]
  siem-platform:
    alerts: [\"Siem*\"]     # finding: both claim SiemIngestLag
```

Fix: make one pattern more specific (`SiemIngest*` beats `Siem*`), or remove one of them.",
    check,
};

/// A duty's pattern: (index of the duty, index of the pattern in its `alerts:`).
type PatternId = (usize, usize);

/// The alerts a group of tied patterns claims: their names, and the first definition's index.
type Claimed<'a> = (Vec<&'a str>, usize);

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(alerts) = ctx.alerts else {
        return;
    };
    // Group alert names by the set of tied patterns, so each clash is reported once.
    let mut clashes: BTreeMap<Vec<PatternId>, Claimed<'_>> = BTreeMap::new();
    for (i, def) in alerts.defs.iter().enumerate() {
        let matching = alerts.patterns.matching_def(def);
        let Some(best) = matching.first() else {
            continue;
        };
        let mut tied: Vec<PatternId> = Vec::new();
        for p in matching.iter().take_while(|p| p.ties(best)) {
            // Only the best pattern of each duty counts: a duty does not clash with itself.
            if !tied.iter().any(|(duty, _)| *duty == p.duty) {
                tied.push((p.duty, p.index));
            }
        }
        if tied.len() < 2 {
            continue;
        }
        let entry = clashes.entry(tied).or_insert((Vec::new(), i));
        if !entry.0.contains(&def.name.as_str()) {
            entry.0.push(&def.name);
        }
    }
    for (tied, (names, example)) in clashes {
        let describe = |&(duty, index): &PatternId| {
            let (_, duty) = ctx
                .org
                .duties
                .get_index(duty)
                .unwrap_or_else(|| unreachable!("patterns index the duties they came from"));
            (duty, &duty.fields.alerts[index])
        };
        let Some((first, rest)) = tied.split_first() else {
            continue;
        };
        let (duty, raw) = describe(first);
        let others: Vec<_> = rest.iter().map(describe).collect();
        let duties: Vec<String> = std::iter::once(format!("`{}`", duty.id))
            .chain(others.iter().map(|(d, _)| format!("`{}`", d.id)))
            .collect();
        let def = &alerts.defs[example];
        let what = if names.len() == 1 {
            format!("alert `{}`", def.name)
        } else {
            format!("{} alerts, such as `{}`,", names.len(), def.name)
        };
        let mut finding = Finding::new(
            &RULE,
            &duty.id,
            format!(
                "duties {} claim {what} with equally specific patterns",
                duties.join(" and ")
            ),
        )
        .at(duty.at(raw.span), format!("`{}` claims it", duty.id))
        .help("make one pattern more specific, or remove one; the most specific pattern wins");
        for (other, raw) in others {
            finding = finding.related(other.at(raw.span), format!("`{}` claims it too", other.id));
        }
        out.push(finding.related(def.loc, "the alert"));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    fn org(b_patterns: &str) -> Fixture {
        Fixture::files(vec![
            (
                "own.yaml",
                format!(
                    "coverage:\n  alerts:\n    - {{ files: [\"mon/*.yml\"], format: prometheus }}\n\
                     people:\n  a: {{}}\n\
                     duties:\n  triage:\n    accountable: a\n    alerts: [\"Siem*\", \"Disk*\"]\n\
                     \x20 platform:\n    accountable: a\n    alerts: [{b_patterns}]\n"
                ),
            ),
            (
                "mon/a.yml",
                "groups:\n  - name: g\n    rules:\n      - alert: SiemIngestLag\n      - alert: SiemDown\n      - alert: DiskFull\n      - alert: SiemDown\n"
                    .to_owned(),
            ),
        ])
    }

    #[test]
    fn equal_patterns_of_two_duties_clash_once_per_group() {
        let f = org("\"Siem*\", \"Dis?Full\"");
        assert_eq!(
            f.summary(&RULE),
            [
                "duties `triage` and `platform` claim 2 alerts, such as `SiemIngestLag`, with equally specific patterns @ \"Siem*\""
            ]
        );
        // `Dis?Full` has more literal characters than `Disk*`, so it wins `DiskFull` alone.
        let findings = f.run(&RULE);
        assert_eq!(
            findings[0].related.len(),
            2,
            "the other pattern and the alert"
        );
    }

    #[test]
    fn a_more_specific_pattern_or_the_same_duty_is_no_clash() {
        assert!(org("\"SiemI*\", \"SiemD*\"").run(&RULE).is_empty());
        let f = Fixture::files(vec![
            (
                "own.yaml",
                "coverage:\n  alerts:\n    - { files: [\"a.yml\"], format: list }\n\
                 people:\n  a: {}\nduties:\n  d:\n    accountable: a\n    alerts: [\"X*\", \"*Y\"]\n"
                    .to_owned(),
            ),
            ("a.yml", "- XY\n".to_owned()),
        ]);
        assert!(f.run(&RULE).is_empty());
    }
}
