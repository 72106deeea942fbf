//! A case the log leaves open: complete where it may end, otherwise within its limits or
//! overdue as of a moment, by the limits it is under.

use super::{due, late_by, CaseState, Ctx, Open};
use crate::duration::{Duration, Limit};
use crate::model::{StepIdx, Target, Timer};
use crate::sim::days::Days;
use crate::sim::deviation as codes;
use crate::sim::event::Finding;
use crate::sim::flow::{deadline_start, Choice, DeadlineChoice, Flow, Val};
use crate::sim::time::Stamp;

/// What decides whether an open case is overdue.
#[derive(Debug, Clone, Copy)]
pub struct OpenState<'s> {
    pub pos: Option<StepIdx>,
    pub attrs: &'s [Val],
    pub moved: Option<Stamp>,
    /// Per step, when it last happened (may be empty when no deadline names a step).
    pub step_times: &'s [Option<Stamp>],
    /// Per timer, when its window runs out, if it runs.
    pub timers: &'s [Option<Stamp>],
    pub first: Stamp,
}

/// A limit that an open case is under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenLimit {
    pub due: Stamp,
    pub limit: Duration,
    /// In words: "the deadline of 'respon'".
    pub what: String,
    /// The step or timer it belongs to; `None` for the procedure's overall limit.
    pub subject: Option<String>,
}

/// The limits an open case is under.
#[derive(Debug, Clone, Default)]
pub struct OpenLimits {
    /// Earliest first.
    pub limits: Vec<OpenLimit>,
    /// Whether some limit could not be worked out (a calendar error was recorded).
    pub unknown: bool,
}

/// Every limit an open case is under, earliest first: running timers, the deadline of what
/// comes next (the latest among the possible next steps, since the case is overdue only when
/// every way on is late; none when one of them has no limit or the case waits for a timer),
/// and the procedure's overall limit.
pub fn open_limits(flow: &Flow<'_>, days: &Days<'_>, state: &OpenState<'_>, errors: &mut Vec<String>) -> OpenLimits {
    let mut limits: Vec<OpenLimit> = Vec::new();
    let mut unknown = false;
    for (k, due) in state.timers.iter().enumerate() {
        if let (Some(due), Some(timer)) = (due, flow.model.timers.get(k)) {
            if let Some(after) = timer.after {
                let what = if timer.escalation { "escalation" } else { "timer" };
                limits.push(OpenLimit {
                    due: *due,
                    limit: after,
                    what: format!("the window of {what} '{}'", timer.id),
                    subject: Some(timer.id.clone()),
                });
            }
        }
    }
    if let Some(p) = state.pos {
        match next_due(flow, days, state, p, errors) {
            Ok(Some(next)) => limits.push(next),
            Ok(None) => {}
            Err(Uncounted) => unknown = true,
        }
    }
    if let Some(limit) = flow.overall() {
        let due = due(days, errors, state.first, limit);
        unknown |= due.is_none();
        if let Some(due) = due {
            limits.push(OpenLimit {
                due,
                limit,
                what: "the overall limit of the procedure".to_string(),
                subject: None,
            });
        }
    }
    limits.sort_by_key(|l| l.due.utc);
    OpenLimits { limits, unknown }
}

/// A limit the calendar could not count (the error is recorded).
struct Uncounted;

fn next_due(
    flow: &Flow<'_>,
    days: &Days<'_>,
    state: &OpenState<'_>,
    p: StepIdx,
    errors: &mut Vec<String>,
) -> Result<Option<OpenLimit>, Uncounted> {
    let waits_for_timer = state.timers.iter().enumerate().any(|(k, due)| {
        due.is_some()
            && flow.model.timers.get(k).and_then(|t| t.then).is_some_and(|t| flow.outs(p).iter().any(|o| o.target == t))
    });
    if waits_for_timer {
        return Ok(None);
    }
    let selected = match flow.choice(p, state.attrs) {
        Choice::Branch(i) => flow.model.steps.get(p).and_then(|s| s.branches.get(i)).and_then(|b| b.target),
        _ => None,
    };
    let mut latest: Option<OpenLimit> = None;
    for out in flow.outs(p) {
        let Target::Step(s) = out.target else { return Ok(None) };
        if selected.is_some_and(|t| t != out.target) {
            continue;
        }
        // Without a usable value of the attribute that selects the deadline, any of the step's
        // limits may be the one: the case is late only when it is past all of them.
        let (candidates, unknown) = match flow.deadline(s, state.attrs) {
            DeadlineChoice::Applies(deadline) => (std::slice::from_ref(deadline), None),
            DeadlineChoice::Unknown(a) => (flow.model.steps.get(s).map_or(&[][..], |x| &x.deadlines[..]), Some(a)),
            DeadlineChoice::None => return Ok(None),
        };
        for deadline in candidates {
            let Limit::Within(limit) = deadline.limit else { return Ok(None) };
            let Some(start) = deadline_start(deadline, state.step_times, state.moved) else { return Ok(None) };
            let due = due(days, errors, start, limit).ok_or(Uncounted)?;
            if latest.as_ref().is_none_or(|l| due.utc > l.due.utc) {
                let id = flow.step_id(s);
                let what = match unknown.and_then(|a| flow.model.attributes.get(a)) {
                    Some(attribute) => {
                        format!("the latest deadline of '{id}' (the case gives no usable '{}')", attribute.id)
                    }
                    None => format!("the deadline of '{id}'"),
                };
                latest = Some(OpenLimit { due, limit, what, subject: Some(id.to_string()) });
            }
        }
    }
    Ok(latest)
}

impl OpenState<'_> {
    /// Whether the case has ended as of `as_of`: it is at a step where it may end, or a running
    /// timer whose way on is the end (`then end`) ran out, so it ended as the SOP says it does.
    pub fn has_ended(&self, flow: &Flow<'_>, as_of: Stamp) -> bool {
        self.pos.is_some_and(|p| flow.can_end(p)) || ended_by_timer(flow, self.timers, as_of)
    }
}

/// Whether a running timer whose way on is the end (`then end`) ran out before `at`: the case
/// ended then, as the SOP says, whatever comes after.
pub fn ended_by_timer(flow: &Flow<'_>, timers: &[Option<Stamp>], at: Stamp) -> bool {
    timer_to_end_run_out(flow, timers, at).is_some()
}

/// The first running timer to the end that ran out before `at`, and when.
pub fn timer_to_end_run_out<'m>(flow: &Flow<'m>, timers: &[Option<Stamp>], at: Stamp) -> Option<(&'m Timer, Stamp)> {
    if !flow.timers_to_end {
        return None;
    }
    timers.iter().zip(&flow.model.timers).find_map(|(due, timer)| {
        let due = (*due)?;
        (timer.then == Some(Target::End) && at.utc > due.utc).then_some((timer, due))
    })
}

impl CaseState {
    /// The status of this case if the log ends with it open, as of `as_of`.
    pub fn open_status(&self, ctx: &Ctx<'_>, errors: &mut Vec<String>, as_of: Stamp) -> Open {
        let flow = ctx.flow;
        let at = self.pos.map(|p| format!("open at '{}' since {}", flow.step_id(p), self.moved.unwrap_or(self.last)));
        let at = at.unwrap_or_else(|| format!("open since {} without any step of the SOP", self.first));
        let state = OpenState {
            pos: self.pos,
            attrs: &self.attrs,
            moved: self.moved,
            step_times: &self.step_times,
            timers: &self.timers,
            first: self.first,
        };
        if state.has_ended(flow, as_of) {
            return Open::Complete;
        }
        let OpenLimits { limits, unknown } = open_limits(flow, ctx.days, &state, errors);
        let item = self.pos.map(|p| flow.step_id(p).to_string());
        match limits.iter().find(|l| as_of.utc > l.due.utc) {
            Some(limit) => {
                let late = late_by(ctx.days, errors, as_of, limit.due, limit.limit.unit);
                let message = format!(
                    "{at}; {} ran out at {} ({}), {} ago as of {as_of}",
                    limit.what,
                    limit.due,
                    limit.limit,
                    late.words()
                );
                let mut f = Finding::new(codes::OPEN_OVERDUE, message).at(self.last_loc).when(as_of);
                // What ran out: a step's deadline or a timer's window; none for the overall limit.
                f.item = limit.subject.clone();
                f.late = Some(late);
                Open::Overdue(f)
            }
            None => {
                let next = match limits.first() {
                    Some(l) => format!("; next: {} ({}) runs out at {}", l.what, l.limit, l.due),
                    None if unknown => "; its limits could not be counted (see the errors)".to_string(),
                    None => "; no limit applies to what comes next".to_string(),
                };
                let mut f = Finding::new(codes::OPEN_WITHIN, format!("{at}{next}")).at(self.last_loc).when(as_of);
                f.item = item;
                Open::Within(f)
            }
        }
    }
}
