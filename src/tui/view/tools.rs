//! The Tools screen: a filterable tool catalogue; the selected tool shows
//! which roles use it and for which duties.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::text::{draw_lines, ellipsize, wrap};
use super::{content_area, field_line, marker, pane, scrolled, sel_style};
use crate::tui::state::{App, FieldFocus, Scroll};

pub fn draw(frame: &mut Frame, area: Rect, app: &mut App) {
    let t = app.theme;
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
    let typing = app.tools.focus == FieldFocus::Input;
    let block = pane(
        Line::from(Span::styled(
            format!(
                " Tools {}/{} ",
                app.tools.matches.len(),
                app.catalog.tools.len()
            ),
            t.title,
        )),
        typing,
        &t,
    );
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
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let height = usize::from(list.height);
    let offset = app.tools.list.visible_offset(height);
    app.hit.list = Some((list, offset));
    let w = usize::from(list.width);
    let mut lines = Vec::new();
    for (row, &ti) in app
        .tools
        .matches
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
    {
        let tool = &app.catalog.tools[ti];
        let selected = row == app.tools.list.index;
        let style = sel_style(selected, typing, &t, t.base);
        let name = ellipsize(&tool.name, w.saturating_sub(2));
        let cat = ellipsize(&tool.category, w.saturating_sub(name.width() + 4));
        let pad = w.saturating_sub(name.width() + cat.width() + 3);
        lines.push(Line::from(vec![
            Span::styled(marker(selected), style),
            Span::styled(name, style),
            Span::styled(" ".repeat(pad + 1), style),
            Span::styled(cat, if selected { style } else { t.dim }),
        ]));
    }
    if app.tools.matches.is_empty() {
        lines.push(Line::from(Span::styled(
            "No tool matches; Esc clears the filter.",
            t.dim,
        )));
    }
    draw_lines(frame.buffer_mut(), list, &lines, 0);

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
    let mut head = vec![Span::styled(tool.category.clone(), t.accent)];
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
        lines.push(Line::from(Span::styled(url.clone(), t.dim)));
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
    let mut anchor = 0;
    for (n, (r, duties)) in using.iter().enumerate() {
        let role = &app.catalog.roles[*r];
        let selected = !typing && n == app.tools.role.index;
        if selected {
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
    // Keep the selected role in view while moving through them.
    let mut scroll = Scroll {
        offset: anchor.saturating_sub(usize::from(text.height) / 3),
        ..Scroll::default()
    };
    scrolled(frame, text, &lines, &mut scroll, &t);
}
