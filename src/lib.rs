//! smpdoc: consent forms and treatment records for scalp micropigmentation clinics, rendered
//! from JSON session records into PDFs inside an archive that standard tools can verify.
//!
//! The pipeline runs one way, one module per stage:
//! `input` (files to raw JSON) -> `validate` (raw JSON to checked records, using `schema`,
//! `policy` and `record`) -> documents and archive (later stages). `diag` carries what is
//! wrong and where; `fingerprint` is the record and document hashing everyone agrees on.

pub mod archive;
pub mod bag;
pub mod batch;
pub mod catalog;
pub mod context;
pub mod diag;
pub mod example;
pub mod export;
pub mod fingerprint;
pub mod formats;
pub mod i18n;
pub mod input;
pub mod json;
pub mod jurisdiction;
pub mod keys;
pub mod layout;
pub mod limits;
pub mod markdown;
pub mod pdf;
pub mod pdfread;
pub mod policy;
pub mod position;
pub mod record;
pub mod render;
pub mod safe_read;
pub mod schema;
pub mod template;
pub mod text;
pub mod text_rules;
pub mod textcheck;
pub mod upgrade;
pub mod validate;
pub mod verify;
