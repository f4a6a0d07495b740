//! What a command can fail with, and the exit code each failure means.
//!
//! One type for every command, so the codes stay the documented ones
//! (README "Exit codes", the man page's EXIT STATUS) and `main` is the one
//! place that prints a failure and ends the process.

use std::io;

/// Exit codes, documented in README and the man page.
pub mod exit {
    pub const OK: u8 = 0;
    /// Nothing matched: an unknown role or tool, a search with no match,
    /// an ad that could not be read.
    pub const NOT_FOUND: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const INVALID_CONTENT: u8 = 3;
    /// The output could not be written (a full disk, a closed file) or the
    /// terminal failed.
    pub const IO: u8 = 4;
    /// 128 + the signal's number, as shells report it.
    pub const SIGINT: u8 = 130;
    pub const SIGTERM: u8 = 143;
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A role, tool or file that is not there; the message says what and
    /// offers what is close.
    #[error("{0}")]
    NotFound(String),
    /// The command ran and found nothing (its output, if any, is printed).
    #[error("no matches for `{0}`")]
    NoMatch(String),
    /// No word matched; the loose matches (letters in order) are printed.
    #[error("no word matches `{0}`; the {1} loose match(es) above only have its letters in order")]
    OnlyLoose(String, usize),
    #[error("{0}")]
    Usage(String),
    /// The content has errors; the report is already printed.
    #[error("{0} error(s) in the content")]
    InvalidContent(usize),
    #[error("cannot write the output: {0}")]
    Write(#[source] io::Error),
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: io::Error,
    },
    #[error("terminal error: {0}")]
    Terminal(#[source] io::Error),
    /// The interactive browser was stopped by this signal (the terminal
    /// is already restored).
    #[error("stopped by signal {0}")]
    Signal(i32),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::NotFound(_) | CliError::NoMatch(_) | CliError::OnlyLoose(..) => {
                exit::NOT_FOUND
            }
            CliError::Usage(_) => exit::USAGE,
            CliError::InvalidContent(_) => exit::INVALID_CONTENT,
            CliError::Write(_) | CliError::Io { .. } | CliError::Terminal(_) => exit::IO,
            CliError::Signal(signal) => u8::try_from(128 + signal).unwrap_or(exit::SIGTERM),
        }
    }

    /// The line `main` prints on stderr: none for invalid content (its
    /// report is already there, in full); a search without a match is an
    /// answer, not an error.
    pub fn message(&self) -> Option<String> {
        match self {
            CliError::InvalidContent(_) | CliError::Signal(_) => None,
            CliError::NoMatch(_) | CliError::OnlyLoose(..) => Some(self.to_string()),
            _ => Some(format!("error: {self}")),
        }
    }
}

pub type CliResult = Result<(), CliError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_has_its_documented_code() {
        let io = || io::Error::other("x");
        let cases = [
            (CliError::NotFound("role".into()), 1),
            (CliError::NoMatch("zzqx".into()), 1),
            (CliError::OnlyLoose("dply".into(), 2), 1),
            (CliError::Usage("no ad".into()), 2),
            (CliError::InvalidContent(2), 3),
            (CliError::Write(io()), 4),
            (
                CliError::Io {
                    what: "man page".into(),
                    source: io(),
                },
                4,
            ),
            (CliError::Terminal(io()), 4),
            (CliError::Signal(2), exit::SIGINT),
            (CliError::Signal(15), exit::SIGTERM),
        ];
        for (e, code) in cases {
            assert_eq!(e.exit_code(), code, "{e}");
        }
    }
}
