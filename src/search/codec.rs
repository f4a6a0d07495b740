//! A corpus as bytes, for the content cache: written once when the cache is
//! made, read back in place (the arrays are views of the cache's mapped
//! file, see [`super::slab`]) without rebuilding the corpus from the
//! content.
//!
//! Three blocks, each with its length and checksum in the head: the
//! lexicon (the dictionary and the synonyms: what a query is compiled
//! against), the body (the entries and their words) and the texts. The
//! lexicon is a small share of the bytes and is checked first; the body
//! and the texts are checked on threads of their own meanwhile
//! ([`Pending`]), so a query that can match nothing is answered without
//! them (see [`super::matches_nothing`]).
//!
//! Arrays are little-endian u32s behind a u64 count, strings UTF-8 behind
//! a u64 length, each padded with zeros to a multiple of 8 bytes, so that
//! an array written at an 8-byte boundary is read in place. Reading checks
//! every offset against the buffers it points into: the blocks are
//! checksummed, but a corpus that could make a slice panic must never come
//! out of here, whatever the bytes. Strings are checked as UTF-8 one by one
//! where they are read (a search reads few of them), and one that is not
//! reads as empty.

use std::sync::Arc;
use std::thread::JoinHandle;

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use super::dictionary::Dictionary;
use super::slab::{Shared, Slab};
use super::synonyms::{PhraseIndex, Synonyms};
use super::{BREAK, Corpus, Entry, Target, tok_word};

/// The layout's version, first in the head: a corpus of another layout is
/// refused (and rebuilt by the cache), never misread.
const FORMAT: u8 = 5;

/// The format (padded to 8 bytes), then each block's length and checksum.
const HEAD: u64 = 8 + 3 * 16;

#[cfg(test)]
pub(crate) fn put(c: &Corpus, w: &mut Vec<u8>) {
    write(c, w).expect("writing to memory");
}

/// Writes the corpus; returns how many bytes that took. The texts go out
/// from the corpus's own buffer; the two other blocks are made in memory
/// first (their lengths and checksums come before them).
pub(crate) fn write(c: &Corpus, w: &mut impl std::io::Write) -> std::io::Result<u64> {
    let mut lexicon = Vec::new();
    put_lexicon(c, &mut lexicon);
    let mut body = Vec::new();
    put_body(c, &mut body);
    // The texts block is one string: its length, the texts, the padding.
    let texts_len = (c.texts.len() as u64).to_le_bytes();
    let pad = vec![0u8; padding(c.texts.len())];
    let texts: [&[u8]; 3] = [&texts_len, &c.texts, &pad];
    let mut sum = Xxh3Default::new();
    texts.iter().for_each(|b| sum.update(b));
    let texts_bytes = texts.iter().map(|b| b.len()).sum::<usize>() as u64;
    let mut head = vec![FORMAT, 0, 0, 0, 0, 0, 0, 0];
    for (n, s) in [
        (lexicon.len() as u64, xxh3_64(&lexicon)),
        (body.len() as u64, xxh3_64(&body)),
        (texts_bytes, sum.digest()),
    ] {
        put_u64(&mut head, n);
        put_u64(&mut head, s);
    }
    w.write_all(&head)?;
    for b in [&lexicon[..], &body[..]].into_iter().chain(texts) {
        w.write_all(b)?;
    }
    Ok(HEAD + lexicon.len() as u64 + body.len() as u64 + texts_bytes)
}

/// Zeros that bring `n` bytes to a multiple of 8.
pub(crate) fn padding(n: usize) -> usize {
    n.next_multiple_of(8) - n
}

fn put_lexicon(c: &Corpus, w: &mut Vec<u8>) {
    put_u64(w, c.entries.len() as u64);
    put_u64(w, c.tool_count() as u64);
    put_u64(w, c.tool_start as u64);
    put_u64(w, u64::from(c.mean_text_words.to_bits()));
    let d = &c.dict;
    put_bytes(w, &d.text);
    put_u32s(w, &d.at);
    put_u32s(w, &d.stem);
    put_bytes(w, &d.stems);
    put_u32s(w, &d.stem_at);
    put_u32s(w, &d.df);
    put_u32s(w, &d.by_stem);
    put_u32s(w, &d.by_stem_at);
    put_u64(w, d.letters.len() as u64);
    for &m in d.letters.iter() {
        put_u64(w, m);
    }
    let syn = &c.synonyms;
    for v in [&syn.tools, &syn.set_at, &syn.phrase_at, &syn.word_at] {
        put_u32s(w, v);
    }
    put_bytes(w, &syn.words);
    let x = &c.phrase_index;
    put_u32s(w, &x.sets);
    put_u32s(w, &x.phrases);
    put_u32s(w, &x.at);
    let (a, b): (Vec<u32>, Vec<u32>) = x.other.iter().copied().unzip();
    put_u32s(w, &a);
    put_u32s(w, &b);
}

fn put_body(c: &Corpus, w: &mut Vec<u8>) {
    let mut entries = Vec::with_capacity(c.entries.len() * 5);
    for e in &c.entries {
        let (kind, a, b) = match e.target {
            Target::Duty { role, index } => (0, role, index),
            Target::Question { role, index } => (1, role, index),
            Target::Origin { role, index } => (2, role, index),
            Target::Tool { tool } => (3, tool, 0),
        };
        entries.extend([kind, u32_of(a), u32_of(b), e.text_at, e.text_len]);
    }
    put_u32s(w, &entries);
    for v in [
        &c.toks,
        &c.tok_at,
        &c.entry_tools,
        &c.entry_tools_at,
        &c.tool_roles,
        &c.tool_roles_at,
    ] {
        put_u32s(w, v);
    }
}

/// A corpus being read: its lexicon is there; the body and the texts are
/// checked on threads of their own, started at once or when
/// [`Pending::wait`] asks for them.
pub struct Pending {
    lexicon: Corpus,
    rest: Rest,
}

/// Where the body and the texts are, and who checks them.
enum Rest {
    Later(Shared, Blocks),
    Reading(Threads),
}

/// The body and the texts: (offset, length, checksum) each, and what the
/// body must fit.
struct Blocks {
    body: (usize, usize, u64),
    texts: (usize, usize, u64),
    shape: Shape,
}

struct Threads {
    body: JoinHandle<Result<Corpus, String>>,
    texts: JoinHandle<Result<Slab<u8>, String>>,
}

impl Blocks {
    fn start(self, src: Shared) -> Threads {
        let (at, n, sum) = self.texts;
        let texts = {
            let src = Arc::clone(&src);
            std::thread::spawn(move || {
                let mut r = Cursor::of(&src, check_block(&src, at, n, sum)?);
                let texts = r.bytes()?;
                r.end()?;
                Ok(texts)
            })
        };
        let (at, n, sum) = self.body;
        let shape = self.shape;
        let body = std::thread::spawn(move || {
            let body = get_body(Cursor::of(&src, check_block(&src, at, n, sum)?))?;
            check_body(&body, shape)?;
            Ok(body)
        });
        Threads { body, texts }
    }
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("words", &self.lexicon.dict.len())
            .field("reading", &matches!(self.rest, Rest::Reading(_)))
            .finish_non_exhaustive()
    }
}

impl Pending {
    /// The dictionary and synonyms, with no entries yet: enough to compile
    /// a query (see [`super::matches_nothing`]), not to search.
    pub fn lexicon(&self) -> &Corpus {
        &self.lexicon
    }

    /// The lexicon alone, as a corpus with no entries (blocks being
    /// checked are left to their threads, their results dropped).
    pub fn into_lexicon(self) -> Corpus {
        self.lexicon
    }

    /// The whole corpus, once its other blocks are checked; an error when
    /// they are damaged.
    pub fn wait(self) -> Result<Corpus, String> {
        let threads = match self.rest {
            Rest::Reading(t) => t,
            Rest::Later(src, blocks) => blocks.start(src),
        };
        let body = threads
            .body
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))?;
        let texts = threads
            .texts
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))?;
        let mut c = self.lexicon;
        c.entries = body.entries;
        c.toks = body.toks;
        c.tok_at = body.tok_at;
        c.entry_tools = body.entry_tools;
        c.entry_tools_at = body.entry_tools_at;
        c.tool_roles = body.tool_roles;
        c.tool_roles_at = body.tool_roles_at;
        // Each text is checked where it is read (`Corpus::text`): a
        // search reads a few dozen of the hundreds of thousands.
        c.texts = texts;
        Ok(c)
    }
}

/// Reads the corpus [`write`] wrote at `at..at + len` of `src`, for
/// content with `roles` roles: an error (never a panic) when the bytes are
/// not one `write` wrote for such content. The head and the lexicon are
/// checked here; the other blocks, each on a thread, at once when `wanted`
/// says so given the lexicon, else on [`Pending::wait`]. Nothing is
/// copied: the corpus's arrays are views of `src` (when `at` is a multiple
/// of 8 in it; else copies).
pub(crate) fn read_pending(
    src: Shared,
    at: usize,
    len: usize,
    roles: usize,
    wanted: &dyn Fn(&Corpus) -> bool,
) -> Result<Pending, String> {
    let all = (*src).as_ref();
    let head = at
        .checked_add(HEAD as usize)
        .and_then(|end| all.get(at..end))
        .filter(|_| len >= HEAD as usize)
        .ok_or("corpus truncated")?;
    if head[0] != FORMAT || head[1..8] != [0; 7] {
        return Err("corpus of another format".into());
    }
    let word = |i: usize| {
        let mut b = [0; 8];
        b.copy_from_slice(&head[8 + 8 * i..16 + 8 * i]);
        u64::from_le_bytes(b)
    };
    let size = |n: u64| usize::try_from(n).map_err(|_| "corpus too big".to_string());
    let blocks = [
        (size(word(0))?, word(1)),
        (size(word(2))?, word(3)),
        (size(word(4))?, word(5)),
    ];
    let total = blocks
        .iter()
        .try_fold(HEAD as usize, |sum, &(n, _)| sum.checked_add(n));
    if total != Some(len) || at.checked_add(len).is_none_or(|end| end > all.len()) {
        return Err("corpus blocks do not add up".into());
    }
    let lexicon_at = at + HEAD as usize;
    let body_at = lexicon_at + blocks[0].0;
    let texts_at = body_at + blocks[1].0;
    let (n, sum) = blocks[0];
    let lexicon = get_lexicon(Cursor::of(&src, check_block(&src, lexicon_at, n, sum)?))?;
    let rest = Blocks {
        body: (body_at, blocks[1].0, blocks[1].1),
        texts: (texts_at, blocks[2].0, blocks[2].1),
        shape: Shape {
            roles,
            tools: lexicon.tools,
            words: lexicon.corpus.dict.len(),
            entries: lexicon.entries,
            tool_start: lexicon.corpus.tool_start,
        },
    };
    let rest = if wanted(&lexicon.corpus) {
        Rest::Reading(rest.start(src))
    } else {
        Rest::Later(src, rest)
    };
    Ok(Pending {
        lexicon: lexicon.corpus,
        rest,
    })
}

/// The range `at..at + len` of `src`, checked against `sum`.
fn check_block(src: &Shared, at: usize, len: usize, sum: u64) -> Result<(usize, usize), String> {
    let bytes = at
        .checked_add(len)
        .and_then(|end| (**src).as_ref().get(at..end))
        .ok_or("corpus truncated")?;
    if xxh3_64(bytes) != sum {
        return Err("checksum mismatch".into());
    }
    Ok((at, at + len))
}

/// The corpus in `bytes` (all of them), as the cache reads it.
#[cfg(test)]
pub(crate) fn get(bytes: &[u8], roles: usize) -> Result<Corpus, String> {
    let src = Arc::new(super::slab::Bytes::from(bytes.to_vec()));
    read_pending(src, 0, bytes.len(), roles, &|_| true)?.wait()
}

/// A lexicon read back: a corpus without entries, and the counts the body
/// must agree with.
struct Lexicon {
    corpus: Corpus,
    entries: usize,
    tools: usize,
}

fn get_lexicon(mut r: Cursor<'_>) -> Result<Lexicon, String> {
    let entries = r.size()?;
    let tools = r.size()?;
    let tool_start = r.size()?;
    let mean_text_words =
        f32::from_bits(u32::try_from(r.u64()?).map_err(|_| "bad mean length".to_string())?);
    let dict = Dictionary {
        text: r.bytes()?,
        at: r.u32s()?,
        stem: r.u32s()?,
        stems: r.bytes()?,
        stem_at: r.u32s()?,
        df: r.u32s()?,
        by_stem: r.u32s()?,
        by_stem_at: r.u32s()?,
        letters: r.slab()?,
    };
    let synonyms = Synonyms {
        tools: r.u32s()?,
        set_at: r.u32s()?,
        phrase_at: r.u32s()?,
        word_at: r.u32s()?,
        words: r.bytes()?,
    };
    let phrase_index = PhraseIndex {
        sets: r.u32s()?,
        phrases: r.u32s()?,
        at: r.u32s()?,
        other: {
            let a = r.u32s()?;
            let b = r.u32s()?;
            if a.len() != b.len() {
                return Err("bad phrase index".into());
            }
            a.iter().copied().zip(b.iter().copied()).collect()
        },
    };
    r.end()?;
    check_dictionary(&dict)?;
    if !synonyms.consistent(tools) {
        return Err("bad synonyms".into());
    }
    let x = &phrase_index;
    // (Slices taken once: a slab read through its map costs a call.)
    let (sets, set_at) = (synonyms.len(), &*synonyms.set_at);
    let phrase_ok = |s: u32, p: u32| {
        let s = s as usize;
        s < sets && (p as usize) < (set_at[s + 1] - set_at[s]) as usize
    };
    if x.sets.len() != x.phrases.len()
        || !csr(&x.at, x.sets.len(), dict.stem_count())
        || x.sets
            .iter()
            .zip(&x.phrases)
            .any(|(&s, &p)| !phrase_ok(s, p))
        || x.other.iter().any(|&(s, p)| !phrase_ok(s, p))
    {
        return Err("bad synonyms".into());
    }
    if tool_start > entries
        || entries - tool_start != tools
        || !mean_text_words.is_finite()
        || mean_text_words < 0.0
    {
        return Err("entry tables disagree".into());
    }
    Ok(Lexicon {
        corpus: Corpus {
            tool_start,
            mean_text_words,
            dict,
            synonyms,
            phrase_index,
            ..Corpus::default()
        },
        entries,
        tools,
    })
}

fn check_dictionary(d: &Dictionary) -> Result<(), String> {
    let words = d.at.len().saturating_sub(1);
    let stems = d.stem_at.len().saturating_sub(1);
    if d.at.is_empty()
        || d.stem_at.is_empty()
        || !strings_ok(&d.text, &d.at)
        || !strings_ok(&d.stems, &d.stem_at)
        || d.stem.len() != words
        || d.df.len() != words
        || d.stem.iter().any(|&s| s as usize >= stems)
        || d.by_stem.len() != words
        || !csr(&d.by_stem_at, words, stems)
        || d.by_stem.iter().any(|&w| w as usize >= words)
        || d.letters.len() != words
    {
        return Err("bad dictionary".into());
    }
    Ok(())
}

/// The body's entries and words, in a corpus of nothing else.
fn get_body(mut r: Cursor<'_>) -> Result<Corpus, String> {
    let raw = r.u32s()?;
    if raw.len() % 5 != 0 {
        return Err("bad entry table".into());
    }
    let entries = raw
        .chunks_exact(5)
        .map(|e| {
            let (a, b) = (e[1] as usize, e[2] as usize);
            let target = match e[0] {
                0 => Target::Duty { role: a, index: b },
                1 => Target::Question { role: a, index: b },
                2 => Target::Origin { role: a, index: b },
                3 => Target::Tool { tool: a },
                _ => return Err("bad entry kind".to_string()),
            };
            Ok(Entry {
                target,
                text_at: e[3],
                text_len: e[4],
            })
        })
        .collect::<Result<Vec<Entry>, String>>()?;
    let body = Corpus {
        entries,
        toks: r.u32s()?,
        tok_at: r.u32s()?,
        entry_tools: r.u32s()?,
        entry_tools_at: r.u32s()?,
        tool_roles: r.u32s()?,
        tool_roles_at: r.u32s()?,
        ..Corpus::default()
    };
    r.end()?;
    Ok(body)
}

/// What the body must fit: the lexicon's counts and the content's roles.
struct Shape {
    roles: usize,
    tools: usize,
    words: usize,
    entries: usize,
    tool_start: usize,
}

/// Every index in the body pointing at something: what the searcher and
/// the views assume without checking. (The texts are checked once they
/// are there, in [`Pending::wait`].)
fn check_body(c: &Corpus, s: Shape) -> Result<(), String> {
    let n = c.entries.len();
    if n != s.entries
        || !csr(&c.tok_at, c.toks.len(), n)
        || !csr(&c.entry_tools_at, c.entry_tools.len(), n)
        || !csr(&c.tool_roles_at, c.tool_roles.len(), s.tools)
    {
        return Err("entry tables disagree".into());
    }
    if c.entry_tools.iter().any(|&t| t as usize >= s.tools)
        || c.tool_roles.iter().any(|&r| r as usize >= s.roles)
    {
        return Err("entry names a tool or role that is not there".into());
    }
    // One pass the compiler can vectorise: the biggest word id plus one,
    // breaks counting as none (BREAK + 1 wraps to 0 in the id's 28 bits).
    let top = c
        .toks
        .iter()
        .fold(0u32, |m, &t| m.max(tok_word(t).wrapping_add(1) & BREAK));
    if top as usize > s.words {
        return Err("word out of range".into());
    }
    for (i, e) in c.entries.iter().enumerate() {
        let ok = match e.target {
            Target::Tool { tool } => tool < s.tools && i >= s.tool_start,
            t => t.role().is_some_and(|r| r < s.roles) && i < s.tool_start,
        };
        if !ok {
            return Err(format!("entry {i} does not fit the corpus"));
        }
    }
    Ok(())
}

/// A CSR table: starts at 0, never decreases, ends at the list's length.
fn csr(at: &[u32], list: usize, rows: usize) -> bool {
    at.len() == rows + 1
        && at.first() == Some(&0)
        && at.windows(2).all(|w| w[0] <= w[1])
        && at.last().is_some_and(|&l| l as usize == list)
}

/// Offsets cutting `text` into strings, in order. (Each string is checked
/// as UTF-8 where it is read: see [`super::slab::str_at`].)
fn strings_ok(text: &[u8], at: &[u32]) -> bool {
    at.first().is_none_or(|&a| a == 0)
        && at.windows(2).all(|w| w[0] <= w[1])
        && at.last().is_none_or(|&l| l as usize == text.len())
}

impl Corpus {
    /// Every entry points at something `roles` and `tools` have: a corpus
    /// read back from the cache is only used with the content it was made
    /// for.
    pub(crate) fn fits(&self, roles: &[crate::content::Role], tools: usize) -> bool {
        self.tool_roles_at.len() == tools + 1
            && self.entries.iter().all(|e| match e.target {
                Target::Tool { tool } => tool < tools,
                Target::Duty { role, index } => {
                    roles.get(role).is_some_and(|r| index < r.duties.len())
                }
                Target::Question { role, index } => roles
                    .get(role)
                    .is_some_and(|r| index < r.interview_questions.len()),
                Target::Origin { role, index } => {
                    roles.get(role).is_some_and(|r| index < r.origins.len())
                }
            })
    }
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn put_u64(w: &mut Vec<u8>, v: u64) {
    w.extend_from_slice(&v.to_le_bytes());
}

/// A string (or any bytes): its length, the bytes, the padding.
fn put_bytes(w: &mut Vec<u8>, s: &[u8]) {
    put_u64(w, s.len() as u64);
    w.extend_from_slice(s);
    w.resize(w.len() + padding(s.len()), 0);
}

fn put_u32s(w: &mut Vec<u8>, v: &[u32]) {
    put_u64(w, v.len() as u64);
    w.reserve(v.len() * 4 + 4);
    for &x in v {
        w.extend_from_slice(&x.to_le_bytes());
    }
    w.resize(w.len() + padding(v.len() * 4), 0);
}

/// Reads a checked block of shared bytes, item by item.
struct Cursor<'a> {
    src: &'a Shared,
    at: usize,
    end: usize,
}

impl<'a> Cursor<'a> {
    fn of(src: &'a Shared, (at, end): (usize, usize)) -> Cursor<'a> {
        Cursor { src, at, end }
    }

    /// `n` bytes' place, and the padding after them.
    fn take(&mut self, n: usize) -> Result<usize, String> {
        let at = self.at;
        let next = n
            .checked_add(padding(n))
            .and_then(|n| at.checked_add(n))
            .filter(|&e| e <= self.end)
            .ok_or("corpus truncated")?;
        self.at = next;
        Ok(at)
    }

    fn u64(&mut self) -> Result<u64, String> {
        let at = self.take(8)?;
        let mut a = [0; 8];
        a.copy_from_slice(&(**self.src).as_ref()[at..at + 8]);
        Ok(u64::from_le_bytes(a))
    }

    fn size(&mut self) -> Result<usize, String> {
        usize::try_from(self.u64()?).map_err(|_| "length out of range".to_string())
    }

    /// Counted values, in place; a damaged count fails on the block's
    /// length before anything is made of it.
    fn slab<T: super::slab::Le>(&mut self) -> Result<Slab<T>, String> {
        let n = self.size()?;
        let bytes = n
            .checked_mul(std::mem::size_of::<T>())
            .ok_or("length out of range")?;
        let at = self.take(bytes)?;
        Slab::view(self.src, at, n).ok_or_else(|| "corpus truncated".to_string())
    }

    fn u32s(&mut self) -> Result<Slab<u32>, String> {
        self.slab()
    }

    /// A string's bytes (checked as UTF-8 where they are cut into strings).
    fn bytes(&mut self) -> Result<Slab<u8>, String> {
        self.slab()
    }

    fn end(&self) -> Result<(), String> {
        if self.at != self.end {
            return Err("trailing bytes after the corpus".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Filter, search};

    /// Block `i`'s length, as the head says it.
    fn block_len(bytes: &[u8], i: usize) -> usize {
        let mut b = [0; 8];
        b.copy_from_slice(&bytes[8 + 16 * i..16 + 16 * i]);
        u64::from_le_bytes(b) as usize
    }

    #[test]
    fn a_corpus_reads_back_as_it_was_written_and_searches_the_same() {
        let cat = crate::Catalog::builtin();
        let mut bytes = Vec::new();
        put(cat.corpus(), &mut bytes);
        let back = get(&bytes, cat.roles.len()).expect("decodes");
        let mut again = Vec::new();
        put(&back, &mut again);
        assert_eq!(bytes, again);
        for q in ["tf", "ci pipe", "golden path", "terrafrom", "zzqx", "é"] {
            assert_eq!(
                search(&back, q, Filter::default(), 50),
                search(cat.corpus(), q, Filter::default(), 50),
                "{q}"
            );
        }
    }

    /// Read back at a multiple of 8, the arrays are the bytes themselves;
    /// anywhere else they are copies that search the same.
    #[test]
    fn a_corpus_is_read_in_place_when_aligned_and_copied_when_not() {
        let cat = crate::Catalog::builtin();
        let mut bytes = Vec::new();
        put(cat.corpus(), &mut bytes);
        let aligned = get(&bytes, cat.roles.len()).expect("decodes");
        for v in [&aligned.toks, &aligned.tok_at, &aligned.dict.at] {
            assert!(v.is_view());
        }
        assert!(aligned.texts.is_view() && aligned.dict.text.is_view());
        assert!(aligned.dict.letters.is_view() && aligned.dict.by_stem.is_view());
        let mut odd = vec![0u8; 3];
        odd.extend_from_slice(&bytes);
        let odd: Shared = Arc::new(crate::search::slab::Bytes::from(odd));
        let c = read_pending(odd, 3, bytes.len(), cat.roles.len(), &|_| true)
            .and_then(Pending::wait)
            .expect("decodes");
        assert!(!c.toks.is_view());
        for q in ["terraform", "ci pipe", "terrafrom"] {
            assert_eq!(
                search(&c, q, Filter::default(), 50),
                search(&aligned, q, Filter::default(), 50),
            );
        }
    }

    /// Texts are checked as UTF-8 where they are read: one that is not
    /// (its block's checksum recomputed) reads as empty, and searches.
    #[test]
    fn a_text_that_is_not_utf8_reads_as_empty() {
        let cat = crate::Catalog::builtin();
        let mut bytes = Vec::new();
        put(cat.corpus(), &mut bytes);
        let len = |i: usize| block_len(&bytes, i);
        let (texts, texts_len) = (HEAD as usize + len(0) + len(1), len(2));
        // The first entry's text starts after the block's length.
        bytes[texts + 8] = 0xff;
        let sum = xxh3_64(&bytes[texts..texts + texts_len]);
        bytes[16 + 32..24 + 32].copy_from_slice(&sum.to_le_bytes());
        let c = get(&bytes, cat.roles.len()).expect("decodes");
        assert_eq!(c.text(0), "");
        assert_eq!(c.text(1), cat.corpus().text(1));
        let _ = search(&c, "terraform", Filter::default(), 20);
    }

    #[test]
    fn damaged_bytes_are_an_error_never_a_panic() {
        let cat = crate::Catalog::builtin();
        let mut bytes = Vec::new();
        put(cat.corpus(), &mut bytes);
        // Every truncation, and a byte changed at many places.
        for cut in (0..bytes.len()).step_by(97) {
            assert!(get(&bytes[..cut], cat.roles.len()).is_err());
        }
        for at in (0..bytes.len()).step_by(13) {
            let mut b = bytes.clone();
            b[at] ^= 0x5a;
            // Every block is checksummed: a changed byte is always caught.
            assert!(get(&b, cat.roles.len()).is_err(), "byte {at}");
        }
        assert!(get(&bytes, 0).is_err(), "roles out of range are caught");
    }

    /// Blocks that pass their checksums but say the wrong things (the
    /// checksums recomputed after the change) are still refused.
    #[test]
    fn well_summed_nonsense_is_an_error_never_a_panic() {
        let cat = crate::Catalog::builtin();
        let mut bytes = Vec::new();
        put(cat.corpus(), &mut bytes);
        let len = |i: usize| block_len(&bytes, i);
        let starts = [
            HEAD as usize,
            HEAD as usize + len(0),
            HEAD as usize + len(0) + len(1),
        ];
        for (block, &start) in starts.iter().enumerate() {
            for at in (start..start + len(block)).step_by(29) {
                let mut b = bytes.clone();
                b[at] ^= 0x5a;
                let sum = xxh3_64(&b[start..start + len(block)]);
                b[16 + 16 * block..24 + 16 * block].copy_from_slice(&sum.to_le_bytes());
                // May decode (a changed df is still a corpus) or not; it
                // must not panic, and what decodes must search.
                if let Ok(c) = get(&b, cat.roles.len()) {
                    let _ = search(&c, "terraform pipe", Filter::default(), 20);
                }
            }
        }
    }
}
