//! The catalog commands of the binary: `catalog add|check|relocate`, `trace`, `find`,
//! `export`. They resolve the catalog's location, call `smpdoc::catalog` and
//! `smpdoc::export`, and print; exit 1 when a bag is refused or nothing matches.

use super::{Fatal, kind_name, load_sign_key, plural, say};
use crate::cli::CatalogAction;
use smpdoc::catalog::{Added, Catalog, CatalogError, Hit, Query};
use smpdoc::diag::escape_controls;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `--catalog FILE`, else `SMPDOC_CATALOG`, else the fixed name in the current folder.
fn catalog_path(arg: Option<PathBuf>) -> PathBuf {
    arg.or_else(|| {
        std::env::var_os("SMPDOC_CATALOG")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .unwrap_or_else(|| PathBuf::from(smpdoc::catalog::DEFAULT_FILE))
}

fn fatal(e: CatalogError) -> Fatal {
    let hints = e.hints();
    let mut f = Fatal::new(e.to_string(), &[]);
    f.hints = hints;
    f
}

fn open(arg: Option<PathBuf>, create: bool) -> Result<Catalog, Fatal> {
    Catalog::open(&catalog_path(arg), create).map_err(fatal)
}

/// How long `catalog add` pauses in the middle of a bag's transaction: a test hook
/// (`SMPDOC_TEST_PAUSE_MID_BAG=SECONDS`) for the test that kills it there.
fn pause_mid_bag() -> Option<std::time::Duration> {
    std::env::var("SMPDOC_TEST_PAUSE_MID_BAG")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map(std::time::Duration::from_secs)
}

pub(crate) fn catalog_cmd(action: CatalogAction, catalog: Option<PathBuf>) -> Result<u8, Fatal> {
    match action {
        CatalogAction::Add { bags, pubkey } => {
            let mut cat = open(catalog, true)?;
            let mut code = 0;
            for bag in &bags {
                let shown = bag.display().to_string();
                match cat
                    .add(bag, pubkey.as_deref(), pause_mid_bag())
                    .map_err(fatal)?
                {
                    Added::Indexed {
                        bag_id,
                        records,
                        documents,
                        conflicts,
                        unknown_corrections,
                    } => {
                        say(&format!(
                            "added {shown}: bag {bag_id}, {}, {}",
                            plural(records, "record", "records"),
                            plural(documents, "document", "documents")
                        ));
                        for r in &conflicts {
                            code = 1;
                            say(&format!(
                                "error: {shown}: record {r} is already indexed from another bag with a different fingerprint: two different records share one record_id [record_conflict]"
                            ));
                        }
                        for (r, c) in &unknown_corrections {
                            say(&format!(
                                "warning: {shown}: record {r} corrects record {c}, which the catalog does not hold [corrects]"
                            ));
                        }
                    }
                    Added::Already { bag_id, at } => say(&format!(
                        "{shown}: bag {bag_id} is already in the catalog (at {at}); nothing done"
                    )),
                    Added::Refused { problems } => {
                        code = 1;
                        for p in &problems {
                            say(&format!(
                                "error: {shown}: {}: {} [{}]",
                                p.path,
                                p.problem,
                                kind_name(p.kind)
                            ));
                        }
                        say(&format!(
                            "refused {shown}: it does not verify ({}); not indexed",
                            plural(problems.len(), "problem", "problems")
                        ));
                    }
                }
            }
            Ok(code)
        }
        CatalogAction::Check { pubkey } => {
            let cat = open(catalog, false)?;
            let mut code = 0;
            let results = cat.check(pubkey.as_deref()).map_err(fatal)?;
            for (bag, problems) in &results {
                if problems.is_empty() {
                    say(&format!("ok: bag {} at {}", bag.bag_id, bag.path));
                } else {
                    code = 1;
                    for p in problems {
                        say(&format!("error: bag {} at {}: {p}", bag.bag_id, bag.path));
                    }
                }
            }
            say(&format!("checked {}", plural(results.len(), "bag", "bags")));
            Ok(code)
        }
        CatalogAction::Relocate { old, new } => {
            let mut cat = open(catalog, false)?;
            let abs = |p: &Path| {
                std::fs::canonicalize(p)
                    .unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
                    .display()
                    .to_string()
            };
            // OLD is usually gone: it is taken as written, made absolute, not resolved.
            let old_s = std::path::absolute(&old)
                .unwrap_or(old.clone())
                .display()
                .to_string();
            let n = cat.relocate(&old_s, &abs(&new)).map_err(fatal)?;
            if n == 0 {
                say(&format!("no bag in the catalog is at or below {old_s}"));
                return Ok(1);
            }
            say(&format!(
                "{} moved from {old_s} to {}",
                plural(n, "bag", "bags"),
                abs(&new)
            ));
            Ok(0)
        }
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn documents_of(h: &Hit) -> Vec<String> {
    h.documents
        .iter()
        .map(|d| format!("{}/{}", d.bag_path, d.path))
        .collect()
}

pub(crate) fn trace(
    lot: &str,
    csv: bool,
    json: bool,
    catalog: Option<PathBuf>,
) -> Result<u8, Fatal> {
    if lot.trim().is_empty() {
        return Err(Fatal::new(
            "--lot is empty",
            &["give the lot number as the label or recall notice prints it"],
        ));
    }
    let cat = open(catalog, false)?;
    let hits = cat.trace(lot).map_err(fatal)?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&hits)?)?;
    } else if csv {
        writeln!(
            out,
            "client_id,name,phone,email,address,session_date,zones,record_id,lot_kind,lot,corrected_by,bags,documents"
        )?;
        for h in &hits {
            for l in &h.lots {
                let bags: Vec<&str> = h.documents.iter().map(|d| d.bag_id.as_str()).collect();
                let mut bags = bags;
                bags.dedup();
                let fields = [
                    h.client_id.clone(),
                    h.name.clone(),
                    h.contact.phone.clone(),
                    h.contact.email.clone().unwrap_or_default(),
                    h.contact.address.join(", "),
                    h.session_date.clone().unwrap_or_default(),
                    h.zones.join(" "),
                    h.record_id.clone(),
                    l.kind.clone(),
                    l.lot.clone(),
                    h.corrected_by.join(" "),
                    bags.join(" "),
                    documents_of(h).join(" "),
                ];
                let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
                writeln!(out, "{}", line.join(","))?;
            }
        }
    } else {
        for h in &hits {
            print_hit(&mut out, h)?;
        }
    }
    drop(out);
    if hits.is_empty() {
        say(&format!(
            "no record in the catalog used lot {:?} (case and surrounding spaces ignored)",
            lot.trim()
        ));
        return Ok(1);
    }
    let clients: std::collections::BTreeSet<&str> =
        hits.iter().map(|h| h.client_id.as_str()).collect();
    say(&format!(
        "lot {}: {}, {}",
        lot.trim(),
        plural(clients.len(), "client", "clients"),
        plural(hits.len(), "record", "records")
    ));
    Ok(0)
}

fn print_hit(out: &mut impl Write, h: &Hit) -> std::io::Result<()> {
    let mut head = format!(
        "record {} (client {}, {}, born {})",
        h.record_id, h.client_id, h.name, h.date_of_birth
    );
    match &h.session_date {
        Some(d) => head.push_str(&format!(", session {d}")),
        None => head.push_str(&format!(", screened {} (no session)", h.screened)),
    }
    if !h.zones.is_empty() {
        head.push_str(&format!(", zones {}", h.zones.join(" ")));
    }
    writeln!(out, "{}", escape_controls(&head))?;
    let mut contact = format!("  contact: {}", h.contact.phone);
    if let Some(e) = &h.contact.email {
        contact.push_str(&format!(", {e}"));
    }
    if !h.contact.address.is_empty() {
        contact.push_str(&format!(", {}", h.contact.address.join(", ")));
    }
    writeln!(out, "{}", escape_controls(&contact))?;
    for l in &h.lots {
        writeln!(out, "  {} lot {}", l.kind, escape_controls(&l.lot))?;
    }
    if let Some(c) = &h.corrects {
        writeln!(
            out,
            "  corrects record {}: {}",
            escape_controls(&c.record_id),
            escape_controls(&c.reason)
        )?;
    }
    for c in &h.corrected_by {
        writeln!(out, "  corrected by record {}", escape_controls(c))?;
    }
    for d in &h.documents {
        writeln!(
            out,
            "  {} {}/{} sha256:{} (bag {})",
            d.document,
            escape_controls(&d.bag_path),
            escape_controls(&d.path),
            d.sha256,
            d.bag_id
        )?;
    }
    Ok(())
}

pub(crate) fn find(query: Query, json: bool, catalog: Option<PathBuf>) -> Result<u8, Fatal> {
    let blank = match &query {
        Query::Client(v) | Query::Name(v) | Query::Record(v) => v.trim().is_empty(),
    };
    if blank {
        return Err(Fatal::new(
            "find was given an empty value: it would match every record",
            &["give a client id, the start of a name, or a record id"],
        ));
    }
    let cat = open(catalog, false)?;
    let hits = cat.find(&query).map_err(fatal)?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&hits)?)?;
    } else {
        for h in &hits {
            print_hit(&mut out, h)?;
        }
    }
    drop(out);
    if hits.is_empty() {
        let what = match &query {
            Query::Client(c) => format!("client {c}"),
            Query::Name(n) => format!("a name starting with {n:?}"),
            Query::Record(r) => format!("record {r}"),
        };
        say(&format!("the catalog holds no record of {what}"));
        return Ok(1);
    }
    say(&plural(hits.len(), "record", "records"));
    Ok(0)
}

pub(crate) fn export(
    client: &str,
    out: &Path,
    sign_key: Option<&Path>,
    catalog: Option<PathBuf>,
) -> Result<u8, Fatal> {
    let cat = open(catalog, false)?;
    let sign = sign_key.map(load_sign_key).transpose()?;
    let date = smpdoc::bag::bagging_date()
        .map_err(|m| Fatal::new(m, &["SOURCE_DATE_EPOCH is a number of seconds since 1970"]))?;
    match smpdoc::export::export_client(&cat, client, out, sign.as_ref(), &date) {
        Ok(e) => {
            say(&format!(
                "exported {} of {} into {} (bag {}{})",
                plural(e.documents, "document", "documents"),
                plural(e.records, "record", "records"),
                out.display(),
                e.bag_id,
                if e.signed { ", signed" } else { "" }
            ));
            Ok(0)
        }
        Err(smpdoc::export::ExportError::NothingFound(c)) => {
            say(&format!(
                "the catalog holds no record of client {c}; nothing written"
            ));
            Ok(1)
        }
        Err(e) => {
            let hints = e.hints();
            let mut f = Fatal::new(e.to_string(), &[]);
            f.hints = hints;
            Err(f)
        }
    }
}
