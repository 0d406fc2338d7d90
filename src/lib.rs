//! `own` keeps a team's responsibility matrix (RACI) and ownership rules as YAML in git,
//! checks that every duty has exactly one accountable owner (and much more), answers "who
//! owns this?", renders reports and diffs role changes.
//!
//! The data flows load → model → rules → render: [`load`] finds and parses the files,
//! [`model`] holds the organisation, [`rules`] judge it, and `render` formats every byte
//! that reaches stdout. `commands` wires one subcommand each; `cli` defines the arguments.

pub mod alerts;
mod cli;
mod codes;
mod commands;
mod diff;
mod edit;
pub mod error;
mod evaluation;
pub mod files;
#[doc(hidden)]
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
mod git;
mod history;
mod import;
pub mod load;
pub mod model;
mod parallel;
pub mod paths;
mod query;
mod render;
mod report;
pub mod rules;
pub mod source;
pub mod suggest;
mod workspace;
pub(crate) mod yaml;

use std::ffi::OsString;
use std::process::ExitCode;

pub use error::{Error, Result};

/// Exit code: no deny-level finding.
pub const EXIT_OK: u8 = 0;
/// Exit code: deny-level findings (or a `--check` that found drift).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: evaluation could not run.
pub const EXIT_ERROR: u8 = 2;

/// Run `own` with the given arguments (the first is the program name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    ExitCode::from(cli::run(args))
}
