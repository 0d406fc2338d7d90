//! `own::unknown-field`: every key is one the format knows.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "unknown-field",
    level: Level::Deny,
    summary: "a field the format does not know (usually a typo)",
    explanation: "\
own never ignores a key silently: a misspelled `acountable:` would otherwise leave a duty
without an owner while looking right to every reviewer. Unknown keys are findings that point
at the key and suggest the nearest known one.

Keys that only `own.yaml` may hold (`policy`, `rules`, `waivers`…) are unknown in included
files. In duties, the scheme's role names are known keys.

Fix: correct the key, or remove it. `own schema` prints every field.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for unknown in &ctx.org.unknown_keys {
        let near = crate::suggest::best(&unknown.key, unknown.expected.iter().map(String::as_str));
        let help = match (near, &unknown.note) {
            (_, Some(note)) => note.clone(),
            (Some(near), None) => format!("did you mean `{near}`?"),
            (None, None) => format!(
                "known fields here: {}",
                unknown
                    .expected
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        out.push(
            Finding::new(
                &RULE,
                &unknown.key,
                format!("unknown field `{}` in {}", unknown.key, unknown.within),
            )
            .at(unknown.loc, "unknown field")
            .help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn misspelled_fields_are_found_everywhere() {
        let f = Fixture::files(vec![
            (
                "own.yaml",
                "polciy: {}\npeople:\n  a: { nmae: A, away: [{ from: 2026-01-01, to: 2026-01-02, resaon: x }] }\n".into(),
            ),
            ("d.own.yaml", "duties:\n  x:\n    acountable: a\nrules: {}\n".into()),
        ]);
        let findings = f.run(&RULE);
        let got: Vec<_> = findings
            .iter()
            .map(|f| (f.message.as_str(), f.help.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "unknown field `acountable` in duty `x`",
                    "did you mean `accountable`?"
                ),
                (
                    "unknown field `rules` in an ownership file",
                    "`rules` belongs in `own.yaml`, not in an included file"
                ),
                (
                    "unknown field `polciy` in own.yaml",
                    "did you mean `policy`?"
                ),
                ("unknown field `nmae` in person `a`", "did you mean `name`?"),
                (
                    "unknown field `resaon` in an absence of person `a`",
                    "did you mean `reason`?"
                ),
            ]
        );
    }

    #[test]
    fn known_fields_and_scheme_roles_are_fine() {
        let f = Fixture::new(
            "scheme:\n  roles:\n    driver: {}\n    approver: { accountable: true }\npeople:\n  a: { name: A }\nduties:\n  x:\n    title: X\n    driver: a\n    approver: a\n",
        );
        assert!(f.run(&RULE).is_empty());
    }
}
