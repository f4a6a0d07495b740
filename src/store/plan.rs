//! One start's walk of the content directories: every file stamped,
//! compared with the stored manifest, and the content stored when it is
//! not there yet.

use std::fs;
use std::path::PathBuf;

use xxhash_rust::xxh3::Xxh3Default;

use super::content_file::{Found, write_content};
use super::disk::{prune, write_atomic, write_atomic_with};
use super::manifest::{FileEntry, LayerEntry, Manifest, encode_manifest, file_hash, key_of};
use super::sources::{Cache, LayerSource, MIN_CACHED_BYTES};
use crate::catalog::Catalog;
use crate::content::builtin::BUILTIN_FILES;
use crate::content::files::{Layer, Scan, Stamp, read_source};
use crate::content::load::Loaded;

/// A file whose stamp is this close to (or after) the time its manifest
/// was made is read and hashed rather than trusted: file times tick
/// coarsely (a few milliseconds on Linux, two seconds on FAT).
pub(super) const RACY_NS: i128 = 3_000_000_000;

/// The executable's version, size and modification time: a rebuilt or
/// upgraded roledex keys its own cache files.
pub(super) fn build_identity() -> Option<Vec<u8>> {
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
pub(super) fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX))
}

/// The manifest for this set of layers: one per combination of
/// directories (the same directory named from elsewhere is the same one;
/// display names are compared file by file anyway).
pub(super) fn manifest_path(sources: &[LayerSource], cache: &Cache) -> PathBuf {
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

/// The directories walked and every file stamped, for one start.
pub(super) struct Plan {
    pub(super) dir: PathBuf,
    pub(super) manifest: PathBuf,
    pub(super) build: Vec<u8>,
    /// When the files were stamped: the `now` it was made with.
    pub(super) taken_ns: i128,
    /// Per source: its walk, `None` for the built-ins.
    pub(super) scans: Vec<Option<Scan>>,
    /// Per source (none for the built-ins), per path: its stamp (`None`:
    /// it could not be stat'ed).
    pub(super) stamps: Vec<Vec<Option<Stamp>>>,
}

impl Plan {
    /// Stamps every file, `now` (nanoseconds since the epoch) being the
    /// time just before the first stat.
    pub(super) fn make(sources: &[LayerSource], cache: &Cache, now: i128) -> Option<Plan> {
        // Without knowing which build wrote a file, a hit could be stale.
        let build = build_identity()?;
        let scans: Vec<Option<Scan>> = sources
            .iter()
            .map(|s| match s {
                LayerSource::Builtin => None,
                // Stamped as they are found.
                LayerSource::Path(p) => Some(Scan::stamped(p)),
            })
            .collect();
        let stamps: Vec<Vec<Option<Stamp>>> = scans
            .iter()
            .map(|s| match s {
                Some(s) => s.stamps.clone(),
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
    pub(super) fn layers(&self) -> Vec<Layer> {
        self.scans
            .iter()
            .map(|scan| match scan {
                Some(scan) => Layer::read(Scan {
                    name: scan.name.clone(),
                    paths: scan.paths.clone(),
                    diagnostics: scan.diagnostics.clone(),
                    stamps: Vec::new(),
                }),
                None => Layer::builtin(),
            })
            .collect()
    }

    /// Per layer, per scanned path: the hash of what was read of it.
    pub(super) fn hashes(&self, layers: &[Layer]) -> Vec<Vec<u128>> {
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
    pub(super) fn manifest(&self, hashes: &[Vec<u128>]) -> Option<Manifest> {
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
    pub(super) fn confirm(&self, stored: Manifest, found: Found) -> Option<Found> {
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

    /// `Some(refresh)` when every file is as the manifest says; `refresh`
    /// when racy files had to be read and would not be racy any more.
    pub(super) fn check(&self, m: &Manifest) -> Option<bool> {
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
    pub(super) fn store(&self, hashes: &[Vec<u128>], loaded: Loaded) -> Catalog {
        let Some(manifest) = self.manifest(hashes) else {
            return Catalog::new(loaded);
        };
        let path = self.dir.join(format!("content-{:032x}.bin", manifest.key));
        let (diagnostics, files) = (loaded.diagnostics.clone(), loaded.files.clone());
        let warnings = loaded.warnings.clone();
        let catalog = Catalog::new(loaded);
        let _ = write_atomic_with(&self.dir, &path, |f| {
            write_content(f, manifest.key, &catalog, (&diagnostics, &warnings), &files)
        })
        .and_then(|()| write_atomic(&self.dir, &self.manifest, &[&encode_manifest(&manifest)]));
        prune(&self.dir, &path, "content-", ".bin");
        prune(&self.dir, &self.manifest, "layers-", ".idx");
        catalog
    }
}
