//! roledex: engineering roles, explained from sourced content.
//!
//! Layers, low to high (tests/architecture.rs enforces them: no module
//! imports a higher layer, and nothing imports in a circle):
//!
//! 1. utilities: `paths`, `par`, `suggest`;
//! 2. `content`: the model, the embedded defaults, loading, validation;
//! 3. `catalog` (the loaded content, indexed) and `search`;
//! 4. `compare` and `analyze` (the job-ad reader);
//! 5. `document`: the Markdown documents and the words of a reading, which
//!    the CLI reports and the TUI both show;
//! 6. `store`: the content cache, which knows catalog and search;
//! 7. the front ends, apart from each other: `report` (CLI output as text,
//!    JSON, Markdown) and `tui` (the interactive browser);
//! 8. `cli`: clap's arguments in, a command run, a typed error out.
//!
//! Everything up to `report` is the domain core, with no terminal or
//! argument-parsing code; `cli` and `tui` come with the default `app`
//! feature.

pub mod analyze;
pub mod catalog;
#[cfg(feature = "app")]
pub mod cli;
pub mod compare;
pub mod content;
pub mod document;
mod par;
pub mod paths;
pub mod report;
pub mod search;
pub mod store;
pub mod suggest;
#[cfg(feature = "app")]
pub mod tui;

pub use catalog::{Catalog, Lookup};
