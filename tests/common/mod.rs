//! Helpers shared by the integration tests.

#![allow(dead_code, clippy::panic)]

pub mod audits;
pub mod generated;
pub mod layouts;
pub mod uji;

use sop::check::Profile;
use sop::diagnostic::render_human;
use sop::pipeline::{check_source, Checked};
use std::path::PathBuf;

/// The bundled national profile.
pub fn profile() -> Profile {
    match Profile::bundled() {
        Ok(profile) => profile,
        Err(error) => panic!("bundled profile does not load: {error}"),
    }
}

/// Checks a source with the bundled profile.
pub fn check(source: &str) -> Checked {
    check_source(source, &profile())
}

/// Checks a source and renders its diagnostics as a person sees them.
pub fn rendered(name: &str, source: &str) -> String {
    render_human(&check(source).diagnostics, name, source)
}

/// The model of a source that must check without errors.
pub fn model_of(source: &str) -> sop::model::Model {
    let checked = check(source);
    let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect();
    assert!(errors.is_empty(), "errors: {errors:?}");
    let Some(model) = checked.model else { panic!("no model") };
    model
}

/// The codes of the diagnostics of a source.
pub fn codes(source: &str) -> Vec<&'static str> {
    check(source).diagnostics.iter().map(|d| d.rule.code).collect()
}

/// Every `.sop` file of the corpus (the four seed SOPs and the examples), sorted.
pub fn corpus() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["sops", "examples"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { panic!("{dir}/ is missing") };
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "sop")) {
            let name =
                format!("{dir}/{}", path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            files.push((name, text));
        }
    }
    files
}

/// The `sop` binary built for these tests.
pub fn sop() -> assert_cmd::Command {
    match assert_cmd::Command::cargo_bin("sop") {
        Ok(cmd) => cmd,
        Err(error) => panic!("sop binary not built: {error}"),
    }
}

/// A file with `contents` in a fresh temporary directory (kept alive by the returned guard).
pub fn temp_file(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{e}"));
    (dir, path)
}
