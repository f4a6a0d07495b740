//! Loose matches: when a query word matches no word of the corpus at all
//! (not even as a typo), its letters are looked for in order inside the
//! corpus's words, with one reused fuzzy matcher. Only the dictionary's
//! words are matched this way (thousands, not every text), and only words
//! the letters fill tightly, so "dply" finds "deploy" but a query of
//! nothing in the content does not bring back letters scattered across
//! whole sentences. The hits are marked loose and shown apart.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::index::Index;
use super::query::{Query, WordSet};
use super::{Corpus, Filter, Hit, rank};

/// Shortest query word tried loosely: two letters are in order inside
/// half the dictionary.
const MIN_CHARS: usize = 3;
/// How much a loose word counts against a real match of it.
const LOOSE: f32 = 0.3;

/// The reusable matcher (its scratch space is kept between calls).
#[derive(Default)]
pub struct Loose {
    matcher: SkimMatcherV2,
}

impl Loose {
    /// The best `limit` loose hits for `q` (whose unmatched words are
    /// looked for letter by letter), marked loose, and the query they were
    /// found by (what highlights them).
    pub(crate) fn search(
        &mut self,
        corpus: &Corpus,
        index: Option<&Index>,
        q: &Query,
        filter: Filter,
        limit: usize,
    ) -> (Vec<Hit>, Query) {
        let q = self.loosen(corpus, q);
        if q.unmatched() {
            return (Vec::new(), q);
        }
        let mut hits = rank::run(corpus, index, &q, filter, limit);
        for h in &mut hits {
            h.loose = true;
        }
        (hits, q)
    }

    /// `q` with every word that matched nothing standing for the corpus
    /// words holding its letters. Reads the dictionary only.
    pub(crate) fn loosen(&self, corpus: &Corpus, q: &Query) -> Query {
        let mut q = q.clone();
        for g in &mut q.groups {
            if g.optional || g.viable() {
                continue;
            }
            for (k, set) in g.literal.iter_mut().enumerate() {
                if set.is_empty() {
                    *set = self.words(corpus, &q.words[g.span.start + k]);
                }
            }
        }
        q
    }

    /// Corpus words holding `word`'s letters in order, tightly: the
    /// letters span at most two more chars than they are, and the corpus
    /// word is at most twice as long.
    fn words(&self, corpus: &Corpus, word: &str) -> WordSet {
        let chars = word.chars().count();
        if chars < MIN_CHARS {
            return Vec::new();
        }
        let dict = corpus.dictionary();
        let mut out = Vec::new();
        // The letter masks rule out most words before the matcher runs.
        for id in dict.with_letters(word) {
            let w = dict.word(id);
            let len = w.chars().count();
            if len < chars || len > 2 * chars + 2 {
                continue;
            }
            if let Some((_, idx)) = self.matcher.fuzzy_indices(w, word) {
                let span = idx.last().copied().unwrap_or(0) + 1 - idx.first().copied().unwrap_or(0);
                if span <= chars + 2 {
                    out.push((id, LOOSE * chars as f32 / len as f32));
                }
            }
        }
        out
    }
}
