//! Fingerprints: SHA-256 over the RFC 8785 (JCS) canonical form of a record, and over bytes.
//!
//! The record fingerprint is taken over the record *as parsed from the input*, not over our
//! typed model re-serialised, so that anyone holding the JSON can recompute it with any JCS
//! implementation and `sha256sum`, without our code.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// A SHA-256 digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sha256Digest(pub [u8; 32]);

impl Sha256Digest {
    /// Lowercase hex, 64 digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl std::fmt::Display for Sha256Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// SHA-256 of bytes.
pub fn sha256(bytes: &[u8]) -> Sha256Digest {
    Sha256Digest(Sha256::digest(bytes).into())
}

/// SHA-256 and size of a file, read in blocks (tag files of a large batch are tens of MB).
pub fn sha256_file(path: &std::path::Path) -> std::io::Result<(Sha256Digest, u64)> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((Sha256Digest(h.finalize().into()), n))
}

/// The RFC 8785 canonical form of a JSON value.
pub fn canonical_json(value: &Value) -> Vec<u8> {
    // Serialising a serde_json::Value cannot fail: every key is a string and every number
    // finite.
    serde_json_canonicalizer::to_vec(value).unwrap_or_default()
}

/// The record fingerprint: SHA-256 of the canonical form.
pub fn record_fingerprint(value: &Value) -> Sha256Digest {
    sha256(&canonical_json(value))
}

/// What `canonical_record` learns of text that is already canonical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonical {
    /// SHA-256 of the text, which is then the record fingerprint.
    pub fingerprint: Sha256Digest,
    /// The top-level `record_id`, when the text is an object holding it as a string.
    pub record_id: Option<String>,
}

/// The fingerprint of `bytes` when they already are the RFC 8785 canonical form of a JSON
/// value, as the record a PDF carries is: their SHA-256, found without building a parse
/// tree or canonicalising one. `None` when they are not exactly that form (or not JSON):
/// the caller then parses them and uses `record_fingerprint`, which gives the same digest
/// for canonical text.
///
/// The check is conservative: `Some` only when `canonical_json` of the value serde_json
/// parses from `bytes` is `bytes` itself. No white space; object keys strictly increasing
/// in UTF-16 code units (so no key twice); strings with only the escapes serde_json writes
/// (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00xx` in lower case for the other
/// control characters); numbers exactly as ECMAScript prints the double they parse to.
pub fn canonical_record(bytes: &[u8]) -> Option<Canonical> {
    std::str::from_utf8(bytes).ok()?;
    let mut scan = Scan {
        b: bytes,
        i: 0,
        record_id: None,
    };
    scan.value(0)?;
    if scan.i != bytes.len() {
        return None;
    }
    Some(Canonical {
        fingerprint: sha256(bytes),
        record_id: scan.record_id,
    })
}

/// Nesting deeper than this is left to serde_json (whose own limit is 128).
const MAX_CANONICAL_DEPTH: usize = 100;

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
    record_id: Option<String>,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.i.checked_add(word.len())?;
        (self.b.get(self.i..end)? == word).then(|| self.i = end)
    }

    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_CANONICAL_DEPTH {
            return None;
        }
        match self.peek()? {
            b'{' => self.object(depth),
            b'[' => {
                self.i += 1;
                if self.eat(b']').is_some() {
                    return Some(());
                }
                loop {
                    self.value(depth + 1)?;
                    match self.peek()? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string().map(drop),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        let mut previous: Option<String> = None;
        loop {
            let key = self.string()?;
            if let Some(p) = &previous
                && p.encode_utf16().cmp(key.encode_utf16()) != std::cmp::Ordering::Less
            {
                return None;
            }
            self.eat(b':')?;
            if depth == 0 && key == "record_id" && self.peek() == Some(b'"') {
                self.record_id = Some(self.string()?);
            } else {
                self.value(depth + 1)?;
            }
            previous = Some(key);
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A string in canonical form, unescaped.
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = Vec::new();
        loop {
            let c = self.peek()?;
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = self.peek()?;
                    self.i += 1;
                    out.push(match e {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let hex = self.b.get(self.i..self.i + 4)?;
                            self.i += 4;
                            let [b'0', b'0', hi @ (b'0' | b'1'), lo] = *hex else {
                                return None;
                            };
                            let lo = match lo {
                                b'0'..=b'9' => lo - b'0',
                                b'a'..=b'f' => lo - b'a' + 10,
                                _ => return None,
                            };
                            let v = (hi - b'0') * 16 + lo;
                            // These have short escapes, which serde_json writes instead.
                            if matches!(v, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d) {
                                return None;
                            }
                            v
                        }
                        _ => return None,
                    });
                }
                0x00..=0x1f => return None,
                _ => out.push(c),
            }
        }
    }

    fn number(&mut self) -> Option<()> {
        let start = self.i;
        self.eat(b'-');
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.eat(b'.').is_some() {
            let at = self.i;
            self.digits();
            if self.i == at {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            let at = self.i;
            self.digits();
            if self.i == at {
                return None;
            }
        }
        let text = std::str::from_utf8(&self.b[start..self.i]).ok()?;
        let v: f64 = text.parse().ok()?;
        if !v.is_finite() {
            return None;
        }
        (ryu_js::Buffer::new().format_finite(v) == text).then_some(())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_and_whitespace_do_not_matter_but_values_do() {
        let a: Value =
            serde_json::from_str(r#"{"b": 1, "a": [1.0, "x"], "c": {"z": 0, "y": 1e2}}"#).unwrap();
        let b: Value =
            serde_json::from_str("{\"c\":{\"y\":100,\"z\":0},\"a\":[1,\"x\"],\"b\":1}").unwrap();
        let c: Value =
            serde_json::from_str(r#"{"b": 2, "a": [1.0, "x"], "c": {"z": 0, "y": 1e2}}"#).unwrap();
        assert_eq!(record_fingerprint(&a), record_fingerprint(&b));
        assert_ne!(record_fingerprint(&a), record_fingerprint(&c));
        assert_eq!(
            canonical_json(&b),
            br#"{"a":[1,"x"],"b":1,"c":{"y":100,"z":0}}"#
        );
    }

    /// `canonical_record` says canonical exactly when canonicalising the parsed value gives
    /// the text back, and then gives the same fingerprint and record id.
    fn agrees(text: &str) {
        let fast = canonical_record(text.as_bytes());
        let parsed: Option<Value> = serde_json::from_str(text).ok();
        let slow = parsed
            .as_ref()
            .filter(|v| canonical_json(v) == text.as_bytes());
        match (&fast, slow) {
            (Some(c), Some(v)) => {
                assert_eq!(c.fingerprint, record_fingerprint(v), "{text}");
                assert_eq!(
                    c.record_id.as_deref(),
                    v.get("record_id").and_then(Value::as_str),
                    "{text}"
                );
            }
            (None, None) => {}
            _ => panic!("{text:?}: fast {fast:?}, canonical {}", slow.is_some()),
        }
    }

    #[test]
    fn canonical_text_is_recognised_and_nothing_else() {
        for text in [
            r#"{"a":[1,"x"],"b":1,"c":{"y":100,"z":0}}"#,
            r#"{"record_id":"R-1","x":true,"y":null,"z":false}"#,
            r#"{"record_id":"R\"1\\2\n\u001f","z":[]}"#,
            r#"{"record_id":1}"#,
            r#"{"a":{"record_id":"inner"}}"#,
            r#"["record_id"]"#,
            r#""text""#,
            "{\"a\":3,\"\u{20AC}\":2,\"\u{1F600}\":1}",
            "{\"\u{1F600}\":1,\"\u{20AC}\":2}",
            "{\"\u{FB01}\":1,\"\u{1F600}\":2}",
            "{\"\u{1F600}\":1,\"\u{FB01}\":2}",
            r#"{"b":1,"a":2}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a": 1}"#,
            r#" {"a":1}"#,
            r#"{"a":1} "#,
            r#"{"a":1}x"#,
            r#"{"a":"\/"}"#,
            r#"{"a":"\u0041"}"#,
            r#"{"a":"\u000a"}"#,
            r#"{"a":"\u001F"}"#,
            r#"{"a":"\u007f"}"#,
            "{\"a\":\"\u{7f}\u{2028}\"}",
            r#"{"a":"\ud83d\ude00"}"#,
            r#"[0,-1,1.5,-0,0.0,1.0,1e21,1e+21,1e20,100000000000000000000,1e-7,1e-6,0.000001]"#,
            r#"[9007199254740993,9007199254740992,18446744073709551616,12345678901234567890]"#,
            r#"[5e-324,1.7976931348623157e+308,1e400,-1e400,01,1.,.5,-,1e,2E+3,2e+3]"#,
            r#"[1.2345678901234567,0.1,0.30000000000000004,123456789012345680000]"#,
            "[\"\u{1}\"]",
            r#"[true,false,null,tru,nul]"#,
            "",
            "[",
            "{",
            r#"{"a":}"#,
            r#"{"a":1,}"#,
            r#"[1,]"#,
        ] {
            agrees(text);
        }
        for n in [
            0.0,
            -1.0,
            1.5,
            1e21,
            1e-7,
            123.456,
            5e-324,
            1.7976931348623157e308,
        ] {
            let text = String::from_utf8(canonical_json(&serde_json::json!(n))).unwrap();
            agrees(&format!("[{text}]"));
        }
        let deep = format!("{}{}", "[".repeat(150), "]".repeat(150));
        assert!(canonical_record(deep.as_bytes()).is_none());
    }

    #[test]
    fn every_fixture_record_in_canonical_form_is_recognised() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid");
        let mut n = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                let v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
                let text = canonical_json(&v);
                let c = canonical_record(&text).unwrap_or_else(|| panic!("{}", p.display()));
                assert_eq!(c.fingerprint, record_fingerprint(&v));
                assert_eq!(c.record_id.as_deref(), v["record_id"].as_str());
                let pretty = serde_json::to_vec_pretty(&v).unwrap();
                assert!(canonical_record(&pretty).is_none());
                n += 1;
            }
        }
        assert!(n > 10);
    }

    #[test]
    fn matches_the_rfc_8785_sort_order() {
        // RFC 8785 sorts by UTF-16 code units: U+20AC (€) sorts before U+1F600 (surrogates).
        let v: Value =
            serde_json::from_str("{\"\u{1F600}\": 1, \"\u{20AC}\": 2, \"a\": 3}").unwrap();
        assert_eq!(
            String::from_utf8(canonical_json(&v)).unwrap(),
            "{\"a\":3,\"\u{20AC}\":2,\"\u{1F600}\":1}"
        );
    }
}
