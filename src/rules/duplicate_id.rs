//! `own::duplicate-id`: an id is defined once.

use super::{Context, Finding, Level, Rule};

pub(crate) static RULE: Rule = Rule {
    code: "duplicate-id",
    level: Level::Deny,
    summary: "the same id is defined in two places",
    explanation: "\
An id names one thing. When two files both define duty `backups`, or a person and a team are
both called `ops` (people and teams share one namespace), own cannot tell which one a
reference means, and silently keeping one would lose the other.

Within one file, a repeated key is an error that stops the run. Across files it is this
finding, which points at both definitions; own keeps the first one (in file order) and
reports the second.

Fix: rename one of them, or merge the two definitions.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for dup in &ctx.org.duplicates {
        let message = if dup.kind == dup.first_kind {
            format!("{} `{}` is defined twice", dup.kind, dup.id)
        } else {
            format!(
                "`{}` is defined as a {} and as a {}; people and teams share one namespace",
                dup.id, dup.first_kind, dup.kind
            )
        };
        out.push(
            Finding::new(&RULE, &dup.id, message)
                .at(dup.second, "defined again here")
                .related(dup.first, "first defined here")
                .help("rename one of them, or merge the two definitions"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn same_duty_in_two_files_points_at_both() {
        let f = Fixture::files(vec![
            ("own.yaml", "people:\n  a: {}\n".into()),
            (
                "a.own.yaml",
                "duties:\n  backups:\n    accountable: a\n".into(),
            ),
            (
                "b.own.yaml",
                "duties:\n  restore: {}\n  backups:\n    accountable: a\n".into(),
            ),
        ]);
        let findings = f.run(&RULE);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "duty `backups` is defined twice");
        let sources = &f.loaded.sources;
        let second = findings[0].primary.as_ref().unwrap().loc;
        assert_eq!(sources.get(second.file).name, "b.own.yaml");
        assert_eq!(sources.range(second).0.line, 3);
        let first = findings[0].related[0].loc;
        assert_eq!(sources.get(first.file).name, "a.own.yaml");
        assert_eq!(sources.range(first).0.line, 2);
    }

    #[test]
    fn person_and_team_share_a_namespace() {
        let f = Fixture::new("people:\n  ops: {}\nteams:\n  ops: {}\n");
        assert_eq!(
            f.summary(&RULE),
            [
                "`ops` is defined as a person and as a team; people and teams share one namespace @ ops"
            ]
        );
    }

    /// The first file with people becomes the organisation's index as it is: a team of an
    /// earlier file with one of its ids is still found, and the person left out; a later
    /// file's people come after, and one defined again is found too.
    #[test]
    fn people_files_taken_whole_still_find_every_repeat() {
        let f = Fixture::files(vec![
            (
                "own.yaml",
                "teams:
  ops: {}
"
                .into(),
            ),
            (
                "a.own.yaml",
                "people:
  zed: {}
  ops: {}
  amy: {}
"
                .into(),
            ),
            (
                "b.own.yaml",
                "people:
  bob: {}
  amy: {}
"
                .into(),
            ),
        ]);
        let people: Vec<&str> = f.loaded.org.people.keys().map(String::as_str).collect();
        assert_eq!(people, ["zed", "amy", "bob"]);
        let findings = f.run(&RULE);
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert!(findings[0].message.contains("`ops`"), "{findings:?}");
        assert!(findings[1].message.contains("`amy`"), "{findings:?}");
        let second = findings[1].primary.as_ref().unwrap().loc;
        assert_eq!(f.loaded.sources.get(second.file).name, "b.own.yaml");
        assert_eq!(
            f.loaded.org.people["zed"].file,
            f.loaded.org.people["amy"].file
        );
    }

    #[test]
    fn distinct_ids_are_fine() {
        let f = Fixture::new("people:\n  a: {}\nteams:\n  b: {}\nduties:\n  a: {}\n");
        assert!(f.run(&RULE).is_empty());
    }
}
