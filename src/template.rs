//! Templates: Handlebars in strict mode filling Markdown documents. No PDF types here.
//!
//! Invariants:
//! - every value a template writes with `{{...}}` goes through `escape_markdown`, so record
//!   data prints literally (a client named `*Bob* # 1.` prints exactly that) and can never
//!   open a heading, a list, a table cell or an image;
//! - helpers that produce markup (`check`, `signature`, `paragraphs`) escape the data they
//!   embed themselves;
//! - a template error names the template file, line and column.

use crate::context::DocumentKind;
use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason,
};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The built-in templates, compiled into the binary.
pub const BUILTIN: [(&str, &str); 2] = [
    (
        "consent.md.hbs",
        include_str!("../templates/consent.md.hbs"),
    ),
    (
        "treatment-record.md.hbs",
        include_str!("../templates/treatment-record.md.hbs"),
    ),
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

/// The compiled templates of one run, with where each came from and its SHA-256.
pub struct Templates {
    registry: Handlebars<'static>,
    sources: Vec<TemplateSource>,
}

/// One template's origin and fingerprint, for bag-info and the audit log.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The template's file name, e.g. `consent.md.hbs`.
    pub name: String,
    /// Where it was read from, or `built-in`.
    pub origin: String,
    /// SHA-256 of the template text.
    pub sha256: String,
    /// The file's bytes, as the renderer uses them: a bag keeps a copy under
    /// `templates/<name>` so that it can be rendered again from the bag alone.
    pub bytes: std::sync::Arc<[u8]>,
}

impl Templates {
    /// The built-in templates.
    pub fn builtin() -> Result<Templates, TemplateError> {
        Self::compile(
            BUILTIN
                .iter()
                .map(|(n, t)| (n.to_string(), "built-in".to_string(), t.to_string()))
                .collect(),
        )
    }

    /// Templates from a folder (as written by `smpdoc templates export`).
    pub fn from_dir(dir: &Path) -> Result<Templates, TemplateError> {
        Self::from_dir_for(dir, &DocumentKind::ALL)
    }

    /// The templates of these documents only, from a folder: `render --only consent`
    /// needs no treatment-record template.
    pub fn from_dir_for(dir: &Path, kinds: &[DocumentKind]) -> Result<Templates, TemplateError> {
        let mut list = Vec::new();
        let wanted: Vec<String> = kinds
            .iter()
            .map(|k| format!("{}.md.hbs", k.name()))
            .collect();
        for (name, _) in BUILTIN
            .iter()
            .filter(|(n, _)| wanted.iter().any(|w| w == n))
        {
            let path: PathBuf = dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|e| TemplateError::Read {
                path: path.display().to_string(),
                source: e,
            })?;
            list.push((name.to_string(), path.display().to_string(), text));
        }
        Self::compile(list)
    }

    fn compile(list: Vec<(String, String, String)>) -> Result<Templates, TemplateError> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape_markdown);
        register_helpers(&mut registry);
        let mut sources = Vec::new();
        for (name, origin, text) in list {
            registry
                .register_template_string(&name, &text)
                .map_err(|e| {
                    let (line, column) = e.pos().unwrap_or((0, 0));
                    TemplateError::Syntax {
                        file: origin.clone(),
                        line,
                        column,
                        message: e.reason().to_string(),
                    }
                })?;
            sources.push(TemplateSource {
                sha256: crate::fingerprint::sha256(text.as_bytes()).to_hex(),
                bytes: std::sync::Arc::from(text.as_bytes()),
                name,
                origin,
            });
        }
        Ok(Templates { registry, sources })
    }

    /// Where each template came from, and its SHA-256.
    pub fn sources(&self) -> &[TemplateSource] {
        &self.sources
    }

    /// Fills the template for `kind` with a context, giving Markdown.
    pub fn fill(&self, kind: DocumentKind, ctx: &Value) -> Result<String, TemplateError> {
        self.registry
            .render(kind.template_name(), ctx)
            .map_err(|e| {
                let file = self
                    .sources
                    .iter()
                    .find(|s| s.name == kind.template_name())
                    .map(|s| s.origin.clone())
                    .unwrap_or_default();
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

/// Formats a date or an RFC 3339 date-time with a chrono format string. A date-time is
/// shown in the clinic's time zone `tz` (`%Z` gives its abbreviation, "GMT", "AEDT"), so that
/// every time a document prints is on the clinic's clock whatever offset the record was
/// written with.
pub fn format_date(value: &str, fmt: &str, tz: Option<Tz>) -> Option<String> {
    use std::fmt::Write;
    let mut out = String::new();
    if let Ok(dt) = DateTime::<FixedOffset>::parse_from_rfc3339(value) {
        match tz {
            Some(tz) => write!(out, "{}", dt.with_timezone(&tz).format(fmt)).ok()?,
            None => write!(out, "{}", dt.format(fmt)).ok()?,
        }
        return Some(out);
    }
    if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        write!(out, "{}", d.format(fmt)).ok()?;
        return Some(out);
    }
    None
}

/// Human names of the record's enum codes (zones, conditions, session types, ...).
pub fn label(code: &str) -> String {
    let known = match code {
        "frontal_hairline" => "Frontal hairline",
        "temple_left" => "Left temple",
        "temple_right" => "Right temple",
        "mid_scalp" => "Mid scalp",
        "crown_vertex" => "Crown (vertex)",
        "donor_area" => "Donor area",
        "scar_fut" => "FUT strip scar",
        "scar_fue" => "FUE scars",
        "nape" => "Nape",
        "alopecia_areata" => "Alopecia areata",
        "alopecia_totalis" => "Alopecia totalis",
        "male_pattern" => "Male pattern hair loss",
        "female_pattern" => "Female pattern hair loss",
        "diffuse_thinning" => "Diffuse thinning",
        "scar" => "Scar concealment",
        "chemotherapy" => "Hair loss after chemotherapy",
        "initial" => "Initial session",
        "build" => "Build session",
        "refinement" => "Refinement session",
        "touch_up" => "Touch-up",
        "correction" => "Correction",
        "light" => "Light",
        "medium" => "Medium",
        "dense" => "Dense",
        "negative" => "Negative (no reaction)",
        "positive" => "Positive (reaction)",
        "declined" => "Declined by the client",
        "not_required" => "Not required",
        "other" => "Other",
        "yes" => "Yes",
        "no" => "No",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let mut s = code.replace('_', " ");
    if let Some(first) = s.get(..1) {
        let up = first.to_uppercase();
        s.replace_range(..1, &up);
    }
    s
}

/// A helper: the call, the root of the context (the record and `doc`), the output.
type HelperFn = fn(&Helper, &Value, &mut dyn Output) -> HelperResult;

/// The clinic's time zone, from the context's record.
fn clinic_tz(root: &Value) -> Option<Tz> {
    root.pointer("/clinic/time_zone")
        .and_then(Value::as_str)
        .and_then(|n| n.parse().ok())
}

/// Whether the document is a form the client fills in and signs by hand: then no choice
/// of the client's is shown made.
fn paper_form(root: &Value) -> bool {
    root.pointer("/doc/paper_form").and_then(Value::as_bool) == Some(true)
}

fn register_helpers(reg: &mut Handlebars<'static>) {
    let helpers: [(&str, HelperFn); 11] = [
        ("date", helper_date),
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
        reg.register_helper(
            name,
            Box::new(
                move |h: &Helper,
                      _: &Handlebars,
                      ctx: &Context,
                      _: &mut RenderContext,
                      out: &mut dyn Output| f(h, ctx.data(), out),
            ),
        );
    }
}

/// `{{date value "%d %B %Y"}}`: a date or date-time in the template's format; date-times
/// on the clinic's clock.
fn helper_date(h: &Helper, root: &Value, out: &mut dyn Output) -> HelperResult {
    let v = text_param(h, 0, "date")?;
    let fmt = text_param(h, 1, "date").unwrap_or_else(|_| "%d %B %Y".into());
    if v.is_empty() {
        return Ok(());
    }
    let s = format_date(&v, &fmt, clinic_tz(root)).ok_or_else(|| {
        RenderError::from(RenderErrorReason::Other(format!(
            "date: \"{v}\" is not a date, or \"{fmt}\" is not a valid format"
        )))
    })?;
    out.write(&escape_markdown(&s))?;
    Ok(())
}

/// `{{check value}}`: a task-list box, ticked when the value is true or "yes": a fact the
/// record states (the layout draws it as a ballot-box character).
fn helper_check(h: &Helper, _: &Value, out: &mut dyn Output) -> HelperResult {
    let v = param(h, 0, "check")?;
    out.write(if truthy(v) { "[x]" } else { "[ ]" })?;
    Ok(())
}

/// `{{choice value}}`: a task-list box for a choice the client makes. On a paper form it is
/// always open, for the client to tick: a pre-ticked box is not consent.
fn helper_choice(h: &Helper, root: &Value, out: &mut dyn Output) -> HelperResult {
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
fn helper_answer(h: &Helper, root: &Value, out: &mut dyn Output) -> HelperResult {
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
fn helper_detail(h: &Helper, root: &Value, out: &mut dyn Output) -> HelperResult {
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

/// `{{yesno value}}`: "Yes" or "No".
fn helper_yesno(h: &Helper, _: &Value, out: &mut dyn Output) -> HelperResult {
    let v = param(h, 0, "yesno")?;
    out.write(if truthy(v) { "Yes" } else { "No" })?;
    Ok(())
}

/// `{{label code}}`: the human name of a zone, condition, session type, ...
fn helper_label(h: &Helper, _: &Value, out: &mut dyn Output) -> HelperResult {
    let v = text_param(h, 0, "label")?;
    out.write(&escape_markdown(&label(&v)))?;
    Ok(())
}

/// `{{join list ", "}}`: the items of a list of text, escaped, with a separator.
fn helper_join(h: &Helper, _: &Value, out: &mut dyn Output) -> HelperResult {
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
fn helper_paragraphs(h: &Helper, _: &Value, out: &mut dyn Output) -> HelperResult {
    let v = text_param(h, 0, "paragraphs")?;
    let paras: Vec<String> = v
        .split("\n\n")
        .map(escape_markdown)
        .filter(|p| !p.is_empty())
        .collect();
    out.write(&paras.join("\n\n"))?;
    Ok(())
}

/// `{{image "key"}}`: an image the renderer knows by key (`logo`,
/// `consent.client_signature`, ...).
fn helper_image(h: &Helper, _: &Value, out: &mut dyn Output) -> HelperResult {
    let key = text_param(h, 0, "image")?;
    out.write(&format!("![{}](image:{})", escape_markdown(&key), key))?;
    Ok(())
}

/// `{{signature consent.client_signature "consent.client_signature" "Client"}}`: the
/// signature image and the signer's name and time (on the clinic's clock) when signed;
/// otherwise boxes tall enough to sign, print the name and date by hand.
fn helper_signature(h: &Helper, root: &Value, out: &mut dyn Output) -> HelperResult {
    let sig = param(h, 0, "signature")?;
    let key = text_param(h, 1, "signature")?;
    let role = text_param(h, 2, "signature")?;
    let role = escape_markdown(&role);
    let md = match sig {
        Value::Object(m) => {
            let signer = m.get("signer").and_then(Value::as_str).unwrap_or("");
            let at = m.get("signed_at").and_then(Value::as_str).unwrap_or("");
            let when = format_date(at, "%d %B %Y at %H:%M %Z", clinic_tz(root)).unwrap_or_default();
            let image = if m.get("image").is_some_and(|i| !i.is_null()) {
                format!("![{role} signature](image:{key})\n\n")
            } else {
                String::new()
            };
            format!(
                "**{role}:** {}\n\n{image}Signed {}\n",
                escape_markdown(signer),
                escape_markdown(&when)
            )
        }
        _ => format!(
            "**{role}** (to be signed)\n\n<!-- sign-boxes: Signature | Name in capitals | Date -->\n"
        ),
    };
    out.write(&md)?;
    Ok(())
}

/// Writes the built-in templates into `dir`, refusing to overwrite a file.
pub fn export(dir: &Path) -> Result<Vec<PathBuf>, std::io::Error> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, text) in BUILTIN {
        let path = dir.join(name);
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

    #[test]
    fn escaping_makes_markup_literal() {
        assert_eq!(escape_markdown("*Bob* # 1."), "\\*Bob\\* \\# 1\\.");
        assert_eq!(escape_markdown("a\n\n  - b"), "a \\- b");
        assert_eq!(escape_markdown("Zoë Łukasiewicz"), "Zoë Łukasiewicz");
    }

    #[test]
    fn dates_keep_their_local_time() {
        assert_eq!(
            format_date("2026-04-12T09:41:00+01:00", "%d %B %Y %H:%M", None).unwrap(),
            "12 April 2026 09:41"
        );
        assert_eq!(
            format_date("2026-04-12", "%d/%m/%Y", None).unwrap(),
            "12/04/2026"
        );
        assert!(format_date("soon", "%d", None).is_none());
    }

    #[test]
    fn date_times_print_on_the_clinics_clock() {
        let sydney: Tz = "Australia/Sydney".parse().unwrap();
        // The same instant written in UTC and in Sydney's offset prints the same.
        for v in ["2026-03-03T00:30:00Z", "2026-03-03T11:30:00+11:00"] {
            assert_eq!(
                format_date(v, "%d %B %Y at %H:%M %Z", Some(sydney)).unwrap(),
                "03 March 2026 at 11:30 AEDT"
            );
        }
        let london: Tz = "Europe/London".parse().unwrap();
        assert_eq!(
            format_date("2026-10-24T23:41:00Z", "%H:%M %Z", Some(london)).unwrap(),
            "00:41 BST"
        );
    }

    #[test]
    fn builtin_templates_compile() {
        Templates::builtin().unwrap();
    }

    #[test]
    fn misspelt_field_is_an_error_with_a_position() {
        let t = Templates::compile(vec![(
            "consent.md.hbs".into(),
            "x.hbs".into(),
            "line one\n{{client.ful_name}}".into(),
        )])
        .unwrap();
        let err = t
            .fill(
                DocumentKind::Consent,
                &serde_json::json!({"client": {"full_name": "A"}}),
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("x.hbs"), "{err}");
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn syntax_error_names_file_line_and_column() {
        let err = Templates::compile(vec![(
            "consent.md.hbs".into(),
            "mine/consent.md.hbs".into(),
            "ok\n{{#if a}}never closed".into(),
        )])
        .err()
        .unwrap()
        .to_string();
        assert!(err.contains("mine/consent.md.hbs"), "{err}");
        assert!(err.contains("line"), "{err}");
    }
}
