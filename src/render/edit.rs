//! What the edit commands say: what was changed and in which files, or with `--dry-run` the
//! unified diff of each file.

use std::io::{self, Write};

use crate::edit::FileChange;

/// The change was written: one line per thing done, then the files.
pub(crate) fn done(done: &[String], changes: &[FileChange], out: &mut dyn Write) -> io::Result<()> {
    for line in done {
        writeln!(out, "{line}")?;
    }
    for change in changes {
        writeln!(out, "wrote {}", change.name)?;
    }
    Ok(())
}

/// `--dry-run`: the unified diff of every file the change would write.
pub(crate) fn diff(changes: &[FileChange], out: &mut dyn Write) -> io::Result<()> {
    for change in changes {
        let diff = similar::TextDiff::from_lines(&change.before, &change.after);
        write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("a/{}", change.name), &format!("b/{}", change.name))
        )?;
    }
    Ok(())
}
