//! Inputs that used to cost too much, hang, deceive or mislead (the "Hardening" issue),
//! each made at test time from a valid fixture with one field changed, so that the tests
//! follow the fixtures when the record format changes.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

fn smpdoc() -> Command {
    let mut c = Command::cargo_bin("smpdoc").unwrap();
    c.env_remove("SOURCE_DATE_EPOCH")
        .env_remove("SMPDOC_KEY_PASSWORD");
    c
}

fn fixture() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid/NSC-2026-0303-001.json");
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn write_record(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec_pretty(v).unwrap()).unwrap();
    p
}

fn show(o: &Output) -> String {
    format!(
        "status {}\n--- stdout\n{}\n--- stderr\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `validate --json FILE`: exit code and the one record's report.
fn validate_one(file: &Path, extra: &[&str]) -> (i32, Value) {
    let o = smpdoc()
        .arg("validate")
        .arg("--json")
        .args(extra)
        .arg(file)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", show(&o)));
    (o.status.code().unwrap(), report["records"][0].clone())
}

fn codes(rec: &Value, which: &str) -> Vec<(String, String)> {
    rec[which]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(rec: &Value, which: &str, code: &str, path: &str) -> bool {
    codes(rec, which)
        .iter()
        .any(|(c, p)| c == code && p == path)
}

fn message_of(rec: &Value, which: &str, code: &str) -> String {
    rec[which]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .map(|d| d["message"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no {code} in {rec:#}"))
}

fn set_signature_image(v: &mut Value, image: &str) {
    v["consent"]["client_signature"]["image"] = Value::from(image);
}

// ---------------------------------------------------------------------------------------
// 6, 7, 9. Image and photo files
// ---------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn image_files_must_be_regular_and_within_the_size_limit_and_never_hang() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("fifo.png");
    let o = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .output()
        .unwrap();
    assert!(o.status.success());
    let big = tmp.path().join("big.png");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(10_000_001).unwrap();
    for (image, why) in [
        ("fifo.png", "not a regular file"),
        ("big.png", "larger than 10000000 bytes"),
    ] {
        let mut v = fixture();
        set_signature_image(&mut v, image);
        let file = write_record(tmp.path(), "r.json", &v);
        let started = Instant::now();
        let (code, rec) = validate_one(&file, &[]);
        assert!(started.elapsed() < Duration::from_secs(60), "{image}: slow");
        assert_eq!(code, 1, "{image}: {rec:#}");
        assert!(
            has(&rec, "errors", "image", "consent.client_signature.image"),
            "{image}: {rec:#}"
        );
        let msg = message_of(&rec, "errors", "image");
        assert!(msg.contains(why), "{image}: {msg}");
    }
}

/// A PNG header declaring `w` x `h` RGBA pixels, with one row of data: small on disk,
/// huge when decoded.
fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let row = vec![0u8; 1 + 4 * w as usize];
    let mut c = libdeflater::Compressor::new(libdeflater::CompressionLvl::best());
    let mut z = vec![0u8; c.zlib_compress_bound(row.len())];
    let n = c.zlib_compress(&row, &mut z).unwrap();
    chunk(&mut out, b"IDAT", &z[..n]);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn an_image_declaring_too_many_pixels_is_refused_before_decoding() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("huge.png"), png_declaring(11_000, 11_000)).unwrap();
    let mut v = fixture();
    set_signature_image(&mut v, "huge.png");
    let file = write_record(tmp.path(), "r.json", &v);
    let (code, rec) = validate_one(&file, &[]);
    assert_eq!(code, 1, "{rec:#}");
    let msg = message_of(&rec, "errors", "image");
    assert!(
        msg.contains("11000 x 11000 pixels") && msg.contains("limit is 4000000 pixels"),
        "{msg}"
    );
    // The policy sets the limit.
    let policy = tmp.path().join("policy.json");
    std::fs::write(&policy, r#"{"max_image_pixels": 100}"#).unwrap();
    std::fs::write(tmp.path().join("huge.png"), png_declaring(20, 20)).unwrap();
    let (code, rec) = validate_one(&file, &["--policy", policy.to_str().unwrap()]);
    assert_eq!(code, 1, "{rec:#}");
    assert!(message_of(&rec, "errors", "image").contains("limit is 100 pixels"));
}

/// The image limits hold for all of a record's images together: four images each at the
/// limits (a logo and three signatures, 2000 x 2000 at 16 bits) took a render past 200 MB
/// and verify past 450 MB. Two 300 x 100 signatures (5,886 bytes each) are each within a
/// limit of 50,000 pixels or 10,000 bytes, and over it together.
#[test]
fn the_image_limits_hold_for_a_records_images_together() {
    let tmp = tempfile::tempdir().unwrap();
    let sig =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid/images/signature-olafur.png");
    std::fs::copy(&sig, tmp.path().join("a.png")).unwrap();
    std::fs::copy(&sig, tmp.path().join("b.png")).unwrap();
    let mut v = fixture();
    set_signature_image(&mut v, "a.png");
    v["consent"]["practitioner_signature"]["image"] = Value::from("b.png");
    let file = write_record(tmp.path(), "r.json", &v);
    for (policy, want) in [
        (
            r#"{"max_image_pixels": 50000}"#,
            "60000 pixels together with this one; the limit is 50000 pixels",
        ),
        (
            r#"{"max_image_bytes": 10000}"#,
            "11772 bytes together with this one; the limit is 10000 bytes",
        ),
    ] {
        let p = tmp.path().join("policy.json");
        std::fs::write(&p, policy).unwrap();
        let (code, rec) = validate_one(&file, &["--policy", p.to_str().unwrap()]);
        assert_eq!(code, 1, "{policy}: {rec:#}");
        assert!(
            has(
                &rec,
                "errors",
                "image",
                "consent.practitioner_signature.image"
            ) && message_of(&rec, "errors", "image").contains(want),
            "{policy}: {rec:#}"
        );
    }
    // One of them alone is within both.
    v["consent"]["practitioner_signature"]
        .as_object_mut()
        .unwrap()
        .remove("image");
    let file = write_record(tmp.path(), "r.json", &v);
    let p = tmp.path().join("policy.json");
    std::fs::write(
        &p,
        r#"{"max_image_pixels": 50000, "max_image_bytes": 10000}"#,
    )
    .unwrap();
    let (code, rec) = validate_one(&file, &["--policy", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{rec:#}");
}

#[test]
fn image_paths_stay_inside_the_records_folder_or_the_images_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = tmp.path().join("secret.png");
    std::fs::write(&secret, b"not for the audit log").unwrap();
    let secret_sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
        std::fs::read(&secret).unwrap(),
    ));
    let records = tmp.path().join("records");
    std::fs::create_dir(&records).unwrap();
    for reference in [
        secret.to_str().unwrap().to_string(),
        "../secret.png".to_string(),
        "/etc/passwd".to_string(),
    ] {
        let mut v = fixture();
        set_signature_image(&mut v, &reference);
        v["photos"] =
            serde_json::json!([{"label": "before", "file": reference, "sha256": "0".repeat(64)}]);
        let file = write_record(&records, "r.json", &v);
        let o = smpdoc()
            .arg("validate")
            .arg("--json")
            .arg(&file)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            !out.contains(&secret_sha),
            "{reference}: the file was read: {out}"
        );
        let report: Value = serde_json::from_slice(&o.stdout).unwrap();
        let rec = &report["records"][0];
        let msg = message_of(rec, "errors", "image");
        assert!(
            msg.contains("leaves the record's folder"),
            "{reference}: {msg}"
        );
        assert!(has(rec, "warnings", "photo", "photos[0].file"), "{rec:#}");
    }
    // A symbolic link inside the folder that leads out is refused too.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, records.join("link.png")).unwrap();
        let mut v = fixture();
        set_signature_image(&mut v, "link.png");
        let file = write_record(&records, "r.json", &v);
        let (_, rec) = validate_one(&file, &[]);
        assert!(
            message_of(&rec, "errors", "image").contains("leads out"),
            "{rec:#}"
        );
    }
    // --images DIR: paths are relative to it.
    let images = tmp.path().join("images");
    std::fs::create_dir(&images).unwrap();
    let png =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid/images/signature-olafur.png");
    std::fs::copy(&png, images.join("sig.png")).unwrap();
    let mut v = fixture();
    set_signature_image(&mut v, "sig.png");
    let file = write_record(&records, "r.json", &v);
    let (code, rec) = validate_one(&file, &["--images", images.to_str().unwrap()]);
    assert_eq!(code, 0, "{rec:#}");
    let (code, _) = validate_one(&file, &[]);
    assert_eq!(
        code, 1,
        "without --images the image is not next to the record"
    );
    // A record named by a bare file name, from its own folder: the image next to it.
    std::fs::copy(&png, records.join("sig.png")).unwrap();
    let o = smpdoc()
        .current_dir(&records)
        .args(["validate", "r.json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
}

// ---------------------------------------------------------------------------------------
// 8. Limits on records, lines, texts and lists
// ---------------------------------------------------------------------------------------

#[test]
fn names_texts_and_lists_have_limits() {
    let tmp = tempfile::tempdir().unwrap();
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Change)> = vec![
        (
            "client.full_name",
            Box::new(|v| v["client"]["full_name"] = Value::from("x".repeat(301))),
        ),
        (
            "session.notes",
            Box::new(|v| v["session"]["notes"] = Value::from("word ".repeat(2001))),
        ),
        (
            "screening.allergies",
            Box::new(|v| v["screening"]["allergies"] = Value::from(vec!["latex"; 101])),
        ),
    ];
    for (path, change) in cases {
        let mut v = fixture();
        change(&mut v);
        let file = write_record(tmp.path(), "r.json", &v);
        let (code, rec) = validate_one(&file, &[]);
        assert_eq!(code, 1, "{path}: {rec:#}");
        assert!(has(&rec, "errors", "limit", path), "{path}: {rec:#}");
    }
    // At the limits, the record is valid.
    let mut v = fixture();
    v["client"]["full_name"] = Value::from("x".repeat(300));
    v["session"]["notes"] = Value::from("y".repeat(10_000));
    let file = write_record(tmp.path(), "r.json", &v);
    let (code, rec) = validate_one(&file, &[]);
    assert_eq!(code, 0, "{rec:#}");
}

#[test]
fn an_ndjson_line_over_the_limit_is_refused_and_the_next_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("r.jsonl");
    let mut v = fixture();
    v["notes"] = Value::from("z".repeat(2_000_000));
    let mut text = serde_json::to_string(&v).unwrap();
    text.push('\n');
    text.push_str(&serde_json::to_string(&fixture()).unwrap());
    text.push('\n');
    std::fs::write(&file, text).unwrap();
    let o = smpdoc()
        .arg("validate")
        .arg("--json")
        .arg(&file)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let first = &report["records"][0];
    assert_eq!(first["line"], 1);
    assert!(has(first, "errors", "limit", ""), "{first:#}");
    assert!(message_of(first, "errors", "limit").contains("limit is 1000000"));
    assert_eq!(report["records"][1]["status"], "valid", "{report:#}");
    assert_eq!(report["records"][1]["line"], 2);
}

// ---------------------------------------------------------------------------------------
// 10, 11, 12, 17. Text that deceives
// ---------------------------------------------------------------------------------------

#[test]
fn terminal_escapes_are_printed_escaped_and_control_characters_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = fixture();
    v["record_id"] = Value::from("X\u{1b}[2K\u{1b}[1A");
    v["clinic"]["name"] = Value::from("Clinic\u{0}\u{1b}]0;title\u{7}");
    v["\u{1b}[31mkey"] = Value::from(1);
    let file = write_record(tmp.path(), "r\u{1b}[2J.json", &v);
    let o = smpdoc().arg("validate").arg(&file).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains('\u{1b}'), "raw escape: {err:?}");
    assert!(!err.contains('\u{0}'), "raw NUL: {err:?}");
    assert!(err.contains("\\u{001B}[2K"), "{err}");
    assert!(err.contains("1 record: 0 valid, 1 rejected"), "{err}");
    let (_, rec) = validate_one(&file, &[]);
    assert!(
        has(&rec, "errors", "control_character", "clinic.name"),
        "{rec:#}"
    );
}

#[test]
fn invisible_characters_and_confusable_names() {
    let tmp = tempfile::tempdir().unwrap();
    /// A code and the path it names.
    type Finding<'a> = Option<(&'a str, &'a str)>;
    let cases: [(&str, &str, Finding, Finding); 10] = [
        // A zero-width joiner where Latin needs none: an error in a name.
        (
            "client.full_name",
            "Ólafur\u{200D} Þórsson",
            Some(("invisible_character", "client.full_name")),
            None,
        ),
        // A Cyrillic а in a Latin name: a warning.
        (
            "client.full_name",
            "Ólаfur Þórsson",
            None,
            Some(("confusable", "client.full_name")),
        ),
        // Persian needs the non-joiner: fine.
        ("client.full_name", "علی\u{200C}اکبر", None, None),
        // A right-to-left override in a lot number: an error.
        (
            "session.pigments[0].lot",
            "HS-\u{202E}1377B",
            Some(("invisible_character", "session.pigments[0].lot")),
            None,
        ),
        // A zero-width space in free text: a warning; line breaks are fine there.
        (
            "session.notes",
            "fine\u{200B}\nnext line",
            None,
            Some(("invisible_character", "session.notes")),
        ),
        // A C1 control in a name.
        (
            "practitioner.name",
            "Amara\u{85}Okafor",
            Some(("control_character", "practitioner.name")),
            None,
        ),
        // Other characters that print as nothing (Unicode's default-ignorables): a soft
        // hyphen, a combining grapheme joiner, an invisible operator, a tag character.
        // Each printed the name identically, with another fingerprint and no word.
        (
            "client.full_name",
            "Ólafur Þór\u{AD}sson",
            Some(("invisible_character", "client.full_name")),
            None,
        ),
        (
            "client.full_name",
            "Ólafur\u{34F} Þórsson",
            Some(("invisible_character", "client.full_name")),
            None,
        ),
        (
            "client.full_name",
            "Ólafur\u{2062} Þórsson",
            Some(("invisible_character", "client.full_name")),
            None,
        ),
        (
            "client.full_name",
            "Ólafur Þórsson\u{E0041}",
            Some(("invisible_character", "client.full_name")),
            None,
        ),
    ];
    for (field, text, error, warning) in cases {
        let mut v = fixture();
        match field {
            "client.full_name" => v["client"]["full_name"] = Value::from(text),
            "session.pigments[0].lot" => v["session"]["pigments"][0]["lot"] = Value::from(text),
            "session.notes" => v["session"]["notes"] = Value::from(text),
            "practitioner.name" => v["practitioner"]["name"] = Value::from(text),
            _ => unreachable!(),
        }
        let file = write_record(tmp.path(), "r.json", &v);
        let (code, rec) = validate_one(&file, &[]);
        assert_eq!(
            code,
            if error.is_some() { 1 } else { 0 },
            "{text:?}: {rec:#}"
        );
        if let Some((c, p)) = error {
            assert!(has(&rec, "errors", c, p), "{text:?}: {rec:#}");
        }
        if let Some((c, p)) = warning {
            assert!(has(&rec, "warnings", c, p), "{text:?}: {rec:#}");
        }
        if error.is_none() && warning.is_none() {
            assert!(codes(&rec, "warnings").is_empty(), "{text:?}: {rec:#}");
        }
    }
}

#[test]
fn a_repeated_key_is_an_error_naming_both_positions() {
    let tmp = tempfile::tempdir().unwrap();
    let text = serde_json::to_string_pretty(&fixture()).unwrap();
    // The record_id again, last, with another value.
    let text = format!(
        "{},\n  \"record_id\": \"OTHER-1\"\n}}\n",
        text.trim_end().trim_end_matches('}').trim_end()
    );
    let file = tmp.path().join("r.json");
    std::fs::write(&file, &text).unwrap();
    let (code, rec) = validate_one(&file, &[]);
    assert_eq!(code, 1, "{rec:#}");
    let msg = message_of(&rec, "errors", "duplicate_key");
    let line_of = |from_end: bool| {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("\"record_id\""));
        let found = if from_end { lines.last() } else { lines.next() };
        found.unwrap().0 + 1
    };
    let (first, again) = (line_of(false), line_of(true));
    assert_ne!(first, again);
    assert!(
        msg.contains(&format!("first at line {first},"))
            && msg.contains(&format!("again at line {again},")),
        "{msg}"
    );

    // In NDJSON both positions are the file's: line 2 here (they were counted from the
    // record's own line: "first at line 1, ... again at line 1").
    let mut ok = fixture();
    ok["record_id"] = Value::from("NDJSON-1");
    let one = serde_json::to_string(&ok).unwrap();
    let two = format!(
        "{},\"record_id\":\"OTHER-2\"}}",
        one.strip_suffix('}').unwrap()
    );
    let file = tmp.path().join("r.jsonl");
    std::fs::write(&file, format!("{one}\n{two}\n")).unwrap();
    let o = smpdoc()
        .arg("validate")
        .arg("--json")
        .arg(&file)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let msg = message_of(&report["records"][1], "errors", "duplicate_key");
    assert!(
        msg.contains("first at line 2,") && msg.contains("again at line 2,"),
        "{msg}"
    );
}

#[test]
fn integers_above_2_to_the_53_get_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = fixture();
    v["session"]["machine"]["speed"] = serde_json::json!(9_007_199_254_740_993u64);
    let file = write_record(tmp.path(), "r.json", &v);
    let (code, rec) = validate_one(&file, &[]);
    assert_eq!(code, 0, "{rec:#}");
    assert!(
        has(&rec, "warnings", "precision", "session.machine.speed"),
        "{rec:#}"
    );
}

// ---------------------------------------------------------------------------------------
// 14, 16, 20, 21. Smaller faults
// ---------------------------------------------------------------------------------------

#[test]
fn a_closed_pipe_ends_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("many.jsonl");
    let mut text = String::new();
    for i in 0..3000 {
        let mut v = fixture();
        v["record_id"] = Value::from(format!("PIPE-{i:05}"));
        text.push_str(&serde_json::to_string(&v).unwrap());
        text.push('\n');
    }
    std::fs::write(&file, text).unwrap();
    let err = tmp.path().join("err");
    let script = format!(
        "{} validate {} 2>{} | head -n 1 >/dev/null; echo \"${{PIPESTATUS[0]}}\"",
        assert_cmd::cargo::cargo_bin("smpdoc").display(),
        file.display(),
        err.display()
    );
    let o = std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&o.stdout).trim().to_string();
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert_eq!(status, "0", "{stderr}");
    assert!(
        !stderr.contains("Broken pipe") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let text = serde_json::to_string_pretty(&fixture()).unwrap();
    let json = tmp.path().join("bom.json");
    std::fs::write(&json, format!("\u{FEFF}{text}")).unwrap();
    let (code, rec) = validate_one(&json, &[]);
    assert_eq!(code, 0, "{rec:#}");
    let lines = tmp.path().join("bom.jsonl");
    std::fs::write(
        &lines,
        format!("\u{FEFF}{}\n", serde_json::to_string(&fixture()).unwrap()),
    )
    .unwrap();
    let (code, rec) = validate_one(&lines, &[]);
    assert_eq!(code, 0, "{rec:#}");
}

#[test]
fn one_syntax_error_in_a_pretty_printed_record_on_stdin_is_one_error() {
    let text = serde_json::to_string_pretty(&fixture()).unwrap();
    let broken = text.replacen("\"jurisdiction\"", "\"jurisdiction\" :: ", 1);
    let o = smpdoc()
        .args(["validate", "--json", "-"])
        .write_stdin(broken)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["summary"]["records"], 1, "{report:#}");
    assert_eq!(report["records"][0]["errors"][0]["code"], "syntax");
    // NDJSON on stdin is still read a record a line.
    let one = serde_json::to_string(&fixture()).unwrap();
    let mut other = fixture();
    other["record_id"] = Value::from("NSC-2026-0303-002");
    let two = serde_json::to_string(&other).unwrap();
    let o = smpdoc()
        .args(["validate", "--json", "-"])
        .write_stdin(format!("{one}\n{two}\n"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["summary"]["valid"], 2, "{report:#}");
}

#[test]
fn rendering_a_folder_holding_an_archive_skips_the_archive_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write_record(&input, "r.json", &fixture());
    let first = input.join("archive");
    let o = smpdoc()
        .arg("render")
        .arg(&input)
        .arg("--out")
        .arg(&first)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let o = smpdoc()
        .arg("render")
        .arg(&input)
        .arg("--out")
        .arg(tmp.path().join("second"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("note: skipping") && err.contains("archive"),
        "{err}"
    );
    assert!(err.contains("1 record: 1 rendered, 0 rejected"), "{err}");
}

#[test]
fn a_repeated_record_id_names_where_it_was_first() {
    let tmp = tempfile::tempdir().unwrap();
    let a = write_record(tmp.path(), "a.json", &fixture());
    let b = write_record(tmp.path(), "b.json", &fixture());
    let o = smpdoc()
        .args(["validate", "--json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let msg = message_of(&report["records"][1], "errors", "duplicate_id");
    assert!(
        msg.contains(&format!("first in {} at line 1", a.display())),
        "{msg}"
    );
}

#[test]
fn keygen_without_a_terminal_or_password_says_how_to_give_one() {
    let tmp = tempfile::tempdir().unwrap();
    // setsid: no controlling terminal, as under cron or CI.
    let o = std::process::Command::new("setsid")
        .arg("-w")
        .arg(assert_cmd::cargo::cargo_bin("smpdoc"))
        .args(["keygen", "--out"])
        .arg(tmp.path().join("k"))
        .env_remove("SMPDOC_KEY_PASSWORD")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("setsid (util-linux) is needed");
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("a password is needed"), "{err}");
    assert!(err.contains("SMPDOC_KEY_PASSWORD"), "{err}");
    assert!(!err.contains("os error 6"), "{err}");
}

#[test]
fn only_consent_needs_only_the_consent_template() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("tpl");
    let o = smpdoc()
        .args(["templates", "export"])
        .arg(&tpl)
        .output()
        .unwrap();
    assert!(o.status.success());
    std::fs::remove_file(tpl.join("en-GB/treatment-record.md.hbs")).unwrap();
    let rec = write_record(tmp.path(), "r.json", &fixture());
    let o = smpdoc()
        .arg("render")
        .arg(&rec)
        .arg("--out")
        .arg(tmp.path().join("bag"))
        .args(["--only", "consent", "--templates"])
        .arg(&tpl)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    // Its re-render needs only that template too.
    let o = smpdoc()
        .arg("verify")
        .arg(tmp.path().join("bag"))
        .arg("--templates")
        .arg(&tpl)
        .args(["--rerender", "--json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["page_content_checked"], true, "{report:#}");
}

#[test]
fn example_prints_a_valid_record_and_a_paper_form() {
    let tmp = tempfile::tempdir().unwrap();
    for (args, docs) in [(vec!["example"], 2), (vec!["example", "--paper-form"], 1)] {
        let o = smpdoc().args(&args).output().unwrap();
        assert!(o.status.success(), "{}", show(&o));
        let file = tmp.path().join("example.json");
        std::fs::write(&file, &o.stdout).unwrap();
        let (code, rec) = validate_one(&file, &[]);
        assert_eq!(code, 0, "{args:?}: {rec:#}");
        let out = tmp.path().join(format!("bag-{docs}"));
        let o = smpdoc()
            .arg("render")
            .arg(&file)
            .arg("--out")
            .arg(&out)
            .arg("--json")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", show(&o));
        let report: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(report["summary"]["documents"], docs, "{args:?}: {report:#}");
    }
}

/// Standard input holding one JSON document on one line longer than one record (a
/// minified array): it was cut at the record limit and reported as "the file is empty".
/// An array of small records passes as it does from a file; a single oversized record is
/// refused by the record limit, with its size.
#[test]
fn a_one_line_document_on_standard_input_longer_than_a_record_is_read_whole() {
    let records: Vec<Value> = (0..300)
        .map(|i| {
            let mut v = fixture();
            v["record_id"] = Value::from(format!("STDIN-{i}"));
            v["session"]["notes"] = Value::from("n".repeat(3000));
            v
        })
        .collect();
    let line = serde_json::to_string(&records).unwrap();
    assert!(line.len() > 1_000_000 && !line.contains('\n'));
    let o = smpdoc()
        .args(["validate", "-"])
        .write_stdin(line)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(show(&o).contains("300 records: 300 valid"), "{}", show(&o));

    let big = format!("{{\"a\":\"{}\"}}", "a".repeat(2_000_000));
    let o = smpdoc()
        .args(["validate", "-"])
        .write_stdin(big)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("[limit]") && err.contains("2000008 bytes") && !err.contains("empty"),
        "{}",
        show(&o)
    );
}

/// A policy file is read as records are: a leading byte order mark is taken (it was
/// refused: "expected value at line 1 column 1"), and the read is bounded (/dev/zero was
/// read without end).
#[test]
fn a_policy_file_may_start_with_a_bom_and_is_read_within_a_bound() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write_record(tmp.path(), "r.json", &fixture());
    let policy = tmp.path().join("policy.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(br#"{"max_image_pixels": 100}"#);
    std::fs::write(&policy, bytes).unwrap();
    let o = smpdoc()
        .args(["validate", "--policy"])
        .arg(&policy)
        .arg(&file)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    #[cfg(unix)]
    {
        let o = smpdoc()
            .args(["validate", "--policy", "/dev/zero"])
            .arg(&file)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", show(&o));
        assert!(show(&o).contains("not a regular file"), "{}", show(&o));
    }
}
