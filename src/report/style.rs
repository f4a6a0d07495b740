//! ANSI styling for the text reports (anstyle), off unless asked for, and
//! the width they wrap to.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

use anstyle::{AnsiColor, Style};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// `auto` colours only a terminal that supports colour, and follows the
    /// conventions people set once for every tool: `NO_COLOR` (no-color.org)
    /// turns colour off, `CLICOLOR_FORCE` on, `CLICOLOR=0` and `TERM=dumb`
    /// off (anstyle-query reads them, as clap and cargo do).
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if anstyle_query::clicolor_force() {
                    return true;
                }
                !anstyle_query::no_color()
                    && anstyle_query::clicolor() != Some(false)
                    && std::io::stdout().is_terminal()
                    && anstyle_query::term_supports_color()
            }
        }
    }
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const HEADING: Style = AnsiColor::Cyan.on_default().bold();
const ACCENT: Style = AnsiColor::Yellow.on_default();
const GOOD: Style = AnsiColor::Green.on_default();
const BAD: Style = AnsiColor::Red.on_default();
/// Matched words of a search hit or an ad line.
const MATCHED: Style = AnsiColor::Yellow.on_default().bold();

#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub on: bool,
}

impl Paint {
    fn wrap(self, style: Style, s: &str) -> String {
        if self.on {
            format!("{style}{s}{style:#}")
        } else {
            s.to_string()
        }
    }
    pub fn bold(self, s: &str) -> String {
        self.wrap(BOLD, s)
    }
    pub fn dim(self, s: &str) -> String {
        self.wrap(DIM, s)
    }
    pub fn heading(self, s: &str) -> String {
        self.wrap(HEADING, s)
    }
    pub fn accent(self, s: &str) -> String {
        self.wrap(ACCENT, s)
    }
    pub fn good(self, s: &str) -> String {
        self.wrap(GOOD, s)
    }
    pub fn bad(self, s: &str) -> String {
        self.wrap(BAD, s)
    }
    /// Highlights the chars at `indices` (char positions) of `text`, one
    /// run of escapes for each run of highlighted chars.
    pub fn highlight(self, text: &str, indices: &[usize]) -> String {
        if !self.on || indices.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + indices.len() * 8);
        let mut k = 0;
        let mut lit = false;
        for (i, c) in text.chars().enumerate() {
            let hit = indices.get(k) == Some(&i);
            if hit {
                k += 1;
            }
            if hit != lit {
                if hit {
                    out.push_str(&MATCHED.render().to_string());
                } else {
                    out.push_str(&MATCHED.render_reset().to_string());
                }
                lit = hit;
            }
            out.push(c);
        }
        if lit {
            out.push_str(&MATCHED.render_reset().to_string());
        }
        out
    }
}

/// The width text reports wrap to; `usize::MAX` is "do not wrap".
static WIDTH: AtomicUsize = AtomicUsize::new(100);

/// Sets the wrap width for this process (`None`: no wrapping).
pub fn set_width(width: Option<usize>) {
    WIDTH.store(width.unwrap_or(usize::MAX).max(20), Ordering::Relaxed);
}

pub fn width() -> usize {
    WIDTH.load(Ordering::Relaxed)
}

/// Whether a column of `indent` columns leaves enough of the width for
/// the text beside it; narrower, a report puts the text on lines of its own.
pub fn fits_beside(indent: usize) -> bool {
    width() >= indent.saturating_add(24)
}

/// Greedy word wrap to a total line `width`, for text that starts at
/// column `indent.width()` (the caller printed the prefix); every later
/// line gets `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    wrap_from(text, width, indent.width(), indent)
}

/// [`wrap`] for text whose first line starts at column `start`.
pub fn wrap_from(text: &str, width: usize, start: usize, indent: &str) -> String {
    let mut out = String::new();
    for (n, line) in layout(text, width, start, indent.width())
        .iter()
        .enumerate()
    {
        if n > 0 {
            out.push('\n');
            out.push_str(indent);
        }
        for (k, piece) in line.iter().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(&text[piece.clone()]);
        }
    }
    out
}

/// [`wrap_from`] with the chars at `indices` (char positions in `text`)
/// highlighted; widths are measured on the plain text, so escape codes
/// never shorten a line.
pub fn wrap_marked(
    text: &str,
    indices: &[usize],
    (width, start): (usize, usize),
    indent: &str,
    p: Paint,
) -> String {
    let mut out = String::new();
    // Byte offset -> char position, for the pieces' starts.
    let mut chars_before = 0;
    let mut byte_at = 0;
    for (n, line) in layout(text, width, start, indent.width())
        .iter()
        .enumerate()
    {
        if n > 0 {
            out.push('\n');
            out.push_str(indent);
        }
        for (k, piece) in line.iter().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            chars_before += text[byte_at..piece.start].chars().count();
            byte_at = piece.start;
            let word = &text[piece.clone()];
            let n = word.chars().count();
            let local: Vec<usize> = indices
                .iter()
                .filter(|&&i| i >= chars_before && i < chars_before + n)
                .map(|i| i - chars_before)
                .collect();
            out.push_str(&p.highlight(word, &local));
        }
    }
    out
}

/// The lines of a greedy wrap, each a list of byte ranges of `text` to be
/// joined by single spaces. A word wider than a whole line is cut into
/// pieces that fit (a long URL among them): no line is wider than `width`,
/// unless the indent alone is.
fn layout(
    text: &str,
    width: usize,
    start: usize,
    indent: usize,
) -> Vec<Vec<std::ops::Range<usize>>> {
    use unicode_width::UnicodeWidthChar;
    let mut lines = vec![Vec::new()];
    let mut col = start;
    let mut words = text.split_whitespace().map(|w| {
        let at = w.as_ptr() as usize - text.as_ptr() as usize;
        at..at + w.len()
    });
    let mut pending = words.next();
    while let Some(word) = pending.take() {
        let w = text[word.clone()].width();
        let fresh = lines.last().is_some_and(Vec::is_empty);
        let gap = usize::from(!fresh);
        if col.saturating_add(gap + w) <= width {
            lines.last_mut().expect("never empty").push(word);
            col += gap + w;
            pending = words.next();
            continue;
        }
        if (!fresh || col > indent) && indent.saturating_add(w) <= width {
            // It fits on a line of its own.
            lines.push(Vec::new());
            col = indent;
            pending = Some(word);
            continue;
        }
        if !fresh {
            // Too wide for any line: it starts on a fresh one, cut.
            lines.push(Vec::new());
            col = indent;
        }
        // As much as fits here (at least one char, so this ends).
        let mut end = word.start;
        let mut used = col;
        for (i, c) in text[word.clone()].char_indices() {
            let cw = c.width().unwrap_or(0);
            if end > word.start && used + cw > width {
                break;
            }
            used += cw;
            end = word.start + i + c.len_utf8();
        }
        lines.last_mut().expect("never empty").push(word.start..end);
        if end < word.end {
            lines.push(Vec::new());
            col = indent;
            pending = Some(end..word.end);
        } else {
            col = used;
            pending = words.next();
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widest(s: &str) -> usize {
        s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
    }

    #[test]
    fn wraps_words_and_indents_later_lines() {
        let out = wrap("one two three four five", 12, "  ");
        assert_eq!(out, "one two\n  three four\n  five");
        assert!(widest(&format!("  {out}")) <= 12);
    }

    #[test]
    fn a_word_wider_than_a_line_is_cut_to_fit() {
        let url = "<https://example.com/a/very/long/path/that/cannot/fit>";
        let out = wrap(&format!("see {url} now"), 20, "    ");
        let shown = format!("    {out}");
        assert!(widest(&shown) <= 20, "{shown}");
        // Nothing is lost: the pieces join back into the URL.
        let joined: String = shown.split_whitespace().collect();
        assert_eq!(joined, format!("see{url}now"));
    }

    #[test]
    fn wide_characters_count_double() {
        let out = wrap("日本語の文章 日本語の文章 日本語", 14, "");
        assert!(widest(&out) <= 14, "{out}");
        assert_eq!(out.lines().count(), 3);
    }

    #[test]
    fn no_width_means_one_line() {
        let text = "word ".repeat(200);
        assert_eq!(wrap(&text, usize::MAX, "  ").lines().count(), 1);
    }

    #[test]
    fn a_first_line_that_starts_late_moves_a_word_down_rather_than_cut_it() {
        let out = wrap_from("pipelines", 12, 8, "  ");
        assert_eq!(out, "\n  pipelines");
    }

    #[test]
    fn marked_wrap_keeps_the_highlight_on_the_right_chars() {
        let p = Paint { on: true };
        let text = "alpha beta gamma";
        // "beta" is chars 6..10.
        let out = wrap_marked(text, &[6, 7, 8, 9], (11, 0), "", p);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(lines[0].starts_with("alpha \x1b[1m\x1b[33mb"), "{out}");
        assert!(!lines[1].contains('\x1b'), "{out}");
    }
}
