//! roledex: engineering roles, explained from sourced content.
//!
//! The domain core (content, catalog, search, compare) is pure: no terminal
//! code, so the CLI and the TUI share it and tests drive it directly.

pub mod analyze;
pub mod catalog;
pub mod cli;
pub mod compare;
pub mod content;
pub mod document;
pub mod man;
mod par;
pub mod paths;
pub mod report;
pub mod search;
pub mod suggest;
pub mod tui;

pub use catalog::{Catalog, Lookup};
