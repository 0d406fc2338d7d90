//! `own man`: the man page, generated from the clap definitions.

use crate::error::Result;
use crate::render::Output;

/// Print the man page (roff). Install with `own man > /usr/local/share/man/man1/own.1`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: &Args, out: &mut Output) -> Result<u8> {
    clap_mangen::Man::new(crate::cli::command())
        .render(out)
        .map_err(crate::render::write_error)?;
    Ok(crate::EXIT_OK)
}
