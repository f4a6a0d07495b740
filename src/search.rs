//! Fuzzy search over duties, tools, interview questions and origins.
//!
//! A query is whitespace-separated terms; every term must match (in any
//! order). Each term is classed by how well it matches, and classes rank
//! before fuzzy scores so an exact substring never loses to a scattered
//! match:
//!
//! | class | the term …                                   |
//! |-------|-----------------------------------------------|
//! | 4     | is a whole word of the text (or a tool alias) |
//! | 3     | starts a word of the text                     |
//! | 2     | sits inside a word, names a tool the duty uses, or is a small typo of a tool's name or alias |
//! | 1     | matches only as scattered characters (fuzzy)  |
//!
//! Terms of one or two characters ("ci", "tf") must match contiguously:
//! scattered, they would match nearly every text. A typo counts only for
//! terms of four or more characters, within the distance the tool lookup
//! accepts ("terrafrom" finds Terraform).
//! Hits sort by the sum of classes, then the fuzzy score, then shorter
//! text (in characters), then content order.

use std::collections::HashMap;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

use crate::content::{Role, Tool};
use crate::suggest;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Duty,
    Tool,
    Question,
    Origin,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Duty, Kind::Tool, Kind::Question, Kind::Origin];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Duty => "duty",
            Kind::Tool => "tool",
            Kind::Question => "question",
            Kind::Origin => "origin",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.label() == s)
    }
}

/// What a search entry points at, so a front end can jump to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Duty { role: usize, index: usize },
    Tool { tool: usize },
    Question { role: usize, index: usize },
    Origin { role: usize, index: usize },
}

impl Target {
    pub fn kind(self) -> Kind {
        match self {
            Target::Duty { .. } => Kind::Duty,
            Target::Tool { .. } => Kind::Tool,
            Target::Question { .. } => Kind::Question,
            Target::Origin { .. } => Kind::Origin,
        }
    }

    pub fn role(self) -> Option<usize> {
        match self {
            Target::Duty { role, .. }
            | Target::Question { role, .. }
            | Target::Origin { role, .. } => Some(role),
            Target::Tool { .. } => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub target: Target,
    pub text: String,
    /// `text` lower-cased char for char, so char positions agree.
    fold: String,
    /// Length of `text` in characters, for the "shorter text" tie-break.
    chars: usize,
    /// Lower-cased names and aliases this entry also answers to.
    tags: Vec<String>,
    /// Tags of a tool are its own names: a whole-tag match is exact.
    tags_exact: bool,
}

/// Every searchable text, prepared once when the catalog is built.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    entries: Vec<Entry>,
}

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

impl Corpus {
    pub fn build(roles: &[Role], tools: &[Tool], tool_by_id: &HashMap<String, usize>) -> Corpus {
        let mut entries = Vec::new();
        let mut push = |target, text: &str, tags: Vec<String>, tags_exact| {
            entries.push(Entry {
                target,
                fold: fold(text),
                chars: text.chars().count(),
                text: text.to_string(),
                tags,
                tags_exact,
            })
        };
        let tool_tags = |t: &Tool| {
            let mut tags = vec![fold(&t.name), t.id.clone()];
            tags.extend(t.aliases.iter().map(|a| fold(a)));
            tags
        };
        for (ri, role) in roles.iter().enumerate() {
            for (i, d) in role.duties.iter().enumerate() {
                let tags = d
                    .tools
                    .iter()
                    .filter_map(|id| tool_by_id.get(id))
                    .flat_map(|&ti| tool_tags(&tools[ti]))
                    .collect();
                push(Target::Duty { role: ri, index: i }, &d.text, tags, false);
            }
            for (i, q) in role.interview_questions.iter().enumerate() {
                push(
                    Target::Question { role: ri, index: i },
                    &q.question,
                    Vec::new(),
                    false,
                );
            }
            for (i, o) in role.origins.iter().enumerate() {
                push(
                    Target::Origin { role: ri, index: i },
                    &o.text,
                    Vec::new(),
                    false,
                );
            }
        }
        for (ti, t) in tools.iter().enumerate() {
            push(Target::Tool { tool: ti }, &t.name, tool_tags(t), true);
        }
        Corpus { entries }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Narrows a search to one kind and/or one role.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<Kind>,
    pub role: Option<usize>,
}

impl Filter {
    fn accepts(&self, t: Target) -> bool {
        self.kind.is_none_or(|k| t.kind() == k) && self.role.is_none_or(|r| t.role() == Some(r))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into `Corpus::entries`.
    pub entry: usize,
    pub class: u32,
    pub fuzzy: i64,
    /// Char indices of `text` to highlight, ascending.
    pub indices: Vec<usize>,
}

impl Hit {
    /// One number that orders hits as the ranking does (before tie-breaks).
    pub fn score(&self) -> i64 {
        i64::from(self.class) * 10_000 + self.fuzzy.clamp(0, 9_999)
    }
}

/// Splits a query into lower-cased terms.
pub fn terms(query: &str) -> Vec<String> {
    query.split_whitespace().map(fold).collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The best class of a contiguous occurrence of `term` in `fold`, with the
/// char range of that occurrence.
fn substring_class(fold: &str, term: &str) -> Option<(u32, std::ops::Range<usize>)> {
    let mut best: Option<(u32, std::ops::Range<usize>)> = None;
    for (b, _) in fold.match_indices(term) {
        let before = fold[..b].chars().next_back();
        let after = fold[b + term.len()..].chars().next();
        let starts = before.is_none_or(|c| !is_word_char(c));
        let ends = after.is_none_or(|c| !is_word_char(c));
        let class = match (starts, ends) {
            (true, true) => 4,
            (true, false) => 3,
            _ => 2,
        };
        if best.as_ref().is_none_or(|(c, _)| class > *c) {
            let start = fold[..b].chars().count();
            best = Some((class, start..start + term.chars().count()));
            if class == 4 {
                break;
            }
        }
    }
    best
}

/// True when every char of `term` appears in `fold` in order. With "is a
/// prefix of a tag" this is the whole match predicate; both only get
/// stricter as a term grows, which is what makes narrowing sound.
fn is_subsequence(fold: &str, term: &str) -> bool {
    let mut hay = fold.chars();
    term.chars().all(|t| hay.any(|c| c == t))
}

/// Too short to match scattered.
fn is_short(term: &str) -> bool {
    term.chars().nth(2).is_none()
}

/// Shortest term that may be a typo: shorter ones are too easily one edit
/// away from an unrelated short alias ("tf" and "tc").
const MIN_TYPO_TERM: usize = 4;

/// True when `term` is a small typo of one of a tool's own names. Not
/// monotone as a term grows, so `Searcher` re-checks tool entries even when
/// it narrows.
fn is_typo_of_tag(entry: &Entry, term: &str) -> bool {
    entry.tags_exact
        && term.chars().count() >= MIN_TYPO_TERM
        && entry
            .tags
            .iter()
            .any(|t| suggest::distance(term, t) <= suggest::max_typo(term))
}

fn tag_class(entry: &Entry, term: &str) -> Option<u32> {
    // Prefix (not equality) keeps the predicate monotone as a term grows.
    if entry.tags_exact && entry.tags.iter().any(|t| t == term) {
        Some(4)
    } else if entry.tags.iter().any(|t| t.starts_with(term)) {
        Some(if entry.tags_exact { 3 } else { 2 })
    } else {
        None
    }
}

/// Stateful searcher: remembers the last query's matches so that typing one
/// more character only re-checks what matched before.
pub struct Searcher {
    matcher: SkimMatcherV2,
    last_terms: Vec<String>,
    last_filter: Filter,
    /// Entries that matched `last_terms` (None: no previous search).
    last_matches: Option<Vec<usize>>,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher {
            matcher: SkimMatcherV2::default().ignore_case(),
            last_terms: Vec::new(),
            last_filter: Filter::default(),
            last_matches: None,
        }
    }
}

impl Searcher {
    /// The best `limit` hits for `query`, best first.
    pub fn search(
        &mut self,
        corpus: &Corpus,
        query: &str,
        filter: Filter,
        limit: usize,
    ) -> Vec<Hit> {
        let terms = terms(query);
        if terms.is_empty() {
            self.last_matches = None;
            return Vec::new();
        }
        // Sound only when every old term is a prefix of the new term at the
        // same position: then anything matching now matched before. A short
        // term that grows past two characters may newly match scattered, so
        // it narrows only while unchanged.
        let narrows =
            filter == self.last_filter
                && self.last_matches.is_some()
                && self.last_terms.len() <= terms.len()
                && self.last_terms.iter().zip(&terms).all(|(old, new)| {
                    new == old || (new.starts_with(old.as_str()) && !is_short(old))
                });
        let accepted = |i: &usize| filter.accepts(corpus.entries[*i].target);
        let pool: Vec<usize> = match (&self.last_matches, narrows) {
            // Tool entries can start matching as a term grows into a typo
            // of their name, so they are always checked again.
            (Some(prev), true) => {
                let mut pool = prev.clone();
                pool.extend(
                    (0..corpus.entries.len())
                        .filter(|i| corpus.entries[*i].tags_exact && accepted(i))
                        .filter(|i| prev.binary_search(i).is_err()),
                );
                pool
            }
            _ => (0..corpus.entries.len()).filter(accepted).collect(),
        };
        let mut hits = Vec::new();
        let mut matched = Vec::new();
        for i in pool {
            let entry = &corpus.entries[i];
            if let Some(hit) = self.score(entry, i, &terms) {
                matched.push(i);
                hits.push(hit);
            }
        }
        matched.sort_unstable();
        self.last_terms = terms;
        self.last_filter = filter;
        self.last_matches = Some(matched);
        rank(corpus, &mut hits, limit);
        hits
    }

    fn score(&self, entry: &Entry, index: usize, terms: &[String]) -> Option<Hit> {
        let mut class = 0;
        let mut fuzzy = 0i64;
        let mut indices = Vec::new();
        for term in terms {
            let sub = substring_class(&entry.fold, term);
            let tag = tag_class(entry, term);
            match (sub, tag) {
                (Some((c, range)), t) if t.is_none_or(|t| c >= t) => {
                    class += c;
                    indices.extend(range);
                }
                (_, Some(t)) => class += t,
                _ if is_typo_of_tag(entry, term) => {
                    class += 2;
                    if let Some((_, idx)) = self.matcher.fuzzy_indices(&entry.text, term) {
                        indices.extend(idx);
                    }
                }
                _ => {
                    if is_short(term) || !is_subsequence(&entry.fold, term) {
                        return None;
                    }
                    let (s, idx) = self.matcher.fuzzy_indices(&entry.text, term)?;
                    class += 1;
                    fuzzy += s;
                    indices.extend(idx);
                }
            }
        }
        indices.sort_unstable();
        indices.dedup();
        Some(Hit {
            entry: index,
            class,
            fuzzy,
            indices,
        })
    }
}

fn rank(corpus: &Corpus, hits: &mut Vec<Hit>, limit: usize) {
    let key = |h: &Hit| {
        (
            std::cmp::Reverse(h.class),
            std::cmp::Reverse(h.fuzzy),
            corpus.entries[h.entry].chars,
            h.entry,
        )
    };
    if hits.len() > limit && limit > 0 {
        hits.select_nth_unstable_by_key(limit - 1, key);
        hits.truncate(limit);
    }
    hits.sort_unstable_by_key(key);
    hits.truncate(limit);
}

/// One-shot search, for the CLI.
pub fn search(corpus: &Corpus, query: &str, filter: Filter, limit: usize) -> Vec<Hit> {
    Searcher::default().search(corpus, query, filter, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_prefer_whole_words_then_word_starts() {
        assert_eq!(substring_class("ci pipelines", "ci").unwrap().0, 4);
        assert_eq!(substring_class("ci pipelines", "pipe").unwrap().0, 3);
        assert_eq!(substring_class("platform", "tf").unwrap().0, 2);
        // The best occurrence wins, not the first.
        assert_eq!(substring_class("special ci", "ci"), Some((4, 8..10)));
    }

    #[test]
    fn subsequence_is_ordered() {
        assert!(is_subsequence("terraform", "trf"));
        assert!(!is_subsequence("terraform", "ft"));
    }

    #[test]
    fn indices_are_char_positions_even_after_multibyte_text() {
        let (_, r) = substring_class(&fold("Déploy CI"), "ci").unwrap();
        assert_eq!(r, 7..9);
    }
}
