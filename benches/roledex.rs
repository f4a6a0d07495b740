//! `cargo bench --bench roledex`: load, search, typing, frames and job-ad
//! analysis at shipped size and at 1000x (see support/mod.rs for the pack).
//! Per-keystroke percentiles (p99) are in the `latency` benchmark.

mod support;

use std::sync::{Mutex, OnceLock};

use divan::{Bencher, black_box};
use roledex::Catalog;
use roledex::analyze::Analyzer;
use roledex::search::{self, Filter, Searcher};
use roledex::store::{Cache, LayerSource, open, open_search};
use roledex::tui::{Action, App, Screen, update::update};

fn main() {
    // Touch the big pack before timing starts, so its one-off generation
    // is not mistaken for the first sample of anything.
    let _ = support::pack(support::big_scale());
    divan::main();
}

fn shipped() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| support::catalog(None))
}

fn big() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| support::catalog(Some(&support::pack(support::big_scale()))))
}

fn cat(size: &str) -> &'static Catalog {
    match size {
        "shipped" => shipped(),
        _ => big(),
    }
}

const SIZES: [&str; 2] = ["shipped", "x1000"];

/// Reading every file, parsing, validating and building the catalog's
/// indexes and search corpus: what start-up costs.
mod load {
    use super::*;

    #[divan::bench(sample_count = 50, max_time = 3)]
    fn shipped() -> Catalog {
        support::catalog(None)
    }

    /// Reading and parsing every file: a first start, or one after the
    /// content changed.
    #[divan::bench(sample_count = 5, sample_size = 1, max_time = 10)]
    fn x1000_parse(b: Bencher) {
        let dir = support::pack(support::big_scale());
        b.bench_local(|| support::catalog(Some(&dir)));
    }

    /// A start with unchanged content: the directory walked and every
    /// file stamped, then the cached content and corpus read back.
    #[divan::bench(sample_count = 5, sample_size = 1, max_time = 10)]
    fn x1000_cached(b: Bencher) {
        let dir = support::pack(support::big_scale());
        let cache_dir = tempfile::tempdir().expect("cache dir");
        let cache = Cache::in_dir(cache_dir.path());
        let sources = [LayerSource::Builtin, LayerSource::Path(dir)];
        // The first load writes the cache file.
        let _ = open(&sources, Some(&cache));
        b.bench_local(|| open(&sources, Some(&cache)).catalog);
    }

    /// What `roledex search` reads from the cache: the corpus alone.
    #[divan::bench(sample_count = 10, sample_size = 1, max_time = 10)]
    fn x1000_cached_search_part(b: Bencher) {
        let dir = support::pack(support::big_scale());
        let cache_dir = tempfile::tempdir().expect("cache dir");
        let cache = Cache::in_dir(cache_dir.path());
        let sources = [LayerSource::Builtin, LayerSource::Path(dir)];
        let _ = open(&sources, Some(&cache));
        // A small pack (the 2x smoke run under `cargo test`) is not
        // cached: then this measures the walk alone.
        b.bench_local(|| {
            open_search(&sources, Some(&cache), &|_| true)
                .0
                .map(|p| p.corpus.wait())
        });
    }
}

/// One query with a fresh searcher, as `roledex search` runs it.
mod search_one {
    use super::*;

    const QUERIES: [&str; 3] = ["tf", "ci pipe", "zzqx"];

    #[divan::bench(args = QUERIES, max_time = 2)]
    fn shipped(b: Bencher, q: &str) {
        let c = super::shipped();
        b.bench_local(|| search::search(c.corpus(), black_box(q), Filter::default(), 20));
    }

    #[divan::bench(args = QUERIES, sample_count = 30, max_time = 3)]
    fn x1000(b: Bencher, q: &str) {
        let c = big();
        b.bench_local(|| search::search(c.corpus(), black_box(q), Filter::default(), 20));
    }
}

/// "t", "te", … "terraform" with one searcher, as the TUI types: the
/// time of all nine keystrokes (divide by nine for one).
mod search_typed {
    use super::*;

    fn typed(c: &Catalog) -> usize {
        let mut s = Searcher::default();
        let mut n = 0;
        for end in 1..=support::TYPED.len() {
            n += s
                .search(c.corpus(), &support::TYPED[..end], Filter::default(), 200)
                .len();
        }
        n
    }

    #[divan::bench(args = SIZES, sample_count = 30, max_time = 3)]
    fn sequence(b: Bencher, size: &str) {
        let c = cat(size);
        b.bench_local(|| typed(c));
    }
}

fn app_for(size: &str) -> &'static Mutex<App> {
    static SHIPPED: OnceLock<Mutex<App>> = OnceLock::new();
    static BIG: OnceLock<Mutex<App>> = OnceLock::new();
    let cell = if size == "shipped" { &SHIPPED } else { &BIG };
    cell.get_or_init(|| Mutex::new(support::app(cat(size).clone())))
}

/// Empties the search field as a user would: End, then Ctrl-U.
fn clear_query(app: &mut App) {
    use roledex::tui::action::EditOp;
    update(app, Action::Edit(EditOp::End));
    update(app, Action::Edit(EditOp::DeleteToStart));
}

/// Puts the app on `screen` with something to show: a query on Search, a
/// 1,000-word ad on Analyze.
fn show(app: &mut App, screen: Screen) {
    update(app, Action::Goto(screen));
    match screen {
        Screen::Search if app.search.query.value() != support::TYPED => {
            clear_query(app);
            support::press(app, &[&format!("text:{}", support::TYPED)]);
        }
        Screen::Analyze if app.analyze.report.is_none() => {
            app.analyze.reader.wait();
            update(app, Action::Paste(support::long_ad()));
        }
        _ => {}
    }
}

/// One full frame of each screen into a 120x40 `TestBackend`.
mod frame {
    use super::*;

    const SCREENS: [Screen; 5] = Screen::ALL;

    fn bench_screen(b: Bencher, size: &str, screen: Screen) {
        let mut app = app_for(size).lock().expect("app lock");
        show(&mut app, screen);
        let mut term = support::terminal();
        b.bench_local(|| {
            // A fresh buffer each time: the whole frame is drawn and diffed.
            term.clear().expect("clear test backend");
            support::draw(&mut term, &mut app);
        });
    }

    #[divan::bench(args = SCREENS, max_time = 2)]
    fn shipped(b: Bencher, screen: Screen) {
        bench_screen(b, "shipped", screen);
    }

    /// At 1000x the Analyze screen's first reading builds the analyzer's
    /// tables (about 1.5 s, in the setup); frames draw the reading.
    #[divan::bench(args = SCREENS, sample_count = 30, max_time = 3)]
    fn x1000(b: Bencher, screen: Screen) {
        bench_screen(b, "x1000", screen);
    }
}

/// Keystroke → search → frame on the Search screen: typing "terraform"
/// into an empty field, drawing after every key (nine frames).
mod keystroke_frame {
    use super::*;

    #[divan::bench(args = SIZES, sample_count = 30, max_time = 4)]
    fn search_screen(b: Bencher, size: &str) {
        let mut app = app_for(size).lock().expect("app lock");
        update(&mut app, Action::Goto(Screen::Search));
        let mut term = support::terminal();
        b.bench_local(|| {
            clear_query(&mut app);
            for ch in support::TYPED.chars() {
                support::press(&mut app, &[&ch.to_string()]);
                support::draw(&mut term, &mut app);
            }
        });
    }
}

/// Reading a ~1,000-word ad with a prepared analyzer, and with the
/// analyzer built per call (what `analyze_bytes` and the CLI do); at 1000x,
/// building the analyzer alone (what the Analyze screen pays once).
mod analyze {
    use super::*;

    fn ad() -> &'static str {
        static AD: OnceLock<String> = OnceLock::new();
        AD.get_or_init(support::long_ad)
    }

    #[divan::bench(sample_count = 30, max_time = 3)]
    fn prepared(b: Bencher) {
        let an = Analyzer::new(super::shipped());
        b.bench_local(|| an.analyze(black_box(ad())));
    }

    #[divan::bench(sample_count = 10, max_time = 3)]
    fn with_new_analyzer(b: Bencher) {
        let c = super::shipped();
        b.bench_local(|| roledex::analyze::analyze(c, black_box(ad())));
    }

    #[divan::bench(sample_count = 10, sample_size = 1, max_time = 10)]
    fn x1000_prepared(b: Bencher) {
        let an = Analyzer::new(big());
        b.bench_local(|| an.analyze(black_box(ad())));
    }

    #[divan::bench(sample_count = 5, sample_size = 1, max_time = 20)]
    fn x1000_new_analyzer(b: Bencher) {
        let c = big();
        b.bench_local(|| Analyzer::new(black_box(c)));
    }
}
