//! The routine edits as commands: `own review`, `own handoff`, `own ack` and `own delegation
//! done`. Each says what to change where the item is defined; `crate::edit::Editor` changes
//! only those bytes, re-checks the result as `own check` would, and writes it atomically (or
//! prints the diff with `--dry-run`).

use std::collections::BTreeSet;

use crate::cli::{Env, parse_date};
use crate::edit::{Checked, Editor};
use crate::error::{Error, Result};
use crate::evaluation::Evaluation;
use crate::model::{Date, Org};
use crate::render::{self, Output};
use crate::source::FileId;
use crate::workspace::{OrgState, Workspace};
use crate::yaml::edit::{EditError, Edits, New, entry_at};
use crate::yaml::{Entry, Node};

/// Options every edit takes.
#[derive(Debug, clap::Args)]
pub(crate) struct Common {
    /// Print the unified diff of the change instead of writing it.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

/// Record that duties were reviewed: set `reviewed:` (and `reviewed-by:`) where each is
/// defined, leaving the rest of the file as written.
///
/// Reviewing is for a duty's accountable or one of its responsible (directly or through a
/// team); anyone else is refused with who may. The reviewer is `--by`, else the person whose
/// `email` is git's `user.email`.
#[derive(Debug, clap::Args)]
pub(crate) struct ReviewArgs {
    /// The duties reviewed.
    #[arg(value_name = "DUTY", required = true)]
    pub(crate) duties: Vec<String>,

    /// Who reviewed (a person id; default: the person whose `email` is git's `user.email`).
    #[arg(long, value_name = "PERSON")]
    pub(crate) by: Option<String>,

    /// The day of the review (default: today, or `--today`).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) date: Option<Date>,

    #[command(flatten)]
    pub(crate) common: Common,
}

/// Hand a person's roles to someone else for a time: add a handoff entry to the file that
/// defines FROM (or `--file`).
///
/// The handoff is refused when `own check` would reject it: it overlaps another of FROM's
/// handoffs, the receiver is away or gone then, FROM holds none of the duties named, or the
/// dates are inverted.
#[derive(Debug, clap::Args)]
pub(crate) struct HandoffArgs {
    /// Who hands off (a person id).
    #[arg(value_name = "FROM")]
    pub(crate) from: String,

    /// Who takes over (a person id).
    #[arg(value_name = "TO")]
    pub(crate) to: String,

    /// First day in effect.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) from_date: Date,

    /// Last day in effect (default: open-ended).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) to_date: Option<Date>,

    /// A duty handed off (repeat for several; default: all of FROM's roles).
    #[arg(long = "duty", value_name = "DUTY")]
    pub(crate) duties: Vec<String>,

    /// The handoff's id (default: `FROM-to-TO-FROMDATE`).
    #[arg(long, value_name = "ID")]
    pub(crate) id: Option<String>,

    /// Why (vacation, leave, departure…).
    #[arg(long, value_name = "TEXT")]
    pub(crate) reason: Option<String>,

    /// The ownership file to add it to, relative to the root (default: the file that
    /// defines FROM).
    #[arg(long, value_name = "FILE")]
    pub(crate) file: Option<String>,

    #[command(flatten)]
    pub(crate) common: Common,
}

/// Acknowledge a handoff: set `acknowledged: true`. Only its receiver may.
#[derive(Debug, clap::Args)]
pub(crate) struct AckArgs {
    /// The handoff's id.
    #[arg(value_name = "HANDOFF")]
    pub(crate) handoff: String,

    /// Who acknowledges (default: the person whose `email` is git's `user.email`).
    #[arg(long, value_name = "PERSON")]
    pub(crate) by: Option<String>,

    #[command(flatten)]
    pub(crate) common: Common,
}

/// Change a delegation.
#[derive(Debug, clap::Args)]
pub(crate) struct DelegationArgs {
    #[command(subcommand)]
    pub(crate) command: DelegationCommand,
}

#[derive(Debug, clap::Subcommand)]
pub(crate) enum DelegationCommand {
    /// Mark a delegation's work done: set `done: true`.
    Done {
        /// The delegation's id.
        #[arg(value_name = "ID")]
        id: String,

        #[command(flatten)]
        common: Common,
    },
}

pub(crate) fn review(env: &Env, args: &ReviewArgs, out: &mut Output) -> Result<u8> {
    let (workspace, state, before) = open(env)?;
    let org = &before.loaded.org;
    let by = actor(&workspace, org, args.by.as_deref())?;
    let date = args.date.unwrap_or(env.today);
    let mut by_file: Vec<(FileId, Vec<&str>)> = Vec::new();
    let mut done = Vec::new();
    for id in dedup(&args.duties) {
        let Some(duty) = org.duties.get(id) else {
            return Err(not_found("duty", id, org.duties.keys()));
        };
        let may = may_review(org, id);
        if !may.contains(by.as_str()) {
            let list: Vec<&str> = may.iter().copied().collect();
            return Err(Error::Refused {
                message: format!("`{by}` may not review `{id}`"),
                help: Some(if list.is_empty() {
                    format!(
                        "`{id}` has no accountable or responsible to review it; name them first"
                    )
                } else {
                    format!(
                        "a review is for the duty's accountable or one of its responsible: {}",
                        list.join(", ")
                    )
                }),
                at: None,
            });
        }
        match by_file.iter_mut().find(|(f, _)| *f == duty.file) {
            Some((_, ids)) => ids.push(id),
            None => by_file.push((duty.file, vec![id])),
        }
        done.push(format!("reviewed `{id}` on {date} by {by}"));
    }
    let mut editor = Editor::new(&before.loaded, &state.root);
    for (file, ids) in &by_file {
        editor.edit(*file, |edits, tree| {
            for id in ids {
                let map = item(edits, tree, org.duties[*id].key, id)?;
                edits.set(map, "reviewed", New::Keep(date.to_string()))?;
                edits.set_after(map, "reviewed-by", New::Text(by.clone()), Some("reviewed"))?;
            }
            Ok(())
        })?;
    }
    let checked = editor.finish(&before, state.tree(), env.when(), &env.tracer(), |org| {
        for (_, ids) in &by_file {
            for id in ids {
                let duty = org.duties.get(*id).ok_or(format!("`{id}` is gone"))?;
                let reviewed = duty.fields.reviewed.as_ref().map(|r| r.value);
                let reviewer = duty.fields.reviewed_by.as_ref().map(|r| r.value.as_str());
                if reviewed != Some(date) || reviewer != Some(by.as_str()) {
                    return Err(format!(
                        "`{id}` reads reviewed {reviewed:?} by {reviewer:?}"
                    ));
                }
            }
        }
        Ok(())
    })?;
    finish(env, &args.common, checked, &done, out)
}

pub(crate) fn handoff(env: &Env, args: &HandoffArgs, out: &mut Output) -> Result<u8> {
    let (_, state, before) = open(env)?;
    let org = &before.loaded.org;
    for id in [&args.from, &args.to] {
        if !org.people.contains_key(id.as_str()) {
            return Err(not_found("person", id, org.people.keys()));
        }
    }
    for duty in &args.duties {
        if !org.duties.contains_key(duty.as_str()) {
            return Err(not_found("duty", duty, org.duties.keys()));
        }
    }
    let id = args
        .id
        .clone()
        .unwrap_or_else(|| format!("{}-to-{}-{}", args.from, args.to, args.from_date));
    if let Some(existing) = org.handoffs.get(id.as_str()) {
        let file = &before.loaded.sources.get(existing.file).name;
        return Err(Error::Usage {
            message: format!("a handoff `{id}` exists already (in {file})"),
            help: Some("give the new one another id with `--id`".into()),
        });
    }
    let file = match &args.file {
        Some(name) => before
            .loaded
            .sources
            .iter()
            .find(|(_, s)| s.name == *name)
            .map(|(id, _)| id)
            .ok_or_else(|| Error::Usage {
                message: format!("`{name}` is not one of the ownership files `own` reads"),
                help: Some("name a file the `include` globs of `own.yaml` select, relative to the ownership root".into()),
            })?,
        None => org.people[args.from.as_str()].file,
    };
    let mut fields = vec![
        ("from".to_owned(), New::Text(args.from.clone())),
        ("to".to_owned(), New::Text(args.to.clone())),
    ];
    if !args.duties.is_empty() {
        let duties = dedup(&args.duties).into_iter().map(str::to_owned).collect();
        fields.push(("duties".into(), New::List(duties)));
    }
    fields.push(("from-date".into(), New::Plain(args.from_date.to_string())));
    if let Some(to) = args.to_date {
        fields.push(("to-date".into(), New::Plain(to.to_string())));
    }
    if let Some(reason) = &args.reason {
        fields.push(("reason".into(), New::Text(reason.clone())));
    }
    let mut editor = Editor::new(&before.loaded, &state.root);
    editor.edit(file, |edits, tree| {
        let entry = tree
            .entries()
            .and_then(|entries| entries.iter().rev().find(|e| e.key.text == "handoffs"));
        match entry {
            Some(entry) if entry.value.entries().is_some() => {
                let map = edits.mapping_of(entry)?;
                edits.insert(map, &id, New::Map(fields), None)
            }
            _ => edits.set(
                tree,
                "handoffs",
                New::Map(vec![(id.clone(), New::Map(fields))]),
            ),
        }
    })?;
    let checked = editor.finish(&before, state.tree(), env.when(), &env.tracer(), |org| {
        let h = org
            .handoffs
            .get(id.as_str())
            .ok_or("the handoff is not read")?;
        let dates = (
            h.from_date.as_ref().map(|d| d.value),
            h.to_date.as_ref().map(|d| d.value),
        );
        if h.from.value != args.from
            || h.to.value != args.to
            || dates != (Some(args.from_date), args.to_date)
        {
            return Err(format!("`{id}` reads otherwise"));
        }
        Ok(())
    })?;
    let span = match args.to_date {
        Some(to) => format!("from {} to {to}", args.from_date),
        None => format!("from {}", args.from_date),
    };
    let what = if args.duties.is_empty() {
        "all roles".to_owned()
    } else {
        dedup(&args.duties)
            .iter()
            .map(|d| format!("`{d}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let done = [format!(
        "handoff `{id}`: {what} of {} to {}, {span}",
        args.from, args.to
    )];
    finish(env, &args.common, checked, &done, out)
}

pub(crate) fn ack(env: &Env, args: &AckArgs, out: &mut Output) -> Result<u8> {
    let (workspace, state, before) = open(env)?;
    let org = &before.loaded.org;
    let id = args.handoff.as_str();
    let Some(handoff) = org.handoffs.get(id) else {
        return Err(not_found("handoff", id, org.handoffs.keys()));
    };
    let by = actor(&workspace, org, args.by.as_deref())?;
    let receiver = handoff.to.value.as_str();
    if by != receiver {
        return Err(Error::Refused {
            message: format!("`{by}` may not acknowledge `{id}`"),
            help: Some(format!("only `{receiver}`, who receives the handoff, may")),
            at: None,
        });
    }
    if handoff.acknowledged.as_ref().is_some_and(|a| a.value) {
        env.note(&format!(
            "`{id}` is acknowledged already; nothing to change"
        ));
        return Ok(0);
    }
    let key = handoff.key;
    let mut editor = Editor::new(&before.loaded, &state.root);
    editor.edit(handoff.file, |edits, tree| {
        let map = item(edits, tree, key, id)?;
        edits.set(map, "acknowledged", New::Plain("true".into()))
    })?;
    let checked = editor.finish(
        &before,
        state.tree(),
        env.when(),
        &env.tracer(),
        |org| match org.handoffs.get(id).and_then(|h| h.acknowledged.as_ref()) {
            Some(a) if a.value => Ok(()),
            _ => Err(format!("`{id}` is not acknowledged")),
        },
    )?;
    let done = [format!("{by} acknowledged handoff `{id}`")];
    finish(env, &args.common, checked, &done, out)
}

pub(crate) fn delegation(env: &Env, args: &DelegationArgs, out: &mut Output) -> Result<u8> {
    let DelegationCommand::Done { id, common } = &args.command;
    let (_, state, before) = open(env)?;
    let org = &before.loaded.org;
    let Some(delegation) = org.delegations.get(id.as_str()) else {
        return Err(not_found("delegation", id, org.delegations.keys()));
    };
    if delegation.done.as_ref().is_some_and(|d| d.value) {
        env.note(&format!("`{id}` is done already; nothing to change"));
        return Ok(0);
    }
    let key = delegation.key;
    let mut editor = Editor::new(&before.loaded, &state.root);
    editor.edit(delegation.file, |edits, tree| {
        let map = item(edits, tree, key, id)?;
        edits.set(map, "done", New::Plain("true".into()))
    })?;
    let checked = editor.finish(
        &before,
        state.tree(),
        env.when(),
        &env.tracer(),
        |org| match org
            .delegations
            .get(id.as_str())
            .and_then(|d| d.done.as_ref())
        {
            Some(d) if d.value => Ok(()),
            _ => Err(format!("`{id}` is not done")),
        },
    )?;
    let done = [format!("delegation `{id}` is done")];
    finish(env, common, checked, &done, out)
}

/// The working tree's organisation, evaluated as `own check` does: edits change files on
/// disk, so a revision cannot be edited.
fn open(env: &Env) -> Result<(Workspace, OrgState, Evaluation)> {
    if env.rev.is_some() || env.history_at.is_some() {
        return Err(Error::Usage {
            message: "an edit changes the working tree; `--rev` and a past `--at` read history"
                .into(),
            help: Some("leave out `--rev` and `--at`; `--today` sets the date".into()),
        });
    }
    super::load_org(env)?.evaluate(env)
}

/// The mapping of the item whose key is written at `key` in this file's tree.
fn item<'n>(
    edits: &Edits,
    tree: &'n Node,
    key: crate::source::Span,
    id: &str,
) -> std::result::Result<&'n Node, EditError> {
    let entry: &Entry = entry_at(tree, key).ok_or_else(|| EditError {
        message: format!("cannot find where `{id}` is defined"),
        span: Some(key),
    })?;
    edits.mapping_of(entry)
}

/// Who makes the edit: `--by`, else the person whose `email` is git's `user.email`.
fn actor(workspace: &Workspace, org: &Org, by: Option<&str>) -> Result<String> {
    if let Some(by) = by {
        if org.people.contains_key(by) {
            return Ok(by.to_owned());
        }
        return Err(not_found("person", by, org.people.keys()));
    }
    let Some(email) = workspace.repo().ok().and_then(|r| r.user_email()) else {
        return Err(Error::Usage {
            message: "who is making this change? git has no `user.email` here".into(),
            help: Some("pass `--by PERSON`, or set `git config user.email` to your `email` in the organisation".into()),
        });
    };
    let matches: Vec<&str> = org
        .people
        .values()
        .filter(|p| {
            p.email
                .as_ref()
                .is_some_and(|e| e.value.trim().eq_ignore_ascii_case(&email))
        })
        .map(|p| p.id.as_str())
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => Err(Error::Usage {
            message: format!("git's user.email `{email}` is no one's `email` in the organisation"),
            help: Some("pass `--by PERSON`, or add the address to your person's `email`".into()),
        }),
        several => Err(Error::Usage {
            message: format!(
                "git's user.email `{email}` is the `email` of {}",
                several.join(", ")
            ),
            help: Some("pass `--by PERSON`".into()),
        }),
    }
}

/// The people who may review a duty: those its accountable and responsible stand for.
fn may_review<'a>(org: &'a Org, duty: &'a str) -> BTreeSet<&'a str> {
    let d = &org.duties[duty];
    let mut roles: Vec<usize> = org.scheme.doers();
    roles.push(org.scheme.owner);
    roles
        .into_iter()
        .flat_map(|role| d.holders(role))
        .flat_map(|holder| org.people_of(&holder.value))
        .filter(|p| org.people.contains_key(*p))
        .collect()
}

fn dedup(ids: &[String]) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    ids.iter()
        .map(String::as_str)
        .filter(|id| seen.insert(*id))
        .collect()
}

fn not_found<'a>(kind: &str, id: &str, known: impl Iterator<Item = &'a String>) -> Error {
    let near = crate::suggest::best(id, known.map(String::as_str));
    Error::Usage {
        message: format!("no {kind} `{id}`"),
        help: near.map(|n| format!("did you mean `{n}`?")),
    }
}

/// Write the checked change (or print its diff), say what was done, and note new warnings.
fn finish(
    env: &Env,
    common: &Common,
    checked: Checked,
    done: &[String],
    out: &mut Output,
) -> Result<u8> {
    for warning in &checked.warnings {
        env.note(&format!(
            "the change brings a warning: own::{}: {}",
            warning.code, warning.message
        ));
    }
    if common.dry_run {
        render::edit::diff(&checked.changes, out).map_err(render::write_error)?;
        return Ok(0);
    }
    for change in &checked.changes {
        render::write_atomic(&change.path, &change.bytes())?;
    }
    if !env.quiet {
        render::edit::done(done, &checked.changes, out).map_err(render::write_error)?;
    }
    Ok(0)
}
