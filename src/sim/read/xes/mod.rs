//! XES traces (IEEE 1849), streamed with quick-xml: one `<event>` in memory at a time.
//!
//! `concept:name` of a `<trace>` is the case id and the trace's other attributes whose keys
//! name SOP attributes are case attributes; inside an `<event>`, `concept:name` is the activity,
//! `time:timestamp` the time, `org:role` (else `org:resource`) the actor.

use super::columns::{claim, Claims, Role};
use super::keys::{Key, Keys};
use super::{trimmed, Feed, Sink, Source};
use crate::model::AttrIdx;
use crate::sim::deviation as codes;
use crate::sim::event::{shown, Attrs, InputIssue, Loc, RawEvent};
use crate::sim::time;
mod element;
mod lines;

use element::{check_root, key_value};
use lines::Lines;
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeSet;
use std::io::BufRead;

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
    claims: Claims<usize>,
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
    claims: Claims<usize>,
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
    /// The attribute keys seen so far inside events, and directly inside traces (where
    /// `concept:name` is the case id); claims name keys by their place in these.
    event_keys: Keys,
    trace_keys: Keys,
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
    let mut reader = quick_xml::Reader::from_reader(Lines::new(input));
    reader.config_mut().trim_text(false);
    let mut state = State {
        source,
        sink,
        depth: 0,
        trace: None,
        event: None,
        fields: EventFields::default(),
        event_keys: Keys::default(),
        trace_keys: Keys::default(),
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

    /// The keys seen inside events, or directly inside traces.
    fn keys(&self, in_event: bool) -> &Keys {
        if in_event {
            &self.event_keys
        } else {
            &self.trace_keys
        }
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
        let names = self.source.names;
        let index = if in_event {
            self.event_keys.place(&key, |k| (names.event_key(k), names.is_mapped(k)))
        } else {
            self.trace_keys.place(&key, |k| (names.trace_key(k), names.is_mapped(k)))
        };
        let Some(&Key { role, mapped, .. }) = self.keys(in_event).get(index) else { return Ok(()) };
        if role != Role::Unknown {
            let claims = match self.trace.as_mut() {
                Some(trace) if !in_event => &mut trace.claims,
                _ => &mut self.fields.claims,
            };
            if let Some(unused) = claim(claims, role, index, mapped) {
                let used = claims.iter().find(|(r, _)| *r == role).and_then(|(_, c)| c.as_ref()).map(|c| c.value);
                let used = used.map(|u| self.keys(in_event).name(u).to_string()).unwrap_or_default();
                let unused_name = self.keys(in_event).name(unused).to_string();
                self.note_duplicate(&unused_name, &used, line, if in_event { "event" } else { "trace" });
                if unused == index {
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
        let stamp = trimmed(&event.stamp);
        if stamp.is_empty() {
            return reject(self.sink, codes::MISSING_FIELD, "the event has no time:timestamp".into());
        }
        let Ok(when) = self.clock.parse(stamp.as_bytes(), self.source.offset) else {
            let message =
                format!("'{}' is not a timestamp; {}", shown(stamp.as_bytes()), self.clock.expected(stamp.as_bytes()));
            return reject(self.sink, codes::BAD_TIMESTAMP, message);
        };
        if trimmed(&event.activity).is_empty() {
            return reject(self.sink, codes::MISSING_FIELD, "the event has no concept:name (activity)".into());
        }
        let lifecycle = trimmed(&event.lifecycle);
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
        let actor = if trimmed(&event.actor).is_empty() { event.resource.as_str() } else { event.actor.as_str() };
        let actor = Some(actor).filter(|a| !trimmed(a).is_empty());
        let case = trace.case.as_deref().unwrap_or_default();
        self.sink.event(&RawEvent {
            loc,
            case: trimmed(case).as_bytes(),
            activity: event.activity.as_bytes(),
            time: when,
            actor: actor.map(str::as_bytes),
            attributes: Attrs::Pairs(&event.attributes),
        });
    }
}
