//! Raw records to validated ones: the schema check, the typed parse, the spec's rules 2-11
//! and its warnings, and the record fingerprint.
//!
//! Every error of a record is collected, not just the first; each carries its JSON path and,
//! where the text allows, line and column. A record with any error is rejected and nothing is
//! produced for it; warnings travel with a valid record into the audit log.

use crate::diag::{Code, Diagnostic, JsonPath};
use crate::fingerprint::{Sha256Digest, canonical_json, record_fingerprint, sha256};
use crate::input::{Files, InputError, Item, Origin, RawRecord, SourceText};
use crate::jurisdiction::{self, LocalTimeError};
use crate::policy::Policy;
use crate::position::Locator;
use crate::record::{
    AdverseEvents, PatchTestResult, Record, ScreeningCode, SessionType, Signature, YesNo, Zone,
};
use base64::Engine;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde_json::Value;
use std::collections::HashMap;

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
    /// What validation derived from the record: its time zone, country, paper, session start.
    pub derived: Derived,
}

/// Facts derived once, in validation, from the record and the policy; rendering uses these
/// and never derives them again.
#[derive(Debug, Clone)]
pub struct Derived {
    /// The clinic's time zone.
    pub tz: Tz,
    /// The ISO 3166-1 country of the jurisdiction.
    pub country: String,
    /// Whether the REACH labelling rule applies.
    pub reach: bool,
    /// Whether documents are printed on US Letter (else A4).
    pub letter: bool,
    /// The session's start, when there is a session.
    pub session_start: Option<DateTime<Tz>>,
    /// Years the clinic keeps records (from the policy), printed on the consent form.
    pub retention_years: u32,
}

impl Derived {
    /// Derives the facts for a record whose time zone, jurisdiction and session start are
    /// known to be good.
    fn of(r: &Record, policy: &Policy) -> Result<Derived, String> {
        let tz = jurisdiction::time_zone(&r.clinic.time_zone)
            .ok_or_else(|| format!("unknown time zone {}", r.clinic.time_zone))?;
        if jurisdiction::name_of(&r.jurisdiction).is_none() {
            return Err(format!("unknown jurisdiction {}", r.jurisdiction));
        }
        let country = jurisdiction::country_of(&r.jurisdiction).to_string();
        let session_start = match &r.session {
            Some(s) => Some(session_start(tz, s).map_err(|e| format!("{e:?}"))?),
            None => None,
        };
        Ok(Derived {
            reach: policy.reach_applies(&r.jurisdiction),
            letter: policy.letter_countries.contains(&country),
            tz,
            country,
            session_start,
            retention_years: policy.retention_years,
        })
    }
}

/// The session start: `session.date` + `start_time` in the clinic's zone, or the start of
/// the day when no time is given.
pub fn session_start(tz: Tz, s: &crate::record::Session) -> Result<DateTime<Tz>, LocalTimeError> {
    match s
        .start_time
        .as_deref()
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
    {
        Some(t) => jurisdiction::local_instant(tz, s.date.and_time(t)),
        None => Ok(jurisdiction::day_start(tz, s.date)),
    }
}

/// A time as documents and messages show it: in the clinic's zone, with its abbreviation.
pub fn clinic_time(t: &DateTime<chrono::FixedOffset>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string()
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
    /// The first 128 bits of the SHA-256 of each record_id seen, with where it was first
    /// seen (an index into `files` and a line): 24 bytes a record whatever the id's length,
    /// so that a batch of any size fits in memory (two ids colliding is a 1-in-2^64 event at
    /// 2^32 records).
    seen: HashMap<u128, (u32, u32)>,
    /// The input files seen, each once (records of one file come together).
    files: Vec<String>,
}

impl<'p> BatchValidator<'p> {
    /// A validator for a new batch.
    pub fn new(policy: &'p Policy) -> Self {
        BatchValidator {
            policy,
            seen: HashMap::new(),
            files: Vec::new(),
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> &'p Policy {
        self.policy
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
        let (id, source, origin) = match &checked {
            Checked::Valid(v) => (
                Some(v.record.record_id.as_str()),
                Some(&v.source),
                &v.origin,
            ),
            Checked::Rejected(r) => (r.record_id.as_deref(), r.source.as_ref(), &r.origin),
        };
        let Some(id) = id else { return checked };
        let digest = sha256(id.as_bytes()).0;
        let key = u128::from_le_bytes(digest[..16].try_into().unwrap_or([0; 16]));
        let (file, line) = match self.seen.get(&key) {
            None => {
                if self.files.last() != Some(&origin.file) {
                    self.files.push(origin.file.clone());
                }
                let file = (self.files.len() - 1) as u32;
                self.seen
                    .insert(key, (file, u32::try_from(origin.line).unwrap_or(u32::MAX)));
                return checked;
            }
            Some(first) => *first,
        };
        let first_file = self.files.get(file as usize).map_or("?", String::as_str);
        let mut dup = Diagnostic::new(
            Code::DuplicateId,
            JsonPath::root().key("record_id"),
            format!(
                "record_id \"{id}\" already appeared earlier in this batch, first in {first_file} at line {line}"
            ),
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
        if raw.value.get("schema_version").and_then(Value::as_str) == Some("1") {
            let mut d = Diagnostic::new(
                Code::Version,
                p("schema_version"),
                "this is a version 1 record; this smpdoc reads record format version 2",
            )
            .hint("convert it with `smpdoc upgrade --time-zone ZONE FILE --out DIR` (e.g. --time-zone Europe/London), then add what it lists as missing");
            if let Some((l, c)) = Locator::new(&raw.source).locate(&d.path.0) {
                d = d.at(l, c);
            }
            return Checked::Rejected(Box::new(Rejected {
                origin: raw.origin,
                record_id,
                errors: vec![d],
                warnings: Vec::new(),
                source: Some(raw.source),
            }));
        }
        let mut errors = crate::schema::check_structure(&raw.value);
        let (glyphs, mut warnings) = crate::textcheck::check(&raw.value);
        errors.extend(glyphs);
        crate::text_rules::check(&raw.value, self.policy, &mut errors, &mut warnings);
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
                tz: None,
                start: None,
                image_pixels: 0,
                image_bytes: 0,
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
        let derived = match &typed {
            Some(r) if errors.is_empty() => match Derived::of(r, self.policy) {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(Diagnostic::new(Code::Schema, JsonPath::root(), e));
                    None
                }
            },
            _ => None,
        };
        match (typed, derived) {
            (Some(record), Some(derived)) if errors.is_empty() => {
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
                    derived,
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
    /// The clinic's zone, once it is known to be valid; the rules on times need it.
    tz: Option<Tz>,
    /// The session start, once it is known to exist and be unambiguous.
    start: Option<DateTime<Tz>>,
    /// Pixels and bytes of the record's images so far: `max_image_pixels` and
    /// `max_image_bytes` bound them together.
    image_pixels: u64,
    image_bytes: u64,
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
        self.time_zone(r);
        self.jurisdiction(r);
        self.session_start(r);
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
        self.corrects(r);
    }

    /// A record cannot correct itself: the correction would erase what it corrects.
    fn corrects(&mut self, r: &Record) {
        if let Some(c) = &r.corrects
            && c.record_id == r.record_id
        {
            self.error(
                Diagnostic::new(
                    Code::Corrects,
                    p("corrects.record_id"),
                    format!("record {} cannot correct itself", r.record_id),
                )
                .hint("a correction is a new record with its own record_id; corrects.record_id names the earlier record"),
            );
        }
    }

    fn time_zone(&mut self, r: &Record) {
        let name = &r.clinic.time_zone;
        match jurisdiction::time_zone(name) {
            Some(tz) => self.tz = Some(tz),
            None => {
                let hint = match jurisdiction::suggest_time_zone(name) {
                    Some(s) => format!("did you mean \"{s}\"? give the IANA name of the clinic's zone, e.g. Europe/London"),
                    None => "give the IANA name of the clinic's zone, e.g. Europe/London or Australia/Sydney".into(),
                };
                self.error(
                    Diagnostic::new(
                        Code::TimeZone,
                        p("clinic.time_zone"),
                        format!("\"{name}\" is not a time zone of the tz database"),
                    )
                    .hint(hint),
                );
            }
        }
    }

    fn jurisdiction(&mut self, r: &Record) {
        let j = &r.jurisdiction;
        // A value not even of the code's form is the schema's error already (same message).
        let code_form = j.len() >= 2
            && j.chars().take(2).all(|c| c.is_ascii_uppercase())
            && (j.len() == 2 || j.as_bytes()[2] == b'-');
        if jurisdiction::name_of(j).is_none() && code_form {
            self.error(jurisdiction::diagnostic(j));
        }
    }

    /// Resolves the session start in the clinic's zone; a local time in a daylight-saving
    /// gap or overlap is an error naming both readings.
    fn session_start(&mut self, r: &Record) {
        let (Some(tz), Some(s)) = (self.tz, &r.session) else {
            return;
        };
        let when = format!(
            "{} {} in {}",
            s.date,
            s.start_time.as_deref().unwrap_or("00:00"),
            r.clinic.time_zone
        );
        match session_start(tz, s) {
            Ok(t) => self.start = Some(t),
            Err(LocalTimeError::Gap { before, after }) => self.error(
                Diagnostic::new(
                    Code::LocalTime,
                    p("session.start_time"),
                    format!(
                        "the session start {when} does not exist: the clocks go forward over it (read as {before}; read as {after})"
                    ),
                )
                .hint("give the start time the clinic's clock showed; check the date and start_time"),
            ),
            Err(LocalTimeError::Ambiguous { earlier, later }) => self.error(
                Diagnostic::new(
                    Code::LocalTime,
                    p("session.start_time"),
                    format!(
                        "the session start {when} happens twice: the clocks go back over it ({earlier} or {later})"
                    ),
                )
                .hint("this local time is ambiguous; record a start time outside the hour the clocks go back"),
            ),
        }
    }

    fn age(&mut self, r: &Record) {
        let Some(tz) = self.tz else { return };
        let (on, path, what) = match &r.session {
            Some(s) => (s.date, "session.date", "session date"),
            None => (
                r.screening.answered_at.with_timezone(&tz).date_naive(),
                "screening.answered_at",
                "date the screening was answered, in the clinic's time zone",
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
            if let Some(sig) = sig {
                self.signature_image(&p(path), sig);
            }
        }
        if let (Some(sig), Some(start), Some(tz)) = (&c.client_signature, self.start, self.tz)
            && sig.signed_at > start
        {
            self.error(
                    Diagnostic::new(
                        Code::SignatureTime,
                        p("consent.client_signature.signed_at"),
                        format!(
                            "the client signed the consent at {}, after the session started ({})",
                            clinic_time(&sig.signed_at, tz),
                            start.format("%Y-%m-%d %H:%M %Z")
                        ),
                    )
                    .hint("consent must be signed before treatment; check signed_at (its UTC offset too) and the session's date and start_time"),
                );
        }
        let Some(s) = &r.session else { return };
        match &s.practitioner_signature {
            None => self.warn(
                Diagnostic::new(
                    Code::SignOff,
                    p("session.practitioner_signature"),
                    "the session is not signed off by the practitioner",
                )
                .hint("add session.practitioner_signature once the session has ended; until then the treatment record says \"not yet signed off\""),
            ),
            Some(sig) => {
                let path = p("session.practitioner_signature");
                self.signature_image(&path, sig);
                if let (Some(start), Some(tz)) = (self.start, self.tz) {
                    let end = start
                        + chrono::Duration::minutes(s.duration_minutes.unwrap_or(0) as i64);
                    if sig.signed_at < end {
                        self.error(
                            Diagnostic::new(
                                Code::SignatureTime,
                                path.key("signed_at"),
                                format!(
                                    "the practitioner signed the session off at {}, before it ended ({})",
                                    clinic_time(&sig.signed_at, tz),
                                    end.format("%Y-%m-%d %H:%M %Z")
                                ),
                            )
                            .hint("the sign-off confirms what was done: it is signed at or after the end of the session"),
                        );
                    }
                }
            }
        }
    }

    fn signature_image(&mut self, path: &JsonPath, sig: &Signature) {
        if let Some(img) = &sig.image {
            self.image(
                &path.key("image"),
                img,
                sig.image_sha256
                    .as_deref()
                    .map(|h| (path.key("image_sha256"), h)),
            );
        } else if sig.image_sha256.is_some() {
            self.error(
                Diagnostic::new(
                    Code::Image,
                    path.key("image_sha256"),
                    "image_sha256 is given but there is no image",
                )
                .hint("add the signature image, or remove image_sha256"),
            );
        }
    }

    /// Reads an image reference (file or data URL), checks its hash and that it decodes.
    fn image(&mut self, path: &JsonPath, reference: &str, expected: Option<(JsonPath, &str)>) {
        let bytes = match load_image_bytes(self.files, reference) {
            Ok(b) => b,
            Err(msg) => {
                self.error(Diagnostic::new(Code::Image, path.clone(), msg).hint(IMAGE_PATH_HINT));
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
        let max = self.policy.max_image_pixels;
        match crate::limits::decode_checked(&bytes, max) {
            Err(e) => self.error(
                Diagnostic::new(
                    Code::Image,
                    path.clone(),
                    format!("the image cannot be used: {e}"),
                )
                .hint("save the image as PNG or JPEG, at most max_image_pixels (policy) in size: a signature needs far fewer"),
            ),
            // The record's images are decoded together when it is rendered (and twice
            // over when verify renders its two documents side by side): the limit holds
            // for all of them, so that one record stays within memory.
            Ok((w, h)) => {
                let (before, bytes_before) = (self.image_pixels, self.image_bytes);
                self.image_pixels += u64::from(w) * u64::from(h);
                self.image_bytes += bytes.len() as u64;
                let max_bytes = self.policy.max_image_bytes;
                if self.image_bytes > max_bytes && bytes_before <= max_bytes {
                    self.error(
                        Diagnostic::new(
                            Code::Image,
                            path.clone(),
                            format!(
                                "the record's images are {} bytes together with this one; the limit is {max_bytes} bytes for all of a record's images",
                                self.image_bytes
                            ),
                        )
                        .hint("save signatures at the size they print (a few hundred pixels wide); max_image_bytes (policy) sets the limit"),
                    );
                } else if self.image_pixels > max && before <= max {
                    self.error(
                        Diagnostic::new(
                            Code::Image,
                            path.clone(),
                            format!(
                                "the record's images hold {} pixels together with this one; the limit is {max} pixels for all of a record's images",
                                self.image_pixels
                            ),
                        )
                        .hint("save signatures at the size they print (a few hundred pixels wide); max_image_pixels (policy) sets the limit"),
                    );
                }
            }
        }
    }

    /// Whether something usable through `expiry` (a date in the clinic's zone) had expired
    /// when the session started: compared as instants, the end of the expiry day against the
    /// session start.
    fn expired(&self, expiry: NaiveDate) -> bool {
        match (self.tz, self.start, expiry.succ_opt()) {
            (Some(tz), Some(start), Some(next)) => jurisdiction::day_start(tz, next) <= start,
            _ => false,
        }
    }

    fn session(&mut self, r: &Record, s: &crate::record::Session) {
        let sp = p("session");
        let reach = self.policy.reach_applies(&r.jurisdiction);
        for (i, pig) in s.pigments.iter().enumerate() {
            if self.expired(pig.expiry) {
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
            if reach && pig.reach_labelled != Some(true) {
                self.error(
                    Diagnostic::new(
                        Code::Reach,
                        sp.key("pigments").index(i).key("reach_labelled"),
                        format!(
                            "pigment {} {} lot {} is not recorded as REACH-labelled, required in {}",
                            pig.brand, pig.shade, pig.lot, r.jurisdiction
                        ),
                    )
                    .hint("EU and EEA countries need inks labelled under REACH Annex XVII entry 75: set reach_labelled to true once checked"),
                );
            }
        }
        for (i, n) in s.needles.iter().enumerate() {
            let np = sp.key("needles").index(i);
            if self.expired(n.expiry) {
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

    fn patch_test(&mut self, r: &Record, _s: &crate::record::Session) {
        let (Some(tz), Some(start)) = (self.tz, self.start) else {
            return;
        };
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
                    let hours = (start - jurisdiction::day_start(tz, pt.date)).num_hours();
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
                    .hint(IMAGE_PATH_HINT),
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

/// Where image and photo paths are looked for, as `Files::read` resolves them.
const IMAGE_PATH_HINT: &str = "give a PNG or JPEG path relative to the folder of the record's file (the current folder for standard input, or the folder given with --images), inside it, or a data:image/png;base64 URL";

/// Reads a record that was accepted when it was rendered, without the clinical rules (whose
/// policy may have differed): for `verify --rerender`. `policy` supplies what documents
/// print from it (paper countries, retention), as the bag recorded them.
pub fn accept(raw: RawRecord, policy: &Policy) -> Result<ValidRecord, String> {
    let record: Record = serde_json::from_value(raw.value.clone()).map_err(|e| e.to_string())?;
    let derived = Derived::of(&record, policy)?;
    check_embedded_images(&record, &raw.files)?;
    Ok(ValidRecord {
        derived,
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

/// The images a re-render would decode, held to the default pixel limit before decoding:
/// a bag's attachments are untrusted input like any record.
fn check_embedded_images(record: &Record, files: &Files) -> Result<(), String> {
    let max = Policy::default().max_image_pixels;
    for (_, reference) in crate::render::image_references(record) {
        if let Ok(bytes) = load_image_bytes(files, reference) {
            crate::limits::check_image(&bytes, max)?;
        }
    }
    Ok(())
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
