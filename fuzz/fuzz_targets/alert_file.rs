//! Fuzz target: a Prometheus rule file, and the same bytes as a list of alert names.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| own::fuzzing::alert_file(data));
