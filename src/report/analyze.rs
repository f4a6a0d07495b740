//! `roledex analyze`: reading the input and the three reports of an
//! [`Analysis`]; many ads at once are in [`super::analyze_batch`].

use std::fmt::Write as _;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::Format;
use super::style::{Paint, wrap};
use crate::analyze::{Analysis, Analyzer, Evidence};
use crate::catalog::Catalog;
use crate::cli::exit;
// The words and the Markdown are shared with the interactive UI.
use crate::document::reading::{
    SHOW_BEST, SHOW_OTHER, class_title, input_note, markdown, mismatch_warning, percent, place,
    role_title, shorten, shown_roles, verdict,
};

const WIDTH: usize = 100;
const BAR: usize = 20;
/// More than this is never read: the analyzer looks at the first
/// [`crate::analyze::MAX_ANALYSED_BYTES`] only, and a pipe that never ends
/// must not hang us.
pub const READ_CAP: u64 = 32 * 1024 * 1024;

/// Reads the ads from `files` (standard input for `-` or nothing), analyses
/// them and prints the report: one ad in full, several (or a directory) as
/// a table. Exit codes: 0 analysed (whatever the confidence), 1 empty,
/// binary or unreadable input, 2 no input given on a terminal.
pub fn run(
    cat: &Catalog,
    files: &[PathBuf],
    labels: Option<&Path>,
    fmt: Format,
    paint: Paint,
) -> ExitCode {
    let many = files.len() > 1 || files.iter().any(|f| f.is_dir()) || labels.is_some();
    if many {
        return super::analyze_batch::run(cat, files, labels, fmt, paint);
    }
    let file = files.first().map(PathBuf::as_path);
    if file.is_none() && std::io::stdin().is_terminal() {
        eprintln!(
            "error: no job ad given\n  usage: roledex analyze FILE... | DIR\n     \
             or: <command> | roledex analyze -\n  \
             (save the ad as plain text or Markdown, or pipe it in)"
        );
        return ExitCode::from(exit::USAGE);
    }
    let (bytes, name) = match read(file.filter(|f| *f != Path::new("-"))) {
        Ok(b) => b,
        Err(msg) => {
            eprintln!("error: {msg}");
            return ExitCode::from(exit::NOT_FOUND);
        }
    };
    let analyzer = Analyzer::new(cat);
    let analysis = match analyzer.analyze_bytes(&bytes) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {name}: {e}");
            return ExitCode::from(exit::NOT_FOUND);
        }
    };
    let out = match fmt {
        Format::Text => text(cat, &analysis, paint),
        Format::Json => serde_json::to_string_pretty(&to_json(cat, &analysis))
            .expect("JSON values always serialise"),
        Format::Markdown => markdown(cat, &analysis),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`roledex analyze ad.txt | head`) is not worth a panic.
    let _ = std::io::Write::write_all(&mut stdout, out.as_bytes());
    if !out.ends_with('\n') {
        let _ = std::io::Write::write_all(&mut stdout, b"\n");
    }
    ExitCode::from(exit::OK)
}

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

fn role_id(cat: &Catalog, r: Option<usize>) -> Value {
    r.and_then(|r| cat.roles.get(r))
        .map_or(Value::Null, |r| Value::String(r.id.clone()))
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

// -------------------------------------------------------------------- text

/// Wraps `text` with the chars at `indices` highlighted, measuring width
/// on the plain text so escape codes do not shorten lines.
fn wrap_highlighted(text: &str, indices: &[usize], width: usize, indent: &str, p: Paint) -> String {
    let mut out = String::new();
    let mut col = indent.width();
    let mut pos = 0;
    let mut first = true;
    for word in text.split(' ') {
        let n = word.chars().count();
        if word.is_empty() {
            pos += 1;
            continue;
        }
        let local: Vec<usize> = indices
            .iter()
            .filter(|&&i| i >= pos && i < pos + n)
            .map(|i| i - pos)
            .collect();
        let w = word.width();
        if !first && col + 1 + w > width {
            out.push('\n');
            out.push_str(indent);
            col = indent.width();
        } else if !first {
            out.push(' ');
            col += 1;
        }
        out.push_str(&p.highlight(word, &local));
        col += w;
        first = false;
        pos += n + 1;
    }
    out
}

fn evidence_line(e: &Evidence, p: Paint) -> String {
    let sign = if e.weight >= 0.0 { "+" } else { "−" };
    let head = format!(
        "    {} {} {}",
        p.accent(&format!("{:<6}", e.kind.label())),
        p.bold(&shorten(&e.matched, 64)),
        p.dim(&format!(
            "{sign}{:.2}  ({})",
            e.weight.abs(),
            e.part.label()
        ))
    );
    let indent = "      ";
    let label = format!("line {}:", e.line);
    // The label shares the first line with the text.
    let width = WIDTH - label.len() - 1;
    let body = wrap_highlighted(&e.ad_text, &e.highlight_indices(), width, indent, p);
    format!("{head}\n{indent}{} {body}", p.dim(&label))
}

fn bar(p: f64, on: bool, paint: Paint) -> String {
    let filled = (p * BAR as f64).round().clamp(0.0, BAR as f64) as usize;
    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR - filled));
    if on {
        paint.good(&bar)
    } else {
        paint.dim(&bar)
    }
}

pub fn text(cat: &Catalog, a: &Analysis, p: Paint) -> String {
    let mut out = String::new();
    let title = match (&a.title, a.title_roles.is_empty()) {
        (Some(t), false) => {
            let names: Vec<&str> = a.title_roles.iter().map(|&r| role_title(cat, r)).collect();
            format!(
                "{} {}",
                p.bold(t),
                p.dim(&format!("(names {})", names.join(" and ")))
            )
        }
        (Some(t), true) => format!("{} {}", p.bold(t), p.dim("(names none of the roles)")),
        (None, _) => p.dim("(no title found)"),
    };
    let _ = writeln!(out, "{}  {title}", p.heading("Title:"));
    let _ = writeln!(
        out,
        "{}  {}",
        p.heading("Reads like:"),
        p.bold(&verdict(cat, a))
    );
    let (audience, layer) = place(a);
    let _ = writeln!(
        out,
        "{}  {}",
        p.heading("Place:"),
        wrap(
            &format!("who it serves: {audience} · layer: {layer}"),
            WIDTH - 8,
            "        "
        )
    );
    if let Some(w) = mismatch_warning(cat, a) {
        let _ = writeln!(out, "\n{} {}", p.bad("!"), p.bad(&wrap(&w, WIDTH, "  ")));
    }

    let _ =
        writeln!(
        out,
        "\n{} {}",
        p.heading("READINGS"),
        p.dim("(how likely the duties describe each role, by a model trained on labelled real ads)")
    );
    let name_w = a
        .ranking
        .iter()
        .map(|&r| role_title(cat, r).width())
        .chain(std::iter::once("none of these roles".width()))
        .max()
        .unwrap_or(0);
    let rows = a.readings();
    for (r, prob) in rows {
        let best = r == a.best;
        let name = format!("{:name_w$}", class_title(cat, r));
        let name = if best { p.bold(&name) } else { name };
        let _ = writeln!(out, "  {} {:>4}  {name}", bar(prob, best, p), percent(prob));
    }

    let mut sections: Vec<(String, Vec<&Evidence>)> = Vec::new();
    if a.best.is_none() {
        sections.push((
            "WHY NONE OF THESE ROLES".into(),
            a.evidence_for_none(SHOW_BEST).collect(),
        ));
    }
    for (k, &r) in shown_roles(a).iter().enumerate() {
        let n = if k == 0 && a.best.is_some() {
            SHOW_BEST
        } else {
            SHOW_OTHER
        };
        let head = if k == 0 && a.best.is_some() {
            format!("WHY {}", role_title(cat, r).to_uppercase())
        } else {
            format!("ALSO LIKE {}", role_title(cat, r).to_uppercase())
        };
        sections.push((head, a.evidence_for(r, n).collect()));
        if k == 0 && a.best.is_some() {
            let against: Vec<&Evidence> = a.evidence_against(r, SHOW_OTHER).collect();
            sections.push((
                format!("AGAINST {}", role_title(cat, r).to_uppercase()),
                against,
            ));
        }
    }
    for (head, items) in sections {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", p.heading(&head));
        for e in items {
            let _ = writeln!(out, "{}", evidence_line(e, p));
        }
    }
    if !a.ruled_out.is_empty() {
        let _ = writeln!(
            out,
            "\n{} {}",
            p.heading("NOT COUNTED"),
            p.dim("(ruled out, or handed to another team)")
        );
        for r in a.ruled_out.iter().take(SHOW_OTHER) {
            let idx: Vec<usize> = r.ranges.iter().flat_map(|x| x.clone()).collect();
            let _ = writeln!(
                out,
                "    {}\n      {} {}",
                p.bold(&r.matched),
                p.dim(&format!("line {}:", r.line)),
                wrap_highlighted(&r.ad_text, &idx, WIDTH - 12, "      ", p)
            );
        }
    }

    if !a.questions.is_empty() {
        let _ = writeln!(out, "\n{}", p.heading("QUESTIONS TO ASK"));
        for (i, q) in a.questions.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {}",
                i + 1,
                p.bold(&wrap(&q.question, WIDTH, "     "))
            );
            for ans in &q.answers {
                let role = ans.suggests.map_or("?", |r| role_title(cat, r));
                let _ = writeln!(
                    out,
                    "     {} {} {}",
                    p.dim("–"),
                    wrap(&ans.answer, WIDTH - 30, "       "),
                    p.accent(&format!("→ {role}"))
                );
            }
            if let Some(why) = &q.why {
                let _ = writeln!(out, "     {}", p.dim(&wrap(why, WIDTH, "     ")));
            }
        }
    }
    if let Some(n) = input_note(a) {
        let _ = writeln!(out, "\n{} {n}", p.dim("note:"));
    }
    out
}

// -------------------------------------------------------------------- json

pub fn to_json(cat: &Catalog, a: &Analysis) -> Value {
    let id = |r: usize| role_id(cat, Some(r));
    json!({
        "title": a.title,
        "title_role": role_id(cat, a.title_role),
        "title_roles": a.title_roles.iter().map(|&r| id(r)).collect::<Vec<_>>(),
        "best": role_id(cat, a.best),
        "reads_as": a.best.map_or_else(|| Value::String("none".into()), id),
        "confidence": a.confidence.label(),
        "probability": round(a.best_probability()),
        "title_mismatch": a.title_mismatch,
        "warning": mismatch_warning(cat, a),
        "audience": round(a.audience),
        "layer": round(a.layer),
        "none_probability": round(a.none_probability),
        "scores": a.ranking.iter().map(|&r| {
            let s = &a.scores[r];
            json!({
                "role": id(r),
                "title": role_title(cat, r),
                "probability": round(s.probability),
            })
        }).collect::<Vec<_>>(),
        "evidence": a.evidence.iter().map(|e| json!({
            "role": e.role.map_or_else(|| Value::String("none".into()), id),
            "kind": e.kind.label(),
            "matched": e.matched,
            "ad_text": e.ad_text,
            "line": e.line,
            "part": e.part.id(),
            "ranges": e.ranges.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>(),
            "weight": round(e.weight),
        })).collect::<Vec<_>>(),
        "ruled_out": a.ruled_out.iter().map(|r| json!({
            "matched": r.matched,
            "ad_text": r.ad_text,
            "line": r.line,
        })).collect::<Vec<_>>(),
        "parts": a.parts.iter().map(|(p, n)| json!({"part": p.id(), "sentences": n})).collect::<Vec<_>>(),
        "questions": a.questions.iter().map(|q| json!({
            "question": q.question,
            "source": q.source,
            "why": q.why,
            "role": q.role.map(id),
            "answers": q.answers.iter().map(|ans| json!({
                "answer": ans.answer,
                "suggests": role_id(cat, ans.suggests),
                "meaning": ans.meaning,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "input": {
            "bytes": a.input.bytes,
            "analysed_bytes": a.input.analysed_bytes,
            "sentences": a.input.sentences,
            "truncated": a.input.truncated,
            "lossy": a.input.lossy,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Confidence, EvidenceKind};
    use crate::document::reading::md_highlight;

    #[test]
    fn highlighted_wrap_measures_plain_width() {
        let p = Paint { on: true };
        let text = "build golden paths for every team in the whole company today";
        let out = wrap_highlighted(text, &(6..18).collect::<Vec<_>>(), 30, "  ", p);
        for line in out.lines() {
            let plain: String = strip_ansi(line);
            assert!(plain.width() <= 30, "{plain:?}");
        }
        assert!(out.contains("\x1b[1;33mg\x1b[0m"));
        assert_eq!(strip_ansi(&out).replace("\n  ", " "), text);
    }

    fn strip_ansi(s: &str) -> String {
        let mut out = String::new();
        let mut esc = false;
        for c in s.chars() {
            match (esc, c) {
                (false, '\x1b') => esc = true,
                (true, 'm') => esc = false,
                (true, _) => {}
                (false, c) => out.push(c),
            }
        }
        out
    }

    #[test]
    fn markdown_highlight_bolds_ranges_and_escapes() {
        let e = Evidence {
            role: Some(0),
            kind: EvidenceKind::Signal,
            matched: "x".into(),
            ad_text: "Build *golden paths* for_all".into(),
            line: 1,
            part: crate::analyze::Part::Duties,
            ranges: std::iter::once(7..19).collect(),
            weight: 1.0,
        };
        assert_eq!(md_highlight(&e), "Build \\***golden paths**\\* for\\_all");
    }

    #[test]
    fn confidence_labels_are_the_documented_ones() {
        let labels: Vec<&str> = [Confidence::High, Confidence::Medium, Confidence::Low]
            .iter()
            .map(|c| c.label())
            .collect();
        assert_eq!(labels, ["high", "medium", "low"]);
    }
}
