//! The XES elements read for their XML attributes: the root, and `<string key=".." value=".."/>`.

use quick_xml::events::attributes::Attribute;
use quick_xml::events::BytesStart;
use std::borrow::Cow;

/// The document's first element must be `<log>`: anything else is not an XES log, and reading
/// it would audit nothing without saying why.
pub(super) fn check_root(e: &BytesStart<'_>, seen: &mut bool, depth: usize, line: u64) -> Result<(), String> {
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
pub(super) type KeyValue<'e> = (Option<Cow<'e, str>>, Option<Cow<'e, str>>);

#[inline]
pub(super) fn key_value<'e>(e: &'e BytesStart<'_>) -> Result<KeyValue<'e>, String> {
    let (mut key, mut value) = (None, None);
    // The element is checked as UTF-8 once, rather than each value on its own (a call of
    // `from_utf8` costs more than the few bytes it checks); when it is not, each value read is
    // checked as before, so only the values used can make it an error.
    let whole = std::str::from_utf8(e).ok();
    // quick-xml's check for repeated attributes keeps a list per element; only the two read
    // here matter, and they are checked without one.
    for attribute in e.attributes().with_checks(false) {
        let attribute = attribute.map_err(|err| format!("the XML is malformed: {err}"))?;
        let slot = match attribute.key.as_ref() {
            b"key" => &mut key,
            b"value" => &mut value,
            _ => continue,
        };
        if slot.is_some() {
            let name = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
            return Err(format!("the XML is malformed: the element gives its attribute '{name}' twice"));
        }
        *slot = Some(text_of(attribute, whole)?);
    }
    Ok((key, value))
}

/// An attribute's value as text, borrowed when it has no entity to replace (as nearly all
/// have): quick-xml's unescaping costs several times the check. `whole` is the element's
/// text, when it is UTF-8.
#[inline]
fn text_of<'e>(attribute: Attribute<'e>, whole: Option<&'e str>) -> Result<Cow<'e, str>, String> {
    if attribute.value.contains(&b'&') {
        return attribute.unescape_value().map_err(|err| format!("the XML is malformed: {err}"));
    }
    if let (Cow::Borrowed(bytes), Some(whole)) = (&attribute.value, whole) {
        // The value lies in the element's text: its place there, found by address.
        let offset = (bytes.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
        if let Some(text) = offset.checked_add(bytes.len()).and_then(|end| whole.get(offset..end)) {
            return Ok(Cow::Borrowed(text));
        }
    }
    let not_utf8 = |err: std::str::Utf8Error| format!("the XML is not UTF-8 text ({err}); save the file as UTF-8");
    match attribute.value {
        Cow::Borrowed(bytes) => std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(not_utf8),
        Cow::Owned(bytes) => String::from_utf8(bytes).map(Cow::Owned).map_err(|e| not_utf8(e.utf8_error())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;

    /// The key and value of the first element of `xml`, as text.
    fn read(xml: &[u8]) -> Result<(Option<String>, Option<String>), String> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Empty(e)) => key_value(&e).map(|(k, v)| (k.map(Cow::into_owned), v.map(Cow::into_owned))),
            other => Err(format!("not an empty element: {other:?}")),
        }
    }

    #[test]
    fn values_are_read_from_elements_checked_once_or_value_by_value() {
        let pair = |k: &str, v: &str| Ok((Some(k.to_string()), Some(v.to_string())));
        assert_eq!(
            read("<string key=\"org:role\" value=\"Kepala Dinas Kominfo – é\"/>".as_bytes()),
            pair("org:role", "Kepala Dinas Kominfo – é")
        );
        assert_eq!(read(b"<string key=\"a\" value=\"x &amp; y\"/>"), pair("a", "x & y"));
        // A byte that is not UTF-8 in an attribute not read leaves the element usable...
        assert_eq!(read(b"<string key=\"a\" note=\"\xe9\" value=\"b\"/>"), pair("a", "b"));
        // ...and in the value, it is an error.
        let err = read(b"<string key=\"a\" value=\"caf\xe9\"/>").err().unwrap_or_default();
        assert!(err.contains("not UTF-8 text"), "{err}");
    }
}
