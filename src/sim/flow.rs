//! What the model allows, in the form replay asks it: successors, skipped steps, the branch a
//! case's attributes select, the deadline that applies, which events stop a timer.
//!
//! Replay and the generator both read the model through this one place, so they agree on what
//! "the next step" and "the deadline" mean.

use crate::duration::{Duration, Limit};
use crate::model::{ActorIdx, AttrIdx, Condition, Deadline, FlowEdge, FlowNode, Guard, Model, StepIdx, Stop, Target};
use crate::sim::time::Stamp;
use petgraph::visit::EdgeRef;
use std::collections::VecDeque;

/// The value of a case attribute as far as the case has told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Val {
    /// No event of the case gave it (or gave it empty).
    #[default]
    Unset,
    /// One of the attribute's values, by index in its domain.
    Known(u16),
    /// Given, but not one of the attribute's values.
    Invalid,
}

/// One way out of a step other than a timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Out {
    pub target: Target,
    /// The branch of a decision this edge is, if any.
    pub branch: Option<usize>,
}

/// Which branch of a decision a case must take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Not a decision on attributes (a plain step or `option` branches): any way is fine.
    Any,
    /// The attributes select this branch.
    Branch(usize),
    /// No `when` holds and there is no `else`.
    NoneHolds,
    /// A guard needs this attribute and the case does not give a usable value.
    Unknown(AttrIdx),
}

/// Which deadline applies to a step for a case.
#[derive(Debug, Clone, Copy)]
pub enum DeadlineChoice<'m> {
    None,
    Applies(&'m Deadline),
    Unknown(AttrIdx),
}

/// The model, indexed for replay.
#[derive(Debug, Clone)]
pub struct Flow<'m> {
    pub model: &'m Model,
    outs: Vec<Vec<Out>>,
    arms: Vec<Vec<usize>>,
    /// Per attribute, its values as text (`true`/`false` for bool).
    values: Vec<Vec<String>>,
    /// Whether any deadline is measured `from` a named step.
    pub named_anchors: bool,
    /// Whether some timer leads to the end (`then end`): a case may end by its window alone.
    pub timers_to_end: bool,
    /// Per step: whether its only way on is the end, and whether the end is one of its ways.
    closing: Vec<(bool, bool)>,
    /// Per step: the guards of its branches and of its deadlines as value bits.
    guards: Vec<StepGuards>,
}

/// The guards of one step, each as the set of its attribute's values that satisfy it (bit `v`
/// for value `v`), so replay tests a case's value without comparing text. `None`: no guard,
/// or a domain of more than 64 values (tested on the text).
#[derive(Debug, Clone, Default)]
struct StepGuards {
    /// Whether some branch has a `when`.
    decides: bool,
    /// The deadline without a condition, if any.
    plain: Option<usize>,
    branches: Vec<Option<u64>>,
    deadlines: Vec<Option<u64>>,
}

impl<'m> Flow<'m> {
    /// Indexes `model`.
    pub fn new(model: &'m Model) -> Flow<'m> {
        let mut outs = vec![Vec::new(); model.steps.len()];
        for (i, step) in model.steps.iter().enumerate() {
            let mut list: Vec<Out> = model
                .graph
                .edges(step.node)
                .filter_map(|e| {
                    let target = match model.graph.node_weight(e.target())? {
                        FlowNode::Step(s) => Target::Step(*s),
                        FlowNode::End => Target::End,
                    };
                    match e.weight() {
                        FlowEdge::Next => Some(Out { target, branch: None }),
                        FlowEdge::Branch(b) => Some(Out { target, branch: Some(*b) }),
                        FlowEdge::Timer(_) => None,
                    }
                })
                .collect();
            list.reverse(); // petgraph lists edges newest first
            if let Some(slot) = outs.get_mut(i) {
                *slot = list;
            }
        }
        let mut arms = vec![Vec::new(); model.steps.len()];
        for (k, timer) in model.timers.iter().enumerate() {
            if let (Some(from), Some(_)) = (timer.from, timer.after) {
                if let Some(list) = arms.get_mut(from) {
                    list.push(k);
                }
            }
        }
        Flow {
            model,
            outs,
            arms,
            values: model.attributes.iter().map(|a| a.domain.values()).collect(),
            named_anchors: model.steps.iter().any(|s| s.deadlines.iter().any(|d| d.anchor.is_some())),
            timers_to_end: model.timers.iter().any(|t| t.then == Some(Target::End)),
            closing: Vec::new(),
            guards: Vec::new(),
        }
        .with_closing()
        .with_guards()
    }

    fn with_guards(mut self) -> Self {
        let bits = |guard: &Guard| -> Option<u64> {
            let values = self.values(guard.attribute);
            if values.len() > 64 {
                return None;
            }
            Some(values.iter().enumerate().filter(|(_, v)| guard.test.accepts(v)).fold(0, |bits, (i, _)| bits | 1 << i))
        };
        self.guards = self
            .model
            .steps
            .iter()
            .map(|step| StepGuards {
                decides: step.branches.iter().any(|b| matches!(b.condition, Condition::When(_))),
                plain: step.deadlines.iter().position(|d| d.condition.is_none()),
                branches: step
                    .branches
                    .iter()
                    .map(|b| match &b.condition {
                        Condition::When(guard) => bits(guard),
                        _ => None,
                    })
                    .collect(),
                deadlines: step.deadlines.iter().map(|d| d.condition.as_ref().and_then(bits)).collect(),
            })
            .collect();
        self
    }

    fn with_closing(mut self) -> Self {
        self.closing = (0..self.model.steps.len())
            .map(|s| {
                let outs = self.outs(s);
                let ends = outs.iter().any(|o| o.target == Target::End);
                (ends && outs.iter().all(|o| o.target == Target::End), ends)
            })
            .collect();
        self
    }

    /// The first step, where every case starts.
    pub fn start(&self) -> Option<StepIdx> {
        if self.model.steps.is_empty() {
            None
        } else {
            Some(0)
        }
    }

    /// The ways out of step `s` other than timers, in file order.
    pub fn outs(&self, s: StepIdx) -> &[Out] {
        self.outs.get(s).map_or(&[], Vec::as_slice)
    }

    /// The timers a step starts.
    pub fn arms(&self, s: StepIdx) -> &[usize] {
        self.arms.get(s).map_or(&[], Vec::as_slice)
    }

    /// Whether `to` may directly follow `from`.
    pub fn follows(&self, from: StepIdx, to: StepIdx) -> bool {
        self.outs(from).iter().any(|o| o.target == Target::Step(to))
    }

    /// Whether step `s` closes the case: its only way on is the end.
    pub fn closes(&self, s: StepIdx) -> bool {
        self.closing.get(s).is_some_and(|c| c.0)
    }

    /// Whether the case may end after step `s`.
    pub fn can_end(&self, s: StepIdx) -> bool {
        self.closing.get(s).is_some_and(|c| c.1)
    }

    /// The values of attribute `a`, as text.
    pub fn values(&self, a: AttrIdx) -> &[String] {
        self.values.get(a).map_or(&[], Vec::as_slice)
    }

    /// The text of a known value.
    pub fn value_text(&self, a: AttrIdx, v: u16) -> &str {
        self.values(a).get(usize::from(v)).map_or("?", String::as_str)
    }

    /// The id of a step, `?` if there is none.
    pub fn step_id(&self, s: StepIdx) -> &'m str {
        self.model.steps.get(s).map_or("?", |x| x.id.as_str())
    }

    /// The id of an actor.
    pub fn actor_id(&self, a: ActorIdx) -> &'m str {
        self.model.actors.get(a).map_or("?", |x| x.id.as_str())
    }

    /// The steps passed over on the shortest way from `from` to `to` (breadth-first over
    /// non-timer edges, first edge in file order on ties), or `None` when `to` cannot be
    /// reached. From `None` (a case's first event) the way starts at the first step, which
    /// counts as passed over unless it is `to`. At a decision on attributes the way takes the
    /// branch the case's `attrs` select, when that leads to `to`; else any way that does.
    pub fn skipped(&self, from: Option<StepIdx>, to: StepIdx, attrs: &[Val]) -> Option<Vec<StepIdx>> {
        self.shortest(from, to, Some(attrs)).or_else(|| self.shortest(from, to, None))
    }

    /// The ways out of `s` a case with `attrs` may take: the selected branch only, when its
    /// attributes select one.
    fn ways(&self, s: StepIdx, attrs: Option<&[Val]>) -> impl Iterator<Item = &Out> {
        let selected = match attrs.map(|a| self.choice(s, a)) {
            Some(Choice::Branch(i)) => Some(i),
            _ => None,
        };
        self.outs(s).iter().filter(move |o| selected.is_none() || o.branch == selected)
    }

    fn shortest(&self, from: Option<StepIdx>, to: StepIdx, attrs: Option<&[Val]>) -> Option<Vec<StepIdx>> {
        let n = self.model.steps.len();
        let mut parent: Vec<Option<StepIdx>> = vec![None; n];
        let mut seen = vec![false; n];
        let mut queue = VecDeque::new();
        match from {
            Some(f) => {
                for o in self.ways(f, attrs) {
                    if let Target::Step(s) = o.target {
                        if !seen.get(s).copied().unwrap_or(true) {
                            if let Some(x) = seen.get_mut(s) {
                                *x = true;
                            }
                            queue.push_back(s);
                        }
                    }
                }
            }
            None => {
                let start = self.start()?;
                if let Some(x) = seen.get_mut(start) {
                    *x = true;
                }
                queue.push_back(start);
            }
        }
        while let Some(s) = queue.pop_front() {
            if s == to {
                let mut path = Vec::new();
                let mut at = parent.get(s).copied().flatten();
                while let Some(p) = at {
                    path.push(p);
                    at = parent.get(p).copied().flatten();
                }
                path.reverse();
                return Some(path);
            }
            for o in self.ways(s, attrs) {
                if let Target::Step(next) = o.target {
                    if seen.get(next).copied() == Some(false) {
                        if let Some(x) = seen.get_mut(next) {
                            *x = true;
                        }
                        if let Some(x) = parent.get_mut(next) {
                            *x = Some(s);
                        }
                        queue.push_back(next);
                    }
                }
            }
        }
        None
    }

    /// Whether a guard holds for the attributes, or the attribute it needs; `bits` are the
    /// values that satisfy it, when known.
    fn holds(&self, guard: &Guard, bits: Option<u64>, attrs: &[Val]) -> Result<bool, AttrIdx> {
        match attrs.get(guard.attribute).copied().unwrap_or_default() {
            Val::Known(v) => Ok(match bits {
                Some(bits) => bits.checked_shr(u32::from(v)).is_some_and(|b| b & 1 == 1),
                None => guard.test.accepts(self.value_text(guard.attribute, v)),
            }),
            Val::Unset | Val::Invalid => Err(guard.attribute),
        }
    }

    /// The branch of decision `s` that the attributes select.
    pub fn choice(&self, s: StepIdx, attrs: &[Val]) -> Choice {
        let (Some(step), Some(guards)) = (self.model.steps.get(s), self.guards.get(s)) else { return Choice::Any };
        if !guards.decides {
            return Choice::Any;
        }
        let mut otherwise = None;
        for (i, branch) in step.branches.iter().enumerate() {
            let bits = guards.branches.get(i).copied().flatten();
            match &branch.condition {
                Condition::When(guard) => match self.holds(guard, bits, attrs) {
                    Ok(true) => return Choice::Branch(i),
                    Ok(false) => {}
                    Err(a) => return Choice::Unknown(a),
                },
                Condition::Else => otherwise = otherwise.or(Some(i)),
                Condition::Option | Condition::Unresolved(_) => {}
            }
        }
        otherwise.map_or(Choice::NoneHolds, Choice::Branch)
    }

    /// The deadline of step `s` for a case: the plain one, or the first conditional one whose
    /// guard holds.
    #[inline]
    pub fn deadline(&self, s: StepIdx, attrs: &[Val]) -> DeadlineChoice<'m> {
        let (Some(step), Some(guards)) = (self.model.steps.get(s), self.guards.get(s)) else {
            return DeadlineChoice::None;
        };
        if let Some(plain) = guards.plain.and_then(|i| step.deadlines.get(i)) {
            return DeadlineChoice::Applies(plain);
        }
        for (i, deadline) in step.deadlines.iter().enumerate() {
            if let Some(guard) = &deadline.condition {
                let bits = guards.deadlines.get(i).copied().flatten();
                match self.holds(guard, bits, attrs) {
                    Ok(true) => return DeadlineChoice::Applies(deadline),
                    Ok(false) => {}
                    Err(a) => return DeadlineChoice::Unknown(a),
                }
            }
        }
        DeadlineChoice::None
    }

    /// Whether an event of step `step` by `actor` stops timer `k`.
    pub fn stops(&self, k: usize, step: Option<StepIdx>, actor: Option<ActorIdx>) -> bool {
        let Some(timer) = self.model.timers.get(k) else { return false };
        timer.unless.iter().any(|u| match u.stop {
            Stop::Step(x) => step == Some(x),
            Stop::ActorEvent(a) => actor == Some(a),
        })
    }

    /// Whether any timer is stopped by events of actor `a`.
    pub fn actor_stops_a_timer(&self, a: ActorIdx) -> bool {
        self.model.timers.iter().any(|t| t.stopped_by(Stop::ActorEvent(a)))
    }

    /// The window of timer `k`.
    pub fn after(&self, k: usize) -> Option<Duration> {
        self.model.timers.get(k).and_then(|t| t.after)
    }

    /// The limit of the whole procedure, if the SOP states one.
    pub fn overall(&self) -> Option<Duration> {
        match self.model.limit {
            Some((Limit::Within(d), _)) => Some(d),
            _ => None,
        }
    }

    /// Whether step `s` is a timer's start, stop or target: such steps are judged by timer
    /// rules too.
    pub fn timed(&self, s: StepIdx) -> bool {
        self.model
            .timers
            .iter()
            .any(|t| t.from == Some(s) || t.then == Some(Target::Step(s)) || t.stopped_by(Stop::Step(s)))
    }
}

/// When `deadline` starts: at the latest event of its `from` step, or without one at
/// `previous` (when the case got to the step before); `None` when that is not known.
#[inline]
pub fn deadline_start(deadline: &Deadline, step_times: &[Option<Stamp>], previous: Option<Stamp>) -> Option<Stamp> {
    match deadline.anchor {
        Some(x) => step_times.get(x).copied().flatten(),
        None => previous,
    }
}
