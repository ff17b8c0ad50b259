/// Names whose clusters hold several glyphs: a vowel sign drawn before its consonant (ि, ি,
/// ਿ, ெ), a conjunct (ਪ੍ਰ), a sign above or below (ੰ, ु), a vowel sign in two parts drawn on
/// both sides of its consonant (ো, ৌ, ொ, ோ: one character, three glyphs), and one glyph
/// standing for two texts (the ि of "नि" and of "कि"). Shared by tests/scripts.rs (pdftotext
/// and `pdfinfo -struct-text`) and tests/pdfjs.rs (pdf.js), through `include!`.
const CLUSTERED_NAMES: &[(&str, &str)] = &[
    ("devanagari", "अनिल कुमार"),
    ("devanagari-two", "निकिता शर्मा"),
    ("bengali", "সুমন দাস"),
    ("gurmukhi", "ਹਰਪ੍ਰੀਤ ਸਿੰਘ"),
    ("gujarati", "ભાવેશ પટેલ"),
    ("tamil", "முருகன் செல்வம்"),
    ("thai", "สมชาย ใจดี"),
    ("bengali-two-part", "সৌরভ ঘোষ"),
    ("tamil-two-part", "கோபால் பொன்னன்"),
];
