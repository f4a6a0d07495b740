//! Text into words: folding case and accents, splitting, joining
//! hyphenated words, and stemming. Texts and queries go through the same
//! functions, so a query word and a text word compare by what they are,
//! not by how they were typed.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

/// One word of a text: its folded form and where it sits (in chars).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub word: String,
    pub start: u32,
    pub end: u32,
    /// A hyphenated pair joined ("on-call" also gives "oncall"): it shares
    /// its position with the first part, so phrases still line up.
    pub joined: bool,
    /// Written with a capital first letter (a name, as a rule).
    pub upper: bool,
}

/// The folded form of one char: lower case, accents dropped. Most Latin
/// letters with diacritics fold to their base letter so "déployer" and
/// "deployer" are one word.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let base = match c {
        'à'..='å' | 'À'..='Å' | 'ā' | 'ă' | 'ą' | 'Ā' | 'Ă' | 'Ą' => 'a',
        'ç' | 'Ç' | 'ć' | 'č' | 'Ć' | 'Č' => 'c',
        'è'..='ë' | 'È'..='Ë' | 'ē' | 'ę' | 'ě' | 'Ē' | 'Ę' | 'Ě' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' | 'ī' | 'Ī' | 'ı' => 'i',
        'ñ' | 'Ñ' | 'ń' | 'ň' | 'Ń' | 'Ň' => 'n',
        'ò'..='ö' | 'ø' | 'Ò'..='Ö' | 'Ø' | 'ō' | 'ő' | 'Ō' | 'Ő' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' | 'ū' | 'ů' | 'ű' | 'Ū' | 'Ů' | 'Ű' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ś' | 'š' | 'Ś' | 'Š' => 's',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        'ł' | 'Ł' => 'l',
        'ß' => {
            out.push_str("ss");
            return;
        }
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(base);
}

/// `s` folded as a whole (case and accents).
pub fn fold(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    Cow::Owned(out)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Chars that join two words into one when they sit between them alone:
/// "on-call", "CI/CD".
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '/' | '‐' | '‑')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Calls `f` with each token of `text`, in order. Words are maximal runs
/// of letters and digits (folded); a possessive "'s" is dropped; two words
/// joined by a hyphen or slash also give their joined form.
pub fn tokens(text: &str, mut f: impl FnMut(Token)) {
    let mut word = String::new();
    let mut start = 0u32;
    // The previous word, when only a joiner separates it from this one.
    let mut prev: Option<(String, u32)> = None;
    let mut joiner_seen = false;
    let mut after_apostrophe = false;
    let mut pos = 0u32;
    let mut last: Option<char> = None;
    let mut flush = |word: &mut String,
                     start: u32,
                     end: u32,
                     prev: &mut Option<(String, u32)>,
                     joined_ok: bool,
                     possessive: bool,
                     upper: bool| {
        if word.is_empty() {
            return;
        }
        let w = std::mem::take(word);
        if possessive && w == "s" {
            *prev = None;
            return;
        }
        let pair = prev.take().filter(|_| joined_ok);
        f(Token {
            word: w.clone(),
            start,
            end,
            joined: false,
            upper,
        });
        if let Some((p, pstart)) = pair {
            f(Token {
                word: format!("{p}{w}"),
                start: pstart,
                end,
                joined: true,
                upper,
            });
        }
        *prev = Some((w, start));
    };
    let mut joined_ok = false;
    let mut possessive = false;
    let mut upper = false;
    for c in text.chars() {
        if is_word_char(c) {
            if word.is_empty() {
                start = pos;
                joined_ok = joiner_seen && last.is_some_and(is_joiner);
                possessive = after_apostrophe && last.is_some_and(is_apostrophe);
                upper = c.is_uppercase();
            }
            fold_char(c, &mut word);
        } else {
            if !word.is_empty() {
                flush(
                    &mut word, start, pos, &mut prev, joined_ok, possessive, upper,
                );
                joiner_seen = is_joiner(c);
                after_apostrophe = is_apostrophe(c);
            } else {
                // Two separators in a row: no join across them.
                joiner_seen = false;
                after_apostrophe = false;
                prev = None;
            }
            if !is_joiner(c) {
                prev = None;
            }
        }
        last = Some(c);
        pos += 1;
    }
    flush(
        &mut word, start, pos, &mut prev, joined_ok, possessive, upper,
    );
}

/// The words of `text`, folded, without joined forms.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokens(text, |t| {
        if !t.joined {
            out.push(t.word);
        }
    });
    out
}

/// The stem of a folded word (English Snowball). Words with digits and
/// very short words are their own stems: "k8s" and "ci" have no suffix.
pub fn stem(stemmer: &Stemmer, word: &str) -> String {
    if word.len() <= 3 || word.bytes().any(|b| b.is_ascii_digit()) {
        return word.to_string();
    }
    stemmer.stem(word).into_owned()
}

pub fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// Words too common to decide anything: a query may contain them, but a
/// hit need not.
pub fn is_stopword(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "do"
            | "for"
            | "from"
            | "how"
            | "in"
            | "is"
            | "it"
            | "of"
            | "on"
            | "or"
            | "the"
            | "to"
            | "what"
            | "who"
            | "with"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        tokens(text, |t| out.push((t.word, t.joined)));
        out
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Déployer ÜBER"), "deployer uber");
        assert_eq!(fold("straße"), "strasse");
    }

    #[test]
    fn hyphenated_words_give_their_parts_and_the_joined_word() {
        assert_eq!(
            all("on-call CI/CD rota"),
            [
                ("on".into(), false),
                ("call".into(), false),
                ("oncall".into(), true),
                ("ci".into(), false),
                ("cd".into(), false),
                ("cicd".into(), true),
                ("rota".into(), false),
            ]
        );
        // A spaced dash is punctuation, not a join.
        assert_eq!(all("a - b").len(), 2);
    }

    #[test]
    fn possessive_s_is_dropped_and_positions_are_chars() {
        let mut out = Vec::new();
        tokens("Spotify's é portal", |t| {
            out.push((t.word, t.start, t.end))
        });
        assert_eq!(
            out,
            [
                ("spotify".into(), 0, 7),
                ("e".into(), 10, 11),
                ("portal".into(), 12, 18)
            ]
        );
    }

    #[test]
    fn stems_join_inflections() {
        let s = stemmer();
        assert_eq!(stem(&s, "paths"), stem(&s, "path"));
        assert_eq!(stem(&s, "deploying"), stem(&s, "deploy"));
        assert_eq!(stem(&s, "k8s"), "k8s");
    }
}
