//! Rules on declarations: performers, unused actors and attributes, step numbering.

use super::rules;
use crate::diagnostic::Diagnostic;
use crate::model::{Model, Step};
use std::collections::HashMap;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    missing_performers(model, out);
    unused_actors(model, out);
    unused_attributes(model, out);
    step_numbers(model, out);
}

fn missing_performers(model: &Model, out: &mut Vec<Diagnostic>) {
    let steps = model.steps.iter().filter(|s| !s.by_written).map(|s| (s.id.as_str(), s.id_span, "step"));
    let duties = model.periodic.iter().filter(|p| !p.by_written).map(|p| (p.id.as_str(), p.id_span, "periodic duty"));
    for (id, span, what) in steps.chain(duties) {
        let help = match model.actors.first() {
            Some(actor) => format!("add a line 'by {}' (or another actor) inside the {what}", actor.id),
            None => format!("declare the actor, then add 'by ACTOR' inside the {what}"),
        };
        out.push(
            Diagnostic::new(rules::MISSING_PERFORMER, span, format!("{what} '{id}' has no performing actor"))
                .with_label("nobody performs this")
                .with_help(help),
        );
    }
}

fn unused_actors(model: &Model, out: &mut Vec<Diagnostic>) {
    // The unknown name was most likely meant for one of the declared actors.
    if model.unknown_actor_named {
        return;
    }
    let mut used = vec![false; model.actors.len()];
    let performers =
        model.steps.iter().flat_map(|s| s.actors.iter()).chain(model.periodic.iter().flat_map(|p| p.actors.iter()));
    let waited_for = model.timers.iter().flat_map(|t| t.unless.iter()).filter_map(|u| match &u.stop {
        crate::model::Stop::ActorEvent(a) => Some(a),
        crate::model::Stop::Step(_) => None,
    });
    for &actor in performers.chain(waited_for) {
        if let Some(slot) = used.get_mut(actor) {
            *slot = true;
        }
    }
    for (actor, _) in model.actors.iter().zip(&used).filter(|(_, used)| !**used) {
        out.push(
            Diagnostic::new(
                rules::UNUSED_ACTOR,
                actor.span,
                format!("actor '{}' ({}) performs no step", actor.id, actor.title),
            )
            .with_label("never in a 'by' line")
            .with_help(format!("add 'by {}' to the steps this actor performs, or remove the actor", actor.id)),
        );
    }
}

fn unused_attributes(model: &Model, out: &mut Vec<Diagnostic>) {
    if model.unknown_attribute_named {
        return;
    }
    let mut used = vec![false; model.attributes.len()];
    for attribute in model.steps.iter().flat_map(Step::tested_attributes) {
        if let Some(slot) = used.get_mut(attribute) {
            *slot = true;
        }
    }
    for (attribute, _) in model.attributes.iter().zip(&used).filter(|(_, used)| !**used) {
        out.push(
            Diagnostic::new(
                rules::UNUSED_ATTRIBUTE,
                attribute.id_span,
                format!("case attribute '{}' is never tested", attribute.id),
            )
            .with_label("no guard reads this")
            .with_help("use it in a 'when' guard, or remove it"),
        );
    }
}

/// A step number as a sequence of integers, so `10` sorts after `9` and `1.2` after `1`.
fn number_key(number: &str) -> Vec<u64> {
    number.split('.').map(|part| part.parse().unwrap_or(0)).collect()
}

fn step_numbers(model: &Model, out: &mut Vec<Diagnostic>) {
    let mut first_with_number: HashMap<&str, &crate::model::Step> = HashMap::new();
    let mut previous: Option<(&str, Vec<u64>)> = None;
    for step in &model.steps {
        let (Some(number), Some(span)) = (step.number.as_deref(), step.number_span) else { continue };
        if let Some(first) = first_with_number.get(number) {
            let mut d = Diagnostic::new(
                rules::DUPLICATE_STEP_NUMBER,
                span,
                format!("steps '{}' and '{}' both have number {number}", first.id, step.id),
            )
            .with_label("number used again")
            .with_help("renumber the steps, or keep the original's numbering with allow S107 \"reason\"");
            if let Some(first_span) = first.number_span {
                d = d.with_related(first_span, "first used here");
            }
            out.push(d);
        } else {
            first_with_number.insert(number, step);
        }
        let key = number_key(number);
        if let Some((prev_number, prev_key)) = &previous {
            if key < *prev_key {
                out.push(
                    Diagnostic::new(
                        rules::STEP_NUMBERS_OUT_OF_ORDER,
                        span,
                        format!("step {number} comes after step {prev_number}"),
                    )
                    .with_label("lower than the number before it")
                    .with_help("number the steps in the order they are written"),
                );
            }
        }
        previous = Some((number, key));
    }
}
