//! Fuzz target: a CODEOWNERS file: parse, generate for both platforms, read back, import.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| own::fuzzing::codeowners(data));
