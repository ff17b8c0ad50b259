//! Record format version 1 into version 2 (`smpdoc upgrade`).
//!
//! Only what can be known is converted: the version number, the clinic's time zone (given
//! for the whole run) and the jurisdiction where the old value names one code unambiguously
//! (`UK-ENG` -> `GB-ENG`, `EU-FR` -> `FR`). What version 2 adds and an old record cannot
//! supply (the treatment plan: what the client consented to) is never invented: it is left
//! out and listed, so the clinic adds it from its own files. Timestamps keep the offsets
//! they were written with: they are instants, and version 2 compares them as instants.

use crate::jurisdiction;
use serde::Serialize;
use serde_json::{Map, Value};

/// What happened to one record.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct RecordUpgrade {
    /// The record's id, when it has one.
    pub record_id: Option<String>,
    /// What was changed, in words.
    pub changed: Vec<String>,
    /// Required fields that are still missing and must be added by hand (the record does not
    /// validate until they are).
    pub needs: Vec<String>,
    /// Values that were not converted, with the reason (the record keeps the old value).
    pub refused: Vec<String>,
    /// Optional version 2 fields worth adding, for information.
    pub notes: Vec<String>,
}

impl RecordUpgrade {
    /// Whether the record still needs work before it validates.
    pub fn incomplete(&self) -> bool {
        !self.needs.is_empty() || !self.refused.is_empty()
    }
}

/// Upgrades one record in place. A record that is already version 2 is left as it is; a
/// value that is not a version 1 record object is refused.
pub fn upgrade_record(value: &mut Value, time_zone: &str) -> RecordUpgrade {
    let mut out = RecordUpgrade {
        record_id: value
            .get("record_id")
            .and_then(Value::as_str)
            .map(str::to_string),
        ..Default::default()
    };
    let Some(obj) = value.as_object_mut() else {
        out.refused
            .push("not a JSON object: nothing to upgrade".to_string());
        return out;
    };
    match obj.get("schema_version") {
        Some(Value::String(v)) if v == "1" => {}
        Some(Value::Number(n)) if n.as_u64() == Some(2) => {
            out.notes.push("already version 2: left as it is".into());
            return out;
        }
        other => {
            out.refused.push(format!(
                "schema_version is {}, not \"1\": not a version 1 record",
                other
                    .map(Value::to_string)
                    .unwrap_or_else(|| "missing".into())
            ));
            return out;
        }
    }
    obj.insert("schema_version".into(), Value::from(2));
    out.changed.push("schema_version \"1\" -> 2".into());

    match obj.get_mut("clinic").and_then(Value::as_object_mut) {
        Some(clinic) => {
            if !clinic.contains_key("time_zone") {
                clinic.insert("time_zone".into(), Value::from(time_zone));
                out.changed.push(format!("clinic.time_zone = {time_zone}"));
            }
        }
        None => out
            .needs
            .push("clinic (the record has no clinic object)".into()),
    }

    jurisdiction_field(obj, &mut out);

    if !obj.contains_key("treatment_plan") {
        out.needs.push(
            "treatment_plan: what the client consented to (zones and sessions_planned; interval_days, shade and fee if known); version 1 did not record it"
                .into(),
        );
    }
    if let Some(session) = obj.get("session").and_then(Value::as_object)
        && !session.contains_key("practitioner_signature")
    {
        out.notes.push(
            "session.practitioner_signature (optional): the practitioner's sign-off of the session; until it is added the treatment record says \"not yet signed off\""
                .into(),
        );
    }
    out
}

fn jurisdiction_field(obj: &mut Map<String, Value>, out: &mut RecordUpgrade) {
    let Some(old) = obj.get("jurisdiction").and_then(Value::as_str) else {
        out.needs
            .push("jurisdiction: an ISO 3166 country or subdivision code".into());
        return;
    };
    let old = old.to_string();
    // The code forms (EU-FR, uk-eng, GB_SCT) and the exact English name of one country or
    // subdivision ("France"; a name two of them share, as "Georgia", is refused).
    match jurisdiction::normalize(&old) {
        Some(code) if code == old => {}
        Some(code) => {
            out.changed.push(format!("jurisdiction {old} -> {code}"));
            obj.insert("jurisdiction".into(), Value::from(code));
        }
        None => out.refused.push(format!(
            "jurisdiction \"{old}\" was not converted: it is not an ISO 3166 code, a former smpdoc code (EU-FR, UK-ENG) or the name of exactly one country or subdivision; set it to the code of the clinic's country or subdivision (e.g. GB-ENG, FR, AU-NSW, US-CA)"
        )),
    }
}

/// Upgrades the records of one file's text, giving the new text and what happened to each
/// record. A `.json` file (one record or an array) is written back pretty-printed; an NDJSON
/// file one record a line, a line that is not JSON kept as it was (and reported).
pub fn upgrade_text(
    text: &str,
    kind: crate::input::Kind,
    time_zone: &str,
) -> Result<(String, Vec<RecordUpgrade>), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match kind {
        crate::input::Kind::Json => {
            let mut v: Value = serde_json::from_str(text)
                .map_err(|e| format!("not JSON: {e} (nothing written for this file)"))?;
            let reports = match &mut v {
                Value::Array(items) => items
                    .iter_mut()
                    .map(|r| upgrade_record(r, time_zone))
                    .collect(),
                one => vec![upgrade_record(one, time_zone)],
            };
            let mut out = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
            out.push('\n');
            Ok((out, reports))
        }
        crate::input::Kind::Lines => {
            let mut out = String::with_capacity(text.len() + 64);
            let mut reports = Vec::new();
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(line) {
                    Ok(mut v) => {
                        reports.push(upgrade_record(&mut v, time_zone));
                        out.push_str(&serde_json::to_string(&v).map_err(|e| e.to_string())?);
                    }
                    Err(e) => {
                        reports.push(RecordUpgrade {
                            refused: vec![format!(
                                "line {} is not JSON ({e}): kept as it was",
                                n + 1
                            )],
                            ..Default::default()
                        });
                        out.push_str(line);
                    }
                }
                out.push('\n');
            }
            Ok((out, reports))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v1(j: &str) -> Value {
        json!({"schema_version": "1", "record_id": "R-1", "jurisdiction": j,
               "clinic": {"name": "C"}, "session": {"number": 1}})
    }

    #[test]
    fn converts_what_is_known_and_lists_what_is_not() {
        let mut v = v1("UK-ENG");
        let u = upgrade_record(&mut v, "Europe/London");
        assert_eq!(v["schema_version"], json!(2));
        assert_eq!(v["jurisdiction"], json!("GB-ENG"));
        assert_eq!(v["clinic"]["time_zone"], json!("Europe/London"));
        assert!(
            v.get("treatment_plan").is_none(),
            "the plan is never invented"
        );
        assert_eq!(u.needs.len(), 1);
        assert!(u.needs[0].starts_with("treatment_plan"));
        assert!(u.refused.is_empty());
        assert!(u.incomplete());
    }

    #[test]
    fn refuses_ambiguous_jurisdictions_and_keeps_them() {
        // Georgia is a country (GE) and a US state (US-GA).
        for j in ["OTHER", "Georgia", "Frnace"] {
            let mut v = v1(j);
            let u = upgrade_record(&mut v, "Europe/Paris");
            assert_eq!(v["jurisdiction"], json!(j));
            assert_eq!(u.refused.len(), 1, "{j}: {u:?}");
        }
        // Unambiguous: the EU's codes (EL is Greece), and a country's exact name, which
        // validate already suggested ("did you mean FR") and upgrade refused.
        for (j, code) in [("EU-FR", "FR"), ("EU-EL", "GR"), ("France", "FR")] {
            let mut v = v1(j);
            let u = upgrade_record(&mut v, "Europe/Paris");
            assert_eq!(v["jurisdiction"], json!(code), "{j}: {u:?}");
            assert!(u.refused.is_empty(), "{j}: {u:?}");
        }
    }

    #[test]
    fn leaves_version_2_alone() {
        let mut v = json!({"schema_version": 2, "record_id": "R"});
        let before = v.clone();
        let u = upgrade_record(&mut v, "Europe/London");
        assert_eq!(v, before);
        assert!(!u.incomplete());
    }
}
