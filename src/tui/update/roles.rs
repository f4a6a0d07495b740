//! The Roles screen: the list, its filter, the detail tabs and their cursor.

use super::common::single_line;
use super::nav::go_back;
use super::open::open_target;
use crate::search::Target;
use crate::tui::action::Action;
use crate::tui::state::{App, DetailTab, ItemTarget, RolesFocus};

pub(super) fn roles(app: &mut App, action: Action) {
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

pub(super) fn move_cursor(st: &mut crate::tui::state::RolesState, delta: isize) {
    let len = st.items().len();
    st.cursor = st
        .cursor
        .saturating_add_signed(delta)
        .min(len.saturating_sub(1));
    st.follow = true;
}

/// Enter on a detail item: a tool opens in the Tools screen, a duty opens
/// its first tool (the status line names the others).
pub(super) fn open_item(app: &mut App) {
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
pub(super) fn select_role(st: &mut crate::tui::state::RolesState, delta: isize, n: usize) {
    let shown: Vec<usize> = st.rows.iter().flatten().copied().collect();
    if shown.is_empty() {
        return;
    }
    let at = shown.iter().position(|&r| r == st.list.index).unwrap_or(0);
    let to = at.saturating_add_signed(delta).min(shown.len() - 1);
    set_role(st, shown[to].min(n.saturating_sub(1)));
}

pub(super) fn set_role(st: &mut crate::tui::state::RolesState, role: usize) {
    if st.list.index != role {
        st.list.index = role;
        st.scroll.offset = 0;
        st.cursor = 0;
        st.want = None;
    }
}

/// Keys while the Roles list's filter field has the keyboard.
pub(super) fn roles_filter(app: &mut App, action: Action) {
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
pub(super) fn refilter_roles(app: &mut App) {
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
    st.rows =
        crate::tui::state::role_rows(cat, |i| terms.iter().all(|t| hay[i].contains(t.as_str())));
    st.list.offset = 0;
    if !st.rows.contains(&Some(st.list.index))
        && let Some(first) = st.rows.iter().flatten().next().copied()
    {
        set_role(st, first);
    }
}

pub(super) fn set_tab(st: &mut crate::tui::state::RolesState, tab: DetailTab) {
    st.tab = tab;
    st.scroll.offset = 0;
    st.cursor = 0;
    st.want = None;
}

pub(super) fn click_roles(app: &mut App, column: u16, row: u16) {
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
