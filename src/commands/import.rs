//! `own import codeowners FILE`: bootstrap duties from an existing CODEOWNERS file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use crate::cli::Env;
use crate::error::{Error, Result};
use crate::paths::codeowners;
use crate::render::text::{one_line, unprintable};
use crate::render::{Output, write_atomic};

/// Import ownership from another format.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    pub(crate) source: Source,
}

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Source {
    /// Turn a GitHub or GitLab CODEOWNERS file into duties, one per set of owners.
    ///
    /// Each duty gets the file's patterns and its owners as `responsible`; the accountable
    /// is left for you to name (`own check` reports every duty without one). Lines GitHub
    /// would reject are reported on stderr and kept as comments.
    Codeowners(CodeownersArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct CodeownersArgs {
    /// The CODEOWNERS file.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,

    /// Read the file with GitLab's rules (floating middle-slash patterns, sections).
    #[arg(long)]
    pub(crate) gitlab: bool,

    /// Write the ownership file to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

pub(crate) fn run(env: &Env, args: &Args, out: &mut Output) -> Result<u8> {
    let Source::Codeowners(args) = &args.source;
    // A CODEOWNERS file is repository content: it may not lead out of its repository (or,
    // outside git, out of its folder).
    let name = args.file.display().to_string();
    let folder = match args.file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let within = crate::load::tree::repository_top(folder)?;
    let bytes = crate::load::tree::read_regular(
        &args.file,
        &name,
        Some(&within),
        crate::load::DEFAULT_MAX_FILE_SIZE,
    )?;
    let text = String::from_utf8(bytes).map_err(|_| Error::Read {
        path: name.clone(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"),
    })?;
    let parsed = codeowners::parse(&text);
    let (yaml, problems) = to_yaml(&parsed, &args.file.display().to_string(), args.gitlab);
    for problem in &problems {
        let _ = writeln!(std::io::stderr(), "warning: {problem}");
    }
    match &args.output {
        Some(path) => {
            write_atomic(path, yaml.as_bytes())?;
            if !env.quiet {
                writeln!(
                    out,
                    "wrote {}; name an accountable for each duty, then run `own check`",
                    path.display()
                )
                .map_err(crate::render::write_error)?;
            }
        }
        None => out
            .write_all(yaml.as_bytes())
            .map_err(crate::render::write_error)?,
    }
    Ok(crate::EXIT_OK)
}

/// The ownership file for a parsed CODEOWNERS, and the problems to report.
pub(crate) fn to_yaml(
    parsed: &codeowners::ParsedCodeowners,
    name: &str,
    gitlab: bool,
) -> (String, Vec<String>) {
    // Problems quote the file's text and become YAML comments (and lines on stderr): a
    // control character or line break in them would break the file or inject into it.
    let name = &one_line(name);
    let mut problems: Vec<String> = parsed
        .problems
        .iter()
        .map(|p| one_line(&format!("{name}:{}: {}", p.line, p.message)))
        .collect();
    // Owner sets in order of first appearance, each with its patterns.
    let mut sets: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut unowned: Vec<String> = Vec::new();
    for entry in &parsed.entries {
        if entry.error.is_some() {
            continue;
        }
        let pattern = if gitlab {
            from_gitlab(&entry.pattern)
        } else {
            entry.pattern.clone()
        };
        if entry.owners.is_empty() {
            unowned.push(pattern);
            continue;
        }
        let mut owners = entry.owners.clone();
        owners.sort();
        match sets.iter_mut().find(|(o, _)| *o == owners) {
            Some((_, patterns)) => patterns.push(pattern),
            None => sets.push((owners, vec![pattern])),
        }
    }
    if !unowned.is_empty() {
        problems.push(one_line(&format!(
            "{name}: {} patterns have no owners and were left out: {}",
            unowned.len(),
            unowned.join(" ")
        )));
    }

    let mut people: BTreeMap<String, String> = BTreeMap::new();
    let mut teams: BTreeMap<String, String> = BTreeMap::new();
    let mut ids_of = |owner: &str| -> String {
        if let Some(handle) = owner.strip_prefix('@') {
            if let Some((_, team)) = handle.split_once('/') {
                let id = slug(team);
                teams.insert(
                    id.clone(),
                    format!("{{ github: {}, members: [] }}", quote(handle)),
                );
                id
            } else {
                let id = slug(handle);
                people.insert(id.clone(), format!("{{ github: {} }}", quote(handle)));
                id
            }
        } else {
            let id = slug(owner.split('@').next().unwrap_or(owner));
            people.insert(id.clone(), format!("{{ email: {} }}", quote(owner)));
            id
        }
    };
    let mut duties = String::new();
    let mut used_ids: Vec<String> = Vec::new();
    for (owners, patterns) in &sets {
        let holders: Vec<String> = owners.iter().map(|o| ids_of(o)).collect();
        let base = format!(
            "{}-files",
            holders.first().map_or("unowned", String::as_str)
        );
        let mut id = base.clone();
        let mut n = 2;
        while used_ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used_ids.push(id.clone());
        let _ = writeln!(
            duties,
            "  {id}:\n    title: {}\n    # TODO: name the one person accountable for these files.\n    responsible: [{}]\n    paths:",
            quote(&format!("Files owned by {}", owners.join(" "))),
            holders.join(", ")
        );
        for pattern in patterns {
            let _ = writeln!(duties, "      - {}", quote(pattern));
        }
    }

    let mut yaml = format!(
        "# Imported from {name} by `own import codeowners`.\n\
         # Every duty still needs an accountable person: `own check` lists them.\n"
    );
    for problem in &problems {
        let _ = writeln!(yaml, "# skipped: {problem}");
    }
    for (section, items) in [("people", &people), ("teams", &teams)] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(yaml, "{section}:");
        for (id, body) in items {
            let _ = writeln!(yaml, "  {id}: {body}");
        }
    }
    if duties.is_empty() {
        // Comments alone would be an empty file, which `own` rejects: keep it loadable.
        let _ = writeln!(yaml, "duties: {{}}");
    } else {
        let _ = writeln!(yaml, "duties:");
        yaml.push_str(&duties);
    }
    (yaml, problems)
}

/// A GitLab pattern in GitHub's language: GitLab floats a pattern with a middle slash.
fn from_gitlab(pattern: &str) -> String {
    let trimmed = pattern.trim_end_matches('/');
    if !pattern.starts_with('/') && !pattern.starts_with("**") && trimmed.contains('/') {
        format!("**/{pattern}")
    } else {
        pattern.to_owned()
    }
}

/// An id from a handle or name: lower case, `-` for anything else.
fn slug(text: &str) -> String {
    let mut id: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    id = id.trim_matches('-').to_owned();
    if id.is_empty() {
        "owner".to_owned()
    } else {
        id
    }
}

/// A YAML double-quoted string. Not JSON's quoting: JSON leaves DEL, C1 controls and
/// non-characters raw, and YAML rejects them.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if unprintable(c) => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_sets_become_duties_and_bad_lines_are_reported() {
        let parsed = codeowners::parse(
            "# comment\n* @org/core\n/docs/ @alice bob@example.com\n/src/net/ @org/core\n!/gen/ @org/core\n/tmp/\n",
        );
        let (yaml, problems) = to_yaml(&parsed, "CODEOWNERS", false);
        assert!(yaml.contains("  core-files:\n"), "{yaml}");
        assert!(
            yaml.contains("      - \"*\"\n      - \"/src/net/\"\n"),
            "{yaml}"
        );
        assert!(yaml.contains("  alice-files:\n"), "{yaml}");
        assert!(
            yaml.contains("  bob: { email: \"bob@example.com\" }"),
            "{yaml}"
        );
        assert!(
            yaml.contains("  core: { github: \"org/core\", members: [] }"),
            "{yaml}"
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("CODEOWNERS:5:"), "{problems:?}");
        assert!(problems[1].contains("/tmp/"), "{problems:?}");
    }

    /// Found by the `codeowners` fuzz target: a file with no owned line gave comments only,
    /// which `own check` rejects as an empty file.
    #[test]
    fn a_file_without_owned_lines_still_imports_as_a_loadable_file() {
        for text in ["", "# only a comment\n", "/tmp/\n", "[a][b]\n"] {
            let (yaml, _) = to_yaml(&codeowners::parse(text), "CODEOWNERS", false);
            assert!(yaml.ends_with("duties: {}\n"), "{yaml}");
            // Panics when the file does not load.
            let fixture = crate::rules::testing::Fixture::new(&yaml);
            assert!(fixture.loaded.org.duties.is_empty());
        }
    }

    /// Found by the `codeowners` fuzz target: a control character in a malformed owner went
    /// into a `# skipped:` comment as it was, and the imported file did not load; a carriage
    /// return there would even have started a new YAML line.
    #[test]
    fn problems_quoting_control_characters_stay_inside_their_comment() {
        let text = "/s/ @b\u{4}ob\n[s][x\rpeople: {evil: {}}  #]\n";
        let (yaml, problems) = to_yaml(&codeowners::parse(text), "CODE\nOWNERS", false);
        assert!(
            problems.iter().all(|p| !p.contains(['\u{4}', '\r', '\n'])),
            "{problems:?}"
        );
        assert!(yaml.contains("@b\\u{0004}ob"), "{yaml}");
        let fixture = crate::rules::testing::Fixture::new(&yaml);
        assert!(fixture.loaded.org.people.get("evil").is_none(), "{yaml}");
    }

    /// Found by the `codeowners` fuzz target: an email owner with a DEL character went into a
    /// JSON-quoted string, which YAML rejects.
    #[test]
    fn quoted_values_read_back_as_written() {
        let text = "a\t\n\u{2028}\u{2029}\u{feff}\u{fffe}\u{ffff}\"\\ é 😀";
        let node = crate::load::yaml::parse(
            &format!("k: {}\n", quote(text)),
            crate::load::yaml::Limits::default(),
        )
        .unwrap_or_else(|e| panic!("{e:?}: {}", quote(text)));
        assert_eq!(node.get("k").and_then(|n| n.text()), Some(text));
        // Control characters are quoted as escapes too, which the loader then refuses with
        // a located error rather than a YAML syntax error.
        for c in ['\u{7f}', '\u{85}', '\u{9f}', '\u{0}', '\u{1b}', '\r'] {
            let quoted = quote(&format!("a{c}b"));
            let err = crate::load::yaml::parse(
                &format!("k: {quoted}\n"),
                crate::load::yaml::Limits::default(),
            )
            .expect_err(&quoted);
            assert!(
                matches!(
                    err.kind,
                    crate::load::yaml::YamlErrorKind::Unprintable { .. }
                ),
                "{quoted}: {err:?}"
            );
        }

        let (yaml, _) = to_yaml(
            &codeowners::parse("/docs/ b\u{7f}b@example.com\n"),
            "C",
            false,
        );
        crate::rules::testing::Fixture::new(&yaml);
    }

    #[test]
    fn gitlab_patterns_with_a_middle_slash_float() {
        assert_eq!(from_gitlab("docs/api"), "**/docs/api");
        assert_eq!(from_gitlab("/docs/api"), "/docs/api");
        assert_eq!(from_gitlab("*.md"), "*.md");
    }
}
