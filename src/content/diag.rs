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
    /// The offending line, for the rustc-style excerpt; a long line is
    /// cut to a window around the column (with `…` where it was cut).
    #[serde(skip)]
    pub line_text: Option<String>,
    /// How many characters the caret underline covers.
    #[serde(skip)]
    pub width: usize,
    /// The column (1-based, in characters) of `col` within `line_text`:
    /// `col` itself unless the line was cut.
    #[serde(skip)]
    pub excerpt_col: usize,
}

/// Lines longer than this (in characters) are shown as a window around the
/// problem: a minified or generated file can be one line of megabytes, and
/// each diagnostic would otherwise hold (and print) all of it.
const MAX_EXCERPT_CHARS: usize = 160;
/// How much of the line before the column the window keeps.
const EXCERPT_LEAD: usize = 60;

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
            excerpt_col: 0,
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
        let mut width = text[start..end].chars().count().max(1);
        let (line_text, excerpt_col) = excerpt(line_text, col);
        width = width.min(MAX_EXCERPT_CHARS);
        Diagnostic {
            file: file.to_string(),
            line: Some(line_no),
            col: Some(col),
            message: message.into(),
            line_text: Some(line_text),
            width,
            excerpt_col,
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

/// `line`, or for a long line the window of it around `col`, and where
/// `col` falls in what is returned.
fn excerpt(line: &str, col: usize) -> (String, usize) {
    if line.len() <= MAX_EXCERPT_CHARS || line.chars().nth(MAX_EXCERPT_CHARS).is_none() {
        return (line.to_string(), col);
    }
    let from = col.saturating_sub(1).saturating_sub(EXCERPT_LEAD);
    let mut window: String = line.chars().skip(from).take(MAX_EXCERPT_CHARS).collect();
    let mut at = col - from;
    if line.chars().nth(from + MAX_EXCERPT_CHARS).is_some() {
        window.push('…');
    }
    if from > 0 {
        window.insert(0, '…');
        at += 1;
    }
    (window, at)
}

/// serde's message in a content author's words: "expected i32" means a
/// whole number to someone writing TOML, "a sequence" a list, "a map" a
/// table.
pub fn plain_message(msg: &str) -> String {
    const WORDS: [(&str, &str); 14] = [
        ("expected i8", "expected a whole number"),
        ("expected i16", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number, 0 or more"),
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected usize", "expected a whole number, 0 or more"),
        ("expected f32", "expected a number"),
        ("expected f64", "expected a number"),
        (
            "expected a sequence",
            "expected a list, e.g. [\"a\", \"b\"]",
        ),
        ("expected a map", "expected a table"),
        ("expected struct ", "expected a table: "),
    ];
    let mut out = msg.to_string();
    for (serde, plain) in WORDS {
        if let Some(at) = out.find(serde) {
            let end = at + serde.len();
            // Whole words only: "expected u8" is not the start of "u80".
            if out[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
                || serde.ends_with(' ')
            {
                out.replace_range(at..end, plain);
            }
        }
    }
    out
}

/// Orders diagnostics for a reader: by file (in the order files first
/// appear), then by place in the file, whole-file problems first. Stable:
/// problems at one place keep the order they were found in.
pub fn sort_by_place(diags: &mut [Diagnostic]) {
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, d) in diags.iter().enumerate() {
        first.entry(d.file.clone()).or_insert(i);
    }
    diags.sort_by_key(|d| (first[&d.file], d.line, d.col));
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
        if let (Some(line), Some(_), Some(text)) = (self.line, self.col, &self.line_text) {
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
                pad = self.excerpt_col.saturating_sub(1)
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
    fn a_long_line_is_shown_as_a_window_around_the_column() {
        let text = format!(
            "a = [{}\"bad\"{}]",
            "\"x\", ".repeat(20_000),
            ", 1".repeat(5_000)
        );
        let start = text.find("\"bad\"").unwrap();
        let d = Diagnostic::at("f.toml", &text, start..start + 5, "bad");
        assert_eq!(d.col, Some(text[..start].chars().count() + 1));
        let excerpt = d.line_text.as_deref().unwrap();
        assert!(
            excerpt.chars().count() <= MAX_EXCERPT_CHARS + 2,
            "{excerpt}"
        );
        assert!(excerpt.starts_with('…') && excerpt.ends_with('…'));
        // The caret still sits under the offending text.
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[3].find('^').unwrap();
        let code_col = lines[2].find("| ").unwrap() + 2;
        let under: String = lines[2][code_col..]
            .chars()
            .skip(lines[3][code_col..caret].chars().count())
            .take(5)
            .collect();
        assert_eq!(under, "\"bad\"");
    }

    #[test]
    fn sorting_groups_by_file_then_orders_by_place() {
        let text = "a\nb\nc\n";
        let at = |file: &str, line: usize| {
            // Each line is one letter and a newline.
            let start = (line - 1) * 2;
            Diagnostic::at(file, text, start..start + 1, format!("{file}{line}"))
        };
        let mut diags = vec![
            at("b", 3),
            at("a", 2),
            at("b", 1),
            Diagnostic::file_level("a", "a-file"),
            at("a", 1),
        ];
        sort_by_place(&mut diags);
        let order: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["b1", "b3", "a-file", "a1", "a2"]);
    }

    #[test]
    fn span_past_end_is_clamped() {
        let d = Diagnostic::at("f", "abc", 10..20, "eof");
        assert_eq!((d.line, d.col), (Some(1), Some(4)));
    }
}

#[cfg(test)]
mod plain_tests {
    use super::plain_message;

    #[test]
    fn serde_types_read_as_toml_words() {
        assert_eq!(
            plain_message("invalid type: string \"first\", expected i32"),
            "invalid type: string \"first\", expected a whole number"
        );
        assert_eq!(
            plain_message("invalid type: string \"x\", expected a sequence"),
            "invalid type: string \"x\", expected a list, e.g. [\"a\", \"b\"]"
        );
        assert_eq!(
            plain_message("invalid value: integer `300`, expected u8"),
            "invalid value: integer `300`, expected a whole number from 0 to 255"
        );
        let other = "unknown field `x`, expected one of `a`, `b`";
        assert_eq!(plain_message(other), other);
    }
}
