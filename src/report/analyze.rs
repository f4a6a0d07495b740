//! The three reports of one [`Analysis`]; many ads at once are in
//! [`super::analyze_batch`].

use std::fmt::Write as _;

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::Format;
use super::style::{Paint, width, wrap, wrap_from, wrap_marked};
use crate::analyze::{Analysis, Evidence};
use crate::catalog::Catalog;
// The words and the Markdown are shared with the interactive UI.
use crate::document::reading::{
    SHOW_OTHER, Section, class_title, evidence_sections, input_note, markdown, mismatch_warning,
    percent, place, role_title, short_note, shorten, verdict,
};

/// The report of one ad in `fmt`.
pub fn render(cat: &Catalog, a: &Analysis, fmt: Format, p: Paint) -> String {
    match fmt {
        Format::Text => text(cat, a, p),
        Format::Json => {
            serde_json::to_string_pretty(&to_json(cat, a)).expect("JSON values always serialise")
        }
        Format::Markdown => markdown(cat, a),
    }
}

const BAR: usize = 20;

fn role_id(cat: &Catalog, r: Option<usize>) -> Value {
    r.and_then(|r| cat.roles.get(r))
        .map_or(Value::Null, |r| Value::String(r.id.clone()))
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// `s` in at most `w` columns, with `…` where it was cut.
fn cut(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + c.to_string().width() + 1 > w {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
// -------------------------------------------------------------------- text

fn evidence_line(e: &Evidence, p: Paint) -> String {
    let sign = if e.weight >= 0.0 { "+" } else { "−" };
    let tail = format!("{sign}{:.2}  ({})", e.weight.abs(), e.part.label());
    let matched = shorten(&e.matched, 64);
    let whole = wrap_from(&format!("{matched} {tail}"), width(), 11, "           ");
    let (matched, tail) = match whole.strip_suffix(tail.as_str()) {
        Some(m) => (p.bold(m), p.dim(&tail)),
        None => (whole, String::new()),
    };
    let head = format!(
        "    {} {matched}{tail}",
        p.accent(&format!("{:<6}", e.kind.label()))
    );
    format!(
        "{head}\n{}",
        ad_line(e.line, &e.ad_text, &e.highlight_indices(), p)
    )
}

/// "      line 12: the ad's words", the matched ones marked.
fn ad_line(line: usize, text: &str, indices: &[usize], p: Paint) -> String {
    let indent = "      ";
    let label = format!("line {line}:");
    let start = indent.len() + label.len() + 1;
    let body = wrap_marked(text, indices, (width(), start), indent, p);
    format!("{indent}{} {body}", p.dim(&label))
}

fn bar(p: f64, len: usize, on: bool, paint: Paint) -> String {
    let filled = (p * len as f64).round().clamp(0.0, len as f64) as usize;
    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(len - filled));
    if on {
        paint.good(&bar)
    } else {
        paint.dim(&bar)
    }
}

pub fn text(cat: &Catalog, a: &Analysis, p: Paint) -> String {
    let mut out = String::new();
    let titled = |t: &str, names: &str| {
        let whole = wrap_from(&format!("{t} {names}"), width(), 8, "    ");
        match whole.strip_suffix(names) {
            Some(t) => format!("{}{}", p.bold(t), p.dim(names)),
            None => whole,
        }
    };
    let title = match (&a.title, a.title_roles.is_empty()) {
        (Some(t), false) => {
            let names: Vec<&str> = a.title_roles.iter().map(|&r| role_title(cat, r)).collect();
            titled(t, &format!("(names {})", names.join(" and ")))
        }
        (Some(t), true) => titled(t, "(names none of the roles)"),
        (None, _) => p.dim("(no title found)"),
    };
    let _ = writeln!(out, "{}  {title}", p.heading("Title:"));
    let _ = writeln!(
        out,
        "{}  {}",
        p.heading("Reads like:"),
        p.bold(&wrap_from(&verdict(cat, a), width(), 13, "    "))
    );
    let (audience, layer) = place(a);
    let _ = writeln!(
        out,
        "{}  {}",
        p.heading("Place:"),
        wrap(
            &format!("who it serves: {audience} · layer: {layer}"),
            width(),
            "        "
        )
    );
    if let Some(w) = mismatch_warning(cat, a) {
        let _ = writeln!(out, "\n{} {}", p.bad("!"), p.bad(&wrap(&w, width(), "  ")));
    }
    if let Some(n) = short_note(a) {
        let _ = writeln!(out, "\n{} {}", p.bad("!"), wrap(&n, width(), "  "));
    }

    let caption =
        "(how likely the duties describe each role, by a model trained on labelled real ads)";
    let _ = writeln!(
        out,
        "\n{} {}",
        p.heading("READINGS"),
        p.dim(&wrap_from(caption, width(), 9, "  "))
    );
    let name_w = a
        .ranking
        .iter()
        .map(|&r| role_title(cat, r).width())
        .chain(std::iter::once("none of these roles".width()))
        .max()
        .unwrap_or(0);
    // "  ████ 100%  name": the bar gives way first, then the name.
    let bar_w = width().saturating_sub(9 + name_w).clamp(5, BAR);
    let name_room = width().saturating_sub(9 + bar_w).max(4);
    let rows = a.readings();
    for (r, prob) in rows {
        let best = r == a.best;
        let name = cut(&class_title(cat, r), name_room);
        let name = if best { p.bold(&name) } else { name };
        let _ = writeln!(
            out,
            "  {} {:>4}  {}",
            bar(prob, bar_w, best, p),
            percent(prob),
            name.trim_end()
        );
    }

    for (section, items) in evidence_sections(a) {
        let head = match section {
            Section::None => "WHY NONE OF THESE ROLES".to_string(),
            Section::For { role, best: true } => {
                format!("WHY {}", role_title(cat, role).to_uppercase())
            }
            Section::For { role, .. } => {
                format!("ALSO LIKE {}", role_title(cat, role).to_uppercase())
            }
            Section::Against(role) => format!("AGAINST {}", role_title(cat, role).to_uppercase()),
        };
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", p.heading(&wrap(&head, width(), "")));
        for e in items {
            let _ = writeln!(out, "{}", evidence_line(e, p));
        }
    }
    if !a.ruled_out.is_empty() {
        let _ = writeln!(
            out,
            "\n{} {}",
            p.heading("NOT COUNTED"),
            p.dim(&wrap_from(
                "(ruled out, or handed to another team)",
                width(),
                12,
                "  "
            ))
        );
        for r in a.ruled_out.iter().take(SHOW_OTHER) {
            let idx: Vec<usize> = r.ranges.iter().flat_map(|x| x.clone()).collect();
            let _ = writeln!(
                out,
                "    {}\n{}",
                p.bold(&wrap(&r.matched, width(), "    ")),
                ad_line(r.line, &r.ad_text, &idx, p)
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
                p.bold(&wrap(&q.question, width(), "     "))
            );
            for ans in &q.answers {
                let role = ans.suggests.map_or("?", |r| role_title(cat, r));
                let to = format!("→ {role}");
                let whole = wrap(&format!("{} {to}", ans.answer), width(), "       ");
                let whole = match whole.strip_suffix(to.as_str()) {
                    Some(head) => format!("{head}{}", p.accent(&to)),
                    None => whole,
                };
                let _ = writeln!(out, "     {} {whole}", p.dim("–"));
            }
            if let Some(why) = &q.why {
                let _ = writeln!(out, "     {}", p.dim(&wrap(why, width(), "     ")));
            }
        }
    }
    if let Some(n) = input_note(a) {
        let _ = writeln!(
            out,
            "\n{} {}",
            p.dim("note:"),
            wrap_from(&n, width(), 6, "  ")
        );
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
        "title_claims": a.title_claims.iter().map(|&r| id(r)).collect::<Vec<_>>(),
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
            "words": a.input.words,
            "too_short": a.input.too_short(),
            "html": a.input.html,
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
        let out =
            super::super::style::wrap_marked(text, &(6..18).collect::<Vec<_>>(), (30, 2), "  ", p);
        for line in out.lines() {
            let plain: String = strip_ansi(line);
            assert!(plain.width() <= 30, "{plain:?}");
        }
        assert!(out.contains("\x1b[1m\x1b[33mgolden\x1b[0m"), "{out:?}");
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
