//! Words: how the reader splits text and compares words. Cues are compared
//! by their plain form (case, possessives and US/UK spelling folded, plurals
//! kept, so "product team" and "product teams" stay apart), the roles'
//! signals by a light stem that also joins inflections.

/// One word of a text, with its char range (not bytes: evidence highlights
/// are drawn per char).
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub plain: String,
    pub stem: String,
    /// Written in capitals ("AWS", "SLOs").
    pub upper: bool,
    /// Starts with a capital letter.
    pub capital: bool,
}

pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits on anything that is not a letter or digit; an apostrophe or dot
/// between two word characters stays inside the word ("node.js",
/// "developer's"), so "CI/CD", "self-service" and "self service" all become
/// the same words.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_word(text, |start, end, word| {
        let body = word
            .strip_suffix('s')
            .filter(|b| b.chars().count() >= 2)
            .unwrap_or(word);
        let letters = body.chars().filter(|c| c.is_alphabetic()).count();
        let upper = letters >= 2
            && body
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        out.push(Token {
            start,
            end,
            plain: plain(word),
            stem: stem(word),
            upper,
            capital: word.chars().next().is_some_and(char::is_uppercase),
        });
    });
    out
}

/// Lowercase, without a possessive, with US "-ize" spellings written the UK
/// way ("organization" = "organisation"); plurals are kept.
pub fn plain(word: &str) -> String {
    let mut w = word.to_lowercase();
    for apos in ["'s", "’s", "'", "’"] {
        if let Some(s) = w.strip_suffix(apos) {
            w = s.to_string();
            break;
        }
    }
    if w.len() > 4 && w.is_ascii() {
        for (us, uk) in [
            ("ization", "isation"),
            ("izations", "isations"),
            ("izing", "ising"),
            ("ized", "ised"),
            ("izes", "ises"),
            ("ize", "ise"),
            ("center", "centre"),
            ("centers", "centres"),
        ] {
            if let Some(s) = w.strip_suffix(us) {
                w = format!("{s}{uk}");
                break;
            }
        }
    }
    w
}

/// A light stemmer: case, possessives, plurals, UK/US spellings
/// (-ise/-ize, -tre/-ter, -logue/-log, -our/-or) and the common verb and
/// noun endings, so "deploying", "deployments" and "deploys" meet.
pub fn stem(word: &str) -> String {
    let mut w: String = word.to_lowercase();
    for apos in ["'s", "’s", "'", "’"] {
        if let Some(s) = w.strip_suffix(apos) {
            w = s.to_string();
            break;
        }
    }
    if !w.is_ascii() || w.chars().any(|c| c.is_ascii_digit()) || w.len() <= 3 {
        return w;
    }
    let len = w.len();
    // Plurals.
    if let Some(s) = w.strip_suffix("ies").filter(|_| len > 4) {
        w = format!("{s}y");
    } else if ["sses", "ches", "shes", "xes"]
        .iter()
        .any(|e| w.ends_with(e))
    {
        w.truncate(len - 2);
    } else if w.ends_with('s') && !["ss", "us", "is"].iter().any(|e| w.ends_with(e)) {
        w.truncate(len - 1);
    }
    // US spellings to UK ones.
    for (us, uk) in [
        ("ization", "isation"),
        ("izing", "ising"),
        ("ized", "ised"),
        ("ize", "ise"),
        ("yzing", "ysing"),
        ("yzed", "ysed"),
        ("yze", "yse"),
    ] {
        if let Some(s) = w.strip_suffix(us) {
            w = format!("{s}{uk}");
            break;
        }
    }
    if let Some(s) = w.strip_suffix("ter").filter(|s| s.len() >= 3) {
        // centre/center, metre/meter: the UK form is the stem.
        let uk = format!("{s}tre");
        if s.ends_with(['n', 'e']) {
            w = uk;
        }
    }
    if let Some(s) = w.strip_suffix("logue") {
        w = format!("{s}log");
    } else if let Some(s) = w.strip_suffix("our").filter(|s| s.len() >= 4) {
        w = format!("{s}or");
    }
    // Endings, longest first; each needs a stem of at least three letters.
    let endings: [(&str, &str); 12] = [
        ("isation", "is"),
        ("ation", "at"),
        ("ising", "is"),
        ("ating", "at"),
        ("ised", "is"),
        ("ated", "at"),
        ("ment", ""),
        ("ing", ""),
        ("ise", "is"),
        ("ate", "at"),
        ("ed", ""),
        ("e", ""),
    ];
    for (end, repl) in endings {
        if let Some(s) = w.strip_suffix(end) {
            let min = if end == "ment" { 4 } else { 3 };
            if s.len() >= min {
                let undouble = matches!(end, "ing" | "ed")
                    && s.len() >= 4
                    && s.as_bytes()[s.len() - 1] == s.as_bytes()[s.len() - 2]
                    && !matches!(s.as_bytes()[s.len() - 1], b'l' | b's' | b'z' | b'e' | b'o');
                let s = if undouble { &s[..s.len() - 1] } else { s };
                w = format!("{s}{repl}");
                if end == "ment"
                    && let Some(t) = w.strip_suffix('e').filter(|t| t.len() >= 3)
                {
                    w = t.to_string();
                }
                break;
            }
        }
    }
    w
}

/// Calls `f` with the char range and the text of each word, as [`tokenize`]
/// splits them; building the tables reads every text of the content this
/// way, without the per-word allocations of a [`Token`].
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    let mut chars = text.char_indices().peekable();
    // The char index of the next char `chars` gives.
    let mut at = 0;
    while let Some((from, c)) = chars.next() {
        at += 1;
        if !is_word_char(c) {
            continue;
        }
        let start = at - 1;
        let mut to = from + c.len_utf8();
        while let Some(&(b, c)) = chars.peek() {
            let next = b + c.len_utf8();
            let joiner = matches!(c, '\'' | '’' | '.')
                && text[next..].chars().next().is_some_and(is_word_char);
            if !is_word_char(c) && !joiner {
                break;
            }
            chars.next();
            at += 1;
            to = next;
        }
        f(start, at, &text[from..to]);
    }
}

/// CRLF and lone CR become LF; other control characters become spaces so
/// that no escape sequence in an ad reaches a terminal.
pub fn normalise_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemmer_joins_inflections_and_spellings() {
        for (a, b) in [
            ("deployments", "deploy"),
            ("deploying", "deployed"),
            ("standardise", "standardize"),
            ("organisation", "organization"),
            ("policies", "policy"),
            ("patches", "patching"),
            ("centre", "center"),
            ("SLOs", "slo"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} vs {b}");
        }
        assert_ne!(stem("engineer"), stem("engine"));
    }

    #[test]
    fn plain_keeps_plurals_but_folds_spelling_and_case() {
        assert_eq!(plain("Organization"), "organisation");
        assert_eq!(plain("team's"), "team");
        assert_ne!(plain("teams"), plain("team"));
    }

    #[test]
    fn tokenizer_treats_hyphen_slash_and_space_alike() {
        let words = |s: &str| tokenize(s).into_iter().map(|t| t.plain).collect::<Vec<_>>();
        assert_eq!(words("self-service"), words("self service"));
        assert_eq!(words("CI/CD"), vec!["ci", "cd"]);
        assert_eq!(words("node.js"), vec!["node.js"]);
        let t = tokenize("AWS SLOs Kubernetes");
        assert!(t[0].upper && t[1].upper && !t[2].upper && t[2].capital);
    }
}
