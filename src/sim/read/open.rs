//! Opening a trace file: what its first bytes say it is, gzip unpacked as it is read.
//!
//! Process-mining logs are usually shipped compressed (`log.xes.gz`), and a log exported
//! from a spreadsheet may arrive as the spreadsheet itself; the first is read, the second is
//! refused with what to do instead of being read as a CSV of nonsense.

use super::{read, Format, Sink, Source};
use flate2::bufread::MultiGzDecoder;
use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

const GZIP: &[u8] = &[0x1f, 0x8b];
/// A ZIP archive, as `.xlsx` and `.ods` files are.
const ZIP: &[u8] = b"PK\x03\x04";
/// An OLE compound file, as `.xls` files are.
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

/// How a trace is named in the report: its path, or `<stdin>` for `-`.
pub fn trace_name(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads the trace at `path` (`-`: standard input) into `sink`, in `format` or else the one
/// its name says; `progress` is told the bytes of the file read so far now and then (of the
/// compressed file, for gzip). An `Err` is a file that cannot be read at all (missing, no
/// header, broken XML, a spreadsheet).
pub fn read_path<S: Sink>(
    path: &Path,
    format: Option<Format>,
    source: &Source<'_>,
    sink: &mut S,
    progress: &mut dyn FnMut(u64),
) -> Result<(), String> {
    let name = trace_name(path);
    let raw: Box<dyn Read> = if is_stdin(path) {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(File::open(path).map_err(|e| format!("cannot read '{name}': {e}"))?)
    };
    // A spreadsheet's name is trusted unless the format was given.
    let spreadsheet_name = format.is_none() && is_spreadsheet(path);
    let format = format.or_else(|| Format::named(path));
    read_stream(raw, format, spreadsheet_name, source, sink, progress).map_err(|e| format!("{name}{e}"))
}

/// Reads `raw` as a trace in `format`, or else the one its first bytes look like (gzip
/// unpacked first); an `Err` (to follow the file's name) is a trace that cannot be read at all.
fn read_stream<S: Sink>(
    raw: Box<dyn Read + '_>,
    format: Option<Format>,
    spreadsheet_name: bool,
    source: &Source<'_>,
    sink: &mut S,
    progress: &mut dyn FnMut(u64),
) -> Result<(), String> {
    let counted = Counted { inner: raw, bytes: Rc::new(Cell::new(0)) };
    let bytes = Rc::clone(&counted.bytes);
    let mut input = BufReader::with_capacity(1 << 16, counted);
    let head = input.fill_buf().map_err(|e| format!(": cannot read: {e}"))?;
    if head.starts_with(GZIP) {
        let mut unpacked = BufReader::with_capacity(1 << 16, Unpacked(MultiGzDecoder::new(input)));
        let head = unpacked.fill_buf().map_err(|e| format!(":1: cannot read: {e}"))?;
        let format = format.unwrap_or_else(|| looks_like(head));
        read(format, unpacked, source, sink, &mut |_| progress(bytes.get()))
    } else if head.starts_with(ZIP) || head.starts_with(OLE) || spreadsheet_name {
        Err(": this is a spreadsheet or ZIP archive, not a trace; save the sheet as CSV (CSV UTF-8 in \
             spreadsheet programs), or unpack the archive, and audit that file"
            .to_string())
    } else {
        let format = format.unwrap_or_else(|| looks_like(head));
        read(format, input, source, sink, progress)
    }
}

/// The format of a trace whose name does not say it (standard input, `export.txt`): JSON Lines
/// when it starts with `{`, XES with `<`, else CSV.
fn looks_like(head: &[u8]) -> Format {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Format::JsonLines,
        Some(b'<') => Format::Xes,
        _ => Format::Csv,
    }
}

fn is_spreadsheet(path: &Path) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// A reader that counts the bytes read through it, for progress over a compressed file.
struct Counted<R> {
    inner: R,
    bytes: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.set(self.bytes.get() + n as u64);
        Ok(n)
    }
}

/// A gzip stream whose errors say what they mean to someone holding the file.
struct Unpacked<R>(MultiGzDecoder<R>);

impl<R: BufRead> Read for Unpacked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            let why = format!("the gzip file is damaged or cut short ({e}); the events before this line were read");
            std::io::Error::new(e.kind(), why)
        })
    }
}
