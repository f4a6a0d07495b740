//! The man page: clap's NAME, SYNOPSIS, DESCRIPTION and OPTIONS, then the
//! sections a man page reader looks for. Commands are listed here rather
//! than as roledex-roles(1) and the like, pages that are not shipped.

use std::io::{self, Write};

/// A roff-safe line: backslashes and hyphens escaped, and a leading dot or
/// quote kept from being read as a request.
fn roff(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

fn section(w: &mut dyn Write, title: &str) -> io::Result<()> {
    writeln!(w, ".SH {title}")
}

/// An indented paragraph with a bold tag.
fn item(w: &mut dyn Write, tag: &str, text: &str) -> io::Result<()> {
    writeln!(w, ".TP\n\\fB{}\\fR\n{}", roff(tag), roff(text))
}

const EXIT: &[(&str, &str)] = &[
    ("0", "Success."),
    (
        "1",
        "Not found or no match: an unknown or ambiguous role or tool, a search without hits, \
         or analyze input that is empty, binary or unreadable.",
    ),
    (
        "2",
        "Usage error: bad arguments, or roledex without a command and without a terminal.",
    ),
    ("3", "Invalid content: validate found problems."),
    (
        "4",
        "Input/output error: the output could not be written (a full disk, a closed file), or \
         the terminal failed. A closed pipe is not an error.",
    ),
    (
        "129",
        "The terminal hung up (SIGHUP); it is restored first.",
    ),
    (
        "130",
        "Interrupted by SIGINT (Ctrl-C); the terminal is restored first.",
    ),
    ("143", "Ended by SIGTERM; the terminal is restored first."),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "ROLEDEX_CONTENT_DIR",
        "The user content directory, instead of the config directory's content/.",
    ),
    (
        "ROLEDEX_CACHE_DIR",
        "Where the parsed-content cache is kept, instead of the OS cache directory.",
    ),
    (
        "NO_COLOR",
        "When set to anything non-empty, no colour: text output is plain and the interactive UI \
         uses bold, underline and reverse only.",
    ),
    (
        "COLUMNS",
        "The width text output wraps to when stdout is not a terminal.",
    ),
];

const FILES: &[(&str, &str)] = &[
    (
        "~/.config/roledex/config.toml",
        "Settings of the interactive UI (theme, mouse). The directory is the OS config \
         directory; `roledex paths` prints the real one.",
    ),
    (
        "~/.config/roledex/content/",
        "User content packs (TOML), layered over the built-in content.",
    ),
];

const EXAMPLES: &[(&str, &str)] = &[
    ("roledex", "Open the interactive browser."),
    (
        "roledex show platform",
        "Everything about the Platform Engineer role.",
    ),
    (
        "roledex compare devops platform infrastructure",
        "The article's three roles side by side.",
    ),
    (
        "roledex search ci pipe -n 5",
        "The five best hits for both terms.",
    ),
    (
        "roledex tool tf",
        "Which roles use Terraform, and for which duties.",
    ),
    ("roledex analyze ad.md", "Read a job ad past its title."),
    (
        "pbpaste | roledex analyse -f json",
        "The same, from standard input, as JSON.",
    ),
    ("roledex validate ~/my-pack", "Check a content pack."),
];

/// Renders the page as roff.
pub fn render(cmd: clap::Command) -> io::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut w = Vec::new();
    man.render_title(&mut w)?;
    man.render_name_section(&mut w)?;
    man.render_synopsis_section(&mut w)?;
    man.render_description_section(&mut w)?;
    man.render_options_section(&mut w)?;
    section(&mut w, "COMMANDS")?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let args: Vec<String> = sub
            .get_positionals()
            .map(|a| {
                let name = a.get_id().as_str().to_uppercase();
                if a.is_required_set() {
                    name
                } else {
                    format!("[{name}]")
                }
            })
            .collect();
        let tag = format!("roledex {} {}", sub.get_name(), args.join(" "));
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        item(&mut w, tag.trim_end(), &about)?;
    }
    writeln!(
        w,
        ".PP\n{}",
        roff("`roledex COMMAND --help` shows a command's own options.")
    )?;
    for (title, rows) in [
        ("EXIT STATUS", EXIT),
        ("ENVIRONMENT", ENVIRONMENT),
        ("FILES", FILES),
    ] {
        section(&mut w, title)?;
        for (tag, text) in rows {
            item(&mut w, tag, text)?;
        }
    }
    section(&mut w, "EXAMPLES")?;
    for (cmdline, what) in EXAMPLES {
        writeln!(w, ".TP\n\\fB$ {}\\fR\n{}", roff(cmdline), roff(what))?;
    }
    man.render_version_section(&mut w)?;
    Ok(w)
}
