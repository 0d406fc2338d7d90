//! `own schema`: print the JSON Schema of ownership files.

use std::io::Write;

use clap::ValueEnum;

use crate::error::Result;
use crate::model::manifest::{DataFile, ManifestFile};
use crate::render::Output;

/// Print the JSON Schema of `own.yaml` or of included files, for editors and validators.
///
/// Point an editor at it with a first line such as
/// `# yaml-language-server: $schema=./own.schema.json`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Which file the schema describes.
    #[arg(value_enum, default_value_t = Kind::Manifest)]
    pub(crate) kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Kind {
    /// `own.yaml`: the manifest and any data sections.
    Manifest,
    /// An included file (`*.own.yaml`): people, teams, duties, delegations, handoffs.
    Include,
}

/// The schema text, as committed under `schema/`.
pub(crate) fn schema_text(kind: Kind) -> String {
    let schema = match kind {
        Kind::Manifest => schemars::schema_for!(ManifestFile),
        Kind::Include => schemars::schema_for!(DataFile),
    };
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

pub(crate) fn run(args: &Args, out: &mut Output) -> Result<u8> {
    out.write_all(schema_text(args.kind).as_bytes())
        .map_err(crate::render::write_error)?;
    Ok(crate::EXIT_OK)
}
