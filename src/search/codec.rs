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

use super::{Corpus, Entry, Hot, Tag, Target};

/// Bytes before the two blocks: the texts block's length, checksum and
/// folds flag, the rest's length and checksum.
const HEAD: u64 = 8 + 8 + 1 + 8 + 8;

#[cfg(test)]
pub(crate) fn put(c: &Corpus, w: &mut Vec<u8>) {
    write(c, w).expect("writing to memory");
}

/// Writes the corpus; returns how many bytes that took. The texts go out
/// from the corpus's own buffer; only the other block is made in memory
/// first (its length and checksum come before it).
pub(crate) fn write(c: &Corpus, w: &mut impl std::io::Write) -> std::io::Result<u64> {
    // Two blocks, read on two threads: the entry texts (with the folds
    // derived from them when that is all they are) and everything else.
    let derived = c.folds.len() == c.texts.len()
        && c.folds
            .bytes()
            .zip(c.texts.bytes())
            .all(|(f, t)| f == t.to_ascii_lowercase());
    let mut rest = Vec::new();
    put_rest(c, derived, &mut rest);
    let mut head = Vec::with_capacity(HEAD as usize);
    put_u64(&mut head, c.texts.len() as u64);
    put_u64(&mut head, xxh3_64(c.texts.as_bytes()));
    head.push(u8::from(!derived));
    put_u64(&mut head, rest.len() as u64);
    put_u64(&mut head, xxh3_64(&rest));
    w.write_all(&head)?;
    w.write_all(c.texts.as_bytes())?;
    w.write_all(&rest)?;
    Ok(HEAD + c.texts.len() as u64 + rest.len() as u64)
}

fn put_rest(c: &Corpus, derived: bool, w: &mut Vec<u8>) {
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
        put_u32(w, e.chars);
        w.push(u8::from(e.ascii));
    }
    for h in &c.hot {
        for v in [
            h.mask,
            h.tag_mask,
            h.word1,
            h.starts,
            h.tag_whole1,
            h.tag_first,
            h.starts2,
        ] {
            put_u64(w, v);
        }
        for v in [h.fold_at, h.fold_len, h.tools_at, h.tools_len] {
            put_u32(w, v);
        }
    }
    if !derived {
        put_str(w, &c.folds);
    }
    put_u32s(w, &c.entry_tools);
    put_u64(w, c.tags.len() as u64);
    for t in &c.tags {
        put_u32(w, t.at);
        put_u32(w, t.len);
        put_u64(w, t.mask);
        put_u32(w, t.chars);
    }
    put_str(w, &c.tag_texts);
    put_u32s(w, &c.tag_at);
    put_u64(w, c.tool_start as u64);
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
    let (texts_len, texts_sum, stored_folds) = (word(0), word(8), head[16] != 0);
    let (rest_len, rest_sum) = (word(17), word(25));
    if Some(len)
        != HEAD
            .checked_add(texts_len)
            .and_then(|n| n.checked_add(rest_len))
    {
        return Err("corpus blocks do not add up".into());
    }
    let texts_at = at + HEAD;
    let read_texts = || -> Result<(String, Option<String>), String> {
        let mut bytes = vec![0; usize::try_from(texts_len).map_err(|_| "too big")?];
        src.reader_at(texts_at)
            .and_then(|mut r| r.read_exact(&mut bytes))
            .map_err(io)?;
        if xxh3_64(&bytes) != texts_sum {
            return Err("checksum mismatch".into());
        }
        let texts = String::from_utf8(bytes).map_err(|_| "corpus text is not UTF-8")?;
        let folds = (!stored_folds).then(|| texts.to_ascii_lowercase());
        Ok((texts, folds))
    };
    let read_rest = || {
        let mut input = src.reader_at(texts_at + texts_len).map_err(io)?;
        let mut hashed = Hashing {
            inner: &mut input,
            hash: Xxh3Default::new(),
        };
        let rest = read_rest(&mut hashed, rest_len, stored_folds)?;
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
    let (texts, derived) = texts?;
    let mut corpus = rest?;
    corpus.texts = texts;
    if let Some(folds) = derived {
        corpus.folds = folds;
    }
    check(&corpus, roles)?;
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

/// The second block: everything but the texts (and the folds, when they
/// are derived from the texts), records decoded as they are read.
fn read_rest(
    input: &mut impl std::io::Read,
    len: u64,
    stored_folds: bool,
) -> Result<Corpus, String> {
    let mut r = Reader {
        input,
        left: len,
        buf: Vec::new(),
    };
    let n = r.count(22)?;
    let mut entries = Vec::with_capacity(n);
    r.records(n, 22, |b| {
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
            chars: u32_at(b, 17),
            ascii: b[21] != 0,
        });
        Ok(())
    })?;
    let mut hot = Vec::with_capacity(n);
    r.records(n, 72, |b| {
        hot.push(Hot {
            mask: u64_at(b, 0),
            tag_mask: u64_at(b, 8),
            word1: u64_at(b, 16),
            starts: u64_at(b, 24),
            tag_whole1: u64_at(b, 32),
            tag_first: u64_at(b, 40),
            starts2: u64_at(b, 48),
            fold_at: u32_at(b, 56),
            fold_len: u32_at(b, 60),
            tools_at: u32_at(b, 64),
            tools_len: u32_at(b, 68),
        });
        Ok(())
    })?;
    // Folds are the texts lower-cased; when that is ASCII lower-casing of
    // the whole buffer (no upper-case letter outside ASCII), only a flag
    // was stored, and the texts' reader makes them.
    let folds = if stored_folds {
        r.string()?
    } else {
        String::new()
    };
    let entry_tools = r.u32s()?;
    let t = r.count(20)?;
    let mut tags = Vec::with_capacity(t);
    r.records(t, 20, |b| {
        tags.push(Tag {
            at: u32_at(b, 0),
            len: u32_at(b, 4),
            mask: u64_at(b, 8),
            chars: u32_at(b, 16),
        });
        Ok(())
    })?;
    let tag_texts = r.string()?;
    let tag_at = r.u32s()?;
    let tool_start = usize::try_from(r.u64()?).map_err(|_| "bad tool start")?;
    if r.left != 0 {
        return Err("trailing bytes after the corpus".into());
    }
    Ok(Corpus {
        entries,
        hot,
        folds,
        entry_tools,
        tags,
        tag_texts,
        tag_at,
        tool_start,
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
    let tools = c.tag_at.len().saturating_sub(1);
    if c.tag_at.first().is_some_and(|&a| a != 0)
        || c.tag_at.windows(2).any(|w| w[0] > w[1])
        || c.tag_at.last().is_some_and(|&a| a as usize != c.tags.len())
        || (c.tag_at.is_empty() && !c.tags.is_empty())
    {
        return Err("bad tool tag ranges".into());
    }
    if c.tags.iter().any(|t| !span(&c.tag_texts, t.at, t.len)) {
        return Err("tag outside its buffer".into());
    }
    if c.entry_tools.iter().any(|&t| t as usize >= tools) {
        return Err("entry names a tool that is not there".into());
    }
    if c.hot.len() != c.entries.len() || c.tool_start > c.entries.len() {
        return Err("entry tables disagree".into());
    }
    for (i, (e, h)) in c.entries.iter().zip(&c.hot).enumerate() {
        let target_ok = match e.target {
            Target::Tool { tool } => tool < tools && i >= c.tool_start,
            t => t.role().is_some_and(|r| r < roles) && i < c.tool_start,
        };
        let tools_ok = (h.tools_at as usize)
            .checked_add(h.tools_len as usize)
            .is_some_and(|end| end <= c.entry_tools.len());
        if !target_ok
            || !tools_ok
            || !span(&c.texts, e.text_at, e.text_len)
            || !span(&c.folds, h.fold_at, h.fold_len)
        {
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
        self.tag_at.len() == tools + 1
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
