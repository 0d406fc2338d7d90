//! Fuzz target: a fixed `own.yaml` with arbitrary bytes as the included `x.own.yaml`, loaded and checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| own::fuzzing::check_included(data));
