//! Postings for typing into a big corpus: for every word, the entries
//! holding it; for every tool, the duties tagged with it. A keystroke then
//! scores only the entries that hold the query's rarest group, instead of
//! reading every entry's words.

use super::rank::Plan;
use super::{BREAK, Corpus, tok_word, u32_of};

#[derive(Debug)]
pub(crate) struct Index {
    /// The corpus built from (`Corpus::ident`) and its size.
    ident: u64,
    entries: usize,
    /// Word `w`'s entries, ascending: `postings[at[w]..at[w + 1]]`.
    postings: Vec<u32>,
    at: Vec<u32>,
    /// Tool `t`'s tagged entries (its own included).
    tagged: Vec<u32>,
    tagged_at: Vec<u32>,
}

/// Lists by key, ascending, from (key, entry) pairs given in entry order:
/// a counting sort.
fn lists(keys: usize, pairs: impl Fn(&mut dyn FnMut(u32, u32))) -> (Vec<u32>, Vec<u32>) {
    let mut at = vec![0u32; keys + 1];
    pairs(&mut |k, _| at[k as usize + 1] += 1);
    for i in 1..at.len() {
        at[i] += at[i - 1];
    }
    let mut next = at.clone();
    let mut out = vec![0u32; at[keys] as usize];
    pairs(&mut |k, e| {
        out[next[k as usize] as usize] = e;
        next[k as usize] += 1;
    });
    (out, at)
}

impl Index {
    pub(super) fn build(corpus: &Corpus) -> Index {
        let words = corpus.dictionary().len();
        let (postings, at) = lists(words, |f| {
            // An entry with a word twice is listed once.
            let mut last = vec![u32::MAX; words];
            for i in 0..corpus.len() {
                for &t in corpus.toks(i) {
                    let w = tok_word(t);
                    if w != BREAK && last[w as usize] != u32_of(i) {
                        last[w as usize] = u32_of(i);
                        f(w, u32_of(i));
                    }
                }
            }
        });
        let (tagged, tagged_at) = lists(corpus.tool_count(), |f| {
            for i in 0..corpus.len() {
                for &t in corpus.tools_of(i) {
                    f(t, u32_of(i));
                }
            }
        });
        Index {
            ident: corpus.ident(),
            entries: corpus.len(),
            postings,
            at,
            tagged,
            tagged_at,
        }
    }

    pub(super) fn fits(&self, corpus: &Corpus) -> bool {
        self.ident == corpus.ident() && self.entries == corpus.len()
    }

    pub(super) fn bytes(&self) -> usize {
        4 * (self.postings.capacity()
            + self.at.capacity()
            + self.tagged.capacity()
            + self.tagged_at.capacity())
    }

    fn list(&self, w: u32) -> &[u32] {
        let w = w as usize;
        &self.postings[self.at[w] as usize..self.at[w + 1] as usize]
    }

    fn tagged(&self, t: u32) -> &[u32] {
        let t = t as usize;
        match (self.tagged_at.get(t), self.tagged_at.get(t + 1)) {
            (Some(&a), Some(&b)) => &self.tagged[a as usize..b as usize],
            _ => &[],
        }
    }

    /// Every entry that may match all required groups: those holding a word
    /// (or tagged with a tool) of the group with the fewest, ascending.
    pub(super) fn candidates(&self, corpus: &Corpus, plan: &Plan) -> Vec<u32> {
        let q = plan.query();
        let mut best: Option<(usize, Vec<&[u32]>)> = None;
        for (g, group) in q.groups.iter().enumerate() {
            if group.optional {
                continue;
            }
            let mut lists: Vec<&[u32]> =
                plan.words_of(g).into_iter().map(|w| self.list(w)).collect();
            lists.extend(plan.tools_of(g).map(|t| self.tagged(t)));
            // A tool holding the words brings the duties tagged with it.
            let mut tools: Vec<u32> = Vec::new();
            for l in &lists {
                let from = l.partition_point(|&e| !corpus.is_tool(e as usize));
                tools.extend(l[from..].iter().flat_map(|&e| corpus.tools_of(e as usize)));
            }
            tools.sort_unstable();
            tools.dedup();
            lists.extend(tools.into_iter().map(|t| self.tagged(t)));
            let size: usize = lists.iter().map(|l| l.len()).sum();
            if best.as_ref().is_none_or(|(s, _)| size < *s) {
                best = Some((size, lists));
            }
        }
        let Some((size, lists)) = best else {
            return Vec::new();
        };
        // A bit per entry, then the set bits in order: tens of thousands
        // of postings are merged without sorting them.
        let mut bits = vec![0u64; corpus.len().div_ceil(64)];
        for l in lists {
            for &e in l {
                bits[e as usize / 64] |= 1 << (e % 64);
            }
        }
        let mut out = Vec::with_capacity(size.min(corpus.len()));
        for (k, &word) in bits.iter().enumerate() {
            let mut w = word;
            while w != 0 {
                out.push(u32_of(k * 64) + w.trailing_zeros());
                w &= w - 1;
            }
        }
        out
    }
}
