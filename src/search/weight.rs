//! What a word weighs where it stands, whatever the query: its field's
//! weight and, in the text shown, the text's length (as in BM25). Ranking
//! multiplies these by how well the word matches (`rank`); the index keeps
//! each entry's weight per word so that reading a list can stop inside it
//! (`index`).

use super::Field;

pub const TEXT: f32 = 1.0;
pub const ALIAS: f32 = 0.8;
pub const DESC: f32 = 0.35;
pub const CATEGORY: f32 = 0.2;
/// A duty's tool tags: a share of what the tool's own words score.
pub const TAG: f32 = 0.6;
/// A group's words apart count this much of them side by side.
pub const APART: f32 = 0.7;
/// How much the text's length counts (BM25's b).
pub const LENGTH: f32 = 0.05;
/// The heaviest a word weighs anywhere (in the shortest text).
pub const MAX: f32 = 1.0 / (1.0 - LENGTH);

pub fn field(f: Field) -> f32 {
    match f {
        Field::Text => TEXT,
        Field::Alias => ALIAS,
        Field::Desc => DESC,
        Field::Category => CATEGORY,
    }
}

/// The text's weight for its length: 1 at the corpus's mean number of
/// words, more for shorter texts (at most `1 / (1 - LENGTH)`).
pub fn length_norm(text_words: u32, mean_text_words: f32) -> f32 {
    1.0 / (1.0 - LENGTH + LENGTH * text_words as f32 / mean_text_words.max(1.0))
}

/// A word's weight in field `f` of an entry of `norm` ([`length_norm`]).
pub fn of(f: Field, norm: f32) -> f32 {
    if f == Field::Text {
        field(f) * norm
    } else {
        field(f)
    }
}

/// Scores in steps of about 4%: within one step, ranking goes by kind.
pub fn step(x: f32) -> i32 {
    (x.max(1e-6).ln() * 25.0).floor() as i32
}
