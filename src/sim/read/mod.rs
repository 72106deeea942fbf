//! Trace readers: CSV, JSON Lines and XES, each streamed into a [`Sink`] one event at a time.
//!
//! A reader never keeps more than one record: events go to the sink as they are read, rows
//! that cannot be used go to it as [`InputIssue`]s with their file and line, so nothing is
//! dropped without a count.

pub mod columns;
pub mod csv;
pub mod jsonl;
mod keys;
pub mod mapping;
mod open;
pub mod xes;

pub use open::{read_path, trace_name};

use super::event::{InputIssue, Loc, RawEvent};
use crate::sim::time;
use columns::Names;
use std::io::BufRead;
use std::path::Path;

/// Where readers put what they read.
pub trait Sink {
    /// An event to replay.
    fn event(&mut self, event: &RawEvent<'_>);
    /// A row that cannot be used: counted as read and rejected.
    fn reject(&mut self, issue: InputIssue);
    /// A remark about the trace that rejects no row (a column that is not understood).
    fn note(&mut self, issue: InputIssue);
    /// An event left out on purpose: a `lifecycle:transition` other than `complete`.
    fn skip(&mut self, loc: Loc);
}

/// What a reader needs to know besides the bytes.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub names: &'a Names,
    /// The index of this file among the audited traces.
    pub file: u32,
    /// The offset (seconds east of UTC) for timestamps without one: the calendar's time zone.
    pub offset: i32,
    /// How the trace writes dates of numbers only (the mapping file's `dates`).
    pub dates: time::DateOrder,
}

/// What a reader is given besides its bytes: where the trace comes from, where its events go,
/// and whom to tell how far it has got.
pub struct Feed<'a, S> {
    pub source: &'a Source<'a>,
    pub sink: &'a mut S,
    pub progress: Progress<'a>,
}

/// Tells the caller the bytes read so far: every 65,536 records and at the end of the file.
pub struct Progress<'p> {
    tell: &'p mut dyn FnMut(u64),
    records: u64,
}

impl<'p> Progress<'p> {
    /// Progress told to `tell`.
    pub fn new(tell: &'p mut dyn FnMut(u64)) -> Self {
        Progress { tell, records: 0 }
    }

    /// One more record read, the file read up to `bytes`.
    pub fn record(&mut self, bytes: u64) {
        self.records += 1;
        if self.records.is_multiple_of(65_536) {
            (self.tell)(bytes);
        }
    }

    /// The file read to its end at `bytes`.
    pub fn end(&mut self, bytes: u64) {
        (self.tell)(bytes);
    }
}

/// The formats a trace can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
    Xes,
}

impl Format {
    /// The format a file's name says: `.xes`, `.jsonl`/`.ndjson`/`.json`, anything else CSV;
    /// a `.gz` after it is looked through (`log.xes.gz` is XES).
    pub fn of(path: &Path) -> Format {
        Format::named(path).unwrap_or(Format::Csv)
    }

    /// The format a file's name says, when its extension is one of a trace: `.csv`, `.tsv`,
    /// `.xes`, `.jsonl`, `.ndjson` or `.json`, each maybe followed by `.gz`.
    pub fn named(path: &Path) -> Option<Format> {
        let path = gzip_inner(path).unwrap_or(path);
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "xes" => Some(Format::Xes),
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            "csv" | "tsv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// The name of what a file named `NAME.gz` holds (`log.xes` for `log.xes.gz`); `None` when
/// the name does not end in `.gz`.
pub fn gzip_inner(path: &Path) -> Option<&Path> {
    path.extension().filter(|e| e.eq_ignore_ascii_case("gz")).and(path.file_stem()).map(Path::new)
}

/// `text` without the white space around it; most values have none, and are given back
/// without `str::trim`'s walk over their characters (a value that starts and ends with a
/// printable ASCII byte has nothing to trim, Unicode spaces included).
#[inline]
fn trimmed(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Reads a trace in `format` from `input` into `sink`; an `Err` (to follow the file's name) is
/// a trace that cannot be read at all.
pub fn read<R: BufRead, S: Sink>(
    format: Format,
    input: R,
    source: &Source<'_>,
    sink: &mut S,
    progress: &mut dyn FnMut(u64),
) -> Result<(), String> {
    let mut feed = Feed { source, sink, progress: Progress::new(progress) };
    match format {
        Format::Csv => csv::read(input, &mut feed),
        Format::JsonLines => jsonl::read(input, &mut feed),
        Format::Xes => xes::read(input, &mut feed),
    }
}
