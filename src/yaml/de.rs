//! Typed values from a YAML tree, with positions on every error.
//!
//! A serde `Deserializer` over [`Node`]: the config types derive `Deserialize` (and
//! `JsonSchema`, so the schema comes from the same definitions) and this module fills them.
//! It does three things a generic YAML deserializer does not:
//! - a key that a struct does not declare is recorded as an [`UnknownField`] (with the
//!   fields the struct does declare, for suggestions) and skipped, so it becomes a finding
//!   instead of stopping the whole run;
//! - every error carries the span of the node it is about;
//! - the marker types of `model::spanned` receive their spans.
//!
//! It does not decide what the values mean; that is the loader's job.

use std::cell::RefCell;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

use super::{Entry, Key, Node, Value};
use crate::source::Span;
use crate::source::{ONE_OR_MANY, SPANNED};

/// A key that the receiving type does not declare.
#[derive(Debug, Clone)]
pub(crate) struct UnknownField {
    pub(crate) key: String,
    pub(crate) span: Span,
    /// The fields the type does declare.
    pub(crate) expected: &'static [&'static str],
    /// The Rust name of the receiving type, for context in messages.
    pub(crate) within: &'static str,
}

/// What a deserialization collects besides its result.
#[derive(Default)]
pub(crate) struct Context {
    unknown: RefCell<Vec<UnknownField>>,
}

impl Context {
    pub(crate) fn take_unknown(&self) -> Vec<UnknownField> {
        std::mem::take(&mut self.unknown.borrow_mut())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DeError {
    pub(crate) message: String,
    pub(crate) span: Option<Span>,
    /// The innermost key whose value was wrong, for context in messages.
    pub(crate) field: Option<String>,
}

impl DeError {
    fn at(message: String, span: Span) -> DeError {
        DeError {
            message,
            span: Some(span),
            field: None,
        }
    }

    fn or_at(mut self, span: Span) -> DeError {
        self.span.get_or_insert(span);
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            span: None,
            field: None,
        }
    }
}

/// Deserialize `T` from a node.
pub(crate) fn from_node<'a, T: de::Deserialize<'a>>(
    node: &'a Node,
    ctx: &Context,
) -> Result<T, DeError> {
    T::deserialize(NodeDe { node, ctx }).map_err(|e| e.or_at(node.span))
}

struct NodeDe<'a, 'c> {
    node: &'a Node,
    ctx: &'c Context,
}

impl<'a> NodeDe<'a, '_> {
    fn expected(&self, what: &str) -> DeError {
        let found = match &self.node.value {
            Value::Scalar(s) if !s.is_null() => format!("`{}`", truncate(&s.text)),
            _ => self.node.describe().to_owned(),
        };
        DeError::at(format!("expected {what}, found {found}"), self.node.span)
    }

    fn scalar(&self) -> Option<&'a str> {
        match &self.node.value {
            Value::Scalar(s) if !s.is_null() => Some(&s.text),
            _ => None,
        }
    }

    fn plain(&self) -> Option<&'a str> {
        match &self.node.value {
            Value::Scalar(s) if s.plain && !s.is_null() => Some(&s.text),
            _ => None,
        }
    }
}

fn truncate(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(MAX).collect();
        short.push('…');
        short
    }
}

macro_rules! deserialize_number {
    ($($method:ident => $visit:ident: $ty:ty, $what:literal;)*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
            match self.scalar().and_then(|t| t.parse::<$ty>().ok()) {
                Some(n) => visitor.$visit::<DeError>(n).map_err(|e| e.or_at(self.node.span)),
                None => Err(self.expected($what)),
            }
        }
    )*};
}

impl<'a> Deserializer<'a> for NodeDe<'a, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.node.span;
        let result = match &self.node.value {
            Value::Scalar(s) if s.is_null() => visitor.visit_unit(),
            Value::Scalar(s) if s.plain => match s.text.as_str() {
                "true" | "True" | "TRUE" => visitor.visit_bool(true),
                "false" | "False" | "FALSE" => visitor.visit_bool(false),
                t => {
                    if let Ok(n) = t.parse::<i64>() {
                        visitor.visit_i64(n)
                    } else if looks_like_float(t) {
                        match t.parse::<f64>() {
                            Ok(f) => visitor.visit_f64(f),
                            Err(_) => visitor.visit_borrowed_str(t),
                        }
                    } else {
                        visitor.visit_borrowed_str(t)
                    }
                }
            },
            Value::Scalar(s) => visitor.visit_borrowed_str(&s.text),
            Value::Seq(items) => visitor.visit_seq(SeqDe::new(items, self.ctx)),
            Value::Map(entries) => visitor.visit_map(MapDe::new(entries, None, "", self.ctx)),
        };
        result.map_err(|e| e.or_at(span))
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.plain() {
            Some("true" | "True" | "TRUE") => visitor.visit_bool(true),
            Some("false" | "False" | "FALSE") => visitor.visit_bool(false),
            _ => Err(self.expected("`true` or `false`")),
        }
    }

    deserialize_number! {
        deserialize_i8 => visit_i8: i8, "a whole number";
        deserialize_i16 => visit_i16: i16, "a whole number";
        deserialize_i32 => visit_i32: i32, "a whole number";
        deserialize_i64 => visit_i64: i64, "a whole number";
        deserialize_u8 => visit_u8: u8, "a whole number of at least 0";
        deserialize_u16 => visit_u16: u16, "a whole number of at least 0";
        deserialize_u32 => visit_u32: u32, "a whole number of at least 0";
        deserialize_u64 => visit_u64: u64, "a whole number of at least 0";
        deserialize_f32 => visit_f32: f32, "a number";
        deserialize_f64 => visit_f64: f64, "a number";
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        let mut chars = self.scalar().map(str::chars);
        match chars.as_mut().map(|c| (c.next(), c.next())) {
            Some((Some(c), None)) => visitor.visit_char(c),
            _ => Err(self.expected("a single character")),
        }
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.scalar() {
            Some(text) => visitor
                .visit_borrowed_str(text)
                .map_err(|e: DeError| e.or_at(self.node.span)),
            None => Err(self.expected("text")),
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.node.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.node.is_null() {
            visitor.visit_unit()
        } else {
            Err(self.expected("nothing"))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.node.span;
        match &self.node.value {
            Value::Seq(items) => visitor.visit_seq(SeqDe::new(items, self.ctx)),
            _ if self.node.is_null() => visitor.visit_seq(SeqDe::new(&[], self.ctx)),
            _ => Err(self.expected("a list")),
        }
        .map_err(|e| e.or_at(span))
    }

    fn deserialize_tuple<V: Visitor<'a>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.node.span;
        match &self.node.value {
            Value::Map(entries) => visitor.visit_map(MapDe::new(entries, None, "", self.ctx)),
            _ if self.node.is_null() => visitor.visit_map(MapDe::new(&[], None, "", self.ctx)),
            _ => Err(self.expected("a mapping")),
        }
        .map_err(|e| e.or_at(span))
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let span = self.node.span;
        if name == SPANNED {
            return visitor.visit_map(SpannedDe::new(span, self));
        }
        if name == ONE_OR_MANY {
            return match &self.node.value {
                Value::Seq(items) => visitor.visit_seq(SeqDe::new(items, self.ctx)),
                _ if self.node.is_null() => visitor.visit_seq(SeqDe::new(&[], self.ctx)),
                _ => visitor.visit_seq(SeqDe::new(std::slice::from_ref(self.node), self.ctx)),
            }
            .map_err(|e| e.or_at(span));
        }
        match &self.node.value {
            Value::Map(entries) => {
                visitor.visit_map(MapDe::new(entries, Some(fields), name, self.ctx))
            }
            _ if self.node.is_null() => visitor.visit_map(MapDe::new(&[], None, name, self.ctx)),
            _ => Err(self.expected("a mapping")),
        }
        .map_err(|e| e.or_at(span))
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.scalar() {
            Some(text) => visitor
                .visit_enum(UnitVariant { text })
                .map_err(|e| e.or_at(self.node.span)),
            None => Err(self.expected("one of the allowed words")),
        }
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

/// YAML 1.2 core-schema floats, so that ids like `1e3x` or `.inf-team` stay text.
fn looks_like_float(text: &str) -> bool {
    let t = text.strip_prefix(['+', '-']).unwrap_or(text);
    matches!(t, ".inf" | ".Inf" | ".INF")
        || matches!(text, ".nan" | ".NaN" | ".NAN")
        || (t
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.')
            && t.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')))
}

struct SeqDe<'a, 'c> {
    items: std::slice::Iter<'a, Node>,
    ctx: &'c Context,
}

impl<'a, 'c> SeqDe<'a, 'c> {
    fn new(items: &'a [Node], ctx: &'c Context) -> Self {
        SeqDe {
            items: items.iter(),
            ctx,
        }
    }
}

impl<'a> SeqAccess<'a> for SeqDe<'a, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            Some(node) => seed
                .deserialize(NodeDe {
                    node,
                    ctx: self.ctx,
                })
                .map(Some)
                .map_err(|e| e.or_at(node.span)),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapDe<'a, 'c> {
    entries: std::slice::Iter<'a, Entry>,
    /// For structs: the declared fields; other keys are recorded and skipped.
    fields: Option<&'static [&'static str]>,
    within: &'static str,
    value: Option<(&'a str, &'a Node)>,
    ctx: &'c Context,
}

impl<'a, 'c> MapDe<'a, 'c> {
    fn new(
        entries: &'a [Entry],
        fields: Option<&'static [&'static str]>,
        within: &'static str,
        ctx: &'c Context,
    ) -> Self {
        MapDe {
            entries: entries.iter(),
            fields,
            within,
            value: None,
            ctx,
        }
    }
}

impl<'a> MapAccess<'a> for MapDe<'a, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        for entry in self.entries.by_ref() {
            if let Some(fields) = self.fields
                && !fields.contains(&entry.key.text.as_str())
            {
                self.ctx.unknown.borrow_mut().push(UnknownField {
                    key: entry.key.text.to_string(),
                    span: entry.key.span,
                    expected: fields,
                    within: self.within,
                });
                continue;
            }
            self.value = Some((&entry.key.text, &entry.value));
            return seed
                .deserialize(KeyDe { key: &entry.key })
                .map(Some)
                .map_err(|e| e.or_at(entry.key.span));
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some((key, node)) = self.value.take() else {
            return Err(de::Error::custom("a value was read before its key"));
        };
        seed.deserialize(NodeDe {
            node,
            ctx: self.ctx,
        })
        .map_err(|mut e| {
            e.field.get_or_insert_with(|| key.to_owned());
            e.or_at(node.span)
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A mapping key: always text, with its own span for `Spanned<String>` keys.
struct KeyDe<'a> {
    key: &'a Key,
}

impl<'de> Deserializer<'de> for KeyDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_borrowed_str(&self.key.text)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name == SPANNED {
            visitor.visit_map(SpannedDe::new(self.key.span, self))
        } else {
            let _ = fields;
            Err(DeError::at("expected text as a key".into(), self.key.span))
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_enum(UnitVariant {
            text: &self.key.text,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map identifier ignored_any
    }
}

/// Feeds `$start`, `$end` and `$value` to `Spanned`'s visitor.
struct SpannedDe<D> {
    span: Span,
    value: Option<D>,
    step: u8,
}

impl<D> SpannedDe<D> {
    fn new(span: Span, value: D) -> Self {
        SpannedDe {
            span,
            value: Some(value),
            step: 0,
        }
    }
}

impl<'a, D: Deserializer<'a, Error = DeError>> MapAccess<'a> for SpannedDe<D> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let key = match self.step {
            0 => "$start",
            1 => "$end",
            2 => "$value",
            _ => return Ok(None),
        };
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        self.step += 1;
        match self.step {
            1 => seed.deserialize(self.span.start.into_deserializer()),
            2 => seed.deserialize(self.span.end.into_deserializer()),
            _ => match self.value.take() {
                Some(value) => seed.deserialize(value),
                None => Err(de::Error::custom("a spanned value was read twice")),
            },
        }
    }
}

/// An enum written as a plain word, like `status: left`.
struct UnitVariant<'a> {
    text: &'a str,
}

impl<'a> EnumAccess<'a> for UnitVariant<'a> {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'a>>(self, seed: V) -> Result<(V::Value, Self), DeError> {
        let value = seed.deserialize(de::value::BorrowedStrDeserializer::new(self.text))?;
        Ok((value, self))
    }
}

impl<'a> VariantAccess<'a> for UnitVariant<'a> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, _seed: T) -> Result<T::Value, DeError> {
        Err(de::Error::custom(format!("`{}` needs a value", self.text)))
    }

    fn tuple_variant<V: Visitor<'a>>(self, _len: usize, _visitor: V) -> Result<V::Value, DeError> {
        Err(de::Error::custom(format!("`{}` needs values", self.text)))
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, DeError> {
        Err(de::Error::custom(format!("`{}` needs fields", self.text)))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::model::spanned::{IdMap, OneOrMany, Spanned};
    use crate::yaml::{Limits, parse};

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    struct Thing {
        name: Spanned<String>,
        #[serde(default)]
        count: Option<u32>,
        #[serde(default)]
        owners: OneOrMany<Spanned<String>>,
        #[serde(default)]
        is_ok: bool,
    }

    fn load<T: for<'a> Deserialize<'a>>(text: &str) -> (Result<T, DeError>, Vec<UnknownField>) {
        let node = parse(text, Limits::default()).unwrap();
        let ctx = Context::default();
        let result = from_node::<T>(&node, &ctx);
        (result, ctx.take_unknown())
    }

    #[test]
    fn fills_spans_and_one_or_many() {
        let text = "name: widget\nowners: bob\n";
        let (thing, unknown) = load::<Thing>(text);
        let thing = thing.unwrap();
        assert!(unknown.is_empty());
        assert_eq!(thing.name.value, "widget");
        assert_eq!(thing.name.span, Span { start: 6, end: 12 });
        assert_eq!(thing.owners.0.len(), 1);
        assert_eq!(thing.owners.0[0].span.start, 21);
    }

    #[test]
    fn unknown_fields_are_collected_not_fatal() {
        let (thing, unknown) = load::<Thing>("name: a\ncuont: 3\n");
        assert!(thing.is_ok());
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].key, "cuont");
        assert_eq!(unknown[0].span, Span { start: 8, end: 13 });
        assert!(unknown[0].expected.contains(&"count"));
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let text = "name: a\ncount: many\n";
        let err = load::<Thing>(text).0.unwrap_err();
        assert_eq!(
            err.message,
            "expected a whole number of at least 0, found `many`"
        );
        assert_eq!(err.span, Some(Span { start: 15, end: 19 }));

        let err = load::<Thing>("name: [a]\n").0.unwrap_err();
        assert_eq!(err.message, "expected text, found a list");

        let err = load::<Thing>("name: a\nis-ok: yes\n").0.unwrap_err();
        assert_eq!(err.message, "expected `true` or `false`, found `yes`");
    }

    #[test]
    fn missing_fields_point_at_the_mapping() {
        let err = load::<Thing>("count: 1\n").0.unwrap_err();
        assert_eq!(err.message, "missing field `name`");
        assert_eq!(err.span.map(|s| s.start), Some(0));
    }

    #[test]
    fn typed_scalars() {
        let (thing, _) = load::<Thing>("name: a\ncount: 7\nis-ok: true\n");
        let thing = thing.unwrap();
        assert_eq!(thing.count, Some(7));
        assert!(thing.is_ok);
    }

    #[test]
    fn plain_numbers_read_as_text_where_text_is_expected() {
        let (thing, _) = load::<Thing>("name: 1984\n");
        assert_eq!(thing.unwrap().name.value, "1984");
    }

    #[test]
    fn id_maps_keep_key_spans_and_order() {
        let (map, _) = load::<IdMap<Option<String>>>("zed: 1\nann: 2\n");
        let map = map.unwrap();
        let keys: Vec<_> = map
            .0
            .iter()
            .map(|(k, _)| (k.value.as_str(), k.span.start))
            .collect();
        assert_eq!(keys, vec![("zed", 0), ("ann", 7)]);
    }
}
