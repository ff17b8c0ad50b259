//! Pages into PDF bytes: the only module that writes PDF (with pdf-writer).
//!
//! `write` is a pure function: the same pages, fonts, images, record fingerprint and date
//! give the same bytes in any process, at any point of a batch, on any thread. Object
//! numbers are counted from 1 in each document, fonts are named with ids derived from the
//! record fingerprint, the Info dictionary's dates come from the record, and the trailer
//! `/ID` is the record fingerprint. The source record is attached
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

use crate::layout::{Item, Page, Role, StructTree};
use crate::text::{self, FaceId, GlyphRun};
use pdf_writer::{Filter, Name, Pdf, Ref, Str, TextStr};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

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
    /// The document's language (BCP 47), for /Lang and dc:language.
    pub lang: String,
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
    /// A face could not be subset, or a glyph is missing from its subset.
    #[error("font: {0}")]
    Font(String),
}

/// The subsets made of the shipped faces (`Fonts` is Send + Sync).
pub struct Fonts {
    /// Subsets already made, by face and glyph set (see `subset`).
    subsets: Mutex<SubsetCache>,
}

impl Fonts {
    /// The shipped fonts (nothing is parsed until a document needs a face).
    pub fn builtin() -> Result<Fonts, PdfError> {
        Ok(Fonts {
            subsets: Mutex::new(HashMap::new()),
        })
    }

    /// The subset of a face holding `glyphs`.
    ///
    /// Documents whose text uses the same glyphs (the template's text and the same letters
    /// in names) share one subset and its compressed font program; a name with letters of
    /// its own makes a subset of its own (subsetter copies the glyphs it keeps without
    /// parsing the rest). The result depends only on the glyph set, never on what was
    /// cached before, so output stays deterministic.
    fn subset(&self, face: FaceId, glyphs: &[u16]) -> Result<Arc<Subset>, PdfError> {
        let hb = text::face_tables(face);
        let mut set: Vec<u16> = glyphs.to_vec();
        set.retain(|g| *g != 0);
        set.sort_unstable();
        set.dedup();
        let key = (face, set);
        if let Some(hit) = self.subsets.lock().ok().and_then(|m| m.get(&key).cloned()) {
            hit.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(hit);
        }
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&key.1);
        let program = subsetter::subset(text::face_bytes(face), 0, &remapper).map_err(|e| {
            PdfError::Font(format!("cannot subset {}: {e:?}", text::face_file(face)))
        })?;
        let remap = Remap::new(
            key.1
                .iter()
                .filter_map(|old| Some((*old, remapper.get(*old)?)))
                .collect(),
        );
        // The advances a viewer takes from /W (1/1000 em, to a tenth), read from the full
        // face (a subset glyph keeps its face's metrics), so that the positions written in
        // the content stream are measured against the same. Whole units (a 2048-unit em
        // truncated to 1000) left the pen short by half a unit a glyph on average, which
        // took a TJ adjustment in almost every word; to a tenth, the adjustments left are
        // the font's kerning.
        let upem = hb.units_per_em();
        let last = remap.pairs.iter().map(|(_, new)| *new).max().unwrap_or(0);
        let mut widths = vec![0.0f64; last as usize + 1];
        for (old, new) in &remap.pairs {
            let adv = hb
                .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(*old))
                .unwrap_or(0);
            widths[*new as usize] = (adv as f64 * 10_000.0 / upem as f64).round() / 10.0;
        }
        let entry = Arc::new(Subset {
            hits: AtomicU32::new(0),
            compressed: zlib(&program, COMPRESSION_LEVEL),
            length1: count(program.len()),
            name: postscript_name(hb),
            metrics: Metrics::of(hb),
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
    /// The subset font program (TrueType), compressed as the PDF stores it.
    compressed: Vec<u8>,
    /// Its length uncompressed (/Length1).
    length1: i32,
    /// PostScript name (without the subset tag).
    name: String,
    /// The face's metrics for the font descriptor.
    metrics: Metrics,
    /// Glyph id in the full face -> glyph id in the subset.
    remap: Remap,
    /// Advance of each subset glyph as /W gives it, in 1/1000 em, by subset glyph id.
    widths: Vec<f64>,
}

/// A face's PostScript name (name id 6), as /BaseFont gives it.
fn postscript_name(f: &rustybuzz::ttf_parser::Face) -> String {
    let name = f
        .names()
        .into_iter()
        .filter(|n| n.name_id == rustybuzz::ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_default();
    // A PDF name: printable ASCII without delimiters.
    name.chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect()
}

/// A face's font descriptor values, in 1/1000 em (PDF 32000-1, 9.8).
struct Metrics {
    ascent: i32,
    descent: i32,
    cap_height: i32,
    bbox: [i32; 4],
    italic_angle: i32,
    flags: i32,
    stem_v: i32,
}

impl Metrics {
    fn of(f: &rustybuzz::ttf_parser::Face) -> Metrics {
        let k = 1000.0 / f.units_per_em() as f32;
        let s = |v: i16| (v as f32 * k).round() as i32;
        let b = f.global_bounding_box();
        let italic_angle = f.italic_angle().round() as i32;
        // Nonsymbolic (the glyphs are Unicode text), italic when slanted.
        let flags = (1 << 5) | if italic_angle != 0 { 1 << 6 } else { 0 };
        Metrics {
            ascent: s(f.ascender()),
            descent: s(f.descender()),
            // OS/2 sCapHeight; a face without it (version < 2) gives its ascent.
            cap_height: f
                .capital_height()
                .filter(|c| *c > 0)
                .or_else(|| {
                    // No sCapHeight (OS/2 before version 2, as in DejaVu): the top of "H".
                    let h = f.glyph_index('H')?;
                    Some(f.glyph_bounding_box(h)?.y_max)
                })
                .map(s)
                .unwrap_or_else(|| s(f.ascender())),
            bbox: [s(b.x_min), s(b.y_min), s(b.x_max), s(b.y_max)],
            italic_angle,
            flags,
            // No table carries the stem width; estimated from the weight class, as PDF
            // producers conventionally do (about 88 at 400, 166 at 700).
            stem_v: 50 + ((f.weight().to_number() as f32 / 65.0).powi(2)).round() as i32,
        }
    }
}

/// Glyph ids of a face to those of its subset: the pairs sorted by the face's id, and a
/// table indexed by the face's id (0: not in the subset, since .notdef is never mapped)
/// for the lookup every glyph of every document makes twice.
struct Remap {
    pairs: Vec<(u16, u16)>,
    direct: Vec<u16>,
}

impl Remap {
    fn new(pairs: Vec<(u16, u16)>) -> Remap {
        let last = pairs.last().map_or(0, |(old, _)| *old as usize);
        let mut direct = vec![0u16; last + 1];
        for (old, new) in &pairs {
            direct[*old as usize] = *new;
        }
        Remap { pairs, direct }
    }

    fn get(&self, gid: &u16) -> Option<&u16> {
        self.direct.get(*gid as usize).filter(|n| **n != 0)
    }
}

/// A PNG's pixels at 8 bits a channel, palettes and low bit depths expanded: (width,
/// height, gray, alpha, samples).
fn decode_png(bytes: &[u8]) -> Result<(u32, u32, bool, bool, Vec<u8>), String> {
    use png::{ColorType, Transformations};
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(Transformations::EXPAND | Transformations::STRIP_16);
    let mut reader = dec.read_info().map_err(|e| e.to_string())?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "the image is too large".to_string())?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    buf.truncate(info.buffer_size());
    let (gray, alpha) = match info.color_type {
        ColorType::Grayscale => (true, false),
        ColorType::GrayscaleAlpha => (true, true),
        ColorType::Rgb => (false, false),
        ColorType::Rgba => (false, true),
        ColorType::Indexed => return Err("a palette the decoder did not expand".into()),
    };
    Ok((info.width, info.height, gray, alpha, buf))
}

/// An image decoded and compressed once into a PDF image XObject (8-bit gray or RGB, with
/// an /SMask when it has transparency).
#[derive(Debug, Clone)]
pub struct PdfImage {
    /// The samples, compressed (/FlateDecode).
    color: Vec<u8>,
    /// The alpha samples, compressed, when the image has transparency.
    alpha: Option<Vec<u8>>,
    /// DeviceGray rather than DeviceRGB.
    gray: bool,
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
}

impl PdfImage {
    /// Decodes a PNG or JPEG. A PNG is decoded straight to 8 bits a channel (a 16-bit
    /// image is never held at 16 bits), and the colour and alpha samples are split within
    /// the one buffer, so an image costs about its 8-bit size while it is compressed: four
    /// 2000 x 2000 16-bit RGBA images in one record took a render past 200 MB.
    pub fn decode(bytes: &[u8]) -> Result<PdfImage, String> {
        let (w, h, gray, has_alpha, mut samples) = if bytes.starts_with(b"\x89PNG") {
            decode_png(bytes)?
        } else {
            let img = image::load_from_memory(bytes).map_err(|e| e.to_string())?;
            let (w, h) = (img.width(), img.height());
            let has_alpha = img.color().has_alpha();
            let gray = !img.color().has_color();
            let samples = match (gray, has_alpha) {
                (true, false) => img.into_luma8().into_raw(),
                (false, false) => img.into_rgb8().into_raw(),
                (true, true) => img.into_luma_alpha8().into_raw(),
                (false, true) => img.into_rgba8().into_raw(),
            };
            (w, h, gray, has_alpha, samples)
        };
        let alpha = if has_alpha {
            // Colour to the front of the buffer, alpha to a buffer of its own.
            let colour = if gray { 1 } else { 3 };
            let stride = colour + 1;
            let pixels = samples.len() / stride;
            let mut alpha = Vec::with_capacity(pixels);
            for p in 0..pixels {
                let at = p * stride;
                alpha.push(samples[at + colour]);
                samples.copy_within(at..at + colour, p * colour);
            }
            samples.truncate(pixels * colour);
            Some(alpha).filter(|a| a.iter().any(|&v| v != 255))
        } else {
            None
        };
        let color = zlib(&samples, 9);
        drop(samples);
        Ok(PdfImage {
            color,
            alpha: alpha.map(|a| zlib(&a, 9)),
            gray,
            width_px: w,
            height_px: h,
        })
    }

    /// Writes the image XObject (and its soft mask).
    fn write_to(&self, pdf: &mut Pdf, ids: &mut Ids) -> Ref {
        let dict = |s: &mut pdf_writer::Stream, cs: &[u8]| {
            s.pair(Name(b"Type"), Name(b"XObject"));
            s.pair(Name(b"Subtype"), Name(b"Image"));
            s.pair(Name(b"Width"), self.width_px as i32);
            s.pair(Name(b"Height"), self.height_px as i32);
            s.pair(Name(b"BitsPerComponent"), 8);
            s.pair(Name(b"ColorSpace"), Name(cs));
            s.filter(Filter::FlateDecode);
        };
        let mask = self.alpha.as_ref().map(|a| {
            let id = ids.next();
            dict(&mut pdf.stream(id, a), b"DeviceGray");
            id
        });
        let id = ids.next();
        let mut s = pdf.stream(id, &self.color);
        dict(
            &mut s,
            if self.gray {
                b"DeviceGray"
            } else {
                b"DeviceRGB"
            },
        );
        if let Some(mask) = mask {
            s.pair(Name(b"SMask"), mask);
        }
        id
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
/// resource name and its subset tag (the `ABCDEF+` prefix of /BaseFont, which must be six
/// letters A-Z for readers to see a subset), different for each face.
fn font_id(fingerprint: &[u8; 32], face: FaceId) -> String {
    let mut s: String = fingerprint[..4]
        .iter()
        .map(|b| (b'A' + b % 26) as char)
        .collect();
    s.push((b'A' + face.0 / 26) as char);
    s.push((b'A' + face.0 % 26) as char);
    s
}

/// Coordinates are written to 1/100 pt: finer is invisible, and shorter numbers make
/// smaller content streams that are faster to write and compress.
fn r(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// A face as one document uses it: its subset, resource id and the text of each glyph.
struct DocFace {
    id: String,
    subset: Arc<Subset>,
    /// The text each subset glyph stands for in this document's /ToUnicode (by subset
    /// glyph id, which is its character code): the text of the first cluster drawn by
    /// that glyph alone, or else its share of the first cluster it is part of.
    text: Vec<Option<String>>,
    /// Whether a subset glyph's text is that of a cluster it draws alone (else it is its
    /// share of a cluster of several glyphs).
    own: Vec<bool>,
    /// Further character codes, from `subset.widths.len()` on: a glyph (subset id) that
    /// stands for another share of a cluster's text than its own code's (the vowel sign
    /// of "नि" stands for "न" there, of "कि" for "क"). Empty for nearly every face.
    extra: Vec<(u16, String)>,
}

impl DocFace {
    /// The advance of a character code, in 1/1000 em.
    fn width(&self, code: u16) -> f64 {
        let n = self.subset.widths.len();
        let gid = match (code as usize).checked_sub(n) {
            Some(e) => self.extra.get(e).map_or(0, |x| x.0),
            None => code,
        };
        self.subset.widths.get(gid as usize).copied().unwrap_or(0.0)
    }

    /// The code that shows subset glyph `gid` standing for `share`: the glyph's own code
    /// when that is its text, else the extra code made for it (`extra_codes`).
    fn code(&self, gid: u16, share: Option<&str>) -> u16 {
        let Some(share) = share else { return gid };
        if self.own_text(gid) == Some(share) {
            return gid;
        }
        self.extra
            .iter()
            .position(|(g, t)| *g == gid && t == share)
            .map_or(gid, |e| (self.subset.widths.len() + e) as u16)
    }

    /// Whether some code already shows subset glyph `gid` standing for `share`.
    fn has_code(&self, gid: u16, share: &str) -> bool {
        self.own_text(gid) == Some(share) || self.extra.iter().any(|(g, t)| *g == gid && t == share)
    }

    /// The text of a subset glyph's own code.
    fn own_text(&self, gid: u16) -> Option<&str> {
        self.text.get(gid as usize).and_then(Option::as_deref)
    }
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
        let spaces = rtl_spaces(&p.items);
        for (i, it) in p.items.iter().enumerate() {
            let Item::Text { run, .. } = it else { continue };
            let run = spaces.get(i).and_then(Option::as_ref).unwrap_or(run);
            let u = out.entry(run.face.face).or_default();
            for cl in &run.clusters {
                let glyphs = &run.glyphs[cl.glyphs.clone()];
                if let [g] = glyphs {
                    if first_time(&mut u.seen, g.id) {
                        u.glyphs.push(g.id);
                        u.any.insert(g.id, layer_text(run, cl).into_owned());
                    }
                    if first_time(&mut u.seen_single, g.id) {
                        u.single.insert(g.id, layer_text(run, cl).into_owned());
                    }
                    continue;
                }
                let order = written_order(run, cl);
                let shares = shares(run, cl, order.len());
                for (k, &i) in order.iter().enumerate() {
                    let g = &run.glyphs[i];
                    if first_time(&mut u.seen, g.id) {
                        u.glyphs.push(g.id);
                        let text = match &shares {
                            Some(s) => s[k].clone(),
                            None => layer_text(run, cl).into_owned(),
                        };
                        u.any.insert(g.id, text);
                    }
                }
            }
        }
    }
    out
}

/// White space between right-to-left words written in the face of the words: the run to
/// write instead of each item of a page, if any (an empty list for a page without
/// right-to-left text).
///
/// A line's trailing white space is shaped on its own, in the first face of the chain that
/// has it (DejaVu), so the space between two Arabic or Hebrew words came between two font
/// changes. pdf.js reads each stretch of text in one font and without a backward jump as
/// one string and puts a right-to-left one into logical order (by UAX #9), but it cannot
/// reorder across a font change: it read the words of "ليلى حداد" in visual order. Written
/// in the words' face, the space joins them into one string and pdf.js reads the words in
/// order. Only a space with a right-to-left run of one face on both sides (on one line, in
/// one element, size and gray) is written so, since elsewhere it would only move a font
/// change; it keeps its place, and so does the run after it (`text_ops`): the page looks
/// the same, and text without right-to-left runs is written as before.
fn rtl_spaces(items: &[Item]) -> Vec<Option<GlyphRun>> {
    if !items
        .iter()
        .any(|i| matches!(i, Item::Text { run, .. } if run.rtl))
    {
        return Vec::new();
    }
    let mut out = vec![None; items.len()];
    for body in [true, false] {
        // The text items `text_ops` writes in one section, in order.
        let written: Vec<(usize, &Item)> = items
            .iter()
            .enumerate()
            .filter(|(_, it)| match it {
                Item::Text { run, node, .. } => !run.glyphs.is_empty() && node.is_some() == body,
                _ => false,
            })
            .collect();
        for w in written.windows(3) {
            let [(_, before), (i, it), (_, after)] = *w else {
                continue;
            };
            let Item::Text {
                y,
                size,
                gray,
                run,
                node,
                ..
            } = it
            else {
                continue;
            };
            if !(run.rtl && run.is_space()) {
                continue;
            }
            // The face of a right-to-left run beside the space on its line, if another.
            let beside = |o: &Item| match o {
                Item::Text {
                    y: oy,
                    size: osize,
                    gray: ogray,
                    run: orun,
                    node: onode,
                    ..
                } if orun.rtl
                    && orun.face != run.face
                    && orun.face.synthetic_bold == run.face.synthetic_bold
                    && (onode, oy, osize, ogray) == (node, y, size, gray) =>
                {
                    Some(orun.face)
                }
                _ => None,
            };
            if let (Some(face), Some(next)) = (beside(before), beside(after))
                && face == next
            {
                out[i] = in_face(run, face);
            }
        }
    }
    out
}

/// A white-space run with its glyphs taken from another face, one glyph for each
/// character; positions stay those of the run (and its `upem`, which they are in).
fn in_face(run: &GlyphRun, face: text::FaceRef) -> Option<GlyphRun> {
    let tables = text::face_tables(face.face);
    let mut glyphs = Vec::with_capacity(run.glyphs.len());
    for cl in &run.clusters {
        let mut chars = run.text[cl.text.clone()].chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return None;
        };
        if cl.glyphs.len() != 1 {
            return None;
        }
        let id = tables.glyph_index(c).filter(|g| g.0 != 0)?.0;
        glyphs.push(text::Glyph {
            id,
            ..run.glyphs[cl.glyphs.start]
        });
    }
    if glyphs.len() != run.glyphs.len() {
        return None;
    }
    Some(GlyphRun {
        face,
        glyphs,
        ..run.clone()
    })
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

/// The order a cluster's glyphs are written in when they do not spell its text glyph by
/// glyph: those that keep their place (visual order), then the marks the shaper moved back
/// over them, each set in a span of its own (`run_ops`).
fn written_order(run: &GlyphRun, cl: &text::Cluster) -> Vec<usize> {
    let is_mark = |i: &usize| run.glyphs[*i].dx < 0;
    let (marks, mut bases): (Vec<usize>, Vec<usize>) = cl.glyphs.clone().partition(is_mark);
    bases.extend(marks);
    bases
}

/// Each of a cluster's `count` written glyphs' share of its text in the text layer, in
/// written order: the k-th glyph stands for the k-th character, the last for the rest.
/// Readers that take text glyph by glyph and ignore /ActualText (pdf.js, poppler's reading
/// of the structure tree) then read the cluster once and in order: "नि", drawn as the
/// vowel sign and then the consonant, is "न" + "ि"; with the whole cluster on every glyph
/// they read "निनि". A cluster of more glyphs than characters (a vowel sign in two parts,
/// "ো" drawn on both sides of its consonant) shares its canonical decomposition, which
/// reads the same; `None` when there are more glyphs still (each then stands for the
/// whole cluster, and /ActualText alone gives its text).
fn shares(run: &GlyphRun, cl: &text::Cluster, count: usize) -> Option<Vec<String>> {
    use unicode_normalization::UnicodeNormalization;
    let layer = layer_text(run, cl);
    let mut chars: Vec<char> = layer.chars().collect();
    if chars.len() < count {
        chars = run.text[cl.text.clone()].nfd().collect();
        if run.rtl {
            chars.reverse();
        }
    }
    if chars.len() < count || count == 0 {
        return None;
    }
    let mut out: Vec<String> = chars[..count - 1].iter().map(|c| c.to_string()).collect();
    out.push(chars[count - 1..].iter().collect());
    Some(out)
}

/// Whether each written glyph of a cluster is the one the face maps its share to (a letter
/// and its vowel sign or mark, "कु", "মা", "ดี"): such a cluster needs no /ActualText, its
/// glyphs' codes spell it. One whose glyphs are reordered ("नि": the vowel sign first), a
/// conjunct or a vowel sign in two parts goes in an /ActualText span (`run_ops`).
fn natural(run: &GlyphRun, order: &[usize], shares: &[String]) -> bool {
    let face = text::face_tables(run.face.face);
    order.iter().zip(shares).all(|(&i, share)| {
        let mut chars = share.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => face.glyph_index(c).map(|g| g.0) == Some(run.glyphs[i].id),
            _ => false,
        }
    })
}

/// Whether a cluster of several glyphs is written as it is drawn, without /ActualText: its
/// glyphs, in visual order, spell its text through their own codes, and each is a glyph
/// the document also draws alone (a letter with a mark that has a code of its own). Any
/// other (a vowel sign drawn before its consonant, a conjunct) goes in an /ActualText span.
fn spelled(run: &GlyphRun, cl: &text::Cluster, face: &DocFace, text: &str) -> bool {
    let mut rest: &str = text;
    run.glyphs[cl.glyphs.clone()].iter().all(|g| {
        let Some(&gid) = face.subset.remap.get(&g.id) else {
            return false;
        };
        match face.text.get(gid as usize).and_then(Option::as_ref) {
            Some(t) if face.own[gid as usize] && rest.starts_with(t.as_str()) => {
                rest = &rest[t.len()..];
                true
            }
            _ => false,
        }
    }) && rest.is_empty()
}

/// The extra character codes a document needs in each face (`DocFace::extra`): for every
/// cluster written glyph by glyph with shares (`run_ops`), each glyph whose share is not
/// its own code's text. Runs of one glyph per cluster (nearly all) are passed over.
fn extra_codes(pages: &[Page], faces: &mut BTreeMap<FaceId, DocFace>) {
    for p in pages {
        let spaces = rtl_spaces(&p.items);
        for (i, it) in p.items.iter().enumerate() {
            let Item::Text { run, .. } = it else { continue };
            let run = spaces.get(i).and_then(Option::as_ref).unwrap_or(run);
            if run.glyphs.len() == run.clusters.len() {
                continue;
            }
            let Some(face) = faces.get_mut(&run.face.face) else {
                continue;
            };
            for cl in &run.clusters {
                if cl.glyphs.len() < 2 || spelled(run, cl, face, &layer_text(run, cl)) {
                    continue;
                }
                let order = written_order(run, cl);
                let Some(shares) = shares(run, cl, order.len()) else {
                    continue;
                };
                for (&i, share) in order.iter().zip(shares) {
                    let Some(&gid) = face.subset.remap.get(&run.glyphs[i].id) else {
                        continue;
                    };
                    if !face.has_code(gid, &share) {
                        face.extra.push((gid, share));
                    }
                }
            }
        }
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
fn run_ops(
    out: &mut Vec<u8>,
    st: &mut Emit,
    run: &GlyphRun,
    face: &DocFace,
    (x, size): (f32, f32),
    mut mc: Option<&mut Mc>,
) {
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
        // The subset's glyph for the cluster's one glyph, when that glyph stands for the
        // cluster's text in this document's /ToUnicode (nearly every glyph of a document).
        let alone = (cl.glyphs.len() == 1)
            .then(|| face.subset.remap.get(&run.glyphs[cl.glyphs.start].id))
            .flatten()
            .filter(|g| face.own_text(**g) == Some(&*text));
        if let Some(&gid) = alone {
            reopen(&mut mc, out);
            let i = cl.glyphs.start;
            st.glyph(out, run, face, i, gid, targets[i], unit);
            continue;
        }
        if spelled(run, cl, face, &text) {
            reopen(&mut mc, out);
            for i in cl.glyphs.clone() {
                if let Some(&gid) = face.subset.remap.get(&run.glyphs[i].id) {
                    st.glyph(out, run, face, i, gid, targets[i], unit);
                }
            }
            continue;
        }
        let order = written_order(run, cl);
        let shares = shares(run, cl, order.len());
        if let Some(shares) = shares.as_ref().filter(|s| natural(run, &order, s)) {
            reopen(&mut mc, out);
            for (&i, share) in order.iter().zip(shares) {
                if let Some(&gid) = face.subset.remap.get(&run.glyphs[i].id) {
                    let code = face.code(gid, Some(share));
                    st.glyph(out, run, face, i, code, targets[i], unit);
                }
            }
            continue;
        }
        let marks_from = order
            .iter()
            .position(|i| run.glyphs[*i].dx < 0)
            .unwrap_or(order.len());
        let spans: [(&str, std::ops::Range<usize>); 2] =
            [(&text, 0..marks_from), ("", marks_from..order.len())];
        for (actual, range) in spans {
            if range.is_empty() {
                continue;
            }
            st.flush(out);
            // In the body, the span is a marked-content sequence of the element's own
            // (poppler ends an element's text at the EMC of a span nested in it).
            let mcid = mc.as_deref_mut().map(|mc| mc.split(out));
            out.extend_from_slice(b"/Span <<");
            if let Some(mcid) = mcid {
                out.extend_from_slice(b"/MCID ");
                out.extend_from_slice(itoa::Buffer::new().format(mcid).as_bytes());
                out.push(b' ');
            }
            out.extend_from_slice(b"/ActualText <FEFF");
            for u in actual.encode_utf16() {
                let _ = write!(out, "{u:04X}");
            }
            out.extend_from_slice(b">>> BDC\n");
            for k in range {
                let i = order[k];
                if let Some(&gid) = face.subset.remap.get(&run.glyphs[i].id) {
                    let code = face.code(gid, shares.as_ref().map(|s| s[k].as_str()));
                    st.glyph(out, run, face, i, code, targets[i], unit);
                }
            }
            st.flush(out);
            out.extend_from_slice(b"EMC\n");
        }
    }
    st.targets = targets;
}

/// Opens the element's marked-content sequence again before text of its own, in the body.
fn reopen(mc: &mut Option<&mut Mc>, out: &mut Vec<u8>) {
    if let Some(mc) = mc.as_deref_mut() {
        mc.reopen(out);
    }
}

/// The marked-content sequence of the structure element whose text is being written, which
/// an /ActualText span interrupts: the span is a sequence of its own, with its own MCID of
/// the same element, and the element's sequence opens again after it.
/// A sequence is opened just before the first glyph it holds (the text state operators
/// before it stay outside), so that a span at the start of an element leaves no empty
/// sequence behind.
struct Mc<'m, 't> {
    marks: &'m mut Marks<'t>,
    /// The element being written, if any.
    node: Option<u32>,
    /// Its sequence is open.
    open: bool,
    /// It has no marked content yet.
    empty: bool,
}

impl Mc<'_, '_> {
    /// Ends the element's sequence, if open; an element that showed nothing still gets
    /// its (empty) sequence, so that the structure tree reaches it.
    fn close(&mut self, out: &mut Vec<u8>) {
        if self.empty {
            self.reopen(out);
        }
        if self.open {
            out.extend_from_slice(b"EMC\n");
            self.open = false;
        }
    }

    /// Starts writing element `node`'s text.
    fn start(&mut self, out: &mut Vec<u8>, node: u32) {
        self.close(out);
        self.node = Some(node);
        self.empty = true;
    }

    /// Closes the element's sequence before a span; the span's MCID.
    fn split(&mut self, out: &mut Vec<u8>) -> usize {
        if self.open {
            out.extend_from_slice(b"EMC\n");
            self.open = false;
        }
        self.empty = false;
        self.marks.nodes.push(self.node.unwrap_or(0));
        self.marks.nodes.len() - 1
    }

    /// Opens the element's sequence, if it is not open, before text of its own.
    fn reopen(&mut self, out: &mut Vec<u8>) {
        if let (false, Some(node)) = (self.open, self.node) {
            self.marks.open(out, node);
            self.open = true;
            self.empty = false;
        }
    }
}

/// Writes a number as PDF content streams take it: at most two decimals, no exponent.
fn num(out: &mut Vec<u8>, v: f32) {
    fixed(out, (v as f64 * 100.0).round() as i64, 2);
}

/// Writes `units / 10^decimals` (decimals 1 or 2) in the shortest form: "12", "-0.5",
/// "539.28". Integer arithmetic: float formatting was a tenth of writing a PDF.
fn fixed(out: &mut Vec<u8>, units: i64, decimals: u32) {
    let scale = 10i64.pow(decimals);
    if units < 0 {
        out.push(b'-');
    }
    let u = units.unsigned_abs();
    let (int, mut frac) = (u / scale as u64, u % scale as u64);
    out.extend_from_slice(itoa::Buffer::new().format(int).as_bytes());
    if frac != 0 {
        out.push(b'.');
        let mut digits = decimals;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        if digits == 2 && frac < 10 {
            out.push(b'0');
        }
        out.extend_from_slice(itoa::Buffer::new().format(frac).as_bytes());
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
    /// The open TJ array (without its brackets), and whether a string is open in it.
    tj: Vec<u8>,
    in_str: bool,
    /// Where the viewer's pen is, in 1/1000 em from the origin.
    viewer: f64,
    /// The text rise in force (points, exact to 1/100).
    rise: f32,
    /// Where each glyph of the run being written goes (a buffer reused from run to run).
    targets: Vec<f64>,
}

impl Emit {
    fn flush(&mut self, out: &mut Vec<u8>) {
        if self.in_str {
            self.tj.push(b')');
            self.in_str = false;
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

    /// Writes glyph `i` of the run as character code `gid` (its subset glyph id, or an
    /// extra code for the same glyph: `DocFace::code`), at `target`.
    #[allow(clippy::too_many_arguments)]
    fn glyph(
        &mut self,
        out: &mut Vec<u8>,
        run: &GlyphRun,
        face: &DocFace,
        i: usize,
        gid: u16,
        target: f64,
        unit: f32,
    ) {
        let g = &run.glyphs[i];
        let rise = if g.dy == 0 {
            0.0
        } else {
            r(g.dy as f32 * unit)
        };
        if rise != self.rise {
            self.flush(out);
            num(out, rise);
            out.extend_from_slice(b" Ts\n");
            self.rise = rise;
        }
        let off = self.viewer - target;
        let exact = g.dx != 0 || g.advance == 0;
        if off.abs() > 2.0 || exact && off.abs() > 0.05 {
            let tenths = (off * 10.0).round() as i64;
            let off = tenths as f64 / 10.0;
            if self.in_str {
                self.tj.push(b')');
                self.in_str = false;
            }
            if !self.tj.is_empty() {
                self.tj.push(b' ');
            }
            fixed(&mut self.tj, tenths, 1);
            self.viewer -= off;
        }
        if !self.in_str {
            self.tj.push(b'(');
            self.in_str = true;
        }
        // The glyph id as two bytes of a literal string (half the size of hex), escaped
        // where a literal string needs it: parentheses and backslash, and the end-of-line
        // bytes a reader would otherwise normalise.
        for b in gid.to_be_bytes() {
            match b {
                b'(' | b')' | b'\\' => self.tj.extend_from_slice(&[b'\\', b]),
                b'\r' => self.tj.extend_from_slice(b"\\r"),
                b'\n' => self.tj.extend_from_slice(b"\\n"),
                _ => self.tj.push(b),
            }
        }
        self.viewer += face.width(gid);
    }
}

/// Marked content being written: the structure element of each MCID of a page.
struct Marks<'t> {
    tree: &'t StructTree,
    /// Node of each MCID, in order.
    nodes: Vec<u32>,
}

impl Marks<'_> {
    /// Opens a marked-content sequence for the element `node`.
    fn open(&mut self, out: &mut Vec<u8>, node: u32) {
        let role = self.tree.nodes[node as usize].role;
        out.push(b'/');
        out.extend_from_slice(role.name().as_bytes());
        out.extend_from_slice(b" <</MCID ");
        out.extend_from_slice(itoa::Buffer::new().format(self.nodes.len()).as_bytes());
        out.extend_from_slice(b">> BDC\n");
        self.nodes.push(node);
    }
}

/// Which text items a text section writes.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    /// The body: text that belongs to a structure element, each element's text in a
    /// marked-content sequence with an MCID.
    Body,
    /// Page furniture (header, footer, a repeated table header): an artifact.
    Furniture,
}

/// The text of a page as content-stream operators (one BT ... ET section), appended to
/// `out`.
fn text_ops(
    out: &mut Vec<u8>,
    page: &Page,
    faces: &BTreeMap<FaceId, DocFace>,
    part: Part,
    marks: &mut Marks,
) {
    let mut cur_font: Option<(FaceId, f32)> = None;
    let mut fill: Option<f32> = None;
    let mut stroke: Option<(f32, f32)> = None;
    let mut bold = false;
    let mut st = Emit::default();
    let mut mc = Mc {
        marks,
        node: None,
        open: false,
        empty: false,
    };
    let spaces = rtl_spaces(&page.items);
    let mut after_space = false;
    out.extend_from_slice(b"BT\n");
    for (i, item) in page.items.iter().enumerate() {
        let Item::Text {
            x,
            y,
            size,
            gray,
            run,
            node,
        } = item
        else {
            continue;
        };
        let space = spaces.get(i).and_then(Option::as_ref);
        let run = space.unwrap_or(run);
        if (part == Part::Body) != node.is_some() {
            continue;
        }
        if let Some(n) = node
            && mc.node != Some(*n)
        {
            st.close(out);
            mc.start(out, *n);
        }
        let Some(face) = faces.get(&run.face.face) else {
            continue;
        };
        if run.glyphs.is_empty() {
            continue;
        }
        let key = (
            run.face.face,
            (*size * 100.0).round() as i64,
            (*gray * 1000.0).round() as i64,
            run.face.synthetic_bold,
        );
        // Continue the text being written when this run follows it on the same line. A
        // space written in another face than its own, and the run after it, start their
        // own text matrix, as in their own face: every glyph stays exactly where it was.
        let respaced = std::mem::replace(&mut after_space, space.is_some());
        let continues =
            st.key == Some(key) && st.y0 == *y && *x >= st.x0 && !respaced && space.is_none();
        if !continues {
            st.close(out);
            let g = gray.clamp(0.0, 1.0);
            if fill != Some(g) {
                num(out, g);
                out.extend_from_slice(b" g\n");
                fill = Some(g);
            }
            if cur_font != Some((run.face.face, *size)) {
                let _ = write!(out, "/{} ", face.id);
                num(out, *size);
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
                    num(out, want.0);
                    out.extend_from_slice(b" G ");
                    num(out, want.1);
                    out.extend_from_slice(b" w\n");
                    stroke = Some(want);
                }
            }
            st.start(out, key, *x, *y);
        }
        let body = (part == Part::Body).then_some(&mut mc);
        run_ops(out, &mut st, run, face, (*x, *size), body);
    }
    st.close(out);
    mc.close(out);
    if bold {
        out.extend_from_slice(b"0 Tr\n");
    }
    out.extend_from_slice(b"ET\n");
}

/// A page's graphics (rules, table shading, boxes, images) as content-stream operators,
/// appended to `out`: drawn before the text, so that shading lies under it.
fn graphics_ops(
    out: &mut Vec<u8>,
    page: &Page,
    image_ids: &BTreeMap<&str, String>,
    marks: &mut Marks,
) {
    // Rules, shading and box strokes are page furniture: one artifact.
    let drawn = page
        .items
        .iter()
        .any(|i| matches!(i, Item::Line { .. } | Item::Rect { .. }));
    if drawn {
        out.extend_from_slice(b"/Artifact BMC\n");
    }
    let mut fill: Option<f32> = None;
    let mut stroke: Option<f32> = None;
    let mut width: Option<f32> = None;
    let mut set_stroke = |out: &mut Vec<u8>, g: f32, w: f32| {
        if stroke != Some(g) {
            num(out, g.clamp(0.0, 1.0));
            out.extend_from_slice(b" G\n");
            stroke = Some(g);
        }
        if width != Some(w) {
            num(out, w);
            out.extend_from_slice(b" w\n");
            width = Some(w);
        }
    };
    let nums = |out: &mut Vec<u8>, vs: &[f32], op: &[u8]| {
        for v in vs {
            num(out, *v);
            out.push(b' ');
        }
        out.extend_from_slice(op);
        out.push(b'\n');
    };
    // Lines that follow each other with the same pen are one path, stroked once; a segment
    // already in the path is not drawn again (a table row's top rule is the row above's
    // bottom one), and segments that continue each other in a straight line are one (a
    // table's column rule down all its rows): fewer bytes to write and compress, the same
    // page.
    let mut path: Vec<[i64; 4]> = Vec::new();
    let mut path_pen: Option<(f32, f32)> = None;
    let end_path = |out: &mut Vec<u8>, path: &mut Vec<[i64; 4]>| {
        if !path.is_empty() {
            for [x1, y1, x2, y2] in joined(path) {
                for (v, op) in [(x1, None), (y1, Some(b'm')), (x2, None), (y2, Some(b'l'))] {
                    fixed(out, v, 2);
                    match op {
                        None => out.push(b' '),
                        Some(op) => out.extend_from_slice(&[b' ', op, b'\n']),
                    }
                }
            }
            out.extend_from_slice(b"S\n");
            path.clear();
        }
    };
    for item in &page.items {
        // Text and images are written apart from the graphics: only a box ends a path.
        if matches!(item, Item::Rect { .. }) {
            end_path(out, &mut path);
            path_pen = None;
        }
        match item {
            Item::Text { .. } | Item::Image { .. } => {}
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width: w,
                gray,
            } => {
                if path_pen != Some((*gray, *w)) {
                    end_path(out, &mut path);
                    set_stroke(out, *gray, *w);
                    path_pen = Some((*gray, *w));
                }
                let at = |v: f32| (v as f64 * 100.0).round() as i64;
                let (a, b) = ((at(*x1), at(*y1)), (at(*x2), at(*y2)));
                let key = if a <= b {
                    [a.0, a.1, b.0, b.1]
                } else {
                    [b.0, b.1, a.0, a.1]
                };
                path.push(key);
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                fill: f,
                stroke: sw,
            } => {
                let op: &[u8] = match (f, sw) {
                    (Some(_), Some(_)) => b"B",
                    (Some(_), None) => b"f",
                    (None, Some(_)) => b"S",
                    (None, None) => continue,
                };
                if let Some(g) = f
                    && fill != Some(*g)
                {
                    num(out, g.clamp(0.0, 1.0));
                    out.extend_from_slice(b" g\n");
                    fill = Some(*g);
                }
                if let Some(sw) = sw {
                    set_stroke(out, 0.0, *sw);
                }
                nums(out, &[*x, *y, *w, *h], b"re");
                out.extend_from_slice(op);
                out.push(b'\n');
            }
        }
    }
    end_path(out, &mut path);
    if drawn {
        out.extend_from_slice(b"EMC\n");
    }
    // Images: a figure (with its alternative text on the structure element) or an
    // artifact.
    for item in &page.items {
        let Item::Image {
            x,
            y,
            w,
            h,
            key,
            node,
        } = item
        else {
            continue;
        };
        let Some(id) = image_ids.get(key.as_str()) else {
            continue;
        };
        match node {
            Some(n) => marks.open(out, *n),
            None => out.extend_from_slice(b"/Artifact BMC\n"),
        }
        out.extend_from_slice(b"q\n");
        nums(out, &[*w, 0.0, 0.0, *h, *x, *y], b"cm");
        out.push(b'/');
        out.extend_from_slice(id.as_bytes());
        out.extend_from_slice(b" Do\nQ\nEMC\n");
    }
    // The text section sets its own fill colour.
}

/// A path's segments (`[x1, y1, x2, y2]` in 1/100 pt, the lesser end first), each once,
/// with the horizontal and vertical ones that continue or overlap each other in a straight
/// line joined into one; sorted (vertical, horizontal, others), so that the result depends
/// only on the set of segments.
fn joined(segments: &mut [[i64; 4]]) -> Vec<[i64; 4]> {
    // (kind, the coordinate a line keeps, from, to); others by their ends.
    let key = |s: &[i64; 4]| match (s[0] == s[2], s[1] == s[3]) {
        (true, false) => (0, s[0], s[1], s[3], 0),
        (false, true) => (1, s[1], s[0], s[2], 0),
        _ => (2, s[0], s[1], s[2], s[3]),
    };
    segments.sort_unstable_by_key(key);
    let mut out: Vec<[i64; 4]> = Vec::with_capacity(segments.len());
    let mut last: Option<(i32, i64, i64, i64, i64)> = None;
    for s in segments.iter() {
        let k = key(s);
        if let Some(l) = last.as_mut()
            && l.0 == k.0
            && l.1 == k.1
            && (k.0 < 2 && k.2 <= l.3 || k == *l)
        {
            // Continues (or repeats) the line before it.
            if k.3 > l.3
                && let Some(line) = out.last_mut()
            {
                l.3 = k.3;
                if k.0 == 0 {
                    line[3] = k.3;
                } else {
                    line[2] = k.3;
                }
            }
            continue;
        }
        out.push(*s);
        last = Some(k);
    }
    out
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

/// zlib-wrapped DEFLATE (what /FlateDecode reads), with libdeflate: at the same ratio
/// it compresses page content about twice as fast as zlib.
///
/// A compressor holds some 300 KB of match-finder tables: one is kept per thread and
/// level and reused, rather than allocated (and its pages faulted in) for each of the
/// dozen streams of every document.
fn zlib(data: &[u8], level: u32) -> Vec<u8> {
    thread_local! {
        static COMPRESSORS: std::cell::RefCell<Vec<(u32, libdeflater::Compressor)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    COMPRESSORS.with(|cell| {
        let mut all = cell.borrow_mut();
        let at = match all.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                let lvl = libdeflater::CompressionLvl::new(level as i32).unwrap_or_default();
                all.push((level, libdeflater::Compressor::new(lvl)));
                all.len() - 1
            }
        };
        let c = &mut all[at].1;
        let mut out = vec![0; c.zlib_compress_bound(data.len())];
        match c.zlib_compress(data, &mut out) {
            Ok(n) => {
                out.truncate(n);
                out
            }
            // The bound makes this unreachable; should it happen, the data goes out in
            // stored (uncompressed) DEFLATE blocks, still a valid zlib stream.
            Err(_) => stored_zlib(data),
        }
    })
}

/// A zlib stream of stored (uncompressed) DEFLATE blocks.
fn stored_zlib(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let mut blocks = data.chunks(0xFFFF).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xFF, 0xFF]);
    }
    while let Some(b) = blocks.next() {
        out.push(u8::from(blocks.peek().is_none()));
        let n = b.len() as u16;
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(!n).to_le_bytes());
        out.extend_from_slice(b);
    }
    out.extend_from_slice(&libdeflater::adler32(data).to_be_bytes());
    out
}

/// /Producer: what wrote the PDF.
const PRODUCER: &str = "smpdoc (pdf-writer 0.15, subsetter 0.2)";

/// Streams are compressed at this level. libdeflate's level 1 (a hash-table match finder)
/// against level 3 (hash chains), on 1,000 bench records: 7.6% fewer instructions a
/// document for 1.2 KB (3%) more; the compact sRGB profile saved 1.8 KB, so documents
/// stay within issue 12's 30% growth (NOTES.md, "Writing the PDF").
const COMPRESSION_LEVEL: u32 = 1;

/// Object numbers of a document, handed out in order from 1.
struct Ids(i32);

impl Ids {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// Writes pages as a PDF. Pure: the output depends only on the arguments.
///
/// Objects are written straight into the file's bytes with pdf-writer, in one pass: each
/// face as a Type0 font over its cached subset (program, widths and descriptor values made
/// once per glyph set; only the subset tag and /ToUnicode belong to the document), the
/// images, one resource dictionary shared by the pages, each page with its two content
/// streams (the body, then the furniture), the structure tree, the metadata, the
/// attachments and the catalog; then a compressed cross-reference stream.
pub fn write(
    pages: &[Page],
    tree: &StructTree,
    fonts: &Fonts,
    images: &Images,
    meta: &Meta,
    attachments: &[Attachment],
    fingerprint: &[u8; 32],
) -> Result<Vec<u8>, PdfError> {
    check_finite(pages)?;
    let settings = pdf_writer::Settings { pretty: false };
    let mut pdf = Pdf::with_settings_and_capacity(settings, 96 * 1024);
    pdf.set_version(1, 7);
    let mut ids = Ids(0);
    let pages_id = ids.next();

    let mut faces: BTreeMap<FaceId, DocFace> = BTreeMap::new();
    for (face, u) in usage(pages) {
        let subset = fonts.subset(face, &u.glyphs)?;
        let mut text: Vec<Option<String>> = vec![None; subset.widths.len()];
        let mut own = vec![false; subset.widths.len()];
        for (g, t) in u.any {
            let Some(&new) = subset.remap.get(&g) else {
                return Err(PdfError::Font(format!("glyph {g} missing from its subset")));
            };
            let single = u.single.get(&g);
            own[new as usize] = single.is_some();
            text[new as usize] = Some(single.cloned().unwrap_or(t));
        }
        let id = font_id(fingerprint, face);
        faces.insert(
            face,
            DocFace {
                id,
                subset,
                text,
                own,
                extra: Vec::new(),
            },
        );
    }
    extra_codes(pages, &mut faces);
    let font_refs: Vec<Ref> = faces
        .values()
        .map(|face| add_font(&mut pdf, &mut ids, face))
        .collect();

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
    let mut image_ids = BTreeMap::new();
    let mut image_refs = Vec::with_capacity(used_images.len());
    for (n, key) in used_images.iter().enumerate() {
        image_refs.push(images[*key].write_to(&mut pdf, &mut ids));
        image_ids.insert(*key, format!("Im{}", n + 1));
    }
    let resources_id = ids.next();
    {
        let mut resources = pdf.indirect(resources_id).dict();
        if !faces.is_empty() {
            let mut font_res = resources.insert(Name(b"Font")).dict();
            for (face, id) in faces.values().zip(&font_refs) {
                font_res.pair(Name(face.id.as_bytes()), *id);
            }
        }
        if !used_images.is_empty() {
            let mut xobjects = resources.insert(Name(b"XObject")).dict();
            for (key, id) in used_images.iter().zip(&image_refs) {
                xobjects.pair(Name(image_ids[key].as_bytes()), *id);
            }
        }
    }

    // A transparency group on the pages when an image has a soft mask (PDF/A-3 6.4).
    let transparent = used_images.iter().any(|k| images[*k].alpha.is_some());
    let mut content = Vec::with_capacity(16 * 1024);
    let mut page_ids = Vec::with_capacity(pages.len());
    let mut parent_tree = Vec::with_capacity(pages.len() * 2);
    // Each node's marked content: (page index, MCID), in reading order.
    let mut content_of: Vec<Vec<(usize, usize)>> = vec![Vec::new(); tree.nodes.len()];
    for (pi, p) in pages.iter().enumerate() {
        let mut marks = Marks {
            tree,
            nodes: Vec::new(),
        };
        // The body first (graphics under the text), then the furniture in a content
        // stream of its own: header and footer, an artifact read after the body.
        content.clear();
        graphics_ops(&mut content, p, &image_ids, &mut marks);
        text_ops(&mut content, p, &faces, Part::Body, &mut marks);
        let body = add_content(&mut pdf, &mut ids, &content);
        content.clear();
        content.extend_from_slice(b"/Artifact <</Type /Pagination>> BDC\n");
        text_ops(&mut content, p, &faces, Part::Furniture, &mut marks);
        content.extend_from_slice(b"EMC\n");
        let furniture = add_content(&mut pdf, &mut ids, &content);
        let page_id = ids.next();
        for (mcid, node) in marks.nodes.iter().enumerate() {
            content_of[*node as usize].push((pi, mcid));
        }
        parent_tree.push(marks.nodes);
        page_ids.push(page_id);
        let mut page = pdf.indirect(page_id).dict();
        page.pair(Name(b"Type"), Name(b"Page"));
        page.pair(Name(b"Parent"), pages_id);
        page.insert(Name(b"MediaBox"))
            .array()
            .item(0)
            .item(0)
            .item(r(p.width))
            .item(r(p.height));
        page.pair(Name(b"Resources"), resources_id);
        page.insert(Name(b"Contents"))
            .array()
            .item(body)
            .item(furniture);
        page.pair(Name(b"StructParents"), pi as i32);
        if transparent {
            page.insert(Name(b"Group"))
                .dict()
                .pair(Name(b"Type"), Name(b"Group"))
                .pair(Name(b"S"), Name(b"Transparency"))
                .pair(Name(b"CS"), Name(b"DeviceRGB"));
        }
    }
    pdf.indirect(pages_id)
        .dict()
        .pair(Name(b"Type"), Name(b"Pages"))
        .pair(Name(b"Count"), pages.len() as i32)
        .insert(Name(b"Kids"))
        .array()
        .items(page_ids.iter().copied());
    let root = add_structure(
        &mut pdf,
        &mut ids,
        tree,
        &content_of,
        &page_ids,
        parent_tree,
    );
    let metadata = ids.next();
    // Unfiltered, so that a tool that does not read PDF finds it (PDF/A).
    pdf.stream(metadata, xmp(meta, PRODUCER).as_bytes())
        .pair(Name(b"Type"), Name(b"Metadata"))
        .pair(Name(b"Subtype"), Name(b"XML"));
    let intent = output_intent(&mut pdf, &mut ids);
    let date = pdf_date(meta.date_unix);
    let info_id = ids.next();
    {
        // Dates from the record, so that output stays deterministic.
        let mut info = pdf.document_info(info_id);
        for (k, v) in [
            (b"Title".as_slice(), &meta.title),
            (b"Author", &meta.author),
            (b"Subject", &meta.subject),
            (b"Creator", &meta.creator),
        ] {
            if !v.is_empty() {
                info.pair(Name(k), TextStr(v));
            }
        }
        info.pair(Name(b"Producer"), TextStr(PRODUCER));
        info.pair(Name(b"CreationDate"), Str(date.as_bytes()));
        info.pair(Name(b"ModDate"), Str(date.as_bytes()));
    }
    let files = add_attachments(&mut pdf, &mut ids, attachments, &date);

    let catalog_id = ids.next();
    {
        let mut catalog = pdf.catalog(catalog_id);
        catalog.pair(Name(b"Pages"), pages_id);
        catalog.pair(Name(b"StructTreeRoot"), root);
        catalog
            .insert(Name(b"MarkInfo"))
            .dict()
            .pair(Name(b"Marked"), true);
        catalog.pair(Name(b"Lang"), TextStr(&meta.lang));
        catalog
            .insert(Name(b"ViewerPreferences"))
            .dict()
            .pair(Name(b"DisplayDocTitle"), true);
        catalog.pair(Name(b"Metadata"), metadata);
        catalog.insert(Name(b"OutputIntents")).array().item(intent);
        if !files.is_empty() {
            // A name tree (keys sorted, as the PDF spec requires) and /AF.
            {
                let mut names = catalog.insert(Name(b"Names")).dict();
                let mut tree = names.insert(Name(b"EmbeddedFiles")).dict();
                let mut arr = tree.insert(Name(b"Names")).array();
                for (name, id) in &files {
                    arr.item(Str(name.as_bytes())).item(*id);
                }
            }
            catalog
                .insert(Name(b"AF"))
                .array()
                .items(files.iter().map(|(_, id)| *id));
        }
    }
    pdf.set_file_id((fingerprint.to_vec(), fingerprint.to_vec()));
    let xref = ids.next();
    Ok(pdf.finish_with_xref_stream_and_filter(xref, |table| {
        (
            zlib(table, COMPRESSION_LEVEL),
            pdf_writer::XRefFilter::Single(Filter::FlateDecode),
        )
    }))
}

/// A content stream, compressed.
fn add_content(pdf: &mut Pdf, ids: &mut Ids, content: &[u8]) -> Ref {
    let id = ids.next();
    pdf.stream(id, &zlib(content, COMPRESSION_LEVEL))
        .filter(Filter::FlateDecode);
    id
}

/// A stream's data as a PDF library stores it by default: compressed when that makes it
/// shorter; and whether it was.
fn maybe_compressed(data: &[u8]) -> (std::borrow::Cow<'_, [u8]>, bool) {
    if data.len() > 64 {
        let z = zlib(data, COMPRESSION_LEVEL);
        if z.len() < data.len() {
            return (std::borrow::Cow::Owned(z), true);
        }
    }
    (std::borrow::Cow::Borrowed(data), false)
}

/// The structure tree (PDF 32000-1, 14.7): one structure element per node, a leaf's marked
/// content as MCIDs (an MCR where it continues on another page), and the parent tree from
/// each page's MCIDs back to their elements (`parent_tree`: the node of each MCID, by
/// page).
fn add_structure(
    pdf: &mut Pdf,
    ids: &mut Ids,
    tree: &StructTree,
    content_of: &[Vec<(usize, usize)>],
    page_ids: &[Ref],
    parent_tree: Vec<Vec<u32>>,
) -> Ref {
    let root = ids.next();
    let node_ids: Vec<Ref> = tree.nodes.iter().map(|_| ids.next()).collect();
    for (i, node) in tree.nodes.iter().enumerate() {
        // /Type /StructElem is optional and left out: a document has hundreds of these.
        let mut e = pdf.indirect(node_ids[i]).dict();
        e.pair(Name(b"S"), Name(node.role.name().as_bytes()));
        e.pair(
            Name(b"P"),
            node.parent.map(|p| node_ids[p as usize]).unwrap_or(root),
        );
        let first = content_of[i].first().map(|&(page, _)| page);
        if let Some(first) = first {
            e.pair(Name(b"Pg"), page_ids[first]);
        }
        if !node.children.is_empty() || first.is_some() {
            let mut kids = e.insert(Name(b"K")).array();
            for c in &node.children {
                kids.item(node_ids[*c as usize]);
            }
            for &(page, mcid) in &content_of[i] {
                if Some(page) == first {
                    kids.item(mcid as i32);
                } else {
                    kids.push()
                        .dict()
                        .pair(Name(b"Type"), Name(b"MCR"))
                        .pair(Name(b"Pg"), page_ids[page])
                        .pair(Name(b"MCID"), mcid as i32);
                }
            }
        }
        if let Some(alt) = &node.alt {
            e.pair(Name(b"Alt"), TextStr(alt));
        }
        if node.role == Role::TH {
            e.insert(Name(b"A"))
                .dict()
                .pair(Name(b"O"), Name(b"Table"))
                .pair(Name(b"Scope"), Name(b"Column"));
        }
    }
    let nums = ids.next();
    {
        let mut d = pdf.indirect(nums).dict();
        let mut entries = d.insert(Name(b"Nums")).array();
        for (page, nodes) in parent_tree.into_iter().enumerate() {
            entries.item(page as i32);
            entries
                .push()
                .array()
                .items(nodes.into_iter().map(|n| node_ids[n as usize]));
        }
    }
    pdf.indirect(root)
        .dict()
        .pair(Name(b"Type"), Name(b"StructTreeRoot"))
        .pair(Name(b"K"), node_ids[0])
        .pair(Name(b"ParentTree"), nums)
        .pair(Name(b"ParentTreeNextKey"), page_ids.len() as i32);
    root
}

/// The sRGB profile of the output intent: a compact ICC v2 sRGB profile (736 bytes, CC0;
/// see src/data/LICENSE-sRGB-icc.txt), 2 KB a document less than a 1024-point one.
const SRGB_ICC: &[u8] = include_bytes!("data/sRGB.icc");

/// The PDF/A output intent: sRGB, which DeviceRGB and DeviceGray are printed as.
fn output_intent(pdf: &mut Pdf, ids: &mut Ids) -> Ref {
    static COMPRESSED: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let icc = COMPRESSED.get_or_init(|| zlib(SRGB_ICC, 9));
    let profile = ids.next();
    pdf.stream(profile, icc)
        .filter(Filter::FlateDecode)
        .pair(Name(b"N"), 3);
    let id = ids.next();
    pdf.indirect(id)
        .dict()
        .pair(Name(b"Type"), Name(b"OutputIntent"))
        .pair(Name(b"S"), Name(b"GTS_PDFA1"))
        .pair(
            Name(b"OutputConditionIdentifier"),
            Str(b"sRGB IEC61966-2.1"),
        )
        .pair(Name(b"RegistryName"), Str(b"http://www.color.org"))
        .pair(Name(b"Info"), Str(b"sRGB IEC61966-2.1"))
        .pair(Name(b"DestOutputProfile"), profile);
    id
}

/// Text for XML.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// XMP date: `2026-03-03T13:15:00Z`, the same moment as the Info dictionary's dates.
fn xmp_date(unix_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(unix_seconds, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The XMP metadata packet: PDF/A-3 level A, PDF/UA-1 (with the extension schema PDF/A
/// asks for the pdfuaid property), and the Info dictionary's values.
fn xmp(meta: &Meta, producer: &str) -> String {
    let date = xmp_date(meta.date_unix);
    let e = xml_escape;
    let mut dc = String::new();
    if !meta.title.is_empty() {
        dc += &format!(
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
            e(&meta.title)
        );
    }
    if !meta.author.is_empty() {
        dc += &format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            e(&meta.author)
        );
    }
    if !meta.subject.is_empty() {
        dc += &format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            e(&meta.subject)
        );
    }
    let tool = if meta.creator.is_empty() {
        String::new()
    } else {
        format!("<xmp:CreatorTool>{}</xmp:CreatorTool>\n", e(&meta.creator))
    };
    format!(
        r#"<?xpacket begin="\u{{FEFF}}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaid:part>3</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<dc:format>application/pdf</dc:format>
{dc}<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
{tool}<pdf:Producer>{producer}</pdf:Producer>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        lang = e(&meta.lang),
        producer = e(producer),
    )
}

/// A face's Type0 font: the descendant CIDFontType2 over the subset, its descriptor and
/// program, and a /ToUnicode mapping every glyph to the text it stands for in this document
/// (several characters for a ligature). /BaseFont and /FontName carry the same
/// `ABCDEF+` subset tag.
fn add_font(pdf: &mut Pdf, ids: &mut Ids, face: &DocFace) -> Ref {
    let sub = &face.subset;
    let tagged = format!("{}+{}", face.id, sub.name);
    let name = Name(tagged.as_bytes());
    let program = ids.next();
    pdf.stream(program, &sub.compressed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), sub.length1);
    let m = &sub.metrics;
    let desc = ids.next();
    {
        let mut d = pdf.indirect(desc).dict();
        d.pair(Name(b"Type"), Name(b"FontDescriptor"));
        d.pair(Name(b"FontName"), name);
        d.pair(Name(b"Flags"), m.flags);
        d.insert(Name(b"FontBBox")).array().items(m.bbox);
        d.pair(Name(b"ItalicAngle"), m.italic_angle);
        d.pair(Name(b"Ascent"), m.ascent);
        d.pair(Name(b"Descent"), m.descent);
        d.pair(Name(b"CapHeight"), m.cap_height);
        d.pair(Name(b"StemV"), m.stem_v);
        d.pair(Name(b"FontFile2"), program);
    }
    let cmap = to_unicode(face);
    let (cmap, compressed) = maybe_compressed(&cmap);
    let to_unicode = ids.next();
    {
        let mut s = pdf.stream(to_unicode, &cmap);
        if compressed {
            s.filter(Filter::FlateDecode);
        }
    }
    // Extra codes show glyphs of the subset: a map from every code to its glyph.
    let cid_to_gid = (!face.extra.is_empty()).then(|| {
        let mut map: Vec<u8> = (0..sub.widths.len() as u16)
            .flat_map(u16::to_be_bytes)
            .collect();
        map.extend(face.extra.iter().flat_map(|(g, _)| g.to_be_bytes()));
        let (map, compressed) = maybe_compressed(&map);
        let id = ids.next();
        let mut s = pdf.stream(id, &map);
        if compressed {
            s.filter(Filter::FlateDecode);
        }
        id
    });
    let id = ids.next();
    let mut font = pdf.indirect(id).dict();
    font.pair(Name(b"Type"), Name(b"Font"));
    font.pair(Name(b"Subtype"), Name(b"Type0"));
    font.pair(Name(b"BaseFont"), name);
    font.pair(Name(b"Encoding"), Name(b"Identity-H"));
    {
        let mut descendants = font.insert(Name(b"DescendantFonts")).array();
        let mut cid = descendants.push().dict();
        cid.pair(Name(b"Type"), Name(b"Font"));
        cid.pair(Name(b"Subtype"), Name(b"CIDFontType2"));
        cid.pair(Name(b"BaseFont"), name);
        cid.insert(Name(b"CIDSystemInfo"))
            .dict()
            .pair(Name(b"Registry"), Str(b"Adobe"))
            .pair(Name(b"Ordering"), Str(b"Identity"))
            .pair(Name(b"Supplement"), 0);
        cid.pair(Name(b"FontDescriptor"), desc);
        cid.pair(Name(b"DW"), 1000);
        // /W: every subset glyph's width, from glyph 0 (a subset's ids are consecutive; a
        // mark's width 0 must be written, or /DW would apply).
        {
            let mut w = cid.insert(Name(b"W")).array();
            w.item(0);
            let extra = face.extra.iter().map(|(g, _)| sub.widths[*g as usize]);
            w.push()
                .array()
                .items(sub.widths.iter().copied().chain(extra).map(|w| w as f32));
        }
        match cid_to_gid {
            Some(map) => cid.pair(Name(b"CIDToGIDMap"), map),
            None => cid.pair(Name(b"CIDToGIDMap"), Name(b"Identity")),
        };
    }
    font.pair(Name(b"ToUnicode"), to_unicode);
    id
}

/// The /ToUnicode CMap of a face in one document: each subset glyph to its text.
fn to_unicode(face: &DocFace) -> Vec<u8> {
    let info = pdf_writer::types::SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"UCS"),
        supplement: 0,
    };
    let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(face.id.as_bytes()), info);
    for (g, t) in face.text.iter().enumerate() {
        if let Some(t) = t {
            cmap.pair_with_multiple(g as u16, t.chars());
        }
    }
    let n = face.subset.widths.len();
    for (e, (_, t)) in face.extra.iter().enumerate() {
        cmap.pair_with_multiple((n + e) as u16, t.chars());
    }
    cmap.finish().into_vec()
}

/// The attached files, each an embedded file stream (its MIME type as /Subtype, its
/// size and date in /Params) and a file specification with its /AFRelationship; by name,
/// sorted, as the catalog's name tree lists them.
fn add_attachments(
    pdf: &mut Pdf,
    ids: &mut Ids,
    attachments: &[Attachment],
    date: &str,
) -> Vec<(String, Ref)> {
    let mut sorted: Vec<&Attachment> = attachments.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = Vec::with_capacity(sorted.len());
    for att in sorted {
        let ef = ids.next();
        let (bytes, compressed) = maybe_compressed(&att.bytes);
        {
            let mut s = pdf.stream(ef, &bytes);
            s.pair(Name(b"Type"), Name(b"EmbeddedFile"));
            s.pair(Name(b"Subtype"), Name(att.mime.as_bytes()));
            s.insert(Name(b"Params"))
                .dict()
                .pair(Name(b"Size"), count(att.bytes.len()))
                .pair(Name(b"ModDate"), Str(date.as_bytes()));
            if compressed {
                s.filter(Filter::FlateDecode);
            }
        }
        let fs = ids.next();
        {
            let mut d = pdf.indirect(fs).dict();
            d.pair(Name(b"Type"), Name(b"Filespec"));
            d.pair(Name(b"F"), Str(att.name.as_bytes()));
            d.pair(Name(b"UF"), TextStr(&att.name));
            d.insert(Name(b"EF"))
                .dict()
                .pair(Name(b"F"), ef)
                .pair(Name(b"UF"), ef);
            if !att.description.is_empty() {
                d.pair(Name(b"Desc"), TextStr(&att.description));
            }
            d.pair(Name(b"AFRelationship"), Name(att.relationship.as_bytes()));
        }
        out.push((att.name.clone(), fs));
    }
    out
}

/// A size or count as a PDF integer (what smpdoc writes is far below 2^31).
fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
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
                    node: Some(0),
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
            let tree = StructTree::new();
            write(
                &[page(text)],
                &tree,
                &fonts,
                &Images::new(),
                &meta,
                &[],
                &fp,
            )
            .unwrap()
        };
        let first = render("Zoë Łukasiewicz", [7u8; 32]);
        for i in 0..3 {
            // Other documents in between (fill the subset cache).
            render(&format!("other {i}"), [i; 32]);
        }
        let again = render("Zoë Łukasiewicz", [7u8; 32]);
        assert_eq!(first, again);
    }

    /// Glyph ids are written as bytes of literal strings: a document with a hundred glyphs
    /// has subset ids that are '(' (40), ')' (41), '\\' (92), CR (13) and LF (10), which
    /// must be escaped for a reader to get them back.
    #[test]
    fn glyph_codes_that_are_delimiters_or_line_ends_read_back() {
        let ascii: String = (0x21u8..0x7f).map(char::from).collect();
        // Two lines, so that both fit on the page.
        let (a, b) = ascii.split_at(47);
        let mut both = page(a);
        both.items.extend(page(b).items.into_iter().map(|mut i| {
            if let Item::Text { y, .. } = &mut i {
                *y -= 100.0;
            }
            i
        }));
        let tree = StructTree::new();
        let meta = Meta {
            title: "T".into(),
            date_unix: 1_776_000_000,
            ..Meta::default()
        };
        let pdf = write(
            &[both.clone()],
            &tree,
            &Fonts::builtin().unwrap(),
            &Images::new(),
            &meta,
            &[],
            &[1u8; 32],
        )
        .unwrap();
        // Every code lopdf reads is one of the subset's glyphs, as many as were drawn.
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let (_, page_id) = doc.get_pages().into_iter().next().unwrap();
        let content = doc.get_and_decode_page_content(page_id).unwrap();
        let mut codes = Vec::new();
        for op in content.operations.iter().filter(|o| o.operator == "TJ") {
            for o in op.operands[0].as_array().unwrap() {
                if let lopdf::Object::String(b, _) = o {
                    assert_eq!(b.len() % 2, 0);
                    codes.extend(b.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])));
                }
            }
        }
        for special in [10, 13, 40, 41, 92] {
            assert!(
                codes.contains(&special),
                "no glyph {special} drawn: {codes:?}"
            );
        }
        let drawn: usize = both
            .items
            .iter()
            .map(|i| match i {
                Item::Text { run, .. } => run.glyphs.len(),
                _ => 0,
            })
            .sum();
        assert_eq!(codes.len(), drawn);
        // And poppler reads the text back.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.pdf");
        std::fs::write(&file, &pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg(&file)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils; .ci/run installs it)");
        let text = String::from_utf8_lossy(&out.stdout);
        for half in [a, b] {
            assert!(
                text.lines().any(|l| l.trim() == half),
                "{half} not in {text}"
            );
        }
    }

    /// Where a viewer draws each glyph of a page: (font resource, code, x), from the text
    /// matrix, the TJ adjustments and the fonts' /W.
    fn drawn(pdf: &[u8]) -> Vec<(String, u16, f64)> {
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        let (_, page_id) = doc.get_pages().into_iter().next().unwrap();
        let fonts = doc.get_page_fonts(page_id).unwrap();
        let widths = |name: &str| -> Vec<f64> {
            let font = fonts[name.as_bytes()];
            let cid = font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]
                .as_dict()
                .unwrap();
            let w = cid.get(b"W").unwrap().as_array().unwrap();
            w[1].as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_float().unwrap() as f64)
                .collect()
        };
        let content = doc.get_and_decode_page_content(page_id).unwrap();
        let (mut font, mut size, mut x) = (String::new(), 0.0, 0.0);
        let mut out = Vec::new();
        for op in &content.operations {
            let n = |i: usize| op.operands[i].as_float().unwrap() as f64;
            match op.operator.as_str() {
                "Tf" => {
                    font = String::from_utf8(op.operands[0].as_name().unwrap().to_vec()).unwrap();
                    size = n(1);
                }
                "Tm" => x = n(4),
                "TJ" => {
                    let w = widths(&font);
                    for o in op.operands[0].as_array().unwrap() {
                        match o {
                            lopdf::Object::String(b, _) => {
                                for c in b.chunks(2) {
                                    let code = u16::from_be_bytes([c[0], c[1]]);
                                    out.push((font.clone(), code, x));
                                    x += w[code as usize] / 1000.0 * size;
                                }
                            }
                            o => x -= o.as_float().unwrap() as f64 / 1000.0 * size,
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// A right-to-left line as the layout gives it: its runs in visual order, the space
    /// between the words shaped on its own in the Latin face (trailing white space is).
    fn rtl_line(text: &str) -> Page {
        let runs = text::shape_text(text, text::Style::Regular).unwrap();
        let mut items = Vec::new();
        let mut x = 100.0;
        for run in runs.into_iter().rev() {
            let w = run.width(12.0);
            items.push(Item::Text {
                x,
                y: 700.0,
                size: 12.0,
                gray: 0.0,
                run,
                node: Some(0),
            });
            x += w;
        }
        Page {
            width: 595.0,
            height: 842.0,
            items,
        }
    }

    /// pdf.js reads each stretch of text in one font as one string and puts a right-to-left
    /// one in logical order, but cannot reorder across a font change: the words of an
    /// Arabic name are one string only when the space between them is in their face.
    #[test]
    fn the_space_between_right_to_left_words_is_written_in_their_face_where_it_was() {
        let page = rtl_line("ليلى حداد");
        let faces: Vec<(bool, FaceId)> = page
            .items
            .iter()
            .map(|i| match i {
                Item::Text { run, .. } => (run.is_space(), run.face.face),
                _ => unreachable!(),
            })
            .collect();
        // As the layout shapes it: the space in another face than the words.
        assert_eq!(faces.len(), 3, "{faces:?}");
        assert!(faces[1].0 && faces[1].1 != faces[0].1 && faces[0].1 == faces[2].1);
        let pdf = write(
            std::slice::from_ref(&page),
            &StructTree::new(),
            &Fonts::builtin().unwrap(),
            &Images::new(),
            &Meta {
                title: "T".into(),
                date_unix: 1_776_000_000,
                ..Meta::default()
            },
            &[],
            &[3u8; 32],
        )
        .unwrap();
        let glyphs = drawn(&pdf);
        // One font for the whole line, so one string for pdf.js.
        let fonts: std::collections::BTreeSet<&str> =
            glyphs.iter().map(|(f, ..)| f.as_str()).collect();
        assert_eq!(fonts.len(), 1, "{glyphs:?}");
        // Every glyph where the layout put it (to the 2/1000 em the writer allows), and the
        // space and the word after it exactly: each starts a text matrix of its own.
        let mut want = Vec::new();
        for it in &page.items {
            let Item::Text { x, size, run, .. } = it else {
                continue;
            };
            let unit = *size as f64 / run.upem as f64;
            let mut pen = *x as f64;
            for (i, g) in run.glyphs.iter().enumerate() {
                // A run's first glyph to the 1/100 pt of its text matrix.
                let slack = if i == 0 { 0.005 } else { 0.03 };
                want.push((pen + g.dx as f64 * unit, slack));
                pen += g.advance as f64 * unit;
            }
        }
        assert_eq!(glyphs.len(), want.len());
        for ((_, code, got), (want, slack)) in glyphs.iter().zip(&want) {
            assert!(
                (got - want).abs() <= *slack,
                "glyph {code} at {got}, not {want}"
            );
        }
        // And the text reads back, as pdftotext (which orders by position) gets it.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.pdf");
        std::fs::write(&file, &pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg(&file)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils; .ci/run installs it)");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("ليلى حداد"), "{text}");
    }

    /// Without right-to-left text nothing changes: every run keeps its own face.
    #[test]
    fn left_to_right_spaces_keep_their_face() {
        let page = page("Ólafur Þórsson, 王小明 and Zoë");
        assert!(rtl_spaces(&page.items).is_empty());
        let mixed = rtl_line("ليلى حداد");
        let spaces = rtl_spaces(&mixed.items);
        assert!(spaces[0].is_none() && spaces[1].is_some() && spaces[2].is_none());
    }

    #[test]
    fn rules_with_one_pen_are_one_path_and_a_shared_segment_is_drawn_once() {
        let line = |x1: f32, y1: f32, x2: f32, y2: f32, gray: f32| Item::Line {
            x1,
            y1,
            x2,
            y2,
            width: 0.5,
            gray,
        };
        let page = Page {
            width: 595.0,
            height: 842.0,
            items: vec![
                line(56.0, 700.0, 556.0, 700.0, 0.7),
                line(56.0, 680.0, 556.0, 680.0, 0.7),
                // The next row's top rule: the same segment, drawn the other way.
                line(556.0, 680.0, 56.0, 680.0, 0.7),
                line(56.0, 660.0, 556.0, 660.0, 0.7),
                // Another pen: a path of its own.
                line(56.0, 640.0, 556.0, 640.0, 0.25),
            ],
        };
        let mut out = Vec::new();
        let tree = StructTree::new();
        let mut marks = Marks {
            tree: &tree,
            nodes: Vec::new(),
        };
        graphics_ops(&mut out, &page, &BTreeMap::new(), &mut marks);
        let ops = String::from_utf8(out).unwrap();
        let count = |op: &str| ops.lines().filter(|l| l.ends_with(op)).count();
        assert_eq!(count(" m"), 4, "{ops}");
        assert_eq!(count("S"), 2, "{ops}");
        assert!(ops.contains("0.25 G"), "{ops}");
    }

    #[test]
    fn a_column_rule_down_a_table_is_one_segment() {
        // Two rows' cell borders: the column rules of each row continue the row above's.
        let line = |x1: f32, y1: f32, x2: f32, y2: f32| Item::Line {
            x1,
            y1,
            x2,
            y2,
            width: 0.5,
            gray: 0.7,
        };
        let mut items = Vec::new();
        for (top, bottom) in [(700.0, 680.0), (680.0, 660.0), (660.0, 640.0)] {
            items.push(line(56.0, top, 556.0, top));
            items.push(line(56.0, bottom, 556.0, bottom));
            for x in [56.0, 138.63, 556.0] {
                items.push(line(x, top, x, bottom));
            }
        }
        // A gap: a rule that does not touch the others stays apart.
        items.push(line(300.0, 600.0, 300.0, 620.0));
        let page = Page {
            width: 595.0,
            height: 842.0,
            items,
        };
        let mut out = Vec::new();
        let tree = StructTree::new();
        let mut marks = Marks {
            tree: &tree,
            nodes: Vec::new(),
        };
        graphics_ops(&mut out, &page, &BTreeMap::new(), &mut marks);
        let ops = String::from_utf8(out).unwrap();
        let segments: Vec<&str> = ops.lines().filter(|l| l.ends_with(" l")).collect();
        // 4 horizontal rules, 3 column rules from 700 down to 640, and the one apart.
        assert_eq!(segments.len(), 8, "{ops}");
        for x in ["56", "138.63", "556"] {
            assert!(
                ops.contains(&format!("{x} 640 m\n{x} 700 l\n")),
                "{x}: {ops}"
            );
        }
        assert!(ops.contains("300 600 m\n300 620 l\n"), "{ops}");
    }

    #[test]
    fn the_uncompressed_fallback_is_a_valid_zlib_stream() {
        for len in [0usize, 1, 65_535, 65_536, 200_000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let z = stored_zlib(&data);
            let mut back = vec![0u8; len];
            let n = libdeflater::Decompressor::new()
                .zlib_decompress(&z, &mut back)
                .unwrap();
            assert_eq!(n, len);
            assert_eq!(back, data);
        }
    }

    #[test]
    fn numbers_are_written_short_and_exact() {
        let show = |v: f32| {
            let mut out = Vec::new();
            num(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(show(56.0), "56");
        assert_eq!(show(539.28), "539.28");
        assert_eq!(show(0.5), "0.5");
        assert_eq!(show(-0.55), "-0.55");
        assert_eq!(show(0.05), "0.05");
        assert_eq!(show(-0.001), "0");
        assert_eq!(show(841.89), "841.89");
        let mut tj = Vec::new();
        fixed(&mut tj, -123, 1);
        assert_eq!(tj, b"-12.3");
    }

    #[test]
    fn subset_tags_are_six_capitals_and_differ_by_face() {
        let fp = [200u8; 32];
        let ids: Vec<String> = (0..text::FACE_COUNT as u8)
            .map(|f| font_id(&fp, FaceId(f)))
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
