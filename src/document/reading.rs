//! A job-ad reading in words: the verdict, where the ad sits, the title
//! warning, the evidence worth showing, and the whole reading as Markdown.

use std::fmt::Write as _;

use crate::analyze::{Analysis, Evidence, EvidenceKind};
use crate::catalog::Catalog;

/// Evidence lines shown for the best role, and for each runner-up worth
/// showing.
pub const SHOW_BEST: usize = 6;
pub const SHOW_OTHER: usize = 3;
/// A runner-up this probable (or more) gets its own evidence.
const RUNNER_UP_SHOWN: f64 = 0.1;

pub fn role_title(cat: &Catalog, r: usize) -> &str {
    cat.roles.get(r).map_or("?", |r| r.title.as_str())
}

pub fn class_title(cat: &Catalog, r: Option<usize>) -> String {
    r.map_or_else(
        || "none of these roles".to_string(),
        |r| role_title(cat, r).to_string(),
    )
}

pub fn percent(p: f64) -> String {
    format!("{:.0}%", 100.0 * p)
}

/// "Golden paths" → "golden paths", but "VPCs and DNS" stays as it is.
pub fn lower_first(s: &str) -> String {
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

pub fn shorten(s: &str, max: usize) -> String {
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
    let reads = match a.best {
        Some(b) => format!("read like {}", role_title(cat, b)),
        None => "read like none of these roles".to_string(),
    };
    let Some(&t) = a.title_claims.first() else {
        // A title naming none of the roles, on duties that read as one.
        let title = a.title.as_deref()?.trim();
        let why = reasons(a, a.best, 3)
            .iter()
            .map(|r| lower_first(r))
            .collect::<Vec<_>>()
            .join("; ");
        let why = if why.is_empty() {
            why
        } else {
            format!(": {why}")
        };
        return Some(format!(
            "Titled {title}, which names none of these roles, but the duties {reads}{why}."
        ));
    };
    let named = role_title(cat, t);
    let title = a.title.as_deref().unwrap_or(named);
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

/// Said beside the verdict when the text is too short to read by.
pub fn short_note(a: &Analysis) -> Option<String> {
    let ask = "paste the whole ad, its duties included.";
    a.input.too_short().then(|| match a.input.words {
        0 if a.title.is_some() => format!("Nothing to read but the title: {ask}"),
        0 => format!("Nothing to read: {ask}"),
        n => format!(
            "Only {n} word{} to read, too few to tell the roles apart: {ask}",
            if n == 1 { "" } else { "s" }
        ),
    })
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
    if a.input.html {
        notes.push(
            "read as a web page: its tags were dropped, and line numbers count the lines of its text"
                .to_string(),
        );
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// The readings worth showing evidence for: the answer, then any role
/// probable enough to be a doubt (at most two).
/// What a block of evidence is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Why the ad reads as none of the roles.
    None,
    /// For a role: the best one (more lines) or a runner-up.
    For { role: usize, best: bool },
    /// Against the best role.
    Against(usize),
}

/// The evidence a reading shows, in order, for every report: why none
/// (when that is the answer), then for each role worth showing, and what
/// argues against the best one. Blocks may be empty.
pub fn evidence_sections(a: &Analysis) -> Vec<(Section, Vec<&Evidence>)> {
    let mut sections = Vec::new();
    if a.best.is_none() {
        sections.push((Section::None, a.evidence_for_none(SHOW_BEST).collect()));
    }
    for (k, &role) in shown_roles(a).iter().enumerate() {
        let best = k == 0 && a.best.is_some();
        let n = if best { SHOW_BEST } else { SHOW_OTHER };
        sections.push((
            Section::For { role, best },
            a.evidence_for(role, n).collect(),
        ));
        if best {
            sections.push((
                Section::Against(role),
                a.evidence_against(role, SHOW_OTHER).collect(),
            ));
        }
    }
    sections
}

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

pub fn md_escape(s: &str) -> String {
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
pub fn md_highlight(e: &Evidence) -> String {
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
    if let Some(n) = short_note(a) {
        let _ = writeln!(out, "\n> **Note:** {}", md_escape(&n));
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
    for (section, items) in evidence_sections(a) {
        let head = match section {
            Section::None => "Why none of these roles".to_string(),
            Section::For { role, .. } => format!("Evidence for {}", role_title(cat, role)),
            Section::Against(role) => format!("Evidence against {}", role_title(cat, role)),
        };
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
