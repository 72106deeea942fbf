//! Splitting CSV input into records: in place in a large buffer where a line has no quote,
//! through a small RFC 4180 reader (which also joins lines a quoted field runs over) where it
//! has one.
//!
//! Where the next quote is, is found once for a stretch of the buffer (memchr); lines before it
//! are split sixteen bytes at a time, looking only for newlines and separators with vector
//! compares (the `wide` crate: SSE2 on x86-64, portable code elsewhere).

use crate::sim::event::Fields;
use std::io::Read;
use wide::u8x16;

/// Reads records out of a large buffer, counting lines. A record without quotes is found in
/// one pass over its bytes and split where it lies.
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
    /// The first quote at or after `start` (`end` when none): lines ending before it have none.
    /// `None` when not looked for since the last fill.
    quote: Option<usize>,
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
            quote: None,
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
        self.quote = None;
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
            let quote = match self.quote {
                Some(quote) if quote >= self.start => quote,
                _ => {
                    let rest = self.buf.get(self.start..self.end).unwrap_or_default();
                    let quote = self.start + memchr::memchr(b'"', rest).unwrap_or(rest.len());
                    self.quote = Some(quote);
                    quote
                }
            };
            let data = self.buf.get(self.start..self.end).unwrap_or_default();
            self.bounds.clear();
            let (newline, field) = split_plain(data, self.delimiter, &mut self.bounds);
            match newline {
                Some(at) if self.start + at < quote => {
                    let content = if at > 0 && data.get(at - 1) == Some(&b'\r') { at - 1 } else { at };
                    return Ok(self.take(field, content, at + 1));
                }
                Some(_) => {
                    if let Some(record) = self.quoted_record()? {
                        return Ok(record);
                    }
                }
                None if quote < self.end => {
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
                (data.len() - usize::from(data.last() == Some(&b'\r')), data.len())
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

/// Finds the first newline in `data` (`None`: there is none) and where the line's last field
/// starts, pushing the bounds of the fields before that one, separated by `delimiter`, to
/// `bounds`. Quotes are not looked at.
fn split_plain(data: &[u8], delimiter: u8, bounds: &mut Vec<(usize, usize)>) -> (Option<usize>, usize) {
    let (newline, separator) = (u8x16::splat(b'\n'), u8x16::splat(delimiter));
    let mut field = 0;
    let mut blocks = data.chunks_exact(16);
    let mut base = 0;
    for block in blocks.by_ref() {
        let bytes = u8x16::new(<[u8; 16]>::try_from(block).unwrap_or_default());
        // A bit per byte that is a newline, and per separator (SSE2 where there is, portable
        // code elsewhere); separators after the newline belong to the next line.
        let newlines = bytes.simd_eq(newline).to_bitmask();
        let mut separators = bytes.simd_eq(separator).to_bitmask();
        if newlines != 0 {
            separators &= newlines.wrapping_sub(1) & !newlines;
        }
        while separators != 0 {
            let at = base + separators.trailing_zeros() as usize;
            separators &= separators - 1;
            bounds.push((field, at));
            field = at + 1;
        }
        if newlines != 0 {
            return (Some(base + newlines.trailing_zeros() as usize), field);
        }
        base += 16;
    }
    for (i, b) in blocks.remainder().iter().enumerate() {
        if *b == b'\n' {
            return (Some(base + i), field);
        }
        if *b == delimiter {
            bounds.push((field, base + i));
            field = base + i + 1;
        }
    }
    (None, field)
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
            text in proptest::collection::vec(proptest::sample::select(b"ab,,\"\n\r xyz0123456789".to_vec()), 0..200),
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
