//! Documents in the client's language (issue 10), driven as a user would: the real binary,
//! its PDFs read back with poppler-utils (`pdftotext`), never with smpdoc's own code.
//!
//! The tools must be installed (`.ci/run` installs them): a missing tool fails the test, it
//! never skips it.

use assert_cmd::Command;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn smpdoc() -> Command {
    Command::cargo_bin("smpdoc").unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A signed record with a session (consent form and treatment record).
fn signed() -> Value {
    serde_json::from_slice(&std::fs::read(fixtures().join("valid/NSC-2026-0303-001.json")).unwrap())
        .unwrap()
}

/// A consent form to print and sign by hand (`smpdoc example --paper-form`), born in March.
fn paper() -> Value {
    let out = smpdoc().args(["example", "--paper-form"]).output().unwrap();
    assert!(out.status.success());
    let mut v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["client"]["date_of_birth"] = json!("1988-03-14");
    v
}

fn with_language(mut v: Value, id: &str, consent: &str, clinic: &str) -> Value {
    v["record_id"] = json!(id);
    v["consent"]["language"] = json!(consent);
    v["clinic"]["language"] = json!(clinic);
    v
}

/// Writes records into `dir/in` (one file each; image paths resolve against the fixtures).
fn write_records(dir: &Path, records: &[Value]) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    for r in records {
        let name = format!("{}.json", r["record_id"].as_str().unwrap());
        std::fs::write(input.join(name), serde_json::to_vec_pretty(r).unwrap()).unwrap();
    }
    input
}

struct Run {
    code: i32,
    out: PathBuf,
    stderr: String,
}

fn render(dir: &Path, records: &[Value], extra: &[&str]) -> Run {
    let input = write_records(dir, records);
    let out = dir.join("bag");
    let o = smpdoc()
        .arg("render")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--images")
        .arg(fixtures().join("valid"))
        .args(extra)
        .output()
        .unwrap();
    Run {
        code: o.status.code().unwrap_or(-1),
        out,
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn pdf(run: &Run, id: &str, doc: &str) -> PathBuf {
    run.out.join("data").join(id).join(doc)
}

/// `pdftotext` of a PDF, without the bidi marks it adds around right-to-left lines.
fn text(pdf: &Path, args: &[&str]) -> String {
    let o = std::process::Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext is needed: .ci/run installs poppler-utils ({e})"));
    assert!(o.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(o.stdout)
        .unwrap()
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{200E}' | '\u{200F}'))
        .collect()
}

/// Collapses white space, so that words a line break separated compare as in the source.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Each bundled language: its consent title, its treatment record title, and March as it
/// prints in a date.
const LANGUAGES: [(&str, &str, &str, &str); 10] = [
    (
        "en",
        "Consent to scalp micropigmentation",
        "Treatment record",
        "March",
    ),
    (
        "en-GB",
        "Consent to scalp micropigmentation",
        "Treatment record",
        "March",
    ),
    (
        "en-US",
        "Consent to scalp micropigmentation",
        "Treatment record",
        "March",
    ),
    (
        "es",
        "Consentimiento para micropigmentación capilar",
        "Registro de tratamiento",
        "marzo",
    ),
    (
        "fr",
        "Consentement à la micropigmentation du cuir chevelu",
        "Fiche de traitement",
        "mars",
    ),
    (
        "de",
        "Einwilligung in die Skalp-Mikropigmentierung",
        "Behandlungsprotokoll",
        "März",
    ),
    (
        "pl",
        "Zgoda na mikropigmentację skóry głowy",
        "Karta zabiegu",
        "marca",
    ),
    (
        "pt",
        "Consentimento para micropigmentação capilar",
        "Registo de tratamento",
        "março",
    ),
    (
        "ar",
        "الموافقة على التصبيغ الدقيق لفروة الرأس",
        "سجل العلاج",
        "مارس",
    ),
    ("zh-Hans", "头皮微色素植入知情同意书", "治疗记录", "3月"),
];

#[test]
fn every_bundled_language_renders_signed_and_paper_consent_and_treatment_record() {
    let tmp = tempfile::tempdir().unwrap();
    let mut records = Vec::new();
    for (tag, ..) in LANGUAGES {
        records.push(with_language(signed(), &format!("S-{tag}"), tag, tag));
        records.push(with_language(paper(), &format!("P-{tag}"), tag, tag));
    }
    let run = render(tmp.path(), &records, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (tag, title, record_title, march) in LANGUAGES {
        for (id, doc, want_title) in [
            (format!("S-{tag}"), "consent.pdf", title),
            (format!("S-{tag}"), "treatment-record.pdf", record_title),
            (format!("P-{tag}"), "consent.pdf", title),
        ] {
            let rec = records
                .iter()
                .find(|r| r["record_id"] == json!(id))
                .unwrap();
            let name = rec["client"]["full_name"].as_str().unwrap();
            let page = norm(&text(&pdf(&run, &id, doc), &[]));
            assert!(
                page.contains(want_title),
                "{id} {doc}: no title {want_title:?}:\n{page}"
            );
            assert!(
                page.contains(march),
                "{id} {doc}: no month {march:?}:\n{page}"
            );
            // A label too long for its box is cut with an ellipsis ("Imię i nazwisko
            // drukowanymi…" in Polish): no bundled message may be.
            assert!(!page.contains('…'), "{id} {doc}: text cut short:\n{page}");
            // Names may reorder by word in right-to-left extraction; every word is there.
            for w in name.split_whitespace() {
                assert!(
                    page.contains(w),
                    "{id} {doc}: no client name {name:?}:\n{page}"
                );
            }
        }
    }
}

/// The bundled example records (fixtures/valid).
fn bundled() -> Vec<Value> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(fixtures().join("valid")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            out.push(serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap());
        }
    }
    out.sort_by_key(|r: &Value| r["record_id"].as_str().unwrap().to_string());
    out
}

#[test]
fn a_bundled_example_keeps_its_treatment_record_in_the_clinics_language() {
    // A record whose clinic sets `clinic.language` to another language than the default
    // (en-GB), with a session, so that it has a treatment record to print in it.
    let records: Vec<Value> = bundled()
        .into_iter()
        .filter(|r| r.get("session").is_some())
        .filter(|r| {
            r["clinic"]["language"]
                .as_str()
                .is_some_and(|l| !l.starts_with("en"))
        })
        .collect();
    assert!(
        !records.is_empty(),
        "no bundled example with a session sets clinic.language (other than English)"
    );
    let tmp = tempfile::tempdir().unwrap();
    let run = render(tmp.path(), &records, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for r in &records {
        let id = r["record_id"].as_str().unwrap();
        let tag = r["clinic"]["language"].as_str().unwrap();
        let (_, _, title, _) = LANGUAGES
            .iter()
            .find(|(t, ..)| *t == tag || tag.starts_with(&format!("{t}-")))
            .unwrap_or_else(|| panic!("{id}: no bundled set for clinic.language {tag}"));
        let page = norm(&text(&pdf(&run, id, "treatment-record.pdf"), &[]));
        assert!(page.contains(title), "{id}: no title {title:?}:\n{page}");
        assert!(
            !page.contains("Treatment record"),
            "{id}: in English:\n{page}"
        );
    }
}

#[test]
fn arabic_is_right_aligned_and_a_latin_lot_number_reads_left_to_right() {
    let tmp = tempfile::tempdir().unwrap();
    let run = render(
        tmp.path(),
        &[with_language(signed(), "AR-1", "ar", "ar")],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let consent = pdf(&run, "AR-1", "consent.pdf");
    let bbox = text(&consent, &["-bbox", "-f", "1", "-l", "1"]);
    let page_width: f32 = bbox
        .split("<page width=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .expect("page width");
    // The first heading is the title; its words end at the right margin (56 pt), not the
    // left one.
    let words: Vec<(f32, f32, f32, String)> = bbox
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("<word xMin=\"")?;
            let num = |s: &str, key: &str| -> Option<f32> {
                s.split(key).nth(1)?.split('"').next()?.parse().ok()
            };
            let x0: f32 = rest.split('"').next()?.parse().ok()?;
            let x1 = num(l, "xMax=\"")?;
            let y0 = num(l, "yMin=\"")?;
            let w = l.split('>').nth(1)?.split('<').next()?.to_string();
            Some((x0, x1, y0, w))
        })
        .collect();
    // pdftotext -bbox gives right-to-left words in visual order (letters reversed).
    let title_word = "الموافقة";
    let visual: String = title_word.chars().rev().collect();
    let header_y = words
        .iter()
        .filter(|w| w.3 == title_word || w.3 == visual)
        .map(|w| w.2)
        .fold(f32::MIN, f32::max);
    assert!(header_y > 0.0, "no title word in:\n{bbox}");
    // The heading's line (the title's own, below the page header).
    let heading: Vec<_> = words
        .iter()
        .filter(|w| (w.2 - header_y).abs() < 1.0)
        .collect();
    let right = heading.iter().map(|w| w.1).fold(f32::MIN, f32::max);
    let left = heading.iter().map(|w| w.0).fold(f32::MAX, f32::min);
    assert!(
        (page_width - 56.0 - right).abs() < 2.0,
        "the heading ends at {right}, not at the right margin {}",
        page_width - 56.0
    );
    assert!(
        left > 56.0 + 20.0,
        "the heading starts at the left margin ({left})"
    );
    // The patch test's lot number, a Latin identifier inside an Arabic sentence, reads left
    // to right: its characters in their order, as one word.
    let plain = text(&consent, &[]);
    assert!(
        plain.contains("HS-B7731"),
        "the lot does not read HS-B7731:\n{plain}"
    );
}

#[test]
fn a_language_without_its_own_set_falls_back_by_truncation_and_likely_subtags() {
    let tmp = tempfile::tempdir().unwrap();
    let run = render(
        tmp.path(),
        &[
            with_language(signed(), "MX-1", "es-MX", "es-MX"),
            with_language(signed(), "CN-1", "zh-CN", "en-AU"),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mx = norm(&text(&pdf(&run, "MX-1", "consent.pdf"), &[]));
    assert!(
        mx.contains("Consentimiento para micropigmentación capilar"),
        "{mx}"
    );
    let cn = norm(&text(&pdf(&run, "CN-1", "consent.pdf"), &[]));
    assert!(cn.contains("头皮微色素植入知情同意书"), "{cn}");
    let au = norm(&text(&pdf(&run, "CN-1", "treatment-record.pdf"), &[]));
    assert!(au.contains("Treatment record"), "{au}");
}

#[test]
fn fails_with_rule_language_for_a_language_without_a_set() {
    let tmp = tempfile::tempdir().unwrap();
    let run = render(
        tmp.path(),
        &[with_language(signed(), "XX-1", "xx", "en-GB")],
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !pdf(&run, "XX-1", "consent.pdf").exists(),
        "a consent form was printed"
    );
    let rejected = lines(&run.out.join("rejected.jsonl"));
    assert_eq!(rejected.len(), 1);
    let errors = rejected[0]["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["code"] == "language" && e["path"] == "consent.language"),
        "{errors:?}"
    );
}

#[test]
fn a_policy_fallback_language_renders_with_a_warning_in_the_audit_log() {
    let tmp = tempfile::tempdir().unwrap();
    let policy = tmp.path().join("policy.json");
    std::fs::write(&policy, r#"{"fallback_language": "en-GB"}"#).unwrap();
    let run = render(
        tmp.path(),
        &[with_language(signed(), "XX-2", "xx", "en-GB")],
        &["--policy", policy.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = norm(&text(&pdf(&run, "XX-2", "consent.pdf"), &[]));
    assert!(
        page.contains("Consent to scalp micropigmentation"),
        "{page}"
    );
    let audit = lines(&run.out.join("audit-log.jsonl"));
    let consent = audit.iter().find(|a| a["document"] == "consent").unwrap();
    assert!(
        consent["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "language"),
        "{consent:#}"
    );
}

#[test]
fn fails_before_rendering_when_the_policy_fallback_names_no_set() {
    let tmp = tempfile::tempdir().unwrap();
    let policy = tmp.path().join("policy.json");
    std::fs::write(&policy, r#"{"fallback_language": "xx"}"#).unwrap();
    let run = render(
        tmp.path(),
        &[with_language(signed(), "XX-3", "en-GB", "en-GB")],
        &["--policy", policy.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("fallback_language") && run.stderr.contains("xx"),
        "{}",
        run.stderr
    );
    assert!(!run.out.join("bagit.txt").exists());
}

/// Writes the built-in set of one language into `dir`.
fn export(dir: &Path, language: &str) {
    let o = smpdoc()
        .args(["templates", "export"])
        .arg(dir)
        .args(["--language", language])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// `smpdoc templates check DIR`: its exit code, and its stdout and stderr together.
fn templates_check(dir: &Path) -> (Option<i32>, String) {
    let o = smpdoc()
        .args(["templates", "check"])
        .arg(dir)
        .output()
        .unwrap();
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code(), out)
}

#[test]
fn a_clinic_override_of_one_file_leaves_the_other_built_in_files_in_force() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("tpl");
    export(&tpl, "es");
    // Keep only the Spanish consent template, with a clause of the clinic's.
    std::fs::remove_file(tpl.join("es/messages.ftl")).unwrap();
    std::fs::remove_file(tpl.join("es/treatment-record.md.hbs")).unwrap();
    let consent = tpl.join("es/consent.md.hbs");
    let t = std::fs::read_to_string(&consent).unwrap();
    std::fs::write(&consent, format!("{t}\nCláusula de la clínica XYZZY.\n")).unwrap();
    let run = render(
        tmp.path(),
        &[
            with_language(signed(), "ES-1", "es", "es"),
            with_language(signed(), "GB-1", "en-GB", "en-GB"),
        ],
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let es = norm(&text(&pdf(&run, "ES-1", "consent.pdf"), &[]));
    assert!(es.contains("Cláusula de la clínica XYZZY."), "{es}");
    // The built-in Spanish messages fill the clinic's template.
    assert!(
        es.contains("Consentimiento para micropigmentación capilar"),
        "{es}"
    );
    let es_record = norm(&text(&pdf(&run, "ES-1", "treatment-record.pdf"), &[]));
    assert!(es_record.contains("Registro de tratamiento") && !es_record.contains("XYZZY"));
    let gb = norm(&text(&pdf(&run, "GB-1", "consent.pdf"), &[]));
    assert!(gb.contains("Consent to scalp micropigmentation") && !gb.contains("XYZZY"));
    // templates check takes the folder as render does, over the built-in files (it said
    // "the folder es has no messages.ftl" and exited 2).
    let (code, out) = templates_check(&tpl);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn templates_check_reports_missing_and_unused_messages_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("tpl");
    export(&tpl, "pl");
    // As exported, nothing is missing and nothing unused (the signature helper's role
    // message, `{{signature ... "role-client"}}`, was reported unused).
    let (code, all) = templates_check(&tpl);
    assert_eq!(code, Some(0), "{all}");
    assert!(!all.contains("not used"), "{all}");
    let messages = tpl.join("pl/messages.ftl");
    let ftl = std::fs::read_to_string(&messages).unwrap();
    let ftl: String = ftl
        .lines()
        .filter(|l| !l.starts_with("c-h-risks ="))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&messages, format!("{ftl}nobody-uses-this = x\n")).unwrap();
    let o = smpdoc()
        .args(["templates", "check"])
        .arg(&tpl)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8_lossy(&o.stdout);
    let line = std::fs::read_to_string(tpl.join("pl/consent.md.hbs"))
        .unwrap()
        .lines()
        .position(|l| l.contains("\"c-h-risks\""))
        .unwrap()
        + 1;
    assert!(
        out.contains("pl/consent.md.hbs")
            && out.contains(&format!("line {line}"))
            && out.contains("c-h-risks"),
        "{out}"
    );
    assert!(out.contains("nobody-uses-this"), "{out}");

    // The same folder stops a render before any record is rendered.
    let run = render(
        tmp.path(),
        &[with_language(signed(), "PL-1", "pl", "pl")],
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("c-h-risks"), "{}", run.stderr);
    assert!(!run.out.join("bagit.txt").exists());
}

#[test]
fn fails_before_rendering_with_a_message_syntax_error_naming_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("tpl");
    export(&tpl, "de");
    let messages = tpl.join("de/messages.ftl");
    let mut ftl: Vec<String> = std::fs::read_to_string(&messages)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    ftl.insert(40, "broken = { $unclosed".into());
    std::fs::write(&messages, ftl.join("\n") + "\n").unwrap();
    let run = render(
        tmp.path(),
        &[with_language(signed(), "DE-1", "de", "de")],
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("de/messages.ftl") && run.stderr.contains("line 41"),
        "{}",
        run.stderr
    );
}

#[test]
fn fails_with_an_unknown_export_language() {
    let tmp = tempfile::tempdir().unwrap();
    let o = smpdoc()
        .args(["templates", "export"])
        .arg(tmp.path().join("t"))
        .args(["--language", "xx"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_misspelt_field_in_an_if_is_an_error_naming_the_line() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("tpl");
    export(&tpl, "en-GB");
    let consent = tpl.join("en-GB/consent.md.hbs");
    let t = std::fs::read_to_string(&consent).unwrap().replacen(
        "{{#if client.email}}",
        "{{#if client.emial}}",
        1,
    );
    let line = t.lines().position(|l| l.contains("client.emial")).unwrap() + 1;
    std::fs::write(&consent, t).unwrap();
    let run = render(
        tmp.path(),
        &[with_language(signed(), "GB-2", "en-GB", "en-GB")],
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_ne!(run.code, 0);
    let rejected = std::fs::read_to_string(run.out.join("rejected.jsonl")).unwrap();
    assert!(
        rejected.contains("emial") && rejected.contains(&format!("line {line}")),
        "{rejected}"
    );
}

/// Wraps every message of a Fluent file in « » (a pseudo-locale; ⟦ ⟧ has no glyph in the shipped fonts), and makes its dates
/// numeric, so that every word the messages give is marked.
fn pseudo(ftl: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    let close = |out: &mut Vec<String>| {
        // The message's last non-blank line gets the closing mark.
        if let Some(l) = out.iter_mut().rev().find(|l| !l.trim().is_empty()) {
            l.push('»');
        }
    };
    for line in ftl.lines() {
        let starts_message = line.split_once(" = ").is_some_and(|(id, _)| {
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
        if open && (starts_message || line.starts_with('#') || line.trim().is_empty()) {
            close(&mut out);
            open = false;
        }
        if starts_message {
            let (id, value) = line.split_once(" = ").unwrap();
            let value = match id {
                "date-format-date" => "%Y-%m-%d".to_string(),
                "date-format-datetime" => "%Y-%m-%d %H%M".to_string(),
                "date-format-time" => "%H%M".to_string(),
                _ => value.to_string(),
            };
            out.push(format!("{id} = «{value}"));
            open = true;
        } else {
            out.push(line.to_string());
        }
    }
    if open {
        close(&mut out);
    }
    out.join("\n") + "\n"
}

/// Drops every «...» (nested ones too).
fn unmarked(s: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '«' => depth += 1,
            '»' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

#[test]
fn a_pseudo_locale_shows_no_word_from_outside_the_messages_templates_and_record() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("tpl");
    export(&tpl, "en-GB");
    std::fs::rename(tpl.join("en-GB"), tpl.join("en-XA")).unwrap();
    let messages = tpl.join("en-XA/messages.ftl");
    let ftl = std::fs::read_to_string(&messages).unwrap();
    std::fs::write(&messages, pseudo(&ftl)).unwrap();
    let rec = with_language(signed(), "XA-1", "en-XA", "en-XA");
    let paper = with_language(paper(), "XA-2", "en-XA", "en-XA");
    let run = render(
        tmp.path(),
        &[rec.clone(), paper.clone()],
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Words the templates themselves write (units, the regulation's name).
    let template_words = ["mm", "REACH"];
    for (r, docs) in [
        (&rec, &["consent.pdf", "treatment-record.pdf"][..]),
        (&paper, &["consent.pdf"][..]),
    ] {
        let mut record = Vec::new();
        strings(r, &mut record);
        let record_words: std::collections::BTreeSet<String> = record
            .iter()
            .flat_map(|s| {
                s.split(|c: char| !c.is_alphanumeric())
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect();
        for doc in docs {
            let page = text(&pdf(&run, r["record_id"].as_str().unwrap(), doc), &["-raw"]);
            assert_eq!(
                page.matches('«').count(),
                page.matches('»').count(),
                "{doc}: unbalanced marks, the check would be vacuous:\n{page}"
            );
            let rest = unmarked(&page);
            let surname = r["client"]["full_name"]
                .as_str()
                .unwrap()
                .split(' ')
                .next_back()
                .unwrap();
            assert!(
                rest.contains(surname),
                "{doc}: the record's own words were dropped too:\n{rest}"
            );
            let stray: Vec<&str> = rest
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().any(char::is_alphabetic))
                .filter(|w| !record_words.contains(*w) && !template_words.contains(w))
                .collect();
            assert!(
                stray.is_empty(),
                "{doc}: words from neither messages, templates nor the record: {stray:?}\n{page}"
            );
        }
    }
}

#[test]
fn numbers_in_prose_take_the_languages_decimal_separator() {
    let tmp = tempfile::tempdir().unwrap();
    let run = render(
        tmp.path(),
        &[
            with_language(signed(), "DE-2", "de", "de"),
            with_language(signed(), "GB-3", "en-GB", "en-GB"),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let de = norm(&text(&pdf(&run, "DE-2", "consent.pdf"), &[]));
    assert!(de.contains("1200,00 GBP"), "{de}");
    let de_record = norm(&text(&pdf(&run, "DE-2", "treatment-record.pdf"), &[]));
    assert!(de_record.contains("0,25 mm"), "{de_record}");
    let gb = norm(&text(&pdf(&run, "GB-3", "consent.pdf"), &[]));
    assert!(gb.contains("1200.00 GBP"), "{gb}");
}

#[test]
fn a_template_asset_is_read_from_the_templates_folder_and_a_missing_one_stops_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("tpl");
    export(&tpl, "en-GB");
    let consent = tpl.join("en-GB/consent.md.hbs");
    let t = std::fs::read_to_string(&consent).unwrap();
    std::fs::write(&consent, format!("![Clinic](logo.png)\n\n{t}")).unwrap();
    // Missing: an error naming the template and line, before any record is rendered.
    let run = render(
        tmp.path(),
        &[with_language(signed(), "GB-4", "en-GB", "en-GB")],
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("en-GB/consent.md.hbs, line 1") && run.stderr.contains("logo.png"),
        "{}",
        run.stderr
    );
    // Present next to the template: drawn as an image, not replaced by its alt text.
    let png = std::fs::read_dir(fixtures().join("valid/images"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .unwrap();
    std::fs::copy(png, tpl.join("en-GB/logo.png")).unwrap();
    let tmp2 = tempfile::tempdir().unwrap();
    let run = render(
        tmp2.path(),
        &[with_language(signed(), "GB-4", "en-GB", "en-GB")],
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let o = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(pdf(&run, "GB-4", "consent.pdf"))
        .output()
        .unwrap_or_else(|e| panic!("pdfimages is needed: .ci/run installs poppler-utils ({e})"));
    let list = String::from_utf8_lossy(&o.stdout);
    let with_logo = list.lines().skip(2).count();
    let page = norm(&text(&pdf(&run, "GB-4", "consent.pdf"), &[]));
    assert!(!page.starts_with("Clinic"), "{page}");
    // The signed fixture's own images are there too; the logo adds one.
    let tmp3 = tempfile::tempdir().unwrap();
    let plain = render(
        tmp3.path(),
        &[with_language(signed(), "GB-4", "en-GB", "en-GB")],
        &[],
    );
    let o = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(pdf(&plain, "GB-4", "consent.pdf"))
        .output()
        .unwrap();
    let without = String::from_utf8_lossy(&o.stdout).lines().skip(2).count();
    assert_eq!(with_logo, without + 1, "{list}");
}

#[test]
fn validate_rejects_what_render_would_reject_for_its_language() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write_records(
        tmp.path(),
        &[
            with_language(signed(), "XX-5", "xx", "en-GB"),
            with_language(signed(), "MX-5", "es-MX", "en-GB"),
        ],
    );
    let o = smpdoc()
        .arg("validate")
        .arg(&input)
        .arg("--images")
        .arg(fixtures().join("valid"))
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let by_id = |id: &str| {
        report["records"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["record_id"] == json!(id))
            .unwrap()
            .clone()
    };
    let xx = by_id("XX-5");
    assert_eq!(xx["status"], "rejected", "{xx:#}");
    assert_eq!(xx["errors"][0]["code"], "language", "{xx:#}");
    assert_eq!(by_id("MX-5")["status"], "valid");
}

/// Prose a native reader would correct, found by reading every bundled language's pages:
/// a count of days without its plural form ("about 1 days apart", Arabic "نحو 7 يومًا"),
/// a missing space in Polish ("na piśmiei będę"), Spanish "de el Reino Unido", Latin
/// commas and brackets between Arabic or Chinese words; and a language tag with an
/// extension ("es-MX-u-ca-gregory") that truncation did not reach "es" with.
#[test]
fn the_prose_of_each_language_reads_as_its_readers_write() {
    let tmp = tempfile::tempdir().unwrap();
    let with_interval = |v: Value, days: u64| {
        let mut v = v;
        v["treatment_plan"]["interval_days"] = json!(days);
        v
    };
    let run = render(
        tmp.path(),
        &[
            with_interval(with_language(signed(), "EN-1", "en-GB", "en-GB"), 1),
            with_interval(with_language(signed(), "PL-1", "pl", "pl"), 1),
            with_interval(with_language(signed(), "AR-7", "ar", "ar"), 7),
            with_language(signed(), "ES-1", "es", "es"),
            with_language(signed(), "ZH-1", "zh-Hans", "zh-Hans"),
            with_language(signed(), "EXT-1", "es-MX-u-ca-gregory", "en-GB"),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |id: &str, doc: &str| norm(&text(&pdf(&run, id, doc), &[]));
    let mut wrong = Vec::new();
    let mut want = |id: &str, doc: &str, has: &str, not: &str| {
        let t = read(id, doc);
        if !t.contains(has) || (!not.is_empty() && t.contains(not)) {
            wrong.push(format!("{id} {doc}: want {has:?}, not {not:?}, in:\n{t}\n"));
        }
    };
    want("EN-1", "consent.pdf", "about 1 day apart", "1 days");
    want(
        "EN-1",
        "treatment-record.pdf",
        "about 1 day apart",
        "1 days",
    );
    want("PL-1", "consent.pdf", "około 1 dnia", "około 1 dni ");
    want("PL-1", "consent.pdf", "na piśmie i będę", "piśmiei");
    want("ES-1", "consent.pdf", "del Reino Unido", "de el Reino");
    want("ZH-1", "treatment-record.pdf", "（C-00931）", "(C-00931)");
    want(
        "EXT-1",
        "consent.pdf",
        "Consentimiento para micropigmentación capilar",
        "",
    );
    // pdftotext places spaces around digits and Latin words in an Arabic line as it sees
    // them on the page: Arabic is compared without white space.
    let ar: String = read("AR-7", "consent.pdf")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for (has, not) in [("نحو7أيام", "7يومًا"), ("،AmaraOkafor", "AmaraOkafor,")] {
        if !ar.contains(has) || ar.contains(not) {
            wrong.push(format!(
                "AR-7 consent.pdf: want {has:?}, not {not:?}, in:\n{ar}\n"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A chrono format written where the date helper takes a style (`{{date x "%d de %B de
/// %Y"}}` for `{{date x "date"}}`) names a message no set has: `templates check` passed it
/// and `render` rejected every record one by one, leaving an empty bag. Now both stop,
/// naming the file and line, before any record is rendered (exit 2).
#[test]
fn a_date_format_in_place_of_a_style_stops_before_rendering() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("tpl");
    export(&tpl, "es");
    let consent = tpl.join("es/consent.md.hbs");
    let t = std::fs::read_to_string(&consent).unwrap().replacen(
        "{{date client.date_of_birth \"date\"}}",
        "{{date client.date_of_birth \"%d de %B de %Y\"}}",
        1,
    );
    let line = t.lines().position(|l| l.contains("%d de %B")).unwrap() + 1;
    std::fs::write(&consent, t).unwrap();
    let (code, out) = templates_check(&tpl);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("es/consent.md.hbs") && out.contains(&format!("line {line}")),
        "{out}"
    );
    let run = render(
        tmp.path(),
        &[with_language(signed(), "ES-2", "es", "es")],
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("%d de %B de %Y"), "{}", run.stderr);
    assert!(!run.out.join("bagit.txt").exists());
}

/// A block left open (`{{#if ...}}` without `{{/if}}`) is reported where it opens: it
/// was reported at the end of the file (line 171 for a block opened on line 20), where
/// the template parser noticed it.
#[test]
fn an_unclosed_block_is_reported_on_the_line_that_opens_it() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("tpl");
    export(&tpl, "es");
    let consent = tpl.join("es/consent.md.hbs");
    let mut lines: Vec<String> = std::fs::read_to_string(&consent)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    lines.insert(19, "{{#if client.full_name}} sin cerrar".to_string());
    let total = lines.len();
    std::fs::write(&consent, lines.join("\n")).unwrap();
    let (code, out) = templates_check(&tpl);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("es/consent.md.hbs, line 20,") && out.contains("{{/if}} is missing"),
        "{out} (the file has {total} lines)"
    );
}
