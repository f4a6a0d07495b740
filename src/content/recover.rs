//! Every schema error of a file whose TOML parses, in one pass: unknown
//! keys (with "did you mean"), missing required keys and wrong types.
//!
//! serde stops at a value's first error, so a broken file used to take one
//! run per mistake. Here the document is walked against the model's
//! [`Table`] shapes for unknown and missing keys, then deserialized again
//! and again (a collection file entry by entry), each type error's value
//! replaced by a placeholder, until it deserializes. The result is the
//! file's value with its bad parts replaced: the broken entries are not fit
//! to load, but their references can still be checked.

use std::borrow::Cow;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeFloat, DeInteger, DeTable, DeValue};

use super::diag::Diagnostic;
use super::files::SourceFile;
use super::located::located_diag;
use super::schema::{Shape, Table};
use crate::suggest;

/// A placeholder string: no id can equal it (ids are checked to be
/// lowercase letters, digits and '-'), so reference checks skip it.
pub(crate) const PLACEHOLDER: &str = "\u{0}";

/// Type errors fixed up one deserialization at a time, each a pass over
/// the file: past this many the file is given up on (and nothing of it is
/// loaded, as when serde alone stopped at the first).
const MAX_TYPE_ERRORS: usize = 50;

/// One step from a table into its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// One schema error: where it is in the document, and the diagnostic.
pub(crate) struct Problem {
    pub path: Vec<Step>,
    pub diag: Diagnostic,
    at: usize,
}

pub(crate) struct Recovered<T> {
    /// The document with every bad part replaced, or `None` when even
    /// that does not deserialize.
    pub value: Option<T>,
    /// In file order.
    pub problems: Vec<Problem>,
}

/// Every schema error of `doc` (a parse of `file`) against `T`, whose shape
/// is `shape`.
pub(crate) fn recover<T: DeserializeOwned>(
    file: &SourceFile,
    shape: &Table,
    doc: Spanned<DeTable<'_>>,
) -> Recovered<T> {
    let span = doc.span();
    let mut doc = doc.into_inner();
    let mut walk = Walk {
        file,
        problems: Vec::new(),
        path: Vec::new(),
    };
    // A missing top-level key has no place of its own: point at the
    // table's `id` (a role's), or else the start of the file.
    let root_at = doc.get("id").map_or(0..0, Spanned::span);
    walk.table(&mut doc, root_at, shape);
    let mut problems = walk.problems;
    // A collection (a table of arrays, nothing required) is fixed entry by
    // entry, each with the other entries left out, so each pass costs an
    // entry, not the file; what is left is fixed on the whole.
    if shape.fields.iter().all(|f| !f.required) {
        fix_entries::<T>(file, shape, &mut doc, &span, &mut problems);
    }
    let value = fix_types::<T>(file, shape, &mut doc, &span, &mut problems);
    problems.sort_by_key(|p| p.at);
    Recovered { value, problems }
}

fn fix_entries<T: DeserializeOwned>(
    file: &SourceFile,
    shape: &Table,
    doc: &mut DeTable<'_>,
    span: &Range<usize>,
    problems: &mut Vec<Problem>,
) {
    let keys: Vec<_> = doc
        .iter()
        .filter(|(k, v)| {
            matches!(v.get_ref(), DeValue::Array(_))
                && matches!(shape.field(k.get_ref()), Some(f) if matches!(f.shape, Shape::Array(_)))
        })
        .map(|(k, _)| k.clone())
        .collect();
    for key in keys {
        let Some(Shape::Array(element)) = shape.field(key.get_ref()).map(|f| &f.shape) else {
            continue;
        };
        let Some(array) = doc.get_mut(key.get_ref().as_ref()) else {
            continue;
        };
        let array_span = array.span();
        let DeValue::Array(entries) = array.get_mut() else {
            continue;
        };
        for (i, entry) in entries.iter_mut().enumerate() {
            let mut alone = DeTable::new();
            let one = DeArray::from_iter([entry.clone()]);
            alone.insert(
                key.clone(),
                Spanned::new(array_span.clone(), DeValue::Array(one)),
            );
            let mut found = Vec::new();
            let fixed = fix_types::<T>(file, shape, &mut alone, span, &mut found);
            for p in &mut found {
                match p.path.get_mut(1) {
                    Some(step) => *step = Step::Index(i),
                    // Given up on without a place: still this entry's.
                    None => p.path = vec![Step::Key(key.get_ref().to_string()), Step::Index(i)],
                }
            }
            problems.append(&mut found);
            let fixed_entry =
                alone
                    .remove(key.get_ref().as_ref())
                    .and_then(|a| match a.into_inner() {
                        DeValue::Array(one) => one.into_iter().next(),
                        _ => None,
                    });
            *entry = match (fixed, fixed_entry) {
                (Some(_), Some(e)) => e,
                // Given up on: a placeholder, so the whole still reads.
                _ => placeholder(element, entry.span()),
            };
        }
    }
}

/// Deserializes `doc` as `T`, replacing each value serde reports with a
/// placeholder and trying again, until it reads or cannot be fixed.
fn fix_types<T: DeserializeOwned>(
    file: &SourceFile,
    shape: &Table,
    doc: &mut DeTable<'_>,
    span: &Range<usize>,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    for _ in 0..=MAX_TYPE_ERRORS {
        let de = toml::de::Deserializer::from(Spanned::new(span.clone(), doc.clone()));
        let err = match T::deserialize(de) {
            Ok(v) => return Some(v),
            Err(e) => e,
        };
        let msg = super::diag::plain_message(err.message().trim_end());
        let fixed = err.span().and_then(|at| {
            let path = locate(doc, &at)?;
            let placeholder = placeholder(shape_at(shape, &path)?, at.clone());
            *value_at(doc, &path)? = placeholder;
            problems.push(problem(file, path, at, msg.clone()));
            Some(())
        });
        if fixed.is_none() {
            // Nowhere to put it: reported as serde says it, and the file
            // is given up on.
            let diag = match err.span() {
                Some(at) => located_diag(file, at, msg),
                None => Diagnostic::file_level(&file.display, msg),
            };
            problems.push(Problem {
                path: Vec::new(),
                diag,
                at: usize::MAX,
            });
            return None;
        }
    }
    problems.push(Problem {
        path: Vec::new(),
        diag: Diagnostic::file_level(
            &file.display,
            format!("more than {MAX_TYPE_ERRORS} type errors; the rest are not listed"),
        ),
        at: usize::MAX,
    });
    None
}

fn problem(file: &SourceFile, path: Vec<Step>, at: Range<usize>, msg: String) -> Problem {
    Problem {
        path,
        at: at.start,
        diag: located_diag(file, at, msg),
    }
}

struct Walk<'f> {
    file: &'f SourceFile,
    problems: Vec<Problem>,
    path: Vec<Step>,
}

impl Walk<'_> {
    /// Reports (and removes) unknown keys and reports (and fills in)
    /// missing ones, then does the same in every table below.
    fn table(&mut self, table: &mut DeTable<'_>, at: Range<usize>, shape: &Table) {
        let unknown: Vec<(String, Range<usize>)> = table
            .keys()
            .filter(|k| shape.field(k.get_ref()).is_none())
            .map(|k| (k.get_ref().to_string(), k.span()))
            .collect();
        for (key, span) in unknown {
            table.remove(key.as_str());
            let msg = unknown_key(&key, shape);
            self.report(Some(Step::Key(key)), span, msg);
        }
        for field in shape.fields.iter().filter(|f| f.required) {
            if !table.contains_key(field.key) {
                self.report(None, at.clone(), format!("missing field `{}`", field.key));
                let key = Spanned::new(at.clone(), Cow::Borrowed(field.key));
                table.insert(key, placeholder(&field.shape, at.clone()));
            }
        }
        for (key, value) in table.iter_mut() {
            if let Some(field) = shape.field(key.get_ref()) {
                self.path.push(Step::Key(key.get_ref().to_string()));
                self.value(value, &field.shape);
                self.path.pop();
            }
        }
    }

    fn value(&mut self, value: &mut Spanned<DeValue<'_>>, shape: &Shape) {
        let at = value.span();
        match (value.get_mut(), shape) {
            (DeValue::Table(t), Shape::Table(s)) => self.table(t, at, s),
            (DeValue::Array(a), Shape::Array(element)) => {
                for (i, v) in a.iter_mut().enumerate() {
                    self.path.push(Step::Index(i));
                    self.value(v, element);
                    self.path.pop();
                }
            }
            // A value of the wrong type is serde's to report.
            _ => {}
        }
    }

    fn report(&mut self, last: Option<Step>, at: Range<usize>, msg: String) {
        let mut path = self.path.clone();
        path.extend(last);
        self.problems.push(problem(self.file, path, at, msg));
    }
}

fn unknown_key(key: &str, shape: &Table) -> String {
    if let Some(best) = suggest::did_you_mean(key, shape.keys()).first() {
        return format!("unknown field `{key}` (did you mean `{best}`?)");
    }
    let keys: Vec<String> = shape.keys().map(|k| format!("`{k}`")).collect();
    match keys.as_slice() {
        [one] => format!("unknown field `{key}`, expected {one}"),
        _ => format!("unknown field `{key}`, expected one of {}", keys.join(", ")),
    }
}

/// A value of `shape` that deserializes and names nothing: required keys
/// filled in, lists empty, strings [`PLACEHOLDER`].
fn placeholder<'i>(shape: &Shape, at: Range<usize>) -> Spanned<DeValue<'i>> {
    let value = match shape {
        Shape::Table(t) => {
            let mut table = DeTable::new();
            for f in t.fields.iter().filter(|f| f.required) {
                let key = Spanned::new(at.clone(), Cow::Borrowed(f.key));
                table.insert(key, placeholder(&f.shape, at.clone()));
            }
            DeValue::Table(table)
        }
        Shape::Array(_) => DeValue::Array(DeArray::default()),
        Shape::Str => DeValue::String(Cow::Borrowed(PLACEHOLDER)),
        Shape::Enum(variants) => {
            DeValue::String(Cow::Borrowed(variants.first().copied().unwrap_or("")))
        }
        Shape::Int => DeValue::Integer(DeInteger::default()),
        Shape::Float => DeValue::Float(DeFloat::default()),
        Shape::Bool => DeValue::Boolean(false),
        Shape::Any => DeValue::Table(DeTable::new()),
    };
    Spanned::new(at, value)
}

/// The path to the innermost value whose text contains `at`. Children are
/// tried first: an array-of-tables element's span is only its header.
fn locate(doc: &DeTable<'_>, at: &Range<usize>) -> Option<Vec<Step>> {
    fn below(value: &Spanned<DeValue<'_>>, at: &Range<usize>) -> Option<Vec<Step>> {
        let inner = match value.get_ref() {
            DeValue::Table(t) => in_table(t, at),
            DeValue::Array(a) => a.iter().enumerate().find_map(|(i, v)| {
                let mut path = below(v, at)?;
                path.insert(0, Step::Index(i));
                Some(path)
            }),
            _ => None,
        };
        let span = value.span();
        inner.or_else(|| (span.start <= at.start && at.end <= span.end).then(Vec::new))
    }
    fn in_table(t: &DeTable<'_>, at: &Range<usize>) -> Option<Vec<Step>> {
        t.iter().find_map(|(k, v)| {
            let mut path = below(v, at)?;
            path.insert(0, Step::Key(k.get_ref().to_string()));
            Some(path)
        })
    }
    in_table(doc, at).filter(|p| !p.is_empty())
}

fn shape_at<'s>(shape: &'s Table, path: &[Step]) -> Option<&'s Shape> {
    let (Step::Key(first), rest) = path.split_first()? else {
        return None;
    };
    let mut at = &shape.field(first)?.shape;
    for step in rest {
        at = match (step, at) {
            (Step::Key(k), Shape::Table(t)) => &t.field(k)?.shape,
            (Step::Index(_), Shape::Array(element)) => element,
            _ => return None,
        };
    }
    Some(at)
}

fn value_at<'d, 'i>(
    doc: &'d mut DeTable<'i>,
    path: &[Step],
) -> Option<&'d mut Spanned<DeValue<'i>>> {
    let (Step::Key(first), rest) = path.split_first()? else {
        return None;
    };
    let mut at = doc.get_mut(first.as_str())?;
    for step in rest {
        at = match (step, at.get_mut()) {
            (Step::Key(k), DeValue::Table(t)) => t.get_mut(k.as_str())?,
            (Step::Index(i), DeValue::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(at)
}
