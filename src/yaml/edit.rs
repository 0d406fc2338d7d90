//! Changing a YAML text where its values are written: the one editing mechanism behind the
//! commands that edit ownership files (`own review`, `own handoff`, `own ack`, `own
//! delegation done`).
//!
//! An edit is a set of byte replacements placed by the tree's spans, so nothing else in the
//! text moves: comments, quoting, key order, flow or block style, blank lines and line ends
//! stay exactly as written. A replaced scalar keeps its quotes; a new entry takes the style
//! of the mapping it joins (`{ a: b }` or block, its siblings' indentation, the file's line
//! end). [`Edits::apply`] parses the result again and refuses text that does not parse; the
//! caller then checks that the organisation reads back as intended.
//!
//! Content the tree holds through an alias (`*base`, a `<<` merge) is written elsewhere:
//! changing it there would change every place that uses the anchor, so a value read through
//! an alias is never replaced (a merged key is overridden by an explicit one, as YAML does),
//! and a mapping that is itself an alias is refused.

use super::{Entry, Limits, Node, Value, parse};
use crate::source::Span;

/// A value to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum New {
    /// Written as is, never quoted: `true`.
    Plain(String),
    /// Written as is where new; a replaced value's quotes are kept (a date written
    /// `'2026-01-01'` stays quoted).
    Keep(String),
    /// Text: plain when YAML reads it back as the same text, else quoted (a replaced scalar
    /// keeps the quotes it had).
    Text(String),
    /// A list of text, written in flow style (`[a, b]`) wherever it goes.
    List(Vec<String>),
    /// A mapping, in the style of the place it goes.
    Map(Vec<(String, New)>),
}

/// Why an edit cannot be made, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EditError {
    pub(crate) message: String,
    /// Where in the text (before the edit, or after it for a result that does not parse).
    pub(crate) span: Option<Span>,
}

impl EditError {
    fn at(span: Span, message: impl Into<String>) -> EditError {
        EditError {
            message: message.into(),
            span: Some(span),
        }
    }
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The entry whose key is written at `key`, anywhere in the tree (an item's `Defined::key`).
pub(crate) fn entry_at(root: &Node, key: Span) -> Option<&Entry> {
    match &root.value {
        Value::Scalar(_) => None,
        Value::Seq(items) => items.iter().find_map(|n| entry_at(n, key)),
        Value::Map(entries) => entries.iter().find_map(|e| {
            if e.key.span == key {
                Some(e)
            } else {
                entry_at(&e.value, key)
            }
        }),
    }
}

/// Replacements to one text, applied together by [`Edits::apply`].
pub(crate) struct Edits<'t> {
    text: &'t str,
    /// The text's line end (`\r\n` when its first line ends so).
    newline: &'static str,
    /// The file's indentation step, for a nested block written where no sibling shows one.
    step: usize,
    changes: Vec<(Span, String)>,
}

impl<'t> Edits<'t> {
    /// Edits to `text`, whose tree is `root`.
    pub(crate) fn new(text: &'t str, root: &Node) -> Edits<'t> {
        let newline = match text.find('\n') {
            Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        };
        Edits {
            text,
            newline,
            step: block_step(text, root).unwrap_or(2),
            changes: Vec::new(),
        }
    }

    /// Set `key` of the mapping `map` to `value`: the value is replaced where it is written
    /// (a scalar, or nothing: `key:`), or, when the mapping has no such key of its own, the
    /// key is added as its last entry.
    pub(crate) fn set(&mut self, map: &Node, key: &str, value: New) -> Result<(), EditError> {
        self.set_after(map, key, value, None)
    }

    /// [`Edits::set`], a new key going after the entry `after` when the mapping has it.
    pub(crate) fn set_after(
        &mut self,
        map: &Node,
        key: &str,
        value: New,
        after: Option<&str>,
    ) -> Result<(), EditError> {
        let Some(entry) = self.own_entry(map, key) else {
            return self.insert(map, key, value, after);
        };
        let node = written_here(entry)?;
        match (&node.value, &value) {
            (Value::Scalar(s), _) if s.is_null() => self.fill_null(map, entry, value),
            (Value::Scalar(_), New::Plain(_) | New::Keep(_) | New::Text(_)) => {
                let with = self.replacement(node.span, value);
                self.changes.push((node.span, with));
                Ok(())
            }
            _ => Err(EditError::at(
                node.span,
                format!(
                    "`{key}` holds {}, which this edit does not replace",
                    node.describe()
                ),
            )),
        }
    }

    /// Add `key: value` to the mapping `map`: after the entry `after` when given and
    /// present, else as the last entry.
    pub(crate) fn insert(
        &mut self,
        map: &Node,
        key: &str,
        value: New,
        after: Option<&str>,
    ) -> Result<(), EditError> {
        let Value::Map(entries) = &map.value else {
            return Err(EditError::at(
                map.span,
                format!("expected a mapping here, found {}", map.describe()),
            ));
        };
        let own: Vec<&Entry> = entries.iter().filter(|e| self.is_own(map, e)).collect();
        let anchor = after
            .and_then(|a| own.iter().rev().find(|e| e.key.text == a))
            .or(own.last())
            .copied();
        if self.is_flow(map) {
            return self.insert_flow(map, anchor, key, value);
        }
        let Some(anchor) = anchor else {
            return Err(EditError::at(
                map.span,
                "cannot add a key to an empty mapping",
            ));
        };
        let indent = self.column(own[0].key.span.start as usize);
        let at = self.line_end(self.extent_end(anchor));
        let sibling = own
            .iter()
            .rev()
            .find(|e| matches!(e.value.value, Value::Map(_)));
        let mut text = String::from(self.newline);
        self.render_entry(&mut text, key, &value, indent, sibling.copied());
        self.changes.push((Span::new(at, at), text));
        Ok(())
    }

    /// The edited text, parsed again: an edit whose result does not parse is refused.
    pub(crate) fn apply(mut self) -> Result<String, EditError> {
        self.changes.sort_by_key(|(span, _)| span.start);
        let mut out = String::with_capacity(self.text.len() + 256);
        let mut at = 0usize;
        for (span, with) in &self.changes {
            let (start, end) = (span.start as usize, span.end as usize);
            if start < at {
                return Err(EditError::at(*span, "two changes to the same place"));
            }
            out.push_str(&self.text[at..start]);
            out.push_str(with);
            at = end;
        }
        out.push_str(&self.text[at..]);
        if let Err(e) = parse(&out, Limits::default()) {
            return Err(EditError {
                message: "the edited text would not parse as YAML".to_owned(),
                span: Some(e.span),
            });
        }
        Ok(out)
    }

    /// The mapping an entry holds (an item's definition), when it is written there: a
    /// mapping that is an alias of an anchor (`d: *base`) is written elsewhere, and is refused.
    pub(crate) fn mapping_of<'n>(&self, entry: &'n Entry) -> Result<&'n Node, EditError> {
        let node = written_here(entry)?;
        match node.value {
            Value::Map(_) => Ok(node),
            _ => Err(EditError::at(
                node.span,
                format!(
                    "`{}` holds {}, not a mapping",
                    entry.key.text,
                    node.describe()
                ),
            )),
        }
    }

    /// The entry `key` written in `map` itself (not merged in from an anchor).
    fn own_entry<'n>(&self, map: &'n Node, key: &str) -> Option<&'n Entry> {
        map.entries()?
            .iter()
            .rev()
            .find(|e| e.key.text == key && self.is_own(map, e))
    }

    /// Whether an entry is written inside the mapping, rather than merged from an anchor.
    fn is_own(&self, map: &Node, entry: &Entry) -> bool {
        entry.key.span.start >= map.span.start
    }

    fn is_flow(&self, node: &Node) -> bool {
        matches!(
            self.text.as_bytes().get(node.span.start as usize),
            Some(b'{' | b'[')
        )
    }

    /// The text replacing a scalar: in its quoting style when it is text.
    fn replacement(&self, span: Span, value: New) -> String {
        let quote = self.text.as_bytes().get(span.start as usize).copied();
        match value {
            New::Plain(text) => text,
            New::Keep(text) => match quote {
                Some(b'\'') => format!("'{}'", text.replace('\'', "''")),
                Some(b'"') => double_quoted(&text),
                _ => text,
            },
            New::Text(text) => match quote {
                Some(b'\'') if !text.contains(['\n', '\r']) => {
                    format!("'{}'", text.replace('\'', "''"))
                }
                Some(b'"') => double_quoted(&text),
                _ => scalar(&text),
            },
            New::List(_) | New::Map(_) => unreachable!("only scalars replace scalars"),
        }
    }

    /// Write a value where the entry has none (`key:`, `key: ~`, `key: null`).
    fn fill_null(&mut self, map: &Node, entry: &Entry, value: New) -> Result<(), EditError> {
        let bytes = self.text.as_bytes();
        let mut colon = entry.key.span.end as usize;
        while bytes.get(colon).is_some_and(|&b| b == b' ' || b == b'\t') {
            colon += 1;
        }
        if bytes.get(colon) != Some(&b':') {
            return Err(EditError::at(entry.key.span, "expected `:` after the key"));
        }
        let mut end = colon + 1;
        while bytes.get(end).is_some_and(|&b| b == b' ' || b == b'\t') {
            end += 1;
        }
        let written = &self.text[end..];
        let null_len = ["null", "Null", "NULL", "~"]
            .iter()
            .find(|word| {
                written.starts_with(*word)
                    && !written[word.len()..]
                        .bytes()
                        .next()
                        .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | b'}'))
            })
            .map_or(0, |w| w.len());
        let null = if null_len > 0 {
            Span::new(end, end + null_len)
        } else {
            Span::new(colon + 1, colon + 1)
        };
        match value {
            New::Map(children) => {
                if self.is_flow(map) {
                    let mut text = String::from(" ");
                    self.render_flow_map(&mut text, &children);
                    self.changes
                        .push((Span::new(colon + 1, null.end as usize), text));
                    return Ok(());
                }
                // The block goes on the lines below: whatever followed on the key's line
                // (a comment) stays there.
                let indent = self.column(entry.key.span.start as usize) + self.step;
                let mut text = String::new();
                for (k, v) in &children {
                    text.push_str(self.newline);
                    self.render_entry(&mut text, k, v, indent, None);
                }
                if null_len > 0 {
                    self.changes
                        .push((Span::new(colon + 1, null.end as usize), String::new()));
                }
                let at = self.line_end(null.end as usize);
                self.changes.push((Span::new(at, at), text));
            }
            scalar_value => {
                let with = match scalar_value {
                    New::Plain(t) | New::Keep(t) => t,
                    New::Text(t) => scalar(&t),
                    New::List(items) => flow_list(&items),
                    New::Map(_) => unreachable!("handled above"),
                };
                self.changes
                    .push((Span::new(colon + 1, null.end as usize), format!(" {with}")));
            }
        }
        Ok(())
    }

    /// Add an entry to a flow mapping, after `anchor` (or first, when it has none).
    fn insert_flow(
        &mut self,
        map: &Node,
        anchor: Option<&Entry>,
        key: &str,
        value: New,
    ) -> Result<(), EditError> {
        let mut entry = String::new();
        entry.push_str(&scalar(key));
        entry.push_str(": ");
        self.render_flow_value(&mut entry, &value);
        match anchor {
            Some(anchor) => {
                let at = self.extent_end(anchor);
                self.changes.push((Span::new(at, at), format!(", {entry}")));
            }
            None => {
                let (start, end) = (map.span.start as usize, map.span.end as usize);
                if !self.text[..end].ends_with('}') {
                    return Err(EditError::at(
                        map.span,
                        "cannot find the end of this mapping",
                    ));
                }
                self.changes
                    .push((Span::new(start + 1, end - 1), format!(" {entry} ")));
            }
        }
        Ok(())
    }

    /// `key: value` at `indent` in block style (the first line's indentation included); a
    /// mapping value in the style of `sibling`, the entry before it that holds a mapping.
    fn render_entry(
        &self,
        out: &mut String,
        key: &str,
        value: &New,
        indent: usize,
        sibling: Option<&Entry>,
    ) {
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(&scalar(key));
        out.push(':');
        match value {
            New::Plain(t) | New::Keep(t) => {
                out.push(' ');
                out.push_str(t);
            }
            New::Text(t) => {
                out.push(' ');
                out.push_str(&scalar(t));
            }
            New::List(items) => {
                out.push(' ');
                out.push_str(&flow_list(items));
            }
            New::Map(children) => {
                let sibling_value = sibling.map(|s| &s.value);
                if sibling_value.is_some_and(|v| self.is_flow(v)) {
                    out.push(' ');
                    self.render_flow_map(out, children);
                    return;
                }
                let step = sibling
                    .and_then(|s| {
                        let first = s.value.entries()?.first()?;
                        let child = self.column(first.key.span.start as usize);
                        let parent = self.column(s.key.span.start as usize);
                        child.checked_sub(parent).filter(|&n| n > 0)
                    })
                    .unwrap_or(self.step);
                for (k, v) in children {
                    out.push_str(self.newline);
                    self.render_entry(out, k, v, indent + step, None);
                }
            }
        }
    }

    fn render_flow_value(&self, out: &mut String, value: &New) {
        match value {
            New::Plain(t) | New::Keep(t) => out.push_str(t),
            New::Text(t) => out.push_str(&scalar(t)),
            New::List(items) => out.push_str(&flow_list(items)),
            New::Map(children) => self.render_flow_map(out, children),
        }
    }

    fn render_flow_map(&self, out: &mut String, children: &[(String, New)]) {
        out.push_str("{ ");
        for (i, (k, v)) in children.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&scalar(k));
            out.push_str(": ");
            self.render_flow_value(out, v);
        }
        out.push_str(" }");
    }

    /// The column of a byte offset (indentation is spaces, so bytes are columns).
    fn column(&self, offset: usize) -> usize {
        offset - self.text[..offset].rfind('\n').map_or(0, |i| i + 1)
    }

    /// Where the line holding the last written byte before `offset` ends (before its line
    /// break): a new line goes there, after any comment on it.
    fn line_end(&self, offset: usize) -> usize {
        let before = &self.text[..offset.min(self.text.len())];
        let last = before.trim_end().len().max(1) - 1;
        match self.text[last..].find('\n') {
            Some(i) if self.text[..last + i].ends_with('\r') => last + i - 1,
            Some(i) => last + i,
            None => self.text.len(),
        }
    }

    /// The end of the last byte written for an entry: its key and value, scalars, keys and
    /// flow collections (a block collection's own span may reach into what follows it).
    /// Content copied by an alias lies before the entry and does not count.
    fn extent_end(&self, entry: &Entry) -> usize {
        let floor = entry.key.span.start;
        let mut end = entry.key.span.end;
        self.node_end(&entry.value, floor, &mut end);
        end as usize
    }

    fn node_end(&self, node: &Node, floor: u32, end: &mut u32) {
        if node.span.start < floor {
            return;
        }
        match &node.value {
            Value::Scalar(s) => {
                // A null written as nothing has an empty span, wherever the parser put it.
                if !(s.is_null() && node.span.is_empty()) {
                    *end = (*end).max(node.span.end);
                }
            }
            Value::Seq(items) => {
                if self.is_flow(node) {
                    *end = (*end).max(node.span.end);
                }
                for item in items {
                    self.node_end(item, floor, end);
                }
            }
            Value::Map(entries) => {
                if self.is_flow(node) {
                    *end = (*end).max(node.span.end);
                }
                for e in entries.iter().filter(|e| e.key.span.start >= floor) {
                    *end = (*end).max(e.key.span.end);
                    self.node_end(&e.value, floor, end);
                }
            }
        }
    }
}

/// An entry's value, when it is written after its key: a value that is an alias of an anchor
/// (`*base`) is written elsewhere, and editing it there would change every use of the anchor.
fn written_here(entry: &Entry) -> Result<&Node, EditError> {
    let node = &entry.value;
    if node.span.start < entry.key.span.end {
        return Err(EditError::at(
            entry.key.span,
            format!(
                "`{}` is an alias of an anchor; write it out to edit it",
                entry.key.text
            ),
        ));
    }
    Ok(node)
}

/// The indentation step of the first nested block mapping of a file.
fn block_step(text: &str, root: &Node) -> Option<usize> {
    let column = |offset: u32| {
        let offset = offset as usize;
        offset - text[..offset].rfind('\n').map_or(0, |i| i + 1)
    };
    let entries = root.entries()?;
    entries.iter().find_map(|e| {
        let child = e.value.entries()?.first()?;
        let step = column(child.key.span.start).checked_sub(column(e.key.span.start))?;
        (step > 0 && !text[e.key.span.end as usize..child.key.span.start as usize].contains('{'))
            .then_some(step)
    })
}

/// Text as a YAML scalar: plain when YAML reads it back as the same text, else in double
/// quotes.
pub(crate) fn scalar(text: &str) -> String {
    if plain_is_text(text) {
        text.to_owned()
    } else {
        double_quoted(text)
    }
}

/// `[a, b]`, each item as [`scalar`].
fn flow_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| scalar(i)).collect();
    format!("[{}]", items.join(", "))
}

fn double_quoted(text: &str) -> String {
    // JSON's escapes are YAML's double-quoted escapes.
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

/// Whether `text` written plain reads back as the same text in any YAML reader, in block
/// and flow style alike: ids, words and names with `-`, `_`, `.`, `@`, `/`, `+` and inner
/// spaces, but nothing YAML 1.1 or 1.2 would type.
fn plain_is_text(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text.ends_with(' ') || text.contains("  ") {
        return false;
    }
    let special = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ];
    first.is_ascii_alphanumeric()
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '/' | '+' | ' ')
        })
        && !special.iter().any(|s| s.eq_ignore_ascii_case(text))
        && !text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
        && text.parse::<f64>().is_err()
}

#[cfg(test)]
mod tests;
