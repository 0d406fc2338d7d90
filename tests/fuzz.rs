//! The fuzz targets' inputs as plain tests: every seed in `fuzz/corpus/<target>/` and every
//! input a fuzzer once crashed on (`tests/fuzz_regressions/<target>/`) goes through the same
//! entry points the targets call, so the targets cannot rot and old crashes stay fixed even
//! where the fuzzer itself does not run.

use std::path::Path;

use crate::util::project;

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("load_manifest", own::fuzzing::check_manifest),
    ("load_included", own::fuzzing::check_included),
    ("path_patterns", own::fuzzing::path_patterns),
    ("codeowners", own::fuzzing::codeowners),
    ("alert_file", own::fuzzing::alert_file),
];

/// Run every file of `dir/<target>/` through its target; return how many ran.
fn replay(dir: &Path) -> usize {
    let mut ran = 0;
    for (name, target) in TARGETS {
        let Ok(entries) = std::fs::read_dir(dir.join(name)) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            if std::panic::catch_unwind(|| target(&bytes)).is_err() {
                panic!("target {name} panicked on {}", file.display());
            }
            ran += 1;
        }
    }
    ran
}

#[test]
fn seed_corpus_runs_through_every_target() {
    let ran = replay(&project().join("fuzz/corpus"));
    assert!(ran >= TARGETS.len(), "only {ran} seeds");
}

#[test]
fn inputs_that_once_crashed_a_target_stay_fixed() {
    assert!(replay(&project().join("tests/fuzz_regressions")) > 0);
}
