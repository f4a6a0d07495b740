//! Search over duties, tools, interview questions and origins, by words.
//!
//! A text is read as words (folded, hyphenated words joined, stemmed), and
//! a query word matches the words it stands for: itself and its
//! inflections, the words it starts when it is the word being typed, or
//! close typos when nothing is spelt so (see [`dictionary`]). Tool names
//! and aliases, acronyms found in the content ("IaC" for "Infrastructure
//! as Code") and the content's own `synonyms` table match as phrases and
//! bring in what they stand for ([`synonyms`]). Every query word (or
//! phrase) must match; hits are ranked by weight per field (see [`rank`]),
//! and hits far below the best are cut off. Only when no word matches are
//! scattered letters tried, and those hits are marked loose
//! ([`fallback`]).
//!
//! Modules, one job each: [`normalise`] (text into words), [`dictionary`]
//! (a query word into corpus words), [`synonyms`] (phrases standing for
//! each other), [`query`] (a query into what must match), [`rank`]
//! (scoring and the cut-off), `plan` (a query ready for reading
//! entries), [`index`] (postings, for typing into a big corpus),
//! [`highlight`], [`fallback`] and [`codec`] (the corpus in the content
//! cache). Imports go one way: rank reads plan, index and highlight;
//! index and highlight read plan; plan reads neither.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use crate::content::{Role, Tool};

pub(crate) mod codec;
pub use codec::Pending;
pub mod dictionary;
pub mod fallback;
pub mod group;
pub mod highlight;
pub(crate) mod index;
pub mod normalise;
pub(crate) mod page;
pub(crate) mod plan;
pub mod query;
pub mod rank;
pub(crate) mod slab;
pub mod synonyms;
pub(crate) mod weight;

use dictionary::Dictionary;
use slab::Slab;
use synonyms::Synonyms;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
    /// Where the text sits in [`Corpus::texts`] (see [`Corpus::text`]).
    text_at: u32,
    text_len: u32,
}

/// Which part of an entry a word comes from; ranking weighs them
/// differently ([`rank`]). A duty's tool tags are not stored as words of
/// the duty: they are its tools' names and aliases, read from the tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The text shown: a duty, a question, an origin, a tool's name.
    Text = 0,
    /// A tool's aliases (and id).
    Alias = 1,
    /// A tool's description.
    Desc = 2,
    /// A tool's category.
    Category = 3,
}

/// One word of an entry, packed: word id, whether it was written with a
/// capital, whether it is a joined hyphenated pair (it takes no position
/// of its own), and its field.
pub(crate) type Tok = u32;

/// Marks a break between phrases of one field (two aliases): it takes a
/// position, so no phrase matches across it, and matches no word.
pub(crate) const BREAK: u32 = u32::MAX >> 4;

pub(crate) fn tok(word: u32, upper: bool, joined: bool, field: Field) -> Tok {
    word << 4 | u32::from(upper) << 3 | u32::from(joined) << 2 | field as u32
}

pub(crate) fn tok_word(t: Tok) -> u32 {
    t >> 4
}

pub(crate) fn tok_upper(t: Tok) -> bool {
    t & 8 != 0
}

pub(crate) fn tok_joined(t: Tok) -> bool {
    t & 4 != 0
}

pub(crate) fn tok_field(t: Tok) -> Field {
    match t & 3 {
        0 => Field::Text,
        1 => Field::Alias,
        2 => Field::Desc,
        _ => Field::Category,
    }
}

/// Every searchable text as words, prepared once when the catalog is built
/// (and kept in the content cache).
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    entries: Vec<Entry>,
    /// Every entry's text as written, end to end (UTF-8).
    texts: Slab<u8>,
    /// Every entry's words in order; entry `i`'s are
    /// `toks[tok_at[i]..tok_at[i + 1]]`.
    toks: Slab<Tok>,
    tok_at: Slab<u32>,
    /// The tools each entry is tagged with (a tool entry: itself).
    entry_tools: Slab<u32>,
    entry_tools_at: Slab<u32>,
    /// The roles whose duties name each tool, ascending.
    tool_roles: Slab<u32>,
    tool_roles_at: Slab<u32>,
    /// Tool entries come last; this is the first.
    tool_start: usize,
    dict: Dictionary,
    /// Phrases that stand for each other, and by first word.
    synonyms: Synonyms,
    phrase_index: synonyms::PhraseIndex,
    /// Mean number of words in a `Field::Text`, for length weighting.
    mean_text_words: f32,
    ident: Ident,
}

/// A number naming one corpus in this process (see `Corpus::ident`), so an
/// index built from one corpus is never used with another. A clone gets a
/// new one.
#[derive(Debug, Default)]
struct Ident(AtomicU64);

impl Clone for Ident {
    fn clone(&self) -> Ident {
        Ident::default()
    }
}

fn u32_of(n: usize) -> u32 {
    // Corpus offsets and counts: a content pack is at most thousands of
    // files of at most 8 MiB each, far below 4 GiB of text.
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What one entry is made of, before words get their ids.
struct Draft<'a> {
    target: Target,
    text: &'a str,
    tools: Vec<u32>,
    /// (field, text) parts; a new part starts a new phrase.
    parts: Vec<(Field, &'a str)>,
}

impl Corpus {
    /// A corpus of copies of `cat`'s roles and tools, for the tests at
    /// scale; a copy's tool tags name the catalog's own tool ids.
    #[cfg(test)]
    pub(crate) fn of_copies(
        cat: &crate::Catalog,
        roles: &[crate::content::Role],
        tools: &[crate::content::Tool],
    ) -> Corpus {
        let by_id: HashMap<String, usize> = cat
            .tools
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        Corpus::build(roles, tools, &by_id, &cat.guide.synonyms)
    }

    /// The corpus of `roles` and `tools`, with `synonyms` (sets of phrases
    /// that mean the same, from the content's `synonyms` table).
    pub fn build(
        roles: &[Role],
        tools: &[Tool],
        tool_by_id: &HashMap<String, usize>,
        synonyms: &[Vec<String>],
    ) -> Corpus {
        let mut drafts: Vec<Draft> = Vec::new();
        let mut tool_roles: Vec<Vec<u32>> = vec![Vec::new(); tools.len()];
        for (ri, role) in roles.iter().enumerate() {
            for (i, d) in role.duties.iter().enumerate() {
                let ids: Vec<u32> = d
                    .tools
                    .iter()
                    .filter_map(|id| tool_by_id.get(id).map(|&t| u32_of(t)))
                    .collect();
                for &t in &ids {
                    let r = &mut tool_roles[t as usize];
                    if r.last() != Some(&u32_of(ri)) {
                        r.push(u32_of(ri));
                    }
                }
                drafts.push(Draft {
                    target: Target::Duty { role: ri, index: i },
                    text: &d.text,
                    tools: ids,
                    parts: vec![(Field::Text, &d.text)],
                });
            }
            for (i, q) in role.interview_questions.iter().enumerate() {
                drafts.push(Draft {
                    target: Target::Question { role: ri, index: i },
                    text: &q.question,
                    tools: Vec::new(),
                    parts: vec![(Field::Text, &q.question)],
                });
            }
            for (i, o) in role.origins.iter().enumerate() {
                drafts.push(Draft {
                    target: Target::Origin { role: ri, index: i },
                    text: &o.text,
                    tools: Vec::new(),
                    parts: vec![(Field::Text, &o.text)],
                });
            }
        }
        let tool_start = drafts.len();
        for (ti, t) in tools.iter().enumerate() {
            let mut parts = vec![(Field::Text, t.name.as_str())];
            if normalise::fold(&t.id).replace('-', " ") != normalise::fold(&t.name) {
                parts.push((Field::Alias, t.id.as_str()));
            }
            parts.extend(t.aliases.iter().map(|a| (Field::Alias, a.as_str())));
            parts.push((Field::Desc, t.description.as_str()));
            // The category is description too: "iac" finds the tools of
            // "Infrastructure as Code".
            parts.push((Field::Category, t.category.as_str()));
            drafts.push(Draft {
                target: Target::Tool { tool: ti },
                text: &t.name,
                tools: vec![u32_of(ti)],
                parts,
            });
        }
        let mut c = Corpus {
            tool_start,
            ..Corpus::default()
        };
        for r in &mut tool_roles {
            r.sort_unstable();
            r.dedup();
        }
        let mut tool_roles_at = vec![0];
        let mut sum = 0;
        for r in &tool_roles {
            sum += r.len();
            tool_roles_at.push(u32_of(sum));
        }
        c.tool_roles = Slab::from(tool_roles.concat());
        c.tool_roles_at = Slab::from(tool_roles_at);
        // Words get provisional ids as first seen, on several threads for
        // a big catalog (each chunk its own), then ids in sorted order.
        let chunks: Vec<&[Draft]> = drafts.chunks(4096).collect();
        let tokenised = crate::par::map(&chunks, 2, |chunk| {
            let mut ids: HashMap<String, u32> = HashMap::new();
            let mut words: Vec<String> = Vec::new();
            let mut toks: Vec<Vec<Tok>> = Vec::with_capacity(chunk.len());
            for d in *chunk {
                let mut out = Vec::new();
                for (n, &(field, text)) in d.parts.iter().enumerate() {
                    if n > 0 {
                        out.push(tok(BREAK, false, false, field));
                    }
                    normalise::tokens(text, |t| {
                        let next = u32_of(words.len());
                        let id = *ids.entry(t.word.clone()).or_insert_with(|| {
                            words.push(t.word.clone());
                            next
                        });
                        out.push(tok(id, t.upper, t.joined, field));
                    });
                }
                toks.push(out);
            }
            (words, toks)
        });
        let mut all: Vec<&str> = tokenised
            .iter()
            .flat_map(|(w, _)| w.iter().map(String::as_str))
            .collect();
        all.sort_unstable();
        all.dedup();
        let mut df = vec![0u32; all.len()];
        let mut last_seen = vec![u32::MAX; all.len()];
        let mut entry = 0u32;
        let mut text_words = 0usize;
        let (mut all_toks, mut tok_at) = (Vec::new(), vec![0]);
        let (mut entry_tools, mut entry_tools_at) = (Vec::new(), vec![0]);
        let mut texts = String::new();
        for ((words, toks), chunk) in tokenised.iter().zip(&chunks) {
            let global: Vec<u32> = words
                .iter()
                .map(|w| u32_of(all.binary_search(&w.as_str()).unwrap_or(0)))
                .collect();
            for (t, d) in toks.iter().zip(chunk.iter()) {
                for &x in t {
                    let w = tok_word(x);
                    let field = tok_field(x);
                    if w == BREAK {
                        all_toks.push(x);
                        continue;
                    }
                    let g = global[w as usize];
                    if last_seen[g as usize] != entry {
                        last_seen[g as usize] = entry;
                        df[g as usize] += 1;
                    }
                    if field == Field::Text && !tok_joined(x) {
                        text_words += 1;
                    }
                    all_toks.push(tok(g, tok_upper(x), tok_joined(x), field));
                }
                tok_at.push(u32_of(all_toks.len()));
                c.entries.push(Entry {
                    target: d.target,
                    text_at: u32_of(texts.len()),
                    text_len: u32_of(d.text.len()),
                });
                texts.push_str(d.text);
                entry_tools.extend_from_slice(&d.tools);
                entry_tools_at.push(u32_of(entry_tools.len()));
                entry += 1;
            }
        }
        c.toks = Slab::from(all_toks);
        c.tok_at = Slab::from(tok_at);
        c.entry_tools = Slab::from(entry_tools);
        c.entry_tools_at = Slab::from(entry_tools_at);
        c.texts = Slab::from(texts);
        let stemmer = normalise::stemmer();
        c.dict = Dictionary::build(&all, df, &stemmer);
        c.mean_text_words = text_words as f32 / c.entries.len().max(1) as f32;
        c.synonyms = Synonyms::from_sets(&synonyms::build(&c, roles, tools, synonyms));
        c.phrase_index = synonyms::PhraseIndex::build(&c.dict, &c.synonyms);
        c
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

    /// Entry `i`'s text as written.
    pub fn text(&self, i: usize) -> &str {
        let e = &self.entries[i];
        let at = e.text_at as usize;
        // Checked here, not when read back: a search reads a few dozen
        // texts. A damaged one (which its block's checksum catches first)
        // reads as empty.
        slab::str_at(&self.texts, at, at + e.text_len as usize).unwrap_or_default()
    }

    pub(crate) fn toks(&self, i: usize) -> &[Tok] {
        &self.toks[self.tok_at[i] as usize..self.tok_at[i + 1] as usize]
    }

    /// The tools entry `i` is tagged with (a tool entry: its own).
    pub fn tools_of(&self, i: usize) -> &[u32] {
        &self.entry_tools[self.entry_tools_at[i] as usize..self.entry_tools_at[i + 1] as usize]
    }

    /// The roles whose duties name tool `t`, ascending.
    pub fn roles_of_tool(&self, t: usize) -> &[u32] {
        match (self.tool_roles_at.get(t), self.tool_roles_at.get(t + 1)) {
            (Some(&a), Some(&b)) => &self.tool_roles[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The roles an entry belongs to: its own, or a tool's users.
    pub fn roles_of(&self, i: usize) -> Vec<usize> {
        match self.entries[i].target {
            Target::Tool { tool } => self
                .roles_of_tool(tool)
                .iter()
                .map(|&r| r as usize)
                .collect(),
            t => t.role().into_iter().collect(),
        }
    }

    /// The entry of tool `t`.
    pub fn tool_entry(&self, t: usize) -> usize {
        self.tool_start + t
    }

    pub fn tool_count(&self) -> usize {
        self.tool_roles_at.len().saturating_sub(1)
    }

    pub fn is_tool(&self, i: usize) -> bool {
        i >= self.tool_start
    }

    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    pub fn synonym_sets(&self) -> &Synonyms {
        &self.synonyms
    }

    /// Synonym phrases (set, phrase) that query word `i` may start: those
    /// whose first word shares a stem with it or with a corpus word it
    /// stands for, and those whose first word is no corpus word.
    pub(crate) fn phrases_starting(
        &self,
        i: usize,
        words: &[String],
        sets: &[query::WordSet],
        stems: &[String],
    ) -> Vec<(u32, u32)> {
        let _ = words;
        let mut stem_ids: Vec<usize> = sets[i].iter().map(|&(w, _)| self.dict.stem_of(w)).collect();
        stem_ids.extend(self.dict.stem_index(&stems[i]));
        stem_ids.sort_unstable();
        stem_ids.dedup();
        let mut out: Vec<(u32, u32)> = stem_ids
            .into_iter()
            .flat_map(|s| self.phrase_index.of_stem(s))
            .collect();
        out.extend_from_slice(&self.phrase_index.other);
        out
    }

    /// This corpus's [`Ident`]: what an index checks it was built from.
    /// Never 0.
    fn ident(&self) -> u64 {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let id = self.ident.0.load(Ordering::Relaxed);
        if id != 0 {
            return id;
        }
        let fresh = NEXT.fetch_add(1, Ordering::Relaxed);
        match self
            .ident
            .0
            .compare_exchange(0, fresh, Ordering::Relaxed, Ordering::Relaxed)
        {
            Ok(_) => fresh,
            Err(other) => other,
        }
    }
}

/// Narrows a search to one kind and/or one role. With a role, a tool is
/// kept when one of the role's duties names it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<Kind>,
    pub role: Option<usize>,
}

impl Filter {
    pub(crate) fn accepts(&self, corpus: &Corpus, i: usize) -> bool {
        if self.kind.is_none() && self.role.is_none() {
            // No need to read the entry (a cache miss per candidate).
            return true;
        }
        let t = corpus.entries[i].target;
        if self.kind.is_some_and(|k| t.kind() != k) {
            return false;
        }
        match (self.role, t) {
            (None, _) => true,
            (Some(r), Target::Tool { tool }) => {
                corpus.roles_of_tool(tool).binary_search(&u32_of(r)).is_ok()
            }
            (Some(r), t) => t.role() == Some(r),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into `Corpus::entries`.
    pub entry: usize,
    /// Relevance: higher is better; comparable within one search only.
    pub score: f32,
    /// Found by scattered letters only (no word matched anywhere).
    pub loose: bool,
    /// The tool a duty was found through (its tag), when no word of the
    /// text itself matched the query word that brought it in.
    pub via: Option<usize>,
    /// Other entries with exactly the same text, merged into this hit.
    pub same: Vec<usize>,
    /// Char indices of the text to highlight (whole matched words),
    /// ascending.
    pub indices: Vec<usize>,
}

impl Hit {
    pub fn score(&self) -> f64 {
        (f64::from(self.score) * 1000.0).round() / 1000.0
    }

    /// This hit's entry and the ones merged into it.
    pub fn all_entries(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.entry).chain(self.same.iter().copied())
    }
}

/// What a search found: real hits, or loose ones when no word matched.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// No word of the query matched: `hits` are loose matches (or none).
    pub loose: bool,
}

/// Splits a query into folded words (for filters that match names).
pub fn terms(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|w| normalise::fold(w).into_owned())
        .collect()
}

/// Searches one corpus, keeping what is worth keeping between keystrokes:
/// the postings of a big corpus and the fuzzy matcher.
#[derive(Default)]
pub struct Searcher {
    index: Option<index::Index>,
    loose: fallback::Loose,
    /// The last search's query as it was run (loosened when its hits are
    /// loose): what [`Searcher::mark`] highlights its hits by.
    last: Option<query::Query>,
}

/// Smallest corpus [`Searcher::indexed`] indexes: below it a scan of
/// every entry's words takes well under a millisecond.
const MIN_INDEXED: usize = 16_384;

impl Searcher {
    /// A searcher for typing into: a big corpus gets postings (built once),
    /// so a keystroke reads only the entries holding the query's words.
    pub fn indexed(corpus: &Corpus) -> Searcher {
        if corpus.len() < MIN_INDEXED {
            return Searcher::default();
        }
        Searcher::with_index(corpus)
    }

    fn with_index(corpus: &Corpus) -> Searcher {
        Searcher {
            index: Some(index::Index::build(corpus)),
            ..Searcher::default()
        }
    }

    /// Heap bytes held by the postings (0 without), for the benchmarks.
    pub fn index_bytes(&self) -> usize {
        self.index.as_ref().map_or(0, index::Index::bytes)
    }

    /// The best `limit` hits for `query`, best first (loose ones only when
    /// no word matched).
    pub fn search(
        &mut self,
        corpus: &Corpus,
        query: &str,
        filter: Filter,
        limit: usize,
    ) -> Vec<Hit> {
        self.results(corpus, query, filter, limit).hits
    }

    pub fn results(
        &mut self,
        corpus: &Corpus,
        query: &str,
        filter: Filter,
        limit: usize,
    ) -> Results {
        let mut r = self.results_unmarked(corpus, query, filter, limit);
        self.mark(corpus, &mut r.hits);
        r
    }

    /// [`Searcher::results`] with no hit highlighted yet: a screen marks
    /// only the hits it shows ([`Searcher::mark`]), since marking a page
    /// of 200 was a tenth of a keystroke's search at 1000x content.
    pub fn results_unmarked(
        &mut self,
        corpus: &Corpus,
        query: &str,
        filter: Filter,
        limit: usize,
    ) -> Results {
        self.last = None;
        let q = query::Query::compile(corpus, query);
        if q.is_empty() || limit == 0 {
            return Results::default();
        }
        let index = self.index.as_ref().filter(|x| x.fits(corpus));
        let hits = rank::run(corpus, index, &q, filter, limit);
        if !hits.is_empty() || !q.unmatched() {
            self.last = Some(q);
            return Results { hits, loose: false };
        }
        let (hits, loosened) = self.loose.search(corpus, index, &q, filter, limit);
        self.last = Some(loosened);
        Results { hits, loose: true }
    }

    /// Highlights hits of the last search (`Hit::indices`: the whole words
    /// its query matched).
    pub fn mark<'h>(&self, corpus: &Corpus, hits: impl IntoIterator<Item = &'h mut Hit>) {
        let mut hits = hits.into_iter().peekable();
        let Some(q) = self.last.as_ref().filter(|_| hits.peek().is_some()) else {
            return;
        };
        let plan = plan::Plan::new(corpus, q);
        for h in hits {
            h.indices = highlight::indices(corpus, &plan, h.entry);
        }
    }
}

/// Whether `query` matches nothing at all, not even loosely, in a corpus
/// with this lexicon. Only the dictionary and the synonyms are read, so it
/// is answered by a corpus whose entries are still being read
/// ([`Pending::lexicon`]): `roledex search` says "no matches" without
/// waiting for them. When it says so, [`results`] finds nothing either.
pub fn matches_nothing(lexicon: &Corpus, query: &str) -> bool {
    let q = query::Query::compile(lexicon, query);
    q.is_empty() || (q.unmatched() && fallback::Loose::default().loosen(lexicon, &q).unmatched())
}

/// One-shot search, for the CLI.
pub fn search(corpus: &Corpus, query: &str, filter: Filter, limit: usize) -> Vec<Hit> {
    Searcher::default().search(corpus, query, filter, limit)
}

/// One-shot search with whether the hits are loose.
pub fn results(corpus: &Corpus, query: &str, filter: Filter, limit: usize) -> Results {
    Searcher::default().results(corpus, query, filter, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_give_what_a_scan_of_every_entry_gives() {
        let cat = crate::Catalog::builtin();
        let c = cat.corpus();
        let mut indexed = Searcher::with_index(c);
        let sre = cat.role_index("sre");
        for q in [
            "tf",
            "terrafrom",
            "ci pipe",
            "on-ca",
            "golden path",
            "iac",
            "k8s",
            "gh actions",
            "message queue",
            "dply",
            "zzqx",
            "the",
            "observ",
            "post-mortem",
            "3am",
        ] {
            for filter in [
                Filter::default(),
                Filter {
                    kind: Some(Kind::Duty),
                    role: sre,
                },
            ] {
                assert_eq!(
                    indexed.results(c, q, filter, 30),
                    results(c, q, filter, 30),
                    "{q:?} {filter:?}"
                );
            }
        }
    }

    /// Twelve copies of the shipped content, some tools renamed per copy:
    /// lists long enough that the bounded reading stops early, and
    /// identical texts enough that merging asks it for more.
    fn twelve_copies() -> Corpus {
        let cat = crate::Catalog::builtin();
        let copies = 12;
        let roles: Vec<Role> = (0..copies).flat_map(|_| cat.roles.clone()).collect();
        let mut tools: Vec<Tool> = Vec::new();
        for k in 0..copies {
            for t in &cat.tools {
                let mut t = t.clone();
                if k % 3 == 1 {
                    t.name = format!("{} {k}", t.name);
                }
                tools.push(t);
            }
        }
        Corpus::of_copies(&cat, &roles, &tools)
    }

    /// Queries of every shape for the comparisons at scale.
    const AT_SCALE: &[&str] = &[
        "t",
        "te",
        "ter",
        "terraform",
        "terrafrom",
        "ci pipe",
        "on call rotation",
        "k8s",
        "the",
        "golden path",
        "o",
        "on",
        "de",
        "iac",
        "zzqx",
        "dply",
        // Several words: bounds per group, adjacency, the marks of the
        // other groups' entries, phrases read by one word.
        "on call",
        "on ca",
        "terraform state",
        "kubernetes cluster",
        "incident response",
        "golden pa",
        "infrastructure as code",
        "ci cd pipeline",
        "service mesh",
        "pager",
        "deploy the app",
        "re",
    ];

    /// What the bounded reading stops by, checked entry by entry: every
    /// entry that matches is in one of the lists read for the query (and
    /// marked as holding the other groups), and scores no more than the
    /// highest bound among the lists holding it. Some entry comes close
    /// to its bound, so a bound set too low fails here.
    #[test]
    fn every_match_is_listed_within_its_bound() {
        let c = twelve_copies();
        let index = index::Index::build(&c);
        let mut closest = 0.0f32;
        for q in AT_SCALE {
            let query = query::Query::compile(&c, q);
            if query.unmatched() {
                continue;
            }
            let plan = plan::Plan::new(&c, &query);
            let mut pool = Vec::new();
            let found = index
                .bounded(&c, &plan, &mut pool)
                .expect("a required group");
            let mut bound = vec![f32::NEG_INFINITY; c.len()];
            for (b, list) in rank::list_bounds(&plan, &found) {
                for &e in list {
                    bound[e as usize] = bound[e as usize].max(b);
                }
            }
            let mut scratch = rank::Scratch::default();
            for (i, &most) in bound.iter().enumerate() {
                if let Some(f) = rank::score(&c, &plan, i, &mut scratch) {
                    assert!(found.may_match(i as u32), "{q:?}: entry {i} not marked");
                    assert!(
                        f.score <= most,
                        "{q:?}: entry {i} scores {} over its bound {most}",
                        f.score,
                    );
                    closest = closest.max(f.score / most);
                }
            }
        }
        assert!(closest > 0.95, "the bounds are never reached: {closest}");
    }

    #[test]
    fn bounded_reading_gives_what_a_scan_of_every_entry_gives_at_scale() {
        let c = twelve_copies();
        let mut indexed = Searcher::with_index(&c);
        for &q in AT_SCALE {
            for limit in [1, 5, 20, 200] {
                for filter in [
                    Filter::default(),
                    Filter {
                        kind: Some(Kind::Tool),
                        role: None,
                    },
                    Filter {
                        kind: Some(Kind::Duty),
                        role: None,
                    },
                ] {
                    assert_eq!(
                        indexed.results(&c, q, filter, limit),
                        results(&c, q, filter, limit),
                        "{q:?} {limit} {filter:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_corpus_that_is_cloned_is_not_answered_by_the_original_index() {
        let cat = crate::Catalog::builtin();
        let index = index::Index::build(cat.corpus());
        assert!(index.fits(cat.corpus()));
        assert!(!index.fits(&cat.corpus().clone()));
    }

    #[test]
    fn a_lone_letter_being_typed_is_set_aside_until_the_next_key() {
        let cat = crate::Catalog::builtin();
        let c = cat.corpus();
        let entries = |q: &str| -> Vec<usize> {
            search(c, q, Filter::default(), 50)
                .iter()
                .map(|h| h.entry)
                .collect()
        };
        let ci = entries("ci");
        assert!(!ci.is_empty());
        assert_eq!(entries("ci p"), ci);
        // Typed out, the letter is a word the query must hold.
        assert!(entries("ci p ").is_empty());
        // Two letters are a prefix again, and narrow the hits.
        let pi = entries("ci pi");
        assert!(!pi.is_empty() && pi != ci, "{pi:?}");
        // Alone, a letter is not set aside: the query would be empty.
        assert!(entries("c").is_empty());
        let mut indexed = Searcher::with_index(c);
        let via_index: Vec<usize> = indexed
            .search(c, "ci p", Filter::default(), 50)
            .iter()
            .map(|h| h.entry)
            .collect();
        assert_eq!(via_index, ci);
    }

    #[test]
    fn a_letter_typed_after_a_stopword_keeps_the_stopwords_hits() {
        let cat = crate::Catalog::builtin();
        let c = cat.corpus();
        let entries = |s: &mut Searcher, q: &str| -> Vec<usize> {
            s.search(c, q, Filter::default(), 50)
                .iter()
                .map(|h| h.entry)
                .collect()
        };
        for mut s in [Searcher::default(), Searcher::with_index(c)] {
            let on = entries(&mut s, "on");
            assert!(!on.is_empty());
            // `on` alone is searched although a stopword; `on c` is `on`
            // and a letter being typed, not a query of two optional words
            // that must then both match (and, `c` being no word, nothing).
            assert_eq!(entries(&mut s, "on c"), on);
            assert!(!entries(&mut s, "on ca").is_empty());
        }
    }

    #[test]
    fn hits_marked_later_are_marked_as_the_one_shot_search_marks_them() {
        let cat = crate::Catalog::builtin();
        let c = cat.corpus();
        // Words, a typo, a phrase, and loose letters (marked by the
        // loosened query, not the one typed).
        for q in ["ci pipe", "terrafrom", "on call", "dply", "zzqx"] {
            let whole = results(c, q, Filter::default(), 40);
            let mut s = Searcher::default();
            let mut later = s.results_unmarked(c, q, Filter::default(), 40);
            assert_eq!(later.loose, whole.loose, "{q:?}");
            assert!(later.hits.iter().all(|h| h.indices.is_empty()), "{q:?}");
            // A few rows at a time, out of order, as a screen scrolls.
            let n = later.hits.len();
            s.mark(c, later.hits.iter_mut().skip(n / 2));
            s.mark(c, later.hits.iter_mut().take(n / 2));
            assert_eq!(later, whole, "{q:?}");
        }
        assert!(
            results(c, "ci pipe", Filter::default(), 40)
                .hits
                .iter()
                .any(|h| !h.indices.is_empty()),
            "something to compare"
        );
        // A search with no query leaves nothing to mark by.
        let mut s = Searcher::default();
        let mut old = s.results(c, "terraform", Filter::default(), 5).hits;
        let fresh = old.clone();
        old.iter_mut().for_each(|h| h.indices.clear());
        assert!(
            s.results_unmarked(c, "", Filter::default(), 5)
                .hits
                .is_empty()
        );
        s.mark(c, &mut old);
        assert!(old.iter().all(|h| h.indices.is_empty()));
        assert_ne!(old, fresh);
    }
}
