//! Everything that reaches stdout (and the error report on stderr) is formatted here.
//!
//! Renderers write to an [`Output`], which buffers stdout and turns a closed pipe
//! (`own report matrix | head -1`) into a quiet end instead of an error.

pub(crate) mod check;
pub(crate) mod error;
pub(crate) mod snippet;

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

    /// Flush and return the exit code (0 when the reader went away: nothing is wrong).
    pub(crate) fn finish(mut self, code: u8) -> u8 {
        let _ = self.flush();
        if self.broken { crate::EXIT_OK } else { code }
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
    let error = |source| crate::Error::Write {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(error)?;
    temp.write_all(bytes).map_err(error)?;
    temp.as_file().sync_all().map_err(error)?;
    temp.persist(path).map_err(|e| error(e.error))?;
    Ok(())
}
