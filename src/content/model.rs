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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub category: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
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
    /// Sets of words or phrases that search takes to mean the same
    /// (`[[synonyms]]`, see content/README.md).
    pub synonyms: Vec<Vec<String>>,
}

/// One `[[synonyms]]` row as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    pub words: Vec<String>,
}
