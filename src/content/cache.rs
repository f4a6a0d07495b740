//! A cache of loaded content, for big content packs.
//!
//! Parsing TOML is most of what a start with a big pack costs (a second or
//! more at 1000x the shipped content), so the validated result is kept in
//! the OS cache directory and read back instead while nothing changed.
//!
//! * **Keyed by content, never stale.** The key is a 128-bit hash of every
//!   byte loaded (each layer's name, each file's name and text, and the
//!   problems met reading them), of the cache format and of this program's
//!   build (its version, and its executable's size and time, so a rebuilt
//!   loader never reads an old result). Any change gives another key, and
//!   a cache file whose key differs is rebuilt.
//! * **Written atomically.** A temporary file in the same directory,
//!   renamed over the old one: a reader sees the old file or the new one,
//!   never half of one.
//! * **Checked when read.** A file that fails its checksum or does not
//!   decode is set aside as `*.corrupt` with a warning, and rebuilt.
//! * **Only when it pays.** Content under [`MIN_CACHED_BYTES`] (the
//!   built-in content is about 120 kB) is parsed every time, with no
//!   file written.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64, xxh3_128};

use super::diag::Diagnostic;
use super::load::{Layer, Loaded, load};
use super::model::{
    Answer, Distance, Duty, Guide, Origin, Profile, Question, Role, Section, Signal, Source,
    TellingQuestion, Tier, Tool,
};

/// Overrides the cache directory (tests, read-only homes).
pub const CACHE_DIR_ENV: &str = "ROLEDEX_CACHE_DIR";

/// Content smaller than this is parsed every time: it takes a few
/// milliseconds, and writing a cache file for it would be clutter.
pub const MIN_CACHED_BYTES: usize = 512 * 1024;

/// Cache files kept in the directory; older ones are removed.
const MAX_FILES: usize = 8;

const MAGIC: &[u8; 8] = b"RDXCACHE";
/// Bumped whenever the encoding below changes.
const FORMAT: u32 = 1;
/// Magic, format, key (16 bytes), body length, body checksum.
const HEADER: usize = 8 + 4 + 16 + 8 + 8;

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

/// Loads `layers` like [`load`], through the cache when there is one and
/// the content is big enough. Returns the content and warnings about the
/// cache itself (a corrupt file set aside), which are not content problems.
pub fn load_cached(layers: Vec<Layer>, cache: Option<&Cache>) -> (Loaded, Vec<String>) {
    let bytes: usize = layers
        .iter()
        .flat_map(|l| &l.files)
        .map(|f| f.text.len())
        .sum();
    let Some(cache) = cache.filter(|_| bytes >= MIN_CACHED_BYTES) else {
        return (load(layers), Vec::new());
    };
    let Some(build) = build_identity() else {
        // Without knowing which build wrote a file, a hit could be stale.
        return (load(layers), Vec::new());
    };
    let key = key_of(&layers, &build);
    let path = cache
        .dir
        .join(format!("content-{:016x}.bin", name_of(&layers)));
    let mut warnings = Vec::new();
    match read(&path, key) {
        Ok(Some(loaded)) => return (loaded, warnings),
        Ok(None) => {}
        Err(why) => {
            let aside = path.with_extension("bin.corrupt");
            let _ = fs::remove_file(&aside);
            let moved = fs::rename(&path, &aside).is_ok();
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
    }
    let loaded = load(layers);
    // A cache that cannot be written (read-only home, full disk) costs
    // only speed: the content itself is loaded either way.
    let _ = write(&cache.dir, &path, key, &loaded);
    (loaded, warnings)
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

/// Which layers (by name): one cache file per combination of directories.
fn name_of(layers: &[Layer]) -> u64 {
    let mut h = Xxh3Default::new();
    for l in layers {
        h.update(&(l.name.len() as u64).to_le_bytes());
        h.update(l.name.as_bytes());
    }
    h.digest()
}

/// Everything the loaded result depends on. Lengths go in before bytes,
/// so no two different inputs hash the same stream.
fn key_of(layers: &[Layer], build: &[u8]) -> u128 {
    let mut h = Xxh3Default::new();
    let mut put = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    put(MAGIC);
    put(&FORMAT.to_le_bytes());
    put(build);
    for l in layers {
        put(l.name.as_bytes());
        for d in &l.diagnostics {
            put(format!("{d:?}").as_bytes());
        }
        put(&(l.files.len() as u64).to_le_bytes());
        for f in &l.files {
            put(f.display.as_bytes());
            // Hashed per file (at memory speed), then combined: a big pack
            // is hundreds of megabytes, read on every start.
            put(&xxh3_128(f.text.as_bytes()).to_le_bytes());
        }
    }
    h.digest128()
}

/// The cached content, `None` when there is no file or it was written for
/// other content (or by another build), and an error when the file is
/// damaged.
fn read(path: &Path, key: u128) -> Result<Option<Loaded>, String> {
    // No file is the normal first run; a file that is there but cannot be
    // read (permissions, a directory in its place) is set aside like a
    // damaged one rather than silently replaced.
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read it: {e}")),
    };
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return Err("not a roledex cache file".into());
    }
    let mut r = Reader { bytes, at: 8 };
    let format = u32::get(&mut r).map_err(|e| e.0)?;
    if format != FORMAT {
        // Another version's format: not damaged, just not ours to read.
        return Ok(None);
    }
    let stored = (
        u64::get(&mut r).map_err(|e| e.0)?,
        u64::get(&mut r).map_err(|e| e.0)?,
    );
    if stored != (key as u64, (key >> 64) as u64) {
        return Ok(None);
    }
    let len = u64::get(&mut r).map_err(|e| e.0)?;
    let sum = u64::get(&mut r).map_err(|e| e.0)?;
    let body = &r.bytes[HEADER..];
    if body.len() as u64 != len {
        return Err(format!("{} bytes where {len} were written", body.len()));
    }
    if xxh3_64(body) != sum {
        return Err("checksum mismatch".into());
    }
    let loaded = Loaded::get(&mut r).map_err(|e| e.0)?;
    if r.at != r.bytes.len() {
        return Err("trailing bytes".into());
    }
    Ok(Some(loaded))
}

fn write(dir: &Path, path: &Path, key: u128, loaded: &Loaded) -> std::io::Result<()> {
    let mut body = Vec::new();
    loaded.put(&mut body);
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(MAGIC);
    FORMAT.put(&mut out);
    (key as u64).put(&mut out);
    ((key >> 64) as u64).put(&mut out);
    (body.len() as u64).put(&mut out);
    xxh3_64(&body).put(&mut out);
    out.extend_from_slice(&body);
    fs::create_dir_all(dir)?;
    // Same directory, so the rename is atomic; the process id keeps two
    // roledex runs from writing the same temporary file.
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("content"),
        std::process::id()
    ));
    let result = fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(&out).and_then(|()| f.sync_all()))
        .and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    prune(dir, path);
    result
}

/// Keeps the [`MAX_FILES`] most recently written cache files.
fn prune(dir: &Path, keep: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("content-") && n.ends_with(".bin"))
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
    telling_questions
});
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::SourceFile;

    fn big_layers(extra: &str) -> Vec<Layer> {
        // The built-ins plus one generated file big enough to be cached.
        let mut tools = String::new();
        for i in 0..4000 {
            tools.push_str(&format!(
                "[[tools]]\nid = \"gen-{i}\"\nname = \"Generated tool {i}\"\naliases = [\"g{i}\"]\ncategory = \"Test\"\ndescription = \"A generated tool for the cache tests, number {i}.\"\n\n"
            ));
        }
        tools.push_str(extra);
        let user = Layer {
            name: "test".into(),
            files: vec![SourceFile::new("test/tools.toml", tools)],
            diagnostics: Vec::new(),
        };
        vec![Layer::builtin(), user]
    }

    fn same(a: &Loaded, b: &Loaded) {
        assert_eq!(a.roles, b.roles);
        assert_eq!(a.tools, b.tools);
        assert_eq!(a.sources, b.sources);
        assert_eq!(a.guide, b.guide);
        assert_eq!(a.diagnostics, b.diagnostics);
        assert_eq!(a.files, b.files);
    }

    #[test]
    fn a_hit_gives_what_parsing_gives_and_a_change_is_never_stale() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::in_dir(dir.path());
        let parsed = load(big_layers(""));
        let (first, w) = load_cached(big_layers(""), Some(&cache));
        assert!(w.is_empty());
        same(&first, &parsed);
        assert_eq!(
            fs::read_dir(dir.path()).expect("dir").count(),
            1,
            "one cache file"
        );
        let (hit, w) = load_cached(big_layers(""), Some(&cache));
        assert!(w.is_empty());
        same(&hit, &parsed);
        // One more entry, and one with a mistake: both show at once.
        let extra = "[[tools]]\nid = \"late\"\nname = \"Late\"\ncategory = \"T\"\ndescription = \"d\"\n\n[[tools]]\nid = \"Bad Id\"\nname = \"x\"\ncategory = \"T\"\ndescription = \"d\"\n";
        let (changed, _) = load_cached(big_layers(extra), Some(&cache));
        same(&changed, &load(big_layers(extra)));
        assert!(changed.tools.iter().any(|t| t.id == "late"));
        assert!(!changed.diagnostics.is_empty());
        // And back: the first content again, not the changed one.
        let (back, _) = load_cached(big_layers(""), Some(&cache));
        same(&back, &parsed);
    }

    #[test]
    fn a_corrupt_cache_file_is_set_aside_with_a_warning_and_rebuilt() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::in_dir(dir.path());
        let parsed = load(big_layers(""));
        load_cached(big_layers(""), Some(&cache));
        let file = fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "bin"))
            .expect("cache file");
        let mut bytes = fs::read(&file).expect("read");
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        fs::write(&file, &bytes).expect("write");
        let (loaded, warnings) = load_cached(big_layers(""), Some(&cache));
        same(&loaded, &parsed);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("checksum"), "{warnings:?}");
        assert!(file.with_extension("bin.corrupt").exists());
        // Rebuilt: the next start reads it without complaint.
        let (again, warnings) = load_cached(big_layers(""), Some(&cache));
        assert!(warnings.is_empty());
        same(&again, &parsed);
        // Not a cache file at all (truncated to nothing useful).
        fs::write(&file, b"garbage").expect("write");
        let (_, warnings) = load_cached(big_layers(""), Some(&cache));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn small_content_is_parsed_without_a_cache_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::in_dir(dir.path().join("c"));
        let (loaded, w) = load_cached(vec![Layer::builtin()], Some(&cache));
        assert!(w.is_empty());
        same(&loaded, &load(vec![Layer::builtin()]));
        assert!(!dir.path().join("c").exists());
    }
}
