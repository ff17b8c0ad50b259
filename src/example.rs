//! `smpdoc example`: a complete, valid sample record, the quickest start for a clinic
//! writing its first export. The sample lives in one file (`fixtures/example.json`) so that
//! a new record format changes one file; the paper form is derived from it.

use serde_json::Value;

/// The sample record, as shipped.
pub const EXAMPLE: &str = include_str!("../fixtures/example.json");

/// The sample record; with `paper_form`, as it is before the session: no session, no
/// aftercare and no signatures, so that it renders as a consent form to sign on paper.
pub fn record(paper_form: bool) -> String {
    if !paper_form {
        return EXAMPLE.to_string();
    }
    let mut v: Value = serde_json::from_str(EXAMPLE).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.remove("session");
        o.remove("aftercare");
        o.remove("photos");
        if let Some(id) = o.get_mut("record_id") {
            *id = Value::from("EXAMPLE-2026-0001-FORM");
        }
    }
    if let Some(c) = v.get_mut("consent").and_then(Value::as_object_mut) {
        c.remove("client_signature");
        c.remove("practitioner_signature");
        c.remove("witness");
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
