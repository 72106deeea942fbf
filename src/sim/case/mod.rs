//! Replaying one case: its state between events, and what one event does to it.
//!
//! The case is at one step (the SOP model has no parallel branches). An event of a step that
//! may follow moves it there; anything else is a finding, and the case stays where it was,
//! except after skipped steps, where it follows the event. docs/audit.md states the rules.
//!
//! [`CaseState`] and its bookkeeping are here; what an event does is in `event` (the moves),
//! `timers` (timers and escalations), `deadline` (deadlines and the overall limit) and `open`
//! (a case the log leaves open).

mod deadline;
mod event;
mod open;
mod timers;

pub use open::{ended_by_timer, open_limits, timer_to_end_run_out, OpenLimit, OpenLimits, OpenState};

use super::days::{Days, Late};
use super::deviation as codes;
use super::event::{shown, Finding, Lateness, Loc, RawEvent};
use super::flow::{Flow, Val};
use super::resolve::Resolver;
use super::table::Small;
use super::time::Stamp;
use crate::duration::{Duration, Unit};
use crate::model::{ActorIdx, AttrIdx, StepIdx};

/// What replay needs besides the case.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub flow: &'a Flow<'a>,
    pub days: &'a Days<'a>,
    pub resolver: &'a Resolver,
}

/// A case between two of its events. Its fields are in the order an event reads them: the
/// first two share the case id's cache line in the slab ([`super::table`]), which is all that
/// the check for a case's end and the sweep of ended cases read; the last three are read
/// seldom (named anchors, deviating cases, the overall limit when the case closes).
#[derive(Debug, Clone)]
#[repr(C)]
pub struct CaseState {
    /// For a case at a step where it may end: once the log has gone past this moment without
    /// another event of the case, the case is taken to have ended there.
    pub quiet_until: Option<i64>,
    pub events: u32,
    /// The step the case is at; `None` before its first step event.
    pub pos: Option<StepIdx>,
    pub last: Stamp,
    /// When the case got to `pos` (or when the timer that took it there ran out): the start of
    /// the next step's "from the previous step" deadline. `None` when unknown (after a skip).
    pub moved: Option<Stamp>,
    pub attrs: Small<Val, 4>,
    /// When each running timer's window runs out.
    pub timers: Small<Option<Stamp>, 2>,
    pub last_loc: Loc,
    /// The last time each step happened, when some deadline is measured from a named step.
    pub step_times: Box<[Option<Stamp>]>,
    /// What only deviating cases need, made on first use so compliant cases stay small.
    notes: Option<Box<Notes>>,
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

/// Where a deadline "from the previous step" starts.
#[derive(Debug, Clone, Copy)]
enum Since {
    /// When the case got to the previous step.
    Step(Stamp),
    /// When the window of the timer that took the case on ran out.
    WindowEnd(Stamp),
}

impl Since {
    fn at(self) -> Stamp {
        match self {
            Since::Step(t) | Since::WindowEnd(t) => t,
        }
    }
}

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

/// The event being replayed, with what every finding about it needs.
struct At<'e, 'c> {
    ctx: &'e Ctx<'c>,
    ev: &'e RawEvent<'e>,
    /// The step the event is of, if it is of one.
    step: Option<StepIdx>,
    /// The event's actor: `None` when it names none, `Some(None)` when the SOP has no such actor.
    actor: Option<Option<ActorIdx>>,
}

impl At<'_, '_> {
    /// The finding with the event's actor: the SOP's id, or the name as written.
    fn by_actor(&self, mut f: Finding) -> Finding {
        f.actor = match (self.ev.actor, self.actor) {
            (_, Some(Some(a))) => Some(self.ctx.flow.actor_id(a).to_string()),
            (Some(written), _) => Some(shown(written)),
            _ => None,
        };
        f
    }

    /// The event's step or activity in a message: `'verifikasi'`, `activity 'Hapus aduan'`.
    fn label(&self) -> String {
        match self.step {
            Some(s) => format!("'{}'", self.ctx.flow.step_id(s)),
            None => format!("activity '{}'", shown(self.ev.activity)),
        }
    }
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

    #[inline]
    fn set_attr(&mut self, ctx: &Ctx<'_>, a: AttrIdx, written: &[u8]) {
        // Most events repeat the case's value (or leave it blank): no lookup then.
        if written.is_empty() {
            return;
        }
        if let Some(Val::Known(v)) = self.attrs.get(a) {
            if ctx.resolver.is_value(a, *v, written) {
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
    fn unusable(&mut self, at: &At<'_, '_>, a: AttrIdx, item: &str, needed_by: &str) {
        let (ctx, ev) = (at.ctx, at.ev);
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
}

/// Records a calendar error once.
pub fn note_error(errors: &mut Vec<String>, message: String) {
    if !errors.contains(&message) {
        errors.push(message);
    }
}

/// How late `done` is for a limit that ran out at `due` (`done` after it), in the limit's unit.
/// When the calendar cannot count working days that far, the error is recorded and the
/// lateness is given in calendar days: the case is late either way, only the count differs.
fn late_by(days: &Days<'_>, errors: &mut Vec<String>, done: Stamp, due: Stamp, unit: Unit) -> Lateness {
    let late = days.lateness(done, due, unit).unwrap_or_else(|e| {
        note_error(errors, e.to_string());
        Late { amount: done.in_offset(due.offset).local_day() - due.local_day(), unit: Unit::Days }
    });
    Lateness { amount: late.amount, unit: late.unit, seconds: done.utc - due.utc, due }
}

/// When a limit starting at `start` runs out; a calendar error is recorded once and gives `None`.
fn due(days: &Days<'_>, errors: &mut Vec<String>, start: Stamp, limit: Duration) -> Option<Stamp> {
    match days.deadline(start, limit) {
        Ok(due) => Some(due),
        Err(e) => {
            note_error(errors, e.to_string());
            None
        }
    }
}
