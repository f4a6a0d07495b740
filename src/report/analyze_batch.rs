//! The report of many ads read at once: a table and a summary of how the
//! titles read; with labels, how often the reader and the title alone are
//! right.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::json;
use unicode_width::UnicodeWidthStr;

use super::Format;
use super::style::{Paint, width, wrap_from};
use crate::analyze::batch::{self, Row, Scorecard};
use crate::catalog::Catalog;

/// The batch report in `fmt`.
pub fn render(
    cat: &Catalog,
    rows: &[Row],
    card: Option<&Scorecard>,
    fmt: Format,
    p: Paint,
) -> String {
    match fmt {
        Format::Text => text(cat, rows, card, p),
        Format::Json => serde_json::to_string_pretty(&to_json(rows, card))
            .expect("JSON values always serialise"),
        Format::Markdown => markdown(rows, card),
    }
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
    match r.title_agrees {
        None => "—",
        Some(true) => "yes",
        Some(false) => "no",
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

/// The matrix, its columns narrowed (names cut) to fit `room` columns.
fn confusion_lines(c: &Scorecard, room: usize) -> Vec<String> {
    let mut cols: Vec<&String> = c.confusion.values().flat_map(BTreeMap::keys).collect();
    cols.extend(c.confusion.keys());
    cols.sort();
    cols.dedup();
    let natural = cols.iter().map(|c| c.width()).max().unwrap_or(4).max(5);
    let label_w = "labelled ↓ / read →".width();
    let fit = room.saturating_sub(label_w + 2) / cols.len().max(1);
    if fit < 4 {
        // Too narrow for columns: each label's non-zero cells in words.
        return c
            .confusion
            .iter()
            .map(|(label, row)| {
                let cells: Vec<String> = row
                    .iter()
                    .filter(|(_, n)| **n > 0)
                    .map(|(read, n)| format!("{n} read as {read}"))
                    .collect();
                let line = format!("labelled {label}: {}", cells.join(", "));
                super::style::wrap_from(&line, room, 0, "    ")
            })
            .collect();
    }
    let w = natural.min(fit - 1).max(3);
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

/// Columns of the table other than file and title: READS AS, CONFIDENCE
/// and TITLE AGREES with their gaps.
const FIXED_COLUMNS: usize = 2 + 15 + 2 + 10 + 2 + 12;
/// Below this much room for file and title, each ad takes two lines.
const MIN_NAMES: usize = 30;

pub fn text(cat: &Catalog, rows: &[Row], card: Option<&Scorecard>, p: Paint) -> String {
    let _ = cat;
    let mut out = String::new();
    let mut file_w = rows
        .iter()
        .map(|r| r.file.width())
        .max()
        .unwrap_or(4)
        .clamp(4, 44);
    let mut title_w = 32;
    let room = width().saturating_sub(FIXED_COLUMNS);
    let table = room >= MIN_NAMES;
    if table && file_w + 2 + title_w > room {
        // Narrower: file and title give up columns in proportion.
        let both = room - 2;
        file_w = (both * file_w / (file_w + title_w)).max(8);
        title_w = both - file_w;
    }
    let agree_of = |r: &Row| match agrees(r) {
        "no" => p.bad("no"),
        a => a.to_string(),
    };
    let confidence = |r: &Row| format!("{} {:.0}%", r.confidence.label(), 100.0 * r.probability);
    if table {
        let _ = writeln!(
            out,
            "{}",
            p.heading(&format!(
                "{:file_w$}  {:title_w$}  {:15}  {:10}  {}",
                "FILE", "TITLE", "READS AS", "CONFIDENCE", "TITLE AGREES"
            ))
        );
    }
    for r in rows {
        let title = r.title.as_deref().unwrap_or("(no title)");
        if table {
            let _ = writeln!(
                out,
                "{}  {}  {:15}  {:10}  {}",
                cut(&r.file, file_w),
                cut(title, title_w),
                r.answer,
                confidence(r),
                agree_of(r),
            );
        } else {
            // Too narrow for columns: the file, then what it reads as.
            let w = width();
            let line = format!(
                "{title} · reads as {} ({}) · title agrees: {}",
                r.answer,
                confidence(r),
                agrees(r)
            );
            let line = wrap_from(&line, w, 2, "    ");
            let line = match line.strip_suffix(": no") {
                Some(head) => format!("{head}: {}", p.bad("no")),
                None => line,
            };
            let _ = writeln!(out, "{}\n  {line}", p.bold(cut(&r.file, w).trim_end()));
        }
    }
    let _ = writeln!(out, "\n{}", p.heading("SUMMARY"));
    for l in summary_lines(rows) {
        let _ = writeln!(out, "  {}", wrap_from(&l, width(), 2, "    "));
    }
    if let Some(c) = card {
        let _ = writeln!(
            out,
            "\n{} {}",
            p.heading("AGAINST THE LABELS"),
            p.dim(&wrap_from(
                &format!("({} labelled ads read)", c.ads),
                width(),
                19,
                "  "
            ))
        );
        for l in c.lines() {
            let _ = writeln!(out, "  {}", wrap_from(&l, width(), 2, "    "));
        }
        let _ = writeln!(out);
        for l in confusion_lines(c, width().saturating_sub(2)) {
            let _ = writeln!(out, "  {l}");
        }
    }
    out
}

pub fn markdown(rows: &[Row], card: Option<&Scorecard>) -> String {
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
        let _ = writeln!(
            out,
            "\n```\n{}\n```",
            confusion_lines(c, usize::MAX).join("\n")
        );
    }
    out
}

pub fn to_json(rows: &[Row], card: Option<&Scorecard>) -> serde_json::Value {
    json!({
        "ads": rows.iter().map(|r| json!({
            "file": r.file,
            "title": r.title,
            "reads_as": r.answer,
            "confidence": r.confidence.label(),
            "probability": (r.probability * 1000.0).round() / 1000.0,
            "title_roles": r.title_roles,
            "title_claims": r.title_claims,
            "title_agrees": r.title_agrees,
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
