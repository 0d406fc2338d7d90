//! The domain: people, teams, duties, the role scheme, delegations, handoffs and the
//! manifest's settings, as pure data.
//!
//! The types that appear in ownership files derive `Deserialize` (read through `yaml::de`)
//! and `JsonSchema` (the published schema is generated from them). [`Org`] is one loaded
//! organisation: every file's content merged, with where each item was defined. Nothing here
//! reads files or judges content; see `load` and `rules`.

pub mod date;
pub mod duty;
pub mod level;
pub mod manifest;
pub mod org;
pub mod people;
pub mod presence;
pub mod scheme;
pub mod spanned;
pub mod work;

pub use date::{Date, Moment, Period};
pub use duty::{Duty, DutyFields, RoleAssignment};
pub use level::Level;
pub use manifest::Manifest;
pub use org::{Defined, Org};
pub use people::{Absence, Person, Status, Team};
pub use scheme::{Role, Scheme};
pub use spanned::Spanned;
pub use work::{Delegation, Handoff};
