//! Files in the cache directory: written atomically, damaged ones set
//! aside, old ones pruned.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::damage::Damage;

/// Content files kept in the directory (and as many manifests); older
/// ones are removed.
pub(super) const MAX_FILES: usize = 8;

/// Moves a damaged cache file out of the way (never deleting what might be
/// somebody's), with a warning.
pub(super) fn set_aside(path: &Path, why: &Damage, warnings: &mut Vec<String>) {
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

/// No file is the normal first run (`Ok(None)`); a file that is there but
/// cannot be read (permissions, a directory in its place) is an error, set
/// aside like a damaged one rather than silently replaced.
pub(super) fn read_file(path: &Path) -> Result<Option<fs::File>, Damage> {
    match fs::File::open(path) {
        Ok(f) => Ok(Some(f)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Damage::Unreadable(e)),
    }
}

/// Writes `parts` to `path` through a temporary file in the same directory,
/// so the rename is atomic; the process id keeps two roledex runs from
/// writing the same temporary file.
pub(super) fn write_atomic(dir: &Path, path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    write_atomic_with(dir, path, |f| parts.iter().try_for_each(|p| f.write_all(p)))
}

pub(super) fn write_atomic_with(
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
pub(super) fn prune(dir: &Path, keep: &Path, prefix: &str, suffix: &str) {
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
