//! Every context's bindings, with their labels and help lines.

use ratatui::crossterm::event::KeyCode;

use super::key::{Binding, Context, alt, alt_k, b, c, ctrl, ctrl_k, k};
use crate::tui::action::{Action, EditOp, Screen};

/// Always active, even while typing.
pub(super) static ALWAYS: &[Binding] = &[
    b(
        &[alt_k(KeyCode::Right)],
        Action::Forward,
        "Alt-→",
        "",
        "Forward: return to the screen Esc left",
    ),
    b(
        &[ctrl('c')],
        Action::Quit,
        "Ctrl-C",
        "quit",
        "Quit, from anywhere",
    )
    .prio(0),
    b(
        &[k(KeyCode::F(1))],
        Action::Help,
        "F1",
        "help",
        "Show or hide this help",
    )
    .prio(0),
    b(
        &[alt('1')],
        Action::Goto(Screen::Roles),
        "Alt-1",
        "",
        "Roles screen, from anywhere (text fields too)",
    ),
    b(
        &[alt('2')],
        Action::Goto(Screen::Compare),
        "Alt-2",
        "",
        "Compare screen, from anywhere",
    ),
    b(
        &[alt('3')],
        Action::Goto(Screen::Search),
        "Alt-3",
        "",
        "Search screen, from anywhere",
    ),
    b(
        &[alt('4')],
        Action::Goto(Screen::Tools),
        "Alt-4",
        "",
        "Tools screen, from anywhere",
    ),
    b(
        &[alt('5')],
        Action::Goto(Screen::Analyze),
        "Alt-5",
        "",
        "Analyze screen, from anywhere",
    ),
];

/// Active whenever focus is not in a text field.
pub(super) static GLOBAL: &[Binding] = &[
    b(
        &[c('/')],
        Action::StartSearch,
        "/",
        "search",
        "Search everything",
    ),
    b(
        &[c('y')],
        Action::Copy,
        "y",
        "",
        "Copy this view as Markdown (OSC 52, works over SSH)",
    ),
    b(
        &[c('e')],
        Action::Export,
        "e",
        "export",
        "Export the view as Markdown to a new file",
    )
    .prio(3),
    b(
        &[c('o')],
        Action::OpenUrl,
        "o",
        "url",
        "Open the selected tool's or source's URL in the browser",
    )
    .prio(3),
    b(&[c('q')], Action::Quit, "q", "quit", "Quit").prio(0),
    b(
        &[c('?')],
        Action::Help,
        "?",
        "help",
        "Show or hide this help",
    )
    .prio(0),
    b(
        &[c('1')],
        Action::Goto(Screen::Roles),
        "1",
        "",
        "Roles screen",
    ),
    b(
        &[c('2')],
        Action::Goto(Screen::Compare),
        "2",
        "",
        "Compare screen",
    ),
    b(
        &[c('3')],
        Action::Goto(Screen::Search),
        "3",
        "",
        "Search screen",
    ),
    b(
        &[c('4')],
        Action::Goto(Screen::Tools),
        "4",
        "",
        "Tools screen",
    ),
    b(
        &[c('5')],
        Action::Goto(Screen::Analyze),
        "5",
        "",
        "Analyze a job ad",
    ),
    b(
        &[k(KeyCode::Esc), alt_k(KeyCode::Left)],
        Action::Back,
        "Esc/Alt-←",
        "",
        "Back",
    ),
];

pub(super) static MOVE: &[Binding] = &[
    b(
        &[c('j'), k(KeyCode::Down)],
        Action::Down,
        "j/↓",
        "move",
        "Move down",
    ),
    b(&[c('k'), k(KeyCode::Up)], Action::Up, "k/↑", "", "Move up"),
    b(
        &[c('g'), k(KeyCode::Home)],
        Action::Top,
        "g/Home",
        "",
        "Go to the top",
    ),
    b(
        &[c('G'), k(KeyCode::End)],
        Action::Bottom,
        "G/End",
        "",
        "Go to the bottom",
    ),
    b(
        &[k(KeyCode::PageDown), ctrl('d')],
        Action::PageDown,
        "PgDn",
        "",
        "Page down",
    ),
    b(
        &[k(KeyCode::PageUp), ctrl('u')],
        Action::PageUp,
        "PgUp",
        "",
        "Page up",
    ),
];

pub(super) static PANES: &[Binding] = &[
    b(
        &[k(KeyCode::Tab)],
        Action::NextPane,
        "Tab",
        "pane",
        "Next pane",
    ),
    b(
        &[k(KeyCode::BackTab)],
        Action::PrevPane,
        "S-Tab",
        "",
        "Previous pane",
    ),
];

pub(super) static ROLES_LIST: &[Binding] = &[
    b(
        &[k(KeyCode::Enter), c('l'), k(KeyCode::Right)],
        Action::Open,
        "Enter/l",
        "open",
        "Open the role's details",
    ),
    b(
        &[c('f')],
        Action::FilterRoles,
        "f",
        "filter",
        "Filter the role list by title, id or other names",
    )
    .prio(3),
    b(&[c(']')], Action::NextTab, "]", "", "Next detail tab"),
    b(&[c('[')], Action::PrevTab, "[", "", "Previous detail tab"),
];

pub(super) static ROLES_DETAIL: &[Binding] = &[
    b(
        &[c('l'), k(KeyCode::Right), c(']')],
        Action::NextTab,
        "l/→",
        "tab",
        "Next tab",
    ),
    b(
        &[c('h'), k(KeyCode::Left), c('[')],
        Action::PrevTab,
        "h/←",
        "",
        "Previous tab",
    ),
    b(
        &[k(KeyCode::Enter)],
        Action::Open,
        "Enter",
        "open",
        "Open the tool under the cursor (a duty: its first tool)",
    ),
];

pub(super) static COMPARE: &[Binding] = &[
    b(
        &[c('h'), k(KeyCode::Left)],
        Action::Left,
        "h/←",
        "column",
        "Focus the column to the left",
    ),
    b(
        &[c('l'), k(KeyCode::Right)],
        Action::Right,
        "l/→",
        "",
        "Focus the column to the right",
    ),
    b(
        &[c('r'), c('c')],
        Action::PickRole,
        "r",
        "pick role",
        "Pick a role for the focused column by name (fuzzy)",
    )
    .prio(1),
    b(
        &[c('n'), k(KeyCode::Char('+'))],
        Action::NextRole,
        "n",
        "next role",
        "Replace the focused column with the next role",
    ),
    b(
        &[c('p')],
        Action::PrevRole,
        "p",
        "",
        "Replace the focused column with the previous role",
    ),
    b(
        &[c('s')],
        Action::SwapColumn,
        "s",
        "swap",
        "Swap the focused column with the next one",
    ),
    b(
        &[c('a')],
        Action::AddColumn,
        "a",
        "add",
        "Add a third column",
    ),
    b(
        &[c('x'), k(KeyCode::Delete)],
        Action::RemoveColumn,
        "x",
        "remove",
        "Remove the focused column (keeps two)",
    ),
    b(
        &[k(KeyCode::Enter)],
        Action::Open,
        "Enter",
        "",
        "Open the focused role",
    ),
];

/// Keys of a text field with a result list under it (fzf style: arrows
/// move the selection while you type).
pub(super) static FIELD: &[Binding] = &[
    b(
        &[k(KeyCode::Enter)],
        Action::Open,
        "Enter",
        "open",
        "Open the selected item",
    )
    .prio(1),
    b(
        &[k(KeyCode::Down), ctrl('n')],
        Action::Down,
        "↓",
        "select",
        "Select the next item",
    )
    .prio(3),
    b(
        &[k(KeyCode::Up), ctrl('p')],
        Action::Up,
        "↑",
        "",
        "Select the previous item",
    ),
    b(
        &[k(KeyCode::PageDown)],
        Action::PageDown,
        "PgDn",
        "",
        "Page down",
    ),
    b(&[k(KeyCode::PageUp)], Action::PageUp, "PgUp", "", "Page up"),
    b(
        &[k(KeyCode::Esc)],
        Action::Back,
        "Esc",
        "clear/back",
        "Clear the field; if empty, go back",
    )
    .prio(0),
    b(
        &[k(KeyCode::Tab)],
        Action::NextPane,
        "Tab",
        "list",
        "Leave the field (then q, digits and ? work)",
    )
    .prio(1),
];

/// Cursor moves and deletes in every text field (readline's keys).
pub(super) static EDIT: &[Binding] = &[
    b(
        &[k(KeyCode::Left), ctrl('b')],
        Action::Edit(EditOp::Left),
        "←/C-B",
        "",
        "Move the cursor left",
    ),
    b(
        &[k(KeyCode::Right), ctrl('f')],
        Action::Edit(EditOp::Right),
        "→/C-F",
        "",
        "Move the cursor right",
    ),
    b(
        &[ctrl_k(KeyCode::Left), alt('b')],
        Action::Edit(EditOp::WordLeft),
        "C-←/Alt-B",
        "",
        "Back one word",
    ),
    b(
        &[ctrl_k(KeyCode::Right), alt('f')],
        Action::Edit(EditOp::WordRight),
        "C-→/Alt-F",
        "",
        "Forward one word",
    ),
    b(
        &[k(KeyCode::Home), ctrl('a')],
        Action::Edit(EditOp::Home),
        "Home/C-A",
        "",
        "To the start of the text",
    ),
    b(
        &[k(KeyCode::End), ctrl('e')],
        Action::Edit(EditOp::End),
        "End/C-E",
        "",
        "To the end of the text",
    ),
    b(
        &[k(KeyCode::Backspace), ctrl('h')],
        Action::Edit(EditOp::DeletePrev),
        "Bksp",
        "",
        "Delete the character before the cursor",
    ),
    b(
        &[k(KeyCode::Delete), ctrl('d')],
        Action::Edit(EditOp::DeleteNext),
        "Del/C-D",
        "",
        "Delete the character under the cursor",
    ),
    b(
        &[ctrl('w'), alt_k(KeyCode::Backspace)],
        Action::Edit(EditOp::DeletePrevWord),
        "C-W",
        "",
        "Delete the word before the cursor",
    ),
    b(
        &[ctrl('u')],
        Action::Edit(EditOp::DeleteToStart),
        "C-U",
        "",
        "Delete from the start to the cursor",
    ),
    b(
        &[ctrl('z')],
        Action::Undo,
        "C-Z",
        "",
        "Undo the last clear, paste or delete",
    ),
];

pub(super) static SEARCH_FILTERS: &[Binding] = &[
    b(
        &[ctrl('k')],
        Action::CycleKind,
        "Ctrl-K",
        "kind",
        "Filter by kind: all, duty, tool, question, origin",
    ),
    b(
        &[ctrl('r')],
        Action::CycleRole,
        "Ctrl-R",
        "role",
        "Filter by role: all, then each role",
    ),
];

pub(super) static SEARCH_RESULTS: &[Binding] = &[
    b(
        &[k(KeyCode::Enter), c('l')],
        Action::Open,
        "Enter",
        "open",
        "Jump to the item in its role",
    ),
    b(
        &[c('i'), k(KeyCode::Tab)],
        Action::FocusInput,
        "i/Tab",
        "edit",
        "Edit the query",
    ),
];

pub(super) static TOOLS_ROLES: &[Binding] = &[
    b(
        &[k(KeyCode::Enter), c('l')],
        Action::Open,
        "Enter",
        "open role",
        "Jump to the selected role's duties",
    ),
    b(
        &[c('i'), k(KeyCode::Tab)],
        Action::FocusInput,
        "i/Tab",
        "filter",
        "Edit the tool filter",
    ),
];

pub(super) static ANALYZE_INPUT: &[Binding] = &[
    b(
        &[ctrl('o')],
        Action::LoadFile,
        "Ctrl-O",
        "open file",
        "Read the path typed in the field as a job ad (~ is your home)",
    )
    .prio(1),
    b(
        &[k(KeyCode::Enter)],
        Action::Insert('\n'),
        "Enter",
        "",
        "New line (paste an ad, or type a file path)",
    ),
    b(
        &[k(KeyCode::Esc), k(KeyCode::Tab)],
        Action::NextPane,
        "Esc/Tab",
        "done",
        "Leave the field for the reading (the text stays)",
    )
    .prio(0),
    b(
        &[ctrl('x')],
        Action::ClearField,
        "Ctrl-X",
        "clear",
        "Clear the ad (Ctrl-Z brings it back)",
    )
    .prio(1),
    b(
        &[k(KeyCode::Up)],
        Action::Edit(EditOp::LineUp),
        "↑",
        "",
        "The line above",
    ),
    b(
        &[k(KeyCode::Down)],
        Action::Edit(EditOp::LineDown),
        "↓",
        "",
        "The line below",
    ),
    b(
        &[k(KeyCode::PageDown)],
        Action::PageDown,
        "PgDn",
        "",
        "Scroll the ad down",
    ),
    b(
        &[k(KeyCode::PageUp)],
        Action::PageUp,
        "PgUp",
        "",
        "Scroll the ad up",
    ),
];

pub(super) static ANALYZE_RESULTS: &[Binding] = &[
    b(
        &[c('l'), k(KeyCode::Right), c(']')],
        Action::NextTab,
        "l/→",
        "next bar",
        "Select the next bar: its evidence for and against shows below the bars",
    ),
    b(
        &[c('h'), k(KeyCode::Left), c('[')],
        Action::PrevTab,
        "h/←",
        "",
        "Select the previous bar",
    ),
    b(
        &[c('i'), k(KeyCode::Tab)],
        Action::FocusInput,
        "i/Tab",
        "edit",
        "Edit the ad text",
    )
    .prio(1),
    b(
        &[c('x')],
        Action::ClearField,
        "x",
        "clear",
        "Clear the ad (u brings it back)",
    ),
    b(
        &[c('u')],
        Action::Undo,
        "u",
        "",
        "Undo the last clear, paste or file load",
    ),
];

pub(super) static PICKER: &[Binding] = &[
    b(
        &[k(KeyCode::Enter)],
        Action::Open,
        "Enter",
        "choose",
        "Put the selected role in the focused column",
    )
    .prio(0),
    b(
        &[k(KeyCode::Down), ctrl('n')],
        Action::Down,
        "↓",
        "",
        "Select the next role",
    ),
    b(
        &[k(KeyCode::Up), ctrl('p')],
        Action::Up,
        "↑",
        "",
        "Select the previous role",
    ),
    b(
        &[k(KeyCode::Esc)],
        Action::Back,
        "Esc",
        "cancel",
        "Close the picker, keeping the column as it was",
    )
    .prio(0),
];

pub(super) static ROLES_FILTER: &[Binding] = &[
    b(
        &[k(KeyCode::Enter)],
        Action::Open,
        "Enter",
        "show",
        "Show the selected role's details",
    )
    .prio(1),
    b(
        &[k(KeyCode::Down), ctrl('n')],
        Action::Down,
        "↓",
        "select",
        "Select the next matching role",
    ),
    b(
        &[k(KeyCode::Up), ctrl('p')],
        Action::Up,
        "↑",
        "",
        "Select the previous matching role",
    ),
    b(
        &[k(KeyCode::Esc)],
        Action::Back,
        "Esc",
        "clear/done",
        "Clear the filter; if empty, leave it",
    )
    .prio(0),
    b(
        &[k(KeyCode::Tab)],
        Action::NextPane,
        "Tab",
        "list",
        "Leave the field, keeping the filter",
    )
    .prio(0),
];

pub(super) static HELP: &[Binding] = &[
    b(
        &[k(KeyCode::Esc), c('q'), c('?')],
        Action::Help,
        "Esc/q/?",
        "close",
        "Close help",
    )
    .prio(0),
    b(
        &[c('j'), k(KeyCode::Down)],
        Action::Down,
        "j/↓",
        "scroll",
        "Scroll down",
    ),
    b(
        &[c('k'), k(KeyCode::Up)],
        Action::Up,
        "k/↑",
        "",
        "Scroll up",
    ),
    b(
        &[c('g'), k(KeyCode::Home)],
        Action::Top,
        "g/Home",
        "",
        "To the top",
    ),
    b(
        &[c('G'), k(KeyCode::End)],
        Action::Bottom,
        "G/End",
        "",
        "To the bottom",
    ),
    b(
        &[k(KeyCode::PageDown), ctrl('d'), c(' ')],
        Action::PageDown,
        "PgDn",
        "",
        "Page down",
    ),
    b(
        &[k(KeyCode::PageUp), ctrl('u')],
        Action::PageUp,
        "PgUp",
        "",
        "Page up",
    ),
];

/// Every table under the heading the README and the help give it, in
/// reading order.
pub static SECTIONS: &[(&str, &[Binding])] = &[
    ("Everywhere", ALWAYS),
    ("Outside text fields", GLOBAL),
    ("Lists and panes", MOVE),
    ("Roles screen panes", PANES),
    ("Roles: list", ROLES_LIST),
    ("Roles: the list filter", ROLES_FILTER),
    ("Roles: details", ROLES_DETAIL),
    ("Compare", COMPARE),
    ("Search and Tools: the text field", FIELD),
    ("Editing text (every field)", EDIT),
    ("Search: filters", SEARCH_FILTERS),
    ("Search: result list", SEARCH_RESULTS),
    ("Tools: roles of the selected tool", TOOLS_ROLES),
    ("Analyze: the ad field", ANALYZE_INPUT),
    ("Analyze: the reading", ANALYZE_RESULTS),
    ("Compare: the role picker", PICKER),
    ("Help overlay", HELP),
];

/// The tables that apply in a context, most specific first.
pub fn tables(ctx: Context) -> Vec<&'static [Binding]> {
    let mut t: Vec<&'static [Binding]> = match ctx {
        Context::RolesList => vec![ROLES_LIST, MOVE, PANES, GLOBAL],
        Context::RolesFilter => vec![ROLES_FILTER, EDIT],
        Context::RolesDetail => vec![ROLES_DETAIL, MOVE, PANES, GLOBAL],
        Context::Compare => vec![COMPARE, MOVE, GLOBAL],
        Context::SearchInput => vec![FIELD, SEARCH_FILTERS, EDIT],
        Context::SearchResults => vec![SEARCH_RESULTS, SEARCH_FILTERS, MOVE, GLOBAL],
        Context::ToolsInput => vec![FIELD, EDIT],
        Context::ToolsRoles => vec![TOOLS_ROLES, MOVE, GLOBAL],
        Context::AnalyzeInput => vec![ANALYZE_INPUT, EDIT],
        Context::AnalyzeResults => vec![ANALYZE_RESULTS, MOVE, GLOBAL],
        Context::Picker => vec![PICKER, EDIT],
        Context::Help => vec![HELP],
    };
    t.push(ALWAYS);
    t
}
