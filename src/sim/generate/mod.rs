//! The trace generator: realistic, seeded complaint logs with a ground-truth label file.
//!
//! Complaints arrive at random over `span_days`; each case is planned whole ([`plan`]) on the
//! working calendar, with branch choices and attributes drawn by the configured probabilities,
//! durations around the limits, and, for a share of cases, one injected deviation. CSV and JSON
//! Lines interleave the cases in time order through a queue that holds only the open cases;
//! XES writes each case as one `<trace>`. Periodic duties get one event per period, a share of
//! periods left out. The same seed gives the same bytes.

pub mod clock;
pub mod config;
pub mod plan;
pub mod write;

use crate::calendar::Calendar;
use crate::model::{Model, StepIdx};
use crate::sim::case::{open_limits, OpenState};
use crate::sim::days::{day_of, Days};
use crate::sim::deviation::{self as codes, Code};
use crate::sim::flow::Flow;
use crate::sim::periodic::{period_of, periods};
use crate::sim::read::Format;
use crate::sim::time::Stamp;
use clock::Clock;
pub use config::{Config, Probabilities, INJECTABLE};
use plan::{CasePlan, OpenPlan, Planner};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::io::Write;
use write::{LineWriter, Row, XesWriter};

/// One deviation the audit must find.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Label {
    /// The case id; empty for periodic duties.
    pub case: String,
    /// The line of the event where it is found; `None` for a period without an event.
    pub line: Option<u64>,
    pub code: &'static str,
    /// The step, timer or duty it is about.
    pub item: Option<String>,
    /// The period, for a periodic duty.
    pub period: Option<String>,
}

/// What a run produced besides the trace.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub cases: u64,
    pub events: u64,
    pub labels: Vec<Label>,
}

/// A case being written: its plan and the lines its events got.
struct Slot {
    id: String,
    plan: CasePlan,
    lines: Vec<u64>,
    written: usize,
}

/// The day the `n`th duty event of a period may fall on, and its period number.
struct DutyClock {
    duty: usize,
    every: crate::duration::Duration,
    next: Option<(Stamp, i64)>,
}

struct Run<'a> {
    model: &'a Model,
    flow: &'a Flow<'a>,
    days: &'a Days<'a>,
    clock: &'a Clock<'a>,
    config: &'a Config,
    rng: ChaCha8Rng,
    out: Generated,
    first: Option<Stamp>,
    last: Option<Stamp>,
    opens: Vec<(String, OpenPlan, u64)>,
    emitted: Vec<BTreeSet<i64>>,
    kinds: Vec<(&'static Code, f64)>,
}

/// Generates a trace of `config.cases` cases of `model` into `out`, in `format`.
pub fn simulate(
    model: &Model,
    calendar: &Calendar,
    config: &Config,
    format: Format,
    out: &mut dyn Write,
) -> Result<Generated, String> {
    let flow = Flow::new(model);
    let days = Days::new(calendar);
    let offset = calendar.timezone().local_minus_utc();
    let clock = Clock { days: &days, offset };
    let kinds: Vec<(&'static Code, f64)> = INJECTABLE
        .iter()
        .filter(|c| **c != codes::DUTY_MISSED)
        .map(|c| (*c, config.probabilities.kind_weight(c)))
        .filter(|(_, w)| *w > 0.0)
        .collect();
    let mut run = Run {
        model,
        flow: &flow,
        days: &days,
        clock: &clock,
        config,
        rng: ChaCha8Rng::seed_from_u64(config.seed),
        out: Generated::default(),
        first: None,
        last: None,
        opens: Vec::new(),
        emitted: vec![BTreeSet::new(); model.periodic.len()],
        kinds,
    };
    let names: Vec<String> = model.attributes.iter().map(|a| a.id.clone()).collect();
    match format {
        Format::Xes => run.xes(out, names)?,
        Format::Csv | Format::JsonLines => run.lines(out, names, format == Format::JsonLines)?,
    }
    run.finish()?;
    Ok(run.out)
}

impl Run<'_> {
    fn seen(&mut self, t: Stamp) {
        if self.first.is_none_or(|f| t.utc < f.utc) {
            self.first = Some(t);
        }
        if self.last.is_none_or(|l| t.utc > l.utc) {
            self.last = Some(t);
        }
    }

    fn case_id(&self, n: u64) -> String {
        let width = self.config.cases.max(1).to_string().len().max(4);
        format!("C{n:0width$}")
    }

    /// The arrival times, one after the other.
    fn arrival(&mut self, previous: Stamp) -> Stamp {
        let mean = f64::from(self.config.span_days.max(1)) * 86_400.0 / self.config.cases.max(1) as f64;
        let u: f64 = self.rng.random_range(f64::EPSILON..1.0);
        Stamp { utc: previous.utc + (-u.ln() * mean).round() as i64, offset: previous.offset }
    }

    fn start(&self) -> Stamp {
        let day = day_of(self.config.start);
        Stamp { utc: day * 86_400 + 7 * 3600 - i64::from(self.clock.offset), offset: self.clock.offset }
    }

    fn plan(&mut self, arrival: Stamp) -> Result<CasePlan, String> {
        let inject = if self.rng.random_bool(self.config.deviations.clamp(0.0, 1.0)) {
            let kinds = self.kinds.clone();
            let total: f64 = kinds.iter().map(|(_, w)| w).sum();
            let mut x = self.rng.random_range(0.0..total.max(f64::MIN_POSITIVE));
            let mut chosen = None;
            for (code, w) in kinds {
                if x < w {
                    chosen = Some(code);
                    break;
                }
                x -= w;
            }
            chosen
        } else {
            None
        };
        let planner = Planner { flow: self.flow, clock: self.clock, probabilities: &self.config.probabilities };
        planner.plan(&mut self.rng, arrival, inject)
    }

    /// Files a written case's labels, or keeps it for the end when it is left open.
    fn settle(&mut self, slot: Slot) {
        for label in &slot.plan.labels {
            self.out.labels.push(Label {
                case: slot.id.clone(),
                line: slot.lines.get(label.event).copied(),
                code: label.code.code,
                item: label.item.clone(),
                period: None,
            });
        }
        if let (Some(open), Some(last)) = (slot.plan.open, slot.lines.last()) {
            self.opens.push((slot.id, open, *last));
        }
    }

    /// The duty clocks, each at its first period from the start.
    fn duty_clocks(&mut self) -> Result<Vec<DutyClock>, String> {
        let start = self.start();
        let mut clocks = Vec::new();
        for (d, duty) in self.model.periodic.iter().enumerate() {
            let Some(every) = duty.every else { continue };
            let Some(p) = period_of(self.days, every, start) else { continue };
            let mut c = DutyClock { duty: d, every, next: None };
            c.next = self.duty_time(&c, p, start)?;
            clocks.push(c);
        }
        Ok(clocks)
    }

    /// A time in period `p` (or a later one with a working day), not before `not_before`.
    fn duty_time(&mut self, c: &DutyClock, p: i64, not_before: Stamp) -> Result<Option<(Stamp, i64)>, String> {
        for q in p..p + 400 {
            let working: Vec<i64> = self
                .period_days(c.every, q)?
                .into_iter()
                .filter(|d| *d >= not_before.local_day() && self.days.is_working(*d).unwrap_or(false))
                .collect();
            if working.is_empty() {
                continue;
            }
            let day = working.get(self.rng.random_range(0..working.len())).copied().unwrap_or_default();
            let t = self.clock.office_time(&mut self.rng, day).map_err(|e| e.to_string())?;
            if period_of(self.days, c.every, t) == Some(q) {
                return Ok(Some((t, q)));
            }
        }
        Ok(None)
    }

    /// The days of period `p` of a duty done `every` (day-based units; others: the day it
    /// starts on).
    fn period_days(&self, every: crate::duration::Duration, p: i64) -> Result<Vec<i64>, String> {
        use crate::duration::Unit;
        let n = i64::from(every.amount.max(1));
        Ok(match every.unit {
            Unit::Days => (p * n..p * n + n).collect(),
            Unit::WorkingDays => (p * n + 1..=p * n + n).filter_map(|o| self.days.working_day(o)).collect(),
            Unit::Months => {
                let (first, last) = (p * n, p * n + n);
                let day = |m: i64| {
                    chrono::NaiveDate::from_ymd_opt(
                        i32::try_from(m.div_euclid(12)).unwrap_or(9999),
                        u32::try_from(m.rem_euclid(12) + 1).unwrap_or(1),
                        1,
                    )
                    .map(day_of)
                };
                match (day(first), day(last)) {
                    (Some(a), Some(b)) => (a..b).collect(),
                    _ => Vec::new(),
                }
            }
            Unit::Minutes | Unit::Hours => {
                let len = if every.unit == Unit::Minutes { 60 * n } else { 3600 * n };
                vec![(p * len + i64::from(self.clock.offset)).div_euclid(86_400)]
            }
        })
    }

    /// Writes a duty's event for its current period (or leaves it out), and moves its clock on.
    fn duty_event(&mut self, c: &mut DutyClock) -> Result<Option<(Stamp, String)>, String> {
        let Some((t, p)) = c.next else { return Ok(None) };
        let omit = self.rng.random_bool(self.config.deviations.clamp(0.0, 1.0));
        let actor = self.model.periodic.get(c.duty).and_then(|d| {
            d.actors.get(self.rng.random_range(0..d.actors.len().max(1))).map(|a| self.flow.actor_id(*a).to_string())
        });
        let after = Stamp::end_of_day(t.local_day(), t.offset);
        c.next = self.duty_time(c, p + 1, Stamp { utc: after.utc + 1, offset: t.offset })?;
        if omit {
            return Ok(None);
        }
        if let Some(seen) = self.emitted.get_mut(c.duty) {
            seen.insert(p);
        }
        Ok(Some((t, actor.unwrap_or_default())))
    }

    /// CSV or JSON Lines: cases interleaved in time order.
    fn lines(&mut self, out: &mut dyn Write, names: Vec<String>, json: bool) -> Result<(), String> {
        let mut writer = LineWriter::new(out, json, names)?;
        let mut heap: BinaryHeap<Reverse<(i64, u64, usize)>> = BinaryHeap::new();
        let mut slots: BTreeMap<u64, Slot> = BTreeMap::new();
        let mut duties = self.duty_clocks()?;
        let mut remaining = self.config.cases;
        let mut next_arrival = self.arrival(self.start());
        let mut n: u64 = 0;
        loop {
            let head = heap.peek().map(|Reverse((key, _, _))| *key);
            if remaining > 0 && head.is_none_or(|k| next_arrival.utc <= k) {
                n += 1;
                remaining -= 1;
                let plan = self.plan(next_arrival)?;
                for (i, e) in plan.events.iter().enumerate() {
                    heap.push(Reverse((e.key, n, i)));
                }
                let id = self.case_id(n);
                let lines = vec![0; plan.events.len()];
                slots.insert(n, Slot { id, plan, lines, written: 0 });
                self.out.cases += 1;
                next_arrival = self.arrival(next_arrival);
                continue;
            }
            let Some(Reverse((key, case, i))) = heap.peek().copied() else { break };
            // A duty event due before the next case event goes first.
            if let Some(c) = duties
                .iter_mut()
                .filter(|c| c.next.is_some_and(|(t, _)| t.utc < key))
                .min_by_key(|c| c.next.map(|(t, _)| t.utc))
            {
                if let Some((t, actor)) = self.duty_event(c)? {
                    let id = self.model.periodic.get(c.duty).map(|d| d.id.clone()).unwrap_or_default();
                    let row = Row {
                        case: "",
                        activity: &id,
                        time: t,
                        actor: Some(&actor).filter(|a| !a.is_empty()).map(|a| a.as_str()),
                        attributes: &[],
                    };
                    let blank: Vec<Option<String>> = vec![None; self.model.attributes.len()];
                    writer.write(&Row { attributes: &blank, ..row })?;
                    self.out.events += 1;
                    self.seen(t);
                }
                continue;
            }
            heap.pop();
            let Some(slot) = slots.get_mut(&case) else { continue };
            let Some(event) = slot.plan.events.get(i) else { continue };
            let row = Row {
                case: &slot.id,
                activity: &event.activity,
                time: event.time,
                actor: event.actor.as_deref(),
                attributes: &slot.plan.attributes,
            };
            let line = writer.write(&row)?;
            let time = event.time;
            if let Some(l) = slot.lines.get_mut(i) {
                *l = line;
            }
            slot.written += 1;
            self.out.events += 1;
            self.seen(time);
            if slot.written == slot.plan.events.len() {
                if let Some(done) = slots.remove(&case) {
                    self.settle(done);
                }
            }
        }
        Ok(())
    }

    /// XES: each case as one trace, then the duties' events in a trace of their own.
    fn xes(&mut self, out: &mut dyn Write, names: Vec<String>) -> Result<(), String> {
        let mut writer = XesWriter::new(out, names)?;
        let mut arrival = self.arrival(self.start());
        for n in 1..=self.config.cases {
            let plan = self.plan(arrival)?;
            let id = self.case_id(n);
            let rows: Vec<Row<'_>> = plan
                .events
                .iter()
                .map(|e| Row {
                    case: &id,
                    activity: &e.activity,
                    time: e.time,
                    actor: e.actor.as_deref(),
                    attributes: &[],
                })
                .collect();
            let lines = writer.trace(Some(&id), &plan.attributes, &rows)?;
            for e in &plan.events {
                self.seen(e.time);
            }
            self.out.events += plan.events.len() as u64;
            self.out.cases += 1;
            let slot = Slot { id: id.clone(), written: lines.len(), lines, plan };
            self.settle(slot);
            arrival = self.arrival(arrival);
        }
        let end = self.last;
        let mut duties = self.duty_clocks()?;
        let mut events: Vec<(Stamp, String, String)> = Vec::new();
        for c in &mut duties {
            while let Some((t, _)) = c.next {
                if end.is_none_or(|e| t.utc > e.utc) {
                    break;
                }
                if let Some((t, actor)) = self.duty_event(c)? {
                    let id = self.model.periodic.get(c.duty).map(|d| d.id.clone()).unwrap_or_default();
                    events.push((t, id, actor));
                }
            }
        }
        events.sort_by(|a, b| (a.0.utc, &a.1).cmp(&(b.0.utc, &b.1)));
        if !events.is_empty() {
            let rows: Vec<Row<'_>> = events
                .iter()
                .map(|(t, id, actor)| Row {
                    case: "",
                    activity: id,
                    time: *t,
                    actor: Some(actor.as_str()).filter(|a| !a.is_empty()),
                    attributes: &[],
                })
                .collect();
            writer.trace(None, &[], &rows)?;
            for (t, _, _) in &events {
                self.seen(*t);
            }
            self.out.events += events.len() as u64;
        }
        writer.finish()
    }

    /// Labels what only the end of the log decides: open cases and periods without an event.
    fn finish(&mut self) -> Result<(), String> {
        let (Some(first), Some(as_of)) = (self.first, self.last) else { return Ok(()) };
        let mut errors = Vec::new();
        for (case, open, line) in std::mem::take(&mut self.opens) {
            if open.pos.is_some_and(|p| self.flow.can_end(p)) {
                continue;
            }
            let state = OpenState {
                pos: open.pos,
                attrs: &open.attrs,
                moved: open.moved,
                step_times: &open.step_times,
                timers: &open.timers,
                first: open.first,
            };
            let limits = open_limits(self.flow, self.days, &state, &mut errors);
            let at: Option<String> = open.pos.map(|p: StepIdx| self.flow.step_id(p).to_string());
            let (code, item) = match limits.iter().find(|l| as_of.utc > l.due.utc) {
                Some(l) => (codes::OPEN_OVERDUE.code, l.subject.clone().or(at)),
                None => (codes::OPEN_WITHIN.code, at),
            };
            self.out.labels.push(Label { case, line: Some(line), code, item, period: None });
        }
        for (d, duty) in self.model.periodic.iter().enumerate() {
            let Some(every) = duty.every else { continue };
            let list = periods(self.days, every, first, as_of)?;
            for period in list {
                if !self.emitted.get(d).is_some_and(|s| s.contains(&period.number)) {
                    self.out.labels.push(Label {
                        case: String::new(),
                        line: None,
                        code: codes::DUTY_MISSED.code,
                        item: Some(duty.id.clone()),
                        period: Some(period.name),
                    });
                }
            }
        }
        if let Some(e) = errors.first() {
            return Err(e.clone());
        }
        self.out.labels.sort();
        Ok(())
    }
}

/// The label file as CSV: `case_id,code,name,item,line,period`.
pub fn labels_csv(labels: &[Label]) -> String {
    let mut out = String::from("case_id,code,name,item,line,period\n");
    for l in labels {
        let name = codes::lookup(l.code).map_or("", |c| c.name);
        let quote = |s: &str| {
            if s.contains(',') || s.contains('"') {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            quote(&l.case),
            l.code,
            name,
            quote(l.item.as_deref().unwrap_or_default()),
            l.line.map(|n| n.to_string()).unwrap_or_default(),
            quote(l.period.as_deref().unwrap_or_default())
        ));
    }
    out
}

/// The label file's path for a trace: `trace.csv` → `trace.labels.csv`.
pub fn labels_path(trace: &std::path::Path) -> std::path::PathBuf {
    let stem = trace.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "trace".into());
    trace.with_file_name(format!("{stem}.labels.csv"))
}
