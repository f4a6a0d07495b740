//! Side-by-side comparison of two or three roles.
//!
//! Similarity is the Jaccard index of the roles' *feature sets*, where a
//! role's features are the tools its duties name plus its duty areas:
//! |A ∩ B| / |A ∪ B| for two roles, and for three the mean of the three
//! pairwise indices. 1.0 means the same tools and areas; 0.0 nothing shared.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::content::ProfileKey;

/// How widely a tool or area is shared among the compared roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sharing {
    /// In every compared role.
    All,
    /// In more than one role but not all (only possible with three).
    Some,
    /// In exactly one role.
    One,
}

impl Sharing {
    pub fn label(self) -> &'static str {
        match self {
            Sharing::All => "shared",
            Sharing::Some => "partly shared",
            Sharing::One => "unique",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileRow {
    pub key: &'static str,
    pub label: &'static str,
    /// One value per compared role, in the same order as `Comparison::roles`.
    pub values: Vec<String>,
}

/// A tool id or a duty area with the roles (positions) that have it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    pub name: String,
    pub roles: Vec<usize>,
    pub sharing: Sharing,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Role indices into the catalog.
    pub roles: Vec<usize>,
    pub profile: Vec<ProfileRow>,
    /// Tool ids, each with who uses it.
    pub tools: Vec<Feature>,
    /// Duty areas, each with who has it.
    pub areas: Vec<Feature>,
    pub similarity: f64,
    /// `pairwise[i][j]`: Jaccard index between roles i and j.
    pub pairwise: Vec<Vec<f64>>,
    /// `shared_counts[i][j]`: number of features roles i and j share
    /// (the diagonal holds each role's own count).
    pub shared_counts: Vec<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompareError {
    #[error("compare needs 2 or 3 roles, got {0}")]
    Count(usize),
    #[error("a role cannot be compared with itself; pick different roles")]
    Repeated,
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

fn features(roles: &[usize], of: impl Fn(usize) -> Vec<String>) -> Vec<Feature> {
    let mut names: Vec<String> = Vec::new();
    for &r in roles {
        for f in of(r) {
            if !names.contains(&f) {
                names.push(f);
            }
        }
    }
    names
        .into_iter()
        .map(|name| {
            let having: Vec<usize> = (0..roles.len())
                .filter(|&p| of(roles[p]).contains(&name))
                .collect();
            let sharing = match having.len() {
                n if n == roles.len() => Sharing::All,
                1 => Sharing::One,
                _ => Sharing::Some,
            };
            Feature {
                name,
                roles: having,
                sharing,
            }
        })
        .collect()
}

pub fn compare(catalog: &Catalog, roles: &[usize]) -> Result<Comparison, CompareError> {
    if !(2..=3).contains(&roles.len()) {
        return Err(CompareError::Count(roles.len()));
    }
    let distinct: BTreeSet<usize> = roles.iter().copied().collect();
    if distinct.len() != roles.len() {
        return Err(CompareError::Repeated);
    }
    let role = |i: usize| &catalog.roles[i];
    let profile = ProfileKey::ALL
        .iter()
        .map(|&k| ProfileRow {
            key: k.key(),
            label: k.label(),
            values: roles
                .iter()
                .map(|&r| role(r).profile.get(k).to_string())
                .collect(),
        })
        .collect();
    let tool_set =
        |r: usize| -> Vec<String> { role(r).tool_ids().into_iter().map(str::to_string).collect() };
    let area_set =
        |r: usize| -> Vec<String> { role(r).areas().into_iter().map(str::to_string).collect() };
    let sets: Vec<BTreeSet<String>> = roles
        .iter()
        .map(|&r| {
            tool_set(r)
                .into_iter()
                .map(|t| format!("tool:{t}"))
                .chain(area_set(r).into_iter().map(|a| format!("area:{a}")))
                .collect()
        })
        .collect();
    let n = roles.len();
    let pairwise: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| jaccard(&sets[i], &sets[j])).collect())
        .collect();
    let shared_counts = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| sets[i].intersection(&sets[j]).count())
                .collect()
        })
        .collect();
    let pairs: Vec<f64> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .map(|(i, j)| pairwise[i][j])
        .collect();
    let similarity = pairs.iter().sum::<f64>() / pairs.len() as f64;
    Ok(Comparison {
        roles: roles.to_vec(),
        profile,
        tools: features(roles, tool_set),
        areas: features(roles, area_set),
        similarity,
        pairwise,
        shared_counts,
    })
}
