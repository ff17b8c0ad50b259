//! The archive's line formats as types: one audit-log line, one rejected-list line. The bag
//! writer serialises them, `verify` and any later reader deserialise the same types, so the
//! format has one owner (it used to be `json!` literals read back by string keys).
//!
//! Field order is the order of the struct: it is what the files show, so changing it changes
//! every bag's bytes.

use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};

/// One line of `audit-log.jsonl`: a document in the bag.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    /// The record's `record_id` (also the folder the document is in).
    pub record_id: String,
    /// `consent` or `treatment-record`.
    pub document: String,
    /// The document's path in the bag, `data/<record_id>/<document>.pdf`.
    pub path: String,
    /// SHA-256 of the PDF.
    pub sha256: String,
    /// Size of the PDF in bytes.
    pub bytes: u64,
    /// The record fingerprint: SHA-256 of its RFC 8785 canonical JSON.
    pub record_sha256: String,
    /// SHA-256 of the template the document was filled from.
    pub template_sha256: String,
    /// The record's warnings.
    pub warnings: Vec<Diagnostic>,
}

/// One line of `rejected.jsonl`: a record that was not rendered.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectedEntry {
    /// The input file ("-" for standard input).
    pub file: String,
    /// 0-based position of the record in its file.
    pub index: usize,
    /// 1-based line where the record starts.
    pub line: usize,
    /// The record's `record_id`, when it had a readable one.
    pub record_id: Option<String>,
    /// Why it was rejected.
    pub errors: Vec<Diagnostic>,
    /// Warnings found alongside.
    pub warnings: Vec<Diagnostic>,
}

/// The `--json` report of `validate`: one entry per record, then totals.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ValidateReport {
    /// Always `validate`.
    pub command: String,
    /// Each record, in input order.
    pub records: Vec<RecordReport>,
    /// Totals.
    pub summary: ValidateSummary,
}

/// One record in the `validate --json` report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordReport {
    /// The input file.
    pub file: String,
    /// 0-based position in the file.
    pub index: usize,
    /// 1-based line where the record starts.
    pub line: usize,
    /// The record's id, when readable.
    pub record_id: Option<String>,
    /// `valid` or `rejected`.
    pub status: String,
    /// The fingerprint, for a valid record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_sha256: Option<String>,
    /// Errors (empty when valid).
    pub errors: Vec<Diagnostic>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Totals of the `validate --json` report.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ValidateSummary {
    /// Records read.
    pub records: usize,
    /// Valid records.
    pub valid: usize,
    /// Rejected records.
    pub rejected: usize,
    /// Warnings.
    pub warnings: usize,
}
