//! The Analyze screen: paste a job ad (or open a file) and see which role
//! its responsibilities describe.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::text::wrap;
use super::{content_area, pane, scrolled};
use crate::tui::state::{App, FieldFocus, Scroll};

pub fn draw(frame: &mut Frame, area: Rect, app: &mut App) {
    let t = app.theme;
    let typing = app.analyze.focus == FieldFocus::Input;
    let input_h = (area.height / 3).clamp(3, 12);
    let [input_area, result_area] =
        Layout::vertical([Constraint::Length(input_h), Constraint::Min(0)]).areas(area);
    let block = pane(Line::from(Span::styled(" Job ad ", t.title)), typing, &t);
    let inner = block.inner(input_area);
    frame.render_widget(block, input_area);
    let text = content_area(inner);
    let w = usize::from(text.width);
    let mut lines = Vec::new();
    if app.analyze.text.is_empty() {
        lines.extend(wrap(
            vec![Span::styled(
                "Paste a job ad here (your terminal's paste), or type a file path and press Ctrl-O.",
                t.dim,
            )],
            w,
            0,
        ));
    } else {
        for l in app.analyze.text.lines() {
            lines.extend(wrap(vec![Span::styled(l.to_string(), t.base)], w, 0));
        }
    }
    if typing {
        match lines.last_mut() {
            Some(l) if !app.analyze.text.is_empty() && !app.analyze.text.ends_with('\n') => {
                l.spans.push(Span::styled("█", t.accent))
            }
            _ => lines.push(Line::from(Span::styled("█", t.accent))),
        }
    }
    // The field follows the end of the text, like an editor would.
    let mut scroll = Scroll {
        offset: usize::MAX,
        ..Scroll::default()
    };
    scrolled(frame, text, &lines, &mut scroll, &t);

    let block = pane(Line::from(Span::styled(" Reading ", t.title)), !typing, &t);
    let inner = block.inner(result_area);
    frame.render_widget(block, result_area);
    let text = content_area(inner);
    let lines = result_lines(app, usize::from(text.width));
    scrolled(frame, text, &lines, &mut app.analyze.scroll, &t);
}

fn result_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    if let Some(err) = &app.analyze.error {
        return wrap(vec![Span::styled(err.clone(), t.error)], w, 0);
    }
    wrap(
        vec![Span::styled(
            "The reading appears here: a score for every role, the evidence from the ad, and the questions that settle the doubt.",
            t.dim,
        )],
        w,
        0,
    )
}
