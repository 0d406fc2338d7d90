//! Integration tests: they run the real `own` binary on real files.
//!
//! One test binary (see `autotests = false` in Cargo.toml) so the suite links once.

mod alerts;
mod check;
mod commands;
mod determinism;
mod edit;
mod examples;
mod fuzz;
mod git;
mod git_hostile;
mod hostile;
mod levels;
mod operations;
mod paths;
mod report;
mod risk;
mod routing;
mod schema;
mod util;
mod who;
