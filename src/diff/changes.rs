//! The changes between two snapshots, in the change kinds of the JSON contract (DESIGN.md §11), with the settings of `own.yaml` compared as text.

use super::*;

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
pub(super) fn settings(org: &Org) -> Vec<(String, String)> {
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
        let format = source.format.value.as_str();
        set(
            format!("coverage.alerts.{}", i + 1),
            Some(format!(
                "{format}: {}{}",
                join(&mut source.files.0.iter().map(|g| &g.value)),
                source
                    .owner_label
                    .as_ref()
                    .map_or(String::new(), |l| format!(" (owner label `{}`)", l.value))
            )),
        );
    }
    for (i, source) in m.coverage.routing.iter().enumerate() {
        set(
            format!("coverage.routing.{}", i + 1),
            Some(format!("alertmanager: {}", source.file.value)),
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
