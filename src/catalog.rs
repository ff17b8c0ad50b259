//! The catalog: a SQLite index of the records in many bags, for recalls (`trace`), a
//! client's documents (`find`, `export`), corrections and moved bags (`check`,
//! `relocate`). The only module that touches rusqlite.
//!
//! Invariants:
//! - a bag is indexed only after `verify` (manifests, signature, embedded records; no
//!   re-render) found nothing wrong, from the records embedded in its PDFs, never from
//!   anything the bag merely claims;
//! - one transaction per bag: an interrupted `catalog add` leaves the catalog as it was
//!   before that bag; adding a bag already indexed (same External-Identifier) is a no-op;
//! - a file is ours when its SQLite `application_id` is `APPLICATION_ID`; its
//!   `user_version` says the catalog format, and a newer one is refused, never rewritten;
//! - the file is created readable by its owner only (it holds personal and health data).

use crate::record::Record;
use crate::verify::{self, Collected};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use unicode_normalization::UnicodeNormalization;

/// The catalog file used when neither `--catalog` nor `SMPDOC_CATALOG` names one, in the
/// current folder.
pub const DEFAULT_FILE: &str = "smpdoc-catalog.sqlite";

/// `PRAGMA application_id` of an smpdoc catalog ("SMPC").
pub const APPLICATION_ID: i32 = 0x534D_5043;

/// The catalog format this smpdoc writes (`PRAGMA user_version`).
pub const VERSION: i32 = 1;

/// How long to wait for another smpdoc writing the catalog before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SCHEMA: &str = "
CREATE TABLE bags(
  id INTEGER PRIMARY KEY,
  bag_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  signature TEXT NOT NULL,
  key_id TEXT,
  manifest_sha256 TEXT NOT NULL
);
CREATE TABLE records(
  id INTEGER PRIMARY KEY,
  record_id TEXT NOT NULL,
  fingerprint BLOB NOT NULL,
  client_id TEXT NOT NULL,
  name TEXT NOT NULL,
  name_fold TEXT NOT NULL,
  family_fold TEXT NOT NULL,
  birth TEXT NOT NULL,
  contact TEXT NOT NULL,
  session_date TEXT,
  screened TEXT NOT NULL,
  zones TEXT NOT NULL,
  corrects TEXT,
  corrects_reason TEXT
);
CREATE INDEX records_record_id ON records(record_id);
CREATE INDEX records_client ON records(client_id);
CREATE INDEX records_name ON records(name_fold);
CREATE INDEX records_family ON records(family_fold);
CREATE INDEX records_corrects ON records(corrects) WHERE corrects IS NOT NULL;
CREATE TABLE documents(
  record INTEGER NOT NULL,
  bag INTEGER NOT NULL,
  document TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 BLOB NOT NULL,
  PRIMARY KEY(record, bag, document)
) WITHOUT ROWID;
CREATE INDEX documents_bag ON documents(bag);
CREATE TABLE lots(
  lot_fold TEXT NOT NULL,
  record INTEGER NOT NULL,
  kind TEXT NOT NULL,
  lot TEXT NOT NULL,
  PRIMARY KEY(lot_fold, record, kind, lot)
) WITHOUT ROWID;
CREATE INDEX lots_record ON lots(record);
";

/// The catalog cannot be used (exit 2), or a query or write failed.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// There is no catalog file where one is looked for.
    #[error("there is no catalog at {path}")]
    Missing {
        /// The file.
        path: String,
    },
    /// The file is not an smpdoc catalog (another SQLite database, or not SQLite at all).
    #[error("{path} is not an smpdoc catalog")]
    NotOurs {
        /// The file.
        path: String,
    },
    /// The file is a catalog of a newer format.
    #[error(
        "{path} is a catalog of format {found}, written by a newer smpdoc; this one reads format {VERSION}"
    )]
    Newer {
        /// The file.
        path: String,
        /// Its `user_version`.
        found: i32,
    },
    /// Another process holds the catalog's write lock for longer than `BUSY_TIMEOUT`.
    #[error("{path} is locked: another smpdoc is writing to it")]
    Locked {
        /// The file.
        path: String,
    },
    /// The file cannot be created or read.
    #[error("cannot open {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("{path}: {source}")]
    Sql {
        /// The file.
        path: String,
        /// Why.
        source: rusqlite::Error,
    },
    /// Verification could not run on a bag.
    #[error(transparent)]
    Verify(#[from] verify::VerifyError),
}

impl CatalogError {
    /// What would fix it, for a person.
    pub fn hints(&self) -> Vec<String> {
        match self {
            CatalogError::Missing { .. } => vec![
                "`smpdoc catalog add BAG...` creates it; --catalog FILE or SMPDOC_CATALOG names another one".into(),
            ],
            CatalogError::NotOurs { .. } => vec![
                "give --catalog (or SMPDOC_CATALOG) the catalog file `smpdoc catalog add` made; this file was left as it was".into(),
            ],
            CatalogError::Newer { .. } => vec![
                "use the smpdoc that wrote it (or a newer one); this catalog was left as it was".into(),
            ],
            CatalogError::Locked { .. } => vec![
                "wait for the other `smpdoc catalog add` to finish, then run this again".into(),
            ],
            _ => Vec::new(),
        }
    }
}

/// An open catalog.
pub struct Catalog {
    conn: Connection,
    path: String,
}

/// Creates `path` readable and writable by its owner only.
///
/// Platform call: the Unix file mode 0600 (`OpenOptionsExt::mode`). Elsewhere the file
/// gets the platform's default permissions (on Windows, the folder's inherited ACL).
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path).map(drop)
}

/// Case-folded NFC form, as names and lots are searched: case and surrounding white space
/// ignored, nothing else.
pub fn fold(s: &str) -> String {
    s.trim().nfc().collect::<String>().to_lowercase()
}

impl Catalog {
    /// Opens the catalog at `path`; with `create`, makes a new one when there is none.
    pub fn open(path: &Path, create: bool) -> Result<Catalog, CatalogError> {
        let shown = path.display().to_string();
        let fresh = !path.exists();
        if fresh {
            if !create {
                return Err(CatalogError::Missing { path: shown });
            }
            create_private(path).map_err(|source| CatalogError::Io {
                path: shown.clone(),
                source,
            })?;
        }
        let sql = |source: rusqlite::Error| classify(&shown, source);
        let conn = Connection::open(path).map_err(sql)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        let app: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::NotADatabase =>
                {
                    CatalogError::NotOurs {
                        path: shown.clone(),
                    }
                }
                e => classify(&shown, e),
            })?;
        let version: i32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sql)?;
        let catalog = Catalog { conn, path: shown };
        if app == 0 && version == 0 {
            let tables: i64 = catalog
                .conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(|e| classify(&catalog.path, e))?;
            if tables != 0 || !fresh {
                return Err(CatalogError::NotOurs {
                    path: catalog.path.clone(),
                });
            }
            catalog.init()?;
            return Ok(catalog);
        }
        if app != APPLICATION_ID {
            return Err(CatalogError::NotOurs {
                path: catalog.path.clone(),
            });
        }
        if version > VERSION {
            return Err(CatalogError::Newer {
                path: catalog.path.clone(),
                found: version,
            });
        }
        Ok(catalog)
    }

    fn init(&self) -> Result<(), CatalogError> {
        let batch = format!(
            "BEGIN IMMEDIATE; {SCHEMA} PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {VERSION}; COMMIT;"
        );
        self.conn
            .execute_batch(&batch)
            .map_err(|e| classify(&self.path, e))
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> CatalogError + '_ {
        |e| classify(&self.path, e)
    }

    /// The raw connection, for benchmarks that generate rows straight into a catalog.
    pub fn connection(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Verifies the bag at `dir` and indexes it in one transaction.
    pub fn add(
        &mut self,
        dir: &Path,
        pubkey: Option<&Path>,
        pause_mid_bag: Option<Duration>,
    ) -> Result<Added, CatalogError> {
        let opts = verify::Options {
            pubkey: pubkey.map(Path::to_path_buf),
            rerender: verify::Rerender::Never,
            templates: None,
        };
        // Each record's columns are made while its PDF is open, in parallel; only they are
        // held until the transaction.
        let keep = |v: &serde_json::Value| Row::of(v);
        let (report, records) =
            verify::verify_collecting(dir, &opts, &verify::Silent, &keep, false)?;
        if !report.ok {
            return Ok(Added::Refused {
                problems: report.problems,
            });
        }
        let Some(bag_id) = report.batch_id.clone() else {
            return Ok(Added::Refused {
                problems: vec![verify::Problem {
                    path: "bag-info.txt".into(),
                    kind: verify::ProblemKind::TagFileUnreadable,
                    problem: "has no External-Identifier".into(),
                }],
            });
        };
        let path = std::fs::canonicalize(dir)
            .unwrap_or_else(|_| dir.to_path_buf())
            .display()
            .to_string();
        let (key_id, manifest_sha256) = bag_facts(dir);
        let signature = report.signature.clone();
        let path_c = self.path.clone();
        let sql = move |e: rusqlite::Error| classify(&path_c, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(&sql)?;
        let existing: Option<String> = tx
            .query_row("SELECT path FROM bags WHERE bag_id = ?1", [&bag_id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(&sql)?;
        if let Some(at) = existing {
            return Ok(Added::Already { bag_id, at });
        }
        tx.execute(
            "INSERT INTO bags(bag_id, path, signature, key_id, manifest_sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![bag_id, path, signature, key_id, manifest_sha256],
        )
        .map_err(&sql)?;
        let bag_row = tx.last_insert_rowid();
        let mut conflicts = Vec::new();
        let mut corrections = Vec::new();
        let mut by_record: BTreeMap<(String, String), Vec<&RowOf>> = BTreeMap::new();
        for e in &records {
            by_record
                .entry((e.audit.record_id.clone(), e.audit.record_sha256.clone()))
                .or_default()
                .push(e);
        }
        let half = by_record.len() / 2;
        let mut indexed = 0usize;
        {
            let mut find = tx
                .prepare_cached("SELECT id, fingerprint FROM records WHERE record_id = ?1")
                .map_err(&sql)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO records(record_id, fingerprint, client_id, name, name_fold, family_fold, birth, contact, session_date, screened, zones, corrects, corrects_reason)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )
                .map_err(&sql)?;
            let mut lot = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO lots(lot_fold, record, kind, lot) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(&sql)?;
            let mut doc = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO documents(record, bag, document, path, sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(&sql)?;
            for ((record_id, fp_hex), docs) in &by_record {
                if indexed == half
                    && let Some(p) = pause_mid_bag
                {
                    eprintln!("catalog: paused mid-bag");
                    std::thread::sleep(p);
                }
                indexed += 1;
                let fp = hex::decode(fp_hex).unwrap_or_default();
                let known: Vec<(i64, Vec<u8>)> = find
                    .query_map([record_id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .map_err(&sql)?
                    .collect::<Result<_, _>>()
                    .map_err(&sql)?;
                let row = match known.iter().find(|(_, f)| *f == fp) {
                    Some((id, _)) => *id,
                    None => {
                        if !known.is_empty() {
                            conflicts.push(record_id.clone());
                        }
                        // The embedded record is the one the audit log fingerprints (verify
                        // checked it), so every PDF of the record carries the same value.
                        let r = docs[0].kept.as_ref().map_err(|e| CatalogError::Io {
                            path: format!("{}/{}", dir.display(), docs[0].path),
                            source: std::io::Error::other(e.clone()),
                        })?;
                        insert
                            .execute(params![
                                record_id,
                                fp,
                                r.client_id,
                                r.name,
                                fold(&r.name),
                                r.family_fold,
                                r.birth,
                                r.contact,
                                r.session_date,
                                r.screened,
                                r.zones,
                                r.corrects.as_ref().map(|c| &c.0),
                                r.corrects.as_ref().map(|c| &c.1),
                            ])
                            .map_err(&sql)?;
                        let id = tx.last_insert_rowid();
                        for (kind, l) in &r.lots {
                            lot.execute(params![fold(l), id, kind, l]).map_err(&sql)?;
                        }
                        if let Some((c, _)) = &r.corrects {
                            corrections.push((record_id.clone(), c.clone()));
                        }
                        id
                    }
                };
                for d in docs {
                    let sha = hex::decode(&d.audit.sha256).unwrap_or_default();
                    doc.execute(params![row, bag_row, d.audit.document, d.path, sha])
                        .map_err(&sql)?;
                }
            }
        }
        let mut unknown_corrections = Vec::new();
        for (record_id, corrected) in corrections {
            let n: i64 = tx
                .query_row(
                    "SELECT count(*) FROM records WHERE record_id = ?1",
                    [&corrected],
                    |r| r.get(0),
                )
                .map_err(&sql)?;
            if n == 0 {
                unknown_corrections.push((record_id, corrected));
            }
        }
        tx.commit().map_err(&sql)?;
        Ok(Added::Indexed {
            bag_id,
            records: by_record.len(),
            documents: records.len(),
            conflicts,
            unknown_corrections,
        })
    }

    /// Every record that received `lot` (pigment, needle, or patch-tested), with its
    /// documents; records since corrected included, each with what corrects it.
    pub fn trace(&self, lot: &str) -> Result<Vec<Hit>, CatalogError> {
        // One read transaction for all the queries: SQLite otherwise takes and releases its
        // file lock, and looks for a hot journal, around every statement (a few hundred
        // for a lot many records used).
        let read = self.conn.unchecked_transaction().map_err(self.sql())?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT r.id FROM lots l JOIN records r ON r.id = l.record WHERE l.lot_fold = ?1",
            )
            .map_err(self.sql())?;
        let ids: Vec<i64> = st
            .query_map([fold(lot)], |r| r.get(0))
            .map_err(self.sql())?
            .collect::<Result<_, _>>()
            .map_err(self.sql())?;
        let mut hits = self.hits(&ids, Some(&fold(lot)))?;
        drop(st);
        read.finish().map_err(self.sql())?;
        hits.sort_by(|a, b| {
            (&a.client_id, &a.session_date, &a.record_id).cmp(&(
                &b.client_id,
                &b.session_date,
                &b.record_id,
            ))
        });
        Ok(hits)
    }

    /// The records matching a query, with the records that correct them or that they
    /// correct, newest first.
    pub fn find(&self, query: &Query) -> Result<Vec<Hit>, CatalogError> {
        // One read transaction for all the queries (see `trace`).
        let read = self.conn.unchecked_transaction().map_err(self.sql())?;
        let hits = self.find_in(query)?;
        read.finish().map_err(self.sql())?;
        Ok(hits)
    }

    fn find_in(&self, query: &Query) -> Result<Vec<Hit>, CatalogError> {
        let ids: Vec<i64> = match query {
            Query::Client(c) => self.ids("SELECT id FROM records WHERE client_id = ?1", &[c])?,
            Query::Record(r) => self.ids("SELECT id FROM records WHERE record_id = ?1", &[r])?,
            Query::Name(n) => {
                let f = fold(n);
                let end = format!("{f}\u{10FFFF}");
                self.ids(
                    "SELECT id FROM records WHERE name_fold >= ?1 AND name_fold < ?2
                     UNION SELECT id FROM records WHERE family_fold >= ?1 AND family_fold < ?2",
                    &[&f, &end],
                )?
            }
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Linked corrections, both ways, until nothing new is found.
        let mut all: std::collections::BTreeSet<i64> = ids.into_iter().collect();
        let mut frontier: Vec<i64> = all.iter().copied().collect();
        while !frontier.is_empty() {
            let mut next = Vec::new();
            for id in frontier {
                for linked in self.ids(
                    "SELECT c.id FROM records r JOIN records c ON c.corrects = r.record_id WHERE r.id = ?1
                     UNION SELECT o.id FROM records r JOIN records o ON o.record_id = r.corrects WHERE r.id = ?1",
                    &[&id.to_string()],
                )? {
                    if all.insert(linked) {
                        next.push(linked);
                    }
                }
            }
            frontier = next;
        }
        let ids: Vec<i64> = all.into_iter().collect();
        let mut hits = self.hits(&ids, None)?;
        hits.sort_by(|a, b| (b.date(), &b.record_id).cmp(&(a.date(), &a.record_id)));
        Ok(hits)
    }

    fn ids(&self, q: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<i64>, CatalogError> {
        let mut st = self.conn.prepare_cached(q).map_err(self.sql())?;
        st.query_map(args, |r| r.get(0))
            .map_err(self.sql())?
            .collect::<Result<_, _>>()
            .map_err(self.sql())
    }

    fn hits(&self, ids: &[i64], lot_fold: Option<&str>) -> Result<Vec<Hit>, CatalogError> {
        let mut rec = self
            .conn
            .prepare_cached(
                "SELECT record_id, client_id, name, birth, contact, session_date, screened, zones, corrects, corrects_reason, lower(hex(fingerprint))
                 FROM records WHERE id = ?1",
            )
            .map_err(self.sql())?;
        let mut by = self
            .conn
            .prepare_cached(
                "SELECT c.record_id FROM records r JOIN records c ON c.corrects = r.record_id WHERE r.id = ?1 ORDER BY c.record_id",
            )
            .map_err(self.sql())?;
        let mut lots = self
            .conn
            .prepare_cached(
                "SELECT kind, lot, lot_fold FROM lots WHERE record = ?1 ORDER BY kind, lot",
            )
            .map_err(self.sql())?;
        let mut docs = self
            .conn
            .prepare_cached(
                "SELECT d.document, d.path, lower(hex(d.sha256)), b.bag_id, b.path FROM documents d JOIN bags b ON b.id = d.bag
                 WHERE d.record = ?1 ORDER BY b.bag_id, d.document",
            )
            .map_err(self.sql())?;
        let mut out = Vec::new();
        for id in ids {
            let mut hit = rec
                .query_row([id], |r| {
                    let contact: String = r.get(4)?;
                    let corrects: Option<String> = r.get(8)?;
                    let reason: Option<String> = r.get(9)?;
                    Ok(Hit {
                        record_id: r.get(0)?,
                        client_id: r.get(1)?,
                        name: r.get(2)?,
                        date_of_birth: r.get(3)?,
                        contact: serde_json::from_str(&contact).unwrap_or_default(),
                        session_date: r.get(5)?,
                        screened: r.get(6)?,
                        zones: r
                            .get::<_, String>(7)?
                            .split(',')
                            .filter(|z| !z.is_empty())
                            .map(String::from)
                            .collect(),
                        corrects: corrects.map(|record_id| Correction {
                            record_id,
                            reason: reason.unwrap_or_default(),
                        }),
                        fingerprint: r.get(10)?,
                        corrected_by: Vec::new(),
                        lots: Vec::new(),
                        documents: Vec::new(),
                    })
                })
                .map_err(self.sql())?;
            hit.corrected_by = by
                .query_map([id], |r| r.get(0))
                .map_err(self.sql())?
                .collect::<Result<_, _>>()
                .map_err(self.sql())?;
            for l in lots
                .query_map([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .map_err(self.sql())?
            {
                let (kind, lot, f) = l.map_err(self.sql())?;
                if lot_fold.is_none_or(|want| want == f) {
                    hit.lots.push(LotUse { kind, lot });
                }
            }
            hit.documents = docs
                .query_map([id], |r| {
                    Ok(DocumentRef {
                        document: r.get(0)?,
                        path: r.get(1)?,
                        sha256: r.get(2)?,
                        bag_id: r.get(3)?,
                        bag_path: r.get(4)?,
                    })
                })
                .map_err(self.sql())?
                .collect::<Result<_, _>>()
                .map_err(self.sql())?;
            out.push(hit);
        }
        Ok(out)
    }

    /// Every indexed bag: id, path, signature status.
    pub fn bags(&self) -> Result<Vec<BagRow>, CatalogError> {
        let mut st = self
            .conn
            .prepare("SELECT bag_id, path, signature, key_id, manifest_sha256 FROM bags ORDER BY path, bag_id")
            .map_err(self.sql())?;
        st.query_map([], |r| {
            Ok(BagRow {
                bag_id: r.get(0)?,
                path: r.get(1)?,
                signature: r.get(2)?,
                key_id: r.get(3)?,
                manifest_sha256: r.get(4)?,
            })
        })
        .map_err(self.sql())?
        .collect::<Result<_, _>>()
        .map_err(self.sql())
    }

    /// Re-verifies every indexed bag against the files on disk (no re-render): the bag must
    /// be where the catalog says, verify, carry the same External-Identifier, and hold every
    /// indexed document with the indexed hash.
    pub fn check(&self, pubkey: Option<&Path>) -> Result<Vec<(BagRow, Vec<String>)>, CatalogError> {
        let mut out = Vec::new();
        let mut docs = self
            .conn
            .prepare(
                "SELECT d.path, lower(hex(d.sha256)) FROM documents d JOIN bags b ON b.id = d.bag WHERE b.bag_id = ?1",
            )
            .map_err(self.sql())?;
        for bag in self.bags()? {
            let mut problems = Vec::new();
            let dir = PathBuf::from(&bag.path);
            if !dir.is_dir() {
                problems.push(format!(
                    "is not at {} any more (moved? `smpdoc catalog relocate OLD NEW`)",
                    bag.path
                ));
                out.push((bag, problems));
                continue;
            }
            let opts = verify::Options {
                pubkey: pubkey.map(Path::to_path_buf),
                rerender: verify::Rerender::Never,
                templates: None,
            };
            let report = verify::verify(&dir, &opts)?;
            for p in &report.problems {
                problems.push(format!("{}: {}", p.path, p.problem));
            }
            if report.batch_id.as_deref() != Some(bag.bag_id.as_str()) {
                problems.push(format!(
                    "the bag there is {}, not {}",
                    report.batch_id.as_deref().unwrap_or("(none)"),
                    bag.bag_id
                ));
            }
            let manifest =
                std::fs::read_to_string(dir.join("manifest-sha256.txt")).unwrap_or_default();
            let lines: std::collections::BTreeSet<String> =
                manifest.lines().map(str::to_string).collect();
            let indexed: Vec<(String, String)> = docs
                .query_map([&bag.bag_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(self.sql())?
                .collect::<Result<_, _>>()
                .map_err(self.sql())?;
            for (path, sha) in indexed {
                if !lines.contains(&format!("{sha}  {}", crate::bag::encode_path(&path))) {
                    problems.push(format!(
                        "{path}: not in the bag's manifest with the indexed SHA-256 {sha}"
                    ));
                }
            }
            out.push((bag, problems));
        }
        Ok(out)
    }

    /// Moves every bag at `old` or below it to the same place under `new`; returns how many.
    pub fn relocate(&mut self, old: &str, new: &str) -> Result<usize, CatalogError> {
        let old = old.trim_end_matches(['/', '\\']);
        let new = new.trim_end_matches(['/', '\\']);
        let path_c = self.path.clone();
        let sql = move |e: rusqlite::Error| classify(&path_c, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(&sql)?;
        let n = tx
            .execute(
                "UPDATE bags SET path = ?2 || substr(path, length(?1) + 1)
                 WHERE path = ?1 OR substr(path, 1, length(?1) + 1) IN (?1 || '/', ?1 || '\\')",
                params![old, new],
            )
            .map_err(&sql)?;
        tx.commit().map_err(&sql)?;
        Ok(n)
    }
}

fn classify(path: &str, e: rusqlite::Error) -> CatalogError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            CatalogError::Locked {
                path: path.to_string(),
            }
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            CatalogError::NotOurs {
                path: path.to_string(),
            }
        }
        _ => CatalogError::Sql {
            path: path.to_string(),
            source: e,
        },
    }
}

/// The signing key's id (as minisign prints it) and the SHA-256 of the manifest.
fn bag_facts(dir: &Path) -> (Option<String>, String) {
    use base64::Engine;
    let key_id = std::fs::read_to_string(dir.join(crate::bag::SIGNATURE_FILE))
        .ok()
        .and_then(|t| t.lines().nth(1).map(str::to_string))
        .and_then(|l| {
            base64::engine::general_purpose::STANDARD
                .decode(l.trim())
                .ok()
        })
        .filter(|b| b.len() >= 10)
        .map(|b| {
            let mut n = [0u8; 8];
            n.copy_from_slice(&b[2..10]);
            format!("{:016X}", u64::from_le_bytes(n))
        });
    let manifest = crate::fingerprint::sha256_file(&dir.join("manifest-sha256.txt"))
        .map(|(d, _)| d.to_hex())
        .unwrap_or_default();
    (key_id, manifest)
}

/// What `catalog add` did with one bag.
#[derive(Debug)]
pub enum Added {
    /// Indexed.
    Indexed {
        /// Its External-Identifier.
        bag_id: String,
        /// Distinct records indexed from it.
        records: usize,
        /// Documents indexed.
        documents: usize,
        /// Record ids already indexed from another bag with a different fingerprint.
        conflicts: Vec<String>,
        /// (record, the record it corrects) where the catalog holds no record corrected.
        unknown_corrections: Vec<(String, String)>,
    },
    /// Already in the catalog: nothing done.
    Already {
        /// Its External-Identifier.
        bag_id: String,
        /// Where the catalog has it.
        at: String,
    },
    /// Verification failed: not indexed.
    Refused {
        /// Why.
        problems: Vec<verify::Problem>,
    },
}

/// What `find` looks for.
#[derive(Debug, Clone)]
pub enum Query {
    /// A client id, exactly.
    Client(String),
    /// A name: the folded name or family name starts with it.
    Name(String),
    /// A record id, exactly.
    Record(String),
}

/// One indexed bag.
#[derive(Debug, Clone, Serialize)]
pub struct BagRow {
    /// External-Identifier.
    pub bag_id: String,
    /// Where it is.
    pub path: String,
    /// `verified` or `not checked (no --pubkey)` or `absent`, when added.
    pub signature: String,
    /// The signing key's id, when signed.
    pub key_id: Option<String>,
    /// SHA-256 of its manifest.
    pub manifest_sha256: String,
}

/// A correction: the record corrected and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Correction {
    /// The record corrected.
    pub record_id: String,
    /// Why.
    pub reason: String,
}

/// A lot a record used.
#[derive(Debug, Clone, Serialize)]
pub struct LotUse {
    /// `pigment`, `needle` or `patch_test`.
    pub kind: String,
    /// The lot as the record writes it.
    pub lot: String,
}

/// A document of a record, in a bag.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRef {
    /// `consent` or `treatment-record`.
    pub document: String,
    /// Its path in the bag.
    pub path: String,
    /// Its SHA-256.
    pub sha256: String,
    /// The bag's External-Identifier.
    pub bag_id: String,
    /// Where the bag is.
    pub bag_path: String,
}

/// Client contact details.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Contact {
    /// Telephone.
    pub phone: String,
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// Postal address lines.
    #[serde(default)]
    pub address: Vec<String>,
}

/// One record found, with everything a recall notice or a data-access answer needs.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The record.
    pub record_id: String,
    /// Its fingerprint.
    pub fingerprint: String,
    /// The client.
    pub client_id: String,
    /// The client's name as the record writes it.
    pub name: String,
    /// Date of birth.
    pub date_of_birth: String,
    /// Contact details.
    pub contact: Contact,
    /// The session's date, when the record has a session.
    pub session_date: Option<String>,
    /// The date of the screening.
    pub screened: String,
    /// Zones treated.
    pub zones: Vec<String>,
    /// The lots (all, for `find`; the one traced, for `trace`).
    pub lots: Vec<LotUse>,
    /// What this record corrects.
    pub corrects: Option<Correction>,
    /// The records that correct this one.
    pub corrected_by: Vec<String>,
    /// Its documents, in every bag that holds them.
    pub documents: Vec<DocumentRef>,
}

impl Hit {
    fn date(&self) -> &str {
        self.session_date.as_deref().unwrap_or(&self.screened)
    }
}

/// A PDF of a bag being added, with its record's columns (or why they cannot be made).
type RowOf = Collected<Result<Row, String>>;

/// The columns of one record.
struct Row {
    client_id: String,
    name: String,
    family_fold: String,
    birth: String,
    contact: String,
    session_date: Option<String>,
    screened: String,
    zones: String,
    lots: Vec<(&'static str, String)>,
    corrects: Option<(String, String)>,
}

impl Row {
    fn of(value: &serde_json::Value) -> Result<Row, String> {
        let r = Record::deserialize(value).map_err(|e| format!("embedded record: {e}"))?;
        let name = r.client.full_name.nfc().collect::<String>();
        let folded = fold(&name);
        let family_fold = folded
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_string();
        let contact = Contact {
            phone: r.client.phone.clone(),
            email: r.client.email.clone(),
            address: r.client.address.clone(),
        };
        let mut lots = Vec::new();
        let mut zones = Vec::new();
        if let Some(s) = &r.session {
            for p in &s.pigments {
                lots.push(("pigment", p.lot.clone()));
            }
            for n in &s.needles {
                lots.push(("needle", n.lot.clone()));
            }
            for z in &s.zones {
                if let Ok(serde_json::Value::String(z)) = serde_json::to_value(z.zone) {
                    zones.push(z);
                }
            }
        }
        if let Some(l) = r.patch_test.as_ref().and_then(|p| p.lot_tested.clone()) {
            lots.push(("patch_test", l));
        }
        Ok(Row {
            client_id: r.client.client_id.clone(),
            name,
            family_fold,
            birth: r.client.date_of_birth.to_string(),
            contact: serde_json::to_string(&contact).unwrap_or_default(),
            session_date: r.session.as_ref().map(|s| s.date.to_string()),
            screened: r.screening.answered_at.date_naive().to_string(),
            zones: zones.join(","),
            lots,
            corrects: r.corrects.map(|c| (c.record_id, c.reason)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lots_and_names_fold_case_and_surrounding_space_only() {
        assert_eq!(fold("  hs-B7731 \t"), "hs-b7731");
        assert_eq!(fold("HS-B7731"), fold("hs-b7731"));
        assert_ne!(fold("HS-B 7731"), fold("HS-B7731"));
        assert_ne!(fold("HS-B773"), fold("HS-B7731"));
        // NFC: a decomposed ë is the precomposed one.
        assert_eq!(fold("Zoe\u{308}"), fold("ZOË"));
    }

    fn catalog_with_bags(dir: &Path, paths: &[&str]) -> Catalog {
        let mut c = Catalog::open(&dir.join("c.sqlite"), true).unwrap();
        for (i, p) in paths.iter().enumerate() {
            c.connection()
                .execute(
                    "INSERT INTO bags(bag_id, path, signature, manifest_sha256) VALUES (?1, ?2, 'absent', '')",
                    params![format!("smpdoc-{i}"), p],
                )
                .unwrap();
        }
        c
    }

    #[test]
    fn relocate_moves_bags_at_or_below_a_folder_and_not_its_namesakes() {
        let tmp = tempfile::tempdir().unwrap();
        let mut c = catalog_with_bags(
            tmp.path(),
            &["/srv/a/bag1", "/srv/a/2026/bag2", "/srv/ab/bag3", "/srv/a"],
        );
        assert_eq!(c.relocate("/srv/a/", "/mnt/archive").unwrap(), 3);
        let paths: Vec<String> = c.bags().unwrap().into_iter().map(|b| b.path).collect();
        assert_eq!(
            paths,
            [
                "/mnt/archive",
                "/mnt/archive/2026/bag2",
                "/mnt/archive/bag1",
                "/srv/ab/bag3"
            ]
        );
        assert_eq!(c.relocate("/nowhere", "/x").unwrap(), 0);
    }

    #[test]
    fn a_newer_or_foreign_catalog_is_refused_and_left_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("c.sqlite");
        drop(Catalog::open(&path, true).unwrap());
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA user_version = 2;")
            .unwrap();
        assert!(matches!(
            Catalog::open(&path, false),
            Err(CatalogError::Newer { found: 2, .. })
        ));
        let empty = tmp.path().join("empty");
        std::fs::write(&empty, b"").unwrap();
        assert!(matches!(
            Catalog::open(&empty, true),
            Err(CatalogError::NotOurs { .. })
        ));
        assert_eq!(std::fs::read(&empty).unwrap(), b"");
        assert!(matches!(
            Catalog::open(&tmp.path().join("absent"), false),
            Err(CatalogError::Missing { .. })
        ));
    }
}
