//! The front door: clap's arguments in, a command run, a [`CliError`] out.
//! `main` prints the error, picks the exit code and ends the process.
//!
//! Each command is a small file: it loads what it needs through the store,
//! asks the domain core, and hands the result to a report (or to the TUI).

mod ad_file;
mod analyze;
mod analyze_batch;
pub mod args;
mod completions;
mod content;
pub mod error;
mod interactive;
mod man;
mod output;
mod paths;
mod search;
mod validate;

use clap::CommandFactory;

pub use args::{Cli, Command};
pub use content::layers;
pub use error::{CliError, CliResult, exit};

use crate::catalog::Catalog;
use crate::compare;
use crate::paths::Paths;
use crate::report::style::{ColorChoice, Paint, set_width};
use crate::report::{Format, json, markdown, text};
use crate::search::{Corpus, Filter, Kind, matches_nothing};
use crate::store::{Cache, Opened, open, open_search};
use output::{detect_width, print, print_json, resolve, warn_all, warn_content};

/// How a run ended, and the content it loaded. A big catalog takes a
/// fifth of a second to free piece by piece; the process ends right after
/// the command, so `main` may let the operating system take it back.
pub struct Outcome {
    pub result: CliResult,
    pub content: Option<Loaded>,
}

/// What a command loaded.
pub enum Loaded {
    Catalog(Box<Catalog>),
    Corpus(Box<Corpus>),
}

impl Outcome {
    fn done(result: CliResult) -> Outcome {
        Outcome {
            result,
            content: None,
        }
    }
}

/// Runs a parsed command line; without a command, the interactive browser.
pub fn run(cli: &Cli) -> Outcome {
    let Some(command) = &cli.command else {
        return Outcome::done(interactive::run(cli));
    };
    set_width(detect_width());
    let fmt = Format::from(cli.format);
    let paint = Paint {
        on: ColorChoice::from(cli.color).enabled() && fmt == Format::Text,
    };
    let paths = Paths::discover();
    match command {
        Command::Completions { shell } => return Outcome::done(completions::run(*shell)),
        Command::Man => return Outcome::done(man_page()),
        Command::Validate { paths: targets } => {
            return Outcome::done(validate::run(cli, &paths, targets, (fmt, paint)));
        }
        _ => {}
    }
    let sources = layers(cli, &paths);
    let cache = Cache::discover();
    if let Command::Search {
        query,
        limit,
        role: None,
        kind,
        group,
    } = command
    {
        // A search needs only the corpus: with big content, the cache
        // gives it without reading the rest. A query that matches nothing
        // is answered by the corpus's lexicon (its entries are then never
        // read); damaged entries are found by the full load below, which
        // sets the file aside.
        let q = query.join(" ");
        let nothing = std::sync::OnceLock::new();
        let wanted = |lexicon: &Corpus| !*nothing.get_or_init(|| matches_nothing(lexicon, &q));
        if let (Some(part), warnings) = open_search(&sources, cache.as_ref(), &wanted) {
            warn_all(&warnings);
            let corpus = if nothing.get() == Some(&true) {
                Ok(part.corpus.into_lexicon())
            } else {
                part.corpus.wait()
            };
            if let Ok(corpus) = corpus {
                warn_content(&part.diagnostics);
                let filter = Filter {
                    kind: kind.as_deref().and_then(Kind::parse),
                    role: None,
                };
                let page = search::Page {
                    limit: *limit,
                    by_role: group.is_some(),
                };
                let result =
                    search::run(&corpus, &part.role_ids, query, filter, page, (fmt, paint));
                return Outcome {
                    result,
                    content: Some(Loaded::Corpus(Box::new(corpus))),
                };
            }
        }
    }
    let Opened {
        catalog,
        diagnostics,
        files,
        warnings,
    } = open(&sources, cache.as_ref());
    warn_all(&warnings);
    warn_content(&diagnostics);
    let result = match command {
        Command::Paths => paths::run(cli, &paths, &files, fmt),
        _ => with_catalog(&catalog, command, (fmt, paint)),
    };
    Outcome {
        result,
        content: Some(Loaded::Catalog(Box::new(catalog))),
    }
}

/// The commands that read the catalog.
fn with_catalog(cat: &Catalog, command: &Command, (fmt, paint): (Format, Paint)) -> CliResult {
    let title = |i: usize| cat.roles[i].title.clone();
    let role = |q: &str| {
        resolve(cat.find_role(q), "role", q, title, || {
            let mentions = cat.roles_mentioning(q);
            mentions
                .into_iter()
                .take(3)
                .map(|(r, _)| title(r))
                .collect()
        })
    };
    match command {
        Command::Roles => match fmt {
            Format::Text => print(&text::roles(cat, paint)),
            Format::Json => print_json(&json::roles(cat)),
            Format::Markdown => print(&markdown::roles(cat)),
        },
        Command::Show { role: q } => {
            let r = role(q)?;
            match fmt {
                Format::Text => print(&text::show(cat, r, paint)),
                Format::Json => print_json(&json::show(cat, r)),
                Format::Markdown => print(&markdown::show(cat, r)),
            }
        }
        Command::Compare { roles } => {
            let idx = roles
                .iter()
                .map(|q| role(q))
                .collect::<Result<Vec<_>, _>>()?;
            let cmp = compare::compare(cat, &idx).map_err(|e| CliError::Usage(e.to_string()))?;
            match fmt {
                Format::Text => print(&text::compare(cat, &cmp, paint)),
                Format::Json => print_json(&json::compare(cat, &cmp)),
                Format::Markdown => print(&markdown::compare(cat, &cmp)),
            }
        }
        Command::Search {
            query,
            limit,
            role: r,
            kind,
            group,
        } => {
            let filter = Filter {
                kind: kind.as_deref().and_then(Kind::parse),
                role: r.as_deref().map(role).transpose()?,
            };
            let role_ids: Vec<String> = cat.roles.iter().map(|r| r.id.clone()).collect();
            let page = search::Page {
                limit: *limit,
                by_role: group.is_some(),
            };
            search::run(cat.corpus(), &role_ids, query, filter, page, (fmt, paint))
        }
        Command::Tool { name } => {
            let t = resolve(
                cat.find_tool(name),
                "tool",
                name,
                |i| cat.tools[i].name.clone(),
                Vec::new,
            )?;
            match fmt {
                Format::Text => print(&text::tool(cat, t, paint)),
                Format::Json => print_json(&json::tool(cat, t)),
                Format::Markdown => print(&markdown::tool(cat, t)),
            }
        }
        Command::Tools => match fmt {
            Format::Text => print(&text::tools(cat, paint)),
            Format::Json => print_json(&json::tools(cat)),
            Format::Markdown => print(&markdown::tools(cat)),
        },
        Command::Analyze { files, labels } => {
            analyze::run(cat, files, labels.as_deref(), (fmt, paint))
        }
        Command::Names { what } => {
            let ids: Vec<&str> = if what == "tools" {
                cat.tools.iter().map(|t| t.id.as_str()).collect()
            } else {
                cat.roles.iter().map(|r| r.id.as_str()).collect()
            };
            print(&ids.join("\n"))
        }
        Command::Paths | Command::Validate { .. } | Command::Completions { .. } | Command::Man => {
            unreachable!("handled before the catalog is needed")
        }
    }
}

fn man_page() -> CliResult {
    let page = man::render(Cli::command()).map_err(|source| CliError::Io {
        what: "cannot render the man page".into(),
        source,
    })?;
    print(&String::from_utf8_lossy(&page))
}
