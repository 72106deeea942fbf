//! Planning one case: its path through the model, its times, and at most one injected
//! deviation, placed so that it is found by exactly one code.
//!
//! The planner follows the same rules as replay (through [`Flow`]): it moves only where the
//! flow allows, keeps every checked deadline and timer window, and injects a deviation only
//! where nothing else is disturbed (for instance, a step is skipped only when the shortest way
//! around it is unique and no timer depends on it). Each injection is labelled with the event
//! where the audit must find it.

use super::clock::Clock;
use super::config::Probabilities;
use crate::duration::Limit;
use crate::model::{AttrIdx, Condition, StepIdx, Stop, Target};
use crate::sim::deviation::{self as codes, Code};
use crate::sim::flow::{Choice, DeadlineChoice, Flow, Val};
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
        let mut list = Vec::new();
        for step in &self.flow.model.steps {
            for b in &step.branches {
                if let Condition::When(g) = &b.condition {
                    list.push(g.attribute);
                }
            }
            for d in &step.deadlines {
                if let Some(g) = &d.condition {
                    list.push(g.attribute);
                }
            }
        }
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

    /// When step `s`'s checked deadline runs out from `implicit`, and the latest time the
    /// case may take it without disturbing a timer or the overall limit.
    fn bound(&self, st: &St, s: StepIdx, implicit: Option<Stamp>) -> Result<(Option<Stamp>, Option<Stamp>), String> {
        let mut due = None;
        if let DeadlineChoice::Applies(d) = self.flow.deadline(s, &st.attrs) {
            if let Limit::Within(limit) = d.limit {
                let anchor = match d.anchor {
                    Some(x) => st.step_times.get(x).copied().flatten(),
                    None => implicit,
                };
                if let Some(anchor) = anchor {
                    due = Some(self.days().deadline(anchor, limit).map_err(|e| e.to_string())?);
                }
            }
        }
        let mut upper = due;
        let mut tighten = |t: Stamp| {
            if upper.is_none_or(|u| t.utc < u.utc) {
                upper = Some(t);
            }
        };
        if let Some(d) = st.earliest_due() {
            tighten(d);
        }
        if let Some(limit) = self.flow.overall() {
            tighten(self.days().deadline(st.first, limit).map_err(|e| e.to_string())?);
        }
        Ok((due, upper))
    }

    fn label(st: &mut St, event: usize, code: &'static Code, item: Option<String>) {
        st.labels.push(LabelAt { event, code, item });
    }

    /// Writes one event, slipping in a pending one first.
    fn emit(&self, st: &mut St, activity: String, actor: Option<String>, time: Stamp) -> usize {
        let cap = st.cap.take();
        if let Some((pending, by, code, item)) = st.pending.take() {
            let mut upper = st.earliest_due().map_or(time.utc, |d| d.utc.min(time.utc));
            if let Some(cap) = cap {
                upper = upper.min(cap.utc);
            }
            let at = Stamp { utc: st.last.utc + (upper - st.last.utc).max(0) / 2, offset: st.last.offset };
            let i = self.push(st, pending, by, at);
            Self::label(st, i, code, item);
        }
        self.push(st, activity, actor, time)
    }

    fn push(&self, st: &mut St, activity: String, actor: Option<String>, time: Stamp) -> usize {
        let key = st.last_key.max(time.utc);
        st.last_key = key;
        st.events.push(PlannedEvent { activity, actor, time, key });
        st.last = time;
        st.events.len() - 1
    }

    /// Labels attribute `a` unusable at `event`, once per case, when replay evaluates it there.
    fn evaluated(&self, st: &mut St, event: usize, how: Move, s: StepIdx) {
        if st.attribute_labelled {
            return;
        }
        if let Move::Normal(c) | Move::Unhonoured(c) = how {
            if let Choice::Unknown(_) = self.flow.choice(c, &st.attrs) {
                st.attribute_labelled = true;
                return Self::label(st, event, codes::ATTRIBUTE_UNUSABLE, Some(self.flow.step_id(c).to_string()));
            }
        }
        if matches!(how, Move::First | Move::Normal(_) | Move::Skip | Move::Fired(_)) {
            if let DeadlineChoice::Unknown(_) = self.flow.deadline(s, &st.attrs) {
                st.attribute_labelled = true;
                Self::label(st, event, codes::ATTRIBUTE_UNUSABLE, Some(self.flow.step_id(s).to_string()));
            }
        }
    }

    /// The case gets to `s` at `time`.
    fn arrive(&self, st: &mut St, s: StepIdx, time: Stamp, how: Move, actor: Option<String>) -> Result<usize, String> {
        let event = self.emit(st, self.flow.step_id(s).to_string(), actor.clone(), time);
        self.evaluated(st, event, how, s);
        let actor_idx = actor.as_deref().and_then(|a| self.flow.model.actors.iter().position(|x| x.id == a));
        for k in 0..st.timers.len() {
            if st.timers.get(k).copied().flatten().is_some() && self.flow.stops(k, Some(s), actor_idx) {
                if let Some(slot) = st.timers.get_mut(k) {
                    *slot = None;
                }
            }
        }
        st.pos = Some(s);
        st.moved = Some(time);
        if let Some(slot) = st.step_times.get_mut(s) {
            *slot = Some(time);
        }
        if let Some(v) = st.visits.get_mut(s) {
            *v += 1;
        }
        for &k in self.flow.arms(s) {
            let due = match self.flow.after(k) {
                Some(after) => Some(self.days().deadline(time, after).map_err(|e| e.to_string())?),
                None => None,
            };
            if let Some(slot) = st.timers.get_mut(k) {
                *slot = due;
            }
        }
        Ok(event)
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
        for (k, _) in st.armed() {
            let Some(timer) = self.flow.model.timers.get(k) else { continue };
            if !matches!(timer.then, Some(Target::Step(_))) {
                continue;
            }
            let default = if timer.escalation { 0.05 } else { 0.6 };
            if rng.random_bool(self.probabilities.timers.get(&k).copied().unwrap_or(default).clamp(0.0, 1.0)) {
                return Next::Fire(k);
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
            return Ok(CasePlan { events: Vec::new(), labels: Vec::new(), attributes, open: None });
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
        Ok(CasePlan { events: st.events, labels: st.labels, attributes, open })
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
                Next::Stuck => return Ok(true),
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

    /// Timer `k` runs out at `c` (or is injected as not honoured or fired early). Returns false
    /// when no time fits.
    fn fire(&self, rng: &mut ChaCha8Rng, st: &mut St, c: StepIdx, k: usize) -> Result<bool, String> {
        let flow = self.flow;
        let (Some(timer), Some(due)) = (flow.model.timers.get(k), st.timers.get(k).copied().flatten()) else {
            return Ok(false);
        };
        let Some(Target::Step(target)) = timer.then else { return Ok(false) };
        st.cap = Some(due);
        let alone = st.armed().count() == 1;
        let missing = if timer.escalation { codes::ESCALATION_MISSING } else { codes::TIMER_NOT_FIRED };
        if alone && st.wants(rng, missing) {
            let others: Vec<(Target, f64)> = self.normals(st, c);
            let others: Vec<(StepIdx, f64)> = others
                .into_iter()
                .filter_map(|(t, w)| match t {
                    Target::Step(s) if s != target => Some((s, w)),
                    _ => None,
                })
                .collect();
            if let Some(s) = weighted(rng, &others) {
                let hi = Stamp { utc: due.utc + 3 * 86_400, offset: due.offset };
                if let Some(t) = self.clock.pick(rng, due, Some(hi)) {
                    if let Some(slot) = st.timers.get_mut(k) {
                        *slot = None;
                    }
                    st.injected = true;
                    let actor = self.actor_of(rng, s);
                    let i = self.arrive(st, s, t, Move::Unhonoured(c), actor)?;
                    Self::label(st, i, missing, Some(timer.id.clone()));
                    return Ok(true);
                }
            }
        }
        let stops_itself = timer.unless.contains(&Stop::Step(target));
        let others_due = st.armed().filter(|(j, _)| *j != k).map(|(_, d)| d).min_by_key(|d| d.utc);
        if alone && !stops_itself && st.wants(rng, codes::TIMER_EARLY) {
            if let Some(t) = self.clock.pick(rng, st.last, Some(due)) {
                if let Some(slot) = st.timers.get_mut(k) {
                    *slot = None;
                }
                st.injected = true;
                let actor = self.actor_of(rng, target);
                let i = self.arrive(st, target, t, Move::Early, actor)?;
                Self::label(st, i, codes::TIMER_EARLY, Some(timer.id.clone()));
                return Ok(true);
            }
        }
        if let Some(slot) = st.timers.get_mut(k) {
            *slot = None;
        }
        let (_, upper) = self.bound(st, target, Some(due))?;
        let upper = match (upper, others_due) {
            (Some(u), _) => Some(u),
            (None, d) => d,
        };
        let Some(t) = self.clock.pick(rng, due, upper.or(Some(Stamp { utc: due.utc + 4 * 3600, offset: due.offset })))
        else {
            return Ok(false);
        };
        let actor = self.actor_of(rng, target);
        self.arrive(st, target, t, Move::Fired(due), actor)?;
        Ok(true)
    }

    /// The case goes from `c` towards `b`, with any injection that fits there.
    fn step(&self, rng: &mut ChaCha8Rng, st: &mut St, c: StepIdx, b: StepIdx) -> Result<bool, String> {
        let flow = self.flow;
        // A wrong branch: another branch than the attributes select.
        if let Choice::Branch(i) = flow.choice(c, &st.attrs) {
            if st.wants(rng, codes::WRONG_BRANCH) {
                let timer_targets: Vec<Target> =
                    st.armed().filter_map(|(k, _)| flow.model.timers.get(k).and_then(|t| t.then)).collect();
                let other = flow.model.steps.get(c).and_then(|d| {
                    d.branches.iter().enumerate().find_map(|(j, br)| match br.target {
                        Some(Target::Step(s))
                            if j != i
                                && !timer_targets.contains(&Target::Step(s))
                                && Some(Target::Step(s)) != d.branches.get(i).and_then(|x| x.target) =>
                        {
                            Some(s)
                        }
                        _ => None,
                    })
                });
                if let Some(s) = other {
                    if let Some(event) = self.normal(rng, st, c, s, None)? {
                        st.injected = true;
                        Self::label(st, event, codes::WRONG_BRANCH, Some(flow.step_id(c).to_string()));
                        return Ok(true);
                    }
                }
            }
        }
        // Skipping b, or doing it after the step that follows it.
        let skippable = !flow.timed(b) && !flow.closes(b) && !self.is_anchor(b);
        let skip = skippable && st.wants(rng, codes::SKIPPED);
        let swap = !skip && skippable && st.wants(rng, codes::OUT_OF_ORDER);
        if skip || swap {
            let mut after = St { pos: Some(b), ..self.shadow(st) };
            after.visits = st.visits.clone();
            if let Next::To(x) = self.choose(rng, &after, b) {
                let unique = flow.skipped(Some(c), x).as_deref() == Some(&[b][..]) && x != c && !flow.follows(c, x);
                let swappable = !flow.timed(x)
                    && !flow.closes(x)
                    && x != b
                    && !flow.follows(x, b)
                    && flow.skipped(Some(x), b).is_none();
                if unique && (skip || swappable) {
                    let (_, upper) = self.bound(st, x, st.moved)?;
                    if let Some(t) = self.clock.pick(rng, st.last, upper) {
                        st.injected = true;
                        let actor = self.actor_of(rng, x);
                        let event = self.arrive(st, x, t, Move::Skip, actor)?;
                        if skip {
                            Self::label(st, event, codes::SKIPPED, Some(flow.step_id(b).to_string()));
                            return Ok(true);
                        }
                        let hi = st.earliest_due().map(|d| d.utc).unwrap_or(t.utc + 1800).min(t.utc + 1800);
                        let at = Stamp { utc: t.utc + ((hi - t.utc) / 2).max(0), offset: t.offset };
                        let actor = self.actor_of(rng, b).filter(|a| !self.stops_by(a));
                        let late = self.push(st, flow.step_id(b).to_string(), actor, at);
                        Self::label(st, late, codes::OUT_OF_ORDER, Some(flow.step_id(b).to_string()));
                        return Ok(true);
                    }
                }
            }
        }
        Ok(self.normal(rng, st, c, b, Some(()))?.is_some())
    }

    /// A copy of the parts of the state that choosing reads.
    fn shadow(&self, st: &St) -> St {
        St {
            pos: st.pos,
            moved: st.moved,
            last: st.last,
            first: st.first,
            step_times: st.step_times.clone(),
            timers: st.timers.clone(),
            attrs: st.attrs.clone(),
            visits: Vec::new(),
            events: Vec::new(),
            labels: Vec::new(),
            attribute_labelled: true,
            inject: None,
            injected: true,
            pending: None,
            cap: None,
            last_key: st.last_key,
        }
    }

    /// Whether events of the actor named `actor` stop some timer.
    fn stops_by(&self, actor: &str) -> bool {
        self.flow.model.actors.iter().position(|a| a.id == actor).is_some_and(|a| self.flow.actor_stops_a_timer(a))
    }

    fn stopper(&self, event: Option<&PlannedEvent>) -> bool {
        event.and_then(|e| e.actor.as_deref()).is_some_and(|a| self.stops_by(a))
    }

    fn is_anchor(&self, s: StepIdx) -> bool {
        self.flow.model.steps.iter().any(|x| x.deadlines.iter().any(|d| d.anchor == Some(s)))
    }

    /// A normal move from `c` to `s`; with `injections`, the per-event injections may apply.
    /// Returns the event, or `None` when no time fits.
    fn normal(
        &self,
        rng: &mut ChaCha8Rng,
        st: &mut St,
        c: StepIdx,
        s: StepIdx,
        injections: Option<()>,
    ) -> Result<Option<usize>, String> {
        let flow = self.flow;
        let (due, upper) = self.bound(st, s, st.moved)?;
        let mut code: Option<&'static Code> = None;
        let mut time = None;
        if injections.is_some() {
            if let Some(due) = due {
                if st.wants(rng, codes::DEADLINE_MISSED) {
                    let unit = match flow.deadline(s, &st.attrs) {
                        DeadlineChoice::Applies(d) => match d.limit {
                            Limit::Within(l) => Some(l.unit),
                            Limit::Anytime => None,
                        },
                        _ => None,
                    };
                    if let Some(unit) = unit {
                        let late = self.clock.late(rng, due, unit).map_err(|e| e.to_string())?;
                        let fits = st.earliest_due().is_none_or(|d| late.utc <= d.utc)
                            && late.utc > st.last.utc
                            && self.flow.overall().is_none();
                        if fits {
                            code = Some(codes::DEADLINE_MISSED);
                            time = Some(late);
                        }
                    }
                }
            }
            if code.is_none() && !flow.timed(s) && st.wants(rng, codes::TIME_BACKWARDS) {
                code = Some(codes::TIME_BACKWARDS);
                time = Some(Stamp { utc: st.last.utc - rng.random_range(60..7200), offset: st.last.offset });
            }
        }
        let time = match time {
            Some(t) => t,
            None => match self.clock.pick(rng, st.last, upper) {
                Some(t) => t,
                None => return Ok(None),
            },
        };
        let mut actor = self.actor_of(rng, s);
        let mut wrong = false;
        if injections.is_some() && code.is_none() && st.wants(rng, codes::WRONG_ACTOR) {
            if let Some(other) = self.wrong_actor(rng, s) {
                actor = Some(other);
                wrong = true;
            }
        }
        let event = self.arrive(st, s, time, Move::Normal(c), actor)?;
        if let Some(code) = code {
            st.injected = true;
            Self::label(st, event, code, Some(flow.step_id(s).to_string()));
        }
        if wrong {
            st.injected = true;
            Self::label(st, event, codes::WRONG_ACTOR, Some(flow.step_id(s).to_string()));
        }
        // Something slipped in before the next event: a foreign activity or a repetition.
        if injections.is_some() && !flow.closes(s) {
            if st.wants(rng, codes::ACTIVITY_NOT_IN_SOP) {
                st.injected = true;
                let by = self.bystander(rng);
                st.pending = Some((FOREIGN_ACTIVITY.to_string(), by, codes::ACTIVITY_NOT_IN_SOP, None));
            } else if !flow.timed(s)
                && !flow.follows(s, s)
                && !self.stopper(st.events.get(event))
                && st.wants(rng, codes::REPEATED)
            {
                st.injected = true;
                let by = st.events.get(event).and_then(|e| e.actor.clone());
                let id = flow.step_id(s).to_string();
                st.pending = Some((id.clone(), by, codes::REPEATED, Some(id)));
            }
        }
        Ok(Some(event))
    }
}
