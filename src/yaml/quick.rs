//! A fast reader for the plain subset of YAML that ownership files are written in; anything
//! else is left to `granit-parser`.
//!
//! Ownership files are block mappings of block mappings with plain or quoted scalars and
//! one-line flow collections (`skills: [dns, tls]`, `p1: { name: Ann, github: ann }`).
//! `granit-parser` reads them at about 23 MB/s, which made parsing most of `own check` on a
//! 10 MB organisation. This reader handles exactly that subset, line by line, and produces
//! the events `granit-parser` would produce, with the same spans, for `yaml::parse` to build
//! its tree from. On anything outside the subset (anchors, tags, block scalars, multi-line
//! scalars or flow collections, escapes, tabs, directives, several documents, odd
//! indentation, any text that could be a syntax error) it gives up and returns `None`,
//! before any event is used, and the file is read by `granit-parser` as before; a test
//! compares both readers' events on every example and on generated text.

use std::borrow::Cow;

use crate::source::Span;

/// An event of the subset: what `yaml::parse` needs from `granit_parser::Event`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Event<'a> {
    DocumentStart,
    MappingStart,
    SequenceStart,
    /// The end of the innermost open mapping or sequence.
    End,
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
}

/// Deepest nesting the reader takes on; deeper text goes to `granit-parser`, whose limits
/// then apply as before.
const MAX_DEPTH: usize = 24;

/// `granit-parser` refuses implicit keys longer than this.
const MAX_KEY: usize = 1024;

#[cfg(any(test, feature = "fuzzing"))]
/// The events of `text`, or `None` when it is not in the subset.
pub(crate) fn events(text: &str) -> Option<Vec<(Event<'_>, Span)>> {
    let mut events = Vec::new();
    match read(text, &mut |event, span| {
        events.push((event, span));
        true
    }) {
        Read::Done => Some(events),
        Read::NotPlain | Read::Stopped => None,
    }
}

/// How [`read`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    /// Every event was given to the sink.
    Done,
    /// The text is not in the subset: the events given so far are the same `granit-parser`
    /// gives, but the rest must come from it.
    NotPlain,
    /// The sink asked to stop.
    Stopped,
}

/// [`events`], given one at a time to `sink` as they are read, so that no list of the
/// whole file's events is held (it was the largest allocation of a large file's load). The
/// sink returns false to stop.
pub(crate) fn read<'a>(text: &'a str, sink: &mut dyn FnMut(Event<'a>, Span) -> bool) -> Read {
    if !plain_characters(text) {
        return Read::NotPlain;
    }
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        sink,
        stopped: false,
        depth: 0,
    };
    let read = (|| {
        let first = reader.next_content(0)?;
        if first.indent != 0 {
            return None;
        }
        reader.push(Event::DocumentStart, first.start, first.start);
        let end = if reader.is_dash(first.start) {
            reader.block_sequence(first, false)?
        } else {
            reader.block_mapping(first.start, 0)?
        };
        // The top collection ends at the end of the text, never at a less indented line.
        end.is_none().then_some(())
    })();
    match (reader.stopped, read) {
        (true, _) => Read::Stopped,
        (false, Some(())) => Read::Done,
        (false, None) => Read::NotPlain,
    }
}

/// No tabs, carriage returns, other control characters, bidirectional controls, byte-order
/// marks or characters YAML treats as line breaks: text with those goes to `granit-parser`
/// (and the checks of `yaml::parse`).
fn plain_characters(text: &str) -> bool {
    let ascii_ok = text
        .bytes()
        .all(|b| b == b'\n' || (0x20..0x7f).contains(&b) || b >= 0x80);
    ascii_ok
        && (text.is_ascii()
            || !text.chars().any(|c| {
                matches!(
                    c,
                    '\u{80}'
                        ..='\u{9f}'
                            | '\u{061c}'
                            | '\u{200b}'..='\u{200f}'
                            | '\u{2028}'
                            | '\u{2029}'
                            | '\u{2060}'
                            | '\u{202a}'..='\u{202e}'
                            | '\u{2066}'..='\u{2069}'
                            | '\u{feff}'
                            | '\u{fffe}'
                            | '\u{ffff}'
                )
            }))
}

/// A line with content (not blank, not only a comment).
#[derive(Clone, Copy, Debug)]
struct Line {
    /// Byte offset of the first non-space character.
    start: usize,
    /// Number of leading spaces.
    indent: usize,
    /// Byte offset of the line's end (its `\n`, or the end of the text).
    end: usize,
}

struct Reader<'a, 's> {
    text: &'a str,
    bytes: &'a [u8],
    sink: &'s mut dyn FnMut(Event<'a>, Span) -> bool,
    /// The sink asked to stop: later events are not given to it.
    stopped: bool,
    depth: usize,
}

/// Where a block collection ended: at the next, less indented content line (`Some`), or at
/// the end of the text (`None`).
type Ended = Option<Line>;

impl<'a> Reader<'a, '_> {
    fn push(&mut self, event: Event<'a>, start: usize, end: usize) {
        if !self.stopped && !(self.sink)(event, Span::new(start, end)) {
            self.stopped = true;
        }
    }

    /// The plain scalar in `at..end` (trailing spaces left out); where it ends, or `None`
    /// when it is not one the subset takes.
    fn plain_scalar(&mut self, at: usize, end: usize, in_flow: bool) -> Option<usize> {
        let raw = self.text[at..end].trim_end_matches(' ');
        if !plain_ok(raw, in_flow) {
            return None;
        }
        self.push(
            Event::Scalar {
                text: Cow::Borrowed(raw),
                plain: true,
            },
            at,
            at + raw.len(),
        );
        Some(at + raw.len())
    }

    /// The first content line starting at or after byte `from` (a line start).
    fn next_content(&self, mut from: usize) -> Option<Line> {
        while from < self.bytes.len() {
            let end =
                memchr::memchr(b'\n', &self.bytes[from..]).map_or(self.bytes.len(), |i| from + i);
            let indent = self.bytes[from..end]
                .iter()
                .take_while(|&&b| b == b' ')
                .count();
            let start = from + indent;
            if start < end && self.bytes[start] != b'#' {
                return Some(Line { start, indent, end });
            }
            from = end + 1;
        }
        None
    }

    /// The content line after the one ending at `end`.
    fn after(&self, end: usize) -> Option<Line> {
        self.next_content(end + 1)
    }

    fn is_dash(&self, at: usize) -> bool {
        self.bytes[at] == b'-' && matches!(self.bytes.get(at + 1), None | Some(b' ' | b'\n'))
    }

    /// The end event of a block collection, at the next token or the end of the text.
    fn end_block(&mut self, next: Ended) {
        let at = next.map_or(self.bytes.len(), |l| l.start);
        self.push(Event::End, at, at);
        self.depth -= 1;
    }

    fn open(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// A block mapping whose first key starts at byte `first` (on a line at or after
    /// `line_start`), with its keys at column `indent`.
    fn block_mapping(&mut self, first: usize, indent: usize) -> Option<Ended> {
        self.open()?;
        self.push(Event::MappingStart, first, first);
        let mut key_at = first;
        loop {
            let line_end = self.line_end(key_at);
            let (after_colon, colon) = self.key(key_at, line_end)?;
            // The value, on this line or the lines below.
            let value_at = self.skip_spaces(after_colon, line_end);
            let next = if value_at >= line_end || self.bytes[value_at] == b'#' {
                if value_at < line_end && value_at == after_colon {
                    return None; // `key:#` is not a comment
                }
                self.nested(indent, colon, line_end)?
            } else {
                if value_at == after_colon {
                    return None;
                }
                self.inline_value(value_at, line_end)?;
                let next = self.after(line_end);
                // A plain scalar would continue on a more indented line.
                if next.is_some_and(|l| l.indent > indent) {
                    return None;
                }
                next
            };
            match next {
                Some(line) if line.indent == indent => {
                    if self.is_dash(line.start) {
                        return None;
                    }
                    key_at = line.start;
                }
                Some(line) if line.indent > indent => return None,
                other => {
                    self.end_block(other);
                    return Some(other);
                }
            }
        }
    }

    /// The value of a key written alone on its line: a block collection on the next lines,
    /// or null. Returns the content line after it.
    fn nested(&mut self, indent: usize, colon: usize, line_end: usize) -> Option<Ended> {
        let next = self.after(line_end);
        match next {
            Some(line) if line.indent > indent => {
                if self.is_dash(line.start) {
                    self.block_sequence(line, false)
                } else {
                    self.block_mapping(line.start, line.indent)
                }
            }
            // A sequence may sit at its key's own indentation.
            Some(line) if line.indent == indent && self.is_dash(line.start) => {
                self.block_sequence(line, true)
            }
            _ => {
                // granit-parser puts an empty value at its key's `:`.
                self.push(
                    Event::Scalar {
                        text: Cow::Borrowed("~"),
                        plain: true,
                    },
                    colon,
                    colon,
                );
                Some(next)
            }
        }
    }

    /// A block sequence whose first `-` starts `first`; `indentless` when it sits at its
    /// key's indentation, where granit-parser starts it at its first item, not its `-`.
    fn block_sequence(&mut self, first: Line, indentless: bool) -> Option<Ended> {
        self.open()?;
        let indent = first.indent;
        let start = if indentless {
            self.skip_spaces(first.start + 1, first.end)
        } else {
            first.start
        };
        self.push(Event::SequenceStart, start, start);
        let mut line = first;
        loop {
            let dash = line.start;
            let item_at = self.skip_spaces(dash + 1, line.end);
            let next = if item_at >= line.end || self.bytes[item_at] == b'#' {
                // After a lone `-` and a comment, granit-parser puts the empty item further on.
                if item_at < line.end {
                    return None;
                }
                let next = self.after(line.end);
                if next.is_some_and(|l| l.indent > indent) {
                    return None; // a block node below a lone `-`
                }
                // At the end of the line, after any spaces.
                self.push(
                    Event::Scalar {
                        text: Cow::Borrowed("~"),
                        plain: true,
                    },
                    item_at,
                    item_at,
                );
                next
            } else if self.looks_like_key(item_at, line.end) {
                // `- key: value`: a mapping whose keys sit at the column of the first.
                let column = item_at - (line.start - line.indent);
                self.block_mapping(item_at, column)?
            } else {
                self.inline_value(item_at, line.end)?;
                let next = self.after(line.end);
                if next.is_some_and(|l| l.indent > indent) {
                    return None;
                }
                next
            };
            match next {
                Some(l) if l.indent == indent && self.is_dash(l.start) => line = l,
                Some(l) if l.indent > indent => return None,
                other => {
                    self.end_block(other);
                    return Some(other);
                }
            }
        }
    }

    /// Whether the item at `at` is `key: ...` (a plain or quoted key and `: `).
    fn looks_like_key(&self, at: usize, end: usize) -> bool {
        let slice = &self.bytes[at..end];
        match slice.first() {
            Some(b'[' | b'{') => false,
            Some(b'"' | b'\'') => {
                let quote = slice[0];
                slice[1..]
                    .iter()
                    .position(|&b| b == quote)
                    .is_some_and(|close| matches!(slice.get(close + 2), Some(b':')))
            }
            _ => slice.windows(2).any(|w| w == b": ") || slice.last() == Some(&b':'),
        }
    }

    /// The key at `at`: emits it and returns the offset after its `:` and the colon's.
    fn key(&mut self, at: usize, end: usize) -> Option<(usize, usize)> {
        let (colon, event) = match self.bytes[at] {
            b'"' | b'\'' => {
                let (close, event) = self.quoted(at, end)?;
                (close, event)
            }
            _ => {
                // A plain key runs to `: ` or a `:` that ends the line.
                let mut i = at;
                let c = loop {
                    let c = i + memchr::memchr(b':', &self.bytes[i..end])?;
                    if matches!(self.bytes.get(c + 1), None | Some(b' ' | b'\n')) {
                        break c;
                    }
                    i = c + 1;
                };
                let raw = self.text[at..c].trim_end_matches(' ');
                if !plain_ok(raw, false) {
                    return None;
                }
                let event = Event::Scalar {
                    text: Cow::Borrowed(raw),
                    plain: true,
                };
                (at + raw.len(), event)
            }
        };
        let key_end = colon;
        if key_end - at > MAX_KEY {
            return None;
        }
        // Only spaces may separate a key from its `:`.
        let colon = self.skip_spaces(key_end, end);
        if self.bytes.get(colon) != Some(&b':') {
            return None;
        }
        if !matches!(self.bytes.get(colon + 1), None | Some(b' ' | b'\n')) {
            return None;
        }
        self.push(event, at, key_end);
        Some((colon + 1, colon))
    }

    fn skip_spaces(&self, mut at: usize, end: usize) -> usize {
        while at < end && self.bytes[at] == b' ' {
            at += 1;
        }
        at
    }

    fn line_end(&self, at: usize) -> usize {
        memchr::memchr(b'\n', &self.bytes[at..]).map_or(self.bytes.len(), |i| at + i)
    }

    /// A scalar or a one-line flow collection at `at`, filling the rest of the line (up to
    /// an optional comment).
    fn inline_value(&mut self, at: usize, end: usize) -> Option<()> {
        let after = match self.bytes[at] {
            b'[' | b'{' => self.flow(at, end)?,
            b'"' | b'\'' => {
                let (close, event) = self.quoted(at, end)?;
                self.push(event, at, close);
                close
            }
            _ => {
                let stop = comment_start(&self.bytes[at..end]).map_or(end, |i| at + i);
                self.plain_scalar(at, stop, false)?;
                return Some(());
            }
        };
        // After a quoted scalar or a flow collection: spaces, then a comment or nothing.
        let rest = self.skip_spaces(after, end);
        if rest < end && !(self.bytes[rest] == b'#' && rest > after) {
            return None;
        }
        Some(())
    }

    /// A quoted scalar starting at `at`; returns the offset after its closing quote.
    fn quoted(&self, at: usize, end: usize) -> Option<(usize, Event<'a>)> {
        let quote = self.bytes[at];
        let body = &self.bytes[at + 1..end];
        if quote == b'"' {
            let close = memchr::memchr2(b'"', b'\\', body)?;
            if body[close] == b'\\' {
                return None; // escapes: left to granit-parser
            }
            let text = &self.text[at + 1..at + 1 + close];
            return Some((
                at + close + 2,
                Event::Scalar {
                    text: Cow::Borrowed(text),
                    plain: false,
                },
            ));
        }
        // Single quotes: `''` is a quote.
        let mut i = 0;
        let mut doubled = false;
        loop {
            let q = i + memchr::memchr(b'\'', &body[i..])?;
            if body.get(q + 1) == Some(&b'\'') {
                doubled = true;
                i = q + 2;
                continue;
            }
            let raw = &self.text[at + 1..at + 1 + q];
            let text = if doubled {
                Cow::Owned(raw.replace("''", "'"))
            } else {
                Cow::Borrowed(raw)
            };
            return Some((at + q + 2, Event::Scalar { text, plain: false }));
        }
    }

    /// A flow collection starting at `at` and closed on the same line; returns the offset
    /// after it.
    fn flow(&mut self, at: usize, end: usize) -> Option<usize> {
        self.open()?;
        let mapping = self.bytes[at] == b'{';
        let close = if mapping { b'}' } else { b']' };
        self.push(
            if mapping {
                Event::MappingStart
            } else {
                Event::SequenceStart
            },
            at,
            at + 1,
        );
        let mut i = self.skip_spaces(at + 1, end);
        if self.bytes.get(i) == Some(&close) {
            self.push(Event::End, i, i + 1);
            self.depth -= 1;
            return Some(i + 1);
        }
        loop {
            if mapping {
                i = self.flow_node(i, end, true)?;
                i = self.skip_spaces(i, end);
                if self.bytes.get(i) != Some(&b':') {
                    return None;
                }
                i = self.skip_spaces(i + 1, end);
                if i == end || matches!(self.bytes[i], b',' | b'}') {
                    return None; // a key without a value
                }
            }
            i = self.flow_node(i, end, false)?;
            i = self.skip_spaces(i, end);
            match self.bytes.get(i) {
                Some(&b',') => {
                    i = self.skip_spaces(i + 1, end);
                    // A trailing comma, or nothing after it: left to granit-parser.
                    if i >= end || self.bytes[i] == close {
                        return None;
                    }
                }
                Some(&b) if b == close => {
                    self.push(Event::End, i, i + 1);
                    self.depth -= 1;
                    return Some(i + 1);
                }
                _ => return None,
            }
        }
    }

    /// One node inside a flow collection; `key` for a mapping key (which ends at `:`).
    fn flow_node(&mut self, at: usize, end: usize, key: bool) -> Option<usize> {
        if at >= end {
            return None;
        }
        match self.bytes[at] {
            b'[' | b'{' if !key => self.flow(at, end),
            b'"' | b'\'' => {
                let (close, event) = self.quoted(at, end)?;
                self.push(event, at, close);
                Some(close)
            }
            _ => {
                // A plain scalar runs to `,`, `]`, `}`, or `:` before a space.
                let mut i = at;
                while i < end {
                    match self.bytes[i] {
                        b',' | b']' | b'}' => break,
                        b'[' | b'{' | b'#' => return None,
                        b':' if matches!(
                            self.bytes.get(i + 1),
                            Some(b' ' | b',' | b']' | b'}' | b'\n') | None
                        ) =>
                        {
                            break;
                        }
                        _ => i += 1,
                    }
                }
                self.plain_scalar(at, i, true)
            }
        }
    }
}

/// Where a comment starts in a block scalar's rest of line: a `#` after a space.
fn comment_start(line: &[u8]) -> Option<usize> {
    line.windows(2).position(|w| w == b" #").map(|i| i + 1)
}

/// Whether `raw` (trimmed) is a plain scalar this reader takes: it starts with no indicator,
/// holds no `: ` or ` #`, and does not end with `:`.
fn plain_ok(raw: &str, in_flow: bool) -> bool {
    let Some(&first) = raw.as_bytes().first() else {
        return false;
    };
    if matches!(
        first,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
            | b' '
    ) {
        return false;
    }
    let bytes = raw.as_bytes();
    if bytes.windows(2).any(|w| w == b": " || w == b" #") || raw.ends_with(':') {
        return false;
    }
    // `---` and `...` at a line start would be document markers.
    if raw.starts_with("---") || raw.starts_with("...") {
        return false;
    }
    !in_flow || !raw.contains([',', '[', ']', '{', '}'])
}

#[cfg(any(test, feature = "fuzzing"))]
/// `granit-parser`'s events for `text`, in this module's terms; `None` on an error or
/// an event outside the subset.
fn granit(text: &str) -> Option<Vec<(Event<'static>, Span)>> {
    use granit_parser::{Event as G, Parser, ScalarStyle};
    let mut parser = Parser::new_from_str(text);
    let mut out = Vec::new();
    while let Some(event) = parser.next_event() {
        let (event, span) = event.ok()?;
        let at = |m: &granit_parser::Marker| m.byte_offset().unwrap_or(m.index());
        let span = Span::new(at(&span.start), at(&span.end));
        let event = match event {
            G::StreamStart | G::StreamEnd | G::DocumentEnd => continue,
            G::DocumentStart(..) => Event::DocumentStart,
            G::MappingStart(_, 0, None) => Event::MappingStart,
            G::SequenceStart(_, 0, None) => Event::SequenceStart,
            G::MappingEnd | G::SequenceEnd => Event::End,
            G::Scalar(text, style, 0, None) => Event::Scalar {
                text: Cow::Owned(text.into_owned()),
                plain: matches!(style, ScalarStyle::Plain),
            },
            _ => return None,
        };
        out.push((event, span));
    }
    Some(out)
}

#[cfg(any(test, feature = "fuzzing"))]
/// The reader either gives up or gives exactly granit-parser's events (panics when not):
/// what the tests below and the loader's fuzz targets check.
pub(crate) fn agrees(text: &str) -> bool {
    match events(text) {
        None => true,
        Some(ours) => {
            let ours: Vec<(Event<'static>, Span)> = ours
                .into_iter()
                .map(|(e, s)| {
                    let e = match e {
                        Event::Scalar { text, plain } => Event::Scalar {
                            text: Cow::Owned(text.into_owned()),
                            plain,
                        },
                        Event::DocumentStart => Event::DocumentStart,
                        Event::MappingStart => Event::MappingStart,
                        Event::SequenceStart => Event::SequenceStart,
                        Event::End => Event::End,
                    };
                    (e, s)
                })
                .collect();
            let theirs = granit(text);
            assert_eq!(Some(&ours), theirs.as_ref(), "events differ for {text:?}");
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn takes(text: &str) {
        assert!(events(text).is_some(), "gave up on {text:?}");
        assert!(agrees(text));
    }

    fn leaves(text: &str) {
        assert!(events(text).is_none(), "took {text:?}");
    }

    #[test]
    fn reads_the_shapes_of_ownership_files_like_granit() {
        takes(
            "people:\n  p0: { name: Person 0, email: \"p0@x.com\", skills: [a, b] }   # c\n  p1:\n    name: Bob\n    tags:\n      - x\n      - 'y z'\n\nduties:\n  d1:\n    title: T\n    paths: [\"/src/\", \"*.md\"]\nlast: value\n",
        );
        takes(
            "a:\nb: x\nc:\n  - 1\n  -\n  - 'q'\nd: [ ]\ne: {}\ng: [a, \"b\", 'c', {k: v}]\nh:\n- one\n- two\ni: plain with # comment\nj: x #comment\nk: ''\n",
        );
        takes("a:\n  b: c\n# end\n\n");
        takes("a:\n  b: c");
        takes("a:\n  b: c\n  # inner\n# outer\nd: e\n");
        takes("a:\n  - x: 1\n    y: 2\n  - z\n");
        takes("a: x   \nb: y # c\n");
        takes("# only a comment first\n\nversion: 1\ninclude: [\"**/*.own.yaml\"]\n");
        takes("a: 'it''s'\nb: \"x\"\n\"c d\": e\n'f': [g, \"h, i\"]\n");
        takes("a: José\nb: 2026-01-01\nc: p@example.com\nd: x-y_z.w (1), 2\n");
        takes("- a\n- b: c\n  d: e\n-\n");
        takes("h:\n-\n- two\n");
        takes("h:\n- a: 1\n  b: 2\n- two\n");
        takes("h:\n-   [x]\n");
        takes("h:\n  -   x\n");
        takes(
            "a:\n  away:\n    - { from: 2026-01-01, to: 2026-01-05, reason: leave }\n    - {from: x, to: y}\n",
        );
    }

    #[test]
    fn leaves_everything_else_to_granit() {
        for text in [
            "",
            "# nothing\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: >\n  text\n",
            "a: \"esc\\n\"\n",
            "a: [1,\n  2]\n",
            "a: long\n  continued\n",
            "a:\tb\n",
            "a: b\r\n",
            "---\na: b\n",
            "a: b\n---\nc: d\n",
            "a: b: c\n",
            "a: [b,]\n",
            "  a: b\n",
            "a:\n    b: c\n  d: e\n",
            "? a\n: b\n",
            "a:#b\n",
            "- a\n  - b\n",
            "a: 'open\n",
            "a: {b}\n",
            "a: -b\n",
            "%YAML 1.2\n---\na: b\n",
        ] {
            leaves(text);
            assert!(agrees(text));
        }
    }

    #[test]
    fn takes_the_benchmark_organisations_shapes() {
        takes(
            "people:\n  p0: { name: Person 0, email: p0@example.com, github: person-0, skills: [dns, tls, edr] }\n  p1: { name: Person 1, email: p1@example.com, github: person-1, manager: p0, skills: [sql, dns, tls] }\n",
        );
        takes(
            "teams:\n  t0: { name: Team 0, lead: p3, members: [p3, p9], github: example/team-0 }\n",
        );
        takes(
            "duties:\n  duty-0:\n    title: Back up the mail relay (0)\n    accountable: p12\n    responsible: [t3, p4]\n    consulted: [p9]\n    skills: [dns]\n    tags: [ops]\n    reviewed: 2026-03-04\n    escalation: [t1, p2]\ndelegations:\n  delegation-0: { duty: duty-7, from: p1, to: p2, expect: Investigate and report, due: 2027-01-03, report-to: t4 }\nhandoffs:\n  handoff-0: { from: p1, to: p2, from-date: 2027-02-01, to-date: 2027-03-01, acknowledged: true }\n",
        );
        takes("version: 1\ninclude: [\"ownership/*.own.yaml\"]\ncoverage:\n  paths: {}\n");
        takes(
            "duties:\n  code-0:\n    title: Maintain code area 0\n    paths: [\"/tests/e2e/\", \"/src/*/net/*.rs\", \"**/testdata/**\", \"Makefile\"]\n",
        );
    }

    /// A small deterministic generator for the random documents below.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ((z ^ (z >> 31)) % n.max(1) as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    const SCALARS: &[&str] = &[
        "a",
        "bc",
        "x y",
        "José",
        "1",
        "~",
        "null",
        "2026-01-01",
        "p@example.com",
        "a-b_c",
        "\"q\"",
        "'s'",
        "'it''s'",
        "\"/src/*.rs\"",
        "''",
        "\"\"",
        "a#b",
        "x (1), 2",
        "12:30",
        "*.md",
        "a b  c",
    ];
    const KEYS: &[&str] = &[
        "a", "bc", "key-1", "x y", "\"q k\"", "'s k'", "é", "on", "1",
    ];

    /// A valid document in the subset's shapes, written with random choices of style.
    fn document(rng: &mut Rng, depth: usize, indent: usize, out: &mut String) {
        let entries = 1 + rng.below(3);
        for _ in 0..entries {
            if rng.below(6) == 0 {
                out.push_str(&" ".repeat(rng.below(indent + 3)));
                out.push_str("# note\n");
            }
            if rng.below(8) == 0 {
                out.push('\n');
            }
            out.push_str(&" ".repeat(indent));
            out.push_str(rng.pick(KEYS));
            out.push(':');
            match rng.below(if depth > 2 { 3 } else { 6 }) {
                0 => out.push_str(&format!(" {}", rng.pick(SCALARS))),
                1 => out.push_str(&format!(
                    " [{}, {}]",
                    rng.pick(&SCALARS[..10]),
                    rng.pick(&SCALARS[10..14])
                )),
                2 => out.push_str(&format!(
                    " {{ {}: {}, {}: [{}] }}",
                    rng.pick(&KEYS[..3]),
                    rng.pick(&SCALARS[..10]),
                    rng.pick(&KEYS[3..5]),
                    rng.pick(&SCALARS[..4])
                )),
                3 => {
                    out.push('\n');
                    let inner = indent + 2 + 2 * rng.below(2);
                    document(rng, depth + 1, inner, out);
                    continue;
                }
                4 => {
                    out.push('\n');
                    let at = indent + 2 * rng.below(2);
                    for _ in 0..1 + rng.below(3) {
                        out.push_str(&" ".repeat(at));
                        out.push('-');
                        match rng.below(3) {
                            0 => out.push_str(&format!(" {}\n", rng.pick(SCALARS))),
                            1 => out.push('\n'),
                            _ => {
                                out.push_str(&format!(
                                    " {}: {}\n",
                                    rng.pick(&KEYS[..3]),
                                    rng.pick(SCALARS)
                                ));
                                out.push_str(&" ".repeat(at + 2));
                                out.push_str(&format!(
                                    "{}: {}\n",
                                    rng.pick(&KEYS[3..6]),
                                    rng.pick(SCALARS)
                                ));
                            }
                        }
                    }
                    continue;
                }
                _ => {}
            }
            if rng.below(5) == 0 {
                out.push_str(" # c");
            }
            if rng.below(6) == 0 {
                out.push_str("  ");
            }
            out.push('\n');
        }
    }

    #[test]
    fn agrees_with_granit_on_random_documents_and_their_mutations() {
        const TRICKY: &[&str] = &[
            " ", "\n", ":", "-", "#", "'", "\"", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">",
            "?", "%", "@", "\t", "\\", "é", "a",
        ];
        let mut taken = 0;
        let cases = 4000;
        for seed in 0..cases {
            let mut rng = Rng(seed);
            let mut text = String::new();
            document(&mut rng, 0, 0, &mut text);
            if rng.below(4) == 0 {
                text.pop();
            }
            if events(&text).is_some() {
                taken += 1;
            }
            assert!(agrees(&text));
            // Mutations: most of them leave the subset or break the document.
            for _ in 0..4 {
                let mut mutated = text.clone();
                let mut at = rng.below(mutated.len() + 1);
                while !mutated.is_char_boundary(at) {
                    at -= 1;
                }
                match rng.below(3) {
                    0 => mutated.insert_str(at, rng.pick(TRICKY)),
                    1 if at < mutated.len() => {
                        let end = (at + 1..=mutated.len())
                            .find(|&e| mutated.is_char_boundary(e))
                            .unwrap_or(mutated.len());
                        mutated.replace_range(at..end, "");
                    }
                    _ => {
                        let end = (at + 1..=mutated.len())
                            .find(|&e| mutated.is_char_boundary(e))
                            .unwrap_or(mutated.len());
                        mutated.replace_range(at..end, rng.pick(TRICKY));
                    }
                }
                assert!(agrees(&mutated));
            }
        }
        // The generator writes the subset's shapes, so most documents are taken.
        assert!(taken > cases / 2, "took only {taken} of {cases}");
    }

    #[test]
    fn agrees_with_granit_on_the_example_organisations() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut checked, mut taken) = (0, 0);
        let mut stack = vec![root.join("examples"), root.join("tests")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    assert!(agrees(&text), "{}", path.display());
                    checked += 1;
                    taken += usize::from(events(&text).is_some());
                }
            }
        }
        assert!(checked > 20, "only {checked} files");
        // Most hand-written example files are in the subset too.
        assert!(taken * 2 > checked, "took {taken} of {checked}");
    }
}
