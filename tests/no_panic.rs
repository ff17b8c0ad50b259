//! No input makes validation panic: truncated, mutated and random inputs all end as an
//! error report (or, rarely, a valid record), never a panic.

use proptest::prelude::*;
use smpdoc::input::json_document;
use smpdoc::policy::Policy;
use smpdoc::validate::BatchValidator;
use std::path::{Path, PathBuf};

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

fn check(bytes: Vec<u8>) -> usize {
    let policy = Policy::default();
    let mut v = BatchValidator::new(&policy);
    let base: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid");
    json_document("fuzz.json".into(), base, bytes)
        .into_iter()
        .map(|item| v.check(item))
        .count()
}

#[test]
fn every_truncation_of_a_record_is_handled() {
    let text = &fixture_texts()[0];
    for cut in 0..text.len() {
        assert!(check(text[..cut].to_vec()) >= 1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn mutated_records_never_panic(
        which in 0usize..17,
        edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8),
    ) {
        let texts = fixture_texts();
        let mut t = texts[which % texts.len()].clone();
        for (pos, byte) in edits {
            let i = pos % t.len();
            t[i] = byte;
        }
        prop_assert!(check(t) >= 1);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        prop_assert!(check(bytes) >= 1);
    }

    #[test]
    fn json_shaped_garbage_never_panics(
        value in prop_oneof![
            Just(serde_json::json!(null)),
            Just(serde_json::json!([])),
            Just(serde_json::json!([1, "x", {}])),
            Just(serde_json::json!({"schema_version": "1"})),
            Just(serde_json::json!({"session": {"zones": [{}]}})),
        ],
        key in "[a-z_]{1,12}",
        replacement in prop_oneof![Just(serde_json::json!(-1)), Just(serde_json::json!(1e308)), Just(serde_json::json!("")), Just(serde_json::json!({})), Just(serde_json::json!([null]))],
    ) {
        let texts = fixture_texts();
        let mut record: serde_json::Value = serde_json::from_slice(&texts[0]).unwrap();
        record[key.as_str()] = replacement.clone();
        if let Some(s) = record.get_mut("session").and_then(|s| s.as_object_mut()) {
            s.insert(key.clone(), replacement);
        }
        prop_assert!(check(serde_json::to_vec(&record).unwrap()) >= 1);
        prop_assert!(check(serde_json::to_vec(&value).unwrap()) >= 1);
    }
}
