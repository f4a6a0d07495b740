//! Parsed entries with the file and span they came from, kept until
//! validation has had its say, so every diagnostic can point at its line.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::diag::Diagnostic;
use super::files::{MAX_LOCATED_PER_FILE, SourceFile};
use super::model::{AdSection, Cue, ReaderModel, Role, Section, Source, TellingQuestion, Tool};

/// A parsed entry and where it came from, kept until validation is done.
pub(crate) struct Located<T> {
    pub value: T,
    pub file: Arc<SourceFile>,
    /// The entry's text: a whole role file, or from a `[[tools]]`-style
    /// header up to the next entry of the file (serde's span of an
    /// array-of-tables element covers only its header line).
    pub span: Range<usize>,
}

/// The span of the value of `key = value` on the first line of
/// `text[range]` that assigns `key`, if any.
fn key_value(text: &str, range: Range<usize>, key: &str) -> Option<Range<usize>> {
    let mut at = range.start;
    let hay = text.get(range)?;
    for line in hay.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(value) = body
            .trim_start()
            .strip_prefix(key)
            .and_then(|rest| rest.trim_start().strip_prefix('='))
        {
            let value_at = body.len() - value.trim_start().len();
            let value_end = body.len() - (value.len() - value.trim_end().len());
            return Some(at + value_at..at + value_end.max(value_at));
        }
        at += line.len();
    }
    None
}

impl<T> Located<T> {
    /// The span of `key`'s value in the table (between `[...]` headers)
    /// that contains byte `anchor` of this entry.
    pub fn find_key_near(&self, anchor: usize, key: &str) -> Option<Range<usize>> {
        let text = &self.file.text;
        let span = self.span.start.min(text.len())..self.span.end.min(text.len());
        let anchor = anchor.clamp(span.start, span.end);
        let is_header = |line: &str| line.trim_start().starts_with('[');
        let mut start = span.start;
        let mut end = span.end;
        let mut at = span.start;
        for line in text[span.clone()].split_inclusive('\n') {
            if is_header(line) {
                if at <= anchor {
                    start = at;
                } else {
                    end = at;
                    break;
                }
            }
            at += line.len();
        }
        key_value(text, start..end, key)
    }

    /// The span of the value of a top-level `key` of this entry (before
    /// any sub-table).
    pub fn find_key(&self, key: &str) -> Option<Range<usize>> {
        self.find_key_near(self.span.start, key)
    }

    /// Locates `needle` (a quoted id) inside this entry, for precise errors.
    pub fn find(&self, needle: &str, nth: usize) -> Range<usize> {
        let text = &self.file.text;
        let span = self.span.start.min(text.len())..self.span.end.min(text.len());
        let hay = text.get(span.clone()).unwrap_or("");
        for quoted in [format!("\"{needle}\""), format!("'{needle}'")] {
            if let Some((i, _)) = hay.match_indices(&quoted).nth(nth) {
                let s = span.start + i;
                return s..s + quoted.len();
            }
        }
        span.start..span.start + 1
    }

    pub fn diag_at(&self, span: Range<usize>, msg: impl Into<String>) -> Diagnostic {
        located_diag(&self.file, span, msg)
    }
}

/// A diagnostic at `span` of `file`, located while the file has had fewer
/// than [`MAX_LOCATED_PER_FILE`].
pub(crate) fn located_diag(
    file: &SourceFile,
    span: Range<usize>,
    msg: impl Into<String>,
) -> Diagnostic {
    if file.located.fetch_add(1, Ordering::Relaxed) >= MAX_LOCATED_PER_FILE {
        return Diagnostic::file_level(&file.display, msg);
    }
    Diagnostic::at(&file.display, &file.text, span, msg)
}

#[derive(Default)]
pub(crate) struct Merged {
    pub roles: Vec<Located<Role>>,
    pub tools: Vec<Located<Tool>>,
    pub sources: Vec<Located<Source>>,
    pub sections: Vec<Located<Section>>,
    pub telling: Vec<Located<TellingQuestion>>,
    pub cues: Vec<Located<Cue>>,
    pub ad_sections: Vec<Located<AdSection>>,
    /// The last layer's model replaces the one before: weights only make
    /// sense together.
    pub reader_model: Option<ReaderModel>,
    pub synonyms: Vec<Vec<String>>,
    pub rejected: Rejected,
}

/// Entries with schema errors, their bad values replaced by placeholders:
/// never loaded, but their references are checked like the rest, so one
/// run reports everything wrong with them. (Sources and ad sections name
/// nothing, so theirs are not kept.)
#[derive(Default)]
pub(crate) struct Rejected {
    pub roles: Vec<Located<Role>>,
    pub tools: Vec<Located<Tool>>,
    pub sections: Vec<Located<Section>>,
    pub telling: Vec<Located<TellingQuestion>>,
    pub cues: Vec<Located<Cue>>,
}

impl Rejected {
    pub fn append(&mut self, other: Rejected) {
        self.roles.extend(other.roles);
        self.tools.extend(other.tools);
        self.sections.extend(other.sections);
        self.telling.extend(other.telling);
        self.cues.extend(other.cues);
    }
}

impl Merged {
    /// Appends another file's entries after this one's.
    pub fn append(&mut self, other: Merged) {
        self.roles.extend(other.roles);
        self.tools.extend(other.tools);
        self.sources.extend(other.sources);
        self.sections.extend(other.sections);
        self.telling.extend(other.telling);
        self.cues.extend(other.cues);
        self.ad_sections.extend(other.ad_sections);
        if other.reader_model.is_some() {
            self.reader_model = other.reader_model;
        }
        self.synonyms.extend(other.synonyms);
        self.rejected.append(other.rejected);
    }
}
