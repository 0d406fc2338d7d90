//! `own who ALERTNAME`: which duty owns an alert type, and where the alert is defined.
//!
//! Ownership comes from the duties' `alerts:` globs ([`AlertPatterns`]: the most specific
//! pattern wins, then the duty defined first). The alert names defined in the
//! `coverage.alerts` sources (Prometheus rule files, lists) are read only when a query gets
//! this far, through [`AlertNames`]: reading them means listing the files under the root.

use crate::alerts::{AlertCoverage, AlertDef, AlertPatterns};
use crate::error::Result;
use crate::model::org::Defined;
use crate::model::{Duty, Org, Spanned};
use crate::source::Loc;

/// The alerts defined in the monitoring sources and where they are routed, read on first
/// use.
pub(crate) trait AlertNames {
    fn coverage(&mut self) -> Result<&AlertCoverage>;
}

/// Alerts already read (or none).
impl AlertNames for AlertCoverage {
    fn coverage(&mut self) -> Result<&AlertCoverage> {
        Ok(self)
    }
}

/// Where a routing configuration delivers the alert.
#[derive(Clone, Debug)]
pub(crate) struct RouteAnswer<'a> {
    pub(crate) receiver: String,
    /// The duties whose `receivers:` name it.
    pub(crate) duties: Vec<&'a str>,
    /// The matchers of the routes that led there, from the root down.
    pub(crate) matchers: Vec<String>,
    /// The route that took the alert.
    pub(crate) route: Loc,
}

/// A duty's `alerts:` pattern that matches the alert name.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AlertHit<'a> {
    pub(crate) duty: &'a Defined<Duty>,
    pub(crate) pattern: &'a Spanned<String>,
}

/// The answer to `own who ALERTNAME`.
#[derive(Clone, Debug)]
pub(crate) struct AlertAnswer<'a> {
    pub(crate) name: String,
    /// Every matching pattern, the winner first.
    pub(crate) hits: Vec<AlertHit<'a>>,
    /// Where the alert is defined in the `coverage.alerts` sources.
    pub(crate) defined: Vec<Loc>,
    /// Where `coverage.routing` delivers it (Prometheus alerts), in routing order.
    pub(crate) routes: Vec<RouteAnswer<'a>>,
}

impl<'a> AlertAnswer<'a> {
    pub(crate) fn winner(&self) -> Option<&AlertHit<'a>> {
        self.hits.first()
    }

    pub(crate) fn beaten(&self) -> &[AlertHit<'a>] {
        self.hits.get(1..).unwrap_or(&[])
    }
}

/// The owner of an alert (by its name, or the id its format gives it) and where it is
/// defined; `None` when no pattern matches it and no source defines it.
pub(crate) fn answer<'a>(
    org: &'a Org,
    coverage: &AlertCoverage,
    name: &str,
) -> Option<AlertAnswer<'a>> {
    let defs = &coverage.defs;
    let patterns = AlertPatterns::new(org);
    // A defined alert is owned by its name or its id; a name no source defines, by itself.
    let named: Vec<&AlertDef> = defs.iter().filter(|d| d.is_named(name)).collect();
    let matching = match named.first() {
        Some(def) => patterns.matching_def(def),
        None => patterns.matching(name),
    };
    let hits: Vec<AlertHit<'a>> = matching
        .into_iter()
        .filter_map(|p| {
            let (_, duty) = org.duties.get_index(p.duty)?;
            Some(AlertHit {
                duty,
                pattern: duty.fields.alerts.get(p.index)?,
            })
        })
        .collect();
    let defined: Vec<Loc> = named.iter().map(|d| d.loc).collect();
    let routes = named
        .first()
        .map(|def| routes_of(org, coverage, def))
        .unwrap_or_default();
    (!hits.is_empty() || !defined.is_empty()).then(|| AlertAnswer {
        name: named.first().map_or(name, |d| &d.name).to_owned(),
        hits,
        defined,
        routes,
    })
}

/// Where `coverage.routing` delivers a defined alert: each receiver, the duties that own it,
/// the matchers that led there and the route that took it.
pub(crate) fn routes_of<'a>(
    org: &'a Org,
    coverage: &AlertCoverage,
    def: &AlertDef,
) -> Vec<RouteAnswer<'a>> {
    coverage
        .deliveries(def)
        .into_iter()
        .map(|routed| {
            let routes = &routed.read.routing.routes;
            let matchers = routed
                .delivery
                .chain
                .iter()
                .flat_map(|&r| routes[r].matchers.iter().map(ToString::to_string))
                .collect();
            let taken = routed.delivery.chain.last().map_or(0, |&r| r);
            RouteAnswer {
                duties: crate::alerts::receiver_owners(org, &routed.delivery.receiver)
                    .into_iter()
                    .filter_map(|d| org.duties.get_index(d).map(|(id, _)| id.as_str()))
                    .collect(),
                receiver: routed.delivery.receiver,
                matchers,
                route: Loc {
                    file: routed.read.file,
                    span: routes[taken].span,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::testing::Fixture;
    use crate::source::{FileId, Span};

    #[test]
    fn the_most_specific_pattern_wins_and_sources_say_where_alerts_live() {
        let f = Fixture::new(
            "people:\n  a: {}\nduties:\n  siem: { accountable: a, alerts: [\"Siem*\"] }\n  ingest: { accountable: a, alerts: [\"SiemIngest*\"] }\n",
        );
        let org = &f.loaded.org;
        let def = |name: &str| AlertDef {
            name: name.into(),
            id: None,
            loc: Loc {
                file: FileId(0),
                span: Span::new(0, 1),
            },
            source: 0,
            format: crate::model::manifest::AlertFormat::List,
            labels: Vec::new(),
        };
        let defs = AlertCoverage {
            defs: vec![def("SiemIngestLag"), def("VulnScanStale")],
            ..AlertCoverage::default()
        };
        let a = answer(org, &defs, "SiemIngestLag").unwrap();
        let ids: Vec<_> = a.hits.iter().map(|h| h.duty.id.as_str()).collect();
        assert_eq!(ids, ["ingest", "siem"]);
        assert_eq!(a.defined.len(), 1);
        // Known from a source, owned by nobody.
        let a = answer(org, &defs, "VulnScanStale").unwrap();
        assert!(a.winner().is_none());
        assert_eq!(a.defined.len(), 1);
        // Matched by a pattern, defined nowhere.
        assert!(answer(org, &defs, "SiemNew").is_some());
        assert!(answer(org, &defs, "Nothing").is_none());
    }
}
