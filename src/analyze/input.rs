//! The input: bytes to text, with the limits that keep a 10 MB paste fast.

use super::{AdError, InputStats};

/// Only this much of an ad is read; real ads are a few kilobytes, and the
/// cap keeps a pasted log file or a 10 MB dump well under a second.
pub const MAX_ANALYSED_BYTES: usize = 256 * 1024;
/// Bytes inspected to decide whether the input is text at all.
const BINARY_SAMPLE: usize = 8 * 1024;

/// Decodes (lossily, UTF-16 with a BOM too) and rejects empty and binary
/// input; reads at most [`MAX_ANALYSED_BYTES`], cut at a word break.
pub fn decode(bytes: &[u8]) -> Result<(String, InputStats), AdError> {
    let mut stats = InputStats {
        bytes: bytes.len(),
        ..InputStats::default()
    };
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, true)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, false)),
        _ => None,
    };
    let text = if let Some((rest, little)) = utf16 {
        let take = rest.len().min(MAX_ANALYSED_BYTES * 2) & !1;
        stats.truncated = take < rest.len() & !1;
        let units: Vec<u16> = rest[..take]
            .chunks_exact(2)
            .map(|c| {
                if little {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        let text = String::from_utf16_lossy(&units);
        stats.lossy = text.contains('\u{FFFD}');
        text
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let sample = &bytes[..bytes.len().min(BINARY_SAMPLE)];
        let control = sample
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
            .count();
        let invalid = String::from_utf8_lossy(sample)
            .chars()
            .filter(|&c| c == '\u{FFFD}')
            .count();
        if !sample.is_empty() {
            let bad = (control + invalid) * 100 / sample.len();
            if control * 10 > sample.len() || bad > 30 {
                return Err(AdError::Binary {
                    percent: u8::try_from(bad.min(100)).unwrap_or(100),
                });
            }
        }
        let mut end = bytes.len().min(MAX_ANALYSED_BYTES);
        stats.truncated = end < bytes.len();
        if stats.truncated {
            // Cut at the last line or word break so no word is half-read.
            if let Some(p) = bytes[..end].iter().rposition(|b| b.is_ascii_whitespace()) {
                end = p;
            }
        }
        let text = String::from_utf8_lossy(&bytes[..end]);
        stats.lossy = matches!(text, std::borrow::Cow::Owned(_));
        text.into_owned()
    };
    let text = if looks_like_html(&text) && nesting(&text) <= MAX_NESTING {
        stats.html = true;
        from_html(&text)
    } else {
        text
    };
    if !text.chars().any(char::is_alphanumeric) {
        return Err(AdError::Empty);
    }
    Ok((text, stats))
}

/// Tags a web page is made of; a few of them make a text a page (one
/// `<div>` quoted in a plain ad does not).
const PAGE_TAGS: [&str; 22] = [
    "html", "body", "head", "div", "p", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "span", "strong", "em", "b", "section", "article", "table",
];
const PAGE_TAGS_NEEDED: usize = 3;

/// A tag's start: `<name` or `</name`, lower-cased, and whether a tag's
/// end or attributes follow the name (so "<50k" and "2 <3" are no tags).
struct Tag {
    name: String,
    closing: bool,
    whole: bool,
}

fn tags(text: &str) -> impl Iterator<Item = Tag> + '_ {
    text.match_indices('<').map(move |(at, _)| {
        let rest = &text[at + 1..];
        let closing = rest.starts_with('/');
        let rest = rest.trim_start_matches('/');
        let len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let whole = matches!(
            rest[len..].chars().next(),
            Some('>' | '/' | ' ' | '\t' | '\n' | '\r')
        );
        Tag {
            name: rest[..len].to_ascii_lowercase(),
            closing,
            whole,
        }
    })
}

/// Whether `text` is an HTML page (or fragment) rather than plain text:
/// it opens with a tag and holds a few of a page's. A plain ad with stray
/// tags in it ("<br>" left by a copy) starts with its words and stays
/// plain text, since HTML would run its lines into one paragraph.
pub fn looks_like_html(text: &str) -> bool {
    text.trim_start().starts_with('<')
        && tags(text)
            .filter(|t| t.whole && PAGE_TAGS.contains(&t.name.as_str()))
            .nth(PAGE_TAGS_NEEDED - 1)
            .is_some()
}

/// Deeper than this, a page is read as plain text: converting it costs
/// time that grows with the square of its depth (2,000 levels take 10 ms,
/// 20,000 a second), and real pages are a few dozen levels deep.
const MAX_NESTING: usize = 1000;

/// How deep the page's elements nest, counting every opening tag but the
/// void ones (unclosed `<li>` and `<p>` only make it look deeper).
fn nesting(page: &str) -> usize {
    const VOID: [&str; 8] = ["br", "hr", "img", "meta", "link", "input", "wbr", "source"];
    let (mut depth, mut most) = (0usize, 0usize);
    for t in tags(page).filter(|t| t.whole && !VOID.contains(&t.name.as_str())) {
        if t.closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            most = most.max(depth);
        }
    }
    most
}

/// The page's text, a block per line: headings as "# …", list items as
/// "* …" (which the sections reader reads as headings and bullets).
fn from_html(page: &str) -> String {
    // Wide enough that no paragraph is wrapped: lines are the reader's
    // units, and a wrapped sentence would read as two.
    const NO_WRAP: usize = 1 << 20;
    // Raw mode reads a table's cells one per line, as the page's text
    // (a job board's layout table is no grid of figures), and skips the
    // column layout, which is slow on deeply nested tables. Links keep
    // their text; their addresses ("…/jobs/devops-engineer") are not the
    // ad's words.
    html2text::config::plain()
        .raw_mode(true)
        .link_footnotes(false)
        .string_from_read(page.as_bytes(), NO_WRAP)
        .unwrap_or_else(|_| page.to_string())
}

#[cfg(test)]
mod tests {
    use super::{decode, looks_like_html};

    #[test]
    fn a_page_is_html_and_a_plain_ad_quoting_a_tag_is_not() {
        assert!(looks_like_html(
            "<html><body><h2>What you'll do</h2><ul><li>Build</li></ul></body></html>"
        ));
        assert!(looks_like_html("  <p>One</p>\n<p>Two</p>"));
        assert!(!looks_like_html(
            "Platform Engineer\n\n- Build React apps: we render <div> trees and <p> tags"
        ));
        assert!(!looks_like_html("Salary <50k> and a 2 < 3 rule; a <b>"));
        assert!(!looks_like_html(
            "DevOps Engineer<br>\n- Build pipelines<br>\n- Run <b>Kubernetes</b><br>\n"
        ));
    }

    #[test]
    fn a_page_nested_too_deep_to_convert_quickly_is_read_as_plain_text() {
        let deep = format!(
            "{}Build golden paths{}",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        assert_eq!(super::nesting(&deep), 5000);
        let (text, stats) = decode(deep.as_bytes()).expect("text");
        assert!(!stats.html);
        assert!(text.contains("Build golden paths"));
        let page = "<ul><li>One<li>Two<br><br></ul><p>Three</p>";
        assert_eq!(super::nesting(page), 3);
    }

    #[test]
    fn a_page_is_read_as_its_text_without_scripts_styles_or_entities() {
        let page = "<html><head><style>p { color: red }</style>\
            <script>var cost = 1;</script></head><body>\
            <h1>Platform Engineer</h1><p>Tools &amp; templates for <a href=\"https://x.io/jobs/devops\">every team</a>.</p>\
            <ul><li>Build golden paths<li>Run the portal</ul></body></html>";
        let (text, stats) = decode(page.as_bytes()).expect("text");
        assert!(stats.html);
        assert!(text.contains("# Platform Engineer"), "{text}");
        assert!(
            text.contains("Tools & templates for [every team]."),
            "{text}"
        );
        assert!(!text.contains("x.io"), "{text}");
        assert!(
            text.contains("* Build golden paths\n* Run the portal"),
            "{text}"
        );
        assert!(!text.contains("color") && !text.contains("cost"), "{text}");
        assert!(!text.contains('<'), "{text}");
        let (plain, stats) = decode(b"Platform Engineer\n\n- Build <div> trees").expect("text");
        assert!(!stats.html);
        assert_eq!(plain, "Platform Engineer\n\n- Build <div> trees");
    }
}
