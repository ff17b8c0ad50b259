//! Languages: BCP 47 tags, the message files (Fluent), which template set a requested
//! language gets, and dates and numbers as each language writes them.
//!
//! Invariants:
//! - every fixed word a document prints comes from its language's message file: a missing
//!   message is an error, never a fallback to another language's text;
//! - a requested language is matched by truncation and CLDR likely subtags only (`es-MX` ->
//!   `es`, `zh-CN` -> `zh-Hans`), never to a different language or script;
//! - month names and the decimal separator come from chrono's locale data (glibc's), picked
//!   by the tag's likely region; the order and the rest of a date are the message file's.
//!
//! The only module that imports fluent-bundle and unic-langid.

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::BTreeMap;
use std::ops::Bound;
use unic_langid::{CharacterDirection, LanguageIdentifier};

pub use unic_langid::LanguageIdentifier as Tag;

/// The message file of a template set.
pub const MESSAGES: &str = "messages.ftl";

/// A message file or language tag that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    /// The message file does not parse.
    #[error("messages {file}, line {line}: {message}")]
    Syntax {
        /// The message file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A folder or option names something that is not a BCP 47 tag.
    #[error("{file}: \"{tag}\" is not a BCP 47 language tag")]
    BadTag {
        /// Where the tag was given.
        file: String,
        /// The tag.
        tag: String,
    },
    /// No month names and number forms are known for the language.
    #[error(
        "{file}: no date and number data for language {tag} (chrono's locales have no {posix})"
    )]
    NoLocale {
        /// The message file.
        file: String,
        /// The tag.
        tag: String,
        /// The POSIX locale looked for.
        posix: String,
    },
    /// A message a document needs is not in the file.
    #[error("messages {file}: message {id} is missing")]
    Missing {
        /// The message file.
        file: String,
        /// The message id.
        id: String,
    },
    /// A message cannot be formatted (an unknown variable or message reference).
    #[error("messages {file}, line {line}: message {id}: {message}")]
    Format {
        /// The message file.
        file: String,
        /// 1-based line of the message.
        line: usize,
        /// The message id.
        id: String,
        /// What is wrong.
        message: String,
    },
}

/// One language's messages and its date and number data.
pub struct Language {
    /// The tag of the template set (its folder's name).
    pub tag: LanguageIdentifier,
    bundle: FluentBundle<FluentResource>,
    /// Month names, from chrono's locale data.
    pub locale: chrono::Locale,
    /// Written right to left (the page is mirrored).
    pub rtl: bool,
    /// Where the messages were read from (`built-in` or a path).
    pub origin: String,
    /// The message ids with the line each starts on, in file order.
    pub ids: Vec<(String, usize)>,
    decimal: &'static str,
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// The byte offset of every line's start: line n (1-based) starts at `starts[n - 1]`.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Parses a tag, `what` naming where it was given for the error.
pub fn parse_tag(tag: &str, what: &str) -> Result<LanguageIdentifier, MessageError> {
    let bad = || MessageError::BadTag {
        file: what.to_string(),
        tag: tag.to_string(),
    };
    // unic-langid accepts "_" as a separator; BCP 47 does not.
    if tag.is_empty() || tag.contains('_') {
        return Err(bad());
    }
    tag.parse::<LanguageIdentifier>().map_err(|_| bad())
}

/// The POSIX locale whose month names a language uses: its likely region (`es` ->
/// `es_ES`, `zh-Hans` -> `zh_CN`, `pt` -> `pt_BR`).
fn posix_locale(tag: &LanguageIdentifier) -> String {
    let mut max = tag.clone();
    max.maximize();
    match max.region {
        Some(r) => format!("{}_{}", max.language, r),
        None => max.language.to_string(),
    }
}

impl Language {
    /// Reads a message file for the template set `tag`.
    pub fn parse(tag: &str, origin: &str, text: &str) -> Result<Language, MessageError> {
        let id = parse_tag(tag, origin)?;
        let resource = FluentResource::try_new(text.to_string()).map_err(|(_, errs)| {
            let e = &errs[0];
            // The line of the entry that does not parse (where the parser gave up can be
            // lines later, at the end of the file).
            let start = e.slice.as_ref().map_or(e.pos.start, |s| {
                s.start + text[s.start..].len() - text[s.start..].trim_start().len()
            });
            MessageError::Syntax {
                file: origin.to_string(),
                line: line_of(text, start),
                message: e.kind.to_string(),
            }
        })?;
        let mut ids = Vec::new();
        // The parser keeps no positions; the first line that starts with the id is its
        // definition. Lines are indexed by the identifier they start with, not the whole
        // text searched and its lines counted again for every message (that was most of
        // a start-up's message parsing).
        let starts = line_starts(text);
        let id_char = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        let mut first_line: BTreeMap<&str, usize> = BTreeMap::new();
        for (n, &s) in starts.iter().enumerate() {
            let line = &text[s..];
            let len = line.bytes().take_while(|&c| id_char(c)).count();
            first_line.entry(&line[..len]).or_insert(n + 1);
        }
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                let id = m.id.name;
                // A line starts with an id (of identifier characters only) when the
                // identifier it starts with does: the id itself, or a longer one.
                let at = if id.bytes().all(id_char) {
                    first_line
                        .range::<str, _>((Bound::Included(id), Bound::Unbounded))
                        .take_while(|(k, _)| k.starts_with(id))
                        .map(|(_, &l)| l)
                        .min()
                } else {
                    starts
                        .iter()
                        .position(|&s| text[s..].starts_with(id))
                        .map(|n| n + 1)
                };
                ids.push((id.to_string(), at.unwrap_or(1)));
            }
        }
        // The tag's own region first (en-GB), else the likely one of its language alone (a
        // region chrono has no data for, such as the pseudo-region of en-XA, takes en's).
        let posix = posix_locale(&id);
        let mut bare = id.clone();
        bare.script = None;
        bare.region = None;
        bare.clear_variants();
        let locale = chrono::Locale::try_from(posix.as_str())
            .or_else(|_| chrono::Locale::try_from(posix_locale(&bare).as_str()))
            .map_err(|_| MessageError::NoLocale {
                file: origin.to_string(),
                tag: tag.to_string(),
                posix: posix.clone(),
            })?;
        let decimal = pure_rust_locales::locale_match!(locale => LC_NUMERIC::DECIMAL_POINT);
        let mut bundle = FluentBundle::new_concurrent(vec![id.clone()]);
        // Isolation marks (U+2068/U+2069) around arguments would reach the page; the text
        // module applies UAX #9 to every line itself.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .map_err(|errs| MessageError::Syntax {
                file: origin.to_string(),
                line: 1,
                message: errs
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            })?;
        Ok(Language {
            rtl: id.character_direction() == CharacterDirection::RTL,
            tag: id,
            bundle,
            locale,
            origin: origin.to_string(),
            ids,
            decimal,
        })
    }

    /// Whether the file defines message `id`.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    fn line(&self, id: &str) -> usize {
        self.ids
            .iter()
            .find(|(i, _)| i == id)
            .map_or(1, |(_, l)| *l)
    }

    /// Formats message `id` with arguments.
    pub fn message(&self, id: &str, args: Option<&FluentArgs>) -> Result<String, MessageError> {
        let missing = || MessageError::Missing {
            file: self.origin.clone(),
            id: id.to_string(),
        };
        let msg = self.bundle.get_message(id).ok_or_else(missing)?;
        let pattern = msg.value().ok_or_else(missing)?;
        let mut errors = Vec::new();
        let s = self.bundle.format_pattern(pattern, args, &mut errors);
        if let Some(e) = errors.first() {
            return Err(MessageError::Format {
                file: self.origin.clone(),
                line: self.line(id),
                id: id.to_string(),
                message: e.to_string(),
            });
        }
        Ok(s.into_owned())
    }

    /// A message without arguments.
    pub fn text(&self, id: &str) -> Result<String, MessageError> {
        self.message(id, None)
    }

    /// A number as the language writes it in prose (`0.25` -> `0,25` in `de`, `fr`, `es`,
    /// `pl`): the record's own digits, with the language's decimal separator.
    pub fn number(&self, n: &str) -> String {
        n.replacen('.', self.decimal, 1)
    }

    /// A date (`2026-04-12`) or an RFC 3339 date-time in one of the document's styles
    /// (`date`, `datetime`, `time`), whose chrono format is the message `date-format-<style>`.
    /// A date-time is shown on the clinic's clock `tz` (`%Z` its abbreviation).
    pub fn date(&self, value: &str, style: &str, tz: Option<Tz>) -> Result<String, String> {
        let fmt = self
            .text(&format!("date-format-{style}"))
            .map_err(|e| e.to_string())?;
        format_date(value, &fmt, tz, self.locale)
            .ok_or_else(|| format!("\"{value}\" is not a date, or \"{fmt}\" is not a valid format"))
    }
}

/// Formats a date or an RFC 3339 date-time with a chrono format string and locale. A
/// date-time is shown in the clinic's time zone `tz`.
pub fn format_date(
    value: &str,
    fmt: &str,
    tz: Option<Tz>,
    locale: chrono::Locale,
) -> Option<String> {
    use std::fmt::Write;
    let mut out = String::new();
    if let Ok(dt) = DateTime::<FixedOffset>::parse_from_rfc3339(value) {
        match tz {
            Some(tz) => write!(
                out,
                "{}",
                dt.with_timezone(&tz).format_localized(fmt, locale)
            )
            .ok()?,
            None => write!(out, "{}", dt.format_localized(fmt, locale)).ok()?,
        }
        return Some(out);
    }
    if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        write!(out, "{}", d.format_localized(fmt, locale)).ok()?;
        return Some(out);
    }
    None
}

/// Arguments for a message: integers stay numbers (plural rules choose by them); other
/// values are text, already written as the page shows them.
pub fn args<'a>(pairs: impl IntoIterator<Item = (&'a str, ArgValue)>) -> FluentArgs<'a> {
    let mut a = FluentArgs::new();
    for (k, v) in pairs {
        match v {
            ArgValue::Int(n) => a.set(k, FluentValue::from(n)),
            ArgValue::Text(s) => a.set(k, FluentValue::from(s)),
        }
    }
    a
}

/// A message argument.
pub enum ArgValue {
    /// A count.
    Int(i64),
    /// Text.
    Text(String),
}

/// The template set a requested language gets, among `available`: the same tag; else the
/// tag truncated (`es-MX` -> `es`, `en-AU` -> `en`); else one whose likely subtags agree
/// (`zh-CN` and `zh` -> `zh-Hans`: same language and script, and same region when the set
/// names one). `None` when no set is in the language the client asked for.
pub fn resolve(requested: &str, available: &[LanguageIdentifier]) -> Option<LanguageIdentifier> {
    if requested.contains('_') {
        return None;
    }
    // Extensions and private use (`es-MX-u-ca-gregory`, `en-x-clinic`) are the first to go
    // when a tag is truncated (RFC 4647 lookup): each starts at a one-letter subtag.
    let base: Vec<&str> = requested.split('-').take_while(|s| s.len() != 1).collect();
    let req: LanguageIdentifier = base.join("-").parse().ok()?;
    if let Some(a) = available.iter().find(|a| **a == req) {
        return Some(a.clone());
    }
    // Truncation: drop variants, then region, then script.
    let mut t = req.clone();
    let mut chain = Vec::new();
    if t.variants().next().is_some() {
        t.clear_variants();
        chain.push(t.clone());
    }
    if t.region.is_some() {
        t.region = None;
        chain.push(t.clone());
    }
    if t.script.is_some() {
        t.script = None;
        chain.push(t.clone());
    }
    for c in &chain {
        if let Some(a) = available.iter().find(|a| *a == c) {
            return Some(a.clone());
        }
    }
    let mut max = req.clone();
    max.maximize();
    let mut best: Option<(u8, &LanguageIdentifier)> = None;
    for a in available {
        let mut am = a.clone();
        am.maximize();
        if am.language != max.language || am.script != max.script {
            continue;
        }
        let rank = match a.region {
            Some(r) if Some(r) == max.region => 0,
            Some(_) => continue,
            None if a.script.is_some() => 1,
            None => 2,
        };
        if best.is_none_or(|(b, bt)| rank < b || (rank == b && a.to_string() < bt.to_string())) {
            best = Some((rank, a));
        }
    }
    best.map(|(_, a)| a.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line of each message id, found as before lines were indexed: the first
    /// occurrence of the id, searched in the whole text, that starts a line.
    fn lines_as_before(text: &str, ids: &[(String, usize)]) -> Vec<(String, usize)> {
        ids.iter()
            .map(|(id, _)| {
                let at = text
                    .match_indices(id.as_str())
                    .find(|(i, _)| *i == 0 || text.as_bytes()[i - 1] == b'\n')
                    .map_or(1, |(i, _)| line_of(text, i));
                (id.clone(), at)
            })
            .collect()
    }

    #[test]
    fn message_lines_are_what_a_search_of_the_text_finds() {
        for (name, text) in crate::template::BUILTIN {
            let Some(tag) = name.strip_suffix("/messages.ftl") else {
                continue;
            };
            let lang = Language::parse(tag, name, text).unwrap();
            assert!(lang.ids.len() > 50, "{name}");
            assert_eq!(lang.ids, lines_as_before(text, &lang.ids), "{name}");
        }
        // An id that starts an earlier line as part of a longer id, and one mentioned
        // inside another message first.
        let text = "greeting-long = Hi\nx = greeting and y\ny = z\ngreeting = Hello\n";
        let lang = Language::parse("en", "t", text).unwrap();
        assert_eq!(lang.ids, lines_as_before(text, &lang.ids));
        assert_eq!(lang.ids[3], ("greeting".to_string(), 1));
        assert_eq!(lang.ids[2], ("y".to_string(), 3));
    }

    fn tags(list: &[&str]) -> Vec<LanguageIdentifier> {
        list.iter().map(|t| t.parse().unwrap()).collect()
    }

    #[test]
    fn requested_languages_fall_back_by_truncation_and_likely_subtags_only() {
        let av = tags(&[
            "en", "en-GB", "en-US", "es", "fr", "de", "pl", "pt", "ar", "zh-Hans",
        ]);
        let r = |t: &str| resolve(t, &av).map(|l| l.to_string());
        assert_eq!(r("es-MX").as_deref(), Some("es"));
        assert_eq!(r("en-AU").as_deref(), Some("en"));
        assert_eq!(r("en-GB").as_deref(), Some("en-GB"));
        assert_eq!(r("EN-us").as_deref(), Some("en-US"));
        assert_eq!(r("zh-CN").as_deref(), Some("zh-Hans"));
        assert_eq!(r("zh").as_deref(), Some("zh-Hans"));
        assert_eq!(r("zh-Hans-SG").as_deref(), Some("zh-Hans"));
        assert_eq!(r("pt-BR").as_deref(), Some("pt"));
        assert_eq!(r("zh-TW"), None, "traditional Chinese is not simplified");
        assert_eq!(r("xx"), None);
        assert_eq!(r("nl"), None);
        assert_eq!(r("en_GB"), None);
        assert_eq!(r("es-MX-u-ca-gregory").as_deref(), Some("es"));
        assert_eq!(r("en-x-clinic").as_deref(), Some("en"));
        assert_eq!(r("x-clinic"), None);
        assert_eq!(r("zh-TW-u-nu-hanidec"), None);
    }

    #[test]
    fn month_names_and_decimal_separators_follow_the_language() {
        let tz: Tz = "Europe/Warsaw".parse().unwrap();
        for (tag, fmt, want) in [
            ("pl", "%-d %B %Y", "12 kwietnia 2026"),
            ("es", "%-d de %B de %Y", "12 de abril de 2026"),
            ("de", "%-d. %B %Y", "12. April 2026"),
            ("fr", "%-d %B %Y", "12 avril 2026"),
        ] {
            let l = Language::parse(tag, "t", &format!("date-format-date = {fmt}\n")).unwrap();
            assert_eq!(l.date("2026-04-12", "date", Some(tz)).unwrap(), want);
        }
        let de = Language::parse("de", "t", "x = y\n").unwrap();
        assert_eq!(de.number("0.25"), "0,25");
        let en = Language::parse("en-GB", "t", "x = y\n").unwrap();
        assert_eq!(en.number("0.25"), "0.25");
        assert!(Language::parse("ar", "t", "x = y\n").unwrap().rtl);
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = Language::parse("es", "es/messages.ftl", "a = b\nc = { $x\n")
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("es/messages.ftl, line 2"), "{err}");
    }
}
