//! Diagnostics with source snippets, drawn by miette.
//!
//! The handler is pinned (unicode, fixed width, no links, no colour unless asked) so the
//! output is the same on every machine, which the snapshot tests rely on.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

/// Render one diagnostic as text.
pub(crate) fn render(diagnostic: &dyn Diagnostic, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .without_syntax_highlighting();
    let mut text = String::new();
    if handler.render_report(&mut text, diagnostic).is_err() {
        text = format!("{diagnostic}\n");
    }
    text
}
