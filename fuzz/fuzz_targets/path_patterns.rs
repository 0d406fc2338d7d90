//! Fuzz target: path patterns (one a line), then paths after an empty line: parse, match, resolve.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| own::fuzzing::path_patterns(data));
