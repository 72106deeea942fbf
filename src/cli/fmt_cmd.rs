//! `sop fmt`: canonical formatting, in place or as a check.

use super::{files, FmtArgs, Outcome};
use sop::diagnostic::render_human;

pub fn run(args: &FmtArgs) -> Result<Outcome, String> {
    let mut outcome = Outcome::Clean;
    for path in files::expand(&args.paths)? {
        let name = path.display().to_string();
        let bytes = files::read(&path)?;
        let (source, formatted) = match sop::pipeline::decode(&bytes) {
            Ok(source) => {
                let formatted = sop::syntax::format(&source);
                (source, formatted)
            }
            Err(bad) => (bad.shown, Err(vec![bad.diagnostic])),
        };
        match formatted {
            Err(diagnostics) => {
                eprint!("{}", render_human(&diagnostics, &name, &source));
                eprintln!("{name}: not formatted because of the syntax errors above");
                outcome = Outcome::Problems;
            }
            Ok(formatted) if formatted == source => {}
            Ok(_) if args.check => {
                super::emit(&format!("{name}: not formatted (run 'sop fmt {name}')\n"));
                outcome = Outcome::Problems;
            }
            Ok(formatted) => {
                std::fs::write(&path, formatted).map_err(|e| format!("cannot write '{name}': {e}"))?;
                super::emit(&format!("formatted {name}\n"));
            }
        }
    }
    Ok(outcome)
}
