//! A render batch: inputs in, documents written into the archive, one outcome per record.
//!
//! Records are validated in input order (record_id repeats are judged by that order), then
//! rendered and written. A rejected record, or one whose rendering fails, is reported with
//! its errors and the rest of the batch goes on. Outcomes come out in input order.

use crate::archive::{self, ArchiveError};
use crate::bag::{BagSummary, BagWriter, SignWith};
use crate::context::DocumentKind;
use crate::diag::{Code, Diagnostic, JsonPath};
use crate::fingerprint::sha256;
use crate::input::{Item, Origin};
use crate::render::Renderer;
use crate::validate::{BatchValidator, Checked};
use serde::Serialize;
use std::path::PathBuf;

/// A document written into the archive.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// `consent` or `treatment-record`.
    pub document: &'static str,
    /// Path inside the archive, e.g. `data/<record_id>/consent.pdf`.
    pub path: String,
    /// SHA-256 of the PDF.
    pub sha256: String,
    /// Size of the PDF.
    pub bytes: u64,
    /// Number of pages.
    pub pages: usize,
    /// The template it was filled from (its SHA-256 goes into the audit log).
    #[serde(skip)]
    pub template: String,
}

/// What happened to one input record.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Where it came from.
    pub origin: Origin,
    /// Its record_id, when readable.
    pub record_id: Option<String>,
    /// The record fingerprint, for valid records.
    pub record_sha256: Option<String>,
    /// The documents written (empty when rejected).
    pub documents: Vec<Written>,
    /// Why it was rejected (empty when rendered).
    pub errors: Vec<Diagnostic>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// The clinic's name, for the bag's Source-Organization (not reported per record).
    #[serde(skip)]
    pub clinic: Option<String>,
}

impl Outcome {
    /// Whether the record was rejected.
    pub fn rejected(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// Options of a batch.
#[derive(Debug, Clone)]
pub struct Options {
    /// The archive folder.
    pub out: PathBuf,
    /// Only this kind of document.
    pub only: Option<DocumentKind>,
    /// Worker threads.
    pub jobs: usize,
}

/// Totals of a batch.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Records read.
    pub records: usize,
    /// Records rendered.
    pub rendered: usize,
    /// Records rejected.
    pub rejected: usize,
    /// Documents written.
    pub documents: usize,
    /// Warnings.
    pub warnings: usize,
}

/// Renders a batch into a new bag at `opts.out` (which must not exist or be empty),
/// calling `each` with every record's outcome in input order.
///
/// Records stream through four stages (see [`pipeline`]): read in order (this thread),
/// checked in parallel, checked for repeated record_ids in input order (this thread),
/// rendered and written in parallel, then added to the bag and reported in input order
/// (this thread). The serial stages run while the threads render, so that no thread waits
/// for a chunk's last record or for the bag. At most two chunks' worth of records (128 a
/// thread) are between reading and the bag, so memory does not grow with the batch; the
/// output does not depend on the number of threads or on which finishes first. An error
/// writing the archive stops the batch: no record is started after it, and the records
/// being rendered finish (their files appear whole, under their final names, or not at
/// all) before it is returned.
#[allow(clippy::too_many_arguments)]
pub fn run(
    items: impl Iterator<Item = Item>,
    validator: &mut BatchValidator,
    renderer: &Renderer,
    opts: &Options,
    sign: Option<&SignWith>,
    bagging_date: &str,
    mut each: impl FnMut(&Outcome),
) -> Result<(Summary, BagSummary), ArchiveError> {
    archive::create_dir(&opts.out)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| ArchiveError::Io {
            path: opts.out.display().to_string(),
            source: std::io::Error::other(e),
        })?;
    let mut bag = BagWriter::new(&opts.out)?;
    let templates = renderer.templates().sources();
    let mut summary = Summary::default();
    let window = opts.jobs.max(1) * CHUNK * 2;
    {
        // Checking needs the validator shared, the repeats need it alone: the policy is
        // all the first needs.
        let alone = BatchValidator::new(validator.policy());
        pipeline(
            &pool,
            items,
            window,
            |item| alone.check_alone(item),
            |c| validator.dedupe(c),
            |c| render_one(c, renderer, opts),
            |outcome: Result<Outcome, ArchiveError>| {
                let outcome = outcome?;
                summary.records += 1;
                summary.warnings += outcome.warnings.len();
                if outcome.rejected() {
                    summary.rejected += 1;
                } else {
                    summary.rendered += 1;
                    summary.documents += outcome.documents.len();
                }
                bag.add(&outcome, outcome.clinic.as_deref(), templates)?;
                each(&outcome);
                Ok(())
            },
        )?;
    }
    archive::sync_all_files(&opts.out)?;
    let bag_summary = bag.finish(
        &summary,
        templates,
        bagging_date,
        renderer.paper_setting(),
        validator.policy(),
        sign,
    )?;
    Ok((summary, bag_summary))
}

/// Records a thread has in a chunk: [`run`] keeps at most two chunks a thread in flight.
pub const CHUNK: usize = 64;

/// What a job of [`pipeline`] sends back: its item's position and result, or its panic.
enum Done<A, C> {
    Checked(usize, A),
    Worked(usize, C),
    Panicked(Box<dyn std::any::Any + Send>),
}

/// Runs each item through `check` (in parallel on `pool`), `order` (on this thread, in
/// input order), `work` (in parallel) and `sink` (on this thread, in input order), with
/// at most `window` items between being read and being sunk. The serial stages run
/// while the pool works, and the pool never waits for a slow item unless `window` items
/// wait behind it.
///
/// The first error of `sink` stops the pipeline: no item is read, checked or worked on
/// after it (jobs already queued return without running `check` or `work`), and it is
/// returned once every job has finished. A panic in a job stops the pipeline the same way
/// and is resumed here.
pub fn pipeline<I, A, B, C, E>(
    pool: &rayon::ThreadPool,
    items: impl Iterator<Item = I>,
    window: usize,
    check: impl Fn(I) -> A + Sync,
    mut order: impl FnMut(A) -> B,
    work: impl Fn(B) -> C + Sync,
    mut sink: impl FnMut(C) -> Result<(), E>,
) -> Result<(), E>
where
    I: Send,
    A: Send,
    B: Send,
    C: Send,
{
    use std::collections::VecDeque;
    use std::panic::resume_unwind;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc;

    let window = window.max(1);
    let stop = AtomicBool::new(false);
    let (check, work, stop) = (&check, &work, &stop);
    // Stops the jobs still queued when this thread leaves the scope early (an error or a
    // panic here), before the scope waits for them.
    struct StopOnExit<'a>(&'a AtomicBool);
    impl Drop for StopOnExit<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }
    pool.in_place_scope(|s| {
        let _stop_on_exit = StopOnExit(stop);
        let (tx, rx) = mpsc::channel::<Done<A, C>>();
        let mut items = items.fuse();
        let mut exhausted = false;
        // Items read so far; the first not through `order`; the first not sunk.
        let (mut read, mut ordered, mut sunk) = (0usize, 0usize, 0usize);
        // Results waiting for their turn, by position from `ordered` and from `sunk`.
        let mut checked: VecDeque<Option<A>> = VecDeque::new();
        let mut worked: VecDeque<Option<C>> = VecDeque::new();
        loop {
            while !exhausted && read - sunk < window {
                match items.next() {
                    Some(item) => {
                        let i = read;
                        spawn(s, stop, tx.clone(), move || Done::Checked(i, check(item)));
                        read += 1;
                    }
                    None => exhausted = true,
                }
            }
            if exhausted && sunk == read {
                return Ok(());
            }
            // This thread holds a sender, so the channel stays open; every job in flight
            // sends exactly once (the pipeline has not stopped).
            let mut next = rx.recv().ok();
            while let Some(done) = next {
                match done {
                    Done::Checked(i, a) => put(&mut checked, i - ordered, a),
                    Done::Worked(i, c) => put(&mut worked, i - sunk, c),
                    Done::Panicked(p) => {
                        stop.store(true, Ordering::SeqCst);
                        resume_unwind(p);
                    }
                }
                next = rx.try_recv().ok();
            }
            while let Some(Some(a)) = checked.front_mut().map(Option::take) {
                checked.pop_front();
                let b = order(a);
                let i = ordered;
                spawn(s, stop, tx.clone(), move || Done::Worked(i, work(b)));
                ordered += 1;
            }
            while let Some(Some(c)) = worked.front_mut().map(Option::take) {
                worked.pop_front();
                sunk += 1;
                sink(c)?;
            }
        }
    })
}

/// Spawns a job of [`pipeline`]: `f` runs unless the pipeline has stopped, and its result
/// or its panic is sent back.
fn spawn<'scope, A: Send + 'scope, C: Send + 'scope>(
    s: &rayon::Scope<'scope>,
    stop: &'scope std::sync::atomic::AtomicBool,
    tx: std::sync::mpsc::Sender<Done<A, C>>,
    f: impl FnOnce() -> Done<A, C> + Send + 'scope,
) {
    s.spawn(move |_| {
        if stop.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
            .unwrap_or_else(Done::Panicked);
        // The receiver is gone only when the pipeline has stopped.
        let _ = tx.send(done);
    });
}

/// Puts `v` at position `at` of a reorder buffer.
fn put<T>(buf: &mut std::collections::VecDeque<Option<T>>, at: usize, v: T) {
    if buf.len() <= at {
        buf.resize_with(at + 1, || None);
    }
    buf[at] = Some(v);
}

/// Renders and writes one checked record's documents.
fn render_one(c: Checked, renderer: &Renderer, opts: &Options) -> Result<Outcome, ArchiveError> {
    let v = match c {
        Checked::Rejected(r) => {
            return Ok(Outcome {
                origin: r.origin,
                record_id: r.record_id,
                record_sha256: None,
                documents: Vec::new(),
                errors: r.errors,
                warnings: r.warnings,
                clinic: None,
            });
        }
        Checked::Valid(v) => v,
    };
    let id = v.record.record_id.clone();
    let kinds = Renderer::kinds_for(&v, opts.only);
    let mut outcome = Outcome {
        origin: v.origin.clone(),
        record_id: Some(id.clone()),
        record_sha256: Some(v.fingerprint.to_hex()),
        documents: Vec::new(),
        errors: Vec::new(),
        warnings: v.warnings.clone(),
        clinic: Some(v.record.clinic.name.clone()),
    };
    match renderer.render(&v, &kinds) {
        Ok(docs) => {
            for d in docs {
                let rel = format!("data/{id}/{}", d.kind.file_name());
                archive::write_new_unsynced(&opts.out.join(&rel), &d.bytes)?;
                outcome.warnings.extend(d.warnings);
                outcome.documents.push(Written {
                    document: d.kind.name(),
                    path: rel,
                    sha256: sha256(&d.bytes).to_hex(),
                    bytes: d.bytes.len() as u64,
                    pages: d.pages,
                    template: d.template,
                });
            }
        }
        Err(crate::render::RenderError::Language(d)) => outcome.errors.push(d),
        Err(e) => outcome.errors.push(
            Diagnostic::new(Code::Template, JsonPath::root(), e.to_string())
                .hint("fix the template (see `smpdoc templates export`)"),
        ),
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    /// Some work whose length varies from item to item, so that items finish out of order.
    fn spin(i: usize) -> usize {
        let mut x = i as u64;
        for _ in 0..(i * 7919 % 97) * 200 {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
        i + (x == u64::MAX) as usize
    }

    #[test]
    fn serial_stages_see_every_item_in_order_within_the_window() {
        for threads in [1, 2, 4] {
            let read = AtomicUsize::new(0);
            let mut ordered = Vec::new();
            let mut sunk = Vec::new();
            let mut most_in_flight = 0;
            let window = 16;
            let r: Result<(), ()> = pipeline(
                &pool(threads),
                (0..500).inspect(|_| {
                    read.fetch_add(1, Ordering::SeqCst);
                }),
                window,
                spin,
                |a| {
                    ordered.push(a);
                    a * 2
                },
                |b| spin(b / 2) * 3,
                |c| {
                    most_in_flight = most_in_flight.max(read.load(Ordering::SeqCst) - sunk.len());
                    sunk.push(c / 3);
                    Ok(())
                },
            );
            assert!(r.is_ok());
            let all: Vec<usize> = (0..500).collect();
            assert_eq!(ordered, all, "{threads} threads");
            assert_eq!(sunk, all, "{threads} threads");
            assert!(most_in_flight <= window, "{most_in_flight} in flight");
        }
    }

    #[test]
    fn an_error_stops_the_pipeline_after_the_jobs_in_flight_have_finished() {
        for threads in [1, 3] {
            let running = AtomicUsize::new(0);
            let worked = Mutex::new(Vec::new());
            let mut sunk = 0;
            let window = 8;
            let r = pipeline(
                &pool(threads),
                0..1000usize,
                window,
                spin,
                |a| a,
                |b| {
                    running.fetch_add(1, Ordering::SeqCst);
                    let c = spin(b);
                    std::thread::sleep(std::time::Duration::from_micros(200));
                    worked.lock().unwrap().push(c);
                    running.fetch_sub(1, Ordering::SeqCst);
                    c
                },
                |c| {
                    sunk += 1;
                    if c == 100 { Err(c) } else { Ok(()) }
                },
            );
            assert_eq!(r, Err(100));
            assert_eq!(sunk, 101, "nothing is sunk after the error");
            assert_eq!(
                running.load(Ordering::SeqCst),
                0,
                "a job outlived the pipeline"
            );
            let worked = worked.into_inner().unwrap();
            assert!(
                worked.iter().all(|&c| c < 101 + window),
                "work started after the error: {worked:?}"
            );
        }
    }

    #[test]
    fn a_panic_in_a_job_reaches_the_caller_and_stops_the_rest() {
        let started = AtomicUsize::new(0);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pipeline(
                &pool(2),
                0..1000usize,
                8,
                |a| a,
                |a| a,
                |b| {
                    started.fetch_add(1, Ordering::SeqCst);
                    assert!(b != 50, "job 50 fails");
                    spin(b)
                },
                |_| Ok::<(), ()>(()),
            )
        }));
        assert!(r.is_err());
        assert!(started.load(Ordering::SeqCst) < 50 + 8 + 1);
    }
}
