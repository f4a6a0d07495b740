//! Keys, bindings and the contexts they apply in.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use crate::tui::action::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

pub(super) const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
pub(super) const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}
pub(super) const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}
pub(super) const fn alt(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::ALT,
    }
}
pub(super) const fn ctrl_k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::CONTROL,
    }
}
pub(super) const fn alt_k(code: KeyCode) -> Key {
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
    pub(super) const fn prio(mut self, prio: u8) -> Binding {
        self.prio = prio;
        self
    }
}

pub(super) const fn b(
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
    /// Every context, for checks that must cover them all.
    pub const ALL: [Context; 12] = [
        Context::RolesList,
        Context::RolesFilter,
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
    ];

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
