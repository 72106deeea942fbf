//! The keys a log has used so far (JSON Lines keys, XES attribute keys) and what each holds.
//!
//! A log repeats its keys on every line or event, so each key is matched against the names
//! once. Keys come back in the same order each time, so the place after the last one found is
//! tried first; any other key is found by its name.

use super::columns::Role;
use rustc_hash::FxHashMap;

/// A key seen in the log.
#[derive(Debug)]
pub struct Key {
    pub name: Box<str>,
    pub role: Role,
    /// Whether the mapping file names it.
    pub mapped: bool,
}

/// The keys seen so far, each at a place that does not change.
#[derive(Debug, Default)]
pub struct Keys {
    keys: Vec<Key>,
    places: FxHashMap<Box<str>, usize>,
    /// The place after the last key found.
    next: usize,
}

impl Keys {
    /// The place of `key`; a key not seen before is given `new(key)`: its role, and whether
    /// the mapping file names it.
    pub fn place(&mut self, key: &str, new: impl FnOnce(&str) -> (Role, bool)) -> usize {
        let place = if self.keys.get(self.next).is_some_and(|k| &*k.name == key) {
            self.next
        } else if let Some(&place) = self.places.get(key) {
            place
        } else {
            let (role, mapped) = new(key);
            self.keys.push(Key { name: key.into(), role, mapped });
            self.places.insert(key.into(), self.keys.len() - 1);
            self.keys.len() - 1
        };
        self.next = place + 1;
        place
    }

    /// The key at `place`.
    pub fn get(&self, place: usize) -> Option<&Key> {
        self.keys.get(place)
    }

    /// The name of the key at `place`.
    pub fn name(&self, place: usize) -> &str {
        self.keys.get(place).map_or("", |k| &k.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_keeps_its_place_and_is_matched_once() {
        let mut keys = Keys::default();
        let mut matched = Vec::new();
        let mut place = |keys: &mut Keys, key: &str| {
            keys.place(key, |k| {
                matched.push(k.to_string());
                (Role::Unknown, false)
            })
        };
        let first: Vec<usize> = ["a", "b", "c"].iter().map(|k| place(&mut keys, k)).collect();
        let again: Vec<usize> = ["a", "c", "b", "d"].iter().map(|k| place(&mut keys, k)).collect();
        assert_eq!((first, again), (vec![0, 1, 2], vec![0, 2, 1, 3]));
        assert_eq!(matched, ["a", "b", "c", "d"]);
        assert_eq!((keys.name(3), keys.name(9)), ("d", ""));
    }
}
