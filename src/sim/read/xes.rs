//! XES traces (IEEE 1849), streamed with quick-xml: one `<event>` in memory at a time.
//!
//! `concept:name` of a `<trace>` is the case id and the trace's other attributes whose keys
//! name SOP attributes are case attributes; inside an `<event>`, `concept:name` is the activity,
//! `time:timestamp` the time, `org:role` (else `org:resource`) the actor.

use super::columns::{claim, Claims, Role};
use super::{Feed, Sink, Source};
use crate::model::AttrIdx;
use crate::sim::deviation as codes;
use crate::sim::event::{shown, Attrs, InputIssue, Loc, RawEvent};
use crate::sim::time;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::collections::{BTreeSet, VecDeque};
use std::io::{BufRead, Read};

/// A reader that remembers where its newlines were, so events get line numbers.
struct Lines<R> {
    inner: R,
    consumed: u64,
    newlines: VecDeque<u64>,
    /// Newlines before the last position asked for.
    counted: u64,
}

impl<R: BufRead> Lines<R> {
    /// The 1-based line of byte `position` (positions asked for never go down).
    fn line_at(&mut self, position: u64) -> u64 {
        while self.newlines.front().is_some_and(|n| *n < position) {
            self.newlines.pop_front();
            self.counted += 1;
        }
        self.counted + 1
    }
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            if let (Some(to), Some(from)) = (out.get_mut(..n), available.get(..n)) {
                to.copy_from_slice(from);
            }
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(buffer) = self.inner.fill_buf() {
            let taken = buffer.get(..amount).unwrap_or(buffer);
            for (i, _) in taken.iter().enumerate().filter(|(_, b)| **b == b'\n') {
                self.newlines.push_back(self.consumed + i as u64);
            }
        }
        self.consumed += amount as u64;
        self.inner.consume(amount);
    }
}

/// The trace being read.
#[derive(Default)]
struct Trace {
    depth: usize,
    case: Option<String>,
    attributes: Vec<(AttrIdx, String)>,
    /// How many of `attributes` have been handed over: each goes with the first event after it.
    handed: usize,
    /// Whether an event of the trace has been read.
    had_event: bool,
    /// Attributes given after an event and not yet handed over: (line, key).
    pending: Vec<(u64, String)>,
    /// The key that holds each role directly inside the trace.
    claims: Claims,
}

/// The fields of the event being read, kept from event to event so their buffers are
/// reused; an empty field is one the event does not give.
#[derive(Default)]
struct EventFields {
    activity: String,
    stamp: String,
    actor: String,
    resource: String,
    lifecycle: String,
    attributes: Vec<(AttrIdx, String)>,
    claims: Claims,
}

impl EventFields {
    fn clear(&mut self) {
        for field in [&mut self.activity, &mut self.stamp, &mut self.actor, &mut self.resource, &mut self.lifecycle] {
            field.clear();
        }
        self.attributes.clear();
        self.claims.clear();
    }
}

struct State<'s, S> {
    source: &'s Source<'s>,
    sink: &'s mut S,
    depth: usize,
    trace: Option<Trace>,
    /// The depth and line of the `<event>` being read.
    event: Option<(usize, u64)>,
    fields: EventFields,
    /// Roles of the attribute keys seen so far: (key, inside an event, role).
    roles: Vec<(String, bool, Role)>,
    unknown: BTreeSet<String>,
    clock: time::Parser,
}

/// Reads an XES trace.
pub fn read<R: BufRead, S: Sink>(mut input: R, feed: &mut Feed<'_, S>) -> Result<(), String> {
    let (source, sink, progress) = (feed.source, &mut *feed.sink, &mut feed.progress);
    // quick-xml skips a UTF-8 byte-order mark without counting it in its positions; skipped
    // here instead, so its positions and the newlines counted by `Lines` agree.
    let bom = input.fill_buf().map_err(|e| format!(": cannot read: {e}"))?.starts_with(&[0xEF, 0xBB, 0xBF]);
    if bom {
        input.consume(3);
    }
    // Progress counts the file's bytes, the mark's too.
    let skipped = if bom { 3 } else { 0 };
    let mut reader =
        quick_xml::Reader::from_reader(Lines { inner: input, consumed: 0, newlines: VecDeque::new(), counted: 0 });
    reader.config_mut().trim_text(false);
    let mut state = State {
        source,
        sink,
        depth: 0,
        trace: None,
        event: None,
        fields: EventFields::default(),
        roles: Vec::new(),
        unknown: BTreeSet::new(),
        clock: time::Parser::new(source.dates),
    };
    let mut buf = Vec::new();
    let mut root_seen = false;
    loop {
        let start = reader.buffer_position();
        let event = reader.read_event_into(&mut buf);
        let line = reader.get_mut().line_at(start);
        match event {
            Err(e) => {
                let at = reader.error_position();
                let line = reader.get_mut().line_at(at);
                return Err(format!(":{line}: the XML is malformed: {e}"));
            }
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                check_root(&e, &mut root_seen, state.depth, line)?;
                state.depth += 1;
                state.open(&e, line).map_err(|m| format!(":{line}: {m}"))?;
            }
            Ok(Event::Empty(e)) => {
                check_root(&e, &mut root_seen, state.depth, line)?;
                state.depth += 1;
                state.open(&e, line).map_err(|m| format!(":{line}: {m}"))?;
                state.close();
            }
            Ok(Event::End(_)) => {
                if state.close() {
                    progress.record(skipped + reader.buffer_position());
                }
            }
            Ok(_) => {}
        }
        buf.clear();
    }
    progress.end(skipped + reader.buffer_position());
    if !root_seen {
        return Err(
            ": the file is empty; expected an XES log: a <log> element holding <trace> elements with <event>s".into()
        );
    }
    if state.depth != 0 {
        return Err(": the XML ends before all its elements are closed".into());
    }
    Ok(())
}

/// The document's first element must be `<log>`: anything else is not an XES log, and reading
/// it would audit nothing without saying why.
fn check_root(e: &BytesStart<'_>, seen: &mut bool, depth: usize, line: u64) -> Result<(), String> {
    if depth > 0 || *seen {
        return Ok(());
    }
    *seen = true;
    if e.local_name().as_ref() == b"log" {
        return Ok(());
    }
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    Err(format!(":{line}: the XML is not an XES log: its root element is <{name}>, expected <log>"))
}

/// The `key` and `value` of an XES attribute element.
type KeyValue<'e> = (Option<Cow<'e, str>>, Option<Cow<'e, str>>);

fn key_value<'e>(e: &'e BytesStart<'_>) -> Result<KeyValue<'e>, String> {
    let (mut key, mut value) = (None, None);
    for attribute in e.attributes() {
        let attribute = attribute.map_err(|err| format!("the XML is malformed: {err}"))?;
        let text = attribute.unescape_value().map_err(|err| format!("the XML is malformed: {err}"))?;
        match attribute.key.as_ref() {
            b"key" => key = Some(text),
            b"value" => value = Some(text),
            _ => {}
        }
    }
    Ok((key, value))
}

fn set(field: &mut String, value: &str) {
    field.clear();
    field.push_str(value);
}

impl<S: Sink> State<'_, S> {
    fn loc(&self, line: u64) -> Loc {
        Loc { file: self.source.file, line }
    }

    fn note_unknown(&mut self, key: &str, line: u64, place: &str) {
        if self.unknown.insert(format!("{place}/{key}")) {
            let message = format!(
                "{place} attribute '{key}' is not one the audit knows nor a case attribute of the SOP; its values are not used (first seen here)"
            );
            let loc = self.loc(line);
            self.sink.note(InputIssue { code: codes::UNKNOWN_COLUMN, loc, column: None, message });
        }
    }

    /// Two keys of one element hold the same thing: said once per pair, not merged.
    fn note_duplicate(&mut self, unused: &str, used: &str, line: u64, place: &str) {
        if self.unknown.insert(format!("{place}/{unused}/{used}")) {
            let message = format!(
                "{place} attribute '{unused}' holds what '{used}' holds; its values are not used (first seen here)"
            );
            let loc = self.loc(line);
            self.sink.note(InputIssue { code: codes::UNKNOWN_COLUMN, loc, column: None, message });
        }
    }

    /// Trace attributes written after the trace's last event reach no event: said, not dropped.
    fn note_unhanded(&mut self, trace: &Trace) {
        for (line, key) in &trace.pending {
            let message = format!("trace attribute '{key}' comes after the trace's last event; its value is not used");
            let loc = self.loc(*line);
            self.sink.note(InputIssue { code: codes::UNKNOWN_COLUMN, loc, column: None, message });
        }
    }

    /// The role of attribute key `key`, inside an event or directly inside a trace.
    fn role(&mut self, key: &str, in_event: bool) -> Role {
        if let Some((_, _, role)) = self.roles.iter().find(|(k, e, _)| *e == in_event && k == key) {
            return *role;
        }
        let role = if in_event { self.source.names.event_key(key) } else { self.source.names.trace_key(key) };
        self.roles.push((key.to_string(), in_event, role));
        role
    }

    /// An element opens at `self.depth`.
    fn open(&mut self, e: &BytesStart<'_>, line: u64) -> Result<(), String> {
        let name = e.local_name();
        let depth = self.depth;
        match name.as_ref() {
            b"trace" if self.trace.is_none() => {
                self.trace = Some(Trace { depth, ..Trace::default() });
                return Ok(());
            }
            b"event" if self.trace.is_some() && self.event.is_none() => {
                self.event = Some((depth, line));
                self.fields.clear();
                return Ok(());
            }
            _ => {}
        }
        let in_event = self.event.is_some_and(|(d, _)| d + 1 == depth);
        let in_trace = self.event.is_none() && self.trace.as_ref().is_some_and(|t| t.depth + 1 == depth);
        if !in_event && !in_trace {
            return Ok(());
        }
        let (Some(key), value) = key_value(e)? else { return Ok(()) };
        let value = value.as_deref().unwrap_or_default();
        let role = self.role(&key, in_event);
        if role != Role::Unknown {
            let mapped = self.source.names.is_mapped(&key);
            let claims = match self.trace.as_mut() {
                Some(trace) if !in_event => &mut trace.claims,
                _ => &mut self.fields.claims,
            };
            if let Some(unused) = claim(claims, role, &key, mapped) {
                let used = claims.iter().find(|(r, _)| *r == role).and_then(|(_, c)| c.as_ref());
                let used = used.map(|c| c.value.clone()).unwrap_or_default();
                self.note_duplicate(&unused, &used, line, if in_event { "event" } else { "trace" });
                if unused == *key {
                    return Ok(());
                }
            }
        }
        if in_event {
            let ev = &mut self.fields;
            match role {
                Role::Activity => set(&mut ev.activity, value),
                Role::Time => set(&mut ev.stamp, value),
                Role::Actor => set(&mut ev.actor, value),
                Role::Resource => set(&mut ev.resource, value),
                Role::Lifecycle => set(&mut ev.lifecycle, value),
                Role::Attribute(a) => ev.attributes.push((a, value.to_string())),
                Role::Case | Role::Unknown => self.note_unknown(&key, line, "event"),
            }
        } else {
            let Some(trace) = self.trace.as_mut() else { return Ok(()) };
            match role {
                Role::Case => trace.case = Some(value.to_string()),
                Role::Attribute(a) => {
                    trace.attributes.push((a, value.to_string()));
                    if trace.had_event {
                        trace.pending.push((line, key.to_string()));
                    }
                }
                _ => self.note_unknown(&key, line, "trace"),
            }
        }
        Ok(())
    }

    /// The element at `self.depth` closes; says whether it was an event.
    fn close(&mut self) -> bool {
        let depth = self.depth;
        self.depth = self.depth.saturating_sub(1);
        if let Some((d, line)) = self.event {
            if d == depth {
                self.event = None;
                self.emit(line);
                return true;
            }
        }
        if self.trace.as_ref().is_some_and(|t| t.depth == depth) {
            if let Some(trace) = self.trace.take() {
                self.note_unhanded(&trace);
            }
        }
        false
    }

    fn emit(&mut self, line: u64) {
        let loc = self.loc(line);
        let reject = |sink: &mut S, code, message: String| sink.reject(InputIssue { code, loc, column: None, message });
        let Some(trace) = self.trace.as_mut() else { return };
        trace.had_event = true;
        let event = &mut self.fields;
        let stamp = event.stamp.trim();
        if stamp.is_empty() {
            return reject(self.sink, codes::MISSING_FIELD, "the event has no time:timestamp".into());
        }
        let Ok(when) = self.clock.parse(stamp.as_bytes(), self.source.offset) else {
            let message =
                format!("'{}' is not a timestamp; {}", shown(stamp.as_bytes()), self.clock.expected(stamp.as_bytes()));
            return reject(self.sink, codes::BAD_TIMESTAMP, message);
        };
        if event.activity.trim().is_empty() {
            return reject(self.sink, codes::MISSING_FIELD, "the event has no concept:name (activity)".into());
        }
        let lifecycle = event.lifecycle.trim();
        if !lifecycle.is_empty() && !lifecycle.eq_ignore_ascii_case("complete") {
            return self.sink.skip(loc);
        }
        if trace.handed < trace.attributes.len() {
            let mut all = trace.attributes.get(trace.handed..).unwrap_or_default().to_vec();
            trace.handed = trace.attributes.len();
            trace.pending.clear();
            all.append(&mut event.attributes);
            event.attributes = all;
        }
        let actor = if event.actor.trim().is_empty() { event.resource.as_str() } else { event.actor.as_str() };
        let actor = Some(actor).filter(|a| !a.trim().is_empty());
        let case = trace.case.as_deref().unwrap_or_default();
        self.sink.event(&RawEvent {
            loc,
            case: case.trim().as_bytes(),
            activity: event.activity.as_bytes(),
            time: when,
            actor: actor.map(str::as_bytes),
            attributes: Attrs::Pairs(&event.attributes),
        });
    }
}
