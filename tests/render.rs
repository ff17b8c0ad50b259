//! `smpdoc render` and `smpdoc templates` driven as a user would: the real binary on the
//! fixtures, and the PDFs it writes checked with independent tools (qpdf, poppler-utils)
//! rather than with smpdoc's own code.
//!
//! The tools must be installed (`.ci/run` installs them): a missing tool fails the test, it
//! never skips it.

use assert_cmd::Command;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn smpdoc() -> Command {
    Command::cargo_bin("smpdoc").unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

const CONSENT: &str = "consent.pdf";
const TREATMENT: &str = "treatment-record.pdf";

/// Runs an external tool; a tool that is not installed fails the test.
fn tool(name: &str, args: &[&std::ffi::OsStr]) -> Output {
    std::process::Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed: .ci/run installs it ({e})"))
}

/// Runs an external tool that must succeed, and returns its stdout.
fn tool_ok(name: &str, args: &[&std::ffi::OsStr]) -> Vec<u8> {
    let out = tool(name, args);
    assert!(
        out.status.success(),
        "{name} {args:?} failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// One `smpdoc render --json` run into a fresh temporary folder.
struct Rendered {
    _dir: tempfile::TempDir,
    out: PathBuf,
    code: i32,
    report: Value,
    stderr: String,
}

impl Rendered {
    fn pdf(&self, record_id: &str, file: &str) -> PathBuf {
        self.out.join("data").join(record_id).join(file)
    }

    fn records(&self) -> &Vec<Value> {
        self.report["records"].as_array().unwrap()
    }

    fn record(&self, record_id: &str) -> &Value {
        self.records()
            .iter()
            .find(|r| r["record_id"] == record_id)
            .unwrap_or_else(|| panic!("{record_id} not in the report: {:#}", self.report))
    }

    fn fingerprint(&self, record_id: &str) -> String {
        let fp = self.record(record_id)["record_sha256"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            fp.len() == 64
                && fp
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
            "{record_id}: bad record_sha256 {fp:?}"
        );
        fp
    }

    /// Every file under data/<record_id>/, as (record_id, file name, path).
    fn all_pdfs(&self) -> Vec<(String, String, PathBuf)> {
        let mut v = Vec::new();
        let data = self.out.join("data");
        for rec in std::fs::read_dir(&data).unwrap() {
            let rec = rec.unwrap();
            for f in std::fs::read_dir(rec.path()).unwrap() {
                let f = f.unwrap();
                v.push((
                    rec.file_name().into_string().unwrap(),
                    f.file_name().into_string().unwrap(),
                    f.path(),
                ));
            }
        }
        v.sort();
        v
    }
}

/// `smpdoc render --json INPUT... --out <tmp>/archive EXTRA...`.
fn render(inputs: &[&Path], extra: &[&str]) -> Rendered {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("archive");
    let o = smpdoc()
        .arg("render")
        .arg("--json")
        .args(inputs)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let report: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "render --json output is not JSON ({e}): {}\nstderr: {stderr}",
            String::from_utf8_lossy(&o.stdout)
        )
    });
    Rendered {
        _dir: dir,
        out,
        code: o.status.code().unwrap(),
        report,
        stderr,
    }
}

/// The fixtures' records by record_id, from every `*.json` file (one record each) in `dir`.
fn records_in(dir: &Path) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            m.insert(v["record_id"].as_str().unwrap().to_string(), v);
        }
    }
    m
}

fn has_session(rec: &Value) -> bool {
    rec.get("session").is_some()
}

/// `pdftotext f -`: the text in reading order, pages separated by form feeds.
fn pdf_text(pdf: &Path) -> String {
    String::from_utf8(tool_ok("pdftotext", &[pdf.as_os_str(), os("-")])).unwrap()
}

/// The text of each page (pdftotext ends every page with a form feed).
fn text_pages(text: &str) -> Vec<&str> {
    let mut pages: Vec<&str> = text.split('\x0c').collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Whitespace (line breaks, table cell gaps) collapsed to single spaces.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The label a document of the template set for `tag` prints for a zone: `label-<code>` in
/// the set's messages.ftl (the tag, else the tag shortened: `fr-FR` -> `fr`).
fn zone_label(tag: &str, code: &str) -> String {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut set = tag.to_string();
    while !templates.join(&set).join("messages.ftl").is_file() {
        let cut = set
            .rfind('-')
            .unwrap_or_else(|| panic!("no template set for {tag}"));
        set.truncate(cut);
    }
    let ftl = std::fs::read_to_string(templates.join(&set).join("messages.ftl")).unwrap();
    let prefix = format!("label-{code} = ");
    ftl.lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("unknown zone code {code}"))
        .to_string()
}

/// Asserts that every page carries the footer `sha256:<fp>` and `page N <of> M` (`of` in
/// the document's language: "of", or "sur" for the French fixtures' documents), and
/// returns the number of pages.
fn check_footers(what: &str, text: &str, fp: &str, of: &str) -> usize {
    let pages = text_pages(text);
    let m = pages.len();
    assert!(m >= 1, "{what}: no pages");
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        let flat = norm(page);
        assert!(
            flat.contains(&format!("sha256:{fp}")),
            "{what}: page {n} has no footer `sha256:{fp}`:\n{page}"
        );
        let words: Vec<&str> = flat.split(' ').collect();
        let (ns, ms) = (n.to_string(), m.to_string());
        assert!(
            words
                .windows(4)
                .any(|w| w == ["page", ns.as_str(), of, ms.as_str()]),
            "{what}: page {n} does not say `page {n} {of} {m}`:\n{page}"
        );
        // No other page number on this page.
        for w in words.windows(4) {
            if w[0] == "page" && w[2] == of && w[1].parse::<usize>().is_ok() {
                assert_eq!((w[1], w[3]), (ns.as_str(), ms.as_str()), "{what}: page {n}");
            }
        }
    }
    m
}

/// A word box from `pdftotext -bbox`.
#[derive(Debug, Clone)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

#[derive(Debug)]
struct BoxPage {
    width: f64,
    height: f64,
    words: Vec<Word>,
}

/// The value of attribute `name` in one XML tag's text.
fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let start = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end]
        .parse()
        .unwrap_or_else(|e| panic!("{name} in {tag}: {e}"))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The pages and word boxes of a PDF, from `pdftotext -bbox` (XHTML), by plain string
/// scanning.
fn word_boxes(pdf: &Path) -> Vec<BoxPage> {
    let html = String::from_utf8(tool_ok(
        "pdftotext",
        &[os("-bbox"), pdf.as_os_str(), os("-")],
    ))
    .unwrap();
    let mut pages: Vec<BoxPage> = Vec::new();
    let mut rest = html.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let close = rest.find('>').unwrap();
        let tag = &rest[..=close];
        if tag.starts_with("<page ") {
            pages.push(BoxPage {
                width: attr(tag, "width"),
                height: attr(tag, "height"),
                words: Vec::new(),
            });
        } else if tag.starts_with("<word ") {
            let body = &rest[close + 1..];
            let end = body.find("</word>").unwrap();
            pages
                .last_mut()
                .expect("word outside a page")
                .words
                .push(Word {
                    x0: attr(tag, "xMin"),
                    y0: attr(tag, "yMin"),
                    x1: attr(tag, "xMax"),
                    y1: attr(tag, "yMax"),
                    text: unescape(&body[..end]),
                });
        }
        rest = &rest[close + 1..];
    }
    pages
}

/// Every word lies inside the page (and inside the area any printer can print: 18 pt from
/// each edge), and no two words on a page overlap by more than 0.5 pt in both directions.
fn check_no_overlap_or_overflow(what: &str, pdf: &Path) -> Vec<BoxPage> {
    const TOL: f64 = 0.5;
    const PRINTABLE: f64 = 18.0;
    let pages = word_boxes(pdf);
    assert!(!pages.is_empty(), "{what}: no pages in pdftotext -bbox");
    let mut problems = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let n = p + 1;
        assert!(!page.words.is_empty(), "{what}: page {n} has no text");
        for w in &page.words {
            let inside = 0.0 <= w.x0
                && w.x0 < w.x1
                && w.x1 <= page.width
                && 0.0 <= w.y0
                && w.y0 < w.y1
                && w.y1 <= page.height;
            if !inside {
                problems.push(format!(
                    "page {n}: word {:?} at x {:.1}..{:.1}, y {:.1}..{:.1} is outside the {:.2}x{:.2} page",
                    w.text, w.x0, w.x1, w.y0, w.y1, page.width, page.height
                ));
            } else if w.x0 < PRINTABLE
                || w.x1 > page.width - PRINTABLE
                || w.y0 < PRINTABLE
                || w.y1 > page.height - PRINTABLE
            {
                problems.push(format!(
                    "page {n}: word {:?} at x {:.1}..{:.1}, y {:.1}..{:.1} runs into the unprintable {PRINTABLE} pt edge of the {:.2}x{:.2} page",
                    w.text, w.x0, w.x1, w.y0, w.y1, page.width, page.height
                ));
            }
        }
        let words = &page.words;
        for i in 0..words.len() {
            for j in i + 1..words.len() {
                let (a, b) = (&words[i], &words[j]);
                let ox = a.x1.min(b.x1) - a.x0.max(b.x0);
                let oy = a.y1.min(b.y1) - a.y0.max(b.y0);
                if ox > TOL && oy > TOL {
                    problems.push(format!(
                        "page {n}: {:?} ({:.1},{:.1})-({:.1},{:.1}) overlaps {:?} ({:.1},{:.1})-({:.1},{:.1}) by {ox:.1} x {oy:.1} pt",
                        a.text, a.x0, a.y0, a.x1, a.y1, b.text, b.x0, b.y0, b.x1, b.y1
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{what}: {} layout problems:\n{}",
        problems.len(),
        problems
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    pages
}

/// (width, height) in points of every page, from `pdfinfo -f 1 -l N`.
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let text = String::from_utf8(tool_ok(
        "pdfinfo",
        &[os("-f"), os("1"), os("-l"), os("10000"), pdf.as_os_str()],
    ))
    .unwrap();
    let mut sizes = Vec::new();
    for line in text.lines() {
        // "Page    1 size: 612 x 792 pts (letter)"
        if line.starts_with("Page ")
            && let Some(i) = line.find(" size: ")
        {
            let rest: Vec<&str> = line[i + 7..].split_whitespace().collect();
            assert_eq!(rest[1], "x", "{line}");
            sizes.push((rest[0].parse().unwrap(), rest[2].parse().unwrap()));
        }
    }
    assert!(
        !sizes.is_empty(),
        "no page sizes in pdfinfo output:\n{text}"
    );
    sizes
}

fn assert_size(what: &str, pdf: &Path, want: (f64, f64)) {
    for (i, (w, h)) in page_sizes(pdf).into_iter().enumerate() {
        assert!(
            (w - want.0).abs() < 0.01 && (h - want.1).abs() < 0.01,
            "{what}: page {} is {w} x {h} pts, want {} x {}",
            i + 1,
            want.0,
            want.1
        );
    }
}

const A4: (f64, f64) = (595.28, 841.89);
const LETTER: (f64, f64) = (612.0, 792.0);

/// The number of images drawn in a PDF, from `pdfimages -list` (soft masks not counted).
fn image_count(pdf: &Path) -> usize {
    let text = String::from_utf8(tool_ok("pdfimages", &[os("-list"), pdf.as_os_str()])).unwrap();
    text.lines()
        .skip(2)
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .count()
}

/// JSON equality where numbers compare by value (JCS writes `1.0` as `1`).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// The documents listed in the report for a record, by document name.
fn report_docs(rec: &Value) -> BTreeMap<String, Value> {
    rec["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["document"].as_str().unwrap().to_string(), d.clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[test]
fn every_valid_fixture_renders_and_passes_qpdf_check() {
    let records = records_in(&fixtures().join("valid"));
    assert!(records.len() >= 17, "only {} fixtures", records.len());
    let r = render(&[&fixtures().join("valid")], &[]);
    assert_eq!(r.code, 0, "{}\n{:#}", r.stderr, r.report);
    assert_eq!(r.records().len(), records.len(), "{:#}", r.report);

    // Exactly the expected files, nothing else (no temporary files left behind).
    let mut want = BTreeSet::new();
    for (id, rec) in &records {
        want.insert((id.clone(), CONSENT.to_string()));
        if has_session(rec) {
            want.insert((id.clone(), TREATMENT.to_string()));
        }
    }
    let got: BTreeSet<(String, String)> =
        r.all_pdfs().into_iter().map(|(id, f, _)| (id, f)).collect();
    assert_eq!(got, want);

    for (id, rec) in &records {
        let rep = r.record(id);
        assert!(
            rep["errors"].as_array().unwrap().is_empty(),
            "{id}: {rep:#}"
        );
        let docs = report_docs(rep);
        let want_docs: BTreeSet<&str> = if has_session(rec) {
            ["consent", "treatment-record"].into()
        } else {
            ["consent"].into()
        };
        assert_eq!(
            docs.keys().map(String::as_str).collect::<BTreeSet<_>>(),
            want_docs,
            "{id}"
        );
        for (name, d) in &docs {
            let path = r.out.join(d["path"].as_str().unwrap());
            assert_eq!(path, r.pdf(id, &format!("{name}.pdf")), "{id}: report path");
            let bytes = std::fs::read(&path).unwrap();
            assert!(bytes.starts_with(b"%PDF-"), "{}", path.display());
            assert_eq!(d["bytes"], bytes.len() as u64, "{id} {name}: bytes");
            assert_eq!(d["sha256"], sha256_hex(&bytes), "{id} {name}: sha256");
            let out = tool("qpdf", &[os("--check"), path.as_os_str()]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "qpdf --check {}:\n{}{}",
                path.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                d["pages"],
                page_sizes(&path).len() as u64,
                "{id} {name}: pages in the report vs pdfinfo"
            );
            // No text collides or runs off the page in any of them.
            check_no_overlap_or_overflow(&format!("{id} {name}"), &path);
        }
    }

    // The signature images and the logo are in the PDFs.
    let signed = "CSS_2026.04.28-003";
    assert_eq!(
        image_count(&r.pdf(signed, CONSENT)),
        2,
        "client + practitioner"
    );
    assert_eq!(image_count(&r.pdf(signed, TREATMENT)), 1, "practitioner");
    assert!(
        image_count(&r.pdf("NSC-2026-0414-002", CONSENT)) >= 1,
        "logo"
    );
    assert_eq!(image_count(&r.pdf("NSC-2026-0303-001", CONSENT)), 0);
}

#[test]
fn fonts_are_embedded_and_subset() {
    let r = render(&[&fixtures().join("valid")], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pdfs = r.all_pdfs();
    assert!(pdfs.len() >= 17 + 14);
    for (_, _, pdf) in pdfs {
        let text = String::from_utf8(tool_ok("pdffonts", &[pdf.as_os_str()])).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        assert!(header.starts_with("name"), "{text}");
        assert!(lines.next().unwrap().starts_with("----"), "{text}");
        let mut rows = 0;
        for line in lines.filter(|l| !l.trim().is_empty()) {
            rows += 1;
            // name type... encoding emb sub uni objnum gen: read from the right, since the
            // type ("CID TrueType") has spaces.
            let t: Vec<&str> = line.split_whitespace().collect();
            let n = t.len();
            assert!(n >= 7, "{}: odd pdffonts row {line:?}", pdf.display());
            let (name, emb, sub) = (t[0], t[n - 5], t[n - 4]);
            assert_eq!(emb, "yes", "{}: font not embedded: {line}", pdf.display());
            assert_eq!(sub, "yes", "{}: font not subset: {line}", pdf.display());
            let (prefix, base) = name.split_at(name.find('+').unwrap_or(0));
            assert!(
                prefix.len() == 6
                    && prefix.bytes().all(|b| b.is_ascii_uppercase())
                    && base.len() > 1,
                "{}: font name {name:?} has no ABCDEF+ subset prefix",
                pdf.display()
            );
        }
        assert!(rows >= 1, "{}: no fonts:\n{text}", pdf.display());
    }
}

#[test]
fn text_extraction_shows_name_zones_lots_and_fingerprint() {
    let records = records_in(&fixtures().join("valid"));
    let r = render(&[&fixtures().join("valid")], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (id, rec) in &records {
        let fp = r.fingerprint(id);
        let name = rec["client"]["full_name"].as_str().unwrap();
        // The fixtures hold names in NFC: no combining marks.
        assert!(
            !name.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)),
            "{id}: fixture name not NFC"
        );
        let docs = report_docs(r.record(id));

        let consent = pdf_text(&r.pdf(id, CONSENT));
        let flat = norm(&consent);
        assert!(
            flat.contains(name),
            "{id}: consent text lacks the name {name:?}:\n{consent}"
        );
        assert!(flat.contains(&fp), "{id}: consent lacks {fp}");
        // The consent form is in the client's language (the fixtures' are English or
        // French).
        let of = if rec["consent"]["language"]
            .as_str()
            .unwrap()
            .starts_with("fr")
        {
            "sur"
        } else {
            "of"
        };
        let pages = check_footers(&format!("{id} consent"), &consent, &fp, of);
        assert_eq!(docs["consent"]["pages"], pages as u64, "{id} consent pages");

        let Some(session) = rec.get("session") else {
            continue;
        };
        let tr = pdf_text(&r.pdf(id, TREATMENT));
        let flat = norm(&tr);
        // The treatment record is in the clinic's language (en-GB unless it says).
        let language = rec["clinic"]["language"].as_str().unwrap_or("en-GB");
        assert!(
            flat.contains(name),
            "{id}: treatment record lacks the name {name:?}:\n{tr}"
        );
        for z in session["zones"].as_array().unwrap() {
            let label = zone_label(language, z["zone"].as_str().unwrap());
            assert!(
                flat.contains(&label),
                "{id}: treatment record lacks zone label {label:?}:\n{tr}"
            );
        }
        for p in session["pigments"].as_array().unwrap() {
            let lot = p["lot"].as_str().unwrap();
            assert!(
                flat.contains(lot),
                "{id}: treatment record lacks pigment lot {lot:?}:\n{tr}"
            );
        }
        for n in session["needles"].as_array().unwrap() {
            let lot = n["lot"].as_str().unwrap();
            assert!(
                flat.contains(lot),
                "{id}: treatment record lacks needle lot {lot:?}:\n{tr}"
            );
        }
        let of = if language.starts_with("fr") {
            "sur"
        } else {
            "of"
        };
        let pages = check_footers(&format!("{id} treatment record"), &tr, &fp, of);
        assert_eq!(
            docs["treatment-record"]["pages"], pages as u64,
            "{id} treatment record pages"
        );
    }
}

#[test]
fn markup_in_data_prints_literally() {
    let file = fixtures().join("valid/CSS-2026-0803-009.json");
    let rec: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(rec["client"]["full_name"], "*Bob* # 1.");
    let r = render(&[&file], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for doc in [CONSENT, TREATMENT] {
        let text = pdf_text(&r.pdf("CSS-2026-0803-009", doc));
        assert!(
            text.lines().any(|l| l.contains("*Bob* # 1.")),
            "{doc}: `*Bob* # 1.` not printed literally:\n{text}"
        );
    }
    // The free text with template-like and Markdown-like characters prints as typed too.
    let notes = rec["session"]["notes"].as_str().unwrap();
    let tr = norm(&pdf_text(&r.pdf("CSS-2026-0803-009", TREATMENT)));
    assert!(
        tr.contains(&norm(notes)),
        "notes {notes:?} not literal in:\n{tr}"
    );

    // Harder cases, in a table cell (a `|` must not split the cell), a list, free text.
    let mut tricky: Value = serde_json::from_slice(
        &std::fs::read(fixtures().join("valid/NSC-2026-0303-001.json")).unwrap(),
    )
    .unwrap();
    let id = "RND-MARKUP-001";
    let name = r"Ann | Lee \ `x` <b>y</b> [z](http://e.x) __u__ ~~s~~ {{w}} &amp; 2*3*4";
    let zone_note = r"a | b | c\|d *e* _f_";
    let notes = r"# Not a heading - not a list 1. not a list <script>alert(1)</script> \* | x |";
    tricky["record_id"] = Value::from(id);
    tricky["client"]["full_name"] = Value::from(name);
    tricky["client"]["address"] = serde_json::json!(["1. Main St", "- Flat 2", "# 3"]);
    tricky["screening"]["allergies"] = serde_json::json!(["*latex*", "| pipe", "<i>nickel</i>"]);
    tricky["session"]["zones"][0]["notes"] = Value::from(zone_note);
    tricky["session"]["notes"] = Value::from(notes);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tricky.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&tricky).unwrap()).unwrap();
    let r = render(&[&file], &[]);
    assert_eq!(r.code, 0, "{}\n{:#}", r.stderr, r.report);
    let consent = norm(&pdf_text(&r.pdf(id, CONSENT)));
    let tr = norm(&pdf_text(&r.pdf(id, TREATMENT)));
    for (what, text) in [("consent", &consent), ("treatment record", &tr)] {
        assert!(
            text.contains(name),
            "{what}: name {name:?} not literal:\n{text}"
        );
        assert!(
            text.contains("*latex*, | pipe, <i>nickel</i>"),
            "{what}: allergies not literal:\n{text}"
        );
    }
    assert!(consent.contains("1. Main St, - Flat 2, # 3"), "{consent}");
    assert!(tr.contains(zone_note), "zone note not literal:\n{tr}");
    assert!(tr.contains(notes), "notes not literal:\n{tr}");
}

/// Renders a record and checks both documents' layout; returns the archive.
fn check_long_record(file: &Path, id: &str, extra: &[&str]) -> Rendered {
    let r = render(&[file], extra);
    assert_eq!(r.code, 0, "{}\n{:#}", r.stderr, r.report);
    let fp = r.fingerprint(id);
    for doc in [CONSENT, TREATMENT] {
        let pdf = r.pdf(id, doc);
        let what = format!("{id} {doc}");
        let pages = check_no_overlap_or_overflow(&what, &pdf);
        assert!(pages.len() >= 2, "{what}: only {} page(s)", pages.len());
        let text = pdf_text(&pdf);
        assert_eq!(
            check_footers(&what, &text, &fp, "of"),
            pages.len(),
            "{what}"
        );
    }
    r
}

#[test]
fn long_record_spans_pages_without_overlap_or_overflow() {
    check_long_record(
        &fixtures().join("valid/NSC-2026-0815-010.json"),
        "NSC-2026-0815-010",
        &[],
    );

    // 40 medications, 60 pigments and ~12,000 characters of notes with one 300-character
    // unbroken URL.
    let file = fixtures().join("render/long-notes.json");
    let rec: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let id = rec["record_id"].as_str().unwrap();
    let session = &rec["session"];
    let notes = session["notes"].as_str().unwrap();
    assert!(notes.len() >= 11_000, "fixture notes too short");
    let url = notes
        .split_whitespace()
        .find(|w| w.starts_with("https://"))
        .unwrap();
    assert_eq!(url.chars().count(), 300);
    let pigments = session["pigments"].as_array().unwrap();
    assert_eq!(pigments.len(), 60);
    assert_eq!(
        rec["screening"]["medications"].as_array().unwrap().len(),
        40
    );

    // The notes are over the default limit of 10,000 characters a free-text field: a
    // clinic that needs longer ones raises it in its policy.
    let tmp = tempfile::tempdir().unwrap();
    let policy = tmp.path().join("policy.json");
    std::fs::write(&policy, r#"{"max_text_chars": 12000}"#).unwrap();
    let r = check_long_record(&file, id, &["--policy", policy.to_str().unwrap()]);
    let consent = norm(&pdf_text(&r.pdf(id, CONSENT)));
    let tr_text = pdf_text(&r.pdf(id, TREATMENT));
    let tr = norm(&tr_text);
    for m in rec["screening"]["medications"].as_array().unwrap() {
        let m = m.as_str().unwrap();
        assert!(consent.contains(m), "consent lacks medication {m:?}");
        assert!(tr.contains(m), "treatment record lacks medication {m:?}");
    }
    // The long URL is printed whole (broken over lines, but nothing lost or clipped).
    let squeezed: String = tr_text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        squeezed.contains(url),
        "the 300-character URL is not all there"
    );
    // Every pigment lot is printed, and the pigments table runs over more than one page
    // with its header row repeated on each.
    let pages = text_pages(&tr_text);
    let patch_lot = rec["patch_test"]["lot_tested"].as_str().unwrap();
    let mut pigment_pages = BTreeSet::new();
    for p in pigments {
        let lot = p["lot"].as_str().unwrap();
        if lot == patch_lot {
            continue; // printed in the patch test section too
        }
        let on: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, t)| norm(t).contains(lot))
            .map(|(i, _)| i)
            .collect();
        assert!(!on.is_empty(), "pigment lot {lot} not printed");
        pigment_pages.extend(on);
    }
    assert!(
        pigment_pages.len() >= 2,
        "60 pigments fit on one page? {pigment_pages:?}"
    );
    for &i in &pigment_pages {
        let words: Vec<&str> = pages[i].split_whitespace().collect();
        for h in ["Brand", "Shade", "Lot", "Expiry"] {
            assert!(
                words.contains(&h),
                "page {} holds pigment rows but no `{h}` table header:\n{}",
                i + 1,
                pages[i]
            );
        }
    }
    let lot_pages = pages
        .iter()
        .filter(|t| t.split_whitespace().any(|w| w == "Lot"))
        .count();
    assert!(lot_pages >= 2, "header `Lot` on {lot_pages} page(s)");
}

#[test]
fn attachment_is_the_canonical_record() {
    let records = records_in(&fixtures().join("valid"));
    let r = render(&[&fixtures().join("valid")], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (id, doc, pdf) in r.all_pdfs() {
        let fp = r.fingerprint(&id);
        let name = format!("{id}.json");
        let bytes = tool_ok(
            "qpdf",
            &[os(&format!("--show-attachment={name}")), pdf.as_os_str()],
        );
        assert_eq!(
            sha256_hex(&bytes),
            fp,
            "{}: attachment's SHA-256 is not the record fingerprint",
            pdf.display()
        );
        let parsed: Value = serde_json::from_slice(&bytes).unwrap();
        assert!(
            same_json(&parsed, &records[&id]),
            "{id} {doc}: the attachment is not the record:\n{}",
            String::from_utf8_lossy(&bytes)
        );
        let list =
            String::from_utf8(tool_ok("pdfdetach", &[os("-list"), pdf.as_os_str()])).unwrap();
        assert!(
            list.lines()
                .any(|l| l.trim().split_once(": ").is_some_and(|(_, n)| n == name)),
            "{}: pdfdetach -list does not list {name}:\n{list}",
            pdf.display()
        );
    }
}

#[test]
fn byte_identical_alone_in_a_batch_and_across_processes() {
    const TARGET: &str = "NSC-2026-0303-001";
    const SIZE: usize = 500;
    const AT: usize = 250; // 1-based position of the target in the batch
    let mut fillers = Vec::new();
    let mut target_line = None;
    let mut names = std::fs::read_dir(fixtures().join("valid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect::<Vec<_>>();
    names.sort();
    for p in names {
        let text = std::fs::read_to_string(&p).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        // Image, photo and logo paths are relative to the record's file: the batch file lives
        // elsewhere, so records that refer to files are left out.
        if text.contains("\"images/") {
            continue;
        }
        if v["record_id"] == TARGET {
            // The record's own text, unchanged (only squeezed onto one line).
            target_line = Some(serde_json::to_string(&v).unwrap());
        }
        fillers.push(v);
    }
    let target_line = target_line.unwrap();
    assert!(fillers.len() >= 10);
    let mut jsonl = String::new();
    for i in 1..=SIZE {
        if i == AT {
            jsonl.push_str(&target_line);
        } else {
            let mut v = fillers[i % fillers.len()].clone();
            v["record_id"] = Value::from(format!("BATCH-{i:04}"));
            jsonl.push_str(&serde_json::to_string(&v).unwrap());
        }
        jsonl.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch.jsonl");
    std::fs::write(&batch, jsonl).unwrap();
    let alone_file = fixtures().join("valid").join(format!("{TARGET}.json"));

    let alone = render(&[&alone_file], &[]);
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    let big = render(&[&batch], &[]);
    assert_eq!(big.code, 0, "{}", big.stderr);
    assert_eq!(big.records().len(), SIZE);
    assert_eq!(big.records()[AT - 1]["record_id"], TARGET);
    let again = render(&[&alone_file], &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);

    assert_eq!(alone.fingerprint(TARGET), big.fingerprint(TARGET));
    for doc in [CONSENT, TREATMENT] {
        let a = std::fs::read(alone.pdf(TARGET, doc)).unwrap();
        let b = std::fs::read(big.pdf(TARGET, doc)).unwrap();
        let c = std::fs::read(again.pdf(TARGET, doc)).unwrap();
        assert!(
            a == b,
            "{doc}: alone ({} bytes, {}) differs from in a batch of {SIZE} ({} bytes, {})",
            a.len(),
            sha256_hex(&a),
            b.len(),
            sha256_hex(&b)
        );
        assert!(a == c, "{doc}: two separate runs differ");
    }
}

#[test]
fn templates_export_and_edit() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("templates");
    let record = fixtures().join("valid/NSC-2026-0303-001.json");
    let id = "NSC-2026-0303-001";

    smpdoc()
        .args(["templates", "export"])
        .arg(&tpl)
        .assert()
        .success();
    let consent_tpl = tpl.join("en-GB/consent.md.hbs");
    let tr_tpl = tpl.join("en-GB/treatment-record.md.hbs");
    let original = std::fs::read_to_string(&consent_tpl).unwrap();
    assert!(original.contains("{{client.full_name}}"), "{original}");
    assert!(
        std::fs::read_to_string(&tr_tpl)
            .unwrap()
            .contains("{{client.full_name}}")
    );

    // The exported templates render exactly as the built-in ones.
    let builtin = render(&[&record], &[]);
    let exported = render(&[&record], &["--templates", tpl.to_str().unwrap()]);
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    for doc in [CONSENT, TREATMENT] {
        assert_eq!(
            norm(&pdf_text(&builtin.pdf(id, doc))),
            norm(&pdf_text(&exported.pdf(id, doc))),
            "{doc}: exported templates render differently from the built-in ones"
        );
    }

    // An edited clause shows.
    std::fs::write(
        &consent_tpl,
        format!("{original}\nClinic-specific clause XYZZY.\n"),
    )
    .unwrap();
    let edited = render(&[&record], &["--templates", tpl.to_str().unwrap()]);
    assert_eq!(edited.code, 0, "{}", edited.stderr);
    assert!(norm(&pdf_text(&edited.pdf(id, CONSENT))).contains("Clinic-specific clause XYZZY."));
    assert!(!pdf_text(&edited.pdf(id, TREATMENT)).contains("XYZZY"));

    // Exporting again into the folder does not overwrite the edited files.
    let out = smpdoc()
        .args(["templates", "export"])
        .arg(&tpl)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "export overwrote the templates");
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
    assert!(
        std::fs::read_to_string(&consent_tpl)
            .unwrap()
            .contains("XYZZY"),
        "the edited template was overwritten"
    );

    // A misspelt variable names the template and its line.
    let bad = dir.path().join("misspelt");
    let bad_set = bad.join("en-GB");
    std::fs::create_dir_all(&bad_set).unwrap();
    std::fs::copy(&tr_tpl, bad_set.join("treatment-record.md.hbs")).unwrap();
    let misspelt = original.replacen("{{client.full_name}}", "{{client.ful_name}}", 1);
    let line = misspelt
        .lines()
        .position(|l| l.contains("client.ful_name"))
        .unwrap()
        + 1;
    std::fs::write(bad_set.join("consent.md.hbs"), &misspelt).unwrap();
    let r = render(&[&record], &["--templates", bad.to_str().unwrap()]);
    assert_ne!(r.code, 0, "a misspelt variable rendered: {:#}", r.report);
    let errors = r.record(id)["errors"].to_string() + &r.stderr;
    assert!(
        errors.contains("consent.md.hbs") && errors.contains(&format!("line {line}")),
        "the error does not name consent.md.hbs line {line}: {errors}"
    );
    assert!(
        !r.pdf(id, CONSENT).exists(),
        "a consent form was written from a broken template"
    );

    // An unclosed block stops the run before anything is rendered.
    let unclosed = dir.path().join("unclosed");
    let unclosed_set = unclosed.join("en-GB");
    std::fs::create_dir_all(&unclosed_set).unwrap();
    std::fs::copy(&tr_tpl, unclosed_set.join("treatment-record.md.hbs")).unwrap();
    let mut lines: Vec<&str> = original.lines().collect();
    lines.insert(19, "{{#if x}} this block is never closed");
    std::fs::write(unclosed_set.join("consent.md.hbs"), lines.join("\n") + "\n").unwrap();
    let out_dir = dir.path().join("unclosed-out");
    let out = smpdoc()
        .arg("render")
        .arg(&record)
        .arg("--out")
        .arg(&out_dir)
        .arg("--templates")
        .arg(&unclosed)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: "), "{err}");
    let after = err.split("consent.md.hbs").nth(1).unwrap_or_else(|| {
        panic!("the error does not name consent.md.hbs: {err}");
    });
    let n: usize = after
        .split("line ")
        .nth(1)
        .and_then(|s| {
            s.split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap()
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("the error does not give a line: {err}"));
    assert!(
        (1..=lines.len() + 1).contains(&n),
        "line {n} is not in the template: {err}"
    );
    assert!(
        !out_dir.join("data").exists(),
        "PDFs were written despite the template error"
    );
}

#[test]
fn us_jurisdiction_gets_letter_paper() {
    let us = fixtures().join("valid/GSS-2026-0618-006.json"); // US-NJ
    let uk = fixtures().join("valid/NSC-2026-0303-001.json"); // UK-ENG
    let r = render(&[&us, &uk], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for doc in [CONSENT, TREATMENT] {
        assert_size("US-NJ", &r.pdf("GSS-2026-0618-006", doc), LETTER);
        assert_size("UK-ENG", &r.pdf("NSC-2026-0303-001", doc), A4);
        let info = String::from_utf8(tool_ok(
            "pdfinfo",
            &[r.pdf("GSS-2026-0618-006", doc).as_os_str()],
        ))
        .unwrap();
        assert!(info.contains("Page size:       612 x 792 pts"), "{info}");
    }
    let a4 = render(&[&us, &uk], &["--paper", "a4"]);
    assert_eq!(a4.code, 0, "{}", a4.stderr);
    let letter = render(&[&us, &uk], &["--paper", "letter"]);
    assert_eq!(letter.code, 0, "{}", letter.stderr);
    for doc in [CONSENT, TREATMENT] {
        for id in ["GSS-2026-0618-006", "NSC-2026-0303-001"] {
            assert_size(&format!("{id} --paper a4"), &a4.pdf(id, doc), A4);
            assert_size(
                &format!("{id} --paper letter"),
                &letter.pdf(id, doc),
                LETTER,
            );
        }
    }
    // Letter is shorter than A4: the layout still fits the page.
    check_no_overlap_or_overflow(
        "UK record on letter",
        &letter.pdf("NSC-2026-0303-001", CONSENT),
    );
    check_no_overlap_or_overflow("US record on A4", &a4.pdf("GSS-2026-0618-006", CONSENT));
}

#[test]
fn refuses_non_empty_out_dir() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("archive");
    std::fs::create_dir(&out_dir).unwrap();
    let keep = out_dir.join("keep.txt");
    std::fs::write(&keep, "do not touch\n").unwrap();
    let out = smpdoc()
        .arg("render")
        .arg(fixtures().join("valid/NSC-2026-0303-001.json"))
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(std::fs::read_to_string(&keep).unwrap(), "do not touch\n");
    let entries: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, [std::ffi::OsString::from("keep.txt")]);

    // An existing empty folder is fine.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    smpdoc()
        .arg("render")
        .arg(fixtures().join("valid/NSC-2026-0303-001.json"))
        .arg("--out")
        .arg(&empty)
        .assert()
        .success();
    assert!(empty.join("data/NSC-2026-0303-001").join(CONSENT).exists());
}

#[test]
fn only_flag() {
    let file = fixtures().join("valid/NSC-2026-0303-001.json");
    let id = "NSC-2026-0303-001";
    for (only, want, name) in [
        ("consent", CONSENT, "consent"),
        ("record", TREATMENT, "treatment-record"),
    ] {
        let r = render(&[&file], &["--only", only]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let files: Vec<String> = r.all_pdfs().into_iter().map(|(_, f, _)| f).collect();
        assert_eq!(files, [want], "--only {only}");
        let docs = report_docs(r.record(id));
        assert_eq!(docs.keys().collect::<Vec<_>>(), [name], "--only {only}");
    }
    // A record without a session has no treatment record to give.
    let no_session = fixtures().join("valid/NSC-2026-1124-014.json");
    let r = render(&[&no_session], &["--only", "record"]);
    // Not rejected: valid, with nothing of the asked kind to give.
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(report_docs(r.record("NSC-2026-1124-014")).is_empty());
    assert!(!r.pdf("NSC-2026-1124-014", CONSENT).exists());
    assert!(!r.pdf("NSC-2026-1124-014", TREATMENT).exists());
}

#[test]
fn a_rejected_record_does_not_stop_the_batch() {
    let records = records_in(&fixtures().join("valid"));
    let r = render(
        &[
            &fixtures().join("valid"),
            &fixtures().join("invalid/22-expired-pigment.json"),
        ],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    for (id, rec) in &records {
        assert!(r.pdf(id, CONSENT).is_file(), "{id}: no consent");
        assert_eq!(
            r.pdf(id, TREATMENT).is_file(),
            has_session(rec),
            "{id}: treatment record"
        );
    }
    assert!(
        !r.out.join("data/INV-22").exists(),
        "a folder was written for the rejected record"
    );
    let inv = r.record("INV-22");
    assert!(inv["documents"].as_array().unwrap().is_empty(), "{inv:#}");
    assert!(
        inv["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "expired" && e["path"] == "session.pigments[0].expiry"),
        "{inv:#}"
    );
    assert_eq!(r.report["summary"]["rejected"], 1, "{:#}", r.report);
}
