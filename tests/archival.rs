//! Archival (PDF/A-3) and accessible (PDF/UA-1) documents, read back with tools we did not
//! write: `pdfinfo` (Tagged, `-struct-text`: the structure tree with each element's text in
//! reading order), `pdftotext` (where a paragraph really breaks), and pikepdf (qpdf's
//! Python binding: catalog, XMP, attachments, fonts, content-stream operators and the
//! structure tree) through `tests/pdf_check.py`.
//!
//! The tools must be installed (`.ci/run` installs them): a missing tool fails the test, it
//! never skips it.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn smpdoc() -> Command {
    Command::cargo_bin("smpdoc").unwrap()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A valid fixture with a logo, with the client's signature given as an image file.
fn record_with_images() -> Value {
    let path = repo().join("fixtures/valid/NSC-2026-0414-002.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["consent"]["client_signature"]["image"] = Value::from("images/signature-olafur.png");
    v
}

/// Renders records (written into the fixtures' folder layout, so that `images/` resolves)
/// into a new bag; the bag's folder.
fn render(dir: &Path, records: &[Value]) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let images = repo().join("fixtures/valid/images");
    std::fs::create_dir_all(input.join("images")).unwrap();
    for e in std::fs::read_dir(&images).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), input.join("images").join(e.file_name())).unwrap();
    }
    for (i, r) in records.iter().enumerate() {
        std::fs::write(
            input.join(format!("r{i}.json")),
            serde_json::to_vec_pretty(r).unwrap(),
        )
        .unwrap();
    }
    let bag = dir.join("bag");
    let out = smpdoc()
        .arg("render")
        .arg(&input)
        .arg("--out")
        .arg(&bag)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    bag
}

fn pdfs(bag: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(bag.join("data")).unwrap() {
        for f in std::fs::read_dir(e.unwrap().path()).unwrap() {
            let p = f.unwrap().path();
            if p.extension().is_some_and(|x| x == "pdf") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn tool(cmd: &str, args: &[&str], file: &Path) -> String {
    let out = std::process::Command::new(cmd)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} is not installed (.ci/run installs it): {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} {} failed: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What tests/pdf_check.py reads of a PDF through pikepdf.
fn check(pdf: &Path) -> Value {
    let script = repo().join("tests/pdf_check.py");
    let out = std::process::Command::new("python3")
        .arg(&script)
        .arg(pdf)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "pdf_check.py (needs pikepdf: pip install pikepdf) failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn consent_of(bag: &Path) -> PathBuf {
    pdfs(bag)
        .into_iter()
        .find(|p| p.ends_with("consent.pdf"))
        .expect("a consent form")
}

#[test]
fn pdfinfo_reads_the_documents_as_tagged_with_xmp_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    let bag = render(tmp.path(), &[record_with_images()]);
    for pdf in pdfs(&bag) {
        let info = tool("pdfinfo", &[], &pdf);
        assert!(info.contains("Tagged:          yes"), "{info}");
        assert!(info.contains("Metadata Stream: yes"), "{info}");
    }
}

/// "D:20260414124500Z" -> "2026-04-14T12:45:00Z".
fn iso(pdf_date: &str) -> String {
    let d = pdf_date.strip_prefix("D:").unwrap();
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14]
    )
}

#[test]
fn xmp_metadata_declares_pdfa3a_and_pdfua1_and_agrees_with_the_info_dictionary() {
    let tmp = tempfile::tempdir().unwrap();
    let bag = render(tmp.path(), &[record_with_images()]);
    for pdf in pdfs(&bag) {
        let c = check(&pdf);
        let (x, info) = (&c["xmp"], &c["info"]);
        assert_eq!(c["metadata_filtered"], false, "XMP must be plain: {c}");
        assert_eq!(x["pdfaid:part"], "3");
        assert_eq!(x["pdfaid:conformance"], "A");
        assert_eq!(x["pdfuaid:part"], "1");
        assert_eq!(x["dc:title"], info["Title"]);
        assert_eq!(x["dc:creator"], Value::from(vec![info["Author"].clone()]));
        assert_eq!(x["dc:description"], info["Subject"]);
        assert_eq!(x["xmp:CreatorTool"], info["Creator"]);
        assert_eq!(x["pdf:Producer"], info["Producer"]);
        assert_eq!(x["dc:language"], Value::from(vec!["en-GB"]));
        let created = iso(info["CreationDate"].as_str().unwrap());
        assert_eq!(x["xmp:CreateDate"], Value::from(created.clone()));
        assert_eq!(
            x["xmp:ModifyDate"],
            Value::from(iso(info["ModDate"].as_str().unwrap()))
        );
        // From the record, never the clock.
        assert_eq!(created, "2026-04-14T12:45:00Z");
    }
}

#[test]
fn catalog_has_the_srgb_output_intent_lang_markinfo_and_displays_the_title() {
    let tmp = tempfile::tempdir().unwrap();
    let bag = render(tmp.path(), &[record_with_images()]);
    for pdf in pdfs(&bag) {
        let c = check(&pdf);
        assert_eq!(c["marked"], true, "{c}");
        assert_eq!(c["lang"], "en-GB");
        assert_eq!(c["display_doc_title"], true);
        assert_eq!(
            c["output_intents"],
            serde_json::json!([{"s": "GTS_PDFA1", "profile_n": 3, "condition": "sRGB IEC61966-2.1",
                "profile": {"size_ok": true, "magic": "acsp", "class": "mntr", "space": "RGB ",
                    "pcs": "XYZ ", "major": 2}}])
        );
        assert_eq!(c["parent_tree"], true);
    }
}

#[test]
fn embedded_files_have_mime_types_dates_relationships_and_extensions() {
    let tmp = tempfile::tempdir().unwrap();
    let bag = render(tmp.path(), &[record_with_images()]);
    let c = check(&consent_of(&bag));
    let files = c["attachments"].as_array().unwrap();
    let by_name = |n: &str| {
        files
            .iter()
            .find(|f| f["name"] == n)
            .unwrap_or_else(|| panic!("no attachment {n}: {files:?}"))
    };
    let record = by_name("NSC-2026-0414-002.json");
    assert_eq!(record["subtype"], "application/json");
    assert_eq!(record["relationship"], "Source");
    for image in ["image-logo.png", "image-consent.client_signature.png"] {
        let f = by_name(image);
        assert_eq!(f["subtype"], "image/png", "{f}");
        assert_eq!(f["relationship"], "Supplement");
    }
    for f in files {
        assert_eq!(f["mod_date"], "D:20260414124500Z", "{f}");
        assert!(f["name"].as_str().unwrap().contains('.'), "{f}");
    }
    assert_eq!(c["af"].as_u64().unwrap() as usize, files.len());
}

#[test]
fn every_font_dictionary_carries_the_same_subset_tag_and_a_real_cap_height() {
    let tmp = tempfile::tempdir().unwrap();
    let bag = render(tmp.path(), &[record_with_images()]);
    for pdf in pdfs(&bag) {
        let c = check(&pdf);
        for f in c["fonts"].as_array().unwrap() {
            let tagged = f["type0"].as_str().unwrap();
            let (tag, _) = tagged.split_once('+').expect("a subset tag");
            assert!(
                tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
                "{f}"
            );
            assert_eq!(f["cid"], f["type0"], "descendant /BaseFont: {f}");
            assert_eq!(f["font_name"], f["type0"], "descriptor /FontName: {f}");
            // DejaVu Sans: capitals 729/1000 high, ascent 928.
            assert!(f["cap_height"].as_i64() < f["ascent"].as_i64(), "{f}");
        }
    }
}

#[test]
fn every_text_operator_is_marked_content_the_tree_reaches_or_an_artifact() {
    let tmp = tempfile::tempdir().unwrap();
    // Every valid fixture: tables, lists, signatures, paper forms, several pages.
    let dir = repo().join("fixtures/valid");
    let mut records = vec![record_with_images()];
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            records.push(serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap());
        }
    }
    // Names whose clusters are written in /ActualText spans, each span a marked-content
    // sequence of its element's own, and glyphs shown under extra character codes.
    for (id, name) in [("MC-DEVA", "निकिता शर्मा"), ("MC-BENG", "সৌরভ ঘোষ")]
    {
        let mut r = record_with_images();
        r["record_id"] = Value::from(id);
        r["client"]["full_name"] = Value::from(name);
        r["consent"]["client_signature"]["signer"] = Value::from(name);
        records.push(r);
    }
    records.sort_by_key(|r| r["record_id"].as_str().unwrap().to_string());
    records.dedup_by_key(|r| r["record_id"].as_str().unwrap().to_string());
    let bag = render(tmp.path(), &records);
    let all = pdfs(&bag);
    assert!(all.len() >= 30, "{} PDFs", all.len());
    for pdf in all {
        let c = check(&pdf);
        assert_eq!(
            c["loose_text_ops"],
            serde_json::json!([]),
            "{}",
            pdf.display()
        );
        assert_eq!(
            c["unreached_mcids"],
            serde_json::json!([]),
            "{}",
            pdf.display()
        );
        assert_eq!(
            c["dangling_refs"],
            serde_json::json!([]),
            "{}",
            pdf.display()
        );
        assert!(c["mcids"].as_u64().unwrap() > 10, "{}", pdf.display());
    }
}

#[test]
fn figures_have_alternative_text_and_header_cells_a_scope() {
    let tmp = tempfile::tempdir().unwrap();
    let bag = render(tmp.path(), &[record_with_images()]);
    let c = check(&consent_of(&bag));
    let elements = c["elements"].as_array().unwrap();
    let figures: Vec<&str> = elements
        .iter()
        .filter(|e| e["type"] == "Figure")
        .map(|e| e["alt"].as_str().expect("a figure without /Alt"))
        .collect();
    assert!(figures.contains(&"Northside Scalp Clinic"), "{figures:?}");
    assert!(
        figures
            .iter()
            .any(|a| a.starts_with("Signature of James Whitfield (") && a.contains("2026")),
        "{figures:?}"
    );
    let th: Vec<&Value> = elements.iter().filter(|e| e["type"] == "TH").collect();
    assert!(!th.is_empty());
    for e in th {
        assert_eq!(e["scope"], "Column", "{e}");
    }
    for kind in [
        "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TD",
    ] {
        assert!(elements.iter().any(|e| e["type"] == kind), "no {kind}");
    }
}

#[test]
fn a_paragraph_broken_by_a_page_reads_on_without_the_header_or_footer() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = record_with_images();
    // Numbered words, so that the order can be checked: long enough to cross a page.
    let words: Vec<String> = (1..=1400).map(|i| format!("w{i:04}")).collect();
    v["session"]["notes"] = Value::from(words.join(" "));
    let bag = render(tmp.path(), &[v]);
    let pdf = pdfs(&bag)
        .into_iter()
        .find(|p| p.ends_with("treatment-record.pdf"))
        .unwrap();
    // The paragraph really is split between two pages.
    let text = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is not installed");
    assert!(text.status.success());
    let pages: Vec<String> = String::from_utf8(text.stdout)
        .unwrap()
        .split('\u{c}')
        .map(str::to_string)
        .collect();
    let first = pages.iter().position(|p| p.contains("w0001")).unwrap();
    let last = pages.iter().position(|p| p.contains("w1400")).unwrap();
    let split = last > first;
    assert!(split, "the notes do not cross a page break");
    // The structure tree reads it as one paragraph, every word in order, and no page
    // furniture anywhere.
    let tree = tool("pdfinfo", &["-struct-text"], &pdf);
    // pdfinfo prints an element's content one marked-content sequence (one page) per line.
    let lines: Vec<&str> = tree.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("w0001"))
        .expect("the notes paragraph");
    let indent = lines[at].len() - lines[at].trim_start().len();
    let mut read: Vec<&str> = Vec::new();
    for l in &lines[at..] {
        let t = l.trim_start();
        if l.len() - t.len() != indent || !t.starts_with('"') {
            break;
        }
        read.extend(t.trim_matches('"').split_whitespace());
    }
    assert_eq!(read, words, "the paragraph as the structure tree reads it");
    for furniture in ["record sha256:", "page 1 of", "Client: "] {
        assert!(
            !tree.contains(furniture),
            "{furniture:?} in the structure tree"
        );
    }
}
