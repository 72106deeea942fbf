//! JSON Lines traces: one JSON object per line, with the same names as CSV columns.
//!
//! ```json
//! {"case_id": "L-001", "activity": "verifikasi", "timestamp": "2025-01-02T10:15:00+07:00", "actor": "admin", "kadar": "pengawasan"}
//! ```

mod entries;

use super::columns::{Claim, Role};
use super::keys::{Key, Keys};
use super::{trimmed, Feed, Sink};
use crate::model::AttrIdx;
use crate::sim::deviation as codes;
use crate::sim::event::{shown, Attrs, InputIssue, Loc, RawEvent};
use crate::sim::time;
use entries::Entries;
use std::collections::BTreeSet;
use std::io::BufRead;

/// A key's value and the key, claimed for one role or attribute.
type KeyClaim<'k> = Claim<(&'k str, &'k str)>;

/// Reads a JSON Lines trace.
pub fn read<R: BufRead, S: Sink>(mut input: R, feed: &mut Feed<'_, S>) -> Result<(), String> {
    let (source, sink, progress) = (feed.source, &mut *feed.sink, &mut feed.progress);
    let mut line = Vec::new();
    let mut number: u64 = 0;
    let mut bytes: u64 = 0;
    let mut unknown: BTreeSet<String> = BTreeSet::new();
    // Keys already noted as written twice in an object.
    let mut repeated_keys: BTreeSet<String> = BTreeSet::new();
    let mut attributes: Vec<(AttrIdx, String)> = Vec::new();
    // Whether a line that is not blank was read: a file without one is refused, as CSV is.
    let mut any = false;
    let mut clock = time::Parser::new(source.dates);
    let mut keys = Keys::default();
    loop {
        line.clear();
        let read = input.read_until(b'\n', &mut line).map_err(|e| format!(":{}: cannot read: {e}", number + 1))?;
        if read == 0 {
            break;
        }
        number += 1;
        bytes += read as u64;
        progress.record(bytes);
        let loc = Loc { file: source.file, line: number };
        let text = if number == 1 { line.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(&line) } else { &line };
        if text.trim_ascii().is_empty() {
            continue;
        }
        any = true;
        let reject = |sink: &mut S, code, message: String| sink.reject(InputIssue { code, loc, column: None, message });
        let Ok(text) = std::str::from_utf8(text) else {
            reject(sink, codes::BAD_ENCODING, "the line is not UTF-8 text; save the file as UTF-8".into());
            continue;
        };
        // From the text already checked, so serde_json does not check each string again.
        let entries = match serde_json::from_str::<Entries<'_>>(text) {
            Ok(entries) => {
                let (entries, repeated) = entries.in_key_order();
                for key in repeated {
                    repeated_key(sink, loc, key, &mut repeated_keys);
                }
                entries
            }
            Err(e) => {
                reject(sink, codes::UNREADABLE_ROW, format!("the line is not a JSON object: {e}"));
                continue;
            }
        };
        let (mut case, mut activity, mut stamp, mut actor, mut resource, mut lifecycle) =
            (None, None, None, None, None, None);
        attributes.clear();
        let mut claims: Vec<(AttrIdx, Option<KeyClaim<'_>>)> = Vec::new();
        for (key, value) in &entries {
            let (key, text) = (key.as_ref(), value.as_ref());
            let place = keys.place(key, |k| (source.names.role(k), source.names.is_mapped(k)));
            let Some(&Key { role, mapped, .. }) = keys.get(place) else { continue };
            let slot = match role {
                Role::Case => &mut case,
                Role::Activity => &mut activity,
                Role::Time => &mut stamp,
                Role::Actor => &mut actor,
                Role::Resource => &mut resource,
                Role::Lifecycle => &mut lifecycle,
                Role::Attribute(a) => {
                    let at = claims.iter().position(|(x, _)| *x == a).unwrap_or_else(|| {
                        claims.push((a, None));
                        claims.len() - 1
                    });
                    match claims.get_mut(at) {
                        Some((_, slot)) => slot,
                        None => continue,
                    }
                }
                Role::Unknown => {
                    if !unknown.contains(key) {
                        unknown.insert(key.to_string());
                        sink.note(InputIssue {
                            code: codes::UNKNOWN_COLUMN,
                            loc,
                            column: None,
                            message: format!(
                                "key '{key}' is not a field the audit knows nor a case attribute of the SOP; its values are not used (first seen here)"
                            ),
                        });
                    }
                    continue;
                }
            };
            if let Some((_, unused)) = Claim::make(slot, (text, key), mapped) {
                if unknown.insert(unused.to_string()) {
                    let used = slot.as_ref().map_or("", |kept| kept.value.1);
                    let message = format!(
                        "key '{unused}' holds what key '{used}' holds; its values are not used (first seen here)"
                    );
                    sink.note(InputIssue { code: codes::UNKNOWN_COLUMN, loc, column: None, message });
                }
            }
        }
        attributes.extend(claims.into_iter().filter_map(|(a, claim)| claim.map(|c| (a, c.value.0.to_string()))));
        let [case, activity, stamp, actor, resource, lifecycle] =
            [case, activity, stamp, actor, resource, lifecycle].map(|slot| slot.map(|claim| claim.value.0));
        let Some(stamp) = stamp.filter(|s| !blank(s)) else {
            reject(sink, codes::MISSING_FIELD, "the line has no timestamp".into());
            continue;
        };
        let Ok(when) = clock.parse(stamp.as_bytes(), source.offset) else {
            reject(
                sink,
                codes::BAD_TIMESTAMP,
                format!("'{}' is not a timestamp; {}", shown(stamp.as_bytes()), clock.expected(stamp.as_bytes())),
            );
            continue;
        };
        let Some(activity) = activity.filter(|a| !blank(a)) else {
            reject(sink, codes::MISSING_FIELD, "the line has no activity".into());
            continue;
        };
        if lifecycle.is_some_and(|l| !blank(l) && !trimmed(l).eq_ignore_ascii_case("complete")) {
            sink.skip(loc);
            continue;
        }
        // `org:role`, else `org:resource`: a role given empty (or null) leaves the resource.
        let actor = [actor, resource].into_iter().flatten().find(|a| !blank(a));
        let case = case.unwrap_or_default();
        sink.event(&RawEvent {
            loc,
            case: trimmed(case).as_bytes(),
            activity: activity.as_bytes(),
            time: when,
            actor: actor.map(str::as_bytes),
            attributes: Attrs::Pairs(&attributes),
        });
    }
    progress.end(bytes);
    if !any {
        return Err(": the file is empty; expected one JSON object per line, such as {\"case_id\": \"A-01\", \"activity\": \"terima\", \"timestamp\": \"2025-01-06T08:15:00+07:00\"}".into());
    }
    Ok(())
}

fn blank(text: &str) -> bool {
    trimmed(text).is_empty()
}

/// A key written twice in one object: JSON leaves which one counts to the reader. The last
/// is used, as in a map of the object; noted once per key.
#[cold]
fn repeated_key<S: Sink>(sink: &mut S, loc: Loc, key: String, noted: &mut BTreeSet<String>) {
    if !noted.contains(&key) {
        let message = format!("key '{key}' is written twice in the object; its last value is used (first seen here)");
        sink.note(InputIssue { code: codes::UNKNOWN_COLUMN, loc, column: None, message });
        noted.insert(key);
    }
}
