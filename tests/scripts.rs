//! Every script a client's name may be written in, end to end: records built at test time
//! from a valid fixture (so that these tests follow the record format wherever it goes),
//! rendered by the real binary, and read back with independent tools: `pdftotext` (the
//! names, in logical order), `pdffonts` (embedded subsets with ToUnicode), `qpdf --check`,
//! the content streams through lopdf (no glyph 0), and `hb-shape` (the shaping itself).
//!
//! The tools must be installed (`.ci/run` installs them): a missing tool fails the test, it
//! never skips it.

use assert_cmd::Command;
use serde_json::Value;
use smpdoc::text::{self, Style};
use std::path::{Path, PathBuf};
use std::process::Output;
use unicode_normalization::UnicodeNormalization;

/// Names, addresses and emergency contacts per script: the strings the issue named, and one
/// for every script the fonts cover.
const SCRIPTS: &[(&str, &str, &[&str], &str)] = &[
    // (key, client name, address lines, emergency contact)
    (
        "arabic",
        "محمد الأحمد",
        &["شارع الملك فهد ١٢", "الرياض"],
        "فاطمة الزهراء",
    ),
    (
        "persian",
        "ژیلا پورمند",
        &["خیابان ولیعصر ۲۴", "تهران"],
        "پرویز گلچین",
    ),
    (
        "urdu",
        "عمران ڈھلوں",
        &["مال روڈ ۱۲", "لاہور"],
        "ثمینہ چودھری",
    ),
    ("hebrew", "שרה כהן", &["רחוב הרצל 12", "תל אביב"], "דוד לוי"),
    (
        "devanagari",
        "अनिल कुमार",
        &["12 महात्मा गांधी मार्ग", "नई दिल्ली"],
        "सुनीता शर्मा",
    ),
    ("bengali", "সুমন দাস", &["১২ পার্ক স্ট্রিট", "কলকাতা"], "রীনা দাস"),
    (
        "gurmukhi",
        "ਹਰਪ੍ਰੀਤ ਸਿੰਘ",
        &["12 ਮਾਲ ਰੋਡ", "ਅੰਮ੍ਰਿਤਸਰ"],
        "ਜਸਪ੍ਰੀਤ ਕੌਰ",
    ),
    (
        "gujarati",
        "ભાવેશ પટેલ",
        &["12 આશ્રમ રોડ", "અમદાવાદ"],
        "કિંજલ પટેલ",
    ),
    (
        "tamil",
        "முருகன் செல்வம்",
        &["12 அண்ணா சாலை", "சென்னை"],
        "லட்சுமி செல்வம்",
    ),
    (
        "thai",
        "สมชาย ใจดี",
        &["123 ถนนสุขุมวิท", "กรุงเทพมหานคร"],
        "สมหญิง ใจดี",
    ),
    (
        "armenian",
        "Արամ Պետրոսյան",
        &["Աբովյան 12", "Երևան"],
        "Աննա Պետրոսյան",
    ),
    (
        "georgian",
        "გიორგი ბერიძე",
        &["რუსთაველის 12", "თბილისი"],
        "ნინო ბერიძე",
    ),
    (
        "chinese",
        "王小明",
        &["北京市朝阳区建国路88号", "100022"],
        "李华",
    ),
    (
        "traditional",
        "陳大文",
        &["臺北市信義路五段7號", "110"],
        "林美麗",
    ),
    (
        "japanese",
        "さくら 山田",
        &["東京都千代田区丸の内1-1", "100-0005"],
        "ヤマダ タロウ",
    ),
    (
        "korean",
        "김민준",
        &["서울특별시 종로구 세종대로 1", "03154"],
        "이서연",
    ),
    (
        "vietnamese",
        "Nguyễn Thị Ánh",
        &["12 Phố Huế", "Hà Nội"],
        "Trần Văn Đức",
    ),
    (
        "greek",
        "Γιώργος Παπαδόπουλος",
        &["Οδός Ερμού 12", "Αθήνα"],
        "Ελένη Παπαδοπούλου",
    ),
    (
        "cyrillic",
        "Анна Смирнова",
        &["ул. Тверская, 12", "Москва"],
        "Иван Смирнов",
    ),
];

fn smpdoc() -> Command {
    Command::cargo_bin("smpdoc").unwrap()
}

/// Renders a records file into a new bag at `out`; the run must succeed.
fn render_ok(file: &Path, out: &Path) {
    smpdoc()
        .arg("render")
        .arg(file)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .assert()
        .success();
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs an external tool; a tool that is not installed fails the test.
fn tool(name: &str, args: &[&std::ffi::OsStr]) -> Output {
    std::process::Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed: .ci/run installs it ({e})"))
}

fn tool_ok(name: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = tool(name, args);
    assert!(
        out.status.success(),
        "{name} {args:?} failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

/// A valid record of the current format with the client's name, address, emergency contact
/// and signer replaced.
fn record(id: &str, name: &str, address: &[&str], contact: &str, signer: &str) -> Value {
    let base = repo().join("fixtures/valid/NSC-2026-0303-001.json");
    let mut r: Value = serde_json::from_slice(&std::fs::read(base).unwrap()).unwrap();
    r["record_id"] = id.into();
    r["client"]["full_name"] = name.into();
    r["client"]["address"] = address.iter().map(|a| Value::from(*a)).collect();
    r["client"]["emergency_contact"]["name"] = contact.into();
    r["consent"]["client_signature"]["signer"] = signer.into();
    r
}

fn script_records() -> Vec<Value> {
    SCRIPTS
        .iter()
        .map(|(key, name, address, contact)| {
            record(
                &format!("SCRIPT-{}", key.to_uppercase()),
                name,
                address,
                contact,
                name,
            )
        })
        .collect()
}

/// Writes records as one JSON array file in a fresh temporary folder.
fn write_records(records: &[Value]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("records.json");
    std::fs::write(&file, serde_json::to_vec_pretty(records).unwrap()).unwrap();
    (dir, file)
}

/// `pdftotext` output without the bidi controls poppler puts around right-to-left text,
/// whitespace collapsed.
fn extracted(pdf: &Path) -> String {
    let t = tool_ok("pdftotext", &[pdf.as_os_str(), os("-")]);
    t.chars()
        .filter(|c| !matches!(*c as u32, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every 2-byte code shown with a composite (Type0) font on every page.
fn shown_glyph_codes(pdf: &Path) -> Vec<u16> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut codes = Vec::new();
    for (_, page) in doc.get_pages() {
        let content = doc.get_and_decode_page_content(page).unwrap();
        for op in &content.operations {
            if !matches!(op.operator.as_str(), "Tj" | "TJ") {
                continue;
            }
            for operand in &op.operands {
                let strings: Vec<&lopdf::Object> = match operand {
                    lopdf::Object::Array(a) => a.iter().collect(),
                    o => vec![o],
                };
                for s in strings {
                    if let lopdf::Object::String(b, _) = s {
                        assert_eq!(b.len() % 2, 0, "{}: odd-length code string", pdf.display());
                        codes.extend(b.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])));
                    }
                }
            }
        }
    }
    codes
}

#[test]
fn every_script_renders_and_reads_back_in_logical_order() {
    let records = script_records();
    let (dir, file) = write_records(&records);
    let out = dir.path().join("archive");
    let o = smpdoc()
        .arg("render")
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("warning:"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut failures = Vec::new();
    for (key, name, address, contact) in SCRIPTS {
        let id = format!("SCRIPT-{}", key.to_uppercase());
        for doc in ["consent.pdf", "treatment-record.pdf"] {
            let pdf = out.join("data").join(&id).join(doc);
            let what = format!("{key} {doc}");
            let check = tool("qpdf", &[os("--check"), pdf.as_os_str()]);
            assert_eq!(check.status.code(), Some(0), "{what}: qpdf --check");
            let fonts = tool_ok("pdffonts", &[pdf.as_os_str()]);
            for line in fonts.lines().skip(2) {
                let cols: Vec<&str> = line.split_whitespace().collect();
                let n = cols.len();
                assert!(n >= 7, "{what}: {line}");
                assert!(
                    cols[0].as_bytes()[6] == b'+',
                    "{what}: font not tagged as a subset: {line}"
                );
                assert_eq!(
                    &cols[n - 5..n - 2],
                    &["yes", "yes", "yes"],
                    "{what}: font not embedded, subset and mapped to Unicode: {line}"
                );
            }
            let codes = shown_glyph_codes(&pdf);
            assert!(!codes.is_empty(), "{what}: no text");
            assert!(!codes.contains(&0), "{what}: glyph 0 shown");
            let text = extracted(&pdf);
            let nfc: String = name.nfc().collect();
            if !text.contains(&nfc) {
                failures.push(format!("{what}: name {name:?} not in:\n{text}"));
            }
            if doc == "consent.pdf" {
                for want in [*contact, &format!("Client: {nfc}")] {
                    if !text.contains(want) {
                        failures.push(format!("{what}: {want:?} not in:\n{text}"));
                    }
                }
                for line in *address {
                    // Every word of the address, whatever the order of a mixed-direction line.
                    for word in line.split_whitespace() {
                        let word = word.trim_matches(',');
                        if !text.contains(word) {
                            failures.push(format!("{what}: address word {word:?} not in:\n{text}"));
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `hb-shape`'s glyphs for `text` in `font`: (glyph id, cluster, x offset, y offset, advance).
fn hb_shape(font: &Path, text: &str, rtl: bool) -> Vec<(u16, usize, i32, i32, i32)> {
    let dir = if rtl {
        "--direction=rtl"
    } else {
        "--direction=ltr"
    };
    let out = tool_ok(
        "hb-shape",
        &[
            font.as_os_str(),
            os("--no-glyph-names"),
            os(dir),
            os("--font-funcs=ot"),
            os("--utf8-clusters"),
            os(text),
        ],
    );
    let body = out.trim().trim_start_matches('[').trim_end_matches(']');
    body.split('|')
        .map(|g| {
            // gid=cluster[@dx,dy]+advance
            let (gid, rest) = g.split_once('=').unwrap();
            let (cluster_off, adv) = rest.split_once('+').unwrap();
            let (cluster, off) = cluster_off.split_once('@').unwrap_or((cluster_off, "0,0"));
            let (dx, dy) = off.split_once(',').unwrap();
            (
                gid.parse().unwrap(),
                cluster.parse().unwrap(),
                dx.parse().unwrap(),
                dy.parse().unwrap(),
                adv.parse().unwrap(),
            )
        })
        .collect()
}

/// Samples that Debian's HarfBuzz (6.0) shapes differently from rustybuzz (which follows a
/// later HarfBuzz), with the reason. Every other sample must match glyph for glyph.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

#[test]
fn shaping_matches_hb_shape_on_the_shipped_fonts() {
    let samples: &[(&str, &str)] = &[
        ("latin", "To LT P. AVAWAY Typeface office"),
        ("latin", "Ólafur Þórsson, Zoë Łukasiewicz"),
        ("vietnamese", "Nguyễn Thị Ánh"),
        ("greek", "Γιώργος Παπαδόπουλος"),
        ("cyrillic", "Анна Смирнова"),
        ("arabic", "محمد الأحمد"),
        ("persian", "ژیلا پورمند"),
        ("urdu", "عمران ڈھلوں"),
        ("hebrew", "שרה כהן"),
        ("devanagari", "अनिल कुमार"),
        ("bengali", "সুমন দাস"),
        ("gurmukhi", "ਹਰਪ੍ਰੀਤ ਸਿੰਘ"),
        ("gujarati", "ભાવેશ પટેલ"),
        ("tamil", "முருகன் செல்வம்"),
        ("thai", "สมชาย ใจดี"),
        ("armenian", "Արամ Պետրոսյան"),
        ("georgian", "გიორგი ბერიძე"),
        ("chinese", "王小明陳大文"),
        ("japanese", "さくら山田"),
        ("korean", "김민준"),
    ];
    let mut failures = Vec::new();
    for (script, sample) in samples {
        for style in [Style::Regular, Style::Bold] {
            let runs = text::shape_text(sample, style).unwrap();
            for run in runs {
                if run.is_space() {
                    continue;
                }
                let font = repo().join("fonts").join(text::face_file(run.face.face));
                let hb = hb_shape(&font, &run.text, run.rtl);
                let ours: Vec<(u16, usize, i32, i32, i32)> = run
                    .clusters
                    .iter()
                    .flat_map(|c| {
                        run.glyphs[c.glyphs.clone()]
                            .iter()
                            .map(move |g| (g.id, c.text.start, g.dx, g.dy, g.advance))
                    })
                    .collect();
                if ours != hb
                    && !KNOWN_DIFFERENCES
                        .iter()
                        .any(|(s, _)| s == &run.text.as_ref())
                {
                    failures.push(format!(
                        "{script} {style:?} {:?} in {}:\n  ours     {ours:?}\n  hb-shape {hb:?}",
                        run.text,
                        text::face_file(run.face.face)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reordered_indic_clusters_carry_their_text_as_actual_text() {
    let r = record("INDIC-1", "अनिल कुमार", &["Delhi"], "Sunita", "अनिल कुमार");
    let (dir, file) = write_records(&[r]);
    let out = dir.path().join("archive");
    render_ok(&file, &out);
    let pdf = out.join("data/INDIC-1/consent.pdf");
    // The i-matra of "नि" is drawn before the na: the span says what the glyphs mean.
    let doc = lopdf::Document::load(&pdf).unwrap();
    let mut actual = Vec::new();
    for (_, page) in doc.get_pages() {
        for op in doc.get_and_decode_page_content(page).unwrap().operations {
            if op.operator == "BDC"
                && let Some(lopdf::Object::Dictionary(d)) = op.operands.get(1)
                && let Ok(lopdf::Object::String(s, _)) = d.get(b"ActualText")
            {
                let units: Vec<u16> = s[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                actual.push(String::from_utf16(&units).unwrap());
            }
        }
    }
    assert!(actual.iter().any(|a| a == "नि"), "{actual:?}");
    assert!(extracted(&pdf).contains("Client: अनिल कुमार"));
}

#[test]
fn a_mixed_direction_line_comes_out_in_uax9_order() {
    let line_text = "שרה כהן, 12 Herzl St.";
    let r = record("BIDI-1", "שרה כהן", &["Tel Aviv"], "David", line_text);
    let (dir, file) = write_records(&[r]);
    let out = dir.path().join("archive");
    render_ok(&file, &out);
    let pdf = out.join("data/BIDI-1/consent.pdf");
    // Words of the signature line "Client: ...", left to right as drawn.
    let html = tool_ok("pdftotext", &[os("-bbox"), pdf.as_os_str(), os("-")]);
    let page_words = |page: &str| -> Vec<(f64, f64, String)> {
        page.lines()
            .filter_map(|l| {
                let l = l.trim();
                let rest = l.strip_prefix("<word xMin=\"")?;
                let (x, rest) = rest.split_once('"')?;
                let (_, rest) = rest.split_once("yMin=\"")?;
                let (y, rest) = rest.split_once('"')?;
                let text = rest.split_once('>')?.1.strip_suffix("</word>")?;
                Some((x.parse().ok()?, y.parse().ok()?, text.to_string()))
            })
            .collect()
    };
    // Every page's header also starts "Client:"; the line under test is the one page's line
    // that holds "Herzl", so take the words of that page only.
    let words: Vec<(f64, f64, String)> = html
        .split("<page ")
        .map(page_words)
        .find(|w| w.iter().any(|w| w.2 == "Herzl"))
        .expect("a page with the address line");
    // Words of one line; faces differ in ascent, so compare where the boxes sit loosely.
    let client = words
        .iter()
        .find(|w| {
            w.2 == "Client:"
                && words
                    .iter()
                    .any(|o| (o.1 - w.1).abs() < 3.0 && o.2 == "Herzl")
        })
        .expect("the signature line");
    let mut line: Vec<&(f64, f64, String)> = words
        .iter()
        .filter(|w| (w.1 - client.1).abs() < 3.0)
        .collect();
    line.sort_by(|a, b| a.0.total_cmp(&b.0));
    let alnum = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    // `pdftotext -bbox` gives each word's characters as drawn, left to right.
    let got: Vec<String> = line
        .iter()
        .map(|w| alnum(&w.2))
        .filter(|w| !w.is_empty())
        .collect();
    // UAX #9's visual order of the same line (unicode-bidi).
    let full = format!("Client: {line_text}");
    let bidi = unicode_bidi::BidiInfo::new(&full, None);
    let para = &bidi.paragraphs[0];
    let visual = bidi.reorder_line(para, para.range.clone());
    let want: Vec<String> = visual
        .split_whitespace()
        .map(alnum)
        .filter(|w| !w.is_empty())
        .collect();
    // And read in logical order, the name is as the record spells it.
    let text = extracted(&pdf);
    assert!(text.contains("שרה כהן"), "{text}");
    assert_eq!(got, want, "pdftotext -bbox order against UAX #9");
}

#[test]
fn a_character_no_font_has_is_rejected_by_validate_and_render() {
    let mut r = record(
        "GLYPH-1",
        "Bob \u{1F600} Smith",
        &["Knossos \u{10000}"],
        "Ann",
        "Bob",
    );
    r["client"]["phone"] = "+44 7700 900123".into();
    let (dir, file) = write_records(&[r]);
    let o = smpdoc()
        .arg("validate")
        .arg("--json")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors = report["records"][0]["errors"].as_array().unwrap();
    let find = |path: &str, needle: &str| {
        errors.iter().any(|e| {
            e["code"] == "glyphs"
                && e["path"] == path
                && e["message"].as_str().unwrap().contains(needle)
        })
    };
    assert!(
        find("client.full_name", "U+1F600 GRINNING FACE"),
        "{errors:#?}"
    );
    assert!(
        find("client.address[0]", "U+10000 LINEAR B SYLLABLE B008 A"),
        "{errors:#?}"
    );
    let out = dir.path().join("archive");
    let o = smpdoc()
        .arg("render")
        .arg("--json")
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rec = &report["records"][0];
    assert!(
        rec["documents"].as_array().is_none_or(|d| d.is_empty()),
        "{report:#}"
    );
    assert!(
        rec["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "glyphs" && e["path"] == "client.full_name"),
        "{report:#}"
    );
    assert!(!out.join("data/GLYPH-1").exists());
}

#[test]
fn decomposed_text_warns_and_prints_as_nfc() {
    let decomposed = "Nguye\u{302}\u{303}n Thi\u{323} A\u{301}nh";
    let r = record(
        "NFC-1",
        decomposed,
        &["Ha\u{300} No\u{323}i"],
        "An",
        decomposed,
    );
    let (dir, file) = write_records(&[r]);
    let o = smpdoc()
        .arg("validate")
        .arg("--json")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let warnings = report["records"][0]["warnings"].as_array().unwrap();
    for path in ["client.full_name", "client.address[0]"] {
        assert!(
            warnings
                .iter()
                .any(|w| w["code"] == "normalization" && w["path"] == path),
            "{path}: {warnings:#?}"
        );
    }
    let out = dir.path().join("archive");
    render_ok(&file, &out);
    let text = extracted(&out.join("data/NFC-1/consent.pdf"));
    assert!(text.contains("Nguyễn Thị Ánh"), "{text}");
    // The embedded record is the record as given: never normalised.
    let qpdf = tool(
        "qpdf",
        &[
            os("--show-attachment=NFC-1.json"),
            out.join("data/NFC-1/consent.pdf").as_os_str(),
        ],
    );
    assert!(String::from_utf8(qpdf.stdout).unwrap().contains(decomposed));
}

include!("common/clustered_names.rs");

/// `pdfinfo -struct-text` (poppler's reader of the structure tree: each element's text as
/// the content stream gives it, glyph by glyph through /ToUnicode, without /ActualText)
/// reads every name whole and once, in logical order. It used to read "अनिनि" for
/// "अनिल कुमार": each glyph of a cluster stood for the whole cluster, and the /ActualText
/// span nested in an element's marked content ended the element's text at its EMC.
/// Right-to-left names are not here: poppler reads them in content (visual) order, a known
/// gap (NOTES.md, "Writing the PDF").
#[test]
fn names_of_several_glyph_clusters_read_whole_in_the_structure_tree() {
    let records: Vec<Value> = CLUSTERED_NAMES
        .iter()
        .map(|(key, name)| {
            record(
                &format!("CL-{}", key.to_uppercase()),
                name,
                &["Delhi"],
                "Sunita",
                name,
            )
        })
        .collect();
    let (dir, file) = write_records(&records);
    let out = dir.path().join("archive");
    render_ok(&file, &out);
    let mut failures = Vec::new();
    for (key, name) in CLUSTERED_NAMES {
        let pdf = out.join(format!("data/CL-{}/consent.pdf", key.to_uppercase()));
        let tree = tool_ok("pdfinfo", &[os("-struct-text"), pdf.as_os_str()]);
        // Each element's text: pdfinfo prints it one marked-content sequence a line,
        // quoted, under the element's role (an /ActualText span is a sequence of its own).
        // Canonically equivalent text counts (a two-part vowel sign's glyphs may carry its
        // two parts).
        let mut cells: Vec<String> = Vec::new();
        let mut cell: Option<String> = None;
        for line in tree.lines() {
            let t = line.trim();
            match (
                t.strip_prefix('"').and_then(|t| t.strip_suffix('"')),
                &mut cell,
            ) {
                (Some(text), Some(c)) => c.push_str(text),
                (Some(text), None) => cell = Some(text.to_string()),
                (None, _) => cells.extend(cell.take()),
            }
        }
        cells.extend(cell);
        let cells: Vec<String> = cells.iter().map(|c| c.nfc().collect()).collect();
        if !cells.iter().any(|c| c == name) {
            let near: Vec<&String> = cells
                .iter()
                .filter(|c| name.split_whitespace().any(|w| c.contains(w)) || c.contains("Client"))
                .collect();
            failures.push(format!("{key}: {name:?} not read whole; read {near:?}"));
        }
        // pdftotext (which takes /ActualText) still reads it exactly.
        let text = extracted(&pdf);
        if !text.contains(&format!("Client: {name}")) {
            failures.push(format!("{key}: pdftotext does not read {name:?}:\n{text}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
