//! Words learned from the labelled postings: ordinary words ads use for who
//! the work serves and at which layer ("developers", "product", "network")
//! that the content's cues do not hold.
//!
//! Each ad is a bag of the reader's stems per part; training keeps the words
//! that most tell the classes apart *in its own training ads* (a document
//! frequency floor, then the top few by a chi² of presence against each
//! class), so a cross-validated figure never rests on words chosen with the
//! held-out ads in view. The chosen words become extra features with their
//! own, stronger penalty, or a few naive-Bayes scores (NB-LR).
//!
//! Measured with `TRAIN_WORDS` (examples/train-analyzer.rs) and not shipped:
//! no setting moved the best-role figure by as much as one ad over fresh
//! deals of the folds, with single words or with pairs of adjacent ones
//! (`grams=2|3`; README, "How well it reads").

use std::collections::{BTreeMap, HashMap};

use super::features::Bucket;
use super::sections::Ad;
use super::text::for_each_word;

/// How the words are chosen and counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// How many words to keep (0: no words at all).
    pub top: usize,
    /// A word must be in at least this many training ads.
    pub min_df: usize,
    /// … and in at most this share of them (a word nearly every ad uses
    /// says nothing: this is what drops the stop words).
    pub max_df: f64,
    /// How much a word counts in the duties, the requirements and the rest.
    pub part_weights: [f64; 3],
    /// Whether a word counts as present (1) or as ln(1 + weighted count).
    pub presence: bool,
    /// The features are multiplied by this: a penalty 1/scale² as strong as
    /// the cues' on their weights.
    pub scale: f64,
    /// Instead of one feature per word, one per class: the ad's mean
    /// naive-Bayes log-count ratio of the class against the rest over the
    /// chosen words (NB-LR). Training ads get theirs from a naive Bayes
    /// fitted on the other training ads ([`CROSS_FIT`] folds), or the
    /// regression would trust scores that saw their own ads.
    pub naive_bayes: bool,
    /// Which n-grams may be chosen: 1 single words, 2 pairs of adjacent
    /// words ("first product", "across teams"), 3 both.
    pub grams: u8,
}

/// How many folds the training ads' own naive-Bayes scores are fitted in.
pub const CROSS_FIT: usize = 5;
/// Naive-Bayes smoothing (added to every word's count per class).
pub const ALPHA: f64 = 0.5;

impl Params {
    /// No learned words.
    pub const OFF: Params = Params {
        top: 0,
        min_df: 3,
        max_df: 0.5,
        part_weights: [1.0, 0.5, 0.0],
        presence: false,
        scale: 0.5,
        naive_bayes: false,
        grams: 1,
    };

    /// Reads `top=60,df=3,max=0.5,parts=1:0.5:0,presence,scale=0.5`; what
    /// it does not name is as in `base`.
    pub fn parse(s: &str, base: &Params) -> Params {
        let mut p = base.clone();
        for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (k, v) = item.split_once('=').unwrap_or((item, ""));
            match k {
                "top" => p.top = v.parse().unwrap_or(p.top),
                "df" => p.min_df = v.parse().unwrap_or(p.min_df),
                "max" => p.max_df = v.parse().unwrap_or(p.max_df),
                "scale" => p.scale = v.parse().unwrap_or(p.scale),
                "presence" => p.presence = true,
                "nb" => p.naive_bayes = true,
                "grams" => p.grams = v.parse().unwrap_or(p.grams),
                "log" => p.presence = false,
                "parts" => {
                    let w: Vec<f64> = v.split(':').filter_map(|x| x.parse().ok()).collect();
                    if w.len() == 3 {
                        p.part_weights = [w[0], w[1], w[2]];
                    }
                }
                _ => {}
            }
        }
        p
    }
}

/// An ad's words: each stem's count in each part.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bag {
    counts: BTreeMap<String, [u32; 3]>,
}

/// Whether a word is worth counting at all: three letters or more, not a
/// number.
fn wordlike(stem: &str) -> bool {
    stem.chars().count() >= 3 && stem.chars().any(char::is_alphabetic)
}

impl Bag {
    /// Every stem of the ad's body (headings and boilerplate left out).
    pub fn of(ad: &Ad) -> Bag {
        let mut counts: BTreeMap<String, [u32; 3]> = BTreeMap::new();
        for s in ad.sentences.iter().filter(|s| !s.heading) {
            let Some(b) = Bucket::of(s.part) else {
                continue;
            };
            let mut last: Option<String> = None;
            for_each_word(&s.text, |_, _, w| {
                let st = super::text::stem(w);
                let alpha = st.chars().all(char::is_alphabetic);
                if let Some(prev) = last.take().filter(|_| alpha) {
                    counts.entry(format!("{prev} {st}")).or_default()[b.index()] += 1;
                }
                if wordlike(&st) {
                    counts.entry(st.clone()).or_default()[b.index()] += 1;
                }
                last = alpha.then_some(st);
            });
        }
        Bag { counts }
    }

    fn weighted(&self, word: &str, p: &Params) -> f64 {
        self.counts.get(word).map_or(0.0, |c| {
            c.iter()
                .zip(p.part_weights)
                .map(|(&n, w)| f64::from(n) * w)
                .sum()
        })
    }

    fn present(&self, word: &str, p: &Params) -> bool {
        self.weighted(word, p) > 0.0
    }
}

/// The chosen words, in order of their features.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vocabulary {
    pub words: Vec<String>,
    pub params: Option<Params>,
    /// With [`Params::naive_bayes`]: per word, its log-count ratio for each
    /// class against the rest.
    pub ratios: Vec<Vec<f64>>,
}

impl Vocabulary {
    /// The words that best tell the classes apart in these training ads.
    /// `targets[i]` is ad i's share of each class (summing to 1).
    pub fn select(bags: &[&Bag], targets: &[Vec<f64>], p: &Params) -> Vocabulary {
        if p.top == 0 || bags.is_empty() {
            return Vocabulary::default();
        }
        let n = bags.len() as f64;
        let mut df: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, b) in bags.iter().enumerate() {
            for w in b.counts.keys() {
                let gram = if w.contains(' ') { 2 } else { 1 };
                if p.grams & gram != 0 && b.present(w, p) {
                    df.entry(w.as_str()).or_default().push(i);
                }
            }
        }
        let classes = targets.first().map_or(0, Vec::len);
        let totals: Vec<f64> = (0..classes)
            .map(|c| targets.iter().map(|t| t[c]).sum())
            .collect();
        let mut scored: Vec<(f64, &str)> = df
            .iter()
            .filter(|(_, ads)| ads.len() >= p.min_df && ads.len() as f64 <= p.max_df * n)
            .map(|(&w, ads)| {
                let with = ads.len() as f64;
                let best = (0..classes)
                    .map(|c| {
                        let a: f64 = ads.iter().map(|&i| targets[i][c]).sum();
                        let b = with - a;
                        let c2 = totals[c] - a;
                        let d = n - with - c2;
                        let den = with * (n - with) * totals[c] * (n - totals[c]);
                        if den <= 0.0 {
                            0.0
                        } else {
                            n * (a * d - b * c2).powi(2) / den
                        }
                    })
                    .fold(0.0, f64::max);
                (best, w)
            })
            .collect();
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(y.1)));
        Vocabulary {
            words: scored
                .into_iter()
                .take(p.top)
                .map(|(_, w)| w.to_string())
                .collect(),
            params: Some(p.clone()),
            ratios: Vec::new(),
        }
        .with_ratios(bags, targets)
    }

    /// The chosen words and, for the training ads themselves, their
    /// feature rows: as [`Vocabulary::values`] for word features; for
    /// naive-Bayes ones, each from a naive Bayes fitted without the ad.
    pub fn fit(bags: &[&Bag], targets: &[Vec<f64>], p: &Params) -> (Vocabulary, Vec<Vec<f64>>) {
        let v = Vocabulary::select(bags, targets, p);
        if !p.naive_bayes || v.words.is_empty() {
            let rows = bags.iter().map(|b| v.values(b)).collect();
            return (v, rows);
        }
        let mut rows = vec![Vec::new(); bags.len()];
        for k in 0..CROSS_FIT {
            let (mut tb, mut tt) = (Vec::new(), Vec::new());
            for i in (0..bags.len()).filter(|i| i % CROSS_FIT != k) {
                tb.push(bags[i]);
                tt.push(targets[i].clone());
            }
            let inner = Vocabulary {
                words: v.words.clone(),
                params: v.params.clone(),
                ratios: Vec::new(),
            }
            .with_ratios(&tb, &tt);
            for i in (0..bags.len()).filter(|i| i % CROSS_FIT == k) {
                rows[i] = inner.values(bags[i]);
            }
        }
        (v, rows)
    }

    fn with_ratios(mut self, bags: &[&Bag], targets: &[Vec<f64>]) -> Vocabulary {
        let Some(p) = self.params.clone().filter(|p| p.naive_bayes) else {
            return self;
        };
        let classes = targets.first().map_or(0, Vec::len);
        let x: Vec<Vec<f64>> = bags
            .iter()
            .map(|b| {
                self.words
                    .iter()
                    .map(|w| b.weighted(w, &p).ln_1p())
                    .collect()
            })
            .collect();
        let mut mass = vec![vec![0.0; self.words.len()]; classes];
        for (row, t) in x.iter().zip(targets) {
            for c in 0..classes {
                for (m, v) in mass[c].iter_mut().zip(row) {
                    *m += t[c] * v;
                }
            }
        }
        let all: Vec<f64> = (0..self.words.len())
            .map(|w| (0..classes).map(|c| mass[c][w]).sum())
            .collect();
        let norm = |v: &[f64]| -> Vec<f64> {
            let total: f64 = v.iter().map(|m| m + ALPHA).sum();
            v.iter().map(|m| ((m + ALPHA) / total).ln()).collect()
        };
        let per_class: Vec<Vec<f64>> = (0..classes)
            .map(|c| {
                let rest: Vec<f64> = all.iter().zip(&mass[c]).map(|(a, m)| a - m).collect();
                let (mine, other) = (norm(&mass[c]), norm(&rest));
                mine.iter().zip(&other).map(|(a, b)| a - b).collect()
            })
            .collect();
        self.ratios = (0..self.words.len())
            .map(|w| per_class.iter().map(|r| r[w]).collect())
            .collect();
        self
    }

    /// The ad's value of each word's feature.
    pub fn values(&self, bag: &Bag) -> Vec<f64> {
        let Some(p) = &self.params else {
            return Vec::new();
        };
        if p.naive_bayes {
            let classes = self.ratios.first().map_or(0, Vec::len);
            let mut s = vec![0.0; classes];
            let mut total = 0.0;
            for (w, r) in self.words.iter().zip(&self.ratios) {
                let x = bag.weighted(w, p).ln_1p();
                total += x;
                for (s, r) in s.iter_mut().zip(r) {
                    *s += x * r;
                }
            }
            return s.into_iter().map(|v| p.scale * v / (total + 1.0)).collect();
        }
        self.words
            .iter()
            .map(|w| {
                let x = bag.weighted(w, p);
                let v = if p.presence {
                    f64::from(u8::from(x > 0.0))
                } else {
                    x.ln_1p()
                };
                v * p.scale
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::sections::{Part, Sentence};

    fn bag(duties: &str) -> Bag {
        Bag::of(&Ad {
            title: None,
            sentences: vec![Sentence {
                text: duties.to_string(),
                line: 1,
                part: Part::Duties,
                heading: false,
            }],
            truncated: false,
        })
    }

    fn data() -> (Vec<Bag>, Vec<Vec<f64>>) {
        let mut bags = Vec::new();
        let mut targets = Vec::new();
        for i in 0..12 {
            let platform = i % 2 == 0;
            let text = if platform {
                "the team supports developers with pipelines"
            } else {
                "the team runs the network and pipelines"
            };
            bags.push(bag(text));
            targets.push(if platform {
                vec![1.0, 0.0]
            } else {
                vec![0.0, 1.0]
            });
        }
        (bags, targets)
    }

    #[test]
    fn the_words_that_tell_classes_apart_are_chosen_and_common_ones_are_not() {
        let (bags, targets) = data();
        let refs: Vec<&Bag> = bags.iter().collect();
        let p = Params::parse("top=2,df=3,max=0.9", &Params::OFF);
        let v = Vocabulary::select(&refs, &targets, &p);
        let mut words = v.words.clone();
        words.sort();
        // "team" and "pipelines" are in every ad (over the share), "the" too.
        assert_eq!(words.len(), 2, "{words:?}");
        assert!(!words.iter().any(|w| w == "team" || w == "pipeline"));
        assert!(
            Vocabulary::select(&refs, &targets, &Params::OFF)
                .words
                .is_empty()
        );
    }

    #[test]
    fn naive_bayes_scores_lean_to_the_class_whose_words_an_ad_uses() {
        let (bags, targets) = data();
        let refs: Vec<&Bag> = bags.iter().collect();
        let p = Params::parse("top=50,df=3,max=0.9,nb,scale=1", &Params::OFF);
        let (v, rows) = Vocabulary::fit(&refs, &targets, &p);
        let s = v.values(&bag("we support developers"));
        assert!(s[0] > 0.0 && s[1] < 0.0, "{s:?}");
        // Each training ad's own row (fitted without it) leans the same way.
        assert_eq!(rows.len(), bags.len());
        assert!(rows[0][0] > 0.0 && rows[1][1] > 0.0, "{rows:?}");
    }
}
