//! The archive as a BagIt 1.0 bag (RFC 8493): manifests, bag-info, the audit log, the
//! rejected list, the auditor's instructions and the optional minisign signature.
//!
//! Invariants:
//! - payload files are written (atomically) before any tag file; `bagit.txt`, which makes a
//!   folder a bag, is written last, so an interrupted run never leaves a bag that validates;
//! - manifest lines and the audit log are in input order (RFC 8493 asks for no order, and
//!   input order is deterministic and needs no sort, so a batch of any size streams both
//!   to disk in bounded memory), and nothing reads
//!   the clock except `Bagging-Date` when `SOURCE_DATE_EPOCH` is unset: two runs over the
//!   same input with the same `SOURCE_DATE_EPOCH` give byte-identical bags (the minisign
//!   signature aside: ed25519 signatures made by minisign are randomised);
//! - no client name is written into any tag file: records are named by `record_id`.

use crate::archive::{self, ArchiveError};
use crate::batch::{Outcome, Summary};
use crate::fingerprint::sha256;
use crate::formats::{AuditEntry, RejectedEntry};
use crate::template::TemplateSource;
use sha2::Digest;
use std::collections::BTreeSet;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The tag files, in the order `tagmanifest-sha256.txt` lists them (sorted).
pub const TAG_FILES: [&str; 6] = [
    "audit-log.jsonl",
    "bag-info.txt",
    "bagit.txt",
    "manifest-sha256.txt",
    "rejected.jsonl",
    "VERIFYING.txt",
];

/// The tag folder holding the templates (and message files and assets) the bag was
/// rendered with, covered by the tag manifest and so by the signature.
pub const TEMPLATES_DIR: &str = "templates";

/// The signature file next to the tag manifest.
pub const SIGNATURE_FILE: &str = "tagmanifest-sha256.txt.minisig";

/// Percent-encodes a payload path as RFC 8493 requires for manifests (CR, LF and '%').
pub fn encode_path(p: &str) -> String {
    p.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Reverses `encode_path`.
pub fn decode_path(p: &str) -> String {
    p.replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%25", "%")
}

/// Builds a bag while a batch runs: the audit log, the rejected list and the payload
/// manifest are streamed to temporary files in input order.
pub struct BagWriter {
    dir: PathBuf,
    audit: BufWriter<std::fs::File>,
    rejected: BufWriter<std::fs::File>,
    manifest: BufWriter<std::fs::File>,
    manifest_hash: sha2::Sha256,
    octets: u64,
    files: usize,
    records_in_bag: usize,
    organizations: BTreeSet<String>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ArchiveError + '_ {
    move |source| ArchiveError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn create_temp(path: &Path) -> Result<BufWriter<std::fs::File>, ArchiveError> {
    let tmp = archive::temp_name(path);
    let f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(io(&tmp))?;
    Ok(BufWriter::new(f))
}

fn commit_temp(path: &Path, w: BufWriter<std::fs::File>) -> Result<(), ArchiveError> {
    let tmp = archive::temp_name(path);
    let f = w.into_inner().map_err(|e| ArchiveError::Io {
        path: tmp.display().to_string(),
        source: e.into_error(),
    })?;
    f.sync_all().map_err(io(&tmp))?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(io(path))
}

/// What the finished bag says about itself.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BagSummary {
    /// The batch id (External-Identifier): derived from the payload manifest.
    pub batch_id: String,
    /// SHA-256 of `manifest-sha256.txt`.
    pub manifest_sha256: String,
    /// Payload-Oxum.
    pub payload_oxum: String,
    /// Whether the bag was signed.
    pub signed: bool,
}

/// How to sign the bag.
pub struct SignWith {
    /// The decrypted secret key.
    pub secret_key: minisign::SecretKey,
}

#[derive(Clone, Copy)]
enum Which {
    Audit,
    Rejected,
}

impl BagWriter {
    /// Starts a bag in `dir` (already created and empty).
    pub fn new(dir: &Path) -> Result<BagWriter, ArchiveError> {
        Ok(BagWriter {
            dir: dir.to_path_buf(),
            audit: create_temp(&dir.join("audit-log.jsonl"))?,
            rejected: create_temp(&dir.join("rejected.jsonl"))?,
            manifest: create_temp(&dir.join("manifest-sha256.txt"))?,
            manifest_hash: sha2::Sha256::new(),
            octets: 0,
            files: 0,
            records_in_bag: 0,
            organizations: BTreeSet::new(),
        })
    }

    /// Records one outcome: its documents into the manifest and audit log, or its errors
    /// into the rejected list.
    pub fn add(
        &mut self,
        o: &Outcome,
        clinic: Option<&str>,
        templates: &[TemplateSource],
    ) -> Result<(), ArchiveError> {
        if o.rejected() {
            let line = RejectedEntry {
                file: o.origin.file.clone(),
                index: o.origin.index,
                line: o.origin.line,
                record_id: o.record_id.clone(),
                errors: o.errors.clone(),
                warnings: o.warnings.clone(),
            };
            self.write_line(Which::Rejected, &line)?;
            return Ok(());
        }
        if let Some(c) = clinic {
            self.organizations.insert(c.to_string());
        }
        if !o.documents.is_empty() {
            self.records_in_bag += 1;
        }
        for d in &o.documents {
            let template_sha256 = templates
                .iter()
                .find(|t| t.name == d.template)
                .map(|t| t.sha256.clone())
                .unwrap_or_default();
            let entry = AuditEntry {
                record_id: o.record_id.clone().unwrap_or_default(),
                document: d.document.to_string(),
                path: d.path.clone(),
                sha256: d.sha256.clone(),
                bytes: d.bytes,
                record_sha256: o.record_sha256.clone().unwrap_or_default(),
                template_sha256,
                warnings: o.warnings.clone(),
            };
            self.write_line(Which::Audit, &entry)?;
            let line = format!("{}  {}\n", d.sha256, encode_path(&d.path));
            self.manifest_hash.update(line.as_bytes());
            self.manifest
                .write_all(line.as_bytes())
                .map_err(io(&self.dir))?;
            self.octets += d.bytes;
            self.files += 1;
        }
        Ok(())
    }

    fn write_line(
        &mut self,
        which: Which,
        value: &impl serde::Serialize,
    ) -> Result<(), ArchiveError> {
        let w = match which {
            Which::Audit => &mut self.audit,
            Which::Rejected => &mut self.rejected,
        };
        serde_json::to_writer(&mut *w, value)
            .map_err(std::io::Error::from)
            .and_then(|()| w.write_all(b"\n"))
            .map_err(io(&self.dir))
    }

    /// Writes the tag files (bagit.txt last) and the signature.
    pub fn finish(
        mut self,
        summary: &Summary,
        templates: &[TemplateSource],
        bagging_date: &str,
        paper: &str,
        policy: &crate::policy::Policy,
        sign: Option<&SignWith>,
    ) -> Result<BagSummary, ArchiveError> {
        let dir = self.dir.clone();
        self.audit.flush().map_err(io(&dir))?;
        self.rejected.flush().map_err(io(&dir))?;
        commit_temp(&dir.join("audit-log.jsonl"), self.audit)?;
        commit_temp(&dir.join("rejected.jsonl"), self.rejected)?;

        let manifest_path = dir.join("manifest-sha256.txt");
        let manifest_sha256 = hex::encode(self.manifest_hash.finalize());
        let batch_id = format!("smpdoc-{}", &manifest_sha256[..16]);
        let (octets, files) = (self.octets, self.files);
        let payload_oxum = format!("{octets}.{files}");

        let mut info = String::new();
        if self.organizations.is_empty() {
            info.push_str("Source-Organization: (no record rendered)\n");
        }
        for org in &self.organizations {
            info.push_str(&format!("Source-Organization: {}\n", one_line(org)));
        }
        info.push_str(&format!("Bagging-Date: {bagging_date}\n"));
        info.push_str(&format!("External-Identifier: {batch_id}\n"));
        info.push_str(&format!("Payload-Oxum: {payload_oxum}\n"));
        info.push_str(&format!("Smpdoc-Version: {}\n", env!("CARGO_PKG_VERSION")));
        for t in templates {
            info.push_str(&format!(
                "Smpdoc-Template-Sha256: {} {}{}\n",
                t.sha256,
                t.name,
                if t.origin.starts_with("built-in") {
                    " (built-in)"
                } else {
                    ""
                }
            ));
        }
        info.push_str(&format!("Smpdoc-Paper: {paper}\n"));
        if let Some(f) = &policy.fallback_language {
            info.push_str(&format!("Smpdoc-Fallback-Language: {}\n", one_line(f)));
        }
        // What of the policy the documents print, so that a re-render prints the same.
        info.push_str(&format!(
            "Smpdoc-Letter-Countries: {}\n",
            policy.letter_countries.join(" ")
        ));
        info.push_str(&format!(
            "Smpdoc-Retention-Years: {}\n",
            policy.retention_years
        ));
        info.push_str(&format!(
            "Smpdoc-Records: {} rendered, {} rejected\n",
            summary.rendered, summary.rejected
        ));
        info.push_str(&format!("Bag-Size: {}\n", human_size(octets)));

        let verifying = verifying_text(&batch_id, sign.is_some());
        commit_temp(&manifest_path, self.manifest)?;
        let template_files = write_templates(&dir, templates)?;
        archive::write_new(&dir.join("bag-info.txt"), info.as_bytes())?;
        archive::write_new(&dir.join("VERIFYING.txt"), verifying.as_bytes())?;
        let bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

        // The tag manifest covers bagit.txt too, whose bytes are fixed: hash it before it
        // exists so that it can be written last.
        let mut tagmanifest = String::new();
        for name in TAG_FILES {
            let digest = if name == "bagit.txt" {
                sha256(bagit.as_bytes()).to_hex()
            } else {
                crate::fingerprint::sha256_file(&dir.join(name))
                    .map_err(io(&dir.join(name)))?
                    .0
                    .to_hex()
            };
            tagmanifest.push_str(&format!("{digest}  {name}\n"));
        }
        for (path, digest) in &template_files {
            tagmanifest.push_str(&format!("{digest}  {}\n", encode_path(path)));
        }
        archive::write_new(&dir.join("tagmanifest-sha256.txt"), tagmanifest.as_bytes())?;
        if let Some(s) = sign {
            let comment = trusted_comment(&batch_id, self.records_in_bag, &manifest_sha256);
            write_signature(&dir, s, &tagmanifest, &comment)?;
        }
        archive::write_new(&dir.join("bagit.txt"), bagit.as_bytes())?;
        Ok(BagSummary {
            batch_id,
            manifest_sha256,
            payload_oxum,
            signed: sign.is_some(),
        })
    }
}

/// Writes every template file under `templates/<name>` (names are relative paths from
/// `Templates::sources`, e.g. `consent.md.hbs` or `en/messages.ftl`); returns each bag path
/// with its SHA-256, sorted by path. A name that is not a plain relative path is refused
/// rather than written outside the bag.
fn write_templates(
    dir: &Path,
    templates: &[TemplateSource],
) -> Result<Vec<(String, String)>, ArchiveError> {
    let mut out = Vec::new();
    for t in templates {
        let rel = Path::new(&t.name);
        let plain = !t.name.is_empty()
            && rel
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain {
            return Err(ArchiveError::Io {
                path: t.name.clone(),
                source: std::io::Error::other("a template name must be a relative path"),
            });
        }
        let path = dir.join(TEMPLATES_DIR).join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        archive::write_new(&path, &t.bytes)?;
        let bag_path = format!(
            "{TEMPLATES_DIR}/{}",
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        );
        out.push((bag_path, sha256(&t.bytes).to_hex()));
    }
    out.sort();
    Ok(out)
}

/// Signs a bag's tag manifest with minisign and writes the signature file beside it (never
/// over an existing one).
pub fn write_signature(
    dir: &Path,
    sign: &SignWith,
    tagmanifest: &str,
    trusted_comment: &str,
) -> Result<(), ArchiveError> {
    let sig = minisign::sign(
        None,
        &sign.secret_key,
        std::io::Cursor::new(tagmanifest.as_bytes()),
        Some(trusted_comment),
        Some("smpdoc signature of tagmanifest-sha256.txt"),
    )
    .map_err(|e| ArchiveError::Io {
        path: SIGNATURE_FILE.into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    archive::write_new(&dir.join(SIGNATURE_FILE), sig.into_string().as_bytes())
}

/// The signature's trusted comment: what the signer vouches for besides the tag manifest.
/// `records` is the number of distinct records with at least one document in the bag (the
/// distinct `record_id`s of the audit log): the writer counts them as it adds them and
/// `verify` counts them in the audit log, so the two agree whatever `--only` left out.
pub fn trusted_comment(batch_id: &str, records: usize, manifest_sha256: &str) -> String {
    format!("smpdoc batch {batch_id} records {records} manifest-sha256 {manifest_sha256}")
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn human_size(octets: u64) -> String {
    match octets {
        n if n >= 1 << 30 => format!("{:.1} GB", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KB", n as f64 / (1u64 << 10) as f64),
        n => format!("{n} bytes"),
    }
}

/// `Bagging-Date`: from `SOURCE_DATE_EPOCH` when set (reproducible bags), else today (UTC).
pub fn bagging_date() -> Result<String, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => {
            let secs: i64 = v
                .trim()
                .parse()
                .map_err(|_| format!("SOURCE_DATE_EPOCH={v} is not a number of seconds"))?;
            chrono::DateTime::from_timestamp(secs, 0)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .ok_or_else(|| format!("SOURCE_DATE_EPOCH={v} is out of range"))
        }
        Err(_) => {
            // The one place smpdoc reads the clock: the date a bag was made, which the
            // BagIt spec asks for. SOURCE_DATE_EPOCH pins it.
            #[allow(clippy::disallowed_methods)]
            let now = chrono::Utc::now();
            Ok(now.format("%Y-%m-%d").to_string())
        }
    }
}

/// Steps 1 and 2 of every VERIFYING.txt (a render's bag, an export): the bag checked with
/// bagit.py and with coreutils.
pub(crate) const VERIFY_BAG_STEPS: &str = "1. The bag: every file present, none added, every hash right (Library of Congress\n   \
     bagit-python, `pip install bagit`):\n\n       \
     bagit.py --validate .\n\n\
     2. The same with coreutils, from this folder:\n\n       \
     sha256sum -c manifest-sha256.txt tagmanifest-sha256.txt\n\n";

fn verifying_text(batch_id: &str, signed: bool) -> String {
    let bag_steps = VERIFY_BAG_STEPS;
    let sig = if signed {
        "3. The signature, with the clinic's public key obtained from the clinic through a\n   \
         channel you trust (never from inside this folder):\n\n       \
         minisign -Vm tagmanifest-sha256.txt -p CLINIC.pub\n\n   \
         The trusted comment it prints names this batch, its record count and the SHA-256\n   \
         of manifest-sha256.txt (compare with: sha256sum manifest-sha256.txt).\n\n"
    } else {
        "3. (This batch is not signed: there is no tagmanifest-sha256.txt.minisig.)\n\n"
    };
    format!(
        "How to verify this archive without smpdoc\n\
         ==========================================\n\n\
         Batch {batch_id}: a BagIt 1.0 bag (RFC 8493) of PDFs made by smpdoc.\n\
         Each PDF is data/<record_id>/consent.pdf or treatment-record.pdf.\n\n\
         {bag_steps}\
         {sig}\
         4. Each PDF carries its source record as an attachment, in RFC 8785 canonical JSON;\n   \
         its SHA-256 is the record fingerprint printed in the footer of every page and\n   \
         listed as record_sha256 in audit-log.jsonl:\n\n       \
         qpdf --show-attachment=<record_id>.json data/<record_id>/consent.pdf | sha256sum\n\n\
         What steps 1 to 4 do not prove: that each page shows what its record says. A page\n\
         can be edited (a name covered and another printed over it) while its embedded\n\
         record and footers stay intact; only rendering the record again and comparing the\n\
         bytes shows that, and that needs smpdoc {version} (the version in bag-info.txt) and\n\
         the templates whose SHA-256 bag-info.txt lists: they are in templates/, covered by\n\
         tagmanifest-sha256.txt.\n\n\
         5. With smpdoc, all of the above and a byte-for-byte re-render of every PDF:\n\n       \
         smpdoc verify . --pubkey CLINIC.pub\n\n   \
         It re-renders by default whenever it is that version, with the templates in\n   \
         templates/ (--templates DIR to use other copies); otherwise its report says\n   \
         \"page content not re-checked\" and why. --rerender makes that a failure.\n",
        version = env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_encoded_as_rfc_8493_says() {
        let p = "data/a%b\nc\rd.pdf";
        assert_eq!(encode_path(p), "data/a%25b%0Ac%0Dd.pdf");
        assert_eq!(decode_path(&encode_path(p)), p);
    }
}
