//! The help overlay, listing the keys of the screen underneath: drawn from
//! the same tables that handle the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::wrap;
use super::{centered, clear, content_area, pane, scrolled};
use crate::tui::keymap::{self, Context};
use crate::tui::state::{App, RolesFocus};

/// The help box and the text inside it.
pub fn areas(area: Rect) -> (Rect, Rect) {
    let rect = centered(area, 72, area.height.saturating_sub(2).max(6));
    (rect, content_area(super::inner(rect)))
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme;
    let (rect, text) = areas(area);
    clear(frame, rect);
    let block = pane(
        Line::from(Span::styled(
            format!(" Help — {} ", app.screen.title()),
            t.title,
        )),
        true,
        &t,
    );
    frame.render_widget(block, rect);
    if let Some(scroll) = &app.help {
        scrolled(frame, text, &app.help_lines, scroll, &t);
    }
}

/// The overlay's lines at width `w`: the keys of what is under it.
pub fn lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let under = app.screen_context();
    let mut lines = Vec::new();
    let mut seen = Vec::new();
    for table in keymap::tables(under) {
        for b in table.iter() {
            if seen.contains(&b.desc) {
                continue;
            }
            seen.push(b.desc);
            lines.extend(wrap(
                vec![
                    Span::styled(format!("{:<10}", b.label), t.key),
                    Span::styled(b.desc.to_string(), t.base),
                ],
                w,
                10,
            ));
        }
    }
    if under.typing() {
        lines.extend(wrap(
            vec![
                Span::styled(format!("{:<10}", "text"), t.key),
                Span::styled("Any other key types into the field", t.base),
            ],
            w,
            10,
        ));
    }
    lines.push(Line::default());
    let mouse = if app.mouse {
        "Mouse: wheel scrolls, click selects (start with --no-mouse to select text)."
    } else {
        "Mouse capture is off (--no-mouse): the terminal's own text selection works."
    };
    lines.extend(wrap(vec![Span::styled(mouse, t.dim)], w, 0));
    if under == Context::RolesList && app.roles.focus == RolesFocus::List {
        lines.extend(wrap(
            vec![Span::styled(
                "Tab moves between the role list and the details.",
                t.dim,
            )],
            w,
            0,
        ));
    }
    lines
}
