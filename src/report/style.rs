//! Minimal ANSI styling for the text reports, off unless asked for.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// `auto` colours only a terminal, and never when `NO_COLOR` is set
    /// (to anything non-empty, per no-color.org).
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub on: bool,
}

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }
    pub fn dim(self, s: &str) -> String {
        self.wrap("2", s)
    }
    pub fn heading(self, s: &str) -> String {
        self.wrap("1;36", s)
    }
    pub fn accent(self, s: &str) -> String {
        self.wrap("33", s)
    }
    pub fn good(self, s: &str) -> String {
        self.wrap("32", s)
    }
    pub fn bad(self, s: &str) -> String {
        self.wrap("31", s)
    }
    /// Highlights the chars at `indices` (char positions) of `text`.
    pub fn highlight(self, text: &str, indices: &[usize]) -> String {
        if !self.on || indices.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + indices.len() * 8);
        let mut k = 0;
        for (i, c) in text.chars().enumerate() {
            let hit = indices.get(k) == Some(&i);
            if hit {
                k += 1;
                out.push_str("\x1b[1;33m");
                out.push(c);
                out.push_str("\x1b[0m");
            } else {
                out.push(c);
            }
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

/// Greedy word wrap to a total line `width`, for text that starts at
/// column `indent.width()` (the caller printed the prefix); every later
/// line gets `indent`. Words longer than the width are left whole.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    let mut col = indent.width();
    for (n, word) in text.split_whitespace().enumerate() {
        let w = word.width();
        if n > 0 && col.saturating_add(1 + w) > width {
            out.push('\n');
            out.push_str(indent);
            col = indent.width();
        } else if n > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += w;
    }
    out
}
