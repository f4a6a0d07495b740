//! `cargo bench --bench latency`: percentiles the per-sample benchmarks
//! cannot give.
//!
//! * keystroke → results → frame: typing into the Search screen's empty
//!   field, timing each key from the key event to the frame drawn into a
//!   120x40 `TestBackend`; the target is p99 ≤ 8 ms at 1000x content.
//!   Four sequences: "terraform" (one word), "ci pipe" (two words, the
//!   last a prefix), "terrafrom" (a typo, looked up in the dictionary)
//!   and "on call rotation" (three words, one a synonym phrase).
//! * the postings the Search screen's searcher builds: time and heap
//!   bytes at 1000x.
//! * the Tools screen: typing a filter, and moving through the grouped
//!   list, each key timed to its frame (same 8 ms target).
//! * first frame: built-in content loaded, catalog built, app created and
//!   its first frame drawn, in-process (the process start itself is
//!   measured by `scripts/bench-vs-fzf.sh`).
//! * search alone: each typed prefix searched as the Search screen does
//!   (the page, and the rows a 120x40 screen shows highlighted), without
//!   the frame, fastest and median, with a digest of the hits, so
//!   that a change to the engine shows what it saves where, and that the
//!   hits stayed the same. `LATENCY_ONLY=search` runs only this part (at
//!   1000x), for quick rounds while working on the engine, and
//!   `LATENCY_ONLY=keys` only the keystrokes at 1000x (to profile them;
//!   `LATENCY_SEQ=on`, for either, keeps only the sequences that start
//!   with "on"; `LATENCY_PREFIX="on ca"`, for the search alone, runs that
//!   one prefix of them 400 times, to profile it; `LATENCY_WAIT=1`, for
//!   the keys, waits for the job-ad reader's tables first, which are
//!   otherwise built on their own thread while the first keys are typed,
//!   as in the app).
//!
//! Plain `main` (no harness): run by `cargo test --all-targets` too, where
//! it makes one quick round at 2x.

mod support;

use std::time::{Duration, Instant};

use roledex::search::Searcher;
use roledex::tui::{Action, App, Screen, update::update};

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

/// About how many hits a 120x40 Search screen shows (and highlights).
const SHOWN_ROWS: usize = 36;

/// The typed sequences, each from an empty field.
const SEQUENCES: [&str; 4] = [support::TYPED, "ci pipe", "terrafrom", "on call rotation"];

fn keystrokes(label: &str, scale: Option<usize>, rounds: usize) {
    let dir = scale.map(support::pack);
    let mut app = support::app(support::catalog(dir.as_deref()));
    let mut term = support::terminal();
    update(&mut app, Action::Goto(Screen::Search));
    support::draw(&mut term, &mut app);
    for typed in SEQUENCES {
        typing(
            &mut app,
            &mut term,
            &format!("{typed:?} {label}"),
            typed,
            rounds,
        );
    }
    index_build(&app, label, rounds.min(5));
    tools_screen(&mut app, &mut term, label, rounds);
}

/// The Search screen's searches alone: every prefix of every sequence,
/// fastest and median of `rounds`, and an FNV digest of the hits (entry,
/// score, via, merged entries) to compare before and after a change.
fn search_alone(label: &str, scale: Option<usize>, rounds: usize) {
    let dir = scale.map(support::pack);
    let cat = support::catalog(dir.as_deref());
    let corpus = cat.corpus();
    let mut searcher = Searcher::indexed(corpus);
    println!("search alone {label}: fastest, median (ms), hits, digest");
    let only = std::env::var("LATENCY_SEQ").unwrap_or_default();
    let one = std::env::var("LATENCY_PREFIX").ok();
    for typed in SEQUENCES
        .into_iter()
        .filter(|t| t.starts_with(only.as_str()))
    {
        for end in typed.char_indices().map(|(i, c)| i + c.len_utf8()) {
            let prefix = &typed[..end];
            if one.as_deref().is_some_and(|p| p != prefix) {
                continue;
            }
            let rounds = if one.is_some() { 400 } else { rounds };
            let mut samples = Vec::with_capacity(rounds);
            let mut hits = Vec::new();
            for _ in 0..rounds.max(1) {
                let start = Instant::now();
                // As the screen does: the page, then the rows shown marked.
                hits = searcher
                    .results_unmarked(
                        corpus,
                        prefix,
                        Default::default(),
                        roledex::tui::update::SEARCH_LIMIT,
                    )
                    .hits;
                let shown = hits.len().min(SHOWN_ROWS);
                searcher.mark(corpus, &mut hits[..shown]);
                samples.push(start.elapsed());
            }
            samples.sort_unstable();
            let mut digest: u64 = 0xcbf2_9ce4_8422_2325;
            let mut mix = |x: u64| {
                digest ^= x;
                digest = digest.wrapping_mul(0x100_0000_01b3);
            };
            for h in &hits {
                mix(h.entry as u64);
                mix(u64::from(h.score.to_bits()));
                mix(h.via.map_or(u64::MAX, |v| v as u64));
                h.same.iter().for_each(|&e| mix(e as u64));
            }
            println!(
                "  {:<22} {:>8} {:>8} {:>4} {digest:016x}",
                format!("{prefix:?}"),
                ms(samples[0]),
                ms(percentile(&samples, 50.0)),
                hits.len(),
            );
        }
    }
}

/// The Search screen's keystrokes alone (`LATENCY_ONLY=keys`), for
/// profiling them without the rest.
fn keys_only(label: &str, scale: Option<usize>, rounds: usize) {
    let dir = scale.map(support::pack);
    let mut app = support::app(support::catalog(dir.as_deref()));
    if std::env::var_os("LATENCY_WAIT").is_some() {
        app.analyze.reader.wait();
    }
    let mut term = support::terminal();
    update(&mut app, Action::Goto(Screen::Search));
    support::draw(&mut term, &mut app);
    // `LATENCY_SEQ=on` keeps the sequences starting so, to profile one.
    let only = std::env::var("LATENCY_SEQ").unwrap_or_default();
    for typed in SEQUENCES
        .into_iter()
        .filter(|t| t.starts_with(only.as_str()))
    {
        typing(
            &mut app,
            &mut term,
            &format!("{typed:?} {label}"),
            typed,
            rounds,
        );
    }
}

/// The Tools screen: each filter key re-filters and regroups the whole
/// catalogue and redraws the grouped list; each move redraws it with its
/// headings, counter and scrollbar.
fn tools_screen(
    app: &mut App,
    term: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
    label: &str,
    rounds: usize,
) {
    update(app, Action::Goto(Screen::Tools));
    let typed = support::TYPED;
    let mut keys = Vec::new();
    let mut moves = Vec::new();
    for _ in 0..rounds {
        clear_field(app);
        support::draw(term, app);
        for ch in typed.chars() {
            let start = Instant::now();
            support::press(app, &[&ch.to_string()]);
            support::draw(term, app);
            keys.push(start.elapsed());
        }
        assert_eq!(
            app.tools.filter.value(),
            typed,
            "every key reached the filter"
        );
        clear_field(app);
        support::draw(term, app);
        // Down the unfiltered list, then a page at a time towards its end.
        for key in ["Down"; 20].into_iter().chain(["PgDn"; 20]) {
            let start = Instant::now();
            support::press(app, &[key]);
            support::draw(term, app);
            moves.push(start.elapsed());
        }
    }
    report(&format!("tools filter {typed:?} {label}"), &mut keys);
    report(&format!("tools moves {label}"), &mut moves);
    // The grouping's share of a filter key: regrouping the whole catalogue.
    let mut regroup = Vec::new();
    for _ in 0..rounds.min(20) {
        let all = 0..app.catalog.tools.len();
        let start = Instant::now();
        std::hint::black_box(app.tools.grouping.group(all));
        regroup.push(start.elapsed());
    }
    report(&format!("tools regroup all {label}"), &mut regroup);
}

/// Empties the focused one-line field as a user would: End, then Ctrl-U
/// (`ClearField` is the Analyze screen's "clear the ad").
fn clear_field(app: &mut App) {
    use roledex::tui::action::EditOp;
    update(app, Action::Edit(EditOp::End));
    update(app, Action::Edit(EditOp::DeleteToStart));
}

fn typing(
    app: &mut App,
    term: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
    label: &str,
    typed: &str,
    rounds: usize,
) {
    let keys: Vec<char> = typed.chars().collect();
    let mut per_key: Vec<Vec<Duration>> = vec![Vec::new(); keys.len()];
    for _ in 0..rounds {
        // The cursor is at the end after typing: this empties the field.
        update(
            app,
            Action::Edit(roledex::tui::action::EditOp::DeleteToStart),
        );
        support::draw(term, app);
        for (i, ch) in keys.iter().enumerate() {
            let key = ch.to_string();
            let start = Instant::now();
            support::press(app, &[&key]);
            support::draw(term, app);
            per_key[i].push(start.elapsed());
        }
        assert_eq!(
            app.search.query.value(),
            typed,
            "every key reached the field"
        );
    }
    let mut all: Vec<Duration> = per_key.iter().flatten().copied().collect();
    report(&format!("keys {label}"), &mut all);
    for (i, samples) in per_key.iter_mut().enumerate() {
        report(&format!("  {:?}", &typed[..=i]), samples);
    }
}

/// What the Search screen's searcher pays once for its word index.
fn index_build(app: &App, label: &str, rounds: usize) {
    let corpus = app.catalog.corpus();
    let mut samples = Vec::with_capacity(rounds);
    let mut bytes = 0;
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        let s = Searcher::indexed(corpus);
        samples.push(start.elapsed());
        bytes = s.index_bytes();
    }
    report(&format!("index build {label}"), &mut samples);
    println!(
        "  index heap: {:.1} MiB for {} entries",
        bytes as f64 / (1024.0 * 1024.0),
        corpus.len()
    );
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
    match std::env::var("LATENCY_ONLY").as_deref() {
        Ok("search") => {
            return search_alone(&format!("x{big}"), Some(big), if timing { 15 } else { 1 });
        }
        Ok("keys") => return keys_only(&format!("x{big}"), Some(big), rounds),
        _ => {}
    }
    println!(
        "{:<28} {:>6} {:>9} {:>9} {:>9} {:>9}",
        "ms", "n", "p50", "p90", "p99", "max"
    );
    first_frame(if timing { 50 } else { 1 });
    keystrokes("shipped", None, rounds);
    keystrokes(&format!("x{big}"), Some(big), rounds);
    search_alone(&format!("x{big}"), Some(big), if timing { 15 } else { 1 });
}
