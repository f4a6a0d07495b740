#![no_main]
//! See `roledex_fuzz::content_bytes` for what this target checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| roledex_fuzz::content_bytes(data));
