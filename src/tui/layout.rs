//! The second step of `update`: fits the state to the terminal's size.
//! After every action it lays out what the current screen shows (wrapped
//! lines, prepared once and kept until what they depend on changes), keeps
//! selections and cursors in view, clamps scroll positions and records the
//! areas the mouse can hit. Drawing then only paints, so a frame costs the
//! rows on screen and changes nothing.

use super::action::Screen;
use super::state::{
    AdKey, App, CompareKey, DetailKey, FieldFocus, HitMap, ReadingKey, RolesFocus, Scroll,
    Selection,
};
use super::view;

pub fn fit(app: &mut App) {
    app.hit = HitMap::default();
    let Some(regions) = view::regions(app, app.size) else {
        return;
    };
    let (_, tabs) = view::header_tabs(regions.header, app.screen);
    app.hit.tabs = tabs.into_iter().map(|(_, rect, s)| (rect, s)).collect();
    let body = regions.body;
    match app.screen {
        Screen::Roles => roles(app, body),
        Screen::Compare => compare(app, body),
        Screen::Search => search(app, body),
        Screen::Tools => tools(app, body),
        Screen::Analyze => analyze(app, body),
    }
    if app.help.is_some() {
        help(app, body);
    }
}

/// Sets a scroll's limits and keeps its offset within them.
fn limit(scroll: &mut Scroll, content: usize, viewport: u16) {
    scroll.content = content;
    scroll.viewport = usize::from(viewport);
    scroll.clamp();
}

fn roles(app: &mut App, body: ratatui::layout::Rect) {
    let Some(role) = app.selected_role() else {
        return;
    };
    let areas = view::roles::areas(body, app);
    if let Some(inner) = areas.rows {
        let height = usize::from(inner.height);
        let rows = &app.roles.rows;
        let selected_row = rows
            .iter()
            .position(|&x| x == Some(app.roles.list.index))
            .unwrap_or(0);
        // Keep the selected role in view, with its heading when it is the first.
        let mut view = Selection {
            index: selected_row,
            offset: app.roles.list.offset,
        };
        let mut offset = view
            .visible_offset(height)
            .min(rows.len().saturating_sub(height));
        if selected_row > 0 && rows[selected_row - 1].is_none() && offset == selected_row {
            offset -= 1;
        }
        app.hit.roles_rows = rows.iter().skip(offset).take(height).copied().collect();
        app.hit.list = Some((inner, offset));
        app.roles.list.offset = offset;
    }
    let Some(d) = view::roles::detail_areas(areas.detail) else {
        return;
    };
    let st = &mut app.roles;
    app.hit.detail_tabs = view::roles::tab_window(d.tabs, st.tab).2;
    app.hit.detail = Some(d.body);
    let (cat, theme) = (&app.catalog, app.theme);
    let r = &cat.roles[role];
    let width = usize::from(d.text.width);
    let focused = st.focus == RolesFocus::Detail;
    let tab = st.tab;
    let key = |cursor: usize| DetailKey {
        role,
        tab,
        width,
        // The cursor shows while the detail pane has focus.
        cursor: focused.then_some(cursor),
    };
    let make = |k: DetailKey| view::roles::detail_lines(cat, r, tab, width, &theme, k.cursor);
    st.detail.refresh(key(st.cursor), || make(key(st.cursor)));
    // After a jump: the wanted item gets the cursor, now that it is placed.
    if let Some(want) = st.want.take()
        && let Some(p) = st.items().iter().position(|i| i.target == want)
    {
        st.cursor = p;
        st.follow = true;
    }
    let items = st.items().len();
    if st.cursor >= items && items > 0 {
        st.cursor = items - 1;
    }
    st.detail.refresh(key(st.cursor), || make(key(st.cursor)));
    let height = usize::from(d.text.height);
    let detail = &st.detail.value;
    if std::mem::take(&mut st.reflow)
        && let Some(&line) = detail.blocks.get(st.top_block)
    {
        st.scroll.offset = line;
    }
    if std::mem::take(&mut st.follow)
        && let Some(item) = detail.items.get(st.cursor)
        && height > 0
    {
        // A line of context above; an item taller than the view shows its start.
        let top = item.start.saturating_sub(1);
        if item.start < st.scroll.offset || item.end - item.start > height {
            st.scroll.offset = top;
        } else if item.end > st.scroll.offset + height {
            st.scroll.offset = item.end - height;
        }
    }
    limit(&mut st.scroll, detail.lines.len(), d.text.height);
    st.top_block = detail
        .blocks
        .iter()
        .rposition(|&b| b <= st.scroll.offset)
        .unwrap_or(0);
}

fn compare(app: &mut App, body: ratatui::layout::Rect) {
    if let Some(areas) = view::compare::areas(body, app) {
        let key = CompareKey {
            roles: app.compare.roles.clone(),
            shown: areas.shown.clone(),
            col_w: areas.col_w,
            width: usize::from(areas.text.width),
        };
        if !app.compare.table.fresh(&key) {
            let table = view::compare::table(app, &areas);
            app.compare.table.set(key, table);
        }
        let rows = app.compare.table.value.as_ref().map_or(0, Vec::len);
        limit(&mut app.compare.scroll, rows, areas.body.height);
    }
    if let Some(p) = app.compare.picker.as_mut()
        && let Some((_, list)) = view::compare::picker_areas(body, p.matches.len())
    {
        p.list.visible_offset(usize::from(list.height));
    }
}

fn search(app: &mut App, body: ratatui::layout::Rect) {
    let areas = view::search::areas(body, app);
    let height = usize::from(areas.hits.height);
    let offset = app.search.list.visible_offset(height);
    app.hit.list = Some((areas.hits, offset));
    // The rows shown, and the selected hit (the preview's), highlighted.
    let corpus = app.catalog.corpus();
    app.search.mark(corpus, offset..offset + height);
    let selected = app.search.list.index;
    app.search.mark(corpus, selected..selected + 1);
}

fn tools(app: &mut App, body: ratatui::layout::Rect) {
    let areas = view::tools::areas(body);
    let height = usize::from(areas.list.height);
    app.tools.list.offset = view::tools::list_offset(app, height);
    let typing = app.tools.focus == FieldFocus::Input;
    let (_, rows, _) = view::tools::list_lines(app, usize::from(areas.list.width), height, typing);
    app.hit.list = Some((areas.list, app.tools.list.offset));
    app.hit.list_rows = rows;
}

fn analyze(app: &mut App, body: ratatui::layout::Rect) {
    let areas = view::analyze::areas(body);
    let st = &app.analyze;
    let typing = st.focus == FieldFocus::Input;
    let text = st.text.value();
    let ad_key = AdKey {
        text_len: text.len(),
        text_hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
        cursor: typing.then(|| st.text.cursor()),
        width: usize::from(areas.ad_text.width),
    };
    if !st.ad.fresh(&ad_key) {
        let lines = view::analyze::ad_lines(app, ad_key.width);
        app.analyze.ad.set(ad_key, lines);
    }
    let waiting = app.waiting();
    let st = &app.analyze;
    let reading_key = ReadingKey {
        rev: st.rev,
        width: usize::from(areas.result_text.width),
        stale: st.stale,
        waiting,
        spinner: if waiting { app.spinner } else { 0 },
        bar: st.bar,
    };
    if !st.reading.fresh(&reading_key) {
        let lines = view::analyze::result_lines(app, reading_key.width);
        app.analyze.reading.set(reading_key, lines);
    }
    let st = &mut app.analyze;
    let (ad_rows, cursor_line) = (st.ad.value.0.len(), st.ad.value.1);
    let scroll = &mut st.ad_scroll;
    scroll.content = ad_rows;
    scroll.viewport = usize::from(areas.ad_text.height);
    if typing && st.follow && scroll.viewport > 0 {
        if cursor_line < scroll.offset {
            scroll.offset = cursor_line;
        } else if cursor_line >= scroll.offset + scroll.viewport {
            scroll.offset = cursor_line + 1 - scroll.viewport;
        }
    }
    scroll.clamp();
    let rows = st.reading.value.len();
    limit(&mut st.scroll, rows, areas.result_text.height);
}

fn help(app: &mut App, body: ratatui::layout::Rect) {
    let (_, text) = view::help::areas(body);
    app.help_lines = view::help::lines(app, usize::from(text.width));
    let rows = app.help_lines.len();
    if let Some(scroll) = app.help.as_mut() {
        limit(scroll, rows, text.height);
    }
}
