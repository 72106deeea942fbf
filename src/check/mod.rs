//! Stage 3, `check`: lint rules over the model, and the registry of every diagnostic code.

mod allow;
mod coverage;
mod dates;
mod decisions;
mod flow;
mod identity;
pub mod profile;
mod regulation;
pub mod rules;
mod structure;
mod time;

use crate::diagnostic::Diagnostic;
use crate::model::Model;
pub use allow::apply_allows;
pub use profile::Profile;

/// Runs every rule over the model. Rules on the shape of the flow are skipped when lowering
/// left references unresolved, since they would only repeat those errors in other words.
pub fn run(model: &Model, profile: &Profile) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    structure::check(model, &mut diagnostics);
    decisions::check(model, &mut diagnostics);
    time::check(model, &mut diagnostics);
    identity::check(model, profile, &mut diagnostics);
    regulation::check(model, profile, &mut diagnostics);
    if !model.incomplete {
        flow::check(model, &mut diagnostics);
        time::check_flow(model, &mut diagnostics);
    }
    diagnostics
}
