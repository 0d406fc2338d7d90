//! `own import codeowners`: a GitHub or GitLab CODEOWNERS file as an organisation, one duty
//! per set of owners, verified against the tracked files so that every file keeps the owners
//! its platform gives it. Plain data: `render::import` writes it as YAML.

use std::collections::BTreeMap;

use crate::model::duty::SectionHeader;
use crate::paths::{bridge, codeowners};
use crate::render::text::one_line;

/// An organisation imported from a CODEOWNERS file, for `render::import` to write as YAML.
pub(crate) struct Imported {
    /// The file's name, on one line (the header comment and problems quote it).
    pub(crate) name: String,
    /// `GitHub` or `GitLab`: whose reading the file was imported with.
    pub(crate) platform: &'static str,
    /// Lines that were not imported as they are, already on one line.
    pub(crate) problems: Vec<String>,
    /// New people and teams by id: owners the organisation did not have.
    pub(crate) people: BTreeMap<String, NewHolder>,
    pub(crate) teams: BTreeMap<String, NewHolder>,
    /// One duty per owner set, in order of first appearance.
    pub(crate) duties: Vec<ImportedDuty>,
    /// What the verification against the tracked files found.
    pub(crate) bridged: Option<Bridged>,
}

/// A person or team a CODEOWNERS owner names.
pub(crate) enum NewHolder {
    /// `@login`, or `org/team` for a team.
    GitHub(String),
    Email(String),
}

/// The duty of one owner set.
pub(crate) struct ImportedDuty {
    pub(crate) id: String,
    pub(crate) title: String,
    /// The set is empty: its lines give the files no code owners, on purpose.
    pub(crate) unowned: bool,
    /// The owners' ids.
    pub(crate) responsible: Vec<String>,
    /// The GitLab section its lines are in.
    pub(crate) section: Option<Section>,
    /// Some pattern of it wins a file (otherwise `paths: []`, the lines as comments).
    pub(crate) live: bool,
    pub(crate) paths: Vec<Listed>,
}

/// A GitLab section header as `gitlab-section:` writes it.
pub(crate) enum Section {
    Kept(String),
    /// A name with a control character, which `own` cannot keep: said in a comment.
    Unkeepable(String),
}

/// A pattern of an imported duty.
pub(crate) enum Listed {
    Live(String),
    /// A line that wins no file on the platform: kept as a comment.
    Shadowed(String),
    /// A pattern the verification added so that files get the platform's owners.
    Added(String, Why),
}

/// Why the verification added a pattern.
#[derive(Clone, Copy)]
pub(crate) enum Why {
    /// GitHub's last matching line gives this file to these owners.
    PinnedGitHub,
    /// GitLab's sections give this file these owners.
    PinnedGitLab,
    /// A later CODEOWNERS line beats an earlier, more specific one.
    Beaten,
    /// GitLab's sections add up: these files get both.
    Union,
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
    pub(crate) bridge: bridge::Bridge,
    pub(crate) platform: &'static str,
    pub(crate) owner_sets: Vec<Vec<String>>,
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

/// A parsed CODEOWNERS file as an organisation: one duty per owner set, the people and teams
/// it names that `existing` does not have, and the problems to report. With `files`, made to
/// give every one of them the owners the platform gives it ([`bridge::reconcile_to`]), with
/// what that took and what still differs.
pub(crate) fn codeowners(
    parsed: &codeowners::ParsedCodeowners,
    name: &str,
    gitlab: bool,
    files: Option<&[String]>,
    existing: &Existing,
) -> Imported {
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

    let mut people: BTreeMap<String, NewHolder> = BTreeMap::new();
    let mut teams: BTreeMap<String, NewHolder> = BTreeMap::new();
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
                teams.insert(id.clone(), NewHolder::GitHub(handle.to_owned()));
                id
            } else {
                let id = fresh(slug(handle));
                people.insert(id.clone(), NewHolder::GitHub(handle.to_owned()));
                id
            }
        } else {
            let id = fresh(slug(owner.split('@').next().unwrap_or(owner)));
            people.insert(id.clone(), NewHolder::Email(owner.to_owned()));
            id
        }
    };
    let mut duties: Vec<ImportedDuty> = Vec::new();
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
        let mut title = if owners.is_empty() {
            "Files without code owners".to_owned()
        } else {
            format!("Files owned by {}", owners.join(" "))
        };
        let section = header.map(|h| {
            if !h.name.contains(char::is_control) {
                title.push_str(&format!(" in section {}", h.name));
            }
            let written = SectionHeader {
                name: h.name.clone(),
                optional: h.optional,
                approvals: h.approvals,
            }
            .to_string();
            // A name `own` cannot keep (a control character in it) is said, not dropped.
            if SectionHeader::parse(&written).is_some() {
                Section::Kept(written)
            } else {
                Section::Unkeepable(written)
            }
        });
        // Lines of several sections that moved to the same set may say the same thing: each
        // pattern is written once, live if any of its lines is.
        let live_texts: Vec<&str> = patterns
            .iter()
            .filter(|(i, _)| !shadowed(*i))
            .map(|(_, u)| u.pattern.as_str())
            .collect();
        let mut listed: Vec<Listed> = Vec::new();
        let mut written: Vec<&str> = Vec::new();
        for (index, u) in patterns {
            if written.contains(&u.pattern.as_str())
                || (shadowed(index) && live_texts.contains(&u.pattern.as_str()))
            {
                continue;
            }
            written.push(&u.pattern);
            listed.push(if shadowed(index) {
                Listed::Shadowed(u.pattern.clone())
            } else {
                Listed::Live(u.pattern.clone())
            });
        }
        for added in added {
            let why = match (added.pinned, gitlab) {
                (true, false) => Why::PinnedGitHub,
                (true, true) => Why::PinnedGitLab,
                (false, false) => Why::Beaten,
                (false, true) => Why::Union,
            };
            listed.push(Listed::Added(added.pattern.clone(), why));
        }
        duties.push(ImportedDuty {
            id,
            title,
            unowned: owners.is_empty(),
            responsible: holders,
            section,
            live,
            paths: listed,
        });
    }
    let bridged = bridged.map(|bridge| Bridged {
        bridge,
        platform,
        owner_sets: sets.list.into_iter().map(|s| s.owners).collect(),
    });
    Imported {
        name: name.clone(),
        platform,
        problems,
        people,
        teams,
        duties,
        bridged,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::import::{quote, yaml};

    /// The YAML of an import without files to verify, and its problems.
    fn to_yaml(
        parsed: &codeowners::ParsedCodeowners,
        name: &str,
        gitlab: bool,
    ) -> (String, Vec<String>) {
        let imported = codeowners(parsed, name, gitlab, None, &Existing::default());
        (yaml(&imported), imported.problems)
    }

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
        let imported = codeowners(
            &codeowners::parse(text),
            "CODEOWNERS",
            gitlab,
            Some(&files),
            &Existing::default(),
        );
        let text = yaml(&imported);
        (text, imported.bridged.unwrap_or_else(|| panic!("bridged")))
    }

    /// Every case of GitLab's pattern table, imported as a one-line file over the table's
    /// paths, gives each path GitLab's answer (where `own`'s reading of the pattern differs,
    /// the bridge pins the files).
    #[test]
    fn gitlab_pattern_table_imports_exactly() {
        let table: serde_json::Value = serde_json::from_str(include_str!(
            "../tests/fixtures/gitlab-codeowners-patterns.json"
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
        let (line, same) = crate::render::written::verification(
            &bridged.bridge,
            bridged.platform,
            &bridged.owner_sets,
        );
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
