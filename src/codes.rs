//! Every error code `own` can print besides the rules' (those stop evaluation, exit 2), so
//! that `own rules CODE` explains whatever code a user sees.

/// A fatal error code and what it means.
#[derive(Debug)]
pub(crate) struct ErrorCode {
    /// Without the `own::` prefix.
    pub(crate) code: &'static str,
    pub(crate) summary: &'static str,
    pub(crate) explanation: &'static str,
}

impl ErrorCode {
    pub(crate) fn full_code(&self) -> String {
        format!("{}{}", crate::rules::PREFIX, self.code)
    }
}

/// An error code by name, with or without the `own::` prefix, or by the name it had
/// before it was renamed.
pub(crate) fn find(code: &str) -> Option<&'static ErrorCode> {
    let code = current(code);
    ERRORS.iter().find(|e| e.code == code)
}

/// A rule or error code that was renamed. The old code keeps working wherever a code is
/// read (`own.yaml`'s `rules:` and `waivers:`, `-D`/`-W`/`-A`, `own rules CODE`) and `own`
/// says what it is called now; codes are never reused, so an old code means one thing.
#[derive(Debug)]
pub(crate) struct Renamed {
    pub(crate) old: &'static str,
    pub(crate) new: &'static str,
}

/// Every renamed code, without the `own::` prefix.
pub(crate) static RENAMED: &[Renamed] = &[
    // The error names the file's shape, as the alert formats do, not a judgement.
    Renamed {
        old: "invalid-alert-source",
        new: "alert-source",
    },
];

/// A code without the `own::` prefix, as it is called now: itself, or what it was renamed
/// to.
pub(crate) fn current(code: &str) -> &str {
    current_in(RENAMED, code)
}

fn current_in<'a>(table: &[Renamed], code: &'a str) -> &'a str {
    let code = code.strip_prefix(crate::rules::PREFIX).unwrap_or(code);
    table.iter().find(|r| r.old == code).map_or(code, |r| r.new)
}

/// "`own::invalid-alert-source` is now `own::alert-source`" when `code` is an old code.
pub(crate) fn renamed_note(code: &str) -> Option<String> {
    let bare = code.strip_prefix(crate::rules::PREFIX).unwrap_or(code);
    let now = current(bare);
    (now != bare).then(|| {
        let prefix = crate::rules::PREFIX;
        format!("`{prefix}{bare}` is now `{prefix}{now}`; the old code keeps working")
    })
}

macro_rules! error_code {
    ($code:literal, $summary:literal, $explanation:expr) => {
        ErrorCode {
            code: $code,
            summary: $summary,
            explanation: $explanation,
        }
    };
}

/// Every fatal error code, in the order `own rules` lists them.
pub(crate) static ERRORS: &[ErrorCode] = &[
    error_code!(
        "yaml-syntax",
        "a file is not valid YAML",
        "An ownership file (or `own.yaml`, or an alert source) cannot be parsed: an unclosed
bracket or quote, a tab in the indentation, a key without a value. Nothing can be evaluated
from a file that does not parse, so `own check` stops with exit 2 and reports the error,
at its line and column, instead of findings."
    ),
    error_code!(
        "duplicate-key",
        "the same key twice in one mapping",
        "YAML would keep only one of the two values, silently. `own` refuses the file and
points at both keys. Merge the two entries, or rename one."
    ),
    error_code!(
        "unsupported-yaml",
        "YAML that ownership files do not use",
        "Tags (`!!str`), merge keys (`<<`), anchors used as keys and other features make a
file mean something other than what it shows. Write the values out plainly."
    ),
    error_code!(
        "yaml-budget",
        "a file too deeply nested, or with too many alias expansions",
        "Limits protect `own` from hostile input (a \"billion laughs\" document): nesting
depth and alias expansion are bounded. An honest ownership file is far below them."
    ),
    error_code!(
        "empty-file",
        "an included file with no content",
        "A file the `include` globs select is empty (or only comments). Delete it, or write
what it was meant to hold."
    ),
    error_code!(
        "invalid-config",
        "a setting in `own.yaml` that cannot be used",
        "A glob that does not compile or reaches outside the root, an unknown rule in
`rules:`, a scheme without exactly one accountable role, a version this `own` does not
know. The error points at the setting."
    ),
    error_code!(
        "alert-source",
        "an alert source file not in the shape its format expects",
        "A `coverage.alerts` file is read in its source's `format:` (`prometheus`, `grafana`,
`sigma`, `elastic`, `splunk`, `datadog` or `list`; the README's table says what each reads).
A file in another shape would hide its alerts, so it is an error at the place the shape
breaks. (Called `own::invalid-alert-source` before; that code still works.)"
    ),
    error_code!(
        "routing-source",
        "a routing configuration that cannot be read",
        "A `coverage.routing` file is an Alertmanager configuration: a `route:` tree with a
default `receiver:`, `matchers:` (or the older `match:` and `match_re:`) that parse, regular
expressions that compile, and `receivers:` defining every receiver a route names. Alertmanager
itself refuses a configuration that breaks these, so `own` does too, at the place it
breaks."
    ),
    error_code!(
        "no-manifest",
        "no `own.yaml` in the folder or any parent",
        "`own` starts from the working folder (or `-C DIR`) and walks up to the nearest
`own.yaml`. Run `own init` to create one, or point `-C` at the organisation."
    ),
    error_code!(
        "read-error",
        "a file or folder could not be read",
        "A missing file, a permission problem or an I/O error. The message names the path
and the system's reason."
    ),
    error_code!(
        "not-utf8",
        "a file that is not UTF-8 text",
        "Ownership files are UTF-8 YAML. Save the file as UTF-8."
    ),
    error_code!(
        "binary-file",
        "a selected file that is binary",
        "A file the globs select holds binary data. Narrow the globs, or remove the file."
    ),
    error_code!(
        "file-too-large",
        "a file over `limits.max-file-size`",
        "Files and their total are bounded (`limits.max-file-size`, `limits.max-total-size`
in `own.yaml`) so a stray dump cannot exhaust memory. Split the file, or raise the limit."
    ),
    error_code!(
        "outside-root",
        "a symbolic link that leads outside the ownership root",
        "`own` reads nothing outside the folder of `own.yaml`: a link to elsewhere would
leak another file's content into reports. Copy the file in, or narrow the globs."
    ),
    error_code!(
        "walk-error",
        "the folder tree could not be listed",
        "A symbolic-link loop or an unreadable folder under the root stopped the listing of
files. Fix or remove it."
    ),
    error_code!(
        "usage",
        "the command line is wrong",
        "An unknown flag or rule code, a bad date for `--today` or `--at`, conflicting
options. The message says what was expected."
    ),
    error_code!(
        "not-found",
        "`own who` found nothing by that name",
        "No duty, person, team, path or alert matches the query. The message suggests the
nearest names; prefixes (`duty:`, `person:`, `team:`, `path:`, `alert:`) force the kind."
    ),
    error_code!(
        "edit-refused",
        "an edit command did not change the files",
        "`own review`, `own handoff`, `own ack` and `own delegation done` change an ownership
file only when the change is allowed and sound: the person may make it (a review is the
accountable's or a responsible's, an acknowledgement the receiver's), the item is written
where it can be edited (not through a YAML alias), and the edited organisation parses and
gains no deny-level finding. The message says which failed; nothing was written."
    ),
    error_code!(
        "write-error",
        "output could not be written",
        "A report file could not be created or written. Check that the folder exists and is
writable."
    ),
    error_code!(
        "codeowners-not-found",
        "`own codeowners --check` found no CODEOWNERS file to compare",
        "Without a FILE, `--check` compares with the file the platform reads: GitHub's first of
`.github/CODEOWNERS`, `CODEOWNERS` and `docs/CODEOWNERS`, GitLab's first of `CODEOWNERS`,
`docs/CODEOWNERS` and `.gitlab/CODEOWNERS`. There is none: write one with
`own codeowners --output`, or name the file."
    ),
    error_code!(
        "git-no-repository",
        "a command that reads history outside a git repository",
        "`--rev`, `--at` in the past, `--new-since`, `own diff` and `own log` read git
history. Run them in a clone."
    ),
    error_code!(
        "git-bare-repository",
        "a bare repository has no working tree to compare",
        "Name both revisions (`own diff BASE HEAD`) or the revision to read (`--rev`)."
    ),
    error_code!(
        "git-empty-repository",
        "a repository without commits",
        "There is no history to read yet. Commit the ownership files first."
    ),
    error_code!(
        "git-unknown-revision",
        "a revision that names no commit",
        "The branch, tag or commit id does not exist here. In CI, fetch it first
(`git fetch origin main`)."
    ),
    error_code!(
        "git-shallow-clone",
        "history is cut off by a shallow clone",
        "The commit needed is beyond the clone's depth. Fetch more history
(`fetch-depth: 0` in GitHub Actions)."
    ),
    error_code!(
        "git-no-manifest",
        "no `own.yaml` at that revision",
        "The revision does not have the ownership root's `own.yaml`. Pick a later revision,
or check `-C`."
    ),
    error_code!(
        "git-no-default-branch",
        "no default branch to compare with",
        "`own diff` without a base compares with the default branch (`origin/HEAD`, `main`,
`master`). Name the base: `own diff origin/main`."
    ),
    error_code!(
        "git-no-commit-at",
        "no commit at or before the date of `--at`",
        "The branch starts after that moment. Pick a later date."
    ),
    error_code!(
        "git-no-merge-base",
        "two revisions with no common ancestor",
        "`own diff A...B` compares from the merge base, and these share none. Compare them
directly: `own diff A B`."
    ),
    error_code!(
        "git-error",
        "the git repository could not be read",
        "A broken reference, a repository that cannot be opened or another git failure.
The message gives git's reason."
    ),
    error_code!(
        "git-corrupt",
        "damaged data in the git repository",
        "An object, pack, pack index or the index file is truncated, fails its checksum, or
does not parse (a commit with an unreadable date, a header that lies about the size).
`git fsck` shows the damage; a fresh clone repairs it."
    ),
    error_code!(
        "git-missing-object",
        "an object the revision needs is not in the repository",
        "A tree or file behind the revision is missing (and the clone is not shallow). Run
`git fsck`, fetch again or clone again."
    ),
    error_code!(
        "git-tree-limit",
        "a tree past what any working tree could hold",
        "A tree at the revision nests folders more than 2048 deep (git's own
`core.maxTreeDepth`), holds a path longer than 4096 bytes, or lists more than 10,000,000
files (small trees that name the same folder over and over). `own` refuses it rather than
walk it."
    ),
    error_code!(
        "git-not-a-commit",
        "a revision that names a tree or a file, not a commit",
        "The reference or id names a tree or a blob (a ref can be made to point anywhere).
Give a branch, a tag or a commit id."
    ),
];

/// The note under every explanation of a fatal code.
pub(crate) const FATAL_NOTE: &str = "`own` stops with exit code 2 and prints this error in the format asked for (`--format json`, `short`, `sarif`, `github`).";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{self, RULES};

    /// An old code resolves to the new one through the same path for rules as for errors.
    #[test]
    fn old_codes_resolve_to_the_new_ones() {
        let table = [Renamed {
            old: "single-accountable",
            new: "one-accountable",
        }];
        assert_eq!(
            current_in(
                &table,
                &format!("{}single-accountable", crate::rules::PREFIX)
            ),
            "one-accountable"
        );
        assert_eq!(current_in(&table, "single-accountable"), "one-accountable");
        assert_eq!(current_in(&table, "own::empty-team"), "empty-team");
        assert_eq!(current("own::invalid-alert-source"), "alert-source");
        assert_eq!(
            find("invalid-alert-source").map(|e| e.code),
            Some("alert-source")
        );
        assert!(renamed_note("own::alert-source").is_none());
        assert!(rules::find("own::one-accountable").is_some());
    }

    /// Every old code leads to a code that exists, in one step, and is not a code in use:
    /// codes are never reused.
    #[test]
    fn the_renamed_table_is_consistent() {
        let exists = |code: &str| {
            RULES.iter().any(|r| r.code == code) || ERRORS.iter().any(|e| e.code == code)
        };
        for renamed in RENAMED {
            assert!(exists(renamed.new), "{renamed:?}");
            assert!(!exists(renamed.old), "{renamed:?}");
            assert!(
                RENAMED.iter().all(|r| r.old != renamed.new),
                "{renamed:?} chains"
            );
        }
    }
}
