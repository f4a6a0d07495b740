//! The validated content model: plain data, no spans, shared by every front end.

use serde::{Deserialize, Serialize};

/// Where a role sits in the product: the article's three roles come first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Core,
    Overlap,
}

/// How far the day-to-day work sits from application code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Distance {
    Close,
    Medium,
    Far,
}

impl Tier {
    /// Content packs add roles beside the article's three, so a role that
    /// does not say otherwise is an overlap role.
    fn user_default() -> Self {
        Tier::Overlap
    }
}

fn default_order() -> i32 {
    100
}

fn default_weight() -> u8 {
    2
}

impl Distance {
    pub fn label(self) -> &'static str {
        match self {
            Distance::Close => "close",
            Distance::Medium => "medium",
            Distance::Far => "far",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Whether a catalogue entry is a product people install or buy, or an idea
/// (a VPC, DNS) that roles work with: concepts are listed apart from tools.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ToolKind {
    #[default]
    Tool,
    Concept,
}

impl ToolKind {
    pub fn label(self) -> &'static str {
        match self {
            ToolKind::Tool => "tool",
            ToolKind::Concept => "concept",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub kind: ToolKind,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub category: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Tool {
    /// The heading the tool is listed under: its category, or for a concept
    /// "Concepts · <category>", so ideas stand apart from products.
    pub fn group_heading(&self) -> String {
        match self.kind {
            ToolKind::Tool => self.category.clone(),
            ToolKind::Concept => format!("Concepts · {}", self.category),
        }
    }
}

/// `picked` tool indices in display order: products grouped by category,
/// then concepts grouped the same way; groups keep the order their first
/// member has in `picked`, and members keep theirs. CLI and TUI both list
/// tools in this order.
pub fn display_order(tools: &[Tool], picked: impl IntoIterator<Item = usize>) -> Vec<usize> {
    display_groups(tools, picked).order
}

/// [`display_order`] with where each group starts in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToolGroups {
    pub order: Vec<usize>,
    /// Positions in `order` where a group begins, ascending.
    pub starts: Vec<usize>,
}

/// Each tool's group, numbered in display order: regroups a filtered list
/// in one pass, without hashing a category per tool on every keystroke.
#[derive(Debug, Clone, Default)]
pub struct Grouping {
    of: Vec<u32>,
    groups: usize,
}

impl Grouping {
    pub fn new(tools: &[Tool]) -> Grouping {
        let all = display_groups(tools, 0..tools.len());
        let mut of = vec![0u32; tools.len()];
        for (g, &start) in all.starts.iter().enumerate() {
            let end = all.starts.get(g + 1).copied().unwrap_or(all.order.len());
            for &i in &all.order[start..end] {
                of[i] = u32::try_from(g).unwrap_or(u32::MAX);
            }
        }
        Grouping {
            of,
            groups: all.starts.len(),
        }
    }

    /// `picked`, in catalogue order, grouped as [`display_groups`] would.
    pub fn group(&self, picked: impl IntoIterator<Item = usize>) -> ToolGroups {
        let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); self.groups];
        for i in picked {
            if let Some(b) = self.of.get(i).and_then(|&g| buckets.get_mut(g as usize)) {
                b.push(i);
            }
        }
        let mut out = ToolGroups::default();
        for b in buckets.into_iter().filter(|b| !b.is_empty()) {
            out.starts.push(out.order.len());
            out.order.extend(b);
        }
        out
    }
}

pub fn display_groups(tools: &[Tool], picked: impl IntoIterator<Item = usize>) -> ToolGroups {
    use std::collections::HashMap;
    let mut group_of: HashMap<(ToolKind, &str), usize> = HashMap::new();
    let mut groups: Vec<(ToolKind, Vec<usize>)> = Vec::new();
    for i in picked {
        let t = &tools[i];
        let g = *group_of
            .entry((t.kind, t.category.as_str()))
            .or_insert_with(|| {
                groups.push((t.kind, Vec::new()));
                groups.len() - 1
            });
        groups[g].1.push(i);
    }
    // Stable, so first-seen order survives within each kind.
    groups.sort_by_key(|(kind, _)| *kind);
    let mut out = ToolGroups::default();
    for (_, members) in groups {
        out.starts.push(out.order.len());
        out.order.extend(members);
    }
    out
}

/// The comparable facts of a role. Every role has every key, so a
/// comparison lines up row by row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub focus: String,
    pub serves: String,
    pub audience: String,
    pub distance_from_app_code: Distance,
    pub typical_org: String,
    pub typical_day: String,
    pub ownership: String,
    pub measured_by: String,
}

/// One row of a profile, in display order. Keeping the labels here (not in
/// each front end) is what keeps CLI, TUI and JSON rows identical.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileKey {
    Focus,
    Serves,
    Audience,
    DistanceFromAppCode,
    TypicalOrg,
    TypicalDay,
    Ownership,
    MeasuredBy,
}

impl ProfileKey {
    pub const ALL: [ProfileKey; 8] = [
        ProfileKey::Focus,
        ProfileKey::Serves,
        ProfileKey::Audience,
        ProfileKey::DistanceFromAppCode,
        ProfileKey::TypicalOrg,
        ProfileKey::TypicalDay,
        ProfileKey::Ownership,
        ProfileKey::MeasuredBy,
    ];

    /// The TOML / JSON key.
    pub fn key(self) -> &'static str {
        match self {
            ProfileKey::Focus => "focus",
            ProfileKey::Serves => "serves",
            ProfileKey::Audience => "audience",
            ProfileKey::DistanceFromAppCode => "distance_from_app_code",
            ProfileKey::TypicalOrg => "typical_org",
            ProfileKey::TypicalDay => "typical_day",
            ProfileKey::Ownership => "ownership",
            ProfileKey::MeasuredBy => "measured_by",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProfileKey::Focus => "Focus",
            ProfileKey::Serves => "Serves",
            ProfileKey::Audience => "Audience",
            ProfileKey::DistanceFromAppCode => "Distance from app code",
            ProfileKey::TypicalOrg => "Typical organisation",
            ProfileKey::TypicalDay => "A typical day",
            ProfileKey::Ownership => "Ownership when it breaks",
            ProfileKey::MeasuredBy => "Measured by",
        }
    }
}

impl Profile {
    pub fn get(&self, key: ProfileKey) -> &str {
        match key {
            ProfileKey::Focus => &self.focus,
            ProfileKey::Serves => &self.serves,
            ProfileKey::Audience => &self.audience,
            ProfileKey::DistanceFromAppCode => self.distance_from_app_code.label(),
            ProfileKey::TypicalOrg => &self.typical_org,
            ProfileKey::TypicalDay => &self.typical_day,
            ProfileKey::Ownership => &self.ownership,
            ProfileKey::MeasuredBy => &self.measured_by,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    #[serde(default)]
    pub year: Option<i32>,
    pub text: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    pub area: String,
    pub text: String,
    #[serde(default)]
    pub tools: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub question: String,
    pub why: String,
    pub source: String,
}

/// A trait that tells this role apart, with the phrases a job ad would use
/// for it. The job-ad analyzer reads these, so content packs teach it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    #[serde(rename = "trait")]
    pub trait_name: String,
    pub terms: Vec<String>,
    #[serde(default = "default_weight")]
    pub weight: u8,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub also_called: Vec<String>,
    #[serde(default = "Tier::user_default")]
    pub tier: Tier,
    #[serde(default = "default_order")]
    pub order: i32,
    pub summary: String,
    #[serde(default)]
    pub sources: Vec<String>,
    pub profile: Profile,
    #[serde(default)]
    pub origins: Vec<Origin>,
    #[serde(default)]
    pub duties: Vec<Duty>,
    #[serde(default)]
    pub interview_questions: Vec<Question>,
    #[serde(default)]
    pub signals: Vec<Signal>,
}

impl Role {
    /// Duty areas in first-seen order, so grouping keeps the author's order.
    pub fn areas(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for d in &self.duties {
            if !out.contains(&d.area.as_str()) {
                out.push(&d.area);
            }
        }
        out
    }

    /// Tool ids used by any duty, first-seen order, no repeats.
    pub fn tool_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for t in self.duties.iter().flat_map(|d| &d.tools) {
            if !out.contains(&t.as_str()) {
                out.push(t);
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub body: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub answer: String,
    pub suggests: String,
    pub meaning: String,
}

/// An interview question whose answer tells the roles apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TellingQuestion {
    pub question: String,
    pub source: String,
    #[serde(default)]
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Guide {
    pub sections: Vec<Section>,
    pub telling_questions: Vec<TellingQuestion>,
    /// What the job-ad reader looks for (content/reader/cues.toml).
    pub cues: Vec<Cue>,
    /// How the reader tells an ad's parts apart (content/reader/sections.toml).
    pub ad_sections: Vec<AdSection>,
    /// The reader's weights, written by `cargo run --example train-analyzer`.
    pub reader_model: Option<ReaderModel>,
    /// Sets of words or phrases that search takes to mean the same
    /// (`[[synonyms]]`, see content/README.md).
    pub synonyms: Vec<Vec<String>>,
}

/// What a cue is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CueKind {
    /// A feature of the ad's duties ("engineers across the company").
    #[default]
    Duty,
    /// A job the title names that is none of the roles ("Backend Engineer").
    TitleJob,
    /// Title words that name `role` though they are not its title
    /// ("Network Engineer" for infrastructure).
    TitleRole,
    /// A sentence that hands the work to someone else or rules it out
    /// ("other teams own the network", "you won't"): its matches don't count.
    Negation,
}

/// The article's two axes: who the work serves, and at which layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Axis {
    /// One product team (−1) to many internal teams (+1).
    Audience,
    /// Delivering one application (−1) to the foundations (+1).
    Layer,
}

/// Ordinary phrases that say who the work serves, at which layer, or which
/// practice it is. The reader's model learns what each is worth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub kind: CueKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axis: Option<Axis>,
    /// Where on `axis` the cue points: −1 or +1.
    #[serde(default)]
    pub pole: i32,
    /// For a `title-role` cue, the role it names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// For a duty cue, the roles whose work it describes (by the roles'
    /// definitions); the model learns one weight for "cues of this role's
    /// work", shared by every role, besides each role's own weights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    pub terms: Vec<String>,
    pub source: String,
}

/// A part of a job ad, told by its headings and by how its lines start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdSection {
    /// One of `duties`, `requirements`, `nice`, `about`, `boilerplate`.
    pub id: String,
    /// Words of a heading that opens this part ("What you'll do").
    #[serde(default)]
    pub headings: Vec<String>,
    /// How a line of this part starts when there is no heading ("You will").
    #[serde(default)]
    pub leads: Vec<String>,
}

/// A multinomial logistic regression over the reader's features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReaderModel {
    /// What it was trained on, and how it scored under cross-validation.
    pub trained_on: String,
    /// The names of the ad's features, in the order of each class's weights.
    pub features: Vec<String>,
    /// Features measured against each role ("the role's own tools"), with
    /// one weight shared by all roles, so a role without weights of its own
    /// (a user's) is still read.
    pub shared: Vec<String>,
    pub shared_weights: Vec<f64>,
    pub classes: Vec<ClassWeights>,
    /// A best role this probable is given with high confidence …
    pub high_confidence: f64,
    /// … this probable with medium confidence, and below it with low.
    pub medium_confidence: f64,
    /// A title naming other roles is flagged when the answer is this
    /// probable: the lowest bar that kept false alarms on honest titles at
    /// 10% or less in cross-validation.
    pub mismatch_confidence: f64,
    /// Which roles of the title the answer is checked against: `named`
    /// (every role the title names), `claimed` (the roles it names by
    /// their own names, see the reader's title parsing), each optionally
    /// `-or-untitled` (a title naming no role is flagged too when the
    /// duties read as one). Chosen by training, like the bar.
    #[serde(default = "default_mismatch_rule")]
    pub mismatch_rule: String,
}

fn default_mismatch_rule() -> String {
    "named".to_string()
}

/// One role's weights (or `none`'s).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassWeights {
    pub class: String,
    pub bias: f64,
    pub weights: Vec<f64>,
    /// Where the training ads of this class sit on the two axes.
    pub audience: f64,
    pub layer: f64,
}

/// One `[[synonyms]]` row as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    pub words: Vec<String>,
}
