//! "Did you mean": ranking names by edit distance to what the user typed.

/// Optimal-string-alignment distance (Levenshtein plus adjacent
/// transpositions, so "terrafrom" is one edit from "terraform"), by chars.
pub fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The largest distance still taken as a typo of `query`: about one edit
/// in four characters, at least one.
pub fn max_typo(query: &str) -> usize {
    (query.chars().count() / 4).max(1)
}

/// The edits a typed word or name of `chars` characters may be from what
/// was meant: none under five (one edit turns "iac" into "iam", "patch"
/// into "match" is already a risk at five), one from five, two from nine.
/// The search engine's dictionary and name lookup both follow it.
pub fn typo_edits(chars: usize) -> usize {
    match chars {
        0..5 => 0,
        5..9 => 1,
        _ => 2,
    }
}

/// Up to three candidates close to `query`, best first. A candidate that
/// contains the query (or starts with it) is also offered, since people
/// often type part of a name. Queries under five characters get only
/// one-edit suggestions: two edits of "de" could be almost anything. Names
/// differing only in case are offered once.
pub fn did_you_mean<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let q = query.to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let limit = max_typo(&q) + usize::from(q.chars().count() >= 5);
    let mut scored: Vec<(usize, String)> = Vec::new();
    for c in candidates {
        let lc = c.to_lowercase();
        let d = if q.chars().count() >= 3 && lc.contains(&q) {
            0
        } else {
            distance(&q, &lc)
        };
        if d <= limit && !scored.iter().any(|(_, s)| s.to_lowercase() == lc) {
            scored.push((d, c.to_string()));
        }
    }
    scored.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.len().cmp(&b.1.len()))
            .then(a.1.cmp(&b.1))
    });
    scored.into_iter().take(3).map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transposition_is_one_edit() {
        assert_eq!(distance("terrafrom", "terraform"), 1);
        assert_eq!(distance("kubernets", "kubernetes"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }

    #[test]
    fn suggests_the_closest_names_first() {
        let names = ["terraform", "teamcity", "tekton", "backstage"];
        assert_eq!(did_you_mean("terrafrom", names), vec!["terraform"]);
        assert_eq!(did_you_mean("back", names), vec!["backstage"]);
        assert!(did_you_mean("zzzzzz", names).is_empty());
    }

    #[test]
    fn short_queries_get_only_one_edit_suggestions() {
        let names = ["sre", "az", "helm"];
        assert!(did_you_mean("de", names).is_empty());
        assert!(did_you_mean("zzz", names).is_empty());
        assert_eq!(did_you_mean("sr", names), vec!["sre"]);
        assert_eq!(did_you_mean("helmet", names), vec!["helm"]);
    }

    #[test]
    fn names_differing_in_case_are_offered_once() {
        assert_eq!(did_you_mean("sr", ["SRE", "sre"]), vec!["SRE"]);
    }
}
