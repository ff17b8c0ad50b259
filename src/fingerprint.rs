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
