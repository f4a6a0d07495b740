//! Reading a job ad past its title: which role does it really describe?
//!
//! # What it recognises
//!
//! Everything comes from the loaded content, so a user content pack changes
//! what the analyzer sees; nothing here lists role words.
//!
//! * **Signals** (`[[signals]]` of each role): each term is a phrase, worth
//!   the signal's weight (1–3) times the term's *specificity*.
//! * **Tools** (`tools.toml` names and aliases): a mention counts for every
//!   role whose duties use the tool, worth the tool's specificity; tools add
//!   at most [`TOOL_CAP`] to a role, so a long tool list cannot carry an ad.
//! * **Duties** and **profile traits** (the duty texts and the profile
//!   fields *focus*, *serves*, *audience*, …): a sentence matches one when
//!   they share at least two distinctive words; profile traits weigh more
//!   than duties (2 against 1.5) since they are what tells roles apart.
//!
//! *Specificity* is an IDF over roles, `ln(R / n) / ln(R)` for something
//! found in `n` of the `R` roles' content: 1 when only one role has it, 0
//! when all do. "Golden path" is platform's alone; Kubernetes, used by
//! four roles, is worth little. A term is no more specific than a shorter
//! term of the same trait inside it ("on-call rotation" ≤ "on-call"). A
//! word's weight is also scaled by how rare it is across all of the
//! content's prose, which silences grammar and generic words without a
//! stop list, and halved when the role's content uses it only once.
//!
//! Matching is by whole words after light normalisation: case, plurals,
//! possessives, UK/US spellings and common endings; "CI/CD",
//! "self-service" and "self service" are the same words, and one short word
//! may sit inside a term ("automate our deployments"). One-word terms of
//! three letters or fewer ("aws", "san", "ad") only match in capitals, and
//! one-word tool aliases that are ordinary words ("actions", "vault") only
//! when capitalised, unless the ad has no capitals at all. Role titles in
//! the body ("as a DevOps Engineer you will…") are masked: the title is
//! reported, never counted.
//!
//! # The score (0–100)
//!
//! Each feature counts once however often the ad repeats it, and each
//! further term of one signal trait counts half the one before: breadth of
//! evidence beats repetition. Per role:
//!
//! * `raw = signals + duties + tools + profile` (the breakdown shown);
//! * `strength = 1 − e^(−raw / 12)`, how much evidence there is;
//! * `coverage = min(1, s / max(4, 0.2 × sentences))`, with `s` the ad's
//!   sentences that carry evidence for the role: whether the evidence runs
//!   through the ad or sits in one line of a different job;
//! * `score = 100 × strength × (0.5 + 0.5 × coverage)`.
//!
//! # The verdict
//!
//! The best role is the top score if it clears a bar that depends on the
//! title: [`BEST_MIN_SCORE`] (30) normally, [`TITLE_AGREES_MIN_SCORE`] (20)
//! for a role the title names, and [`OTHER_JOB_MIN_SCORE`] (55) when the
//! title names a job that is none of the roles ("Backend Engineer"): such
//! an ad is only read as a role on strong evidence. Below the bar the ad
//! reads like none of the roles. A role the title names wins when it is
//! within [`TITLE_TIE`] (6) points of the top. Confidence is high when the
//! best scores 55+ and leads the runner-up by 15+, medium at 35+ with a
//! lead of 6+, low otherwise; a title mismatch is reported only at medium
//! or high confidence.
//!
//! Boilerplate (benefits, equal-opportunity text) matches no content, so it
//! adds nothing; it can only lower coverage, which is why coverage asks for
//! a fifth of the sentences and not all of them.
//!
//! # Limits
//!
//! At most [`MAX_ANALYSED_BYTES`] and [`MAX_SENTENCES`] are read, so a 10 MB
//! paste is analysed in milliseconds; [`InputStats`] says when it was cut.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::catalog::Catalog;
use crate::content::ProfileKey;

/// Only this much of an ad is read; real ads are a few kilobytes, and the
/// cap keeps a pasted log file or a 10 MB dump well under a second.
pub const MAX_ANALYSED_BYTES: usize = 256 * 1024;
/// At most this many sentences are analysed (a second cap, for inputs made
/// of very short lines).
pub const MAX_SENTENCES: usize = 2_000;
/// A sentence longer than this is cut at a word boundary: evidence has to
/// fit on a screen, and a text without full stops is still analysed.
const MAX_SENTENCE_CHARS: usize = 500;
/// Bytes inspected to decide whether the input is text at all.
const BINARY_SAMPLE: usize = 8 * 1024;

const TOOL_WEIGHT: f64 = 1.0;
/// The most that tool mentions can add to one role.
pub const TOOL_CAP: f64 = 3.0;
const DUTY_WEIGHT: f64 = 1.5;
const PROFILE_WEIGHT: f64 = 2.0;
/// A sentence matches a duty or profile trait when it shares at least this
/// many distinctive words with it …
const DOC_MIN_WORDS: usize = 2;
/// … worth at least this much in word weights; …
const DOC_MIN_WEIGHT: f64 = 1.0;
/// … and counts in full from this much on.
const DOC_FULL_WEIGHT: f64 = 2.0;
/// A word weighing less than this is too common to count towards a match.
const WORD_MIN_WEIGHT: f64 = 0.2;
/// A word weighs in full for a role once that many of the role's texts use it.
const REPEATS_FOR_FULL_WEIGHT: f64 = 2.0;
/// Each further term of one signal trait counts this fraction of the last.
const REPEAT_DECAY: f64 = 0.5;
/// The longest word that may sit inside a multi-word term ("our", "the").
const MAX_GAP_CHARS: usize = 4;
const STRENGTH_SCALE: f64 = 12.0;
const COVERAGE_MIN_SENTENCES: f64 = 4.0;
const COVERAGE_FRACTION: f64 = 0.2;
/// A sentence carries evidence for a role when its matches are worth this.
const SENTENCE_EVIDENCE_MIN: f64 = 0.5;
/// Below this score the ad reads like none of the roles …
pub const BEST_MIN_SCORE: f64 = 30.0;
/// … unless the title names that role (or one within [`TITLE_TIE`]) …
pub const TITLE_AGREES_MIN_SCORE: f64 = 20.0;
/// … while a title naming a job that is none of the roles ("Backend
/// Engineer", "Data Engineer") is only overruled by a reading as strong as
/// a high-confidence one.
pub const OTHER_JOB_MIN_SCORE: f64 = HIGH_SCORE;
/// A role named by the title wins when within this many points of the top.
pub const TITLE_TIE: f64 = MEDIUM_MARGIN;
pub const HIGH_SCORE: f64 = 55.0;
const HIGH_MARGIN: f64 = 15.0;
const MEDIUM_SCORE: f64 = 35.0;
const MEDIUM_MARGIN: f64 = 6.0;
/// Evidence items kept (the strongest first).
const MAX_EVIDENCE: usize = 60;
const MAX_QUESTIONS: usize = 3;

/// Why an input cannot be analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdError {
    #[error("the job ad is empty: there is no text to read")]
    Empty,
    #[error(
        "this looks like binary data, not the text of a job ad \
         ({percent}% of the first bytes are control or invalid bytes); \
         save the ad as plain text or Markdown and try again"
    )]
    Binary { percent: u8 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// What part of a role's content a piece of evidence matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvidenceKind {
    /// A term of one of the role's signals; `matched` is the trait.
    Signal,
    /// A tool its duties use; `matched` is the tool's name.
    Tool,
    /// One of its duties; `matched` is the duty text.
    Duty,
    /// A profile trait; `matched` is "Label: text".
    Profile,
}

impl EvidenceKind {
    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::Signal => "signal",
            EvidenceKind::Tool => "tool",
            EvidenceKind::Duty => "duty",
            EvidenceKind::Profile => "profile",
        }
    }
}

/// One reason behind a role's score, pointing into the ad.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Role index in the catalog.
    pub role: usize,
    pub kind: EvidenceKind,
    /// The content it matched: signal trait, tool name, duty text, or
    /// profile trait ("Serves: …").
    pub matched: String,
    /// The words that matched, as the content spells them (a signal term,
    /// a tool alias, or the shared words of a duty).
    pub term: String,
    /// The ad's sentence or bullet, cleaned of Markdown markers.
    pub ad_text: String,
    /// 1-based line of the (decoded) ad where `ad_text` starts.
    pub line: usize,
    /// Char (not byte) ranges of the matched words within `ad_text`,
    /// sorted, non-overlapping.
    pub ranges: Vec<Range<usize>>,
    /// What this item added to the role's raw score.
    pub weight: f64,
}

impl Evidence {
    /// The char positions to highlight, as `report::style::Paint::highlight`
    /// takes them.
    pub fn highlight_indices(&self) -> Vec<usize> {
        self.ranges.iter().flat_map(|r| r.clone()).collect()
    }

    /// The ranges as byte ranges of `ad_text`, for slicing.
    pub fn byte_ranges(&self) -> Vec<Range<usize>> {
        let offsets: Vec<usize> = self
            .ad_text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(self.ad_text.len()))
            .collect();
        let at = |c: usize| offsets.get(c).copied().unwrap_or(self.ad_text.len());
        self.ranges.iter().map(|r| at(r.start)..at(r.end)).collect()
    }
}

/// A role's score and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleScore {
    pub role: usize,
    /// 0–100; see the module documentation.
    pub score: f64,
    /// signals + duties + tools + profile.
    pub raw: f64,
    pub signals: f64,
    pub duties: f64,
    pub tools: f64,
    pub profile: f64,
    /// 0–1: `1 − e^(−raw / 12)`.
    pub strength: f64,
    /// 0–1: how much of the ad carries this role's evidence.
    pub coverage: f64,
    /// Sentences of the ad with evidence for this role.
    pub evidence_sentences: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionAnswer {
    pub answer: String,
    /// The role the answer points to, if it is loaded.
    pub suggests: Option<usize>,
    pub meaning: String,
}

/// An interview question that would settle the remaining doubt.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedQuestion {
    pub question: String,
    pub source: String,
    /// For a role's own interview question: why it matters.
    pub why: Option<String>,
    /// For a guide question: the answers and the roles they point to.
    pub answers: Vec<QuestionAnswer>,
    /// For a role's own interview question: that role.
    pub role: Option<usize>,
}

/// How much of the input was read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputStats {
    /// Bytes given.
    pub bytes: usize,
    /// Bytes analysed (at most [`MAX_ANALYSED_BYTES`]).
    pub analysed_bytes: usize,
    /// Sentences and bullets analysed.
    pub sentences: usize,
    /// True when only the start of the input was analysed.
    pub truncated: bool,
    /// True when invalid UTF-8 was replaced.
    pub lossy: bool,
}

/// The reading of one job ad.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The ad's title: its first heading, a "Title:" line, or a short first
    /// line that reads like a job title.
    pub title: Option<String>,
    /// The role the title names (the first one, when it names several).
    pub title_role: Option<usize>,
    /// Every role the title names, in order ("DevOps / Platform Engineer").
    pub title_roles: Vec<usize>,
    /// One entry per catalog role, in catalog order.
    pub scores: Vec<RoleScore>,
    /// Role indices from the highest score down.
    pub ranking: Vec<usize>,
    /// The role the duties describe; `None` when they read like none.
    pub best: Option<usize>,
    pub confidence: Confidence,
    /// The strongest evidence first.
    pub evidence: Vec<Evidence>,
    /// The title names a role, but the duties read like another one, with
    /// at least medium confidence.
    pub title_mismatch: bool,
    pub questions: Vec<SuggestedQuestion>,
    pub input: InputStats,
}

impl Analysis {
    pub fn score(&self, role: usize) -> Option<&RoleScore> {
        self.scores.iter().find(|s| s.role == role)
    }

    /// The strongest `n` pieces of evidence for a role.
    pub fn evidence_for(&self, role: usize, n: usize) -> impl Iterator<Item = &Evidence> {
        self.evidence.iter().filter(move |e| e.role == role).take(n)
    }

    /// The runner-up: the second-ranked role, if any.
    pub fn runner_up(&self) -> Option<usize> {
        self.ranking.get(1).copied()
    }
}

/// Analyses raw bytes: decodes (lossily, UTF-16 with a BOM too), rejects
/// empty and binary input, and reads at most [`MAX_ANALYSED_BYTES`].
pub fn analyze_bytes(catalog: &Catalog, bytes: &[u8]) -> Result<Analysis, AdError> {
    Analyzer::new(catalog).analyze_bytes(bytes)
}

/// Analyses the text of a job ad. Never fails: an empty text gives every
/// role a zero score and no best role.
pub fn analyze(catalog: &Catalog, ad: &str) -> Analysis {
    Analyzer::new(catalog).analyze(ad)
}

// ---------------------------------------------------------------- decoding

fn decode(bytes: &[u8]) -> Result<(String, InputStats), AdError> {
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

/// CRLF and lone CR become LF; other control characters become spaces so
/// that no escape sequence in an ad reaches a terminal.
fn normalise_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' => out.push('\n'),
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

// ------------------------------------------------------------ normalising

/// A light stemmer: case, possessives, plurals, UK/US spellings
/// (-ise/-ize, -tre/-ter, -logue/-log, -our/-or) and the common verb and
/// noun endings, so "deploying", "deployments" and "deploys" meet.
fn stem(word: &str) -> String {
    let mut w: String = word.to_lowercase();
    for apos in ["'s", "’s", "'", "’"] {
        if let Some(s) = w.strip_suffix(apos) {
            w = s.to_string();
            break;
        }
    }
    if !w.is_ascii() || w.chars().any(|c| c.is_ascii_digit()) || w.len() <= 3 {
        return w;
    }
    let len = w.len();
    // Plurals.
    if let Some(s) = w.strip_suffix("ies").filter(|_| len > 4) {
        w = format!("{s}y");
    } else if ["sses", "ches", "shes", "xes"]
        .iter()
        .any(|e| w.ends_with(e))
    {
        w.truncate(len - 2);
    } else if w.ends_with('s') && !["ss", "us", "is"].iter().any(|e| w.ends_with(e)) {
        w.truncate(len - 1);
    }
    // US spellings to UK ones.
    for (us, uk) in [
        ("ization", "isation"),
        ("izing", "ising"),
        ("ized", "ised"),
        ("ize", "ise"),
        ("yzing", "ysing"),
        ("yzed", "ysed"),
        ("yze", "yse"),
    ] {
        if let Some(s) = w.strip_suffix(us) {
            w = format!("{s}{uk}");
            break;
        }
    }
    if let Some(s) = w.strip_suffix("ter").filter(|s| s.len() >= 3) {
        // centre/center, metre/meter: the UK form is the stem.
        let uk = format!("{s}tre");
        if s.ends_with(['n', 'e']) {
            w = uk;
        }
    }
    if let Some(s) = w.strip_suffix("logue") {
        w = format!("{s}log");
    } else if let Some(s) = w.strip_suffix("our").filter(|s| s.len() >= 4) {
        w = format!("{s}or");
    }
    // Endings, longest first; each needs a stem of at least three letters.
    let endings: [(&str, &str); 12] = [
        ("isation", "is"),
        ("ation", "at"),
        ("ising", "is"),
        ("ating", "at"),
        ("ised", "is"),
        ("ated", "at"),
        ("ment", ""),
        ("ing", ""),
        ("ise", "is"),
        ("ate", "at"),
        ("ed", ""),
        ("e", ""),
    ];
    for (end, repl) in endings {
        if let Some(s) = w.strip_suffix(end) {
            let min = if end == "ment" { 4 } else { 3 };
            if s.len() >= min {
                let undouble = matches!(end, "ing" | "ed")
                    && s.len() >= 4
                    && s.as_bytes()[s.len() - 1] == s.as_bytes()[s.len() - 2]
                    && !matches!(s.as_bytes()[s.len() - 1], b'l' | b's' | b'z' | b'e' | b'o');
                let s = if undouble { &s[..s.len() - 1] } else { s };
                w = format!("{s}{repl}");
                if end == "ment"
                    && let Some(t) = w.strip_suffix('e').filter(|t| t.len() >= 3)
                {
                    w = t.to_string();
                }
                break;
            }
        }
    }
    w
}

/// The lowercase form used to compare titles: possessive and plural gone,
/// but no other stemming, so "Engineer" and "Engineering" stay apart.
fn plain(word: &str) -> String {
    let mut w = word.to_lowercase();
    for apos in ["'s", "’s"] {
        if let Some(s) = w.strip_suffix(apos) {
            w = s.to_string();
        }
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w.pop();
    }
    w
}

#[derive(Debug, Clone)]
struct Token {
    /// Char range in the sentence.
    start: usize,
    end: usize,
    text: String,
    stem: String,
    plain: String,
    /// Written in capitals ("AWS", "SLOs").
    upper: bool,
    /// Starts with a capital letter.
    capital: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits on anything that is not a letter or digit; an apostrophe or dot
/// between two word characters stays inside the word ("node.js",
/// "developer's"), so "CI/CD", "self-service" and "self service" all become
/// the same words.
fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_word(text, |start, end, word| {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        let body = word
            .strip_suffix('s')
            .filter(|b| b.chars().count() >= 2)
            .unwrap_or(word);
        let upper = letters.len() >= 2
            && body
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        out.push(Token {
            start,
            end,
            stem: stem(word),
            plain: plain(word),
            upper,
            capital: word.chars().next().is_some_and(char::is_uppercase),
            text: word.to_string(),
        });
    });
    out
}

/// Calls `f` with the char range and the text of each word, as [`tokenize`]
/// splits them; building the tables reads every text of the content this
/// way, without the per-word allocations of a [`Token`].
fn for_each_word(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    let mut chars = text.char_indices().peekable();
    // The char index of the next char `chars` gives.
    let mut at = 0;
    while let Some((from, c)) = chars.next() {
        at += 1;
        if !is_word_char(c) {
            continue;
        }
        let start = at - 1;
        let mut to = from + c.len_utf8();
        while let Some(&(b, c)) = chars.peek() {
            let next = b + c.len_utf8();
            let joiner = matches!(c, '\'' | '’' | '.')
                && text[next..].chars().next().is_some_and(is_word_char);
            if !is_word_char(c) && !joiner {
                break;
            }
            chars.next();
            at += 1;
            to = next;
        }
        f(start, at, &text[from..to]);
    }
}

// --------------------------------------------------------------- segmenting

/// One unit of the ad: a bullet, a heading, or a sentence of prose.
#[derive(Debug, Clone, PartialEq)]
struct Sentence {
    text: String,
    line: usize,
}

#[derive(Debug, Clone)]
struct CleanLine {
    text: String,
    line: usize,
    heading: bool,
    bullet: bool,
    indent: usize,
}

fn clean_line(raw: &str, line: usize) -> CleanLine {
    let indent = raw.chars().take_while(|c| c.is_whitespace()).count();
    let mut s = raw.trim();
    let mut heading = false;
    let mut bullet = false;
    if s.starts_with('#') {
        let t = s.trim_start_matches('#');
        if t.is_empty() || t.starts_with(char::is_whitespace) {
            heading = true;
            s = t.trim();
        }
    }
    while let Some(t) = s.strip_prefix('>') {
        s = t.trim_start();
    }
    const MARKERS: [char; 17] = [
        '-', '*', '+', '•', '·', '▪', '◦', '–', '—', '‣', '●', '○', '■', '□', '✓', '✔', '→',
    ];
    if let Some(t) = s.strip_prefix(MARKERS)
        && (t.is_empty() || t.starts_with(char::is_whitespace))
    {
        bullet = true;
        s = t.trim_start();
    } else {
        // "1." "12)" "a)"
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        let lead = if digits > 0 && digits <= 3 {
            digits
        } else if s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && s.chars().nth(1) == Some(')')
        {
            1
        } else {
            0
        };
        if lead > 0 {
            let rest = &s[lead..];
            if let Some(t) = rest.strip_prefix(['.', ')'])
                && t.starts_with(char::is_whitespace)
            {
                bullet = true;
                s = t.trim_start();
            }
        }
    }
    let rule = s.len() >= 3 && s.chars().all(|c| matches!(c, '-' | '*' | '_' | '=' | ' '));
    let text = if rule {
        String::new()
    } else {
        s.replace("**", "")
            .replace("__", "")
            .replace('`', "")
            .trim()
            .to_string()
    };
    CleanLine {
        text,
        line,
        heading,
        bullet,
        indent,
    }
}

/// Wrapped prose continues on the next line; a list without markers (each
/// line a capitalised item) does not.
fn continues(prev: &str, next: &CleanLine, in_bullet: bool) -> bool {
    if in_bullet && next.indent >= 2 {
        return true;
    }
    let first = next.text.chars().next();
    if first.is_some_and(|c| c.is_lowercase()) {
        return true;
    }
    let last = prev.chars().last();
    if last.is_some_and(|c| matches!(c, ',' | '&' | '(' | '/' | '-' | '–')) {
        return true;
    }
    // "… built with Control Tower and\nTerraform": a line ending on a short
    // lowercase word is mid-sentence.
    let last_word = prev.rsplit(char::is_whitespace).next().unwrap_or("");
    !last_word.is_empty()
        && last_word.chars().count() <= 3
        && last_word.chars().all(char::is_lowercase)
}

/// Splits prose at sentence ends; long runs are cut at a word boundary.
fn split_sentences(text: &str, line: usize, out: &mut Vec<Sentence>) {
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    let mut i = 0;
    let push = |from: usize, to: usize, out: &mut Vec<Sentence>| {
        let s: String = chars[from..to].iter().collect();
        let s = s.trim();
        if s.chars().any(char::is_alphanumeric) {
            out.push(Sentence {
                text: s.to_string(),
                line,
            });
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let end_mark = matches!(c, '.' | '!' | '?' | '…');
        if end_mark && i + 2 < chars.len() && chars[i + 1].is_whitespace() {
            let next = chars[i + 2..].iter().find(|c| !c.is_whitespace());
            // "e.g. Terraform" and "U.S. East" are not sentence ends.
            let word_before = chars[start..i]
                .iter()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .count();
            let abbreviation =
                c == '.' && word_before <= 1 || c == '.' && i >= 2 && chars[i - 2] == '.';
            let starts = |n: &char| n.is_uppercase() || n.is_ascii_digit() || "\"'“(".contains(*n);
            if next.is_some_and(starts) && !abbreviation {
                push(start, i + 1, out);
                start = i + 1;
            }
        }
        if i.saturating_sub(start) >= MAX_SENTENCE_CHARS {
            let cut = (start..i)
                .rev()
                .find(|&k| chars[k].is_whitespace())
                .unwrap_or(i);
            let cut = if cut <= start { i } else { cut };
            push(start, cut, out);
            start = cut;
        }
        i += 1;
    }
    push(start, chars.len(), out);
}

// ------------------------------------------------------------------ index

/// How an ad's word must be written to match a one-word content term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    Any,
    /// Short terms ("aws", "san", "ad", "tf") only as capitals, so "San
    /// Francisco" and "this ad" stay out.
    Upper,
    /// One-word tool aliases that are also ordinary words ("actions",
    /// "vault", "windows") only capitalised.
    Capital,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum PhraseTarget {
    Signal { role: usize, signal: usize },
    Tool { tool: usize },
}

/// The phrases that are the same words. A big pack repeats one term in
/// many roles ("golden path" in every copy of platform), and where the
/// words are found does not depend on whose term it is, so they are looked
/// for once; what a match counts for is kept here, next to the words, so
/// that it is read without visiting each phrase.
#[derive(Debug, Clone)]
struct PhraseGroup {
    syms: Vec<u32>,
    /// Ascending by phrase.
    members: Vec<Member>,
}

#[derive(Debug, Clone)]
struct Member {
    /// Its index among the phrases (see [`Tables::phrase`]).
    phrase: usize,
    case: CaseRule,
    target: PhraseTarget,
    /// What a match is worth before repeats: the signal's weight times the
    /// term's specificity across roles, or a tool's.
    base: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DocKind {
    Duty(usize),
    Profile(ProfileKey),
}

#[derive(Debug, Clone)]
struct Doc {
    role: usize,
    kind: DocKind,
}

#[derive(Debug, Clone)]
struct TitlePhrase {
    role: usize,
    words: Vec<String>,
}

/// The longest term whose spread over the roles is counted; a longer one
/// is found in no role's text and counts as fully specific.
const MAX_NGRAM: usize = 6;

/// The content turned into lookup tables, which is the costly part of an
/// [`Analyzer`]. Everything is kept per word, per phrase or per role text,
/// never per word *and* role, so the tables grow with the content and not
/// with its square. They hold no borrow of the catalog, so a long-lived
/// owner (the TUI) can keep them next to it and lend them to an
/// [`Analyzer`] per ad.
#[derive(Debug, Clone)]
pub struct Tables {
    /// The catalog they were built from, as far as they index into it:
    /// tool count, and signal and duty counts per role.
    shape: (usize, Vec<(usize, usize)>),
    syms: FastMap<String, u32>,
    /// Signal terms and tool names and aliases, as the content spells
    /// them, one after another; a phrase's index is content order, which
    /// breaks ties, and `phrase_ends[i]` is where phrase `i` ends.
    phrase_text: String,
    phrase_ends: Vec<usize>,
    groups: Vec<PhraseGroup>,
    /// First sym → the groups that start with it, ascending, each with its
    /// second sym: most of a big pack's phrases that share a first word
    /// ("terraform") part at the second, which is checked here without
    /// reading the group.
    by_first: FastMap<u32, Vec<(Option<u32>, usize)>>,
    docs: Vec<Doc>,
    /// sym → the docs containing it, ascending, with the word's weight for
    /// the doc's role; only weights of at least [`WORD_MIN_WEIGHT`], the
    /// rest never count towards a match.
    doc_index: FastMap<u32, Vec<(usize, f64)>>,
    tool_roles: Vec<Vec<usize>>,
    tool_spec: Vec<f64>,
    titles: Vec<TitlePhrase>,
    /// First word → titles starting with it, ascending.
    titles_by_first: FastMap<String, Vec<usize>>,
    /// Title phrases minus their last word ("DevOps" of "DevOps Engineer").
    modifiers: Vec<TitlePhrase>,
    /// Last word → modifiers ending with it, ascending.
    modifiers_by_last: FastMap<String, Vec<usize>>,
    /// Distinct titles of two words or more, by first word: what is masked
    /// in the body.
    masks: FastMap<String, Vec<Vec<String>>>,
    /// Last words of multi-word titles ("engineer", "administrator").
    heads: HashSet<String>,
}

/// Reads job ads against one catalog. Build once per catalog and reuse it
/// for many ads (the TUI re-analyses as the user types).
#[derive(Debug)]
pub struct Analyzer<'c> {
    cat: &'c Catalog,
    t: Cow<'c, Tables>,
}

/// `ln(total / n) / ln(total)`: 1 for something only one of `total` has, 0
/// for something all have.
fn idf(total: usize, n: usize) -> f64 {
    if total <= 1 {
        return 1.0;
    }
    let n = n.clamp(1, total);
    ((total as f64) / (n as f64)).ln() / (total as f64).ln()
}

/// A fast hash for the tables' keys (symbols, words, short phrases):
/// building them hashes every word of the content, millions in a big
/// pack. The keys come from the content, and an ad's words are only looked
/// up, never inserted, so SipHash's defence against chosen keys buys
/// nothing here. (FxHash, as rustc uses.)
#[derive(Debug, Default, Clone, Copy)]
struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Fast = BuildHasherDefault<WordHasher>;
type FastMap<K, V> = HashMap<K, V, Fast>;

/// Stems to symbols while the tables are built. Each spelling is stemmed
/// once: a big pack repeats the same words millions of times.
#[derive(Default)]
struct Interner {
    syms: FastMap<String, u32>,
    words: FastMap<String, u32>,
}

impl Interner {
    fn sym(&mut self, stem: &str) -> u32 {
        if let Some(&s) = self.syms.get(stem) {
            return s;
        }
        let s = u32::try_from(self.syms.len()).unwrap_or(u32::MAX);
        self.syms.insert(stem.to_string(), s);
        s
    }

    fn word(&mut self, word: &str) -> u32 {
        if let Some(&s) = self.words.get(word) {
            return s;
        }
        let s = self.sym(&stem(word));
        self.words.insert(word.to_string(), s);
        s
    }

    /// Appends a text's symbols to `out`.
    fn push(&mut self, text: &str, out: &mut Vec<u32>) {
        for_each_word(text, |_, _, w| out.push(self.word(w)));
    }

    fn text(&mut self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        self.push(text, &mut out);
        out
    }

    fn len(&self) -> usize {
        self.syms.len()
    }
}

/// Per-symbol counters while the tables are built, with a mark that tells
/// whether a symbol was already seen in the current text.
#[derive(Default)]
struct Counts {
    mark: Vec<usize>,
    n: Vec<usize>,
    text: usize,
}

impl Counts {
    fn fit(&mut self, syms: usize) {
        if self.n.len() < syms {
            self.n.resize(syms, 0);
            self.mark.resize(syms, usize::MAX);
        }
    }

    /// Calls `f` once per distinct symbol of `text`.
    fn each_distinct(&mut self, text: &[u32], mut f: impl FnMut(u32, &mut usize)) {
        self.text += 1;
        for &s in text {
            let i = s as usize;
            if let (Some(mark), Some(n)) = (self.mark.get_mut(i), self.n.get_mut(i))
                && *mark != self.text
            {
                *mark = self.text;
                f(s, n);
            }
        }
    }
}

/// A role's texts as symbols, one buffer reused from role to role.
#[derive(Default)]
struct Texts {
    buf: Vec<u32>,
    ranges: Vec<Range<usize>>,
}

impl Texts {
    fn clear(&mut self) {
        self.buf.clear();
        self.ranges.clear();
    }

    fn add(&mut self, words: &mut Interner, text: &str) {
        let start = self.buf.len();
        words.push(text, &mut self.buf);
        self.ranges.push(start..self.buf.len());
    }

    fn add_syms(&mut self, syms: &[u32]) {
        let start = self.buf.len();
        self.buf.extend_from_slice(syms);
        self.ranges.push(start..self.buf.len());
    }

    fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Texts `range`, as symbols.
    fn slice(&self, range: Range<usize>) -> impl Iterator<Item = &[u32]> {
        self.ranges[range].iter().map(|r| &self.buf[r.clone()])
    }
}

/// Counts one text of the content's prose.
fn count_prose(words: &mut Interner, prose: &mut Counts, n_prose: &mut usize, text: &str) {
    let syms = words.text(text);
    prose.fit(words.len());
    *n_prose += 1;
    prose.each_distinct(&syms, |_, n| *n += 1);
}

fn shape(cat: &Catalog) -> (usize, Vec<(usize, usize)>) {
    let roles = cat
        .roles
        .iter()
        .map(|r| (r.signals.len(), r.duties.len()))
        .collect();
    (cat.tools.len(), roles)
}

impl Tables {
    /// Reads the whole catalog once; the cost grows with its size.
    pub fn new(cat: &Catalog) -> Tables {
        let mut words = Interner::default();
        let n_roles = cat.roles.len();

        // Which roles use which tool, through their duties.
        let tool_roles: Vec<Vec<usize>> = (0..cat.tools.len())
            .map(|t| {
                let mut rs: Vec<usize> = cat.uses_of(t).iter().map(|u| u.role).collect();
                rs.dedup();
                rs
            })
            .collect();
        let tool_spec: Vec<f64> = tool_roles.iter().map(|rs| idf(n_roles, rs.len())).collect();

        // Signal terms as stems, per role and signal: the phrases to look
        // for, and the n-grams whose spread over the roles is counted.
        let mut terms: Vec<Vec<Vec<Vec<u32>>>> = Vec::with_capacity(n_roles);
        for role in &cat.roles {
            let mut per_signal = Vec::with_capacity(role.signals.len());
            for sig in &role.signals {
                let t: Vec<Vec<u32>> = sig.terms.iter().map(|t| words.text(t)).collect();
                per_signal.push(t);
            }
            terms.push(per_signal);
        }
        let mut ngram_id: FastMap<&[u32], usize> = FastMap::default();
        let mut ngrams: Vec<&[u32]> = Vec::new();
        // First symbol → the n-grams starting with it.
        let mut ngrams_by_first: Vec<Vec<usize>> = vec![Vec::new(); words.len()];
        for t in terms.iter().flatten().flatten() {
            if (1..=MAX_NGRAM).contains(&t.len()) && !ngram_id.contains_key(t.as_slice()) {
                ngram_id.insert(t.as_slice(), ngrams.len());
                if let Some(by) = ngrams_by_first.get_mut(t[0] as usize) {
                    by.push(ngrams.len());
                }
                ngrams.push(t);
            }
        }
        // In how many roles' text each term occurs, each role counted once.
        let mut ngram_roles = vec![0usize; ngrams.len()];
        let mut last_role = vec![usize::MAX; ngrams.len()];

        // One role at a time: its texts are stemmed, counted and dropped.
        let mut docs: Vec<Doc> = Vec::new();
        // (sym, doc, how many of the doc's role's texts use the word).
        let mut doc_words: Vec<(u32, u32, u32)> = Vec::new();
        // sym → how many roles' texts use it.
        let mut in_roles: Vec<usize> = Vec::new();
        // sym → how many texts of the content's prose use it: how general
        // a word is.
        let mut prose = Counts::default();
        let mut n_prose = 0usize;
        let mut role_counts = Counts::default();
        let mut touched: Vec<u32> = Vec::new();
        let mut texts = Texts::default();
        for (ri, role) in cat.roles.iter().enumerate() {
            texts.clear();
            // The role's matchable text: its duties and profile traits
            // (the docs a sentence can match, first), signal terms and the
            // names of its tools.
            let first_doc = docs.len();
            for (di, duty) in role.duties.iter().enumerate() {
                texts.add(&mut words, &duty.text);
                docs.push(Doc {
                    role: ri,
                    kind: DocKind::Duty(di),
                });
            }
            for key in ProfileKey::ALL {
                if key == ProfileKey::DistanceFromAppCode {
                    continue;
                }
                texts.add(&mut words, role.profile.get(key));
                docs.push(Doc {
                    role: ri,
                    kind: DocKind::Profile(key),
                });
            }
            let n_docs = docs.len() - first_doc;
            for t in terms[ri].iter().flatten() {
                texts.add_syms(t);
            }
            for t in role.tool_ids() {
                if let Some(tool) = cat.tool(t) {
                    for name in std::iter::once(&tool.name).chain(&tool.aliases) {
                        texts.add(&mut words, name);
                    }
                }
            }
            let n_matchable = texts.len();
            // The rest of what the content says about the role counts
            // towards how specific a signal term is to it, not towards
            // matches: a devops question about "the whole on-call rota"
            // makes "on-call" less of an SRE-only signal.
            let summary = texts.len();
            texts.add(&mut words, &role.summary);
            for area in role.areas() {
                texts.add(&mut words, area);
            }
            let first_question = texts.len();
            for q in &role.interview_questions {
                texts.add(&mut words, &format!("{} {}", q.question, q.why));
            }

            role_counts.fit(words.len());
            prose.fit(words.len());
            if in_roles.len() < words.len() {
                in_roles.resize(words.len(), 0);
            }
            // In how many of the role's texts a word occurs: a word the
            // content uses once is an accident of phrasing, one it repeats
            // is part of how it describes the role.
            for t in texts.slice(0..n_matchable) {
                role_counts.each_distinct(t, |s, n| {
                    if *n == 0 {
                        touched.push(s);
                    }
                    *n += 1;
                });
            }
            for &s in &touched {
                in_roles[s as usize] += 1;
            }
            for (k, t) in texts.slice(0..n_docs).enumerate() {
                role_counts.each_distinct(t, |s, n| {
                    let doc = u32::try_from(first_doc + k).unwrap_or(u32::MAX);
                    doc_words.push((s, doc, u32::try_from(*n).unwrap_or(u32::MAX)));
                });
            }
            for &s in &touched {
                role_counts.n[s as usize] = 0;
            }
            touched.clear();

            // The docs, the summary and the questions are also prose.
            let prose_texts = texts
                .slice(0..n_docs)
                .chain(texts.slice(summary..summary + 1))
                .chain(texts.slice(first_question..texts.len()));
            for t in prose_texts {
                n_prose += 1;
                prose.each_distinct(t, |_, n| *n += 1);
            }
            let distance = role.profile.get(ProfileKey::DistanceFromAppCode);
            for text in std::iter::once(distance).chain(role.origins.iter().map(|o| &*o.text)) {
                count_prose(&mut words, &mut prose, &mut n_prose, text);
            }

            for t in texts.slice(0..texts.len()) {
                for p in 0..t.len() {
                    let Some(cands) = ngrams_by_first.get(t[p] as usize) else {
                        continue;
                    };
                    for &g in cands {
                        if last_role[g] != ri && t[p..].starts_with(ngrams[g]) {
                            ngram_roles[g] += 1;
                            last_role[g] = ri;
                        }
                    }
                }
            }
        }
        for t in &cat.tools {
            count_prose(&mut words, &mut prose, &mut n_prose, &t.description);
        }
        for s in &cat.guide.sections {
            for para in s.body.split("\n\n") {
                count_prose(&mut words, &mut prose, &mut n_prose, para);
            }
        }
        for q in &cat.guide.telling_questions {
            count_prose(&mut words, &mut prose, &mut n_prose, &q.question);
            for a in &q.answers {
                let text = format!("{} {}", a.answer, a.meaning);
                count_prose(&mut words, &mut prose, &mut n_prose, &text);
            }
        }
        let n_prose = n_prose.max(2);

        // A word's weight for a role: rare across the roles and the prose,
        // halved when the role's content uses it once.
        let mut word_spec: FastMap<u32, f64> = FastMap::default();
        let mut doc_index: FastMap<u32, Vec<(usize, f64)>> = FastMap::default();
        for (s, di, n) in doc_words {
            let spec = *word_spec.entry(s).or_insert_with(|| {
                let in_prose = prose.n.get(s as usize).copied().unwrap_or(0);
                let general = idf(n_prose, in_prose);
                idf(n_roles, in_roles.get(s as usize).copied().unwrap_or(0)) * general
            });
            let w = spec * (f64::from(n) / REPEATS_FOR_FULL_WEIGHT).min(1.0);
            if w >= WORD_MIN_WEIGHT {
                doc_index.entry(s).or_default().push((di as usize, w));
            }
        }

        // Phrase specificity: in how many roles' text the phrase occurs.
        let phrase_spec = |syms: &[u32]| -> f64 {
            idf(n_roles, ngram_id.get(syms).map_or(0, |&g| ngram_roles[g]))
        };
        let short = |term: &str| {
            let t = term.trim();
            t.chars().count() <= 3 && t.chars().all(|c| c.is_alphabetic())
        };
        let mut phrase_text = String::new();
        let mut phrase_ends: Vec<usize> = Vec::new();
        let mut groups: Vec<PhraseGroup> = Vec::new();
        let mut group_of: FastMap<Vec<u32>, usize> = FastMap::default();
        let mut add = |syms: Vec<u32>, text: &str, member: Member| {
            let group = *group_of.entry(syms).or_insert_with_key(|syms| {
                groups.push(PhraseGroup {
                    syms: syms.clone(),
                    members: Vec::new(),
                });
                groups.len() - 1
            });
            groups[group].members.push(Member {
                phrase: phrase_ends.len(),
                ..member
            });
            phrase_text.push_str(text);
            phrase_ends.push(phrase_text.len());
        };
        for (ri, role) in cat.roles.iter().enumerate() {
            for (si, sig) in role.signals.iter().enumerate() {
                let terms = &terms[ri][si];
                for (term, s) in sig.terms.iter().zip(terms) {
                    if s.is_empty() {
                        continue;
                    }
                    // "on-call rotation" is no more specific than "on-call",
                    // a term of the same trait inside it.
                    let spec = terms
                        .iter()
                        .filter(|t| {
                            !t.is_empty()
                                && t.len() < s.len()
                                && s.windows(t.len()).any(|w| w == t.as_slice())
                        })
                        .map(|t| phrase_spec(t))
                        .fold(phrase_spec(s), f64::min);
                    let member = Member {
                        phrase: 0,
                        base: f64::from(sig.weight) * spec,
                        case: if short(term) {
                            CaseRule::Upper
                        } else {
                            CaseRule::Any
                        },
                        target: PhraseTarget::Signal {
                            role: ri,
                            signal: si,
                        },
                    };
                    add(s.clone(), term, member);
                }
            }
        }
        for (ti, tool) in cat.tools.iter().enumerate() {
            if tool_roles[ti].is_empty() {
                continue;
            }
            let names =
                std::iter::once((&tool.name, true)).chain(tool.aliases.iter().map(|a| (a, false)));
            for (name, is_name) in names {
                let s = words.text(name);
                if s.is_empty() {
                    continue;
                }
                let one_word = s.len() == 1;
                let case = if short(name) {
                    CaseRule::Upper
                } else if one_word && !is_name && name.chars().all(char::is_lowercase) {
                    CaseRule::Capital
                } else {
                    CaseRule::Any
                };
                let member = Member {
                    phrase: 0,
                    base: TOOL_WEIGHT * tool_spec[ti],
                    case,
                    target: PhraseTarget::Tool { tool: ti },
                };
                add(s, name, member);
            }
        }
        let mut by_first: FastMap<u32, Vec<(Option<u32>, usize)>> = FastMap::default();
        for (g, group) in groups.iter_mut().enumerate() {
            // A big pack's terms have a member per copy of a role: the
            // room left by growing the lists would be a third of them.
            group.members.shrink_to_fit();
            if let Some(&first) = group.syms.first() {
                let second = group.syms.get(1).copied();
                by_first.entry(first).or_default().push((second, g));
            }
        }

        let mut titles = Vec::new();
        let mut modifiers = Vec::new();
        let mut heads = HashSet::new();
        for (ri, role) in cat.roles.iter().enumerate() {
            for name in std::iter::once(&role.title).chain(&role.also_called) {
                let words: Vec<String> = tokenize(name).into_iter().map(|t| t.plain).collect();
                if words.is_empty() {
                    continue;
                }
                if words.len() >= 2 {
                    if let Some(last) = words.last() {
                        heads.insert(last.clone());
                    }
                    modifiers.push(TitlePhrase {
                        role: ri,
                        words: words[..words.len() - 1].to_vec(),
                    });
                }
                titles.push(TitlePhrase { role: ri, words });
            }
        }
        let mut titles_by_first: FastMap<String, Vec<usize>> = FastMap::default();
        let mut masks: FastMap<String, Vec<Vec<String>>> = FastMap::default();
        let mut masked: HashSet<&[String], Fast> = HashSet::default();
        for (i, tp) in titles.iter().enumerate() {
            let Some(first) = tp.words.first() else {
                continue;
            };
            titles_by_first.entry(first.clone()).or_default().push(i);
            if tp.words.len() >= 2 && masked.insert(&tp.words) {
                masks
                    .entry(first.clone())
                    .or_default()
                    .push(tp.words.clone());
            }
        }
        let mut modifiers_by_last: FastMap<String, Vec<usize>> = FastMap::default();
        for (i, m) in modifiers.iter().enumerate() {
            if let Some(last) = m.words.last() {
                modifiers_by_last.entry(last.clone()).or_default().push(i);
            }
        }

        Tables {
            shape: shape(cat),
            syms: words.syms,
            phrase_text,
            phrase_ends,
            groups,
            by_first,
            docs,
            doc_index,
            tool_roles,
            tool_spec,
            titles,
            titles_by_first,
            modifiers,
            modifiers_by_last,
            masks,
            heads,
        }
    }

    /// Phrase `i` as the content spells it.
    fn phrase(&self, i: usize) -> &str {
        let end = self.phrase_ends.get(i).copied().unwrap_or(0);
        let start = i
            .checked_sub(1)
            .and_then(|j| self.phrase_ends.get(j).copied())
            .unwrap_or(0);
        self.phrase_text.get(start..end).unwrap_or("")
    }

    /// Whether these tables can serve `cat`: every role, signal, duty and
    /// tool they point at is there.
    pub fn fits(&self, cat: &Catalog) -> bool {
        self.shape == shape(cat)
    }
}

impl<'c> Analyzer<'c> {
    pub fn new(cat: &'c Catalog) -> Analyzer<'c> {
        Analyzer {
            cat,
            t: Cow::Owned(Tables::new(cat)),
        }
    }

    /// An analyzer that reads with tables built earlier from `cat` (see
    /// [`Tables`]); tables that do not fit `cat` are not used, and new
    /// ones are built.
    pub fn with_tables(cat: &'c Catalog, tables: &'c Tables) -> Analyzer<'c> {
        if !tables.fits(cat) {
            return Analyzer::new(cat);
        }
        Analyzer {
            cat,
            t: Cow::Borrowed(tables),
        }
    }

    pub fn analyze_bytes(&self, bytes: &[u8]) -> Result<Analysis, AdError> {
        let (text, stats) = decode(bytes)?;
        let mut a = self.analyze(&text);
        a.input.bytes = stats.bytes;
        a.input.truncated |= stats.truncated;
        a.input.lossy = stats.lossy;
        Ok(a)
    }

    pub fn analyze(&self, ad: &str) -> Analysis {
        let mut end = ad.len().min(MAX_ANALYSED_BYTES);
        while !ad.is_char_boundary(end) {
            end -= 1;
        }
        let text = normalise_text(&ad[..end]);
        let mut input = InputStats {
            bytes: ad.len(),
            analysed_bytes: end,
            truncated: end < ad.len(),
            ..InputStats::default()
        };

        let lines: Vec<CleanLine> = text
            .lines()
            .enumerate()
            .map(|(i, l)| clean_line(l, i + 1))
            .collect();
        let (title, title_line) = self.find_title(&lines);
        let title_roles = title
            .as_deref()
            .map(|t| self.title_roles(t))
            .unwrap_or_default();
        let mut sentences = segment(&lines, title_line);
        if sentences.len() > MAX_SENTENCES {
            sentences.truncate(MAX_SENTENCES);
            input.truncated = true;
        }
        input.sentences = sentences.len();
        // An ad typed all in lowercase has no capitals to check.
        let case_aware = text.chars().any(char::is_uppercase);

        let n_roles = self.cat.roles.len();
        let mut reading = Reading {
            worth: vec![None; n_roles],
            ..Reading::default()
        };
        let mut evidence_sentences = vec![0usize; n_roles];
        for (si, sentence) in sentences.iter().enumerate() {
            self.read_sentence(si, sentence, case_aware, &mut reading);
            for r in reading.touched.drain(..) {
                let w = reading.worth.get_mut(r).and_then(Option::take);
                if w.is_some_and(|w| w >= SENTENCE_EVIDENCE_MIN)
                    && let Some(n) = evidence_sentences.get_mut(r)
                {
                    *n += 1;
                }
            }
        }

        let (scores, evidence) = self.aggregate(reading.hits, &sentences, &evidence_sentences);
        let mut ranking: Vec<usize> = (0..n_roles).collect();
        ranking.sort_by(|&a, &b| {
            scores[b]
                .score
                .total_cmp(&scores[a].score)
                .then(scores[b].raw.total_cmp(&scores[a].raw))
                .then(a.cmp(&b))
        });
        let top = ranking.first().map(|&r| scores[r].score).unwrap_or(0.0);
        // The bar the duties must clear depends on what the title says: a
        // title naming another job ("Backend Engineer") needs a strong
        // reading to be overruled; one naming the role needs less.
        let other_job = title_roles.is_empty()
            && title
                .as_deref()
                .is_some_and(|t| tokenize(t).iter().any(|w| self.t.heads.contains(&w.plain)));
        let bar = if other_job {
            OTHER_JOB_MIN_SCORE
        } else {
            BEST_MIN_SCORE
        };
        let mut best = ranking.first().copied().filter(|_| top >= bar);
        if let Some(&t) = title_roles.iter().find(|&&t| {
            scores[t].score >= TITLE_AGREES_MIN_SCORE && top - scores[t].score <= TITLE_TIE
        }) {
            best = Some(t);
            ranking.retain(|&r| r != t);
            ranking.insert(0, t);
        }
        let confidence = match best {
            None => Confidence::Low,
            Some(b) => {
                let s1 = scores[b].score;
                let s2 = ranking.get(1).map(|&r| scores[r].score).unwrap_or(0.0);
                if s1 >= HIGH_SCORE && s1 - s2 >= HIGH_MARGIN {
                    Confidence::High
                } else if s1 >= MEDIUM_SCORE && s1 - s2 >= MEDIUM_MARGIN {
                    Confidence::Medium
                } else {
                    Confidence::Low
                }
            }
        };
        let title_role = title_roles.first().copied();
        let named_other =
            matches!(best, Some(b) if title_role.is_some() && !title_roles.contains(&b));
        let title_mismatch = named_other && confidence >= Confidence::Medium;

        // Strongest first; ties keep the better-scoring role, then ad order,
        // then the order found. Only the items kept are sorted and written
        // out: a big pack gives one item per copy of a role.
        let mut order: Vec<(f64, f64, usize, usize)> = evidence
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let line = sentences[e.hit.sentence].line;
                (e.weight, scores[e.role].score, line, i)
            })
            .collect();
        let strongest = |a: &(f64, f64, usize, usize), b: &(f64, f64, usize, usize)| {
            b.0.total_cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        };
        if order.len() > MAX_EVIDENCE {
            order.select_nth_unstable_by(MAX_EVIDENCE - 1, strongest);
            order.truncate(MAX_EVIDENCE);
        }
        order.sort_unstable_by(strongest);
        let mut evidence: Vec<Option<Found>> = evidence.into_iter().map(Some).collect();
        let evidence: Vec<Found> = order
            .iter()
            .filter_map(|&(_, _, _, i)| evidence.get_mut(i).and_then(Option::take))
            .collect();
        let evidence = self.write_evidence(evidence, &sentences, &reading.spans);
        let questions = self.questions(&scores, &ranking, best, &title_roles);

        Analysis {
            title,
            title_role,
            title_roles,
            scores,
            ranking,
            best,
            confidence,
            evidence,
            title_mismatch,
            questions,
            input,
        }
    }

    // ------------------------------------------------------------- title

    fn names_role(&self, text: &str) -> bool {
        !self.title_roles(text).is_empty()
    }

    fn looks_like_title(&self, text: &str) -> bool {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.is_empty() || words.len() > 14 || text.chars().count() > 120 {
            return false;
        }
        if text.ends_with(['.', '!', '?', ':', ';', ',']) {
            return false;
        }
        let has_head = tokenize(text)
            .iter()
            .any(|t| self.t.heads.contains(&t.plain));
        if has_head || self.names_role(text) {
            return true;
        }
        // Title Case ("Data Scientist", "QA Lead"), not a phrase such as
        // "About the job".
        let capitalised = |w: &&str| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_none_or(char::is_uppercase)
        };
        let long: Vec<&&str> = words
            .iter()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .collect();
        words.len() >= 2
            && (words.iter().all(capitalised)
                || long.len() >= 2 && long.into_iter().all(capitalised))
    }

    /// The first heading, a "Title:" line, or a short first line that reads
    /// like a job title; with the line number it came from.
    fn find_title(&self, lines: &[CleanLine]) -> (Option<String>, Option<usize>) {
        let first: Vec<&CleanLine> = lines
            .iter()
            .filter(|l| !l.text.is_empty())
            .take(8)
            .collect();
        let tidy = |s: &str| -> String {
            let s = s.split(" | ").next().unwrap_or(s);
            s.trim()
                .trim_end_matches(['-', '–', '—', '|', ','])
                .trim()
                .to_string()
        };
        for l in &first {
            if let Some((label, value)) = l.text.split_once(':') {
                let label = label.trim().to_lowercase();
                let value = value.trim();
                if ["job title", "title", "position", "role", "job", "vacancy"]
                    .contains(&label.as_str())
                    && !value.is_empty()
                    && self.looks_like_title(value)
                {
                    return (Some(tidy(value)), Some(l.line));
                }
            }
        }
        for l in first.iter().take(5) {
            if l.heading && self.looks_like_title(&tidy(&l.text)) {
                return (Some(tidy(&l.text)), Some(l.line));
            }
        }
        for l in first.iter().take(3) {
            let t = tidy(&l.text);
            let has_head = tokenize(&t).iter().any(|w| self.t.heads.contains(&w.plain));
            if self.looks_like_title(&t) && (has_head || self.names_role(&t)) {
                return (Some(t), Some(l.line));
            }
        }
        if let Some(l) = first.first() {
            let t = tidy(&l.text);
            if !l.bullet && self.looks_like_title(&t) {
                return (Some(t), Some(l.line));
            }
        }
        (None, None)
    }

    /// The roles a title names, in the order it names them. "Platform
    /// Engineer (Kubernetes)" names platform; "Software Engineer" names
    /// none; "DevOps / Platform Engineer" names both.
    pub fn title_roles(&self, title: &str) -> Vec<usize> {
        let t = &*self.t;
        let toks = tokenize(title);
        let words: Vec<&str> = toks.iter().map(|t| t.plain.as_str()).collect();
        let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (pos, -len, role)
        let at = |pos: usize, phrase: &[String]| {
            pos + phrase.len() <= words.len()
                && phrase.iter().zip(&words[pos..]).all(|(a, b)| a == b)
        };
        for (p, word) in words.iter().enumerate() {
            for &i in t.titles_by_first.get(*word).map_or(&[][..], Vec::as_slice) {
                let tp = &t.titles[i];
                if at(p, &tp.words) {
                    found.push((p, tp.words.len(), tp.role));
                }
            }
        }
        // "DevOps & Cloud Engineer": a modifier joined to another role's title.
        let chars: Vec<char> = title.chars().collect();
        let mut joined = Vec::new();
        for &(p, _, _) in &found {
            // Only a modifier ending just before the title, or just before
            // an "and" or "or" there, can join it.
            let mut cands: Vec<usize> = Vec::new();
            let ends = [
                p.checked_sub(1),
                p.checked_sub(2)
                    .filter(|_| matches!(words[p - 1], "and" | "or")),
            ];
            for end in ends.into_iter().flatten() {
                if let Some(ms) = t.modifiers_by_last.get(words[end]) {
                    cands.extend(ms);
                }
            }
            cands.sort_unstable();
            cands.dedup();
            for m in cands.into_iter().map(|i| &t.modifiers[i]) {
                let n = m.words.len();
                if p < n {
                    continue;
                }
                let (mpos, gap_from) = if p > n && matches!(words[p - 1], "and" | "or") {
                    (p - 1 - n, p - 1)
                } else {
                    (p - n, p)
                };
                if !at(mpos, &m.words) {
                    continue;
                }
                let gap: String = chars[toks[gap_from - 1].end..toks[gap_from].start]
                    .iter()
                    .collect();
                let and_or = gap_from != p;
                if and_or || gap.contains(['/', '&', ',', '+']) {
                    joined.push((mpos, n, m.role));
                }
            }
        }
        found.extend(joined);
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut roles = Vec::new();
        for (_, _, r) in found {
            if !roles.contains(&r) {
                roles.push(r);
            }
        }
        roles
    }

    // ---------------------------------------------------------- matching

    /// Matches one sentence against the content, recording the strongest
    /// hit per feature and what the sentence is worth to each role.
    fn read_sentence(
        &self,
        si: usize,
        sentence: &Sentence,
        case_aware: bool,
        reading: &mut Reading,
    ) {
        let t = &*self.t;
        let toks = tokenize(&sentence.text);
        let syms: Vec<Option<u32>> = toks.iter().map(|k| t.syms.get(&k.stem).copied()).collect();

        // Words of one phrase are joined by spaces, hyphens or slashes
        // ("self-service", "CI/CD"), not by commas, colons or brackets.
        let chars: Vec<char> = sentence.text.chars().collect();
        let joined: Vec<bool> = (0..toks.len())
            .map(|k| {
                k > 0
                    && chars[toks[k - 1].end..toks[k].start].iter().all(|c| {
                        c.is_whitespace()
                            || matches!(c, '-' | '/' | '–' | '&' | '+' | '_' | '\'' | '’')
                    })
            })
            .collect();

        // Role titles in the body are the title again, not evidence.
        let mut masked = vec![false; toks.len()];
        for p in 0..toks.len() {
            for words in t.masks.get(&toks[p].plain).map_or(&[][..], Vec::as_slice) {
                let n = words.len();
                if p + n <= toks.len()
                    && words
                        .iter()
                        .zip(&toks[p..p + n])
                        .all(|(w, k)| *w == k.plain)
                {
                    masked[p..p + n].iter_mut().for_each(|m| *m = true);
                }
            }
        }

        // Phrases: signal terms and tool names. Per role, the tokens a
        // phrase used are not counted again towards a duty.
        let spans = &mut reading.spans;
        let mut sentence_hits: Vec<SentenceHit> = Vec::new();
        let mut tool_matches: Vec<(usize, usize, Option<PhraseRef>)> = Vec::new();
        let mut matched: Vec<(&Member, usize, usize)> = Vec::new();
        for p in 0..toks.len() {
            let Some(first) = syms[p] else { continue };
            let Some(cands) = t.by_first.get(&first) else {
                continue;
            };
            matched.clear();
            // The second word follows the first, or one short word later.
            let next = |k: usize| syms.get(p + k).copied().flatten();
            let (next1, next2) = (next(1), next(2));
            for &(second, g) in cands {
                if second.is_some() && second != next1 && second != next2 {
                    continue;
                }
                let group = &t.groups[g];
                let Some(at) = phrase_at(p, &group.syms, &syms, &toks, &masked, &joined) else {
                    continue;
                };
                let span = spans.len();
                spans.push(at);
                for m in &group.members {
                    if group.syms.len() == 1 && case_aware {
                        let k = &toks[p];
                        let ok = match m.case {
                            CaseRule::Any => true,
                            CaseRule::Upper => k.upper,
                            CaseRule::Capital => k.capital,
                        };
                        if !ok {
                            continue;
                        }
                    }
                    matched.push((m, g, span));
                }
            }
            // In content order, as if each phrase were tried in turn: ties
            // below go to the earlier phrase.
            matched.sort_unstable_by_key(|(m, _, _)| m.phrase);
            for &(m, group, span) in &matched {
                let phrase = Some((m.phrase, group));
                match m.target {
                    PhraseTarget::Signal { role, signal } => {
                        sentence_hits.push(SentenceHit {
                            role,
                            key: FeatureKey::Term {
                                signal,
                                phrase: m.phrase,
                            },
                            base: m.base,
                            span,
                            phrase,
                        });
                    }
                    PhraseTarget::Tool { tool } => tool_matches.push((tool, span, phrase)),
                }
            }
        }
        let overlap = |a: usize, b: usize| spans[a].iter().any(|p| spans[b].contains(p));
        // Overlapping terms of one role ("on-call rotation", "on-call",
        // "on call") are one mention: the strongest stands for it.
        sentence_hits.sort_by(|a, b| {
            a.role
                .cmp(&b.role)
                .then(b.base.total_cmp(&a.base))
                .then(spans[b.span].len().cmp(&spans[a.span].len()))
        });
        let mut kept: Vec<SentenceHit> = Vec::with_capacity(sentence_hits.len());
        let mut role_start = 0;
        for h in sentence_hits {
            if kept.last().is_none_or(|k| k.role != h.role) {
                role_start = kept.len();
            }
            if !kept[role_start..].iter().any(|k| overlap(k.span, h.span)) {
                kept.push(h);
            }
        }
        let mut sentence_hits = kept;
        // Each role's signal hits, a run of `sentence_hits`.
        let mut signal_runs: FastMap<usize, Range<usize>> = FastMap::default();
        for (i, h) in sentence_hits.iter().enumerate() {
            signal_runs.entry(h.role).or_insert(i..i).end = i + 1;
        }
        // The longest mention of a tool in a sentence stands for it.
        tool_matches.sort_by(|a, b| a.0.cmp(&b.0).then(spans[b.1].len().cmp(&spans[a.1].len())));
        tool_matches.dedup_by_key(|m| m.0);
        for (tool, span, phrase) in tool_matches {
            for &role in &t.tool_roles[tool] {
                // A tool that is also one of the role's signal terms here
                // is already counted by the signal.
                let counted = signal_runs.get(&role).is_some_and(|run| {
                    sentence_hits[run.clone()]
                        .iter()
                        .any(|h| overlap(h.span, span))
                });
                if counted {
                    continue;
                }
                sentence_hits.push(SentenceHit {
                    role,
                    key: FeatureKey::Tool(tool),
                    base: TOOL_WEIGHT * t.tool_spec[tool],
                    span,
                    phrase,
                });
            }
        }
        // The tokens each role's phrases used, looked up by role.
        let mut used: Vec<(usize, usize)> =
            sentence_hits.iter().map(|h| (h.role, h.span)).collect();
        used.sort_unstable();
        let is_used = |role: usize, p: usize| {
            let from = used.partition_point(|&(r, _)| r < role);
            used[from..]
                .iter()
                .take_while(|&&(r, _)| r == role)
                .any(|&(_, span)| spans[span].contains(&p))
        };

        // Duties and profile traits: shared distinctive words.
        let mut shared: FastMap<usize, Vec<(u32, f64)>> = FastMap::default();
        let mut seen: HashSet<u32, Fast> = HashSet::default();
        let mut positions: FastMap<u32, Vec<usize>> = FastMap::default();
        for (p, s) in syms.iter().enumerate() {
            if let Some(s) = s
                && !masked[p]
            {
                positions.entry(*s).or_default().push(p);
            }
        }
        for s in syms.iter().flatten() {
            if !seen.insert(*s) {
                continue;
            }
            let Some(docs) = t.doc_index.get(s) else {
                continue;
            };
            let Some(ps) = positions.get(s) else { continue };
            for &(di, w) in docs {
                let role = t.docs[di].role;
                if ps.iter().all(|&p| is_used(role, p)) {
                    continue;
                }
                shared.entry(di).or_default().push((*s, w));
            }
        }
        // One sentence stands for at most one duty and one profile trait of
        // a role: the best-matching of each.
        let mut best_doc: FastMap<(usize, bool), (usize, f64)> = FastMap::default();
        for (&di, words) in &shared {
            let total: f64 = words.iter().map(|(_, w)| w).sum();
            if words.len() < DOC_MIN_WORDS || total < DOC_MIN_WEIGHT {
                continue;
            }
            let doc = &t.docs[di];
            let slot = (doc.role, matches!(doc.kind, DocKind::Profile(_)));
            match best_doc.get(&slot) {
                Some(&(old, old_total))
                    if old_total > total || (old_total == total && old < di) => {}
                _ => {
                    best_doc.insert(slot, (di, total));
                }
            }
        }
        let mut keep: Vec<usize> = best_doc.values().map(|&(di, _)| di).collect();
        keep.sort_unstable();
        let mut doc_hits = Vec::with_capacity(keep.len());
        for di in keep {
            let Some(words) = shared.get(&di) else {
                continue;
            };
            let total: f64 = words.iter().map(|(_, w)| w).sum();
            let doc = &t.docs[di];
            let weight = match doc.kind {
                DocKind::Duty(_) => DUTY_WEIGHT,
                DocKind::Profile(_) => PROFILE_WEIGHT,
            };
            let base = weight * (total / DOC_FULL_WEIGHT).min(1.0);
            let mut pos: Vec<usize> = words
                .iter()
                .flat_map(|(s, _)| positions.get(s).map_or(&[][..], Vec::as_slice))
                .copied()
                .filter(|&p| !is_used(doc.role, p))
                .collect();
            pos.sort_unstable();
            doc_hits.push((doc.role, di, base, pos));
        }
        for (role, di, base, pos) in doc_hits {
            sentence_hits.push(SentenceHit {
                role,
                key: FeatureKey::Doc(di),
                base,
                span: spans.len(),
                phrase: None,
            });
            spans.push(pos);
        }

        let Reading {
            hits,
            worth,
            touched,
            ..
        } = reading;
        for h in sentence_hits {
            if let Some(slot) = worth.get_mut(h.role) {
                *slot.get_or_insert_with(|| {
                    touched.push(h.role);
                    0.0
                }) += h.base;
            }
            let hit = Hit {
                base: h.base,
                sentence: si,
                span: h.span,
                phrase: h.phrase,
            };
            match hits.get(&(h.role, h.key)) {
                Some(old) if old.base >= hit.base => {}
                _ => {
                    hits.insert((h.role, h.key), hit);
                }
            }
        }
    }

    /// Each role's score, and its evidence in the order found (not yet
    /// written out: see [`Analyzer::write_evidence`]).
    fn aggregate(
        &self,
        hits: FastMap<(usize, FeatureKey), Hit>,
        sentences: &[Sentence],
        evidence_sentences: &[usize],
    ) -> (Vec<RoleScore>, Vec<Found>) {
        let t = &*self.t;
        let n_roles = self.cat.roles.len();
        let mut scores: Vec<RoleScore> = (0..n_roles)
            .map(|r| RoleScore {
                role: r,
                score: 0.0,
                raw: 0.0,
                signals: 0.0,
                duties: 0.0,
                tools: 0.0,
                profile: 0.0,
                strength: 0.0,
                coverage: 0.0,
                evidence_sentences: evidence_sentences.get(r).copied().unwrap_or(0),
            })
            .collect();
        let mut evidence = Vec::new();
        // Group: signal traits (diminishing), tools (capped), docs.
        let mut hits: Vec<((usize, FeatureKey), Hit)> = hits.into_iter().collect();
        // Hash order must never leak into the report: ties go to the
        // earlier sentence, then the role, then content order.
        hits.sort_by(|a, b| {
            b.1.base
                .total_cmp(&a.1.base)
                .then(a.1.sentence.cmp(&b.1.sentence))
                .then(a.0.cmp(&b.0))
        });
        // "on-call" found in one sentence and "on-call rotation" in another
        // are one term of the trait, not two.
        // (role, signal, phrase, group) of every term found, sorted.
        let mut terms: Vec<(usize, usize, usize, usize)> = hits
            .iter()
            .filter_map(|((r, k), hit)| match (k, hit.phrase) {
                (FeatureKey::Term { signal, .. }, Some((pi, g))) => Some((*r, *signal, pi, g)),
                _ => None,
            })
            .collect();
        terms.sort_unstable();
        let subsumed = |role: usize, signal: usize, pi: usize, group: usize| {
            let from = terms.partition_point(|t| (t.0, t.1) < (role, signal));
            let others = &terms[from..];
            let n = others
                .iter()
                .take_while(|t| (t.0, t.1) == (role, signal))
                .count();
            let mine = &t.groups[group].syms;
            n >= 2
                && others[..n].iter().any(|&(_, _, other, g)| {
                    let theirs = &t.groups[g].syms;
                    other != pi
                        && (theirs.len() > mine.len() || (theirs == mine && other < pi))
                        && theirs.windows(mine.len()).any(|w| w == mine.as_slice())
                })
        };
        let mut trait_count: FastMap<(usize, usize), i32> = FastMap::default();
        for ((role, key), hit) in hits {
            if let (FeatureKey::Term { signal, phrase }, Some((_, group))) = (key, hit.phrase)
                && subsumed(role, signal, phrase, group)
            {
                continue;
            }
            let (kind, weight) = match key {
                FeatureKey::Term { signal, .. } => {
                    let k = trait_count.entry((role, signal)).or_default();
                    let w = hit.base * REPEAT_DECAY.powi(*k);
                    *k += 1;
                    scores[role].signals += w;
                    (EvidenceKind::Signal, w)
                }
                FeatureKey::Tool(_) => {
                    let w = hit.base.min(TOOL_CAP - scores[role].tools).max(0.0);
                    scores[role].tools += w;
                    (EvidenceKind::Tool, w)
                }
                FeatureKey::Doc(di) => match t.docs[di].kind {
                    DocKind::Duty(_) => {
                        scores[role].duties += hit.base;
                        (EvidenceKind::Duty, hit.base)
                    }
                    DocKind::Profile(_) => {
                        scores[role].profile += hit.base;
                        (EvidenceKind::Profile, hit.base)
                    }
                },
            };
            if weight <= 0.0 {
                continue;
            }
            evidence.push(Found {
                role,
                kind,
                key,
                hit,
                weight,
            });
        }
        let needed = COVERAGE_MIN_SENTENCES.max(COVERAGE_FRACTION * sentences.len() as f64);
        for s in &mut scores {
            s.raw = s.signals + s.duties + s.tools + s.profile;
            s.strength = 1.0 - (-s.raw / STRENGTH_SCALE).exp();
            s.coverage = (s.evidence_sentences as f64 / needed).min(1.0);
            s.score = 100.0 * s.strength * (0.5 + 0.5 * s.coverage);
        }
        (scores, evidence)
    }

    /// The evidence as reported: the content it matched, the ad's words.
    fn write_evidence(
        &self,
        found: Vec<Found>,
        sentences: &[Sentence],
        spans: &[Vec<usize>],
    ) -> Vec<Evidence> {
        let t = &*self.t;
        let mut toks: FastMap<usize, Vec<Token>> = FastMap::default();
        found
            .into_iter()
            .map(|f| {
                let r = &self.cat.roles[f.role];
                let matched = match f.key {
                    FeatureKey::Term { signal, .. } => r.signals[signal].trait_name.clone(),
                    FeatureKey::Tool(tool) => self.cat.tools[tool].name.clone(),
                    FeatureKey::Doc(di) => match t.docs[di].kind {
                        DocKind::Duty(d) => r.duties[d].text.clone(),
                        DocKind::Profile(k) => format!("{}: {}", k.label(), r.profile.get(k)),
                    },
                };
                let s = &sentences[f.hit.sentence];
                let pos = &spans[f.hit.span];
                let toks = toks
                    .entry(f.hit.sentence)
                    .or_insert_with(|| tokenize(&s.text));
                let term = match f.hit.phrase {
                    Some((pi, _)) => t.phrase(pi).to_string(),
                    // A duty's shared words, as the ad spells them.
                    None => {
                        let mut words: Vec<String> = Vec::new();
                        for &p in pos {
                            let w = toks[p].text.to_lowercase();
                            if !words.contains(&w) {
                                words.push(w);
                            }
                        }
                        words.join(", ")
                    }
                };
                let ranges = merge_ranges(
                    pos.iter().map(|&p| toks[p].start..toks[p].end).collect(),
                    &s.text,
                );
                Evidence {
                    role: f.role,
                    kind: f.kind,
                    matched,
                    term,
                    ad_text: s.text.clone(),
                    line: s.line,
                    ranges,
                    weight: f.weight,
                }
            })
            .collect()
    }

    // --------------------------------------------------------- questions

    /// Guide questions whose answers point to the top contenders (those
    /// that tell the best two apart first), then the roles' own questions.
    fn questions(
        &self,
        scores: &[RoleScore],
        ranking: &[usize],
        best: Option<usize>,
        title_roles: &[usize],
    ) -> Vec<SuggestedQuestion> {
        let lead = best.or_else(|| ranking.first().copied());
        let Some(lead) = lead else { return Vec::new() };
        let lead_score = scores[lead].score;
        // The doubt to settle: the reading against what the title claims,
        // then against the closest runners-up.
        let mut contenders: Vec<usize> = vec![lead];
        for &t in title_roles {
            if !contenders.contains(&t) && contenders.len() < 3 {
                contenders.push(t);
            }
        }
        for &r in ranking {
            if !contenders.contains(&r)
                && contenders.len() < 3
                && (contenders.len() < 2 || scores[r].score >= lead_score - 15.0)
            {
                contenders.push(r);
            }
        }
        let mut ranked: Vec<(usize, usize, &crate::content::TellingQuestion)> = Vec::new();
        for q in &self.cat.guide.telling_questions {
            let suggests: Vec<usize> = q
                .answers
                .iter()
                .filter_map(|a| self.cat.role_index(&a.suggests))
                .collect();
            let covered = contenders.iter().filter(|c| suggests.contains(c)).count();
            let top_two = contenders
                .iter()
                .take(2)
                .filter(|c| suggests.contains(c))
                .count();
            if top_two >= 1 && (covered >= 2 || contenders.len() == 1) {
                ranked.push((top_two, covered, q));
            }
        }
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        let mut out: Vec<SuggestedQuestion> = ranked
            .into_iter()
            .take(MAX_QUESTIONS)
            .map(|(_, _, q)| SuggestedQuestion {
                question: q.question.clone(),
                source: q.source.clone(),
                why: None,
                answers: q
                    .answers
                    .iter()
                    .map(|a| QuestionAnswer {
                        answer: a.answer.clone(),
                        suggests: self.cat.role_index(&a.suggests),
                        meaning: a.meaning.clone(),
                    })
                    .collect(),
                role: None,
            })
            .collect();
        let wanted = MAX_QUESTIONS.min(3);
        for &r in contenders.iter().take(2) {
            for q in &self.cat.roles[r].interview_questions {
                if out.len() >= wanted {
                    break;
                }
                if out.iter().any(|o| same_question(&o.question, &q.question)) {
                    continue;
                }
                out.push(SuggestedQuestion {
                    question: q.question.clone(),
                    source: q.source.clone(),
                    why: Some(q.why.clone()),
                    answers: Vec::new(),
                    role: Some(r),
                });
                break;
            }
        }
        out
    }
}

/// Two phrasings of one question ("Are you embedded in a product team or
/// …?") share almost all their words.
fn same_question(a: &str, b: &str) -> bool {
    let words = |s: &str| -> HashSet<String> { tokenize(s).into_iter().map(|t| t.stem).collect() };
    let (a, b) = (words(a), words(b));
    let common = a.intersection(&b).count();
    common * 10 >= a.len().max(b.len()) * 7
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum FeatureKey {
    Term { signal: usize, phrase: usize },
    Tool(usize),
    Doc(usize),
}

/// The strongest match of one feature of one role.
#[derive(Debug, Clone)]
struct Hit {
    base: f64,
    sentence: usize,
    /// The sentence's tokens that matched, in [`Reading::spans`].
    span: usize,
    /// The signal term or tool name matched; `None` for a duty or trait.
    phrase: Option<PhraseRef>,
}

/// A phrase (see [`Tables::phrase`]) and its group in [`Tables::groups`].
type PhraseRef = (usize, usize);

/// A match in one sentence, before the strongest per feature is kept.
#[derive(Debug)]
struct SentenceHit {
    role: usize,
    key: FeatureKey,
    base: f64,
    span: usize,
    phrase: Option<PhraseRef>,
}

/// What reading an ad has found so far.
#[derive(Debug, Default)]
struct Reading {
    /// The strongest hit per feature of each role.
    hits: FastMap<(usize, FeatureKey), Hit>,
    /// The ad's tokens that matched, per match: one match of a term that
    /// many roles share (every copy of a role in a big pack) is kept once.
    /// Token positions within the sentence, ascending.
    spans: Vec<Vec<usize>>,
    /// What the sentence being read is worth to each role, `None` for the
    /// roles it has no evidence for …
    worth: Vec<Option<f64>>,
    /// … which are the roles not listed here.
    touched: Vec<usize>,
}

/// A piece of evidence that counted, to be written out if it is among the
/// strongest.
#[derive(Debug)]
struct Found {
    role: usize,
    kind: EvidenceKind,
    key: FeatureKey,
    hit: Hit,
    weight: f64,
}

/// Where a content phrase occurs at token `p`, if it does: every word in
/// order, allowing one short word between two of them ("automate our
/// deployments" for "automate deployments", "CI and CD" for "CI/CD"), and
/// never across punctuation that ends a phrase ("platform: teams" is not
/// "platform team"). `joined[k]` says whether token `k` may continue a
/// phrase from token `k - 1`.
fn phrase_at(
    p: usize,
    phrase: &[u32],
    syms: &[Option<u32>],
    toks: &[Token],
    masked: &[bool],
    joined: &[bool],
) -> Option<Vec<usize>> {
    // The phrase word before which a token was skipped, if one was.
    let mut gap = None;
    let mut k = p;
    for (i, want) in phrase.iter().enumerate() {
        if k >= syms.len() || masked[k] || (i > 0 && !joined[k]) {
            return None;
        }
        if syms[k] != Some(*want) {
            let short = toks[k].text.chars().count() <= MAX_GAP_CHARS;
            if i == 0
                || gap.is_some()
                || !short
                || k + 1 >= syms.len()
                || syms[k + 1] != Some(*want)
                || !joined[k + 1]
            {
                return None;
            }
            gap = Some(i);
            k += 1;
            if masked[k] {
                return None;
            }
        }
        k += 1;
    }
    let skipped = |i: usize| usize::from(gap.is_some_and(|g| i >= g));
    Some((0..phrase.len()).map(|i| p + i + skipped(i)).collect())
}

/// Sorts and joins ranges separated only by spaces or punctuation, so
/// "golden paths" highlights as one run.
fn merge_ranges(mut ranges: Vec<Range<usize>>, text: &str) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        if let Some(last) = out.last_mut() {
            let gap_ok = r.start <= last.end
                || (r.start - last.end <= 2
                    && chars[last.end..r.start.min(chars.len())]
                        .iter()
                        .all(|c| !c.is_alphanumeric()));
            if gap_ok {
                last.end = last.end.max(r.end);
                continue;
            }
        }
        out.push(r);
    }
    out
}

/// Lines into sentences: bullets and headings stand alone, wrapped prose
/// is joined and split at sentence ends. The title line is left out.
fn segment(lines: &[CleanLine], title_line: Option<usize>) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut buf_line = 0;
    let mut in_bullet = false;
    let flush = |buf: &mut String, line: usize, out: &mut Vec<Sentence>| {
        if !buf.is_empty() {
            split_sentences(buf, line, out);
            buf.clear();
        }
    };
    for l in lines {
        if out.len() > MAX_SENTENCES {
            break;
        }
        if l.text.is_empty() || Some(l.line) == title_line {
            flush(&mut buf, buf_line, &mut out);
            in_bullet = false;
            continue;
        }
        if l.heading || l.bullet || buf.is_empty() || !continues(&buf, l, in_bullet) {
            flush(&mut buf, buf_line, &mut out);
            buf.push_str(&l.text);
            buf_line = l.line;
            in_bullet = l.bullet;
            if l.heading {
                flush(&mut buf, buf_line, &mut out);
            }
        } else {
            buf.push(' ');
            buf.push_str(&l.text);
        }
    }
    flush(&mut buf, buf_line, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> Catalog {
        Catalog::builtin()
    }

    #[test]
    fn stemmer_joins_inflections_and_spellings() {
        for (a, b) in [
            ("deployments", "deploy"),
            ("deploying", "deployed"),
            ("standardise", "standardize"),
            ("standardisation", "standardization"),
            ("organisation", "organization"),
            ("policies", "policy"),
            ("patches", "patching"),
            ("automation", "automated"),
            ("centre", "center"),
            ("catalogue", "catalog"),
            ("behaviour", "behavior"),
            ("planning", "plans"),
            ("scaling", "scale"),
            ("SLOs", "slo"),
            ("VPCs", "vpc"),
            ("management", "managed"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} vs {b}");
        }
        for (a, b) in [
            ("engineer", "engine"),
            ("access", "acces"),
            ("status", "stat"),
        ] {
            assert_ne!(stem(a), stem(b), "{a} vs {b}");
        }
    }

    #[test]
    fn tokenizer_treats_hyphen_slash_and_space_alike() {
        let stems = |s: &str| tokenize(s).into_iter().map(|t| t.stem).collect::<Vec<_>>();
        assert_eq!(stems("self-service"), stems("self service"));
        assert_eq!(stems("CI/CD pipelines"), stems("ci cd pipeline"));
        let t = tokenize("the team's node.js");
        assert_eq!(
            t.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            ["the", "team's", "node.js"]
        );
        assert_eq!(stem("team's"), "team");
    }

    #[test]
    fn tokens_know_capitals() {
        let t = tokenize("AWS SLOs Vault vault k8s");
        assert!(t[0].upper && t[1].upper && !t[2].upper);
        assert!(t[2].capital && !t[3].capital);
    }

    #[test]
    fn short_terms_need_capitals_but_not_in_an_all_lowercase_ad() {
        let c = cat();
        let a = analyze(
            &c,
            "We have offices in San Francisco and read this ad carefully.",
        );
        assert!(
            a.evidence.iter().all(|e| e.term != "san" && e.term != "ad"),
            "{:?}",
            a.evidence
        );
        let a = analyze(&c, "Manage the SAN and NAS storage arrays.");
        assert!(a.evidence.iter().any(|e| e.term == "san"));
        let a = analyze(&c, "manage our aws vpcs, subnets and iam");
        assert!(
            a.evidence.iter().any(|e| e.term == "iam"),
            "{:?}",
            a.evidence
        );
    }

    #[test]
    fn titles_are_matched_carefully() {
        let c = cat();
        let an = Analyzer::new(&c);
        let id = |t: &str| {
            an.title_roles(t)
                .iter()
                .map(|&r| c.roles[r].id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(id("Senior Platform Engineer (Kubernetes)"), ["platform"]);
        assert!(id("Software Engineer").is_empty());
        assert!(id("Senior Software Engineer, Payments").is_empty());
        assert_eq!(id("DevOps / Platform Engineer"), ["devops", "platform"]);
        assert_eq!(id("Site Reliability Engineers"), ["sre"]);
        assert_eq!(id("Lead SRE"), ["sre"]);
        assert_eq!(
            id("Cloud & Platform Engineer")[..],
            ["infrastructure", "platform"]
        );
    }

    #[test]
    fn title_comes_from_heading_label_or_first_line() {
        let c = cat();
        let a = analyze(
            &c,
            "Acme Corp\n\n# Senior DevOps Engineer\n\nBuild pipelines.",
        );
        assert_eq!(a.title.as_deref(), Some("Senior DevOps Engineer"));
        let a = analyze(
            &c,
            "Company: Acme\nJob title: Platform Engineer\n\nBuild things.",
        );
        assert_eq!(a.title.as_deref(), Some("Platform Engineer"));
        let a = analyze(&c, "Data Scientist - Churn\n\nBuild models.");
        assert_eq!(a.title.as_deref(), Some("Data Scientist - Churn"));
        assert_eq!(a.title_role, None);
        let a = analyze(&c, "About the job\nWe build pipelines for our one product.");
        assert_eq!(a.title, None);
        let a = analyze(&c, "DevOps Engineer | £70k | Remote\nBuild pipelines.");
        assert_eq!(a.title.as_deref(), Some("DevOps Engineer"));
    }

    #[test]
    fn segmenting_joins_wrapped_prose_but_not_unmarked_lists() {
        let text = "We build tools for many teams and\nTerraform is our friend. Next sentence here.\n\n\
                    Maintain pipelines\nAutomate deployments\n- a bullet that\n  wraps";
        let lines: Vec<CleanLine> = text
            .lines()
            .enumerate()
            .map(|(i, l)| clean_line(l, i + 1))
            .collect();
        let s: Vec<String> = segment(&lines, None).into_iter().map(|s| s.text).collect();
        assert_eq!(
            s,
            [
                "We build tools for many teams and Terraform is our friend.",
                "Next sentence here.",
                "Maintain pipelines",
                "Automate deployments",
                "a bullet that wraps"
            ]
        );
    }

    #[test]
    fn sentence_split_keeps_abbreviations() {
        let mut out = Vec::new();
        split_sentences("Use tools, e.g. Terraform. Then ship it! Done", 1, &mut out);
        let t: Vec<&str> = out.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(t, ["Use tools, e.g. Terraform.", "Then ship it!", "Done"]);
    }

    #[test]
    fn evidence_ranges_point_at_the_matched_words() {
        let c = cat();
        let a = analyze(&c, "You will design golden paths for every team.");
        let e = a
            .evidence
            .iter()
            .find(|e| e.matched == "Golden paths and templates")
            .expect("golden paths matched");
        let hl: String = e
            .ad_text
            .chars()
            .enumerate()
            .filter(|(i, _)| e.highlight_indices().contains(i))
            .map(|(_, c)| c)
            .collect();
        assert_eq!(hl, "golden paths");
        let br = e.byte_ranges();
        assert_eq!(&e.ad_text[br[0].clone()], "golden paths");
    }

    #[test]
    fn phrases_do_not_cross_punctuation() {
        let c = cat();
        let term = |ad: &str| {
            analyze(&c, ad)
                .evidence
                .iter()
                .any(|e| e.term == "platform team")
        };
        assert!(term("Join our platform team in Leeds."));
        assert!(!term(
            "Develop our self-service platform: teams request what they need."
        ));
        assert!(!term("We build the platform, teams use it."));
    }

    #[test]
    fn one_short_word_may_sit_inside_a_term() {
        let c = cat();
        let a = analyze(&c, "Automate our deployments end to end.");
        assert!(
            a.evidence.iter().any(|e| e.term == "automate deployments"),
            "{:?}",
            a.evidence
        );
        let a = analyze(&c, "Automate nearly all deployments.");
        assert!(a.evidence.iter().all(|e| e.term != "automate deployments"));
    }

    #[test]
    fn repeating_a_term_adds_nothing() {
        let c = cat();
        let once = analyze(&c, "Own the SLOs.\nWrite docs.");
        let many = analyze(
            &c,
            "Own the SLOs.\nOwn the SLOs again.\nOwn SLOs, SLOs, SLOs.",
        );
        let sre = c.role_index("sre").expect("sre is shipped");
        assert!((once.scores[sre].signals - many.scores[sre].signals).abs() < 1e-9);
    }

    #[test]
    fn body_mentions_of_role_titles_are_not_evidence() {
        let c = cat();
        let a = analyze(&c, "As a Platform Engineer you will write reports.");
        let p = c.role_index("platform").expect("platform is shipped");
        assert_eq!(a.scores[p].raw, 0.0, "{:?}", a.evidence);
    }

    #[test]
    fn empty_and_binary_bytes_are_errors() {
        let c = cat();
        assert_eq!(analyze_bytes(&c, b""), Err(AdError::Empty));
        assert_eq!(analyze_bytes(&c, b" \n\t\r\n "), Err(AdError::Empty));
        assert!(matches!(
            analyze_bytes(&c, &[0u8; 4096]),
            Err(AdError::Binary { .. })
        ));
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(matches!(
            analyze_bytes(&c, &noise),
            Err(AdError::Binary { .. })
        ));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let c = cat();
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Site Reliability Engineer\nOwn our SLOs and error budgets.".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let a = analyze_bytes(&c, &bytes).expect("UTF-16 text is text");
        assert_eq!(a.title.as_deref(), Some("Site Reliability Engineer"));
    }

    #[test]
    fn empty_text_gives_no_best_role() {
        let c = cat();
        let a = analyze(&c, "");
        assert_eq!(a.best, None);
        assert_eq!(a.confidence, Confidence::Low);
        assert_eq!(a.scores.len(), c.roles.len());
    }

    #[test]
    fn control_characters_never_reach_evidence() {
        let c = cat();
        let a = analyze(&c, "Own the \x1b[31mSLOs\x1b[0m and the error budget.");
        assert!(a.evidence.iter().all(|e| !e.ad_text.contains('\x1b')));
    }
}
