//! Human-readable reports for a terminal or a pager.

use std::fmt::Write;

use super::style::{Paint, width, wrap};
use crate::catalog::Catalog;
use crate::compare::{Comparison, Sharing};
use crate::content::{Diagnostic, ProfileKey, display_order};
use crate::search::{Corpus, Hit, Results, group};

pub fn roles(cat: &Catalog, p: Paint) -> String {
    let mut out = String::new();
    let id_w = cat.roles.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut tier = None;
    for r in &cat.roles {
        if tier != Some(r.tier) {
            let label = match r.tier {
                crate::content::Tier::Core => "The article's three roles",
                crate::content::Tier::Overlap => "Overlapping roles",
            };
            let _ = writeln!(
                out,
                "{}{}",
                if tier.is_some() { "\n" } else { "" },
                p.heading(label)
            );
            tier = Some(r.tier);
        }
        let indent = " ".repeat(id_w + 4);
        let _ = writeln!(
            out,
            "  {}  {}\n{indent}{}",
            p.accent(&format!("{:id_w$}", r.id)),
            p.bold(&r.title),
            p.dim(&wrap(&r.summary, width(), &indent))
        );
    }
    out
}

/// `text` and a dim `tail` (a source tag) wrapped together, so the tag
/// never pushes a line past the width.
fn with_tail(p: Paint, text: &str, tail: &str, indent: &str) -> String {
    let whole = wrap(&format!("{text} {tail}"), width(), indent);
    match whole.strip_suffix(tail) {
        Some(head) => format!("{head}{}", p.dim(tail)),
        None => whole,
    }
}

fn tool_names(cat: &Catalog, ids: &[String]) -> String {
    ids.iter()
        .map(|id| cat.tool(id).map_or(id.as_str(), |t| t.name.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn show(cat: &Catalog, role: usize, p: Paint) -> String {
    let r = &cat.roles[role];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        p.bold(&r.title),
        p.dim(&format!("({})", r.id))
    );
    if !r.also_called.is_empty() {
        let _ = writeln!(
            out,
            "{} {}",
            p.dim("Also called:"),
            wrap(&r.also_called.join(", "), width(), &" ".repeat(13))
        );
    }
    let _ = writeln!(out, "\n{}\n", wrap(&r.summary, width(), ""));

    let _ = writeln!(out, "{}", p.heading("PROFILE"));
    let label_w = ProfileKey::ALL
        .iter()
        .map(|k| k.label().len())
        .max()
        .unwrap_or(0);
    let indent = " ".repeat(label_w + 4);
    for k in ProfileKey::ALL {
        let _ = writeln!(
            out,
            "  {}  {}",
            p.bold(&format!("{:label_w$}", k.label())),
            wrap(r.profile.get(k), width(), &indent)
        );
    }

    if !r.origins.is_empty() {
        let _ = writeln!(out, "\n{}", p.heading("ORIGINS"));
        for o in &r.origins {
            let year = o.year.map_or("    ".to_string(), |y| y.to_string());
            let _ = writeln!(
                out,
                "  {}  {}",
                p.accent(&year),
                with_tail(p, &o.text, &format!("[{}]", o.source), "        ")
            );
        }
    }

    let _ = writeln!(out, "\n{}", p.heading("DUTIES"));
    for area in r.areas() {
        let _ = writeln!(out, "  {}", p.bold(area));
        for d in r.duties.iter().filter(|d| d.area == area) {
            let _ = writeln!(
                out,
                "    • {}",
                with_tail(p, &d.text, &format!("[{}]", d.source), "      ")
            );
            if !d.tools.is_empty() {
                let _ = writeln!(
                    out,
                    "      {} {}",
                    p.dim("tools:"),
                    p.accent(&wrap(&tool_names(cat, &d.tools), width(), &" ".repeat(13)))
                );
            }
        }
    }

    if !r.interview_questions.is_empty() {
        let _ = writeln!(out, "\n{}", p.heading("INTERVIEW QUESTIONS"));
        for q in &r.interview_questions {
            let tag = format!("[{}]", q.source);
            let whole = wrap(&format!("{} {tag}", q.question), width(), "    ");
            let head = whole.strip_suffix(&tag).unwrap_or(&whole);
            let _ = writeln!(out, "  ? {}{}", p.bold(head), p.dim(&tag));
            let _ = writeln!(out, "    {}", p.dim(&wrap(&q.why, width(), "    ")));
        }
    }

    let _ = writeln!(out, "\n{}", p.heading("SOURCES"));
    for id in &r.sources {
        match cat.source(id) {
            Some(s) => {
                let url = s
                    .url
                    .as_deref()
                    .map(|u| format!(" <{u}>"))
                    .unwrap_or_default();
                let tag = format!("[{id}]");
                let whole = wrap(&format!("{tag} {}{url}", s.title), width(), "    ");
                let rest = whole.strip_prefix(&tag).unwrap_or(&whole);
                let rest = match rest.strip_suffix(url.trim_start()) {
                    Some(before) if !url.is_empty() => {
                        format!("{before}{}", p.dim(url.trim_start()))
                    }
                    _ => rest.to_string(),
                };
                let _ = writeln!(out, "  {}{rest}", p.accent(&tag));
            }
            None => {
                let _ = writeln!(out, "  [{}]", p.accent(id));
            }
        }
    }
    out
}

pub fn compare(cat: &Catalog, cmp: &Comparison, p: Paint) -> String {
    let mut out = String::new();
    let titles: Vec<&str> = cmp
        .roles
        .iter()
        .map(|&r| cat.roles[r].title.as_str())
        .collect();
    let _ = writeln!(out, "{}\n", p.bold(&titles.join("  vs  ")));
    let _ = writeln!(out, "{}", p.heading("PROFILE"));
    // Pad before painting: escape codes must not count towards the width.
    let title_w = titles
        .iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0)
        .max(24);
    let value_indent = " ".repeat(4 + title_w + 1);
    for row in &cmp.profile {
        let _ = writeln!(out, "  {}", p.bold(row.label));
        for (t, v) in titles.iter().zip(&row.values) {
            let _ = writeln!(
                out,
                "    {} {}",
                p.dim(&format!("{t:title_w$}")),
                wrap(v, width(), &value_indent)
            );
        }
    }
    let label_w = titles
        .iter()
        .map(|t| "only ".len() + short(t).chars().count())
        .max()
        .unwrap_or(0)
        .max(22);
    let list_indent = " ".repeat(2 + label_w + 1);
    let or_none = |items: &[String]| or_none(items, &list_indent);
    for (heading, list, name) in [
        ("TOOLS", &cmp.tools, true),
        ("DUTY AREAS", &cmp.areas, false),
    ] {
        let _ = writeln!(out, "\n{}", p.heading(heading));
        let show = |f: &crate::compare::Feature| {
            if name {
                cat.tool(&f.name).map_or(f.name.clone(), |t| t.name.clone())
            } else {
                f.name.clone()
            }
        };
        let shared: Vec<String> = list
            .iter()
            .filter(|f| f.sharing == Sharing::All)
            .map(show)
            .collect();
        let _ = writeln!(
            out,
            "  {} {}",
            p.good(&format!("{:label_w$}", "shared by all")),
            or_none(&shared)
        );
        let partly: Vec<String> = list
            .iter()
            .filter(|f| f.sharing == Sharing::Some)
            .map(|f| {
                format!(
                    "{} ({})",
                    show(f),
                    f.roles
                        .iter()
                        .map(|&i| cat.roles[cmp.roles[i]].id.as_str())
                        .collect::<Vec<_>>()
                        .join("+")
                )
            })
            .collect();
        if cmp.roles.len() == 3 {
            let _ = writeln!(
                out,
                "  {} {}",
                p.accent(&format!("{:label_w$}", "partly shared")),
                or_none(&partly)
            );
        }
        for (pos, t) in titles.iter().enumerate() {
            let only: Vec<String> = list
                .iter()
                .filter(|f| f.sharing == Sharing::One && f.roles == [pos])
                .map(show)
                .collect();
            let _ = writeln!(
                out,
                "  {:label_w$} {}",
                format!("only {}", short(t)),
                or_none(&only)
            );
        }
    }
    let _ = writeln!(out, "\n{}", p.heading("SIMILARITY"));
    let _ = writeln!(
        out,
        "  {:.0}%  {}",
        cmp.similarity * 100.0,
        p.dim("(Jaccard index of tools + duty areas; mean over pairs)")
    );
    if cmp.roles.len() == 3 {
        for i in 0..3 {
            for j in i + 1..3 {
                let _ = writeln!(
                    out,
                    "  {:>3.0}%  {} / {}",
                    cmp.pairwise[i][j] * 100.0,
                    short(titles[i]),
                    short(titles[j])
                );
            }
        }
    }
    out
}

fn short(title: &str) -> &str {
    title.strip_suffix(" Engineer").unwrap_or(title)
}

fn or_none(items: &[String], indent: &str) -> String {
    if items.is_empty() {
        "—".to_string()
    } else {
        wrap(&items.join(", "), width(), indent)
    }
}

/// Search hits, one a line: kind, roles, the text with its matched words
/// marked, and the tool a hit was found through. Loose matches (no word
/// matched) come under a heading of their own; `by_role` groups the hits
/// under their roles.
pub fn search(
    role_ids: &[String],
    corpus: &Corpus,
    results: &Results,
    by_role: bool,
    p: Paint,
) -> String {
    let mut out = String::new();
    if results.loose {
        let _ = writeln!(
            out,
            "{}",
            p.dim("No word matches. Loose matches (letters in order):")
        );
    }
    let line = |out: &mut String, h: &Hit, who: &str| {
        let via = group::via(corpus, h)
            .map(|t| format!(" {}", p.dim(&format!("(via {t})"))))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{} {} {}{via}",
            p.dim(&format!(
                "{:8}",
                corpus.entries()[h.entry].target.kind().label()
            )),
            p.accent(&format!("{who:15}")),
            p.highlight(corpus.text(h.entry), &h.indices)
        );
    };
    let names = |h: &Hit| -> String {
        let rs: Vec<&str> = group::roles(corpus, h)
            .into_iter()
            .map(|r| role_ids[r].as_str())
            .collect();
        if rs.is_empty() {
            "—".to_string()
        } else {
            rs.join(", ")
        }
    };
    if by_role {
        for (role, hits) in group::by_role(corpus, &results.hits) {
            let title = role.map_or("no role", |r| role_ids[r].as_str());
            let _ = writeln!(out, "{}", p.heading(title));
            for h in hits {
                line(&mut out, h, "");
            }
        }
    } else {
        for h in &results.hits {
            line(&mut out, h, &names(h));
        }
    }
    out
}

pub fn tool(cat: &Catalog, tool: usize, p: Paint) -> String {
    let t = &cat.tools[tool];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        p.bold(&t.name),
        p.dim(&format!("({} · {})", t.id, t.group_heading()))
    );
    if !t.aliases.is_empty() {
        let _ = writeln!(
            out,
            "{} {}",
            p.dim("Also known as:"),
            wrap(&t.aliases.join(", "), width(), &" ".repeat(15))
        );
    }
    let _ = writeln!(out, "{}", wrap(&t.description, width(), ""));
    if let Some(url) = &t.url {
        let _ = writeln!(out, "{}", p.dim(url));
    }
    let using = cat.roles_using(tool);
    if using.is_empty() {
        let _ = writeln!(out, "\nNo role's duties name this tool.");
    }
    for (r, duties) in using {
        let role = &cat.roles[r];
        let _ = writeln!(out, "\n{}", p.heading(&role.title));
        for d in duties {
            let duty = &role.duties[d];
            let _ = writeln!(
                out,
                "  • {}",
                with_tail(p, &duty.text, &format!("({})", duty.area), "    ")
            );
        }
    }
    out
}

pub fn tools(cat: &Catalog, p: Paint) -> String {
    let mut out = String::new();
    let name_w = cat
        .tools
        .iter()
        .map(|t| t.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut heading: Option<String> = None;
    for i in display_order(&cat.tools, 0..cat.tools.len()) {
        let t = &cat.tools[i];
        let h = t.group_heading();
        if heading.as_ref() != Some(&h) {
            let gap = if heading.is_some() { "\n" } else { "" };
            let _ = writeln!(out, "{gap}{}", p.heading(&h));
            heading = Some(h);
        }
        let roles: Vec<&str> = cat
            .roles_using(i)
            .into_iter()
            .map(|(r, _)| cat.roles[r].id.as_str())
            .collect();
        let pad = name_w.saturating_sub(t.name.chars().count());
        let indent = " ".repeat(name_w + 4);
        let _ = writeln!(
            out,
            "  {}{}  {}",
            p.bold(&t.name),
            " ".repeat(pad),
            if roles.is_empty() {
                p.dim("—")
            } else {
                p.accent(&wrap(&roles.join(", "), width(), &indent))
            }
        );
    }
    out
}

pub fn diagnostics(diags: &[Diagnostic], p: Paint) -> String {
    let mut out = String::new();
    for d in diags {
        let text = d.to_string();
        let mut lines = text.lines();
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "{}", p.bad(first));
        }
        for l in lines {
            let _ = writeln!(out, "{}", p.dim(l));
        }
    }
    out
}
