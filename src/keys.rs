//! minisign keys: creating a key pair, and loading a secret key to sign a bag.
//!
//! The secret key's password comes from `SMPDOC_KEY_PASSWORD` or, when that is unset, from
//! minisign's own prompt on the terminal. A key stored with `--unencrypted` needs none.

use minisign::{KeyPair, SecretKey, SecretKeyBox};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A key that cannot be made or used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// A file problem.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The key is encrypted, `SMPDOC_KEY_PASSWORD` is unset and there is no terminal to
    /// ask for the password on.
    #[error(
        "{path}: the key is encrypted and a password is needed: SMPDOC_KEY_PASSWORD is not set and there is no terminal to ask on"
    )]
    NoPassword {
        /// The key file.
        path: String,
    },
    /// minisign refused (bad format, wrong password).
    #[error("{path}: {message}")]
    Minisign {
        /// The file.
        path: String,
        /// minisign's message.
        message: String,
    },
}

fn password_from_env() -> Option<String> {
    std::env::var("SMPDOC_KEY_PASSWORD").ok()
}

/// Whether minisign can prompt for a password: it reads it from the controlling terminal.
/// Platform call: on Unix, opening `/dev/tty` (what minisign opens; without a controlling
/// terminal it fails with ENXIO, "No such device or address"); elsewhere, whether standard
/// input is a terminal.
pub fn can_prompt() -> bool {
    #[cfg(unix)]
    {
        std::fs::File::open("/dev/tty").is_ok()
    }
    #[cfg(not(unix))]
    {
        use std::io::IsTerminal;
        std::io::stdin().is_terminal()
    }
}

fn with_ext(name: &Path, ext: &str) -> PathBuf {
    let mut s = name.as_os_str().to_owned();
    s.push(ext);
    PathBuf::from(s)
}

/// Creates `NAME.key` and `NAME.pub`, refusing to overwrite either.
pub fn keygen(name: &Path, unencrypted: bool) -> Result<(PathBuf, PathBuf), KeyError> {
    let key_path = with_ext(name, ".key");
    let pub_path = with_ext(name, ".pub");
    for p in [&key_path, &pub_path] {
        if p.exists() {
            return Err(KeyError::Io {
                path: p.display().to_string(),
                source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "file exists"),
            });
        }
    }
    let mm = |message: minisign::PError| KeyError::Minisign {
        path: key_path.display().to_string(),
        message: message.to_string(),
    };
    let kp = if unencrypted {
        KeyPair::generate_unencrypted_keypair().map_err(mm)?
    } else {
        KeyPair::generate_encrypted_keypair(password_from_env()).map_err(mm)?
    };
    let sk_text = kp
        .sk
        .to_box(Some("smpdoc secret key"))
        .map_err(mm)?
        .into_string();
    let pk_text = kp.pk.to_box().map_err(mm)?.into_string();
    write_private(&key_path, sk_text.as_bytes())?;
    crate::archive::write_new(&pub_path, pk_text.as_bytes()).map_err(|e| KeyError::Io {
        path: pub_path.display().to_string(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok((key_path, pub_path))
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), KeyError> {
    let io = |source| KeyError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)
}

/// Loads a secret key, decrypting it when it is encrypted.
pub fn load_secret_key(path: &Path) -> Result<SecretKey, KeyError> {
    let text = std::fs::read_to_string(path).map_err(|source| KeyError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let mm = |message: minisign::PError| KeyError::Minisign {
        path: path.display().to_string(),
        message: message.to_string(),
    };
    let boxed = SecretKeyBox::from_string(&text).map_err(mm)?;
    match SecretKey::from_unencrypted_box(boxed.clone()) {
        Ok(sk) if !sk.is_encrypted() => Ok(sk),
        _ => {
            let password = password_from_env();
            if password.is_none() && !can_prompt() {
                return Err(KeyError::NoPassword {
                    path: path.display().to_string(),
                });
            }
            SecretKey::from_box(boxed, password).map_err(mm)
        }
    }
}

/// Loads a public key.
pub fn load_public_key(path: &Path) -> Result<minisign::PublicKey, KeyError> {
    minisign::PublicKey::from_file(path).map_err(|e| KeyError::Minisign {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}
