//! Writing a planned case's events: the case arrives at a step as replay will see it (timers
//! stopped and started, an attribute labelled unusable where replay evaluates it), and the
//! latest time a step may take without disturbing a deadline, a timer or the overall limit.

use super::{LabelAt, Move, PlannedEvent, Planner, St};
use crate::duration::Limit;
use crate::model::StepIdx;
use crate::sim::deviation::{self as codes, Code};
use crate::sim::flow::{deadline_start, Choice, DeadlineChoice};
use crate::sim::time::Stamp;

impl Planner<'_> {
    /// When step `s`'s checked deadline runs out from `implicit`, and the latest time the
    /// case may take it without disturbing a timer or the overall limit.
    pub(super) fn bound(
        &self,
        st: &St,
        s: StepIdx,
        implicit: Option<Stamp>,
    ) -> Result<(Option<Stamp>, Option<Stamp>), String> {
        let mut due = None;
        if let DeadlineChoice::Applies(d) = self.flow.deadline(s, &st.attrs) {
            if let Limit::Within(limit) = d.limit {
                if let Some(anchor) = deadline_start(d, &st.step_times, implicit) {
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
        if self.flow.named_anchors {
            for later in self.anchored_dues(st, s)? {
                tighten(later);
            }
        }
        Ok((due, upper))
    }

    /// When the deadlines of the steps that may come after `s`, measured from a step the case
    /// has done since their own last time, run out: `s` must be done before them too.
    fn anchored_dues(&self, st: &St, s: StepIdx) -> Result<Vec<Stamp>, String> {
        let mut dues = Vec::new();
        for x in (0..self.flow.model.steps.len()).filter(|x| *x != s) {
            let DeadlineChoice::Applies(d) = self.flow.deadline(x, &st.attrs) else { continue };
            let (Limit::Within(limit), Some(a)) = (d.limit, d.anchor) else { continue };
            let Some(anchor) = st.step_times.get(a).copied().flatten() else { continue };
            let pending = st.step_times.get(x).copied().flatten().is_none_or(|t| t.utc < anchor.utc);
            if pending && self.flow.skipped(Some(s), x, &st.attrs).is_some() {
                dues.push(self.days().deadline(anchor, limit).map_err(|e| e.to_string())?);
            }
        }
        Ok(dues)
    }

    pub(super) fn label(st: &mut St, event: usize, code: &'static Code, item: Option<String>) {
        st.labels.push(LabelAt { event, code, item });
    }

    /// Writes one event, slipping in a pending one first.
    pub(super) fn emit(&self, st: &mut St, activity: String, actor: Option<String>, time: Stamp) -> usize {
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

    pub(super) fn push(&self, st: &mut St, activity: String, actor: Option<String>, time: Stamp) -> usize {
        let key = st.last_key.max(time.utc);
        st.last_key = key;
        st.events.push(PlannedEvent { activity, actor, time, key });
        st.last = time;
        st.events.len() - 1
    }

    /// Labels attribute `a` unusable at `event`, once per case, when replay evaluates it there.
    pub(super) fn evaluated(&self, st: &mut St, event: usize, how: Move, s: StepIdx) {
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
    pub(super) fn arrive(
        &self,
        st: &mut St,
        s: StepIdx,
        time: Stamp,
        how: Move,
        actor: Option<String>,
    ) -> Result<usize, String> {
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
}
