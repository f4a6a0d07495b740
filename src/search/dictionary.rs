//! Every distinct word of the corpus, sorted: what a query word is looked
//! up in. A word the user typed becomes the set of corpus words it stands
//! for (the word itself, its inflections, the words it starts, or close
//! typos), each with how good a match it is; the texts are then read by
//! word id, never by comparing strings.

use std::ops::Range;

use rust_stemmers::Stemmer;

use super::normalise;
use super::slab::{Slab, str_at};

/// How good a match a corpus word is for a query word (1 = the word).
pub type Quality = f32;

pub const EXACT: Quality = 1.0;
pub const SAME_STEM: Quality = 0.95;
/// A word the query word starts ("pipe" → "pipelines"); shorter prefixes
/// of long words score lower.
const PREFIX: Quality = 0.6;
pub const TYPO1: Quality = 0.75;
pub const TYPO2: Quality = 0.6;

/// The most words a prefix of two or three letters stands for (the
/// shipped content has at most about 120 words per two-letter prefix).
const SHORT_PREFIX_WORDS: usize = 256;

#[derive(Debug, Default, Clone)]
pub struct Dictionary {
    /// Words end to end, in byte order; word `i` is `text[at[i]..at[i+1]]`.
    pub(super) text: Slab<u8>,
    pub(super) at: Slab<u32>,
    /// Each word's stem, as an index into the stems (sorted likewise).
    pub(super) stem: Slab<u32>,
    pub(super) stems: Slab<u8>,
    pub(super) stem_at: Slab<u32>,
    /// Entries each word occurs in (for its weight).
    pub(super) df: Slab<u32>,
    /// Words by stem: `by_stem[by_stem_at[s]..by_stem_at[s + 1]]` are the
    /// words of stem `s`. Derived from `stem` (and stored with it, so a
    /// cached start makes nothing).
    pub(super) by_stem: Slab<u32>,
    pub(super) by_stem_at: Slab<u32>,
    /// Each word's [`letters`], for the typo scan. Derived likewise.
    pub(super) letters: Slab<u64>,
}

/// A bit per letter or digit (others share one): a necessary condition
/// for a typo, never a wrong answer.
pub(super) fn letters(w: &str) -> u64 {
    letters_of(w.as_bytes())
}

/// [`letters`] of a word's bytes (a word that is not UTF-8 reads as empty,
/// so its letters do not matter).
fn letters_of(w: &[u8]) -> u64 {
    w.iter().fold(0, |m, &b| {
        m | match b {
            b'a'..=b'z' => 1 << (b - b'a'),
            b'0'..=b'9' => 1 << (26 + b - b'0'),
            _ => 1 << 40,
        }
    })
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Dictionary {
    /// A dictionary of `words` (sorted, distinct), with document counts.
    pub fn build(words: &[&str], df: Vec<u32>, stemmer: &Stemmer) -> Dictionary {
        let mut d = Dictionary::default();
        let (mut text, mut at) = (String::new(), vec![0]);
        for w in words {
            text.push_str(w);
            at.push(u32_of(text.len()));
        }
        (d.text, d.at) = (Slab::from(text), Slab::from(at));
        let stems: Vec<String> = words.iter().map(|w| normalise::stem(stemmer, w)).collect();
        let mut sorted: Vec<&str> = stems.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let (mut text, mut at) = (String::new(), vec![0]);
        for s in &sorted {
            text.push_str(s);
            at.push(u32_of(text.len()));
        }
        (d.stems, d.stem_at) = (Slab::from(text), Slab::from(at));
        d.stem = Slab::from(
            stems
                .iter()
                .map(|s| u32_of(sorted.binary_search(&s.as_str()).unwrap_or(0)))
                .collect::<Vec<u32>>(),
        );
        d.df = Slab::from(df);
        d.derive();
        d
    }

    /// Fills in what is derived from the stored parts (after decoding).
    pub(super) fn derive(&mut self) {
        let stems = self.stem_at.len().saturating_sub(1);
        let mut at = vec![0u32; stems + 1];
        for &s in &self.stem {
            at[s as usize + 1] += 1;
        }
        for i in 1..at.len() {
            at[i] += at[i - 1];
        }
        let mut next = at.clone();
        let mut by = vec![0u32; self.stem.len()];
        for (w, &s) in self.stem.iter().enumerate() {
            by[next[s as usize] as usize] = u32_of(w);
            next[s as usize] += 1;
        }
        self.by_stem = Slab::from(by);
        self.by_stem_at = Slab::from(at);
        let (text, at) = (&*self.text, &*self.at);
        self.letters = Slab::from(
            at.windows(2)
                .map(|w| letters_of(text.get(w[0] as usize..w[1] as usize).unwrap_or_default()))
                .collect::<Vec<u64>>(),
        );
    }

    pub fn len(&self) -> usize {
        self.at.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn word(&self, i: u32) -> &str {
        let i = i as usize;
        // Checked as UTF-8 here, not when read back (see `slab::str_at`).
        str_at(&self.text, self.at[i] as usize, self.at[i + 1] as usize).unwrap_or_default()
    }

    fn stem_text(&self, s: usize) -> &str {
        str_at(
            &self.stems,
            self.stem_at[s] as usize,
            self.stem_at[s + 1] as usize,
        )
        .unwrap_or_default()
    }

    pub fn df(&self, i: u32) -> u32 {
        self.df.get(i as usize).copied().unwrap_or(0)
    }

    pub fn find(&self, word: &str) -> Option<u32> {
        let n = self.len();
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.word(u32_of(mid)).cmp(word) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(u32_of(mid)),
            }
        }
        None
    }

    /// The words starting with `prefix`.
    pub fn prefixed(&self, prefix: &str) -> Range<u32> {
        let n = self.len();
        let first = partition(n, |i| self.word(u32_of(i)) < prefix);
        let end = partition(n, |i| {
            let w = self.word(u32_of(i));
            w < prefix || w.starts_with(prefix)
        });
        u32_of(first)..u32_of(end.max(first))
    }

    /// The words that have every letter of `word` (by [`letters`]): a
    /// necessary condition for holding its letters in order.
    pub(super) fn with_letters(&self, word: &str) -> impl Iterator<Item = u32> + '_ {
        let need = letters(word);
        let have: &[u64] = &self.letters;
        (0..u32_of(self.len())).filter(move |&id| need & !have[id as usize] == 0)
    }

    pub fn stem_count(&self) -> usize {
        self.stem_at.len().saturating_sub(1)
    }

    /// The index of `stem` among the corpus's stems.
    pub fn stem_index(&self, stem: &str) -> Option<usize> {
        let n = self.stem_count();
        let s = partition(n, |i| self.stem_text(i) < stem);
        (s < n && self.stem_text(s) == stem).then_some(s)
    }

    /// The stem of word `w`, as an index.
    pub fn stem_of(&self, w: u32) -> usize {
        self.stem[w as usize] as usize
    }

    /// The words sharing `stem`.
    pub fn with_stem(&self, stem: &str) -> &[u32] {
        match self.stem_index(stem) {
            Some(s) => &self.by_stem[self.by_stem_at[s] as usize..self.by_stem_at[s + 1] as usize],
            None => &[],
        }
    }

    /// The corpus words `word` (folded) stands for, best first within
    /// each kind: itself and its inflections, the words it starts when it
    /// is still being typed (`prefix`), and only when none of those exist,
    /// close typos.
    pub fn resolve(&self, word: &str, prefix: bool, stemmer: &Stemmer) -> Vec<(u32, Quality)> {
        self.resolve_with(word, prefix, true, stemmer)
    }

    /// `resolve`, with typos only when `typos`.
    pub fn resolve_with(
        &self,
        word: &str,
        prefix: bool,
        typos: bool,
        stemmer: &Stemmer,
    ) -> Vec<(u32, Quality)> {
        let mut out: Vec<(u32, Quality)> = Vec::new();
        let add = |out: &mut Vec<(u32, Quality)>, id: u32, q: Quality| match out
            .iter_mut()
            .find(|(w, _)| *w == id)
        {
            Some(e) => e.1 = e.1.max(q),
            None => out.push((id, q)),
        };
        if let Some(id) = self.find(word) {
            add(&mut out, id, EXACT);
        }
        let chars = word.chars().count();
        for &id in self.with_stem(&normalise::stem(stemmer, word)) {
            // A word still being typed is not a shorter word that happens
            // to share its stem ("pipeli" is not "pipe").
            if !prefix || self.word(id).len() >= word.len() {
                add(&mut out, id, SAME_STEM);
            }
        }
        // A short word that is a corpus word as typed ("ci", "slo") is most
        // likely meant as that word: the words it starts ("cilium",
        // "slow") would be noise.
        if prefix && chars >= 2 && (chars > 3 || out.is_empty()) {
            let mut ids: Vec<u32> = self.prefixed(word).collect();
            if chars <= 3 && ids.len() > SHORT_PREFIX_WORDS {
                // A prefix of two or three letters starts thousands of
                // words in a big corpus: the most used stand for it.
                ids.sort_unstable_by_key(|&id| (std::cmp::Reverse(self.df(id)), id));
                ids.truncate(SHORT_PREFIX_WORDS);
                ids.sort_unstable();
            }
            // The prefixed words are distinct: only the words found so far
            // (the word, its inflections) can be among them.
            let known = out.len();
            for id in ids {
                let len = self.word(id).chars().count().max(1);
                // "pipe" for "pipelines" is a better guess than "p" for it.
                let q = (PREFIX + 0.3 * chars as f32 / len as f32).min(SAME_STEM);
                match out[..known].iter_mut().find(|(w, _)| *w == id) {
                    Some(e) => e.1 = e.1.max(q),
                    None => out.push((id, q)),
                }
            }
        }
        let max = crate::suggest::typo_edits(chars);
        if typos && out.is_empty() && max > 0 {
            let need = letters(word);
            let have: &[u64] = &self.letters;
            for id in 0..u32_of(self.len()) {
                // Each letter of the word missing from a corpus word costs
                // an edit: most words are ruled out by their letter masks.
                if (need & !have[id as usize]).count_ones() as usize > max {
                    continue;
                }
                let w = self.word(id);
                let wl = w.len();
                // Byte lengths bound char lengths closely enough for ASCII
                // words, and the distance check is exact anyway.
                if wl + max < word.len() || wl > word.len() + max + 4 {
                    continue;
                }
                if let Some(d) = bounded_distance(word, w, max) {
                    add(&mut out, id, if d <= 1 { TYPO1 } else { TYPO2 });
                } else if prefix && wl > word.len() {
                    // A typo in a word still being typed: "terrafo" is a
                    // prefix of "terraform" within the same edits.
                    if let Some(d) = bounded_distance_to_prefix(word, w, chars, max) {
                        add(&mut out, id, if d <= 1 { TYPO2 } else { TYPO2 - 0.1 });
                    }
                }
            }
        }
        out
    }
}

/// The first `i` in `0..n` for which `before(i)` is false (it must be true
/// for a prefix of the range, then false).
fn partition(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Optimal-string-alignment distance (adjacent swaps are one edit, so
/// "terrafrom" is one from "terraform") when it is at most `max`; `None`
/// otherwise, found without filling the whole table.
pub fn bounded_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    // The typo scan compares a query word with thousands of corpus words
    // per keystroke: ASCII words are compared as bytes, without allocating.
    if a.is_ascii() && b.is_ascii() {
        return osa(a.as_bytes(), b.as_bytes(), max);
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    osa(&a, &b, max)
}

/// [`bounded_distance`] of `a` and the first `chars` chars of `b`.
fn bounded_distance_to_prefix(a: &str, b: &str, chars: usize, max: usize) -> Option<usize> {
    if b.is_ascii() {
        let cut = &b[..chars.min(b.len())];
        return bounded_distance(a, cut, max);
    }
    let end = b.char_indices().nth(chars).map_or(b.len(), |(i, _)| i);
    bounded_distance(a, &b[..end], max)
}

/// Rows on the stack up to this many units of the second word.
const STACK_ROW: usize = 64;

fn osa<T: PartialEq>(a: &[T], b: &[T], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    // Cells saturate at `max + 1` (and take one more before they do):
    // bytes hold them for any typo bound.
    let big = match u8::try_from(max + 2) {
        Ok(_) => (max + 1) as u8,
        Err(_) => return osa_rows(a, b, max + 1, &mut vec![vec![0usize; m + 1]; 3]),
    };
    if m < STACK_ROW {
        let mut rows = [[0u8; STACK_ROW]; 3];
        osa_rows(a, b, big, &mut rows.each_mut().map(|r| &mut r[..=m]))
    } else {
        osa_rows(a, b, big, &mut vec![vec![0u8; m + 1]; 3])
    }
}

/// The table's rows for [`osa`]: three rows of `b.len() + 1` cells.
fn osa_rows<T: PartialEq, C, R>(a: &[T], b: &[T], big: C, rows: &mut [R]) -> Option<usize>
where
    C: Copy + Ord + From<u8> + TryFrom<usize> + Into<usize> + std::ops::Add<Output = C>,
    R: AsMut<[C]>,
{
    let (n, m) = (a.len(), b.len());
    let one = C::from(1);
    let cell = |k: usize| C::try_from(k).map_or(big, |c| c.min(big));
    let [r0, r1, r2] = rows else {
        unreachable!("three rows")
    };
    let (mut prev2, mut prev, mut cur) = (r0.as_mut(), r1.as_mut(), r2.as_mut());
    prev2.fill(big);
    for (j, v) in prev.iter_mut().enumerate() {
        *v = cell(j);
    }
    // Only cells within `max` of the diagonal can hold `max` or less: a
    // row is filled on that band, with `big` on either side of it (all the
    // next rows read outside it).
    let max = big.into() - 1;
    for i in 1..=n {
        let (lo, hi) = (i.saturating_sub(max).max(1), (i + max).min(m));
        cur[0] = cell(i);
        let mut row_min = cur[0];
        if lo > 1 {
            cur[lo - 1] = big;
        }
        for j in lo..=hi {
            let cost = C::from(u8::from(a[i - 1] != b[j - 1]));
            let mut v = (prev[j] + one)
                .min(cur[j - 1] + one)
                .min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + one);
            }
            cur[j] = v.min(big);
            row_min = row_min.min(cur[j]);
        }
        if hi < m {
            cur[hi + 1] = big;
        }
        if row_min.into() > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d: usize = prev[m].into();
    (d < big.into()).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(words: &[&str]) -> Dictionary {
        let mut w = words.to_vec();
        w.sort_unstable();
        Dictionary::build(&w, vec![1; w.len()], &normalise::stemmer())
    }

    fn names(d: &Dictionary, r: &[(u32, Quality)]) -> Vec<String> {
        let mut v: Vec<String> = r.iter().map(|&(i, _)| d.word(i).to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn a_word_stands_for_its_inflections_and_when_typed_the_words_it_starts() {
        let d = dict(&["path", "paths", "pipeline", "pipelines", "pipe", "patch"]);
        let s = normalise::stemmer();
        assert_eq!(names(&d, &d.resolve("path", false, &s)), ["path", "paths"]);
        assert_eq!(
            names(&d, &d.resolve("pipeli", true, &s)),
            ["pipeline", "pipelines"]
        );
        assert!(!names(&d, &d.resolve("pipeli", false, &s)).contains(&"pipelines".to_string()));
    }

    #[test]
    fn typos_only_when_nothing_is_spelt_so() {
        let d = dict(&["terraform", "patch", "match", "kubernetes"]);
        let s = normalise::stemmer();
        assert_eq!(names(&d, &d.resolve("terrafrom", false, &s)), ["terraform"]);
        assert_eq!(
            names(&d, &d.resolve("kubernets", false, &s)),
            ["kubernetes"]
        );
        // "patch" exists: "match" is not offered as its typo.
        assert_eq!(names(&d, &d.resolve("patch", false, &s)), ["patch"]);
        // Too short for a typo.
        assert!(d.resolve("tera", false, &s).is_empty());
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_one() {
        for (a, b) in [
            ("terrafrom", "terraform"),
            ("abc", "xyz"),
            ("kitten", "sitting"),
        ] {
            let full = crate::suggest::distance(a, b);
            for max in 0..4 {
                assert_eq!(bounded_distance(a, b, max), (full <= max).then_some(full));
            }
        }
    }

    /// Every pair of a set of words (swaps, inserts, accents, words longer
    /// than a row on the stack), at every bound: the banded table on bytes
    /// or chars finds what the whole table does.
    #[test]
    fn bounded_distance_agrees_on_every_pair_and_bound() {
        let long = "observability".repeat(6);
        let longer = format!("{long}x");
        let swapped = long.replacen("ob", "bo", 2);
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "terraform",
            "terrafrom",
            "teraform",
            "terraforms",
            "tarraform",
            "kubernetes",
            "kubernets",
            "café",
            "cafe",
            "caféé",
            "naïve",
            "naive",
            "ci",
            "cd",
            &long,
            &longer,
            &swapped,
        ];
        for a in words {
            for b in words {
                let full = crate::suggest::distance(a, b);
                for max in 0..6 {
                    assert_eq!(
                        bounded_distance(a, b, max),
                        (full <= max).then_some(full),
                        "{a:?} {b:?} {max}"
                    );
                }
                assert_eq!(bounded_distance(a, b, 300), Some(full), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_typo_of_a_word_being_typed_is_measured_on_as_many_chars() {
        assert_eq!(
            bounded_distance_to_prefix("terrafx", "terraform", 7, 2),
            Some(1)
        );
        assert_eq!(
            bounded_distance_to_prefix("cafe", "caféteria", 4, 1),
            Some(1)
        );
        assert_eq!(bounded_distance_to_prefix("xyz", "ab", 3, 1), None);
    }
}
