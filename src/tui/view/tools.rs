//! The Tools screen: a filterable tool catalogue, grouped under category
//! headings with concepts after the products (as `roledex tools` lists
//! them); the selected tool shows which roles use it and for which duties.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::text::{draw_lines, ellipsize, wrap};
use super::{content_area, field_line, marker, pane, scrollbar, sel_style, text};
use crate::content::ToolKind;
use crate::tui::state::{App, FieldFocus, Scroll};

/// The Tools screen's panes and the list's rows (below the filter, less
/// the scrollbar column).
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub left: Rect,
    pub right: Rect,
    pub list: Rect,
}

pub fn areas(area: Rect) -> Areas {
    let narrow = area.width < 70;
    let list_w = if narrow {
        area.width
    } else {
        (area.width / 3).clamp(24, 40)
    };
    let [left, right] = if narrow {
        let h = (area.height / 2).max(5);
        let [a, b] = Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(area);
        [a, b]
    } else {
        Layout::horizontal([Constraint::Length(list_w), Constraint::Min(20)]).areas(area)
    };
    let inner = super::inner(left);
    let list = content_area(Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    });
    Areas { left, right, list }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme;
    let Areas { left, right, list } = areas(area);
    let typing = app.tools.focus == FieldFocus::Input;
    let shown = app.tools.matches.len();
    let total = app.catalog.tools.len();
    // Position in the list, and how much of the catalogue the filter kept.
    let counter = match (shown, shown == total) {
        (0, _) => format!(" Tools 0/{total} "),
        (_, true) => format!(" Tools {}/{shown} ", app.tools.list.index + 1),
        (_, false) => format!(
            " Tools {}/{shown} · {total} in all ",
            app.tools.list.index + 1
        ),
    };
    let block = pane(Line::from(Span::styled(counter, t.title)), typing, &t);
    let inner = block.inner(left);
    frame.render_widget(block, left);
    if inner.height == 0 {
        return;
    }
    let field = field_line(
        "filter › ",
        &app.tools.filter,
        typing,
        "name or alias",
        inner.width,
        &t,
    );
    frame
        .buffer_mut()
        .set_line(inner.x, inner.y, &field, inner.width);
    let height = usize::from(list.height);
    let (lines, _, scroll) = list_lines(app, usize::from(list.width), height, typing);
    draw_lines(frame.buffer_mut(), list, &lines, 0);
    scrollbar(frame, list, &scroll, &t);

    let Some(tool_idx) = app.selected_tool() else {
        let block = pane(" Used by ", false, &t);
        frame.render_widget(block, right);
        return;
    };
    let tool = &app.catalog.tools[tool_idx];
    let block = pane(
        Line::from(Span::styled(format!(" {} ", tool.name), t.title)),
        !typing,
        &t,
    );
    let inner = block.inner(right);
    frame.render_widget(block, right);
    let text = content_area(inner);
    let w = usize::from(text.width);
    let mut lines = Vec::new();
    let mut head = vec![Span::styled(tool.group_heading(), t.accent)];
    if !tool.aliases.is_empty() {
        head.push(Span::styled(
            format!("  aka {}", tool.aliases.join(", ")),
            t.dim,
        ));
    }
    lines.extend(wrap(head, w, 2));
    lines.extend(wrap(
        vec![Span::styled(tool.description.clone(), t.base)],
        w,
        0,
    ));
    if let Some(url) = &tool.url {
        lines.extend(wrap(vec![Span::styled(url.clone(), t.link)], w, 0));
    }
    lines.push(Line::default());
    let using = app.catalog.roles_using(tool_idx);
    lines.push(Line::from(Span::styled(
        format!(
            "Used by {} role{}",
            using.len(),
            if using.len() == 1 { "" } else { "s" }
        ),
        t.heading,
    )));
    // Only the roles around the selected one are laid out: a tool used by
    // thousands of roles (big content) would otherwise wrap every duty of
    // every one of them on each frame. Each role takes at least one line,
    // so starting a third of a view above the selection is enough.
    let height = usize::from(text.height);
    let sel = if typing { 0 } else { app.tools.role.index };
    let first = sel.saturating_sub(height / 3 + 1);
    let head = lines.len();
    // While the filter is typed in, no role is selected: the top shows.
    let mut anchor = if typing { 0 } else { head };
    let mut laid = 0;
    for (n, (r, duties)) in using.iter().enumerate().skip(first) {
        if n > sel && lines.len() > anchor + height {
            break;
        }
        laid += 1 + duties.len();
        let role = &app.catalog.roles[*r];
        let selected = !typing && n == app.tools.role.index;
        if n == sel && !typing {
            anchor = lines.len();
        }
        lines.push(Line::from(vec![
            Span::styled(marker(selected), sel_style(selected, true, &t, t.title)),
            Span::styled(role.title.clone(), sel_style(selected, true, &t, t.title)),
        ]));
        for &d in duties {
            let duty = &role.duties[d];
            lines.extend(wrap(
                vec![
                    Span::styled("  • ", t.accent),
                    Span::styled(duty.text.clone(), t.base),
                    Span::styled(format!(" ({})", duty.area), t.dim),
                ],
                w,
                4,
            ));
        }
    }
    if using.is_empty() {
        lines.push(Line::from(Span::styled(
            "No role's duties name this tool.",
            t.dim,
        )));
    }
    // Keep the selected role in view while moving through them; the head
    // (description, "Used by") shows while the first roles are selected.
    let offset = if first == 0 {
        anchor
            .saturating_sub(height / 3)
            .min(lines.len().saturating_sub(height))
    } else {
        anchor.saturating_sub(height / 3).max(head)
    };
    text::draw_lines(frame.buffer_mut(), text, &lines, offset);
    // The bar: exact when every role was laid out; otherwise estimated
    // from the lines per role and duty of those that were.
    let units = |u: &[(usize, Vec<usize>)]| u.iter().map(|(_, d)| d.len() + 1).sum::<usize>();
    let all_units = units(&using);
    let per_unit = (lines.len() - head) as f64 / laid.max(1) as f64;
    let (content, before) = if first == 0 && laid == all_units {
        (lines.len(), 0)
    } else {
        let est = |u: usize| (u as f64 * per_unit).round() as usize;
        (
            head + est(all_units),
            est(units(&using[..first.min(using.len())])),
        )
    };
    scrollbar(
        frame,
        text,
        &Scroll {
            offset: (before + offset).min(content.saturating_sub(height)),
            content,
            viewport: height,
        },
        &t,
    );
}

/// The list's first row that keeps the selection, with its heading, in
/// view of `height` rows, starting from the current one. A heading row
/// comes before each group: item k sits on row k + (groups started at or
/// before k). Binary searches keep the cost to the rows drawn, whatever the
/// catalogue's size.
pub fn list_offset(app: &App, height: usize) -> usize {
    let matches = &app.tools.matches;
    let starts = &app.tools.group_starts;
    let sel = app.tools.list.index;
    let row_of = |k: usize| k + starts.partition_point(|&s| s <= k);
    let total = matches.len() + starts.len();
    let mut offset = app.tools.list.offset;
    if !matches.is_empty() {
        let sel_row = row_of(sel);
        let top = if starts.binary_search(&sel).is_ok() {
            sel_row.saturating_sub(1)
        } else {
            sel_row
        };
        if top < offset {
            offset = top;
        } else if height > 0 && sel_row >= offset + height {
            offset = sel_row + 1 - height;
        }
    }
    offset.min(total.saturating_sub(height))
}

/// The visible rows of the tool list from the offset the layout set: a
/// heading before each group, then its tools. Also returns the item on
/// each row (for clicks) and the scroll position.
pub fn list_lines(
    app: &App,
    width: usize,
    height: usize,
    typing: bool,
) -> (Vec<Line<'static>>, Vec<Option<usize>>, Scroll) {
    let t = app.theme;
    let tools = &app.catalog.tools;
    let matches = &app.tools.matches;
    let starts = &app.tools.group_starts;
    let sel = app.tools.list.index;
    let row_of = |k: usize| k + starts.partition_point(|&s| s <= k);
    let starts_group = |k: usize| starts.binary_search(&k).is_ok();
    let total = matches.len() + starts.len();
    let offset = app.tools.list.offset;

    let mut lines = Vec::with_capacity(height);
    let mut rows = Vec::with_capacity(height);
    // The first item on or below the top row (its heading may be above it).
    let first = {
        let (mut lo, mut hi) = (0, matches.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if row_of(mid) < offset {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    };
    for k in first..matches.len() {
        let row = row_of(k);
        let tool = &tools[matches[k]];
        if starts_group(k) && row > offset {
            if row > offset + height {
                break;
            }
            let style = if tool.kind == ToolKind::Concept {
                t.accent
            } else {
                t.heading
            };
            lines.push(Line::from(Span::styled(
                ellipsize(&tool.group_heading(), width),
                style,
            )));
            rows.push(None);
        }
        if row >= offset + height {
            break;
        }
        let selected = k == sel;
        let style = sel_style(selected, typing, &t, t.base);
        let name = ellipsize(&tool.name, width.saturating_sub(2));
        let pad = width.saturating_sub(name.width() + 2);
        lines.push(Line::from(vec![
            Span::styled(marker(selected), style),
            Span::styled(format!("{name}{}", " ".repeat(pad)), style),
        ]));
        rows.push(Some(k));
    }
    if matches.is_empty() {
        lines.push(Line::from(Span::styled(
            "No tool matches; Esc clears the filter.",
            t.dim,
        )));
    }
    let scroll = Scroll {
        offset,
        content: total,
        viewport: height,
    };
    (lines, rows, scroll)
}
