//! Phrases that stand for each other, all taken from the content: a tool's
//! name, id and aliases (a set per tool, which also brings in the tool and
//! the duties tagged with it); acronyms and the phrases whose initials they
//! are ("IaC" and "Infrastructure as Code", found in the texts); and the
//! content's optional `synonyms` table ("pager" and "on call").

use std::collections::{HashMap, HashSet};

use super::slab::{Slab, str_at};
use super::{Corpus, normalise};
use crate::content::{Role, Tool};

/// Phrases (each as folded words) that mean the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynSet {
    pub phrases: Vec<Vec<String>>,
    /// The tool the phrases name, if they are a tool's names.
    pub tool: Option<u32>,
}

/// Synonym sets, flat: each set's tool (or [`NO_TOOL`]), its phrases (a
/// row per set), each phrase's words (a row per phrase), the words end to
/// end. What the corpus keeps: read back from the cache as a few arrays,
/// not as hundreds of thousands of small strings.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Synonyms {
    pub(super) tools: Slab<u32>,
    pub(super) set_at: Slab<u32>,
    pub(super) phrase_at: Slab<u32>,
    pub(super) word_at: Slab<u32>,
    pub(super) words: Slab<u8>,
}

/// Marks a set that names no tool.
pub(super) const NO_TOOL: u32 = u32::MAX;

/// One phrase of a set: its words, in order.
#[derive(Debug, Clone, Copy)]
pub struct Phrase<'a> {
    syn: &'a Synonyms,
    /// Its words are `syn.word_at[first..first + len]`'s.
    first: usize,
    len: usize,
}

impl<'a> Phrase<'a> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn word(&self, k: usize) -> &'a str {
        let w = &self.syn.word_at;
        let i = self.first + k;
        // Checked as UTF-8 here, not when read back: a query reads few.
        str_at(&self.syn.words, w[i] as usize, w[i + 1] as usize).unwrap_or_default()
    }

    pub fn words(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len).map(|k| self.word(k))
    }

    /// The phrase is exactly these words.
    pub fn is(&self, words: &[String]) -> bool {
        words.len() == self.len && self.words().zip(words).all(|(a, b)| a == b)
    }
}

impl Synonyms {
    pub fn from_sets(sets: &[SynSet]) -> Synonyms {
        let (mut tools, mut set_at, mut phrase_at) = (Vec::new(), vec![0], vec![0]);
        let (mut word_at, mut words) = (vec![0], String::new());
        for s in sets {
            tools.push(s.tool.unwrap_or(NO_TOOL));
            for p in &s.phrases {
                for word in p {
                    words.push_str(word);
                    word_at.push(super::u32_of(words.len()));
                }
                phrase_at.push(super::u32_of(word_at.len() - 1));
            }
            set_at.push(super::u32_of(phrase_at.len() - 1));
        }
        Synonyms {
            tools: Slab::from(tools),
            set_at: Slab::from(set_at),
            phrase_at: Slab::from(phrase_at),
            word_at: Slab::from(word_at),
            words: Slab::from(words),
        }
    }

    /// How many sets.
    pub fn len(&self) -> usize {
        self.tools.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tools.is_empty()
    }

    /// The tool set `s` names, if it is a tool's names.
    pub fn tool(&self, s: usize) -> Option<u32> {
        self.tools.get(s).copied().filter(|&t| t != NO_TOOL)
    }

    /// How many phrases set `s` has.
    pub fn phrase_count(&self, s: usize) -> usize {
        (self.set_at[s + 1] - self.set_at[s]) as usize
    }

    /// Phrase `p` of set `s`.
    pub fn phrase(&self, s: usize, p: usize) -> Phrase<'_> {
        let i = self.set_at[s] as usize + p;
        let (a, b) = (self.phrase_at[i] as usize, self.phrase_at[i + 1] as usize);
        Phrase {
            syn: self,
            first: a,
            len: b - a,
        }
    }

    pub fn phrases(&self, s: usize) -> impl Iterator<Item = Phrase<'_>> + '_ {
        (0..self.phrase_count(s)).map(move |p| self.phrase(s, p))
    }

    /// The tables agree with each other (a set's phrases and a phrase's
    /// words in range, no empty phrase), tools
    /// below `tools`: what [`Synonyms::phrase`] assumes.
    pub(super) fn consistent(&self, tools: usize) -> bool {
        let csr = |at: &[u32], list: usize, rows: usize| {
            at.len() == rows + 1
                && at.first() == Some(&0)
                && at.windows(2).all(|w| w[0] <= w[1])
                && at.last().is_some_and(|&l| l as usize == list)
        };
        let phrases = self.phrase_at.len().saturating_sub(1);
        csr(&self.set_at, phrases, self.tools.len())
            && csr(
                &self.phrase_at,
                self.word_at.len().saturating_sub(1),
                phrases,
            )
            && self.phrase_at.windows(2).all(|w| w[0] < w[1])
            && self.word_at.first() == Some(&0)
            && self.word_at.windows(2).all(|w| w[0] <= w[1])
            && self
                .word_at
                .last()
                .is_some_and(|&l| l as usize == self.words.len())
            && self
                .tools
                .iter()
                .all(|&t| t == NO_TOOL || (t as usize) < tools)
    }
}

/// Acronyms are looked for with this many letters: two-letter ones ("CI",
/// "IT") are the initials of too many unrelated word pairs.
const ACRONYM_LETTERS: std::ops::RangeInclusive<usize> = 3..=5;
/// Expansions kept per acronym.
const MAX_EXPANSIONS: usize = 4;

pub fn build(
    corpus: &Corpus,
    roles: &[Role],
    tools: &[Tool],
    table: &[Vec<String>],
) -> Vec<SynSet> {
    let mut sets = Vec::new();
    for (t, tool) in tools.iter().enumerate() {
        let mut phrases: Vec<Vec<String>> = Vec::new();
        let names = std::iter::once(tool.name.as_str())
            .chain(std::iter::once(tool.id.as_str()))
            .chain(tool.aliases.iter().map(String::as_str));
        for name in names {
            let words = normalise::words(name);
            if !words.is_empty() && !phrases.contains(&words) {
                phrases.push(words);
            }
        }
        sets.push(SynSet {
            phrases,
            tool: Some(super::u32_of(t)),
        });
    }
    for row in table {
        let phrases: Vec<Vec<String>> = row
            .iter()
            .map(|p| normalise::words(p))
            .filter(|w| !w.is_empty())
            .collect();
        if phrases.len() >= 2 {
            sets.push(SynSet {
                phrases,
                tool: None,
            });
        }
    }
    // Acronyms are learnt from all the content's prose, searchable or not
    // (a category, a profile row): "Infrastructure as Code" is a category.
    let mut prose: Vec<&str> = (0..corpus.len()).map(|i| corpus.text(i)).collect();
    for t in tools {
        prose.push(&t.description);
        prose.push(&t.category);
    }
    for r in roles {
        let p = &r.profile;
        prose.push(&r.summary);
        prose.extend(
            [
                &p.focus,
                &p.serves,
                &p.audience,
                &p.typical_org,
                &p.typical_day,
                &p.ownership,
                &p.measured_by,
            ]
            .map(String::as_str),
        );
    }
    sets.extend(acronyms(&prose));
    sets
}

/// An acronym as written ("IaC", "SLOs", "MTTR"): three to five letters,
/// starting upper case, with at least two capitals; a plural "s" after a
/// capital is dropped. Returns it folded.
fn acronym(word: &str) -> Option<String> {
    let w = match word.strip_suffix('s') {
        Some(stem) if stem.ends_with(|c: char| c.is_ascii_uppercase()) => stem,
        _ => word,
    };
    let upper = w.bytes().filter(u8::is_ascii_uppercase).count();
    (ACRONYM_LETTERS.contains(&w.len())
        && w.bytes().all(|b| b.is_ascii_alphabetic())
        && w.starts_with(|c: char| c.is_ascii_uppercase())
        && upper >= 2
        // "DevOps", "GitHub": words with capitals inside, not initials.
        && w.len() - upper <= 1)
        .then(|| w.to_ascii_lowercase())
}

fn split(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Acronyms of the texts with the phrases they abbreviate: word runs of
/// the texts whose initials spell an acronym, written in title case
/// ("Infrastructure as Code") or in a text that also has the acronym
/// ("mean time to detect (MTTD)"), and that start and end with a real
/// word.
fn acronyms(prose: &[&str]) -> Vec<SynSet> {
    let mut found: HashSet<String> = HashSet::new();
    for text in prose {
        for w in split(text) {
            if let Some(a) = acronym(w) {
                found.insert(a);
            }
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    let firsts: HashSet<char> = found.iter().filter_map(|a| a.chars().next()).collect();
    let mut expansions: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    let mut seen_texts: HashSet<&str> = HashSet::new();
    for &text in prose {
        if !seen_texts.insert(text) {
            continue;
        }
        let words = split(text);
        let folded: Vec<String> = words
            .iter()
            .map(|w| normalise::fold(w).into_owned())
            .collect();
        let here: HashSet<String> = words.iter().filter_map(|w| acronym(w)).collect();
        for start in 0..words.len() {
            let Some(f) = folded[start].chars().next() else {
                continue;
            };
            if !firsts.contains(&f) {
                continue;
            }
            for len in ACRONYM_LETTERS {
                let Some(run) = folded.get(start..start + len) else {
                    break;
                };
                let initials: String = run.iter().filter_map(|w| w.chars().next()).collect();
                if !found.contains(&initials) {
                    continue;
                }
                let real = |w: &String| !normalise::is_stopword(w) && w.len() >= 3;
                let title = words[start..start + len].iter().zip(run).all(|(orig, f)| {
                    normalise::is_stopword(f) || orig.starts_with(char::is_uppercase)
                });
                if real(&run[0])
                    && real(&run[len - 1])
                    && run.iter().all(|w| w.chars().all(char::is_alphabetic))
                    && (title || here.contains(&initials))
                {
                    let list = expansions.entry(initials).or_default();
                    if list.len() < MAX_EXPANSIONS && !list.iter().any(|p| p == run) {
                        list.push(run.to_vec());
                    }
                }
            }
        }
    }
    let mut out: Vec<(String, Vec<Vec<String>>)> = expansions.into_iter().collect();
    out.sort();
    out.into_iter()
        .map(|(a, phrases)| SynSet {
            phrases: std::iter::once(vec![a]).chain(phrases).collect(),
            tool: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_are_initials_written_in_capitals() {
        assert_eq!(acronym("IaC").as_deref(), Some("iac"));
        assert_eq!(acronym("SLOs").as_deref(), Some("slo"));
        assert_eq!(acronym("MTTR").as_deref(), Some("mttr"));
        assert_eq!(acronym("DevOps"), None);
        assert_eq!(acronym("CI"), None);
        assert_eq!(acronym("Kubernetes"), None);
    }

    #[test]
    fn the_shipped_content_spells_out_its_acronyms() {
        let cat = crate::Catalog::builtin();
        let sets = cat.corpus().synonym_sets();
        let has = |a: &str, phrase: &str| {
            let p: Vec<String> = phrase.split(' ').map(String::from).collect();
            (0..sets.len()).any(|s| {
                sets.phrases(s).any(|x| x.is(&[a.to_string()])) && sets.phrases(s).any(|x| x.is(&p))
            })
        };
        assert!(has("iac", "infrastructure as code"), "{sets:#?}");
        // "the enterprise service bus (ESB)" spells it out beside it.
        assert!(has("esb", "enterprise service bus"), "{sets:#?}");
        assert!(has("sre", "site reliability engineering"), "{sets:#?}");
    }
}

/// The synonym phrases by the stem of their first word, so a query word
/// looks up only the phrases it can start.
#[derive(Debug, Default, Clone)]
pub struct PhraseIndex {
    /// (set, phrase) pairs, by first-word stem: stem `s`'s are
    /// `sets[at[s]..at[s + 1]]` (same for `phrases`).
    pub(super) sets: Slab<u32>,
    pub(super) phrases: Slab<u32>,
    pub(super) at: Slab<u32>,
    /// Phrases whose first word is not a corpus word (from the content's
    /// table): few, checked for every query word.
    pub(super) other: Vec<(u32, u32)>,
}

impl PhraseIndex {
    pub fn build(dict: &super::Dictionary, sets: &Synonyms) -> PhraseIndex {
        let stemmer = normalise::stemmer();
        let stems = dict.stem_count();
        let mut by: Vec<Vec<(u32, u32)>> = vec![Vec::new(); stems];
        let mut other = Vec::new();
        for s in 0..sets.len() {
            for (p, phrase) in sets.phrases(s).enumerate() {
                let pair = (super::u32_of(s), super::u32_of(p));
                match dict.stem_index(&normalise::stem(&stemmer, phrase.word(0))) {
                    Some(st) => by[st].push(pair),
                    None => other.push(pair),
                }
            }
        }
        let (mut set, mut phrases, mut at) = (Vec::new(), Vec::new(), vec![0]);
        for list in by {
            for (s, p) in list {
                set.push(s);
                phrases.push(p);
            }
            at.push(super::u32_of(set.len()));
        }
        PhraseIndex {
            sets: Slab::from(set),
            phrases: Slab::from(phrases),
            at: Slab::from(at),
            other,
        }
    }

    /// The (set, phrase) pairs whose first word has stem `s`.
    pub fn of_stem(&self, s: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
        let (a, b) = match (self.at.get(s), self.at.get(s + 1)) {
            (Some(&a), Some(&b)) => (a as usize, b as usize),
            _ => (0, 0),
        };
        self.sets[a..b]
            .iter()
            .copied()
            .zip(self.phrases[a..b].iter().copied())
    }
}
