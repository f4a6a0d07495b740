//! The evidence behind a reading: every phrase the reader counted, with
//! what it adds to each class (for) or takes away (against), and what it
//! found but ruled out.

use std::collections::HashMap;
use std::ops::Range;

use crate::catalog::Catalog;

use super::features::{Bucket, Features, Target};
use super::model::Class;
use super::sections::{Ad, Part};
use super::{Evidence, EvidenceKind, Reader, RuledOut};

/// Evidence items kept (the strongest first): enough for every role's
/// bars, few enough to draw every frame.
const MAX_EVIDENCE: usize = 400;
/// Smaller pushes (log-odds) are noise, not evidence.
const MIN_WEIGHT: f64 = 0.02;

/// The count behind a `ln(1 + n)` feature, so each of its `n` sentences gets
/// an equal share of the feature.
fn share(value: f64) -> f64 {
    let n = value.exp_m1();
    if n > 1e-9 { value / n } else { 0.0 }
}

#[derive(Hash, PartialEq, Eq)]
struct Key {
    sentence: usize,
    class: Option<usize>,
    kind: EvidenceKind,
    matched: String,
}

/// Roles explained, the most probable first: a big pack has thousands of
/// roles, and evidence for each would cost more than the reading itself.
pub const EXPLAINED_ROLES: usize = 12;

pub(crate) fn collect(
    cat: &Catalog,
    reader: &Reader,
    ad: &Ad,
    f: &Features,
    explained: &[usize],
) -> (Vec<Evidence>, Vec<RuledOut>) {
    let mut wanted = vec![false; cat.roles.len()];
    for &r in explained {
        wanted[r] = true;
    }
    let wanted = |c: Option<usize>| c.is_none_or(|r| wanted[r]);
    let (tables, model) = (&reader.tables, &reader.model);
    let role_of = |c: Class| match c {
        Class::Role(r) => Some(r),
        Class::None => None,
    };
    let mut roles: Vec<usize> = explained.to_vec();
    roles.sort_unstable();
    roles.dedup();
    let mut merged: HashMap<Key, Evidence> = HashMap::new();
    let mut ruled_out: Vec<RuledOut> = Vec::new();
    let mut push = |sentence: usize,
                    chars: &Range<usize>,
                    class: Option<usize>,
                    kind,
                    matched: &str,
                    weight: f64| {
        if weight.abs() < MIN_WEIGHT || !wanted(class) {
            return;
        }
        let s = &ad.sentences[sentence];
        let key = Key {
            sentence,
            class,
            kind,
            matched: matched.to_string(),
        };
        let e = merged.entry(key).or_insert_with(|| Evidence {
            role: class,
            kind,
            matched: matched.to_string(),
            ad_text: s.text.clone(),
            line: s.line,
            part: s.part,
            ranges: Vec::new(),
            weight,
        });
        e.ranges.push(chars.clone());
    };
    for found in &f.found {
        let s = &ad.sentences[found.sentence];
        let Some(bucket) = Bucket::of(s.part) else {
            continue;
        };
        // A term many roles share is one entry: only the explained roles'
        // signals are evidence.
        let targets: Vec<Target> = match found.target {
            Target::Signals { phrase } => tables
                .phrase_targets(phrase)
                .iter()
                .map(|&t| tables.target(t))
                .filter(|t| matches!(t, Target::Signal { role, .. } if wanted(Some(*role))))
                .collect(),
            t => vec![t],
        };
        for target in targets {
            let about = match target {
                Target::Signal { role, .. } => Some(role),
                _ => None,
            };
            if about.is_some() && !wanted(about) {
                continue;
            }
            if !found.counted {
                let matched = match target {
                    Target::Cue(c) => cat.guide.cues[c].label.clone(),
                    Target::Tool(t) => cat.tools[t].name.clone(),
                    Target::Signal { role, signal, .. } => {
                        cat.roles[role].signals[signal].trait_name.clone()
                    }
                    Target::Negation | Target::RoleTitle | Target::Signals { .. } => continue,
                };
                if !ruled_out
                    .iter()
                    .any(|r| r.line == s.line && r.matched == matched && r.ad_text == s.text)
                {
                    ruled_out.push(RuledOut {
                        ad_text: s.text.clone(),
                        line: s.line,
                        ranges: vec![found.chars.clone()],
                        matched,
                    });
                }
                continue;
            }
            match target {
                Target::Cue(c) => {
                    let Some(j) = tables.cue_feature(c, bucket) else {
                        continue;
                    };
                    let part = share(f.global[j]);
                    let label = &cat.guide.cues[c].label;
                    let k = super::features::ROLE_CUES_AT + bucket.index();
                    // The classes with weights of their own, then the roles the
                    // cue describes (whose shared weight applies): with a big
                    // pack, the thousands of other roles lean alike and are not
                    // evidence.
                    let mean = model.mean_weight(j);
                    let mut done: Vec<Class> = Vec::new();
                    for (class, weights) in model.weighted_classes() {
                        let mut w = (weights[j] - mean) * part;
                        if let Class::Role(r) = class
                            && tables.cue_roles(c).contains(&r)
                        {
                            w += model.shared_weight(k) * share(f.shared[r][k]);
                        }
                        done.push(class);
                        push(
                            found.sentence,
                            &found.chars,
                            role_of(class),
                            EvidenceKind::Cue,
                            label,
                            w,
                        );
                    }
                    for &r in tables.cue_roles(c) {
                        if !done.contains(&Class::Role(r)) {
                            let w = model.shared_weight(k) * share(f.shared[r][k]) - mean * part;
                            push(
                                found.sentence,
                                &found.chars,
                                Some(r),
                                EvidenceKind::Cue,
                                label,
                                w,
                            );
                        }
                    }
                }
                Target::Signal { role, signal, idf } => {
                    let k = bucket.index();
                    let w = model.shared_weight(k) * idf * share(f.shared[role][k]);
                    let label = &cat.roles[role].signals[signal].trait_name;
                    push(
                        found.sentence,
                        &found.chars,
                        Some(role),
                        EvidenceKind::Signal,
                        label,
                        w,
                    );
                }
                Target::Tool(t) => {
                    let users = tables.tool_roles(t);
                    for &r in users {
                        let w = model.shared_weight(3) * share(f.shared[r][3]) / users.len() as f64;
                        push(
                            found.sentence,
                            &found.chars,
                            Some(r),
                            EvidenceKind::Tool,
                            &cat.tools[t].name,
                            w,
                        );
                    }
                }
                Target::Negation | Target::RoleTitle | Target::Signals { .. } => {}
            }
        }
    }
    // Each explained role's own echoed duty is its best group in the
    // sentence.
    let mut by_sentence: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    let mut echo_of: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, e) in f.echoes.iter().enumerate() {
        by_sentence
            .entry(e.sentence)
            .or_default()
            .push((e.group, e.words.len()));
        echo_of.insert((e.sentence, e.group), i);
    }
    for (&sentence, groups) in &by_sentence {
        let Some(bucket) = Bucket::of(ad.sentences[sentence].part) else {
            continue;
        };
        let k = super::features::DUTY_TEXT_AT + bucket.index();
        for &role in &roles {
            let Some((g, duty)) = tables.echoed_duty(role, groups) else {
                continue;
            };
            let w = model.shared_weight(k) * share(f.shared[role][k]);
            let text = tables.duty_text(cat, role, duty);
            for chars in &f.echoes[echo_of[&(sentence, g)]].words {
                push(sentence, chars, Some(role), EvidenceKind::Duty, text, w);
            }
        }
    }
    let mut out: Vec<Evidence> = merged
        .into_values()
        .map(|mut e| {
            e.ranges = merge_ranges(e.ranges);
            e
        })
        .collect();
    if let Some(title) = &ad.title {
        let chars = title.chars().count();
        let title_evidence = |role: Option<usize>, matched: String, weight: f64| Evidence {
            role,
            kind: EvidenceKind::Title,
            matched,
            ad_text: title.clone(),
            line: 1,
            part: Part::Intro,
            ranges: std::iter::once(0..chars).collect(),
            weight,
        };
        for &r in &f.title_roles {
            let mut w = model.shared_weight(4);
            if f.title_roles.len() == 1 {
                w += model.shared_weight(5);
            }
            let matched = format!("the title names {}", cat.roles[r].title);
            out.push(title_evidence(Some(r), matched, w));
        }
        for &j in &f.title_jobs {
            let Some(slot) = tables.job_feature(j) else {
                continue;
            };
            let label = &cat.guide.cues[j].label;
            for (class, weights) in model.weighted_classes() {
                let w = weights[slot] - model.mean_weight(slot);
                if w.abs() >= MIN_WEIGHT {
                    out.push(title_evidence(role_of(class), label.clone(), w));
                }
            }
        }
    }
    out.sort_by(|a, b| {
        b.weight
            .abs()
            .total_cmp(&a.weight.abs())
            .then(a.line.cmp(&b.line))
            .then(a.matched.cmp(&b.matched))
            .then(a.role.cmp(&b.role))
            .then(a.ad_text.cmp(&b.ad_text))
            .then(a.kind.label().cmp(b.kind.label()))
    });
    out.truncate(MAX_EVIDENCE);
    (out, ruled_out)
}

fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}
