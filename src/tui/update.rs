//! The only place state changes: `update(app, action)` applies the action,
//! then `layout::fit` fits what it changed to the screen. Slow work (a file
//! read, opening a URL) goes to a worker thread and comes back as an action.

use super::action::{Action, Screen};
use super::field::Field;
use super::state::{App, DetailTab, FieldFocus, ItemTarget, RolesFocus};
use crate::search::{Kind, Target};

/// How many search hits the screen keeps; more is noise for a person.
const SEARCH_LIMIT: usize = 200;

pub fn update(app: &mut App, action: Action) {
    apply(app, action);
    super::layout::fit(app);
}

/// Waits up to `timeout` for work in flight (a file being read) and applies
/// its results: for tests and screenshots, which need them at once. The UI
/// never calls it; its event loop receives them as they come.
pub fn finish_work(app: &mut App, timeout: std::time::Duration) {
    let deadline = std::time::Instant::now() + timeout;
    while app.analyze.loading || app.jobs > 0 {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match app.inbox.next(Some(left)) {
            Some(super::inbox::Msg::Done(a)) => update(app, a),
            Some(super::inbox::Msg::Term(_)) => {}
            None => return,
        }
    }
}

fn apply(app: &mut App, action: Action) {
    // A message stays until the user does something.
    if !matches!(
        action,
        Action::Idle
            | Action::Tick
            | Action::Resize { .. }
            | Action::ReaderReady
            | Action::FileRead { .. }
            | Action::Opened { .. }
            | Action::Exported { .. }
    ) {
        app.status = None;
    }
    // Whatever the screen: the frame, the screen size, finished work.
    match action {
        Action::Resize { width, height } => {
            let size = ratatui::layout::Rect::new(0, 0, width, height);
            if app.size != size {
                app.size = size;
                // The Roles detail starts at the paragraph it showed before.
                app.roles.reflow = true;
            }
            return;
        }
        Action::Tick => {
            app.spinner = app.spinner.wrapping_add(1);
            return;
        }
        Action::Idle | Action::ReaderReady => {
            // The reader, if this is its message, moves into place.
            let _ = app.analyze.reader.get();
            if app.analyze.stale {
                reanalyze(app);
            }
            return;
        }
        Action::FileRead { typed, result } => return file_read(app, typed, result),
        Action::Opened { url, result } => {
            app.jobs = app.jobs.saturating_sub(1);
            app.status = Some(match result {
                Ok(()) => format!("Asked the browser to open {url}"),
                Err(e) => format!("Cannot open {url}: {e}"),
            });
            return;
        }
        Action::Exported { what, result } => {
            app.jobs = app.jobs.saturating_sub(1);
            app.status = Some(match result {
                Ok(path) => format!("Exported {what} to {path}"),
                Err(e) => format!("Cannot export {what}: {e}"),
            });
            return;
        }
        _ => {}
    }
    if let Some(scroll) = &mut app.help {
        match action {
            Action::Help | Action::Back => app.help = None,
            Action::Quit => app.quit = true,
            Action::Down | Action::ScrollDown => scroll.by(1),
            Action::Up | Action::ScrollUp => scroll.by(-1),
            Action::PageDown => scroll.by(scroll.page()),
            Action::PageUp => scroll.by(-scroll.page()),
            Action::Top => scroll.offset = 0,
            Action::Bottom => scroll.offset = scroll.max(),
            _ => {}
        }
        return;
    }
    match action {
        Action::Quit => app.quit = true,
        Action::Help => app.help = Some(Default::default()),
        Action::Goto(s) => goto(app, s),
        Action::StartSearch => {
            goto(app, Screen::Search);
            app.search.focus = FieldFocus::Input;
            // The old query, selected: typing replaces it, an arrow keeps it.
            app.search.query.select_all();
        }
        Action::Copy => copy(app),
        Action::Export => export(app),
        Action::OpenUrl => open_url(app),
        Action::Forward => go_forward(app),
        _ => match app.screen {
            Screen::Roles => roles(app, action),
            Screen::Compare => compare(app, action),
            Screen::Search => search(app, action),
            Screen::Tools => tools(app, action),
            Screen::Analyze => analyze(app, action),
        },
    }
}

/// `y`: the current view as Markdown (the selected hit's text on the
/// Search screen), for the clipboard.
fn copy(app: &mut App) {
    let cat = &app.catalog;
    let picked = if app.screen == Screen::Search {
        app.search
            .hits
            .get(app.search.list.index)
            .map(|h| {
                (
                    cat.corpus().text(h.entry).to_string(),
                    "the selected hit".to_string(),
                )
            })
            .ok_or_else(|| "No result to copy".to_string())
    } else {
        super::export::document(app).map(|d| (d.text, d.what))
    };
    match picked {
        Ok((text, what)) => {
            app.status = Some(format!(
                "Copied {what} ({} lines) to the clipboard",
                text.lines().count()
            ));
            app.clipboard = Some(text);
        }
        Err(why) => app.status = Some(why),
    }
}

/// `e`: the current view as Markdown in a new file in the working folder,
/// written on a worker thread; the status line gives its path.
fn export(app: &mut App) {
    let doc = match super::export::document(app) {
        Ok(d) => d,
        Err(why) => {
            app.status = Some(why);
            return;
        }
    };
    app.status = Some(format!("Exporting {}…", doc.what));
    let what = doc.what.clone();
    let dir = app.export_dir.clone();
    let failed = Action::Exported {
        what: what.clone(),
        result: Err("no thread could be started to write it".into()),
    };
    app.jobs += 1;
    super::inbox::spawn(
        app.inbox.sender(),
        "roledex-export",
        move || Action::Exported {
            result: dir
                .map_or_else(std::env::current_dir, Ok)
                .and_then(|dir| super::export::write_new(&dir, &doc.slug, &doc.text))
                .map(|p| p.display().to_string())
                .map_err(|e| e.to_string()),
            what,
        },
        failed,
    );
}

/// `o`: the selected tool's or source's URL, opened by the platform's
/// opener (or $BROWSER) on a worker thread: a slow or hanging opener never
/// holds up the screen, and its failure comes back to the status line.
fn open_url(app: &mut App) {
    match super::export::url_here(app) {
        Err(why) => app.status = Some(why),
        Ok((url, what)) => {
            app.status = Some(format!("Opening {what}: {url}"));
            let failed = Action::Opened {
                url: url.clone(),
                result: Err("no thread could be started".into()),
            };
            app.jobs += 1;
            super::inbox::spawn(
                app.inbox.sender(),
                "roledex-open",
                move || Action::Opened {
                    result: opener::open_browser(&url).map_err(|e| e.to_string()),
                    url,
                },
                failed,
            );
        }
    }
}

/// A job ad from a file: a regular file only (a FIFO would block the UI,
/// `/dev/zero` never ends), and no more of it than the analyzer reads.
/// True in the second place when the file was longer.
fn read_ad(path: &std::path::Path) -> std::io::Result<(Vec<u8>, bool)> {
    use std::io::Read;
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let cap = crate::analyze::MAX_ANALYSED_BYTES;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(cap as u64 + 1)
        .read_to_end(&mut bytes)?;
    let cut = bytes.len() > cap;
    bytes.truncate(cap);
    Ok((bytes, cut))
}

fn goto(app: &mut App, s: Screen) {
    if app.screen != s {
        // A new way forward: the old one is gone, as in a browser.
        app.forward.clear();
        app.back.push(app.screen);
        // Bounded: a long session of hopping must not grow without end.
        if app.back.len() > 32 {
            app.back.remove(0);
        }
        app.screen = s;
    }
}

/// `Esc` with nothing to clear: return to where the user came from.
fn go_back(app: &mut App) {
    let to = match app.back.pop() {
        Some(s) => s,
        None if app.screen != Screen::Roles => Screen::Roles,
        None => return,
    };
    app.forward.push(app.screen);
    app.screen = to;
}

/// `Alt-→`: the screen the last `Esc` left.
fn go_forward(app: &mut App) {
    match app.forward.pop() {
        Some(s) => {
            app.back.push(app.screen);
            app.screen = s;
        }
        None => app.status = Some("Nothing to go forward to".into()),
    }
}

fn roles(app: &mut App, action: Action) {
    if app.roles.filtering {
        return roles_filter(app, action);
    }
    if action == Action::FilterRoles {
        app.roles.filtering = true;
        app.roles.focus = RolesFocus::List;
        return;
    }
    let n = app.catalog.roles.len();
    let st = &mut app.roles;
    let items = st.items().len();
    let down = action == Action::PageDown;
    match (st.focus, action) {
        (RolesFocus::List, Action::Down) => select_role(st, 1, n),
        (RolesFocus::List, Action::Up) => select_role(st, -1, n),
        (RolesFocus::List, Action::PageDown) => select_role(st, 10, n),
        (RolesFocus::List, Action::PageUp) => select_role(st, -10, n),
        (RolesFocus::List, Action::Top) => select_role(st, isize::MIN / 2, n),
        (RolesFocus::List, Action::Bottom) => select_role(st, isize::MAX / 2, n),
        (RolesFocus::List, Action::Open | Action::NextPane | Action::PrevPane) => {
            st.focus = RolesFocus::Detail;
            st.follow = true;
        }
        (RolesFocus::Detail, Action::NextPane | Action::PrevPane | Action::Back) => {
            st.focus = RolesFocus::List
        }
        (RolesFocus::List, Action::Back) if !app.back.is_empty() => go_back(app),
        (_, Action::NextTab) => set_tab(st, st.tab.step(true)),
        (_, Action::PrevTab) => set_tab(st, st.tab.step(false)),
        // A tab of items moves a cursor through them; other tabs scroll.
        (RolesFocus::Detail, Action::Down) if items > 0 => move_cursor(st, 1),
        (RolesFocus::Detail, Action::Up) if items > 0 => move_cursor(st, -1),
        (RolesFocus::Detail, Action::Top) if items > 0 => move_cursor(st, isize::MIN / 2),
        (RolesFocus::Detail, Action::Bottom) if items > 0 => move_cursor(st, isize::MAX / 2),
        (RolesFocus::Detail, Action::PageDown | Action::PageUp) if items > 0 => {
            let page = st.scroll.page();
            st.scroll.by(if down { page } else { -page });
            // The cursor goes to the first item in the new view.
            let top = st.scroll.offset;
            let p = st
                .items()
                .iter()
                .position(|i| i.end > top)
                .unwrap_or(items - 1);
            st.cursor = if down {
                p.max(st.cursor)
            } else {
                p.min(st.cursor)
            };
            st.follow = true;
        }
        (RolesFocus::Detail, Action::Down) | (_, Action::ScrollDown) => st.scroll.by(1),
        (RolesFocus::Detail, Action::Up) | (_, Action::ScrollUp) => st.scroll.by(-1),
        (RolesFocus::Detail, Action::PageDown) => st.scroll.by(st.scroll.page()),
        (RolesFocus::Detail, Action::PageUp) => st.scroll.by(-st.scroll.page()),
        (RolesFocus::Detail, Action::Top) => st.scroll.offset = 0,
        (RolesFocus::Detail, Action::Bottom) => st.scroll.offset = st.scroll.max(),
        (RolesFocus::Detail, Action::Open) => open_item(app),
        (_, Action::Click { column, row }) => click_roles(app, column, row),
        _ => {}
    }
}

fn move_cursor(st: &mut super::state::RolesState, delta: isize) {
    let len = st.items().len();
    st.cursor = st
        .cursor
        .saturating_add_signed(delta)
        .min(len.saturating_sub(1));
    st.follow = true;
}

/// Enter on a detail item: a tool opens in the Tools screen, a duty opens
/// its first tool (the status line names the others).
fn open_item(app: &mut App) {
    let Some(role) = app.selected_role() else {
        return;
    };
    let Some(item) = app.roles.current_item() else {
        app.status = Some("Nothing to open on this tab".into());
        return;
    };
    match item.target {
        ItemTarget::Tool(tool) => open_target(app, Target::Tool { tool }),
        ItemTarget::Duty(d) => {
            let r = &app.catalog.roles[role];
            let tools: Vec<usize> = r.duties[d]
                .tools
                .iter()
                .filter_map(|id| app.catalog.tool_index(id))
                .collect();
            match tools.as_slice() {
                [] => app.status = Some("This duty names no tool".into()),
                [first, rest @ ..] => {
                    let others: Vec<String> = rest
                        .iter()
                        .map(|&t| app.catalog.tools[t].name.clone())
                        .collect();
                    open_target(app, Target::Tool { tool: *first });
                    if !others.is_empty() {
                        app.status = Some(format!(
                            "This duty also names {}; Esc returns to it",
                            others.join(", ")
                        ));
                    }
                }
            }
        }
        ItemTarget::Origin(_) | ItemTarget::Question(_) => {
            app.status = Some("Enter opens tools; this item has none".into())
        }
    }
}

/// Moves the selection by `delta` among the roles the list shows (all of
/// them, or those the filter keeps).
fn select_role(st: &mut super::state::RolesState, delta: isize, n: usize) {
    let shown: Vec<usize> = st.rows.iter().flatten().copied().collect();
    if shown.is_empty() {
        return;
    }
    let at = shown.iter().position(|&r| r == st.list.index).unwrap_or(0);
    let to = at.saturating_add_signed(delta).min(shown.len() - 1);
    set_role(st, shown[to].min(n.saturating_sub(1)));
}

fn set_role(st: &mut super::state::RolesState, role: usize) {
    if st.list.index != role {
        st.list.index = role;
        st.scroll.offset = 0;
        st.cursor = 0;
        st.want = None;
    }
}

/// Keys while the Roles list's filter field has the keyboard.
fn roles_filter(app: &mut App, action: Action) {
    let n = app.catalog.roles.len();
    let st = &mut app.roles;
    let changed = match action {
        Action::Insert(ch) => st.filter.insert(ch),
        Action::Paste(text) => st.filter.paste(&single_line(&text)),
        Action::Edit(op) => st.filter.edit(op),
        Action::Undo => st.filter.undo(),
        Action::Down | Action::ScrollDown => {
            select_role(st, 1, n);
            false
        }
        Action::Up | Action::ScrollUp => {
            select_role(st, -1, n);
            false
        }
        Action::Back if !st.filter.is_empty() => st.filter.clear(),
        Action::Back | Action::NextPane | Action::PrevPane => {
            st.filtering = false;
            false
        }
        Action::Open => {
            st.filtering = false;
            st.focus = RolesFocus::Detail;
            st.follow = true;
            false
        }
        Action::Click { column, row } => {
            click_roles(app, column, row);
            false
        }
        _ => false,
    };
    if changed {
        refilter_roles(app);
    }
}

/// The list's rows for the filter: roles whose title, id or other names
/// contain every term. The selection stays if still shown, else moves to
/// the first role shown.
fn refilter_roles(app: &mut App) {
    let cat = &app.catalog;
    let st = &mut app.roles;
    if st.haystacks.len() != cat.roles.len() {
        st.haystacks = cat
            .roles
            .iter()
            .map(|r| {
                std::iter::once(&r.title)
                    .chain(std::iter::once(&r.id))
                    .chain(&r.also_called)
                    .map(|s| s.to_lowercase())
                    .collect::<Vec<_>>()
                    .join("\0")
            })
            .collect();
    }
    let terms = crate::search::terms(st.filter.value());
    let hay = &st.haystacks;
    st.rows = super::state::role_rows(cat, |i| terms.iter().all(|t| hay[i].contains(t.as_str())));
    st.list.offset = 0;
    if !st.rows.contains(&Some(st.list.index))
        && let Some(first) = st.rows.iter().flatten().next().copied()
    {
        set_role(st, first);
    }
}

fn set_tab(st: &mut super::state::RolesState, tab: DetailTab) {
    st.tab = tab;
    st.scroll.offset = 0;
    st.cursor = 0;
    st.want = None;
}

fn click_roles(app: &mut App, column: u16, row: u16) {
    let pos = ratatui::layout::Position::new(column, row);
    if let Some((rect, _)) = app.hit.list
        && rect.contains(pos)
    {
        if let Some(&Some(target)) = app.hit.roles_rows.get(usize::from(row - rect.y)) {
            set_role(&mut app.roles, target);
            app.roles.focus = RolesFocus::List;
        }
        return;
    }
    if let Some(&(_, tab)) = app.hit.detail_tabs.iter().find(|(r, _)| r.contains(pos)) {
        set_tab(&mut app.roles, tab);
        app.roles.focus = RolesFocus::Detail;
        return;
    }
    if let Some(body) = app.hit.detail
        && body.contains(pos)
    {
        let st = &mut app.roles;
        st.focus = RolesFocus::Detail;
        // The item under the click gets the cursor.
        let line = st.scroll.offset + usize::from(row - body.y);
        if let Some(p) = st
            .items()
            .iter()
            .position(|i| (i.start..i.end).contains(&line))
        {
            st.cursor = p;
        }
    }
}

/// Shows a role's item in the Roles screen, under the cursor and scrolled
/// into view.
pub fn jump_to(app: &mut App, role: usize, tab: DetailTab, index: usize) {
    goto(app, Screen::Roles);
    let st = &mut app.roles;
    // A filter that hides the role gives way: the jump must show it.
    if !st.rows.contains(&Some(role)) {
        st.filter = Field::default();
        st.rows = super::state::role_rows(&app.catalog, |_| true);
    }
    st.filtering = false;
    st.list.index = role;
    st.focus = RolesFocus::Detail;
    st.tab = tab;
    st.scroll.offset = 0;
    st.cursor = 0;
    st.want = match tab {
        DetailTab::Duties => Some(ItemTarget::Duty(index)),
        DetailTab::Origins => Some(ItemTarget::Origin(index)),
        DetailTab::Questions => Some(ItemTarget::Question(index)),
        DetailTab::Tools => Some(ItemTarget::Tool(index)),
        DetailTab::Overview => None,
    };
}

fn compare(app: &mut App, action: Action) {
    if app.compare.picker.is_some() {
        return picker(app, action);
    }
    let n = app.catalog.roles.len();
    let st = &mut app.compare;
    let cols = st.roles.len();
    match action {
        Action::Left => st.focus = st.focus.saturating_sub(1),
        Action::Right => st.focus = (st.focus + 1).min(cols.saturating_sub(1)),
        Action::Down | Action::ScrollDown => st.scroll.by(1),
        Action::Up | Action::ScrollUp => st.scroll.by(-1),
        Action::PageDown => st.scroll.by(st.scroll.page()),
        Action::PageUp => st.scroll.by(-st.scroll.page()),
        Action::Top => st.scroll.offset = 0,
        Action::Bottom => st.scroll.offset = st.scroll.max(),
        Action::NextRole | Action::PrevRole if cols > 0 => {
            // Skip roles already in another column: a role beside itself
            // compares nothing.
            let step = if action == Action::NextRole { 1 } else { n - 1 };
            let mut r = st.roles[st.focus];
            for _ in 0..n {
                r = (r + step) % n;
                if !st.roles.contains(&r) {
                    st.roles[st.focus] = r;
                    break;
                }
            }
        }
        Action::AddColumn => {
            if cols >= 3 {
                app.status = Some("Compare shows at most three roles".into());
            } else if let Some(r) = (0..n).find(|r| !st.roles.contains(r)) {
                st.roles.push(r);
                st.focus = st.roles.len() - 1;
            }
        }
        Action::RemoveColumn => {
            if cols <= 2 {
                app.status = Some("Compare needs at least two roles".into());
            } else {
                st.roles.remove(st.focus);
                st.focus = st.focus.min(st.roles.len() - 1);
            }
        }
        Action::PickRole if cols > 0 => {
            let mut p = super::state::Picker::default();
            refresh_picker(&app.catalog, &app.compare.roles, app.compare.focus, &mut p);
            app.compare.picker = Some(p);
        }
        Action::SwapColumn if cols > 1 => {
            let other = (st.focus + 1) % cols;
            st.roles.swap(st.focus, other);
            st.focus = other;
        }
        Action::Open => {
            if let Some(&r) = st.roles.get(st.focus) {
                jump_to(app, r, DetailTab::Overview, 0);
            }
        }
        Action::Back => go_back(app),
        _ => {}
    }
}

/// Roles for the picker: every role not already in another column,
/// ranked by the fuzzy matcher the search uses over title, id and other
/// titles; all of them in catalog order while the query is empty.
fn refresh_picker(
    cat: &crate::catalog::Catalog,
    columns: &[usize],
    focus: usize,
    p: &mut super::state::Picker,
) {
    use fuzzy_matcher::FuzzyMatcher;
    let matcher = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
    let q = p.query.value().trim();
    let mut scored: Vec<(i64, usize)> = cat
        .roles
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            !columns
                .iter()
                .enumerate()
                .any(|(c, r)| r == i && c != focus)
        })
        .filter_map(|(i, r)| {
            if q.is_empty() {
                return Some((0, i));
            }
            std::iter::once(r.title.as_str())
                .chain(std::iter::once(r.id.as_str()))
                .chain(r.also_called.iter().map(String::as_str))
                .filter_map(|name| matcher.fuzzy_match(name, q))
                .max()
                .map(|s| (s, i))
        })
        .collect();
    // Best first; ties keep catalog order.
    scored.sort_by_key(|&(s, i)| (std::cmp::Reverse(s), i));
    p.matches = scored.into_iter().map(|(_, i)| i).collect();
    p.list = Default::default();
}

fn picker(app: &mut App, action: Action) {
    let cat = &app.catalog;
    let st = &mut app.compare;
    let Some(p) = st.picker.as_mut() else { return };
    let len = p.matches.len();
    let changed = match action {
        Action::Insert(ch) => p.query.insert(ch),
        Action::Paste(text) => p.query.paste(&single_line(&text)),
        Action::Edit(op) => p.query.edit(op),
        Action::Undo => p.query.undo(),
        Action::Down | Action::ScrollDown => {
            p.list.move_by(1, len);
            false
        }
        Action::Up | Action::ScrollUp => {
            p.list.move_by(-1, len);
            false
        }
        Action::Back => {
            st.picker = None;
            return;
        }
        Action::Open => {
            match p.matches.get(p.list.index) {
                Some(&r) => {
                    st.roles[st.focus] = r;
                    st.picker = None;
                }
                None => app.status = Some("No role matches; Esc closes the picker".into()),
            }
            return;
        }
        _ => false,
    };
    if changed {
        let (columns, focus) = (st.roles.clone(), st.focus);
        if let Some(p) = st.picker.as_mut() {
            refresh_picker(cat, &columns, focus, p);
        }
    }
}

fn refresh_search(app: &mut App) {
    let st = &mut app.search;
    st.hits = st.searcher.search(
        app.catalog.corpus(),
        st.query.value(),
        st.filter(),
        SEARCH_LIMIT,
    );
    st.list = Default::default();
}

fn search(app: &mut App, action: Action) {
    let len = app.search.hits.len();
    let st = &mut app.search;
    match edit_line(&mut st.query, &mut st.focus, &action) {
        Some(Edit::Changed) => return refresh_search(app),
        Some(Edit::GoBack) => return go_back(app),
        Some(Edit::Done) => return,
        None => {}
    }
    match action {
        Action::CycleKind => {
            st.kind = match st.kind {
                None => Some(Kind::ALL[0]),
                Some(k) => Kind::ALL
                    .iter()
                    .position(|x| *x == k)
                    .and_then(|i| Kind::ALL.get(i + 1))
                    .copied(),
            };
            refresh_search(app);
        }
        Action::CycleRole => {
            let n = app.catalog.roles.len();
            st.role = match st.role {
                None if n > 0 => Some(0),
                Some(r) if r + 1 < n => Some(r + 1),
                _ => None,
            };
            refresh_search(app);
        }
        Action::NextPane => st.focus = FieldFocus::List,
        Action::FocusInput | Action::PrevPane => st.focus = FieldFocus::Input,
        Action::Down | Action::ScrollDown => st.list.move_by(1, len),
        Action::Up | Action::ScrollUp => st.list.move_by(-1, len),
        Action::PageDown => st.list.move_by(10, len),
        Action::PageUp => st.list.move_by(-10, len),
        Action::Top => st.list.move_by(isize::MIN / 2, len),
        Action::Bottom => st.list.move_by(isize::MAX / 2, len),
        Action::Click { column, row } => {
            if let Some((rect, first)) = app.hit.list
                && rect.contains((column, row).into())
            {
                let i = first + usize::from(row - rect.y);
                if i < len {
                    app.search.list.index = i;
                    app.search.focus = FieldFocus::List;
                }
            }
        }
        Action::Open => {
            if let Some(hit) = st.hits.get(st.list.index) {
                let target = app.catalog.corpus().entries()[hit.entry].target;
                open_target(app, target);
            }
        }
        _ => {}
    }
}

/// What a one-line text field did with an action.
enum Edit {
    /// The text changed: recompute what depends on it.
    Changed,
    /// `Esc` on an empty field: leave the screen.
    GoBack,
    /// Handled; nothing else to do.
    Done,
}

/// The editing keys shared by every one-line field (search query, tool
/// filter). `None`: not an editing action, the screen handles it.
fn edit_line(field: &mut Field, focus: &mut FieldFocus, action: &Action) -> Option<Edit> {
    let typing = *focus == FieldFocus::Input;
    let changed = match action {
        Action::Insert(ch) if typing => field.insert(*ch),
        Action::Paste(text) => {
            *focus = FieldFocus::Input;
            field.paste(&single_line(text))
        }
        Action::Edit(op) if typing => field.edit(*op),
        Action::Undo if typing => field.undo(),
        // Esc steps out: list → field → clear the text → previous screen.
        Action::Back if !typing => {
            *focus = FieldFocus::Input;
            false
        }
        Action::Back if field.is_empty() => return Some(Edit::GoBack),
        Action::Back => field.clear(),
        _ => return None,
    };
    Some(if changed { Edit::Changed } else { Edit::Done })
}

/// Pasted text in a one-line field: line breaks become spaces.
fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn open_target(app: &mut App, target: Target) {
    match target {
        Target::Duty { role, index } => jump_to(app, role, DetailTab::Duties, index),
        Target::Question { role, index } => jump_to(app, role, DetailTab::Questions, index),
        Target::Origin { role, index } => jump_to(app, role, DetailTab::Origins, index),
        Target::Tool { tool } => {
            goto(app, Screen::Tools);
            app.tools.filter = Field::default();
            refresh_tools(app);
            app.tools.list.index = app
                .tools
                .matches
                .iter()
                .position(|&t| t == tool)
                .unwrap_or(0);
            app.tools.role = Default::default();
            app.tools.focus = FieldFocus::List;
        }
    }
}

/// Tools whose name, id, alias or category contains every filter term.
fn refresh_tools(app: &mut App) {
    let terms = crate::search::terms(app.tools.filter.value());
    let tools = &app.catalog.tools;
    // Each tool's names lowercased once, on the first filter key, instead
    // of on every key: at 1000x content that was most of a keystroke.
    if app.tools.haystacks.len() != tools.len() {
        app.tools.haystacks = tools
            .iter()
            .map(|t| {
                // NUL never occurs in a term, so no match spans two names.
                let names = [&t.name, &t.id, &t.category].into_iter().chain(&t.aliases);
                names
                    .map(|s| s.to_lowercase())
                    .collect::<Vec<_>>()
                    .join("\0")
            })
            .collect();
    }
    let haystacks = &app.tools.haystacks;
    let matching = (0..tools.len()).filter(|&i| {
        terms
            .iter()
            .all(|term| haystacks[i].contains(term.as_str()))
    });
    let groups = app.tools.grouping.group(matching);
    app.tools.matches = groups.order;
    app.tools.group_starts = groups.starts;
    app.tools.list = Default::default();
    app.tools.role = Default::default();
}

fn tools(app: &mut App, action: Action) {
    let len = app.tools.matches.len();
    let using = app
        .selected_tool()
        .map_or(0, |t| app.catalog.roles_using(t).len());
    let st = &mut app.tools;
    let in_list = st.focus == FieldFocus::List;
    match edit_line(&mut st.filter, &mut st.focus, &action) {
        Some(Edit::Changed) => return refresh_tools(app),
        Some(Edit::GoBack) => return go_back(app),
        Some(Edit::Done) => return,
        None => {}
    }
    match action {
        Action::NextPane if using > 0 => st.focus = FieldFocus::List,
        Action::FocusInput | Action::PrevPane => st.focus = FieldFocus::Input,
        Action::Down | Action::ScrollDown if in_list => st.role.move_by(1, using),
        Action::Up | Action::ScrollUp if in_list => st.role.move_by(-1, using),
        Action::Top if in_list => st.role.move_by(isize::MIN / 2, using),
        Action::Bottom if in_list => st.role.move_by(isize::MAX / 2, using),
        Action::Down | Action::ScrollDown => move_tool(st, 1, len),
        Action::Up | Action::ScrollUp => move_tool(st, -1, len),
        Action::PageDown => move_tool(st, 10, len),
        Action::PageUp => move_tool(st, -10, len),
        Action::Click { column, row } => {
            if let Some((rect, _)) = app.hit.list
                && rect.contains((column, row).into())
                && let Some(&Some(i)) = app.hit.list_rows.get(usize::from(row - rect.y))
                && i < len
            {
                app.tools.list.index = i;
                app.tools.role = Default::default();
            }
        }
        Action::Open => {
            if let Some(tool) = app.selected_tool() {
                let using = app.catalog.roles_using(tool);
                let pick = if in_list { app.tools.role.index } else { 0 };
                if let Some((role, duties)) = using.get(pick) {
                    let first = duties.first().copied().unwrap_or(0);
                    jump_to(app, *role, DetailTab::Duties, first);
                } else {
                    app.status = Some("No role's duties name this tool".into());
                }
            }
        }
        _ => {}
    }
}

fn move_tool(st: &mut super::state::ToolsState, delta: isize, len: usize) {
    st.list.move_by(delta, len);
    st.role = Default::default();
}

fn analyze(app: &mut App, action: Action) {
    let st = &mut app.analyze;
    let typing = st.focus == FieldFocus::Input;
    let mut changed = false;
    match action {
        // A reading costs milliseconds: while keys arrive it waits for a
        // pause (`Idle`), so typing never lags.
        Action::Insert(ch) if typing => {
            st.text.insert(ch);
            st.stale = true;
            st.follow = true;
        }
        Action::Edit(op) if typing => {
            st.stale |= st.text.edit(op);
            st.follow = true;
        }
        Action::Paste(text) => {
            // Terminals send pasted line breaks as \r; normalise once here.
            st.text
                .paste(&text.replace("\r\n", "\n").replace('\r', "\n"));
            st.focus = FieldFocus::Input;
            st.follow = true;
            changed = true;
        }
        Action::ClearField if st.text.clear() => {
            let undo = if typing { "Ctrl-Z" } else { "u" };
            app.status = Some(format!("Cleared the ad; {undo} brings it back"));
            changed = true;
        }
        Action::Undo => {
            if st.text.undo() {
                st.follow = true;
                changed = true;
            } else {
                app.status = Some("Nothing to undo".into());
            }
        }
        // Esc never clears the ad: from the field it goes to the reading
        // (bound to NextPane), from the reading back to the last screen.
        Action::Back => go_back(app),
        Action::LoadFile if st.loading => app.status = Some("Still reading the last file…".into()),
        Action::LoadFile => {
            // On a worker: a slow disk or a network mount must not freeze
            // the screen. The result comes back as `Action::FileRead`.
            let typed = st.text.value().trim().to_string();
            let path = expand_home(&typed);
            st.loading = true;
            let failed = Action::FileRead {
                typed: typed.clone(),
                result: Err("no thread could be started to read it".into()),
            };
            super::inbox::spawn(
                app.inbox.sender(),
                "roledex-read",
                move || Action::FileRead {
                    result: read_ad(&path)
                        .map(|(bytes, cut)| {
                            (String::from_utf8_lossy(&bytes).replace("\r\n", "\n"), cut)
                        })
                        .map_err(|e| e.to_string()),
                    typed,
                },
                failed,
            );
        }
        Action::NextTab | Action::PrevTab if !typing => {
            let n = st
                .report
                .as_ref()
                .map_or(0, |a| super::view::analyze::bars(a).len());
            if n > 0 {
                st.bar = if action == Action::NextTab {
                    (st.bar + 1) % n
                } else {
                    (st.bar + n - 1) % n
                };
                // The chosen bar's evidence sits just below the bars.
                st.scroll.offset = 0;
            }
        }
        Action::NextPane => st.focus = FieldFocus::List,
        Action::FocusInput | Action::PrevPane => st.focus = FieldFocus::Input,
        // In the field, paging and the wheel move the ad, not the reading.
        Action::PageDown if typing => page_ad(st, 1),
        Action::PageUp if typing => page_ad(st, -1),
        Action::ScrollDown if typing => scroll_ad(st, 1),
        Action::ScrollUp if typing => scroll_ad(st, -1),
        Action::Down | Action::ScrollDown => st.scroll.by(1),
        Action::Up | Action::ScrollUp => st.scroll.by(-1),
        Action::PageDown => st.scroll.by(st.scroll.page()),
        Action::PageUp => st.scroll.by(-st.scroll.page()),
        Action::Top => st.scroll.offset = 0,
        Action::Bottom => st.scroll.offset = st.scroll.max(),
        _ => {}
    }
    if changed {
        reanalyze(app);
    }
}

/// A file read on the worker has come back: its text replaces the typed
/// path (which stays in the undo history).
fn file_read(app: &mut App, typed: String, result: Result<(String, bool), String>) {
    let st = &mut app.analyze;
    st.loading = false;
    st.rev += 1;
    match result {
        Ok((text, cut)) => {
            let kib = text.len() / 1024;
            st.text.set(text);
            st.text.edit(crate::tui::action::EditOp::Home);
            st.ad_scroll.offset = 0;
            st.follow = true;
            app.status = Some(if cut {
                format!("Read the first {kib} KiB of {typed}")
            } else {
                format!("Read {typed}")
            });
            reanalyze(app);
        }
        Err(e) => app.status = Some(format!("Cannot read `{typed}`: {e}")),
    }
}

fn page_ad(st: &mut super::state::AnalyzeState, dir: isize) {
    scroll_ad(st, dir * st.ad_scroll.page());
}

fn scroll_ad(st: &mut super::state::AnalyzeState, delta: isize) {
    st.ad_scroll.by(delta);
    st.follow = false;
}

/// `~` and `~/…` are the user's home, as in a shell.
fn expand_home(path: &str) -> std::path::PathBuf {
    let home = || directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    match path.strip_prefix('~') {
        Some("") => home().unwrap_or_else(|| path.into()),
        Some(rest) if rest.starts_with('/') || rest.starts_with(std::path::MAIN_SEPARATOR) => {
            match home() {
                Some(h) => h.join(&rest[1..]),
                None => path.into(),
            }
        }
        _ => path.into(),
    }
}

/// Text that is a file path being typed, not an ad: one line, and either
/// starting like a path or a single word with a path separator or a
/// document extension. Reading it as an ad would flash a meaningless score.
pub fn looks_like_path(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.contains('\n') || t.len() > 4096 {
        return false;
    }
    let starts = ["/", "~", "./", "../", ".\\"]
        .iter()
        .any(|p| t.starts_with(p));
    let word = !t.contains(char::is_whitespace);
    let ext = [".md", ".txt", ".html", ".htm", ".text"]
        .iter()
        .any(|e| t.to_lowercase().ends_with(e));
    starts || (word && (t.contains('/') || t.contains('\\') || ext))
}

fn reanalyze(app: &mut App) {
    let st = &mut app.analyze;
    st.rev += 1;
    st.bar = 0;
    st.scroll.offset = 0;
    st.stale = false;
    st.path_like = looks_like_path(st.text.value());
    if st.text.value().trim().is_empty() || st.path_like {
        st.report = None;
        st.error = None;
        return;
    }
    // Not built yet (big content): read at the next idle tick once it is.
    let Some(reader) = st.reader.get() else {
        st.stale = st.reader.is_building();
        return;
    };
    match reader.analyze_bytes(&app.catalog, st.text.value().as_bytes()) {
        Ok(a) => {
            st.report = Some(a);
            st.error = None;
        }
        Err(e) => {
            st.report = None;
            st.error = Some(e.to_string());
        }
    }
}
