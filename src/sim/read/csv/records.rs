//! Splitting CSV input into records: in place in a large buffer where a line has no quote,
//! through a small RFC 4180 reader (which also joins lines a quoted field runs over) where it
//! has one.
//!
//! The buffer is classified 64 bytes at a time: one bit per byte for newlines, separators,
//! quotes and non-ASCII bytes, made with vector compares (the `wide` crate: SSE2 on x86-64,
//! portable code elsewhere). A line is then its bits up to the next newline: no quote bit
//! among them means it is split where its separator bits are, without looking at its bytes
//! again, and no non-ASCII bit that it needs no UTF-8 check.

use super::block::{Block, BLOCK};
use crate::sim::event::Fields;
use std::io::Read;

/// Where the scan of a line without quotes stopped.
enum Scan {
    /// At the line's newline; its last field starts at `field` (relative to the line), and
    /// `ascii` says whether all its bytes are.
    Line { newline: usize, field: usize, ascii: bool },
    /// The line has a quote: the RFC 4180 reader takes it.
    Quote,
    /// At the end of the data read so far, without a newline.
    More { field: usize, ascii: bool },
}

/// Reads records out of a large buffer, counting lines. A record without quotes is found in
/// one pass over its classified bytes and split where it lies.
pub(super) struct Records<R> {
    input: R,
    delimiter: u8,
    buf: Vec<u8>,
    /// The unread part of `buf`.
    start: usize,
    end: usize,
    eof: bool,
    /// The block of `buf` classified last (lines are shorter than a block, so the next line
    /// usually starts in it).
    block: Block,
    /// The current record's place in `buf` (when it has no quotes).
    record: (usize, usize),
    /// The current record's fields without their quotes (when it has quotes).
    unquoted: Vec<u8>,
    quoted: bool,
    /// Whether the current (quoted) record ends at the end of the input inside a quote.
    open_quote: bool,
    bounds: Vec<(usize, usize)>,
    /// Whether the current record is all ASCII, and so known to be UTF-8.
    ascii: bool,
    /// The line the current record starts on, and the next line to read.
    pub(super) line: u64,
    pub(super) next: u64,
    pub(super) bytes: u64,
}

/// What the next record is.
pub(super) enum Record {
    Fields,
    Blank,
    End,
}

impl<R: Read> Records<R> {
    pub(super) fn new(input: R, delimiter: u8) -> Self {
        Records {
            input,
            delimiter,
            buf: vec![0; 1 << 18],
            start: 0,
            end: 0,
            eof: false,
            block: Block::NONE,
            record: (0, 0),
            unquoted: Vec::new(),
            quoted: false,
            open_quote: false,
            bounds: Vec::with_capacity(16),
            ascii: false,
            line: 1,
            next: 1,
            bytes: 0,
        }
    }

    /// Reads more input after what is left; grows the buffer for a record longer than it.
    fn fill(&mut self) -> Result<(), String> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = loop {
            let free = self.buf.get_mut(self.end..).unwrap_or_default();
            match self.input.read(free) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(format!(":{}: cannot read: {e}", self.next)),
            }
        };
        if n == 0 {
            self.eof = true;
        }
        self.end += n;
        self.bytes += n as u64;
        self.block = Block::NONE;
        Ok(())
    }

    /// The record ending at `content` (relative to `start`), the input going on at `consumed`.
    fn take(&mut self, field: usize, content: usize, consumed: usize, ascii: bool) -> Record {
        self.bounds.push((field, content.max(field)));
        self.record = (self.start, self.start + content);
        self.quoted = false;
        self.ascii = ascii;
        self.start += consumed;
        self.line = self.next;
        self.next += 1;
        if content == 0 {
            Record::Blank
        } else {
            Record::Fields
        }
    }

    /// Reads the next record; its fields are in `self.fields()`.
    pub(super) fn next_record(&mut self) -> Result<Record, String> {
        loop {
            self.bounds.clear();
            match self.scan_plain() {
                Scan::Line { newline, field, ascii } => {
                    let at = newline - self.start;
                    let cr = at > 0 && self.buf.get(newline - 1) == Some(&b'\r');
                    return Ok(self.take(field, at - usize::from(cr), at + 1, ascii));
                }
                Scan::Quote => {
                    if let Some(record) = self.quoted_record()? {
                        return Ok(record);
                    }
                }
                Scan::More { .. } if !self.eof => self.fill()?,
                Scan::More { field, ascii } => {
                    // The last line, without a newline.
                    let data = self.buf.get(self.start..self.end).unwrap_or_default();
                    if data.is_empty() {
                        return Ok(Record::End);
                    }
                    let all = data.len();
                    let content = all - usize::from(data.last() == Some(&b'\r'));
                    return Ok(self.take(field, content, all, ascii));
                }
            }
        }
    }

    /// Scans the line at `start` block by block, pushing the bounds of its fields before the
    /// last one to `bounds`, until its newline, a quote, or the end of the data read so far.
    fn scan_plain(&mut self) -> Scan {
        let mut pos = self.start;
        let mut field = 0;
        let mut high = 0;
        while pos < self.end {
            let at = pos - pos % BLOCK;
            if self.block.at != at {
                let data = self.buf.get(..self.end).unwrap_or_default();
                self.block = Block::classify(data, at, self.delimiter);
            }
            let from = !0u64 << (pos - at);
            let newline = self.block.newline & from;
            // The bits before the first newline (all of them when there is none).
            let line = from & (newline & newline.wrapping_neg()).wrapping_sub(1);
            if self.block.quote & line != 0 {
                return Scan::Quote;
            }
            high |= self.block.high & line;
            let mut separators = self.block.separator & line;
            while separators != 0 {
                let end = at + separators.trailing_zeros() as usize - self.start;
                separators &= separators - 1;
                self.bounds.push((field, end));
                field = end + 1;
            }
            if newline != 0 {
                return Scan::Line { newline: at + newline.trailing_zeros() as usize, field, ascii: high == 0 };
            }
            pos = at + BLOCK;
        }
        Scan::More { field, ascii: high == 0 }
    }

    /// A record with quotes: it ends at the first newline outside quotes (or at the end of the
    /// input). `None` when more input is needed first.
    fn quoted_record(&mut self) -> Result<Option<Record>, String> {
        let data = self.buf.get(self.start..self.end).unwrap_or_default();
        let mut in_quotes = false;
        let mut stop = None;
        let mut newlines = 0u64;
        for (i, b) in data.iter().enumerate() {
            match b {
                b'"' => in_quotes = !in_quotes,
                b'\n' if !in_quotes => {
                    stop = Some(i);
                    break;
                }
                b'\n' => newlines += 1,
                _ => {}
            }
        }
        let (content, consumed) = match stop {
            Some(at) => (if at > 0 && data.get(at - 1) == Some(&b'\r') { at - 1 } else { at }, at + 1),
            None if !self.eof => {
                self.fill()?;
                return Ok(None);
            }
            None => {
                // A newline at the very end ends the last line; it starts no new one.
                if data.last() == Some(&b'\n') {
                    newlines = newlines.saturating_sub(1);
                }
                match data.iter().position(|b| *b == b'\n').filter(|_| in_quotes && newlines > 0) {
                    // A quote never closed would take every line after it: the record is its
                    // own line only (rejected), and the lines after it are read as rows again.
                    Some(at) => {
                        newlines = 0;
                        (if at > 0 && data.get(at - 1) == Some(&b'\r') { at - 1 } else { at }, at + 1)
                    }
                    None => (data.len() - usize::from(data.last() == Some(&b'\r')), data.len()),
                }
            }
        };
        split_quoted(data.get(..content).unwrap_or_default(), self.delimiter, &mut self.unquoted, &mut self.bounds);
        self.quoted = true;
        self.open_quote = stop.is_none() && in_quotes && consumed < data.len();
        self.start += consumed;
        self.line = self.next;
        self.next += 1 + newlines;
        Ok(Some(Record::Fields))
    }

    pub(super) fn fields(&self) -> Fields<'_> {
        let data = if self.quoted {
            self.unquoted.as_slice()
        } else {
            self.buf.get(self.record.0..self.record.1).unwrap_or_default()
        };
        Fields { data, bounds: &self.bounds }
    }

    /// Whether the current record has a quote that is never closed: it ran to the end of the
    /// input and swallowed every line after its start.
    pub(super) fn open_quote(&self) -> bool {
        self.quoted && self.open_quote
    }

    /// Whether the current record is known to be UTF-8 already (it is ASCII).
    pub(super) fn checked(&self) -> bool {
        !self.quoted && self.ascii
    }
}

/// Splits a record with quotes: `"a, b"` is one field, `""` inside quotes is one quote.
fn split_quoted(text: &[u8], delimiter: u8, out: &mut Vec<u8>, bounds: &mut Vec<(usize, usize)>) {
    out.clear();
    bounds.clear();
    let mut start = 0;
    let mut in_quotes = false;
    let mut bytes = text.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        if in_quotes {
            if b == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                    out.push(b'"');
                } else {
                    in_quotes = false;
                }
            } else {
                out.push(b);
            }
        } else if b == b'"' {
            in_quotes = true;
        } else if b == delimiter {
            bounds.push((start, out.len()));
            start = out.len();
        } else {
            out.push(b);
        }
    }
    bounds.push((start, out.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let (mut out, mut bounds) = (Vec::new(), Vec::new());
        split_quoted(text.as_bytes(), b',', &mut out, &mut bounds);
        bounds.iter().map(|(a, b)| String::from_utf8_lossy(out.get(*a..*b).unwrap_or_default()).into_owned()).collect()
    }

    #[test]
    fn quoted_fields_keep_separators_and_doubled_quotes() {
        assert_eq!(split(r#"a,"b, c","say ""ya""",,"#), vec!["a", "b, c", r#"say "ya""#, "", ""]);
        assert_eq!(split("\"multi\nline\",x"), vec!["multi\nline", "x"]);
    }

    /// A reader handing out its bytes `step` at a time, so records cross buffer fills.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            let (now, rest) = self.bytes.split_at(n);
            buf.get_mut(..n).unwrap_or_default().copy_from_slice(now);
            self.bytes = rest;
            Ok(n)
        }
    }

    /// Every record as (first line, fields), read by `Records`.
    fn records(text: &[u8], step: usize) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut records = Records::new(Trickle { bytes: text, step }, b',');
        let mut out = Vec::new();
        while let Ok(record) = records.next_record() {
            match record {
                Record::End => break,
                Record::Blank => out.push((records.line, Vec::new())),
                Record::Fields => {
                    let fields = records.fields();
                    out.push((
                        records.line,
                        (0..fields.len()).filter_map(|i| fields.get(i)).map(<[u8]>::to_vec).collect(),
                    ));
                }
            }
        }
        out
    }

    /// The same, one byte at a time by the RFC 4180 rules, as the reference.
    fn reference(text: &[u8]) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut out = Vec::new();
        let (mut line, mut next) = (1, 1);
        let mut rest = text;
        while !rest.is_empty() {
            let mut in_quotes = false;
            let mut end = rest.len();
            let mut newlines = 0;
            for (i, b) in rest.iter().enumerate() {
                match b {
                    b'"' => in_quotes = !in_quotes,
                    b'\n' if !in_quotes => {
                        end = i;
                        break;
                    }
                    b'\n' => newlines += 1,
                    _ => {}
                }
            }
            // A quote never closed, with lines after its own: the record is its own line.
            let trailing = u64::from(rest.last() == Some(&b'\n'));
            if end == rest.len() && in_quotes && newlines > trailing {
                end = rest.iter().position(|b| *b == b'\n').unwrap_or(end);
                newlines = 0;
            }
            let consumed = (end + 1).min(rest.len());
            let mut content = rest.get(..end).unwrap_or_default();
            if content.last() == Some(&b'\r') && !content.contains(&b'"') {
                content = content.get(..content.len() - 1).unwrap_or_default();
            }
            line = next;
            next += 1 + newlines;
            if content.is_empty() {
                out.push((line, Vec::new()));
            } else if content.contains(&b'"') {
                let (mut data, mut bounds) = (Vec::new(), Vec::new());
                let content = content.strip_suffix(b"\r").unwrap_or(content);
                split_quoted(content, b',', &mut data, &mut bounds);
                out.push((line, bounds.iter().map(|(a, b)| data.get(*a..*b).unwrap_or_default().to_vec()).collect()));
            } else {
                out.push((line, content.split(|b| *b == b',').map(<[u8]>::to_vec).collect()));
            }
            rest = rest.get(consumed..).unwrap_or_default();
        }
        let _ = line;
        out
    }

    proptest::proptest! {
        #[test]
        fn records_split_in_place_match_a_byte_by_byte_reader(
            text in proptest::collection::vec(proptest::sample::select(b"ab,,\"\n\r xyz0123456789".to_vec()), 0..300),
            step in 1usize..40,
        ) {
            proptest::prop_assert_eq!(records(&text, step), reference(&text));
        }
    }

    #[test]
    fn long_lines_without_quotes_split_at_every_separator() {
        let line: Vec<u8> = (0..100).flat_map(|i| format!("f{i},").into_bytes()).collect();
        let mut text = line.clone();
        text.extend_from_slice(b"last\r\nnext,\"q,\"\n");
        let got = records(&text, 7);
        assert_eq!(got.len(), 2);
        assert_eq!(got.first().map(|(_, f)| f.len()), Some(101));
        assert_eq!(got.first().and_then(|(_, f)| f.last().cloned()), Some(b"last".to_vec()));
        assert_eq!(got.get(1), Some(&(2, vec![b"next".to_vec(), b"q,".to_vec()])));
    }
}
