//! Replaying one case: its state between events, and what one event does to it.
//!
//! The case is at one step (the SOP model has no parallel branches). An event of a step that
//! may follow moves it there; anything else is a finding, and the case stays where it was,
//! except after skipped steps, where it follows the event. docs/audit.md states the rules.

use super::days::Days;
use super::deviation as codes;
use super::event::{shown, Finding, Lateness, Loc, RawEvent};
use super::flow::{Choice, DeadlineChoice, Flow, Val};
use super::read::mapping::Activity;
use super::resolve::Resolver;
use super::table::Small;
use super::time::Stamp;
use crate::duration::{Duration, Limit};
use crate::model::{ActorIdx, AttrIdx, StepIdx, Target};

/// What replay needs besides the case.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub flow: &'a Flow<'a>,
    pub days: &'a Days<'a>,
    pub resolver: &'a Resolver,
}

/// A case between two of its events. The fields every event reads come first, so they share
/// cache lines with the case id in the slab ([`super::table`]).
#[derive(Debug, Clone)]
#[repr(C)]
pub struct CaseState {
    /// The step the case is at; `None` before its first step event.
    pub pos: Option<StepIdx>,
    pub events: u32,
    pub last: Stamp,
    /// When the case got to `pos` (or when the timer that took it there ran out): the start of
    /// the next step's "from the previous step" deadline. `None` when unknown (after a skip).
    pub moved: Option<Stamp>,
    /// When each running timer's window runs out.
    pub timers: Small<Option<Stamp>, 2>,
    pub attrs: Small<Val, 4>,
    pub last_loc: Loc,
    /// For a case at a step where it may end: once the log has gone past this moment without
    /// another event of the case, the case is taken to have ended there.
    pub quiet_until: Option<i64>,
    /// What only deviating cases need, made on first use so compliant cases stay small.
    notes: Option<Box<Notes>>,
    /// The last time each step happened, when some deadline is measured from a named step.
    pub step_times: Box<[Option<Stamp>]>,
    pub first: Stamp,
}

/// The parts of a case's state that only deviating cases use.
#[derive(Debug, Clone, Default)]
struct Notes {
    findings: Vec<Finding>,
    /// Attribute values given that are not in the attribute's domain, as written.
    invalid: Vec<(AttrIdx, String)>,
    /// Attributes already reported unusable (bit per attribute).
    reported: u64,
    /// The range of `findings` holding the steps skipped by the last move, which a late event
    /// may turn into one out-of-order finding.
    last_skip: Option<(usize, usize)>,
    /// Skipped steps of the move being made.
    pending_skip: Option<(usize, usize)>,
    /// Findings withdrawn (a skip that turned out to be an order problem), by index.
    withdrawn: Vec<usize>,
}

/// How long after the latest limit of what could come next a case that may end is taken to
/// have ended: 30 days.
pub const QUIET_GRACE: i64 = 30 * 86_400;

/// What happened to the case with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Open,
    /// The case reached a step after which the only way is the end.
    Closed,
}

/// The status of a case still open when the log ends.
#[derive(Debug, Clone)]
pub enum Open {
    /// It may end where it is (a decision with a branch to the end).
    Complete,
    Within(Finding),
    Overdue(Finding),
}

impl CaseState {
    /// A case whose first event is at `time`.
    pub fn new(ctx: &Ctx<'_>, time: Stamp, loc: Loc) -> CaseState {
        let model = ctx.flow.model;
        CaseState {
            pos: None,
            moved: None,
            first: time,
            last: time,
            last_loc: loc,
            step_times: if ctx.flow.named_anchors { vec![None; model.steps.len()].into() } else { Box::default() },
            timers: Small::new(model.timers.len(), None),
            attrs: Small::new(model.attributes.len(), Val::Unset),
            notes: None,
            events: 0,
            quiet_until: None,
        }
    }

    /// A state for no model, for tests of the case table.
    pub fn blank() -> CaseState {
        let zero = Stamp { utc: 0, offset: 0 };
        CaseState {
            pos: None,
            moved: None,
            first: zero,
            last: zero,
            last_loc: Loc::default(),
            step_times: Box::default(),
            timers: Small::new(0, None),
            attrs: Small::new(0, Val::Unset),
            notes: None,
            events: 0,
            quiet_until: None,
        }
    }

    /// Makes this (closed) case's state the state of a new case, keeping its allocations.
    pub fn reset(&mut self, time: Stamp, loc: Loc) {
        self.pos = None;
        self.moved = None;
        self.first = time;
        self.last = time;
        self.last_loc = loc;
        self.step_times.fill(None);
        self.timers.fill(None);
        self.attrs.fill(Val::Unset);
        self.notes = None;
        self.events = 0;
        self.quiet_until = None;
    }

    /// The findings that stand (withdrawn ones removed), leaving the case without any.
    pub fn take_findings(&mut self) -> Vec<Finding> {
        let Some(notes) = self.notes.as_mut() else { return Vec::new() };
        let mut findings = std::mem::take(&mut notes.findings);
        if !notes.withdrawn.is_empty() {
            let mut i = 0;
            findings.retain(|_| {
                let keep = !notes.withdrawn.contains(&i);
                i += 1;
                keep
            });
            notes.withdrawn.clear();
        }
        findings
    }

    /// Whether any standing finding is a deviation.
    pub fn deviates(&self) -> bool {
        self.notes.as_ref().is_some_and(|n| {
            n.findings
                .iter()
                .enumerate()
                .any(|(i, f)| f.code.kind == codes::Kind::Deviation && !n.withdrawn.contains(&i))
        })
    }

    fn notes(&mut self) -> &mut Notes {
        self.notes.get_or_insert_with(Box::default)
    }

    fn set_attr(&mut self, ctx: &Ctx<'_>, a: AttrIdx, written: &[u8]) {
        // Most events repeat the case's value (or leave it blank): no lookup then.
        if written.is_empty() {
            return;
        }
        if let Some(Val::Known(v)) = self.attrs.get(a) {
            if ctx.flow.value_text(a, *v).as_bytes() == written {
                return;
            }
        }
        let value = ctx.resolver.value(a, written);
        if value == Val::Unset {
            return;
        }
        if let Some(slot) = self.attrs.get_mut(a) {
            if *slot == value && value != Val::Invalid {
                return;
            }
            *slot = value;
        }
        if let Some(notes) = self.notes.as_mut() {
            notes.invalid.retain(|(x, _)| *x != a);
        }
        if value == Val::Invalid {
            self.notes().invalid.push((a, shown(written)));
        }
    }

    /// Adds a finding to the case.
    pub fn push(&mut self, finding: Finding) {
        self.notes().findings.push(finding);
    }

    /// Reports attribute `a` unusable once per case.
    fn unusable(&mut self, ctx: &Ctx<'_>, a: AttrIdx, item: &str, needed_by: &str, ev: &RawEvent<'_>) {
        let bit = 1u64.checked_shl(u32::try_from(a).unwrap_or(u32::MAX)).unwrap_or(0);
        let notes = self.notes();
        if bit != 0 && notes.reported & bit != 0 {
            return;
        }
        notes.reported |= bit;
        let model = ctx.flow.model;
        let attribute = model.attributes.get(a).map_or("?", |x| x.id.as_str());
        let values = ctx.flow.values(a).iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ");
        let message = match self.notes.as_ref().and_then(|n| n.invalid.iter().find(|(x, _)| *x == a)) {
            Some((_, written)) => {
                format!("the case's '{attribute}' is '{written}', not one of {values}; {needed_by} needs it")
            }
            None => format!("the case gives no '{attribute}' (one of {values}); {needed_by} needs it"),
        };
        self.push(Finding::new(codes::ATTRIBUTE_UNUSABLE, message).item(item).at(ev.loc).when(ev.time));
    }

    /// Replays one event of this case; `activity` is what its activity stands for (not a duty).
    pub fn event(&mut self, ctx: &Ctx<'_>, errors: &mut Vec<String>, ev: &RawEvent<'_>, activity: Activity) -> Outcome {
        let flow = ctx.flow;
        let step = match activity {
            Activity::Step(s) => Some(s),
            _ => None,
        };
        let label = || match step {
            Some(s) => format!("'{}'", flow.step_id(s)),
            None => format!("activity '{}'", shown(ev.activity)),
        };
        ev.attributes.for_each(|a, v| self.set_attr(ctx, a, v));
        if self.events > 0 && ev.time.utc < self.last.utc {
            let mut f = Finding::new(
                codes::TIME_BACKWARDS,
                format!("{} is dated {}, before the case's previous event at {}", label(), ev.time, self.last),
            )
            .at(ev.loc)
            .at(self.last_loc)
            .when(ev.time);
            f.item = step.map(|s| flow.step_id(s).to_string());
            self.push(f);
        }
        self.events += 1;
        self.last = ev.time;
        self.last_loc = ev.loc;
        let actor = ev.actor.map(|a| ctx.resolver.actor(a));
        let actor_text = |f: Finding| -> Finding {
            let mut f = f;
            f.actor = match (ev.actor, actor) {
                (_, Some(Some(a))) => Some(flow.actor_id(a).to_string()),
                (Some(written), _) => Some(shown(written)),
                _ => None,
            };
            f
        };
        // Timers first: a window that ran out decides what this event may be.
        let mut fired: Option<Stamp> = None;
        let mut judged = false;
        for k in 0..self.timers.len() {
            let Some(due) = self.timers.get(k).copied().flatten() else { continue };
            let Some(timer) = flow.model.timers.get(k) else { continue };
            let is_target = step.is_some_and(|s| timer.then == Some(Target::Step(s)));
            let window = || timer.after.map(|d| d.to_string()).unwrap_or_default();
            let from = timer.from.map(|f| flow.step_id(f)).unwrap_or("?");
            let then = || timer.then.map(|t| flow.model.target_name(t)).unwrap_or_default();
            if ev.time.utc > due.utc {
                self.set_timer(k, None);
                if is_target && fired.is_none() {
                    fired = Some(due);
                } else {
                    let (code, what) = if timer.escalation {
                        (codes::ESCALATION_MISSING, "escalation")
                    } else {
                        (codes::TIMER_NOT_FIRED, "timer")
                    };
                    let message = format!(
                        "the window of {what} '{}' ({} from '{from}') ran out at {due}; the case went on with {} instead of '{}'",
                        timer.id,
                        window(),
                        label(),
                        then()
                    );
                    self.push(actor_text(Finding::new(code, message).item(&timer.id).at(ev.loc).when(ev.time)));
                    judged = true;
                }
            } else if flow.stops(k, step, actor.flatten()) {
                self.set_timer(k, None);
            } else if is_target {
                self.set_timer(k, None);
                let what = if timer.escalation { "escalation" } else { "timer" };
                let message = format!(
                    "{} at {}, before the window of {what} '{}' ({} from '{from}') ran out at {due}",
                    label(),
                    ev.time,
                    timer.id,
                    window()
                );
                self.push(actor_text(
                    Finding::new(codes::TIMER_EARLY, message).item(&timer.id).at(ev.loc).when(ev.time),
                ));
                judged = true;
                fired = Some(ev.time);
            }
        }
        let s = match activity {
            Activity::Step(s) => s,
            Activity::Unknown => {
                let message = format!("activity '{}' is not a step or periodic duty of the SOP", shown(ev.activity));
                self.push(actor_text(Finding::new(codes::ACTIVITY_NOT_IN_SOP, message).at(ev.loc).when(ev.time)));
                return Outcome::Open;
            }
            Activity::ActorOnly | Activity::Duty(_) => return Outcome::Open,
        };
        self.check_actor(ctx, ev, s, actor, &actor_text);
        if let Some(anchor) = fired {
            // Reached through a timer: on time, its own deadline runs from the timer's end.
            let implicit = if judged { None } else { Some(anchor) };
            return self.arrive(ctx, errors, ev, s, implicit, !judged, &actor_text);
        }
        let Some(c) = self.pos else {
            let start = flow.start();
            if start != Some(s) {
                match flow.skipped(None, s) {
                    Some(path) => self.skip(flow, ev, &path, None, s),
                    None => {
                        let message = format!(
                            "the case starts with '{}', which the flow never reaches from '{}'",
                            flow.step_id(s),
                            start.map_or("?", |x| flow.step_id(x))
                        );
                        self.push(actor_text(
                            Finding::new(codes::OUT_OF_ORDER, message).item(flow.step_id(s)).at(ev.loc).when(ev.time),
                        ));
                    }
                }
            }
            return self.arrive(ctx, errors, ev, s, None, !judged, &actor_text);
        };
        if flow.follows(c, s) {
            self.check_branch(ctx, ev, c, s, &actor_text);
            let implicit = self.moved;
            return self.arrive(ctx, errors, ev, s, implicit, !judged, &actor_text);
        }
        if c == s {
            let message = format!("'{}' done again right after itself; the flow has no loop there", flow.step_id(s));
            self.push(actor_text(
                Finding::new(codes::REPEATED, message).item(flow.step_id(s)).at(ev.loc).when(ev.time),
            ));
            return Outcome::Open;
        }
        if let Some(path) = flow.skipped(Some(c), s) {
            self.skip(flow, ev, &path, Some(c), s);
            return self.arrive(ctx, errors, ev, s, None, !judged, &actor_text);
        }
        self.out_of_order(flow, ev, c, s, &actor_text);
        Outcome::Open
    }

    fn set_timer(&mut self, k: usize, due: Option<Stamp>) {
        if let Some(slot) = self.timers.get_mut(k) {
            *slot = due;
        }
    }

    fn check_actor(
        &mut self,
        ctx: &Ctx<'_>,
        ev: &RawEvent<'_>,
        s: StepIdx,
        actor: Option<Option<ActorIdx>>,
        actor_text: &dyn Fn(Finding) -> Finding,
    ) {
        let flow = ctx.flow;
        let Some(step) = flow.model.steps.get(s) else { return };
        let Some(actor) = actor else { return };
        if step.actors.is_empty() || actor.is_some_and(|a| step.actors.contains(&a)) {
            return;
        }
        let performers = step.actors.iter().map(|a| format!("'{}'", flow.actor_id(*a))).collect::<Vec<_>>().join(", ");
        let written = ev.actor.map(shown).unwrap_or_default();
        let message = match actor {
            Some(a) => format!("'{}' did '{}', which is performed by {performers}", flow.actor_id(a), step.id),
            None => format!("'{written}' is not an actor of the SOP; '{}' is performed by {performers}", step.id),
        };
        self.push(actor_text(Finding::new(codes::WRONG_ACTOR, message).item(&step.id).at(ev.loc).when(ev.time)));
    }

    fn check_branch(
        &mut self,
        ctx: &Ctx<'_>,
        ev: &RawEvent<'_>,
        c: StepIdx,
        s: StepIdx,
        actor_text: &dyn Fn(Finding) -> Finding,
    ) {
        let flow = ctx.flow;
        let Some(decision) = flow.model.steps.get(c) else { return };
        let wrong = match flow.choice(c, &self.attrs) {
            Choice::Any => return,
            Choice::Unknown(a) => {
                return self.unusable(ctx, a, &decision.id, &format!("decision '{}'", decision.id), ev)
            }
            Choice::Branch(i) => {
                let Some(branch) = decision.branches.get(i) else { return };
                if branch.target == Some(Target::Step(s)) {
                    return;
                }
                format!(
                    "decision '{}' went to '{}', but this case has {}, which selects {} (to '{}')",
                    decision.id,
                    flow.step_id(s),
                    self.guard_values(ctx, c),
                    branch.label.as_deref().map_or("another branch".to_string(), |l| format!("'{l}'")),
                    branch.target.map(|t| flow.model.target_name(t)).unwrap_or_default()
                )
            }
            Choice::NoneHolds => format!(
                "decision '{}' went to '{}', but no branch holds for this case ({})",
                decision.id,
                flow.step_id(s),
                self.guard_values(ctx, c)
            ),
        };
        self.push(actor_text(Finding::new(codes::WRONG_BRANCH, wrong).item(&decision.id).at(ev.loc).when(ev.time)));
    }

    /// The case's values of the attributes decision `c` tests: `kadar 'pengawasan'`.
    fn guard_values(&self, ctx: &Ctx<'_>, c: StepIdx) -> String {
        let flow = ctx.flow;
        let mut attributes: Vec<AttrIdx> = flow
            .model
            .steps
            .get(c)
            .map(|d| {
                d.branches
                    .iter()
                    .filter_map(|b| match &b.condition {
                        crate::model::Condition::When(g) => Some(g.attribute),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        attributes.dedup();
        attributes
            .iter()
            .map(|a| {
                let name = flow.model.attributes.get(*a).map_or("?", |x| x.id.as_str());
                match self.attrs.get(*a) {
                    Some(Val::Known(v)) => format!("{name} '{}'", flow.value_text(*a, *v)),
                    _ => format!("no usable {name}"),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn skip(&mut self, flow: &Flow<'_>, ev: &RawEvent<'_>, path: &[StepIdx], from: Option<StepIdx>, to: StepIdx) {
        let begin = self.notes().findings.len();
        for p in path {
            let message = match from {
                Some(c) => format!(
                    "'{}' was skipped: the case went from '{}' to '{}'",
                    flow.step_id(*p),
                    flow.step_id(c),
                    flow.step_id(to)
                ),
                None => format!("'{}' was skipped: the case starts with '{}'", flow.step_id(*p), flow.step_id(to)),
            };
            self.push(Finding::new(codes::SKIPPED, message).item(flow.step_id(*p)).at(ev.loc).when(ev.time));
        }
        let notes = self.notes();
        notes.pending_skip = Some((begin, notes.findings.len()));
    }

    fn out_of_order(
        &mut self,
        flow: &Flow<'_>,
        ev: &RawEvent<'_>,
        c: StepIdx,
        s: StepIdx,
        actor_text: &dyn Fn(Finding) -> Finding,
    ) {
        let id = flow.step_id(s);
        let earlier = self.notes.as_ref().and_then(|n| {
            let (begin, end) = n.last_skip?;
            (begin..end).find(|i| {
                !n.withdrawn.contains(i)
                    && n.findings.get(*i).is_some_and(|f| f.item.as_deref() == Some(id) && f.code == codes::SKIPPED)
            })
        });
        let mut finding = match earlier {
            Some(i) => {
                let notes = self.notes();
                notes.withdrawn.push(i);
                let skipped_at = notes.findings.get(i).and_then(|f| f.events.first().copied());
                let message = format!("'{id}' done after '{}'; the flow puts it before", flow.step_id(c));
                let mut f = Finding::new(codes::OUT_OF_ORDER, message).item(id).at(ev.loc);
                if let Some(at) = skipped_at {
                    f = f.at(at);
                }
                f
            }
            None => {
                let message = format!("'{id}' cannot follow '{}' in the flow", flow.step_id(c));
                Finding::new(codes::OUT_OF_ORDER, message).item(id).at(ev.loc)
            }
        };
        finding.time = Some(ev.time);
        self.push(actor_text(finding));
    }

    /// The case gets to step `s` with this event. `implicit` is the start of a deadline "from
    /// the previous step" (none known: not checked); `check` is false when a timer rule
    /// already judged the event.
    #[allow(clippy::too_many_arguments)]
    fn arrive(
        &mut self,
        ctx: &Ctx<'_>,
        errors: &mut Vec<String>,
        ev: &RawEvent<'_>,
        s: StepIdx,
        implicit: Option<Stamp>,
        check: bool,
        actor_text: &dyn Fn(Finding) -> Finding,
    ) -> Outcome {
        let flow = ctx.flow;
        if check {
            self.check_deadline(ctx, errors, ev, s, implicit, actor_text);
        }
        self.pos = Some(s);
        self.moved = Some(ev.time);
        if let Some(notes) = self.notes.as_mut() {
            notes.last_skip = notes.pending_skip.take();
        }
        if let Some(slot) = self.step_times.get_mut(s) {
            *slot = Some(ev.time);
        }
        for &k in flow.arms(s) {
            let due = match flow.after(k) {
                Some(after) => match ctx.days.deadline(ev.time, after) {
                    Ok(due) => Some(due),
                    Err(e) => {
                        note_error(errors, e.to_string());
                        None
                    }
                },
                None => None,
            };
            self.set_timer(k, due);
        }
        if flow.closes(s) {
            self.check_overall(ctx, errors, ev, actor_text);
            return Outcome::Closed;
        }
        self.quiet_until = if flow.can_end(s) { Some(self.quiet_horizon(ctx, errors, s, ev.time)) } else { None };
        Outcome::Open
    }

    /// The moment after which a case at `s`, where it may end, is taken to have ended: the
    /// latest deadline of the steps that may follow and of running timers, plus [`QUIET_GRACE`].
    fn quiet_horizon(&self, ctx: &Ctx<'_>, errors: &mut Vec<String>, s: StepIdx, now: Stamp) -> i64 {
        let flow = ctx.flow;
        let mut latest = now.utc;
        for out in flow.outs(s) {
            let Target::Step(next) = out.target else { continue };
            let DeadlineChoice::Applies(deadline) = flow.deadline(next, &self.attrs) else { continue };
            let Limit::Within(limit) = deadline.limit else { continue };
            let start = match deadline.anchor {
                Some(x) => self.step_times.get(x).copied().flatten(),
                None => Some(now),
            };
            if let Some(start) = start {
                match ctx.days.deadline(start, limit) {
                    Ok(due) => latest = latest.max(due.utc),
                    Err(e) => note_error(errors, e.to_string()),
                }
            }
        }
        for due in self.timers.iter().flatten() {
            latest = latest.max(due.utc);
        }
        latest + QUIET_GRACE
    }

    fn check_deadline(
        &mut self,
        ctx: &Ctx<'_>,
        errors: &mut Vec<String>,
        ev: &RawEvent<'_>,
        s: StepIdx,
        implicit: Option<Stamp>,
        actor_text: &dyn Fn(Finding) -> Finding,
    ) {
        let flow = ctx.flow;
        let Some(step) = flow.model.steps.get(s) else { return };
        let deadline = match flow.deadline(s, &self.attrs) {
            DeadlineChoice::None => return,
            DeadlineChoice::Unknown(a) => {
                return self.unusable(ctx, a, &step.id, &format!("the deadline of '{}'", step.id), ev)
            }
            DeadlineChoice::Applies(d) => d,
        };
        let Limit::Within(limit) = deadline.limit else { return };
        let (start, from) = match deadline.anchor {
            Some(x) => (self.step_times.get(x).copied().flatten(), format!("'{}'", flow.step_id(x))),
            None => (implicit, "the previous step".to_string()),
        };
        let Some(start) = start else { return };
        let Some(late) = self.lateness(ctx, errors, start, limit, ev.time) else { return };
        let message = format!(
            "'{}' done {}, {} late: the limit is {limit} from {from} ({start}), due {}",
            step.id,
            ev.time,
            late.words(),
            late.due
        );
        let mut finding = Finding::new(codes::DEADLINE_MISSED, message).item(&step.id).at(ev.loc).when(ev.time);
        finding.late = Some(late);
        self.push(actor_text(finding));
    }

    /// How late `done` is for a limit starting at `start`; `None` when on time.
    fn lateness(
        &self,
        ctx: &Ctx<'_>,
        errors: &mut Vec<String>,
        start: Stamp,
        limit: Duration,
        done: Stamp,
    ) -> Option<Lateness> {
        let due = match ctx.days.deadline(start, limit) {
            Ok(due) => due,
            Err(e) => {
                note_error(errors, e.to_string());
                return None;
            }
        };
        if done.utc <= due.utc {
            return None;
        }
        match ctx.days.lateness(done, due, limit.unit) {
            Ok(late) => Some(Lateness { amount: late.amount, unit: late.unit, seconds: done.utc - due.utc, due }),
            Err(e) => {
                note_error(errors, e.to_string());
                None
            }
        }
    }

    fn check_overall(
        &mut self,
        ctx: &Ctx<'_>,
        errors: &mut Vec<String>,
        ev: &RawEvent<'_>,
        actor_text: &dyn Fn(Finding) -> Finding,
    ) {
        let Some(limit) = ctx.flow.overall() else { return };
        let Some(late) = self.lateness(ctx, errors, self.first, limit, ev.time) else { return };
        let message = format!(
            "the procedure took until {}, {} past its overall limit of {limit} from {} (due {})",
            ev.time,
            late.words(),
            self.first,
            late.due
        );
        let mut finding = Finding::new(codes::DEADLINE_MISSED, message).at(ev.loc).when(ev.time);
        finding.late = Some(late);
        self.push(actor_text(finding));
    }

    /// The status of this case if the log ends with it open, as of `as_of`.
    pub fn open_status(&self, ctx: &Ctx<'_>, errors: &mut Vec<String>, as_of: Stamp) -> Open {
        let flow = ctx.flow;
        let at = self.pos.map(|p| format!("open at '{}' since {}", flow.step_id(p), self.moved.unwrap_or(self.last)));
        let at = at.unwrap_or_else(|| format!("open since {} without any step of the SOP", self.first));
        if self.pos.is_some_and(|p| flow.can_end(p)) {
            return Open::Complete;
        }
        let state = OpenState {
            pos: self.pos,
            attrs: &self.attrs,
            moved: self.moved,
            step_times: &self.step_times,
            timers: &self.timers,
            first: self.first,
        };
        let limits = open_limits(flow, ctx.days, &state, errors);
        let item = self.pos.map(|p| flow.step_id(p).to_string());
        match limits.iter().find(|l| as_of.utc > l.due.utc) {
            Some(limit) => {
                let late = match ctx.days.lateness(as_of, limit.due, limit.limit.unit) {
                    Ok(l) => {
                        Lateness { amount: l.amount, unit: l.unit, seconds: as_of.utc - limit.due.utc, due: limit.due }
                    }
                    Err(e) => {
                        note_error(errors, e.to_string());
                        return Open::Within(Finding::new(codes::OPEN_WITHIN, at));
                    }
                };
                let message = format!(
                    "{at}; {} ran out at {} ({}), {} ago as of {as_of}",
                    limit.what,
                    limit.due,
                    limit.limit,
                    late.words()
                );
                let mut f = Finding::new(codes::OPEN_OVERDUE, message).at(self.last_loc).when(as_of);
                f.item = limit.subject.clone().or(item);
                f.late = Some(late);
                Open::Overdue(f)
            }
            None => {
                let next = match limits.first() {
                    Some(l) => format!("; next: {} ({}) runs out at {}", l.what, l.limit, l.due),
                    None => "; no limit applies to what comes next".to_string(),
                };
                let mut f = Finding::new(codes::OPEN_WITHIN, format!("{at}{next}")).at(self.last_loc).when(as_of);
                f.item = item;
                Open::Within(f)
            }
        }
    }
}

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

/// Every limit an open case is under, earliest first: running timers, the deadline of what
/// comes next (the latest among the possible next steps, since the case is overdue only when
/// every way on is late; none when one of them has no limit or the case waits for a timer),
/// and the procedure's overall limit.
pub fn open_limits(
    flow: &Flow<'_>,
    days: &Days<'_>,
    state: &OpenState<'_>,
    errors: &mut Vec<String>,
) -> Vec<OpenLimit> {
    let mut limits: Vec<OpenLimit> = Vec::new();
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
        if let Some(next) = next_due(flow, days, state, p, errors) {
            limits.push(next);
        }
    }
    if let Some(limit) = flow.overall() {
        if let Ok(due) = days.deadline(state.first, limit) {
            limits.push(OpenLimit {
                due,
                limit,
                what: "the overall limit of the procedure".to_string(),
                subject: None,
            });
        }
    }
    limits.sort_by_key(|l| l.due.utc);
    limits
}

fn next_due(
    flow: &Flow<'_>,
    days: &Days<'_>,
    state: &OpenState<'_>,
    p: StepIdx,
    errors: &mut Vec<String>,
) -> Option<OpenLimit> {
    let waits_for_timer = state.timers.iter().enumerate().any(|(k, due)| {
        due.is_some()
            && flow.model.timers.get(k).and_then(|t| t.then).is_some_and(|t| flow.outs(p).iter().any(|o| o.target == t))
    });
    if waits_for_timer {
        return None;
    }
    let selected = match flow.choice(p, state.attrs) {
        Choice::Branch(i) => flow.model.steps.get(p).and_then(|s| s.branches.get(i)).and_then(|b| b.target),
        _ => None,
    };
    let mut latest: Option<OpenLimit> = None;
    for out in flow.outs(p) {
        let Target::Step(s) = out.target else { return None };
        if selected.is_some_and(|t| t != out.target) {
            continue;
        }
        let DeadlineChoice::Applies(deadline) = flow.deadline(s, state.attrs) else { return None };
        let Limit::Within(limit) = deadline.limit else { return None };
        let start = match deadline.anchor {
            Some(x) => state.step_times.get(x).copied().flatten(),
            None => state.moved,
        }?;
        let due = match days.deadline(start, limit) {
            Ok(due) => due,
            Err(e) => {
                note_error(errors, e.to_string());
                return None;
            }
        };
        if latest.as_ref().is_none_or(|l| due.utc > l.due.utc) {
            let id = flow.step_id(s);
            latest =
                Some(OpenLimit { due, limit, what: format!("the deadline of '{id}'"), subject: Some(id.to_string()) });
        }
    }
    latest
}

/// Records a calendar error once.
pub fn note_error(errors: &mut Vec<String>, message: String) {
    if !errors.contains(&message) {
        errors.push(message);
    }
}
