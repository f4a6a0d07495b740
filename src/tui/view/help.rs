//! The help overlay, listing the keys of the screen underneath: drawn from
//! the same tables that handle the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::wrap;
use super::{centered, clear, content_area, pane, scrolled};
use crate::tui::keymap::{self, Context};
use crate::tui::state::{App, RolesFocus};

pub fn draw(frame: &mut Frame, area: Rect, app: &mut App) {
    let t = app.theme;
    // The keys of what is under the overlay, not of the overlay itself.
    let under = {
        let help = app.help.take();
        let ctx = app.context();
        app.help = help;
        ctx
    };
    let rect = centered(area, 72, area.height.saturating_sub(2).max(6));
    clear(frame, rect);
    let block = pane(
        Line::from(Span::styled(
            format!(" Help — {} ", app.screen.title()),
            t.title,
        )),
        true,
        &t,
    );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let text = content_area(inner);
    let w = usize::from(text.width);
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
    let scroll = app.help.as_mut().expect("help overlay is open while drawn");
    scrolled(frame, text, &lines, scroll, &t);
}
