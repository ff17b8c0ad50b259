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
use crate::text::{self, GlyphRun, MissingGlyph, Paragraph, Style};
use std::sync::Arc;

fn style_of(run: &Run) -> Style {
    if run.bold {
        Style::Bold
    } else if run.italic {
        Style::Italic
    } else {
        Style::Regular
    }
}

/// Shapes styled runs as one paragraph (cached: most paragraphs are the template's own).
fn paragraph(runs: &[Run]) -> Result<Arc<Paragraph>, MissingGlyph> {
    let styled: Vec<(&str, Style)> = runs
        .iter()
        .map(|r| (r.text.as_str(), style_of(r)))
        .collect();
    Paragraph::cached(&styled)
}

/// A positioned drawing instruction.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A shaped run of text; `y` is the baseline.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Size in points.
        size: f32,
        /// Gray level, 0 black to 1 white.
        gray: f32,
        /// The glyphs, with the text they show.
        run: Arc<GlyphRun>,
        /// The structure element the text belongs to (`StructTree`); `None` for page
        /// furniture (header, footer, a repeated table header), an artifact.
        node: Option<u32>,
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
        /// Its structure element (a Figure), if it is content.
        node: Option<u32>,
    },
}

/// A structure element's type (PDF 32000-1, 14.8.4: the standard structure types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The whole document.
    Document,
    /// Headings.
    H1,
    /// A second-level heading.
    H2,
    /// A third-level heading.
    H3,
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's marker (bullet, number, check box).
    Lbl,
    /// A list item's body.
    LBody,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell (scope: its column).
    TH,
    /// A data cell.
    TD,
    /// An image, with its text alternative.
    Figure,
}

impl Role {
    /// The structure type's name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
        }
    }
}

/// A structure element: a container of other elements, or a leaf holding content.
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    /// Its type.
    pub role: Role,
    /// Its parent (`None` for the document).
    pub parent: Option<u32>,
    /// Its children, in reading order.
    pub children: Vec<u32>,
    /// A figure's text alternative.
    pub alt: Option<String>,
}

/// The logical structure of a laid-out document: node 0 is the Document; every text and
/// image item of the body names the leaf it belongs to, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct StructTree {
    /// The elements, by id.
    pub nodes: Vec<StructNode>,
}

impl Default for StructTree {
    fn default() -> Self {
        StructTree::new()
    }
}

impl StructTree {
    /// A tree holding only the Document element.
    pub fn new() -> StructTree {
        StructTree {
            nodes: vec![StructNode {
                role: Role::Document,
                parent: None,
                children: Vec::new(),
                alt: None,
            }],
        }
    }

    fn add(&mut self, parent: u32, role: Role, alt: Option<String>) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(StructNode {
            role,
            parent: Some(parent),
            children: Vec::new(),
            alt,
        });
        self.nodes[parent as usize].children.push(id);
        id
    }
}

impl Item {
    /// The text a text item shows (logical order), for tests and tools.
    pub fn text(&self) -> Option<&str> {
        match self {
            Item::Text { run, .. } => Some(&run.text),
            _ => None,
        }
    }
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
    /// Right of the footer: the page number, with `{page}` and `{pages}` where the numbers
    /// go ("page {page} of {pages}", in the document's language).
    pub page_label: String,
    /// A right-to-left document: every paragraph's base direction is right to left and the
    /// whole page is mirrored (margins, table columns, list markers, header and footer),
    /// while each line keeps its own visual order.
    pub rtl: bool,
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

/// Widths are compared with this much slack, so that a column exactly as wide as its
/// widest word does not wrap it through rounding.
const EPS: f32 = 0.01;

/// An identifier too wide for its line is first set smaller, down to this fraction of the
/// size, before it is broken.
const MIN_SHRINK: f32 = 0.7;

/// A run placed on a line.
#[derive(Debug, Clone)]
struct Placed {
    /// Bidi level.
    level: u8,
    /// Size in points.
    size: f32,
    /// Trailing white space of its piece (may hang past the line end).
    space: bool,
    run: Arc<GlyphRun>,
}

/// A line of text: shaped runs in logical order; drawn in visual (UAX #9) order.
#[derive(Debug, Clone, Default)]
struct Line {
    runs: Vec<Placed>,
    width: f32,
    /// The line belongs to a right-to-left paragraph (it is set flush right).
    rtl: bool,
    /// White space trimmed from its end: not counted in its width, but drawn after it
    /// (invisibly), so that the text layer keeps the space between the last word of a line
    /// and the first of the next.
    trailing: Vec<Placed>,
}

impl Line {
    fn new(rtl: bool) -> Line {
        Line {
            rtl,
            ..Line::default()
        }
    }

    fn push(&mut self, piece: &text::Piece, size: f32) {
        for (i, (level, run)) in piece.runs.iter().enumerate() {
            self.width += run.width(size);
            self.runs.push(Placed {
                level: *level,
                size,
                space: i >= piece.content,
                run: run.clone(),
            });
        }
    }

    /// Drops white space at the end of the line.
    fn trim_end(&mut self) {
        while self
            .runs
            .last()
            .is_some_and(|p| p.space || p.run.is_space())
        {
            if let Some(p) = self.runs.pop() {
                self.width -= p.run.width(p.size);
                self.trailing.insert(0, p);
            }
        }
        if self.runs.is_empty() {
            self.width = 0.0;
        }
    }

    /// The runs in visual order with their x offsets from the line start.
    /// In a right-to-left document the offsets are given mirrored (from the line's other
    /// end), so that mirroring the whole page restores the line's visual order.
    fn visual(&self) -> Vec<(f32, &Placed)> {
        let levels: Vec<u8> = self.runs.iter().map(|p| p.level).collect();
        let mirrored = text::base_rtl();
        let order = if self.rtl && mirrored {
            text::visual_order_rtl(&levels)
        } else {
            text::visual_order(&levels)
        };
        let mut x = 0.0;
        order
            .into_iter()
            .map(|i| {
                let p = &self.runs[i];
                let w = p.run.width(p.size);
                let at = if mirrored { self.width - x - w } else { x };
                x += w;
                (at, p)
            })
            .collect()
    }
}

/// Breaks a shaped paragraph into lines no wider than `max`.
fn break_lines(par: &Paragraph, size: f32, max: f32) -> Result<Vec<Line>, MissingGlyph> {
    let first_rtl = par.pieces.first().is_some_and(|p| p.rtl_paragraph);
    let mut lines = vec![Line::new(first_rtl)];
    for piece in &par.pieces {
        place_piece(par, &mut lines, piece, size, max)?;
        if piece.mandatory_break {
            lines.push(Line::new(piece.rtl_paragraph));
        }
    }
    for l in &mut lines {
        l.trim_end();
    }
    // A forced break at the very end leaves an empty last line: drop it.
    if lines.len() > 1 && lines.last().is_some_and(|l| l.runs.is_empty()) {
        lines.pop();
    }
    Ok(lines)
}

fn place_piece(
    par: &Paragraph,
    lines: &mut Vec<Line>,
    piece: &text::Piece,
    size: f32,
    max: f32,
) -> Result<(), MissingGlyph> {
    if piece.runs.is_empty() {
        return Ok(());
    }
    let visible = piece.content_em() * size;
    let cur = lines.last_mut().expect("at least one line");
    if cur.runs.is_empty() {
        cur.rtl = piece.rtl_paragraph;
    }
    if cur.width + visible <= max + EPS {
        cur.push(piece, size);
        return Ok(());
    }
    if visible <= max + EPS {
        let mut l = Line::new(piece.rtl_paragraph);
        l.push(piece, size);
        lines.push(l);
        return Ok(());
    }
    // Wider than a whole line.
    if !lines.last().is_some_and(|l| l.runs.is_empty()) {
        lines.push(Line::new(piece.rtl_paragraph));
    }
    if piece.identifier && visible * MIN_SHRINK <= max + EPS {
        // An identifier stays whole, a little smaller.
        let smaller = size * max / visible;
        lines.last_mut().expect("line").push(piece, smaller);
        return Ok(());
    }
    for part in par.split(piece, max / size)? {
        let w = part.content_em() * size;
        let cur = lines.last_mut().expect("line");
        if !cur.runs.is_empty() && cur.width + w > max + EPS {
            lines.push(Line::new(piece.rtl_paragraph));
        }
        lines.last_mut().expect("line").push(&part, size);
    }
    Ok(())
}

/// Image sizes in pixels, by key.
pub trait ImageSizes {
    /// Width and height of the image with this key, if the renderer has it.
    fn size_of(&self, key: &str) -> Option<(u32, u32)>;
}

struct Cursor<'a> {
    setup: &'a PageSetup,
    /// The first text that could not be shaped; the layout fails with it.
    error: Option<MissingGlyph>,
    pages: Vec<Vec<Item>>,
    y: f32,
    width: f32,
    height: f32,
    /// The structure built so far, the element new elements go into, and the leaf text
    /// being drawn belongs to.
    tree: StructTree,
    parent: u32,
    leaf: Option<u32>,
}

impl<'a> Cursor<'a> {
    /// A new element in the current container.
    fn open(&mut self, role: Role) -> u32 {
        self.tree.add(self.parent, role, None)
    }
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

    /// Lines of styled runs no wider than `max`; text that cannot be shaped is remembered
    /// as the layout's error and gives no lines.
    fn break_runs(&mut self, runs: &[Run], size: f32, max: f32) -> Vec<Line> {
        match paragraph(runs).and_then(|p| break_lines(&p, size, max)) {
            Ok(lines) => lines,
            Err(e) => {
                self.error.get_or_insert(e);
                Vec::new()
            }
        }
    }

    /// Draws a line at `x`; a right-to-left line is set flush right in `avail`.
    fn draw_line(&mut self, x: f32, line: &Line, baseline: f32, avail: f32) {
        // Lines start at the paragraph's start; in a right-to-left document that is the
        // (mirrored) left, whatever the line's own direction.
        let x = if line.rtl != text::base_rtl() {
            x + avail - line.width
        } else {
            x
        };
        let items = self.pages.last_mut().expect("a page");
        let mut end = line.width;
        let trailing = line.trailing.iter().filter(|_| !line.rtl).map(|p| {
            let at = end;
            end += p.run.width(p.size);
            (at, p)
        });
        for (dx, p) in line.visual().into_iter().chain(trailing) {
            items.push(Item::Text {
                x: x + dx,
                y: baseline,
                size: p.size,
                gray: 0.0,
                run: p.run.clone(),
                node: self.leaf,
            });
        }
    }

    /// Paragraph lines at x, splitting across pages between lines, never leaving one line
    /// of a paragraph alone at the foot of a page (orphan) or the head of the next (widow).
    fn lines(&mut self, x: f32, lines: &[Line], size: f32, avail: f32) {
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
            self.draw_line(x, line, baseline, avail);
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
                let lines = self.break_runs(&runs, size, width);
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
                let role = match level {
                    1 => Role::H1,
                    2 => Role::H2,
                    _ => Role::H3,
                };
                let node = self.open(role);
                let prev = self.leaf.replace(node);
                self.lines(x, &lines, size, width);
                self.leaf = prev;
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
                let lines = self.break_runs(runs, BODY, width);
                // A caption stays with the image under it (a signer's name and signature).
                if let Some(Block::Image { key, .. }) = next {
                    let img_h = images.size_of(key).map(|_| 70.0).unwrap_or(0.0);
                    self.ensure(lines.len() as f32 * BODY * LEADING + PARA_GAP + img_h);
                }
                let node = self.open(Role::P);
                let prev = self.leaf.replace(node);
                self.lines(x, &lines, BODY, width);
                self.leaf = prev;
                self.y -= PARA_GAP;
            }
            Block::List { start, items } => {
                let list = self.open(Role::L);
                let parent = std::mem::replace(&mut self.parent, list);
                for (i, item) in items.iter().enumerate() {
                    self.list_item(item, start.map(|s| s + i as u64), x, width, images);
                }
                self.parent = parent;
                self.y -= PARA_GAP - 2.0;
            }
            Block::Table {
                aligns,
                header,
                rows,
            } => {
                let table = self.open(Role::Table);
                let parent = std::mem::replace(&mut self.parent, table);
                self.table(aligns, header, rows, x, width);
                self.parent = parent;
            }
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
            Block::Image { key, alt } => {
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
                let figure = self.tree.add(self.parent, Role::Figure, Some(alt.clone()));
                self.items().push(Item::Image {
                    x,
                    y,
                    w,
                    h,
                    key: key.clone(),
                    node: Some(figure),
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
            match fit_line(label, size, w - 6.0) {
                Ok(l) => {
                    let node = Some(self.open(Role::P));
                    let text = line_items(bx + 3.0, top - size - 2.0, &l, 0.35, node);
                    self.items().extend(text);
                }
                Err(e) => {
                    self.error.get_or_insert(e);
                }
            }
            bx += w + GAP;
        }
        self.y = top - H - PARA_GAP;
    }

    /// The height blocks take when laid out from the top of an endless page.
    fn measure(&self, blocks: &[Block], x: f32, width: f32, images: &dyn ImageSizes) -> f32 {
        let mut probe = Cursor {
            setup: self.setup,
            error: None,
            pages: vec![Vec::new()],
            y: 1.0e6,
            width: self.width,
            height: 1.0e6 + MARGIN_TOP,
            tree: StructTree::new(),
            parent: 0,
            leaf: None,
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
            Some(Block::Paragraph(runs)) => Some(self.break_runs(runs, BODY, inner_w)),
            _ => None,
        };
        let keep = first_para.as_ref().map_or(1, |l| l.len().clamp(1, 2));
        self.ensure(keep as f32 * BODY * LEADING);
        let baseline = self.y - BODY * 0.95;
        let li = self.open(Role::LI);
        let parent = std::mem::replace(&mut self.parent, li);
        let node = self.open(Role::Lbl);
        let prev = self.leaf.replace(node);
        match (item.task, number) {
            (Some(ticked), _) => {
                let box_char = if ticked { BOX_TICKED } else { BOX_OPEN };
                self.label(x, baseline, &box_char.to_string());
            }
            (None, Some(n)) => self.label(x, baseline, &format!("{n}.")),
            (None, None) => self.label(x + 4.0, baseline, "\u{2022}"),
        }
        self.parent = self.open(Role::LBody);
        for (i, b) in item.blocks.iter().enumerate() {
            match b {
                Block::Paragraph(runs) => {
                    let lines = match first_para.take() {
                        Some(l) if i == 0 => l,
                        _ => self.break_runs(runs, BODY, inner_w),
                    };
                    // A paragraph of the item: its own P when the item has several blocks,
                    // the item's body itself when it is the only one.
                    self.leaf = Some(if item.blocks.len() == 1 {
                        self.parent
                    } else {
                        self.open(Role::P)
                    });
                    self.lines(inner_x, &lines, BODY, inner_w);
                    if i + 1 < item.blocks.len() {
                        self.y -= 2.0;
                    }
                }
                other => self.block(other, inner_x, inner_w, images, item.blocks.get(i + 1)),
            }
        }
        self.parent = parent;
        self.leaf = prev;
        self.y -= 1.5;
    }

    /// A list marker: one line of regular body text.
    fn label(&mut self, x: f32, baseline: f32, label: &str) {
        let run = Run {
            text: label.to_string(),
            bold: false,
            italic: false,
        };
        let lines = self.break_runs(&[run], BODY, f32::INFINITY);
        if let Some(line) = lines.first() {
            self.draw_line(x, line, baseline, 0.0);
        }
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
        // Each cell is shaped once, for measuring and for breaking.
        let mut shape_row = |cells: &[Vec<Run>]| -> Vec<Option<Arc<Paragraph>>> {
            (0..ncols)
                .map(|i| {
                    let runs = cells.get(i).map(Vec::as_slice).unwrap_or(&[]);
                    match paragraph(runs) {
                        Ok(p) => Some(p),
                        Err(e) => {
                            self.error.get_or_insert(e);
                            None
                        }
                    }
                })
                .collect()
        };
        let head_pars = shape_row(&header_bold);
        let row_pars: Vec<Vec<Option<Arc<Paragraph>>>> =
            rows.iter().map(|r| shape_row(r)).collect();
        let widths = column_widths(
            ncols,
            std::iter::once(&head_pars).chain(row_pars.iter()),
            width,
        );
        let lay_row = |cur: &mut Self, pars: &[Option<Arc<Paragraph>>]| -> Vec<Vec<Line>> {
            pars.iter()
                .enumerate()
                .map(|(i, p)| {
                    let max = widths[i] - 2.0 * CELL_PAD;
                    match p.as_ref().map(|p| break_lines(p, TABLE_TEXT, max)) {
                        Some(Ok(lines)) => lines,
                        Some(Err(e)) => {
                            cur.error.get_or_insert(e);
                            Vec::new()
                        }
                        None => Vec::new(),
                    }
                })
                .collect()
        };
        let head = show_header.then(|| lay_row(self, &head_pars));
        let lh = TABLE_TEXT * LEADING;
        let row_h = |cells: &[Vec<Line>]| {
            cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * CELL_PAD
        };
        self.gap(2.0);
        let head_h = head.as_ref().map(|h| row_h(h)).unwrap_or(0.0);
        // The header never sits alone: it needs the first row with it.
        let first_h = row_pars
            .first()
            .map(|r| row_h(&lay_row(self, r)))
            .unwrap_or(0.0);
        self.ensure(head_h + first_h.min(self.top() - self.bottom() - head_h));
        if let Some(h) = &head {
            let cells = self.row_nodes(ncols, Role::TH);
            self.table_row(h, &widths, aligns, x, true, Some(&cells));
        }
        for r in &row_pars {
            let mut cells = lay_row(self, r);
            let nodes = self.row_nodes(ncols, Role::TD);
            loop {
                let h = row_h(&cells);
                if self.y - h >= self.bottom() {
                    self.table_row(&cells, &widths, aligns, x, false, Some(&nodes));
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
                            // Repeated on a new page: pagination, not content.
                            self.table_row(hd, &widths, aligns, x, true, None);
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
                self.table_row(&now, &widths, aligns, x, false, Some(&nodes));
                self.new_page();
                if let Some(hd) = &head {
                    self.table_row(hd, &widths, aligns, x, true, None);
                }
                cells = later;
            }
        }
        self.y -= PARA_GAP + 2.0;
    }

    /// A row's element and one cell element per column.
    fn row_nodes(&mut self, ncols: usize, cell: Role) -> Vec<u32> {
        let row = self.open(Role::TR);
        (0..ncols).map(|_| self.tree.add(row, cell, None)).collect()
    }

    /// Draws a row; `nodes` are its cells' elements, `None` for a header repeated on a
    /// new page (an artifact).
    fn table_row(
        &mut self,
        cells: &[Vec<Line>],
        widths: &[f32],
        aligns: &[Align],
        x: f32,
        head: bool,
        nodes: Option<&[u32]>,
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
                // A right-to-left line in a left-aligned column is set flush right.
                let (dx, avail) = match aligns.get(i).copied().unwrap_or(Align::Left) {
                    Align::Left => (CELL_PAD, w - 2.0 * CELL_PAD),
                    Align::Right => (w - CELL_PAD - line.width, line.width),
                    Align::Center => ((w - line.width) / 2.0, line.width),
                };
                let prev = std::mem::replace(&mut self.leaf, nodes.and_then(|n| n.get(i).copied()));
                self.draw_line(cx + dx, line, baseline, avail);
                self.leaf = prev;
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

/// Column widths for a table's shaped cells in `width` points.
///
/// Every column gets at least its widest unbreakable piece (a word, or an identifier that
/// must stay on one line), up to a third of the table; what is left goes to the columns
/// whose text would otherwise wrap, in proportion to how much more they need; only when
/// every cell fits on one line does the spare room go to the last column of a two-column
/// (key and value) table, or to all columns in proportion, in a wider one.
fn column_widths<'p>(
    ncols: usize,
    rows: impl Iterator<Item = &'p Vec<Option<Arc<Paragraph>>>>,
    width: f32,
) -> Vec<f32> {
    let mut natural = vec![2.0 * CELL_PAD; ncols];
    // The widest unbreakable piece, with identifiers whole and with them shrunk as far as
    // they may be; the second is used only when the first does not fit.
    let mut whole = vec![2.0 * CELL_PAD; ncols];
    let mut shrunk = vec![2.0 * CELL_PAD; ncols];
    for cells in rows {
        for (i, par) in cells.iter().enumerate().take(ncols) {
            let Some(par) = par else { continue };
            // A cell's natural width is its longest line when nothing wraps.
            let mut line = 0.0f32;
            let mut longest_line = 0.0f32;
            for piece in &par.pieces {
                let content = piece.content_em() * TABLE_TEXT;
                longest_line = longest_line.max(line + content);
                line += piece.em() * TABLE_TEXT;
                if piece.mandatory_break {
                    line = 0.0;
                }
                let small = if piece.identifier {
                    content * MIN_SHRINK
                } else {
                    content
                };
                whole[i] = whole[i].max(content.min(width / 3.0) + 2.0 * CELL_PAD);
                shrunk[i] = shrunk[i].max(small.min(width / 3.0) + 2.0 * CELL_PAD);
            }
            natural[i] = natural[i].max(longest_line + 2.0 * CELL_PAD);
        }
    }
    let minimum = if whole.iter().sum::<f32>() <= width {
        whole
    } else {
        shrunk
    };
    for (n, m) in natural.iter_mut().zip(&minimum) {
        *n = n.max(*m);
    }
    let sum_nat: f32 = natural.iter().sum();
    let sum_min: f32 = minimum.iter().sum();
    if sum_nat <= width {
        let spare = width - sum_nat;
        let mut w = natural;
        if ncols <= 2 {
            if let Some(last) = w.last_mut() {
                *last += spare;
            }
        } else {
            let total: f32 = w.iter().sum();
            for c in w.iter_mut() {
                *c += spare * *c / total;
            }
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

/// Lays out blocks into pages with header and footer. Fails with the first character no
/// shipped font can show (validation rejects such records; an edited template can still
/// hold one).
pub fn layout(
    blocks: &[Block],
    images: &dyn ImageSizes,
    setup: &PageSetup,
) -> Result<Vec<Page>, MissingGlyph> {
    layout_tagged(blocks, images, setup).map(|(pages, _)| pages)
}

/// Lays out blocks as `layout` does, with the document's logical structure.
pub fn layout_tagged(
    blocks: &[Block],
    images: &dyn ImageSizes,
    setup: &PageSetup,
) -> Result<(Vec<Page>, StructTree), MissingGlyph> {
    let (mut pages, tree) =
        text::with_base_direction(setup.rtl, || layout_ltr(blocks, images, setup))?;
    if setup.rtl {
        for p in &mut pages {
            let w = p.width;
            p.items.iter_mut().for_each(|i| mirror(i, w));
        }
    }
    Ok((pages, tree))
}

/// Mirrors an item left to right on a page `w` wide.
fn mirror(item: &mut Item, w: f32) {
    match item {
        Item::Text { x, size, run, .. } => *x = w - *x - run.width(*size),
        Item::Line { x1, x2, .. } => {
            *x1 = w - *x1;
            *x2 = w - *x2;
        }
        Item::Rect { x, w: bw, .. } | Item::Image { x, w: bw, .. } => *x = w - *x - *bw,
    }
}

/// The layout in left-to-right page coordinates (mirrored afterwards for a right-to-left
/// document), with its structure.
fn layout_ltr(
    blocks: &[Block],
    images: &dyn ImageSizes,
    setup: &PageSetup,
) -> Result<(Vec<Page>, StructTree), MissingGlyph> {
    let (width, height) = setup.paper.size();
    let mut c = Cursor {
        setup,
        error: None,
        pages: Vec::new(),
        y: 0.0,
        width,
        height,
        tree: StructTree::new(),
        parent: 0,
        leaf: None,
    };
    c.new_page();
    let cw = c.content_width();
    for (i, b) in blocks.iter().enumerate() {
        c.block(b, MARGIN_X, cw, images, blocks.get(i + 1));
    }
    if let Some(e) = c.error {
        return Err(e);
    }
    // Drop a trailing empty page a final page break may leave.
    if c.pages.len() > 1 && c.pages.last().is_some_and(Vec::is_empty) {
        c.pages.pop();
    }
    let n = c.pages.len();
    let setup = c.setup;
    let pages = std::mem::take(&mut c.pages);
    // The body first, then the page furniture (header and footer): the order every text
    // extractor reads a page's content in.
    let pages = pages
        .into_iter()
        .enumerate()
        .map(|(i, mut items)| {
            items.extend(page_chrome(setup, width, height, i + 1, n)?);
            Ok(Page {
                width,
                height,
                items,
            })
        })
        .collect::<Result<Vec<Page>, MissingGlyph>>()?;
    Ok((pages, c.tree))
}

/// Text on one line, never broken.
fn one_line(text: &str, style: Style, size: f32) -> Result<Line, MissingGlyph> {
    let par = Paragraph::cached(&[(text, style)])?;
    let mut line = Line::new(par.pieces.first().is_some_and(|p| p.rtl_paragraph));
    for piece in &par.pieces {
        line.push(piece, size);
    }
    line.trim_end();
    Ok(line)
}

/// The items that draw a line with its left end at `x`.
fn line_items(x: f32, y: f32, line: &Line, gray: f32, node: Option<u32>) -> Vec<Item> {
    line.visual()
        .into_iter()
        .map(|(dx, p)| Item::Text {
            x: x + dx,
            y,
            size: p.size,
            gray,
            run: p.run.clone(),
            node,
        })
        .collect()
}

fn page_chrome(
    setup: &PageSetup,
    width: f32,
    height: f32,
    page: usize,
    pages: usize,
) -> Result<Vec<Item>, MissingGlyph> {
    let size = 8.0;
    let hy = height - 36.0;
    let right = width - MARGIN_X;
    let title = one_line(&setup.header_right, Style::Bold, size)?;
    // The clinic's name gives way to the title if both do not fit.
    let left_max = right - MARGIN_X - title.width - 12.0;
    let left = fit_line(&setup.header_left, size, left_max)?;
    let footer_size = 7.0;
    let footer = one_line(&setup.footer_left, Style::Regular, footer_size)?;
    let label = one_line(
        &setup
            .page_label
            .replace("{page}", &page.to_string())
            .replace("{pages}", &pages.to_string()),
        Style::Regular,
        footer_size,
    )?;
    let client = fit_line(&setup.header_client, size, right - MARGIN_X)?;
    let mut items = line_items(MARGIN_X, hy, &left, 0.35, None);
    items.extend(line_items(right - title.width, hy, &title, 0.35, None));
    items.extend(line_items(MARGIN_X, hy - 11.0, &client, 0.0, None));
    items.push(Item::Line {
        x1: MARGIN_X,
        y1: hy - 16.0,
        x2: right,
        y2: hy - 16.0,
        width: 0.5,
        gray: RULE_GRAY,
    });
    items.push(Item::Line {
        x1: MARGIN_X,
        y1: 44.0,
        x2: right,
        y2: 44.0,
        width: 0.5,
        gray: RULE_GRAY,
    });
    // A form filled in by hand has a box for the client's initials on every page, at the
    // foot on the right; the page number moves left of it.
    let mut label_right = right;
    if let Some(text) = &setup.initials {
        let (bw, bh) = (72.0, 30.0);
        items.push(Item::Rect {
            x: right - bw,
            y: 10.0,
            w: bw,
            h: bh,
            fill: None,
            stroke: Some(0.6),
        });
        let l = fit_line(text, 6.0, bw - 6.0)?;
        items.extend(line_items(
            right - bw + 3.0,
            10.0 + bh - 8.0,
            &l,
            0.35,
            None,
        ));
        label_right = right - bw - 8.0;
    }
    items.extend(line_items(
        label_right - label.width,
        34.0,
        &label,
        0.3,
        None,
    ));
    // The fingerprint line is never cut: in a language whose words for it are long, it is
    // set smaller to fit beside the page number.
    let room = label_right - label.width - 8.0 - MARGIN_X;
    let footer = if footer.width > room {
        one_line(
            &setup.footer_left,
            Style::Regular,
            footer_size * room / footer.width,
        )?
    } else {
        footer
    };
    items.extend(line_items(MARGIN_X, 34.0, &footer, 0.3, None));
    Ok(items)
}

/// Text on one line, shortened with an ellipsis (between grapheme clusters) to fit `max`
/// points.
fn fit_line(text: &str, size: f32, max: f32) -> Result<Line, MissingGlyph> {
    use unicode_segmentation::UnicodeSegmentation;
    let line = one_line(text, Style::Regular, size)?;
    if line.width <= max + EPS {
        return Ok(line);
    }
    let mut ends: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
    while let Some(end) = ends.pop() {
        let line = one_line(
            &format!("{}\u{2026}", text[..end].trim_end()),
            Style::Regular,
            size,
        )?;
        if line.width <= max + EPS || end == 0 {
            return Ok(line);
        }
    }
    one_line("\u{2026}", Style::Regular, size)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> Run {
        Run {
            text: t.into(),
            bold: false,
            italic: false,
        }
    }

    fn lines_of(t: &str, size: f32, max: f32) -> Vec<Line> {
        break_lines(&paragraph(&[run(t)]).unwrap(), size, max).unwrap()
    }

    fn line_text(l: &Line) -> String {
        l.runs.iter().map(|p| p.run.text.to_string()).collect()
    }

    #[test]
    fn lines_never_exceed_the_width_and_keep_every_character() {
        let text = "The quick brown fox jumps over the lazy dog. https://example.org/a/very/long/url/that/cannot/fit/on/one/line/at/all";
        let lines = lines_of(text, 10.0, 100.0);
        for l in &lines {
            assert!(l.width <= 100.0 + 0.01, "{l:?}");
        }
        let joined: String = lines.iter().map(line_text).collect();
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(squash(&joined), squash(text));
    }

    #[test]
    fn forced_breaks_start_new_lines() {
        assert_eq!(lines_of("a\nb", 10.0, 100.0).len(), 2);
    }

    #[test]
    fn a_word_exactly_as_wide_as_the_line_does_not_wrap() {
        let w = one_line("Configuration", Style::Regular, 9.0)
            .unwrap()
            .width;
        assert_eq!(lines_of("Configuration", 9.0, w).len(), 1);
    }

    #[test]
    fn spare_table_width_goes_to_the_columns_that_need_it() {
        let cell = |t: &str, bold: bool| {
            Some(
                paragraph(&[Run {
                    text: t.into(),
                    bold,
                    italic: false,
                }])
                .unwrap(),
            )
        };
        let header: Vec<_> = ["Brand", "Shade", "Lot", "Expiry", "Dilution", "REACH"]
            .iter()
            .map(|t| cell(t, true))
            .collect();
        let row: Vec<_> = [
            "HairStroke Pro Ultra Dark Series",
            "Soft Black 02",
            "HS-B7731-2026",
            "30/09/2028",
            "3:1 distilled water, mixed on the day in a sterile cup",
            "",
        ]
        .iter()
        .map(|t| cell(t, false))
        .collect();
        let rows = [header, row];
        let w = column_widths(6, rows.iter(), 483.0);
        assert!((w.iter().sum::<f32>() - 483.0).abs() < 0.1, "{w:?}");
        let reach = one_line("REACH", Style::Bold, TABLE_TEXT).unwrap().width + 2.0 * CELL_PAD;
        assert!(
            w[5] <= reach + 0.1,
            "the empty REACH column took spare room: {w:?}"
        );
        let lot = one_line("HS-B7731-2026", Style::Regular, TABLE_TEXT)
            .unwrap()
            .width;
        assert!(
            w[2] >= lot + 2.0 * CELL_PAD - 0.01,
            "the lot would wrap: {w:?}"
        );
    }

    #[test]
    fn identifiers_stay_on_one_line() {
        for width in [60.0, 80.0, 120.0] {
            let lines = lines_of("Lot HS-B7731-2026 and +44 113 496 0000 here", 9.0, width);
            let texts: Vec<String> = lines.iter().map(line_text).collect();
            assert!(
                texts.iter().any(|t| t.contains("HS-B7731-2026"))
                    && texts.iter().any(|t| t.contains("+44 113 496 0000")),
                "{width}: {texts:?}"
            );
        }
    }

    #[test]
    fn an_identifier_too_long_for_its_line_breaks_only_at_its_own_separators() {
        let lines = lines_of("Lot HS-B7731-2026 and +44 113 496 0000", 9.0, 40.0);
        let texts: Vec<String> = lines.iter().map(line_text).collect();
        let groups = [
            "Lot", "HS-", "B7731-", "2026", "and", "+44", "113", "496", "0000",
        ];
        for t in &texts {
            for word in t.replace('-', "- ").split_whitespace() {
                assert!(groups.contains(&word), "{word:?} in {texts:?}");
            }
        }
    }

    #[test]
    fn a_right_to_left_name_in_an_english_line_is_reversed_as_a_whole() {
        let lines = lines_of("Client: שרה כהן, 12 Herzl St.", 10.0, 400.0);
        assert_eq!(lines.len(), 1);
        let visual: Vec<String> = lines[0]
            .visual()
            .iter()
            .map(|(_, p)| p.run.text.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let want = {
            let text = "Client: שרה כהן, 12 Herzl St.";
            let bidi = unicode_bidi::BidiInfo::new(text, None);
            let para = &bidi.paragraphs[0];
            bidi.reorder_line(para, para.range.clone()).to_string()
        };
        // The words, read left to right, are the words of UAX #9's visual string.
        let got: String = visual.join(" ");
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let reversed_words: String = squash(&want);
        for w in ["Client:", "Herzl", "St."] {
            assert!(got.contains(w));
        }
        let pos = |w: &str| got.find(w).unwrap();
        let vpos = |w: &str| {
            reversed_words
                .find(&w.chars().rev().collect::<String>())
                .unwrap()
        };
        assert!(pos("כהן") < pos("שרה"), "{got}");
        assert!(vpos("כהן") < vpos("שרה"), "{reversed_words}");
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
            page_label: "page {page} of {pages}".into(),
            rtl: false,
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
        let pages = layout(&blocks, &NoImages, &setup()).unwrap();
        assert!(pages.len() >= 2);
        for p in &pages {
            let heads = p.items.iter().filter(|i| i.text() == Some("Lot")).count();
            assert_eq!(heads, 1, "each page repeats the header once");
            for it in &p.items {
                if let Item::Text { y, .. } = it {
                    assert!(*y >= 30.0 && *y <= p.height - 30.0);
                }
            }
        }
        let footer = format!("page 2 of {}", pages.len());
        let page_text: String = pages[1].items.iter().filter_map(Item::text).collect();
        assert!(page_text.contains(&footer), "{page_text}");
    }

    #[test]
    fn a_heading_is_not_left_alone_at_the_bottom() {
        let mut md = String::new();
        for _ in 0..45 {
            md.push_str("Filler line.\n\n");
        }
        md.push_str("## Heading\n\nBody after heading.\n");
        let blocks = crate::markdown::parse(&md);
        let pages = layout(&blocks, &NoImages, &setup()).unwrap();
        for p in &pages {
            let texts: Vec<&str> = p
                .items
                .iter()
                .filter_map(|i| i.text().map(str::trim))
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
                    .filter_map(Item::text)
                    .collect::<String>()
                    .contains(needle)
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
        let pages = layout(&crate::markdown::parse(&md), &NoImages, &setup()).unwrap();
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
            let pages = layout(&crate::markdown::parse(&md), &NoImages, &setup()).unwrap();
            for p in 0..12 {
                // Count the lines of paragraph p on each page.
                let mut per_page = vec![0usize; pages.len()];
                for (n, page) in pages.iter().enumerate() {
                    let mut ys: Vec<i64> = page
                        .items
                        .iter()
                        .filter_map(|i| match i {
                            Item::Text { run, y, .. }
                                if run.text.starts_with(&format!("p{p}w")) =>
                            {
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
