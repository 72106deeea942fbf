//! What one event does to a case: the move it makes on the flow, and the findings about the
//! move (order, skips, repetitions, branches, actors).

use super::{At, CaseState, Ctx, Outcome, Since};
use crate::model::{ActorIdx, AttrIdx, Condition, Step, StepIdx, Target};
use crate::sim::deviation as codes;
use crate::sim::event::{shown, Finding, RawEvent};
use crate::sim::flow::{Choice, Val};
use crate::sim::read::mapping::Activity;
use crate::sim::time::Stamp;

impl CaseState {
    /// Replays one event of this case; `activity` is what its activity stands for (not a duty).
    pub fn event(&mut self, ctx: &Ctx<'_>, errors: &mut Vec<String>, ev: &RawEvent<'_>, activity: Activity) -> Outcome {
        let flow = ctx.flow;
        let step = match activity {
            Activity::Step(s) => Some(s),
            _ => None,
        };
        ev.attributes.for_each(|a, v| self.set_attr(ctx, a, v));
        let at = At { ctx, ev, step, actor: ev.actor.map(|a| ctx.resolver.actor(a)) };
        if self.events > 0 && ev.time.utc < self.last.utc {
            self.time_backwards(&at);
        }
        self.events += 1;
        self.last = ev.time;
        self.last_loc = ev.loc;
        // Timers first: a window that ran out decides what this event may be.
        let (fired, judged) = self.run_timers(&at);
        let s = match activity {
            Activity::Step(s) => s,
            Activity::Unknown => {
                self.not_in_sop(&at);
                return Outcome::Open;
            }
            Activity::ActorOnly | Activity::Duty(_) => return Outcome::Open,
        };
        self.check_actor(&at, s);
        if let Some(anchor) = fired {
            // Reached through a timer: on time, its own deadline runs from the timer's end.
            let implicit = if judged { None } else { Some(Since::WindowEnd(anchor)) };
            return self.arrive(&at, errors, s, implicit, !judged);
        }
        let Some(c) = self.pos else {
            let start = flow.start();
            if start != Some(s) {
                match flow.skipped(None, s, &self.attrs) {
                    Some(path) => self.skip(&at, &path, None, s),
                    None => {
                        let message = format!(
                            "the case starts with '{}', which the flow never reaches from '{}'",
                            flow.step_id(s),
                            start.map_or("?", |x| flow.step_id(x))
                        );
                        self.push(at.by_actor(
                            Finding::new(codes::OUT_OF_ORDER, message).item(flow.step_id(s)).at(ev.loc).when(ev.time),
                        ));
                    }
                }
            }
            return self.arrive(&at, errors, s, None, !judged);
        };
        if flow.follows(c, s) {
            self.check_branch(&at, c, s);
            let implicit = self.moved.map(Since::Step);
            return self.arrive(&at, errors, s, implicit, !judged);
        }
        if c == s {
            self.repeated(&at, s);
            self.happened(ctx, errors, s, ev.time);
            return Outcome::Open;
        }
        if let Some(path) = flow.skipped(Some(c), s, &self.attrs) {
            self.skip(&at, &path, Some(c), s);
            return self.arrive(&at, errors, s, None, !judged);
        }
        self.out_of_order(&at, c, s);
        Outcome::Open
    }

    // The findings below are the exception: out of line, so the common path stays small.

    #[cold]
    fn time_backwards(&mut self, at: &At<'_, '_>) {
        let (flow, ev) = (at.ctx.flow, at.ev);
        let message = format!("{} is dated {}, before the case's previous event at {}", at.label(), ev.time, self.last);
        let mut f = Finding::new(codes::TIME_BACKWARDS, message).at(ev.loc).at(self.last_loc).when(ev.time);
        f.item = at.step.map(|s| flow.step_id(s).to_string());
        self.push(f);
    }

    #[cold]
    fn not_in_sop(&mut self, at: &At<'_, '_>) {
        let ev = at.ev;
        let hint = at.ctx.resolver.activity_hint(ev.activity);
        let message = format!("activity '{}' is not a step or periodic duty of the SOP{hint}", shown(ev.activity));
        self.push(at.by_actor(Finding::new(codes::ACTIVITY_NOT_IN_SOP, message).at(ev.loc).when(ev.time)));
    }

    #[cold]
    fn repeated(&mut self, at: &At<'_, '_>, s: StepIdx) {
        let (flow, ev) = (at.ctx.flow, at.ev);
        // The case's step, not necessarily the previous event's: an out-of-order event in between
        // does not move the case.
        let message = format!("'{}' done again while the case is at it; the flow has no loop there", flow.step_id(s));
        self.push(at.by_actor(Finding::new(codes::REPEATED, message).item(flow.step_id(s)).at(ev.loc).when(ev.time)));
    }

    /// The case gets to step `s` with this event. `implicit` is the start of a deadline "from
    /// the previous step" (none known: not checked); `check` is false when a timer rule
    /// already judged the event.
    fn arrive(
        &mut self,
        at: &At<'_, '_>,
        errors: &mut Vec<String>,
        s: StepIdx,
        implicit: Option<Since>,
        check: bool,
    ) -> Outcome {
        let (flow, ev) = (at.ctx.flow, at.ev);
        if check {
            self.check_deadline(at, errors, s, implicit);
        }
        self.pos = Some(s);
        self.moved = Some(ev.time);
        if let Some(notes) = self.notes.as_mut() {
            notes.last_skip = notes.pending_skip.take();
        }
        self.happened(at.ctx, errors, s, ev.time);
        if flow.closes(s) {
            self.check_overall(at, errors);
            return Outcome::Closed;
        }
        self.quiet_until = if flow.can_end(s) { Some(self.quiet_horizon(at.ctx, errors, s, ev.time)) } else { None };
        Outcome::Open
    }

    /// Step `s` happened at `time`, as a move or a repetition: a deadline `from` it runs from
    /// its latest event, and its timers start (again).
    fn happened(&mut self, ctx: &Ctx<'_>, errors: &mut Vec<String>, s: StepIdx, time: Stamp) {
        if let Some(slot) = self.step_times.get_mut(s) {
            *slot = Some(time);
        }
        self.arm_timers(ctx, errors, s, time);
    }

    fn check_actor(&mut self, at: &At<'_, '_>, s: StepIdx) {
        let Some(step) = at.ctx.flow.model.steps.get(s) else { return };
        let Some(actor) = at.actor else { return };
        if step.actors.is_empty() || actor.is_some_and(|a| step.actors.contains(&a)) {
            return;
        }
        self.wrong_actor(at, step, actor);
    }

    #[cold]
    fn wrong_actor(&mut self, at: &At<'_, '_>, step: &Step, actor: Option<ActorIdx>) {
        let (flow, ev) = (at.ctx.flow, at.ev);
        let performers = step.actors.iter().map(|a| format!("'{}'", flow.actor_id(*a))).collect::<Vec<_>>().join(", ");
        let written = ev.actor.map(shown).unwrap_or_default();
        let message = match actor {
            Some(a) => format!("'{}' did '{}', which is performed by {performers}", flow.actor_id(a), step.id),
            None => format!("'{written}' is not an actor of the SOP; '{}' is performed by {performers}", step.id),
        };
        self.push(at.by_actor(Finding::new(codes::WRONG_ACTOR, message).item(&step.id).at(ev.loc).when(ev.time)));
    }

    fn check_branch(&mut self, at: &At<'_, '_>, c: StepIdx, s: StepIdx) {
        let flow = at.ctx.flow;
        let choice = flow.choice(c, &self.attrs);
        if choice == Choice::Any {
            return;
        }
        let Some(decision) = flow.model.steps.get(c) else { return };
        if let Choice::Branch(i) = choice {
            if decision.branches.get(i).is_none_or(|b| b.target == Some(Target::Step(s))) {
                return;
            }
        }
        self.wrong_branch(at, decision, c, s, choice);
    }

    /// Decision `c` went to `s`, which `choice` (not `Any`, not the branch taken) rules out.
    #[cold]
    fn wrong_branch(&mut self, at: &At<'_, '_>, decision: &Step, c: StepIdx, s: StepIdx, choice: Choice) {
        let (ctx, ev) = (at.ctx, at.ev);
        let flow = ctx.flow;
        let wrong = match choice {
            Choice::Any => return,
            Choice::Unknown(a) => return self.unusable(at, a, &decision.id, &format!("decision '{}'", decision.id)),
            Choice::Branch(i) => {
                let Some(branch) = decision.branches.get(i) else { return };
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
        self.push(at.by_actor(Finding::new(codes::WRONG_BRANCH, wrong).item(&decision.id).at(ev.loc).when(ev.time)));
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
                        Condition::When(g) => Some(g.attribute),
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

    #[cold]
    fn skip(&mut self, at: &At<'_, '_>, path: &[StepIdx], from: Option<StepIdx>, to: StepIdx) {
        let (flow, ev) = (at.ctx.flow, at.ev);
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
        self.branch_passed_over(at, path, from, to);
    }

    /// A skip whose only way passes a decision on the branch the case's attributes rule out
    /// (the way the attributes select does not lead to the event's step): that branch is
    /// contradicted as a direct move through it would be.
    fn branch_passed_over(&mut self, at: &At<'_, '_>, path: &[StepIdx], from: Option<StepIdx>, to: StepIdx) {
        let flow = at.ctx.flow;
        let route: Vec<StepIdx> = from.into_iter().chain(path.iter().copied()).collect();
        let nexts = route.iter().skip(1).copied().chain(std::iter::once(to));
        for (d, next) in route.iter().copied().zip(nexts) {
            let choice = flow.choice(d, &self.attrs);
            let (Choice::Branch(i), Some(decision)) = (choice, flow.model.steps.get(d)) else { continue };
            if decision.branches.get(i).is_some_and(|b| b.target != Some(Target::Step(next))) {
                return self.wrong_branch(at, decision, d, next, choice);
            }
        }
    }

    #[cold]
    fn out_of_order(&mut self, at: &At<'_, '_>, c: StepIdx, s: StepIdx) {
        let (flow, ev) = (at.ctx.flow, at.ev);
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
        self.push(at.by_actor(finding));
    }
}
