//! Scoring entries against a compiled query, the cut-off, and merging
//! identical texts.
//!
//! A group's score in an entry is its weight (BM25's inverse document
//! frequency) times the best of its matches, each the match's quality (1
//! for the word itself, less for a prefix, a typo or a synonym) times its
//! field's weight: the text shown, above a tool's aliases, above a duty's
//! tool tags, above a tool's description. The text's weight falls a little
//! with its length, as in BM25. Groups matching next to each other, in
//! order, earn a bonus, and so does a tool whose own name or alias the
//! query is. Hits below [`CUT_OFF`] of the best are dropped; equal scores
//! go by kind (duty, tool, question, origin), then content order.

use super::index::{Bounded, Chosen, Index};
pub use super::page::CUT_OFF;
use super::page::{NO_VIA, Scored, bucket, finish, first_want, kind_order, ordered};
use super::plan::{Plan, Slot};
use super::query::Query;
use super::{BREAK, Corpus, Field, Filter, Hit, tok_field, tok_joined, tok_upper, tok_word};

use super::weight::{self, APART};
pub use super::weight::{ALIAS, CATEGORY, DESC, TAG, TEXT};

/// Bonus for two groups matched side by side, in order (a share of the
/// smaller of the two), and for the query being a tool's own name.
const ADJACENT: f32 = 0.5;
const NEAR: f32 = 0.15;
const OWN_NAME: f32 = 0.6;
/// One word of an entry that counts for some group.
#[derive(Debug, Clone, Copy)]
struct Mark {
    slot: Slot,
    pos: u32,
    field: Field,
}

/// What scoring found in one entry, for the hit's details.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub score: f32,
    /// The score without bonuses: what the cut-off compares.
    pub base: f32,
    /// A tool through whose tag a group matched when nothing else did.
    pub via: Option<usize>,
}

impl Scored {
    pub(super) fn new(f: &Found, entry: u32, kind: u8) -> Scored {
        Scored {
            score: f.score,
            base: f.base,
            entry,
            via: f.via.map_or(NO_VIA, |v| v as u32),
            kind,
        }
    }
}

/// Reused buffers for scoring.
#[derive(Default)]
pub(crate) struct Scratch {
    marks: Vec<Mark>,
    best: Vec<f32>,
    /// Per group: position (in the text) of its best literal match.
    at: Vec<Option<(u32, Field)>>,
    via: Vec<Option<usize>>,
    /// Per group: whether the entry's own words (its text, or a tool's
    /// names) match it; a tag is "via" only when they do not.
    own: Vec<bool>,
    /// Per tool met so far: each group's best match among the tool's own
    /// words (name, aliases, description, category), what a duty tagged
    /// with it earns through the tag.
    tool_best: Vec<f32>,
    tool_known: Vec<bool>,
    /// The alternatives met in an entry (kept for its allocation).
    alts: Vec<u16>,
    /// Scratch for scoring a tool's own words (kept likewise).
    inner: Option<Box<Scratch>>,
}

/// Each group's best match among tool `t`'s own words, memoised in
/// `s.tool_best[t * groups..]`.
fn tool_best(corpus: &Corpus, plan: &Plan, t: u32, s: &mut Scratch) {
    let n = plan.q.groups.len();
    let t = t as usize;
    if s.tool_known.len() < corpus.tool_count() {
        s.tool_known = vec![false; corpus.tool_count()];
        s.tool_best = vec![0.0; corpus.tool_count() * n];
    }
    if !s.tool_known[t] {
        let mut inner = s.inner.take().unwrap_or_default();
        own_words(corpus, plan, corpus.tool_entry(t), &mut inner, false);
        s.tool_best[t * n..(t + 1) * n].copy_from_slice(&inner.best);
        s.tool_known[t] = true;
        s.inner = Some(inner);
    }
}

/// The score of entry `i`, or `None` when a required group does not match.
pub(crate) fn score(corpus: &Corpus, plan: &Plan, i: usize, s: &mut Scratch) -> Option<Found> {
    let own_name = own_words(corpus, plan, i, s, true);
    let groups = &plan.q.groups;
    let n = groups.len();
    // Through the tags: a duty earns a share of what its tools' own words
    // score ("ci" finds the duties tagged with CI/CD tools), which can
    // only matter to a group its own words match less well than that.
    if !corpus.is_tool(i) && (0..n).any(|g| s.best[g] < plan.tag_most[g]) {
        for &t in corpus.tools_of(i) {
            tool_best(corpus, plan, t, s);
            let at = t as usize * n;
            for g in 0..n {
                let v = TAG * s.tool_best[at + g];
                if v > s.best[g] {
                    s.best[g] = v;
                    s.at[g] = None;
                    s.via[g] = Some(t as usize);
                }
            }
        }
    }
    if groups
        .iter()
        .enumerate()
        .any(|(g, group)| s.best[g] == 0.0 && !group.optional)
    {
        return None;
    }
    for (b, group) in s.best.iter_mut().zip(groups) {
        *b *= group.weight;
    }
    score_rest(corpus, plan, own_name, s)
}

/// Each group's best match among entry `i`'s own words (and, for a tool
/// named by the query, itself), unweighted, into `s.best`; returns the
/// tool's own-name score. `tags`: whether the query's named tools count
/// for a duty tagged with them (not when scoring a tool for a tag).
fn own_words(corpus: &Corpus, plan: &Plan, i: usize, s: &mut Scratch, tags: bool) -> f32 {
    let groups = &plan.q.groups;
    let n = groups.len();
    s.marks.clear();
    s.best.clear();
    s.best.resize(n, 0.0);
    s.at.clear();
    s.at.resize(n, None);
    s.via.clear();
    s.via.resize(n, None);
    s.own.clear();
    s.own.resize(n, false);
    let toks = corpus.toks(i);
    let mut pos = 0u32;
    let mut text_len = 0u32;
    for &t in toks {
        let w = tok_word(t);
        let joined = tok_joined(t);
        let field = tok_field(t);
        if !joined {
            pos += 1;
            if field == Field::Text && w != BREAK {
                text_len += 1;
            }
        }
        if w == BREAK {
            continue;
        }
        if plan.counts(w) {
            for &slot in plan.slots_of(w) {
                if slot.proper && field == Field::Text && !tok_upper(t) {
                    continue;
                }
                s.marks.push(Mark {
                    slot,
                    // A joined pair sits where its first part does.
                    pos: if joined { pos - 1 } else { pos },
                    field,
                });
            }
        }
    }
    let norm = weight::length_norm(text_len, corpus.mean_text_words);
    let fw = |f: Field| weight::of(f, norm);
    let mut own_name = 0.0f32;
    for (g, group) in groups.iter().enumerate() {
        let mut best = 0.0f32;
        // The group's own words: each must match; the group scores their
        // mean.
        let k = group.literal.len();
        if k == 1 {
            for m in s
                .marks
                .iter()
                .filter(|m| m.slot.group as usize == g && m.slot.alt == 0)
            {
                let v = m.slot.quality * fw(m.field);
                if v > best {
                    best = v;
                    s.at[g] = Some((m.pos, m.field));
                }
            }
        } else if k > 1 {
            // Side by side in order, they are the phrase; apart, they count
            // less, and not at all for a split word.
            best = phrase(&s.marks, g, 0, k, &fw).unwrap_or(0.0);
            if best == 0.0 && !group.tight {
                let mut sum = 0.0;
                let mut all = true;
                for word in 0..k {
                    let b = s
                        .marks
                        .iter()
                        .filter(|m| {
                            m.slot.group as usize == g
                                && m.slot.alt == 0
                                && m.slot.word as usize == word
                        })
                        .map(|m| m.slot.quality * fw(m.field))
                        .fold(0.0f32, f32::max);
                    all &= b > 0.0;
                    sum += b;
                }
                if all {
                    best = APART * sum / k as f32;
                }
            }
        }
        // Phrases standing for the group: adjacent, in order, one field.
        // (Only the alternatives whose first word is in the entry: a
        // group may have thousands.)
        let mut alts = std::mem::take(&mut s.alts);
        alts.clear();
        alts.extend(
            s.marks
                .iter()
                .filter(|m| m.slot.group as usize == g && m.slot.alt > 0 && m.slot.word == 0)
                .map(|m| m.slot.alt),
        );
        alts.sort_unstable();
        alts.dedup();
        for &a in &alts {
            let len = group.alts[a as usize - 1].words.len();
            if let Some(v) = phrase(&s.marks, g, a as usize, len, &fw)
                && v > best
            {
                best = v;
                s.at[g] = None;
            }
        }
        s.alts = alts;
        s.own[g] = best > 0.0;
        // Tools the group names: the tool itself, and duties tagged with it.
        if !plan.tools[g].is_empty() {
            let own = corpus.is_tool(i);
            for &t in corpus.tools_of(i) {
                if let Some(&q) = plan.tools[g].get(&t) {
                    if own {
                        let v = q * fw(Field::Text);
                        own_name = own_name.max(v * group.weight);
                        best = best.max(v);
                    } else if tags && q * TAG > best {
                        best = q * TAG;
                        s.via[g] = Some(t as usize);
                    }
                }
            }
        }
        s.best[g] = best;
    }
    own_name
}

/// Bonuses on the weighted group scores in `s.best`.
fn score_rest(corpus: &Corpus, plan: &Plan, own_name: f32, s: &mut Scratch) -> Option<Found> {
    let _ = corpus;
    let groups = &plan.q.groups;
    let n = groups.len();
    let base: f32 = s.best.iter().sum();
    let mut total = base;
    // Groups side by side in the text, in order.
    for g in 1..n {
        if let (Some((p, f)), Some((q, h))) = (s.at[g - 1], s.at[g]) {
            let share = s.best[g - 1].min(s.best[g]);
            if f == h && q == p + 1 {
                total += ADJACENT * share;
            } else if f == h && q > p && q <= p + 3 {
                total += NEAR * share;
            }
        }
    }
    total += OWN_NAME * own_name;
    // A tag is "via" only when the entry's own words do not match the
    // group: a duty that names Kubernetes is not found "via Kubernetes",
    // even where its tag scores higher than its long text does.
    let via = (0..n).find_map(|g| s.via[g].filter(|_| !s.own[g]));
    Some(Found {
        score: total,
        base,
        via,
    })
}

/// The best score of alternative `alt` of group `g` as a phrase: its
/// `len` words at consecutive positions of one field.
fn phrase(
    marks: &[Mark],
    g: usize,
    alt: usize,
    len: usize,
    fw: &dyn Fn(Field) -> f32,
) -> Option<f32> {
    let of = |m: &&Mark| m.slot.group as usize == g && m.slot.alt as usize == alt;
    let mut best: Option<f32> = None;
    for m in marks.iter().filter(of).filter(|m| m.slot.word == 0) {
        let mut q = m.slot.quality;
        for word in 1..len {
            let next = marks
                .iter()
                .filter(of)
                .filter(|x| {
                    x.slot.word as usize == word
                        && x.pos == m.pos + word as u32
                        && x.field == m.field
                })
                .map(|x| x.slot.quality)
                .fold(0.0f32, f32::max);
            q = q.min(next);
            if q == 0.0 {
                break;
            }
        }
        if q > 0.0 {
            let v = q * fw(m.field);
            best = Some(best.map_or(v, |b: f32| b.max(v)));
        }
    }
    best
}

/// The best `limit` real hits of `q`, best first, cut off and merged.
pub(crate) fn run(
    corpus: &Corpus,
    index: Option<&Index>,
    q: &Query,
    filter: Filter,
    limit: usize,
) -> Vec<Hit> {
    if q.unmatched() {
        return Vec::new();
    }
    let plan = Plan::new(corpus, q);
    if let Some(x) = index {
        return run_bounded(corpus, x, &plan, filter, limit);
    }
    let mut scratch = Scratch::default();
    let mut scored: Vec<Scored> = Vec::new();
    // Without postings every entry is looked at; most share no word with
    // the query, and saying so is a fraction of what scoring them costs.
    let required = plan.q.groups.iter().any(|g| !g.optional);
    for i in 0..corpus.len() {
        if required && !may_match(corpus, &plan, i, &mut scratch) {
            continue;
        }
        if filter.accepts(corpus, i)
            && let Some(f) = score(corpus, &plan, i, &mut scratch)
        {
            let kind = kind_order(corpus.entries[i].target.kind());
            scored.push(Scored::new(&f, i as u32, kind));
        }
    }
    finish(corpus, &scored, limit, &|_| true).unwrap_or_default()
}

/// Whether entry `i` can match any group at all: one of its own words
/// counts, it is a tool the query names, or it is tagged with a tool that
/// matches. When not, [`score`] finds every group empty and, a group
/// being required, returns `None`.
fn may_match(corpus: &Corpus, plan: &Plan, i: usize, s: &mut Scratch) -> bool {
    if corpus.toks(i).iter().any(|&t| plan.counts(tok_word(t))) {
        return true;
    }
    let named = |t: &u32| plan.tools.iter().any(|m| m.contains_key(t));
    if corpus.is_tool(i) {
        return corpus.tools_of(i).iter().any(named);
    }
    let n = plan.q.groups.len();
    corpus.tools_of(i).iter().any(|&t| {
        tool_best(corpus, plan, t, s);
        let at = t as usize * n;
        named(&t) || s.tool_best[at..at + n].iter().any(|&b| b > 0.0)
    })
}

/// The widest a field weighs (the shortest text's), and the most bonuses
/// add: adjacency at most half the groups' scores again, the own name
/// `OWN_NAME` of them (tools only). Bounds, never estimates.
const MAX_FIELD: f32 = weight::MAX;

/// What bounds an entry's score, given how well the chosen group can
/// match it: the other groups at their best.
struct Bounds {
    chosen: usize,
    /// Per group: weighted, the best any of its lists allows (others,
    /// tools).
    tops: Vec<[f32; 2]>,
    chosen_weight: f32,
    /// Each group's weight.
    weights: Vec<f32>,
    /// The most a tool's own name can score (weighted): nothing when no
    /// group names a tool.
    own_name: f32,
}

impl Bounds {
    fn new(plan: &Plan, found: &Chosen<'_>) -> Bounds {
        let groups = &plan.q.groups;
        // What each group can add at most (its best list, or for a group
        // with no lists, its best word at the heaviest weight), weighted.
        // Apart for tool entries and the others: a duty matches another
        // group only through that group's lists of duties.
        let tops = (0..groups.len())
            .map(|g| {
                let q = found.tops[g].unwrap_or_else(|| [plan.best_quality(g) * MAX_FIELD; 2]);
                q.map(|q| groups[g].weight * q)
            })
            .collect();
        let own_name = (0..groups.len())
            .map(|g| {
                let q = plan.tools[g].values().copied().fold(0.0f32, f32::max);
                groups[g].weight * q * MAX_FIELD
            })
            .fold(0.0f32, f32::max);
        Bounds {
            chosen: found.group,
            tops,
            chosen_weight: groups[found.group].weight,
            weights: groups.iter().map(|g| g.weight).collect(),
            own_name,
        }
    }

    /// A bound on the score of an entry the chosen group matches at most
    /// `c` (weighted): every group at its best, adjacency at most half
    /// the smaller of each pair, a tool's own name `OWN_NAME` of its best
    /// group.
    fn of(&self, c: f32, tools: bool) -> f32 {
        self.of_with(c, tools, |_| None)
    }

    /// As [`Bounds::of`], for entry `e`: the groups of `found.others` at
    /// most what their lists allow in it.
    fn of_entry(&self, c: f32, tools: bool, found: &Chosen<'_>, e: u32) -> f32 {
        self.of_with(c, tools, |g| {
            found
                .others
                .iter()
                .find(|(h, _)| *h == g)
                .map(|(_, most)| self.weights[g] * most[e as usize])
        })
    }

    fn of_with(&self, c: f32, tools: bool, other: impl Fn(usize) -> Option<f32>) -> f32 {
        let n = self.tops.len();
        let b = |g: usize| {
            if g == self.chosen {
                c
            } else {
                other(g).unwrap_or(self.tops[g][usize::from(tools)])
            }
        };
        let base: f32 = (0..n).map(b).sum();
        let adjacent: f32 = (1..n).map(|g| ADJACENT * b(g - 1).min(b(g))).sum();
        // The own name scores in its group too: at most that group's best.
        let own = if tools {
            OWN_NAME * (0..n).map(b).fold(0.0f32, f32::max).min(self.own_name)
        } else {
            0.0
        };
        // A hair over, for float rounding in the scores it bounds.
        (base + adjacent + own) * (1.0 + 1e-5)
    }

    /// The chosen group's weighted most in list `l` for a match of
    /// quality `quality` (before the tag's share).
    fn chosen(&self, l: &Bounded<'_>, quality: f32) -> f32 {
        let share = if l.tagged { TAG } else { 1.0 };
        self.chosen_weight * share * quality
    }
}

/// Each list of `found` with a bound on the score of any entry of it
/// (`score`'s, bonuses included) that no list with a higher bound holds
/// (what reading stops by, per entry: see [`Source::bound_at`]).
#[cfg(test)]
pub(super) fn list_bounds<'a>(plan: &Plan, found: &Chosen<'a>) -> Vec<(f32, &'a [u32])> {
    let bounds = Bounds::new(plan, found);
    found
        .lists
        .iter()
        .map(|l| (bounds.of(bounds.chosen(l, l.quality), l.tools), l.entries))
        .collect()
}

/// A list being read: its bound, and how far it is read. Its entries go
/// heaviest first, so the next one's bound is a bound on all the rest.
struct Source<'a> {
    bound: f32,
    list: Bounded<'a>,
    read: usize,
}

impl Source<'_> {
    /// The bound on entry `k`'s score and those after it.
    fn bound_at(&self, k: usize, bounds: &Bounds, index: &Index) -> f32 {
        match self.list.each {
            Some(_) => bounds.of(self.chosen_at(k, bounds, index), self.list.tools),
            None => self.bound,
        }
    }

    /// The chosen group's most (weighted) in entry `k`.
    fn chosen_at(&self, k: usize, bounds: &Bounds, index: &Index) -> f32 {
        let quality = match self.list.each {
            Some((need, codes)) => need.bound(index.weight(codes[k])),
            None => self.list.quality,
        };
        bounds.chosen(&self.list, quality)
    }

    /// The bound on entry `k`'s own score, the other groups at most what
    /// their lists allow in it.
    fn entry_bound(&self, k: usize, bounds: &Bounds, index: &Index, found: &Chosen<'_>) -> f32 {
        let e = self.list.entries[k];
        let mut c = self.chosen_at(k, bounds, index);
        if self.list.literal
            && let Some(most) = &found.literal_most
        {
            c = c.min(bounds.chosen(&self.list, most[e as usize]));
        }
        bounds.of_entry(c, self.list.tools, found, e)
    }
}

/// The `want`-th of the scored hits passing the cut-off, in the order
/// `finish` gives: what an entry not scored must beat to matter.
#[derive(Debug, Clone, Copy)]
struct Kth {
    /// The best score (the steps count down from it) and the best base
    /// score (the cut-off's).
    top: f32,
    best_base: f32,
    step: i32,
    kind: u8,
    score: f32,
}

impl Kth {
    /// The `want`-th, when more than `want` pass the cut-off.
    fn of(scored: &[Scored], best_base: f32, want: usize) -> Option<Kth> {
        let bar = best_base * CUT_OFF;
        let passing = || scored.iter().filter(move |s| s.base >= bar);
        if want == 0 || passing().nth(want).is_none() {
            return None;
        }
        let top = passing().map(|s| s.score).fold(0.0, f32::max);
        let mut keys: Vec<(i32, u8, u32, u32)> = passing()
            .map(|s| {
                (
                    bucket(top, s.score),
                    s.kind,
                    u32::MAX - ordered(s.score),
                    s.entry,
                )
            })
            .collect();
        let (_, &mut (step, kind, score, _), _) = keys.select_nth_unstable(want - 1);
        let score = f32::from_bits(u32::MAX - score);
        Some(Kth {
            top,
            best_base,
            step,
            kind,
            score,
        })
    }

    /// Whether an entry of `kind` scoring at most `bound` may come before
    /// the `want`-th: a higher step, or the same step and a better kind,
    /// or the same kind and a score not below it (the content order
    /// decides a tie). It may also raise the cut-off when over the best
    /// base score.
    fn may_be_passed(kth: Option<&Kth>, bound: f32, kind: u8) -> bool {
        let Some(k) = kth else {
            return true;
        };
        if bound > k.best_base {
            return true;
        }
        let step = bucket(k.top, bound);
        step < k.step || (step == k.step && (kind < k.kind || (kind == k.kind && bound >= k.score)))
    }
}

/// `run` through postings, best lists first: each list, and each entry
/// in it, has a bound on its score; once a page's worth of hits is sure
/// to come before every entry left (see [`Kth::may_be_passed`]), those
/// are not read. The hits are the ones scoring every candidate gives.
fn run_bounded(
    corpus: &Corpus,
    index: &Index,
    plan: &Plan,
    filter: Filter,
    limit: usize,
) -> Vec<Hit> {
    let mut pool = Vec::new();
    let Some(found) = index.bounded(corpus, plan, &mut pool) else {
        return Vec::new();
    };
    let bounds = Bounds::new(plan, &found);
    let mut lists: Vec<Source> = found
        .lists
        .iter()
        .map(|&l| Source {
            bound: bounds.of(bounds.chosen(&l, l.quality), l.tools),
            list: l,
            read: 0,
        })
        .collect();
    // Lists best first, sorted a slice at a time: most searches read a
    // handful of the thousands a short prefix or a common tool brings.
    let mut sorted = 0;
    let mut order = |lists: &mut [Source], next: usize| {
        if next < sorted || next >= lists.len() {
            return;
        }
        let rest = &mut lists[next..];
        let k = rest.len().min((2 * sorted).max(64));
        let by = |a: &Source, b: &Source| b.bound.total_cmp(&a.bound);
        if k < rest.len() {
            rest.select_nth_unstable_by(k - 1, by);
        }
        rest[..k].sort_by(by);
        sorted = next + k;
    };
    let mut reader = Reader {
        corpus,
        index,
        plan,
        filter,
        bounds: &bounds,
        found: &found,
        seen: vec![0u64; corpus.len().div_ceil(64)],
        picked: Vec::with_capacity(BATCH),
        aside: Vec::new(),
        scratch: Scratch::default(),
        scored: Vec::new(),
        best_base: 0.0,
        touched: 0,
        want: first_want(limit),
        kth: None,
        refresh_at: 0,
    };
    // Lists left partly read: their next entry (and so all the rest)
    // could not come before the want-th when last looked at.
    let mut deferred: Vec<usize> = Vec::new();
    let mut next = 0;
    loop {
        let mut recheck = true;
        loop {
            reader.refresh();
            if recheck {
                // Anything deferred may come before a want-th that is
                // further down (more wanted) or counted from a new top.
                deferred.retain(|&d| !reader.read(&mut lists[d]));
                reader.rescue();
                recheck = false;
            }
            order(&mut lists, next);
            if next < lists.len() && Kth::may_be_passed(reader.kth.as_ref(), lists[next].bound, 0) {
                // The lists of one score step, then the want-th again.
                let step = weight::step(lists[next].bound);
                while next < lists.len() && weight::step(lists[next].bound) == step {
                    if !reader.read(&mut lists[next]) {
                        deferred.push(next);
                    }
                    next += 1;
                    order(&mut lists, next);
                }
                continue;
            }
            // The proof, with everything scored so far: no list not read
            // whole can come before the want-th.
            reader.refresh();
            let kth = reader.kth.as_ref();
            let left = |s: &Source| {
                Kth::may_be_passed(kth, s.bound_at(s.read, &bounds, index), s.list.kind)
            };
            if deferred.iter().any(|&d| left(&lists[d]))
                || (next < lists.len() && Kth::may_be_passed(kth, lists[next].bound, 0))
                || reader.aside_may_pass()
            {
                recheck = true;
                continue;
            }
            break;
        }
        std::hint::black_box(reader.touched);
        let all = next >= lists.len() && deferred.is_empty() && reader.aside.is_empty();
        let want = reader.want;
        let sure = |n: usize| all || n <= want;
        match finish(corpus, &reader.scored, limit, &sure) {
            Ok(hits) => return hits,
            Err(more) => reader.want = more,
        }
    }
}

/// What reading lists keeps: the entries scored, and what was seen.
struct Reader<'c, 'p, 'a> {
    corpus: &'c Corpus,
    index: &'c Index,
    plan: &'c Plan<'p>,
    filter: Filter,
    bounds: &'c Bounds,
    found: &'c Chosen<'a>,
    seen: Vec<u64>,
    picked: Vec<u32>,
    /// Entries not scored for their own bound (bound, entry, list kind).
    aside: Vec<(f32, u32, u8)>,
    scratch: Scratch,
    scored: Vec<Scored>,
    best_base: f32,
    touched: u32,
    /// How many hits must be sure, the want-th of those scored so far,
    /// and when it is looked for again (it costs a pass over the scored).
    want: usize,
    kth: Option<Kth>,
    refresh_at: usize,
}

impl Reader<'_, '_, '_> {
    /// The want-th of everything scored so far.
    fn refresh(&mut self) {
        self.kth = Kth::of(&self.scored, self.best_base, self.want);
        let n = self.scored.len();
        self.refresh_at = (n + n / 4).max(n + 256);
    }

    /// Reads `s` on from where it was left, while its entries may come
    /// before the want-th; whether it is read to its end.
    fn read(&mut self, s: &mut Source<'_>) -> bool {
        let list = s.list;
        let (corpus, found, filter) = (self.corpus, self.found, self.filter);
        while s.read < list.entries.len() {
            // A long list moves the want-th as it is read.
            if self.scored.len() >= self.refresh_at {
                self.refresh();
            }
            let kth = self.kth.as_ref();
            if !Kth::may_be_passed(kth, s.bound_at(s.read, self.bounds, self.index), list.kind) {
                return false;
            }
            // A batch of entries whose bound may still matter (the bound
            // only falls along a list), then a load of each one's words
            // and tags in a tight loop, so that their cache misses are
            // waited for together rather than one after another.
            let end = (s.read + BATCH).min(list.entries.len());
            let mut upto = end;
            if list.each.is_some() {
                let last = end - 1;
                if !Kth::may_be_passed(kth, s.bound_at(last, self.bounds, self.index), list.kind) {
                    upto = (s.read + 1..end)
                        .find(|&k| {
                            !Kth::may_be_passed(
                                kth,
                                s.bound_at(k, self.bounds, self.index),
                                list.kind,
                            )
                        })
                        .unwrap_or(end);
                }
            }
            self.picked.clear();
            // With other groups' own bounds per entry, an entry holding
            // their words far below their best is put aside (not seen:
            // another list may bound it higher), looked at again before
            // the page is returned. Before there is a want-th, so is an
            // entry bounded well below its list: scored first, the
            // entries that may reach the page make the want-th sooner,
            // and the rest are scored best bound first only while they
            // may still pass it (`rescue`).
            let own = !found.others.is_empty() || (list.literal && found.literal_most.is_some());
            for (at, &e) in (s.read..upto).zip(&list.entries[s.read..upto]) {
                // Not marked seen: it may match through another list.
                if list.literal && !found.holds_literal(e) {
                    continue;
                }
                let (k, bit) = (e as usize / 64, 1u64 << (e % 64));
                if self.seen[k] & bit != 0 {
                    continue;
                }
                if !found.may_match(e) || !filter.accepts(corpus, e as usize) {
                    self.seen[k] |= bit;
                    continue;
                }
                if own {
                    let b = s.entry_bound(at, self.bounds, self.index, found);
                    let behind = kth.is_none() && b < AHEAD * s.bound;
                    if behind || !Kth::may_be_passed(kth, b, list.kind) {
                        self.aside.push((b, e, list.kind));
                        continue;
                    }
                }
                self.seen[k] |= bit;
                self.picked.push(e);
            }
            s.read = upto;
            self.score_picked(list.kind);
        }
        true
    }

    /// Scores the entries put aside that may now come before the
    /// want-th (and not scored since); whether there were any.
    ///
    /// Best bound first, the want-th looked for again as they are scored
    /// (as when reading a list), so that once it is made, those that
    /// cannot pass it stay aside unscored.
    fn rescue(&mut self) -> bool {
        let mut aside = std::mem::take(&mut self.aside);
        let before = aside.len();
        aside.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
        let mut kept = Vec::with_capacity(aside.len());
        // Scored a batch of one kind at a time, as lists are read, so that
        // their words' cache misses overlap (one at a time, they were a
        // sixth of a two-word search at 1000x).
        self.picked.clear();
        let mut kind_of_picked = 0;
        for (b, e, kind) in aside {
            if self.picked.len() >= BATCH || (!self.picked.is_empty() && kind != kind_of_picked) {
                self.score_picked(kind_of_picked);
                self.picked.clear();
            }
            if self.scored.len() >= self.refresh_at {
                self.refresh();
            }
            if !Kth::may_be_passed(self.kth.as_ref(), b, kind) {
                kept.push((b, e, kind));
                continue;
            }
            let (k, bit) = (e as usize / 64, 1u64 << (e % 64));
            if self.seen[k] & bit == 0 {
                self.seen[k] |= bit;
                self.picked.push(e);
                kind_of_picked = kind;
            }
        }
        if !self.picked.is_empty() {
            self.score_picked(kind_of_picked);
            self.picked.clear();
        }
        self.aside = kept;
        self.aside.len() < before
    }

    /// Whether some entry put aside may come before the want-th.
    fn aside_may_pass(&self) -> bool {
        let kth = self.kth.as_ref();
        self.aside
            .iter()
            .any(|&(b, _, kind)| Kth::may_be_passed(kth, b, kind))
    }

    /// Touches, then scores, `self.picked` (entries of a list of `kind`).
    /// Their tools are not touched: most duties scored match as well by
    /// their own words as a tag could (see `Plan::tag_most`).
    fn score_picked(&mut self, kind: u8) {
        let corpus = self.corpus;
        for &e in &self.picked {
            self.touched ^= std::hint::black_box(touch(corpus, e as usize));
        }
        for &e in &self.picked {
            if let Some(f) = score(corpus, self.plan, e as usize, &mut self.scratch) {
                self.best_base = self.best_base.max(f.base);
                self.scored.push(Scored::new(&f, e, kind));
            }
        }
    }
}

/// How many entries of a list are touched before being scored.
const BATCH: usize = 32;

/// Before there is a want-th, an entry whose own bound is below this
/// share of its list's is put aside rather than scored (the entries of
/// a list reach their list's bound through its best other-group words,
/// which few of them hold).
const AHEAD: f32 = 0.9;

/// Reads what scoring entry `i` reads first: its words (one per cache
/// line, and the last) and its tags.
fn touch(corpus: &Corpus, i: usize) -> u32 {
    let toks = corpus.toks(i);
    let words = toks.iter().step_by(16).fold(0, |a, &t| a ^ t);
    let last = toks.last().copied().unwrap_or(0);
    let tools = corpus.tools_of(i).first().copied().unwrap_or(0);
    words ^ last ^ tools
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::content::{Role, Tool};

    /// Six copies of the shipped content, so that lists have many entries
    /// of one weight and several kinds.
    fn copies() -> Corpus {
        let cat = crate::Catalog::builtin();
        let roles: Vec<Role> = (0..6).flat_map(|_| cat.roles.clone()).collect();
        let tools: Vec<Tool> = (0..6).flat_map(|_| cat.tools.clone()).collect();
        Corpus::of_copies(&cat, &roles, &tools)
    }

    /// A duty whose own words match every group at least as well as a
    /// tag could is scored without reading its tools: every entry scores
    /// as when its tools are always read, and some duties are skipped
    /// (so the test sees the shortcut taken).
    #[test]
    fn reading_a_duty_s_tools_only_when_they_could_raise_it_changes_no_score() {
        let c = copies();
        let mut skipped = 0;
        for q in [
            "ci pi",
            "ci pipeline",
            "terraform",
            "terrafrom",
            "on call ro",
            "kubernetes deploy",
            "tf",
            "gh actions",
            "observ",
            "golden path",
            "iac",
        ] {
            let query = Query::compile(&c, q);
            let plan = Plan::new(&c, &query);
            let mut always = Plan::new(&c, &query);
            always.tag_most.iter_mut().for_each(|m| *m = f32::INFINITY);
            let (mut s, mut t) = (Scratch::default(), Scratch::default());
            for i in 0..c.len() {
                let got = score(&c, &plan, i, &mut s);
                let want = score(&c, &always, i, &mut t);
                let key = |f: &Option<Found>| f.as_ref().map(|f| (f.score, f.base, f.via));
                assert_eq!(key(&got), key(&want), "{q:?} entry {i}");
                if !c.is_tool(i)
                    && got.is_some()
                    && !c.tools_of(i).is_empty()
                    && s.best.iter().zip(&plan.tag_most).all(|(b, m)| b >= m)
                {
                    skipped += 1;
                }
            }
        }
        assert!(skipped > 100, "the shortcut was taken {skipped} times");
    }

    /// Reading stops inside a list at the first entry whose own bound
    /// cannot reach the page: bounds must not rise along a list, a list
    /// must hold no entry of a better kind than its own, and every entry
    /// that matches must score within the best of its own bounds in the
    /// lists holding it. Some entry comes close, so a bound set too low
    /// fails here.
    #[test]
    fn each_entry_scores_within_its_own_bound_and_bounds_fall_along_a_list() {
        let c = copies();
        let index = Index::build(&c);
        let mut closest = 0.0f32;
        for q in [
            "te",
            "on",
            "on ca",
            "ci pi",
            "terrafrom",
            "golden pa",
            "k8s",
            "the",
            "iac",
            "on call ro",
            "incident response",
            "deploy the app",
            "terraform state",
        ] {
            let query = Query::compile(&c, q);
            if query.unmatched() {
                continue;
            }
            let plan = Plan::new(&c, &query);
            let mut pool = Vec::new();
            let found = index
                .bounded(&c, &plan, &mut pool)
                .expect("a required group");
            let bounds = Bounds::new(&plan, &found);
            let mut own = vec![f32::NEG_INFINITY; c.len()];
            for l in &found.lists {
                let s = Source {
                    bound: bounds.of(bounds.chosen(l, l.quality), l.tools),
                    list: *l,
                    read: 0,
                };
                let mut last = f32::INFINITY;
                for (k, &e) in l.entries.iter().enumerate() {
                    let b = s.bound_at(k, &bounds, &index);
                    assert!(b <= last && b <= s.bound, "{q:?}: bounds rise along a list");
                    last = b;
                    assert!(
                        super::super::index::kind_rank(&c, e as usize) >= l.kind,
                        "{q:?}: entry {e} of a better kind than its list"
                    );
                    if !l.literal || found.holds_literal(e) {
                        own[e as usize] = own[e as usize].max(b);
                    }
                }
            }
            closest = closest.max(scores_within(&c, &plan, &found, &own, q));
        }
        assert!(
            closest > 0.95,
            "the entries' bounds are never reached: {closest}"
        );
    }

    /// Scores every entry of `c` for `plan`: each one that matches must
    /// be marked in `found` and score within `own` (its bound); returns
    /// how close any comes to its bound.
    fn scores_within(c: &Corpus, plan: &Plan, found: &Chosen<'_>, own: &[f32], q: &str) -> f32 {
        let mut scratch = Scratch::default();
        let mut closest = 0.0f32;
        for (i, &most) in own.iter().enumerate() {
            if let Some(f) = score(c, plan, i, &mut scratch) {
                assert!(found.may_match(i as u32), "{q:?}: entry {i} not marked");
                assert!(
                    f.score <= most,
                    "{q:?}: entry {i} scores {} over its bound {most}",
                    f.score
                );
                closest = closest.max(f.score / most);
            }
        }
        closest
    }

    /// An entry put aside is bounded by what the other groups' lists
    /// allow in it (`Chosen::others`) and, in a list of the chosen
    /// group's own words, by what those words weigh in it
    /// (`Chosen::literal_most`): every entry that matches must
    /// score within the best of those bounds over the chosen lists
    /// holding it, and some must come close, so a bound set too low (a
    /// list's entry left out, a tag's share or a group's weight lost)
    /// fails here.
    #[test]
    fn each_entry_scores_within_its_bound_from_the_other_groups_lists() {
        let c = copies();
        let index = Index::build(&c);
        let mut closest = 0.0f32;
        let mut checked = 0;
        for q in [
            "ci pi",
            "ci pipe",
            "on call ro",
            "on ca",
            "on cal",
            "terraform state",
            "incident response",
            "deploy the app",
            "k8s cluster",
            "golden pa",
        ] {
            let query = Query::compile(&c, q);
            if query.unmatched() {
                continue;
            }
            let plan = Plan::new(&c, &query);
            let mut pool = Vec::new();
            let found = index
                .bounded(&c, &plan, &mut pool)
                .expect("a required group");
            if found.others.is_empty() && found.literal_most.is_none() {
                continue;
            }
            checked += 1;
            let bounds = Bounds::new(&plan, &found);
            let mut own = vec![f32::NEG_INFINITY; c.len()];
            for l in &found.lists {
                let s = Source {
                    bound: bounds.of(bounds.chosen(l, l.quality), l.tools),
                    list: *l,
                    read: 0,
                };
                for (k, &e) in l.entries.iter().enumerate() {
                    let b = s.entry_bound(k, &bounds, &index, &found);
                    assert!(
                        b <= s.bound_at(k, &bounds, &index),
                        "{q:?}: an entry's own bound over its list's"
                    );
                    if !l.literal || found.holds_literal(e) {
                        own[e as usize] = own[e as usize].max(b);
                    }
                }
            }
            closest = closest.max(scores_within(&c, &plan, &found, &own, q));
        }
        assert!(checked >= 3, "too few queries bound other groups per entry");
        assert!(
            closest > 0.95,
            "the entries' own bounds are never reached: {closest}"
        );
    }
}
