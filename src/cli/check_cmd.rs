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
    let paths = files::expand(&args.paths)?;
    let (mut errors, mut warnings) = (0usize, 0usize);
    let mut json = Vec::new();
    for path in &paths {
        let bytes = files::read(path)?;
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
            "checked {} file{}: {errors} error{}, {warnings} warning{}\n",
            paths.len(),
            plural(paths.len()),
            plural(errors),
            plural(warnings)
        )),
        Format::Json => super::emit(&format!("{}\n", serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?)),
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
