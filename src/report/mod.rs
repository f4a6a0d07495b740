//! CLI reports in three formats. The front end picks the format; these
//! functions only turn core results into text.

pub mod analyze;
pub mod analyze_batch;
pub mod json;
/// Moved below the reports so the interactive UI shares it.
pub use crate::document::markdown;
pub mod style;
pub mod text;

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Markdown,
}
