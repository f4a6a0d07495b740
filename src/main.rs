use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use roledex::cli::{Cli, exit, layers, run};
use roledex::content::cache::{Cache, Opened, open};
use roledex::paths::Paths;
use roledex::tui::{self, App, theme::Theme};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(cmd) => run(&cli, cmd),
        None => interactive(&cli),
    }
}

fn interactive(cli: &Cli) -> ExitCode {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "roledex: the interactive browser needs a terminal.\n\
             Use a subcommand in scripts and pipes, e.g. `roledex roles`, `roledex search QUERY`, \
             `roledex show devops --format json` (see `roledex --help`)."
        );
        return ExitCode::from(exit::USAGE);
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
    let theme = Theme::pick(
        cli.theme
            .map(Into::into)
            .or(config.theme)
            .unwrap_or_default(),
        no_color,
    );
    let mut app = App::new(catalog, theme);
    app.mouse = !cli.no_mouse && config.mouse.unwrap_or(true);
    app.warnings = warnings;
    app.config_warning = config_problem;
    match tui::run(app) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) => {
            eprintln!("roledex: terminal error: {e}");
            ExitCode::FAILURE
        }
    }
}
