use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use roledex::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(cmd) => run(&cli, cmd),
        None => {
            let _ = Cli::command().print_help();
            ExitCode::from(roledex::cli::exit::USAGE)
        }
    }
}
