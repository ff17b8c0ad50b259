//! What a browser's PDF reader sees (issue 12): the rendered fixtures read back with pdf.js
//! (`pdfjs-dist`, the reader of Firefox and of many web viewers) through
//! `tests/pdfjs/extract.mjs`, which prints each page's structure tree
//! (`page.getStructTree()`) and its text content with marked content included
//! (`getTextContent({ includeMarkedContent: true })`): what a screen reader in the browser
//! is given, and what it is told to skip (artifacts).
//!
//! Node and pdfjs-dist must be installed (`.ci/run` runs `npm ci` in `tests/pdfjs`): a
//! missing one fails the test, it never skips it.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pdfjs_dir() -> PathBuf {
    repo().join("tests/pdfjs")
}

/// Collapses white space (including the no-break spaces French puts before a colon), so
/// that text broken over lines compares with the text it was made from.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads PDFs with pdf.js; the JSON `extract.mjs` prints for each, by path.
fn read_with_pdfjs(pdfs: &[PathBuf]) -> BTreeMap<PathBuf, Value> {
    let dir = pdfjs_dir();
    let installed = dir.join("node_modules/pdfjs-dist/package.json");
    assert!(
        installed.is_file(),
        "pdfjs-dist is not installed ({} is missing): run `npm ci` in tests/pdfjs \
         (.ci/run does)",
        installed.display()
    );
    let out = std::process::Command::new("node")
        .arg(dir.join("extract.mjs"))
        .args(pdfs)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "node is needed to run pdf.js ({e}): install Node.js 20 or later, then run \
                 .ci/run (it runs `npm ci` in tests/pdfjs)"
            )
        });
    assert!(
        out.status.success(),
        "tests/pdfjs/extract.mjs failed (run `npm ci` in tests/pdfjs, as .ci/run does): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: BTreeMap<String, Value> = serde_json::from_slice(&out.stdout).unwrap();
    // The pdf.js the lock file pins, not whatever happens to be installed.
    let package: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("package.json")).unwrap()).unwrap();
    let pinned = package["dependencies"]["pdfjs-dist"].as_str().unwrap();
    let mut docs = BTreeMap::new();
    for (path, doc) in all {
        assert_eq!(
            doc["pdfjs_version"], pinned,
            "pdf.js is not the version package.json pins: run `npm ci` in tests/pdfjs"
        );
        docs.insert(PathBuf::from(path), doc);
    }
    assert_eq!(docs.len(), pdfs.len());
    docs
}

/// The bundled example records rendered into one bag, each document read with pdf.js once
/// for every test (rendering and starting node are the slow parts).
struct Fixtures {
    _tmp: tempfile::TempDir,
    /// Record id -> the record as written in fixtures/valid.
    records: BTreeMap<String, Value>,
    /// (record id, document file name) -> what pdf.js read.
    docs: BTreeMap<(String, String), Value>,
    /// Record id -> the record fingerprint the audit log gives.
    fingerprints: BTreeMap<String, String>,
}

fn fixtures() -> &'static Fixtures {
    static FIXTURES: OnceLock<Fixtures> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let bag = tmp.path().join("bag");
        let valid = repo().join("fixtures/valid");
        let out = Command::cargo_bin("smpdoc")
            .unwrap()
            .arg("render")
            .arg(&valid)
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
        let mut records = BTreeMap::new();
        for e in std::fs::read_dir(&valid).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                records.insert(v["record_id"].as_str().unwrap().to_string(), v);
            }
        }
        let mut fingerprints = BTreeMap::new();
        let mut pdfs = Vec::new();
        for line in std::fs::read_to_string(bag.join("audit-log.jsonl"))
            .unwrap()
            .lines()
        {
            let a: Value = serde_json::from_str(line).unwrap();
            let id = a["record_id"].as_str().unwrap().to_string();
            fingerprints.insert(id, a["record_sha256"].as_str().unwrap().to_string());
            pdfs.push(bag.join(a["path"].as_str().unwrap()));
        }
        let mut docs = BTreeMap::new();
        for (path, doc) in read_with_pdfjs(&pdfs) {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let id = path
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            docs.insert((id, name), doc);
        }
        assert!(docs.len() >= 39, "{} documents", docs.len());
        Fixtures {
            _tmp: tmp,
            records,
            docs,
            fingerprints,
        }
    })
}

fn doc<'a>(f: &'a Fixtures, id: &str, name: &str) -> &'a Value {
    f.docs
        .get(&(id.to_string(), name.to_string()))
        .unwrap_or_else(|| panic!("no {id}/{name} in the rendered fixtures"))
}

/// A run of text as pdf.js gives it, with the marked content around it.
#[derive(Debug)]
struct Piece {
    page: usize,
    text: String,
    /// A line ends after it.
    eol: bool,
    /// pdf.js read it as right-to-left text (and put its letters in logical order).
    rtl: bool,
    /// Inside `/Artifact` marked content.
    artifact: bool,
    /// The innermost marked-content id around it (`p<page ref>_mc<MCID>`), which the
    /// structure tree's content items name.
    id: Option<String>,
    /// Outside any marked content.
    loose: bool,
}

fn pieces(doc: &Value) -> Vec<Piece> {
    let mut out = Vec::new();
    for page in doc["pages"].as_array().unwrap() {
        let n = page["page"].as_u64().unwrap() as usize;
        let mut stack: Vec<(&str, Option<&str>)> = Vec::new();
        for it in page["items"].as_array().unwrap() {
            match it["type"].as_str() {
                Some("beginMarkedContent") | Some("beginMarkedContentProps") => {
                    stack.push((it["tag"].as_str().unwrap_or(""), it["id"].as_str()))
                }
                Some("endMarkedContent") => {
                    assert!(stack.pop().is_some(), "page {n}: unbalanced EMC");
                }
                Some(other) => panic!("unknown item type {other}"),
                None => out.push(Piece {
                    page: n,
                    text: it["str"].as_str().unwrap().to_string(),
                    eol: it["eol"].as_bool().unwrap(),
                    rtl: it["dir"] == "rtl",
                    artifact: stack.iter().any(|(tag, _)| *tag == "Artifact"),
                    id: stack
                        .iter()
                        .rev()
                        .find_map(|(_, id)| *id)
                        .map(str::to_string),
                    loose: stack.is_empty(),
                }),
            }
        }
        assert!(stack.is_empty(), "page {n}: marked content left open");
    }
    out
}

/// Joins pieces as a reader does: a line end is a space, a page end too.
fn join<'a>(pieces: impl Iterator<Item = &'a Piece>) -> String {
    let mut s = String::new();
    let mut page = 0;
    for p in pieces {
        if p.page != page {
            s.push('\n');
            page = p.page;
        }
        s.push_str(&p.text);
        if p.eol {
            s.push('\n');
        }
    }
    norm(&s)
}

/// The document's text with artifacts skipped, in content order, as one string.
fn body_text(doc: &Value) -> String {
    join(pieces(doc).iter().filter(|p| !p.artifact))
}

/// One page's artifact text.
fn artifact_text(doc: &Value, page: usize) -> String {
    join(pieces(doc).iter().filter(|p| p.artifact && p.page == page))
}

/// A structure element as pdf.js gives it, in the order of the tree (pages in order, each
/// page's part of the tree depth first).
#[derive(Debug, Clone)]
struct Element {
    page: usize,
    role: String,
    parent: String,
    alt: Option<String>,
    /// The text of the marked content it holds directly.
    text: String,
    /// Marked-content ids it holds directly.
    content: Vec<String>,
}

fn elements(doc: &Value) -> Vec<Element> {
    let all = pieces(doc);
    let mut out = Vec::new();
    for page in doc["pages"].as_array().unwrap() {
        let n = page["page"].as_u64().unwrap() as usize;
        let tree = &page["struct_tree"];
        assert_eq!(tree["role"], "Root", "page {n}: {tree}");
        walk(tree, "", n, &all, &mut out);
    }
    out
}

fn walk(node: &Value, parent: &str, page: usize, all: &[Piece], out: &mut Vec<Element>) {
    let role = node["role"].as_str().unwrap();
    let kids = node["children"].as_array().unwrap();
    let content: Vec<String> = kids
        .iter()
        .filter(|k| k["type"] == "content")
        .map(|k| k["id"].as_str().unwrap().to_string())
        .collect();
    if role != "Root" {
        let text = join(
            all.iter()
                .filter(|p| p.page == page && p.id.as_ref().is_some_and(|i| content.contains(i))),
        );
        out.push(Element {
            page,
            role: role.to_string(),
            parent: parent.to_string(),
            alt: node["alt"].as_str().map(str::to_string),
            text,
            content: content.clone(),
        });
    }
    for k in kids.iter().filter(|k| k.get("role").is_some()) {
        walk(k, role, page, all, out);
    }
}

/// The template set a language tag gets (`templates/<tag>/`): the tag, else the tag
/// shortened; the bundled records need no likely-subtags match.
fn set_of(tag: &str) -> String {
    let mut t = tag.to_string();
    loop {
        if repo()
            .join("templates")
            .join(&t)
            .join("messages.ftl")
            .is_file()
        {
            return t;
        }
        match t.rfind('-') {
            Some(i) => t.truncate(i),
            None => panic!("no template set for {tag}"),
        }
    }
}

/// The language a document is in: the consent form the client's, the treatment record the
/// clinic's (`en-GB` when the record does not say).
fn language_of(record: &Value, name: &str) -> String {
    let tag = if name == "consent.pdf" {
        record["consent"]["language"].as_str().unwrap()
    } else {
        record["clinic"]["language"].as_str().unwrap_or("en-GB")
    };
    set_of(tag)
}

/// A one-line message of a set's messages.ftl, its `{ $arg }` placeholders filled.
fn message(set: &str, id: &str, args: &[(&str, &str)]) -> String {
    let ftl =
        std::fs::read_to_string(repo().join("templates").join(set).join("messages.ftl")).unwrap();
    let prefix = format!("{id} = ");
    let mut m = ftl
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no message {id} in templates/{set}/messages.ftl"))
        .to_string();
    for (k, v) in args {
        m = m.replace(&format!("{{ ${k} }}"), v);
    }
    assert!(!m.contains("{ $"), "{id}: an argument left in {m:?}");
    norm(&m)
}

#[test]
fn pdfjs_reads_every_document_as_tagged_in_its_language() {
    let f = fixtures();
    for ((id, name), d) in &f.docs {
        let want = language_of(&f.records[id], name);
        assert_eq!(d["info"]["Language"], want.as_str(), "{id}/{name}: /Lang");
        assert_eq!(
            d["xmp"]["dc:language"],
            want.as_str(),
            "{id}/{name}: dc:language"
        );
        assert_eq!(d["mark_info"]["Marked"], true, "{id}/{name}");
        // Every page's part of the tree hangs from one Document element.
        for page in d["pages"].as_array().unwrap() {
            let roots: Vec<&Value> = page["struct_tree"]["children"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| &c["role"])
                .collect();
            assert_eq!(roots, ["Document"], "{id}/{name} page {}", page["page"]);
        }
    }
    // The bundled records cover more than one language on each kind of document.
    let langs = |doc: &str| -> BTreeSet<String> {
        f.docs
            .iter()
            .filter(|((_, n), _)| n == doc)
            .map(|(_, d)| d["info"]["Language"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        langs("consent.pdf").len() >= 3,
        "{:?}",
        langs("consent.pdf")
    );
}

#[test]
fn the_structure_tree_holds_headings_paragraphs_tables_lists_and_figures_in_reading_order() {
    let f = fixtures();
    // A consent form with the clinic's logo, and one whose client and practitioner signed
    // with images.
    let logo_id = "NSC-2026-0414-002";
    let signed_id = "CSS_2026.04.28-003";
    for id in [logo_id, signed_id] {
        let d = doc(f, id, "consent.pdf");
        let r = &f.records[id];
        let els = elements(d);
        let roles: BTreeSet<&str> = els.iter().map(|e| e.role.as_str()).collect();
        for role in [
            "Document", "H1", "H2", "P", "Table", "TR", "TH", "TD", "L", "LI", "Lbl", "LBody",
            "Figure",
        ] {
            assert!(roles.contains(role), "{id}: no {role} in {roles:?}");
        }
        // Tables and lists are built as assistive technology expects.
        for e in &els {
            let ok = match e.role.as_str() {
                "TR" => e.parent == "Table",
                "TH" | "TD" => e.parent == "TR",
                "LI" => e.parent == "L",
                "Lbl" | "LBody" => e.parent == "LI",
                "Document" => e.parent == "Root",
                _ => true,
            };
            assert!(ok, "{id}: {} inside {}", e.role, e.parent);
        }
        // Reading order: the tree, read element by element, gives the body text in the
        // order the pages show it.
        let by_tree = norm(
            &els.iter()
                .map(|e| e.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        assert_eq!(by_tree, body_text(d), "{id}: the tree reads another order");
        // The title first (after the logo, when there is one), then the numbered sections
        // in order.
        let with_content: Vec<&Element> = els.iter().filter(|e| !e.content.is_empty()).collect();
        let h1 = with_content
            .iter()
            .position(|e| e.role == "H1")
            .expect("an H1");
        assert_eq!(
            with_content[h1].text,
            message(&language_of(r, "consent.pdf"), "title-consent", &[]),
            "{id}"
        );
        assert!(
            with_content[..h1].iter().all(|e| e.role == "Figure"),
            "{id}: {:?} before the title",
            &with_content[..h1]
        );
        let numbers: Vec<u32> = els
            .iter()
            .filter(|e| e.role == "H2")
            .filter_map(|e| e.text.split_once(". ")?.0.parse().ok())
            .collect();
        assert!(numbers.len() >= 10, "{id}: numbered sections {numbers:?}");
        assert_eq!(
            numbers,
            (1..=numbers.len() as u32).collect::<Vec<_>>(),
            "{id}: sections out of order"
        );
    }

    // The logo's alternative text is the clinic's name, and it comes first.
    let els = elements(doc(f, logo_id, "consent.pdf"));
    let first = els.iter().find(|e| !e.content.is_empty()).unwrap();
    assert_eq!(first.role, "Figure");
    assert_eq!(
        first.alt.as_deref(),
        f.records[logo_id]["clinic"]["name"].as_str()
    );

    // Signature images: "Signature of <signer> (<role>), <date>", in the signatures section
    // (after the last numbered heading), the client's before the practitioner's.
    let r = &f.records[signed_id];
    let els = elements(doc(f, signed_id, "consent.pdf"));
    let last_h2 = els.iter().rposition(|e| e.role == "H2").unwrap();
    let figures: Vec<(usize, &str)> = els
        .iter()
        .enumerate()
        .filter(|(_, e)| e.role == "Figure")
        .map(|(i, e)| {
            (
                i,
                e.alt.as_deref().expect("a Figure without alternative text"),
            )
        })
        .collect();
    let signer = |who: &str| r["consent"][who]["signer"].as_str().unwrap();
    let find = |who: &str| {
        let prefix = format!("Signature of {} (", signer(who));
        figures
            .iter()
            .find(|(_, alt)| alt.starts_with(&prefix) && alt.contains("2026"))
            .unwrap_or_else(|| panic!("no figure {prefix}...: {figures:?}"))
            .0
    };
    let client = find("client_signature");
    let practitioner = find("practitioner_signature");
    assert!(last_h2 < client && client < practitioner, "{figures:?}");
    // The treatment record's sign-off image too.
    let els = elements(doc(f, signed_id, "treatment-record.pdf"));
    let signoff = format!(
        "Signature of {} (",
        r["session"]["practitioner_signature"]["signer"]
            .as_str()
            .unwrap()
    );
    assert!(
        els.iter().any(
            |e| e.role == "Figure" && e.alt.as_deref().is_some_and(|a| a.starts_with(&signoff))
        ),
        "no {signoff}... figure"
    );
}

#[test]
fn header_and_footer_are_read_only_as_artifacts_and_all_else_is_tagged() {
    let f = fixtures();
    for ((id, name), d) in &f.docs {
        let r = &f.records[id];
        let set = language_of(r, name);
        let all = pieces(d);
        // Nothing is outside marked content; every tagged piece is reached from the tree,
        // and every content item of the tree is on its page.
        let loose: Vec<&Piece> = all
            .iter()
            .filter(|p| p.loose && !p.text.trim().is_empty())
            .collect();
        assert!(
            loose.is_empty(),
            "{id}/{name}: text outside marked content {loose:?}"
        );
        let els = elements(d);
        let pages = d["num_pages"].as_u64().unwrap() as usize;
        for n in 1..=pages {
            let tagged: BTreeSet<&str> = all
                .iter()
                .filter(|p| p.page == n && !p.artifact && !p.text.trim().is_empty())
                .map(|p| p.id.as_deref().unwrap_or("<no id>"))
                .collect();
            let reached: BTreeSet<&str> = els
                .iter()
                .filter(|e| e.page == n)
                .flat_map(|e| e.content.iter().map(String::as_str))
                .collect();
            let unreached: Vec<&&str> = tagged.difference(&reached).collect();
            assert!(
                unreached.is_empty(),
                "{id}/{name} page {n}: text the tree does not reach: {unreached:?}"
            );
        }
        // Each page's header and footer, in the document's language, are artifacts...
        let name_ = r["client"]["full_name"].as_str().unwrap();
        let client = r["client"]["client_id"].as_str().unwrap();
        let fp = &f.fingerprints[id];
        let header = message(&set, "header-client", &[("name", name_), ("id", client)]);
        let footer = message(&set, "footer-record", &[("sha256", fp)]);
        let body = body_text(d);
        for n in 1..=pages {
            let page_of = message(
                &set,
                "page-of",
                &[("page", &n.to_string()), ("pages", &pages.to_string())],
            );
            let furniture = artifact_text(d, n);
            for want in [&header, &footer, &page_of] {
                assert!(
                    furniture.contains(want.as_str()),
                    "{id}/{name} page {n}: {want:?} not in the artifacts {furniture:?}"
                );
                // ... and never read as the body.
                assert!(
                    !body.contains(want.as_str()),
                    "{id}/{name}: {want:?} read as body text"
                );
            }
        }
        assert!(
            !body.contains(fp.as_str()),
            "{id}/{name}: the fingerprint read as body text"
        );
    }
}

#[test]
fn body_text_reads_on_across_a_page_break() {
    let f = fixtures();
    let d = doc(f, "NSC-2026-0414-002", "consent.pdf");
    // A sentence of the data notice (templates/en-GB/messages.ftl) that the page break
    // splits after "pigment".
    let sentence = "The clinic processes your personal data, including health data, to provide \
                    the treatment safely, to keep the records the law requires, and to answer a \
                    pigment recall.";
    let all = pieces(d);
    let page_with = |word: &str| {
        all.iter()
            .filter(|p| !p.artifact && p.text.contains(word))
            .map(|p| p.page)
            .collect::<BTreeSet<_>>()
    };
    let start = page_with("The clinic processes your personal data");
    let end = page_with("recall. Health data");
    assert!(
        start.len() == 1 && end.len() == 1 && start.first().unwrap() + 1 == *end.first().unwrap(),
        "the sentence no longer spans a page break (pages {start:?} and {end:?}): the layout \
         changed; pick another sentence that does"
    );
    let body = body_text(d);
    assert!(
        body.contains(sentence),
        "the sentence does not read on across the page break:\n{body}"
    );
    // The break is where the artifacts are: the page's footer and the next page's header
    // are read only outside it.
    let page = *start.first().unwrap();
    for furniture in [artifact_text(d, page), artifact_text(d, page + 1)] {
        assert!(!furniture.is_empty());
        assert!(!sentence.contains(&furniture));
    }
}

#[test]
fn the_clients_name_and_the_records_values_are_read() {
    let f = fixtures();
    for ((id, name), d) in &f.docs {
        let r = &f.records[id];
        let body = body_text(d);
        for field in ["full_name", "client_id"] {
            let v = norm(r["client"][field].as_str().unwrap());
            assert!(
                body.contains(&v),
                "{id}/{name}: no {field} {v:?} in\n{body}"
            );
        }
    }
    // A full record's values, as the record has them.
    let id = "NSC-2026-0414-002";
    let r = &f.records[id];
    let s = |v: &Value| norm(v.as_str().unwrap());
    let consent = body_text(doc(f, id, "consent.pdf"));
    for v in [
        s(&r["treatment_plan"]["shade"]),
        s(&r["treatment_plan"]["fee"]["amount"]),
        s(&r["treatment_plan"]["fee"]["refund_terms"]),
        s(&r["patch_test"]["lot_tested"]),
        s(&r["practitioner"]["name"]),
        s(&r["clinic"]["licence_no"]),
        s(&r["client"]["email"]),
    ] {
        assert!(consent.contains(&v), "consent: no {v:?} in\n{consent}");
    }
    let record = body_text(doc(f, id, "treatment-record.pdf"));
    let session = &r["session"];
    let mut values = vec![
        s(&session["notes"]),
        s(&session["machine"]["model"]),
        s(&session["anaesthetic"]["lot"]),
        s(&session["hairline_approval"]["style"]),
        s(&r["notes"]),
    ];
    for list in ["pigments", "needles"] {
        for item in session[list].as_array().unwrap() {
            values.push(s(&item["lot"]));
        }
    }
    for v in values {
        assert!(
            record.contains(&v),
            "treatment record: no {v:?} in\n{record}"
        );
    }
}

/// An Arabic client's name (Layla Haddad), in logical order: first name, then family name.
const ARABIC_NAME: &str = "ليلى حداد";

/// A consent form, as pdf.js reads it: the bundled record NSC-2026-0303-001 for a client
/// called `name`, in the template set of `language` (the record's own when `None`).
struct Rendered {
    _tmp: tempfile::TempDir,
    doc: Value,
}

fn consent_for(id: &str, name: &str, language: Option<&str>) -> Rendered {
    let tmp = tempfile::tempdir().unwrap();
    let valid = repo().join("fixtures/valid");
    let mut v: Value = serde_json::from_str(
        &std::fs::read_to_string(valid.join("NSC-2026-0303-001.json")).unwrap(),
    )
    .unwrap();
    v["record_id"] = Value::from(id);
    if let Some(language) = language {
        v["consent"]["language"] = Value::from(language);
    }
    v["client"]["full_name"] = Value::from(name);
    v["consent"]["client_signature"]["signer"] = Value::from(name);
    let input = tmp.path().join(format!("{id}.json"));
    std::fs::write(&input, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let bag = tmp.path().join("bag");
    let out = Command::cargo_bin("smpdoc")
        .unwrap()
        .arg("render")
        .arg(&input)
        .arg("--out")
        .arg(&bag)
        .arg("--images")
        .arg(&valid)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = bag.join(format!("data/{id}/consent.pdf"));
    let doc = read_with_pdfjs(std::slice::from_ref(&pdf))
        .remove(&pdf)
        .unwrap();
    Rendered { _tmp: tmp, doc }
}

/// An Arabic consent form (rendered as tests/i18n.rs renders its Arabic documents: a bundled
/// record with `consent.language` "ar") for a client with an Arabic name, and what pdf.js
/// reads of it.
fn arabic() -> &'static Rendered {
    static ARABIC: OnceLock<Rendered> = OnceLock::new();
    ARABIC.get_or_init(|| consent_for("AR-PDFJS-1", ARABIC_NAME, Some("ar")))
}

#[test]
fn an_arabic_consent_form_is_tagged_in_arabic_and_each_word_of_the_name_reads_in_letter_order() {
    let a = arabic();
    assert_eq!(a.doc["info"]["Language"], "ar");
    assert_eq!(a.doc["xmp"]["dc:language"], "ar");
    // pdf.js puts a right-to-left string's letters back in logical order (the whole name is
    // one string: its words and the space between them are in one font).
    let body = pieces(&a.doc);
    for word in ARABIC_NAME.split_whitespace() {
        assert!(
            body.iter()
                .any(|p| !p.artifact && p.rtl && p.text.split_whitespace().any(|w| w == word)),
            "no {word:?} read right to left in the body"
        );
    }
}

/// Lines of a text that hold a word of a name, either way round (for the failure message).
fn lines_with_the_name(text: &str, name: &str) -> Vec<String> {
    let words: Vec<String> = name
        .split_whitespace()
        .flat_map(|w| [w.to_string(), w.chars().rev().collect()])
        .collect();
    text.lines()
        .filter(|l| words.iter().any(|w| l.contains(w.as_str())))
        .map(|l| l.trim().to_string())
        .collect()
}

// pdf.js reads right-to-left text written in visual order (the order it is drawn in) and
// puts each string in logical order itself: it reads the name right once the space between
// its words is in their font (src/pdf.rs, `rtl_spaces`). `pdfinfo -struct-text` reads glyphs
// in content order and reorders nothing, so it would need the logical order written; written
// so, each letter is a string of its own for pdf.js, which then loses the space between the
// words (it only sees a space where the pen moves forward) and reverses a ligature of two
// letters. No one content order satisfies both readers; NOTES.md ("Writing the PDF") has the
// details. Known gap, not tested here (such a test would fail): NOTES.md shows the command.

#[test]
fn an_arabic_name_reads_in_logical_order_in_pdfjs() {
    let a = arabic();
    let body = body_text(&a.doc);
    // The name's table cell, and the body as a whole, as a screen reader in the browser
    // gets them: first name, then family name, as in the record.
    let cells: Vec<String> = elements(&a.doc)
        .into_iter()
        .filter(|e| e.role == "TD" && !lines_with_the_name(&e.text, ARABIC_NAME).is_empty())
        .map(|e| e.text)
        .collect();
    assert!(
        cells.iter().any(|t| t == ARABIC_NAME) && body.contains(ARABIC_NAME),
        "pdf.js does not read the client's name {ARABIC_NAME:?} in logical order; its \
         cells read {cells:?}"
    );
}

/// A Hebrew client's name (Sarah Cohen), in logical order.
const HEBREW_NAME: &str = "שרה כהן";

#[test]
fn a_hebrew_name_in_an_english_consent_form_reads_in_logical_order_in_pdfjs() {
    let h = consent_for("HE-PDFJS-1", HEBREW_NAME, None);
    assert_eq!(h.doc["info"]["Language"], "en-GB");
    let cells: Vec<String> = elements(&h.doc)
        .into_iter()
        .filter(|e| e.role == "TD" && !lines_with_the_name(&e.text, HEBREW_NAME).is_empty())
        .map(|e| e.text)
        .collect();
    assert!(
        cells.iter().any(|t| t == HEBREW_NAME) && body_text(&h.doc).contains(HEBREW_NAME),
        "pdf.js does not read the client's name {HEBREW_NAME:?} in logical order; its \
         cells read {cells:?}"
    );
}

include!("common/clustered_names.rs");

/// pdf.js reads text glyph by glyph through /ToUnicode and ignores /ActualText: it read
/// "अनिनिल कुकु मामार" for "अनिल कुमार", because every glyph of a cluster stood for the
/// whole cluster. Each glyph now stands for its share of the cluster's text, in the order
/// the glyphs are written, so a browser's reader (and its screen reader) gets the name once.
#[test]
fn names_of_several_glyph_clusters_read_once_in_logical_order_in_pdfjs() {
    use unicode_normalization::UnicodeNormalization;
    let mut failures = Vec::new();
    for (key, name) in CLUSTERED_NAMES {
        let r = consent_for(&format!("CL-{}", key.to_uppercase()), name, None);
        // Canonically equivalent text counts (a two-part vowel sign's glyphs may carry its
        // two parts).
        let cells: Vec<String> = elements(&r.doc)
            .into_iter()
            .filter(|e| e.role == "TD")
            .map(|e| e.text.nfc().collect())
            .collect();
        let body: String = body_text(&r.doc).nfc().collect();
        if !cells.iter().any(|t| t == name) || !body.contains(&format!("Client: {name}")) {
            let near: Vec<&String> = cells
                .iter()
                .filter(|c| name.split_whitespace().any(|w| c.contains(w)))
                .collect();
            failures.push(format!("{key}: {name:?}: cells read {near:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
