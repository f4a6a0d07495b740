//! The page of hits made from the entries scored: the cut-off, the order
//! (ties by kind, then content order), identical texts merged, and each
//! hit's details (its highlighting is [`super::Searcher::mark`]'s).

use std::collections::HashMap;

use super::{Corpus, Hit, Kind};

/// Hits scoring below this share of the best are dropped.
pub const CUT_OFF: f32 = 0.35;

/// An entry scored: what ordering, the cut-off and the hit's details need,
/// kept from scoring so that the page's hits are not scored again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub(super) score: f32,
    /// The score without bonuses (what the cut-off compares).
    pub(super) base: f32,
    pub(super) entry: u32,
    /// The tool it was found through (`Found::via`), or `NO_VIA`.
    pub(super) via: u32,
    /// Its kind's rank, as ties are broken ([`kind_order`]).
    pub(super) kind: u8,
}

pub(super) const NO_VIA: u32 = u32::MAX;

/// The rank of a kind, as ties are broken (duty, tool, question, origin).
pub(super) fn kind_order(k: Kind) -> u8 {
    match k {
        Kind::Duty => 0,
        Kind::Tool => 1,
        Kind::Question => 2,
        Kind::Origin => 3,
    }
}

/// How many of the best are ordered for a page of `limit` at first.
pub(super) fn first_want(limit: usize) -> usize {
    limit.saturating_mul(2).saturating_add(16)
}

/// Cut-off, order, merging and details of the scored entries. `sure(n)`:
/// the top `n` of `scored` are the top `n` of everything; when more than
/// that is needed (merging shrank the page), `Err(n)` asks for `n`.
pub(super) fn finish(
    corpus: &Corpus,
    scored: &[Scored],
    limit: usize,
    sure: &dyn Fn(usize) -> bool,
) -> Result<Vec<Hit>, usize> {
    // Bonuses order the hits but do not raise the bar: a tool named by
    // the query must not cut off the duties tagged with it.
    let Some(best) = scored.iter().map(|s| s.base).reduce(f32::max) else {
        return Ok(Vec::new());
    };
    let scored: Vec<Scored> = scored
        .iter()
        .filter(|s| s.base >= best * CUT_OFF)
        .copied()
        .collect();
    // Scores within a few percent are a tie, broken by kind. The steps
    // are counted down from the best hit, so what is within a step of it
    // is never split by where a fixed step falls (4.41 and 4.34 were, by
    // the step at 4.36).
    let top_score = scored.iter().map(|s| s.score).fold(0.0, f32::max);
    let key = |s: &Scored| {
        (
            bucket(top_score, s.score),
            s.kind,
            std::cmp::Reverse(ordered(s.score)),
            s.entry,
        )
    };
    // Merging identical texts can shrink a page, so a few more than the
    // page are ordered; all of them when that is not enough.
    let mut want = first_want(limit);
    loop {
        if !sure(want) {
            return Err(want);
        }
        let mut top = scored.clone();
        if top.len() > want {
            top.select_nth_unstable_by_key(want - 1, key);
            top.truncate(want);
        }
        top.sort_unstable_by_key(key);
        let hits = merge(corpus, &top, limit);
        if hits.len() >= limit || top.len() == scored.len() {
            return Ok(hits
                .into_iter()
                .map(|(s, same)| {
                    let i = s.entry as usize;
                    Hit {
                        entry: i,
                        score: s.score,
                        loose: false,
                        via: (s.via != NO_VIA).then_some(s.via as usize),
                        same,
                        indices: Vec::new(),
                    }
                })
                .collect());
        }
        want = want.saturating_mul(4);
    }
}

/// Identical texts (of one kind) as one hit: (the first, the others).
fn merge(corpus: &Corpus, sorted: &[Scored], limit: usize) -> Vec<(Scored, Vec<usize>)> {
    let mut out: Vec<(Scored, Vec<usize>)> = Vec::new();
    let mut at: HashMap<(&str, Kind), usize> = HashMap::new();
    for s in sorted {
        let i = s.entry as usize;
        let k = (corpus.text(i), corpus.entries[i].target.kind());
        match at.get(&k) {
            Some(&h) => out[h].1.push(i),
            None => {
                if out.len() >= limit {
                    continue;
                }
                at.insert(k, out.len());
                out.push((*s, Vec::new()));
            }
        }
    }
    out
}

/// Steps of about 4% down from `top`: within one step, the kind decides.
pub(super) fn bucket(top: f32, x: f32) -> i32 {
    ((top.max(1e-6).ln() - x.max(1e-6).ln()) * 25.0).floor() as i32
}

/// An f32 score as an integer that orders the same (scores are finite
/// and not negative).
pub(super) fn ordered(x: f32) -> u32 {
    x.max(0.0).to_bits()
}
