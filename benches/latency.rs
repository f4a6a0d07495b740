//! `cargo bench --bench latency`: percentiles the per-sample benchmarks
//! cannot give.
//!
//! * keystroke → results → frame: typing "terraform" into the Search
//!   screen's empty field, timing each key from the key event to the
//!   frame drawn into a 120x40 `TestBackend`; the target is p99 ≤ 8 ms at
//!   1000x content.
//! * first frame: built-in content loaded, catalog built, app created and
//!   its first frame drawn, in-process (the process start itself is
//!   measured by `scripts/bench-vs-fzf.sh`).
//!
//! Plain `main` (no harness): run by `cargo test --all-targets` too, where
//! it makes one quick round at 2x.

mod support;

use std::time::{Duration, Instant};

use roledex::tui::{Action, Screen, update::update};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    // Nearest rank: the smallest sample with at least p of them at or below.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

fn report(name: &str, samples: &mut [Duration]) {
    samples.sort_unstable();
    println!(
        "{name:<28} {:>6} {:>9} {:>9} {:>9} {:>9}",
        samples.len(),
        ms(percentile(samples, 50.0)),
        ms(percentile(samples, 90.0)),
        ms(percentile(samples, 99.0)),
        ms(samples.last().copied().unwrap_or_default()),
    );
}

fn keystrokes(label: &str, scale: Option<usize>, rounds: usize) {
    let dir = scale.map(support::pack);
    let mut app = support::app(support::catalog(dir.as_deref()));
    let mut term = support::terminal();
    update(&mut app, Action::Goto(Screen::Search));
    support::draw(&mut term, &mut app);
    let keys: Vec<char> = support::TYPED.chars().collect();
    let mut per_key: Vec<Vec<Duration>> = vec![Vec::new(); keys.len()];
    for _ in 0..rounds {
        update(&mut app, Action::ClearField);
        support::draw(&mut term, &mut app);
        for (i, ch) in keys.iter().enumerate() {
            let key = ch.to_string();
            let start = Instant::now();
            support::press(&mut app, &[&key]);
            support::draw(&mut term, &mut app);
            per_key[i].push(start.elapsed());
        }
    }
    let mut all: Vec<Duration> = per_key.iter().flatten().copied().collect();
    report(&format!("keystroke {label} (all)"), &mut all);
    for (i, samples) in per_key.iter_mut().enumerate() {
        report(&format!("  {:?}", &support::TYPED[..=i]), samples);
    }
}

fn first_frame(rounds: usize) {
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        let mut app = support::app(support::catalog(None));
        let mut term = support::terminal();
        support::draw(&mut term, &mut app);
        samples.push(start.elapsed());
    }
    report("first frame shipped", &mut samples);
}

fn main() {
    let timing = support::timing();
    let rounds = if timing { 40 } else { 1 };
    let big = support::big_scale();
    println!(
        "{:<28} {:>6} {:>9} {:>9} {:>9} {:>9}",
        "ms", "n", "p50", "p90", "p99", "max"
    );
    first_frame(if timing { 50 } else { 1 });
    keystrokes("shipped", None, rounds);
    keystrokes(&format!("x{big}"), Some(big), rounds);
}
