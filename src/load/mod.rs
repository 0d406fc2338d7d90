//! Loading an organisation: finding the root, reading files, parsing YAML with spans, and
//! merging every file's content into one [`Org`].
//!
//! The loader stops (with an [`Error`], exit 2) only when a file cannot be read or is not the
//! YAML the format expects. Content problems it notices on the way (unknown keys, ids defined
//! twice) are recorded on the `Org` for the rules to report.

pub(crate) mod document;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::error::{Error, Located, Result};
pub use crate::files::{DiskTree, Scope, Tree, repo_prefix};
pub(crate) use crate::files::{escapes_root, text_of};
use crate::model::org::{Defined, Duplicate};
use crate::model::scheme::{Role, SchemeConfig};
use crate::model::{Org, Scheme};
use crate::source::{FileId, Loc, SourceFile, Sources, Span};
use document::Document;

/// The manifest's file name.
pub const MANIFEST: &str = "own.yaml";
/// The include globs when `own.yaml` names none.
pub const DEFAULT_INCLUDE: &str = "**/*.own.yaml";
pub(crate) const DEFAULT_MAX_FILE_SIZE: u64 = crate::model::manifest::Limits::DEFAULT_MAX_FILE_SIZE;

/// An organisation and the files it was read from.
#[derive(Debug)]
pub struct Loaded {
    pub sources: Sources,
    pub org: Org,
}

/// Find the ownership root: the nearest folder at or above `start` holding `own.yaml`.
pub fn find_root(start: &Path) -> Result<PathBuf> {
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let absolute = std::path::absolute(start).map_err(|source| Error::Read {
        path: start.display().to_string(),
        source,
    })?;
    if !absolute.is_dir() {
        return Err(Error::Read {
            path: start.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
        });
    }
    // The nearest `own.yaml` decides: one that is not a regular file (a folder, a FIFO, a
    // device) is an error here, not a reason to keep looking further up.
    for dir in absolute.ancestors() {
        let candidate = dir.join(MANIFEST);
        match std::fs::metadata(&candidate) {
            Ok(meta) if meta.is_file() => return Ok(dir.to_path_buf()),
            Ok(_) => {
                return Err(Error::Read {
                    path: candidate.display().to_string(),
                    source: std::io::Error::other(
                        "not a regular file (a folder, a FIFO or a device)",
                    ),
                });
            }
            // A dangling link, or nothing there: look further up.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(Error::Read {
                    path: candidate.display().to_string(),
                    source,
                });
            }
        }
    }
    Err(Error::NoManifest { start: absolute })
}

/// Load the organisation under a tree's root.
pub fn load(tree: &dyn Tree) -> Result<Loaded> {
    load_sharing(tree, None)
}

/// Parsed files that one load leaves for the next load of the same organisation: `own diff`
/// loads two states that share most of their files, and a file with the same path, text
/// and scheme need not be parsed twice.
#[derive(Default)]
pub(crate) struct SharedFiles {
    scheme: Option<Scheme>,
    files: std::collections::HashMap<String, (Arc<SourceFile>, Document)>,
}

/// [`load`], reusing the files a previous load left in `shared` (the first load fills it).
pub(crate) fn load_sharing(tree: &dyn Tree, shared: Option<&mut SharedFiles>) -> Result<Loaded> {
    let mut sources = Sources::default();

    let manifest_source = Arc::new(read_source(tree, MANIFEST, DEFAULT_MAX_FILE_SIZE)?);
    let manifest_id = sources.add_shared(manifest_source.clone());
    let mut manifest_doc = document::parse(manifest_id, manifest_source.clone(), true)?;
    let manifest = manifest_doc.manifest()?;

    if let Some(version) = &manifest.version
        && version.value != 1
    {
        return Err(Error::Config {
            message: format!(
                "unsupported format version `{}`; this own reads version 1",
                version.value
            ),
            help: Some("upgrade own, or write `version: 1`".into()),
            at: Some(Located::new(
                manifest_source.clone(),
                version.span,
                "this version",
            )),
        });
    }
    let scheme = match &manifest.scheme {
        Some(config) => build_scheme(config, manifest_id, &manifest_source)?,
        None => Scheme::raci(),
    };
    let max_file = manifest.limits.max_file_size();
    let max_total = manifest.limits.max_total_size();

    let (included, dead_includes) = included_files(tree, &manifest, &manifest_source)?;
    let first_id = sources.len();
    let indexed: Vec<(usize, &String)> = included.iter().enumerate().collect();
    let mut shared = shared;
    // A second load takes the documents the first left when a file's text is the same.
    let reusable = shared
        .as_deref()
        .filter(|s| s.scheme.as_ref() == Some(&scheme) && !s.files.is_empty());
    let results = crate::parallel::map(&indexed, |&(index, path)| {
        let source = read_source(tree, path, max_file)?;
        let same = reusable
            .and_then(|s| s.files.get(path.as_str()))
            .is_some_and(|(known, _)| known.name == source.name && known.text == source.text);
        if same {
            return Ok::<_, Error>(None);
        }
        // The id is fixed by position, so it does not depend on which thread finishes first.
        let id = FileId(u32::try_from(first_id + index).unwrap_or(u32::MAX));
        let source = Arc::new(source);
        let doc = document::parse(id, source.clone(), false)?.document(&scheme)?;
        Ok(Some((source, doc)))
    });
    // The first load of a pair keeps what it parsed for the second.
    let keeping = shared.as_deref().is_some_and(|s| s.files.is_empty());
    if let Some(keep) = shared.as_deref_mut().filter(|_| keeping) {
        keep.scheme = Some(scheme.clone());
    }

    // Each file is parsed on its own, so every file's errors are reported in one run (and
    // no rule runs on a partial organisation, so nothing cascades from them).
    let mut errors: Vec<Error> = Vec::new();
    let mut parsed = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => parsed.push(file),
            Err(error) => errors.extend(error.into_all()),
        }
    }
    let manifest_doc = match manifest_doc.document(&scheme) {
        Ok(doc) if errors.is_empty() => doc,
        Ok(_) => {
            let first = errors.remove(0);
            return Err(Error::several(first, errors));
        }
        Err(error) => return Err(Error::several(error, errors)),
    };

    let mut total = manifest_source.text.len() as u64;
    let mut docs = Vec::with_capacity(included.len() + 1);
    docs.push(manifest_doc);
    for (index, (result, path)) in parsed.into_iter().zip(&included).enumerate() {
        let taken = match result {
            Some(parsed) => Some(parsed),
            None => shared.as_deref_mut().and_then(|s| s.files.remove(path)),
        };
        // Only a file found in `shared` above is missing here, so this does not happen.
        let Some((source, mut doc)) = taken else {
            return Err(Error::Read {
                path: tree.display_name(path),
                source: std::io::Error::other("the parsed file went missing"),
            });
        };
        if keeping && let Some(keep) = shared.as_deref_mut() {
            keep.files
                .insert(path.clone(), (source.clone(), doc.clone()));
        }
        let id = FileId(u32::try_from(first_id + index).unwrap_or(u32::MAX));
        for unknown in &mut doc.unknown {
            unknown.loc.file = id;
        }
        for invalid in &mut doc.invalid {
            invalid.loc.file = id;
        }
        for person in doc.people.values_mut() {
            person.file = id;
        }
        total += source.text.len() as u64;
        if total > max_total {
            return Err(Error::TooLarge {
                path: "the ownership files together".into(),
                size: total,
                limit: max_total,
            });
        }
        sources.add_shared(source);
        docs.push(doc);
    }

    let mut org = Org {
        manifest,
        manifest_file: Some(manifest_id),
        scheme,
        dead_includes,
        ..Org::default()
    };
    // The maps get their final size at once: grown by doubling, they held up to twice the
    // entries' room, and each growth copied every entry while both copies were alive.
    // (People are not reserved: the largest file's index becomes the organisation's.)
    org.teams.reserve(docs.iter().map(|d| d.teams.len()).sum());
    org.duties
        .reserve(docs.iter().map(|d| d.duties.len()).sum());
    for (index, doc) in docs.into_iter().enumerate() {
        let file = FileId(u32::try_from(index).unwrap_or(u32::MAX));
        merge(&mut org, file, doc);
    }
    Ok(Loaded { sources, org })
}

/// Read a file as text, rejecting binary and non-UTF-8 content with a location.
fn read_source(tree: &dyn Tree, path: &str, limit: u64) -> Result<SourceFile> {
    let name = tree.display_name(path);
    let bytes = tree.read(path, limit).map_err(|e| match e {
        Error::Read { source, .. } => Error::Read {
            path: name.clone(),
            source,
        },
        Error::TooLarge { size, limit, .. } => Error::TooLarge {
            path: name.clone(),
            size,
            limit,
        },
        other => other,
    })?;
    text_of(name, bytes)
}

/// The files the `include` globs select, sorted, without `own.yaml` itself, and the
/// indices of the globs written in `own.yaml` that select none.
fn included_files(
    tree: &dyn Tree,
    manifest: &crate::model::Manifest,
    source: &Arc<SourceFile>,
) -> Result<(Vec<String>, Vec<usize>)> {
    let Some(set) = include_set(manifest, source)? else {
        return Ok((Vec::new(), Vec::new()));
    };
    // Only the folders the globs can reach are listed: with `include: [ownership/*.yaml]`
    // a 100,000-file repository is not walked.
    let globs = include_globs(manifest);
    let scopes = include_scopes(manifest);
    let mut matched = vec![false; globs.len()];
    let mut files: Vec<String> = Vec::new();
    for path in tree.list_within(&scopes)? {
        if path == MANIFEST {
            continue;
        }
        let hits = set.matches(&path);
        if hits.is_empty() {
            continue;
        }
        for glob in hits {
            matched[glob] = true;
        }
        files.push(path);
    }
    // File ids follow this order, and with them which of two definitions of an id comes
    // first: sort here rather than trust every tree to list in the same order.
    files.sort();
    files.dedup();
    // The implicit default may match nothing (an organisation in `own.yaml` alone).
    let dead = match manifest.include {
        Some(_) => (0..globs.len()).filter(|&i| !matched[i]).collect(),
        None => Vec::new(),
    };
    Ok((files, dead))
}

/// Files under the root that look like ownership files (`*.own.yaml`, `*.own.yml`, or a
/// stray `own.yml`) but that no `include` glob selects, sorted. `listed` is the root's files
/// when they are already listed (the tracked files of path coverage, which is what CI
/// sees); otherwise the root is listed here. This is `own check`'s cost alone; lookups do
/// not pay it.
pub(crate) fn ignored_files(
    tree: &dyn Tree,
    loaded: &Loaded,
    listed: Option<&[String]>,
) -> Result<Vec<String>> {
    let org = &loaded.org;
    let Some(manifest_file) = org.manifest_file else {
        return Ok(Vec::new());
    };
    let set = include_set(&org.manifest, loaded.sources.get(manifest_file))?;
    let keep = |path: &String| {
        path != MANIFEST
            && looks_like_ownership(path)
            && !set.as_ref().is_some_and(|set| set.is_match(path))
    };
    let mut ignored: Vec<String> = match listed {
        Some(files) => files.iter().filter(|p| keep(p)).cloned().collect(),
        None => tree.list()?.into_iter().filter(keep).collect(),
    };
    ignored.sort();
    ignored.dedup();
    Ok(ignored)
}

/// Whether a file's name says it holds ownership data.
fn looks_like_ownership(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name == "own.yml" || name.ends_with(".own.yaml") || name.ends_with(".own.yml")
}

/// Where the files the `include` globs can select lie.
pub(crate) fn include_scopes(manifest: &crate::model::Manifest) -> Vec<Scope> {
    include_globs(manifest)
        .iter()
        .map(|glob| Scope::of_glob(glob))
        .collect()
}

/// The manifest's `include` globs as written (the default when it names none).
fn include_globs(manifest: &crate::model::Manifest) -> Vec<&str> {
    match &manifest.include {
        Some(list) => list.0.iter().map(|g| g.value.as_str()).collect(),
        None => vec![DEFAULT_INCLUDE],
    }
}

/// The manifest's `include` globs compiled (`None` when they select nothing).
pub(crate) fn include_set(
    manifest: &crate::model::Manifest,
    source: &Arc<SourceFile>,
) -> Result<Option<GlobSet>> {
    let default = [crate::model::Spanned::new(
        DEFAULT_INCLUDE.to_owned(),
        Span::default(),
    )];
    let globs = match &manifest.include {
        Some(list) => list.0.as_slice(),
        None => &default,
    };
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let text = glob.value.as_str();
        if escapes_root(text) {
            return Err(Error::Config {
                message: format!("include glob `{text}` reaches outside the ownership root"),
                help: Some(
                    "include globs are relative to the folder of `own.yaml`, with `/` separators and no `..`"
                        .into(),
                ),
                at: Some(Located::new(source.clone(), glob.span, "this glob")),
            });
        }
        let compiled = GlobBuilder::new(text)
            .literal_separator(true)
            .build()
            .map_err(|e| Error::Config {
                message: format!("invalid include glob `{text}`: {}", e.kind()),
                help: Some("globs use `*`, `?`, `**` and `{a,b}`".into()),
                at: Some(Located::new(source.clone(), glob.span, "this glob")),
            })?;
        builder.add(compiled);
    }
    let set = builder.build().map_err(|e| Error::Config {
        message: format!("invalid include globs: {e}"),
        help: None,
        at: None,
    })?;
    Ok(Some(set))
}

/// `own.yaml` on its own: its settings, the role scheme and the compiled `include` globs.
/// History reads this first, then only the included files that changed.
pub(crate) struct ManifestInfo {
    pub(crate) scheme: Scheme,
    pub(crate) include: Option<GlobSet>,
    /// The `include` globs as written (the default when none is).
    pub(crate) globs: Vec<String>,
}

/// Read `own.yaml` from its bytes (`name` is how diagnostics call it).
pub(crate) fn read_manifest(name: String, bytes: Vec<u8>) -> Result<ManifestInfo> {
    let source = Arc::new(text_of(name, bytes)?);
    let mut parsed = document::parse(FileId(0), source.clone(), true)?;
    let manifest = parsed.manifest()?;
    let scheme = match &manifest.scheme {
        Some(config) => build_scheme(config, FileId(0), &source)?,
        None => Scheme::raci(),
    };
    let include = include_set(&manifest, &source)?;
    let globs = match &manifest.include {
        Some(list) => list.0.iter().map(|g| g.value.clone()).collect(),
        None => vec![DEFAULT_INCLUDE.to_owned()],
    };
    Ok(ManifestInfo {
        scheme,
        include,
        globs,
    })
}

/// One file on its own, as an organisation holding only what the file defines (with the
/// scheme given; `own.yaml` also gives its settings, but the scheme is the one given).
pub(crate) fn file_org(
    name: String,
    bytes: Vec<u8>,
    scheme: &Scheme,
    is_manifest: bool,
) -> Result<Org> {
    let source = Arc::new(text_of(name, bytes)?);
    let mut parsed = document::parse(FileId(0), source, is_manifest)?;
    let manifest = if is_manifest {
        Some(parsed.manifest()?)
    } else {
        None
    };
    let doc = parsed.document(scheme)?;
    let mut org = Org {
        scheme: scheme.clone(),
        manifest_file: manifest.is_some().then_some(FileId(0)),
        manifest: manifest.unwrap_or_default(),
        ..Org::default()
    };
    merge(&mut org, FileId(0), doc);
    Ok(org)
}

fn build_scheme(config: &SchemeConfig, file: FileId, source: &Arc<SourceFile>) -> Result<Scheme> {
    let at = |span: Span, label: &str| Some(Located::new(source.clone(), span, label));
    let config_error = |message: String, help: &str, span: Span, label: &str| Error::Config {
        message,
        help: Some(help.to_owned()),
        at: at(span, label),
    };
    if config.roles.0.is_empty() {
        return Err(Error::Config {
            message: "the scheme declares no roles".into(),
            help: Some(
                "declare the roles under `scheme: roles:`, or remove `scheme` to use RACI".into(),
            ),
            at: None,
        });
    }
    let owners: Vec<_> = config
        .roles
        .0
        .iter()
        .filter(|(_, r)| r.accountable.as_ref().is_some_and(|a| a.value))
        .collect();
    let owner = match owners.as_slice() {
        [(name, _)] => name,
        [] => {
            return Err(config_error(
                "no role of the scheme is marked `accountable: true`".into(),
                "mark exactly one role as the owner role, e.g. `approver: { accountable: true }`",
                config.roles.0[0].0.span,
                "roles start here",
            ));
        }
        [(first, _), (second, _), ..] => {
            let mut located = Located::new(source.clone(), second.span, "also marked accountable");
            located
                .also
                .push((first.span, "marked accountable here".to_owned()));
            return Err(Error::Config {
                message: "more than one role of the scheme is marked `accountable: true`".into(),
                help: Some(
                    "exactly one role is the owner role that `own::one-accountable` checks".into(),
                ),
                at: Some(located),
            });
        }
    };
    let mut roles = Vec::with_capacity(config.roles.0.len());
    for (name, role) in &config.roles.0 {
        if crate::model::duty::DUTY_FIELDS.contains(&name.value.as_str()) {
            return Err(config_error(
                format!("`{}` is a duty field and cannot be a role name", name.value),
                "rename the role",
                name.span,
                "this role",
            ));
        }
        let is_owner = name.value == owner.value;
        let min = role.min.as_ref().map(|m| m.value);
        let max = role.max.as_ref().map(|m| m.value);
        if is_owner && (min.is_some_and(|m| m != 1) || max.is_some_and(|m| m != 1)) {
            let span = role
                .min
                .as_ref()
                .or(role.max.as_ref())
                .map_or(name.span, |s| s.span);
            return Err(config_error(
                format!("the owner role `{}` takes exactly one holder", name.value),
                "remove `min` and `max` from the owner role",
                span,
                "here",
            ));
        }
        if let (Some(min), Some(max)) = (min, max)
            && min > max
        {
            return Err(config_error(
                format!("role `{}` has `min: {min}` above `max: {max}`", name.value),
                "make `min` at most `max`",
                name.span,
                "this role",
            ));
        }
        roles.push(Role {
            name: name.value.clone(),
            min: if is_owner { 1 } else { min.unwrap_or(0) },
            max: if is_owner { Some(1) } else { max },
            person: role.person.as_ref().map_or(is_owner, |p| p.value),
            description: role.description.as_ref().map(|d| d.value.clone()),
            defined: Some(Loc {
                file,
                span: name.span,
            }),
        });
    }
    let owner = roles
        .iter()
        .position(|r| r.name == owner.value)
        .unwrap_or(0);
    Ok(Scheme {
        roles,
        owner,
        builtin: false,
    })
}

/// Add one file's items to the organisation, recording ids defined twice.
fn merge(org: &mut Org, file: FileId, doc: Document) {
    let loc = |span: Span| Loc { file, span };
    let people = doc.people;
    // The first file with people becomes the organisation's index as it is (the ids a team
    // of an earlier file has taken out), so a large people file is never held twice.
    if org.people.is_empty() {
        org.people = people;
        let taken: Vec<String> = org
            .people
            .keys()
            .filter(|id| org.teams.contains_key(*id))
            .cloned()
            .collect();
        for id in taken {
            let (Some(defined), Some(team)) = (org.people.shift_remove(&id), org.teams.get(&id))
            else {
                continue;
            };
            org.duplicates.push(Duplicate {
                kind: "person",
                first_kind: "team",
                id: defined.id,
                first: team.loc(),
                second: loc(defined.key),
            });
        }
    } else {
        org.people.reserve(people.len());
        for (id, defined) in people {
            if let Some(first) = first_holder(org, &id) {
                org.duplicates.push(Duplicate {
                    kind: "person",
                    first_kind: first.0,
                    id,
                    first: first.1,
                    second: loc(defined.key),
                });
                continue;
            }
            org.people.insert(id, defined);
        }
    }
    for (id, team) in doc.teams {
        if let Some(first) = first_holder(org, &id.value) {
            org.duplicates.push(Duplicate {
                kind: "team",
                first_kind: first.0,
                id: id.value,
                first: first.1,
                second: loc(id.span),
            });
            continue;
        }
        org.teams.insert(id.value.clone(), defined(id, file, team));
    }
    insert_all(
        &mut org.duties,
        &mut org.duplicates,
        "duty",
        file,
        doc.duties,
    );
    insert_all(
        &mut org.delegations,
        &mut org.duplicates,
        "delegation",
        file,
        doc.delegations,
    );
    insert_all(
        &mut org.handoffs,
        &mut org.duplicates,
        "handoff",
        file,
        doc.handoffs,
    );
    org.unknown_keys.extend(doc.unknown);
    org.invalid_values.extend(doc.invalid);
}

fn first_holder(org: &Org, id: &str) -> Option<(&'static str, Loc)> {
    if let Some(p) = org.people.get(id) {
        Some(("person", p.loc()))
    } else {
        org.teams.get(id).map(|t| ("team", t.loc()))
    }
}

fn defined<T>(id: crate::model::Spanned<String>, file: FileId, item: T) -> Defined<T> {
    Defined {
        id: id.value,
        file,
        key: id.span,
        item,
    }
}

fn insert_all<T>(
    map: &mut crate::model::org::IdIndex<T>,
    duplicates: &mut Vec<Duplicate>,
    kind: &'static str,
    file: FileId,
    items: Vec<(crate::model::Spanned<String>, T)>,
) {
    for (id, item) in items {
        if let Some(first) = map.get(&id.value) {
            duplicates.push(Duplicate {
                kind,
                first_kind: kind,
                id: id.value,
                first: first.loc(),
                second: Loc {
                    file,
                    span: id.span,
                },
            });
            continue;
        }
        map.insert(id.value.clone(), defined(id, file, item));
    }
}
