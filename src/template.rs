//! Templates: Handlebars in strict mode filling Markdown documents, one template set per
//! language (`<tag>/consent.md.hbs`, `<tag>/treatment-record.md.hbs`, `<tag>/messages.ftl`).
//! No PDF types here.
//!
//! Invariants:
//! - every value a template writes with `{{...}}` goes through `escape_markdown`, so record
//!   data prints literally (a client named `*Bob* # 1.` prints exactly that) and can never
//!   open a heading, a list, a table cell or an image;
//! - helpers that produce markup (`check`, `signature`, `paragraphs`, `t`) escape the data
//!   they embed themselves; a message's own text is Markdown, as a template's is;
//! - every fixed word a helper writes is a message of the document's language: a missing
//!   one is an error naming the message file and id, never English in its place;
//! - `{{#if}}` and `{{#unless}}` on a field the context does not have are errors, like
//!   `{{field}}` (the context holds every field the schema knows, as `null` when absent);
//! - a template error names the template file, line and column;
//! - clinic folders layer over the built-in sets per file and per language; `sources()`
//!   lists every file of the resolved set (templates, messages, template assets), so that a
//!   folder holding them is enough to render again (`from_dir`).

use crate::context::DocumentKind;
use crate::i18n::{self, ArgValue, Language, MessageError};
use chrono_tz::Tz;
use handlebars::template::TemplateElement;
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, JsonTruthy, Output, RenderContext,
    RenderError, RenderErrorReason, Renderable, StringOutput, Template,
};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

macro_rules! builtin_set {
    ($($tag:literal),*) => {
        [$(
            (concat!($tag, "/consent.md.hbs"), include_str!(concat!("../templates/", $tag, "/consent.md.hbs"))),
            (concat!($tag, "/treatment-record.md.hbs"), include_str!(concat!("../templates/", $tag, "/treatment-record.md.hbs"))),
            (concat!($tag, "/messages.ftl"), include_str!(concat!("../templates/", $tag, "/messages.ftl"))),
        )*]
    };
}

/// The built-in template sets, compiled into the binary, by relative path.
pub const BUILTIN: [(&str, &str); 30] = builtin_set!(
    "ar", "de", "en", "en-GB", "en-US", "es", "fr", "pl", "pt", "zh-Hans"
);

/// The file names a template set folder may hold (besides template assets).
pub const SET_FILES: [&str; 3] = ["consent.md.hbs", "treatment-record.md.hbs", i18n::MESSAGES];

/// Messages the code itself needs in every language (the page header and footer, helper
/// output, labels of the record's codes); templates name the others.
pub fn code_messages() -> Vec<String> {
    let mut ids: Vec<String> = [
        "title-consent",
        "title-treatment-record",
        "header-client",
        "footer-record",
        "page-of",
        "initials-box",
        "yes",
        "no",
        "signature-signed",
        "signature-image",
        "signature-to-sign",
        "signbox-signature",
        "signbox-name",
        "signbox-date",
        "date-format-date",
        "date-format-datetime",
        "date-format-time",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    ids.extend(CODES.iter().map(|c| format!("label-{c}")));
    ids
}

/// The record's enum codes that documents print by name (`{{label code}}`).
pub const CODES: [&str; 44] = [
    "frontal_hairline",
    "temple_left",
    "temple_right",
    "mid_scalp",
    "crown_vertex",
    "donor_area",
    "scar_fut",
    "scar_fue",
    "nape",
    "alopecia_areata",
    "alopecia_totalis",
    "male_pattern",
    "female_pattern",
    "diffuse_thinning",
    "scar",
    "chemotherapy",
    "initial",
    "build",
    "refinement",
    "touch_up",
    "correction",
    "light",
    "medium",
    "dense",
    "negative",
    "positive",
    "declined",
    "not_required",
    "other",
    "pregnant_or_nursing",
    "blood_thinners",
    "bleeding_disorder",
    "diabetes",
    "heart_or_blood_pressure",
    "keloid_history",
    "active_scalp_condition",
    "herpes_at_site",
    "isotretinoin_last_12_months",
    "chemotherapy_last_6_months",
    "recent_scalp_surgery",
    "minoxidil",
    "finasteride",
    "under_influence",
    "none",
];

/// A template that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The templates folder lacks a template or it cannot be read.
    #[error("cannot read template {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The template does not parse.
    #[error("template {file}, line {line}, column {column}: {message}")]
    Syntax {
        /// The template file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A template names a message its language's file lacks, or an asset that is missing.
    #[error("template {file}, line {line}: {message}")]
    Reference {
        /// The template file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A template folder that is not laid out as template sets.
    #[error("{path}: {message}")]
    Layout {
        /// The file or folder.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A message file that cannot be used.
    #[error(transparent)]
    Messages(#[from] MessageError),
    /// Filling the template failed (a misspelt field in strict mode, a bad helper call).
    #[error("template {file}{at}: {message}")]
    Render {
        /// The template file.
        file: String,
        /// ", line L, column C" when known.
        at: String,
        /// What is wrong.
        message: String,
    },
}

/// One file of the template sets: its relative path, origin and bytes.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The path relative to the templates folder, e.g. `es/consent.md.hbs`, `es/logo.png`.
    pub name: String,
    /// Where it was read from, or `built-in`.
    pub origin: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// The file's bytes, as read.
    pub bytes: Arc<[u8]>,
}

/// The files of the template sets by relative path, before compiling.
type Files = BTreeMap<String, (String, Arc<[u8]>)>;

/// What `templates check` finds in a folder's sets.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Errors (missing messages, template and message syntax errors).
    pub errors: Vec<String>,
    /// Messages defined but used neither by a template nor by the code.
    pub unused: Vec<String>,
}

/// The compiled template sets of one run, with every file's origin and SHA-256.
pub struct Templates {
    /// The helpers, the escaping and strict mode; the templates are in `templates`.
    registry: Handlebars<'static>,
    /// Every template, by relative path (`en-GB/consent.md.hbs`).
    templates: HashMap<String, Slot>,
    sources: Vec<TemplateSource>,
    languages: Arc<BTreeMap<String, Language>>,
    assets: BTreeMap<String, Arc<[u8]>>,
}

/// What compiling a template text gives: the template, or the syntax error's line, column
/// and reason.
type Compiled = Result<Template, (usize, usize, String)>;

fn compile_text(text: &str, name: &str) -> Compiled {
    Template::compile_with_name(text, name.to_string()).map_err(|e| {
        // handlebars notices a block left open only at the end of the file, and names that
        // place: name the block's opening instead.
        if let Some(open) = unclosed_block(text) {
            return open;
        }
        let (line, column) = e.pos().unwrap_or((0, 0));
        (line, column, e.reason().to_string())
    })
}

/// The innermost block (`{{#if ...}}`, `{{#each ...}}`) a template opens and never closes,
/// with its line and column; `None` when the blocks balance or cross (handlebars' own
/// message is clearer then).
fn unclosed_block(text: &str) -> Option<(usize, usize, String)> {
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while let Some(k) = text[i..].find("{{") {
        let at = i + k;
        let rest = &text[at + 2..];
        if let Some(comment) = rest.strip_prefix("!--") {
            i = at + 5 + comment.find("--}}")? + 4;
            continue;
        }
        let end = rest.find("}}")?;
        let inner = rest[..end].trim_start_matches(['~', '{']).trim();
        if let Some(open) = inner.strip_prefix('#') {
            let name = open.split_whitespace().next().unwrap_or("").to_string();
            stack.push((name, at));
        } else if let Some(close) = inner.strip_prefix('/') {
            let name = close.trim_end_matches('~').trim();
            match stack.pop() {
                Some((n, _)) if n == name => {}
                _ => return None,
            }
        }
        i = at + 2 + end + 2;
    }
    let (name, at) = stack.pop()?;
    let (line, column) = crate::position::line_col(text, at);
    Some((
        line,
        column,
        format!(
            "the block {{{{#{name} ...}}}} opened here is never closed: {{{{/{name}}}}} is missing"
        ),
    ))
}

/// One text of the template sets, compiled once for every file that holds it.
struct Text {
    text: String,
    /// The first file with the text, whose name the compiled template carries.
    first: String,
    compiled: OnceLock<Compiled>,
}

/// One template file of the sets. A text that is not a built-in template's is compiled
/// before the run starts, so that its errors stop the run before any record is rendered;
/// a built-in template's text (which the tests compile) is compiled when first used, so
/// that a run compiles only the texts its records' languages use.
struct Slot {
    text: Arc<Text>,
    /// The compiled template under this file's name.
    template: OnceLock<Compiled>,
}

impl Slot {
    fn get(&self, name: &str) -> &Compiled {
        self.template.get_or_init(|| {
            let t = &self.text;
            match t.compiled.get_or_init(|| compile_text(&t.text, &t.first)) {
                Ok(c) if t.first == name => Ok(c.clone()),
                Ok(c) => Ok(named(c.clone(), name)),
                Err(e) => Err(e.clone()),
            }
        })
    }
}

/// Whether `text` is one of the built-in templates (which the tests compile).
fn is_builtin_template(text: &str) -> bool {
    BUILTIN
        .iter()
        .any(|(n, t)| n.ends_with(".md.hbs") && *t == text)
}

fn builtin_files() -> Files {
    BUILTIN
        .iter()
        .map(|(n, t)| {
            (
                n.to_string(),
                (format!("built-in {n}"), Arc::from(t.as_bytes())),
            )
        })
        .collect()
}

/// Reads a folder of template sets (`DIR/<tag>/...`): the set files and every other file
/// in a set folder (assets).
fn dir_files(dir: &Path) -> Result<Files, TemplateError> {
    let read_err = |p: &Path, e: std::io::Error| TemplateError::Read {
        path: p.display().to_string(),
        source: e,
    };
    let mut files = Files::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| read_err(dir, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| read_err(dir, e))?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if path.is_file() {
            if SET_FILES.contains(&name.as_str()) {
                return Err(TemplateError::Layout {
                    path: path.display().to_string(),
                    message: "templates now live in one folder per language (DIR/en-GB/consent.md.hbs): move this file into its language's folder".into(),
                });
            }
            continue;
        }
        if !path.is_dir() {
            continue;
        }
        i18n::parse_tag(&name, &path.display().to_string())?;
        let mut inner: Vec<_> = std::fs::read_dir(&path)
            .map_err(|e| read_err(&path, e))?
            .collect::<Result<_, _>>()
            .map_err(|e| read_err(&path, e))?;
        inner.sort_by_key(|e| e.file_name());
        for f in inner {
            let fp = f.path();
            if !fp.is_file() {
                continue;
            }
            let bytes = std::fs::read(&fp).map_err(|e| read_err(&fp, e))?;
            let rel = format!("{name}/{}", f.file_name().to_string_lossy());
            files.insert(rel, (fp.display().to_string(), Arc::from(bytes)));
        }
    }
    Ok(files)
}

/// The image links of a template that are files next to it (not `image:` keys), with
/// their byte offsets.
fn asset_links(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("](") {
        let start = from + i + 2;
        let Some(len) = text[start..].find(')') else {
            break;
        };
        let url = &text[start..start + len];
        let is_image = text[..from + i]
            .rfind("![")
            .is_some_and(|b| !text[b..from + i].contains('\n'));
        if is_image && !url.starts_with("image:") && !url.contains("{{") && !url.contains(':') {
            out.push((start, start + len, url.to_string()));
        }
        from = start + len;
    }
    out
}

/// A compiled template given another name, in every block it holds (handlebars names
/// the template in its errors by these).
fn named(mut t: Template, name: &str) -> Template {
    t.name = Some(name.to_string());
    for e in &mut t.elements {
        match e {
            TemplateElement::HtmlExpression(h)
            | TemplateElement::Expression(h)
            | TemplateElement::HelperBlock(h) => {
                h.template = h.template.take().map(|t| named(t, name));
                h.inverse = h.inverse.take().map(|t| named(t, name));
            }
            TemplateElement::DecoratorExpression(d)
            | TemplateElement::DecoratorBlock(d)
            | TemplateElement::PartialExpression(d)
            | TemplateElement::PartialBlock(d) => {
                d.template = d.template.take().map(|t| named(t, name));
            }
            _ => {}
        }
    }
    t
}

fn text_of(bytes: &[u8], origin: &str) -> Result<String, TemplateError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| TemplateError::Read {
        path: origin.to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8"),
    })
}

fn line_at(text: &str, byte: usize) -> usize {
    text[..byte].matches('\n').count() + 1
}

/// The message ids a template names literally (`{{t "id" ...}}`), with their lines.
fn referenced_messages(text: &str) -> Vec<(String, usize)> {
    // Lines by the offsets of their starts, not counted from the top for every reference.
    let starts = i18n::line_starts(text);
    let line = |i: usize| starts.partition_point(|&s| s <= i);
    let mut out = Vec::new();
    for (i, _) in text.match_indices("{{t \"") {
        let s = i + 5;
        if let Some(len) = text[s..].find('"') {
            out.push((text[s..s + len].to_string(), line(i)));
        }
    }
    for (i, _) in text.match_indices("(t \"") {
        let s = i + 4;
        if let Some(len) = text[s..].find('"') {
            out.push((text[s..s + len].to_string(), line(i)));
        }
    }
    // `{{date value "style"}}` and `(date value "style")`: the style names the message
    // `date-format-<style>` (a chrono format written in place of a style, as
    // "%d de %B de %Y", names a message no set has: an error before any record is rendered,
    // not a rejection of every record).
    for open in ["{{date ", "(date "] {
        let close = if open.starts_with('{') { "}}" } else { ")" };
        for (i, _) in text.match_indices(open) {
            let Some(end) = text[i..].find(close) else {
                continue;
            };
            let args: Vec<&str> = text[i..i + end].split('"').collect();
            if args.len() >= 3 {
                out.push((format!("date-format-{}", args[args.len() - 2]), line(i)));
            }
        }
    }
    // `{{signature value "path" "role-id"}}`: its last argument names the signer's role.
    for (i, _) in text.match_indices("{{signature ") {
        let Some(end) = text[i..].find("}}") else {
            continue;
        };
        let args: Vec<&str> = text[i..i + end].split('"').collect();
        if args.len() >= 5 {
            out.push((args[args.len() - 2].to_string(), line(i)));
        }
    }
    out
}

impl Templates {
    /// The built-in template sets.
    pub fn builtin() -> Result<Templates, TemplateError> {
        Self::compile(builtin_files())
    }

    /// Template sets from a folder alone, no built-in ones (as `templates export` writes
    /// them, or as a bag stores the sets it was rendered with).
    pub fn from_dir(dir: &Path) -> Result<Templates, TemplateError> {
        Self::compile(dir_files(dir)?)
    }

    /// The built-in sets with clinic folders layered over them, later folders winning,
    /// file by file and language by language.
    pub fn layered(dirs: &[PathBuf]) -> Result<Templates, TemplateError> {
        let mut files = builtin_files();
        for d in dirs {
            files.extend(dir_files(d)?);
        }
        Self::compile(files)
    }

    /// Checks a folder's sets without rendering: syntax, messages templates and code need
    /// that are missing, messages nothing uses. Each set is checked as `render --templates`
    /// uses it: over the built-in set of its language, if there is one, so that a folder
    /// holding only the files a clinic changed (`es/consent.md.hbs`) is checked with the
    /// built-in files it keeps.
    pub fn check(dir: &Path) -> Result<CheckReport, TemplateError> {
        let files = dir_files(dir)?;
        let builtin = builtin_files();
        let mut report = CheckReport::default();
        let tags: std::collections::BTreeSet<String> = files
            .keys()
            .filter_map(|k| k.split_once('/').map(|(t, _)| t.to_string()))
            .collect();
        for tag in &tags {
            let prefix = format!("{tag}/");
            let mut set: Files = builtin
                .iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            set.extend(
                files
                    .iter()
                    .filter(|(k, _)| k.starts_with(&prefix))
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
            match Self::compile_inner(set.clone(), true) {
                Ok((t, errors)) => {
                    report.errors.extend(errors);
                    if let Some(lang) = t.languages.get(tag) {
                        let mut used: std::collections::BTreeSet<String> =
                            code_messages().into_iter().collect();
                        for (name, (origin, bytes)) in &set {
                            if name.ends_with(".md.hbs") {
                                let text = text_of(bytes, origin)?;
                                used.extend(referenced_messages(&text).into_iter().map(|(m, _)| m));
                            }
                        }
                        for (id, line) in &lang.ids {
                            // Country names are looked up by the record's country.
                            if !used.contains(id) && !id.starts_with("country-") {
                                report.unused.push(format!(
                                    "messages {}, line {line}: message {id} is not used",
                                    lang.origin
                                ));
                            }
                        }
                    }
                }
                Err(e) => report.errors.push(e.to_string()),
            }
        }
        if tags.is_empty() {
            report.errors.push(format!(
                "{}: no template set (DIR/<language>/messages.ftl)",
                dir.display()
            ));
        }
        Ok(report)
    }

    fn compile(files: Files) -> Result<Templates, TemplateError> {
        let (t, errors) = Self::compile_inner(files, false)?;
        debug_assert!(errors.is_empty());
        Ok(t)
    }

    /// Compiles the sets; with `collect`, missing messages are returned rather than the
    /// first one failing.
    fn compile_inner(
        files: Files,
        collect: bool,
    ) -> Result<(Templates, Vec<String>), TemplateError> {
        let mut errors = Vec::new();
        let mut languages = BTreeMap::new();
        for (name, (origin, bytes)) in &files {
            if let Some(tag) = name.strip_suffix(&format!("/{}", i18n::MESSAGES)) {
                let text = text_of(bytes, origin)?;
                languages.insert(tag.to_string(), Language::parse(tag, origin, &text)?);
            }
        }
        // Every language has every message the code needs.
        for lang in languages.values() {
            for id in code_messages() {
                if !lang.has(&id) {
                    let e = MessageError::Missing {
                        file: lang.origin.clone(),
                        id,
                    };
                    if collect {
                        errors.push(e.to_string());
                    } else {
                        return Err(e.into());
                    }
                }
            }
        }
        // The footer prints the fingerprint as "sha256:<hex>" in every language: `verify`
        // finds it on every page by that form.
        for lang in languages.values() {
            let probe = i18n::args([("sha256", ArgValue::Text("0f".into()))]);
            if let Ok(footer) = lang.message("footer-record", Some(&probe))
                && !footer.contains("sha256:0f")
            {
                let e = MessageError::Format {
                    file: lang.origin.clone(),
                    line: lang
                        .ids
                        .iter()
                        .find(|(i, _)| i == "footer-record")
                        .map_or(1, |(_, l)| *l),
                    id: "footer-record".into(),
                    message: "the footer must print the fingerprint as sha256:{ $sha256 }".into(),
                };
                if collect {
                    errors.push(e.to_string());
                } else {
                    return Err(e.into());
                }
            }
        }
        let languages = Arc::new(languages);
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape_markdown);
        register_helpers(&mut registry, languages.clone());
        let mut sources = Vec::new();
        let mut assets = BTreeMap::new();
        // Each template's text, with its messages and assets checked, up to the first
        // error that stops the run (with `collect`, missing messages do not).
        let mut prepared: Vec<(&String, &String, String)> = Vec::new();
        let mut stopped = None;
        for (name, (origin, bytes)) in &files {
            let Some((tag, file)) = name.split_once('/') else {
                continue;
            };
            if !file.ends_with(".md.hbs") {
                continue;
            }
            let mut prepare = || -> Result<String, TemplateError> {
                let Some(lang) = languages.get(tag) else {
                    return Err(TemplateError::Layout {
                        path: origin.clone(),
                        message: format!("the folder {tag} has no {}", i18n::MESSAGES),
                    });
                };
                let mut text = text_of(bytes, origin)?;
                for (id, line) in referenced_messages(&text) {
                    if !lang.has(&id) {
                        let e = TemplateError::Reference {
                            file: origin.clone(),
                            line,
                            message: format!("message {id} is not in {}", lang.origin),
                        };
                        if collect {
                            errors.push(e.to_string());
                        } else {
                            return Err(e);
                        }
                    }
                }
                // Assets resolve relative to the template's folder; the link becomes the
                // asset's key.
                for (s, e, url) in asset_links(&text).into_iter().rev() {
                    let rel = format!("{tag}/{url}");
                    if !files.contains_key(&rel) {
                        return Err(TemplateError::Reference {
                            file: origin.clone(),
                            line: line_at(&text, s),
                            message: format!("the image {url} is not in the template's folder"),
                        });
                    }
                    assets.insert(rel.clone(), files[&rel].1.clone());
                    text.replace_range(s..e, &format!("image:asset:{rel}"));
                }
                Ok(text)
            };
            match prepare() {
                Ok(text) => prepared.push((name, origin, text)),
                Err(e) => {
                    stopped = Some(e);
                    break;
                }
            }
        }
        // Most languages' templates are the same text (the words are in the message
        // files): each distinct text is compiled once. Handlebars' compiler takes time
        // quadratic in a template's length (it counts lines from the start for every
        // element), and compiling every built-in template was most of a run's start-up:
        // the texts that are not built-in templates are compiled now, side by side, and
        // the built-in ones when a record first needs them.
        let mut texts: HashMap<&str, Arc<Text>> = HashMap::new();
        for (name, _, text) in &prepared {
            texts.entry(text.as_str()).or_insert_with(|| {
                Arc::new(Text {
                    text: text.clone(),
                    first: (*name).clone(),
                    compiled: OnceLock::new(),
                })
            });
        }
        let now: Vec<&Arc<Text>> = texts
            .values()
            .filter(|t| !is_builtin_template(&t.text))
            .collect();
        now.par_iter().for_each(|t| {
            t.compiled.get_or_init(|| compile_text(&t.text, &t.first));
        });
        // The first error reported in file order, as if compiled one by one: a template
        // that does not compile comes before the errors of later files.
        let mut templates = HashMap::new();
        for (name, origin, text) in &prepared {
            let text = texts[text.as_str()].clone();
            if let Some(Err((line, column, message))) = text.compiled.get() {
                return Err(TemplateError::Syntax {
                    file: (*origin).clone(),
                    line: *line,
                    column: *column,
                    message: message.clone(),
                });
            }
            templates.insert(
                (*name).clone(),
                Slot {
                    text,
                    template: OnceLock::new(),
                },
            );
        }
        if let Some(e) = stopped {
            return Err(e);
        }
        for (name, (origin, bytes)) in &files {
            let (tag, file) = name.split_once('/').unwrap_or(("", name));
            // A set's own files, and assets its templates use.
            if languages.contains_key(tag)
                && (SET_FILES.contains(&file) || assets.contains_key(name))
            {
                sources.push(TemplateSource {
                    name: name.clone(),
                    origin: origin.clone(),
                    sha256: crate::fingerprint::sha256(bytes).to_hex(),
                    bytes: bytes.clone(),
                });
            }
        }
        Ok((
            Templates {
                registry,
                templates,
                sources,
                languages,
                assets,
            },
            errors,
        ))
    }

    /// Every file of the sets (templates, message files, assets), by relative path, with
    /// where it came from and its SHA-256.
    pub fn sources(&self) -> &[TemplateSource] {
        &self.sources
    }

    /// The template assets (images next to templates), by the key documents use.
    pub fn assets(&self) -> impl Iterator<Item = (String, &Arc<[u8]>)> {
        self.assets.iter().map(|(k, v)| (format!("asset:{k}"), v))
    }

    /// The tags of the template sets.
    pub fn tags(&self) -> Vec<i18n::Tag> {
        self.languages.values().map(|l| l.tag.clone()).collect()
    }

    /// The set a requested language gets (see [`i18n::resolve`]), by its folder name.
    pub fn choose(&self, requested: &str) -> Option<String> {
        let chosen = i18n::resolve(requested, &self.tags())?;
        self.languages
            .iter()
            .find(|(_, l)| l.tag == chosen)
            .map(|(k, _)| k.clone())
    }

    /// A language's messages, by folder name.
    pub fn language(&self, tag: &str) -> Option<&Language> {
        self.languages.get(tag)
    }

    /// The relative path of a document's template in a language.
    pub fn template_path(tag: &str, kind: DocumentKind) -> String {
        format!("{tag}/{}", kind.template_name())
    }

    /// Fills the template for `kind` in the language `doc.language` names, giving
    /// Markdown.
    pub fn fill(&self, kind: DocumentKind, ctx: &Value) -> Result<String, TemplateError> {
        let tag = ctx
            .pointer("/doc/language")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let name = Self::template_path(tag, kind);
        let file = self
            .sources
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.origin.clone())
            .unwrap_or_else(|| name.clone());
        let Some(slot) = self.templates.get(&name) else {
            return Err(TemplateError::Layout {
                path: file,
                message: "no such template in the template sets".into(),
            });
        };
        let template = match slot.get(&name) {
            Ok(t) => t,
            Err((line, column, message)) => {
                return Err(TemplateError::Syntax {
                    file,
                    line: *line,
                    column: *column,
                    message: message.clone(),
                });
            }
        };
        // As `Handlebars::render` renders a registered template.
        let rendered = Context::wraps(ctx).and_then(|ctx| {
            let mut rc = RenderContext::new(template.name.as_ref());
            let mut out = StringOutput::new();
            template.render(&self.registry, &ctx, &mut rc, &mut out)?;
            out.into_string().map_err(RenderError::from)
        });
        rendered.map_err(|e| {
            let at = match (e.line_no, e.column_no) {
                (Some(l), Some(c)) => format!(", line {l}, column {c}"),
                _ => String::new(),
            };
            TemplateError::Render {
                file,
                at,
                message: e.reason().to_string(),
            }
        })
    }
}

/// Escapes text for CommonMark so that it prints literally: every ASCII punctuation
/// character gets a backslash (CommonMark allows that for all of them) and every run of
/// whitespace, newlines included, becomes one space, so a value can never start a block.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut pending_space = false;
    for ch in s.trim().chars() {
        if ch.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if ch.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

fn param<'a>(h: &'a Helper, idx: usize, helper: &'static str) -> Result<&'a Value, RenderError> {
    let p = h
        .param(idx)
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex(helper, idx))?;
    if p.is_value_missing() {
        return Err(RenderErrorReason::MissingVariable(p.relative_path().cloned()).into());
    }
    Ok(p.value())
}

fn text_param(h: &Helper, idx: usize, helper: &'static str) -> Result<String, RenderError> {
    Ok(match param(h, idx, helper)? {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    })
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => s == "yes" || s == "true",
        Value::Object(m) => m.get("answer").and_then(Value::as_str) == Some("yes"),
        Value::Null => false,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::Array(a) => !a.is_empty(),
    }
}

/// A helper: the call, the root of the context (the record and `doc`), the document's
/// language, the output.
type HelperFn = fn(&Helper, &Value, &Language, &mut dyn Output) -> HelperResult;

/// The clinic's time zone, from the context's record.
fn clinic_tz(root: &Value) -> Option<Tz> {
    field(root, "clinic", "time_zone")
        .and_then(Value::as_str)
        .and_then(|n| n.parse().ok())
}

/// Whether the document is a form the client fills in and signs by hand: then no choice
/// of the client's is shown made.
fn paper_form(root: &Value) -> bool {
    field(root, "doc", "paper_form").and_then(Value::as_bool) == Some(true)
}

/// `root.<object>.<key>`. (`Value::pointer` allocates for every step, and helpers look
/// these up tens of thousands of times a batch.)
fn field<'v>(root: &'v Value, object: &str, key: &str) -> Option<&'v Value> {
    root.get(object)?.get(key)
}

fn msg_err(e: MessageError) -> RenderError {
    RenderErrorReason::Other(e.to_string()).into()
}

/// `{{#if}}` and `{{#unless}}` that, like `{{field}}` in strict mode, refuse a field the
/// context does not have: a misspelt name must not silently drop a row.
struct StrictIf {
    positive: bool,
}

impl HelperDef for StrictIf {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let name = if self.positive { "if" } else { "unless" };
        let p = h
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex(name, 0))?;
        if p.is_value_missing() {
            return Err(RenderErrorReason::MissingVariable(p.relative_path().cloned()).into());
        }
        let include_zero = h
            .hash_get("includeZero")
            .and_then(|v| v.value().as_bool())
            .unwrap_or(false);
        let value = p.value().is_truthy(include_zero) == self.positive;
        match if value { h.template() } else { h.inverse() } {
            Some(t) => t.render(r, ctx, rc, out),
            None => Ok(()),
        }
    }
}

fn register_helpers(reg: &mut Handlebars<'static>, languages: Arc<BTreeMap<String, Language>>) {
    reg.register_helper("if", Box::new(StrictIf { positive: true }));
    reg.register_helper("unless", Box::new(StrictIf { positive: false }));
    let helpers: [(&str, HelperFn); 14] = [
        ("t", helper_t),
        ("country", helper_country),
        ("date", helper_date),
        ("num", helper_num),
        ("answer", helper_answer),
        ("answer_detail", helper_detail),
        ("check", helper_check),
        ("choice", helper_choice),
        ("yesno", helper_yesno),
        ("label", helper_label),
        ("join", helper_join),
        ("paragraphs", helper_paragraphs),
        ("signature", helper_signature),
        ("image", helper_image),
    ];
    for (name, f) in helpers {
        let langs = languages.clone();
        reg.register_helper(
            name,
            Box::new(
                move |h: &Helper,
                      _: &Handlebars,
                      ctx: &Context,
                      _: &mut RenderContext,
                      out: &mut dyn Output| {
                    let root = ctx.data();
                    let tag = field(root, "doc", "language")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    let lang = langs.get(tag).ok_or_else(|| {
                        RenderError::from(RenderErrorReason::Other(format!(
                            "no messages for language \"{tag}\""
                        )))
                    })?;
                    f(h, root, lang, out)
                },
            ),
        );
    }
}

/// A number of the record as the language writes it (decimal comma or point).
fn number_text(v: &Value, lang: &Language) -> String {
    match v {
        Value::Number(n) => lang.number(&n.to_string()),
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `{{t "message-id" name=value ...}}`: a message of the document's language, its
/// arguments escaped (whole numbers stay numbers, for plural rules; others are written as
/// the language writes them).
fn helper_t(h: &Helper, _: &Value, lang: &Language, out: &mut dyn Output) -> HelperResult {
    let id = text_param(h, 0, "t")?;
    let mut pairs = Vec::new();
    for (k, v) in h.hash() {
        if v.is_value_missing() {
            return Err(RenderErrorReason::MissingVariable(v.relative_path().cloned()).into());
        }
        let arg = match v.value() {
            Value::Number(n) if n.is_i64() => ArgValue::Int(n.as_i64().unwrap_or_default()),
            // A literal or a helper's output (`date=(date ...)`) is the template's own
            // Markdown, already escaped; a field of the record is escaped here.
            other if v.relative_path().is_none() => ArgValue::Text(number_text(other, lang)),
            other => ArgValue::Text(escape_markdown(&number_text(other, lang))),
        };
        pairs.push((*k, arg));
    }
    let args = i18n::args(pairs);
    let s = lang.message(&id, Some(&args)).map_err(msg_err)?;
    out.write(&s)?;
    Ok(())
}

/// `{{country doc.country}}`: a country's name in the document's language (message
/// `country-<code>`), or its ISO 3166 code when the message file has no name for it: a code
/// reads the same in every language, an English name would not.
fn helper_country(h: &Helper, _: &Value, lang: &Language, out: &mut dyn Output) -> HelperResult {
    let code = text_param(h, 0, "country")?;
    let id = format!("country-{code}");
    let s = if lang.has(&id) {
        lang.text(&id).map_err(msg_err)?
    } else {
        escape_markdown(&code)
    };
    out.write(&s)?;
    Ok(())
}

/// `{{num value}}`: a number, or a decimal written as text (a fee, "850.00"), as the
/// language writes it.
fn helper_num(h: &Helper, _: &Value, lang: &Language, out: &mut dyn Output) -> HelperResult {
    let v = param(h, 0, "num")?;
    let s = match v {
        Value::String(s)
            if s.split_once('.').is_some_and(|(a, b)| {
                !a.is_empty() && (a.bytes().chain(b.bytes())).all(|c| c.is_ascii_digit())
            }) =>
        {
            lang.number(s)
        }
        other => number_text(other, lang),
    };
    out.write(&escape_markdown(&s))?;
    Ok(())
}

/// `{{date value "date"}}` (or `"datetime"`, `"time"`): a date or date-time in the
/// document language's style of that name; date-times on the clinic's clock.
fn helper_date(h: &Helper, root: &Value, lang: &Language, out: &mut dyn Output) -> HelperResult {
    let v = text_param(h, 0, "date")?;
    let style = text_param(h, 1, "date").unwrap_or_else(|_| "date".into());
    if v.is_empty() {
        return Ok(());
    }
    let s = lang
        .date(&v, &style, clinic_tz(root))
        .map_err(|e| RenderError::from(RenderErrorReason::Other(format!("date: {e}"))))?;
    out.write(&escape_markdown(&s))?;
    Ok(())
}

/// `{{check value}}`: a task-list box, ticked when the value is true or "yes": a fact the
/// record states (the layout draws it as a ballot-box character).
fn helper_check(h: &Helper, _: &Value, _: &Language, out: &mut dyn Output) -> HelperResult {
    let v = param(h, 0, "check")?;
    out.write(if truthy(v) { "[x]" } else { "[ ]" })?;
    Ok(())
}

/// `{{choice value}}`: a task-list box for a choice the client makes. On a paper form it is
/// always open, for the client to tick: a pre-ticked box is not consent.
fn helper_choice(h: &Helper, root: &Value, _: &Language, out: &mut dyn Output) -> HelperResult {
    let v = param(h, 0, "choice")?;
    out.write(if truthy(v) && !paper_form(root) {
        "[x]"
    } else {
        "[ ]"
    })?;
    Ok(())
}

/// `{{answer screening.answers.code "yes"}}` (or `"no"`): the box of that answer, ticked
/// when it is the recorded answer; on a paper form always open, for the client to tick.
fn helper_answer(h: &Helper, root: &Value, _: &Language, out: &mut dyn Output) -> HelperResult {
    let v = param(h, 0, "answer")?;
    let column = text_param(h, 1, "answer")?;
    let wants_yes = match column.as_str() {
        "yes" => true,
        "no" => false,
        other => {
            return Err(RenderErrorReason::Other(format!(
                "answer: the second parameter is \"yes\" or \"no\", not \"{other}\""
            ))
            .into());
        }
    };
    let ticked = !paper_form(root) && truthy(v) == wants_yes;
    out.write(
        &if ticked {
            crate::layout::BOX_TICKED
        } else {
            crate::layout::BOX_OPEN
        }
        .to_string(),
    )?;
    Ok(())
}

/// `{{answer_detail screening.answers.code}}`: the client's detail of an answer in brackets, when the
/// record has one (never on a paper form, where the client writes their own).
fn helper_detail(h: &Helper, root: &Value, _: &Language, out: &mut dyn Output) -> HelperResult {
    let v = param(h, 0, "answer_detail")?;
    if let Some(d) = v.get("detail").and_then(Value::as_str)
        && !d.trim().is_empty()
        && !paper_form(root)
    {
        out.write(" \\(")?;
        out.write(&escape_markdown(d))?;
        out.write("\\)")?;
    }
    Ok(())
}

/// `{{yesno value}}`: the language's "Yes" or "No".
fn helper_yesno(h: &Helper, _: &Value, lang: &Language, out: &mut dyn Output) -> HelperResult {
    let v = param(h, 0, "yesno")?;
    let s = lang
        .text(if truthy(v) { "yes" } else { "no" })
        .map_err(msg_err)?;
    out.write(&s)?;
    Ok(())
}

/// `{{label code}}`: the name of a zone, condition, session type, ... in the document's
/// language (message `label-<code>`).
fn helper_label(h: &Helper, _: &Value, lang: &Language, out: &mut dyn Output) -> HelperResult {
    let v = text_param(h, 0, "label")?;
    let s = lang.text(&format!("label-{v}")).map_err(msg_err)?;
    out.write(&s)?;
    Ok(())
}

/// `{{join list ", "}}`: the items of a list of text, escaped, with a separator.
fn helper_join(h: &Helper, _: &Value, _: &Language, out: &mut dyn Output) -> HelperResult {
    let v = param(h, 0, "join")?;
    let sep = text_param(h, 1, "join").unwrap_or_else(|_| ", ".into());
    let items: Vec<String> = match v {
        Value::Array(a) => a
            .iter()
            .map(|x| match x {
                Value::String(s) => escape_markdown(s),
                other => escape_markdown(&other.to_string()),
            })
            .collect(),
        Value::Null => Vec::new(),
        other => vec![escape_markdown(&other.to_string())],
    };
    let sep: String = sep
        .chars()
        .flat_map(|c| {
            let esc = c.is_ascii_punctuation().then_some('\\');
            esc.into_iter().chain(std::iter::once(c))
        })
        .collect();
    out.write(&items.join(&sep))?;
    Ok(())
}

/// `{{paragraphs text}}`: free text whose blank lines separate paragraphs.
fn helper_paragraphs(h: &Helper, _: &Value, _: &Language, out: &mut dyn Output) -> HelperResult {
    let v = text_param(h, 0, "paragraphs")?;
    let paras: Vec<String> = v
        .split("\n\n")
        .map(escape_markdown)
        .filter(|p| !p.is_empty())
        .collect();
    out.write(&paras.join("\n\n"))?;
    Ok(())
}

/// `{{image "key" ["alternative text"]}}`: an image the renderer knows by key (`logo`,
/// `consent.client_signature`, ...), with the text a screen reader reads for it (the
/// logo's: the clinic's name).
fn helper_image(h: &Helper, root: &Value, _: &Language, out: &mut dyn Output) -> HelperResult {
    let key = text_param(h, 0, "image")?;
    let alt = match h.param(1).and_then(|p| p.value().as_str()) {
        Some(a) => a.to_string(),
        None if key == "logo" => root
            .pointer("/clinic/name")
            .and_then(Value::as_str)
            .unwrap_or("logo")
            .to_string(),
        None => key.clone(),
    };
    out.write(&format!("![{}](image:{})", escape_markdown(&alt), key))?;
    Ok(())
}

/// `{{signature consent.client_signature "consent.client_signature" "role-client"}}`: the
/// signature image and the signer's name and time (on the clinic's clock) when signed;
/// otherwise boxes tall enough to sign, print the name and date by hand. The third
/// parameter is the message id of the signer's role.
fn helper_signature(
    h: &Helper,
    root: &Value,
    lang: &Language,
    out: &mut dyn Output,
) -> HelperResult {
    let sig = param(h, 0, "signature")?;
    let key = text_param(h, 1, "signature")?;
    let role_id = text_param(h, 2, "signature")?;
    let role = lang.text(&role_id).map_err(msg_err)?;
    let text = |id: &str| lang.text(id).map_err(msg_err);
    let md = match sig {
        Value::Object(m) => {
            let signer = m.get("signer").and_then(Value::as_str).unwrap_or("");
            let at = m.get("signed_at").and_then(Value::as_str).unwrap_or("");
            let when = lang
                .date(at, "datetime", clinic_tz(root))
                .unwrap_or_default();
            let image = if m.get("image").is_some_and(|i| !i.is_null()) {
                // The figure's alternative text: whose signature, and when.
                let alt = lang
                    .message(
                        "signature-image",
                        Some(&i18n::args([
                            ("role", ArgValue::Text(role.clone())),
                            ("signer", ArgValue::Text(signer.to_string())),
                            ("date", ArgValue::Text(when.clone())),
                        ])),
                    )
                    .map_err(msg_err)?;
                format!("![{}](image:{key})\n\n", escape_markdown(&alt))
            } else {
                String::new()
            };
            let signed = lang
                .message(
                    "signature-signed",
                    Some(&i18n::args([(
                        "when",
                        ArgValue::Text(escape_markdown(&when)),
                    )])),
                )
                .map_err(msg_err)?;
            format!(
                "**{role}:** {}\n\n{image}{signed}\n",
                escape_markdown(signer),
            )
        }
        _ => {
            let labels = [
                text("signbox-signature")?,
                text("signbox-name")?,
                text("signbox-date")?,
            ]
            .map(|l| l.replace('|', "/").replace("-->", ""));
            format!(
                "**{role}** {}\n\n<!-- sign-boxes: {} -->\n",
                text("signature-to-sign")?,
                labels.join(" | ")
            )
        }
    };
    out.write(&md)?;
    Ok(())
}

/// Writes the built-in template sets (all, or those of one language) into `dir`, one
/// folder per language, refusing to overwrite a file.
pub fn export(dir: &Path, language: Option<&str>) -> Result<Vec<PathBuf>, std::io::Error> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, text) in BUILTIN {
        let tag = name.split('/').next().unwrap_or_default();
        if language.is_some_and(|l| l != tag) {
            continue;
        }
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        std::io::Write::write_all(&mut f, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(files: &[(&str, &str)]) -> Result<Templates, TemplateError> {
        let mut all = Files::new();
        let mut msgs = String::new();
        for id in code_messages() {
            if id == "footer-record" {
                msgs.push_str("footer-record = sha256:{ $sha256 }\n");
            } else {
                msgs.push_str(&format!("{id} = x\n"));
            }
        }
        msgs.push_str("greeting = Hello { $name }\n");
        all.insert(
            "en/messages.ftl".into(),
            ("en/messages.ftl".into(), Arc::from(msgs.as_bytes())),
        );
        for (n, t) in files {
            all.insert(
                n.to_string(),
                (format!("mine/{n}"), Arc::from(t.as_bytes())),
            );
        }
        Templates::compile(all)
    }

    fn ctx(extra: Value) -> Value {
        let mut v = serde_json::json!({"doc": {"language": "en"}, "client": {"full_name": "A", "email": null}});
        if let (Value::Object(m), Value::Object(e)) = (&mut v, extra) {
            m.extend(e);
        }
        v
    }

    #[test]
    fn escaping_makes_markup_literal() {
        assert_eq!(escape_markdown("*Bob* # 1."), "\\*Bob\\* \\# 1\\.");
        assert_eq!(escape_markdown("a\n\n  - b"), "a \\- b");
        assert_eq!(escape_markdown("Zoë Łukasiewicz"), "Zoë Łukasiewicz");
    }

    #[test]
    fn builtin_templates_compile() {
        let t = Templates::builtin().unwrap();
        assert_eq!(t.tags().len(), 10);
        assert_eq!(t.sources().len(), 30);
        // They are compiled when first used (a run takes no error from them then): this
        // is what makes that safe.
        assert_eq!(t.templates.len(), 20);
        for (name, slot) in &t.templates {
            assert!(slot.get(name).is_ok(), "{name} does not compile");
        }
    }

    #[test]
    fn builtin_texts_are_compiled_on_first_use_and_others_at_once() {
        let compiled = |t: &Templates| {
            let mut v: Vec<String> = t
                .templates
                .iter()
                .filter(|(_, s)| s.text.compiled.get().is_some())
                .map(|(n, _)| n.clone())
                .collect();
            v.sort();
            v
        };
        let t = Templates::builtin().unwrap();
        assert!(compiled(&t).is_empty(), "{:?}", compiled(&t));
        let en = serde_json::json!({"doc": {"language": "en"}});
        // Filling fails on the empty context, after compiling: en and the seven other
        // languages with the same consent text share one compilation.
        let _ = t.fill(DocumentKind::Consent, &en);
        let now = compiled(&t);
        assert!(now.contains(&"en/consent.md.hbs".to_string()), "{now:?}");
        assert!(now.contains(&"de/consent.md.hbs".to_string()), "{now:?}");
        assert!(
            !now.iter().any(|n| n.ends_with("treatment-record.md.hbs")),
            "{now:?}"
        );

        // A clinic's own text is compiled before any record, a copy of a built-in one is
        // not.
        let text = |n: &str| BUILTIN.iter().find(|(b, _)| *b == n).unwrap().1;
        let dir = std::env::temp_dir().join(format!("smpdoc-lazy-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("en")).unwrap();
        std::fs::write(dir.join("en/messages.ftl"), text("en/messages.ftl")).unwrap();
        std::fs::write(dir.join("en/consent.md.hbs"), text("en/consent.md.hbs")).unwrap();
        let own = format!("{}\n", text("en/treatment-record.md.hbs"));
        std::fs::write(dir.join("en/treatment-record.md.hbs"), own).unwrap();
        let t = Templates::layered(std::slice::from_ref(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(compiled(&t.unwrap()), ["en/treatment-record.md.hbs"]);
    }

    #[test]
    fn the_first_error_in_file_order_stops_the_sets_as_before() {
        // A syntax error in an earlier file comes before a missing message in a later one
        // (the texts are compiled together, the errors reported file by file)...
        let err = one(&[
            ("en/consent.md.hbs", "{{#if a}}never closed"),
            ("en/treatment-record.md.hbs", "{{t \"no-such-message\"}}"),
        ])
        .err()
        .unwrap()
        .to_string();
        assert!(err.contains("mine/en/consent.md.hbs"), "{err}");
        assert!(!err.contains("no-such-message"), "{err}");
        // ...and a missing message in an earlier file before a syntax error in a later one.
        let err = one(&[
            ("en/consent.md.hbs", "{{t \"no-such-message\"}}"),
            ("en/treatment-record.md.hbs", "{{#if a}}never closed"),
        ])
        .err()
        .unwrap()
        .to_string();
        assert!(err.contains("no-such-message"), "{err}");
        // Two files with one broken text: the first names it.
        let err = one(&[
            ("en/consent.md.hbs", "{{#if a}}never closed"),
            ("en/treatment-record.md.hbs", "{{#if a}}never closed"),
        ])
        .err()
        .unwrap()
        .to_string();
        assert!(err.contains("mine/en/consent.md.hbs"), "{err}");
    }

    #[test]
    fn messages_take_escaped_arguments() {
        let t = one(&[(
            "en/consent.md.hbs",
            "{{t \"greeting\" name=client.full_name}}",
        )])
        .unwrap();
        let mut c = ctx(Value::Null);
        c["client"]["full_name"] = "*Bob*".into();
        assert_eq!(
            t.fill(DocumentKind::Consent, &c).unwrap(),
            "Hello \\*Bob\\*"
        );
    }

    #[test]
    fn a_template_naming_a_missing_message_is_an_error_with_its_line() {
        let err = one(&[("en/consent.md.hbs", "ok\n{{t \"no-such-message\"}}")])
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("mine/en/consent.md.hbs, line 2"), "{err}");
        assert!(err.contains("no-such-message"), "{err}");
    }

    #[test]
    fn misspelt_field_is_an_error_with_a_position() {
        let t = one(&[("en/consent.md.hbs", "line one\n{{client.ful_name}}")]).unwrap();
        let err = t
            .fill(DocumentKind::Consent, &ctx(Value::Null))
            .unwrap_err()
            .to_string();
        assert!(err.contains("mine/en/consent.md.hbs"), "{err}");
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn misspelt_field_in_if_is_an_error_too() {
        let t = one(&[(
            "en/consent.md.hbs",
            "{{#if client.email}}e{{/if}}\n{{#if client.emial}}e{{/if}}",
        )])
        .unwrap();
        let err = t
            .fill(DocumentKind::Consent, &ctx(Value::Null))
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2"), "{err}");
        let t = one(&[("en/consent.md.hbs", "{{#unless client.emial}}e{{/unless}}")]).unwrap();
        assert!(t.fill(DocumentKind::Consent, &ctx(Value::Null)).is_err());
    }

    #[test]
    fn syntax_error_names_file_line_and_column() {
        let err = one(&[("en/consent.md.hbs", "ok\n{{#if a}}never closed")])
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("mine/en/consent.md.hbs"), "{err}");
        assert!(err.contains("line"), "{err}");
    }

    #[test]
    fn a_folder_of_the_sources_loads_alone_as_the_same_sets() {
        // What a bag stores (every entry of sources() under its relative path) is enough to
        // render again without the built-in sets.
        let builtin = Templates::builtin().unwrap();
        let dir = std::env::temp_dir().join(format!("smpdoc-sources-{}", std::process::id()));
        for s in builtin.sources() {
            let p = dir.join(&s.name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, &s.bytes).unwrap();
        }
        let again = Templates::from_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let names = |t: &Templates| {
            t.sources()
                .iter()
                .map(|s| (s.name.clone(), s.sha256.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&builtin), names(&again));
    }

    #[test]
    fn a_missing_template_asset_is_an_error() {
        let err = one(&[("en/consent.md.hbs", "# T\n\n![Clinic](logo.png)\n")])
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("line 3") && err.contains("logo.png"), "{err}");
        let t = one(&[
            ("en/consent.md.hbs", "![Clinic](logo.png)\n"),
            ("en/logo.png", "png"),
        ])
        .unwrap();
        assert!(t.sources().iter().any(|s| s.name == "en/logo.png"));
        let md = t.fill(DocumentKind::Consent, &ctx(Value::Null)).unwrap();
        assert_eq!(md, "![Clinic](image:asset:en/logo.png)\n");
    }
}
