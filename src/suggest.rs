//! "Did you mean …?": the nearest names to a misspelled one.

/// The candidates closest to `word`, best first: small edit distances, then names that
/// contain the word (or are contained in it). At most `limit` results.
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let lower = word.to_lowercase();
    // Allow about one edit per four characters, at least one.
    let budget = (word.chars().count() / 4).max(1) + 1;
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != word)
        .filter_map(|candidate| {
            let c_lower = candidate.to_lowercase();
            let distance = strsim::damerau_levenshtein(&lower, &c_lower);
            if distance <= budget {
                Some((distance, candidate))
            } else if lower.len() >= 3 && (c_lower.contains(&lower) || lower.contains(&c_lower)) {
                Some((budget + 1, candidate))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// The single nearest candidate, if any is near.
pub fn best<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    nearest(word, candidates, 1).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_substrings() {
        let names = ["alice", "bob", "carol", "patch-management"];
        assert_eq!(best("alcie", names), Some("alice"));
        assert_eq!(best("patch", names), Some("patch-management"));
        assert_eq!(best("zed", names), None);
        assert_eq!(nearest("bob", names, 3), Vec::<&str>::new());
    }
}
