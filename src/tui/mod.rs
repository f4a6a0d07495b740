//! The interactive terminal UI. The terminal is only touched here and in
//! `terminal.rs`; everything else is state, actions and pure drawing, so
//! tests drive it with key events and a `TestBackend`.

pub mod action;
pub mod clipboard;
pub mod config;
pub mod field;
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

/// Events applied between two frames at most.
const MAX_BATCH: usize = 256;

/// Runs the UI until the user quits or a termination signal arrives.
pub fn run(mut app: App) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    let signals = watch_signals(Arc::clone(&stop))?;
    let mut guard = terminal::Guard::enter(app.mouse)?;
    while !app.quit && !stop.load(Ordering::Relaxed) {
        guard.terminal.draw(|f| view::draw(f, &mut app))?;
        if let Some(text) = app.clipboard.take() {
            use std::io::Write;
            let out = guard.terminal.backend_mut();
            write!(out, "{}", clipboard::osc52(&text))?;
            out.flush()?;
        }
        // Wake up now and then to notice a signal even when idle.
        if !event::poll(Duration::from_millis(200))? {
            update::update(&mut app, Action::Idle);
            continue;
        }
        // Apply every queued event before the next draw, so a burst (fast
        // typing, a paste, a resize drag) costs one frame, not one each.
        // Bounded, and checking the stop flag: a terminal that hung up
        // can report "readable" forever, and we must still notice SIGHUP.
        for _ in 0..MAX_BATCH {
            if let Some(a) = action_for_event(&app, event::read()?) {
                update::update(&mut app, a);
            }
            if app.quit || stop.load(Ordering::Relaxed) || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    drop(guard);
    #[cfg(unix)]
    signals.close();
    Ok(())
}

/// On SIGTERM, SIGHUP or SIGINT: ask the loop to stop, and if it cannot
/// (a hung-up terminal can keep crossterm's read busy forever), restore the
/// terminal from this thread and exit.
#[cfg(unix)]
fn watch_signals(stop: Arc<AtomicBool>) -> io::Result<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            stop.store(true, Ordering::Relaxed);
            // The loop wakes at least every 200 ms; give it the chance to
            // leave through the normal path first.
            std::thread::sleep(Duration::from_millis(600));
            terminal::restore();
            std::process::exit(0);
        }
    });
    Ok(handle)
}
