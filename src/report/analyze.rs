//! The three reports of one [`Analysis`]; many ads at once are in
//! [`super::analyze_batch`].

use std::fmt::Write as _;

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::Format;
use super::style::{Paint, width, wrap, wrap_from, wrap_marked};
use crate::analyze::{Analysis, Evidence, EvidenceKind};
use crate::catalog::Catalog;

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
/// Evidence lines shown in text and Markdown for the best role, and for each
/// runner-up worth showing.
const SHOW_BEST: usize = 6;
const SHOW_OTHER: usize = 3;
/// A runner-up this probable (or more) gets its own evidence.
const RUNNER_UP_SHOWN: f64 = 0.1;

fn role_title(cat: &Catalog, r: usize) -> &str {
    cat.roles.get(r).map_or("?", |r| r.title.as_str())
}

fn role_id(cat: &Catalog, r: Option<usize>) -> Value {
    r.and_then(|r| cat.roles.get(r))
        .map_or(Value::Null, |r| Value::String(r.id.clone()))
}

fn class_title(cat: &Catalog, r: Option<usize>) -> String {
    r.map_or_else(
        || "none of these roles".to_string(),
        |r| role_title(cat, r).to_string(),
    )
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn percent(p: f64) -> String {
    format!("{:.0}%", 100.0 * p)
}

/// "Golden paths" → "golden paths", but "VPCs and DNS" stays as it is.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => a
            .to_lowercase()
            .chain(std::iter::once(b))
            .chain(chars)
            .collect(),
        _ => s.to_string(),
    }
}

/// Why a reading won, in a few words: its strongest distinct reasons, the
/// cues, signals and tools first (a duty's whole text is too long for a
/// reason), then echoed duties, shortened.
pub fn reasons(a: &Analysis, role: Option<usize>, n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let items = a
        .evidence
        .iter()
        .filter(|e| e.role == role && e.argues_for() && e.kind != EvidenceKind::Title);
    let (short, duties): (Vec<&Evidence>, Vec<&Evidence>) =
        items.partition(|e| e.kind != EvidenceKind::Duty);
    for e in short.into_iter().chain(duties) {
        let r = if e.kind == EvidenceKind::Duty {
            format!(
                "\u{201c}{}\u{201d}",
                shorten(e.matched.trim_end_matches('.'), 50)
            )
        } else {
            e.matched.clone()
        };
        if !out.contains(&r) {
            out.push(r);
        }
        if out.len() == n {
            break;
        }
    }
    out
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

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

/// The plain-words warning for a title that names another role.
pub fn mismatch_warning(cat: &Catalog, a: &Analysis) -> Option<String> {
    if !a.title_mismatch {
        return None;
    }
    let t = a.title_role?;
    let named = role_title(cat, t);
    let title = a.title.as_deref().unwrap_or(named);
    let reads = match a.best {
        Some(b) => format!("read like {}", role_title(cat, b)),
        None => "read like none of these roles".to_string(),
    };
    let why: Vec<String> = reasons(a, a.best, 3)
        .iter()
        .map(|r| lower_first(r))
        .collect();
    let why = if why.is_empty() {
        String::new()
    } else {
        format!(": {}", why.join("; "))
    };
    let title = title.trim();
    // "Cloud Engineer" names the infrastructure role by another name: say so.
    let titled = if title.to_lowercase().contains(&named.to_lowercase()) {
        title.to_string()
    } else {
        format!("{title} (a name for {named})")
    };
    Some(format!("Titled {titled}, but the duties {reads}{why}."))
}

pub fn verdict(cat: &Catalog, a: &Analysis) -> String {
    let p = percent(a.best_probability());
    match a.best {
        Some(b) => format!(
            "{} ({} confidence, {p})",
            role_title(cat, b),
            a.confidence.label()
        ),
        None => {
            let closest = a
                .ranking
                .first()
                .map(|&r| {
                    format!(
                        "; the closest role is {} at {}",
                        role_title(cat, r),
                        percent(a.scores[r].probability)
                    )
                })
                .unwrap_or_default();
            format!(
                "none of these roles ({} confidence, {p}){closest}",
                a.confidence.label()
            )
        }
    }
}

/// "one product team ◀──●──▶ many internal teams" in words.
pub fn place(a: &Analysis) -> (String, String) {
    let side = |x: f64, low: &str, high: &str| {
        let strength = if x.abs() >= 0.5 {
            "clearly "
        } else if x.abs() >= 0.2 {
            "leaning to "
        } else {
            return format!("between {low} and {high}");
        };
        format!("{strength}{}", if x < 0.0 { low } else { high })
    };
    (
        side(a.audience, "one product team", "many internal teams"),
        side(a.layer, "one application", "the foundations"),
    )
}

pub fn input_note(a: &Analysis) -> Option<String> {
    let mut notes = Vec::new();
    if a.input.truncated {
        notes.push(format!(
            "the input was cut: {} sentences from its first {} KiB (of {} bytes) were analysed",
            a.input.sentences,
            a.input.analysed_bytes.div_ceil(1024),
            a.input.bytes
        ));
    }
    if a.input.lossy {
        notes.push("bytes that were not valid UTF-8 were replaced".to_string());
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// The readings worth showing evidence for: the answer, then any role
/// probable enough to be a doubt (at most two).
pub fn shown_roles(a: &Analysis) -> Vec<usize> {
    let mut out: Vec<usize> = a.best.into_iter().collect();
    out.extend(
        a.ranking
            .iter()
            .filter(|&&r| Some(r) != a.best && a.scores[r].probability >= RUNNER_UP_SHOWN)
            .take(2),
    );
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

// ---------------------------------------------------------------- markdown

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#' | '\\'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The ad's sentence with its matched runs in bold.
fn md_highlight(e: &Evidence) -> String {
    let chars: Vec<char> = e.ad_text.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for r in &e.ranges {
        let (s, t) = (r.start.min(chars.len()), r.end.min(chars.len()));
        if s < at {
            continue;
        }
        out.push_str(&md_escape(&chars[at..s].iter().collect::<String>()));
        out.push_str(&format!(
            "**{}**",
            md_escape(&chars[s..t].iter().collect::<String>())
        ));
        at = t;
    }
    out.push_str(&md_escape(&chars[at..].iter().collect::<String>()));
    out
}

pub fn markdown(cat: &Catalog, a: &Analysis) -> String {
    let mut out = String::new();
    let title = a
        .title
        .as_deref()
        .map_or("(no title found)".to_string(), md_escape);
    let _ = writeln!(out, "# Job ad: {title}\n");
    if !a.title_roles.is_empty() {
        let names: Vec<&str> = a.title_roles.iter().map(|&r| role_title(cat, r)).collect();
        let _ = writeln!(out, "- **Title names:** {}", names.join(", "));
    }
    let _ = writeln!(out, "- **Reads like:** {}", verdict(cat, a));
    let (audience, layer) = place(a);
    let _ = writeln!(out, "- **Who it serves:** {audience}; **layer:** {layer}");
    if let Some(w) = mismatch_warning(cat, a) {
        let _ = writeln!(out, "\n> **Warning:** {}", md_escape(&w));
    }
    let _ = writeln!(out, "\n## Readings\n");
    let _ = writeln!(out, "| Reading | Probability |");
    let _ = writeln!(out, "|---|---:|");
    let rows = a.readings();
    for (r, prob) in rows {
        let name = class_title(cat, r);
        let name = if r == a.best {
            format!("**{name}**")
        } else {
            name
        };
        let _ = writeln!(out, "| {name} | {} |", percent(prob));
    }
    let mut sections: Vec<(String, Vec<&Evidence>)> = Vec::new();
    if a.best.is_none() {
        sections.push((
            "Why none of these roles".into(),
            a.evidence_for_none(SHOW_BEST).collect(),
        ));
    }
    for (k, &r) in shown_roles(a).iter().enumerate() {
        let n = if k == 0 && a.best.is_some() {
            SHOW_BEST
        } else {
            SHOW_OTHER
        };
        sections.push((
            format!("Evidence for {}", role_title(cat, r)),
            a.evidence_for(r, n).collect(),
        ));
        if k == 0 && a.best.is_some() {
            sections.push((
                format!("Evidence against {}", role_title(cat, r)),
                a.evidence_against(r, SHOW_OTHER).collect(),
            ));
        }
    }
    for (head, items) in sections {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {head}\n");
        for e in items {
            let _ = writeln!(
                out,
                "- *{}* {} ({}{:.2}, {}, line {}): {}",
                e.kind.label(),
                md_escape(&e.matched),
                if e.weight >= 0.0 { "+" } else { "−" },
                e.weight.abs(),
                e.part.label(),
                e.line,
                md_highlight(e)
            );
        }
    }
    if !a.questions.is_empty() {
        let _ = writeln!(out, "\n## Questions to ask\n");
        for (i, q) in a.questions.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", i + 1, md_escape(&q.question));
            for ans in &q.answers {
                let role = ans.suggests.map_or("?", |r| role_title(cat, r));
                let _ = writeln!(out, "   - {} → *{role}*", md_escape(&ans.answer));
            }
            if let Some(why) = &q.why {
                let _ = writeln!(out, "   - *Why:* {}", md_escape(why));
            }
        }
    }
    if let Some(n) = input_note(a) {
        let _ = writeln!(out, "\n*Note: {n}.*");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Confidence;

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
