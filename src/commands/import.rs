//! `own import codeowners FILE`: bootstrap duties from an existing CODEOWNERS file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use crate::cli::Env;
use crate::error::{Error, Result};
use crate::paths::{bridge, codeowners};
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
    // The files GitHub would give owners to: the repository's tracked files (or, outside
    // git, a walk that honours `.gitignore`), with paths from its top as CODEOWNERS has them.
    let files = if args.gitlab {
        None
    } else {
        Some(crate::load::Tree::tracked(&crate::load::DiskTree::new(
            &within,
        )?)?)
    };
    // With an organisation in reach, its people and teams are named, not defined again.
    let existing = match super::load_org(env) {
        Ok(session) => Existing::of(&session.loaded.org),
        Err(Error::NoManifest { .. } | Error::GitBare { .. }) => Existing::default(),
        Err(e) => return Err(e),
    };
    let (yaml, problems, bridged) = to_yaml_for(
        &parsed,
        &args.file.display().to_string(),
        args.gitlab,
        files.as_deref(),
        &existing,
    );
    for problem in &problems {
        let _ = writeln!(std::io::stderr(), "warning: {problem}");
    }
    let verdict = bridged.as_ref().map(verification);
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
    // The verification line: on stdout beside `wrote …`, on stderr when stdout is the file.
    let Some((line, same)) = verdict else {
        return Ok(crate::EXIT_OK);
    };
    if args.output.is_some() {
        writeln!(out, "{line}").map_err(crate::render::write_error)?;
    } else {
        let _ = writeln!(std::io::stderr(), "{line}");
    }
    Ok(if same {
        crate::EXIT_OK
    } else {
        crate::EXIT_FINDINGS
    })
}

/// "9,993 tracked files: every one has the owners GitHub gives", or the files that differ.
fn verification(Bridged { bridge, owner_sets }: &Bridged) -> (String, bool) {
    let files = bridge.files;
    let noun = if files == 1 { "file" } else { "files" };
    if bridge.differing.is_empty() {
        let pinned = bridge.added.iter().filter(|a| a.pinned).count();
        let mut line = format!("{files} tracked {noun}: every one has the owners GitHub gives");
        if pinned > 0 {
            line.push_str(&format!(
                " ({pinned} pinned by path where no pattern could say it; see the comments)"
            ));
        }
        return (line, true);
    }
    let shown = |set: Option<usize>| match set.and_then(|s| owner_sets.get(s)) {
        Some(owners) if !owners.is_empty() => owners.join(" "),
        _ => "no owners".to_owned(),
    };
    let mut line = format!(
        "{files} tracked {noun}: {} do not have the owners GitHub gives:",
        bridge.differing.len()
    );
    for (path, github, own) in bridge.differing.iter().take(20) {
        line.push_str(&format!(
            "\n  {}: GitHub {}, own {}",
            one_line(path),
            one_line(&shown(*github)),
            one_line(&shown(*own))
        ));
    }
    if bridge.differing.len() > 20 {
        line.push_str(&format!("\n  … and {} more", bridge.differing.len() - 20));
    }
    (line, false)
}

/// The people and teams of an organisation that already exists, by the handles and emails
/// they carry, so that an import names them instead of defining them again.
#[derive(Debug, Default)]
pub(crate) struct Existing {
    /// `@login`, `@org/team` and email addresses (lower case) to ids.
    by_owner: std::collections::HashMap<String, String>,
    /// Every id of a person or team: a new entry must not take one.
    ids: std::collections::HashSet<String>,
}

impl Existing {
    pub(crate) fn of(org: &crate::model::Org) -> Existing {
        let mut existing = Existing::default();
        let mut carry = |owner: Option<String>, id: &str| {
            if let Some(owner) = owner {
                existing
                    .by_owner
                    .insert(owner.to_lowercase(), id.to_owned());
            }
        };
        for (id, person) in &org.people {
            carry(person.github.as_ref().map(|g| format!("@{}", g.value)), id);
            carry(person.email.as_ref().map(|e| e.value.clone()), id);
        }
        for (id, team) in &org.teams {
            carry(team.github.as_ref().map(|g| format!("@{}", g.value)), id);
            carry(team.email.as_ref().map(|e| e.value.clone()), id);
        }
        existing.ids = org.people.keys().chain(org.teams.keys()).cloned().collect();
        existing
    }
}

/// What the bridge did, and the owner sets its indices name (in order of first appearance).
pub(crate) struct Bridged {
    bridge: bridge::Bridge,
    owner_sets: Vec<Vec<String>>,
}

/// A pattern as the file writes it, and its line's index among the usable lines.
type Written = (String, usize);

/// The ownership file for a parsed CODEOWNERS, and the problems to report.
pub(crate) fn to_yaml(
    parsed: &codeowners::ParsedCodeowners,
    name: &str,
    gitlab: bool,
) -> (String, Vec<String>) {
    let (yaml, problems, _) = to_yaml_for(parsed, name, gitlab, None, &Existing::default());
    (yaml, problems)
}

/// [`to_yaml`], made to give every one of `files` (GitHub only) the owners GitHub gives it
/// ([`bridge::reconcile`]), with what that took and what still differs.
pub(crate) fn to_yaml_for(
    parsed: &codeowners::ParsedCodeowners,
    name: &str,
    gitlab: bool,
    files: Option<&[String]>,
    existing: &Existing,
) -> (String, Vec<String>, Option<Bridged>) {
    // Problems quote the file's text and become YAML comments (and lines on stderr): a
    // control character or line break in them would break the file or inject into it.
    let name = &one_line(name);
    let mut problems: Vec<String> = parsed
        .problems
        .iter()
        .map(|p| one_line(&format!("{name}:{}: {}", p.line, p.message)))
        .collect();
    // Owner sets in order of first appearance, each with its patterns (and their line's
    // index among `lines`).
    let mut sets: Vec<(Vec<String>, Vec<Written>)> = Vec::new();
    let mut lines: Vec<(bridge::Line, usize, String)> = Vec::new();
    for entry in &parsed.entries {
        if entry.error.is_some() {
            continue;
        }
        let pattern = if gitlab {
            from_gitlab(&entry.pattern)
        } else {
            entry.pattern.clone()
        };
        // Every line the file keeps is one the bridge reasons about, with the same index.
        let Ok(parsed_pattern) = crate::paths::PathPattern::parse(&pattern) else {
            problems.push(one_line(&format!(
                "{name}:{}: `{pattern}` (GitLab's `{}` in GitHub's language) is not a pattern `own` can read; left out",
                entry.line, entry.pattern
            )));
            continue;
        };
        let index = lines.len();
        // A line without owners is a set too, the empty one: its files deliberately have
        // no code owners, and a duty without holders says the same in both directions.
        let mut owners = entry.owners.clone();
        owners.sort();
        let set = match sets.iter_mut().position(|(o, _)| *o == owners) {
            Some(i) => {
                sets[i].1.push((pattern.clone(), index));
                i
            }
            None => {
                sets.push((owners, vec![(pattern.clone(), index)]));
                sets.len() - 1
            }
        };
        lines.push((
            bridge::Line {
                pattern: parsed_pattern,
                owners: Some(set),
            },
            entry.line,
            pattern,
        ));
    }
    // GitHub's answer for every file that exists, made equal (GitLab's model is another).
    let bridged = files.filter(|_| !gitlab).map(|files| {
        let only: Vec<bridge::Line> = lines.iter().map(|(l, _, _)| l.clone()).collect();
        bridge::reconcile(&only, files)
    });
    if let Some(bridged) = &bridged {
        for &shadowed in &bridged.shadowed {
            let (_, line, pattern) = &lines[shadowed];
            problems.push(one_line(&format!(
                "{name}:{line}: `{pattern}` is shadowed: it wins no file on GitHub (a later line covers every file it matches); kept as a comment"
            )));
        }
    }
    let shadowed = |index: usize| {
        bridged
            .as_ref()
            .is_some_and(|b| b.shadowed.contains(&index))
    };

    let mut people: BTreeMap<String, String> = BTreeMap::new();
    let mut teams: BTreeMap<String, String> = BTreeMap::new();
    // A new id never takes one the organisation already has for someone else.
    let fresh = |base: String| {
        let mut id = base.clone();
        let mut n = 2;
        while existing.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    };
    let mut ids_of = |owner: &str| -> String {
        if let Some(id) = existing.by_owner.get(&owner.to_lowercase()) {
            return id.clone();
        }
        if let Some(handle) = owner.strip_prefix('@') {
            if let Some((_, team)) = handle.split_once('/') {
                let id = fresh(slug(team));
                teams.insert(
                    id.clone(),
                    format!("{{ github: {}, members: [] }}", quote(handle)),
                );
                id
            } else {
                let id = fresh(slug(handle));
                people.insert(id.clone(), format!("{{ github: {} }}", quote(handle)));
                id
            }
        } else {
            let id = fresh(slug(owner.split('@').next().unwrap_or(owner)));
            people.insert(id.clone(), format!("{{ email: {} }}", quote(owner)));
            id
        }
    };
    let mut duties = String::new();
    let mut used_ids: Vec<String> = Vec::new();
    for (set, (owners, patterns)) in sets.iter().enumerate() {
        let added: Vec<&bridge::Added> = bridged
            .iter()
            .flat_map(|b| &b.added)
            .filter(|a| a.owners == set)
            .collect();
        let live = patterns.iter().any(|(_, i)| !shadowed(*i)) || !added.is_empty();
        let holders: Vec<String> = owners.iter().map(|o| ids_of(o)).collect();
        let base = match holders.first() {
            Some(first) => format!("{first}-files"),
            None => "no-code-owners".to_owned(),
        };
        let mut id = base.clone();
        let mut n = 2;
        while used_ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used_ids.push(id.clone());
        let (title, todo) = if owners.is_empty() {
            (
                "Files without code owners".to_owned(),
                "# CODEOWNERS lines without owners: these files deliberately have none. `own`\n    # wants every file owned: name an accountable, or keep this to say nobody.",
            )
        } else {
            (
                format!("Files owned by {}", owners.join(" ")),
                "# TODO: name the one person accountable for these files.",
            )
        };
        let _ = writeln!(
            duties,
            "  {id}:\n    title: {}\n    {todo}\n    responsible: [{}]\n    paths:{}",
            quote(&title),
            holders.join(", "),
            if live { "" } else { " []" }
        );
        for (pattern, index) in patterns {
            if shadowed(*index) {
                let _ = writeln!(duties, "      # shadowed on GitHub: {}", quote(pattern));
            } else {
                let _ = writeln!(duties, "      - {}", quote(pattern));
            }
        }
        for added in added {
            let why = if added.pinned {
                "pinned: GitHub's last matching line gives this file to these owners"
            } else {
                "where a later CODEOWNERS line beats an earlier, more specific one"
            };
            let _ = writeln!(duties, "      - {}   # {why}", quote(&added.pattern));
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
    let bridged = bridged.map(|bridge| Bridged {
        bridge,
        owner_sets: sets.into_iter().map(|(owners, _)| owners).collect(),
    });
    (yaml, problems, bridged)
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
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("CODEOWNERS:5:"), "{problems:?}");
        // A line without owners is a duty without holders: its files have none on purpose.
        assert!(
            yaml.contains("  no-code-owners:\n    title: \"Files without code owners\""),
            "{yaml}"
        );
        assert!(
            yaml.contains("    responsible: []\n    paths:\n      - \"/tmp/\"\n"),
            "{yaml}"
        );
    }

    /// Found by the `codeowners` fuzz target: a file with no owned line gave comments only,
    /// which `own check` rejects as an empty file.
    #[test]
    fn a_file_without_owned_lines_still_imports_as_a_loadable_file() {
        for text in ["", "# only a comment\n", "[a][b]\n"] {
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
