//! Which chars of a hit's text to mark: the whole words that matched,
//! never letters scattered across other words.

use super::plan::{Plan, matched_words};
use super::{Corpus, Field, normalise, tok_field, tok_word};

/// Char indices of entry `i`'s text inside words that count for the
/// query, ascending.
pub(crate) fn indices(corpus: &Corpus, plan: &Plan, i: usize) -> Vec<usize> {
    let matched = matched_words(plan);
    let toks = corpus.toks(i);
    // A hit found through its tags or a tool's other words marks nothing
    // in its text: no need to read the text again.
    if !toks
        .iter()
        .any(|&t| tok_field(t) == Field::Text && matched(tok_word(t)))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut n = 0;
    // The text's tokens are the entry's first, in the same order.
    normalise::tokens(corpus.text(i), |t| {
        if let Some(&tok) = toks.get(n)
            && tok_field(tok) == Field::Text
            && matched(tok_word(tok))
        {
            out.extend(t.start as usize..t.end as usize);
        }
        n += 1;
    });
    out.sort_unstable();
    out.dedup();
    out
}
