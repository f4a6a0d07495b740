//! `roledex analyze`: reading the input and the three reports of an
//! [`Analysis`].

use std::fmt::Write as _;
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::process::ExitCode;

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::Format;
use super::style::{Paint, wrap};
use crate::analyze::{Analysis, Analyzer, Evidence, EvidenceKind};
use crate::catalog::Catalog;
use crate::cli::exit;

const WIDTH: usize = 100;
const BAR: usize = 20;
/// More than this is never read: the analyzer looks at the first
/// [`crate::analyze::MAX_ANALYSED_BYTES`] only, and a pipe that never ends
/// must not hang us.
const READ_CAP: u64 = 32 * 1024 * 1024;
/// Evidence lines shown in text and Markdown for the best role, and for each
/// runner-up worth showing.
const SHOW_BEST: usize = 8;
const SHOW_OTHER: usize = 3;

/// Reads the ad from `file` (or standard input for `-` or nothing), analyses
/// it and prints the report. Exit codes: 0 analysed (whatever the
/// confidence), 1 empty, binary or unreadable input, 2 no input given on a
/// terminal.
pub fn run(cat: &Catalog, file: Option<&Path>, fmt: Format, paint: Paint) -> ExitCode {
    if file.is_none() && std::io::stdin().is_terminal() {
        eprintln!(
            "error: no job ad given\n  usage: roledex analyze FILE\n     \
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
    // Kept to the end of the process like the catalog: with a big pack its
    // tables are a hundred megabytes, and freeing them only delays the exit.
    let analyzer = std::mem::ManuallyDrop::new(Analyzer::new(cat));
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
fn read(file: Option<&Path>) -> Result<(Vec<u8>, String), String> {
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

fn role_title(cat: &Catalog, r: usize) -> &str {
    cat.roles.get(r).map_or("?", |r| r.title.as_str())
}

fn role_id(cat: &Catalog, r: Option<usize>) -> Value {
    r.and_then(|r| cat.roles.get(r))
        .map_or(Value::Null, |r| Value::String(r.id.clone()))
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

/// "Golden paths" → "golden paths", but "VPCs and DNS" stays as it is.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => {
            a.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_string(),
    }
}

/// Why the best role won, in a few words: its strongest distinct matches.
pub fn reasons(a: &Analysis, role: usize, n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in a.evidence.iter().filter(|e| e.role == role) {
        let r = match e.kind {
            EvidenceKind::Signal => lower_first(&e.matched),
            EvidenceKind::Tool => e.matched.clone(),
            EvidenceKind::Duty => format!("\u{201c}{}\u{201d}", shorten(&e.matched, 60)),
            EvidenceKind::Profile => {
                let label = e.matched.split(':').next().unwrap_or("");
                format!("{} ({})", lower_first(label), shorten(&e.term, 40))
            }
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

/// The plain-words warning for a title that names another role.
pub fn mismatch_warning(cat: &Catalog, a: &Analysis) -> Option<String> {
    if !a.title_mismatch {
        return None;
    }
    let (t, b) = (a.title_role?, a.best?);
    let named = role_title(cat, t);
    let title = a.title.as_deref().unwrap_or(named);
    // "Cloud Engineer" names the infrastructure role by another name: say so.
    let titled = if title.to_lowercase().contains(&named.to_lowercase()) {
        named.to_string()
    } else {
        format!("{} (a name for {named})", shorten(title, 60))
    };
    Some(format!(
        "Titled {titled}, but the duties read like {}: {}.",
        role_title(cat, b),
        reasons(a, b, 3).join("; ")
    ))
}

pub fn verdict(cat: &Catalog, a: &Analysis) -> String {
    match a.best {
        Some(b) => format!(
            "{} ({} confidence)",
            role_title(cat, b),
            a.confidence.label()
        ),
        None => {
            let closest = a
                .ranking
                .first()
                .map(|&r| (role_title(cat, r), a.scores[r].score))
                .filter(|(_, s)| *s > 0.0);
            match closest {
                Some((t, s)) => {
                    format!("none of the roles (low confidence); the closest is {t} at {s:.0}/100")
                }
                None => "none of the roles: nothing in the ad matches their content".to_string(),
            }
        }
    }
}

/// The columns of the score breakdown, as the text report prints them.
const BREAKDOWN_HEAD: &str = "signals  duties  profile  tools  sentences";

fn breakdown(s: &crate::analyze::RoleScore) -> String {
    format!(
        "{:>7.1}  {:>6.1}  {:>7.1}  {:>5.1}  {:>9}",
        s.signals, s.duties, s.profile, s.tools, s.evidence_sentences
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

/// The roles worth showing evidence for: the best (or closest) and any
/// runner-up within 15 points of it.
pub fn shown_roles(a: &Analysis) -> Vec<usize> {
    let Some(&lead) = a.best.as_ref().or(a.ranking.first()) else {
        return Vec::new();
    };
    let top = a.scores[lead].score;
    let mut out = vec![lead];
    out.extend(
        a.ranking
            .iter()
            .filter(|&&r| r != lead && a.scores[r].score > 0.0 && top - a.scores[r].score <= 15.0)
            .take(2),
    );
    out
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
    let what = match e.kind {
        EvidenceKind::Signal => format!("{} \u{201c}{}\u{201d}", e.matched, e.term),
        EvidenceKind::Tool => e.matched.clone(),
        EvidenceKind::Duty => shorten(&e.matched, 70),
        EvidenceKind::Profile => shorten(&e.matched, 70),
    };
    let head = format!(
        "    {} {} {}",
        p.accent(&format!("{:<7}", e.kind.label())),
        p.bold(&what),
        p.dim(&format!("+{:.1}", e.weight))
    );
    let indent = "      ";
    let body = wrap_highlighted(&e.ad_text, &e.highlight_indices(), WIDTH, indent, p);
    format!(
        "{head}\n{indent}{} {body}",
        p.dim(&format!("line {}:", e.line))
    )
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
    if let Some(w) = mismatch_warning(cat, a) {
        let _ = writeln!(out, "\n{} {}", p.bad("!"), p.bad(&wrap(&w, WIDTH, "  ")));
    }

    let _ = writeln!(
        out,
        "\n{} {}",
        p.heading("SCORES"),
        p.dim("(0–100: strength of the evidence × how much of the ad carries it)")
    );
    let name_w = a
        .ranking
        .iter()
        .map(|&r| role_title(cat, r).width())
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "  {:pad$}  {}",
        "",
        p.dim(BREAKDOWN_HEAD),
        pad = BAR + 6 + name_w
    );
    for &r in &a.ranking {
        let s = &a.scores[r];
        let filled = ((s.score / 100.0) * BAR as f64)
            .round()
            .clamp(0.0, BAR as f64) as usize;
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR - filled));
        let bar = if Some(r) == a.best {
            p.good(&bar)
        } else {
            p.dim(&bar)
        };
        let name = format!("{:name_w$}", role_title(cat, r));
        let name = if Some(r) == a.best {
            p.bold(&name)
        } else {
            name
        };
        let _ = writeln!(
            out,
            "  {bar} {:>3.0}  {name}  {}",
            s.score,
            p.dim(&breakdown(s))
        );
    }

    for (k, &r) in shown_roles(a).iter().enumerate() {
        let n = if k == 0 { SHOW_BEST } else { SHOW_OTHER };
        let items: Vec<&Evidence> = a.evidence_for(r, n).collect();
        if items.is_empty() {
            continue;
        }
        let head = if k == 0 && a.best.is_some() {
            format!("WHY {}", role_title(cat, r).to_uppercase())
        } else if k == 0 {
            format!("WHAT LOOKS LIKE {}", role_title(cat, r).to_uppercase())
        } else {
            format!("ALSO LIKE {}", role_title(cat, r).to_uppercase())
        };
        let _ = writeln!(out, "\n{}", p.heading(&head));
        for e in items {
            let _ = writeln!(out, "{}", evidence_line(e, p));
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
        "confidence": a.confidence.label(),
        "title_mismatch": a.title_mismatch,
        "warning": mismatch_warning(cat, a),
        "scores": a.ranking.iter().map(|&r| {
            let s = &a.scores[r];
            json!({
                "role": id(r),
                "title": role_title(cat, r),
                "score": round(s.score),
                "raw": round(s.raw),
                "signals": round(s.signals),
                "duties": round(s.duties),
                "tools": round(s.tools),
                "profile": round(s.profile),
                "strength": round(s.strength),
                "coverage": round(s.coverage),
                "evidence_sentences": s.evidence_sentences,
            })
        }).collect::<Vec<_>>(),
        "evidence": a.evidence.iter().map(|e| json!({
            "role": id(e.role),
            "kind": e.kind.label(),
            "matched": e.matched,
            "term": e.term,
            "ad_text": e.ad_text,
            "line": e.line,
            "ranges": e.ranges.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>(),
            "weight": round(e.weight),
        })).collect::<Vec<_>>(),
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
    if let Some(w) = mismatch_warning(cat, a) {
        let _ = writeln!(out, "\n> **Warning:** {}", md_escape(&w));
    }
    let _ = writeln!(
        out,
        "\n## Scores\n\nScore 0–100: strength of the evidence × how much of the ad carries it.\n"
    );
    let _ = writeln!(
        out,
        "| Role | Score | Signals | Duties | Profile | Tools | Sentences |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    for &r in &a.ranking {
        let s = &a.scores[r];
        let name = if Some(r) == a.best {
            format!("**{}**", role_title(cat, r))
        } else {
            role_title(cat, r).to_string()
        };
        let _ = writeln!(
            out,
            "| {name} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {} |",
            s.score, s.signals, s.duties, s.profile, s.tools, s.evidence_sentences
        );
    }
    for (k, &r) in shown_roles(a).iter().enumerate() {
        let n = if k == 0 { SHOW_BEST } else { SHOW_OTHER };
        let items: Vec<&Evidence> = a.evidence_for(r, n).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## Evidence for {}\n", role_title(cat, r));
        for e in items {
            let what = match e.kind {
                EvidenceKind::Signal => format!("{} (“{}”)", e.matched, e.term),
                _ => shorten(&e.matched, 90),
            };
            let _ = writeln!(
                out,
                "- *{}* {} (+{:.1}, line {}): {}",
                e.kind.label(),
                md_escape(&what),
                e.weight,
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
            role: 0,
            kind: EvidenceKind::Signal,
            matched: "x".into(),
            term: "golden path".into(),
            ad_text: "Build *golden paths* for_all".into(),
            line: 1,
            ranges: std::iter::once(7..19).collect(),
            weight: 1.0,
        };
        assert_eq!(md_highlight(&e), "Build \\***golden paths**\\* for\\_all");
    }

    #[test]
    fn lower_first_keeps_acronyms() {
        assert_eq!(lower_first("Golden paths"), "golden paths");
        assert_eq!(lower_first("VPCs and DNS"), "VPCs and DNS");
        assert_eq!(lower_first(""), "");
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("one two three four", 10), "one two…");
        assert_eq!(shorten("short", 10), "short");
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
