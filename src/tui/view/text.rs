//! Text layout helpers: wrapping styled text by display width (so CJK and
//! emoji never overrun a border) and drawing only the visible lines.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Spans for `text` with the chars at `indices` (sorted char positions)
/// in `matched` style.
pub fn highlighted(
    text: &str,
    indices: &[usize],
    base: Style,
    matched: Style,
) -> Vec<Span<'static>> {
    if indices.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    let mut k = 0;
    for (i, ch) in text.chars().enumerate() {
        let hit = indices.get(k) == Some(&i);
        if hit {
            k += 1;
        }
        if hit != run_hit && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hit { matched } else { base },
            ));
        }
        run_hit = hit;
        run.push(ch);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hit { matched } else { base }));
    }
    spans
}

/// Word-wraps styled spans to `width` columns. Every line after the first
/// starts with `indent` spaces. Words wider than a line are broken.
pub fn wrap(spans: Vec<Span<'static>>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let indent = indent.min(width.saturating_sub(1));
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    let mut col = 0usize;
    // Spaces are dropped only at the start of a line the wrapper broke;
    // leading spaces the caller wrote are indentation and stay.
    let mut after_break = false;
    // Split into (word, style) and (space, style) tokens.
    let mut tokens: Vec<(String, Style, bool)> = Vec::new();
    for s in spans {
        let mut word = String::new();
        for ch in s.content.chars() {
            let space = ch == ' ' || ch == '\n' || ch == '\t';
            if space {
                if !word.is_empty() {
                    tokens.push((std::mem::take(&mut word), s.style, false));
                }
                tokens.push((
                    if ch == '\n' { "\n" } else { " " }.to_string(),
                    s.style,
                    true,
                ));
            } else {
                word.push(ch);
            }
        }
        if !word.is_empty() {
            tokens.push((word, s.style, false));
        }
    }
    // Adjacent word tokens with different styles form one visual word.
    let mut i = 0;
    let flush = |cur: &mut Vec<Span<'static>>, lines: &mut Vec<Line<'static>>| {
        lines.push(Line::from(std::mem::take(cur)));
    };
    while i < tokens.len() {
        let (ref tok, style, space) = tokens[i];
        if space {
            if tok == "\n" {
                flush(&mut cur, &mut lines);
                col = 0;
                after_break = false;
            } else if !after_break && col < width {
                cur.push(Span::styled(" ", style));
                col += 1;
            }
            i += 1;
            continue;
        }
        // Gather the whole visual word.
        let mut j = i;
        let mut w = 0;
        while j < tokens.len() && !tokens[j].2 {
            w += tokens[j].0.width();
            j += 1;
        }
        let start_col = if lines.is_empty() { 0 } else { indent };
        if col + w > width && col > start_col {
            // Drop a trailing space before breaking.
            if cur.last().is_some_and(|s| s.content == " ") {
                cur.pop();
            }
            flush(&mut cur, &mut lines);
            cur.push(Span::raw(" ".repeat(indent)));
            col = indent;
        }
        after_break = false;
        for (text, style, _) in &tokens[i..j] {
            for ch in text.chars() {
                let cw = ch.width().unwrap_or(0);
                if col + cw > width && col > indent {
                    after_break = true;
                    flush(&mut cur, &mut lines);
                    cur.push(Span::raw(" ".repeat(indent)));
                    col = indent;
                }
                match cur.last_mut() {
                    Some(last) if last.style == *style && last.content != " " => {
                        last.content.to_mut().push(ch);
                    }
                    _ => cur.push(Span::styled(ch.to_string(), *style)),
                }
                col += cw;
            }
        }
        i = j;
    }
    if !cur.is_empty() || lines.is_empty() {
        flush(&mut cur, &mut lines);
    }
    lines
}

/// Draws `lines[offset..]` into `area`, one line per row, clipped.
pub fn draw_lines(buf: &mut Buffer, area: Rect, lines: &[Line], offset: usize) {
    for (row, line) in lines
        .iter()
        .skip(offset)
        .take(usize::from(area.height))
        .enumerate()
    {
        let y = area.y + row as u16;
        buf.set_line(area.x, y, line, area.width);
    }
}

/// Cuts a string to at most `width` display columns, with "…" if cut.
pub fn ellipsize(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut col = 0;
    for ch in s.chars() {
        let w = ch.width().unwrap_or(0);
        if col + w + 1 > width {
            break;
        }
        out.push(ch);
        col += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wraps_on_words_with_indent() {
        let l = wrap(vec![Span::raw("alpha beta gamma delta")], 11, 2);
        assert_eq!(plain(&l), vec!["alpha beta", "  gamma", "  delta"]);
    }

    #[test]
    fn wide_chars_never_exceed_the_width() {
        let l = wrap(vec![Span::raw("漢字漢字漢字 emoji😀😀😀")], 5, 0);
        for line in &l {
            assert!(line.width() <= 5, "{line:?}");
        }
    }

    #[test]
    fn highlight_splits_runs() {
        let s = highlighted("abcd", &[1, 2], Style::new(), Style::new().bold());
        assert_eq!(
            s.iter().map(|s| s.content.as_ref()).collect::<Vec<_>>(),
            vec!["a", "bc", "d"]
        );
    }

    #[test]
    fn ellipsize_respects_display_width() {
        assert_eq!(ellipsize("漢字漢字", 5), "漢字…");
        assert_eq!(ellipsize("short", 10), "short");
    }
}
