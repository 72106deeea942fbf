//! The `sop` command line: parses arguments, runs a stage, prints, picks the exit code.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(outcome) => ExitCode::from(outcome as u8),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(cli::Outcome::UsageOrIo as u8)
        }
    }
}
