//! Fuzzy search over duties, tools, interview questions and origins.
//!
//! A query is whitespace-separated terms; every term must match (in any
//! order). Each term is classed by how well it matches, and classes rank
//! before fuzzy scores so an exact substring never loses to a scattered
//! match:
//!
//! | class | the term …                                   |
//! |-------|-----------------------------------------------|
//! | 4     | is a whole word of the text (or a tool alias) |
//! | 3     | starts a word of the text                     |
//! | 2     | sits inside a word, names a tool the duty uses, or is a small typo of a tool's name or alias |
//! | 1     | matches only as scattered characters (fuzzy)  |
//!
//! Terms of one or two characters ("ci", "tf") must match contiguously:
//! scattered, they would match nearly every text. A typo counts only for
//! terms of four or more characters, within the distance the tool lookup
//! accepts ("terrafrom" finds Terraform).
//! Hits sort by the sum of classes, then the fuzzy score, then shorter
//! text (in characters), then content order.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

use crate::content::{Role, Tool};
use crate::suggest;

pub(crate) mod codec;
mod index;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Duty,
    Tool,
    Question,
    Origin,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Duty, Kind::Tool, Kind::Question, Kind::Origin];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Duty => "duty",
            Kind::Tool => "tool",
            Kind::Question => "question",
            Kind::Origin => "origin",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.label() == s)
    }
}

/// What a search entry points at, so a front end can jump to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Duty { role: usize, index: usize },
    Tool { tool: usize },
    Question { role: usize, index: usize },
    Origin { role: usize, index: usize },
}

impl Target {
    pub fn kind(self) -> Kind {
        match self {
            Target::Duty { .. } => Kind::Duty,
            Target::Tool { .. } => Kind::Tool,
            Target::Question { .. } => Kind::Question,
            Target::Origin { .. } => Kind::Origin,
        }
    }

    pub fn role(self) -> Option<usize> {
        match self {
            Target::Duty { role, .. }
            | Target::Question { role, .. }
            | Target::Origin { role, .. } => Some(role),
            Target::Tool { .. } => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub target: Target,
    /// Where the text sits in [`Corpus::texts`] (see [`Corpus::text`]):
    /// one buffer for all texts, so a corpus is a handful of allocations
    /// and can be stored and read back whole.
    text_at: u32,
    text_len: u32,
    /// Length of the text in characters, for the "shorter text" tie-break.
    chars: u32,
    /// `text` is ASCII: bytes are chars, and the fuzzy matcher agrees with
    /// a plain subsequence test (see `Searcher::resolve`).
    ascii: bool,
}

/// What the first pass of a search reads of an entry, packed in one cache
/// line and kept apart from the text: a keystroke at 1000x content walks
/// a couple of hundred thousand of these.
#[derive(Debug, Clone, Copy, Default)]
struct Hot {
    /// [`char_mask`] of the folded text, and of all its tags together.
    mask: u64,
    tag_mask: u64,
    /// Letters and digits (by [`char_bit`]) that stand alone as a word of
    /// the text, and that start a longer word: the class of a one-char term.
    word1: u64,
    starts: u64,
    /// Letters and digits that are a whole tag, and that start a tag.
    tag_whole1: u64,
    tag_first: u64,
    /// [`word_starts2`] of the folded text.
    starts2: u64,
    /// Where `text` lower-cased char for char (so char positions agree)
    /// sits in [`Corpus::folds`].
    fold_at: u32,
    fold_len: u32,
    /// The tools whose names and aliases this entry also answers to: a
    /// range of [`Corpus::entry_tools`].
    tools_at: u32,
    tools_len: u32,
}

/// One lower-cased name or alias of a tool, with what the filters need.
/// Its text is `Corpus::tag_texts[at..at + len]`.
#[derive(Debug, Clone, Copy)]
struct Tag {
    at: u32,
    len: u32,
    mask: u64,
    chars: u32,
}

/// Every searchable text, prepared once when the catalog is built.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    entries: Vec<Entry>,
    /// Every entry's text as written, end to end.
    texts: String,
    hot: Vec<Hot>,
    /// All folded texts end to end: one allocation, scanned in order.
    folds: String,
    /// Tool indices, by entry (see `Hot::tools_at`).
    entry_tools: Vec<u32>,
    /// Every tool's tags, tool after tool: its folded name, its id and its
    /// folded aliases. Tool `t`'s are `tags[tag_at[t]..tag_at[t + 1]]`.
    tags: Vec<Tag>,
    tag_texts: String,
    tag_at: Vec<u32>,
    /// Tool entries come last; this is the first. Their tags are their own
    /// names, so a whole-tag match is exact, and only they can be typos.
    tool_start: usize,
    /// See [`Corpus::ident`].
    ident: Ident,
}

/// A number naming one corpus in this process, given the first time it is
/// asked for (0 until then), so a corpus made any way (built, decoded,
/// `..Corpus::default()`) gets one. A clone gets a new one: it may be
/// changed afterwards, and an index of the original must not answer for it.
#[derive(Debug, Default)]
struct Ident(AtomicU64);

impl Clone for Ident {
    fn clone(&self) -> Ident {
        Ident::default()
    }
}

fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

/// A bit per folded char: one each for letters and digits, the rest shared
/// by code point. Only ever used as a necessary condition ("every char of
/// the term occurs in the text"), so a shared bit costs a little filtering,
/// never a wrong answer.
fn char_bit(c: char) -> u64 {
    let b = match c {
        'a'..='z' => c as u32 - 'a' as u32,
        '0'..='9' => 26 + c as u32 - '0' as u32,
        _ => 36 + c as u32 % 28,
    };
    1 << b
}

fn char_mask(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | char_bit(c))
}

/// The filters of one folded text: [`char_mask`], [`word_masks`] and
/// [`word_starts2`], in one pass over the bytes for ASCII text.
#[derive(Debug, Default, PartialEq, Eq)]
struct Scan {
    mask: u64,
    word1: u64,
    starts: u64,
    starts2: u64,
}

impl Scan {
    fn of(fold: &str) -> Scan {
        if !fold.is_ascii() {
            let (word1, starts) = word_masks(fold);
            return Scan {
                mask: char_mask(fold),
                word1,
                starts,
                starts2: word_starts2(fold),
            };
        }
        let b = fold.as_bytes();
        let mut s = Scan::default();
        let mut prev_word = false;
        for (i, &c) in b.iter().enumerate() {
            let ch = char::from(c);
            s.mask |= char_bit(ch);
            let word = c.is_ascii_alphanumeric();
            if word && !prev_word {
                match b.get(i + 1) {
                    Some(&n) if n.is_ascii_alphanumeric() => {
                        s.starts |= char_bit(ch);
                        s.starts2 |= pair_bits(ch, char::from(n));
                    }
                    _ => s.word1 |= char_bit(ch),
                }
            }
            prev_word = word;
        }
        s
    }
}

/// For the letters and digits of `fold` (by [`char_bit`]): those that
/// occur as a one-char word, and those that start a longer word; the same
/// classes `substring_class` gives a one-char term.
fn word_masks(fold: &str) -> (u64, u64) {
    let (mut word1, mut starts) = (0, 0);
    let mut prev: Option<char> = None;
    let mut chars = fold.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() && prev.is_none_or(|p| !is_word_char(p)) {
            if chars.peek().is_none_or(|&n| !is_word_char(n)) {
                word1 |= char_bit(c);
            } else {
                starts |= char_bit(c);
            }
        }
        prev = Some(c);
    }
    (word1, starts)
}

fn u32_of(n: usize) -> u32 {
    // Corpus offsets and counts: a content pack is at most thousands of
    // files of at most 8 MiB each, far below 4 GiB of text.
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Corpus {
    pub fn build(roles: &[Role], tools: &[Tool], tool_by_id: &HashMap<String, usize>) -> Corpus {
        let mut c = Corpus::default();
        for t in tools {
            c.tag_at.push(u32_of(c.tags.len()));
            let names = std::iter::once(fold(&t.name))
                .chain(std::iter::once(t.id.clone()))
                .chain(t.aliases.iter().map(|a| fold(a)));
            for text in names {
                c.tags.push(Tag {
                    at: u32_of(c.tag_texts.len()),
                    len: u32_of(text.len()),
                    mask: char_mask(&text),
                    chars: u32_of(text.chars().count()),
                });
                c.tag_texts.push_str(&text);
            }
        }
        c.tag_at.push(u32_of(c.tags.len()));
        // What each entry is, in corpus order; the text work is done below,
        // on several threads for a big catalog.
        let mut todo: Vec<(Target, &str, Vec<u32>)> = Vec::new();
        for (ri, role) in roles.iter().enumerate() {
            for (i, d) in role.duties.iter().enumerate() {
                let ids = d
                    .tools
                    .iter()
                    .filter_map(|id| tool_by_id.get(id).map(|&t| u32_of(t)))
                    .collect();
                todo.push((Target::Duty { role: ri, index: i }, &d.text, ids));
            }
            for (i, q) in role.interview_questions.iter().enumerate() {
                let target = Target::Question { role: ri, index: i };
                todo.push((target, &q.question, Vec::new()));
            }
            for (i, o) in role.origins.iter().enumerate() {
                let target = Target::Origin { role: ri, index: i };
                todo.push((target, &o.text, Vec::new()));
            }
        }
        c.tool_start = todo.len();
        for (ti, t) in tools.iter().enumerate() {
            todo.push((Target::Tool { tool: ti }, &t.name, vec![u32_of(ti)]));
        }
        let chunks: Vec<&[(Target, &str, Vec<u32>)]> = todo.chunks(4096).collect();
        let prepared = crate::par::map(&chunks, 2, |chunk| {
            chunk
                .iter()
                .map(|(target, text, tools)| c.prepare(*target, text, tools))
                .collect::<Vec<_>>()
        });
        let mut hot = Vec::with_capacity(todo.len());
        for ((mut entry, folded, mut h), (_, text, tools)) in
            prepared.into_iter().flatten().zip(todo.iter())
        {
            entry.text_at = u32_of(c.texts.len());
            entry.text_len = u32_of(text.len());
            c.texts.push_str(text);
            h.fold_at = u32_of(c.folds.len());
            h.fold_len = u32_of(folded.len());
            h.tools_at = u32_of(c.entry_tools.len());
            h.tools_len = u32_of(tools.len());
            c.folds.push_str(&folded);
            c.entry_tools.extend_from_slice(tools);
            c.entries.push(entry);
            hot.push(h);
        }
        c.hot = hot;
        c
    }

    /// One entry's text work: its folded text and filters (offsets are
    /// filled in by `build`).
    fn prepare(&self, target: Target, text: &str, tools: &[u32]) -> (Entry, String, Hot) {
        let folded = fold(text);
        let (mut tag_mask, mut tag_whole1, mut tag_first) = (0, 0, 0);
        for &t in tools {
            for tag in self.tool_tags(t as usize) {
                tag_mask |= tag.mask;
                let mut chars = self.tag_text(tag).chars();
                if let Some(c) = chars.next().filter(char::is_ascii_alphanumeric) {
                    tag_first |= char_bit(c);
                    if chars.next().is_none() {
                        tag_whole1 |= char_bit(c);
                    }
                }
            }
        }
        let scan = Scan::of(&folded);
        let hot = Hot {
            mask: scan.mask,
            tag_mask,
            word1: scan.word1,
            starts: scan.starts,
            tag_whole1,
            tag_first,
            starts2: scan.starts2,
            ..Hot::default()
        };
        let entry = Entry {
            target,
            text_at: 0,
            text_len: 0,
            chars: u32_of(text.chars().count()),
            ascii: text.is_ascii(),
        };
        (entry, folded, hot)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entry `i`'s text as written.
    pub fn text(&self, i: usize) -> &str {
        let e = &self.entries[i];
        let at = e.text_at as usize;
        &self.texts[at..at + e.text_len as usize]
    }

    fn tag_text(&self, tag: &Tag) -> &str {
        let at = tag.at as usize;
        &self.tag_texts[at..at + tag.len as usize]
    }

    fn fold_of(&self, i: usize) -> &str {
        let h = &self.hot[i];
        let at = h.fold_at as usize;
        &self.folds[at..at + h.fold_len as usize]
    }

    fn tools_of(&self, i: usize) -> &[u32] {
        let h = &self.hot[i];
        let at = h.tools_at as usize;
        &self.entry_tools[at..at + h.tools_len as usize]
    }

    fn tool_tags(&self, t: usize) -> &[Tag] {
        let at = |t: usize| self.tag_at.get(t).map_or(0, |&a| a as usize);
        &self.tags[at(t)..at(t + 1)]
    }

    fn tool_count(&self) -> usize {
        self.tag_at.len().saturating_sub(1)
    }

    fn is_tool(&self, i: usize) -> bool {
        i >= self.tool_start
    }

    /// This corpus's [`Ident`]: what a [`Searcher`]'s index checks that it
    /// was built from. Never 0.
    fn ident(&self) -> u64 {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let id = self.ident.0.load(Ordering::Relaxed);
        if id != 0 {
            return id;
        }
        let fresh = NEXT.fetch_add(1, Ordering::Relaxed);
        match self
            .ident
            .0
            .compare_exchange(0, fresh, Ordering::Relaxed, Ordering::Relaxed)
        {
            Ok(_) => fresh,
            Err(other) => other,
        }
    }
}

/// Narrows a search to one kind and/or one role.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<Kind>,
    pub role: Option<usize>,
}

impl Filter {
    fn accepts(&self, t: Target) -> bool {
        self.kind.is_none_or(|k| t.kind() == k) && self.role.is_none_or(|r| t.role() == Some(r))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into `Corpus::entries`.
    pub entry: usize,
    pub class: u32,
    pub fuzzy: i64,
    /// Char indices of `text` to highlight, ascending.
    pub indices: Vec<usize>,
}

impl Hit {
    /// One number that orders hits as the ranking does (before tie-breaks).
    pub fn score(&self) -> i64 {
        i64::from(self.class) * 10_000 + self.fuzzy.clamp(0, 9_999)
    }
}

/// Splits a query into lower-cased terms.
pub fn terms(query: &str) -> Vec<String> {
    query.split_whitespace().map(fold).collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The best class of a contiguous occurrence of `term` in `fold`, with the
/// char range of that occurrence.
fn substring_class(fold: &str, term: &str) -> Option<(u32, std::ops::Range<usize>)> {
    let mut best: Option<(u32, std::ops::Range<usize>)> = None;
    for (b, _) in fold.match_indices(term) {
        let class = occurrence_class(fold, b, term.len());
        if best.as_ref().is_none_or(|(c, _)| class > *c) {
            let start = fold[..b].chars().count();
            best = Some((class, start..start + term.chars().count()));
            if class == 4 {
                break;
            }
        }
    }
    best
}

/// The class of the occurrence of a term at bytes `b..b + len` of `fold`.
fn occurrence_class(fold: &str, b: usize, len: usize) -> u32 {
    let bytes = fold.as_bytes();
    // ASCII neighbours (nearly all) are judged from the byte alone.
    let before = match b.checked_sub(1).map(|i| bytes[i]) {
        None => None,
        Some(x) if x.is_ascii() => Some(char::from(x)),
        Some(_) => fold[..b].chars().next_back(),
    };
    let after = match bytes.get(b + len) {
        None => None,
        Some(&x) if x.is_ascii() => Some(char::from(x)),
        Some(_) => fold[b + len..].chars().next(),
    };
    let starts = before.is_none_or(|c| !is_word_char(c));
    let ends = after.is_none_or(|c| !is_word_char(c));
    match (starts, ends) {
        (true, true) => 4,
        (true, false) => 3,
        _ => 2,
    }
}

/// `substring_class` without the range: what ranking needs. `starts2`
/// is the entry's [`word_starts2`] filter.
fn substring_class_only(fold: &str, term: &str, starts2: u64) -> Option<u32> {
    // `contains` has a vectorised path for short needles; most texts are
    // rejected by it before the occurrences are walked.
    if !fold.contains(term) {
        return None;
    }
    // Classes 3 and 4 need an occurrence at the start of a word; when no
    // word of the text starts with the term's first two chars, only 2 is
    // left, without walking the occurrences.
    if pair_bit(term).is_some_and(|bit| starts2 & bit == 0) {
        return Some(2);
    }
    let mut best = None;
    for (b, _) in fold.match_indices(term) {
        let class = occurrence_class(fold, b, term.len());
        if best.is_none_or(|c| class > c) {
            best = Some(class);
            if class == 4 {
                break;
            }
        }
    }
    best
}

/// A bit for the first two chars of `s` when both are word chars: what
/// [`word_starts2`] records of each word.
fn pair_bit(s: &str) -> Option<u64> {
    let mut it = s.chars();
    let (a, b) = (it.next()?, it.next()?);
    (is_word_char(a) && is_word_char(b)).then(|| pair_bits(a, b))
}

fn pair_bits(a: char, b: char) -> u64 {
    1 << ((char_bit(a).trailing_zeros() * 41 + char_bit(b).trailing_zeros()) % 64)
}

/// A filter of the first two chars of every word of two or more chars:
/// a term starting with two word chars can start a word of the text only
/// if its [`pair_bit`] is set here.
fn word_starts2(fold: &str) -> u64 {
    let mut bits = 0;
    let mut prev: Option<char> = None;
    for (i, c) in fold.char_indices() {
        if is_word_char(c) && prev.is_none_or(|p| !is_word_char(p)) {
            bits |= pair_bit(&fold[i..]).unwrap_or(0);
        }
        prev = Some(c);
    }
    bits
}

/// True when every char of `term` appears in `fold` in order. With "is a
/// prefix of a tag" this is the whole match predicate; both only get
/// stricter as a term grows, which is what makes narrowing sound.
/// (`scatter_end` is the same test, resumable; this is its reference.)
#[cfg(test)]
fn is_subsequence(fold: &str, term: &str) -> bool {
    let mut hay = fold.chars();
    term.chars().all(|t| hay.any(|c| c == t))
}

/// Byte offset just past the leftmost in-order match of `chars` in `fold`
/// from byte `at`, or `None`. UTF-8 is self-synchronising, so finding each
/// char's encoding is finding the char.
fn scatter_end(fold: &str, mut at: usize, chars: &str) -> Option<usize> {
    for c in chars.chars() {
        at += fold.get(at..)?.find(c)? + c.len_utf8();
    }
    Some(at)
}

/// Too short to match scattered.
fn is_short(term: &str) -> bool {
    term.chars().nth(2).is_none()
}

/// Shortest term that may be a typo: shorter ones are too easily one edit
/// away from an unrelated short alias ("tf" and "tc").
const MIN_TYPO_TERM: usize = 4;

/// A query term with what the filters need, computed once per search.
struct Term {
    text: String,
    /// [`char_mask`] of the term: an entry lacking any of these chars
    /// cannot contain the term, scattered or not.
    need: u64,
    short: bool,
    /// The term is one letter or digit: its class comes from the entry's
    /// precomputed masks.
    alnum1: Option<u64>,
    /// Typo distance accepted, when the term is long enough to be a typo.
    typo: Option<usize>,
    /// Bit sets over tools: those with a tag the term starts, with a tag
    /// equal to it, and with a tag it is a small typo of. Worked out once
    /// per search, in one walk over the tags, so an entry's tag test is a
    /// few bit lookups instead of string compares.
    tools_prefix: Vec<u64>,
    tools_equal: Vec<u64>,
    tools_typo: Vec<u64>,
}

fn bit_of(set: &[u64], i: u32) -> bool {
    set.get(i as usize / 64)
        .is_some_and(|w| w & (1 << (i % 64)) != 0)
}

impl Term {
    fn new(text: String, corpus: &Corpus) -> Term {
        let chars = text.chars().count();
        let mut it = text.chars();
        let alnum1 = match (it.next(), it.next()) {
            (Some(c), None) if c.is_ascii_alphanumeric() => Some(char_bit(c)),
            _ => None,
        };
        let need = char_mask(&text);
        let typo = (chars >= MIN_TYPO_TERM).then(|| suggest::max_typo(&text));
        let words = corpus.tool_count().div_ceil(64);
        let mut tools_prefix = vec![0u64; words];
        let mut tools_equal = vec![0u64; words];
        let mut tools_typo = vec![0u64; words];
        // A one-char term is answered by the entries' own masks, and is
        // never a typo.
        if alnum1.is_none() {
            for t in 0..corpus.tool_count() {
                let bit = 1u64 << (t % 64);
                for tag in corpus.tool_tags(t) {
                    let tag_text = corpus.tag_text(tag);
                    if tag.mask & need == need && tag_text.starts_with(&text) {
                        tools_prefix[t / 64] |= bit;
                        if tag_text == text {
                            tools_equal[t / 64] |= bit;
                        }
                    }
                    // Cheap lower bounds on the distance first: the length
                    // difference, and the chars of the term missing from
                    // the tag (each needs an edit of its own).
                    if let Some(max) = typo
                        && tools_typo[t / 64] & bit == 0
                        && (tag.chars as usize).abs_diff(chars) <= max
                        && (need & !tag.mask).count_ones() as usize <= max
                        && suggest::distance(&text, tag_text) <= max
                    {
                        tools_typo[t / 64] |= bit;
                    }
                }
            }
        }
        Term {
            need,
            short: is_short(&text),
            alnum1,
            typo,
            text,
            tools_prefix,
            tools_equal,
            tools_typo,
        }
    }
}

/// True when `term` is a small typo of one of a tool's own names. Not
/// monotone as a term grows, so `Searcher` re-checks tool entries even when
/// it narrows.
fn is_typo_of_tag(corpus: &Corpus, i: usize, term: &Term) -> bool {
    corpus.is_tool(i)
        && term.typo.is_some()
        && corpus
            .tools_of(i)
            .iter()
            .any(|&t| bit_of(&term.tools_typo, t))
}

fn tag_class(corpus: &Corpus, i: usize, term: &Term) -> Option<u32> {
    let h = &corpus.hot[i];
    if h.tag_mask & term.need != term.need {
        return None;
    }
    let exact = corpus.is_tool(i);
    if let Some(bit) = term.alnum1 {
        // One letter or digit: is it a whole tag, or a tag's first char?
        return if exact && h.tag_whole1 & bit != 0 {
            Some(4)
        } else if h.tag_first & bit != 0 {
            Some(if exact { 3 } else { 2 })
        } else {
            None
        };
    }
    let tools = corpus.tools_of(i);
    // Prefix (not equality) keeps the predicate monotone as a term grows.
    if exact && tools.iter().any(|&t| bit_of(&term.tools_equal, t)) {
        Some(4)
    } else if tools.iter().any(|&t| bit_of(&term.tools_prefix, t)) {
        Some(if exact { 3 } else { 2 })
    } else {
        None
    }
}

/// The best class of `term` as a substring of entry `i`'s text.
fn text_class(corpus: &Corpus, i: usize, term: &Term) -> Option<u32> {
    if let Some(bit) = term.alnum1 {
        // One letter or digit: the masks made at build time answer.
        let h = &corpus.hot[i];
        return if h.word1 & bit != 0 {
            Some(4)
        } else if h.starts & bit != 0 {
            Some(3)
        } else if h.mask & bit != 0 {
            Some(2)
        } else {
            None
        };
    }
    substring_class_only(corpus.fold_of(i), &term.text, corpus.hot[i].starts2)
}

/// How a term matches an entry, as far as it has been worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// Substring, tag or typo: the class, no fuzzy score.
    Class(u32),
    /// Scattered characters, confirmed: class 1 plus a fuzzy score.
    Scattered,
    /// Nothing better matched and the characters may be there in order:
    /// checked only if the entry could rank (see `Searcher::rank`).
    Maybe,
}

/// What searches learnt of one term against one entry; the next search
/// reuses it for the same term, or for a term extending it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    /// Progress of the leftmost in-order match of the term's chars: its
    /// first `done` bytes are matched, ending at byte `end` of the folded
    /// text; `end` is [`Seen::NONE`] when they cannot all be matched.
    end: u32,
    done: u32,
    /// The term occurs contiguously in the folded text.
    in_text: bool,
    /// The term starts one of the entry's tags.
    in_tags: bool,
    how: How,
}

impl Seen {
    const NONE: u32 = u32::MAX;
}

/// What the previous search says about a term of this one.
#[derive(Debug, Clone, Copy)]
enum Prior {
    /// Nothing: check from scratch.
    Fresh,
    /// The same term: the same answer.
    Same(Seen),
    /// A term this one extends. Whatever a longer term matches, the
    /// shorter matched too: a substring, a tag prefix, the chars in order.
    Extends(Seen),
}

/// How `term` matches entry `i`, if it may: `None` when it certainly does
/// not. A scattered match is left as `How::Maybe`, to be confirmed by
/// `resolve` only when it matters.
fn term_seen(corpus: &Corpus, i: usize, term: &Term, prior: Prior) -> Option<Seen> {
    // What can still match: each test the shorter term failed, this one
    // fails too.
    let (may_text, may_tags, end, done) = match prior {
        Prior::Same(seen) => return Some(seen),
        Prior::Fresh => {
            let h = &corpus.hot[i];
            let in_text = h.mask & term.need == term.need;
            let end = if in_text { 0 } else { Seen::NONE };
            (in_text, h.tag_mask & term.need == term.need, end, 0)
        }
        Prior::Extends(seen) => (seen.in_text, seen.in_tags, seen.end, seen.done),
    };
    let sub = if may_text {
        text_class(corpus, i, term)
    } else {
        None
    };
    let tag = if may_tags {
        tag_class(corpus, i, term)
    } else {
        None
    };
    let how = match (sub, tag) {
        (Some(c), t) if t.is_none_or(|t| c >= t) => How::Class(c),
        (_, Some(t)) => How::Class(t),
        _ if is_typo_of_tag(corpus, i, term) => How::Class(2),
        _ if term.short || end == Seen::NONE => return None,
        _ => How::Maybe,
    };
    Some(Seen {
        end,
        done,
        in_text: sub.is_some(),
        in_tags: tag.is_some(),
        how,
    })
}

/// An entry that may match every term, after the first pass.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    entry: u32,
    /// Its row of `Seen`s (one per term) in the pass's output.
    row: u32,
    /// Sum of the classes known so far.
    class: u32,
    /// Terms still `How::Maybe`: each adds 1 if confirmed.
    maybe: u32,
}

/// A candidate that can rank, with everything the order needs.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    entry: u32,
    chars: u32,
    class: u32,
    fuzzy: i64,
}

impl Ranked {
    fn key(&self) -> (std::cmp::Reverse<u32>, std::cmp::Reverse<i64>, u32, u32) {
        (
            std::cmp::Reverse(self.class),
            std::cmp::Reverse(self.fuzzy),
            self.chars,
            self.entry,
        )
    }
}

/// A previous query's candidates and what was learnt of each, kept so that
/// a query extending it only re-checks those. `entries` holds every entry
/// matching `terms` (and some that may not: those never confirmed).
struct Past {
    terms: Vec<String>,
    entries: Vec<u32>,
    /// `entries.len() × terms.len()`, row by row.
    seen: Vec<Seen>,
}

/// Pools at least this big are split across threads.
const PARALLEL_POOL: usize = 16_384;
/// Smallest corpus [`Searcher::indexed`] indexes. A scan of a smaller one
/// takes at most a millisecond or two (3–100 µs for the shipped 228
/// entries), while its index would add to start-up (0.3 ms for the shipped
/// content) and rarely answer: with few entries, few queries have a page
/// of hits of class 3 or more.
const MIN_INDEXED: usize = 16_384;
/// Queries remembered for narrowing (only ancestors of the current one).
const MAX_PAST: usize = 32;
/// Marks a pool entry the previous search did not keep.
const NO_ROW: u32 = u32::MAX;

/// Every entry matching `new` also matched `old`: each old term is the
/// new term at its position, or a prefix of it that cannot have matched
/// less. A term of two characters must match contiguously but a longer one
/// may match scattered, so a two-character term narrows only while
/// unchanged; a single character matches wherever it occurs at all, so it
/// narrows for anything it starts.
fn narrows(old: &[String], new: &[String]) -> bool {
    old.len() <= new.len()
        && old.iter().zip(new).all(|(old, new)| {
            new == old
                || (new.starts_with(old.as_str())
                    && (!is_short(old) || old.chars().nth(1).is_none()))
        })
}

/// The fuzzy matcher's score and char positions for `term` in `text`,
/// from a fresh matcher. A matcher reuses its score matrix, and cells left
/// by the previous text can change the next score; with a shared one a
/// text's rank would depend on which texts were scored before it (and on
/// which thread).
fn skim(text: &str, term: &str) -> Option<(i64, Vec<usize>)> {
    SkimMatcherV2::default()
        .ignore_case()
        .fuzzy_indices(text, term)
}

/// Stateful searcher: remembers recent queries' matches so that typing one
/// more character (or deleting one) only re-checks what matched before.
/// One made by [`Searcher::indexed`] also answers most one-word queries
/// from a word index, without visiting every entry.
#[derive(Default)]
pub struct Searcher {
    filter: Filter,
    past: Vec<Past>,
    index: Option<index::Index>,
    /// Searches the index answered, for the tests to see it is used.
    #[cfg(test)]
    indexed: usize,
}

impl Searcher {
    /// A searcher for typing into: for a big corpus it keeps a word index,
    /// so a one-word query reads only the entries that can place instead
    /// of every one. Building it costs a pass over every text (about a
    /// quarter of a second at 1000x the shipped content), which a one-shot
    /// search would not win back; a small corpus is scanned as fast as the
    /// index would be built, so it gets none. Searching another corpus
    /// with it is correct, just not indexed.
    pub fn indexed(corpus: &Corpus) -> Searcher {
        if corpus.len() < MIN_INDEXED {
            return Searcher::default();
        }
        Searcher::with_index(corpus)
    }

    /// A searcher with a word index of `corpus`, whatever its size.
    fn with_index(corpus: &Corpus) -> Searcher {
        Searcher {
            index: Some(index::Index::build(corpus)),
            ..Searcher::default()
        }
    }

    /// Heap bytes held by the word index (0 without one), for the
    /// benchmarks.
    pub fn index_bytes(&self) -> usize {
        self.index.as_ref().map_or(0, index::Index::bytes)
    }

    /// The best `limit` hits for `query`, best first.
    pub fn search(
        &mut self,
        corpus: &Corpus,
        query: &str,
        filter: Filter,
        limit: usize,
    ) -> Vec<Hit> {
        let words = terms(query);
        if words.is_empty() {
            self.past.clear();
            return Vec::new();
        }
        if filter != self.filter {
            self.past.clear();
            self.filter = filter;
        }
        // `past` is left as it is: whatever it holds still narrows the
        // queries it is an ancestor of (`narrows` is checked each time).
        if let Some(hits) = self.index_hits(corpus, &words, filter, limit) {
            #[cfg(test)]
            {
                self.indexed += 1;
            }
            return hits;
        }
        let terms: Vec<Term> = words.iter().map(|w| Term::new(w.clone(), corpus)).collect();
        let prev = self
            .past
            .iter()
            .filter(|p| narrows(&p.terms, &words))
            .min_by_key(|p| p.entries.len());
        let (mut cands, mut seen) = self.pass(corpus, filter, prev, &terms);
        let hits = self.rank(corpus, &mut cands, &mut seen, &terms, limit);
        // Rejected candidates (confirmed not to match) leave the pool.
        let width = terms.len();
        let (kept, kept_seen) = if cands.iter().all(|c| c.maybe != u32::MAX) {
            (cands.iter().map(|c| c.entry).collect(), seen)
        } else {
            let mut kept_seen = Vec::with_capacity(seen.len());
            let mut kept = Vec::with_capacity(cands.len());
            for c in cands.iter().filter(|c| c.maybe != u32::MAX) {
                kept.push(c.entry);
                kept_seen.extend_from_slice(&seen[c.row as usize * width..][..width]);
            }
            (kept, kept_seen)
        };
        self.past.retain(|p| narrows(&p.terms, &words));
        if self.past.len() >= MAX_PAST {
            self.past.remove(0);
        }
        self.past.push(Past {
            terms: words,
            entries: kept,
            seen: kept_seen,
        });
        hits
    }

    /// The hits from the word index, when there is one for this corpus,
    /// the query is one word of letters and digits, no role filter is set
    /// (the lists are split by kind, not by role) and at least `limit`
    /// entries reach class 3.
    fn index_hits(
        &self,
        corpus: &Corpus,
        words: &[String],
        filter: Filter,
        limit: usize,
    ) -> Option<Vec<Hit>> {
        let index = self.index.as_ref().filter(|x| x.fits(corpus))?;
        let [term] = words else {
            return None;
        };
        if filter.role.is_some() || !term.chars().all(is_word_char) {
            return None;
        }
        index.search(corpus, term, filter.kind, limit)
    }

    /// Entries that may match every term, in entry order, with what was
    /// learnt: the previous candidates when `prev` narrows (plus every
    /// tool, which a typo can newly match), else every entry the filter
    /// accepts. On several threads for a big pool.
    fn pass(
        &self,
        corpus: &Corpus,
        filter: Filter,
        prev: Option<&Past>,
        terms: &[Term],
    ) -> (Vec<Candidate>, Vec<Seen>) {
        let n = corpus.entries.len();
        let accepted = |i: &usize| filter.accepts(corpus.entries[*i].target);
        // (entry, its row in `prev` or NO_ROW)
        let pool: Vec<(u32, u32)> = match prev {
            Some(p) => {
                let below = p.entries.partition_point(|&i| !corpus.is_tool(i as usize));
                let mut pool: Vec<(u32, u32)> = (0..below)
                    .map(|row| (p.entries[row], u32_of(row)))
                    .collect();
                let mut row = below;
                for i in (corpus.tool_start..n).filter(accepted) {
                    let i = u32_of(i);
                    while row < p.entries.len() && p.entries[row] < i {
                        row += 1;
                    }
                    let r = if p.entries.get(row) == Some(&i) {
                        u32_of(row)
                    } else {
                        NO_ROW
                    };
                    pool.push((i, r));
                }
                pool
            }
            None => (0..n)
                .filter(accepted)
                .map(|i| (u32_of(i), NO_ROW))
                .collect(),
        };
        // For each term: the previous term at its position, if it is the
        // same or one this extends (`narrows` made sure of that).
        let relation: Vec<Option<(usize, bool)>> = terms
            .iter()
            .enumerate()
            .map(|(k, term)| {
                let old = prev.and_then(|p| p.terms.get(k))?;
                Some((k, *old == term.text))
            })
            .collect();
        let width = prev.map_or(0, |p| p.terms.len());
        let check = |part: &[(u32, u32)]| -> (Vec<Candidate>, Vec<Seen>) {
            let mut cands = Vec::with_capacity(part.len());
            let mut seen = Vec::with_capacity(part.len() * terms.len());
            'entries: for &(i, row) in part {
                let at = seen.len();
                let mut c = Candidate {
                    entry: i,
                    row: u32_of(cands.len()),
                    class: 0,
                    maybe: 0,
                };
                for (term, rel) in terms.iter().zip(&relation) {
                    let prior = match (rel, prev) {
                        (Some((k, same)), Some(p)) if row != NO_ROW => {
                            let s = p.seen[row as usize * width + k];
                            if *same {
                                Prior::Same(s)
                            } else {
                                Prior::Extends(s)
                            }
                        }
                        _ => Prior::Fresh,
                    };
                    let Some(s) = term_seen(corpus, i as usize, term, prior) else {
                        seen.truncate(at);
                        continue 'entries;
                    };
                    match s.how {
                        How::Class(class) => c.class += class,
                        How::Scattered => c.class += 1,
                        How::Maybe => c.maybe += 1,
                    }
                    seen.push(s);
                }
                cands.push(c);
            }
            (cands, seen)
        };
        if pool.len() < PARALLEL_POOL {
            return check(&pool);
        }
        let parts: Vec<&[(u32, u32)]> = pool
            .chunks(pool.len().div_ceil(crate::par::threads()))
            .collect();
        let mut cands = Vec::with_capacity(pool.len());
        let mut seen = Vec::with_capacity(pool.len() * terms.len());
        for (c, s) in crate::par::map(&parts, 2, |part| check(part)) {
            let base = u32_of(cands.len());
            cands.extend(c.into_iter().map(|mut c| {
                c.row += base;
                c
            }));
            seen.extend(s);
        }
        (cands, seen)
    }

    /// Confirms (or rules out) a candidate's `Maybe` terms: whether the
    /// chars occur in order, resuming where the shorter term left off.
    /// Returns false when one does not match.
    fn resolve(
        &self,
        corpus: &Corpus,
        c: &mut Candidate,
        row: &mut [Seen],
        terms: &[Term],
    ) -> bool {
        let i = c.entry as usize;
        let fold = corpus.fold_of(i);
        for (term, s) in terms.iter().zip(row.iter_mut()) {
            if s.how != How::Maybe {
                continue;
            }
            let rest = term.text.get(s.done as usize..).unwrap_or("");
            match scatter_end(fold, s.end as usize, rest) {
                Some(end) => {
                    s.end = u32_of(end);
                    s.done = u32_of(term.text.len());
                    s.how = How::Scattered;
                }
                None => {
                    s.end = Seen::NONE;
                    return false;
                }
            }
            // For ASCII text the matcher (which compares chars ignoring
            // ASCII case) matches exactly when the folded term is in
            // order; other text it may still reject.
            if !corpus.entries[i].ascii && skim(corpus.text(i), &term.text).is_none() {
                return false;
            }
        }
        c.class += c.maybe;
        c.maybe = 0;
        true
    }

    /// The best `limit` candidates as hits. Only candidates whose class
    /// could still place them are confirmed and given fuzzy scores, and
    /// only the hits returned get match indices. A candidate found not to
    /// match is marked with `maybe == u32::MAX`.
    fn rank(
        &self,
        corpus: &Corpus,
        cands: &mut [Candidate],
        seen: &mut [Seen],
        terms: &[Term],
        limit: usize,
    ) -> Vec<Hit> {
        if limit == 0 || cands.is_empty() {
            return Vec::new();
        }
        let width = terms.len();
        // Class sums rank first. The class at which `limit` certain
        // candidates are reached is a floor: a candidate that cannot reach
        // it even if all its `Maybe` terms match cannot place.
        let floor_of = |cands: &[Candidate]| -> u32 {
            let top = width * 4;
            let mut per_class = vec![0usize; top + 1];
            for c in cands.iter().filter(|c| c.maybe == 0) {
                per_class[(c.class as usize).min(top)] += 1;
            }
            let mut count = 0usize;
            for class in (0..=top).rev() {
                count += per_class[class];
                if count >= limit {
                    return u32_of(class);
                }
            }
            0
        };
        let floor = floor_of(cands);
        for c in cands.iter_mut() {
            if c.maybe > 0 && c.maybe != u32::MAX && c.class + c.maybe >= floor {
                let row = &mut seen[c.row as usize * width..][..width];
                if !self.resolve(corpus, c, row, terms) {
                    c.maybe = u32::MAX;
                }
            }
        }
        // Confirming can only add certain candidates: the floor rises or
        // stays, and whatever is still unconfirmed stays below it.
        let floor = floor_of(cands);
        let mut ranked: Vec<Ranked> = cands
            .iter()
            .filter(|c| c.maybe == 0 && c.class >= floor)
            .map(|c| {
                let entry = &corpus.entries[c.entry as usize];
                let row = &seen[c.row as usize * width..][..width];
                let fuzzy = terms
                    .iter()
                    .zip(row)
                    .filter(|(_, s)| s.how == How::Scattered)
                    .map(|(t, _)| {
                        // The score with positions: without them the
                        // matcher takes a shortcut that can score
                        // differently, and hits carry this one.
                        skim(corpus.text(c.entry as usize), &t.text).map_or(0, |(score, _)| score)
                    })
                    .sum();
                Ranked {
                    entry: c.entry,
                    chars: entry.chars,
                    class: c.class,
                    fuzzy,
                }
            })
            .collect();
        if ranked.len() > limit {
            ranked.select_nth_unstable_by_key(limit - 1, Ranked::key);
            ranked.truncate(limit);
        }
        ranked.sort_unstable_by_key(Ranked::key);
        ranked
            .iter()
            .map(|r| {
                let hit = self.hit(corpus, r.entry as usize, terms);
                debug_assert_eq!((hit.class, hit.fuzzy), (r.class, r.fuzzy));
                hit
            })
            .collect()
    }

    /// A hit with its match indices: the union, over terms, of the
    /// substring's chars, or the fuzzy matcher's for a typo or a scattered
    /// match.
    fn hit(&self, corpus: &Corpus, index: usize, terms: &[Term]) -> Hit {
        let mut hit = Hit {
            entry: index,
            class: 0,
            fuzzy: 0,
            indices: Vec::new(),
        };
        for term in terms {
            let tag = tag_class(corpus, index, term);
            add_term(corpus, &mut hit, &term.text, tag, || {
                is_typo_of_tag(corpus, index, term)
            });
        }
        hit.indices.sort_unstable();
        hit.indices.dedup();
        hit
    }
}

/// Adds one term's match to `hit`: the best substring of the text unless
/// the tags class higher (then nothing is highlighted: the match is not in
/// the text), else a typo of a tool's name, else scattered chars, both
/// highlighted where the fuzzy matcher puts them. `tag` is the term's tag
/// class; `typo` is asked only when neither text nor tags match.
fn add_term(
    corpus: &Corpus,
    hit: &mut Hit,
    term: &str,
    tag: Option<u32>,
    typo: impl FnOnce() -> bool,
) {
    let index = hit.entry;
    match (substring_class(corpus.fold_of(index), term), tag) {
        (Some((c, range)), t) if t.is_none_or(|t| c >= t) => {
            hit.class += c;
            hit.indices.extend(range);
        }
        (_, Some(t)) => hit.class += t,
        _ if typo() => {
            hit.class += 2;
            if let Some((_, idx)) = skim(corpus.text(index), term) {
                hit.indices.extend(idx);
            }
        }
        _ => {
            hit.class += 1;
            if let Some((s, idx)) = skim(corpus.text(index), term) {
                hit.fuzzy += s;
                hit.indices.extend(idx);
            }
        }
    }
}

/// The hit of entry `index` for the one-term query `term`, as
/// `Searcher::hit` makes it, but with the tag class and the typo test
/// worked out from the entry's own tags instead of a [`Term`]'s bit sets
/// over all tools (a walk over every tag, which the index exists to avoid).
fn word_hit(corpus: &Corpus, index: usize, term: &str) -> Hit {
    let exact = corpus.is_tool(index);
    let tags = || {
        corpus
            .tools_of(index)
            .iter()
            .flat_map(|&t| corpus.tool_tags(t as usize))
            .map(|tag| corpus.tag_text(tag))
    };
    let tag = if exact && tags().any(|t| t == term) {
        Some(4)
    } else if tags().any(|t| t.starts_with(term)) {
        Some(if exact { 3 } else { 2 })
    } else {
        None
    };
    let typo = || {
        exact
            && term.chars().count() >= MIN_TYPO_TERM
            && tags().any(|t| suggest::distance(term, t) <= suggest::max_typo(term))
    };
    let mut hit = Hit {
        entry: index,
        class: 0,
        fuzzy: 0,
        indices: Vec::new(),
    };
    add_term(corpus, &mut hit, term, tag, typo);
    hit.indices.sort_unstable();
    hit.indices.dedup();
    hit
}

/// One-shot search, for the CLI.
pub fn search(corpus: &Corpus, query: &str, filter: Filter, limit: usize) -> Vec<Hit> {
    Searcher::default().search(corpus, query, filter, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_prefer_whole_words_then_word_starts() {
        assert_eq!(substring_class("ci pipelines", "ci").unwrap().0, 4);
        assert_eq!(substring_class("ci pipelines", "pipe").unwrap().0, 3);
        assert_eq!(substring_class("platform", "tf").unwrap().0, 2);
        // The best occurrence wins, not the first.
        assert_eq!(substring_class("special ci", "ci"), Some((4, 8..10)));
    }

    #[test]
    fn subsequence_is_ordered() {
        assert!(is_subsequence("terraform", "trf"));
        assert!(!is_subsequence("terraform", "ft"));
    }

    #[test]
    fn indices_are_char_positions_even_after_multibyte_text() {
        let (_, r) = substring_class(&fold("Déploy CI"), "ci").unwrap();
        assert_eq!(r, 7..9);
    }

    #[test]
    fn scan_of_ascii_agrees_with_the_general_filters() {
        for text in [
            "ci/cd pipelines, a k8s x",
            "",
            "a",
            "-t te-st 9 z9",
            "déjà vu d",
        ] {
            let fold = fold(text);
            let (word1, starts) = word_masks(&fold);
            let general = Scan {
                mask: char_mask(&fold),
                word1,
                starts,
                starts2: word_starts2(&fold),
            };
            assert_eq!(Scan::of(&fold), general, "{text:?}");
        }
    }

    #[test]
    fn substring_class_only_agrees_with_substring_class() {
        for (text, term) in [
            ("ci pipelines", "ci"),
            ("ax-x-x", "x-x"),
            ("terraform terr", "terr"),
            ("the team tests", "te"),
            ("déjà vu déj", "déj"),
            ("a-b", "-b"),
            ("k8s k8", "k8"),
        ] {
            let fold = fold(text);
            assert_eq!(
                substring_class_only(&fold, term, word_starts2(&fold)),
                substring_class(&fold, term).map(|(c, _)| c),
                "{term:?} in {text:?}"
            );
        }
    }

    /// The ranking as first written: every entry scored in full, with its
    /// indices, then sorted. The searcher's shortcuts (masks, bit sets,
    /// resumed in-order matches, scores and indices only where they can
    /// matter, narrowing) must give exactly this.
    fn reference(corpus: &Corpus, query: &str, filter: Filter, limit: usize) -> Vec<Hit> {
        let terms = terms(query);
        if terms.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        'entries: for (i, e) in corpus.entries.iter().enumerate() {
            if !filter.accepts(e.target) {
                continue;
            }
            let fold = fold(corpus.text(i));
            let tags: Vec<&str> = corpus
                .tools_of(i)
                .iter()
                .flat_map(|&t| corpus.tool_tags(t as usize))
                .map(|t| corpus.tag_text(t))
                .collect();
            let exact = corpus.is_tool(i);
            let (mut class, mut fuzzy, mut indices) = (0, 0i64, Vec::new());
            for term in &terms {
                let tag = if exact && tags.iter().any(|t| t == term) {
                    Some(4)
                } else if tags.iter().any(|t| t.starts_with(term.as_str())) {
                    Some(if exact { 3 } else { 2 })
                } else {
                    None
                };
                let typo = exact
                    && term.chars().count() >= MIN_TYPO_TERM
                    && tags
                        .iter()
                        .any(|t| suggest::distance(term, t) <= suggest::max_typo(term));
                match (substring_class(&fold, term), tag) {
                    (Some((c, range)), t) if t.is_none_or(|t| c >= t) => {
                        class += c;
                        indices.extend(range);
                    }
                    (_, Some(t)) => class += t,
                    _ if typo => {
                        class += 2;
                        if let Some((_, idx)) = skim(corpus.text(i), term) {
                            indices.extend(idx);
                        }
                    }
                    _ => {
                        if is_short(term) || !is_subsequence(&fold, term) {
                            continue 'entries;
                        }
                        let Some((s, idx)) = skim(corpus.text(i), term) else {
                            continue 'entries;
                        };
                        class += 1;
                        fuzzy += s;
                        indices.extend(idx);
                    }
                }
            }
            indices.sort_unstable();
            indices.dedup();
            hits.push(Hit {
                entry: i,
                class,
                fuzzy,
                indices,
            });
        }
        hits.sort_by_key(|h| {
            (
                std::cmp::Reverse(h.class),
                std::cmp::Reverse(h.fuzzy),
                corpus.entries[h.entry].chars,
                h.entry,
            )
        });
        hits.truncate(limit);
        hits
    }

    #[test]
    fn searcher_gives_what_the_reference_ranking_gives() {
        let cat = crate::Catalog::builtin();
        let corpus = cat.corpus();
        // A small alphabet (so queries keep matching), with a digit,
        // punctuation, a space and non-ASCII letters.
        let alphabet: Vec<char> = "aceilnoprstukf8 -/éÉ".chars().collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let fixed = [
            "terraform",
            "terrafrom",
            "ci pipe",
            "tf",
            "k8s",
            "zzqx",
            "golden path",
            "on call",
            "t",
            "te",
            "ter",
            "pipe ci",
            "déploy",
            "TERRA",
            "kubernets",
            "é",
        ];
        for limit in [0, 1, 5, 20, 200, usize::MAX] {
            for q in fixed {
                assert_eq!(
                    search(corpus, q, Filter::default(), limit),
                    reference(corpus, q, Filter::default(), limit),
                    "{q:?} limit {limit}"
                );
            }
        }
        // Typing and deleting through one searcher, with filters.
        for round in 0..60 {
            let mut s = Searcher::default();
            let mut query = String::new();
            let filter = Filter {
                kind: [None, Some(Kind::Duty), Some(Kind::Tool)][round % 3],
                role: None,
            };
            let limit = [5, 200, usize::MAX][round % 3];
            for _ in 0..14 {
                if next(5) == 0 {
                    query.pop();
                } else {
                    query.push(alphabet[next(alphabet.len())]);
                }
                assert_eq!(
                    s.search(corpus, &query, filter, limit),
                    reference(corpus, &query, filter, limit),
                    "{query:?} {filter:?} limit {limit}"
                );
            }
        }
    }

    /// The shipped content `copies` times: copy 0 as shipped, the others
    /// with ids, names and aliases numbered and texts lengthened (so ranks
    /// interleave), some with non-ASCII words. Big enough that one-word
    /// queries have hundreds of class 3 and 4 hits.
    fn scaled_corpus(copies: usize) -> Corpus {
        let cat = crate::Catalog::builtin();
        let tail = |k: usize| match k % 4 {
            0 => String::new(),
            1 => format!(" (unit {k})"),
            2 => format!(" — déploiement Ünit{k} ÉQUIPE"),
            _ => format!(" for the payments group, unit {k}"),
        };
        let id = |id: &str, k: usize| {
            if k == 0 {
                id.to_string()
            } else {
                format!("{id}-{k}")
            }
        };
        let mut roles = Vec::new();
        let mut tools = Vec::new();
        for k in 0..copies {
            for t in &cat.tools {
                let mut t = t.clone();
                t.id = id(&t.id, k);
                if k > 0 {
                    t.name = format!("{}{}", t.name, tail(k));
                    t.aliases = t.aliases.iter().map(|a| format!("{a}{k}")).collect();
                }
                tools.push(t);
            }
            for r in &cat.roles {
                let mut r = r.clone();
                r.id = id(&r.id, k);
                for d in &mut r.duties {
                    d.text.push_str(&tail(k));
                    d.tools = d.tools.iter().map(|t| id(t, k)).collect();
                }
                for q in &mut r.interview_questions {
                    q.question.push_str(&tail(k + 1));
                }
                for o in &mut r.origins {
                    o.text.push_str(&tail(k + 2));
                }
                roles.push(r);
            }
        }
        let tool_by_id = tools
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        Corpus::build(&roles, &tools, &tool_by_id)
    }

    /// Queries a one-word index must answer like the scan: every prefix of
    /// every `step`th distinct word of the texts and tags, every letter and
    /// digit, aliases, non-ASCII and upper case.
    fn word_queries(corpus: &Corpus, step: usize) -> Vec<String> {
        let mut words: Vec<&str> = corpus
            .folds
            .split(|c: char| !is_word_char(c))
            .chain(corpus.tags.iter().map(|t| corpus.tag_text(t)))
            .filter(|w| !w.is_empty())
            .collect();
        words.sort_unstable();
        words.dedup();
        let mut queries: Vec<String> = words
            .iter()
            .step_by(step)
            .flat_map(|w| w.char_indices().skip(1).map(|(b, _)| &w[..b]).chain([*w]))
            .map(str::to_string)
            .collect();
        queries.extend(('a'..='z').chain('0'..='9').map(String::from));
        for q in [
            "tf",
            "k8s",
            "gha",
            "k8",
            "terraform",
            "Terraform",
            "TF",
            "é",
            "ü",
            "ünit",
            "équipe",
            "déploiement",
            "déploy",
            "unit",
            "unit1",
            "1",
            "12",
            "zzqx",
            "terrafrom",
            "ci",
        ] {
            queries.push(q.to_string());
        }
        queries.sort_unstable();
        queries.dedup();
        queries
    }

    /// Compares an indexed searcher with the reference and with a fresh
    /// plain scan, for every query, filter and limit. One searcher answers
    /// them all, so (the queries being sorted) its scans often narrow from
    /// an earlier query the index did not answer. Returns how many searches
    /// the index answered, of how many.
    fn check_indexed(corpus: &Corpus, queries: &[String], filters: &[Filter]) -> (usize, usize) {
        let mut indexed = Searcher::with_index(corpus);
        let (mut fast, mut total) = (0, 0);
        for q in queries {
            for &filter in filters {
                let full = reference(corpus, q, filter, usize::MAX);
                for limit in [1, 3, 20, 200] {
                    let want = &full[..full.len().min(limit)];
                    let before = indexed.indexed;
                    let got = indexed.search(corpus, q, filter, limit);
                    fast += indexed.indexed - before;
                    total += 1;
                    assert_eq!(got, want, "indexed {q:?} {filter:?} limit {limit}");
                    let scan = Searcher::default().search(corpus, q, filter, limit);
                    assert_eq!(scan, want, "scan {q:?} {filter:?} limit {limit}");
                }
            }
        }
        (fast, total)
    }

    fn kind_filters() -> Vec<Filter> {
        std::iter::once(None)
            .chain(Kind::ALL.map(Some))
            .map(|kind| Filter { kind, role: None })
            .collect()
    }

    #[test]
    fn indexed_searcher_gives_what_the_reference_gives_shipped() {
        let cat = crate::Catalog::builtin();
        let corpus = cat.corpus();
        let queries = word_queries(corpus, 1);
        let (fast, total) = check_indexed(corpus, &queries, &[Filter::default()]);
        assert!(fast * 4 > total, "the index answered {fast} of {total}");
        let sample: Vec<String> = queries.iter().step_by(7).cloned().collect();
        let mut filters = kind_filters();
        filters.push(Filter {
            kind: None,
            role: Some(1),
        });
        check_indexed(corpus, &sample, &filters);
    }

    #[test]
    fn indexed_searcher_gives_what_the_reference_gives_scaled() {
        let corpus = scaled_corpus(8);
        let queries = word_queries(&corpus, 61);
        let (fast, total) = check_indexed(&corpus, &queries, &[Filter::default()]);
        assert!(fast * 4 > total, "the index answered {fast} of {total}");
        let sample: Vec<String> = queries.iter().step_by(5).cloned().collect();
        let (fast, total) = check_indexed(&corpus, &sample, &kind_filters()[1..]);
        assert!(fast * 10 > total, "the index answered {fast} of {total}");
    }

    #[test]
    fn indexed_searcher_answers_typing_like_the_reference() {
        let corpus = scaled_corpus(6);
        let mut s = Searcher::with_index(&corpus);
        let filters = kind_filters();
        // Typing, with spaces, punctuation and backspaces, through one
        // searcher: the index answers some keys, the scan (narrowing from
        // whatever `past` holds) the others.
        let script = [
            "terraform",
            "terraform ci",
            "terraform c",
            "terraform",
            "terraf",
            "terrafrom",
            "ci/cd",
            "ci",
            "ci pipe",
            "k8s",
            "k8s cluster",
            "k",
            "unit1",
            "unit1 d",
            "déploiement",
            "é",
        ];
        let mut fast = 0;
        for (round, &filter) in filters.iter().enumerate() {
            let limit = [20, 200, 3][round % 3];
            for text in script {
                for end in text
                    .char_indices()
                    .map(|(b, _)| b)
                    .skip(1)
                    .chain([text.len()])
                {
                    let q = &text[..end];
                    let before = s.indexed;
                    assert_eq!(
                        s.search(&corpus, q, filter, limit),
                        reference(&corpus, q, filter, limit),
                        "{q:?} {filter:?} limit {limit}"
                    );
                    fast += s.indexed - before;
                }
            }
        }
        assert!(fast > 50, "the index answered {fast} keys");
    }

    #[test]
    fn index_answers_a_typical_query_and_only_for_its_own_corpus() {
        let corpus = scaled_corpus(4);
        let mut s = Searcher::with_index(&corpus);
        assert!(s.index_bytes() > 0);
        let want = reference(&corpus, "terraform", Filter::default(), 20);
        assert_eq!(s.search(&corpus, "terraform", Filter::default(), 20), want);
        assert_eq!(s.indexed, 1, "one word of letters: the index answers");
        // Two words, punctuation, a role filter: the scan.
        for q in ["terraform ci", "ci/cd"] {
            s.search(&corpus, q, Filter::default(), 20);
        }
        let role = Filter {
            kind: None,
            role: Some(0),
        };
        s.search(&corpus, "terraform", role, 20);
        assert_eq!(s.indexed, 1);
        // A clone may be changed afterwards: the index does not answer for
        // it, nor for another corpus of the same size.
        let copy = corpus.clone();
        assert_eq!(s.search(&copy, "terraform", Filter::default(), 20), want);
        let other = scaled_corpus(4);
        assert_eq!(s.search(&other, "terraform", Filter::default(), 20), want);
        assert_eq!(s.indexed, 1);
        assert_eq!(s.search(&corpus, "terraform", Filter::default(), 20), want);
        assert_eq!(s.indexed, 2);
        // The one-shot search never builds one, nor does `indexed` for a
        // corpus scanned in a millisecond.
        assert_eq!(Searcher::default().index_bytes(), 0);
        assert_eq!(Searcher::indexed(&corpus).index_bytes(), 0);
        let big = scaled_corpus(MIN_INDEXED.div_ceil(corpus.len() / 4));
        assert!(big.len() >= MIN_INDEXED);
        let mut s = Searcher::indexed(&big);
        assert!(s.index_bytes() > 0);
        assert_eq!(
            s.search(&big, "terraform", Filter::default(), 20),
            reference(&big, "terraform", Filter::default(), 20)
        );
        assert_eq!(s.indexed, 1);
    }
}
