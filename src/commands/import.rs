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
    let within = crate::files::repository_top(folder)?;
    let bytes = crate::files::read_regular(
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
    // The files the platform gives owners to: the repository's tracked files (or, outside
    // git, a walk that honours `.gitignore`), with paths from its top as CODEOWNERS has them.
    let files = crate::files::Tree::tracked(&crate::files::DiskTree::new(&within)?)?;
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
        Some(&files),
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
fn verification(
    Bridged {
        bridge,
        platform,
        owner_sets,
    }: &Bridged,
) -> (String, bool) {
    let files = bridge.files;
    let noun = if files == 1 { "file" } else { "files" };
    if bridge.differing.is_empty() {
        let pinned = bridge.added.iter().filter(|a| a.pinned).count();
        let mut line = format!("{files} tracked {noun}: every one has the owners {platform} gives");
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
        "{files} tracked {noun}: {} do not have the owners {platform} gives:",
        bridge.differing.len()
    );
    for (path, github, own) in bridge.differing.iter().take(20) {
        line.push_str(&format!(
            "\n  {}: {platform} {}, own {}",
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
    platform: &'static str,
    owner_sets: Vec<Vec<String>>,
}

/// An owner set: the owners (sorted) and, in a GitLab import, the section its lines are in
/// (the first header of that name), or none for the lines before any header and for files
/// that several sections give owners to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct OwnerSet {
    section: Option<usize>,
    owners: Vec<String>,
}

/// The owner sets in order of first appearance, indexed, since a GitLab import asks for one
/// per tracked file.
struct OwnerSets {
    list: Vec<OwnerSet>,
    index: std::collections::HashMap<OwnerSet, usize>,
    /// Per section, the first section of its name (in any case): GitLab reads them as one.
    first_of_name: Vec<usize>,
}

impl OwnerSets {
    fn new(parsed: &codeowners::ParsedCodeowners) -> OwnerSets {
        let mut first: std::collections::HashMap<String, usize> = Default::default();
        let first_of_name = parsed
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| *first.entry(s.name.to_lowercase()).or_insert(i))
            .collect();
        OwnerSets {
            list: Vec::new(),
            index: Default::default(),
            first_of_name,
        }
    }

    /// The index of the owner set, added when it is new.
    fn of(&mut self, section: Option<usize>, mut owners: Vec<String>) -> usize {
        owners.sort();
        owners.dedup();
        let set = OwnerSet {
            section: section.map(|s| self.first_of_name[s]),
            owners,
        };
        if let Some(&i) = self.index.get(&set) {
            return i;
        }
        self.list.push(set.clone());
        self.index.insert(set, self.list.len() - 1);
        self.list.len() - 1
    }
}

/// A usable line: what the bridge reasons about, its line number and the pattern as the
/// ownership file writes it.
struct Usable {
    line: bridge::Line,
    number: usize,
    pattern: String,
}

#[cfg(any(test, feature = "fuzzing"))]
/// The ownership file for a parsed CODEOWNERS, and the problems to report.
pub(crate) fn to_yaml(
    parsed: &codeowners::ParsedCodeowners,
    name: &str,
    gitlab: bool,
) -> (String, Vec<String>) {
    let (yaml, problems, _) = to_yaml_for(parsed, name, gitlab, None, &Existing::default());
    (yaml, problems)
}

/// [`to_yaml`], made to give every one of `files` the owners the platform gives it
/// ([`bridge::reconcile_to`]), with what that took and what still differs.
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
    // GitLab reads `!pattern` as an exclusion; GitHub has no negation and skips the line.
    let mut problems: Vec<String> = parsed
        .problems
        .iter()
        .map(|p| one_line(&format!("{name}:{}: {}", p.line, p.message)))
        .collect();
    if !gitlab {
        // (One with owners is reported by the parser already.)
        for entry in parsed
            .entries
            .iter()
            .filter(|e| e.exclusion && e.owners.is_empty())
        {
            problems.push(one_line(&format!(
                "{name}:{}: `{}`: GitHub has no negation and skips the line (it is GitLab's exclusion; import with `--gitlab` for GitLab's reading)",
                entry.line, entry.pattern
            )));
        }
    }
    let mut sets = OwnerSets::new(parsed);
    let mut usable: Vec<Usable> = Vec::new();
    // Per entry, its index among `usable`.
    let mut usable_of: Vec<Option<usize>> = vec![None; parsed.entries.len()];
    for (index, entry) in parsed.entries.iter().enumerate() {
        if entry.error.is_some() || entry.exclusion {
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
        // A line without owners is a set too, the empty one: its files deliberately have
        // no code owners, and a duty without holders says the same in both directions.
        let section = if gitlab { entry.section } else { None };
        let set = sets.of(section, entry.owners.clone());
        usable_of[index] = Some(usable.len());
        usable.push(Usable {
            line: bridge::Line {
                pattern: parsed_pattern,
                owners: Some(set),
            },
            number: entry.line,
            pattern,
        });
    }
    // The platform's answer for every file that exists, made equal.
    let bridged = files.map(|files| {
        let expected = if gitlab {
            gitlab_expected(parsed, files, &usable_of, &mut usable, &mut sets)
        } else {
            let only: Vec<bridge::Line> = usable.iter().map(|u| u.line.clone()).collect();
            return bridge::reconcile(&only, files);
        };
        let only: Vec<bridge::Line> = usable.iter().map(|u| u.line.clone()).collect();
        bridge::reconcile_to(&only, files, &expected)
    });
    let platform = if gitlab { "GitLab" } else { "GitHub" };
    if let Some(bridged) = &bridged {
        for &shadowed in &bridged.shadowed {
            let Usable {
                number, pattern, ..
            } = &usable[shadowed];
            problems.push(one_line(&format!(
                "{name}:{number}: `{pattern}` is shadowed: it wins no file on {platform} (a later line covers every file it matches); kept as a comment"
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
    for (set, OwnerSet { section, owners }) in sets.list.iter().enumerate() {
        let patterns: Vec<(usize, &Usable)> = usable
            .iter()
            .enumerate()
            .filter(|(_, u)| u.line.owners == Some(set))
            .collect();
        let added: Vec<&bridge::Added> = bridged
            .iter()
            .flat_map(|b| &b.added)
            .filter(|a| a.owners == set)
            .collect();
        // A set no line or added pattern gives files to (a GitLab section's set whose every
        // line went to a set of several sections) is no duty.
        if patterns.is_empty() && added.is_empty() {
            continue;
        }
        let live = patterns.iter().any(|(i, _)| !shadowed(*i)) || !added.is_empty();
        let holders: Vec<String> = owners.iter().map(|o| ids_of(o)).collect();
        let header = section.map(|s| &parsed.sections[s]);
        let base = match (holders.first(), header) {
            (Some(first), None) => format!("{first}-files"),
            (Some(first), Some(h)) => format!("{}-{first}", slug(&h.name)),
            (None, None) => "no-code-owners".to_owned(),
            (None, Some(h)) => format!("{}-no-code-owners", slug(&h.name)),
        };
        let mut id = base.clone();
        let mut n = 2;
        while used_ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used_ids.push(id.clone());
        let (mut title, todo) = if owners.is_empty() {
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
        let mut section_line = String::new();
        if let Some(h) = header {
            if !h.name.contains(char::is_control) {
                title.push_str(&format!(" in section {}", h.name));
            }
            let written = crate::model::duty::SectionHeader {
                name: h.name.clone(),
                optional: h.optional,
                approvals: h.approvals,
            }
            .to_string();
            // A name `own` cannot keep (a control character in it) is said, not dropped.
            if crate::model::duty::SectionHeader::parse(&written).is_some() {
                section_line = format!("\n    gitlab-section: {}", quote(&written));
            } else {
                section_line = format!(
                    "\n    # GitLab section {} cannot be kept (a control character in its name)",
                    quote(&written)
                );
            }
        }
        let _ = writeln!(
            duties,
            "  {id}:\n    title: {}\n    {todo}\n    responsible: [{}]{section_line}\n    paths:{}",
            quote(&title),
            holders.join(", "),
            if live { "" } else { " []" }
        );
        // Lines of several sections that moved to the same set may say the same thing: each
        // pattern is written once, live if any of its lines is.
        let live_texts: Vec<&str> = patterns
            .iter()
            .filter(|(i, _)| !shadowed(*i))
            .map(|(_, u)| u.pattern.as_str())
            .collect();
        let mut written: Vec<&str> = Vec::new();
        for (index, u) in patterns {
            if written.contains(&u.pattern.as_str())
                || (shadowed(index) && live_texts.contains(&u.pattern.as_str()))
            {
                continue;
            }
            written.push(&u.pattern);
            if shadowed(index) {
                let _ = writeln!(
                    duties,
                    "      # shadowed on {platform}: {}",
                    quote(&u.pattern)
                );
            } else {
                let _ = writeln!(duties, "      - {}", quote(&u.pattern));
            }
        }
        for added in added {
            let why = match (added.pinned, gitlab) {
                (true, false) => {
                    "pinned: GitHub's last matching line gives this file to these owners"
                }
                (true, true) => "pinned: GitLab's sections give this file these owners",
                (false, false) => {
                    "where a later CODEOWNERS line beats an earlier, more specific one"
                }
                (false, true) => "where GitLab's sections add up: these files get both",
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
        platform,
        owner_sets: sets.list.into_iter().map(|s| s.owners).collect(),
    });
    (yaml, problems, bridged)
}

/// GitLab's answer for every file: the union of what each section's last matching line
/// gives (`GitLabModel`), as an owner set; the line that decides a file alone, or the least
/// specific of several; and, as GitLab has no order between sections, each line that all
/// its files give the same set moved to that set (`/docs/` in `[Docs]` under a `*` for
/// everyone belongs to the set of both).
fn gitlab_expected(
    parsed: &codeowners::ParsedCodeowners,
    files: &[String],
    usable_of: &[Option<usize>],
    usable: &mut [Usable],
    sets: &mut OwnerSets,
) -> bridge::Expected {
    let model = codeowners::GitLabModel::new(parsed);
    let mut expected = bridge::Expected {
        owners: Vec::with_capacity(files.len()),
        deciding: Vec::with_capacity(files.len()),
        wins: vec![false; usable.len()],
        unowned: Some(sets.of(None, Vec::new())),
    };
    // Per usable line, the set all the files it decides get (`Some(None)`: not one set).
    let mut common: Vec<Option<Option<usize>>> = vec![None; usable.len()];
    // The model reads every line for every file: the costly part, spread over the cores.
    let answers = crate::parallel::map(files, |file| {
        let mut winners = Vec::new();
        let excluded = model.winners(file, &mut winners);
        (winners, excluded)
    });
    for (winners, excluded) in answers {
        if winners.is_empty() {
            // Excluded everywhere it matched: deliberately without code owners.
            let set = excluded.then(|| sets.of(None, Vec::new()));
            expected.owners.push(set);
            expected.deciding.push(None);
            continue;
        }
        let owners: Vec<String> = winners
            .iter()
            .flat_map(|&w| parsed.entries[w].owners.iter().cloned())
            .collect();
        let section = parsed.entries[winners[0]].section;
        let one_section = winners.len() == 1;
        let set = sets.of(if one_section { section } else { None }, owners);
        let mut deciding: Option<usize> = None;
        for &w in &winners {
            let Some(line) = usable_of[w] else { continue };
            expected.wins[line] = true;
            common[line] = match common[line] {
                None => Some(Some(set)),
                Some(Some(s)) if s == set => Some(Some(s)),
                _ => Some(None),
            };
            // Of several, the least specific: the intersection with the pattern that wins in
            // `own` (`/libs/` and `*.md` of another section: `/libs/**/*.md`) says it best.
            if deciding.is_none_or(|d| {
                usable[line].line.pattern.specificity() < usable[d].line.pattern.specificity()
            }) {
                deciding = Some(line);
            }
        }
        expected.owners.push(Some(set));
        expected.deciding.push(deciding);
    }
    for (line, common) in usable.iter_mut().zip(common) {
        if let Some(Some(set)) = common {
            line.line.owners = Some(set);
        }
    }
    expected
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
            let fixture = crate::evaluation::testing::Fixture::new(&yaml);
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
        let fixture = crate::evaluation::testing::Fixture::new(&yaml);
        assert!(fixture.loaded.org.people.get("evil").is_none(), "{yaml}");
    }

    /// Found by the `codeowners` fuzz target: an email owner with a DEL character went into a
    /// JSON-quoted string, which YAML rejects.
    #[test]
    fn quoted_values_read_back_as_written() {
        let text = "a\t\n\u{2028}\u{2029}\u{feff}\u{fffe}\u{ffff}\"\\ é 😀";
        let node = crate::yaml::parse(
            &format!("k: {}\n", quote(text)),
            crate::yaml::Limits::default(),
        )
        .unwrap_or_else(|e| panic!("{e:?}: {}", quote(text)));
        assert_eq!(node.get("k").and_then(|n| n.text()), Some(text));
        // Control characters are quoted as escapes too, which the loader then refuses with
        // a located error rather than a YAML syntax error.
        for c in ['\u{7f}', '\u{85}', '\u{9f}', '\u{0}', '\u{1b}', '\r'] {
            let quoted = quote(&format!("a{c}b"));
            let err = crate::yaml::parse(&format!("k: {quoted}\n"), crate::yaml::Limits::default())
                .expect_err(&quoted);
            assert!(
                matches!(err.kind, crate::yaml::YamlErrorKind::Unprintable { .. }),
                "{quoted}: {err:?}"
            );
        }

        let (yaml, _) = to_yaml(
            &codeowners::parse("/docs/ b\u{7f}b@example.com\n"),
            "C",
            false,
        );
        crate::evaluation::testing::Fixture::new(&yaml);
    }

    fn import(text: &str, gitlab: bool, files: &[&str]) -> (String, Bridged) {
        let files: Vec<String> = files.iter().map(|f| (*f).to_owned()).collect();
        let (yaml, _, bridged) = to_yaml_for(
            &codeowners::parse(text),
            "CODEOWNERS",
            gitlab,
            Some(&files),
            &Existing::default(),
        );
        (yaml, bridged.unwrap_or_else(|| panic!("bridged")))
    }

    /// Every case of GitLab's pattern table, imported as a one-line file over the table's
    /// paths, gives each path GitLab's answer (where `own`'s reading of the pattern differs,
    /// the bridge pins the files).
    #[test]
    fn gitlab_pattern_table_imports_exactly() {
        let table: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/gitlab-codeowners-patterns.json"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        for case in table["cases"].as_array().into_iter().flatten() {
            let raw = case["pattern"].as_str().unwrap_or_default();
            let paths: Vec<&str> = case["paths"]
                .as_object()
                .into_iter()
                .flat_map(|p| p.keys().map(String::as_str))
                .collect();
            let (yaml, bridged) = import(&format!("{raw} @owner\n"), true, &paths);
            assert!(
                bridged.bridge.differing.is_empty(),
                "{raw}: {:?}\n{yaml}",
                bridged.bridge.differing
            );
            assert_eq!(bridged.bridge.files, paths.len());
        }
    }

    /// GitLab's sections: each section's last match counts, the sections' owners add up,
    /// default owners on the header apply to lines without their own, and an exclusion takes
    /// a section's say away.
    #[test]
    fn gitlab_sections_import_with_the_owners_gitlab_gives() {
        let text = "/src/ @core\n\n[Docs][2] @docs\n/docs/\n*.md @writers\n\n^[Security]\n/auth/ @sec\n!/auth/generated/\n\n[docs]\n/guides/\n/src/ @docs\n";
        let files = [
            "src/main.rs",
            "docs/index.md",
            "docs/img.png",
            "README.md",
            "auth/login.rs",
            "auth/generated/x.rs",
            "guides/a.txt",
        ];
        let (yaml, bridged) = import(text, true, &files);
        assert!(
            bridged.bridge.differing.is_empty(),
            "{:?}\n{yaml}",
            bridged.bridge.differing
        );
        let (line, same) = verification(&bridged);
        assert!(same, "{line}");
        assert!(
            line.starts_with("7 tracked files: every one has the owners GitLab gives"),
            "{line}"
        );
        // A set of one section keeps its header; `[docs]` is the same section as `[Docs]`.
        assert!(yaml.contains("gitlab-section: \"[Docs][2]\""), "{yaml}");
        assert!(yaml.contains("gitlab-section: \"^[Security]\""), "{yaml}");
        assert!(!yaml.contains("gitlab-section: \"[docs]\""), "{yaml}");
        assert_eq!(yaml.matches("- \"/src/\"").count(), 1, "{yaml}");
        // The whole file loads; `/docs/` stays in its section, and `/src/` (given to `@core`
        // and `@docs` together by two sections) is a pattern of the set of both.
        let fixture = crate::evaluation::testing::Fixture::new(&yaml);
        let org = &fixture.loaded.org;
        let owner_of = |pattern: &str| {
            org.duties
                .iter()
                .find(|(_, d)| d.fields.paths.iter().any(|p| p.value == pattern))
                .map(|(id, d)| {
                    let section = d
                        .fields
                        .gitlab_section
                        .as_ref()
                        .map(|s| s.value.to_string());
                    (id.clone(), section)
                })
        };
        assert_eq!(
            owner_of("/docs/"),
            Some(("docs-docs".to_owned(), Some("[Docs][2]".to_owned()))),
            "{yaml}"
        );
        assert_eq!(
            owner_of("/src/"),
            Some(("core-files".to_owned(), None)),
            "{yaml}"
        );
        // The excluded file is pinned to the duty without code owners.
        assert_eq!(
            owner_of("/auth/generated/x.rs").map(|(id, _)| id),
            Some("no-code-owners".to_owned()),
            "{yaml}"
        );
    }

    #[test]
    fn gitlab_patterns_with_a_middle_slash_float() {
        assert_eq!(from_gitlab("docs/api"), "**/docs/api");
        assert_eq!(from_gitlab("/docs/api"), "/docs/api");
        assert_eq!(from_gitlab("*.md"), "*.md");
    }
}
