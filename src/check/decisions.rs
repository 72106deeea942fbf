//! Rules on decisions: enough branches, one kind of branch, guards that neither overlap nor
//! leave cases out, an `else` that some case takes, and branches that really go different ways.

use super::coverage::{missing, overlaps, quoted};
use super::rules;
use crate::diagnostic::Diagnostic;
use crate::model::{Condition, Guard, Model, Step, StepKind, Test};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for step in model.steps.iter().filter(|s| s.kind == StepKind::Decision) {
        branch_count(step, out);
        if mixed_kinds(step, out) {
            continue;
        }
        guards(model, step, out);
        duplicate_targets(model, step, out);
    }
}

fn branch_count(step: &Step, out: &mut Vec<Diagnostic>) {
    if step.branches.len() < 2 {
        out.push(
            Diagnostic::new(
                rules::TOO_FEW_BRANCHES,
                step.id_span,
                format!(
                    "decision '{}' has {} branch{}",
                    step.id,
                    step.branches.len(),
                    if step.branches.len() == 1 { "" } else { "es" }
                ),
            )
            .with_label("a decision needs at least two ways to go")
            .with_help("add the other branch (e.g. else -> STEP \"Tidak\"), or make this a plain 'step'"),
        );
    }
}

/// Reports `when`/`else` mixed with `option`; returns whether it did.
fn mixed_kinds(step: &Step, out: &mut Vec<Diagnostic>) -> bool {
    let guarded = step
        .branches
        .iter()
        .find(|b| matches!(b.condition, Condition::When(_) | Condition::Else | Condition::Unresolved(_)));
    let option = step.branches.iter().find(|b| matches!(b.condition, Condition::Option));
    let (Some(guarded), Some(option)) = (guarded, option) else { return false };
    out.push(
        Diagnostic::new(
            rules::MIXED_BRANCH_KINDS,
            option.span,
            format!("decision '{}' mixes 'option' with 'when'/'else'", step.id),
        )
        .with_label("chosen by judgement")
        .with_related(guarded.span, "chosen by a case attribute")
        .with_help(
            "use 'when'/'else' if a case attribute decides, or 'option' for every branch if the performer decides",
        ),
    );
    true
}

fn guards(model: &Model, step: &Step, out: &mut Vec<Diagnostic>) {
    let mut elses = step.branches.iter().filter(|b| matches!(b.condition, Condition::Else));
    if let (Some(first), Some(second)) = (elses.next(), elses.next()) {
        out.push(
            Diagnostic::new(
                rules::OVERLAPPING_GUARDS,
                second.span,
                format!("two branches of '{}' both hold when no 'when' does", step.id),
            )
            .with_label("a second 'else'")
            .with_related(first.span, "the first 'else'")
            .with_help("keep one 'else'; give the other branch a 'when' guard"),
        );
    }
    if step.branches.iter().any(|b| matches!(b.condition, Condition::Unresolved(_))) {
        // Overlaps and gaps cannot be judged without that branch's guard; an error says why.
        return;
    }
    let guarded: Vec<(&Guard, crate::span::Span)> = step
        .branches
        .iter()
        .filter_map(|b| match &b.condition {
            Condition::When(g) => Some((g, b.span)),
            _ => None,
        })
        .collect();
    if guarded.is_empty() {
        return;
    }
    let only_guards: Vec<&Guard> = guarded.iter().map(|(g, _)| *g).collect();
    let has_else = step.branches.iter().any(|b| matches!(b.condition, Condition::Else));
    // A guard copied from the branch above (`==` the same value twice) both overlaps and leaves
    // the value meant out: one finding, whose help names that value.
    let gap = if has_else { None } else { missing(model, &only_guards) };
    let overlapping = overlaps(model, &only_guards);
    for overlap in &overlapping {
        let (Some((a, _)), Some((b, _))) = (guarded.get(overlap.first), guarded.get(overlap.second)) else { continue };
        out.push(
            Diagnostic::new(
                rules::OVERLAPPING_GUARDS,
                b.span,
                format!("two branches of '{}' both hold when {}", step.id, overlap.example),
            )
            .with_label("also holds here")
            .with_related(a.span, "this branch holds too")
            .with_help(match &gap {
                Some(gap) => {
                    format!("make the guards exclusive; no branch takes {} {}", gap.attribute, quoted(&gap.values))
                }
                None => "make the guards exclusive, so every case has exactly one way to go".to_string(),
            }),
        );
    }
    if !overlapping.is_empty() {
        return;
    }
    // With two 'else' lines, the second is the finding.
    if step.branches.iter().filter(|b| matches!(b.condition, Condition::Else)).count() == 1 {
        else_never_taken(model, step, &only_guards, out);
    }
    if let Some(gap) = gap {
        out.push(
            Diagnostic::new(
                rules::NON_EXHAUSTIVE_GUARDS,
                step.id_span,
                format!("decision '{}' has no branch for {} {}", step.id, gap.attribute, quoted(&gap.values)),
            )
            .with_label("some cases have nowhere to go")
            .with_help("add a branch for those values, or an 'else -> STEP' branch"),
        );
    }
}

/// An `else` beside guards on one attribute that between them admit every one of its values:
/// `==` admits one value, `in` those listed, `!=` all but one. A case without a usable value
/// takes no branch in the audit (the decision needs the value, C807), so it takes no `else`
/// either. Guards on several attributes are left alone.
fn else_never_taken(model: &Model, step: &Step, guards: &[&Guard], out: &mut Vec<Diagnostic>) {
    let Some(index) = guards.first().map(|g| g.attribute) else { return };
    if !guards.iter().all(|g| g.attribute == index) {
        return;
    }
    let Some(attribute) = model.attributes.get(index) else { return };
    let values = attribute.domain.values();
    if values.is_empty() || !values.iter().all(|v| guards.iter().any(|g| g.test.accepts(v))) {
        return;
    }
    let Some(branch) = step.branches.iter().find(|b| matches!(b.condition, Condition::Else)) else { return };
    // A '!=' guard takes a value added to 'values' too; naming its values leaves one to the 'else'.
    let help = if guards.iter().any(|g| matches!(g.test, Test::NotEquals(_))) {
        "remove the 'else', or write the '!=' guard as '==' or 'in' with the values it is meant for"
    } else {
        "remove the 'else', or add the value it is meant for to the attribute's 'values'"
    };
    out.push(
        Diagnostic::new(
            rules::ELSE_NEVER_TAKEN,
            branch.span,
            format!(
                "the 'else' of '{}' is never taken: its 'when' branches take every value of '{}'",
                step.id, attribute.id
            ),
        )
        .with_label("no case comes here")
        .with_related(attribute.id_span, "every value of this attribute is taken by a 'when'")
        .with_help(help),
    );
}

fn duplicate_targets(model: &Model, step: &Step, out: &mut Vec<Diagnostic>) {
    for (i, branch) in step.branches.iter().enumerate() {
        let Some(target) = branch.target else { continue };
        if let Some(first) = step.branches.iter().take(i).find(|b| b.target == Some(target)) {
            out.push(
                Diagnostic::new(
                    rules::DUPLICATE_BRANCH_TARGET,
                    branch.span,
                    format!("two branches of '{}' both go to '{}'", step.id, model.target_name(target)),
                )
                .with_label("same target")
                .with_related(first.span, "this branch goes there too")
                .with_help("send each branch where its case is handled, or make this a plain 'step'"),
            );
        }
    }
}
