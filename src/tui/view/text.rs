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
    // A space that would end a full line is dropped (the line breaks
    // there); leading spaces the caller wrote are indentation and stay.
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
            } else if col < width {
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
        // Breaking before a word helps only when something is on the line
        // (not just the indentation the caller wrote).
        let has_text = cur.iter().any(|s| !s.content.trim().is_empty());
        if col + w > width && col > start_col && has_text {
            // Drop a trailing space before breaking.
            if cur.last().is_some_and(|s| s.content == " ") {
                cur.pop();
            }
            flush(&mut cur, &mut lines);
            cur.push(Span::raw(" ".repeat(indent)));
            col = indent;
        }
        // A word of one style (a URL, a path) wider than the line: broken
        // after a `/`, `-`, `.` … where one is near enough, not mid-name.
        if j == i + 1 && col + w > width {
            let (text, style, _) = &tokens[i];
            let mut rest = text.as_str();
            loop {
                let (piece, tail) = split_to_fit(rest, width.saturating_sub(col));
                cur.push(Span::styled(piece.to_string(), *style));
                col += piece.width();
                rest = tail;
                if rest.is_empty() {
                    break;
                }
                flush(&mut cur, &mut lines);
                cur.push(Span::raw(" ".repeat(indent)));
                col = indent;
            }
            i = j;
            continue;
        }
        for (text, style, _) in &tokens[i..j] {
            for ch in text.chars() {
                let cw = ch.width().unwrap_or(0);
                if col + cw > width && col > indent {
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

/// The head of `s` that fits in `room` columns, ending after a URL's or
/// path's separator when one falls in its last two thirds, and the rest.
/// Never empty while `s` is not: a character wider than the room still
/// goes, so wrapping always moves on.
fn split_to_fit(s: &str, room: usize) -> (&str, &str) {
    if s.width() <= room {
        return (s, "");
    }
    let mut fit = 0;
    let mut col = 0;
    for (at, ch) in s.char_indices() {
        let cw = ch.width().unwrap_or(0);
        if col + cw > room {
            break;
        }
        col += cw;
        fit = at + ch.len_utf8();
    }
    if fit == 0 {
        fit = s.chars().next().map_or(s.len(), char::len_utf8);
    }
    let head = &s[..fit];
    let at_separator = head
        .char_indices()
        .filter(|(_, c)| matches!(c, '/' | '-' | '.' | '?' | '&' | '=' | '#' | '_'))
        .map(|(at, c)| at + c.len_utf8())
        .rfind(|&end| end < fit && head[..end].width() * 3 >= room);
    s.split_at(at_separator.unwrap_or(fit))
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
    fn a_word_broken_for_being_too_long_keeps_the_space_after_it() {
        // A path or URL wider than the line breaks inside; what follows it
        // is still a word of its own.
        let l = wrap(vec![Span::raw("/tmp/roledex-devops.md (not here)")], 12, 0);
        assert_eq!(
            plain(&l),
            vec!["/tmp/", "roledex-", "devops.md", "(not here)"]
        );
        let l = wrap(vec![Span::raw("abcdefg hi")], 5, 0);
        assert_eq!(plain(&l), vec!["abcde", "fg hi"]);
    }

    #[test]
    fn a_long_url_breaks_after_its_separators_and_only_when_it_must() {
        let url = "https://sre.google/sre-book/table-of-contents/";
        // It fits on a line of its own: it moves there whole.
        let l = wrap(vec![Span::raw(format!("see {url}"))], 48, 0);
        assert_eq!(plain(&l), vec!["see".to_string(), url.to_string()]);
        // Wider than any line: broken after a `/` or `-`, indent kept.
        let l = wrap(vec![Span::raw(format!("    {url}"))], 24, 4);
        assert_eq!(
            plain(&l),
            vec![
                "    https://sre.google/",
                "    sre-book/table-of-",
                "    contents/"
            ]
        );
        for line in &l {
            assert!(line.width() <= 24, "{line:?}");
        }
        // No separator near enough: cut at the width, as before.
        let l = wrap(vec![Span::raw("abcdefghij")], 4, 0);
        assert_eq!(plain(&l), vec!["abcd", "efgh", "ij"]);
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
