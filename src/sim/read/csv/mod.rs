//! CSV traces: our column names or pm4py's, `,` `;` or tab separated.
//!
//! The header decides each column's role once. Rows are split in place: a line without a quote
//! is cut at the separator bits of its classified blocks (`block`), a line with quotes goes
//! through a small RFC 4180 reader that also joins lines a quoted field runs over. Every row is
//! checked (field count, UTF-8, timestamp) and handed to the sink without copying its fields
//! again.

pub(super) mod block;
mod layout;
mod records;

use super::{Feed, Sink, Source};
use crate::sim::deviation as codes;
use crate::sim::event::{shown, Attrs, Fields, InputIssue, Loc, RawEvent};
use crate::sim::time;
use layout::{layout, sniff_delimiter, Layout};
use records::{Record, Records};
use std::io::BufRead;

/// Reads a CSV trace.
pub fn read<R: BufRead, S: Sink>(mut input: R, feed: &mut Feed<'_, S>) -> Result<(), String> {
    let (source, sink, progress) = (feed.source, &mut *feed.sink, &mut feed.progress);
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
    // Progress counts the file's bytes, the mark's too.
    records.bytes = if bom { 3 } else { 0 };
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
    let mut clock = time::Parser::new(source.dates);
    loop {
        match records.next_record()? {
            Record::End => break,
            Record::Blank => continue,
            Record::Fields => {}
        }
        progress.record(records.bytes);
        let loc = Loc { file: source.file, line: records.line };
        let end_line = records.next - 1;
        if records.open_quote() {
            unclosed_quote(sink, loc);
            continue;
        }
        let checked = records.checked();
        row(records.fields(), checked, &layout, loc, source, sink, end_line, &mut clock);
    }
    progress.end(records.bytes);
    Ok(())
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
        if is_blank(record) {
            return;
        }
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
        if is_blank(record) {
            return;
        }
        let message = if stamp.trim_ascii().is_empty() {
            "the row has no timestamp".to_string()
        } else {
            format!("'{}' is not a timestamp; {}", shown(stamp), clock.expected(stamp))
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
    let given = |column: Option<usize>| column.map(field).filter(|a| !a.trim_ascii().is_empty());
    // `org:role`, else `org:resource`, row by row as in JSON Lines and XES.
    let actor = given(layout.actor).or_else(|| given(layout.resource));
    sink.event(&RawEvent {
        loc,
        case: field(layout.case).trim_ascii(),
        activity,
        time: when,
        actor,
        attributes: Attrs::Fields { record, columns: &layout.attributes },
    });
}

/// A row whose quote is never closed, not even by the end of the file: rejected, and the lines
/// after it are read as rows of their own rather than as the rest of its field.
#[cold]
fn unclosed_quote<S: Sink>(sink: &mut S, loc: Loc) {
    let message = "a quote in the row is never closed; the lines after it are read as rows of their own".to_string();
    sink.reject(InputIssue { code: codes::UNREADABLE_ROW, loc, column: None, message });
}

/// Whether every field of the row is empty or spaces (`,,,,` under a spreadsheet's data, or a
/// line of spaces): a blank line, not a row, as a line with nothing on it is.
#[cold]
fn is_blank(record: Fields<'_>) -> bool {
    (0..record.len()).all(|i| record.get(i).unwrap_or_default().trim_ascii().is_empty())
}

/// The 1-based field that holds byte `offset` of the record's data.
fn field_of(record: Fields<'_>, offset: usize) -> Option<usize> {
    record.bounds.iter().position(|(_, end)| *end > offset).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            unknown_actor_named: false,
            unknown_attribute_named: false,
        };
        let names = super::super::columns::Names::new(&model, &super::super::mapping::Mapping::default());
        let source = Source { names: &names, file: 0, offset: 25_200, dates: time::DateOrder::Iso };
        let mut sink = Collect::default();
        let result = crate::sim::read::read(crate::sim::read::Format::Csv, text, &source, &mut sink, &mut |_| {});
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
    fn a_quote_never_closed_rejects_its_row_and_the_rows_after_it_are_read() {
        let text = b"case_id,activity,timestamp,actor\nA,x,2025-01-02 10:00,\"admin\nA,y,2025-01-02 11:00,admin\n";
        let got = read_text(text);
        assert_eq!(got.rejected, vec![(2, "T901")]);
        assert_eq!(got.events, vec![(3, "A".to_string(), "y".to_string())]);
        // Closed, or open on the last line only, it is read as before.
        let closed = read_text(
            b"case_id,activity,timestamp,actor\nA,x,2025-01-02 10:00,\"admin\"\nB,y,2025-01-02 11:00,\"admin",
        );
        assert_eq!((closed.events.len(), closed.rejected.len()), (2, 0));
    }

    #[test]
    fn rows_of_only_separators_or_spaces_are_blank_lines() {
        let got =
            read_text(b"case_id,activity,timestamp\nA,x,2025-01-02 10:00\n,,\n   \n , ,\t\nB,y,2025-01-02 11:00\n,,\n");
        assert_eq!(got.events, vec![(2, "A".into(), "x".into()), (6, "B".into(), "y".into())]);
        assert!(got.rejected.is_empty(), "{:?}", got.rejected);
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
