//! One module per subcommand: its arguments (whose doc comments are the help text) and the
//! function that runs it.

pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod init;
pub(crate) mod man;
pub(crate) mod rules;
pub(crate) mod schema;
