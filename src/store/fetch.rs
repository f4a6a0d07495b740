//! Reading what the cache holds for a set of layers, unchecked against
//! the files (the plan checks).

use std::path::Path;

use super::content_file::{Found, Part, read_content};
use super::disk::set_aside;
use super::manifest::{Manifest, read_manifest};

/// The stored manifest and the content it names, unchecked against the
/// files: `None` when there is none (or it is damaged: set aside).
pub(super) fn fetch(
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
