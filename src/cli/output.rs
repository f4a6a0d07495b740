//! Writing a command's output, and the messages a lookup prints on its
//! way (a corrected name, an ambiguous one).

use std::io::{IsTerminal, Write};

use super::error::{CliError, CliResult};
use crate::catalog::Lookup;
use crate::content::Diagnostic;

/// Writes `s` to stdout with a final newline. A closed pipe (`roledex
/// tools | head`) is the reader's choice, not an error; a full disk or a
/// closed file is: the output is incomplete.
pub fn print(s: &str) -> CliResult {
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
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Write(e)),
    }
}

pub fn print_json(v: &serde_json::Value) -> CliResult {
    print(&serde_json::to_string_pretty(v).expect("JSON values always serialise"))
}

/// Problems in user content: a line each and a summary, on stderr; the
/// command goes on with what loaded.
pub fn warn_content(diags: &[Diagnostic]) {
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

pub fn warn_all(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

fn not_found(what: &str, query: &str, suggestions: &[String], found_in: &[String]) -> CliError {
    let mut msg = format!("no {what} matches `{query}`");
    if !suggestions.is_empty() {
        msg.push_str(&format!("\n  did you mean: {}?", suggestions.join(", ")));
    }
    if !found_in.is_empty() {
        msg.push_str(&format!(
            "\n  it is part of the work of: {} (`roledex search {}` shows where)",
            found_in.join(", "),
            shell_word(query)
        ));
    }
    msg.push_str(&format!(
        "\n  (`roledex {}` lists them all)",
        if what == "role" { "roles" } else { "tools" }
    ));
    CliError::NotFound(msg)
}

/// The one item a lookup names: a corrected name is noted on stderr; an
/// ambiguous or unknown one is an error listing the candidates.
///
/// `found_in` is asked only for a miss: the names of the roles whose
/// content mentions the query, most first, so "no role matches `on-call`"
/// can say where on-call work is.
pub fn resolve(
    lookup: Lookup,
    what: &str,
    query: &str,
    names: impl Fn(usize) -> String,
    found_in: impl FnOnce() -> Vec<String>,
) -> Result<usize, CliError> {
    match lookup {
        Lookup::Found(i) => Ok(i),
        Lookup::Corrected(i) => {
            eprintln!("note: showing {} for `{query}`", names(i));
            Ok(i)
        }
        Lookup::Category { name, tools } => {
            let mut msg = format!(
                "`{query}` is the category {name}, of {} {what}s; which one?",
                tools.len()
            );
            for &i in &tools {
                msg.push_str(&format!("\n  {}", names(i)));
            }
            Err(CliError::NotFound(msg))
        }
        Lookup::Ambiguous { candidates } => {
            let mut msg = format!("`{query}` matches {} {what}s; which one?", candidates.len());
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
            Err(CliError::NotFound(msg))
        }
        Lookup::NotFound { suggestions } => Err(not_found(what, query, &suggestions, &found_in())),
    }
}

/// `query` as one shell word: quoted when it holds anything but plain
/// letters, digits and `-_./`.
fn shell_word(query: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./".contains(c);
    if !query.is_empty() && query.chars().all(plain) {
        query.to_string()
    } else {
        format!("'{}'", query.replace('\'', r"'\''"))
    }
}

/// The wrap width for stdout: a terminal's own width; piped, `$COLUMNS`
/// when set, else none, so `grep` sees whole lines.
pub fn detect_width() -> Option<usize> {
    if std::io::stdout().is_terminal()
        && let Ok((cols, _)) = ratatui::crossterm::terminal::size()
        && cols > 0
    {
        return Some(usize::from(cols));
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
}
