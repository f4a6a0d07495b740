//! The Analyze screen: paste a job ad (or open a file) and see which role
//! its responsibilities describe.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use unicode_width::UnicodeWidthStr;

use super::text::{ellipsize, highlighted, wrap};
use super::{content_area, cursor_style, pane, scrolled};
use crate::report::analyze as analyze_report;
use crate::tui::state::{App, FieldFocus};

pub fn draw(frame: &mut Frame, area: Rect, app: &mut App) {
    let t = app.theme;
    let typing = app.analyze.focus == FieldFocus::Input;
    let input_h = (area.height / 3).clamp(3, 12);
    let [input_area, result_area] =
        Layout::vertical([Constraint::Length(input_h), Constraint::Min(0)]).areas(area);
    draw_ad(frame, input_area, app);

    let block = pane(Line::from(Span::styled(" Reading ", t.title)), !typing, &t);
    let inner = block.inner(result_area);
    frame.render_widget(block, result_area);
    let text = content_area(inner);
    let lines = result_lines(app, usize::from(text.width));
    scrolled(frame, text, &lines, &mut app.analyze.scroll, &t);
}

/// The ad field: the whole text wrapped, the cursor kept in view while
/// editing, scrolled by PgUp/PgDn and the wheel.
fn draw_ad(frame: &mut Frame, area: Rect, app: &mut App) {
    let t = app.theme;
    let st = &mut app.analyze;
    let typing = st.focus == FieldFocus::Input;
    let title = if st.path_like {
        " Job ad · a file path: Ctrl-O reads it "
    } else {
        " Job ad "
    };
    let block = pane(Line::from(Span::styled(title, t.title)), typing, &t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text = content_area(inner);
    let w = usize::from(text.width);
    let mut lines = Vec::new();
    let mut cursor_line = 0;
    if st.text.is_empty() {
        let mut spans = Vec::new();
        if typing {
            spans.push(Span::styled("█", t.accent));
        }
        spans.push(Span::styled(
            "Paste a job ad here (your terminal's paste), or type a file path and press Ctrl-O.",
            t.dim,
        ));
        lines.extend(wrap(spans, w, 0));
    } else {
        let cursor = typing.then(|| st.text.cursor());
        let mut start = 0;
        for l in st.text.value().split('\n') {
            let len = l.chars().count();
            match cursor {
                Some(c) if (start..=start + len).contains(&c) => {
                    let at = c - start;
                    let before: String = l.chars().take(at).collect();
                    let mut rest = l.chars().skip(at);
                    let mut spans = vec![Span::styled(before, t.base)];
                    match rest.next() {
                        Some(ch) => spans.push(Span::styled(ch.to_string(), cursor_style(&t))),
                        None => spans.push(Span::styled("█", t.accent)),
                    }
                    spans.push(Span::styled(rest.collect::<String>(), t.base));
                    let wrapped = wrap(spans, w, 0);
                    cursor_line = lines.len()
                        + wrapped
                            .iter()
                            .position(|line| {
                                line.spans
                                    .iter()
                                    .any(|s| s.style != t.base && !s.content.is_empty())
                            })
                            .unwrap_or(0);
                    lines.extend(wrapped);
                }
                _ => lines.extend(wrap(vec![Span::styled(l.to_string(), t.base)], w, 0)),
            }
            start += len + 1;
        }
    }
    let scroll = &mut st.ad_scroll;
    scroll.content = lines.len();
    scroll.viewport = usize::from(text.height);
    if typing && st.follow && scroll.viewport > 0 {
        if cursor_line < scroll.offset {
            scroll.offset = cursor_line;
        } else if cursor_line >= scroll.offset + scroll.viewport {
            scroll.offset = cursor_line + 1 - scroll.viewport;
        }
    }
    scrolled(frame, text, &lines, scroll, &t);
}

/// Score bars drawn before "… and N more".
const MAX_BARS: usize = 12;

fn result_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let st = &app.analyze;
    if let Some(err) = &st.error {
        return wrap(vec![Span::styled(err.clone(), t.error)], w, 0);
    }
    if st.path_like {
        return wrap(
            vec![Span::styled(
                "That looks like a file path: Ctrl-O reads the file (~ is your home). Nothing is read while a path is typed.",
                t.dim,
            )],
            w,
            0,
        );
    }
    let Some(a) = &st.report else {
        return wrap(
            vec![Span::styled(
                "The reading appears here: a score for every role, the evidence from the ad, and the questions that settle the doubt.",
                t.dim,
            )],
            w,
            0,
        );
    };
    let cat = &app.catalog;
    let mut lines = Vec::new();
    if st.stale {
        lines.push(Line::from(Span::styled(
            "(re-reading when you pause typing…)",
            t.dim,
        )));
    }
    let title = match (&a.title, a.title_role) {
        (Some(title), Some(r)) => format!("{title}  — names {}", cat.roles[r].title),
        (Some(title), None) => format!("{title}  — names none of the roles"),
        (None, _) => "no title found".to_string(),
    };
    lines.extend(wrap(
        vec![Span::styled("Title: ", t.dim), Span::styled(title, t.title)],
        w,
        2,
    ));
    lines.extend(wrap(
        vec![
            Span::styled("Reads like: ", t.dim),
            Span::styled(analyze_report::verdict(cat, a), t.heading),
        ],
        w,
        2,
    ));
    if let Some(warning) = analyze_report::mismatch_warning(cat, a) {
        lines.extend(wrap(
            vec![Span::styled(format!("⚠ {warning}"), t.warn)],
            w,
            2,
        ));
    }
    if let Some(note) = analyze_report::input_note(a) {
        lines.extend(wrap(
            vec![Span::styled(format!("Note: {note}"), t.dim)],
            w,
            0,
        ));
    }
    lines.push(Line::default());
    // Score bars, best first: the first few. A big pack has thousands of
    // roles, and a bar for each would be a wall nobody reads (and would
    // cost tens of milliseconds a frame to lay out).
    let shown = &a.ranking[..a.ranking.len().min(MAX_BARS)];
    let name_w = shown
        .iter()
        .map(|&r| cat.roles[r].title.width())
        .max()
        .unwrap_or(10)
        .min(28);
    let bar_w = w.saturating_sub(name_w + 6).clamp(4, 30);
    let more = a.ranking.len() - shown.len();
    for &r in shown {
        let s = &a.scores[r];
        let filled = ((s.score / 100.0) * bar_w as f64).round() as usize;
        let best = a.best == Some(r);
        lines.push(Line::from(vec![
            Span::styled(
                "█".repeat(filled.min(bar_w)),
                if best { t.shared } else { t.bar },
            ),
            Span::styled("░".repeat(bar_w - filled.min(bar_w)), t.border),
            Span::styled(
                format!(" {:>3.0} ", s.score),
                if best { t.title } else { t.base },
            ),
            Span::styled(
                ellipsize(&cat.roles[r].title, name_w),
                if best { t.title } else { t.base },
            ),
        ]));
    }
    if more > 0 {
        lines.push(Line::from(Span::styled(
            format!(
                "… and {more} more roles, none scoring higher (`roledex analyze FILE` lists them all)"
            ),
            t.dim,
        )));
    }
    for r in analyze_report::shown_roles(a) {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!("Why {}", cat.roles[r].title),
            t.heading,
        )));
        for e in a.evidence_for(r, 6) {
            lines.extend(wrap(
                vec![
                    Span::styled(format!("{:<8}", e.kind.label()), t.dim),
                    Span::styled(e.matched.clone(), t.accent),
                    Span::styled(format!(" +{:.1}", e.weight), t.dim),
                ],
                w,
                8,
            ));
            let mut spans = vec![Span::styled(format!("  line {}: ", e.line), t.dim)];
            spans.extend(highlighted(
                &e.ad_text,
                &e.highlight_indices(),
                t.base,
                t.matched,
            ));
            lines.extend(wrap(spans, w, 4));
        }
    }
    if !a.questions.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Questions to ask", t.heading)));
        for q in &a.questions {
            lines.extend(wrap(
                vec![
                    Span::styled("? ", t.accent),
                    Span::styled(q.question.clone(), t.title),
                ],
                w,
                2,
            ));
            for ans in &q.answers {
                let who = ans
                    .suggests
                    .map_or(String::new(), |r| format!(" → {}", cat.roles[r].title));
                lines.extend(wrap(
                    vec![
                        Span::styled(format!("  “{}”", ans.answer), t.base),
                        Span::styled(who, t.accent),
                    ],
                    w,
                    4,
                ));
            }
            if let Some(why) = &q.why {
                lines.extend(wrap(vec![Span::styled(format!("  {why}"), t.dim)], w, 2));
            }
        }
    }
    lines
}
