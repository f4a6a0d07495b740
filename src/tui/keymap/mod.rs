//! The one keymap: each context's bindings with their labels. The event
//! loop, the footer hints and the help overlay all read these tables, so
//! the help can never disagree with the keys that work.

mod key;
mod tables;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use key::{Binding, Context, Key};
pub use tables::{SECTIONS, tables};

use super::action::{Action, Screen};

/// The README's key tables, generated from [`SECTIONS`] (`cargo run
/// --example keys` prints them; a test checks the README has them).
pub fn markdown() -> String {
    let mut out = String::new();
    for (heading, table) in SECTIONS {
        out.push_str(&format!("**{heading}**\n\n| Key | Action |\n|---|---|\n"));
        for bnd in table.iter() {
            out.push_str(&format!("| `{}` | {} |\n", bnd.label, bnd.desc));
        }
        out.push('\n');
    }
    out
}

/// The action for a key press in a context, if any.
pub fn action_for(ctx: Context, ev: KeyEvent) -> Option<Action> {
    // Shift is part of the character for letters and symbols; only
    // Ctrl/Alt distinguish bindings.
    let mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let matches = |key: &Key| {
        key.code == ev.code
            && (key.mods == mods || (matches!(ev.code, KeyCode::BackTab) && key.mods.is_empty()))
    };
    for table in tables(ctx) {
        if let Some(found) = table.iter().find(|bnd| bnd.keys.iter().any(matches)) {
            return Some(found.action.clone());
        }
    }
    if ctx.typing()
        && let KeyCode::Char(ch) = ev.code
        && !mods.contains(KeyModifiers::CONTROL)
        && !mods.contains(KeyModifiers::ALT)
    {
        return Some(Action::Insert(ch));
    }
    None
}

/// One footer hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub action: &'static Action,
    pub keys: &'static str,
    pub text: &'static str,
    /// See [`Binding::prio`].
    pub prio: u8,
}

/// Footer hints for a context in table order, each hint text once.
pub fn hints(ctx: Context) -> Vec<Hint> {
    let mut out: Vec<Hint> = Vec::new();
    for bnd in tables(ctx).into_iter().flat_map(|t| t.iter()) {
        let skip = bnd.short.is_empty()
            || out.iter().any(|h| h.text == bnd.short)
            // In the overlay, `close` already says how to leave it.
            || (ctx == Context::Help && bnd.action == Action::Help && bnd.short == "help");
        if !skip {
            out.push(Hint {
                action: &bnd.action,
                keys: bnd.label,
                text: bnd.short,
                prio: bnd.prio,
            });
        }
    }
    let screens = if ctx.typing() {
        // Digits are text here; say how to switch screens anyway.
        Hint {
            action: &Action::Goto(Screen::Roles),
            keys: "Alt-1…5",
            text: "screens",
            prio: 1,
        }
    } else {
        Hint {
            action: &Action::Goto(Screen::Roles),
            keys: "1-5",
            text: "screens",
            prio: 2,
        }
    };
    if ctx != Context::Help {
        // Before the quit/help pair that ends every footer.
        let at = out
            .iter()
            .position(|h| h.text == "quit" || h.text == "help")
            .unwrap_or(out.len());
        out.insert(at, screens);
    }
    out
}

/// The hints that fit in `width` columns: the least important (highest
/// `prio`, then the rightmost) are dropped first; the rest keep their order.
pub fn fit_hints(mut hints: Vec<Hint>, width: usize) -> Vec<Hint> {
    let cost = |h: &Hint| h.keys.chars().count() + h.text.chars().count() + 3;
    while hints.iter().map(cost).sum::<usize>() > width {
        let Some(worst) = hints
            .iter()
            .enumerate()
            .max_by_key(|(i, h)| (h.prio, *i))
            .map(|(i, _)| i)
        else {
            break;
        };
        hints.remove(worst);
    }
    hints
}

/// A key written the way the docs write it: "j", "G", "Tab", "S-Tab",
/// "Enter", "Esc", "Up", "PgDn", "Bksp", "Del", "F1", "C-k", "A-1",
/// "C-Left", "A-Right". For scripted runs
/// (tests, screenshot generation).
pub fn parse_key(name: &str) -> Option<KeyEvent> {
    let plain = |code| Some(KeyEvent::new(code, KeyModifiers::NONE));
    match name {
        "Tab" => plain(KeyCode::Tab),
        "S-Tab" => Some(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        "Enter" => plain(KeyCode::Enter),
        "Esc" => plain(KeyCode::Esc),
        "Up" => plain(KeyCode::Up),
        "Down" => plain(KeyCode::Down),
        "Left" => plain(KeyCode::Left),
        "Right" => plain(KeyCode::Right),
        "PgUp" => plain(KeyCode::PageUp),
        "PgDn" => plain(KeyCode::PageDown),
        "Home" => plain(KeyCode::Home),
        "End" => plain(KeyCode::End),
        "Bksp" => plain(KeyCode::Backspace),
        "F1" => plain(KeyCode::F(1)),
        "Del" => plain(KeyCode::Delete),
        "C-Left" => Some(KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL)),
        "C-Right" => Some(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL)),
        "A-Left" => Some(KeyEvent::new(KeyCode::Left, KeyModifiers::ALT)),
        "A-Right" => Some(KeyEvent::new(KeyCode::Right, KeyModifiers::ALT)),
        _ => {
            let mut chars = name.chars();
            match (chars.next(), chars.next(), chars.next(), chars.next()) {
                (Some(c), None, ..) => plain(KeyCode::Char(c)),
                (Some('C'), Some('-'), Some(c), None) => {
                    Some(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
                }
                (Some('A'), Some('-'), Some(c), None) => {
                    Some(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
                }
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn q_quits_except_while_typing() {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(Context::RolesList, q), Some(Action::Quit));
        assert_eq!(
            action_for(Context::SearchInput, q),
            Some(Action::Insert('q'))
        );
    }

    #[test]
    fn ctrl_c_quits_everywhere() {
        let cc = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for ctx in [
            Context::RolesList,
            Context::SearchInput,
            Context::AnalyzeInput,
            Context::Help,
        ] {
            assert_eq!(action_for(ctx, cc), Some(Action::Quit), "{ctx:?}");
        }
    }

    #[test]
    fn shifted_letters_match_their_binding() {
        let big_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Context::RolesList, big_g), Some(Action::Bottom));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for ctx in Context::ALL {
            let mut seen: Vec<Key> = Vec::new();
            for t in tables(ctx) {
                for bnd in t.iter() {
                    for key in bnd.keys {
                        // A later table's duplicate would be dead and its help line a lie.
                        assert!(
                            !seen.contains(key),
                            "{ctx:?}: {key:?} bound twice ({})",
                            bnd.desc
                        );
                        seen.push(*key);
                    }
                }
            }
        }
    }
}
