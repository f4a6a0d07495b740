//! Fuzz target bodies, shared by the cargo-fuzz binaries (`fuzz/`) and the
//! regression test (`tests/fuzz_regressions.rs`, which includes this file
//! with `#[path]`). Each takes the raw fuzzer input, runs one part of
//! roledex on it and panics when an invariant breaks; a panic, a hang or a
//! crash is a finding.

use std::collections::HashMap;
use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use roledex::analyze::{Analyzer, analyze_bytes};
use roledex::catalog::{Catalog, Lookup};
use roledex::content::SourceFile;
use roledex::content::{Diagnostic, Layer, Loaded, load};
use roledex::search::{self, Filter, Kind, Searcher};
use serde::Serialize;

/// The built-in catalog, built once per process: rebuilding it for every
/// input would measure the loader instead of the target.
fn builtin() -> &'static Catalog {
    static CAT: OnceLock<Catalog> = OnceLock::new();
    CAT.get_or_init(Catalog::builtin)
}

fn analyzer() -> &'static Analyzer<'static> {
    static AN: OnceLock<Analyzer<'static>> = OnceLock::new();
    AN.get_or_init(|| Analyzer::new(builtin()))
}

/// One user file in a layer of its own, as `--content FILE` would load it.
fn user_layer(files: Vec<(String, String)>) -> Layer {
    Layer {
        name: "fuzz".to_string(),
        files: files
            .into_iter()
            .map(|(display, text)| SourceFile::new(display, text))
            .collect(),
        diagnostics: Vec::new(),
    }
}

/// Every diagnostic points inside the file it names: line within the
/// file's line count, column within that line (one past its end at most).
fn check_diagnostics(loaded: &Loaded, texts: &HashMap<String, String>) {
    for d in &loaded.diagnostics {
        check_diagnostic(d, texts);
    }
}

fn check_diagnostic(d: &Diagnostic, texts: &HashMap<String, String>) {
    assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
    let (Some(line), Some(col)) = (d.line, d.col) else {
        assert!(
            d.line.is_none() && d.col.is_none(),
            "half a location: {d:?}"
        );
        return;
    };
    let Some(text) = texts.get(&d.file) else {
        // Built-in files are checked by the ordinary tests.
        assert!(d.file.starts_with("<built-in>"), "unknown file: {d:?}");
        return;
    };
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        (1..=lines.len()).contains(&line),
        "line {line} outside 1..={}: {d:?}",
        lines.len()
    );
    let len = lines[line - 1].chars().count();
    assert!(
        (1..=len + 1).contains(&col),
        "col {col} outside 1..={}: {d:?}",
        len + 1
    );
    // Display must not panic (caret arithmetic).
    let _ = d.to_string();
}

/// Loaded content is usable: the catalog builds, every id it kept is
/// unique and findable, and every tool a duty names exists.
fn check_loaded(loaded: Loaded) -> Catalog {
    let cat = Catalog::new(loaded);
    for (i, r) in cat.roles.iter().enumerate() {
        assert_eq!(
            cat.role_index(&r.id),
            Some(i),
            "role id not unique: {}",
            r.id
        );
        for t in r.duties.iter().flat_map(|d| &d.tools) {
            assert!(cat.tool(t).is_some(), "duty names unknown tool {t}");
        }
    }
    for (i, t) in cat.tools.iter().enumerate() {
        assert_eq!(
            cat.tool_index(&t.id),
            Some(i),
            "tool id not unique: {}",
            t.id
        );
    }
    cat
}

/// Arbitrary bytes as one content file, on top of the built-in content
/// (so references to built-in tools and sources resolve) or alone.
/// Never panics; diagnostics point inside the file; the built-in roles
/// survive whatever the file says (it may override them by id, not delete
/// them).
pub fn content_bytes(data: &[u8]) {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(bytes).into_owned();
    let name = "fuzz/user.toml".to_string();
    let texts = HashMap::from([(name.clone(), text.clone())]);
    let with_builtin = mode & 1 == 1;
    let mut layers = Vec::new();
    if with_builtin {
        layers.push(Layer::builtin());
    }
    layers.push(user_layer(vec![(name, text)]));
    let loaded = load(layers);
    check_diagnostics(&loaded, &texts);
    let cat = check_loaded(loaded);
    if with_builtin {
        for id in [
            "devops",
            "platform",
            "infrastructure",
            "sre",
            "systems",
            "integration",
        ] {
            assert!(cat.role(id).is_some(), "built-in role {id} lost");
        }
    }
}

// ------------------------------------------------------ structured content

/// Ids the shipped content defines, so generated content often refers to
/// something that exists (and sometimes to something that does not).
const KNOWN_IDS: &[&str] = &[
    "article",
    "sre-book",
    "team-topologies",
    "terraform",
    "kubernetes",
    "github-actions",
    "aws",
    "devops",
    "platform",
    "sre",
    "new-role",
    "new-tool",
    "x",
    "",
    "Bad Id",
];

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
struct Id(String);

impl<'a> Arbitrary<'a> for Id {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Id(if u.ratio(1, 5)? {
            String::arbitrary(u)?
        } else {
            (*u.choose(KNOWN_IDS)?).to_string()
        }))
    }
}

#[derive(Debug, Arbitrary, Serialize)]
#[serde(rename_all = "lowercase")]
enum FTier {
    Core,
    Overlap,
}

#[derive(Debug, Arbitrary, Serialize)]
#[serde(rename_all = "lowercase")]
enum FDistance {
    Close,
    Medium,
    Far,
}

#[derive(Debug, Arbitrary, Serialize)]
struct FProfile {
    focus: String,
    serves: String,
    audience: String,
    distance_from_app_code: FDistance,
    typical_org: String,
    typical_day: String,
    ownership: String,
    measured_by: String,
}

#[derive(Debug, Arbitrary, Serialize)]
struct FOrigin {
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    text: String,
    source: Id,
}

#[derive(Debug, Arbitrary, Serialize)]
struct FDuty {
    area: String,
    text: String,
    tools: Vec<Id>,
    source: Id,
}

#[derive(Debug, Arbitrary, Serialize)]
struct FQuestion {
    question: String,
    why: String,
    source: Id,
}

#[derive(Debug, Arbitrary, Serialize)]
struct FSignal {
    #[serde(rename = "trait")]
    trait_name: String,
    terms: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<u8>,
    source: Id,
}

#[derive(Debug, Arbitrary, Serialize)]
struct FRole {
    id: Id,
    title: String,
    also_called: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tier: Option<FTier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<i32>,
    summary: String,
    sources: Vec<Id>,
    profile: FProfile,
    origins: Vec<FOrigin>,
    duties: Vec<FDuty>,
    interview_questions: Vec<FQuestion>,
    signals: Vec<FSignal>,
}

#[derive(Debug, Arbitrary, Serialize)]
struct FTool {
    id: Id,
    name: String,
    aliases: Vec<String>,
    category: String,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Id>,
}

#[derive(Debug, Arbitrary, Serialize)]
struct FSource {
    id: Id,
    title: String,
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
}

#[derive(Debug, Arbitrary, Serialize)]
struct FCollection {
    sources: Vec<FSource>,
    tools: Vec<FTool>,
}

#[derive(Debug, Arbitrary)]
struct FContent {
    with_builtin: bool,
    collection: FCollection,
    roles: Vec<FRole>,
    /// Text to search for and look up in the loaded catalog.
    probe: String,
}

/// Arbitrary roles, tools and sources, serialised to TOML by serde and
/// loaded as a user layer. Besides not panicking: a role that loads with
/// no diagnostic at all comes back with the fields it was written with,
/// and the loaded catalog answers searches and lookups.
pub fn content_structured(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(content) = FContent::arbitrary(&mut u) else {
        return;
    };
    let mut files = Vec::new();
    match toml::to_string(&content.collection) {
        Ok(text) => files.push(("fuzz/tools.toml".to_string(), text)),
        Err(_) => return,
    }
    for (i, role) in content.roles.iter().enumerate() {
        // The serialiser may refuse (a value it cannot express): that is
        // the serialiser's business, not the loader's.
        let Ok(text) = toml::to_string(role) else {
            return;
        };
        files.push((format!("fuzz/roles/{i}.toml"), text));
    }
    let texts: HashMap<String, String> = files.iter().cloned().collect();
    let mut layers = Vec::new();
    if content.with_builtin {
        layers.push(Layer::builtin());
    }
    layers.push(user_layer(files));
    let loaded = load(layers);
    check_diagnostics(&loaded, &texts);
    let clean = loaded.diagnostics.is_empty();
    let cat = check_loaded(loaded);
    if clean {
        for role in &content.roles {
            let got = cat
                .role(&role.id.0)
                .unwrap_or_else(|| panic!("valid role {} not loaded", role.id.0));
            assert_eq!(got.title, role.title);
            assert_eq!(got.summary, role.summary);
            assert_eq!(got.also_called, role.also_called);
            assert_eq!(got.duties.len(), role.duties.len());
            for (g, w) in got.duties.iter().zip(&role.duties) {
                assert_eq!((&g.area, &g.text), (&w.area, &w.text));
            }
            let want_questions: Vec<&str> = role
                .interview_questions
                .iter()
                .map(|q| q.question.as_str())
                .collect();
            let got_questions: Vec<&str> = got
                .interview_questions
                .iter()
                .map(|q| q.question.as_str())
                .collect();
            assert_eq!(got_questions, want_questions);
            // The JSON report carries the same fields.
            let index = cat.role_index(&role.id.0).expect("just found");
            let json = roledex::report::json::show(&cat, index);
            assert_eq!(json["title"].as_str(), Some(role.title.as_str()));
            assert_eq!(json["summary"].as_str(), Some(role.summary.as_str()));
        }
    }
    let _ = cat.find_role(&content.probe);
    let _ = cat.find_tool(&content.probe);
    check_search(&cat, &content.probe, Filter::default(), 50);
}

// ------------------------------------------------------------------ search

fn check_hits(cat: &Catalog, hits: &[search::Hit], limit: usize) {
    assert!(
        hits.len() <= limit,
        "{} hits over limit {limit}",
        hits.len()
    );
    let entries = cat.corpus().entries();
    for h in hits {
        assert!(h.entry < entries.len(), "hit points at an entry");
        let text = cat.corpus().text(h.entry);
        let chars = text.chars().count();
        assert!(
            h.indices.windows(2).all(|w| w[0] < w[1]),
            "indices not sorted and unique: {:?}",
            h.indices
        );
        assert!(
            h.indices.iter().all(|&i| i < chars),
            "index past the end of {:?} ({chars} chars): {:?}",
            text,
            h.indices
        );
    }
}

fn check_search(cat: &Catalog, query: &str, filter: Filter, limit: usize) -> Vec<search::Hit> {
    let hits = search::search(cat.corpus(), query, filter, limit);
    check_hits(cat, &hits, limit);
    hits
}

/// Queries as a user types them: the input is split at NUL into queries,
/// each run through one `Searcher` (whose narrowing reuses the previous
/// query's matches) and the first one also typed char by char. The
/// narrowed results must equal a fresh search's, hits must be in range
/// and their highlight indices sorted char positions of the text.
pub fn search(data: &[u8]) {
    let Some((&[mode, limit], rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let cat = builtin();
    let kind = match mode & 7 {
        1 => Some(Kind::Duty),
        2 => Some(Kind::Tool),
        3 => Some(Kind::Question),
        4 => Some(Kind::Origin),
        _ => None,
    };
    let role = (mode & 8 != 0).then(|| usize::from(mode >> 4) % cat.roles.len().max(1));
    let filter = Filter { kind, role };
    let limit = usize::from(limit);
    let text = String::from_utf8_lossy(rest);
    let mut searcher = Searcher::default();
    let mut run = |q: &str| {
        let narrowed = searcher.search(cat.corpus(), q, filter, limit);
        let fresh = check_search(cat, q, filter, limit);
        assert_eq!(narrowed, fresh, "narrowing changed the result of {q:?}");
    };
    let mut queries = text.split('\0');
    if let Some(first) = queries.next() {
        // Typing, one char at a time (bounded: typing a 64 KB paste char
        // by char is quadratic by nature).
        for (end, _) in first.char_indices().skip(1).take(64) {
            run(&first[..end]);
        }
        run(first);
    }
    for q in queries {
        run(q);
    }
}

// ------------------------------------------------------------------ lookup

/// Tool and role lookup by what a person typed: indices in range, an
/// exact match really is one, at most three suggestions.
pub fn lookup(data: &[u8]) {
    let cat = builtin();
    let q = String::from_utf8_lossy(data);
    let names_of_tool = |i: usize| {
        let t = &cat.tools[i];
        std::iter::once(t.id.clone())
            .chain(std::iter::once(t.name.clone()))
            .chain(t.aliases.iter().cloned())
            .collect::<Vec<_>>()
    };
    let names_of_role = |i: usize| {
        let r = &cat.roles[i];
        let mut names = vec![r.id.clone(), r.title.clone()];
        names.extend(r.title.strip_suffix(" Engineer").map(str::to_string));
        names.extend(r.also_called.iter().cloned());
        names
    };
    for (found, len, names) in [
        (
            cat.find_tool(&q),
            cat.tools.len(),
            &names_of_tool as &dyn Fn(usize) -> Vec<String>,
        ),
        (cat.find_role(&q), cat.roles.len(), &names_of_role),
    ] {
        match found {
            Lookup::Found(i) => {
                assert!(i < len);
                let want = q.trim().to_lowercase();
                assert!(
                    names(i).iter().any(|n| n.to_lowercase() == want),
                    "Found({i}) for {q:?} is not an exact name"
                );
            }
            Lookup::Corrected(i) => assert!(i < len),
            Lookup::Ambiguous { candidates } => {
                assert!(candidates.len() > 1);
                let want = q.trim().to_lowercase();
                for (i, _) in candidates {
                    assert!(i < len);
                    assert!(
                        names(i).iter().any(|n| n.to_lowercase().starts_with(&want)),
                        "Ambiguous candidate {i} for {q:?} has no name with that prefix"
                    );
                }
            }
            Lookup::Category { name, tools } => {
                assert!(
                    !tools.is_empty(),
                    "category {name:?} for {q:?} lists no tool"
                );
                for i in tools {
                    assert!(i < cat.tools.len() && cat.tools[i].category == name);
                }
            }
            Lookup::NotFound { suggestions } => assert!(suggestions.len() <= 3),
        }
    }
}

// ----------------------------------------------------------------- analyze

/// A job ad as raw bytes. Empty and binary input are errors, never panics;
/// otherwise scores are finite and within 0–100, the ranking is a
/// permutation of the roles, evidence ranges are sorted char ranges inside
/// their text, and no control character reaches the output (an escape
/// sequence in an ad must not reach a terminal). The shared analyzer and
/// the one-shot function agree.
pub fn analyze(data: &[u8]) {
    let cat = builtin();
    let result = analyzer().analyze_bytes(data);
    let Ok(a) = result else {
        return;
    };
    let n = cat.roles.len();
    assert_eq!(a.scores.len(), n);
    for s in &a.scores {
        assert!(
            s.score.is_finite() && (0.0..=100.0).contains(&s.score),
            "{s:?}"
        );
        assert!(s.role < n);
    }
    let mut ranking = a.ranking.clone();
    ranking.sort_unstable();
    assert_eq!(
        ranking,
        (0..n).collect::<Vec<_>>(),
        "ranking not a permutation"
    );
    assert!(a.best.is_none_or(|b| b < n));
    assert!(a.title_role.is_none_or(|b| b < n));
    assert!(a.title_roles.iter().all(|&r| r < n));
    let clean = |s: &str| !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
    if let Some(t) = &a.title {
        assert!(clean(t), "control character in title {t:?}");
    }
    for e in &a.evidence {
        assert!(e.role.is_none_or(|r| r < n));
        assert!(e.weight.is_finite());
        assert!(clean(&e.ad_text), "control character in {:?}", e.ad_text);
        let chars = e.ad_text.chars().count();
        for r in &e.ranges {
            assert!(r.start < r.end && r.end <= chars, "{r:?} in {chars} chars");
        }
        assert!(
            e.ranges.windows(2).all(|w| w[0].end <= w[1].start),
            "ranges overlap or unsorted: {:?}",
            e.ranges
        );
        for r in e.byte_ranges() {
            assert!(e.ad_text.get(r.clone()).is_some(), "byte range {r:?}");
        }
    }
    // Deterministic: the same bytes give the same reading, even from a new
    // analyzer (whose hash maps iterate in another order). Building one
    // costs more than most analyses, so only some small inputs are checked.
    if data.len() < 4096 && data.len().is_multiple_of(16) {
        let again = analyze_bytes(cat, data).expect("accepted once, accepted again");
        assert_eq!(a, again, "two analyses of the same ad differ");
    }
}
