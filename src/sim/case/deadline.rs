//! Deadlines of a case: a step's own (plain or conditional, from the previous step or a named
//! one) when the case gets there, and the procedure's overall limit when it closes.

use super::{due, late_by, At, CaseState, Ctx, Since};
use crate::duration::{Duration, Limit};
use crate::model::StepIdx;
use crate::sim::days::Days;
use crate::sim::deviation as codes;
use crate::sim::event::{Finding, Lateness, Loc};
use crate::sim::flow::{deadline_start, DeadlineChoice};
use crate::sim::time::Stamp;

impl CaseState {
    /// Checks the deadline of step `s`, reached with this event; `implicit` is when the case
    /// got to the previous step (unknown after a skip).
    pub(super) fn check_deadline(
        &mut self,
        at: &At<'_, '_>,
        errors: &mut Vec<String>,
        s: StepIdx,
        implicit: Option<Since>,
    ) {
        let (ctx, ev) = (at.ctx, at.ev);
        let flow = ctx.flow;
        let Some(step) = flow.model.steps.get(s) else { return };
        let deadline = match flow.deadline(s, &self.attrs) {
            DeadlineChoice::None => return,
            DeadlineChoice::Unknown(a) => {
                return self.unusable(at, a, &step.id, &format!("the deadline of '{}'", step.id))
            }
            DeadlineChoice::Applies(d) => d,
        };
        let Limit::Within(limit) = deadline.limit else { return };
        let Some(start) = deadline_start(deadline, &self.step_times, implicit.map(Since::at)) else { return };
        let Some(late) = lateness(ctx, errors, start, limit, ev.time) else { return };
        let from = match deadline.anchor {
            Some(x) => format!("'{}'", flow.step_id(x)),
            None if matches!(implicit, Some(Since::WindowEnd(_))) => "the end of the timer's window".to_string(),
            None => "the previous step".to_string(),
        };
        let message = format!(
            "'{}' done {}, {} late: the limit is {limit} from {from} ({start}), due {}",
            step.id,
            ev.time,
            late.words(),
            late.due
        );
        let mut finding = Finding::new(codes::DEADLINE_MISSED, message).item(&step.id).at(ev.loc).when(ev.time);
        finding.late = Some(late);
        self.push(at.by_actor(finding));
    }

    /// Checks the procedure's overall limit when the case closes with this event. The finding
    /// names no actor: the lateness is the whole procedure's, not that of whoever closed it.
    pub(super) fn check_overall(&mut self, at: &At<'_, '_>, errors: &mut Vec<String>) {
        if let Some(finding) = self.overall(at.ctx, errors, at.ev.time, at.ev.loc) {
            self.push(finding);
        }
    }

    /// Checks the procedure's overall limit for a case that ended where it may end (the log
    /// went quiet or ended after it got there): it took until its last event.
    pub fn check_overall_at_rest(&mut self, ctx: &Ctx<'_>, errors: &mut Vec<String>) {
        if let Some(finding) = self.overall(ctx, errors, self.last, self.last_loc) {
            self.push(finding);
        }
    }

    fn overall(&self, ctx: &Ctx<'_>, errors: &mut Vec<String>, end: Stamp, loc: Loc) -> Option<Finding> {
        let limit = ctx.flow.overall()?;
        let late = lateness(ctx, errors, self.first, limit, end)?;
        let message = format!(
            "the procedure took until {end}, {} past its overall limit of {limit} from {} (due {})",
            late.words(),
            self.first,
            late.due
        );
        let mut finding = Finding::new(codes::DEADLINE_MISSED, message).at(loc).when(end);
        finding.late = Some(late);
        Some(finding)
    }
}

/// How late `done` is for a limit starting at `start`; `None` when on time.
#[inline]
fn lateness(ctx: &Ctx<'_>, errors: &mut Vec<String>, start: Stamp, limit: Duration, done: Stamp) -> Option<Lateness> {
    // Most events are on time before any holiday could matter: no lookup then.
    if done.utc <= Days::earliest_deadline(start, limit) {
        return None;
    }
    let due = due(ctx.days, errors, start, limit)?;
    if done.utc <= due.utc {
        return None;
    }
    Some(late_by(ctx.days, errors, done, due, limit.unit))
}
