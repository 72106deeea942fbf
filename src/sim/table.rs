//! The open cases: states in a slab, found by a 64-bit fingerprint of the case id.
//!
//! The index maps fingerprints to slab slots, so a lookup hashes the id once and compares
//! it once (ids up to 22 bytes are kept inline, next to the state). Two open cases whose ids
//! share a fingerprint are told apart by a second map on the full id. Closed slots keep their
//! allocations for the next case.

use super::case::CaseState;
use super::words::{same, Words};
use rustc_hash::{FxHashMap, FxHasher};
use std::collections::hash_map::Entry;
use std::hash::Hasher;

/// The fingerprint of a case id.
pub fn fingerprint(case: &[u8]) -> u64 {
    let words = Words::of(case);
    if words.whole() {
        return words.hash();
    }
    let mut hasher = FxHasher::default();
    hasher.write(case);
    hasher.write_u8(0xff);
    hasher.finish()
}

/// A case id, inline when short.
#[derive(Debug, Clone)]
enum Key {
    Inline { len: u8, bytes: [u8; 22] },
    Heap(Box<[u8]>),
}

impl Key {
    fn new(id: &[u8]) -> Key {
        match u8::try_from(id.len()) {
            Ok(len) if id.len() <= 22 => {
                let mut bytes = [0u8; 22];
                if let Some(to) = bytes.get_mut(..id.len()) {
                    to.copy_from_slice(id);
                }
                Key::Inline { len, bytes }
            }
            _ => Key::Heap(id.into()),
        }
    }

    /// Whether this is the key of `id`: short ids are compared as words.
    #[inline]
    fn is(&self, id: &[u8]) -> bool {
        let stored = self.as_bytes();
        same(stored, Words::of(stored), id, Words::of(id))
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Key::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Key::Heap(b) => b,
        }
    }
}

/// A case in the slab; the id first, next to the state's most used fields.
#[derive(Debug)]
#[repr(C)]
struct Slot {
    key: Key,
    fingerprint: u64,
    live: bool,
    state: CaseState,
}

/// The index key of a fingerprint: its low half, so the index stays small enough for the
/// processor's cache. Ids sharing it are told apart by their bytes.
fn short(fp: u64) -> u32 {
    fp as u32
}

/// The open cases.
#[derive(Debug, Default)]
pub struct Table {
    index: FxHashMap<u32, u32>,
    overflow: FxHashMap<Box<[u8]>, u32>,
    slots: Vec<Slot>,
    free: Vec<u32>,
    live: usize,
}

impl Table {
    /// How many cases are open.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether no case is open.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// The slot of the open case `id` (with fingerprint `fp`).
    #[inline]
    pub fn find(&self, id: &[u8], fp: u64) -> Option<u32> {
        if let Some(&i) = self.index.get(&short(fp)) {
            if self.slots.get(i as usize).is_some_and(|s| s.key.is(id)) {
                return Some(i);
            }
        }
        if self.overflow.is_empty() {
            None
        } else {
            self.overflow.get(id).copied()
        }
    }

    /// The state in slot `i`.
    pub fn state(&mut self, i: u32) -> Option<&mut CaseState> {
        self.slots.get_mut(i as usize).filter(|s| s.live).map(|s| &mut s.state)
    }

    /// The id and state in slot `i`.
    pub fn entry(&mut self, i: u32) -> Option<(&[u8], &mut CaseState)> {
        self.slots.get_mut(i as usize).filter(|s| s.live).map(|s| (s.key.as_bytes(), &mut s.state))
    }

    /// Opens case `id`: its state is `fresh()`, or a closed case's state given to `reset`.
    pub fn insert(
        &mut self,
        id: &[u8],
        fp: u64,
        fresh: impl FnOnce() -> CaseState,
        reset: impl FnOnce(&mut CaseState),
    ) -> u32 {
        let reused = self.free.pop().and_then(|i| {
            let slot = self.slots.get_mut(i as usize)?;
            slot.key = Key::new(id);
            slot.fingerprint = fp;
            slot.live = true;
            reset(&mut slot.state);
            Some(i)
        });
        let i = match reused {
            Some(i) => i,
            None => {
                self.slots.push(Slot { key: Key::new(id), fingerprint: fp, live: true, state: fresh() });
                u32::try_from(self.slots.len() - 1).unwrap_or(u32::MAX)
            }
        };
        match self.index.entry(short(fp)) {
            Entry::Occupied(_) => {
                self.overflow.insert(id.into(), i);
            }
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
        self.live += 1;
        i
    }

    /// Closes the case in slot `i`; its state stays for reuse.
    pub fn remove(&mut self, i: u32) {
        let Some(slot) = self.slots.get_mut(i as usize).filter(|s| s.live) else { return };
        slot.live = false;
        if self.index.get(&short(slot.fingerprint)) == Some(&i) {
            self.index.remove(&short(slot.fingerprint));
        } else {
            self.overflow.remove(slot.key.as_bytes());
        }
        self.free.push(i);
        self.live -= 1;
    }

    /// The slots of the open cases.
    pub fn open(&self) -> impl Iterator<Item = (u32, &[u8], &CaseState)> {
        self.slots.iter().enumerate().filter(|(_, s)| s.live).map(|(i, s)| (i as u32, s.key.as_bytes(), &s.state))
    }
}

/// A short array kept inline (up to `N` items), on the heap when longer: per-case attributes
/// and timers sit next to the rest of the case's state.
#[derive(Debug, Clone)]
pub enum Small<T: Copy, const N: usize> {
    Inline([T; N], u8),
    Heap(Box<[T]>),
}

impl<T: Copy, const N: usize> Small<T, N> {
    /// `len` copies of `fill`.
    pub fn new(len: usize, fill: T) -> Self {
        match u8::try_from(len) {
            Ok(n) if len <= N => Small::Inline([fill; N], n),
            _ => Small::Heap(vec![fill; len].into()),
        }
    }
}

impl<T: Copy, const N: usize> std::ops::Deref for Small<T, N> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Small::Inline(items, len) => items.get(..usize::from(*len)).unwrap_or_default(),
            Small::Heap(items) => items,
        }
    }
}

impl<T: Copy, const N: usize> std::ops::DerefMut for Small<T, N> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            Small::Inline(items, len) => items.get_mut(..usize::from(*len)).unwrap_or_default(),
            Small::Heap(items) => items,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_case_fits_in_four_cache_lines() {
        assert!(std::mem::size_of::<Slot>() <= 256, "{}", std::mem::size_of::<Slot>());
    }

    #[test]
    fn ids_sharing_a_fingerprint_are_told_apart() {
        let mut table = Table::default();
        let fresh = || CaseState::blank();
        let a = table.insert(b"A", 7, fresh, |_| {});
        let b = table.insert(b"B", 7, fresh, |_| {});
        assert_ne!(a, b);
        assert_eq!((table.find(b"A", 7), table.find(b"B", 7), table.find(b"C", 7)), (Some(a), Some(b), None));
        table.remove(a);
        assert_eq!((table.find(b"A", 7), table.find(b"B", 7)), (None, Some(b)));
        let long = [b'x'; 40];
        let c = table.insert(&long, 9, fresh, |_| {});
        assert_eq!(table.find(&long, 9), Some(c));
        assert_eq!(table.len(), 2);
        // Long ids with the same first and last eight bytes, and the same fingerprint.
        let (x, y) = (b"abcdefgh-1-ijklmnop", b"abcdefgh-2-ijklmnop");
        let d = table.insert(x, 11, fresh, |_| {});
        assert_eq!((table.find(x, 11), table.find(y, 11)), (Some(d), None));
        let e = table.insert(y, 11, fresh, |_| {});
        assert_eq!((table.find(x, 11), table.find(y, 11)), (Some(d), Some(e)));
    }
}
