//! Resolving references to actors and steps, with `unknown-actor` and `unknown-step`: a typo
//! gets a did-you-mean, and a name from the other namespace says what it is.

use super::lower::Lowerer;
use super::types::*;
use crate::check::rules;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::syntax::ast::{self, Ident};

impl Lowerer {
    pub(super) fn actors(&mut self, ids: &[Ident]) -> Vec<ActorIdx> {
        ids.iter().filter_map(|id| self.actor(id)).collect()
    }

    pub(super) fn actor(&mut self, id: &Ident) -> Option<ActorIdx> {
        if let Some(&index) = self.actor_ids.get(&id.name) {
            return Some(index);
        }
        let help = match did_you_mean(&id.name, self.actor_names.iter().map(String::as_str)) {
            _ if self.step_ids.contains_key(&id.name) => {
                format!("'{}' is a step; 'by' names an actor: {}", id.name, self.actor_names.join(", "))
            }
            // The title tells the author whether the suggestion is the actor meant.
            Some(s) => match self.actor_names.iter().position(|n| n == s).and_then(|i| self.actor_titles.get(i)) {
                Some(title) => format!("did you mean '{s}' ({title})?"),
                None => format!("did you mean '{s}'?"),
            },
            None if self.actor_names.is_empty() => "declare it first: actor ID \"Official title\"".to_string(),
            None => format!("declared actors: {}", self.actor_names.join(", ")),
        };
        self.diagnostics.push(
            Diagnostic::new(rules::UNKNOWN_ACTOR, id.span, format!("unknown actor '{}'", id.name))
                .with_label("not declared")
                .with_help(help),
        );
        self.incomplete = true;
        self.unknown_actor_named = true;
        None
    }

    /// A step named where `end` cannot stand: `why` says so when the file writes `end`.
    pub(super) fn step_target(&mut self, id: &Ident, why: &str) -> Option<StepIdx> {
        if id.name == "end" {
            self.diagnostics.push(
                Diagnostic::new(rules::UNKNOWN_STEP, id.span, "'end' is not a step here".to_string())
                    .with_label("a step is needed")
                    .with_help(format!("{why}: use the id of a step or decision")),
            );
            self.incomplete = true;
            return None;
        }
        self.step(id, false)
    }

    /// The `when` guard `g`, which did not resolve.
    pub(super) fn unresolved(&self, g: &ast::Guard) -> Unresolved {
        Unresolved { attribute: self.attribute_ids.get(&g.attribute.name).copied() }
    }

    /// Resolves a step id or `end`.
    pub(super) fn target(&mut self, id: &Ident) -> Option<Target> {
        if id.name == "end" {
            return Some(Target::End);
        }
        self.step(id, true).map(Target::Step)
    }

    /// Resolves a step id; `end_allowed` says whether `end` may be suggested for a typo.
    fn step(&mut self, id: &Ident, end_allowed: bool) -> Option<StepIdx> {
        if let Some(&index) = self.step_ids.get(&id.name) {
            return Some(index);
        }
        let end: &[&str] = if end_allowed { &["end"] } else { &[] };
        let names = self.step_names.iter().map(String::as_str).chain(end.iter().copied());
        let help = match did_you_mean(&id.name, names) {
            _ if self.actor_ids.contains_key(&id.name) => {
                format!("'{}' is an actor; use the id of a step or decision", id.name)
            }
            Some(s) => format!("did you mean '{s}'?"),
            None if end_allowed => "use the id of a step or decision, or 'end'".to_string(),
            None => "use the id of a step or decision".to_string(),
        };
        self.diagnostics.push(
            Diagnostic::new(rules::UNKNOWN_STEP, id.span, format!("unknown step '{}'", id.name))
                .with_label("no step with this id")
                .with_help(help),
        );
        self.incomplete = true;
        None
    }
}
