//! One module per subcommand: its arguments (whose doc comments are the help text) and the
//! function that runs it.

pub(crate) mod check;
pub(crate) mod codeowners;
pub(crate) mod completions;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod man;
pub(crate) mod report;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod who;

use std::path::PathBuf;

use crate::alerts::AlertCoverage;
use crate::cli::Env;
use crate::error::Result;
use crate::load::{self, DiskTree, Loaded, Tree};
use crate::paths::PathCoverage;

/// An organisation loaded for a command, the root it was loaded from, and the tree that
/// holds its files (for coverage, read from the same place as the organisation).
pub(crate) struct Session {
    pub(crate) root: PathBuf,
    pub(crate) loaded: Loaded,
    pub(crate) tree: Box<dyn Tree>,
}

/// What must be owned besides duties: files and alert types.
pub(crate) struct Coverage {
    pub(crate) paths: Option<PathCoverage>,
    pub(crate) alerts: AlertCoverage,
}

impl Session {
    /// Resolve file and alert ownership (files only when the organisation uses paths).
    pub(crate) fn coverage(&mut self, env: &Env) -> Result<Coverage> {
        let started = std::time::Instant::now();
        let org = &self.loaded.org;
        let paths = if PathCoverage::wanted(org) {
            let files = self.tree.tracked()?;
            Some(PathCoverage::build(
                org,
                &self.loaded.sources,
                files,
                self.tree.repo_prefix(),
            )?)
        } else {
            None
        };
        let max = load::max_file_size(&org.manifest);
        let alerts = AlertCoverage::build(org, &*self.tree, &mut self.loaded.sources, max)?;
        env.trace(|| {
            format!(
                "resolved {} files and {} alerts in {:.0?}",
                paths.as_ref().map_or(0, |p| p.files.len()),
                alerts.defs.len(),
                started.elapsed()
            )
        });
        Ok(Coverage { paths, alerts })
    }
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
    Ok(Session {
        root,
        loaded,
        tree: Box::new(tree),
    })
}
