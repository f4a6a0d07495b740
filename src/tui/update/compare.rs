//! The Compare screen and its role picker.

use super::common::single_line;
use super::nav::go_back;
use super::open::jump_to;
use crate::tui::action::Action;
use crate::tui::state::{App, DetailTab};

pub(super) fn compare(app: &mut App, action: Action) {
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
            let mut p = crate::tui::state::Picker::default();
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
pub(super) fn refresh_picker(
    cat: &crate::catalog::Catalog,
    columns: &[usize],
    focus: usize,
    p: &mut crate::tui::state::Picker,
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

pub(super) fn picker(app: &mut App, action: Action) {
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
