//! Helpers the screens share: editing a one-line field, opening a hit.

use crate::tui::action::Action;
use crate::tui::field::Field;
use crate::tui::state::FieldFocus;

/// The editing keys shared by every one-line field (search query, tool
/// filter). `None`: not an editing action, the screen handles it.
pub(super) fn edit_line(
    field: &mut Field,
    focus: &mut FieldFocus,
    action: &Action,
) -> Option<Edit> {
    let typing = *focus == FieldFocus::Input;
    let changed = match action {
        Action::Insert(ch) if typing => field.insert(*ch),
        Action::Paste(text) => {
            *focus = FieldFocus::Input;
            field.paste(&single_line(text))
        }
        Action::Edit(op) if typing => field.edit(*op),
        Action::Undo if typing => field.undo(),
        // Esc steps out: list → field → clear the text → previous screen.
        Action::Back if !typing => {
            *focus = FieldFocus::Input;
            false
        }
        Action::Back if field.is_empty() => return Some(Edit::GoBack),
        Action::Back => field.clear(),
        _ => return None,
    };
    Some(if changed { Edit::Changed } else { Edit::Done })
}

/// Pasted text in a one-line field: line breaks become spaces.
pub(super) fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a one-line text field did with an action.
pub(super) enum Edit {
    /// The text changed: recompute what depends on it.
    Changed,
    /// `Esc` on an empty field: leave the screen.
    GoBack,
    /// Handled; nothing else to do.
    Done,
}
