//! Layout: blocks (from `markdown`) into pages of positioned text, lines, boxes and images.
//!
//! Pure and deterministic: the only inputs are the blocks, the font metrics, the image sizes
//! and the page setup. Line breaking follows the Unicode line-breaking rules
//! (unicode-linebreak) with the font's real advance widths; a word wider than the line is
//! broken between characters. Tables wrap text in their cells, split between rows across
//! pages (a row taller than a page is split between lines) and repeat their header row. A
//! heading is never left alone at the bottom of a page. Every page gets a header (clinic,
//! document title) and a footer (record fingerprint, "page N of M").
//!
//! Coordinates are PDF points with the origin at the bottom left of the page.

use crate::markdown::{Align, Block, ListItem, Run};
use std::collections::BTreeSet;

/// One of the three faces of the document font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontKind {
    /// Regular.
    Regular,
    /// Bold.
    Bold,
    /// Italic.
    Italic,
}

impl FontKind {
    fn of(run: &Run) -> FontKind {
        if run.bold {
            FontKind::Bold
        } else if run.italic {
            FontKind::Italic
        } else {
            FontKind::Regular
        }
    }
}

/// What the layout needs to know about the font.
pub trait Metrics {
    /// Advance width of `text` at `size` points.
    fn width(&self, font: FontKind, text: &str, size: f32) -> f32;
    /// Whether the face has a glyph for `c`.
    fn covers(&self, font: FontKind, c: char) -> bool;
}

/// A positioned drawing instruction.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text; `y` is the baseline.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Face.
        font: FontKind,
        /// Size in points.
        size: f32,
        /// Gray level, 0 black to 1 white.
        gray: f32,
        /// The text.
        text: String,
    },
    /// A straight line.
    Line {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Line width in points.
        width: f32,
        /// Gray level.
        gray: f32,
    },
    /// A rectangle, filled and/or stroked.
    Rect {
        /// Left.
        x: f32,
        /// Bottom.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill gray, if filled.
        fill: Option<f32>,
        /// Stroke width, if stroked (black).
        stroke: Option<f32>,
    },
    /// An image known to the renderer by key, scaled into the box.
    Image {
        /// Left.
        x: f32,
        /// Bottom.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// The image's key.
        key: String,
    },
}

/// A laid-out page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// What is drawn, in order.
    pub items: Vec<Item>,
}

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 x 297 mm.
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// What goes around the body of every page.
#[derive(Debug, Clone)]
pub struct PageSetup {
    /// The paper.
    pub paper: Paper,
    /// Left of the header: the clinic.
    pub header_left: String,
    /// Right of the header: the document title.
    pub header_right: String,
    /// Under the header, on every page: who the document is about (the client's name).
    pub header_client: String,
    /// Left of the footer: the record fingerprint line.
    pub footer_left: String,
    /// On a form to be filled in by hand, the label of the box for the client's initials
    /// drawn on every page.
    pub initials: Option<String>,
}

/// The ballot boxes every check box is drawn with: characters of the text layer, so that a
/// text extractor or a screen reader reads the choice.
pub const BOX_OPEN: char = '\u{2610}';
/// A ticked box.
pub const BOX_TICKED: char = '\u{2612}';

const MARGIN_X: f32 = 56.0;
const MARGIN_TOP: f32 = 70.0;
const MARGIN_BOTTOM: f32 = 60.0;
const BODY: f32 = 10.0;
const LEADING: f32 = 1.38;
const TABLE_TEXT: f32 = 9.0;
const CELL_PAD: f32 = 4.0;
const PARA_GAP: f32 = 6.0;
const LIST_INDENT: f32 = 18.0;
const RULE_GRAY: f32 = 0.55;

/// A line of text: styled pieces at x offsets from the line start.
#[derive(Debug, Clone, Default)]
struct Line {
    pieces: Vec<(f32, FontKind, String)>,
    width: f32,
}

/// Breaks styled runs into lines no wider than `max`.
fn break_lines<M: Metrics>(m: &M, runs: &[Run], size: f32, max: f32) -> Vec<Line> {
    // Concatenate, remembering where each style starts.
    let mut text = String::new();
    let mut spans: Vec<(usize, FontKind)> = Vec::new();
    for r in runs {
        spans.push((text.len(), FontKind::of(r)));
        text.push_str(&r.text);
    }
    let font_at = |i: usize| {
        spans
            .iter()
            .rev()
            .find(|(s, _)| *s <= i)
            .map(|(_, f)| *f)
            .unwrap_or(FontKind::Regular)
    };
    // Pieces between break opportunities, each split further at style changes.
    let mut lines = vec![Line::default()];
    let mut start = 0;
    for (end, kind) in unicode_linebreak::linebreaks(&text) {
        let piece = &text[start..end];
        let mandatory = kind == unicode_linebreak::BreakOpportunity::Mandatory;
        place_piece(m, &mut lines, piece, start, &font_at, &spans, size, max);
        if mandatory && end < text.len() {
            lines.push(Line::default());
        }
        start = end;
    }
    for l in &mut lines {
        trim_line_end(m, l, size);
    }
    lines
}

/// Styled segments of `piece` (which starts at byte `offset` of the whole text).
fn segments<'a>(
    piece: &'a str,
    offset: usize,
    spans: &[(usize, FontKind)],
    font_at: &dyn Fn(usize) -> FontKind,
) -> Vec<(FontKind, &'a str)> {
    let mut cuts: Vec<usize> = spans
        .iter()
        .map(|(s, _)| *s)
        .filter(|s| *s > offset && *s < offset + piece.len())
        .map(|s| s - offset)
        .collect();
    cuts.push(piece.len());
    let mut out = Vec::new();
    let mut prev = 0;
    for c in cuts {
        if c > prev {
            out.push((font_at(offset + prev), &piece[prev..c]));
        }
        prev = c;
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn place_piece<M: Metrics>(
    m: &M,
    lines: &mut Vec<Line>,
    piece: &str,
    offset: usize,
    font_at: &dyn Fn(usize) -> FontKind,
    spans: &[(usize, FontKind)],
    size: f32,
    max: f32,
) {
    let piece_nl = piece.trim_end_matches(['\n', '\r']);
    let segs = segments(piece_nl, offset, spans, font_at);
    let total: f32 = segs.iter().map(|(f, s)| m.width(*f, s, size)).sum();
    let visible: f32 = {
        // Trailing spaces may hang past the margin.
        let trimmed = piece_nl.trim_end();
        let segs_t = segments(trimmed, offset, spans, font_at);
        segs_t.iter().map(|(f, s)| m.width(*f, s, size)).sum()
    };
    let cur = lines.last_mut().expect("at least one line");
    if cur.width + visible <= max || cur.pieces.is_empty() && visible <= max {
        push_segs(m, cur, &segs, size);
        return;
    }
    if visible <= max {
        let mut l = Line::default();
        push_segs(m, &mut l, &segs, size);
        lines.push(l);
        return;
    }
    // Wider than a whole line: break between characters.
    if !lines.last().is_some_and(|l| l.pieces.is_empty()) {
        lines.push(Line::default());
    }
    for (font, s) in segs {
        for ch in s.chars() {
            let mut buf = [0u8; 4];
            let cs: &str = ch.encode_utf8(&mut buf);
            let w = m.width(font, cs, size);
            let cur = lines.last_mut().expect("line");
            if cur.width + w > max && !cur.pieces.is_empty() && !ch.is_whitespace() {
                lines.push(Line::default());
            }
            let cur = lines.last_mut().expect("line");
            push_segs(m, cur, &[(font, cs)], size);
        }
    }
    let _ = total;
}

fn push_segs<M: Metrics>(m: &M, line: &mut Line, segs: &[(FontKind, &str)], size: f32) {
    for (font, s) in segs {
        if s.is_empty() {
            continue;
        }
        let w = m.width(*font, s, size);
        match line.pieces.last_mut() {
            Some((_, f, t)) if f == font => t.push_str(s),
            _ => line.pieces.push((line.width, *font, s.to_string())),
        }
        line.width += w;
    }
}

fn trim_line_end<M: Metrics>(m: &M, line: &mut Line, size: f32) {
    while let Some((_, f, t)) = line.pieces.last_mut() {
        let trimmed = t.trim_end().to_string();
        if trimmed.is_empty() {
            line.pieces.pop();
            continue;
        }
        *t = trimmed;
        let f = *f;
        let x = line.pieces.last().map(|p| p.0).unwrap_or(0.0);
        line.width = x + m.width(f, &line.pieces.last().expect("piece").2, size);
        break;
    }
    if line.pieces.is_empty() {
        line.width = 0.0;
    }
}

/// Image sizes in pixels, by key.
pub trait ImageSizes {
    /// Width and height of the image with this key, if the renderer has it.
    fn size_of(&self, key: &str) -> Option<(u32, u32)>;
}

struct Cursor<'a, M: Metrics> {
    m: &'a M,
    setup: &'a PageSetup,
    pages: Vec<Vec<Item>>,
    y: f32,
    width: f32,
    height: f32,
}

impl<'a, M: Metrics> Cursor<'a, M> {
    fn top(&self) -> f32 {
        self.height - MARGIN_TOP
    }
    fn bottom(&self) -> f32 {
        MARGIN_BOTTOM
    }
    fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN_X
    }
    fn items(&mut self) -> &mut Vec<Item> {
        self.pages.last_mut().expect("a page")
    }
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top();
    }
    fn at_page_top(&self) -> bool {
        (self.y - self.top()).abs() < 0.01
    }
    /// Makes room for `h` points, starting a new page if needed.
    fn ensure(&mut self, h: f32) {
        if self.y - h < self.bottom() && !self.at_page_top() {
            self.new_page();
        }
    }
    fn gap(&mut self, h: f32) {
        if !self.at_page_top() {
            self.y -= h;
        }
    }

    fn draw_line(&mut self, x: f32, line: &Line, baseline: f32, size: f32) {
        for (dx, font, text) in &line.pieces {
            self.items().push(Item::Text {
                x: x + dx,
                y: baseline,
                font: *font,
                size,
                gray: 0.0,
                text: text.clone(),
            });
        }
    }

    /// Paragraph lines at x, splitting across pages between lines, never leaving one line
    /// of a paragraph alone at the foot of a page (orphan) or the head of the next (widow).
    fn lines(&mut self, x: f32, lines: &[Line], size: f32) {
        let lh = size * LEADING;
        let n = lines.len();
        let bottom = self.bottom();
        let fits = |y: f32, k: usize| y - k as f32 * lh >= bottom;
        if n >= 2 && !self.at_page_top() && !fits(self.y, 2) && !fits(self.y, n) {
            self.new_page();
        }
        for (i, line) in lines.iter().enumerate() {
            let left = n - i;
            if left == 2 && n >= 3 && !self.at_page_top() && fits(self.y, 1) && !fits(self.y, 2) {
                self.new_page();
            }
            self.ensure(lh);
            let baseline = self.y - size * 0.95;
            self.draw_line(x, line, baseline, size);
            self.y -= lh;
        }
    }

    fn block(
        &mut self,
        b: &Block,
        x: f32,
        width: f32,
        images: &dyn ImageSizes,
        next: Option<&Block>,
    ) {
        match b {
            Block::Heading { level, runs } => {
                let (size, before, after) = match level {
                    1 => (17.0, 10.0, 8.0),
                    2 => (12.5, 12.0, 4.0),
                    _ => (11.0, 8.0, 3.0),
                };
                let runs: Vec<Run> = runs
                    .iter()
                    .map(|r| Run {
                        bold: true,
                        ..r.clone()
                    })
                    .collect();
                let lines = break_lines(self.m, &runs, size, width);
                let h = lines.len() as f32 * size * LEADING;
                // Keep with what follows: the heading plus about three lines of it.
                let follow = match next {
                    Some(Block::Table { .. }) => 3.0 * TABLE_TEXT * LEADING + 4.0 * CELL_PAD,
                    Some(Block::Image { .. }) => 60.0,
                    Some(_) => 3.0 * BODY * LEADING,
                    None => 0.0,
                };
                self.gap(before);
                self.ensure(h + after + follow);
                self.lines(x, &lines, size);
                if *level == 1 {
                    let y = self.y + 2.0;
                    self.items().push(Item::Line {
                        x1: x,
                        y1: y,
                        x2: x + width,
                        y2: y,
                        width: 0.8,
                        gray: 0.25,
                    });
                }
                self.y -= after;
            }
            Block::Paragraph(runs) => {
                let lines = break_lines(self.m, runs, BODY, width);
                // A caption stays with the image under it (a signer's name and signature).
                if let Some(Block::Image { key }) = next {
                    let img_h = images.size_of(key).map(|_| 70.0).unwrap_or(0.0);
                    self.ensure(lines.len() as f32 * BODY * LEADING + PARA_GAP + img_h);
                }
                self.lines(x, &lines, BODY);
                self.y -= PARA_GAP;
            }
            Block::List { start, items } => {
                for (i, item) in items.iter().enumerate() {
                    self.list_item(item, start.map(|s| s + i as u64), x, width, images);
                }
                self.y -= PARA_GAP - 2.0;
            }
            Block::Table {
                aligns,
                header,
                rows,
            } => self.table(aligns, header, rows, x, width),
            Block::Rule => {
                self.gap(4.0);
                self.ensure(6.0);
                let y = self.y - 2.0;
                self.items().push(Item::Line {
                    x1: x,
                    y1: y,
                    x2: x + width,
                    y2: y,
                    width: 0.5,
                    gray: RULE_GRAY,
                });
                self.y -= 8.0;
            }
            Block::Image { key } => {
                let Some((pw, ph)) = images.size_of(key) else {
                    return;
                };
                let max_h = if key == "logo" { 48.0 } else { 64.0 };
                // 96 dpi is the size a person expects a pixel image at.
                let (mut w, mut h) = (pw as f32 * 0.75, ph as f32 * 0.75);
                let scale = (width / w).min(max_h / h).min(1.0);
                w *= scale;
                h *= scale;
                self.ensure(h + 4.0);
                self.y -= h;
                let y = self.y;
                self.items().push(Item::Image {
                    x,
                    y,
                    w,
                    h,
                    key: key.clone(),
                });
                self.y -= PARA_GAP;
            }
            Block::PageBreak => {
                if !self.at_page_top() {
                    self.new_page();
                }
            }
            Block::SignBoxes(labels) => self.sign_boxes(labels, x, width),
            Block::KeepTogether(blocks) => {
                let h = self.measure(blocks, x, width, images);
                if h > self.y - self.bottom() && h <= self.top() - self.bottom() {
                    self.new_page();
                }
                for (i, b) in blocks.iter().enumerate() {
                    self.block(b, x, width, images, blocks.get(i + 1).or(next));
                }
            }
        }
    }

    /// Boxes to sign or write in by hand, side by side: the first (the signature) takes half
    /// the width, the others share the rest.
    fn sign_boxes(&mut self, labels: &[String], x: f32, width: f32) {
        const H: f32 = 46.0;
        const GAP: f32 = 8.0;
        if labels.is_empty() {
            return;
        }
        self.gap(2.0);
        self.ensure(H + PARA_GAP);
        let n = labels.len() as f32;
        let widths: Vec<f32> = if labels.len() == 1 {
            vec![width]
        } else {
            let first = (width - GAP * (n - 1.0)) * 0.5;
            let rest = (width - GAP * (n - 1.0) - first) / (n - 1.0);
            std::iter::once(first)
                .chain(std::iter::repeat_n(rest, labels.len() - 1))
                .collect()
        };
        let top = self.y;
        let mut bx = x;
        for (label, w) in labels.iter().zip(widths) {
            self.items().push(Item::Rect {
                x: bx,
                y: top - H,
                w,
                h: H,
                fill: None,
                stroke: Some(0.6),
            });
            let size = 7.0;
            let text = fit_text(self.m, FontKind::Regular, label, size, w - 6.0);
            self.items().push(Item::Text {
                x: bx + 3.0,
                y: top - size - 2.0,
                font: FontKind::Regular,
                size,
                gray: 0.35,
                text,
            });
            bx += w + GAP;
        }
        self.y = top - H - PARA_GAP;
    }

    /// The height blocks take when laid out from the top of an endless page.
    fn measure(&self, blocks: &[Block], x: f32, width: f32, images: &dyn ImageSizes) -> f32 {
        let mut probe = Cursor {
            m: self.m,
            setup: self.setup,
            pages: vec![Vec::new()],
            y: 1.0e6,
            width: self.width,
            height: 1.0e6 + MARGIN_TOP,
        };
        for (i, b) in blocks.iter().enumerate() {
            probe.block(b, x, width, images, blocks.get(i + 1));
        }
        1.0e6 - probe.y
    }

    fn list_item(
        &mut self,
        item: &ListItem,
        number: Option<u64>,
        x: f32,
        width: f32,
        images: &dyn ImageSizes,
    ) {
        let inner_x = x + LIST_INDENT;
        let inner_w = width - LIST_INDENT;
        // The marker sits on the first line of the item's first block, so it moves with
        // that block: make room for as many of its first lines as `lines` keeps together
        // (two, so that no line is left alone), or the marker would stay behind alone.
        let mut first_para = match item.blocks.first() {
            Some(Block::Paragraph(runs)) => Some(break_lines(self.m, runs, BODY, inner_w)),
            _ => None,
        };
        let keep = first_para.as_ref().map_or(1, |l| l.len().clamp(1, 2));
        self.ensure(keep as f32 * BODY * LEADING);
        let baseline = self.y - BODY * 0.95;
        match (item.task, number) {
            (Some(ticked), _) => self.items().push(Item::Text {
                x,
                y: baseline,
                font: FontKind::Regular,
                size: BODY + 1.0,
                gray: 0.0,
                text: if ticked { BOX_TICKED } else { BOX_OPEN }.to_string(),
            }),
            (None, Some(n)) => {
                let label = format!("{n}.");
                self.items().push(Item::Text {
                    x,
                    y: baseline,
                    font: FontKind::Regular,
                    size: BODY,
                    gray: 0.0,
                    text: label,
                });
            }
            (None, None) => self.items().push(Item::Text {
                x: x + 4.0,
                y: baseline,
                font: FontKind::Regular,
                size: BODY,
                gray: 0.0,
                text: "\u{2022}".into(),
            }),
        }
        for (i, b) in item.blocks.iter().enumerate() {
            match b {
                Block::Paragraph(runs) => {
                    let lines = match first_para.take() {
                        Some(l) if i == 0 => l,
                        _ => break_lines(self.m, runs, BODY, inner_w),
                    };
                    self.lines(inner_x, &lines, BODY);
                    if i + 1 < item.blocks.len() {
                        self.y -= 2.0;
                    }
                }
                other => self.block(other, inner_x, inner_w, images, item.blocks.get(i + 1)),
            }
        }
        self.y -= 1.5;
    }

    #[allow(clippy::too_many_arguments)]
    fn table(
        &mut self,
        aligns: &[Align],
        header: &[Vec<Run>],
        rows: &[Vec<Vec<Run>>],
        x: f32,
        width: f32,
    ) {
        let ncols = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if ncols == 0 {
            return;
        }
        let header_bold: Vec<Vec<Run>> = header
            .iter()
            .map(|c| {
                c.iter()
                    .map(|r| Run {
                        bold: true,
                        ..r.clone()
                    })
                    .collect()
            })
            .collect();
        let show_header = header
            .iter()
            .any(|c| c.iter().any(|r| !r.text.trim().is_empty()));
        let widths = self.column_widths(ncols, &header_bold, rows, width);
        let lay_row = |cur: &Self, cells: &[Vec<Run>]| -> Vec<Vec<Line>> {
            (0..ncols)
                .map(|i| {
                    let runs = cells.get(i).map(Vec::as_slice).unwrap_or(&[]);
                    break_lines(cur.m, runs, TABLE_TEXT, widths[i] - 2.0 * CELL_PAD)
                })
                .collect()
        };
        let head = show_header.then(|| lay_row(self, &header_bold));
        let lh = TABLE_TEXT * LEADING;
        let row_h = |cells: &[Vec<Line>]| {
            cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * CELL_PAD
        };
        self.gap(2.0);
        let head_h = head.as_ref().map(|h| row_h(h)).unwrap_or(0.0);
        // The header never sits alone: it needs the first row with it.
        let first_h = rows
            .first()
            .map(|r| row_h(&lay_row(self, r)))
            .unwrap_or(0.0);
        self.ensure(head_h + first_h.min(self.top() - self.bottom() - head_h));
        if let Some(h) = &head {
            self.table_row(h, &widths, aligns, x, true);
        }
        for r in rows {
            let mut cells = lay_row(self, r);
            loop {
                let h = row_h(&cells);
                if self.y - h >= self.bottom() {
                    self.table_row(&cells, &widths, aligns, x, false);
                    break;
                }
                let fresh = self.top() - head_h;
                if h <= fresh - self.bottom() || self.y < fresh - 0.01 && !self.at_page_top() {
                    // Fits on a new page (or the page is part used): move the row.
                    if self.y - self.bottom() < 2.0 * lh + 2.0 * CELL_PAD
                        || h <= fresh - self.bottom()
                    {
                        self.new_page();
                        if let Some(hd) = &head {
                            self.table_row(hd, &widths, aligns, x, true);
                        }
                        continue;
                    }
                }
                // Taller than what is left: split the row between lines.
                let fit =
                    (((self.y - self.bottom() - 2.0 * CELL_PAD) / lh).floor() as usize).max(1);
                let (now, later): (Vec<Vec<Line>>, Vec<Vec<Line>>) = cells
                    .iter()
                    .map(|c| {
                        let k = fit.min(c.len());
                        (c[..k].to_vec(), c[k..].to_vec())
                    })
                    .unzip();
                self.table_row(&now, &widths, aligns, x, false);
                self.new_page();
                if let Some(hd) = &head {
                    self.table_row(hd, &widths, aligns, x, true);
                }
                cells = later;
            }
        }
        self.y -= PARA_GAP + 2.0;
    }

    fn column_widths(
        &self,
        ncols: usize,
        header: &[Vec<Run>],
        rows: &[Vec<Vec<Run>>],
        width: f32,
    ) -> Vec<f32> {
        let mut natural = vec![0.0f32; ncols];
        let mut minimum = vec![0.0f32; ncols];
        for cells in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
            for (i, runs) in cells.iter().enumerate().take(ncols) {
                let full: f32 = runs
                    .iter()
                    .map(|r| self.m.width(FontKind::of(r), &r.text, TABLE_TEXT))
                    .sum();
                let longest_word = runs
                    .iter()
                    .flat_map(|r| {
                        r.text
                            .split_whitespace()
                            .map(move |w| self.m.width(FontKind::of(r), w, TABLE_TEXT))
                    })
                    .fold(0.0f32, f32::max);
                natural[i] = natural[i].max(full + 2.0 * CELL_PAD);
                minimum[i] = minimum[i].max(longest_word.min(width / 3.0) + 2.0 * CELL_PAD);
            }
        }
        let sum_nat: f32 = natural.iter().sum();
        let sum_min: f32 = minimum.iter().sum();
        if sum_nat <= width {
            // Everything fits on one line: give the spare room to the last column, so that
            // key/value tables read as a form.
            let mut w = natural;
            let spare = width - sum_nat;
            if let Some(last) = w.last_mut() {
                *last += spare;
            }
            w
        } else if sum_min <= width {
            let spare = width - sum_min;
            let want: f32 = natural.iter().zip(&minimum).map(|(n, m)| n - m).sum();
            natural
                .iter()
                .zip(&minimum)
                .map(|(n, m)| m + spare * (n - m) / want.max(0.001))
                .collect()
        } else {
            minimum.iter().map(|m| m * width / sum_min).collect()
        }
    }

    fn table_row(
        &mut self,
        cells: &[Vec<Line>],
        widths: &[f32],
        aligns: &[Align],
        x: f32,
        head: bool,
    ) {
        let lh = TABLE_TEXT * LEADING;
        let h = cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * CELL_PAD;
        let top = self.y;
        let total: f32 = widths.iter().sum();
        if head {
            self.items().push(Item::Rect {
                x,
                y: top - h,
                w: total,
                h,
                fill: Some(0.92),
                stroke: None,
            });
        }
        let mut cx = x;
        for (i, lines) in cells.iter().enumerate() {
            let w = widths[i];
            for (k, line) in lines.iter().enumerate() {
                let baseline = top - CELL_PAD - k as f32 * lh - TABLE_TEXT * 0.95;
                let dx = match aligns.get(i).copied().unwrap_or(Align::Left) {
                    Align::Left => CELL_PAD,
                    Align::Right => w - CELL_PAD - line.width,
                    Align::Center => (w - line.width) / 2.0,
                };
                self.draw_line(cx + dx, line, baseline, TABLE_TEXT);
            }
            cx += w;
        }
        // Rules drawn with the row, so they can never drift from its text.
        let gray = 0.7;
        for y in [top, top - h] {
            self.items().push(Item::Line {
                x1: x,
                y1: y,
                x2: x + total,
                y2: y,
                width: 0.5,
                gray,
            });
        }
        let mut vx = x;
        for w in std::iter::once(0.0).chain(widths.iter().copied()) {
            vx += w;
            self.items().push(Item::Line {
                x1: vx,
                y1: top,
                x2: vx,
                y2: top - h,
                width: 0.5,
                gray,
            });
        }
        self.y = top - h;
    }
}

/// Lays out blocks into pages with header and footer.
pub fn layout<M: Metrics>(
    m: &M,
    blocks: &[Block],
    images: &dyn ImageSizes,
    setup: &PageSetup,
) -> Vec<Page> {
    let (width, height) = setup.paper.size();
    let mut c = Cursor {
        m,
        setup,
        pages: Vec::new(),
        y: 0.0,
        width,
        height,
    };
    c.new_page();
    let cw = c.content_width();
    for (i, b) in blocks.iter().enumerate() {
        c.block(b, MARGIN_X, cw, images, blocks.get(i + 1));
    }
    // Drop a trailing empty page a final page break may leave.
    if c.pages.len() > 1 && c.pages.last().is_some_and(Vec::is_empty) {
        c.pages.pop();
    }
    let n = c.pages.len();
    let setup = c.setup;
    let pages = std::mem::take(&mut c.pages);
    pages
        .into_iter()
        .enumerate()
        .map(|(i, mut items)| {
            let mut chrome = page_chrome(m, setup, width, height, i + 1, n);
            chrome.append(&mut items);
            Page {
                width,
                height,
                items: chrome,
            }
        })
        .collect()
}

fn page_chrome<M: Metrics>(
    m: &M,
    setup: &PageSetup,
    width: f32,
    height: f32,
    page: usize,
    pages: usize,
) -> Vec<Item> {
    let size = 8.0;
    let hy = height - 36.0;
    let right = width - MARGIN_X;
    let title_w = m.width(FontKind::Bold, &setup.header_right, size);
    // The clinic's name gives way to the title if both do not fit.
    let left_max = right - MARGIN_X - title_w - 12.0;
    let left = fit_text(m, FontKind::Regular, &setup.header_left, size, left_max);
    let footer_size = 7.0;
    let page_label = format!("page {page} of {pages}");
    let pw = m.width(FontKind::Regular, &page_label, footer_size);
    let client = fit_text(
        m,
        FontKind::Bold,
        &setup.header_client,
        size,
        right - MARGIN_X,
    );
    let mut items = vec![
        Item::Text {
            x: MARGIN_X,
            y: hy,
            font: FontKind::Regular,
            size,
            gray: 0.35,
            text: left,
        },
        Item::Text {
            x: right - title_w,
            y: hy,
            font: FontKind::Bold,
            size,
            gray: 0.35,
            text: setup.header_right.clone(),
        },
        Item::Text {
            x: MARGIN_X,
            y: hy - 11.0,
            font: FontKind::Bold,
            size,
            gray: 0.0,
            text: client,
        },
        Item::Line {
            x1: MARGIN_X,
            y1: hy - 16.0,
            x2: right,
            y2: hy - 16.0,
            width: 0.5,
            gray: RULE_GRAY,
        },
        Item::Line {
            x1: MARGIN_X,
            y1: 44.0,
            x2: right,
            y2: 44.0,
            width: 0.5,
            gray: RULE_GRAY,
        },
        Item::Text {
            x: MARGIN_X,
            y: 34.0,
            font: FontKind::Regular,
            size: footer_size,
            gray: 0.3,
            text: setup.footer_left.clone(),
        },
    ];
    // A form filled in by hand has a box for the client's initials on every page, at the
    // foot on the right; the page number moves left of it.
    let mut label_right = right;
    if let Some(label) = &setup.initials {
        let (bw, bh) = (72.0, 30.0);
        items.push(Item::Rect {
            x: right - bw,
            y: 10.0,
            w: bw,
            h: bh,
            fill: None,
            stroke: Some(0.6),
        });
        items.push(Item::Text {
            x: right - bw + 3.0,
            y: 10.0 + bh - 8.0,
            font: FontKind::Regular,
            size: 6.0,
            gray: 0.35,
            text: fit_text(m, FontKind::Regular, label, 6.0, bw - 6.0),
        });
        label_right = right - bw - 8.0;
    }
    items.push(Item::Text {
        x: label_right - pw,
        y: 34.0,
        font: FontKind::Regular,
        size: footer_size,
        gray: 0.3,
        text: page_label,
    });
    items
}

/// Shortens text with an ellipsis to fit `max` points.
fn fit_text<M: Metrics>(m: &M, font: FontKind, text: &str, size: f32, max: f32) -> String {
    if m.width(font, text, size) <= max {
        return text.to_string();
    }
    let mut s: String = text.to_string();
    while !s.is_empty() && m.width(font, &format!("{s}\u{2026}"), size) > max {
        s.pop();
    }
    format!("{}\u{2026}", s.trim_end())
}

/// Characters of the pages' text that the font cannot show, sorted.
pub fn missing_glyphs<M: Metrics>(m: &M, pages: &[Page]) -> Vec<char> {
    let mut missing = BTreeSet::new();
    for p in pages {
        for it in &p.items {
            if let Item::Text { font, text, .. } = it {
                for ch in text.chars() {
                    if !ch.is_whitespace() && !m.covers(*font, ch) {
                        missing.insert(ch);
                    }
                }
            }
        }
    }
    missing.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is 0.5 em wide.
    struct Mono;
    impl Metrics for Mono {
        fn width(&self, _: FontKind, text: &str, size: f32) -> f32 {
            text.chars().count() as f32 * size * 0.5
        }
        fn covers(&self, _: FontKind, c: char) -> bool {
            c != '\u{10FFFF}'
        }
    }

    fn run(t: &str) -> Run {
        Run {
            text: t.into(),
            bold: false,
            italic: false,
        }
    }

    #[test]
    fn lines_never_exceed_the_width_and_keep_every_character() {
        let text = "The quick brown fox jumps over the lazy dog. https://example.org/a/very/long/url/that/cannot/fit/on/one/line/at/all";
        let lines = break_lines(&Mono, &[run(text)], 10.0, 100.0);
        for l in &lines {
            assert!(l.width <= 100.0 + 0.01, "{l:?}");
        }
        let joined: String = lines
            .iter()
            .flat_map(|l| l.pieces.iter().map(|p| p.2.as_str()))
            .collect::<Vec<_>>()
            .concat();
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(squash(&joined), squash(text));
    }

    #[test]
    fn forced_breaks_start_new_lines() {
        let lines = break_lines(&Mono, &[run("a\nb")], 10.0, 100.0);
        assert_eq!(lines.len(), 2);
    }

    struct NoImages;
    impl ImageSizes for NoImages {
        fn size_of(&self, _: &str) -> Option<(u32, u32)> {
            None
        }
    }

    fn setup() -> PageSetup {
        PageSetup {
            paper: Paper::A4,
            header_left: "Clinic".into(),
            header_right: "Title".into(),
            header_client: "Client: A. N. Other".into(),
            footer_left: "record sha256:00".into(),
            initials: None,
        }
    }

    #[test]
    fn long_tables_split_between_rows_and_repeat_the_header() {
        let md = {
            let mut s = String::from("| Lot | Notes |\n|---|---|\n");
            for i in 0..120 {
                s.push_str(&format!("| L{i} | note {i} |\n"));
            }
            s
        };
        let blocks = crate::markdown::parse(&md);
        let pages = layout(&Mono, &blocks, &NoImages, &setup());
        assert!(pages.len() >= 2);
        for p in &pages {
            let heads = p
                .items
                .iter()
                .filter(|i| matches!(i, Item::Text { text, .. } if text == "Lot"))
                .count();
            assert_eq!(heads, 1, "each page repeats the header once");
            for it in &p.items {
                if let Item::Text { y, .. } = it {
                    assert!(*y >= 30.0 && *y <= p.height - 30.0);
                }
            }
        }
        let footer = format!("page 2 of {}", pages.len());
        assert!(
            pages[1]
                .items
                .iter()
                .any(|i| matches!(i, Item::Text { text, .. } if *text == footer))
        );
    }

    #[test]
    fn a_heading_is_not_left_alone_at_the_bottom() {
        let mut md = String::new();
        for _ in 0..45 {
            md.push_str("Filler line.\n\n");
        }
        md.push_str("## Heading\n\nBody after heading.\n");
        let blocks = crate::markdown::parse(&md);
        let pages = layout(&Mono, &blocks, &NoImages, &setup());
        for p in &pages {
            let texts: Vec<&str> = p
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text { text, .. } => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            if let Some(pos) = texts.iter().position(|t| *t == "Heading") {
                assert!(
                    texts[pos..].iter().any(|t| t.starts_with("Body")),
                    "{texts:?}"
                );
            }
        }
    }

    fn page_of(pages: &[Page], needle: &str) -> Vec<usize> {
        pages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.items
                    .iter()
                    .any(|i| matches!(i, Item::Text { text, .. } if text.contains(needle)))
            })
            .map(|(n, _)| n)
            .collect()
    }

    #[test]
    fn keep_together_blocks_move_to_the_next_page_whole() {
        let mut md = String::new();
        for i in 0..40 {
            md.push_str(&format!("Filler {i}.\n\n"));
        }
        md.push_str("<!-- keep-together -->\n\n## Signatures\n\nDeclaration.\n\n");
        for i in 0..8 {
            md.push_str(&format!("Signer {i}\n\n"));
        }
        md.push_str("<!-- /keep-together -->\n");
        let pages = layout(&Mono, &crate::markdown::parse(&md), &NoImages, &setup());
        let heading = page_of(&pages, "Signatures");
        let last = page_of(&pages, "Signer 7");
        assert_eq!(heading.len(), 1);
        assert_eq!(heading, last, "the block was split");
        assert_eq!(heading[0], 1);
    }

    #[test]
    fn no_paragraph_leaves_a_single_line_at_a_page_edge() {
        // Paragraphs of 5 lines after a varying amount of filler: wherever the page breaks,
        // neither the first nor the last line of a paragraph stands alone.
        for filler in 0..12 {
            let mut md = String::new();
            for i in 0..filler {
                md.push_str(&format!("F{i}\n\n"));
            }
            for p in 0..12 {
                let words: Vec<String> = (0..90).map(|w| format!("p{p}w{w}")).collect();
                md.push_str(&words.join(" "));
                md.push_str("\n\n");
            }
            let pages = layout(&Mono, &crate::markdown::parse(&md), &NoImages, &setup());
            for p in 0..12 {
                // Count the lines of paragraph p on each page.
                let mut per_page = vec![0usize; pages.len()];
                for (n, page) in pages.iter().enumerate() {
                    let mut ys: Vec<i64> = page
                        .items
                        .iter()
                        .filter_map(|i| match i {
                            Item::Text { text, y, .. } if text.starts_with(&format!("p{p}w")) => {
                                Some(*y as i64)
                            }
                            _ => None,
                        })
                        .collect();
                    ys.sort();
                    ys.dedup();
                    per_page[n] = ys.len();
                }
                for c in per_page.iter().filter(|c| **c > 0) {
                    let total: usize = per_page.iter().sum();
                    assert!(
                        *c >= 2 || total < 2,
                        "filler {filler}, paragraph {p}: {per_page:?}"
                    );
                }
            }
        }
    }
}
