//! One validated record into its documents' PDF bytes: context, template, Markdown, layout,
//! PDF. A pure function of the record, the templates, the fonts and the tool version;
//! writing files is `archive`'s job.

use crate::context::{self, DocumentKind};
use crate::diag::{Code, Diagnostic, JsonPath};
use crate::i18n::{self, ArgValue};
use crate::layout::{self, PageSetup, Paper};
use crate::pdf::{self, Attachment, Fonts, Images, Meta, PdfImage};
use crate::template::{TemplateError, Templates};
use crate::validate::{ValidRecord, load_image_bytes};
use std::sync::Arc;

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Which document.
    pub kind: DocumentKind,
    /// The PDF.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Problems that did not stop rendering (the policy's fallback language used).
    pub warnings: Vec<Diagnostic>,
    /// The template it was filled from, e.g. `es/consent.md.hbs`.
    pub template: String,
}

/// A record that could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The template failed.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The PDF could not be written.
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// A template's text holds a character no shipped font can show (record data with one
    /// is rejected by validation).
    #[error("{0}")]
    Glyphs(#[from] crate::text::MissingGlyph),
    /// No template set is in the language a document asks for, and the policy names no
    /// fallback.
    #[error("{}", .0.message)]
    Language(Diagnostic),
    /// A message of the document's language cannot be formatted.
    #[error(transparent)]
    Messages(#[from] crate::i18n::MessageError),
}

/// Everything a run parses once and shares between records and threads.
pub struct Renderer {
    templates: Templates,
    fonts: Fonts,
    paper: Option<Paper>,
    fallback_language: Option<String>,
}

impl Renderer {
    /// A renderer with these templates and the built-in fonts; `paper` overrides the paper
    /// chosen from the jurisdiction.
    pub fn new(templates: Templates, paper: Option<Paper>) -> Result<Renderer, pdf::PdfError> {
        Ok(Renderer {
            templates,
            fonts: Fonts::builtin()?,
            paper,
            fallback_language: None,
        })
    }

    /// Renders a document whose language has no template set in `tag` (the policy's
    /// `fallback_language`), with a warning, instead of rejecting the record. `tag` must
    /// resolve to one of the sets.
    pub fn with_fallback_language(mut self, tag: Option<String>) -> Self {
        self.fallback_language = tag;
        self
    }

    /// The policy's fallback language, as given.
    pub fn fallback_language(&self) -> Option<&str> {
        self.fallback_language.as_deref()
    }

    /// The template set (folder name) a document of a record is rendered in, and a
    /// warning when that is the policy's fallback; an error (rule `language`) when no set
    /// is in the language asked for and the policy names no fallback.
    pub fn language_of(
        &self,
        rec: &ValidRecord,
        kind: DocumentKind,
    ) -> Result<(String, Option<Diagnostic>), Diagnostic> {
        language_of(
            &self.templates,
            self.fallback_language.as_deref(),
            rec,
            kind,
        )
    }

    /// The paper setting, as bag-info records it: `auto` (by jurisdiction), `a4`, `letter`.
    pub fn paper_setting(&self) -> &'static str {
        match self.paper {
            None => "auto",
            Some(Paper::A4) => "a4",
            Some(Paper::Letter) => "letter",
        }
    }

    /// The templates in use.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// The documents a record gets: the consent form always, the treatment record once
    /// the session has taken place; `only` narrows that to one kind.
    pub fn kinds_for(rec: &ValidRecord, only: Option<DocumentKind>) -> Vec<DocumentKind> {
        DocumentKind::ALL
            .into_iter()
            .filter(|k| *k == DocumentKind::Consent || rec.record.session.is_some())
            .filter(|k| only.is_none_or(|o| o == *k))
            .collect()
    }

    /// Renders the given documents of a record.
    pub fn render(
        &self,
        rec: &ValidRecord,
        kinds: &[DocumentKind],
    ) -> Result<Vec<Document>, RenderError> {
        let (images, image_files) = load_images(rec, self.templates.assets());
        let canonical = &rec.canonical;
        let canonical_value: serde_json::Value =
            serde_json::from_slice(canonical).unwrap_or_else(|_| rec.value.clone());
        let mut ctx = context::build(rec, canonical_value);
        let r = &rec.record;
        let paper = self.paper.unwrap_or(if rec.derived.letter {
            Paper::Letter
        } else {
            Paper::A4
        });
        let paper_form = r.consent.client_signature.is_none();
        let mut out = Vec::with_capacity(kinds.len());
        for &kind in kinds {
            let (tag, warning) = self.language_of(rec, kind).map_err(RenderError::Language)?;
            let lang = self
                .templates
                .language(&tag)
                .expect("language_of names a set of the templates");
            let title = lang.text(kind.title_message())?;
            context::for_document(&mut ctx, kind, &tag, &title);
            let md = self.templates.fill(kind, &ctx)?;
            let blocks = crate::markdown::parse(&md);
            let text = |s: &str| ArgValue::Text(s.to_string());
            let setup = PageSetup {
                paper,
                header_left: r.clinic.name.clone(),
                header_right: title.clone(),
                header_client: lang.message(
                    "header-client",
                    Some(&i18n::args([
                        ("name", text(&r.client.full_name)),
                        ("id", text(&r.client.client_id)),
                    ])),
                )?,
                footer_left: lang.message(
                    "footer-record",
                    Some(&i18n::args([("sha256", text(&rec.fingerprint.to_hex()))])),
                )?,
                initials: if paper_form && kind == DocumentKind::Consent {
                    Some(lang.text("initials-box")?)
                } else {
                    None
                },
                page_label: lang.message(
                    "page-of",
                    Some(&i18n::args([
                        ("page", text("{page}")),
                        ("pages", text("{pages}")),
                    ])),
                )?,
                rtl: lang.rtl,
            };
            let (pages, tree) = layout::layout_tagged(&blocks, &images, &setup)?;
            let warnings: Vec<Diagnostic> = warning.into_iter().collect();
            let meta = Meta {
                title: format!("{title} {}", r.record_id),
                author: r.clinic.name.clone(),
                subject: r.record_id.clone(),
                creator: format!("smpdoc {}", env!("CARGO_PKG_VERSION")),
                date_unix: record_date(rec),
                // The template set's tag: the document's language (BCP 47).
                lang: tag.clone(),
            };
            let mut attachments = vec![Attachment {
                name: format!("{}.json", r.record_id),
                bytes: canonical.to_vec(),
                description: "Source record, RFC 8785 canonical JSON; its SHA-256 is the record fingerprint in the page footers".into(),
                mime: "application/json",
                relationship: "Source",
            }];
            // The image files the record refers to travel with it, so that `verify
            // --rerender` can render the record again from the PDF alone.
            for (key, reference, bytes) in &image_files {
                let (name, mime) = image_attachment(key, bytes);
                attachments.push(Attachment {
                    name,
                    bytes: bytes.clone(),
                    description: format!("image the record refers to as {reference}"),
                    mime,
                    relationship: "Supplement",
                });
            }
            let bytes = pdf::write(
                &pages,
                &tree,
                &self.fonts,
                &images,
                &meta,
                &attachments,
                &rec.fingerprint.0,
            )?;
            out.push(Document {
                kind,
                bytes,
                pages: pages.len(),
                warnings,
                template: Templates::template_path(&tag, kind),
            });
        }
        Ok(out)
    }
}

/// The template set (folder name) a document of a record is rendered in among
/// `templates`, and a warning when that is the policy's `fallback`; an error (rule
/// `language`) when no set is in the language asked for and there is no fallback.
pub fn language_of(
    templates: &Templates,
    fallback: Option<&str>,
    rec: &ValidRecord,
    kind: DocumentKind,
) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    let r = &rec.record;
    let (requested, path) = match kind {
        DocumentKind::Consent => (r.consent.language.as_str(), "consent.language"),
        DocumentKind::TreatmentRecord => (
            r.clinic
                .language
                .as_deref()
                .unwrap_or(crate::record::DEFAULT_CLINIC_LANGUAGE),
            "clinic.language",
        ),
    };
    if let Some(tag) = templates.choose(requested) {
        return Ok((tag, None));
    }
    let available = templates
        .tags()
        .iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    match fallback.and_then(|f| templates.choose(f)) {
        Some(tag) => Ok((
            tag.clone(),
            Some(Diagnostic::new(
                Code::Language,
                JsonPath::parse(path),
                format!(
                    "the {} was rendered in {tag}, the policy's fallback language: there is no template set in {requested}",
                    kind.name()
                ),
            )),
        )),
        None => Err(Diagnostic::new(
            Code::Language,
            JsonPath::parse(path),
            format!("there is no template set in {requested} for the {}", kind.name()),
        )
        .hint(format!(
            "the template sets are {available}; add one (see `smpdoc templates export`), or name a fallback_language in the policy"
        ))),
    }
}

/// The images a record refers to, by the keys templates use (`logo`,
/// `consent.client_signature`, ...).
pub fn image_references(r: &crate::record::Record) -> Vec<(&'static str, &str)> {
    let mut refs: Vec<(&'static str, &str)> = Vec::new();
    if let Some(logo) = &r.clinic.logo {
        refs.push(("logo", logo));
    }
    let sigs = [
        ("consent.client_signature", &r.consent.client_signature),
        (
            "consent.practitioner_signature",
            &r.consent.practitioner_signature,
        ),
        ("consent.witness", &r.consent.witness),
        (
            "session.practitioner_signature",
            match &r.session {
                Some(s) => &s.practitioner_signature,
                None => &None,
            },
        ),
    ];
    for (key, sig) in sigs {
        if let Some(img) = sig.as_ref().and_then(|s| s.image.as_deref()) {
            refs.push((key, img));
        }
    }
    refs
}

/// The attachment name an image file travels under inside the PDF: `image-<key>.png` or
/// `.jpg`, with its MIME type.
pub fn image_attachment(key: &str, bytes: &[u8]) -> (String, &'static str) {
    let (ext, mime) = if bytes.starts_with(b"\x89PNG") {
        ("png", "image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        ("jpg", "image/jpeg")
    } else {
        ("bin", "application/octet-stream")
    };
    (format!("{}{ext}", image_attachment_prefix(key)), mime)
}

/// What the attachment name of the image with this key starts with.
pub fn image_attachment_prefix(key: &str) -> String {
    format!("image-{key}.")
}

/// Image bytes by reference (as a record spells them) and key.
type ImageFiles<'a> = Vec<(&'static str, &'a str, Vec<u8>)>;

/// The record's images decoded for the PDF, and the bytes of those that are files (data
/// URLs already travel inside the record). Validation has read and checked each one; one
/// that cannot be decoded here is left out (its place stays blank) rather than failing the
/// document.
fn load_images<'a, 'b>(
    rec: &'a ValidRecord,
    assets: impl Iterator<Item = (String, &'b Arc<[u8]>)>,
) -> (Images, ImageFiles<'a>) {
    let mut images = Images::new();
    let mut files = Vec::new();
    for (key, bytes) in assets {
        if let Ok(img) = PdfImage::decode(bytes) {
            images.insert(key, Arc::new(img));
        }
    }
    for (key, reference) in image_references(&rec.record) {
        if let Ok(bytes) = load_image_bytes(&rec.files, reference)
            && let Ok(img) = PdfImage::decode(&bytes)
        {
            images.insert(key.to_string(), Arc::new(img));
            if !reference.starts_with("data:") {
                files.push((key, reference, bytes));
            }
        }
    }
    (images, files)
}

/// The PDF's date: the latest moment the record itself states happened (screening,
/// signatures, hairline approval, the session's sign-off). Never the clock, so that a re-render is identical.
/// The next appointment is left out: it has not happened.
pub fn record_date(rec: &ValidRecord) -> i64 {
    let r = &rec.record;
    let mut times = vec![r.screening.answered_at];
    for s in [
        &r.consent.client_signature,
        &r.consent.practitioner_signature,
        &r.consent.witness,
    ]
    .into_iter()
    .flatten()
    {
        times.push(s.signed_at);
    }
    if let Some(s) = &r.session {
        if let Some(h) = &s.hairline_approval {
            times.push(h.approved_at);
        }
        if let Some(sig) = &s.practitioner_signature {
            times.push(sig.signed_at);
        }
    }
    times.iter().map(|t| t.timestamp()).max().unwrap_or(0)
}
