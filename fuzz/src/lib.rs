//! The fuzz targets' bodies. The binaries in `fuzz_targets/` are one-line
//! wrappers; `tests/fuzz_regressions.rs` includes this file too, so every
//! saved input replays through exactly the code the fuzzer ran.

#[path = "harness.rs"]
mod harness;

pub use harness::*;
