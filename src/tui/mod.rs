//! The interactive terminal UI. The terminal is only touched here and in
//! `terminal.rs`; everything else is state, actions and pure drawing, so
//! tests drive it with key events and a `TestBackend`.

pub mod action;
mod background;
pub mod clipboard;
pub mod config;
pub mod export;
pub mod field;
pub mod inbox;
pub mod keymap;
pub mod layout;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
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
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    }
}

/// Events applied between two frames at most.
const MAX_BATCH: usize = 256;
/// A pause in typing this long lets the Analyze screen re-read the ad.
const TYPING_PAUSE: Duration = Duration::from_millis(200);
/// Between animation frames, while something is awaited.
const TICK: Duration = Duration::from_millis(120);

/// How long the loop may sleep before it has something to do by itself:
/// forever unless an animation runs or a re-reading waits for a pause.
fn wake_after(app: &App) -> Option<Duration> {
    if app.waiting() {
        Some(TICK)
    } else if app.analyze.stale && !app.analyze.reader.is_building() {
        Some(TYPING_PAUSE)
    } else {
        None
    }
}

/// Runs the UI until the user quits or a termination signal arrives. The
/// screen is drawn after something happened (a key, a resize, finished
/// work, an animation frame), never on a timer while idle.
pub fn run(mut app: App) -> io::Result<Option<i32>> {
    // The signal that stopped the UI, 0 while none did.
    let stop = Arc::new(AtomicI32::new(0));
    #[cfg(unix)]
    let signals = watch_signals(Arc::clone(&stop), app.inbox.sender())?;
    let mut guard = terminal::Guard::enter(app.mouse)?;
    let size = guard.terminal.size()?;
    update::update(
        &mut app,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    read_input(app.inbox.sender())?;
    while !app.quit && stop.load(Ordering::Relaxed) == 0 {
        guard.terminal.draw(|f| view::draw(f, &app))?;
        if let Some(text) = app.clipboard.take() {
            use std::io::Write;
            let out = guard.terminal.backend_mut();
            write!(out, "{}", clipboard::osc52(&text))?;
            out.flush()?;
        }
        let wait = wake_after(&app);
        let Some(first) = app.inbox.next(wait) else {
            // Nothing came: the pause or the frame the wait was for.
            let timed = if app.analyze.stale && !app.waiting() {
                Action::Idle
            } else {
                Action::Tick
            };
            update::update(&mut app, timed);
            continue;
        };
        // Apply every queued message before the next draw, so a burst
        // (fast typing, a paste, a resize drag) costs one frame, not one
        // each. Bounded: a terminal that hung up can flood us with input,
        // and the screen must still be drawn now and then.
        // A message is only taken from the inbox when it will be applied:
        // taking the 257th and ending the batch dropped one keystroke in
        // every 256 of a fast burst.
        let mut msg = first;
        for applied in 1..=MAX_BATCH {
            let action = match msg {
                inbox::Msg::Term(ev) => action_for_event(&app, ev),
                inbox::Msg::Done(a) => Some(a),
            };
            if let Some(a) = action {
                update::update(&mut app, a);
            }
            if app.quit || stop.load(Ordering::Relaxed) != 0 || applied == MAX_BATCH {
                break;
            }
            let Some(next) = app.inbox.ready() else { break };
            msg = next;
        }
    }
    drop(guard);
    #[cfg(unix)]
    signals.close();
    Ok(Some(stop.load(Ordering::Relaxed)).filter(|&s| s != 0))
}

/// Terminal input on a thread of its own, posted to the loop. A read error
/// (the terminal went away) asks the loop to quit.
fn read_input(tx: std::sync::mpsc::Sender<inbox::Msg>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("roledex-input".into())
        .spawn(move || {
            loop {
                match event::read() {
                    Ok(ev) => {
                        if tx.send(inbox::Msg::Term(ev)).is_err() {
                            return;
                        }
                    }
                    Err(_) => {
                        let _ = tx.send(inbox::Msg::Done(Action::Quit));
                        return;
                    }
                }
            }
        })
        .map(drop)
}

/// On SIGTERM, SIGHUP or SIGINT: ask the loop to stop, and if it cannot
/// (a hung-up terminal can keep crossterm's read busy forever), restore the
/// terminal from this thread and exit.
#[cfg(unix)]
fn watch_signals(
    stop: Arc<AtomicI32>,
    wake: std::sync::mpsc::Sender<inbox::Msg>,
) -> io::Result<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            stop.store(signal, Ordering::Relaxed);
            // Wake the loop, and give it the chance to leave through the
            // normal path first.
            let _ = wake.send(inbox::Msg::Done(Action::Quit));
            std::thread::sleep(Duration::from_millis(600));
            terminal::restore();
            // 128 + the signal, as a shell reports a process it ended.
            std::process::exit(128 + signal);
        }
    });
    Ok(handle)
}
