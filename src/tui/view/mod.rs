//! Drawing. `draw` is a pure function of the state and the catalog: it
//! changes nothing. What depends on the screen's size (wrapped lines,
//! scroll limits, list offsets, hit areas for the mouse) is prepared in
//! `update` by `layout::fit`, using the geometry functions here so that the
//! layout and the paint agree.

pub mod analyze;
pub mod compare;
pub mod help;
pub mod roles;
pub mod search;
pub mod text;
pub mod tools;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Borders, Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
    Wrap,
};
use unicode_width::UnicodeWidthStr;

use super::action::Screen;
use super::field::Field;
use super::keymap;
use super::state::{App, Scroll};
use super::theme::Theme;

/// Below this the layout cannot show a list and a detail legibly.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// The screen's four bands, or `None` when the terminal is too small.
#[derive(Debug, Clone, Copy)]
pub struct Regions {
    pub header: Rect,
    pub body: Rect,
    pub status: Rect,
    pub footer: Rect,
}

pub fn regions(app: &App, area: Rect) -> Option<Regions> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let status = status_lines(app, usize::from(area.width)).len();
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(u16::try_from(status).unwrap_or(1)),
        Constraint::Length(1),
    ])
    .areas(area);
    Some(Regions {
        header,
        body,
        status,
        footer,
    })
}

/// Inside a bordered pane.
pub fn inner(area: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(area)
}

pub fn draw(frame: &mut Frame, app: &App) {
    // Fault tests only (`cargo test --features test-panic --test
    // pty_faults`): a panic in the middle of drawing a frame must still
    // leave the terminal restored. Not compiled without the feature.
    #[cfg(feature = "test-panic")]
    if std::env::var_os("ROLEDEX_TEST_PANIC").is_some() && app.screen == Screen::Tools {
        panic!("test-panic: provoked panic while drawing the Tools screen");
    }
    let area = frame.area();
    let Some(Regions {
        header,
        body,
        status: status_area,
        footer,
    }) = regions(app, area)
    else {
        too_small(frame, area, &app.theme);
        return;
    };
    let status = status_lines(app, usize::from(area.width));
    draw_header(frame, header, app);
    match app.screen {
        Screen::Roles => roles::draw(frame, body, app),
        Screen::Compare => compare::draw(frame, body, app),
        Screen::Search => search::draw(frame, body, app),
        Screen::Tools => tools::draw(frame, body, app),
        Screen::Analyze => analyze::draw(frame, body, app),
    }
    if !status.is_empty() {
        frame.render_widget(Paragraph::new(status), status_area);
    }
    draw_footer(frame, footer, app);
    if app.help.is_some() {
        help::draw(frame, body, app);
    }
}

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let msg = format!(
        "Terminal too small: {}x{} (need {}x{}). Enlarge the window, or press q to quit.",
        area.width, area.height, MIN_WIDTH, MIN_HEIGHT
    );
    let p = Paragraph::new(msg)
        .style(theme.warn)
        .wrap(Wrap { trim: true });
    frame.render_widget(p, area);
}

/// The header's screen tabs: whether the name shows, and each tab's label
/// and place. Narrow terminals drop the name, then abbreviate inactive tabs.
pub fn header_tabs(area: Rect, current: Screen) -> (bool, Vec<(String, Rect, Screen)>) {
    let full: usize = 9 + Screen::ALL
        .iter()
        .map(|s| s.title().len() + 5)
        .sum::<usize>();
    let (brand, short) = match usize::from(area.width) {
        w if w >= full => (true, false),
        w if w + 9 >= full => (false, false),
        _ => (false, true),
    };
    let mut x = area.x + if brand { 9 } else { 0 };
    let mut tabs = Vec::new();
    for (i, s) in Screen::ALL.iter().enumerate() {
        let label = if short && *s != current {
            format!(" {} ", i + 1)
        } else {
            format!(" {} {} ", i + 1, s.title())
        };
        let w = label.chars().count() as u16;
        let rect = Rect::new(x, area.y, w.min(area.right().saturating_sub(x)), 1);
        tabs.push((label, rect, *s));
        x = x.saturating_add(w + 1);
    }
    (brand, tabs)
}

fn draw_header(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let (brand, tabs) = header_tabs(area, app.screen);
    let mut spans = Vec::new();
    if brand {
        spans.push(Span::styled(" roledex ", t.title));
    }
    for (label, _, s) in tabs {
        let style = if s == app.screen { t.tab_active } else { t.dim };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Rows a message may take: enough for an export's full path on a narrow
/// screen, few enough to leave the view.
const STATUS_ROWS: usize = 3;

fn status_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    if let Some(msg) = &app.status {
        // Wrapped, not cut: the end (a file name) is what matters most.
        let mut lines = text::wrap(vec![Span::styled(format!(" {msg}"), t.accent)], width, 1);
        if lines.len() > STATUS_ROWS {
            lines.truncate(STATUS_ROWS);
            if let Some(last) = lines.last_mut() {
                let shown: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
                *last = Line::from(Span::styled(
                    text::ellipsize(&format!("{shown}…"), width),
                    t.accent,
                ));
            }
        }
        return lines;
    }
    status_warning(app, width).into_iter().collect()
}

fn status_warning(app: &App, width: usize) -> Option<Line<'static>> {
    let t = &app.theme;
    // The label and the advice always show; the message gives way.
    let (label, msg, advice) = if let Some(problem) = &app.config_warning {
        (
            " ⚠ settings file ignored: ".to_string(),
            problem.clone(),
            " — fix it and restart".to_string(),
        )
    } else if let Some(first) = app.warnings.first() {
        let more = if app.warnings.len() > 1 {
            format!(" (+{} more)", app.warnings.len() - 1)
        } else {
            String::new()
        };
        (
            " ⚠ content problem: ".to_string(),
            first.clone(),
            format!("{more} — run `roledex validate`"),
        )
    } else {
        return None;
    };
    let room = width.saturating_sub(label.width() + advice.width());
    Some(Line::from(vec![
        Span::styled(label, t.warn),
        Span::styled(text::ellipsize(&msg, room), t.dim),
        Span::styled(advice, t.dim),
    ]))
}

fn draw_footer(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let mut hints = keymap::hints(app.context());
    // Only what works now: no "add" with three columns, no "remove" with two.
    hints.retain(|h| match h.action {
        super::action::Action::AddColumn => app.compare.roles.len() < 3,
        super::action::Action::RemoveColumn => app.compare.roles.len() > 2,
        super::action::Action::OpenUrl => super::export::url_here(app).is_ok(),
        super::action::Action::Export => super::export::exportable(app),
        _ => true,
    });
    let hints = keymap::fit_hints(hints, usize::from(area.width));
    let mut spans = Vec::new();
    for h in hints {
        spans.push(Span::styled(format!(" {}", h.keys), t.key));
        spans.push(Span::styled(format!(" {} ", h.text), t.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A bordered block, highlighted when focused.
pub fn pane(title: impl Into<Line<'static>>, focused: bool, theme: &Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
        .title(title)
}

/// Draws pre-wrapped lines from the scroll position the layout set, with
/// a scrollbar when they overflow.
pub fn scrolled(frame: &mut Frame, area: Rect, lines: &[Line], scroll: &Scroll, theme: &Theme) {
    text::draw_lines(frame.buffer_mut(), area, lines, scroll.offset);
    let seen = Scroll {
        content: lines.len(),
        viewport: usize::from(area.height),
        ..*scroll
    };
    scrollbar(frame, area, &seen, theme);
}

pub fn scrollbar(frame: &mut Frame, area: Rect, scroll: &Scroll, theme: &Theme) {
    if scroll.content > scroll.viewport && area.height > 2 {
        let mut state = ScrollbarState::new(scroll.max()).position(scroll.offset);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .thumb_style(theme.bar)
            .track_style(theme.border);
        // The column `content_area` kept free, just right of the text.
        let bar_area = Rect {
            x: area.right(),
            width: 1,
            ..area
        };
        frame.render_stateful_widget(bar, bar_area, &mut state);
    }
}

/// The text area of a pane: inside the border, one column left for the bar.
pub fn content_area(inner: Rect) -> Rect {
    Rect {
        width: inner.width.saturating_sub(1),
        ..inner
    }
}

/// A centred rectangle of at most `w` x `h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn clear(frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
}

/// A one-line text field `width` columns wide: the prompt, then the part
/// of the text around the cursor ("…" where text is hidden to the left or
/// right), the cursor as a block, and a placeholder while empty. A
/// selected text (after `/`) is drawn as a selection.
pub fn field_line(
    prompt: &str,
    field: &Field,
    focused: bool,
    placeholder: &str,
    width: u16,
    theme: &Theme,
) -> Line<'static> {
    let mut spans = vec![Span::styled(prompt.to_string(), theme.key)];
    let room = usize::from(width).saturating_sub(prompt.width());
    if field.is_empty() {
        if focused {
            spans.push(Span::styled("█", theme.accent));
            spans.push(Span::styled(format!(" {placeholder}"), theme.dim));
        } else {
            spans.push(Span::styled(placeholder.to_string(), theme.dim));
        }
        return Line::from(spans);
    }
    if !focused {
        spans.push(Span::styled(
            text::ellipsize(field.value(), room),
            theme.title,
        ));
        return Line::from(spans);
    }
    let win = field.window(room.saturating_sub(2));
    let text_style = if field.selected() {
        theme.selected
    } else {
        theme.title
    };
    spans.push(Span::styled(if win.left { "…" } else { "" }, theme.dim));
    spans.push(Span::styled(win.before, text_style));
    match win.under {
        Some(ch) => spans.push(Span::styled(ch.to_string(), cursor_style(theme))),
        None => spans.push(Span::styled("█", theme.accent)),
    }
    spans.push(Span::styled(win.after, text_style));
    spans.push(Span::styled(if win.right { "…" } else { "" }, theme.dim));
    Line::from(spans)
}

/// The character under a text cursor: reversed, so it shows without colour.
pub fn cursor_style(theme: &Theme) -> Style {
    theme
        .accent
        .add_modifier(ratatui::style::Modifier::REVERSED)
}

/// The selection marker: visible with or without colour.
pub fn marker(selected: bool) -> &'static str {
    if selected { "▶ " } else { "  " }
}

pub fn sel_style(selected: bool, focused: bool, theme: &Theme, base: Style) -> Style {
    match (selected, focused) {
        (true, true) => theme.selected,
        (true, false) => theme.selected_unfocused,
        _ => base,
    }
}
