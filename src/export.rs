//! A client's documents, gathered from every bag the catalog holds into a new BagIt bag of
//! their own: the answer to a data-access request.
//!
//! Invariants:
//! - every document is copied byte for byte and checked against the SHA-256 the catalog
//!   indexed (a source bag changed since `catalog add` stops the export);
//! - `provenance.jsonl` (a tag file, covered by the tag manifest and the signature) names
//!   for each document its source bag, the source manifest's line, the source tag manifest
//!   and the source signature, so the copy can be traced back to the signed original;
//! - only documents of records whose `client_id` is the one asked for are copied;
//! - the bag is written like `render`'s: files under temporary names, one sync, then the
//!   tag files, `bagit.txt` last; nothing reads the clock but `Bagging-Date` (fixed by
//!   `SOURCE_DATE_EPOCH`).

use crate::archive::{self, ArchiveError};
use crate::bag::{SIGNATURE_FILE, SignWith, encode_path};
use crate::catalog::{Catalog, CatalogError, Query};
use crate::fingerprint::sha256;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The provenance tag file.
pub const PROVENANCE_FILE: &str = "provenance.jsonl";

/// One line of `provenance.jsonl`: where a document of the export comes from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The document's path in this bag.
    pub path: String,
    /// The record it was rendered from.
    pub record_id: String,
    /// `consent` or `treatment-record`.
    pub document: String,
    /// SHA-256 of the PDF (the same in the source bag).
    pub sha256: String,
    /// The source bag's External-Identifier.
    pub source_bag: String,
    /// The document's line in the source bag's `manifest-sha256.txt`.
    pub source_manifest_line: String,
    /// SHA-256 of the source bag's `manifest-sha256.txt` (its tag manifest lists it).
    pub source_manifest_sha256: String,
    /// The source bag's `tagmanifest-sha256.txt`, which its signature signs.
    pub source_tagmanifest: String,
    /// The source bag's `tagmanifest-sha256.txt.minisig`, when it is signed.
    pub source_signature: Option<String>,
}

/// Why an export could not be made (exit 2), or found nothing (exit 1).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The catalog failed.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// No record of the client is indexed.
    #[error("the catalog holds no record of client {0}")]
    NothingFound(String),
    /// The output cannot be written.
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// A source file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A source bag's manifest no longer lists a document as the catalog indexed it.
    #[error(
        "{path}: the bag's manifest-sha256.txt no longer has the line {line:?}: the bag changed since `catalog add`"
    )]
    NotInManifest {
        /// The file.
        path: String,
        /// The line looked for.
        line: String,
    },
    /// A source document is not what the catalog indexed.
    #[error(
        "{path} has SHA-256 {found}, the catalog indexed {indexed}: the bag changed since `catalog add`"
    )]
    Changed {
        /// The file.
        path: String,
        /// What it is now.
        found: String,
        /// What was indexed.
        indexed: String,
    },
}

impl ExportError {
    /// What would fix it.
    pub fn hints(&self) -> Vec<String> {
        match self {
            ExportError::Catalog(c) => c.hints(),
            ExportError::Archive(_) => vec!["choose a new folder for --out".into()],
            ExportError::Changed { .. }
            | ExportError::NotInManifest { .. }
            | ExportError::Read { .. } => {
                vec!["`smpdoc catalog check` re-verifies every bag; a moved bag is fixed with `smpdoc catalog relocate OLD NEW`".into()]
            }
            ExportError::NothingFound(_) => {
                vec!["`smpdoc find --name TEXT` finds a client's id".into()]
            }
        }
    }
}

/// What the export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    /// The export's External-Identifier.
    pub bag_id: String,
    /// Documents copied.
    pub documents: usize,
    /// Records they come from.
    pub records: usize,
    /// Whether it was signed.
    pub signed: bool,
}

struct SourceBag {
    manifest: String,
    manifest_sha256: String,
    tagmanifest: String,
    signature: Option<String>,
}

fn read(path: &Path) -> Result<Vec<u8>, ExportError> {
    std::fs::read(path).map_err(|source| ExportError::Read {
        path: path.display().to_string(),
        source,
    })
}

/// Copies every document of `client` into a new bag at `out`.
pub fn export_client(
    catalog: &Catalog,
    client: &str,
    out: &Path,
    sign: Option<&SignWith>,
    bagging_date: &str,
) -> Result<Exported, ExportError> {
    let hits: Vec<_> = catalog
        .find(&Query::Client(client.to_string()))?
        .into_iter()
        .filter(|h| h.client_id == client)
        .collect();
    if hits.is_empty() {
        return Err(ExportError::NothingFound(client.to_string()));
    }
    archive::create_dir(out)?;
    let mut sources: BTreeMap<String, SourceBag> = BTreeMap::new();
    let mut entries = Vec::new();
    for h in &hits {
        for d in &h.documents {
            let bag_dir = Path::new(&d.bag_path);
            if !sources.contains_key(&d.bag_id) {
                let manifest_bytes = read(&bag_dir.join("manifest-sha256.txt"))?;
                let tagmanifest = read(&bag_dir.join("tagmanifest-sha256.txt"))?;
                let signature = match bag_dir.join(SIGNATURE_FILE) {
                    p if p.is_file() => Some(String::from_utf8_lossy(&read(&p)?).into_owned()),
                    _ => None,
                };
                sources.insert(
                    d.bag_id.clone(),
                    SourceBag {
                        manifest_sha256: sha256(&manifest_bytes).to_hex(),
                        manifest: String::from_utf8_lossy(&manifest_bytes).into_owned(),
                        tagmanifest: String::from_utf8_lossy(&tagmanifest).into_owned(),
                        signature,
                    },
                );
            }
            let src = &sources[&d.bag_id];
            let from = bag_dir.join(&d.path);
            let bytes = read(&from)?;
            let found = sha256(&bytes).to_hex();
            if found != d.sha256 {
                return Err(ExportError::Changed {
                    path: from.display().to_string(),
                    found,
                    indexed: d.sha256.clone(),
                });
            }
            let want = format!("{}  {}", d.sha256, encode_path(&d.path));
            let Some(line) = src.manifest.lines().find(|l| *l == want) else {
                return Err(ExportError::NotInManifest {
                    path: from.display().to_string(),
                    line: want,
                });
            };
            let line = line.to_string();
            let rel = d.path.strip_prefix("data/").unwrap_or(&d.path);
            let path = format!("data/{}/{rel}", d.bag_id);
            let target = out.join(&path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|source| ArchiveError::Io {
                    path: parent.display().to_string(),
                    source,
                })?;
            }
            archive::write_new_unsynced(&target, &bytes)?;
            entries.push((
                Provenance {
                    path,
                    record_id: h.record_id.clone(),
                    document: d.document.clone(),
                    sha256: d.sha256.clone(),
                    source_bag: d.bag_id.clone(),
                    source_manifest_line: line,
                    source_manifest_sha256: src.manifest_sha256.clone(),
                    source_tagmanifest: src.tagmanifest.clone(),
                    source_signature: src.signature.clone(),
                },
                bytes.len() as u64,
            ));
        }
    }
    entries.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    archive::sync_all_files(out)?;

    let mut manifest = String::new();
    let mut provenance = String::new();
    let mut octets = 0u64;
    for (p, len) in &entries {
        manifest.push_str(&format!("{}  {}\n", p.sha256, encode_path(&p.path)));
        provenance.push_str(&serde_json::to_string(p).unwrap_or_default());
        provenance.push('\n');
        octets += len;
    }
    let manifest_sha256 = sha256(manifest.as_bytes()).to_hex();
    let bag_id = format!("smpdoc-export-{}", &manifest_sha256[..16]);
    let records = hits.len();
    let info = format!(
        "Source-Organization: (documents gathered from {} bags by smpdoc export)\n\
         Bagging-Date: {bagging_date}\n\
         External-Identifier: {bag_id}\n\
         Payload-Oxum: {octets}.{}\n\
         Smpdoc-Version: {}\n\
         Smpdoc-Export-Client: {client}\n\
         Smpdoc-Records: {records}\n",
        sources.len(),
        entries.len(),
        env!("CARGO_PKG_VERSION"),
    );
    let bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
    let verifying = verifying_text(&bag_id, sign.is_some());
    archive::write_new(&out.join("manifest-sha256.txt"), manifest.as_bytes())?;
    archive::write_new(&out.join(PROVENANCE_FILE), provenance.as_bytes())?;
    archive::write_new(&out.join("bag-info.txt"), info.as_bytes())?;
    archive::write_new(&out.join("VERIFYING.txt"), verifying.as_bytes())?;
    // Listed as render's bags list theirs: VERIFYING.txt last.
    let mut tagmanifest = String::new();
    for (name, bytes) in [
        ("bag-info.txt", info.as_bytes()),
        ("bagit.txt", bagit.as_bytes()),
        ("manifest-sha256.txt", manifest.as_bytes()),
        (PROVENANCE_FILE, provenance.as_bytes()),
        ("VERIFYING.txt", verifying.as_bytes()),
    ] {
        tagmanifest.push_str(&format!("{}  {name}\n", sha256(bytes).to_hex()));
    }
    archive::write_new(&out.join("tagmanifest-sha256.txt"), tagmanifest.as_bytes())?;
    if let Some(s) = sign {
        let comment = format!(
            "smpdoc export {bag_id} client {client} documents {} manifest-sha256 {manifest_sha256}",
            entries.len()
        );
        crate::bag::write_signature(out, s, &tagmanifest, &comment)?;
    }
    archive::write_new(&out.join("bagit.txt"), bagit.as_bytes())?;
    Ok(Exported {
        bag_id,
        documents: entries.len(),
        records,
        signed: sign.is_some(),
    })
}

/// The recipient's instructions: how to check the export with outside tools, and what
/// `provenance.jsonl` proves (and does not) about where each document comes from. Names no
/// client: the same text for every export but its id and whether it is signed.
fn verifying_text(bag_id: &str, signed: bool) -> String {
    let bag_steps = crate::bag::VERIFY_BAG_STEPS;
    let sig = if signed {
        "3. The signature of this export, with the clinic's public key obtained from the\n   \
         clinic through a channel you trust (never from inside this folder):\n\n       \
         minisign -Vm tagmanifest-sha256.txt -p CLINIC.pub\n\n   \
         The trusted comment it prints names this export, the client's number, the number\n   \
         of documents and the SHA-256 of manifest-sha256.txt (compare with:\n   \
         sha256sum manifest-sha256.txt).\n\n"
    } else {
        "3. This export is not signed: there is no tagmanifest-sha256.txt.minisig. Step 4\n   \
         still ties each document to the clinic's signed archive.\n\n"
    };
    format!(
        "How to verify this export without smpdoc\n\
         ========================================\n\n\
         Export {bag_id}: a BagIt 1.0 bag (RFC 8493) of one\n\
         client's documents, gathered by smpdoc export from the clinic's archive. Each PDF\n\
         is data/<source bag>/<record_id>/consent.pdf or treatment-record.pdf, a\n\
         byte-for-byte copy of the document in that source bag.\n\n\
         {bag_steps}\
         {sig}\
         4. Where each document comes from: provenance.jsonl has one JSON line per document:\n   \
         its path here (path), record_id, document and SHA-256 (sha256); the source bag's\n   \
         External-Identifier (source_bag); the document's line in the source bag's\n   \
         manifest-sha256.txt (source_manifest_line); the SHA-256 of that manifest\n   \
         (source_manifest_sha256); the source bag's tagmanifest-sha256.txt\n   \
         (source_tagmanifest) and, when the source bag is signed, its signature\n   \
         (source_signature), as the clinic wrote them when it made that bag. To check the\n   \
         Nth line's source signature (here N = 1), in an empty folder outside this one,\n   \
         with EXPORT the path of this folder:\n\n       \
         python3 -c 'import json, sys; p = json.loads(open(sys.argv[1], encoding=\"utf-8\").readlines()[int(sys.argv[2]) - 1]); open(\"tagmanifest-sha256.txt\", \"w\", encoding=\"utf-8\", newline=\"\").write(p[\"source_tagmanifest\"]); open(\"tagmanifest-sha256.txt.minisig\", \"w\", encoding=\"utf-8\", newline=\"\").write(p[\"source_signature\"])' EXPORT/provenance.jsonl 1\n       \
         minisign -Vm tagmanifest-sha256.txt -p CLINIC.pub\n       \
         grep '  manifest-sha256.txt$' tagmanifest-sha256.txt\n\n   \
         What this proves: the clinic's key signed a tag manifest (its trusted comment names\n   \
         the source bag, as source_bag does) that lists a manifest-sha256.txt with the\n   \
         SHA-256 source_manifest_sha256; and source_manifest_line gives the document the\n   \
         SHA-256 it has here (sha256sum of the PDF; step 2 checked it against this\n   \
         export's manifest).\n\n   \
         What this does not prove: that source_manifest_line is a line of that signed\n   \
         manifest. The manifest lists the documents of every client in the source bag, so\n   \
         it is not given to you; the clinic, or an auditor holding the source bag, can show\n   \
         that the manifest with that SHA-256 holds the line.\n\n\
         5. Each PDF carries its source record as an attachment, in RFC 8785 canonical JSON;\n   \
         its SHA-256 is the record fingerprint printed in the footer of every page:\n\n       \
         qpdf --show-attachment=<record_id>.json data/<source bag>/<record_id>/consent.pdf | sha256sum\n\n\
         What steps 1 to 5 do not prove: that each page shows what its record says. That\n\
         needs the source bag: `smpdoc verify` renders its records again and compares the\n\
         bytes with the copies there, whose SHA-256 this export's documents have.\n"
    )
}
