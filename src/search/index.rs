//! A word index of a corpus, for the query an interactive search sees most:
//! one word, being typed.
//!
//! For a term made only of letters and digits, an entry's class comes from
//! its words alone: 4 when a word of the folded text is the term, 3 when one
//! starts with it (an occurrence of such a term always lies inside one
//! word, so `occurrence_class` can only say that). A tool entry's own tags
//! give 4 or 3 the same way. Everything else (inside a word, a tool a duty
//! uses, a typo, scattered chars) is class 2 or 1, and a single-term hit of
//! class 2 or more has no fuzzy score, so the hits of classes 4 and 3 rank
//! by class, then length, then entry: an order fixed once per corpus. The
//! posting lists hold positions in that order (ranks), so the best hits are
//! the first ones a merge of the lists meets, and a keystroke reads a few
//! hundred postings instead of every text.
//!
//! When fewer than `limit` entries reach class 3, the answer needs classes
//! 2 and 1, which the index cannot give: the searcher then scans.

use std::cmp::Reverse;
use std::collections::binary_heap::PeekMut;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::{Corpus, Hit, Kind, is_word_char, u32_of, word_hit};

/// Posting lists for sorted, distinct keys, each split in parts: by kind
/// of entry for words (so a kind filter reads only its own postings instead
/// of skipping the others, which could be nearly all of them), and for tags
/// by whether the tag is the key itself or goes on.
#[derive(Debug, Default)]
struct Lists {
    /// The keys in byte order, end to end: key `k` is
    /// `keys[key_at[k]..key_at[k + 1]]`.
    keys: String,
    key_at: Vec<u32>,
    parts: usize,
    /// Key `k`, part `p`: `postings[at[k * parts + p]..at[k * parts + p + 1]]`,
    /// ascending ranks.
    at: Vec<u32>,
    postings: Vec<u32>,
}

impl Lists {
    fn len(&self) -> usize {
        self.key_at.len().saturating_sub(1)
    }

    fn key(&self, k: usize) -> &str {
        &self.keys[self.key_at[k] as usize..self.key_at[k + 1] as usize]
    }

    fn list(&self, k: usize, part: usize) -> &[u32] {
        let slot = k * self.parts + part;
        &self.postings[self.at[slot] as usize..self.at[slot + 1] as usize]
    }

    /// The keys starting with `term`, and whether the first of them is
    /// `term` itself (a key sorts before every longer key it starts).
    fn prefixed(&self, term: &str) -> (Range<usize>, bool) {
        let n = self.len();
        let lo = partition(n, |k| self.key(k) < term);
        let hi = lo + partition(n - lo, |k| self.key(lo + k).starts_with(term));
        (lo..hi, lo < hi && self.key(lo) == term)
    }

    fn bytes(&self) -> usize {
        self.keys.capacity()
            + 4 * (self.key_at.capacity() + self.at.capacity() + self.postings.capacity())
    }
}

/// The first `k` in `0..n` for which `below(k)` is false (`below` is true
/// then false along the range).
fn partition(n: usize, below: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// FxHash-style, eight bytes at a step: the build looks up millions of
/// short words, where SipHash would be most of the cost, and its DoS
/// resistance buys nothing here (the keys are the user's own content).
#[derive(Default)]
struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        // The table picks buckets by the low bits, which a multiply fills
        // only from the low bits of its input: fold the high half in, or
        // words differing past their fourth byte ("unit1", "unit2") collide.
        self.0 ^ (self.0 >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn write_u64(&mut self, w: u64) {
        self.add(w);
    }
}

type KeyMap<'a> = HashMap<&'a str, u32, BuildHasherDefault<WordHasher>>;

/// A key of up to eight bytes as one number (keys are runs of word chars,
/// which have no zero byte, so the padding cannot be confused with them):
/// most words are this short, and a number is hashed and compared in an
/// instruction instead of a call.
fn packed(key: &str) -> Option<u64> {
    (key.len() <= 8).then(|| key.bytes().rev().fold(0, |w, b| w << 8 | u64::from(b)))
}

/// The keys of a run of consecutive entries: each entry's distinct slots
/// (key id × parts + part), with ids local to the run, so runs are
/// collected on separate threads.
struct Run<'a> {
    entries: Range<usize>,
    parts: usize,
    vocab: Vocab<'a>,
    /// Entry `entries.start + e`'s slots are `slots[at[e]..at[e + 1]]`.
    at: Vec<u32>,
    slots: Vec<u32>,
    /// The last entry (+1) each slot was added for: an entry with a word
    /// twice is listed once.
    last: Vec<u32>,
}

/// Distinct keys, numbered as first seen.
#[derive(Default)]
struct Vocab<'a> {
    ids: KeyMap<'a>,
    /// The keys of up to eight bytes, by [`packed`].
    short_ids: HashMap<u64, u32, BuildHasherDefault<WordHasher>>,
    keys: Vec<&'a str>,
}

impl<'a> Vocab<'a> {
    /// The key's number (`packed` is [`packed`] of it), and whether it is
    /// new.
    fn id(&mut self, key: &'a str, packed: Option<u64>) -> (u32, bool) {
        let next = u32_of(self.keys.len());
        let id = match packed {
            Some(w) => *self.short_ids.entry(w).or_insert(next),
            None => *self.ids.entry(key).or_insert(next),
        };
        if id == next {
            self.keys.push(key);
        }
        (id, id == next)
    }
}

impl<'a> Run<'a> {
    fn add(&mut self, key: &'a str, part: usize) {
        self.add_packed(key, packed(key), part);
    }

    /// `add`, with `packed(key)` already worked out.
    fn add_packed(&mut self, key: &'a str, packed: Option<u64>, part: usize) {
        let (id, new) = self.vocab.id(key, packed);
        if new {
            self.last.resize(self.last.len() + self.parts, 0);
        }
        let slot = id as usize * self.parts + part;
        let entry = u32_of(self.at.len());
        if self.last[slot] != entry {
            self.last[slot] = entry;
            self.slots.push(u32_of(slot));
        }
    }
}

/// Lists of `entries`, whose keys `keys_of(i, run)` adds to `run`.
/// `by_rank` is every entry of the corpus, best placed first.
fn lists<'a>(
    entries: Range<usize>,
    parts: usize,
    by_rank: &[u32],
    keys_of: impl Fn(usize, &mut Run<'a>) + Sync,
) -> Lists {
    // Texts are read in entry order (where they lie in memory), on all
    // cores for a big corpus, into runs of slots; the postings are then
    // placed in rank order, each after those of the keys and parts before
    // it (a counting sort), so every list comes out ascending without
    // being sorted.
    let threads = if entries.len() >= super::PARALLEL_POOL {
        crate::par::threads()
    } else {
        1
    };
    let step = entries.len().div_ceil(threads).max(1);
    let ranges: Vec<Range<usize>> = entries
        .clone()
        .step_by(step)
        .map(|s| s..(s + step).min(entries.end))
        .collect();
    let mut runs = crate::par::map(&ranges, 2, |r| {
        let mut run = Run {
            entries: r.clone(),
            parts,
            vocab: Vocab::default(),
            at: Vec::with_capacity(r.len() + 1),
            slots: Vec::new(),
            last: Vec::new(),
        };
        run.at.push(0);
        for i in r.clone() {
            keys_of(i, &mut run);
            run.at.push(u32_of(run.slots.len()));
        }
        run
    });
    // One id per distinct key over all runs, then ids in key order.
    let mut vocab = Vocab::default();
    let global: Vec<Vec<u32>> = runs
        .iter()
        .map(|run| {
            let keys = &run.vocab.keys;
            keys.iter().map(|&k| vocab.id(k, packed(k)).0).collect()
        })
        .collect();
    let keys = vocab.keys;
    // The first eight bytes, big-endian, order as the keys do (a shorter
    // key is padded with zeros, below any char): most comparisons are one
    // instruction.
    let mut order: Vec<(u64, u32)> = keys
        .iter()
        .enumerate()
        .map(|(id, k)| {
            let mut w = [0; 8];
            let n = k.len().min(8);
            w[..n].copy_from_slice(&k.as_bytes()[..n]);
            (u64::from_be_bytes(w), u32_of(id))
        })
        .collect();
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| keys[a.1 as usize].cmp(keys[b.1 as usize]))
    });
    let mut pos = vec![0u32; keys.len()];
    let mut out = Lists {
        parts,
        key_at: Vec::with_capacity(order.len() + 1),
        ..Lists::default()
    };
    out.keys.reserve(keys.iter().map(|k| k.len()).sum());
    out.key_at.push(0);
    for (p, &(_, id)) in order.iter().enumerate() {
        pos[id as usize] = u32_of(p);
        out.keys.push_str(keys[id as usize]);
        out.key_at.push(u32_of(out.keys.len()));
    }
    // Each run's slots as slots of the sorted keys, counted.
    let mut at = vec![0u32; keys.len() * parts + 1];
    for (run, global) in runs.iter_mut().zip(&global) {
        let to: Vec<u32> = (0..run.vocab.keys.len() * parts)
            .map(|s| u32_of(pos[global[s / parts] as usize] as usize * parts + s % parts))
            .collect();
        for s in &mut run.slots {
            *s = to[*s as usize];
            at[*s as usize + 1] += 1;
        }
    }
    for i in 1..at.len() {
        at[i] += at[i - 1];
    }
    let mut next = at.clone();
    let mut postings = vec![0u32; at.last().map_or(0, |&n| n as usize)];
    for (rank, &i) in by_rank.iter().enumerate() {
        let i = i as usize;
        if !entries.contains(&i) {
            continue;
        }
        let run = &runs[(i - entries.start) / step];
        let e = i - run.entries.start;
        for &s in &run.slots[run.at[e] as usize..run.at[e + 1] as usize] {
            postings[next[s as usize] as usize] = u32_of(rank);
            next[s as usize] += 1;
        }
    }
    out.at = at;
    out.postings = postings;
    out
}

/// Calls `f` with each word of a folded text (and [`packed`] of it):
/// maximal runs of `is_word_char` chars, the segmentation
/// `occurrence_class` judges by.
fn for_each_word<'a>(fold: &'a str, mut f: impl FnMut(&'a str, Option<u64>)) {
    if !fold.is_ascii() {
        for w in fold.split(|c: char| !is_word_char(c)) {
            if !w.is_empty() {
                f(w, packed(w));
            }
        }
        return;
    }
    // Most texts: bytes are chars, an ASCII char is a word char when it is
    // an ASCII letter or digit, and a short word is packed as it is read.
    let mut start = None;
    let mut word = 0u64;
    for (b, c) in fold.bytes().enumerate() {
        match (c.is_ascii_alphanumeric(), start) {
            (true, None) => {
                start = Some(b);
                word = u64::from(c);
            }
            (true, Some(s)) => {
                if b - s < 8 {
                    word |= u64::from(c) << (8 * (b - s));
                }
            }
            (false, Some(s)) => {
                f(&fold[s..b], (b - s <= 8).then_some(word));
                start = None;
            }
            (false, None) => {}
        }
    }
    if let Some(s) = start {
        f(&fold[s..], (fold.len() - s <= 8).then_some(word));
    }
}

/// The word a text starts with ("" when it starts with anything else).
fn first_word(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(text.len(), |(b, _)| b);
    &text[..end]
}

/// Entries by length in chars, then by entry.
fn ranked(corpus: &Corpus) -> Vec<u32> {
    let chars = |e: &super::Entry| e.chars as usize;
    let longest = corpus.entries.iter().map(chars).max().unwrap_or(0);
    if longest > 4 * corpus.len() + 4096 {
        // A few huge texts: counting by length would cost more than sorting.
        let mut by_rank: Vec<u32> = (0..u32_of(corpus.len())).collect();
        by_rank.sort_unstable_by_key(|&i| (corpus.entries[i as usize].chars, i));
        return by_rank;
    }
    // Lengths are small numbers: count them (a stable counting sort keeps
    // entry order within a length).
    let mut at = vec![0u32; longest + 2];
    for e in &corpus.entries {
        at[chars(e) + 1] += 1;
    }
    for i in 1..at.len() {
        at[i] += at[i - 1];
    }
    let mut by_rank = vec![0u32; corpus.len()];
    for (i, e) in corpus.entries.iter().enumerate() {
        by_rank[at[chars(e)] as usize] = u32_of(i);
        at[chars(e)] += 1;
    }
    by_rank
}

fn part_of(kind: Kind) -> usize {
    match kind {
        Kind::Duty => 0,
        Kind::Tool => 1,
        Kind::Question => 2,
        Kind::Origin => 3,
    }
}

/// Which parts of the word lists a kind filter reads.
fn parts_for(kind: Option<Kind>) -> Range<usize> {
    kind.map_or(0..4, |k| part_of(k)..part_of(k) + 1)
}

/// Parts of the tag lists: the tag is its first word, or goes on.
const TAG_WHOLE: usize = 0;
const TAG_LONGER: usize = 1;

#[derive(Debug)]
pub(super) struct Index {
    /// The corpus built from (`Corpus::ident`) and its size: an index used
    /// with another corpus would answer about the wrong texts.
    ident: u64,
    entries: usize,
    /// Entries by rank: by length in chars, then by entry, the order of
    /// equally classed single-term hits.
    by_rank: Vec<u32>,
    words: Lists,
    /// Tool entries by the first word of their tools' tags: a tag starts
    /// with a term of letters and digits exactly when its first word does,
    /// and is the term when it is also whole.
    tags: Lists,
}

impl Index {
    pub(super) fn build(corpus: &Corpus) -> Index {
        let by_rank = ranked(corpus);
        let words = lists(0..corpus.len(), 4, &by_rank, |i, run| {
            let part = part_of(corpus.entries[i].target.kind());
            for_each_word(corpus.fold_of(i), |w, packed| {
                run.add_packed(w, packed, part)
            });
        });
        // Only a tool's own entry gets class 4 or 3 from a tag (a duty's
        // tools give it 2 at most). A tag that is the entry's own folded
        // text (the tool's name) adds nothing: the text's words class as
        // high.
        let tools = corpus.tool_start.min(corpus.len())..corpus.len();
        let tags = lists(tools, 2, &by_rank, |i, run| {
            let fold = corpus.fold_of(i);
            for &t in corpus.tools_of(i) {
                for tag in corpus.tool_tags(t as usize) {
                    let text = corpus.tag_text(tag);
                    let word = first_word(text);
                    if !word.is_empty() && text != fold {
                        let part = if word.len() == text.len() {
                            TAG_WHOLE
                        } else {
                            TAG_LONGER
                        };
                        run.add(word, part);
                    }
                }
            }
        });
        Index {
            ident: corpus.ident(),
            entries: corpus.len(),
            by_rank,
            words,
            tags,
        }
    }

    pub(super) fn fits(&self, corpus: &Corpus) -> bool {
        self.ident == corpus.ident() && self.entries == corpus.len()
    }

    /// Heap bytes held.
    pub(super) fn bytes(&self) -> usize {
        4 * self.by_rank.capacity() + self.words.bytes() + self.tags.bytes()
    }

    /// The best `limit` hits of one term of letters and digits among the
    /// entries of `kind` (all when `None`), or `None` when fewer than
    /// `limit` of them reach class 3.
    pub(super) fn search(
        &self,
        corpus: &Corpus,
        term: &str,
        kind: Option<Kind>,
        limit: usize,
    ) -> Option<Vec<Hit>> {
        debug_assert!(!term.is_empty() && term.chars().all(is_word_char));
        let mut whole = Vec::new();
        let mut starts = Vec::new();
        let (words, word_eq) = self.words.prefixed(term);
        for k in words.clone() {
            let into = if word_eq && k == words.start {
                &mut whole
            } else {
                &mut starts
            };
            into.extend(parts_for(kind).map(|p| self.words.list(k, p)));
        }
        if kind.is_none_or(|k| k == Kind::Tool) {
            let (tags, tag_eq) = self.tags.prefixed(term);
            for k in tags.clone() {
                if tag_eq && k == tags.start {
                    whole.push(self.tags.list(k, TAG_WHOLE));
                } else {
                    starts.push(self.tags.list(k, TAG_WHOLE));
                }
                starts.push(self.tags.list(k, TAG_LONGER));
            }
        }
        // Too few postings for `limit` distinct entries: scan, without
        // merging anything first.
        let postings: usize = whole.iter().chain(&starts).map(|l| l.len()).sum();
        if postings < limit {
            return None;
        }
        let mut ranks: Vec<u32> = Merge::new(whole).take(limit).collect();
        let fours = ranks.len();
        if fours < limit {
            // `ranks` is every class 4 entry, ascending.
            let more: Vec<u32> = Merge::new(starts)
                .filter(|r| ranks.binary_search(r).is_err())
                .take(limit - fours)
                .collect();
            ranks.extend(more);
            if ranks.len() < limit {
                return None;
            }
        }
        Some(
            ranks
                .iter()
                .enumerate()
                .map(|(n, &rank)| {
                    let hit = word_hit(corpus, self.by_rank[rank as usize] as usize, term);
                    debug_assert_eq!(hit.class, if n < fours { 4 } else { 3 }, "{term:?}");
                    hit
                })
                .collect(),
        )
    }
}

/// Ascending lists merged, each rank once.
struct Merge<'a> {
    lists: Vec<&'a [u32]>,
    /// (next rank of a list, that list)
    heap: BinaryHeap<Reverse<(u32, u32)>>,
    last: Option<u32>,
}

impl<'a> Merge<'a> {
    fn new(mut lists: Vec<&'a [u32]>) -> Merge<'a> {
        lists.retain(|l| !l.is_empty());
        let heap = lists
            .iter()
            .enumerate()
            .map(|(n, l)| Reverse((l[0], u32_of(n))))
            .collect();
        Merge {
            lists,
            heap,
            last: None,
        }
    }
}

impl Iterator for Merge<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        loop {
            let mut top = self.heap.peek_mut()?;
            let Reverse((rank, n)) = *top;
            let list = &mut self.lists[n as usize];
            *list = &list[1..];
            match list.first() {
                Some(&next) => *top = Reverse((next, n)),
                None => {
                    PeekMut::pop(top);
                }
            }
            // The same entry under several keys comes out consecutively.
            if self.last != Some(rank) {
                self.last = Some(rank);
                return Some(rank);
            }
        }
    }
}
