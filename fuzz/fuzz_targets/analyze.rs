#![no_main]
//! See `roledex_fuzz::analyze` for what this target checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| roledex_fuzz::analyze(data));
