//! The cache files' format marks: a file of another format is not read.

pub(super) const MAGIC: &[u8; 8] = b"RDXCACHE";
pub(super) const MANIFEST_MAGIC: &[u8; 8] = b"RDXFILES";
/// Bumped whenever the encoding below changes.
pub(super) const FORMAT: u32 = 5;
