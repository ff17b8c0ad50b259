//! The template context: the only place where record data is shaped for templates.
//!
//! The context is the record as parsed, with every optional field the schema knows present
//! (as `null` when the record leaves it out), so that a strict-mode template can test any
//! field with `{{#if}}` while a misspelt name is still an error. A `doc` object adds what
//! the record does not hold: the fingerprint, the client's age, the document title.
//! Strings are *not* escaped here: the template engine escapes every value for Markdown as
//! it writes it, so that record data can never inject markup.

use crate::record::{ScreeningCode, YesNo};
use crate::validate::ValidRecord;
use serde_json::{Value, json};
use std::sync::OnceLock;

/// Which document is being rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentKind {
    /// The consent form.
    Consent,
    /// The treatment record.
    TreatmentRecord,
}

impl DocumentKind {
    /// Both kinds, in archive order.
    pub const ALL: [DocumentKind; 2] = [DocumentKind::Consent, DocumentKind::TreatmentRecord];

    /// The file name inside the record's folder.
    pub fn file_name(self) -> &'static str {
        match self {
            DocumentKind::Consent => "consent.pdf",
            DocumentKind::TreatmentRecord => "treatment-record.pdf",
        }
    }

    /// The short name used in reports and the audit log.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Consent => "consent",
            DocumentKind::TreatmentRecord => "treatment-record",
        }
    }

    /// The template's file name.
    pub fn template_name(self) -> &'static str {
        match self {
            DocumentKind::Consent => "consent.md.hbs",
            DocumentKind::TreatmentRecord => "treatment-record.md.hbs",
        }
    }

    /// The message id of the title printed in the page header and the PDF metadata.
    pub fn title_message(self) -> &'static str {
        match self {
            DocumentKind::Consent => "title-consent",
            DocumentKind::TreatmentRecord => "title-treatment-record",
        }
    }
}

/// The record schema's object shapes, used to fill absent optional fields with `null`.
fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(crate::schema::record_schema)
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix("#/$defs/")
            .and_then(|name| root.get("$defs")?.get(name))
            .unwrap_or(node),
        None => node,
    }
}

/// Adds every property the schema declares and the value lacks, as `null`, recursively.
fn complete(value: &mut Value, node: &Value, root: &Value) {
    let node = resolve(root, node);
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = node.get("properties") {
                for (k, sub) in props {
                    match map.get_mut(k) {
                        Some(v) => complete(v, sub, root),
                        None => {
                            map.insert(k.clone(), Value::Null);
                        }
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = node.get("items") {
                for it in items {
                    complete(it, item_schema, root);
                }
            }
        }
        _ => {}
    }
}

/// Builds the context for one document from the record's canonical form (`canonical`: the
/// record as RFC 8785 writes it, parsed back). Documents depend only on that form, so a
/// record re-rendered from the canonical JSON embedded in its PDF prints the same (`3.0`
/// and `3` are one number to the fingerprint, and must be to the page too).
/// Built once per record; `for_document` then names the document.
pub fn build(rec: &ValidRecord, canonical: Value) -> Value {
    let root = schema();
    let mut ctx = canonical;
    complete(&mut ctx, root, root);
    let r = &rec.record;
    let d = &rec.derived;
    let on = r
        .session
        .as_ref()
        .map(|s| s.date)
        .unwrap_or_else(|| r.screening.answered_at.with_timezone(&d.tz).date_naive());
    let age = crate::validate::age_on(r.client.date_of_birth, on);
    let screening_yes: Vec<Value> = ScreeningCode::ALL
        .iter()
        .filter_map(|c| {
            let a = r.screening.answers.get(*c);
            (a.answer == YesNo::Yes).then(|| json!({"code": c.as_str(), "detail": a.detail}))
        })
        .collect();
    let doc = json!({
        "screening_yes": screening_yes,
        "kind": Value::Null,
        "title": Value::Null,
        "language": Value::Null,
        "record_sha256": rec.fingerprint.to_hex(),
        "client_age": age,
        "age_on": on.to_string(),
        "has_session": r.session.is_some(),
        "signed": r.consent.client_signature.is_some(),
        // A consent form without the client's signature is printed to be filled in and
        // signed by hand: no box of the client's is ticked on it.
        "paper_form": r.consent.client_signature.is_none(),
        "retention_years": d.retention_years,
        "country": d.country,
        "country_name": crate::jurisdiction::name_of(&d.country),
        "session_start": d.session_start.map(|t| t.to_rfc3339()),
        "smpdoc_version": env!("CARGO_PKG_VERSION"),
    });
    if let Value::Object(map) = &mut ctx {
        map.insert("doc".into(), doc);
    }
    ctx
}

/// Names the document a context is about to fill (`doc.kind`, `doc.title`), and the
/// template set (`doc.language`) it is filled in.
pub fn for_document(ctx: &mut Value, kind: DocumentKind, language: &str, title: &str) {
    if let Some(doc) = ctx.get_mut("doc").and_then(Value::as_object_mut) {
        doc.insert("kind".into(), Value::from(kind.name()));
        doc.insert("title".into(), Value::from(title));
        doc.insert("language".into(), Value::from(language));
    }
}
