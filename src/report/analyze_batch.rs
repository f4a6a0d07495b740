//! `roledex analyze FILE... | DIR [--labels LABELS.tsv]`: many ads at once,
//! as a table and a summary of how the titles read; with labels, how often
//! the reader and the title alone are right.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::json;
use unicode_width::UnicodeWidthStr;

use super::Format;
use super::style::Paint;
use crate::analyze::batch::{self, Label, Row, Scorecard, Scored};
use crate::analyze::{Analysis, Reader};
use crate::catalog::Catalog;
use crate::cli::exit;

/// Progress goes to stderr once a batch has taken this long.
const PROGRESS_AFTER: Duration = Duration::from_millis(500);

/// One ad read, or why it could not be.
type Read = Result<(Row, Analysis), String>;

pub fn run(
    cat: &Catalog,
    paths: &[PathBuf],
    labels: Option<&Path>,
    fmt: Format,
    paint: Paint,
) -> ExitCode {
    let labels = match labels.map(read_labels).transpose() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(exit::NOT_FOUND);
        }
    };
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
        eprintln!("error: no job ads to read");
        return ExitCode::from(exit::NOT_FOUND);
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
    let out = match fmt {
        Format::Text => text(cat, &rows, card.as_ref(), paint),
        Format::Json => serde_json::to_string_pretty(&to_json(&rows, card.as_ref()))
            .expect("JSON values always serialise"),
        Format::Markdown => markdown(&rows, card.as_ref()),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = std::io::Write::write_all(&mut stdout, out.as_bytes());
    if rows.is_empty() {
        return ExitCode::from(exit::NOT_FOUND);
    }
    ExitCode::from(exit::OK)
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
    let (bytes, _) = super::analyze::read(Some(file))?;
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

fn cut(s: &str, w: usize) -> String {
    if s.width() <= w {
        return format!("{s:w$}");
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + 2 > w {
            break;
        }
        out.push(c);
    }
    out.push('…');
    format!("{out:w$}")
}

fn agrees(r: &Row) -> &'static str {
    if r.title_roles.is_empty() {
        "—"
    } else if r.title_agrees() {
        "yes"
    } else {
        "no"
    }
}

/// "Of 12 ads titled DevOps, 5 read as Platform work."
fn summary_lines(rows: &[Row]) -> Vec<String> {
    let mut out = Vec::new();
    for (titled, reads) in batch::by_title(rows) {
        let n: usize = reads.values().sum();
        let mut parts: Vec<(usize, &String)> = reads.iter().map(|(k, v)| (*v, k)).collect();
        parts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let list: Vec<String> = parts
            .iter()
            .map(|(k, role)| format!("{k} read as {role}"))
            .collect();
        let head = if titled == "(no role)" {
            format!("Of {n} ads whose title names none of the roles")
        } else {
            format!("Of {n} ads titled {titled}")
        };
        out.push(format!("{head}: {}.", list.join(", ")));
    }
    out
}

fn confusion_lines(c: &Scorecard) -> Vec<String> {
    let mut cols: Vec<&String> = c.confusion.values().flat_map(BTreeMap::keys).collect();
    cols.extend(c.confusion.keys());
    cols.sort();
    cols.dedup();
    let w = cols.iter().map(|c| c.width()).max().unwrap_or(4).max(5);
    let mut out = vec![format!(
        "{:w$}  {}",
        "labelled ↓ / read →",
        cols.iter()
            .map(|c| format!("{:>w$}", cut(c, w).trim_end()))
            .collect::<Vec<_>>()
            .join(" ")
    )];
    for (label, row) in &c.confusion {
        let cells: Vec<String> = cols
            .iter()
            .map(|col| format!("{:>w$}", row.get(*col).copied().unwrap_or(0)))
            .collect();
        out.push(format!(
            "{:w$}  {}",
            label,
            cells.join(" "),
            w = "labelled ↓ / read →".width()
        ));
    }
    out
}

fn text(cat: &Catalog, rows: &[Row], card: Option<&Scorecard>, p: Paint) -> String {
    let _ = cat;
    let mut out = String::new();
    let file_w = rows
        .iter()
        .map(|r| r.file.width())
        .max()
        .unwrap_or(4)
        .clamp(4, 44);
    let _ = writeln!(
        out,
        "{}",
        p.heading(&format!(
            "{:file_w$}  {:32}  {:15}  {:10}  {}",
            "FILE", "TITLE", "READS AS", "CONFIDENCE", "TITLE AGREES"
        ))
    );
    for r in rows {
        let title = r.title.as_deref().unwrap_or("(no title)");
        let agree = agrees(r);
        let agree = if agree == "no" {
            p.bad(agree)
        } else {
            agree.to_string()
        };
        let _ = writeln!(
            out,
            "{}  {}  {:15}  {:10}  {agree}",
            cut(&r.file, file_w),
            cut(title, 32),
            r.answer,
            format!("{} {:.0}%", r.confidence.label(), 100.0 * r.probability),
        );
    }
    let _ = writeln!(out, "\n{}", p.heading("SUMMARY"));
    for l in summary_lines(rows) {
        let _ = writeln!(out, "  {}", super::style::wrap(&l, 98, "    "));
    }
    if let Some(c) = card {
        let _ = writeln!(
            out,
            "\n{} {}",
            p.heading("AGAINST THE LABELS"),
            p.dim(&format!("({} labelled ads read)", c.ads))
        );
        for l in c.lines() {
            let _ = writeln!(out, "  {l}");
        }
        let _ = writeln!(out);
        for l in confusion_lines(c) {
            let _ = writeln!(out, "  {l}");
        }
    }
    out
}

fn markdown(rows: &[Row], card: Option<&Scorecard>) -> String {
    let mut out = String::from(
        "| File | Title | Reads as | Confidence | Title agrees |\n|---|---|---|---|---|\n",
    );
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} ({:.0}%) | {} |",
            r.file.replace('|', "\\|"),
            r.title.as_deref().unwrap_or("").replace('|', "\\|"),
            r.answer,
            r.confidence.label(),
            100.0 * r.probability,
            agrees(r)
        );
    }
    let _ = writeln!(out, "\n## Summary\n");
    for l in summary_lines(rows) {
        let _ = writeln!(out, "- {l}");
    }
    if let Some(c) = card {
        let _ = writeln!(out, "\n## Against the labels\n");
        for l in c.lines() {
            let _ = writeln!(out, "- {l}");
        }
        let _ = writeln!(out, "\n```\n{}\n```", confusion_lines(c).join("\n"));
    }
    out
}

fn to_json(rows: &[Row], card: Option<&Scorecard>) -> serde_json::Value {
    json!({
        "ads": rows.iter().map(|r| json!({
            "file": r.file,
            "title": r.title,
            "reads_as": r.answer,
            "confidence": r.confidence.label(),
            "probability": (r.probability * 1000.0).round() / 1000.0,
            "title_roles": r.title_roles,
            "title_agrees": if r.title_roles.is_empty() { serde_json::Value::Null } else { r.title_agrees().into() },
            "title_mismatch": r.title_mismatch,
        })).collect::<Vec<_>>(),
        "summary": batch::by_title(rows),
        "labels": card.map(|c| json!({
            "ads": c.ads,
            "right": c.right,
            "title_right": c.title_right,
            "core_ads": c.core_ads,
            "core_right": c.core_right,
            "core_title_right": c.core_title_right,
            "misleading": c.misleading,
            "misleading_flagged": c.misleading_flagged,
            "honest": c.honest,
            "false_alarms": c.false_alarms,
            "none_ads": c.none_ads,
            "none_right": c.none_right,
            "high": c.high,
            "high_right": c.high_right,
            "confusion": c.confusion,
        })),
    })
}
