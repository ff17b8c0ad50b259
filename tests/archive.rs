//! The archive (`render` writing a BagIt bag) and its verification (`verify`, `keygen`),
//! driven as a user and an auditor would: the real binary, and the bag checked with the
//! independent tools the spec promises work on it (`bagit.py`, `sha256sum`, `minisign`,
//! `qpdf`), then tampered with in the ways a forger would and checked again.
//!
//! The tools must be installed (`.ci/run` installs them): a missing tool fails the test, it
//! never skips it.

use assert_cmd::Command;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn smpdoc() -> Command {
    let mut c = Command::cargo_bin("smpdoc").unwrap();
    // The tests choose these themselves.
    c.env_remove("SOURCE_DATE_EPOCH")
        .env_remove("SMPDOC_KEY_PASSWORD");
    c
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn valid_fixture(name: &str) -> PathBuf {
    fixtures().join("valid").join(format!("{name}.json"))
}

/// Two A4 (UK-ENG) records with a consent form each, used where one record is needed.
const REC_A: &str = "NSC-2026-0303-001";
const REC_B: &str = "NSC-2026-0722-008";

fn consent_of(id: &str) -> String {
    format!("data/{id}/consent.pdf")
}

/// Runs an external tool; a tool that is not installed fails the test.
fn tool(cmd: &mut std::process::Command) -> Output {
    let name = cmd.get_program().to_string_lossy().into_owned();
    cmd.output()
        .unwrap_or_else(|e| panic!("{name} is needed: .ci/run installs it ({e})"))
}

fn show(o: &Output) -> String {
    format!(
        "status {}\n--- stdout\n{}\n--- stderr\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `bagit.py --validate DIR` (the Library of Congress's bagit-python).
fn bagit_validate(dir: &Path) -> Output {
    tool(
        std::process::Command::new("bagit.py")
            .arg("--validate")
            .arg(dir),
    )
}

fn assert_bagit_valid(dir: &Path, what: &str) {
    let o = bagit_validate(dir);
    assert!(
        o.status.success(),
        "{what}: bagit.py --validate rejects the bag: {}",
        show(&o)
    );
}

fn assert_bagit_invalid(dir: &Path, what: &str) {
    let o = bagit_validate(dir);
    assert!(
        !o.status.success(),
        "{what}: bagit.py --validate accepts a tampered bag: {}",
        show(&o)
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn sha256_file(path: &Path) -> String {
    sha256_hex(&std::fs::read(path).unwrap())
}

/// `smpdoc render INPUTS --out OUT EXTRA...`.
fn render(inputs: &[PathBuf], out: &Path, extra: &[&str]) -> Output {
    smpdoc()
        .arg("render")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// Renders fixtures/valid into `tmp/<name>`, which must succeed.
fn fresh_bag(tmp: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let dir = tmp.join(name);
    let o = render(&[fixtures().join("valid")], &dir, extra);
    assert_eq!(o.status.code(), Some(0), "render failed: {}", show(&o));
    assert!(dir.join("bagit.txt").is_file());
    dir
}

/// `smpdoc keygen --out tmp/NAME --unencrypted`; returns (NAME.key, NAME.pub).
fn keygen_unencrypted(tmp: &Path, name: &str) -> (PathBuf, PathBuf) {
    let base = tmp.join(name);
    let o = smpdoc()
        .arg("keygen")
        .arg("--out")
        .arg(&base)
        .arg("--unencrypted")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "keygen: {}", show(&o));
    let key = tmp.join(format!("{name}.key"));
    let public = tmp.join(format!("{name}.pub"));
    assert!(key.is_file() && public.is_file());
    (key, public)
}

/// `smpdoc verify DIR ARGS... --json`: exit code and report.
fn verify_json(dir: &Path, args: &[&OsStr]) -> (i32, Value) {
    let o = smpdoc()
        .arg("verify")
        .arg(dir)
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let code = o.status.code().expect("verify was killed");
    let report: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("verify --json output is not JSON ({e}): {}", show(&o));
    });
    (code, report)
}

/// The paths verify reported problems for.
fn problem_paths(report: &Value) -> BTreeSet<String> {
    report["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("report has no problems array: {report:#}"))
        .iter()
        .map(|p| p["path"].as_str().unwrap().to_string())
        .collect()
}

fn assert_verify_ok(dir: &Path, args: &[&OsStr], what: &str) -> Value {
    let (code, report) = verify_json(dir, args);
    assert_eq!(code, 0, "{what}: verify failed: {report:#}");
    assert_eq!(report["ok"], true, "{what}: {report:#}");
    assert!(problem_paths(&report).is_empty(), "{what}: {report:#}");
    report
}

/// Verify must exit 1 and name every path in `names`.
fn assert_verify_names(dir: &Path, args: &[&OsStr], names: &[&str], what: &str) -> Value {
    let (code, report) = verify_json(dir, args);
    assert_eq!(code, 1, "{what}: verify should find a problem: {report:#}");
    assert_eq!(report["ok"], false, "{what}: {report:#}");
    let paths = problem_paths(&report);
    for n in names {
        assert!(
            paths.contains(*n),
            "{what}: verify does not name {n}; it names {paths:?}: {report:#}"
        );
    }
    report
}

/// Verify must exit 1 and report `kind` for `path`: the reason, not only the file.
fn assert_verify_kind(dir: &Path, args: &[&OsStr], path: &str, kind: &str, what: &str) -> Value {
    let (code, report) = verify_json(dir, args);
    assert_eq!(code, 1, "{what}: verify should find a problem: {report:#}");
    let found = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["path"] == path && p["kind"] == kind);
    assert!(found, "{what}: no {kind} problem for {path}: {report:#}");
    report
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

/// Every file below `dir`, relative, with forward slashes, sorted.
fn walk(dir: &Path) -> Vec<String> {
    fn go(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                go(root, &e.path(), out);
            } else {
                let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
                out.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    go(dir, dir, &mut out);
    out.sort();
    out
}

fn flip_byte(path: &Path, offset: usize) {
    let mut b = std::fs::read(path).unwrap();
    b[offset] ^= 0x01;
    std::fs::write(path, b).unwrap();
}

fn audit_log(dir: &Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join("audit-log.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("audit line {l:?}: {e}")))
        .collect()
}

fn bag_info(dir: &Path, key: &str) -> String {
    let text = std::fs::read_to_string(dir.join("bag-info.txt")).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .unwrap_or_else(|| panic!("bag-info.txt has no {key}:\n{text}"))
        .to_string()
}

/// What a careful forger does after changing payload files: recomputes every line of
/// manifest-sha256.txt, Payload-Oxum, (optionally) the audit log's sha256 and bytes, and
/// finally tagmanifest-sha256.txt, so that every hash in the bag is consistent again.
fn reseal(dir: &Path, fix_audit_log: bool) {
    // Payload manifest, same paths, same order.
    let manifest = std::fs::read_to_string(dir.join("manifest-sha256.txt")).unwrap();
    let mut new = String::new();
    for line in manifest.lines() {
        let (_, path) = line.split_once("  ").unwrap();
        new.push_str(&format!("{}  {path}\n", sha256_file(&dir.join(path))));
    }
    std::fs::write(dir.join("manifest-sha256.txt"), new).unwrap();

    // Payload-Oxum.
    let files = walk(&dir.join("data"));
    let octets: u64 = files
        .iter()
        .map(|f| std::fs::metadata(dir.join("data").join(f)).unwrap().len())
        .sum();
    let info = std::fs::read_to_string(dir.join("bag-info.txt")).unwrap();
    let info: String = info
        .lines()
        .map(|l| {
            if l.starts_with("Payload-Oxum:") {
                format!("Payload-Oxum: {octets}.{}\n", files.len())
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(dir.join("bag-info.txt"), info).unwrap();

    // The audit log's document fingerprints.
    if fix_audit_log {
        let mut out = String::new();
        for mut entry in audit_log(dir) {
            let p = dir.join(entry["path"].as_str().unwrap());
            let bytes = std::fs::read(&p).unwrap();
            entry["sha256"] = Value::from(sha256_hex(&bytes));
            entry["bytes"] = Value::from(bytes.len());
            out.push_str(&serde_json::to_string(&entry).unwrap());
            out.push('\n');
        }
        std::fs::write(dir.join("audit-log.jsonl"), out).unwrap();
    }

    // Tag manifest last.
    let tags = std::fs::read_to_string(dir.join("tagmanifest-sha256.txt")).unwrap();
    let mut new = String::new();
    for line in tags.lines() {
        let (_, path) = line.split_once("  ").unwrap();
        new.push_str(&format!("{}  {path}\n", sha256_file(&dir.join(path))));
    }
    std::fs::write(dir.join("tagmanifest-sha256.txt"), new).unwrap();
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

// ---------------------------------------------------------------------------------------
// 1. A fresh bag passes every checker
// ---------------------------------------------------------------------------------------

#[test]
fn a_rendered_bag_validates_with_bagit_py_and_sha256sum() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_bag(tmp.path(), "bag", &[]);

    assert_bagit_valid(&dir, "fresh bag");

    let o = tool(
        std::process::Command::new("sha256sum")
            .args(["-c", "manifest-sha256.txt", "tagmanifest-sha256.txt"])
            .current_dir(&dir),
    );
    assert!(o.status.success(), "sha256sum -c: {}", show(&o));
    // Every payload PDF and every tag file was checked.
    let stdout = String::from_utf8_lossy(&o.stdout);
    let checked = stdout.lines().filter(|l| l.ends_with(": OK")).count();
    let pdfs = walk(&dir.join("data")).len();
    assert!(pdfs >= 17, "only {pdfs} PDFs");
    assert!(
        checked >= pdfs + 5,
        "sha256sum checked only {checked} files: {stdout}"
    );

    let o = smpdoc().arg("verify").arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "verify: {}", show(&o));
    let report = assert_verify_ok(&dir, &[], "fresh bag");
    assert_eq!(report["payload_files"].as_u64(), Some(pdfs as u64));
    assert_eq!(report["pdfs_checked"].as_u64(), Some(pdfs as u64));
    assert_eq!(report["signature"], "absent", "{report:#}");
}

// ---------------------------------------------------------------------------------------
// 2. Tampering that bagit.py catches, verify catches too, and names the path
// ---------------------------------------------------------------------------------------

#[test]
fn bagit_py_and_verify_fail_after_tampering() {
    let tmp = tempfile::tempdir().unwrap();
    let bag = fresh_bag(tmp.path(), "bag", &[]);
    let pdf = consent_of(REC_A);

    // (a) one byte flipped in a PDF.
    let a = tmp.path().join("a");
    copy_dir(&bag, &a);
    let len = std::fs::metadata(a.join(&pdf)).unwrap().len() as usize;
    flip_byte(&a.join(&pdf), len / 2);
    assert_bagit_invalid(&a, "(a) byte flipped");
    assert_verify_names(&a, &[], &[&pdf], "(a) byte flipped");
    // The human report names it too, as `error: <path>: <problem>`.
    let o = smpdoc().arg("verify").arg(&a).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with(&format!("error: {pdf}: "))),
        "(a): no `error: {pdf}: ...` line: {}",
        show(&o)
    );

    // (b) a PDF deleted.
    let b = tmp.path().join("b");
    copy_dir(&bag, &b);
    std::fs::remove_file(b.join(&pdf)).unwrap();
    assert_bagit_invalid(&b, "(b) PDF deleted");
    assert_verify_names(&b, &[], &[&pdf], "(b) PDF deleted");

    // (c) a file added under data/.
    let c = tmp.path().join("c");
    copy_dir(&bag, &c);
    let added = format!("data/{REC_A}/extra.pdf");
    std::fs::copy(c.join(consent_of(REC_B)), c.join(&added)).unwrap();
    assert_bagit_invalid(&c, "(c) file added");
    assert_verify_names(&c, &[], &[&added], "(c) file added");

    // (d) one hex digit of a hash edited in manifest-sha256.txt.
    let d = tmp.path().join("d");
    copy_dir(&bag, &d);
    let manifest = std::fs::read_to_string(d.join("manifest-sha256.txt")).unwrap();
    let mut edited = String::new();
    let mut done = false;
    for line in manifest.lines() {
        if line.ends_with(&format!("  {pdf}")) {
            let first = if line.starts_with('0') { '1' } else { '0' };
            edited.push(first);
            edited.push_str(&line[1..]);
            done = true;
        } else {
            edited.push_str(line);
        }
        edited.push('\n');
    }
    assert!(done, "{pdf} not in manifest-sha256.txt:\n{manifest}");
    std::fs::write(d.join("manifest-sha256.txt"), edited).unwrap();
    assert_bagit_invalid(&d, "(d) manifest line edited");
    assert_verify_names(
        &d,
        &[],
        &[&pdf, "manifest-sha256.txt"],
        "(d) manifest line edited",
    );
}

// ---------------------------------------------------------------------------------------
// 3. What a consistent forgery gets past bagit.py, verify still catches
// ---------------------------------------------------------------------------------------

#[test]
fn verify_catches_what_bagit_cannot() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, public) = keygen_unencrypted(tmp.path(), "clinic");
    let signed = fresh_bag(tmp.path(), "signed", &["--sign-key", key.to_str().unwrap()]);
    let pk: [&OsStr; 2] = [OsStr::new("--pubkey"), public.as_os_str()];
    let sig = "tagmanifest-sha256.txt.minisig";
    assert!(signed.join(sig).is_file());

    // The untouched signed bag verifies, signature included.
    let report = assert_verify_ok(&signed, &pk, "signed bag");
    assert_eq!(report["signature"], "verified", "{report:#}");

    // (e) a byte flipped in a PDF (in the header's binary comment, which no reader
    // interprets), then both manifests and the audit log recomputed consistently.
    let e = tmp.path().join("e");
    copy_dir(&signed, &e);
    let pdf = e.join(consent_of(REC_A));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let nl = bytes.iter().position(|&b| b == b'\n').unwrap();
    flip_byte(&pdf, nl + 2);
    reseal(&e, true);
    assert_ne!(
        std::fs::read(e.join("tagmanifest-sha256.txt")).unwrap(),
        std::fs::read(signed.join("tagmanifest-sha256.txt")).unwrap()
    );
    assert_bagit_valid(&e, "(e) the forger's resealed bag");
    let report = assert_verify_names(&e, &pk, &[sig], "(e) resealed forgery");
    assert_eq!(report["signature"], "failed", "(e): {report:#}");

    // (f) the trusted comment edited: another batch id.
    let f = tmp.path().join("f");
    copy_dir(&signed, &f);
    let batch_id = bag_info(&f, "External-Identifier");
    let text = std::fs::read_to_string(f.join(sig)).unwrap();
    let tc_line = text
        .lines()
        .find(|l| l.starts_with("trusted comment:"))
        .unwrap_or_else(|| panic!("no trusted comment in the signature:\n{text}"));
    assert!(tc_line.contains(&batch_id), "{tc_line} lacks {batch_id}");
    let forged_id = format!("smpdoc-{}", "0".repeat(batch_id.len() - "smpdoc-".len()));
    assert_ne!(forged_id, batch_id);
    let forged = text.replace(tc_line, &tc_line.replace(&batch_id, &forged_id));
    assert_ne!(forged, text);
    std::fs::write(f.join(sig), forged).unwrap();
    let o = tool(
        std::process::Command::new("minisign")
            .arg("-Vm")
            .arg(f.join("tagmanifest-sha256.txt"))
            .arg("-p")
            .arg(&public),
    );
    assert!(
        !o.status.success(),
        "(f) minisign accepts an edited trusted comment: {}",
        show(&o)
    );
    let report = assert_verify_names(&f, &pk, &[sig], "(f) trusted comment edited");
    assert_eq!(report["signature"], "failed", "(f): {report:#}");

    // (g) the wrong public key.
    let (_, other_pub) = keygen_unencrypted(tmp.path(), "other");
    let report = assert_verify_names(
        &signed,
        &[OsStr::new("--pubkey"), other_pub.as_os_str()],
        &[sig],
        "(g) wrong public key",
    );
    assert_eq!(report["signature"], "failed", "(g): {report:#}");

    // (j) the signature removed after a resealed forgery: with the key, that is a failure.
    let j = tmp.path().join("j");
    copy_dir(&e, &j);
    std::fs::remove_file(j.join(sig)).unwrap();
    assert_bagit_valid(&j, "(j) forgery without its signature");
    let report = assert_verify_names(&j, &pk, &[sig], "(j) signature removed");
    assert_eq!(report["signature"], "failed", "(j): {report:#}");

    // (h) a PDF replaced by another record's PDF, every hash fixed (unsigned bag, so
    // bagit.py passes): the embedded record gives it away.
    let unsigned = fresh_bag(tmp.path(), "unsigned", &[]);
    let h = tmp.path().join("h");
    copy_dir(&unsigned, &h);
    std::fs::copy(h.join(consent_of(REC_B)), h.join(consent_of(REC_A))).unwrap();
    reseal(&h, true);
    assert_bagit_valid(&h, "(h) the forger's resealed bag");
    assert_verify_names(&h, &[], &[&consent_of(REC_A)], "(h) record swapped");

    // (i) a public key file that is not one: verify cannot run.
    let garbage = tmp.path().join("garbage.pub");
    std::fs::write(&garbage, "this is not a minisign public key\n").unwrap();
    let o = smpdoc()
        .arg("verify")
        .arg(&signed)
        .arg("--pubkey")
        .arg(&garbage)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "(i) garbage key: {}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).starts_with("error: "),
        "{}",
        show(&o)
    );
    // A missing key file and a missing folder cannot run either.
    let o = smpdoc()
        .arg("verify")
        .arg(&signed)
        .arg("--pubkey")
        .arg(tmp.path().join("missing.pub"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "missing key: {}", show(&o));
    let o = smpdoc()
        .arg("verify")
        .arg(tmp.path().join("no-such-bag"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "missing folder: {}", show(&o));
}

// ---------------------------------------------------------------------------------------
// 4. minisign itself verifies the signature, also with an encrypted key
// ---------------------------------------------------------------------------------------

fn minisign_verify(dir: &Path, public: &Path) -> Output {
    tool(
        std::process::Command::new("minisign")
            .arg("-Vm")
            .arg(dir.join("tagmanifest-sha256.txt"))
            .arg("-p")
            .arg(public),
    )
}

#[test]
fn minisign_cli_verifies_a_signed_bag() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, public) = keygen_unencrypted(tmp.path(), "clinic");
    let dir = fresh_bag(tmp.path(), "bag", &["--sign-key", key.to_str().unwrap()]);

    let o = minisign_verify(&dir, &public);
    assert!(o.status.success(), "minisign -Vm: {}", show(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let comment = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Trusted comment: "))
        .unwrap_or_else(|| panic!("minisign printed no trusted comment: {}", show(&o)));
    let batch_id = bag_info(&dir, "External-Identifier");
    assert!(
        comment.contains(&batch_id),
        "trusted comment {comment:?} lacks the batch id {batch_id}"
    );
    let o = tool(
        std::process::Command::new("sha256sum")
            .arg("manifest-sha256.txt")
            .current_dir(&dir),
    );
    assert!(o.status.success(), "{}", show(&o));
    let manifest_sha = String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert!(is_hex64(&manifest_sha));
    assert!(
        comment.contains(&manifest_sha),
        "trusted comment {comment:?} lacks sha256sum of manifest-sha256.txt ({manifest_sha})"
    );

    // An encrypted key: the password from SMPDOC_KEY_PASSWORD, for keygen and render.
    let base = tmp.path().join("locked");
    let o = smpdoc()
        .arg("keygen")
        .arg("--out")
        .arg(&base)
        .env("SMPDOC_KEY_PASSWORD", "secret")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "encrypted keygen: {}", show(&o));
    let (lkey, lpub) = (tmp.path().join("locked.key"), tmp.path().join("locked.pub"));
    let one = [valid_fixture(REC_A)];
    let enc = tmp.path().join("enc");
    let o = smpdoc()
        .arg("render")
        .args(&one)
        .arg("--out")
        .arg(&enc)
        .arg("--sign-key")
        .arg(&lkey)
        .env("SMPDOC_KEY_PASSWORD", "secret")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "render, encrypted key: {}",
        show(&o)
    );
    let o = minisign_verify(&enc, &lpub);
    assert!(
        o.status.success(),
        "minisign -Vm (encrypted key): {}",
        show(&o)
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).contains(&bag_info(&enc, "External-Identifier")),
        "{}",
        show(&o)
    );
    // The encrypted key's bag is not verified with the other key.
    assert!(!minisign_verify(&enc, &public).status.success());

    // The wrong password: render cannot run, and leaves no bag.
    let wrong = tmp.path().join("wrong");
    let o = smpdoc()
        .arg("render")
        .args(&one)
        .arg("--out")
        .arg(&wrong)
        .arg("--sign-key")
        .arg(&lkey)
        .env("SMPDOC_KEY_PASSWORD", "not the secret")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "wrong password: {}", show(&o));
    assert!(!wrong.join("bagit.txt").exists());
}

// ---------------------------------------------------------------------------------------
// 5. Reproducible bags
// ---------------------------------------------------------------------------------------

#[test]
fn bags_are_byte_identical_across_runs_and_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = [fixtures().join("valid"), fixtures().join("invalid")];
    let mut dirs = Vec::new();
    for jobs in ["1", "2"] {
        let dir = tmp.path().join(format!("jobs{jobs}"));
        let o = smpdoc()
            .arg("render")
            .args(&inputs)
            .arg("--out")
            .arg(&dir)
            .args(["--jobs", jobs])
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(1),
            "--jobs {jobs}: invalid records must give exit 1: {}",
            show(&o)
        );
        assert_eq!(bag_info(&dir, "Bagging-Date"), "2023-11-14");
        dirs.push(dir);
    }
    let (a, b) = (&dirs[0], &dirs[1]);
    let files_a = walk(a);
    let files_b = walk(b);
    assert_eq!(files_a, files_b, "the two bags hold different files");
    assert!(files_a.len() > 20, "{files_a:?}");
    assert!(
        files_a.iter().all(|f| !f.ends_with(".partial")),
        "{files_a:?}"
    );
    let mut differ = Vec::new();
    for f in &files_a {
        if std::fs::read(a.join(f)).unwrap() != std::fs::read(b.join(f)).unwrap() {
            differ.push(f.clone());
        }
    }
    assert!(
        differ.is_empty(),
        "files differ between --jobs 1 and --jobs 2: {differ:?}"
    );
    // Both are valid bags (rejected records do not spoil the bag).
    assert_bagit_valid(a, "bag with rejected records");
    assert_verify_ok(a, &[], "bag with rejected records");
}

/// A batch longer than the records a run keeps in flight (64 a thread), with rejected
/// records and record_id repeats on both sides of that boundary: whatever the number of
/// threads, the bag is the same byte for byte, every outcome is reported in input order and
/// the first of two records with one record_id is the one rendered.
#[test]
fn a_long_batch_is_the_same_and_in_input_order_whatever_the_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("long.jsonl");
    big_jsonl(&input, 150);
    let mut lines: Vec<String> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    // Line 141 repeats the id of line 3 (far back), line 100 the id of line 99 (just
    // before it); line 60 is not JSON and line 130 misses a required field.
    let with_id = |line: &str, id: &str| {
        let mut v: Value = serde_json::from_str(line).unwrap();
        v["record_id"] = Value::from(id);
        serde_json::to_string(&v).unwrap()
    };
    lines[140] = with_id(&lines[140], "KILL-0002");
    lines[99] = with_id(&lines[99], "KILL-0098");
    lines[59] = "{ not json".to_string();
    let mut v: Value = serde_json::from_str(&lines[129]).unwrap();
    v.as_object_mut().unwrap().remove("clinic");
    lines[129] = serde_json::to_string(&v).unwrap();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();

    let mut dirs = Vec::new();
    let mut reports = Vec::new();
    for jobs in ["1", "2", "4"] {
        let dir = tmp.path().join(format!("jobs{jobs}"));
        let o = smpdoc()
            .arg("render")
            .arg(&input)
            .arg("--out")
            .arg(&dir)
            .args(["--jobs", jobs, "--json"])
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "--jobs {jobs}: {}", show(&o));
        let report: Value = serde_json::from_slice(&o.stdout).unwrap();
        let records = report["records"].as_array().unwrap().clone();
        let lines_seen: Vec<u64> = records
            .iter()
            .map(|r| r["origin"]["line"].as_u64().unwrap())
            .collect();
        assert_eq!(
            lines_seen,
            (1..=150).collect::<Vec<u64>>(),
            "--jobs {jobs}: outcomes out of input order"
        );
        let rejected: Vec<(u64, String)> = records
            .iter()
            .filter(|r| !r["errors"].as_array().unwrap().is_empty())
            .map(|r| {
                (
                    r["origin"]["line"].as_u64().unwrap(),
                    r["errors"][0]["code"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        assert_eq!(
            rejected.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            [60, 100, 130, 141],
            "--jobs {jobs}: {rejected:?}"
        );
        for line in [100, 141] {
            assert!(
                rejected.contains(&(line, "duplicate_id".to_string())),
                "--jobs {jobs}: line {line} is not a repeat: {rejected:?}"
            );
        }
        // The first of each pair is the one in the bag.
        let audit = audit_log(&dir);
        let audited = |id: &str, line: usize| {
            let sha = records[line - 1]["record_sha256"]
                .as_str()
                .unwrap()
                .to_string();
            audit
                .iter()
                .any(|e| e["record_id"] == id && e["record_sha256"] == sha.as_str())
        };
        assert!(audited("KILL-0002", 3), "--jobs {jobs}");
        assert!(audited("KILL-0098", 99), "--jobs {jobs}");
        reports.push(records);
        dirs.push(dir);
    }
    for (dir, jobs) in dirs.iter().zip(["1", "2", "4"]).skip(1) {
        let (a, b) = (&dirs[0], dir);
        let files = walk(a);
        assert_eq!(files, walk(b), "--jobs {jobs}: other files than --jobs 1");
        let differ: Vec<&String> = files
            .iter()
            .filter(|f| std::fs::read(a.join(f)).unwrap() != std::fs::read(b.join(f)).unwrap())
            .collect();
        assert!(
            differ.is_empty(),
            "--jobs 1 and --jobs {jobs} differ: {differ:?}"
        );
    }
    assert_eq!(reports[0], reports[1]);
    assert_eq!(reports[0], reports[2]);
    assert_bagit_valid(&dirs[0], "long batch");
}

// ---------------------------------------------------------------------------------------
// 6. verify --rerender catches a different but valid PDF of the same record
// ---------------------------------------------------------------------------------------

#[test]
fn verify_rerender() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_bag(tmp.path(), "bag", &[]);
    let rr = [OsStr::new("--rerender")];
    let report = assert_verify_ok(&dir, &rr, "--rerender on a fresh bag");
    assert_eq!(
        report["pdfs_rerendered"], report["pdfs_checked"],
        "{report:#}"
    );

    // REC_A is UK-ENG (A4): render it on Letter instead.
    let letter = tmp.path().join("letter");
    let o = render(&[valid_fixture(REC_A)], &letter, &["--paper", "letter"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let pdf = consent_of(REC_A);
    let replacement = std::fs::read(letter.join(&pdf)).unwrap();
    assert_ne!(
        replacement,
        std::fs::read(dir.join(&pdf)).unwrap(),
        "--paper letter gave the same bytes as A4"
    );
    std::fs::write(dir.join(&pdf), replacement).unwrap();
    reseal(&dir, true);
    assert_bagit_valid(&dir, "resealed bag with a Letter PDF");

    // Same record embedded, same footers: only a re-render tells, and plain verify does it.
    let nr = [OsStr::new("--no-rerender")];
    let report = assert_verify_ok(&dir, &nr, "--no-rerender of the Letter replacement");
    assert_eq!(report["page_content_checked"], false, "{report:#}");
    assert_verify_kind(&dir, &[], &pdf, "rerender_differs", "plain verify");
    assert_verify_kind(&dir, &rr, &pdf, "rerender_differs", "--rerender");
}

// ---------------------------------------------------------------------------------------
// 7. Nothing is ever overwritten
// ---------------------------------------------------------------------------------------

#[test]
fn render_refuses_a_non_empty_dir_and_keeps_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("existing");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("precious.txt"), "do not touch\n").unwrap();
    let o = render(&[valid_fixture(REC_A)], &dir, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).starts_with("error: "),
        "{}",
        show(&o)
    );
    assert_eq!(walk(&dir), vec!["precious.txt".to_string()]);
    assert_eq!(
        std::fs::read_to_string(dir.join("precious.txt")).unwrap(),
        "do not touch\n"
    );

    // A finished bag is not written into again either.
    let bag = tmp.path().join("bag");
    let o = render(&[valid_fixture(REC_A)], &bag, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let before: Vec<(String, Vec<u8>)> = walk(&bag)
        .into_iter()
        .map(|f| {
            let b = std::fs::read(bag.join(&f)).unwrap();
            (f, b)
        })
        .collect();
    let o = render(&[valid_fixture(REC_B)], &bag, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let after: Vec<(String, Vec<u8>)> = walk(&bag)
        .into_iter()
        .map(|f| {
            let b = std::fs::read(bag.join(&f)).unwrap();
            (f, b)
        })
        .collect();
    assert!(before == after, "a second render changed the bag");
}

#[test]
fn keygen_refuses_to_overwrite_a_key() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, public) = keygen_unencrypted(tmp.path(), "clinic");
    let (k0, p0) = (
        std::fs::read(&key).unwrap(),
        std::fs::read(&public).unwrap(),
    );
    let o = smpdoc()
        .arg("keygen")
        .arg("--out")
        .arg(tmp.path().join("clinic"))
        .arg("--unencrypted")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert_eq!(std::fs::read(&key).unwrap(), k0, "NAME.key overwritten");
    assert_eq!(std::fs::read(&public).unwrap(), p0, "NAME.pub overwritten");

    // Only NAME.key exists: still refused, and no NAME.pub appears.
    let lone = tmp.path().join("lone.key");
    std::fs::write(&lone, "an existing secret\n").unwrap();
    let o = smpdoc()
        .arg("keygen")
        .arg("--out")
        .arg(tmp.path().join("lone"))
        .arg("--unencrypted")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert_eq!(
        std::fs::read_to_string(&lone).unwrap(),
        "an existing secret\n"
    );
    assert!(!tmp.path().join("lone.pub").exists());
}

// ---------------------------------------------------------------------------------------
// 8. A killed render
// ---------------------------------------------------------------------------------------

/// Records from fixtures/valid that reference no image file, each given a unique id.
fn big_jsonl(path: &Path, n: usize) {
    let mut sources = Vec::new();
    for e in std::fs::read_dir(fixtures().join("valid")).unwrap() {
        let p = e.unwrap().path();
        if p.extension() != Some(OsStr::new("json")) {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        if text.contains("images/")
            || text.contains("data:image")
            || text.contains("\"logo\"")
            || text.contains("\"photos\"")
        {
            continue;
        }
        sources.push(serde_json::from_str::<Value>(&text).unwrap());
    }
    assert!(sources.len() >= 5, "only {} usable records", sources.len());
    let mut out = String::new();
    for i in 0..n {
        let mut r = sources[i % sources.len()].clone();
        r["record_id"] = Value::from(format!("KILL-{i:04}"));
        out.push_str(&serde_json::to_string(&r).unwrap());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

fn final_pdfs(dir: &Path) -> Vec<String> {
    if !dir.join("data").is_dir() {
        return Vec::new();
    }
    walk(dir)
        .into_iter()
        .filter(|f| {
            let name = f.rsplit('/').next().unwrap();
            name.ends_with(".pdf") && !name.starts_with('.')
        })
        .collect()
}

#[test]
fn killed_render_leaves_no_partial_file_and_no_valid_bag() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("big.jsonl");
    big_jsonl(&input, 400);
    let dir = tmp.path().join("bag");
    let bin = assert_cmd::cargo::cargo_bin("smpdoc");
    let mut child = std::process::Command::new(bin)
        .arg("render")
        .arg(&input)
        .arg("--out")
        .arg(&dir)
        .args(["--jobs", "1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "render of 400 records finished ({status}) before it could be killed: \
                 make the input bigger"
            );
        }
        if final_pdfs(&dir).len() >= 4 {
            break;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "render wrote no PDF in 120 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success());

    assert!(
        !dir.join("bagit.txt").exists(),
        "a killed render left bagit.txt"
    );
    assert_bagit_invalid(&dir, "killed render");
    let pdfs = final_pdfs(&dir);
    assert!(pdfs.len() >= 4, "{pdfs:?}");
    for f in &pdfs {
        let path = dir.join(f);
        let bytes = std::fs::read(&path).unwrap();
        let tail = &bytes[bytes.len().saturating_sub(32)..];
        assert!(
            String::from_utf8_lossy(tail).contains("%%EOF"),
            "{f} is cut short"
        );
        let o = tool(std::process::Command::new("qpdf").arg("--check").arg(&path));
        assert!(o.status.success(), "qpdf --check {f}: {}", show(&o));
    }
    let (code, report) = verify_json(&dir, &[]);
    assert_eq!(code, 1, "verify of a killed render: {report:#}");
    assert!(
        problem_paths(&report).contains("bagit.txt"),
        "verify does not say bagit.txt is missing: {report:#}"
    );
}

// ---------------------------------------------------------------------------------------
// 9. The audit log, the rejected list, and no client names
// ---------------------------------------------------------------------------------------

#[test]
fn audit_log_and_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    // Valid records in reverse file order (so input order differs from path order), then a
    // few invalid ones.
    let mut valid: Vec<PathBuf> = std::fs::read_dir(fixtures().join("valid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension() == Some(OsStr::new("json")))
        .collect();
    valid.sort();
    valid.reverse();
    let invalid_names = [
        "22-expired-pigment.json",
        "01-syntax-missing-comma.json",
        "41-multiple-errors.json",
        "34-record-id-traversal.json",
    ];
    let invalid: Vec<PathBuf> = invalid_names
        .iter()
        .map(|n| fixtures().join("invalid").join(n))
        .collect();
    let mut inputs = valid.clone();
    inputs.extend(invalid.iter().cloned());
    let dir = tmp.path().join("bag");
    let o = render(&inputs, &dir, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));

    // The audit log: one line per document, in input order.
    let mut want = Vec::new();
    let mut names = BTreeSet::new();
    for p in &valid {
        let r: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let id = r["record_id"].as_str().unwrap().to_string();
        want.push((id.clone(), "consent".to_string()));
        if !r["session"].is_null() {
            want.push((id, "treatment-record".to_string()));
        }
        names.insert(r["client"]["full_name"].as_str().unwrap().to_string());
    }
    let audit = audit_log(&dir);
    let got: Vec<(String, String)> = audit
        .iter()
        .map(|a| {
            (
                a["record_id"].as_str().unwrap_or("").to_string(),
                a["document"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        got, want,
        "audit-log.jsonl is not one line per document in input order"
    );
    for a in &audit {
        let id = a["record_id"].as_str().unwrap();
        let doc = a["document"].as_str().unwrap();
        let path = a["path"].as_str().unwrap();
        assert_eq!(path, format!("data/{id}/{doc}.pdf"), "{a}");
        let bytes = std::fs::read(dir.join(path)).unwrap();
        assert_eq!(a["sha256"], sha256_hex(&bytes), "{a}");
        assert_eq!(a["bytes"].as_u64(), Some(bytes.len() as u64), "{a}");
        for k in ["sha256", "record_sha256", "template_sha256"] {
            assert!(is_hex64(a[k].as_str().unwrap_or("")), "{k} in {a}");
        }
        assert!(a["warnings"].is_array(), "{a}");
    }
    // The same record_sha256 on both documents of a record.
    let mut by_record: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for a in &audit {
        by_record
            .entry(a["record_id"].as_str().unwrap())
            .or_default()
            .insert(a["record_sha256"].as_str().unwrap());
    }
    assert!(by_record.values().all(|s| s.len() == 1), "{by_record:?}");

    // The rejected list: one line per rejected input, in input order, with its errors.
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("invalid/expected.json")).unwrap(),
    )
    .unwrap();
    let rejected: Vec<Value> = std::fs::read_to_string(dir.join("rejected.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rejected.len(), invalid_names.len(), "{rejected:#?}");
    for (r, name) in rejected.iter().zip(invalid_names) {
        assert!(
            r["file"].as_str().unwrap_or("").ends_with(name),
            "rejected line {r} is not from {name}"
        );
        let errors = r["errors"].as_array().unwrap();
        let code = expected[name]["code"].as_str().unwrap();
        assert!(
            errors.iter().any(|e| e["code"] == code),
            "{name}: no {code} error in {r}"
        );
        for also in expected[name]
            .get("also")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(errors.iter().any(|e| &e["code"] == also), "{name}: {also}");
        }
    }
    for p in &invalid {
        if let Ok(r) = serde_json::from_str::<Value>(&std::fs::read_to_string(p).unwrap())
            && let Some(n) = r["client"]["full_name"].as_str()
        {
            names.insert(n.to_string());
        }
    }

    // No client name in a tag file or a path.
    assert!(names.len() >= 17, "{names:?}");
    for tag in [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
        "audit-log.jsonl",
        "rejected.jsonl",
        "VERIFYING.txt",
    ] {
        let text = std::fs::read_to_string(dir.join(tag)).unwrap();
        for n in &names {
            assert!(!text.contains(n.as_str()), "{tag} names the client {n:?}");
        }
    }
    for f in walk(&dir) {
        for n in &names {
            assert!(!f.contains(n.as_str()), "path {f} names the client {n:?}");
        }
    }
    // The traversal id wrote nothing outside data/.
    assert!(walk(&dir).iter().all(|f| !f.contains("..")));
    assert!(!tmp.path().join("etc").exists());
}

// ---------------------------------------------------------------------------------------
// 10. The auditor's instructions
// ---------------------------------------------------------------------------------------

#[test]
fn verifying_txt_lists_the_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, _) = keygen_unencrypted(tmp.path(), "clinic");
    let dir = fresh_bag(tmp.path(), "bag", &["--sign-key", key.to_str().unwrap()]);
    let text = std::fs::read_to_string(dir.join("VERIFYING.txt")).unwrap();
    for cmd in [
        "bagit.py --validate",
        "sha256sum -c",
        "minisign -Vm",
        "qpdf --show-attachment",
        "smpdoc verify . --pubkey CLINIC.pub",
    ] {
        assert!(text.contains(cmd), "VERIFYING.txt lacks `{cmd}`:\n{text}");
    }
    // Says plainly what the commands without smpdoc leave unproven.
    assert!(
        text.contains("do not prove: that each page shows what its record says"),
        "{text}"
    );
    assert!(text.contains("page content"), "{text}");
    assert!(
        text.contains(&bag_info(&dir, "External-Identifier")),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------
// 11. The embedded record's fingerprint, with qpdf
// ---------------------------------------------------------------------------------------

#[test]
fn attachment_fingerprint_matches_audit_log() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_bag(tmp.path(), "bag", &[]);
    let audit = audit_log(&dir);
    assert!(!audit.is_empty());
    for a in &audit {
        let id = a["record_id"].as_str().unwrap();
        let path = dir.join(a["path"].as_str().unwrap());
        let o = tool(
            std::process::Command::new("qpdf")
                .arg(format!("--show-attachment={id}.json"))
                .arg(&path),
        );
        assert!(
            o.status.success(),
            "qpdf --show-attachment {id}: {}",
            show(&o)
        );
        assert_eq!(
            a["record_sha256"],
            sha256_hex(&o.stdout),
            "{}: the attachment's SHA-256 is not the audit log's record_sha256",
            a["path"]
        );
        let record: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(record["record_id"], id);
    }
}

// ---------------------------------------------------------------------------------------
// 12. Hardening: what verify used to accept
// ---------------------------------------------------------------------------------------

/// `smpdoc verify ... --json` run as an ordinary user (tests run as root, who reads
/// everything): `setpriv` drops to nobody.
fn verify_json_as_nobody(dir: &Path, args: &[&str]) -> (i32, Value) {
    let bin = assert_cmd::cargo::cargo_bin("smpdoc");
    let o = tool(
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(bin)
            .arg("verify")
            .arg(dir)
            .args(args)
            .arg("--json"),
    );
    let code = o.status.code().expect("verify was killed");
    let report: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("verify --json output is not JSON ({e}): {}", show(&o)));
    (code, report)
}

fn has_kind(report: &Value, path: &str, kind: &str) -> bool {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["path"] == path && p["kind"] == kind)
}

#[cfg(unix)]
#[test]
fn verify_refuses_a_payload_file_replaced_by_a_symlink_to_an_identical_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_bag(tmp.path(), "bag", &[]);
    let pdf = consent_of(REC_A);
    let outside = tmp.path().join("outside.pdf");
    std::fs::copy(dir.join(&pdf), &outside).unwrap();
    std::fs::remove_file(dir.join(&pdf)).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join(&pdf)).unwrap();
    assert_bagit_invalid(&dir, "symlinked payload file");
    assert_verify_kind(&dir, &[], &pdf, "symlink", "symlinked payload file");
}

#[cfg(unix)]
#[test]
fn verify_as_an_ordinary_user_reports_a_folder_it_cannot_read() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = fresh_bag(tmp.path(), "bag", &[]);
    let hidden = dir.join("data/hidden");
    std::fs::create_dir(&hidden).unwrap();
    std::fs::copy(dir.join(consent_of(REC_A)), hidden.join("forged.pdf")).unwrap();
    std::fs::set_permissions(&hidden, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (code, report) = verify_json_as_nobody(&dir, &["--no-rerender"]);
    std::fs::set_permissions(&hidden, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 1, "{report:#}");
    assert!(has_kind(&report, "data/hidden", "walk_error"), "{report:#}");
}

#[test]
fn verify_reports_a_path_longer_than_the_system_can_open() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_bag(tmp.path(), "bag", &[]);
    // 20 folders of 250 bytes: over 4,096 bytes, made with relative paths.
    let name = "d".repeat(250);
    let pdf = dir.join(consent_of(REC_A));
    let script = format!(
        "cd {} && for i in $(seq 20); do mkdir {name} && cd {name} || exit 1; done && cp {} forged.pdf",
        dir.join("data").display(),
        pdf.display()
    );
    let o = tool(std::process::Command::new("bash").args(["-c", &script]));
    assert!(o.status.success(), "{}", show(&o));
    let (code, report) = verify_json(&dir, &[OsStr::new("--no-rerender")]);
    assert_eq!(code, 1, "{report:#}");
    let kinds: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"walk_error"), "{report:#}");
}

#[cfg(unix)]
#[test]
fn verify_reports_extra_folders_and_top_level_links() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_bag(tmp.path(), "bag", &[]);
    std::fs::create_dir(dir.join("data/empty")).unwrap();
    std::fs::create_dir(dir.join(format!("data/{REC_A}/sub"))).unwrap();
    std::fs::create_dir(dir.join("extra")).unwrap();
    std::fs::write(dir.join("extra/notes.txt"), "x").unwrap();
    let target = tmp.path().join("fetch-target.txt");
    std::fs::write(&target, "https://example.org/x 1 data/x.pdf\n").unwrap();
    std::os::unix::fs::symlink(&target, dir.join("fetch.txt")).unwrap();
    let (code, report) = verify_json(&dir, &[OsStr::new("--no-rerender")]);
    assert_eq!(code, 1, "{report:#}");
    for (path, kind) in [
        ("data/empty", "unexpected_folder"),
        (&format!("data/{REC_A}/sub") as &str, "unexpected_folder"),
        ("extra", "unexpected_folder"),
        ("fetch.txt", "symlink"),
    ] {
        assert!(
            has_kind(&report, path, kind),
            "no {kind} for {path}: {report:#}"
        );
    }
}

/// Runs verify with a deadline: a hang fails the test instead of blocking it.
fn verify_within(dir: &Path, secs: u64) -> (i32, Value) {
    let bin = assert_cmd::cargo::cargo_bin("smpdoc");
    let mut child = std::process::Command::new(bin)
        .arg("verify")
        .arg(dir)
        .args(["--json", "--no-rerender"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > std::time::Duration::from_secs(secs) {
            child.kill().unwrap();
            panic!("verify hung for {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    (o.status.code().unwrap(), report)
}

#[test]
fn verify_does_not_hang_on_a_fifo() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_bag(tmp.path(), "bag", &[]);
    let pdf = consent_of(REC_A);
    std::fs::remove_file(dir.join(&pdf)).unwrap();
    for f in [dir.join(&pdf), dir.join(format!("data/{REC_B}/extra.pdf"))] {
        let o = tool(std::process::Command::new("mkfifo").arg(&f));
        assert!(o.status.success(), "{}", show(&o));
    }
    let (code, report) = verify_within(&dir, 60);
    assert_eq!(code, 1, "{report:#}");
    assert!(has_kind(&report, &pdf, "not_a_regular_file"), "{report:#}");
    assert!(
        has_kind(
            &report,
            &format!("data/{REC_B}/extra.pdf"),
            "not_a_regular_file"
        ),
        "{report:#}"
    );
}

/// What a key holder who wants a page to say something else does: renders the record with
/// a template that prints another name, puts that PDF in the bag (same embedded record,
/// same footers), recomputes every hash and signs again.
#[test]
fn plain_verify_catches_a_page_edited_and_re_signed_by_the_key_holder() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, public) = keygen_unencrypted(tmp.path(), "clinic");
    let dir = fresh_bag(tmp.path(), "bag", &["--sign-key", key.to_str().unwrap()]);
    let pk = [OsStr::new("--pubkey"), public.as_os_str()];
    assert_verify_ok(&dir, &pk, "fresh signed bag");

    let tpl = tmp.path().join("tpl");
    let o = smpdoc()
        .args(["templates", "export"])
        .arg(&tpl)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", show(&o));
    let consent = tpl.join("en-GB/consent.md.hbs");
    let text = std::fs::read_to_string(&consent).unwrap();
    assert!(text.contains("{{client.full_name}}"), "{text}");
    std::fs::write(
        &consent,
        text.replace("{{client.full_name}}", "Somebody Else"),
    )
    .unwrap();
    let forged = tmp.path().join("forged");
    let o = render(
        &[valid_fixture(REC_A)],
        &forged,
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let pdf = consent_of(REC_A);
    std::fs::copy(forged.join(&pdf), dir.join(&pdf)).unwrap();
    reseal(&dir, true);
    // Sign again, as the key holder can, with a trusted comment describing the new bag.
    let manifest_sha = sha256_file(&dir.join("manifest-sha256.txt"));
    let records = audit_log(&dir)
        .iter()
        .map(|a| a["record_id"].as_str().unwrap().to_string())
        .collect::<BTreeSet<_>>()
        .len();
    let comment = format!(
        "smpdoc batch {} records {records} manifest-sha256 {manifest_sha}",
        bag_info(&dir, "External-Identifier")
    );
    let sk_box =
        minisign::SecretKeyBox::from_string(&std::fs::read_to_string(&key).unwrap()).unwrap();
    let sk = minisign::SecretKey::from_unencrypted_box(sk_box).unwrap();
    let tags = std::fs::read(dir.join("tagmanifest-sha256.txt")).unwrap();
    let sig = minisign::sign(None, &sk, std::io::Cursor::new(tags), Some(&comment), None).unwrap();
    std::fs::write(
        dir.join("tagmanifest-sha256.txt.minisig"),
        sig.into_string(),
    )
    .unwrap();
    assert!(minisign_verify(&dir, &public).status.success());

    // The hashes, the signature, the embedded record and the footers all hold...
    let mut nr = pk.to_vec();
    nr.push(OsStr::new("--no-rerender"));
    let report = assert_verify_ok(&dir, &nr, "--no-rerender of the re-signed forgery");
    assert_eq!(report["page_content_checked"], false, "{report:#}");
    assert!(
        report["page_content_note"]
            .as_str()
            .unwrap()
            .contains("--no-rerender"),
        "{report:#}"
    );
    // ...and plain verify re-renders and catches the page.
    let report = assert_verify_kind(&dir, &pk, &pdf, "rerender_differs", "plain verify");
    assert_eq!(report["signature"], "verified", "{report:#}");
    assert_eq!(report["pdfs_rerender_differs"], 1, "{report:#}");
    // Its summary for a person says so too (it said every PDF re-rendered identically).
    let o = smpdoc().arg("verify").arg(&dir).args(pk).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !out.contains("identically") && out.contains("1 DIFFERENT from a fresh render"),
        "{}",
        show(&o)
    );
}

#[test]
fn verify_says_when_page_content_cannot_be_rechecked_and_rerender_fails_then() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_bag(tmp.path(), "bag", &[]);
    let info = std::fs::read_to_string(dir.join("bag-info.txt")).unwrap();
    let info = info.replace(
        &format!("Smpdoc-Version: {}", env!("CARGO_PKG_VERSION")),
        "Smpdoc-Version: 0.0.1",
    );
    std::fs::write(dir.join("bag-info.txt"), info).unwrap();
    reseal(&dir, false);
    let report = assert_verify_ok(&dir, &[], "a bag from another smpdoc version");
    assert_eq!(report["page_content_checked"], false, "{report:#}");
    assert_eq!(report["pdfs_rerendered"], 0, "{report:#}");
    let note = report["page_content_note"].as_str().unwrap();
    assert!(note.contains("0.0.1"), "{note}");
    let o = smpdoc().arg("verify").arg(&dir).output().unwrap();
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("page content not re-checked"),
        "{}",
        show(&o)
    );
    assert_verify_kind(
        &dir,
        &[OsStr::new("--rerender")],
        "bag-info.txt",
        "rerender_impossible",
        "--rerender of a bag from another version",
    );
}

#[test]
fn a_signed_bag_of_treatment_records_only_verifies_with_its_own_key() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, public) = keygen_unencrypted(tmp.path(), "clinic");
    let dir = tmp.path().join("bag");
    // Three of the records have no session, so no treatment record.
    let o = render(
        &[fixtures().join("valid")],
        &dir,
        &["--only", "record", "--sign-key", key.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let pk = [OsStr::new("--pubkey"), public.as_os_str()];
    let report = assert_verify_ok(&dir, &pk, "--only record, signed");
    let records = audit_log(&dir)
        .iter()
        .map(|a| a["record_id"].as_str().unwrap().to_string())
        .collect::<BTreeSet<_>>()
        .len();
    assert!(
        report["trusted_comment"]
            .as_str()
            .unwrap()
            .contains(&format!(" records {records} ")),
        "{report:#}"
    );
}

#[test]
fn verify_escapes_terminal_sequences_in_file_names() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_bag(tmp.path(), "bag", &[]);
    std::fs::write(dir.join("data/\x1b[2K\x1b[1Averified.pdf"), "x").unwrap();
    let o = smpdoc()
        .arg("verify")
        .arg(&dir)
        .arg("--no-rerender")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains('\x1b'), "raw escape on stderr: {err:?}");
    assert!(err.contains("\\u{001B}[2K"), "{err}");
    // The added file, and Payload-Oxum which counts it.
    assert!(err.contains("2 problems found"), "{err}");
    // --json keeps the name as it is (JSON-escaped).
    let (_, report) = verify_json(&dir, &[OsStr::new("--no-rerender")]);
    assert!(
        has_kind(&report, "data/\x1b[2K\x1b[1Averified.pdf", "added"),
        "{report:#}"
    );
}

// ---------------------------------------------------------------------------------------
// Archival marks: verify checks what it can of PDF/A-3 and PDF/UA-1 on its own output
// ---------------------------------------------------------------------------------------

/// Replaces the only occurrence of `from` with `to` (same length: the xref stays valid).
fn replace_once(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let hits: Vec<usize> = bytes
        .windows(from.len())
        .enumerate()
        .filter(|(_, w)| *w == from)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "{:?} found {} times",
        String::from_utf8_lossy(from),
        hits.len()
    );
    bytes[hits[0]..hits[0] + to.len()].copy_from_slice(to);
}

#[test]
fn verify_reports_a_pdf_without_its_archival_marks_as_a_problem_of_its_own_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let no_rerender = [OsStr::new("--no-rerender")];
    for (what, from, to) in [
        (
            "untagged",
            b"/Marked true".as_slice(),
            b"/Marked null".as_slice(),
        ),
        ("no output intent", b"/GTS_PDFA1", b"/GTS_PDFA0"),
        (
            "XMP title not the Info title",
            b"<dc:title><rdf:Alt>",
            b"<dc:titlx><rdf:Alt>",
        ),
        ("no language", b"/Lang", b"/Lanx"),
    ] {
        let bag = fresh_bag(tmp.path(), &what.replace(' ', "-"), &[]);
        assert_verify_ok(&bag, &no_rerender, "fresh bag");
        let entry = audit_log(&bag)[0].clone();
        let rel = entry["path"].as_str().unwrap().to_string();
        let mut bytes = std::fs::read(bag.join(&rel)).unwrap();
        replace_once(&mut bytes, from, to);
        std::fs::write(bag.join(&rel), bytes).unwrap();
        reseal(&bag, true);
        assert_verify_kind(&bag, &no_rerender, &rel, "archival", what);
    }
}

/// Every `/Contents[A 0 R B 0 R]` of a PDF (a page's body and furniture streams), as the
/// byte offset and text of each.
fn page_contents(bytes: &[u8]) -> Vec<(usize, String)> {
    let key = b"/Contents[";
    let mut out = Vec::new();
    let mut at = 0;
    while at + key.len() <= bytes.len() {
        if &bytes[at..at + key.len()] == key {
            let end = at + bytes[at..].iter().position(|b| *b == b']').unwrap() + 1;
            out.push((at, String::from_utf8(bytes[at..end].to_vec()).unwrap()));
            at = end;
        } else {
            at += 1;
        }
    }
    out
}

/// The same PDF with page `n` (0-based) showing its body stream twice instead of its body
/// and furniture: the footer is gone, every offset stays where it was.
fn without_footer(bytes: &[u8], n: usize) -> Option<Vec<u8>> {
    let (at, contents) = page_contents(bytes).into_iter().nth(n)?;
    let refs: Vec<&str> = contents
        .trim_start_matches("/Contents[")
        .trim_end_matches(']')
        .split(" 0 R")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let [body, furniture] = refs.as_slice() else {
        return None;
    };
    if body.len() != furniture.len() {
        return None;
    }
    let forged = contents.replacen(&format!("{furniture} 0 R]"), &format!("{body} 0 R]"), 1);
    let mut out = bytes.to_vec();
    out[at..at + forged.len()].copy_from_slice(forged.as_bytes());
    Some(out)
}

/// What `verify` finds in a PDF: archival problems, attachments, and for each page whether
/// its footer prints the fingerprint.
type Checked = (Vec<String>, BTreeMap<String, Vec<u8>>, Vec<(u32, bool)>);

/// What `verify` checks in a PDF, read from `doc`.
fn checked(doc: &lopdf::Document, pages: &[lopdf::ObjectId], fp: &str) -> Checked {
    (
        smpdoc::verify::archival_problems(doc),
        smpdoc::verify::attachments(doc),
        smpdoc::verify::pages_showing(doc, pages, &format!("sha256:{fp}")),
    )
}

#[test]
fn verify_reads_only_the_objects_it_checks_and_finds_what_a_full_parse_finds() {
    let tmp = tempfile::tempdir().unwrap();
    let bag = fresh_bag(tmp.path(), "bag", &[]);
    let mut variants = 0;
    for entry in audit_log(&bag) {
        let rel = entry["path"].as_str().unwrap();
        let fp = entry["record_sha256"].as_str().unwrap();
        let original = std::fs::read(bag.join(rel)).unwrap();
        let mut forged: Vec<(&str, Vec<u8>)> = vec![("as rendered", original.clone())];
        for (what, from, to) in [
            (
                "untagged",
                b"/Marked true".as_slice(),
                b"/Marked null".as_slice(),
            ),
            ("no output intent", b"/GTS_PDFA1", b"/GTS_PDFA0"),
            ("no language", b"/Lang", b"/Lanx"),
            ("no attachment", b"/EmbeddedFiles", b"/EmbeddedFilex"),
        ] {
            let mut b = original.clone();
            replace_once(&mut b, from, to);
            forged.push((what, b));
        }
        if let Some(b) = without_footer(&original, 1) {
            forged.push(("page 2 without its footer", b));
        }
        for (what, bytes) in forged {
            let mut lazy = smpdoc::pdfread::load_lazily(&bytes)
                .unwrap_or_else(|| panic!("{rel} ({what}) is not read lazily"));
            let full = lopdf::Document::load_mem(&bytes).unwrap();
            let full_pages: Vec<lopdf::ObjectId> = full.get_pages().into_values().collect();
            // The archival marks and the attachments need neither the pages nor the fonts.
            assert_eq!(
                (
                    smpdoc::verify::archival_problems(lazy.doc()),
                    smpdoc::verify::attachments(lazy.doc())
                ),
                (
                    smpdoc::verify::archival_problems(&full),
                    smpdoc::verify::attachments(&full)
                ),
                "{rel} ({what}): before the pages are read"
            );
            let pages = lazy.pages().to_vec();
            assert_eq!(pages, full_pages, "{rel} ({what}): pages");
            assert!(
                lazy.doc().objects.len() * 2 < full.objects.len(),
                "{rel} ({what}): {} of {} objects read",
                lazy.doc().objects.len(),
                full.objects.len()
            );
            let got = checked(lazy.doc(), &pages, fp);
            let want = checked(&full, &full_pages, fp);
            assert_eq!(got, want, "{rel} ({what}): lazy and full reads disagree");
            match what {
                "as rendered" => {
                    assert!(got.0.is_empty(), "{rel}: {:?}", got.0);
                    assert!(got.2.iter().all(|(_, ok)| *ok), "{rel}: {:?}", got.2);
                    assert!(
                        got.1.contains_key(&format!(
                            "{}.json",
                            entry["record_id"].as_str().unwrap()
                        ))
                    );
                }
                "no attachment" => assert!(got.1.is_empty(), "{rel}"),
                "page 2 without its footer" => {
                    assert!(!got.2[1].1, "{rel}: {:?}", got.2);
                }
                _ => assert!(!got.0.is_empty(), "{rel} ({what}): no archival problem"),
            }
            variants += 1;
        }
    }
    assert!(variants > 100, "{variants}");
}

#[test]
fn verify_reports_a_page_whose_footer_was_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let bag = fresh_bag(tmp.path(), "bag", &[]);
    let no_rerender = [OsStr::new("--no-rerender")];
    let rel = consent_of(REC_A);
    let bytes = std::fs::read(bag.join(&rel)).unwrap();
    let forged = (1..page_contents(&bytes).len())
        .find_map(|n| without_footer(&bytes, n))
        .expect("a page whose two content streams have ids of one length");
    std::fs::write(bag.join(&rel), forged).unwrap();
    reseal(&bag, true);
    let report = assert_verify_kind(&bag, &no_rerender, &rel, "footer", "footer removed");
    assert_eq!(
        report["problems"].as_array().unwrap().len(),
        1,
        "{report:#}"
    );
    assert_verify_kind(
        &bag,
        &[],
        &rel,
        "rerender_differs",
        "footer removed, re-rendered",
    );
}

/// A tag file verify reads is read up to a limit, enforced while reading: a bag-info.txt
/// of 1.5 GB (sparse: it costs no disk) was read whole into memory (1.5 GB of RSS). Now it
/// is a failure naming the file and the limit, found once the limit's worth was read.
#[test]
fn a_huge_tag_file_is_refused_without_being_read_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_bag(tmp.path(), "bag", &[]);
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join("bag-info.txt"))
        .unwrap();
    f.set_len(1_500_000_000).unwrap();
    let (code, report) = verify_json(&dir, &[OsStr::new("--no-rerender")]);
    assert_eq!(code, 1, "{report:#}");
    assert!(
        report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["path"] == "bag-info.txt"
                && p["kind"] == "tag_file_unreadable"
                && p["problem"]
                    .as_str()
                    .unwrap()
                    .contains("larger than 1048576 bytes")),
        "{report:#}"
    );
}
