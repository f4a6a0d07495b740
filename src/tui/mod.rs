//! The interactive terminal UI. The terminal is only touched here and in
//! `terminal.rs`; everything else is state, actions and pure drawing, so
//! tests drive it with key events and a `TestBackend`.

pub mod action;
pub mod config;
pub mod keymap;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

pub use action::{Action, Screen};
pub use state::App;

/// Maps a terminal event to an action for the current state.
pub fn action_for_event(app: &App, ev: Event) -> Option<Action> {
    match ev {
        // Windows reports releases (and repeats) too; acting on them would
        // double every key.
        Event::Key(k) if k.kind == KeyEventKind::Press => keymap::action_for(app.context(), k),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::ScrollDown),
            MouseEventKind::ScrollUp => Some(Action::ScrollUp),
            MouseEventKind::Down(MouseButton::Left) => {
                // The header's screen tabs work from anywhere.
                let pos = ratatui::layout::Position::new(m.column, m.row);
                match app.hit.tabs.iter().find(|(r, _)| r.contains(pos)) {
                    Some((_, s)) => Some(Action::Goto(*s)),
                    None => Some(Action::Click {
                        column: m.column,
                        row: m.row,
                    }),
                }
            }
            _ => None,
        },
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(..) => Some(Action::Resize),
        _ => None,
    }
}

/// Runs the UI until the user quits or a termination signal arrives.
pub fn run(mut app: App) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let mut guard = terminal::Guard::enter(app.mouse)?;
    #[cfg(feature = "test-panic")]
    if std::env::var_os("ROLEDEX_TEST_PANIC").is_some() {
        panic!("test-panic: provoked panic while drawing");
    }
    while !app.quit && !stop.load(Ordering::Relaxed) {
        guard.terminal.draw(|f| view::draw(f, &mut app))?;
        // Wake up now and then to notice a signal even when idle.
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        // Apply every queued event before the next draw, so a burst (fast
        // typing, a paste, a resize drag) costs one frame, not one each.
        loop {
            if let Some(a) = action_for_event(&app, event::read()?) {
                update::update(&mut app, a);
            }
            if app.quit || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    drop(guard);
    Ok(())
}
