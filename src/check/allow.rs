//! `allow RULE "reason"`: silencing a rule for a file or one item.

use super::rules::{self, Severity};
use crate::diagnostic::Diagnostic;
use crate::model::Model;

/// Removes the diagnostics that an `allow` in the model silences, and reports every `allow`
/// that silenced nothing. Errors, and problems with `allow` lines themselves, cannot be
/// silenced. `linted` says whether [`super::run`] ran; an `allow` of a rule that did not run is
/// not reported as unused, since nobody knows whether it would have silenced something.
pub fn apply_allows(model: &Model, diagnostics: Vec<Diagnostic>, linted: bool) -> Vec<Diagnostic> {
    let mut used = vec![false; model.allows.len()];
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            // Errors are never silenced: the file cannot be trusted as written.
            if d.rule.code.starts_with('A') || d.is_error() {
                return true;
            }
            // An allow inside an item covers the diagnostics at it, and those that name it as a
            // related place (the first of two steps sharing a number).
            let places = std::iter::once(d.span).chain(d.related.iter().map(|(span, _)| *span));
            let silenced_by = model.allows.iter().position(|a| {
                a.rule == d.rule
                    && a.scope.is_none_or(|scope| {
                        places.clone().any(|p| scope.start <= p.start && p.start < scope.end.max(scope.start + 1))
                    })
            });
            if let Some(slot) = silenced_by.and_then(|i| used.get_mut(i)) {
                *slot = true;
            }
            silenced_by.is_none()
        })
        .collect();
    for allow in model.allows.iter().filter(|a| a.rule.severity == Severity::Error) {
        kept.push(
            Diagnostic::new(
                rules::ALLOW_ON_ERROR,
                allow.span,
                format!("'{}' ({}) finds errors, which cannot be silenced", allow.rule.code, allow.rule.name),
            )
            .with_label("silences nothing")
            .with_help("fix what the rule reports, and remove this allow line"),
        );
    }
    // Every warning rule is a lint rule, so none ran when linting was skipped.
    let warnings_only = model
        .allows
        .iter()
        .zip(&used)
        .filter(|(a, _)| a.rule.severity != Severity::Error && linted && super::runs(model, a.rule));
    for (allow, _) in warnings_only.filter(|(_, used)| !**used) {
        kept.push(
            Diagnostic::new(rules::UNUSED_ALLOW, allow.span, format!("nothing here triggers '{}'", allow.rule.name))
                .with_label("silences nothing")
                .with_help("remove this allow line"),
        );
    }
    kept
}
