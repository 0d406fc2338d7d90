//! `own::path-conflict`: no file is claimed by two duties with equally specific patterns.

use std::collections::BTreeMap;

use super::{Context, Finding, Level, Rule};
use crate::paths::Resolution;

pub(crate) static RULE: Rule = Rule {
    code: "path-conflict",
    level: Level::Deny,
    summary: "two duties claim a file with equally specific patterns",
    explanation: "\
When several duties' patterns match a file, the most specific pattern wins: first the number
of leading literal folders of an anchored pattern, then the number of literal characters,
then fewer wildcards. When the best patterns of two different duties are equally specific,
nobody can tell which duty owns the file. Each clashing group of patterns is reported once,
with the number of files it affects and an example.

Fix: make one pattern more specific (`/src/net/` beats `/src/`), or remove one of them.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(paths) = ctx.paths else {
        return;
    };
    // Group files by the set of tied patterns, so each clash is reported once.
    let mut clashes: BTreeMap<&[usize], (usize, usize)> = BTreeMap::new();
    for (i, owner) in paths.owners.iter().enumerate() {
        if let Resolution::Conflict { patterns } = owner {
            let entry = clashes.entry(patterns.as_slice()).or_insert((0, i));
            entry.0 += 1;
        }
    }
    for (patterns, (count, example)) in clashes {
        let describe = |p: usize| {
            let origin = paths.patterns.origins[p];
            let (_, duty) = ctx
                .org
                .duties
                .get_index(origin.duty)
                .unwrap_or_else(|| unreachable!("origins index the duties they came from"));
            (duty, &duty.fields.paths[origin.index])
        };
        let Some((&first, rest)) = patterns.split_first() else {
            continue;
        };
        let (duty, raw) = describe(first);
        let others: Vec<_> = rest.iter().map(|&p| describe(p)).collect();
        let names: Vec<String> = std::iter::once(format!("`{}`", duty.id))
            .chain(others.iter().map(|(d, _)| format!("`{}`", d.id)))
            .collect();
        let example = paths.repo_path(&paths.files[example]);
        let files = if count == 1 {
            format!("`{example}`")
        } else {
            format!("{count} files, such as `{example}`")
        };
        let mut finding = Finding::new(
            &RULE,
            &duty.id,
            format!(
                "duties {} claim {files} with equally specific patterns",
                names.join(" and ")
            ),
        )
        .at(duty.at(raw.span), format!("`{}` claims it", duty.id))
        .help("make one pattern more specific, or remove one; the most specific pattern wins");
        for (other, raw) in others {
            finding = finding.related(other.at(raw.span), format!("`{}` claims it too", other.id));
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    fn org(b_pattern: &str) -> Fixture {
        Fixture::files(vec![
            (
                "own.yaml",
                format!(
                    "people:\n  a: {{}}\nduties:\n  net:\n    accountable: a\n    paths: [\"/src/net/\"]\n  core:\n    accountable: a\n    paths: [\"{b_pattern}\"]\n"
                ),
            ),
            ("src/net/tcp.rs", String::new()),
            ("src/net/udp.rs", String::new()),
        ])
    }

    #[test]
    fn equal_patterns_of_two_duties_clash_once() {
        let f = org("/src/net/");
        let findings = f.run(&RULE);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "duties `net` and `core` claim 2 files, such as `src/net/tcp.rs` with equally specific patterns"
        );
        assert_eq!(findings[0].related.len(), 1);
    }

    #[test]
    fn the_more_specific_pattern_wins_without_a_clash() {
        assert!(org("/src/").run(&RULE).is_empty());
    }
}
