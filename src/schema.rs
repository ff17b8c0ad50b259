//! The record's JSON Schema (draft 2020-12), generated from the types in `record`, and the
//! structural check of raw input against it.
//!
//! Checking against the schema rather than relying on serde alone is what lets `validate`
//! report *every* structural problem of a record (serde stops at the first). Each schema
//! error is translated into a message a receptionist can act on and classified into the
//! spec's rules (an empty list is rule 7, a bad needle configuration rule 8, ...).

use crate::diag::{Code, Diagnostic, JsonPath, Seg};
use crate::record::Record;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The record schema as JSON.
pub fn record_schema() -> Value {
    // An optional field is either present with a value or absent: `null` is refused, so the
    // schema says exactly what `validate` accepts.
    let mut schema = serde_json::to_value(schemars::schema_for!(Record)).unwrap_or(Value::Null);
    strip_null(&mut schema);
    if let Value::Object(map) = &mut schema {
        map.insert(
            "$id".into(),
            Value::String("https://smpdoc.invalid/schema/record-v2.json".into()),
        );
    }
    schema
}

/// Removes the `null` alternative schemars adds for `Option` fields.
fn strip_null(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types[0].clone();
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(alts)) = map.get("anyOf") {
                let kept: Vec<Value> = alts
                    .iter()
                    .filter(|a| a.get("type") != Some(&Value::from("null")))
                    .cloned()
                    .collect();
                if kept.len() == 1 {
                    map.remove("anyOf");
                    if let Value::Object(inner) = &kept[0] {
                        for (k, val) in inner {
                            map.entry(k.clone()).or_insert_with(|| val.clone());
                        }
                    }
                }
            }
            map.values_mut().for_each(strip_null);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_null),
        _ => {}
    }
}

struct Compiled {
    validator: jsonschema::Validator,
    property_names: Vec<String>,
}

fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let schema = record_schema();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the generated record schema compiles");
        let mut names = BTreeSet::new();
        collect_property_names(&schema, &mut names);
        Compiled {
            validator,
            property_names: names.into_iter().collect(),
        }
    })
}

fn collect_property_names(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                out.extend(props.keys().cloned());
            }
            map.values().for_each(|c| collect_property_names(c, out));
        }
        Value::Array(items) => items.iter().for_each(|c| collect_property_names(c, out)),
        _ => {}
    }
}

/// Converts a JSON pointer into a path, using the instance to tell array indices from keys.
fn pointer_to_path(pointer: &str, instance: &Value) -> JsonPath {
    let mut path = JsonPath::root();
    let mut node = Some(instance);
    for raw in pointer.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        match node {
            Some(Value::Array(items)) => {
                let i: usize = seg.parse().unwrap_or(0);
                node = items.get(i);
                path.0.push(Seg::Index(i));
            }
            Some(Value::Object(map)) => {
                node = map.get(&seg);
                path.0.push(Seg::Key(seg));
            }
            _ => {
                node = None;
                path.0.push(Seg::Key(seg));
            }
        }
    }
    path
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn expected_type(kind: &TypeKind) -> String {
    let name = |t: jsonschema::JsonType| match t.to_string().as_str() {
        "string" => "text".to_string(),
        "integer" => "a whole number".to_string(),
        "number" => "a number".to_string(),
        "boolean" => "true or false".to_string(),
        "array" => "a list".to_string(),
        "object" => "an object".to_string(),
        "null" => "null".to_string(),
        other => other.to_string(),
    };
    match kind {
        TypeKind::Single(t) => name(*t),
        TypeKind::Multiple(ts) => ts.iter().map(name).collect::<Vec<_>>().join(" or "),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}...", s.chars().take(57).collect::<String>())
    } else {
        s
    }
}

/// Checks a raw record against the schema, returning every structural problem.
pub fn check_structure(instance: &Value) -> Vec<Diagnostic> {
    let c = compiled();
    let mut out = Vec::new();
    for err in c.validator.iter_errors(instance) {
        let at = pointer_to_path(err.instance_path().as_str(), instance);
        let here = err.instance();
        match err.kind() {
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default().to_string();
                let path = at.key(&name);
                let code = if at.starts_with("screening.answers") {
                    Code::Screening
                } else {
                    Code::Schema
                };
                let msg = if code == Code::Screening {
                    format!("screening question \"{name}\" is not answered")
                } else {
                    format!("required field \"{name}\" is missing")
                };
                out.push(
                    Diagnostic::new(code, path, msg).hint(if code == Code::Screening {
                        "all fourteen screening questions must be answered \"yes\" or \"no\""
                            .to_string()
                    } else {
                        format!("add \"{name}\"; `smpdoc schema` lists every field")
                    }),
                );
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for name in unexpected {
                    let path = at.key(name);
                    let screening = at.starts_with("screening.answers");
                    let (code, msg) = if screening {
                        (
                            Code::Screening,
                            format!("\"{name}\" is not a known screening question code"),
                        )
                    } else {
                        (Code::Schema, format!("unknown field \"{name}\""))
                    };
                    let hint = match closest(name, &c.property_names) {
                        Some(s) => format!(
                            "did you mean \"{s}\"? unknown fields are refused so that no data is silently dropped"
                        ),
                        None => "remove it, or check its spelling against `smpdoc schema`".into(),
                    };
                    out.push(Diagnostic::new(code, path, msg).hint(hint));
                }
            }
            ValidationErrorKind::Type { kind } => {
                let code = if at.starts_with("record_id") {
                    Code::RecordId
                } else {
                    Code::Schema
                };
                out.push(
                    Diagnostic::new(
                        code,
                        at.clone(),
                        format!(
                            "expected {}, found {} ({})",
                            expected_type(kind),
                            json_type(here),
                            short(here)
                        ),
                    )
                    .hint(format!("give {} here", expected_type(kind))),
                );
            }
            ValidationErrorKind::Enum { options } => {
                let opts: Vec<String> = options
                    .as_array()
                    .map(|a| a.iter().map(|o| o.to_string()).collect())
                    .unwrap_or_default();
                let msg = if at.to_string() == "schema_version" {
                    format!(
                        "unknown schema_version {}: this smpdoc reads schema version \"1\"",
                        short(here)
                    )
                } else {
                    format!("{} is not one of the allowed values", short(here))
                };
                out.push(
                    Diagnostic::new(Code::Schema, at, msg)
                        .hint(format!("use one of: {}", opts.join(", "))),
                );
            }
            ValidationErrorKind::Format { format } => {
                let (what, example) = match format.as_str() {
                    "date" => ("a valid date (YYYY-MM-DD)", "2026-04-12"),
                    "date-time" => (
                        "an RFC 3339 date-time with a UTC offset",
                        "2026-04-12T10:00:00+01:00",
                    ),
                    _ => ("in the expected format", ""),
                };
                out.push(
                    Diagnostic::new(Code::Schema, at, format!("{} is not {what}", short(here)))
                        .hint(format!("write it like {example}")),
                );
            }
            ValidationErrorKind::Pattern { .. } => out.push(pattern_error(at, here)),
            ValidationErrorKind::MinItems { .. } => {
                let field = at.to_string();
                out.push(
                    Diagnostic::new(Code::Empty, at, format!("{field} is empty"))
                        .hint("list at least one entry"),
                );
            }
            ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
                let field = at.to_string();
                let (code, hint) = match field.as_str() {
                    "session.fitzpatrick" => (
                        Code::Fitzpatrick,
                        "the Fitzpatrick skin type is a number from 1 to 6".to_string(),
                    ),
                    "session.norwood" => (
                        Code::Schema,
                        "the Norwood scale is a number from 1 to 7".to_string(),
                    ),
                    _ => (Code::Schema, format!("the limit is {limit}")),
                };
                out.push(
                    Diagnostic::new(code, at, format!("{} is out of range", short(here)))
                        .hint(hint),
                );
            }
            ValidationErrorKind::MinLength { .. } | ValidationErrorKind::MaxLength { .. } => {
                let code = if at.to_string() == "record_id" {
                    Code::RecordId
                } else {
                    Code::Schema
                };
                if code == Code::RecordId {
                    out.push(pattern_error(at, here));
                } else {
                    out.push(
                        Diagnostic::new(code, at, "must not be empty".to_string())
                            .hint("fill it in or leave the field out if it is optional"),
                    );
                }
            }
            ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } => {
                let field = at.to_string();
                let msg = match field.as_str() {
                    "session.adverse_events" => {
                        "adverse events must be stated: \"none\", or a list of what happened"
                            .to_string()
                    }
                    _ => format!("{} is not an accepted value", short(here)),
                };
                out.push(
                    Diagnostic::new(Code::Schema, at, msg)
                        .hint("see `smpdoc schema` for the accepted forms"),
                );
            }
            _ => out.push(
                Diagnostic::new(Code::Schema, at, err.to_string())
                    .hint("see `smpdoc schema` for the record format"),
            ),
        }
    }
    // A missing answers object or a bad top-level type produce one error; keep the order
    // stable and without duplicates.
    out.sort_by(|a, b| a.path.cmp(&b.path).then(a.message.cmp(&b.message)));
    out.dedup_by(|a, b| a.path == b.path && a.message == b.message);
    out
}

fn pattern_error(at: JsonPath, here: &Value) -> Diagnostic {
    let field = at.to_string();
    let value = short(here);
    if field == "record_id" {
        return Diagnostic::new(
            Code::RecordId,
            at,
            format!("record_id {value} is not allowed: 1-64 characters of A-Z, a-z, 0-9, '.', '_', '-', not starting with '.'"),
        )
        .hint("record_id names the record's folder in the archive; no '/', no '..', no spaces");
    }
    if field == "jurisdiction" {
        let given = here.as_str().unwrap_or_default();
        return crate::jurisdiction::diagnostic(given);
    }
    if at.starts_with("session.needles") && field.ends_with(".configuration") {
        return Diagnostic::new(
            Code::NeedleConfiguration,
            at,
            format!("needle configuration {value} is not a count followed by RL, RS, R, F or M"),
        )
        .hint("write it like 1RL, 3RL or 5F");
    }
    let hint = match field.rsplit('.').next().unwrap_or("") {
        "start_time" => "write the time as HH:MM, e.g. 09:30",
        "image_sha256" | "sha256" => "give the SHA-256 as 64 hexadecimal digits",
        "language" => "give a BCP 47 language tag, e.g. en-GB",
        _ => "see `smpdoc schema` for the expected form",
    };
    Diagnostic::new(
        Code::Schema,
        at,
        format!("{value} is not in the expected form"),
    )
    .hint(hint)
}

fn closest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_has_a_description_for_every_property() {
        fn walk(v: &Value, path: &str, missing: &mut Vec<String>) {
            if let Value::Object(map) = v {
                if let Some(Value::Object(props)) = map.get("properties") {
                    for (k, p) in props {
                        let described = p.get("description").is_some()
                            || p.get("$ref").is_some() && p.get("description").is_some();
                        if !described {
                            missing.push(format!("{path}.{k}"));
                        }
                    }
                }
                for (k, c) in map {
                    walk(c, &format!("{path}/{k}"), missing);
                }
            }
        }
        let mut missing = Vec::new();
        walk(&record_schema(), "", &mut missing);
        assert!(missing.is_empty(), "undocumented properties: {missing:?}");
    }

    #[test]
    fn schema_is_draft_2020_12() {
        assert_eq!(
            record_schema()["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }

    #[test]
    fn pointer_paths_tell_indices_from_keys() {
        let v: Value = serde_json::json!({"a": [{"b": 1}], "0": {"c": 2}});
        assert_eq!(pointer_to_path("/a/0/b", &v).to_string(), "a[0].b");
        assert_eq!(pointer_to_path("/0/c", &v).to_string(), "0.c");
    }
}
