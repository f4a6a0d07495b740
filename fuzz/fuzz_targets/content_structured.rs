#![no_main]
//! See `roledex_fuzz::content_structured` for what this target checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| roledex_fuzz::content_structured(data));
