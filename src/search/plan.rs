//! A compiled query made ready for reading entries: for every corpus
//! word, where it counts (group, alternative, word, quality); for every
//! group, the tools it names. Scoring (`rank`), the index and
//! the highlighter read entries through it.

use std::collections::HashMap;

use super::Corpus;
use super::dictionary::Quality;
use super::query::{Query, WordSet};
use super::weight::{APART, MAX, TAG};

/// Where a corpus word counts: group, alternative (0 = the group's own
/// words, else `alts[a - 1]`), word within it, quality.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    pub group: u16,
    pub alt: u16,
    pub word: u16,
    pub quality: Quality,
    /// Counts in a text only where written with a capital.
    pub proper: bool,
}

/// A word of [`Plan::needed_words`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Needed {
    pub word: u32,
    pub quality: Quality,
    /// For a group whose words may match apart: its number of words and
    /// the most the other words add to its score, so that a match of
    /// weight `x` through this word scores at most
    /// `max(x, APART * x / k + rest)`.
    pub spread: Option<(usize, f32)>,
}

impl Needed {
    /// The most the group scores in an entry where this word weighs `x`.
    pub(crate) fn bound(&self, x: f32) -> f32 {
        let x = self.quality * x;
        match self.spread {
            Some((k, rest)) => x.max(APART * x / k as f32 + rest),
            None => x,
        }
    }
}

/// A query made ready for reading entries: slots by word id, tools by
/// group.
pub(crate) struct Plan<'q> {
    pub(super) q: &'q Query,
    /// A bit per dictionary word: whether it counts for some group. Every
    /// word of every entry read is tested, and most do not count: a bit
    /// array stays in cache where a table of ranges (one per dictionary
    /// word) would not.
    counts: Vec<u64>,
    /// The words that count, ascending, and each one's range of `slots`.
    words: Vec<u32>,
    ranges: Vec<(u32, u32)>,
    pub(super) slots: Vec<Slot>,
    /// Per group: tool → quality.
    pub(super) tools: Vec<HashMap<u32, Quality>>,
    /// Per group: its best word or tool (see [`Plan::best_quality`]).
    best: Vec<Quality>,
    /// Per group: the most a duty can earn through a tag (a tag's share
    /// of the group's best word or tool at the heaviest weight), so that
    /// a duty whose own words already match that well is scored without
    /// reading its tools.
    pub(super) tag_most: Vec<f32>,
}

impl<'q> Plan<'q> {
    pub(crate) fn new(corpus: &Corpus, q: &'q Query) -> Plan<'q> {
        let mut by_word: Vec<(u32, Slot)> = Vec::new();
        for (g, group) in q.groups.iter().enumerate() {
            let mut add =
                |alt: usize, word: usize, set: &[(u32, Quality)], scale: Quality, proper: bool| {
                    by_word.extend(set.iter().map(|&(w, quality)| {
                        let slot = Slot {
                            group: g as u16,
                            alt: alt as u16,
                            word: word as u16,
                            quality: quality * scale,
                            proper,
                        };
                        (w, slot)
                    }));
                };
            for (k, set) in group.literal.iter().enumerate() {
                add(0, k, set, 1.0, false);
            }
            for (a, alt) in group.alts.iter().enumerate() {
                for (k, set) in alt.words.iter().enumerate() {
                    add(a + 1, k, set, alt.quality, alt.proper);
                }
            }
        }
        // By word, each word's slots in the order met.
        by_word.sort_by_key(|&(w, _)| w);
        let mut counts = vec![0u64; corpus.dictionary().len().div_ceil(64)];
        let mut words: Vec<u32> = Vec::new();
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        let mut slots = Vec::with_capacity(by_word.len());
        for (w, slot) in by_word {
            let Some(bits) = counts.get_mut(w as usize / 64) else {
                continue;
            };
            *bits |= 1 << (w % 64);
            slots.push(slot);
            let end = slots.len() as u32;
            match (words.last(), ranges.last_mut()) {
                (Some(&last), Some(r)) if last == w => r.1 = end,
                _ => {
                    words.push(w);
                    ranges.push((end - 1, end));
                }
            }
        }
        let tools: Vec<HashMap<u32, Quality>> = q
            .groups
            .iter()
            .map(|g| g.tools.iter().copied().collect())
            .collect();
        let mut best: Vec<Quality> = tools
            .iter()
            .map(|named| named.values().copied().fold(0.0, f32::max))
            .collect();
        for slot in &slots {
            let b = &mut best[slot.group as usize];
            *b = b.max(slot.quality);
        }
        // A hair over, for float rounding in the scores it bounds.
        let tag_most = best.iter().map(|&b| TAG * b * MAX * (1.0 + 1e-5)).collect();
        Plan {
            q,
            counts,
            words,
            ranges,
            slots,
            tools,
            best,
            tag_most,
        }
    }

    /// Whether corpus word `w` counts for any group.
    pub(super) fn counts(&self, w: u32) -> bool {
        self.counts
            .get(w as usize / 64)
            .is_some_and(|b| b & (1 << (w % 64)) != 0)
    }

    /// Where corpus word `w` counts (empty for words of no group).
    pub(super) fn slots_of(&self, w: u32) -> &[Slot] {
        if !self.counts(w) {
            return &[];
        }
        match self.words.binary_search(&w) {
            Ok(k) => {
                let (a, b) = self.ranges[k];
                &self.slots[a as usize..b as usize]
            }
            Err(_) => &[],
        }
    }

    /// Group `g`'s best quality for corpus word `w` (0: it does not count).
    fn quality(&self, w: u32, g: usize) -> Quality {
        self.slots_of(w)
            .iter()
            .filter(|s| s.group as usize == g)
            .map(|s| s.quality)
            .fold(0.0f32, f32::max)
    }

    /// The words an entry must hold one of to match group `g` by words:
    /// of the group's own words, and of each phrase standing for it, one
    /// position's (every word of them must be there; the position `cost`
    /// finds cheapest). Each with the group's best quality for it, and
    /// what the group's other words can add when its words may match
    /// apart (see [`Needed`]).
    pub(crate) fn needed_words(&self, g: usize, cost: impl Fn(u32) -> usize) -> Vec<Needed> {
        let group = &self.q.groups[g];
        let cheapest = |sets: &'q [WordSet]| -> Option<&'q WordSet> {
            sets.iter()
                .min_by_key(|set| set.iter().map(|&(w, _)| cost(w)).sum::<usize>())
        };
        let mut out: Vec<Needed> = Vec::new();
        let k = group.literal.len();
        if let Some(set) = cheapest(&group.literal) {
            // Apart, the group scores `APART` times the mean of its words'
            // best matches: the others at most their best quality at the
            // heaviest weight.
            let apart = if k > 1 && !group.tight {
                let best = group
                    .literal
                    .iter()
                    .flatten()
                    .map(|&(w, _)| self.quality(w, g))
                    .fold(0.0f32, f32::max);
                APART * (k - 1) as f32 * best * MAX / k as f32
            } else {
                0.0
            };
            out.extend(set.iter().map(|&(w, _)| Needed {
                word: w,
                quality: self.quality(w, g),
                spread: (k > 1 && !group.tight).then_some((k, apart)),
            }));
        }
        for alt in &group.alts {
            if let Some(set) = cheapest(&alt.words) {
                out.extend(set.iter().map(|&(w, _)| Needed {
                    word: w,
                    quality: self.quality(w, g),
                    spread: None,
                }));
            }
        }
        out.retain(|n| n.quality > 0.0);
        // One word once, with what counts most for it.
        out.sort_by(|a, b| {
            a.word
                .cmp(&b.word)
                .then(b.spread.is_some().cmp(&a.spread.is_some()))
        });
        out.dedup_by_key(|n| n.word);
        out
    }

    /// The tools group `g` names, with how well.
    pub(crate) fn tools_of(&self, g: usize) -> impl Iterator<Item = (u32, Quality)> + '_ {
        self.tools[g].iter().map(|(&t, &q)| (t, q))
    }

    /// How well group `g` can match anything: its best word or tool.
    pub(crate) fn best_quality(&self, g: usize) -> Quality {
        self.best[g]
    }

    pub(crate) fn query(&self) -> &Query {
        self.q
    }
}

/// Whether a corpus word counts for any group, for the highlighter.
pub(crate) fn matched_words<'a>(plan: &'a Plan<'_>) -> impl Fn(u32) -> bool + 'a {
    move |w| plan.counts(w)
}
