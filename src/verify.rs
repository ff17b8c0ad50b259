//! The auditor's checks of an archive, trusting nothing inside it but what it can prove.
//!
//! `verify` parses the bag once (`Bag`: its file tree, tag files, manifests and audit log),
//! then runs named checks over it, each adding problems with a kind (`ProblemKind`), so that
//! a caller (and a test) can tell *why* a bag failed, not only which file was named:
//!
//! - `check_tree`: every entry is a regular file or a folder smpdoc writes; symbolic links,
//!   FIFOs, devices, extra folders and anything that cannot be read while walking are
//!   failures (bagit.py refuses links too);
//! - `check_bagit_txt`, `check_payload`, `check_oxum`, `check_tag_manifest`: what
//!   `bagit.py --validate` checks;
//! - `check_signature`: the minisign signature against a key the auditor brings (never one
//!   from the bag) and its trusted comment against the bag;
//! - `check_audit_log`: the audit log against the manifest;
//! - `check_pdfs`: each PDF's embedded record against the audit log and its page footers,
//!   and a byte-for-byte re-render, by default whenever this smpdoc made the bag and the
//!   templates are at hand (otherwise the report says page content was not re-checked, and
//!   why).
//!
//! No file is opened unless the walk found it to be a regular file, and it is opened without
//! following links or blocking, so a bag cannot make verify hang. Verification never stops
//! at the first failure.

use crate::bag::{self, SIGNATURE_FILE, TAG_FILES};
use crate::context::DocumentKind;
use crate::fingerprint::{record_fingerprint, sha256};
use crate::formats::{AuditEntry, RejectedEntry};
use crate::input::{Files, Origin, RawRecord, SourceText};
use crate::layout::Paper;
use crate::render::{Renderer, image_attachment_prefix, image_references};
use crate::safe_read::{Links, open_regular};
use crate::template::Templates;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Why verification failed, one kind per check that can fail. The snake_case names are
/// stable: they are in `--json` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A tag file smpdoc writes is missing or cannot be read.
    TagFileUnreadable,
    /// bagit.txt does not declare BagIt 1.0 in UTF-8.
    BagitTxt,
    /// A manifest line is not `<sha256>  <path>`, or lists a path twice.
    ManifestSyntax,
    /// A manifest path is absolute, leaves the bag, or is a payload path outside `data/`.
    UnsafePath,
    /// A file a manifest lists is not there, or cannot be read.
    Missing,
    /// A file in `data/` that no manifest lists.
    Added,
    /// A file whose SHA-256 is not the one its manifest gives.
    HashMismatch,
    /// Payload-Oxum is missing or does not match `data/`.
    PayloadOxum,
    /// The tag manifest does not cover a tag file smpdoc writes.
    TagManifestIncomplete,
    /// A file at the top of the bag that smpdoc does not write and no manifest covers.
    UnexpectedFile,
    /// A folder that smpdoc does not write (empty or not).
    UnexpectedFolder,
    /// A symbolic link, anywhere in the bag.
    Symlink,
    /// Neither a regular file nor a folder: a FIFO, socket or device.
    NotARegularFile,
    /// A folder or file that could not be read while walking the bag (permissions, a path
    /// too long for the system).
    WalkError,
    /// A public key was given but the bag has no signature.
    SignatureMissing,
    /// The signature does not verify with the given public key.
    SignatureInvalid,
    /// The signature's trusted comment does not describe this bag.
    TrustedComment,
    /// A line of audit-log.jsonl is not an audit entry.
    AuditLogSyntax,
    /// A line of rejected.jsonl is not a rejected-record entry.
    RejectedListSyntax,
    /// The audit log and the manifest disagree about a document.
    AuditMismatch,
    /// A payload file is not a readable PDF.
    NotAPdf,
    /// A PDF's embedded record is missing, not JSON, or names another record_id.
    EmbeddedRecord,
    /// A PDF's embedded record is not the one the audit log fingerprints.
    RecordSwapped,
    /// A page footer does not print the embedded record's fingerprint.
    Footer,
    /// A PDF differs from a fresh render of its embedded record.
    RerenderDiffers,
    /// A PDF lacks what smpdoc writes for PDF/A-3 and PDF/UA-1: XMP metadata agreeing with
    /// the Info dictionary, the sRGB output intent, the structure tree and /MarkInfo, /Lang.
    Archival,
    /// `--rerender` was asked for and a PDF (or the bag) cannot be rendered again.
    RerenderImpossible,
}

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    /// The file concerned, relative to the bag.
    pub path: String,
    /// Which check failed.
    pub kind: ProblemKind,
    /// What is wrong, for a person.
    pub problem: String,
}

/// The outcome of a verification.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// True when every check held.
    pub ok: bool,
    /// External-Identifier from bag-info.txt.
    pub batch_id: Option<String>,
    /// Payload files whose hash was checked.
    pub payload_files: usize,
    /// PDFs whose embedded record and footers were checked.
    pub pdfs_checked: usize,
    /// PDFs rendered again and compared.
    pub pdfs_rerendered: usize,
    /// Of those, the PDFs whose bytes differ from a fresh render (`rerender_differs`).
    pub pdfs_rerender_differs: usize,
    /// Whether the page content of every PDF was re-checked by a re-render.
    pub page_content_checked: bool,
    /// Why page content was not re-checked, when it was not.
    pub page_content_note: Option<String>,
    /// `verified`, `not checked (no --pubkey)`, `absent` or `failed`.
    pub signature: String,
    /// The signature's trusted comment, when verified.
    pub trusted_comment: Option<String>,
    /// Everything found wrong, sorted by path.
    pub problems: Vec<Problem>,
}

/// Whether to render every PDF again and compare bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Rerender {
    /// When the bag was made by this smpdoc version and its templates are at hand; otherwise
    /// the report says page content was not re-checked, and why.
    #[default]
    Auto,
    /// Always: a bag that cannot be rendered again fails (`--rerender`).
    Always,
    /// Never (`--no-rerender`, for speed): the report says so.
    Never,
}

/// Options of `verify`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The clinic's public key, from the auditor.
    pub pubkey: Option<PathBuf>,
    /// Whether to render every record again and compare bytes.
    pub rerender: Rerender,
    /// Templates to re-render with (their hashes must match bag-info).
    pub templates: Option<PathBuf>,
}

/// Verification could not run at all (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The folder is missing.
    #[error("{0} is not a folder")]
    NotADir(String),
    /// The public key cannot be used.
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
    /// The fonts cannot be loaded.
    #[error(transparent)]
    Pdf(#[from] crate::pdf::PdfError),
}

/// Problems found so far.
#[derive(Default)]
struct Found(Vec<Problem>);

impl Found {
    fn add(&mut self, kind: ProblemKind, path: impl Into<String>, problem: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            kind,
            problem: problem.into(),
        });
    }
}

use ProblemKind as K;

/// Every entry under the bag, by kind, relative paths with forward slashes.
#[derive(Default)]
struct Tree {
    /// Regular files and their sizes.
    files: BTreeMap<String, u64>,
    /// Folders.
    dirs: BTreeSet<String>,
    /// Anything else (links, FIFOs, what could not be read): reported by `walk`, never
    /// opened.
    other: BTreeSet<String>,
}

fn rel_path(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Walks the whole bag without following links; reports links, special files and errors.
fn walk(dir: &Path, found: &mut Found) -> Tree {
    let mut tree = Tree::default();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
    {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                let rel = err
                    .path()
                    .map(|p| rel_path(dir, p))
                    .unwrap_or_else(|| "(bag)".into());
                let why = err
                    .io_error()
                    .map(|e| e.to_string())
                    .unwrap_or_else(|| err.to_string());
                found.add(
                    K::WalkError,
                    &rel,
                    format!("cannot be read while walking the bag: {why}"),
                );
                tree.other.insert(rel);
                continue;
            }
        };
        let rel = rel_path(dir, e.path());
        let t = e.file_type();
        if t.is_symlink() {
            found.add(
                K::Symlink,
                &rel,
                "is a symbolic link: a bag holds only regular files and folders",
            );
            tree.other.insert(rel);
        } else if t.is_dir() {
            tree.dirs.insert(rel);
        } else if t.is_file() {
            let len = e.metadata().map(|m| m.len()).unwrap_or(0);
            tree.files.insert(rel, len);
        } else {
            found.add(
                K::NotARegularFile,
                &rel,
                "is not a regular file or a folder (a FIFO, socket or device)",
            );
            tree.other.insert(rel);
        }
    }
    tree
}

/// The bag as read: its tree, tag files, manifests and audit log.
struct Bag<'a> {
    dir: &'a Path,
    tree: Tree,
    bagit: Option<Vec<u8>>,
    info: Vec<(String, String)>,
    manifest_bytes: Vec<u8>,
    manifest: Vec<(String, String)>,
    tag_bytes: Vec<u8>,
    tags: Vec<(String, String)>,
    audit: BTreeMap<String, AuditEntry>,
}

impl Bag<'_> {
    /// Reads a file the walk found to be regular; one that is absent is reported as
    /// missing, one of another kind was reported by the walk.
    fn read(&self, name: &str, found: &mut Found) -> Option<Vec<u8>> {
        if !self.tree.files.contains_key(name) {
            if !self.tree.other.contains(name) {
                found.add(K::TagFileUnreadable, name, "is missing");
            }
            return None;
        }
        match read_file(&self.dir.join(name), tag_file_limit(name)) {
            Ok(b) => Some(b),
            Err(e) => {
                found.add(K::TagFileUnreadable, name, format!("cannot be read: {e}"));
                None
            }
        }
    }

    /// The distinct records with a document in the bag, as the trusted comment counts them.
    fn records(&self) -> usize {
        self.audit
            .values()
            .map(|a| a.record_id.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// The most of a tag file verify reads (enforced while reading, so a planted file of
/// gigabytes costs nothing): the small ones (bagit.txt, bag-info.txt, the signature) hold a
/// few lines; the manifests and logs grow with the bag (some 700 bytes a document in all),
/// and 256 MiB each covers bags of hundreds of thousands of documents.
pub const MAX_SMALL_TAG_BYTES: u64 = 1 << 20;
/// See `MAX_SMALL_TAG_BYTES`.
pub const MAX_TAG_BYTES: u64 = 256 << 20;

fn tag_file_limit(name: &str) -> u64 {
    match name {
        "manifest-sha256.txt" | "tagmanifest-sha256.txt" | "audit-log.jsonl" | "rejected.jsonl" => {
            MAX_TAG_BYTES
        }
        _ => MAX_SMALL_TAG_BYTES,
    }
}

fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    crate::safe_read::read_limited(path, Links::Refuse, limit).map_err(|e| e.to_string())
}

/// Why a payload file was not read whole.
struct ReadFailure {
    message: String,
    /// Larger than the limit (it can still be hashed in blocks).
    too_large: bool,
}

fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadFailure> {
    crate::safe_read::read_limited(path, Links::Refuse, limit).map_err(|e| ReadFailure {
        too_large: matches!(e, crate::safe_read::ReadError::TooLarge { .. }),
        message: e.to_string(),
    })
}

/// A file's SHA-256 and size, or why it could not be read.
type HashResult = Result<(String, u64), String>;

fn hash_file(path: &Path) -> HashResult {
    use sha2::Digest;
    let mut f = open_regular(path, Links::Refuse).map_err(|e| e.to_string())?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf).map_err(|e| e.to_string())?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((hex::encode(h.finalize()), n))
}

fn parse_bag<'a>(dir: &'a Path, found: &mut Found) -> Bag<'a> {
    let mut bag = Bag {
        dir,
        tree: walk(dir, found),
        bagit: None,
        info: Vec::new(),
        manifest_bytes: Vec::new(),
        manifest: Vec::new(),
        tag_bytes: Vec::new(),
        tags: Vec::new(),
        audit: BTreeMap::new(),
    };
    bag.bagit = bag.read("bagit.txt", found);
    bag.info = bag
        .read("bag-info.txt", found)
        .map(|b| parse_bag_info(&String::from_utf8_lossy(&b)))
        .unwrap_or_default();
    bag.manifest_bytes = bag.read("manifest-sha256.txt", found).unwrap_or_default();
    bag.manifest = parse_manifest(
        &String::from_utf8_lossy(&bag.manifest_bytes),
        "manifest-sha256.txt",
        found,
    );
    bag.tag_bytes = bag
        .read("tagmanifest-sha256.txt", found)
        .unwrap_or_default();
    bag.tags = parse_manifest(
        &String::from_utf8_lossy(&bag.tag_bytes),
        "tagmanifest-sha256.txt",
        found,
    );
    if let Some(b) = bag.read("audit-log.jsonl", found) {
        bag.audit = parse_audit(&b, found);
    }
    if let Some(b) = bag.read("rejected.jsonl", found) {
        parse_rejected(&b, found);
    }
    bag
}

/// A parsed `<hex>  <path>` manifest.
fn parse_manifest(text: &str, name: &str, found: &mut Found) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let n = i + 1;
        let Some((hash, path)) = line.split_once(char::is_whitespace) else {
            found.add(
                K::ManifestSyntax,
                name,
                format!("line {n}: not \"<sha256>  <path>\""),
            );
            continue;
        };
        let path = bag::decode_path(path.trim_start());
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            found.add(
                K::ManifestSyntax,
                name,
                format!("line {n}: {hash:?} is not a SHA-256"),
            );
            continue;
        }
        if !safe(&path) {
            found.add(
                K::UnsafePath,
                name,
                format!("line {n}: path {path:?} is absolute or leaves the bag"),
            );
            continue;
        }
        if !seen.insert(path.clone()) {
            found.add(
                K::ManifestSyntax,
                name,
                format!("line {n}: {path} is listed twice"),
            );
            continue;
        }
        out.push((hash.to_ascii_lowercase(), path));
    }
    out
}

fn safe(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && p.components()
            .all(|c| matches!(c, Component::Normal(_)) || matches!(c, Component::CurDir))
}

/// bag-info.txt as label/value pairs (continuation lines joined).
fn parse_bag_info(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((k, v)) = line.split_once(':') {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    out
}

fn info_get<'a>(info: &'a [(String, String)], key: &str) -> Option<&'a str> {
    info.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.as_str())
}

fn parse_audit(bytes: &[u8], found: &mut Found) -> BTreeMap<String, AuditEntry> {
    let mut out = BTreeMap::new();
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<AuditEntry>(line) {
            Ok(a) => {
                out.insert(a.path.clone(), a);
            }
            Err(e) => found.add(
                K::AuditLogSyntax,
                "audit-log.jsonl",
                format!("line {}: not an audit entry: {e}", i + 1),
            ),
        }
    }
    out
}

fn parse_rejected(bytes: &[u8], found: &mut Found) {
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if let Err(e) = serde_json::from_slice::<RejectedEntry>(line) {
            found.add(
                K::RejectedListSyntax,
                "rejected.jsonl",
                format!("line {}: not a rejected-record entry: {e}", i + 1),
            );
        }
    }
}

/// Told how far verification has got: one step per payload file hashed and per PDF
/// checked.
pub trait Progress: Sync {
    /// The number of steps.
    fn start(&self, total: u64);
    /// One more step done.
    fn advance(&self);
}

/// No progress display.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: u64) {}
    fn advance(&self) {}
}

/// Verifies the bag at `dir`.
pub fn verify(dir: &Path, opts: &Options) -> Result<Report, VerifyError> {
    verify_with(dir, opts, &Silent)
}

/// Verifies the bag at `dir`, reporting progress.
pub fn verify_with(
    dir: &Path,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Report, VerifyError> {
    verify_inner::<()>(dir, opts, progress, None, true).map(|(r, _)| r)
}

/// What `verify_collecting` keeps of each PDF whose embedded record could be read: its
/// path, its audit entry, and what the caller's function made of the record.
#[derive(Debug, Clone)]
pub struct Collected<T> {
    /// The PDF's path in the bag.
    pub path: String,
    /// The bag's manifest and audit log entry for it.
    pub audit: AuditEntry,
    /// What `keep` returned for the embedded record.
    pub kept: T,
}

/// Verifies the bag at `dir` as `verify_with` does and also hands each PDF's embedded
/// record (parsed JSON) to `keep`, in parallel, while the PDF is open: the catalog indexes
/// records without parsing the PDFs a second time, and only what `keep` returns is held
/// (a bag's parsed records would not fit in memory at 100,000 records). Results are in
/// path order. With `footers` false the page footers are not scanned for the record's
/// fingerprint (the catalog's check: every hash, the signature, and each embedded record
/// against the audit log; the pages themselves are `verify`'s), which halves the time.
#[allow(clippy::type_complexity)]
pub fn verify_collecting<T: Send>(
    dir: &Path,
    opts: &Options,
    progress: &dyn Progress,
    keep: &(dyn Fn(&Value) -> T + Sync),
    footers: bool,
) -> Result<(Report, Vec<Collected<T>>), VerifyError> {
    verify_inner(dir, opts, progress, Some(keep), footers)
}

#[allow(clippy::type_complexity)]
fn verify_inner<T: Send>(
    dir: &Path,
    opts: &Options,
    progress: &dyn Progress,
    keep: Option<&(dyn Fn(&Value) -> T + Sync)>,
    footers: bool,
) -> Result<(Report, Vec<Collected<T>>), VerifyError> {
    if !dir.is_dir() {
        return Err(VerifyError::NotADir(dir.display().to_string()));
    }
    let public_key = match &opts.pubkey {
        Some(p) => Some(crate::keys::load_public_key(p)?),
        None => None,
    };
    let mut found = Found::default();
    let mut report = Report::default();
    let bag = parse_bag(dir, &mut found);
    report.batch_id = info_get(&bag.info, "External-Identifier").map(str::to_string);
    let pdfs: Vec<(&String, &AuditEntry)> = bag
        .audit
        .iter()
        .filter(|(p, _)| bag.tree.files.contains_key(p.as_str()))
        .collect();
    progress.start((bag.manifest.len() + pdfs.len()) as u64);

    check_tree(&bag, &mut found);
    check_bagit_txt(&bag, &mut found);
    check_payload_paths(&bag, &mut found);
    check_oxum(&bag, &mut found);
    check_tag_manifest(&bag, &mut found);
    let (signature, comment) = check_signature(&bag, public_key.as_ref(), &mut found);
    report.signature = signature;
    report.trusted_comment = comment;
    check_audit_log(&bag, &mut found);

    // Loading the templates and fonts is skipped when nothing will be rendered.
    let prepared = match opts.rerender {
        Rerender::Never => Err(String::new()),
        _ => prepare_rerender(&bag, opts)?,
    };
    let renderer = match (opts.rerender, prepared) {
        (Rerender::Never, _) => {
            report.page_content_note =
                Some("not re-checked: re-rendering was skipped (--no-rerender)".into());
            None
        }
        (_, Ok(r)) => Some(r),
        (Rerender::Always, Err(why)) => {
            found.add(
                K::RerenderImpossible,
                "bag-info.txt",
                format!("--rerender is impossible: {why}"),
            );
            report.page_content_note = Some(format!("not re-checked: {why}"));
            None
        }
        (Rerender::Auto, Err(why)) => {
            report.page_content_note = Some(format!("not re-checked: {why}"));
            None
        }
    };
    let (payload_files, checked) = check_files(
        &bag,
        &pdfs,
        &PdfChecks {
            renderer: renderer.as_ref(),
            mode: opts.rerender,
            footers,
            keep: keep.is_some(),
        },
        progress,
        keep,
        &mut found,
    );
    report.payload_files = payload_files;
    let mut records = Vec::new();
    for ((problems, rerendered, kept), (path, a)) in checked.into_iter().zip(&pdfs) {
        found.0.extend(problems);
        report.pdfs_checked += 1;
        report.pdfs_rerendered += rerendered as usize;
        if let Some(kept) = kept {
            records.push(Collected {
                path: path.to_string(),
                audit: (*a).clone(),
                kept,
            });
        }
    }
    report.page_content_checked =
        renderer.is_some() && report.pdfs_rerendered == report.pdfs_checked;
    if renderer.is_some() && !report.page_content_checked {
        report.page_content_note = Some(format!(
            "not re-checked for {} of {} PDFs: they could not be rendered again",
            report.pdfs_checked - report.pdfs_rerendered,
            report.pdfs_checked
        ));
    }

    found.0.sort();
    found.0.dedup();
    report.pdfs_rerender_differs = found
        .0
        .iter()
        .filter(|p| p.kind == K::RerenderDiffers)
        .count();
    report.ok = found.0.is_empty();
    report.problems = found.0;
    Ok((report, records))
}

/// Every entry is one smpdoc writes: at the top, the tag files (or files the tag manifest
/// covers) and `data/`; below `data/`, the folders that hold manifest files and the files
/// themselves. Links and special files were reported by the walk.
fn check_tree(bag: &Bag, found: &mut Found) {
    let listed: BTreeSet<&str> = bag.manifest.iter().map(|(_, p)| p.as_str()).collect();
    let tag_listed: BTreeSet<&str> = bag.tags.iter().map(|(_, p)| p.as_str()).collect();
    let mut folders: BTreeSet<&str> = BTreeSet::from(["data"]);
    for p in &listed {
        let mut rest = *p;
        while let Some(i) = rest.rfind('/') {
            rest = &rest[..i];
            folders.insert(rest);
        }
    }
    // The templates tag folder and its sub-folders, as far as the tag manifest covers
    // files in them.
    for p in &tag_listed {
        if p.starts_with("templates/") {
            let mut rest = *p;
            while let Some(i) = rest.rfind('/') {
                rest = &rest[..i];
                folders.insert(rest);
            }
        }
    }
    for d in &bag.tree.dirs {
        if !folders.contains(d.as_str()) {
            found.add(
                K::UnexpectedFolder,
                d,
                "is a folder smpdoc does not write and no manifest file is in (added?)",
            );
        }
    }
    for p in bag.tree.files.keys() {
        if p.starts_with("data/") {
            if !listed.contains(p.as_str()) {
                found.add(
                    K::Added,
                    p,
                    "is in data/ but not in manifest-sha256.txt (added?)",
                );
            }
        } else if !p.contains('/') {
            let known = TAG_FILES.contains(&p.as_str())
                || p == "tagmanifest-sha256.txt"
                || p == SIGNATURE_FILE;
            if !known && !tag_listed.contains(p.as_str()) {
                found.add(
                    K::UnexpectedFile,
                    p,
                    "is not a file smpdoc writes and no manifest covers it (added?)",
                );
            }
        } else if p.starts_with("templates/") && !tag_listed.contains(p.as_str()) {
            found.add(
                K::UnexpectedFile,
                p,
                "is in templates/ but tagmanifest-sha256.txt does not cover it (added?)",
            );
        }
        // Files in other folders: their folder is reported.
    }
}

fn check_bagit_txt(bag: &Bag, found: &mut Found) {
    let Some(b) = &bag.bagit else { return };
    let t = String::from_utf8_lossy(b);
    if !t.lines().any(|l| l.trim() == "BagIt-Version: 1.0") {
        found.add(
            K::BagitTxt,
            "bagit.txt",
            "does not declare BagIt-Version: 1.0",
        );
    }
    if !t
        .lines()
        .any(|l| l.trim() == "Tag-File-Character-Encoding: UTF-8")
    {
        found.add(
            K::BagitTxt,
            "bagit.txt",
            "does not declare Tag-File-Character-Encoding: UTF-8",
        );
    }
}

/// Every manifest file is in `data/`.
fn check_payload_paths(bag: &Bag, found: &mut Found) {
    for (_, p) in &bag.manifest {
        if !p.starts_with("data/") {
            found.add(
                K::UnsafePath,
                p,
                "manifest-sha256.txt lists a payload file outside data/",
            );
        }
    }
}

/// The largest PDF read whole (a document is some 45 KB; one with four images at the
/// image limit some 40 MB). A larger file is still hashed, in blocks, but not read as a PDF.
pub const MAX_PDF_BYTES: u64 = 256 * 1024 * 1024;

/// Every manifest file is present and has its hash, and every PDF of the audit log that is
/// in the bag passes `check_pdf`, in one parallel pass that reads each PDF once (its hash
/// is taken from the bytes checked). Returns the number of payload files hashed and, in the
/// order of `pdfs`, each PDF's outcome.
#[allow(clippy::type_complexity)]
fn check_files<T: Send>(
    bag: &Bag,
    pdfs: &[(&String, &AuditEntry)],
    checks: &PdfChecks,
    progress: &dyn Progress,
    keep: Option<&(dyn Fn(&Value) -> T + Sync)>,
    found: &mut Found,
) -> (usize, Vec<(Vec<Problem>, bool, Option<T>)>) {
    // One job per manifest entry (hashed; also checked when it is one of `pdfs`), then the
    // PDFs no manifest entry lists (checked only).
    let audited: BTreeMap<&str, usize> = pdfs
        .iter()
        .enumerate()
        .map(|(i, (p, _))| (p.as_str(), i))
        .collect();
    let mut jobs: Vec<(&str, Option<&str>, Option<usize>)> = Vec::new();
    let mut listed = BTreeSet::new();
    for (want, p) in &bag.manifest {
        listed.insert(p.as_str());
        let pdf = if bag.tree.files.contains_key(p.as_str()) {
            audited.get(p.as_str()).copied()
        } else {
            None
        };
        jobs.push((p.as_str(), Some(want.as_str()), pdf));
    }
    for (i, (p, _)) in pdfs.iter().enumerate() {
        if !listed.contains(p.as_str()) {
            jobs.push((p.as_str(), None, Some(i)));
        }
    }
    let results: Vec<(Option<Option<HashResult>>, Option<(usize, PdfOutcome<T>)>)> = jobs
        .par_iter()
        .map(|&(p, want, pdf)| {
            let path = bag.dir.join(p);
            let present = bag.tree.files.contains_key(p);
            let bytes = pdf.map(|_| read_limited(&path, MAX_PDF_BYTES));
            let hashed = want.map(|_| {
                present.then(|| match &bytes {
                    Some(Ok(b)) => Ok((sha256(b).to_hex(), b.len() as u64)),
                    Some(Err(e)) if !e.too_large => Err(e.message.clone()),
                    _ => hash_file(&path),
                })
            });
            if want.is_some() {
                progress.advance();
            }
            let checked = pdf.map(|i| {
                let (path, a) = pdfs[i];
                let mut outcome = match &bytes {
                    Some(Ok(b)) => check_pdf(b, path, a, checks),
                    Some(Err(e)) if e.too_large => {
                        let mut found = Found::default();
                        found.add(
                            K::NotAPdf,
                            path.as_str(),
                            format!("is not read as a PDF: {}", e.message),
                        );
                        (found.0, false, None)
                    }
                    Some(Err(e)) => {
                        let mut found = Found::default();
                        found.add(
                            K::Missing,
                            path.as_str(),
                            format!("cannot be read: {}", e.message),
                        );
                        (found.0, false, None)
                    }
                    None => (Vec::new(), false, None),
                };
                progress.advance();
                let kept = match (keep, outcome.2.take()) {
                    (Some(k), Some(v)) => Some(k(&v)),
                    _ => None,
                };
                (i, (outcome.0, outcome.1, kept))
            });
            (hashed, checked)
        })
        .collect();
    let mut count = 0;
    let mut outcomes: Vec<Option<PdfOutcome<T>>> = (0..pdfs.len()).map(|_| None).collect();
    for ((p, want, _), (hashed, checked)) in jobs.iter().zip(results) {
        if let Some((i, outcome)) = checked {
            outcomes[i] = Some(outcome);
        }
        let (Some(want), Some(got)) = (want, hashed) else {
            continue;
        };
        match got {
            // Links and special files were reported by the walk.
            None if bag.tree.other.contains(*p) => {}
            None => found.add(
                K::Missing,
                *p,
                "listed in manifest-sha256.txt but not in the bag (deleted?)",
            ),
            Some(Err(e)) => found.add(
                K::Missing,
                *p,
                format!("listed in manifest-sha256.txt but cannot be read: {e}"),
            ),
            Some(Ok((h, _))) => {
                count += 1;
                if h != *want {
                    found.add(
                        K::HashMismatch,
                        *p,
                        format!("SHA-256 is {h}, manifest-sha256.txt says {want} (changed?)"),
                    );
                }
            }
        }
    }
    let outcomes = outcomes
        .into_iter()
        .map(|o| o.unwrap_or_else(|| (Vec::new(), false, None)))
        .collect();
    (count, outcomes)
}

/// A PDF's problems, whether it was rendered again, and what `keep` made of its record.
type PdfOutcome<T> = (Vec<Problem>, bool, Option<T>);

fn check_oxum(bag: &Bag, found: &mut Found) {
    let (mut octets, mut files) = (0u64, 0usize);
    for (p, len) in &bag.tree.files {
        if p.starts_with("data/") {
            octets += len;
            files += 1;
        }
    }
    let actual = format!("{octets}.{files}");
    match info_get(&bag.info, "Payload-Oxum") {
        Some(oxum) if oxum == actual => {}
        Some(oxum) => found.add(
            K::PayloadOxum,
            "bag-info.txt",
            format!("Payload-Oxum is {oxum} but data/ holds {actual}"),
        ),
        None => found.add(K::PayloadOxum, "bag-info.txt", "has no Payload-Oxum"),
    }
}

fn check_tag_manifest(bag: &Bag, found: &mut Found) {
    for (want, p) in &bag.tags {
        if !bag.tree.files.contains_key(p.as_str()) {
            if !bag.tree.other.contains(p.as_str()) {
                found.add(
                    K::Missing,
                    p,
                    "listed in tagmanifest-sha256.txt but not in the bag",
                );
            }
            continue;
        }
        match hash_file(&bag.dir.join(p)) {
            Ok((h, _)) if &h == want => {}
            Ok((h, _)) => found.add(
                K::HashMismatch,
                p,
                format!("SHA-256 is {h}, tagmanifest-sha256.txt says {want} (changed?)"),
            ),
            Err(e) => found.add(
                K::Missing,
                p,
                format!("listed in tagmanifest-sha256.txt but cannot be read: {e}"),
            ),
        }
    }
    let tag_listed: BTreeSet<&str> = bag.tags.iter().map(|(_, p)| p.as_str()).collect();
    for must in [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "audit-log.jsonl",
    ] {
        if !tag_listed.contains(must) {
            found.add(
                K::TagManifestIncomplete,
                "tagmanifest-sha256.txt",
                format!("does not cover {must}"),
            );
        }
    }
}

/// The signature status and, when it verified, its trusted comment.
fn check_signature(
    bag: &Bag,
    public_key: Option<&minisign::PublicKey>,
    found: &mut Found,
) -> (String, Option<String>) {
    let present = bag.tree.files.contains_key(SIGNATURE_FILE);
    let Some(pk) = public_key else {
        let status = if present {
            "not checked (no --pubkey)"
        } else {
            "absent"
        };
        return (status.into(), None);
    };
    if !present {
        found.add(
            K::SignatureMissing,
            SIGNATURE_FILE,
            "is missing, but a public key was given: the bag is not signed",
        );
        return ("failed".into(), None);
    }
    let sig_text = match read_file(&bag.dir.join(SIGNATURE_FILE), MAX_SMALL_TAG_BYTES) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            found.add(
                K::SignatureInvalid,
                SIGNATURE_FILE,
                format!("cannot be read: {e}"),
            );
            return ("failed".into(), None);
        }
    };
    match verify_signature(pk, &sig_text, &bag.tag_bytes) {
        Err(e) => {
            found.add(
                K::SignatureInvalid,
                SIGNATURE_FILE,
                format!("does not verify with the given public key: {e}"),
            );
            ("failed".into(), None)
        }
        Ok(comment) => {
            let manifest_sha256 = sha256(&bag.manifest_bytes).to_hex();
            let batch_id = info_get(&bag.info, "External-Identifier").unwrap_or("");
            let want = bag::trusted_comment(batch_id, bag.records(), &manifest_sha256);
            if comment != want {
                found.add(
                    K::TrustedComment,
                    SIGNATURE_FILE,
                    format!("trusted comment {comment:?} does not describe this bag ({want:?})"),
                );
                ("failed".into(), Some(comment))
            } else {
                ("verified".into(), Some(comment))
            }
        }
    }
}

fn verify_signature(
    pk: &minisign::PublicKey,
    sig_text: &str,
    tagmanifest: &[u8],
) -> Result<String, String> {
    let sig = minisign::SignatureBox::from_string(sig_text).map_err(|e| e.to_string())?;
    minisign::verify(
        pk,
        &sig,
        std::io::Cursor::new(tagmanifest),
        true,
        false,
        false,
    )
    .map_err(|e| e.to_string())?;
    sig.trusted_comment().map_err(|e| e.to_string())
}

/// The audit log and the manifest describe the same documents with the same hashes.
fn check_audit_log(bag: &Bag, found: &mut Found) {
    let manifest: BTreeMap<&str, &str> = bag
        .manifest
        .iter()
        .map(|(h, p)| (p.as_str(), h.as_str()))
        .collect();
    for (path, a) in &bag.audit {
        match manifest.get(path.as_str()) {
            None => found.add(
                K::AuditMismatch,
                path,
                "is in audit-log.jsonl but not in manifest-sha256.txt",
            ),
            Some(h) if *h != a.sha256 => found.add(
                K::AuditMismatch,
                path,
                format!(
                    "audit-log.jsonl says SHA-256 {}, manifest-sha256.txt says {h}",
                    a.sha256
                ),
            ),
            _ => {}
        }
    }
    for (_, p) in &bag.manifest {
        if p.ends_with(".pdf") && !bag.audit.contains_key(p) {
            found.add(
                K::AuditMismatch,
                p,
                "is in manifest-sha256.txt but not in audit-log.jsonl",
            );
        }
    }
}

/// What `check_pdf` checks beyond the embedded record.
struct PdfChecks<'a> {
    /// Re-render and compare, with this renderer.
    renderer: Option<&'a Rerenderer>,
    /// Whether a PDF that cannot be rendered again is a failure.
    mode: Rerender,
    /// Scan the page footers for the record's fingerprint.
    footers: bool,
    /// Hand back the parsed record (for `verify_collecting`'s `keep`).
    keep: bool,
}

impl PdfChecks<'_> {
    /// Whether the embedded record must be parsed, not only recognised as canonical.
    fn wants_value(&self) -> bool {
        self.keep || self.renderer.is_some()
    }
}

/// A PDF's problems, whether it was rendered again, and its embedded record when it could
/// be read.
type PdfChecked = (Vec<Problem>, bool, Option<Value>);

/// The largest attachment or content stream decompressed (a record is 1 MB at most by
/// default, an image 10 MB): a stream that inflates further is not read.
pub const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// Each PDF: its embedded record, its footers, its archival marks and (with a renderer) a
/// re-render.
fn check_pdf(bytes: &[u8], path: &str, a: &AuditEntry, checks: &PdfChecks) -> PdfChecked {
    let mut found = Found::default();
    let mut pdf = match crate::pdfread::load(bytes) {
        Ok(d) => d,
        Err(e) => {
            found.add(K::NotAPdf, path, format!("is not a readable PDF: {e}"));
            return (found.0, false, None);
        }
    };
    let doc = pdf.doc();
    let streams = attachment_streams(doc);
    let name = format!("{}.json", a.record_id);
    // As `attachments` would have it: the last attachment of that name that decodes.
    let record_bytes = streams
        .iter()
        .rev()
        .filter(|(n, _)| *n == name)
        .find_map(|(_, s)| plain_content(s));
    let Some(record_bytes) = record_bytes else {
        found.add(
            K::EmbeddedRecord,
            path,
            format!("has no embedded record {name}"),
        );
        return (found.0, false, None);
    };
    // The record as smpdoc embeds it is canonical JSON: its fingerprint is then the hash of
    // its bytes, and its record_id is read on the way, without a parse tree. Other text
    // (or a caller that wants the parsed record) takes serde_json, as before.
    let canonical = crate::fingerprint::canonical_record(&record_bytes);
    let (fp, record_id, value) = match canonical {
        Some(c) if !checks.wants_value() => (c.fingerprint.to_hex(), c.record_id, None),
        canonical => {
            let v: Value = match serde_json::from_slice(&record_bytes) {
                Ok(v) => v,
                Err(e) => {
                    found.add(
                        K::EmbeddedRecord,
                        path,
                        format!("embedded {name} is not JSON: {e}"),
                    );
                    return (found.0, false, None);
                }
            };
            let (fp, id) = match canonical {
                Some(c) => (c.fingerprint.to_hex(), c.record_id),
                None => (
                    record_fingerprint(&v).to_hex(),
                    v.get("record_id").and_then(Value::as_str).map(String::from),
                ),
            };
            (fp, id, Some(v))
        }
    };
    if fp != a.record_sha256 {
        found.add(
            K::RecordSwapped,
            path,
            format!(
                "embedded record's fingerprint is {fp}, audit-log.jsonl says {} (record swapped?)",
                a.record_sha256
            ),
        );
    }
    if record_id.as_deref() != Some(a.record_id.as_str()) {
        found.add(
            K::EmbeddedRecord,
            path,
            "embedded record's record_id is not the one its folder names",
        );
    }
    let mut rerendered = false;
    let mut identical = false;
    if let (Some((r, policy)), Some(value)) = (checks.renderer, &value) {
        let files = decode_attachments(&streams);
        match rerender(r, policy, path, value, &record_bytes, &files, &a.document) {
            Ok(fresh) if fresh == bytes => {
                rerendered = true;
                identical = true;
            }
            Ok(_) => {
                rerendered = true;
                found.add(
                    K::RerenderDiffers,
                    path,
                    "differs from a fresh render of its embedded record (replaced or edited?)",
                );
            }
            // By default a PDF that cannot be rendered again is a note (the report says
            // how many were not re-checked); with --rerender it is a failure.
            Err(e) if checks.mode == Rerender::Always => found.add(
                K::RerenderImpossible,
                path,
                format!("cannot be rendered again: {e}"),
            ),
            Err(_) => {}
        }
    }
    // The PDF/A and PDF/UA marks: a PDF identical to a fresh render has them by
    // construction, so they are read only when there was no identical re-render.
    if !identical {
        for problem in archival_problems(pdf.doc()) {
            found.add(K::Archival, path, problem);
        }
    }
    // Every page's footer must print the embedded record's fingerprint. A PDF identical to
    // a fresh render of that record prints it by construction (the renderer writes it on
    // every page), so the scan is needed only when there was no identical re-render.
    if checks.footers && !identical {
        // "sha256:<hex>" in every language (the footer message must hold it, see
        // `template::Templates`); the words before it are the document's language.
        let want = format!("sha256:{fp}");
        let pages = pdf.pages().to_vec();
        for (n, printed) in pages_showing(pdf.doc(), &pages, &want) {
            if !printed {
                found.add(
                    K::Footer,
                    path,
                    format!("page {n}'s footer does not print the embedded record's fingerprint"),
                );
            }
        }
    }
    (found.0, rerendered, value)
}

/// What an smpdoc PDF must carry as a PDF/A-3 and PDF/UA-1 file and does not: checked on
/// the catalog, the Info dictionary and the XMP packet (what can be checked without a
/// full validator; README, "Archival and accessible PDFs").
pub fn archival_problems(doc: &lopdf::Document) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return vec!["has no catalog".into()];
    };
    let get = |d: &lopdf::Dictionary, k: &[u8]| -> Option<lopdf::Object> {
        d.get(k)
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .map(|(_, o)| o.clone())
    };
    let marked = get(catalog, b"MarkInfo")
        .and_then(|m| {
            m.as_dict()
                .ok()
                .and_then(|m| m.get(b"Marked").ok().cloned())
        })
        .and_then(|m| m.as_bool().ok());
    if marked != Some(true) {
        out.push("is not marked as tagged (/MarkInfo /Marked true)".into());
    }
    if get(catalog, b"StructTreeRoot").is_none() {
        out.push("has no structure tree (/StructTreeRoot)".into());
    }
    let lang = get(catalog, b"Lang").and_then(|l| l.as_str().ok().map(<[u8]>::to_vec));
    if lang.as_ref().is_none_or(|l| l.is_empty()) {
        out.push("names no language (/Lang)".into());
    }
    let intent = get(catalog, b"OutputIntents")
        .and_then(|a| a.as_array().ok().cloned())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|o| doc.dereference(&o).ok().map(|(_, o)| o.clone()))
        .any(|o| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"S").and_then(lopdf::Object::as_name).ok() == Some(b"GTS_PDFA1".as_slice())
                    && d.get(b"DestOutputProfile").is_ok()
            })
        });
    if !intent {
        out.push("has no PDF/A output intent with an ICC profile".into());
    }
    let xmp = get(catalog, b"Metadata").and_then(|m| {
        let s = m.as_stream().ok()?;
        if s.dict.get(b"Filter").is_ok() {
            return Some(Err(
                "its XMP metadata stream is compressed (PDF/A wants it plain)",
            ));
        }
        Some(String::from_utf8(s.content.clone()).map_err(|_| "its XMP metadata is not UTF-8"))
    });
    let xmp = match xmp {
        None => {
            out.push("has no XMP metadata stream".into());
            return out;
        }
        Some(Err(e)) => {
            out.push(e.into());
            return out;
        }
        Some(Ok(x)) => x,
    };
    for needed in [
        "<pdfaid:part>3</pdfaid:part>",
        "<pdfuaid:part>1</pdfuaid:part>",
    ] {
        if !xmp.contains(needed) {
            out.push(format!("XMP metadata lacks {needed}"));
        }
    }
    // The Info values the XMP packet must repeat (PDF/A-3 6.6.3).
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok().cloned());
    let text = |k: &[u8]| {
        info.as_ref()
            .and_then(|i| i.get(k).ok())
            .and_then(|o| lopdf::decode_text_string(o).ok())
    };
    let xml = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    for (key, element) in [
        (b"Title".as_slice(), "dc:title"),
        (b"Author".as_slice(), "dc:creator"),
        (b"Subject".as_slice(), "dc:description"),
        (b"Creator".as_slice(), "xmp:CreatorTool"),
        (b"Producer".as_slice(), "pdf:Producer"),
    ] {
        let Some(value) = text(key) else { continue };
        let inside = xmp
            .split_once(&format!("<{element}>"))
            .and_then(|(_, rest)| rest.split_once(&format!("</{element}>")))
            .map(|(v, _)| v);
        let agrees =
            inside.is_some_and(|v| v.contains(&format!(">{}<", xml(&value))) || v == xml(&value));
        if !agrees {
            out.push(format!(
                "XMP {element} does not agree with the Info dictionary's /{}",
                String::from_utf8_lossy(key)
            ));
        }
    }
    if let Some(d) = text(b"CreationDate")
        .as_deref()
        .and_then(|d| d.strip_prefix("D:"))
        .filter(|d| d.len() >= 14)
    {
        let iso = format!(
            "{}-{}-{}T{}:{}:{}",
            &d[0..4],
            &d[4..6],
            &d[6..8],
            &d[8..10],
            &d[10..12],
            &d[12..14]
        );
        if !xmp.contains(&format!("<xmp:CreateDate>{iso}")) {
            out.push(
                "XMP xmp:CreateDate does not agree with the Info dictionary's /CreationDate".into(),
            );
        }
    }
    out
}

/// The attachments of a PDF, by name (the last of a name that decodes), each decompressed
/// up to `MAX_STREAM_BYTES`.
pub fn attachments(doc: &lopdf::Document) -> BTreeMap<String, Vec<u8>> {
    decode_attachments(&attachment_streams(doc))
}

fn decode_attachments(streams: &[(String, &lopdf::Stream)]) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for (name, s) in streams {
        if let Some(b) = plain_content(s) {
            out.insert(name.clone(), b);
        }
    }
    out
}

/// A stream's content, decompressed (up to `MAX_STREAM_BYTES`) when it is filtered, as
/// lopdf's `get_plain_content_with_limit` gives it.
fn plain_content(s: &lopdf::Stream) -> Option<Vec<u8>> {
    crate::pdfread::inflate(s, MAX_STREAM_BYTES)
        .or_else(|| s.get_plain_content_with_limit(MAX_STREAM_BYTES).ok())
}

/// The embedded file streams of a PDF with their names, in the order of its name tree's
/// array, not decompressed.
fn attachment_streams(doc: &lopdf::Document) -> Vec<(String, &lopdf::Stream)> {
    let mut out = Vec::new();
    let names = doc
        .catalog()
        .and_then(|c| c.get(b"Names"))
        .and_then(|n| doc.dereference(n).map(|(_, o)| o))
        .and_then(|n| n.as_dict())
        .and_then(|n| n.get(b"EmbeddedFiles"))
        .and_then(|e| doc.dereference(e).map(|(_, o)| o))
        .and_then(|e| e.as_dict())
        .and_then(|e| e.get(b"Names"))
        .and_then(|a| doc.dereference(a).map(|(_, o)| o))
        .and_then(|a| a.as_array());
    let Ok(arr) = names else { return out };
    for pair in arr.chunks(2) {
        let [name, spec] = pair else { continue };
        let Ok(name) = name
            .as_str()
            .map(|b| String::from_utf8_lossy(b).into_owned())
        else {
            continue;
        };
        let stream = doc
            .dereference(spec)
            .and_then(|(_, s)| s.as_dict())
            .and_then(|s| s.get(b"EF"))
            .and_then(|ef| doc.dereference(ef).map(|(_, o)| o))
            .and_then(|ef| ef.as_dict())
            .and_then(|ef| ef.get(b"F"))
            .and_then(|f| doc.dereference(f).map(|(_, o)| o))
            .and_then(|f| f.as_stream());
        if let Ok(s) = stream {
            out.push((name, s));
        }
    }
    out
}

/// For each page, whether a text-showing operation of its page furniture prints `want`.
/// smpdoc writes a page's header and footer as the last of its content streams, so only
/// that stream is read (the body, most of the page, is not parsed), and a font's /ToUnicode
/// is read only when that stream selects the font.
pub fn pages_showing(
    doc: &lopdf::Document,
    pages: &[lopdf::ObjectId],
    want: &str,
) -> Vec<(u32, bool)> {
    // Each page's furniture stream and fonts, then what decodes the text of the fonts the
    // streams select: the font dictionary's /Type, /Encoding and /ToUnicode (all lopdf's
    // `get_font_encoding` reads), its CMap inflated ahead (`pdfread::inflate`) where it can.
    let read: Vec<Option<Furniture>> = pages
        .iter()
        .map(|&page_id| {
            let content = last_content(doc, page_id)
                .filter(|bytes| !has_inline_image(bytes))
                .and_then(|bytes| lopdf::content::Content::decode(&bytes).ok())?;
            Some((content, doc.get_page_fonts(page_id).unwrap_or_default()))
        })
        .collect();
    // By font dictionary (its address in the loaded document): two pages may give one
    // resource name to different fonts.
    let key = |f: &lopdf::Dictionary| f as *const lopdf::Dictionary as usize;
    let mut decoding: BTreeMap<usize, lopdf::Dictionary> = BTreeMap::new();
    for (content, fonts) in read.iter().flatten() {
        for op in &content.operations {
            if op.operator == "Tf"
                && let Some(f) = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|name| fonts.get(name))
            {
                decoding
                    .entry(key(f))
                    .or_insert_with(|| decoding_dictionary(doc, f));
            }
        }
    }
    let mut encodings: BTreeMap<usize, Option<lopdf::Encoding>> = BTreeMap::new();
    let mut out = Vec::new();
    for (n, page) in (1u32..).zip(&read) {
        let printed = page.as_ref().is_some_and(|(content, fonts)| {
            let mut enc: Option<usize> = None;
            content
                .operations
                .iter()
                .any(|op| match op.operator.as_str() {
                    "Tf" => {
                        let font = op
                            .operands
                            .first()
                            .and_then(|o| o.as_name().ok())
                            .and_then(|name| fonts.get(name));
                        enc = font.map(|f| key(f));
                        if let Some(k) = enc
                            && let Some(d) = decoding.get(&k)
                        {
                            encodings.entry(k).or_insert_with(|| {
                                d.get_font_encoding_with_limit(doc, MAX_STREAM_BYTES).ok()
                            });
                        }
                        false
                    }
                    "Tj" | "TJ" | "'" | "\"" => {
                        let Some(e) = enc
                            .and_then(|id| encodings.get(&id))
                            .and_then(Option::as_ref)
                        else {
                            return false;
                        };
                        let mut text = String::new();
                        for operand in &op.operands {
                            let strings: Vec<&lopdf::Object> = match operand {
                                lopdf::Object::Array(a) => a.iter().collect(),
                                other => vec![other],
                            };
                            for s in strings {
                                if let lopdf::Object::String(bytes, _) = s
                                    && let Ok(t) = lopdf::Document::decode_text(e, bytes)
                                {
                                    text.push_str(&t);
                                }
                            }
                        }
                        text.contains(want)
                    }
                    _ => false,
                })
        });
        out.push((n, printed));
    }
    out
}

/// Whether a content stream holds a `BI` operator (an inline image). smpdoc never writes
/// one into the page furniture, and lopdf 0.44's content parser panics on one without a
/// /ColorSpace: such a stream is not read, so its page's footer counts as missing. A `BI`
/// inside a string could only make a forged page fail, never pass.
fn has_inline_image(content: &[u8]) -> bool {
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0');
    content.windows(2).enumerate().any(|(i, w)| {
        w == b"BI"
            && (i == 0 || space(content[i - 1]) || b")>]}".contains(&content[i - 1]))
            && content.get(i + 2).is_none_or(|c| space(*c) || *c == b'/')
    })
}

/// A page's furniture stream, parsed, and the fonts its resources name.
type Furniture<'a> = (
    lopdf::content::Content,
    BTreeMap<Vec<u8>, &'a lopdf::Dictionary>,
);

/// What of a font dictionary decodes its text, as lopdf's `get_font_encoding` reads it
/// (/Type, /Encoding, /ToUnicode), with the /ToUnicode CMap inflated when `pdfread::inflate`
/// can: the same encoding, without lopdf's slower inflater.
fn decoding_dictionary(doc: &lopdf::Document, font: &lopdf::Dictionary) -> lopdf::Dictionary {
    let mut d = lopdf::Dictionary::new();
    for k in [b"Type".as_slice(), b"Encoding", b"ToUnicode"] {
        if let Ok(v) = font.get(k) {
            d.set(k, v.clone());
        }
    }
    let plain = font
        .get_deref(b"ToUnicode", doc)
        .and_then(lopdf::Object::as_stream)
        .ok()
        .and_then(|s| crate::pdfread::inflate(s, MAX_STREAM_BYTES));
    if let Some(plain) = plain {
        d.set(
            "ToUnicode",
            lopdf::Object::Stream(lopdf::Stream::new(lopdf::Dictionary::new(), plain)),
        );
    }
    d
}

/// The decoded bytes of a page's last content stream.
fn last_content(doc: &lopdf::Document, page_id: lopdf::ObjectId) -> Option<Vec<u8>> {
    let page = doc.get_dictionary(page_id).ok()?;
    let id = match page.get(b"Contents").ok()? {
        lopdf::Object::Reference(id) => *id,
        lopdf::Object::Array(a) => a.last()?.as_reference().ok()?,
        _ => return None,
    };
    let stream = doc.get_object(id).ok()?.as_stream().ok()?;
    if let Some(b) = crate::pdfread::inflate(stream, MAX_STREAM_BYTES) {
        return Some(b);
    }
    match stream.decompressed_content_with_limit(MAX_STREAM_BYTES) {
        Ok(b) => Some(b),
        // An unfiltered stream (or one lopdf cannot decode) is read as it is; one that
        // inflates past the limit is not read at all.
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => None,
        Err(_) => Some(stream.content.clone()),
    }
}

/// A renderer and what the documents print of the policy the bag was rendered with.
type Rerenderer = (Renderer, crate::policy::Policy);

fn rerender(
    r: &Renderer,
    policy: &crate::policy::Policy,
    path: &str,
    value: &Value,
    record_bytes: &[u8],
    files: &BTreeMap<String, Vec<u8>>,
    document: &str,
) -> Result<Vec<u8>, String> {
    let record: crate::record::Record =
        serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    let mut embedded = BTreeMap::new();
    for (key, reference) in image_references(&record) {
        let prefix = image_attachment_prefix(key);
        if let Some((_, b)) = files.iter().find(|(name, _)| name.starts_with(&prefix)) {
            embedded.insert(reference.to_string(), b.clone());
        }
    }
    let raw = RawRecord {
        origin: Origin {
            file: path.to_string(),
            index: 0,
            line: 1,
        },
        value: value.clone(),
        source: SourceText {
            text: Arc::from(String::from_utf8_lossy(record_bytes).as_ref()),
            prefix: Vec::new(),
            line_offset: 0,
        },
        files: Files::Embedded(Arc::new(embedded)),
    };
    let valid = crate::validate::accept(raw, policy)?;
    let kind = DocumentKind::ALL
        .into_iter()
        .find(|k| k.name() == document)
        .ok_or_else(|| format!("unknown document kind {document:?}"))?;
    let docs = r.render(&valid, &[kind]).map_err(|e| e.to_string())?;
    docs.into_iter()
        .next()
        .map(|d| d.bytes)
        .ok_or_else(|| "nothing rendered".to_string())
}

/// A renderer for this bag, or why a byte-for-byte re-render is impossible: it needs the
/// smpdoc version and the templates bag-info records, and the paper it was made on.
fn prepare_rerender(bag: &Bag, opts: &Options) -> Result<Result<Rerenderer, String>, VerifyError> {
    let info = &bag.info[..];
    let version = info_get(info, "Smpdoc-Version").unwrap_or("(none)");
    if version != env!("CARGO_PKG_VERSION") {
        return Ok(Err(format!(
            "the bag was made by smpdoc {version}; a byte-for-byte re-render needs that version (this is {})",
            env!("CARGO_PKG_VERSION")
        )));
    }
    let recorded: BTreeMap<String, String> = info
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("Smpdoc-Template-Sha256"))
        .filter_map(|(_, v)| {
            let mut it = v.split_whitespace();
            let hash = it.next()?.to_string();
            Some((it.next()?.to_string(), hash))
        })
        .collect();
    let templates = match &opts.templates {
        // The clinic's folder over the built-in sets, as `render --templates` does.
        Some(d) => match Templates::layered(std::slice::from_ref(d)) {
            Ok(t) => t,
            Err(e) => return Ok(Err(format!("the templates cannot be loaded: {e}"))),
        },
        // The templates the bag keeps (covered by its tag manifest, checked above), when
        // the walk found nothing but regular files and folders among them: a link or FIFO
        // there is a failure already and is never opened.
        None if bag.tree.dirs.contains(bag::TEMPLATES_DIR) => {
            let prefix = format!("{}/", bag::TEMPLATES_DIR);
            if bag.tree.other.iter().any(|p| p.starts_with(&prefix)) {
                return Ok(Err(
                    "templates/ holds something other than regular files".to_string()
                ));
            }
            match Templates::from_dir(&bag.dir.join(bag::TEMPLATES_DIR)) {
                Ok(t) => t,
                Err(e) => {
                    return Ok(Err(format!("the bag's templates cannot be loaded: {e}")));
                }
            }
        }
        None => match Templates::builtin() {
            Ok(t) => t,
            Err(e) => return Ok(Err(format!("the built-in templates cannot be loaded: {e}"))),
        },
    };
    for t in templates.sources() {
        match recorded.get(&t.name) {
            Some(h) if *h == t.sha256 => {}
            Some(h) => {
                return Ok(Err(format!(
                    "template {} was {h} when rendered, {} here: give --templates with the templates used",
                    t.name, t.sha256
                )));
            }
            None => {
                return Ok(Err(format!(
                    "bag-info.txt does not record template {}",
                    t.name
                )));
            }
        }
    }
    let paper = match info_get(info, "Smpdoc-Paper") {
        Some("a4") => Some(Paper::A4),
        Some("letter") => Some(Paper::Letter),
        _ => None,
    };
    // What the documents print of the policy the bag was rendered with.
    let mut policy = crate::policy::Policy::default();
    if let Some(l) = info_get(info, "Smpdoc-Letter-Countries") {
        policy.letter_countries = l.split_whitespace().map(String::from).collect();
    }
    if let Some(y) = info_get(info, "Smpdoc-Retention-Years").and_then(|y| y.parse().ok()) {
        policy.retention_years = y;
    }
    policy.fallback_language = info_get(info, "Smpdoc-Fallback-Language").map(String::from);
    let renderer =
        Renderer::new(templates, paper)?.with_fallback_language(policy.fallback_language.clone());
    Ok(Ok((renderer, policy)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Dictionary, Object, Stream};

    /// A one-page document whose only content stream is `content`, with font /F1 mapping
    /// code <0001> to "A".
    fn one_page(content: &[u8]) -> (lopdf::Document, Vec<lopdf::ObjectId>) {
        let mut doc = lopdf::Document::with_version("1.7");
        let cmap = b"/CIDInit /ProcSet findresource begin\n\n12 dict begin\n\nbegincmap\n\n/CIDSystemInfo 3 dict dup begin\n/Registry (FontSpecific) def\n/Ordering (ZNIUAA) def\n/Supplement 0 def\nend def\n\n/CMapName /FontSpecific-ZNIUAA def\n/CMapVersion 1 def\n/CMapType 2 def\n/WMode 0 def\n\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n1 beginbfchar\n<0001> <0041>\nendbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
        let to_unicode = doc.add_object(Stream::new(Dictionary::new(), cmap.to_vec()));
        let mut font = Dictionary::new();
        font.set("Type", Object::Name(b"Font".to_vec()));
        font.set("Subtype", Object::Name(b"Type0".to_vec()));
        font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
        font.set("ToUnicode", Object::Reference(to_unicode));
        let font = doc.add_object(font);
        let mut fonts = Dictionary::new();
        fonts.set("F1", Object::Reference(font));
        let mut resources = Dictionary::new();
        resources.set("Font", Object::Dictionary(fonts));
        let contents = doc.add_object(Stream::new(Dictionary::new(), content.to_vec()));
        let pages_id = doc.new_object_id();
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages_id));
        page.set("Resources", Object::Dictionary(resources));
        page.set("Contents", Object::Reference(contents));
        let page = doc.add_object(page);
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Kids", Object::Array(vec![Object::Reference(page)]));
        pages.set("Count", 1);
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(pages_id));
        let catalog = doc.add_object(catalog);
        doc.trailer.set("Root", Object::Reference(catalog));
        (doc, vec![page])
    }

    #[test]
    fn a_footer_is_found_and_an_inline_image_does_not_panic_the_scan() {
        let (doc, pages) = one_page(b"BT /F1 8 Tf <00010001> Tj ET");
        assert_eq!(pages_showing(&doc, &pages, "AA"), vec![(1, true)]);
        assert_eq!(pages_showing(&doc, &pages, "AB"), vec![(1, false)]);
        for forged in [
            b"BT /F1 8 Tf <00010001> Tj ET BI /W 1 /H 1 /BPC 8 ID x EI".as_slice(),
            b"BI\n/W 1 /H 1 /BPC 8 ID x EI BT /F1 8 Tf <00010001> Tj ET",
        ] {
            assert!(has_inline_image(forged));
            let (doc, pages) = one_page(forged);
            assert_eq!(pages_showing(&doc, &pages, "AA"), vec![(1, false)]);
        }
        assert!(!has_inline_image(b"/BI 1 Tf /XBI Do BIX"));
    }
}
