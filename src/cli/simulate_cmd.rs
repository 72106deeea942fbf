//! `sop simulate`: generate a realistic trace with a ground-truth label file.
//!
//! ```text
//! sop simulate sops/rembang.sop --cases 500 --seed 7 --start 2025-01-06 --deviations 0.1 -o trace.csv
//! ```

use super::audit_cmd::{load_calendar, load_model};
use super::Outcome;
use chrono::NaiveDate;
use sop::sim::deviation as codes;
use sop::sim::generate::{self, Config, Probabilities};
use std::path::PathBuf;

/// Generate a realistic event log of an SOP (CSV, JSON Lines or XES) and its label file
#[derive(Debug, Clone, clap::Args)]
pub struct SimulateArgs {
    /// The SOP (.sop file)
    pub sop: PathBuf,
    /// How many complaints (cases)
    #[arg(long)]
    pub cases: u64,
    /// The seed: the same seed gives the same bytes
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The day the first complaint may arrive, e.g. 2025-01-06
    #[arg(long)]
    pub start: NaiveDate,
    /// The share of cases given one injected deviation (0 to 1), also the share of periodic
    /// duty periods left out
    #[arg(long, default_value_t = 0.0)]
    pub deviations: f64,
    /// Only inject these kinds (codes or names, comma separated)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub kinds: Vec<String>,
    /// Over how many calendar days complaints arrive (default: from 30 to 300, by --cases)
    #[arg(long, value_name = "DAYS")]
    pub span_days: Option<u32>,
    /// A TOML file of weights for attribute values, branches, timers and deviation kinds
    #[arg(long, value_name = "FILE")]
    pub probabilities: Option<PathBuf>,
    /// Give every case this attribute value, e.g. --attribute kadar=pengawasan
    #[arg(long = "attribute", value_name = "NAME=VALUE")]
    pub attributes: Vec<String>,
    /// A regency's own calendar file, applied on top of the bundled national calendar
    #[arg(long, value_name = "FILE")]
    pub calendar: Option<PathBuf>,
    /// The trace to write: .csv, .jsonl or .xes, gzip-compressed when .gz follows; the labels
    /// go next to it (NAME.labels.csv)
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: PathBuf,
}

pub fn run(args: &SimulateArgs) -> Result<Outcome, String> {
    let model = load_model(&args.sop)?;
    let calendar = load_calendar(args.calendar.as_ref())?;
    if !(0.0..=1.0).contains(&args.deviations) {
        return Err(format!("--deviations {} is not a share between 0 and 1", args.deviations));
    }
    let mut probabilities = match &args.probabilities {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
            Probabilities::parse(&text, &model).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => Probabilities::default(),
    };
    if !args.kinds.is_empty() {
        probabilities.only(&args.kinds)?;
    }
    for fixed in &args.attributes {
        let (name, value) =
            fixed.split_once('=').ok_or_else(|| format!("--attribute '{fixed}': expected NAME=VALUE"))?;
        probabilities.fix_attribute(&model, name.trim(), value.trim())?;
    }
    let span_days = args.span_days.unwrap_or_else(|| (args.cases / 20).clamp(30, 300) as u32);
    let config = Config {
        cases: args.cases,
        seed: args.seed,
        start: args.start,
        span_days,
        deviations: args.deviations,
        probabilities,
    };
    let path = &args.output;
    let generated = generate::simulate_to_file(&model, &calendar, &config, path)?;
    let labels = generate::labels_path(path);
    std::fs::write(&labels, generate::labels_csv(&generated.labels))
        .map_err(|e| format!("cannot write '{}': {e}", labels.display()))?;
    if args.deviations > 0.0 {
        warn_kinds_not_injected(&args.kinds, &generated.labels);
    }
    eprintln!(
        "wrote {} events of {} cases to {}; {} deviations to find in {}",
        generated.events,
        generated.cases,
        path.display(),
        generated.labels.iter().filter(|l| l.code != "C815").count(),
        labels.display()
    );
    Ok(Outcome::Clean)
}

/// Says which kinds asked for with `--kinds` no case got: the SOP may give them no place (C806
/// needs a decision with guards, C809-C811 a timer), and an empty label file for them would
/// otherwise look like a test passed.
fn warn_kinds_not_injected(kinds: &[String], labels: &[generate::Label]) {
    for kind in kinds {
        let Some(code) = codes::lookup(kind.trim()) else { continue };
        // An open case injected as C814 is labelled C815 while it is within its limits.
        let injected = |l: &generate::Label| {
            l.code == code.code || (code.code == codes::OPEN_OVERDUE.code && l.code == codes::OPEN_WITHIN.code)
        };
        if !labels.iter().any(injected) {
            eprintln!(
                "warning: no case was given {} {}: this SOP may have no place for it (docs/audit.md, `sop simulate`, says where each kind can go)",
                code.code, code.name
            );
        }
    }
}
