//! Fuzz target: arbitrary bytes as `own.yaml`, loaded and checked beside a few fixed files.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| own::fuzzing::check_manifest(data));
