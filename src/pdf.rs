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
//! Fonts are parsed once per run and shared (`Fonts` is Send + Sync); images are decoded and
//! compressed once per document set.

use crate::layout::{FontKind, Item, Metrics, Page};
use lopdf::{Dictionary, Object, Stream, StringFormat};
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix, XObject,
    XObjectId, XObjectTransform,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

/// The document font's three faces, shipped in `fonts/`.
pub const FONT_FILES: [(&str, &[u8]); 3] = [
    ("DejaVuSans.ttf", include_bytes!("../fonts/DejaVuSans.ttf")),
    (
        "DejaVuSans-Bold.ttf",
        include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
    ),
    (
        "DejaVuSans-Oblique.ttf",
        include_bytes!("../fonts/DejaVuSans-Oblique.ttf"),
    ),
];

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

/// Three parsed faces, parsed once per run, and the subsets made of them.
pub struct Fonts {
    faces: [ParsedFont; 3],
    /// PostScript names of the faces, as printpdf writes them in /BaseFont.
    names: [String; 3],
    /// Subsets already made, by face and glyph set (see `subset`).
    subsets: Mutex<SubsetCache>,
    /// Advances in 1/1000 em, rounded as printpdf writes /W, by glyph id.
    widths: [Vec<u16>; 3],
    /// char -> glyph id for the Basic Multilingual Plane (0: no glyph).
    gids: [Vec<u16>; 3],
}

fn index(kind: FontKind) -> usize {
    match kind {
        FontKind::Regular => 0,
        FontKind::Bold => 1,
        FontKind::Italic => 2,
    }
}

const KINDS: [FontKind; 3] = [FontKind::Regular, FontKind::Bold, FontKind::Italic];

impl Fonts {
    /// The built-in fonts.
    pub fn builtin() -> Result<Fonts, PdfError> {
        Self::from_bytes([FONT_FILES[0].1, FONT_FILES[1].1, FONT_FILES[2].1])
    }

    /// Parses regular, bold and italic TrueType fonts.
    pub fn from_bytes(files: [&[u8]; 3]) -> Result<Fonts, PdfError> {
        let mut faces = Vec::with_capacity(3);
        for (i, bytes) in files.iter().enumerate() {
            let mut warnings = Vec::new();
            let f = ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| {
                PdfError::Printpdf(format!("cannot parse font {}", FONT_FILES[i].0))
            })?;
            faces.push(f);
        }
        let faces: [ParsedFont; 3] = faces
            .try_into()
            .map_err(|_| PdfError::Printpdf("three faces expected".into()))?;
        let widths = [0, 1, 2].map(|i| {
            let f = &faces[i];
            let upm = f.pdf_font_metrics.units_per_em as f32;
            (0..f.num_glyphs)
                .map(|gid| (f.get_horizontal_advance(gid) as f32 * 1000.0 / upm) as u16)
                .collect::<Vec<u16>>()
        });
        let gids = [0, 1, 2].map(|i| {
            (0u32..0x10000)
                .map(|cp| faces[i].lookup_glyph_index(cp).unwrap_or(0))
                .collect::<Vec<u16>>()
        });
        let names = [0, 1, 2].map(|i| faces[i].font_name.clone().unwrap_or_default());
        Ok(Fonts {
            faces,
            names,
            subsets: Mutex::new(HashMap::new()),
            widths,
            gids,
        })
    }

    /// The subset of a face holding the glyphs of `chars` and of printable ASCII.
    ///
    /// Subsetting is the most expensive step of writing a PDF, and most documents of a
    /// batch use the same glyphs (the template's text, ASCII data). Adding all of
    /// printable ASCII to every subset makes most glyph sets identical, so the subset (and
    /// its compressed font program) is made once and reused. The result depends only on
    /// the glyph set, never on what was cached before, so output stays deterministic.
    fn subset(&self, face: usize, chars: &CharSet) -> Result<Arc<Subset>, PdfError> {
        let kind = KINDS[face];
        let mut glyphs: BTreeMap<u16, String> = BTreeMap::new();
        for c in (' '..='~').chain(chars.iter()) {
            let gid = self.gid(kind, c);
            if gid != 0 {
                glyphs.entry(gid).or_insert_with(|| c.to_string());
            }
        }
        let key = (face, glyphs.keys().copied().collect::<Vec<u16>>());
        if let Some(hit) = self.subsets.lock().ok().and_then(|m| m.get(&key).cloned()) {
            hit.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(hit);
        }
        let sub = printpdf::subset_font(&self.faces[face], &glyphs).map_err(PdfError::Printpdf)?;
        let entry = Arc::new(Subset {
            hits: AtomicU32::new(0),
            compressed: zlib(&sub.bytes, COMPRESSION_LEVEL),
            program: sub.bytes,
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

    fn gid(&self, kind: FontKind, c: char) -> u16 {
        let cp = c as u32;
        if cp < 0x10000 {
            self.gids[index(kind)][cp as usize]
        } else {
            self.faces[index(kind)].lookup_glyph_index(cp).unwrap_or(0)
        }
    }
}

impl Metrics for Fonts {
    /// Width as a PDF viewer advances it: one glyph per character, no kerning (which is
    /// how printpdf writes text).
    fn width(&self, kind: FontKind, text: &str, size: f32) -> f32 {
        let w = &self.widths[index(kind)];
        let units: u32 = text
            .chars()
            .map(|c| w.get(self.gid(kind, c) as usize).copied().unwrap_or(0) as u32)
            .sum();
        units as f32 * size / 1000.0
    }

    fn covers(&self, kind: FontKind, c: char) -> bool {
        self.gid(kind, c) != 0
    }
}

/// The characters a document shows in one face: a bitmap of the Basic Multilingual Plane
/// (inserting thousands of characters a document into a tree cost 5% of rendering) and a
/// list for the rest.
struct CharSet {
    bmp: Vec<u64>,
    other: BTreeSet<char>,
}

impl Default for CharSet {
    fn default() -> Self {
        CharSet {
            bmp: vec![0; 1024],
            other: BTreeSet::new(),
        }
    }
}

impl CharSet {
    fn extend(&mut self, chars: impl Iterator<Item = char>) {
        for c in chars {
            let cp = c as usize;
            if cp < 0x10000 {
                self.bmp[cp / 64] |= 1 << (cp % 64);
            } else {
                self.other.insert(c);
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = char> + '_ {
        self.bmp
            .iter()
            .enumerate()
            .filter(|(_, w)| **w != 0)
            .flat_map(|(i, &w)| {
                let mut bits = w;
                std::iter::from_fn(move || {
                    if bits == 0 {
                        return None;
                    }
                    let b = bits.trailing_zeros();
                    bits &= bits - 1;
                    Some(i as u32 * 64 + b)
                })
                .filter_map(char::from_u32)
            })
            .chain(self.other.iter().copied())
    }
}

/// Subsets by face index and sorted glyph ids.
type SubsetCache = HashMap<(usize, Vec<u16>), Arc<Subset>>;

/// How many font subsets are kept.
const SUBSET_CACHE: usize = 256;

/// A font subset made once and embedded whole in every document that uses its glyph set.
struct Subset {
    /// Uses since the cache was last swept.
    hits: AtomicU32,
    /// The subset font program (TrueType).
    program: Vec<u8>,
    /// The same, compressed as the PDF stores it.
    compressed: Vec<u8>,
}

impl Subset {
    /// The subset parsed for printpdf, which encodes text and widths with it. Parsed for
    /// each document rather than cached: a parsed font is a few hundred KB, its bytes 10.
    fn parse(&self) -> Result<ParsedFont, PdfError> {
        let mut warnings = Vec::new();
        ParsedFont::from_bytes(&self.program, 0, &mut warnings)
            .ok_or_else(|| PdfError::Printpdf("cannot parse a font subset".into()))
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

/// Six capital letters from the fingerprint: the font's resource name and its subset tag
/// (printpdf uses the id's first six characters as the `ABCDEF+` tag, so it must be six
/// letters A-Z for readers to see a subset), different for each face.
fn font_id(fingerprint: &[u8; 32], kind: FontKind) -> FontId {
    let mut s: String = fingerprint[..5]
        .iter()
        .map(|b| (b'A' + b % 26) as char)
        .collect();
    s.push((b'A' + (fingerprint[5] % 8) * 3 + index(kind) as u8) as char);
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

fn page_ops(page: &Page, font_ids: &[FontId; 3], image_ids: &BTreeMap<&str, XObjectId>) -> Vec<Op> {
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
    let mut in_text = false;
    let mut cur_font: Option<(FontKind, f32)> = None;
    for item in &page.items {
        if let Item::Text {
            x,
            y,
            font,
            size,
            gray,
            text,
        } = item
        {
            if text.is_empty() {
                continue;
            }
            if !in_text {
                ops.push(Op::StartTextSection);
                in_text = true;
            }
            gs.fill(&mut ops, *gray);
            if cur_font != Some((*font, *size)) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(font_ids[index(*font)].clone()),
                    size: Pt(*size),
                });
                cur_font = Some((*font, *size));
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(r(*x)), Pt(r(*y))),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text.clone())],
            });
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    ops
}

fn check_finite(pages: &[Page]) -> Result<(), PdfError> {
    for (i, p) in pages.iter().enumerate() {
        let ok = |v: &[f32]| v.iter().all(|x| x.is_finite());
        let good = ok(&[p.width, p.height])
            && p.items.iter().all(|it| match it {
                Item::Text { x, y, size, .. } => ok(&[*x, *y, *size]),
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
    let font_ids = KINDS.map(|k| font_id(fingerprint, k));
    let mut used: [Option<CharSet>; 3] = [None, None, None];
    let mut used_images: Vec<&str> = Vec::new();
    for p in pages {
        for it in &p.items {
            match it {
                Item::Text { font, text, .. } => used[index(*font)]
                    .get_or_insert_with(CharSet::default)
                    .extend(text.chars()),
                Item::Image { key, .. } if images.contains_key(key) => {
                    used_images.push(key.as_str())
                }
                _ => {}
            }
        }
    }
    used_images.sort_unstable();
    used_images.dedup();
    let mut subsets: Vec<(usize, Arc<Subset>)> = Vec::new();
    for k in KINDS {
        if let Some(chars) = &used[index(k)] {
            let sub = fonts.subset(index(k), chars)?;
            // Inserted directly: add_font() would draw an id from printpdf's counter. The
            // font is already a subset, so printpdf embeds it as it is.
            let mut font = PdfFont::new(sub.parse()?);
            font.meta.embedding_mode = printpdf::FontEmbeddingMode::Full;
            font.meta.requires_subsetting = false;
            pdf.resources
                .fonts
                .map
                .insert(font_ids[index(k)].clone(), font);
            subsets.push((index(k), sub));
        }
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
    pdf.pages = pages
        .iter()
        .map(|p| {
            let r = Rect::from_wh(Pt(p.width), Pt(p.height));
            PdfPage {
                media_box: r.clone(),
                trim_box: r.clone(),
                crop_box: r,
                ops: page_ops(p, &font_ids, &image_ids),
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
    mark_subsets(&mut lo, fonts, &font_ids, &subsets);
    finish(&mut lo, meta, attachments, fingerprint)?;
    let mut out = Vec::with_capacity(64 * 1024);
    lo.save_to(&mut out)
        .map_err(|e| PdfError::Printpdf(e.to_string()))?;
    Ok(out)
}

/// printpdf names a font it embeds whole without the `ABCDEF+` subset tag; ours are
/// subsets, so the tag goes on /BaseFont and /FontName (which must match), and the font
/// program takes its cached compressed form.
fn mark_subsets(
    lo: &mut lopdf::Document,
    fonts: &Fonts,
    font_ids: &[FontId; 3],
    subsets: &[(usize, Arc<Subset>)],
) {
    let tagged = |name: &[u8]| -> Option<Vec<u8>> {
        let i = fonts.names.iter().position(|n| n.as_bytes() == name)?;
        Some(format!("{}+{}", font_ids[i].0, fonts.names[i]).into_bytes())
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
                if let Some((_, sub)) = subsets.iter().find(|(_, s)| s.program == st.content) {
                    st.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                    st.set_content(sub.compressed.clone());
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
        Page {
            width: 595.0,
            height: 842.0,
            items: vec![
                Item::Text {
                    x: 50.0,
                    y: 700.0,
                    font: FontKind::Regular,
                    size: 12.0,
                    gray: 0.0,
                    text: text.into(),
                },
                Item::Text {
                    x: 50.0,
                    y: 680.0,
                    font: FontKind::Bold,
                    size: 12.0,
                    gray: 0.0,
                    text: "Ólafur Þórsson".into(),
                },
            ],
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
        let ids: Vec<String> = KINDS.iter().map(|k| font_id(&fp, *k).0).collect();
        for id in &ids {
            assert_eq!(id.len(), 6);
            assert!(id.bytes().all(|b| b.is_ascii_uppercase()));
        }
        assert_ne!(ids[0], ids[1]);
        assert_ne!(ids[1], ids[2]);
    }

    #[test]
    fn widths_follow_the_font() {
        let fonts = Fonts::builtin().unwrap();
        let w = fonts.width(FontKind::Regular, "iiii", 10.0);
        let m = fonts.width(FontKind::Regular, "MMMM", 10.0);
        assert!(w > 0.0 && m > 2.0 * w);
        assert!(fonts.covers(FontKind::Regular, 'Ł'));
        assert!(fonts.covers(FontKind::Regular, 'Ж'));
        assert!(!fonts.covers(FontKind::Regular, '\u{4E2D}')); // CJK: not in DejaVu Sans
    }
}
