//! The routine edits (`own review`, `own handoff`, `own ack`, `own delegation done`) as one
//! mechanism: each command says what to change where an item is defined; the [`Editor`]
//! changes those bytes only (through `yaml::edit`), loads and judges the edited organisation
//! exactly as `own check` would, checks that it reads back as intended, and only then hands
//! back the new texts to write (or to show as a diff for `--dry-run`).
//!
//! An edit is refused, with the reason and nothing written, when the file on disk is not the
//! text that was read, when the item is not written where it can be edited (an alias), when
//! the result would not parse or load, when it would add a deny-level finding (the finding
//! is the reason: a handoff that overlaps another, to someone away, of duties not held), or
//! when it does not read back as the value asked for.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Located, Result};
use crate::evaluation::{Evaluation, Trace};
use crate::files::{Overlay, Tree};
use crate::load::{self, Loaded};
use crate::model::{Date, Moment, Org};
use crate::rules::{self, Finding, Level};
use crate::source::{FileId, SourceFile};
use crate::yaml::edit::{EditError, Edits};
use crate::yaml::{self, Limits, Node};

/// One file's text before and after an edit.
pub(crate) struct FileChange {
    /// The file's name under the ownership root.
    pub(crate) name: String,
    /// Where it is on disk.
    pub(crate) path: PathBuf,
    pub(crate) before: String,
    pub(crate) after: String,
    /// The file starts with a byte-order mark, which is kept.
    bom: bool,
}

impl FileChange {
    /// The bytes to write.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.after.len() + 3);
        if self.bom {
            bytes.extend_from_slice("\u{feff}".as_bytes());
        }
        bytes.extend_from_slice(self.after.as_bytes());
        bytes
    }
}

/// Edits to the files of one organisation, judged together before anything is written.
pub(crate) struct Editor<'a> {
    loaded: &'a Loaded,
    root: &'a Path,
    changes: Vec<(FileId, FileChange)>,
}

/// An edit that passed every check: the files to write, and the new warnings it brings
/// (shown, not refused).
pub(crate) struct Checked {
    pub(crate) changes: Vec<FileChange>,
    pub(crate) warnings: Vec<Finding>,
}

impl<'a> Editor<'a> {
    /// Edits of the organisation `loaded`, read from the working tree at `root`.
    pub(crate) fn new(loaded: &'a Loaded, root: &'a Path) -> Editor<'a> {
        Editor {
            loaded,
            root,
            changes: Vec::new(),
        }
    }

    /// Change one file: `edit` gets the edits of its current text (as read, or as edited
    /// before) and that text's tree.
    pub(crate) fn edit(
        &mut self,
        file: FileId,
        edit: impl FnOnce(&mut Edits, &Node) -> Result<(), EditError>,
    ) -> Result<()> {
        let index = match self.changes.iter().position(|(id, _)| *id == file) {
            Some(index) => index,
            None => {
                let change = self.start(file)?;
                self.changes.push((file, change));
                self.changes.len() - 1
            }
        };
        let change = &mut self.changes[index].1;
        let text = change.after.clone();
        let shown = || Arc::new(SourceFile::new(change.name.clone(), text.clone()));
        let tree = yaml::parse(&text, Limits::default())
            .map_err(|e| crate::error::yaml_error(&shown(), e))?;
        let mut edits = Edits::new(&text, &tree);
        edit(&mut edits, &tree).map_err(|e| refused(&shown(), e))?;
        change.after = edits.apply().map_err(|e| refused(&shown(), e))?;
        Ok(())
    }

    /// The file as it is on disk, which must be the text that was read.
    fn start(&self, file: FileId) -> Result<FileChange> {
        let source = self.loaded.sources.get(file);
        let path = self.root.join(&source.name);
        let bytes = std::fs::read(&path).map_err(|e| Error::Read {
            path: source.name.clone(),
            source: e,
        })?;
        let bom = bytes.starts_with("\u{feff}".as_bytes());
        let content = if bom { &bytes[3..] } else { &bytes[..] };
        if content != source.text.as_bytes() {
            return Err(Error::Refused {
                message: format!(
                    "`{}` is not the text that was read: it changed on disk, or it is not written in UTF-8",
                    source.name
                ),
                help: Some(
                    "run the command again; a file in UTF-16 must be saved as UTF-8 to be edited"
                        .into(),
                ),
                at: None,
            });
        }
        Ok(FileChange {
            name: source.name.clone(),
            path,
            before: source.text.clone(),
            after: source.text.clone(),
            bom,
        })
    }

    /// Load and judge the edited organisation as `own check` would: refused when it does not
    /// load, when it has a deny-level finding that `before` does not, or when `verify` finds
    /// it does not say what was asked.
    pub(crate) fn finish(
        self,
        before: &Evaluation,
        tree: &dyn Tree,
        when: (Date, Moment),
        trace: Trace,
        verify: impl FnOnce(&Org) -> std::result::Result<(), String>,
    ) -> Result<Checked> {
        let changes: Vec<FileChange> = self.changes.into_iter().map(|(_, c)| c).collect();
        let overlay = Overlay::new(
            tree,
            changes
                .iter()
                .map(|c| (c.name.clone(), c.bytes()))
                .collect(),
        );
        let reloaded = load::load(&overlay).map_err(|e| Error::Refused {
            message: format!("the edited files would not load: {e}"),
            help: e.help_text(),
            at: e.location().map(|at| Box::new(at.clone())),
        })?;
        let after = Evaluation::new(reloaded, &overlay, when, trace)?;
        verify(&after.loaded.org).map_err(|why| Error::Refused {
            message: format!("the edit did not read back as intended: {why}"),
            help: Some("this is a bug in `own`; please report it with the file".into()),
            at: None,
        })?;
        let old = before.findings(&before.levels(&[])?);
        let new = after.findings(&after.levels(&[])?);
        let added: Vec<Finding> = rules::unmatched(&new, &old).into_iter().cloned().collect();
        let (denied, warnings): (Vec<Finding>, Vec<Finding>) =
            added.into_iter().partition(|f| f.level == Level::Deny);
        if let Some(first) = denied.first() {
            let sources = &after.loaded.sources;
            let at = first.primary.as_ref().map(|label| {
                Located::new(
                    sources.get(label.loc.file).clone(),
                    label.loc.span,
                    label.text.clone(),
                )
            });
            let mut help: Vec<String> = denied
                .iter()
                .map(|f| format!("own::{}: {}", f.code, f.message))
                .collect();
            if let Some(h) = &first.help {
                help.push(h.clone());
            }
            return Err(Error::Refused {
                message: format!(
                    "refused: `own check` would reject the result ({} new {})",
                    denied.len(),
                    if denied.len() == 1 { "error" } else { "errors" }
                ),
                help: Some(help.join("\n")),
                at,
            });
        }
        Ok(Checked { changes, warnings })
    }
}

/// An edit the YAML layer cannot make, at its place in the file's text.
fn refused(source: &Arc<SourceFile>, e: EditError) -> Error {
    Error::Refused {
        message: format!("cannot edit `{}`: {}", source.name, e.message),
        help: None,
        at: e
            .span
            .map(|span| Located::new(source.clone(), span, "here")),
    }
}
