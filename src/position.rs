//! Finding where a JSON path sits in the input text, so that a diagnostic can say
//! "line 61, column 20". serde_json keeps no positions, so the text is parsed again with a
//! span-keeping parser (jsonc-parser, in strict JSON mode), and only when a record has
//! something to report.

use crate::diag::Seg;
use crate::input::SourceText;
use jsonc_parser::ast::Value as Node;
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, ParseResult};

/// Parses text as strict JSON, keeping spans.
pub fn parse(text: &str) -> Option<ParseResult<'_>> {
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        ..Default::default()
    };
    jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict).ok()
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Finds the line and column of each path, in the record's source text. A path that does not
/// exist (a missing field) resolves to its nearest existing ancestor; an object member
/// resolves to its name, so "unknown field" points at the field.
pub struct Locator<'a> {
    source: &'a SourceText,
    ast: Option<ParseResult<'a>>,
}

impl<'a> Locator<'a> {
    /// Parses the source once.
    pub fn new(source: &'a SourceText) -> Self {
        Locator {
            source,
            ast: parse(&source.text),
        }
    }

    /// The position of `path` (relative to the record).
    pub fn locate(&self, path: &[Seg]) -> Option<(usize, usize)> {
        let root = self.ast.as_ref()?.value.as_ref()?;
        let full = self.source.prefix.iter().chain(path.iter());
        let mut node: &Node = root;
        let mut offset = node.start();
        for seg in full {
            match (seg, node) {
                (Seg::Key(k), Node::Object(obj)) => {
                    match obj.properties.iter().find(|p| p.name.as_str() == k) {
                        Some(prop) => {
                            offset = prop.name.start();
                            node = &prop.value;
                        }
                        None => break,
                    }
                }
                (Seg::Index(i), Node::Array(arr)) => match arr.elements.get(*i) {
                    Some(el) => {
                        offset = el.start();
                        node = el;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        let (line, col) = line_col(&self.source.text, offset);
        Some((line + self.source.line_offset, col))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn finds_nested_members_and_falls_back_to_parents() {
        let text = "{\n  \"a\": {\n    \"b\": [1,\n      2]\n  }\n}";
        let src = SourceText {
            text: Arc::from(text),
            prefix: vec![],
            line_offset: 10,
        };
        let loc = Locator::new(&src);
        assert_eq!(loc.locate(&[Seg::Key("a".into())]), Some((12, 3)));
        assert_eq!(
            loc.locate(&[Seg::Key("a".into()), Seg::Key("b".into()), Seg::Index(1)]),
            Some((14, 7))
        );
        // Missing member: the parent's name.
        assert_eq!(
            loc.locate(&[Seg::Key("a".into()), Seg::Key("zz".into())]),
            Some((12, 3))
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_col("{\"ł\": 1}", 7), (1, 7));
    }
}
