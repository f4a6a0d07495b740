//! The content file: a header with each part's length and checksum, the
//! search part (read alone by `roledex search`), then the rest.

use std::fs;
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::sync::Arc;

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use super::damage::Damage;
use super::disk::read_file;
use super::format::{FORMAT, MAGIC};
use super::map::map;
use crate::catalog::Catalog;
use crate::content::binary::{Bin, Reader};
use crate::content::diag::Diagnostic;
use crate::content::load::Loaded;
use crate::search::Corpus;
use crate::search::slab::Bytes;

/// Content file: magic, format, key, then the search part's and the
/// content part's length and checksum.
pub(super) const HEADER: usize = 8 + 4 + 16 + 16 + 16;
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

/// Whether a search will need the corpus's entries, given its lexicon.
pub type Wanted<'a> = dyn Fn(&Corpus) -> bool + Sync + 'a;

/// What to read of a content file.
#[derive(Clone, Copy)]
pub(super) enum Part<'a> {
    Search(&'a Wanted<'a>),
    Everything,
}

pub(super) enum Found {
    Search(SearchPart),
    // Boxed: a whole catalog's content is far bigger than the other variant.
    Everything(Box<Loaded>, Corpus),
}

/// Counts and hashes what goes through it, for a part's length and
/// checksum.
pub(super) struct Tally<W> {
    pub(super) inner: W,
    pub(super) len: u64,
    pub(super) hash: Xxh3Default,
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
pub(super) fn write_content(
    file: &mut fs::File,
    key: u128,
    catalog: &Catalog,
    (diagnostics, warnings): (&[Diagnostic], &[Diagnostic]),
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
    // The corpus starts at a multiple of 8 in the file, so that its
    // arrays are read in place from the mapped file.
    small.resize(
        small.len() + crate::search::codec::padding(HEADER + small.len()),
        0,
    );
    out.write_all(&small)?;
    let corpus_len = crate::search::codec::write(catalog.corpus(), &mut out)?;
    let search_len = small.len() as u64 + corpus_len;
    let search_sum = xxh3_64(&small[..8 + small_len as usize]);
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
    warnings.to_vec().put(&mut buf);
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

/// Reads `part` of a content file: `Ok(None)` when there is none for this
/// key, an error when it is there but damaged. The file is mapped: the
/// corpus is read in place, only as far as a search reads it (its blocks
/// are checked as a whole before use).
pub(super) fn read_content(
    path: &Path,
    key: u128,
    part: Part<'_>,
) -> Result<Option<Found>, Damage> {
    let Some(file) = read_file(path)? else {
        return Ok(None);
    };
    let file_len = file.metadata()?.len();
    let mut header = vec![0; HEADER];
    (&file)
        .read_exact(&mut header)
        .map_err(|_| Damage::NotOurs)?;
    if &header[..8] != MAGIC {
        return Err(Damage::NotOurs);
    }
    let mut r = Reader {
        bytes: &header,
        at: 8,
    };
    let get = |r: &mut Reader| u64::get(r).map_err(Damage::from);
    if u32::get(&mut r)? != FORMAT {
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
        return Err(Damage::WrongSize {
            found: file_len,
            written: (HEADER as u64)
                .saturating_add(search_len)
                .saturating_add(rest_len),
        });
    }
    let size = |n: u64| usize::try_from(n).map_err(|_| Damage::TooBig);
    let (search_len, rest_len) = (size(search_len)?, size(rest_len)?);
    let map = Arc::new(Bytes::Mapped(map(&file)?));
    let bytes = (*map).as_ref();
    if bytes.len() != HEADER + search_len + rest_len {
        // Changed since its length was read: not to be trusted.
        return Err(Damage::Truncated("content file"));
    }
    // The search part: its small block (role ids, diagnostics, under the
    // part's checksum), padding, then the corpus (checksummed by block).
    let search = &bytes[HEADER..HEADER + search_len];
    let small_len = search
        .get(..8)
        .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
        .ok_or(Damage::Truncated("search part"))?;
    let small_len = size(small_len)?;
    let small = small_len
        .checked_add(8)
        .and_then(|end| search.get(8..end))
        .ok_or(Damage::Truncated("search part"))?;
    if xxh3_64(&search[..8 + small_len]) != search_sum {
        return Err(Damage::Checksum);
    }
    let pad = crate::search::codec::padding(HEADER + 8 + small_len);
    let corpus_from = 8 + small_len + pad;
    if search.len() < corpus_from || search[8 + small_len..corpus_from].iter().any(|&b| b != 0) {
        return Err(Damage::Truncated("search part"));
    }
    let mut r = Reader {
        bytes: small,
        at: 0,
    };
    let role_ids = Vec::<String>::get(&mut r)?;
    let diagnostics = Vec::<Diagnostic>::get(&mut r)?;
    if r.at != r.bytes.len() {
        return Err(Damage::Trailing);
    }
    let corpus = crate::search::codec::read_pending(
        Arc::clone(&map),
        HEADER + corpus_from,
        search_len - corpus_from,
        role_ids.len(),
        match part {
            Part::Search(wanted) => wanted,
            Part::Everything => &|_| true,
        },
    )
    .map_err(|e| Damage::Decode(e.to_string()))?;
    let rest = &bytes[HEADER + search_len..];
    let rest = match part {
        Part::Search(_) => None,
        Part::Everything => {
            if xxh3_64(rest) != rest_sum {
                return Err(Damage::Checksum);
            }
            Some(rest)
        }
    };
    let Some(rest) = rest else {
        return Ok(Some(Found::Search(SearchPart {
            corpus,
            role_ids,
            diagnostics,
        })));
    };
    let mut r = Reader { bytes: rest, at: 0 };
    let loaded = Loaded::get(&mut r)?;
    if r.at != r.bytes.len() {
        return Err(Damage::Trailing);
    }
    // The corpus's blocks were checked meanwhile, on their own threads.
    let corpus = corpus.wait().map_err(|e| Damage::Decode(e.to_string()))?;
    Ok(Some(Found::Everything(Box::new(loaded), corpus)))
}
