//! `smpdoc validate` and `smpdoc schema` driven as a user would: the real binary on the
//! fixtures, checking exit codes, messages and the JSON report.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn smpdoc() -> Command {
    Command::cargo_bin("smpdoc").unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn json_report(args: &[&Path]) -> (i32, Value) {
    let out = smpdoc()
        .arg("validate")
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "--json output is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out.status.code().unwrap(), report)
}

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(fixtures().join("invalid/expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_valid_fixture_is_accepted_with_a_fingerprint() {
    let (code, report) = json_report(&[&fixtures().join("valid"), &fixtures().join("valid-batch")]);
    assert_eq!(code, 0, "{report:#}");
    let records = report["records"].as_array().unwrap();
    assert!(records.len() >= 17, "only {} records", records.len());
    for r in records {
        assert_eq!(r["status"], "valid", "{r:#}");
        let fp = r["record_sha256"].as_str().unwrap();
        assert_eq!(fp.len(), 64);
        assert!(
            fp.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
    }
    assert_eq!(report["summary"]["rejected"], 0);
}

#[test]
fn expected_warnings_are_reported_and_do_not_reject() {
    let want: serde_json::Map<String, Value> = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("valid-warnings.json")).unwrap(),
    )
    .unwrap();
    for (file, paths) in want {
        let (code, report) = json_report(&[&fixtures().join("valid").join(&file)]);
        assert_eq!(code, 0, "{file}: {report:#}");
        let got: Vec<String> = report["records"][0]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["path"].as_str().unwrap().to_string())
            .collect();
        for p in paths.as_array().unwrap() {
            assert!(
                got.iter().any(|g| g == p.as_str().unwrap()),
                "{file}: warning at {p} missing; got {got:?}"
            );
        }
    }
}

#[test]
fn every_invalid_fixture_is_rejected_with_its_rule_and_path() {
    let exp = expected();
    assert!(exp.len() >= 25, "only {} invalid fixtures", exp.len());
    for (file, want) in exp {
        let path = fixtures().join("invalid").join(&file);
        let (code, report) = json_report(&[&path]);
        assert_eq!(code, 1, "{file} was not rejected: {report:#}");
        let records = report["records"].as_array().unwrap();
        let valid = records.iter().filter(|r| r["status"] == "valid").count();
        assert_eq!(
            valid as u64,
            want["valid_count"].as_u64().unwrap(),
            "{file}: valid records"
        );
        let errors: Vec<&Value> = records
            .iter()
            .flat_map(|r| r["errors"].as_array().unwrap())
            .collect();
        let code_want = want["code"].as_str().unwrap();
        let path_want = want["path"].as_str().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["code"] == code_want && e["path"] == path_want),
            "{file}: no {code_want} error at '{path_want}': {errors:#?}"
        );
        for also in want
            .get("also")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(
                errors.iter().any(|e| &e["code"] == also),
                "{file}: {also} not reported as well: {errors:#?}"
            );
        }
        // Syntax and type errors carry a position.
        for e in &errors {
            if e["code"] == "syntax" || e["code"] == "schema" {
                assert!(e["line"].as_u64().unwrap() >= 1, "{file}: {e}");
                assert!(e["column"].as_u64().unwrap() >= 1, "{file}: {e}");
            }
        }
    }
}

#[test]
fn human_messages_name_file_path_rule_and_hint() {
    let file = fixtures().join("invalid/22-expired-pigment.json");
    let out = smpdoc().arg("validate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let first = err.lines().next().unwrap();
    assert!(first.starts_with("error: "), "{err}");
    assert!(first.contains("22-expired-pigment.json"), "{err}");
    assert!(first.contains("session.pigments[0].expiry"), "{err}");
    assert!(first.contains("line "), "{err}");
    assert!(first.contains("[expired]"), "{err}");
    assert!(err.lines().nth(1).unwrap().starts_with("hint: "), "{err}");
}

#[test]
fn all_errors_of_a_record_are_reported() {
    let file = fixtures().join("invalid/41-multiple-errors.json");
    let (_, report) = json_report(&[&file]);
    let codes: Vec<&str> = report["records"][0]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    for c in ["under_age", "expired", "needle_configuration"] {
        assert!(codes.contains(&c), "{codes:?}");
    }
}

#[test]
fn one_bad_line_does_not_stop_the_rest_of_an_ndjson_file() {
    let file = fixtures().join("invalid/04-syntax-jsonl-bad-line-2.jsonl");
    let (code, report) = json_report(&[&file]);
    assert_eq!(code, 1);
    let statuses: Vec<&str> = report["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["valid", "rejected", "valid"]);
    assert_eq!(report["records"][1]["errors"][0]["line"], 2);
}

#[test]
fn a_batch_mixing_good_and_bad_checks_everything() {
    let (code, report) = json_report(&[&fixtures().join("invalid"), &fixtures().join("valid")]);
    assert_eq!(code, 1);
    let s = &report["summary"];
    assert!(s["valid"].as_u64().unwrap() >= 17 + 3, "{s}");
    assert!(s["rejected"].as_u64().unwrap() >= 25, "{s}");
}

#[test]
fn stdin_takes_one_record_or_ndjson() {
    let one = std::fs::read(fixtures().join("valid/NSC-2026-0303-001.json")).unwrap();
    smpdoc()
        .args(["validate", "-"])
        .write_stdin(one)
        .assert()
        .success()
        .stdout(predicates::str::contains("NSC-2026-0303-001"));
    let lines = std::fs::read(fixtures().join("valid-batch/batch.jsonl")).unwrap();
    let out = smpdoc()
        .args(["validate", "-"])
        .write_stdin(lines)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 3);
}

#[test]
fn fails_with_exit_2_on_a_missing_input_or_bad_policy() {
    let out = smpdoc()
        .args(["validate", "no/such/file.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(&policy, r#"{"min_age": 21}"#).unwrap();
    let out = smpdoc()
        .arg("validate")
        .arg("--policy")
        .arg(&policy)
        .arg(fixtures().join("valid"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // The error names the unknown key itself (the hint lists min_age_years whatever the
    // error, so "min_age" alone would be found in any case).
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown field `min_age`"), "{err}");
}

#[test]
fn policy_file_overrides_thresholds() {
    // NSC-2026-1005-013's client turns 18 on the session date: fine by default, refused
    // under a policy of 21.
    let file = fixtures().join("valid/NSC-2026-1005-013.json");
    smpdoc().arg("validate").arg(&file).assert().success();
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(&policy, r#"{"min_age_years": 21}"#).unwrap();
    let (code, report) = {
        let out = smpdoc()
            .args(["validate", "--json", "--policy"])
            .arg(&policy)
            .arg(&file)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        )
    };
    assert_eq!(code, 1);
    assert_eq!(report["records"][0]["errors"][0]["code"], "under_age");
}

#[test]
fn every_subcommand_has_help() {
    for cmd in [
        vec!["render"],
        vec!["validate"],
        vec!["verify"],
        vec!["keygen"],
        vec!["schema"],
        vec!["templates", "export"],
    ] {
        let out = smpdoc().args(&cmd).arg("--help").output().unwrap();
        assert!(out.status.success(), "{cmd:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Usage: smpdoc"), "{cmd:?}: {text}");
        assert!(text.lines().count() > 4, "{cmd:?}: {text}");
    }
}

/// Writes a JSON value with keys in reverse order and a different indentation.
fn reordered(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) => {
            out.push_str("{\n");
            let keys: Vec<&String> = m.keys().rev().collect();
            for (i, k) in keys.iter().enumerate() {
                out.push_str(&format!(
                    "{pad}   {}:   ",
                    serde_json::to_string(k).unwrap()
                ));
                reordered(&m[*k], indent + 3, out);
                if i + 1 < keys.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&format!("{pad}}}"));
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                reordered(x, indent, out);
                if i + 1 < a.len() {
                    out.push_str(" , ");
                }
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn fingerprint_of(path: &Path) -> String {
    let (code, report) = json_report(&[path]);
    assert_eq!(code, 0, "{report:#}");
    report["records"][0]["record_sha256"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn fingerprint_ignores_key_order_and_whitespace_but_not_values() {
    let src = fixtures().join("valid/NSC-2026-0303-001.json");
    let value: Value = serde_json::from_slice(&std::fs::read(&src).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    reordered(&value, 0, &mut text);
    let moved = dir.path().join("reordered.json");
    std::fs::write(&moved, &text).unwrap();
    assert_ne!(std::fs::read(&src).unwrap(), text.as_bytes());
    assert_eq!(fingerprint_of(&src), fingerprint_of(&moved));

    let mut changed = value.clone();
    changed["client"]["phone"] = Value::from("+44 7700 900999");
    let changed_path = dir.path().join("changed.json");
    std::fs::write(&changed_path, serde_json::to_vec(&changed).unwrap()).unwrap();
    assert_ne!(fingerprint_of(&src), fingerprint_of(&changed_path));
}

#[test]
fn schema_is_printed_and_validates_fixtures_with_python_jsonschema() {
    let out = smpdoc().arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    // The schema names the version it describes (its $id said record-v1 under a version 2
    // title).
    assert_eq!(
        schema["$id"],
        "https://smpdoc.invalid/schema/record-v2.json"
    );
    assert!(
        schema["title"].as_str().unwrap_or("").contains('2')
            || schema["description"]
                .as_str()
                .unwrap_or("")
                .contains("version 2"),
        "{}",
        schema["title"]
    );
    let dir = tempfile::tempdir().unwrap();
    let schema_path = dir.path().join("schema.json");
    std::fs::write(&schema_path, &out.stdout).unwrap();

    // Independent validator: Python's jsonschema with format checking on. Prints one line per
    // file: "<file> ok" or "<file> invalid".
    let script = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
for f in sys.argv[2:]:
    doc = json.load(open(f))
    docs = doc if isinstance(doc, list) else [doc]
    bad = any(list(v.iter_errors(d)) for d in docs)
    print(f, "invalid" if bad else "ok")
"#;
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures().join("valid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    let exp = expected();
    let schema_errors: Vec<PathBuf> = exp
        .iter()
        .filter(|(f, w)| w["schema_error"] == true && f.ends_with(".json"))
        .map(|(f, _)| fixtures().join("invalid").join(f))
        .collect();
    assert!(schema_errors.len() >= 10);
    files.extend(schema_errors.iter().cloned());
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&schema_path)
        .args(&files)
        .output()
        .expect("python3 is needed (installed by .ci/run)");
    assert!(
        out.status.success(),
        "python jsonschema failed (is it installed? .ci/run installs it): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        let (file, verdict) = line.rsplit_once(' ').unwrap();
        let want = if file.contains("/invalid/") {
            "invalid"
        } else {
            "ok"
        };
        assert_eq!(verdict, want, "{file}");
    }
    assert_eq!(text.lines().count(), files.len());
}
