//! Events as the readers hand them over, and the findings the audit makes about them.

use super::deviation::Code;
use super::time::Stamp;
use crate::duration::Unit;
use crate::model::AttrIdx;
use serde::Serialize;

/// Where an event is: the index of its file among the audited traces and its 1-based line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Loc {
    pub file: u32,
    pub line: u64,
}

/// The fields of one CSV record: its bytes and where each field lies in them.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    pub data: &'a [u8],
    pub bounds: &'a [(usize, usize)],
}

impl<'a> Fields<'a> {
    /// Field `i`, if the record has it.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let &(start, end) = self.bounds.get(i)?;
        self.data.get(start..end)
    }

    /// How many fields the record has.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Whether the record has no field.
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }
}

/// The case attributes an event carries, still as text.
#[derive(Debug, Clone, Copy)]
pub enum Attrs<'a> {
    None,
    /// Columns of a CSV record: (field index, attribute).
    Fields {
        record: Fields<'a>,
        columns: &'a [(usize, AttrIdx)],
    },
    /// Pairs read from JSON or XES.
    Pairs(&'a [(AttrIdx, String)]),
}

impl Attrs<'_> {
    /// Calls `f` with every attribute value given, empty ones included.
    #[inline]
    pub fn for_each(&self, mut f: impl FnMut(AttrIdx, &[u8])) {
        match self {
            Attrs::None => {}
            Attrs::Fields { record, columns } => {
                for &(field, attribute) in columns.iter() {
                    if let Some(value) = record.get(field) {
                        f(attribute, value);
                    }
                }
            }
            Attrs::Pairs(pairs) => {
                for (attribute, value) in pairs.iter() {
                    f(*attribute, value.as_bytes());
                }
            }
        }
    }
}

/// One event as a reader found it: names not yet matched against the SOP.
#[derive(Debug, Clone, Copy)]
pub struct RawEvent<'a> {
    pub loc: Loc,
    /// The case id; empty for events of periodic duties, which belong to no case.
    pub case: &'a [u8],
    pub activity: &'a [u8],
    pub time: Stamp,
    /// The actor (role) as written, when the trace has such a column and the row fills it.
    pub actor: Option<&'a [u8]>,
    pub attributes: Attrs<'a>,
}

/// How late a step was, in the unit of the limit it missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Lateness {
    pub amount: i64,
    pub unit: Unit,
    /// The exact lateness in seconds, for tools that add lateness up.
    pub seconds: i64,
    /// When the limit ran out.
    pub due: Stamp,
}

impl Lateness {
    /// `2 hari kerja`, `35 menit`; minutes and hours of a day or more also as days and
    /// hours: `4420 menit (3 hari 1 jam)`.
    pub fn words(&self) -> String {
        let words = format!("{} {}", self.amount, self.unit.indonesian());
        if matches!(self.unit, Unit::Minutes | Unit::Hours) && self.seconds >= 86_400 {
            let hours = self.seconds / 3600;
            format!("{words} ({} hari {} jam)", hours / 24, hours % 24)
        } else {
            words
        }
    }
}

/// One finding about a case or a periodic duty.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: &'static Code,
    /// The SOP item it is about: a step, timer, escalation or periodic duty id.
    pub item: Option<String>,
    /// The events involved, the one where it was found first.
    pub events: Vec<Loc>,
    /// The time of the event where it was found (or of the check, for open cases).
    pub time: Option<Stamp>,
    /// The actor of that event: an actor id, or the name as written when it is not one.
    pub actor: Option<String>,
    pub message: String,
    pub late: Option<Lateness>,
}

impl Finding {
    /// A finding with a message and nothing else.
    pub fn new(code: &'static Code, message: String) -> Finding {
        Finding { code, item: None, events: Vec::new(), time: None, actor: None, message, late: None }
    }

    /// Sets the SOP item.
    pub fn item(mut self, item: &str) -> Finding {
        self.item = Some(item.to_string());
        self
    }

    /// Adds an event.
    pub fn at(mut self, loc: Loc) -> Finding {
        self.events.push(loc);
        self
    }

    /// Sets the time.
    pub fn when(mut self, time: Stamp) -> Finding {
        self.time = Some(time);
        self
    }
}

/// A problem with the trace itself, located by file and line.
#[derive(Debug, Clone, Serialize)]
pub struct InputIssue {
    pub code: &'static Code,
    pub loc: Loc,
    /// The 1-based column (field) when one field is at fault.
    pub column: Option<usize>,
    pub message: String,
}

/// Text from a trace for a message: lossy UTF-8, control characters escaped, at most 80
/// characters.
pub fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    // A newline or tab inside a value would break the report's lines: shown escaped.
    let escaped: String;
    let text = if text.chars().any(char::is_control) {
        escaped =
            text.chars().flat_map(|c| if c.is_control() { c.escape_default().collect() } else { vec![c] }).collect();
        escaped.as_str()
    } else {
        text
    };
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(79).collect::<String>())
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn shown_text_escapes_line_breaks_and_keeps_to_80_characters() {
        assert_eq!(shown(b" adm\nin "), "adm\\nin");
        assert_eq!(shown("Dinas Kominfo".as_bytes()), "Dinas Kominfo");
        let long = "x".repeat(100);
        assert_eq!(shown(long.as_bytes()).chars().count(), 80);
    }
}
