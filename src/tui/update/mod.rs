//! The only place state changes: `update(app, action)` applies the action,
//! then `layout::fit` fits what it changed to the screen. Slow work (a file
//! read, opening a URL) goes to a worker thread and comes back as an action.

mod analyze;
mod common;
mod compare;
mod nav;
mod open;
mod roles;
mod search;
mod tools;

use super::action::{Action, Screen};
use analyze::{file_read, reanalyze};
use nav::{go_forward, goto};
pub use open::jump_to;
pub use search::SEARCH_LIMIT;

use super::state::{App, FieldFocus};

pub fn update(app: &mut App, action: Action) {
    apply(app, action);
    super::layout::fit(app);
}

/// Waits up to `timeout` for work in flight (a file being read) and applies
/// its results: for tests and screenshots, which need them at once. The UI
/// never calls it; its event loop receives them as they come.
pub fn finish_work(app: &mut App, timeout: std::time::Duration) {
    let deadline = std::time::Instant::now() + timeout;
    while app.analyze.loading || app.jobs > 0 {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match app.inbox.next(Some(left)) {
            Some(super::inbox::Msg::Done(a)) => update(app, a),
            Some(super::inbox::Msg::Term(_)) => {}
            None => return,
        }
    }
}

fn apply(app: &mut App, action: Action) {
    // A message stays until the user does something.
    if !matches!(
        action,
        Action::Idle
            | Action::Tick
            | Action::Resize { .. }
            | Action::ReaderReady
            | Action::FileRead { .. }
            | Action::Opened { .. }
            | Action::Exported { .. }
    ) {
        app.status = None;
    }
    // Whatever the screen: the frame, the screen size, finished work.
    match action {
        Action::Resize { width, height } => {
            let size = ratatui::layout::Rect::new(0, 0, width, height);
            if app.size != size {
                app.size = size;
                // The Roles detail starts at the paragraph it showed before.
                app.roles.reflow = true;
            }
            return;
        }
        Action::Tick => {
            app.spinner = app.spinner.wrapping_add(1);
            return;
        }
        Action::Idle | Action::ReaderReady => {
            // The reader, if this is its message, moves into place.
            let _ = app.analyze.reader.get();
            if app.analyze.stale {
                reanalyze(app);
            }
            return;
        }
        Action::FileRead { typed, result } => return file_read(app, typed, result),
        Action::Opened { url, result } => {
            app.jobs = app.jobs.saturating_sub(1);
            app.status = Some(match result {
                Ok(()) => format!("Asked the browser to open {url}"),
                Err(e) => format!("Cannot open {url}: {e}"),
            });
            return;
        }
        Action::Exported { what, result } => {
            app.jobs = app.jobs.saturating_sub(1);
            app.status = Some(match result {
                Ok(path) => format!("Exported {what} to {path}"),
                Err(e) => format!("Cannot export {what}: {e}"),
            });
            return;
        }
        _ => {}
    }
    if let Some(scroll) = &mut app.help {
        match action {
            Action::Help | Action::Back => app.help = None,
            Action::Quit => app.quit = true,
            Action::Down | Action::ScrollDown => scroll.by(1),
            Action::Up | Action::ScrollUp => scroll.by(-1),
            Action::PageDown => scroll.by(scroll.page()),
            Action::PageUp => scroll.by(-scroll.page()),
            Action::Top => scroll.offset = 0,
            Action::Bottom => scroll.offset = scroll.max(),
            _ => {}
        }
        return;
    }
    match action {
        Action::Quit => app.quit = true,
        Action::Help => app.help = Some(Default::default()),
        Action::Goto(s) => goto(app, s),
        Action::StartSearch => {
            goto(app, Screen::Search);
            app.search.focus = FieldFocus::Input;
            // The old query, selected: typing replaces it, an arrow keeps it.
            app.search.query.select_all();
        }
        Action::Copy => copy(app),
        Action::Export => export(app),
        Action::OpenUrl => open_url(app),
        Action::Forward => go_forward(app),
        _ => match app.screen {
            Screen::Roles => roles::roles(app, action),
            Screen::Compare => compare::compare(app, action),
            Screen::Search => search::search(app, action),
            Screen::Tools => tools::tools(app, action),
            Screen::Analyze => analyze::analyze(app, action),
        },
    }
}

/// `y`: the current view as Markdown (the selected hit's text on the
/// Search screen), for the clipboard.
fn copy(app: &mut App) {
    let cat = &app.catalog;
    let picked = if app.screen == Screen::Search {
        app.search
            .hits
            .get(app.search.list.index)
            .map(|h| {
                (
                    cat.corpus().text(h.entry).to_string(),
                    "the selected hit".to_string(),
                )
            })
            .ok_or_else(|| "No result to copy".to_string())
    } else {
        super::export::document(app).map(|d| (d.text, d.what))
    };
    match picked {
        Ok((text, what)) => {
            app.status = Some(format!(
                "Copied {what} ({} lines) to the clipboard",
                text.lines().count()
            ));
            app.clipboard = Some(text);
        }
        Err(why) => app.status = Some(why),
    }
}

/// `e`: the current view as Markdown in a new file in the working folder
/// (or, when that cannot be written, the data folder), written on a worker
/// thread; the status line gives its full path.
fn export(app: &mut App) {
    let doc = match super::export::document(app) {
        Ok(d) => d,
        Err(why) => {
            app.status = Some(why);
            return;
        }
    };
    app.status = Some(format!("Exporting {}…", doc.what));
    let what = doc.what.clone();
    let dir = app.export_dir.clone();
    let fallback = app.export_fallback.clone();
    let failed = Action::Exported {
        what: what.clone(),
        result: Err("no thread could be started to write it".into()),
    };
    app.jobs += 1;
    super::inbox::spawn(
        app.inbox.sender(),
        "roledex-export",
        move || Action::Exported {
            result: dir
                .map_or_else(std::env::current_dir, Ok)
                .and_then(|dir| {
                    let fallback = fallback.as_deref();
                    super::export::write_export(&dir, fallback, &doc.slug, &doc.text)
                })
                .map(|w| w.describe())
                .map_err(|e| e.to_string()),
            what,
        },
        failed,
    );
}

/// `o`: the selected tool's or source's URL, opened by the platform's
/// opener (or $BROWSER) on a worker thread: a slow or hanging opener never
/// holds up the screen, and its failure comes back to the status line.
fn open_url(app: &mut App) {
    match super::export::url_here(app) {
        Err(why) => app.status = Some(why),
        Ok((url, what)) => {
            app.status = Some(format!("Opening {what}: {url}"));
            let failed = Action::Opened {
                url: url.clone(),
                result: Err("no thread could be started".into()),
            };
            app.jobs += 1;
            super::inbox::spawn(
                app.inbox.sender(),
                "roledex-open",
                move || Action::Opened {
                    result: opener::open_browser(&url).map_err(|e| e.to_string()),
                    url,
                },
                failed,
            );
        }
    }
}
