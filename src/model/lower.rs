//! AST → Model: resolves every id, builds the flow graph, records what could not be resolved.

use super::identity::lower_identity;
use super::types::*;
use crate::check::rules;
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::{self, Ident, Item, Text};
use petgraph::graph::DiGraph;
use std::collections::HashMap;

/// Lowers an AST to the workflow model, with every reference problem found.
pub fn lower(ast: &ast::Ast) -> (Model, Vec<Diagnostic>) {
    let mut lowerer = Lowerer::default();
    let model = lowerer.run(ast);
    (model, lowerer.diagnostics)
}

#[derive(Default)]
pub(super) struct Lowerer {
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) actor_ids: HashMap<String, ActorIdx>,
    pub(super) attribute_ids: HashMap<String, AttrIdx>,
    pub(super) step_ids: HashMap<String, StepIdx>,
    pub(super) actor_names: Vec<String>,
    /// The official titles, in the order of `actor_names`, for did-you-mean helps.
    pub(super) actor_titles: Vec<String>,
    pub(super) step_names: Vec<String>,
    pub(super) incomplete: bool,
    pub(super) unknown_actor_named: bool,
    pub(super) unknown_attribute_named: bool,
}

impl Lowerer {
    fn run(&mut self, ast: &ast::Ast) -> Model {
        let mut graph = DiGraph::new();
        let mut name = None;
        let mut limit = None;
        let mut identity = None;
        let mut actors = Vec::new();
        let mut attributes = Vec::new();
        let mut item_ids: HashMap<String, ast::Ident> = HashMap::new();
        let mut actor_decls: HashMap<String, ast::Ident> = HashMap::new();
        let step_decls: Vec<&ast::StepDecl> =
            ast.items.iter().filter_map(|i| if let Item::Step(s) = i { Some(s) } else { None }).collect();

        // Declarations first, so references may point forward.
        for item in &ast.items {
            match item {
                Item::Name(text) => name = name.or(Some(text.clone())),
                Item::Limit(l) => limit = limit.or(Some((l.value, l.span))),
                Item::Identity(i) => identity = Some(lower_identity(i)),
                Item::Actor(a) => {
                    if self.declare(&a.id, "actor", &mut actor_decls) {
                        self.actor_ids.insert(a.id.name.clone(), actors.len());
                        self.actor_names.push(a.id.name.clone());
                        self.actor_titles.push(a.title.value.clone());
                        actors.push(Actor {
                            id: a.id.name.clone(),
                            title: a.title.value.clone(),
                            notes: texts(&a.notes),
                            span: a.span,
                        });
                    }
                }
                Item::Attribute(a) => {
                    if self.attribute_ids.contains_key(&a.id.name) {
                        self.duplicate_named(
                            &a.id,
                            "attribute",
                            attributes.iter().find(|x: &&Attribute| x.id == a.id.name).map(|x| x.id_span),
                        );
                    } else {
                        self.attribute_ids.insert(a.id.name.clone(), attributes.len());
                        let domain = match &a.domain {
                            ast::DomainDecl::Bool => Domain::Bool,
                            ast::DomainDecl::Values(v) => Domain::Values(texts(v)),
                        };
                        attributes.push(Attribute {
                            id: a.id.name.clone(),
                            id_span: a.id.span,
                            title: a.title.as_ref().map(|t| t.value.clone()),
                            domain,
                            span: a.span,
                        });
                    }
                }
                Item::Step(s) => {
                    if self.declare(&s.id, "step", &mut item_ids) {
                        self.step_ids.insert(s.id.name.clone(), self.step_names.len());
                        self.step_names.push(s.id.name.clone());
                    }
                }
                Item::Timer(t) => {
                    self.declare(&t.id, "timer", &mut item_ids);
                }
                Item::Periodic(p) => {
                    self.declare(&p.id, "periodic duty", &mut item_ids);
                }
                Item::Allow(_) => {}
            }
        }

        let name = match name {
            Some(text) if !text.value.trim().is_empty() => text,
            Some(text) => {
                self.diagnostics.push(
                    Diagnostic::new(rules::MISSING_SOP_NAME, text.span, "the SOP name is empty")
                        .with_label("no name")
                        .with_help("write the official name of the SOP in the quotes"),
                );
                text
            }
            None => {
                self.diagnostics.push(
                    Diagnostic::new(rules::MISSING_SOP_NAME, crate::span::Span::new(0, 0), "this file has no SOP name")
                        .with_label("the 'sop' line goes here")
                        .with_help("add a line 'sop \"Nama SOP\"' with the official name, usually at the top"),
                );
                Text { value: String::new(), span: crate::span::Span::new(0, 0) }
            }
        };

        // Steps: one graph node each, in file order, skipping duplicates.
        let mut seen_steps = std::collections::HashSet::new();
        let unique_steps: Vec<&ast::StepDecl> =
            step_decls.iter().copied().filter(|s| seen_steps.insert(s.id.name.as_str())).collect();
        let mut steps: Vec<Step> = Vec::new();
        for (index, decl) in unique_steps.iter().enumerate() {
            let node = graph.add_node(FlowNode::Step(index));
            steps.push(self.lower_step(decl, node, &attributes));
        }
        let end = graph.add_node(FlowNode::End);

        // Flow edges.
        for (index, decl) in unique_steps.iter().enumerate() {
            let Some(from) = steps.get(index).map(|s| s.node) else { continue };
            match decl.kind {
                ast::StepKind::Process => {
                    let target = match &decl.next {
                        Some(next) => self.target(next),
                        None => Some(if index + 1 < steps.len() { Target::Step(index + 1) } else { Target::End }),
                    };
                    if let Some(to) = target.and_then(|t| node_of(&steps, end, t)) {
                        graph.add_edge(from, to, FlowEdge::Next);
                    }
                }
                ast::StepKind::Decision => {
                    let branches = steps.get(index).map(|s| s.branches.clone()).unwrap_or_default();
                    for (b, branch) in branches.iter().enumerate() {
                        if let Some(to) = branch.target.and_then(|t| node_of(&steps, end, t)) {
                            graph.add_edge(from, to, FlowEdge::Branch(b));
                        }
                    }
                    if let Some(next) = &decl.next {
                        self.diagnostics.push(
                            Diagnostic::new(
                                rules::INVALID_ARGUMENT,
                                next.span,
                                "a decision goes where its branches say; 'next' has no meaning here",
                            )
                            .with_label("ignored")
                            .with_help("remove 'next' and give each branch its target: when ... -> STEP"),
                        );
                    }
                }
            }
        }

        let mut timers = Vec::new();
        let mut periodic = Vec::new();
        let mut allows = Vec::new();
        for decl in &unique_steps {
            allows.extend(self.lower_allows(&decl.allows, Some(decl.span)));
        }
        for item in &ast.items {
            match item {
                Item::Timer(t) if !timers.iter().any(|x: &Timer| x.id == t.id.name) => {
                    let timer = self.lower_timer(t);
                    if let (Some(from), Some(then)) = (timer.from, timer.then) {
                        if let (Some(a), Some(b)) =
                            (node_of(&steps, end, Target::Step(from)), node_of(&steps, end, then))
                        {
                            graph.add_edge(a, b, FlowEdge::Timer(timers.len()));
                        }
                    }
                    allows.extend(self.lower_allows(&t.allows, Some(t.span)));
                    timers.push(timer);
                }
                Item::Periodic(p) if !periodic.iter().any(|x: &Periodic| x.id == p.id.name) => {
                    periodic.push(Periodic {
                        id: p.id.name.clone(),
                        text: p.text.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
                        every: p.every.as_ref().map(|e| e.value),
                        actors: self.actors(&p.by),
                        by_written: !p.by.is_empty(),
                        waktu: p.waktu.as_ref().map(|t| t.value.clone()),
                        output: joined(&p.output),
                        keterangan: joined(&p.keterangan),
                        notes: texts(&p.notes),
                        span: p.span,
                        id_span: p.id.span,
                    });
                    allows.extend(self.lower_allows(&p.allows, Some(p.span)));
                }
                Item::Allow(a) => allows.extend(self.lower_allows(std::slice::from_ref(a), None)),
                _ => {}
            }
        }

        Model {
            name: name.value,
            name_span: name.span,
            limit,
            identity,
            actors,
            attributes,
            steps,
            timers,
            periodic,
            allows,
            graph,
            end,
            incomplete: self.incomplete,
            unknown_actor_named: self.unknown_actor_named,
            unknown_attribute_named: self.unknown_attribute_named,
        }
    }

    /// Records an id in its namespace; reports `duplicate-id` and returns false if taken.
    fn declare(&mut self, id: &Ident, what: &str, ids: &mut HashMap<String, Ident>) -> bool {
        if let Some(first) = ids.get(&id.name) {
            let first_span = first.span;
            self.duplicate_named(id, what, Some(first_span));
            return false;
        }
        ids.insert(id.name.clone(), id.clone());
        true
    }

    fn duplicate_named(&mut self, id: &Ident, what: &str, first: Option<crate::span::Span>) {
        let mut d = Diagnostic::new(rules::DUPLICATE_ID, id.span, format!("the id '{}' is declared twice", id.name))
            .with_label(format!("second {what} with this id"))
            .with_help("give each declaration its own id");
        if let Some(first) = first {
            d = d.with_related(first, "first declared here");
        }
        self.diagnostics.push(d);
        self.incomplete = true;
    }

    fn lower_step(&mut self, decl: &ast::StepDecl, node: petgraph::graph::NodeIndex, attributes: &[Attribute]) -> Step {
        let deadlines = decl
            .deadlines
            .iter()
            .map(|d| {
                let condition = d.guard.as_ref().and_then(|g| self.guard(g, attributes));
                let unresolved = match (&d.guard, &condition) {
                    (Some(g), None) => Some(self.unresolved(g)),
                    _ => None,
                };
                Deadline {
                    limit: d.limit.value,
                    anchor: d.from.as_ref().and_then(|f| self.step_target(f, "a deadline is measured from a step")),
                    anchor_span: d.from.as_ref().map(|f| f.span),
                    condition,
                    unresolved,
                    phase: d.phase.as_ref().map(|p| (p.name.clone(), p.span)),
                    span: d.span,
                }
            })
            .collect();
        let branches = decl
            .branches
            .iter()
            .map(|b| Branch {
                condition: match &b.condition {
                    ast::ConditionDecl::When(g) => match self.guard(g, attributes) {
                        Some(guard) => Condition::When(guard),
                        None => Condition::Unresolved(self.unresolved(g)),
                    },
                    ast::ConditionDecl::Else => Condition::Else,
                    ast::ConditionDecl::Option => Condition::Option,
                },
                target: self.target(&b.target),
                label: b.label.as_ref().map(|l| l.value.clone()),
                span: b.span,
            })
            .collect();
        Step {
            id: decl.id.name.clone(),
            number: decl.number.as_ref().map(|n| n.value.clone()),
            text: decl.text.iter().map(|t| t.value.as_str()).collect::<Vec<_>>().join("\n"),
            kind: match decl.kind {
                ast::StepKind::Process => StepKind::Process,
                ast::StepKind::Decision => StepKind::Decision,
            },
            actors: self.actors(&decl.by),
            by_written: !decl.by.is_empty(),
            deadlines,
            waktu: decl.waktu.as_ref().map(|t| t.value.clone()),
            kelengkapan: joined(&decl.kelengkapan),
            output: joined(&decl.output),
            keterangan: joined(&decl.keterangan),
            phase: decl.phase.as_ref().map(|p| (p.name.clone(), p.span)),
            branches,
            notes: texts(&decl.notes),
            node,
            span: decl.span,
            id_span: decl.id.span,
            number_span: decl.number.as_ref().map(|n| n.span),
        }
    }

    fn lower_timer(&mut self, t: &ast::TimerDecl) -> Timer {
        let from = t.from.as_ref().and_then(|f| self.step_target(f, "a timer's clock starts at a step"));
        let unless = t
            .unless
            .iter()
            .filter_map(|u| {
                match &u.stop {
                    // An actor named without 'by' (`unless pelapor`) is that actor's events.
                    ast::StopDecl::Step(id)
                        if !self.step_ids.contains_key(&id.name) && self.actor_ids.contains_key(&id.name) =>
                    {
                        self.diagnostics.push(
                            Diagnostic::new(
                                rules::UNKNOWN_STEP,
                                id.span,
                                format!("'{}' is an actor, not a step", id.name),
                            )
                            .with_label("no step with this id")
                            .with_help(format!(
                                "write 'unless by {}' to stop the clock on any event of this actor",
                                id.name
                            )),
                        );
                        self.incomplete = true;
                        None
                    }
                    ast::StopDecl::Step(id) => {
                        self.step_target(id, "a timer is stopped by a step's event").map(Stop::Step)
                    }
                    ast::StopDecl::ActorEvent(id) => self.actor(id).map(Stop::ActorEvent),
                }
                .map(|stop| Unless { stop, span: u.span })
            })
            .collect();
        Timer {
            id: t.id.name.clone(),
            title: t.title.as_ref().map(|x| x.value.clone()),
            escalation: t.escalation,
            from,
            after: t.after.as_ref().map(|a| a.value),
            unless,
            then: t.then.as_ref().and_then(|x| self.target(x)),
            from_span: t.from.as_ref().map(|f| f.span),
            has_then: t.then.is_some(),
            label: t.label.as_ref().map(|x| x.value.clone()),
            phase: t.phase.as_ref().map(|p| (p.name.clone(), p.span)),
            notes: texts(&t.notes),
            span: t.span,
            id_span: t.id.span,
        }
    }
}

fn node_of(steps: &[Step], end: petgraph::graph::NodeIndex, target: Target) -> Option<petgraph::graph::NodeIndex> {
    match target {
        Target::Step(i) => steps.get(i).map(|s| s.node),
        Target::End => Some(end),
    }
}

pub(super) fn texts(list: &[Text]) -> Vec<String> {
    list.iter().map(|t| t.value.clone()).collect()
}

fn joined(list: &[Text]) -> Option<String> {
    (!list.is_empty()).then(|| list.iter().map(|t| t.value.as_str()).collect::<Vec<_>>().join("\n"))
}
