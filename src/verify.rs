//! The auditor's checks of an archive, trusting nothing inside it but what it can prove.
//!
//! Everything `bagit.py --validate` checks (bagit.txt, completeness both ways,
//! Payload-Oxum, every payload and tag-file hash, no `..` or absolute paths), then what only
//! smpdoc can: the minisign signature against a public key the auditor brings (never one
//! from the bag) and its trusted comment against the bag, the audit log against the
//! manifest, each PDF's embedded record against the audit log and against the fingerprint
//! printed in its page footers, and with `--rerender` a byte-for-byte re-render of every PDF.
//! Every failure is reported by path; verification never stops at the first.

use crate::bag::{self, SIGNATURE_FILE, TAG_FILES};
use crate::context::DocumentKind;
use crate::fingerprint::{record_fingerprint, sha256};
use crate::input::{Files, Origin, RawRecord, SourceText};
use crate::layout::Paper;
use crate::render::{Renderer, image_attachment_name, image_references};
use crate::template::Templates;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    /// The file concerned, relative to the bag.
    pub path: String,
    /// What is wrong.
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
    /// `verified`, `not checked (no --pubkey)`, `absent` or `failed`.
    pub signature: String,
    /// The signature's trusted comment, when verified.
    pub trusted_comment: Option<String>,
    /// Everything found wrong, sorted by path.
    pub problems: Vec<Problem>,
}

/// Options of `verify`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The clinic's public key, from the auditor.
    pub pubkey: Option<PathBuf>,
    /// Render every record again and compare bytes.
    pub rerender: bool,
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
    /// Templates for --rerender cannot be loaded.
    #[error(transparent)]
    Template(#[from] crate::template::TemplateError),
    /// The fonts cannot be loaded.
    #[error(transparent)]
    Pdf(#[from] crate::pdf::PdfError),
}

struct Found(Vec<Problem>);

impl Found {
    fn add(&mut self, path: impl Into<String>, problem: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            problem: problem.into(),
        });
    }
}

/// A parsed `<hex>  <path>` manifest.
fn parse_manifest(text: &str, name: &str, found: &mut Found) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((hash, path)) = line.split_once(char::is_whitespace) else {
            found.add(name, format!("line {}: not \"<sha256>  <path>\"", i + 1));
            continue;
        };
        let path = bag::decode_path(path.trim_start());
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            found.add(name, format!("line {}: {hash:?} is not a SHA-256", i + 1));
            continue;
        }
        if !safe(&path) {
            found.add(
                name,
                format!(
                    "line {}: path {path:?} is absolute or leaves the bag",
                    i + 1
                ),
            );
            continue;
        }
        if !seen.insert(path.clone()) {
            found.add(name, format!("line {}: {path} is listed twice", i + 1));
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

/// A file's SHA-256 and size, or why it could not be read.
type HashResult = Result<(String, u64), String>;

fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    crate::fingerprint::sha256_file(path).map(|(d, n)| (d.to_hex(), n))
}

/// Files under `data/`, relative to the bag, with forward slashes.
fn payload_files(dir: &Path) -> Vec<String> {
    let data = dir.join("data");
    let mut out: Vec<String> = walkdir::WalkDir::new(&data)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            e.path().strip_prefix(dir).ok().map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
        })
        .collect();
    out.sort();
    out
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

/// One audit-log line, as much of it as verify needs.
#[derive(Debug, Clone)]
struct AuditEntry {
    record_id: String,
    document: String,
    sha256: String,
    record_sha256: String,
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
    if !dir.is_dir() {
        return Err(VerifyError::NotADir(dir.display().to_string()));
    }
    let public_key = match &opts.pubkey {
        Some(p) => Some(crate::keys::load_public_key(p)?),
        None => None,
    };
    let mut found = Found(Vec::new());
    let mut report = Report::default();
    let read = |name: &str, found: &mut Found| -> Option<Vec<u8>> {
        match std::fs::read(dir.join(name)) {
            Ok(b) => Some(b),
            Err(e) => {
                found.add(name, format!("cannot be read: {e}"));
                None
            }
        }
    };

    // bagit.txt
    if let Some(b) = read("bagit.txt", &mut found) {
        let t = String::from_utf8_lossy(&b);
        if !t.lines().any(|l| l.trim() == "BagIt-Version: 1.0") {
            found.add("bagit.txt", "does not declare BagIt-Version: 1.0");
        }
        if !t
            .lines()
            .any(|l| l.trim() == "Tag-File-Character-Encoding: UTF-8")
        {
            found.add(
                "bagit.txt",
                "does not declare Tag-File-Character-Encoding: UTF-8",
            );
        }
    }
    let info = read("bag-info.txt", &mut found)
        .map(|b| parse_bag_info(&String::from_utf8_lossy(&b)))
        .unwrap_or_default();
    report.batch_id = info_get(&info, "External-Identifier").map(str::to_string);

    // Payload manifest: both ways, and every hash.
    let manifest_bytes = read("manifest-sha256.txt", &mut found).unwrap_or_default();
    let manifest = parse_manifest(
        &String::from_utf8_lossy(&manifest_bytes),
        "manifest-sha256.txt",
        &mut found,
    );
    let audit = read_audit(dir, &mut found);
    progress.start((manifest.len() + audit.len()) as u64);
    let listed: BTreeSet<&str> = manifest.iter().map(|(_, p)| p.as_str()).collect();
    let present = payload_files(dir);
    for p in &present {
        if !listed.contains(p.as_str()) {
            found.add(p, "is in data/ but not in manifest-sha256.txt (added?)");
        }
    }
    for (_, p) in &manifest {
        if !p.starts_with("data/") {
            found.add(p, "manifest-sha256.txt lists a payload file outside data/");
        }
    }
    let hashed: Vec<(String, HashResult)> = manifest
        .par_iter()
        .map(|(_, p)| {
            (
                p.clone(),
                hash_file(&dir.join(p)).map_err(|e| e.to_string()),
            )
        })
        .collect();
    let mut octets = 0u64;
    let mut count = 0usize;
    for ((want, _), (p, got)) in manifest.iter().zip(&hashed) {
        match got {
            Err(e) => found.add(
                p,
                format!("listed in manifest-sha256.txt but cannot be read (deleted?): {e}"),
            ),
            Ok((h, n)) => {
                octets += n;
                count += 1;
                if h != want {
                    found.add(
                        p,
                        format!("SHA-256 is {h}, manifest-sha256.txt says {want} (changed?)"),
                    );
                }
            }
        }
    }
    report.payload_files = count;
    let actual_oxum = {
        let (mut o, mut c) = (0u64, 0usize);
        for p in &present {
            if let Ok(m) = std::fs::metadata(dir.join(p)) {
                o += m.len();
                c += 1;
            }
        }
        format!("{o}.{c}")
    };
    match info_get(&info, "Payload-Oxum") {
        Some(oxum) if oxum == actual_oxum => {}
        Some(oxum) => found.add(
            "bag-info.txt",
            format!("Payload-Oxum is {oxum} but data/ holds {actual_oxum}"),
        ),
        None => found.add("bag-info.txt", "has no Payload-Oxum"),
    }
    let _ = octets;

    // Tag manifest.
    let tag_bytes = read("tagmanifest-sha256.txt", &mut found).unwrap_or_default();
    let tags = parse_manifest(
        &String::from_utf8_lossy(&tag_bytes),
        "tagmanifest-sha256.txt",
        &mut found,
    );
    for (want, p) in &tags {
        match hash_file(&dir.join(p)) {
            Ok((h, _)) if &h == want => {}
            Ok((h, _)) => found.add(
                p,
                format!("SHA-256 is {h}, tagmanifest-sha256.txt says {want} (changed?)"),
            ),
            Err(e) => found.add(
                p,
                format!("listed in tagmanifest-sha256.txt but cannot be read: {e}"),
            ),
        }
    }
    let tag_listed: BTreeSet<&str> = tags.iter().map(|(_, p)| p.as_str()).collect();
    for must in [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "audit-log.jsonl",
    ] {
        if !tag_listed.contains(must) {
            found.add("tagmanifest-sha256.txt", format!("does not cover {must}"));
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut top: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        top.sort();
        for name in top {
            let known = TAG_FILES.contains(&name.as_str())
                || name == "tagmanifest-sha256.txt"
                || name == SIGNATURE_FILE;
            if !known && !tag_listed.contains(name.as_str()) {
                found.add(
                    &name,
                    "is not a file smpdoc writes and no manifest covers it (added?)",
                );
            }
        }
    }

    // Signature.
    let manifest_sha256 = sha256(&manifest_bytes).to_hex();
    let records: BTreeSet<&str> = audit.values().map(|a| a.record_id.as_str()).collect();
    let sig_path = dir.join(SIGNATURE_FILE);
    report.signature = match (&public_key, sig_path.exists()) {
        (None, true) => "not checked (no --pubkey)".into(),
        (None, false) => "absent".into(),
        (Some(_), false) => {
            found.add(
                SIGNATURE_FILE,
                "is missing, but a public key was given: the bag is not signed",
            );
            "failed".into()
        }
        (Some(pk), true) => match check_signature(pk, &sig_path, &tag_bytes) {
            Err(e) => {
                found.add(
                    SIGNATURE_FILE,
                    format!("does not verify with the given public key: {e}"),
                );
                "failed".into()
            }
            Ok(comment) => {
                let want = bag::trusted_comment(
                    report.batch_id.as_deref().unwrap_or(""),
                    records.len(),
                    &manifest_sha256,
                );
                report.trusted_comment = Some(comment.clone());
                if comment != want {
                    found.add(
                        SIGNATURE_FILE,
                        format!(
                            "trusted comment {comment:?} does not describe this bag ({want:?})"
                        ),
                    );
                    "failed".into()
                } else {
                    "verified".into()
                }
            }
        },
    };

    // Audit log against the manifest.
    let manifest_map: BTreeMap<&str, &str> = manifest
        .iter()
        .map(|(h, p)| (p.as_str(), h.as_str()))
        .collect();
    for (path, a) in &audit {
        match manifest_map.get(path.as_str()) {
            None => found.add(path, "is in audit-log.jsonl but not in manifest-sha256.txt"),
            Some(h) if *h != a.sha256 => found.add(
                path,
                format!(
                    "audit-log.jsonl says SHA-256 {}, manifest-sha256.txt says {h}",
                    a.sha256
                ),
            ),
            _ => {}
        }
    }
    for (_, p) in &manifest {
        if p.ends_with(".pdf") && !audit.contains_key(p) {
            found.add(p, "is in manifest-sha256.txt but not in audit-log.jsonl");
        }
    }

    // Each PDF: embedded record, footers, optionally a re-render.
    let renderer = if opts.rerender {
        prepare_rerender(&info, opts, &mut found)?
    } else {
        None
    };
    let pdfs: Vec<(&String, &AuditEntry)> = audit
        .iter()
        .filter(|(p, _)| dir.join(p).is_file())
        .collect();
    let results: Vec<(Vec<Problem>, bool)> = pdfs
        .par_iter()
        .map(|(path, a)| {
            let r = check_pdf(dir, path, a, renderer.as_ref());
            progress.advance();
            r
        })
        .collect();
    for (problems, rerendered) in results {
        found.0.extend(problems);
        report.pdfs_checked += 1;
        report.pdfs_rerendered += rerendered as usize;
    }

    found.0.sort();
    found.0.dedup();
    report.ok = found.0.is_empty();
    report.problems = found.0;
    Ok(report)
}

fn read_audit(dir: &Path, found: &mut Found) -> BTreeMap<String, AuditEntry> {
    let mut out = BTreeMap::new();
    let Ok(file) = std::fs::File::open(dir.join("audit-log.jsonl")) else {
        found.add("audit-log.jsonl", "cannot be read");
        return out;
    };
    use std::io::BufRead;
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let Ok(line) = line else {
            found.add("audit-log.jsonl", format!("line {}: cannot be read", i + 1));
            break;
        };
        let v: Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                found.add("audit-log.jsonl", format!("line {}: not JSON: {e}", i + 1));
                continue;
            }
        };
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let path = s("path");
        out.insert(
            path,
            AuditEntry {
                record_id: s("record_id"),
                document: s("document"),
                sha256: s("sha256"),
                record_sha256: s("record_sha256"),
            },
        );
    }
    out
}

fn check_signature(
    pk: &minisign::PublicKey,
    sig_path: &Path,
    tagmanifest: &[u8],
) -> Result<String, String> {
    let sig = minisign::SignatureBox::from_file(sig_path).map_err(|e| e.to_string())?;
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

/// The attachments of a PDF, by name.
pub fn attachments(doc: &lopdf::Document) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
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
        let bytes = doc
            .dereference(spec)
            .and_then(|(_, s)| s.as_dict())
            .and_then(|s| s.get(b"EF"))
            .and_then(|ef| doc.dereference(ef).map(|(_, o)| o))
            .and_then(|ef| ef.as_dict())
            .and_then(|ef| ef.get(b"F"))
            .and_then(|f| doc.dereference(f).map(|(_, o)| o))
            .and_then(|f| f.as_stream())
            .and_then(|s| s.get_plain_content());
        if let Ok(b) = bytes {
            out.insert(name, b);
        }
    }
    out
}

/// For each page, whether a text-showing operation on it prints `want`. Font encodings are
/// read once per document (lopdf's `extract_text` reads them again for every page, which
/// made it most of verify's time); the scan of a page stops at the first match, and the
/// footer comes before the body in smpdoc's content streams.
fn pages_showing(doc: &lopdf::Document, want: &str) -> Vec<(u32, bool)> {
    let mut encodings: BTreeMap<Vec<u8>, Option<lopdf::Encoding>> = BTreeMap::new();
    let mut out = Vec::new();
    for (n, page_id) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page_id).unwrap_or_default();
        for (name, font) in &fonts {
            encodings
                .entry(name.clone())
                .or_insert_with(|| font.get_font_encoding(doc).ok());
        }
        let printed = doc
            .get_and_decode_page_content(page_id)
            .map(|content| {
                let mut enc: Option<&lopdf::Encoding> = None;
                content
                    .operations
                    .iter()
                    .any(|op| match op.operator.as_str() {
                        "Tf" => {
                            enc = op
                                .operands
                                .first()
                                .and_then(|o| o.as_name().ok())
                                .and_then(|name| encodings.get(name))
                                .and_then(Option::as_ref);
                            false
                        }
                        "Tj" | "TJ" | "'" | "\"" => {
                            let Some(e) = enc else { return false };
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
            })
            .unwrap_or(false);
        out.push((n, printed));
    }
    out
}

fn check_pdf(
    dir: &Path,
    path: &str,
    a: &AuditEntry,
    renderer: Option<&(Renderer, crate::policy::Policy)>,
) -> (Vec<Problem>, bool) {
    let mut found = Found(Vec::new());
    let bytes = match std::fs::read(dir.join(path)) {
        Ok(b) => b,
        Err(e) => {
            found.add(path, format!("cannot be read: {e}"));
            return (found.0, false);
        }
    };
    let doc = match lopdf::Document::load_mem(&bytes) {
        Ok(d) => d,
        Err(e) => {
            found.add(path, format!("is not a readable PDF: {e}"));
            return (found.0, false);
        }
    };
    let files = attachments(&doc);
    let name = format!("{}.json", a.record_id);
    let Some(record_bytes) = files.get(&name) else {
        found.add(path, format!("has no embedded record {name}"));
        return (found.0, false);
    };
    let value: Value = match serde_json::from_slice(record_bytes) {
        Ok(v) => v,
        Err(e) => {
            found.add(path, format!("embedded {name} is not JSON: {e}"));
            return (found.0, false);
        }
    };
    let fp = record_fingerprint(&value).to_hex();
    if fp != a.record_sha256 {
        found.add(
            path,
            format!(
                "embedded record's fingerprint is {fp}, audit-log.jsonl says {} (record swapped?)",
                a.record_sha256
            ),
        );
    }
    if value.get("record_id").and_then(Value::as_str) != Some(a.record_id.as_str()) {
        found.add(
            path,
            "embedded record's record_id is not the one its folder names",
        );
    }
    // Every page's footer must print the embedded record's fingerprint.
    let want = format!("record sha256:{fp}");
    for (n, printed) in pages_showing(&doc, &want) {
        if !printed {
            found.add(
                path,
                format!("page {n}'s footer does not print the embedded record's fingerprint"),
            );
        }
    }
    let mut rerendered = false;
    if let Some((r, policy)) = renderer {
        match rerender(r, policy, path, &value, record_bytes, &files, &a.document) {
            Ok(fresh) if fresh == bytes => rerendered = true,
            Ok(_) => {
                rerendered = true;
                found.add(
                    path,
                    "differs from a fresh render of its embedded record (replaced or edited?)",
                );
            }
            Err(e) => found.add(path, format!("cannot be rendered again: {e}")),
        }
    }
    (found.0, rerendered)
}

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
        if let Some(b) = files.get(&image_attachment_name(key)) {
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

fn prepare_rerender(
    info: &[(String, String)],
    opts: &Options,
    found: &mut Found,
) -> Result<Option<(Renderer, crate::policy::Policy)>, VerifyError> {
    let version = info_get(info, "Smpdoc-Version").unwrap_or("");
    if version != env!("CARGO_PKG_VERSION") {
        found.add(
            "bag-info.txt",
            format!(
                "made by smpdoc {version}; a byte-for-byte re-render needs that version (this is {})",
                env!("CARGO_PKG_VERSION")
            ),
        );
        return Ok(None);
    }
    let templates = match &opts.templates {
        Some(d) => Templates::from_dir(d)?,
        None => Templates::builtin()?,
    };
    let recorded: BTreeMap<String, String> = info
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("Smpdoc-Template-Sha256"))
        .filter_map(|(_, v)| {
            let mut it = v.split_whitespace();
            Some((
                it.nth(1)?.to_string(),
                v.split_whitespace().next()?.to_string(),
            ))
        })
        .collect();
    for t in templates.sources() {
        match recorded.get(&t.name) {
            Some(h) if *h == t.sha256 => {}
            Some(h) => {
                found.add(
                    "bag-info.txt",
                    format!(
                        "template {} was {h} when rendered, {} now: give --templates with the templates used",
                        t.name, t.sha256
                    ),
                );
                return Ok(None);
            }
            None => {
                found.add(
                    "bag-info.txt",
                    format!("does not record template {}", t.name),
                );
                return Ok(None);
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
    Ok(Some((Renderer::new(templates, paper)?, policy)))
}
