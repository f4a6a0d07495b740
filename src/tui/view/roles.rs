//! The Roles screen: a list of roles beside a tabbed detail pane.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::text::{ellipsize, wrap};
use super::{content_area, marker, pane, scrolled, sel_style};
use crate::catalog::Catalog;
use crate::content::{ProfileKey, Role, Tier};
use crate::tui::state::{App, Detail, DetailItem, DetailTab, ItemTarget, RolesFocus};
use crate::tui::theme::Theme;

/// Below this width the list collapses into a one-line role switcher.
const SPLIT_MIN_WIDTH: u16 = 70;

/// Where the Roles screen's panes go.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    /// The role list (outer), absent in the compact layout.
    pub list: Option<Rect>,
    /// The list's rows, inside its border and below the filter.
    pub rows: Option<Rect>,
    /// The filter's row, while it is focused or holds text.
    pub filter: Option<Rect>,
    pub detail: Rect,
    pub compact: bool,
}

pub fn areas(area: Rect, app: &App) -> Areas {
    let filtered = app.roles.filtering || !app.roles.filter.is_empty();
    if area.width < SPLIT_MIN_WIDTH {
        // The filter takes a row above the role switcher.
        let (filter, detail) = if filtered && area.height > 4 {
            let [f, d] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
            (Some(f), d)
        } else {
            (None, area)
        };
        return Areas {
            list: None,
            rows: None,
            filter,
            detail,
            compact: true,
        };
    }
    let [list, detail] = Layout::horizontal([
        Constraint::Length(app.roles.list_width),
        Constraint::Min(20),
    ])
    .areas(area);
    let inner = super::inner(list);
    let (filter, rows) = if filtered && inner.height > 1 {
        let [f, r] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        (Some(f), r)
    } else {
        (None, inner)
    };
    Areas {
        list: Some(list),
        rows: Some(rows),
        filter,
        detail,
        compact: false,
    }
}

/// Inside the detail pane: the tab row, the body, and the body's text
/// (one column kept for the scrollbar). `None` when too small to use.
#[derive(Debug, Clone, Copy)]
pub struct DetailAreas {
    pub tabs: Rect,
    pub body: Rect,
    pub text: Rect,
}

pub fn detail_areas(detail: Rect) -> Option<DetailAreas> {
    let inner = super::inner(detail);
    if inner.height < 2 || inner.width < 4 {
        return None;
    }
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    Some(DetailAreas {
        tabs,
        body,
        text: content_area(body),
    })
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(role) = app.selected_role() else {
        let p = ratatui::widgets::Paragraph::new("No roles loaded. Check `roledex validate`.")
            .style(app.theme.warn);
        frame.render_widget(p, area);
        return;
    };
    let a = areas(area, app);
    if let (Some(list), Some(rows)) = (a.list, a.rows) {
        draw_list(frame, list, rows, app);
    }
    if let Some(f) = a.filter {
        let line = super::field_line(
            "filter › ",
            &app.roles.filter,
            app.roles.filtering,
            "title or id",
            f.width,
            &app.theme,
        );
        frame.buffer_mut().set_line(f.x, f.y, &line, f.width);
    }
    draw_detail(frame, a.detail, app, role, a.compact);
}

fn draw_list(frame: &mut Frame, area: Rect, inner: Rect, app: &App) {
    let t = app.theme;
    let focused = app.roles.focus == RolesFocus::List && !app.roles.filtering;
    let shown = app.roles.rows.iter().flatten().count();
    let all = app.catalog.roles.len();
    let title = if shown == all {
        " Roles ".to_string()
    } else {
        format!(" Roles {shown}/{all} ")
    };
    let block = pane(
        Line::from(Span::styled(title, t.title)),
        focused || app.roles.filtering,
        &t,
    );
    frame.render_widget(block, area);
    if app.roles.rows.is_empty() {
        let msg = ellipsize("No role matches.", usize::from(inner.width));
        frame.buffer_mut().set_line(
            inner.x,
            inner.y,
            &Line::from(Span::styled(msg, t.dim)),
            inner.width,
        );
        return;
    }
    let roles = &app.catalog.roles;
    let rows = &app.roles.rows;
    let height = usize::from(inner.height);
    let offset = app.roles.list.offset;
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    for (k, row) in rows.iter().enumerate().skip(offset).take(height) {
        let Some(i) = *row else {
            let next = rows.iter().skip(k + 1).find_map(|x| *x);
            let tier = next.map_or(Tier::Core, |n| roles[n].tier);
            let label = match tier {
                Tier::Core => "The article's three roles",
                Tier::Overlap => "Overlapping roles",
            };
            lines.push(Line::from(Span::styled(ellipsize(label, w), t.heading)));
            continue;
        };
        let r = &roles[i];
        let selected = i == app.roles.list.index;
        let style = sel_style(selected, focused, &t, t.base);
        let label = ellipsize(&r.title, w.saturating_sub(2));
        let pad = w.saturating_sub(label.width() + 2);
        lines.push(Line::from(vec![
            Span::styled(marker(selected), style),
            Span::styled(format!("{label}{}", " ".repeat(pad)), style),
        ]));
    }
    super::text::draw_lines(frame.buffer_mut(), inner, &lines, 0);
}

fn draw_detail(frame: &mut Frame, area: Rect, app: &App, role: usize, compact: bool) {
    let t = app.theme;
    let focused = app.roles.focus == RolesFocus::Detail || compact;
    let r = &app.catalog.roles[role];
    let title = if compact {
        format!(
            " ◀ {} ({}/{}) ▶ ",
            r.title,
            role + 1,
            app.catalog.roles.len()
        )
    } else {
        format!(" {} ", r.title)
    };
    let block = pane(Line::from(Span::styled(title, t.title)), focused, &t);
    frame.render_widget(block, area);
    let Some(d) = detail_areas(area) else {
        return;
    };
    draw_tabs(frame, d.tabs, app.roles.tab, &t);
    scrolled(
        frame,
        d.text,
        &app.roles.detail.value.lines,
        &app.roles.scroll,
        &t,
    );
}

/// Which detail tabs fit in `area`: a window of them that holds the active
/// one (‹ and › mark tabs hidden), and where each shown tab sits.
pub fn tab_window(area: Rect, current: DetailTab) -> (bool, bool, Vec<(Rect, DetailTab)>) {
    let tabs = DetailTab::ALL;
    let width = |tab: DetailTab| tab.title().width() + 3;
    let room = usize::from(area.width);
    let active = tabs.iter().position(|&x| x == current).unwrap_or(0);
    let (mut first, mut last) = (0, tabs.len());
    // Drop tabs from the end, then from the start, keeping the active one
    // and two columns for the indicators.
    let fits = |f: usize, l: usize| {
        let arrows = 2 * usize::from(f > 0 || l < tabs.len());
        // No gap is needed after the last tab.
        tabs[f..l].iter().map(|&x| width(x)).sum::<usize>() - 1 + arrows <= room
    };
    while !fits(first, last) && last > active + 1 {
        last -= 1;
    }
    while !fits(first, last) && first < active {
        first += 1;
    }
    let arrows = first > 0 || last < tabs.len();
    let mut x = area.x + if arrows { 2 } else { 0 };
    let mut shown = Vec::new();
    for &tab in &tabs[first..last] {
        let w = (tab.title().width() + 2) as u16;
        shown.push((
            Rect::new(x, area.y, w.min(area.right().saturating_sub(x)), 1),
            tab,
        ));
        x = x.saturating_add(w + 1);
    }
    (first > 0, last < tabs.len(), shown)
}

fn draw_tabs(frame: &mut Frame, area: Rect, current: DetailTab, t: &Theme) {
    let (left, right, shown) = tab_window(area, current);
    let mut spans = Vec::new();
    if left || right {
        spans.push(Span::styled(if left { "‹ " } else { "  " }, t.accent));
    }
    for (_, tab) in shown {
        let style = if tab == current { t.tab_active } else { t.dim };
        spans.push(Span::styled(format!(" {} ", tab.title()), style));
        spans.push(Span::raw(" "));
    }
    if right {
        spans.push(Span::styled("›", t.accent));
    }
    frame.render_widget(ratatui::widgets::Paragraph::new(Line::from(spans)), area);
}

/// The lines of one tab, with the item at position `cursor` (screen
/// order) drawn as the cursor.
pub fn detail_lines(
    cat: &Catalog,
    r: &Role,
    tab: DetailTab,
    width: usize,
    t: &Theme,
    cursor: Option<usize>,
) -> Detail {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut items: Vec<DetailItem> = Vec::new();
    let mut blocks: Vec<usize> = Vec::new();
    // The position the next item will have; compared with the cursor.
    let on = |items: &Vec<DetailItem>| cursor == Some(items.len());
    let item_style = |here: bool, base: Style| if here { base.patch(t.jump) } else { base };
    let bullet = |here: bool| if here { "▶ " } else { "• " };
    let push_item = |items: &mut Vec<DetailItem>, start: usize, end: usize, target| {
        items.push(DetailItem { start, end, target });
    };
    match tab {
        DetailTab::Overview => {
            blocks.push(0);
            lines.extend(wrap(
                vec![Span::styled(r.summary.clone(), t.base)],
                width,
                0,
            ));
            if !r.also_called.is_empty() {
                lines.push(Line::default());
                blocks.push(lines.len());
                lines.extend(wrap(
                    vec![
                        Span::styled("Also called: ", t.dim),
                        Span::styled(r.also_called.join(", "), t.base),
                    ],
                    width,
                    2,
                ));
            }
            for k in ProfileKey::ALL {
                lines.push(Line::default());
                blocks.push(lines.len());
                lines.push(Line::from(Span::styled(k.label().to_string(), t.heading)));
                let value = r.profile.get(k).to_string();
                let style = if k == ProfileKey::DistanceFromAppCode {
                    t.accent
                } else {
                    t.base
                };
                lines.extend(wrap(
                    vec![Span::raw("  "), Span::styled(value, style)],
                    width,
                    2,
                ));
            }
            lines.push(Line::default());
            blocks.push(lines.len());
            lines.push(Line::from(Span::styled("Sources", t.heading)));
            for id in &r.sources {
                let source = cat.source(id);
                let title = source.map_or(String::new(), |s| s.title.clone());
                lines.extend(wrap(
                    vec![
                        Span::styled(format!("  [{id}] "), t.accent),
                        Span::styled(title, t.dim),
                    ],
                    width,
                    4,
                ));
                // The address itself, so it can be read or copied; `o` opens it.
                if let Some(url) = source.and_then(|s| s.url.as_ref()) {
                    lines.extend(wrap(
                        vec![Span::styled(format!("    {url}"), t.link)],
                        width,
                        4,
                    ));
                }
            }
        }
        DetailTab::Origins => {
            for (i, o) in r.origins.iter().enumerate() {
                let here = on(&items);
                let start = lines.len();
                let year = o.year.map_or("    ".to_string(), |y| y.to_string());
                let spans = vec![
                    Span::styled(
                        format!("{year} "),
                        if here {
                            t.accent.patch(t.jump)
                        } else {
                            t.accent
                        },
                    ),
                    Span::styled(if here { "▶ " } else { "┃ " }, t.border),
                    Span::styled(o.text.clone(), item_style(here, t.base)),
                    Span::styled(format!(" [{}]", o.source), t.dim),
                ];
                for (j, mut l) in wrap(spans, width, 7).into_iter().enumerate() {
                    if j > 0 && l.spans.first().is_some_and(|s| s.content.trim().is_empty()) {
                        l.spans[0] = Span::styled("     ┃ ", t.border);
                    }
                    lines.push(l);
                }
                push_item(&mut items, start, lines.len(), ItemTarget::Origin(i));
            }
            if r.origins.is_empty() {
                lines.push(Line::from(Span::styled(
                    "No origins recorded for this role.",
                    t.dim,
                )));
            }
        }
        DetailTab::Duties => {
            for area in r.areas() {
                if !lines.is_empty() {
                    lines.push(Line::default());
                }
                lines.push(Line::from(Span::styled(area.to_string(), t.heading)));
                for (i, d) in r.duties.iter().enumerate().filter(|(_, d)| d.area == area) {
                    let here = on(&items);
                    let start = lines.len();
                    lines.extend(wrap(
                        vec![
                            Span::styled(bullet(here), t.accent),
                            Span::styled(d.text.clone(), item_style(here, t.base)),
                        ],
                        width,
                        2,
                    ));
                    if !d.tools.is_empty() {
                        let names: Vec<String> = d
                            .tools
                            .iter()
                            .map(|id| cat.tool(id).map_or(id.clone(), |t| t.name.clone()))
                            .collect();
                        lines.extend(wrap(
                            vec![
                                Span::styled("  ⚙ ", t.dim),
                                Span::styled(names.join(", "), t.accent),
                            ],
                            width,
                            4,
                        ));
                    }
                    push_item(&mut items, start, lines.len(), ItemTarget::Duty(i));
                }
            }
        }
        DetailTab::Tools => {
            let ids = r.tool_ids();
            if ids.is_empty() {
                lines.push(Line::from(Span::styled(
                    "No tools named by this role's duties.",
                    t.dim,
                )));
            }
            for id in ids {
                let Some(ti) = cat.tool_index(id) else {
                    continue;
                };
                let tool = &cat.tools[ti];
                if !lines.is_empty() {
                    lines.push(Line::default());
                }
                let here = on(&items);
                let start = lines.len();
                lines.extend(wrap(
                    vec![
                        Span::styled(bullet(here), t.accent),
                        Span::styled(tool.name.clone(), item_style(here, t.title)),
                        Span::styled(format!("  {}", tool.category), t.dim),
                    ],
                    width,
                    2,
                ));
                for d in r.duties.iter().filter(|d| d.tools.iter().any(|x| x == id)) {
                    lines.extend(wrap(
                        vec![
                            Span::styled("  – ", t.dim),
                            Span::styled(d.text.clone(), t.base),
                        ],
                        width,
                        4,
                    ));
                }
                push_item(&mut items, start, lines.len(), ItemTarget::Tool(ti));
            }
        }
        DetailTab::Questions => {
            for (i, q) in r.interview_questions.iter().enumerate() {
                if i > 0 {
                    lines.push(Line::default());
                }
                let here = on(&items);
                let start = lines.len();
                lines.extend(wrap(
                    vec![
                        Span::styled(if here { "▶ " } else { "? " }, t.accent),
                        Span::styled(q.question.clone(), item_style(here, t.title)),
                    ],
                    width,
                    2,
                ));
                lines.extend(wrap(
                    vec![Span::styled(format!("  {}", q.why), t.dim)],
                    width,
                    2,
                ));
                push_item(&mut items, start, lines.len(), ItemTarget::Question(i));
            }
            let telling = &cat.guide.telling_questions;
            if !telling.is_empty() {
                lines.push(Line::default());
                blocks.push(lines.len());
                lines.push(Line::from(Span::styled(
                    "Questions that tell the roles apart",
                    t.heading,
                )));
                for q in telling {
                    lines.push(Line::default());
                    blocks.push(lines.len());
                    lines.extend(wrap(
                        vec![
                            Span::styled("? ", t.accent),
                            Span::styled(q.question.clone(), t.title),
                        ],
                        width,
                        2,
                    ));
                    for a in &q.answers {
                        let here = a.suggests == r.id;
                        let who = cat
                            .role(&a.suggests)
                            .map_or(a.suggests.clone(), |x| x.title.clone());
                        lines.extend(wrap(
                            vec![
                                Span::styled(
                                    if here { "  ➜ " } else { "  → " },
                                    if here { t.shared } else { t.dim },
                                ),
                                Span::styled(format!("“{}”", a.answer), t.base),
                                Span::styled(
                                    format!(" suggests {who}"),
                                    if here { t.shared } else { t.accent },
                                ),
                                Span::styled(format!(": {}", a.meaning), t.dim),
                            ],
                            width,
                            4,
                        ));
                    }
                }
            }
        }
    }
    blocks.extend(items.iter().map(|i| i.start));
    blocks.sort_unstable();
    Detail {
        lines,
        items,
        blocks,
    }
}
