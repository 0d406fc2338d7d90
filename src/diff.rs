//! The semantic diff of two states of an organisation: what changes in responsibility.
//!
//! A [`Snapshot`] reduces an [`Org`] to comparable text (no positions, no files), so that
//! moving a duty between files or reformatting YAML is no change, and [`changes`] compares
//! two snapshots into the change kinds of the JSON contract (DESIGN.md §11). This module also
//! owns the risk lines a reviewer should see ([`risks`]), the matching of findings between
//! two states by code and target ([`unmatched`], shared with `own check --new-since`), and
//! the files that move between duties ([`path_moves`]). Loading the states is the
//! commands' job, printing is `render::diff`'s.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use rustc_hash::FxBuildHasher;
use serde::Serialize;

use crate::model::{Duty, Org, Person, Status};
use crate::rules::Finding;
use crate::source::FileId;

type Map<T> = IndexMap<String, T, FxBuildHasher>;

/// Named values of an item, in a fixed order, as text (lists joined with `, `).
type Fields = Vec<(&'static str, String)>;

/// A duty without positions: its roles (in scheme order, holders as written) and fields.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct DutyView {
    pub(crate) roles: Vec<(String, Vec<String>)>,
    pub(crate) fields: Fields,
    /// The `paths:` patterns one by one (in `fields` they are joined for display), so a
    /// snapshot can still say which duty owns a file.
    pub(crate) paths: Vec<String>,
}

/// A team without positions: its members and its other fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TeamView {
    pub(crate) members: Vec<String>,
    pub(crate) fields: Fields,
}

/// An organisation reduced to what a reviewer compares.
#[derive(Clone, Debug, Default)]
pub(crate) struct Snapshot {
    pub(crate) duties: Map<DutyView>,
    pub(crate) people: Map<Fields>,
    pub(crate) teams: Map<TeamView>,
    pub(crate) delegations: Map<Fields>,
    pub(crate) handoffs: Map<Fields>,
    /// The settings of `own.yaml` (see [`settings`]), when the snapshot holds that file.
    pub(crate) settings: Option<Vec<(String, String)>>,
}

impl Snapshot {
    pub(crate) fn of(org: &Org) -> Snapshot {
        Snapshot::of_files(org, &|_| true)
    }

    /// Only what the files `keep` accepts define: comparing two states, the files whose text
    /// is the same on both sides (under the same scheme) cannot differ.
    pub(crate) fn of_files(org: &Org, keep: &dyn Fn(FileId) -> bool) -> Snapshot {
        let mut snapshot = Snapshot {
            settings: org
                .manifest_file
                .filter(|&f| keep(f))
                .map(|_| settings(org)),
            ..Snapshot::default()
        };
        for duty in org.duties.values().filter(|d| keep(d.file)) {
            snapshot
                .duties
                .insert(duty.id.clone(), duty_view(org, duty));
        }
        for person in org.people.values().filter(|p| keep(p.file)) {
            snapshot
                .people
                .insert(person.id.clone(), person_fields(person));
        }
        for team in org.teams.values().filter(|t| keep(t.file)) {
            let mut fields = Fields::new();
            text(&mut fields, "name", team.name.as_deref());
            text(&mut fields, "lead", team.lead.as_deref());
            text(&mut fields, "parent", team.parent.as_deref());
            text(&mut fields, "email", team.email.as_deref());
            text(&mut fields, "chat", team.chat.as_deref());
            text(&mut fields, "github", team.github.as_deref());
            text(&mut fields, "gitlab", team.gitlab.as_deref());
            text(&mut fields, "description", team.description.as_deref());
            let members = team.members.iter().map(|m| m.value.clone()).collect();
            snapshot
                .teams
                .insert(team.id.clone(), TeamView { members, fields });
        }
        for d in org.delegations.values().filter(|d| keep(d.file)) {
            let mut fields = Fields::new();
            text(&mut fields, "duty", Some(&d.duty.value));
            text(&mut fields, "from", Some(&d.from.value));
            text(&mut fields, "to", Some(&d.to.value));
            text(&mut fields, "expect", d.expect.as_deref());
            shown(&mut fields, "due", d.due.as_deref());
            text(&mut fields, "report-to", d.report_to.as_deref());
            shown(&mut fields, "done", d.done.as_deref());
            snapshot.delegations.insert(d.id.clone(), fields);
        }
        for h in org.handoffs.values().filter(|h| keep(h.file)) {
            let mut fields = Fields::new();
            text(&mut fields, "from", Some(&h.from.value));
            text(&mut fields, "to", Some(&h.to.value));
            if let Some(duties) = &h.duties {
                list(&mut fields, "duties", duties);
            }
            shown(&mut fields, "from-date", h.from_date.as_deref());
            shown(&mut fields, "to-date", h.to_date.as_deref());
            shown(&mut fields, "acknowledged", h.acknowledged.as_deref());
            text(&mut fields, "reason", h.reason.as_deref());
            snapshot.handoffs.insert(h.id.clone(), fields);
        }
        snapshot
    }

    /// Add another part of the same organisation (another file); ids already here win, as
    /// in the loader.
    pub(crate) fn extend(&mut self, other: &Snapshot) {
        fn add<T: Clone>(into: &mut Map<T>, from: &Map<T>) {
            for (id, item) in from {
                into.entry(id.clone()).or_insert_with(|| item.clone());
            }
        }
        add(&mut self.duties, &other.duties);
        add(&mut self.people, &other.people);
        add(&mut self.teams, &other.teams);
        add(&mut self.delegations, &other.delegations);
        add(&mut self.handoffs, &other.handoffs);
        if self.settings.is_none() {
            self.settings.clone_from(&other.settings);
        }
    }
}

fn duty_view(org: &Org, duty: &Duty) -> DutyView {
    let roles = org
        .scheme
        .roles
        .iter()
        .enumerate()
        .filter_map(|(index, role)| {
            let holders: Vec<String> = duty.holders(index).map(|h| h.value.clone()).collect();
            (!holders.is_empty()).then(|| (role.name.clone(), holders))
        })
        .collect();
    let f = &duty.fields;
    let mut fields = Fields::new();
    text(&mut fields, "title", f.title.as_deref());
    text(&mut fields, "description", f.description.as_deref());
    text(&mut fields, "runbook", f.runbook.as_deref());
    list(&mut fields, "paths", &f.paths);
    list(&mut fields, "alerts", &f.alerts);
    list(&mut fields, "skills", &f.skills);
    if let Some(escalation) = &f.escalation {
        list(&mut fields, "escalation", escalation);
    }
    shown(&mut fields, "reviewed", f.reviewed.as_deref());
    list(&mut fields, "tags", &f.tags);
    shown(&mut fields, "gitlab-section", f.gitlab_section.as_deref());
    let paths = f.paths.iter().map(|p| p.value.clone()).collect();
    DutyView {
        roles,
        fields,
        paths,
    }
}

fn person_fields(p: &Person) -> Fields {
    let mut fields = Fields::new();
    text(&mut fields, "name", p.name.as_deref());
    text(&mut fields, "title", p.title.as_deref());
    text(&mut fields, "email", p.email.as_deref());
    text(&mut fields, "chat", p.chat.as_deref());
    text(&mut fields, "phone", p.phone.as_deref());
    text(&mut fields, "github", p.github.as_deref());
    text(&mut fields, "gitlab", p.gitlab.as_deref());
    text(&mut fields, "manager", p.manager.as_deref());
    list(&mut fields, "skills", &p.skills);
    fields.push(("status", p.status().as_str().to_owned()));
    if !p.away.is_empty() {
        let away: Vec<String> = p
            .away
            .iter()
            .map(|a| match &a.reason {
                Some(reason) => format!("{}..{} ({})", a.from.value, a.to.value, reason.value),
                None => format!("{}..{}", a.from.value, a.to.value),
            })
            .collect();
        fields.push(("away", away.join(", ")));
    }
    text(&mut fields, "notes", p.notes.as_deref());
    fields
}

fn text(fields: &mut Fields, name: &'static str, value: Option<&String>) {
    if let Some(value) = value {
        fields.push((name, value.clone()));
    }
}

fn shown<T: std::fmt::Display>(fields: &mut Fields, name: &'static str, value: Option<&T>) {
    if let Some(value) = value {
        fields.push((name, value.to_string()));
    }
}

fn list(fields: &mut Fields, name: &'static str, values: &[crate::model::Spanned<String>]) {
    if !values.is_empty() {
        let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
        fields.push((name, values.join(", ")));
    }
}

/// One field that differs: its value before and after (`None` when unset).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct FieldChange {
    /// The field's name; for `settings-changed`, the setting's path in `own.yaml`
    /// (`policy.max-accountable`, `rules.own::stale-review`, `waivers.own::no-responsible:backups`).
    pub(crate) field: Cow<'static, str>,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
}

/// One change in responsibility, as in the JSON contract (`kind` names the variant).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub(crate) enum Change {
    DutyAdded {
        duty: String,
    },
    DutyRemoved {
        duty: String,
    },
    /// The same content under a new id.
    DutyRenamed {
        duty: String,
        from: String,
    },
    RoleChanged {
        duty: String,
        role: String,
        added: Vec<String>,
        removed: Vec<String>,
    },
    /// Fields other than roles.
    DutyChanged {
        duty: String,
        fields: Vec<FieldChange>,
    },
    PersonAdded {
        person: String,
    },
    PersonRemoved {
        person: String,
    },
    PersonChanged {
        person: String,
        fields: Vec<FieldChange>,
    },
    TeamAdded {
        team: String,
    },
    TeamRemoved {
        team: String,
    },
    /// A team's fields other than members (lead, name, parent…).
    TeamChanged {
        team: String,
        fields: Vec<FieldChange>,
    },
    MemberAdded {
        team: String,
        person: String,
    },
    MemberRemoved {
        team: String,
        person: String,
    },
    DelegationAdded {
        delegation: String,
        duty: String,
        from: String,
        to: String,
    },
    DelegationRemoved {
        delegation: String,
        duty: String,
        from: String,
        to: String,
    },
    DelegationChanged {
        delegation: String,
        duty: String,
        fields: Vec<FieldChange>,
    },
    HandoffAdded {
        handoff: String,
        from: String,
        to: String,
    },
    HandoffRemoved {
        handoff: String,
        from: String,
        to: String,
    },
    HandoffChanged {
        handoff: String,
        from: String,
        to: String,
        fields: Vec<FieldChange>,
    },
    /// The rules of the game in `own.yaml`: scheme, include, policy, rule levels, waivers,
    /// coverage and limits.
    SettingsChanged {
        fields: Vec<FieldChange>,
    },
}

/// What a change is about, for grouping and for `own log QUERY`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Topic {
    Duty,
    Person,
    Team,
    Delegation,
    Handoff,
    Settings,
}

impl Change {
    pub(crate) fn topic(&self) -> Topic {
        match self {
            Change::DutyAdded { .. }
            | Change::DutyRemoved { .. }
            | Change::DutyRenamed { .. }
            | Change::RoleChanged { .. }
            | Change::DutyChanged { .. } => Topic::Duty,
            Change::PersonAdded { .. }
            | Change::PersonRemoved { .. }
            | Change::PersonChanged { .. } => Topic::Person,
            Change::TeamAdded { .. }
            | Change::TeamRemoved { .. }
            | Change::TeamChanged { .. }
            | Change::MemberAdded { .. }
            | Change::MemberRemoved { .. } => Topic::Team,
            Change::DelegationAdded { .. }
            | Change::DelegationRemoved { .. }
            | Change::DelegationChanged { .. } => Topic::Delegation,
            Change::HandoffAdded { .. }
            | Change::HandoffRemoved { .. }
            | Change::HandoffChanged { .. } => Topic::Handoff,
            Change::SettingsChanged { .. } => Topic::Settings,
        }
    }

    /// Whether the change concerns a duty of this id.
    pub(crate) fn mentions_duty(&self, id: &str) -> bool {
        match self {
            Change::DutyAdded { duty }
            | Change::DutyRemoved { duty }
            | Change::RoleChanged { duty, .. }
            | Change::DutyChanged { duty, .. }
            | Change::DelegationAdded { duty, .. }
            | Change::DelegationRemoved { duty, .. }
            | Change::DelegationChanged { duty, .. } => duty == id,
            Change::DutyRenamed { duty, from } => duty == id || from == id,
            _ => false,
        }
    }

    /// Whether the change concerns a person or team of this id (they share one namespace).
    pub(crate) fn mentions_holder(&self, id: &str) -> bool {
        let changed_to = |fields: &[FieldChange]| {
            fields.iter().any(|f| {
                matches!(
                    f.field.as_ref(),
                    "manager" | "lead" | "parent" | "report-to"
                ) && (f.from.as_deref() == Some(id) || f.to.as_deref() == Some(id))
            })
        };
        match self {
            Change::RoleChanged { added, removed, .. } => {
                added.iter().chain(removed).any(|h| h == id)
            }
            Change::PersonAdded { person } | Change::PersonRemoved { person } => person == id,
            Change::PersonChanged { person, fields } => person == id || changed_to(fields),
            Change::TeamAdded { team } | Change::TeamRemoved { team } => team == id,
            Change::TeamChanged { team, fields } => team == id || changed_to(fields),
            Change::MemberAdded { team, person } | Change::MemberRemoved { team, person } => {
                team == id || person == id
            }
            Change::DelegationAdded { from, to, .. }
            | Change::DelegationRemoved { from, to, .. }
            | Change::HandoffAdded { from, to, .. }
            | Change::HandoffRemoved { from, to, .. }
            | Change::HandoffChanged { from, to, .. } => from == id || to == id,
            Change::DelegationChanged { fields, .. } => fields.iter().any(|f| {
                matches!(f.field.as_ref(), "from" | "to" | "report-to")
                    && (f.from.as_deref() == Some(id) || f.to.as_deref() == Some(id))
            }),
            Change::DutyAdded { .. }
            | Change::DutyRemoved { .. }
            | Change::DutyRenamed { .. }
            | Change::DutyChanged { .. }
            | Change::SettingsChanged { .. } => false,
        }
    }
}

/// Every change from `base` to `head`: duties, people, teams, delegations, handoffs and
/// the settings of `own.yaml`.
pub(crate) fn changes(base: &Snapshot, head: &Snapshot) -> Vec<Change> {
    let mut out = Vec::new();
    duty_changes(base, head, &mut out);
    for (id, fields) in &head.people {
        match base.people.get(id) {
            None => out.push(Change::PersonAdded { person: id.clone() }),
            Some(before) if before != fields => out.push(Change::PersonChanged {
                person: id.clone(),
                fields: field_changes(before, fields),
            }),
            Some(_) => {}
        }
    }
    for id in base
        .people
        .keys()
        .filter(|id| !head.people.contains_key(*id))
    {
        out.push(Change::PersonRemoved { person: id.clone() });
    }
    for (id, team) in &head.teams {
        let Some(before) = base.teams.get(id) else {
            out.push(Change::TeamAdded { team: id.clone() });
            continue;
        };
        if before.fields != team.fields {
            out.push(Change::TeamChanged {
                team: id.clone(),
                fields: field_changes(&before.fields, &team.fields),
            });
        }
        let (added, removed) = set_difference(&before.members, &team.members);
        for person in added {
            out.push(Change::MemberAdded {
                team: id.clone(),
                person,
            });
        }
        for person in removed {
            out.push(Change::MemberRemoved {
                team: id.clone(),
                person,
            });
        }
    }
    for id in base.teams.keys().filter(|id| !head.teams.contains_key(*id)) {
        out.push(Change::TeamRemoved { team: id.clone() });
    }
    let value = |fields: &Fields, name: &str| {
        fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    for (id, fields) in &head.delegations {
        match base.delegations.get(id) {
            None => out.push(Change::DelegationAdded {
                delegation: id.clone(),
                duty: value(fields, "duty"),
                from: value(fields, "from"),
                to: value(fields, "to"),
            }),
            Some(before) if before != fields => out.push(Change::DelegationChanged {
                delegation: id.clone(),
                duty: value(fields, "duty"),
                fields: field_changes(before, fields),
            }),
            Some(_) => {}
        }
    }
    for (id, fields) in &base.delegations {
        if !head.delegations.contains_key(id) {
            out.push(Change::DelegationRemoved {
                delegation: id.clone(),
                duty: value(fields, "duty"),
                from: value(fields, "from"),
                to: value(fields, "to"),
            });
        }
    }
    for (id, fields) in &head.handoffs {
        match base.handoffs.get(id) {
            None => out.push(Change::HandoffAdded {
                handoff: id.clone(),
                from: value(fields, "from"),
                to: value(fields, "to"),
            }),
            Some(before) if before != fields => out.push(Change::HandoffChanged {
                handoff: id.clone(),
                from: value(fields, "from"),
                to: value(fields, "to"),
                fields: field_changes(before, fields),
            }),
            Some(_) => {}
        }
    }
    for (id, fields) in &base.handoffs {
        if !head.handoffs.contains_key(id) {
            out.push(Change::HandoffRemoved {
                handoff: id.clone(),
                from: value(fields, "from"),
                to: value(fields, "to"),
            });
        }
    }
    out.extend(settings_change(base, head));
    out
}

/// Duties added, removed, renamed (a removed duty's exact content under a new id) and
/// changed, in the order of `head` (removed ones last, in the order of `base`).
fn duty_changes(base: &Snapshot, head: &Snapshot, out: &mut Vec<Change>) {
    let removed: Vec<(&String, &DutyView)> = base
        .duties
        .iter()
        .filter(|(id, _)| !head.duties.contains_key(*id))
        .collect();
    // Pair renames: each removed duty with the first added duty of identical content.
    let mut by_content: HashMap<&DutyView, Vec<&String>> = HashMap::new();
    for (id, view) in removed.iter().rev() {
        by_content.entry(view).or_default().push(id);
    }
    let mut renamed_from: HashSet<&String> = HashSet::new();
    for (id, view) in &head.duties {
        let Some(before) = base.duties.get(id) else {
            let old = by_content.get_mut(view).and_then(Vec::pop);
            match old {
                Some(old) => {
                    renamed_from.insert(old);
                    out.push(Change::DutyRenamed {
                        duty: id.clone(),
                        from: old.clone(),
                    });
                }
                None => out.push(Change::DutyAdded { duty: id.clone() }),
            }
            continue;
        };
        if before == view {
            continue;
        }
        let mut roles: Vec<&String> = view.roles.iter().map(|(r, _)| r).collect();
        for (role, _) in &before.roles {
            if !roles.contains(&role) {
                roles.push(role);
            }
        }
        let holders = |view: &DutyView, role: &str| -> Vec<String> {
            view.roles
                .iter()
                .find(|(r, _)| r == role)
                .map(|(_, h)| h.clone())
                .unwrap_or_default()
        };
        for role in roles {
            let (added, removed) = set_difference(&holders(before, role), &holders(view, role));
            if !added.is_empty() || !removed.is_empty() {
                out.push(Change::RoleChanged {
                    duty: id.clone(),
                    role: role.clone(),
                    added,
                    removed,
                });
            }
        }
        if before.fields != view.fields {
            out.push(Change::DutyChanged {
                duty: id.clone(),
                fields: field_changes(&before.fields, &view.fields),
            });
        }
    }
    for (id, _) in removed {
        if !renamed_from.contains(id) {
            out.push(Change::DutyRemoved { duty: id.clone() });
        }
    }
}

/// What `after` has that `before` lacks, and the reverse, each in its own order.
fn set_difference(before: &[String], after: &[String]) -> (Vec<String>, Vec<String>) {
    let added = after
        .iter()
        .filter(|a| !before.contains(a))
        .cloned()
        .collect();
    let removed = before
        .iter()
        .filter(|b| !after.contains(b))
        .cloned()
        .collect();
    (added, removed)
}

/// What changed in the settings of `own.yaml`, if anything: only when both snapshots hold
/// the file (an organisation that appears or goes away is told by its duties and people,
/// not by every setting).
fn settings_change(base: &Snapshot, head: &Snapshot) -> Option<Change> {
    let (Some(before), Some(after)) = (base.settings.as_deref(), head.settings.as_deref()) else {
        return None;
    };
    let get = |list: &[(String, String)], key: &str| {
        list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    let mut keys: Vec<&String> = after.iter().map(|(k, _)| k).collect();
    keys.extend(
        before
            .iter()
            .map(|(k, _)| k)
            .filter(|k| get(after, k).is_none()),
    );
    let fields: Vec<FieldChange> = keys
        .into_iter()
        .filter_map(|key| {
            let (from, to) = (get(before, key), get(after, key));
            (from != to).then(|| FieldChange {
                field: Cow::Owned(key.clone()),
                from,
                to,
            })
        })
        .collect();
    (!fields.is_empty()).then_some(Change::SettingsChanged { fields })
}

/// The settings of an organisation as `path in own.yaml` → value text, in a fixed order.
fn settings(org: &Org) -> Vec<(String, String)> {
    let m = &org.manifest;
    let join = |values: &mut dyn Iterator<Item = &String>| {
        values.map(String::as_str).collect::<Vec<_>>().join(", ")
    };
    let mut out = Vec::new();
    let mut set = |key: String, value: Option<String>| {
        if let Some(value) = value {
            out.push((key, value));
        }
    };
    for role in &org.scheme.roles {
        let mut text = format!("min {}", role.min);
        if let Some(max) = role.max {
            text.push_str(&format!(", max {max}"));
        }
        if role.person {
            text.push_str(", people only");
        }
        if org.scheme.roles[org.scheme.owner].name == role.name {
            text.push_str(", the owner role");
        }
        set(format!("scheme.{}", role.name), Some(text));
    }
    set(
        "include".into(),
        m.include
            .as_ref()
            .map(|list| join(&mut list.0.iter().map(|g| &g.value))),
    );
    set(
        "policy.max-accountable".into(),
        m.policy
            .max_accountable
            .as_ref()
            .map(|v| v.value.to_string()),
    );
    set(
        "policy.review-every".into(),
        m.policy.review_every.as_ref().map(|v| v.value.to_string()),
    );
    let code = |code: &str| match crate::rules::find(code) {
        Some(rule) => rule.full_code(),
        None => code.to_owned(),
    };
    for (name, level) in &m.rules.0 {
        set(
            format!("rules.{}", code(&name.value)),
            Some(level.value.to_string()),
        );
    }
    for w in &m.waivers {
        set(
            format!("waivers.{}:{}", code(&w.rule.value), w.target.value),
            Some(format!("until {}: {}", w.until.value, w.reason.value)),
        );
    }
    if let Some(paths) = &m.coverage.paths {
        set(
            "coverage.paths.include".into(),
            Some(join(&mut paths.include.iter().map(|g| &g.value))),
        );
        set(
            "coverage.paths.exclude".into(),
            Some(join(&mut paths.exclude.iter().map(|g| &g.value))),
        );
    }
    for (i, source) in m.coverage.alerts.iter().enumerate() {
        let format = match source.format.value {
            crate::model::manifest::AlertFormat::Prometheus => "prometheus",
            crate::model::manifest::AlertFormat::List => "list",
        };
        set(
            format!("coverage.alerts.{}", i + 1),
            Some(format!(
                "{format}: {}",
                join(&mut source.files.0.iter().map(|g| &g.value))
            )),
        );
    }
    set(
        "limits.max-file-size".into(),
        m.limits.max_file_size.as_ref().map(|v| v.value.to_string()),
    );
    set(
        "limits.max-total-size".into(),
        m.limits
            .max_total_size
            .as_ref()
            .map(|v| v.value.to_string()),
    );
    out
}

fn field_changes(before: &Fields, after: &Fields) -> Vec<FieldChange> {
    let get = |fields: &Fields, name: &str| {
        fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    };
    let mut names: Vec<&'static str> = after.iter().map(|(n, _)| *n).collect();
    for (name, _) in before {
        if !names.contains(name) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .filter_map(|field| {
            let (from, to) = (get(before, field), get(after, field));
            (from != to).then_some(FieldChange {
                field: Cow::Borrowed(field),
                from,
                to,
            })
        })
        .collect()
}

/// Something a reviewer should look at twice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub(crate) enum Risk {
    /// A duty's responsible people (teams counted by their members) drop to one or none.
    SingleResponsible {
        duty: String,
        /// The people left responsible (zero or one).
        people: Vec<String>,
        before: usize,
    },
    /// A person is accountable for more duties than `policy.max-accountable` allows.
    OverMaxAccountable {
        person: String,
        duties: usize,
        limit: u32,
    },
    /// A person who has left still holds roles (and did not before this change, or held
    /// fewer).
    DepartedHoldsRoles { person: String, roles: usize },
}

/// The risks a change introduces, judged on the full organisations for the duties the
/// change touches (`changes` tells which, and which duties were renamed).
pub(crate) fn risks(base: &Org, head: &Org, changes: &[Change]) -> Vec<Risk> {
    let mut out = Vec::new();
    let mut renamed: HashMap<&str, &str> = HashMap::new();
    let mut duties: HashSet<&str> = HashSet::new();
    let mut holders: HashSet<&str> = HashSet::new();
    for change in changes {
        match change {
            Change::DutyRenamed { duty, from } => {
                renamed.insert(duty, from);
                duties.insert(duty);
            }
            Change::RoleChanged { duty, .. } => {
                duties.insert(duty);
            }
            Change::MemberAdded { team, person } | Change::MemberRemoved { team, person } => {
                holders.insert(team);
                holders.insert(person);
            }
            Change::PersonChanged { person, .. } | Change::PersonRemoved { person } => {
                holders.insert(person);
            }
            Change::TeamChanged { team, .. } | Change::TeamRemoved { team } => {
                holders.insert(team);
            }
            _ => {}
        }
    }
    if let Some(role) = head.scheme.responsible() {
        let touched = |holder: &str| {
            holders.contains(holder)
                || head
                    .teams
                    .get(holder)
                    .is_some_and(|t| t.members.iter().any(|m| holders.contains(m.as_str())))
        };
        for duty in head.duties.values() {
            if !duties.contains(duty.id.as_str()) && !duty.holders(role).any(|h| touched(h)) {
                continue;
            }
            let was = renamed.get(duty.id.as_str()).copied().unwrap_or(&duty.id);
            let Some(before) = base.duties.get(was) else {
                continue;
            };
            let people = responsible_people(head, duty);
            let before = responsible_people(base, before).len();
            if people.len() <= 1 && people.len() < before {
                out.push(Risk::SingleResponsible {
                    duty: duty.id.clone(),
                    people: people.into_iter().map(str::to_owned).collect(),
                    before,
                });
            }
        }
    }
    if let Some(limit) = &head.manifest.policy.max_accountable {
        let limit = limit.value;
        let before = accountable_counts(base);
        let mut after: Vec<(&str, usize)> = accountable_counts(head).into_iter().collect();
        after.sort_unstable();
        for (person, duties) in after {
            if duties > limit as usize && duties > before.get(person).copied().unwrap_or(0) {
                out.push(Risk::OverMaxAccountable {
                    person: person.to_owned(),
                    duties,
                    limit,
                });
            }
        }
    }
    let before = departed_roles(base);
    for (person, roles) in departed_roles(head) {
        if roles > before.get(&person).copied().unwrap_or(0) {
            out.push(Risk::DepartedHoldsRoles { person, roles });
        }
    }
    out
}

/// The active people responsible for a duty, teams expanded to their members.
fn responsible_people<'a>(org: &'a Org, duty: &'a Duty) -> std::collections::BTreeSet<&'a str> {
    let mut people = std::collections::BTreeSet::new();
    let Some(role) = org.scheme.responsible() else {
        return people;
    };
    let active = |id: &str| {
        org.people
            .get(id)
            .is_some_and(|p| p.status() != Status::Left)
    };
    for holder in duty.holders(role) {
        if let Some(team) = org.teams.get(&holder.value) {
            people.extend(
                team.members
                    .iter()
                    .filter(|m| active(&m.value))
                    .map(|m| m.value.as_str()),
            );
        } else if active(&holder.value) {
            people.insert(holder.value.as_str());
        }
    }
    people
}

fn accountable_counts(org: &Org) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for duty in org.duties.values() {
        for holder in duty.holders(org.scheme.owner) {
            *counts.entry(holder.value.as_str()).or_insert(0) += 1;
        }
    }
    counts
}

fn departed_roles(org: &Org) -> IndexMap<String, usize> {
    let left: HashSet<&str> = org
        .people
        .values()
        .filter(|p| p.status() == Status::Left)
        .map(|p| p.id.as_str())
        .collect();
    let mut counts = IndexMap::new();
    if left.is_empty() {
        return counts;
    }
    for duty in org.duties.values() {
        for assignment in &duty.roles {
            for holder in &assignment.holders {
                if left.contains(holder.value.as_str()) {
                    *counts.entry(holder.value.clone()).or_insert(0) += 1;
                }
            }
        }
    }
    counts
}

/// The findings of `findings` that `against` does not have, matched by code and target (not
/// by position, which any edit above them moves). Counts matter: a third finding of the same
/// code and target where there were two is new.
pub(crate) fn unmatched<'a>(findings: &'a [Finding], against: &[Finding]) -> Vec<&'a Finding> {
    let mut remaining: HashMap<(&str, &str), usize> = HashMap::new();
    for f in against {
        *remaining.entry((f.code, f.target.as_str())).or_insert(0) += 1;
    }
    findings
        .iter()
        .filter(|f| match remaining.get_mut(&(f.code, f.target.as_str())) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// Files whose owning duty changes.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct PathMoves {
    pub(crate) changed: usize,
    pub(crate) examples: Vec<PathMove>,
    /// The moves grouped by (from, to), largest first, each with the folder its files share.
    pub(crate) groups: Vec<PathGroup>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct PathGroup {
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) files: usize,
    /// The folder all the group's files share (`src/net/`), or empty.
    pub(crate) folder: String,
    pub(crate) examples: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct PathMove {
    pub(crate) path: String,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
}

/// The files that change owner between two states ("212 files under `src/net/` move from
/// `core` to `networking`"): every tracked file of HEAD resolved under both states' patterns.
pub(crate) fn path_moves(
    base: Option<(&Org, &crate::paths::PathCoverage)>,
    head: Option<(&Org, &crate::paths::PathCoverage)>,
) -> PathMoves {
    let moves = crate::paths::moves::moves(base, head);
    let examples = moves
        .groups
        .iter()
        .flat_map(|g| {
            g.examples.iter().map(|path| PathMove {
                path: path.clone(),
                from: g.from.clone(),
                to: g.to.clone(),
            })
        })
        .take(10)
        .collect();
    PathMoves {
        changed: moves.changed,
        examples,
        groups: moves
            .groups
            .into_iter()
            .map(|g| PathGroup {
                from: g.from,
                to: g.to,
                files: g.count,
                folder: g.common_folder,
                examples: g.examples,
            })
            .collect(),
    }
}

/// The duty that owns a path (relative to the ownership root) in a snapshot, by the most
/// specific pattern (`None` when no pattern matches, or two duties tie).
pub(crate) fn owner_in(snapshot: &Snapshot, path: &str) -> Option<String> {
    let mut builder = crate::paths::PatternSet::builder();
    for (duty, view) in snapshot.duties.values().enumerate() {
        for raw in &view.paths {
            if let Ok(pattern) = crate::paths::PathPattern::parse(raw) {
                builder.add(pattern, duty);
            }
        }
    }
    let set = builder.build();
    match set.resolve(path, &mut Vec::new()) {
        crate::paths::Resolution::Owned { pattern } => snapshot
            .duties
            .get_index(set.owner(pattern))
            .map(|(id, _)| id.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::Fixture;

    fn snapshot(yaml: &str) -> (Fixture, Snapshot) {
        let fixture = Fixture::new(yaml);
        let snapshot = Snapshot::of(&fixture.loaded.org);
        (fixture, snapshot)
    }

    fn diff(base: &str, head: &str) -> Vec<serde_json::Value> {
        let (_, a) = snapshot(base);
        let (_, b) = snapshot(head);
        changes(&a, &b)
            .iter()
            .map(|c| serde_json::to_value(c).unwrap())
            .collect()
    }

    const PEOPLE: &str = "people:\n  alice: {}\n  bob: {}\n  carol: {}\n";

    #[test]
    fn identical_states_have_no_changes() {
        let yaml = format!("{PEOPLE}duties:\n  x: {{ accountable: alice, responsible: bob }}\n");
        assert!(diff(&yaml, &yaml).is_empty());
    }

    #[test]
    fn settings_changes_name_the_setting_and_need_own_yaml_on_both_sides() {
        let a = format!("rules:\n  stale-review: warn\n{PEOPLE}");
        let b =
            format!("rules:\n  own::stale-review: deny\ninclude: [\"teams/*.own.yaml\"]\n{PEOPLE}");
        assert_eq!(
            diff(&a, &b),
            [serde_json::json!({"kind": "settings-changed", "fields": [
                {"field": "include", "from": null, "to": "teams/*.own.yaml"},
                {"field": "rules.own::stale-review", "from": "warn", "to": "deny"},
            ]})]
        );
        // The same rule written with and without its prefix is no change.
        let c = format!("rules:\n  own::stale-review: warn\n{PEOPLE}");
        assert!(diff(&a, &c).is_empty());
        // Without `own.yaml` on one side (an organisation that appears), no settings line.
        let (_, with) = snapshot(&b);
        let without = Snapshot {
            settings: None,
            ..with.clone()
        };
        assert!(changes(&without, &with).is_empty());
        assert!(changes(&with, &without).is_empty());
    }

    #[test]
    fn moving_and_reformatting_is_no_change() {
        let a = format!("{PEOPLE}duties:\n  x: {{ accountable: alice, responsible: [bob] }}\n");
        let b = format!("duties:\n  x:\n    responsible: bob\n    accountable: alice\n{PEOPLE}");
        assert!(diff(&a, &b).is_empty());
    }

    #[test]
    fn role_changes_list_who_was_added_and_removed() {
        let a = format!("{PEOPLE}duties:\n  x: {{ accountable: alice, responsible: [bob] }}\n");
        let b =
            format!("{PEOPLE}duties:\n  x: {{ accountable: bob, responsible: [bob, carol] }}\n");
        let changes = diff(&a, &b);
        assert_eq!(
            changes,
            [
                serde_json::json!({"kind": "role-changed", "duty": "x", "role": "accountable", "added": ["bob"], "removed": ["alice"]}),
                serde_json::json!({"kind": "role-changed", "duty": "x", "role": "responsible", "added": ["carol"], "removed": []}),
            ]
        );
    }

    #[test]
    fn same_content_under_a_new_id_is_a_rename() {
        let a = format!(
            "{PEOPLE}duties:\n  old: {{ accountable: alice, title: T }}\n  gone: {{ accountable: bob }}\n"
        );
        let b = format!(
            "{PEOPLE}duties:\n  new: {{ accountable: alice, title: T }}\n  fresh: {{ accountable: carol }}\n"
        );
        let kinds: Vec<String> = diff(&a, &b)
            .iter()
            .map(|c| format!("{} {}", c["kind"], c["duty"]))
            .collect();
        assert_eq!(
            kinds,
            [
                "\"duty-renamed\" \"new\"",
                "\"duty-added\" \"fresh\"",
                "\"duty-removed\" \"gone\""
            ]
        );
        assert_eq!(diff(&a, &b)[0]["from"], "old");
    }

    #[test]
    fn other_fields_people_and_teams() {
        let a = "people:\n  alice: { manager: bob }\n  bob: {}\n  dave: {}\nteams:\n  soc: { lead: bob, members: [alice, dave] }\n\
                 duties:\n  x: { accountable: alice, title: Old, reviewed: 2026-01-01 }\n";
        let b = "people:\n  alice: { manager: bob, status: left }\n  bob: {}\n  erin: {}\nteams:\n  soc: { lead: alice, members: [alice, erin] }\n\
                 duties:\n  x: { accountable: alice, title: New, reviewed: 2026-01-01 }\n";
        let changes = diff(a, b);
        let kinds: Vec<&str> = changes.iter().filter_map(|c| c["kind"].as_str()).collect();
        assert_eq!(
            kinds,
            [
                "duty-changed",
                "person-changed",
                "person-added",
                "person-removed",
                "team-changed",
                "member-added",
                "member-removed"
            ]
        );
        assert_eq!(
            changes[0]["fields"],
            serde_json::json!([{"field": "title", "from": "Old", "to": "New"}])
        );
        assert_eq!(
            changes[1]["fields"],
            serde_json::json!([{"field": "status", "from": "active", "to": "left"}])
        );
        assert_eq!(changes[5]["person"], "erin");
    }

    #[test]
    fn delegations_and_handoffs() {
        let base = format!(
            "{PEOPLE}duties:\n  x: {{ accountable: alice }}\ndelegations:\n  d1: {{ duty: x, from: alice, to: bob, expect: E, due: 2026-12-01 }}\n  d2: {{ duty: x, from: alice, to: carol }}\n\
             handoffs:\n  h1: {{ from: alice, to: bob }}\n"
        );
        let head = format!(
            "{PEOPLE}duties:\n  x: {{ accountable: alice }}\ndelegations:\n  d1: {{ duty: x, from: alice, to: bob, expect: E, due: 2026-12-08 }}\n  d3: {{ duty: x, from: bob, to: carol }}\n\
             handoffs:\n  h2: {{ from: bob, to: carol, acknowledged: true }}\n"
        );
        let kinds: Vec<String> = diff(&base, &head)
            .iter()
            .map(|c| c["kind"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            kinds,
            [
                "delegation-changed",
                "delegation-added",
                "delegation-removed",
                "handoff-added",
                "handoff-removed"
            ]
        );
    }

    #[test]
    fn risks_single_responsible_max_accountable_and_departed() {
        let base = "policy:\n  max-accountable: 1\npeople:\n  alice: {}\n  bob: {}\n  carol: {}\nteams:\n  soc: { members: [alice, bob] }\n\
                    duties:\n  x: { accountable: alice, responsible: soc }\n  y: { accountable: bob, responsible: carol }\n";
        let head = "policy:\n  max-accountable: 1\npeople:\n  alice: {}\n  bob: {}\n  carol: { status: left }\nteams:\n  soc: { members: [alice] }\n\
                    duties:\n  x: { accountable: alice, responsible: soc }\n  y: { accountable: alice, responsible: carol }\n";
        let a = Fixture::new(base);
        let b = Fixture::new(head);
        let changes = changes(&Snapshot::of(&a.loaded.org), &Snapshot::of(&b.loaded.org));
        let risks: Vec<serde_json::Value> = risks(&a.loaded.org, &b.loaded.org, &changes)
            .iter()
            .map(|r| serde_json::to_value(r).unwrap())
            .collect();
        assert_eq!(
            risks,
            [
                serde_json::json!({"kind": "single-responsible", "duty": "x", "people": ["alice"], "before": 2}),
                serde_json::json!({"kind": "single-responsible", "duty": "y", "people": [], "before": 1}),
                serde_json::json!({"kind": "over-max-accountable", "person": "alice", "duties": 2, "limit": 1}),
                serde_json::json!({"kind": "departed-holds-roles", "person": "carol", "roles": 1}),
            ]
        );
    }

    #[test]
    fn findings_match_by_code_and_target_with_counts() {
        let rule = crate::rules::find("one-accountable").unwrap();
        let f = |target: &str| Finding::new(rule, target, "m");
        let base = [f("x"), f("y")];
        let head = [f("y"), f("z"), f("y")];
        let new: Vec<&str> = unmatched(&head, &base)
            .iter()
            .map(|f| f.target.as_str())
            .collect();
        assert_eq!(new, ["z", "y"]);
        let fixed: Vec<&str> = unmatched(&base, &head)
            .iter()
            .map(|f| f.target.as_str())
            .collect();
        assert_eq!(fixed, ["x"]);
    }
}
