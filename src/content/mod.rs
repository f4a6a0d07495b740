//! Content: the serde model, the embedded defaults and user files, loading
//! with validation, and diagnostics that point at a file, line and column.

pub(crate) mod binary;
pub mod builtin;
pub mod diag;
pub mod files;
pub mod load;
mod located;
pub mod model;
pub mod prepared;
mod recover;
mod schema;
mod validate;

pub use builtin::BUILTIN_FILES;
pub use diag::Diagnostic;
pub use files::{Layer, Scan, SourceFile, Stamp, read_source};
pub use load::{Loaded, load};
pub use model::*;
pub use validate::title_clashes;
