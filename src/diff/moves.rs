//! The files that move between duties from one state to the other.

use super::*;

/// Files whose owning duty changes.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct PathMoves {
    pub(crate) changed: usize,
    pub(crate) examples: Vec<PathMove>,
    /// The moves grouped by (from, to), largest first, each with the folder its files share.
    pub(crate) groups: Vec<PathGroup>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct PathGroup {
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) files: usize,
    /// The folder all the group's files share (`src/net/`), or empty.
    pub(crate) folder: String,
    pub(crate) examples: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct PathMove {
    pub(crate) path: String,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
}

/// The files that change owner between two states ("212 files under `src/net/` move from
/// `core` to `networking`"): every tracked file of HEAD resolved under both states' patterns.
pub(crate) fn path_moves(
    base: Option<(&Org, &crate::paths::PathCoverage)>,
    head: Option<(&Org, &crate::paths::PathCoverage)>,
) -> PathMoves {
    let moves = crate::paths::moves::moves(base, head);
    let examples = moves
        .groups
        .iter()
        .flat_map(|g| {
            g.examples.iter().map(|path| PathMove {
                path: path.clone(),
                from: g.from.clone(),
                to: g.to.clone(),
            })
        })
        .take(10)
        .collect();
    PathMoves {
        changed: moves.changed,
        examples,
        groups: moves
            .groups
            .into_iter()
            .map(|g| PathGroup {
                from: g.from,
                to: g.to,
                files: g.count,
                folder: g.common_folder,
                examples: g.examples,
            })
            .collect(),
    }
}

/// The duty that owns a path (relative to the ownership root) in a snapshot, by the most
/// specific pattern (`None` when no pattern matches, or two duties tie).
pub(crate) fn owner_in(snapshot: &Snapshot, path: &str) -> Option<String> {
    let mut builder = crate::paths::PatternSet::builder();
    for (duty, view) in snapshot.duties.values().enumerate() {
        for raw in &view.paths {
            if let Ok(pattern) = crate::paths::PathPattern::parse(raw) {
                builder.add(pattern, duty);
            }
        }
    }
    let set = builder.build();
    match set.resolve(path, &mut Vec::new()) {
        crate::paths::Resolution::Owned { pattern } => snapshot
            .duties
            .get_index(set.owner(pattern))
            .map(|(id, _)| id.clone()),
        _ => None,
    }
}
