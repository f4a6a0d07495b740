//! Learning the reader's weights from labelled postings, and measuring it
//! honestly: k-fold cross-validation, where every ad is read by a model
//! that never saw it.

use std::fmt::Write as _;

use crate::catalog::Catalog;
use crate::content::{ClassWeights, ReaderModel};

use super::Confidence;
use super::batch::Label;
use super::features::{Features, SHARED_NAMES, Tables};
use super::model::{Fit, Sample, fit};
use super::sections::split;
use super::text::normalise_text;
use super::verdict::confidence;

/// The L2 penalty: with a hundred ads and a few hundred weights, the model
/// must prefer small weights or it learns the ads by heart. Chosen by the
/// cross-validation below from 0.001, 0.003, 0.01, 0.03 and 0.1 (which
/// makes its figures slightly optimistic; see README).
pub const LAMBDA: f64 = 0.003;
pub const STEPS: usize = 1500;
pub const FOLDS: usize = 10;
/// High confidence is promised to be right this often in cross-validation …
pub const HIGH_PRECISION: f64 = 0.9;
/// … medium confidence this often (right four times in five).
pub const MEDIUM_PRECISION: f64 = 0.8;

/// A labelled ad, read.
#[derive(Debug, Clone)]
pub struct Example {
    pub label: Label,
    pub features: Features,
}

/// The class names in training order: the catalog's roles, then "none".
pub fn class_names(cat: &Catalog) -> Vec<String> {
    cat.roles
        .iter()
        .map(|r| r.id.clone())
        .chain(std::iter::once("none".to_string()))
        .collect()
}

/// Reads each labelled ad's text into features.
pub fn examples(tables: &Tables, ads: &[(Label, String)]) -> Vec<Example> {
    ads.iter()
        .map(|(label, text)| {
            let ad = split(&normalise_text(text), &tables.rules);
            Example {
                label: label.clone(),
                features: tables.extract(&ad),
            }
        })
        .collect()
}

fn sample(classes: &[String], e: &Example) -> Sample {
    let roles = classes.len() - 1;
    let shared = (0..classes.len())
        .map(|c| {
            if c < roles {
                e.features.shared[c].clone()
            } else {
                vec![0.0; SHARED_NAMES.len()]
            }
        })
        .collect();
    let mut target = vec![0.0; classes.len()];
    let picks = e.label.targets();
    for p in &picks {
        if let Some(i) = classes.iter().position(|c| c == p) {
            target[i] += 1.0 / picks.len() as f64;
        }
    }
    Sample {
        global: e.features.global.clone(),
        shared,
        target,
    }
}

/// One ad's reading by a model that did not see it.
#[derive(Debug, Clone)]
pub struct Prediction {
    pub label: Label,
    /// The class read (a role id or "none").
    pub class: String,
    pub probability: f64,
    pub title_roles: Vec<String>,
}

impl Prediction {
    pub fn confidence(&self, high: f64, medium: f64) -> Confidence {
        confidence(self.probability, high, medium)
    }
}

fn predict(classes: &[String], fit: &Fit, e: &Example, cat: &Catalog) -> Prediction {
    let s = sample(classes, e);
    let p = fit.probabilities(&s.global, &s.shared);
    let best = (0..p.len())
        .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))
        .unwrap_or(0);
    Prediction {
        label: e.label.clone(),
        class: classes[best].clone(),
        probability: p[best],
        title_roles: e
            .features
            .title_roles
            .iter()
            .map(|&r| cat.roles[r].id.clone())
            .collect(),
    }
}

/// Every ad read by a model trained on the other folds; the folds are the
/// ads in file order, dealt out in turn, so the split is the same each run.
pub fn cross_validate(
    cat: &Catalog,
    examples: &[Example],
    folds: usize,
    lambda: f64,
) -> Vec<Prediction> {
    let classes = class_names(cat);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    order.sort_by(|&a, &b| examples[a].label.file.cmp(&examples[b].label.file));
    let mut out: Vec<Option<Prediction>> = vec![None; examples.len()];
    for k in 0..folds {
        let test: Vec<usize> = order.iter().skip(k).step_by(folds).copied().collect();
        let train: Vec<Sample> = order
            .iter()
            .enumerate()
            .filter(|(n, _)| n % folds != k)
            .map(|(_, &i)| sample(&classes, &examples[i]))
            .collect();
        let f = fit(&train, lambda, STEPS);
        for i in test {
            out[i] = Some(predict(&classes, &f, &examples[i], cat));
        }
    }
    out.into_iter().flatten().collect()
}

/// The lowest probability at which answers are right at least `precision`
/// of the time (on the cross-validated readings), on a 0.05 grid.
fn bar(preds: &[Prediction], precision: f64) -> f64 {
    for step in 0..=19 {
        let t = 0.05 * f64::from(step);
        let kept: Vec<&Prediction> = preds.iter().filter(|p| p.probability >= t).collect();
        if kept.len() < 5 {
            break;
        }
        let right = kept.iter().filter(|p| p.label.accepts(&p.class)).count();
        if right as f64 >= precision * kept.len() as f64 {
            return t;
        }
    }
    1.01
}

/// Trains on every example; the confidence bars come from the
/// cross-validated readings, so they promise what held on unseen ads.
pub fn train(cat: &Catalog, tables: &Tables, examples: &[Example], summary: &str) -> ReaderModel {
    let classes = class_names(cat);
    let preds = cross_validate(cat, examples, FOLDS, LAMBDA);
    let (high, medium, mismatch) = bars(&preds);
    let samples: Vec<Sample> = examples.iter().map(|e| sample(&classes, e)).collect();
    let f = fit(&samples, LAMBDA, STEPS);
    let classes = classes
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let mine: Vec<&Example> = examples.iter().filter(|e| e.label.best == *name).collect();
            let mean = |g: &dyn Fn(&Example) -> f64| {
                if mine.is_empty() {
                    0.0
                } else {
                    mine.iter().map(|e| g(e)).sum::<f64>() / mine.len() as f64
                }
            };
            ClassWeights {
                class: name.clone(),
                bias: round(f.bias[c]),
                weights: f.weights[c].iter().map(|&w| round(w)).collect(),
                audience: round(mean(&|e| e.features.audience)),
                layer: round(mean(&|e| e.features.layer)),
            }
        })
        .collect();
    ReaderModel {
        trained_on: summary.to_string(),
        features: tables.global_names().to_vec(),
        shared: SHARED_NAMES.iter().map(|s| s.to_string()).collect(),
        shared_weights: f.shared.iter().map(|&w| round(w)).collect(),
        classes,
        high_confidence: round(high),
        medium_confidence: round(medium),
        mismatch_confidence: round(mismatch),
    }
}

/// Six decimals: enough for identical readings, few enough for a diff.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The model as `content/reader/model.toml`.
pub fn to_toml(m: &ReaderModel) -> String {
    let mut out = String::from(
        "# The job-ad reader's weights. Written by\n\
         #   cargo run --release --example train-analyzer\n\
         # from the labelled real postings in tests/fixtures/real-ads; do not edit by hand\n\
         # (a test checks that training reproduces this file).\n\n",
    );
    let doc = toml::to_string(&Wrapper { reader_model: m }).unwrap_or_default();
    let _ = write!(out, "{doc}");
    out
}

#[derive(serde::Serialize)]
struct Wrapper<'a> {
    reader_model: &'a ReaderModel,
}

/// Reads a labelled set: LABELS.tsv and the files it names, from `dir`.
pub fn read_dev_set(dir: &std::path::Path) -> Result<Vec<(Label, String)>, String> {
    let tsv_path = dir.join("LABELS.tsv");
    let tsv = std::fs::read_to_string(&tsv_path)
        .map_err(|e| format!("cannot read {}: {e}", tsv_path.display()))?;
    let labels = super::batch::parse_labels(&tsv)?;
    labels
        .into_iter()
        .map(|l| {
            let p = dir.join(&l.file);
            let text = std::fs::read_to_string(&p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            Ok((l, text))
        })
        .collect()
}

/// The confidence bars the cross-validated readings support: high,
/// medium, and the one for flagging a title.
pub fn bars(preds: &[Prediction]) -> (f64, f64, f64) {
    let high = bar(preds, HIGH_PRECISION);
    (
        high,
        bar(preds, MEDIUM_PRECISION).min(high),
        mismatch_bar(preds),
    )
}

/// False alarms on honest titles allowed when choosing the flagging bar.
pub const MISMATCH_FALSE_ALARMS: f64 = 0.10;

fn flags(p: &Prediction, bar: f64) -> bool {
    !p.title_roles.is_empty() && p.probability >= bar && !p.title_roles.contains(&p.class)
}

/// The lowest probability (0.05 grid) at which flagging every answer the
/// title does not name raises false alarms on at most
/// [`MISMATCH_FALSE_ALARMS`] of the honest titles.
fn mismatch_bar(preds: &[Prediction]) -> f64 {
    let honest: Vec<&Prediction> = preds
        .iter()
        .filter(|p| p.label.title_agrees == Some(true))
        .collect();
    for step in 0..=20 {
        let t = 0.05 * f64::from(step);
        let alarms = honest.iter().filter(|p| flags(p, t)).count();
        if alarms as f64 <= MISMATCH_FALSE_ALARMS * honest.len() as f64 {
            return t;
        }
    }
    1.01
}

/// How the cross-validated readings (and the title alone) did.
pub fn evaluate(
    preds: &[Prediction],
    high: f64,
    medium: f64,
    mismatch: f64,
) -> super::batch::Scorecard {
    let title: Vec<String> = preds
        .iter()
        .map(|p| {
            p.title_roles
                .first()
                .cloned()
                .unwrap_or_else(|| "none".into())
        })
        .collect();
    super::batch::scorecard(preds.iter().zip(&title).map(|(p, t)| {
        let confidence = p.confidence(high, medium);
        super::batch::Scored {
            label: &p.label,
            answer: &p.class,
            confidence,
            flagged: flags(p, mismatch),
            title_answer: t,
        }
    }))
}

/// The figures on one line, as the model file quotes them.
pub fn summary(s: &super::batch::Scorecard) -> String {
    s.lines().join("; ")
}
