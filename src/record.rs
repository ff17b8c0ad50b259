//! The session record, schema version 2: the product's input contract.
//!
//! These types are the single source of truth for the record format: serde reads them,
//! schemars turns them (and their doc comments) into the JSON Schema that `smpdoc schema`
//! prints, and that same schema is what `validate` checks raw input against. Every struct
//! rejects unknown fields, because a typo must never silently drop clinical data.
//!
//! Structural constraints that a JSON Schema can express (patterns, ranges, non-empty lists,
//! the fourteen screening codes) live here as schemars attributes; the rules that need
//! arithmetic or several fields at once live in `validate`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_repr::{Deserialize_repr, Serialize_repr};

/// One client session: who, where, the medical screening, the consent and, once the session
/// has taken place, what was done.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "smpdoc session record, schema version 2")]
pub struct Record {
    /// Version of this record format: the number 2. (Version 1 records, with the string
    /// "1", are converted by `smpdoc upgrade`.)
    pub schema_version: SchemaVersion,
    /// The clinic's opaque key for this record: 1 to 64 characters of A-Z, a-z, 0-9, '.', '_'
    /// and '-', not starting with '.'. Used for file names in the archive instead of the
    /// client's name; unique within a batch.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"))]
    pub record_id: String,
    /// Jurisdiction whose rules apply: an ISO 3166-1 alpha-2 country code ("FR", "GB", "AU")
    /// or an ISO 3166-2 subdivision code ("GB-ENG", "AU-NSW", "US-CA"), checked against the
    /// ISO 3166 list. The country decides whether the EU REACH pigment rule applies (EU and
    /// EEA) and the paper (US Letter in the US, Canada, Mexico and the other countries that
    /// use it); the policy file can override both.
    #[schemars(regex(pattern = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"))]
    pub jurisdiction: String,
    /// The clinic where the session takes place.
    pub clinic: Clinic,
    /// The practitioner who performs the session.
    pub practitioner: Practitioner,
    /// The client being treated.
    pub client: Client,
    /// The medical screening questionnaire answered before the session.
    pub screening: Screening,
    /// The patch test for pigment allergy, if one was done or considered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch_test: Option<PatchTest>,
    /// The client's informed consent.
    pub consent: Consent,
    /// What the client consents to: the zones, the number of sessions, the shade and the fee.
    pub treatment_plan: TreatmentPlan,
    /// What was done in the session. Absent before the session: then only the consent form
    /// is rendered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// Aftercare instructions given to the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aftercare: Option<Aftercare>,
    /// Clinical photographs taken, by reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photos: Option<Vec<Photo>>,
    /// Free-text notes about the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Set when this record corrects an earlier one: the earlier record is never changed or
    /// removed; this one points at it and says why. Its documents print "This record
    /// corrects record X: reason", and the catalog links the two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects: Option<Corrects>,
}

/// Which earlier record a record corrects, and why.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Corrects {
    /// The `record_id` of the record corrected (never this record's own).
    #[schemars(regex(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"))]
    pub record_id: String,
    /// Why it is corrected, for the documents and the catalog.
    #[schemars(length(min = 1))]
    pub reason: String,
}

/// The record format version: the JSON number 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize_repr, Deserialize_repr)]
#[repr(u8)]
pub enum SchemaVersion {
    /// Schema version 2.
    V2 = 2,
}

impl JsonSchema for SchemaVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SchemaVersion".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The record format version: the number 2.",
            "type": "integer",
            "const": 2
        })
    }
}

/// What the client consents to.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreatmentPlan {
    /// The zones to be treated over the course (at least one), with the codes that
    /// `session.zones[].zone` uses.
    #[schemars(length(min = 1))]
    pub zones: Vec<Zone>,
    /// How many sessions the course plans (at least 1). A session numbered beyond the plan
    /// (a touch-up) is allowed.
    #[schemars(range(min = 1))]
    pub sessions_planned: u32,
    /// The planned interval between sessions, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub interval_days: Option<u32>,
    /// The pigment shade planned, e.g. "Soft Black 02".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub shade: Option<String>,
    /// The fee agreed for the course.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Fee>,
}

/// The fee agreed for the course. Amounts are decimal text ("850.00") so that no amount is
/// ever rounded through a binary number.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// The total fee, e.g. "850.00".
    #[schemars(regex(pattern = r"^[0-9]{1,9}(\.[0-9]{1,2})?$"))]
    pub amount: String,
    /// The currency, an ISO 4217 code, e.g. "GBP".
    #[schemars(regex(pattern = r"^[A-Z]{3}$"))]
    pub currency: String,
    /// The deposit taken, e.g. "150.00".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{1,9}(\.[0-9]{1,2})?$"))]
    pub deposit: Option<String>,
    /// The refund terms, as the client was told them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub refund_terms: Option<String>,
}

/// The clinic.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clinic {
    /// Trading name of the clinic, printed in every page header.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Postal address, one line per element.
    pub address: Vec<String>,
    /// Telephone number.
    pub phone: String,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The clinic's premises licence or registration number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_no: Option<String>,
    /// The clinic's time zone, an IANA time zone name ("Europe/London", "Australia/Sydney"),
    /// checked against the tz database. Session dates and start times are local times in
    /// this zone, and every time a document prints is shown in it.
    #[schemars(length(min = 1))]
    pub time_zone: String,
    /// Path of the clinic's logo (PNG or JPEG), relative to the record's file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// The language of the clinic's own documents (the treatment record), a BCP 47 tag;
    /// `en-GB` when absent. The consent form is in the client's language
    /// (`consent.language`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"))]
    pub language: Option<String>,
}

/// The treatment record's language when the record names none.
pub const DEFAULT_CLINIC_LANGUAGE: &str = "en-GB";

/// The practitioner.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Practitioner {
    /// The practitioner's full name.
    #[schemars(length(min = 1))]
    pub name: String,
    /// The practitioner's personal licence or registration number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_no: Option<String>,
}

/// The client.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// The clinic's identifier for the client (stable across sessions).
    #[schemars(length(min = 1))]
    pub client_id: String,
    /// The client's full name, exactly as it should be printed.
    #[schemars(length(min = 1))]
    pub full_name: String,
    /// Date of birth (ISO 8601 date). The client must be 18 or over on the session date.
    pub date_of_birth: NaiveDate,
    /// Whether photo identification was checked (proof of age).
    pub id_verified: bool,
    /// Postal address, one line per element.
    pub address: Vec<String>,
    /// Telephone number.
    pub phone: String,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Who to call in an emergency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency_contact: Option<EmergencyContact>,
}

/// An emergency contact.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmergencyContact {
    /// The contact's name.
    pub name: String,
    /// The contact's telephone number.
    pub phone: String,
}

/// The medical screening questionnaire.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Screening {
    /// When the client answered the questionnaire (RFC 3339 with offset).
    pub answered_at: DateTime<FixedOffset>,
    /// The answer to each of the fourteen screening questions, keyed by question code. The
    /// wording of each question belongs to the template.
    pub answers: ScreeningAnswers,
    /// Known allergies (empty list when none).
    pub allergies: Vec<String>,
    /// Current medications (empty list when none).
    pub medications: Vec<String>,
    /// Reference of a doctor's clearance letter; required when an absolute contraindication
    /// is answered "yes".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gp_clearance_ref: Option<String>,
}

/// The answers to the screening questions: all fourteen codes, no others.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreeningAnswers {
    /// Is the client pregnant or nursing? (absolute contraindication)
    pub pregnant_or_nursing: Answer,
    /// Does the client take blood thinners? (relative contraindication)
    pub blood_thinners: Answer,
    /// Does the client have a bleeding disorder? (relative contraindication)
    pub bleeding_disorder: Answer,
    /// Does the client have diabetes? (relative contraindication)
    pub diabetes: Answer,
    /// Does the client have a heart or blood pressure condition? (relative contraindication)
    pub heart_or_blood_pressure: Answer,
    /// Has the client a history of keloid scarring? (absolute contraindication)
    pub keloid_history: Answer,
    /// Is there an active scalp condition (psoriasis, eczema, dermatitis)? (absolute)
    pub active_scalp_condition: Answer,
    /// Is there an infection or herpes at the treatment site? (absolute)
    pub herpes_at_site: Answer,
    /// Has the client taken isotretinoin in the last 12 months? (absolute)
    pub isotretinoin_last_12_months: Answer,
    /// Has the client had chemotherapy in the last 6 months? (absolute)
    pub chemotherapy_last_6_months: Answer,
    /// Has the client had scalp surgery recently (e.g. a hair transplant)? (relative)
    pub recent_scalp_surgery: Answer,
    /// Does the client use minoxidil?
    pub minoxidil: Answer,
    /// Does the client use finasteride?
    pub finasteride: Answer,
    /// Is the client under the influence of alcohol or drugs? (absolute)
    pub under_influence: Answer,
}

/// A screening question code.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ScreeningCode {
    // Pregnant or nursing.
    PregnantOrNursing,
    // Takes blood thinners.
    BloodThinners,
    // Bleeding disorder.
    BleedingDisorder,
    // Diabetes.
    Diabetes,
    // Heart or blood pressure condition.
    HeartOrBloodPressure,
    // History of keloid scarring.
    KeloidHistory,
    // Active scalp condition.
    ActiveScalpCondition,
    // Infection or herpes at the site.
    HerpesAtSite,
    // Isotretinoin in the last 12 months.
    #[serde(rename = "isotretinoin_last_12_months")]
    Isotretinoin12Months,
    // Chemotherapy in the last 6 months.
    #[serde(rename = "chemotherapy_last_6_months")]
    Chemotherapy6Months,
    // Recent scalp surgery.
    RecentScalpSurgery,
    // Uses minoxidil.
    Minoxidil,
    // Uses finasteride.
    Finasteride,
    // Under the influence of alcohol or drugs.
    UnderInfluence,
}

impl ScreeningCode {
    /// Every code, in the order the questionnaire asks them.
    pub const ALL: [ScreeningCode; 14] = [
        ScreeningCode::PregnantOrNursing,
        ScreeningCode::BloodThinners,
        ScreeningCode::BleedingDisorder,
        ScreeningCode::Diabetes,
        ScreeningCode::HeartOrBloodPressure,
        ScreeningCode::KeloidHistory,
        ScreeningCode::ActiveScalpCondition,
        ScreeningCode::HerpesAtSite,
        ScreeningCode::Isotretinoin12Months,
        ScreeningCode::Chemotherapy6Months,
        ScreeningCode::RecentScalpSurgery,
        ScreeningCode::Minoxidil,
        ScreeningCode::Finasteride,
        ScreeningCode::UnderInfluence,
    ];

    /// The code as it appears in the record.
    pub fn as_str(self) -> &'static str {
        match self {
            ScreeningCode::PregnantOrNursing => "pregnant_or_nursing",
            ScreeningCode::BloodThinners => "blood_thinners",
            ScreeningCode::BleedingDisorder => "bleeding_disorder",
            ScreeningCode::Diabetes => "diabetes",
            ScreeningCode::HeartOrBloodPressure => "heart_or_blood_pressure",
            ScreeningCode::KeloidHistory => "keloid_history",
            ScreeningCode::ActiveScalpCondition => "active_scalp_condition",
            ScreeningCode::HerpesAtSite => "herpes_at_site",
            ScreeningCode::Isotretinoin12Months => "isotretinoin_last_12_months",
            ScreeningCode::Chemotherapy6Months => "chemotherapy_last_6_months",
            ScreeningCode::RecentScalpSurgery => "recent_scalp_surgery",
            ScreeningCode::Minoxidil => "minoxidil",
            ScreeningCode::Finasteride => "finasteride",
            ScreeningCode::UnderInfluence => "under_influence",
        }
    }
}

impl std::fmt::Display for ScreeningCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ScreeningAnswers {
    /// The answer for a code.
    pub fn get(&self, code: ScreeningCode) -> &Answer {
        match code {
            ScreeningCode::PregnantOrNursing => &self.pregnant_or_nursing,
            ScreeningCode::BloodThinners => &self.blood_thinners,
            ScreeningCode::BleedingDisorder => &self.bleeding_disorder,
            ScreeningCode::Diabetes => &self.diabetes,
            ScreeningCode::HeartOrBloodPressure => &self.heart_or_blood_pressure,
            ScreeningCode::KeloidHistory => &self.keloid_history,
            ScreeningCode::ActiveScalpCondition => &self.active_scalp_condition,
            ScreeningCode::HerpesAtSite => &self.herpes_at_site,
            ScreeningCode::Isotretinoin12Months => &self.isotretinoin_last_12_months,
            ScreeningCode::Chemotherapy6Months => &self.chemotherapy_last_6_months,
            ScreeningCode::RecentScalpSurgery => &self.recent_scalp_surgery,
            ScreeningCode::Minoxidil => &self.minoxidil,
            ScreeningCode::Finasteride => &self.finasteride,
            ScreeningCode::UnderInfluence => &self.under_influence,
        }
    }
}

/// One answer to a screening question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// "yes" or "no".
    pub answer: YesNo,
    /// Details the client gave (which medication, since when, what the doctor said).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A yes/no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum YesNo {
    // Yes.
    Yes,
    // No.
    No,
}

/// A patch test for allergy to the pigment.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchTest {
    /// The date the patch test was applied.
    pub date: NaiveDate,
    /// The outcome.
    pub result: PatchTestResult,
    /// The pigment lot that was tested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot_tested: Option<String>,
}

/// The outcome of a patch test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PatchTestResult {
    // No reaction.
    Negative,
    // A reaction was seen.
    Positive,
    // The client declined the patch test.
    Declined,
    // The clinic judged no patch test necessary.
    NotRequired,
}

/// The client's informed consent.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// Version of the consent form the client read, e.g. "CF-2.1".
    #[schemars(length(min = 1))]
    pub form_version: String,
    /// Language of the form as a BCP 47 tag, e.g. "en-GB".
    #[schemars(regex(pattern = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"))]
    pub language: String,
    /// Consent to clinical photographs (kept in the client's file).
    pub photo_clinical: bool,
    /// Consent to photographs used for marketing (separate from clinical photos).
    pub photo_marketing: bool,
    /// Explicit consent to processing health data (GDPR Article 9).
    pub health_data_processing: bool,
    /// The client's signature. Absent: the form is rendered to be signed on paper.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_signature: Option<Signature>,
    /// The practitioner's signature on the consent form (before the session; the session's
    /// own sign-off is `session.practitioner_signature`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practitioner_signature: Option<Signature>,
    /// A witness's signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<Signature>,
}

/// A signature.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The name of the person who signed.
    #[schemars(length(min = 1))]
    pub signer: String,
    /// When they signed (RFC 3339 with offset).
    pub signed_at: DateTime<FixedOffset>,
    /// The signature image: a PNG or JPEG path relative to the record's file, or a
    /// `data:image/png;base64,...` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// SHA-256 of the image's bytes (64 hex digits); checked when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9a-fA-F]{64}$"))]
    pub image_sha256: Option<String>,
}

/// What was done in the session.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// The session's number in the client's course (1 for the first).
    #[schemars(range(min = 1))]
    pub number: u32,
    /// The kind of session.
    #[serde(rename = "type")]
    pub kind: SessionType,
    /// The session date, in the clinic's time zone.
    pub date: NaiveDate,
    /// Start time, "HH:MM" in the clinic's time zone (`clinic.time_zone`); without it the
    /// session is taken to start at the beginning of its day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub start_time: Option<String>,
    /// Duration in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    /// The conditions being treated (at least one).
    #[schemars(length(min = 1))]
    pub conditions: Vec<Condition>,
    /// Fitzpatrick skin type, 1 to 6.
    #[schemars(range(min = 1, max = 6))]
    pub fitzpatrick: u8,
    /// Norwood scale of male pattern hair loss, 1 to 7.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 7))]
    pub norwood: Option<u8>,
    /// The zones treated (at least one).
    #[schemars(length(min = 1))]
    pub zones: Vec<ZoneTreated>,
    /// The client's approval of the drawn hairline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hairline_approval: Option<HairlineApproval>,
    /// Every pigment used, with its batch for traceability (at least one).
    #[schemars(length(min = 1))]
    pub pigments: Vec<Pigment>,
    /// Every needle cartridge used (at least one).
    #[schemars(length(min = 1))]
    pub needles: Vec<Needle>,
    /// Machine settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<Machine>,
    /// Topical anaesthetic used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anaesthetic: Option<Anaesthetic>,
    /// Adverse events: the word "none", stated explicitly, or a list of what happened.
    pub adverse_events: AdverseEvents,
    /// The practitioner's notes on the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The practitioner's sign-off of the session, at or after its end. Absent: the
    /// treatment record is printed as not yet signed off, and `validate` warns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practitioner_signature: Option<Signature>,
}

/// The kind of session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SessionType {
    // First session of a course.
    Initial,
    // Building density (usually the second session).
    Build,
    // Refining density and blending (usually the third session).
    Refinement,
    // A touch-up years later.
    TouchUp,
    // Scar concealment.
    Scar,
    // Correcting earlier work.
    Correction,
}

/// A condition being treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    // Alopecia areata (patch baldness).
    AlopeciaAreata,
    // Alopecia totalis.
    AlopeciaTotalis,
    // Male pattern baldness.
    MalePattern,
    // Female pattern hair loss.
    FemalePattern,
    // Diffuse thinning.
    DiffuseThinning,
    // Scar concealment (FUT strip or FUE dot scars).
    Scar,
    // Hair loss after chemotherapy.
    Chemotherapy,
    // Another condition (say which in the notes).
    Other,
}

/// A zone of the scalp treated, with the density applied.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneTreated {
    /// The zone.
    pub zone: Zone,
    /// The density of pigment applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub density: Option<Density>,
    /// Notes on this zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A zone of the scalp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    // The frontal hairline.
    FrontalHairline,
    // The left temple.
    TempleLeft,
    // The right temple.
    TempleRight,
    // The mid scalp.
    MidScalp,
    // The crown (vertex).
    CrownVertex,
    // The donor area at the back and sides.
    DonorArea,
    // A FUT strip scar.
    ScarFut,
    // FUE dot scars.
    ScarFue,
    // The nape of the neck.
    Nape,
    // Another zone (say which in the notes).
    Other,
}

/// Pigment density.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Density {
    // Light.
    Light,
    // Medium.
    Medium,
    // Dense.
    Dense,
}

/// The client's approval of the hairline drawn before an initial session.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HairlineApproval {
    /// Whether the client approved the drawn hairline.
    pub approved: bool,
    /// When the client approved it (RFC 3339 with offset).
    pub approved_at: DateTime<FixedOffset>,
    /// The hairline style, e.g. "soft, slightly receded".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
}

/// A pigment used, identified down to its batch for recalls.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pigment {
    /// The manufacturer's brand.
    #[schemars(length(min = 1))]
    pub brand: String,
    /// The shade.
    #[schemars(length(min = 1))]
    pub shade: String,
    /// The batch (lot) number printed on the bottle.
    #[schemars(length(min = 1))]
    pub lot: String,
    /// The expiry date printed on the bottle; must not be before the session date.
    pub expiry: NaiveDate,
    /// Dilution used, e.g. "3:1 distilled water".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dilution: Option<String>,
    /// Whether the label meets EU REACH Annex XVII entry 75; must be true where REACH
    /// applies (EU and EEA countries, or the policy's `reach_countries`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach_labelled: Option<bool>,
}

/// A needle cartridge used.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Needle {
    /// Needle grouping: a count and a shape, e.g. "1RL", "3RL", "5F".
    #[schemars(regex(pattern = r"^[0-9]+(RL|RS|R|F|M)$"))]
    pub configuration: String,
    /// Needle diameter in millimetres (SMP typically uses 0.18 to 0.35).
    #[schemars(range(min = 0.0))]
    pub diameter_mm: f64,
    /// The cartridge brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// The cartridge lot number.
    #[schemars(length(min = 1))]
    pub lot: String,
    /// The cartridge expiry date; must not be before the session date.
    pub expiry: NaiveDate,
}

/// Machine settings.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Machine {
    /// The machine model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Stroke length in millimetres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stroke_mm: Option<f64>,
    /// Speed setting, as a number or with its unit (e.g. 9, "120 Hz", "8.5 V").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<NumberOrText>,
    /// Needle depth in millimetres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth_mm: Option<f64>,
}

/// A setting given as a bare number or as text with its unit.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum NumberOrText {
    /// A bare number.
    Number(f64),
    /// Text, usually a number with its unit.
    Text(String),
}

/// A topical anaesthetic used.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Anaesthetic {
    /// The product name.
    pub product: String,
    /// The product's lot number.
    pub lot: String,
}

/// Adverse events: "none" (stated explicitly) or a list of events.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AdverseEvents {
    /// No adverse event: the literal string "none".
    None(NoneStated),
    /// The adverse events that occurred (at least one).
    Events(#[schemars(length(min = 1))] Vec<String>),
}

/// The literal "none".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum NoneStated {
    // No adverse event occurred.
    #[serde(rename = "none")]
    None,
}

/// Aftercare instructions given to the client.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Aftercare {
    /// Version of the aftercare leaflet given.
    pub leaflet_version: String,
    /// Whether the instructions were given in writing.
    pub given_in_writing: bool,
    /// Whether the client acknowledged them.
    pub acknowledged: bool,
    /// How many days to avoid each activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restriction_days: Option<RestrictionDays>,
    /// Further aftercare notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The next appointment (RFC 3339 with offset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_appointment: Option<DateTime<FixedOffset>>,
}

/// Days to avoid each activity after the session.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestrictionDays {
    /// Days without wetting the scalp (typically 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wetting: Option<u32>,
    /// Days without heavy sweating (typically 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweating: Option<u32>,
    /// Days without sun on the scalp (typically 28).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sun: Option<u32>,
    /// Days without swimming (typically 28).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swimming: Option<u32>,
    /// Days without shaving the scalp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shaving: Option<u32>,
}

/// A clinical photograph, by reference.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    /// What the photograph shows, e.g. "before, top view".
    pub label: String,
    /// Path of the photograph, relative to the record's file.
    pub file: String,
    /// SHA-256 of the photograph's bytes (64 hex digits); checked when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9a-fA-F]{64}$"))]
    pub sha256: Option<String>,
}
