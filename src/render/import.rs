//! `own import codeowners`'s organisation as YAML: a header comment, the problems as
//! `# skipped:` comments, the new people and teams, and one duty per owner set with its
//! patterns (shadowed lines and the verification's additions commented).

use std::fmt::Write as _;

use super::text::unprintable;
use crate::import::{Imported, Listed, NewHolder, Section, Why};

/// The ownership file of an import; it always loads (an import without duties writes
/// `duties: {}`, since comments alone would be an empty file, which `own` rejects).
pub(crate) fn yaml(imported: &Imported) -> String {
    let mut yaml = format!(
        "# Imported from {} by `own import codeowners`.\n\
         # Every duty still needs an accountable person: `own check` lists them.\n",
        imported.name
    );
    for problem in &imported.problems {
        let _ = writeln!(yaml, "# skipped: {problem}");
    }
    for (section, items, team) in [
        ("people", &imported.people, false),
        ("teams", &imported.teams, true),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(yaml, "{section}:");
        for (id, holder) in items {
            let body = match holder {
                NewHolder::GitHub(handle) if team => {
                    format!("{{ github: {}, members: [] }}", quote(handle))
                }
                NewHolder::GitHub(handle) => format!("{{ github: {} }}", quote(handle)),
                NewHolder::Email(email) => format!("{{ email: {} }}", quote(email)),
            };
            let _ = writeln!(yaml, "  {id}: {body}");
        }
    }
    if imported.duties.is_empty() {
        let _ = writeln!(yaml, "duties: {{}}");
        return yaml;
    }
    let _ = writeln!(yaml, "duties:");
    for duty in &imported.duties {
        let todo = if duty.unowned {
            "# CODEOWNERS lines without owners: these files deliberately have none. `own`\n    # wants every file owned: name an accountable, or keep this to say nobody."
        } else {
            "# TODO: name the one person accountable for these files."
        };
        let section_line = match &duty.section {
            None => String::new(),
            Some(Section::Kept(header)) => format!("\n    gitlab-section: {}", quote(header)),
            Some(Section::Unkeepable(header)) => format!(
                "\n    # GitLab section {} cannot be kept (a control character in its name)",
                quote(header)
            ),
        };
        let _ = writeln!(
            yaml,
            "  {}:\n    title: {}\n    {todo}\n    responsible: [{}]{section_line}\n    paths:{}",
            duty.id,
            quote(&duty.title),
            duty.responsible.join(", "),
            if duty.live { "" } else { " []" }
        );
        for listed in &duty.paths {
            let _ = match listed {
                Listed::Live(pattern) => writeln!(yaml, "      - {}", quote(pattern)),
                Listed::Shadowed(pattern) => writeln!(
                    yaml,
                    "      # shadowed on {}: {}",
                    imported.platform,
                    quote(pattern)
                ),
                Listed::Added(pattern, why) => {
                    writeln!(yaml, "      - {}   # {}", quote(pattern), why_text(*why))
                }
            };
        }
    }
    yaml
}

/// The comment beside a pattern the verification added.
fn why_text(why: Why) -> &'static str {
    match why {
        Why::PinnedGitHub => "pinned: GitHub's last matching line gives this file to these owners",
        Why::PinnedGitLab => "pinned: GitLab's sections give this file these owners",
        Why::Beaten => "where a later CODEOWNERS line beats an earlier, more specific one",
        Why::Union => "where GitLab's sections add up: these files get both",
    }
}

/// A YAML double-quoted string. Not JSON's quoting: JSON leaves DEL, C1 controls and
/// non-characters raw, and YAML rejects them.
pub(crate) fn quote(text: &str) -> String {
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
