//! Words learned from the labelled postings: ordinary words ads use for who
//! the work serves and at which layer ("developers", "product", "network")
//! that the content's cues do not hold.
//!
//! Each ad is a bag of the reader's stems per part; training keeps the words
//! that most tell the classes apart *in its own training ads* (a document
//! frequency floor, then the top few by a chi² of presence against each
//! class), so a cross-validated figure never rests on words chosen with the
//! held-out ads in view. The chosen words become extra features with their
//! own, stronger penalty.

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
}

impl Params {
    /// No learned words.
    pub const OFF: Params = Params {
        top: 0,
        min_df: 3,
        max_df: 0.5,
        part_weights: [1.0, 0.5, 0.0],
        presence: false,
        scale: 0.5,
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
            for_each_word(&s.text, |_, _, w| {
                let st = super::text::stem(w);
                if wordlike(&st) {
                    counts.entry(st).or_default()[b.index()] += 1;
                }
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
                if b.present(w, p) {
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
        }
    }

    /// The ad's value of each word's feature.
    pub fn values(&self, bag: &Bag) -> Vec<f64> {
        let Some(p) = &self.params else {
            return Vec::new();
        };
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
