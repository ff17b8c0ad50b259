//! Filled templates (CommonMark with GFM tables and task lists) into a small block model
//! that the layout engine understands. Only the constructs the layout supports survive;
//! anything else (raw HTML, code) degrades to plain text, never to an error.
//!
//! `<!-- page-break -->` on a line of its own forces a new page; blocks between
//! `<!-- keep-together -->` and `<!-- /keep-together -->` start a new page rather than be
//! split, when they fit on one. An image is written
//! `![alt](image:KEY)` and refers to an image the renderer knows by key; other image URLs are
//! ignored (a template cannot make the tool read arbitrary files).

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text; `\n` is a forced line break.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left (the default).
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// A list item.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(ticked)` for a task-list item.
    pub task: Option<bool>,
    /// The item's content.
    pub blocks: Vec<Block>,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1 to 3 (deeper levels are shown as level 3).
    Heading {
        /// 1, 2 or 3.
        level: u8,
        /// Its text.
        runs: Vec<Run>,
    },
    /// A paragraph.
    Paragraph(Vec<Run>),
    /// A bullet or numbered list.
    List {
        /// The first number of a numbered list.
        start: Option<u64>,
        /// The items.
        items: Vec<ListItem>,
    },
    /// A table: a header row and body rows of cells of runs.
    Table {
        /// Column alignments.
        aligns: Vec<Align>,
        /// The header row.
        header: Vec<Vec<Run>>,
        /// The body rows.
        rows: Vec<Vec<Vec<Run>>>,
    },
    /// A horizontal rule.
    Rule,
    /// An image known to the renderer by key.
    Image {
        /// The key (`logo`, `consent.client_signature`, ...).
        key: String,
        /// Its text alternative (`![alt](image:key)`), read by a screen reader.
        alt: String,
    },
    /// A forced page break.
    PageBreak,
    /// A row of empty boxes tall enough to sign or write in by hand, each with its label
    /// (`<!-- sign-boxes: Signature | Name | Date -->`).
    SignBoxes(Vec<String>),
    /// Blocks kept on one page when they fit on one (`<!-- keep-together -->` ...
    /// `<!-- /keep-together -->`), e.g. a declaration and its signatures.
    KeepTogether(Vec<Block>),
}

/// Alignments, header cells and body rows of a table being parsed.
type TableParts = (Vec<Align>, Vec<Vec<Run>>, Vec<Vec<Vec<Run>>>);

#[derive(Default)]
struct Style {
    bold: u32,
    italic: u32,
}

enum Frame {
    Blocks(Vec<Block>),
    Keep(Vec<Block>),
    Item(Option<bool>, Vec<Block>),
    List(Option<u64>, Vec<ListItem>),
}

/// Parses Markdown into blocks.
pub fn parse(md: &str) -> Vec<Block> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_TASKLISTS);
    let mut stack: Vec<Frame> = vec![Frame::Blocks(Vec::new())];
    let mut runs: Vec<Run> = Vec::new();
    let mut style = Style::default();
    let mut heading: Option<u8> = None;
    // Table state.
    let mut table: Option<TableParts> = None;
    let mut row: Vec<Vec<Run>> = Vec::new();
    let mut in_head = false;
    let mut pending_image: Option<String> = None;
    let mut alt = String::new();

    fn push_block(stack: &mut [Frame], b: Block) {
        match stack.last_mut() {
            Some(Frame::Blocks(v)) | Some(Frame::Keep(v)) | Some(Frame::Item(_, v)) => v.push(b),
            Some(Frame::List(..)) | None => {}
        }
    }
    fn push_text(runs: &mut Vec<Run>, style: &Style, text: &str) {
        let (bold, italic) = (style.bold > 0, style.italic > 0);
        match runs.last_mut() {
            Some(r) if r.bold == bold && r.italic == italic => r.text.push_str(text),
            _ => runs.push(Run {
                text: text.to_string(),
                bold,
                italic,
            }),
        }
    }
    fn flush_para(stack: &mut [Frame], runs: &mut Vec<Run>) {
        if runs.iter().any(|r| !r.text.trim().is_empty()) {
            push_block(stack, Block::Paragraph(std::mem::take(runs)));
        }
        runs.clear();
    }

    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                let level = heading.take().unwrap_or(3);
                push_block(
                    &mut stack,
                    Block::Heading {
                        level,
                        runs: std::mem::take(&mut runs),
                    },
                );
            }
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => flush_para(&mut stack, &mut runs),
            Event::Start(Tag::Strong) => style.bold += 1,
            Event::End(TagEnd::Strong) => style.bold = style.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => style.italic += 1,
            Event::End(TagEnd::Emphasis) => style.italic = style.italic.saturating_sub(1),
            Event::Start(Tag::List(start)) => {
                flush_para(&mut stack, &mut runs);
                stack.push(Frame::List(start, Vec::new()));
            }
            Event::End(TagEnd::List(_)) => {
                if let Some(Frame::List(start, items)) = stack.pop() {
                    push_block(&mut stack, Block::List { start, items });
                }
            }
            Event::Start(Tag::Item) => stack.push(Frame::Item(None, Vec::new())),
            Event::TaskListMarker(ticked) => {
                if let Some(Frame::Item(task, _)) = stack.last_mut() {
                    *task = Some(ticked);
                }
            }
            Event::End(TagEnd::Item) => {
                // Tight lists give the item's text without a paragraph.
                flush_para(&mut stack, &mut runs);
                if let Some(Frame::Item(task, blocks)) = stack.pop()
                    && let Some(Frame::List(_, items)) = stack.last_mut()
                {
                    items.push(ListItem { task, blocks });
                }
            }
            Event::Start(Tag::Table(aligns)) => {
                flush_para(&mut stack, &mut runs);
                let aligns = aligns
                    .into_iter()
                    .map(|a| match a {
                        Alignment::Center => Align::Center,
                        Alignment::Right => Align::Right,
                        _ => Align::Left,
                    })
                    .collect();
                table = Some((aligns, Vec::new(), Vec::new()));
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                if let Some(t) = table.as_mut() {
                    t.1 = std::mem::take(&mut row);
                }
            }
            Event::Start(Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut()
                    && !in_head
                {
                    t.2.push(std::mem::take(&mut row));
                }
            }
            Event::Start(Tag::TableCell) => runs.clear(),
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut runs)),
            Event::End(TagEnd::Table) => {
                if let Some((aligns, header, rows)) = table.take() {
                    push_block(
                        &mut stack,
                        Block::Table {
                            aligns,
                            header,
                            rows,
                        },
                    );
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                pending_image = dest_url.strip_prefix("image:").map(str::to_string);
                alt.clear();
            }
            Event::End(TagEnd::Image) => {
                if let Some(key) = pending_image.take() {
                    flush_para(&mut stack, &mut runs);
                    let alt = std::mem::take(&mut alt).trim().to_string();
                    push_block(&mut stack, Block::Image { key, alt });
                }
            }
            Event::Text(t) | Event::Code(t) if pending_image.is_some() => alt.push_str(&t),
            Event::Text(t) | Event::Code(t) if pending_image.is_none() => {
                push_text(&mut runs, &style, &t);
            }
            Event::SoftBreak => push_text(&mut runs, &style, " "),
            Event::HardBreak => push_text(&mut runs, &style, "\n"),
            Event::Rule => {
                flush_para(&mut stack, &mut runs);
                push_block(&mut stack, Block::Rule);
            }
            Event::Html(h) | Event::InlineHtml(h) if h.trim() == "<!-- page-break -->" => {
                flush_para(&mut stack, &mut runs);
                push_block(&mut stack, Block::PageBreak);
            }
            Event::Html(h) | Event::InlineHtml(h)
                if h.trim().starts_with("<!-- sign-boxes:") && h.trim().ends_with("-->") =>
            {
                flush_para(&mut stack, &mut runs);
                let inner = h
                    .trim()
                    .trim_start_matches("<!-- sign-boxes:")
                    .trim_end_matches("-->");
                let labels = inner.split('|').map(|l| l.trim().to_string()).collect();
                push_block(&mut stack, Block::SignBoxes(labels));
            }
            Event::Html(h) if h.trim() == "<!-- keep-together -->" => {
                flush_para(&mut stack, &mut runs);
                stack.push(Frame::Keep(Vec::new()));
            }
            Event::Html(h) if h.trim() == "<!-- /keep-together -->" => {
                flush_para(&mut stack, &mut runs);
                if let Some(Frame::Keep(blocks)) = stack.last_mut() {
                    let blocks = std::mem::take(blocks);
                    stack.pop();
                    push_block(&mut stack, Block::KeepTogether(blocks));
                }
            }
            _ => {}
        }
    }
    flush_para(&mut stack, &mut runs);
    // An unclosed keep-together keeps its blocks all the same.
    while stack.len() > 1 {
        if let Some(Frame::Keep(blocks)) = stack.pop() {
            push_block(&mut stack, Block::KeepTogether(blocks));
        }
    }
    match stack.into_iter().next() {
        Some(Frame::Blocks(v)) => v,
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_supported_constructs() {
        let md = "# Title\n\nSome **bold** and *italic*.\n\n- [x] yes\n- [ ] no\n\n| A | B |\n|:--|--:|\n| 1 | 2 |\n\n---\n\n![sig](image:logo)\n\n<!-- page-break -->\n\n1. one\n2. two\n";
        let b = parse(md);
        assert!(matches!(&b[0], Block::Heading { level: 1, .. }));
        match &b[1] {
            Block::Paragraph(r) => {
                assert_eq!(r.len(), 5);
                assert!(r[1].bold && r[1].text == "bold");
                assert!(r[3].italic && r[3].text == "italic");
            }
            other => panic!("{other:?}"),
        }
        match &b[2] {
            Block::List { items, .. } => {
                assert_eq!(items[0].task, Some(true));
                assert_eq!(items[1].task, Some(false));
            }
            other => panic!("{other:?}"),
        }
        match &b[3] {
            Block::Table {
                aligns,
                header,
                rows,
            } => {
                assert_eq!(aligns, &[Align::Left, Align::Right]);
                assert_eq!(header.len(), 2);
                assert_eq!(rows.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(b[4], Block::Rule);
        assert_eq!(
            b[5],
            Block::Image {
                key: "logo".into(),
                alt: "sig".into()
            }
        );
        assert_eq!(b[6], Block::PageBreak);
        assert!(matches!(&b[7], Block::List { start: Some(1), .. }));
    }

    #[test]
    fn escaped_data_stays_text() {
        let md = crate::template::escape_markdown("*Bob* # 1. | ![x](image:logo)");
        let b = parse(&md);
        assert_eq!(b.len(), 1);
        match &b[0] {
            Block::Paragraph(r) => assert_eq!(r[0].text, "*Bob* # 1. | ![x](image:logo)"),
            other => panic!("{other:?}"),
        }
    }
}
