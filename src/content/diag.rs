//! Content diagnostics: where a problem is (file, line, column) and what it is.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

/// One problem found in a content file, located for a human.
///
/// Line and column are computed once, when the diagnostic is made, because
/// that is the only time the file's text is at hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based; `None` for problems with the file as a whole (unreadable, …).
    pub line: Option<usize>,
    /// 1-based, in characters.
    pub col: Option<usize>,
    pub message: String,
    /// The offending line, for the rustc-style excerpt.
    #[serde(skip)]
    pub line_text: Option<String>,
    /// How many characters the caret underline covers.
    #[serde(skip)]
    pub width: usize,
}

impl Diagnostic {
    /// A problem with the whole file, not a place in it.
    pub fn file_level(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: None,
            col: None,
            message: message.into(),
            line_text: None,
            width: 0,
        }
    }

    /// A problem at a byte span of `text` (the file's whole contents).
    pub fn at(file: &str, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_no = text[..start].matches('\n').count() + 1;
        let col = text[line_start..start].chars().count() + 1;
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        let width = text[start..end].chars().count().max(1);
        Diagnostic {
            file: file.to_string(),
            line: Some(line_no),
            col: Some(col),
            message: message.into(),
            line_text: Some(line_text.to_string()),
            width,
        }
    }

    /// `path:line:col: message`, the greppable first line.
    pub fn headline(&self) -> String {
        match (self.line, self.col) {
            (Some(l), Some(c)) => format!("{}:{}:{}: {}", self.file, l, c, self.message),
            _ => format!("{}: {}", self.file, self.message),
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    /// rustc-like: the headline, then the line with a caret under the span.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.headline())?;
        if let (Some(line), Some(col), Some(text)) = (self.line, self.col, &self.line_text) {
            let gutter = line.to_string().len();
            let text: String = text
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            write!(f, "\n{:gutter$} |", "")?;
            write!(f, "\n{line} | {text}")?;
            write!(
                f,
                "\n{:gutter$} | {:pad$}{}",
                "",
                "",
                "^".repeat(self.width),
                pad = col - 1
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column_in_characters() {
        let text = "a = 1\nbé = \"x\"\n";
        let start = text.find("\"x\"").unwrap();
        let d = Diagnostic::at("f.toml", text, start..start + 3, "bad");
        assert_eq!((d.line, d.col, d.width), (Some(2), Some(6), 3));
        assert_eq!(d.headline(), "f.toml:2:6: bad");
        assert_eq!(
            d.to_string(),
            "f.toml:2:6: bad\n  |\n2 | bé = \"x\"\n  |      ^^^"
        );
    }

    #[test]
    fn span_past_end_is_clamped() {
        let d = Diagnostic::at("f", "abc", 10..20, "eof");
        assert_eq!((d.line, d.col), (Some(1), Some(4)));
    }
}
