//! What a model type accepts, learned from its own `Deserialize`: the keys
//! of each table, which of them are required, and the shape of each value.
//!
//! The derived code names a struct's keys when it asks for a struct, and
//! reports a missing key through `Error::missing_field`; a deserializer
//! that answers every request with a sample value therefore learns the
//! keys, and leaving one key out at a time learns which are required (a
//! `default` or an `Option` is not). So the key lists come from the model,
//! never written twice, and a new field is checked the day it is added.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::Deserialize;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

/// The shape of a value a model type accepts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    Table(Table),
    Array(Box<Shape>),
    Str,
    Int,
    Float,
    Bool,
    /// A string naming one of these variants.
    Enum(&'static [&'static str]),
    /// Anything (a map of free keys, …): not checked further.
    Any,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub fields: Vec<Field>,
    /// The order the probe met this table in, to find it again when
    /// asking which keys are required.
    seen_as: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    pub key: &'static str,
    pub required: bool,
    pub shape: Shape,
}

impl Table {
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().map(|f| f.key)
    }
}

/// The shape of `T`, which must be a struct.
pub(crate) fn table_of<T: for<'de> Deserialize<'de>>() -> Table {
    let out = RefCell::new(Shape::Any);
    let ctx = Ctx {
        tables: Cell::new(0),
        omit: None,
    };
    T::deserialize(Probe {
        ctx: &ctx,
        out: &out,
    })
    .expect("the probe answers every request a derived model makes");
    let Shape::Table(mut table) = out.into_inner() else {
        panic!("{} is not a struct", std::any::type_name::<T>());
    };
    mark_required::<T>(&mut table);
    table
}

/// Leaves each key out in turn: the derived code fails with
/// `missing_field` exactly for the required ones.
fn mark_required<T: for<'de> Deserialize<'de>>(table: &mut Table) {
    let seen_as = table.seen_as;
    for field in &mut table.fields {
        let ctx = Ctx {
            tables: Cell::new(0),
            omit: Some((seen_as, field.key)),
        };
        let junk = RefCell::new(Shape::Any);
        let result = T::deserialize(Probe {
            ctx: &ctx,
            out: &junk,
        });
        field.required = matches!(result, Err(ProbeError::Missing(k)) if k == field.key);
        let mut inner = &mut field.shape;
        while let Shape::Array(element) = inner {
            inner = element;
        }
        if let Shape::Table(t) = inner {
            mark_required::<T>(t);
        }
    }
}

#[derive(Debug)]
enum ProbeError {
    Missing(&'static str),
    Other(String),
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbeError::Missing(k) => write!(f, "missing field `{k}`"),
            ProbeError::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ProbeError {}

impl de::Error for ProbeError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        ProbeError::Other(msg.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        ProbeError::Missing(field)
    }
}

struct Ctx {
    /// Tables met so far, in the derived code's (fixed) order.
    tables: Cell<usize>,
    /// Leave this key out of the table met as this number.
    omit: Option<(usize, &'static str)>,
}

struct Probe<'a> {
    ctx: &'a Ctx,
    out: &'a RefCell<Shape>,
}

/// `Spanned<T>` asks for a struct of this name; its shape is `T`'s.
const SPANNED: &str = "$__serde_spanned_private_Spanned";

impl<'de> de::Deserializer<'de> for Probe<'_> {
    type Error = ProbeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_unit()
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        *self.out.borrow_mut() = Shape::Bool;
        visitor.visit_bool(false)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ProbeError> {
        self.int(v)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ProbeError> {
        self.int(v)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ProbeError> {
        self.int(v)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ProbeError> {
        self.int(v)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ProbeError> {
        self.int(v)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ProbeError> {
        self.int(v)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ProbeError> {
        self.int(v)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ProbeError> {
        self.int(v)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ProbeError> {
        self.deserialize_f64(v)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        *self.out.borrow_mut() = Shape::Float;
        visitor.visit_f64(0.0)
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ProbeError> {
        self.deserialize_str(v)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        *self.out.borrow_mut() = Shape::Str;
        visitor.visit_str("x")
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ProbeError> {
        self.deserialize_str(v)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ProbeError> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        // Transparent: an optional key has its value's shape.
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        let element = RefCell::new(Shape::Any);
        let value = visitor.visit_seq(OneElement {
            ctx: self.ctx,
            out: Some(&element),
        })?;
        *self.out.borrow_mut() = Shape::Array(Box::new(element.into_inner()));
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        if name == SPANNED {
            return visitor.visit_map(Fields {
                ctx: self.ctx,
                keys: fields.iter().copied().zip(0..).collect(),
                next: 0,
                // Only the value (the last field) has a shape worth keeping.
                slots: fields.iter().map(|_| RefCell::new(Shape::Any)).collect(),
                keep: Some((fields.len() - 1, self.out)),
            });
        }
        let seen_as = self.ctx.tables.get();
        self.ctx.tables.set(seen_as + 1);
        let omit = self.ctx.omit.filter(|(t, _)| *t == seen_as).map(|(_, k)| k);
        let mut access = Fields {
            ctx: self.ctx,
            keys: fields
                .iter()
                .copied()
                .zip(0..)
                .filter(|(k, _)| Some(*k) != omit)
                .collect(),
            next: 0,
            slots: fields.iter().map(|_| RefCell::new(Shape::Any)).collect(),
            keep: None,
        };
        let value = visitor.visit_map(&mut access)?;
        *self.out.borrow_mut() = Shape::Table(Table {
            fields: fields
                .iter()
                .zip(access.slots)
                .map(|(key, slot)| Field {
                    key,
                    required: false,
                    shape: slot.into_inner(),
                })
                .collect(),
            seen_as,
        });
        Ok(value)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        *self.out.borrow_mut() = Shape::Enum(variants);
        let first = variants.first().copied().unwrap_or("");
        visitor.visit_enum(UnitVariant(first))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_map(Fields {
            ctx: self.ctx,
            keys: Vec::new(),
            next: 0,
            slots: Vec::new(),
            keep: None,
        })
    }

    serde::forward_to_deserialize_any! {
        i128 u128 bytes byte_buf unit unit_struct tuple tuple_struct ignored_any
    }
}

impl Probe<'_> {
    fn int<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        *self.out.borrow_mut() = Shape::Int;
        visitor.visit_u64(0)
    }
}

/// A struct's keys, each with a sample value.
struct Fields<'a> {
    ctx: &'a Ctx,
    /// The keys given, with their index in the struct's field list.
    keys: Vec<(&'static str, usize)>,
    next: usize,
    slots: Vec<RefCell<Shape>>,
    /// Where the value of field `.0` records its shape instead of its slot.
    keep: Option<(usize, &'a RefCell<Shape>)>,
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = ProbeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ProbeError> {
        let Some(&(key, _)) = self.keys.get(self.next) else {
            return Ok(None);
        };
        // Borrowed: `Spanned` takes only borrowed keys.
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, ProbeError> {
        let (_, index) = self.keys[self.next];
        self.next += 1;
        let out = match self.keep {
            Some((i, out)) if i == index => out,
            _ => &self.slots[index],
        };
        seed.deserialize(Probe { ctx: self.ctx, out })
    }
}

/// A sequence of one sample element, so the element's shape is learnt.
struct OneElement<'a> {
    ctx: &'a Ctx,
    out: Option<&'a RefCell<Shape>>,
}

impl<'de> de::SeqAccess<'de> for OneElement<'_> {
    type Error = ProbeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, ProbeError> {
        match self.out.take() {
            Some(out) => seed.deserialize(Probe { ctx: self.ctx, out }).map(Some),
            None => Ok(None),
        }
    }
}

struct UnitVariant(&'static str);

impl<'de> de::EnumAccess<'de> for UnitVariant {
    type Error = ProbeError;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self), ProbeError> {
        let v = seed.deserialize(self.0.into_deserializer())?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant {
    type Error = ProbeError;

    fn unit_variant(self) -> Result<(), ProbeError> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, _: S) -> Result<S::Value, ProbeError> {
        Err(de::Error::custom("the model has only unit variants"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, ProbeError> {
        Err(de::Error::custom("the model has only unit variants"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, ProbeError> {
        Err(de::Error::custom("the model has only unit variants"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{ProfileKey, Role, Tool};

    fn keys(t: &Table, required: bool) -> Vec<&'static str> {
        t.fields
            .iter()
            .filter(|f| f.required == required)
            .map(|f| f.key)
            .collect()
    }

    #[test]
    fn a_role_s_keys_and_required_keys_come_from_its_deserialize() {
        let role = table_of::<Role>();
        assert_eq!(keys(&role, true), ["id", "title", "summary", "profile"]);
        assert_eq!(
            keys(&role, false),
            [
                "also_called",
                "tier",
                "order",
                "sources",
                "origins",
                "duties",
                "interview_questions",
                "signals"
            ]
        );
        let Some(Shape::Table(profile)) = role.field("profile").map(|f| f.shape.clone()) else {
            panic!("profile is a table");
        };
        assert_eq!(keys(&profile, true).len(), ProfileKey::ALL.len());
        assert_eq!(
            profile.field("distance_from_app_code").map(|f| &f.shape),
            Some(&Shape::Enum(&["close", "medium", "far"]))
        );
        // Nested tables in arrays, with renamed keys.
        let Some(Shape::Array(signal)) = role.field("signals").map(|f| f.shape.clone()) else {
            panic!("signals is an array");
        };
        let Shape::Table(signal) = *signal else {
            panic!("of tables")
        };
        assert_eq!(keys(&signal, true), ["trait", "terms", "source"]);
        assert_eq!(keys(&signal, false), ["weight"]);
    }

    #[test]
    fn an_optional_key_without_a_default_is_not_required() {
        let tool = table_of::<Tool>();
        assert_eq!(keys(&tool, true), ["id", "name", "category", "description"]);
        assert_eq!(tool.field("url").map(|f| &f.shape), Some(&Shape::Str));
    }

    #[test]
    fn a_spanned_value_has_the_shape_of_what_it_wraps() {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct File {
            #[serde(default)]
            tools: Vec<toml::Spanned<Tool>>,
        }
        let file = table_of::<File>();
        let Some(Shape::Array(tool)) = file.field("tools").map(|f| f.shape.clone()) else {
            panic!("tools is an array");
        };
        let Shape::Table(tool) = *tool else {
            panic!("of tables")
        };
        assert_eq!(tool.fields, table_of::<Tool>().fields);
        assert!(!file.fields[0].required);
    }
}
