//! `cargo bench --bench analyze`: the job-ad reader on real postings — one
//! long ad, and a batch of 1,000 (the 118 labelled postings of
//! tests/fixtures/real-ads, repeated), with the reader built once as
//! `roledex analyze DIR` does. Targets (issue 11): ≤ 5 ms an ad, ≤ 2 s for
//! 1,000 ads on 2 cores; the batch here runs on one core.

use std::path::Path;
use std::sync::OnceLock;

use divan::{Bencher, black_box};
use roledex::Catalog;
use roledex::analyze::Reader;

fn main() {
    divan::main();
}

fn cat() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(Catalog::builtin)
}

fn ads() -> &'static [String] {
    static A: OnceLock<Vec<String>> = OnceLock::new();
    A.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-ads");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("real ads")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("ad"))
            .collect()
    })
}

/// The longest posting (about 1,350 words).
fn long_ad() -> &'static str {
    ads()
        .iter()
        .max_by_key(|a| a.split_whitespace().count())
        .expect("ads")
}

#[divan::bench(sample_count = 50, max_time = 3)]
fn one_long_ad(b: Bencher) {
    let reader = Reader::new(cat());
    b.bench_local(|| reader.analyze(cat(), black_box(long_ad())));
}

#[divan::bench(sample_count = 5, sample_size = 1, max_time = 20)]
fn thousand_ads_one_core(b: Bencher) {
    let reader = Reader::new(cat());
    let ads = ads();
    b.bench_local(|| {
        for i in 0..1000 {
            black_box(reader.analyze(cat(), &ads[i % ads.len()]));
        }
    });
}

#[divan::bench(sample_count = 10, max_time = 5)]
fn build_the_reader(b: Bencher) {
    b.bench_local(|| Reader::new(black_box(cat())));
}
