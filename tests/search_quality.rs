//! Search quality: the obviously right top hit for the queries people type,
//! and the ranking rules of `roledex::search` pinned on small synthetic
//! catalogs where only the rule under test can explain the order.

use std::fs;
use std::path::Path;

use roledex::Catalog;
use roledex::content::{Layer, load};
use roledex::search::{self, Filter, Hit, Kind, Searcher};

/// A hit as a person reads it: kind, role id (None for a tool), text.
fn describe(cat: &Catalog, hit: &Hit) -> (Kind, Option<String>, String) {
    let e = &cat.corpus().entries()[hit.entry];
    (
        e.target.kind(),
        e.target.role().map(|r| cat.roles[r].id.clone()),
        cat.corpus().text(hit.entry).to_string(),
    )
}

fn top(cat: &Catalog, query: &str) -> (Kind, Option<String>, String) {
    let hits = search::search(cat.corpus(), query, Filter::default(), 5);
    let first = hits
        .first()
        .unwrap_or_else(|| panic!("`{query}` found nothing"));
    describe(cat, first)
}

// ------------------------------------------------------------ shipped content

/// (query, kind, role id or None for a tool, a distinctive part of the text)
///
/// Chosen by reading the content, not by running the search: each is the
/// entry a person typing the query is looking for. Where several entries
/// are equally right (the same role, the same phrase), the ranking rules
/// decide, and the comment says which rule.
const EXPECTED: &[(&str, Kind, Option<&str>, &str)] = &[
    // The article's example of DevOps work: the CI/CD pipeline duty.
    (
        "ci pipe",
        Kind::Duty,
        Some("devops"),
        "Build and maintain the CI/CD pipelines",
    ),
    // Golden paths are the platform idea. Three platform entries say it;
    // "golden path" as two whole words (question) outranks "golden paths"
    // (word prefix) by the documented class rule.
    (
        "golden path",
        Kind::Question,
        Some("platform"),
        "step off the golden path",
    ),
    // Aliases find the tool itself.
    ("tf", Kind::Tool, None, "Terraform"),
    ("k8s", Kind::Tool, None, "Kubernetes"),
    ("gha", Kind::Tool, None, "GitHub Actions"),
    // Both terms name the VPC tool (name and alias "subnet").
    ("vpc subnet", Kind::Tool, None, "VPC / virtual network"),
    // A typo of a tool name still finds the tool, as `roledex tool` does.
    ("terrafrom", Kind::Tool, None, "Terraform"),
    ("kubernets", Kind::Tool, None, "Kubernetes"),
    ("backstage", Kind::Tool, None, "Backstage"),
    // The article names Dockerfile as a tool; it is Docker's alias.
    ("dockerfile", Kind::Tool, None, "Docker"),
    // "secrets" is no longer an alias (it names no tool in particular, issue
    // 15), so the tool with the word in its name comes first.
    ("secrets", Kind::Tool, None, "External Secrets Operator"),
    ("vault", Kind::Tool, None, "HashiCorp Vault"),
    // Error budgets are SRE's; the origin opens with the phrase.
    (
        "error budget",
        Kind::Origin,
        Some("sre"),
        "Error budgets settle the old dev-versus-ops",
    ),
    // On-call is SRE's; the shorter of two equally good SRE entries wins.
    (
        "on call",
        Kind::Question,
        Some("sre"),
        "What is the on-call schedule",
    ),
    (
        "self service",
        Kind::Duty,
        Some("platform"),
        "Offer self-service",
    ),
    // The article's ownership question; three roles ask a 3am question of
    // the same length, and content order puts DevOps first.
    (
        "3am",
        Kind::Question,
        Some("devops"),
        "When something breaks at 3am",
    ),
    (
        "network topology",
        Kind::Duty,
        Some("infrastructure"),
        "Design the network topology",
    ),
    (
        "postmortem",
        Kind::Duty,
        Some("sre"),
        "Run blameless postmortems",
    ),
    (
        "patch",
        Kind::Duty,
        Some("systems"),
        "Patch operating systems",
    ),
    (
        "etl",
        Kind::Duty,
        Some("integration"),
        "Build and schedule ETL and batch jobs",
    ),
    (
        "least privilege",
        Kind::Duty,
        Some("infrastructure"),
        "least-privilege access",
    ),
    (
        "firewall",
        Kind::Tool,
        None,
        "Firewall rules and security groups",
    ),
    ("promql", Kind::Tool, None, "Prometheus"),
];

#[test]
fn shipped_queries_have_the_obviously_right_top_hit() {
    assert!(EXPECTED.len() >= 15);
    let cat = Catalog::builtin();
    let mut wrong = Vec::new();
    for &(query, kind, role, text) in EXPECTED {
        let got = top(&cat, query);
        if got.0 != kind || got.1.as_deref() != role || !got.2.contains(text) {
            wrong.push(format!(
                "`{query}`: expected {kind:?} {role:?} containing {text:?}, got {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_expected_top_hit_names_a_real_entry() {
    // Guards the table itself: a typo in an expectation must not make the
    // quality test unpassable for the wrong reason.
    let cat = Catalog::builtin();
    for &(query, kind, role, text) in EXPECTED {
        let corpus = cat.corpus();
        let exists = corpus.entries().iter().enumerate().any(|(i, e)| {
            e.target.kind() == kind
                && e.target.role().map(|r| cat.roles[r].id.as_str()) == role
                && corpus.text(i).contains(text)
        });
        assert!(
            exists,
            "no {kind:?} {role:?} entry contains {text:?} ({query})"
        );
    }
}

#[test]
fn tool_aliases_rank_the_tool_above_duties_that_use_it() {
    let cat = Catalog::builtin();
    let hits = search::search(cat.corpus(), "tf", Filter::default(), 50);
    let first = describe(&cat, &hits[0]);
    assert_eq!((first.0, first.2.as_str()), (Kind::Tool, "Terraform"));
    // Duties that use Terraform are found through the tag, below the tool.
    assert!(
        hits.iter()
            .skip(1)
            .any(|h| describe(&cat, h).2.contains("Terraform modules")
                || describe(&cat, h).2.contains("deep Terraform expertise")),
        "duties using Terraform should follow the tool"
    );
}

#[test]
fn kind_and_role_filters_restrict_hits() {
    let cat = Catalog::builtin();
    let sre = cat.role_index("sre").unwrap();
    let hits = search::search(
        cat.corpus(),
        "on call",
        Filter {
            kind: Some(Kind::Duty),
            role: Some(sre),
        },
        20,
    );
    assert!(!hits.is_empty());
    for h in &hits {
        let (kind, role, _) = describe(&cat, h);
        assert_eq!(kind, Kind::Duty);
        assert_eq!(role.as_deref(), Some("sre"));
    }
    assert!(describe(&cat, &hits[0]).2.contains("on-call rotation"));
}

#[test]
fn nonsense_finds_nothing_and_empty_query_finds_nothing() {
    let cat = Catalog::builtin();
    assert!(search::search(cat.corpus(), "zzqxj", Filter::default(), 20).is_empty());
    assert!(search::search(cat.corpus(), "   ", Filter::default(), 20).is_empty());
}

#[test]
fn limit_caps_the_hits_and_keeps_the_best_first() {
    let cat = Catalog::builtin();
    let all = search::search(cat.corpus(), "pipeline", Filter::default(), usize::MAX);
    let three = search::search(cat.corpus(), "pipeline", Filter::default(), 3);
    assert!(all.len() > 3);
    assert_eq!(three, all[..3].to_vec());
}

// ------------------------------------------------------- synthetic catalogs

const SOURCES: &str = r#"
[[sources]]
id = "s"
title = "Test source"
kind = "web"
"#;

/// A catalog with one role whose duties have exactly these texts (in this
/// content order), plus the given extra TOML (tools).
fn catalog_with(duties: &[&str], extra: &str) -> Catalog {
    let dir = tempfile::tempdir().unwrap();
    write_content(dir.path(), duties, extra);
    let loaded = load(vec![Layer::from_path(dir.path())]);
    assert!(
        loaded.diagnostics.is_empty(),
        "synthetic content must be valid: {:?}",
        loaded.diagnostics
    );
    Catalog::new(loaded)
}

fn write_content(dir: &Path, duties: &[&str], extra: &str) {
    let mut role = String::from(
        r#"id = "r"
title = "Test Engineer"
summary = "A role for tests."
sources = ["s"]

[profile]
focus = "f"
serves = "s"
audience = "a"
distance_from_app_code = "close"
typical_org = "o"
typical_day = "d"
ownership = "o"
measured_by = "m"
"#,
    );
    for d in duties {
        // TOML basic strings: escape backslashes and quotes.
        let text = d.replace('\\', "\\\\").replace('"', "\\\"");
        role.push_str(&format!(
            "\n[[duties]]\narea = \"A\"\ntext = \"{text}\"\nsource = \"s\"\n"
        ));
    }
    fs::write(dir.join("role.toml"), role).unwrap();
    fs::write(dir.join("extra.toml"), format!("{SOURCES}\n{extra}")).unwrap();
}

/// Texts of all hits for `query`, best first.
fn ranked(cat: &Catalog, query: &str) -> Vec<String> {
    search::search(cat.corpus(), query, Filter::default(), usize::MAX)
        .iter()
        .map(|h| describe(cat, h).2)
        .collect()
}

#[test]
fn search_ranks_exact_substring_above_scattered_match() {
    // The scattered match is shorter and earlier in content order, so only
    // the class rule can put the exact substring first.
    let cat = catalog_with(
        &["dear pilots, enjoy", "We deploy the service on Mondays"],
        "",
    );
    assert_eq!(
        ranked(&cat, "deploy"),
        ["We deploy the service on Mondays", "dear pilots, enjoy"]
    );
}

#[test]
fn search_ranks_whole_word_above_word_start_above_mid_word() {
    let cat = catalog_with(
        &[
            "Terraform it",                          // mid-word: shortest, first
            "Format the disks",                      // starts a word
            "Fill in the form for the next release", // whole word: longest, last
        ],
        "",
    );
    assert_eq!(
        ranked(&cat, "form"),
        [
            "Fill in the form for the next release",
            "Format the disks",
            "Terraform it"
        ]
    );
}

#[test]
fn search_breaks_ties_by_shorter_text_then_content_order() {
    let cat = catalog_with(
        &[
            "Rotate the keys weekly",
            "Rotate disks",
            "Rotate certs",
            "Rotate keys",
        ],
        "",
    );
    // All four match "rotate" as a whole word: shorter first; "disks" and
    // "certs" have the same length, so content order decides.
    assert_eq!(
        ranked(&cat, "rotate"),
        [
            "Rotate keys",
            "Rotate disks",
            "Rotate certs",
            "Rotate the keys weekly"
        ]
    );
}

#[test]
fn search_measures_shorter_text_in_characters_not_bytes() {
    // 12 characters but 17 bytes, against 14 characters and 14 bytes.
    let cat = catalog_with(&["Rotate abcdefg", "Rotate ééééé"], "");
    assert_eq!(ranked(&cat, "rotate"), ["Rotate ééééé", "Rotate abcdefg"]);
}

#[test]
fn search_requires_every_term_in_any_order() {
    let cat = catalog_with(
        &[
            "Build the pipeline",
            "Pipeline for builds",
            "Build the images",
            "Pipeline only",
        ],
        "",
    );
    let mut forward = ranked(&cat, "pipeline build");
    let mut backward = ranked(&cat, "build pipeline");
    forward.sort();
    backward.sort();
    assert_eq!(forward, ["Build the pipeline", "Pipeline for builds"]);
    assert_eq!(backward, forward);
}

#[test]
fn search_indices_are_char_positions_of_the_matched_text() {
    let cat = catalog_with(
        &["Déployer le cluster über Nacht", "Ünïcode résumé pipeline"],
        "",
    );
    let chars_at = |text: &str, idx: &[usize]| -> String {
        let chars: Vec<char> = text.chars().collect();
        idx.iter().map(|&i| chars[i]).collect()
    };
    // Contiguous match after multibyte characters.
    let hits = search::search(cat.corpus(), "über", Filter::default(), 5);
    let text = describe(&cat, &hits[0]).2;
    assert_eq!(hits[0].indices, vec![20, 21, 22, 23]);
    assert_eq!(chars_at(&text, &hits[0].indices), "über");
    // Two terms: both highlighted, ascending, no repeats.
    let hits = search::search(cat.corpus(), "nacht déployer", Filter::default(), 5);
    let text = describe(&cat, &hits[0]).2;
    assert_eq!(chars_at(&text, &hits[0].indices), "DéployerNacht");
    // A scattered match highlights the characters it used, in order.
    let hits = search::search(cat.corpus(), "rsmpl", Filter::default(), 5);
    let (_, _, text) = describe(&cat, &hits[0]);
    assert_eq!(text, "Ünïcode résumé pipeline");
    let got = chars_at(&text, &hits[0].indices).to_lowercase();
    assert_eq!(got, "rsmpl");
    assert!(hits[0].indices.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn search_does_not_match_short_terms_scattered() {
    let cat = catalog_with(&["Configure logging", "Clear the cache"], "");
    // "cl" sits in "Clear" but only scattered in "Configure logging".
    assert_eq!(ranked(&cat, "cl"), ["Clear the cache"]);
}

const TOOLS: &str = r#"
[[tools]]
id = "terraform"
name = "Terraform"
aliases = ["tf"]
category = "IaC"
description = "x"

[[tools]]
id = "teamcity"
name = "TeamCity"
aliases = ["tc"]
category = "CI"
description = "x"
"#;

#[test]
fn search_finds_a_tool_through_a_typo_of_its_name() {
    let cat = catalog_with(&["Write the deploy scripts"], TOOLS);
    assert_eq!(ranked(&cat, "terrafrom"), ["Terraform"]);
    // A typo outranks a scattered match of the same term.
    let cat = catalog_with(&["the terra firma of rooms"], TOOLS);
    assert_eq!(
        ranked(&cat, "terrafrom"),
        ["Terraform", "the terra firma of rooms"]
    );
}

#[test]
fn search_does_not_treat_short_terms_as_typos() {
    // "tf" is one edit from TeamCity's alias "tc"; it must find only Terraform.
    let cat = catalog_with(&["Nothing relevant"], TOOLS);
    assert_eq!(ranked(&cat, "tf"), ["Terraform"]);
}

// ------------------------------------------------- incremental narrowing

/// Runs `queries` through one `Searcher` (as typing does) and checks every
/// step against a fresh one-shot search.
fn assert_incremental_matches_fresh(cat: &Catalog, queries: &[&str], filter: Filter) {
    let mut searcher = Searcher::default();
    for limit in [usize::MAX, 5] {
        for q in queries {
            let incremental = searcher.search(cat.corpus(), q, filter, limit);
            let fresh = search::search(cat.corpus(), q, filter, limit);
            assert_eq!(incremental, fresh, "query {q:?} (limit {limit})");
        }
    }
}

fn typed(word: &str) -> Vec<String> {
    (1..=word.chars().count())
        .map(|n| word.chars().take(n).collect())
        .collect()
}

#[test]
fn searcher_narrowing_matches_fresh_search_while_typing() {
    let cat = Catalog::builtin();
    for word in [
        "terraform",
        "terrafrom",
        "ci pipe",
        "golden path",
        "kubernets",
    ] {
        let seq = typed(word);
        let refs: Vec<&str> = seq.iter().map(String::as_str).collect();
        assert_incremental_matches_fresh(&cat, &refs, Filter::default());
    }
}

#[test]
fn searcher_matches_fresh_search_after_backspace_and_edits() {
    let cat = Catalog::builtin();
    let mut seq = typed("terraform");
    seq.extend(typed("terraform").into_iter().rev().skip(1));
    let refs: Vec<&str> = seq.iter().map(String::as_str).collect();
    assert_incremental_matches_fresh(&cat, &refs, Filter::default());
    // Editing an earlier term, adding and removing whole terms.
    let edits = [
        "ci pipe",
        "ci pip",
        "ci pi",
        "ci p",
        "ci ",
        "ci",
        "c",
        "cd",
        "cd p",
        "cd pipe",
        "ci pipe",
        "pipe ci",
        "pipe",
        "pipe ci x",
        "pipe ci",
    ];
    assert_incremental_matches_fresh(&cat, &edits, Filter::default());
}

#[test]
fn searcher_matches_fresh_search_when_the_filter_changes() {
    let cat = Catalog::builtin();
    let sre = cat.role_index("sre");
    let mut searcher = Searcher::default();
    for (q, filter) in [
        ("on", Filter::default()),
        (
            "on c",
            Filter {
                kind: Some(Kind::Duty),
                role: None,
            },
        ),
        (
            "on ca",
            Filter {
                kind: Some(Kind::Duty),
                role: sre,
            },
        ),
        ("on cal", Filter::default()),
        ("on call", Filter::default()),
    ] {
        assert_eq!(
            searcher.search(cat.corpus(), q, filter, usize::MAX),
            search::search(cat.corpus(), q, filter, usize::MAX),
            "{q:?} {filter:?}"
        );
    }
}

mod typing {
    use proptest::prelude::*;

    use super::*;

    /// One keystroke: a character from a small alphabet (so queries keep
    /// matching something), or backspace.
    fn key() -> impl Strategy<Value = Option<char>> {
        prop_oneof![
            4 => proptest::sample::select(" aceiklnoprstu".chars().collect::<Vec<_>>()).prop_map(Some),
            1 => Just(None),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_typing_sequence_matches_fresh_search(keys in proptest::collection::vec(key(), 1..16)) {
            let cat = Catalog::builtin();
            let mut searcher = Searcher::default();
            let mut query = String::new();
            for k in keys {
                match k {
                    Some(c) => query.push(c),
                    None => { query.pop(); }
                }
                let incremental = searcher.search(cat.corpus(), &query, Filter::default(), usize::MAX);
                let fresh = search::search(cat.corpus(), &query, Filter::default(), usize::MAX);
                prop_assert_eq!(incremental, fresh, "query {:?}", query);
            }
        }
    }
}
