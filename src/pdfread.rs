//! Reading a PDF under audit: only the objects `verify`'s checks look at.
//!
//! A full `lopdf::Document::load_mem` parses every object of the file: for an smpdoc
//! document, some 200 objects of which three quarters are structure elements no check reads.
//! `load` instead reads the cross-reference stream and then parses, with lopdf's own object
//! parser (`lopdf::Reader::get_object`), only the objects reachable along the paths the
//! checks follow: the trailer's /Root and /Info; the catalog's /MarkInfo, /StructTreeRoot (the
//! object itself, not the tree), /Lang, /OutputIntents, /Metadata, the embedded files of its
//! /Names and its page tree; for each page its last content stream, its /Resources (and its
//! ancestors') and the fonts they name with their /Encoding and /ToUnicode. The result is a
//! `lopdf::Document` holding just those objects, so the checks run on it unchanged; an object
//! the checks need and a PDF lacks (or that does not parse) is missing in both.
//!
//! Anything but the shape smpdoc writes (one cross-reference stream, no earlier revision,
//! no object streams, no encryption) is loaded in full by lopdf, as before: an unusual file
//! gets exactly the checks it always had.
//!
//! Invariants: no panic on any input; every decompression is bounded (`MAX_XREF_BYTES`, and
//! the callers' limits for streams); the page tree walk is bounded in depth and visits each
//! node once.

use lopdf::xref::{Xref, XrefEntry, XrefType};
use lopdf::{Dictionary, Document, Object, ObjectId, Reader};
use std::collections::HashSet;

/// The largest decompressed cross-reference stream read (5 bytes an object at most in what
/// smpdoc writes: this allows millions of objects).
pub const MAX_XREF_BYTES: usize = 64 * 1024 * 1024;

/// How deep a page tree may nest (lopdf's own limit).
const PAGE_TREE_DEPTH: usize = 256;

/// How long a chain of references may be followed (lopdf's `Document::DEREF_LIMIT`).
const DEREF_LIMIT: usize = 128;

/// A PDF as the checks read it: a document holding the objects they need, and its pages in
/// page-tree order, read when first asked for.
pub struct Pdf<'a> {
    inner: Inner<'a>,
    pages: Option<Vec<ObjectId>>,
}

enum Inner<'a> {
    /// Only what was asked for so far.
    Lazy(Box<Loader<'a>>),
    /// The whole file, by lopdf.
    Full(Box<Document>),
}

impl Pdf<'_> {
    /// The objects read so far (the trailer, the catalog and what the archival and
    /// attachment checks read; the pages and their fonts too once `pages` was called).
    pub fn doc(&self) -> &Document {
        match &self.inner {
            Inner::Lazy(l) => &l.doc,
            Inner::Full(d) => d,
        }
    }

    /// Page object ids, first page first; reads the page tree, each page's last content
    /// stream, its resources and fonts, the first time.
    pub fn pages(&mut self) -> &[ObjectId] {
        self.pages.get_or_insert_with(|| match &mut self.inner {
            Inner::Lazy(l) => l.load_pages(),
            Inner::Full(d) => d.get_pages().into_values().collect(),
        })
    }

    /// Whether only the needed objects are read (false: the whole file, by lopdf).
    pub fn lazy(&self) -> bool {
        matches!(self.inner, Inner::Lazy(_))
    }
}

/// Reads what the checks need from `bytes`, or why it is not a readable PDF.
pub fn load(bytes: &[u8]) -> Result<Pdf<'_>, lopdf::Error> {
    match load_lazily(bytes) {
        Some(pdf) => Ok(pdf),
        None => Ok(Pdf {
            inner: Inner::Full(Box::new(Document::load_mem(bytes)?)),
            pages: None,
        }),
    }
}

/// The lazy path; `None` when the file is not of the shape it handles (the caller then
/// loads it in full, which also reports why a broken file cannot be read).
pub fn load_lazily(bytes: &[u8]) -> Option<Pdf<'_>> {
    // As lopdf: offsets count from the header, wherever it starts.
    let start = bytes.windows(5).position(|w| w == b"%PDF-")?;
    let buf = &bytes[start..];
    let version = header_version(buf)?;
    let xref_start = xref_start(buf)?;
    let (xref, trailer) = xref_stream(buf, xref_start)?;
    // Earlier revisions, hybrid files, encryption: lopdf's full reader handles them.
    if trailer.has(b"Prev") || trailer.has(b"XRefStm") || trailer.has(b"Encrypt") {
        return None;
    }
    if xref.entries.values().any(XrefEntry::is_compressed) {
        return None;
    }
    let mut doc = Document::new();
    doc.version = version;
    doc.trailer = trailer;
    doc.xref_start = xref_start;
    doc.max_id = xref.size.saturating_sub(1);
    doc.reference_table = xref.clone();
    let mut reader = reader(buf);
    reader.document.reference_table = xref;
    let mut loader = Loader {
        reader,
        doc,
        tried: HashSet::new(),
    };
    loader.load_document();
    Some(Pdf {
        inner: Inner::Lazy(Box::new(loader)),
        pages: None,
    })
}

/// The version in `%PDF-1.7`, as lopdf's header parser reads it (digits and dots).
fn header_version(buf: &[u8]) -> Option<String> {
    let rest = buf.strip_prefix(b"%PDF-")?;
    let n = rest
        .iter()
        .position(|c| !(c.is_ascii_digit() || *c == b'.'))
        .unwrap_or(rest.len());
    let line_end = rest.iter().position(|c| *c == b'\r' || *c == b'\n')?;
    if line_end < n {
        return None;
    }
    String::from_utf8(rest[..n].to_vec()).ok()
}

/// The offset `startxref` gives, found as lopdf finds it (the last `%%EOF` in the final 512
/// bytes, `startxref` in the 25 bytes before it).
fn xref_start(buf: &[u8]) -> Option<usize> {
    let seek = buf.len() - buf.len().min(512);
    let eof = rfind(buf, b"%%EOF", seek).filter(|&p| p > 25)?;
    let sx = rfind(&buf[..eof], b"startxref", eof - 25)?;
    let rest = buf[sx..].strip_prefix(b"startxref")?;
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let rest = strip_eol(rest)?;
    let digits_start = rest.iter().position(|c| *c != b' ')?;
    let rest = &rest[digits_start..];
    let n = rest.iter().position(|c| !c.is_ascii_digit())?;
    if n == 0 || n > 12 {
        return None;
    }
    let value: usize = std::str::from_utf8(&rest[..n]).ok()?.parse().ok()?;
    let after = &rest[n..];
    let spaces = after.iter().position(|c| *c != b' ').unwrap_or(after.len());
    strip_eol(&after[spaces..])?
        .starts_with(b"%%EOF")
        .then_some(())?;
    (value < buf.len()).then_some(value)
}

fn strip_eol(b: &[u8]) -> Option<&[u8]> {
    b.strip_prefix(b"\r\n")
        .or_else(|| b.strip_prefix(b"\n"))
        .or_else(|| b.strip_prefix(b"\r"))
}

fn rfind(buf: &[u8], pattern: &[u8], from: usize) -> Option<usize> {
    buf.get(from..)?
        .windows(pattern.len())
        .rposition(|w| w == pattern)
        .map(|p| from + p)
}

/// `N G obj` at `offset`: the object's id.
fn object_header(buf: &[u8], offset: usize) -> Option<ObjectId> {
    let mut rest = buf.get(offset..)?;
    let number = |rest: &mut &[u8]| -> Option<u64> {
        let skip = rest
            .iter()
            .position(|c| !is_space(*c))
            .unwrap_or(rest.len());
        *rest = &rest[skip..];
        let n = rest.iter().position(|c| !c.is_ascii_digit())?;
        if n == 0 || n > 10 {
            return None;
        }
        let v = std::str::from_utf8(&rest[..n]).ok()?.parse().ok()?;
        *rest = &rest[n..];
        Some(v)
    };
    let id = u32::try_from(number(&mut rest)?).ok()?;
    let generation = u16::try_from(number(&mut rest)?).ok()?;
    Some((id, generation))
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

/// A lopdf reader over `buf`, lenient, with decompression capped as for a cross-reference
/// stream.
fn reader(buf: &[u8]) -> Reader<'_> {
    Reader {
        buffer: buf,
        document: Document::new(),
        encryption_state: None,
        raw_objects: Default::default(),
        password: None,
        strict: false,
        max_decompressed_size: Some(MAX_XREF_BYTES),
    }
}

/// The cross-reference stream at `offset` and the trailer (its dictionary without /Length,
/// /W and /Index), decoded as lopdf decodes one; `None` for a classic `xref` table or
/// anything that does not decode.
fn xref_stream(buf: &[u8], offset: usize) -> Option<(Xref, Dictionary)> {
    let id = object_header(buf, offset)?;
    let mut reader = reader(buf);
    reader.document.reference_table.insert(
        id.0,
        XrefEntry::Normal {
            offset: u32::try_from(offset).ok()?,
            generation: id.1,
        },
    );
    let object = reader.get_object(id, &mut HashSet::new()).ok()?;
    let Object::Stream(stream) = object else {
        return None;
    };
    if !stream.dict.has_type(b"XRef") {
        return None;
    }
    let content = if stream.dict.has(b"Filter") {
        stream
            .decompressed_content_with_limit(MAX_XREF_BYTES)
            .ok()?
    } else {
        stream.content.clone()
    };
    let mut dict = stream.dict;
    let size = dict.get(b"Size").and_then(Object::as_i64).ok()?;
    let size32 = u32::try_from(size).ok()?;
    let ints = |o: &Object| -> Option<Vec<i64>> {
        o.as_array().ok()?.iter().map(|v| v.as_i64().ok()).collect()
    };
    let index = match dict.get(b"Index") {
        Ok(o) => ints(o)?,
        Err(_) => vec![0, size],
    };
    let w = ints(dict.get(b"W").ok()?)?;
    if w.len() < 3 || w.iter().take(3).any(|v| !(0..=8).contains(v)) {
        return None;
    }
    let w: [usize; 3] = [w[0] as usize, w[1] as usize, w[2] as usize];
    let mut xref = Xref::new(size32, XrefType::CrossReferenceStream);
    let mut at = 0usize;
    let mut field = |width: usize| -> Option<u64> {
        let bytes = content.get(at..at.checked_add(width)?)?;
        at += width;
        Some(bytes.iter().fold(0u64, |v, b| (v << 8) | u64::from(*b)))
    };
    for pair in index.chunks(2) {
        let [first, count] = pair else { break };
        if *first < 0 || *count < 0 {
            return None;
        }
        for j in 0..*count {
            let kind = if w[0] == 0 { 1 } else { field(w[0])? };
            let a = field(w[1])?;
            let b = field(w[2])?;
            let number = u32::try_from(first.checked_add(j)?).ok()?;
            match kind {
                1 => xref.insert(
                    number,
                    XrefEntry::Normal {
                        offset: u32::try_from(a).ok()?,
                        generation: u16::try_from(b).ok()?,
                    },
                ),
                2 => xref.insert(
                    number,
                    XrefEntry::Compressed {
                        container: u32::try_from(a).ok()?,
                        index: u16::try_from(b).ok()?,
                    },
                ),
                0 => {}
                // lopdf reads no fields for an unknown kind: leave such a file to it.
                _ => return None,
            }
        }
    }
    dict.remove(b"Length");
    dict.remove(b"W");
    dict.remove(b"Index");
    Some((xref, dict))
}

struct Loader<'a> {
    reader: Reader<'a>,
    doc: Document,
    tried: HashSet<ObjectId>,
}

impl Loader<'_> {
    /// Parses object `id` into the document, once.
    fn object(&mut self, id: ObjectId) {
        if !self.tried.insert(id) {
            return;
        }
        if let Ok(o) = self.reader.get_object(id, &mut HashSet::new()) {
            self.doc.objects.insert(id, o);
        }
    }

    /// Loads what `o` refers to, following a chain of references; returns the object at its
    /// end (a clone: the objects read are small dictionaries and arrays).
    fn deref(&mut self, o: &Object) -> Option<Object> {
        let mut o = o.clone();
        for _ in 0..DEREF_LIMIT {
            let Object::Reference(id) = o else {
                return Some(o);
            };
            self.object(id);
            o = self.doc.objects.get(&id)?.clone();
        }
        None
    }

    fn deref_key(&mut self, d: &Dictionary, key: &[u8]) -> Option<Object> {
        let o = d.get(key).ok()?.clone();
        self.deref(&o)
    }

    /// The document's catalog, when it has one.
    fn catalog(&mut self) -> Option<Dictionary> {
        let root = self
            .doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .ok()?;
        self.object(root);
        self.doc.objects.get(&root)?.as_dict().ok().cloned()
    }

    /// Loads what the archival and attachment checks read.
    fn load_document(&mut self) {
        let trailer = self.doc.trailer.clone();
        self.deref_key(&trailer, b"Info");
        let Some(catalog) = self.catalog() else {
            return;
        };
        for key in [
            b"MarkInfo".as_slice(),
            b"StructTreeRoot",
            b"Lang",
            b"Metadata",
        ] {
            self.deref_key(&catalog, key);
        }
        if let Some(Object::Array(intents)) = self.deref_key(&catalog, b"OutputIntents") {
            for i in &intents {
                self.deref(i);
            }
        }
        self.embedded_files(&catalog);
    }

    /// Loads the page tree and what the footer check reads of each page; returns the
    /// pages in order.
    fn load_pages(&mut self) -> Vec<ObjectId> {
        let mut pages = Vec::new();
        let Some(catalog) = self.catalog() else {
            return pages;
        };
        if let Ok(tree) = catalog.get(b"Pages").and_then(Object::as_reference) {
            let mut seen = HashSet::new();
            self.object(tree);
            self.page_tree(tree, 0, &mut seen, &mut pages);
        }
        for &page in &pages {
            self.page(page);
        }
        pages
    }

    fn embedded_files(&mut self, catalog: &Dictionary) {
        let Some(Object::Dictionary(names)) = self.deref_key(catalog, b"Names") else {
            return;
        };
        let Some(Object::Dictionary(files)) = self.deref_key(&names, b"EmbeddedFiles") else {
            return;
        };
        let Some(Object::Array(list)) = self.deref_key(&files, b"Names") else {
            return;
        };
        for pair in list.chunks(2) {
            let [_, spec] = pair else { continue };
            let Some(Object::Dictionary(spec)) = self.deref(spec) else {
                continue;
            };
            let Some(Object::Dictionary(ef)) = self.deref_key(&spec, b"EF") else {
                continue;
            };
            self.deref_key(&ef, b"F");
        }
    }

    /// The pages below page tree node `node`, as lopdf's page iterator lists them: kids in
    /// order, a /Page kid is a page, a /Pages kid is descended into.
    fn page_tree(
        &mut self,
        node: ObjectId,
        depth: usize,
        seen: &mut HashSet<ObjectId>,
        pages: &mut Vec<ObjectId>,
    ) {
        if !seen.insert(node) {
            return;
        }
        let Some(dict) = self
            .doc
            .objects
            .get(&node)
            .and_then(|o| o.as_dict().ok())
            .cloned()
        else {
            return;
        };
        let Some(Object::Array(kids)) = self.deref_key(&dict, b"Kids") else {
            return;
        };
        for kid in &kids {
            let Ok(id) = kid.as_reference() else { continue };
            self.object(id);
            let Some(kind) = self
                .doc
                .get_dictionary(id)
                .ok()
                .and_then(|d| d.get_type().ok())
                .map(<[u8]>::to_vec)
            else {
                continue;
            };
            match kind.as_slice() {
                b"Page" => pages.push(id),
                b"Pages" if depth + 1 < PAGE_TREE_DEPTH => {
                    self.page_tree(id, depth + 1, seen, pages);
                }
                _ => {}
            }
        }
    }

    /// A page's last content stream, its resources (its own and its ancestors') and their
    /// fonts with what decodes their text.
    fn page(&mut self, page: ObjectId) {
        let Some(dict) = self.dict(page) else { return };
        match dict.get(b"Contents") {
            Ok(Object::Reference(id)) => {
                let id = *id;
                self.deref(&Object::Reference(id));
            }
            Ok(Object::Array(a)) => {
                if let Some(Object::Reference(id)) = a.last() {
                    let id = *id;
                    self.deref(&Object::Reference(id));
                }
            }
            _ => {}
        }
        let mut node = Some(dict);
        let mut seen = HashSet::new();
        while let Some(d) = node.take() {
            match d.get(b"Resources") {
                Ok(Object::Dictionary(r)) => {
                    let r = r.clone();
                    self.fonts(&r);
                }
                Ok(Object::Reference(id)) => {
                    let id = *id;
                    if let Some(Object::Dictionary(r)) = self.deref(&Object::Reference(id)) {
                        self.fonts(&r);
                    }
                }
                _ => {}
            }
            if let Ok(parent) = d.get(b"Parent").and_then(Object::as_reference)
                && seen.insert(parent)
            {
                self.object(parent);
                node = self.dict(parent);
            }
        }
    }

    fn dict(&mut self, id: ObjectId) -> Option<Dictionary> {
        self.object(id);
        match self.deref(&Object::Reference(id))? {
            Object::Dictionary(d) => Some(d),
            _ => None,
        }
    }

    fn fonts(&mut self, resources: &Dictionary) {
        let Some(Object::Dictionary(fonts)) = self.deref_key(resources, b"Font") else {
            return;
        };
        for (_, f) in fonts.iter() {
            let Some(Object::Dictionary(font)) = self.deref(f) else {
                continue;
            };
            self.deref_key(&font, b"Encoding");
            self.deref_key(&font, b"ToUnicode");
        }
    }
}

/// A stream's content inflated by libdeflate, when the stream is compressed the common way
/// (`/Filter /FlateDecode` alone, no `/DecodeParms`) and holds one valid zlib stream of at
/// most `limit` bytes once inflated; `None` otherwise, and the caller asks lopdf (whose
/// flate2 gives the same bytes for such a stream, some five times slower, and handles
/// everything else: other filters, predictors, damaged data, the limit's error).
pub fn inflate(stream: &lopdf::Stream, limit: usize) -> Option<Vec<u8>> {
    if stream.dict.has(b"DecodeParms") {
        return None;
    }
    let flate = match stream.dict.get(b"Filter").ok()? {
        Object::Name(n) => n == b"FlateDecode",
        Object::Array(a) => matches!(a.as_slice(), [Object::Name(n)] if n == b"FlateDecode"),
        _ => false,
    };
    if !flate || stream.content.is_empty() {
        return None;
    }
    thread_local! {
        static INFLATER: std::cell::RefCell<libdeflater::Decompressor> =
            std::cell::RefCell::new(libdeflater::Decompressor::new());
    }
    let mut cap = stream
        .content
        .len()
        .saturating_mul(4)
        .clamp(1024, limit.max(1));
    INFLATER.with(|d| {
        let mut d = d.borrow_mut();
        loop {
            let mut out = vec![0u8; cap];
            match d.zlib_decompress(&stream.content, &mut out) {
                Ok(n) if n <= limit => {
                    out.truncate(n);
                    return Some(out);
                }
                Err(libdeflater::DecompressionError::InsufficientSpace) if cap < limit => {
                    cap = cap.saturating_mul(4).min(limit);
                }
                _ => return None,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_truncated_files_are_not_read_lazily_and_never_panic() {
        for bytes in [
            b"".as_slice(),
            b"%PDF-",
            b"%PDF-1.7\n",
            b"%PDF-1.7\nstartxref\n99999\n%%EOF",
            b"%PDF-1.7\n1 0 obj\n<</Type/XRef/Size 2/W[1 4 2]/Length 3>>stream\nabc\nendstream\nendobj\nstartxref\n9\n%%EOF\n",
        ] {
            assert!(load_lazily(bytes).is_none());
            assert!(load(bytes).is_err() || load(bytes).is_ok());
        }
    }
}
