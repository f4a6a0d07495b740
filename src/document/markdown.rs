//! Markdown reports, for pasting into notes, issues or wikis.

use std::fmt::Write;

use crate::catalog::Catalog;
use crate::compare::{Comparison, Sharing};
use crate::content::ProfileKey;
use crate::search::{Corpus, Results, group};

/// Table cells cannot hold a raw pipe or newline.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn tool_names(cat: &Catalog, ids: &[String]) -> String {
    ids.iter()
        .map(|id| cat.tool(id).map_or(id.clone(), |t| t.name.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn roles(cat: &Catalog) -> String {
    let mut out = String::from("| Id | Role | Summary |\n|---|---|---|\n");
    for r in &cat.roles {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            r.id,
            cell(&r.title),
            cell(&r.summary)
        );
    }
    out
}

pub fn show(cat: &Catalog, role: usize) -> String {
    let r = &cat.roles[role];
    let mut out = format!("# {}\n\n", r.title);
    if !r.also_called.is_empty() {
        let _ = writeln!(out, "*Also called:* {}\n", r.also_called.join(", "));
    }
    let _ = writeln!(out, "{}\n\n## Profile\n\n| | |\n|---|---|", r.summary);
    for k in ProfileKey::ALL {
        let _ = writeln!(out, "| **{}** | {} |", k.label(), cell(r.profile.get(k)));
    }
    if !r.origins.is_empty() {
        out.push_str("\n## Origins\n\n");
        for o in &r.origins {
            let year = o.year.map(|y| format!("**{y}** — ")).unwrap_or_default();
            let _ = writeln!(out, "- {year}{} [{}]", o.text, o.source);
        }
    }
    out.push_str("\n## Duties\n");
    for area in r.areas() {
        let _ = writeln!(out, "\n### {area}\n");
        for d in r.duties.iter().filter(|d| d.area == area) {
            let tools = if d.tools.is_empty() {
                String::new()
            } else {
                format!(" *Tools: {}.*", tool_names(cat, &d.tools))
            };
            let _ = writeln!(out, "- {}{tools} [{}]", d.text, d.source);
        }
    }
    if !r.interview_questions.is_empty() {
        out.push_str("\n## Interview questions\n\n");
        for q in &r.interview_questions {
            let _ = writeln!(out, "- **{}** {} [{}]", q.question, q.why, q.source);
        }
    }
    out.push_str("\n## Sources\n\n");
    for id in &r.sources {
        if let Some(s) = cat.source(id) {
            match &s.url {
                Some(u) => {
                    let _ = writeln!(out, "- [{id}] [{}]({u})", s.title);
                }
                None => {
                    let _ = writeln!(out, "- [{id}] {}", s.title);
                }
            }
        }
    }
    out
}

pub fn compare(cat: &Catalog, cmp: &Comparison) -> String {
    let titles: Vec<&str> = cmp
        .roles
        .iter()
        .map(|&r| cat.roles[r].title.as_str())
        .collect();
    let mut out = format!(
        "# {}\n\n| | {} |\n|---|{}\n",
        titles.join(" vs "),
        titles.join(" | "),
        "---|".repeat(titles.len())
    );
    for row in &cmp.profile {
        let vals: Vec<String> = row.values.iter().map(|v| cell(v)).collect();
        let _ = writeln!(out, "| **{}** | {} |", row.label, vals.join(" | "));
    }
    for (heading, list, tools) in [
        ("Tools", &cmp.tools, true),
        ("Duty areas", &cmp.areas, false),
    ] {
        let _ = writeln!(
            out,
            "\n## {heading}\n\n| | {} |\n|---|{}",
            titles.join(" | "),
            "---|".repeat(titles.len())
        );
        for f in list {
            let name = if tools {
                cat.tool(&f.name).map_or(f.name.clone(), |t| t.name.clone())
            } else {
                f.name.clone()
            };
            let marks: Vec<&str> = (0..titles.len())
                .map(|p| if f.roles.contains(&p) { "✓" } else { "" })
                .collect();
            let tag = match f.sharing {
                Sharing::All => " *(shared)*",
                Sharing::Some => " *(partly shared)*",
                Sharing::One => "",
            };
            let _ = writeln!(out, "| {}{tag} | {} |", cell(&name), marks.join(" | "));
        }
    }
    let _ = writeln!(
        out,
        "\n**Similarity:** {:.0}% (Jaccard index of tools and duty areas, mean over pairs)",
        cmp.similarity * 100.0
    );
    out
}

pub fn search(role_ids: &[String], corpus: &Corpus, results: &Results) -> String {
    let mut out = String::new();
    if results.loose {
        out.push_str("_No word matches. Loose matches (letters in order):_\n\n");
    }
    out.push_str("| Kind | Roles | Text |\n|---|---|---|\n");
    for h in &results.hits {
        let e = &corpus.entries()[h.entry];
        let roles: Vec<&str> = group::roles(corpus, h)
            .into_iter()
            .map(|r| role_ids[r].as_str())
            .collect();
        let via = group::via(corpus, h)
            .map(|t| format!(" _(via {t})_"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {}{} |",
            e.target.kind().label(),
            if roles.is_empty() {
                "—".to_string()
            } else {
                roles.join(", ")
            },
            cell(&bold_indices(corpus.text(h.entry), &h.indices)),
            cell(&via)
        );
    }
    out
}

/// Marks matched characters in **bold**, merging runs.
fn bold_indices(text: &str, indices: &[usize]) -> String {
    let mut out = String::new();
    let mut open = false;
    for (i, c) in text.chars().enumerate() {
        let hit = indices.binary_search(&i).is_ok();
        if hit != open {
            out.push_str("**");
            open = hit;
        }
        out.push(c);
    }
    if open {
        out.push_str("**");
    }
    out
}

pub fn tool(cat: &Catalog, tool: usize) -> String {
    let t = &cat.tools[tool];
    let mut out = format!("# {}\n\n*{}*", t.name, t.group_heading());
    if !t.aliases.is_empty() {
        let _ = write!(out, " · also known as {}", t.aliases.join(", "));
    }
    let _ = writeln!(out, "\n\n{}", t.description);
    for (r, duties) in cat.roles_using(tool) {
        let role = &cat.roles[r];
        let _ = writeln!(out, "\n## {}\n", role.title);
        for d in duties {
            let _ = writeln!(out, "- {} *({})*", role.duties[d].text, role.duties[d].area);
        }
    }
    out
}

pub fn tools(cat: &Catalog) -> String {
    let mut out = String::from("| Tool | Category | Roles |\n|---|---|---|\n");
    for i in crate::content::display_order(&cat.tools, 0..cat.tools.len()) {
        let t = &cat.tools[i];
        let roles: Vec<&str> = cat
            .roles_using(i)
            .into_iter()
            .map(|(r, _)| cat.roles[r].id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            cell(&t.name),
            cell(&t.group_heading()),
            roles.join(", ")
        );
    }
    out
}
