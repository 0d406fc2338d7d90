//! `own completions SHELL`: shell completion scripts, generated from the clap definitions.

use crate::error::Result;
use crate::render::Output;

/// Print a shell completion script.
///
/// For example `own completions bash > ~/.local/share/bash-completion/completions/own`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

pub(crate) fn run(args: &Args, out: &mut Output) -> Result<u8> {
    let mut command = crate::cli::command();
    clap_complete::generate(args.shell, &mut command, "own", out);
    Ok(crate::EXIT_OK)
}
