//! Reliability properties (proptest), each kept to a few seconds:
//!
//! * any content that validates renders on every screen at every size,
//!   from 0x0 to 200x60, without panicking;
//! * content that fails validation is reported with a line and column
//!   inside the file;
//! * search never panics for any Unicode query, and its highlight indices
//!   are sorted char positions inside the text;
//! * `show --format json` carries the loaded content field for field.

mod common;

use std::collections::HashMap;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roledex::catalog::Catalog;
use roledex::content::SourceFile;
use roledex::content::{
    Distance, Duty, Layer, Loaded, Origin, Profile, Question, Role, Signal, Source, Tier, Tool,
    load,
};
use roledex::search::{self, Filter, Kind, Searcher};
use roledex::tui::theme::Theme;
use roledex::tui::update::update;
use roledex::tui::{Action, App, Screen, view};
use serde::Serialize;
use serde_json::Value;

// ------------------------------------------------------------- generators

/// Text as people (and pasted documents) write it: ASCII, any printable
/// Unicode (CJK, emoji, RTL, combining marks), and long runs.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z][A-Za-z ,.'-]{0,30}",
        2 => "\\PC{1,30}",
        1 => Just("東京の開発者 👩‍💻🚀 e\u{301}\u{302} café".to_string()),
        1 => Just("שלום עולם مرحبا بالعالم \u{200F}".to_string()),
        1 => "[a-z]{1,12}( [a-z]{1,12}){40,80}",
    ]
    .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn id() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,12}"
}

/// Ids the built-in content defines, so generated roles can use them.
const BUILTIN_TOOLS: &[&str] = &["terraform", "kubernetes", "github-actions", "aws", "helm"];

fn profile() -> impl Strategy<Value = Profile> {
    (
        prop::collection::vec(text(), 7),
        prop::sample::select(vec![Distance::Close, Distance::Medium, Distance::Far]),
    )
        .prop_map(|(t, d)| Profile {
            focus: t[0].clone(),
            serves: t[1].clone(),
            audience: t[2].clone(),
            distance_from_app_code: d,
            typical_org: t[3].clone(),
            typical_day: t[4].clone(),
            ownership: t[5].clone(),
            measured_by: t[6].clone(),
        })
}

/// A role that validates against `sources` and `tools` (plus the built-in
/// tools when `builtin` is true).
fn role(sources: Vec<String>, tools: Vec<String>) -> impl Strategy<Value = Role> {
    let src = prop::sample::select(sources.clone());
    let tool = prop::sample::select(tools);
    (
        (id(), text(), prop::collection::vec(text(), 0..3)),
        (any::<bool>(), -5i32..200, text()),
        prop::collection::vec((prop::option::of(1900i32..2030), text(), src.clone()), 0..3),
        prop::collection::vec(
            (
                text(),
                text(),
                prop::collection::vec(tool, 0..4),
                src.clone(),
            ),
            0..6,
        ),
        prop::collection::vec((text(), text(), src.clone()), 0..3),
        prop::collection::vec(
            (
                text(),
                prop::collection::vec(text(), 1..4),
                1u8..=3,
                src.clone(),
            ),
            0..3,
        ),
        profile(),
        prop::sample::subsequence(sources.clone(), 1..=sources.len()),
    )
        .prop_map(
            |(
                (id, title, also_called),
                (core, order, summary),
                origins,
                duties,
                questions,
                signals,
                profile,
                sources,
            )| Role {
                id,
                title,
                also_called,
                tier: if core { Tier::Core } else { Tier::Overlap },
                order,
                summary,
                sources,
                profile,
                origins: origins
                    .into_iter()
                    .map(|(year, text, source)| Origin { year, text, source })
                    .collect(),
                duties: duties
                    .into_iter()
                    .map(|(area, text, mut tools, source)| {
                        tools.dedup();
                        Duty {
                            area,
                            text,
                            tools,
                            source,
                        }
                    })
                    .collect(),
                interview_questions: questions
                    .into_iter()
                    .map(|(question, why, source)| Question {
                        question,
                        why,
                        source,
                    })
                    .collect(),
                signals: signals
                    .into_iter()
                    .map(|(trait_name, terms, weight, source)| Signal {
                        trait_name,
                        terms,
                        weight,
                        source,
                    })
                    .collect(),
            },
        )
}

fn tool(source: String) -> impl Strategy<Value = Tool> {
    (
        id(),
        text(),
        prop::collection::vec(text(), 0..3),
        text(),
        text(),
    )
        .prop_map(move |(id, name, aliases, category, description)| Tool {
            id,
            name,
            kind: Default::default(),
            aliases,
            category,
            description,
            url: None,
            source: Some(source.clone()),
        })
}

#[derive(Serialize)]
struct Collection<'a> {
    sources: &'a [Source],
    tools: &'a [Tool],
}

/// A content pack: one collection file (a source and some tools) and a few
/// role files, with unique ids. With `builtin`, it is layered over the
/// built-in content and may use its sources and tools.
#[derive(Debug, Clone)]
struct Pack {
    builtin: bool,
    source: Source,
    tools: Vec<Tool>,
    roles: Vec<Role>,
}

fn pack() -> impl Strategy<Value = Pack> {
    (
        any::<bool>(),
        id(),
        text(),
        prop::collection::vec(tool("x".into()), 0..4),
    )
        .prop_flat_map(|(builtin, src_id, src_title, tools)| {
            let source = Source {
                id: format!("src-{src_id}"),
                title: src_title,
                author: None,
                publisher: None,
                year: Some(2020),
                url: None,
                kind: "article".into(),
                note: None,
            };
            let mut seen = std::collections::HashSet::new();
            let tools: Vec<Tool> = tools
                .into_iter()
                .filter(|t| seen.insert(t.id.clone()))
                .map(|mut t| {
                    t.id = format!("tool-{}", t.id);
                    t.source = Some(source.id.clone());
                    t
                })
                .collect();
            let mut sources = vec![source.id.clone()];
            let mut tool_ids: Vec<String> = tools.iter().map(|t| t.id.clone()).collect();
            if builtin {
                sources.push("article".into());
                tool_ids.extend(BUILTIN_TOOLS.iter().map(|s| s.to_string()));
            }
            if tool_ids.is_empty() {
                // A duty with no tools is fine; select needs one option.
                tool_ids.push(String::new());
            }
            let roles = prop::collection::vec(role(sources, tool_ids), 1..4);
            (Just(builtin), Just(source), Just(tools), roles)
        })
        .prop_map(|(builtin, source, tools, roles)| {
            let mut seen = std::collections::HashSet::new();
            let roles = roles
                .into_iter()
                .filter(|r| seen.insert(r.id.clone()))
                .map(|mut r| {
                    for d in &mut r.duties {
                        d.tools.retain(|t| !t.is_empty());
                    }
                    r
                })
                .collect();
            Pack {
                builtin,
                source,
                tools,
                roles,
            }
        })
}

impl Pack {
    /// The pack as the files a user would write (name, TOML text).
    fn files(&self) -> Vec<(String, String)> {
        let mut files = vec![(
            "pack/tools.toml".to_string(),
            toml::to_string(&Collection {
                sources: std::slice::from_ref(&self.source),
                tools: &self.tools,
            })
            .expect("plain data serialises"),
        )];
        for r in &self.roles {
            files.push((
                format!("pack/roles/{}.toml", r.id),
                toml::to_string(r).expect("plain data serialises"),
            ));
        }
        files
    }

    fn load_files(&self, files: Vec<(String, String)>) -> Loaded {
        let mut layers = Vec::new();
        if self.builtin {
            layers.push(Layer::builtin());
        }
        layers.push(Layer {
            name: "pack".into(),
            files: files
                .into_iter()
                .map(|(display, text)| SourceFile::new(display, text))
                .collect(),
            diagnostics: Vec::new(),
        });
        load(layers)
    }
}

// ------------------------------------------------------------- properties

fn draw(app: &mut App, w: u16, h: u16) {
    update(
        app,
        Action::Resize {
            width: w,
            height: h,
        },
    );
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    t.draw(|f| view::draw(f, app)).expect("draw");
}

const FIXED_SIZES: [(u16, u16); 6] = [(0, 0), (1, 1), (39, 9), (40, 10), (80, 24), (200, 60)];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Generated content that loads without a single diagnostic renders on
    /// every screen (and every detail tab) at fixed edge sizes and random
    /// ones, without panicking; and comes back equal to what was written.
    #[test]
    fn valid_content_renders_on_every_screen_at_every_size(
        pack in pack(),
        sizes in prop::collection::vec((0u16..=200, 0u16..=60), 2),
    ) {
        let loaded = pack.load_files(pack.files());
        prop_assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
        for r in &pack.roles {
            let got = loaded.roles.iter().find(|l| l.id == r.id).expect("role loaded");
            prop_assert_eq!(got, r);
        }
        let mut app = App::new(Catalog::new(loaded), Theme::mono());
        // `e` (export) in key sequences writes here, never into the checkout.
        app.export_dir = Some(std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
        let sizes: Vec<(u16, u16)> = FIXED_SIZES.iter().copied().chain(sizes).collect();
        for screen in Screen::ALL {
            update(&mut app, Action::Goto(screen));
            match screen {
                Screen::Search => {
                    let word = pack.roles[0].title.split_whitespace().next().unwrap_or("a");
                    update(&mut app, Action::Paste(word.to_string()));
                }
                Screen::Analyze => {
                    let ad = pack.roles[0].duties.iter().map(|d| d.text.as_str())
                        .collect::<Vec<_>>().join(". ");
                    update(&mut app, Action::Paste(ad));
                    update(&mut app, Action::Idle);
                }
                _ => {}
            }
            for &(w, h) in &sizes {
                draw(&mut app, w, h);
            }
            // Every detail tab and pane of the screen, at one size.
            for a in [Action::Open, Action::NextTab, Action::NextTab, Action::NextTab,
                      Action::NextPane, Action::Down, Action::Bottom, Action::PageDown] {
                update(&mut app, a);
                draw(&mut app, sizes[6].0, sizes[6].1);
                draw(&mut app, 100, 30);
            }
            update(&mut app, Action::Back);
        }
    }

    /// Breaking a valid file (cutting, inserting or replacing text) yields
    /// diagnostics that point inside that file: line within its line
    /// count, column within the line; and the rest of the pack still loads.
    #[test]
    fn invalid_content_is_reported_inside_the_file(
        pack in pack(),
        which in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        len in 1usize..12,
        junk in prop_oneof![
            Just(String::new()), Just("\"".to_string()), Just("[".to_string()),
            Just("= =".to_string()), Just("\n[[tools]]\n".to_string()),
            Just("id = \"Bad Id\"\n".to_string()), Just("tools = [\"nope\"]\n".to_string()),
            "\\PC{1,4}",
        ],
    ) {
        let mut files = pack.files();
        let f = which.index(files.len());
        let text = &files[f].1;
        let mut cut = at.index(text.len() + 1);
        while !text.is_char_boundary(cut) { cut -= 1; }
        let mut end = (cut + len).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let broken = format!("{}{}{}", &text[..cut], junk, &text[end..]);
        files[f].1 = broken;
        let texts: HashMap<String, String> = files.iter().cloned().collect();
        let loaded = pack.load_files(files);
        for d in &loaded.diagnostics {
            prop_assert!(!d.message.is_empty());
            let Some(text) = texts.get(&d.file) else {
                prop_assert!(d.file.starts_with("<built-in>"), "{}", d.headline());
                continue;
            };
            let (Some(line), Some(col)) = (d.line, d.col) else {
                prop_assert!(false, "no location: {}", d.headline());
                continue;
            };
            let lines: Vec<&str> = text.split('\n').collect();
            prop_assert!((1..=lines.len()).contains(&line), "{} (file has {} lines)", d.headline(), lines.len());
            let width = lines[line - 1].chars().count();
            prop_assert!((1..=width + 1).contains(&col), "{} (line has {width} chars)", d.headline());
            let _ = d.to_string();
        }
        // Built-in content is never taken down by a broken user file.
        if pack.builtin {
            for id in common::builtin_role_ids() {
                prop_assert!(loaded.roles.iter().any(|r| r.id == id), "{} lost", id);
            }
        }
    }
}

// ------------------------------------------------------------------ search

fn builtin() -> &'static Catalog {
    static CAT: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CAT.get_or_init(Catalog::builtin)
}

/// Queries of every awkward kind.
fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,24}",
        2 => ".{0,24}",
        // Combining marks on letters and alone.
        1 => "([a-z][\u{300}-\u{36f}]{0,3}){1,8}",
        1 => "[\u{300}-\u{36f}]{1,8}",
        // Right-to-left text and bidi controls.
        1 => "[\u{5d0}-\u{5ea}\u{627}-\u{64a} \u{200e}\u{200f}\u{202a}-\u{202e}]{1,16}",
        // Emoji, with zero-width joiners and variation selectors.
        1 => "[\u{1f300}-\u{1f6ff}\u{200d}\u{fe0f} a-z]{1,12}",
        // Control characters, NUL included.
        1 => "[\u{0}-\u{1f}\u{7f}-\u{9f} a-z]{1,16}",
        // Words from the content, and near misses.
        2 => prop::sample::select(vec!["terraform", "ci pipe", "kubernets", "on-call", "tf", "golden path", "İstanbul", "ß", "ǅ"]).prop_map(String::from),
        // 10 KB queries.
        1 => ".{1,8}".prop_map(|s| s.repeat(10_240 / s.len().max(1) + 1)),
        1 => Just("a ".repeat(5_120)),
    ]
}

fn check_hits(hits: &[search::Hit], limit: usize) -> Result<(), TestCaseError> {
    prop_assert!(hits.len() <= limit);
    for h in hits {
        let text = builtin().corpus().text(h.entry);
        let chars = text.chars().count();
        prop_assert!(
            h.indices.windows(2).all(|w| w[0] < w[1]),
            "unsorted {:?}",
            h.indices
        );
        prop_assert!(
            h.indices.iter().all(|&i| i < chars),
            "{:?} past {chars} chars of {text:?}",
            h.indices
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any Unicode query, any filter: no panic, indices are sorted char
    /// positions inside the text, and typing a query one char at a time
    /// through one `Searcher` gives what a fresh search gives.
    #[test]
    fn search_never_panics_and_indices_are_char_positions(
        q in query(),
        kind in prop::option::of(prop::sample::select(Kind::ALL.to_vec())),
        limit in prop_oneof![Just(0usize), 1usize..30, Just(usize::MAX)],
    ) {
        let cat = builtin();
        let filter = Filter { kind, role: None };
        let hits = search::search(cat.corpus(), &q, filter, limit);
        check_hits(&hits, limit)?;
        let mut typing = Searcher::default();
        for (end, _) in q.char_indices().skip(1).take(24).chain([(q.len(), ' ')]) {
            let partial = &q[..end];
            let narrowed = typing.search(cat.corpus(), partial, filter, limit);
            check_hits(&narrowed, limit)?;
            prop_assert_eq!(&narrowed, &search::search(cat.corpus(), partial, filter, limit), "{:?}", partial);
        }
    }
}

// -------------------------------------------------------------- round trip

/// The keys of a JSON object, sorted.
fn keys(v: &Value, at: &str) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .unwrap_or_else(|| panic!("{at}: not an object: {v}"))
        .keys()
        .cloned()
        .collect();
    k.sort();
    k
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn str_list<'a>(v: &'a Value, at: &str) -> Vec<&'a str> {
    v.as_array()
        .unwrap_or_else(|| panic!("{at}: not an array: {v}"))
        .iter()
        .map(|s| {
            s.as_str()
                .unwrap_or_else(|| panic!("{at}: not a string: {s}"))
        })
        .collect()
}

/// The items of the array at `key`, as many as `want`.
fn items<'a>(shown: &'a Value, key: &str, want: usize, at: &str) -> &'a [Value] {
    let list = shown[key]
        .as_array()
        .unwrap_or_else(|| panic!("{at}.{key}: not an array"));
    assert_eq!(list.len(), want, "{at}.{key}: length");
    list
}

/// `show`'s JSON for the role at `index` states `want` key by key, as the
/// JSON format is documented (names and values written out here, not
/// derived from the serialiser `show` itself uses), and names the role's
/// known sources in `source_details`.
fn assert_show_matches(cat: &Catalog, index: usize, want: &Role) {
    let shown = roledex::report::json::show(cat, index);
    let at = format!("role {}", want.id);
    assert_eq!(
        keys(&shown, &at),
        sorted(&[
            "id",
            "title",
            "also_called",
            "tier",
            "order",
            "summary",
            "sources",
            "profile",
            "origins",
            "duties",
            "interview_questions",
            "signals",
            "source_details",
        ]),
        "{at}: keys"
    );
    assert_eq!(shown["id"].as_str(), Some(want.id.as_str()), "{at}: id");
    assert_eq!(shown["title"].as_str(), Some(want.title.as_str()), "{at}");
    assert_eq!(str_list(&shown["also_called"], &at), want.also_called);
    let tier = match want.tier {
        Tier::Core => "core",
        Tier::Overlap => "overlap",
    };
    assert_eq!(shown["tier"].as_str(), Some(tier), "{at}: tier");
    assert_eq!(shown["order"].as_i64(), Some(i64::from(want.order)), "{at}");
    assert_eq!(shown["summary"].as_str(), Some(want.summary.as_str()));
    assert_eq!(str_list(&shown["sources"], &at), want.sources);

    let p = &want.profile;
    let distance = match p.distance_from_app_code {
        Distance::Close => "close",
        Distance::Medium => "medium",
        Distance::Far => "far",
    };
    let profile = [
        ("focus", p.focus.as_str()),
        ("serves", &p.serves),
        ("audience", &p.audience),
        ("distance_from_app_code", distance),
        ("typical_org", &p.typical_org),
        ("typical_day", &p.typical_day),
        ("ownership", &p.ownership),
        ("measured_by", &p.measured_by),
    ];
    let names: Vec<&str> = profile.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        keys(&shown["profile"], &at),
        sorted(&names),
        "{at}: profile"
    );
    for (key, value) in profile {
        assert_eq!(
            shown["profile"][key].as_str(),
            Some(value),
            "{at}: profile.{key}"
        );
    }

    let list = items(&shown, "origins", want.origins.len(), &at);
    for (got, o) in list.iter().zip(&want.origins) {
        assert_eq!(keys(got, &at), sorted(&["year", "text", "source"]));
        assert_eq!(got["year"].as_i64(), o.year.map(i64::from), "{at}: year");
        assert!(o.year.is_some() || got["year"].is_null(), "{at}: no year");
        assert_eq!(got["text"].as_str(), Some(o.text.as_str()), "{at}");
        assert_eq!(got["source"].as_str(), Some(o.source.as_str()), "{at}");
    }
    let list = items(&shown, "duties", want.duties.len(), &at);
    for (got, d) in list.iter().zip(&want.duties) {
        assert_eq!(keys(got, &at), sorted(&["area", "text", "tools", "source"]));
        assert_eq!(got["area"].as_str(), Some(d.area.as_str()), "{at}");
        assert_eq!(got["text"].as_str(), Some(d.text.as_str()), "{at}");
        assert_eq!(str_list(&got["tools"], &at), d.tools, "{at}: tools");
        assert_eq!(got["source"].as_str(), Some(d.source.as_str()), "{at}");
    }
    let list = items(
        &shown,
        "interview_questions",
        want.interview_questions.len(),
        &at,
    );
    for (got, q) in list.iter().zip(&want.interview_questions) {
        assert_eq!(keys(got, &at), sorted(&["question", "why", "source"]));
        assert_eq!(got["question"].as_str(), Some(q.question.as_str()));
        assert_eq!(got["why"].as_str(), Some(q.why.as_str()), "{at}");
        assert_eq!(got["source"].as_str(), Some(q.source.as_str()), "{at}");
    }
    let list = items(&shown, "signals", want.signals.len(), &at);
    for (got, sig) in list.iter().zip(&want.signals) {
        assert_eq!(
            keys(got, &at),
            sorted(&["trait", "terms", "weight", "source"])
        );
        assert_eq!(got["trait"].as_str(), Some(sig.trait_name.as_str()));
        assert_eq!(str_list(&got["terms"], &at), sig.terms, "{at}: terms");
        assert_eq!(got["weight"].as_u64(), Some(u64::from(sig.weight)));
        assert_eq!(got["source"].as_str(), Some(sig.source.as_str()), "{at}");
    }

    // Every source the role cites that the content defines, in order.
    let known: Vec<&Source> = want.sources.iter().filter_map(|s| cat.source(s)).collect();
    let list = items(&shown, "source_details", known.len(), &at);
    for (got, s) in list.iter().zip(known) {
        assert_eq!(got["id"].as_str(), Some(s.id.as_str()), "{at}");
        assert_eq!(got["title"].as_str(), Some(s.title.as_str()), "{at}");
        assert_eq!(got["kind"].as_str(), Some(s.kind.as_str()), "{at}");
        assert_eq!(got["year"].as_i64(), s.year.map(i64::from), "{at}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Generated content → load → `show` JSON: every generated role is
    /// shown as it was generated, field by field, and every built-in one
    /// as it loaded.
    #[test]
    fn show_json_round_trips_generated_content(pack in pack()) {
        let loaded = pack.load_files(pack.files());
        prop_assert!(loaded.diagnostics.is_empty());
        let cat = Catalog::new(loaded);
        for r in &pack.roles {
            let i = cat.role_index(&r.id).expect("generated role loaded");
            assert_show_matches(&cat, i, r);
        }
        for (i, r) in cat.roles.iter().enumerate() {
            assert_show_matches(&cat, i, r);
        }
    }
}

/// Everything `file` states is in `shown` with the same value; `shown` may
/// add what the file left to defaults (`"year": null`, `"weight": 2`).
fn states(shown: &Value, file: &Value, at: &str) {
    match (shown, file) {
        (Value::Object(s), Value::Object(f)) => {
            for (k, v) in f {
                let got = s.get(k).unwrap_or_else(|| panic!("{at}.{k} missing"));
                states(got, v, &format!("{at}.{k}"));
            }
        }
        (Value::Array(s), Value::Array(f)) => {
            assert_eq!(s.len(), f.len(), "{at}: length");
            for (i, (a, b)) in s.iter().zip(f).enumerate() {
                states(a, b, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(shown, file, "{at}"),
    }
}

/// The real command, for every built-in role: `show ID --format json`
/// states everything the built-in TOML file does, key for key (the TOML is
/// the content; the loaded role only adds defaults).
#[test]
fn show_json_cli_matches_the_builtin_toml_for_every_role() {
    let cat = Catalog::builtin();
    let ids: Vec<&str> = cat.roles.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, common::builtin_role_ids());
    for (name, text) in roledex::content::BUILTIN_FILES {
        if !name.starts_with("roles/") {
            continue;
        }
        let source: Value = toml::from_str(text).expect("built-in TOML parses");
        let id = source["id"].as_str().expect("role id");
        let out = assert_cmd::Command::cargo_bin("roledex")
            .expect("binary")
            .args(["--no-user-content", "show", id, "--format", "json"])
            .env_remove("ROLEDEX_CONTENT_DIR")
            .output()
            .expect("run roledex");
        assert!(out.status.success(), "show {id}: {out:?}");
        let shown: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        states(&shown, &source, name);
        let i = cat.role_index(id).expect("loaded");
        assert_show_matches(&cat, i, &cat.roles[i]);
    }
}
