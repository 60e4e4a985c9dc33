//! The layer rules, read off the source tree: routes speak HTTP and call services; services
//! and domain know nothing of actix; domain does no I/O; the repo knows no callers. A rule
//! broken by a new import fails here with the file and line.
use std::path::{Path, PathBuf};

/// (folder under `api/src`, what it must not name, why).
const RULES: &[(&str, &str, &str)] = &[
    ("routes", "crate::repo", "routes call services, never the repo"),
    (
        "routes",
        "entity::",
        "routes build DTOs from service values, not ORM models",
    ),
    (
        "routes",
        "use entity",
        "routes build DTOs from service values, not ORM models",
    ),
    ("routes", "sea_orm", "routes never touch the ORM"),
    ("services", "actix", "services know nothing of HTTP"),
    (
        "services",
        "entity::",
        "the repo holds every query and returns domain records",
    ),
    (
        "services",
        "use entity",
        "the repo holds every query and returns domain records",
    ),
    ("services", "sea_query", "the repo holds every query"),
    ("services", "EntityTrait", "the repo holds every query"),
    ("services", "ActiveModel", "the repo holds every query"),
    ("services", "execute_raw", "the repo holds every query"),
    (
        "services",
        "crate::routes",
        "services never depend on their callers",
    ),
    (
        "services",
        "crate::error",
        "services fail with ServiceError; error.rs maps it once",
    ),
    ("domain", "actix", "domain is pure"),
    ("domain", "sea_orm", "domain is pure"),
    ("domain", "crate::repo", "domain does no I/O"),
    ("domain", "crate::services", "domain depends on nothing above it"),
    ("domain", "crate::error", "domain knows no HTTP status codes"),
    (
        "repo",
        "crate::auth",
        "the repo filters by domain values, not by who asked",
    ),
    ("repo", "crate::services", "the repo never depends on its callers"),
    ("repo", "crate::routes", "the repo never depends on its callers"),
    ("repo", "actix", "the repo knows nothing of HTTP"),
];

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether `line` names `needle` as a path (not inside a longer name: `identity::` is not
/// `entity::`), outside comments.
fn names(line: &str, needle: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices(needle).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Every (file relative to api/src, line number, rule) that breaks a rule.
fn breaches() -> Vec<(String, usize, &'static str, &'static str)> {
    let root = source_root();
    let mut found = Vec::new();
    for &(folder, needle, why) in RULES {
        let mut files = Vec::new();
        rust_files(&root.join(folder), &mut files);
        for file in files {
            let relative = file
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&file).unwrap();
            for (number, line) in text.lines().enumerate() {
                if names(line, needle) {
                    found.push((relative.clone(), number + 1, needle, why));
                }
            }
        }
    }
    found
}

#[test]
fn every_layer_imports_only_what_it_may() {
    let broken: Vec<String> = breaches()
        .into_iter()
        .map(|(file, line, needle, why)| format!("api/src/{file}:{line} names `{needle}`: {why}"))
        .collect();
    assert!(broken.is_empty(), "layer rules broken:\n{}", broken.join("\n"));
}

#[test]
fn the_rules_see_a_breach_when_there_is_one() {
    assert!(names("use crate::repo;", "crate::repo"));
    assert!(names("    let m: entity::tag::Model = x;", "entity::"));
    assert!(!names(
        "crate::domain::identity::myshopify_domain(shop)",
        "entity::"
    ));
    assert!(!names("// No actix here", "actix"));
    assert!(names("use actix_web::web;", "actix"));
}

#[test]
fn api_src_has_few_loose_files() {
    let mut loose: Vec<String> = std::fs::read_dir(source_root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    loose.sort();
    // The process's own wiring; everything else lives in a layer's folder.
    let expected = [
        "configuration.rs",
        "db.rs",
        "dev_secrets.rs",
        "error.rs",
        "lib.rs",
        "main.rs",
        "openapi.rs",
        "startup.rs",
        "state.rs",
        "telemetry.rs",
    ];
    assert_eq!(
        loose, expected,
        "a new file at api/src's root: put it in its layer's folder"
    );
}
