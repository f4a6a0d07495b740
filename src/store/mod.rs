//! A cache of loaded content, for big content packs.
//!
//! Parsing TOML is most of what a start with a big pack costs (seconds at
//! 1000x the shipped content), and even reading thousands of files just to
//! hash them costs a fifth of a second, so the validated content, with its
//! search corpus, is kept in the OS cache directory and read back instead
//! while nothing changed.
//!
//! * **Two files.** A small *manifest* per set of content directories
//!   (`layers-*.idx`) lists every content file with its stamp (size,
//!   modification and change times, inode) and the hash of its bytes, and
//!   names a *content file* (`content-*.bin`) by a 128-bit key: the hash of
//!   all of that, of the cache format and of this program's build (its
//!   version, and its executable's size and time, so a rebuilt loader never
//!   reads an old result).
//! * **Never stale.** A start walks the directories and stats every file
//!   (no reads); any file added, removed or with another stamp is a miss,
//!   and the content is loaded and cached again. A file changed within the
//!   same clock tick as the manifest was made could keep its stamp, so a
//!   file whose stamp is that recent ("racy", as git calls it) is read and
//!   its hash compared. The change time cannot be set back by a program, so
//!   a file copied over with an old modification time is still seen.
//! * **Written atomically.** Temporary files in the same directory, renamed
//!   over the old ones: a reader sees an old file or a new one, never half
//!   of one.
//! * **Checked when read.** A file that fails its checksum or does not
//!   decode is set aside as `*.corrupt` with a warning, and rebuilt.
//! * **Read by halves, in place.** The content file holds the search
//!   corpus and the role ids apart from the rest, so `roledex search`
//!   reads only that; the file is mapped and the corpus's arrays are views
//!   of it (`search::slab`), so only the pages a query touches are read.
//!   That is sound because cache files are never written in place, only
//!   replaced by rename: a mapped file keeps its bytes.
//! * **Only when it pays.** Content under [`MIN_CACHED_BYTES`] (the
//!   built-in content is about 120 kB) is parsed every time, with no
//!   file written.

mod content_file;
mod damage;
mod disk;
mod fetch;
mod format;
mod manifest;
mod map;
mod plan;
mod sources;
#[cfg(test)]
mod tests;

pub use content_file::{SearchPart, Wanted};
pub use sources::{CACHE_DIR_ENV, Cache, LayerSource, MIN_CACHED_BYTES};

use crate::catalog::Catalog;
use crate::content::diag::Diagnostic;
use crate::content::files::Layer;
use crate::content::load::load;
use content_file::{Found, Part};
use fetch::fetch;
use plan::{Plan, manifest_path, now_ns};

/// Content ready for use: the catalog, and what the loading had to say.
#[derive(Debug)]
pub struct Opened {
    pub catalog: Catalog,
    /// Problems with the content itself.
    pub diagnostics: Vec<Diagnostic>,
    /// Every content file read, in load order.
    pub files: Vec<String>,
    /// Problems with the cache (a damaged file set aside), not the content.
    pub warnings: Vec<String>,
}

/// Loads `sources` in order (each overriding the one before), through the
/// cache when there is one and the content is big enough.
pub fn open(sources: &[LayerSource], cache: Option<&Cache>) -> Opened {
    if sources == [LayerSource::Builtin] {
        // Prepared at build time: nothing to parse, nothing to cache.
        let loaded = crate::content::prepared::builtin();
        return Opened {
            diagnostics: Vec::new(),
            files: loaded.files.clone(),
            catalog: Catalog::new(loaded),
            warnings: Vec::new(),
        };
    }
    let (plan, found, warnings) = plan_and_fetch(sources, cache, Part::Everything);
    if let Some(Found::Everything(loaded, corpus)) = found {
        let (diagnostics, files) = (loaded.diagnostics.clone(), loaded.files.clone());
        return Opened {
            catalog: Catalog::with_corpus(*loaded, corpus),
            diagnostics,
            files,
            warnings,
        };
    }
    let layers: Vec<Layer> = match &plan {
        // The walk the plan made is the one the manifest will describe.
        Some(plan) => plan.layers(),
        None => sources.iter().map(layer_of).collect(),
    };
    let hashes = plan.as_ref().map(|p| p.hashes(&layers));
    let loaded = load(layers);
    let (diagnostics, files) = (loaded.diagnostics.clone(), loaded.files.clone());
    let catalog = match (&plan, hashes) {
        (Some(plan), Some(hashes)) => plan.store(&hashes, loaded),
        _ => Catalog::new(loaded),
    };
    Opened {
        catalog,
        diagnostics,
        files,
        warnings,
    }
}

/// The search part of the cached content, when the cache holds it for
/// exactly this content; `None` otherwise (then [`open`] loads and caches
/// it). Warnings are about the cache itself. `wanted` is asked, with the
/// corpus's lexicon (no entries yet), whether the entries will be needed:
/// when it says so they are read at once, while the files are stamped;
/// otherwise only if [`crate::search::Pending::wait`] is called.
pub fn open_search(
    sources: &[LayerSource],
    cache: Option<&Cache>,
    wanted: &Wanted<'_>,
) -> (Option<SearchPart>, Vec<String>) {
    match plan_and_fetch(sources, cache, Part::Search(wanted)) {
        (_, Some(Found::Search(part)), warnings) => (Some(part), warnings),
        (_, _, warnings) => (None, warnings),
    }
}

/// Walks and stamps the content files and, at the same time on another
/// thread, reads what the cache holds for these directories: both take
/// tens of milliseconds with a big pack, and neither needs the other until
/// the stamps are compared with the manifest.
fn plan_and_fetch(
    sources: &[LayerSource],
    cache: Option<&Cache>,
    part: Part<'_>,
) -> (Option<Plan>, Option<Found>, Vec<String>) {
    let Some(cache) = cache else {
        return (None, None, Vec::new());
    };
    let manifest = manifest_path(sources, cache);
    let (plan, fetched, warnings) = std::thread::scope(|s| {
        let fetching = s.spawn(|| {
            let mut warnings = Vec::new();
            let fetched = fetch(&cache.dir, &manifest, part, &mut warnings);
            (fetched, warnings)
        });
        let plan = Plan::make(sources, cache, now_ns());
        match fetching.join() {
            Ok((fetched, warnings)) => (plan, fetched, warnings),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let Some(plan) = plan else {
        return (None, None, warnings);
    };
    let found = fetched.and_then(|(stored, found)| plan.confirm(stored, found));
    (Some(plan), found, warnings)
}

fn layer_of(source: &LayerSource) -> Layer {
    match source {
        LayerSource::Builtin => Layer::builtin(),
        LayerSource::Path(p) => Layer::from_path(p),
    }
}
