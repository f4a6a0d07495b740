//! The command surface (clap) and the non-interactive commands.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::catalog::Lookup;
use crate::compare;
use crate::content::cache::{Cache, LayerSource, Opened, open, open_search};
use crate::content::{Diagnostic, Layer, Loaded, load};
use crate::paths::{CONTENT_DIR_ENV, Paths};
use crate::report::style::{ColorChoice, Paint};
use crate::report::{Format, json, markdown, text};
use crate::search::{self, Corpus, Filter, Kind};

/// Exit codes, documented in README.
pub mod exit {
    pub const OK: u8 = 0;
    pub const NOT_FOUND: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const INVALID_CONTENT: u8 = 3;
    /// The output could not be written (a full disk, a closed file).
    pub const WRITE: u8 = 4;
}

/// `--theme`: clap's side of the UI's own [`crate::tui::theme::ThemeName`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeArg {
    Dark,
    Light,
}

impl From<ThemeArg> for crate::tui::theme::ThemeName {
    fn from(t: ThemeArg) -> Self {
        match t {
            ThemeArg::Dark => Self::Dark,
            ThemeArg::Light => Self::Light,
        }
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "roledex",
    version,
    about = "Explore engineering roles — DevOps, Platform, Infrastructure and their neighbours — from sourced content",
    long_about = "roledex explains engineering career roles from sourced content: browse them, compare \
them side by side, search their duties, look up a tool, or read a job ad past its title.\n\n\
Run without a command on a terminal to open the interactive browser.",
    after_help = "Examples:\n  \
roledex                                   open the interactive browser\n  \
roledex show platform                     everything about one role\n  \
roledex compare devops platform           two roles side by side\n  \
roledex search ci pipe -n 5               the five best hits for both terms\n  \
roledex tool tf                           which roles use Terraform\n  \
roledex analyze ad.md                     read a job ad past its title\n  \
roledex roles -f json | jq '.[].id'       scripts get JSON"
)]
pub struct Cli {
    /// Extra content directory or file layered over the built-in content (repeatable).
    #[arg(long = "content", value_name = "DIR", global = true)]
    pub content: Vec<PathBuf>,

    /// Skip user content in the config directory (and $ROLEDEX_CONTENT_DIR).
    #[arg(long, global = true)]
    pub no_user_content: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text, global = true)]
    pub format: Format,

    /// When to colour text output; `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Colour theme of the interactive UI (default: config file, else dark).
    #[arg(long, value_enum)]
    pub theme: Option<ThemeArg>,

    /// Leave mouse capture off in the interactive UI, so the terminal can select text.
    #[arg(long)]
    pub no_mouse: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--limit 0` would print nothing and look like "no matches".
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the roles.
    Roles,
    /// Everything about one role: profile, origins, duties, tools, questions.
    Show {
        /// Role id, title or alternative title (case-insensitive), e.g. `platform`.
        role: String,
    },
    /// Compare two or three roles side by side.
    Compare {
        /// Two or three roles.
        #[arg(num_args = 2..=3, required = true)]
        roles: Vec<String>,
    },
    /// Search duties, tools, interview questions and origins by words.
    Search {
        /// Words that must all match, in any order, e.g. `ci pipe`: typos,
        /// inflections and tool aliases are understood; the last word may be
        /// the start of one.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Show at most N hits (1 or more).
        #[arg(long, short = 'n', default_value_t = 20, value_parser = at_least_one)]
        limit: usize,
        /// Only hits from this role.
        #[arg(long, short = 'r')]
        role: Option<String>,
        /// Only hits of this kind.
        #[arg(long, short = 'k', value_parser = ["duty", "tool", "question", "origin"])]
        kind: Option<String>,
        /// Group the hits (`role`: under each role they belong to).
        #[arg(long, short = 'g', value_parser = ["role"])]
        group: Option<String>,
    },
    /// Which roles use a tool, and for which duties.
    Tool {
        /// Tool name, id or alias, e.g. `terraform`, `tf`, `k8s`.
        name: String,
    },
    /// The tool catalogue with the roles using each tool.
    Tools,
    /// Read a job ad past its title: which role do its duties describe?
    #[command(visible_alias = "analyse")]
    Analyze {
        /// The ad as plain text or Markdown; `-` or nothing reads standard
        /// input. Several files or a directory are read as a batch.
        files: Vec<PathBuf>,
        /// A LABELS.tsv (columns `file` and `best`, as in
        /// tests/fixtures/real-ads): adds accuracy, the title baseline and a
        /// confusion matrix. Alone, reads the ads beside it.
        #[arg(long, value_name = "LABELS.tsv")]
        labels: Option<PathBuf>,
    },
    /// Check content files; exits 0 only when all are valid.
    Validate {
        /// Files or directories to check (default: all content that would be loaded).
        paths: Vec<PathBuf>,
    },
    /// Show where content and user files are looked for.
    Paths,
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// The layers a normal run loads: built-in, user config dir, `--content`.
pub fn layers(cli: &Cli, paths: &Paths) -> Vec<LayerSource> {
    let mut layers = vec![LayerSource::Builtin];
    if !cli.no_user_content
        && let Some(dir) = &paths.user_content
    {
        // A missing default directory is normal (nothing installed); a
        // missing directory the user named in the environment is not.
        if dir.exists() || paths.from_env {
            layers.push(LayerSource::Path(dir.clone()));
        }
    }
    layers.extend(cli.content.iter().cloned().map(LayerSource::Path));
    layers
}

fn warn_content(diags: &[Diagnostic]) {
    if diags.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "warning: {}", d.headline());
    }
    let _ = writeln!(
        err,
        "warning: {} problem(s) in user content; entries with errors were left out, the rest is loaded. Run `roledex validate` for details.",
        diags.len()
    );
}

fn print(s: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let written = out
        .write_all(s.as_bytes())
        .and_then(|()| {
            if s.ends_with('\n') {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        })
        .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::from(exit::OK),
        // A closed pipe (`roledex tools | head`) is the reader's choice.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(exit::OK),
        // A full disk or a closed file is not: the output is incomplete.
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::from(exit::WRITE)
        }
    }
}

fn print_json(v: &serde_json::Value) -> ExitCode {
    print(&serde_json::to_string_pretty(v).expect("JSON values always serialise"))
}

fn not_found(what: &str, query: &str, suggestions: &[String]) -> ExitCode {
    let mut msg = format!("error: no {what} matches `{query}`");
    if !suggestions.is_empty() {
        msg.push_str(&format!("\n  did you mean: {}?", suggestions.join(", ")));
    }
    msg.push_str(&format!(
        "\n  (`roledex {}` lists them all)",
        if what == "role" { "roles" } else { "tools" }
    ));
    eprintln!("{msg}");
    ExitCode::from(exit::NOT_FOUND)
}

fn resolve(
    lookup: Lookup,
    what: &str,
    query: &str,
    names: impl Fn(usize) -> String,
) -> Result<usize, ExitCode> {
    match lookup {
        Lookup::Found(i) => Ok(i),
        Lookup::Corrected(i) => {
            eprintln!("note: showing {} for `{query}`", names(i));
            Ok(i)
        }
        Lookup::Ambiguous { candidates } => {
            let mut msg = format!(
                "error: `{query}` matches {} {what}s; which one?",
                candidates.len()
            );
            for (i, matched) in candidates.iter().take(20) {
                let name = names(*i);
                match matched {
                    None => msg.push_str(&format!("\n  {name}")),
                    Some(alias) => msg.push_str(&format!("\n  {name} (as “{alias}”)")),
                }
            }
            if candidates.len() > 20 {
                msg.push_str(&format!("\n  … and {} more", candidates.len() - 20));
            }
            eprintln!("{msg}");
            Err(ExitCode::from(exit::NOT_FOUND))
        }
        Lookup::NotFound { suggestions } => Err(not_found(what, query, &suggestions)),
    }
}

/// Runs a parsed command line. `None` as command is handled by the caller
/// (it opens the interactive UI).
pub fn run(cli: &Cli, command: &Command) -> ExitCode {
    crate::report::style::set_width(crate::report::style::detect_width());
    let paint = Paint {
        on: cli.color.enabled() && cli.format == Format::Text,
    };
    let paths = Paths::discover();
    match command {
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "roledex",
                &mut std::io::stdout(),
            );
            return ExitCode::from(exit::OK);
        }
        Command::Man => {
            return match crate::man::render(Cli::command()) {
                Ok(page) => print(&String::from_utf8_lossy(&page)),
                Err(e) => {
                    eprintln!("error: cannot render man page: {e}");
                    ExitCode::from(exit::USAGE)
                }
            };
        }
        Command::Validate { paths: targets } => return validate(cli, &paths, targets, paint),
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
        // gives it without reading the rest.
        if let (Some(part), warnings) = open_search(&sources, cache.as_ref()) {
            for w in warnings {
                eprintln!("warning: {w}");
            }
            warn_content(&part.diagnostics);
            let part = std::mem::ManuallyDrop::new(part);
            let filter = Filter {
                kind: kind.as_deref().and_then(Kind::parse),
                role: None,
            };
            return search_command(
                &part.corpus,
                &part.role_ids,
                query,
                filter,
                (*limit, group.is_some()),
                cli.format,
                paint,
            );
        }
    }
    let Opened {
        catalog,
        diagnostics,
        files,
        warnings,
    } = open(&sources, cache.as_ref());
    for w in warnings {
        eprintln!("warning: {w}");
    }
    warn_content(&diagnostics);
    // The process ends right after the command: freeing a big catalog
    // piece by piece (a fifth of a second at 1000x content) would only
    // delay the exit.
    let cat = std::mem::ManuallyDrop::new(catalog);
    let fmt = cli.format;
    let role_name = |i: usize| cat.roles[i].title.clone();
    match command {
        Command::Roles => match fmt {
            Format::Text => print(&text::roles(&cat, paint)),
            Format::Json => print_json(&json::roles(&cat)),
            Format::Markdown => print(&markdown::roles(&cat)),
        },
        Command::Show { role } => {
            let r = match resolve(cat.find_role(role), "role", role, role_name) {
                Ok(r) => r,
                Err(code) => return code,
            };
            match fmt {
                Format::Text => print(&text::show(&cat, r, paint)),
                Format::Json => print_json(&json::show(&cat, r)),
                Format::Markdown => print(&markdown::show(&cat, r)),
            }
        }
        Command::Compare { roles } => {
            let mut idx = Vec::new();
            for q in roles {
                match resolve(cat.find_role(q), "role", q, role_name) {
                    Ok(r) => idx.push(r),
                    Err(code) => return code,
                }
            }
            let cmp = match compare::compare(&cat, &idx) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(exit::USAGE);
                }
            };
            match fmt {
                Format::Text => print(&text::compare(&cat, &cmp, paint)),
                Format::Json => print_json(&json::compare(&cat, &cmp)),
                Format::Markdown => print(&markdown::compare(&cat, &cmp)),
            }
        }
        Command::Search {
            query,
            limit,
            role,
            kind,
            group,
        } => {
            let role = match role {
                Some(q) => match resolve(cat.find_role(q), "role", q, role_name) {
                    Ok(r) => Some(r),
                    Err(code) => return code,
                },
                None => None,
            };
            let role_ids: Vec<String> = cat.roles.iter().map(|r| r.id.clone()).collect();
            let filter = Filter {
                kind: kind.as_deref().and_then(Kind::parse),
                role,
            };
            search_command(
                cat.corpus(),
                &role_ids,
                query,
                filter,
                (*limit, group.is_some()),
                fmt,
                paint,
            )
        }
        Command::Tool { name } => {
            let t = match resolve(cat.find_tool(name), "tool", name, |i| {
                cat.tools[i].name.clone()
            }) {
                Ok(t) => t,
                Err(code) => return code,
            };
            match fmt {
                Format::Text => print(&text::tool(&cat, t, paint)),
                Format::Json => print_json(&json::tool(&cat, t)),
                Format::Markdown => print(&markdown::tool(&cat, t)),
            }
        }
        Command::Tools => match fmt {
            Format::Text => print(&text::tools(&cat, paint)),
            Format::Json => print_json(&json::tools(&cat)),
            Format::Markdown => print(&markdown::tools(&cat)),
        },
        Command::Paths => paths_report(cli, &paths, &files, fmt),
        Command::Analyze { files, labels } => {
            crate::report::analyze::run(&cat, files, labels.as_deref(), fmt, paint)
        }
        Command::Validate { .. } | Command::Completions { .. } | Command::Man => {
            unreachable!("handled before loading content")
        }
    }
}

fn paths_report(cli: &Cli, paths: &Paths, files: &[String], fmt: Format) -> ExitCode {
    let show = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
    let user = paths.user_content.as_ref().map(|p| {
        serde_json::json!({
            "path": p.display().to_string(),
            "exists": p.exists(),
            "from_env": paths.from_env,
            "used": !cli.no_user_content,
        })
    });
    let v = serde_json::json!({
        "config_dir": show(&paths.config_dir),
        "config_file": show(&paths.config_file),
        "user_content": user,
        "content_args": cli.content.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "files_loaded": files,
    });
    match fmt {
        Format::Json => print_json(&v),
        _ => {
            let mut out = String::new();
            let none = "(none on this OS)".to_string();
            out.push_str(&format!(
                "config dir:    {}\n",
                show(&paths.config_dir).unwrap_or(none.clone())
            ));
            out.push_str(&format!(
                "config file:   {}\n",
                show(&paths.config_file).unwrap_or(none.clone())
            ));
            match &paths.user_content {
                Some(p) => out.push_str(&format!(
                    "user content:  {} ({}{}{})\n",
                    p.display(),
                    if p.exists() { "exists" } else { "not created" },
                    if paths.from_env {
                        format!(", from ${CONTENT_DIR_ENV}")
                    } else {
                        String::new()
                    },
                    if cli.no_user_content {
                        ", skipped by --no-user-content"
                    } else {
                        ""
                    }
                )),
                None => out.push_str(&format!("user content:  {none}\n")),
            }
            for c in &cli.content {
                out.push_str(&format!("--content:     {}\n", c.display()));
            }
            out.push_str("files loaded:\n");
            for f in files {
                out.push_str(&format!("  {f}\n"));
            }
            print(&out)
        }
    }
}

/// `(limit, by_role)`: the page size, and whether hits are grouped by role.
fn search_command(
    corpus: &Corpus,
    role_ids: &[String],
    query: &[String],
    filter: Filter,
    (limit, by_role): (usize, bool),
    fmt: Format,
    paint: Paint,
) -> ExitCode {
    let q = query.join(" ");
    let results = search::results(corpus, &q, filter, limit);
    // Loose matches are shown, but they are not a match: exit 1.
    let code = if results.hits.is_empty() || results.loose {
        eprintln!("no matches for `{q}`");
        ExitCode::from(exit::NOT_FOUND)
    } else {
        ExitCode::from(exit::OK)
    };
    match fmt {
        Format::Json => {
            print_json(&json::search(role_ids, corpus, &results));
        }
        Format::Text if !results.hits.is_empty() => {
            print(&text::search(role_ids, corpus, &results, by_role, paint));
        }
        Format::Markdown if !results.hits.is_empty() => {
            print(&markdown::search(role_ids, corpus, &results));
        }
        _ => {}
    }
    code
}

fn validate(cli: &Cli, paths: &Paths, targets: &[PathBuf], paint: Paint) -> ExitCode {
    // Explicit paths are checked on top of the built-ins (so they may refer
    // to built-in tools and sources), without the user's own directory.
    let layers = if targets.is_empty() {
        layers(cli, paths)
            .iter()
            .map(|s| match s {
                LayerSource::Builtin => Layer::builtin(),
                LayerSource::Path(p) => Layer::from_path(p),
            })
            .collect()
    } else {
        std::iter::once(Layer::builtin())
            .chain(targets.iter().map(|p| Layer::from_path(p)))
            .collect()
    };
    let loaded: Loaded = load(layers);
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
    let bad = !loaded.diagnostics.is_empty();
    match cli.format {
        Format::Json => {
            print_json(&serde_json::json!({
                "valid": !bad,
                "files": loaded.files,
                "errors": loaded.diagnostics,
            }));
        }
        _ => {
            if bad {
                eprint!(
                    "{}",
                    text::diagnostics(
                        &loaded.diagnostics,
                        Paint {
                            on: paint.on && std::io::IsTerminal::is_terminal(&std::io::stderr())
                        }
                    )
                );
                eprintln!("{} error(s); {summary}", loaded.diagnostics.len());
            } else {
                print(&format!("ok: {summary}"));
            }
        }
    }
    ExitCode::from(if bad { exit::INVALID_CONTENT } else { exit::OK })
}
