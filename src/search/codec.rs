//! A corpus as bytes, for the content cache: written once when the cache is
//! made, read back without rebuilding the corpus from the content.
//!
//! The corpus is a few flat arrays and three text buffers, so the encoding
//! is those, little-endian, in order. Reading checks every offset against
//! the buffers it points into (and that it falls on a char boundary): the
//! cache is checksummed, but a corpus that could make a slice panic must
//! never come out of here, whatever the bytes.

use std::io::Read as _;

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use super::dictionary::Dictionary;
use super::synonyms::{PhraseIndex, SynSet};
use super::{Corpus, Entry, Target};

/// Bytes before the two blocks: the texts block's length and checksum,
/// the format, the rest's length and checksum.
const HEAD: u64 = 8 + 8 + 1 + 8 + 8;

#[cfg(test)]
pub(crate) fn put(c: &Corpus, w: &mut Vec<u8>) {
    write(c, w).expect("writing to memory");
}

/// Writes the corpus; returns how many bytes that took. The texts go out
/// from the corpus's own buffer; only the other block is made in memory
/// first (its length and checksum come before it).
pub(crate) fn write(c: &Corpus, w: &mut impl std::io::Write) -> std::io::Result<u64> {
    // Two blocks, read on two threads: the entry texts and everything else.
    let mut rest = Vec::new();
    put_rest(c, &mut rest);
    let mut head = Vec::with_capacity(HEAD as usize);
    put_u64(&mut head, c.texts.len() as u64);
    put_u64(&mut head, xxh3_64(c.texts.as_bytes()));
    head.push(FORMAT);
    put_u64(&mut head, rest.len() as u64);
    put_u64(&mut head, xxh3_64(&rest));
    w.write_all(&head)?;
    w.write_all(c.texts.as_bytes())?;
    w.write_all(&rest)?;
    Ok(HEAD + c.texts.len() as u64 + rest.len() as u64)
}

/// The layout's version, in the head: a corpus of another layout is
/// refused (and rebuilt by the cache), never misread.
const FORMAT: u8 = 3;

fn put_rest(c: &Corpus, w: &mut Vec<u8>) {
    put_u64(w, c.entries.len() as u64);
    for e in &c.entries {
        let (kind, a, b) = match e.target {
            Target::Duty { role, index } => (0u8, role, index),
            Target::Question { role, index } => (1, role, index),
            Target::Origin { role, index } => (2, role, index),
            Target::Tool { tool } => (3, tool, 0),
        };
        w.push(kind);
        put_u32(w, u32_of(a));
        put_u32(w, u32_of(b));
        put_u32(w, e.text_at);
        put_u32(w, e.text_len);
    }
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
    put_u64(w, c.tool_start as u64);
    put_u32(w, c.mean_text_words.to_bits());
    let d = &c.dict;
    put_str(w, &d.text);
    put_u32s(w, &d.at);
    put_u32s(w, &d.stem);
    put_str(w, &d.stems);
    put_u32s(w, &d.stem_at);
    put_u32s(w, &d.df);
    put_u64(w, c.synonyms.len() as u64);
    for s in &c.synonyms {
        put_u32(w, s.tool.unwrap_or(u32::MAX));
        put_u64(w, s.phrases.len() as u64);
        for p in &s.phrases {
            put_str(w, &p.join(" "));
        }
    }
    let x = &c.phrase_index;
    put_u32s(w, &x.sets);
    put_u32s(w, &x.phrases);
    put_u32s(w, &x.at);
    let (a, b): (Vec<u32>, Vec<u32>) = x.other.iter().copied().unzip();
    put_u32s(w, &a);
    put_u32s(w, &b);
}

/// Where a stored corpus can be read from, at any offset and from several
/// threads at once.
pub(crate) trait Source: Sync {
    fn reader_at(&self, at: u64) -> std::io::Result<Box<dyn std::io::Read + '_>>;
}

impl Source for &[u8] {
    fn reader_at(&self, at: u64) -> std::io::Result<Box<dyn std::io::Read + '_>> {
        let at = usize::try_from(at).unwrap_or(usize::MAX).min(self.len());
        Ok(Box::new(&self[at..]))
    }
}

/// A file, opened once per reader so that each has its own position.
pub(crate) struct FileSource<'a>(pub &'a std::path::Path);

impl Source for FileSource<'_> {
    fn reader_at(&self, at: u64) -> std::io::Result<Box<dyn std::io::Read + '_>> {
        use std::io::Seek as _;
        let mut f = std::fs::File::open(self.0)?;
        f.seek(std::io::SeekFrom::Start(at))?;
        Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, f)))
    }
}

/// Reads the corpus [`put`] wrote at `at..at + len` of `src`, for content
/// with `roles` roles: an error (never a panic) when the bytes are not one
/// `put` wrote for such content. The texts block is read on a thread of
/// its own: with a big pack each block is tens of megabytes, and filling
/// fresh memory (page faults, mostly) is what a cached start costs.
pub(crate) fn read_at(src: &dyn Source, at: u64, len: u64, roles: usize) -> Result<Corpus, String> {
    let io = |e: std::io::Error| format!("corpus truncated: {e}");
    let mut head = [0u8; HEAD as usize];
    if len < HEAD {
        return Err("corpus truncated".into());
    }
    src.reader_at(at)
        .and_then(|mut r| r.read_exact(&mut head))
        .map_err(io)?;
    let word = |i: usize| u64_at(&head, i);
    let (texts_len, texts_sum) = (word(0), word(8));
    if head[16] != FORMAT {
        return Err("corpus of another format".into());
    }
    let (rest_len, rest_sum) = (word(17), word(25));
    if Some(len)
        != HEAD
            .checked_add(texts_len)
            .and_then(|n| n.checked_add(rest_len))
    {
        return Err("corpus blocks do not add up".into());
    }
    let texts_at = at + HEAD;
    let read_texts = || -> Result<String, String> {
        let mut bytes = vec![0; usize::try_from(texts_len).map_err(|_| "too big")?];
        src.reader_at(texts_at)
            .and_then(|mut r| r.read_exact(&mut bytes))
            .map_err(io)?;
        if xxh3_64(&bytes) != texts_sum {
            return Err("checksum mismatch".into());
        }
        String::from_utf8(bytes).map_err(|_| "corpus text is not UTF-8".to_string())
    };
    let read_rest = || {
        let mut input = src.reader_at(texts_at + texts_len).map_err(io)?;
        let mut hashed = Hashing {
            inner: &mut input,
            hash: Xxh3Default::new(),
        };
        let rest = read_rest(&mut hashed, rest_len)?;
        if hashed.hash.digest() != rest_sum {
            return Err("checksum mismatch".to_string());
        }
        Ok(rest)
    };
    // Measured at 1000x on 2 cores: 150 ms for a whole `roledex search`
    // with the two blocks read side by side, 250 ms one after the other.
    let (texts, rest) = std::thread::scope(|s| {
        let texts = s.spawn(read_texts);
        let rest = read_rest();
        let texts = texts
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (texts, rest)
    });
    let mut corpus = rest?;
    corpus.texts = texts?;
    check(&corpus, roles)?;
    corpus.dict.derive();
    Ok(corpus)
}

/// Feeds what is read through a hash, for the checksum.
struct Hashing<R> {
    inner: R,
    hash: Xxh3Default,
}

impl<R: std::io::Read> std::io::Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

/// The corpus in `bytes` (all of them), as [`read_at`] reads it.
#[cfg(test)]
pub(crate) fn get(bytes: &[u8], roles: usize) -> Result<Corpus, String> {
    read_at(&bytes, 0, bytes.len() as u64, roles)
}

/// The second block: everything but the texts, records decoded as they
/// are read.
fn read_rest(input: &mut impl std::io::Read, len: u64) -> Result<Corpus, String> {
    let mut r = Reader {
        input,
        left: len,
        buf: Vec::new(),
    };
    let n = r.count(17)?;
    let mut entries = Vec::with_capacity(n);
    r.records(n, 17, |b| {
        let (a, bb) = (u32_at(b, 1) as usize, u32_at(b, 5) as usize);
        let target = match b[0] {
            0 => Target::Duty { role: a, index: bb },
            1 => Target::Question { role: a, index: bb },
            2 => Target::Origin { role: a, index: bb },
            3 => Target::Tool { tool: a },
            _ => return Err("bad entry kind".to_string()),
        };
        entries.push(Entry {
            target,
            text_at: u32_at(b, 9),
            text_len: u32_at(b, 13),
        });
        Ok(())
    })?;
    let toks = r.u32s()?;
    let tok_at = r.u32s()?;
    let entry_tools = r.u32s()?;
    let entry_tools_at = r.u32s()?;
    let tool_roles = r.u32s()?;
    let tool_roles_at = r.u32s()?;
    let tool_start = usize::try_from(r.u64()?).map_err(|_| "bad tool start")?;
    let mut m = [0u8; 4];
    r.fill(&mut m)?;
    let mean_text_words = f32::from_bits(u32::from_le_bytes(m));
    let dict = Dictionary {
        text: r.string()?,
        at: r.u32s()?,
        stem: r.u32s()?,
        stems: r.string()?,
        stem_at: r.u32s()?,
        df: r.u32s()?,
        ..Dictionary::default()
    };
    let sets = r.count(12)?;
    let mut synonyms = Vec::with_capacity(sets);
    for _ in 0..sets {
        let mut t = [0u8; 4];
        r.fill(&mut t)?;
        let tool = u32::from_le_bytes(t);
        let k = r.count(8)?;
        let mut phrases = Vec::with_capacity(k);
        for _ in 0..k {
            let p = r.string()?;
            phrases.push(p.split(' ').map(String::from).collect());
        }
        synonyms.push(SynSet {
            phrases,
            tool: (tool != u32::MAX).then_some(tool),
        });
    }
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
            a.into_iter().zip(b).collect()
        },
    };
    if r.left != 0 {
        return Err("trailing bytes after the corpus".into());
    }
    Ok(Corpus {
        entries,
        toks,
        tok_at,
        entry_tools,
        entry_tools_at,
        tool_roles,
        tool_roles_at,
        tool_start,
        mean_text_words,
        dict,
        synonyms,
        phrase_index,
        ..Corpus::default()
    })
}

/// Every offset in bounds and on a char boundary, every index pointing at
/// something: what the searcher and the views assume without checking.
fn check(c: &Corpus, roles: usize) -> Result<(), String> {
    let span = |s: &str, at: u32, len: u32| {
        let (at, len) = (at as usize, len as usize);
        at.checked_add(len)
            .is_some_and(|end| s.get(at..end).is_some())
    };
    // A CSR table: starts at 0, never decreases, ends at the list's length.
    let csr = |at: &[u32], list: usize, rows: usize| {
        at.len() == rows + 1
            && at.first() == Some(&0)
            && at.windows(2).all(|w| w[0] <= w[1])
            && at.last().is_some_and(|&l| l as usize == list)
    };
    let n = c.entries.len();
    let tools = c.tool_roles_at.len().saturating_sub(1);
    let d = &c.dict;
    let words = d.at.len().saturating_sub(1);
    let stems = d.stem_at.len().saturating_sub(1);
    if !csr(&c.tok_at, c.toks.len(), n)
        || !csr(&c.entry_tools_at, c.entry_tools.len(), n)
        || !csr(&c.tool_roles_at, c.tool_roles.len(), tools)
        || c.tool_start > n
        || !c.mean_text_words.is_finite()
        || c.mean_text_words < 0.0
    {
        return Err("entry tables disagree".into());
    }
    if c.entry_tools.iter().any(|&t| t as usize >= tools)
        || c.tool_roles.iter().any(|&r| r as usize >= roles)
    {
        return Err("entry names a tool or role that is not there".into());
    }
    if c.toks.iter().any(|&t| {
        let w = super::tok_word(t);
        w != super::BREAK && w as usize >= words
    }) {
        return Err("word out of range".into());
    }
    let ok_strings = |text: &str, at: &[u32]| {
        at.first().is_none_or(|&a| a == 0)
            && at
                .windows(2)
                .all(|w| w[0] <= w[1] && span(text, w[0], w[1] - w[0]))
            && at.last().is_none_or(|&l| l as usize == text.len())
    };
    if d.at.is_empty()
        || d.stem_at.is_empty()
        || !ok_strings(&d.text, &d.at)
        || !ok_strings(&d.stems, &d.stem_at)
        || d.stem.len() != words
        || d.df.len() != words
        || d.stem.iter().any(|&s| s as usize >= stems)
    {
        return Err("bad dictionary".into());
    }
    let x = &c.phrase_index;
    let phrase_ok = |s: u32, p: u32| {
        c.synonyms
            .get(s as usize)
            .is_some_and(|set| (p as usize) < set.phrases.len())
    };
    if x.sets.len() != x.phrases.len()
        || !csr(&x.at, x.sets.len(), stems)
        || x.sets
            .iter()
            .zip(&x.phrases)
            .any(|(&s, &p)| !phrase_ok(s, p))
        || x.other.iter().any(|&(s, p)| !phrase_ok(s, p))
        || c.synonyms.iter().any(|s| {
            s.tool.is_some_and(|t| t as usize >= tools) || s.phrases.iter().any(Vec::is_empty)
        })
    {
        return Err("bad synonyms".into());
    }
    for (i, e) in c.entries.iter().enumerate() {
        let target_ok = match e.target {
            Target::Tool { tool } => tool < tools && i >= c.tool_start,
            t => t.role().is_some_and(|r| r < roles) && i < c.tool_start,
        };
        if !target_ok || !span(&c.texts, e.text_at, e.text_len) {
            return Err(format!("entry {i} does not fit the corpus"));
        }
    }
    Ok(())
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

fn put_u32(w: &mut Vec<u8>, v: u32) {
    w.extend_from_slice(&v.to_le_bytes());
}

fn put_u64(w: &mut Vec<u8>, v: u64) {
    w.extend_from_slice(&v.to_le_bytes());
}

fn put_str(w: &mut Vec<u8>, s: &str) {
    put_u64(w, s.len() as u64);
    w.extend_from_slice(s.as_bytes());
}

fn put_u32s(w: &mut Vec<u8>, v: &[u32]) {
    put_u64(w, v.len() as u64);
    for &x in v {
        put_u32(w, x);
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

/// Reads at most `left` bytes of `input`.
struct Reader<'a, R> {
    input: &'a mut R,
    left: u64,
    buf: Vec<u8>,
}

impl<R: std::io::Read> Reader<'_, R> {
    fn need(&self, n: usize) -> Result<(), String> {
        if (n as u64) > self.left {
            return Err("corpus truncated".into());
        }
        Ok(())
    }

    fn fill(&mut self, out: &mut [u8]) -> Result<(), String> {
        self.need(out.len())?;
        self.input
            .read_exact(out)
            .map_err(|e| format!("corpus truncated: {e}"))?;
        self.left -= out.len() as u64;
        Ok(())
    }

    fn u64(&mut self) -> Result<u64, String> {
        let mut b = [0; 8];
        self.fill(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    /// A length for a list of items of at least `each` bytes: one the
    /// remaining bytes can hold, so a damaged length cannot make us reserve
    /// more memory than the file has.
    fn count(&mut self, each: usize) -> Result<usize, String> {
        let n = usize::try_from(self.u64()?).map_err(|_| "length out of range")?;
        self.need(n.checked_mul(each).ok_or("length out of range")?)?;
        Ok(n)
    }

    /// `n` records of `size` bytes, a few thousand at a time.
    fn records(
        &mut self,
        n: usize,
        size: usize,
        mut each: impl FnMut(&[u8]) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut buf = std::mem::take(&mut self.buf);
        let mut left = n;
        while left > 0 {
            let k = left.min(4096);
            buf.resize(k * size, 0);
            self.fill(&mut buf)?;
            for rec in buf.chunks_exact(size) {
                each(rec)?;
            }
            left -= k;
        }
        self.buf = buf;
        Ok(())
    }

    fn string(&mut self) -> Result<String, String> {
        let n = self.count(1)?;
        let mut b = vec![0; n];
        self.fill(&mut b)?;
        String::from_utf8(b).map_err(|_| "corpus text is not UTF-8".into())
    }

    fn u32s(&mut self) -> Result<Vec<u32>, String> {
        let n = self.count(4)?;
        let mut out = Vec::with_capacity(n);
        self.records(n, 4, |b| {
            out.push(u32_at(b, 0));
            Ok(())
        })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Filter, search};

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
            // Decoding may succeed (a flipped bit in a filter mask) or
            // not; it must not panic. The cache's checksum is what keeps
            // such bytes from being read at all.
            let _ = get(&b, cat.roles.len());
        }
        assert!(get(&bytes, 0).is_err(), "roles out of range are caught");
    }
}
