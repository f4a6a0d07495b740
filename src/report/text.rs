//! Human-readable reports for a terminal or a pager.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::style::{Paint, fits_beside, width, wrap, wrap_from, wrap_marked};
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
                p.heading(&wrap(label, width(), ""))
            );
            tier = Some(r.tier);
        }
        let indent = " ".repeat(if fits_beside(id_w + 4) { id_w + 4 } else { 4 });
        let _ = writeln!(
            out,
            "  {}  {}\n{indent}{}",
            p.accent(&format!("{:id_w$}", r.id)),
            p.bold(&wrap_from(&r.title, width(), id_w + 4, &indent)),
            p.dim(&wrap(&r.summary, width(), &indent))
        );
    }
    out
}

/// `text` and a dim `tail` (a source tag) wrapped together, so the tag
/// never pushes a line past the width.
fn with_tail(p: Paint, text: &str, tail: &str, indent: &str) -> String {
    head_tail(
        text,
        tail,
        indent.width(),
        indent,
        |h| h.to_string(),
        |t| p.dim(t),
    )
}

/// `head` and `tail` wrapped together from column `start`, each painted
/// its own way (unpainted where the tail itself had to be cut).
pub(super) fn head_tail(
    head: &str,
    tail: &str,
    start: usize,
    indent: &str,
    paint_head: impl Fn(&str) -> String,
    paint_tail: impl Fn(&str) -> String,
) -> String {
    let whole = wrap_from(&format!("{head} {tail}"), width(), start, indent);
    match whole.strip_suffix(tail) {
        Some(h) => format!("{}{}", paint_head(h), paint_tail(tail)),
        None => whole,
    }
}

/// "Name  (tag)" on one line when it fits, else wrapped.
fn header(p: Paint, name: &str, tag: &str) -> String {
    if name.width() + 2 + tag.width() <= width() {
        format!("{}  {}", p.bold(name), p.dim(tag))
    } else {
        head_tail(name, tag, 0, "  ", |h| p.bold(h), |t| p.dim(t))
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
    let _ = writeln!(out, "{}", header(p, &r.title, &format!("({})", r.id)));
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
    let beside = fits_beside(label_w + 4);
    let indent = " ".repeat(if beside { label_w + 4 } else { 4 });
    for k in ProfileKey::ALL {
        let value = wrap(r.profile.get(k), width(), &indent);
        if beside {
            let label = format!("{:label_w$}", k.label());
            let _ = writeln!(out, "  {}  {value}", p.bold(&label));
        } else {
            let label = wrap(k.label(), width(), "  ");
            let _ = writeln!(out, "  {}\n{indent}{value}", p.bold(&label));
        }
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
        let _ = writeln!(out, "  {}", p.bold(&wrap(area, width(), "  ")));
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
            let line = head_tail(&q.question, &tag, 4, "    ", |h| p.bold(h), |t| p.dim(t));
            let _ = writeln!(out, "  ? {line}");
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
                let whole = wrap_from(&format!("{tag} {}{url}", s.title), width(), 2, "    ");
                // Painted in parts where the wrap left them whole.
                let line = match whole.strip_prefix(&tag) {
                    Some(rest) => {
                        let rest = match rest.strip_suffix(url.trim_start()) {
                            Some(before) if !url.is_empty() => {
                                format!("{before}{}", p.dim(url.trim_start()))
                            }
                            _ => rest.to_string(),
                        };
                        format!("{}{rest}", p.accent(&tag))
                    }
                    None => whole,
                };
                let _ = writeln!(out, "  {line}");
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
    let vs = titles.join("  vs  ");
    let vs = if vs.width() <= width() {
        vs
    } else {
        wrap(&titles.join(" vs "), width(), "  ")
    };
    let _ = writeln!(out, "{}\n", p.bold(&vs));
    let _ = writeln!(out, "{}", p.heading("PROFILE"));
    // Pad before painting: escape codes must not count towards the width.
    let title_w = titles
        .iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0)
        .max(24);
    let beside = fits_beside(4 + title_w + 1);
    let value_indent = " ".repeat(if beside { 4 + title_w + 1 } else { 6 });
    for row in &cmp.profile {
        let _ = writeln!(out, "  {}", p.bold(&wrap(row.label, width(), "  ")));
        for (t, v) in titles.iter().zip(&row.values) {
            let value = wrap(v, width(), &value_indent);
            if beside {
                let _ = writeln!(out, "    {} {value}", p.dim(&format!("{t:title_w$}")));
            } else {
                let t = wrap(t, width(), "    ");
                let _ = writeln!(out, "    {}\n{value_indent}{value}", p.dim(&t));
            }
        }
    }
    let label_w = titles
        .iter()
        .map(|t| "only ".len() + short(t).chars().count())
        .max()
        .unwrap_or(0)
        .max(22);
    let beside = fits_beside(2 + label_w + 1);
    let list_indent = " ".repeat(if beside { 2 + label_w + 1 } else { 4 });
    // Narrow, each list goes under its label instead of beside it.
    let label_w = if beside { label_w } else { 0 };
    let or_none = |items: &[String]| {
        let list = or_none(items, &list_indent);
        if beside {
            list
        } else {
            format!("\n{list_indent}{list}")
        }
    };
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
            let label = wrap(&format!("only {}", short(t)), width(), "  ");
            let _ = writeln!(out, "  {label:label_w$} {}", or_none(&only));
        }
    }
    let _ = writeln!(out, "\n{}", p.heading("SIMILARITY"));
    let pct = format!("{:.0}%", cmp.similarity * 100.0);
    let caption = "(Jaccard index of tools + duty areas; mean over pairs)";
    let _ = writeln!(
        out,
        "  {pct}  {}",
        p.dim(&wrap_from(caption, width(), 4 + pct.len(), "  "))
    );
    if cmp.roles.len() == 3 {
        for i in 0..3 {
            for j in i + 1..3 {
                let pair = format!("{} / {}", short(titles[i]), short(titles[j]));
                let _ = writeln!(
                    out,
                    "  {:>3.0}%  {}",
                    cmp.pairwise[i][j] * 100.0,
                    wrap_from(&pair, width(), 8, "        ")
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
            p.dim(&wrap(
                "No word matches. Loose matches (letters in order):",
                width(),
                ""
            ))
        );
    }
    // kind (8), who (15), then the text: beside them when there is room,
    // else on lines of its own.
    let beside = fits_beside(25);
    let indent = if beside {
        " ".repeat(25)
    } else {
        "  ".to_string()
    };
    let line = |out: &mut String, h: &Hit, who: &str| {
        let kind = format!("{:8}", corpus.entries()[h.entry].target.kind().label());
        let who = format!("{who:15}");
        let text = corpus.text(h.entry);
        let via = group::via(corpus, h).map(|t| format!("(via {t})"));
        let whole = match &via {
            Some(v) => format!("{text} {v}"),
            None => text.to_string(),
        };
        let start = if beside {
            8 + 1 + who.width() + 1
        } else {
            indent.len()
        };
        let body = wrap_marked(&whole, &h.indices, (width(), start), &indent, p);
        let body = match via
            .as_deref()
            .and_then(|v| body.strip_suffix(v).map(|b| (b, v)))
        {
            Some((b, v)) => format!("{b}{}", p.dim(v)),
            None => body,
        };
        if beside {
            let _ = writeln!(out, "{} {} {body}", p.dim(&kind), p.accent(&who));
        } else {
            let head = match who.trim_end() {
                "" => p.dim(kind.trim_end()),
                who => format!(
                    "{} {}",
                    p.dim(&kind),
                    p.accent(&wrap_from(who, width(), 9, "    "))
                ),
            };
            let _ = writeln!(out, "{head}\n{indent}{body}");
        }
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
    let tag = format!("({} · {})", t.id, t.group_heading());
    let _ = writeln!(out, "{}", header(p, &t.name, &tag));
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
        let _ = writeln!(out, "{}", p.dim(&wrap(url, width(), "")));
    }
    let using = cat.roles_using(tool);
    if using.is_empty() {
        let _ = writeln!(out, "\nNo role's duties name this tool.");
    }
    for (r, duties) in using {
        let role = &cat.roles[r];
        let _ = writeln!(out, "\n{}", p.heading(&wrap(&role.title, width(), "")));
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
    let name_w = cat.tools.iter().map(|t| t.name.width()).max().unwrap_or(0);
    let mut heading: Option<String> = None;
    for i in display_order(&cat.tools, 0..cat.tools.len()) {
        let t = &cat.tools[i];
        let h = t.group_heading();
        if heading.as_ref() != Some(&h) {
            let gap = if heading.is_some() { "\n" } else { "" };
            let _ = writeln!(out, "{gap}{}", p.heading(&wrap(&h, width(), "")));
            heading = Some(h);
        }
        let roles: Vec<&str> = cat
            .roles_using(i)
            .into_iter()
            .map(|(r, _)| cat.roles[r].id.as_str())
            .collect();
        let pad = name_w.saturating_sub(t.name.width());
        let beside = fits_beside(name_w + 4);
        let indent = " ".repeat(if beside { name_w + 4 } else { 6 });
        let users = if roles.is_empty() {
            p.dim("—")
        } else {
            p.accent(&wrap(&roles.join(", "), width(), &indent))
        };
        if beside {
            let _ = writeln!(out, "  {}{}  {users}", p.bold(&t.name), " ".repeat(pad));
        } else {
            let name = wrap(&t.name, width(), "  ");
            let _ = writeln!(out, "  {}\n{indent}{users}", p.bold(&name));
        }
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
