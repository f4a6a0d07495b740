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
use crate::tui::state::{App, DetailTab, RolesFocus};
use crate::tui::theme::Theme;

/// Below this width the list collapses into a one-line role switcher.
const SPLIT_MIN_WIDTH: u16 = 70;

pub fn draw(frame: &mut Frame, area: Rect, app: &mut App) {
    let Some(role) = app.selected_role() else {
        let p = ratatui::widgets::Paragraph::new("No roles loaded. Check `roledex validate`.")
            .style(app.theme.warn);
        frame.render_widget(p, area);
        return;
    };
    let detail_area = if area.width >= SPLIT_MIN_WIDTH {
        let list_w = app
            .catalog
            .roles
            .iter()
            .map(|r| r.title.width() as u16 + 6)
            .max()
            .unwrap_or(20)
            .clamp(20, 34);
        let [list, detail] =
            Layout::horizontal([Constraint::Length(list_w), Constraint::Min(20)]).areas(area);
        draw_list(frame, list, app);
        detail
    } else {
        area
    };
    draw_detail(frame, detail_area, app, role, area.width < SPLIT_MIN_WIDTH);
}

fn draw_list(frame: &mut Frame, area: Rect, app: &mut App) {
    let t = app.theme;
    let focused = app.roles.focus == RolesFocus::List;
    let block = pane(Line::from(Span::styled(" Roles ", t.title)), focused, &t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let roles = &app.catalog.roles;
    let height = usize::from(inner.height);
    let offset = app.roles.list.visible_offset(height);
    app.hit.list = Some((inner, offset));
    let mut lines = Vec::new();
    for (i, r) in roles.iter().enumerate().skip(offset).take(height) {
        let selected = i == app.roles.list.index;
        // A divider would cost a row; dim overlap roles instead.
        let base = if r.tier == Tier::Core { t.base } else { t.dim };
        let style = sel_style(selected, focused, &t, base);
        let label = ellipsize(&r.title, usize::from(inner.width).saturating_sub(2));
        let pad = usize::from(inner.width).saturating_sub(label.width() + 2);
        lines.push(Line::from(vec![
            Span::styled(marker(selected), style),
            Span::styled(format!("{label}{}", " ".repeat(pad)), style),
        ]));
    }
    super::text::draw_lines(frame.buffer_mut(), inner, &lines, 0);
}

fn draw_detail(frame: &mut Frame, area: Rect, app: &mut App, role: usize, compact: bool) {
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
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 || inner.width < 4 {
        return;
    }
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    // Tabs: abbreviate when they do not fit.
    let full: usize = DetailTab::ALL.iter().map(|d| d.title().len() + 3).sum();
    let mut x = tabs_area.x;
    let mut spans = Vec::new();
    for tab in DetailTab::ALL {
        let name = if full > usize::from(tabs_area.width) {
            tab.title().split_whitespace().next().unwrap_or("")
        } else {
            tab.title()
        };
        let label = format!(" {name} ");
        let w = label.width() as u16;
        let style = if tab == app.roles.tab {
            t.tab_active
        } else {
            t.dim
        };
        app.hit.detail_tabs.push((
            Rect::new(
                x,
                tabs_area.y,
                w.min(tabs_area.right().saturating_sub(x)),
                1,
            ),
            tab,
        ));
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
        x = x.saturating_add(w + 1);
    }
    frame.render_widget(
        ratatui::widgets::Paragraph::new(Line::from(spans)),
        tabs_area,
    );
    let text_area = content_area(body);
    app.hit.detail = Some(body);
    let width = usize::from(text_area.width);
    let mark = app
        .roles
        .mark
        .filter(|m| m.tab == app.roles.tab)
        .map(|m| m.index);
    let (lines, anchors) = detail_lines(&app.catalog, r, app.roles.tab, width, &t, mark);
    // After a jump, bring the marked item into view once.
    if let Some(m) = &mut app.roles.mark
        && m.pending
        && m.tab == app.roles.tab
    {
        if let Some(&line) = anchors.get(m.index) {
            app.roles.scroll.offset = line.saturating_sub(1);
        }
        m.pending = false;
    }
    scrolled(frame, text_area, &lines, &mut app.roles.scroll, &t);
}

/// The lines of one tab, and for list-like tabs the line where each item
/// starts (so a jump can scroll to it).
pub fn detail_lines(
    cat: &Catalog,
    r: &Role,
    tab: DetailTab,
    width: usize,
    t: &Theme,
    mark: Option<usize>,
) -> (Vec<Line<'static>>, Vec<usize>) {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut anchors = Vec::new();
    let item_style = |i: usize, base: Style| {
        if mark == Some(i) {
            base.patch(t.jump)
        } else {
            base
        }
    };
    let bullet = |i: usize| if mark == Some(i) { "▶ " } else { "• " };
    match tab {
        DetailTab::Overview => {
            lines.extend(wrap(
                vec![Span::styled(r.summary.clone(), t.base)],
                width,
                0,
            ));
            if !r.also_called.is_empty() {
                lines.push(Line::default());
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
            lines.push(Line::from(Span::styled("Sources", t.heading)));
            for id in &r.sources {
                let title = cat.source(id).map_or(String::new(), |s| s.title.clone());
                lines.extend(wrap(
                    vec![
                        Span::styled(format!("  [{id}] "), t.accent),
                        Span::styled(title, t.dim),
                    ],
                    width,
                    4,
                ));
            }
        }
        DetailTab::Origins => {
            for (i, o) in r.origins.iter().enumerate() {
                anchors.push(lines.len());
                let year = o.year.map_or("    ".to_string(), |y| y.to_string());
                let spans = vec![
                    Span::styled(format!("{year} "), t.accent),
                    Span::styled("┃ ", t.border),
                    Span::styled(o.text.clone(), item_style(i, t.base)),
                    Span::styled(format!(" [{}]", o.source), t.dim),
                ];
                let wrapped = wrap(spans, width, 7);
                let n = wrapped.len();
                for (j, mut l) in wrapped.into_iter().enumerate() {
                    if j > 0 && l.spans.first().is_some_and(|s| s.content.trim().is_empty()) {
                        l.spans[0] = Span::styled("     ┃ ", t.border);
                    }
                    lines.push(l);
                    let _ = n;
                }
            }
            if r.origins.is_empty() {
                lines.push(Line::from(Span::styled(
                    "No origins recorded for this role.",
                    t.dim,
                )));
            }
        }
        DetailTab::Duties => {
            // Anchors are by duty index, so fill them in duty order.
            anchors = vec![0; r.duties.len()];
            for area in r.areas() {
                if !lines.is_empty() {
                    lines.push(Line::default());
                }
                lines.push(Line::from(Span::styled(area.to_string(), t.heading)));
                for (i, d) in r.duties.iter().enumerate().filter(|(_, d)| d.area == area) {
                    anchors[i] = lines.len();
                    lines.extend(wrap(
                        vec![
                            Span::styled(bullet(i), t.accent),
                            Span::styled(d.text.clone(), item_style(i, t.base)),
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
                let Some(tool) = cat.tool(id) else { continue };
                if !lines.is_empty() {
                    lines.push(Line::default());
                }
                lines.extend(wrap(
                    vec![
                        Span::styled(tool.name.clone(), t.title),
                        Span::styled(format!("  {}", tool.category), t.dim),
                    ],
                    width,
                    2,
                ));
                for d in r.duties.iter().filter(|d| d.tools.iter().any(|x| x == id)) {
                    lines.extend(wrap(
                        vec![
                            Span::styled("  • ", t.accent),
                            Span::styled(d.text.clone(), t.base),
                        ],
                        width,
                        4,
                    ));
                }
            }
        }
        DetailTab::Questions => {
            for (i, q) in r.interview_questions.iter().enumerate() {
                anchors.push(lines.len());
                if i > 0 {
                    lines.push(Line::default());
                    *anchors.last_mut().expect("just pushed") += 1;
                }
                lines.extend(wrap(
                    vec![
                        Span::styled("? ", t.accent),
                        Span::styled(q.question.clone(), item_style(i, t.title)),
                    ],
                    width,
                    2,
                ));
                lines.extend(wrap(
                    vec![Span::styled(format!("  {}", q.why), t.dim)],
                    width,
                    2,
                ));
            }
            let telling = &cat.guide.telling_questions;
            if !telling.is_empty() {
                lines.push(Line::default());
                lines.push(Line::from(Span::styled(
                    "Questions that tell the roles apart",
                    t.heading,
                )));
                for q in telling {
                    lines.push(Line::default());
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
    (lines, anchors)
}
