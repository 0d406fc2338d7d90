//! The formats of `own diff`: human (grouped, coloured), markdown (a pull-request comment)
//! and json (the contract of DESIGN.md §11). The sentences that say what a change does are
//! written here once and shared with `own log`.

use std::io::{self, Write};

use super::Output;
use super::check::count;
use crate::diff::{Change, FieldChange, PathGroup, PathMoves, Risk, Topic};
use crate::rules::{Finding, Level};
use crate::source::Sources;

/// One side of a diff.
pub(crate) struct Side {
    /// The full commit id, or `working tree`.
    pub(crate) id: String,
    /// How to show it to people: `a1b2c3d`, `a1b2c3d (merge base with main)`, `working tree`.
    pub(crate) label: String,
}

/// What `own diff` found, ready to print.
pub(crate) struct DiffReport<'a> {
    pub(crate) base: Side,
    pub(crate) head: Side,
    pub(crate) changes: &'a [Change],
    pub(crate) paths: &'a PathMoves,
    pub(crate) risks: &'a [Risk],
    /// Findings of the head state that the base did not have, and the reverse.
    pub(crate) introduced: &'a [&'a Finding],
    pub(crate) fixed: &'a [&'a Finding],
    pub(crate) head_sources: &'a Sources,
    pub(crate) base_sources: &'a Sources,
}

/// How the names and values in a sentence are set: in backticks for the terminal and
/// JSON, or as Markdown code and escaped text for a pull-request comment, so that no id,
/// title or path can close its code span and mention someone or inject markup.
#[derive(Clone, Copy)]
pub(crate) struct Style {
    /// An id or a value.
    code: fn(&str) -> String,
    /// Words taken from the input outside code (a setting's path).
    text: fn(&str) -> String,
}

fn backticks(text: &str) -> String {
    format!("`{text}`")
}

fn as_typed(text: &str) -> String {
    text.to_owned()
}

impl Style {
    pub(crate) const PLAIN: Style = Style {
        code: backticks,
        text: as_typed,
    };
    pub(crate) const MARKDOWN: Style = Style {
        code: super::text::md_code,
        text: super::text::md,
    };
}

/// How a change reads in a sentence (ids in backticks).
pub(crate) fn sentence(change: &Change) -> String {
    sentence_in(change, Style::PLAIN)
}

fn sentence_in(change: &Change, style: Style) -> String {
    let q = style.code;
    let ids = |list: &[String]| ids(list, style);
    let fields = |list: &[FieldChange]| field_list(list, style);
    match change {
        Change::DutyAdded { duty } => format!("duty {} added", q(duty)),
        Change::DutyRemoved { duty } => format!("duty {} removed", q(duty)),
        Change::DutyRenamed { duty, from } => format!("duty {} renamed to {}", q(from), q(duty)),
        Change::RoleChanged {
            duty,
            role,
            added,
            removed,
        } => {
            let (duty, role) = (q(duty), (style.text)(role));
            let verb = |list: &[String], one: &'static str, many: &'static str| {
                if list.len() == 1 { one } else { many }
            };
            match (added.as_slice(), removed.as_slice()) {
                ([new], [old]) => format!("{} becomes {role} for {duty} (was {})", q(new), q(old)),
                (added, []) => format!(
                    "{} {} {role} for {duty}",
                    ids(added),
                    verb(added, "becomes", "become")
                ),
                ([], removed) => format!(
                    "{} {} no longer {role} for {duty}",
                    ids(removed),
                    verb(removed, "is", "are")
                ),
                (added, removed) => format!(
                    "{} {} {role} for {duty}; {} no longer {}",
                    ids(added),
                    verb(added, "becomes", "become"),
                    ids(removed),
                    verb(removed, "is", "are")
                ),
            }
        }
        Change::DutyChanged { duty, fields: f } => {
            format!("duty {} changed: {}", q(duty), fields(f))
        }
        Change::PersonAdded { person } => format!("person {} added", q(person)),
        Change::PersonRemoved { person } => format!("person {} removed", q(person)),
        Change::PersonChanged { person, fields: f } => {
            format!("person {} changed: {}", q(person), fields(f))
        }
        Change::TeamAdded { team } => format!("team {} added", q(team)),
        Change::TeamRemoved { team } => format!("team {} removed", q(team)),
        Change::TeamChanged { team, fields: f } => {
            format!("team {} changed: {}", q(team), fields(f))
        }
        Change::MemberAdded { team, person } => format!("{} joins team {}", q(person), q(team)),
        Change::MemberRemoved { team, person } => {
            format!("{} leaves team {}", q(person), q(team))
        }
        Change::DelegationAdded {
            delegation,
            duty,
            from,
            to,
        } => format!(
            "delegation {} added: {} delegates work on {} to {}",
            q(delegation),
            q(from),
            q(duty),
            q(to)
        ),
        Change::DelegationRemoved {
            delegation,
            duty,
            from,
            to,
        } => format!(
            "delegation {} removed ({} to {} on {})",
            q(delegation),
            q(from),
            q(to),
            q(duty)
        ),
        Change::DelegationChanged {
            delegation,
            duty,
            fields: f,
        } => format!(
            "delegation {} on {} changed: {}",
            q(delegation),
            q(duty),
            fields(f)
        ),
        Change::HandoffAdded { handoff, from, to } => format!(
            "handoff {} added: {} hands off to {}",
            q(handoff),
            q(from),
            q(to)
        ),
        Change::HandoffRemoved { handoff, from, to } => {
            format!("handoff {} removed ({} to {})", q(handoff), q(from), q(to))
        }
        Change::HandoffChanged {
            handoff,
            from,
            to,
            fields: f,
        } => format!(
            "handoff {} ({} to {}) changed: {}",
            q(handoff),
            q(from),
            q(to),
            fields(f)
        ),
        Change::SettingsChanged { fields: f } => {
            format!("{} settings changed: {}", q("own.yaml"), fields(f))
        }
    }
}

/// `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``.
fn ids(ids: &[String], style: Style) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| (style.code)(id)).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// `title `Old` → `New`, description, runbook removed`.
fn field_list(fields: &[FieldChange], style: Style) -> String {
    let short = |v: &str| v.chars().count() <= 40 && !v.contains('\n');
    let q = style.code;
    fields
        .iter()
        .map(|f| {
            let name = (style.text)(&f.field);
            match (&f.from, &f.to) {
                (_, _) if f.field == "description" || f.field == "notes" => name,
                (Some(from), Some(to)) if short(from) && short(to) => {
                    format!("{name} {} → {}", q(from), q(to))
                }
                (None, Some(to)) if short(to) => format!("{name} set to {}", q(to)),
                (Some(_), None) => format!("{name} removed"),
                _ => name,
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn risk_sentence(risk: &Risk) -> String {
    risk_sentence_in(risk, Style::PLAIN)
}

fn risk_sentence_in(risk: &Risk, style: Style) -> String {
    let q = style.code;
    match risk {
        Risk::SingleResponsible {
            duty,
            people,
            before,
        } => match people.as_slice() {
            [] => format!(
                "duty {} is left with nobody responsible (was {before})",
                q(duty)
            ),
            [one] => format!(
                "duty {} is left with a single responsible person, {} (was {before})",
                q(duty),
                q(one)
            ),
            _ => format!(
                "duty {} has fewer responsible people (was {before})",
                q(duty)
            ),
        },
        Risk::OverMaxAccountable {
            person,
            duties,
            limit,
        } => format!(
            "{} becomes accountable for {duties} duties, over the policy's limit of {limit}",
            q(person)
        ),
        Risk::DepartedHoldsRoles { person, roles } => format!(
            "{} has left but still holds {}",
            q(person),
            count(*roles, "role", "roles")
        ),
    }
}

/// `+` added, `-` removed, `~` changed.
fn marker(change: &Change) -> char {
    match change {
        Change::DutyAdded { .. }
        | Change::PersonAdded { .. }
        | Change::TeamAdded { .. }
        | Change::MemberAdded { .. }
        | Change::DelegationAdded { .. }
        | Change::HandoffAdded { .. } => '+',
        Change::DutyRemoved { .. }
        | Change::PersonRemoved { .. }
        | Change::TeamRemoved { .. }
        | Change::MemberRemoved { .. }
        | Change::DelegationRemoved { .. }
        | Change::HandoffRemoved { .. } => '-',
        _ => '~',
    }
}

pub(crate) fn topic_title(topic: Topic) -> &'static str {
    match topic {
        Topic::Duty => "Duties",
        Topic::Person => "People",
        Topic::Team => "Teams",
        Topic::Delegation => "Delegations",
        Topic::Handoff => "Handoffs",
        Topic::Settings => "Settings",
    }
}

/// Terminal colours, when asked for.
pub(crate) struct Paint(pub(crate) bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    pub(crate) fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }
    pub(crate) fn dim(&self, text: &str) -> String {
        self.wrap("2", text)
    }
    pub(crate) fn yellow(&self, text: &str) -> String {
        self.wrap("33", text)
    }
    /// A change line's marker in its colour.
    pub(crate) fn marker(&self, change: &Change) -> String {
        let m = marker(change).to_string();
        match marker(change) {
            '+' => self.wrap("32", &m),
            '-' => self.wrap("31", &m),
            _ => self.wrap("33", &m),
        }
    }
}

/// Changes grouped by topic (duties, people, teams, delegations, handoffs), each group in
/// the order the changes came.
pub(crate) fn grouped(changes: &[Change]) -> Vec<(Topic, Vec<&Change>)> {
    let mut groups: Vec<(Topic, Vec<&Change>)> = Vec::new();
    for change in changes {
        let topic = change.topic();
        match groups.iter_mut().find(|(t, _)| *t == topic) {
            Some((_, group)) => group.push(change),
            None => groups.push((topic, vec![change])),
        }
    }
    groups.sort_by_key(|(t, _)| *t);
    groups
}

fn finding_line(f: &Finding, sources: &Sources) -> String {
    let place = f.primary.as_ref().map(|l| {
        let (start, _) = sources.range(l.loc);
        format!(
            "{}:{}:{}",
            sources.get(l.loc.file).name,
            start.line,
            start.column
        )
    });
    let text = format!("{}[{}] {}", f.level, f.full_code(), f.message);
    match place {
        Some(place) => format!("{text} ({place})"),
        None => text,
    }
}

pub(crate) fn human(report: &DiffReport<'_>, quiet: bool, out: &mut Output) -> io::Result<()> {
    let paint = Paint(out.color);
    writeln!(
        out,
        "{}",
        paint.bold(&format!(
            "Ownership changes from {} to {}",
            report.base.label, report.head.label
        ))
    )?;
    if report.changes.is_empty() && report.paths.changed == 0 {
        writeln!(out, "\nno changes in responsibility")?;
    }
    for (topic, changes) in grouped(report.changes) {
        writeln!(out, "\n{}", paint.bold(topic_title(topic)))?;
        for change in changes {
            writeln!(out, "  {} {}", paint.marker(change), sentence(change))?;
        }
    }
    if report.paths.changed > 0 {
        writeln!(out, "\n{}", paint.bold("Paths"))?;
        for group in &report.paths.groups {
            writeln!(out, "  ~ {}", group_sentence(group, Style::PLAIN))?;
            for example in &group.examples {
                writeln!(out, "      {example}")?;
            }
        }
    }
    if !report.risks.is_empty() {
        writeln!(out, "\n{}", paint.bold("Risks"))?;
        for risk in report.risks {
            writeln!(out, "  {} {}", paint.yellow("!"), risk_sentence(risk))?;
        }
    }
    if !report.introduced.is_empty() || !report.fixed.is_empty() {
        writeln!(out, "\n{}", paint.bold("Findings"))?;
        for f in report.introduced {
            let mark = if f.level == Level::Deny {
                paint.wrap("31", "+")
            } else {
                paint.yellow("+")
            };
            writeln!(out, "  {mark} {}", finding_line(f, report.head_sources))?;
        }
        for f in report.fixed {
            writeln!(
                out,
                "  {} {}",
                paint.wrap("32", "-"),
                paint.dim(&finding_line(f, report.base_sources))
            )?;
        }
    }
    if !quiet {
        writeln!(out, "\n{}", summary(report))?;
    }
    Ok(())
}

/// `5 changes, 1 risk; findings: 1 introduced, 2 fixed`.
fn summary(report: &DiffReport<'_>) -> String {
    let mut text = count(report.changes.len(), "change", "changes");
    if !report.risks.is_empty() {
        text.push_str(&format!(", {}", count(report.risks.len(), "risk", "risks")));
    }
    text.push_str(&format!(
        "; findings: {} introduced, {} fixed",
        report.introduced.len(),
        report.fixed.len()
    ));
    text
}

/// How many changes of each topic: `5 to duties (1 role change), 3 to people`.
fn topic_counts(changes: &[Change]) -> String {
    grouped(changes)
        .iter()
        .map(|(topic, group)| {
            let mut text = format!("{} to {}", group.len(), topic_title(*topic).to_lowercase());
            let roles = group
                .iter()
                .filter(|c| matches!(c, Change::RoleChanged { .. }))
                .count();
            if roles > 0 {
                text.push_str(&format!(
                    " ({})",
                    count(roles, "role change", "role changes")
                ));
            }
            text
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A pull-request comment. The first line is an HTML comment that bots can look for to
/// update their earlier comment instead of adding another.
pub(crate) fn markdown(report: &DiffReport<'_>, out: &mut Output) -> io::Result<()> {
    writeln!(out, "<!-- own-diff -->")?;
    writeln!(out, "### Ownership changes\n")?;
    let deny = report
        .introduced
        .iter()
        .filter(|f| f.level == Level::Deny)
        .count();
    let mut line = format!(
        "`{}` → {}: ",
        report.base.label,
        if report.head.id == "working tree" {
            "working tree".to_owned()
        } else {
            format!("`{}`", report.head.label)
        }
    );
    if report.changes.is_empty() {
        line.push_str("no changes in responsibility");
    } else {
        line.push_str(&format!(
            "**{}**: {}",
            count(report.changes.len(), "change", "changes"),
            topic_counts(report.changes)
        ));
    }
    if !report.risks.is_empty() {
        line.push_str(&format!(
            ", **{}**",
            count(report.risks.len(), "risk", "risks")
        ));
    }
    line.push_str(&format!(
        "; findings: {}{} introduced{}, {} fixed.",
        if deny > 0 { "**" } else { "" },
        report.introduced.len(),
        if deny > 0 { "**" } else { "" },
        report.fixed.len()
    ));
    writeln!(out, "{line}")?;
    if !report.changes.is_empty() {
        writeln!(out, "\n| | Change |\n| --- | --- |")?;
        for (topic, changes) in grouped(report.changes) {
            for change in changes {
                writeln!(
                    out,
                    "| {} | {} |",
                    topic_title(topic),
                    sentence_in(change, Style::MARKDOWN)
                )?;
            }
        }
    }
    if report.paths.changed > 0 {
        writeln!(
            out,
            "\n{} change owner.",
            count(report.paths.changed, "file", "files")
        )?;
        for group in &report.paths.groups {
            let examples: Vec<String> = group
                .examples
                .iter()
                .map(|e| super::text::md_code(e))
                .collect();
            writeln!(
                out,
                "- {} (e.g. {})",
                group_sentence(group, Style::MARKDOWN),
                examples.join(", ")
            )?;
        }
    }
    if !report.risks.is_empty() {
        writeln!(out, "\n> [!WARNING]\n> **Risks**")?;
        for risk in report.risks {
            writeln!(out, "> - {}", risk_sentence_in(risk, Style::MARKDOWN))?;
        }
    }
    if !report.introduced.is_empty() || !report.fixed.is_empty() {
        writeln!(
            out,
            "\n<details><summary>Findings: {} introduced, {} fixed</summary>\n",
            report.introduced.len(),
            report.fixed.len()
        )?;
        let item = |f: &Finding, sources: &Sources| {
            // The message quotes ids and titles from the files: escaped text, so that none
            // of them can mention anyone or add markup.
            let place = f.primary.as_ref().map(|l| {
                let (start, _) = sources.range(l.loc);
                let place = format!("{}:{}", sources.get(l.loc.file).name, start.line);
                format!(" ({})", super::text::md_code(&place))
            });
            format!(
                "- **{}** `{}`: {}{}",
                f.level,
                f.full_code(),
                super::text::md_message(&f.message),
                place.unwrap_or_default()
            )
        };
        if !report.introduced.is_empty() {
            writeln!(out, "**Introduced**\n")?;
            for f in report.introduced {
                writeln!(out, "{}", item(f, report.head_sources))?;
            }
            writeln!(out)?;
        }
        if !report.fixed.is_empty() {
            writeln!(out, "**Fixed**\n")?;
            for f in report.fixed {
                writeln!(out, "{}", item(f, report.base_sources))?;
            }
            writeln!(out)?;
        }
        writeln!(out, "</details>")?;
    }
    Ok(())
}

/// "212 files under `src/net/` move from `core` to `networking`".
fn group_sentence(group: &PathGroup, style: Style) -> String {
    let name = |d: &Option<String>| match d {
        Some(id) => (style.code)(id),
        None => "nobody".to_owned(),
    };
    let under = if group.folder.is_empty() {
        String::new()
    } else {
        format!(" under {}", (style.code)(&group.folder))
    };
    let verb = if group.files == 1 { "moves" } else { "move" };
    format!(
        "{}{under} {verb} from {} to {}",
        count(group.files, "file", "files"),
        name(&group.from),
        name(&group.to)
    )
}
