//! The command line as clap sees it. The rest of the program never sees
//! clap: the value enums here are turned into the report's and the UI's own
//! option types.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::Format;
use crate::report::style::ColorChoice;
use crate::tui::theme::ThemeName;

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
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text, global = true)]
    pub format: FormatArg,

    /// When to colour text output; `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true)]
    pub color: ColorArg,

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
    /// Role or tool ids, one a line, for the completion scripts.
    #[command(name = "__names", hide = true)]
    Names {
        #[arg(value_parser = ["roles", "tools"])]
        what: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

impl From<ColorArg> for ColorChoice {
    fn from(c: ColorArg) -> ColorChoice {
        match c {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Dark,
    Light,
}

impl From<ThemeArg> for ThemeName {
    fn from(t: ThemeArg) -> ThemeName {
        match t {
            ThemeArg::Dark => ThemeName::Dark,
            ThemeArg::Light => ThemeName::Light,
        }
    }
}
