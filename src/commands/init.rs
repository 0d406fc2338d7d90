//! `own init`: scaffold an organisation a new user can edit.

use std::path::Path;

use crate::cli::Env;
use crate::commands::schema::{Kind, schema_text};
use crate::error::{Error, Result};
use crate::render::{Output, write_atomic, written};

/// Create `own.yaml` and an example ownership file in the current folder (or `-C DIR`).
///
/// The files pass `own check`; edit them to describe your organisation. Editor schemas are
/// written to `.own/` and referenced from each file's first line.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Overwrite existing files.
    #[arg(long)]
    pub(crate) force: bool,
}

const MANIFEST: &str = "\
# yaml-language-server: $schema=.own/own.schema.json
# The ownership manifest. `own check` validates this folder; `own rules` lists the checks.
version: 1

# Files holding people, teams, duties, delegations and handoffs.
include: [\"**/*.own.yaml\"]

policy:
  max-accountable: 8      # warn when someone is accountable for more duties
  review-every: 180d      # warn when a duty was last reviewed longer ago

# Rule levels: allow, warn or deny.
rules:
  own::no-responsible: warn

# Findings accepted for a while, with a reason and an end date.
waivers: []
";

const EXAMPLE: &str = "\
# yaml-language-server: $schema=.own/own-include.schema.json
people:
  alex:
    name: Alex Example
    email: alex@example.com
    skills: [linux, patching]
  sam:
    name: Sam Example
    email: sam@example.com
    manager: alex
    skills: [linux]

teams:
  ops:
    name: Operations
    lead: alex
    members: [alex, sam]

duties:
  patch-management:
    title: Apply security patches to servers within 14 days of release
    accountable: alex       # exactly one person answers for the outcome
    responsible: [ops]      # people and teams who do the work
    consulted: []
    informed: []
    skills: [patching]
    reviewed: REVIEWED
";

pub(crate) fn run(env: &Env, args: &Args, out: &mut Output) -> Result<u8> {
    let dir = &env.dir;
    if !dir.is_dir() {
        return Err(Error::usage(format!("`{}` is not a folder", dir.display())));
    }
    let example = EXAMPLE.replace("REVIEWED", &env.today.to_string());
    let files: [(&str, String); 4] = [
        ("own.yaml", MANIFEST.to_owned()),
        ("ownership.own.yaml", example),
        (".own/own.schema.json", schema_text(Kind::Manifest)),
        (".own/own-include.schema.json", schema_text(Kind::Include)),
    ];
    if !args.force {
        for (name, _) in &files[..2] {
            if dir.join(name).exists() {
                return Err(Error::Usage {
                    message: format!("`{}` already exists", dir.join(name).display()),
                    help: Some("pass `--force` to overwrite it".into()),
                });
            }
        }
    }
    let root = dir.canonicalize().map_err(|source| Error::Read {
        path: dir.display().to_string(),
        source,
    })?;
    // A folder such as `.own` that is a link out of the folder is not written into; checked
    // before anything is written, so a refusal leaves nothing half made.
    for (name, _) in &files {
        let Some(parent) = dir.join(name).parent().map(Path::to_path_buf) else {
            continue;
        };
        let outside = std::fs::symlink_metadata(&parent).is_ok()
            && !parent.canonicalize().is_ok_and(|p| p.starts_with(&root));
        if outside {
            return Err(Error::Write {
                path: parent.display().to_string(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "leads outside the folder being initialised (a symbolic link?); remove it or point it inside",
                ),
            });
        }
    }
    for (name, text) in &files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.display().to_string(),
                source,
            })?;
        }
        write_atomic(&path, text.as_bytes())?;
        if !env.quiet {
            written::created(&Path::new(name).display().to_string(), out)
                .map_err(crate::render::write_error)?;
        }
    }
    if !env.quiet {
        written::init_done(out).map_err(crate::render::write_error)?;
    }
    Ok(crate::EXIT_OK)
}
