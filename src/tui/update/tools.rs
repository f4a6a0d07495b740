//! The Tools screen.

use super::common::{Edit, edit_line};
use super::nav::go_back;
use super::open::{jump_to, refresh_tools};
use crate::tui::action::Action;
use crate::tui::state::{App, DetailTab, FieldFocus};

pub(super) fn tools(app: &mut App, action: Action) {
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

pub(super) fn move_tool(st: &mut crate::tui::state::ToolsState, delta: isize, len: usize) {
    st.list.move_by(delta, len);
    st.role = Default::default();
}
