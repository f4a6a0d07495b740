//! Fixtures shared by the benchmarks: the shipped catalog, the generated
//! N-times pack (built once and reused), a driven `App`, and a long job ad.
//!
//! Under `cargo test --all-targets` (no `--bench` argument) every benchmark
//! runs once as a smoke test; the big pack is then 2x instead of 1000x so
//! the test suite stays quick.

#![allow(dead_code)] // Each benchmark binary uses part of this module.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use roledex::Catalog;
use roledex::content::{BUILTIN_FILES, Layer, load};
use roledex::tui::theme::Theme;
use roledex::tui::{App, action_for_event, update::update, view};

#[path = "../../examples/gen-content.rs"]
#[allow(dead_code, unused_imports)]
mod gen_content;

/// True when run by `cargo bench` (which passes `--bench`); false under
/// `cargo test`, where each benchmark runs once.
pub fn timing() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The scale of the "big" content pack: 1000x when timing.
pub fn big_scale() -> usize {
    if timing() { 1000 } else { 2 }
}

/// The generated pack at `scale`, under the target directory. Generated
/// once; regenerated when the shipped content (its source) changes.
pub fn pack(scale: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("roledex-pack-x{scale}"));
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (name, text) in BUILTIN_FILES {
        name.hash(&mut h);
        text.hash(&mut h);
    }
    let stamp = format!("scale {scale}, shipped content {:016x}\n", h.finish());
    let stamp_file = dir.join(".stamp");
    if std::fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp) {
        return dir;
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove the stale benchmark pack");
    }
    eprintln!("generating the {scale}x content pack in {}", dir.display());
    gen_content::generate(scale, &dir).expect("generate the benchmark pack");
    std::fs::write(&stamp_file, stamp).expect("write the pack stamp");
    dir
}

/// Bytes of TOML in a directory tree (what "the content files' size" means).
pub fn toml_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).expect("read pack dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            total += toml_bytes(&p);
        } else if p.extension().is_some_and(|e| e == "toml") {
            total += entry.metadata().map_or(0, |m| m.len());
        }
    }
    total
}

/// Built-in content plus, optionally, one content directory, parsed.
pub fn catalog(extra: Option<&Path>) -> Catalog {
    let mut layers = vec![Layer::builtin()];
    layers.extend(extra.map(Layer::from_path));
    let loaded = load(layers);
    assert!(
        loaded.diagnostics.is_empty(),
        "benchmark content must be valid: {:?}",
        loaded.diagnostics.first().map(|d| d.headline())
    );
    Catalog::new(loaded)
}

/// A job ad of about 1,000 words: labelled fixture ads joined until long
/// enough, then cut at a word boundary.
pub fn long_ad() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ads");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture ads")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .collect();
    names.sort();
    let mut words: Vec<String> = Vec::new();
    // The first ad's title stays the title; the others read as its body.
    for p in names {
        let text = std::fs::read_to_string(&p).expect("read ad");
        words.extend(text.split(' ').map(str::to_string));
        if words.len() >= 1000 {
            break;
        }
    }
    words.truncate(1000);
    words.join(" ")
}

/// Keys as tests/tui.rs writes them ("2", "Tab", "C-k"), or "text:…".
pub fn press(app: &mut App, keys: &[&str]) {
    for k in keys {
        if let Some(text) = k.strip_prefix("text:") {
            for ch in text.chars() {
                send(app, KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE));
            }
            continue;
        }
        let key = roledex::tui::keymap::parse_key(k).expect("known key name");
        send(app, key);
    }
}

pub fn send(app: &mut App, key: KeyEvent) {
    if let Some(a) = action_for_event(app, Event::Key(key)) {
        update(app, a);
    }
}

pub fn app(cat: Catalog) -> App {
    App::new(cat, Theme::dark())
}

/// The reference size of the frame benchmarks.
pub fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(120, 40)).expect("test backend")
}

/// A frame as the real loop makes it: the app knows the terminal's size
/// (a no-op unless it changed), then the view paints.
pub fn draw(term: &mut Terminal<TestBackend>, app: &mut App) {
    let size = term.size().expect("size");
    update(
        app,
        roledex::tui::Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    term.draw(|f| view::draw(f, app)).expect("draw");
}

/// The typed sequence of the per-keystroke benchmarks.
pub const TYPED: &str = "terraform";
