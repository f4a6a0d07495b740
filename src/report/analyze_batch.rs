//! The report of many ads read at once: a table and a summary of how the
//! titles read; with labels, how often the reader and the title alone are
//! right.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::json;
use unicode_width::UnicodeWidthStr;

use super::Format;
use super::style::Paint;
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

pub fn text(cat: &Catalog, rows: &[Row], card: Option<&Scorecard>, p: Paint) -> String {
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
        let _ = writeln!(out, "\n```\n{}\n```", confusion_lines(c).join("\n"));
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
