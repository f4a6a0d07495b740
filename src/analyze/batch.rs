//! Many ads at once — what the article's author did by hand for a month —
//! and, given labels, how often the reader and the title alone are right.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Analysis, Confidence};

/// One labelled posting (a row of a LABELS.tsv). Two labellers may disagree;
/// an answer is right when either gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: String,
    /// The first labeller's best role (a role id or "none").
    pub best: String,
    /// The second labeller's, when given.
    pub second: Option<String>,
    /// Also right where either labeller called it a judgement call (L).
    pub runner_up: Option<String>,
    /// Whether the title names the role the duties fit best.
    pub title_agrees: Option<bool>,
}

impl Label {
    /// Whether `class` is a right answer.
    pub fn accepts(&self, class: &str) -> bool {
        self.best == class
            || self.second.as_deref() == Some(class)
            || self.runner_up.as_deref() == Some(class)
    }

    /// Both labellers' best roles (the runner-up of a judgement call is
    /// learned too, at a lower weight: see `train::RUNNER_UP_WEIGHT`).
    pub fn targets(&self) -> Vec<&str> {
        let mut t = vec![self.best.as_str()];
        if let Some(s) = &self.second {
            t.push(s);
        }
        t
    }

    /// A posting that is none of the roles' work, to either labeller.
    pub fn is_none(&self) -> bool {
        self.best == "none" || self.second.as_deref() == Some("none")
    }
}

/// Reads a LABELS.tsv: a header row naming at least `file` and `best`;
/// `b_best`, `b_runner_up`, `confidence`, `b_confidence` and `title_agrees`
/// are used when present.
pub fn parse_labels(tsv: &str) -> Result<Vec<Label>, String> {
    let mut lines = tsv.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines
        .next()
        .ok_or("the labels file is empty")?
        .split('\t')
        .map(str::trim)
        .collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (Some(file), Some(best)) = (col("file"), col("best")) else {
        return Err("the labels file needs a header row with `file` and `best` columns".into());
    };
    let (second, runner, conf, b_conf, agrees) = (
        col("b_best"),
        col("b_runner_up"),
        col("confidence"),
        col("b_confidence"),
        col("title_agrees"),
    );
    let mut out = Vec::new();
    for (n, line) in lines.enumerate() {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        let get = |i: Option<usize>| {
            i.and_then(|i| cells.get(i))
                .copied()
                .filter(|s| !s.is_empty())
        };
        let (Some(f), Some(b)) = (get(Some(file)), get(Some(best))) else {
            return Err(format!(
                "row {}: `file` and `best` must not be empty",
                n + 2
            ));
        };
        let judgement = get(conf) == Some("L") || get(b_conf) == Some("L");
        out.push(Label {
            file: f.to_string(),
            best: b.to_lowercase(),
            second: get(second).map(str::to_lowercase),
            runner_up: get(runner).filter(|_| judgement).map(str::to_lowercase),
            title_agrees: get(agrees).map(|a| a.eq_ignore_ascii_case("yes")),
        });
    }
    Ok(out)
}

/// The files to read: each file given, and the files of each directory
/// given (not recursing; hidden files and LABELS.tsv/README files skipped),
/// in name order.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            match std::fs::read_dir(p) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|f| f.is_file() && !skipped(f))
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => errors.push(format!("cannot read {}: {e}", p.display())),
            }
        } else {
            files.push(p.clone());
        }
    }
    (files, errors)
}

fn skipped(f: &Path) -> bool {
    let name = f
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.starts_with('.') || name == "labels.tsv" || name.starts_with("readme")
}

/// The class an analysis answers: a role id, or "none".
pub fn answer(cat: &crate::Catalog, a: &Analysis) -> String {
    a.best
        .map_or_else(|| "none".to_string(), |r| cat.roles[r].id.clone())
}

/// The title alone as a reader: the first role it names, or "none".
pub fn title_answer(cat: &crate::Catalog, a: &Analysis) -> String {
    a.title_role
        .map_or_else(|| "none".to_string(), |r| cat.roles[r].id.clone())
}

/// One ad of a batch, as read.
#[derive(Debug, Clone)]
pub struct Row {
    pub file: String,
    pub title: Option<String>,
    pub answer: String,
    pub confidence: Confidence,
    pub probability: f64,
    /// The role the title names first, if any.
    pub title_role: Option<String>,
    pub title_roles: Vec<String>,
    /// The roles the title claims (see [`Analysis::title_claims`]).
    pub title_claims: Vec<String>,
    /// See [`Analysis::title_agrees`]: `None` when the title names no role.
    pub title_agrees: Option<bool>,
    pub title_mismatch: bool,
}

impl Row {
    pub fn of(cat: &crate::Catalog, file: String, a: &Analysis) -> Row {
        let ids = |rs: &[usize]| rs.iter().map(|&r| cat.roles[r].id.clone()).collect();
        Row {
            file,
            title: a.title.clone(),
            answer: answer(cat, a),
            confidence: a.confidence,
            probability: a.best_probability(),
            title_role: a.title_role.map(|r| cat.roles[r].id.clone()),
            title_roles: ids(&a.title_roles),
            title_claims: ids(&a.title_claims),
            title_agrees: a.title_agrees,
            title_mismatch: a.title_mismatch,
        }
    }
}

/// "Of 12 ads titled DevOps, 5 read as Platform work": per role the title
/// names, how the ads read.
pub fn by_title(rows: &[Row]) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for r in rows {
        let titled = r.title_role.clone().unwrap_or_else(|| "(no role)".into());
        *out.entry(titled)
            .or_default()
            .entry(r.answer.clone())
            .or_default() += 1;
    }
    out
}

/// How a reader did on labelled ads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scorecard {
    pub ads: usize,
    pub right: usize,
    pub title_right: usize,
    /// Ads whose role (first labeller) is one of `core`.
    pub core_ads: usize,
    pub core_right: usize,
    pub core_title_right: usize,
    pub platform_ads: usize,
    pub platform_right: usize,
    pub misleading: usize,
    pub misleading_flagged: usize,
    pub honest: usize,
    pub false_alarms: usize,
    pub none_ads: usize,
    /// Read as none, or given with low confidence.
    pub none_right: usize,
    pub high: usize,
    pub high_right: usize,
    /// labelled (first labeller) → answer → count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Scorecard {
    /// The figures, a line each, as `analyze --labels` prints them and the
    /// model file and README quote them.
    pub fn lines(&self) -> Vec<String> {
        let c = self;
        vec![
            format!(
                "best role right: {}/{} ({:.0}%); the title alone: {}/{} ({:.0}%)",
                c.right,
                c.ads,
                percent(c.right, c.ads),
                c.title_right,
                c.ads,
                percent(c.title_right, c.ads)
            ),
            format!(
                "ads whose role is devops, platform or infrastructure: {}/{} ({:.0}%); the title alone {:.0}%",
                c.core_right,
                c.core_ads,
                percent(c.core_right, c.core_ads),
                percent(c.core_title_right, c.core_ads)
            ),
            format!(
                "misleading titles flagged: {}/{} ({:.0}%); false alarms on honest titles: {}/{} ({:.0}%)",
                c.misleading_flagged,
                c.misleading,
                percent(c.misleading_flagged, c.misleading),
                c.false_alarms,
                c.honest,
                percent(c.false_alarms, c.honest)
            ),
            format!(
                "\"none\" postings read as none or with low confidence: {}/{} ({:.0}%)",
                c.none_right,
                c.none_ads,
                percent(c.none_right, c.none_ads)
            ),
            format!(
                "high-confidence answers right: {}/{} ({:.0}%)",
                c.high_right,
                c.high,
                percent(c.high_right, c.high)
            ),
        ]
    }
}

/// The article's three roles.
pub const CORE: [&str; 3] = ["devops", "platform", "infrastructure"];

/// One labelled reading: the label, the answer, its confidence, whether a
/// mismatch was flagged, and the title alone's answer.
pub struct Scored<'a> {
    pub label: &'a Label,
    pub answer: &'a str,
    pub confidence: Confidence,
    pub flagged: bool,
    pub title_answer: &'a str,
}

pub fn scorecard<'a>(readings: impl IntoIterator<Item = Scored<'a>>) -> Scorecard {
    let mut s = Scorecard::default();
    for r in readings {
        let l = r.label;
        let ok = l.accepts(r.answer);
        s.ads += 1;
        s.right += usize::from(ok);
        s.title_right += usize::from(l.accepts(r.title_answer));
        if CORE.contains(&l.best.as_str()) {
            s.core_ads += 1;
            s.core_right += usize::from(ok);
            s.core_title_right += usize::from(l.accepts(r.title_answer));
        }
        if l.best == "platform" {
            s.platform_ads += 1;
            s.platform_right += usize::from(r.answer == "platform");
        }
        match l.title_agrees {
            Some(false) => {
                s.misleading += 1;
                s.misleading_flagged += usize::from(r.flagged);
            }
            Some(true) => {
                s.honest += 1;
                s.false_alarms += usize::from(r.flagged);
            }
            None => {}
        }
        if l.is_none() {
            s.none_ads += 1;
            s.none_right += usize::from(r.answer == "none" || r.confidence == Confidence::Low);
        }
        if r.confidence == Confidence::High {
            s.high += 1;
            s.high_right += usize::from(ok);
        }
        *s.confusion
            .entry(l.best.clone())
            .or_default()
            .entry(r.answer.to_string())
            .or_default() += 1;
    }
    s
}

pub fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "file\ttitle\tbest\tconfidence\ttitle_agrees\tb_best\tb_runner_up\tb_confidence\n\
                       a.txt\tX\tplatform\tL\tno\tdevops\tinfrastructure\tM\n\
                       b.txt\tY\tnone\tH\tyes\tnone\tsre\tH\n";

    #[test]
    fn labels_accept_either_labeller_and_the_runner_up_of_a_judgement_call() {
        let labels = parse_labels(TSV).expect("parses");
        assert!(labels[0].accepts("platform") && labels[0].accepts("devops"));
        assert!(labels[0].accepts("infrastructure"));
        assert!(
            !labels[1].accepts("sre"),
            "no L: the runner-up is not right"
        );
        assert!(labels[1].is_none());
        assert_eq!(labels[0].title_agrees, Some(false));
    }

    #[test]
    fn a_labels_file_without_the_columns_is_an_error() {
        assert!(parse_labels("name\tclass\na\tb\n").is_err());
        assert!(parse_labels("").is_err());
    }
}
