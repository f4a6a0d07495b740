//! The content file, mapped: `roledex search` reads the corpus in place
//! (see `search::slab`) instead of copying a hundred megabytes into fresh
//! memory, and only the pages a query touches are read at all.

#![allow(unsafe_code)]

use std::fs::File;

/// The file's bytes, mapped read-only.
pub(super) fn map(file: &File) -> std::io::Result<memmap2::Mmap> {
    // SAFETY: a mapped file that another process truncates or writes in
    // place would change (or fault) under us. Cache files are never
    // written in place: each is written to a temporary file and renamed
    // over the old one (`disk::write_atomic_with`), so the file mapped
    // here, once opened, keeps its bytes for as long as it is mapped, the
    // rename only unlinking its name. Its length was checked against the
    // header before mapping, and every read of it is bounds-checked.
    unsafe { memmap2::Mmap::map(file) }
}
