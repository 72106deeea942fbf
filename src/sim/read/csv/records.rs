//! Splitting CSV input into records: in place in a large buffer where a line has no quote,
//! through a small RFC 4180 reader (which also joins lines a quoted field runs over) where it
//! has one.

use crate::sim::event::Fields;
use std::io::Read;

/// Reads records out of a large buffer, counting lines. A record without quotes is found in
/// one pass (memchr3 over newline, quote and separator) and split where it lies.
pub(super) struct Records<R> {
    input: R,
    delimiter: u8,
    buf: Vec<u8>,
    /// The unread part of `buf`.
    start: usize,
    end: usize,
    eof: bool,
    /// The current record's place in `buf` (when it has no quotes).
    record: (usize, usize),
    /// The current record's fields without their quotes (when it has quotes).
    unquoted: Vec<u8>,
    quoted: bool,
    bounds: Vec<(usize, usize)>,
    /// `buf` up to here is known to be UTF-8 (checked once per fill, not per record).
    valid: usize,
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
            record: (0, 0),
            unquoted: Vec::new(),
            quoted: false,
            bounds: Vec::with_capacity(16),
            valid: 0,
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
        let data = self.buf.get(..self.end).unwrap_or_default();
        self.valid = match std::str::from_utf8(data) {
            Ok(_) => self.end,
            Err(e) => e.valid_up_to(),
        };
        Ok(())
    }

    /// The record ending at `content` (relative to `start`), the input going on at `consumed`.
    fn take(&mut self, field: usize, content: usize, consumed: usize) -> Record {
        self.bounds.push((field, content.max(field)));
        self.record = (self.start, self.start + content);
        self.quoted = false;
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
            let data = self.buf.get(self.start..self.end).unwrap_or_default();
            self.bounds.clear();
            let mut field = 0;
            let mut stop = None;
            for at in memchr::memchr3_iter(b'\n', b'"', self.delimiter, data) {
                match data.get(at) {
                    Some(b'\n') => {
                        stop = Some((at, false));
                        break;
                    }
                    Some(b'"') => {
                        stop = Some((at, true));
                        break;
                    }
                    _ => {
                        self.bounds.push((field, at));
                        field = at + 1;
                    }
                }
            }
            match stop {
                Some((at, false)) => {
                    let content = if at > 0 && data.get(at - 1) == Some(&b'\r') { at - 1 } else { at };
                    return Ok(self.take(field, content, at + 1));
                }
                Some((_, true)) => {
                    if let Some(record) = self.quoted_record()? {
                        return Ok(record);
                    }
                }
                None if !self.eof => self.fill()?,
                None if data.is_empty() => return Ok(Record::End),
                None => {
                    // The last line, without a newline.
                    let all = data.len();
                    let content = all - usize::from(data.last() == Some(&b'\r'));
                    return Ok(self.take(field, content, all));
                }
            }
        }
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
                (data.len(), data.len())
            }
        };
        split_quoted(data.get(..content).unwrap_or_default(), self.delimiter, &mut self.unquoted, &mut self.bounds);
        self.quoted = true;
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

    /// Whether the current record is known to be UTF-8 already.
    pub(super) fn checked(&self) -> bool {
        !self.quoted && self.record.1 <= self.valid
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
}
