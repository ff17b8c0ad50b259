//! The command line as typed (clap derive). Resolving it into work happens in `main`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Consent forms and treatment records for scalp micropigmentation (SMP) clinics.
///
/// smpdoc reads JSON session records, checks them against the record format and the
/// clinical rules, renders consent forms and treatment records as PDFs, and archives them in
/// a BagIt bag with SHA-256 fingerprints that an auditor can verify with standard tools.
///
/// Exit codes: 0 all well; 1 some records were rejected, verification found a problem, a
/// bag was refused by the catalog, or a search matched nothing; 2 the command could not run
/// (bad arguments, unreadable input, bad key, a catalog that is not ours, newer or locked).
#[derive(Debug, Parser)]
#[command(name = "smpdoc", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render records into PDFs inside a new archive folder.
    ///
    /// Each valid record gives DIR/data/<record_id>/consent.pdf and, when the record has a
    /// session, treatment-record.pdf. Rejected records are listed with their errors and the
    /// rest of the batch is still rendered. DIR must not exist or must be empty: an archive is
    /// never overwritten.
    Render {
        /// Record files (.json: one record or an array; .jsonl/.ndjson: one record a line),
        /// folders (every .json/.jsonl/.ndjson below, in sorted order), or '-' for stdin.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// The archive folder to create.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// A folder of edited template sets (DIR/<language>/..., see `smpdoc templates
        /// export`), layered over the built-in ones file by file and language by language.
        /// Repeatable: later folders win.
        #[arg(long, value_name = "DIR")]
        templates: Vec<PathBuf>,
        /// Render only one kind of document.
        #[arg(long, value_enum)]
        only: Option<DocKind>,
        /// Paper size for every document (default: from the jurisdiction's country: US
        /// Letter in the US, Canada, Mexico and the other countries of the policy's
        /// letter_countries, A4 elsewhere).
        #[arg(long, value_enum)]
        paper: Option<PaperArg>,
        /// A minisign secret key (from `smpdoc keygen`) to sign the archive's tag manifest.
        #[arg(long, value_name = "FILE")]
        sign_key: Option<PathBuf>,
        /// Number of records rendered in parallel (default: every core). The output is the
        /// same whatever the number.
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// A JSON policy file overriding the validation thresholds and limits.
        #[arg(long, value_name = "FILE")]
        policy: Option<PathBuf>,
        /// The folder image and photo paths are relative to (default: the folder of each
        /// record's file; the current folder for standard input). Paths must stay inside it.
        #[arg(long, value_name = "DIR")]
        images: Option<PathBuf>,
        /// Print one machine-readable JSON report on stdout instead of text.
        #[arg(long)]
        json: bool,
        /// No progress display and no line per document: errors, warnings and the summary
        /// only. (The progress display appears only when stderr is a terminal.)
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check records without rendering anything.
    ///
    /// Prints each valid record's fingerprint (SHA-256 of its RFC 8785 canonical JSON), and
    /// for each rejected record every error with its file, JSON path, line and column, and a
    /// hint. Warnings are reported but do not reject a record. Exit 1 when any record is
    /// rejected.
    Validate {
        /// Record files, folders, or '-' for stdin (as for `render`).
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// A JSON policy file overriding the thresholds: min_age_years, patch_test_min_hours,
        /// needle_diameter_min_mm, needle_diameter_max_mm, absolute_contraindications,
        /// relative_contraindications, retention_years, reach_countries, letter_countries,
        /// and the limits max_record_bytes, max_name_chars, max_text_chars,
        /// max_list_entries, max_image_bytes, max_image_pixels.
        #[arg(long, value_name = "FILE")]
        policy: Option<PathBuf>,
        /// The folder image and photo paths are relative to (default: the folder of each
        /// record's file; the current folder for standard input). Paths must stay inside it.
        #[arg(long, value_name = "DIR")]
        images: Option<PathBuf>,
        /// Template sets layered over the built-in ones (as for `render`): a record whose
        /// consent or clinic language none of them is in is rejected (rule language), as
        /// `render` would reject it.
        #[arg(long, value_name = "DIR")]
        templates: Vec<PathBuf>,
        /// Print one machine-readable JSON report on stdout instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Verify an archive: every file, manifests, signature, embedded records, and a
    /// re-render of every PDF.
    Verify {
        /// The archive folder.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The minisign public key to check the signature with. It must come from the
        /// clinic through a channel you trust, never from inside the archive.
        #[arg(long, value_name = "FILE")]
        pubkey: Option<PathBuf>,
        /// Fail when the PDFs cannot be rendered again. By default every embedded record is
        /// rendered again and compared byte for byte whenever the bag was made by this
        /// smpdoc version and its templates are at hand; otherwise the report says that
        /// page content was not re-checked, and why. With --rerender that is a failure.
        #[arg(long, conflicts_with = "no_rerender")]
        rerender: bool,
        /// Skip the re-render (faster): the embedded records, footers and every hash are
        /// still checked, but not that each page shows what its record says.
        #[arg(long)]
        no_rerender: bool,
        /// The templates the bag was rendered with, for the re-render (default: the
        /// built-in ones); their SHA-256 must match bag-info.txt.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Print one machine-readable JSON report on stdout instead of text.
        #[arg(long)]
        json: bool,
        /// No progress display. (It appears only when stderr is a terminal.)
        #[arg(long, short)]
        quiet: bool,
    },
    /// Create a minisign key pair: NAME.key (secret) and NAME.pub.
    ///
    /// The secret key is encrypted with a password, taken from the SMPDOC_KEY_PASSWORD
    /// environment variable or asked for at a prompt. `minisign -Vm FILE -p NAME.pub`
    /// verifies what `render --sign-key NAME.key` signs.
    Keygen {
        /// The key files' name, without extension.
        #[arg(long, value_name = "NAME")]
        out: PathBuf,
        /// Store the secret key without a password, for unattended signing. Risk: anyone
        /// who can read NAME.key can sign archives in the clinic's name; keep it on a
        /// machine and account only the signing job can read.
        #[arg(long)]
        unencrypted: bool,
    },
    /// Print the record format as a JSON Schema (draft 2020-12).
    Schema,
    /// Convert version 1 records into version 2 records, one output file per input file.
    ///
    /// Sets schema_version to 2 and clinic.time_zone to ZONE, and converts each jurisdiction
    /// that names one ISO 3166 code unambiguously (UK-ENG -> GB-ENG, EU-FR -> FR); one that
    /// does not (OTHER) is kept and reported. What version 2 adds and a version 1 record
    /// cannot supply (the treatment plan) is never invented: it is listed per record, and
    /// the exit code is 1 while any record still needs it. Timestamps keep their offsets.
    /// Existing output files are never overwritten.
    Upgrade {
        /// The clinic's IANA time zone, e.g. Europe/London or Australia/Sydney.
        #[arg(long, value_name = "ZONE")]
        time_zone: String,
        /// Version 1 record files (.json, .jsonl, .ndjson) or folders of them.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// The folder to write the version 2 files into (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Print one machine-readable JSON report on stdout instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print a complete, valid sample record: the quickest start for an export.
    ///
    /// `smpdoc example > r.json && smpdoc validate r.json` passes; edit it, or compare
    /// your export with it.
    Example {
        /// A record before its session, not yet signed: it renders as a consent form to
        /// print and sign on paper.
        #[arg(long)]
        paper_form: bool,
    },
    /// Index bags in the catalog (a SQLite file), check it, or fix moved bags' paths.
    ///
    /// The catalog holds personal and health data (names, dates of birth, contact details,
    /// what was done): it is created readable by its owner only; keep it as you keep the
    /// archive.
    Catalog {
        /// What to do.
        #[command(subcommand)]
        action: CatalogAction,
        /// The catalog file (default: SMPDOC_CATALOG, else smpdoc-catalog.sqlite in the
        /// current folder).
        #[arg(long, value_name = "FILE", global = true)]
        catalog: Option<PathBuf>,
    },
    /// List every client who received a pigment or needle lot, or was patch-tested with it:
    /// contact details, session dates, zones, records, documents and bags, for recall
    /// notices. Case and surrounding spaces are ignored; nothing else is (HS-B77 does not
    /// match HS-B7731). Exit 1 when no record has the lot.
    Trace {
        /// The lot number.
        #[arg(long, value_name = "LOT")]
        lot: String,
        /// CSV on stdout (one line per record and lot use).
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// JSON on stdout.
        #[arg(long)]
        json: bool,
        /// The catalog file (default: SMPDOC_CATALOG, else smpdoc-catalog.sqlite).
        #[arg(long, value_name = "FILE")]
        catalog: Option<PathBuf>,
    },
    /// List records and their documents: by client id, by name (its start, or the family
    /// name's start; case ignored) or by record id. Corrections are shown with the records
    /// they correct, newest first. Exit 1 when nothing matches.
    #[command(group = clap::ArgGroup::new("what").required(true).multiple(false))]
    Find {
        /// A client id (exact).
        #[arg(long, value_name = "ID", group = "what")]
        client: Option<String>,
        /// The start of a name or of a family name.
        #[arg(long, value_name = "TEXT", group = "what")]
        name: Option<String>,
        /// A record id (exact).
        #[arg(long, value_name = "ID", group = "what")]
        record: Option<String>,
        /// JSON on stdout.
        #[arg(long)]
        json: bool,
        /// The catalog file (default: SMPDOC_CATALOG, else smpdoc-catalog.sqlite).
        #[arg(long, value_name = "FILE")]
        catalog: Option<PathBuf>,
    },
    /// Gather every document of one client, across bags, into a new BagIt bag with a
    /// provenance file (for a data-access request).
    Export {
        /// The client id.
        #[arg(long, value_name = "ID")]
        client: String,
        /// The folder to create (must not exist or be empty).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// A minisign secret key to sign the new bag's tag manifest, as `render` does.
        #[arg(long, value_name = "FILE")]
        sign_key: Option<PathBuf>,
        /// The catalog file (default: SMPDOC_CATALOG, else smpdoc-catalog.sqlite).
        #[arg(long, value_name = "FILE")]
        catalog: Option<PathBuf>,
    },
    /// Work with the document templates.
    Templates {
        /// What to do with them.
        #[command(subcommand)]
        action: TemplatesAction,
    },
}

/// Template actions.
#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Write the built-in template sets into DIR (DIR/<language>/consent.md.hbs,
    /// treatment-record.md.hbs, messages.ftl), to copy and edit.
    Export {
        /// The folder to write into.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Only this language's set (a BCP 47 tag of a built-in set, e.g. es, en-GB).
        #[arg(long, value_name = "TAG")]
        language: Option<String>,
    },
    /// Check the template sets in DIR without rendering: template and message syntax,
    /// messages the templates or smpdoc need that are missing, messages nothing uses.
    /// Exit 0 when usable, 2 otherwise.
    Check {
        /// The folder of template sets.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

/// Catalog actions.
#[derive(Debug, Subcommand)]
pub enum CatalogAction {
    /// Verify bags (manifests, signature, embedded records; no re-render) and index their
    /// records. A bag that fails is refused with the reason; a bag already indexed is
    /// skipped. One transaction per bag.
    Add {
        /// Bag folders written by `smpdoc render`.
        #[arg(required = true, value_name = "BAG")]
        bags: Vec<PathBuf>,
        /// The clinic's minisign public key, to check each bag's signature.
        #[arg(long, value_name = "FILE")]
        pubkey: Option<PathBuf>,
    },
    /// Verify every indexed bag again against the files on disk (no re-render).
    Check {
        /// The clinic's minisign public key.
        #[arg(long, value_name = "FILE")]
        pubkey: Option<PathBuf>,
    },
    /// Bags moved: every bag indexed at OLD or below it is now at the same place under NEW.
    Relocate {
        /// The old folder.
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The new folder.
        #[arg(value_name = "NEW")]
        new: PathBuf,
    },
}

/// A kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocKind {
    /// The consent form.
    Consent,
    /// The treatment record.
    Record,
}

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4 (210 x 297 mm).
    A4,
    /// US Letter (8.5 x 11 in).
    Letter,
}
