//! The cache against the files it stands for: hits, misses, racy files,
//! damage.

use std::fs;
use std::path::{Path, PathBuf};

use super::content_file::{Found, Part};
use super::fetch::fetch;
use super::manifest::read_manifest;
use super::plan::Plan;
use super::plan::RACY_NS;
use super::*;
use crate::content::files::Stamp;
use crate::content::load::Loaded;

/// What a start would find in the cache, checked against its files.
trait Lookup {
    fn lookup(&self, part: Part<'_>, warnings: &mut Vec<String>) -> Option<Found>;
}

impl Lookup for Plan {
    fn lookup(&self, part: Part<'_>, warnings: &mut Vec<String>) -> Option<Found> {
        let (stored, found) = fetch(&self.dir, &self.manifest, part, warnings)?;
        self.confirm(stored, found)
    }
}

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
        warnings: b.warnings.clone(),
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

/// The walk stamps files as it finds them (a plain file through its
/// directory, a link through the path it names): the same stamps a stat
/// of each path gives, so a start compares what it always compared.
#[cfg(unix)]
#[test]
fn the_walk_stamps_each_file_as_a_stat_of_its_path_does() {
    use crate::content::files::Scan;
    let dir = tempfile::tempdir().expect("tempdir");
    let other = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join("sub")).expect("mkdir");
    fs::write(dir.path().join("a.toml"), "x = 1\n").expect("write");
    fs::write(dir.path().join("sub/b.toml"), "y = 2\n").expect("write");
    fs::write(other.path().join("c.toml"), "z = 3\n").expect("write");
    std::os::unix::fs::symlink(other.path().join("c.toml"), dir.path().join("l.toml"))
        .expect("link");
    let scan = Scan::stamped(dir.path());
    assert_eq!(scan.paths.len(), 3, "{:?}", scan.paths);
    let stat: Vec<Option<Stamp>> = scan
        .paths
        .iter()
        .map(|p| fs::metadata(p).ok().map(|m| Stamp::of(&m)))
        .collect();
    assert!(stat.iter().all(Option::is_some));
    assert_eq!(scan.stamps, stat);
    assert!(Scan::of(dir.path()).stamps.is_empty());
}
