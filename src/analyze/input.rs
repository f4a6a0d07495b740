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
    if !text.chars().any(char::is_alphanumeric) {
        return Err(AdError::Empty);
    }
    Ok((text, stats))
}
