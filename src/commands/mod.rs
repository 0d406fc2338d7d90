//! One module per subcommand: its arguments (whose doc comments are the help text) and the
//! function that runs it.

pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod init;
pub(crate) mod man;
pub(crate) mod report;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod who;

use std::path::PathBuf;

use crate::cli::Env;
use crate::error::Result;
use crate::load::{self, DiskTree, Loaded};

/// An organisation loaded for a command, and the root it was loaded from.
pub(crate) struct Session {
    pub(crate) root: PathBuf,
    pub(crate) loaded: Loaded,
}

/// Find the root and load the organisation: the one place every command reads files, so
/// that reading from a git revision can be added here for all of them.
pub(crate) fn load_org(env: &Env) -> Result<Session> {
    let started = std::time::Instant::now();
    let root = env.root()?;
    let tree = DiskTree::new(&root)?;
    let loaded = load::load(&tree)?;
    env.trace(|| {
        format!(
            "loaded {} files under {} in {:.0?}",
            loaded.sources.len(),
            root.display(),
            started.elapsed()
        )
    });
    Ok(Session { root, loaded })
}
