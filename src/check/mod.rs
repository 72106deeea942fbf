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

/// The rules [`run`] skips on an incomplete model (keep in step with it).
const FLOW_RULES: &[&rules::Rule] = &[
    rules::UNREACHABLE_STEP,
    rules::NO_PATH_TO_END,
    rules::LOOP_WITHOUT_EXIT,
    rules::ANCHOR_NOT_BEFORE,
    rules::PATH_EXCEEDS_LIMIT,
];

/// Whether [`run`] runs `rule` on this model (the unused-actor and -attribute rules stay quiet
/// while an unknown one is named).
fn runs(model: &Model, rule: &rules::Rule) -> bool {
    let skipped = (model.incomplete && FLOW_RULES.contains(&rule))
        || (model.unknown_actor_named && rule == rules::UNUSED_ACTOR)
        || (model.unknown_attribute_named && rule == rules::UNUSED_ATTRIBUTE);
    !skipped
}

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
