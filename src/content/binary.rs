//! A compact binary form of the content: little-endian integers,
//! length-prefixed strings and lists, one `put`/`get` pair per type. The
//! content cache stores it, and the build prepares the built-in content
//! in it (build.rs), so a start decodes instead of parsing TOML.
//!
//! Not serde: the model's serde attributes shape its JSON (fields skipped
//! when empty, computed fields skipped), which a serde binary codec would
//! read back wrongly; mirror types would add more code than this removes.

use super::diag::Diagnostic;
use super::files::Stamp;
use super::load::Loaded;
use super::model::{
    AdSection, Answer, Axis, ClassWeights, Cue, CueKind, Distance, Duty, Guide, Origin, Profile,
    Question, ReaderModel, Role, Section, Signal, Source, TellingQuestion, Tier, Tool, ToolKind,
};

/// Why a cache body did not decode.
pub struct Bad(pub String);

/// Reads values off bytes it borrows (a cache file's mapped bytes, or the
/// built-in content's), so that nothing is copied first.
pub struct Reader<'a> {
    pub bytes: &'a [u8],
    pub at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Bad> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| Bad("truncated".into()))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
}

/// A compact binary form: little-endian integers, length-prefixed strings
/// and lists. Written and read only by this build (the key says so).
pub trait Bin: Sized {
    fn put(&self, w: &mut Vec<u8>);
    fn get(r: &mut Reader) -> Result<Self, Bad>;
}

impl Bin for u64 {
    fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        let b = r.take(8)?;
        Ok(u64::from_le_bytes(
            b.try_into().map_err(|_| Bad("short read".into()))?,
        ))
    }
}

impl Bin for u32 {
    fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        let b = r.take(4)?;
        Ok(u32::from_le_bytes(
            b.try_into().map_err(|_| Bad("short read".into()))?,
        ))
    }
}

impl Bin for i32 {
    fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        u32::get(r).map(|v| i32::from_le_bytes(v.to_le_bytes()))
    }
}

impl Bin for u8 {
    fn put(&self, w: &mut Vec<u8>) {
        w.push(*self);
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        Ok(r.take(1)?[0])
    }
}

impl Bin for usize {
    fn put(&self, w: &mut Vec<u8>) {
        (*self as u64).put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        usize::try_from(u64::get(r)?).map_err(|_| Bad("size out of range".into()))
    }
}

impl Bin for String {
    fn put(&self, w: &mut Vec<u8>) {
        self.len().put(w);
        w.extend_from_slice(self.as_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        let n = usize::get(r)?;
        let b = r.take(n)?;
        std::str::from_utf8(b)
            .map(str::to_owned)
            .map_err(|_| Bad("invalid UTF-8".into()))
    }
}

impl<T: Bin> Bin for Option<T> {
    fn put(&self, w: &mut Vec<u8>) {
        match self {
            None => w.push(0),
            Some(v) => {
                w.push(1);
                v.put(w);
            }
        }
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        match u8::get(r)? {
            0 => Ok(None),
            1 => T::get(r).map(Some),
            _ => Err(Bad("bad option tag".into())),
        }
    }
}

impl<T: Bin> Bin for Vec<T> {
    fn put(&self, w: &mut Vec<u8>) {
        self.len().put(w);
        for v in self {
            v.put(w);
        }
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        let n = usize::get(r)?;
        // Every element takes at least a byte: a damaged length cannot
        // make us reserve more than the file holds.
        if n > r.bytes.len() - r.at {
            return Err(Bad("list longer than the file".into()));
        }
        (0..n).map(|_| T::get(r)).collect()
    }
}

impl Bin for ToolKind {
    fn put(&self, w: &mut Vec<u8>) {
        w.push(match self {
            ToolKind::Tool => 0,
            ToolKind::Concept => 1,
        });
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        match u8::get(r)? {
            0 => Ok(ToolKind::Tool),
            1 => Ok(ToolKind::Concept),
            _ => Err(Bad("bad tool kind".into())),
        }
    }
}

impl Bin for Tier {
    fn put(&self, w: &mut Vec<u8>) {
        w.push(match self {
            Tier::Core => 0,
            Tier::Overlap => 1,
        });
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        match u8::get(r)? {
            0 => Ok(Tier::Core),
            1 => Ok(Tier::Overlap),
            _ => Err(Bad("bad tier".into())),
        }
    }
}

impl Bin for Distance {
    fn put(&self, w: &mut Vec<u8>) {
        w.push(match self {
            Distance::Close => 0,
            Distance::Medium => 1,
            Distance::Far => 2,
        });
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        match u8::get(r)? {
            0 => Ok(Distance::Close),
            1 => Ok(Distance::Medium),
            2 => Ok(Distance::Far),
            _ => Err(Bad("bad distance".into())),
        }
    }
}

/// Encodes every field of a struct, in order. The field list is checked
/// by the compiler both ways (a destructuring and a struct literal, with
/// no `..`), so a field added to the model cannot be forgotten here.
macro_rules! bin_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl $crate::content::binary::Bin for $ty {
            fn put(&self, w: &mut Vec<u8>) {
                let $ty { $($field),* } = self;
                $( $crate::content::binary::Bin::put($field, w); )*
            }
            fn get(
                r: &mut $crate::content::binary::Reader,
            ) -> Result<Self, $crate::content::binary::Bad> {
                Ok($ty { $($field: $crate::content::binary::Bin::get(r)?),* })
            }
        }
    };
}
pub(crate) use bin_struct;

bin_struct!(Source {
    id,
    title,
    author,
    publisher,
    year,
    url,
    kind,
    note
});
bin_struct!(Tool {
    id,
    name,
    kind,
    aliases,
    category,
    description,
    url,
    source
});
bin_struct!(Profile {
    focus,
    serves,
    audience,
    distance_from_app_code,
    typical_org,
    typical_day,
    ownership,
    measured_by
});
bin_struct!(Origin { year, text, source });
bin_struct!(Duty {
    area,
    text,
    tools,
    source
});
bin_struct!(Question {
    question,
    why,
    source
});
bin_struct!(Signal {
    trait_name,
    terms,
    weight,
    source
});
bin_struct!(Role {
    id,
    title,
    also_called,
    tier,
    order,
    summary,
    sources,
    profile,
    origins,
    duties,
    interview_questions,
    signals
});
bin_struct!(Section {
    id,
    title,
    body,
    source
});
bin_struct!(Answer {
    answer,
    suggests,
    meaning
});
bin_struct!(TellingQuestion {
    question,
    source,
    answers
});
bin_struct!(Guide {
    sections,
    telling_questions,
    cues,
    ad_sections,
    reader_model,
    synonyms
});
bin_struct!(Cue {
    id,
    label,
    kind,
    axis,
    pole,
    role,
    roles,
    terms,
    source
});
bin_struct!(AdSection {
    id,
    headings,
    leads
});
bin_struct!(ReaderModel {
    trained_on,
    features,
    shared,
    shared_weights,
    classes,
    high_confidence,
    medium_confidence,
    mismatch_confidence,
    mismatch_rule
});
bin_struct!(ClassWeights {
    class,
    bias,
    weights,
    audience,
    layer
});

impl Bin for f64 {
    fn put(&self, w: &mut Vec<u8>) {
        self.to_bits().put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        u64::get(r).map(f64::from_bits)
    }
}

impl Bin for CueKind {
    fn put(&self, w: &mut Vec<u8>) {
        let b: u8 = match self {
            CueKind::Duty => 0,
            CueKind::TitleJob => 1,
            CueKind::Negation => 2,
            CueKind::TitleRole => 3,
        };
        b.put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        match u8::get(r)? {
            0 => Ok(CueKind::Duty),
            1 => Ok(CueKind::TitleJob),
            2 => Ok(CueKind::Negation),
            3 => Ok(CueKind::TitleRole),
            b => Err(Bad(format!("bad cue kind {b}"))),
        }
    }
}

impl Bin for Axis {
    fn put(&self, w: &mut Vec<u8>) {
        let b: u8 = match self {
            Axis::Audience => 0,
            Axis::Layer => 1,
        };
        b.put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        match u8::get(r)? {
            0 => Ok(Axis::Audience),
            1 => Ok(Axis::Layer),
            b => Err(Bad(format!("bad axis {b}"))),
        }
    }
}
bin_struct!(Diagnostic {
    file,
    line,
    col,
    message,
    line_text,
    width,
    excerpt_col
});
bin_struct!(Loaded {
    roles,
    tools,
    sources,
    guide,
    diagnostics,
    warnings,
    files
});

impl Bin for i128 {
    fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        let b = r.take(16)?;
        Ok(i128::from_le_bytes(
            b.try_into().map_err(|_| Bad("short read".into()))?,
        ))
    }
}

impl Bin for u128 {
    fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Bad> {
        i128::get(r).map(|v| u128::from_le_bytes(v.to_le_bytes()))
    }
}

bin_struct!(Stamp {
    len,
    modified_ns,
    changed_ns,
    inode
});
