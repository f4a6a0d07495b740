//! Postings for typing into a big corpus: for every word, the entries
//! holding it; for every tool, the duties tagged with it. A keystroke then
//! scores only the entries that hold the query's rarest group, instead of
//! reading every entry's words.
//!
//! Each word's list is ordered by what the word weighs in each entry
//! (`weight`: its best field, the text's length), heaviest first, and cut
//! into runs of about equal weight, each with its heaviest weight: a run
//! is read only when the best an entry of it can score may still reach the
//! page (`rank::run_bounded`), so a common word or a short prefix is not
//! read whole.

use std::ops::Range;

use super::plan::{Needed, Plan};
use super::weight::{self, TAG};
use super::{BREAK, Corpus, Field, tok_field, tok_joined, tok_word, u32_of};

#[derive(Debug)]
pub(crate) struct Index {
    /// The corpus built from (`Corpus::ident`) and its size.
    ident: u64,
    entries: usize,
    /// Word `w`'s entries: `postings[at[w]..at[w + 1]]`; other entries
    /// first, then tool entries, each part in runs, heaviest first, each
    /// run in content order.
    postings: Vec<u32>,
    at: Vec<u32>,
    /// Each posting's weight, as an index into `weights` (ascending): the
    /// weight itself, or the nearest above it when a corpus has more than
    /// 256 (see [`weight_table`]). A run is read heaviest first, and its
    /// reading stops at the first entry that cannot reach the page.
    codes: Vec<u8>,
    weights: Vec<f32>,
    /// The runs of every list: (end in `postings`, the run's heaviest
    /// weight); word `w`'s are `runs[run_at[w]..run_at[w + 1]]`, and each
    /// starts where the one before ends (the first at `at[w]`). A run
    /// holds one kind of entry (`run_kind`, as ranked on a tie).
    runs: Vec<(u32, f32)>,
    run_kind: Vec<u8>,
    run_at: Vec<u32>,
    /// Per run of tool entries, how many entries their tools are tagged
    /// on (a tool counted once per entry of it): what weighing a group
    /// needs, without reading the run (0 for other runs).
    run_tagged: Vec<u32>,
    /// Tool `t`'s tagged entries (its own included), ascending.
    tagged: Vec<u32>,
    tagged_at: Vec<u32>,
}

/// Lists by key, from (key, entry, weight) triples given in entry order:
/// a counting sort (each list ascending by entry).
/// `triples(weighed, f)` is called twice, the first time only to count
/// (`weighed` false: the weights may be left out).
fn lists<T: Copy + Default>(
    keys: usize,
    triples: impl Fn(bool, &mut dyn FnMut(u32, u32, T)),
) -> (Vec<u32>, Vec<T>, Vec<u32>) {
    let mut at = vec![0u32; keys + 1];
    triples(false, &mut |k, _, _| at[k as usize + 1] += 1);
    for i in 1..at.len() {
        at[i] += at[i - 1];
    }
    let mut next = at.clone();
    let n = at[keys] as usize;
    let mut out = vec![0u32; n];
    let mut weights = vec![T::default(); n];
    triples(true, &mut |k, e, w| {
        let slot = next[k as usize] as usize;
        out[slot] = e;
        weights[slot] = w;
        next[k as usize] += 1;
    });
    (out, weights, at)
}

/// The weights postings are stored as: every weight a word has in some
/// entry (its field's, and for the text its length's), ascending; for a
/// corpus with more than 256, 256 steps from the lightest to the heaviest,
/// each weight stored as the next one up (a bound, never less).
fn weight_table(mut all: Vec<f32>) -> Vec<f32> {
    all.sort_unstable_by(f32::total_cmp);
    all.dedup();
    if all.len() <= 256 {
        return all;
    }
    let (lo, hi) = (all[0].max(1e-6), all[all.len() - 1]);
    let mut table: Vec<f32> = (0..256)
        .map(|k| lo * (hi / lo).powf(k as f32 / 255.0))
        .collect();
    table[0] = all[0];
    table[255] = hi;
    table
}

/// The code of `w` in `table`: the first weight at least `w`.
fn code_of(table: &[f32], w: f32) -> u8 {
    let k = table.partition_point(|&t| t < w);
    u8::try_from(k.min(table.len().saturating_sub(1))).unwrap_or(u8::MAX)
}

/// Ranking order of an entry's kind (as `rank` breaks ties).
pub(super) fn kind_rank(corpus: &Corpus, e: usize) -> u8 {
    use super::Kind;
    match corpus.entries[e].target.kind() {
        Kind::Duty => 0,
        Kind::Tool => 1,
        Kind::Question => 2,
        Kind::Origin => 3,
    }
}

impl Index {
    pub(super) fn build(corpus: &Corpus) -> Index {
        let words = corpus.dictionary().len();
        let fields = [Field::Text, Field::Alias, Field::Desc, Field::Category];
        let norms: Vec<f32> = (0..corpus.len())
            .map(|i| {
                let text_words = corpus
                    .toks(i)
                    .iter()
                    .filter(|&&t| {
                        tok_field(t) == Field::Text && !tok_joined(t) && tok_word(t) != BREAK
                    })
                    .count();
                weight::length_norm(u32_of(text_words), corpus.mean_text_words)
            })
            .collect();
        let mut all: Vec<f32> = fields
            .iter()
            .filter(|&&f| f != Field::Text)
            .map(|&f| weight::of(f, 1.0))
            .collect();
        all.extend(norms.iter().map(|&n| weight::of(Field::Text, n)));
        let weights = weight_table(all);
        let (mut postings, mut codes, at) = lists(words, |weighed, f| {
            // An entry with a word twice is listed once, at its best field.
            let mut last = vec![u32::MAX; words];
            let mut field_of = vec![0u8; words];
            let mut order: Vec<u32> = Vec::new();
            for (i, &norm) in norms.iter().enumerate() {
                let toks = corpus.toks(i);
                if !weighed {
                    for &t in toks {
                        let k = tok_word(t) as usize;
                        if k != BREAK as usize && last[k] != u32_of(i) {
                            last[k] = u32_of(i);
                            f(tok_word(t), u32_of(i), 0u8);
                        }
                    }
                    continue;
                }
                let by_field = fields.map(|field| {
                    let weight = weight::of(field, norm);
                    (weight, code_of(&weights, weight))
                });
                order.clear();
                for &t in toks {
                    let w = tok_word(t);
                    if w == BREAK {
                        continue;
                    }
                    let field = tok_field(t) as u8;
                    let k = w as usize;
                    if last[k] != u32_of(i) {
                        last[k] = u32_of(i);
                        field_of[k] = field;
                        order.push(w);
                    } else if by_field[field as usize].0 > by_field[field_of[k] as usize].0 {
                        field_of[k] = field;
                    }
                }
                for &w in &order {
                    f(w, u32_of(i), by_field[field_of[w as usize] as usize].1);
                }
            }
        });
        // Each list's two parts (other entries, then tools) in runs of one
        // kind and one step, heaviest first; in a run, heaviest first, then
        // in content order.
        let kinds: Vec<u8> = (0..corpus.len()).map(|e| kind_rank(corpus, e)).collect();
        let mut runs: Vec<(u32, f32)> = Vec::new();
        let mut run_kind: Vec<u8> = Vec::new();
        let mut run_at = Vec::with_capacity(words + 1);
        let mut keys: Vec<u64> = Vec::new();
        run_at.push(0);
        for w in 0..words {
            let (a, b) = (at[w] as usize, at[w + 1] as usize);
            let from = a + postings[a..b].partition_point(|&e| !corpus.is_tool(e as usize));
            for (lo, hi) in [(a, from), (from, b)] {
                if lo == hi {
                    continue;
                }
                keys.clear();
                keys.extend((lo..hi).map(|k| {
                    let e = postings[k];
                    u64::from(kinds[e as usize]) << 40
                        | u64::from(u8::MAX - codes[k]) << 32
                        | u64::from(e)
                }));
                keys.sort_unstable();
                let mut run: Option<(u8, i32)> = None;
                for (k, &key) in (lo..hi).zip(&keys) {
                    let kind = (key >> 40) as u8;
                    let code = u8::MAX - (key >> 32) as u8;
                    postings[k] = key as u32;
                    codes[k] = code;
                    let weight = weights[code as usize];
                    let this = (kind, weight::step(weight));
                    if run != Some(this) {
                        if run.is_some() {
                            let last = runs.len() - 1;
                            runs[last].0 = u32_of(k);
                        }
                        runs.push((u32_of(hi), weight));
                        run_kind.push(kind);
                        run = Some(this);
                    }
                }
            }
            run_at.push(u32_of(runs.len()));
        }
        let (tagged, _, tagged_at) = lists(corpus.tool_count(), |_, f| {
            for i in 0..corpus.len() {
                for &t in corpus.tools_of(i) {
                    f(t, u32_of(i), ());
                }
            }
        });
        let tagged_len = |t: u32| (tagged_at[t as usize + 1] - tagged_at[t as usize]) as usize;
        let mut run_tagged = vec![0u32; runs.len()];
        for w in 0..words {
            let mut start = at[w] as usize;
            for k in run_at[w] as usize..run_at[w + 1] as usize {
                let end = runs[k].0 as usize;
                let run = &postings[start..end];
                if run.first().is_some_and(|&e| corpus.is_tool(e as usize)) {
                    let n: usize = run
                        .iter()
                        .flat_map(|&e| corpus.tools_of(e as usize))
                        .map(|&t| tagged_len(t))
                        .sum();
                    run_tagged[k] = u32_of(n);
                }
                start = end;
            }
        }
        Index {
            ident: corpus.ident(),
            entries: corpus.len(),
            postings,
            at,
            codes,
            weights,
            runs,
            run_kind,
            run_at,
            run_tagged,
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
            + self.weights.capacity()
            + 2 * self.runs.capacity()
            + self.run_at.capacity()
            + self.run_tagged.capacity() * 4
            + self.tagged.capacity()
            + self.tagged_at.capacity())
            + self.codes.capacity()
            + self.run_kind.capacity()
    }

    /// Word `w`'s runs: (heaviest weight, kind, entries, their weights'
    /// codes).
    fn runs(&self, w: u32) -> impl Iterator<Item = (f32, u8, &[u32], &[u8])> + '_ {
        let w = w as usize;
        let mut start = self.at[w] as usize;
        let (a, b) = (self.run_at[w] as usize, self.run_at[w + 1] as usize);
        self.runs[a..b]
            .iter()
            .zip(&self.run_kind[a..b])
            .map(move |(&(end, top), &kind)| {
                let range = start..end as usize;
                start = end as usize;
                (top, kind, &self.postings[range.clone()], &self.codes[range])
            })
    }

    /// Word `w`'s runs weighed without reading them: (heaviest weight,
    /// whether they are tool entries, `run_tagged`).
    fn run_sizes(&self, w: u32) -> impl Iterator<Item = (f32, bool, usize)> + '_ {
        let w = w as usize;
        let (a, b) = (self.run_at[w] as usize, self.run_at[w + 1] as usize);
        // A run of kind 1 is of tool entries (see `kind_rank`).
        (a..b).map(move |k| {
            (
                self.runs[k].1,
                self.run_kind[k] == 1,
                self.run_tagged[k] as usize,
            )
        })
    }

    /// The weight a posting's code stands for (at least its own).
    pub(super) fn weight(&self, code: u8) -> f32 {
        self.weights[code as usize]
    }

    fn list_len(&self, w: u32) -> usize {
        let w = w as usize;
        (self.at[w + 1] - self.at[w]) as usize
    }

    fn tagged(&self, t: u32) -> &[u32] {
        let t = t as usize;
        match (self.tagged_at.get(t), self.tagged_at.get(t + 1)) {
            (Some(&a), Some(&b)) => &self.tagged[a as usize..b as usize],
            _ => &[],
        }
    }

    /// What [`Index::group`] would give, without making the lists: at
    /// least their total length (a tool brought by several words counts
    /// each time) and at least the best each kind of list allows, as
    /// `Chosen::tops` (a tool's tagged duties counted as if it had some).
    /// Most groups of a query are only weighed, not read: one is read and
    /// a few are marked.
    fn group_estimate(&self, plan: &Plan, g: usize) -> (usize, [f32; 2]) {
        let mut size = 0;
        let mut top = [0.0f32; 2];
        let mut raise = |k: usize, q: f32| top[k] = top[k].max(q);
        for need in plan.needed_words(g, |w| self.list_len(w)) {
            size += self.list_len(need.word);
            for (weight, tool, tagged) in self.run_sizes(need.word) {
                let quality = need.bound(weight);
                raise(usize::from(tool), quality);
                if tool {
                    raise(0, TAG * quality);
                    raise(1, TAG * quality);
                    size += tagged;
                }
            }
        }
        for (t, q) in plan.tools_of(g) {
            let most = q * weight::MAX;
            raise(0, TAG * most);
            raise(1, most);
            size += self.tagged(t).len();
        }
        (size, top)
    }

    /// Group `g`'s lists, each with a bound on how well the group can
    /// match its entries (see [`Bounded`]), and their total length.
    ///
    /// The duties tagged with the tools a group's words bring are gathered
    /// into `pool`, one list per quality for all those tools together (a
    /// short prefix or a common word brings thousands of tools, each with a
    /// handful of duties: a list each cost more to make, sort and read than
    /// the entries in them). Their entries are returned as ranges of the
    /// pool, by index into the lists, for [`Index::bounded`] to lend once
    /// the pool is complete.
    fn group<'a>(
        &'a self,
        corpus: &Corpus,
        plan: &Plan,
        g: usize,
        pool: &mut Vec<u32>,
    ) -> GroupLists<'a> {
        let mut out: Vec<Bounded> = Vec::new();
        let mut pooled: Vec<(usize, Range<usize>)> = Vec::new();
        // A tool holding the words brings the duties tagged with it; they
        // earn at most a tag's share of the tool's best word.
        let mut tools: Vec<(u32, f32)> = Vec::new();
        let mut size = 0;
        let group = &plan.query().groups[g];
        // A word no phrase standing for the group has: its entries match
        // by the group's own words or not at all (in this list).
        let literal_only = |w: u32| {
            group.literal.len() > 1
                && !group
                    .alts
                    .iter()
                    .any(|a| a.words.iter().flatten().any(|&(x, _)| x == w))
        };
        for need in plan.needed_words(g, |w| self.list_len(w)) {
            size += self.list_len(need.word);
            let literal = literal_only(need.word);
            for (top, kind, run, codes) in self.runs(need.word) {
                let tool = run.first().is_some_and(|&e| corpus.is_tool(e as usize));
                let quality = need.bound(top);
                if tool {
                    tools.extend(
                        run.iter()
                            .flat_map(|&e| corpus.tools_of(e as usize))
                            .map(|&t| (t, quality)),
                    );
                }
                out.push(Bounded {
                    quality,
                    tagged: false,
                    tools: tool,
                    entries: run,
                    kind,
                    each: Some((need, codes)),
                    literal,
                });
            }
        }
        // Tool entries come last in a tool's tagged list (ids from
        // `tool_start`): they are apart, as they may earn the own-name
        // bonus. Only duties are tagged, besides the tools themselves.
        let split = |l: &'a [u32]| {
            let from = l.partition_point(|&e| !corpus.is_tool(e as usize));
            l.split_at(from)
        };
        let list = |quality, tagged, tools, entries, kind| Bounded {
            quality,
            tagged,
            tools,
            entries,
            kind,
            each: None,
            literal: false,
        };
        for (t, q) in plan.tools_of(g) {
            // A named tool: its own entry at most its quality at the
            // heaviest weight, a duty tagged with it a tag's share of that.
            let most = q * weight::MAX;
            let l = self.tagged(t);
            size += l.len();
            let (duties, own) = split(l);
            for (tagged, tools, entries, kind) in [(true, false, duties, 0), (false, true, own, 1)]
            {
                if !entries.is_empty() {
                    out.push(list(most, tagged, tools, entries, kind));
                }
            }
        }
        // Each tool once, at its best quality; then the tools of one
        // quality together, duties and tool entries apart. The qualities
        // are the runs' (a few), so the tools are bucketed by them rather
        // than sorted (tens of thousands at 1000x).
        let mut levels: Vec<f32> = tools.iter().map(|t| t.1).collect();
        levels.sort_unstable_by(|a, b| b.total_cmp(a));
        levels.dedup();
        let mut best = vec![u16::MAX; corpus.tool_count()];
        let mut first: Vec<u32> = Vec::new();
        for &(t, q) in &tools {
            let level = u16::try_from(levels.partition_point(|&l| l > q)).unwrap_or(u16::MAX);
            let b = &mut best[t as usize];
            if *b == u16::MAX {
                first.push(t);
            }
            *b = (*b).min(level);
        }
        let mut by_level: Vec<Vec<u32>> = vec![Vec::new(); levels.len()];
        for &t in &first {
            by_level[best[t as usize] as usize].push(t);
        }
        for (same, &q) in by_level.iter().zip(&levels) {
            if same.is_empty() {
                continue;
            }
            let mut own_at = Vec::with_capacity(same.len());
            let start = pool.len();
            for &t in same {
                let l = self.tagged(t);
                size += l.len();
                let (duties, own) = split(l);
                pool.extend_from_slice(duties);
                own_at.push(own);
            }
            let mid = pool.len();
            own_at.iter().for_each(|own| pool.extend_from_slice(own));
            for (tools, range, kind) in [(false, start..mid, 0), (true, mid..pool.len(), 1)] {
                if !range.is_empty() {
                    pooled.push((out.len(), range));
                    out.push(list(q, true, tools, &[], kind));
                }
            }
        }
        (size, out, pooled)
    }

    /// The entries holding a word of each of group `g`'s own words, when
    /// the lists only they explain are long enough to be worth it, and
    /// marking costs not much more than scoring them would.
    fn literal_bits(
        &self,
        corpus: &Corpus,
        plan: &Plan,
        g: usize,
        lists: &[Bounded<'_>],
    ) -> Option<(Vec<u64>, Vec<f32>)> {
        let explained: usize = lists
            .iter()
            .filter(|l| l.literal)
            .map(|l| l.entries.len())
            .sum();
        let group = &plan.query().groups[g];
        let cost: usize = group
            .literal
            .iter()
            .flatten()
            .map(|&(w, _)| self.list_len(w))
            .sum();
        if explained < LITERAL_MIN || cost > explained.saturating_mul(HOLDING_RATIO) {
            return None;
        }
        let mut all: Option<Vec<u64>> = None;
        // Per entry, each word's best match (quality times weight), their
        // least and, apart, their sum. The first word's best goes straight
        // into the least (0 where it is missing, as for every later word).
        let apart = !group.tight;
        let mut least = vec![0.0f32; corpus.len()];
        let mut sum = if apart {
            vec![0.0f32; corpus.len()]
        } else {
            Vec::new()
        };
        let mut next = Vec::new();
        for (k, set) in group.literal.iter().enumerate() {
            let mut bits = vec![0u64; corpus.len().div_ceil(64)];
            let best = if k == 0 {
                &mut least
            } else {
                next.clear();
                next.resize(corpus.len(), 0.0f32);
                &mut next
            };
            for &(w, q) in set {
                let w = w as usize;
                let (a, b) = (self.at[w] as usize, self.at[w + 1] as usize);
                for (&e, &code) in self.postings[a..b].iter().zip(&self.codes[a..b]) {
                    bits[e as usize / 64] |= 1 << (e % 64);
                    let m = &mut best[e as usize];
                    *m = m.max(q * self.weight(code));
                }
            }
            if apart {
                sum.iter_mut().zip(best.iter()).for_each(|(s, &b)| *s += b);
            }
            if k > 0 {
                least
                    .iter_mut()
                    .zip(&next)
                    .for_each(|(l, &b)| *l = l.min(b));
            }
            all = Some(match all {
                None => bits,
                Some(mut a) => {
                    a.iter_mut().zip(&bits).for_each(|(x, y)| *x &= y);
                    a
                }
            });
        }
        // Side by side, the words score their least; apart (when they may),
        // `APART` times their mean.
        if apart {
            let k = group.literal.len() as f32;
            least
                .iter_mut()
                .zip(&sum)
                .for_each(|(l, &s)| *l = l.max(weight::APART * s / k));
        }
        all.map(|bits| (bits, least))
    }

    /// The lists of the required group with the fewest postings (its
    /// index in the query, and the lists): every entry that may match all
    /// required groups is in one of them. With more than one required
    /// group, also the entries that hold every other one (a bit each), so
    /// that the rest are never scored.
    ///
    /// `pool` holds the entries of the lists gathered from many tools
    /// (see [`Index::group`]); it is the caller's, so that the lists may
    /// borrow it.
    pub(super) fn bounded<'a>(
        &'a self,
        corpus: &Corpus,
        plan: &Plan,
        pool: &'a mut Vec<u32>,
    ) -> Option<Chosen<'a>> {
        let q = plan.query();
        let weighed: Vec<(usize, usize, [f32; 2])> = (0..q.groups.len())
            .filter(|&g| !q.groups[g].optional)
            .map(|g| {
                let (size, top) = self.group_estimate(plan, g);
                (g, size, top)
            })
            .collect();
        let &(group, size, _) = weighed.iter().min_by_key(|&&(g, size, _)| (size, g))?;
        // Setting bits costs a fraction of scoring an entry: worth it for
        // groups not much bigger than the chosen one.
        let marked = |g: usize, s: usize| g != group && s <= size.saturating_mul(HOLDING_RATIO);
        pool.clear();
        let mut built = Vec::new();
        for &(g, s, _) in &weighed {
            if g == group || marked(g, s) {
                built.push((g, self.group(corpus, plan, g, pool)));
            }
        }
        let pool: &'a [u32] = pool;
        let mut tops = vec![None; q.groups.len()];
        for &(g, _, top) in &weighed {
            tops[g] = Some(top);
        }
        let mut lists = Vec::new();
        let mut small: Vec<(usize, Vec<Bounded>)> = Vec::new();
        for (g, (_, mut these, pooled)) in built {
            for (k, range) in pooled {
                these[k].entries = &pool[range];
            }
            // A built group's own lists bound it more tightly.
            let top = |tools: bool| {
                these
                    .iter()
                    .filter(|l| l.tools == tools)
                    .map(|l| if l.tagged { TAG * l.quality } else { l.quality })
                    .fold(0.0f32, f32::max)
            };
            tops[g] = Some([top(false), top(true)]);
            if g == group {
                lists = these;
            } else {
                small.push((g, these));
            }
        }
        let mut others: Vec<(usize, Vec<f32>)> = Vec::new();
        let holding = (!small.is_empty()).then(|| {
            let mut all: Option<Vec<u64>> = None;
            for (g, lists) in &small {
                let mut bits = vec![0u64; corpus.len().div_ceil(64)];
                let mut most = vec![0.0f32; corpus.len()];
                for l in lists {
                    for (k, &e) in l.entries.iter().enumerate() {
                        bits[e as usize / 64] |= 1 << (e % 64);
                        let q = l.quality_at(self, k);
                        let m = &mut most[e as usize];
                        *m = m.max(q);
                    }
                }
                others.push((*g, most));
                all = Some(match all {
                    None => bits,
                    Some(mut a) => {
                        a.iter_mut().zip(&bits).for_each(|(x, y)| *x &= y);
                        a
                    }
                });
            }
            all.unwrap_or_default()
        });
        let (literal, literal_most) = self.literal_bits(corpus, plan, group, &lists).unzip();
        Some(Chosen {
            group,
            lists,
            holding,
            others,
            literal,
            literal_most,
            tops,
        })
    }
}

/// A group's lists and their total length, with the lists whose entries
/// are ranges of the pool (by index into the lists).
type GroupLists<'a> = (usize, Vec<Bounded<'a>>, Vec<(usize, Range<usize>)>);

/// Another required group's entries are marked only when it has at most
/// this many times the chosen group's postings.
const HOLDING_RATIO: usize = 16;

/// The group's own words are marked only when the lists they alone
/// explain hold at least this many entries (a few in tests, so that the
/// comparisons with a scan at 1x and 12x go through the marks).
const LITERAL_MIN: usize = if cfg!(test) { 16 } else { 4096 };

/// What the index hands the ranking for one query.
pub(super) struct Chosen<'a> {
    pub group: usize,
    pub lists: Vec<Bounded<'a>>,
    /// With several required groups: a bit per entry, set when the entry
    /// is in some list of every other (not too big) required group.
    pub holding: Option<Vec<u64>>,
    /// For each of those groups (by its index in the query): per entry,
    /// the best the group can match it (as [`Chosen::tops`], from each
    /// list's own bound for the entry; 0 where no list holds it). An
    /// entry holding both groups' words far below their best is then
    /// bounded by what it holds, not by the best anywhere.
    pub others: Vec<(usize, Vec<f32>)>,
    /// For the chosen group, when its own words' lists are long: a bit
    /// per entry holding one of each of its words.
    pub literal: Option<Vec<u64>>,
    /// With those bits: per entry, the most the group's own words score
    /// in it (each word's best quality times its weight there: their
    /// least side by side, or `APART` times their mean apart), what a
    /// `literal` list's entry matches by.
    pub literal_most: Option<Vec<f32>>,
    /// Per group of the query: the best any of its lists allows
    /// (`Bounded::quality`, times a tag's share for tagged lists), among
    /// lists of other entries and among lists of tools; `None` for an
    /// optional group (it has no lists).
    pub tops: Vec<Option<[f32; 2]>>,
}

impl Chosen<'_> {
    /// Whether entry `e` of a `literal` list may match through it.
    pub fn holds_literal(&self, e: u32) -> bool {
        self.literal
            .as_ref()
            .is_none_or(|b| b[e as usize / 64] & (1 << (e % 64)) != 0)
    }

    /// Whether entry `e` may match every other required group.
    pub fn may_match(&self, e: u32) -> bool {
        self.holding
            .as_ref()
            .is_none_or(|b| b[e as usize / 64] & (1 << (e % 64)) != 0)
    }
}

impl Bounded<'_> {
    /// The most entry `k` of this list lets the group match it, a tag's
    /// share included, before the group's weight.
    pub fn quality_at(&self, index: &Index, k: usize) -> f32 {
        let q = match self.each {
            Some((need, codes)) => need.bound(index.weight(codes[k])),
            None => self.quality,
        };
        if self.tagged { TAG * q } else { q }
    }
}

/// A run of a posting list with a bound: no entry of it matches the group
/// better than `quality` (a word's best quality for the group times the
/// run's heaviest weight, or a named tool's quality times the heaviest
/// weight), before the group's weight and, for `tagged`, a tag's share.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounded<'a> {
    pub quality: f32,
    /// Duties tagged with a tool holding the words: they earn through
    /// the tag only.
    pub tagged: bool,
    /// Tool entries (else none).
    pub tools: bool,
    pub entries: &'a [u32],
    /// The entries' kind, as ranked on a tie ([`kind_rank`]).
    pub kind: u8,
    /// For a word's run: the word and its entries' weights (codes for
    /// [`Index::weight`]), heaviest first, so that an entry's own bound
    /// is `word.bound(weight)` in place of the run's heaviest.
    pub each: Option<(Needed, &'a [u8])>,
    /// The list of a word only the group's own words have, the group
    /// having several: its entries lacking one of them match (if at all)
    /// through another list ([`Chosen::holds_literal`]).
    pub literal: bool,
}
