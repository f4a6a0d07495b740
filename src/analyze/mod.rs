//! Reading a job ad past its title: which role does the work really
//! describe?
//!
//! What separates the article's three roles is who the work serves — one
//! product (DevOps), many internal teams (Platform), the foundations
//! everyone stands on (Infrastructure) — and ads say it in ordinary words.
//! The reader:
//!
//! 1. splits the ad into its parts ([`sections`]): title, blurb, duties,
//!    requirements, nice-to-haves, boilerplate;
//! 2. measures it ([`features`]): the content's cues (who the work serves,
//!    at which layer, which practice; `content/reader/cues.toml`) counted per
//!    part, the roles' own signals and tools, and what the title names, with
//!    negations and hand-overs ("other teams own the network") left out;
//! 3. scores every role and "none of these" with a logistic regression
//!    ([`model`]) whose weights were learned from real, labelled postings
//!    (`cargo run --release --example train-analyzer`);
//! 4. gives the verdict ([`verdict`]): best role, calibrated confidence,
//!    title mismatch, the ad's place on the two axes, and the evidence for
//!    and against every role ([`evidence`]).
//!
//! [`batch`] reads many ads at once and scores them against labels.

pub mod batch;
pub mod evidence;
pub mod features;
pub mod input;
pub mod lexicon;
pub mod matcher;
pub mod model;
pub mod sections;
pub mod text;
pub mod train;
pub mod verdict;

use std::ops::Range;

use crate::catalog::Catalog;

pub use input::MAX_ANALYSED_BYTES;
pub use sections::{MAX_SENTENCES, Part};

/// Why an input cannot be analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdError {
    #[error("the job ad is empty: there is no text to read")]
    Empty,
    #[error(
        "this looks like binary data, not the text of a job ad \
         ({percent}% of the first bytes are control or invalid bytes); \
         save the ad as plain text or Markdown and try again"
    )]
    Binary { percent: u8 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// What a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvidenceKind {
    /// One of the reader's cues; `matched` is its label.
    Cue,
    /// A term of one of the role's signals; `matched` is the signal's trait.
    Signal,
    /// A tool the role's duties use; `matched` is the tool's name.
    Tool,
    /// Words shared with one of the role's duties; `matched` is the duty.
    Duty,
    /// What the title names.
    Title,
}

impl EvidenceKind {
    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::Cue => "cue",
            EvidenceKind::Signal => "signal",
            EvidenceKind::Tool => "tool",
            EvidenceKind::Duty => "duty",
            EvidenceKind::Title => "title",
        }
    }
}

/// One reason for (or against) a reading, pointing into the ad.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The role it speaks for or against; `None` for "none of these roles".
    pub role: Option<usize>,
    pub kind: EvidenceKind,
    /// The cue's label, the signal's trait or the tool's name.
    pub matched: String,
    /// The ad's sentence or bullet, cleaned of Markdown markers.
    pub ad_text: String,
    /// 1-based line of the (decoded) ad where `ad_text` starts.
    pub line: usize,
    /// The part of the ad it is in.
    pub part: Part,
    /// Char (not byte) ranges of the matched words within `ad_text`,
    /// sorted, non-overlapping.
    pub ranges: Vec<Range<usize>>,
    /// What it adds to the role's score (log-odds): positive for the role,
    /// negative against it.
    pub weight: f64,
}

impl Evidence {
    /// The char positions to highlight, as `report::style::Paint::highlight`
    /// takes them.
    pub fn highlight_indices(&self) -> Vec<usize> {
        self.ranges.iter().flat_map(|r| r.clone()).collect()
    }

    /// The ranges as byte ranges of `ad_text`, for slicing.
    pub fn byte_ranges(&self) -> Vec<Range<usize>> {
        let offsets: Vec<usize> = self
            .ad_text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(self.ad_text.len()))
            .collect();
        let at = |c: usize| offsets.get(c).copied().unwrap_or(self.ad_text.len());
        self.ranges.iter().map(|r| at(r.start)..at(r.end)).collect()
    }

    pub fn argues_for(&self) -> bool {
        self.weight > 0.0
    }
}

/// A phrase the reader found but did not count, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RuledOut {
    pub ad_text: String,
    pub line: usize,
    pub ranges: Vec<Range<usize>>,
    /// What it would have been (a cue's label, a tool's name).
    pub matched: String,
}

/// A role's reading.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleScore {
    pub role: usize,
    /// 0–1, the model's probability that the duties describe this role.
    pub probability: f64,
    /// The same as a percentage, for bars.
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionAnswer {
    pub answer: String,
    /// The role the answer points to, if it is loaded.
    pub suggests: Option<usize>,
    pub meaning: String,
}

/// An interview question that would settle the remaining doubt.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedQuestion {
    pub question: String,
    pub source: String,
    /// For a role's own interview question: why it matters.
    pub why: Option<String>,
    /// For a guide question: the answers and the roles they point to.
    pub answers: Vec<QuestionAnswer>,
    /// For a role's own interview question: that role.
    pub role: Option<usize>,
}

/// How much of the input was read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputStats {
    /// Bytes given.
    pub bytes: usize,
    /// Bytes analysed (at most [`MAX_ANALYSED_BYTES`]).
    pub analysed_bytes: usize,
    /// Sentences and bullets analysed.
    pub sentences: usize,
    /// True when only the start of the input was analysed.
    pub truncated: bool,
    /// True when invalid UTF-8 was replaced.
    pub lossy: bool,
    /// Words read (headings and boilerplate are not).
    pub words: usize,
    /// True when the input was an HTML page, read as its text.
    pub html: bool,
}

/// Fewer words than this are too few to read an ad by (the shortest real
/// posting of the development set has over a hundred): the reading is
/// shown at low confidence, says so, and never warns about the title.
pub const MIN_WORDS: usize = 30;

impl InputStats {
    /// Whether the text is too short for a reading to mean much.
    pub fn too_short(&self) -> bool {
        self.words < MIN_WORDS
    }
}

/// Where a class sits on the map, from its training ads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// `None` for "none of these roles".
    pub role: Option<usize>,
    pub audience: f64,
    pub layer: f64,
}

/// The reading of one job ad.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The ad's title: a "title:" line, its first heading, or a short first
    /// line that reads like a job title.
    pub title: Option<String>,
    /// The role the title names (the first one, when it names several).
    pub title_role: Option<usize>,
    /// Every role the title names, in order ("DevOps / Platform Engineer").
    pub title_roles: Vec<usize>,
    /// The roles the title claims the job is: those it names by their own
    /// names ("Cloud Platform Engineer" claims Platform), else its hints.
    pub title_claims: Vec<usize>,
    /// Whether the reading agrees with the title, by the same rule as
    /// [`Analysis::title_mismatch`] but without its bar; `None` when the
    /// title names no role.
    pub title_agrees: Option<bool>,
    /// One entry per catalog role, in catalog order.
    pub scores: Vec<RoleScore>,
    /// The probability that the ad is none of the roles' work.
    pub none_probability: f64,
    /// Role indices from the most probable down.
    pub ranking: Vec<usize>,
    /// The role the duties describe; `None` when they read like none.
    pub best: Option<usize>,
    pub confidence: Confidence,
    /// Evidence for and against every role and "none", strongest first.
    pub evidence: Vec<Evidence>,
    /// What was found but not counted (negated or handed to another team).
    pub ruled_out: Vec<RuledOut>,
    /// The title names roles and the duties read like another (or like
    /// none of them), or, under a model whose rule says so, the title
    /// names no role and the duties read like one; at the model's bar.
    pub title_mismatch: bool,
    /// The ad on the article's two axes, each −1 … +1: who the work serves
    /// (one product team … many internal teams) and at which layer (one
    /// application … the foundations).
    pub audience: f64,
    pub layer: f64,
    /// Where each class's training ads sit, for the map.
    pub regions: Vec<Region>,
    /// Sentences read in each part of the ad.
    pub parts: Vec<(Part, usize)>,
    pub questions: Vec<SuggestedQuestion>,
    pub input: InputStats,
}

impl Analysis {
    pub fn score(&self, role: usize) -> Option<&RoleScore> {
        self.scores.iter().find(|s| s.role == role)
    }

    /// The strongest `n` pieces of evidence for a role.
    pub fn evidence_for(&self, role: usize, n: usize) -> impl Iterator<Item = &Evidence> {
        self.evidence
            .iter()
            .filter(move |e| e.role == Some(role) && e.argues_for())
            .take(n)
    }

    /// The strongest `n` pieces of evidence against a role.
    pub fn evidence_against(&self, role: usize, n: usize) -> impl Iterator<Item = &Evidence> {
        self.evidence
            .iter()
            .filter(move |e| e.role == Some(role) && !e.argues_for())
            .take(n)
    }

    /// The strongest `n` reasons to read the ad as none of the roles.
    pub fn evidence_for_none(&self, n: usize) -> impl Iterator<Item = &Evidence> {
        self.evidence
            .iter()
            .filter(|e| e.role.is_none() && e.argues_for())
            .take(n)
    }

    /// The runner-up: the second-ranked role, if any.
    pub fn runner_up(&self) -> Option<usize> {
        let mut rest = self
            .ranking
            .iter()
            .copied()
            .filter(|&r| Some(r) != self.best);
        rest.next()
    }

    /// Every reading with its probability, the most probable first: each
    /// role (`Some`) and "none of these roles" (`None`).
    pub fn readings(&self) -> Vec<(Option<usize>, f64)> {
        let mut rows: Vec<(Option<usize>, f64)> = self
            .ranking
            .iter()
            .map(|&r| (Some(r), self.scores[r].probability))
            .collect();
        rows.push((None, self.none_probability));
        rows.sort_by(|x, y| y.1.total_cmp(&x.1));
        rows
    }

    /// The probability of the answer given: the best role's, or "none"'s.
    pub fn best_probability(&self) -> f64 {
        match self.best {
            Some(r) => self.score(r).map_or(0.0, |s| s.probability),
            None => self.none_probability,
        }
    }
}

/// The content turned into the reader's tables and model: built once per
/// catalog (the costly part), holding no borrow of it, so a long-lived owner
/// (the TUI) can build it on a worker thread and keep it.
#[derive(Debug, Clone)]
pub struct Reader {
    pub(crate) tables: features::Tables,
    pub(crate) model: model::Model,
}

impl Reader {
    pub fn new(cat: &Catalog) -> Reader {
        let tables = features::Tables::new(cat);
        let model = model::Model::new(cat, &tables);
        Reader { tables, model }
    }

    /// Whether this reader was built from content of this shape.
    pub fn fits(&self, cat: &Catalog) -> bool {
        self.tables.fits(cat)
    }

    /// Whether the content had weights for the reader (a pack may have
    /// replaced them with nothing).
    pub fn trained(&self) -> bool {
        self.model.trained
    }

    /// Analyses raw bytes: decodes (lossily, UTF-16 with a BOM too), rejects
    /// empty and binary input, and reads at most [`MAX_ANALYSED_BYTES`].
    pub fn analyze_bytes(&self, cat: &Catalog, bytes: &[u8]) -> Result<Analysis, AdError> {
        let (text, mut stats) = input::decode(bytes)?;
        stats.analysed_bytes = text.len();
        let mut a = self.analyze(cat, &text);
        a.input.bytes = stats.bytes;
        a.input.analysed_bytes = stats.analysed_bytes;
        a.input.truncated |= stats.truncated;
        a.input.lossy = stats.lossy;
        a.input.html = stats.html;
        Ok(a)
    }

    /// Analyses the text of a job ad. Never fails: an empty text reads as
    /// the model's prior.
    pub fn analyze(&self, cat: &Catalog, ad: &str) -> Analysis {
        let text = text::normalise_text(ad);
        let text = match text.char_indices().nth(MAX_ANALYSED_BYTES) {
            Some((b, _)) => &text[..b],
            None => text.as_str(),
        };
        let ad = sections::split(text, &self.tables.rules);
        let f = self.tables.extract(&ad);
        verdict::read(cat, self, &ad, &f, text.len())
    }
}

/// A reader borrowing its catalog, for one-off use.
pub struct Analyzer<'c> {
    cat: &'c Catalog,
    reader: std::borrow::Cow<'c, Reader>,
}

impl<'c> Analyzer<'c> {
    pub fn new(cat: &'c Catalog) -> Analyzer<'c> {
        Analyzer {
            cat,
            reader: std::borrow::Cow::Owned(Reader::new(cat)),
        }
    }

    pub fn with_reader(cat: &'c Catalog, reader: &'c Reader) -> Analyzer<'c> {
        Analyzer {
            cat,
            reader: std::borrow::Cow::Borrowed(reader),
        }
    }

    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    pub fn analyze_bytes(&self, bytes: &[u8]) -> Result<Analysis, AdError> {
        self.reader.analyze_bytes(self.cat, bytes)
    }

    pub fn analyze(&self, ad: &str) -> Analysis {
        self.reader.analyze(self.cat, ad)
    }

    /// The roles a title names, in order.
    pub fn title_roles(&self, title: &str) -> Vec<usize> {
        self.reader.tables.read_title(title).0
    }
}

/// Analyses raw bytes with a reader built for this call.
pub fn analyze_bytes(catalog: &Catalog, bytes: &[u8]) -> Result<Analysis, AdError> {
    Analyzer::new(catalog).analyze_bytes(bytes)
}

/// Analyses the text of a job ad with a reader built for this call.
pub fn analyze(catalog: &Catalog, ad: &str) -> Analysis {
    Analyzer::new(catalog).analyze(ad)
}
