//! JSON text to a `serde_json::Value`, refusing an object that names a key
//! twice. JSON parsers disagree on which of the two counts (serde_json keeps
//! the last, others the first), so such a file could mean one thing here and
//! another to the tool that wrote it.
//!
//! ```
//! use cvalues_core::strict_json::parse;
//! assert!(parse(r#"{"item": "a", "labels": ["safe"]}"#).is_ok());
//! let e = parse(r#"{"item": "a", "item": "b"}"#).unwrap_err();
//! assert_eq!(e.to_string(), "duplicate key `item` at line 1 column 20");
//! ```

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parses `text` as one JSON value; an object with a repeated key is an error
/// at that key (serde_json's limits, such as its nesting depth, still apply).
pub fn parse(text: &str) -> serde_json::Result<Value> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Strict.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Builds a [`Value`] as serde_json does, but for repeated keys.
struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // Always finite: serde_json refuses a number beyond f64's range.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Strict)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(crate::text::fill(
                    "duplicate key `{0}`",
                    &[&key],
                )));
            }
            let value = map.next_value_seed(Strict)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On every shipped line and manifest, and on values of every kind, the
    /// strict parse is serde_json's.
    #[test]
    fn agrees_with_serde_json_without_repeated_keys() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../results");
        let mut texts = vec![std::fs::read_to_string(root.join("index.json")).unwrap()];
        for file in [
            "items/multichoice.jsonl",
            "models/aurora-70b-chat/safety.jsonl",
        ] {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            texts.extend(text.lines().take(200).map(str::to_string));
        }
        texts.extend(
            [
                "null",
                "true",
                "-0",
                "12",
                "-3",
                "1.5e3",
                "18446744073709551615",
                "\"\\u00e9\\ud83d\\ude00\"",
                "[]",
                "{}",
                "[1, [2, {\"a\": null}]]",
            ]
            .map(String::from),
        );
        for text in &texts {
            let want: Value = serde_json::from_str(text).unwrap();
            assert_eq!(parse(text).unwrap(), want, "{text}");
        }
        for bad in [
            "",
            "1e999",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "1 2",
            "{\"a\": {\"b\": 1, \"b\": 2}}",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
