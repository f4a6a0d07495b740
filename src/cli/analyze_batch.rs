//! `roledex analyze FILE... | DIR [--labels LABELS.tsv]`: many ads at once,
//! read on all cores, reported as a table and a summary.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::error::{CliError, CliResult};
use super::output::print;
use crate::analyze::batch::{self, Label, Row, Scorecard, Scored};
use crate::analyze::{Analysis, Reader};
use crate::catalog::Catalog;
use crate::report::Format;
use crate::report::analyze_batch::render;
use crate::report::style::Paint;

/// Progress goes to stderr once a batch has taken this long.
const PROGRESS_AFTER: Duration = Duration::from_millis(500);

/// One ad read, or why it could not be.
type Read = Result<(Row, Analysis), String>;

/// An unreadable file is reported and skipped; exit 1 only when no ad at
/// all could be read.
pub fn run(
    cat: &Catalog,
    paths: &[PathBuf],
    labels: Option<&Path>,
    (fmt, paint): (Format, Paint),
) -> CliResult {
    let labels = labels
        .map(read_labels)
        .transpose()
        .map_err(CliError::NotFound)?;
    let mut paths = paths.to_vec();
    if paths.is_empty() {
        // `--labels DIR/LABELS.tsv` alone reads the ads beside it.
        if let Some(dir) = labels.as_ref().map(|(p, _)| p.clone()) {
            paths.push(dir);
        }
    }
    let (files, mut errors) = batch::expand(&paths);
    if files.is_empty() {
        for e in &errors {
            eprintln!("error: {e}");
        }
        return Err(CliError::NotFound("no job ads to read".into()));
    }
    let reader = Reader::new(cat);
    let reads = read_all(cat, &reader, &files);
    let mut rows: Vec<Row> = Vec::new();
    for (file, r) in files.iter().zip(reads) {
        match r {
            Ok((row, _)) => rows.push(row),
            Err(e) => {
                eprintln!("warning: {}: {e} (skipped)", file.display());
                errors.push(format!("{}: {e}", file.display()));
            }
        }
    }
    let card = labels.as_ref().map(|(_, l)| score(&rows, l));
    print(&render(cat, &rows, card.as_ref(), fmt, paint))?;
    if rows.is_empty() {
        return Err(CliError::NotFound("none of the ads could be read".into()));
    }
    Ok(())
}

fn read_labels(path: &Path) -> Result<(PathBuf, Vec<Label>), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let labels = batch::parse_labels(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    Ok((dir, labels))
}

/// Reads every file on all cores, in file order; progress on stderr when
/// it takes more than a moment and stderr is a terminal.
fn read_all(cat: &Catalog, reader: &Reader, files: &[PathBuf]) -> Vec<Read> {
    let started = Instant::now();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let show = std::io::stderr().is_terminal();
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(workers).max(1);
    let reads: Vec<Read> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                let done = &done;
                s.spawn(move || {
                    part.iter()
                        .map(|f| {
                            let r = read_one(cat, reader, f);
                            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                            if show && started.elapsed() > PROGRESS_AFTER && n.is_multiple_of(10) {
                                eprint!("\rread {n}/{} ads…", files.len());
                            }
                            r
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    if show && started.elapsed() > PROGRESS_AFTER {
        eprintln!(
            "\rread {} ads in {:.1} s",
            files.len(),
            started.elapsed().as_secs_f64()
        );
    }
    reads
}

fn read_one(cat: &Catalog, reader: &Reader, file: &Path) -> Read {
    let (bytes, _) = super::ad_file::read(Some(file))?;
    let a = reader
        .analyze_bytes(cat, &bytes)
        .map_err(|e| e.to_string())?;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok((Row::of(cat, name, &a), a))
}

fn score(rows: &[Row], labels: &[Label]) -> Scorecard {
    let by_file: BTreeMap<&str, &Label> = labels.iter().map(|l| (l.file.as_str(), l)).collect();
    let titled: Vec<String> = rows
        .iter()
        .map(|r| r.title_role.clone().unwrap_or_else(|| "none".into()))
        .collect();
    batch::scorecard(rows.iter().zip(&titled).filter_map(|(r, t)| {
        by_file.get(r.file.as_str()).map(|l| Scored {
            label: l,
            answer: &r.answer,
            confidence: r.confidence,
            flagged: r.title_mismatch,
            title_answer: t,
        })
    }))
}
