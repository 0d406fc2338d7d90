//! Matching findings between two states (`own check --new-since`, `own diff`): a rules
//! concept, since it is about what counts as the same finding.

use std::collections::HashMap;

use super::Finding;

/// The findings of `findings` that `against` does not have, matched by code and target (not
/// by position, which any edit above them moves). Counts matter: a third finding of the same
/// code and target where there were two is new.
pub(crate) fn unmatched<'a>(findings: &'a [Finding], against: &[Finding]) -> Vec<&'a Finding> {
    let mut remaining: HashMap<(&str, &str), usize> = HashMap::new();
    for f in against {
        *remaining.entry((f.code, f.target.as_str())).or_insert(0) += 1;
    }
    findings
        .iter()
        .filter(|f| match remaining.get_mut(&(f.code, f.target.as_str())) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_match_by_code_and_target_with_counts() {
        let rule = super::super::find("one-accountable").unwrap();
        let f = |target: &str| Finding::new(rule, target, "m");
        let base = [f("x"), f("y")];
        let head = [f("y"), f("z"), f("y")];
        let new: Vec<&str> = unmatched(&head, &base)
            .iter()
            .map(|f| f.target.as_str())
            .collect();
        assert_eq!(new, ["z", "y"]);
        let fixed: Vec<&str> = unmatched(&base, &head)
            .iter()
            .map(|f| f.target.as_str())
            .collect();
        assert_eq!(fixed, ["x"]);
    }
}
