//! Path ownership: CODEOWNERS patterns with GitHub's exact meaning, resolving many files at
//! once (the most specific pattern wins), coverage of the files that must be owned, and
//! reading and writing GitHub and GitLab CODEOWNERS files.

pub mod bridge;
pub mod codeowners;
pub mod coverage;
pub mod matcher;
pub mod moves;
pub mod pattern;

pub use coverage::PathCoverage;
pub use matcher::{PatternSet, Resolution};
pub use pattern::{PathPattern, PatternError, Specificity};
