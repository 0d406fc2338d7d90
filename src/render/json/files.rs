//! `own report files --format json`: every file under coverage and its owner.

use std::io;
use std::io::Write;

use super::ReadFrom;
use crate::report::FileRow;

/// `{"version": 1, "kind": "files", "commit", "dirty", "files": [...]}`, the files written
/// one by one.
pub(crate) fn json(
    rows: &[FileRow<'_>],
    stamp: Option<&crate::workspace::Stamp>,
    out: &mut dyn Write,
) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Files<'r, 'a> {
        #[serde(flatten)]
        read_from: ReadFrom<'r>,
        files: &'r [FileRow<'a>],
    }
    let body = Files {
        read_from: ReadFrom::of(stamp),
        files: rows,
    };
    super::write(out, Some("files"), body)
}
