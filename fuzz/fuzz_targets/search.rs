#![no_main]
//! See `roledex_fuzz::search` for what this target checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| roledex_fuzz::search(data));
