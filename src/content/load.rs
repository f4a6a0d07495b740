//! Reading content: the embedded defaults, then user directories on top.
//!
//! Every file is parsed on its own, so one bad file costs only itself; the
//! built-in layer is always parsed first and cannot be taken down by a user
//! file.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;
use toml::Spanned;

use super::diag::Diagnostic;
use super::model::{
    AdSection, Cue, Guide, ReaderModel, Role, Section, Source, TellingQuestion, Tool,
};
use super::validate;

/// The shipped content, embedded so the binary runs from anywhere, offline.
/// `tests` checks that every file under `content/` is listed here.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("sources.toml", include_str!("../../content/sources.toml")),
    ("tools.toml", include_str!("../../content/tools.toml")),
    ("guide.toml", include_str!("../../content/guide.toml")),
    ("search.toml", include_str!("../../content/search.toml")),
    (
        "reader/cues.toml",
        include_str!("../../content/reader/cues.toml"),
    ),
    (
        "reader/sections.toml",
        include_str!("../../content/reader/sections.toml"),
    ),
    (
        "reader/model.toml",
        include_str!("../../content/reader/model.toml"),
    ),
    (
        "roles/devops.toml",
        include_str!("../../content/roles/devops.toml"),
    ),
    (
        "roles/platform.toml",
        include_str!("../../content/roles/platform.toml"),
    ),
    (
        "roles/infrastructure.toml",
        include_str!("../../content/roles/infrastructure.toml"),
    ),
    (
        "roles/sre.toml",
        include_str!("../../content/roles/sre.toml"),
    ),
    (
        "roles/systems.toml",
        include_str!("../../content/roles/systems.toml"),
    ),
    (
        "roles/integration.toml",
        include_str!("../../content/roles/integration.toml"),
    ),
];

/// How deep a user directory is walked; bounds symlink loops.
const MAX_DEPTH: usize = 8;
/// Content files are hand-written; anything bigger is a mistake, and reading
/// it whole would cost memory for nothing.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// One content file's text and the name it is reported under.
#[derive(Debug)]
pub struct SourceFile {
    pub display: String,
    pub text: String,
    /// Diagnostics located in this file so far: see [`MAX_LOCATED_PER_FILE`].
    located: AtomicUsize,
}

impl SourceFile {
    pub fn new(display: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            display: display.into(),
            text: text.into(),
            located: AtomicUsize::new(0),
        }
    }
}

/// Locating a diagnostic (line and column) scans the file up to it, so a
/// generated file with a mistake in each of its 100 000 entries would take
/// minutes; past this many, a file's diagnostics are reported without a
/// location.
pub const MAX_LOCATED_PER_FILE: usize = 200;

/// A set of files loaded together: the built-ins, or one user directory.
/// Ids must be unique within a layer; a later layer overrides an earlier one.
#[derive(Debug, Default)]
pub struct Layer {
    pub name: String,
    pub files: Vec<SourceFile>,
    /// Problems met while reading (not parsing) the layer.
    pub diagnostics: Vec<Diagnostic>,
}

impl Layer {
    pub fn builtin() -> Layer {
        Layer {
            name: "built-in".to_string(),
            files: BUILTIN_FILES
                .iter()
                .map(|(name, text)| SourceFile::new(format!("<built-in>/{name}"), *text))
                .collect(),
            diagnostics: Vec::new(),
        }
    }

    /// Reads a directory (recursively, `*.toml`, sorted) or a single file.
    /// A missing path is reported, not fatal.
    pub fn from_path(path: &Path) -> Layer {
        Layer::read(Scan::of(path))
    }

    /// Reads the files a [`Scan`] found.
    pub fn read(scan: Scan) -> Layer {
        let Scan {
            name,
            paths,
            mut diagnostics,
        } = scan;
        // A big pack is thousands of files: reading them is syscall-bound,
        // so it overlaps well across threads.
        let read = crate::par::map(&paths, 16, |p| {
            let display = p.display().to_string();
            read_limited(p, &display).map(|text| SourceFile::new(display, text))
        });
        let mut files = Vec::new();
        for r in read {
            match r {
                Ok(file) => files.push(file),
                Err(diag) => diagnostics.push(diag),
            }
        }
        Layer {
            name,
            files,
            diagnostics,
        }
    }
}

/// A user directory walked but not read: which content files it holds (in
/// load order) and what was wrong with the walk. The content cache compares
/// these files' stamps with the ones it stored instead of reading them.
#[derive(Debug)]
pub struct Scan {
    pub name: String,
    pub paths: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Scan {
    pub fn of(path: &Path) -> Scan {
        let mut scan = Scan {
            name: path.display().to_string(),
            paths: Vec::new(),
            diagnostics: Vec::new(),
        };
        let mut seen = HashSet::new();
        collect_toml(
            path,
            0,
            &mut seen,
            &mut scan.paths,
            &mut scan.diagnostics,
            true,
        );
        debug_assert!(scan.paths.is_sorted(), "the walk gives paths in order");
        scan
    }
}

/// What the file system says of a file without reading it: enough to tell
/// that it changed. The change time is set by the kernel on every write or
/// rename and cannot be set back by a program, unlike the modification time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified_ns: i128,
    pub changed_ns: i128,
    pub inode: u64,
}

impl Stamp {
    pub fn of(meta: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
            Stamp {
                len: meta.len(),
                modified_ns: ns(meta.mtime(), meta.mtime_nsec()),
                changed_ns: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            Stamp {
                len: meta.len(),
                modified_ns,
                changed_ns: modified_ns,
                inode: 0,
            }
        }
    }

    /// The later of the two times, in nanoseconds since the epoch.
    pub fn newest_ns(&self) -> i128 {
        self.modified_ns.max(self.changed_ns)
    }
}

/// A content file's text, or the diagnostic that stops it being read:
/// exactly what [`Layer::read`] makes of it.
pub fn read_source(p: &Path) -> Result<String, Diagnostic> {
    read_limited(p, &p.display().to_string())
}

fn read_limited(p: &Path, display: &str) -> Result<String, Diagnostic> {
    let unreadable =
        |e: std::io::Error| Diagnostic::file_level(display, format!("cannot read file: {e}"));
    // Open once and ask the open file for its size: a big pack is
    // thousands of files, and each path lookup is a system call.
    let file = fs::File::open(p).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::file_level(
            display,
            format!(
                "file is {} bytes; content files are limited to {} bytes",
                meta.len(),
                MAX_FILE_BYTES
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    // Bounded: a file growing while it is read still stops at the limit.
    file.take(MAX_FILE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    String::from_utf8(bytes).map_err(|e| {
        // Point at the first bad byte: everything before it is valid, so
        // the lossy text agrees with the file up to there.
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let msg = format!(
            "file is not valid UTF-8 (byte 0x{:02x}); content files must be saved as UTF-8",
            bytes.get(at).copied().unwrap_or(0)
        );
        let lossy = String::from_utf8_lossy(&bytes);
        Diagnostic::at(display, &lossy, at..at + 1, msg)
    })
}

fn collect_toml(
    path: &Path,
    depth: usize,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
    top: bool,
) {
    let shown = path.display().to_string();
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diags.push(Diagnostic::file_level(&shown, format!("cannot read: {e}")));
            return;
        }
    };
    if meta.is_file() {
        // A file named explicitly is taken whatever its extension.
        if top || path.extension().is_some_and(|e| e == "toml") {
            out.push(path.to_path_buf());
        }
        return;
    }
    if !meta.is_dir() {
        return;
    }
    if depth >= MAX_DEPTH {
        diags.push(Diagnostic::file_level(
            &shown,
            format!("directory nesting deeper than {MAX_DEPTH} levels (symlink loop?); skipped"),
        ));
        return;
    }
    // Each directory is read once, however many links lead to it: a
    // directory holding k links to itself would otherwise be walked k^8
    // times before the depth limit stops it.
    if let Ok(real) = fs::canonicalize(path)
        && !seen.insert(real.clone())
    {
        diags.push(Diagnostic::file_level(
            &shown,
            format!(
                "directory {} was already read (symlink loop?); skipped",
                real.display()
            ),
        ));
        return;
    }
    let entries = match fs::read_dir(path) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic::file_level(
                &shown,
                format!("cannot read directory: {e}"),
            ));
            return;
        }
    };
    // Each directory's entries in name order, depth first: that is the
    // order of sorting the whole paths (component by component), without
    // comparing thousands of long paths.
    let mut entries: Vec<fs::DirEntry> = entries.flatten().collect();
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let p = entry.path();
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        // The directory listing already says what a plain file is; only
        // directories and links need a look of their own.
        match entry.file_type() {
            Ok(t) if t.is_file() => {
                if p.extension().is_some_and(|e| e == "toml") {
                    out.push(p);
                }
            }
            _ => collect_toml(&p, depth + 1, seen, out, diags, false),
        }
    }
}

/// The merged, validated content and everything that was wrong with it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub roles: Vec<Role>,
    pub tools: Vec<Tool>,
    pub sources: Vec<Source>,
    pub guide: Guide,
    pub diagnostics: Vec<Diagnostic>,
    /// Every file that was read, in load order.
    pub files: Vec<String>,
}

/// A parsed entry and where it came from, kept until validation is done.
pub(crate) struct Located<T> {
    pub value: T,
    pub file: Arc<SourceFile>,
    /// The entry's text: a whole role file, or from a `[[tools]]`-style
    /// header up to the next entry of the file (serde's span of an
    /// array-of-tables element covers only its header line).
    pub span: Range<usize>,
}

/// The span of the value of `key = value` on the first line of
/// `text[range]` that assigns `key`, if any.
fn key_value(text: &str, range: Range<usize>, key: &str) -> Option<Range<usize>> {
    let mut at = range.start;
    let hay = text.get(range)?;
    for line in hay.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(value) = body
            .trim_start()
            .strip_prefix(key)
            .and_then(|rest| rest.trim_start().strip_prefix('='))
        {
            let value_at = body.len() - value.trim_start().len();
            let value_end = body.len() - (value.len() - value.trim_end().len());
            return Some(at + value_at..at + value_end.max(value_at));
        }
        at += line.len();
    }
    None
}

impl<T> Located<T> {
    /// The span of `key`'s value in the table (between `[...]` headers)
    /// that contains byte `anchor` of this entry.
    pub fn find_key_near(&self, anchor: usize, key: &str) -> Option<Range<usize>> {
        let text = &self.file.text;
        let span = self.span.start.min(text.len())..self.span.end.min(text.len());
        let anchor = anchor.clamp(span.start, span.end);
        let is_header = |line: &str| line.trim_start().starts_with('[');
        let mut start = span.start;
        let mut end = span.end;
        let mut at = span.start;
        for line in text[span.clone()].split_inclusive('\n') {
            if is_header(line) {
                if at <= anchor {
                    start = at;
                } else {
                    end = at;
                    break;
                }
            }
            at += line.len();
        }
        key_value(text, start..end, key)
    }

    /// The span of the value of a top-level `key` of this entry (before
    /// any sub-table).
    pub fn find_key(&self, key: &str) -> Option<Range<usize>> {
        self.find_key_near(self.span.start, key)
    }

    /// Locates `needle` (a quoted id) inside this entry, for precise errors.
    pub fn find(&self, needle: &str, nth: usize) -> Range<usize> {
        let text = &self.file.text;
        let span = self.span.start.min(text.len())..self.span.end.min(text.len());
        let hay = text.get(span.clone()).unwrap_or("");
        for quoted in [format!("\"{needle}\""), format!("'{needle}'")] {
            if let Some((i, _)) = hay.match_indices(&quoted).nth(nth) {
                let s = span.start + i;
                return s..s + quoted.len();
            }
        }
        span.start..span.start + 1
    }

    pub fn diag_at(&self, span: Range<usize>, msg: impl Into<String>) -> Diagnostic {
        if self.file.located.fetch_add(1, Ordering::Relaxed) >= MAX_LOCATED_PER_FILE {
            return Diagnostic::file_level(&self.file.display, msg);
        }
        Diagnostic::at(&self.file.display, &self.file.text, span, msg)
    }
}

#[derive(Default)]
pub(crate) struct Merged {
    pub roles: Vec<Located<Role>>,
    pub tools: Vec<Located<Tool>>,
    pub sources: Vec<Located<Source>>,
    pub sections: Vec<Located<Section>>,
    pub telling: Vec<Located<TellingQuestion>>,
    pub cues: Vec<Located<Cue>>,
    pub ad_sections: Vec<Located<AdSection>>,
    /// The last layer's model replaces the one before: weights only make
    /// sense together.
    pub reader_model: Option<ReaderModel>,
    pub synonyms: Vec<Vec<String>>,
}

impl Merged {
    /// Appends another file's entries after this one's.
    fn append(&mut self, other: Merged) {
        self.roles.extend(other.roles);
        self.tools.extend(other.tools);
        self.sources.extend(other.sources);
        self.sections.extend(other.sections);
        self.telling.extend(other.telling);
        self.cues.extend(other.cues);
        self.ad_sections.extend(other.ad_sections);
        if other.reader_model.is_some() {
            self.reader_model = other.reader_model;
        }
        self.synonyms.extend(other.synonyms);
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CollectionFile {
    #[serde(default)]
    sources: Vec<Spanned<Source>>,
    #[serde(default)]
    tools: Vec<Spanned<Tool>>,
    #[serde(default)]
    sections: Vec<Spanned<Section>>,
    #[serde(default)]
    telling_questions: Vec<Spanned<TellingQuestion>>,
    #[serde(default)]
    cues: Vec<Spanned<Cue>>,
    #[serde(default)]
    ad_sections: Vec<Spanned<AdSection>>,
    #[serde(default)]
    reader_model: Option<ReaderModel>,
    #[serde(default)]
    synonyms: Vec<Spanned<crate::content::model::Synonyms>>,
}

fn toml_error(file: &SourceFile, err: &toml::de::Error) -> Diagnostic {
    let msg = err.message().trim_end().to_string();
    match err.span() {
        Some(span) => Diagnostic::at(&file.display, &file.text, span, msg),
        None => Diagnostic::file_level(&file.display, msg),
    }
}

/// Loads layers in order: later layers override earlier ones by id.
pub fn load(layers: Vec<Layer>) -> Loaded {
    let mut out = Loaded::default();
    let mut merged = Merged::default();
    for layer in layers {
        out.diagnostics.extend(layer.diagnostics);
        let mut layer_parsed = Merged::default();
        out.files
            .extend(layer.files.iter().map(|f| f.display.clone()));
        let files: Vec<Arc<SourceFile>> = layer.files.into_iter().map(Arc::new).collect();
        // Files parse independently; results are merged in file order, so
        // entries and diagnostics come out exactly as a serial parse gives.
        let parsed = crate::par::map(&files, 2, |f| {
            let mut one = Merged::default();
            let mut diags = Vec::new();
            parse_file(Arc::clone(f), &mut one, &mut diags);
            (one, diags)
        });
        for (one, diags) in parsed {
            layer_parsed.append(one);
            out.diagnostics.extend(diags);
        }
        validate::check_entries(&mut layer_parsed, &mut out.diagnostics);
        merge_layer(&mut merged, layer_parsed);
    }
    validate::check_references(&mut merged, &mut out.diagnostics);
    out.roles = merged.roles.into_iter().map(|l| l.value).collect();
    out.roles.sort_by(|a, b| {
        (a.tier, a.order)
            .cmp(&(b.tier, b.order))
            .then(a.title.cmp(&b.title))
    });
    out.tools = merged.tools.into_iter().map(|l| l.value).collect();
    out.sources = merged.sources.into_iter().map(|l| l.value).collect();
    out.guide = Guide {
        sections: merged.sections.into_iter().map(|l| l.value).collect(),
        telling_questions: merged.telling.into_iter().map(|l| l.value).collect(),
        cues: merged.cues.into_iter().map(|l| l.value).collect(),
        ad_sections: merged.ad_sections.into_iter().map(|l| l.value).collect(),
        reader_model: merged.reader_model,
        synonyms: merged.synonyms,
    };
    out
}

fn parse_file(file: Arc<SourceFile>, into: &mut Merged, diags: &mut Vec<Diagnostic>) {
    // Parsed once; the document's top-level keys tell a role file (it has
    // an `id`) from a collection file, then serde reads the same document.
    let doc = match toml::de::DeTable::parse(&file.text) {
        Ok(d) => d,
        Err(e) => {
            diags.push(toml_error(&file, &e));
            return;
        }
    };
    let is_role = doc.get_ref().keys().any(|k| k.get_ref() == "id");
    let located = |span: Range<usize>| (Arc::clone(&file), span);
    if is_role {
        let (file, span) = located(0..file.text.len());
        let role = Located {
            value: (),
            file,
            span,
        };
        match Role::deserialize(toml::de::Deserializer::from(doc)) {
            Ok(value) => into.roles.push(Located {
                value,
                file: role.file,
                span: role.span,
            }),
            // A missing top-level field has no place of its own (the span
            // is empty at offset 0): point at the role's `id` instead of
            // whatever happens to be on line 1.
            Err(e) if e.span() == Some(0..0) => {
                let at = role.find_key("id").unwrap_or(0..0);
                diags.push(role.diag_at(at, e.message().trim_end().to_string()));
            }
            Err(e) => diags.push(toml_error(&role.file, &e)),
        }
        return;
    }
    let parsed = match CollectionFile::deserialize(toml::de::Deserializer::from(doc)) {
        Ok(p) => p,
        Err(e) => {
            diags.push(toml_error(&file, &e));
            return;
        }
    };
    // Each entry extends to where the next entry of the file starts, so
    // its keys (and the sub-tables of a telling question) are inside it.
    let mut starts: Vec<usize> = parsed
        .sources
        .iter()
        .map(Spanned::span)
        .chain(parsed.tools.iter().map(Spanned::span))
        .chain(parsed.sections.iter().map(Spanned::span))
        .chain(parsed.telling_questions.iter().map(Spanned::span))
        .chain(parsed.cues.iter().map(Spanned::span))
        .chain(parsed.ad_sections.iter().map(Spanned::span))
        .map(|s| s.start)
        .collect();
    starts.sort_unstable();
    let extent = |span: Range<usize>| {
        // Binary search: a linear scan per entry is quadratic in a file
        // of tens of thousands of entries.
        let next = starts
            .get(starts.partition_point(|&s| s <= span.start))
            .copied()
            .unwrap_or(file.text.len());
        span.start..next.max(span.end)
    };
    fn push<T>(
        dst: &mut Vec<Located<T>>,
        items: Vec<Spanned<T>>,
        file: &Arc<SourceFile>,
        extent: &dyn Fn(Range<usize>) -> Range<usize>,
    ) {
        dst.extend(items.into_iter().map(|s| {
            let span = extent(s.span());
            Located {
                value: s.into_inner(),
                file: Arc::clone(file),
                span,
            }
        }));
    }
    push(&mut into.sources, parsed.sources, &file, &extent);
    push(&mut into.tools, parsed.tools, &file, &extent);
    push(&mut into.sections, parsed.sections, &file, &extent);
    push(&mut into.telling, parsed.telling_questions, &file, &extent);
    push(&mut into.cues, parsed.cues, &file, &extent);
    push(&mut into.ad_sections, parsed.ad_sections, &file, &extent);
    if parsed.reader_model.is_some() {
        into.reader_model = parsed.reader_model;
    }
    // A synonym set needs two phrases to say anything.
    for row in parsed.synonyms {
        let span = row.span();
        let words: Vec<String> = row
            .into_inner()
            .words
            .into_iter()
            .filter(|w| !w.trim().is_empty())
            .collect();
        if words.len() < 2 {
            diags.push(Diagnostic::at(
                &file.display,
                &file.text,
                span,
                "a [[synonyms]] row needs at least two words or phrases".to_string(),
            ));
        } else {
            into.synonyms.push(words);
        }
    }
}

/// Same id replaces the earlier entry in place (keeping its position, so
/// an override does not reorder lists); a new id is appended.
fn merge_layer(into: &mut Merged, layer: Merged) {
    fn by_id<T>(dst: &mut Vec<Located<T>>, src: Vec<Located<T>>, id: fn(&T) -> &str) {
        let mut index: HashMap<String, usize> = dst
            .iter()
            .enumerate()
            .map(|(i, l)| (id(&l.value).to_string(), i))
            .collect();
        for item in src {
            match index.get(id(&item.value)) {
                Some(&i) => dst[i] = item,
                None => {
                    index.insert(id(&item.value).to_string(), dst.len());
                    dst.push(item);
                }
            }
        }
    }
    by_id(&mut into.roles, layer.roles, |r| &r.id);
    by_id(&mut into.tools, layer.tools, |t| &t.id);
    by_id(&mut into.sources, layer.sources, |s| &s.id);
    by_id(&mut into.sections, layer.sections, |s| &s.id);
    into.telling.extend(layer.telling);
    by_id(&mut into.cues, layer.cues, |c| &c.id);
    by_id(&mut into.ad_sections, layer.ad_sections, |s| &s.id);
    if layer.reader_model.is_some() {
        into.reader_model = layer.reader_model;
    }
    into.synonyms.extend(layer.synonyms);
}
