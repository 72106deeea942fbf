//! `sop check`: every stage on every file, all diagnostics, one exit code.

use super::{files, CheckArgs, Deny, Format, Outcome};
use sop::check::Profile;
use sop::diagnostic::{render_human, JsonDiagnostic};
use sop::pipeline::check_bytes;
use sop::span::LineIndex;

pub fn run(args: &CheckArgs) -> Result<Outcome, String> {
    let profile = match &args.profile {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("cannot read profile '{}': {e}", path.display()))?;
            Profile::parse(&text).map_err(|e| format!("profile '{}': {e}", path.display()))?
        }
        None => Profile::bundled().map_err(|e| format!("bundled profile: {e}"))?,
    };
    // A path that cannot be read is an error, after the others are checked.
    let mut unreadable = Vec::new();
    let mut paths = Vec::new();
    for path in &args.paths {
        match files::expand(std::slice::from_ref(path)) {
            Ok(found) => paths.extend(found),
            Err(e) => unreadable.push(e),
        }
    }
    let (mut errors, mut warnings) = (0usize, 0usize);
    let mut json = Vec::new();
    let mut checked_files = 0usize;
    for path in &paths {
        let bytes = match files::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                unreadable.push(e);
                continue;
            }
        };
        checked_files += 1;
        let name = path.display().to_string();
        let (source, checked) = check_bytes(&bytes, &profile);
        errors += checked.diagnostics.iter().filter(|d| d.is_error()).count();
        warnings += checked.diagnostics.iter().filter(|d| !d.is_error()).count();
        match args.format {
            Format::Human => super::emit(&render_human(&checked.diagnostics, &name, &source)),
            Format::Json => {
                let lines = LineIndex::new(&source);
                json.extend(checked.diagnostics.iter().map(|d| JsonDiagnostic::new(d, &name, &lines)));
            }
        }
    }
    match args.format {
        Format::Human => super::emit(&format!(
            "checked {checked_files} file{}: {errors} error{}, {warnings} warning{}\n",
            plural(checked_files),
            plural(errors),
            plural(warnings)
        )),
        Format::Json => super::emit(&format!("{}\n", serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?)),
    }
    if !unreadable.is_empty() {
        return Err(unreadable.join("\nerror: "));
    }
    let failed = errors > 0 || (args.deny == Some(Deny::Warnings) && warnings > 0);
    Ok(if failed { Outcome::Problems } else { Outcome::Clean })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
