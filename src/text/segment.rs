//! Where a line may break: UAX #14 (unicode-linebreak), with word boundaries from a
//! dictionary for scripts written without spaces (Thai, Lao, Khmer, Myanmar: line-break
//! class SA, which UAX #14 leaves to "a dictionary"), never inside a grapheme cluster, and
//! never inside an identifier (lot, record, client and licence numbers, phone numbers,
//! e-mail addresses), which must stay on one line to be read back or typed in.

use std::ops::Range;
use unicode_linebreak::{BreakClass, BreakOpportunity};
use unicode_segmentation::GraphemeCursor;

/// A break opportunity: the line may end before byte `at`; `mandatory` for a forced break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    /// Byte offset where the next line would start.
    pub at: usize,
    /// A forced break (newline).
    pub mandatory: bool,
}

/// Break opportunities of `text` (the last one is at `text.len()`), and the identifier
/// spans found in it.
pub fn breaks(text: &str) -> (Vec<Break>, Vec<Range<usize>>) {
    let mut out: Vec<Break> = unicode_linebreak::linebreaks(text)
        .map(|(at, k)| Break {
            at,
            mandatory: k == BreakOpportunity::Mandatory,
        })
        .collect();
    for span in complex_context_spans(text) {
        let seg = icu_segmenter::WordSegmenter::new_dictionary(Default::default());
        for b in seg.segment_str(&text[span.clone()]) {
            if b > 0 && b < span.len() {
                out.push(Break {
                    at: span.start + b,
                    mandatory: false,
                });
            }
        }
    }
    let idents = identifiers(text);
    out.retain(|b| {
        b.mandatory
            || b.at == text.len()
            || !idents.iter().any(|r| r.start < b.at && b.at < r.end)
                && is_grapheme_boundary(text, b.at)
    });
    out.sort_by_key(|b| (b.at, !b.mandatory));
    out.dedup_by_key(|b| b.at);
    (out, idents)
}

/// Whether `at` is between two grapheme clusters of `text`.
pub fn is_grapheme_boundary(text: &str, at: usize) -> bool {
    if at == 0 || at >= text.len() {
        return true;
    }
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

/// Maximal spans of characters of line-break class SA (no spaces between words).
fn complex_context_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    for (i, c) in text.char_indices() {
        // Only scripts outside ASCII can be SA; skip the lookup for ASCII.
        if (c as u32) < 0x0E00 {
            continue;
        }
        if unicode_linebreak::break_property(c as u32) == BreakClass::ComplexContext {
            match spans.last_mut() {
                Some(r) if r.end == i => r.end = i + c.len_utf8(),
                _ => spans.push(i..i + c.len_utf8()),
            }
        }
    }
    spans
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | '_' | '#' | '+')
}

fn is_phone_group(s: &str) -> bool {
    !s.is_empty()
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '(' | ')' | '-' | '.'))
}

/// Spans that must not be broken: a word of letters, digits and `- / . _ # +` holding a
/// digit and a letter or separator (`HS-B7731`, `LCC/SP/2025/118`, `C-00931`,
/// `NSC-2026-0303-001`); an e-mail address; a phone number written in groups
/// (`+44 113 496 0000`: groups of digits, seven digits or more in all). Punctuation around
/// a word (`(`, `,`, `.` at its end) is not part of it.
pub fn identifiers(text: &str) -> Vec<Range<usize>> {
    // Words: maximal runs of non-whitespace, with their byte ranges.
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    // The core of each word, without surrounding punctuation.
    let core = |r: &Range<usize>| -> Range<usize> {
        let w = &text[r.clone()];
        let lead = w.len() - w.trim_start_matches(['(', '[', '"', '\'']).len();
        let trimmed = w.trim_end_matches([',', ';', ':', ')', ']', '"', '\'', '.', '!', '?']);
        r.start + lead..(r.start + trimmed.len()).max(r.start + lead)
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // Phone numbers: consecutive digit groups.
        let mut j = i;
        let mut digits = 0;
        while j < words.len() {
            let c = core(&words[j]);
            let s = &text[c.clone()];
            // A group must be the whole word, but the last may carry trailing punctuation.
            if !is_phone_group(s) || (c.start != words[j].start) && j > i {
                break;
            }
            digits += s.chars().filter(char::is_ascii_digit).count();
            j += 1;
            if c.end != words[j - 1].end {
                break;
            }
        }
        if j > i + 1 && digits >= 7 {
            let first = core(&words[i]);
            let last = core(&words[j - 1]);
            out.push(first.start..last.end);
            i = j;
            continue;
        }
        let c = core(&words[i]);
        let s = &text[c.clone()];
        let ident = s.len() >= 3
            && s.chars().all(is_ident_char)
            && s.chars().any(|c| c.is_ascii_digit())
            && s.chars()
                .any(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '/' | '.' | '_'));
        let email = s.contains('@') && s.len() >= 3;
        if ident || email {
            out.push(c);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        identifiers(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn identifiers_are_found_without_their_punctuation() {
        assert_eq!(
            spans("lot HS-B7731, licence LCC/SP/2025/118. Client (C-00931)"),
            ["HS-B7731", "LCC/SP/2025/118", "C-00931"]
        );
        assert_eq!(
            spans("Telephone +44 113 496 0000, desk@northside.example."),
            ["+44 113 496 0000", "desk@northside.example"]
        );
        // Ordinary numbers in prose are not phone numbers.
        assert!(spans("some 10 to 30 days apart, aged 37 on 14 March 2026").is_empty());
    }

    #[test]
    fn no_break_inside_an_identifier_or_a_grapheme() {
        let text = "Lot HS-B7731-X2 and NSC-2026-0303-001 e\u{301}\u{302}tre";
        let (b, _) = breaks(text);
        for br in &b {
            assert!(!text[..br.at].ends_with("HS-"), "{b:?}");
            assert!(!text[..br.at].ends_with("NSC-"), "{b:?}");
            assert!(is_grapheme_boundary(text, br.at));
        }
    }

    #[test]
    fn thai_breaks_between_words() {
        // "สมชาย ใจดี ทุกสองสัปดาห์": the dictionary finds ทุก|สอง|สัปดาห์.
        let text = "ทุกสองสัปดาห์";
        let (b, _) = breaks(text);
        let at: Vec<usize> = b.iter().map(|b| b.at).collect();
        assert_eq!(at, [9, 18, 39]);
    }
}
