//! Hostile repositories: corrupt, truncated or lying git data, made with the real `git` (and
//! `gix` where `git` refuses to write such a thing). `own` runs in CI on pull requests from
//! forks, so the repository is untrusted input: each case must end with exit 2 and a stable
//! `own::git-…` code, quickly, and never hang, panic or overflow the stack.

// The fixture helpers below are test code too (clippy's test allowance covers only `#[test]`).
#![allow(clippy::unwrap_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::util::{git, json, own_in, run};

const MANIFEST: &str = "version: 1\ncoverage:\n  paths: {}\n";
const PEOPLE: &str = "people:\n  alice: { name: Alice Ng }\nduties:\n  d: { accountable: alice, responsible: [alice], paths: [\"**\"] }\n";

/// A repository with one commit of a small organisation.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("own.yaml"), MANIFEST).unwrap();
    std::fs::write(dir.path().join("people.own.yaml"), PEOPLE).unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "init"]);
    dir
}

fn loose(dir: &Path, id: &str) -> PathBuf {
    dir.join(".git/objects").join(&id[..2]).join(&id[2..])
}

/// Cut the last `bytes` off a file (the zlib stream of a loose object, a pack).
fn truncate(path: &Path, bytes: usize) {
    let data = std::fs::read(path).unwrap();
    let mut permissions = std::fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(path, permissions).unwrap();
    std::fs::write(path, &data[..data.len() - bytes]).unwrap();
}

/// Replace a loose object with `raw` (header and body), compressed as git does.
fn write_loose(path: &Path, raw: &[u8]) {
    let mut zlib =
        gix::zlib::stream::deflate::Write::new(Vec::new(), gix::zlib::Compression::DEFAULT);
    zlib.write_all(raw).unwrap();
    zlib.flush().unwrap();
    let _ = std::fs::remove_file(path);
    std::fs::write(path, zlib.into_inner()).unwrap();
}

/// Run `own` in `dir`, expect exit 2 with `code` within a bound, and return stderr.
fn refused(dir: &Path, args: &[&str], code: &str) -> String {
    let started = Instant::now();
    let (status, stdout, stderr) = run(own_in(dir).args(args));
    let took = started.elapsed();
    // The point is "not a hang": a debug build on a loaded machine, measured at ~10 ms.
    assert!(took < Duration::from_secs(5), "{args:?} took {took:?}");
    assert_eq!(status, 2, "{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains(code),
        "{args:?}: expected {code}:\n{stderr}"
    );
    // The message as one line, whatever the width it was wrapped to.
    stderr
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The same, through `--format json`: the error object.
fn refused_json(dir: &Path, args: &[&str], code: &str) {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let (status, stdout, stderr) = run(own_in(dir).args(&args));
    assert_eq!(status, 2, "{stderr}");
    assert_eq!(json(&stdout)["error"]["code"], code, "{stdout}");
}

#[test]
fn truncated_loose_objects_are_corrupt_not_a_hang() {
    // The blob, the tree and the commit behind `HEAD`, each with its zlib stream cut short
    // (the header still reads; libgit2 spun forever on the blob).
    for what in ["HEAD:own.yaml", "HEAD^{tree}", "HEAD"] {
        let dir = repo();
        let id = git(dir.path(), &["rev-parse", what]);
        truncate(&loose(dir.path(), &id), 6);
        let stderr = refused(
            dir.path(),
            &["who", "d", "--rev", "HEAD"],
            "own::git-corrupt",
        );
        assert!(stderr.contains("corrupt"), "{what}: {stderr}");
        refused(dir.path(), &["log"], "own::git-corrupt");
        refused_json(dir.path(), &["diff", "HEAD"], "own::git-corrupt");
    }
}

#[test]
fn a_loose_object_whose_header_lies_about_its_size() {
    for header in ["blob 3\0", "blob 99999\0"] {
        let dir = repo();
        let id = git(dir.path(), &["rev-parse", "HEAD:own.yaml"]);
        let mut raw = header.as_bytes().to_vec();
        raw.extend(MANIFEST.as_bytes());
        write_loose(&loose(dir.path(), &id), &raw);
        refused(
            dir.path(),
            &["who", "d", "--rev", "HEAD"],
            "own::git-corrupt",
        );
    }
}

#[test]
fn a_truncated_pack_and_a_pack_index_pointing_past_its_end() {
    let packed = || {
        let dir = repo();
        git(dir.path(), &["gc", "-q"]);
        let pack = std::fs::read_dir(dir.path().join(".git/objects/pack"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "pack"))
            .unwrap();
        (dir, pack)
    };
    let (dir, pack) = packed();
    truncate(&pack, 40);
    refused(
        dir.path(),
        &["who", "d", "--rev", "HEAD"],
        "own::git-corrupt",
    );
    refused(dir.path(), &["log"], "own::git-corrupt");

    // Version 2 index: magic, version, 256 fan-out entries, then ids, CRCs and offsets.
    let (dir, pack) = packed();
    let index = pack.with_extension("idx");
    let mut data = std::fs::read(&index).unwrap();
    let count = u32::from_be_bytes(data[8 + 255 * 4..8 + 256 * 4].try_into().unwrap()) as usize;
    let offsets = 8 + 256 * 4 + count * 20 + count * 4;
    for k in 0..count {
        data[offsets + 4 * k..offsets + 4 * k + 4].copy_from_slice(&0x7fff_0000u32.to_be_bytes());
    }
    truncate(&index, 0);
    std::fs::write(&index, data).unwrap();
    refused(
        dir.path(),
        &["who", "d", "--rev", "HEAD"],
        "own::git-corrupt",
    );
    refused(dir.path(), &["log"], "own::git-corrupt");
}

#[test]
fn missing_trees_and_blobs_behind_a_revision() {
    for what in ["HEAD:people.own.yaml", "HEAD^{tree}"] {
        let dir = repo();
        let id = git(dir.path(), &["rev-parse", what]);
        std::fs::remove_file(loose(dir.path(), &id)).unwrap();
        let stderr = refused(
            dir.path(),
            &["who", "d", "--rev", "HEAD"],
            "own::git-missing-object",
        );
        assert!(stderr.contains(&id), "{stderr}");
    }
}

#[test]
fn refs_and_revisions_that_name_no_commit() {
    let dir = repo();
    let blob = git(dir.path(), &["rev-parse", "HEAD:own.yaml"]);
    // `git update-ref` refuses to point a branch at a blob; a hostile clone need not ask.
    std::fs::write(
        dir.path().join(".git/refs/heads/blobby"),
        format!("{blob}\n"),
    )
    .unwrap();
    let stderr = refused(
        dir.path(),
        &["who", "d", "--rev", "blobby"],
        "own::git-not-a-commit",
    );
    assert!(stderr.contains("names a blob"), "{stderr}");
    refused(dir.path(), &["diff", "blobby"], "own::git-not-a-commit");
    refused(
        dir.path(),
        &["who", "d", "--rev", "HEAD^{tree}"],
        "own::git-not-a-commit",
    );
}

/// Point `main` at a commit of HEAD's tree whose author and committer date is `date` as
/// written in the object (git's own commands refuse to write a bad one).
fn commit_dated(dir: &Path, date: &str, subject: &str) {
    let tree = git(dir, &["rev-parse", "HEAD^{tree}"]);
    let raw =
        format!("tree {tree}\nauthor A <a@x> {date}\ncommitter A <a@x> {date}\n\n{subject}\n");
    let file = dir.join("commit.txt");
    std::fs::write(&file, raw).unwrap();
    let args = [
        "hash-object",
        "-t",
        "commit",
        "-w",
        "--literally",
        "commit.txt",
    ];
    let id = git(dir, &args);
    std::fs::remove_file(&file).unwrap();
    git(dir, &["update-ref", "refs/heads/main", &id]);
}

#[test]
fn a_commit_with_an_unparsable_date() {
    let dir = repo();
    commit_dated(dir.path(), "notadate +0000", "bad");
    refused(
        dir.path(),
        &["who", "d", "--rev", "main"],
        "own::git-corrupt",
    );
    refused(dir.path(), &["log"], "own::git-corrupt");
    refused(
        dir.path(),
        &["who", "d", "--at", "2025-01-01"],
        "own::git-corrupt",
    );
}

#[test]
fn a_commit_dated_year_10000_gets_its_date() {
    let dir = repo();
    // 10000-01-01T00:00:00Z, past what most date libraries hold.
    commit_dated(dir.path(), "253402300800 +0000", "future");
    let (status, stdout, stderr) = run(own_in(dir.path()).args(["log", "--format", "json"]));
    assert_eq!(status, 0, "{stderr}");
    let log = json(&stdout);
    assert_eq!(
        log["entries"][0]["date"], "10000-01-01T00:00:00Z",
        "{stdout}"
    );
    let (_, human, _) = run(own_in(dir.path()).args(["log"]));
    assert!(human.contains("10000-01-01"), "{human}");
}

#[test]
fn a_dot_git_file_pointing_at_a_missing_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("own.yaml"), MANIFEST).unwrap();
    std::fs::write(dir.path().join("people.own.yaml"), PEOPLE).unwrap();
    std::fs::write(dir.path().join(".git"), "gitdir: /nonexistent/own-test\n").unwrap();
    refused(dir.path(), &["who", "d", "--rev", "HEAD"], "own::git-error");
    // Coverage reads the index: a repository that cannot be opened is not "no repository".
    refused(dir.path(), &["check"], "own::git-error");
}

#[test]
fn an_index_with_a_bad_checksum_or_truncated() {
    let dir = repo();
    let index = dir.path().join(".git/index");
    let mut data = std::fs::read(&index).unwrap();
    let last = data.len() - 1;
    data[last] ^= 0xff;
    std::fs::write(&index, &data).unwrap();
    let stderr = refused(dir.path(), &["check"], "own::git-corrupt");
    assert!(stderr.contains("index"), "{stderr}");
    refused_json(dir.path(), &["check"], "own::git-corrupt");

    let dir = repo();
    truncate(&dir.path().join(".git/index"), 30);
    refused(dir.path(), &["check"], "own::git-corrupt");
}

/// Commit a tree made with `gix` (git's own commands refuse to build these) on `main`.
fn commit_tree(dir: &Path, tree: gix::ObjectId) {
    let id = git(dir, &["commit-tree", &tree.to_string(), "-m", "hostile"]);
    git(dir, &["update-ref", "refs/heads/main", &id]);
}

/// `own.yaml` and the people file at the top, and `below` as the folder `a`.
fn top_with(repo: &gix::Repository, below: gix::ObjectId) -> gix::ObjectId {
    use gix::objs::tree::{Entry, EntryKind};
    let blob = |text: &str| repo.write_blob(text.as_bytes()).unwrap().detach();
    let mut entries = vec![
        Entry {
            mode: EntryKind::Tree.into(),
            filename: "a".into(),
            oid: below,
        },
        Entry {
            mode: EntryKind::Blob.into(),
            filename: "own.yaml".into(),
            oid: blob(MANIFEST),
        },
        Entry {
            mode: EntryKind::Blob.into(),
            filename: "people.own.yaml".into(),
            oid: blob(PEOPLE),
        },
    ];
    entries.sort_by(|a, b| a.filename.cmp(&b.filename));
    repo.write_object(gix::objs::Tree { entries })
        .unwrap()
        .detach()
}

/// A folder holding one small ownership file.
fn leaf(repo: &gix::Repository) -> gix::ObjectId {
    use gix::objs::tree::{Entry, EntryKind};
    repo.write_object(gix::objs::Tree {
        entries: vec![Entry {
            mode: EntryKind::Blob.into(),
            filename: "x.own.yaml".into(),
            oid: repo.write_blob(b"people: {}\n").unwrap().detach(),
        }],
    })
    .unwrap()
    .detach()
}

/// `depth` folders named `name`, one inside the other, around `tree`. Written as loose
/// objects by hand: through `gix` each write is a temporary file and a rename, which takes
/// seconds in a debug build.
fn nest(dir: &Path, mut tree: gix::ObjectId, depth: usize, name: &str) -> gix::ObjectId {
    let objects = dir.join(".git/objects");
    let mut folders = std::collections::HashSet::new();
    for _ in 0..depth {
        let mut body = format!("40000 {name}\0").into_bytes();
        body.extend(tree.as_bytes());
        let mut raw = format!("tree {}\0", body.len()).into_bytes();
        raw.extend(&body);
        tree =
            gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Tree, &body).unwrap();
        let hex = tree.to_string();
        if folders.insert(hex[..2].to_owned()) {
            std::fs::create_dir_all(objects.join(&hex[..2])).unwrap();
        }
        write_loose(&objects.join(&hex[..2]).join(&hex[2..]), &raw);
    }
    tree
}

/// 10,000 deep is five times the cap: `own` reads the 2,049 trees at the top and stops, so
/// 70,000 (the depth that overflowed the stack through libgit2) behaves the same.
#[test]
fn trees_nested_10000_deep_are_refused_without_overflowing_the_stack() {
    let dir = repo();
    let repo = gix::open(dir.path()).unwrap();
    let tree = nest(dir.path(), leaf(&repo), 10_000, "a");
    commit_tree(dir.path(), top_with(&repo, tree));
    let stderr = refused(
        dir.path(),
        &["who", "d", "--rev", "HEAD"],
        "own::git-tree-limit",
    );
    assert!(stderr.contains("2048 folders deep"), "{stderr}");
    refused(dir.path(), &["log"], "own::git-tree-limit");
    refused(dir.path(), &["diff", "HEAD"], "own::git-tree-limit");

    // 2,000 folders of 255-character names: under the depth cap, but a path of half a
    // megabyte, which no file system holds (listing such paths took 1.7 GB through libgit2).
    let dir = self::repo();
    let repo = gix::open(dir.path()).unwrap();
    let tree = nest(dir.path(), leaf(&repo), 2_000, &"n".repeat(255));
    commit_tree(dir.path(), top_with(&repo, tree));
    let stderr = refused(
        dir.path(),
        &["who", "d", "--rev", "HEAD"],
        "own::git-tree-limit",
    );
    assert!(stderr.contains("longer than 4096 bytes"), "{stderr}");
    refused(dir.path(), &["log"], "own::git-tree-limit");
}

#[test]
fn a_tree_naming_one_subtree_over_and_over_is_refused_before_listing() {
    use gix::objs::tree::{Entry, EntryKind};
    let dir = repo();
    let repo = gix::open(dir.path()).unwrap();
    // 40 folders of 40 folders ... six deep: 4 billion paths from seven small trees.
    let mut tree = repo
        .write_object(gix::objs::Tree {
            entries: vec![Entry {
                mode: EntryKind::Blob.into(),
                filename: "f".into(),
                oid: repo.write_blob(b"x").unwrap().detach(),
            }],
        })
        .unwrap()
        .detach();
    for _ in 0..6 {
        let mut entries: Vec<Entry> = (0..40)
            .map(|i| Entry {
                mode: EntryKind::Tree.into(),
                filename: format!("d{i:02}").into(),
                oid: tree,
            })
            .collect();
        entries.sort_by(|a, b| a.filename.cmp(&b.filename));
        tree = repo
            .write_object(gix::objs::Tree { entries })
            .unwrap()
            .detach();
    }
    commit_tree(dir.path(), top_with(&repo, tree));
    let stderr = refused(
        dir.path(),
        &["who", "d", "--rev", "HEAD"],
        "own::git-tree-limit",
    );
    assert!(stderr.contains("10000000 files"), "{stderr}");
}

#[test]
fn a_tree_that_contains_itself_is_corrupt() {
    use gix::objs::tree::{Entry, EntryKind};
    let dir = repo();
    let repo = gix::open(dir.path()).unwrap();
    // A tree object stored under an id its content does not hash to, naming that id.
    let fake: gix::ObjectId = "1111111111111111111111111111111111111111".parse().unwrap();
    let tree = gix::objs::Tree {
        entries: vec![Entry {
            mode: EntryKind::Tree.into(),
            filename: "loop".into(),
            oid: fake,
        }],
    };
    let mut body = Vec::new();
    gix::objs::WriteTo::write_to(&tree, &mut body).unwrap();
    let mut raw = format!("tree {}\0", body.len()).into_bytes();
    raw.extend(body);
    let path = loose(dir.path(), &fake.to_string());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    write_loose(&path, &raw);
    commit_tree(dir.path(), top_with(&repo, fake));
    let stderr = refused(
        dir.path(),
        &["who", "d", "--rev", "HEAD"],
        "own::git-corrupt",
    );
    assert!(stderr.contains("contains itself"), "{stderr}");
}

#[test]
fn a_linked_ownership_file_reads_the_same_at_a_revision_as_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("own.yaml"), "version: 1\n").unwrap();
    std::fs::create_dir(dir.path().join("shared")).unwrap();
    std::fs::write(dir.path().join("shared/people.yaml"), PEOPLE).unwrap();
    std::os::unix::fs::symlink("shared/people.yaml", dir.path().join("people.own.yaml")).unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "linked"]);

    // The working tree and the commit hold the same organisation: nothing changed.
    let (status, stdout, stderr) =
        run(own_in(dir.path()).args(["diff", "HEAD", "--format", "json"]));
    assert_eq!(status, 0, "{stderr}");
    let diff = json(&stdout);
    assert_eq!(diff["changes"], serde_json::json!([]), "{stdout}");
    for rev in [&[][..], &["--rev", "HEAD"][..]] {
        let (status, stdout, stderr) = run(own_in(dir.path()).args(rev).args(["who", "d"]));
        assert_eq!(status, 0, "{rev:?}: {stderr}");
        assert!(stdout.contains("alice"), "{rev:?}: {stdout}");
    }

    // A link that leads out of the root is refused on both sides, never dropped.
    std::fs::remove_file(dir.path().join("people.own.yaml")).unwrap();
    std::os::unix::fs::symlink("../../etc/passwd", dir.path().join("people.own.yaml")).unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "out"]);
    for rev in [&[][..], &["--rev", "HEAD"][..]] {
        let (status, _, stderr) = run(own_in(dir.path()).args(rev).args(["check"]));
        assert_eq!(status, 2, "{rev:?}: {stderr}");
        assert!(stderr.contains("people.own.yaml"), "{rev:?}: {stderr}");
    }
}
