//! The record's text against the shipped fonts: rule `glyphs` (an error: a character no
//! shipped font can show, so that what `validate` accepts `render` can print) and rule
//! `normalization` (a warning: text not in Unicode NFC, so that a client's name is stored
//! one way; it prints the same either way, since text is shaped from its NFC form).
//!
//! Every string of the record is checked, wherever it is: the fonts are the same for
//! every field, and a field that a template does not print today may be printed tomorrow.

use crate::diag::{Code, Diagnostic, JsonPath, Seg};
use crate::text;
use serde_json::Value;

/// Errors and warnings for the strings of a raw record.
pub fn check(value: &Value) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    walk(value, &mut Vec::new(), &mut errors, &mut warnings);
    (errors, warnings)
}

/// A step of the path to the value being walked (made into a `JsonPath` only for a
/// diagnostic: most strings are ASCII and need none).
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

fn walk<'v>(
    v: &'v Value,
    at: &mut Vec<Step<'v>>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    match v {
        Value::String(s) if !s.is_ascii() => {
            let path = JsonPath(
                at.iter()
                    .map(|s| match s {
                        Step::Key(k) => Seg::Key(k.to_string()),
                        Step::Index(i) => Seg::Index(*i),
                    })
                    .collect(),
            );
            check_string(s, &path, errors, warnings)
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                at.push(Step::Index(i));
                walk(x, at, errors, warnings);
                at.pop();
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                at.push(Step::Key(k));
                walk(x, at, errors, warnings);
                at.pop();
            }
        }
        _ => {}
    }
}

fn check_string(
    s: &str,
    path: &JsonPath,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    if s.is_ascii() {
        return;
    }
    for c in text::uncovered(s) {
        errors.push(
            Diagnostic::new(
                Code::Glyphs,
                path.clone(),
                format!(
                    "U+{:04X} {} ({c}) cannot be printed: no shipped font has it",
                    c as u32,
                    text::char_name(c)
                ),
            )
            .hint("the fonts cover Latin, Greek, Cyrillic, Vietnamese, Arabic, Hebrew, Devanagari, Bengali, Gurmukhi, Gujarati, Tamil, Thai, Armenian, Georgian, Chinese, Japanese and Korean; remove or replace the character"),
        );
    }
    if !text::is_nfc(s) {
        warnings.push(
            Diagnostic::new(
                Code::Normalization,
                path.clone(),
                "text is not in Unicode normalization form C (letters and accents are stored as separate characters)".to_string(),
            )
            .hint("store the text in NFC so that the same name is always stored the same way; it prints the same either way"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_path_the_code_point_and_its_name() {
        let v = serde_json::json!({"client": {"full_name": "Bob \u{1F600}", "address": ["Nguye\u{302}\u{303}n"]}});
        let (errors, warnings) = check(&v);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path.to_string(), "client.full_name");
        assert!(
            errors[0].message.contains("U+1F600 GRINNING FACE"),
            "{}",
            errors[0].message
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].path.to_string(), "client.address[0]");
        assert_eq!(warnings[0].code, Code::Normalization);
    }
}
