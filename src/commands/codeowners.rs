//! `own codeowners`: a GitHub or GitLab CODEOWNERS file generated from the duties' paths.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::cli::Env;
use crate::error::{Error, Result};
use crate::model::Org;
use crate::model::org::Holder;
use crate::paths::PathPattern;
use crate::paths::codeowners::{self, Platform};
use crate::paths::coverage::{DutyPatterns, join_prefix};
use crate::render::{Output, write_atomic, written};

/// Print a CODEOWNERS file generated from the duties' `paths:`.
///
/// One line per pattern, least specific first, so that the platform's "last match wins"
/// gives every file the owner `own` gives it. Owners are the GitHub (or GitLab) handles of
/// the holders of `--roles`: a person's login as `@login`, a team's slug as `@org/team`,
/// otherwise an email address.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The platform whose rules the file follows.
    #[arg(long, value_enum, default_value_t = PlatformArg::Github)]
    pub(crate) platform: PlatformArg,

    /// The roles whose holders become owners, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "accountable,responsible",
        value_name = "ROLES"
    )]
    pub(crate) roles: Vec<String>,

    /// Compare with FILE instead of printing: exit 1 with a diff when it is out of date.
    /// Without FILE, the file the platform reads: GitHub's first of `.github/CODEOWNERS`,
    /// `CODEOWNERS` and `docs/CODEOWNERS`; GitLab's first of `CODEOWNERS`,
    /// `docs/CODEOWNERS` and `.gitlab/CODEOWNERS` (at the top of the repository).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "output",
        num_args = 0..=1
    )]
    pub(crate) check: Option<Option<PathBuf>>,

    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum PlatformArg {
    Github,
    Gitlab,
}

pub(crate) fn run(env: &Env, args: &Args, out: &mut Output) -> Result<u8> {
    let session = super::load_org(env)?;
    let org = &session.loaded.org;
    super::note_left_out(env, org);
    let platform = match args.platform {
        PlatformArg::Github => Platform::GitHub,
        PlatformArg::Gitlab => Platform::GitLab,
    };
    let mut roles = Vec::new();
    for name in &args.roles {
        let Some(role) = org.scheme.role(name.trim()) else {
            return Err(Error::Usage {
                message: format!("the scheme has no role `{}`", name.trim()),
                help: Some(format!(
                    "roles: {}",
                    org.scheme.names().collect::<Vec<_>>().join(", ")
                )),
            });
        };
        roles.push(role);
    }
    let prefix = session.state.tree().repo_prefix();
    let text = generate(org, &roles, platform, &prefix);

    if let Some(given) = &args.check {
        // The committed file is repository content: it may not lead out of the repository.
        let within = crate::files::repository_top(session.root())?;
        let (path, name) = match given {
            Some(given) => (given.clone(), given.display().to_string()),
            None => {
                let (path, shown) = committed_file(&within, platform)?;
                if !env.quiet {
                    env.note(&format!(
                        "comparing with {shown}, the file {} reads",
                        platform_name(platform)
                    ));
                }
                (path, shown)
            }
        };
        let path = &path;
        let bytes = crate::files::read_regular(
            path,
            &name,
            Some(&within),
            crate::load::DEFAULT_MAX_FILE_SIZE,
        )?;
        let current = String::from_utf8(bytes).map_err(|_| Error::Read {
            path: name.clone(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"),
        })?;
        if current == text {
            if !env.quiet {
                written::codeowners_current(&name, out).map_err(crate::render::write_error)?;
            }
            return Ok(crate::EXIT_OK);
        }
        written::codeowners_stale(&name, &current, &text, out)
            .map_err(crate::render::write_error)?;
        return Ok(crate::EXIT_FINDINGS);
    }
    match &args.output {
        Some(path) => write_atomic(path, text.as_bytes())?,
        None => out
            .write_all(text.as_bytes())
            .map_err(crate::render::write_error)?,
    }
    Ok(crate::EXIT_OK)
}

/// Where each platform looks for its CODEOWNERS file, first found wins (GitHub's
/// documentation; GitLab's `Gitlab::CodeOwners` loader).
fn places(platform: Platform) -> &'static [&'static str] {
    match platform {
        Platform::GitHub => &[".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"],
        Platform::GitLab => &["CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"],
    }
}

fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::GitHub => "GitHub",
        Platform::GitLab => "GitLab",
    }
}

/// The CODEOWNERS file the platform reads in the repository at `top`, and its name there.
fn committed_file(top: &std::path::Path, platform: Platform) -> Result<(PathBuf, String)> {
    let places = places(platform);
    for place in places {
        let path = top.join(place);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Ok((path, (*place).to_owned()));
        }
    }
    Err(Error::CodeownersNotFound {
        platform: platform_name(platform),
        places: places.join(", "),
        first: places[0],
    })
}

/// The CODEOWNERS text for an organisation.
pub(crate) fn generate(
    org: &Org,
    roles: &[usize],
    platform: Platform,
    repo_prefix: &str,
) -> String {
    let patterns = DutyPatterns::new(org);
    let mut owners_of_duty: Vec<Option<Vec<String>>> = vec![None; org.duties.len()];
    let mut malformed = std::collections::BTreeSet::new();
    let mut lines: Vec<(PathPattern, usize)> = Vec::new();
    for p in 0..patterns.set.len() {
        let origin = patterns.origins[p];
        let pattern = patterns.set.pattern(p);
        let pattern = if repo_prefix.is_empty() {
            pattern.clone()
        } else {
            match with_prefix(pattern, repo_prefix) {
                Some(p) => p,
                None => continue,
            }
        };
        owners_of_duty[origin.duty]
            .get_or_insert_with(|| owners(org, origin.duty, roles, platform, &mut malformed));
        lines.push((pattern, origin.duty));
    }
    let owner_lists: Vec<Vec<String>> = owners_of_duty
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    let rules: Vec<codeowners::Rule<'_>> = lines
        .iter()
        .map(|(pattern, duty)| codeowners::Rule {
            pattern,
            owners: &owner_lists[*duty],
            section: org.duties[*duty]
                .fields
                .gitlab_section
                .as_ref()
                .map(|s| &s.value),
        })
        .collect();
    let mut text = codeowners::generate(&rules, platform);
    let unowned: Vec<&str> = lines
        .iter()
        .filter(|(_, duty)| owner_lists[*duty].is_empty())
        .map(|(_, duty)| org.duties[*duty].id.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !unowned.is_empty() {
        text.push_str(&format!(
            "# No handle or email for the holders of: {} (their lines have no owners).\n",
            unowned.join(", ")
        ));
    }
    if !malformed.is_empty() {
        let ids: Vec<&str> = malformed.iter().map(String::as_str).collect();
        text.push_str(&format!(
            "# Left out, not a valid handle or email: the contact of {}.\n",
            ids.join(", ")
        ));
    }
    text
}

/// A root-relative pattern as a repository pattern under `prefix`.
fn with_prefix(pattern: &PathPattern, prefix: &str) -> Option<PathPattern> {
    let raw = pattern.as_str();
    let text = if pattern.is_anchored() {
        join_prefix(&format!("/{prefix}"), raw.trim_start_matches('/'))
    } else {
        format!("/{prefix}/**/{raw}")
    };
    PathPattern::parse(&text).ok()
}

/// The handles of a duty's holders of the given roles, deduplicated, in order. A handle or
/// email that is not one token of the owner syntax (a space or line break would add owners
/// or whole lines to the file) is left out, and its holder's id added to `malformed`.
fn owners(
    org: &Org,
    duty: usize,
    roles: &[usize],
    platform: Platform,
    malformed: &mut std::collections::BTreeSet<String>,
) -> Vec<String> {
    let defined = &org.duties[duty];
    let mut handles: Vec<String> = Vec::new();
    for &role in roles {
        for holder in defined.holders(role) {
            let id = holder.value.as_str();
            let handle = match org.holder(id) {
                Some(Holder::Person) => {
                    let person = &org.people[id];
                    let login = match platform {
                        Platform::GitHub => person.github.as_ref(),
                        Platform::GitLab => person.gitlab.as_ref().or(person.github.as_ref()),
                    };
                    login
                        .map(|l| format!("@{}", l.value.trim_start_matches('@')))
                        .or_else(|| person.email.as_ref().map(|e| e.value.clone()))
                }
                Some(Holder::Team) => {
                    let team = &org.teams[id];
                    let slug = match platform {
                        Platform::GitHub => team.github.as_ref(),
                        Platform::GitLab => team.gitlab.as_ref().or(team.github.as_ref()),
                    };
                    slug.map(|s| format!("@{}", s.value.trim_start_matches('@')))
                        .or_else(|| team.email.as_ref().map(|e| e.value.clone()))
                }
                None => None,
            };
            let Some(handle) = handle else {
                continue;
            };
            if !codeowners::is_valid_owner(&handle) {
                malformed.insert(id.to_owned());
            } else if !handles.contains(&handle) {
                handles.push(handle);
            }
        }
    }
    handles
}

#[cfg(test)]
mod tests {
    //! The whole pipeline against GitHub's rules: a random organisation's `paths:` → the
    //! generated CODEOWNERS → GitHub's reference model per file, which must name the owners
    //! of the duty `own` resolves for that file.

    use proptest::prelude::*;

    use super::*;
    use crate::evaluation::testing::Fixture;
    use crate::paths::Resolution;

    const FILES: &[&str] = &[
        "README.md",
        "src/lib.rs",
        "src/net/tcp.rs",
        "docs/a.md",
        "docs/api/v1.md",
        "build/out.o",
        "x/build/y.o",
        "testdata/x",
        "a/b/c.md",
        "é/ü.md",
        "my dir/x",
    ];

    const PATTERNS: &[&str] = &[
        "*",
        "*.md",
        "/docs/",
        "/docs/*",
        "docs/api",
        "build/",
        "build",
        "/src/**",
        "src/net",
        "**/x",
        "*.rs",
        "/é/",
        "/my\\ dir/",
        "testdata/**",
        "?",
        "/*",
        "a/**/c.md",
        "[x]",
    ];

    /// Duty `d<i>` with its patterns; its accountable is `p<i % 3>`, login `u<i % 3>`.
    fn organisation(duties: &[Vec<usize>]) -> String {
        let mut text = String::from(
            "people:\n  p0: { github: u0 }\n  p1: { github: u1 }\n  p2: { github: u2 }\nduties:\n",
        );
        for (i, patterns) in duties.iter().enumerate() {
            let quoted: Vec<String> = patterns
                .iter()
                .map(|&p| serde_json::to_string(PATTERNS[p]).unwrap_or_default())
                .collect();
            text.push_str(&format!(
                "  d{i}:\n    accountable: p{}\n    paths: [{}]\n",
                i % 3,
                quoted.join(", ")
            ));
        }
        text
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn generated_codeowners_read_with_githubs_rules_names_the_resolved_owner(
            duties in proptest::collection::vec(
                proptest::collection::vec(0..PATTERNS.len(), 0..4),
                1..6,
            )
        ) {
            let mut files = vec![("own.yaml", organisation(&duties))];
            files.extend(FILES.iter().map(|f| (*f, String::new())));
            let fixture = Fixture::files(files);
            let org = &fixture.loaded.org;
            let roles = [org.scheme.owner];
            let text = generate(org, &roles, Platform::GitHub, "");
            let parsed = codeowners::parse(&text);
            prop_assert!(parsed.problems.is_empty(), "{:?}\n{}", parsed.problems, text);
            let lines: Vec<(&str, &[String])> = parsed
                .entries
                .iter()
                .map(|e| (e.pattern.as_str(), e.owners.as_slice()))
                .collect();
            let coverage = fixture.coverage.paths.as_ref();
            let Some(coverage) = coverage else {
                // No duty has a valid pattern: then the file has no pattern line either.
                prop_assert!(lines.is_empty(), "{}", text);
                return Ok(());
            };
            let login = |duty: usize| vec![format!("@u{}", duty % 3)];
            for (file, resolution) in coverage.files.iter().zip(&coverage.owners) {
                let github = codeowners::github_owner_of(&lines, file).map(|i| lines[i].1.to_vec());
                let origin = |pattern: usize| coverage.patterns.origins[pattern].duty;
                match resolution {
                    Resolution::Unowned => prop_assert_eq!(github, None, "{}\n{}", file, text),
                    Resolution::Owned { pattern } => {
                        prop_assert_eq!(github, Some(login(origin(*pattern))), "{}\n{}", file, text);
                    }
                    Resolution::Conflict { patterns } => {
                        let tied: Vec<Vec<String>> =
                            patterns.iter().map(|&p| login(origin(p))).collect();
                        prop_assert!(
                            github.as_ref().is_some_and(|g| tied.contains(g)),
                            "{}: conflict {:?}, GitHub {:?}\n{}", file, tied, github, text
                        );
                    }
                }
            }
        }
    }

    /// A contact with a line break or a space would add lines or owners to the file.
    #[test]
    fn malformed_handles_are_left_out_and_named() {
        let fixture = Fixture::new(
            "people:\n  alice: { github: \"alice\\n* @evil\" }\n  bob: { github: bob }\n  \
             carol: { email: \"c@x.org @evil\" }\nteams:\n  t: { github: \"org/t @evil\", members: [bob] }\n\
             duties:\n  d:\n    accountable: alice\n    responsible: [t, bob, carol]\n    paths: [\"/src/\"]\n",
        );
        let org = &fixture.loaded.org;
        let roles: Vec<usize> = ["accountable", "responsible"]
            .iter()
            .map(|name| {
                org.scheme
                    .roles
                    .iter()
                    .position(|r| r.name == *name)
                    .unwrap()
            })
            .collect();
        let text = generate(org, &roles, Platform::GitHub, "");
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(lines, ["/src/ @bob"], "{text}");
        assert!(
            text.ends_with(
                "# Left out, not a valid handle or email: the contact of alice, carol, t.\n"
            ),
            "{text}"
        );
    }
}
