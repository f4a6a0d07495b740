//! The verdict: best role or "none", a confidence calibrated in
//! cross-validation, the title check, the map, and the questions that would
//! settle the remaining doubt.

use std::collections::HashSet;

use crate::catalog::Catalog;

use super::features::Features;
use super::model::Class;
use super::sections::{Ad, Part};
use super::text::tokenize;
use super::{
    Analysis, Confidence, InputStats, QuestionAnswer, Reader, Region, RoleScore, SuggestedQuestion,
};

const MAX_QUESTIONS: usize = 3;

pub fn confidence(p: f64, high: f64, medium: f64) -> Confidence {
    if p >= high {
        Confidence::High
    } else if p >= medium {
        Confidence::Medium
    } else {
        Confidence::Low
    }
}

pub(crate) fn read(
    cat: &Catalog,
    reader: &Reader,
    ad: &Ad,
    f: &Features,
    bytes: usize,
) -> Analysis {
    let model = &reader.model;
    let scored = model.score(f);
    let mut scores: Vec<RoleScore> = (0..cat.roles.len())
        .map(|r| RoleScore {
            role: r,
            probability: 0.0,
            score: 0.0,
        })
        .collect();
    let mut none_probability = 0.0;
    for s in &scored {
        match s.class {
            Class::Role(r) => {
                scores[r].probability = s.probability;
                scores[r].score = 100.0 * s.probability;
            }
            Class::None => none_probability = s.probability,
        }
    }
    let mut ranking: Vec<usize> = (0..scores.len()).collect();
    ranking.sort_by(|&a, &b| {
        scores[b]
            .probability
            .total_cmp(&scores[a].probability)
            .then(a.cmp(&b))
    });
    let top = ranking.first().copied();
    let top_p = top.map_or(0.0, |r| scores[r].probability);
    let (best, p) = match top {
        Some(r) if model.trained && top_p >= none_probability => (Some(r), top_p),
        Some(_) | None if model.trained => (None, none_probability),
        _ => (None, 0.0),
    };
    let input = InputStats {
        bytes,
        analysed_bytes: bytes,
        sentences: ad.sentences.len(),
        truncated: ad.truncated,
        lossy: false,
        words: f.words,
        html: false,
    };
    // A model's answer on a line or two is its prior, not a reading.
    let too_short = input.too_short();
    let confidence = if too_short {
        Confidence::Low
    } else {
        confidence(p, model.high, model.medium)
    };
    let disagrees = model
        .mismatch_rule
        .disagrees(&f.title_roles, &f.title_claims, best.as_ref());
    let title_mismatch = model.trained && !too_short && p >= model.mismatch && disagrees;
    // The batch table's "title agrees?" and the warning read the title by
    // one rule, so a row never says "yes" beside a mismatch warning.
    let title_agrees = (!f.title_roles.is_empty()).then_some(!disagrees);
    let mut regions: Vec<Region> = (0..cat.roles.len())
        .filter_map(|r| {
            model.place(Class::Role(r)).map(|(audience, layer)| Region {
                role: Some(r),
                audience,
                layer,
            })
        })
        .collect();
    if let Some((audience, layer)) = model.place(Class::None) {
        regions.push(Region {
            role: None,
            audience,
            layer,
        });
    }
    let mut parts: Vec<(Part, usize)> = Part::ALL
        .iter()
        .map(|&p| {
            let n = ad
                .sentences
                .iter()
                .filter(|s| s.part == p && !s.heading)
                .count();
            (p, n)
        })
        .collect();
    parts.retain(|(_, n)| *n > 0);
    let mut explained: Vec<usize> = ranking
        .iter()
        .copied()
        .take(super::evidence::EXPLAINED_ROLES)
        .collect();
    explained.extend(f.title_roles.iter().copied());
    let (evidence, ruled_out) = super::evidence::collect(cat, reader, ad, f, &explained);
    let questions = questions(cat, &scores, &ranking, best, &f.title_roles);
    Analysis {
        title: ad.title.clone(),
        title_role: f.title_roles.first().copied(),
        title_roles: f.title_roles.clone(),
        title_claims: f.title_claims.clone(),
        title_agrees,
        scores,
        none_probability,
        ranking,
        best,
        confidence,
        evidence,
        ruled_out,
        title_mismatch,
        audience: f.audience,
        layer: f.layer,
        regions,
        parts,
        questions,
        input,
    }
}

/// The doubt to settle: the reading against what the title claims, then
/// against the closest runners-up. Guide questions whose answers tell those
/// roles apart come first, then the leading roles' own questions.
fn questions(
    cat: &Catalog,
    scores: &[RoleScore],
    ranking: &[usize],
    best: Option<usize>,
    title_roles: &[usize],
) -> Vec<SuggestedQuestion> {
    let Some(lead) = best.or_else(|| ranking.first().copied()) else {
        return Vec::new();
    };
    let lead_p = scores[lead].probability;
    let mut contenders: Vec<usize> = vec![lead];
    for &t in title_roles {
        if !contenders.contains(&t) && contenders.len() < 3 {
            contenders.push(t);
        }
    }
    for &r in ranking {
        if !contenders.contains(&r)
            && contenders.len() < 3
            && (contenders.len() < 2 || scores[r].probability >= lead_p / 3.0)
        {
            contenders.push(r);
        }
    }
    let mut ranked: Vec<(usize, usize, &crate::content::TellingQuestion)> = Vec::new();
    for q in &cat.guide.telling_questions {
        let suggests: Vec<usize> = q
            .answers
            .iter()
            .filter_map(|a| cat.role_index(&a.suggests))
            .collect();
        let covered = contenders.iter().filter(|c| suggests.contains(c)).count();
        let top_two = contenders
            .iter()
            .take(2)
            .filter(|c| suggests.contains(c))
            .count();
        if top_two >= 1 && (covered >= 2 || contenders.len() == 1) {
            ranked.push((top_two, covered, q));
        }
    }
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<SuggestedQuestion> = ranked
        .into_iter()
        .take(MAX_QUESTIONS)
        .map(|(_, _, q)| SuggestedQuestion {
            question: q.question.clone(),
            source: q.source.clone(),
            why: None,
            answers: q
                .answers
                .iter()
                .map(|a| QuestionAnswer {
                    answer: a.answer.clone(),
                    suggests: cat.role_index(&a.suggests),
                    meaning: a.meaning.clone(),
                })
                .collect(),
            role: None,
        })
        .collect();
    for &r in contenders.iter().take(2) {
        if out.len() >= MAX_QUESTIONS {
            break;
        }
        if let Some(q) = cat.roles[r]
            .interview_questions
            .iter()
            .find(|q| !out.iter().any(|o| same_question(&o.question, &q.question)))
        {
            out.push(SuggestedQuestion {
                question: q.question.clone(),
                source: q.source.clone(),
                why: Some(q.why.clone()),
                answers: Vec::new(),
                role: Some(r),
            });
        }
    }
    out
}

/// Two phrasings of one question share almost all their words.
fn same_question(a: &str, b: &str) -> bool {
    let words = |s: &str| -> HashSet<String> { tokenize(s).into_iter().map(|t| t.stem).collect() };
    let (a, b) = (words(a), words(b));
    let common = a.intersection(&b).count();
    common * 10 >= a.len().max(b.len()) * 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_follows_the_calibrated_bars() {
        assert_eq!(confidence(0.95, 0.8, 0.5), Confidence::High);
        assert_eq!(confidence(0.6, 0.8, 0.5), Confidence::Medium);
        assert_eq!(confidence(0.3, 0.8, 0.5), Confidence::Low);
    }

    #[test]
    fn rephrased_questions_are_the_same_question() {
        assert!(same_question(
            "Are you embedded in a product team?",
            "Are you embedded in the product team?"
        ));
        assert!(!same_question(
            "Who owns the network?",
            "How do you deploy?"
        ));
    }
}
