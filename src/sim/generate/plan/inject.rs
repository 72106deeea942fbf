//! Moving a planned case on, with the deviations injected where exactly one finding follows:
//! timers run out (honoured, not honoured or fired early), wrong branches, skips and swaps,
//! late steps, times going backwards, wrong actors, foreign activities and repetitions.

use super::{weighted, Move, Next, PlannedEvent, Planner, St, FOREIGN_ACTIVITY};
use crate::duration::Limit;
use crate::model::{StepIdx, Stop, Target};
use crate::sim::deviation::{self as codes, Code};
use crate::sim::flow::{Choice, DeadlineChoice};
use crate::sim::time::Stamp;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

impl Planner<'_> {
    /// Timer `k` runs out at `c` (or is injected as not honoured or fired early). Returns false
    /// when no time fits.
    pub(super) fn fire(&self, rng: &mut ChaCha8Rng, st: &mut St, c: StepIdx, k: usize) -> Result<bool, String> {
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
        let stops_itself = timer.stopped_by(Stop::Step(target));
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
    pub(super) fn step(&self, rng: &mut ChaCha8Rng, st: &mut St, c: StepIdx, b: StepIdx) -> Result<bool, String> {
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
                let unique =
                    flow.skipped(Some(c), x, &st.attrs).as_deref() == Some(&[b][..]) && x != c && !flow.follows(c, x);
                let swappable = !flow.timed(x)
                    && !flow.closes(x)
                    && x != b
                    && !flow.follows(x, b)
                    && flow.skipped(Some(x), b, &st.attrs).is_none();
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
    pub(super) fn shadow(&self, st: &St) -> St {
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
    pub(super) fn stops_by(&self, actor: &str) -> bool {
        self.flow.model.actors.iter().position(|a| a.id == actor).is_some_and(|a| self.flow.actor_stops_a_timer(a))
    }

    pub(super) fn stopper(&self, event: Option<&PlannedEvent>) -> bool {
        event.and_then(|e| e.actor.as_deref()).is_some_and(|a| self.stops_by(a))
    }

    pub(super) fn is_anchor(&self, s: StepIdx) -> bool {
        self.flow.model.steps.iter().any(|x| x.deadlines.iter().any(|d| d.anchor == Some(s)))
    }

    /// A normal move from `c` to `s`; with `injections`, the per-event injections may apply.
    /// Returns the event, or `None` when no time fits.
    pub(super) fn normal(
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
