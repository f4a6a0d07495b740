//! An ad's structure: its title, and which part each sentence is in — the
//! company blurb, the role's duties, the requirements, the nice-to-haves or
//! boilerplate — told by the headings and, without one, by how a line
//! starts. The headings and leads are content (`content/reader/sections.toml`).

use crate::content::AdSection;

use super::text::tokenize;

/// At most this many sentences are analysed (a second cap, for inputs made
/// of very short lines).
pub const MAX_SENTENCES: usize = 2_000;
/// A sentence longer than this is cut at a word boundary: evidence has to
/// fit on a screen, and a text without full stops is still analysed.
const MAX_SENTENCE_CHARS: usize = 500;
/// A line this short without a full stop may be a heading.
const HEADING_MAX_WORDS: usize = 9;

/// Where in the ad a sentence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// Before any heading: often the blurb and the role's summary.
    Intro,
    Duties,
    Requirements,
    Nice,
    About,
    Boilerplate,
}

impl Part {
    pub const ALL: [Part; 6] = [
        Part::Intro,
        Part::Duties,
        Part::Requirements,
        Part::Nice,
        Part::About,
        Part::Boilerplate,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Part::Intro => "intro",
            Part::Duties => "duties",
            Part::Requirements => "requirements",
            Part::Nice => "nice",
            Part::About => "about",
            Part::Boilerplate => "boilerplate",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Part::Intro => "introduction",
            Part::Duties => "duties",
            Part::Requirements => "requirements",
            Part::Nice => "nice to have",
            Part::About => "about the company",
            Part::Boilerplate => "boilerplate",
        }
    }

    fn of_id(id: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.id() == id)
    }

    /// When two headings' words match equally well, the narrower part wins:
    /// "Preferred qualifications" is a nice-to-have, not a requirement.
    fn precedence(self) -> u8 {
        match self {
            Part::Nice => 5,
            Part::Boilerplate => 4,
            Part::About => 3,
            Part::Requirements => 2,
            Part::Duties => 1,
            Part::Intro => 0,
        }
    }
}

/// One unit of the ad: a bullet, a heading, or a sentence of prose.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub text: String,
    /// 1-based line of the decoded ad where it starts.
    pub line: usize,
    pub part: Part,
    pub heading: bool,
}

/// The ad, split.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ad {
    pub title: Option<String>,
    pub sentences: Vec<Sentence>,
    /// True when the sentence cap cut the ad short.
    pub truncated: bool,
}

/// The section rules, as word sequences.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    headings: Vec<(Part, Vec<String>)>,
    leads: Vec<(Part, Vec<String>)>,
}

fn words(s: &str) -> Vec<String> {
    tokenize(s).into_iter().map(|t| t.plain).collect()
}

impl Rules {
    pub fn new(sections: &[AdSection]) -> Rules {
        let mut rules = Rules::default();
        for s in sections {
            let Some(part) = Part::of_id(&s.id) else {
                continue;
            };
            rules.headings.extend(
                s.headings
                    .iter()
                    .map(|h| (part, words(h)))
                    .filter(|(_, w)| !w.is_empty()),
            );
            rules.leads.extend(
                s.leads
                    .iter()
                    .map(|h| (part, words(h)))
                    .filter(|(_, w)| !w.is_empty()),
            );
        }
        rules
    }

    /// The part a heading opens: the longest heading phrase inside it.
    fn heading_part(&self, text: &str) -> Option<Part> {
        let w = words(text);
        self.headings
            .iter()
            .filter(|(_, h)| contains(&w, h))
            .max_by_key(|(p, h)| (h.len(), p.precedence()))
            .map(|(p, _)| *p)
    }

    /// The part a line belongs to by how it starts ("You will", "Experience
    /// with").
    fn lead_part(&self, text: &str) -> Option<Part> {
        let w = words(text);
        self.leads
            .iter()
            .filter(|(_, l)| w.len() >= l.len() && w[..l.len()] == l[..])
            .max_by_key(|(p, l)| (l.len(), p.precedence()))
            .map(|(p, _)| *p)
    }
}

fn contains(hay: &[String], needle: &[String]) -> bool {
    needle.len() <= hay.len() && hay.windows(needle.len()).any(|w| w == needle)
}

#[derive(Debug, Clone)]
struct CleanLine {
    text: String,
    line: usize,
    heading: bool,
    bullet: bool,
    indent: usize,
}

fn clean_line(raw: &str, line: usize) -> CleanLine {
    let indent = raw.chars().take_while(|c| c.is_whitespace()).count();
    let mut s = raw.trim();
    let mut heading = false;
    let mut bullet = false;
    if s.starts_with('#') {
        let t = s.trim_start_matches('#');
        if t.is_empty() || t.starts_with(char::is_whitespace) {
            heading = true;
            s = t.trim();
        }
    }
    while let Some(t) = s.strip_prefix('>') {
        s = t.trim_start();
    }
    const MARKERS: [char; 17] = [
        '-', '*', '+', '•', '·', '▪', '◦', '–', '—', '‣', '●', '○', '■', '□', '✓', '✔', '→',
    ];
    if let Some(t) = s.strip_prefix(MARKERS)
        && (t.is_empty() || t.starts_with(char::is_whitespace))
    {
        bullet = true;
        s = t.trim_start();
    } else {
        // "1." "12)" "a)"
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        let lead = if digits > 0 && digits <= 3 {
            digits
        } else if s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && s.chars().nth(1) == Some(')')
        {
            1
        } else {
            0
        };
        if lead > 0 {
            let rest = &s[lead..];
            if let Some(t) = rest.strip_prefix(['.', ')'])
                && t.starts_with(char::is_whitespace)
            {
                bullet = true;
                s = t.trim_start();
            }
        }
    }
    let rule = s.len() >= 3 && s.chars().all(|c| matches!(c, '-' | '*' | '_' | '=' | ' '));
    let text = if rule {
        String::new()
    } else {
        s.replace("**", "")
            .replace("__", "")
            .replace('`', "")
            .trim()
            .to_string()
    };
    CleanLine {
        text,
        line,
        heading,
        bullet,
        indent,
    }
}

/// Wrapped prose continues on the next line; a list without markers (each
/// line a capitalised item) does not.
fn continues(prev: &str, next: &CleanLine, in_bullet: bool) -> bool {
    if in_bullet && next.indent >= 2 {
        return true;
    }
    let first = next.text.chars().next();
    if first.is_some_and(|c| c.is_lowercase()) {
        return true;
    }
    let last = prev.chars().last();
    if last.is_some_and(|c| matches!(c, ',' | '&' | '(' | '/' | '-' | '–')) {
        return true;
    }
    // "… built with Control Tower and\nTerraform": a line ending on a short
    // lowercase word is mid-sentence.
    let last_word = prev.rsplit(char::is_whitespace).next().unwrap_or("");
    !last_word.is_empty()
        && last_word.chars().count() <= 3
        && last_word.chars().all(char::is_lowercase)
}

/// Splits prose at sentence ends; long runs are cut at a word boundary.
fn split_sentences(text: &str, line: usize, out: &mut Vec<Sentence>) {
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    let mut i = 0;
    let push = |from: usize, to: usize, out: &mut Vec<Sentence>| {
        let s: String = chars[from..to].iter().collect();
        let s = s.trim();
        if s.chars().any(char::is_alphanumeric) {
            out.push(Sentence {
                text: s.to_string(),
                line,
                part: Part::Intro,
                heading: false,
            });
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let end_mark = matches!(c, '.' | '!' | '?' | '…');
        if end_mark && i + 2 < chars.len() && chars[i + 1].is_whitespace() {
            let next = chars[i + 2..].iter().find(|c| !c.is_whitespace());
            // "e.g. Terraform" and "U.S. East" are not sentence ends.
            let word_before = chars[start..i]
                .iter()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .count();
            let abbreviation =
                c == '.' && word_before <= 1 || c == '.' && i >= 2 && chars[i - 2] == '.';
            let starts = |n: &char| n.is_uppercase() || n.is_ascii_digit() || "\"'“(".contains(*n);
            if next.is_some_and(starts) && !abbreviation {
                push(start, i + 1, out);
                start = i + 1;
            }
        }
        // "…across the organization.In this role, you will:": a copy that
        // lost the break between two paragraphs. Two lowercase letters before
        // and a capitalised word after keep "Node.js", "ASP.NET" and
        // "e.g.The" whole.
        let joined = end_mark
            && i >= 2
            && chars[i - 1].is_lowercase()
            && chars[i - 2].is_lowercase()
            && chars.get(i + 1).is_some_and(|c| c.is_uppercase())
            && chars.get(i + 2).is_some_and(|c| c.is_lowercase());
        if joined {
            push(start, i + 1, out);
            start = i + 1;
        }
        if i.saturating_sub(start) >= MAX_SENTENCE_CHARS {
            let cut = (start..i)
                .rev()
                .find(|&k| chars[k].is_whitespace())
                .unwrap_or(i);
            let cut = if cut <= start { i } else { cut };
            push(start, cut, out);
            start = cut;
        }
        i += 1;
    }
    push(start, chars.len(), out);
}

fn looks_like_heading(l: &CleanLine) -> bool {
    if l.heading {
        return true;
    }
    if l.bullet {
        return false;
    }
    let t = l.text.trim();
    let n = t.split_whitespace().count();
    let ends_colon = t.ends_with(':');
    let sentence_end = t.ends_with(['.', '!', '?', ',', ';']);
    (n <= HEADING_MAX_WORDS && !sentence_end) || (ends_colon && n <= HEADING_MAX_WORDS + 4)
}

/// The title from a "title:" line, a first heading, or a short first line;
/// a "source:" line near the top is provenance, not part of the ad.
fn take_title(lines: &mut [CleanLine]) -> Option<String> {
    let mut title = None;
    let mut seen = 0;
    let mut drop = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.text.is_empty() {
            continue;
        }
        seen += 1;
        if seen > 3 {
            break;
        }
        let lower = l.text.to_lowercase();
        if let Some(rest) = lower.strip_prefix("title:") {
            let skip = l.text.len() - rest.len();
            title = Some(l.text[skip..].trim().to_string());
            drop.push(i);
        } else if lower.starts_with("source:") {
            drop.push(i);
        } else if title.is_none() && seen == 1 && !l.bullet {
            let n = l.text.split_whitespace().count();
            if l.heading || (n <= 12 && !l.text.ends_with(['.', '!', '?', ':'])) {
                title = Some(l.text.trim().to_string());
                drop.push(i);
            }
            break;
        }
    }
    for i in drop.into_iter().rev() {
        lines[i].text.clear();
    }
    title.filter(|t| !t.is_empty())
}

/// Splits an ad into its title and sentences, each in its part.
pub fn split(text: &str, rules: &Rules) -> Ad {
    let mut lines: Vec<CleanLine> = text
        .lines()
        .enumerate()
        .map(|(i, raw)| clean_line(raw, i + 1))
        .collect();
    let title = take_title(&mut lines);
    let mut out: Vec<Sentence> = Vec::new();
    let mut part = Part::Intro;
    let mut buf = String::new();
    let mut buf_line = 0;
    let mut in_bullet = false;
    let mut truncated = false;
    let flush = |buf: &mut String, line: usize, part: Part, out: &mut Vec<Sentence>| {
        if !buf.is_empty() {
            let from = out.len();
            split_sentences(buf, line, out);
            for s in &mut out[from..] {
                s.part = part;
            }
            buf.clear();
        }
    };
    for l in &lines {
        if out.len() > MAX_SENTENCES {
            truncated = true;
            break;
        }
        if l.text.is_empty() {
            flush(&mut buf, buf_line, part, &mut out);
            in_bullet = false;
            continue;
        }
        let starts_new = l.bullet || buf.is_empty() || !continues(&buf, l, in_bullet);
        if starts_new && looks_like_heading(l) {
            flush(&mut buf, buf_line, part, &mut out);
            // A heading of no known part ("Collaboration and communication")
            // is a sub-heading: the part goes on.
            if let Some(p) = rules.heading_part(&l.text) {
                part = p;
            }
            out.push(Sentence {
                text: l.text.trim_end_matches(':').trim().to_string(),
                line: l.line,
                part,
                heading: true,
            });
            in_bullet = false;
            continue;
        }
        if starts_new {
            flush(&mut buf, buf_line, part, &mut out);
            buf.push_str(&l.text);
            buf_line = l.line;
            in_bullet = l.bullet;
        } else {
            buf.push(' ');
            buf.push_str(&l.text);
        }
    }
    flush(&mut buf, buf_line, part, &mut out);
    // Without a heading, how a sentence starts tells its part.
    for s in &mut out {
        if s.part == Part::Intro
            && !s.heading
            && let Some(p) = rules.lead_part(&s.text)
        {
            s.part = p;
        }
    }
    out.truncate(MAX_SENTENCES);
    Ad {
        title,
        sentences: out,
        truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        let cat = crate::Catalog::builtin();
        Rules::new(&cat.guide.ad_sections)
    }

    #[test]
    fn headings_set_the_part_and_sub_headings_keep_it() {
        let ad = "title: Platform Engineer\nsource: somewhere\n\nAbout us\nWe sell shoes.\n\n\
                  What you'll do\n- Build golden paths\n\nCollaboration\n- Talk to teams\n\n\
                  Requirements\n- Five years of Go\n\nNice to have\n- Rust\n\nBenefits\n- Gym\n";
        let ad = split(ad, &rules());
        assert_eq!(ad.title.as_deref(), Some("Platform Engineer"));
        let part = |needle: &str| {
            ad.sentences
                .iter()
                .find(|s| s.text.contains(needle))
                .map(|s| s.part)
        };
        assert_eq!(part("shoes"), Some(Part::About));
        assert_eq!(part("golden"), Some(Part::Duties));
        assert_eq!(part("Talk to"), Some(Part::Duties));
        assert_eq!(part("Go"), Some(Part::Requirements));
        assert_eq!(part("Rust"), Some(Part::Nice));
        assert_eq!(part("Gym"), Some(Part::Boilerplate));
        assert!(ad.sentences.iter().all(|s| !s.text.contains("somewhere")));
    }

    #[test]
    fn without_headings_a_line_start_tells_the_part() {
        let ad = split(
            "DevOps Engineer\n\nYou will own the release pipeline.\n\nExperience with Jenkins is required.\n",
            &rules(),
        );
        assert_eq!(ad.sentences[0].part, Part::Duties);
        assert_eq!(ad.sentences[1].part, Part::Requirements);
        // A list of what to do, under no heading, starts with the verbs.
        let ad = split(
            "Build Engineer\n\nOwn, manage and improve the CI pipeline.\n- Design the build farm\n",
            &rules(),
        );
        assert!(ad.sentences.iter().all(|s| s.part == Part::Duties));
    }

    #[test]
    fn paragraphs_run_together_by_a_copy_are_split_again() {
        let mut out = Vec::new();
        split_sentences(
            "Support engineers across the organization.In this role, you will build on Node.js and ASP.NET.",
            1,
            &mut out,
        );
        let texts: Vec<&str> = out.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Support engineers across the organization.",
                "In this role, you will build on Node.js and ASP.NET."
            ]
        );
    }
}
