//! The flow as drawn: one node per row (every step, plus a *Selesai* terminator when an arrow
//! must end somewhere other than a final step), and every edge of the model with its label.

use super::page::Shape;
use super::text::Labels;
use crate::model::{FlowEdge, FlowNode, Model, StepIdx, StepKind, Target};
use petgraph::visit::EdgeRef;

/// Nodes and edges in drawing order.
#[derive(Debug, Clone, Default)]
pub struct Flow {
    /// Column titles (*Pelaksana*), in declared order.
    pub lanes: Vec<String>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// A row of the table.
#[derive(Debug, Clone)]
pub struct Node {
    /// The step, or `None` for the added *Selesai* terminator.
    pub step: Option<StepIdx>,
    pub id: String,
    pub number: String,
    pub text: String,
    pub shape: Shape,
    /// Columns the symbol is drawn in, ascending; never empty.
    pub lanes: Vec<usize>,
    pub kelengkapan: String,
    pub waktu: String,
    pub output: String,
    pub keterangan: String,
}

/// Why an edge exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// The default or `next` flow.
    Next,
    /// Branch `n` of a decision.
    Branch(usize),
    /// Timer or escalation `n`.
    Timer { index: usize, escalation: bool },
}

/// Where an edge ends in the drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goal {
    Node(usize),
    /// The source is itself drawn as the end terminator: no arrow.
    Terminator,
}

/// One edge of the model.
#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: Goal,
    /// The model's own target of this edge.
    pub target: Target,
    pub kind: EdgeKind,
    pub label: Option<String>,
    pub dashed: bool,
}

/// Builds the drawn flow of a model.
pub fn build(model: &Model, labels: &Labels) -> Flow {
    let mut lanes: Vec<String> = model.actors.iter().map(|a| a.title.clone()).collect();
    if lanes.is_empty() {
        lanes.push(String::new());
    }
    let mut nodes: Vec<Node> = model
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let mut cols: Vec<usize> = step.actors.iter().copied().filter(|&a| a < lanes.len()).collect();
            cols.sort_unstable();
            cols.dedup();
            if cols.is_empty() {
                cols.push(0);
            }
            Node {
                step: Some(i),
                id: step.id.clone(),
                number: step.number.clone().unwrap_or_default(),
                text: step.text.clone(),
                shape: if step.kind == StepKind::Decision { Shape::Decision } else { Shape::Process },
                lanes: cols,
                kelengkapan: step.kelengkapan.clone().unwrap_or_default(),
                waktu: labels.waktu(model, step),
                output: step.output.clone().unwrap_or_default(),
                keterangan: step.keterangan.clone().unwrap_or_default(),
            }
        })
        .collect();
    if let Some(first) = nodes.first_mut() {
        if first.shape == Shape::Process {
            first.shape = Shape::Terminator;
        }
    }
    let mut edges = Vec::new();
    let mut to_end = Vec::new();
    for e in model.graph.edge_references() {
        let Some(FlowNode::Step(from)) = model.graph.node_weight(e.source()).copied() else { continue };
        let target = match model.graph.node_weight(e.target()) {
            Some(FlowNode::Step(j)) => Target::Step(*j),
            Some(FlowNode::End) => Target::End,
            None => continue,
        };
        let (kind, label, dashed) = match *e.weight() {
            FlowEdge::Next => (EdgeKind::Next, None, false),
            FlowEdge::Branch(n) => {
                let label = model.steps.get(from).and_then(|s| s.branches.get(n)).and_then(|b| b.label.clone());
                (EdgeKind::Branch(n), label, false)
            }
            FlowEdge::Timer(n) => {
                let timer = model.timers.get(n);
                let label = timer.and_then(|t| t.label.clone().or_else(|| t.title.clone()));
                (EdgeKind::Timer { index: n, escalation: timer.is_some_and(|t| t.escalation) }, label, true)
            }
        };
        let to = match target {
            Target::Step(j) if j < nodes.len() => Goal::Node(j),
            Target::Step(_) => continue,
            Target::End => {
                let end_step = kind == EdgeKind::Next && nodes.get(from).is_some_and(|n| n.shape != Shape::Decision);
                if end_step {
                    if let Some(node) = nodes.get_mut(from) {
                        node.shape = Shape::Terminator;
                    }
                    Goal::Terminator
                } else {
                    to_end.push(edges.len());
                    Goal::Terminator
                }
            }
        };
        edges.push(Edge { from, to, target, kind, label, dashed });
    }
    if let Some(&first) = to_end.first() {
        let lanes_of_end = edges.get(first).and_then(|e| nodes.get(e.from)).map_or(vec![0], |n| n.lanes.clone());
        let end = nodes.len();
        nodes.push(Node {
            step: None,
            id: "end".to_string(),
            number: String::new(),
            text: labels.get("selesai"),
            shape: Shape::Terminator,
            lanes: lanes_of_end.into_iter().take(1).collect(),
            kelengkapan: String::new(),
            waktu: String::new(),
            output: String::new(),
            keterangan: String::new(),
        });
        for i in to_end {
            if let Some(edge) = edges.get_mut(i) {
                edge.to = Goal::Node(end);
            }
        }
    }
    Flow { lanes, nodes, edges }
}
