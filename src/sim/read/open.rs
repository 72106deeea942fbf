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

/// Reads the trace at `path` into `sink`; `progress` is told the bytes of the file read so far
/// now and then (of the compressed file, for gzip). An `Err` is a file that cannot be read at
/// all (missing, no header, broken XML, a spreadsheet).
pub fn read_path<S: Sink>(
    path: &Path,
    source: &Source<'_>,
    sink: &mut S,
    progress: &mut dyn FnMut(u64),
) -> Result<(), String> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| format!("cannot read '{name}': {e}"))?;
    let counted = Counted { inner: file, bytes: Rc::new(Cell::new(0)) };
    let bytes = Rc::clone(&counted.bytes);
    let mut input = BufReader::with_capacity(1 << 16, counted);
    let head = input.fill_buf().map_err(|e| format!("{name}: cannot read: {e}"))?;
    let format = Format::of(path);
    let result = if head.starts_with(GZIP) {
        let unpacked = BufReader::with_capacity(1 << 16, Unpacked(MultiGzDecoder::new(input)));
        read(format, unpacked, source, sink, &mut |_| progress(bytes.get()))
    } else if head.starts_with(ZIP) || head.starts_with(OLE) || is_spreadsheet(path) {
        Err(": this is a spreadsheet or ZIP archive, not a trace; save the sheet as CSV (CSV UTF-8 in \
             spreadsheet programs), or unpack the archive, and audit that file"
            .to_string())
    } else {
        read(format, input, source, sink, progress)
    };
    result.map_err(|e| format!("{name}{e}"))
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
