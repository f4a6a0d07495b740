//! Moving between screens, with history back and forward.

use crate::tui::action::Screen;
use crate::tui::state::App;

pub(super) fn goto(app: &mut App, s: Screen) {
    if app.screen != s {
        // A new way forward: the old one is gone, as in a browser.
        app.forward.clear();
        app.back.push(app.screen);
        // Bounded: a long session of hopping must not grow without end.
        if app.back.len() > 32 {
            app.back.remove(0);
        }
        app.screen = s;
    }
}

/// `Esc` with nothing to clear: return to where the user came from.
pub(super) fn go_back(app: &mut App) {
    let to = match app.back.pop() {
        Some(s) => s,
        None if app.screen != Screen::Roles => Screen::Roles,
        None => return,
    };
    app.forward.push(app.screen);
    app.screen = to;
}

/// `Alt-→`: the screen the last `Esc` left.
pub(super) fn go_forward(app: &mut App) {
    match app.forward.pop() {
        Some(s) => {
            app.back.push(app.screen);
            app.screen = s;
        }
        None => app.status = Some("Nothing to go forward to".into()),
    }
}
