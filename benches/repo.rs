//! The `repo` mode of the generator: a git repository of many files and an ownership root
//! whose duties hold many CODEOWNERS patterns, for the path-coverage benchmarks.
//!
//! The tree has the shape of a large monorepo: areas (`src/`, `services/`, `libs/`, `docs/`,
//! `tests/`, `tools/`, `infra/`, `web/`) with nested modules, files 2 to 7 segments deep with
//! the names and extensions each area would hold (`Makefile`, `go.mod`, `*_test.go`,
//! `build/`, `testdata/`). The files are empty; what matters is that git's index lists them.
//!
//! The patterns are drawn from that tree in the mix a real CODEOWNERS file has: anchored
//! folders (`/services/billing/`), anchored files, anchored globs (`/src/*/net/*.rs`),
//! `**` forms (`**/testdata/**`, `/docs/**/*.png`), children-only (`/docs/*`), floating
//! names (`build/`, `Makefile`) and extensions (`*.md`), and a few that match nothing. Every
//! pattern text appears once, so two duties tie only when different patterns happen to be
//! equally specific on the same file (a few conflicts, as in real repositories). Each duty's
//! owners (accountable person, responsible team) are a combination no other duty has, so an
//! owner list names one duty when tools are compared.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::Rng;

/// The ownership root's `own.yaml`: the ownership files sit in one folder, as a large
/// repository would keep them, and every tracked file must be owned.
pub(crate) const MANIFEST: &str =
    "version: 1\ninclude: [\"ownership/*.own.yaml\"]\ncoverage:\n  paths: {}\n";

/// What to generate.
pub(crate) struct RepoSpec {
    pub(crate) files: usize,
    pub(crate) patterns: usize,
    pub(crate) seed: u64,
}

/// What was generated.
pub(crate) struct RepoSummary {
    pub(crate) files: usize,
    pub(crate) patterns: usize,
    pub(crate) duties: usize,
}

/// One top-level area of the tree.
struct Area {
    root: &'static str,
    /// Share of the files, in percent.
    share: usize,
    /// Folder names by level below the root; deeper levels use [`MODULES`].
    levels: &'static [&'static [&'static str]],
    /// File extensions, the first ones more often.
    exts: &'static [&'static str],
    /// File names without a stem, such as `Makefile`.
    specials: &'static [&'static str],
}

const MODULES: &[&str] = &[
    "tcp",
    "udp",
    "tls",
    "dns",
    "client",
    "server",
    "pool",
    "buffer",
    "frame",
    "handler",
    "middleware",
    "router",
    "session",
    "token",
    "store",
    "schema",
    "model",
    "types",
    "errors",
    "encode",
    "decode",
    "batch",
    "queue",
    "worker",
    "retry",
    "backoff",
    "shard",
    "replica",
    "snapshot",
    "wal",
    "compaction",
    "planner",
    "executor",
    "lexer",
    "ast",
    "eval",
    "optimizer",
    "cursor",
    "filter",
    "sort",
    "merge",
    "state",
    "internal",
    "v1",
    "v2",
    "legacy",
    "experimental",
    "testdata",
    "build",
    "util",
];

const STEMS: &[&str] = &[
    "main", "lib", "mod", "client", "server", "config", "handler", "types", "errors", "utils",
    "helpers", "parser", "reader", "writer", "cache", "index", "service", "store", "model",
    "schema", "routes", "auth", "session", "metrics", "logging", "retry", "queue", "worker",
    "pool", "codec", "format", "validate", "convert", "request", "response", "api", "state",
    "events", "context", "options", "builder", "factory", "adapter", "mapper", "filter", "sort",
    "search", "render", "layout", "theme",
];

const AREAS: &[Area] = &[
    Area {
        root: "src",
        share: 20,
        levels: &[&[
            "net",
            "io",
            "storage",
            "auth",
            "cli",
            "config",
            "parser",
            "compiler",
            "runtime",
            "cache",
            "metrics",
            "logging",
            "crypto",
            "codec",
            "scheduler",
            "query",
            "index",
            "sync",
            "http",
            "rpc",
            "db",
            "fs",
            "os",
            "render",
            "plugin",
            "api",
            "core",
            "util",
            "search",
            "stream",
            "graph",
            "events",
            "billing",
            "reports",
            "ml",
            "geo",
            "image",
            "audio",
            "text",
            "time",
        ]],
        exts: &["rs", "rs", "rs", "rs", "toml", "md"],
        specials: &["mod.rs", "lib.rs", "README.md", "Cargo.toml", "build.rs"],
    },
    Area {
        root: "services",
        share: 24,
        levels: &[
            &[
                "billing",
                "payments",
                "checkout",
                "search",
                "auth",
                "identity",
                "notifications",
                "email",
                "sms",
                "inventory",
                "orders",
                "shipping",
                "catalog",
                "pricing",
                "recommendations",
                "analytics",
                "reporting",
                "gateway",
                "ledger",
                "fraud",
                "accounts",
                "profiles",
                "messaging",
                "media",
                "uploads",
                "thumbnails",
                "scheduler",
                "webhooks",
                "audit",
                "compliance",
                "onboarding",
                "support",
                "chat",
                "feeds",
                "ranking",
                "ads",
                "geo",
                "maps",
                "routing",
                "tracking",
            ],
            &[
                "cmd",
                "internal",
                "pkg",
                "api",
                "handlers",
                "migrations",
                "testdata",
                "config",
                "deploy",
                "docs",
                "proto",
                "client",
                "build",
                "scripts",
            ],
        ],
        exts: &["go", "go", "go", "py", "yaml", "sql", "proto", "json"],
        specials: &[
            "Makefile",
            "Dockerfile",
            "go.mod",
            "go.sum",
            "README.md",
            "OWNERS.md",
        ],
    },
    Area {
        root: "libs",
        share: 13,
        levels: &[
            &[
                "common",
                "logging",
                "metrics",
                "tracing",
                "http-client",
                "retry",
                "feature-flags",
                "i18n",
                "validation",
                "ui-kit",
                "design-tokens",
                "date-utils",
                "money",
                "csv",
                "json-schema",
                "orm",
                "cache-client",
                "queue-client",
                "auth-sdk",
                "grpc-utils",
                "test-helpers",
                "fixtures",
                "mocks",
                "crypto-utils",
                "rate-limit",
                "pagination",
                "errors",
                "config-loader",
                "telemetry",
                "storage-sdk",
            ],
            &[
                "src", "lib", "test", "tests", "docs", "build", "examples", "bench",
            ],
        ],
        exts: &["ts", "ts", "js", "py", "java", "json"],
        specials: &[
            "package.json",
            "README.md",
            "Makefile",
            "tsconfig.json",
            "BUILD",
        ],
    },
    Area {
        root: "docs",
        share: 8,
        levels: &[
            &[
                "architecture",
                "api",
                "guides",
                "runbooks",
                "onboarding",
                "adr",
                "security",
                "operations",
                "releases",
                "design",
                "tutorials",
                "reference",
                "faq",
                "compliance",
                "incidents",
                "howto",
                "internals",
                "specs",
                "rfcs",
                "style",
            ],
            &[
                "images", "diagrams", "assets", "v1", "v2", "legacy", "drafts", "services",
                "teams", "tools", "appendix",
            ],
        ],
        exts: &["md", "md", "md", "png", "svg", "rst"],
        specials: &["README.md", "index.md", "SUMMARY.md"],
    },
    Area {
        root: "tests",
        share: 10,
        levels: &[&[
            "integration",
            "unit",
            "e2e",
            "fixtures",
            "testdata",
            "perf",
            "fuzz",
            "smoke",
            "contract",
            "load",
        ]],
        exts: &["rs", "py", "py", "json", "txt", "yaml"],
        specials: &["conftest.py", "README.md", "Makefile"],
    },
    Area {
        root: "tools",
        share: 3,
        levels: &[&[
            "release",
            "lint",
            "codegen",
            "migrate",
            "bench",
            "dev-env",
            "scripts",
            "ci-helpers",
            "bootstrap",
            "analyzer",
            "docs-gen",
            "fmt",
            "license-check",
            "dep-audit",
            "profiler",
        ]],
        exts: &["py", "sh", "sh", "rs", "toml"],
        specials: &["Makefile", "README.md", "requirements.txt"],
    },
    Area {
        root: "infra",
        share: 8,
        levels: &[
            &[
                "terraform",
                "k8s",
                "helm",
                "ansible",
                "docker",
                "monitoring",
                "ci",
                "packer",
            ],
            &["prod", "staging", "dev", "qa", "shared", "global"],
            &[
                "us-east-1",
                "eu-west-1",
                "ap-south-1",
                "modules",
                "network",
                "iam",
                "dns",
                "storage",
                "compute",
                "databases",
            ],
        ],
        exts: &["tf", "tf", "yaml", "yaml", "json", "sh"],
        specials: &["Makefile", "README.md", "variables.tf", "Dockerfile"],
    },
    Area {
        root: "web",
        share: 14,
        levels: &[
            &[
                "storefront",
                "admin",
                "dashboard",
                "docs-site",
                "mobile-web",
                "checkout-ui",
                "marketing",
                "internal-tools",
            ],
            &["src", "public", "test", "build", "scripts", "config"],
            &[
                "components",
                "pages",
                "hooks",
                "styles",
                "utils",
                "api",
                "store",
                "routes",
                "assets",
                "i18n",
                "layouts",
                "features",
            ],
        ],
        exts: &["tsx", "tsx", "ts", "ts", "css", "scss", "svg", "json"],
        specials: &["package.json", "README.md", "index.ts", "Makefile"],
    },
];

/// The few names and extensions a CODEOWNERS file lets float to any depth.
const FLOATING_DIRS: &[&str] = &[
    "build",
    "testdata",
    "fixtures",
    "migrations",
    "scripts",
    "deploy",
    "proto",
    "docs",
];
const FLOATING_FILES: &[&str] = &[
    "Makefile",
    "Dockerfile",
    "go.mod",
    "package.json",
    "BUILD",
    "OWNERS.md",
    "conftest.py",
    "requirements.txt",
];
const FLOATING_EXTS: &[&str] = &[
    "*.md",
    "*.proto",
    "*.sql",
    "*.tf",
    "*.svg",
    "*.png",
    "*_test.go",
    "*.test.ts",
];

const ROOT_FILES: &[&str] = &[
    "README.md",
    "Makefile",
    "Cargo.toml",
    "go.work",
    "package.json",
    "LICENSE",
    ".gitignore",
    ".editorconfig",
    ".github/workflows/ci.yml",
    ".github/workflows/release.yml",
    ".github/dependabot.yml",
];

/// The files of the tree, sorted; `.own.yaml` files are not among them.
fn tree(spec: &RepoSpec, rng: &mut Rng) -> Vec<String> {
    let mut files: BTreeSet<String> = ROOT_FILES
        .iter()
        .take(spec.files)
        .map(|f| (*f).to_owned())
        .collect();
    let rest = spec.files.saturating_sub(files.len());
    let total_share: usize = AREAS.iter().map(|a| a.share).sum();
    let mut assigned = 0;
    for (a, area) in AREAS.iter().enumerate() {
        let count = if a + 1 == AREAS.len() {
            rest - assigned
        } else {
            rest * area.share / total_share
        };
        assigned += count;
        // About ten files per folder, as in real trees.
        let dirs = folders(area, count.div_ceil(10).max(1), rng);
        let mut made = 0;
        while made < count {
            let dir = &dirs[rng.below(dirs.len())];
            let name = if rng.below(100) < 8 {
                (*rng.pick(area.specials)).to_owned()
            } else {
                let stem = rng.pick(STEMS);
                let ext = rng.pick(area.exts);
                match (*ext, rng.below(5)) {
                    ("go", 0) => format!("{stem}_test.go"),
                    ("ts" | "tsx", 0) => format!("{stem}.test.{ext}"),
                    ("py", 0) => format!("test_{stem}.py"),
                    _ => format!("{stem}.{ext}"),
                }
            };
            let mut path = format!("{dir}/{name}");
            let mut n = 2;
            while files.contains(&path) {
                path = match name.split_once('.') {
                    Some((stem, ext)) => format!("{dir}/{stem}{n}.{ext}"),
                    None => format!("{dir}/{name}{n}"),
                };
                n += 1;
            }
            files.insert(path);
            made += 1;
        }
    }
    files.into_iter().collect()
}

/// `count` folders of an area, 1 to 6 segments deep (so files are 2 to 7 deep).
fn folders(area: &Area, count: usize, rng: &mut Rng) -> Vec<String> {
    // Depth weights for 1..=6 segments: most folders sit 2 to 4 deep.
    const DEPTHS: &[usize] = &[1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6];
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(count);
    let mut attempts = 0;
    while out.len() < count && attempts < count * 20 {
        attempts += 1;
        let depth = *rng.pick(DEPTHS);
        let mut dir = area.root.to_owned();
        for level in 1..depth {
            let names = area.levels.get(level - 1).copied().unwrap_or(MODULES);
            let name = rng.pick::<&str>(names);
            dir.push('/');
            dir.push_str(name);
        }
        if seen.insert(dir.clone()) {
            out.push(dir);
        }
    }
    out
}

/// Every folder of the tree (hidden ones aside), with its number of segments.
fn folders_of(files: &[String]) -> Vec<(String, usize)> {
    let mut dirs = BTreeSet::new();
    for file in files {
        let mut end = 0;
        while let Some(i) = file[end..].find('/') {
            dirs.insert(&file[..end + i]);
            end += i + 1;
        }
    }
    dirs.into_iter()
        .filter(|d| !d.starts_with('.'))
        .map(|d| (d.to_owned(), d.split('/').count()))
        .collect()
}

/// `count` distinct CODEOWNERS patterns in a realistic mix.
fn patterns(files: &[String], count: usize, rng: &mut Rng) -> Vec<String> {
    let dirs = folders_of(files);
    let mut out = Vec::with_capacity(count);
    // Patterns that mean the same (`/a/b/` and `/a/b`) count once, so no two duties hold
    // the same folder.
    let mut seen = HashSet::new();
    let pick_dir = |rng: &mut Rng, min: usize, max: usize| -> Option<String> {
        for _ in 0..64 {
            let (dir, depth) = &dirs[rng.below(dirs.len())];
            if (min..=max).contains(depth) {
                return Some(dir.clone());
            }
        }
        None
    };
    // A file at least `min` segments deep, split into its segments. Patterns drawn from a
    // file match at least that file, so only the ones meant to match nothing are dead.
    let pick_file = |rng: &mut Rng, min: usize| -> Option<Vec<&str>> {
        for _ in 0..64 {
            let segs: Vec<&str> = files[rng.below(files.len())].split('/').collect();
            if segs.len() >= min && !segs[0].starts_with('.') {
                return Some(segs);
            }
        }
        None
    };
    let ext_of = |name: &str| -> String {
        match name.rfind('.') {
            Some(dot) if dot > 0 => format!("*{}", &name[dot..]),
            _ => name.to_owned(),
        }
    };
    let mut attempts = 0;
    while out.len() < count && attempts < count * 50 + 1000 {
        attempts += 1;
        let roll = rng.below(100);
        let pattern = match roll {
            // Anchored folders, with and without the trailing slash; top-level modules
            // more often than deep ones.
            0..=49 => {
                let (min, max) = if rng.below(3) == 0 { (2, 2) } else { (2, 4) };
                pick_dir(rng, min, max).map(|d| {
                    if rng.below(5) == 0 {
                        format!("/{d}")
                    } else {
                        format!("/{d}/")
                    }
                })
            }
            // Anchored single files.
            50..=59 => {
                let f = &files[rng.below(files.len())];
                (!f.starts_with('.')).then(|| format!("/{f}"))
            }
            // Anchored globs: one folder replaced by `*`, then the file's extension, or
            // the folder itself.
            60..=74 => pick_file(rng, 4).map(|mut segs| {
                let at = 1 + rng.below(segs.len() - 2);
                segs[at] = "*";
                let name = segs.pop().unwrap_or_default();
                if rng.below(4) == 0 {
                    format!("/{}/", segs.join("/"))
                } else {
                    format!("/{}/{}", segs.join("/"), ext_of(name))
                }
            }),
            // `**` forms.
            75..=82 => match rng.below(4) {
                0 => Some(format!("**/{}/**", rng.pick(FLOATING_DIRS))),
                1 => pick_file(rng, 3).map(|segs| {
                    let keep = 1 + rng.below((segs.len() - 2).min(3));
                    let name = segs.last().copied().unwrap_or_default();
                    format!("/{}/**/{}", segs[..keep].join("/"), ext_of(name))
                }),
                2 => pick_file(rng, 4).map(|segs| {
                    let keep = 1 + rng.below(2);
                    let deeper = keep + rng.below(segs.len() - 1 - keep);
                    format!("/{}/**/{}/", segs[..keep].join("/"), segs[deeper])
                }),
                _ => pick_dir(rng, 2, 3).map(|d| format!("/{d}/**")),
            },
            // Children only: a folder that holds files directly.
            83..=90 => {
                pick_file(rng, 2).map(|segs| format!("/{}/*", segs[..segs.len() - 1].join("/")))
            }
            // Floating names: folders (`build/`) and files (`Makefile`).
            91..=93 => Some(if rng.below(2) == 0 {
                (*rng.pick(FLOATING_FILES)).to_owned()
            } else {
                format!("{}/", rng.pick(FLOATING_DIRS))
            }),
            // Floating extensions and suffixes.
            94..=98 => Some((*rng.pick(FLOATING_EXTS)).to_owned()),
            // Patterns that match nothing: gone folders, languages the repo has no more.
            _ => Some(match rng.below(3) {
                0 => format!("/legacy/{}/", rng.pick(MODULES)),
                1 => format!("/src/{}/*.cobol", rng.pick(MODULES)),
                _ => format!("*.{}-old", rng.pick(STEMS)),
            }),
        };
        let Some(pattern) = pattern else { continue };
        if seen.insert(pattern.trim_end_matches('/').to_owned()) {
            out.push(pattern);
        }
    }
    out
}

/// Writes the repository and its ownership root into `dir`, then commits it.
pub(crate) fn generate_repo(
    dir: &Path,
    spec: &RepoSpec,
) -> Result<RepoSummary, Box<dyn std::error::Error>> {
    let mut rng = Rng(spec.seed);
    let files = tree(spec, &mut rng);
    let patterns = patterns(&files, spec.patterns, &mut Rng(spec.seed ^ 0x0a7e_5eed));
    std::fs::create_dir_all(dir)?;
    let mut made_dirs = HashSet::new();
    for file in &files {
        let path = dir.join(file);
        if let Some(parent) = path.parent()
            && made_dirs.insert(parent.to_path_buf())
        {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, "")?;
    }

    // About ten patterns per duty; each duty's owners are a combination of its own.
    let duties = patterns.len().div_ceil(10).max(1);
    let people = (duties / 2).max(2);
    let teams = (duties / 10).max(duties.div_ceil(people)).max(1);
    let mut by_duty: Vec<Vec<&str>> = vec![Vec::new(); duties];
    for p in &patterns {
        by_duty[rng.below(duties)].push(p);
    }
    std::fs::write(dir.join("own.yaml"), MANIFEST)?;
    let mut text = String::from("people:\n");
    for i in 0..people {
        writeln!(
            text,
            "  p{i}: {{ name: Person {i}, email: p{i}@example.com, github: person-{i} }}"
        )?;
    }
    text.push_str("teams:\n");
    for t in 0..teams {
        let members: BTreeSet<usize> = (0..4).map(|_| rng.below(people)).collect();
        let members: Vec<String> = members.iter().map(|m| format!("p{m}")).collect();
        writeln!(
            text,
            "  t{t}: {{ name: Team {t}, members: [{}], github: example/team-{t} }}",
            members.join(", ")
        )?;
    }
    std::fs::create_dir_all(dir.join("ownership"))?;
    std::fs::write(dir.join("ownership/people.own.yaml"), text)?;
    for (chunk, range) in (0..duties).collect::<Vec<_>>().chunks(100).enumerate() {
        let mut text = String::from("duties:\n");
        for &d in range {
            let paths: Vec<String> = by_duty[d].iter().map(|p| format!("\"{p}\"")).collect();
            writeln!(
                text,
                "  code-{d}:\n    title: Maintain code area {d}\n    accountable: p{}\n    responsible: [t{}]\n    reviewed: 2026-03-01\n    paths: [{}]",
                d % people,
                (d / people) % teams,
                paths.join(", ")
            )?;
        }
        std::fs::write(dir.join(format!("ownership/duties-{chunk}.own.yaml")), text)?;
    }

    // Stage every file, then commit with the message exactly as given (`commit-tree` adds no
    // newline), by the generator's fixed author and time.
    crate::init(dir)?;
    crate::run_git(dir, &["add", "-A"], b"")?;
    let tree = crate::run_git(dir, &["write-tree"], b"")?;
    let commit = crate::run_git(dir, &["commit-tree", &tree], b"Generated repository")?;
    crate::run_git(dir, &["update-ref", "HEAD", &commit], b"")?;
    Ok(RepoSummary {
        files: files.len(),
        patterns: patterns.len(),
        duties,
    })
}
