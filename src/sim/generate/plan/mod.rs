//! Planning one case: its path through the model, its times, and at most one injected
//! deviation, placed so that it is found by exactly one code.
//!
//! The planner follows the same rules as replay (through [`Flow`]): it moves only where the
//! flow allows, keeps every checked deadline and timer window, and injects a deviation only
//! where nothing else is disturbed (for instance, a step is skipped only when the shortest way
//! around it is unique and no timer depends on it). Each injection is labelled with the event
//! where the audit must find it.

mod inject;
mod moves;

use crate::model::{AttrIdx, Step, StepIdx, Target};
use crate::sim::deviation::{self as codes, Code};
use crate::sim::flow::{Choice, Flow, Val};
use crate::sim::generate::clock::Clock;
use crate::sim::generate::config::Probabilities;
use crate::sim::time::Stamp;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The activity written for an injected `activity-not-in-sop`.
pub const FOREIGN_ACTIVITY: &str = "hapus_aduan";

/// One event of a planned case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedEvent {
    pub activity: String,
    pub actor: Option<String>,
    pub time: Stamp,
    /// Where it goes in a log ordered by time: never before the case's previous event.
    pub key: i64,
}

/// A deviation the audit must find at event `event` of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelAt {
    pub event: usize,
    pub code: &'static Code,
    pub item: Option<String>,
}

/// What replay will know of a case that the log leaves open.
#[derive(Debug, Clone)]
pub struct OpenPlan {
    pub pos: Option<StepIdx>,
    pub attrs: Vec<Val>,
    pub moved: Option<Stamp>,
    pub step_times: Vec<Option<Stamp>>,
    pub timers: Vec<Option<Stamp>>,
    pub first: Stamp,
}

/// A planned case.
#[derive(Debug, Clone)]
pub struct CasePlan {
    pub events: Vec<PlannedEvent>,
    pub labels: Vec<LabelAt>,
    /// The attribute values written, per attribute; `None` is left blank.
    pub attributes: Vec<Option<String>>,
    /// Set when the case is still open after its last event.
    pub open: Option<OpenPlan>,
    /// Whether the deviation asked for was injected.
    pub injected: bool,
}

/// The planner for one model.
pub struct Planner<'a> {
    pub flow: &'a Flow<'a>,
    pub clock: &'a Clock<'a>,
    pub probabilities: &'a Probabilities,
}

/// How the case gets to a step: decides which checks replay makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    First,
    Normal(StepIdx),
    Skip,
    /// Through a timer whose window ran out at the given time.
    Fired(Stamp),
    Early,
    /// After a timer's window ran out without the case going where it says.
    Unhonoured(StepIdx),
}

/// A case being planned.
struct St {
    pos: Option<StepIdx>,
    moved: Option<Stamp>,
    last: Stamp,
    first: Stamp,
    step_times: Vec<Option<Stamp>>,
    timers: Vec<Option<Stamp>>,
    attrs: Vec<Val>,
    visits: Vec<u32>,
    events: Vec<PlannedEvent>,
    labels: Vec<LabelAt>,
    attribute_labelled: bool,
    inject: Option<&'static Code>,
    injected: bool,
    /// An event to slip in before the next one: (activity, actor, label code, item).
    pending: Option<(String, Option<String>, &'static Code, Option<String>)>,
    /// The latest time a pending event may take (a timer's end, when the next event is the
    /// timer running out).
    cap: Option<Stamp>,
    last_key: i64,
}

/// What the case does next at a step.
enum Next {
    To(StepIdx),
    End,
    Fire(usize),
    /// No more events: the case waits for its one running timer, whose way on is the end.
    Rest,
    Stuck,
}

fn weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, f64)]) -> Option<T> {
    let total: f64 = items.iter().map(|(_, w)| w).sum();
    if items.is_empty() {
        return None;
    }
    if total <= 0.0 {
        return items.get(rng.random_range(0..items.len())).map(|(t, _)| *t);
    }
    let mut x = rng.random_range(0.0..total);
    for (item, w) in items {
        if x < *w {
            return Some(*item);
        }
        x -= w;
    }
    items.last().map(|(t, _)| *t)
}

impl St {
    fn armed(&self) -> impl Iterator<Item = (usize, Stamp)> + '_ {
        self.timers.iter().enumerate().filter_map(|(k, d)| d.map(|d| (k, d)))
    }

    fn earliest_due(&self) -> Option<Stamp> {
        self.armed().map(|(_, d)| d).min_by_key(|d| d.utc)
    }

    fn wants(&self, rng: &mut ChaCha8Rng, code: &Code) -> bool {
        !self.injected && self.inject.is_some_and(|c| c == code) && rng.random_bool(0.6)
    }
}

impl Planner<'_> {
    fn days(&self) -> &crate::sim::days::Days<'_> {
        self.clock.days
    }

    /// Attributes the guards and conditional deadlines read.
    fn guarded_attributes(&self) -> Vec<AttrIdx> {
        let mut list: Vec<AttrIdx> = self.flow.model.steps.iter().flat_map(Step::tested_attributes).collect();
        list.sort_unstable();
        list.dedup();
        list
    }

    /// The values of a new case, drawn by the configured weights.
    fn attributes(&self, rng: &mut ChaCha8Rng) -> Vec<Val> {
        (0..self.flow.model.attributes.len())
            .map(|a| {
                let n = self.flow.values(a).len();
                let weights: Vec<(u16, f64)> = (0..n)
                    .filter_map(|v| {
                        let w = self.probabilities.attributes.get(&a).and_then(|ws| ws.get(v)).copied().unwrap_or(1.0);
                        u16::try_from(v).ok().map(|v| (v, w))
                    })
                    .collect();
                weighted(rng, &weights).map_or(Val::Unset, Val::Known)
            })
            .collect()
    }

    fn actor_of(&self, rng: &mut ChaCha8Rng, s: StepIdx) -> Option<String> {
        let step = self.flow.model.steps.get(s)?;
        let a = step.actors.get(rng.random_range(0..step.actors.len().max(1)))?;
        Some(self.flow.actor_id(*a).to_string())
    }

    /// An actor who does not perform step `s` and stops no timer.
    fn wrong_actor(&self, rng: &mut ChaCha8Rng, s: StepIdx) -> Option<String> {
        let step = self.flow.model.steps.get(s)?;
        if step.actors.is_empty() {
            return None;
        }
        let others: Vec<usize> = (0..self.flow.model.actors.len())
            .filter(|a| !step.actors.contains(a) && !self.flow.actor_stops_a_timer(*a))
            .collect();
        let a = others.get(rng.random_range(0..others.len().max(1)))?;
        Some(self.flow.actor_id(*a).to_string())
    }

    /// An actor for events outside the steps: none that stops a timer.
    fn bystander(&self, rng: &mut ChaCha8Rng) -> Option<String> {
        let list: Vec<usize> =
            (0..self.flow.model.actors.len()).filter(|a| !self.flow.actor_stops_a_timer(*a)).collect();
        list.get(rng.random_range(0..list.len().max(1))).map(|a| self.flow.actor_id(*a).to_string())
    }

    /// The normal ways on from `c`, weighted: the branch the attributes select (any when they
    /// do not), never a running timer's target, rarely a step visited twice.
    fn normals(&self, st: &St, c: StepIdx) -> Vec<(Target, f64)> {
        let choice = self.flow.choice(c, &st.attrs);
        let weights = self.probabilities.branches.get(&c);
        let timer_targets: Vec<Target> =
            st.armed().filter_map(|(k, _)| self.flow.model.timers.get(k).and_then(|t| t.then)).collect();
        let mut list = Vec::new();
        for out in self.flow.outs(c) {
            if let Choice::Branch(i) = choice {
                if out.branch != Some(i) {
                    continue;
                }
            }
            if timer_targets.contains(&out.target) {
                continue;
            }
            let mut w = weights.and_then(|ws| ws.iter().find(|(t, _)| *t == out.target)).map_or(1.0, |(_, w)| *w);
            if let Target::Step(s) = out.target {
                if st.visits.get(s).copied().unwrap_or(0) >= 2 {
                    w *= 0.02;
                }
            }
            if !list.iter().any(|(t, _)| *t == out.target) {
                list.push((out.target, w));
            }
        }
        list
    }

    fn choose(&self, rng: &mut ChaCha8Rng, st: &St, c: StepIdx) -> Next {
        let alone = st.armed().count() == 1;
        for (k, _) in st.armed() {
            let Some(timer) = self.flow.model.timers.get(k) else { continue };
            let runs_out = |rng: &mut ChaCha8Rng| {
                let default = if timer.escalation { 0.05 } else { 0.6 };
                rng.random_bool(self.probabilities.timers.get(&k).copied().unwrap_or(default).clamp(0.0, 1.0))
            };
            match timer.then {
                Some(Target::Step(_)) if runs_out(rng) => return Next::Fire(k),
                // Alone, so that no other window is left to run out unheeded while it waits.
                Some(Target::End) if alone && runs_out(rng) => return Next::Rest,
                _ => {}
            }
        }
        match weighted(rng, &self.normals(st, c)) {
            Some(Target::Step(s)) => Next::To(s),
            Some(Target::End) => Next::End,
            None => st
                .armed()
                .find(|(k, _)| matches!(self.flow.model.timers.get(*k).and_then(|t| t.then), Some(Target::Step(_))))
                .map_or(Next::Stuck, |(k, _)| Next::Fire(k)),
        }
    }

    /// Plans a case that arrives at `arrival`, injecting `inject` where it can.
    pub fn plan(
        &self,
        rng: &mut ChaCha8Rng,
        arrival: Stamp,
        inject: Option<&'static Code>,
    ) -> Result<CasePlan, String> {
        let model = self.flow.model;
        let mut attrs = self.attributes(rng);
        let mut blank: Option<AttrIdx> = None;
        if inject == Some(codes::ATTRIBUTE_UNUSABLE) {
            let guarded = self.guarded_attributes();
            if let Some(a) = guarded.get(rng.random_range(0..guarded.len().max(1))) {
                blank = Some(*a);
                if let Some(slot) = attrs.get_mut(*a) {
                    *slot = Val::Unset;
                }
            }
        }
        let attributes = attrs
            .iter()
            .enumerate()
            .map(|(a, v)| match v {
                Val::Known(v) => Some(self.flow.value_text(a, *v).to_string()),
                _ => None,
            })
            .collect();
        let mut st = St {
            pos: None,
            moved: None,
            last: arrival,
            first: arrival,
            step_times: vec![None; model.steps.len()],
            timers: vec![None; model.timers.len()],
            attrs,
            visits: vec![0; model.steps.len()],
            events: Vec::new(),
            labels: Vec::new(),
            attribute_labelled: blank.is_none(),
            inject,
            injected: blank.is_some(),
            pending: None,
            cap: None,
            last_key: arrival.utc,
        };
        let Some(start) = self.flow.start() else {
            return Ok(CasePlan { events: Vec::new(), labels: Vec::new(), attributes, open: None, injected: false });
        };
        let actor = self.actor_of(rng, start);
        self.arrive(&mut st, start, arrival, Move::First, actor)?;
        let open = self.walk(rng, &mut st)?;
        // An attribute left blank that replay never needed is no deviation.
        if blank.is_some() && !st.labels.iter().any(|l| l.code == codes::ATTRIBUTE_UNUSABLE) {
            st.injected = false;
        }
        let open = open.then(|| OpenPlan {
            pos: st.pos,
            attrs: st.attrs.clone(),
            moved: st.moved,
            step_times: st.step_times.clone(),
            timers: st.timers.clone(),
            first: st.first,
        });
        Ok(CasePlan { events: st.events, labels: st.labels, attributes, open, injected: st.injected })
    }

    /// Moves the case on until it ends; says whether it is left open.
    fn walk(&self, rng: &mut ChaCha8Rng, st: &mut St) -> Result<bool, String> {
        let flow = self.flow;
        for _ in 0..60 {
            let Some(c) = st.pos else { return Ok(true) };
            if flow.closes(c) {
                if st.wants(rng, codes::AFTER_CLOSING) {
                    if let Some(t) = self.clock.pick(rng, st.last, None) {
                        let actor = self.actor_of(rng, c);
                        let i = self.emit(st, flow.step_id(c).to_string(), actor, t);
                        Self::label(st, i, codes::AFTER_CLOSING, Some(flow.step_id(c).to_string()));
                        st.injected = true;
                    }
                }
                return Ok(false);
            }
            if !flow.can_end(c) && st.events.len() > 1 && st.wants(rng, codes::OPEN_OVERDUE) {
                st.injected = true;
                return Ok(true);
            }
            match self.choose(rng, st, c) {
                Next::End => return Ok(false),
                Next::Rest | Next::Stuck => return Ok(true),
                Next::Fire(k) => {
                    if !self.fire(rng, st, c, k)? {
                        return Ok(true);
                    }
                }
                Next::To(b) => {
                    if !self.step(rng, st, c, b)? {
                        return Ok(true);
                    }
                }
            }
        }
        Ok(true)
    }
}
