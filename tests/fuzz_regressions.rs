//! Every input the fuzzers found crashing, hanging or slow, replayed as an
//! ordinary test: `tests/fuzz_regressions/<target>/*` goes through the
//! same function the fuzz target runs (`fuzz/src/harness.rs`, included
//! below), so a fixed bug stays fixed without running the fuzzers in CI.
//!
//! The time bound is a hang guard only (debug build, a shared CI machine):
//! it catches an input that loops or goes quadratic again, not a slowdown.

#[allow(dead_code)]
#[path = "../fuzz/src/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Far above what any input takes (milliseconds), far below "hung".
const HANG_GUARD: Duration = Duration::from_secs(60);

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

/// Runs `f` on every saved input of `target`, each on its own thread so a
/// hang is reported (with the input's name) instead of stalling the run.
fn replay(target: &str, f: fn(&[u8])) {
    for path in inputs(target) {
        let data = std::fs::read(&path).expect("read input");
        let name = path.display().to_string();
        let (tx, rx) = mpsc::channel();
        let started = Instant::now();
        let worker = std::thread::Builder::new()
            .name(name.clone())
            .spawn(move || {
                f(&data);
                let _ = tx.send(());
            })
            .expect("spawn");
        match rx.recv_timeout(HANG_GUARD) {
            Ok(()) => worker.join().expect("worker"),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                // The worker panicked; re-raise with the input named.
                if let Err(e) = worker.join() {
                    eprintln!("fuzz regression failed: {name}");
                    std::panic::resume_unwind(e);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("{name}: still running after {:?}", started.elapsed())
            }
        }
    }
}

#[test]
fn content_bytes_regressions() {
    replay("content_bytes", harness::content_bytes);
}

#[test]
fn content_structured_regressions() {
    replay("content_structured", harness::content_structured);
}

#[test]
fn search_regressions() {
    replay("search", harness::search);
}

#[test]
fn lookup_regressions() {
    replay("lookup", harness::lookup);
}

#[test]
fn analyze_regressions() {
    replay("analyze", harness::analyze);
}

/// The fuzz crate is its own workspace, so nothing at the root builds it;
/// its lock file fell behind twice when the core gained a dependency, and
/// `fuzz/run.sh` then failed at its first step. Every crate the core needs
/// must be locked there, at a version the root's lock has.
#[test]
fn the_fuzz_lock_file_holds_every_dependency_of_the_core_at_a_version_of_the_roots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| {
        let text = std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
        text.parse::<toml::Table>()
            .unwrap_or_else(|e| panic!("{p}: {e}"))
    };
    let locked = |lock: &toml::Table| -> Vec<(String, String)> {
        lock["package"]
            .as_array()
            .expect("packages")
            .iter()
            .map(|p| {
                (
                    p["name"].as_str().expect("name").to_string(),
                    p["version"].as_str().expect("version").to_string(),
                )
            })
            .collect()
    };
    let manifest = read("Cargo.toml");
    let ours = locked(&read("Cargo.lock"));
    let fuzz = locked(&read("fuzz/Cargo.lock"));
    let core: Vec<&String> = manifest["dependencies"]
        .as_table()
        .expect("dependencies")
        .iter()
        .filter(|(_, spec)| spec.get("optional").and_then(|o| o.as_bool()) != Some(true))
        .map(|(name, _)| name)
        .collect();
    assert!(core.len() > 5, "{core:?}");
    for name in core {
        let have: Vec<&(String, String)> = fuzz.iter().filter(|(n, _)| n == name).collect();
        assert!(
            !have.is_empty(),
            "fuzz/Cargo.lock lacks {name} (run `cargo update -w` in fuzz/)"
        );
        for p in have {
            assert!(
                ours.contains(p),
                "fuzz/Cargo.lock has {} {}, which Cargo.lock does not",
                p.0,
                p.1
            );
        }
    }
}
