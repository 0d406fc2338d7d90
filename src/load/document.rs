//! One ownership file turned into typed sections.
//!
//! The top level of a file is split by hand: the manifest's keys (only in `own.yaml`), the
//! data sections, and anything else (an unknown key). Each item is then read on its own so
//! that an unknown field can say whose it is ("in person `bob`"). Duties are split once more:
//! keys that are role names of the scheme are role assignments, the rest are duty fields.

use std::sync::Arc;

use super::de::{self, Context, DeError, UnknownField};
use super::yaml::{self, Entry, Node, Value, YamlError, YamlErrorKind};
use crate::error::{Error, Located};
use crate::model::duty::{DUTY_FIELDS, Duty, DutyFields, RoleAssignment};
use crate::model::manifest::{DATA_SECTIONS, MANIFEST_SECTIONS, Manifest};
use crate::model::org::UnknownKey;
use crate::model::spanned::{OneOrMany, Spanned};
use crate::model::{Delegation, Handoff, Person, Scheme, Team};
use crate::source::{FileId, Loc, SourceFile, Span};

/// The data sections of one file.
#[derive(Clone, Default)]
pub(crate) struct Document {
    pub(crate) people: Vec<(Spanned<String>, Person)>,
    pub(crate) teams: Vec<(Spanned<String>, Team)>,
    pub(crate) duties: Vec<(Spanned<String>, Duty)>,
    pub(crate) delegations: Vec<(Spanned<String>, Delegation)>,
    pub(crate) handoffs: Vec<(Spanned<String>, Handoff)>,
    pub(crate) unknown: Vec<UnknownKey>,
}

/// A parsed file whose top level has been split.
pub(crate) struct Parsed {
    pub(crate) file: FileId,
    source: Arc<SourceFile>,
    manifest: Vec<Entry>,
    data: Vec<Entry>,
    unknown: Vec<UnknownKey>,
}

/// Parse a file and split its top level. `is_manifest` allows the manifest's keys.
pub(crate) fn parse(
    file: FileId,
    source: Arc<SourceFile>,
    is_manifest: bool,
) -> Result<Parsed, Error> {
    let root =
        yaml::parse(&source.text, yaml::Limits::default()).map_err(|e| yaml_error(&source, e))?;
    let Value::Map(entries) = root.value else {
        return Err(Error::Yaml {
            code: "own::invalid-value",
            message: format!(
                "expected a mapping of sections at the top of the file, found {}",
                root.describe()
            ),
            help: Some(format!(
                "an ownership file holds sections such as {}",
                quote_list(DATA_SECTIONS)
            )),
            at: Located::new(source.clone(), root.span, "expected a mapping here"),
        });
    };
    let mut parsed = Parsed {
        file,
        source,
        manifest: Vec::new(),
        data: Vec::new(),
        unknown: Vec::new(),
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
                key: entry.key.text.clone(),
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
        let ctx = Context::default();
        let manifest = de::from_node::<Manifest>(&node, &ctx)
            .map_err(|e| value_error(&self.source, e, node.span, "own.yaml"))?;
        let unknown = ctx.take_unknown();
        self.push_unknown(unknown, "own.yaml");
        Ok(manifest)
    }

    /// The data sections, read with the scheme's role names.
    pub(crate) fn document(mut self, scheme: &Scheme) -> Result<Document, Error> {
        let mut doc = Document::default();
        for entry in std::mem::take(&mut self.data) {
            let section = entry.key.text.as_str();
            let items = items_of(&self.source, section, entry.value)?;
            for (key, node) in items {
                let id = Spanned::new(key.text, key.span);
                match section {
                    "people" => {
                        let item = self.item::<Person>(&node, "person", &id)?;
                        doc.people.push((id, item));
                    }
                    "teams" => {
                        let item = self.item::<Team>(&node, "team", &id)?;
                        doc.teams.push((id, item));
                    }
                    "delegations" => {
                        let item = self.item::<Delegation>(&node, "delegation", &id)?;
                        doc.delegations.push((id, item));
                    }
                    "handoffs" => {
                        let item = self.item::<Handoff>(&node, "handoff", &id)?;
                        doc.handoffs.push((id, item));
                    }
                    _ => {
                        let duty = self.duty(node, &id, scheme)?;
                        doc.duties.push((id, duty));
                    }
                }
            }
        }
        doc.unknown = self.unknown;
        Ok(doc)
    }

    fn item<T: for<'a> serde::Deserialize<'a>>(
        &mut self,
        node: &Node,
        kind: &str,
        id: &Spanned<String>,
    ) -> Result<T, Error> {
        let ctx = Context::default();
        let within = format!("{kind} `{}`", id.value);
        let item = de::from_node::<T>(node, &ctx)
            .map_err(|e| value_error(&self.source, e, id.span, &within))?;
        let unknown = ctx.take_unknown();
        self.push_unknown(unknown, &within);
        Ok(item)
    }

    fn duty(&mut self, node: Node, id: &Spanned<String>, scheme: &Scheme) -> Result<Duty, Error> {
        let span = node.span;
        let within = format!("duty `{}`", id.value);
        let entries = match node.value {
            Value::Map(entries) => entries,
            _ if node.is_null() => Vec::new(),
            _ => {
                return Err(value_error(
                    &self.source,
                    DeError {
                        message: format!("expected a mapping, found {}", node.describe()),
                        span: Some(node.span),
                        field: None,
                    },
                    id.span,
                    &within,
                ));
            }
        };
        let (roles, fields): (Vec<Entry>, Vec<Entry>) = entries
            .into_iter()
            .partition(|e| scheme.role(&e.key.text).is_some());
        let ctx = Context::default();
        let fields_node = Node {
            span,
            value: Value::Map(fields),
        };
        let fields = de::from_node::<DutyFields>(&fields_node, &ctx)
            .map_err(|e| value_error(&self.source, e, id.span, &within))?;
        let mut duty = Duty {
            fields,
            roles: Vec::with_capacity(roles.len()),
        };
        for entry in roles {
            let holders = de::from_node::<OneOrMany<Spanned<String>>>(&entry.value, &ctx).map_err(
                |mut e| {
                    e.field.get_or_insert_with(|| entry.key.text.clone());
                    value_error(&self.source, e, entry.key.span, &within)
                },
            )?;
            duty.roles.push(RoleAssignment {
                role: scheme.role(&entry.key.text).unwrap_or(scheme.owner),
                key: Spanned::new(entry.key.text, entry.key.span),
                holders: holders.0,
            });
        }
        for unknown in ctx.take_unknown() {
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
        Ok(duty)
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
        "SchemeConfig" => "`scheme`",
        "RoleConfig" => "a role",
        "Limits" => "`limits`",
        "DutyFields" => "a duty",
        other => other,
    }
}

/// The entries of a section, which must be a mapping keyed by id.
fn items_of(
    source: &Arc<SourceFile>,
    section: &str,
    node: Node,
) -> Result<Vec<(yaml::Key, Node)>, Error> {
    match node.value {
        Value::Map(entries) => Ok(entries.into_iter().map(|e| (e.key, e.value)).collect()),
        _ if node.is_null() => Ok(Vec::new()),
        _ => Err(Error::Yaml {
            code: "own::invalid-value",
            message: format!(
                "`{section}` must be a mapping from id to entry, found {}",
                node.describe()
            ),
            help: Some(format!(
                "write each entry under its id:\n{section}:\n  some-id:\n    …"
            )),
            at: Located::new(source.clone(), node.span, "expected a mapping here"),
        }),
    }
}

fn value_error(source: &Arc<SourceFile>, e: DeError, fallback: Span, within: &str) -> Error {
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
    Error::Yaml {
        code: "own::invalid-value",
        message,
        help,
        at: Located::new(source.clone(), span, "here"),
    }
}

pub(crate) fn yaml_error(source: &Arc<SourceFile>, e: YamlError) -> Error {
    let (code, message, help, label) = match e.kind {
        YamlErrorKind::Syntax(message) => (
            "own::yaml-syntax",
            format!("invalid YAML: {message}"),
            Some("check the indentation and that every bracket and quote is closed".to_owned()),
            "here",
        ),
        YamlErrorKind::DuplicateKey { key, first } => {
            let mut at = Located::new(source.clone(), e.span, "repeated here");
            at.also.push((first, "first written here".to_owned()));
            return Error::Yaml {
                code: "own::duplicate-key",
                message: format!("key `{key}` appears twice in the same mapping"),
                help: Some(
                    "merge the two entries or rename one; own never keeps only the last".into(),
                ),
                at,
            };
        }
        YamlErrorKind::ComplexKey => (
            "own::yaml-syntax",
            "mapping keys must be plain text".to_owned(),
            None,
            "this key",
        ),
        YamlErrorKind::UnsupportedTag(tag) => (
            "own::unsupported-yaml",
            format!("the YAML tag `{tag}` is not supported"),
            Some("remove the tag; ownership files use plain YAML values".to_owned()),
            "this tag",
        ),
        YamlErrorKind::UnknownAnchor => (
            "own::yaml-syntax",
            "this alias refers to no anchor".to_owned(),
            None,
            "unknown alias",
        ),
        YamlErrorKind::TooDeep { limit } => (
            "own::yaml-budget",
            format!("the YAML is nested more than {limit} levels deep"),
            Some("ownership files need only a few levels; this file looks malformed".to_owned()),
            "too deep here",
        ),
        YamlErrorKind::TooManyNodes { limit } => (
            "own::yaml-budget",
            format!("the YAML expands to more than {limit} values"),
            Some("aliases that repeat other aliases multiply quickly (an alias bomb?)".to_owned()),
            "budget exceeded here",
        ),
        YamlErrorKind::MultipleDocuments => (
            "own::unsupported-yaml",
            "a file may hold only one YAML document".to_owned(),
            Some("remove the `---` separator or split the documents into files".to_owned()),
            "second document",
        ),
        YamlErrorKind::Unprintable { character, in_key } => (
            "own::invalid-value",
            format!(
                "{} holds the character U+{:04X}, which ownership files do not allow",
                if in_key { "this key" } else { "this value" },
                u32::from(character)
            ),
            Some(if in_key {
                "keys are ids and field names: one line of printable text".to_owned()
            } else {
                "values hold printable text, line breaks and tabs; remove the escape \
                 (`\\e`, `\\x1b`, `\\r`…) or the invisible character"
                    .to_owned()
            }),
            "here",
        ),
        YamlErrorKind::Empty => (
            "own::empty-file",
            format!("`{}` is empty", source.name),
            Some("add sections such as `people:` or `duties:`, or delete the file".to_owned()),
            "empty file",
        ),
    };
    Error::Yaml {
        code,
        message,
        help,
        at: Located::new(source.clone(), e.span, label),
    }
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
