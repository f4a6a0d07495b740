//! Reading a job ad's bytes from a file or standard input, capped.

use std::io::Read;
use std::path::Path;

/// More than this is never read: the analyzer looks at the first
/// [`crate::analyze::MAX_ANALYSED_BYTES`] only, and a pipe that never ends
/// must not hang us.
pub const READ_CAP: u64 = 32 * 1024 * 1024;

/// Reads the file, or standard input when there is none.
pub fn read(file: Option<&Path>) -> Result<(Vec<u8>, String), String> {
    let mut bytes = Vec::new();
    let Some(path) = file else {
        std::io::stdin()
            .lock()
            .take(READ_CAP)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok((bytes, "standard input".to_string()));
    };
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(format!("{shown} is a directory; give the job ad's file"));
    }
    std::fs::File::open(path)
        .and_then(|f| f.take(READ_CAP).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    Ok((bytes, shown))
}
