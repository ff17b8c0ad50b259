//! No input makes validation or rendering panic: truncated, mutated and random inputs end
//! as one outcome per record (an error report, or a valid record that renders into a PDF),
//! never a panic. Failing cases are kept (proptest's default persistence) so that a failure
//! found once is tried again first.

use proptest::prelude::*;
use smpdoc::input::json_document;
use smpdoc::policy::Policy;
use smpdoc::render::Renderer;
use smpdoc::template::Templates;
use smpdoc::validate::{BatchValidator, Checked};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn fixture_texts() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid");
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    out.sort();
    out
}

fn renderer() -> &'static Renderer {
    static R: OnceLock<Renderer> = OnceLock::new();
    R.get_or_init(|| Renderer::new(Templates::builtin().unwrap(), None).unwrap())
}

/// What checking (and, for a valid record, rendering) one document gave.
#[derive(Debug, Default)]
struct Outcome {
    items: usize,
    valid: usize,
    rejected: usize,
    rejected_codes: Vec<String>,
    pdfs: usize,
}

/// Validates every record of a document and renders the valid ones through layout and PDF
/// writing, checking that each PDF is one.
fn check(bytes: Vec<u8>) -> Outcome {
    let policy = Policy::default();
    let mut v = BatchValidator::new(&policy);
    let base: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid");
    let mut out = Outcome::default();
    for item in json_document("fuzz.json".into(), base, bytes) {
        out.items += 1;
        match v.check(item) {
            Checked::Valid(rec) => {
                out.valid += 1;
                let kinds = Renderer::kinds_for(&rec, None);
                let docs = renderer()
                    .render(&rec, &kinds)
                    .expect("a valid record renders");
                assert_eq!(docs.len(), kinds.len());
                for d in docs {
                    assert!(d.bytes.starts_with(b"%PDF-"), "not a PDF");
                    assert!(d.pages >= 1);
                    out.pdfs += 1;
                }
            }
            Checked::Rejected(r) => {
                out.rejected += 1;
                assert!(!r.errors.is_empty(), "rejected without an error");
                out.rejected_codes
                    .extend(r.errors.iter().map(|e| e.code.to_string()));
            }
        }
    }
    out
}

#[test]
fn every_truncation_of_a_record_is_one_syntax_error() {
    let text = &fixture_texts()[0];
    let end = text.iter().rposition(|b| *b == b'}').unwrap();
    for cut in 0..=end {
        let o = check(text[..cut].to_vec());
        assert_eq!(o.items, 1, "cut {cut}");
        assert_eq!(o.valid, 0, "a truncated record at {cut} was accepted");
        assert_eq!(o.rejected_codes, ["syntax"], "cut {cut}");
    }
    let whole = check(text.clone());
    assert!(whole.valid == 1 && whole.pdfs >= 1, "{whole:?}");
}

/// Every field removed in turn, and every string cut to half its length: these reach the
/// schema, the rules and, when the record stays valid, the renderer.
#[test]
fn every_field_removed_or_cut_short_is_handled() {
    let record: serde_json::Value = serde_json::from_slice(&fixture_texts()[0]).unwrap();
    let mut paths = Vec::new();
    fn collect(v: &serde_json::Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        if let serde_json::Value::Object(m) = v {
            for (k, v) in m {
                let mut p = path.clone();
                p.push(k.clone());
                out.push(p.clone());
                collect(v, p, out);
            }
        }
    }
    collect(&record, Vec::new(), &mut paths);
    let (mut rejected, mut rendered) = (0, 0);
    for p in &paths {
        let (last, parent) = p.split_last().unwrap();
        let mut removed = record.clone();
        let mut cut = record.clone();
        let mut node = &mut removed;
        let mut node2 = &mut cut;
        for k in parent {
            node = &mut node[k.as_str()];
            node2 = &mut node2[k.as_str()];
        }
        node.as_object_mut().unwrap().remove(last);
        if let Some(s) = node2[last.as_str()].as_str() {
            let half: String = s.chars().take(s.chars().count() / 2).collect();
            node2[last.as_str()] = serde_json::Value::from(half);
        }
        for v in [removed, cut] {
            let o = check(serde_json::to_vec(&v).unwrap());
            assert_eq!(o.items, 1, "{p:?}");
            rejected += (o.valid == 0) as usize;
            rendered += o.pdfs;
        }
    }
    // Both paths were reached: some changes reject the record, others still render.
    assert!(rejected > 10 && rendered > 10, "{rejected} {rendered}");
}

fn string_paths(v: &serde_json::Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                let mut p = path.clone();
                p.push(k.clone());
                string_paths(v, p, out);
            }
        }
        serde_json::Value::String(_) => out.push(path),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Any text in any string field of a valid record: validation judges it, and whatever
    /// it accepts goes through layout and PDF writing.
    #[test]
    fn any_text_in_any_field_is_validated_and_rendered(
        which in 0usize..17,
        field in any::<prop::sample::Index>(),
        text in prop_oneof!["\\PC{0,60}", "[ -~]{0,400}", "(\\PC{1,8} ){0,80}"],
    ) {
        let texts = fixture_texts();
        let mut record: serde_json::Value =
            serde_json::from_slice(&texts[which % texts.len()]).unwrap();
        let mut paths = Vec::new();
        string_paths(&record, Vec::new(), &mut paths);
        let path = &paths[field.index(paths.len())];
        let mut node = &mut record;
        for k in path {
            node = &mut node[k.as_str()];
        }
        *node = serde_json::Value::from(text);
        let o = check(serde_json::to_vec(&record).unwrap());
        prop_assert_eq!(o.items, 1);
        prop_assert_eq!(o.valid + o.rejected, 1);
        if o.valid == 1 {
            prop_assert!(o.pdfs >= 1);
        }
    }

    #[test]
    fn mutated_bytes_give_one_outcome_each(
        which in 0usize..17,
        edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8),
    ) {
        let texts = fixture_texts();
        let mut t = texts[which % texts.len()].clone();
        for (pos, byte) in edits {
            let i = pos % t.len();
            t[i] = byte;
        }
        let o = check(t);
        prop_assert!(o.items >= 1);
        prop_assert_eq!(o.valid + o.rejected, o.items);
    }

    #[test]
    fn random_bytes_are_rejected(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let o = check(bytes);
        prop_assert_eq!(o.valid, 0);
        prop_assert!(!o.rejected_codes.is_empty());
    }
}
