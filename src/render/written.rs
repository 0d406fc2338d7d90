//! What the commands that write files say: `own init`'s files created, `own codeowners
//! --check`'s verdict (with the unified diff when the file is out of date), and `own import`'s
//! warnings, where it wrote, and its verification of every tracked file.

use std::io::{self, Write};

use super::text::one_line;
use crate::paths::bridge::Bridge;

/// `own init` made a file.
pub(crate) fn created(name: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "created {name}")
}

/// `own init` is done.
pub(crate) fn init_done(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "next: edit the files, then run `own check`")
}

/// `own codeowners --check`: the file on disk is what `own` would write.
pub(crate) fn codeowners_current(name: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{name} is up to date")
}

/// `own codeowners --check`: the file differs; the unified diff from it to what `own` would
/// write, then how to bring it up to date.
pub(crate) fn codeowners_stale(
    name: &str,
    current: &str,
    generated: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let diff = similar::TextDiff::from_lines(current, generated);
    write!(
        out,
        "{}",
        diff.unified_diff()
            .context_radius(2)
            .header(name, &format!("{name} (generated)"))
    )?;
    writeln!(
        out,
        "{name} is out of date: run `own codeowners --output {name}`"
    )
}

/// A line of the imported file that was not imported, on stderr (stdout may be the YAML).
pub(crate) fn import_warning(problem: &str) {
    let _ = writeln!(io::stderr(), "warning: {problem}");
}

/// `own import --output FILE` wrote the organisation.
pub(crate) fn import_wrote(path: &std::path::Path, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "wrote {}; name an accountable for each duty, then run `own check`",
        path.display()
    )
}

/// "9,993 tracked files: every one has the owners GitHub gives", or the files that differ
/// (the first 20), and whether every file has the platform's owners.
pub(crate) fn verification(
    bridge: &Bridge,
    platform: &str,
    owner_sets: &[Vec<String>],
) -> (String, bool) {
    let files = bridge.files;
    let noun = if files == 1 { "file" } else { "files" };
    if bridge.differing.is_empty() {
        let pinned = bridge.added.iter().filter(|a| a.pinned).count();
        let mut line = format!("{files} tracked {noun}: every one has the owners {platform} gives");
        if pinned > 0 {
            line.push_str(&format!(
                " ({pinned} pinned by path where no pattern could say it; see the comments)"
            ));
        }
        return (line, true);
    }
    let shown = |set: Option<usize>| match set.and_then(|s| owner_sets.get(s)) {
        Some(owners) if !owners.is_empty() => owners.join(" "),
        _ => "no owners".to_owned(),
    };
    let mut line = format!(
        "{files} tracked {noun}: {} do not have the owners {platform} gives:",
        bridge.differing.len()
    );
    for (path, github, own) in bridge.differing.iter().take(20) {
        line.push_str(&format!(
            "\n  {}: {platform} {}, own {}",
            one_line(path),
            one_line(&shown(*github)),
            one_line(&shown(*own))
        ));
    }
    if bridge.differing.len() > 20 {
        line.push_str(&format!("\n  … and {} more", bridge.differing.len() - 20));
    }
    (line, false)
}

/// The verification line: on stdout beside `wrote …`, on stderr when stdout is the file.
pub(crate) fn import_verdict(line: &str, to_stdout: bool, out: &mut dyn Write) -> io::Result<()> {
    if to_stdout {
        writeln!(out, "{line}")
    } else {
        let _ = writeln!(io::stderr(), "{line}");
        Ok(())
    }
}
