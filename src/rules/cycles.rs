//! Loops in a chain where each item names at most one next item (a person's manager, a
//! team's parent), shared by `own::manager-cycle` and `own::team-cycle`.

/// Every loop once, as the indices on it in chain order. Linear in the number of items:
/// each is walked once, whatever the depth of the chains.
pub(crate) fn cycles(len: usize, next: impl Fn(usize) -> Option<usize>) -> Vec<Vec<usize>> {
    // 0 = not visited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; len];
    let mut found = Vec::new();
    for start in 0..len {
        let mut path: Vec<usize> = Vec::new();
        let mut current = Some(start);
        while let Some(index) = current.filter(|&i| i < len) {
            match state[index] {
                2 => break,
                1 => {
                    let from = path.iter().position(|&p| p == index).unwrap_or(0);
                    found.push(path[from..].to_vec());
                    break;
                }
                _ => {}
            }
            state[index] = 1;
            path.push(index);
            current = next(index);
        }
        for index in path {
            state[index] = 2;
        }
    }
    found
}

/// The loop rotated to start at its smallest id, and written `a → b → a`, so a report does
/// not depend on where the loop was found. `None` for an empty loop.
pub(crate) fn rotate(ids: &[&str]) -> Option<(usize, String)> {
    let first = (0..ids.len()).min_by_key(|&i| ids[i])?;
    let ordered: Vec<&str> = ids[first..].iter().chain(&ids[..first]).copied().collect();
    let chain = ordered
        .iter()
        .copied()
        .chain(std::iter::once(ordered[0]))
        .collect::<Vec<_>>()
        .join(" → ");
    Some((first, chain))
}
