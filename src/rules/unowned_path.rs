//! `own::unowned-path`: every file under coverage has an owning duty.

use super::{Context, Finding, Level, Rule};
use crate::paths::Resolution;

pub(crate) static RULE: Rule = Rule {
    code: "unowned-path",
    level: Level::Deny,
    summary: "a file under coverage that no duty owns",
    explanation: "\
\"If you see it, you own it\": a file that falls under nobody's responsibility is a defect.
When `own.yaml` has a `coverage.paths` section, every tracked file it selects (default: every
tracked file; `include` and `exclude` take CODEOWNERS patterns) must be owned by a duty's
`paths:`. There is one finding per file; its target is the path from the repository root.

```yaml
coverage:
  paths:
    exclude: [\"docs/**\", \"*.md\"]
```

Fix: add a pattern covering the file to the duty that owns it, or exclude the file from
coverage. Without `coverage.paths`, files need no owner.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(paths) = ctx.paths.filter(|p| p.enforced) else {
        return;
    };
    for (i, path) in paths.files.iter().enumerate() {
        if !paths.required[i] || paths.owners[i] != Resolution::Unowned {
            continue;
        }
        let repo_path = paths.repo_path(path);
        out.push(
            Finding::new(
                &RULE,
                &repo_path,
                format!("`{repo_path}` is owned by no duty"),
            )
            .in_file(path.as_str())
            .help(
                "add a pattern covering it to a duty's `paths:`, or exclude it in `coverage.paths`",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    fn org(coverage: &str) -> Fixture {
        Fixture::files(vec![
            (
                "own.yaml",
                format!(
                    "{coverage}people:\n  a: {{}}\nduties:\n  d:\n    accountable: a\n    paths: [\"/src/\"]\n"
                ),
            ),
            ("src/main.rs", String::new()),
            ("docs/guide.md", String::new()),
            ("README.md", String::new()),
        ])
    }

    #[test]
    fn files_without_an_owner_are_findings_when_coverage_is_on() {
        let f = org("coverage:\n  paths:\n    exclude: [\"/own.yaml\"]\n");
        let targets: Vec<_> = f.run(&RULE).into_iter().map(|f| f.target).collect();
        assert_eq!(targets, ["README.md", "docs/guide.md"]);
        let f = org("coverage:\n  paths:\n    exclude: [\"*.md\", \"/own.yaml\"]\n");
        assert!(f.run(&RULE).is_empty());
        let f = org("coverage:\n  paths:\n    include: [\"/docs/\"]\n");
        let targets: Vec<_> = f.run(&RULE).into_iter().map(|f| f.target).collect();
        assert_eq!(targets, ["docs/guide.md"]);
    }

    #[test]
    fn without_coverage_files_need_no_owner() {
        assert!(org("").run(&RULE).is_empty());
    }
}
