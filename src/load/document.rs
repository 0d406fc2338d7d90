//! One ownership file turned into typed sections.
//!
//! The top level of a file is split by hand: the manifest's keys (only in `own.yaml`), the
//! data sections, and anything else (an unknown key). Each item is then read on its own so
//! that an unknown field can say whose it is ("in person `bob`"). Duties are split once more:
//! keys that are role names of the scheme are role assignments, the rest are duty fields.

use std::sync::Arc;

use crate::error::Error;
use crate::model::duty::{DUTY_FIELDS, Duty, DutyFields, RoleAssignment};
use crate::model::manifest::{DATA_SECTIONS, MANIFEST_SECTIONS, Manifest};
use crate::model::org::{InvalidValue, UnknownKey};
use crate::model::spanned::{OneOrMany, Spanned};
use crate::model::{Delegation, Handoff, Person, Scheme, Team};
use crate::source::{FileId, Loc, SourceFile, Span};
use crate::yaml::de::{self, Context, DeError, UnknownField};
use crate::yaml::{self, Entry, Node, Value};

/// The data sections of one file.
#[derive(Clone, Default)]
pub(crate) struct Document {
    /// People by id, already in the shape the organisation keeps them: a file of many
    /// people becomes the organisation's index as it is, never copied into a second one.
    pub(crate) people: crate::model::org::IdIndex<Person>,
    pub(crate) teams: Vec<(Spanned<String>, Team)>,
    pub(crate) duties: Vec<(Spanned<String>, Duty)>,
    pub(crate) delegations: Vec<(Spanned<String>, Delegation)>,
    pub(crate) handoffs: Vec<(Spanned<String>, Handoff)>,
    pub(crate) unknown: Vec<UnknownKey>,
    pub(crate) invalid: Vec<InvalidValue>,
}

/// A parsed file whose top level has been split.
pub(crate) struct Parsed {
    pub(crate) file: FileId,
    manifest: Vec<Entry>,
    data: Vec<Entry>,
    unknown: Vec<UnknownKey>,
    invalid: Vec<InvalidValue>,
}

/// Parse a file and split its top level. `is_manifest` allows the manifest's keys.
pub(crate) fn parse(
    file: FileId,
    source: Arc<SourceFile>,
    is_manifest: bool,
) -> Result<Parsed, Error> {
    let root = yaml::parse(&source.text, yaml::Limits::default())
        .map_err(|e| crate::error::yaml_error(&source, e))?;
    let mut invalid = Vec::new();
    let entries = match root.value {
        Value::Map(entries) => entries,
        _ => {
            invalid.push(InvalidValue {
                loc: Loc {
                    file,
                    span: root.span,
                },
                message: format!(
                    "expected a mapping of sections at the top of the file, found {}; nothing in it is read",
                    root.describe()
                ),
                help: Some(format!(
                    "an ownership file holds sections such as {}",
                    quote_list(DATA_SECTIONS)
                )),
            });
            Vec::new()
        }
    };
    let mut parsed = Parsed {
        file,
        manifest: Vec::new(),
        data: Vec::new(),
        unknown: Vec::new(),
        invalid,
    };
    let expected: Vec<&'static str> = if is_manifest {
        MANIFEST_SECTIONS
            .iter()
            .chain(DATA_SECTIONS)
            .copied()
            .collect()
    } else {
        DATA_SECTIONS.to_vec()
    };
    for entry in entries {
        let key = entry.key.text.as_str();
        if DATA_SECTIONS.contains(&key) {
            parsed.data.push(entry);
        } else if is_manifest && MANIFEST_SECTIONS.contains(&key) {
            parsed.manifest.push(entry);
        } else {
            let note = MANIFEST_SECTIONS
                .contains(&key)
                .then(|| format!("`{key}` belongs in `own.yaml`, not in an included file"));
            parsed.unknown.push(UnknownKey {
                key: entry.key.text.to_string(),
                loc: Loc {
                    file,
                    span: entry.key.span,
                },
                within: if is_manifest {
                    "own.yaml".into()
                } else {
                    "an ownership file".into()
                },
                expected: expected.iter().map(|s| (*s).to_owned()).collect(),
                note,
            });
        }
    }
    Ok(parsed)
}

impl Parsed {
    /// The manifest settings, from the manifest's keys.
    pub(crate) fn manifest(&mut self) -> Result<Manifest, Error> {
        let node = Node {
            span: self
                .manifest
                .first()
                .map_or(Span::default(), |e| e.key.span),
            value: Value::Map(std::mem::take(&mut self.manifest)),
        };
        let span = node.span;
        let (manifest, unknown) = self
            .lenient::<Manifest>(node, span, "own.yaml")
            .unwrap_or_default();
        self.push_unknown(unknown, "own.yaml");
        Ok(manifest)
    }

    /// The data sections, read with the scheme's role names.
    pub(crate) fn document(mut self, scheme: &Scheme) -> Result<Document, Error> {
        let mut doc = Document::default();
        for entry in std::mem::take(&mut self.data) {
            let section = entry.key.text.as_str();
            let items = match items_of(section, entry.value) {
                Ok(items) => items,
                Err(invalid) => {
                    self.invalid.push(self.invalid_at(invalid));
                    continue;
                }
            };
            for (key, node) in items {
                let id = Spanned::new(key.text.into_string(), key.span);
                match section {
                    "people" => {
                        if let Some(item) = self.item::<Person>(node, "person", &id) {
                            let defined = crate::model::org::Defined {
                                id: id.value.clone(),
                                file: self.file,
                                key: id.span,
                                item,
                            };
                            doc.people.insert(id.value, defined);
                        }
                    }
                    "teams" => {
                        if let Some(item) = self.item::<Team>(node, "team", &id) {
                            doc.teams.push((id, item));
                        }
                    }
                    "delegations" => {
                        if let Some(item) = self.item::<Delegation>(node, "delegation", &id) {
                            doc.delegations.push((id, item));
                        }
                    }
                    "handoffs" => {
                        if let Some(item) = self.item::<Handoff>(node, "handoff", &id) {
                            doc.handoffs.push((id, item));
                        }
                    }
                    _ => {
                        if let Some(duty) = self.duty(node, &id, scheme) {
                            doc.duties.push((id, duty));
                        }
                    }
                }
            }
        }
        doc.unknown = self.unknown;
        doc.invalid = self.invalid;
        Ok(doc)
    }

    /// One entry of a section; `None` (and an `own::invalid-value`) when it cannot be read.
    fn item<T: for<'a> serde::Deserialize<'a>>(
        &mut self,
        node: Node,
        kind: &str,
        id: &Spanned<String>,
    ) -> Option<T> {
        let within = format!("{kind} `{}`", id.value);
        let (item, unknown) = self.lenient::<T>(node, id.span, &within)?;
        self.push_unknown(unknown, &within);
        Some(item)
    }

    /// Read a node as `T`. A value that does not fit is an `own::invalid-value` and is left
    /// out (its entry, or the list item holding it), and the rest is read again, so one bad
    /// date does not hide the errors after it nor stop the evaluation. `None` when nothing
    /// readable is left. A field that goes missing because its bad value was left out is
    /// not reported again.
    fn lenient<T: for<'a> serde::Deserialize<'a>>(
        &mut self,
        mut node: Node,
        fallback: Span,
        within: &str,
    ) -> Option<(T, Vec<UnknownField>)> {
        let mut dropped_any = false;
        // Each round removes one entry, so the rounds are bounded by the entries.
        loop {
            let ctx = Context::default();
            let error = match de::from_node::<T>(&node, &ctx) {
                Ok(value) => return Some((value, ctx.take_unknown())),
                Err(error) => error,
            };
            let span = error.span.unwrap_or(fallback);
            let consequence = dropped_any && error.message.starts_with("missing field");
            if !consequence {
                let invalid = value_invalid(error, fallback, within);
                self.invalid.push(self.invalid_at(invalid));
            }
            if !remove_at(&mut node, span) {
                return None;
            }
            dropped_any = true;
        }
    }

    fn invalid_at(&self, (span, message, help): Problem) -> InvalidValue {
        InvalidValue {
            loc: Loc {
                file: self.file,
                span,
            },
            message,
            help,
        }
    }

    /// One duty: its fields, then one assignment per role key; `None` (and an
    /// `own::invalid-value`) when it is not a mapping.
    fn duty(&mut self, node: Node, id: &Spanned<String>, scheme: &Scheme) -> Option<Duty> {
        let span = node.span;
        let within = format!("duty `{}`", id.value);
        let entries = match node.value {
            Value::Map(entries) => entries,
            _ if node.is_null() => Vec::new(),
            _ => {
                let error = DeError {
                    message: format!("expected a mapping, found {}", node.describe()),
                    span: Some(node.span),
                    field: None,
                };
                let invalid = value_invalid(error, id.span, &within);
                self.invalid.push(self.invalid_at(invalid));
                return None;
            }
        };
        let (roles, fields): (Vec<Entry>, Vec<Entry>) = entries
            .into_iter()
            .partition(|e| scheme.role(&e.key.text).is_some());
        let fields_node = Node {
            span,
            value: Value::Map(fields),
        };
        let (fields, mut unknown) = self
            .lenient::<DutyFields>(fields_node, id.span, &within)
            .unwrap_or_default();
        let mut duty = Duty {
            fields,
            roles: Vec::with_capacity(roles.len()),
        };
        for entry in roles {
            let role_within = format!("`{}` of {within}", entry.key.text);
            let Some((holders, more)) = self.lenient::<OneOrMany<Spanned<String>>>(
                entry.value,
                entry.key.span,
                &role_within,
            ) else {
                continue;
            };
            unknown.extend(more);
            duty.roles.push(RoleAssignment {
                role: scheme.role(&entry.key.text).unwrap_or(scheme.owner),
                key: Spanned::new(entry.key.text.into_string(), entry.key.span),
                holders: holders.0,
            });
        }
        for unknown in unknown {
            let is_duty = unknown.within == "DutyFields";
            self.unknown.push(UnknownKey {
                key: unknown.key,
                loc: Loc {
                    file: self.file,
                    span: unknown.span,
                },
                within: if is_duty {
                    within.clone()
                } else {
                    format!("{} of {within}", human_type(unknown.within))
                },
                expected: if is_duty {
                    DUTY_FIELDS
                        .iter()
                        .map(|s| (*s).to_owned())
                        .chain(scheme.names().map(str::to_owned))
                        .collect()
                } else {
                    unknown.expected.iter().map(|s| (*s).to_owned()).collect()
                },
                note: None,
            });
        }
        Some(duty)
    }

    fn push_unknown(&mut self, unknown: Vec<UnknownField>, owner: &str) {
        for field in unknown {
            let within = match field.within {
                "Person" | "Team" | "Delegation" | "Handoff" | "Manifest" => owner.to_owned(),
                other => format!("{} of {owner}", human_type(other)),
            };
            self.unknown.push(UnknownKey {
                key: field.key,
                loc: Loc {
                    file: self.file,
                    span: field.span,
                },
                within,
                expected: field.expected.iter().map(|s| (*s).to_owned()).collect(),
                note: None,
            });
        }
    }
}

/// What users call each config type, for messages.
fn human_type(rust_name: &str) -> &str {
    match rust_name {
        "Absence" => "an absence",
        "Policy" => "`policy`",
        "Waiver" => "a waiver",
        "Coverage" => "`coverage`",
        "PathCoverage" => "`coverage.paths`",
        "AlertSource" => "an alert source",
        "RoutingSource" => "a routing source",
        "SchemeConfig" => "`scheme`",
        "RoleConfig" => "a role",
        "Limits" => "`limits`",
        "DutyFields" => "a duty",
        other => other,
    }
}

/// A value that cannot be used: its place, the message and a hint, before it becomes an
/// [`InvalidValue`] of the file.
type Problem = (Span, String, Option<String>);

/// The entries of a section, which must be a mapping keyed by id (else the section is an
/// `own::invalid-value`, as span, message and help).
fn items_of(section: &str, node: Node) -> Result<Vec<(yaml::Key, Node)>, Problem> {
    match node.value {
        Value::Map(entries) => Ok(entries.into_iter().map(|e| (e.key, e.value)).collect()),
        _ if node.is_null() => Ok(Vec::new()),
        _ => Err((
            node.span,
            format!(
                "`{section}` must be a mapping from id to entry, found {}; nothing in it is read",
                node.describe()
            ),
            Some(format!(
                "write each entry under its id:\n{section}:\n  some-id:\n    …"
            )),
        )),
    }
}

/// A value that does not deserialize, as span, message and help.
fn value_invalid(e: DeError, fallback: Span, within: &str) -> Problem {
    let span = e.span.unwrap_or(fallback);
    let message = match &e.field {
        Some(field) => format!("invalid `{field}` in {within}: {}", e.message),
        None => format!("invalid {within}: {}", e.message),
    };
    let help = if e.message.starts_with("missing field") {
        Some("add the field; see `own schema` for the format".to_owned())
    } else if e.message.starts_with("unknown variant") {
        None
    } else if e.message.starts_with("expected") {
        Some("see `own schema` for the type each field takes".to_owned())
    } else {
        None
    };
    (span, message, help)
}

/// Remove the innermost mapping entry or list item holding `span` (the place of a value
/// that does not fit); `false` when no part of the node holds it.
fn remove_at(node: &mut Node, span: Span) -> bool {
    let inside = |outer: Span| outer.start <= span.start && span.end <= outer.end;
    match &mut node.value {
        Value::Map(entries) => {
            let Some(i) = entries
                .iter()
                .position(|e| inside(e.key.span) || inside(e.value.span))
            else {
                return false;
            };
            if !inside(entries[i].key.span) && remove_at(&mut entries[i].value, span) {
                return true;
            }
            entries.remove(i);
            true
        }
        Value::Seq(items) => {
            let Some(i) = items.iter().position(|n| inside(n.span)) else {
                return false;
            };
            if !remove_at(&mut items[i], span) {
                items.remove(i);
            }
            true
        }
        Value::Scalar(_) => false,
    }
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
