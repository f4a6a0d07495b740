//! The one keymap: each context's bindings with their labels. The event
//! loop, the footer hints and the help overlay all read these tables, so
//! the help can never disagree with the keys that work.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, EditOp, Screen};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}
const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}
const fn alt(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::ALT,
    }
}
const fn ctrl_k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::CONTROL,
    }
}
const fn alt_k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::ALT,
    }
}

#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// How the keys are written in the footer and help, e.g. "j/↓".
    pub label: &'static str,
    /// Footer hint; empty keeps the binding out of the footer.
    pub short: &'static str,
    /// Help overlay line.
    pub desc: &'static str,
    /// Footer priority: hints with a higher number are dropped first when
    /// the footer is too narrow (0: help, quit, how to leave a field).
    pub prio: u8,
}

impl Binding {
    const fn prio(mut self, prio: u8) -> Binding {
        self.prio = prio;
        self
    }
}

const fn b(
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    short: &'static str,
    desc: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        label,
        short,
        desc,
        prio: 2,
    }
}

/// Where keyboard focus is: decides which tables apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    RolesList,
    /// The Roles list's filter field.
    RolesFilter,
    RolesDetail,
    Compare,
    SearchInput,
    SearchResults,
    ToolsInput,
    ToolsRoles,
    AnalyzeInput,
    AnalyzeResults,
    /// Compare's role picker.
    Picker,
    Help,
}

impl Context {
    /// In a text field printable keys type; `q`, digits and `?` are text.
    pub fn typing(self) -> bool {
        matches!(
            self,
            Context::SearchInput
                | Context::ToolsInput
                | Context::AnalyzeInput
                | Context::Picker
                | Context::RolesFilter
        )
    }
}

/// Always active, even while typing.
static ALWAYS: &[Binding] = &[
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
static GLOBAL: &[Binding] = &[
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

static MOVE: &[Binding] = &[
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

static PANES: &[Binding] = &[
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

static ROLES_LIST: &[Binding] = &[
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

static ROLES_DETAIL: &[Binding] = &[
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

static COMPARE: &[Binding] = &[
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
static FIELD: &[Binding] = &[
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
static EDIT: &[Binding] = &[
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

static SEARCH_FILTERS: &[Binding] = &[
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

static SEARCH_RESULTS: &[Binding] = &[
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

static TOOLS_ROLES: &[Binding] = &[
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

static ANALYZE_INPUT: &[Binding] = &[
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

static ANALYZE_RESULTS: &[Binding] = &[
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

static PICKER: &[Binding] = &[
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

static ROLES_FILTER: &[Binding] = &[
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

static HELP: &[Binding] = &[
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

/// The README's key tables, generated from [`SECTIONS`] (`cargo run
/// --example keys` prints them; a test checks the README has them).
pub fn markdown() -> String {
    let mut out = String::new();
    for (heading, table) in SECTIONS {
        out.push_str(&format!("**{heading}**\n\n| Key | Action |\n|---|---|\n"));
        for bnd in table.iter() {
            out.push_str(&format!("| `{}` | {} |\n", bnd.label, bnd.desc));
        }
        out.push('\n');
    }
    out
}

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

/// The action for a key press in a context, if any.
pub fn action_for(ctx: Context, ev: KeyEvent) -> Option<Action> {
    // Shift is part of the character for letters and symbols; only
    // Ctrl/Alt distinguish bindings.
    let mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let matches = |key: &Key| {
        key.code == ev.code
            && (key.mods == mods || (matches!(ev.code, KeyCode::BackTab) && key.mods.is_empty()))
    };
    for table in tables(ctx) {
        if let Some(found) = table.iter().find(|bnd| bnd.keys.iter().any(matches)) {
            return Some(found.action.clone());
        }
    }
    if ctx.typing()
        && let KeyCode::Char(ch) = ev.code
        && !mods.contains(KeyModifiers::CONTROL)
        && !mods.contains(KeyModifiers::ALT)
    {
        return Some(Action::Insert(ch));
    }
    None
}

/// One footer hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub action: &'static Action,
    pub keys: &'static str,
    pub text: &'static str,
    /// See [`Binding::prio`].
    pub prio: u8,
}

/// Footer hints for a context in table order, each hint text once.
pub fn hints(ctx: Context) -> Vec<Hint> {
    let mut out: Vec<Hint> = Vec::new();
    for bnd in tables(ctx).into_iter().flat_map(|t| t.iter()) {
        let skip = bnd.short.is_empty()
            || out.iter().any(|h| h.text == bnd.short)
            // In the overlay, `close` already says how to leave it.
            || (ctx == Context::Help && bnd.action == Action::Help && bnd.short == "help");
        if !skip {
            out.push(Hint {
                action: &bnd.action,
                keys: bnd.label,
                text: bnd.short,
                prio: bnd.prio,
            });
        }
    }
    let screens = if ctx.typing() {
        // Digits are text here; say how to switch screens anyway.
        Hint {
            action: &Action::Goto(Screen::Roles),
            keys: "Alt-1…5",
            text: "screens",
            prio: 1,
        }
    } else {
        Hint {
            action: &Action::Goto(Screen::Roles),
            keys: "1-5",
            text: "screens",
            prio: 2,
        }
    };
    if ctx != Context::Help {
        // Before the quit/help pair that ends every footer.
        let at = out
            .iter()
            .position(|h| h.text == "quit" || h.text == "help")
            .unwrap_or(out.len());
        out.insert(at, screens);
    }
    out
}

/// The hints that fit in `width` columns: the least important (highest
/// `prio`, then the rightmost) are dropped first; the rest keep their order.
pub fn fit_hints(mut hints: Vec<Hint>, width: usize) -> Vec<Hint> {
    let cost = |h: &Hint| h.keys.chars().count() + h.text.chars().count() + 3;
    while hints.iter().map(cost).sum::<usize>() > width {
        let Some(worst) = hints
            .iter()
            .enumerate()
            .max_by_key(|(i, h)| (h.prio, *i))
            .map(|(i, _)| i)
        else {
            break;
        };
        hints.remove(worst);
    }
    hints
}

/// A key written the way the docs write it: "j", "G", "Tab", "S-Tab",
/// "Enter", "Esc", "Up", "PgDn", "Bksp", "Del", "F1", "C-k", "A-1",
/// "C-Left", "A-Right". For scripted runs
/// (tests, screenshot generation).
pub fn parse_key(name: &str) -> Option<KeyEvent> {
    let plain = |code| Some(KeyEvent::new(code, KeyModifiers::NONE));
    match name {
        "Tab" => plain(KeyCode::Tab),
        "S-Tab" => Some(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        "Enter" => plain(KeyCode::Enter),
        "Esc" => plain(KeyCode::Esc),
        "Up" => plain(KeyCode::Up),
        "Down" => plain(KeyCode::Down),
        "Left" => plain(KeyCode::Left),
        "Right" => plain(KeyCode::Right),
        "PgUp" => plain(KeyCode::PageUp),
        "PgDn" => plain(KeyCode::PageDown),
        "Home" => plain(KeyCode::Home),
        "End" => plain(KeyCode::End),
        "Bksp" => plain(KeyCode::Backspace),
        "F1" => plain(KeyCode::F(1)),
        "Del" => plain(KeyCode::Delete),
        "C-Left" => Some(KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL)),
        "C-Right" => Some(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL)),
        "A-Left" => Some(KeyEvent::new(KeyCode::Left, KeyModifiers::ALT)),
        "A-Right" => Some(KeyEvent::new(KeyCode::Right, KeyModifiers::ALT)),
        _ => {
            let mut chars = name.chars();
            match (chars.next(), chars.next(), chars.next(), chars.next()) {
                (Some(c), None, ..) => plain(KeyCode::Char(c)),
                (Some('C'), Some('-'), Some(c), None) => {
                    Some(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
                }
                (Some('A'), Some('-'), Some(c), None) => {
                    Some(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
                }
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn q_quits_except_while_typing() {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(Context::RolesList, q), Some(Action::Quit));
        assert_eq!(
            action_for(Context::SearchInput, q),
            Some(Action::Insert('q'))
        );
    }

    #[test]
    fn ctrl_c_quits_everywhere() {
        let cc = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for ctx in [
            Context::RolesList,
            Context::SearchInput,
            Context::AnalyzeInput,
            Context::Help,
        ] {
            assert_eq!(action_for(ctx, cc), Some(Action::Quit), "{ctx:?}");
        }
    }

    #[test]
    fn shifted_letters_match_their_binding() {
        let big_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Context::RolesList, big_g), Some(Action::Bottom));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for ctx in [
            Context::RolesList,
            Context::RolesDetail,
            Context::Compare,
            Context::SearchInput,
            Context::SearchResults,
            Context::ToolsInput,
            Context::ToolsRoles,
            Context::AnalyzeInput,
            Context::AnalyzeResults,
            Context::Picker,
            Context::Help,
        ] {
            let mut seen: Vec<Key> = Vec::new();
            for t in tables(ctx) {
                for bnd in t.iter() {
                    for key in bnd.keys {
                        // A later table's duplicate would be dead and its help line a lie.
                        assert!(
                            !seen.contains(key),
                            "{ctx:?}: {key:?} bound twice ({})",
                            bnd.desc
                        );
                        seen.push(*key);
                    }
                }
            }
        }
    }
}
