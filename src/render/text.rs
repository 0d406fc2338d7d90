//! Helpers shared by the `who` and `report` renderers: terminal width and colour, and the
//! escaping of values for Markdown, CSV and HTML (every value read from YAML goes through
//! one of these before it is printed in a structured format).

use std::borrow::Cow;
use std::io::IsTerminal;

use comfy_table::{Cell, Color, ContentArrangement, Table};

/// How terminal output may look.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Look {
    pub(crate) color: bool,
    /// Wrap or split tables to this many columns; `None`: no limit.
    pub(crate) width: Option<u16>,
}

impl Look {
    /// For stdout: colour as decided by `--color`, the terminal's width (or `COLUMNS`).
    pub(crate) fn stdout(color: bool) -> Look {
        Look {
            color,
            width: terminal_width(),
        }
    }

    pub(crate) fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    pub(crate) fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    /// A role's name or letter in the role's colour.
    pub(crate) fn role(&self, role: usize, text: &str) -> String {
        const CODES: [&str; 6] = ["31", "34", "33", "36", "35", "32"];
        self.paint(CODES[role % CODES.len()], text)
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_owned()
        }
    }

    /// A borderless table that fits the width, styled only when colour is on.
    pub(crate) fn table(&self) -> Table {
        let mut table = Table::new();
        table
            .load_preset(comfy_table::presets::NOTHING)
            .force_no_tty();
        if self.color {
            table.enforce_styling();
        }
        if let Some(width) = self.width {
            table
                .set_width(width)
                .set_content_arrangement(ContentArrangement::Dynamic);
        }
        table
    }

    /// A table cell in a role's colour.
    pub(crate) fn role_cell(&self, role: usize, text: &str) -> Cell {
        const COLORS: [Color; 6] = [
            Color::Red,
            Color::Blue,
            Color::Yellow,
            Color::Cyan,
            Color::Magenta,
            Color::Green,
        ];
        let cell = Cell::new(text);
        if self.color {
            cell.fg(COLORS[role % COLORS.len()])
        } else {
            cell
        }
    }
}

/// The terminal's width when stdout is one, else `COLUMNS` when set.
fn terminal_width() -> Option<u16> {
    if std::io::stdout().is_terminal()
        && let Some(width) = Table::new().width()
    {
        return Some(width);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&w: &u16| w >= 20)
}

/// A table's lines without the trailing padding comfy-table leaves.
pub(crate) fn table_lines(table: &Table) -> impl Iterator<Item = String> + '_ {
    table.lines().map(|l| l.trim_end().to_owned())
}

/// Whether YAML refuses a character written as it is (controls, DEL and C1 controls,
/// non-characters), or may read it as a line break (U+2028, U+2029) or a byte order mark.
pub(crate) fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// A bidirectional control: it reorders what a terminal or a web page shows around it.
fn bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}

/// Text that stays on one line of a YAML comment or a terminal: unprintable characters and
/// bidirectional controls are written as `\u{…}` escapes. Every value from a file, a file
/// name or git goes through this (or [`visible`]) before a terminal sees it.
pub(crate) fn one_line(text: &str) -> String {
    escape_chars(text, |c| unprintable(c) || bidi_control(c))
}

/// [`one_line`] that keeps line breaks and tabs, for messages of several lines.
pub(crate) fn visible(text: &str) -> String {
    escape_chars(text, |c| {
        !matches!(c, '\n' | '\t') && (unprintable(c) || bidi_control(c))
    })
}

fn escape_chars(text: &str, hostile: impl Fn(char) -> bool) -> String {
    if !text.chars().any(&hostile) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hostile(c) {
            out.push_str(&format!("\\u{{{:04x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Text for Markdown prose or a table cell: Markdown syntax and HTML are shown as typed, and
/// an `@` is written as `&#64;`, so that a pull-request comment never mentions (and
/// notifies) a person or team by accident: `@alice` and `@org/team` render as typed.
pub(crate) fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A leading `#` would make a heading, a leading `-` or `+` a list item.
    if text.starts_with(['#', '-', '+']) {
        out.push('\\');
    }
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("&#64;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A message that quotes ids in backticks (`` duty `x` has no accountable ``), for
/// Markdown: the quoted parts as code ([`md_code`]), the rest as text ([`md`]). Whatever
/// the quoted ids hold, nothing can leave its code span, mention anyone or add markup.
pub(crate) fn md_message(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    // An odd number of parts: every backtick is paired; otherwise the last one is text.
    let paired = if parts.len() % 2 == 1 {
        parts.len()
    } else {
        parts.len() - 1
    };
    let mut out = String::with_capacity(text.len() + 8);
    for (i, part) in parts[..paired].iter().enumerate() {
        if i % 2 == 1 {
            out.push_str(&md_code(part));
        } else if !part.is_empty() {
            out.push_str(&md(part));
        }
    }
    if paired < parts.len() {
        out.push_str("\\`");
        out.push_str(&md(parts[paired]));
    }
    out
}

/// An id or pattern as Markdown code: backticks long enough not to be closed by the text,
/// and pipes escaped (GitHub tables split cells on them even in code). Mentions are not
/// linked inside code, so `@` stays as typed.
pub(crate) fn md_code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ").replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field
/// that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading `'`, as OWASP advises against CSV injection; a whole
/// number such as `-32` is left as it is.
pub(crate) fn csv(text: &str) -> String {
    // A plain number (`-32` days) is data, not a formula, and stays a number.
    let number = text.parse::<i64>().is_ok();
    let text: Cow<'_, str> = if !number && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// A relative path as a URI reference (RFC 3986), for SARIF `artifactLocation.uri`: every
/// byte outside the unreserved set and `/` is percent-encoded, so a file named `a b#c.yaml`
/// or holding `%` still names that file.
pub(crate) fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Text for HTML content and attribute values.
pub(crate) fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// How a header names what it was made from: "commit 0123456789ab on main + uncommitted
/// changes", "commit 0123456789ab (HEAD~1)", "no commit yet on main", "not in a git
/// repository". `code` writes a name as code, given the full text to show on demand (a
/// commit's whole id) and the text shown; its result is used as is, everything else is
/// plain words.
pub(crate) fn stamp(
    stamp: &crate::workspace::Stamp,
    code: &dyn Fn(&str, &str) -> String,
) -> String {
    let Some(head) = &stamp.head else {
        return "not in a git repository".to_owned();
    };
    let mut text = match &head.commit {
        Some(id) => format!("commit {}", code(id, id.get(..12).unwrap_or(id))),
        None => "no commit yet".to_owned(),
    };
    match (&stamp.rev, &head.branch) {
        // A commit id as the revision names nothing more.
        (Some(rev), _)
            if head
                .commit
                .as_ref()
                .is_some_and(|id| id.starts_with(rev.as_str())) => {}
        (Some(rev), _) => text.push_str(&format!(" ({})", code(rev, rev))),
        (None, Some(branch)) => text.push_str(&format!(" on {}", code(branch, branch))),
        (None, None) => text.push_str(" (detached HEAD)"),
    }
    if stamp.dirty && head.commit.is_some() {
        text.push_str(" + uncommitted changes");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_for_each_format() {
        assert_eq!(
            html("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(md("a|b <i>*c*</i>"), "a\\|b &lt;i&gt;\\*c\\*&lt;/i&gt;");
        assert_eq!(
            md("ask @alice or @org/soc"),
            "ask &#64;alice or &#64;org/soc"
        );
        assert_eq!(md("a`b"), "a\\`b");
        assert_eq!(md_code("a`b|c"), "``a`b\\|c``");
        assert_eq!(md_code("x"), "`x`");
        assert_eq!(
            md_message("duty `x` has no accountable"),
            "duty `x` has no accountable"
        );
        // An id holding a backtick pairs up differently, but every part is code or escaped
        // text: no mention, no markup, no split cell.
        assert_eq!(
            md_message("duty `a`b @all` is <i>"),
            "duty `a`b &#64;all\\` is &lt;i&gt;"
        );
        assert_eq!(md_message("`@x|y`"), "`@x\\|y`");
        assert_eq!(csv("plain"), "plain");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("say \"hi\"\n"), "\"say \"\"hi\"\"\n\"");
        // Formulas are neutralised, then quoted as any other field.
        assert_eq!(csv("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv("-1+2"), "'-1+2");
        assert_eq!(csv("a-b"), "a-b");
        assert_eq!(csv("-32"), "-32");
        assert_eq!(uri_path("dir/a b#c%.yaml"), "dir/a%20b%23c%25.yaml");
        assert_eq!(uri_path("é.yaml"), "%C3%A9.yaml");
    }
}
