//! The model: a multinomial logistic regression. Each class (a role, or
//! "none of these roles") scores `bias + weights · features + shared ·
//! role_features`; a softmax turns the scores into probabilities.
//!
//! The shared part weighs what is measured against each role (its own
//! signals and tools, whether the title names it) the same for every role,
//! so a role from a user's pack, which has no weights of its own, is still
//! read through it.

use crate::catalog::Catalog;
use crate::content::ReaderModel;

use super::features::{Features, SHARED_NAMES, Tables};

/// What a class is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    Role(usize),
    None,
}

#[derive(Debug, Clone)]
struct Row {
    class: Class,
    bias: f64,
    /// Aligned with [`Tables::global_names`]; zero for a feature the model
    /// does not know.
    weights: Vec<f64>,
    /// Where the class's training ads sit on the map.
    place: Option<(f64, f64)>,
}

/// The content's model, aligned with the tables' features.
#[derive(Debug, Clone)]
pub struct Model {
    rows: Vec<Row>,
    shared: Vec<f64>,
    pub high: f64,
    pub medium: f64,
    /// The bar for flagging a title that names other roles.
    pub mismatch: f64,
    /// Which of the title's roles the answer is checked against.
    pub mismatch_rule: MismatchRule,
    /// False when the content has no model (a pack that replaced it with
    /// nothing): every class then scores the same.
    pub trained: bool,
    /// Per feature, the mean of all classes' weights (see [`Model::lean`]),
    /// computed once: a big pack has thousands of classes.
    mean: Vec<f64>,
}

/// When a title is flagged as naming another role than the duties'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MismatchRule {
    /// Check the answer against the roles the title claims (named by their
    /// own names) rather than every role it names.
    pub claimed: bool,
    /// Flag a title that names no role when the duties read as one.
    pub untitled: bool,
}

impl MismatchRule {
    pub const ALL: [MismatchRule; 4] = [
        MismatchRule {
            claimed: false,
            untitled: false,
        },
        MismatchRule {
            claimed: true,
            untitled: false,
        },
        MismatchRule {
            claimed: false,
            untitled: true,
        },
        MismatchRule {
            claimed: true,
            untitled: true,
        },
    ];

    /// Reads the content's name for a rule; an unknown one is the first.
    pub fn parse(s: &str) -> MismatchRule {
        MismatchRule::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .unwrap_or_default()
    }

    pub fn name(self) -> &'static str {
        match (self.claimed, self.untitled) {
            (false, false) => "named",
            (true, false) => "claimed",
            (false, true) => "named-or-untitled",
            (true, true) => "claimed-or-untitled",
        }
    }

    /// Whether the answer (`None`: none of the roles) disagrees with the
    /// title, given every role it names and the roles it claims.
    pub fn disagrees<T: PartialEq>(self, named: &[T], claimed: &[T], answer: Option<&T>) -> bool {
        let against = if self.claimed { claimed } else { named };
        if against.is_empty() {
            return self.untitled && answer.is_some();
        }
        answer.is_none_or(|a| !against.contains(a))
    }
}

/// A class's share of one ad.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub class: Class,
    pub logit: f64,
    pub probability: f64,
}

impl Model {
    pub fn new(cat: &Catalog, tables: &Tables) -> Model {
        let names = tables.global_names();
        let Some(m) = cat.guide.reader_model.as_ref() else {
            return Model::untrained(cat, names.len());
        };
        Model::from_content(cat, names, m)
    }

    fn untrained(cat: &Catalog, n: usize) -> Model {
        let mut rows: Vec<Row> = (0..cat.roles.len())
            .map(|r| Row {
                class: Class::Role(r),
                bias: 0.0,
                weights: vec![0.0; n],
                place: None,
            })
            .collect();
        rows.push(Row {
            class: Class::None,
            bias: 0.0,
            weights: vec![0.0; n],
            place: None,
        });
        Model {
            rows,
            shared: vec![0.0; SHARED_NAMES.len()],
            high: 1.1,
            medium: 1.1,
            mismatch: 1.1,
            mismatch_rule: MismatchRule::default(),
            trained: false,
            mean: vec![0.0; n],
        }
    }

    pub fn from_content(cat: &Catalog, names: &[String], m: &ReaderModel) -> Model {
        let slot: std::collections::HashMap<&str, usize> = m
            .features
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let align = |w: &[f64]| -> Vec<f64> {
            names
                .iter()
                .map(|n| {
                    slot.get(n.as_str())
                        .and_then(|&i| w.get(i))
                        .copied()
                        .unwrap_or(0.0)
                })
                .collect()
        };
        let mut rows = Vec::new();
        let mut role_biases = Vec::new();
        let mut have = vec![false; cat.roles.len()];
        for c in &m.classes {
            let class = if c.class == "none" {
                Class::None
            } else if let Some(r) = cat.role_index(&c.class) {
                have[r] = true;
                role_biases.push(c.bias);
                Class::Role(r)
            } else {
                continue;
            };
            rows.push(Row {
                class,
                bias: c.bias,
                weights: align(&c.weights),
                place: Some((c.audience, c.layer)),
            });
        }
        // A role without weights of its own is read through the shared part,
        // from an average start.
        let mean_bias = if role_biases.is_empty() {
            0.0
        } else {
            role_biases.iter().sum::<f64>() / role_biases.len() as f64
        };
        for (r, has) in have.iter().enumerate() {
            if !has {
                rows.push(Row {
                    class: Class::Role(r),
                    bias: mean_bias,
                    weights: vec![0.0; names.len()],
                    place: None,
                });
            }
        }
        if !rows.iter().any(|r| r.class == Class::None) {
            rows.push(Row {
                class: Class::None,
                bias: f64::NEG_INFINITY,
                weights: vec![0.0; names.len()],
                place: None,
            });
        }
        let shared = SHARED_NAMES
            .iter()
            .map(|n| {
                m.shared
                    .iter()
                    .position(|s| s == n)
                    .and_then(|i| m.shared_weights.get(i))
                    .copied()
                    .unwrap_or(0.0)
            })
            .collect();
        let mut mean = vec![0.0; names.len()];
        for row in &rows {
            for (m, w) in mean.iter_mut().zip(&row.weights) {
                *m += w / rows.len() as f64;
            }
        }
        Model {
            rows,
            shared,
            high: m.high_confidence,
            medium: m.medium_confidence,
            mismatch: m.mismatch_confidence,
            mismatch_rule: MismatchRule::parse(&m.mismatch_rule),
            trained: true,
            mean,
        }
    }

    /// Every class's logit and probability, in the model's class order.
    pub fn score(&self, f: &Features) -> Vec<Scored> {
        let logits: Vec<f64> = self.rows.iter().map(|row| self.logit(row, f)).collect();
        let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exp: Vec<f64> = logits.iter().map(|l| (l - top).exp()).collect();
        let sum: f64 = exp.iter().sum();
        self.rows
            .iter()
            .zip(logits.iter().zip(exp))
            .map(|(row, (&logit, e))| Scored {
                class: row.class,
                logit,
                probability: if sum > 0.0 { e / sum } else { 0.0 },
            })
            .collect()
    }

    fn logit(&self, row: &Row, f: &Features) -> f64 {
        let mut s = row.bias + dot(&row.weights, &f.global);
        if let Class::Role(r) = row.class
            && let Some(g) = f.shared.get(r)
        {
            s += dot(&self.shared, g);
        }
        s
    }

    /// How much feature `j` pushes `class` up (+) or down (−) against the
    /// other classes, per unit of the feature: the class's weight less the
    /// mean of all classes' (a softmax only sees differences).
    pub fn lean(&self, class: Class, j: usize) -> f64 {
        self.rows
            .iter()
            .find(|r| r.class == class)
            .map_or(0.0, |r| r.weights[j] - self.mean[j])
    }

    /// The classes with weights of their own (the trained roles and
    /// "none"): only they lean on a feature one way or the other.
    pub fn weighted_classes(&self) -> impl Iterator<Item = (Class, &[f64])> {
        self.rows
            .iter()
            .filter(|r| r.place.is_some())
            .map(|r| (r.class, r.weights.as_slice()))
    }

    pub fn mean_weight(&self, j: usize) -> f64 {
        self.mean[j]
    }

    pub fn shared_weight(&self, k: usize) -> f64 {
        self.shared[k]
    }

    pub fn place(&self, class: Class) -> Option<(f64, f64)> {
        self.rows
            .iter()
            .find(|r| r.class == class)
            .and_then(|r| r.place)
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

// ------------------------------------------------------------------ fitting

/// One training ad: its features and how much each class is its answer
/// (two labellers who disagree give each their half).
#[derive(Debug, Clone)]
pub struct Sample {
    pub global: Vec<f64>,
    /// Per class (a zero row for "none").
    pub shared: Vec<Vec<f64>>,
    pub target: Vec<f64>,
    /// How much the sample counts in the loss (1 for an ad read as it is).
    pub weight: f64,
}

/// The fitted parameters, per class in the samples' class order.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub bias: Vec<f64>,
    pub weights: Vec<Vec<f64>>,
    pub shared: Vec<f64>,
}

impl Fit {
    pub fn probabilities(&self, global: &[f64], shared: &[Vec<f64>]) -> Vec<f64> {
        let logits: Vec<f64> = (0..self.bias.len())
            .map(|c| self.bias[c] + dot(&self.weights[c], global) + dot(&self.shared, &shared[c]))
            .collect();
        softmax(&logits)
    }
}

fn softmax(logits: &[f64]) -> Vec<f64> {
    let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exp: Vec<f64> = logits.iter().map(|l| (l - top).exp()).collect();
    let sum: f64 = exp.iter().sum();
    exp.into_iter().map(|e| e / sum).collect()
}

/// Minimises the cross-entropy plus `lambda`·‖w‖² (biases are not
/// penalised) by full-batch Adam: the problem is convex and small, and a
/// fixed number of deterministic steps gives the same weights on every
/// machine. The cross-entropy is the samples' weighted mean (divided by the
/// sum of the weights, not their count), so extra or heavier samples shift
/// what is learned without weakening the penalty chosen against the mean.
pub fn fit(samples: &[Sample], lambda: f64, steps: usize) -> Fit {
    let classes = samples.first().map_or(0, |s| s.target.len());
    let nf = samples.first().map_or(0, |s| s.global.len());
    let ns = samples
        .first()
        .and_then(|s| s.shared.first())
        .map_or(0, Vec::len);
    let n = samples.iter().map(|s| s.weight).sum::<f64>();
    let n = if n > 0.0 { n } else { 1.0 };
    // Parameters in one vector: biases, then class weights, then shared.
    let len = classes + classes * nf + ns;
    let mut theta = vec![0.0f64; len];
    let (mut m1, mut m2) = (vec![0.0f64; len], vec![0.0f64; len]);
    let (rate, b1, b2, eps) = (0.05, 0.9, 0.999, 1e-8);
    let mut grad = vec![0.0f64; len];
    for step in 1..=steps {
        grad.iter_mut().for_each(|g| *g = 0.0);
        for s in samples {
            let logits: Vec<f64> = (0..classes)
                .map(|c| {
                    let w = &theta[classes + c * nf..classes + (c + 1) * nf];
                    let v = &theta[classes + classes * nf..];
                    theta[c] + dot(w, &s.global) + dot(v, &s.shared[c])
                })
                .collect();
            let p = softmax(&logits);
            for c in 0..classes {
                let d = s.weight * (p[c] - s.target[c]) / n;
                grad[c] += d;
                let off = classes + c * nf;
                for (j, x) in s.global.iter().enumerate() {
                    grad[off + j] += d * x;
                }
                let off = classes + classes * nf;
                for (k, x) in s.shared[c].iter().enumerate() {
                    grad[off + k] += d * x;
                }
            }
        }
        for i in classes..len {
            grad[i] += 2.0 * lambda * theta[i];
        }
        let t = step as i32;
        for i in 0..len {
            m1[i] = b1 * m1[i] + (1.0 - b1) * grad[i];
            m2[i] = b2 * m2[i] + (1.0 - b2) * grad[i] * grad[i];
            let mh = m1[i] / (1.0 - b1.powi(t));
            let vh = m2[i] / (1.0 - b2.powi(t));
            theta[i] -= rate * mh / (vh.sqrt() + eps);
        }
    }
    Fit {
        bias: theta[..classes].to_vec(),
        weights: (0..classes)
            .map(|c| theta[classes + c * nf..classes + (c + 1) * nf].to_vec())
            .collect(),
        shared: theta[classes + classes * nf..].to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mismatch_rules_check_the_answer_against_what_they_say() {
        let named = ["infrastructure", "platform"];
        let claimed = ["platform"];
        let infra = "infrastructure";
        let by = |name: &str| MismatchRule::parse(name);
        assert!(!by("named").disagrees(&named, &claimed, Some(&infra)));
        assert!(by("claimed").disagrees(&named, &claimed, Some(&infra)));
        assert!(by("named").disagrees(&named, &claimed, None));
        let none: [&str; 0] = [];
        assert!(!by("claimed").disagrees(&none, &none, Some(&infra)));
        assert!(by("claimed-or-untitled").disagrees(&none, &none, Some(&infra)));
        assert!(!by("named-or-untitled").disagrees(&none, &none, None));
        for r in MismatchRule::ALL {
            assert_eq!(MismatchRule::parse(r.name()), r);
        }
    }

    #[test]
    fn fitting_separates_classes_that_a_feature_tells_apart() {
        let sample = |x: f64, c: usize| Sample {
            global: vec![x],
            shared: vec![vec![0.0], vec![0.0]],
            target: if c == 0 {
                vec![1.0, 0.0]
            } else {
                vec![0.0, 1.0]
            },
            weight: 1.0,
        };
        let data: Vec<Sample> = (0..20)
            .map(|i| sample(f64::from(i % 2), i as usize % 2))
            .collect();
        let fit = fit(&data, 0.01, 500);
        let p0 = fit.probabilities(&[0.0], &[vec![0.0], vec![0.0]]);
        let p1 = fit.probabilities(&[1.0], &[vec![0.0], vec![0.0]]);
        assert!(p0[0] > 0.8 && p1[1] > 0.8, "{p0:?} {p1:?}");
    }
}
