//! Content: the serde model, loading from embedded and user files, and
//! validation with located diagnostics.

pub mod diag;
pub mod load;
pub mod model;
mod validate;

pub use diag::Diagnostic;
pub use load::{BUILTIN_FILES, Layer, Loaded, Scan, SourceFile, Stamp, load};
pub use model::*;
