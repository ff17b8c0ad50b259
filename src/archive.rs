//! Writing the archive: its folder, and files that appear under their final name only when
//! complete.
//!
//! Invariants: an existing non-empty folder is never written into (an archive is never
//! overwritten); every file is written under a temporary name in the same folder, synced,
//! and renamed, so an interrupted run leaves no half-written file behind a final name.

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

/// Writes `bytes` to `path` atomically: a temporary sibling, synced, then renamed. Refuses
/// to replace an existing file.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ArchiveError> {
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
    f.sync_all().map_err(io(&tmp))?;
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
}
