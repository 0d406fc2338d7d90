//! Every alert and detection with its source, its owning duty, and where it is routed
//! (`own report alerts`), and per source how many are owned and routed to their owner.

use crate::alerts::{AlertCoverage, AlertDef};
use crate::model::Org;
use crate::query::alert::{RouteAnswer, routes_of};

/// One alert of the sources.
#[derive(Debug)]
pub(crate) struct AlertRow<'a> {
    pub(crate) def: &'a AlertDef,
    /// The owning duty (by `alerts:`), if any.
    pub(crate) duty: Option<&'a str>,
    /// Where `coverage.routing` delivers it (Prometheus alerts with routing configured).
    pub(crate) routes: Vec<RouteAnswer<'a>>,
}

impl AlertRow<'_> {
    /// With routing: whether a receiver it reaches is its owning duty's.
    pub(crate) fn reaches_owner(&self) -> Option<bool> {
        if self.routes.is_empty() {
            return None;
        }
        Some(
            self.duty
                .is_some_and(|duty| self.routes.iter().any(|r| r.duties.contains(&duty))),
        )
    }
}

/// Per `coverage.alerts` source: the alerts read, owned, routed and routed to their owner.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub(crate) struct SourceCounts {
    pub(crate) source: usize,
    pub(crate) format: &'static str,
    pub(crate) alerts: usize,
    pub(crate) owned: usize,
    /// Alerts the routing configurations deliver (Prometheus alerts, with routing).
    pub(crate) routed: usize,
    /// Of those, the ones that reach a receiver of their owning duty.
    pub(crate) routed_to_owner: usize,
}

/// Every alert, in source order.
pub(crate) fn alerts<'a>(org: &'a Org, coverage: &'a AlertCoverage) -> Vec<AlertRow<'a>> {
    coverage
        .defs
        .iter()
        .map(|def| AlertRow {
            def,
            duty: coverage
                .patterns
                .owner_of(def)
                .and_then(|p| org.duties.get_index(p.duty))
                .map(|(id, _)| id.as_str()),
            routes: routes_of(org, coverage, def),
        })
        .collect()
}

/// The counts of each source, in `coverage.alerts` order.
pub(crate) fn source_counts(org: &Org, rows: &[AlertRow<'_>]) -> Vec<SourceCounts> {
    let mut counts: Vec<SourceCounts> = org
        .manifest
        .coverage
        .alerts
        .iter()
        .enumerate()
        .map(|(source, s)| SourceCounts {
            source,
            format: s.format.value.as_str(),
            ..SourceCounts::default()
        })
        .collect();
    for row in rows {
        let Some(c) = counts.get_mut(row.def.source) else {
            continue;
        };
        c.alerts += 1;
        c.owned += usize::from(row.duty.is_some());
        if let Some(reaches) = row.reaches_owner() {
            c.routed += 1;
            c.routed_to_owner += usize::from(reaches);
        }
    }
    counts
}
