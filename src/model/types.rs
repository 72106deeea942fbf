//! The validated workflow model: resolved references, a petgraph flow graph, spans kept for
//! diagnostics. `check`, `render` and `sim` read only this.

use crate::check::rules::Rule;
use crate::duration::{Duration, Limit};
use crate::span::Span;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

/// Index of an actor in [`Model::actors`].
pub type ActorIdx = usize;
/// Index of a step in [`Model::steps`].
pub type StepIdx = usize;
/// Index of a case attribute in [`Model::attributes`].
pub type AttrIdx = usize;

/// One SOP as a workflow.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub name_span: Span,
    pub limit: Option<(Limit, Span)>,
    pub identity: Option<Identity>,
    /// Actors in column order.
    pub actors: Vec<Actor>,
    pub attributes: Vec<Attribute>,
    /// Steps and decisions in file order; the first is where the procedure starts.
    pub steps: Vec<Step>,
    pub timers: Vec<Timer>,
    pub periodic: Vec<Periodic>,
    pub allows: Vec<Allow>,
    /// The flow: one node per step plus the end node.
    pub graph: DiGraph<FlowNode, FlowEdge>,
    pub end: NodeIndex,
    /// Whether lowering left references unresolved; flow rules then stay quiet to avoid
    /// reporting consequences of the same mistake.
    pub incomplete: bool,
    /// Whether some `by` or `unless by` names an unknown actor, or some guard an unknown
    /// attribute: it most likely meant a declared one, which is then not reported unused.
    pub unknown_actor_named: bool,
    pub unknown_attribute_named: bool,
}

/// The identity page, as written.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Identity {
    pub instansi: Vec<String>,
    pub nomor: Option<Field>,
    pub tanggal_pembuatan: Option<Field>,
    pub tanggal_revisi: Option<Field>,
    pub tanggal_efektif: Option<Field>,
    pub tanggal_pengesahan: Option<Field>,
    pub disahkan_oleh: Option<Signatory>,
    pub dasar_hukum: Vec<Field>,
    pub keterkaitan: Vec<String>,
    pub kualifikasi: Vec<String>,
    pub peralatan: Vec<String>,
    pub peringatan: Vec<String>,
    pub pencatatan: Vec<String>,
    pub notes: Vec<String>,
    #[serde(skip)]
    pub span: Span,
}

/// A text field with where it was written.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub text: String,
    #[serde(skip)]
    pub span: Span,
}

impl Field {
    /// Whether the field is blank (empty or `-`), as many originals leave it.
    pub fn is_blank(&self) -> bool {
        is_blank(&self.text)
    }
}

/// Whether a text of the identity page is blank: empty or `-`, as many originals leave it.
pub fn is_blank(text: &str) -> bool {
    matches!(text.trim(), "" | "-")
}

/// *Disahkan oleh*.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Signatory {
    pub jabatan: Option<String>,
    pub nama: Option<String>,
    pub pangkat: Option<String>,
    pub nip: Option<String>,
}

/// A lane of the flowchart (*Pelaksana*).
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub id: String,
    pub title: String,
    pub notes: Vec<String>,
    #[serde(skip)]
    pub span: Span,
}

/// A case attribute decisions can test.
#[derive(Debug, Clone, Serialize)]
pub struct Attribute {
    pub id: String,
    #[serde(skip)]
    pub id_span: Span,
    pub title: Option<String>,
    pub domain: Domain,
    #[serde(skip)]
    pub span: Span,
}

/// The values a case attribute can take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    Values(Vec<String>),
    Bool,
}

impl Domain {
    /// Every value, as text (`true`/`false` for bool).
    pub fn values(&self) -> Vec<String> {
        match self {
            Domain::Values(values) => values.clone(),
            Domain::Bool => vec!["true".into(), "false".into()],
        }
    }
}

/// Whether a step is a process box or a decision diamond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Process,
    Decision,
}

/// A row of the SOP-AP table.
#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    pub number: Option<String>,
    pub text: String,
    pub kind: StepKind,
    pub actors: Vec<ActorIdx>,
    /// Whether the file names any performer (resolved or not), for `missing-performer`.
    pub by_written: bool,
    pub deadlines: Vec<Deadline>,
    /// The Waktu column as printed, when the author gave it.
    pub waktu: Option<String>,
    pub kelengkapan: Option<String>,
    pub output: Option<String>,
    pub keterangan: Option<String>,
    pub phase: Option<(String, Span)>,
    pub branches: Vec<Branch>,
    pub notes: Vec<String>,
    pub node: NodeIndex,
    pub span: Span,
    pub id_span: Span,
    pub number_span: Option<Span>,
}

impl Step {
    /// The case attributes the step's `when` guards name (of its branches, then of its
    /// deadlines), resolved or not, with repeats.
    pub fn tested_attributes(&self) -> impl Iterator<Item = AttrIdx> + '_ {
        let branches = self.branches.iter().filter_map(|b| match &b.condition {
            Condition::When(g) => Some(g.attribute),
            Condition::Unresolved(u) => u.attribute,
            Condition::Else | Condition::Option => None,
        });
        let deadlines = self
            .deadlines
            .iter()
            .filter_map(|d| d.condition.as_ref().map(|g| g.attribute).or(d.unresolved.and_then(|u| u.attribute)));
        branches.chain(deadlines)
    }
}

/// A time limit on a step.
#[derive(Debug, Clone)]
pub struct Deadline {
    pub limit: Limit,
    /// The step the time is measured from; `None` means the previous step.
    pub anchor: Option<StepIdx>,
    pub anchor_span: Option<Span>,
    pub condition: Option<Guard>,
    /// Set when the deadline's `when` did not resolve (an error says why); `condition` is
    /// then `None`, and the rules on the step's deadlines skip it.
    pub unresolved: Option<Unresolved>,
    pub phase: Option<(String, Span)>,
    pub span: Span,
}

/// Where a branch, flow or timer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Step(StepIdx),
    End,
}

/// A labelled branch of a decision.
#[derive(Debug, Clone)]
pub struct Branch {
    pub condition: Condition,
    pub target: Option<Target>,
    pub label: Option<String>,
    pub span: Span,
}

/// When a branch is taken.
#[derive(Debug, Clone)]
pub enum Condition {
    When(Guard),
    Else,
    Option,
    /// A `when` whose guard names an unknown attribute or value (an error says which): it
    /// counts as a `when` for the rules on branch kinds, and the rules on guards skip the
    /// decision rather than judge it without this branch.
    Unresolved(Unresolved),
}

/// A `when` guard that did not resolve, with the attribute it names when that one is known
/// (so the attribute still counts as tested).
#[derive(Debug, Clone, Copy)]
pub struct Unresolved {
    pub attribute: Option<AttrIdx>,
}

/// A resolved test on a case attribute.
#[derive(Debug, Clone)]
pub struct Guard {
    pub attribute: AttrIdx,
    pub test: Test,
    pub span: Span,
}

/// The comparison of a guard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Test {
    Equals(String),
    NotEquals(String),
    In(Vec<String>),
    IsTrue,
    IsFalse,
}

impl Test {
    /// Whether the test holds for `value` (bools as `true`/`false`).
    pub fn accepts(&self, value: &str) -> bool {
        match self {
            Test::Equals(v) => v == value,
            Test::NotEquals(v) => v != value,
            Test::In(vs) => vs.iter().any(|v| v == value),
            Test::IsTrue => value == "true",
            Test::IsFalse => value == "false",
        }
    }
}

/// A timer or escalation.
#[derive(Debug, Clone)]
pub struct Timer {
    pub id: String,
    pub title: Option<String>,
    pub escalation: bool,
    pub from: Option<StepIdx>,
    pub after: Option<Duration>,
    pub unless: Vec<Unless>,
    pub then: Option<Target>,
    /// Where the `from` line names its step, resolved or not, and whether the file has a
    /// `then` line: a line naming an unknown step is an error of its own, not a missing line.
    pub from_span: Option<Span>,
    pub has_then: bool,
    pub label: Option<String>,
    pub phase: Option<(String, Span)>,
    pub notes: Vec<String>,
    pub span: Span,
    pub id_span: Span,
}

impl Timer {
    /// Whether the timer's `unless` names `stop`.
    pub fn stopped_by(&self, stop: Stop) -> bool {
        self.unless.iter().any(|u| u.stop == stop)
    }
}

/// One resolved entry of a timer's `unless`, with where it was written.
#[derive(Debug, Clone, Copy)]
pub struct Unless {
    pub stop: Stop,
    pub span: Span,
}

/// What stops a timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    Step(StepIdx),
    ActorEvent(ActorIdx),
}

/// A duty not tied to one case.
#[derive(Debug, Clone)]
pub struct Periodic {
    pub id: String,
    pub text: String,
    pub every: Option<Duration>,
    pub actors: Vec<ActorIdx>,
    /// Whether the file names any performer (resolved or not), for `missing-performer`.
    pub by_written: bool,
    pub waktu: Option<String>,
    pub output: Option<String>,
    pub keterangan: Option<String>,
    pub notes: Vec<String>,
    pub span: Span,
    pub id_span: Span,
}

/// A silenced rule.
#[derive(Debug, Clone)]
pub struct Allow {
    pub rule: &'static Rule,
    pub reason: Option<String>,
    /// The item it applies to; `None` for the whole file.
    pub scope: Option<Span>,
    pub span: Span,
}

/// A node of the flow graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowNode {
    Step(StepIdx),
    End,
}

/// Why one node follows another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowEdge {
    /// The default or `next` flow of a process step.
    Next,
    /// Branch `n` of a decision.
    Branch(usize),
    /// Timer or escalation `n` firing.
    Timer(usize),
}

impl Model {
    /// The node where the procedure starts, if it has any step.
    pub fn start(&self) -> Option<NodeIndex> {
        self.steps.first().map(|s| s.node)
    }

    /// The step at a graph node, if it is not the end.
    pub fn step_at(&self, node: NodeIndex) -> Option<&Step> {
        match self.graph.node_weight(node) {
            Some(FlowNode::Step(i)) => self.steps.get(*i),
            _ => None,
        }
    }

    /// The graph node of a target.
    pub fn node_of(&self, target: Target) -> Option<NodeIndex> {
        match target {
            Target::Step(i) => self.steps.get(i).map(|s| s.node),
            Target::End => Some(self.end),
        }
    }

    /// The official titles of these actors, joined with ", " (for tables).
    pub fn actor_titles(&self, actors: &[ActorIdx]) -> String {
        actors.iter().filter_map(|&a| self.actors.get(a)).map(|a| a.title.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// Looks a step up by id.
    pub fn step_index(&self, id: &str) -> Option<StepIdx> {
        self.steps.iter().position(|s| s.id == id)
    }
}
