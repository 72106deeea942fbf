//! Rules on the shape of the flow: every step reachable, every step able to finish, every
//! loop able to exit. Timer and escalation edges count as ways out.

use super::rules;
use crate::diagnostic::Diagnostic;
use crate::model::{FlowNode, Model};
use petgraph::graph::NodeIndex;
use petgraph::visit::{Dfs, Reversed, Walker};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let Some(start) = model.start() else { return };
    let count = model.graph.node_count();
    let mut reachable = vec![false; count];
    for node in Dfs::new(&model.graph, start).iter(&model.graph) {
        if let Some(slot) = reachable.get_mut(node.index()) {
            *slot = true;
        }
    }
    let mut finishes = vec![false; count];
    for node in Dfs::new(Reversed(&model.graph), model.end).iter(Reversed(&model.graph)) {
        if let Some(slot) = finishes.get_mut(node.index()) {
            *slot = true;
        }
    }
    let is = |flags: &[bool], node: NodeIndex| flags.get(node.index()).copied().unwrap_or(false);

    for step in &model.steps {
        if !is(&reachable, step.node) {
            out.push(
                Diagnostic::new(
                    rules::UNREACHABLE_STEP,
                    step.id_span,
                    format!("step '{}' is never reached from the first step", step.id),
                )
                .with_label("no flow leads here")
                .with_help("point a 'next', a branch or a timer at it, or remove it"),
            );
        }
    }

    // Steps that are reached but can never finish: loops with no exit first, then the steps
    // that lead into them or into a dead end.
    let mut in_trap = vec![false; count];
    for component in petgraph::algo::tarjan_scc(&model.graph) {
        let is_loop = component.len() > 1 || component.first().is_some_and(|&n| model.graph.contains_edge(n, n));
        if !is_loop || component.iter().any(|&n| is(&finishes, n) || !is(&reachable, n)) {
            continue;
        }
        let mut steps: Vec<&crate::model::Step> = component.iter().filter_map(|&n| model.step_at(n)).collect();
        steps.sort_by_key(|s| s.node.index());
        for &n in &component {
            if let Some(slot) = in_trap.get_mut(n.index()) {
                *slot = true;
            }
        }
        let Some(first) = steps.first() else { continue };
        let mut d = Diagnostic::new(
            rules::LOOP_WITHOUT_EXIT,
            first.id_span,
            format!("the loop {} never exits", loop_names(&steps)),
        )
        .with_label("a case entering this loop never finishes")
        .with_help("give one step of the loop a way out: a branch or 'next' to a later step or 'end', or a timer");
        for other in steps.iter().skip(1).take(LOOP_SHOWN - 1) {
            d = d.with_related(other.id_span, "part of the loop");
        }
        out.push(d);
    }
    for step in &model.steps {
        let node = step.node;
        let stuck = is(&reachable, node) && !is(&finishes, node) && !is(&in_trap, node);
        if stuck && matches!(model.graph.node_weight(node), Some(FlowNode::Step(_))) {
            out.push(
                Diagnostic::new(
                    rules::NO_PATH_TO_END,
                    step.id_span,
                    format!("from step '{}' the procedure can never end", step.id),
                )
                .with_label("every path from here gets stuck")
                .with_help("make sure the flow from here reaches 'end' or a step that does"),
            );
        }
    }
}

/// Steps of a loop named in its message (and pointed at); a longer loop is shortened.
const LOOP_SHOWN: usize = 6;

/// `'a' → 'b' → 'c'`; a loop of more than [`LOOP_SHOWN`] steps as its first three and last two,
/// with its length, so that a loop of 2,000 steps is one line.
fn loop_names(steps: &[&crate::model::Step]) -> String {
    let name = |s: &&crate::model::Step| format!("'{}'", s.id);
    if steps.len() <= LOOP_SHOWN {
        return steps.iter().map(name).collect::<Vec<_>>().join(" → ");
    }
    let head: Vec<String> = steps.iter().take(3).map(name).collect();
    let tail: Vec<String> = steps.iter().skip(steps.len() - 2).map(name).collect();
    format!("{} → … → {} ({} steps)", head.join(" → "), tail.join(" → "), steps.len())
}
