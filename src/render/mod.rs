//! Everything that reaches stdout (and the error report on stderr) is formatted here.
//!
//! Renderers write to an [`Output`], which buffers stdout and turns a closed pipe
//! (`own report matrix | head -1`) into a quiet end instead of an error (the exit code
//! stays the one the work earned).

pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod edit;
pub(crate) mod error;
pub(crate) mod files;
pub(crate) mod html;
pub(crate) mod import;
pub(crate) mod json;
pub(crate) mod log;
pub(crate) mod report;
pub(crate) mod rules;
pub(crate) mod snippet;
pub(crate) mod text;
pub(crate) mod who;
pub(crate) mod written;

use std::io::{self, BufWriter, Write};

/// Buffered stdout that remembers a broken pipe.
pub(crate) struct Output {
    writer: Box<dyn Write>,
    pub(crate) color: bool,
    broken: bool,
}

impl Output {
    pub(crate) fn stdout(color: bool) -> Output {
        Output {
            writer: Box::new(BufWriter::with_capacity(64 * 1024, io::stdout())),
            color,
            broken: false,
        }
    }

    #[cfg(any(test, feature = "fuzzing"))]
    /// Output into any writer (the fuzz targets render into a sink).
    pub(crate) fn to_writer(writer: Box<dyn Write>, color: bool) -> Output {
        Output {
            writer,
            color,
            broken: false,
        }
    }

    /// Whether the reader went away; later writes are dropped.
    pub(crate) fn is_broken(&self) -> bool {
        self.broken
    }

    /// Flush and return the exit code. A reader that went away (`| head -1`) changes
    /// nothing: the code is the one the work earned, so `set -o pipefail` still sees a
    /// failing gate. A write that fails otherwise (a full disk) is exit 2 with a message.
    pub(crate) fn finish(mut self, code: u8) -> u8 {
        match self.flush() {
            Ok(()) => code,
            Err(e) => {
                let error = write_error(e);
                let _ = writeln!(io::stderr(), "own: error[{}] {error}", error.code());
                crate::EXIT_ERROR
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.broken {
            return Ok(buf.len());
        }
        match self.writer.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.broken = true;
                Ok(buf.len())
            }
            other => other,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.broken {
            return Ok(());
        }
        match self.writer.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.broken = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// Map a failed write to stdout to an error, unless it was a closed pipe.
pub(crate) fn write_error(e: io::Error) -> crate::Error {
    crate::Error::Write {
        path: "stdout".into(),
        source: e,
    }
}

/// Write a file atomically: to a temporary file in the same folder, then renamed over the
/// target, so readers never see half a file.
pub(crate) fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> crate::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`], with the content streamed by `fill` (a large report never sits in
/// memory whole).
pub(crate) fn write_atomic_with(
    path: &std::path::Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> crate::Result<()> {
    let error = |source| crate::Error::Write {
        path: path.display().to_string(),
        source,
    };
    refuse_special(path).map_err(error)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    // A temporary file is private (0600); the result should look like any file the user
    // writes (0666 less the umask) or keep the mode of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let temp = builder.tempfile_in(dir).map_err(|e| {
        // tempfile names its random file in the message; say what matters instead.
        let message = match e.kind() {
            io::ErrorKind::NotFound => "the folder does not exist".to_owned(),
            io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => e.kind().to_string(),
        };
        error(io::Error::new(e.kind(), message))
    })?;
    let mut writer = BufWriter::with_capacity(64 * 1024, temp);
    fill(&mut writer).map_err(error)?;
    let temp = writer.into_inner().map_err(|e| error(e.into_error()))?;
    temp.as_file().sync_all().map_err(error)?;
    temp.persist(path).map_err(|e| error(e.error))?;
    Ok(())
}

/// `own` writes a new path or replaces a regular file, nothing else: renaming over a
/// device, a FIFO or a folder would destroy it (as root, `-o /dev/null` would replace
/// `/dev/null`), and replacing a symbolic link silently is not what its owner meant.
fn refuse_special(path: &std::path::Path) -> io::Result<()> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_symlink() {
        "is a symbolic link; own does not write through or over links (name the target, or remove the link)"
    } else if kind.is_dir() {
        "is a folder"
    } else {
        "is not a regular file (a device, a FIFO or a socket); own only writes regular files"
    };
    Err(io::Error::new(io::ErrorKind::InvalidInput, what))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn atomic_writes_get_the_mode_of_an_ordinary_file() {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // What the umask makes of a new file, and of one created 0640.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, "x").unwrap();
        let narrow = dir.path().join("narrow");
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o640)
            .open(&narrow)
            .unwrap();

        let new = dir.path().join("new");
        write_atomic(&new, b"new").unwrap();
        assert_eq!(mode(&new), mode(&plain));
        let replaced = dir.path().join("replaced");
        std::fs::copy(&narrow, &replaced).unwrap();
        std::fs::set_permissions(&replaced, std::fs::Permissions::from_mode(mode(&narrow)))
            .unwrap();
        write_atomic(&replaced, b"replaced").unwrap();
        assert_eq!(mode(&replaced), mode(&narrow));
        assert_eq!(std::fs::read(&replaced).unwrap(), b"replaced");

        let missing = dir.path().join("no/such/folder/file");
        let err = write_atomic(&missing, b"x").unwrap_err().to_string();
        assert!(err.ends_with("the folder does not exist"), "{err}");
    }
}
