//! "Did you mean …?": the nearest names to a misspelled one.

/// The candidates closest to `word`, best first: small edit distances, then names that
/// contain the word (or are contained in it). At most `limit` results.
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let lower = word.to_lowercase();
    let length = lower.chars().count();
    // Allow about one edit per four characters, at least one.
    let budget = (length / 4).max(1) + 1;
    // The edit distance costs the product of the lengths: it is computed only for names of
    // similar length, short enough to be typed, and for a bounded number of candidates, so
    // hostile 1,000-character ids cannot make a "did you mean" take seconds.
    let typed = length <= MAX_TYPED;
    let mut compared = 0usize;
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != word)
        .filter_map(|candidate| {
            let c_lower = candidate.to_lowercase();
            let c_length = c_lower.chars().count();
            let similar = typed && c_length.abs_diff(length) <= budget;
            if similar && compared < MAX_COMPARISONS {
                compared += 1;
                let distance = strsim::damerau_levenshtein(&lower, &c_lower);
                if distance <= budget {
                    return Some((distance, candidate));
                }
            }
            let substring = length >= 3 && (c_lower.contains(&lower) || lower.contains(&c_lower));
            substring.then_some((budget + 1, candidate))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// The longest name the edit distance is computed for (longer ones are matched by
/// substring only).
const MAX_TYPED: usize = 64;

/// The most edit distances one suggestion computes.
const MAX_COMPARISONS: usize = 20_000;

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

    #[test]
    fn long_names_are_compared_by_substring_only() {
        let long = "x".repeat(1000);
        let longer = format!("{long}y");
        assert_eq!(best(&long, [longer.as_str()]), Some(longer.as_str()));
        let other = "z".repeat(1000);
        assert_eq!(best(&long, [other.as_str()]), None);
    }
}
