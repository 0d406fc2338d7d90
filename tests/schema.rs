//! The JSON Schema: committed files match the types, and samples validate as expected.

use std::path::Path;

use crate::util::{own, project, run};

fn schema(kind: &str) -> serde_json::Value {
    let (code, stdout, _) = run(own().args(["schema", kind]));
    assert_eq!(code, 0);
    crate::util::json(&stdout)
}

#[test]
fn committed_schemas_match_the_types() {
    for (kind, file) in [
        ("manifest", "schema/own.schema.json"),
        ("include", "schema/own-include.schema.json"),
    ] {
        let (_, generated, _) = run(own().args(["schema", kind]));
        let committed = std::fs::read_to_string(project().join(file)).unwrap_or_default();
        assert!(
            committed == generated,
            "{file} is out of date: run `cargo run -- schema {kind} > {file}`"
        );
    }
}

fn yaml_to_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn samples_validate_against_the_schema() {
    let dir = project().join("tests/schema");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if !name.ends_with(".yaml") {
            continue;
        }
        let kind = if name.contains("include") {
            "include"
        } else {
            "manifest"
        };
        let validator = jsonschema::validator_for(&schema(kind))
            .unwrap_or_else(|e| panic!("schema does not compile: {e}"));
        let instance = yaml_to_json(&path);
        let valid = validator.is_valid(&instance);
        assert_eq!(valid, name.starts_with("valid"), "{name}");
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} samples");
}

#[test]
fn examples_validate_against_the_schema() {
    let manifest = jsonschema::validator_for(&schema("manifest")).unwrap_or_else(|e| panic!("{e}"));
    let include = jsonschema::validator_for(&schema("include")).unwrap_or_else(|e| panic!("{e}"));
    let mut checked = 0;
    for org in ["soc", "helpdesk", "infra"] {
        let root = project().join("examples").join(org);
        for entry in walk(&root) {
            let name = entry.to_string_lossy().into_owned();
            let validator = if name.ends_with("/own.yaml") {
                &manifest
            } else if name.ends_with(".own.yaml") {
                &include
            } else {
                continue;
            };
            let instance = yaml_to_json(&entry);
            let errors: Vec<String> = validator
                .iter_errors(&instance)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{name}: {errors:?}");
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} example files");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
