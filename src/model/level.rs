//! How seriously a finding is taken: a value of the model, since `rules:` in `own.yaml`
//! holds levels (the rules only apply them).

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How seriously a finding is taken.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; does not fail `own check`.
    Warn,
    /// Reported; `own check` exits 1.
    Deny,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
