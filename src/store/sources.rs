//! Where content comes from and where the cache lives.

use std::path::{Path, PathBuf};

/// Overrides the cache directory (tests, read-only homes).
pub const CACHE_DIR_ENV: &str = "ROLEDEX_CACHE_DIR";

/// Content smaller than this is parsed every time: it takes a few
/// milliseconds, and writing a cache file for it would be clutter.
pub const MIN_CACHED_BYTES: usize = 512 * 1024;

/// Where cache files go.
#[derive(Debug, Clone)]
pub struct Cache {
    pub(super) dir: PathBuf,
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
