//! What the reader measures in an ad: how often each cue is found in each
//! part (duties, requirements, the rest), the roles' own signals and tools,
//! and what the title names. Everything it looks for comes from the content,
//! so a user pack changes what it sees.

use std::collections::{HashMap, HashSet};

use crate::catalog::Catalog;
use crate::content::{Axis, CueKind};

use super::matcher::{CaseRule, Hit, Matcher, Mode};
use super::sections::{Ad, Part, Rules};
use super::text::{Token, tokenize};

/// The parts whose features are counted apart, so the model learns what a
/// duty is worth against a requirement or a line of the blurb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    Duties,
    Requirements,
    Other,
}

impl Bucket {
    pub const ALL: [Bucket; 3] = [Bucket::Duties, Bucket::Requirements, Bucket::Other];

    pub fn of(part: Part) -> Option<Bucket> {
        match part {
            Part::Duties => Some(Bucket::Duties),
            Part::Requirements | Part::Nice => Some(Bucket::Requirements),
            Part::Intro | Part::About => Some(Bucket::Other),
            Part::Boilerplate => None,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Bucket::Duties => "duties",
            Bucket::Requirements => "requirements",
            Bucket::Other => "other",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// How much a part moves the ad's place on the map (display only).
    fn map_weight(self) -> f64 {
        match self {
            Bucket::Duties => 1.0,
            Bucket::Requirements | Bucket::Other => 0.5,
        }
    }
}

/// What a phrase of the body matcher stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    Cue(usize),
    Negation,
    Signal {
        role: usize,
        signal: usize,
        idf: f64,
    },
    Tool(usize),
    /// The roles' signals a phrase of the body matcher stands for (each a
    /// [`Target::Signal`], see [`Tables::phrase_targets`]): one found entry
    /// however many roles share the term.
    Signals {
        phrase: usize,
    },
    /// A role's title written in the body ("as a DevOps Engineer you
    /// will"): reported with the title, never counted.
    RoleTitle,
}

/// One thing found in one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub sentence: usize,
    pub target: Target,
    /// Char ranges in the sentence.
    pub chars: std::ops::Range<usize>,
    /// False when a negation or a hand-over ("other teams own …") rules it
    /// out.
    pub counted: bool,
}

/// Words a sentence shares with a group of duty texts (or profile lines):
/// the texts with the same distinctive words, one entry however many
/// roles' copies they are. Which of a role's duties the sentence echoes is
/// its best group there (see [`Tables::echoed_duty`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Echo {
    pub sentence: usize,
    pub group: usize,
    /// Char ranges of the shared words in the sentence.
    pub words: Vec<std::ops::Range<usize>>,
}

/// The features of one ad.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Values of [`Tables::global_names`].
    pub global: Vec<f64>,
    /// Per role, values of [`Tables::shared_names`].
    pub shared: Vec<Vec<f64>>,
    pub found: Vec<Found>,
    /// Sentences sharing words with a group of duty texts.
    pub echoes: Vec<Echo>,
    /// Roles the title names, in the order it names them.
    pub title_roles: Vec<usize>,
    /// The roles the title claims the job is: those it names by their own
    /// names, or, failing any, by hints (see [`Tables::title_reading`]).
    pub title_claims: Vec<usize>,
    /// Title-job cues the title matches ("Backend Engineer").
    pub title_jobs: Vec<usize>,
    /// −1 one product team … +1 many internal teams.
    pub audience: f64,
    /// −1 one application … +1 the foundations.
    pub layer: f64,
    /// Words read (headings and boilerplate are not).
    pub words: usize,
}

/// The content turned into matchers, built once per catalog.
#[derive(Debug, Clone)]
pub struct Tables {
    pub rules: Rules,
    body: Matcher,
    body_targets: Vec<Target>,
    title: Matcher,
    /// What each title phrase names: a role, or a title-job cue.
    title_targets: Vec<TitleTarget>,
    /// Duty cues, in content order, and each one's feature slots.
    duty_cues: Vec<usize>,
    cue_slot: HashMap<usize, usize>,
    /// Title-job cues and their feature slot.
    job_slot: HashMap<usize, usize>,
    /// Where each role's signals start in one flat numbering (for counting
    /// a signal once per sentence without a set), then the total.
    signal_base: Vec<usize>,
    global_names: Vec<String>,
    /// For each tool, the roles whose duties use it.
    tool_roles: Vec<Vec<usize>>,
    roles: usize,
    /// Cue index → (axis, pole) for the map.
    axes: HashMap<usize, (Axis, f64)>,
    /// Audience cues survive a hand-over: "partner with product teams" is
    /// still serving them.
    audience_cues: HashSet<usize>,
    /// For the fit check: how many roles, cues and tools were read.
    shape: (usize, usize, usize),
    /// For each cue, the roles whose work it describes.
    cue_roles: Vec<Vec<usize>>,
    /// Distinctive stem → the duty groups using it.
    duty_words: HashMap<String, Vec<u32>>,
    /// Each group's duty texts (ascending): the texts with the same set of
    /// distinctive words.
    duty_groups: Vec<Vec<u32>>,
    /// Where each role's duty texts start (texts are numbered role by role),
    /// then the total.
    duty_first: Vec<u32>,
    /// Each duty text's role and index among the role's duties (profile
    /// lines come after its duties).
    duty_of: Vec<(usize, usize)>,
}

/// What a title says (see [`Tables::title_reading`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleReading {
    pub roles: Vec<usize>,
    pub claims: Vec<usize>,
    pub jobs: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TitleTarget {
    /// A role's own name (its id, title or another name).
    Role(usize),
    /// A word that names a role without being its name (a `title-role`
    /// cue: "Cloud", "Release engineering").
    Hint(usize),
    Job(usize),
}

pub const SHARED_NAMES: [&str; 12] = [
    "signals@duties",
    "signals@requirements",
    "signals@other",
    "tools",
    "title",
    "title-only",
    "duty-text@duties",
    "duty-text@requirements",
    "duty-text@other",
    "role-cues@duties",
    "role-cues@requirements",
    "role-cues@other",
];
/// Where "the title names this role" (then "… and no other") sits in
/// [`SHARED_NAMES`].
pub const TITLE_AT: usize = 4;
/// Where the "cues of this role's work" features start in [`SHARED_NAMES`].
pub const ROLE_CUES_AT: usize = 9;

/// Where the duty-text features start in [`SHARED_NAMES`].
pub const DUTY_TEXT_AT: usize = 6;
/// A sentence echoes a duty when it shares this many distinctive words.
const DUTY_MIN_SHARED: usize = 2;
/// A word is distinctive when at most this share of the roles' duties use it.
const DISTINCTIVE_SHARE: f64 = 0.34;

/// Words that end a job title but say nothing about the role.
const GENERIC_TITLE_WORDS: [&str; 6] = [
    "engineer",
    "engineers",
    "developer",
    "administrator",
    "architect",
    "specialist",
];

fn title_core(title: &str) -> String {
    let mut words: Vec<&str> = title.split_whitespace().collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| GENERIC_TITLE_WORDS.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    words.join(" ")
}

impl Tables {
    pub fn new(cat: &Catalog) -> Tables {
        let mut body = Matcher::default();
        let mut body_targets = Vec::new();
        let mut add = |m: &mut Matcher, term: &str, mode: Mode, case: CaseRule, t: Target| {
            if m.add(term, mode, case, body_targets.len()) {
                body_targets.push(t);
            }
        };
        let guide = &cat.guide;
        let mut duty_cues = Vec::new();
        let mut axes = HashMap::new();
        let mut audience_cues = HashSet::new();
        for (ci, cue) in guide.cues.iter().enumerate() {
            let target = match cue.kind {
                CueKind::Duty => {
                    duty_cues.push(ci);
                    if let Some(axis) = cue.axis {
                        axes.insert(ci, (axis, f64::from(cue.pole.clamp(-1, 1))));
                        if axis == Axis::Audience {
                            audience_cues.insert(ci);
                        }
                    }
                    Target::Cue(ci)
                }
                CueKind::Negation => Target::Negation,
                CueKind::TitleJob | CueKind::TitleRole => continue,
            };
            for term in &cue.terms {
                add(&mut body, term, Mode::Plain, CaseRule::Any, target);
            }
        }
        let roles = cat.roles.len();
        // A signal term in n of the R roles is worth ln(R/n)/ln(R): 1 when
        // only one role has it, 0 when all do.
        let mut spread: HashMap<Vec<String>, HashSet<usize>> = HashMap::new();
        let key = |t: &str| -> Vec<String> { tokenize(t).into_iter().map(|t| t.stem).collect() };
        for (ri, role) in cat.roles.iter().enumerate() {
            for s in &role.signals {
                for t in &s.terms {
                    spread.entry(key(t)).or_default().insert(ri);
                }
            }
        }
        let idf = |n: usize| {
            if roles <= 1 {
                1.0
            } else {
                ((roles as f64) / (n.max(1) as f64)).ln() / (roles as f64).ln()
            }
        };
        for (ri, role) in cat.roles.iter().enumerate() {
            for (si, s) in role.signals.iter().enumerate() {
                for t in &s.terms {
                    let n = spread.get(&key(t)).map_or(1, HashSet::len);
                    let case = if t.chars().filter(|c| c.is_alphanumeric()).count() <= 3 {
                        CaseRule::Upper
                    } else {
                        CaseRule::Any
                    };
                    let target = Target::Signal {
                        role: ri,
                        signal: si,
                        idf: idf(n),
                    };
                    add(&mut body, t, Mode::Stem, case, target);
                }
            }
            for t in std::iter::once(&role.title).chain(&role.also_called) {
                if t.split_whitespace().count() > 1 {
                    add(&mut body, t, Mode::Plain, CaseRule::Any, Target::RoleTitle);
                }
            }
        }
        // Words the content itself writes in lowercase are ordinary words:
        // as a one-word alias ("actions", "vault") they must be capitalised.
        let mut ordinary: HashSet<String> = HashSet::new();
        for role in &cat.roles {
            let texts = std::iter::once(role.summary.as_str())
                .chain(role.duties.iter().map(|d| d.text.as_str()))
                .chain(role.interview_questions.iter().map(|q| q.question.as_str()));
            for text in texts {
                for t in tokenize(text) {
                    if !t.capital {
                        ordinary.insert(t.plain);
                    }
                }
            }
        }
        let mut tool_roles = vec![Vec::new(); cat.tools.len()];
        for (ti, tool) in cat.tools.iter().enumerate() {
            let mut rs: Vec<usize> = cat.uses_of(ti).iter().map(|u| u.role).collect();
            rs.sort_unstable();
            rs.dedup();
            tool_roles[ti] = rs;
            for name in std::iter::once(&tool.name).chain(&tool.aliases) {
                let letters = name.chars().filter(|c| c.is_alphanumeric()).count();
                let one_word = name.split_whitespace().count() == 1;
                let case = if one_word && letters <= 3 {
                    CaseRule::Upper
                } else if one_word && ordinary.contains(&super::text::plain(name)) {
                    CaseRule::Capital
                } else {
                    CaseRule::Any
                };
                add(&mut body, name, Mode::Plain, case, Target::Tool(ti));
            }
        }

        let mut signal_base = Vec::with_capacity(roles);
        let mut n = 0;
        for role in &cat.roles {
            signal_base.push(n);
            n += role.signals.len();
        }
        signal_base.push(n);
        let mut title = Matcher::default();
        let mut title_targets = Vec::new();
        let mut add_title = |term: &str, t: TitleTarget| {
            if title.add(term, Mode::Plain, CaseRule::Any, title_targets.len()) {
                title_targets.push(t);
            }
        };
        for (ri, role) in cat.roles.iter().enumerate() {
            add_title(&role.id, TitleTarget::Role(ri));
            // The role's own title names it without its last word
            // ("Platform" in "Senior Engineer - Platform"); another name is
            // kept whole, or "Release Engineer" would make "Release" name
            // DevOps in "Software Release Program Manager".
            add_title(&title_core(&role.title), TitleTarget::Role(ri));
            for t in &role.also_called {
                add_title(t, TitleTarget::Role(ri));
            }
        }
        let mut job_slot = HashMap::new();
        let mut global_names = Vec::new();
        let mut cue_slot = HashMap::new();
        for &ci in &duty_cues {
            cue_slot.insert(ci, global_names.len());
            for b in Bucket::ALL {
                global_names.push(format!("cue:{}@{}", guide.cues[ci].id, b.id()));
            }
        }
        for (ci, cue) in guide.cues.iter().enumerate() {
            match cue.kind {
                CueKind::TitleJob => {
                    job_slot.insert(ci, global_names.len());
                    global_names.push(format!("title:{}", cue.id));
                    for t in &cue.terms {
                        add_title(t, TitleTarget::Job(ci));
                    }
                }
                CueKind::TitleRole => {
                    if let Some(ri) = cue.role.as_deref().and_then(|r| cat.role_index(r)) {
                        for t in &cue.terms {
                            add_title(t, TitleTarget::Hint(ri));
                        }
                    }
                }
                _ => {}
            }
        }
        global_names.push("title:names-no-role".to_string());
        let (duty_words, duty_groups, duty_of) = duty_index(cat);
        let mut duty_first = vec![0u32; roles + 1];
        for &(r, _) in &duty_of {
            duty_first[r + 1] += 1;
        }
        for r in 0..roles {
            duty_first[r + 1] += duty_first[r];
        }
        let cue_roles = guide
            .cues
            .iter()
            .map(|c| c.roles.iter().filter_map(|r| cat.role_index(r)).collect())
            .collect();
        Tables {
            rules: Rules::new(&guide.ad_sections),
            body,
            body_targets,
            title,
            title_targets,
            duty_cues,
            cue_slot,
            job_slot,
            signal_base,
            global_names,
            tool_roles,
            roles,
            axes,
            audience_cues,
            shape: (roles, guide.cues.len(), cat.tools.len()),
            duty_words,
            duty_groups,
            duty_first,
            duty_of,
            cue_roles,
        }
    }

    /// Role `role`'s first duty text in a group, if it has one there.
    fn first_in_group(&self, group: usize, role: usize) -> Option<u32> {
        let members = &self.duty_groups[group];
        let from = self.duty_first[role];
        let at = members.partition_point(|&d| d < from);
        members
            .get(at)
            .copied()
            .filter(|&d| d < self.duty_first[role + 1])
    }

    /// Which of `role`'s duties a sentence echoes, given how many words it
    /// shares with each group found in it: the most words, then the first
    /// duty (what the features counted).
    pub fn echoed_duty(&self, role: usize, groups: &[(usize, usize)]) -> Option<(usize, usize)> {
        let mut best: Option<(usize, u32, usize)> = None;
        for &(g, n) in groups {
            if let Some(d) = self.first_in_group(g, role)
                && best.is_none_or(|(bn, bd, _)| n > bn || (n == bn && d < bd))
            {
                best = Some((n, d, g));
            }
        }
        best.map(|(_, d, g)| (g, self.duty_of[d as usize].1))
    }

    /// The text of a duty (or profile line).
    pub fn duty_text<'c>(&self, cat: &'c Catalog, role: usize, duty: usize) -> &'c str {
        let r = &cat.roles[role];
        match r.duties.get(duty) {
            Some(d) => &d.text,
            None => profile_lines(r).nth(duty - r.duties.len()).unwrap_or(""),
        }
    }

    /// Whether these tables were built from content of this shape.
    pub fn fits(&self, cat: &Catalog) -> bool {
        self.shape == (cat.roles.len(), cat.guide.cues.len(), cat.tools.len())
    }

    pub fn global_names(&self) -> &[String] {
        &self.global_names
    }

    pub fn target(&self, i: usize) -> Target {
        self.body_targets[i]
    }

    /// The targets of a body phrase (indexes for [`Tables::target`]).
    pub fn phrase_targets(&self, phrase: usize) -> &[usize] {
        self.body.targets(phrase)
    }

    fn names(&self, h: &Hit, t: Target) -> bool {
        self.body
            .targets(h.phrase)
            .iter()
            .any(|&i| self.body_targets[i] == t)
    }

    /// The feature slot of a duty cue in a part.
    pub fn cue_roles(&self, cue: usize) -> &[usize] {
        &self.cue_roles[cue]
    }

    pub fn cue_feature(&self, cue: usize, bucket: Bucket) -> Option<usize> {
        self.cue_slot.get(&cue).map(|s| s + bucket.index())
    }

    /// The feature slot of a title-job cue.
    pub fn job_feature(&self, cue: usize) -> Option<usize> {
        self.job_slot.get(&cue).copied()
    }

    pub fn tool_roles(&self, tool: usize) -> &[usize] {
        &self.tool_roles[tool]
    }

    /// Roles the title names, in order, and the title-job cues it matches.
    pub fn read_title(&self, title: &str) -> (Vec<usize>, Vec<usize>) {
        let t = self.title_reading(title);
        (t.roles, t.jobs)
    }

    /// What a title says: every role it names, in order; the roles it names
    /// by their own names (or, when it names none that way, by the hints),
    /// which is what the title claims the job is ("Cloud Platform
    /// Engineer" claims Platform: "Cloud" only qualifies it); and the
    /// title-job cues it matches.
    pub fn title_reading(&self, title: &str) -> TitleReading {
        let toks = tokenize(title);
        let mut hits = self.title.find(&toks, false);
        hits.sort_by_key(|h| (h.from, std::cmp::Reverse(h.to)));
        let mut out = TitleReading::default();
        for h in hits {
            for &t in self.title.targets(h.phrase) {
                match self.title_targets[t] {
                    TitleTarget::Role(r) | TitleTarget::Hint(r) => {
                        if !out.roles.contains(&r) {
                            out.roles.push(r);
                        }
                        if matches!(self.title_targets[t], TitleTarget::Role(_))
                            && !out.claims.contains(&r)
                        {
                            out.claims.push(r);
                        }
                    }
                    TitleTarget::Job(j) if !out.jobs.contains(&j) => out.jobs.push(j),
                    TitleTarget::Job(_) => {}
                }
            }
        }
        if out.claims.is_empty() {
            out.claims = out.roles.clone();
        }
        out
    }

    /// `f` with what the title says taken out: what the duties alone say,
    /// which the title check weighs against the title.
    pub fn without_title(&self, f: &Features) -> Features {
        let mut out = f.clone();
        for (x, n) in out.global.iter_mut().zip(&self.global_names) {
            if n.starts_with("title:") {
                *x = 0.0;
            }
        }
        for row in &mut out.shared {
            row[TITLE_AT] = 0.0;
            row[TITLE_AT + 1] = 0.0;
        }
        out
    }

    pub fn extract(&self, ad: &Ad) -> Features {
        let any_capitals = ad
            .sentences
            .iter()
            .any(|s| s.text.chars().any(char::is_uppercase));
        let mut f = Features {
            global: vec![0.0; self.global_names.len()],
            shared: vec![vec![0.0; SHARED_NAMES.len()]; self.roles],
            ..Features::default()
        };
        let mut cue_counts = vec![[0usize; 3]; self.global_names.len()];
        let mut signal_sum = vec![[0.0f64; 3]; self.roles];
        let mut tools_seen: HashSet<usize> = HashSet::new();
        let mut duty_hits = vec![[0usize; 3]; self.roles];
        let mut role_cues = vec![[0usize; 3]; self.roles];
        let mut scratch = EchoScratch {
            role_seen: vec![0; self.roles],
            shared: vec![0; self.duty_groups.len()],
            echo_at: vec![0; self.duty_groups.len()],
        };
        // The sentence (1-based) each signal was last counted in.
        let mut signal_seen = vec![0usize; self.signal_base.last().copied().unwrap_or(0)];
        let (mut map_pos, mut map_neg) = ([0.0f64; 2], [0.0f64; 2]);
        for (si, s) in ad.sentences.iter().enumerate() {
            if s.heading {
                continue;
            }
            let Some(bucket) = Bucket::of(s.part) else {
                continue;
            };
            let toks = tokenize(&s.text);
            f.words += toks.len();
            let hits = self.body.find(&toks, any_capitals);
            let ruled_out = self.ruled_out(&s.text, &toks, &hits);
            let titles: Vec<&Hit> = hits
                .iter()
                .filter(|h| self.names(h, Target::RoleTitle))
                .collect();
            if bucket_counts_duties(s.part) {
                self.echo_duties(
                    si,
                    bucket,
                    &toks,
                    &ruled_out,
                    &mut f,
                    &mut duty_hits,
                    &mut scratch,
                );
            }
            let mut cues_here: HashSet<usize> = HashSet::new();
            for h in &hits {
                let inside_title = titles.iter().any(|t| t.from <= h.from && h.to <= t.to);
                if inside_title {
                    continue;
                }
                let chars = toks[h.from].start..toks[h.to - 1].end;
                let mut signals = false;
                for &ti in self.body.targets(h.phrase) {
                    let target = self.body_targets[ti];
                    if let Target::Signal { role, signal, idf } = target {
                        signals = true;
                        let flat = self.signal_base[role] + signal;
                        if !ruled_out[h.from] && signal_seen[flat] != si + 1 {
                            signal_seen[flat] = si + 1;
                            signal_sum[role][bucket.index()] += idf;
                        }
                        continue;
                    }
                    if matches!(
                        target,
                        Target::Negation | Target::RoleTitle | Target::Signals { .. }
                    ) {
                        continue;
                    }
                    let audience =
                        matches!(target, Target::Cue(c) if self.audience_cues.contains(&c));
                    let counted = audience || !ruled_out[h.from];
                    f.found.push(Found {
                        sentence: si,
                        target,
                        chars: chars.clone(),
                        counted,
                    });
                    if !counted {
                        continue;
                    }
                    match target {
                        Target::Cue(c) if cues_here.insert(c) => {
                            cue_counts[self.cue_slot[&c]][bucket.index()] += 1;
                            for &r in &self.cue_roles[c] {
                                role_cues[r][bucket.index()] += 1;
                            }
                            if let Some(&(axis, pole)) = self.axes.get(&c) {
                                let a = (axis == Axis::Layer) as usize;
                                if pole > 0.0 {
                                    map_pos[a] += bucket.map_weight();
                                } else if pole < 0.0 {
                                    map_neg[a] += bucket.map_weight();
                                }
                            }
                        }
                        Target::Tool(t) => {
                            tools_seen.insert(t);
                        }
                        _ => {}
                    }
                }
                if signals {
                    f.found.push(Found {
                        sentence: si,
                        target: Target::Signals { phrase: h.phrase },
                        chars,
                        counted: !ruled_out[h.from],
                    });
                }
            }
        }
        for &ci in &self.duty_cues {
            let slot = self.cue_slot[&ci];
            for b in Bucket::ALL {
                f.global[slot + b.index()] = (cue_counts[slot][b.index()] as f64).ln_1p();
            }
        }
        for (r, sums) in signal_sum.iter().enumerate() {
            for b in Bucket::ALL {
                f.shared[r][b.index()] = sums[b.index()].ln_1p();
            }
        }
        for (r, hits) in duty_hits.iter().enumerate() {
            for b in Bucket::ALL {
                f.shared[r][DUTY_TEXT_AT + b.index()] = (hits[b.index()] as f64).ln_1p();
                f.shared[r][ROLE_CUES_AT + b.index()] = (role_cues[r][b.index()] as f64).ln_1p();
            }
        }
        let mut tool_sum = vec![0.0f64; self.roles];
        // In a fixed order: floating-point sums in a set's random order
        // differ in the last bit from run to run.
        let mut tools_seen: Vec<usize> = tools_seen.into_iter().collect();
        tools_seen.sort_unstable();
        for &t in &tools_seen {
            let users = &self.tool_roles[t];
            for &r in users {
                tool_sum[r] += 1.0 / users.len() as f64;
            }
        }
        for (r, v) in tool_sum.into_iter().enumerate() {
            f.shared[r][3] = v.ln_1p();
        }
        if let Some(title) = &ad.title {
            let TitleReading {
                roles,
                claims,
                jobs,
            } = self.title_reading(title);
            f.title_claims = claims;
            for &r in &roles {
                f.shared[r][4] = 1.0;
                if roles.len() == 1 {
                    f.shared[r][5] = 1.0;
                }
            }
            for &j in &jobs {
                f.global[self.job_slot[&j]] = 1.0;
            }
            f.title_roles = roles;
            f.title_jobs = jobs;
        }
        if f.title_roles.is_empty() {
            let last = f.global.len() - 1;
            f.global[last] = 1.0;
        }
        let place = |pos: f64, neg: f64| (pos - neg) / (pos + neg + 1.0);
        f.audience = place(map_pos[0], map_neg[0]);
        f.layer = place(map_pos[1], map_neg[1]);
        f.found.sort_by_key(|x| (x.sentence, x.chars.start));
        f
    }

    /// Counts, per role, whether this sentence echoes one of its duties:
    /// shares at least [`DUTY_MIN_SHARED`] distinctive words with it.
    /// `scratch` holds, per role, the sentence it was last counted in, and
    /// per group, the words shared in this sentence.
    #[allow(clippy::too_many_arguments)]
    fn echo_duties(
        &self,
        si: usize,
        bucket: Bucket,
        toks: &[Token],
        ruled_out: &[bool],
        f: &mut Features,
        hits: &mut [[usize; 3]],
        scratch: &mut EchoScratch,
    ) {
        let mut stems: HashSet<&str> = HashSet::new();
        let mut words: Vec<(usize, &[u32])> = Vec::new();
        let first = f.echoes.len();
        let mut touched: Vec<u32> = Vec::new();
        for (k, t) in toks.iter().enumerate() {
            if ruled_out[k] || !stems.insert(t.stem.as_str()) {
                continue;
            }
            let Some(groups) = self.duty_words.get(&t.stem) else {
                continue;
            };
            words.push((k, groups));
            for &g in groups {
                let n = &mut scratch.shared[g as usize];
                if *n == 0 {
                    touched.push(g);
                }
                *n += 1;
            }
        }
        touched.sort_unstable();
        // A role counts once per sentence, whichever of its groups it echoes.
        for &g in &touched {
            if (scratch.shared[g as usize] as usize) < DUTY_MIN_SHARED {
                continue;
            }
            for &d in &self.duty_groups[g as usize] {
                let role = self.duty_of[d as usize].0;
                if scratch.role_seen[role] != si + 1 {
                    scratch.role_seen[role] = si + 1;
                    hits[role][bucket.index()] += 1;
                }
            }
        }
        for &g in &touched {
            if scratch.shared[g as usize] as usize >= DUTY_MIN_SHARED {
                scratch.echo_at[g as usize] = f.echoes.len() as u32;
                f.echoes.push(Echo {
                    sentence: si,
                    group: g as usize,
                    words: Vec::new(),
                });
            }
        }
        for (k, groups) in words {
            for &g in groups {
                if scratch.shared[g as usize] as usize >= DUTY_MIN_SHARED {
                    let at = scratch.echo_at[g as usize] as usize;
                    debug_assert!(at >= first);
                    f.echoes[at].words.push(toks[k].start..toks[k].end);
                }
            }
        }
        for g in touched {
            scratch.shared[g as usize] = 0;
        }
    }

    /// Which words a negation ("you won't", "other teams own") rules out:
    /// from the negation to the end of its clause.
    fn ruled_out(&self, text: &str, toks: &[Token], hits: &[Hit]) -> Vec<bool> {
        let mut out = vec![false; toks.len()];
        let chars: Vec<char> = text.chars().collect();
        for h in hits {
            if !self.names(h, Target::Negation) {
                continue;
            }
            let mut k = h.from;
            while k < toks.len() && (k == h.from || !clause_ends(&chars, toks, k)) {
                out[k] = true;
                k += 1;
            }
        }
        out
    }
}

/// Reused across an ad's sentences by [`Tables::echo_duties`].
struct EchoScratch {
    role_seen: Vec<usize>,
    shared: Vec<u32>,
    /// Per group, its entry in [`Features::echoes`] for this sentence.
    echo_at: Vec<u32>,
}

fn bucket_counts_duties(part: Part) -> bool {
    Bucket::of(part).is_some()
}

/// The profile lines that describe the work (not the organisation).
fn profile_lines(r: &crate::content::Role) -> impl Iterator<Item = &str> {
    [
        r.profile.focus.as_str(),
        r.profile.serves.as_str(),
        r.profile.audience.as_str(),
        r.profile.typical_day.as_str(),
        r.profile.ownership.as_str(),
    ]
    .into_iter()
}

/// Stems of the roles' duty texts and profile lines that few roles share,
/// each with the texts using it. Spread is counted over roles, so a word
/// every role's duties use ("team", "build") tells nothing and is left out.
/// Distinctive stem → duty texts, and each text's (role, index).
type DutyIndex = (
    HashMap<String, Vec<u32>>,
    Vec<Vec<u32>>,
    Vec<(usize, usize)>,
);

fn duty_index(cat: &Catalog) -> DutyIndex {
    let mut duty_of = Vec::new();
    let mut texts: Vec<HashSet<String>> = Vec::new();
    for (ri, r) in cat.roles.iter().enumerate() {
        let all = r
            .duties
            .iter()
            .map(|d| d.text.as_str())
            .chain(profile_lines(r));
        for (di, text) in all.enumerate() {
            duty_of.push((ri, di));
            texts.push(
                tokenize(text)
                    .into_iter()
                    .filter(|t| {
                        t.stem.chars().count() >= 4 && !t.stem.chars().all(|c| c.is_ascii_digit())
                    })
                    .map(|t| t.stem)
                    .collect(),
            );
        }
    }
    let mut roles_of: HashMap<&str, HashSet<usize>> = HashMap::new();
    for (i, words) in texts.iter().enumerate() {
        for w in words {
            roles_of.entry(w.as_str()).or_default().insert(duty_of[i].0);
        }
    }
    let limit = (cat.roles.len() as f64 * DISTINCTIVE_SHARE).ceil().max(1.0) as usize;
    let mut group_of: HashMap<Vec<&str>, u32> = HashMap::new();
    let mut groups: Vec<Vec<u32>> = Vec::new();
    let mut index: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, words) in texts.iter().enumerate() {
        let mut key: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .filter(|w| roles_of.get(w).is_some_and(|r| r.len() <= limit))
            .collect();
        if key.is_empty() {
            continue;
        }
        key.sort_unstable();
        let next = groups.len() as u32;
        let g = *group_of.entry(key.clone()).or_insert(next);
        if g == next {
            groups.push(Vec::new());
            for w in key {
                index.entry(w.to_string()).or_default().push(g);
            }
        }
        groups[g as usize].push(i as u32);
    }
    (index, groups, duty_of)
}

/// Whether a new clause starts at word `k`: after a semicolon, colon, full
/// stop or bracket, or after a comma that turns to something else (", while
/// you build"); a comma inside a list ("VPCs, subnets, DNS") goes on.
fn clause_ends(chars: &[char], toks: &[Token], k: usize) -> bool {
    let gap = &chars[toks[k - 1].end..toks[k].start];
    if gap
        .iter()
        .any(|c| matches!(c, ';' | ':' | '(' | ')' | '.' | '!' | '?'))
    {
        return true;
    }
    if !gap.contains(&',') {
        return false;
    }
    const TURNS: [&str; 7] = ["while", "but", "whereas", "you", "so", "yet", "which"];
    let next = toks[k].plain.as_str();
    TURNS.contains(&next)
        || (next == "and"
            && toks
                .get(k + 1)
                .is_some_and(|t| TURNS.contains(&t.plain.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::sections::split;

    #[test]
    fn title_parsing_finds_roles_in_any_position() {
        let cat = Catalog::builtin();
        let t = Tables::new(&cat);
        let names = |title: &str| -> Vec<String> {
            t.read_title(title)
                .0
                .into_iter()
                .map(|r| cat.roles[r].id.clone())
                .collect()
        };
        assert_eq!(names("Senior Engineer - Platform"), ["platform"]);
        assert_eq!(
            names("Site Reliability Engineer | Platform Engineering"),
            ["sre", "platform"]
        );
        assert_eq!(
            names("Platform Engineer (Infrastructure)"),
            ["platform", "infrastructure"]
        );
        assert_eq!(names("DevOps/Cloud Engineer"), ["devops", "infrastructure"]);
        assert_eq!(
            names("Sr. Systems Engineer - Remote in Romania"),
            ["systems"]
        );
        assert!(names("Backend Engineer, Payments").is_empty());
        // Another name of a role is matched whole: "Release Engineer" names
        // DevOps, "Release" alone does not.
        assert!(names("Software Release Program Manager").is_empty());
        assert_eq!(names("Release Engineer"), ["devops"]);
    }

    #[test]
    fn a_title_claims_the_roles_it_names_by_name_not_by_hints() {
        let cat = Catalog::builtin();
        let t = Tables::new(&cat);
        let claims = |title: &str| -> (Vec<String>, Vec<String>) {
            let r = t.title_reading(title);
            let ids = |v: &[usize]| v.iter().map(|&r| cat.roles[r].id.clone()).collect();
            (ids(&r.roles), ids(&r.claims))
        };
        // "Cloud" hints at infrastructure, but the title claims Platform.
        assert_eq!(
            claims("Senior Cloud Platform Engineer"),
            (
                vec!["infrastructure".to_string(), "platform".to_string()],
                vec!["platform".to_string()]
            )
        );
        // With nothing named by name, the hints are the claim.
        assert_eq!(
            claims("Senior Network Engineer").1,
            vec!["infrastructure".to_string()]
        );
    }

    #[test]
    fn a_negated_clause_does_not_count_but_the_rest_does() {
        let cat = Catalog::builtin();
        let t = Tables::new(&cat);
        let negation = cat
            .guide
            .cues
            .iter()
            .find(|c| c.kind == CueKind::Negation)
            .expect("the content has negation cues");
        assert!(
            negation.terms.iter().any(|t| t == "other teams own"),
            "{negation:?}"
        );
        let ad = split(
            "title: DevOps Engineer\n\nResponsibilities\n- Other teams own the VPCs and the firewall rules, while you build CI/CD pipelines\n",
            &t.rules,
        );
        let f = t.extract(&ad);
        let text = &ad.sentences[1].text;
        let word = |x: &Found| {
            text.chars()
                .skip(x.chars.start)
                .take(x.chars.len())
                .collect::<String>()
        };
        let vpc = f
            .found
            .iter()
            .find(|x| word(x).starts_with("VPC"))
            .expect("VPC found");
        assert!(!vpc.counted);
        let ci = f
            .found
            .iter()
            .find(|x| word(x).starts_with("CI"))
            .expect("CI found");
        assert!(ci.counted);
    }
}
