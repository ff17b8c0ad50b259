//! The smpdoc binary: parse the command line, call the library, turn the outcome into
//! messages and an exit code (0 all well, 1 records rejected or verification failed, 2 the
//! command could not run).

mod catalog_cmd;
mod cli;

/// mimalloc instead of the system allocator: rendering makes many short-lived allocations
/// (layout, shaping, templates), and glibc's malloc spent about a quarter of render's time in
/// allocation and freeing (perf, bench/run.sh 1000). It compiles from C on every platform.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Hands memory freed by a batch back to the system. Rendering once made some 28,000
/// allocations for every record (printpdf's object model); with glibc's allocator the freed memory fragments and a
/// long batch's resident size crept up with the number of records (heaptrack: peak heap
/// 12 MB, resident 100 MB at 100,000 records). Trimming between chunks keeps it flat.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; it is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}

use clap::Parser;
use cli::{Cli, Command};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use smpdoc::bag::SignWith;
use smpdoc::context::DocumentKind;
use smpdoc::diag::{Diagnostic, escape_controls};
use smpdoc::formats::{RecordReport, ValidateReport, ValidateSummary};
use smpdoc::input::InputOptions;
use smpdoc::input::Origin;
use smpdoc::layout::Paper;
use smpdoc::policy::Policy;
use smpdoc::render::Renderer;
use smpdoc::template::Templates;
use smpdoc::validate::{BatchValidator, Checked};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// A failure that stops the command (exit 2), with hints for the user.
struct Fatal {
    message: String,
    hints: Vec<String>,
    /// The reader of our output went away (`smpdoc validate ... | head`): end quietly.
    broken_pipe: bool,
}

impl<E: std::error::Error + 'static> From<E> for Fatal {
    fn from(e: E) -> Self {
        let mut message = e.to_string();
        let mut broken_pipe = false;
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(c) = cause {
            if c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                broken_pipe = true;
            }
            if !std::ptr::addr_eq(c, &e as &dyn std::error::Error) {
                message.push_str(&format!(": {c}"));
            }
            cause = c.source();
        }
        Fatal {
            message,
            hints: Vec::new(),
            broken_pipe,
        }
    }
}

impl Fatal {
    fn new(message: impl Into<String>, hints: &[&str]) -> Self {
        Fatal {
            message: message.into(),
            hints: hints.iter().map(|h| h.to_string()).collect(),
            broken_pipe: false,
        }
    }
}

/// A line for a person on stderr: control characters escaped (a file name or record_id
/// holding terminal escapes must not rewrite the screen), and a closed stderr ignored.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", escape_controls(line));
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        // Like ripgrep: a reader that stopped reading is not an error.
        Err(f) if f.broken_pipe => ExitCode::from(0),
        Err(f) => {
            say(&format!("error: {}", f.message));
            for h in f.hints {
                say(&format!("hint: {h}"));
            }
            ExitCode::from(2)
        }
    }
}

use catalog_cmd::{catalog_cmd, export, find, trace};

fn run(cli: Cli) -> Result<u8, Fatal> {
    match cli.command {
        Command::Validate {
            inputs,
            policy,
            images,
            templates,
            json,
        } => validate(inputs, policy.as_deref(), images, &templates, json),
        Command::Example { paper_form } => example(paper_form),
        Command::Schema => schema(),
        Command::Upgrade {
            time_zone,
            inputs,
            out,
            json,
        } => upgrade(&time_zone, &inputs, &out, json),
        Command::Render {
            inputs,
            out,
            templates,
            only,
            paper,
            sign_key,
            jobs,
            policy,
            images,
            json,
            quiet,
        } => render(RenderArgs {
            quiet,
            images,
            jobs: jobs.unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
            }),
            sign_key,
            inputs,
            out,
            templates,
            only: only.map(|o| match o {
                cli::DocKind::Consent => DocumentKind::Consent,
                cli::DocKind::Record => DocumentKind::TreatmentRecord,
            }),
            paper: paper.map(|p| match p {
                cli::PaperArg::A4 => Paper::A4,
                cli::PaperArg::Letter => Paper::Letter,
            }),
            policy,
            json,
        }),
        Command::Verify {
            dir,
            pubkey,
            rerender,
            no_rerender,
            templates,
            json,
            quiet,
        } => verify(
            quiet,
            &dir,
            &smpdoc::verify::Options {
                pubkey,
                rerender: match (rerender, no_rerender) {
                    (true, _) => smpdoc::verify::Rerender::Always,
                    (_, true) => smpdoc::verify::Rerender::Never,
                    _ => smpdoc::verify::Rerender::Auto,
                },
                templates,
            },
            json,
        ),
        Command::Keygen { out, unencrypted } => keygen(&out, unencrypted),
        Command::Catalog { action, catalog } => catalog_cmd(action, catalog),
        Command::Trace {
            lot,
            csv,
            json,
            catalog,
        } => trace(&lot, csv, json, catalog),
        Command::Find {
            client,
            name,
            record,
            json,
            catalog,
        } => find(
            match (client, name, record) {
                (Some(c), _, _) => smpdoc::catalog::Query::Client(c),
                (_, Some(n), _) => smpdoc::catalog::Query::Name(n),
                (_, _, Some(r)) => smpdoc::catalog::Query::Record(r),
                _ => return Err(Fatal::new("find needs --client, --name or --record", &[])),
            },
            json,
            catalog,
        ),
        Command::Export {
            client,
            out,
            sign_key,
            catalog,
        } => export(&client, &out, sign_key.as_deref(), catalog),
        Command::Templates {
            action: cli::TemplatesAction::Export { dir, language },
        } => export_templates(&dir, language.as_deref()),
        Command::Templates {
            action: cli::TemplatesAction::Check { dir },
        } => check_templates(&dir),
    }
}

fn load_policy(path: Option<&Path>) -> Result<Policy, Fatal> {
    match path {
        None => Ok(Policy::default()),
        Some(p) => Policy::from_file(p).map_err(|e| {
            Fatal::new(
                e.to_string(),
                &["a policy file is a JSON object with any of the keys the README lists (min_age_years, ..., max_record_bytes, max_image_pixels)"],
            )
        }),
    }
}

/// The record files an upgrade reads, each with the path it is written to under `out`.
fn upgrade_files(inputs: &[PathBuf], out: &Path) -> Result<Vec<(PathBuf, PathBuf)>, Fatal> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for e in walkdir::WalkDir::new(input).sort_by_file_name() {
                let e = e?;
                if e.file_type().is_file() && smpdoc::input::kind_of(e.path()).is_some() {
                    let rel = e.path().strip_prefix(input).unwrap_or(e.path());
                    files.push((e.path().to_path_buf(), out.join(rel)));
                }
            }
        } else if smpdoc::input::kind_of(input).is_some() {
            let name = input.file_name().unwrap_or(input.as_os_str());
            files.push((input.clone(), out.join(name)));
        } else {
            return Err(Fatal {
                broken_pipe: false,
                message: format!("{} is not a .json, .jsonl or .ndjson file", input.display()),
                hints: vec!["give record files or folders of them".into()],
            });
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for (from, to) in &files {
        if !seen.insert(to.clone()) {
            return Err(Fatal {
                broken_pipe: false,
                message: format!(
                    "two inputs would be written to {} (the second is {})",
                    to.display(),
                    from.display()
                ),
                hints: vec!["upgrade files with the same name in separate runs".into()],
            });
        }
        if to.exists() {
            return Err(Fatal {
                broken_pipe: false,
                message: format!("{} exists already", to.display()),
                hints: vec!["upgrade never overwrites a file: give an empty --out folder".into()],
            });
        }
    }
    Ok(files)
}

fn upgrade(time_zone: &str, inputs: &[PathBuf], out: &Path, json: bool) -> Result<u8, Fatal> {
    if smpdoc::jurisdiction::time_zone(time_zone).is_none() {
        let mut hints = vec!["give the IANA name of the clinic's zone, e.g. Europe/London".into()];
        if let Some(s) = smpdoc::jurisdiction::suggest_time_zone(time_zone) {
            hints.insert(0, format!("did you mean {s}?"));
        }
        return Err(Fatal {
            broken_pipe: false,
            message: format!("--time-zone {time_zone} is not a time zone of the tz database"),
            hints,
        });
    }
    let files = upgrade_files(inputs, out)?;
    let (mut records, mut incomplete, mut failed) = (0usize, 0usize, 0usize);
    let mut report = Vec::new();
    for (from, to) in &files {
        let kind = smpdoc::input::kind_of(from).unwrap_or(smpdoc::input::Kind::Json);
        let result = std::fs::read(from)
            .map_err(|e| format!("cannot be read: {e}"))
            .and_then(|b| String::from_utf8(b).map_err(|_| "is not UTF-8 text".to_string()))
            .and_then(|text| smpdoc::upgrade::upgrade_text(&text, kind, time_zone));
        let (text, reports) = match result {
            Ok(x) => x,
            Err(e) => {
                failed += 1;
                if json {
                    report
                        .push(serde_json::json!({"file": from.display().to_string(), "error": e}));
                } else {
                    eprintln!("error: {}: {e}", from.display());
                }
                continue;
            }
        };
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        smpdoc::archive::write_new(to, text.as_bytes()).map_err(|e| Fatal {
            broken_pipe: false,
            message: e.to_string(),
            hints: vec!["upgrade never overwrites a file: give an empty --out folder".into()],
        })?;
        records += reports.len();
        incomplete += reports.iter().filter(|r| r.incomplete()).count();
        if json {
            report.push(serde_json::json!({
                "file": from.display().to_string(),
                "out": to.display().to_string(),
                "records": reports,
            }));
            continue;
        }
        eprintln!(
            "{} -> {}: {}",
            from.display(),
            to.display(),
            plural(reports.len(), "record", "records")
        );
        for (i, r) in reports.iter().enumerate() {
            let who = format!(
                "  record {} ({})",
                i + 1,
                r.record_id.as_deref().unwrap_or("?")
            );
            for n in &r.needs {
                eprintln!("{who}: needs {n}");
            }
            for n in &r.refused {
                eprintln!("{who}: {n}");
            }
            for n in &r.notes {
                eprintln!("{who}: note: {n}");
            }
        }
    }
    if json {
        let doc = serde_json::json!({"files": report, "summary": {
            "records": records, "incomplete": incomplete, "files_failed": failed}});
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        eprintln!(
            "upgraded {} in {}; {} still {} fields added by hand{}",
            plural(records, "record", "records"),
            plural(files.len() - failed, "file", "files"),
            incomplete,
            if incomplete == 1 { "needs" } else { "need" },
            if failed > 0 {
                format!("; {} could not be read", plural(failed, "file", "files"))
            } else {
                String::new()
            }
        );
    }
    Ok(if incomplete > 0 || failed > 0 { 1 } else { 0 })
}

fn schema() -> Result<u8, Fatal> {
    let text = serde_json::to_string_pretty(&smpdoc::schema::record_schema())?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    Ok(0)
}

fn who(origin: &Origin, record_id: Option<&str>) -> String {
    match record_id {
        Some(id) => format!("{origin} ({id})"),
        None => origin.to_string(),
    }
}

fn print_diag(kind: &str, origin: &Origin, record_id: Option<&str>, d: &Diagnostic) {
    say(&format!(
        "{kind}: {}: {}: {} [{}]",
        who(origin, record_id),
        d.location(),
        d.message,
        d.code
    ));
    if let Some(h) = &d.hint {
        say(&format!("hint: {h}"));
    }
}

/// The input options: the policy's limits, and `--images DIR`.
fn input_options(policy: &Policy, images: Option<PathBuf>) -> Result<InputOptions, Fatal> {
    if let Some(d) = &images
        && !d.is_dir()
    {
        return Err(Fatal::new(
            format!("--images {} is not a folder", d.display()),
            &["--images DIR names the folder that image and photo paths are relative to"],
        ));
    }
    Ok(InputOptions {
        images,
        ..InputOptions::from_policy(policy)
    })
}

/// Notes the earlier archives found among the inputs, which are skipped.
fn note_skipped_bags(inputs: &[PathBuf]) {
    for b in smpdoc::input::bag_folders(inputs) {
        say(&format!(
            "note: skipping {}: it is an archive (a BagIt bag), not records",
            b.display()
        ));
    }
}

fn check_inputs(inputs: &[PathBuf]) -> Result<(), Fatal> {
    smpdoc::input::check_inputs(inputs).map_err(|e| {
        Fatal::new(
            e.to_string(),
            &["give .json, .jsonl or .ndjson files, folders, or '-' for stdin"],
        )
    })
}

fn validate(
    inputs: Vec<PathBuf>,
    policy_file: Option<&Path>,
    images: Option<PathBuf>,
    template_dirs: &[PathBuf],
    json: bool,
) -> Result<u8, Fatal> {
    let policy = load_policy(policy_file)?;
    // The languages `render` would find: the same template sets and fallback.
    let templates = load_templates(template_dirs)?;
    check_fallback(&policy, &templates, policy_file)?;
    check_inputs(&inputs)?;
    let opts = input_options(&policy, images)?;
    note_skipped_bags(&inputs);
    let mut validator = BatchValidator::new(&policy);
    let mut summary = ValidateSummary::default();
    let mut report = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for item in smpdoc::input::read_inputs(inputs, opts) {
        let checked = match validator.check(item) {
            Checked::Valid(mut v) => {
                let mut errors = Vec::new();
                for kind in smpdoc::render::Renderer::kinds_for(&v, None) {
                    match smpdoc::render::language_of(
                        &templates,
                        policy.fallback_language.as_deref(),
                        &v,
                        kind,
                    ) {
                        Ok((_, Some(w))) => v.warnings.push(w),
                        Ok((_, None)) => {}
                        Err(e) => errors.push(e),
                    }
                }
                if errors.is_empty() {
                    Checked::Valid(v)
                } else {
                    Checked::Rejected(Box::new(smpdoc::validate::Rejected {
                        origin: v.origin.clone(),
                        record_id: Some(v.record.record_id.clone()),
                        errors,
                        warnings: v.warnings.clone(),
                        source: None,
                    }))
                }
            }
            other => other,
        };
        match checked {
            Checked::Valid(v) => {
                summary.valid += 1;
                summary.warnings += v.warnings.len();
                let id = v.record.record_id.as_str();
                if json {
                    report.push(RecordReport {
                        file: v.origin.file.clone(),
                        index: v.origin.index,
                        line: v.origin.line,
                        record_id: Some(id.to_string()),
                        status: "valid".into(),
                        record_sha256: Some(v.fingerprint.to_hex()),
                        errors: Vec::new(),
                        warnings: v.warnings.clone(),
                    });
                } else {
                    writeln!(
                        out,
                        "{}",
                        escape_controls(&format!("ok  {id}  record sha256:{}", v.fingerprint))
                    )?;
                    for w in &v.warnings {
                        print_diag("warning", &v.origin, Some(id), w);
                    }
                }
            }
            Checked::Rejected(r) => {
                summary.rejected += 1;
                summary.warnings += r.warnings.len();
                if json {
                    report.push(RecordReport {
                        file: r.origin.file.clone(),
                        index: r.origin.index,
                        line: r.origin.line,
                        record_id: r.record_id.clone(),
                        status: "rejected".into(),
                        record_sha256: None,
                        errors: r.errors.clone(),
                        warnings: r.warnings.clone(),
                    });
                } else {
                    for e in &r.errors {
                        print_diag("error", &r.origin, r.record_id.as_deref(), e);
                    }
                    for w in &r.warnings {
                        print_diag("warning", &r.origin, r.record_id.as_deref(), w);
                    }
                }
            }
        }
    }
    summary.records = summary.valid + summary.rejected;
    let rejected = summary.rejected;
    if json {
        let doc = ValidateReport {
            command: "validate".into(),
            records: report,
            summary,
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
    } else {
        say(&format!(
            "{}: {} valid, {} rejected, {}",
            plural(summary.records, "record", "records"),
            summary.valid,
            summary.rejected,
            plural(summary.warnings, "warning", "warnings")
        ));
    }
    Ok(if rejected > 0 { 1 } else { 0 })
}

fn example(paper_form: bool) -> Result<u8, Fatal> {
    let text = smpdoc::example::record(paper_form);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    Ok(0)
}

struct RenderArgs {
    quiet: bool,
    images: Option<PathBuf>,
    jobs: usize,
    sign_key: Option<PathBuf>,
    inputs: Vec<PathBuf>,
    out: PathBuf,
    templates: Vec<PathBuf>,
    only: Option<DocumentKind>,
    paper: Option<Paper>,
    policy: Option<PathBuf>,
    json: bool,
}

/// The built-in template sets with the clinic's folders over them; a broken set stops
/// the run before any record is rendered.
fn load_templates(dirs: &[PathBuf]) -> Result<Templates, Fatal> {
    Templates::layered(dirs).map_err(|e| {
        Fatal::new(
            e.to_string(),
            &["`smpdoc templates check DIR` lists every problem of a folder; `smpdoc templates export DIR` writes the built-in sets to start from"],
        )
    })
}

/// The policy's fallback language must name a template set: a tag that names none stops
/// the run (it would otherwise reject every record it was meant to save).
fn check_fallback(
    policy: &Policy,
    templates: &Templates,
    file: Option<&Path>,
) -> Result<(), Fatal> {
    if let Some(f) = &policy.fallback_language
        && templates.choose(f).is_none()
    {
        let file = file.map(|p| p.display().to_string()).unwrap_or_default();
        return Err(Fatal::new(
            format!("policy {file}: fallback_language \"{f}\" names no template set"),
            &[
                "give the BCP 47 tag of a built-in set (ar, de, en, en-GB, en-US, es, fr, pl, pt, zh-Hans) or of one in --templates",
            ],
        ));
    }
    Ok(())
}

/// A key password is needed and cannot be asked for: say so before minisign fails with
/// "No such device or address" trying to open the terminal.
fn password_unavailable() -> bool {
    std::env::var_os("SMPDOC_KEY_PASSWORD").is_none() && !smpdoc::keys::can_prompt()
}

/// The secret key `--sign-key` names, decrypted.
fn load_sign_key(path: &Path) -> Result<SignWith, Fatal> {
    Ok(SignWith {
        secret_key: smpdoc::keys::load_secret_key(path).map_err(|e| {
            let mut f = Fatal::new(
                e.to_string(),
                &["the key comes from `smpdoc keygen`; an encrypted key takes its password from SMPDOC_KEY_PASSWORD or a prompt on the terminal"],
            );
            if matches!(e, smpdoc::keys::KeyError::NoPassword { .. }) {
                f.hints = vec!["set SMPDOC_KEY_PASSWORD to the key's password (there is no terminal to ask on), or sign with a key made by `smpdoc keygen --unencrypted`".into()];
            }
            f
        })?,
    })
}

fn render(a: RenderArgs) -> Result<u8, Fatal> {
    let policy = load_policy(a.policy.as_deref())?;
    check_inputs(&a.inputs)?;
    let input_opts = input_options(&policy, a.images.clone())?;
    let templates = load_templates(&a.templates)?;
    check_fallback(&policy, &templates, a.policy.as_deref())?;
    let renderer =
        Renderer::new(templates, a.paper)?.with_fallback_language(policy.fallback_language.clone());
    let sign = a.sign_key.as_deref().map(load_sign_key).transpose()?;
    note_skipped_bags(&a.inputs);
    let date = smpdoc::bag::bagging_date()
        .map_err(|m| Fatal::new(m, &["SOURCE_DATE_EPOCH is a number of seconds since 1970"]))?;
    let mut validator = BatchValidator::new(&policy);
    let opts = smpdoc::batch::Options {
        out: a.out.clone(),
        only: a.only,
        jobs: a.jobs,
    };
    let mut outcomes = Vec::new();
    let stdout = std::io::stdout();
    let started = Instant::now();
    let total = smpdoc::input::count_records(&a.inputs);
    let bar = progress_bar(total, "records", a.quiet || a.json);
    let (mut docs, mut rejected, mut seen) = (0u64, 0u64, 0u64);
    let (summary, bag) = smpdoc::batch::run(
        smpdoc::input::read_inputs(a.inputs, input_opts),
        &mut validator,
        &renderer,
        &opts,
        sign.as_ref(),
        &date,
        |o: &smpdoc::batch::Outcome| {
            let id = o.record_id.as_deref();
            docs += o.documents.len() as u64;
            rejected += o.rejected() as u64;
            seen += 1;
            if seen % 256 == 0 {
                release_freed_memory();
            }
            if let Some(pb) = &bar {
                pb.inc(1);
                let secs = started.elapsed().as_secs_f64().max(1e-9);
                pb.set_message(format!(
                    "{:.0} documents/s, {rejected} rejected",
                    docs as f64 / secs
                ));
            }
            if a.json {
                outcomes.push(serde_json::to_value(o).unwrap_or_default());
                return;
            }
            let report = || {
                if !a.quiet {
                    for d in &o.documents {
                        let line = format!(
                            "wrote {}  {} pages  {} bytes  sha256:{}",
                            d.path, d.pages, d.bytes, d.sha256
                        );
                        // A closed stdout ends the report, not the batch: the archive is
                        // still written in full.
                        let _ = writeln!(stdout.lock(), "{}", escape_controls(&line));
                    }
                }
                for e in &o.errors {
                    print_diag("error", &o.origin, id, e);
                }
                for w in &o.warnings {
                    print_diag("warning", &o.origin, id, w);
                }
            };
            match &bar {
                Some(pb) => pb.suspend(report),
                None => report(),
            }
        },
    )
    .map_err(|e| Fatal::new(e.to_string(), &["choose a new folder for --out"]))?;
    if let Some(pb) = &bar {
        pb.finish_and_clear();
    }
    let secs = started.elapsed().as_secs_f64();
    let rate = summary.documents as f64 / secs.max(1e-9);
    if a.json {
        let doc = RenderReport {
            command: "render",
            out: &a.out,
            records: outcomes,
            summary: &summary,
        };
        writeln!(stdout.lock(), "{}", serde_json::to_string_pretty(&doc)?)?;
    } else {
        say(&format!(
            "{}: {} rendered, {} rejected; {}, {}; {secs:.1} s, {rate:.0} documents/s; bag {} in {}{}",
            plural(summary.records, "record", "records"),
            summary.rendered,
            summary.rejected,
            plural(summary.documents, "document", "documents"),
            plural(summary.warnings, "warning", "warnings"),
            bag.batch_id,
            a.out.display(),
            if bag.signed { ", signed" } else { "" }
        ));
    }
    Ok(if summary.rejected > 0 { 1 } else { 0 })
}

/// The `render --json` report.
#[derive(serde::Serialize)]
struct RenderReport<'a> {
    command: &'static str,
    out: &'a Path,
    records: Vec<serde_json::Value>,
    summary: &'a smpdoc::batch::Summary,
}

fn check_templates(dir: &Path) -> Result<u8, Fatal> {
    let report = Templates::check(dir).map_err(|e| Fatal::new(e.to_string(), &[]))?;
    let mut out = std::io::stdout().lock();
    for e in &report.errors {
        writeln!(out, "error: {}", escape_controls(e))?;
    }
    for u in &report.unused {
        writeln!(out, "warning: {}", escape_controls(u))?;
    }
    if report.errors.is_empty() {
        say(&format!(
            "{}: the template sets are usable ({} unused message(s))",
            dir.display(),
            report.unused.len()
        ));
        Ok(0)
    } else {
        Ok(2)
    }
}

fn export_templates(dir: &Path, language: Option<&str>) -> Result<u8, Fatal> {
    if let Some(l) = language
        && !smpdoc::template::BUILTIN
            .iter()
            .any(|(n, _)| n.split('/').next() == Some(l))
    {
        return Err(Fatal::new(
            format!("--language {l}: there is no built-in template set in that language"),
            &["the built-in sets are ar, de, en, en-GB, en-US, es, fr, pl, pt, zh-Hans"],
        ));
    }
    let written = smpdoc::template::export(dir, language).map_err(|e| {
        Fatal::new(
            format!("cannot write templates into {}: {e}", dir.display()),
            &["existing files are never overwritten; choose an empty folder"],
        )
    })?;
    let mut out = std::io::stdout().lock();
    for p in written {
        writeln!(
            out,
            "{}",
            escape_controls(&format!("wrote {}", p.display()))
        )?;
    }
    say(&format!(
        "edit them, then render with `smpdoc render ... --templates {}`",
        dir.display()
    ));
    Ok(0)
}

fn keygen(out: &Path, unencrypted: bool) -> Result<u8, Fatal> {
    if !unencrypted && password_unavailable() {
        return Err(Fatal::new(
            "a password is needed to encrypt the secret key, and there is no terminal to ask for it on",
            &[
                "set SMPDOC_KEY_PASSWORD to the password, or use --unencrypted for a key that signs unattended (anyone who can read it can sign)",
            ],
        ));
    }
    let (key, public) = smpdoc::keys::keygen(out, unencrypted).map_err(|e| {
        Fatal::new(
            e.to_string(),
            &["existing key files are never overwritten; choose another NAME"],
        )
    })?;
    let mut o = std::io::stdout().lock();
    writeln!(
        o,
        "{}",
        escape_controls(&format!(
            "wrote {} (secret: keep it safe, never put it in an archive)",
            key.display()
        ))
    )?;
    writeln!(
        o,
        "{}",
        escape_controls(&format!(
            "wrote {} (public: give it to auditors)",
            public.display()
        ))
    )?;
    Ok(0)
}

/// The progress display: on stderr, only when it is a terminal and not silenced.
fn progress_bar(total: Option<u64>, unit: &str, silenced: bool) -> Option<ProgressBar> {
    if silenced || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = match total {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    let template = match total {
        Some(_) => format!(
            "{{spinner}} [{{elapsed_precise}}] {{bar:25}} {{pos}}/{{len}} {unit}  {{msg}}  eta {{eta}}"
        ),
        None => format!("{{spinner}} [{{elapsed_precise}}] {{pos}} {unit}  {{msg}}"),
    };
    if let Ok(style) = ProgressStyle::with_template(&template) {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_draw_target(ProgressDrawTarget::stderr_with_hz(8));
    Some(pb)
}

struct BarProgress(ProgressBar);

impl smpdoc::verify::Progress for BarProgress {
    fn start(&self, total: u64) {
        self.0.set_length(total);
    }
    fn advance(&self) {
        self.0.inc(1);
    }
}

fn verify(
    quiet: bool,
    dir: &Path,
    opts: &smpdoc::verify::Options,
    json: bool,
) -> Result<u8, Fatal> {
    let started = Instant::now();
    let bar = progress_bar(Some(0), "files", quiet || json).map(BarProgress);
    let progress: &dyn smpdoc::verify::Progress = match &bar {
        Some(b) => b,
        None => &smpdoc::verify::Silent,
    };
    let report = smpdoc::verify::verify_with(dir, opts, progress);
    if let Some(b) = &bar {
        b.0.finish_and_clear();
    }
    let report = report.map_err(|e| {
        Fatal::new(
            e.to_string(),
            &["verify DIR takes the archive folder written by `smpdoc render`; --pubkey the clinic's NAME.pub"],
        )
    })?;
    if json {
        writeln!(
            std::io::stdout().lock(),
            "{}",
            serde_json::to_string_pretty(&report)?
        )?;
    } else {
        for p in &report.problems {
            say(&format!(
                "error: {}: {} [{}]",
                p.path,
                p.problem,
                kind_name(p.kind)
            ));
        }
        let mut out = std::io::stdout().lock();
        let status = format!(
            "{}: batch {}, {}, {} checked, signature {}",
            if report.ok {
                "verified"
            } else {
                "NOT VERIFIED"
            },
            report.batch_id.as_deref().unwrap_or("(unknown)"),
            plural(report.payload_files, "payload file", "payload files"),
            plural(report.pdfs_checked, "PDF", "PDFs"),
            report.signature
        );
        writeln!(out, "{}", escape_controls(&status))?;
        let page = if report.page_content_checked && report.pdfs_rerender_differs == 0 {
            format!(
                "page content: {} re-rendered identically",
                plural(report.pdfs_rerendered, "PDF", "PDFs")
            )
        } else if report.page_content_checked {
            format!(
                "page content: {} re-rendered, {} DIFFERENT from a fresh render",
                plural(report.pdfs_rerendered, "PDF", "PDFs"),
                report.pdfs_rerender_differs
            )
        } else {
            format!(
                "page content {}",
                report
                    .page_content_note
                    .as_deref()
                    .unwrap_or("not re-checked")
            )
        };
        writeln!(out, "{}", escape_controls(&page))?;
        if let Some(c) = &report.trusted_comment {
            writeln!(out, "{}", escape_controls(&format!("trusted comment: {c}")))?;
        }
        if !report.ok {
            say(&format!(
                "{} found",
                plural(report.problems.len(), "problem", "problems")
            ));
        }
        let secs = started.elapsed().as_secs_f64();
        say(&format!(
            "checked {} in {secs:.1} s ({:.0} documents/s)",
            plural(report.pdfs_checked, "PDF", "PDFs"),
            report.pdfs_checked as f64 / secs.max(1e-9)
        ));
    }
    Ok(if report.ok { 0 } else { 1 })
}

/// The problem kind's stable name, as `--json` gives it.
fn kind_name(k: smpdoc::verify::ProblemKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// "1 record", "2 records".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
