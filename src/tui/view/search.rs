//! The Search screen: a query field, ranked hits with matches highlighted,
//! and a preview of the selected hit in its context.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::text::{draw_lines, ellipsize, highlighted, wrap};
use super::{content_area, field_line, marker, pane, scrollbar, sel_style};
use crate::search::Target;
use crate::tui::state::{App, FieldFocus, Scroll};

/// The Search screen's panes; `hits` is the results' inside, less a
/// scrollbar column when they overflow.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub input: Rect,
    pub list: Rect,
    pub hits: Rect,
    pub overflow: bool,
    pub preview: Option<Rect>,
}

pub fn areas(area: Rect, app: &App) -> Areas {
    let preview_h = if area.height >= 20 { 8 } else { 0 };
    let [input, list, preview] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(preview_h),
    ])
    .areas(area);
    let outer = super::inner(list);
    let overflow = app.search.hits.len() > usize::from(outer.height);
    Areas {
        input,
        list,
        hits: if overflow { content_area(outer) } else { outer },
        overflow,
        preview: (preview_h > 0).then_some(preview),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme;
    let st = &app.search;
    let typing = st.focus == FieldFocus::Input;
    let kind = st.kind.map_or("all", |k| k.label());
    let role = st
        .role
        .map_or("all".to_string(), |r| app.catalog.roles[r].id.clone());
    let areas = areas(area, app);
    let (input_area, list_area) = (areas.input, areas.list);

    let count = if st.query.value().trim().is_empty() {
        String::new()
    } else {
        format!(" {} hits ", st.hits.len())
    };
    let block = pane(
        Line::from(vec![
            Span::styled(" Search ", t.title),
            Span::styled(format!("kind: {kind} "), t.accent),
            Span::styled(format!("role: {role} "), t.accent),
        ]),
        typing,
        &t,
    )
    .title_bottom(Line::from(Span::styled(count, t.dim)).right_aligned());
    let inner = block.inner(input_area);
    frame.render_widget(block, input_area);
    let field = field_line(
        "› ",
        &st.query,
        typing,
        "duties, tools, questions, origins…",
        inner.width,
        &t,
    );
    frame
        .buffer_mut()
        .set_line(inner.x, inner.y, &field, inner.width);

    let n = st.hits.len();
    let position = if n > 0 {
        format!(" {}/{n} ", st.list.index + 1)
    } else {
        String::new()
    };
    // Loose matches (no word matched, letters in order) are never shown
    // as if they were results.
    let loose = st.hits.first().is_some_and(|h| h.loose);
    let title = if loose {
        " Loose matches: no word matched "
    } else {
        " Results "
    };
    let block = pane(Line::from(Span::styled(title, t.title)), !typing, &t)
        .title_bottom(Line::from(Span::styled(position, t.dim)).right_aligned());
    frame.render_widget(block, list_area);
    // A column for the scrollbar when the hits overflow.
    let (inner, overflow) = (areas.hits, areas.overflow);
    let height = usize::from(inner.height);
    let offset = st.list.offset;
    let corpus = app.catalog.corpus();
    if st.query.value().trim().is_empty() {
        let help = [
            "Type to search every duty, tool, interview question and origin.",
            "Terms match in any order: try `ci pipe`, `golden path`, `tf`, `k8s`, `vpc subnet`.",
            "↑/↓ select · Enter opens · Ctrl-K filters by kind · Ctrl-R by role · Tab leaves the field",
        ];
        let lines: Vec<Line> = help
            .iter()
            .flat_map(|s| {
                wrap(
                    vec![Span::styled(s.to_string(), t.dim)],
                    usize::from(inner.width),
                    0,
                )
            })
            .collect();
        draw_lines(frame.buffer_mut(), inner, &lines, 0);
    } else if st.hits.is_empty() {
        // A lone letter is set aside while typing (it starts too many
        // words): the next key, not fewer terms, is what helps.
        let value = st.query.value();
        let lone_letter = value.trim().chars().count() == 1 && !value.ends_with(' ');
        let message = if lone_letter {
            "Keep typing: one letter starts too many words to search by."
        } else {
            "No matches. Fewer or shorter terms, or Ctrl-K/Ctrl-R to widen the filters."
        };
        frame.buffer_mut().set_line(
            inner.x,
            inner.y,
            &Line::from(Span::styled(message, t.dim)),
            inner.width,
        );
    }
    let mut lines = Vec::new();
    let w = usize::from(inner.width);
    for (i, hit) in st.hits.iter().enumerate().skip(offset).take(height) {
        let e = &corpus.entries()[hit.entry];
        let selected = i == st.list.index;
        // A tool's users, or every role of merged identical texts.
        let roles = crate::search::group::roles(corpus, hit);
        let who = roles.first().map_or("—".to_string(), |&r| {
            let title = &app.catalog.roles[r].title;
            let short = title.strip_suffix(" Engineer").unwrap_or(title);
            match roles.len() {
                1 => short.to_string(),
                n => format!("{short} +{}", n - 1),
            }
        });
        let base = sel_style(selected, !typing, &t, t.base);
        let mut spans = vec![
            Span::styled(marker(selected), base),
            Span::styled(
                format!("{:<9}", e.target.kind().label()),
                if selected { base } else { t.dim },
            ),
            Span::styled(
                format!("{:<15}", ellipsize(&who, 14)),
                if selected { base } else { t.accent },
            ),
        ];
        let full = corpus.text(hit.entry);
        let via = crate::search::group::via(corpus, hit)
            .map(|name| format!(" · via {name}"))
            .unwrap_or_default();
        let avail = w.saturating_sub(26);
        // The text is the hit; "via" only explains it: on a narrow screen
        // the text keeps its first words, and "via" is cut or left out.
        let text_min = full.width().min(16);
        let via = if avail >= text_min + via.width() {
            via
        } else if avail >= text_min + 8 {
            ellipsize(&via, avail - text_min)
        } else {
            String::new()
        };
        let room = avail.saturating_sub(via.width());
        let text = if full.width() > room {
            ellipsize(full, room)
        } else {
            full.to_string()
        };
        spans.extend(highlighted(
            &text,
            &hit.indices,
            base,
            base.patch(t.matched),
        ));
        spans.push(Span::styled(via, if selected { base } else { t.dim }));
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        spans.push(Span::styled(" ".repeat(w.saturating_sub(used)), base));
        lines.push(Line::from(spans));
    }
    draw_lines(frame.buffer_mut(), inner, &lines, 0);
    if overflow {
        let bar = Scroll {
            offset,
            content: n,
            viewport: height,
        };
        scrollbar(frame, inner, &bar, &t);
    }

    if let Some(preview) = areas.preview {
        draw_preview(frame, preview, app);
    }
}

fn draw_preview(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme;
    let block = pane(Line::from(Span::styled(" Preview ", t.title)), false, &t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let st = &app.search;
    let Some(hit) = st.hits.get(st.list.index) else {
        return;
    };
    let cat = &app.catalog;
    let e = &cat.corpus().entries()[hit.entry];
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    let mut context = |label: String| lines.push(Line::from(Span::styled(label, t.heading)));
    match e.target {
        Target::Duty { role, index } => {
            let d = &cat.roles[role].duties[index];
            context(format!("{} · duty · {}", cat.roles[role].title, d.area));
        }
        Target::Question { role, .. } => {
            context(format!("{} · interview question", cat.roles[role].title))
        }
        Target::Origin { role, index } => {
            let year = cat.roles[role].origins[index]
                .year
                .map_or(String::new(), |y| format!(" · {y}"));
            context(format!("{} · origin{year}", cat.roles[role].title));
        }
        Target::Tool { tool } => context(format!("tool · {}", cat.tools[tool].category)),
    }
    lines.extend(wrap(
        highlighted(
            cat.corpus().text(hit.entry),
            &hit.indices,
            t.base,
            t.matched,
        ),
        w,
        0,
    ));
    let extra = match e.target {
        Target::Duty { role, index } => {
            let d = &cat.roles[role].duties[index];
            let names: Vec<String> = d
                .tools
                .iter()
                .filter_map(|id| cat.tool(id))
                .map(|x| x.name.clone())
                .collect();
            (!names.is_empty()).then(|| format!("tools: {}", names.join(", ")))
        }
        Target::Question { role, index } => {
            Some(cat.roles[role].interview_questions[index].why.clone())
        }
        Target::Tool { tool } => {
            let users: Vec<String> = cat
                .roles_using(tool)
                .iter()
                .map(|(r, _)| cat.roles[*r].title.clone())
                .collect();
            let url = cat.tools[tool]
                .url
                .as_ref()
                .map_or(String::new(), |u| format!(" · {u}"));
            Some(format!(
                "{} Used by: {}{url}",
                cat.tools[tool].description,
                users.join(", ")
            ))
        }
        Target::Origin { role, index } => {
            let id = &cat.roles[role].origins[index].source;
            cat.source(id).map(|s| match &s.url {
                Some(url) => format!("[{id}] {} · {url}", s.title),
                None => format!("[{id}] {}", s.title),
            })
        }
    };
    if let Some(x) = extra {
        lines.extend(wrap(vec![Span::styled(x, t.dim)], w, 0));
    }
    draw_lines(frame.buffer_mut(), inner, &lines, 0);
}
