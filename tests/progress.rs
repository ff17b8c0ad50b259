//! The progress display: drawn on a terminal, never into a pipe or with --quiet.

use std::path::Path;
use std::process::Command;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_smpdoc")
}

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/valid"))
}

/// Runs a shell command line on a pseudo-terminal with `script` (util-linux) and returns what
/// the terminal received.
fn on_a_terminal(command: &str) -> String {
    let out = Command::new("script")
        .args(["-q", "-e", "-c", command, "/dev/null"])
        .output()
        .expect("script (util-linux, Debian package bsdutils) is needed: .ci/run installs it");
    assert!(out.status.success(), "{command}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn progress_is_drawn_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bag");
    let screen = on_a_terminal(&format!(
        "{} render {} --out {} > /dev/null",
        bin(),
        fixtures().display(),
        out.display()
    ));
    assert!(
        screen.contains("/23 records"),
        "no progress bar: {screen:?}"
    );
    assert!(screen.contains("documents/s"), "{screen:?}");
    // The one-line summary stays after the bar is cleared.
    assert!(
        screen.contains("23 records: 23 rendered, 0 rejected"),
        "{screen:?}"
    );
}

#[test]
fn quiet_draws_no_progress_even_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bag");
    let screen = on_a_terminal(&format!(
        "{} render {} --out {} --quiet > /dev/null",
        bin(),
        fixtures().display(),
        out.display()
    ));
    assert!(!screen.contains("/23 records"), "{screen:?}");
    assert!(screen.contains("23 records: 23 rendered"), "{screen:?}");
}

#[test]
fn no_progress_in_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(bin())
        .arg("render")
        .arg(fixtures())
        .arg("--out")
        .arg(dir.path().join("bag"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains('\r') && !err.contains("\x1b["), "{err:?}");
    assert!(!err.contains("/23 records"), "{err:?}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("23 records:")).count(),
        1,
        "{err}"
    );
}

#[test]
fn verify_shows_progress_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let bag = dir.path().join("bag");
    let st = Command::new(bin())
        .arg("render")
        .arg(fixtures())
        .arg("--out")
        .arg(&bag)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(st.status.success());
    let screen = on_a_terminal(&format!("{} verify {}", bin(), bag.display()));
    // 43 PDFs: each hashed, then each checked (that the steps reach the total is
    // `verify_progress_reaches_its_total`).
    assert!(screen.contains("/86 files"), "no progress bar: {screen:?}");
    assert!(screen.contains("verified"), "{screen:?}");
    let piped = Command::new(bin())
        .arg("verify")
        .arg(&bag)
        .output()
        .unwrap();
    assert!(piped.status.success());
    assert!(!String::from_utf8_lossy(&piped.stderr).contains('\r'));
}

/// Counts what verify tells its progress display.
#[derive(Default)]
struct Count {
    total: std::sync::atomic::AtomicU64,
    done: std::sync::atomic::AtomicU64,
}

impl smpdoc::verify::Progress for Count {
    fn start(&self, total: u64) {
        self.total.store(total, std::sync::atomic::Ordering::SeqCst);
    }
    fn advance(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn verify_progress_reaches_its_total() {
    let dir = tempfile::tempdir().unwrap();
    let bag = dir.path().join("bag");
    let st = Command::new(bin())
        .arg("render")
        .arg(fixtures())
        .arg("--out")
        .arg(&bag)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(st.status.success());
    let count = Count::default();
    let opts = smpdoc::verify::Options {
        rerender: smpdoc::verify::Rerender::Never,
        ..Default::default()
    };
    let report = smpdoc::verify::verify_with(&bag, &opts, &count).unwrap();
    assert!(report.ok, "{report:?}");
    let total = count.total.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(total, 86);
    assert_eq!(
        count.done.load(std::sync::atomic::Ordering::SeqCst),
        total,
        "the bar stops short of its total"
    );
}
