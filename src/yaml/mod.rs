//! A YAML document as a tree of nodes that remember where they came from.
//!
//! The tree is built straight from the events of `granit-parser` (the parser behind
//! serde-saphyr). Going through serde-saphyr's own deserializer cost about 1.2 s for a 10 MB
//! organisation against 0.4 s for the bare event stream, and the tree is what the rest of the
//! loader needs anyway: every key and value with its byte span, keys repeated in one mapping
//! reported with both places, and unknown fields found by comparing keys with the fields a
//! type declares (see `yaml::de`). Budgets on depth and on the nodes that aliases may
//! materialise keep a hostile file from exhausting the machine.
//!
//! Scalars keep their text and whether they were written plain; typing (`true`, `12`, `null`)
//! is decided by the type that reads them, so `name: 1984` is the text "1984" and never a
//! number that has to be quoted.

pub(crate) mod de;
pub(crate) mod edit;
pub(crate) mod quick;
pub(crate) mod slice;

use compact_str::CompactString;
use rustc_hash::FxHashMap as HashMap;

use granit_parser::{Event, Parser, ScalarStyle};

use crate::source::Span;

/// Hard limits for one document.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Deepest nesting of mappings and sequences.
    pub(crate) max_depth: usize,
    /// Most nodes in the tree, counting those copied by aliases.
    pub(crate) max_nodes: usize,
    /// Most nodes that aliases may copy. Real files repeat a few small blocks; an alias bomb
    /// repeats repetitions and hits this long before memory runs out.
    pub(crate) max_alias_nodes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: 64,
            max_nodes: 20_000_000,
            max_alias_nodes: 100_000,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub(crate) span: Span,
    pub(crate) value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Scalar {
    /// Inline up to 24 bytes (most ids, names, handles and dates): a file's tree holds
    /// millions of scalars, and a heap allocation each made it larger than the model.
    pub(crate) text: CompactString,
    /// Written without quotes or block indicators: only plain scalars can mean null, a
    /// boolean or a number.
    pub(crate) plain: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub(crate) key: Key,
    pub(crate) value: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Key {
    pub(crate) text: CompactString,
    pub(crate) span: Span,
}

impl Node {
    pub(crate) fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(s) if s.is_null())
    }

    /// What kind of value this is, for messages ("found a list").
    pub(crate) fn describe(&self) -> &'static str {
        match &self.value {
            Value::Scalar(s) if s.is_null() => "nothing",
            Value::Scalar(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The entries of a mapping.
    pub(crate) fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items of a sequence.
    pub(crate) fn items(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The text of a scalar that is not null.
    pub(crate) fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) if !s.is_null() => Some(&s.text),
            _ => None,
        }
    }

    /// The value under `key` in a mapping.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|e| e.key.text == key)
            .map(|e| &e.value)
    }
}

impl Scalar {
    pub(crate) fn is_null(&self) -> bool {
        self.plain && matches!(self.text.as_str(), "" | "~" | "null" | "Null" | "NULL")
    }
}

/// Why a document could not be read.
#[derive(Debug, PartialEq)]
pub(crate) struct YamlError {
    pub(crate) kind: YamlErrorKind,
    pub(crate) span: Span,
}

#[derive(Debug, PartialEq)]
pub(crate) enum YamlErrorKind {
    Syntax(String),
    DuplicateKey {
        key: String,
        first: Span,
    },
    ComplexKey,
    UnsupportedTag(String),
    UnknownAnchor,
    TooDeep {
        limit: usize,
    },
    TooManyNodes {
        limit: usize,
    },
    MultipleDocuments,
    Empty,
    /// A control or bidirectional-override character in a value (line breaks and tabs
    /// excepted) or in a key (none allowed).
    Unprintable {
        character: char,
        in_key: bool,
    },
}

impl YamlError {
    fn new(kind: YamlErrorKind, span: Span) -> YamlError {
        YamlError { kind, span }
    }
}

/// An open collection while its children are read.
enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<Entry>,
        /// Key text to index in `entries`, to find repeats without a quadratic scan; made
        /// once the mapping is large (small ones, most of them, are scanned).
        index: Option<HashMap<CompactString, usize>>,
        pending_key: Option<Key>,
        /// Entries that came from `<<` merge keys; explicit entries override them.
        merged: Vec<Entry>,
    },
}

/// Parse one YAML document into a tree.
///
/// Text in the plain subset that ownership files are written in is read by `quick_yaml`,
/// about ten times faster; `granit-parser` reads the rest. Both give the builder the same
/// events with the same spans, so the tree, and every error the builder finds, is the same.
pub(crate) fn parse(text: &str, limits: Limits) -> Result<Node, YamlError> {
    let mut documents = parse_stream(text, limits, false)?;
    Ok(documents.swap_remove(0))
}

/// Parse every document of a stream (`---` between them), as Kubernetes manifests and Sigma
/// rule collections are written; each document's anchors are its own, and the budgets hold
/// for the whole file. A document with no content is a null node.
pub(crate) fn parse_documents(text: &str, limits: Limits) -> Result<Vec<Node>, YamlError> {
    parse_stream(text, limits, true)
}

/// The documents of `text` (one, or an error at the second, unless `multi`); never empty.
fn parse_stream(text: &str, limits: Limits, multi: bool) -> Result<Vec<Node>, YamlError> {
    let new_builder = || Builder {
        stack: Vec::new(),
        anchors: HashMap::default(),
        nodes: 0,
        alias_nodes: 0,
        limits,
        root: None,
        documents: 0,
        multi,
        done: Vec::new(),
    };
    // The events go to the builder as they are read. When the text turns out not to be in
    // the subset, the events so far were the ones `granit-parser` gives too, so an error the
    // builder found in them stands; otherwise the tree is built again from the start.
    let mut builder = new_builder();
    let mut failed = None;
    let read = quick::read(
        text,
        &mut |event, span| match builder.quick_event(event, span) {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        },
    );
    if let Some(e) = failed {
        return Err(e);
    }
    if read == quick::Read::Done {
        return builder.finish();
    }
    let mut builder = new_builder();
    let mut options = granit_parser::Options::default();
    options.flow_nesting_limit = limits.max_depth;
    options.block_nesting_limit = limits.max_depth;
    let mut parser = Parser::new_from_str_with_options(text, options);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| {
            let at = marker_offset(e.marker());
            YamlError::new(
                YamlErrorKind::Syntax(e.info().to_owned()),
                Span::new(at, at),
            )
        })?;
        let span = Span::new(marker_offset(&span.start), marker_offset(&span.end));
        builder.event(event, span)?;
    }
    builder.finish()
}

fn marker_offset(marker: &granit_parser::Marker) -> usize {
    // `new_from_str` guarantees byte offsets; fall back to the character index, which is the
    // same for ASCII input, rather than failing.
    marker.byte_offset().unwrap_or_else(|| marker.index())
}

struct Builder {
    stack: Vec<Frame>,
    /// Anchored nodes by parser id, with the number of nodes each holds.
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    alias_nodes: usize,
    limits: Limits,
    root: Option<Node>,
    documents: usize,
    /// Several documents are welcome (`parse_documents`).
    multi: bool,
    /// The documents before the current one.
    done: Vec<Node>,
}

impl Builder {
    /// The documents read; a stream without any is an empty file.
    fn finish(mut self) -> Result<Vec<Node>, YamlError> {
        self.done.extend(self.root.take());
        if self.done.is_empty() {
            return Err(YamlError::new(YamlErrorKind::Empty, Span::default()));
        }
        Ok(self.done)
    }

    /// An event of `quick_yaml`, handled as the same event of `granit-parser` would be.
    fn quick_event(&mut self, event: quick::Event<'_>, span: Span) -> Result<(), YamlError> {
        use quick::Event as Quick;
        match event {
            Quick::DocumentStart => {
                self.documents += 1;
                Ok(())
            }
            Quick::Scalar { text, plain } => self.scalar(CompactString::from(text), plain, 0, span),
            Quick::MappingStart => self.start_mapping(0, span),
            Quick::SequenceStart => self.start_sequence(0, span),
            Quick::End => self.end(span),
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    if !self.multi {
                        return Err(YamlError::new(YamlErrorKind::MultipleDocuments, span));
                    }
                    // A document without content leaves no root: it is null.
                    let previous = self.root.take().unwrap_or_else(|| Node {
                        span: Span {
                            start: span.start,
                            end: span.start,
                        },
                        value: Value::Scalar(Scalar {
                            text: CompactString::default(),
                            plain: true,
                        }),
                    });
                    self.done.push(previous);
                    self.anchors.clear();
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let mut plain = matches!(style, ScalarStyle::Plain);
                if let Some(tag) = tag {
                    check_tag(&tag, span)?;
                    // `!!str 12` asks for text: treat it like a quoted scalar.
                    if tag.suffix() == "str" {
                        plain = false;
                    }
                }
                // The quick reader takes printable text only; here any text may come.
                let in_key = matches!(
                    self.stack.last(),
                    Some(Frame::Map {
                        pending_key: None,
                        ..
                    })
                );
                if let Some(character) = text.chars().find(|&c| unprintable(c, in_key)) {
                    return Err(YamlError::new(
                        YamlErrorKind::Unprintable { character, in_key },
                        span,
                    ));
                }
                self.scalar(CompactString::from(text), plain, anchor, span)?;
            }
            Event::SequenceStart(_, anchor, tag) => {
                if let Some(tag) = tag {
                    check_tag(&tag, span)?;
                }
                self.start_sequence(anchor, span)?;
            }
            Event::MappingStart(_, anchor, tag) => {
                if let Some(tag) = tag {
                    check_tag(&tag, span)?;
                }
                self.start_mapping(anchor, span)?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.end(span)?,
            Event::Alias(id) => {
                let Some(&(_, size)) = self.anchors.get(&id) else {
                    return Err(YamlError::new(YamlErrorKind::UnknownAnchor, span));
                };
                self.alias_nodes = self.alias_nodes.saturating_add(size);
                if self.alias_nodes > self.limits.max_alias_nodes {
                    return Err(YamlError::new(
                        YamlErrorKind::TooManyNodes {
                            limit: self.limits.max_alias_nodes,
                        },
                        span,
                    ));
                }
                self.count(size, span)?;
                let node = self.anchors.get(&id).map(|(n, _)| n.clone());
                if let Some(node) = node {
                    self.push(node)?;
                }
            }
            // Anchor metadata, unresolved aliases and comments are not emitted with the
            // options used here; anything newer the parser adds carries no content we use.
            _ => {}
        }
        Ok(())
    }

    fn scalar(
        &mut self,
        text: CompactString,
        plain: bool,
        anchor: usize,
        span: Span,
    ) -> Result<(), YamlError> {
        let node = Node {
            span,
            value: Value::Scalar(Scalar { text, plain }),
        };
        self.count(1, span)?;
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), 1));
        }
        self.push(node)
    }

    fn start_sequence(&mut self, anchor: usize, span: Span) -> Result<(), YamlError> {
        self.open(span)?;
        self.stack.push(Frame::Seq {
            start: span.start as usize,
            anchor,
            items: Vec::new(),
        });
        Ok(())
    }

    fn start_mapping(&mut self, anchor: usize, span: Span) -> Result<(), YamlError> {
        self.open(span)?;
        self.stack.push(Frame::Map {
            start: span.start as usize,
            anchor,
            entries: Vec::new(),
            index: None,
            pending_key: None,
            merged: Vec::new(),
        });
        Ok(())
    }

    /// The end of the innermost mapping or sequence.
    fn end(&mut self, span: Span) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (node, anchor) = match frame {
            Frame::Seq {
                start,
                anchor,
                items,
            } => (
                Node {
                    span: Span::new(start, span.end as usize),
                    value: Value::Seq(items),
                },
                anchor,
            ),
            Frame::Map {
                start,
                anchor,
                mut entries,
                index,
                merged,
                ..
            } => {
                let mut seen = index.unwrap_or_else(|| index_of(&entries));
                for entry in merged {
                    if !seen.contains_key(&entry.key.text) {
                        seen.insert(entry.key.text.clone(), entries.len());
                        entries.push(entry);
                    }
                }
                (
                    Node {
                        span: Span::new(start, span.end as usize),
                        value: Value::Map(entries),
                    },
                    anchor,
                )
            }
        };
        if anchor != 0 {
            let size = count_nodes(&node);
            self.anchors.insert(anchor, (node.clone(), size));
        }
        self.push(node)?;
        Ok(())
    }

    fn count(&mut self, nodes: usize, span: Span) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > self.limits.max_nodes {
            return Err(YamlError::new(
                YamlErrorKind::TooManyNodes {
                    limit: self.limits.max_nodes,
                },
                span,
            ));
        }
        Ok(())
    }

    fn open(&mut self, span: Span) -> Result<(), YamlError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(YamlError::new(
                YamlErrorKind::TooDeep {
                    limit: self.limits.max_depth,
                },
                span,
            ));
        }
        self.count(1, span)
    }

    /// Attach a finished node to its parent (or make it the root).
    fn push(&mut self, node: Node) -> Result<(), YamlError> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                index,
                pending_key,
                merged,
                ..
            }) => match pending_key.take() {
                None => {
                    let Value::Scalar(scalar) = node.value else {
                        return Err(YamlError::new(YamlErrorKind::ComplexKey, node.span));
                    };
                    // Keys are ids and field names: one line of printable text, so that no
                    // output (a CODEOWNERS comment, a terminal, a one-line format) can be
                    // split or restyled by one.
                    if let Some(character) = scalar.text.chars().find(|&c| unprintable(c, true)) {
                        return Err(YamlError::new(
                            YamlErrorKind::Unprintable {
                                character,
                                in_key: true,
                            },
                            node.span,
                        ));
                    }
                    *pending_key = Some(Key {
                        text: scalar.text,
                        span: node.span,
                    });
                }
                Some(key) if key.text == "<<" => merge_into(merged, node, key.span)?,
                Some(key) => {
                    let repeated = match index {
                        Some(index) => index.get(&key.text).copied(),
                        None => entries.iter().position(|e| e.key.text == key.text),
                    };
                    if let Some(first) = repeated {
                        return Err(YamlError::new(
                            YamlErrorKind::DuplicateKey {
                                key: key.text.into_string(),
                                first: entries[first].key.span,
                            },
                            key.span,
                        ));
                    }
                    if index.is_none() && entries.len() >= SCANNED_KEYS {
                        *index = Some(index_of(entries));
                    }
                    if let Some(index) = index {
                        index.insert(key.text.clone(), entries.len());
                    }
                    entries.push(Entry { key, value: node });
                }
            },
        }
        Ok(())
    }
}

/// Mappings up to this size find repeated keys by scanning their entries.
const SCANNED_KEYS: usize = 16;

/// Key text to position, for a mapping's entries.
fn index_of(entries: &[Entry]) -> HashMap<CompactString, usize> {
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key.text.clone(), i))
        .collect()
}

/// `<<: *defaults` (or a list of them) copies entries that the mapping does not set itself.
fn merge_into(merged: &mut Vec<Entry>, node: Node, key_span: Span) -> Result<(), YamlError> {
    match node.value {
        Value::Map(entries) => merged.extend(entries),
        Value::Seq(items) => {
            for item in items {
                match item.value {
                    Value::Map(entries) => merged.extend(entries),
                    _ => {
                        return Err(YamlError::new(
                            YamlErrorKind::Syntax(
                                "a `<<` merge key takes a mapping or a list of mappings".into(),
                            ),
                            item.span,
                        ));
                    }
                }
            }
        }
        Value::Scalar(_) => {
            return Err(YamlError::new(
                YamlErrorKind::Syntax(
                    "a `<<` merge key takes a mapping or a list of mappings".into(),
                ),
                key_span,
            ));
        }
    }
    Ok(())
}

/// Characters no ownership file needs and every output would have to defuse: control
/// characters (terminal escapes, carriage returns), except line breaks and tabs in values,
/// and the bidirectional overrides that make text display in another order than it reads
/// ("Trojan Source").
fn unprintable(c: char, in_key: bool) -> bool {
    (c.is_control() && (in_key || !matches!(c, '\n' | '\t')))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        // An id that looks like another (`alice` with a zero-width space, a bidi mark) or
        // that breaks a line in one-line formats (U+2028, U+2029) is refused; values may
        // hold them (a zero-width joiner in a name is text).
        || (in_key
            && matches!(
                c,
                '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{2060}' | '\u{061c}' | '\u{feff}'
            ))
}

fn check_tag(tag: &granit_parser::Tag, span: Span) -> Result<(), YamlError> {
    let core = tag.handle() == "tag:yaml.org,2002:"
        && matches!(
            tag.suffix(),
            "str" | "int" | "float" | "bool" | "null" | "map" | "seq"
        );
    if core {
        Ok(())
    } else {
        Err(YamlError::new(
            YamlErrorKind::UnsupportedTag(format!("{}{}", tag.handle(), tag.suffix())),
            span,
        ))
    }
}

fn count_nodes(node: &Node) -> usize {
    match &node.value {
        Value::Scalar(_) => 1,
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|e| 1 + count_nodes(&e.value))
                .sum::<usize>()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
        node.get(key)
    }

    fn scalar_text(node: &Node) -> Option<&str> {
        node.text()
    }

    fn parse_ok(text: &str) -> Node {
        match parse(text, Limits::default()) {
            Ok(node) => node,
            Err(e) => panic!("{text:?} failed: {e:?}"),
        }
    }

    fn parse_err(text: &str) -> YamlError {
        match parse(text, Limits::default()) {
            Ok(node) => panic!("{text:?} parsed: {node:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let text = "duties:\n  a:\n    accountable: [bob, \"caé\"]\n";
        let root = parse_ok(text);
        let duty = get(&root, "duties").and_then(|d| get(d, "a")).unwrap();
        let Value::Map(entries) = &duty.value else {
            panic!("not a map")
        };
        let entry = &entries[0];
        assert_eq!(
            &text[entry.key.span.start as usize..entry.key.span.end as usize],
            "accountable"
        );
        let Value::Seq(items) = &entry.value.value else {
            panic!("not a list")
        };
        let span = items[1].span;
        assert_eq!(&text[span.start as usize..span.end as usize], "\"caé\"");
        assert_eq!(scalar_text(&items[1]), Some("caé"));
    }

    #[test]
    fn plain_and_quoted_scalars_differ_only_in_typing() {
        let root = parse_ok("a: null\nb: 'null'\nc:\n");
        assert!(get(&root, "a").unwrap().is_null());
        assert!(!get(&root, "b").unwrap().is_null());
        assert!(get(&root, "c").unwrap().is_null());
    }

    #[test]
    fn repeated_key_points_at_both_places() {
        let text = "people:\n  bob: {}\n  amy: {}\n  bob: {}\n";
        let err = parse_err(text);
        let YamlErrorKind::DuplicateKey { key, first } = err.kind else {
            panic!("{err:?}")
        };
        assert_eq!(key, "bob");
        assert_eq!(first.start, 10);
        assert_eq!(err.span.start as usize, text.rfind("bob").unwrap());
    }

    #[test]
    fn repeated_key_in_a_large_mapping_points_at_both_places() {
        let mut text = String::from("people:\n");
        for i in 0..40 {
            text.push_str(&format!("  p{i}: {{}}\n"));
        }
        text.push_str("  p7: {}\n");
        let err = parse_err(&text);
        let YamlErrorKind::DuplicateKey { key, first } = err.kind else {
            panic!("{err:?}")
        };
        assert_eq!(key, "p7");
        assert_eq!(first.start as usize, text.find("p7").unwrap());
        assert_eq!(err.span.start as usize, text.rfind("p7").unwrap());
    }

    #[test]
    fn merge_keys_copy_entries_that_are_not_set() {
        let root = parse_ok("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n");
        let item = get(&root, "item").unwrap();
        assert_eq!(get(item, "x").and_then(scalar_text), Some("1"));
        assert_eq!(get(item, "y").and_then(scalar_text), Some("3"));
    }

    #[test]
    fn alias_bomb_hits_the_node_budget() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            let list = vec![prev; 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{list}]\n"));
        }
        let err = parse_err(&text);
        assert!(
            matches!(err.kind, YamlErrorKind::TooManyNodes { .. }),
            "{err:?}"
        );
    }

    #[test]
    fn deep_nesting_is_rejected() {
        let text = "[".repeat(100_000);
        let err = parse_err(&text);
        assert!(
            matches!(
                err.kind,
                YamlErrorKind::TooDeep { .. } | YamlErrorKind::Syntax(_)
            ),
            "{err:?}"
        );
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let err = parse_err("a: [b, c\nd: e\n");
        assert!(matches!(err.kind, YamlErrorKind::Syntax(_)), "{err:?}");
        assert!(err.span.start > 0);
    }

    #[test]
    fn control_and_bidi_characters_are_errors_at_their_scalar() {
        fn unprintable(text: &str) -> (char, bool, &str) {
            match parse_err(text) {
                YamlError {
                    kind: YamlErrorKind::Unprintable { character, in_key },
                    span,
                } => (
                    character,
                    in_key,
                    &text[span.start as usize..span.end as usize],
                ),
                other => panic!("{text:?}: {other:?}"),
            }
        }
        assert_eq!(
            unprintable("a: \"x\\e[31my\"\n"),
            ('\u{1b}', false, "\"x\\e[31my\"")
        );
        assert_eq!(unprintable("a: \"x\\ry\"\n"), ('\r', false, "\"x\\ry\""));
        assert_eq!(
            unprintable("a: [ok, \"x\u{202e}y\"]\n"),
            ('\u{202e}', false, "\"x\u{202e}y\"")
        );
        assert_eq!(unprintable("\"a\\nb\": c\n"), ('\n', true, "\"a\\nb\""));
        assert_eq!(
            unprintable("x:\n  \"a\\tb\": c\n"),
            ('\t', true, "\"a\\tb\"")
        );
        // An anchored value with a line break cannot become a key through an alias.
        assert_eq!(unprintable("a: &k \"p\\nq\"\nb: { *k : 1 }\n").0, '\n');
        // Line breaks and tabs are text in values.
        let node = parse_ok("a: \"line\\nnext\\tcol\"\nb: |\n  one\n  two\n");
        assert_eq!(scalar_text(node.get("a").unwrap()), Some("line\nnext\tcol"));
        assert_eq!(scalar_text(node.get("b").unwrap()), Some("one\ntwo\n"));
    }

    #[test]
    fn empty_and_multi_document_files_are_errors() {
        assert_eq!(parse_err("# nothing\n").kind, YamlErrorKind::Empty);
        assert_eq!(
            parse_err("a: 1\n---\nb: 2\n").kind,
            YamlErrorKind::MultipleDocuments
        );
    }

    #[test]
    fn streams_give_every_document() {
        let docs = parse_documents("a: 1\n---\nb: 2\n---\n---\nc: [3]\n", Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(docs.len(), 4);
        assert!(docs[0].get("a").is_some() && docs[1].get("b").is_some());
        assert!(docs[2].is_null(), "{:?}", docs[2]);
        assert!(docs[3].get("c").is_some());
        // One document read as a stream is one document; anchors do not cross documents.
        assert_eq!(
            parse_documents("a: 1\n", Limits::default()).unwrap().len(),
            1
        );
        assert!(parse_documents("a: &x 1\n---\nb: *x\n", Limits::default()).is_err());
        assert_eq!(
            parse_documents("# nothing\n", Limits::default())
                .unwrap_err()
                .kind,
            YamlErrorKind::Empty
        );
    }

    #[test]
    fn custom_tags_are_rejected() {
        let err = parse_err("a: !include other.yaml\n");
        assert!(
            matches!(err.kind, YamlErrorKind::UnsupportedTag(_)),
            "{err:?}"
        );
    }
}
