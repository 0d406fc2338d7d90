//! CODEOWNERS files: generating them for GitHub and GitLab, reading them
//! back, and slow reference models of both platforms' matching.
//!
//! - [`generate`] writes one line per pattern, least specific first, so the
//!   platform's "last matching line wins" picks the same owner as
//!   `PatternSet::resolve` (whose winner is the most specific pattern).
//!   Equally specific patterns keep their text order; if they match the same
//!   file and belong to different owners the product reports a conflict
//!   anyway.
//! - For GitLab each pattern is translated, because GitLab reads patterns
//!   differently (see `gitlab.rs`): anchored patterns always get a
//!   leading `/`, and a pattern that GitHub also applies to directories gets
//!   a second line ending in `/`.
//! - [`parse`] reads either platform's file (comments, escapes, GitLab
//!   sections with optional flag, approval counts and default owners) and
//!   reports every line a platform would reject instead of dropping it.
//! - [`GitLabModel`] is GitLab's matching of a whole file, sections and
//!   exclusions included, which the import verifies against (`gitlab.rs`).
//! - `testing.rs` holds reference models of both platforms from their
//!   documentation, independently of `PathPattern`, so tests can check
//!   generated files end to end (with `test` or the feature `fuzzing` only).

use super::pattern::{PathPattern, PatternError, Piece, Segment};
use crate::model::duty::SectionHeader;

mod generate;
mod gitlab;
#[cfg(any(test, feature = "fuzzing"))]
mod testing;

pub(in crate::paths) use generate::segment_text;
pub use generate::{Rule, generate};
pub use gitlab::GitLabModel;
#[cfg(any(test, feature = "fuzzing"))]
pub use testing::{github_owner_of, gitlab_owner_of};

/// Which code host a CODEOWNERS file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    GitHub,
    GitLab,
}

/// A parsed CODEOWNERS file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedCodeowners {
    pub entries: Vec<Entry>,
    pub sections: Vec<Section>,
    pub problems: Vec<Problem>,
}

/// A pattern line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based line number.
    pub line: usize,
    /// The pattern exactly as written (escapes kept).
    pub pattern: String,
    /// Valid owners: the line's own, or its section's defaults when it has
    /// none. Empty means explicitly unowned (GitHub).
    pub owners: Vec<String>,
    pub owners_from_section: bool,
    /// Index into `sections`.
    pub section: Option<usize>,
    /// A GitLab exclusion (`!pattern`, GitLab 17.10+): files it matches need no approval
    /// from its section. GitHub has no negation and skips the line.
    pub exclusion: bool,
    /// Why `own` cannot use the pattern (also listed in `problems`).
    pub error: Option<PatternError>,
}

/// A GitLab section header: `[Name]`, `^[Name]` (optional), `[Name][2]`
/// (approvals), optionally followed by default owners.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub line: usize,
    pub name: String,
    pub optional: bool,
    pub approvals: Option<u32>,
    pub default_owners: Vec<String>,
}

/// A line a platform would reject or partly ignore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// Reads a GitHub or GitLab CODEOWNERS file. Every non-blank, non-comment
/// line ends up as an entry or a section, and anything wrong with it in
/// `problems`.
pub fn parse(text: &str) -> ParsedCodeowners {
    let mut parsed = ParsedCodeowners::default();
    for (n, raw_line) in text.lines().enumerate() {
        let line = n + 1;
        let content = raw_line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if content.starts_with('[') || content.starts_with("^[") {
            parse_section(content, line, &mut parsed);
            continue;
        }
        let tokens = split_tokens(content);
        let Some((&pattern, rest)) = tokens.split_first() else {
            continue;
        };
        let mut owners = Vec::new();
        for &token in rest {
            if token.starts_with('#') {
                break; // inline comment
            }
            if is_valid_owner(token) {
                owners.push(token.to_string());
            } else {
                parsed.problems.push(Problem {
                    line,
                    message: format!(
                        "malformed owner `{token}`: expected @user, @org/team or an email address"
                    ),
                });
            }
        }
        // `!pattern` is GitLab's exclusion: valid when what follows is a pattern (GitHub,
        // which has no negation, skips the line; its import says so).
        let exclusion = pattern.starts_with('!');
        let error = PathPattern::parse(if exclusion { &pattern[1..] } else { pattern }).err();
        if let Some(e) = &error {
            parsed.problems.push(Problem {
                line,
                message: format!("pattern `{pattern}`: {} (hint: {})", e.message, e.hint),
            });
        }
        if exclusion && !owners.is_empty() {
            parsed.problems.push(Problem {
                line,
                message: format!(
                    "`{pattern}` is a GitLab exclusion, which takes no owners (GitLab ignores them, and GitHub, without negation, skips the line)"
                ),
            });
        }
        let section = parsed.sections.len().checked_sub(1);
        let mut owners_from_section = false;
        if owners.is_empty()
            && !exclusion
            && let Some(s) = section.map(|i| &parsed.sections[i])
            && !s.default_owners.is_empty()
        {
            owners = s.default_owners.clone();
            owners_from_section = true;
        }
        parsed.entries.push(Entry {
            line,
            pattern: pattern.to_string(),
            owners,
            owners_from_section,
            section,
            exclusion,
            error,
        });
    }
    parsed
}

fn parse_section(content: &str, line: usize, parsed: &mut ParsedCodeowners) {
    let mut problem = |message: String| parsed.problems.push(Problem { line, message });
    let (optional, rest) = match content.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, content),
    };
    let rest = &rest[1..]; // the `[`, checked by the caller
    let Some(close) = rest.find(']') else {
        problem("unterminated section header: missing `]`".to_string());
        return;
    };
    let name = rest[..close].trim().to_string();
    if name.is_empty() {
        problem("empty section name".to_string());
    }
    let mut rest = &rest[close + 1..];
    let mut approvals = None;
    if let Some(after) = rest.strip_prefix('[') {
        match after.find(']') {
            Some(end) => {
                match after[..end].trim().parse::<u32>() {
                    Ok(n) if n > 0 => approvals = Some(n),
                    _ => problem(format!(
                        "approval count `{}` is not a positive number",
                        &after[..end]
                    )),
                }
                rest = &after[end + 1..];
            }
            None => {
                problem("unterminated approval count: missing `]`".to_string());
                rest = "";
            }
        }
    }
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        problem(
            "text right after a section header; character classes (`[...]`) are not \
             supported in CODEOWNERS patterns"
                .to_string(),
        );
    }
    let mut default_owners = Vec::new();
    for token in rest.split_whitespace() {
        if token.starts_with('#') {
            break;
        }
        if is_valid_owner(token) {
            default_owners.push(token.to_string());
        } else {
            problem(format!(
                "malformed owner `{token}`: expected @user, @org/team or an email address"
            ));
        }
    }
    parsed.sections.push(Section {
        line,
        name,
        optional,
        approvals,
        default_owners,
    });
}

/// Splits on whitespace not escaped by `\`.
fn split_tokens(line: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                tokens.push(&line[s..i]);
            }
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
        escaped = c == '\\';
    }
    if let Some(s) = start {
        tokens.push(&line[s..]);
    }
    tokens
}

/// `@user`, `@org/team` (GitLab: `@group/sub/team`) or `local@domain.tld`.
pub(crate) fn is_valid_owner(token: &str) -> bool {
    let name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if let Some(name) = token.strip_prefix('@') {
        return name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name
                .split('/')
                .all(|part| !part.is_empty() && part.chars().all(name_char));
    }
    let Some((local, domain)) = token.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !local.contains(['<', '>', '(', ')', ',', ';', ':', '"'])
        && !local.contains(char::is_control)
        && labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

#[cfg(test)]
mod tests {
    use super::super::matcher::{PatternSet, Resolution};
    use super::generate::gitlab_texts;
    use super::*;
    use proptest::prelude::*;

    fn pat(raw: &str) -> PathPattern {
        PathPattern::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    fn lines_of(text: &str) -> Vec<(String, Vec<String>)> {
        let parsed = parse(text);
        assert!(parsed.problems.is_empty(), "{:?}\n{text}", parsed.problems);
        parsed
            .entries
            .into_iter()
            .map(|e| (e.pattern, e.owners))
            .collect()
    }

    fn owners_at(lines: &[(String, Vec<String>)], hit: Option<usize>) -> Option<Vec<String>> {
        hit.map(|i| lines[i].1.clone())
    }

    fn github(file: &str, path: &str) -> Option<Vec<String>> {
        let lines = lines_of(file);
        owners_at(&lines, github_owner_of(&lines, path))
    }

    fn gitlab(file: &str, path: &str) -> Option<Vec<String>> {
        let lines = lines_of(file);
        owners_at(&lines, gitlab_owner_of(&lines, path))
    }

    fn o(names: &[&str]) -> Option<Vec<String>> {
        Some(names.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn github_reference_follows_githubs_documented_examples() {
        let file = "\
* @global
*.js @js-owner #This is an inline comment.
*.go docs@example.com
/build/logs/ @doctocat
docs/* docs@example.com
apps/ @octocat
/docs/ @doctocat
**/logs @octocat
/apps/ @octocat
/apps/github
";
        assert_eq!(github(file, "src/deep/x.rb"), o(&["@global"]));
        assert_eq!(github(file, "src/app.js"), o(&["@js-owner"]));
        assert_eq!(github(file, "cmd/main.go"), o(&["docs@example.com"]));
        // `/build/logs/` is overridden by the later `**/logs`.
        assert_eq!(github(file, "build/logs/x.txt"), o(&["@octocat"]));
        assert_eq!(github("/build/logs/ @d\n", "build/logs/x.txt"), o(&["@d"]));
        assert_eq!(github("/build/logs/ @d\n", "x/build/logs/y"), None);
        // `docs/*` owns docs/getting-started.md but not nested files; the
        // later `/docs/` owns both anyway.
        assert_eq!(github(file, "docs/getting-started.md"), o(&["@doctocat"]));
        assert_eq!(github(file, "deep/logs/x"), o(&["@octocat"]));
        assert_eq!(github(file, "apps/a.txt"), o(&["@octocat"]));
        // A line without owners makes its files unowned.
        assert_eq!(github(file, "apps/github/x"), Some(vec![]));
        assert_eq!(
            github("docs/* @d\n", "docs/build-app/troubleshooting.md"),
            None
        );
        assert_eq!(github("docs/* @d\n", "docs/a.md"), o(&["@d"]));
        assert_eq!(github("docs/* @d\n", "x/docs/a.md"), None);
        assert_eq!(github("apps/ @a\n", "x/apps/y"), o(&["@a"]));
        assert_eq!(github("apps/ @a\n", "apps"), None);
        assert_eq!(github("/docs @a\n", "docs/x/y"), o(&["@a"]));
        // Lines GitHub rejects are skipped.
        let lines = vec![("*", ()), ("!x", ()), ("[ab]", ())];
        assert_eq!(github_owner_of(&lines, "x"), Some(0));
    }

    #[test]
    fn gitlab_reference_follows_gitlabs_documented_examples() {
        assert_eq!(gitlab("/docs/ @a\n", "docs/projects/index.md"), o(&["@a"]));
        assert_eq!(gitlab("/docs/* @a\n", "docs/index.md"), o(&["@a"]));
        assert_eq!(gitlab("/docs/* @a\n", "docs/projects/index.md"), None);
        assert_eq!(gitlab("/docs/**/*.md @a\n", "docs/a/b/c.md"), o(&["@a"]));
        assert_eq!(gitlab("/docs/**/*.md @a\n", "docs/c.md"), o(&["@a"]));
        assert_eq!(gitlab("lib/ @a\n", "x/y/lib/z.rb"), o(&["@a"]));
        assert_eq!(gitlab("/config/ @a\n", "config/x"), o(&["@a"]));
        assert_eq!(gitlab("/config/ @a\n", "x/config/y"), None);
        assert_eq!(gitlab("README.md @a\n", "app/lib/README.md"), o(&["@a"]));
        assert_eq!(
            gitlab("internal/README.md @a\n", "docs/internal/README.md"),
            o(&["@a"])
        );
        assert_eq!(
            gitlab("\\#file_with_pound.rb @a\n", "x/#file_with_pound.rb"),
            o(&["@a"])
        );
        assert_eq!(
            gitlab("path\\ with\\ spaces/ @a\n", "path with spaces/x"),
            o(&["@a"])
        );
        assert_eq!(gitlab("* @a\n*.rb @b\n", "x/y.rb"), o(&["@b"]));
        assert_eq!(gitlab("* @a\n*.rb @b\n", ".hidden"), o(&["@a"]));
        // Where GitLab differs from GitHub: no directory matching without a
        // trailing `/`, and a middle slash does not anchor.
        assert_eq!(gitlab("/docs @a\n", "docs/x.md"), None);
        assert_eq!(gitlab("/docs @a\n", "docs"), o(&["@a"]));
        assert_eq!(gitlab("docs/api @a\n", "x/docs/api"), o(&["@a"]));
        assert_eq!(gitlab("docs/api @a\n", "docs/api/v1.md"), None);
        assert_eq!(gitlab("/docs/** @a\n", "docs/x/y.md"), None);
        assert_eq!(gitlab("/docs/** @a\n", "docs/y.md"), o(&["@a"]));
    }

    #[test]
    fn generate_orders_least_specific_first_and_escapes() {
        let patterns = [
            pat("/src/net/"),
            pat("*"),
            pat("/src/"),
            pat("\\#notes"),
            pat("/my\\ dir/"),
        ];
        let owners = [
            vec!["@net".to_string()],
            vec!["@all".into()],
            vec!["@src".into()],
            vec!["@n".into()],
            vec!["a@b.io".into()],
        ];
        let rules: Vec<Rule<'_>> = patterns
            .iter()
            .zip(&owners)
            .map(|(pattern, owners)| Rule::new(pattern, owners))
            .collect();
        let text = generate(&rules, Platform::GitHub);
        let body: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            body,
            vec![
                "* @all",
                "**/\\#notes @n",
                "/src/ @src",
                "/my\\ dir/ a@b.io",
                "/src/net/ @net"
            ]
        );
        assert!(text.starts_with("# Generated by `own`"));
        let lab = generate(&rules, Platform::GitLab);
        let body: Vec<&str> = lab.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            body,
            vec![
                "* @all",
                "\\#notes @n",
                "\\#notes/ @n",
                "/src/ @src",
                "/my\\ dir/ a@b.io",
                "/src/net/ @net"
            ]
        );
    }

    #[test]
    fn gitlab_translation_of_each_pattern_form() {
        let t = |raw: &str| gitlab_texts(&pat(raw));
        assert_eq!(t("/docs"), vec!["/docs", "/docs/"]);
        assert_eq!(t("docs/api"), vec!["/docs/api", "/docs/api/"]);
        assert_eq!(t("logs/"), vec!["logs/"]);
        assert_eq!(t("build"), vec!["build", "build/"]);
        assert_eq!(t("/docs/*"), vec!["/docs/*"]);
        assert_eq!(t("foo/**"), vec!["/foo/"]);
        // GitHub reads `foo/**/` as `foo/**`.
        assert_eq!(t("foo/**/"), vec!["/foo/"]);
        assert_eq!(t("**/testdata/**"), vec!["/**/testdata/"]);
        assert_eq!(t("*"), vec!["*"]);
        assert_eq!(t("**"), vec!["*"]);
        assert_eq!(t("\\!x"), vec!["/**/!x", "/**/!x/"]);
    }

    #[test]
    fn parse_reads_comments_escapes_owners_and_sections() {
        let text = "\
# comment
   # indented comment

\\#file @a # trailing comment
*.rs @org/team dev@example.com
/unowned
[Docs]
docs/ @d
^[Optional docs][2] @x @y
/guide/
/api/ @z
";
        let p = parse(text);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let summary: Vec<(usize, &str, Vec<&str>, bool)> = p
            .entries
            .iter()
            .map(|e| {
                let owners = e.owners.iter().map(String::as_str).collect();
                (e.line, e.pattern.as_str(), owners, e.owners_from_section)
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (4, "\\#file", vec!["@a"], false),
                (5, "*.rs", vec!["@org/team", "dev@example.com"], false),
                (6, "/unowned", vec![], false),
                (8, "docs/", vec!["@d"], false),
                (10, "/guide/", vec!["@x", "@y"], true),
                (11, "/api/", vec!["@z"], false),
            ]
        );
        assert_eq!(p.sections.len(), 2);
        assert_eq!(p.sections[0].name, "Docs");
        assert!(!p.sections[0].optional);
        assert_eq!(p.sections[1].name, "Optional docs");
        assert!(p.sections[1].optional);
        assert_eq!(p.sections[1].approvals, Some(2));
        assert_eq!(p.sections[1].default_owners, vec!["@x", "@y"]);
        assert_eq!(p.entries[4].section, Some(1));
        assert_eq!(p.entries[0].section, None);
    }

    #[test]
    fn parse_reports_problems_without_dropping_lines() {
        let text =
            "!foo @a\n/ok @not-an-owner! @b\nsrc/{a,b}/ @c\n[unterminated\n[Sec][x]\n[abc].rs @d\n";
        let p = parse(text);
        let lines: Vec<usize> = p.problems.iter().map(|x| x.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5, 6, 6]);
        assert!(
            p.problems[0]
                .message
                .contains("exclusion, which takes no owners")
        );
        assert!(p.entries[0].exclusion);
        assert!(
            p.problems[1]
                .message
                .contains("malformed owner `@not-an-owner!`")
        );
        assert!(p.problems[2].message.contains("brace expansion"));
        assert!(p.problems[3].message.contains("unterminated section"));
        assert!(p.problems[4].message.contains("approval count"));
        assert!(p.problems[5].message.contains("character classes"));
        assert!(p.problems[6].message.contains("malformed owner `.rs`"));
        // The bad-pattern lines are still entries, with their error.
        assert_eq!(p.entries.len(), 3);
        assert!(p.entries[2].error.is_some());
        assert_eq!(p.entries[1].owners, vec!["@b"]);
        assert!(p.entries[1].error.is_none());
    }

    #[test]
    fn owner_syntax() {
        for ok in [
            "@alice",
            "@org/team",
            "@group/sub/team",
            "a.b@example.co.uk",
            "@a-b_c.d",
        ] {
            assert!(is_valid_owner(ok), "{ok}");
        }
        for bad in [
            "alice",
            "@",
            "@/team",
            "@org/",
            "a@b",
            "@a b",
            "x@@y.com",
            "@-x",
            "<a@b.c>",
            "b\u{7f}b@example.com",
        ] {
            assert!(!is_valid_owner(bad), "{bad}");
        }
    }

    /// Generates both files for `raws` (owner i = `@o<i>`) and checks every
    /// path: GitHub's model on the GitHub file, GitLab's model on the GitLab
    /// file and `PatternSet::resolve` all name the same owners.
    fn cross_check(raws: &[&str], owner_of: &[usize], paths: &[&str]) -> Result<usize, String> {
        let patterns: Vec<PathPattern> = raws.iter().map(|r| pat(r)).collect();
        let owners: Vec<Vec<String>> = owner_of.iter().map(|o| vec![format!("@o{o}")]).collect();
        let rules: Vec<Rule<'_>> = patterns
            .iter()
            .zip(&owners)
            .map(|(pattern, owners)| Rule::new(pattern, owners))
            .collect();
        let gh = lines_of(&generate(&rules, Platform::GitHub));
        let gl = lines_of(&generate(&rules, Platform::GitLab));
        let mut builder = PatternSet::builder();
        for (p, o) in patterns.iter().zip(owner_of) {
            builder.add(p.clone(), *o);
        }
        let set = builder.build();
        let mut scratch = Vec::new();
        let mut checked = 0;
        for path in paths {
            let github_owners = owners_at(&gh, github_owner_of(&gh, path));
            let gitlab_owners = owners_at(&gl, gitlab_owner_of(&gl, path));
            let want = match set.resolve(path, &mut scratch) {
                Resolution::Unowned => None,
                Resolution::Owned { pattern } => Some(owners[pattern].clone()),
                Resolution::Conflict { patterns } => {
                    // No single answer; the files must still pick one of
                    // the tied owners.
                    let tied: Vec<&Vec<String>> = patterns.iter().map(|&i| &owners[i]).collect();
                    for got in [&github_owners, &gitlab_owners] {
                        if !got.as_ref().is_some_and(|g| tied.contains(&g)) {
                            return Err(format!("{path}: conflict {tied:?} but file gave {got:?}"));
                        }
                    }
                    continue;
                }
            };
            if github_owners != want || gitlab_owners != want {
                return Err(format!(
                    "{path}: resolve {want:?}, github {github_owners:?}, gitlab {gitlab_owners:?}"
                ));
            }
            checked += 1;
        }
        Ok(checked)
    }

    #[test]
    fn generated_files_give_resolve_owners_on_both_platforms() {
        let raws = [
            "*",
            "*.md",
            "/docs/",
            "/docs/*",
            "docs/api",
            "logs/",
            "logs",
            "build",
            "/src/net/",
            "/src/*/mod7/*.rs",
            "a/**/b",
            "**/testdata/**",
            "foo/**",
            "foo/**/",
            "\\#file",
            "/my\\ dir/",
            "\\!important",
            "*.rs",
            "/src/**",
            "**/x",
            "/*",
            "?akefile",
            "é/",
            "x.md",
            "/a/*/y/",
            "**/q/r",
            "/docs/api/*",
            "*_test.rs",
            "/a\\*b",
            "/**",
            "/**/",
        ];
        let owner_of: Vec<usize> = (0..raws.len()).collect();
        let paths = [
            "README.md",
            "docs",
            "docs/a.md",
            "docs/sub/b.md",
            "x/docs/a.md",
            "docs/api",
            "docs/api/v1.md",
            "x/docs/api",
            "docs/api/deep/v.md",
            "logs",
            "logs/a.txt",
            "x/logs/b",
            "x/logs",
            "build",
            "build/out.o",
            "x/build/y.o",
            "src/net/tcp.rs",
            "src/lib.rs",
            "src/a/mod7/x.rs",
            "src/a/mod7/x.rs/inner",
            "src/a/b/mod7/x.rs",
            "a/b",
            "a/x/y/b",
            "a/x/b/c.txt",
            "a/x/c",
            "testdata/x",
            "x/testdata/y/z",
            "x/testdata",
            "foo",
            "foo/a",
            "foo/a/b",
            "x/foo/a",
            "#file",
            "a/#file",
            "my dir/x",
            "my dir",
            "!important",
            "z/!important",
            "é/ü.md",
            "é",
            "x.md/inner",
            "x.md",
            "Makefile",
            "src/Makefile",
            "makefile",
            "x",
            "x/y",
            "q/r",
            "p/q/r/s",
            "a/1/y/z",
            "a/1/y",
            "a*b",
            "axb",
            "t/m_test.rs",
            "a/b/c/d/e/f/g",
        ];
        let checked = cross_check(&raws, &owner_of, &paths).unwrap();
        // Conflicted paths are checked more loosely; most must be exact.
        assert!(
            checked >= paths.len() * 3 / 4,
            "only {checked} of {} checked",
            paths.len()
        );
    }

    fn random_pattern() -> impl Strategy<Value = String> {
        let seg = prop_oneof![
            Just("a"),
            Just("b"),
            Just("*"),
            Just("**"),
            Just("a*"),
            Just("?"),
            Just("\\#a"),
            Just("b\\ a"),
        ];
        crate::paths::pattern::patterns_of(seg)
    }

    /// GitLab's answer under a generated file with sections (every section's say added
    /// up), against `own`'s: `None` where `own` has a conflict (no single answer).
    fn sectioned_check(
        rules: &[(PathPattern, Vec<String>, Option<SectionHeader>)],
        paths: &[String],
    ) -> (String, Vec<String>) {
        let written: Vec<Rule<'_>> = rules
            .iter()
            .map(|(pattern, owners, section)| Rule {
                pattern,
                owners,
                section: section.as_ref(),
            })
            .collect();
        let text = generate(&written, Platform::GitLab);
        let parsed = parse(&text);
        assert!(parsed.problems.is_empty(), "{:?}\n{text}", parsed.problems);
        let model = GitLabModel::new(&parsed);
        let mut builder = PatternSet::builder();
        for (i, (pattern, _, _)) in rules.iter().enumerate() {
            builder.add(pattern.clone(), i);
        }
        let set = builder.build();
        let (mut scratch, mut wrong) = (Vec::new(), Vec::new());
        for path in paths {
            let want: Vec<String> = match set.resolve(path, &mut scratch) {
                Resolution::Unowned => Vec::new(),
                Resolution::Owned { pattern } => rules[pattern].1.clone(),
                Resolution::Conflict { .. } => continue,
            };
            let got = model.owners(&parsed, path);
            if got != want {
                wrong.push(format!("{path}: own {want:?}, GitLab {got:?}"));
            }
        }
        (text, wrong)
    }

    fn header(name: &str) -> Option<SectionHeader> {
        SectionHeader::parse(name)
    }

    #[test]
    fn gitlab_sections_are_written_back_with_the_exclusions_that_keep_one_owner() {
        let o = |s: &str| vec![s.to_owned()];
        let rules = vec![
            (pat("*"), o("@core"), None),
            (pat("/docs/"), o("@docs"), header("[Docs][2]")),
            (pat("/docs/api/"), o("@api"), header("[Api]")),
            (pat("/auth/"), o("@sec"), header("^[Security]")),
        ];
        let paths: Vec<String> = ["a.rs", "docs/x.md", "docs/api/y.md", "auth/z.rs"]
            .iter()
            .map(|p| (*p).to_owned())
            .collect();
        let (text, wrong) = sectioned_check(&rules, &paths);
        assert!(wrong.is_empty(), "{wrong:?}\n{text}");
        assert!(text.contains("\n[Docs][2]\n/docs/ @docs\n"), "{text}");
        assert!(text.contains("\n^[Security]\n/auth/ @sec\n"), "{text}");
        // The lines before any section leave `/docs/` and `/auth/` to their sections, and
        // `[Docs]` leaves `/docs/api/` to `[Api]`.
        // (`!/docs/api/` is inside `!/docs/`, so it is not written.)
        assert!(
            text.contains("\n* @core\n!/auth/\n!/docs/\n\n[Api]\n"),
            "{text}"
        );
        assert!(text.contains("/docs/ @docs\n!/docs/api/\n"), "{text}");
        assert!(!text.contains("owners of both sections"), "{text}");

        // `*.md` in a section inside `/docs/` of the lines before: an exclusion of `/docs/`
        // in that section would take its `*.md` files too, so none is written, and the file
        // says which files GitLab gives to both.
        let rules = vec![
            (pat("/docs/"), o("@docs"), None),
            (pat("/docs/*.md"), o("@writers"), header("[Writers]")),
            (pat("*"), o("@core"), header("[Writers]")),
        ];
        let (text, wrong) = sectioned_check(&rules, &paths);
        assert!(text.contains("owners of both sections"), "{text}");
        assert!(!wrong.is_empty(), "{text}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Wherever the generated file does not say that GitLab gives some files to two
        /// sections, GitLab's sections give every file exactly `own`'s owners.
        #[test]
        fn sectioned_files_give_owns_owners_on_gitlab(
            picks in proptest::collection::vec((random_pattern(), 0usize..3), 1..8),
        ) {
            let sections = [None, header("[A]"), header("^[B][2]")];
            let rules: Vec<(PathPattern, Vec<String>, Option<SectionHeader>)> = picks
                .iter()
                .enumerate()
                .map(|(i, (raw, s))| (pat(raw), vec![format!("@o{i}")], sections[*s].clone()))
                .collect();
            let mut paths = Vec::new();
            for a in ["a", "b", "ab", "#a", "b a"] {
                paths.push(a.to_string());
                for b in ["a", "b", "ba"] {
                    paths.push(format!("{a}/{b}"));
                    paths.push(format!("{a}/{b}/a"));
                    paths.push(format!("{b}/{a}/b/a"));
                }
            }
            let (text, wrong) = sectioned_check(&rules, &paths);
            prop_assert!(
                text.contains("owners of both sections") || wrong.is_empty(),
                "{:?}\n{}", wrong, text
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn random_sets_agree_on_both_platforms(
            raws in proptest::collection::vec(random_pattern(), 1..8),
            owners in proptest::collection::vec(0usize..4, 8),
        ) {
            let raw_refs: Vec<&str> = raws.iter().map(String::as_str).collect();
            let mut paths = Vec::new();
            for a in ["a", "b", "ab", "#a", "b a"] {
                paths.push(a.to_string());
                for b in ["a", "b", "ba"] {
                    paths.push(format!("{a}/{b}"));
                    paths.push(format!("{a}/{b}/a"));
                    paths.push(format!("{b}/{a}/b/a"));
                }
            }
            let path_refs: Vec<&str> = paths.iter().map(String::as_str).collect();
            let result = cross_check(&raw_refs, &owners[..raws.len()], &path_refs);
            prop_assert!(result.is_ok(), "{:?} with {:?}", result, raws);
        }
    }
}
