//! Opening an item on its own screen: a role's duty, question or origin,
//! or a tool; what Search, Tools, Roles and Compare jump with.

use crate::search::Target;
use crate::tui::action::Screen;
use crate::tui::field::Field;
use crate::tui::state::{App, DetailTab, FieldFocus, ItemTarget, RolesFocus};

use super::nav::goto;

/// Shows a role's item in the Roles screen, under the cursor and scrolled
/// into view.
pub fn jump_to(app: &mut App, role: usize, tab: DetailTab, index: usize) {
    goto(app, Screen::Roles);
    let st = &mut app.roles;
    // A filter that hides the role gives way: the jump must show it.
    if !st.rows.contains(&Some(role)) {
        st.filter = Field::default();
        st.rows = crate::tui::state::role_rows(&app.catalog, |_| true);
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

pub(super) fn open_target(app: &mut App, target: Target) {
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
pub(super) fn refresh_tools(app: &mut App) {
    let terms = crate::search::terms(app.tools.filter.value());
    let tools = &app.catalog.tools;
    // Each tool's names lowercased once, on the first filter key, instead
    // of on every key: at 1000x content that was most of a keystroke.
    if app.tools.haystacks.len() != tools.len() {
        app.tools.narrowed = None;
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
    let matches = |i: &usize| {
        terms
            .iter()
            .all(|term| haystacks[*i].contains(term.as_str()))
    };
    // A haystack holding each new term holds the old term it extends.
    let narrows = |old: &[String]| {
        !old.is_empty()
            && terms.len() >= old.len()
            && old.iter().zip(&terms).all(|(o, t)| t.contains(o.as_str()))
    };
    let matching: Vec<usize> = match &app.tools.narrowed {
        Some((old, within)) if narrows(old) => within.iter().copied().filter(matches).collect(),
        _ => (0..tools.len()).filter(matches).collect(),
    };
    let groups = app.tools.grouping.group(matching.iter().copied());
    app.tools.narrowed = Some((terms, matching));
    app.tools.matches = groups.order;
    app.tools.group_starts = groups.starts;
    app.tools.list = Default::default();
    app.tools.role = Default::default();
}
