//! The Analyze screen: paste a job ad (or open a file) and see which role
//! its responsibilities describe.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use unicode_width::UnicodeWidthStr;

use super::text::{ellipsize, highlighted, wrap};
use super::{content_area, cursor_style, pane, scrolled};
use crate::document::reading;
use crate::tui::state::{App, FieldFocus};

/// The ad field and the reading, each as (pane, text inside it).
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub ad: Rect,
    pub ad_text: Rect,
    pub result: Rect,
    pub result_text: Rect,
}

pub fn areas(area: Rect) -> Areas {
    let input_h = (area.height / 3).clamp(3, 12);
    let [ad, result] =
        Layout::vertical([Constraint::Length(input_h), Constraint::Min(0)]).areas(area);
    Areas {
        ad,
        ad_text: content_area(super::inner(ad)),
        result,
        result_text: content_area(super::inner(result)),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme;
    let st = &app.analyze;
    let typing = st.focus == FieldFocus::Input;
    let a = areas(area);
    let title = if st.path_like {
        " Job ad · a file path: Ctrl-O reads it "
    } else {
        " Job ad "
    };
    frame.render_widget(
        pane(Line::from(Span::styled(title, t.title)), typing, &t),
        a.ad,
    );
    scrolled(frame, a.ad_text, &st.ad.value.0, &st.ad_scroll, &t);
    let block = pane(Line::from(Span::styled(" Reading ", t.title)), !typing, &t);
    frame.render_widget(block, a.result);
    scrolled(frame, a.result_text, &st.reading.value, &st.scroll, &t);
}

/// The ad wrapped to `w` columns with the cursor drawn while typing, and
/// the line the cursor is on (kept in view while editing).
pub fn ad_lines(app: &App, w: usize) -> (Vec<Line<'static>>, usize) {
    let t = app.theme;
    let st = &app.analyze;
    let typing = st.focus == FieldFocus::Input;
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
        return (lines, 0);
    }
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
    (lines, cursor_line)
}

/// Frames of the "working" mark.
const SPINNER: [&str; 4] = ["◐", "◓", "◑", "◒"];

pub fn spinner(frame: usize) -> &'static str {
    SPINNER[frame % SPINNER.len()]
}

/// Score bars drawn before "… and N more".
const MAX_BARS: usize = 12;
/// The map's size in cells, inside its frame.
const MAP_W: usize = 33;
const MAP_H: usize = 9;

/// The article's two axes as a small map: where each role's training ads
/// sit (its number), and this ad (●). Left to right: one product team to
/// many internal teams; bottom to top: one application to the foundations.
fn map_lines(app: &App, a: &crate::analyze::Analysis, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let cat = &app.catalog;
    if a.regions.is_empty() || w < MAP_W + 4 {
        let (audience, layer) = reading::place(a);
        return wrap(
            vec![Span::styled(
                format!("Serves {audience}; works at {layer}."),
                t.base,
            )],
            w,
            0,
        );
    }
    // The roles' places crowd the middle of the −1…+1 square: the map is
    // zoomed to the furthest role on each axis, so they stand apart; an ad
    // further out sits on the edge.
    let reach = |f: &dyn Fn(&crate::analyze::Region) -> f64| {
        a.regions.iter().map(|r| f(r).abs()).fold(0.05, f64::max) * 1.25
    };
    let (sx, sy) = (reach(&|r| r.audience), reach(&|r| r.layer));
    let cell = |x: f64, y: f64| {
        let (x, y) = ((x / sx).clamp(-1.0, 1.0), (y / sy).clamp(-1.0, 1.0));
        let col = (((x + 1.0) / 2.0) * (MAP_W - 1) as f64).round() as usize;
        let row = (((1.0 - y) / 2.0) * (MAP_H - 1) as f64).round() as usize;
        (row, col)
    };
    let mut grid = vec![vec![(' ', false); MAP_W]; MAP_H];
    let (row, col) = cell(a.audience, a.layer);
    grid[row][col] = ('●', true);
    let mut legend = Vec::new();
    for (i, reg) in a.regions.iter().enumerate() {
        let mark = if reg.role.is_none() {
            '0'
        } else {
            char::from_digit((i + 1) as u32 % 10, 10).unwrap_or('?')
        };
        let (row, col) = cell(reg.audience, reg.layer);
        if let Some((row, col)) = nearest_free(&grid, row, col) {
            grid[row][col] = (mark, false);
        }
        let label = reg.role.map_or("none", |r| cat.roles[r].title.as_str());
        legend.push(format!("{mark} {}", label.trim_end_matches(" Engineer")));
    }
    let mut out = vec![Line::from(vec![
        Span::styled("Where the ad sits ", t.heading),
        Span::styled("(● this ad; numbers: the roles' labelled ads)", t.dim),
    ])];
    out.push(Line::from(Span::styled("  ▲ the foundations", t.dim)));
    out.push(Line::from(Span::styled(
        format!(" ┌{}┐", "─".repeat(MAP_W)),
        t.border,
    )));
    for (r, row) in grid.iter().enumerate() {
        let mut spans = vec![Span::styled(" │", t.border)];
        for &(c, ad) in row {
            let style = if ad {
                t.matched
            } else if c == ' ' {
                t.border
            } else {
                t.accent
            };
            spans.push(Span::styled(
                if c == ' ' && r == MAP_H / 2 {
                    '·'.to_string()
                } else {
                    c.to_string()
                },
                style,
            ));
        }
        spans.push(Span::styled("│", t.border));
        if let Some(l) = legend.get(r) {
            spans.push(Span::styled(format!(" {l}"), t.base));
        }
        out.push(Line::from(spans));
    }
    out.push(Line::from(Span::styled(
        format!(" └{}┘", "─".repeat(MAP_W)),
        t.border,
    )));
    out.push(Line::from(Span::styled(
        format!("  one team, one app{:>w$}", "many teams", w = MAP_W - 16),
        t.dim,
    )));
    out
}

/// The free cell closest to (row, col), so two roles that sit close (or
/// a role under the ad) each keep a mark. A cell is about twice as tall as
/// it is wide, so a step sideways is the shorter one.
fn nearest_free(grid: &[Vec<(char, bool)>], row: usize, col: usize) -> Option<(usize, usize)> {
    let far = |r: usize, c: usize| 4 * r.abs_diff(row).pow(2) + c.abs_diff(col).pow(2);
    (0..grid.len())
        .flat_map(|r| (0..grid[r].len()).map(move |c| (r, c)))
        .filter(|&(r, c)| grid[r][c].0 == ' ')
        .min_by_key(|&(r, c)| (far(r, c), r, c))
}

/// The score bars in the order drawn: the most probable roles (at most
/// [`MAX_BARS`]) and "none of these roles" (`None`) where it ranks.
pub fn bars(a: &crate::analyze::Analysis) -> Vec<(Option<usize>, f64)> {
    let shown = &a.ranking[..a.ranking.len().min(MAX_BARS)];
    let mut bars: Vec<(Option<usize>, f64)> = shown
        .iter()
        .map(|&r| (Some(r), a.scores[r].probability))
        .collect();
    bars.push((None, a.none_probability));
    bars.sort_by(|x, y| y.1.total_cmp(&x.1));
    bars
}

pub fn result_lines(app: &App, w: usize) -> Vec<Line<'static>> {
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
        if st.loading {
            return wrap(
                vec![Span::styled(
                    format!("{} Reading the file…", spinner(app.spinner)),
                    t.dim,
                )],
                w,
                0,
            );
        }
        if st.reader.is_building() && !st.text.value().trim().is_empty() {
            return wrap(
                vec![Span::styled(
                    format!(
                        "{} Preparing the reader for this content… (the reading follows by itself)",
                        spinner(app.spinner)
                    ),
                    t.dim,
                )],
                w,
                0,
            );
        }
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
            Span::styled(reading::verdict(cat, a), t.heading),
        ],
        w,
        2,
    ));
    if let Some(warning) = reading::mismatch_warning(cat, a) {
        lines.extend(wrap(
            vec![Span::styled(format!("⚠ {warning}"), t.warn)],
            w,
            2,
        ));
    }
    if let Some(note) = reading::short_note(a) {
        lines.extend(wrap(vec![Span::styled(format!("⚠ {note}"), t.warn)], w, 2));
    }
    if let Some(note) = reading::input_note(a) {
        lines.extend(wrap(
            vec![Span::styled(format!("Note: {note}"), t.dim)],
            w,
            0,
        ));
    }
    lines.push(Line::default());
    // Bars, most probable first: the first few, and "none of these roles"
    // where it ranks. A big pack has thousands of roles, and a bar for each
    // would be a wall nobody reads.
    let bars = bars(a);
    let chosen = bars.get(st.bar).map(|b| b.0);
    let name = |r: Option<usize>| r.map_or("none of these roles", |r| cat.roles[r].title.as_str());
    let name_w = bars
        .iter()
        .map(|(r, _)| name(*r).width())
        .max()
        .unwrap_or(10)
        .min(28);
    let bar_w = w.saturating_sub(name_w + 9).clamp(4, 30);
    let more = a.ranking.len() - a.ranking.len().min(MAX_BARS);
    for (i, (r, p)) in bars.iter().copied().enumerate() {
        let filled = ((p * bar_w as f64).round() as usize).min(bar_w);
        let best = a.best == r;
        let here = i == st.bar;
        let label_style = match (here, best) {
            (true, _) => t.selected,
            (false, true) => t.title,
            (false, false) => t.base,
        };
        lines.push(Line::from(vec![
            Span::styled(super::marker(here), t.accent),
            Span::styled("█".repeat(filled), if best { t.shared } else { t.bar }),
            Span::styled("░".repeat(bar_w - filled), t.border),
            Span::styled(
                format!(" {:>3.0}% ", 100.0 * p),
                if best { t.title } else { t.base },
            ),
            Span::styled(ellipsize(name(r), name_w), label_style),
        ]));
    }
    if more > 0 {
        lines.push(Line::from(Span::styled(
            format!(
                "… and {more} more roles, none more probable (`roledex analyze FILE` lists them all)"
            ),
            t.dim,
        )));
    }
    // The chosen bar's evidence first, for and against; then, while the
    // best reading is chosen, the runners-up worth a doubt.
    let mut sections: Vec<(String, Vec<&crate::analyze::Evidence>)> = Vec::new();
    match chosen {
        Some(None) => sections.push((
            "Why none of these roles".into(),
            a.evidence_for_none(6).collect(),
        )),
        Some(Some(r)) => {
            let title = &cat.roles[r].title;
            let verb = if a.best == Some(r) { "Why" } else { "For" };
            sections.push((format!("{verb} {title}"), a.evidence_for(r, 6).collect()));
            sections.push((
                format!("Against {title}"),
                a.evidence_against(r, 6).collect(),
            ));
        }
        None => {}
    }
    if st.bar == 0 {
        for r in reading::shown_roles(a) {
            if Some(Some(r)) != chosen {
                sections.push((
                    format!("Also like {}", cat.roles[r].title),
                    a.evidence_for(r, 3).collect(),
                ));
            }
        }
    }
    let head_line = |head: &str| Line::from(Span::styled(head.to_string(), t.heading));
    for (head, items) in sections {
        lines.push(Line::default());
        lines.push(head_line(&head));
        if items.is_empty() {
            lines.push(Line::from(Span::styled(
                "  (no line of the ad argues this way)",
                t.dim,
            )));
        }
        for e in items {
            let sign = if e.weight >= 0.0 { "+" } else { "−" };
            lines.extend(wrap(
                vec![
                    // The longest label ("signal") and a space.
                    Span::styled(format!("{:<7}", e.kind.label()), t.dim),
                    Span::styled(e.matched.clone(), t.accent),
                    Span::styled(
                        format!(" {sign}{:.2} ({})", e.weight.abs(), e.part.label()),
                        t.dim,
                    ),
                ],
                w,
                7,
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
    lines.push(Line::default());
    lines.extend(map_lines(app, a, w));
    if !a.ruled_out.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "Not counted (ruled out, or handed to another team)",
            t.heading,
        )));
        for r in a.ruled_out.iter().take(3) {
            let idx: Vec<usize> = r.ranges.iter().flat_map(|x| x.clone()).collect();
            let mut spans = vec![Span::styled(format!("  line {}: ", r.line), t.dim)];
            spans.extend(highlighted(&r.ad_text, &idx, t.base, t.matched));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_cell_moves_a_mark_to_the_closest_free_one() {
        let mut grid = vec![vec![(' ', false); 5]; 3];
        assert_eq!(nearest_free(&grid, 1, 2), Some((1, 2)));
        grid[1][2] = ('●', true);
        // Sideways first: a row up is as far as two cells across.
        assert_eq!(nearest_free(&grid, 1, 2), Some((1, 1)));
        grid[1][1] = ('1', false);
        assert_eq!(nearest_free(&grid, 1, 2), Some((1, 3)));
        grid[1][3] = ('2', false);
        for c in &mut grid[1] {
            c.0 = 'x';
        }
        assert_eq!(nearest_free(&grid, 1, 2), Some((0, 2)));
        for row in &mut grid {
            for c in row {
                c.0 = 'x';
            }
        }
        assert_eq!(nearest_free(&grid, 1, 2), None, "a full map places no more");
    }
}
