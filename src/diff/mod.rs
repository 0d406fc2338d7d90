//! The semantic diff of two states of an organisation: what changes in responsibility.
//!
//! A [`Snapshot`] reduces an [`Org`] to comparable text (no positions, no files), so that
//! moving a duty between files or reformatting YAML is no change, and [`changes`] compares
//! two snapshots into the change kinds of the JSON contract (DESIGN.md §11). This module also
//! owns the risk lines a reviewer should see ([`risks`]) and
//! the files that move between duties ([`path_moves`]), one concern per file. Loading the states is the
//! commands' job, printing is `render::diff`'s.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use rustc_hash::FxBuildHasher;
use serde::Serialize;

use crate::model::{Duty, Org, Person, Status};
use crate::source::FileId;

mod changes;
mod moves;
mod risks;

use changes::settings;
pub(crate) use changes::{Change, FieldChange, Topic, changes};
pub(crate) use moves::{PathGroup, PathMoves, owner_in, path_moves};
pub(crate) use risks::{Risk, risks};

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
    list(&mut fields, "receivers", &f.receivers);
    list(&mut fields, "skills", &f.skills);
    if let Some(escalation) = &f.escalation {
        list(&mut fields, "escalation", escalation);
    }
    shown(&mut fields, "reviewed", f.reviewed.as_deref());
    text(&mut fields, "reviewed-by", f.reviewed_by.as_deref());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::testing::Fixture;

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

    /// Routing and an alert source's owner label are settings, and a duty's receivers a
    /// field.
    #[test]
    fn routing_and_receivers_are_compared() {
        let state = |own: &str| {
            let fixture = Fixture::files(vec![
                ("own.yaml", own.to_owned()),
                (
                    "am.yml",
                    "route: { receiver: r }\nreceivers: [{ name: r }]\n".to_owned(),
                ),
                ("m.yml", "groups: []\n".to_owned()),
            ]);
            Snapshot::of(&fixture.loaded.org)
        };
        let a = state(&format!(
            "coverage:\n  alerts: [{{ files: [m.yml], format: prometheus }}]\n{PEOPLE}duties:\n  x: {{ accountable: alice }}\n"
        ));
        let b = state(&format!(
            "coverage:\n  alerts: [{{ files: [m.yml], format: prometheus, owner-label: team }}]\n  routing: [{{ file: am.yml, format: alertmanager }}]\n{PEOPLE}duties:\n  x: {{ accountable: alice, receivers: [r] }}\n"
        ));
        let found: Vec<serde_json::Value> = changes(&a, &b)
            .iter()
            .map(|c| serde_json::to_value(c).unwrap())
            .collect();
        let text = serde_json::to_string(&found).unwrap();
        assert!(
            text.contains(
                "\"field\":\"coverage.routing.1\",\"from\":null,\"to\":\"alertmanager: am.yml\""
            ),
            "{text}"
        );
        assert!(
            text.contains("prometheus: m.yml (owner label `team`)"),
            "{text}"
        );
        assert!(text.contains("\"field\":\"receivers\""), "{text}");
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
}
