//! An editable text field: the text, a cursor, readline-style edits (via
//! `tui-input`), a whole-text selection for a query brought back by `/`,
//! and an undo history for the edits that drop a lot of text at once.

use tui_input::{Input, InputRequest};
use unicode_width::UnicodeWidthChar;

use super::action::EditOp;

/// Snapshots kept for undo; each is one clear, paste or file load.
const UNDO_DEPTH: usize = 20;

#[derive(Debug, Clone, Default)]
pub struct Field {
    input: Input,
    /// The whole text is selected: typing replaces it, a movement keeps
    /// it. Set when `/` returns to an earlier query.
    selected: bool,
    /// Earlier (text, cursor) states, newest last.
    undo: Vec<(String, usize)>,
}

impl Field {
    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub fn is_empty(&self) -> bool {
        self.value().is_empty()
    }

    /// The cursor, in chars from the start.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    pub fn selected(&self) -> bool {
        self.selected && !self.is_empty()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Selects the whole text, so the next character typed replaces it.
    pub fn select_all(&mut self) {
        self.selected = !self.is_empty();
    }

    /// Replaces the text (cursor at the end), remembering the old one for
    /// undo when there was one.
    pub fn set(&mut self, text: String) {
        self.checkpoint();
        self.input = std::mem::take(&mut self.input).with_value(text);
        self.selected = false;
    }

    /// Empties the field; undo brings the text back. False if it was empty.
    pub fn clear(&mut self) -> bool {
        if self.is_empty() {
            return false;
        }
        self.set(String::new());
        true
    }

    /// Restores the text before the last clear, paste or load.
    pub fn undo(&mut self) -> bool {
        let Some((text, cursor)) = self.undo.pop() else {
            return false;
        };
        self.input = Input::new(text).with_cursor(cursor);
        self.selected = false;
        true
    }

    fn checkpoint(&mut self) {
        if self.is_empty() {
            return;
        }
        if self.undo.len() == UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.undo.push((self.value().to_string(), self.cursor()));
    }

    /// Types one character. True: the text changed.
    pub fn insert(&mut self, ch: char) -> bool {
        if self.selected() {
            self.input.reset();
        }
        self.selected = false;
        self.input.handle(InputRequest::InsertChar(ch));
        true
    }

    /// Inserts pasted text at the cursor (replacing a selection). A paste
    /// into a non-empty field can be undone.
    pub fn paste(&mut self, text: &str) -> bool {
        if text.is_empty() {
            return false;
        }
        self.checkpoint();
        if self.selected() {
            self.input.reset();
        }
        self.selected = false;
        // One edit rather than a request per char: a pasted ad is
        // thousands of chars, each request copying the whole value.
        let value = self.value();
        let at = byte_at(value, self.cursor());
        let mut next = String::with_capacity(value.len() + text.len());
        next.push_str(&value[..at]);
        next.push_str(text);
        next.push_str(&value[at..]);
        let cursor = self.cursor() + text.chars().count();
        self.input = Input::new(next).with_cursor(cursor);
        true
    }

    /// Applies an editing key. True: the text changed (not only the cursor).
    pub fn edit(&mut self, op: EditOp) -> bool {
        let was_selected = self.selected();
        self.selected = false;
        if was_selected && op.deletes() {
            // Backspace on a selection removes it all, as in any editor.
            return self.clear();
        }
        if matches!(op, EditOp::DeleteToStart | EditOp::DeletePrevWord) && self.cursor() > 0 {
            self.checkpoint();
        }
        let req = match op {
            EditOp::Left => InputRequest::GoToPrevChar,
            EditOp::Right => InputRequest::GoToNextChar,
            EditOp::WordLeft => InputRequest::GoToPrevWord,
            EditOp::WordRight => InputRequest::GoToNextWord,
            EditOp::Home => InputRequest::GoToStart,
            EditOp::End => InputRequest::GoToEnd,
            EditOp::DeletePrev => InputRequest::DeletePrevChar,
            EditOp::DeleteNext => InputRequest::DeleteNextChar,
            EditOp::DeletePrevWord => InputRequest::DeletePrevWord,
            EditOp::DeleteToStart => InputRequest::DeleteFromStart,
            EditOp::LineUp | EditOp::LineDown => {
                let to = self.vertical(op == EditOp::LineDown);
                InputRequest::SetCursor(to)
            }
        };
        self.input.handle(req).is_some_and(|changed| changed.value)
    }

    /// The cursor one logical line up or down, at the same column where
    /// that line is long enough (multi-line fields).
    fn vertical(&self, down: bool) -> usize {
        let chars: Vec<char> = self.value().chars().collect();
        let cur = self.cursor().min(chars.len());
        let start = chars[..cur]
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |i| i + 1);
        let col = cur - start;
        if down {
            let Some(nl) = chars[cur..].iter().position(|&c| c == '\n') else {
                return chars.len();
            };
            let next = cur + nl + 1;
            let len = chars[next..]
                .iter()
                .position(|&c| c == '\n')
                .unwrap_or(chars.len() - next);
            next + col.min(len)
        } else {
            if start == 0 {
                return 0;
            }
            let prev_end = start - 1;
            let prev_start = chars[..prev_end]
                .iter()
                .rposition(|&c| c == '\n')
                .map_or(0, |i| i + 1);
            prev_start + col.min(prev_end - prev_start)
        }
    }

    /// What a one-line view `width` columns wide shows: the text from the
    /// scroll position, split at the cursor into (before, under, after),
    /// and whether text is hidden to the left and to the right. The cursor
    /// always stays in view.
    pub fn window(&self, width: usize) -> Window {
        let width = width.max(2);
        // One column for the cursor past the end of the text.
        let scroll = self.input.visual_scroll(width - 1);
        let mut col = 0;
        let mut win = Window::default();
        for (i, ch) in self.value().chars().enumerate() {
            let w = ch.width().unwrap_or(0);
            if col < scroll {
                col += w;
                win.left = true;
                continue;
            }
            if col + w > scroll + width {
                win.right = true;
                break;
            }
            col += w;
            match i.cmp(&self.cursor()) {
                std::cmp::Ordering::Less => win.before.push(ch),
                std::cmp::Ordering::Equal => win.under = Some(ch),
                std::cmp::Ordering::Greater => win.after.push(ch),
            }
        }
        win
    }
}

/// See [`Field::window`].
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub before: String,
    /// The char under the cursor; `None` when the cursor is past the end.
    pub under: Option<char>,
    pub after: String,
    pub left: bool,
    pub right: bool,
}

fn byte_at(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> Field {
        let mut f = Field::default();
        for ch in s.chars() {
            f.insert(ch);
        }
        f
    }

    #[test]
    fn edits_in_the_middle() {
        let mut f = typed("terraform");
        for _ in 0..4 {
            f.edit(EditOp::Left);
        }
        f.insert('X');
        assert_eq!(f.value(), "terraXform");
        f.edit(EditOp::DeleteNext);
        assert_eq!(f.value(), "terraXorm");
        f.edit(EditOp::Home);
        f.edit(EditOp::DeleteNext);
        assert_eq!(f.value(), "erraXorm");
        f.edit(EditOp::End);
        f.insert('!');
        assert_eq!(f.value(), "erraXorm!");
    }

    #[test]
    fn word_and_line_deletes_can_be_undone() {
        let mut f = typed("ci pipe golden");
        assert!(f.edit(EditOp::DeletePrevWord));
        assert_eq!(f.value(), "ci pipe ");
        assert!(f.edit(EditOp::DeleteToStart));
        assert_eq!(f.value(), "");
        assert!(f.undo());
        assert_eq!(f.value(), "ci pipe ");
        assert!(f.undo());
        assert_eq!(f.value(), "ci pipe golden");
        assert!(!f.undo());
    }

    #[test]
    fn a_selection_is_replaced_by_typing_and_kept_by_moving() {
        let mut f = typed("security");
        f.select_all();
        f.insert('k');
        assert_eq!(f.value(), "k");
        let mut f = typed("security");
        f.select_all();
        f.edit(EditOp::Left);
        f.insert('s');
        assert_eq!(f.value(), "securitsy");
        let mut f = typed("security");
        f.select_all();
        f.edit(EditOp::DeletePrev);
        assert_eq!(f.value(), "");
    }

    #[test]
    fn paste_goes_in_at_the_cursor() {
        let mut f = typed("ab");
        f.edit(EditOp::Left);
        f.paste("XY");
        assert_eq!(f.value(), "aXYb");
        assert_eq!(f.cursor(), 3);
    }

    #[test]
    fn up_and_down_keep_the_column() {
        let mut f = Field::default();
        f.paste("first line\nab\nthird line");
        f.edit(EditOp::LineUp);
        assert_eq!(f.cursor(), "first line\nab".chars().count());
        f.edit(EditOp::LineUp);
        assert_eq!(f.cursor(), 2);
        f.edit(EditOp::LineDown);
        f.edit(EditOp::LineDown);
        assert_eq!(f.cursor(), "first line\nab\nth".chars().count());
    }

    #[test]
    fn the_window_keeps_the_cursor_in_view() {
        let f = typed("a long query that does not fit");
        let w = f.window(10);
        assert!(w.left && !w.right);
        assert_eq!(w.under, None);
        assert!(w.before.ends_with("fit"), "{w:?}");
        let mut f = f;
        f.edit(EditOp::Home);
        let w = f.window(10);
        assert!(!w.left && w.right);
        assert_eq!(w.under, Some('a'));
        assert_eq!(format!("{}{}", 'a', w.after).chars().count(), 10);
    }
}
