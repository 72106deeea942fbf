//! Subcommands. Each file wires one command to the library's stages.

mod audit_cmd;
pub mod calendar_cmd;
mod check_cmd;
mod files;
mod fmt_cmd;
mod render_cmd;
mod rules_cmd;
mod show_cmd;
mod simulate_cmd;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Exit codes: 0 clean, 1 problems found, 2 usage or I/O error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean = 0,
    Problems = 1,
    UsageOrIo = 2,
}

#[derive(Debug, Parser)]
#[command(name = "sop", version, about = "Write, check and show Indonesian public-service SOPs (.sop files)")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check .sop files (or every .sop file in a directory) and report every problem
    Check(CheckArgs),
    /// List every diagnostic rule: code, name, severity
    Rules,
    /// Print the documentation of one rule (by code or name)
    Explain { code: String },
    /// Print an SOP as a readable table, or its model as JSON
    Show(ShowArgs),
    /// Format .sop files canonically (comments kept)
    Fmt(FmtArgs),
    /// Working-day arithmetic on the Indonesian calendar
    Calendar(calendar_cmd::CalendarArgs),
    /// Draw the SOP-AP document (identity page + flowchart) as SVG, PDF, PNG or Graphviz DOT
    Render(render_cmd::RenderArgs),
    /// Replay event logs (CSV, JSON Lines, XES) against an SOP and report every deviation
    Audit(audit_cmd::AuditArgs),
    /// Generate a realistic event log of an SOP, with injected deviations and a label file
    Simulate(simulate_cmd::SimulateArgs),
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// What to treat as failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    #[value(alias = "warning")]
    Warnings,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or directories to check
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit 1 on warnings too
    #[arg(long, value_enum)]
    deny: Option<Deny>,
    /// A regulation profile (TOML) instead of the bundled national one
    #[arg(long)]
    profile: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ShowArgs {
    file: PathBuf,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Debug, clap::Args)]
struct FmtArgs {
    /// Files or directories to format
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Do not write; exit 1 if any file is not formatted
    #[arg(long)]
    check: bool,
}

/// Writes command output to stdout. When the reader has gone away (`sop ... | head`), the
/// rest of the output is unwanted: stop quietly instead of failing.
pub fn emit(text: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {error}");
        std::process::exit(Outcome::UsageOrIo as i32);
    }
}

/// Runs the chosen command. `Err` is a usage or I/O problem, reported with exit code 2.
pub fn run(cli: Cli) -> Result<Outcome, String> {
    match cli.command {
        Command::Check(args) => check_cmd::run(&args),
        Command::Rules => {
            emit(&rules_cmd::list());
            Ok(Outcome::Clean)
        }
        Command::Explain { code } => {
            emit(&rules_cmd::explain(&code)?);
            Ok(Outcome::Clean)
        }
        Command::Show(args) => show_cmd::run(&args),
        Command::Fmt(args) => fmt_cmd::run(&args),
        Command::Calendar(args) => {
            emit(&calendar_cmd::run(&args)?);
            Ok(Outcome::Clean)
        }
        Command::Render(args) => render_cmd::run(&args),
        Command::Audit(args) => audit_cmd::run(&args),
        Command::Simulate(args) => simulate_cmd::run(&args),
    }
}
