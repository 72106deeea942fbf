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
mod duties;
mod order;
pub mod plan;
pub mod write;

use crate::calendar::Calendar;
use crate::model::{Model, StepIdx};
use crate::sim::case::{open_limits, OpenState};
use crate::sim::days::{day_of, Days};
use crate::sim::deviation::{self as codes, Code};
use crate::sim::flow::Flow;
use crate::sim::periodic::periods;
use crate::sim::read::{gzip_inner, Format};
use crate::sim::time::Stamp;
use clock::Clock;
pub use config::{Config, Probabilities, INJECTABLE};
use flate2::write::GzEncoder;
use flate2::Compression;
use plan::{CasePlan, OpenPlan, Planner};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// How many paths a case picked to deviate is planned on before it is left compliant.
const ATTEMPTS: usize = 8;

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
        let planner = Planner { flow: self.flow, clock: self.clock, probabilities: &self.config.probabilities };
        if !self.rng.random_bool(self.config.deviations.clamp(0.0, 1.0)) {
            return planner.plan(&mut self.rng, arrival, None);
        }
        // A case picked to deviate gets one: a kind its path gives no place for is tried
        // again, with another kind and path, so the share of deviating cases is the rate.
        let kind = self.kind();
        let mut plan = planner.plan(&mut self.rng, arrival, kind)?;
        for _ in 1..ATTEMPTS {
            if plan.injected {
                break;
            }
            let kind = self.kind();
            plan = planner.plan(&mut self.rng, arrival, kind)?;
        }
        Ok(plan)
    }

    /// A deviation kind, by the kinds' weights.
    fn kind(&mut self) -> Option<&'static Code> {
        let total: f64 = self.kinds.iter().map(|(_, w)| w).sum();
        let mut x = self.rng.random_range(0.0..total.max(f64::MIN_POSITIVE));
        for &(code, w) in &self.kinds {
            if x < w {
                return Some(code);
            }
            x -= w;
        }
        None
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

    /// Labels what only the end of the log decides: open cases and periods without an event.
    fn finish(&mut self) -> Result<(), String> {
        let (Some(first), Some(as_of)) = (self.first, self.last) else { return Ok(()) };
        let mut errors = Vec::new();
        for (case, open, line) in std::mem::take(&mut self.opens) {
            let state = OpenState {
                pos: open.pos,
                attrs: &open.attrs,
                moved: open.moved,
                step_times: &open.step_times,
                timers: &open.timers,
                first: open.first,
            };
            if state.has_ended(self.flow, as_of) {
                continue;
            }
            let limits = open_limits(self.flow, self.days, &state, &mut errors).limits;
            let at: Option<String> = open.pos.map(|p: StepIdx| self.flow.step_id(p).to_string());
            let (code, item) = match limits.iter().find(|l| as_of.utc > l.due.utc) {
                Some(l) => (codes::OPEN_OVERDUE.code, l.subject.clone()),
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

/// The label file's path for a trace: `trace.csv` (or `trace.csv.gz`) → `trace.labels.csv`.
pub fn labels_path(trace: &Path) -> PathBuf {
    let stem = gzip_inner(trace).unwrap_or(trace).file_stem().map(|s| s.to_string_lossy().into_owned());
    trace.with_file_name(format!("{}.labels.csv", stem.unwrap_or_else(|| "trace".into())))
}

/// Like [`simulate`], into the file at `path`, in the format its name says; gzip-compressed
/// when the name ends in `.gz` (the same seed still gives the same bytes). A regular file is
/// written beside its target (a link is followed) under another name and renamed when complete,
/// keeping the old file's permissions, so a run that fails part way (a year without holiday
/// data) leaves an earlier log as it was; anything else (`/dev/stdout`, a pipe) is written to
/// directly.
pub fn simulate_to_file(model: &Model, calendar: &Calendar, config: &Config, path: &Path) -> Result<Generated, String> {
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        return write_log(model, calendar, config, path, path);
    }
    let target = if existing.is_some() {
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let partial = target.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let cannot = |e: std::io::Error| format!("cannot write '{}': {e}", path.display());
    let written = write_log(model, calendar, config, path, &partial).and_then(|g| {
        if let Some(old) = &existing {
            std::fs::set_permissions(&partial, old.permissions()).map_err(cannot)?;
        }
        std::fs::rename(&partial, &target).map_err(cannot)?;
        Ok(g)
    });
    if written.is_err() {
        // Nothing to undo when the partial file was never made.
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// Writes the log that belongs at `path` (its name gives the format) into the file `into`.
fn write_log(
    model: &Model,
    calendar: &Calendar,
    config: &Config,
    path: &Path,
    into: &Path,
) -> Result<Generated, String> {
    let cannot = |e: std::io::Error| format!("cannot write '{}': {e}", path.display());
    let file = BufWriter::with_capacity(1 << 16, File::create(into).map_err(cannot)?);
    let format = Format::of(path);
    if gzip_inner(path).is_some() {
        let mut out = GzEncoder::new(file, Compression::default());
        let generated = simulate(model, calendar, config, format, &mut out)?;
        out.finish().and_then(|mut file| file.flush()).map_err(cannot)?;
        Ok(generated)
    } else {
        let mut out = file;
        let generated = simulate(model, calendar, config, format, &mut out)?;
        out.flush().map_err(cannot)?;
        Ok(generated)
    }
}
