//! The Compare screen: two or three roles in aligned columns.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::text::{ellipsize, wrap};
use super::{content_area, pane, scrollbar};
use crate::compare::{Comparison, Sharing, compare};
use crate::tui::state::{App, CompareTable, Scroll};
use crate::tui::theme::Theme;

/// One row of the comparison document: full width, or one cell per column
/// (cells are padded to the tallest so rows line up).
enum Row {
    Full(Line<'static>),
    Cells(Vec<Vec<Line<'static>>>),
}

/// Narrowest useful column: below it, Compare shows fewer roles at once.
const MIN_COLUMN: usize = 24;

fn mark(s: Sharing, t: &Theme) -> Span<'static> {
    match s {
        Sharing::All => Span::styled("● ", t.shared),
        Sharing::Some => Span::styled("◐ ", t.partly),
        Sharing::One => Span::styled("○ ", t.unique),
    }
}

fn sharing_style(s: Sharing, t: &Theme) -> Style {
    match s {
        Sharing::All => t.shared,
        Sharing::Some => t.partly,
        Sharing::One => t.unique,
    }
}

/// Where the comparison goes, and which columns fit.
#[derive(Debug, Clone)]
pub struct Areas {
    /// Inside the border, less the scrollbar column.
    pub text: Rect,
    /// Below the column titles: the scrolling rows.
    pub body: Rect,
    pub shown: std::ops::Range<usize>,
    pub col_w: usize,
}

const GAP: usize = 2;

pub fn areas(area: Rect, app: &App) -> Option<Areas> {
    let inner = super::inner(area);
    if inner.height < 3 || inner.width < 10 {
        return None;
    }
    let text = content_area(inner);
    let all = app.compare.roles.len();
    // Below a width, fewer columns: a window around the focused one.
    let fit = ((usize::from(text.width) + GAP) / (MIN_COLUMN + GAP)).clamp(1, all.max(1));
    let first = app
        .compare
        .focus
        .saturating_sub(fit - 1)
        .min(all.saturating_sub(fit));
    let shown = first..first + fit.min(all);
    let n = shown.len().max(1);
    let col_w = (usize::from(text.width).saturating_sub(GAP * (n - 1)) / n).max(1);
    Some(Areas {
        text,
        body: Rect {
            y: text.y + 1,
            height: text.height - 1,
            ..text
        },
        shown,
        col_w,
    })
}

/// The comparison as physical lines for the columns shown: computed in
/// `update` when the roles or the width change, never per frame.
pub fn table(app: &App, a: &Areas) -> Result<CompareTable, String> {
    let cmp = compare(&app.catalog, &app.compare.roles).map_err(|e| e.to_string())?;
    let t = app.theme;
    let mut physical: CompareTable = Vec::new();
    for row in rows(app, &cmp, a.col_w, usize::from(a.text.width), &t) {
        match row {
            Row::Full(l) => physical.push(vec![Some(l)]),
            Row::Cells(cells) => {
                let h = cells.iter().map(Vec::len).max().unwrap_or(0);
                for i in 0..h {
                    physical.push(
                        cells[a.shown.clone()]
                            .iter()
                            .map(|c| c.get(i).cloned())
                            .collect(),
                    );
                }
            }
        }
    }
    Ok(physical)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme;
    let all = app.compare.roles.len();
    let a = areas(area, app);
    let title = match &a {
        Some(a) if a.shown.len() < all && a.shown.len() == 1 => {
            format!(" Compare · role {} of {all} (h/l) ", a.shown.start + 1)
        }
        Some(a) if a.shown.len() < all => format!(
            " Compare · roles {}–{} of {all} (h/l) ",
            a.shown.start + 1,
            a.shown.end
        ),
        _ => " Compare ".to_string(),
    };
    frame.render_widget(
        pane(Line::from(Span::styled(title, t.title)), true, &t),
        area,
    );
    let table = match &app.compare.table.value {
        Ok(table) => table,
        Err(e) => {
            frame.render_widget(
                ratatui::widgets::Paragraph::new(e.clone()).style(t.warn),
                super::inner(area),
            );
            return;
        }
    };
    let Some(a) = a else {
        return;
    };
    let (text, body, col_w) = (a.text, a.body, a.col_w);
    let n = a.shown.len().max(1);

    // Header: column titles, fixed above the scrolling rows.
    let mut header = Vec::new();
    for (p, &r) in app.compare.roles.iter().enumerate() {
        if !a.shown.contains(&p) {
            continue;
        }
        let focused = p == app.compare.focus;
        let title = ellipsize(&app.catalog.roles[r].title, col_w.saturating_sub(2));
        let style = if focused { t.tab_active } else { t.title };
        let label = format!("{}{title}", if focused { "▶ " } else { "  " });
        let pad = col_w.saturating_sub(unicode_width::UnicodeWidthStr::width(label.as_str()));
        header.push(Span::styled(format!("{label}{}", " ".repeat(pad)), style));
        if p + 1 < a.shown.end {
            header.push(Span::raw(" ".repeat(GAP)));
        }
    }
    frame
        .buffer_mut()
        .set_line(text.x, text.y, &Line::from(header), text.width);

    let scroll = &app.compare.scroll;
    let buf = frame.buffer_mut();
    for (row, cells) in table
        .iter()
        .skip(scroll.offset)
        .take(usize::from(body.height))
        .enumerate()
    {
        let y = body.y + row as u16;
        if cells.len() == 1 && n > 1 {
            if let Some(l) = &cells[0] {
                buf.set_line(body.x, y, l, body.width);
            }
            continue;
        }
        for (p, cell) in cells.iter().enumerate() {
            if let Some(l) = cell {
                let x = body.x + (p * (col_w + GAP)) as u16;
                buf.set_line(x, y, l, col_w as u16);
            }
        }
    }
    let bar = Scroll {
        content: table.len(),
        viewport: usize::from(body.height),
        ..*scroll
    };
    scrollbar(frame, body, &bar, &t);
    draw_picker(frame, area, app);
}

/// The picker's popup and the list inside it, or `None` when too small.
pub fn picker_areas(area: Rect, matches: usize) -> Option<(Rect, Rect)> {
    let want_h = (matches.max(1) + 3).min(usize::from(u16::MAX)) as u16;
    let popup = super::centered(area, 56.min(area.width.saturating_sub(2)), want_h);
    if popup.height < 4 || popup.width < 12 {
        return None;
    }
    let inner = super::inner(popup);
    let list = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    Some((popup, list))
}

/// The role picker: a query field over the matching roles, best first.
fn draw_picker(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme;
    let focus = app.compare.focus;
    let Some(p) = app.compare.picker.as_ref() else {
        return;
    };
    let Some((popup, list)) = picker_areas(area, p.matches.len()) else {
        return;
    };
    super::clear(frame, popup);
    let title = format!(" Role for column {} ", focus + 1);
    let block = pane(Line::from(Span::styled(title, t.title)), true, &t).title_bottom(
        Line::from(Span::styled(format!(" {} roles ", p.matches.len()), t.dim)).right_aligned(),
    );
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let field = super::field_line("› ", &p.query, true, "a role's name", inner.width, &t);
    frame
        .buffer_mut()
        .set_line(inner.x, inner.y, &field, inner.width);
    let height = usize::from(list.height);
    let offset = p.list.offset;
    let w = usize::from(list.width);
    let mut lines = Vec::new();
    for (i, &r) in p.matches.iter().enumerate().skip(offset).take(height) {
        let selected = i == p.list.index;
        let style = super::sel_style(selected, true, &t, t.base);
        let label = ellipsize(&app.catalog.roles[r].title, w.saturating_sub(2));
        let pad = w.saturating_sub(unicode_width::UnicodeWidthStr::width(label.as_str()) + 2);
        lines.push(Line::from(vec![
            Span::styled(super::marker(selected), style),
            Span::styled(format!("{label}{}", " ".repeat(pad)), style),
        ]));
    }
    if p.matches.is_empty() {
        lines.push(Line::from(Span::styled("No role matches.", t.dim)));
    }
    super::text::draw_lines(frame.buffer_mut(), list, &lines, 0);
}

fn rows(app: &App, cmp: &Comparison, col_w: usize, full_w: usize, t: &Theme) -> Vec<Row> {
    let cat = &app.catalog;
    let n = cmp.roles.len();
    let short = |p: usize| {
        let title = &cat.roles[cmp.roles[p]].title;
        title.strip_suffix(" Engineer").unwrap_or(title).to_string()
    };
    let mut rows = Vec::new();
    let heading = |s: &str| Row::Full(Line::from(Span::styled(s.to_string(), t.heading)));

    // Overlap first: the one-glance answer.
    let pct = format!("{:.0}%", cmp.similarity * 100.0);
    rows.push(Row::Full(Line::from(vec![
        Span::styled("Similarity ", t.heading),
        Span::styled(pct.clone(), t.title),
        Span::styled(
            ellipsize(
                "  (shared tools + duty areas ÷ all of them, Jaccard)",
                full_w.saturating_sub(11 + pct.len()),
            ),
            t.dim,
        ),
    ])));
    // The percentage always shows; the name and the shared count give way.
    let bar_w = full_w.saturating_sub(48).clamp(4, 30);
    let pct_w = 5;
    let shared_w = 11;
    let name_w = full_w
        .saturating_sub(2 + bar_w + pct_w + shared_w)
        .clamp(6, 28)
        .min(full_w.saturating_sub(2 + bar_w + pct_w));
    let with_count = 2 + name_w + bar_w + pct_w + shared_w <= full_w;
    for i in 0..n {
        for j in i + 1..n {
            let x = cmp.pairwise[i][j];
            let filled = (x * bar_w as f64).round() as usize;
            let name = ellipsize(&format!("{} / {}", short(i), short(j)), name_w - 1);
            let count = if with_count {
                format!("  {} shared", cmp.shared_counts[i][j])
            } else {
                String::new()
            };
            rows.push(Row::Full(Line::from(vec![
                Span::styled(format!("  {name:<name_w$}"), t.base),
                Span::styled("█".repeat(filled), t.bar),
                Span::styled("░".repeat(bar_w - filled.min(bar_w)), t.border),
                Span::styled(format!(" {:>3.0}%{count}", x * 100.0), t.dim),
            ])));
        }
    }
    rows.push(Row::Full(Line::from(vec![
        Span::styled("  legend: ", t.dim),
        mark(Sharing::All, t),
        Span::styled("in all  ", t.dim),
        mark(Sharing::Some, t),
        Span::styled("in some  ", t.dim),
        mark(Sharing::One, t),
        Span::styled("only here", t.dim),
    ])));

    rows.push(Row::Full(Line::default()));
    rows.push(heading("Profile"));
    for row in &cmp.profile {
        rows.push(Row::Full(Line::from(Span::styled(
            format!("· {}", row.label),
            t.accent,
        ))));
        rows.push(Row::Cells(
            row.values
                .iter()
                .map(|v| wrap(vec![Span::styled(v.clone(), t.base)], col_w, 0))
                .collect(),
        ));
    }

    let feature_cells = |list: &[crate::compare::Feature],
                         name: &dyn Fn(&str) -> String|
     -> Vec<Vec<Line<'static>>> {
        (0..n)
            .map(|p| {
                let mut lines = Vec::new();
                // Shared first, then partly, then unique: the eye finds the
                // difference at the bottom of each column.
                for want in [Sharing::All, Sharing::Some, Sharing::One] {
                    for f in list
                        .iter()
                        .filter(|f| f.sharing == want && f.roles.contains(&p))
                    {
                        lines.extend(wrap(
                            vec![
                                mark(f.sharing, t),
                                Span::styled(name(&f.name), sharing_style(f.sharing, t)),
                            ],
                            col_w,
                            2,
                        ));
                    }
                }
                lines
            })
            .collect()
    };
    rows.push(Row::Full(Line::default()));
    rows.push(heading("Duty areas"));
    rows.push(Row::Cells(feature_cells(&cmp.areas, &|s| s.to_string())));
    rows.push(Row::Full(Line::default()));
    rows.push(heading("Tools"));
    rows.push(Row::Cells(feature_cells(&cmp.tools, &|id| {
        cat.tool(id).map_or(id.to_string(), |x| x.name.clone())
    })));

    rows.push(Row::Full(Line::default()));
    rows.push(heading("Duties"));
    let area_sharing = |area: &str| {
        cmp.areas
            .iter()
            .find(|f| f.name == area)
            .map_or(Sharing::One, |f| f.sharing)
    };
    rows.push(Row::Cells(
        cmp.roles
            .iter()
            .map(|&r| {
                let role = &cat.roles[r];
                let mut lines = Vec::new();
                for area in role.areas() {
                    let s = area_sharing(area);
                    lines.extend(wrap(
                        vec![
                            mark(s, t),
                            Span::styled(area.to_string(), sharing_style(s, t)),
                        ],
                        col_w,
                        2,
                    ));
                    for d in role.duties.iter().filter(|d| d.area == area) {
                        lines.extend(wrap(
                            vec![Span::styled(format!("  {}", d.text), t.base)],
                            col_w,
                            2,
                        ));
                    }
                }
                lines
            })
            .collect(),
    ));
    rows
}
