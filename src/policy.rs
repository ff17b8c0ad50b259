//! The validation policy: thresholds and which screening answers block treatment.
//!
//! The spec's numbers (18 years, 24 hours, 0.18-0.35 mm, the absolute and relative
//! contraindication lists) are built-in defaults. A clinic whose regulator differs passes
//! `--policy FILE`, a JSON object overriding any subset of them; unknown keys are an error,
//! like everywhere else in smpdoc's inputs.

use crate::record::ScreeningCode;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Thresholds and contraindication lists used by `validate`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Minimum age of the client on the session date, in years.
    pub min_age_years: u32,
    /// Minimum time between the patch test (taken as the start of its day) and the session
    /// start, in hours.
    pub patch_test_min_hours: u32,
    /// Smallest usual needle diameter, in millimetres.
    pub needle_diameter_min_mm: f64,
    /// Largest usual needle diameter, in millimetres.
    pub needle_diameter_max_mm: f64,
    /// Screening codes that block treatment when answered "yes" without a doctor's clearance.
    pub absolute_contraindications: Vec<ScreeningCode>,
    /// Screening codes that need a detail when answered "yes".
    pub relative_contraindications: Vec<ScreeningCode>,
    /// How many years the clinic keeps records after the last treatment, printed on the
    /// consent form (the data-protection notice).
    pub retention_years: u32,
    /// ISO 3166-1 country codes where pigments must be REACH-labelled (default: the EU and
    /// EEA countries).
    pub reach_countries: Vec<String>,
    /// ISO 3166-1 country codes whose documents are printed on US Letter (default: US, CA,
    /// MX and the other countries where Letter is the norm); A4 elsewhere.
    pub letter_countries: Vec<String>,
    /// Largest record, and largest NDJSON line, in bytes (a longer line is refused without
    /// being held whole). A `.json` file or standard input may hold up to 32 times this.
    pub max_record_bytes: u64,
    /// Longest name or identifier, in characters.
    pub max_name_chars: usize,
    /// Longest free-text field (`notes`, `detail`, adverse events), in characters.
    pub max_text_chars: usize,
    /// Most entries in any list.
    pub max_list_entries: usize,
    /// Largest image or photo file, in bytes (enforced while reading).
    pub max_image_bytes: u64,
    /// Most pixels in an image (width x height), checked before it is decoded.
    pub max_image_pixels: u64,
    /// A language (BCP 47 tag of a template set) to render a document in when there is no
    /// template set in the language it asks for; the audit log then carries a warning.
    /// Absent (the default), such a record is rejected (rule `language`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback_language: Option<String>,
}

impl Default for Policy {
    fn default() -> Self {
        use ScreeningCode::*;
        Policy {
            min_age_years: 18,
            patch_test_min_hours: 24,
            needle_diameter_min_mm: 0.18,
            needle_diameter_max_mm: 0.35,
            absolute_contraindications: vec![
                PregnantOrNursing,
                HerpesAtSite,
                ActiveScalpCondition,
                KeloidHistory,
                Isotretinoin12Months,
                Chemotherapy6Months,
                UnderInfluence,
            ],
            relative_contraindications: vec![
                BloodThinners,
                BleedingDisorder,
                Diabetes,
                HeartOrBloodPressure,
                RecentScalpSurgery,
            ],
            retention_years: 8,
            reach_countries: crate::jurisdiction::EU_EEA.map(String::from).to_vec(),
            letter_countries: crate::jurisdiction::LETTER.map(String::from).to_vec(),
            max_record_bytes: 1_000_000,
            max_name_chars: 300,
            max_text_chars: 10_000,
            max_list_entries: 100,
            max_image_bytes: 10_000_000,
            max_image_pixels: 4_000_000,
            fallback_language: None,
        }
    }
}

/// A policy file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The file cannot be read.
    #[error("cannot read policy file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a valid policy.
    #[error("policy file {path} is not valid: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong, with line and column.
        message: String,
    },
}

impl Policy {
    /// Whether pigments must be REACH-labelled in a jurisdiction (an ISO 3166 code): decided
    /// by its country, here only.
    pub fn reach_applies(&self, jurisdiction: &str) -> bool {
        crate::jurisdiction::name_of(jurisdiction).is_some()
            && self
                .reach_countries
                .iter()
                .any(|c| c == crate::jurisdiction::country_of(jurisdiction))
    }

    /// Reads a policy file; absent keys keep their defaults.
    pub fn from_file(path: &Path) -> Result<Policy, PolicyError> {
        // A policy is a few lines: read up to 1 MiB (a FIFO or /dev/zero is refused, not
        // read forever), and take a leading byte order mark as records do.
        let bytes = crate::safe_read::read_limited(path, crate::safe_read::Links::Follow, 1 << 20)
            .map_err(|e| PolicyError::Read {
                path: path.display().to_string(),
                source: std::io::Error::other(e.to_string()),
            })?;
        let text = String::from_utf8(bytes).map_err(|_| PolicyError::Invalid {
            path: path.display().to_string(),
            message: "the file is not UTF-8 text".into(),
        })?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        let policy: Policy = serde_json::from_str(text).map_err(|e| PolicyError::Invalid {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        if policy.needle_diameter_min_mm > policy.needle_diameter_max_mm
            || policy.needle_diameter_min_mm.is_nan()
            || policy.needle_diameter_max_mm.is_nan()
        {
            return Err(PolicyError::Invalid {
                path: path.display().to_string(),
                message: "needle_diameter_min_mm is greater than needle_diameter_max_mm".into(),
            });
        }
        let bad: Vec<&String> = policy
            .reach_countries
            .iter()
            .chain(&policy.letter_countries)
            .filter(|c| !crate::jurisdiction::is_country(c))
            .collect();
        if let Some(c) = bad.first() {
            return Err(PolicyError::Invalid {
                path: path.display().to_string(),
                message: format!(
                    "\"{c}\" in reach_countries or letter_countries is not an ISO 3166-1 alpha-2 country code"
                ),
            });
        }
        Ok(policy)
    }
}
