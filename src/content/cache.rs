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
//! * **Read by halves.** The content file holds the search corpus and the
//!   role ids apart from the rest, so `roledex search` reads only that.
//! * **Only when it pays.** Content under [`MIN_CACHED_BYTES`] (the
//!   built-in content is about 120 kB) is parsed every time, with no
//!   file written.

use std::fs;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64, xxh3_128};

use super::diag::Diagnostic;
use super::load::{BUILTIN_FILES, Layer, Loaded, Scan, Stamp, load, read_source};
use super::model::{
    AdSection, Answer, Axis, ClassWeights, Cue, CueKind, Distance, Duty, Guide, Origin, Profile,
    Question, ReaderModel, Role, Section, Signal, Source, TellingQuestion, Tier, Tool, ToolKind,
};
use crate::catalog::Catalog;
use crate::search::Corpus;

/// Overrides the cache directory (tests, read-only homes).
pub const CACHE_DIR_ENV: &str = "ROLEDEX_CACHE_DIR";

/// Content smaller than this is parsed every time: it takes a few
/// milliseconds, and writing a cache file for it would be clutter.
pub const MIN_CACHED_BYTES: usize = 512 * 1024;

/// Content files kept in the directory (and as many manifests); older
/// ones are removed.
const MAX_FILES: usize = 8;

const MAGIC: &[u8; 8] = b"RDXCACHE";
const MANIFEST_MAGIC: &[u8; 8] = b"RDXFILES";
/// Bumped whenever the encoding below changes.
const FORMAT: u32 = 3;
/// Content file: magic, format, key, then the search part's and the
/// content part's length and checksum.
const HEADER: usize = 8 + 4 + 16 + 16 + 16;
/// A file whose stamp is this close to (or after) the time its manifest
/// was made is read and hashed rather than trusted: file times tick
/// coarsely (a few milliseconds on Linux, two seconds on FAT).
const RACY_NS: i128 = 3_000_000_000;

/// Where cache files go.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn in_dir(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// `$ROLEDEX_CACHE_DIR`, else the OS cache directory for roledex.
    pub fn discover() -> Option<Cache> {
        if let Some(dir) = std::env::var_os(CACHE_DIR_ENV).filter(|v| !v.is_empty()) {
            return Some(Cache::in_dir(dir));
        }
        directories::ProjectDirs::from("", "", "roledex").map(|d| Cache::in_dir(d.cache_dir()))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Where a layer of content comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerSource {
    Builtin,
    /// A directory (walked for `*.toml`) or a single file.
    Path(PathBuf),
}

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

/// What `roledex search` needs, read from the cache without the rest of
/// the content.
#[derive(Debug)]
pub struct SearchPart {
    /// The corpus, its lexicon read and the rest on its way.
    pub corpus: crate::search::Pending,
    /// Role ids by index, as search results name them.
    pub role_ids: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads `sources` in order (each overriding the one before), through the
/// cache when there is one and the content is big enough.
pub fn open(sources: &[LayerSource], cache: Option<&Cache>) -> Opened {
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

/// The manifest for this set of layers: one per combination of
/// directories (the same directory named from elsewhere is the same one;
/// display names are compared file by file anyway).
fn manifest_path(sources: &[LayerSource], cache: &Cache) -> PathBuf {
    let mut h = Xxh3Default::new();
    for s in sources {
        let name = match s {
            LayerSource::Builtin => "\0built-in".to_string(),
            LayerSource::Path(p) => fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string(),
        };
        h.update(&(name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
    }
    cache.dir.join(format!("layers-{:016x}.idx", h.digest()))
}

/// The stored manifest and the content it names, unchecked against the
/// files: `None` when there is none (or it is damaged: set aside).
fn fetch(
    dir: &Path,
    manifest: &Path,
    part: Part<'_>,
    warnings: &mut Vec<String>,
) -> Option<(Manifest, Found)> {
    let stored = match read_manifest(manifest) {
        Ok(Some(m)) => m,
        Ok(None) => return None,
        Err(why) => {
            set_aside(manifest, &why, warnings);
            return None;
        }
    };
    let content = dir.join(format!("content-{:032x}.bin", stored.key));
    match read_content(&content, stored.key, part) {
        Ok(found) => Some((stored, found?)),
        Err(why) => {
            set_aside(&content, &why, warnings);
            None
        }
    }
}

fn layer_of(source: &LayerSource) -> Layer {
    match source {
        LayerSource::Builtin => Layer::builtin(),
        LayerSource::Path(p) => Layer::from_path(p),
    }
}

/// The executable's version, size and modification time: a rebuilt or
/// upgraded roledex keys its own cache files.
fn build_identity() -> Option<Vec<u8>> {
    let exe = std::env::current_exe().ok()?;
    let meta = fs::metadata(exe).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let mut id = env!("CARGO_PKG_VERSION").as_bytes().to_vec();
    id.extend(meta.len().to_le_bytes());
    id.extend(mtime.as_nanos().to_le_bytes());
    Some(id)
}

/// The clock a start's [`Plan`] is made with; tests give plans chosen
/// times instead, so the racy-file rules never depend on how fast the
/// machine runs.
fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX))
}

/// One content file as the manifest knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileEntry {
    path: String,
    stamp: Stamp,
    /// [`file_hash`] of the file as it was loaded.
    hash: u128,
}

/// One layer: its name, what its walk reported, its files.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LayerEntry {
    name: String,
    walk: Vec<String>,
    files: Vec<FileEntry>,
}

/// What a content file was made from, and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Manifest {
    build: Vec<u8>,
    /// When the files were stamped (before any was read).
    taken_ns: i128,
    layers: Vec<LayerEntry>,
    key: u128,
}

/// A file's bytes as the loader sees them: its text, or why it cannot be
/// read (an unreadable file is content too: it has a diagnostic).
fn file_hash(text: Result<&str, &Diagnostic>) -> u128 {
    match text {
        Ok(t) => xxh3_128(t.as_bytes()),
        Err(d) => xxh3_128(format!("unreadable {d:?}").as_bytes()),
    }
}

/// The directories walked and every file stamped, for one start.
struct Plan {
    dir: PathBuf,
    manifest: PathBuf,
    build: Vec<u8>,
    /// When the files were stamped: the `now` it was made with.
    taken_ns: i128,
    /// Per source: its walk, `None` for the built-ins.
    scans: Vec<Option<Scan>>,
    /// Per source (none for the built-ins), per path: its stamp (`None`:
    /// it could not be stat'ed).
    stamps: Vec<Vec<Option<Stamp>>>,
}

/// Whether a search will need the corpus's entries, given its lexicon.
pub type Wanted<'a> = dyn Fn(&Corpus) -> bool + Sync + 'a;

/// What to read of a content file.
#[derive(Clone, Copy)]
enum Part<'a> {
    Search(&'a Wanted<'a>),
    Everything,
}

enum Found {
    Search(SearchPart),
    // Boxed: a whole catalog's content is far bigger than the other variant.
    Everything(Box<Loaded>, Corpus),
}

impl Plan {
    /// Stamps every file, `now` (nanoseconds since the epoch) being the
    /// time just before the first stat.
    fn make(sources: &[LayerSource], cache: &Cache, now: i128) -> Option<Plan> {
        // Without knowing which build wrote a file, a hit could be stale.
        let build = build_identity()?;
        let scans: Vec<Option<Scan>> = sources
            .iter()
            .map(|s| match s {
                LayerSource::Builtin => None,
                LayerSource::Path(p) => Some(Scan::of(p)),
            })
            .collect();
        let paths: Vec<&PathBuf> = scans.iter().flatten().flat_map(|s| &s.paths).collect();
        // Stat calls are cheap but many (thousands for a big pack) and
        // wait on the kernel: they overlap well across threads.
        let mut flat =
            crate::par::map(&paths, 256, |p| fs::metadata(p).ok().map(|m| Stamp::of(&m)))
                .into_iter();
        let stamps: Vec<Vec<Option<Stamp>>> = scans
            .iter()
            .map(|s| match s {
                Some(s) => flat.by_ref().take(s.paths.len()).collect(),
                None => Vec::new(),
            })
            .collect();
        let builtin: usize = sources
            .iter()
            .filter(|s| **s == LayerSource::Builtin)
            .map(|_| BUILTIN_FILES.iter().map(|(_, t)| t.len()).sum::<usize>())
            .sum();
        let on_disk: u64 = stamps.iter().flatten().flatten().map(|s| s.len).sum();
        if (builtin as u64).saturating_add(on_disk) < MIN_CACHED_BYTES as u64 {
            return None;
        }
        Some(Plan {
            dir: cache.dir.clone(),
            manifest: manifest_path(sources, cache),
            build,
            taken_ns: now,
            scans,
            stamps,
        })
    }

    /// The layers, read: the built-ins, and each directory's files as the
    /// walk found them.
    fn layers(&self) -> Vec<Layer> {
        self.scans
            .iter()
            .map(|scan| match scan {
                Some(scan) => Layer::read(Scan {
                    name: scan.name.clone(),
                    paths: scan.paths.clone(),
                    diagnostics: scan.diagnostics.clone(),
                }),
                None => Layer::builtin(),
            })
            .collect()
    }

    /// Per layer, per scanned path: the hash of what was read of it.
    fn hashes(&self, layers: &[Layer]) -> Vec<Vec<u128>> {
        self.scans
            .iter()
            .zip(layers)
            .map(|(scan, layer)| {
                let Some(scan) = scan else {
                    return Vec::new();
                };
                let mut files = layer.files.iter().peekable();
                scan.paths
                    .iter()
                    .map(|p| {
                        let display = p.display().to_string();
                        match files.next_if(|f| f.display == display) {
                            Some(f) => file_hash(Ok(&f.text)),
                            // Not loaded: unreadable, and its diagnostic
                            // is what the hash must stand for.
                            None => file_hash(read_source(p).as_ref().map(String::as_str)),
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// The manifest this start's files give, with these file hashes.
    fn manifest(&self, hashes: &[Vec<u128>]) -> Option<Manifest> {
        let mut layers = Vec::new();
        for ((scan, stamps), hashes) in self.scans.iter().zip(&self.stamps).zip(hashes) {
            let entry = match scan {
                None => LayerEntry {
                    name: "built-in".into(),
                    walk: Vec::new(),
                    files: Vec::new(),
                },
                Some(scan) => {
                    let files = scan
                        .paths
                        .iter()
                        .zip(stamps)
                        .zip(hashes)
                        .map(|((p, stamp), &hash)| {
                            Some(FileEntry {
                                path: p.display().to_string(),
                                stamp: (*stamp)?,
                                hash,
                            })
                        })
                        .collect::<Option<Vec<_>>>()?;
                    LayerEntry {
                        name: scan.name.clone(),
                        walk: scan.diagnostics.iter().map(|d| format!("{d:?}")).collect(),
                        files,
                    }
                }
            };
            layers.push(entry);
        }
        let mut m = Manifest {
            build: self.build.clone(),
            taken_ns: self.taken_ns,
            layers,
            key: 0,
        };
        m.key = key_of(&m);
        Some(m)
    }

    /// What was fetched from the cache, if its manifest matches this
    /// start's files.
    fn confirm(&self, stored: Manifest, found: Found) -> Option<Found> {
        let fresh = self.check(&stored)?;
        if fresh {
            // Racy files were read and found unchanged, and are now old
            // enough to be trusted by their stamps: say so, so that the
            // next start does not read them again.
            let mut m = stored;
            m.taken_ns = self.taken_ns;
            let _ = write_atomic(&self.dir, &self.manifest, &[&encode_manifest(&m)]);
        }
        Some(found)
    }

    #[cfg(test)]
    fn lookup(&self, part: Part<'_>, warnings: &mut Vec<String>) -> Option<Found> {
        let (stored, found) = fetch(&self.dir, &self.manifest, part, warnings)?;
        self.confirm(stored, found)
    }

    /// `Some(refresh)` when every file is as the manifest says; `refresh`
    /// when racy files had to be read and would not be racy any more.
    fn check(&self, m: &Manifest) -> Option<bool> {
        if m.build != self.build || m.layers.len() != self.scans.len() {
            return None;
        }
        let mut racy = Vec::new();
        for ((scan, stamps), layer) in self.scans.iter().zip(&self.stamps).zip(&m.layers) {
            let Some(scan) = scan else {
                if layer.name != "built-in" || !layer.files.is_empty() {
                    return None;
                }
                continue;
            };
            let walk = scan.diagnostics.iter().map(|d| format!("{d:?}"));
            if layer.name != scan.name
                || layer.files.len() != scan.paths.len()
                || !walk.eq(layer.walk.iter().cloned())
            {
                return None;
            }
            for ((f, p), stamp) in layer.files.iter().zip(&scan.paths).zip(stamps) {
                if *stamp != Some(f.stamp) || f.path != p.display().to_string() {
                    return None;
                }
                if f.stamp.newest_ns() + RACY_NS >= m.taken_ns {
                    racy.push((p, f));
                }
            }
        }
        for (p, f) in &racy {
            if file_hash(read_source(p).as_ref().map(String::as_str)) != f.hash {
                return None;
            }
        }
        Some(
            !racy.is_empty()
                && racy
                    .iter()
                    .all(|(_, f)| f.stamp.newest_ns() + RACY_NS < self.taken_ns),
        )
    }

    /// Writes the content file and the manifest for `loaded`, returning
    /// the catalog built on the way. A cache that cannot be written
    /// (read-only home, full disk) costs only speed: the content is loaded
    /// either way.
    fn store(&self, hashes: &[Vec<u128>], loaded: Loaded) -> Catalog {
        let Some(manifest) = self.manifest(hashes) else {
            return Catalog::new(loaded);
        };
        let path = self.dir.join(format!("content-{:032x}.bin", manifest.key));
        let (diagnostics, files) = (loaded.diagnostics.clone(), loaded.files.clone());
        let catalog = Catalog::new(loaded);
        let _ = write_atomic_with(&self.dir, &path, |f| {
            write_content(f, manifest.key, &catalog, &diagnostics, &files)
        })
        .and_then(|()| write_atomic(&self.dir, &self.manifest, &[&encode_manifest(&manifest)]));
        prune(&self.dir, &path, "content-", ".bin");
        prune(&self.dir, &self.manifest, "layers-", ".idx");
        catalog
    }
}

/// Counts and hashes what goes through it, for a part's length and
/// checksum.
struct Tally<W> {
    inner: W,
    len: u64,
    hash: Xxh3Default,
}

impl<W: std::io::Write> std::io::Write for Tally<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.len += n as u64;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes a content file, streaming: with a big pack each part is about a
/// hundred megabytes, and holding them in memory beside the catalog
/// (which a first start has to build anyway) would raise its peak by as
/// much. The header, written last, says how long each part is.
fn write_content(
    file: &mut fs::File,
    key: u128,
    catalog: &Catalog,
    diagnostics: &[Diagnostic],
    files: &[String],
) -> std::io::Result<()> {
    use std::io::{Seek as _, SeekFrom};
    let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut *file);
    out.write_all(&[0; HEADER])?;
    // The search part: a small length-prefixed block (role ids and
    // diagnostics: what must be known before the corpus is checked, and
    // all the part's checksum covers), then the corpus, whose blocks carry
    // their own checksums (they are read on separate threads).
    let mut small = vec![0; 8];
    catalog
        .roles
        .iter()
        .map(|r| r.id.clone())
        .collect::<Vec<_>>()
        .put(&mut small);
    diagnostics.to_vec().put(&mut small);
    let small_len = (small.len() - 8) as u64;
    small[..8].copy_from_slice(&small_len.to_le_bytes());
    out.write_all(&small)?;
    let corpus_len = crate::search::codec::write(catalog.corpus(), &mut out)?;
    let search_len = small.len() as u64 + corpus_len;
    let search_sum = xxh3_64(&small);
    // The rest: the content, entry by entry through a small buffer (the
    // same bytes `Loaded::put` gives).
    let mut rest = Tally {
        inner: &mut out,
        len: 0,
        hash: Xxh3Default::new(),
    };
    let mut buf = Vec::new();
    let mut flush = |buf: &mut Vec<u8>, force: bool| -> std::io::Result<()> {
        if force || buf.len() >= 1 << 20 {
            rest.write_all(buf)?;
            buf.clear();
        }
        Ok(())
    };
    catalog.roles.len().put(&mut buf);
    for r in &catalog.roles {
        r.put(&mut buf);
        flush(&mut buf, false)?;
    }
    catalog.tools.len().put(&mut buf);
    for t in &catalog.tools {
        t.put(&mut buf);
        flush(&mut buf, false)?;
    }
    catalog.sources.put(&mut buf);
    catalog.guide.put(&mut buf);
    diagnostics.to_vec().put(&mut buf);
    files.to_vec().put(&mut buf);
    flush(&mut buf, true)?;
    let (rest_len, rest_sum) = (rest.len, rest.hash.digest());
    out.flush()?;
    drop(out);
    let mut header = Vec::with_capacity(HEADER);
    header.extend_from_slice(MAGIC);
    FORMAT.put(&mut header);
    (key as u64).put(&mut header);
    ((key >> 64) as u64).put(&mut header);
    search_len.put(&mut header);
    search_sum.put(&mut header);
    rest_len.put(&mut header);
    rest_sum.put(&mut header);
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&header)
}

/// Moves a damaged cache file out of the way (never deleting what might be
/// somebody's), with a warning.
fn set_aside(path: &Path, why: &str, warnings: &mut Vec<String>) {
    let mut aside = path.as_os_str().to_owned();
    aside.push(".corrupt");
    let aside = PathBuf::from(aside);
    let _ = fs::remove_file(&aside);
    let moved = fs::rename(path, &aside).is_ok();
    warnings.push(format!(
        "content cache {} was unreadable ({why}); {} and rebuilt",
        path.display(),
        if moved {
            format!("set aside as {}", aside.display())
        } else {
            "ignored".to_string()
        }
    ));
}

/// Everything the content depends on. Lengths go in before bytes, so no
/// two different inputs hash the same stream.
fn key_of(m: &Manifest) -> u128 {
    let mut h = Xxh3Default::new();
    let mut put = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    put(MAGIC);
    put(&FORMAT.to_le_bytes());
    put(&m.build);
    for l in &m.layers {
        put(l.name.as_bytes());
        for w in &l.walk {
            put(w.as_bytes());
        }
        put(&(l.files.len() as u64).to_le_bytes());
        for f in &l.files {
            put(f.path.as_bytes());
            put(&f.hash.to_le_bytes());
        }
    }
    h.digest128()
}

/// No file is the normal first run (`Ok(None)`); a file that is there but
/// cannot be read (permissions, a directory in its place) is an error, set
/// aside like a damaged one rather than silently replaced.
fn read_file(path: &Path) -> Result<Option<fs::File>, String> {
    match fs::File::open(path) {
        Ok(f) => Ok(Some(f)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read it: {e}")),
    }
}

fn read_manifest(path: &Path) -> Result<Option<Manifest>, String> {
    let Some(mut file) = read_file(path)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() < 8 + 4 + 16 || &bytes[..8] != MANIFEST_MAGIC {
        return Err("not a roledex cache file".into());
    }
    let mut r = Reader { bytes, at: 8 };
    if u32::get(&mut r).map_err(|e| e.0)? != FORMAT {
        // Another version's format: not damaged, just not ours to read.
        return Ok(None);
    }
    let len = u64::get(&mut r).map_err(|e| e.0)?;
    let sum = u64::get(&mut r).map_err(|e| e.0)?;
    let body = &r.bytes[r.at..];
    if body.len() as u64 != len {
        return Err(format!("{} bytes where {len} were written", body.len()));
    }
    if xxh3_64(body) != sum {
        return Err("checksum mismatch".into());
    }
    let m = Manifest::get(&mut r).map_err(|e| e.0)?;
    if r.at != r.bytes.len() {
        return Err("trailing bytes".into());
    }
    Ok(Some(m))
}

fn encode_manifest(m: &Manifest) -> Vec<u8> {
    let mut body = Vec::new();
    m.put(&mut body);
    let mut out = Vec::with_capacity(body.len() + 28);
    out.extend_from_slice(MANIFEST_MAGIC);
    FORMAT.put(&mut out);
    (body.len() as u64).put(&mut out);
    xxh3_64(&body).put(&mut out);
    out.extend_from_slice(&body);
    out
}

/// Reads `part` of a content file: `Ok(None)` when there is none for this
/// key, an error when it is there but damaged.
fn read_content(path: &Path, key: u128, part: Part<'_>) -> Result<Option<Found>, String> {
    let Some(file) = read_file(path)? else {
        return Ok(None);
    };
    let io = |e: std::io::Error| format!("cannot read it: {e}");
    let file_len = file.metadata().map_err(io)?.len();
    let mut file = std::io::BufReader::with_capacity(1 << 16, file);
    let mut header = vec![0; HEADER];
    file.read_exact(&mut header)
        .map_err(|_| "not a roledex cache file".to_string())?;
    if &header[..8] != MAGIC {
        return Err("not a roledex cache file".into());
    }
    let mut r = Reader {
        bytes: header,
        at: 8,
    };
    let get = |r: &mut Reader| u64::get(r).map_err(|e| e.0);
    if u32::get(&mut r).map_err(|e| e.0)? != FORMAT {
        return Ok(None);
    }
    if (get(&mut r)?, get(&mut r)?) != (key as u64, (key >> 64) as u64) {
        // Written for other content under a colliding name: not ours.
        return Ok(None);
    }
    let (search_len, search_sum) = (get(&mut r)?, get(&mut r)?);
    let (rest_len, rest_sum) = (get(&mut r)?, get(&mut r)?);
    if Some(file_len)
        != (HEADER as u64)
            .checked_add(search_len)
            .and_then(|n| n.checked_add(rest_len))
    {
        return Err(format!("{file_len} bytes is not the size that was written"));
    }
    // The search part: its small block (role ids, diagnostics, under the
    // part's checksum), then the corpus (checksummed block by block).
    let mut small_len = [0; 8];
    file.read_exact(&mut small_len).map_err(io)?;
    let small_len = u64::from_le_bytes(small_len);
    if search_len < 8 || small_len > search_len - 8 {
        return Err("search part truncated".into());
    }
    let mut small = vec![0; usize::try_from(small_len).map_err(|_| "too big")?];
    file.read_exact(&mut small).map_err(io)?;
    let mut sum = Xxh3Default::new();
    sum.update(&small_len.to_le_bytes());
    sum.update(&small);
    if sum.digest() != search_sum {
        return Err("checksum mismatch".into());
    }
    let mut r = Reader {
        bytes: small,
        at: 0,
    };
    let role_ids = Vec::<String>::get(&mut r).map_err(|e| e.0)?;
    let diagnostics = Vec::<Diagnostic>::get(&mut r).map_err(|e| e.0)?;
    if r.at != r.bytes.len() {
        return Err("trailing bytes".into());
    }
    let corpus_at = HEADER as u64 + 8 + small_len;
    let corpus = crate::search::codec::read_pending(
        std::sync::Arc::new(crate::search::codec::FileSource(path.to_path_buf())),
        corpus_at,
        search_len - 8 - small_len,
        role_ids.len(),
        match part {
            Part::Search(wanted) => wanted,
            Part::Everything => &|_| true,
        },
    )?;
    if let Part::Search(_) = part {
        return Ok(Some(Found::Search(SearchPart {
            corpus,
            role_ids,
            diagnostics,
        })));
    }
    file.seek_relative(i64::try_from(search_len - 8 - small_len).map_err(|_| "too big")?)
        .map_err(io)?;
    let mut rest = vec![0; usize::try_from(rest_len).map_err(|_| "too big")?];
    file.read_exact(&mut rest).map_err(io)?;
    if xxh3_64(&rest) != rest_sum {
        return Err("checksum mismatch".into());
    }
    let mut r = Reader { bytes: rest, at: 0 };
    let loaded = Loaded::get(&mut r).map_err(|e| e.0)?;
    if r.at != r.bytes.len() {
        return Err("trailing bytes".into());
    }
    // The corpus's blocks were read meanwhile, on their own threads.
    Ok(Some(Found::Everything(Box::new(loaded), corpus.wait()?)))
}

/// Writes `parts` to `path` through a temporary file in the same directory,
/// so the rename is atomic; the process id keeps two roledex runs from
/// writing the same temporary file.
fn write_atomic(dir: &Path, path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    write_atomic_with(dir, path, |f| parts.iter().try_for_each(|p| f.write_all(p)))
}

fn write_atomic_with(
    dir: &Path,
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("cache"),
        std::process::id()
    ));
    let result = fs::File::create(&tmp)
        .and_then(|mut f| {
            fill(&mut f)?;
            f.sync_all()
        })
        .and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Keeps the [`MAX_FILES`] most recently written files named
/// `prefix*suffix`.
fn prune(dir: &Path, keep: &Path, prefix: &str, suffix: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(suffix))
        })
        .filter_map(|p| Some((fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, p) in files.into_iter().skip(MAX_FILES) {
        if p != keep {
            let _ = fs::remove_file(p);
        }
    }
}

// ------------------------------------------------------------- encoding

/// Why a cache body did not decode.
struct Bad(String);

struct Reader {
    bytes: Vec<u8>,
    at: usize,
}

impl Reader {
    fn take(&mut self, n: usize) -> Result<&[u8], Bad> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| Bad("truncated".into()))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
}

/// A compact binary form: little-endian integers, length-prefixed strings
/// and lists. Written and read only by this build (the key says so).
trait Bin: Sized {
    fn put(&self, w: &mut Vec<u8>);
    fn get(r: &mut Reader) -> Result<Self, Bad>;
}

impl Bin for u64 {
    fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        let b = r.take(8)?;
        Ok(u64::from_le_bytes(
            b.try_into().map_err(|_| Bad("short read".into()))?,
        ))
    }
}

impl Bin for u32 {
    fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        let b = r.take(4)?;
        Ok(u32::from_le_bytes(
            b.try_into().map_err(|_| Bad("short read".into()))?,
        ))
    }
}

impl Bin for i32 {
    fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        u32::get(r).map(|v| i32::from_le_bytes(v.to_le_bytes()))
    }
}

impl Bin for u8 {
    fn put(&self, w: &mut Vec<u8>) {
        w.push(*self);
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        Ok(r.take(1)?[0])
    }
}

impl Bin for usize {
    fn put(&self, w: &mut Vec<u8>) {
        (*self as u64).put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        usize::try_from(u64::get(r)?).map_err(|_| Bad("size out of range".into()))
    }
}

impl Bin for String {
    fn put(&self, w: &mut Vec<u8>) {
        self.len().put(w);
        w.extend_from_slice(self.as_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        let n = usize::get(r)?;
        let b = r.take(n)?;
        std::str::from_utf8(b)
            .map(str::to_owned)
            .map_err(|_| Bad("invalid UTF-8".into()))
    }
}

impl<T: Bin> Bin for Option<T> {
    fn put(&self, w: &mut Vec<u8>) {
        match self {
            None => w.push(0),
            Some(v) => {
                w.push(1);
                v.put(w);
            }
        }
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        match u8::get(r)? {
            0 => Ok(None),
            1 => T::get(r).map(Some),
            _ => Err(Bad("bad option tag".into())),
        }
    }
}

impl<T: Bin> Bin for Vec<T> {
    fn put(&self, w: &mut Vec<u8>) {
        self.len().put(w);
        for v in self {
            v.put(w);
        }
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        let n = usize::get(r)?;
        // Every element takes at least a byte: a damaged length cannot
        // make us reserve more than the file holds.
        if n > r.bytes.len() - r.at {
            return Err(Bad("list longer than the file".into()));
        }
        (0..n).map(|_| T::get(r)).collect()
    }
}

impl Bin for ToolKind {
    fn put(&self, w: &mut Vec<u8>) {
        w.push(match self {
            ToolKind::Tool => 0,
            ToolKind::Concept => 1,
        });
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        match u8::get(r)? {
            0 => Ok(ToolKind::Tool),
            1 => Ok(ToolKind::Concept),
            _ => Err(Bad("bad tool kind".into())),
        }
    }
}

impl Bin for Tier {
    fn put(&self, w: &mut Vec<u8>) {
        w.push(match self {
            Tier::Core => 0,
            Tier::Overlap => 1,
        });
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        match u8::get(r)? {
            0 => Ok(Tier::Core),
            1 => Ok(Tier::Overlap),
            _ => Err(Bad("bad tier".into())),
        }
    }
}

impl Bin for Distance {
    fn put(&self, w: &mut Vec<u8>) {
        w.push(match self {
            Distance::Close => 0,
            Distance::Medium => 1,
            Distance::Far => 2,
        });
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        match u8::get(r)? {
            0 => Ok(Distance::Close),
            1 => Ok(Distance::Medium),
            2 => Ok(Distance::Far),
            _ => Err(Bad("bad distance".into())),
        }
    }
}

/// Encodes every field of a struct, in order. The field list is checked
/// by the compiler both ways (a destructuring and a struct literal, with
/// no `..`), so a field added to the model cannot be forgotten here.
macro_rules! bin_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Bin for $ty {
            fn put(&self, w: &mut Vec<u8>) {
                let $ty { $($field),* } = self;
                $( $field.put(w); )*
            }
            fn get(r: &mut Reader) -> Result<Self, Bad> {
                Ok($ty { $($field: Bin::get(r)?),* })
            }
        }
    };
}

bin_struct!(Source {
    id,
    title,
    author,
    publisher,
    year,
    url,
    kind,
    note
});
bin_struct!(Tool {
    id,
    name,
    kind,
    aliases,
    category,
    description,
    url,
    source
});
bin_struct!(Profile {
    focus,
    serves,
    audience,
    distance_from_app_code,
    typical_org,
    typical_day,
    ownership,
    measured_by
});
bin_struct!(Origin { year, text, source });
bin_struct!(Duty {
    area,
    text,
    tools,
    source
});
bin_struct!(Question {
    question,
    why,
    source
});
bin_struct!(Signal {
    trait_name,
    terms,
    weight,
    source
});
bin_struct!(Role {
    id,
    title,
    also_called,
    tier,
    order,
    summary,
    sources,
    profile,
    origins,
    duties,
    interview_questions,
    signals
});
bin_struct!(Section {
    id,
    title,
    body,
    source
});
bin_struct!(Answer {
    answer,
    suggests,
    meaning
});
bin_struct!(TellingQuestion {
    question,
    source,
    answers
});
bin_struct!(Guide {
    sections,
    telling_questions,
    cues,
    ad_sections,
    reader_model,
    synonyms
});
bin_struct!(Cue {
    id,
    label,
    kind,
    axis,
    pole,
    role,
    roles,
    terms,
    source
});
bin_struct!(AdSection {
    id,
    headings,
    leads
});
bin_struct!(ReaderModel {
    trained_on,
    features,
    shared,
    shared_weights,
    classes,
    high_confidence,
    medium_confidence,
    mismatch_confidence
});
bin_struct!(ClassWeights {
    class,
    bias,
    weights,
    audience,
    layer
});

impl Bin for f64 {
    fn put(&self, w: &mut Vec<u8>) {
        self.to_bits().put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        u64::get(r).map(f64::from_bits)
    }
}

impl Bin for CueKind {
    fn put(&self, w: &mut Vec<u8>) {
        let b: u8 = match self {
            CueKind::Duty => 0,
            CueKind::TitleJob => 1,
            CueKind::Negation => 2,
            CueKind::TitleRole => 3,
        };
        b.put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        match u8::get(r)? {
            0 => Ok(CueKind::Duty),
            1 => Ok(CueKind::TitleJob),
            2 => Ok(CueKind::Negation),
            3 => Ok(CueKind::TitleRole),
            b => Err(Bad(format!("bad cue kind {b}"))),
        }
    }
}

impl Bin for Axis {
    fn put(&self, w: &mut Vec<u8>) {
        let b: u8 = match self {
            Axis::Audience => 0,
            Axis::Layer => 1,
        };
        b.put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        match u8::get(r)? {
            0 => Ok(Axis::Audience),
            1 => Ok(Axis::Layer),
            b => Err(Bad(format!("bad axis {b}"))),
        }
    }
}
bin_struct!(Diagnostic {
    file,
    line,
    col,
    message,
    line_text,
    width,
    excerpt_col
});
bin_struct!(Loaded {
    roles,
    tools,
    sources,
    guide,
    diagnostics,
    files
});

impl Bin for i128 {
    fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        let b = r.take(16)?;
        Ok(i128::from_le_bytes(
            b.try_into().map_err(|_| Bad("short read".into()))?,
        ))
    }
}

impl Bin for u128 {
    fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        i128::get(r).map(|v| u128::from_le_bytes(v.to_le_bytes()))
    }
}

bin_struct!(Stamp {
    len,
    modified_ns,
    changed_ns,
    inode
});
bin_struct!(FileEntry { path, stamp, hash });
bin_struct!(LayerEntry { name, walk, files });
bin_struct!(Manifest {
    build,
    taken_ns,
    layers,
    key
});

#[cfg(test)]
mod tests {
    use super::*;

    /// A content directory with one generated file big enough to be
    /// cached, plus `extra` appended to it.
    fn write_pack(dir: &Path, extra: &str) {
        let mut tools = String::new();
        for i in 0..4000 {
            tools.push_str(&format!(
                "[[tools]]\nid = \"gen-{i}\"\nname = \"Generated tool {i}\"\naliases = [\"g{i}\"]\ncategory = \"Test\"\ndescription = \"A generated tool for the cache tests, number {i}.\"\n\n"
            ));
        }
        tools.push_str(extra);
        fs::write(dir.join("tools.toml"), tools).expect("write pack");
    }

    fn sources(dir: &Path) -> Vec<LayerSource> {
        vec![LayerSource::Builtin, LayerSource::Path(dir.to_path_buf())]
    }

    fn parsed(dir: &Path) -> Loaded {
        load(vec![Layer::builtin(), Layer::from_path(dir)])
    }

    fn same(a: &Opened, b: &Loaded) {
        let c = &a.catalog;
        assert_eq!(c.roles, b.roles);
        assert_eq!(c.tools, b.tools);
        assert_eq!(c.sources, b.sources);
        assert_eq!(c.guide, b.guide);
        assert_eq!(a.diagnostics, b.diagnostics);
        assert_eq!(a.files, b.files);
        let mut x = Vec::new();
        let mut y = Vec::new();
        crate::search::codec::put(c.corpus(), &mut x);
        crate::search::codec::put(Catalog::new(parsed_again(b)).corpus(), &mut y);
        assert!(x == y, "the cached corpus is the one the content gives");
    }

    fn parsed_again(b: &Loaded) -> Loaded {
        Loaded {
            roles: b.roles.clone(),
            tools: b.tools.clone(),
            sources: b.sources.clone(),
            guide: b.guide.clone(),
            diagnostics: b.diagnostics.clone(),
            files: b.files.clone(),
        }
    }

    fn names(dir: &Path, suffix: &str) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(dir)
            .expect("dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect();
        v.sort();
        v
    }

    /// Sets every file's modification time in `dir` an hour back (its
    /// change time, which no program can set, stays recent).
    fn age(dir: &Path) {
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for p in names(dir, ".toml") {
            let f = fs::File::options().append(true).open(&p).expect("open");
            f.set_modified(old).expect("set time");
        }
    }

    #[test]
    fn a_hit_gives_what_parsing_gives_and_a_change_is_never_stale() {
        let pack = tempfile::tempdir().expect("temp dir");
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::in_dir(dir.path());
        write_pack(pack.path(), "");
        let first = open(&sources(pack.path()), Some(&cache));
        assert!(first.warnings.is_empty());
        same(&first, &parsed(pack.path()));
        assert_eq!(names(dir.path(), ".bin").len(), 1, "one content file");
        assert_eq!(names(dir.path(), ".idx").len(), 1, "one manifest");
        let hit = open(&sources(pack.path()), Some(&cache));
        assert!(hit.warnings.is_empty());
        same(&hit, &parsed(pack.path()));
        let (part, w) = open_search(&sources(pack.path()), Some(&cache), &|_| true);
        assert!(w.is_empty());
        let part = part.expect("the search part is cached");
        assert_eq!(part.role_ids.len(), hit.catalog.roles.len());
        // One more entry, and one with a mistake: both show at once. The
        // rewrite keeps the size and the time stamps' second, so only the
        // racy check (or the change time) can see it.
        let extra = "[[tools]]\nid = \"late\"\nname = \"Late\"\ncategory = \"T\"\ndescription = \"d\"\n\n[[tools]]\nid = \"Bad Id\"\nname = \"x\"\ncategory = \"T\"\ndescription = \"d\"\n";
        write_pack(pack.path(), extra);
        let changed = open(&sources(pack.path()), Some(&cache));
        same(&changed, &parsed(pack.path()));
        assert!(changed.catalog.tools.iter().any(|t| t.id == "late"));
        assert!(!changed.diagnostics.is_empty());
        // And back: the first content again, not the changed one.
        write_pack(pack.path(), "");
        let back = open(&sources(pack.path()), Some(&cache));
        same(&back, &parsed(pack.path()));
    }

    #[test]
    fn same_size_same_time_rewrites_are_seen() {
        let pack = tempfile::tempdir().expect("temp dir");
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::in_dir(dir.path());
        write_pack(pack.path(), "# aaaa\n");
        age(pack.path());
        open(&sources(pack.path()), Some(&cache));
        // Same length, modification time put back: only the change time
        // (which no program can set) tells.
        let file = pack.path().join("tools.toml");
        let before = fs::metadata(&file).expect("meta").modified().expect("time");
        let text = fs::read_to_string(&file)
            .expect("read")
            .replace("# aaaa", "# bbbb");
        fs::write(&file, text).expect("write");
        fs::File::options()
            .append(true)
            .open(&file)
            .expect("open")
            .set_modified(before)
            .expect("set time");
        let changed = open(&sources(pack.path()), Some(&cache));
        same(&changed, &parsed(pack.path()));
        // And files added or removed are a change too.
        fs::write(
            pack.path().join("more.toml"),
            "[[sources]]\nid = \"x\"\ntitle = \"T\"\nkind = \"article\"\n",
        )
        .expect("write");
        same(
            &open(&sources(pack.path()), Some(&cache)),
            &parsed(pack.path()),
        );
        fs::remove_file(pack.path().join("more.toml")).expect("remove");
        same(
            &open(&sources(pack.path()), Some(&cache)),
            &parsed(pack.path()),
        );
    }

    #[test]
    fn a_racy_file_is_read_until_it_is_old_then_trusted_by_its_stamp() {
        let pack = tempfile::tempdir().expect("temp dir");
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::in_dir(dir.path());
        write_pack(pack.path(), "");
        let file = pack.path().join("tools.toml");
        let stamp = Stamp::of(&fs::metadata(&file).expect("meta"));
        let written = stamp.newest_ns();
        // Plans made at chosen times: the racy rules are about the file's
        // stamp and the clock, never about how long the test takes.
        let at = |now: i128| Plan::make(&sources(pack.path()), &cache, now).expect("big enough");
        let manifest = || {
            read_manifest(&manifest_path(&sources(pack.path()), &cache))
                .expect("reads")
                .expect("there")
        };
        // Cached a millisecond after the write.
        let cached = written + 1_000_000;
        let plan = at(cached);
        plan.store(&plan.hashes(&plan.layers()), parsed(pack.path()));
        let m = manifest();
        assert_eq!(m.taken_ns, cached);
        assert_eq!(m.layers[1].files[0].stamp, stamp);
        // The same file with another hash stands for a change that kept
        // the stamp (same size, same clock tick): only a read can see it.
        let mut changed = m.clone();
        changed.layers[1].files[0].hash ^= 1;

        // Racy (stamped within RACY_NS of the manifest): read, and found
        // the same; but up to RACY_NS after the stamp, still too recent
        // to be trusted by a later start.
        for now in [cached + 1, written + RACY_NS] {
            assert_eq!(at(now).check(&m), Some(false), "at {now}");
            assert_eq!(at(now).check(&changed), None, "at {now}: read");
        }
        // A start once the file is older than RACY_NS: read (the manifest
        // still calls it racy), found the same, and now old enough...
        let later = written + RACY_NS + 1;
        assert_eq!(at(later).check(&changed), None, "still read");
        assert_eq!(at(later).check(&m), Some(true));
        // ... so the lookup says so in the manifest...
        assert!(
            at(later)
                .lookup(Part::Search(&|_| true), &mut Vec::new())
                .is_some()
        );
        let m = manifest();
        assert_eq!(m.taken_ns, later, "manifest refreshed");
        // ... and the next start trusts the stamp without reading: a
        // change that kept it would go unseen (the stamp is all it checks).
        let mut changed = m.clone();
        changed.layers[1].files[0].hash ^= 1;
        let next = later + 1_000_000_000;
        assert_eq!(at(next).check(&m), Some(false));
        assert_eq!(at(next).check(&changed), Some(false), "not read");
        // Exactly RACY_NS between stamp and manifest is still racy.
        changed.taken_ns = written + RACY_NS;
        assert_eq!(at(next).check(&changed), None, "read at the edge");
        // A stamp that differs is a miss either way.
        let mut restamped = m.clone();
        restamped.layers[1].files[0].stamp.len += 1;
        assert_eq!(at(next).check(&restamped), None);
    }

    #[test]
    fn a_corrupt_cache_file_is_set_aside_with_a_warning_and_rebuilt() {
        let pack = tempfile::tempdir().expect("temp dir");
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::in_dir(dir.path());
        write_pack(pack.path(), "");
        let want = parsed(pack.path());
        open(&sources(pack.path()), Some(&cache));
        for suffix in [".bin", ".idx"] {
            let file = names(dir.path(), suffix).pop().expect("cache file");
            let mut bytes = fs::read(&file).expect("read");
            let last = bytes.len() - 1;
            bytes[last] ^= 0xff;
            fs::write(&file, &bytes).expect("write");
            let opened = open(&sources(pack.path()), Some(&cache));
            same(&opened, &want);
            assert_eq!(opened.warnings.len(), 1, "{:?}", opened.warnings);
            assert!(
                opened.warnings[0].contains("checksum"),
                "{:?}",
                opened.warnings
            );
            assert_eq!(names(dir.path(), &format!("{suffix}.corrupt")).len(), 1);
            // Rebuilt: the next start reads it without complaint.
            let again = open(&sources(pack.path()), Some(&cache));
            assert!(again.warnings.is_empty(), "{:?}", again.warnings);
            same(&again, &want);
        }
        // Not a cache file at all.
        let file = names(dir.path(), ".bin").pop().expect("cache file");
        fs::write(&file, b"garbage").expect("write");
        let (part, warnings) = open_search(&sources(pack.path()), Some(&cache), &|_| true);
        assert!(part.is_none());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn small_content_is_parsed_without_a_cache_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::in_dir(dir.path().join("c"));
        let opened = open(&[LayerSource::Builtin], Some(&cache));
        assert!(opened.warnings.is_empty());
        same(&opened, &load(vec![Layer::builtin()]));
        assert!(!dir.path().join("c").exists());
    }
}
