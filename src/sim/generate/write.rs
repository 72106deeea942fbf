//! Writing generated events as CSV, JSON Lines or XES, counting lines as they go.

use crate::sim::time::Stamp;
use std::io::Write;

/// One event to write.
pub struct Row<'a> {
    pub case: &'a str,
    pub activity: &'a str,
    pub time: Stamp,
    pub actor: Option<&'a str>,
    /// Attribute values in the order of the header; `None` blank.
    pub attributes: &'a [Option<String>],
}

/// A CSV or JSON Lines writer: one event per line, in any order of cases.
pub struct LineWriter<'w> {
    out: &'w mut dyn Write,
    json: bool,
    attribute_names: Vec<String>,
    line: u64,
    buf: Vec<u8>,
}

fn io(e: std::io::Error) -> String {
    format!("cannot write the trace: {e}")
}

/// Appends a CSV field, quoted when it needs to be.
fn csv_field(out: &mut Vec<u8>, text: &str) {
    if text.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) || text.starts_with(' ') || text.ends_with(' ') {
        out.push(b'"');
        for b in text.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

fn json_string(out: &mut Vec<u8>, text: &str) {
    let quoted = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string());
    out.extend_from_slice(quoted.as_bytes());
}

impl<'w> LineWriter<'w> {
    /// Starts a CSV (with its header) or JSON Lines trace.
    pub fn new(out: &'w mut dyn Write, json: bool, attribute_names: Vec<String>) -> Result<LineWriter<'w>, String> {
        let mut w = LineWriter { out, json, attribute_names, line: 0, buf: Vec::with_capacity(256) };
        if !json {
            let mut header = String::from("case_id,activity,timestamp,actor");
            for name in &w.attribute_names {
                header.push(',');
                header.push_str(name);
            }
            header.push('\n');
            w.out.write_all(header.as_bytes()).map_err(io)?;
            w.line = 1;
        }
        Ok(w)
    }

    /// Writes one event; returns its line.
    pub fn write(&mut self, row: &Row<'_>) -> Result<u64, String> {
        let buf = &mut self.buf;
        buf.clear();
        if self.json {
            buf.extend_from_slice(b"{\"case_id\":");
            json_string(buf, row.case);
            buf.extend_from_slice(b",\"activity\":");
            json_string(buf, row.activity);
            buf.extend_from_slice(b",\"timestamp\":\"");
            row.time.write_iso(buf);
            buf.push(b'"');
            if let Some(actor) = row.actor {
                buf.extend_from_slice(b",\"actor\":");
                json_string(buf, actor);
            }
            for (name, value) in self.attribute_names.iter().zip(row.attributes) {
                if let Some(value) = value {
                    buf.push(b',');
                    json_string(buf, name);
                    buf.push(b':');
                    json_string(buf, value);
                }
            }
            buf.extend_from_slice(b"}\n");
        } else {
            csv_field(buf, row.case);
            buf.push(b',');
            csv_field(buf, row.activity);
            buf.push(b',');
            row.time.write_iso(buf);
            buf.push(b',');
            csv_field(buf, row.actor.unwrap_or_default());
            for value in row.attributes {
                buf.push(b',');
                csv_field(buf, value.as_deref().unwrap_or_default());
            }
            buf.push(b'\n');
        }
        self.out.write_all(buf).map_err(io)?;
        self.line += 1;
        Ok(self.line)
    }
}

/// An XES writer: one `<trace>` per case, written whole.
pub struct XesWriter<'w> {
    out: &'w mut dyn Write,
    attribute_names: Vec<String>,
    line: u64,
    buf: Vec<u8>,
}

fn xml(out: &mut Vec<u8>, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '>' => out.extend_from_slice(b"&gt;"),
            '"' => out.extend_from_slice(b"&quot;"),
            _ => {
                let mut tmp = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            }
        }
    }
}

fn attribute(out: &mut Vec<u8>, indent: &str, tag: &str, key: &str, value: &str) {
    out.extend_from_slice(indent.as_bytes());
    out.push(b'<');
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(b" key=\"");
    xml(out, key);
    out.extend_from_slice(b"\" value=\"");
    xml(out, value);
    out.extend_from_slice(b"\"/>\n");
}

impl<'w> XesWriter<'w> {
    /// Starts an XES log.
    pub fn new(out: &'w mut dyn Write, attribute_names: Vec<String>) -> Result<XesWriter<'w>, String> {
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
            <log xes.version=\"1.0\" xes.features=\"nested-attributes\" xmlns=\"http://www.xes-standard.org/\">\n\
            \x20 <extension name=\"Concept\" prefix=\"concept\" uri=\"http://www.xes-standard.org/concept.xesext\"/>\n\
            \x20 <extension name=\"Time\" prefix=\"time\" uri=\"http://www.xes-standard.org/time.xesext\"/>\n\
            \x20 <extension name=\"Organizational\" prefix=\"org\" uri=\"http://www.xes-standard.org/org.xesext\"/>\n";
        out.write_all(head.as_bytes()).map_err(io)?;
        Ok(XesWriter { out, attribute_names, line: 5, buf: Vec::with_capacity(4096) })
    }

    /// Writes one trace; `case` `None` writes a trace without a case id (periodic duties).
    /// Returns the line of each event's `<event>` tag.
    pub fn trace(
        &mut self,
        case: Option<&str>,
        attributes: &[Option<String>],
        events: &[Row<'_>],
    ) -> Result<Vec<u64>, String> {
        let buf = &mut self.buf;
        buf.clear();
        let mut line = self.line;
        buf.extend_from_slice(b"  <trace>\n");
        line += 1;
        if let Some(case) = case {
            attribute(buf, "    ", "string", "concept:name", case);
            line += 1;
        }
        for (name, value) in self.attribute_names.iter().zip(attributes) {
            if let Some(value) = value {
                attribute(buf, "    ", "string", name, value);
                line += 1;
            }
        }
        let mut lines = Vec::with_capacity(events.len());
        for event in events {
            buf.extend_from_slice(b"    <event>\n");
            line += 1;
            lines.push(line);
            attribute(buf, "      ", "string", "concept:name", event.activity);
            let mut stamp = Vec::with_capacity(25);
            event.time.write_iso(&mut stamp);
            attribute(buf, "      ", "date", "time:timestamp", &String::from_utf8_lossy(&stamp));
            line += 2;
            if let Some(actor) = event.actor {
                attribute(buf, "      ", "string", "org:role", actor);
                line += 1;
            }
            buf.extend_from_slice(b"    </event>\n");
            line += 1;
        }
        buf.extend_from_slice(b"  </trace>\n");
        line += 1;
        self.out.write_all(buf).map_err(io)?;
        self.line = line;
        Ok(lines)
    }

    /// Ends the log.
    pub fn finish(&mut self) -> Result<(), String> {
        self.out.write_all(b"</log>\n").map_err(io)?;
        self.line += 1;
        Ok(())
    }
}
