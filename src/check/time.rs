//! Rules on time: deadlines, timers and periodic duties.

use super::coverage::{missing, overlaps, quoted};
use super::rules;
use crate::diagnostic::Diagnostic;
use crate::duration::{Limit, Unit};
use crate::model::{FlowEdge, FlowNode, Guard, Model, Step, Stop};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

/// Rules that need only the declarations.
pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for step in &model.steps {
        conflicting_deadlines(model, step, out);
        deadline_coverage(model, step, out);
    }
    incomplete_timers(model, out);
    self_stopping_timers(model, out);
    for duty in model.periodic.iter().filter(|p| p.every.is_none()) {
        out.push(
            Diagnostic::new(
                rules::MISSING_INTERVAL,
                duty.id_span,
                format!("periodic duty '{}' does not say how often", duty.id),
            )
            .with_label("no 'every' line")
            .with_help("add a line such as 'every 1 bulan' inside the duty"),
        );
    }
}

/// Rules that need a complete flow graph.
pub fn check_flow(model: &Model, out: &mut Vec<Diagnostic>) {
    anchors(model, out);
    overall_limit(model, out);
}

fn conflicting_deadlines(model: &Model, step: &Step, out: &mut Vec<Diagnostic>) {
    if step.deadlines.iter().any(|d| d.unresolved.is_some()) {
        // Which deadlines are conditional is not known; an error says why.
        return;
    }
    let plain: Vec<_> = step.deadlines.iter().filter(|d| d.condition.is_none()).collect();
    let conditional = step.deadlines.iter().find(|d| d.condition.is_some());
    if let [first, second, ..] = plain.as_slice() {
        out.push(
            Diagnostic::new(rules::CONFLICTING_DEADLINES, second.span, format!("step '{}' has two deadlines", step.id))
                .with_label("second deadline")
                .with_related(first.span, "first deadline")
                .with_help("keep one; if the limit depends on the case, add 'when' to each"),
        );
    } else if let (Some(first), Some(conditional)) = (plain.first(), conditional) {
        out.push(
            Diagnostic::new(
                rules::CONFLICTING_DEADLINES,
                first.span,
                format!("step '{}' mixes a plain deadline with conditional ones", step.id),
            )
            .with_label("applies to every case")
            .with_related(conditional.span, "applies to some cases")
            .with_help("add a 'when' guard to this deadline too, so each case has one limit"),
        );
    } else {
        overlapping_deadlines(model, step, out);
    }
}

/// Two conditional deadlines of one step whose guards can both hold.
fn overlapping_deadlines(model: &Model, step: &Step, out: &mut Vec<Diagnostic>) {
    let guarded: Vec<_> = step.deadlines.iter().filter_map(|d| d.condition.as_ref().map(|g| (g, d.span))).collect();
    let guards: Vec<&Guard> = guarded.iter().map(|(g, _)| *g).collect();
    // As for decisions: a copied guard overlaps and leaves a value out; the help names it.
    let gap = missing(model, &guards);
    for overlap in overlaps(model, &guards) {
        let (Some((_, first)), Some((_, second))) = (guarded.get(overlap.first), guarded.get(overlap.second)) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                rules::CONFLICTING_DEADLINES,
                *second,
                format!("two deadlines of '{}' both apply when {}", step.id, overlap.example),
            )
            .with_label("also applies")
            .with_related(*first, "this deadline applies too")
            .with_help(match &gap {
                Some(gap) => format!(
                    "make the guards exclusive; no deadline applies when {} is {}",
                    gap.attribute,
                    quoted(&gap.values)
                ),
                None => "make the guards exclusive, so each case has one limit".to_string(),
            }),
        );
    }
}

fn deadline_coverage(model: &Model, step: &Step, out: &mut Vec<Diagnostic>) {
    let guards: Vec<_> = step.deadlines.iter().filter_map(|d| d.condition.as_ref()).collect();
    if guards.is_empty() || step.deadlines.iter().any(|d| d.condition.is_none() || d.unresolved.is_some()) {
        return;
    }
    // Overlapping deadlines are reported with the values they leave out.
    if !overlaps(model, &guards).is_empty() {
        return;
    }
    if let Some(gap) = missing(model, &guards) {
        out.push(
            Diagnostic::new(
                rules::NON_EXHAUSTIVE_DEADLINES,
                step.id_span,
                format!("step '{}' has no deadline when {} is {}", step.id, gap.attribute, quoted(&gap.values)),
            )
            .with_label("some cases have no limit")
            .with_help("add a 'within ... when' line for those values"),
        );
    }
}

fn incomplete_timers(model: &Model, out: &mut Vec<Diagnostic>) {
    for timer in &model.timers {
        let kind = if timer.escalation { "escalation" } else { "timer" };
        let mut lacking = Vec::new();
        if timer.from_span.is_none() {
            lacking.push("'from STEP' (when the clock starts)");
        }
        if timer.after.is_none() {
            lacking.push("'after DURATION' (how long it waits)");
        }
        if !timer.has_then {
            lacking.push("'then STEP' (where the case goes)");
        }
        if lacking.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::new(rules::INCOMPLETE_TIMER, timer.id_span, format!("{kind} '{}' is incomplete", timer.id))
                .with_label(format!("missing {}", lacking.join(", ")))
                .with_help(format!(
                    "add the missing line{} inside the {kind}",
                    if lacking.len() == 1 { "" } else { "s" }
                )),
        );
    }
}

/// A timer whose `unless` names its own `from` step: the event that starts the clock is the one
/// meant to stop it. An `unless by ACTOR` is not judged: the starting event does not stop the
/// clock, and the actor's later events (of other steps, or of no step) do (docs/rules/D407.md).
fn self_stopping_timers(model: &Model, out: &mut Vec<Diagnostic>) {
    for timer in &model.timers {
        let Some(from) = timer.from else { continue };
        let Some(entry) = timer.unless.iter().find(|u| u.stop == Stop::Step(from)) else { continue };
        let Some(step) = model.steps.get(from) else { continue };
        let kind = if timer.escalation { "escalation" } else { "timer" };
        out.push(
            Diagnostic::new(
                rules::TIMER_STOPPED_BY_ITS_START,
                entry.span,
                format!("{kind} '{}' is stopped by '{}', the step that starts it", timer.id, step.id),
            )
            .with_label(format!("'{}' starts the clock too", step.id))
            .with_related(timer.from_span.unwrap_or(timer.id_span), format!("this {kind} starts at '{}'", step.id))
            .with_help(format!(
                "name in 'unless' the step or actor that answers '{}', or start the clock at another step",
                step.id
            )),
        );
    }
}

/// A deadline measured from a step must be measured from one that every path passes first.
fn anchors(model: &Model, out: &mut Vec<Diagnostic>) {
    let anchored = model.steps.iter().flat_map(|s| s.deadlines.iter().map(move |d| (s, d)));
    let mut anchored = anchored.filter(|(_, d)| d.anchor.is_some()).peekable();
    let Some(start) = model.start().filter(|_| anchored.peek().is_some()) else { return };
    let order = dominator_order(model, start);
    let at = |node: NodeIndex| order.get(node.index()).copied().flatten();
    for (step, deadline) in anchored {
        let (Some(anchor), Some(span)) = (deadline.anchor, deadline.anchor_span) else { continue };
        let Some(anchor_step) = model.steps.get(anchor) else { continue };
        // Unreachable steps have no dominators; they are reported as unreachable instead.
        let Some((pre, post)) = at(step.node) else { continue };
        // Strict dominance: the anchor's subtree of the dominator tree holds the step, not itself.
        if !at(anchor_step.node).is_some_and(|(a_pre, a_post)| a_pre < pre && post < a_post) {
            out.push(
                Diagnostic::new(rules::ANCHOR_NOT_BEFORE, span, format!("'{}' does not always happen before '{}'", anchor_step.id, step.id))
                    .with_label("measured from here")
                    .with_help("measure from a step that every path passes before this one, or from the previous step (drop 'from')"),
            );
        }
    }
}

/// Pre- and post-order numbers of each node in the dominator tree from `start` (`None` when
/// unreachable), so that whether one node dominates another is two comparisons, not a walk up
/// its chain of dominators.
fn dominator_order(model: &Model, start: NodeIndex) -> Vec<Option<(usize, usize)>> {
    let dominators = petgraph::algo::dominators::simple_fast(&model.graph, start);
    let count = model.graph.node_count();
    let mut children: Vec<Vec<NodeIndex>> = vec![Vec::new(); count];
    for node in model.graph.node_indices() {
        if let Some(list) = dominators.immediate_dominator(node).and_then(|d| children.get_mut(d.index())) {
            list.push(node);
        }
    }
    let mut pre = vec![0; count];
    let mut order = vec![None; count];
    let mut clock = 0;
    let mut stack = vec![(start, false)];
    while let Some((node, finished)) = stack.pop() {
        if finished {
            if let (Some(slot), Some(&first)) = (order.get_mut(node.index()), pre.get(node.index())) {
                *slot = Some((first, clock));
            }
        } else {
            if let Some(slot) = pre.get_mut(node.index()) {
                *slot = clock;
            }
            stack.push((node, true));
            stack.extend(children.get(node.index()).into_iter().flatten().map(|&child| (child, false)));
        }
        clock += 1;
    }
    order
}

/// The latest a step may finish, in nominal days from the start, and whether every limit on
/// the way was stated in `unit`: each deadline counts from the previous step, or from its
/// anchor (`from STEP`) when it has one, so time spent since the anchor is not counted twice.
fn finish_time(step: &Step, previous: (f64, bool), worst: &[Option<Worst>], unit: Unit) -> (f64, bool) {
    step.deadlines.iter().fold(previous, |(days, same), d| {
        let Limit::Within(duration) = d.limit else { return (days, same) };
        let anchored = d.anchor.and_then(|a| worst.get(a).copied().flatten()).map(|w| (w.0, w.1));
        let (base, base_same) = anchored.unwrap_or(previous);
        (days.max(base + duration.nominal_days()), same && base_same && duration.unit == unit)
    })
}

/// The nodes reachable from `start` along branches and `next` flows (not timers), each after
/// every node that leads to it, and the edges that close a loop (leaving them out leaves no
/// cycle). Depth-first, so that a flow back up the file that closes no loop is still followed.
fn forward_order(model: &Model, start: NodeIndex) -> (Vec<NodeIndex>, Vec<(NodeIndex, NodeIndex)>) {
    let flows = |node: NodeIndex| -> Vec<NodeIndex> {
        let edges = model.graph.edges(node).filter(|e| !matches!(e.weight(), FlowEdge::Timer(_)));
        edges.map(|e| e.target()).collect()
    };
    // 0: not seen, 1: on the current path, 2: done.
    let mut state = vec![0u8; model.graph.node_count()];
    let mut finished = Vec::new();
    let mut loops = Vec::new();
    let mut stack = vec![(start, flows(start))];
    if let Some(s) = state.get_mut(start.index()) {
        *s = 1;
    }
    while let Some((node, pending)) = stack.last_mut() {
        let node = *node;
        let Some(next) = pending.pop() else {
            stack.pop();
            finished.push(node);
            if let Some(s) = state.get_mut(node.index()) {
                *s = 2;
            }
            continue;
        };
        match state.get(next.index()) {
            Some(0) => {
                if let Some(s) = state.get_mut(next.index()) {
                    *s = 1;
                }
                stack.push((next, flows(next)));
            }
            Some(1) => loops.push((node, next)),
            _ => {}
        }
    }
    finished.reverse();
    (finished, loops)
}

/// The latest finish of a step over the paths seen so far, its unit flag and the step before it.
type Worst = (f64, bool, Option<usize>);

/// Adds up the limits along every path (loops counted once) and compares the worst with `limit`.
fn overall_limit(model: &Model, out: &mut Vec<Diagnostic>) {
    let Some((Limit::Within(limit), limit_span)) = model.limit else { return };
    let (Some(start), Some(first)) = (model.start(), model.steps.first()) else { return };
    let mut worst: Vec<Option<Worst>> = vec![None; model.steps.len()];
    let (w, same) = finish_time(first, (0.0, true), &worst, limit.unit);
    if let Some(slot) = worst.get_mut(0) {
        *slot = Some((w, same, None));
    }
    let mut end_best: Option<(f64, bool, usize)> = None;
    let (order, loops) = forward_order(model, start);
    for node in order {
        let Some(FlowNode::Step(index)) = model.graph.node_weight(node).copied() else { continue };
        let Some(Some((total, same, _))) = worst.get(index).copied() else { continue };
        for edge in model.graph.edges(node) {
            if matches!(edge.weight(), FlowEdge::Timer(_)) || loops.contains(&(node, edge.target())) {
                continue;
            }
            match model.graph.node_weight(edge.target()) {
                Some(FlowNode::Step(next)) => {
                    let Some(next_step) = model.steps.get(*next) else { continue };
                    let (t, s) = finish_time(next_step, (total, same), &worst, limit.unit);
                    let candidate = (t, s, Some(index));
                    if let Some(slot) = worst.get_mut(*next) {
                        if slot.is_none_or(|(t, _, _)| candidate.0 > t) {
                            *slot = Some(candidate);
                        }
                    }
                }
                Some(FlowNode::End) if end_best.is_none_or(|(t, _, _)| total > t) => {
                    end_best = Some((total, same, index))
                }
                _ => {}
            }
        }
    }
    let Some((total, same_unit, last)) = end_best else { return };
    if total <= limit.nominal_days() + 1e-9 {
        return;
    }
    let mut path = vec![last];
    let mut cursor = last;
    while let Some(Some((_, _, Some(previous)))) = worst.get(cursor).copied() {
        path.push(previous);
        cursor = previous;
    }
    path.reverse();
    let names =
        path.iter().filter_map(|&i| model.steps.get(i)).map(|s| format!("'{}'", s.id)).collect::<Vec<_>>().join(" → ");
    let amount = if same_unit {
        format!("{} {}", (total / limit.nominal_days() * f64::from(limit.amount)).round(), limit.unit.indonesian())
    } else {
        format!("about {:.1} hari", total)
    };
    out.push(
        Diagnostic::new(
            rules::PATH_EXCEEDS_LIMIT,
            limit_span,
            format!("the path {names} may take {amount}, more than the SOP's limit of {limit}"),
        )
        .with_label("overall limit")
        .with_help("shorten the step limits on this path, or raise the overall limit"),
    );
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]

    use crate::check::Profile;
    use crate::pipeline::check_source;

    /// The D401 findings when the last step measures from `anchor`.
    fn anchor_findings(anchor: &str) -> usize {
        let source = format!(
            "sop \"X\"\nactor a \"A\"\nattribute l \"L\" bool\nstep s0 1 \"S0\" {{\n  by a\n}}\n\
             decision d 2 \"D\" {{\n  by a\n  when l -> x \"Ya\"\n  else -> y \"Tidak\"\n}}\n\
             step x 3 \"X\" {{\n  by a\n  next z\n}}\nstep y 4 \"Y\" {{\n  by a\n}}\n\
             step z 5 \"Z\" {{\n  by a\n  within 1 hari from {anchor}\n}}\n"
        );
        let profile = match Profile::bundled() {
            Ok(profile) => profile,
            Err(error) => panic!("{error}"),
        };
        check_source(&source, &profile).diagnostics.iter().filter(|d| d.rule.code == "D401").count()
    }

    #[test]
    fn an_anchor_every_path_passes_first_is_before_and_a_branch_or_the_step_itself_is_not() {
        let found: Vec<usize> = ["s0", "d", "x", "y", "z"].iter().map(|a| anchor_findings(a)).collect();
        assert_eq!(found, vec![0, 0, 1, 1, 1]);
    }
}
