//! `roledex analyze`: one ad from a file or standard input, read in full;
//! several files or a directory go to [`super::analyze_batch`].

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::ad_file::read;
use super::error::{CliError, CliResult};
use super::output::print;
use crate::analyze::Analyzer;
use crate::catalog::Catalog;
use crate::report::Format;
use crate::report::analyze::render;
use crate::report::style::Paint;

/// Exit codes: 0 analysed (whatever the confidence), 1 empty, binary or
/// unreadable input, 2 no input given on a terminal.
pub fn run(
    cat: &Catalog,
    files: &[PathBuf],
    labels: Option<&Path>,
    (fmt, paint): (Format, Paint),
) -> CliResult {
    let many = files.len() > 1 || files.iter().any(|f| f.is_dir()) || labels.is_some();
    if many {
        return super::analyze_batch::run(cat, files, labels, (fmt, paint));
    }
    let file = files.first().map(PathBuf::as_path);
    if file.is_none() && std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "no job ad given\n  usage: roledex analyze FILE... | DIR\n     \
             or: <command> | roledex analyze -\n  \
             (save the ad as plain text or Markdown, or pipe it in)"
                .into(),
        ));
    }
    let (bytes, name) = read(file.filter(|f| *f != Path::new("-"))).map_err(CliError::NotFound)?;
    let analysis = Analyzer::new(cat)
        .analyze_bytes(&bytes)
        .map_err(|e| CliError::NotFound(format!("{name}: {e}")))?;
    print(&render(cat, &analysis, fmt, paint))
}
