//! Source files and positions in them.
//!
//! Every ownership file that was read is kept here with its text, so that any finding can
//! point at a byte range and be rendered with its line, column and a snippet later. Positions
//! are stored as byte offsets (cheap to keep on every value) and turned into 1-based lines and
//! character columns only when something is printed.

use std::sync::{Arc, OnceLock};

/// Marker names by which `yaml::de` recognises `model::Spanned` (fed `$start`, `$end` and
/// `$value`) and `model::OneOrMany` (a value or a list of them); shared here so that neither
/// the YAML layer nor the model imports the other.
pub(crate) const SPANNED: &str = "$own::Spanned";
pub(crate) const SPANNED_FIELDS: &[&str] = &["$start", "$end", "$value"];
pub(crate) const ONE_OR_MANY: &str = "$own::OneOrMany";

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        // Files are limited far below 4 GiB before they are parsed (see `load::limits`), so
        // the offsets always fit; saturate rather than wrap if that ever changes.
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A place in a source file: the file and a byte range in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

/// A 1-based line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// One file that was read: its display name and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the ownership root, with `/` separators (or `REV:path` when read
    /// from a git revision).
    pub name: String,
    pub text: String,
    line_starts: OnceLock<Vec<u32>>,
    /// Whether the text holds a `\r` (see `read_span`).
    has_cr: OnceLock<bool>,
    /// The text as snippets show it (see [`SourceFile::shown`]).
    shown: OnceLock<Option<String>>,
}

impl SourceFile {
    pub fn new(name: String, text: String) -> SourceFile {
        SourceFile {
            name,
            text,
            line_starts: OnceLock::new(),
            has_cr: OnceLock::new(),
            shown: OnceLock::new(),
        }
    }

    /// The text as a terminal may show it: every control character but line breaks and
    /// tabs, and every bidirectional control, replaced by a visible character of the same
    /// UTF-8 length (`?`, `¿`, `�`), so spans keep their offsets and a comment holding
    /// `ESC[2J` cannot clear the reader's screen through a snippet.
    pub fn shown(&self) -> &str {
        self.shown
            .get_or_init(|| {
                let hostile = |c: char| {
                    (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
                        || matches!(
                            c,
                            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
                        )
                };
                self.text.chars().any(hostile).then(|| {
                    self.text
                        .chars()
                        .map(|c| match (hostile(c), c.len_utf8()) {
                            (false, _) => c,
                            (true, 1) => '?',
                            (true, 2) => '¿',
                            (true, _) => '\u{fffd}',
                        })
                        .collect()
                })
            })
            .as_deref()
            .unwrap_or(&self.text)
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    self.text
                        .bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
                )
                .collect()
        })
    }

    /// The 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let line_start = starts[line - 1] as usize;
        let offset = (offset as usize).min(self.text.len());
        // A span never starts inside a UTF-8 sequence, but be safe if it does: count the
        // characters of the longest valid prefix.
        let column = self
            .text
            .get(line_start..offset)
            .map_or(offset - line_start, |s| s.chars().count())
            + 1;
        LineCol { line, column }
    }
}

impl miette::SourceCode for SourceFile {
    /// miette's own reading of a `str` scans from the start of the text, which made
    /// rendering thousands of findings in large files quadratic (25 s for the 50,000-duty
    /// benchmark). This runs the same reading on a window that starts a few lines before the
    /// span, found with the line index, and shifts the answer back: the window starts at a
    /// line start and holds at least `context_lines_before + 1` lines before the span, so
    /// miette's scan sees the same lines, and only the lines before the window are added.
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        if let Some(contents) = self.long_line(span, context_lines_before) {
            return Ok(contents);
        }
        // miette also ends lines at a lone `\r`, which the line index does not: such text
        // is read from the start.
        let (window, lines_before) = if *self.has_cr.get_or_init(|| self.text.contains('\r')) {
            (0, 0)
        } else {
            let starts = self.line_starts();
            let offset = u32::try_from(span.offset()).unwrap_or(u32::MAX);
            let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
            let first = line.saturating_sub(context_lines_before + 1);
            (starts[first] as usize, first)
        };
        let shifted =
            miette::SourceSpan::new(span.offset().saturating_sub(window).into(), span.len());
        let inner = self.shown()[window..].read_span(
            &shifted,
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            crate::render::text::one_line(&self.name),
            inner.data(),
            miette::SourceSpan::new((inner.span().offset() + window).into(), inner.span().len()),
            inner.line() + lines_before,
            inner.column(),
            inner.line_count() + lines_before,
        )))
    }
}

/// A snippet shows at most this many bytes of a line: a longer line is cut to a window
/// around the span (a 50 MB unclosed string would otherwise print 50 MB for each finding).
const MAX_SHOWN_LINE: usize = 512;

/// Bytes shown before a span's start on a long line.
const SHOWN_BEFORE: usize = 160;

impl SourceFile {
    /// The snippet of a span on a line longer than [`MAX_SHOWN_LINE`]: that line only, cut
    /// to a window of at most that many bytes that starts a little before the span (or at
    /// it, without context: miette asks so for the position in a snippet's header). `None`
    /// for ordinary lines.
    fn long_line<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context: usize,
    ) -> Option<Box<dyn miette::SpanContents<'a> + 'a>> {
        let text = self.shown();
        let floor = |mut at: usize| {
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        // miette ends lines at a lone `\r` too, which the line index does not.
        if *self.has_cr.get_or_init(|| self.text.contains('\r')) {
            return None;
        }
        // A span may start inside a character (an error at a broken byte): take its start.
        let start = floor(span.offset().min(text.len()));
        // The line from the index, not by scanning: thousands of findings share one line.
        let starts = self.line_starts();
        let line = starts
            .partition_point(|&s| s as usize <= start)
            .saturating_sub(1);
        let line_start = starts[line] as usize;
        let line_end = starts
            .get(line + 1)
            .map_or(text.len(), |&next| next as usize - 1);
        if line_end - line_start <= MAX_SHOWN_LINE {
            return None;
        }
        let before = if context == 0 { 0 } else { SHOWN_BEFORE };
        let from = floor(start.saturating_sub(before).max(line_start));
        let to = floor((from + MAX_SHOWN_LINE).min(line_end));
        let position = self.line_col(u32::try_from(from).unwrap_or(u32::MAX));
        Some(Box::new(miette::MietteSpanContents::new_named(
            crate::render::text::one_line(&self.name),
            &text.as_bytes()[from..to],
            miette::SourceSpan::new(from.into(), to - from),
            position.line - 1,
            position.column - 1,
            1,
        )))
    }
}

/// Every file read for one evaluation.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<Arc<SourceFile>>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.add_shared(Arc::new(file))
    }

    pub fn add_shared(&mut self, file: Arc<SourceFile>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }

    pub fn get(&self, id: FileId) -> &Arc<SourceFile> {
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &Arc<SourceFile>)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// The start and end of a location as lines and columns.
    pub fn range(&self, loc: Loc) -> (LineCol, LineCol) {
        let file = self.get(loc.file);
        (file.line_col(loc.span.start), file.line_col(loc.span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("a".into(), "ab\nçé x\n".into());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        // `x` is at byte 8 (ç and é take two bytes each) but column 4.
        assert_eq!(f.line_col(8), LineCol { line: 2, column: 4 });
        assert_eq!(f.line_col(10), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn read_span_matches_miettes_reading_of_the_whole_text() {
        use miette::SourceCode;
        let texts = [
            "a: 1\nbb: [x, y]\n\nccc:\n  d: é\n  e: f\ng\n",
            "one line, no newline",
            "\n\n\nx\n\n",
            "crlf: 1\r\nnext: 2\r\nlast\r\n",
        ];
        for text in texts {
            let file = SourceFile::new("f".into(), text.into());
            let ends: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &start in &ends {
                for &end in ends.iter().filter(|&&e| e >= start) {
                    let span = miette::SourceSpan::new(start.into(), end - start);
                    for before in 0..4 {
                        for after in 0..4 {
                            let want = text.read_span(&span, before, after);
                            let got = file.read_span(&span, before, after);
                            match (want, got) {
                                (Ok(w), Ok(g)) => {
                                    let case = (start, end, before, after);
                                    assert_eq!(w.data(), g.data(), "{case:?} in {text:?}");
                                    assert_eq!(w.span(), g.span(), "{case:?} in {text:?}");
                                    assert_eq!(w.line(), g.line(), "{case:?} in {text:?}");
                                    assert_eq!(w.column(), g.column(), "{case:?} in {text:?}");
                                    assert_eq!(w.line_count(), g.line_count(), "{case:?}");
                                }
                                (Err(_), Err(_)) => {}
                                (w, g) => panic!(
                                    "{start}..{end} ({before}, {after}) in {text:?}: {:?} vs {:?}",
                                    w.is_ok(),
                                    g.is_ok()
                                ),
                            }
                        }
                    }
                }
            }
        }
    }
}
