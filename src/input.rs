//! Reading inputs into raw records: JSON files (one record or an array), NDJSON files, folders
//! and standard input. No checks beyond "is it JSON": that is `validate`'s job.
//!
//! Invariants: records come out in a deterministic order (inputs in the order given, folder
//! entries sorted by name, records in file order); NDJSON files and folders are read one
//! record at a time, so memory does not grow with the size of the input; a malformed line or
//! file yields an error item and reading goes on with the next one.

use crate::diag::{Code, Diagnostic, JsonPath, Seg};
use crate::safe_read::{Links, read_limited, read_to_limit};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// How inputs are read: the limits, and where image files are looked for.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// Largest record (and NDJSON line) in bytes; a `.json` file or standard input may
    /// hold `JSON_FILE_RECORDS` times this.
    pub max_record_bytes: u64,
    /// Largest image or photo file in bytes.
    pub max_image_bytes: u64,
    /// The folder image and photo paths are relative to (`--images DIR`); by default the
    /// folder of the record's file (the current folder for standard input).
    pub images: Option<PathBuf>,
}

impl InputOptions {
    /// The limits of a policy, images next to each record's file.
    pub fn from_policy(p: &crate::policy::Policy) -> Self {
        InputOptions {
            max_record_bytes: p.max_record_bytes,
            max_image_bytes: p.max_image_bytes,
            images: None,
        }
    }

    fn files_for(&self, record_dir: PathBuf) -> Files {
        Files::Dir {
            base: self.images.clone().unwrap_or(record_dir),
            max_bytes: self.max_image_bytes,
        }
    }

    fn max_document_bytes(&self) -> u64 {
        self.max_record_bytes.saturating_mul(JSON_FILE_RECORDS)
    }
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions::from_policy(&crate::policy::Policy::default())
    }
}

/// A `.json` file (or standard input) may hold up to this many times the record limit, as an
/// array of records; larger exports belong in NDJSON, which is read a line at a time.
pub const JSON_FILE_RECORDS: u64 = 32;

/// Where the files a record refers to by relative path (signature images, the logo,
/// photos) come from.
#[derive(Debug, Clone)]
pub enum Files {
    /// A folder: the one holding the record's file, or `--images DIR`. References must stay
    /// inside it; only regular files of at most `max_bytes` are read.
    Dir {
        /// The folder.
        base: PathBuf,
        /// Largest file read, in bytes.
        max_bytes: u64,
    },
    /// Bytes known by reference, e.g. extracted from a PDF's attachments by `verify`.
    Embedded(Arc<BTreeMap<String, Vec<u8>>>),
}

impl Files {
    /// Reads a file the record refers to: a relative path that stays inside the folder
    /// (no absolute path, no `..`, no link leading out), to a regular file within the
    /// size limit.
    pub fn read(&self, reference: &str) -> Result<Vec<u8>, String> {
        match self {
            Files::Dir { base, max_bytes } => {
                let rel = Path::new(reference);
                let inside = !reference.is_empty()
                    && !rel.is_absolute()
                    && rel
                        .components()
                        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
                if !inside {
                    return Err("the path is absolute or leaves the record's folder".into());
                }
                let real_base = base.canonicalize().map_err(|e| e.to_string())?;
                let real = base.join(rel).canonicalize().map_err(|e| e.to_string())?;
                if !real.starts_with(&real_base) {
                    return Err("the path leads out of the record's folder (a link)".into());
                }
                read_limited(&real, Links::Follow, *max_bytes).map_err(|e| e.to_string())
            }
            Files::Embedded(map) => map
                .get(reference)
                .cloned()
                .ok_or_else(|| "not embedded in the PDF".to_string()),
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
                .filter_entry(|e| !is_bag(e.path()))
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

/// Whether a folder is a BagIt bag (an earlier archive): its tag files are not records.
pub fn is_bag(dir: &Path) -> bool {
    dir.is_dir()
        && [
            "bagit.txt",
            "bag-info.txt",
            "manifest-sha256.txt",
            "audit-log.jsonl",
        ]
        .iter()
        .any(|f| dir.join(f).exists())
}

/// The archive folders inside (or given as) the inputs, which reading skips: for a note.
pub fn bag_folders(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            continue;
        }
        let mut walk = walkdir::WalkDir::new(input).sort_by_file_name().into_iter();
        while let Some(Ok(e)) = walk.next() {
            if e.file_type().is_dir() && is_bag(e.path()) {
                out.push(e.path().to_path_buf());
                walk.skip_current_dir();
            }
        }
    }
    out
}

/// Reads every input, lazily, in order.
pub fn read_inputs(inputs: Vec<PathBuf>, opts: InputOptions) -> impl Iterator<Item = Item> {
    let opts = Arc::new(opts);
    inputs
        .into_iter()
        .flat_map(move |input| -> Box<dyn Iterator<Item = Item>> {
            let opts = opts.clone();
            if input.as_os_str() == "-" {
                return read_stdin(&opts);
            }
            if input.is_dir() {
                let walk = walkdir::WalkDir::new(&input)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| !(e.file_type().is_dir() && is_bag(e.path())))
                    .filter_map(move |entry| match entry {
                        Ok(e) if e.file_type().is_file() && kind_of(e.path()).is_some() => {
                            Some(Ok(e.into_path()))
                        }
                        Ok(_) => None,
                        Err(err) => Some(Err(err)),
                    })
                    .flat_map(move |entry| -> Box<dyn Iterator<Item = Item>> {
                        match entry {
                            Ok(path) => read_file(path, &opts),
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
            read_file(input, &opts)
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
    // A bare file name's parent is the empty path, which cannot be resolved: it means ".".
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn read_file(path: PathBuf, opts: &Arc<InputOptions>) -> Box<dyn Iterator<Item = Item>> {
    let file = path.display().to_string();
    let files = opts.files_for(base_dir_of(&path));
    let max = opts.max_record_bytes;
    match kind_of(&path) {
        Some(Kind::Lines) => match crate::safe_read::open_regular(&path, Links::Follow) {
            Ok(f) => Box::new(LineRecords::new(file, files, BufReader::new(f), max)),
            Err(e) => Box::new(std::iter::once(io_error(&file, &e.to_string()))),
        },
        _ => match read_limited(&path, Links::Follow, opts.max_document_bytes()) {
            Ok(bytes) => Box::new(json_document_with(file, files, bytes, max).into_iter()),
            Err(e) => Box::new(std::iter::once(too_big_or_io(
                &file,
                e,
                "a .json file this large belongs in NDJSON (one record a line)",
            ))),
        },
    }
}

fn too_big_or_io(file: &str, e: crate::safe_read::ReadError, hint: &str) -> Item {
    match e {
        crate::safe_read::ReadError::TooLarge { limit } => Item::Error(InputError {
            origin: Origin {
                file: file.to_string(),
                index: 0,
                line: 1,
            },
            diagnostic: Diagnostic::new(
                Code::Limit,
                JsonPath::root(),
                format!("the input is larger than {limit} bytes"),
            )
            .hint(hint),
        }),
        e => io_error(file, &e.to_string()),
    }
}

/// Standard input: NDJSON when its first non-blank line is a complete JSON object (read a
/// line at a time), else one JSON document (a record or an array, pretty-printed or not),
/// so that one syntax error in a pretty-printed record is one error, not one per line.
fn read_stdin(opts: &Arc<InputOptions>) -> Box<dyn Iterator<Item = Item>> {
    let base = PathBuf::from(".");
    let files = opts.files_for(base);
    let max = opts.max_record_bytes;
    let mut stdin = std::io::stdin().lock();
    let mut head = Vec::new();
    // The first line is held up to the document limit, not the record limit: a JSON
    // document on one line (a minified array of records) may well be longer than one
    // record, and a line cut off here would be lost (it was reported as an empty file).
    let doc_max = opts.max_document_bytes();
    let first_object = loop {
        match read_line_bounded(&mut stdin, doc_max) {
            Ok(Line::Eof) => break false,
            Ok(Line::TooLong(n)) => {
                return Box::new(std::iter::once(Item::Error(InputError {
                    origin: Origin {
                        file: "-".into(),
                        index: 0,
                        line: 1,
                    },
                    diagnostic: Diagnostic::new(
                        Code::Limit,
                        JsonPath::root(),
                        format!("standard input's first line is {n} bytes; the limit is {doc_max}"),
                    )
                    .hint("give a large batch as NDJSON (one record a line) or as files")
                    .at(1, 1),
                })));
            }
            Ok(Line::Text(l)) => {
                let blank = l.iter().all(u8::is_ascii_whitespace);
                let is_object = !blank
                    && std::str::from_utf8(&l).is_ok_and(|t| {
                        matches!(crate::json::parse(strip_bom(t)), Ok(Value::Object(_)))
                    });
                head.extend_from_slice(&l);
                if !blank {
                    break is_object;
                }
            }
            Err(e) => return Box::new(std::iter::once(io_error("-", &e.to_string()))),
        }
    };
    let rest = std::io::Cursor::new(head).chain(stdin);
    if first_object {
        return Box::new(LineRecords::new(
            "-".into(),
            files,
            BufReader::new(rest),
            max,
        ));
    }
    match read_to_limit(rest, opts.max_document_bytes()) {
        Ok(bytes) => Box::new(json_document_with("-".into(), files, bytes, max).into_iter()),
        Err(e) => Box::new(std::iter::once(too_big_or_io(
            "-",
            e,
            "give a large batch as NDJSON (one record a line) or as files",
        ))),
    }
}

fn strip_bom(t: &str) -> &str {
    t.strip_prefix('\u{FEFF}').unwrap_or(t)
}

/// Splits a JSON document (the bytes of a `.json` file) into records, with the default
/// limits and images next to the file.
pub fn json_document(file: String, base_dir: PathBuf, bytes: Vec<u8>) -> Vec<Item> {
    let opts = InputOptions::default();
    let max = opts.max_record_bytes;
    json_document_with(file, opts.files_for(base_dir), bytes, max)
}

/// Splits a JSON document into records: an array gives one per element. A leading UTF-8
/// byte order mark is skipped; a record larger than `max_record_bytes` is refused. Never
/// fails: what cannot be read becomes an error item.
pub fn json_document_with(
    file: String,
    files: Files,
    mut bytes: Vec<u8>,
    max_record_bytes: u64,
) -> Vec<Item> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
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
    let value: Value = match crate::json::parse(&text) {
        Ok(v) => v,
        Err(e) => return vec![parse_error(&file, 0, 1, &e, None)],
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
            let spans = element_spans(&text, items.len());
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    let (line, len) = spans.get(i).copied().unwrap_or((1, 0));
                    let origin = Origin {
                        file: file.clone(),
                        index: i,
                        line,
                    };
                    if len as u64 > max_record_bytes {
                        return too_long(origin, len as u64, max_record_bytes);
                    }
                    Item::Record(Box::new(RawRecord {
                        origin,
                        value: v,
                        source: source(vec![Seg::Index(i)]),
                        files: files.clone(),
                    }))
                })
                .collect()
        }
        v => {
            let origin = Origin {
                file,
                index: 0,
                line: 1,
            };
            if text.len() as u64 > max_record_bytes {
                return vec![too_long(origin, text.len() as u64, max_record_bytes)];
            }
            vec![Item::Record(Box::new(RawRecord {
                origin,
                value: v,
                source: source(Vec::new()),
                files,
            }))]
        }
    }
}

/// The line on which each top-level array element starts, and its length in bytes.
fn element_spans(text: &str, n: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(n);
    if let Some(ast) = crate::position::parse(text)
        && let Some(jsonc_parser::ast::Value::Array(arr)) = &ast.value
    {
        // Lines counted incrementally: one pass over the text, not one per element.
        let (mut line, mut at) = (1usize, 0usize);
        for el in &arr.elements {
            use jsonc_parser::common::Ranged;
            let start = el.start().min(text.len());
            line += text.as_bytes()[at..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            at = start;
            out.push((line, el.end().saturating_sub(el.start())));
        }
    }
    out
}

fn too_long(origin: Origin, len: u64, max: u64) -> Item {
    let line = origin.line;
    Item::Error(InputError {
        origin,
        diagnostic: Diagnostic::new(
            Code::Limit,
            JsonPath::root(),
            format!("the record is {len} bytes; the limit is {max}"),
        )
        .hint("a record this large is likely an export error; the policy's max_record_bytes sets the limit")
        .at(line, 1),
    })
}

fn parse_error(
    file: &str,
    index: usize,
    line: usize,
    e: &crate::json::ParseError,
    line_offset: Option<usize>,
) -> Item {
    let (l, c) = e.position();
    let at = (l + line_offset.unwrap_or(0), c);
    match e {
        crate::json::ParseError::Syntax { message, .. } => syntax_error(
            file,
            index,
            line,
            match line_offset {
                Some(_) => format!("line {line} is not valid JSON: {message}"),
                None => format!("not valid JSON: {message}"),
            },
            match line_offset {
                Some(_) => "each line of an NDJSON file must be one complete JSON record",
                None => "fix the JSON syntax at that position (a missing comma, quote or bracket is typical)",
            },
            Some(at),
        ),
        crate::json::ParseError::DuplicateKey { key, first, second } => Item::Error(InputError {
            origin: Origin {
                file: file.to_string(),
                index,
                line,
            },
            // Both positions in the file's lines, not the NDJSON line's.
            diagnostic: Diagnostic::new(
                Code::DuplicateKey,
                JsonPath::root(),
                crate::json::ParseError::DuplicateKey {
                    key: key.clone(),
                    first: first.map(|(l, c)| (l + line_offset.unwrap_or(0), c)),
                    second: (second.0 + line_offset.unwrap_or(0), second.1),
                }
                .to_string(),
            )
                .hint("keep one of the two: which was meant cannot be guessed, and the fingerprint needs one")
                .at(at.0, at.1),
        }),
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

/// A line read with a limit.
enum Line {
    /// End of input.
    Eof,
    /// A line, with its newline.
    Text(Vec<u8>),
    /// A line longer than the limit: skipped without being held, its length in bytes.
    TooLong(u64),
}

/// Reads one line of at most `max` bytes (plus its line break); a longer one is read
/// through and dropped, so memory never holds more than `max` bytes of it.
fn read_line_bounded(r: &mut impl BufRead, max: u64) -> std::io::Result<Line> {
    let mut buf = Vec::new();
    let mut total = 0u64;
    let mut too_long = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        let (n, done) = match avail.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        total += n as u64;
        if !too_long {
            if total > max.saturating_add(2) {
                too_long = true;
                buf = Vec::new();
            } else {
                buf.extend_from_slice(&avail[..n]);
            }
        }
        r.consume(n);
        if done {
            break;
        }
    }
    Ok(match (total, too_long) {
        (0, _) => Line::Eof,
        (n, true) => Line::TooLong(n),
        _ => Line::Text(buf),
    })
}

/// NDJSON reader: one record per non-blank line, read one line at a time; a line longer
/// than the record limit is refused without being held whole.
pub struct LineRecords<R> {
    file: String,
    files: Files,
    reader: R,
    max: u64,
    line_no: usize,
    index: usize,
    done: bool,
}

impl<R: BufRead> LineRecords<R> {
    fn new(file: String, files: Files, reader: R, max: u64) -> Self {
        LineRecords {
            file,
            files,
            reader,
            max,
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
            let buf = match read_line_bounded(&mut self.reader, self.max) {
                Ok(Line::Eof) => {
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
                Ok(Line::Text(b)) => b,
                Ok(Line::TooLong(n)) => {
                    self.line_no += 1;
                    let index = self.index;
                    self.index += 1;
                    let origin = Origin {
                        file: self.file.clone(),
                        index,
                        line: self.line_no,
                    };
                    return Some(too_long(origin, n, self.max));
                }
                Err(e) => {
                    self.done = true;
                    return Some(io_error(&self.file, &e.to_string()));
                }
            };
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
            // A byte order mark (Windows exports) may open the file.
            let text = if line_no == 1 {
                strip_bom(&text).to_string()
            } else {
                text
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
            return Some(match crate::json::parse(&text) {
                Ok(value) => Item::Record(Box::new(RawRecord {
                    origin,
                    value,
                    source: SourceText {
                        text: text.into(),
                        prefix: Vec::new(),
                        line_offset: line_no - 1,
                    },
                    files: self.files.clone(),
                })),
                Err(e) => parse_error(&self.file, index, line_no, &e, Some(line_no - 1)),
            });
        }
    }
}
