//! The manifest: every content file with its stamp and hash, and the key
//! of the content file made from them.

use std::io::Read as _;
use std::path::Path;

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64, xxh3_128};

use super::damage::Damage;
use super::disk::read_file;
use super::format::{FORMAT, MAGIC, MANIFEST_MAGIC};
use crate::content::binary::{Bin, Reader, bin_struct};
use crate::content::diag::Diagnostic;
use crate::content::files::Stamp;

/// One content file as the manifest knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FileEntry {
    pub(super) path: String,
    pub(super) stamp: Stamp,
    /// [`file_hash`] of the file as it was loaded.
    pub(super) hash: u128,
}

/// One layer: its name, what its walk reported, its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LayerEntry {
    pub(super) name: String,
    pub(super) walk: Vec<String>,
    pub(super) files: Vec<FileEntry>,
}

/// What a content file was made from, and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Manifest {
    pub(super) build: Vec<u8>,
    /// When the files were stamped (before any was read).
    pub(super) taken_ns: i128,
    pub(super) layers: Vec<LayerEntry>,
    pub(super) key: u128,
}

/// A file's bytes as the loader sees them: its text, or why it cannot be
/// read (an unreadable file is content too: it has a diagnostic).
pub(super) fn file_hash(text: Result<&str, &Diagnostic>) -> u128 {
    match text {
        Ok(t) => xxh3_128(t.as_bytes()),
        Err(d) => xxh3_128(format!("unreadable {d:?}").as_bytes()),
    }
}

/// Everything the content depends on. Lengths go in before bytes, so no
/// two different inputs hash the same stream.
pub(super) fn key_of(m: &Manifest) -> u128 {
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

pub(super) fn read_manifest(path: &Path) -> Result<Option<Manifest>, Damage> {
    let Some(mut file) = read_file(path)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(Damage::Unreadable)?;
    if bytes.len() < 8 + 4 + 16 || &bytes[..8] != MANIFEST_MAGIC {
        return Err(Damage::NotOurs);
    }
    let mut r = Reader {
        bytes: &bytes,
        at: 8,
    };
    if u32::get(&mut r)? != FORMAT {
        // Another version's format: not damaged, just not ours to read.
        return Ok(None);
    }
    let len = u64::get(&mut r)?;
    let sum = u64::get(&mut r)?;
    let body = &r.bytes[r.at..];
    if body.len() as u64 != len {
        return Err(Damage::WrongSize {
            found: body.len() as u64,
            written: len,
        });
    }
    if xxh3_64(body) != sum {
        return Err(Damage::Checksum);
    }
    let m = Manifest::get(&mut r)?;
    if r.at != r.bytes.len() {
        return Err(Damage::Trailing);
    }
    Ok(Some(m))
}

pub(super) fn encode_manifest(m: &Manifest) -> Vec<u8> {
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

bin_struct!(FileEntry { path, stamp, hash });
bin_struct!(LayerEntry { name, walk, files });
bin_struct!(Manifest {
    build,
    taken_ns,
    layers,
    key
});
