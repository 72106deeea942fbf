//! `sop audit`: replay traces against an SOP and report every deviation.
//!
//! ```text
//! sop audit sops/rembang.sop lapor-2025.csv --mapping lapor.toml --format json -o report.json
//! ```

use super::{files, Outcome};
use indicatif::{ProgressBar, ProgressStyle};
use sop::calendar::Calendar;
use sop::check::Profile;
use sop::diagnostic::render_human;
use sop::model::Model;
use sop::pipeline::check_bytes;
use sop::sim::read::mapping::Mapping;
use sop::sim::read::Format;
use sop::sim::report::{self, Verdict};
use sop::sim::{self, AuditOptions};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Replay event logs (CSV, JSON Lines, XES) against an SOP and report every deviation
#[derive(Debug, Clone, clap::Args)]
pub struct AuditArgs {
    /// The SOP (.sop file)
    pub sop: PathBuf,
    /// Trace files, read in order as one log: .csv, .jsonl or .xes, each maybe gzip-compressed
    /// (.gz); `-` reads standard input. A trace whose name does not say its format is read as
    /// what it starts with: JSON Lines from '{', XES from '<', else CSV
    #[arg(required = true)]
    pub traces: Vec<PathBuf>,
    /// Read every trace in this format, whatever its name says
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub trace_format: Option<TraceFormat>,
    /// A TOML file mapping the log's activity, actor, attribute and column names to the SOP's
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// A regency's own calendar file, applied on top of the bundled national calendar
    #[arg(long, value_name = "FILE")]
    pub calendar: Option<PathBuf>,
    /// Judge open cases and periodic duties as of this moment (default: the latest event);
    /// a date alone means the end of that day
    #[arg(long, value_name = "DATETIME")]
    pub as_of: Option<String>,
    /// List every event of this case, with the step it stands for and its findings beside it
    /// (text and JSON reports); may be given several times
    #[arg(long = "case", value_name = "ID")]
    pub cases: Vec<String>,
    /// Report format
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// The formats `--trace-format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceFormat {
    Csv,
    Jsonl,
    Xes,
}

impl From<TraceFormat> for Format {
    fn from(format: TraceFormat) -> Format {
        match format {
            TraceFormat::Csv => Format::Csv,
            TraceFormat::Jsonl => Format::JsonLines,
            TraceFormat::Xes => Format::Xes,
        }
    }
}

/// How `sop audit` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// For people: summary, counts, worst steps and actors, then per case
    Text,
    /// For tools: one object per finding
    Json,
    /// One row per finding
    Csv,
}

/// Reads, checks and lowers an SOP; an SOP with errors is refused (its diagnostics go to
/// standard error).
pub fn load_model(path: &Path) -> Result<Model, String> {
    let bytes = files::read(path)?;
    let profile = Profile::bundled().map_err(|e| format!("bundled profile: {e}"))?;
    let (source, checked) = check_bytes(&bytes, &profile);
    let name = path.display().to_string();
    if checked.has_errors() {
        let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
        eprint!("{}", render_human(&errors, &name, &source));
        return Err(format!("'{name}' has errors; fix them first (sop check {name})"));
    }
    checked.model.ok_or_else(|| format!("'{name}' could not be read as an SOP"))
}

/// The SOP and its traces given the wrong way round, the commonest slip: said as such, rather
/// than as a page of syntax errors from reading a trace as an SOP.
fn check_order(sop: &Path, traces: &[PathBuf]) -> Result<(), String> {
    let usage = "give the SOP first, then its traces: sop audit SOP.sop TRACE...";
    if Format::named(sop).is_some() {
        return Err(format!("'{}' is a trace, not an SOP; {usage}", sop.display()));
    }
    match traces.iter().find(|t| t.extension().is_some_and(|e| e.eq_ignore_ascii_case("sop"))) {
        Some(t) => Err(format!("'{}' is an SOP, not a trace; {usage}", t.display())),
        None => Ok(()),
    }
}

/// The bundled calendar, with a regency's file on top when given.
pub fn load_calendar(path: Option<&PathBuf>) -> Result<Calendar, String> {
    match path {
        Some(path) => Calendar::with_overrides(path),
        None => Calendar::bundled(),
    }
    .map_err(|e| e.to_string())
}

/// Writes `text` to `output`, or to standard output.
pub fn write_out(output: Option<&PathBuf>, text: &str) -> Result<(), String> {
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("cannot write '{}': {e}", path.display())),
        None => {
            super::emit(text);
            Ok(())
        }
    }
}

/// A progress bar over `total` bytes on standard error, only when it is a terminal.
fn progress_bar(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() || total < 8 << 20 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template("{spinner} auditing [{bar:40}] {bytes}/{total_bytes} ({eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

pub fn run(args: &AuditArgs) -> Result<Outcome, String> {
    check_order(&args.sop, &args.traces)?;
    let model = load_model(&args.sop)?;
    let calendar = load_calendar(args.calendar.as_ref())?;
    let mapping = match &args.mapping {
        Some(path) => Mapping::load(path, &model).map_err(|e| e.to_string())?,
        None => Mapping::default(),
    };
    let as_of = args.as_of.as_deref().map(|t| sim::parse_as_of(t, &calendar)).transpose()?;
    let total = args.traces.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
    let bar = progress_bar(total);
    let trace_format = args.trace_format.map(Format::from);
    let options = AuditOptions { mapping, as_of, trace_format, cases: args.cases.clone() };
    let report = sim::audit(&model, &calendar, &args.traces, &options, &mut |bytes| bar.set_position(bytes));
    bar.finish_and_clear();
    let text = match args.format {
        ReportFormat::Text => report::text::render(&report),
        ReportFormat::Json => report::json::render(&report).map_err(|e| e.to_string())?,
        ReportFormat::Csv => report::csv::render(&report).map_err(|e| e.to_string())?,
    };
    write_out(args.output.as_ref(), &text)?;
    for error in &report.errors {
        eprintln!("error: {error}");
    }
    Ok(match report.verdict() {
        Verdict::Complies => Outcome::Clean,
        Verdict::Deviations => Outcome::Problems,
        Verdict::Errors => Outcome::UsageOrIo,
    })
}
