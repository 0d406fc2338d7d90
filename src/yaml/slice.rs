//! Byte-level slicing of a YAML file, for reading a change without parsing the whole file:
//! [`changed_items`] cuts the part of two versions that differs, widened to whole items of
//! their top-level sections, and [`word_positions`] finds an id as a whole word. `own log`
//! reads thousands of versions of large files this way. Both work on the plain block style
//! the ownership files are written in and give up (`None`, or a superset of matches) on
//! anything else, so the caller falls back to parsing the file.

/// The part of a file that a change touches, widened to whole items of its top-level
/// sections, as a small document on each side: the section's line, then the items. Parsing
/// the two tells everything the change did, since the rest of the file is the same text in
/// the same sections. `None` when the change cannot be isolated that way (document markers,
/// directives, anchors, escapes, a top-level line that is not a key): read the whole file.
pub(crate) fn changed_items(old: &[u8], new: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let plain = |t: &[u8]| {
        !(t.starts_with(b"---")
            || t.starts_with(b"%")
            || memchr::memmem::find(t, b"\n---").is_some()
            || t.contains(&b'&')
            || t.contains(&b'\\'))
    };
    if !plain(old) || !plain(new) {
        return None;
    }
    let shortest = old.len().min(new.len());
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(shortest - prefix)
        .take_while(|(a, b)| a == b)
        .count();
    let (old_lines, new_lines) = (Lines::of(old)?, Lines::of(new)?);
    // Start: the last boundary at or before the first changed byte, the same in both.
    let start = old_lines
        .boundaries
        .iter()
        .rev()
        .copied()
        .find(|&p| p <= prefix && new_lines.boundaries.binary_search(&p).is_ok())
        .unwrap_or(0);
    // End: the first boundary inside the common suffix (as a distance from the end), so that
    // the line before it is the same in both too.
    let end_distance = old_lines
        .boundaries
        .iter()
        .copied()
        .map(|p| old.len() - p)
        .filter(|&d| d < suffix && d <= old.len() - start && d <= new.len() - start)
        .find(|&d| new_lines.boundaries.binary_search(&(new.len() - d)).is_ok())
        .unwrap_or(0);
    let section = old_lines.section_before(start);
    let part = |text: &[u8]| {
        let mut out = text[section.clone()].to_vec();
        out.extend_from_slice(&text[start..text.len() - end_distance]);
        if !out.is_empty() && !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        out
    };
    Some((part(old), part(new)))
}

/// Where items and sections start in a file: every top-level key line, and every line of a
/// section at the indentation of that section's first line.
struct Lines {
    /// Sorted byte offsets of those lines.
    boundaries: Vec<usize>,
    /// The top-level key lines, as byte ranges.
    sections: Vec<std::ops::Range<usize>>,
}

impl Lines {
    /// `None` when a top-level line is not a `key:` line (a flow collection's closing
    /// bracket, a list), which the item boundaries cannot describe.
    fn of(text: &[u8]) -> Option<Lines> {
        let mut lines = Lines {
            boundaries: Vec::new(),
            sections: Vec::new(),
        };
        let mut item_indent: Option<usize> = None;
        let mut in_section = false;
        let mut start = 0;
        while start < text.len() {
            let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |i| start + i + 1);
            let line = &text[start..end];
            let indent = line.iter().take_while(|&&b| b == b' ').count();
            let rest = &line[indent..];
            let filler = rest.iter().all(u8::is_ascii_whitespace) || rest.first() == Some(&b'#');
            if !filler {
                if indent == 0 {
                    let key = rest.iter().position(|&b| b == b':').is_some_and(|i| {
                        i > 0 && !matches!(rest[0], b'-' | b'[' | b'{' | b'}' | b']' | b'"' | b'\'')
                    });
                    if !key {
                        return None;
                    }
                    lines.boundaries.push(start);
                    lines.sections.push(start..end);
                    item_indent = None;
                    in_section = true;
                } else if in_section {
                    let items = *item_indent.get_or_insert(indent);
                    if indent == items {
                        lines.boundaries.push(start);
                    }
                }
            }
            start = end;
        }
        Some(lines)
    }

    /// The section line before an offset (empty when the offset starts a section or there is
    /// none).
    fn section_before(&self, at: usize) -> std::ops::Range<usize> {
        match self.sections.iter().rev().find(|s| s.start <= at) {
            Some(section) if section.start < at => section.clone(),
            _ => 0..0,
        }
    }
}

/// Where `needle` occurs in `haystack` with no id character right before or after it.
pub(crate) fn word_positions(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    let id_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    memchr::memmem::find_iter(haystack, needle)
        .filter(|&at| {
            let before = at.checked_sub(1).map(|i| haystack[i]);
            let after = haystack.get(at + needle.len()).copied();
            !before.is_some_and(id_char) && !after.is_some_and(id_char)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_whole_ids() {
        assert_eq!(word_positions(b"  duty-42:\n", b"duty-42"), [2]);
        assert_eq!(word_positions(b"[duty-42, x]", b"duty-42"), [1]);
        assert!(word_positions(b"duty-420:", b"duty-42").is_empty());
        assert!(word_positions(b"my-duty-42:", b"duty-42").is_empty());
        assert_eq!(word_positions(b"my-duty-42 duty-42", b"duty-42"), [11]);
    }

    fn parts(old: &str, new: &str) -> Option<(String, String)> {
        changed_items(old.as_bytes(), new.as_bytes())
            .map(|(a, b)| (String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap()))
    }

    #[test]
    fn a_change_is_widened_to_the_items_it_touches() {
        let old = "people:\n  a: {}\nduties:\n  x:\n    accountable: a\n\n    # note\n  y:\n    accountable: a\n  z:\n    accountable: a\n";
        let new = old.replace("  y:\n    accountable: a", "  y:\n    accountable: b");
        assert_eq!(
            parts(old, &new),
            Some((
                "duties:\n  y:\n    accountable: a\n".to_owned(),
                "duties:\n  y:\n    accountable: b\n".to_owned()
            ))
        );
        // A renamed key, an item added at the end, a new section.
        let renamed = old.replace("  y:", "  w:");
        assert_eq!(
            parts(old, &renamed).map(|(_, b)| b),
            Some("duties:\n  w:\n    accountable: a\n".to_owned())
        );
        let added = format!("{old}  v: {{ accountable: a }}\n");
        assert_eq!(
            parts(old, &added),
            Some((
                "duties:\n  z:\n    accountable: a\n".to_owned(),
                "duties:\n  z:\n    accountable: a\n  v: { accountable: a }\n".to_owned()
            ))
        );
        // A change on a section's line is that line alone, without another section's line.
        let commented = old.replace("duties:", "duties: # all of them");
        assert_eq!(
            parts(old, &commented),
            Some(("duties:\n".to_owned(), "duties: # all of them\n".to_owned()))
        );
        let section = format!("{old}teams:\n  t: {{}}\n");
        assert_eq!(
            parts(old, &section).map(|(_, b)| b),
            Some("duties:\n  z:\n    accountable: a\nteams:\n  t: {}\n".to_owned())
        );
        // Flow style and anchors are read whole.
        assert_eq!(
            parts("duties: {\n  x: {}\n}\n", "duties: {\n  y: {}\n}\n"),
            None
        );
        assert_eq!(parts("a: &x 1\n", "a: &x 2\n"), None);
    }
}
