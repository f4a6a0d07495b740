//! Core results in words: Markdown documents (a role, a comparison, a tool,
//! search results, a job-ad reading) and the plain sentences that explain a
//! reading. Shared by the CLI reports and the interactive UI, so neither
//! imports the other; no terminal, colour or clap code here.

pub mod markdown;
pub mod reading;
