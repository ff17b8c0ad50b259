//! Rules on the record's text as text, whatever field it is in: size limits, control and
//! invisible characters, names that mix scripts confusably (UTS #39), and integers the
//! fingerprint form cannot hold exactly. They run over the raw JSON before the clinical
//! rules, so they hold for every field, present and future, without naming each one.
//!
//! Fields are told apart by their key: free text (`notes`, `detail`, `adverse_events`)
//! may be long and hold line breaks; image references (`image`, `logo`, which may be data
//! URLs) are bounded by the record size alone; every other string is a name or an
//! identifier.

use crate::diag::{Code, Diagnostic, JsonPath, Seg};
use crate::policy::Policy;
use serde_json::Value;
use unicode_security::MixedScript;

/// What kind of text a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    FreeText,
    Image,
}

fn field_of(key: Option<&str>) -> Field {
    match key {
        Some("notes" | "detail" | "adverse_events" | "reason") => Field::FreeText,
        Some("image" | "logo") => Field::Image,
        _ => Field::Name,
    }
}

/// Characters that change how text reads without showing: an error in names and
/// identifiers, a warning in free text. Unicode's default-ignorable code points
/// (DerivedCoreProperties.txt), but for the joiners (allowed where a script needs them,
/// `joiner_allowed`) and the variation selectors (a Japanese name may ask for a kanji's
/// variant with one, a Mongolian name needs its free variation selectors).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{61C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E00FF}'
            | '\u{E01F0}'..='\u{E0FFF}'
    )
}

fn is_control(c: char) -> bool {
    c.is_control() // C0, DEL and C1
}

/// RFC 5892 appendix A.1 and A.2 (CONTEXTJ): a zero-width non-joiner or joiner is allowed
/// after a virama, and a non-joiner also between a left- or dual-joining letter and a
/// right- or dual-joining one (transparent marks between are skipped), as Persian and
/// Indic names need.
fn joiner_allowed(chars: &[char], i: usize) -> bool {
    use unicode_joining_type::{JoiningType as J, get_joining_type};
    const VIRAMA: u8 = 9;
    if i > 0 && unicode_normalization::char::canonical_combining_class(chars[i - 1]) == VIRAMA {
        return true;
    }
    if chars[i] != '\u{200C}' {
        return false;
    }
    let before = chars[..i]
        .iter()
        .rev()
        .map(|c| get_joining_type(*c))
        .find(|t| *t != J::Transparent);
    let after = chars[i + 1..]
        .iter()
        .map(|c| get_joining_type(*c))
        .find(|t| *t != J::Transparent);
    matches!(before, Some(J::LeftJoining | J::DualJoining))
        && matches!(after, Some(J::RightJoining | J::DualJoining))
}

/// Whether a script other than the text's main one is used only through letters that UTS #39
/// lists as confusable across scripts (a Cyrillic а among Latin letters), as rustc's
/// mixed-script lint judges identifiers. Names written in two scripts on purpose ("Zhang
/// 张") use letters of the second script that have no look-alike.
fn confusable_minority(chars: &[char]) -> bool {
    use std::collections::BTreeMap;
    use unicode_script::{Script, UnicodeScript};
    let mut by_script: BTreeMap<String, (usize, bool)> = BTreeMap::new();
    for &c in chars {
        let sc = c.script();
        if matches!(sc, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        let e = by_script
            .entry(sc.full_name().to_string())
            .or_insert((0, true));
        e.0 += 1;
        e.1 &= unicode_security::is_potential_mixed_script_confusable_char(c);
    }
    let Some(main) = by_script.values().map(|(n, _)| *n).max() else {
        return false;
    };
    let mut main_seen = false;
    by_script.values().any(|(n, all_confusable)| {
        if *n == main && !main_seen {
            main_seen = true;
            return false;
        }
        *all_confusable
    })
}

fn show(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Runs the text rules over a raw record, adding errors and warnings.
pub fn check(
    value: &Value,
    policy: &Policy,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut w = Walker {
        policy,
        errors,
        warnings,
        at: Vec::new(),
    };
    w.value(value, Field::Name);
}

/// A step of the path to the value being checked, borrowed from the record: the path is
/// built (allocated) only for a diagnostic, not for each of a record's hundreds of values.
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

struct Walker<'a, 'v> {
    policy: &'a Policy,
    errors: &'a mut Vec<Diagnostic>,
    warnings: &'a mut Vec<Diagnostic>,
    at: Vec<Step<'v>>,
}

impl<'v> Walker<'_, 'v> {
    /// The path to the value being checked.
    fn path(&self) -> JsonPath {
        JsonPath(
            self.at
                .iter()
                .map(|s| match s {
                    Step::Key(k) => Seg::Key(k.to_string()),
                    Step::Index(i) => Seg::Index(*i),
                })
                .collect(),
        )
    }

    fn value(&mut self, v: &'v Value, field: Field) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    self.at.push(Step::Key(k));
                    self.value(v, field_of(Some(k)));
                    self.at.pop();
                }
            }
            Value::Array(a) => {
                let max = self.policy.max_list_entries;
                if a.len() > max {
                    self.errors.push(
                        Diagnostic::new(
                            Code::Limit,
                            self.path(),
                            format!("the list has {} entries; the limit is {max}", a.len()),
                        )
                        .hint("a record this long is likely an export error; the policy's max_list_entries sets the limit"),
                    );
                }
                for (i, v) in a.iter().take(max.saturating_add(1)).enumerate() {
                    self.at.push(Step::Index(i));
                    self.value(v, field);
                    self.at.pop();
                }
            }
            Value::String(s) => self.string(s, field),
            Value::Number(n) => self.number(n),
            _ => {}
        }
    }

    fn number(&mut self, n: &serde_json::Number) {
        const EXACT: u64 = 1 << 53;
        let inexact = match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => u > EXACT,
            (_, Some(i), _) => i.unsigned_abs() > EXACT,
            (_, _, Some(f)) => f.fract() == 0.0 && f.abs() > EXACT as f64,
            _ => false,
        };
        if inexact {
            self.warnings.push(
                Diagnostic::new(
                    Code::Precision,
                    self.path(),
                    format!("the integer {n} is above 2^53: the fingerprint form (RFC 8785) keeps it only approximately"),
                )
                .hint("write large identifiers as strings"),
            );
        }
    }

    fn string(&mut self, s: &str, field: Field) {
        let limit = match field {
            Field::Name => Some(self.policy.max_name_chars),
            Field::FreeText => Some(self.policy.max_text_chars),
            Field::Image => None,
        };
        // Printable ASCII (with line breaks in free text) holds no control or invisible
        // character and one script: only its length is checked.
        let plain = s.bytes().all(|b| {
            (0x20..0x7f).contains(&b) || field == Field::FreeText && matches!(b, b'\n' | b'\r')
        });
        if let Some(max) = limit {
            // Counting stops past the limit: a huge string costs no more than the limit.
            let n = if plain {
                s.len()
            } else {
                s.chars().take(max.saturating_add(1)).count()
            };
            if n > max {
                let what = if field == Field::FreeText {
                    "free text"
                } else {
                    "a name or identifier"
                };
                self.errors.push(
                    Diagnostic::new(
                        Code::Limit,
                        self.path(),
                        format!("the text is longer than {max} characters, the limit for {what}"),
                    )
                    .hint(
                        "shorten it; the policy's max_name_chars and max_text_chars set the limits",
                    ),
                );
                return;
            }
        }
        if plain {
            return;
        }
        let chars: Vec<char> = s.chars().collect();
        let mut control = None;
        let mut hidden = None;
        for (i, &c) in chars.iter().enumerate() {
            if is_control(c) {
                let line_break = matches!(c, '\n' | '\r');
                if !(line_break && field == Field::FreeText) && control.is_none() {
                    control = Some(c);
                }
            } else if invisible(c)
                || (matches!(c, '\u{200C}' | '\u{200D}') && !joiner_allowed(&chars, i))
            {
                hidden.get_or_insert(c);
            }
        }
        if let Some(c) = control {
            let hint = if field == Field::FreeText {
                "remove control characters; only line breaks are allowed in free text"
            } else {
                "remove control characters (a line break, tab, NUL or escape) from names and identifiers"
            };
            self.errors.push(
                Diagnostic::new(
                    Code::ControlCharacter,
                    self.path(),
                    format!("the text holds the control character {}", show(c)),
                )
                .hint(hint),
            );
        }
        if let Some(c) = hidden {
            let d = Diagnostic::new(
                Code::InvisibleCharacter,
                self.path(),
                format!(
                    "the text holds the invisible character {}: it prints like text without it, with another fingerprint",
                    show(c)
                ),
            )
            .hint("remove it; a zero-width joiner or non-joiner is allowed only where the script needs it (RFC 5892 CONTEXTJ)");
            if field == Field::FreeText {
                self.warnings.push(d);
            } else {
                self.errors.push(d);
            }
        }
        if field == Field::Name && !s.is_single_script() && confusable_minority(&chars) {
            self.warnings.push(
                Diagnostic::new(
                    Code::Confusable,
                    self.path(),
                    "the text mixes scripts with letters that look alike (UTS #39), e.g. a Cyrillic а in a Latin name",
                )
                .hint("retype it in one script; it prints like another name but has another fingerprint"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(v: Value) -> (Vec<Code>, Vec<Code>) {
        let (mut e, mut w) = (Vec::new(), Vec::new());
        check(&v, &Policy::default(), &mut e, &mut w);
        (
            e.into_iter().map(|d| d.code).collect(),
            w.into_iter().map(|d| d.code).collect(),
        )
    }

    #[test]
    fn joiners_only_where_the_script_needs_them() {
        // Persian: ZWNJ between a dual-joining letter and a following letter (می‌خواهم).
        assert_eq!(
            run(serde_json::json!({"name": "می\u{200C}خواهم"})),
            (vec![], vec![])
        );
        // Devanagari: ZWJ after a virama (क्‍ष).
        assert_eq!(
            run(serde_json::json!({"name": "क्\u{200D}ष"})),
            (vec![], vec![])
        );
        // Latin: no need.
        assert_eq!(
            run(serde_json::json!({"name": "Ólafur\u{200D} Þórsson"})).0,
            vec![Code::InvisibleCharacter]
        );
        assert_eq!(
            run(serde_json::json!({"notes": "a\u{200B}b"})),
            (vec![], vec![Code::InvisibleCharacter])
        );
    }

    #[test]
    fn controls_confusables_limits_and_precision() {
        assert_eq!(
            run(serde_json::json!({"name": "a\u{1b}[2Jb"})).0,
            vec![Code::ControlCharacter]
        );
        assert_eq!(
            run(serde_json::json!({"notes": "line\r\nnext"})),
            (vec![], vec![])
        );
        assert_eq!(
            run(serde_json::json!({"full_name": "Ólаfur Þórsson"})).1,
            vec![Code::Confusable]
        );
        assert_eq!(
            run(serde_json::json!({"full_name": "Ólafur Þórsson"})),
            (vec![], vec![])
        );
        assert_eq!(
            run(serde_json::json!({"name": "x".repeat(301)})).0,
            vec![Code::Limit]
        );
        assert_eq!(
            run(serde_json::json!({"l": vec![1; 101]})).0,
            vec![Code::Limit]
        );
        assert_eq!(
            run(serde_json::json!({"n": 9007199254740993u64})).1,
            vec![Code::Precision]
        );
    }
}
