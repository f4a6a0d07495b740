//! Terminal set-up and the guarantee to put it back: on quit, on error, on
//! panic and on SIGTERM/SIGHUP, raw mode goes off, the alternate screen is
//! left, mouse capture and bracketed paste are disabled and the cursor is
//! shown again.

use std::io::{self, Stdout, stdout};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// True while the terminal is set up (raw mode, alternate screen, …), so
/// that restoring happens once. A second restore is not harmless: after a
/// panic the hook restores and prints the message, then unwinding drops
/// the `Guard`, and leaving the alternate screen again (`ESC[?1049l`)
/// makes xterm-like terminals jump the cursor back to where it was saved
/// on entry, so the shell prompt overwrites the panic message.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Restores the terminal when dropped, including during unwinding.
pub struct Guard {
    pub terminal: Term,
}

impl Guard {
    pub fn enter(mouse: bool) -> io::Result<Guard> {
        install_panic_hook();
        // Set first: if any step below fails, `restore` undoes the rest.
        ACTIVE.store(true, Ordering::SeqCst);
        if let Err(e) = enable_raw_mode() {
            restore();
            return Err(e);
        }
        let mut out = stdout();
        let entered =
            execute!(out, EnterAlternateScreen, EnableBracketedPaste, Hide).and_then(|()| {
                if mouse {
                    execute!(out, EnableMouseCapture)
                } else {
                    Ok(())
                }
            });
        if let Err(e) = entered {
            restore();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(terminal) => Ok(Guard { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back. Safe to call more than once, from any thread:
/// only the first call after `Guard::enter` writes anything.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    // Mouse capture first: if raw mode went first, a wheel event arriving
    // in between would print escape codes into the shell.
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
}

/// Restores the terminal before the default hook prints the panic, so the
/// message lands on the normal screen where the user can read it.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
