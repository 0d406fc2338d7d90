//! Fatal errors: the conditions that stop an evaluation (exit code 2).
//!
//! Findings about the content of an organisation are not errors; they are collected by the
//! rules and rendered together. An error here means `own` could not evaluate at all: bad
//! arguments, an unreadable or malformed file, a broken configuration, a git problem.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceCode};

use crate::source::{LineCol, SourceFile, Span};
use crate::yaml::{YamlError, YamlErrorKind};

/// A place in a file that an error points at, with the file's text for the snippet.
#[derive(Debug, Clone)]
pub struct Located {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub label: String,
    /// Further places, such as the first definition of a repeated key.
    pub also: Vec<(Span, String)>,
}

impl Located {
    /// Boxed, so that errors stay small on the happy path.
    pub fn new(file: Arc<SourceFile>, span: Span, label: impl Into<String>) -> Box<Located> {
        Box::new(Located {
            file,
            span,
            label: label.into(),
            also: Vec::new(),
        })
    }

    pub fn start(&self) -> LineCol {
        self.file.line_col(self.span.start)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no `own.yaml` found in `{}` or any parent directory", start.display())]
    NoManifest { start: PathBuf },

    #[error("cannot read `{path}`: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("`{path}` is not valid UTF-8")]
    NotUtf8 { path: String, at: Box<Located> },

    #[error("`{path}` looks like a binary file, not YAML")]
    Binary { path: String, at: Box<Located> },

    #[error("`{path}` is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { path: String, size: u64, limit: u64 },

    /// A file that is not the YAML the format expects: syntax, types, repeated keys, budgets.
    #[error("{message}")]
    Yaml {
        code: &'static str,
        message: String,
        help: Option<String>,
        at: Box<Located>,
    },

    /// A configuration that cannot be evaluated: a bad scheme, an unknown rule code.
    #[error("{message}")]
    Config {
        message: String,
        help: Option<String>,
        at: Option<Box<Located>>,
    },

    #[error("`{path}` is a link to `{target}`, outside the ownership root")]
    OutsideRoot { path: String, target: String },

    #[error("cannot list the files under `{path}`: {message}")]
    Walk { path: String, message: String },

    #[error("{message}")]
    Usage {
        message: String,
        help: Option<String>,
    },

    /// An edit (`own review`, `own handoff`, `own ack`, `own delegation done`) that cannot or
    /// may not be made; nothing was written.
    #[error("{message}")]
    Refused {
        message: String,
        help: Option<String>,
        at: Option<Box<Located>>,
    },

    #[error("cannot write `{path}`: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("`{}` is not inside a git repository", path.display())]
    GitNoRepository { path: PathBuf },

    #[error("`{}` is a bare repository: it has no working tree to read", path.display())]
    GitBare { path: PathBuf },

    #[error("the repository at `{}` has no commits yet", path.display())]
    GitEmpty { path: PathBuf },

    #[error("unknown revision `{rev}`")]
    GitUnknownRevision {
        rev: String,
        suggestions: Vec<String>,
        /// The clone is shallow, so the revision may exist but not have been fetched.
        shallow: bool,
    },

    #[error("{what} is missing from this clone because it is shallow")]
    GitShallow { what: String },

    #[error("no `own.yaml` at `{rev}` {}", if dir.is_empty() { "at the top of the repository".to_owned() } else { format!("in `{dir}` or any parent folder") })]
    GitNoManifest { rev: String, dir: String },

    #[error("no default branch to compare with: none of `origin/HEAD`, `main` or `master` exists")]
    GitNoDefaultBranch { shallow: bool },

    #[error("no commit on the current branch at or before {at}")]
    GitNoCommitAt { at: String, first: Option<String> },

    #[error("`{a}` and `{b}` have no common ancestor")]
    GitNoMergeBase { a: String, b: String },

    #[error("no CODEOWNERS file where {platform} looks for one: {places}")]
    CodeownersNotFound {
        platform: &'static str,
        places: String,
        first: &'static str,
    },

    #[error("git: {message}")]
    Git { message: String },

    #[error("the repository is corrupt: {what}: {message}")]
    GitCorrupt { what: String, message: String },

    #[error("the repository lacks {what}: {message}")]
    GitMissingObject { what: String, message: String },

    #[error("the tree at `{path}` is past what `own` walks: {why}")]
    GitTreeLimit { path: String, why: String },

    #[error("`{rev}` names a {kind}, not a commit")]
    GitNotACommit { rev: String, kind: String },

    /// Several errors found in one run (each file is parsed on its own, so every file's
    /// errors are reported together); the first stands for all of them in the fields that
    /// hold one error (code, location, the JSON `error`).
    #[error("{first}")]
    Several { first: Box<Error>, rest: Vec<Error> },
}

impl Error {
    /// The stable code of the error, part of the JSON contract.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NoManifest { .. } => "own::no-manifest",
            Error::Read { .. } => "own::read-error",
            Error::NotUtf8 { .. } => "own::not-utf8",
            Error::Binary { .. } => "own::binary-file",
            Error::TooLarge { .. } => "own::file-too-large",
            Error::Yaml { code, .. } => code,
            Error::Config { .. } => "own::invalid-config",
            Error::OutsideRoot { .. } => "own::outside-root",
            Error::Walk { .. } => "own::walk-error",
            Error::Usage { .. } => "own::usage",
            Error::Write { .. } => "own::write-error",
            Error::Refused { .. } => "own::edit-refused",
            Error::GitNoRepository { .. } => "own::git-no-repository",
            Error::GitBare { .. } => "own::git-bare-repository",
            Error::GitEmpty { .. } => "own::git-empty-repository",
            Error::GitUnknownRevision { .. } => "own::git-unknown-revision",
            Error::GitShallow { .. } => "own::git-shallow-clone",
            Error::GitNoManifest { .. } => "own::git-no-manifest",
            Error::GitNoDefaultBranch { .. } => "own::git-no-default-branch",
            Error::GitNoCommitAt { .. } => "own::git-no-commit-at",
            Error::GitNoMergeBase { .. } => "own::git-no-merge-base",
            Error::CodeownersNotFound { .. } => "own::codeowners-not-found",
            Error::Git { .. } => "own::git-error",
            Error::GitCorrupt { .. } => "own::git-corrupt",
            Error::GitMissingObject { .. } => "own::git-missing-object",
            Error::GitTreeLimit { .. } => "own::git-tree-limit",
            Error::GitNotACommit { .. } => "own::git-not-a-commit",
            Error::Several { first, .. } => first.code(),
        }
    }

    pub fn help_text(&self) -> Option<String> {
        match self {
            Error::Several { first, .. } => first.help_text(),
            Error::NoManifest { .. } => Some(
                "run `own init` to create one here, or pass `-C DIR` to start elsewhere".into(),
            ),
            Error::Read { .. } => Some("check that the file exists and is readable".into()),
            Error::NotUtf8 { .. } => Some("save the file as UTF-8".into()),
            Error::Binary { .. } => Some(
                "ownership files are YAML text; remove this file or narrow the `include` globs"
                    .into(),
            ),
            Error::TooLarge { .. } => Some(
                "split the file, or raise `limits.max-file-size` in `own.yaml` if it is legitimate"
                    .into(),
            ),
            Error::Yaml { help, .. }
            | Error::Config { help, .. }
            | Error::Usage { help, .. }
            | Error::Refused { help, .. } => help.clone(),
            Error::OutsideRoot { .. } => Some(
                "own reads nothing outside the folder of `own.yaml`; copy the file in, or narrow the globs so they do not select the link"
                    .into(),
            ),
            Error::Walk { .. } => {
                Some("check for symbolic-link loops and unreadable folders under the root".into())
            }
            Error::Write { .. } => Some("check that the folder exists and is writable".into()),
            Error::GitNoRepository { .. } => Some(
                "`--rev`, `--new-since`, `own diff` and `own log` read history from git: run them in a clone"
                    .into(),
            ),
            Error::GitBare { .. } => Some(
                "name the revision to read: `--rev main`, or `own diff BASE HEAD` with both revisions"
                    .into(),
            ),
            Error::GitEmpty { .. } => {
                Some("commit the ownership files first; until then, leave out the revision".into())
            }
            Error::GitUnknownRevision {
                suggestions,
                shallow,
                ..
            } => {
                let mut help = match suggestions.as_slice() {
                    [] => "give a branch, a tag, a commit id or an expression like `HEAD~2`"
                        .to_owned(),
                    [one] => format!("did you mean `{one}`?"),
                    many => format!(
                        "did you mean one of {}?",
                        many.iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                if *shallow {
                    help.push_str("; this clone is shallow and may lack it: ");
                    help.push_str(UNSHALLOW);
                }
                Some(help)
            }
            Error::GitShallow { .. } => Some(format!("fetch the full history: {UNSHALLOW}")),
            Error::GitNoManifest { .. } => Some(
                "check the revision, or start elsewhere with `-C DIR` (the root is the folder of `own.yaml`)"
                    .into(),
            ),
            Error::GitNoDefaultBranch { shallow } => {
                let mut help = "name the base to compare with: `own diff BASE`".to_owned();
                if *shallow {
                    help.push_str("; this clone is shallow and may lack the branch: ");
                    help.push_str(UNSHALLOW);
                }
                Some(help)
            }
            Error::GitNoCommitAt { first, .. } => Some(match first {
                Some(first) => format!("the branch starts on {first}; pick a later date"),
                None => "pick a later date".to_owned(),
            }),
            Error::GitNoMergeBase { .. } => {
                Some("name the base to compare with explicitly: `own diff BASE`".into())
            }
            Error::CodeownersNotFound { first, .. } => Some(format!(
                "write one with `own codeowners --output {first}`, or name the file: `--check FILE`"
            )),
            Error::Git { .. } => Some("check the repository with `git fsck`".into()),
            Error::GitCorrupt { .. } => Some(
                "run `git fsck` to see the damage; a fresh clone (or `git fetch` of the object) repairs it"
                    .into(),
            ),
            Error::GitMissingObject { .. } => Some(
                "run `git fsck`; fetch the missing objects (`git fetch`) or clone again".into(),
            ),
            Error::GitTreeLimit { .. } => Some(
                "no working tree could hold it (git refuses trees this deep, `core.maxTreeDepth`); flatten the folders"
                    .into(),
            ),
            Error::GitNotACommit { .. } => {
                Some("give a branch, a tag or a commit id: `--rev main`, `own diff HEAD~1`".into())
            }
        }
    }

    pub fn location(&self) -> Option<&Located> {
        match self {
            Error::Several { first, .. } => first.location(),
            Error::NotUtf8 { at, .. } | Error::Binary { at, .. } | Error::Yaml { at, .. } => {
                Some(at)
            }
            Error::Config { at, .. } | Error::Refused { at, .. } => at.as_deref(),
            _ => None,
        }
    }

    /// Every error this one stands for, in order: itself, or each of [`Error::Several`].
    pub fn all(&self) -> Vec<&Error> {
        match self {
            Error::Several { first, rest } => std::iter::once(&**first).chain(rest).collect(),
            other => vec![other],
        }
    }

    /// The errors this one stands for, taken apart.
    pub fn into_all(self) -> Vec<Error> {
        match self {
            Error::Several { first, rest } => std::iter::once(*first).chain(rest).collect(),
            other => vec![other],
        }
    }

    /// One error standing for `first` and then `rest` (each flattened, in order).
    pub fn several(first: Error, rest: Vec<Error>) -> Error {
        let mut all = first.into_all();
        all.extend(rest.into_iter().flat_map(Error::into_all));
        let first = all.remove(0);
        if all.is_empty() {
            first
        } else {
            Error::Several {
                first: Box::new(first),
                rest: all,
            }
        }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            help: None,
        }
    }
}

impl Diagnostic for Error {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(Error::code(self)))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help_text()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.location().map(|at| &*at.file as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let at = self.location()?;
        let primary = LabeledSpan::new_primary_with_span(
            Some(at.label.clone()),
            (at.span.start as usize, at.span.len()),
        );
        let also = at.also.iter().map(|(span, label)| {
            LabeledSpan::new_with_span(Some(label.clone()), (span.start as usize, span.len()))
        });
        Some(Box::new(std::iter::once(primary).chain(also)))
    }
}

/// How to get the history a shallow clone lacks, in the places clones are made shallow.
const UNSHALLOW: &str = "`fetch-depth: 0` on `actions/checkout` in GitHub Actions, `GIT_DEPTH: 0` in GitLab CI, or `git fetch --unshallow`";

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A YAML error of a file as the located error `own` reports (`own::yaml-syntax` and the
/// other `yaml-*` codes).
pub(crate) fn yaml_error(source: &Arc<SourceFile>, e: YamlError) -> Error {
    let (code, message, help, label) = match e.kind {
        YamlErrorKind::Syntax(message) => (
            "own::yaml-syntax",
            format!("invalid YAML: {message}"),
            Some("check the indentation and that every bracket and quote is closed".to_owned()),
            "here",
        ),
        YamlErrorKind::DuplicateKey { key, first } => {
            let mut at = Located::new(source.clone(), e.span, "repeated here");
            at.also.push((first, "first written here".to_owned()));
            return Error::Yaml {
                code: "own::duplicate-key",
                message: format!("key `{key}` appears twice in the same mapping"),
                help: Some(
                    "merge the two entries or rename one; own never keeps only the last".into(),
                ),
                at,
            };
        }
        YamlErrorKind::ComplexKey => (
            "own::yaml-syntax",
            "mapping keys must be plain text".to_owned(),
            None,
            "this key",
        ),
        YamlErrorKind::UnsupportedTag(tag) => (
            "own::unsupported-yaml",
            format!("the YAML tag `{tag}` is not supported"),
            Some("remove the tag; ownership files use plain YAML values".to_owned()),
            "this tag",
        ),
        YamlErrorKind::UnknownAnchor => (
            "own::yaml-syntax",
            "this alias refers to no anchor".to_owned(),
            None,
            "unknown alias",
        ),
        YamlErrorKind::TooDeep { limit } => (
            "own::yaml-budget",
            format!("the YAML is nested more than {limit} levels deep"),
            Some("ownership files need only a few levels; this file looks malformed".to_owned()),
            "too deep here",
        ),
        YamlErrorKind::TooManyNodes { limit } => (
            "own::yaml-budget",
            format!("the YAML expands to more than {limit} values"),
            Some("aliases that repeat other aliases multiply quickly (an alias bomb?)".to_owned()),
            "budget exceeded here",
        ),
        YamlErrorKind::MultipleDocuments => (
            "own::unsupported-yaml",
            "a file may hold only one YAML document".to_owned(),
            Some("remove the `---` separator or split the documents into files".to_owned()),
            "second document",
        ),
        YamlErrorKind::Unprintable { character, in_key } => (
            "own::invalid-value",
            format!(
                "{} holds the character U+{:04X}, which ownership files do not allow",
                if in_key { "this key" } else { "this value" },
                u32::from(character)
            ),
            Some(if in_key {
                "keys are ids and field names: one line of printable text".to_owned()
            } else {
                "values hold printable text, line breaks and tabs; remove the escape \
                 (`\\e`, `\\x1b`, `\\r`…) or the invisible character"
                    .to_owned()
            }),
            "here",
        ),
        YamlErrorKind::Empty => (
            "own::empty-file",
            format!("`{}` is empty", source.name),
            Some("add sections such as `people:` or `duties:`, or delete the file".to_owned()),
            "empty file",
        ),
    };
    Error::Yaml {
        code,
        message,
        help,
        at: Located::new(source.clone(), e.span, label),
    }
}
