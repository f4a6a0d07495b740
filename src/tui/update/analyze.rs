//! The Analyze screen: the ad field, files read on a worker, the reading.

use super::nav::go_back;
use crate::tui::action::Action;
use crate::tui::state::{App, FieldFocus};

/// A job ad from a file: a regular file only (a FIFO would block the UI,
/// `/dev/zero` never ends), and no more of it than the analyzer reads.
/// True in the second place when the file was longer.
pub(super) fn read_ad(path: &std::path::Path) -> std::io::Result<(Vec<u8>, bool)> {
    use std::io::Read;
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let cap = crate::analyze::MAX_ANALYSED_BYTES;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(cap as u64 + 1)
        .read_to_end(&mut bytes)?;
    let cut = bytes.len() > cap;
    bytes.truncate(cap);
    Ok((bytes, cut))
}

pub(super) fn analyze(app: &mut App, action: Action) {
    let st = &mut app.analyze;
    let typing = st.focus == FieldFocus::Input;
    let mut changed = false;
    match action {
        // A reading costs milliseconds: while keys arrive it waits for a
        // pause (`Idle`), so typing never lags.
        Action::Insert(ch) if typing => {
            st.text.insert(ch);
            st.stale = true;
            st.follow = true;
        }
        Action::Edit(op) if typing => {
            st.stale |= st.text.edit(op);
            st.follow = true;
        }
        Action::Paste(text) => {
            // Terminals send pasted line breaks as \r; normalise once here.
            st.text
                .paste(&text.replace("\r\n", "\n").replace('\r', "\n"));
            st.focus = FieldFocus::Input;
            st.follow = true;
            changed = true;
        }
        Action::ClearField if st.text.clear() => {
            let undo = if typing { "Ctrl-Z" } else { "u" };
            app.status = Some(format!("Cleared the ad; {undo} brings it back"));
            changed = true;
        }
        Action::Undo => {
            if st.text.undo() {
                st.follow = true;
                changed = true;
            } else {
                app.status = Some("Nothing to undo".into());
            }
        }
        // Esc never clears the ad: from the field it goes to the reading
        // (bound to NextPane), from the reading back to the last screen.
        Action::Back => go_back(app),
        Action::LoadFile if st.loading => app.status = Some("Still reading the last file…".into()),
        Action::LoadFile => {
            // On a worker: a slow disk or a network mount must not freeze
            // the screen. The result comes back as `Action::FileRead`.
            let typed = st.text.value().trim().to_string();
            let path = expand_home(&typed);
            st.loading = true;
            let failed = Action::FileRead {
                typed: typed.clone(),
                result: Err("no thread could be started to read it".into()),
            };
            crate::tui::inbox::spawn(
                app.inbox.sender(),
                "roledex-read",
                move || Action::FileRead {
                    result: read_ad(&path)
                        .map(|(bytes, cut)| {
                            (String::from_utf8_lossy(&bytes).replace("\r\n", "\n"), cut)
                        })
                        .map_err(|e| e.to_string()),
                    typed,
                },
                failed,
            );
        }
        Action::NextTab | Action::PrevTab if !typing => {
            let n = st
                .report
                .as_ref()
                .map_or(0, |a| crate::tui::view::analyze::bars(a).len());
            if n > 0 {
                st.bar = if action == Action::NextTab {
                    (st.bar + 1) % n
                } else {
                    (st.bar + n - 1) % n
                };
                // The chosen bar's evidence sits just below the bars.
                st.scroll.offset = 0;
            }
        }
        Action::NextPane => st.focus = FieldFocus::List,
        Action::FocusInput | Action::PrevPane => st.focus = FieldFocus::Input,
        // In the field, paging and the wheel move the ad, not the reading.
        Action::PageDown if typing => page_ad(st, 1),
        Action::PageUp if typing => page_ad(st, -1),
        Action::ScrollDown if typing => scroll_ad(st, 1),
        Action::ScrollUp if typing => scroll_ad(st, -1),
        Action::Down | Action::ScrollDown => st.scroll.by(1),
        Action::Up | Action::ScrollUp => st.scroll.by(-1),
        Action::PageDown => st.scroll.by(st.scroll.page()),
        Action::PageUp => st.scroll.by(-st.scroll.page()),
        Action::Top => st.scroll.offset = 0,
        Action::Bottom => st.scroll.offset = st.scroll.max(),
        _ => {}
    }
    if changed {
        reanalyze(app);
    }
}

/// A file read on the worker has come back: its text replaces the typed
/// path (which stays in the undo history).
pub(super) fn file_read(app: &mut App, typed: String, result: Result<(String, bool), String>) {
    let st = &mut app.analyze;
    st.loading = false;
    st.rev += 1;
    match result {
        Ok((text, cut)) => {
            let kib = text.len() / 1024;
            st.text.set(text);
            st.text.edit(crate::tui::action::EditOp::Home);
            st.ad_scroll.offset = 0;
            st.follow = true;
            app.status = Some(if cut {
                format!("Read the first {kib} KiB of {typed}")
            } else {
                format!("Read {typed}")
            });
            reanalyze(app);
        }
        Err(e) => app.status = Some(format!("Cannot read `{typed}`: {e}")),
    }
}

pub(super) fn page_ad(st: &mut crate::tui::state::AnalyzeState, dir: isize) {
    scroll_ad(st, dir * st.ad_scroll.page());
}

pub(super) fn scroll_ad(st: &mut crate::tui::state::AnalyzeState, delta: isize) {
    st.ad_scroll.by(delta);
    st.follow = false;
}

/// `~` and `~/…` are the user's home, as in a shell.
pub(super) fn expand_home(path: &str) -> std::path::PathBuf {
    let home = || directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    match path.strip_prefix('~') {
        Some("") => home().unwrap_or_else(|| path.into()),
        Some(rest) if rest.starts_with('/') || rest.starts_with(std::path::MAIN_SEPARATOR) => {
            match home() {
                Some(h) => h.join(&rest[1..]),
                None => path.into(),
            }
        }
        _ => path.into(),
    }
}

/// Text that is a file path being typed, not an ad: one line, and either
/// starting like a path or a single word with a path separator or a
/// document extension. Reading it as an ad would flash a meaningless score.
pub fn looks_like_path(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.contains('\n') || t.len() > 4096 {
        return false;
    }
    let starts = ["/", "~", "./", "../", ".\\"]
        .iter()
        .any(|p| t.starts_with(p));
    let word = !t.contains(char::is_whitespace);
    let ext = [".md", ".txt", ".html", ".htm", ".text"]
        .iter()
        .any(|e| t.to_lowercase().ends_with(e));
    starts || (word && (t.contains('/') || t.contains('\\') || ext))
}

pub(super) fn reanalyze(app: &mut App) {
    let st = &mut app.analyze;
    st.rev += 1;
    st.bar = 0;
    st.scroll.offset = 0;
    st.stale = false;
    st.path_like = looks_like_path(st.text.value());
    if st.text.value().trim().is_empty() || st.path_like {
        st.report = None;
        st.error = None;
        return;
    }
    // Not built yet (big content): read at the next idle tick once it is.
    let Some(reader) = st.reader.get() else {
        st.stale = st.reader.is_building();
        return;
    };
    match reader.analyze_bytes(&app.catalog, st.text.value().as_bytes()) {
        Ok(a) => {
            st.report = Some(a);
            st.error = None;
        }
        Err(e) => {
            st.report = None;
            st.error = Some(e.to_string());
        }
    }
}
