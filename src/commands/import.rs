//! `own import codeowners FILE`: bootstrap duties from an existing CODEOWNERS file.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::Env;
use crate::error::{Error, Result};
use crate::import::{self, Existing};
use crate::paths::codeowners;
use crate::render::{Output, write_atomic, written};

/// Import ownership from another format.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    pub(crate) source: Source,
}

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Source {
    /// Turn a GitHub or GitLab CODEOWNERS file into duties, one per set of owners.
    ///
    /// Each duty gets the file's patterns and its owners as `responsible`; the accountable
    /// is left for you to name (`own check` reports every duty without one). Lines GitHub
    /// would reject are reported on stderr and kept as comments.
    Codeowners(CodeownersArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct CodeownersArgs {
    /// The CODEOWNERS file.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,

    /// Read the file with GitLab's rules (floating middle-slash patterns, sections).
    #[arg(long)]
    pub(crate) gitlab: bool,

    /// Write the ownership file to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

pub(crate) fn run(env: &Env, args: &Args, out: &mut Output) -> Result<u8> {
    let Source::Codeowners(args) = &args.source;
    // A CODEOWNERS file is repository content: it may not lead out of its repository (or,
    // outside git, out of its folder).
    let name = args.file.display().to_string();
    let folder = match args.file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let within = crate::files::repository_top(folder)?;
    let bytes = crate::files::read_regular(
        &args.file,
        &name,
        Some(&within),
        crate::load::DEFAULT_MAX_FILE_SIZE,
    )?;
    let text = String::from_utf8(bytes).map_err(|_| Error::Read {
        path: name.clone(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"),
    })?;
    let parsed = codeowners::parse(&text);
    // The files the platform gives owners to: the repository's tracked files (or, outside
    // git, a walk that honours `.gitignore`), with paths from its top as CODEOWNERS has them.
    let files = crate::files::Tree::tracked(&crate::files::DiskTree::new(&within)?)?;
    // With an organisation in reach, its people and teams are named, not defined again.
    let existing = match super::load_org(env) {
        Ok(session) => Existing::of(&session.loaded.org),
        Err(Error::NoManifest { .. } | Error::GitBare { .. }) => Existing::default(),
        Err(e) => return Err(e),
    };
    let imported = import::codeowners(
        &parsed,
        &args.file.display().to_string(),
        args.gitlab,
        Some(&files),
        &existing,
    );
    let yaml = crate::render::import::yaml(&imported);
    for problem in &imported.problems {
        written::import_warning(problem);
    }
    let verdict = imported
        .bridged
        .as_ref()
        .map(|b| written::verification(&b.bridge, b.platform, &b.owner_sets));
    match &args.output {
        Some(path) => {
            write_atomic(path, yaml.as_bytes())?;
            if !env.quiet {
                written::import_wrote(path, out).map_err(crate::render::write_error)?;
            }
        }
        None => out
            .write_all(yaml.as_bytes())
            .map_err(crate::render::write_error)?,
    }
    let Some((line, same)) = verdict else {
        return Ok(crate::EXIT_OK);
    };
    written::import_verdict(&line, args.output.is_some(), out)
        .map_err(crate::render::write_error)?;
    Ok(if same {
        crate::EXIT_OK
    } else {
        crate::EXIT_FINDINGS
    })
}
