//! Content files on disk: walking a directory, reading a file within
//! bounds, and the stamps the store compares to see that nothing changed.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

use super::builtin::BUILTIN_FILES;
use super::diag::Diagnostic;

/// How deep a user directory is walked; bounds symlink loops.
const MAX_DEPTH: usize = 8;
/// Content files are hand-written; anything bigger is a mistake, and reading
/// it whole would cost memory for nothing.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// One content file's text and the name it is reported under.
#[derive(Debug)]
pub struct SourceFile {
    pub display: String,
    pub text: String,
    /// Diagnostics located in this file so far: see [`MAX_LOCATED_PER_FILE`].
    pub(super) located: AtomicUsize,
}

impl SourceFile {
    pub fn new(display: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            display: display.into(),
            text: text.into(),
            located: AtomicUsize::new(0),
        }
    }
}

/// Locating a diagnostic (line and column) scans the file up to it, so a
/// generated file with a mistake in each of its 100 000 entries would take
/// minutes; past this many, a file's diagnostics are reported without a
/// location.
pub const MAX_LOCATED_PER_FILE: usize = 200;

/// A set of files loaded together: the built-ins, or one user directory.
/// Ids must be unique within a layer; a later layer overrides an earlier one.
#[derive(Debug, Default)]
pub struct Layer {
    pub name: String,
    pub files: Vec<SourceFile>,
    /// Problems met while reading (not parsing) the layer.
    pub diagnostics: Vec<Diagnostic>,
}

impl Layer {
    pub fn builtin() -> Layer {
        Layer {
            name: "built-in".to_string(),
            files: BUILTIN_FILES
                .iter()
                .map(|(name, text)| SourceFile::new(format!("<built-in>/{name}"), *text))
                .collect(),
            diagnostics: Vec::new(),
        }
    }

    /// Reads a directory (recursively, `*.toml`, sorted) or a single file.
    /// A missing path is reported, not fatal.
    pub fn from_path(path: &Path) -> Layer {
        Layer::read(Scan::of(path))
    }

    /// Reads the files a [`Scan`] found.
    pub fn read(scan: Scan) -> Layer {
        let Scan {
            name,
            paths,
            mut diagnostics,
            ..
        } = scan;
        // A big pack is thousands of files: reading them is syscall-bound,
        // so it overlaps well across threads.
        let read = crate::par::map(&paths, 16, |p| {
            let display = p.display().to_string();
            read_limited(p, &display).map(|text| SourceFile::new(display, text))
        });
        let mut files = Vec::new();
        for r in read {
            match r {
                Ok(file) => files.push(file),
                Err(diag) => diagnostics.push(diag),
            }
        }
        Layer {
            name,
            files,
            diagnostics,
        }
    }
}

/// A user directory walked but not read: which content files it holds (in
/// load order) and what was wrong with the walk. The content cache compares
/// these files' stamps with the ones it stored instead of reading them.
#[derive(Debug)]
pub struct Scan {
    pub name: String,
    pub paths: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
    /// From [`Scan::stamped`]: each path's stamp (`None`: it could not be
    /// stat'ed); empty from [`Scan::of`].
    pub stamps: Vec<Option<Stamp>>,
}

impl Scan {
    pub fn of(path: &Path) -> Scan {
        Scan::walk(path, false)
    }

    /// The walk, with every file stamped on the way: a plain file is
    /// stat'ed through its directory (one name to look up, not the whole
    /// path: at 7,000 files, looking up paths was most of the cost).
    pub fn stamped(path: &Path) -> Scan {
        Scan::walk(path, true)
    }

    fn walk(path: &Path, stamp: bool) -> Scan {
        let mut scan = Scan {
            name: path.display().to_string(),
            paths: Vec::new(),
            diagnostics: Vec::new(),
            stamps: Vec::new(),
        };
        let mut walk = Walk {
            seen: HashSet::new(),
            out: &mut scan.paths,
            diags: &mut scan.diagnostics,
            stamps: stamp.then_some(&mut scan.stamps),
        };
        collect_toml(path, 0, &mut walk, true);
        debug_assert!(scan.paths.is_sorted(), "the walk gives paths in order");
        scan
    }
}

/// What a walk gathers.
struct Walk<'a> {
    seen: HashSet<PathBuf>,
    out: &'a mut Vec<PathBuf>,
    diags: &'a mut Vec<Diagnostic>,
    /// When stamping: one per path of `out`.
    stamps: Option<&'a mut Vec<Option<Stamp>>>,
}

impl Walk<'_> {
    fn push(&mut self, path: PathBuf, stamp: impl FnOnce() -> Option<Stamp>) {
        self.out.push(path);
        if let Some(stamps) = &mut self.stamps {
            stamps.push(stamp());
        }
    }
}

/// What the file system says of a file without reading it: enough to tell
/// that it changed. The change time is set by the kernel on every write or
/// rename and cannot be set back by a program, unlike the modification time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified_ns: i128,
    pub changed_ns: i128,
    pub inode: u64,
}

impl Stamp {
    pub fn of(meta: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
            Stamp {
                len: meta.len(),
                modified_ns: ns(meta.mtime(), meta.mtime_nsec()),
                changed_ns: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            Stamp {
                len: meta.len(),
                modified_ns,
                changed_ns: modified_ns,
                inode: 0,
            }
        }
    }

    /// The later of the two times, in nanoseconds since the epoch.
    pub fn newest_ns(&self) -> i128 {
        self.modified_ns.max(self.changed_ns)
    }
}

/// A content file's text, or the diagnostic that stops it being read:
/// exactly what [`Layer::read`] makes of it.
pub fn read_source(p: &Path) -> Result<String, Diagnostic> {
    read_limited(p, &p.display().to_string())
}

fn read_limited(p: &Path, display: &str) -> Result<String, Diagnostic> {
    let unreadable =
        |e: std::io::Error| Diagnostic::file_level(display, format!("cannot read file: {e}"));
    // Open once and ask the open file for its size: a big pack is
    // thousands of files, and each path lookup is a system call.
    let file = fs::File::open(p).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::file_level(
            display,
            format!(
                "file is {} bytes; content files are limited to {} bytes",
                meta.len(),
                MAX_FILE_BYTES
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    // Bounded: a file growing while it is read still stops at the limit.
    file.take(MAX_FILE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    String::from_utf8(bytes).map_err(|e| {
        // Point at the first bad byte: everything before it is valid, so
        // the lossy text agrees with the file up to there.
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let msg = format!(
            "file is not valid UTF-8 (byte 0x{:02x}); content files must be saved as UTF-8",
            bytes.get(at).copied().unwrap_or(0)
        );
        let lossy = String::from_utf8_lossy(&bytes);
        Diagnostic::at(display, &lossy, at..at + 1, msg)
    })
}

fn collect_toml(path: &Path, depth: usize, walk: &mut Walk<'_>, top: bool) {
    let Walk { seen, diags, .. } = walk;
    let shown = path.display().to_string();
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diags.push(Diagnostic::file_level(&shown, format!("cannot read: {e}")));
            return;
        }
    };
    if meta.is_file() {
        // A file named explicitly is taken whatever its extension.
        if top || path.extension().is_some_and(|e| e == "toml") {
            walk.push(path.to_path_buf(), || Some(Stamp::of(&meta)));
        }
        return;
    }
    if !meta.is_dir() {
        return;
    }
    if depth >= MAX_DEPTH {
        diags.push(Diagnostic::file_level(
            &shown,
            format!("directory nesting deeper than {MAX_DEPTH} levels (symlink loop?); skipped"),
        ));
        return;
    }
    // Each directory is read once, however many links lead to it: a
    // directory holding k links to itself would otherwise be walked k^8
    // times before the depth limit stops it.
    if let Ok(real) = fs::canonicalize(path)
        && !seen.insert(real.clone())
    {
        diags.push(Diagnostic::file_level(
            &shown,
            format!(
                "directory {} was already read (symlink loop?); skipped",
                real.display()
            ),
        ));
        return;
    }
    let entries = match fs::read_dir(path) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic::file_level(
                &shown,
                format!("cannot read directory: {e}"),
            ));
            return;
        }
    };
    // Each directory's entries in name order, depth first: that is the
    // order of sorting the whole paths (component by component), without
    // comparing thousands of long paths.
    let mut entries: Vec<fs::DirEntry> = entries.flatten().collect();
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let p = entry.path();
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        // The directory listing already says what a plain file is; only
        // directories and links need a look of their own.
        match entry.file_type() {
            Ok(t) if t.is_file() => {
                if p.extension().is_some_and(|e| e == "toml") {
                    // Not a link (the listing's type is the entry's own),
                    // so the entry's stat is the file's.
                    walk.push(p, || entry.metadata().ok().map(|m| Stamp::of(&m)));
                }
            }
            _ => collect_toml(&p, depth + 1, walk, false),
        }
    }
}
