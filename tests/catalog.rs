//! The catalog (issue 13), driven as a clinic would: two signed bags (one rendered with the
//! clinic's own templates), indexed with `catalog add`, searched with `trace` and `find`, a
//! client's documents exported into a bag checked with `bagit.py` and `minisign`, a
//! correction followed through documents and catalog, and the catalog's bad days (a killed
//! add, a file that is not ours, a newer format, a lock, a moved bag).
//!
//! The tools must be installed (`.ci/run` installs them): a missing tool fails the test, it
//! never skips it.

use assert_cmd::Command;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

fn smpdoc() -> Command {
    let mut c = Command::cargo_bin("smpdoc").unwrap();
    c.env_remove("SOURCE_DATE_EPOCH")
        .env_remove("SMPDOC_KEY_PASSWORD")
        .env_remove("SMPDOC_CATALOG")
        .env_remove("SMPDOC_TEST_PAUSE_MID_BAG");
    c
}

fn show(o: &Output) -> String {
    format!(
        "status {}\n--- stdout\n{}\n--- stderr\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs an external tool; a tool that is not installed fails the test.
fn tool(cmd: &mut std::process::Command) -> Output {
    let name = cmd.get_program().to_string_lossy().into_owned();
    cmd.output()
        .unwrap_or_else(|e| panic!("{name} is needed: .ci/run installs it ({e})"))
}

fn sha256_file(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

fn base_record() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid/NSC-2026-0303-001.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// A record of `client` with a pigment, needle and patch-test lot of our choosing.
fn record(id: &str, client: &str, name: &str, pigment: &str, needle: &str, patch: &str) -> Value {
    let mut v = base_record();
    v["record_id"] = json!(id);
    v["client"]["client_id"] = json!(client);
    v["client"]["full_name"] = json!(name);
    v["session"]["pigments"][0]["lot"] = json!(pigment);
    v["session"]["needles"][0]["lot"] = json!(needle);
    v["session"]["needles"][1]["lot"] = json!(format!("{needle}-B"));
    v["patch_test"]["lot_tested"] = json!(patch);
    v
}

const LOT: &str = "RC-LOT-7";
const REASON: &str = "zones were recorded for another client";

/// The records of bag 1: A received the recalled lot, B only a lot sharing its prefix.
fn bag1_records() -> Vec<Value> {
    vec![
        record("CAT-A-001", "CL-A", "Amira Haddad", LOT, "KW-1", "PT-0"),
        record(
            "CAT-B-001",
            "CL-B",
            "Ben Carter",
            "RC-LOT-77",
            "KW-2",
            "RC-LOT-70",
        ),
    ]
}

/// The records of bag 2: C has the lot as a needle lot (written in lower case), D was
/// patch-tested with it, E corrects A (same client) and has it too.
fn bag2_records() -> Vec<Value> {
    let mut e = record("CAT-E-002", "CL-A", "Amira Haddad", LOT, "KW-5", "PT-5");
    e["corrects"] = json!({"record_id": "CAT-A-001", "reason": REASON});
    vec![
        record(
            "CAT-C-001",
            "CL-C",
            "Chen Wei",
            "OTHER-1",
            "rc-lot-7",
            "PT-1",
        ),
        record("CAT-D-001", "CL-D", "Dara Okafor", "OTHER-2", "KW-4", LOT),
        e,
    ]
}

fn write_records(dir: &Path, name: &str, records: &[Value]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(records).unwrap()).unwrap();
    p
}

/// The clinic's own consent template: the built-in one with a line of its own.
const OWN_LINE: &str = "Harbour SMP clinic edition of this form.";

struct Bags {
    _tmp: tempfile::TempDir,
    bag1: PathBuf,
    bag2: PathBuf,
    key: PathBuf,
    public: PathBuf,
}

/// Two signed bags, made once for every test (rendering is the slow part); tests that
/// change a bag work on a copy.
fn bags() -> &'static Bags {
    static BAGS: OnceLock<Bags> = OnceLock::new();
    BAGS.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let t = tmp.path();
        let o = smpdoc()
            .args(["keygen", "--unencrypted", "--out"])
            .arg(t.join("clinic"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "keygen: {}", show(&o));
        let key = t.join("clinic.key");
        let public = t.join("clinic.pub");
        let in1 = write_records(&t.join("in1"), "day1.json", &bag1_records());
        let in2 = write_records(&t.join("in2"), "day2.json", &bag2_records());
        let own = t.join("own-templates");
        let o = smpdoc()
            .args(["templates", "export"])
            .arg(&own)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "templates export: {}", show(&o));
        let consent = own.join("en-GB/consent.md.hbs");
        let text = std::fs::read_to_string(&consent).unwrap();
        std::fs::write(&consent, format!("{text}\n{OWN_LINE}\n")).unwrap();

        let bag1 = t.join("archive/2026-03/bag1");
        let bag2 = t.join("archive/2026-03/bag2");
        for (input, out, extra) in [(&in1, &bag1, None), (&in2, &bag2, Some(&own))] {
            let mut c = smpdoc();
            c.arg("render")
                .arg(input)
                .arg("--out")
                .arg(out)
                .arg("--sign-key")
                .arg(&key)
                .arg("-q");
            if let Some(dir) = extra {
                c.arg("--templates").arg(dir);
            }
            let o = c.output().unwrap();
            assert_eq!(o.status.code(), Some(0), "render: {}", show(&o));
        }
        // The clinic's templates are gone: only the bag holds them now.
        std::fs::remove_dir_all(&own).unwrap();
        Bags {
            _tmp: tmp,
            bag1,
            bag2,
            key,
            public,
        }
    })
}

fn catalog_cmd(catalog: &Path, args: &[&str]) -> Output {
    smpdoc()
        .args(args)
        .arg("--catalog")
        .arg(catalog)
        .output()
        .unwrap()
}

fn add(catalog: &Path, bags: &[&Path], pubkey: Option<&Path>) -> Output {
    let mut c = smpdoc();
    c.args(["catalog", "add"]).args(bags);
    if let Some(p) = pubkey {
        c.arg("--pubkey").arg(p);
    }
    c.arg("--catalog").arg(catalog).output().unwrap()
}

fn add_both(catalog: &Path) {
    let b = bags();
    let o = add(catalog, &[&b.bag1, &b.bag2], Some(&b.public));
    assert_eq!(o.status.code(), Some(0), "catalog add: {}", show(&o));
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", show(o)))
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

fn verify_json(dir: &Path) -> (i32, Value) {
    let o = smpdoc()
        .arg("verify")
        .arg(dir)
        .arg("--json")
        .output()
        .unwrap();
    (o.status.code().unwrap(), json_of(&o))
}

#[test]
fn verify_rerenders_both_bags_from_the_templates_they_hold() {
    let b = bags();
    for bag in [&b.bag1, &b.bag2] {
        // The templates are in the bag, under the tag manifest (and so the signature).
        let tags = std::fs::read_to_string(bag.join("tagmanifest-sha256.txt")).unwrap();
        for t in ["en-GB/consent.md.hbs", "en-GB/treatment-record.md.hbs"] {
            let path = bag.join("templates").join(t);
            assert!(path.is_file(), "{} lacks templates/{t}", bag.display());
            let line = format!("{}  templates/{t}", sha256_file(&path));
            assert!(
                tags.lines().any(|l| l == line),
                "tag manifest lacks {line}:\n{tags}"
            );
        }
        let (code, report) = verify_json(bag);
        assert_eq!(code, 0, "{}: {report:#}", bag.display());
        assert_eq!(report["page_content_checked"], true, "{report:#}");
        assert_eq!(
            report["pdfs_rerendered"], report["pdfs_checked"],
            "{report:#}"
        );
        let o = tool(
            std::process::Command::new("bagit.py")
                .arg("--validate")
                .arg(bag),
        );
        assert!(o.status.success(), "bagit.py: {}", show(&o));
    }
    // Bag 2 holds the clinic's own consent template, not the built-in one.
    let own = std::fs::read_to_string(b.bag2.join("templates/en-GB/consent.md.hbs")).unwrap();
    assert!(own.contains(OWN_LINE));

    // A template edited inside the bag is a hash mismatch, not a silent re-render.
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("bag2");
    copy_dir(&b.bag2, &copy);
    let t = copy.join("templates/en-GB/consent.md.hbs");
    std::fs::write(&t, own.replace(OWN_LINE, "Edited after the fact.")).unwrap();
    let (code, report) = verify_json(&copy);
    assert_eq!(code, 1, "{report:#}");
    assert!(
        report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["path"] == "templates/en-GB/consent.md.hbs" && p["kind"] == "hash_mismatch"),
        "{report:#}"
    );
}

#[test]
fn trace_finds_exactly_the_clients_of_a_lot_across_both_bags() {
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("catalog.sqlite");
    add_both(&cat);

    // Case and surrounding spaces are ignored, nothing else.
    let o = catalog_cmd(&cat, &["trace", "--lot", "  rc-Lot-7 ", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let hits = json_of(&o);
    let records: BTreeSet<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["record_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        records,
        BTreeSet::from(["CAT-A-001", "CAT-C-001", "CAT-D-001", "CAT-E-002"]),
        "{hits:#}"
    );
    let clients: BTreeSet<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["client_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        clients,
        BTreeSet::from(["CL-A", "CL-C", "CL-D"]),
        "{hits:#}"
    );
    for h in hits.as_array().unwrap() {
        assert!(!h["contact"]["phone"].as_str().unwrap().is_empty());
        assert!(!h["documents"].as_array().unwrap().is_empty(), "{h:#}");
        let kinds: Vec<&str> = h["lots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["kind"].as_str().unwrap())
            .collect();
        let want = match h["record_id"].as_str().unwrap() {
            "CAT-C-001" => vec!["needle"],
            "CAT-D-001" => vec!["patch_test"],
            _ => vec!["pigment"],
        };
        assert_eq!(kinds, want, "{h:#}");
    }
    // The record since corrected is listed, marked with its correction.
    let a = hits
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["record_id"] == "CAT-A-001")
        .unwrap();
    assert_eq!(a["corrected_by"], json!(["CAT-E-002"]), "{a:#}");

    // CSV: a header and one line per record.
    let o = catalog_cmd(&cat, &["trace", "--lot", LOT, "--csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(csv.starts_with("client_id,name,phone,"), "{csv}");
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(!csv.contains("CL-B"), "{csv}");

    // A lot sharing a prefix is another lot; a prefix alone matches nothing (exit 1).
    let o = catalog_cmd(&cat, &["trace", "--lot", "RC-LOT-77", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let hits = json_of(&o);
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits:#}");
    assert_eq!(hits[0]["client_id"], "CL-B");
    let o = catalog_cmd(&cat, &["trace", "--lot", "RC-LOT"]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no record in the catalog used lot"));
    // A blank lot or name would match nothing or everything: refused (exit 2).
    let o = catalog_cmd(&cat, &["trace", "--lot", "  "]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let o = catalog_cmd(&cat, &["find", "--name", " "]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
}

#[test]
fn export_makes_a_bag_that_bagit_and_minisign_accept_with_the_source_hashes() {
    let b = bags();
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("catalog.sqlite");
    add_both(&cat);
    let out = tmp.path().join("export-CL-A");
    let o = smpdoc()
        .args(["export", "--client", "CL-A", "--out"])
        .arg(&out)
        .arg("--sign-key")
        .arg(&b.key)
        .arg("--catalog")
        .arg(&cat)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "export: {}", show(&o));

    let v = tool(
        std::process::Command::new("bagit.py")
            .arg("--validate")
            .arg(&out),
    );
    assert!(v.status.success(), "bagit.py: {}", show(&v));
    let m = tool(
        std::process::Command::new("minisign")
            .arg("-Vm")
            .arg(out.join("tagmanifest-sha256.txt"))
            .arg("-p")
            .arg(&b.public),
    );
    assert!(m.status.success(), "minisign: {}", show(&m));

    // Every document of CL-A (records A and E, two documents each), hashing as in its
    // source bag, with the source's manifest line and signature.
    let prov = std::fs::read_to_string(out.join("provenance.jsonl")).unwrap();
    let lines: Vec<Value> = prov
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{prov}");
    let records: BTreeSet<&str> = lines
        .iter()
        .map(|l| l["record_id"].as_str().unwrap())
        .collect();
    assert_eq!(records, BTreeSet::from(["CAT-A-001", "CAT-E-002"]));
    for l in &lines {
        let src = if l["record_id"] == "CAT-A-001" {
            &b.bag1
        } else {
            &b.bag2
        };
        let copied = out.join(l["path"].as_str().unwrap());
        let src_line = l["source_manifest_line"].as_str().unwrap();
        let (hash, src_path) = src_line.split_once("  ").unwrap();
        assert_eq!(sha256_file(&copied), hash, "{l:#}");
        assert_eq!(sha256_file(&src.join(src_path)), hash, "{l:#}");
        let manifest = std::fs::read_to_string(src.join("manifest-sha256.txt")).unwrap();
        assert!(manifest.lines().any(|m| m == src_line), "{l:#}");
        assert_eq!(
            l["source_signature"].as_str().unwrap(),
            std::fs::read_to_string(src.join("tagmanifest-sha256.txt.minisig")).unwrap()
        );
        assert_eq!(
            l["source_tagmanifest"].as_str().unwrap(),
            std::fs::read_to_string(src.join("tagmanifest-sha256.txt")).unwrap()
        );
    }
    // No client name in a path or a tag file.
    for f in ["bag-info.txt", "manifest-sha256.txt", "provenance.jsonl"] {
        let t = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(!t.contains("Amira") && !t.contains("Haddad"), "{f}: {t}");
    }

    // A client the catalog does not hold: exit 1, nothing written.
    let none = tmp.path().join("none");
    let o = smpdoc()
        .args(["export", "--client", "CL-NOBODY", "--out"])
        .arg(&none)
        .arg("--catalog")
        .arg(&cat)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    assert!(!none.exists());
}

/// The command VERIFYING.txt gives to take a document's source tag manifest and signature
/// out of provenance.jsonl (the first command of its indented block that names
/// provenance.jsonl).
fn provenance_command(verifying: &str) -> String {
    verifying
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("python3 ") && l.contains("provenance.jsonl"))
        .unwrap_or_else(|| {
            panic!("VERIFYING.txt gives no command for provenance.jsonl:\n{verifying}")
        })
        .to_string()
}

#[test]
fn an_export_tells_its_recipient_how_to_verify_it_without_smpdoc() {
    let b = bags();
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("catalog.sqlite");
    add_both(&cat);
    let export = |out: &Path, sign: bool| {
        let mut c = smpdoc();
        c.args(["export", "--client", "CL-A", "--out"])
            .arg(out)
            .arg("--catalog")
            .arg(&cat);
        if sign {
            c.arg("--sign-key").arg(&b.key);
        }
        let o = c.output().unwrap();
        assert_eq!(o.status.code(), Some(0), "export: {}", show(&o));
    };
    let out = tmp.path().join("export-CL-A");
    export(&out, true);
    let text = std::fs::read_to_string(out.join("VERIFYING.txt")).unwrap_or_else(|e| {
        panic!("an exported bag has no VERIFYING.txt telling its recipient how to verify it: {e}")
    });

    // Covered by the tag manifest (and so by the signature): sha256sum checks it.
    let tagmanifest = std::fs::read_to_string(out.join("tagmanifest-sha256.txt")).unwrap();
    assert!(
        tagmanifest.lines().any(|l| l.ends_with("  VERIFYING.txt")),
        "{tagmanifest}"
    );
    let c = tool(
        std::process::Command::new("sha256sum")
            .args(["-c", "manifest-sha256.txt", "tagmanifest-sha256.txt"])
            .current_dir(&out),
    );
    assert!(c.status.success(), "sha256sum: {}", show(&c));
    assert!(
        String::from_utf8_lossy(&c.stdout).contains("VERIFYING.txt: OK"),
        "{}",
        show(&c)
    );
    let v = tool(
        std::process::Command::new("bagit.py")
            .arg("--validate")
            .arg(&out),
    );
    assert!(v.status.success(), "bagit.py: {}", show(&v));

    // The outside tools' commands, this export's id, and what provenance.jsonl proves.
    let info = std::fs::read_to_string(out.join("bag-info.txt")).unwrap();
    let id = info
        .lines()
        .find_map(|l| l.strip_prefix("External-Identifier: "))
        .unwrap();
    for want in [
        id,
        "bagit.py --validate .",
        "sha256sum -c manifest-sha256.txt tagmanifest-sha256.txt",
        "minisign -Vm tagmanifest-sha256.txt -p CLINIC.pub",
        "provenance.jsonl",
        "source_manifest_line",
        "source_manifest_sha256",
        "source_tagmanifest",
        "source_signature",
        "qpdf --show-attachment",
        "What this does not prove",
    ] {
        assert!(text.contains(want), "VERIFYING.txt lacks {want:?}:\n{text}");
    }
    // No client name in it (the client's id is in bag-info already).
    assert!(
        !text.contains("Amira") && !text.contains("Haddad"),
        "{text}"
    );

    // Its recipe for provenance.jsonl works: in an empty folder, the first document's source
    // tag manifest and signature verify with the clinic's key, and name the source bag,
    // whose manifest's SHA-256 the tag manifest lists.
    let scratch = tmp.path().join("check-source");
    std::fs::create_dir(&scratch).unwrap();
    let cmd = provenance_command(&text).replace(
        "EXPORT/provenance.jsonl",
        out.join("provenance.jsonl").to_str().unwrap(),
    );
    let o = tool(
        std::process::Command::new("sh")
            .args(["-c", &cmd])
            .current_dir(&scratch),
    );
    assert!(o.status.success(), "{cmd}: {}", show(&o));
    let m = tool(
        std::process::Command::new("minisign")
            .args(["-Vm", "tagmanifest-sha256.txt", "-p"])
            .arg(&b.public)
            .current_dir(&scratch),
    );
    assert!(m.status.success(), "minisign: {}", show(&m));
    let first: Value = serde_json::from_str(
        std::fs::read_to_string(out.join("provenance.jsonl"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let comment = String::from_utf8_lossy(&m.stdout);
    assert!(
        comment.contains(first["source_bag"].as_str().unwrap()),
        "{comment}"
    );
    let listed = std::fs::read_to_string(scratch.join("tagmanifest-sha256.txt")).unwrap();
    assert!(
        listed.lines().any(|l| l
            == format!(
                "{}  manifest-sha256.txt",
                first["source_manifest_sha256"].as_str().unwrap()
            )),
        "{listed}"
    );

    // Unsigned, it says so instead of giving the signature step for this export.
    let plain = tmp.path().join("export-CL-A-unsigned");
    export(&plain, false);
    let text = std::fs::read_to_string(plain.join("VERIFYING.txt")).unwrap();
    assert!(text.contains("This export is not signed"), "{text}");
}

fn pdftotext(pdf: &Path) -> String {
    let o = tool(
        std::process::Command::new("pdftotext")
            .arg("-layout")
            .arg(pdf)
            .arg("-"),
    );
    assert!(o.status.success(), "pdftotext: {}", show(&o));
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_correction_is_linked_in_find_and_printed_on_its_documents() {
    let b = bags();
    for doc in ["consent.pdf", "treatment-record.pdf"] {
        let text = pdftotext(&b.bag2.join("data/CAT-E-002").join(doc));
        let want = format!("This record corrects record CAT-A-001: {REASON}");
        assert!(
            text.contains(&want),
            "{doc} does not print {want:?}:\n{text}"
        );
        let original = pdftotext(&b.bag1.join("data/CAT-A-001").join(doc));
        assert!(!original.contains("This record corrects"), "{original}");
    }

    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("catalog.sqlite");
    // The correction indexed before what it corrects: a warning, not a refusal.
    let o = add(&cat, &[&b.bag2], None);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning:")
            && err.contains("CAT-E-002 corrects record CAT-A-001, which the catalog does not hold"),
        "{}",
        show(&o)
    );
    let o = add(&cat, &[&b.bag1], None);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));

    // Looking up the corrected record shows its correction too, newest first.
    let o = catalog_cmd(&cat, &["find", "--record", "CAT-A-001", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let hits = json_of(&o);
    let ids: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["record_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["CAT-E-002", "CAT-A-001"], "{hits:#}");
    assert_eq!(hits[0]["corrects"]["record_id"], "CAT-A-001");
    assert_eq!(hits[0]["corrects"]["reason"], REASON);
    assert_eq!(hits[1]["corrected_by"], json!(["CAT-E-002"]));
    // And in text, by name (case ignored, family name too).
    for name in ["amira", "HADDAD"] {
        let o = catalog_cmd(&cat, &["find", "--name", name]);
        assert_eq!(o.status.code(), Some(0), "{}", show(&o));
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("corrects record CAT-A-001: "), "{text}");
        assert!(text.contains("corrected by record CAT-E-002"), "{text}");
    }
    let o = catalog_cmd(&cat, &["find", "--client", "CL-NOBODY"]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));

    // A record cannot correct itself.
    let mut selfish = bag1_records().remove(0);
    selfish["corrects"] = json!({"record_id": "CAT-A-001", "reason": "typo"});
    let f = write_records(tmp.path(), "self.json", &[selfish]);
    let o = smpdoc()
        .arg("validate")
        .arg(&f)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let report = json_of(&o);
    let codes: Vec<&str> = report["records"][0]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["corrects"], "{report:#}");
}

#[test]
fn the_bundled_examples_hold_a_correction_that_prints_and_that_the_catalog_links() {
    // fixtures/valid, the README's first command's input.
    let valid = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid");
    let mut records = Vec::new();
    for e in std::fs::read_dir(&valid).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            records.push(serde_json::from_slice::<Value>(&std::fs::read(&p).unwrap()).unwrap());
        }
    }
    let corrections: Vec<&Value> = records
        .iter()
        .filter(|r| r.get("corrects").is_some())
        .collect();
    assert!(
        !corrections.is_empty(),
        "no bundled example record uses `corrects`"
    );
    let tmp = tempfile::tempdir().unwrap();
    let bag = tmp.path().join("bag");
    let o = smpdoc()
        .arg("render")
        .arg(&valid)
        .arg("--out")
        .arg(&bag)
        .arg("-q")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "render: {}", show(&o));
    let cat = tmp.path().join("catalog.sqlite");
    let o = add(&cat, &[&bag], None);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    for c in corrections {
        let id = c["record_id"].as_str().unwrap();
        let corrected = c["corrects"]["record_id"].as_str().unwrap();
        let reason = c["corrects"]["reason"].as_str().unwrap();
        // It corrects another bundled record, of the same client.
        let original = records
            .iter()
            .find(|r| r["record_id"] == corrected)
            .unwrap_or_else(|| panic!("{id} corrects {corrected}, which is not bundled"));
        assert_ne!(id, corrected);
        assert_eq!(original["client"]["client_id"], c["client"]["client_id"]);
        // Its documents print the correction line.
        let mut docs = vec!["consent.pdf"];
        if c.get("session").is_some() {
            docs.push("treatment-record.pdf");
        }
        for doc in docs {
            let text = pdftotext(&bag.join("data").join(id).join(doc));
            let want = format!("This record corrects record {corrected}: {reason}");
            assert!(
                text.contains(&want),
                "{id}/{doc} does not print {want:?}:\n{text}"
            );
        }
        // The catalog links the two, the correction first.
        let o = catalog_cmd(&cat, &["find", "--record", corrected, "--json"]);
        assert_eq!(o.status.code(), Some(0), "{}", show(&o));
        let hits = json_of(&o);
        let ids: Vec<&str> = hits
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["record_id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [id, corrected], "{hits:#}");
        assert_eq!(hits[1]["corrected_by"], json!([id]));
    }
}

#[test]
fn adding_a_bag_twice_is_a_no_op_and_a_conflicting_record_is_reported() {
    let b = bags();
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("catalog.sqlite");
    add_both(&cat);
    let before = std::fs::read(&cat).unwrap();
    let o = add(&cat, &[&b.bag1], None);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already in the catalog"));
    assert_eq!(
        std::fs::read(&cat).unwrap(),
        before,
        "adding twice changed the catalog"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&cat).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the catalog holds health data: owner only");
    }

    // Another record under A's id, in another bag.
    let other = record("CAT-A-001", "CL-Z", "Zed Other", "Z-1", "Z-2", "Z-3");
    let input = write_records(&tmp.path().join("in3"), "day3.json", &[other]);
    let bag3 = tmp.path().join("bag3");
    let o = smpdoc()
        .arg("render")
        .arg(&input)
        .arg("--out")
        .arg(&bag3)
        .arg("-q")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let o = add(&cat, &[&bag3], None);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(
            "record CAT-A-001 is already indexed from another bag with a different fingerprint"
        ),
        "{}",
        show(&o)
    );
}

#[test]
fn a_bag_that_does_not_verify_is_refused_with_the_reason_and_the_catalog_is_unchanged() {
    let b = bags();
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("catalog.sqlite");
    let o = add(&cat, &[&b.bag1], Some(&b.public));
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let before = std::fs::read(&cat).unwrap();
    let copy = tmp.path().join("bag2");
    copy_dir(&b.bag2, &copy);
    let pdf = copy.join("data/CAT-C-001/consent.pdf");
    let mut bytes = std::fs::read(&pdf).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 1;
    std::fs::write(&pdf, bytes).unwrap();
    let o = add(&cat, &[&copy], Some(&b.public));
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("data/CAT-C-001/consent.pdf")
            && err.contains("[hash_mismatch]")
            && err.contains("refused"),
        "{err}"
    );
    assert_eq!(std::fs::read(&cat).unwrap(), before);
}

#[test]
fn killed_catalog_add_leaves_the_catalog_holding_the_bags_before_it() {
    use std::io::{BufRead, BufReader};
    let b = bags();
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("catalog.sqlite");
    let o = add(&cat, &[&b.bag1], None);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));

    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("smpdoc"))
        .args(["catalog", "add"])
        .arg(&b.bag2)
        .arg("--catalog")
        .arg(&cat)
        .env("SMPDOC_TEST_PAUSE_MID_BAG", "60")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            err.read_line(&mut line).unwrap() > 0,
            "catalog add ended before pausing"
        );
        if line.contains("paused mid-bag") {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no rollback by the process
    child.wait().unwrap();

    // The catalog opens, holds bag 1, and nothing of bag 2.
    let o = catalog_cmd(&cat, &["find", "--client", "CL-A", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let hits = json_of(&o);
    let ids: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["record_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["CAT-A-001"], "{hits:#}");
    for client in ["CL-C", "CL-D"] {
        let o = catalog_cmd(&cat, &["find", "--client", client]);
        assert_eq!(o.status.code(), Some(1), "{client}: {}", show(&o));
    }
    // And bag 2 can be added afterwards.
    let o = add(&cat, &[&b.bag2], None);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let o = catalog_cmd(&cat, &["find", "--client", "CL-C"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
}

#[test]
fn catalogs_not_ours_newer_or_locked_are_refused_with_a_clear_message() {
    let b = bags();
    let tmp = tempfile::tempdir().unwrap();

    let text = tmp.path().join("notes.txt");
    std::fs::write(&text, "not a database at all, but some notes\n".repeat(100)).unwrap();
    let other = tmp.path().join("other.sqlite");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    for f in [&text, &other] {
        let before = std::fs::read(f).unwrap();
        let o = add(f, &[&b.bag1], None);
        assert_eq!(o.status.code(), Some(2), "{}", show(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("is not an smpdoc catalog") && err.contains("hint:"),
            "{err}"
        );
        assert_eq!(
            std::fs::read(f).unwrap(),
            before,
            "{} was changed",
            f.display()
        );
    }

    let cat = tmp.path().join("catalog.sqlite");
    let o = add(&cat, &[&b.bag1], None);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    {
        let c = rusqlite::Connection::open(&cat).unwrap();
        c.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let o = catalog_cmd(&cat, &["trace", "--lot", LOT]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("written by a newer smpdoc"));
    {
        let c = rusqlite::Connection::open(&cat).unwrap();
        c.execute_batch("PRAGMA user_version = 1;").unwrap();
    }

    // Another writer holds the lock: catalog add waits, then says so.
    let c = rusqlite::Connection::open(&cat).unwrap();
    c.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let o = add(&cat, &[&b.bag2], None);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("is locked: another smpdoc is writing to it"),
        "{err}"
    );
    c.execute_batch("ROLLBACK;").unwrap();

    // No catalog at all.
    let o = catalog_cmd(
        &tmp.path().join("absent.sqlite"),
        &["find", "--record", "X"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("there is no catalog at"));
}

#[test]
fn catalog_check_finds_a_moved_bag_and_relocate_fixes_it() {
    let b = bags();
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old");
    copy_dir(&b.bag1, &old.join("bag1"));
    copy_dir(&b.bag2, &old.join("bag2"));
    let cat = tmp.path().join("catalog.sqlite");
    let o = add(&cat, &[&old.join("bag1"), &old.join("bag2")], None);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let o = catalog_cmd(&cat, &["catalog", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));

    let new = tmp.path().join("new");
    std::fs::rename(&old, &new).unwrap();
    let o = catalog_cmd(&cat, &["catalog", "check"]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("catalog relocate"),
        "{}",
        show(&o)
    );

    let o = smpdoc()
        .args(["catalog", "relocate"])
        .arg(&old)
        .arg(&new)
        .arg("--catalog")
        .arg(&cat)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("2 bags moved"),
        "{}",
        show(&o)
    );
    let o = catalog_cmd(&cat, &["catalog", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let o = catalog_cmd(&cat, &["trace", "--lot", LOT, "--json"]);
    let hits = json_of(&o);
    let new_s = std::fs::canonicalize(&new).unwrap().display().to_string();
    for h in hits.as_array().unwrap() {
        for d in h["documents"].as_array().unwrap() {
            assert!(d["bag_path"].as_str().unwrap().starts_with(&new_s), "{d:#}");
        }
    }
}
