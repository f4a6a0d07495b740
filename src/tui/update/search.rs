//! The Search screen.

/// How many search hits the screen keeps; more is noise for a person.
pub const SEARCH_LIMIT: usize = 200;
use super::common::{Edit, edit_line};
use super::nav::go_back;
use super::open::open_target;
use crate::search::Kind;
use crate::tui::action::Action;
use crate::tui::state::{App, FieldFocus};

pub(super) fn refresh_search(app: &mut App) {
    let st = &mut app.search;
    // Highlighted as rows come into view (`layout`), not all 200 here.
    st.hits = st
        .searcher
        .results_unmarked(
            app.catalog.corpus(),
            st.query.value(),
            st.filter(),
            SEARCH_LIMIT,
        )
        .hits;
    st.marked.clear();
    st.list = Default::default();
}

pub(super) fn search(app: &mut App, action: Action) {
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
