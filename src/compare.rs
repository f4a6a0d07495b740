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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Distance, Duty, Loaded, Profile, Role, Tier, Tool};

    fn role(id: &str, duties: &[(&str, &[&str])]) -> Role {
        let text = |s: &str| format!("{s} of {id}");
        Role {
            id: id.to_string(),
            title: format!("{} Engineer", id.to_uppercase()),
            also_called: Vec::new(),
            tier: Tier::Overlap,
            order: 0,
            summary: text("summary"),
            sources: vec!["s".into()],
            profile: Profile {
                focus: text("focus"),
                serves: text("serves"),
                audience: text("audience"),
                distance_from_app_code: Distance::Medium,
                typical_org: text("org"),
                typical_day: text("day"),
                ownership: text("ownership"),
                measured_by: text("measure"),
            },
            origins: Vec::new(),
            duties: duties
                .iter()
                .map(|(area, tools)| Duty {
                    area: area.to_string(),
                    text: text(area),
                    tools: tools.iter().map(|t| t.to_string()).collect(),
                    source: "s".into(),
                })
                .collect(),
            interview_questions: Vec::new(),
            signals: Vec::new(),
        }
    }

    fn tool(id: &str) -> Tool {
        Tool {
            id: id.to_string(),
            name: id.to_uppercase(),
            kind: Default::default(),
            aliases: Vec::new(),
            category: "c".into(),
            description: "d".into(),
            url: None,
            source: None,
        }
    }

    /// Features (tools + areas):
    ///   a = {t0, t1, t2, X}
    ///   b = {t0, t2, t3, X, Y}
    ///   c = {t0, t1, Y}
    fn catalog() -> Catalog {
        Catalog::new(Loaded {
            roles: vec![
                role("a", &[("X", &["t0", "t1"]), ("X", &["t2"])]),
                role("b", &[("X", &["t0", "t2"]), ("Y", &["t3"])]),
                role("c", &[("Y", &["t0", "t1"])]),
                role("empty", &[]),
            ],
            tools: ["t0", "t1", "t2", "t3"].map(tool).to_vec(),
            ..Loaded::default()
        })
    }

    fn sharing(list: &[Feature]) -> Vec<(&str, Vec<usize>, Sharing)> {
        list.iter()
            .map(|f| (f.name.as_str(), f.roles.clone(), f.sharing))
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn two_roles_split_features_into_shared_and_unique() {
        let cat = catalog();
        let cmp = compare(&cat, &[0, 1]).unwrap();
        assert_eq!(
            sharing(&cmp.tools),
            [
                ("t0", vec![0, 1], Sharing::All),
                ("t1", vec![0], Sharing::One),
                ("t2", vec![0, 1], Sharing::All),
                ("t3", vec![1], Sharing::One),
            ]
        );
        assert_eq!(
            sharing(&cmp.areas),
            [
                ("X", vec![0, 1], Sharing::All),
                ("Y", vec![1], Sharing::One)
            ]
        );
        // |a ∩ b| = |{t0, t2, X}| = 3, |a ∪ b| = |{t0..t3, X, Y}| = 6.
        assert!(close(cmp.similarity, 3.0 / 6.0), "{}", cmp.similarity);
        assert_eq!(cmp.shared_counts, vec![vec![4, 3], vec![3, 5]]);
    }

    #[test]
    fn three_roles_mark_partly_shared_features_and_average_the_pairs() {
        let cat = catalog();
        let cmp = compare(&cat, &[0, 1, 2]).unwrap();
        assert_eq!(
            sharing(&cmp.tools),
            [
                ("t0", vec![0, 1, 2], Sharing::All),
                ("t1", vec![0, 2], Sharing::Some),
                ("t2", vec![0, 1], Sharing::Some),
                ("t3", vec![1], Sharing::One),
            ]
        );
        assert_eq!(
            sharing(&cmp.areas),
            [
                ("X", vec![0, 1], Sharing::Some),
                ("Y", vec![1, 2], Sharing::Some)
            ]
        );
        // a/b = 3/6, a/c = |{t0,t1}| / |{t0,t1,t2,X,Y}| = 2/5,
        // b/c = |{t0,Y}| / |{t0,t1,t2,t3,X,Y}| = 2/6; mean = 0.41111…
        let (ab, ac, bc) = (3.0 / 6.0, 2.0 / 5.0, 2.0 / 6.0);
        assert!(close(cmp.pairwise[0][1], ab));
        assert!(close(cmp.pairwise[0][2], ac));
        assert!(close(cmp.pairwise[1][2], bc));
        assert!(close(cmp.pairwise[2][1], bc), "pairwise is symmetric");
        assert!(close(cmp.pairwise[1][1], 1.0));
        assert!(close(cmp.similarity, (ab + ac + bc) / 3.0));
        assert!(close(cmp.similarity, 0.411_111_111_111_111));
    }

    #[test]
    fn profile_rows_line_up_with_the_compared_roles() {
        let cat = catalog();
        let cmp = compare(&cat, &[2, 0]).unwrap();
        assert_eq!(cmp.profile.len(), ProfileKey::ALL.len());
        let focus = &cmp.profile[0];
        assert_eq!((focus.key, focus.label), ("focus", "Focus"));
        assert_eq!(focus.values, ["focus of c", "focus of a"]);
        let distance = cmp
            .profile
            .iter()
            .find(|r| r.key == "distance_from_app_code")
            .unwrap();
        assert_eq!(distance.values, ["medium", "medium"]);
    }

    #[test]
    fn roles_with_nothing_in_common_or_nothing_at_all_score_zero() {
        let cat = catalog();
        assert!(close(compare(&cat, &[0, 3]).unwrap().similarity, 0.0));
        // No features on either side: 0, not NaN.
        let cat = Catalog::new(Loaded {
            roles: vec![role("x", &[]), role("y", &[])],
            ..Loaded::default()
        });
        assert!(close(compare(&cat, &[0, 1]).unwrap().similarity, 0.0));
    }

    #[test]
    fn compare_needs_two_or_three_distinct_roles() {
        let cat = catalog();
        assert_eq!(compare(&cat, &[0]), Err(CompareError::Count(1)));
        assert_eq!(compare(&cat, &[]), Err(CompareError::Count(0)));
        assert_eq!(compare(&cat, &[0, 1, 2, 3]), Err(CompareError::Count(4)));
        assert_eq!(compare(&cat, &[1, 1]), Err(CompareError::Repeated));
        assert_eq!(compare(&cat, &[0, 1, 0]), Err(CompareError::Repeated));
    }

    #[test]
    fn builtin_core_roles_overlap_but_are_not_the_same() {
        let cat = Catalog::builtin();
        let ids = ["devops", "platform", "infrastructure"].map(|id| cat.role_index(id).unwrap());
        let cmp = compare(&cat, &ids).unwrap();
        assert!(
            cmp.similarity > 0.1 && cmp.similarity < 0.9,
            "{}",
            cmp.similarity
        );
        // Terraform is named by all three of the article's roles.
        let tf = cmp.tools.iter().find(|f| f.name == "terraform").unwrap();
        assert_eq!(tf.sharing, Sharing::All);
        // Each side has something of its own.
        for p in 0..3 {
            assert!(
                cmp.tools
                    .iter()
                    .any(|f| f.sharing == Sharing::One && f.roles == [p])
            );
        }
    }
}
