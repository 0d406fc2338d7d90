//! `own::invalid-pattern`: path and alert patterns are ones `own` can match.

use super::{Context, Finding, Level, Rule};
use crate::source::Span;

pub(crate) static RULE: Rule = Rule {
    code: "invalid-pattern",
    level: Level::Deny,
    summary: "a path or alert pattern that cannot be used",
    explanation: "\
Path patterns follow GitHub CODEOWNERS rules, which do not support negation (`!`) or
braces (`{a,b}`); GitHub ignores such lines, so the files they were meant for end up owned
by nobody. Square brackets are literal characters on GitHub (`/apps/[param]/`, the route
folders of Next.js and SvelteKit), not a character class. Alert patterns are globs over
alert names.

Fix: rewrite the pattern without the unsupported syntax, for example as several patterns.",
    check,
};

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = ctx.org;
    let patterns = ctx.paths.map(|p| &p.patterns.invalid);
    let fallback;
    let invalid = match patterns {
        Some(invalid) => invalid,
        None => {
            fallback = crate::paths::coverage::DutyPatterns::new(org).invalid;
            &fallback
        }
    };
    for bad in invalid {
        let Some((_, duty)) = org.duties.get_index(bad.origin.duty) else {
            continue;
        };
        let raw = &duty.fields.paths[bad.origin.index];
        let span = inner_span(ctx, duty.file, raw.span, bad.error.offset);
        out.push(
            Finding::new(
                &RULE,
                &duty.id,
                format!(
                    "invalid path pattern `{}` in duty `{}`: {}",
                    raw.value, duty.id, bad.error.message
                ),
            )
            .at(duty.at(span), "here")
            .help(bad.error.hint.clone()),
        );
    }
    if let Some(alerts) = ctx.alerts {
        for bad in &alerts.patterns.invalid {
            let Some((_, duty)) = org.duties.get_index(bad.duty) else {
                continue;
            };
            let raw = &duty.fields.alerts[bad.index];
            out.push(
                Finding::new(
                    &RULE,
                    &duty.id,
                    format!(
                        "invalid alert pattern `{}` in duty `{}`: {}",
                        raw.value, duty.id, bad.message
                    ),
                )
                .at(duty.at(raw.span), "here")
                .help("alert patterns are globs over alert names: `*`, `?` and `[abc]`"),
            );
        }
    }
}

/// The span of the offending character inside a pattern's scalar (after an opening quote).
fn inner_span(ctx: &Context<'_>, file: crate::source::FileId, span: Span, offset: usize) -> Span {
    let text = &ctx.sources.get(file).text;
    let quoted = text
        .get(span.start as usize..)
        .is_some_and(|t| t.starts_with(['"', '\'']));
    let start = span.start as usize + usize::from(quoted) + offset;
    if start < span.end as usize {
        let len = text[start..].chars().next().map_or(1, char::len_utf8);
        Span::new(start, start + len)
    } else {
        span
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::evaluation::testing::Fixture;

    #[test]
    fn unsupported_syntax_points_at_the_character() {
        let f = Fixture::new(
            "people:\n  a: {}\nduties:\n  d:\n    accountable: a\n    paths: [\"/src/\", \"!/src/gen/\", \"*.{c,h}\", \"/apps/[id]/\"]\n    alerts: [\"Disk[\"]\n",
        );
        let findings = f.run(&RULE);
        let pointed: Vec<_> = findings.iter().map(|x| f.pointed(x)).collect();
        // `[id]` is a folder's name on GitHub, not a class: only the alert glob's is one.
        assert_eq!(pointed, ["!", "{", "\"Disk[\""]);
        assert!(
            findings[0]
                .message
                .starts_with("invalid path pattern `!/src/gen/` in duty `d`")
        );
    }

    #[test]
    fn supported_patterns_are_fine() {
        let f = Fixture::new(
            "people:\n  a: {}\nduties:\n  d:\n    accountable: a\n    paths: [\"/src/\", \"*.rs\", \"docs/**/*.md\"]\n    alerts: [\"Disk*\"]\n",
        );
        assert!(f.run(&RULE).is_empty());
    }
}
