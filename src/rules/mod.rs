//! The rules: every check `own check` runs, one file per rule, listed in [`RULES`].
//!
//! A rule reads a loaded [`Org`] and pushes [`Finding`]s. This module owns what is common to
//! all of them: codes and levels, level overrides from `own.yaml` and the command line,
//! waivers, and the order findings are reported in. Rendering is `render`'s job.

mod accountable_not_person;
mod alert_conflict;
mod alert_owner_label;
mod baseline;
mod cycles;
mod dead_include;
mod dead_pattern;
mod delegation_overdue;
mod departed_owner;
mod drive_by_delegation;
mod duplicate_id;
mod empty_team;
mod escalation_dead_end;
mod expired_waiver;
mod handoff_not_held;
mod handoff_overlap;
mod handoff_unacknowledged;
mod handoff_unavailable;
mod ignored_file;
mod invalid_delegation;
mod invalid_pattern;
mod invalid_range;
mod invalid_value;
mod manager_cycle;
mod max_accountable;
mod misrouted_alert;
mod no_responsible;
mod one_accountable;
mod path_conflict;
mod role_cardinality;
mod single_point_of_failure;
mod skill_mismatch;
mod stale_review;
mod team_cycle;
mod uncovered_absence;
mod unknown_field;
mod unknown_reference;
mod unowned_alert;
mod unowned_path;
mod unowned_receiver;
mod unused_waiver;

use std::collections::HashMap;
use std::fmt;

use crate::error::{Error, Located};
use crate::model::{Date, Moment, Org};
use crate::source::{Loc, Sources};

/// The prefix of every rule code.
pub const PREFIX: &str = "own::";

// The level is the model's (`rules:` in `own.yaml` holds levels), as cargo-deny keeps its
// `LintLevel` at the root rather than with its checks.
pub use crate::model::Level;
pub(crate) use baseline::unmatched;

/// A check with a stable code.
pub struct Rule {
    /// The code without the `own::` prefix, e.g. `one-accountable`.
    pub code: &'static str,
    pub level: Level,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters, an example, and how to fix it (Markdown).
    pub explanation: &'static str,
    pub check: fn(&Context<'_>, &mut Vec<Finding>),
}

impl Rule {
    pub fn full_code(&self) -> String {
        format!("{PREFIX}{}", self.code)
    }
}

/// Every rule, in the order `own rules` lists them.
pub static RULES: &[&Rule] = &[
    &one_accountable::RULE,
    &role_cardinality::RULE,
    &accountable_not_person::RULE,
    &no_responsible::RULE,
    &unknown_reference::RULE,
    &duplicate_id::RULE,
    &unknown_field::RULE,
    &invalid_value::RULE,
    &departed_owner::RULE,
    &empty_team::RULE,
    &manager_cycle::RULE,
    &team_cycle::RULE,
    &unowned_path::RULE,
    &path_conflict::RULE,
    &dead_pattern::RULE,
    &dead_include::RULE,
    &ignored_file::RULE,
    &invalid_pattern::RULE,
    &unowned_alert::RULE,
    &alert_conflict::RULE,
    &unowned_receiver::RULE,
    &misrouted_alert::RULE,
    &alert_owner_label::RULE,
    &escalation_dead_end::RULE,
    &drive_by_delegation::RULE,
    &delegation_overdue::RULE,
    &invalid_delegation::RULE,
    &skill_mismatch::RULE,
    &handoff_unacknowledged::RULE,
    &handoff_unavailable::RULE,
    &handoff_overlap::RULE,
    &handoff_not_held::RULE,
    &invalid_range::RULE,
    &uncovered_absence::RULE,
    &max_accountable::RULE,
    &single_point_of_failure::RULE,
    &stale_review::RULE,
    &unused_waiver::RULE,
    &expired_waiver::RULE,
];

/// A rule by code, with or without the `own::` prefix.
pub fn find(code: &str) -> Option<&'static Rule> {
    let code = crate::codes::current(code);
    RULES.iter().copied().find(|r| r.code == code)
}

/// The nearest rule code to a misspelled one.
pub fn suggest_code(code: &str) -> Option<&'static str> {
    let code = code.strip_prefix(PREFIX).unwrap_or(code);
    crate::suggest::best(code, RULES.iter().map(|r| r.code))
}

/// What a rule gets to look at.
pub struct Context<'a> {
    pub org: &'a Org,
    pub sources: &'a Sources,
    /// File ownership, when the organisation uses paths.
    pub paths: Option<&'a crate::paths::PathCoverage>,
    /// Alert types and the patterns that own them.
    pub alerts: Option<&'a crate::alerts::AlertCoverage>,
    /// The evaluation date (`--today`, `OWN_TODAY`, or the clock).
    pub today: Date,
    /// The evaluation moment, for due dates with a time of day.
    pub now: Moment,
}

/// A labelled place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub loc: Loc,
    pub text: String,
}

/// One problem found by a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule's code, without the `own::` prefix.
    pub code: &'static str,
    pub level: Level,
    pub message: String,
    pub help: Option<String>,
    /// What the finding is about: a duty, person, team, path, alert or waiver id. Waivers and
    /// `--new-since` match findings by code and target.
    pub target: String,
    pub primary: Option<Label>,
    pub related: Vec<Label>,
    /// For a finding about a whole file that is not an ownership file (an unowned path): the
    /// file, relative to the ownership root.
    pub file: Option<String>,
}

impl Finding {
    pub fn new(rule: &Rule, target: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            code: rule.code,
            level: rule.level,
            message: message.into(),
            help: None,
            target: target.into(),
            primary: None,
            related: Vec::new(),
            file: None,
        }
    }

    /// Point at a whole file (relative to the ownership root) rather than at YAML.
    pub fn in_file(mut self, path: impl Into<String>) -> Finding {
        self.file = Some(path.into());
        self
    }

    pub fn at(mut self, loc: Loc, label: impl Into<String>) -> Finding {
        self.primary = Some(Label {
            loc,
            text: label.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, loc: Loc, label: impl Into<String>) -> Finding {
        self.related.push(Label {
            loc,
            text: label.into(),
        });
        self
    }

    pub fn full_code(&self) -> String {
        format!("{PREFIX}{}", self.code)
    }
}

/// Rule levels after `own.yaml` and command-line overrides.
#[derive(Clone, Debug)]
pub struct Levels {
    levels: HashMap<&'static str, (Level, LevelOrigin)>,
    /// `-D warnings`: every warning fails the check.
    deny_warnings: bool,
    /// Where an old code of a renamed rule was used, and what it is called now.
    renamed: Vec<String>,
}

/// Where a rule's level in force was set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelOrigin {
    /// The rule's default.
    Default,
    /// `rules:` in `own.yaml`, at a line and column.
    Manifest { line: usize, column: usize },
    /// A command-line flag, as written (`-D own::no-responsible`, `-D warnings`).
    Flag(String),
}

impl fmt::Display for LevelOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LevelOrigin::Default => f.write_str("default"),
            LevelOrigin::Manifest { line, column } => write!(f, "own.yaml:{line}:{column}"),
            LevelOrigin::Flag(flag) => f.write_str(flag),
        }
    }
}

/// A level set on the command line, in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelFlag {
    pub level: Level,
    pub code: String,
}

impl Levels {
    /// Defaults, then the manifest's `rules:`, then the command line, last one winning.
    pub fn new(org: &Org, sources: &Sources, flags: &[LevelFlag]) -> Result<Levels, Error> {
        let mut levels: HashMap<_, _> = RULES
            .iter()
            .map(|r| (r.code, (r.level, LevelOrigin::Default)))
            .collect();
        let mut deny_warnings = false;
        let mut renamed = Vec::new();
        let place = |span: crate::source::Span| {
            org.manifest_file.map_or_else(String::new, |f| {
                let file = sources.get(f);
                let at = file.line_col(span.start);
                format!(" ({}:{}:{})", file.name, at.line, at.column)
            })
        };
        for waiver in &org.manifest.waivers {
            if let Some(note) = crate::codes::renamed_note(&waiver.rule.value) {
                renamed.push(format!("{note}{}", place(waiver.rule.span)));
            }
        }
        for (code, level) in &org.manifest.rules.0 {
            if let Some(note) = crate::codes::renamed_note(&code.value) {
                renamed.push(format!("{note}{}", place(code.span)));
            }
            let Some(rule) = find(&code.value) else {
                let at = org
                    .manifest_file
                    .map(|f| Located::new(sources.get(f).clone(), code.span, "unknown rule"));
                return Err(Error::Config {
                    message: format!("unknown rule `{}` in `rules`", code.value),
                    help: Some(unknown_code_help(&code.value)),
                    at,
                });
            };
            let origin = match org.manifest_file {
                Some(file) => {
                    let at = sources.get(file).line_col(code.span.start);
                    LevelOrigin::Manifest {
                        line: at.line,
                        column: at.column,
                    }
                }
                None => LevelOrigin::Default,
            };
            levels.insert(rule.code, (level.value, origin));
        }
        for flag in flags {
            if flag.code == "warnings" {
                deny_warnings = flag.level == Level::Deny;
                continue;
            }
            let Some(rule) = find(&flag.code) else {
                return Err(Error::Usage {
                    message: format!("unknown rule `{}`", flag.code),
                    help: Some(unknown_code_help(&flag.code)),
                });
            };
            let letter = match flag.level {
                Level::Deny => 'D',
                Level::Warn => 'W',
                Level::Allow => 'A',
            };
            if let Some(note) = crate::codes::renamed_note(&flag.code) {
                renamed.push(format!("{note} (-{letter} {})", flag.code));
            }
            let origin = LevelOrigin::Flag(format!("-{letter} {}", flag.code));
            levels.insert(rule.code, (flag.level, origin));
        }
        Ok(Levels {
            levels,
            deny_warnings,
            renamed,
        })
    }

    /// Where an old code of a renamed rule was used: `own.yaml`'s `rules:` and `waivers:`,
    /// and the flags. It works; the note says what to write instead.
    pub fn renamed(&self) -> &[String] {
        &self.renamed
    }

    pub fn get(&self, code: &str) -> Level {
        self.in_force(code).0
    }

    /// A rule's level in force and where it was set.
    pub fn in_force(&self, code: &str) -> (Level, LevelOrigin) {
        let (level, origin) = self
            .levels
            .get(code)
            .cloned()
            .unwrap_or((Level::Deny, LevelOrigin::Default));
        if self.deny_warnings && level == Level::Warn {
            (Level::Deny, LevelOrigin::Flag("-D warnings".to_owned()))
        } else {
            (level, origin)
        }
    }
}

fn unknown_code_help(code: &str) -> String {
    match suggest_code(code) {
        Some(near) => format!("did you mean `{PREFIX}{near}`? `own rules` lists every rule"),
        None => "`own rules` lists every rule".to_owned(),
    }
}

/// Run every rule, apply levels and waivers, and return the findings to report, sorted.
pub fn evaluate(ctx: &Context<'_>, levels: &Levels) -> Vec<Finding> {
    let enabled: Vec<&Rule> = RULES
        .iter()
        .copied()
        .filter(|rule| levels.get(rule.code) != Level::Allow)
        .collect();
    // The rules are independent and several walk the whole organisation: run them on all
    // cores, keeping their order, so the stable sort below orders ties as before.
    let found = crate::parallel::map(&enabled, |rule| {
        let mut out = Vec::new();
        (rule.check)(ctx, &mut out);
        out
    });
    let mut findings: Vec<Finding> = found.into_iter().flatten().collect();
    let used = apply_waivers(ctx, &mut findings);
    unused_waiver::report(ctx, &used, &mut findings);
    for finding in &mut findings {
        finding.level = levels.get(finding.code);
    }
    findings.retain(|f| f.level != Level::Allow);
    sort(ctx.sources, &mut findings);
    findings
}

/// Drop findings that an unexpired waiver covers; return which waivers were used.
fn apply_waivers(ctx: &Context<'_>, findings: &mut Vec<Finding>) -> Vec<bool> {
    let waivers = &ctx.org.manifest.waivers;
    let mut used = vec![false; waivers.len()];
    if waivers.is_empty() {
        return used;
    }
    let active: Vec<(usize, &str, &str)> = waivers
        .iter()
        .enumerate()
        .filter(|(_, w)| w.until.value >= ctx.today)
        .map(|(i, w)| {
            let code = find(&w.rule.value).map_or_else(
                || w.rule.value.strip_prefix(PREFIX).unwrap_or(&w.rule.value),
                |rule| rule.code,
            );
            (i, code, w.target.value.as_str())
        })
        .collect();
    findings.retain(|f| {
        let mut waived = false;
        for &(i, code, target) in &active {
            if code == f.code && target == f.target {
                used[i] = true;
                waived = true;
            }
        }
        !waived
    });
    used
}

/// Order findings by file, position, code and target, so output is stable.
pub fn sort(sources: &Sources, findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            f.primary.as_ref().map(|l| {
                (
                    sources.get(l.loc.file).name.as_str(),
                    l.loc.span.start,
                    l.loc.span.end,
                )
            })
        };
        // Findings without a place in YAML (an unowned path) come after those in files.
        let (ka, kb) = (key(a), key(b));
        ka.is_none()
            .cmp(&kb.is_none())
            .then_with(|| ka.cmp(&kb))
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.target.cmp(&b.target))
            .then_with(|| a.message.cmp(&b.message))
    });
}
