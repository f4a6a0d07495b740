//! `roledex validate`: every problem in the content, located.

use std::path::PathBuf;

use super::args::Cli;
use super::content::{layers, read_layers};
use super::error::{CliError, CliResult};
use super::output::{print, print_json};
use crate::content::diag::sort_by_place;
use crate::content::{Layer, Loaded, load};
use crate::paths::Paths;
use crate::report::style::{Paint, width, wrap};
use crate::report::{Format, text};

pub fn run(
    cli: &Cli,
    paths: &Paths,
    targets: &[PathBuf],
    (fmt, paint): (Format, Paint),
) -> CliResult {
    // Explicit paths are checked on top of the built-ins (so they may refer
    // to built-in tools and sources), without the user's own directory.
    let layers = if targets.is_empty() {
        read_layers(&layers(cli, paths))
    } else {
        std::iter::once(Layer::builtin())
            .chain(targets.iter().map(|p| Layer::from_path(p)))
            .collect()
    };
    let mut loaded: Loaded = load(layers);
    sort_by_place(&mut loaded.diagnostics);
    let checked = loaded
        .files
        .iter()
        .filter(|f| !f.starts_with("<built-in>"))
        .count();
    let summary = format!(
        "{} file(s) checked ({} built-in); {} role(s), {} tool(s), {} source(s) loaded",
        checked,
        loaded.files.len() - checked,
        loaded.roles.len(),
        loaded.tools.len(),
        loaded.sources.len()
    );
    let errors = loaded.diagnostics.len();
    sort_by_place(&mut loaded.warnings);
    let warnings = &loaded.warnings;
    if fmt != Format::Json {
        // gcc-style: the place, then what kind of problem, so a warning
        // reads apart from the errors and greps like them.
        for w in warnings {
            let mut shown = w.clone();
            shown.message = format!("warning: {}", w.message);
            eprintln!("{shown}");
        }
    }
    let summary = if warnings.is_empty() {
        summary
    } else {
        format!(
            "{summary}; {} warning(s), which do not make the content invalid",
            warnings.len()
        )
    };
    if fmt == Format::Json {
        print_json(&serde_json::json!({
            "valid": errors == 0,
            "files": loaded.files,
            "errors": loaded.diagnostics,
            "warnings": warnings,
        }))?;
    } else if errors > 0 {
        let on_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
        let paint = Paint {
            on: paint.on && on_terminal,
        };
        eprint!("{}", text::diagnostics(&loaded.diagnostics, paint));
        eprintln!("{errors} error(s); {summary}");
    } else {
        print(&wrap(&format!("ok: {summary}"), width(), "  "))?;
    }
    if errors > 0 {
        return Err(CliError::InvalidContent(errors));
    }
    Ok(())
}
