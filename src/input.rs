//! Reading inputs into raw records: JSON files (one record or an array), NDJSON files, folders
//! and standard input. No checks beyond "is it JSON": that is `validate`'s job.
//!
//! Invariants: records come out in a deterministic order (inputs in the order given, folder
//! entries sorted by name, records in file order); NDJSON files and folders are read one
//! record at a time, so memory does not grow with the size of the input; a malformed line or
//! file yields an error item and reading goes on with the next one.

use crate::diag::{Code, Diagnostic, JsonPath, Seg};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the files a record refers to by relative path (signature images, the logo,
/// photos) come from.
#[derive(Debug, Clone)]
pub enum Files {
    /// A folder: the one holding the record's file.
    Dir(PathBuf),
    /// Bytes known by reference, e.g. extracted from a PDF's attachments by `verify`.
    Embedded(Arc<BTreeMap<String, Vec<u8>>>),
}

impl Files {
    /// Reads a file the record refers to.
    pub fn read(&self, reference: &str) -> std::io::Result<Vec<u8>> {
        match self {
            Files::Dir(base) => std::fs::read(base.join(reference)),
            Files::Embedded(map) => map.get(reference).cloned().ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::NotFound, "not embedded in the PDF")
            }),
        }
    }
}

/// Where a record came from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Origin {
    /// The input file as given or found ("-" for standard input).
    pub file: String,
    /// 0-based position of the record in its file (array element or NDJSON line).
    pub index: usize,
    /// 1-based line where the record starts.
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: record {}", self.file, self.index + 1)
    }
}

/// The text a record was parsed from, kept so that positions can be found for diagnostics.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The whole text that was parsed (a file, or one NDJSON line).
    pub text: Arc<str>,
    /// Path of the record inside that text (`[3]` for the fourth element of an array).
    pub prefix: Vec<Seg>,
    /// Line number of the text's first line in its file, minus one.
    pub line_offset: usize,
}

/// A record as read: its JSON value and where it came from.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// Where it came from.
    pub origin: Origin,
    /// The parsed JSON.
    pub value: Value,
    /// The text it was parsed from.
    pub source: SourceText,
    /// Where the files the record refers to (images, photos) are read from: the folder of
    /// the record's file.
    pub files: Files,
}

/// An input that could not be turned into a record.
#[derive(Debug, Clone)]
pub struct InputError {
    /// Where.
    pub origin: Origin,
    /// What went wrong.
    pub diagnostic: Diagnostic,
}

/// One item read from the inputs.
#[derive(Debug, Clone)]
pub enum Item {
    /// A JSON value to validate as a record.
    Record(Box<RawRecord>),
    /// A file or line that could not be read as JSON.
    Error(InputError),
}

/// An input argument that cannot be used at all (the command cannot run).
#[derive(Debug, thiserror::Error)]
pub enum InputArgError {
    /// The input does not exist or cannot be read.
    #[error("cannot read input {path}: {source}")]
    Unreadable {
        /// The input as given.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The input is a file of a kind we do not read.
    #[error("input {0} is not a .json, .jsonl or .ndjson file, a folder, or '-'")]
    UnknownKind(String),
}

/// Checks the input arguments before any record is read, so that a typo in a path stops the
/// command (exit 2) instead of producing an empty batch.
pub fn check_inputs(inputs: &[PathBuf]) -> Result<(), InputArgError> {
    for input in inputs {
        if input.as_os_str() == "-" {
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|e| InputArgError::Unreadable {
            path: input.display().to_string(),
            source: e,
        })?;
        if meta.is_dir() {
            std::fs::read_dir(input).map_err(|e| InputArgError::Unreadable {
                path: input.display().to_string(),
                source: e,
            })?;
        } else if kind_of(input).is_none() {
            return Err(InputArgError::UnknownKind(input.display().to_string()));
        }
    }
    Ok(())
}

/// How a record file holds its records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `.json`: one record, or an array of records.
    Json,
    /// `.jsonl`/`.ndjson`: one record a line.
    Lines,
}

/// The kind of a record file, by its extension; `None` for any other file.
pub fn kind_of(path: &Path) -> Option<Kind> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => Some(Kind::Json),
        Some("jsonl") | Some("ndjson") => Some(Kind::Lines),
        _ => None,
    }
}

/// How many records the inputs hold, when that can be known cheaply before reading them:
/// NDJSON lines are counted, a JSON file holding one object counts one; an array or standard
/// input make the total unknown.
pub fn count_records(inputs: &[PathBuf]) -> Option<u64> {
    let mut total = 0u64;
    let mut count_file = |path: &Path| -> Option<()> {
        match kind_of(path)? {
            Kind::Lines => {
                let f = File::open(path).ok()?;
                let mut r = BufReader::with_capacity(1 << 16, f);
                let mut buf = Vec::new();
                loop {
                    buf.clear();
                    let n = r.read_until(b'\n', &mut buf).ok()?;
                    if n == 0 {
                        break;
                    }
                    if buf.iter().any(|b| !b.is_ascii_whitespace()) {
                        total += 1;
                    }
                }
            }
            Kind::Json => {
                let mut f = File::open(path).ok()?;
                let mut head = [0u8; 512];
                let n = f.read(&mut head).ok()?;
                match head[..n].iter().find(|b| !b.is_ascii_whitespace()) {
                    Some(b'[') => return None,
                    _ => total += 1,
                }
            }
        }
        Some(())
    };
    for input in inputs {
        if input.as_os_str() == "-" {
            return None;
        }
        if input.is_dir() {
            for e in walkdir::WalkDir::new(input)
                .into_iter()
                .filter_map(Result::ok)
            {
                if e.file_type().is_file() && kind_of(e.path()).is_some() {
                    count_file(e.path())?;
                }
            }
        } else {
            count_file(input)?;
        }
    }
    Some(total)
}

/// Reads every input, lazily, in order.
pub fn read_inputs(inputs: Vec<PathBuf>) -> impl Iterator<Item = Item> {
    inputs
        .into_iter()
        .flat_map(|input| -> Box<dyn Iterator<Item = Item>> {
            if input.as_os_str() == "-" {
                return Box::new(read_stdin().into_iter());
            }
            if input.is_dir() {
                let walk = walkdir::WalkDir::new(&input)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_map(move |entry| match entry {
                        Ok(e) if e.file_type().is_file() && kind_of(e.path()).is_some() => {
                            Some(Ok(e.into_path()))
                        }
                        Ok(_) => None,
                        Err(err) => Some(Err(err)),
                    })
                    .flat_map(|entry| -> Box<dyn Iterator<Item = Item>> {
                        match entry {
                            Ok(path) => read_file(path),
                            Err(err) => {
                                let file = err
                                    .path()
                                    .map(|p| p.display().to_string())
                                    .unwrap_or_default();
                                Box::new(std::iter::once(io_error(&file, &err.to_string())))
                            }
                        }
                    });
                return Box::new(walk);
            }
            read_file(input)
        })
}

fn io_error(file: &str, msg: &str) -> Item {
    Item::Error(InputError {
        origin: Origin {
            file: file.to_string(),
            index: 0,
            line: 1,
        },
        diagnostic: Diagnostic::new(Code::Io, JsonPath::root(), format!("cannot read: {msg}"))
            .hint("check that the file exists and is readable"),
    })
}

fn base_dir_of(path: &Path) -> PathBuf {
    path.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn read_file(path: PathBuf) -> Box<dyn Iterator<Item = Item>> {
    let file = path.display().to_string();
    let base = base_dir_of(&path);
    match kind_of(&path) {
        Some(Kind::Lines) => match File::open(&path) {
            Ok(f) => Box::new(LineRecords::new(file, base, BufReader::new(f))),
            Err(e) => Box::new(std::iter::once(io_error(&file, &e.to_string()))),
        },
        _ => {
            let mut bytes = Vec::new();
            if let Err(e) = File::open(&path).and_then(|mut f| f.read_to_end(&mut bytes)) {
                return Box::new(std::iter::once(io_error(&file, &e.to_string())));
            }
            Box::new(json_document(file, base, bytes).into_iter())
        }
    }
}

fn read_stdin() -> Vec<Item> {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        return vec![io_error("-", &e.to_string())];
    }
    let base = PathBuf::from(".");
    // A single JSON value (record or array) or, failing that, one record per line.
    let whole: Result<Value, _> = serde_json::from_slice(&bytes);
    let lines = bytes.iter().filter(|b| **b == b'\n').count();
    if whole.is_err() && lines > 1 {
        return LineRecords::new("-".into(), base, &bytes[..]).collect();
    }
    json_document("-".into(), base, bytes)
}

/// Splits a JSON document (the bytes of a `.json` file) into records: an array gives one per
/// element. Never fails: what cannot be read becomes an error item.
pub fn json_document(file: String, base_dir: PathBuf, bytes: Vec<u8>) -> Vec<Item> {
    let text: Arc<str> = match String::from_utf8(bytes) {
        Ok(t) => t.into(),
        Err(e) => {
            return vec![syntax_error(
                &file,
                0,
                1,
                format!(
                    "the file is not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
                "save the file as UTF-8",
                None,
            )];
        }
    };
    if text.trim().is_empty() {
        return vec![syntax_error(
            &file,
            0,
            1,
            "the file is empty".into(),
            "export the record again; a record file holds one JSON object or an array of them",
            Some((1, 1)),
        )];
    }
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            return vec![syntax_error(
                &file,
                0,
                1,
                format!("not valid JSON: {}", strip_position(&e)),
                "fix the JSON syntax at that position (a missing comma, quote or bracket is typical)",
                Some((e.line(), e.column())),
            )];
        }
    };
    let source = |prefix: Vec<Seg>| SourceText {
        text: text.clone(),
        prefix,
        line_offset: 0,
    };
    match value {
        Value::Array(items) if items.is_empty() => vec![Item::Error(InputError {
            origin: Origin {
                file,
                index: 0,
                line: 1,
            },
            diagnostic: Diagnostic::new(
                Code::Schema,
                JsonPath::root(),
                "the file holds an empty list: no record",
            )
            .hint("export the records again; an array file holds one or more record objects")
            .at(1, 1),
        })],
        Value::Array(items) => {
            let starts = element_lines(&text, items.len());
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    Item::Record(Box::new(RawRecord {
                        origin: Origin {
                            file: file.clone(),
                            index: i,
                            line: starts.get(i).copied().unwrap_or(1),
                        },
                        value: v,
                        source: source(vec![Seg::Index(i)]),
                        files: Files::Dir(base_dir.clone()),
                    }))
                })
                .collect()
        }
        v => vec![Item::Record(Box::new(RawRecord {
            origin: Origin {
                file,
                index: 0,
                line: 1,
            },
            value: v,
            source: source(Vec::new()),
            files: Files::Dir(base_dir),
        }))],
    }
}

/// The line on which each top-level array element starts.
fn element_lines(text: &str, n: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(n);
    if let Some(ast) = crate::position::parse(text)
        && let Some(jsonc_parser::ast::Value::Array(arr)) = &ast.value
    {
        for el in &arr.elements {
            use jsonc_parser::common::Ranged;
            out.push(crate::position::line_col(text, el.start()).0);
        }
    }
    out
}

fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn syntax_error(
    file: &str,
    index: usize,
    line: usize,
    message: String,
    hint: &str,
    at: Option<(usize, usize)>,
) -> Item {
    let mut d = Diagnostic::new(Code::Syntax, JsonPath::root(), message).hint(hint);
    if let Some((l, c)) = at {
        d = d.at(l, c);
    }
    Item::Error(InputError {
        origin: Origin {
            file: file.to_string(),
            index,
            line,
        },
        diagnostic: d,
    })
}

/// NDJSON reader: one record per non-blank line, read one line at a time.
pub struct LineRecords<R> {
    file: String,
    base_dir: PathBuf,
    reader: R,
    line_no: usize,
    index: usize,
    done: bool,
}

impl<R: BufRead> LineRecords<R> {
    fn new(file: String, base_dir: PathBuf, reader: R) -> Self {
        LineRecords {
            file,
            base_dir,
            reader,
            line_no: 0,
            index: 0,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for LineRecords<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if self.done {
                return None;
            }
            let mut buf = Vec::new();
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    self.done = true;
                    if self.index == 0 {
                        self.index = 1;
                        return Some(syntax_error(
                            &self.file,
                            0,
                            1,
                            "the file holds no record".into(),
                            "an NDJSON file holds one JSON record per line",
                            Some((1, 1)),
                        ));
                    }
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(io_error(&self.file, &e.to_string()));
                }
            }
            self.line_no += 1;
            let line_no = self.line_no;
            let index = self.index;
            let text = match String::from_utf8(buf) {
                Ok(t) => t,
                Err(_) => {
                    self.index += 1;
                    return Some(syntax_error(
                        &self.file,
                        index,
                        line_no,
                        "the line is not UTF-8 text".into(),
                        "save the file as UTF-8",
                        Some((line_no, 1)),
                    ));
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            self.index += 1;
            let origin = Origin {
                file: self.file.clone(),
                index,
                line: line_no,
            };
            return Some(match serde_json::from_str::<Value>(&text) {
                Ok(value) => Item::Record(Box::new(RawRecord {
                    origin,
                    value,
                    source: SourceText {
                        text: text.into(),
                        prefix: Vec::new(),
                        line_offset: line_no - 1,
                    },
                    files: Files::Dir(self.base_dir.clone()),
                })),
                Err(e) => syntax_error(
                    &self.file,
                    index,
                    line_no,
                    format!("line {line_no} is not valid JSON: {}", strip_position(&e)),
                    "each line of an NDJSON file must be one complete JSON record",
                    Some((line_no, e.column())),
                ),
            });
        }
    }
}
