//! Replay of a whole log: events in, findings out, with memory for open cases only.
//!
//! Events may interleave cases in any way; within a case they must be in time order (an event
//! dated before its predecessor is `time-goes-backwards`, C813, and is replayed in the order
//! written). A case's state lives in memory from its first event until it closes (reaches a
//! step whose only way on is the end); then its findings go to the report and only a 64-bit
//! fingerprint of its id stays, so a later event of it is `event-after-closing` (C812).
//! Cases still open when the log ends are judged as of `--as-of`.

use super::case::{ended_by_timer, timer_to_end_run_out, CaseState, Ctx, Open, Outcome, QUIET_GRACE};
use super::deviation as codes;
use super::event::{shown, Finding, InputIssue, Loc, RawEvent};
use super::periodic::Duties;
use super::read::mapping::{Activity, UnknownActivities};
use super::read::Sink;
use super::table::{fingerprint, Table};
use super::time::{Stamp, YEARS};
use super::timeline::{Timeline, Watch};
use rustc_hash::FxHashSet;

/// How many events and cases went where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Every event or row found, header lines and blank lines not counted.
    pub events_read: u64,
    /// Events replayed (of cases or periodic duties).
    pub events_used: u64,
    /// Rows that could not be used, each reported with its file and line.
    pub events_rejected: u64,
    /// Events left out on purpose: `lifecycle:transition` other than `complete`.
    pub events_skipped: u64,
    pub cases: u64,
    /// Cases without any deviation (open ones within their limits included).
    pub cases_compliant: u64,
    pub cases_with_deviations: u64,
    /// Cases open at the end of the log, within their limits.
    pub cases_open_within: u64,
    /// Cases open at the end of the log, past a limit.
    pub cases_open_overdue: u64,
}

/// The findings of one case.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CaseFindings {
    pub case: String,
    pub findings: Vec<Finding>,
}

/// Everything replay found.
#[derive(Debug, Clone, Default)]
pub struct Replayed {
    pub counts: Counts,
    /// Cases with findings, in order of case id.
    pub cases: Vec<CaseFindings>,
    pub periodic: Vec<Finding>,
    /// Rejected rows and notes about the trace, in file and line order.
    pub input: Vec<InputIssue>,
    /// Problems that make the audit incomplete (a year without holiday data).
    pub errors: Vec<String>,
    /// For each of `errors`, the case and event that first needed what is missing, if one did.
    pub error_origins: Vec<Option<(String, Loc)>>,
    pub first: Option<Stamp>,
    pub as_of: Option<Stamp>,
    /// The events of the cases asked for, in the order they were named.
    pub timelines: Vec<Timeline>,
}

/// The replay of a log in progress.
pub struct Replay<'a> {
    ctx: Ctx<'a>,
    cases: Table,
    closed: FxHashSet<u64>,
    done: Vec<CaseFindings>,
    duties: Duties,
    out: Replayed,
    /// Whether a case id was seen: counted when its state is made.
    case_ids: u64,
    deviating_closed: u64,
    /// Fingerprints of closed cases that deviated, and of compliant ones with a later event.
    closed_deviating: FxHashSet<u64>,
    after_closing: FxHashSet<u64>,
    last: Option<Stamp>,
    /// Events until the next sweep.
    until_sweep: u32,
    watch: Watch,
}

/// How a case still in memory had ended before an event at `time`, after "the case": by a
/// timer to the end, or at a step where it may end, the log having gone quiet past it.
#[cold]
fn ended_why(ctx: &Ctx<'_>, state: &CaseState, time: Stamp) -> String {
    let flow = ctx.flow;
    if let Some((timer, due)) = timer_to_end_run_out(flow, &state.timers, time) {
        return format!("had ended at {due}, when the window of timer '{}' ran out", timer.id);
    }
    match state.pos {
        Some(p) => format!(
            "had ended at '{}', where it may end: its last event was at {}, and the log went on for more than {} days past its limits without it",
            flow.step_id(p),
            state.last,
            QUIET_GRACE / 86_400
        ),
        None => "had closed".to_string(),
    }
}

/// Marks the errors recorded since the last call as first needed by case `case` at `loc`. In
/// line: called after every event, and almost always there is nothing new.
#[inline]
fn trace_errors(out: &mut Replayed, case: &[u8], loc: Loc) {
    if out.errors.len() > out.error_origins.len() {
        mark_origins(out, case, loc);
    }
}

#[cold]
fn mark_origins(out: &mut Replayed, case: &[u8], loc: Loc) {
    let origin = (String::from_utf8_lossy(case).into_owned(), loc);
    out.error_origins.resize(out.errors.len(), Some(origin));
}

/// How often (in events) cases past their quiet horizon are let go.
const SWEEP_EVERY: u32 = 1 << 14;

/// A case's quiet horizon counts only once the log goes past everything read so far, so a log
/// grouped by case (as XES is) never ends a case while its own events are being read.
fn lift_horizon(state: &mut CaseState, last: Option<Stamp>) {
    if let (Some(until), Some(last)) = (state.quiet_until.as_mut(), last) {
        *until = (*until).max(last.utc);
    }
}

impl<'a> Replay<'a> {
    /// A replay with nothing read yet, keeping the timelines of the cases `watch` names.
    pub fn new(ctx: Ctx<'a>, watch: Watch) -> Replay<'a> {
        Replay {
            duties: Duties::new(ctx.flow),
            ctx,
            cases: Table::default(),
            closed: FxHashSet::default(),
            done: Vec::new(),
            out: Replayed::default(),
            case_ids: 0,
            deviating_closed: 0,
            closed_deviating: FxHashSet::default(),
            after_closing: FxHashSet::default(),
            last: None,
            until_sweep: SWEEP_EVERY,
            watch,
        }
    }

    /// Cases in memory now.
    pub fn open_cases(&self) -> usize {
        self.cases.len()
    }

    fn close(&mut self, slot: u32) {
        let Some((key, state)) = self.cases.entry(slot) else { return };
        let fp = fingerprint(key);
        if state.deviates() {
            self.deviating_closed += 1;
            self.closed_deviating.insert(fp);
        }
        let findings = state.take_findings();
        if !findings.is_empty() {
            self.done.push(CaseFindings { case: String::from_utf8_lossy(key).into_owned(), findings });
        }
        self.closed.insert(fp);
        self.cases.remove(slot);
    }

    /// Closes the case in slot `i`, which ended at a step where it may end.
    fn close_at_rest(&mut self, slot: u32) {
        if let Some(state) = self.cases.state(slot) {
            state.check_overall_at_rest(&self.ctx, &mut self.out.errors);
        }
        self.trace_errors_to(slot);
        self.close(slot);
    }

    /// Marks the errors recorded since the last call as first needed by the case in `slot`, at
    /// its last event.
    fn trace_errors_to(&mut self, slot: u32) {
        if let Some((key, state)) = self.cases.entry(slot) {
            trace_errors(&mut self.out, key, state.last_loc);
        }
    }

    /// Lets go of the cases that ended where they may end (the log is past their quiet
    /// horizon). Only memory changes: an event of such a case is after closing either way.
    fn sweep(&mut self, now: Option<Stamp>) {
        let Some(now) = now else { return };
        let quiet: Vec<u32> = self
            .cases
            .open()
            .filter(|(_, _, s)| s.quiet_until.is_some_and(|q| now.utc > q))
            .map(|(i, _, _)| i)
            .collect();
        for slot in quiet {
            self.close_at_rest(slot);
        }
    }

    #[cold]
    fn implausible_year(&mut self, ev: &RawEvent<'_>) {
        self.out.counts.events_rejected += 1;
        let (from, to) = YEARS;
        let message =
            format!("the event is dated {}, outside the years {from}-{to}; is the date in the log right?", ev.time);
        self.out.input.push(InputIssue { code: codes::BAD_TIMESTAMP, loc: ev.loc, column: None, message });
    }

    fn stretch(&mut self, time: Stamp) {
        if self.out.first.is_none_or(|f| time.utc < f.utc) {
            self.out.first = Some(time);
        }
        if self.last.is_none_or(|l| time.utc > l.utc) {
            self.last = Some(time);
        }
    }

    /// Ends the replay: judges open cases and periodic duties as of `as_of` (default: the
    /// latest event), and sorts everything for output.
    pub fn finish(mut self, as_of: Option<Stamp>) -> Replayed {
        if let (Some(given), Some(last)) = (as_of, self.last) {
            if given.utc < last.utc {
                // Open cases would be judged at a moment their own events come after.
                self.out.errors.push(format!(
                    "--as-of {given} is before the log's last event, at {last}; give a moment at or after it"
                ));
            }
        }
        self.out.error_origins.resize(self.out.errors.len(), None);
        let as_of = as_of.or(self.last);
        self.out.as_of = as_of;
        let mut open: Vec<(Vec<u8>, u32)> = self.cases.open().map(|(i, key, _)| (key.to_vec(), i)).collect();
        open.sort();
        let mut deviating = self.deviating_closed;
        for (key, slot) in open {
            let Some(state) = self.cases.state(slot) else { continue };
            if let Some(as_of) = as_of {
                match state.open_status(&self.ctx, &mut self.out.errors, as_of) {
                    Open::Complete => state.check_overall_at_rest(&self.ctx, &mut self.out.errors),
                    Open::Within(f) => {
                        self.out.counts.cases_open_within += 1;
                        state.push(f);
                    }
                    Open::Overdue(f) => {
                        self.out.counts.cases_open_overdue += 1;
                        state.push(f);
                    }
                }
            }
            trace_errors(&mut self.out, &key, state.last_loc);
            if state.deviates() {
                deviating += 1;
            }
            let findings = state.take_findings();
            if !findings.is_empty() {
                self.done.push(CaseFindings { case: String::from_utf8_lossy(&key).into_owned(), findings });
            }
        }
        // Cases that closed compliant and then had an event after closing deviate too.
        deviating += self.after_closing.len() as u64;
        if let (Some(first), Some(as_of)) = (self.out.first, as_of) {
            self.duties.finish(self.ctx.flow, self.ctx.days, first, as_of, &mut self.out.errors);
        }
        self.out.error_origins.resize(self.out.errors.len(), None);
        let mut done = std::mem::take(&mut self.done);
        done.sort_by(|a, b| a.case.cmp(&b.case));
        // A case's findings after closing were reported on their own; merge them in.
        let mut merged: Vec<CaseFindings> = Vec::with_capacity(done.len());
        for case in done {
            match merged.last_mut() {
                Some(last) if last.case == case.case => last.findings.extend(case.findings),
                _ => merged.push(case),
            }
        }
        for case in &mut merged {
            case.findings.sort_by(|a, b| (a.events.first(), a.code.code).cmp(&(b.events.first(), b.code.code)));
        }
        self.out.cases = merged;
        self.out.periodic = std::mem::take(&mut self.duties.findings);
        self.out.periodic.sort_by(|a, b| {
            (a.item.as_deref(), a.time.map(|t| t.utc), a.events.first()).cmp(&(
                b.item.as_deref(),
                b.time.map(|t| t.utc),
                b.events.first(),
            ))
        });
        self.out.input.sort_by_key(|a| (a.loc, a.column));
        self.out.counts.cases = self.case_ids;
        self.out.counts.cases_with_deviations = deviating.min(self.case_ids);
        self.out.counts.cases_compliant = self.case_ids - self.out.counts.cases_with_deviations;
        self.out.timelines = self.watch.finish();
        self.out
    }
}

impl Sink for Replay<'_> {
    fn event(&mut self, ev: &RawEvent<'_>) {
        self.out.counts.events_read += 1;
        if !ev.time.in_plausible_years() {
            return self.implausible_year(ev);
        }
        let activity = self.ctx.resolver.activity(ev.activity);
        if let Activity::Duty(d) = activity {
            self.out.counts.events_used += 1;
            self.stretch(ev.time);
            self.duties.event(self.ctx.flow, self.ctx.days, self.ctx.resolver, d, ev);
            return;
        }
        if activity == Activity::Unknown && self.ctx.resolver.unknown_activities == UnknownActivities::Reject {
            self.out.counts.events_rejected += 1;
            let hint = self.ctx.resolver.activity_hint(ev.activity);
            let message = format!("activity '{}' is not in the mapping file{hint}", shown(ev.activity));
            self.out.input.push(InputIssue { code: codes::UNMAPPED_ACTIVITY, loc: ev.loc, column: None, message });
            return;
        }
        if ev.case.is_empty() {
            self.out.counts.events_rejected += 1;
            let message = "the row has no case id (only periodic duties may have none)".to_string();
            self.out.input.push(InputIssue { code: codes::MISSING_FIELD, loc: ev.loc, column: None, message });
            return;
        }
        self.out.counts.events_used += 1;
        let before = self.last;
        self.stretch(ev.time);
        self.until_sweep -= 1;
        if self.until_sweep == 0 {
            self.sweep(before);
            // Scanning costs one look per open case, so scan at most once per that many events.
            self.until_sweep = SWEEP_EVERY.max(u32::try_from(4 * self.cases.len()).unwrap_or(u32::MAX));
        }
        let fp = fingerprint(ev.case);
        if !self.watch.is_empty() {
            self.watch.event(self.ctx.flow, self.ctx.resolver, ev, activity, fp);
        }
        let slot = match self.cases.find(ev.case, fp) {
            Some(slot) => slot,
            None => {
                if self.closed.contains(&fp) {
                    self.after_closed(ev, activity, fp, "had closed");
                    return;
                }
                self.case_ids += 1;
                let ctx = &self.ctx;
                self.cases.insert(ev.case, fp, || CaseState::new(ctx, ev.time, ev.loc), |s| s.reset(ev.time, ev.loc))
            }
        };
        let Some(state) = self.cases.state(slot) else { return };
        let quiet = state.quiet_until.is_some_and(|q| before.is_some_and(|b| b.utc > q));
        let flow = self.ctx.flow;
        // The flag first, in line: most SOPs have no timer to the end.
        if state.events > 0 && (quiet || flow.timers_to_end && ended_by_timer(flow, &state.timers, ev.time)) {
            // The log went past the case's quiet horizon, or a timer to the end ran out: it
            // ended where it was.
            let why = ended_why(&self.ctx, state, ev.time);
            self.close_at_rest(slot);
            self.after_closed(ev, activity, fp, &why);
            return;
        }
        let outcome = state.event(&self.ctx, &mut self.out.errors, ev, activity);
        lift_horizon(state, self.last);
        trace_errors(&mut self.out, ev.case, ev.loc);
        if outcome == Outcome::Closed {
            self.close(slot);
        }
    }

    fn reject(&mut self, issue: InputIssue) {
        self.out.counts.events_read += 1;
        self.out.counts.events_rejected += 1;
        self.out.input.push(issue);
    }

    fn note(&mut self, issue: InputIssue) {
        self.out.input.push(issue);
    }

    fn skip(&mut self, _loc: Loc) {
        self.out.counts.events_read += 1;
        self.out.counts.events_skipped += 1;
    }
}

impl Replay<'_> {
    /// An event of a case that ended before it: `why` says how, after "the case".
    #[cold]
    fn after_closed(&mut self, ev: &RawEvent<'_>, activity: Activity, fp: u64, why: &str) {
        let flow = self.ctx.flow;
        let what = match activity {
            Activity::Step(s) => format!("'{}'", flow.step_id(s)),
            _ => format!("activity '{}'", shown(ev.activity)),
        };
        let mut finding = Finding::new(codes::AFTER_CLOSING, format!("{what} at {}, after the case {why}", ev.time))
            .at(ev.loc)
            .when(ev.time);
        if let Activity::Step(s) = activity {
            finding.item = Some(flow.step_id(s).to_string());
        }
        finding.actor = ev.actor.map(|a| match self.ctx.resolver.actor(a) {
            Some(x) => flow.actor_id(x).to_string(),
            None => shown(a),
        });
        let case = String::from_utf8_lossy(ev.case).into_owned();
        // Count the case as deviating once, unless it deviated already when it closed.
        if !self.closed_deviating.contains(&fp) {
            self.after_closing.insert(fp);
        }
        self.done.push(CaseFindings { case, findings: vec![finding] });
    }
}
