//! Text: the only module that opens a font. It turns styled text into shaped glyph runs
//! that layout places and `pdf` writes as glyph ids.
//!
//! - **Normalisation**: text is shaped from its NFC form, so decomposed and precomposed
//!   letters look the same (the record itself is never changed).
//! - **Fonts**: a fallback chain per style (`fonts`); each grapheme cluster takes the first
//!   face that has all its characters, so combining marks stay with their base; punctuation
//!   and spaces stay in the face around them.
//! - **Bidi**: UAX #9 levels for the paragraph (unicode-bidi); runs are reordered per line,
//!   after line breaking ([`visual_order`]).
//! - **Shaping**: HarfBuzz's algorithm (rustybuzz) per run of one face, script and
//!   direction, with the fonts' GSUB, GPOS and GDEF: kerning, marks, Arabic joining, Indic
//!   reordering, the fonts' default ligatures. Shaped runs are cached per thread (most of a
//!   form is the same template text for every client); the cache changes nothing but time.
//! - **Breaking** (`segment`): UAX #14, dictionary word breaks for Thai, never inside a
//!   grapheme cluster or an identifier.
//!
//! Advances are in font units; a run's width at a size is `advance * size / upem`.

mod fonts;
mod segment;

pub use fonts::{FACE_COUNT, FaceId, FaceRef, Style, any_covers};

/// The font program of a face, for embedding.
pub fn face_bytes(face: FaceId) -> &'static [u8] {
    fonts::file(face).bytes
}

/// The file name of a face in `fonts/`.
pub fn face_file(face: FaceId) -> &'static str {
    fonts::file(face).file
}

/// The parsed face (its tables, for a PDF font descriptor's metrics).
pub fn face_tables(face: FaceId) -> &'static rustybuzz::Face<'static> {
    &fonts::face(face).hb
}

/// Whether a face is one of the Latin (DejaVu) faces, which print most of every document.
pub fn is_latin_face(face: FaceId) -> bool {
    face.0 <= 2
}
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;
use unicode_script::{Script, UnicodeScript};

/// A positioned glyph, in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    /// Glyph id in the face (never 0: a run with a missing glyph is an error).
    pub id: u16,
    /// How far the pen moves after it.
    pub advance: i32,
    /// Horizontal shift of the glyph from the pen.
    pub dx: i32,
    /// Vertical shift of the glyph from the baseline.
    pub dy: i32,
}

/// Glyphs that show one piece of text together (a letter, a letter with its marks, a
/// ligature, an Indic syllable part whose glyphs were reordered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// Its glyphs, in visual order.
    pub glyphs: Range<usize>,
    /// Its text, a byte range of the run's text.
    pub text: Range<usize>,
}

/// Text of one face, script and direction, shaped.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// The face, and whether bold is synthesised.
    pub face: FaceRef,
    /// Right to left: glyphs and clusters are in visual order, the text in logical order.
    pub rtl: bool,
    /// The text, NFC, in logical order.
    pub text: Box<str>,
    /// The glyphs, left to right as drawn.
    pub glyphs: Vec<Glyph>,
    /// The clusters, left to right as drawn.
    pub clusters: Vec<Cluster>,
    /// Sum of the advances.
    pub advance: i32,
    /// Units per em of the face.
    pub upem: u16,
}

impl GlyphRun {
    /// Width in points at `size`.
    pub fn width(&self, size: f32) -> f32 {
        self.advance as f32 * size / self.upem as f32
    }

    /// Width in ems.
    pub fn em(&self) -> f32 {
        self.advance as f32 / self.upem as f32
    }

    /// Whether the run is nothing but white space.
    pub fn is_space(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// A character that no shipped face can show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no font can show {} (U+{:04X} {})", .0, *.0 as u32, char_name(*.0))]
pub struct MissingGlyph(pub char);

/// The Unicode name of a character (`GRINNING FACE`), or `unnamed`.
pub fn char_name(c: char) -> String {
    unicode_names2::name(c)
        .map(|n| n.to_string())
        .unwrap_or_else(|| "unnamed".into())
}

/// Characters that are drawn as nothing: controls and default-ignorable code points (joiners,
/// direction marks, variation selectors, soft hyphen). Fonts need no glyph for them.
pub fn is_invisible(c: char) -> bool {
    let cp = c as u32;
    c.is_control()
        || matches!(cp,
            0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
            | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF)
}

/// The characters of `text` (taken in NFC, as it is shaped) that no shipped face can
/// show, in order of first appearance.
pub fn uncovered(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    // Fast path: the bulk of records is ASCII, which DejaVu covers.
    if text.is_ascii() {
        return out;
    }
    for c in text.nfc() {
        if !c.is_whitespace() && !is_invisible(c) && !any_covers(c) && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Whether `text` is in Normalization Form C.
pub fn is_nfc(text: &str) -> bool {
    text.is_ascii() || unicode_normalization::is_nfc(text)
}

/// NFC of `text`, borrowing when it already is.
fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if is_nfc(text) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

// ---------------------------------------------------------------------------------------
// Shaping
// ---------------------------------------------------------------------------------------

/// A shaped run's cache key: face, direction, script and a hash of the text (the text
/// itself is compared on a hit, so a hash collision only costs a shaping).
type RunKey = (FaceRef, bool, u32, u64);

thread_local! {
    static RUNS: RefCell<Cache<RunKey, GlyphRun>> = RefCell::new(Cache::default());
    static PLANS: RefCell<HashMap<(FaceId, bool, u32), rustybuzz::ShapePlan>> =
        RefCell::new(HashMap::new());
    static PARAGRAPHS: RefCell<Cache<u64, Paragraph>> = RefCell::new(Cache::default());
}

/// Shaped runs kept per thread.
const RUN_CACHE: usize = 10_000;

/// Shaped paragraphs kept per thread (most paragraphs of a form are the template's own).
const PARAGRAPH_CACHE: usize = 1_000;

/// A bounded cache: when full, what was used since the last sweep stays (the template's
/// text, used by every document) and the rest goes (one-off names); if that is still more
/// than half, it starts again. Memory stays bounded whatever the batch.
struct Cache<K, V> {
    map: HashMap<K, (Arc<V>, bool)>,
}

impl<K, V> Default for Cache<K, V> {
    fn default() -> Self {
        Cache {
            map: HashMap::new(),
        }
    }
}

impl<K: std::hash::Hash + Eq, V> Cache<K, V> {
    fn get(&mut self, k: &K) -> Option<Arc<V>> {
        let (v, used) = self.map.get_mut(k)?;
        *used = true;
        Some(v.clone())
    }

    fn insert(&mut self, k: K, v: Arc<V>, cap: usize) {
        if self.map.len() >= cap {
            self.map.retain(|_, (_, used)| std::mem::take(used));
            if self.map.len() >= cap / 2 {
                self.map.clear();
            }
            self.map.shrink_to(cap);
        }
        self.map.insert(k, (v, false));
    }
}

fn hash_of(x: impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(x)
}

fn hb_script(s: Script) -> Option<rustybuzz::Script> {
    let name = s.short_name();
    let tag = rustybuzz::ttf_parser::Tag::from_bytes_lossy(name.as_bytes());
    rustybuzz::Script::from_iso15924_tag(tag)
}

/// Shapes `text` in one face and direction, as a run of `script` (cached).
fn shape_cached(
    face: FaceRef,
    rtl: bool,
    script: Script,
    text: &str,
) -> Result<Arc<GlyphRun>, MissingGlyph> {
    let key = (face, rtl, script as u32, hash_of(text));
    if let Some(hit) = RUNS.with(|c| c.borrow_mut().get(&key))
        && *hit.text == *text
    {
        return Ok(hit);
    }
    let run = Arc::new(shape(face, rtl, script, text)?);
    RUNS.with(|c| c.borrow_mut().insert(key, run.clone(), RUN_CACHE));
    Ok(run)
}

/// Shapes `text` in one face and direction with the font's default features, as
/// `hb-shape` does. Glyph 0 (no glyph) is an error, except for invisible characters,
/// which are dropped.
pub fn shape(
    face_ref: FaceRef,
    rtl: bool,
    script: Script,
    text: &str,
) -> Result<GlyphRun, MissingGlyph> {
    let face = fonts::face(face_ref.face);
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(text);
    let direction = if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    };
    buf.set_direction(direction);
    let hb_script = hb_script(script);
    if let Some(s) = hb_script {
        buf.set_script(s);
    }
    buf.guess_segment_properties();
    let plan_key = (
        face_ref.face,
        rtl,
        hb_script.map(|s| s.tag().0).unwrap_or(0),
    );
    let out = PLANS.with(|p| {
        let mut p = p.borrow_mut();
        let plan = p.entry(plan_key).or_insert_with(|| {
            rustybuzz::ShapePlan::new(&face.hb, direction, hb_script, None, &[])
        });
        rustybuzz::shape_with_plan(&face.hb, plan, buf)
    });
    let infos = out.glyph_infos();
    let positions = out.glyph_positions();
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut cluster_of = Vec::with_capacity(infos.len());
    for (info, pos) in infos.iter().zip(positions) {
        let cl = info.cluster as usize;
        if info.glyph_id == 0 {
            let end = text[cl..]
                .char_indices()
                .nth(1)
                .map(|(i, _)| cl + i)
                .unwrap_or(text.len());
            let c = text[cl..end].chars().next().unwrap_or('\u{FFFD}');
            if text[cl..].chars().take_while(|c| is_invisible(*c)).count() > 0 {
                continue;
            }
            return Err(MissingGlyph(c));
        }
        glyphs.push(Glyph {
            id: info.glyph_id as u16,
            advance: pos.x_advance,
            dx: pos.x_offset,
            dy: pos.y_offset,
        });
        cluster_of.push(cl);
    }
    // Cluster boundaries: text of a cluster runs from its value to the next larger value.
    let mut starts: Vec<usize> = cluster_of.clone();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |s: usize| -> usize {
        match starts.binary_search(&s) {
            Ok(i) => starts.get(i + 1).copied().unwrap_or(text.len()),
            Err(_) => text.len(),
        }
    };
    let mut clusters: Vec<Cluster> = Vec::new();
    for (i, &cl) in cluster_of.iter().enumerate() {
        match clusters.last_mut() {
            Some(c) if c.text.start == cl => c.glyphs.end = i + 1,
            _ => clusters.push(Cluster {
                glyphs: i..i + 1,
                text: cl..end_of(cl),
            }),
        }
    }
    // Text the shaper dropped entirely (invisible characters) before the first cluster.
    if let Some(first) = starts.first()
        && *first > 0
    {
        let lowest = clusters.iter_mut().min_by_key(|c| c.text.start);
        if let Some(c) = lowest {
            c.text.start = 0;
        }
    }
    let advance = glyphs.iter().map(|g| g.advance).sum();
    Ok(GlyphRun {
        face: face_ref,
        rtl,
        text: text.into(),
        glyphs,
        clusters,
        advance,
        upem: face.upem,
    })
}

/// Shapes `text` in the first face of the style's chain that has each character, in one
/// direction, for tests and tools that compare with other shapers: the runs, in logical
/// order.
pub fn shape_text(text: &str, style: Style) -> Result<Vec<Arc<GlyphRun>>, MissingGlyph> {
    let p = Paragraph::new(&[(text, style)])?;
    Ok(p.pieces
        .iter()
        .flat_map(|piece| piece.runs.iter().map(|(_, r)| r.clone()))
        .collect())
}

// ---------------------------------------------------------------------------------------
// Paragraphs
// ---------------------------------------------------------------------------------------

/// Text between two line-break opportunities, shaped: the unit layout places.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Runs in logical order, each with its bidi level.
    pub runs: Vec<(u8, Arc<GlyphRun>)>,
    /// How many of `runs` are content; the rest are trailing white space, which may hang
    /// past the end of a line.
    pub content: usize,
    /// The paragraph after this piece starts on a new line.
    pub mandatory_break: bool,
    /// The piece is (or is inside) an identifier that must stay on one line.
    pub identifier: bool,
    /// Its byte range in the paragraph text.
    pub range: Range<usize>,
    /// The bidi paragraph it belongs to is right to left.
    pub rtl_paragraph: bool,
}

impl Piece {
    /// Width in ems of the content, without trailing white space.
    pub fn content_em(&self) -> f32 {
        self.runs[..self.content].iter().map(|(_, r)| r.em()).sum()
    }
    /// Width in ems including trailing white space.
    pub fn em(&self) -> f32 {
        self.runs.iter().map(|(_, r)| r.em()).sum()
    }
}

/// A paragraph analysed and shaped, ready to be broken into lines.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// NFC text.
    pub text: String,
    /// The pieces, in logical order.
    pub pieces: Vec<Piece>,
    styles: Vec<(usize, Style)>,
    /// Length and hash of the styled text it was made from (for the cache).
    source_len: usize,
    source_hash: u64,
    levels: Option<Vec<u8>>,
    paragraphs_rtl: Vec<(usize, bool)>,
    idents: Vec<Range<usize>>,
    /// Laid out in a right-to-left document (every paragraph's base level is RTL).
    base_rtl: bool,
}

thread_local! {
    static BASE_RTL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with every paragraph shaped in it right to left at its base (UAX #9 HL1: a
/// right-to-left document such as an Arabic form), on this thread.
pub fn with_base_direction<R>(rtl: bool, f: impl FnOnce() -> R) -> R {
    let before = BASE_RTL.with(|b| b.replace(rtl));
    let r = f();
    BASE_RTL.with(|b| b.set(before));
    r
}

/// Whether paragraphs are being shaped for a right-to-left document.
pub fn base_rtl() -> bool {
    BASE_RTL.with(|b| b.get())
}

/// Whether the text holds any right-to-left character (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko, ... and their presentation forms).
fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF
            | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF | 0x200F | 0x202B | 0x202E | 0x2067)
    })
}

impl Paragraph {
    /// [`Paragraph::new`], cached per thread: the same styled text gives the same
    /// paragraph.
    pub fn cached(runs: &[(&str, Style)]) -> Result<Arc<Paragraph>, MissingGlyph> {
        let rtl = base_rtl();
        let source = hash_of(runs);
        let key = source ^ u64::from(rtl);
        let same = |p: &Paragraph| {
            p.base_rtl == rtl
                && p.styles.len() == runs.len()
                && p.styles.iter().zip(runs).all(|((_, a), (_, b))| a == b)
                && p.source_len == runs.iter().map(|(t, _)| t.len()).sum::<usize>()
                && p.source_hash == source
        };
        if let Some(hit) = PARAGRAPHS.with(|c| c.borrow_mut().get(&key))
            && same(&hit)
        {
            return Ok(hit);
        }
        let p = Arc::new(Paragraph::new(runs)?);
        PARAGRAPHS.with(|c| c.borrow_mut().insert(key, p.clone(), PARAGRAPH_CACHE));
        Ok(p)
    }

    /// Analyses and shapes styled text.
    pub fn new(runs: &[(&str, Style)]) -> Result<Paragraph, MissingGlyph> {
        let mut text = String::new();
        let mut styles = Vec::with_capacity(runs.len());
        for (t, s) in runs {
            styles.push((text.len(), *s));
            text.push_str(&nfc(t));
        }
        let (breaks, idents) = segment::breaks(&text);
        let base_rtl = base_rtl();
        let (levels, paragraphs_rtl) = if base_rtl || has_rtl(&text) {
            // The forms are written left to right: a paragraph is right to left only when
            // all its letters are (a Hebrew address in a cell), not because it starts with
            // a Hebrew name followed by English (UAX #9 allows a higher-level protocol to
            // set the paragraph level, HL1).
            let has_ltr = text
                .chars()
                .any(|c| unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::L);
            let level = if base_rtl {
                Some(unicode_bidi::Level::rtl())
            } else {
                has_ltr.then(unicode_bidi::Level::ltr)
            };
            let bidi = unicode_bidi::BidiInfo::new(&text, level);
            let paras = bidi
                .paragraphs
                .iter()
                .map(|p| (p.range.start, p.level.is_rtl()))
                .collect();
            let mut levels: Vec<u8> = bidi.levels.iter().map(|l| l.number()).collect();
            // An identifier reads left to right as a whole, even inside right-to-left text
            // (as if isolated with LRI ... PDI): without this, the groups of a phone number
            // in a Hebrew line would come out in reverse order.
            for r in &idents {
                let top = levels[r.clone()].iter().copied().max().unwrap_or(0);
                let even = top + top % 2;
                levels[r.clone()].iter_mut().for_each(|l| *l = even);
            }
            (Some(levels), paras)
        } else {
            (None, vec![(0, false)])
        };
        let mut p = Paragraph {
            source_len: runs.iter().map(|(t, _)| t.len()).sum(),
            source_hash: hash_of(runs),
            text,
            pieces: Vec::new(),
            styles,
            levels,
            paragraphs_rtl,
            idents,
            base_rtl,
        };
        let mut start = 0;
        for b in breaks {
            let piece = p.piece(start..b.at, b.mandatory && b.at < p.text.len())?;
            if let Some(piece) = piece {
                p.pieces.push(piece);
            } else if b.mandatory && b.at < p.text.len() {
                // An empty line between two forced breaks.
                p.pieces.push(Piece {
                    runs: Vec::new(),
                    content: 0,
                    mandatory_break: true,
                    identifier: false,
                    range: start..b.at,
                    rtl_paragraph: p.rtl_at(start),
                });
            }
            start = b.at;
        }
        Ok(p)
    }

    fn style_at(&self, i: usize) -> Style {
        self.styles
            .iter()
            .rev()
            .find(|(s, _)| *s <= i)
            .map(|(_, st)| *st)
            .unwrap_or(Style::Regular)
    }

    fn level_at(&self, i: usize) -> u8 {
        self.levels
            .as_ref()
            .and_then(|l| l.get(i).copied())
            .unwrap_or(0)
    }

    fn rtl_at(&self, i: usize) -> bool {
        self.paragraphs_rtl
            .iter()
            .rev()
            .find(|(s, _)| *s <= i)
            .is_some_and(|(_, r)| *r)
    }

    /// Whether a byte range lies inside an identifier.
    fn in_identifier(&self, r: &Range<usize>) -> bool {
        self.idents
            .iter()
            .any(|i| i.start < r.end && r.start < i.end && !self.text[r.clone()].trim().is_empty())
    }

    /// Shapes a byte range of the text (between break opportunities, or part of one) as a
    /// piece; `None` when it holds nothing visible.
    pub fn piece(
        &self,
        range: Range<usize>,
        mandatory_break: bool,
    ) -> Result<Option<Piece>, MissingGlyph> {
        let full = &self.text[range.clone()];
        let body = full.trim_end_matches(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']);
        let content_len = body.trim_end().len();
        if body.is_empty() {
            return Ok(None);
        }
        let mut runs = self.itemize(range.start..range.start + content_len)?;
        let content = runs.len();
        if body.len() > content_len {
            runs.extend(self.itemize(range.start + content_len..range.start + body.len())?);
        }
        if runs.is_empty() {
            return Ok(None);
        }
        Ok(Some(Piece {
            runs,
            content,
            mandatory_break,
            identifier: self.in_identifier(&range),
            rtl_paragraph: self.rtl_at(range.start),
            range,
        }))
    }

    /// Splits a byte range into runs of one face, script, bidi level and style, and shapes
    /// each.
    fn itemize(&self, range: Range<usize>) -> Result<Vec<(u8, Arc<GlyphRun>)>, MissingGlyph> {
        if range.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(run) = self.ascii_run(range.clone())? {
            return Ok(vec![(0, run)]);
        }
        self.itemize_each(range)
    }

    /// `itemize` character by character (grapheme by grapheme).
    fn itemize_each(&self, range: Range<usize>) -> Result<Vec<(u8, Arc<GlyphRun>)>, MissingGlyph> {
        use unicode_segmentation::UnicodeSegmentation;
        let text = &self.text[range.clone()];
        let mut out = Vec::new();
        // (start, face, level, script) per grapheme or per character.
        let mut cuts: Vec<(usize, FaceRef, u8, Script)> = Vec::new();
        let mut prev_face: Option<FaceRef> = None;
        let mut prev_script: Option<Script> = None;
        for (gi, g) in text.grapheme_indices(true) {
            let at = range.start + gi;
            let style = self.style_at(at);
            let level = self.level_at(at);
            let visible = |c: &char| !is_invisible(*c);
            let neutral = g
                .chars()
                .all(|c| matches!(c.script(), Script::Common | Script::Inherited));
            let covers_all =
                |f: FaceRef| g.chars().filter(visible).all(|c| fonts::covers(f.face, c));
            let face = match prev_face {
                Some(f) if neutral && covers_all(f) && fonts::chain(style).contains(&f) => f,
                _ => fonts::chain(style)
                    .iter()
                    .copied()
                    .find(|f| covers_all(*f))
                    .or_else(|| {
                        g.chars()
                            .find(visible)
                            .and_then(|c| fonts::first_covering(style, c))
                    })
                    .or(prev_face)
                    .or_else(|| fonts::chain(style).first().copied())
                    .ok_or(MissingGlyph(g.chars().next().unwrap_or('\u{FFFD}')))?,
            };
            let script = g
                .chars()
                .map(|c| c.script())
                .find(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
                .or(prev_script)
                .unwrap_or(Script::Common);
            // A cluster no single face shows (a mark from another script): each character
            // that the cluster's face lacks goes to its own face.
            if g.chars()
                .filter(visible)
                .all(|c| fonts::covers(face.face, c))
            {
                cuts.push((at, face, level, script));
            } else {
                for (ci, c) in g.char_indices() {
                    let f = if !visible(&c) || fonts::covers(face.face, c) {
                        face
                    } else {
                        fonts::first_covering(style, c).ok_or(MissingGlyph(c))?
                    };
                    cuts.push((at + ci, f, level, script));
                }
            }
            prev_face = Some(face);
            prev_script = Some(script);
        }
        // Leading neutral characters take the script of what follows.
        if let Some(first_real) = cuts.iter().map(|c| c.3).find(|s| *s != Script::Common) {
            for c in cuts.iter_mut() {
                if c.3 != Script::Common {
                    break;
                }
                c.3 = first_real;
            }
        }
        let mut i = 0;
        while i < cuts.len() {
            let (start, face, level, script) = cuts[i];
            let mut j = i + 1;
            while j < cuts.len() && (cuts[j].1, cuts[j].2, cuts[j].3) == (face, level, script) {
                j += 1;
            }
            let end = cuts.get(j).map(|c| c.0).unwrap_or(range.end);
            let run = shape_cached(face, level % 2 == 1, script, &self.text[start..end])?;
            out.push((level, run));
            i = j;
        }
        Ok(out)
    }

    /// The run `itemize` makes of printable ASCII in one style in left-to-right text, which
    /// the style's first face shows (most of every document), without looking at each
    /// character's script, face and level: the first face, level 0, and Latin when there is
    /// a letter (the neutral characters take the script around them), else Common. `None`
    /// when the range is anything else.
    fn ascii_run(&self, range: Range<usize>) -> Result<Option<Arc<GlyphRun>>, MissingGlyph> {
        let text = &self.text[range.clone()];
        if self.levels.is_some()
            || !text.bytes().all(|b| (0x20..0x7f).contains(&b))
            || self
                .styles
                .iter()
                .any(|(s, _)| range.start < *s && *s < range.end)
        {
            return Ok(None);
        }
        let Some(&face) = fonts::chain(self.style_at(range.start)).first() else {
            return Ok(None);
        };
        if !text.chars().all(|c| fonts::covers(face.face, c)) {
            return Ok(None);
        }
        let script = if text.bytes().any(|b| b.is_ascii_alphabetic()) {
            Script::Latin
        } else {
            Script::Common
        };
        shape_cached(face, false, script, text).map(Some)
    }

    /// Splits a piece that is wider than `max_em` into smaller pieces that fit: for an
    /// identifier at its own hyphens first, then between grapheme clusters.
    pub fn split(&self, piece: &Piece, max_em: f32) -> Result<Vec<Piece>, MissingGlyph> {
        let text = &self.text[piece.range.clone()];
        let mut cuts: Vec<usize> = Vec::new();
        if piece.identifier {
            // Its own separators: after a hyphen, or between the groups of a phone number.
            cuts.extend(
                text.match_indices(['-', ' '])
                    .map(|(i, _)| piece.range.start + i + 1)
                    .filter(|i| *i < piece.range.end),
            );
        }
        // Greedy: from each start, the longest part up to a cut that fits (at least one
        // cut's worth, so that something is always placed).
        let try_cuts = |cuts: &[usize]| -> Result<Vec<Piece>, MissingGlyph> {
            let end = piece.range.end;
            let bounds: Vec<usize> = cuts.iter().copied().chain([end]).collect();
            let mut out: Vec<Piece> = Vec::new();
            let mut start = piece.range.start;
            let mut k = 0;
            while start < end {
                while bounds[k] <= start {
                    k += 1;
                }
                let mut best: Option<(usize, Piece)> = None;
                for (kk, &e) in bounds.iter().enumerate().skip(k) {
                    let Some(p) = self.piece(start..e, e == end && piece.mandatory_break)? else {
                        continue;
                    };
                    let fits = p.content_em() <= max_em;
                    if fits || best.is_none() {
                        best = Some((kk, p));
                    }
                    if !fits {
                        break;
                    }
                }
                let Some((kk, p)) = best else { break };
                out.push(Piece {
                    identifier: piece.identifier,
                    ..p
                });
                start = bounds[kk];
                k = kk;
            }
            Ok(out)
        };
        if !cuts.is_empty() {
            let parts = try_cuts(&cuts)?;
            if parts.iter().all(|p| p.content_em() <= max_em) {
                return Ok(parts);
            }
        }
        let graphemes: Vec<usize> = {
            use unicode_segmentation::UnicodeSegmentation;
            text.grapheme_indices(true)
                .map(|(i, _)| piece.range.start + i)
                .filter(|i| *i > piece.range.start)
                .collect()
        };
        try_cuts(&graphemes)
    }
}

/// The visual order of runs on a line from their bidi levels (UAX #9 rule L2): from the
/// highest level down to the lowest odd one, every maximal sequence at that level or
/// higher is reversed.
pub fn visual_order(levels: &[u8]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..levels.len()).collect();
    let Some(&max) = levels.iter().max() else {
        return order;
    };
    let Some(min_odd) = levels.iter().copied().filter(|l| l % 2 == 1).min() else {
        // No right-to-left run: only even levels above 0 could remain; reverse those too.
        let min_nonzero = levels.iter().copied().filter(|l| *l > 0).min();
        if let Some(m) = min_nonzero {
            reverse_from(&mut order, levels, max, m);
        }
        return order;
    };
    reverse_from(&mut order, levels, max, min_odd);
    order
}

/// [`visual_order`] for a line of a right-to-left paragraph: its embedding level (1) takes
/// part in UAX #9 rule L2 even when no run of the line is at it (a line holding only Latin
/// words in an Arabic paragraph keeps their order).
pub fn visual_order_rtl(levels: &[u8]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..levels.len()).collect();
    if let Some(&max) = levels.iter().max() {
        reverse_from(&mut order, levels, max.max(1), 1);
    }
    order
}

fn reverse_from(order: &mut [usize], levels: &[u8], max: u8, min: u8) {
    for lvl in (min..=max).rev() {
        let mut i = 0;
        while i < order.len() {
            if levels[order[i]] >= lvl {
                let mut j = i;
                while j < order.len() && levels[order[j]] >= lvl {
                    j += 1;
                }
                order[i..j].reverse();
                i = j;
            } else {
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph_text(runs: &[Arc<GlyphRun>]) -> String {
        runs.iter().map(|r| r.text.to_string()).collect()
    }

    #[test]
    fn every_script_of_the_issue_shapes_without_missing_glyphs() {
        for name in [
            "محمد الأحمد",
            "王小明",
            "अनिल कुमार",
            "שרה כהן",
            "สมชาย ใจดี",
            "김민준",
            "さくら",
            "Nguyễn Văn Anh",
            "Ժաննա",
            "ნინო",
            "সুমন",
            "ਹਰਪ੍ਰੀਤ",
            "ભાવેશ",
            "முருகன்",
            "ژیلا پورمند",
            "عمران خان",
        ] {
            for style in [Style::Regular, Style::Bold, Style::Italic] {
                let runs = shape_text(name, style).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(glyph_text(&runs), name);
                for r in &runs {
                    assert!(r.glyphs.iter().all(|g| g.id != 0), "{name}");
                }
            }
        }
    }

    #[test]
    fn the_ascii_fast_path_makes_the_runs_the_character_by_character_path_makes() {
        let cases: [&[(&str, Style)]; 6] = [
            &[("Consent to scalp micropigmentation", Style::Regular)],
            &[("12:30, 03/03/2026 (#4)", Style::Regular)],
            &[(" - ", Style::Bold)],
            &[("Name: ", Style::Bold), ("O'Connor-Hughes", Style::Regular)],
            &[
                ("Ref. ", Style::Italic),
                ("", Style::Bold),
                ("AB-12", Style::Italic),
            ],
            &[("~{}|`^ \\ x", Style::Regular)],
        ];
        let mut fast_used = 0;
        for runs in cases {
            let p = Paragraph::new(runs).unwrap();
            let all = 0..p.text.len();
            for r in [
                all.clone(),
                0..p.text.len() / 2,
                p.text.len() / 3..p.text.len(),
            ] {
                if !p.text.is_char_boundary(r.start) || !p.text.is_char_boundary(r.end) {
                    continue;
                }
                let fast = p.itemize(r.clone()).unwrap();
                let each = p.itemize_each(r.clone()).unwrap();
                assert_eq!(fast, each, "{:?} {r:?}", &p.text[r.clone()]);
                fast_used += usize::from(p.ascii_run(r).unwrap().is_some());
            }
        }
        // The cases exercise the fast path, not only the fallback.
        assert!(fast_used >= 10, "{fast_used}");
    }

    #[test]
    fn decomposed_and_precomposed_shape_the_same() {
        let pre = shape_text("Nguyễn", Style::Regular).unwrap();
        let dec = shape_text("Nguye\u{302}\u{303}n", Style::Regular).unwrap();
        assert_eq!(pre, dec);
    }

    #[test]
    fn latin_is_kerned() {
        let to = shape_text("To", Style::Bold).unwrap();
        let t = shape_text("T", Style::Bold).unwrap();
        let o = shape_text("o", Style::Bold).unwrap();
        assert!(to[0].advance < t[0].advance + o[0].advance);
    }

    #[test]
    fn uncovered_characters_are_named() {
        assert_eq!(
            uncovered("Bob \u{1F600} \u{10000}"),
            ['\u{1F600}', '\u{10000}']
        );
        assert!(uncovered("王小明 محمد\u{200D}").is_empty());
        assert_eq!(
            MissingGlyph('\u{1F600}').to_string(),
            "no font can show \u{1F600} (U+1F600 GRINNING FACE)"
        );
    }

    #[test]
    fn runs_reorder_by_level() {
        assert_eq!(visual_order(&[0, 1, 1, 0]), [0, 2, 1, 3]);
        assert_eq!(visual_order(&[0, 1, 2, 1]), [0, 3, 2, 1]);
        assert_eq!(visual_order(&[1, 1, 1]), [2, 1, 0]);
    }
}
