//! The layout, enforced: reads `src/` and fails on an import against the
//! layer order, an import circle, a terminal or argument-parsing crate
//! used below the front ends, or a file too long to read as one job.
//!
//! README "Architecture" describes the same layers; this test is what keeps
//! the two true. The checker is plain text analysis (no compiler): `use`
//! trees, inline `crate::`/`super::` paths and `pub use` re-exports are
//! followed to the file that defines a name.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Low to high. A module may import its own layer (without a circle) and
/// any layer below; never one above.
const LAYERS: &[(&str, &[&str])] = &[
    ("utilities", &["paths", "par", "suggest", "text"]),
    ("content", &["content"]),
    ("catalog and search", &["catalog", "search"]),
    ("compare and analyze", &["compare", "analyze"]),
    ("documents", &["document"]),
    ("store", &["store"]),
    ("front ends", &["report", "tui"]),
    ("cli", &["cli"]),
    ("main", &["main"]),
];

/// Modules of one layer that still must not know each other.
const APART: &[(&str, &str)] = &[("report", "tui"), ("tui", "report")];

/// External crates only the front ends may name.
const FRONT_END_CRATES: &[(&str, &[&str])] = &[
    ("ratatui", &["tui", "cli", "main"]),
    ("crossterm", &["tui", "cli", "main"]),
    ("clap", &["cli", "main"]),
    ("clap_complete", &["cli", "main"]),
    ("clap_mangen", &["cli", "main"]),
];

/// Lines of code (not blank, not comments) before a file's tests.
const MAX_FILE_LINES: usize = 800;

/// A module's files by module path (`["content", "load"]`), with their
/// text stripped of comments, strings and tests.
#[derive(Default)]
struct Tree {
    files: BTreeMap<Vec<String>, Source>,
}

struct Source {
    display: String,
    code: String,
    /// Whether this file is a folder's `mod.rs` (or the crate root).
    is_dir: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    from: Vec<String>,
    to: Vec<String>,
    /// The path as written, for the message.
    via: String,
}

impl Tree {
    fn read(src: &Path) -> Tree {
        let mut tree = Tree::default();
        let mut stack = vec![src.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).expect("read src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = fs::read_to_string(&path).expect("read file");
                    let rel = path.strip_prefix(src).expect("under src");
                    tree.add(rel, &text);
                }
            }
        }
        tree
    }

    fn add(&mut self, rel: &Path, text: &str) {
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let file = parts.pop().expect("file name");
        let stem = file.trim_end_matches(".rs").to_string();
        let is_dir = matches!(stem.as_str(), "mod" | "lib" | "main");
        if stem == "main" && parts.is_empty() {
            parts.push("main".into());
        } else if !is_dir {
            parts.push(stem);
        }
        self.files.insert(
            parts,
            Source {
                display: format!("src/{}", rel.display()),
                code: strip(text),
                is_dir,
            },
        );
    }

    /// The file that defines what `path` (absolute, from the crate root)
    /// names: the deepest module file on it, followed through re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> Option<Vec<String>> {
        let mut at: Vec<String> = Vec::new();
        for (i, seg) in path.iter().enumerate() {
            let mut next = at.clone();
            next.push(seg.clone());
            if self.files.contains_key(&next) {
                at = next;
                continue;
            }
            // `seg` is an item of `at`, or a name it re-exports.
            if depth < 8
                && let Some(target) = self.reexport(&at, seg)
            {
                let mut full = target;
                full.extend(path[i + 1..].iter().cloned());
                return self.resolve(&full, depth + 1);
            }
            break;
        }
        self.files.contains_key(&at).then_some(at)
    }

    /// Where module `at` re-exports `name` from, as an absolute path.
    fn reexport(&self, at: &[String], name: &str) -> Option<Vec<String>> {
        let source = self.files.get(at)?;
        if defines(&source.code, name) {
            return None;
        }
        for stmt in use_statements(&source.code, true) {
            for path in expand(&stmt) {
                let last = path.last()?;
                let absolute = absolute(at, source.is_dir, &path)?;
                if last == name {
                    return Some(absolute);
                }
                if last == "*" {
                    let module = &absolute[..absolute.len() - 1];
                    if let Some(m) = self.files.get(module)
                        && (defines(&m.code, name) || self.reexport(module, name).is_some())
                    {
                        let mut p = module.to_vec();
                        p.push(name.to_string());
                        return Some(p);
                    }
                }
            }
        }
        None
    }

    fn edges(&self) -> BTreeSet<Edge> {
        let mut edges = BTreeSet::new();
        for (module, source) in &self.files {
            let mut paths: Vec<Vec<String>> = use_statements(&source.code, false)
                .iter()
                .flat_map(|s| expand(s))
                .collect();
            paths.extend(inline_paths(&source.code));
            for path in paths {
                let Some(abs) = absolute(module, source.is_dir, &path) else {
                    continue;
                };
                let Some(to) = self.resolve(&abs, 0) else {
                    continue;
                };
                if &to != module && !to.is_empty() {
                    edges.insert(Edge {
                        from: module.clone(),
                        to,
                        via: path.join("::"),
                    });
                }
            }
        }
        edges
    }
}

/// Code only: comments, string and char literals blanked (so a `crate::`
/// inside a doc line or a message is not an import), and everything from
/// the first `#[cfg(test)]` on a `mod` dropped.
fn strip(text: &str) -> String {
    let cut = test_start(text).unwrap_or(text.len());
    let b = &text.as_bytes()[..cut];
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if b[i] == b'\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if b[i] == b'r' && matches!(b.get(i + 1), Some(b'"' | b'#')) && !ident_byte(b, i) {
            // Raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            j += 1;
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            while j < b.len() && !b[j..].starts_with(&close) {
                if b[j] == b'\n' {
                    out.push('\n');
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j + close.len();
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                if b.get(i) == Some(&b'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            out.push_str("\"\"");
            i += 1;
        } else if b[i] == b'\'' && (b.get(i + 2) == Some(&b'\'') || (b.get(i + 1) == Some(&b'\\')))
        {
            // A char literal (a lifetime has no closing quote).
            i += 1;
            while i < b.len() && b[i] != b'\'' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            out.push_str("' '");
            i += 1;
        } else {
            let ch = text[i..].chars().next().expect("char");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn ident_byte(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// Where a file's test module starts: a `#[cfg(test)]` line followed by
/// a `mod` line.
fn test_start(text: &str) -> Option<usize> {
    let mut at = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|n| n.trim_start().starts_with("mod ") || n.contains(" mod "))
        {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// `use` statements (without `use` and `;`); `public` keeps only `pub use`.
fn use_statements(code: &str, public: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = find_word(rest, "use") {
        let before = rest[..i].trim_end();
        let is_pub = before.ends_with("pub") || before.ends_with(')') && before.contains("pub(");
        let after = &rest[i + 3..];
        let end = after.find(';').unwrap_or(after.len());
        if !public || is_pub {
            out.push(
                after[..end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        rest = &after[end..];
    }
    out
}

fn find_word(hay: &str, word: &str) -> Option<usize> {
    let b = hay.as_bytes();
    let mut from = 0;
    while let Some(i) = hay[from..].find(word) {
        let at = from + i;
        let end = at + word.len();
        let left = at == 0 || !(b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_');
        let right = end < b.len() && b[end].is_ascii_whitespace();
        if left && right {
            return Some(at);
        }
        from = end;
    }
    None
}

/// `a::{b, c::{d, e as f}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<Vec<String>> {
    fn go(prefix: &[String], s: &str, out: &mut Vec<Vec<String>>) {
        let s = s.trim();
        if s.is_empty() {
            return;
        }
        let segments = |t: &str| -> Vec<String> {
            t.split("::")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut p = prefix.to_vec();
        if let Some(open) = s.find('{') {
            p.extend(segments(&s[..open]));
            let inner = &s[open + 1..s.rfind('}').unwrap_or(s.len())];
            for part in split_top(inner) {
                go(&p, part, out);
            }
        } else {
            let name = s.split(" as ").next().unwrap_or(s);
            p.extend(segments(name));
            if p.last().is_some_and(|l| l == "self") {
                p.pop();
            }
            out.push(p);
        }
    }
    let mut out = Vec::new();
    go(&[], tree, &mut out);
    out
}

/// Splits at commas not inside braces.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// `crate::a::b` and `super::a` written inside code.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for root in ["crate::", "super::", "roledex::"] {
        let b = code.as_bytes();
        let mut from = 0;
        while let Some(i) = code[from..].find(root) {
            let at = from + i;
            from = at + root.len();
            if at > 0
                && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_' || b[at - 1] == b':')
            {
                continue;
            }
            let mut end = from;
            while end < b.len()
                && (b[end].is_ascii_alphanumeric() || b[end] == b'_' || b[end] == b':')
            {
                end += 1;
            }
            let path: Vec<String> = code[at..end]
                .split("::")
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            out.push(path);
        }
    }
    out
}

/// An absolute module path for `path` as written in module `at`; `None`
/// for another crate's path.
fn absolute(at: &[String], is_dir: bool, path: &[String]) -> Option<Vec<String>> {
    let first = path.first()?;
    let mut here: Vec<String> = at.to_vec();
    if at == ["main"] {
        // The binary names the library by its crate name.
        return (first == "roledex").then(|| path[1..].to_vec());
    }
    match first.as_str() {
        "crate" => Some(path[1..].to_vec()),
        "self" => {
            if !is_dir {
                // `self` in a file module is that module.
            }
            here.extend(path[1..].iter().cloned());
            Some(here)
        }
        "super" => {
            let mut i = 0;
            while path.get(i).is_some_and(|s| s == "super") {
                here.pop();
                i += 1;
            }
            here.extend(path[i..].iter().cloned());
            Some(here)
        }
        _ => None,
    }
}

/// Whether `code` defines an item called `name` at any depth.
fn defines(code: &str, name: &str) -> bool {
    const KINDS: &[&str] = &[
        "struct", "enum", "fn", "trait", "type", "const", "static", "union", "mod",
    ];
    KINDS.iter().any(|k| {
        let mut rest = code;
        while let Some(i) = find_word(rest, k) {
            let after = rest[i + k.len()..].trim_start();
            let ident: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if ident == name {
                return true;
            }
            rest = &rest[i + k.len()..];
        }
        false
    })
}

fn layer_of(module: &[String]) -> Option<(usize, &'static str)> {
    let top = module.first()?;
    LAYERS
        .iter()
        .enumerate()
        .find(|(_, (_, mods))| mods.contains(&top.as_str()))
        .map(|(i, _)| (i, top_name(top)))
}

fn top_name(top: &str) -> &'static str {
    LAYERS
        .iter()
        .flat_map(|(_, mods)| mods.iter())
        .find(|m| **m == top)
        .copied()
        .unwrap_or("?")
}

/// Every way `tree` breaks the layout, one line each.
fn problems(tree: &Tree) -> Vec<String> {
    let mut out = Vec::new();
    let edges = tree.edges();
    let show = |m: &[String]| {
        tree.files
            .get(m)
            .map_or(m.join("::"), |s| s.display.clone())
    };

    // Every top-level module has a layer.
    for module in tree.files.keys() {
        if !module.is_empty() && layer_of(module).is_none() {
            out.push(format!(
                "{}: module `{}` has no layer in tests/architecture.rs",
                show(module),
                module[0]
            ));
        }
    }
    // Imports go down (or across, within a layer).
    for e in &edges {
        let (Some((lf, mf)), Some((lt, mt))) = (layer_of(&e.from), layer_of(&e.to)) else {
            continue;
        };
        if lt > lf {
            out.push(format!(
                "{} imports {} (`{}`): {} is in layer \"{}\", above \"{}\"",
                show(&e.from),
                show(&e.to),
                e.via,
                mt,
                LAYERS[lt].0,
                LAYERS[lf].0
            ));
        } else if APART.contains(&(mf, mt)) {
            out.push(format!(
                "{} imports {} (`{}`): {mf} must not know {mt}",
                show(&e.from),
                show(&e.to),
                e.via
            ));
        }
    }
    // No circles: between top-level modules, and between files.
    let modules: BTreeSet<(String, String)> = edges
        .iter()
        .filter(|e| !e.from.is_empty() && e.from[0] != e.to[0])
        .map(|e| (e.from[0].clone(), e.to[0].clone()))
        .collect();
    for circle in circles(&modules) {
        out.push(format!("modules in a circle: {}", circle.join(" -> ")));
    }
    let files: BTreeSet<(String, String)> =
        edges.iter().map(|e| (show(&e.from), show(&e.to))).collect();
    for circle in circles(&files) {
        out.push(format!("files in a circle: {}", circle.join(" -> ")));
    }
    // Terminal and argument crates only in the front ends.
    for (module, source) in &tree.files {
        let Some((_, top)) = layer_of(module) else {
            continue;
        };
        for (krate, allowed) in FRONT_END_CRATES {
            let named = find_path_root(&source.code, krate);
            if named && !allowed.contains(&top) {
                out.push(format!(
                    "{} uses `{krate}`, which only {} may",
                    show(module),
                    allowed.join(" and ")
                ));
            }
        }
    }
    // Files short enough to have one job.
    for source in tree.files.values() {
        let lines = source.code.lines().filter(|l| !l.trim().is_empty()).count();
        if lines > MAX_FILE_LINES {
            out.push(format!(
                "{} has {lines} lines of code before its tests (limit {MAX_FILE_LINES})",
                source.display
            ));
        }
    }
    out
}

/// Whether `code` names crate `krate` as a path root.
fn find_path_root(code: &str, krate: &str) -> bool {
    let needle = format!("{krate}::");
    let b = code.as_bytes();
    code.match_indices(&needle).any(|(at, _)| {
        at == 0 || !(b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_' || b[at - 1] == b':')
    })
}

/// The cycles of a directed graph, one per strongly connected component
/// of more than one node, each shown as a path around it.
fn circles(edges: &BTreeSet<(String, String)>) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a).or_default().push(b);
        next.entry(b).or_default();
    }
    // Tarjan's algorithm, iterative enough for a few hundred files.
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(v: &'a str, next: &BTreeMap<&'a str, Vec<&'a str>>, s: &mut State<'a>) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on.insert(v);
        for &w in &next[v] {
            if !s.index.contains_key(w) {
                visit(w, next, s);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("low");
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("low");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(w);
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for &v in next.keys() {
        if !s.index.contains_key(v) {
            visit(v, &next, &mut s);
        }
    }
    s.out
        .into_iter()
        .map(|comp| {
            let mut c: Vec<String> = comp.into_iter().map(str::to_string).collect();
            c.sort();
            c
        })
        .collect()
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_source_tree_keeps_its_layers() {
    let problems = problems(&Tree::read(&src()));
    assert!(
        problems.is_empty(),
        "the layout is broken ({} problems):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// The checker on a small tree of its own: it must see each kind of
/// problem, or the test above could pass by seeing nothing.
fn fake(files: &[(&str, &str)]) -> Tree {
    let mut tree = Tree::default();
    for (path, text) in files {
        tree.add(Path::new(path), text);
    }
    tree
}

const CLEAN: &[(&str, &str)] = &[
    (
        "lib.rs",
        "pub mod content;\npub mod catalog;\npub mod tui;\n",
    ),
    ("content/mod.rs", "mod model;\npub use model::*;\n"),
    ("content/model.rs", "pub struct Role;\n"),
    (
        "catalog.rs",
        "use crate::content::Role;\npub struct Catalog(Role);\n",
    ),
    (
        "tui/mod.rs",
        "use crate::catalog::Catalog;\nuse ratatui::Frame;\n",
    ),
];

#[test]
fn a_clean_tree_has_no_problems() {
    assert_eq!(problems(&fake(CLEAN)), Vec::<String>::new());
}

#[test]
fn a_wrong_way_import_is_caught_even_through_a_reexport() {
    let mut files = CLEAN.to_vec();
    files[2] = (
        "content/model.rs",
        "use crate::tui::App;\npub struct Role;\n",
    );
    let p = problems(&fake(&files));
    assert!(
        p.iter().any(
            |l| l.contains("src/content/model.rs imports src/tui/mod.rs") && l.contains("above")
        ),
        "{p:?}"
    );
    // catalog -> content -> tui -> catalog: also a circle.
    assert!(
        p.iter().any(|l| l.starts_with("modules in a circle")),
        "{p:?}"
    );
}

#[test]
fn a_circle_inside_one_folder_is_caught() {
    let mut files = CLEAN.to_vec();
    files.push((
        "content/load.rs",
        "use super::validate::check;\npub struct Merged;\n",
    ));
    files.push((
        "content/validate.rs",
        "use super::load::Merged;\npub fn check() {}\n",
    ));
    let p = problems(&fake(&files));
    assert!(
        p.iter().any(|l| l.starts_with("files in a circle")
            && l.contains("src/content/load.rs")
            && l.contains("src/content/validate.rs")),
        "{p:?}"
    );
}

#[test]
fn front_end_crates_below_the_front_ends_are_caught() {
    let mut files = CLEAN.to_vec();
    files[3] = (
        "catalog.rs",
        "use crate::content::Role;\n#[derive(clap::ValueEnum)]\npub struct Catalog(Role);\n",
    );
    let p = problems(&fake(&files));
    assert!(
        p.iter().any(|l| l.contains("src/catalog.rs uses `clap`")),
        "{p:?}"
    );
}

#[test]
fn imports_in_comments_strings_and_tests_do_not_count() {
    let mut files = CLEAN.to_vec();
    files[2] = (
        "content/model.rs",
        "//! Used by crate::tui::App.\npub struct Role;\nconst S: &str = \"crate::tui::App\";\n#[cfg(test)]\nmod tests {\n    use crate::tui::App;\n}\n",
    );
    assert_eq!(problems(&fake(&files)), Vec::<String>::new());
}

#[test]
fn an_oversized_file_is_caught() {
    let mut files = CLEAN.to_vec();
    let long = "fn f() {}\n".repeat(MAX_FILE_LINES + 1);
    files.push(("catalog/big.rs", long.as_str()));
    let p = problems(&fake(&files));
    assert!(
        p.iter()
            .any(|l| l.contains("src/catalog/big.rs has 801 lines")),
        "{p:?}"
    );
}
