//! Finding `.sop` files and reading them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Expands directories into the `.sop` files below them (sorted, so output is stable).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
        if meta.is_dir() {
            let before = files.len();
            walk(path, &mut files, &mut HashSet::new())?;
            if files.len() == before {
                return Err(format!("no .sop files in '{}'", path.display()));
            }
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Adds the `.sop` files below `dir`. A directory reached again through a link (`ln -s . again`)
/// is not walked again: `seen` holds the real paths of those walked.
fn walk(dir: &Path, files: &mut Vec<PathBuf>, seen: &mut HashSet<PathBuf>) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("cannot read directory '{}': {e}", dir.display());
    if !seen.insert(std::fs::canonicalize(dir).map_err(cannot)?) {
        return Ok(());
    }
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        paths.push(entry.map_err(cannot)?.path());
    }
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, files, seen)?;
        } else if path.extension().is_some_and(|e| e == "sop") {
            files.push(path);
        }
    }
    Ok(())
}

/// Reads a file's bytes, with the path in the error.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read '{}': {e}", path.display()))
}
