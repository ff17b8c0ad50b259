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
        screen.contains("/21 records"),
        "no progress bar: {screen:?}"
    );
    assert!(screen.contains("documents/s"), "{screen:?}");
    // The one-line summary stays after the bar is cleared.
    assert!(
        screen.contains("21 records: 21 rendered, 0 rejected"),
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
    assert!(!screen.contains("/21 records"), "{screen:?}");
    assert!(screen.contains("21 records: 21 rendered"), "{screen:?}");
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
    assert!(!err.contains("/21 records"), "{err:?}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("21 records:")).count(),
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
    // 31 PDFs: each hashed, then each checked.
    assert!(screen.contains("/78 files"), "no progress bar: {screen:?}");
    assert!(screen.contains("verified"), "{screen:?}");
    let piped = Command::new(bin())
        .arg("verify")
        .arg(&bag)
        .output()
        .unwrap();
    assert!(piped.status.success());
    assert!(!String::from_utf8_lossy(&piped.stderr).contains('\r'));
}
