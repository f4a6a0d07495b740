//! Finding the content's phrases in an ad's words: cues by their plain
//! words (a `*` after a word matches any ending: "deploy*"), the roles'
//! signals by stems, tools by name and alias.

use std::collections::HashMap;

use super::text::{Token, plain, stem, tokenize};

/// How an ad's word must be written to match a one-word phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseRule {
    Any,
    /// Short phrases ("aws", "san", "tf") only as capitals, so "San
    /// Francisco" and "this ad" stay out.
    Upper,
    /// Tool aliases that are also ordinary words ("actions", "vault") only
    /// capitalised.
    Capital,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Plain,
    Stem,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Word {
    Exact(String),
    Prefix(String),
}

impl Word {
    fn matches(&self, form: &str) -> bool {
        match self {
            Word::Exact(w) => w == form,
            Word::Prefix(p) => form.starts_with(p.as_str()),
        }
    }
}

#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<Word>,
    mode: Mode,
    case: CaseRule,
    /// Everything the phrase stands for: at 1000x content a signal term is
    /// in a thousand roles, and is compared with the ad once.
    targets: Vec<usize>,
}

/// A phrase found: which phrase (see [`Matcher::targets`]), over which of
/// the sentence's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub phrase: usize,
    /// Token range in the sentence.
    pub from: usize,
    pub to: usize,
}

/// Phrases indexed by their first word, so a sentence is read once however
/// many phrases there are.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    phrases: Vec<Phrase>,
    plain_first: HashMap<String, Vec<usize>>,
    stem_first: HashMap<String, Vec<usize>>,
    prefix_first: Vec<usize>,
    /// The same words, mode and case rule are one phrase.
    known: HashMap<(Vec<Word>, Mode, CaseRule), usize>,
}

/// The words of a phrase as `mode` compares them; `None` for a phrase with
/// no words.
fn parse(term: &str, mode: Mode) -> Option<Vec<Word>> {
    let chars: Vec<char> = term.chars().collect();
    let words: Vec<Word> = tokenize(term)
        .into_iter()
        .map(|t| {
            let raw: String = chars[t.start..t.end].iter().collect();
            let wild = chars.get(t.end) == Some(&'*');
            let form = match mode {
                Mode::Plain => plain(&raw),
                Mode::Stem => stem(&raw),
            };
            if wild {
                Word::Prefix(plain(&raw))
            } else {
                Word::Exact(form)
            }
        })
        .collect();
    (!words.is_empty()).then_some(words)
}

impl Matcher {
    /// Adds a phrase; returns false when it has no words.
    pub fn add(&mut self, term: &str, mode: Mode, case: CaseRule, target: usize) -> bool {
        let Some(words) = parse(term, mode) else {
            return false;
        };
        let key = (words, mode, case);
        if let Some(&id) = self.known.get(&key) {
            self.phrases[id].targets.push(target);
            return true;
        }
        let (words, mode, case) = key;
        let id = self.phrases.len();
        self.known.insert((words.clone(), mode, case), id);
        match (&words[0], mode) {
            (Word::Prefix(_), _) => self.prefix_first.push(id),
            (Word::Exact(w), Mode::Plain) => {
                self.plain_first.entry(w.clone()).or_default().push(id)
            }
            (Word::Exact(w), Mode::Stem) => self.stem_first.entry(w.clone()).or_default().push(id),
        }
        self.phrases.push(Phrase {
            words,
            mode,
            case,
            targets: vec![target],
        });
        true
    }

    /// What a found phrase stands for, in the order added.
    pub fn targets(&self, phrase: usize) -> &[usize] {
        &self.phrases[phrase].targets
    }

    /// Every phrase found in the sentence's words. `any_capitals` is whether
    /// the ad uses capitals at all: one written all in lowercase can't be held
    /// to the case rules.
    pub fn find(&self, toks: &[Token], any_capitals: bool) -> Vec<Hit> {
        let mut hits = Vec::new();
        for i in 0..toks.len() {
            let candidates = self
                .plain_first
                .get(&toks[i].plain)
                .into_iter()
                .flatten()
                .chain(self.stem_first.get(&toks[i].stem).into_iter().flatten())
                .chain(self.prefix_first.iter());
            for &p in candidates {
                let ph = &self.phrases[p];
                let n = ph.words.len();
                if i + n > toks.len() {
                    continue;
                }
                let ok = ph
                    .words
                    .iter()
                    .zip(&toks[i..i + n])
                    .all(|(w, t)| match (w, ph.mode) {
                        (Word::Prefix(_), _) | (_, Mode::Plain) => w.matches(&t.plain),
                        (_, Mode::Stem) => w.matches(&t.stem),
                    });
                if !ok {
                    continue;
                }
                if n == 1 && any_capitals {
                    let t = &toks[i];
                    let fits = match ph.case {
                        CaseRule::Any => true,
                        CaseRule::Upper => t.upper,
                        CaseRule::Capital => t.capital,
                    };
                    if !fits {
                        continue;
                    }
                }
                hits.push(Hit {
                    phrase: p,
                    from: i,
                    to: i + n,
                });
            }
        }
        hits
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(m: &Matcher, text: &str) -> Vec<usize> {
        m.find(&tokenize(text), true)
            .iter()
            .flat_map(|h| m.targets(h.phrase).to_vec())
            .collect()
    }

    #[test]
    fn plain_phrases_keep_plurals_apart_and_stars_match_endings() {
        let mut m = Matcher::default();
        m.add("product teams", Mode::Plain, CaseRule::Any, 1);
        m.add("deploy* the app*", Mode::Plain, CaseRule::Any, 2);
        assert_eq!(targets(&m, "support our product team"), Vec::<usize>::new());
        assert_eq!(targets(&m, "support the Product Teams"), vec![1]);
        assert_eq!(targets(&m, "deploying the application"), vec![2]);
    }

    #[test]
    fn the_same_phrase_added_twice_is_compared_once_and_stands_for_both() {
        let mut m = Matcher::default();
        m.add("golden path", Mode::Stem, CaseRule::Any, 1);
        m.add("Golden paths", Mode::Stem, CaseRule::Any, 2);
        m.add("golden path", Mode::Plain, CaseRule::Any, 3);
        assert_eq!(m.len(), 2);
        assert_eq!(targets(&m, "our golden paths"), vec![1, 2]);
        assert_eq!(targets(&m, "a golden path"), vec![3, 1, 2]);
    }

    #[test]
    fn stems_join_inflections_and_case_rules_hold() {
        let mut m = Matcher::default();
        m.add("golden path", Mode::Stem, CaseRule::Any, 1);
        m.add("aws", Mode::Plain, CaseRule::Upper, 2);
        m.add("vault", Mode::Plain, CaseRule::Capital, 3);
        assert_eq!(targets(&m, "Golden Paths for all"), vec![1]);
        assert_eq!(targets(&m, "we use AWS and Vault"), vec![2, 3]);
        assert_eq!(
            targets(&m, "aws and the vault of heaven, Sir"),
            Vec::<usize>::new()
        );
        // All in lowercase: the case rules can't apply.
        assert_eq!(m.find(&tokenize("aws"), false).len(), 1);
    }
}
