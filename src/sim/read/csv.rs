//! CSV traces: our column names or pm4py's, `,` `;` or tab separated.
//!
//! The header decides each column's role once. Rows are split in place: a line without a quote
//! is cut at its separators (memchr), a line with quotes goes through a small RFC 4180 reader
//! that also joins lines a quoted field runs over. Every row is checked (field count, UTF-8,
//! timestamp) and handed to the sink without copying its fields again.

use super::columns::Role;
use super::{Sink, Source};
use crate::model::AttrIdx;
use crate::sim::deviation as codes;
use crate::sim::event::{shown, Attrs, Fields, InputIssue, Loc, RawEvent};
use crate::sim::time;
use std::io::{BufRead, Read};

/// Which field holds what, from the header.
struct Layout {
    case: usize,
    activity: usize,
    time: usize,
    actor: Option<usize>,
    lifecycle: Option<usize>,
    attributes: Vec<(usize, AttrIdx)>,
    width: usize,
}

/// Reads records out of a large buffer, counting lines. A record without quotes is found in
/// one pass (memchr3 over newline, quote and separator) and split where it lies.
struct Records<R> {
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
    line: u64,
    next: u64,
    bytes: u64,
}

/// What the next record is.
enum Record {
    Fields,
    Blank,
    End,
}

impl<R: Read> Records<R> {
    fn new(input: R, delimiter: u8) -> Self {
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
    fn next_record(&mut self) -> Result<Record, String> {
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

    fn fields(&self) -> Fields<'_> {
        let data = if self.quoted {
            self.unquoted.as_slice()
        } else {
            self.buf.get(self.record.0..self.record.1).unwrap_or_default()
        };
        Fields { data, bounds: &self.bounds }
    }

    /// Whether the current record is known to be UTF-8 already.
    fn checked(&self) -> bool {
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

/// Reads a CSV trace.
pub fn read<R: BufRead, S: Sink>(
    mut input: R,
    source: &Source<'_>,
    sink: &mut S,
    progress: &mut dyn FnMut(u64),
) -> Result<(), String> {
    let head = input.fill_buf().map_err(|e| format!(": cannot read: {e}"))?;
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(":1: the file is UTF-16 text; save it as UTF-8 (CSV UTF-8 in spreadsheet programs)".into());
    }
    let bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
    let delimiter = sniff_delimiter(head);
    if bom {
        input.consume(3);
    }
    let mut records = Records::new(input, delimiter);
    loop {
        match records.next_record()? {
            Record::End => {
                return Err(
                    ": the file is empty; expected a header line such as case_id,activity,timestamp,actor".into()
                )
            }
            Record::Blank => continue,
            Record::Fields => break,
        }
    }
    let layout = layout(records.fields(), records.line, source, sink)?;
    let mut clock = time::Parser::default();
    let mut rows: u64 = 0;
    loop {
        match records.next_record()? {
            Record::End => break,
            Record::Blank => continue,
            Record::Fields => {}
        }
        rows += 1;
        if rows.is_multiple_of(65_536) {
            progress(records.bytes);
        }
        let loc = Loc { file: source.file, line: records.line };
        let end_line = records.next - 1;
        let checked = records.checked();
        row(records.fields(), checked, &layout, loc, source, sink, end_line, &mut clock);
    }
    progress(records.bytes);
    Ok(())
}

/// The separator of the header line: the most frequent of `,` `;` and tab.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |d: u8| line.iter().filter(|b| **b == d).count();
    [b',', b';', b'\t'].into_iter().max_by_key(|d| (count(*d), *d == b',')).unwrap_or(b',')
}

fn layout<S: Sink>(header: Fields<'_>, line: u64, source: &Source<'_>, sink: &mut S) -> Result<Layout, String> {
    let (mut case, mut activity, mut time, mut actor, mut resource, mut lifecycle) =
        (None, None, None, None, None, None);
    let mut attributes = Vec::new();
    let loc = Loc { file: source.file, line };
    for i in 0..header.len() {
        let field = header.get(i).unwrap_or_default();
        let Ok(name) = std::str::from_utf8(field) else {
            return Err(format!(":{line}: the header is not UTF-8 text; save the file as UTF-8"));
        };
        let slot = match source.names.role(name) {
            Role::Case => &mut case,
            Role::Activity => &mut activity,
            Role::Time => &mut time,
            Role::Actor => &mut actor,
            Role::Resource => &mut resource,
            Role::Lifecycle => &mut lifecycle,
            Role::Attribute(a) => {
                attributes.push((i, a));
                continue;
            }
            Role::Unknown => {
                sink.note(InputIssue {
                    code: codes::UNKNOWN_COLUMN,
                    loc,
                    column: Some(i + 1),
                    message: format!(
                        "column '{}' is not a column the audit knows nor a case attribute of the SOP; its values are not used",
                        name.trim()
                    ),
                });
                continue;
            }
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    let missing = |what: &str, names: &str| format!(":{line}: no {what} column; expected a column named {names}");
    Ok(Layout {
        case: case.ok_or_else(|| missing("case id", "'case_id' or 'case:concept:name'"))?,
        activity: activity.ok_or_else(|| missing("activity", "'activity' or 'concept:name'"))?,
        time: time.ok_or_else(|| missing("timestamp", "'timestamp' or 'time:timestamp'"))?,
        actor: actor.or(resource),
        lifecycle,
        attributes,
        width: header.len(),
    })
}

#[allow(clippy::too_many_arguments)]
fn row<S: Sink>(
    record: Fields<'_>,
    checked: bool,
    layout: &Layout,
    loc: Loc,
    source: &Source<'_>,
    sink: &mut S,
    end_line: u64,
    clock: &mut time::Parser,
) {
    let reject = |sink: &mut S, code, column, message| sink.reject(InputIssue { code, loc, column, message });
    if record.len() != layout.width {
        let spans = if end_line > loc.line {
            format!(" (it runs to line {end_line}: is a quote left open?)")
        } else {
            String::new()
        };
        let message = format!("the row has {} fields, the header has {}{spans}", record.len(), layout.width);
        return reject(sink, codes::UNREADABLE_ROW, None, message);
    }
    if let Err(e) = if checked { Ok("") } else { std::str::from_utf8(record.data) } {
        let column = field_of(record, e.valid_up_to());
        return reject(sink, codes::BAD_ENCODING, column, "the row is not UTF-8 text; save the file as UTF-8".into());
    }
    let field = |i: usize| record.get(i).unwrap_or_default();
    let stamp = field(layout.time);
    let Ok(when) = clock.parse(stamp, source.offset) else {
        let message = if stamp.trim_ascii().is_empty() {
            "the row has no timestamp".to_string()
        } else {
            format!("'{}' is not a timestamp; {}", shown(stamp), time::EXPECTED)
        };
        let code = if stamp.trim_ascii().is_empty() { codes::MISSING_FIELD } else { codes::BAD_TIMESTAMP };
        return reject(sink, code, Some(layout.time + 1), message);
    };
    let activity = field(layout.activity);
    if activity.trim_ascii().is_empty() {
        return reject(sink, codes::MISSING_FIELD, Some(layout.activity + 1), "the row has no activity".into());
    }
    if let Some(l) = layout.lifecycle {
        let transition = field(l).trim_ascii();
        if !transition.is_empty() && !transition.eq_ignore_ascii_case(b"complete") {
            return sink.skip(loc);
        }
    }
    let actor = layout.actor.map(field).filter(|a| !a.trim_ascii().is_empty());
    sink.event(&RawEvent {
        loc,
        case: field(layout.case).trim_ascii(),
        activity,
        time: when,
        actor,
        attributes: Attrs::Fields { record, columns: &layout.attributes },
    });
}

/// The 1-based field that holds byte `offset` of the record's data.
fn field_of(record: Fields<'_>, offset: usize) -> Option<usize> {
    record.bounds.iter().position(|(_, end)| *end > offset).map(|i| i + 1)
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

    /// Collects what a reader hands over: (line, case, activity) and rejected lines.
    #[derive(Default)]
    struct Collect {
        events: Vec<(u64, String, String)>,
        rejected: Vec<(u64, &'static str)>,
    }

    impl Sink for Collect {
        fn event(&mut self, e: &RawEvent<'_>) {
            let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            self.events.push((e.loc.line, text(e.case), text(e.activity)));
        }
        fn reject(&mut self, issue: InputIssue) {
            self.rejected.push((issue.loc.line, issue.code.code));
        }
        fn note(&mut self, _: InputIssue) {}
        fn skip(&mut self, _: Loc) {}
    }

    fn read_text(text: &[u8]) -> Collect {
        let model = crate::model::Model {
            name: String::new(),
            name_span: crate::span::Span::default(),
            limit: None,
            identity: None,
            actors: Vec::new(),
            attributes: Vec::new(),
            steps: Vec::new(),
            timers: Vec::new(),
            periodic: Vec::new(),
            allows: Vec::new(),
            graph: petgraph::graph::DiGraph::new(),
            end: petgraph::graph::NodeIndex::new(0),
            incomplete: false,
        };
        let names = super::super::columns::Names::new(&model, &super::super::mapping::Mapping::default());
        let source = Source { names: &names, file: 0, offset: 25_200 };
        let mut sink = Collect::default();
        let result = read(text, &source, &mut sink, &mut |_| {});
        assert!(result.is_ok(), "{result:?}");
        sink
    }

    #[test]
    fn crlf_bom_semicolons_blank_lines_and_a_missing_last_newline_are_read() {
        let text = b"\xEF\xBB\xBFcase_id;activity;timestamp\r\nA;x;2025-01-02 10:00\r\n\r\nB;y;2025-01-02 11:00";
        let got = read_text(text);
        assert_eq!(got.events, vec![(2, "A".into(), "x".into()), (4, "B".into(), "y".into())],);
        assert!(got.rejected.is_empty());
    }

    #[test]
    fn records_across_the_read_buffer_keep_their_lines() {
        let mut text = String::from("case_id,activity,timestamp\n");
        for i in 0..20_000 {
            if i == 9_000 {
                text.push_str("Q,\"two\nlines\",2025-01-02 10:00\n");
            } else {
                text.push_str(&format!("C{i},step_{i},2025-01-02 10:00\n"));
            }
        }
        let got = read_text(text.as_bytes());
        assert_eq!(got.events.len(), 20_000);
        assert_eq!(got.events.get(9_000), Some(&(9_002, "Q".to_string(), "two\nlines".to_string())));
        assert_eq!(got.events.last(), Some(&(20_002, "C19999".to_string(), "step_19999".to_string())));
    }
}
