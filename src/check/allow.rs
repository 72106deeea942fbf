//! `allow RULE "reason"`: silencing a rule for a file or one item.

use super::rules;
use crate::diagnostic::Diagnostic;
use crate::model::Model;

/// Removes the diagnostics that an `allow` in the model silences, and reports every `allow`
/// that silenced nothing. Problems with `allow` lines themselves cannot be silenced.
pub fn apply_allows(model: &Model, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut used = vec![false; model.allows.len()];
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            if d.rule.code.starts_with('A') {
                return true;
            }
            let silenced_by = model.allows.iter().position(|a| {
                a.rule == d.rule
                    && a.scope.is_none_or(|scope| {
                        scope.start <= d.span.start && d.span.start < scope.end.max(scope.start + 1)
                    })
            });
            if let Some(slot) = silenced_by.and_then(|i| used.get_mut(i)) {
                *slot = true;
            }
            silenced_by.is_none()
        })
        .collect();
    for (allow, _) in model.allows.iter().zip(&used).filter(|(_, used)| !**used) {
        kept.push(
            Diagnostic::new(rules::UNUSED_ALLOW, allow.span, format!("nothing here triggers '{}'", allow.rule.name))
                .with_label("silences nothing")
                .with_help("remove this allow line"),
        );
    }
    kept
}
