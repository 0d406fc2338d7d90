//! The formats of `own check`: human, short, json, sarif and github.

use std::fmt;
use std::io::{self, Write};

use miette::{Diagnostic, LabeledSpan, Severity, SourceCode};
use serde::Serialize;
use serde_json::json;

use super::Output;
use crate::rules::{Finding, Label, Level, RULES};
use crate::source::{LineCol, SourceFile, Sources};

/// What `own check` found, ready to print.
pub(crate) struct CheckReport<'a> {
    pub(crate) root: &'a str,
    /// The root relative to the repository root (`""` at the top), for paths in SARIF and
    /// GitHub annotations, which name files from the repository root.
    pub(crate) repo_prefix: &'a str,
    pub(crate) sources: &'a Sources,
    pub(crate) findings: &'a [Finding],
    pub(crate) summary: Summary,
    /// With `--new-since`: the revision, and how many findings it also had (not shown).
    pub(crate) new_since: Option<NewSince<'a>>,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub(crate) struct NewSince<'a> {
    pub(crate) rev: &'a str,
    pub(crate) hidden: usize,
}

#[derive(Clone, Copy, Debug, Default, Serialize)]
pub(crate) struct Summary {
    pub(crate) deny: usize,
    pub(crate) warn: usize,
    pub(crate) files: usize,
    pub(crate) people: usize,
    pub(crate) teams: usize,
    pub(crate) duties: usize,
}

impl Summary {
    /// The counts of a run: findings by level, and what was loaded.
    pub(crate) fn of(findings: &[Finding], org: &crate::model::Org, sources: &Sources) -> Summary {
        let count = |level| findings.iter().filter(|f| f.level == level).count();
        Summary {
            deny: count(Level::Deny),
            warn: count(Level::Warn),
            files: sources.len(),
            people: org.people.len(),
            teams: org.teams.len(),
            duties: org.duties.len(),
        }
    }
}

/// Where a label points, as file, start and end.
pub(super) struct Place<'a> {
    pub(super) file: &'a str,
    pub(super) start: LineCol,
    pub(super) end: LineCol,
}

pub(super) fn place<'a>(sources: &'a Sources, label: &Label) -> Place<'a> {
    let (start, end) = sources.range(label.loc);
    Place {
        file: &sources.get(label.loc.file).name,
        start,
        end,
    }
}

impl CheckReport<'_> {
    fn repo_path(&self, file: &str) -> String {
        if self.repo_prefix.is_empty() {
            file.to_owned()
        } else {
            format!("{}/{file}", self.repo_prefix)
        }
    }
}

/// Findings without a place in a file (one per unowned path) are shown up to this many per
/// rule; the rest are counted, so a repository with thousands of unowned files stays readable.
const SHOWN_WITHOUT_PLACE: usize = 10;

/// Findings drawn together: enough to keep the cores busy, few enough to start writing soon.
const RENDER_BATCH: usize = 2048;

pub(crate) fn human(report: &CheckReport<'_>, quiet: bool, out: &mut Output) -> io::Result<()> {
    let color = out.color;
    let mut placeless: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let shown: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|finding| {
            if finding.primary.is_some() {
                return true;
            }
            let seen = placeless.entry(finding.code).or_default();
            *seen += 1;
            *seen <= SHOWN_WITHOUT_PLACE
        })
        .collect();
    // Drawing a snippet costs tens of µs, which adds up to seconds for tens of thousands of
    // findings: draw them on all cores, a batch at a time, and write them in order.
    for batch in shown.chunks(RENDER_BATCH) {
        let drawn = crate::parallel::map(batch, |finding| {
            let diagnostic = FindingDiagnostic::new(finding, report.sources);
            super::snippet::render(&diagnostic, color)
        });
        for text in drawn {
            out.write_all(text.as_bytes())?;
        }
    }
    for (code, count) in placeless {
        if count > SHOWN_WITHOUT_PLACE {
            writeln!(
                out,
                "… and {} more `{}{code}` findings (`--format short` lists them all)",
                count - SHOWN_WITHOUT_PLACE,
                crate::rules::PREFIX
            )?;
        }
    }
    let s = report.summary;
    let totals = format!(
        "{}, {}, {}, {}",
        count(s.files, "file", "files"),
        count(s.people, "person", "people"),
        count(s.teams, "team", "teams"),
        count(s.duties, "duty", "duties")
    );
    if let Some(since) = report.new_since
        && since.hidden > 0
        && !quiet
    {
        writeln!(
            out,
            "({} also present at `{}` not shown)",
            count(since.hidden, "finding", "findings"),
            since.rev
        )?;
    }
    if s.deny == 0 && s.warn == 0 {
        if !quiet {
            writeln!(out, "✓ no findings ({totals})")?;
        }
    } else if !quiet || s.deny > 0 {
        writeln!(
            out,
            "{} {}, {} ({totals})",
            if s.deny > 0 { "✗" } else { "!" },
            count(s.deny, "error", "errors"),
            count(s.warn, "warning", "warnings"),
        )?;
    }
    Ok(())
}

/// `1 team`, `2 teams`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line per finding, whatever the ids, paths and patterns hold (line breaks and other
/// unprintable characters are written as `\u{…}`), for tools that read it line by line.
pub(crate) fn short(report: &CheckReport<'_>, out: &mut Output) -> io::Result<()> {
    use super::text::one_line;
    for f in report.findings {
        match &f.primary {
            Some(label) => {
                let p = place(report.sources, label);
                writeln!(
                    out,
                    "{}:{}:{}: {}[{}] {}",
                    one_line(p.file),
                    p.start.line,
                    p.start.column,
                    f.level,
                    f.full_code(),
                    one_line(&f.message)
                )?;
            }
            None => writeln!(
                out,
                "{}: {}[{}] {}",
                one_line(&f.target),
                f.level,
                f.full_code(),
                one_line(&f.message)
            )?,
        }
    }
    Ok(())
}

pub(crate) fn sarif(report: &CheckReport<'_>, out: &mut Output) -> io::Result<()> {
    let sarif_level = |level: Level| match level {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Allow => "note",
    };
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.full_code(),
                "name": r.code,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.summary },
                "help": { "text": r.explanation, "markdown": r.explanation },
                "defaultConfiguration": { "level": sarif_level(r.level) },
            })
        })
        .collect();
    // Each result is built and written in turn, never all at once: 250,000 findings as
    // one JSON value took 3 GB. The fields are in the order `json!` writes them (sorted),
    // so the bytes are the same.
    let result = |f: &Finding| -> serde_json::Value {
        let rule_index = RULES.iter().position(|r| r.code == f.code);
        let region = |l: &Label| {
            let p = place(report.sources, l);
            json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": super::text::uri_path(&report.repo_path(p.file)) },
                    "region": {
                        "startLine": p.start.line,
                        "startColumn": p.start.column,
                        "endLine": p.end.line,
                        "endColumn": p.end.column,
                    }
                },
                "message": { "text": l.text },
            })
        };
        let text = match &f.help {
            Some(help) => format!("{}\nhelp: {help}", f.message),
            None => f.message.clone(),
        };
        json!({
            "ruleId": f.full_code(),
            "ruleIndex": rule_index,
            "level": sarif_level(f.level),
            "message": { "text": text },
            "locations": match (&f.primary, &f.file) {
                (Some(label), _) => vec![region(label)],
                (None, Some(file)) => vec![json!({
                    "physicalLocation": {
                        "artifactLocation": { "uri": super::text::uri_path(&report.repo_path(file)) },
                    },
                })],
                (None, None) => Vec::new(),
            },
            "relatedLocations": f.related.iter().enumerate().map(|(i, l)| {
                let mut loc = region(l);
                loc["id"] = json!(i);
                loc
            }).collect::<Vec<_>>(),
            "partialFingerprints": { "ownTarget/v1": format!("{}:{}", f.full_code(), f.target) },
        })
    };
    #[derive(serde::Serialize)]
    struct Sarif<R> {
        #[serde(rename = "$schema")]
        schema: &'static str,
        runs: [Run<R>; 1],
        version: &'static str,
    }
    #[derive(serde::Serialize)]
    struct Run<R> {
        results: R,
        tool: serde_json::Value,
    }
    struct Results<'r, F>(&'r [Finding], F);
    impl<F: Fn(&Finding) -> serde_json::Value> serde::Serialize for Results<'_, F> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.0.iter().map(&self.1))
        }
    }
    let body = Sarif {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            results: Results(report.findings, result),
            tool: sarif_tool(rules),
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &body)?;
    writeln!(out)
}

/// GitHub workflow commands (`::error file=…::message`), escaped so no value can end the
/// command or start another.
pub(crate) fn github(report: &CheckReport<'_>, out: &mut Output) -> io::Result<()> {
    for f in report.findings {
        let command = match f.level {
            Level::Deny => "error",
            _ => "warning",
        };
        let mut props = Vec::new();
        if let Some(label) = &f.primary {
            let p = place(report.sources, label);
            props.push(format!(
                "file={}",
                escape_property(&report.repo_path(p.file))
            ));
            props.push(format!("line={}", p.start.line));
            props.push(format!("col={}", p.start.column));
            props.push(format!("endLine={}", p.end.line));
            props.push(format!("endColumn={}", p.end.column));
        } else if let Some(file) = &f.file {
            props.push(format!("file={}", escape_property(&report.repo_path(file))));
        }
        props.push(format!("title={}", escape_property(&f.full_code())));
        let text = match &f.help {
            Some(help) => format!("{}\nhelp: {help}", f.message),
            None => f.message.clone(),
        };
        writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            escape_data(&text)
        )?;
    }
    Ok(())
}

/// Escape a workflow command's message.
pub(crate) fn escape_data(text: &str) -> String {
    // The log that shows annotations renders ANSI escapes: they are written out visibly.
    super::text::visible(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// SARIF's `tool` object: `own` with the rules a log refers to (findings and fatal errors
/// alike).
pub(crate) fn sarif_tool(rules: impl serde::Serialize) -> serde_json::Value {
    json!({
        "driver": {
            "name": "own",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/own-cli/own",
            "rules": rules,
        }
    })
}

/// Escape a workflow command's property value.
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A finding as a miette diagnostic.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    sources: &'a Sources,
    /// Related places in other files than the primary label's.
    notes: Vec<RelatedNote<'a>>,
}

impl<'a> FindingDiagnostic<'a> {
    fn new(finding: &'a Finding, sources: &'a Sources) -> Self {
        let primary_file = finding.primary.as_ref().map(|l| l.loc.file);
        let notes = finding
            .related
            .iter()
            .filter(|l| Some(l.loc.file) != primary_file)
            .map(|label| RelatedNote {
                label,
                file: sources.get(label.loc.file).as_ref(),
            })
            .collect();
        FindingDiagnostic {
            finding,
            sources,
            notes,
        }
    }
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.finding.full_code()))
    }

    fn severity(&self) -> Option<Severity> {
        Some(match self.finding.level {
            Level::Deny => Severity::Error,
            _ => Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        let label = self.finding.primary.as_ref()?;
        Some(&**self.sources.get(label.loc.file) as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = self.finding.primary.as_ref()?;
        let same_file = self
            .finding
            .related
            .iter()
            .filter(move |l| l.loc.file == primary.loc.file)
            .map(|l| labeled(l, false));
        Some(Box::new(
            std::iter::once(labeled(primary, true)).chain(same_file),
        ))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.notes.is_empty() {
            return None;
        }
        Some(Box::new(self.notes.iter().map(|n| n as &dyn Diagnostic)))
    }
}

fn labeled(label: &Label, primary: bool) -> LabeledSpan {
    let span = (label.loc.span.start as usize, label.loc.span.len());
    if primary {
        LabeledSpan::new_primary_with_span(Some(label.text.clone()), span)
    } else {
        LabeledSpan::new_with_span(Some(label.text.clone()), span)
    }
}

/// A related place in another file, shown as a note under the finding.
struct RelatedNote<'a> {
    label: &'a Label,
    file: &'a SourceFile,
}

impl fmt::Debug for RelatedNote<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label.text)
    }
}

impl fmt::Display for RelatedNote<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label.text)
    }
}

impl std::error::Error for RelatedNote<'_> {}

impl Diagnostic for RelatedNote<'_> {
    fn severity(&self) -> Option<Severity> {
        Some(Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.file as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(labeled(self.label, true))))
    }
}
