//! Writing the archive: its folder, and files that appear under their final name only when
//! complete.
//!
//! Invariants: an existing non-empty folder is never written into (an archive is never
//! overwritten); every file is written under a temporary name in the same folder and
//! renamed when complete, so an interrupted run leaves no half-written file behind a final
//! name. Payload files are not synced one by one (an fsync per PDF cost more than the
//! rendering); `sync_all_files` flushes the whole file system once before the bag's tag
//! files are written, so a bag that validates is on disk in full.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A problem writing the archive.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The output folder exists and holds files.
    #[error("{0} exists and is not empty: an archive is never overwritten")]
    NotEmpty(String),
    /// A file system operation failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ArchiveError + '_ {
    move |source| ArchiveError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Creates the archive folder, refusing one that exists and is not empty.
pub fn create_dir(dir: &Path) -> Result<(), ArchiveError> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(ArchiveError::NotEmpty(dir.display().to_string()));
        }
    }
    fs::create_dir_all(dir).map_err(io(dir))
}

/// Writes `bytes` to `path` atomically (a temporary sibling, then a rename), synced to disk.
/// Refuses to replace an existing file.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ArchiveError> {
    write_new_inner(path, bytes, true)
}

/// As `write_new`, without the per-file sync: for payload files, which `sync_all_files`
/// flushes together.
pub fn write_new_unsynced(path: &Path, bytes: &[u8]) -> Result<(), ArchiveError> {
    write_new_inner(path, bytes, false)
}

/// Flushes every file written so far on the file system holding `dir`.
///
/// Platform call: Linux has `syncfs(2)`, one call for the whole file system. Elsewhere
/// (macOS, Windows, the BSDs) the fallback `sync_each_file` syncs every file below `dir`,
/// then the folders (where the platform can open them), which is what the one call does for
/// our files.
pub fn sync_all_files(dir: &Path) -> Result<(), ArchiveError> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let f = File::open(dir).map_err(io(dir))?;
        rustix::fs::syncfs(&f).map_err(|e| ArchiveError::Io {
            path: dir.display().to_string(),
            source: e.into(),
        })
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        sync_each_file(dir)
    }
}

/// The portable fallback of `sync_all_files`: `fsync` each file below `dir`, then each
/// folder where the platform lets a folder be opened (not Windows). Public so that the
/// Linux tests exercise the path other platforms take.
pub fn sync_each_file(dir: &Path) -> Result<(), ArchiveError> {
    for entry in walkdir::WalkDir::new(dir).contents_first(true) {
        let e = entry.map_err(|e| ArchiveError::Io {
            path: dir.display().to_string(),
            source: e.into(),
        })?;
        if e.file_type().is_file() {
            File::open(e.path())
                .and_then(|f| f.sync_all())
                .map_err(io(e.path()))?;
        } else if e.file_type().is_dir() && cfg!(unix) {
            File::open(e.path())
                .and_then(|f| f.sync_all())
                .map_err(io(e.path()))?;
        }
    }
    Ok(())
}

fn write_new_inner(path: &Path, bytes: &[u8], sync: bool) -> Result<(), ArchiveError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io(parent))?;
    }
    if path.exists() {
        return Err(ArchiveError::Io {
            path: path.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "file exists"),
        });
    }
    let tmp = temp_name(path);
    let mut f: File = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(io(&tmp))?;
    f.write_all(bytes).map_err(io(&tmp))?;
    if sync {
        f.sync_all().map_err(io(&tmp))?;
    }
    drop(f);
    fs::rename(&tmp, path).map_err(io(path))
}

/// The temporary name a file is written under: hidden, marked as partial.
pub fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_non_empty_folder_and_an_existing_file() {
        let d = tempfile::tempdir().unwrap();
        create_dir(d.path()).unwrap();
        let f = d.path().join("a/b.pdf");
        write_new(&f, b"x").unwrap();
        assert_eq!(fs::read(&f).unwrap(), b"x");
        assert!(write_new(&f, b"y").is_err());
        assert!(matches!(
            create_dir(d.path()),
            Err(ArchiveError::NotEmpty(_))
        ));
        assert!(!temp_name(&f).exists());
    }

    #[test]
    fn the_portable_sync_fallback_syncs_every_file() {
        let d = tempfile::tempdir().unwrap();
        write_new_unsynced(&d.path().join("data/x/a.pdf"), b"a").unwrap();
        write_new_unsynced(&d.path().join("b.txt"), b"b").unwrap();
        sync_each_file(d.path()).unwrap();
        sync_all_files(d.path()).unwrap();
        assert!(sync_each_file(&d.path().join("missing")).is_err());
    }
}
