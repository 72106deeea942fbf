//! One JSON Lines object as its entries, each value as the text the audit reads: keys and
//! strings are borrowed from the line when they hold no escapes, so a line costs no
//! allocation beyond its list of entries (a map of owned values took 7x the instructions).

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// One key and its value as text.
pub type Entry<'a> = (Cow<'a, str>, Cow<'a, str>);

/// The entries of one object, in the order written.
pub struct Entries<'a>(Vec<Entry<'a>>);

impl<'a> Entries<'a> {
    /// The entries in key order, a key written twice keeping its last value: as a map of the
    /// object would hold them, so which key wins a role does not depend on how it was written.
    /// Also the keys written more than once, for the reader to note.
    pub fn in_key_order(self) -> (Vec<Entry<'a>>, Vec<String>) {
        let mut entries = self.0;
        // Reversed, then sorted stably: of equal keys, the last written comes first and stays.
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut repeated: Vec<String> = Vec::new();
        for pair in entries.windows(2) {
            if let [(a, _), (b, _)] = pair {
                if a == b && repeated.last().is_none_or(|r| r != a) {
                    repeated.push(a.to_string());
                }
            }
        }
        entries.dedup_by(|later, kept| later.0 == kept.0);
        (entries, repeated)
    }
}

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EntriesVisitor)
    }
}

struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Entries<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // serde_json's own words for a map, as the reader said before it read entries itself.
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<'de>, A::Error> {
        let mut entries = Vec::with_capacity(8);
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            let Text(value) = map.next_value::<Text<'de>>()?;
            entries.push((key, value));
        }
        Ok(Entries(entries))
    }
}

/// A key, or a value as text: a string as it is, `null` empty, a boolean or number as JSON
/// writes it, an array or object as compact JSON.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed("")))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(if v { "true" } else { "false" })))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text<'de>, E> {
        // Through serde_json's number, so a float reads as JSON writes it (`1.5`, `1e100`).
        Ok(Text(Cow::Owned(Value::from(v).to_string())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Text<'de>, A::Error> {
        let value = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Text(Cow::Owned(value.to_string())))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text<'de>, A::Error> {
        let value = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Text(Cow::Owned(value.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Vec<(String, String)> {
        let entries = serde_json::from_str::<Entries<'_>>(line).map(|e| e.in_key_order().0).unwrap_or_default();
        entries.into_iter().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    /// The text of each value as a map of serde_json values gives it (the reader's old way).
    fn as_a_map_gives(line: &str) -> Vec<(String, String)> {
        let map = serde_json::from_str::<serde_json::Map<String, Value>>(line).unwrap_or_default();
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        map.iter().map(|(k, v)| (k.clone(), text(v))).collect()
    }

    #[test]
    fn values_read_as_the_text_a_map_of_json_values_would_print() {
        let line = r#"{"s": "a\"b", "n": null, "t": true, "i": -3, "u": 7, "f": 1.5, "e": 1e100, "g": -0.0, "l": [1, "x"], "o": {"k": 2}}"#;
        let read = read(line);
        assert_eq!(read, as_a_map_gives(line));
        let get = |key: &str| read.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        assert_eq!((get("s"), get("n"), get("t"), get("l")), (Some("a\"b"), Some(""), Some("true"), Some("[1,\"x\"]")));
    }

    #[test]
    fn a_key_written_twice_keeps_its_last_value() {
        let line = r#"{"b": "1", "a": "x", "b": "2", "b": "3"}"#;
        assert_eq!(read(line), owned(&[("a", "x"), ("b", "3")]));
        assert_eq!(read(line), as_a_map_gives(line));
        let repeated = serde_json::from_str::<Entries<'_>>(line).ok().map(|e| e.in_key_order().1);
        assert_eq!(repeated, Some(vec!["b".to_string()]));
    }

    #[test]
    fn escaped_keys_are_unescaped() {
        assert_eq!(read(r#"{"case\u005fid": "A"}"#), owned(&[("case_id", "A")]));
    }

    proptest::proptest! {
        #[test]
        fn any_object_reads_as_a_map_of_json_values_would(
            entries in proptest::collection::vec(("(case_id|a|b|\\\\u0061|k\u{e9}y)", value()), 0..8)
        ) {
            let body: Vec<String> = entries.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
            let line = format!("{{{}}}", body.join(", "));
            proptest::prop_assert!(serde_json::from_str::<Value>(&line).is_ok(), "not JSON: {}", line);
            proptest::prop_assert_eq!(read(&line), as_a_map_gives(&line));
        }
    }

    /// JSON values as text: strings with escapes, numbers of every kind, nested ones.
    fn value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just("null".to_string()),
            any::<bool>().prop_map(|b| b.to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| format!("{f:e}")),
            "[a-z \\\\\"\u{e9}]{0,6}".prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
            Just("\"tab\\tand\\u00e9\"".to_string()),
        ];
        leaf.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(","))),
                proptest::collection::vec(inner, 0..3).prop_map(|v| {
                    let fields: Vec<String> = v.iter().enumerate().map(|(i, x)| format!("\"f{i}\":{x}")).collect();
                    format!("{{{}}}", fields.join(","))
                }),
            ]
        })
    }
}
