//! Raw records to validated ones: the schema check, the typed parse, the spec's rules 2-11
//! and its warnings, and the record fingerprint.
//!
//! Every error of a record is collected, not just the first; each carries its JSON path and,
//! where the text allows, line and column. A record with any error is rejected and nothing is
//! produced for it; warnings travel with a valid record into the audit log.

use crate::diag::{Code, Diagnostic, JsonPath};
use crate::fingerprint::{Sha256Digest, canonical_json, record_fingerprint, sha256};
use crate::input::{Files, InputError, Item, Origin, RawRecord, SourceText};
use crate::policy::Policy;
use crate::position::Locator;
use crate::record::{
    AdverseEvents, PatchTestResult, Record, ScreeningCode, SessionType, Signature, YesNo, Zone,
};
use base64::Engine;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::Value;
use std::collections::HashSet;

/// A record that passed every rule.
#[derive(Debug, Clone)]
pub struct ValidRecord {
    /// Where it came from.
    pub origin: Origin,
    /// The typed record.
    pub record: Record,
    /// The record exactly as parsed (what the fingerprint covers and what PDFs embed).
    pub value: Value,
    /// The record's RFC 8785 canonical form: what PDFs embed.
    pub canonical: Vec<u8>,
    /// SHA-256 of `canonical`: the record fingerprint.
    pub fingerprint: Sha256Digest,
    /// Warnings found.
    pub warnings: Vec<Diagnostic>,
    /// Where the files the record refers to are read from.
    pub files: Files,
    /// The text it was parsed from.
    pub source: SourceText,
}

/// A record (or input) that was refused.
#[derive(Debug, Clone)]
pub struct Rejected {
    /// Where it came from.
    pub origin: Origin,
    /// The record_id, when the input had a readable one.
    pub record_id: Option<String>,
    /// Every error found.
    pub errors: Vec<Diagnostic>,
    /// Warnings found alongside.
    pub warnings: Vec<Diagnostic>,
    /// The text it was parsed from, when it was JSON.
    pub source: Option<SourceText>,
}

/// The outcome of checking one input item.
#[derive(Debug, Clone)]
pub enum Checked {
    /// Valid: documents can be produced.
    Valid(Box<ValidRecord>),
    /// Rejected, with its errors.
    Rejected(Box<Rejected>),
}

/// Validates the records of one batch, remembering record_ids to refuse repeats.
pub struct BatchValidator<'p> {
    policy: &'p Policy,
    /// The first 128 bits of the SHA-256 of each record_id seen: 16 bytes a record
    /// whatever the id's length, so that a batch of any size fits in memory (two ids
    /// colliding is a 1-in-2^64 event at 2^32 records).
    seen: HashSet<u128>,
}

impl<'p> BatchValidator<'p> {
    /// A validator for a new batch.
    pub fn new(policy: &'p Policy) -> Self {
        BatchValidator {
            policy,
            seen: HashSet::new(),
        }
    }

    /// Checks one item read from the inputs, in input order.
    pub fn check(&mut self, item: Item) -> Checked {
        let checked = self.check_alone(item);
        self.dedupe(checked)
    }

    /// Checks one item on its own: everything but record_id repeats. Items can be checked
    /// this way in parallel, then passed through `dedupe` in input order.
    pub fn check_alone(&self, item: Item) -> Checked {
        match item {
            Item::Error(InputError { origin, diagnostic }) => {
                Checked::Rejected(Box::new(Rejected {
                    origin,
                    record_id: None,
                    errors: vec![diagnostic],
                    warnings: Vec::new(),
                    source: None,
                }))
            }
            Item::Record(raw) => self.check_record(*raw),
        }
    }

    /// Refuses a record whose record_id appeared earlier in the batch (the first is kept).
    /// Call in input order.
    pub fn dedupe(&mut self, checked: Checked) -> Checked {
        let (id, source) = match &checked {
            Checked::Valid(v) => (Some(v.record.record_id.as_str()), Some(&v.source)),
            Checked::Rejected(r) => (r.record_id.as_deref(), r.source.as_ref()),
        };
        let Some(id) = id else { return checked };
        let digest = sha256(id.as_bytes()).0;
        let key = u128::from_le_bytes(digest[..16].try_into().unwrap_or([0; 16]));
        if self.seen.insert(key) {
            return checked;
        }
        let mut dup = Diagnostic::new(
            Code::DuplicateId,
            JsonPath::root().key("record_id"),
            format!("record_id \"{id}\" already appeared earlier in this batch"),
        )
        .hint("every record in a batch needs its own record_id; the first one was kept");
        if let Some((l, c)) = source.and_then(|s| Locator::new(s).locate(&dup.path.0)) {
            dup = dup.at(l, c);
        }
        match checked {
            Checked::Valid(v) => Checked::Rejected(Box::new(Rejected {
                origin: v.origin,
                record_id: Some(v.record.record_id),
                errors: vec![dup],
                warnings: v.warnings,
                source: Some(v.source),
            })),
            Checked::Rejected(mut r) => {
                r.errors.push(dup);
                Checked::Rejected(r)
            }
        }
    }

    fn check_record(&self, raw: RawRecord) -> Checked {
        let record_id = raw
            .value
            .get("record_id")
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut errors = crate::schema::check_structure(&raw.value);
        let (glyphs, mut warnings) = crate::textcheck::check(&raw.value);
        errors.extend(glyphs);
        let mut typed = None;
        // Patterns, ranges and non-empty lists are the schema's alone, so a record that breaks
        // only those still parses, and its other rules are checked too: every error is
        // reported at once.
        match serde_path_to_error::deserialize::<_, Record>(&raw.value) {
            Ok(r) => typed = Some(r),
            Err(_) if !errors.is_empty() => {}
            Err(e) => errors.push(
                Diagnostic::new(
                    Code::Schema,
                    JsonPath::parse(&e.path().to_string()),
                    e.inner().to_string(),
                )
                .hint("see `smpdoc schema` for the record format"),
            ),
        }
        if let Some(record) = &typed {
            let mut rules = Rules {
                policy: self.policy,
                files: &raw.files,
                errors: &mut errors,
                warnings: &mut warnings,
            };
            rules.run(record);
        }
        if !errors.is_empty() || !warnings.is_empty() {
            let locator = Locator::new(&raw.source);
            for d in errors.iter_mut().chain(warnings.iter_mut()) {
                if let Some((l, c)) = locator.locate(&d.path.0) {
                    *d = d.clone().at(l, c);
                }
            }
        }
        match typed {
            Some(record) if errors.is_empty() => {
                let canonical = canonical_json(&raw.value);
                let fingerprint = sha256(&canonical);
                Checked::Valid(Box::new(ValidRecord {
                    canonical,
                    origin: raw.origin,
                    record,
                    value: raw.value,
                    fingerprint,
                    warnings,
                    files: raw.files,
                    source: raw.source,
                }))
            }
            _ => Checked::Rejected(Box::new(Rejected {
                origin: raw.origin,
                record_id,
                errors,
                warnings,
                source: Some(raw.source),
            })),
        }
    }
}

struct Rules<'a> {
    policy: &'a Policy,
    files: &'a Files,
    errors: &'a mut Vec<Diagnostic>,
    warnings: &'a mut Vec<Diagnostic>,
}

fn p(s: &str) -> JsonPath {
    JsonPath::parse(s)
}

/// Whole years between two dates.
pub fn age_on(dob: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - dob.year();
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

impl Rules<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    fn warn(&mut self, d: Diagnostic) {
        self.warnings.push(d);
    }

    fn run(&mut self, r: &Record) {
        self.age(r);
        self.screening(r);
        self.signatures(r);
        if let Some(logo) = &r.clinic.logo {
            self.image(&p("clinic.logo"), logo, None);
        }
        if let Some(s) = &r.session {
            self.session(r, s);
        }
        self.photos(r);
    }

    /// The session start in clinic local time (midnight when no start time is given).
    fn session_start(s: &crate::record::Session) -> NaiveDateTime {
        let t = s
            .start_time
            .as_deref()
            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
            .unwrap_or(NaiveTime::MIN);
        s.date.and_time(t)
    }

    fn age(&mut self, r: &Record) {
        let (on, path, what) = match &r.session {
            Some(s) => (s.date, "session.date", "session date"),
            None => (
                r.screening.answered_at.date_naive(),
                "screening.answered_at",
                "date the screening was answered",
            ),
        };
        let age = age_on(r.client.date_of_birth, on);
        let min = self.policy.min_age_years as i32;
        if age < min {
            self.error(
                Diagnostic::new(
                    Code::UnderAge,
                    p("client.date_of_birth"),
                    format!(
                        "the client is {age} on the {what} ({on}, see {path}); the minimum age is {min}"
                    ),
                )
                .hint("tattooing a minor is illegal whatever a parent says; check the date of birth"),
            );
        }
    }

    fn screening(&mut self, r: &Record) {
        let sc = &r.screening;
        for code in ScreeningCode::ALL {
            let a = sc.answers.get(code);
            if a.answer != YesNo::Yes {
                continue;
            }
            let path = p("screening.answers").key(code.as_str());
            let has_detail = a.detail.as_deref().is_some_and(|d| !d.trim().is_empty());
            if self.policy.absolute_contraindications.contains(&code)
                && sc
                    .gp_clearance_ref
                    .as_deref()
                    .is_none_or(|g| g.trim().is_empty())
            {
                self.error(
                    Diagnostic::new(
                        Code::Contraindication,
                        path.clone(),
                        format!(
                            "\"{code}\" is answered yes: an absolute contraindication, and there is no doctor's clearance"
                        ),
                    )
                    .hint("record the clearance letter's reference in screening.gp_clearance_ref, or do not treat"),
                );
            }
            if self.policy.relative_contraindications.contains(&code) && !has_detail {
                self.warn(
                    Diagnostic::new(
                        Code::RelativeContraindication,
                        path,
                        format!("\"{code}\" is answered yes without a detail"),
                    )
                    .hint("add a \"detail\" saying what (e.g. which medication and dose)"),
                );
            }
        }
    }

    fn signatures(&mut self, r: &Record) {
        let c = &r.consent;
        let sigs: [(&str, Option<&Signature>); 3] = [
            ("consent.client_signature", c.client_signature.as_ref()),
            (
                "consent.practitioner_signature",
                c.practitioner_signature.as_ref(),
            ),
            ("consent.witness", c.witness.as_ref()),
        ];
        for (path, sig) in sigs {
            let Some(sig) = sig else { continue };
            if let Some(img) = &sig.image {
                self.image(
                    &p(path).key("image"),
                    img,
                    sig.image_sha256
                        .as_deref()
                        .map(|h| (p(path).key("image_sha256"), h)),
                );
            } else if sig.image_sha256.is_some() {
                self.error(
                    Diagnostic::new(
                        Code::Image,
                        p(path).key("image_sha256"),
                        "image_sha256 is given but there is no image",
                    )
                    .hint("add the signature image, or remove image_sha256"),
                );
            }
        }
        if let (Some(sig), Some(s)) = (&c.client_signature, &r.session) {
            let start = Self::session_start(s);
            let signed = sig.signed_at.naive_local();
            if signed > start {
                self.error(
                    Diagnostic::new(
                        Code::SignatureTime,
                        p("consent.client_signature.signed_at"),
                        format!(
                            "the client signed the consent at {}, after the session started ({})",
                            signed.format("%Y-%m-%d %H:%M"),
                            start.format("%Y-%m-%d %H:%M")
                        ),
                    )
                    .hint("consent must be signed before treatment; check signed_at and the session's date and start_time"),
                );
            }
        }
    }

    /// Reads an image reference (file or data URL), checks its hash and that it decodes.
    fn image(&mut self, path: &JsonPath, reference: &str, expected: Option<(JsonPath, &str)>) {
        let bytes = match load_image_bytes(self.files, reference) {
            Ok(b) => b,
            Err(msg) => {
                self.error(
                    Diagnostic::new(Code::Image, path.clone(), msg)
                        .hint("give a PNG or JPEG path relative to the record's file, or a data:image/png;base64 URL"),
                );
                return;
            }
        };
        if let Some((hash_path, want)) = expected {
            let got = sha256(&bytes).to_hex();
            if !got.eq_ignore_ascii_case(want) {
                self.error(
                    Diagnostic::new(
                        Code::Image,
                        hash_path,
                        format!("the image's SHA-256 is {got}, not {want}: the image is not the one that was signed"),
                    )
                    .hint("use the original signature image, or correct image_sha256"),
                );
            }
        }
        if let Err(e) = image::ImageReader::new(std::io::Cursor::new(&bytes))
            .with_guessed_format()
            .map_err(|e| e.to_string())
            .and_then(|r| {
                if !matches!(
                    r.format(),
                    Some(image::ImageFormat::Png) | Some(image::ImageFormat::Jpeg)
                ) {
                    return Err("not a PNG or JPEG image".to_string());
                }
                r.decode().map(|_| ()).map_err(|e| e.to_string())
            })
        {
            self.error(
                Diagnostic::new(
                    Code::Image,
                    path.clone(),
                    format!("the image cannot be decoded: {e}"),
                )
                .hint("save the image as PNG or JPEG"),
            );
        }
    }

    fn session(&mut self, r: &Record, s: &crate::record::Session) {
        let sp = p("session");
        for (i, pig) in s.pigments.iter().enumerate() {
            if pig.expiry < s.date {
                self.error(
                    Diagnostic::new(
                        Code::Expired,
                        sp.key("pigments").index(i).key("expiry"),
                        format!(
                            "pigment {} {} lot {} expired on {}, before the session date {}",
                            pig.brand, pig.shade, pig.lot, pig.expiry, s.date
                        ),
                    )
                    .hint("expired pigment must not be used; check the expiry on the bottle"),
                );
            }
            if r.jurisdiction.starts_with("EU-") && pig.reach_labelled != Some(true) {
                self.error(
                    Diagnostic::new(
                        Code::Reach,
                        sp.key("pigments").index(i).key("reach_labelled"),
                        format!(
                            "pigment {} {} lot {} is not recorded as REACH-labelled, required in {}",
                            pig.brand, pig.shade, pig.lot, r.jurisdiction
                        ),
                    )
                    .hint("EU jurisdictions need inks labelled under REACH Annex XVII entry 75: set reach_labelled to true once checked"),
                );
            }
        }
        for (i, n) in s.needles.iter().enumerate() {
            let np = sp.key("needles").index(i);
            if n.expiry < s.date {
                self.error(
                    Diagnostic::new(
                        Code::Expired,
                        np.key("expiry"),
                        format!(
                            "needle {} lot {} expired on {}, before the session date {}",
                            n.configuration, n.lot, n.expiry, s.date
                        ),
                    )
                    .hint("expired cartridges must not be used; check the expiry on the pack"),
                );
            }
            let (lo, hi) = (
                self.policy.needle_diameter_min_mm,
                self.policy.needle_diameter_max_mm,
            );
            if n.diameter_mm < lo || n.diameter_mm > hi {
                self.warn(
                    Diagnostic::new(
                        Code::NeedleDiameter,
                        np.key("diameter_mm"),
                        format!(
                            "needle diameter {} mm is outside the usual {lo}-{hi} mm for SMP",
                            n.diameter_mm
                        ),
                    )
                    .hint("check the diameter on the cartridge pack"),
                );
            }
        }
        self.patch_test(r, s);
        if s.kind == SessionType::Initial
            && s.zones.iter().any(|z| z.zone == Zone::FrontalHairline)
            && !s.hairline_approval.as_ref().is_some_and(|h| h.approved)
        {
            self.warn(
                Diagnostic::new(
                    Code::Hairline,
                    sp.key("hairline_approval"),
                    "initial session on the frontal hairline without an approved hairline",
                )
                .hint("record the client's approval of the drawn hairline in session.hairline_approval"),
            );
        }
        if let AdverseEvents::Events(ev) = &s.adverse_events
            && ev.iter().all(|e| e.trim().is_empty())
        {
            self.error(
                Diagnostic::new(
                    Code::Schema,
                    sp.key("adverse_events"),
                    "adverse events list only blank entries",
                )
                .hint("state \"none\" or describe each event"),
            );
        }
    }

    fn patch_test(&mut self, r: &Record, s: &crate::record::Session) {
        let start = Self::session_start(s);
        match &r.patch_test {
            None => self.warn(
                Diagnostic::new(
                    Code::PatchTest,
                    p("patch_test"),
                    "no patch test is recorded",
                )
                .hint("record the patch test, or result \"not_required\" or \"declined\""),
            ),
            Some(pt) => {
                let path = p("patch_test");
                match pt.result {
                    PatchTestResult::Declined => self.warn(
                        Diagnostic::new(
                            Code::PatchTest,
                            path.key("result"),
                            "the client declined the patch test",
                        )
                        .hint("make sure the declined patch test is acknowledged in the consent"),
                    ),
                    PatchTestResult::Positive => self.warn(
                        Diagnostic::new(
                            Code::PatchTest,
                            path.key("result"),
                            "the patch test was positive (a reaction)",
                        )
                        .hint("treating after a positive patch test needs a note explaining why"),
                    ),
                    _ => {}
                }
                if matches!(
                    pt.result,
                    PatchTestResult::Negative | PatchTestResult::Positive
                ) {
                    let hours = (start - pt.date.and_time(NaiveTime::MIN)).num_hours();
                    let min = self.policy.patch_test_min_hours as i64;
                    if hours < min {
                        self.warn(
                            Diagnostic::new(
                                Code::PatchTest,
                                path.key("date"),
                                format!(
                                    "the patch test ({}) is {hours} hours before the session start; at least {min} are expected",
                                    pt.date
                                ),
                            )
                            .hint("a reaction can take a day or more to show; patch test at least a day before"),
                        );
                    }
                }
            }
        }
    }

    fn photos(&mut self, r: &Record) {
        let Some(photos) = &r.photos else { return };
        for (i, ph) in photos.iter().enumerate() {
            let path = p("photos").index(i).key("file");
            match self.files.read(&ph.file) {
                Err(e) => self.warn(
                    Diagnostic::new(
                        Code::Photo,
                        path,
                        format!("photo \"{}\" cannot be read: {e}", ph.file),
                    )
                    .hint("the path is relative to the record's file"),
                ),
                Ok(bytes) => {
                    if let Some(want) = &ph.sha256 {
                        let got = sha256(&bytes).to_hex();
                        if !got.eq_ignore_ascii_case(want) {
                            self.warn(
                                Diagnostic::new(
                                    Code::Photo,
                                    p("photos").index(i).key("sha256"),
                                    format!("photo \"{}\" has SHA-256 {got}, not {want}", ph.file),
                                )
                                .hint("the photo was changed after it was recorded, or the hash is wrong"),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Reads a record that was accepted when it was rendered, without the clinical rules (whose
/// policy may have differed): for `verify --rerender`.
pub fn accept(raw: RawRecord) -> Result<ValidRecord, String> {
    let record: Record = serde_json::from_value(raw.value.clone()).map_err(|e| e.to_string())?;
    Ok(ValidRecord {
        fingerprint: record_fingerprint(&raw.value),
        canonical: canonical_json(&raw.value),
        origin: raw.origin,
        record,
        value: raw.value,
        warnings: Vec::new(),
        files: raw.files,
        source: raw.source,
    })
}

/// Reads the bytes of an image reference: a path relative to the record's file or a base64
/// data URL.
pub fn load_image_bytes(files: &Files, reference: &str) -> Result<Vec<u8>, String> {
    if let Some(rest) = reference.strip_prefix("data:") {
        let (meta, data) = rest
            .split_once(',')
            .ok_or_else(|| "the data URL has no ',' before its data".to_string())?;
        if !meta.ends_with(";base64") {
            return Err("the data URL is not base64-encoded".into());
        }
        return base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map_err(|e| format!("the data URL's base64 is invalid: {e}"));
    }
    files
        .read(reference)
        .map_err(|e| format!("image \"{reference}\" cannot be read: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_counts_whole_years() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(age_on(d("2008-04-12"), d("2026-04-12")), 18);
        assert_eq!(age_on(d("2008-04-13"), d("2026-04-12")), 17);
        assert_eq!(age_on(d("2008-02-29"), d("2026-02-28")), 17);
        assert_eq!(age_on(d("2008-02-29"), d("2026-03-01")), 18);
    }
}
