//! Parsing record text as I-JSON (RFC 7493), which RFC 8785's canonical form presumes: an
//! object with the same key twice is refused, never silently resolved to the last value.
//!
//! The parse builds the same `serde_json::Value` serde_json would, through a visitor that
//! checks each key as it is read (no second pass over good input); only when a repeat is
//! found is the text parsed again with spans, to name the first occurrence too.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Why text is not a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not JSON: message and 1-based line and column.
    Syntax {
        /// serde_json's message, without its position.
        message: String,
        /// Line.
        line: usize,
        /// Column.
        column: usize,
    },
    /// An object holds the same key twice.
    DuplicateKey {
        /// The key.
        key: String,
        /// Line and column of the first occurrence, when found.
        first: Option<(usize, usize)>,
        /// Line and column of the repeat.
        second: (usize, usize),
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Syntax { message, .. } => f.write_str(message),
            ParseError::DuplicateKey { key, first, second } => {
                write!(f, "the key {key:?} appears twice in one object: ")?;
                if let Some((l, c)) = first {
                    write!(f, "first at line {l}, column {c}, ")?;
                }
                write!(f, "again at line {}, column {}", second.0, second.1)
            }
        }
    }
}

impl ParseError {
    /// Where to point the reader: the syntax error, or the repeated key.
    pub fn position(&self) -> (usize, usize) {
        match self {
            ParseError::Syntax { line, column, .. } => (*line, *column),
            ParseError::DuplicateKey { second, .. } => *second,
        }
    }
}

const DUP: &str = "\u{0}smpdoc-duplicate-key\u{0}";

/// Parses `text` as one JSON value, refusing repeated keys.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let result = ValueSeed
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    result.map_err(|e| {
        let msg = e.to_string();
        if let Some(rest) = msg.strip_prefix(DUP) {
            let key = rest.split(DUP).next().unwrap_or_default().to_string();
            let second = (e.line(), e.column());
            let first = first_occurrence(text, &key, second);
            ParseError::DuplicateKey { key, first, second }
        } else {
            ParseError::Syntax {
                message: match msg.rfind(" at line ") {
                    Some(i) => msg[..i].to_string(),
                    None => msg,
                },
                line: e.line(),
                column: e.column(),
            }
        }
    })
}

/// The position of the earlier property named `key` in the object whose repeat is at
/// `second` (found with a span-keeping parse, only on this error path).
fn first_occurrence(text: &str, key: &str, second: (usize, usize)) -> Option<(usize, usize)> {
    use jsonc_parser::ast::Value as Node;
    use jsonc_parser::common::Ranged;
    let ast = crate::position::parse(text)?;
    let mut best: Option<(usize, usize)> = None;
    let mut stack: Vec<&Node> = ast.value.iter().collect();
    while let Some(n) = stack.pop() {
        match n {
            Node::Object(o) => {
                let named: Vec<usize> = o
                    .properties
                    .iter()
                    .filter(|p| p.name.as_str() == key)
                    .map(|p| p.start())
                    .collect();
                if named.len() > 1 {
                    let positions: Vec<(usize, usize)> = named
                        .iter()
                        .map(|s| crate::position::line_col(text, *s))
                        .collect();
                    // The object whose second occurrence is nearest before the error.
                    if positions[1] <= second && best.is_none_or(|b| positions[0] > b) {
                        best = Some(positions[0]);
                    }
                }
                stack.extend(o.properties.iter().map(|p| &p.value));
            }
            Node::Array(a) => stack.extend(a.elements.iter()),
            _ => {}
        }
    }
    best
}

struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
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
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(ValueSeed)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("{DUP}{key}{DUP}")));
            }
            let v = map.next_value_seed(ValueSeed)?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_repeated_key_naming_both_positions() {
        let text = "{\n  \"a\": 1,\n  \"b\": {\"x\": 1},\n  \"a\": 2\n}";
        match parse(text) {
            Err(ParseError::DuplicateKey { key, first, second }) => {
                assert_eq!(key, "a");
                assert_eq!(first, Some((2, 3)));
                assert_eq!(second.0, 4);
            }
            other => panic!("{other:?}"),
        }
        // The same key in different objects is fine; values are what serde_json makes.
        let ok = r#"{"a": {"a": 1}, "b": [{"a": 2}, {"a": 3}], "n": 1.5, "m": -3}"#;
        assert_eq!(
            parse(ok).unwrap(),
            serde_json::from_str::<Value>(ok).unwrap()
        );
        assert!(matches!(
            parse("{\"a\": 1,}"),
            Err(ParseError::Syntax { line: 1, .. })
        ));
        assert!(matches!(parse("{} x"), Err(ParseError::Syntax { .. })));
    }
}
