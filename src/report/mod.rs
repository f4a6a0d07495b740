//! CLI reports in three formats: text, JSON and Markdown. They turn the
//! core's results into strings; the CLI picks the format and writes them.

pub mod analyze;
pub mod analyze_batch;
pub mod json;
/// Moved below the reports so the interactive UI shares it.
pub use crate::document::markdown;
pub mod style;
pub mod text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Markdown,
}
