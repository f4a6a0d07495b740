//! Postings for typing into a big corpus: for every word, the entries
//! holding it; for every tool, the duties tagged with it. A keystroke then
//! scores only the entries that hold the query's rarest group, instead of
//! reading every entry's words; lists are read best first, and those
//! that cannot reach the page are not read (`rank::run_bounded`).

use super::plan::Plan;
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

    /// The lists of the required group with the fewest postings (its
    /// index in the query, and the lists): every entry that may match all
    /// required groups is in one of them. Each list comes with a bound on
    /// how well the group can match its entries (see [`Bounded`]).
    pub(super) fn bounded<'a>(
        &'a self,
        corpus: &Corpus,
        plan: &Plan,
    ) -> Option<(usize, Vec<Bounded<'a>>)> {
        let q = plan.query();
        let mut best: Option<(usize, usize, Vec<Bounded>)> = None;
        for (g, group) in q.groups.iter().enumerate() {
            if group.optional {
                continue;
            }
            let mut lists: Vec<(f32, bool, &[u32])> = plan
                .word_bounds(g)
                .into_iter()
                .map(|(w, q)| (q, false, self.list(w)))
                .collect();
            lists.extend(plan.tools_of(g).map(|(t, q)| (q, false, self.tagged(t))));
            // A tool holding the words brings the duties tagged with it;
            // they earn at most a tag's share of the tool's best word.
            let mut tools: Vec<(u32, f32)> = Vec::new();
            for &(q, _, l) in &lists {
                let from = l.partition_point(|&e| !corpus.is_tool(e as usize));
                tools.extend(
                    l[from..]
                        .iter()
                        .flat_map(|&e| corpus.tools_of(e as usize))
                        .map(|&t| (t, q)),
                );
            }
            tools.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
            tools.dedup_by_key(|t| t.0);
            lists.extend(tools.into_iter().map(|(t, q)| (q, true, self.tagged(t))));
            let size: usize = lists.iter().map(|l| l.2.len()).sum();
            if best.as_ref().is_none_or(|(s, _, _)| size < *s) {
                // Tool entries come last in every list (ids from
                // `tool_start`): they are apart, as they may earn the
                // own-name bonus.
                let split = lists
                    .into_iter()
                    .flat_map(|(q, tagged, l)| {
                        let from = l.partition_point(|&e| !corpus.is_tool(e as usize));
                        [
                            Bounded {
                                quality: q,
                                tagged,
                                tools: false,
                                entries: &l[..from],
                            },
                            Bounded {
                                quality: q,
                                tagged,
                                tools: true,
                                entries: &l[from..],
                            },
                        ]
                    })
                    .filter(|b| !b.entries.is_empty())
                    .collect();
                best = Some((size, g, split));
            }
        }
        best.map(|(_, g, lists)| (g, lists))
    }
}

/// A posting list with a bound: no entry of it matches the group better
/// than `quality` (a word's best quality for the group, a named tool's),
/// before field weights and, for `tagged`, a tag's share.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounded<'a> {
    pub quality: f32,
    /// Duties tagged with a tool holding the words: they earn through
    /// the tag only.
    pub tagged: bool,
    /// Tool entries (else none).
    pub tools: bool,
    pub entries: &'a [u32],
}
