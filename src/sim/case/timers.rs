//! Timers and escalations of a case: started at their `from` step, stopped by `unless`, and
//! judged when the case goes on; and how long a case that may end is waited for.

use super::{due, At, CaseState, Ctx, QUIET_GRACE};
use crate::duration::Limit;
use crate::model::{StepIdx, Target, Timer};
use crate::sim::deviation as codes;
use crate::sim::event::Finding;
use crate::sim::flow::{deadline_start, DeadlineChoice};
use crate::sim::time::Stamp;

impl CaseState {
    /// Judges the event against every running timer. Returns when the timer that took the case
    /// to the event's step ran out (or the event itself, when it came too early), and whether a
    /// timer rule judged the event, so that its own deadline is not checked too.
    pub(super) fn run_timers(&mut self, at: &At<'_, '_>) -> (Option<Stamp>, bool) {
        let (flow, ev, step) = (at.ctx.flow, at.ev, at.step);
        let mut fired: Option<Stamp> = None;
        let mut judged = false;
        for k in 0..self.timers.len() {
            let Some(due) = self.timers.get(k).copied().flatten() else { continue };
            let Some(timer) = flow.model.timers.get(k) else { continue };
            let is_target = step.is_some_and(|s| timer.then == Some(Target::Step(s)));
            if ev.time.utc > due.utc {
                self.set_timer(k, None);
                if is_target && fired.is_none() {
                    fired = Some(due);
                } else {
                    self.timer_ran_out(at, timer, due);
                    judged = true;
                }
            } else if flow.stops(k, step, at.actor.flatten()) {
                self.set_timer(k, None);
            } else if is_target {
                self.set_timer(k, None);
                self.timer_early(at, timer, due);
                judged = true;
                fired = Some(ev.time);
            }
        }
        (fired, judged)
    }

    /// The case went on past `timer`'s window, which ran out at `due`, without its step.
    #[cold]
    fn timer_ran_out(&mut self, at: &At<'_, '_>, timer: &Timer, due: Stamp) {
        let (flow, ev) = (at.ctx.flow, at.ev);
        let code = if timer.escalation { codes::ESCALATION_MISSING } else { codes::TIMER_NOT_FIRED };
        let message = format!(
            "the window of {} ran out at {due}; the case went on with {} instead of '{}'",
            timer_words(at, timer),
            at.label(),
            timer.then.map(|t| flow.model.target_name(t)).unwrap_or_default()
        );
        self.push(at.by_actor(Finding::new(code, message).item(&timer.id).at(ev.loc).when(ev.time)));
    }

    /// `timer`'s step came before its window ran out at `due`.
    #[cold]
    fn timer_early(&mut self, at: &At<'_, '_>, timer: &Timer, due: Stamp) {
        let ev = at.ev;
        let message =
            format!("{} at {}, before the window of {} ran out at {due}", at.label(), ev.time, timer_words(at, timer));
        self.push(at.by_actor(Finding::new(codes::TIMER_EARLY, message).item(&timer.id).at(ev.loc).when(ev.time)));
    }

    fn set_timer(&mut self, k: usize, due: Option<Stamp>) {
        if let Some(slot) = self.timers.get_mut(k) {
            *slot = due;
        }
    }

    /// Starts (again) the timers that run from step `s`, reached at `time`.
    pub(super) fn arm_timers(&mut self, ctx: &Ctx<'_>, errors: &mut Vec<String>, s: StepIdx, time: Stamp) {
        let flow = ctx.flow;
        for &k in flow.arms(s) {
            let ends = flow.after(k).and_then(|after| due(ctx.days, errors, time, after));
            self.set_timer(k, ends);
        }
    }

    /// The moment after which a case at `s`, where it may end, is taken to have ended: the
    /// latest deadline of the steps that may follow and of running timers, plus [`QUIET_GRACE`].
    pub(super) fn quiet_horizon(&self, ctx: &Ctx<'_>, errors: &mut Vec<String>, s: StepIdx, now: Stamp) -> i64 {
        let flow = ctx.flow;
        let mut latest = now.utc;
        for out in flow.outs(s) {
            let Target::Step(next) = out.target else { continue };
            let DeadlineChoice::Applies(deadline) = flow.deadline(next, &self.attrs) else { continue };
            let Limit::Within(limit) = deadline.limit else { continue };
            let start = deadline_start(deadline, &self.step_times, Some(now));
            if let Some(due) = start.and_then(|start| due(ctx.days, errors, start, limit)) {
                latest = latest.max(due.utc);
            }
        }
        for due in self.timers.iter().flatten() {
            latest = latest.max(due.utc);
        }
        latest + QUIET_GRACE
    }
}

/// `timer` in a message: `timer 'tunggu' (5 hari kerja from 'verifikasi')`.
fn timer_words(at: &At<'_, '_>, timer: &Timer) -> String {
    let flow = at.ctx.flow;
    let what = if timer.escalation { "escalation" } else { "timer" };
    let window = timer.after.map(|d| d.to_string()).unwrap_or_default();
    let from = timer.from.map(|f| flow.step_id(f)).unwrap_or("?");
    format!("{what} '{}' ({window} from '{from}')", timer.id)
}
