//! Pages into PDF bytes: the only module that touches printpdf.
//!
//! `write` is a pure function: the same pages, fonts, images, record fingerprint and date
//! give the same bytes in any process, at any point of a batch, on any thread.
//! printpdf draws resource ids from a process-wide counter (`add_font`, `add_image`, ...),
//! so none of those calls is used: fonts and images are inserted under ids derived from the
//! record fingerprint, the Info dictionary is replaced with one whose dates come from the
//! record, and the trailer `/ID` is the record fingerprint. The source record is attached
//! as an embedded file (`/EmbeddedFiles` and `/AF`, relationship Source).
//!
//! Text arrives shaped (`text`): glyph ids with their advances and offsets, and the text
//! each cluster of glyphs shows. Each face a document uses is embedded as a subset of the
//! glyphs it uses; the text layer maps every glyph to its text (/ToUnicode), and a cluster
//! whose glyphs do not spell its text one by one (reordered Indic syllables, one text drawn
//! by several glyphs) carries its text as /ActualText, so that text extraction gives the
//! text back in logical order. Glyph 0 is never written.
//!
//! Full faces are parsed for subsetting on first use, once per process; subsets are made
//! once per glyph set and shared (`Fonts` is Send + Sync); images are decoded and compressed
//! once per document set.

use crate::layout::{Item, Page};
use crate::text::{self, FaceId, GlyphRun};
use lopdf::{Dictionary, Object, Stream, StringFormat};
use printpdf::{
    Codepoint, Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, XObject, XObjectId,
    XObjectTransform,
};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Document metadata for the Info dictionary.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// /Title.
    pub title: String,
    /// /Author (the clinic).
    pub author: String,
    /// /Subject (the record id).
    pub subject: String,
    /// /Creator (smpdoc and its version).
    pub creator: String,
    /// /CreationDate and /ModDate, as seconds since 1970 (taken from the record).
    pub date_unix: i64,
}

/// A file embedded in the PDF.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// File name inside the PDF, e.g. `<record_id>.json`.
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// /Desc of the file specification.
    pub description: String,
    /// MIME type, e.g. `application/json`.
    pub mime: &'static str,
    /// /AFRelationship: `Source` for the record, `Supplement` for images it refers to.
    pub relationship: &'static str,
}

/// A PDF that cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A coordinate is not a finite number (a layout bug; never written out).
    #[error("page {page}: a coordinate is not a finite number")]
    NotFinite {
        /// 1-based page.
        page: usize,
    },
    /// printpdf reported an error (e.g. a font that could not be subset).
    #[error("printpdf: {0}")]
    Printpdf(String),
}

/// The faces as printpdf subsets them, parsed on first use, and the subsets made of them.
pub struct Fonts {
    /// Full faces, by face id, parsed when a document first uses the face.
    full: Vec<OnceLock<Option<ParsedFont>>>,
    /// Subsets already made, by face and glyph set (see `subset`).
    subsets: Mutex<SubsetCache>,
}

impl Fonts {
    /// The shipped fonts (nothing is parsed until a document needs a face).
    pub fn builtin() -> Result<Fonts, PdfError> {
        Ok(Fonts {
            full: (0..text::FACE_COUNT).map(|_| OnceLock::new()).collect(),
            subsets: Mutex::new(HashMap::new()),
        })
    }

    fn full(&self, face: FaceId) -> Result<&ParsedFont, PdfError> {
        self.full[face.0 as usize]
            .get_or_init(|| {
                let mut warnings = Vec::new();
                ParsedFont::from_bytes(text::face_bytes(face), 0, &mut warnings)
            })
            .as_ref()
            .ok_or_else(|| {
                PdfError::Printpdf(format!("cannot parse font {}", text::face_file(face)))
            })
    }

    /// The subset of a face holding `glyphs` (and, for the Latin faces, printable ASCII).
    ///
    /// Subsetting is the most expensive step of writing a PDF, and most documents of a
    /// batch use the same glyphs (the template's text, ASCII data). Adding all of
    /// printable ASCII to every Latin subset makes most glyph sets identical, so the subset
    /// (and its compressed font program) is made once and reused. The result depends only
    /// on the glyph set, never on what was cached before, so output stays deterministic.
    fn subset(&self, face: FaceId, glyphs: &[u16]) -> Result<Arc<Subset>, PdfError> {
        let full = self.full(face)?;
        let mut set: Vec<u16> = glyphs.to_vec();
        if text::is_latin_face(face) {
            set.extend((' '..='~').filter_map(|c| full.lookup_glyph_index(c as u32)));
        }
        set.retain(|g| *g != 0);
        set.sort_unstable();
        set.dedup();
        let key = (face, set);
        if let Some(hit) = self.subsets.lock().ok().and_then(|m| m.get(&key).cloned()) {
            hit.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(hit);
        }
        let request: BTreeMap<u16, String> = key.1.iter().map(|g| (*g, String::new())).collect();
        let sub = printpdf::subset_font(full, &request).map_err(PdfError::Printpdf)?;
        let remap = Remap(
            sub.glyph_mapping
                .iter()
                .map(|(old, (new, _))| (*old, *new))
                .collect(),
        );
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&sub.bytes, 0, &mut warnings)
            .ok_or_else(|| PdfError::Printpdf("cannot parse a font subset".into()))?;
        // The advances a viewer takes from /W, exactly as printpdf writes them, so that
        // the positions written in the content stream are measured against the same.
        let upem = parsed.pdf_font_metrics.units_per_em as f32;
        let last = remap.0.iter().map(|(_, new)| *new).max().unwrap_or(0);
        let widths: Vec<f64> = (0..=last)
            .map(|g| {
                parsed
                    .get_or_decode_glyph(g)
                    .map(|gl| (gl.horz_advance as f32 * 1000.0 / upem) as i64)
                    .unwrap_or(0) as f64
            })
            .collect();
        let entry = Arc::new(Subset {
            hits: AtomicU32::new(0),
            compressed: zlib(&sub.bytes, COMPRESSION_LEVEL),
            name: parsed.font_name.clone().unwrap_or_default(),
            program: sub.bytes,
            parsed,
            remap,
            widths,
        });
        if let Ok(mut m) = self.subsets.lock() {
            // Bounded (some 15 KB a subset): when full, the subsets used
            // since the last sweep stay and one-off glyph sets (unusual names) go.
            if m.len() >= SUBSET_CACHE {
                m.retain(|_, s| s.hits.swap(0, Ordering::Relaxed) > 0);
                if m.len() >= SUBSET_CACHE / 2 {
                    m.clear();
                }
            }
            m.insert(key, entry.clone());
        }
        Ok(entry)
    }
}

/// Subsets by face and sorted glyph ids.
type SubsetCache = HashMap<(FaceId, Vec<u16>), Arc<Subset>>;

/// How many font subsets are kept.
const SUBSET_CACHE: usize = 64;

/// A font subset made once and embedded whole in every document that uses its glyph set.
struct Subset {
    /// Uses since the cache was last swept.
    hits: AtomicU32,
    /// The subset font program (TrueType).
    program: Vec<u8>,
    /// The same, compressed as the PDF stores it.
    compressed: Vec<u8>,
    /// PostScript name, as printpdf writes it in /BaseFont.
    name: String,
    /// The subset parsed for printpdf, which writes its widths and embeds it. Kept: its
    /// decoded glyphs are shared by every clone, so /W is not decoded again per document
    /// (a subset holds no layout tables and parses small).
    parsed: ParsedFont,
    /// Glyph id in the full face -> glyph id in the subset.
    remap: Remap,
    /// Advance of each subset glyph as /W gives it, in 1/1000 em, by subset glyph id.
    widths: Vec<f64>,
}

/// Glyph ids of a face to those of its subset: pairs sorted by the face's id.
struct Remap(Vec<(u16, u16)>);

impl Remap {
    fn get(&self, gid: &u16) -> Option<&u16> {
        self.0
            .binary_search_by_key(gid, |(old, _)| *old)
            .ok()
            .map(|i| &self.0[i].1)
    }
}

/// An image decoded and compressed once into a PDF image XObject (8-bit gray or RGB, with
/// an /SMask when it has transparency).
#[derive(Debug, Clone)]
pub struct PdfImage {
    xobject: printpdf::ExternalXObject,
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
}

impl PdfImage {
    /// Decodes a PNG or JPEG.
    pub fn decode(bytes: &[u8]) -> Result<PdfImage, String> {
        use printpdf::{DictItem, ExternalStream, ExternalXObject};
        let img = image::load_from_memory(bytes).map_err(|e| e.to_string())?;
        let (w, h) = (img.width(), img.height());
        let has_alpha = img.color().has_alpha();
        let gray = !img.color().has_color();
        let (color, alpha): (Vec<u8>, Option<Vec<u8>>) = match (gray, has_alpha) {
            (true, false) => (img.into_luma8().into_raw(), None),
            (false, false) => (img.into_rgb8().into_raw(), None),
            (true, true) => {
                let la = img.into_luma_alpha8().into_raw();
                (
                    la.chunks_exact(2).map(|p| p[0]).collect(),
                    Some(la.chunks_exact(2).map(|p| p[1]).collect()),
                )
            }
            (false, true) => {
                let rgba = img.into_rgba8().into_raw();
                (
                    rgba.chunks_exact(4)
                        .flat_map(|p| [p[0], p[1], p[2]])
                        .collect(),
                    Some(rgba.chunks_exact(4).map(|p| p[3]).collect()),
                )
            }
        };
        let alpha = alpha.filter(|a| a.iter().any(|&v| v != 255));
        let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
        let dict_for = |cs: &str, len: usize| {
            let mut d = BTreeMap::new();
            d.insert("Type".to_string(), name("XObject"));
            d.insert("Subtype".to_string(), name("Image"));
            d.insert("Width".to_string(), DictItem::Int(w as i64));
            d.insert("Height".to_string(), DictItem::Int(h as i64));
            d.insert("BitsPerComponent".to_string(), DictItem::Int(8));
            d.insert("ColorSpace".to_string(), name(cs));
            d.insert("Filter".to_string(), name("FlateDecode"));
            d.insert("Length".to_string(), DictItem::Int(len as i64));
            d
        };
        let color_z = zlib(&color, 9);
        let mut dict = dict_for(if gray { "DeviceGray" } else { "DeviceRGB" }, color_z.len());
        if let Some(a) = alpha {
            let az = zlib(&a, 9);
            dict.insert(
                "SMask".to_string(),
                DictItem::Stream {
                    stream: ExternalStream {
                        dict: dict_for("DeviceGray", az.len()),
                        content: az,
                        compress: false,
                    },
                },
            );
        }
        Ok(PdfImage {
            xobject: ExternalXObject {
                stream: ExternalStream {
                    dict,
                    content: color_z,
                    compress: false,
                },
                width: Some(printpdf::Px(w as usize)),
                height: Some(printpdf::Px(h as usize)),
                dpi: None,
            },
            width_px: w,
            height_px: h,
        })
    }
}

/// Images of one document, by key.
pub type Images = BTreeMap<String, Arc<PdfImage>>;

impl crate::layout::ImageSizes for Images {
    fn size_of(&self, key: &str) -> Option<(u32, u32)> {
        self.get(key).map(|i| (i.width_px, i.height_px))
    }
}

/// Six capital letters: four from the fingerprint and two naming the face; the font's
/// resource name and its subset tag (printpdf uses the id's first six characters as the
/// `ABCDEF+` tag, so it must be six letters A-Z for readers to see a subset), different for
/// each face.
fn font_id(fingerprint: &[u8; 32], face: FaceId) -> FontId {
    let mut s: String = fingerprint[..4]
        .iter()
        .map(|b| (b'A' + b % 26) as char)
        .collect();
    s.push((b'A' + face.0 / 26) as char);
    s.push((b'A' + face.0 % 26) as char);
    FontId(s)
}

fn gray(g: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: g.clamp(0.0, 1.0),
        icc_profile: None,
    })
}

/// Coordinates are written to 1/100 pt: finer is invisible, and shorter numbers make
/// smaller content streams that are faster to write and compress.
fn r(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(r(x)),
            y: Pt(r(y)),
        },
        bezier: false,
    }
}

/// Graphics state already set, to avoid repeating operators.
#[derive(Default)]
struct GState {
    fill: Option<f32>,
    stroke: Option<f32>,
    width: Option<f32>,
}

impl GState {
    fn fill(&mut self, ops: &mut Vec<Op>, g: f32) {
        if self.fill != Some(g) {
            ops.push(Op::SetFillColor { col: gray(g) });
            self.fill = Some(g);
        }
    }
    fn stroke(&mut self, ops: &mut Vec<Op>, g: f32, w: f32) {
        if self.stroke != Some(g) {
            ops.push(Op::SetOutlineColor { col: gray(g) });
            self.stroke = Some(g);
        }
        if self.width != Some(w) {
            ops.push(Op::SetOutlineThickness { pt: Pt(w) });
            self.width = Some(w);
        }
    }
}

/// A face as one document uses it: its subset, resource id and the text of each glyph.
struct DocFace {
    id: FontId,
    subset: Arc<Subset>,
    /// The text each subset glyph stands for in this document's /ToUnicode (by subset
    /// glyph id): the text of the first cluster drawn by that glyph alone.
    text: Vec<Option<String>>,
}

/// The glyphs and texts one document uses, per face.
struct Usage {
    /// Each glyph once, in order of first use.
    glyphs: Vec<u16>,
    /// Glyph -> text of the first one-glyph cluster it draws.
    single: BTreeMap<u16, String>,
    /// Glyph -> text of the first cluster it is part of (for glyphs never alone).
    any: BTreeMap<u16, String>,
    /// Glyphs seen, and glyphs seen alone: bit sets over glyph ids, so that the thousands
    /// of glyphs of a document cost a bit test each and only new ones a map insertion.
    seen: Vec<u64>,
    seen_single: Vec<u64>,
}

impl Default for Usage {
    fn default() -> Self {
        Usage {
            glyphs: Vec::new(),
            single: BTreeMap::new(),
            any: BTreeMap::new(),
            seen: vec![0; 1024],
            seen_single: vec![0; 1024],
        }
    }
}

/// Sets bit `g`; whether it was clear.
fn first_time(bits: &mut [u64], g: u16) -> bool {
    let (w, b) = (g as usize / 64, g % 64);
    let new = bits[w] & (1 << b) == 0;
    bits[w] |= 1 << b;
    new
}

fn usage(pages: &[Page]) -> BTreeMap<FaceId, Usage> {
    let mut out: BTreeMap<FaceId, Usage> = BTreeMap::new();
    for p in pages {
        for it in &p.items {
            let Item::Text { run, .. } = it else { continue };
            let u = out.entry(run.face.face).or_default();
            for cl in &run.clusters {
                let glyphs = &run.glyphs[cl.glyphs.clone()];
                for g in glyphs {
                    if first_time(&mut u.seen, g.id) {
                        u.glyphs.push(g.id);
                        u.any.insert(g.id, layer_text(run, cl).into_owned());
                    }
                    if glyphs.len() == 1 && first_time(&mut u.seen_single, g.id) {
                        u.single.insert(g.id, layer_text(run, cl).into_owned());
                    }
                }
            }
        }
    }
    out
}

/// The text a cluster stands for in the text layer. Glyphs of a right-to-left run are
/// drawn in visual order, and text extraction reverses a right-to-left word character by
/// character to get back to logical order; so a cluster of several characters (a lam-alef
/// ligature, a letter with its points) is given in reverse, for that reversal to restore it.
fn layer_text<'r>(run: &'r GlyphRun, cl: &text::Cluster) -> std::borrow::Cow<'r, str> {
    let t = &run.text[cl.text.clone()];
    if run.rtl && t.chars().nth(1).is_some() {
        std::borrow::Cow::Owned(t.chars().rev().collect())
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

/// Writes one shaped run at x on the current line: glyph ids with the adjustments that put
/// each glyph where the shaper placed it. A viewer advances by /W after each glyph; the
/// difference to the shaped position is written as a TJ adjustment once it adds up to more
/// than 2/1000 em (0.02 pt at 10 pt), which keeps content streams short; a mark is always
/// placed exactly. A glyph moved off the baseline is raised with the text rise, so the pen,
/// and text extraction's idea of where words end, stays continuous.
///
/// A cluster whose glyphs do not spell its text is wrapped in /ActualText. Its marks (glyphs
/// the shaper moved back over their base) follow in a span of their own with an empty
/// /ActualText: a text extractor takes a span to end where its last glyph ends, and a mark
/// moved back would make the word end early and put a space inside it.
fn run_ops(out: &mut Vec<u8>, st: &mut Emit, run: &GlyphRun, face: &DocFace, x: f32, size: f32) {
    let unit = size / run.upem as f32; // font unit -> pt
    let per_mille = 1000.0 / run.upem as f64; // font unit -> 1/1000 em
    // Where each glyph goes, in 1/1000 em from the text matrix's origin.
    let start = (x - st.x0) as f64 * 1000.0 / size as f64;
    let mut targets = std::mem::take(&mut st.targets);
    targets.clear();
    let mut pen = start;
    for g in &run.glyphs {
        targets.push(pen + g.dx as f64 * per_mille);
        pen += g.advance as f64 * per_mille;
    }
    for cl in &run.clusters {
        let text = layer_text(run, cl);
        let mut rest: &str = &text;
        let spelled = run.glyphs[cl.glyphs.clone()].iter().all(|g| {
            match face
                .subset
                .remap
                .get(&g.id)
                .and_then(|g| face.text.get(*g as usize))
                .and_then(Option::as_ref)
            {
                Some(t) if rest.starts_with(t.as_str()) => {
                    rest = &rest[t.len()..];
                    true
                }
                _ => false,
            }
        }) && rest.is_empty();
        if spelled {
            for i in cl.glyphs.clone() {
                st.glyph(out, run, face, i, targets[i], unit);
            }
            continue;
        }
        let is_mark = |i: &usize| run.glyphs[*i].dx < 0;
        let (marks, bases): (Vec<usize>, Vec<usize>) = cl.glyphs.clone().partition(is_mark);
        let spans: [(&str, &[usize]); 2] = [(&text, &bases), ("", &marks)];
        for (actual, glyphs) in spans {
            if glyphs.is_empty() {
                continue;
            }
            st.flush(out);
            out.extend_from_slice(b"/Span <</ActualText <FEFF");
            for u in actual.encode_utf16() {
                let _ = write!(out, "{u:04X}");
            }
            out.extend_from_slice(b">>> BDC\n");
            for &i in glyphs {
                st.glyph(out, run, face, i, targets[i], unit);
            }
            st.flush(out);
            out.extend_from_slice(b"EMC\n");
        }
    }
    st.targets = targets;
}

/// Writes a number as PDF content streams take it: at most two decimals, no exponent.
fn num(out: &mut Vec<u8>, v: f32) {
    let v = (v * 100.0).round() / 100.0;
    if v == v.trunc() {
        let _ = write!(out, "{}", v as i64);
    } else {
        let _ = write!(out, "{v}");
    }
}

/// The state of writing glyphs: runs that follow each other on one baseline in the same
/// face, size and colour share one text matrix and one TJ, the gaps between them written as
/// adjustments.
#[derive(Default)]
struct Emit {
    /// Face, size (in 1/100 pt), gray and synthetic bold of the text being written.
    key: Option<(FaceId, i64, i64, bool)>,
    /// The text matrix's origin.
    x0: f32,
    y0: f32,
    /// The open TJ array (without its brackets), and whether a hex string is open in it.
    tj: Vec<u8>,
    in_hex: bool,
    /// Where the viewer's pen is, in 1/1000 em from the origin.
    viewer: f64,
    /// The text rise in force (points, exact to 1/100).
    rise: f32,
    /// Where each glyph of the run being written goes (a buffer reused from run to run).
    targets: Vec<f64>,
}

impl Emit {
    fn flush(&mut self, out: &mut Vec<u8>) {
        if self.in_hex {
            self.tj.push(b'>');
            self.in_hex = false;
        }
        if !self.tj.is_empty() {
            out.push(b'[');
            out.extend_from_slice(&self.tj);
            out.extend_from_slice(b"] TJ\n");
            self.tj.clear();
        }
    }

    /// Writes what is pending and puts the text rise back to 0, before a state change.
    fn close(&mut self, out: &mut Vec<u8>) {
        self.flush(out);
        if self.rise != 0.0 {
            out.extend_from_slice(b"0 Ts\n");
            self.rise = 0.0;
        }
        self.key = None;
    }

    /// Starts text at (x, y) with a new text matrix.
    fn start(&mut self, out: &mut Vec<u8>, key: (FaceId, i64, i64, bool), x: f32, y: f32) {
        out.extend_from_slice(b"1 0 0 1 ");
        num(out, x);
        out.push(b' ');
        num(out, y);
        out.extend_from_slice(b" Tm\n");
        self.key = Some(key);
        self.x0 = r(x);
        self.y0 = y;
        self.viewer = 0.0;
    }

    fn glyph(
        &mut self,
        out: &mut Vec<u8>,
        run: &GlyphRun,
        face: &DocFace,
        i: usize,
        target: f64,
        unit: f32,
    ) {
        let g = &run.glyphs[i];
        let Some(&gid) = face.subset.remap.get(&g.id) else {
            return;
        };
        let rise = r(g.dy as f32 * unit);
        if rise != self.rise {
            self.flush(out);
            num(out, rise);
            out.extend_from_slice(b" Ts\n");
            self.rise = rise;
        }
        let off = self.viewer - target;
        let exact = g.dx != 0 || g.advance == 0;
        if off.abs() > 2.0 || exact && off.abs() > 0.05 {
            let off = (off * 10.0).round() / 10.0;
            if self.in_hex {
                self.tj.push(b'>');
                self.in_hex = false;
            }
            if !self.tj.is_empty() {
                self.tj.push(b' ');
            }
            let _ = write!(self.tj, "{off}");
            self.viewer -= off;
        }
        if !self.in_hex {
            self.tj.push(b'<');
            self.in_hex = true;
        }
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.tj
            .extend([12u32, 8, 4, 0].map(|shift| HEX[((gid as u32 >> shift) & 0xF) as usize]));
        self.viewer += face.subset.widths.get(gid as usize).copied().unwrap_or(0.0);
    }
}

/// Glyphs (subset ids) each face shows on a page.
type GlyphsUsed = BTreeMap<FaceId, Vec<u16>>;

/// The text of a page as content-stream operators (one BT ... ET section), and for each
/// face the glyphs it shows (printpdf learns from these which glyphs each font uses).
fn text_ops(page: &Page, faces: &BTreeMap<FaceId, DocFace>) -> (Vec<u8>, GlyphsUsed) {
    let mut out = Vec::with_capacity(page.items.len() * 48);
    let mut used: BTreeMap<FaceId, Vec<u16>> = BTreeMap::new();
    let mut cur_font: Option<(FaceId, f32)> = None;
    let mut fill: Option<f32> = None;
    let mut stroke: Option<(f32, f32)> = None;
    let mut bold = false;
    let mut st = Emit::default();
    out.extend_from_slice(b"BT\n");
    for item in &page.items {
        let Item::Text {
            x,
            y,
            size,
            gray,
            run,
        } = item
        else {
            continue;
        };
        let Some(face) = faces.get(&run.face.face) else {
            continue;
        };
        if run.glyphs.is_empty() {
            continue;
        }
        let u = used.entry(run.face.face).or_default();
        u.extend(
            run.glyphs
                .iter()
                .filter_map(|g| face.subset.remap.get(&g.id)),
        );
        let key = (
            run.face.face,
            (*size * 100.0).round() as i64,
            (*gray * 1000.0).round() as i64,
            run.face.synthetic_bold,
        );
        // Continue the text being written when this run follows it on the same line.
        let continues = st.key == Some(key) && st.y0 == *y && *x >= st.x0;
        if !continues {
            st.close(&mut out);
            let g = gray.clamp(0.0, 1.0);
            if fill != Some(g) {
                num(&mut out, g);
                out.extend_from_slice(b" g\n");
                fill = Some(g);
            }
            if cur_font != Some((run.face.face, *size)) {
                let _ = write!(out, "/{} ", face.id.0);
                num(&mut out, *size);
                out.extend_from_slice(b" Tf\n");
                cur_font = Some((run.face.face, *size));
            }
            // Synthetic bold: the outline stroked as well as filled, 1/30 em wide.
            if run.face.synthetic_bold != bold {
                bold = run.face.synthetic_bold;
                out.extend_from_slice(if bold { b"2 Tr\n" } else { b"0 Tr\n" });
            }
            if bold {
                let want = (g, r(*size / 30.0));
                if stroke != Some(want) {
                    num(&mut out, want.0);
                    out.extend_from_slice(b" G ");
                    num(&mut out, want.1);
                    out.extend_from_slice(b" w\n");
                    stroke = Some(want);
                }
            }
            st.start(&mut out, key, *x, *y);
        }
        run_ops(&mut out, &mut st, run, face, *x, *size);
    }
    st.close(&mut out);
    if bold {
        out.extend_from_slice(b"0 Tr\n");
    }
    out.extend_from_slice(b"ET\n");
    for v in used.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    (out, used)
}

fn page_ops(
    page: &Page,
    faces: &BTreeMap<FaceId, DocFace>,
    image_ids: &BTreeMap<&str, XObjectId>,
    used: &GlyphsUsed,
) -> Vec<Op> {
    let mut ops = Vec::with_capacity(page.items.len() * 4 + 8);
    let mut gs = GState::default();
    // Graphics first, so that table shading lies under the text; then the text in one
    // BT/ET section.
    for item in &page.items {
        match item {
            Item::Text { .. } => {}
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                gray,
            } => {
                gs.stroke(&mut ops, *gray, *width);
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(*x1, *y1), point(*x2, *y2)],
                        is_closed: false,
                    },
                });
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (Some(_), None) => PaintMode::Fill,
                    (None, Some(_)) => PaintMode::Stroke,
                    (None, None) => continue,
                };
                if let Some(g) = fill {
                    gs.fill(&mut ops, *g);
                }
                if let Some(sw) = stroke {
                    gs.stroke(&mut ops, 0.0, *sw);
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(r(*x)),
                        y: Pt(r(*y)),
                        width: Pt(r(*w)),
                        height: Pt(r(*h)),
                        mode: Some(mode),
                        winding_order: None,
                    },
                });
            }
            Item::Image { x, y, w, h, key } => {
                if let Some(id) = image_ids.get(key.as_str()) {
                    ops.push(Op::UseXobject {
                        id: id.clone(),
                        transform: XObjectTransform {
                            translate_x: Some(Pt(r(*x))),
                            translate_y: Some(Pt(r(*y))),
                            rotate: None,
                            scale_x: Some(*w),
                            scale_y: Some(*h),
                            dpi: None,
                            no_auto_scale: true,
                        },
                    });
                }
            }
        }
    }
    // The text itself is written by `text_ops` and put in place of this section after
    // printpdf has serialized the page; printpdf is shown each font's glyphs once, so that
    // it embeds the font with the right widths.
    if !used.is_empty() {
        ops.push(Op::StartTextSection);
        for (face, glyphs) in used {
            if let Some(f) = faces.get(face) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(f.id.clone()),
                    size: Pt(1.0),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(
                        glyphs.iter().map(|g| Codepoint::new(*g, 0.0)).collect(),
                    )],
                });
            }
        }
        ops.push(Op::EndTextSection);
    }
    ops
}

fn check_finite(pages: &[Page]) -> Result<(), PdfError> {
    for (i, p) in pages.iter().enumerate() {
        let ok = |v: &[f32]| v.iter().all(|x| x.is_finite());
        let good = ok(&[p.width, p.height])
            && p.items.iter().all(|it| match it {
                Item::Text { x, y, size, .. } => ok(&[*x, *y, *size]) && *size > 0.0,
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    ..
                } => ok(&[*x1, *y1, *x2, *y2, *width]),
                Item::Rect { x, y, w, h, .. } | Item::Image { x, y, w, h, .. } => {
                    ok(&[*x, *y, *w, *h])
                }
            });
        if !good {
            return Err(PdfError::NotFinite { page: i + 1 });
        }
    }
    Ok(())
}

/// PDF date `D:YYYYMMDDHHmmSSZ` from seconds since 1970 (UTC).
pub fn pdf_date(unix_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(unix_seconds, 0)
        .unwrap_or_default()
        .format("D:%Y%m%d%H%M%SZ")
        .to_string()
}

/// A PDF text string: ASCII as is, anything else UTF-16BE with a byte-order mark.
fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut v = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(v, StringFormat::Hexadecimal)
    }
}

/// zlib-wrapped DEFLATE (what /FlateDecode reads), with libdeflate: at the same ratio
/// it compresses page content about twice as fast as zlib.
fn zlib(data: &[u8], level: u32) -> Vec<u8> {
    let mut c = libdeflater::Compressor::new(
        libdeflater::CompressionLvl::new(level as i32).unwrap_or_default(),
    );
    let mut out = vec![0u8; c.zlib_compress_bound(data.len())];
    match c.zlib_compress(data, &mut out) {
        Ok(n) => {
            out.truncate(n);
            out
        }
        // The bound makes this unreachable; writing the data uncompressed would still be a
        // valid zlib stream only with stored blocks, so fall back to flate2.
        Err(_) => {
            let mut e =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(level));
            let _ = e.write_all(data);
            e.finish().unwrap_or_default()
        }
    }
}

/// Streams are compressed at this level. Measured with bench/run.sh on 10,000 records
/// (18,343 documents, 2 cores): libdeflate level 1 983 documents/s and 31.0 KB a document,
/// level 3 890/s and 30.0 KB, level 6 877/s and 29.6 KB; zlib-rs level 1 949/s and 37.1 KB.
const COMPRESSION_LEVEL: u32 = 1;

/// Writes pages as a PDF. Pure: the output depends only on the arguments.
pub fn write(
    pages: &[Page],
    fonts: &Fonts,
    images: &Images,
    meta: &Meta,
    attachments: &[Attachment],
    fingerprint: &[u8; 32],
) -> Result<Vec<u8>, PdfError> {
    check_finite(pages)?;
    let mut pdf = PdfDocument::new(&meta.title);
    let mut used_images: Vec<&str> = Vec::new();
    for p in pages {
        for it in &p.items {
            if let Item::Image { key, .. } = it
                && images.contains_key(key)
            {
                used_images.push(key.as_str())
            }
        }
    }
    used_images.sort_unstable();
    used_images.dedup();
    let mut faces: BTreeMap<FaceId, DocFace> = BTreeMap::new();
    for (face, u) in usage(pages) {
        let subset = fonts.subset(face, &u.glyphs)?;
        let mut text: Vec<Option<String>> = vec![None; subset.widths.len()];
        for (g, t) in u.any {
            let Some(&new) = subset.remap.get(&g) else {
                return Err(PdfError::Printpdf(format!(
                    "glyph {g} missing from its subset"
                )));
            };
            text[new as usize] = Some(u.single.get(&g).cloned().unwrap_or(t));
        }
        // Inserted directly: add_font() would draw an id from printpdf's counter. The
        // font is already a subset, so printpdf embeds it as it is.
        let mut font = PdfFont::new(subset.parsed.clone());
        font.meta.embedding_mode = printpdf::FontEmbeddingMode::Full;
        font.meta.requires_subsetting = false;
        let id = font_id(fingerprint, face);
        pdf.resources.fonts.map.insert(id.clone(), font);
        faces.insert(face, DocFace { id, subset, text });
    }
    let mut image_ids = BTreeMap::new();
    for (n, key) in used_images.iter().enumerate() {
        let id = XObjectId(format!("Im{}", n + 1));
        pdf.resources
            .xobjects
            .map
            .insert(id.clone(), XObject::External(images[*key].xobject.clone()));
        image_ids.insert(*key, id);
    }
    let texts: Vec<(Vec<u8>, GlyphsUsed)> = pages.iter().map(|p| text_ops(p, &faces)).collect();
    pdf.pages = pages
        .iter()
        .zip(&texts)
        .map(|(p, (_, used))| {
            let r = Rect::from_wh(Pt(p.width), Pt(p.height));
            PdfPage {
                media_box: r.clone(),
                trim_box: r.clone(),
                crop_box: r,
                ops: page_ops(p, &faces, &image_ids, used),
            }
        })
        .collect();
    let save = PdfSaveOptions {
        optimize: false, // streams are compressed below, at our level
        subset_fonts: true,
        secure: true,
        image_optimization: None, // images are pre-encoded
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&save, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| matches!(w.severity, printpdf::PdfParseErrorSeverity::Error))
    {
        return Err(PdfError::Printpdf(w.msg.clone()));
    }
    put_text(&mut lo, texts.into_iter().map(|(t, _)| t).collect())?;
    mark_subsets(&mut lo, &faces);
    finish(&mut lo, meta, attachments, fingerprint)?;
    let mut out = Vec::with_capacity(64 * 1024);
    lo.save_to(&mut out)
        .map_err(|e| PdfError::Printpdf(e.to_string()))?;
    Ok(out)
}

/// Puts each page's text in place of the text section printpdf wrote for it (the last
/// `BT` of the page's content: graphics come first and hold none).
fn put_text(lo: &mut lopdf::Document, texts: Vec<Vec<u8>>) -> Result<(), PdfError> {
    let pages: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    if pages.len() != texts.len() {
        return Err(PdfError::Printpdf("page count changed".into()));
    }
    for (page, text) in pages.into_iter().zip(texts) {
        let content_id = lo
            .get_dictionary(page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(|_| PdfError::Printpdf("a page without one content stream".into()))?;
        let Ok(Object::Stream(st)) = lo.get_object_mut(content_id) else {
            return Err(PdfError::Printpdf(
                "a page's content is not a stream".into(),
            ));
        };
        if st.dict.get(b"Filter").is_ok() {
            return Err(PdfError::Printpdf(
                "content stream already compressed".into(),
            ));
        }
        let mut content = std::mem::take(&mut st.content);
        let cut = content
            .windows(3)
            .rposition(|w| w == b"BT\n")
            .filter(|i| *i == 0 || content[i - 1] == b'\n')
            .unwrap_or(content.len());
        content.truncate(cut);
        if text.len() > b"BT\nET\n".len() {
            content.extend_from_slice(&text);
        }
        st.set_content(content);
    }
    Ok(())
}

/// Replaces each font's /ToUnicode with the document's own map: every glyph to the text it
/// stands for (several characters for a ligature), written once per document rather than
/// carried by every glyph of the content stream.
fn write_to_unicode(lo: &mut lopdf::Document, faces: &BTreeMap<FaceId, DocFace>) {
    let mut targets: Vec<(lopdf::ObjectId, &DocFace)> = Vec::new();
    for obj in lo.objects.values() {
        let Object::Dictionary(d) = obj else { continue };
        if !matches!(d.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Type0") {
            continue;
        }
        let (Ok(Object::Name(base)), Ok(Object::Reference(id))) =
            (d.get(b"BaseFont"), d.get(b"ToUnicode"))
        else {
            continue;
        };
        if let Some(f) = faces.values().find(|f| f.subset.name.as_bytes() == base) {
            targets.push((*id, f));
        }
    }
    for (id, face) in targets {
        let mappings = face
            .text
            .iter()
            .enumerate()
            .filter_map(|(g, t)| Some((g as u32, t.as_ref()?.chars().map(|c| c as u32).collect())))
            .collect();
        let cmap = printpdf::ToUnicodeCMap { mappings }.to_cmap_string(&face.id.0);
        if let Ok(Object::Stream(st)) = lo.get_object_mut(id) {
            st.dict.remove(b"Filter");
            st.set_content(cmap.into_bytes());
        }
    }
}

/// printpdf names a font it embeds whole without the `ABCDEF+` subset tag; ours are
/// subsets, so the tag goes on /BaseFont and /FontName (which must match), and the font
/// program takes its cached compressed form.
fn mark_subsets(lo: &mut lopdf::Document, faces: &BTreeMap<FaceId, DocFace>) {
    write_to_unicode(lo, faces);
    let tagged = |name: &[u8]| -> Option<Vec<u8>> {
        let f = faces.values().find(|f| f.subset.name.as_bytes() == name)?;
        Some(format!("{}+{}", f.id.0, f.subset.name).into_bytes())
    };
    for obj in lo.objects.values_mut() {
        match obj {
            Object::Dictionary(d) => {
                for key in [b"BaseFont".as_slice(), b"FontName".as_slice()] {
                    if let Ok(Object::Name(n)) = d.get(key)
                        && let Some(t) = tagged(n)
                    {
                        d.set(key, Object::Name(t));
                    }
                }
            }
            Object::Stream(st) if st.dict.get(b"Length1").is_ok() => {
                if let Some(f) = faces.values().find(|f| f.subset.program == st.content) {
                    st.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                    st.set_content(f.subset.compressed.clone());
                }
            }
            _ => {}
        }
    }
}

fn finish(
    lo: &mut lopdf::Document,
    meta: &Meta,
    attachments: &[Attachment],
    fingerprint: &[u8; 32],
) -> Result<(), PdfError> {
    lo.version = "1.7".into();
    let date = pdf_date(meta.date_unix);
    let missing = |what: &str| PdfError::Printpdf(format!("printpdf wrote no {what}"));

    // A clean Info dictionary (printpdf's carries empty PDF/X keys and 1970 dates).
    let mut info = Dictionary::new();
    for (k, v) in [
        ("Title", &meta.title),
        ("Author", &meta.author),
        ("Subject", &meta.subject),
        ("Creator", &meta.creator),
    ] {
        if !v.is_empty() {
            info.set(k, text_string(v));
        }
    }
    info.set(
        "Producer",
        text_string("smpdoc (printpdf 0.12.8, lopdf 0.44)"),
    );
    info.set("CreationDate", Object::string_literal(date.clone()));
    info.set("ModDate", Object::string_literal(date.clone()));
    let info_id = lo
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|_| missing("Info"))?;
    lo.objects.insert(info_id, Object::Dictionary(info));

    // Attachments: a name tree (keys sorted, as the PDF spec requires) and /AF.
    let mut sorted: Vec<&Attachment> = attachments.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut names_arr = Vec::new();
    let mut af = Vec::new();
    for att in sorted {
        let mut params = Dictionary::new();
        params.set("Size", att.bytes.len() as i64);
        params.set("ModDate", Object::string_literal(date.clone()));
        let mut ef_dict = Dictionary::new();
        ef_dict.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
        ef_dict.set("Subtype", Object::Name(att.mime.as_bytes().to_vec()));
        ef_dict.set("Params", params);
        let ef_id = lo.add_object(Stream::new(ef_dict, att.bytes.clone()));
        let mut ef = Dictionary::new();
        ef.set("F", ef_id);
        ef.set("UF", ef_id);
        let mut fs = Dictionary::new();
        fs.set("Type", Object::Name(b"Filespec".to_vec()));
        fs.set("F", Object::string_literal(att.name.clone()));
        fs.set("UF", text_string(&att.name));
        fs.set("EF", ef);
        if !att.description.is_empty() {
            fs.set("Desc", text_string(&att.description));
        }
        fs.set(
            "AFRelationship",
            Object::Name(att.relationship.as_bytes().to_vec()),
        );
        let fs_id = lo.add_object(fs);
        names_arr.push(Object::String(
            att.name.as_bytes().to_vec(),
            StringFormat::Literal,
        ));
        names_arr.push(Object::Reference(fs_id));
        af.push(Object::Reference(fs_id));
    }
    if !af.is_empty() {
        let catalog_id = lo
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .map_err(|_| missing("catalog"))?;
        let catalog = lo
            .get_object_mut(catalog_id)
            .and_then(Object::as_dict_mut)
            .map_err(|_| missing("catalog"))?;
        let mut tree = Dictionary::new();
        tree.set("Names", names_arr);
        let mut names = Dictionary::new();
        names.set("EmbeddedFiles", tree);
        catalog.set("Names", names);
        catalog.set("AF", af);
    }

    for obj in lo.objects.values_mut() {
        if let Object::Stream(s) = obj
            && s.allows_compression
            && s.dict.get(b"Filter").is_err()
            && s.content.len() > 64
        {
            let z = zlib(&s.content, COMPRESSION_LEVEL);
            if z.len() < s.content.len() {
                s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                s.set_content(z);
            }
        }
    }

    let id = Object::String(fingerprint.to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", vec![id.clone(), id]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Page {
        let mut items = Vec::new();
        for (y, t, style) in [
            (700.0, text, text::Style::Regular),
            (680.0, "Ólafur Þórsson", text::Style::Bold),
        ] {
            let mut x = 50.0;
            for run in text::shape_text(t, style).unwrap() {
                let w = run.width(12.0);
                items.push(Item::Text {
                    x,
                    y,
                    size: 12.0,
                    gray: 0.0,
                    run,
                });
                x += w;
            }
        }
        Page {
            width: 595.0,
            height: 842.0,
            items,
        }
    }

    #[test]
    fn same_input_gives_same_bytes_whatever_came_before() {
        let fonts = Fonts::builtin().unwrap();
        let meta = Meta {
            title: "T".into(),
            date_unix: 1_776_000_000,
            ..Meta::default()
        };
        let render = |text: &str, fp: [u8; 32]| {
            write(&[page(text)], &fonts, &Images::new(), &meta, &[], &fp).unwrap()
        };
        let first = render("Zoë Łukasiewicz", [7u8; 32]);
        for i in 0..3 {
            // Other documents in between advance printpdf's id counter.
            render(&format!("other {i}"), [i; 32]);
        }
        let again = render("Zoë Łukasiewicz", [7u8; 32]);
        assert_eq!(first, again);
    }

    #[test]
    fn subset_tags_are_six_capitals_and_differ_by_face() {
        let fp = [200u8; 32];
        let ids: Vec<String> = (0..text::FACE_COUNT as u8)
            .map(|f| font_id(&fp, FaceId(f)).0)
            .collect();
        for id in &ids {
            assert_eq!(id.len(), 6);
            assert!(id.bytes().all(|b| b.is_ascii_uppercase()));
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
    }
}
