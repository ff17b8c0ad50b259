//! Reading files that someone else controls (an archive under audit, the image files a
//! record names) without being made to wait forever or read without end.
//!
//! Invariants: only regular files are read (a FIFO, a device such as `/dev/zero`, a socket
//! or, where asked, a symbolic link is refused before a byte is read), opening never blocks
//! (on Unix the file is opened non-blocking, so a FIFO cannot hold `open` until a writer
//! comes), and a size limit is enforced while reading, not trusted from the metadata.
//!
//! Platform calls: on Unix, `O_NONBLOCK` and `O_NOFOLLOW` through
//! `std::os::unix::fs::OpenOptionsExt::custom_flags`. Elsewhere the fallback checks the
//! type with `symlink_metadata` before opening and with the open handle's metadata after
//! (a file swapped in between is still caught by the second check; a FIFO cannot be
//! created on Windows by an ordinary user).

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The path is a symbolic link and links were refused.
    #[error("it is a symbolic link")]
    Symlink,
    /// The path is not a regular file (a folder, FIFO, device or socket).
    #[error("it is not a regular file (a folder, FIFO, device or socket)")]
    NotRegular,
    /// The file is larger than the limit.
    #[error("it is larger than {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
}

/// Whether symbolic links may be followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Refuse a path whose last component is a symbolic link.
    Refuse,
    /// Follow symbolic links (the target must still be a regular file).
    Follow,
}

/// Opens a regular file for reading without blocking on a FIFO.
pub fn open_regular(path: &Path, links: Links) -> Result<File, ReadError> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() && links == Links::Refuse {
        return Err(ReadError::Symlink);
    }
    let f = open_nonblocking(path, links)?;
    // The handle's own metadata: what was opened, whatever the path names now.
    if !f.metadata()?.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok(f)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path, links: Links) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = libc::O_NONBLOCK;
    if links == Links::Refuse {
        flags |= libc::O_NOFOLLOW;
    }
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path, _links: Links) -> std::io::Result<File> {
    portable_open(path)
}

/// The fallback used where there is no non-blocking open: check the type first, then open.
/// Public so that the Linux tests exercise the path other platforms take.
pub fn portable_open(path: &Path) -> std::io::Result<File> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    File::open(path)
}

/// Reads a whole regular file of at most `limit` bytes; the limit holds however the file
/// grows while it is read.
pub fn read_limited(path: &Path, links: Links, limit: u64) -> Result<Vec<u8>, ReadError> {
    let f = open_regular(path, links)?;
    // The size the file has now, as a hint only: the limit is enforced on what is read.
    let hint = f.metadata().map(|m| m.len()).unwrap_or(0).min(limit);
    let mut out = Vec::with_capacity(usize::try_from(hint).unwrap_or(0).saturating_add(1));
    f.take(limit.saturating_add(1)).read_to_end(&mut out)?;
    if out.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(out)
}

/// Reads at most `limit` bytes from `r`, failing when there are more.
pub fn read_to_limit(r: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::new();
    r.take(limit.saturating_add(1)).read_to_end(&mut out)?;
    if out.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_fifos_devices_links_and_large_files() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("a");
        std::fs::write(&f, b"12345").unwrap();
        assert_eq!(read_limited(&f, Links::Refuse, 5).unwrap(), b"12345");
        assert!(matches!(
            read_limited(&f, Links::Refuse, 4),
            Err(ReadError::TooLarge { limit: 4 })
        ));
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), Links::Follow, 10),
            Err(ReadError::NotRegular)
        ));
        #[cfg(unix)]
        {
            let l = d.path().join("l");
            std::os::unix::fs::symlink(&f, &l).unwrap();
            assert!(matches!(
                read_limited(&l, Links::Refuse, 10),
                Err(ReadError::Symlink)
            ));
            assert_eq!(read_limited(&l, Links::Follow, 10).unwrap(), b"12345");
            let fifo = d.path().join("fifo");
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            // SAFETY: mkfifo with a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            assert!(matches!(
                read_limited(&fifo, Links::Follow, 10),
                Err(ReadError::NotRegular)
            ));
            // The fallback other platforms use refuses it too, before opening.
            assert!(portable_open(&fifo).is_err());
        }
        assert!(portable_open(Path::new("/dev/zero")).is_err());
        assert!(portable_open(&f).is_ok());
    }
}
