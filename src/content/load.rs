//! Reading content: the embedded defaults, then user directories on top.
//!
//! Every file is parsed on its own, so one bad file costs only itself; the
//! built-in layer is always parsed first and cannot be taken down by a user
//! file.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use toml::Spanned;

use super::diag::Diagnostic;
use super::files::{Layer, SourceFile};
use super::located::{Located, Merged};
use super::model::{
    AdSection, Cue, Guide, ReaderModel, Role, Section, Source, TellingQuestion, Tool,
};
use super::recover::{self, Step};
use super::schema::{self, Table};
use super::validate;

/// The merged, validated content and everything that was wrong with it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub roles: Vec<Role>,
    pub tools: Vec<Tool>,
    pub sources: Vec<Source>,
    pub guide: Guide,
    pub diagnostics: Vec<Diagnostic>,
    /// What is valid but likely not meant (a user role titled like another
    /// role's alternative title): `validate` reports these.
    pub warnings: Vec<Diagnostic>,
    /// Every file that was read, in load order.
    pub files: Vec<String>,
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
    let msg = super::diag::plain_message(err.message().trim_end());
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
    validate::check_title_clashes(&merged, &mut out.warnings);
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
    if is_role {
        let whole = 0..file.text.len();
        match Role::deserialize(toml::de::Deserializer::from(doc)) {
            Ok(value) => into.roles.push(Located {
                value,
                file,
                span: whole,
            }),
            // Valid files take the fast path above; a broken one is read
            // again for all its errors, and its references still checked.
            Err(e) => {
                static SHAPE: OnceLock<Table> = OnceLock::new();
                let shape = SHAPE.get_or_init(schema::table_of::<Role>);
                let Some(r) = recover_file::<Role>(&file, shape, &e, diags) else {
                    return;
                };
                if let Some(value) = r.value {
                    into.rejected.roles.push(Located {
                        value,
                        file,
                        span: whole,
                    });
                }
            }
        }
        return;
    }
    let (parsed, broken) = match CollectionFile::deserialize(toml::de::Deserializer::from(doc)) {
        Ok(p) => (p, HashSet::new()),
        Err(e) => {
            static SHAPE: OnceLock<Table> = OnceLock::new();
            let shape = SHAPE.get_or_init(schema::table_of::<CollectionFile>);
            let Some(r) = recover_file::<CollectionFile>(&file, shape, &e, diags) else {
                return;
            };
            let Some(value) = r.value else { return };
            // The entries (`[[tools]]` elements, the reader model) a
            // problem is inside of are not loaded; the rest of the file is.
            let broken = r
                .problems
                .iter()
                .filter_map(|p| match p.path.as_slice() {
                    [Step::Key(k), Step::Index(i), ..] => Some((k.clone(), Some(*i))),
                    [Step::Key(k), _, ..] => Some((k.clone(), None)),
                    _ => None,
                })
                .collect();
            (value, broken)
        }
    };
    place_collection(parsed, &broken, &file, into, diags);
}

/// Re-reads a file serde rejected for every error in it, and reports them;
/// `None` when the text no longer parses (it did a moment ago).
fn recover_file<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    shape: &Table,
    first: &toml::de::Error,
    diags: &mut Vec<Diagnostic>,
) -> Option<recover::Recovered<T>> {
    let Ok(doc) = toml::de::DeTable::parse(&file.text) else {
        diags.push(toml_error(file, first));
        return None;
    };
    let r = recover::recover::<T>(file, shape, doc);
    if r.problems.is_empty() {
        // Whatever serde saw, the walk did not: say it as serde did.
        diags.push(toml_error(file, first));
        return None;
    }
    diags.extend(r.problems.iter().map(|p| p.diag.clone()));
    Some(r)
}

/// Entries broken by a schema error, by array and index (`None`: the
/// key's single table, such as `reader_model`).
type Broken = HashSet<(String, Option<usize>)>;

fn place_collection(
    parsed: CollectionFile,
    broken: &Broken,
    file: &Arc<SourceFile>,
    into: &mut Merged,
    diags: &mut Vec<Diagnostic>,
) {
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
    let place = Place {
        file,
        extent: &extent,
        broken,
    };
    let mut dropped = Vec::new();
    place.push("sources", &mut into.sources, &mut dropped, parsed.sources);
    let mut dropped = Vec::new();
    place.push(
        "ad_sections",
        &mut into.ad_sections,
        &mut dropped,
        parsed.ad_sections,
    );
    let rejected = &mut into.rejected;
    place.push("tools", &mut into.tools, &mut rejected.tools, parsed.tools);
    place.push(
        "sections",
        &mut into.sections,
        &mut rejected.sections,
        parsed.sections,
    );
    place.push(
        "telling_questions",
        &mut into.telling,
        &mut rejected.telling,
        parsed.telling_questions,
    );
    place.push("cues", &mut into.cues, &mut rejected.cues, parsed.cues);
    if parsed.reader_model.is_some() && !broken.contains(&("reader_model".to_string(), None)) {
        into.reader_model = parsed.reader_model;
    }
    // A synonym set needs two phrases to say anything.
    for (i, row) in parsed.synonyms.into_iter().enumerate() {
        if broken.contains(&("synonyms".to_string(), Some(i))) {
            continue;
        }
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

/// Where a collection file's entries go: loaded, or (broken) rejected.
struct Place<'a> {
    file: &'a Arc<SourceFile>,
    extent: &'a dyn Fn(Range<usize>) -> Range<usize>,
    broken: &'a Broken,
}

impl Place<'_> {
    fn push<T>(
        &self,
        key: &str,
        good: &mut Vec<Located<T>>,
        bad: &mut Vec<Located<T>>,
        items: Vec<Spanned<T>>,
    ) {
        for (i, s) in items.into_iter().enumerate() {
            let span = (self.extent)(s.span());
            let entry = Located {
                value: s.into_inner(),
                file: Arc::clone(self.file),
                span,
            };
            // Checked only when something is broken: nearly never.
            if !self.broken.is_empty() && self.broken.contains(&(key.to_string(), Some(i))) {
                bad.push(entry);
            } else {
                good.push(entry);
            }
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
    into.rejected.append(layer.rejected);
}
