//! No command on a terminal: the interactive browser.

use std::io::IsTerminal;

use super::args::Cli;
use super::content::layers;
use super::error::{CliError, CliResult};
use crate::paths::Paths;
use crate::store::{Cache, Opened, open};
use crate::tui::{self, App, theme::Theme};

pub fn run(cli: &Cli) -> CliResult {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "the interactive browser needs a terminal.\n\
             Use a subcommand in scripts and pipes, e.g. `roledex roles`, `roledex search QUERY`, \
             `roledex show devops --format json` (see `roledex --help`)."
                .into(),
        ));
    }
    let paths = Paths::discover();
    let (config, config_problem) = match &paths.config_file {
        Some(p) => tui::config::load(p),
        None => Default::default(),
    };
    let Opened {
        catalog,
        diagnostics,
        warnings: cache_warnings,
        ..
    } = open(&layers(cli, &paths), Cache::discover().as_ref());
    let mut warnings: Vec<String> = diagnostics.iter().map(|d| d.headline()).collect();
    warnings.extend(cache_warnings);
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let name = cli
        .theme
        .map(Into::into)
        .or(config.theme)
        .unwrap_or_default();
    let mut app = App::new(catalog, Theme::pick(name, no_color));
    app.mouse = !cli.no_mouse && config.mouse.unwrap_or(true);
    app.warnings = warnings;
    app.config_warning = config_problem;
    app.export_fallback = paths.data_dir.clone();
    match tui::run(app).map_err(CliError::Terminal)? {
        Some(signal) => Err(CliError::Signal(signal)),
        None => Ok(()),
    }
}
