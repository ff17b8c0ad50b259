//! Jurisdictions and time zones: the codes a record names, checked against their lists, and
//! what follows from them.
//!
//! A jurisdiction is an ISO 3166-1 alpha-2 country code or an ISO 3166-2 subdivision code,
//! looked up in `data/iso3166.tsv` (Debian's iso-codes, source named in the file). The
//! country decides whether the EU REACH rule on tattoo inks applies (EU and EEA) and the
//! paper (US Letter where it is the norm); the policy can override both lists. A time zone
//! is an IANA name from chrono-tz's copy of the tz database.
//!
//! The list was made with:
//! `python3` reading `/usr/share/iso-codes/json/iso_3166-1.json` (`alpha_2`, `common_name`
//! or `name`) and `iso_3166-2.json` (`code`, `name`), one `code<TAB>name` line each, sorted.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use chrono_tz::{OffsetName, Tz};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The EU member states and the other EEA countries (Iceland, Liechtenstein, Norway), where
/// Regulation (EU) 2020/2081 (REACH Annex XVII entry 75) applies to tattoo and PMU inks.
pub const EU_EEA: [&str; 30] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO",
];

/// Countries where US Letter, not A4, is the usual paper: the United States and Canada,
/// Mexico, and the Central and South American and Asian countries that follow them.
pub const LETTER: [&str; 13] = [
    "US", "CA", "MX", "CL", "CO", "CR", "DO", "GT", "PA", "PH", "PR", "SV", "VE",
];

/// Every country and subdivision code with its name, in the order of the data file.
fn entries() -> impl Iterator<Item = (&'static str, &'static str)> {
    include_str!("data/iso3166.tsv")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
}

/// Code -> name, for every country and subdivision.
fn names() -> &'static HashMap<&'static str, &'static str> {
    static NAMES: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| entries().collect())
}

/// Upper-cased name -> code, for names that belong to one code only. Built apart from
/// [`names`], when a jurisdiction is not a code: upper-casing 5,000 names was 13 M
/// instructions of every run's first record.
fn by_name() -> &'static HashMap<String, &'static str> {
    static BY_NAME: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    BY_NAME.get_or_init(|| {
        let mut by_name: HashMap<String, Option<&'static str>> = HashMap::new();
        for (code, name) in entries() {
            by_name
                .entry(name.to_uppercase())
                .and_modify(|c| *c = None)
                .or_insert(Some(code));
        }
        by_name
            .into_iter()
            .filter_map(|(n, c)| c.map(|c| (n, c)))
            .collect()
    })
}

/// The English name of an ISO 3166 code, when it is one.
pub fn name_of(code: &str) -> Option<&'static str> {
    names().get(code).copied()
}

/// Whether `code` is an ISO 3166-1 alpha-2 country code.
pub fn is_country(code: &str) -> bool {
    code.len() == 2 && name_of(code).is_some()
}

/// The country part of a valid jurisdiction code (`GB-ENG` -> `GB`).
pub fn country_of(code: &str) -> &str {
    code.split('-').next().unwrap_or(code)
}

/// The code a jurisdiction written another way unambiguously means: letter case, `_` or a
/// space for `-`, the old smpdoc forms (`UK-ENG`, `EU-FR`) and exact English names
/// (`France`). `None` when there is no single answer.
pub fn normalize(input: &str) -> Option<String> {
    let up = input.trim().to_uppercase().replace(['_', ' '], "-");
    let eu = up.starts_with("EU-");
    let up = up.strip_prefix("EU-").unwrap_or(&up).to_string();
    let mapped = match up.as_str() {
        // The EU writes Greece EL (ISO 3166 has GR, and no EL).
        "EL" if eu => "GR".to_string(),
        "UK" => "GB".to_string(),
        "UK-SCO" | "GB-SCO" => "GB-SCT".to_string(),
        "UK-NI" | "GB-NI" => "GB-NIR".to_string(),
        "UK-WAL" | "GB-WAL" => "GB-WLS".to_string(),
        _ => match up.strip_prefix("UK-") {
            Some(rest) => format!("GB-{rest}"),
            None => up.clone(),
        },
    };
    if name_of(&mapped).is_some() {
        return Some(mapped);
    }
    by_name()
        .get(&input.trim().to_uppercase())
        .map(|c| c.to_string())
}

/// A suggestion for a jurisdiction that is not an ISO 3166 code: its normal form, or the
/// code of the closest name.
pub fn suggest(input: &str) -> Option<String> {
    if let Some(c) = normalize(input) {
        return Some(c);
    }
    let want = input.trim().to_uppercase();
    by_name()
        .iter()
        .map(|(n, c)| (strsim::jaro_winkler(&want, n), *c))
        .filter(|(score, _)| *score >= 0.9)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, c)| c.to_string())
}

/// The error for a jurisdiction that is not an ISO 3166 code, with a "did you mean".
pub fn diagnostic(given: &str) -> crate::diag::Diagnostic {
    let how = "give an ISO 3166-1 country code (FR, GB, AU) or an ISO 3166-2 subdivision code (GB-ENG, AU-NSW, US-CA)";
    let hint = match suggest(given) {
        Some(c) => format!(
            "did you mean \"{c}\" ({})? {how}",
            name_of(&c).unwrap_or("")
        ),
        None => how.to_string(),
    };
    crate::diag::Diagnostic::new(
        crate::diag::Code::Jurisdiction,
        crate::diag::JsonPath::root().key("jurisdiction"),
        format!("\"{given}\" is not an ISO 3166 country or subdivision code"),
    )
    .hint(hint)
}

/// Reads an IANA time zone name.
pub fn time_zone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

/// The IANA name closest to one that is not in the tz database.
pub fn suggest_time_zone(name: &str) -> Option<&'static str> {
    let want = name.trim().to_lowercase().replace(' ', "_");
    let all = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
    let mut best: Option<(f64, &'static str)> = None;
    for n in all {
        let low = n.to_lowercase();
        let city = low.rsplit('/').next().unwrap_or(&low);
        let score = if low == want || city == want {
            2.0
        } else {
            strsim::jaro_winkler(&want, &low).max(strsim::jaro_winkler(&want, city))
        };
        if score >= 0.88 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, n));
        }
    }
    best.map(|(_, n)| n)
}

/// A local time that the clinic's clock never showed, or showed twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalTimeError {
    /// The clocks went forward over it: the two readings, with the offset before and after.
    Gap {
        /// The local time read with the offset in force before the change, shown in local time.
        before: String,
        /// The same, with the offset after the change.
        after: String,
    },
    /// The clocks went back over it: the two instants it can be.
    Ambiguous {
        /// The earlier reading.
        earlier: String,
        /// The later reading.
        later: String,
    },
}

fn show(t: &DateTime<Tz>) -> String {
    format!(
        "{} ({} UTC)",
        t.format("%H:%M %Z"),
        t.naive_utc().format("%H:%M")
    )
}

/// The instant a local date and time in `tz` names; a gap or an overlap is an error naming
/// both readings.
pub fn local_instant(tz: Tz, local: NaiveDateTime) -> Result<DateTime<Tz>, LocalTimeError> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t),
        LocalResult::Ambiguous(a, b) => Err(LocalTimeError::Ambiguous {
            earlier: show(&a.min(b)),
            later: show(&a.max(b)),
        }),
        LocalResult::None => {
            // The offsets a few hours either side of the gap.
            let probe = |h: i64| {
                tz.offset_from_utc_datetime(&(local - chrono::Duration::hours(h)))
                    .fix()
            };
            let (off_before, off_after) = (probe(12), probe(-12));
            let read = |off: chrono::FixedOffset| {
                let utc = local - chrono::Duration::seconds(off.local_minus_utc() as i64);
                tz.from_utc_datetime(&utc)
            };
            let (a, b) = (read(off_before), read(off_after));
            Err(LocalTimeError::Gap {
                before: format!(
                    "{} {} = {}",
                    local.format("%H:%M"),
                    tz.offset_from_utc_datetime(&(local - chrono::Duration::hours(12)))
                        .abbreviation()
                        .unwrap_or("?"),
                    show(&a)
                ),
                after: format!(
                    "{} {} = {}",
                    local.format("%H:%M"),
                    tz.offset_from_utc_datetime(&(local + chrono::Duration::hours(12)))
                        .abbreviation()
                        .unwrap_or("?"),
                    show(&b)
                ),
            })
        }
    }
}

/// The first instant of a local date in `tz` (midnight, or the end of a gap at midnight).
pub fn day_start(tz: Tz, day: NaiveDate) -> DateTime<Tz> {
    let mut t = day.and_time(NaiveTime::MIN);
    for _ in 0..48 {
        if let Some(x) = tz.from_local_datetime(&t).earliest() {
            return x;
        }
        t += chrono::Duration::minutes(30);
    }
    tz.from_utc_datetime(&day.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_against_the_iso_list() {
        assert_eq!(name_of("FR"), Some("France"));
        assert_eq!(name_of("GB-ENG"), Some("England"));
        assert_eq!(name_of("AU-NSW"), Some("New South Wales"));
        assert!(name_of("EU-FR").is_none());
        assert!(name_of("XX").is_none());
    }

    #[test]
    fn old_and_loose_forms_map_to_codes() {
        for (given, want) in [
            ("France", "FR"),
            ("eu-fr", "FR"),
            ("EU_FR", "FR"),
            ("UK-ENG", "GB-ENG"),
            ("UK-SCO", "GB-SCT"),
            ("us-ca", "US-CA"),
        ] {
            assert_eq!(normalize(given).as_deref(), Some(want), "{given}");
        }
        assert_eq!(normalize("OTHER"), None);
        assert_eq!(suggest("Frnace").as_deref(), Some("FR"));
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert!(time_zone("Europe/London").is_some());
        assert!(time_zone("Europe/Londres").is_none());
        assert_eq!(suggest_time_zone("Sydney"), Some("Australia/Sydney"));
        assert_eq!(suggest_time_zone("europe/london"), Some("Europe/London"));
    }

    #[test]
    fn gaps_and_overlaps_name_both_readings() {
        let tz = time_zone("Europe/London").unwrap();
        let d = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        match local_instant(tz, d("2026-03-29 01:30")) {
            Err(LocalTimeError::Gap { before, after }) => {
                assert!(
                    before.contains("GMT") && before.contains("02:30 BST"),
                    "{before}"
                );
                assert!(
                    after.contains("BST") && after.contains("00:30 GMT"),
                    "{after}"
                );
            }
            other => panic!("{other:?}"),
        }
        match local_instant(tz, d("2026-10-25 01:30")) {
            Err(LocalTimeError::Ambiguous { earlier, later }) => {
                assert_eq!(earlier, "01:30 BST (00:30 UTC)");
                assert_eq!(later, "01:30 GMT (01:30 UTC)");
            }
            other => panic!("{other:?}"),
        }
        assert!(local_instant(tz, d("2026-10-25 03:00")).is_ok());
    }
}
