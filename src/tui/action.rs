//! Everything a user can ask the interactive UI to do. Keys map to actions
//! (keymap.rs); only `update` changes state, and only from an action.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Roles,
    Compare,
    Search,
    Tools,
    Analyze,
}

impl Screen {
    pub const ALL: [Screen; 5] = [
        Screen::Roles,
        Screen::Compare,
        Screen::Search,
        Screen::Tools,
        Screen::Analyze,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Roles => "Roles",
            Screen::Compare => "Compare",
            Screen::Search => "Search",
            Screen::Tools => "Tools",
            Screen::Analyze => "Analyze",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Goto(Screen),
    /// `/` from anywhere: the search screen with the query field focused.
    StartSearch,
    Back,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    NextTab,
    PrevTab,
    Open,
    /// Typing into the focused text field.
    Insert(char),
    Paste(String),
    /// A cursor move or delete inside the focused text field.
    Edit(EditOp),
    /// Analyze: empty the ad (undo brings it back).
    ClearField,
    /// Analyze: bring back the text before the last clear, paste or load.
    Undo,
    /// Focus the text field of the current screen.
    FocusInput,
    CycleKind,
    CycleRole,
    /// Compare: give the focused column the next / previous role.
    NextRole,
    PrevRole,
    AddColumn,
    /// Compare: open the fuzzy role picker for the focused column.
    PickRole,
    RemoveColumn,
    SwapColumn,
    /// Copy the current view (a role, the comparison, a tool) as Markdown.
    Copy,
    /// Write the current view as Markdown to a new file.
    Export,
    /// Open the selected tool's or source's URL in the browser.
    OpenUrl,
    /// Return to the screen `Back` left.
    Forward,
    /// Roles: focus the list's filter field.
    FilterRoles,
    /// Analyze: read the path typed in the field as a file.
    LoadFile,
    ScrollUp,
    ScrollDown,
    Click {
        column: u16,
        row: u16,
    },
    /// The terminal's new size (also sent once at start).
    Resize {
        width: u16,
        height: u16,
    },
    /// No input for a moment: time for work deferred while typing.
    Idle,
    /// A frame of an animation, sent only while something is awaited.
    Tick,
    /// The job-ad reader finished building on its worker thread.
    ReaderReady,
    /// Analyze: a file read on a worker thread, for the path typed.
    FileRead {
        typed: String,
        /// The text and whether it was cut at the analyzer's limit, or why
        /// it could not be read.
        result: Result<(String, bool), String>,
    },
    /// The browser was asked (on a worker) to open `url`.
    Opened {
        url: String,
        result: Result<(), String>,
    },
    /// An export was written (on a worker): the file's path, or why not.
    Exported {
        what: String,
        result: Result<String, String>,
    },
}

/// Editing keys of a text field (readline's, as in a shell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditOp {
    Left,
    Right,
    WordLeft,
    WordRight,
    Home,
    End,
    /// Multi-line fields only: the line above / below.
    LineUp,
    LineDown,
    DeletePrev,
    DeleteNext,
    DeletePrevWord,
    DeleteToStart,
}

impl EditOp {
    pub fn deletes(self) -> bool {
        matches!(
            self,
            EditOp::DeletePrev
                | EditOp::DeleteNext
                | EditOp::DeletePrevWord
                | EditOp::DeleteToStart
        )
    }
}
