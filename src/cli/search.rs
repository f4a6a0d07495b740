//! `roledex search`.

use super::error::{CliError, CliResult};
use super::output::{print, print_json};
use crate::report::style::Paint;
use crate::report::{Format, json, markdown, text};
use crate::search::{self, Corpus, Filter};

/// How the hits are shown: the page size, and whether grouped by role.
pub struct Page {
    pub limit: usize,
    pub by_role: bool,
}

/// Prints the hits; no hit is [`CliError::NoMatch`], only loose matches
/// [`CliError::OnlyLoose`] (exit 1 both), after what was found is shown.
pub fn run(
    corpus: &Corpus,
    role_ids: &[String],
    query: &[String],
    filter: Filter,
    page: Page,
    (fmt, paint): (Format, Paint),
) -> CliResult {
    let q = query.join(" ");
    let results = search::results(corpus, &q, filter, page.limit);
    match fmt {
        Format::Json => print_json(&json::search(role_ids, corpus, &results))?,
        Format::Text if !results.hits.is_empty() => print(&text::search(
            role_ids,
            corpus,
            &results,
            page.by_role,
            paint,
        ))?,
        Format::Markdown if !results.hits.is_empty() => {
            print(&markdown::search(role_ids, corpus, &results))?;
        }
        _ => {}
    }
    // Loose matches are shown, but they are not a match.
    if results.hits.is_empty() {
        return Err(CliError::NoMatch(q));
    }
    if results.loose {
        return Err(CliError::OnlyLoose(q, results.hits.len()));
    }
    Ok(())
}
