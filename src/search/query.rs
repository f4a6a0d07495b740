//! A query into what must match: groups of query words, each with the
//! corpus words it stands for and the phrases that mean the same.
//!
//! Every word of the query is a group of its own, except where a run of
//! words is a phrase of a synonym set (a tool's alias such as "service
//! mesh", an acronym's expansion) or two words that are one word of the
//! corpus when joined ("on call" / "oncall"): the run is one group, matched
//! by its words or by any phrase standing for it. Every group must match,
//! except a lone stopword beside other words.

use std::ops::Range;

use super::dictionary::{self, Quality};
use super::synonyms::Phrase;
use super::{Corpus, normalise};

/// Corpus words, each with how well it matches.
pub type WordSet = Vec<(u32, Quality)>;

/// How much a match through a synonym (a tool's other names, an acronym,
/// the content's table) counts against the words themselves.
const SYNONYM: Quality = 0.85;

/// A run of query words (or one word) with the phrases and tools it
/// brings, and whether its words are one split word.
type Run = (Range<usize>, Vec<Alt>, Vec<(u32, Quality)>, bool);
/// What one query word brings on its own: phrases and tools.
type Single = (Vec<Alt>, Vec<(u32, Quality)>);

/// A phrase standing for a group: its words must be adjacent, in order.
#[derive(Debug, Clone)]
pub struct Alt {
    pub words: Vec<WordSet>,
    pub quality: Quality,
    /// One word standing for a tool ("actions" for GitHub Actions): in a
    /// text it names the tool only when written with a capital.
    pub proper: bool,
}

#[derive(Debug, Clone)]
pub struct Group {
    /// The query words the group covers.
    pub span: Range<usize>,
    /// Each query word's corpus words: all of them must match, anywhere
    /// (adjacency earns a bonus).
    pub literal: Vec<WordSet>,
    /// Phrases that stand for the span.
    pub alts: Vec<Alt>,
    /// Tools the span names, with how well: they match, and so do the
    /// duties tagged with them.
    pub tools: Vec<(u32, Quality)>,
    /// Weight of the group (inverse document frequency of its words).
    pub weight: f32,
    /// A stopword beside other words: it may match, need not.
    pub optional: bool,
    /// The words are one word split ("on-call", "on call" where the
    /// corpus has "oncall"): they match only side by side, in order.
    pub tight: bool,
}

impl Group {
    /// The group can match something.
    pub fn viable(&self) -> bool {
        self.literal.iter().all(|w| !w.is_empty())
            || !self.alts.is_empty()
            || !self.tools.is_empty()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Query {
    pub groups: Vec<Group>,
    /// The query's words, folded.
    pub words: Vec<String>,
    /// The last word is being typed (no space after it): it matches the
    /// words it starts.
    pub typing: bool,
}

impl Query {
    pub fn compile(corpus: &Corpus, text: &str) -> Query {
        let words = normalise::words(text);
        let typing = text.chars().last().is_some_and(char::is_alphanumeric);
        let stemmer = normalise::stemmer();
        let dict = corpus.dictionary();
        let n = words.len();
        let sets: Vec<WordSet> = words
            .iter()
            .enumerate()
            .map(|(i, w)| dict.resolve(w, typing && i + 1 == n, &stemmer))
            .collect();
        // Candidate runs of two or more words, with the phrases they bring.
        let mut runs: Vec<Run> = Vec::new();
        let mut singles: Vec<Single> = vec![(Vec::new(), Vec::new()); n];
        for (span, set, quality) in synonym_spans(corpus, &words, &sets, &stemmer) {
            let syn = corpus.synonym_sets();
            let tool = syn.tool(set);
            // A phrase inside the span ("actions" for "gh actions") would
            // ignore the rest of it: it does not stand for the span.
            let inside = |p: &Phrase| {
                p.len() < span.len() && span.clone().any(|i| p.is(&words[i..(i + p.len()).min(n)]))
            };
            let alts: Vec<Alt> = syn
                .phrases(set)
                .filter(|p| !inside(p))
                .filter_map(|p| {
                    let mut a = phrase_alt(corpus, p, quality * SYNONYM, &stemmer)?;
                    a.proper = tool.is_some() && p.len() == 1;
                    Some(a)
                })
                .collect();
            let tools: Vec<(u32, Quality)> = tool.map(|t| (t, quality)).into_iter().collect();
            if span.len() == 1 {
                singles[span.start].0.extend(alts);
                singles[span.start].1.extend(tools);
            } else {
                match runs.iter_mut().find(|(r, _, _, _)| *r == span) {
                    Some(r) => {
                        r.1.extend(alts);
                        r.2.extend(tools);
                    }
                    None => runs.push((span, alts, tools, false)),
                }
            }
        }
        // Two words that the corpus writes as one ("on call" / "oncall"),
        // and one word it writes as two.
        for i in 0..n.saturating_sub(1) {
            let joined = format!("{}{}", words[i], words[i + 1]);
            let last = typing && i + 2 == n;
            let set = dict.resolve_with(&joined, last, false, &stemmer);
            // Joined, the words must be a corpus word (or start one, while
            // the second is being typed: "on-ca" for "oncall").
            let least = if last { 0.0 } else { dictionary::SAME_STEM };
            let set: WordSet = set
                .into_iter()
                .filter(|&(_, q)| q >= least && q != dictionary::TYPO1 && q != dictionary::TYPO2)
                .collect();
            if !set.is_empty() {
                let alt = Alt {
                    words: vec![set],
                    quality: 1.0,
                    proper: false,
                };
                match runs.iter_mut().find(|(r, _, _, _)| *r == (i..i + 2)) {
                    Some(r) => {
                        r.1.push(alt);
                        r.3 = true;
                    }
                    None => runs.push((i..i + 2, vec![alt], Vec::new(), true)),
                }
            }
        }
        for (i, w) in words.iter().enumerate() {
            if let Some(alt) = split_alt(corpus, w) {
                singles[i].0.push(alt);
            }
        }
        // Longest runs first, then leftmost; runs do not overlap.
        runs.sort_by_key(|(r, _, _, _)| (std::cmp::Reverse(r.len()), r.start));
        let mut taken = vec![false; n];
        let mut chosen: Vec<Run> = Vec::new();
        for run in runs {
            if run.0.clone().any(|i| taken[i]) {
                continue;
            }
            for i in run.0.clone() {
                taken[i] = true;
            }
            chosen.push(run);
        }
        for i in (0..n).filter(|&i| !taken[i]) {
            let (alts, tools) = std::mem::take(&mut singles[i]);
            chosen.push((i..i + 1, alts, tools, false));
        }
        chosen.sort_by_key(|(r, _, _, _)| r.start);
        let total = corpus.len().max(1) as f32;
        let mut groups = chosen
            .into_iter()
            .map(|(span, mut alts, mut tools, tight)| {
                // One phrase once, however many sets brought it.
                let mut seen: Vec<Vec<Vec<u32>>> = Vec::new();
                alts.retain(|a| {
                    let key: Vec<Vec<u32>> = a
                        .words
                        .iter()
                        .map(|w| w.iter().map(|&(id, _)| id).collect())
                        .collect();
                    let new = !seen.contains(&key);
                    seen.push(key);
                    new
                });
                tools.sort_by_key(|&(t, _)| t);
                tools.dedup_by(|a, b| {
                    if a.0 == b.0 {
                        b.1 = b.1.max(a.1);
                        true
                    } else {
                        false
                    }
                });
                let literal: Vec<WordSet> = span.clone().map(|i| sets[i].clone()).collect();
                let weight = span
                    .clone()
                    .map(|i| {
                        // A word that matches several corpus words is as
                        // rare as all of them together.
                        let mut df: u64 = sets[i].iter().map(|&(w, _)| u64::from(dict.df(w))).sum();
                        if df == 0 {
                            df = alts
                                .iter()
                                .flat_map(|a| a.words.iter().flatten())
                                .map(|&(w, _)| u64::from(dict.df(w)))
                                .max()
                                .unwrap_or(0);
                        }
                        idf(df as f32, total)
                    })
                    .sum::<f32>();
                // One letter just typed starts too many words to stand for
                // them: until the next key it is set aside, so that `ci p`
                // still shows what `ci` found rather than nothing.
                let pending = typing
                    && span == (n - 1..n)
                    && words[span.start].chars().count() == 1
                    && sets[span.start].is_empty()
                    && alts.is_empty()
                    && tools.is_empty();
                let optional =
                    span.len() == 1 && (pending || normalise::is_stopword(&words[span.start]));
                (
                    pending,
                    Group {
                        span,
                        literal,
                        alts,
                        tools,
                        weight,
                        optional,
                        tight,
                    },
                )
            })
            .collect::<Vec<(bool, Group)>>();
        // A query of nothing but optional words needs them all, except a
        // letter being typed after them: `on c` keeps what `on` found
        // rather than finding nothing until the next key.
        if groups.iter().all(|(_, g)| g.optional) {
            let settled = groups.iter().any(|(pending, _)| !pending);
            for (pending, g) in &mut groups {
                g.optional = settled && *pending;
            }
        }
        let groups: Vec<Group> = groups.into_iter().map(|(_, g)| g).collect();
        Query {
            groups,
            words,
            typing,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Some required group can match nothing: no entry can be a real hit.
    pub fn unmatched(&self) -> bool {
        self.groups.iter().any(|g| !g.optional && !g.viable())
    }
}

/// BM25's inverse document frequency.
fn idf(df: f32, total: f32) -> f32 {
    (1.0 + (total - df + 0.5) / (df + 0.5)).ln()
}

/// The phrase as corpus words (each word with its inflections), or `None`
/// when a word of it is not in the corpus (it can match nothing).
fn phrase_alt(
    corpus: &Corpus,
    phrase: Phrase,
    quality: Quality,
    stemmer: &rust_stemmers::Stemmer,
) -> Option<Alt> {
    let dict = corpus.dictionary();
    let words: Option<Vec<WordSet>> = phrase
        .words()
        .map(|w| {
            let set = dict.resolve_with(w, false, false, stemmer);
            let set: WordSet = set
                .into_iter()
                .filter(|&(_, q)| q >= dictionary::SAME_STEM)
                .collect();
            (!set.is_empty()).then_some(set)
        })
        .collect();
    Some(Alt {
        words: words?,
        quality,
        proper: false,
    })
}

/// A word the corpus writes as two ("oncall" / "on call"): both halves
/// are corpus words of two or more chars.
fn split_alt(corpus: &Corpus, word: &str) -> Option<Alt> {
    let dict = corpus.dictionary();
    if word.len() < 5 || !word.is_ascii() {
        return None;
    }
    (2..word.len() - 1).find_map(|cut| {
        let (a, b) = word.split_at(cut);
        let (a, b) = (dict.find(a)?, dict.find(b)?);
        Some(Alt {
            words: vec![vec![(a, 1.0)], vec![(b, 1.0)]],
            quality: 0.9,
            proper: false,
        })
    })
}

/// Runs of query words that are a phrase of a synonym set: (span, set,
/// how well the words match the phrase).
fn synonym_spans(
    corpus: &Corpus,
    words: &[String],
    sets: &[WordSet],
    stemmer: &rust_stemmers::Stemmer,
) -> Vec<(Range<usize>, usize, Quality)> {
    let dict = corpus.dictionary();
    let syn = corpus.synonym_sets();
    let stems: Vec<String> = words.iter().map(|w| normalise::stem(stemmer, w)).collect();
    // How well query word `i` matches phrase word `p`.
    let matches = |i: usize, p: &str| -> Option<Quality> {
        if p == words[i] {
            return Some(dictionary::EXACT);
        }
        let p_stem = normalise::stem(stemmer, p);
        if p_stem == stems[i] {
            return Some(dictionary::SAME_STEM);
        }
        let p_stem = dict.stem_index(&p_stem)?;
        // A short prefix ("te") starts too many names to stand for any.
        sets[i]
            .iter()
            .filter(|&&(w, q)| {
                dict.stem_of(w) == p_stem && (q >= dictionary::SAME_STEM || words[i].len() >= 4)
            })
            .map(|&(_, q)| q)
            .reduce(f32::max)
    };
    let mut out = Vec::new();
    for start in 0..words.len() {
        for (set, phrase) in corpus.phrases_starting(start, words, sets, &stems) {
            let p = syn.phrase(set as usize, phrase as usize);
            let end = start + p.len();
            if end > words.len() {
                continue;
            }
            let q = (0..p.len())
                .map(|k| matches(start + k, p.word(k)))
                .try_fold(1.0f32, |acc, q| q.map(|q| acc.min(q)));
            if let Some(q) = q {
                let span = start..end;
                if !out.iter().any(|(s, x, _)| *s == span && *x == set as usize) {
                    out.push((span, set as usize, q));
                }
            }
        }
    }
    out
}
