//! A render batch: inputs in, documents written into the archive, one outcome per record.
//!
//! Records are validated in input order (record_id repeats are judged by that order), then
//! rendered and written. A rejected record, or one whose rendering fails, is reported with
//! its errors and the rest of the batch goes on. Outcomes come out in input order.

use crate::archive::{self, ArchiveError};
use crate::bag::{BagSummary, BagWriter, SignWith};
use crate::context::DocumentKind;
use crate::diag::{Code, Diagnostic, JsonPath};
use crate::fingerprint::sha256;
use crate::input::{Item, Origin};
use crate::render::Renderer;
use crate::validate::{BatchValidator, Checked};
use rayon::prelude::*;
use serde::Serialize;
use std::path::PathBuf;

/// A document written into the archive.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// `consent` or `treatment-record`.
    pub document: &'static str,
    /// Path inside the archive, e.g. `data/<record_id>/consent.pdf`.
    pub path: String,
    /// SHA-256 of the PDF.
    pub sha256: String,
    /// Size of the PDF.
    pub bytes: u64,
    /// Number of pages.
    pub pages: usize,
    /// The template it was filled from (its SHA-256 goes into the audit log).
    #[serde(skip)]
    pub template: String,
}

/// What happened to one input record.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Where it came from.
    pub origin: Origin,
    /// Its record_id, when readable.
    pub record_id: Option<String>,
    /// The record fingerprint, for valid records.
    pub record_sha256: Option<String>,
    /// The documents written (empty when rejected).
    pub documents: Vec<Written>,
    /// Why it was rejected (empty when rendered).
    pub errors: Vec<Diagnostic>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// The clinic's name, for the bag's Source-Organization (not reported per record).
    #[serde(skip)]
    pub clinic: Option<String>,
}

impl Outcome {
    /// Whether the record was rejected.
    pub fn rejected(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// Options of a batch.
#[derive(Debug, Clone)]
pub struct Options {
    /// The archive folder.
    pub out: PathBuf,
    /// Only this kind of document.
    pub only: Option<DocumentKind>,
    /// Worker threads.
    pub jobs: usize,
}

/// Totals of a batch.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Records read.
    pub records: usize,
    /// Records rendered.
    pub rendered: usize,
    /// Records rejected.
    pub rejected: usize,
    /// Documents written.
    pub documents: usize,
    /// Warnings.
    pub warnings: usize,
}

/// Renders a batch into a new bag at `opts.out` (which must not exist or be empty),
/// calling `each` with every record's outcome in input order.
///
/// Records flow through in chunks: read in order, checked in parallel, checked for repeated
/// record_ids in order, rendered and written in parallel, then added to the bag in order.
/// At most one chunk is in flight, so memory does not grow with the batch, and the output
/// does not depend on the number of threads or on which finishes first.
#[allow(clippy::too_many_arguments)]
pub fn run(
    items: impl Iterator<Item = Item>,
    validator: &mut BatchValidator,
    renderer: &Renderer,
    opts: &Options,
    sign: Option<&SignWith>,
    bagging_date: &str,
    mut each: impl FnMut(&Outcome),
) -> Result<(Summary, BagSummary), ArchiveError> {
    archive::create_dir(&opts.out)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| ArchiveError::Io {
            path: opts.out.display().to_string(),
            source: std::io::Error::other(e),
        })?;
    let mut bag = BagWriter::new(&opts.out)?;
    let templates = renderer.templates().sources();
    let mut summary = Summary::default();
    let chunk = opts.jobs.max(1) * 64;
    let mut items = items;
    loop {
        let batch: Vec<Item> = items.by_ref().take(chunk).collect();
        if batch.is_empty() {
            break;
        }
        let checked: Vec<Checked> = {
            let v: &BatchValidator = validator;
            pool.install(|| batch.into_par_iter().map(|i| v.check_alone(i)).collect())
        };
        let checked: Vec<Checked> = checked.into_iter().map(|c| validator.dedupe(c)).collect();
        let outcomes: Vec<Result<Outcome, ArchiveError>> = pool.install(|| {
            checked
                .into_par_iter()
                .map(|c| render_one(c, renderer, opts))
                .collect()
        });
        for outcome in outcomes {
            let outcome = outcome?;
            summary.records += 1;
            summary.warnings += outcome.warnings.len();
            if outcome.rejected() {
                summary.rejected += 1;
            } else {
                summary.rendered += 1;
                summary.documents += outcome.documents.len();
            }
            bag.add(&outcome, outcome.clinic.as_deref(), templates)?;
            each(&outcome);
        }
    }
    archive::sync_all_files(&opts.out)?;
    let bag_summary = bag.finish(
        &summary,
        templates,
        bagging_date,
        renderer.paper_setting(),
        validator.policy(),
        sign,
    )?;
    Ok((summary, bag_summary))
}

/// Renders and writes one checked record's documents.
fn render_one(c: Checked, renderer: &Renderer, opts: &Options) -> Result<Outcome, ArchiveError> {
    let v = match c {
        Checked::Rejected(r) => {
            return Ok(Outcome {
                origin: r.origin,
                record_id: r.record_id,
                record_sha256: None,
                documents: Vec::new(),
                errors: r.errors,
                warnings: r.warnings,
                clinic: None,
            });
        }
        Checked::Valid(v) => v,
    };
    let id = v.record.record_id.clone();
    let kinds = Renderer::kinds_for(&v, opts.only);
    let mut outcome = Outcome {
        origin: v.origin.clone(),
        record_id: Some(id.clone()),
        record_sha256: Some(v.fingerprint.to_hex()),
        documents: Vec::new(),
        errors: Vec::new(),
        warnings: v.warnings.clone(),
        clinic: Some(v.record.clinic.name.clone()),
    };
    match renderer.render(&v, &kinds) {
        Ok(docs) => {
            for d in docs {
                let rel = format!("data/{id}/{}", d.kind.file_name());
                archive::write_new_unsynced(&opts.out.join(&rel), &d.bytes)?;
                outcome.warnings.extend(d.warnings);
                outcome.documents.push(Written {
                    document: d.kind.name(),
                    path: rel,
                    sha256: sha256(&d.bytes).to_hex(),
                    bytes: d.bytes.len() as u64,
                    pages: d.pages,
                    template: d.template,
                });
            }
        }
        Err(crate::render::RenderError::Language(d)) => outcome.errors.push(d),
        Err(e) => outcome.errors.push(
            Diagnostic::new(Code::Template, JsonPath::root(), e.to_string())
                .hint("fix the template (see `smpdoc templates export`)"),
        ),
    }
    Ok(outcome)
}
