//! A consent that holds up: the clinic's time zone and instants, ISO 3166 jurisdictions, the
//! paper form that decides nothing for the client, ticks a machine can read, what the form
//! owes the client, the session's own sign-off, and `smpdoc upgrade`.
//!
//! Records are made from a version 2 fixture with one thing changed, run through the real
//! binary, and the PDFs are read back with poppler's `pdftotext` and `pdfinfo` (installed by
//! `.ci/run`; a missing tool fails the test).

use assert_cmd::Command;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn smpdoc() -> Command {
    Command::cargo_bin("smpdoc").unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The signed London record (session 2026-03-03 at 10:00, consent signed 09:41 GMT).
fn base() -> Value {
    let text = std::fs::read_to_string(fixtures().join("valid/NSC-2026-0303-001.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The same, as a form to be signed on paper.
fn paper() -> Value {
    let mut r = base();
    r["consent"]
        .as_object_mut()
        .unwrap()
        .remove("client_signature");
    r["consent"]["photo_clinical"] = json!(true);
    r["consent"]["photo_marketing"] = json!(true);
    r["consent"]["health_data_processing"] = json!(true);
    r
}

fn set(r: &mut Value, pointer: &str, v: Value) {
    *r.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the record")) = v;
}

/// Writes records into a fresh folder and returns it.
fn write(records: &[Value]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (i, r) in records.iter().enumerate() {
        std::fs::write(
            dir.path().join(format!("r{i:02}.json")),
            serde_json::to_string_pretty(r).unwrap(),
        )
        .unwrap();
    }
    dir
}

/// Diagnostics as (rule code, JSON path).
type Found = Vec<(String, String)>;

/// `validate --json` on one record: (exit code, its errors' codes and paths, its warnings').
fn validate(r: &Value, extra: &[&str]) -> (i32, Found, Found) {
    let dir = write(std::slice::from_ref(r));
    let out = smpdoc()
        .arg("validate")
        .arg(dir.path())
        .arg("--json")
        .args(extra)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let rec = &report["records"][0];
    let list = |k: &str| {
        rec[k]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|d| {
                        (
                            d["code"].as_str().unwrap().to_string(),
                            d["path"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    (out.status.code().unwrap(), list("errors"), list("warnings"))
}

fn validate_errors(r: &Value) -> Vec<(String, String)> {
    validate(r, &[]).1
}

fn has(list: &[(String, String)], code: &str, path: &str) -> bool {
    list.iter().any(|(c, p)| c == code && p == path)
}

/// Renders records into a new bag; returns the bag (kept alive) and its folder.
fn render(records: &[Value], extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let input = write(records);
    let out = tempfile::tempdir().unwrap();
    let bag = out.path().join("bag");
    let o = smpdoc()
        .arg("render")
        .arg(input.path())
        .arg("--out")
        .arg(&bag)
        .arg("--quiet")
        .args(extra)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    (out, bag)
}

/// Runs a poppler tool on a file (`-` after it: output to stdout).
fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let mut c = std::process::Command::new(name);
    c.args(args).arg(file);
    if name == "pdftotext" {
        c.arg("-");
    }
    let o = c
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed: .ci/run installs it ({e})"));
    assert!(o.status.success(), "{name} failed on {}", file.display());
    String::from_utf8(o.stdout).unwrap()
}

fn text(pdf: &Path) -> String {
    let t = tool("pdftotext", &["-layout"], pdf);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pages(pdf: &Path) -> Vec<String> {
    tool("pdftotext", &["-layout"], pdf)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn doc(bag: &Path, id: &str, name: &str) -> PathBuf {
    bag.join("data").join(id).join(name)
}

// ---------------------------------------------------------------------------------------
// 1. Time zones: instants, not wall clocks
// ---------------------------------------------------------------------------------------

/// A Sydney clinic: the consent signed at 11:30 local for a 10:00 session is late however
/// the time is written, and 09:30 local is in time however it is written.
#[test]
fn the_same_instant_gives_the_same_verdict_whatever_its_offset() {
    let sydney = |signed: &str| {
        let mut r = base();
        set(&mut r, "/clinic/time_zone", json!("Australia/Sydney"));
        set(&mut r, "/jurisdiction", json!("AU-NSW"));
        set(
            &mut r,
            "/screening/answered_at",
            json!("2026-03-02T09:00:00+11:00"),
        );
        set(&mut r, "/consent/client_signature/signed_at", json!(signed));
        set(
            &mut r,
            "/consent/practitioner_signature/signed_at",
            json!("2026-03-02T22:00:00Z"),
        );
        set(
            &mut r,
            "/session/practitioner_signature/signed_at",
            json!("2026-03-03T15:00:00+11:00"),
        );
        r
    };
    let late = ("signature_time", "consent.client_signature.signed_at");
    for written in [
        "2026-03-03T11:30:00+11:00",
        "2026-03-03T00:30:00Z",
        "2026-03-02T19:30:00-05:00",
    ] {
        let errs = validate_errors(&sydney(written));
        assert!(
            has(&errs, late.0, late.1),
            "{written} is 11:30 AEDT, after 10:00: {errs:?}"
        );
    }
    for written in ["2026-03-03T09:30:00+11:00", "2026-03-02T22:30:00Z"] {
        let errs = validate_errors(&sydney(written));
        assert!(
            errs.is_empty(),
            "{written} is 09:30 AEDT, before 10:00: {errs:?}"
        );
    }
}

/// London on the night the clocks go back: a signature written in BST is compared as an
/// instant with a session start in GMT.
#[test]
fn london_across_the_october_change() {
    let london = |signed: &str| {
        let mut r = base();
        set(&mut r, "/session/date", json!("2026-10-25"));
        set(&mut r, "/session/start_time", json!("10:00"));
        set(
            &mut r,
            "/screening/answered_at",
            json!("2026-10-20T10:00:00+01:00"),
        );
        set(&mut r, "/consent/client_signature/signed_at", json!(signed));
        set(
            &mut r,
            "/consent/practitioner_signature/signed_at",
            json!("2026-10-25T09:00:00Z"),
        );
        set(
            &mut r,
            "/session/practitioner_signature/signed_at",
            json!("2026-10-25T15:00:00Z"),
        );
        set(&mut r, "/patch_test/date", json!("2026-10-18"));
        r
    };
    // 10:30+01:00 is 09:30 GMT: in time, though its wall clock reads later than 10:00.
    assert!(validate_errors(&london("2026-10-25T10:30:00+01:00")).is_empty());
    // 10:30 GMT is late, written either way.
    for w in ["2026-10-25T10:30:00Z", "2026-10-25T11:30:00+01:00"] {
        let errs = validate_errors(&london(w));
        assert!(
            has(
                &errs,
                "signature_time",
                "consent.client_signature.signed_at"
            ),
            "{w}: {errs:?}"
        );
    }
}

/// Los Angeles the morning after the November change: 10:30 written in PDT is 09:30 PST.
#[test]
fn los_angeles_after_the_november_change() {
    let mut r = base();
    set(&mut r, "/clinic/time_zone", json!("America/Los_Angeles"));
    set(&mut r, "/jurisdiction", json!("US-CA"));
    set(&mut r, "/session/date", json!("2026-11-01"));
    set(
        &mut r,
        "/screening/answered_at",
        json!("2026-10-28T10:00:00-07:00"),
    );
    set(&mut r, "/patch_test/date", json!("2026-10-25"));
    set(
        &mut r,
        "/consent/client_signature/signed_at",
        json!("2026-11-01T10:30:00-07:00"),
    );
    set(
        &mut r,
        "/consent/practitioner_signature/signed_at",
        json!("2026-11-01T09:45:00-08:00"),
    );
    set(
        &mut r,
        "/session/practitioner_signature/signed_at",
        json!("2026-11-01T14:00:00-08:00"),
    );
    assert!(validate_errors(&r).is_empty());
    set(
        &mut r,
        "/consent/client_signature/signed_at",
        json!("2026-11-01T10:30:00-08:00"),
    );
    assert!(has(
        &validate_errors(&r),
        "signature_time",
        "consent.client_signature.signed_at"
    ));
    // And the documents print it on the clinic's clock, with the zone's abbreviation.
    set(
        &mut r,
        "/consent/client_signature/signed_at",
        json!("2026-11-01T17:30:00Z"),
    );
    let (_t, bag) = render(&[r], &[]);
    let consent = text(&doc(&bag, "NSC-2026-0303-001", "consent.pdf"));
    assert!(
        consent.contains("Signed 01 November 2026 at 09:30 PST"),
        "{consent}"
    );
}

/// A signature written in UTC prints in the clinic's zone, not "(UTC+00:00)".
#[test]
fn times_print_in_the_clinics_zone_with_its_abbreviation() {
    let mut r = base();
    set(&mut r, "/clinic/time_zone", json!("Australia/Sydney"));
    set(&mut r, "/jurisdiction", json!("AU-NSW"));
    set(
        &mut r,
        "/screening/answered_at",
        json!("2026-03-01T23:00:00Z"),
    );
    set(
        &mut r,
        "/consent/client_signature/signed_at",
        json!("2026-03-02T22:30:00Z"),
    );
    set(
        &mut r,
        "/consent/practitioner_signature/signed_at",
        json!("2026-03-02T22:35:00Z"),
    );
    set(
        &mut r,
        "/session/practitioner_signature/signed_at",
        json!("2026-03-03T05:00:00Z"),
    );
    let (_t, bag) = render(&[r], &[]);
    let consent = text(&doc(&bag, "NSC-2026-0303-001", "consent.pdf"));
    assert!(
        consent.contains("Signed 03 March 2026 at 09:30 AEDT"),
        "{consent}"
    );
    assert!(!consent.contains("UTC+"), "{consent}");
    let record = text(&doc(&bag, "NSC-2026-0303-001", "treatment-record.pdf"));
    assert!(record.contains("from 10:00 AEDT"), "{record}");
    assert!(
        record.contains("Signed 03 March 2026 at 16:00 AEDT"),
        "{record}"
    );
}

/// The patch test's 24 hours are counted between instants: the spring-forward day has 23.
#[test]
fn patch_test_hours_count_the_lost_hour() {
    let mut r = base();
    set(&mut r, "/session/date", json!("2026-03-29"));
    set(&mut r, "/session/start_time", json!("23:30"));
    set(&mut r, "/patch_test/date", json!("2026-03-28"));
    set(
        &mut r,
        "/consent/client_signature/signed_at",
        json!("2026-03-29T09:00:00+01:00"),
    );
    set(
        &mut r,
        "/consent/practitioner_signature/signed_at",
        json!("2026-03-29T09:05:00+01:00"),
    );
    set(
        &mut r,
        "/session/practitioner_signature/signed_at",
        json!("2026-03-30T03:00:00+01:00"),
    );
    // From midnight GMT on the 28th to 23:30 BST on the 29th is 46.5 hours, not 47.5.
    let policy = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(policy.path(), r#"{"patch_test_min_hours": 47}"#).unwrap();
    let (code, errs, warns) = validate(&r, &["--policy", policy.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{errs:?}");
    assert!(has(&warns, "patch_test", "patch_test.date"), "{warns:?}");
}

/// Without a session, age is counted on the day the screening was answered in the clinic's
/// zone: 23:30 UTC on 20 November is already the 21st in Sydney, the client's 18th birthday.
#[test]
fn age_near_midnight_uses_the_clinics_date() {
    let mut r = paper();
    r.as_object_mut().unwrap().remove("session");
    r.as_object_mut().unwrap().remove("aftercare");
    set(&mut r, "/clinic/time_zone", json!("Australia/Sydney"));
    set(&mut r, "/jurisdiction", json!("AU-NSW"));
    set(&mut r, "/client/date_of_birth", json!("2008-11-21"));
    set(
        &mut r,
        "/screening/answered_at",
        json!("2026-11-20T23:30:00Z"),
    );
    set(
        &mut r,
        "/consent/practitioner_signature/signed_at",
        json!("2026-11-20T23:35:00Z"),
    );
    let errs = validate_errors(&r);
    assert!(!has(&errs, "under_age", "client.date_of_birth"), "{errs:?}");
    set(&mut r, "/clinic/time_zone", json!("Europe/London"));
    set(&mut r, "/jurisdiction", json!("GB-ENG"));
    assert!(has(
        &validate_errors(&r),
        "under_age",
        "client.date_of_birth"
    ));
}

#[test]
fn local_times_in_a_gap_or_overlap_are_errors_naming_both_readings() {
    for (date, time, words) in [
        ("2026-03-29", "01:30", ["02:30 BST", "00:30 GMT"]),
        (
            "2026-10-25",
            "01:30",
            ["01:30 BST (00:30 UTC)", "01:30 GMT (01:30 UTC)"],
        ),
    ] {
        let mut r = base();
        set(&mut r, "/session/date", json!(date));
        set(&mut r, "/session/start_time", json!(time));
        let dir = write(&[r]);
        let out = smpdoc().arg("validate").arg(dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("session.start_time") && err.contains("[local_time]"),
            "{err}"
        );
        for w in words {
            assert!(err.contains(w), "{date} {time}: {w} not in {err}");
        }
    }
}

#[test]
fn unknown_time_zone_is_an_error_with_a_suggestion() {
    let mut r = base();
    set(&mut r, "/clinic/time_zone", json!("Europe/Londn"));
    let dir = write(&[r]);
    let out = smpdoc().arg("validate").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("clinic.time_zone") && err.contains("[time_zone]"),
        "{err}"
    );
    assert!(err.contains("did you mean \"Europe/London\""), "{err}");
}

// ---------------------------------------------------------------------------------------
// 2. Jurisdictions are ISO 3166 codes; REACH and paper follow from the country
// ---------------------------------------------------------------------------------------

#[test]
fn jurisdictions_that_are_not_iso_codes_are_errors_with_did_you_mean() {
    for (given, want) in [
        ("eu-fr", "FR"),
        ("EU_FR", "FR"),
        ("France", "FR"),
        ("UK-ENG", "GB-ENG"),
    ] {
        let mut r = base();
        set(&mut r, "/jurisdiction", json!(given));
        let dir = write(&[r]);
        let out = smpdoc().arg("validate").arg(dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{given}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("[jurisdiction]"), "{given}: {err}");
        assert!(
            err.contains(&format!("did you mean \"{want}\"")),
            "{given}: {err}"
        );
    }
}

/// Every EU and EEA country enforces REACH labelling, not only codes written "EU-".
#[test]
fn reach_follows_the_country() {
    for (j, tz, required) in [
        ("FR", "Europe/Paris", true),
        ("DE-BE", "Europe/Berlin", true),
        ("NO", "Europe/Oslo", true),
        ("GB-ENG", "Europe/London", false),
        ("CH", "Europe/Zurich", false),
    ] {
        let mut r = base();
        set(&mut r, "/jurisdiction", json!(j));
        set(&mut r, "/clinic/time_zone", json!(tz));
        let errs = validate_errors(&r);
        assert_eq!(
            has(&errs, "reach", "session.pigments[0].reach_labelled"),
            required,
            "{j}: {errs:?}"
        );
    }
}

#[test]
fn letter_paper_for_the_countries_that_use_it() {
    let mut records = Vec::new();
    for (i, (j, tz)) in [
        ("US-NJ", "America/New_York"),
        ("CA-ON", "America/Toronto"),
        ("MX", "America/Mexico_City"),
        ("GB-ENG", "Europe/London"),
    ]
    .iter()
    .enumerate()
    {
        let mut r = base();
        set(&mut r, "/record_id", json!(format!("PAPER-{i}")));
        set(&mut r, "/jurisdiction", json!(j));
        set(&mut r, "/clinic/time_zone", json!(tz));
        set(
            &mut r,
            "/session/practitioner_signature/signed_at",
            json!("2026-03-04T12:00:00Z"),
        );
        records.push(r);
    }
    let (_t, bag) = render(&records, &[]);
    for (i, letter) in [true, true, true, false].iter().enumerate() {
        let info = tool(
            "pdfinfo",
            &[],
            &doc(&bag, &format!("PAPER-{i}"), "consent.pdf"),
        );
        let want = if *letter {
            "612 x 792 pts (letter)"
        } else {
            "595.28 x 841.89 pts (A4)"
        };
        assert!(info.contains(want), "PAPER-{i}: {info}");
    }
}

// ---------------------------------------------------------------------------------------
// 3. and 4. The paper form decides nothing; ticks are text
// ---------------------------------------------------------------------------------------

#[test]
fn the_paper_form_ticks_nothing_and_asks_every_question() {
    let (_t, bag) = render(&[paper()], &[]);
    let pdf = doc(&bag, "NSC-2026-0303-001", "consent.pdf");
    let all = text(&pdf);
    // The record says yes to photos, marketing and health data: none of it shows ticked.
    for ticked in ['\u{2612}', '\u{2611}', '\u{2713}', '\u{2714}'] {
        assert!(
            !all.contains(ticked),
            "a ticked box {ticked} on the paper form: {all}"
        );
    }
    for choice in [
        "\u{2610} I confirm that I am 18 years of age or over",
        "\u{2610} I consent to clinical photographs",
        "\u{2610} I consent to photographs of my scalp being used for the clinic's marketing",
        "\u{2610} I consent to the clinic processing my health data",
    ] {
        assert!(all.contains(choice), "missing open box: {choice}");
    }
    // Every screening question has a Yes and a No box; the record's answers are not shown.
    for q in [
        "Are you pregnant or breastfeeding?",
        "Do you use minoxidil?",
        "Are you under the influence of alcohol or drugs today?",
    ] {
        let at = all.find(q).unwrap_or_else(|| panic!("{q} missing"));
        let row: String = all[at + q.len()..].chars().take(4).collect();
        assert_eq!(row.trim(), "\u{2610} \u{2610}", "{q}: {row:?}");
    }
    assert!(
        !all.contains("5% foam"),
        "the booking's answer detail is not pre-filled"
    );
    // A box for the client's initials on every page.
    let p = pages(&pdf);
    assert!(p.len() >= 2);
    for (i, page) in p.iter().enumerate() {
        assert!(
            page.contains("Client's initials"),
            "page {} has no initials box",
            i + 1
        );
    }
}

/// Boxes to sign in are tall enough for a hand-written signature: the content streams draw
/// rectangles at least 40 pt high (the client's signature, name and date, and allergies and
/// medications to write in; the practitioner has signed this record's form).
#[test]
fn signature_boxes_are_tall_enough_to_sign() {
    let (_t, bag) = render(&[paper()], &[]);
    let pdf = doc(&bag, "NSC-2026-0303-001", "consent.pdf");
    let all = text(&pdf);
    assert!(
        all.contains("Client (to be signed) Signature Name in capitals Date"),
        "{all}"
    );
    let d = lopdf::Document::load(&pdf).unwrap();
    let mut tall = 0;
    for page in d.get_pages().values() {
        let content = d.get_and_decode_page_content(*page).unwrap();
        tall += content
            .operations
            .iter()
            .filter(|op| op.operator == "re")
            .filter(|op| {
                op.operands
                    .get(3)
                    .and_then(|h| h.as_float().ok())
                    .is_some_and(|h| h.abs() >= 40.0)
            })
            .count();
    }
    assert_eq!(tall, 5, "boxes of 40 pt or more");
}

#[test]
fn a_tick_is_in_the_text_layer() {
    let mut r = base();
    set(&mut r, "/consent/photo_clinical", json!(true));
    set(&mut r, "/consent/photo_marketing", json!(false));
    let (_t, bag) = render(&[r], &[]);
    let all = text(&doc(&bag, "NSC-2026-0303-001", "consent.pdf"));
    assert!(
        all.contains("\u{2612} I consent to clinical photographs"),
        "{all}"
    );
    assert!(
        all.contains(
            "\u{2610} I consent to photographs of my scalp being used for the clinic's marketing"
        ),
        "{all}"
    );
    // The recorded screening answers: minoxidil yes, the others no.
    assert!(all.contains("Do you use minoxidil? (5% foam"), "{all}");
    let q = "Do you take finasteride?";
    let at = all.find(q).unwrap();
    let row: String = all[at + q.len()..].chars().take(4).collect();
    assert_eq!(
        row.trim(),
        "\u{2610} \u{2612}",
        "finasteride is answered no: {row:?}"
    );
}

// ---------------------------------------------------------------------------------------
// 5. What the form owes the client
// ---------------------------------------------------------------------------------------

#[test]
fn the_form_says_what_is_consented_to_and_what_the_client_can_do() {
    let mut r = base();
    set(
        &mut r,
        "/treatment_plan",
        json!({"zones": ["frontal_hairline", "crown_vertex"], "sessions_planned": 3,
               "interval_days": 14, "shade": "Soft Black 02",
               "fee": {"amount": "850.00", "currency": "GBP", "deposit": "150.00",
                       "refund_terms": "Deposit refundable until 48 hours before."}}),
    );
    let policy = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(policy.path(), r#"{"retention_years": 10}"#).unwrap();
    let (_t, bag) = render(&[r], &["--policy", policy.path().to_str().unwrap()]);
    let pdf = doc(&bag, "NSC-2026-0303-001", "consent.pdf");
    let all = text(&pdf);
    for want in [
        "Your treatment plan",
        "I consent to a course of 3 sessions of scalp micropigmentation, about 14 days apart",
        "Frontal hairline",
        "Crown (vertex)",
        "Soft Black 02",
        "850.00 GBP",
        "Alternatives",
        "hair fibres",
        "wigs",
        "hair transplant",
        "no treatment",
        "Withdrawing your consent",
        "at any time before or between sessions",
        "If something goes wrong",
        "call the clinic on +44 113 496 0000",
        "Complaints",
        "Northside Scalp Clinic is the data controller",
        "kept confidential for 10 years after your last treatment",
        "is the fingerprint of the record this form was printed from",
    ] {
        assert!(all.contains(want), "missing {want:?}");
    }
    // The client's name heads every page of both documents.
    for name in ["consent.pdf", "treatment-record.pdf"] {
        for (i, page) in pages(&doc(&bag, "NSC-2026-0303-001", name))
            .iter()
            .enumerate()
        {
            assert!(
                page.contains("Client: Zoë Łukasiewicz (C-00931)"),
                "{name} page {} lacks the client's name: {page}",
                i + 1
            );
        }
    }
    // bag-info records the retention printed, so a re-render prints the same.
    let info = std::fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    assert!(info.contains("Smpdoc-Retention-Years: 10"), "{info}");
    let v = smpdoc()
        .arg("verify")
        .arg(&bag)
        .arg("--rerender")
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
}

#[test]
fn a_plan_with_no_zones_is_an_error() {
    let mut r = base();
    set(&mut r, "/treatment_plan/zones", json!([]));
    assert!(has(&validate_errors(&r), "empty", "treatment_plan.zones"));
    r.as_object_mut().unwrap().remove("treatment_plan");
    assert!(has(&validate_errors(&r), "schema", "treatment_plan"));
}

// ---------------------------------------------------------------------------------------
// 6. The session's own sign-off
// ---------------------------------------------------------------------------------------

#[test]
fn the_treatment_record_prints_the_sessions_sign_off_not_the_consent_signature() {
    let mut signed = base();
    set(
        &mut signed,
        "/session/practitioner_signature/signed_at",
        json!("2026-03-03T14:20:00Z"),
    );
    let (code, errs, warns) = validate(&signed, &[]);
    assert_eq!(code, 0, "{errs:?}");
    assert!(!has(&warns, "sign_off", "session.practitioner_signature"));
    let mut unsigned = base();
    set(&mut unsigned, "/record_id", json!("NOT-SIGNED-OFF"));
    unsigned["session"]
        .as_object_mut()
        .unwrap()
        .remove("practitioner_signature");
    let (code, _, warns) = validate(&unsigned, &[]);
    assert_eq!(code, 0, "a missing sign-off is a warning");
    assert!(
        has(&warns, "sign_off", "session.practitioner_signature"),
        "{warns:?}"
    );

    let (_t, bag) = render(&[signed, unsigned], &[]);
    let rec = text(&doc(&bag, "NSC-2026-0303-001", "treatment-record.pdf"));
    let tail = &rec[rec
        .find("Practitioner's sign-off")
        .expect("a sign-off section")..];
    assert!(tail.contains("Signed 03 March 2026 at 14:20 GMT"), "{tail}");
    assert!(
        !tail.contains("09:43"),
        "the consent's signature is not the sign-off: {tail}"
    );
    let rec = text(&doc(&bag, "NOT-SIGNED-OFF", "treatment-record.pdf"));
    assert!(rec.contains("Not yet signed off"), "{rec}");
    assert!(rec.contains("Signature Name in capitals Date"), "{rec}");
}

#[test]
fn a_sign_off_before_the_session_ended_is_an_error() {
    let mut r = base();
    // 10:00 start, 180 minutes: the session ends at 13:00 GMT.
    set(&mut r, "/session/duration_minutes", json!(180));
    set(
        &mut r,
        "/session/practitioner_signature/signed_at",
        json!("2026-03-03T12:59:00Z"),
    );
    assert!(has(
        &validate_errors(&r),
        "signature_time",
        "session.practitioner_signature.signed_at"
    ));
}

// ---------------------------------------------------------------------------------------
// Version 1 records and `smpdoc upgrade`
// ---------------------------------------------------------------------------------------

#[test]
fn a_version_1_record_is_refused_with_one_error_naming_upgrade() {
    let v1 = fixtures().join("v1/NSC-2026-0303-001.json");
    for cmd in ["validate", "render"] {
        let out_dir = tempfile::tempdir().unwrap();
        let mut c = smpdoc();
        c.arg(cmd).arg(&v1).arg("--json");
        if cmd == "render" {
            c.arg("--out").arg(out_dir.path().join("bag"));
        }
        let out = c.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors = report["records"][0]["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{cmd}: {errors:?}");
        assert_eq!(errors[0]["code"], "version");
        assert!(
            errors[0]["hint"]
                .as_str()
                .unwrap()
                .contains("smpdoc upgrade")
        );
    }
}

/// Every version 1 fixture upgrades; once the clinic adds what upgrade lists (the treatment
/// plan, and the jurisdiction where it refused to guess) it validates and renders.
#[test]
fn upgrade_round_trip() {
    let out = tempfile::tempdir().unwrap();
    let up = out.path().join("v2");
    let o = smpdoc()
        .args(["upgrade", "--time-zone", "Europe/London"])
        .arg(fixtures().join("v1"))
        .arg("--out")
        .arg(&up)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "records still need a plan: exit 1"
    );
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    let v1_count = std::fs::read_dir(fixtures().join("v1"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(files.len(), v1_count);
    for f in files {
        let rec = &f["records"][0];
        let needs: Vec<&str> = rec["needs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        assert!(needs.iter().any(|n| n.starts_with("treatment_plan")), "{f}");
        let out_file = PathBuf::from(f["out"].as_str().unwrap());
        let mut v: Value =
            serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
        assert_eq!(v["schema_version"], json!(2));
        assert!(
            v.get("treatment_plan").is_none(),
            "upgrade never invents a plan"
        );
        // What the clinic adds by hand.
        let zones: Vec<Value> = match v.pointer("/session/zones") {
            Some(Value::Array(z)) => z.iter().map(|z| z["zone"].clone()).collect(),
            _ => vec![json!("crown_vertex")],
        };
        v["treatment_plan"] = json!({"zones": zones, "sessions_planned": 3});
        if !rec["refused"].as_array().unwrap().is_empty() {
            // OTHER names no country: the clinic states it (these are Sydney records).
            v["jurisdiction"] = json!("AU-NSW");
            v["clinic"]["time_zone"] = json!("Australia/Sydney");
        }
        std::fs::write(&out_file, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    }
    copy_dir(&fixtures().join("v1/images"), &up.join("images"));
    let val = smpdoc().arg("validate").arg(&up).output().unwrap();
    assert_eq!(
        val.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&val.stderr)
    );
    let bag = out.path().join("bag");
    let r = smpdoc()
        .arg("render")
        .arg(&up)
        .arg("--out")
        .arg(&bag)
        .arg("--quiet")
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let docs = std::fs::read_to_string(bag.join("manifest-sha256.txt"))
        .unwrap()
        .lines()
        .count();
    assert!(docs >= v1_count, "{docs} documents for {v1_count} records");
}

#[test]
fn upgrade_never_overwrites_and_checks_the_zone() {
    let out = tempfile::tempdir().unwrap();
    let v1 = fixtures().join("v1/NSC-2026-0303-001.json");
    let bad = smpdoc()
        .args(["upgrade", "--time-zone", "Europe/Londn"])
        .arg(&v1)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("did you mean Europe/London"));
    let run = || {
        smpdoc()
            .args(["upgrade", "--time-zone", "Europe/London"])
            .arg(&v1)
            .arg("--out")
            .arg(out.path())
            .output()
            .unwrap()
    };
    assert_eq!(run().status.code(), Some(1));
    let again = run();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// The sentence that explains the footer's fingerprint tells the client how to check it,
/// and following it works: it names the record file attached to the PDF, and that file's
/// SHA-256 (qpdf to save it, sha256sum to hash it) is the code in the footer. It used to
/// send the client to "a copy of the record file" from the clinic, whose bytes (as the
/// booking software exported them) hash to another code.
#[test]
fn following_the_forms_own_fingerprint_instructions_gives_the_footer_code() {
    let (_t, bag) = render(&[base()], &[]);
    let pdf = doc(&bag, "NSC-2026-0303-001", "consent.pdf");
    let all = text(&pdf);
    assert!(
        all.contains("attached to the PDF of this form as the file NSC-2026-0303-001.json"),
        "{all}"
    );
    let footer = all
        .split("record sha256:")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .expect("a footer fingerprint")
        .to_string();
    let saved = bag.join("saved.json");
    let o = std::process::Command::new("qpdf")
        .arg("--show-attachment=NSC-2026-0303-001.json")
        .arg(&pdf)
        .output()
        .expect("qpdf is needed: .ci/run installs it");
    assert!(o.status.success());
    std::fs::write(&saved, &o.stdout).unwrap();
    let sum = std::process::Command::new("sha256sum")
        .arg(&saved)
        .output()
        .expect("sha256sum (coreutils)");
    let sum = String::from_utf8(sum.stdout).unwrap();
    assert_eq!(
        sum.split_whitespace().next(),
        Some(footer.as_str()),
        "{sum}"
    );
}
