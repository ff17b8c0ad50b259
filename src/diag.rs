//! Diagnostics: what is wrong with a record, where, and what would fix it.
//!
//! A diagnostic names a rule (`Code`), a JSON path in the record's own terms
//! (`session.pigments[1].expiry`), the line and column in the input file where that can be
//! known, a message and a hint. Messages are lowercase sentences without the file name; the
//! reporter adds the file and record around them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// A JSON path inside a record, printed as `session.pigments[1].expiry`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct JsonPath(pub Vec<Seg>);

impl JsonPath {
    /// The empty path: the record itself.
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    /// Parses a dotted path with bracketed indices, as this module prints them.
    pub fn parse(s: &str) -> Self {
        let mut segs = Vec::new();
        for part in s.split('.').filter(|p| !p.is_empty()) {
            let mut rest = part;
            if let Some(b) = rest.find('[') {
                if b > 0 {
                    segs.push(Seg::Key(rest[..b].to_string()));
                }
                rest = &rest[b..];
                while let Some(stripped) = rest.strip_prefix('[') {
                    let end = stripped.find(']').unwrap_or(stripped.len());
                    if let Ok(i) = stripped[..end].parse() {
                        segs.push(Seg::Index(i));
                    }
                    rest = stripped.get(end + 1..).unwrap_or("");
                }
            } else {
                segs.push(Seg::Key(rest.to_string()));
            }
        }
        JsonPath(segs)
    }

    /// This path with a member appended.
    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    /// This path with an index appended.
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }

    /// Whether this path starts with `prefix` (given in printed form).
    pub fn starts_with(&self, prefix: &str) -> bool {
        let p = JsonPath::parse(prefix);
        self.0.len() >= p.0.len() && self.0[..p.0.len()] == p.0[..]
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

impl Serialize for JsonPath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for JsonPath {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(JsonPath::parse(&s))
    }
}

/// The rule a diagnostic reports. The snake_case names are stable: scripts and tests match
/// on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// The input could not be read (missing file, permission, not UTF-8).
    Io,
    /// The input is not JSON (or is empty).
    Syntax,
    /// The record does not match the schema: wrong type, missing or unknown field, bad date.
    Schema,
    /// Rule 2: the client is under the minimum age.
    UnderAge,
    /// Rule 3: a screening code is missing or unknown.
    Screening,
    /// Rule 4: an absolute contraindication without a doctor's clearance.
    Contraindication,
    /// Rule 5: the client signed after the session started.
    SignatureTime,
    /// Rule 6: a pigment or needle past its expiry date.
    Expired,
    /// Rule 7: a list that must not be empty is empty.
    Empty,
    /// Rule 7: Fitzpatrick skin type outside 1-6.
    Fitzpatrick,
    /// Rule 8: a needle configuration not of the form `3RL`.
    NeedleConfiguration,
    /// Rule 9: a signature or logo image that is unreadable or does not match its hash.
    Image,
    /// Rule 10: a record_id not of the allowed form.
    RecordId,
    /// Rule 10: a record_id repeated in the batch.
    DuplicateId,
    /// Rule 11: a pigment without REACH labelling where REACH applies.
    Reach,
    /// A record in an older format (`smpdoc upgrade` converts it).
    Version,
    /// `clinic.time_zone` is not an IANA time zone name.
    TimeZone,
    /// `jurisdiction` is not an ISO 3166 code.
    Jurisdiction,
    /// A local time that does not exist (spring-forward gap) or is ambiguous (autumn
    /// overlap) in the clinic's time zone.
    LocalTime,
    /// Warning: a session without the practitioner's sign-off.
    SignOff,
    /// Warning: a relative contraindication answered "yes" without detail.
    RelativeContraindication,
    /// Warning: needle diameter outside the usual range.
    NeedleDiameter,
    /// Warning: no patch test, a positive one, or one too close to the session.
    PatchTest,
    /// Warning: a photo reference whose file is missing or does not match its hash.
    Photo,
    /// Warning: an initial session on the frontal hairline without an approved hairline.
    Hairline,
    /// A character no shipped font can show.
    Glyphs,
    /// Warning: text not in Unicode normalization form C.
    Normalization,
    /// The record could not be rendered (a template error).
    Template,
    /// An object holds the same key twice (RFC 8785 needs I-JSON).
    DuplicateKey,
    /// A record, line, text, list or image beyond the policy's limits.
    Limit,
    /// A control character (C0 or C1) in record text.
    ControlCharacter,
    /// An invisible formatting character (zero-width, bidirectional control) in record text.
    InvisibleCharacter,
    /// Warning: a name mixing scripts with confusable letters (UTS #39).
    Confusable,
    /// Warning: an integer the fingerprint form cannot hold exactly (above 2^53).
    Precision,
    /// No template set is in the language a document asks for (error), or the policy's
    /// fallback language was used (warning).
    Language,
    /// `corrects.record_id` names the record itself.
    Corrects,
}

impl Code {
    /// The stable name, as in JSON reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "io",
            Code::Syntax => "syntax",
            Code::Schema => "schema",
            Code::UnderAge => "under_age",
            Code::Screening => "screening",
            Code::Contraindication => "contraindication",
            Code::SignatureTime => "signature_time",
            Code::Expired => "expired",
            Code::Empty => "empty",
            Code::Fitzpatrick => "fitzpatrick",
            Code::NeedleConfiguration => "needle_configuration",
            Code::Image => "image",
            Code::RecordId => "record_id",
            Code::DuplicateId => "duplicate_id",
            Code::Reach => "reach",
            Code::Version => "version",
            Code::TimeZone => "time_zone",
            Code::Jurisdiction => "jurisdiction",
            Code::LocalTime => "local_time",
            Code::SignOff => "sign_off",
            Code::Language => "language",
            Code::RelativeContraindication => "relative_contraindication",
            Code::NeedleDiameter => "needle_diameter",
            Code::PatchTest => "patch_test",
            Code::Photo => "photo",
            Code::Hairline => "hairline",
            Code::Glyphs => "glyphs",
            Code::Normalization => "normalization",
            Code::Template => "template",
            Code::DuplicateKey => "duplicate_key",
            Code::Limit => "limit",
            Code::ControlCharacter => "control_character",
            Code::InvisibleCharacter => "invisible_character",
            Code::Confusable => "confusable",
            Code::Precision => "precision",
            Code::Corrects => "corrects",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text for a terminal: every control character (C0, DEL, C1) and every bidirectional
/// override or isolate escaped as `\u{XXXX}`, so that text from a record, a file name or a
/// JSON key cannot move the cursor, erase lines or reorder what a person reads. `--json`
/// output is JSON-escaped by serde_json instead and is left as it is.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let bad =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One finding about a record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The rule.
    pub code: Code,
    /// Where in the record.
    pub path: JsonPath,
    /// 1-based line in the input file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (in characters) in the input file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What would fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without a position; `locate` fills it in later.
    pub fn new(code: Code, path: JsonPath, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            path,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the position.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// `session.pigments[0].expiry (line 61, column 20)`, or what of it is known.
    pub fn location(&self) -> String {
        let mut s = if self.path.0.is_empty() {
            String::from("(record)")
        } else {
            self.path.to_string()
        };
        if let (Some(l), Some(c)) = (self.line, self.column) {
            s.push_str(&format!(" (line {l}, column {c})"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_round_trips_through_text() {
        for s in [
            "session.pigments[1].expiry",
            "record_id",
            "a[0][2].b",
            "screening.answers.x",
        ] {
            assert_eq!(JsonPath::parse(s).to_string(), s);
        }
        assert!(JsonPath::parse("session.pigments[1].expiry").starts_with("session.pigments"));
        assert!(!JsonPath::parse("session.needles[1]").starts_with("session.pigments"));
    }
}
