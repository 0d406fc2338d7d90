//! The JSON contract (DESIGN.md §11): every answer's wire types, one file per answer, and the
//! one envelope they are written in.
//!
//! Every answer is `{"version": 1, "kind": …, …}`: [`Envelope`] writes `version` (and
//! `kind`, for the answers that have one) before the answer's own fields, so no answer can
//! forget them or spell them differently. The wire types are built from the answers' plain
//! data (`query`'s cards, `report`'s views, findings, changes); fields are only ever added,
//! never renamed, since scripts read them.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::Absence;
use crate::workspace::Stamp;

pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod error;
pub(crate) mod files;
pub(crate) mod log;
pub(crate) mod report;
pub(crate) mod rules;
pub(crate) mod who;

/// The version of the contract every answer carries.
pub(crate) const VERSION: u32 = 1;

/// An answer as written: `version`, then `kind` where the answer has one, then the answer.
#[derive(Serialize)]
pub(crate) struct Envelope<T> {
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(flatten)]
    body: T,
}

/// Write an answer of `kind` (`None` for the answers whose contract has no `kind`: `check`,
/// `diff`, `log` and errors), pretty-printed, with a final line break.
pub(crate) fn write<T: Serialize>(
    out: &mut dyn Write,
    kind: Option<&'static str>,
    body: T,
) -> io::Result<()> {
    let envelope = Envelope {
        version: VERSION,
        kind,
        body,
    };
    serde_json::to_writer_pretty(&mut *out, &envelope)?;
    writeln!(out)
}

/// What an answer was read from: flattened into the answers that say it.
#[derive(Serialize)]
pub(crate) struct ReadFrom<'a> {
    /// The commit read, or the working tree's `HEAD` (`null` outside git or before the
    /// first commit).
    commit: Option<&'a str>,
    /// The working tree's ownership files differ from `commit` (uncommitted changes).
    dirty: bool,
}

impl<'a> ReadFrom<'a> {
    pub(crate) fn of(stamp: Option<&'a Stamp>) -> ReadFrom<'a> {
        ReadFrom {
            commit: stamp.and_then(Stamp::commit),
            dirty: stamp.is_some_and(|s| s.dirty),
        }
    }
}

/// An `away:` period, as `own who PERSON` and `own report people` write it.
#[derive(Serialize)]
pub(crate) struct Period<'a> {
    from: String,
    to: String,
    reason: Option<&'a str>,
}

impl<'a> Period<'a> {
    pub(crate) fn of(absence: &'a Absence) -> Period<'a> {
        Period {
            from: absence.from.value.to_string(),
            to: absence.to.value.to_string(),
            reason: absence.reason.as_ref().map(|r| r.value.as_str()),
        }
    }
}

/// A JSON object that keeps its keys in the given order (role names in scheme order).
pub(crate) struct JsonMap<K, V>(pub(crate) Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for JsonMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A delegation, as `own who` and `own report delegations` write it.
#[derive(Serialize)]
pub(crate) struct DelegationJson<'a> {
    pub(crate) id: &'a str,
    pub(crate) duty: &'a str,
    pub(crate) from: &'a str,
    pub(crate) to: &'a str,
    pub(crate) expect: Option<&'a str>,
    pub(crate) due: Option<String>,
    pub(crate) report_to: Option<&'a str>,
    /// `overdue`, `open` or `done`: in reports only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) status: Option<&'static str>,
    pub(crate) done: bool,
    pub(crate) overdue: bool,
}

impl<'a> DelegationJson<'a> {
    pub(crate) fn new(
        d: &'a crate::model::org::Defined<crate::model::Delegation>,
        status: crate::report::DelegationStatus,
    ) -> DelegationJson<'a> {
        use crate::report::DelegationStatus;
        DelegationJson {
            id: &d.id,
            duty: &d.duty.value,
            from: &d.from.value,
            to: &d.to.value,
            expect: d.expect.as_ref().map(|e| e.value.trim()),
            due: d.due.as_ref().map(|m| m.value.to_string()),
            report_to: d.report_to.as_ref().map(|r| r.value.as_str()),
            status: None,
            done: status == DelegationStatus::Done,
            overdue: status == DelegationStatus::Overdue,
        }
    }
}
