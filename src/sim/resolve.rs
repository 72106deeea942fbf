//! Matching names as a trace writes them to the SOP's steps, actors and attribute values.
//!
//! Activities: the mapping file first, then a step id, then a step's official number when only
//! one step has it, then a periodic duty id. Actors: the mapping, then an actor id, then an
//! actor's title (ignoring case). Attribute values: the mapping, then the value itself (also
//! ignoring case); bool attributes also read `ya/tidak`, `yes/no`, `1/0`.

use super::flow::Val;
use super::read::mapping::{suggest, Activity, Mapping, UnknownActivities};
use super::words::{same, Words};
use crate::model::{ActorIdx, AttrIdx, Domain, Model};
use std::cell::RefCell;
use std::collections::HashMap;

/// Name tables for one SOP and mapping.
#[derive(Debug, Clone)]
pub struct Resolver {
    activities: Table<Activity>,
    actors: Table<ActorIdx>,
    actor_titles: Vec<(String, ActorIdx)>,
    values: Vec<Table<u16>>,
    /// Per attribute, its values as written in the SOP, to compare a row's value with its
    /// case's.
    texts: Vec<Vec<Box<[u8]>>>,
    pub unknown_activities: UnknownActivities,
    /// Did-you-mean hints already worked out, by unknown activity name.
    hints: RefCell<HashMap<Box<[u8]>, String>>,
}

/// Unknown names whose hints are remembered; past this, each is worked out again.
const MAX_HINTS: usize = 4096;

/// A table of names, found by their [`Words`] in a small open-addressed table: trace rows
/// repeat a handful of names millions of times, and most are compared as two words.
#[derive(Debug, Clone)]
struct Table<V> {
    /// A power-of-two number of cells, at most half of them used.
    cells: Vec<Option<Cell<V>>>,
}

/// A name in a [`Table`], with its words and what it stands for.
#[derive(Debug, Clone)]
struct Cell<V> {
    words: Words,
    name: Box<[u8]>,
    value: V,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table { cells: Vec::new() }
    }
}

impl<V: Copy> Table<V> {
    /// Adds `name` unless it is there already.
    fn add(&mut self, name: &[u8], value: V) {
        if self.get(name).is_some() {
            return;
        }
        let used = self.cells.iter().flatten().count();
        if 2 * (used + 1) > self.cells.len() {
            let cells = (2 * self.cells.len()).max(8);
            let old = std::mem::replace(&mut self.cells, vec![None; cells]);
            for cell in old.into_iter().flatten() {
                self.place(cell);
            }
        }
        self.place(Cell { words: Words::of(name), name: name.into(), value });
    }

    /// Puts `cell` in the first free cell from its hash on.
    fn place(&mut self, cell: Cell<V>) {
        let mask = self.cells.len().wrapping_sub(1);
        let mut i = cell.words.hash() as usize & mask;
        while let Some(Some(_)) = self.cells.get(i) {
            i = (i + 1) & mask;
        }
        if let Some(free) = self.cells.get_mut(i) {
            *free = Some(cell);
        }
    }

    #[inline]
    fn get(&self, name: &[u8]) -> Option<V> {
        let words = Words::of(name);
        let mask = self.cells.len().wrapping_sub(1);
        let mut i = words.hash() as usize & mask;
        // Half the cells are free, so the probe ends at one soon.
        while let Some(Some(cell)) = self.cells.get(i) {
            if same(&cell.name, cell.words, name, words) {
                return Some(cell.value);
            }
            i = (i + 1) & mask;
        }
        None
    }
}

fn key(text: &str) -> &[u8] {
    text.as_bytes()
}

impl Resolver {
    /// The tables for `model` and `mapping`.
    pub fn new(model: &Model, mapping: &Mapping) -> Resolver {
        let mut activities: Table<Activity> = Table::default();
        for (name, activity) in &mapping.activities {
            activities.add(key(name), *activity);
        }
        for (i, step) in model.steps.iter().enumerate() {
            activities.add(key(&step.id), Activity::Step(i));
        }
        for (i, step) in model.steps.iter().enumerate() {
            if let Some(number) = &step.number {
                let shared = model.steps.iter().filter(|s| s.number.as_ref() == Some(number)).count() > 1;
                if !shared {
                    activities.add(key(number), Activity::Step(i));
                }
            }
        }
        for (i, duty) in model.periodic.iter().enumerate() {
            activities.add(key(&duty.id), Activity::Duty(i));
        }
        let mut actors: Table<ActorIdx> = Table::default();
        for (name, actor) in &mapping.actors {
            actors.add(key(name), *actor);
        }
        for (i, actor) in model.actors.iter().enumerate() {
            actors.add(key(&actor.id), i);
        }
        let actor_titles = model.actors.iter().enumerate().map(|(i, a)| (a.title.to_lowercase(), i)).collect();
        let mut values: Vec<Table<u16>> = Vec::new();
        for (a, attribute) in model.attributes.iter().enumerate() {
            let mut table: Table<u16> = Table::default();
            for (attr, written, v) in &mapping.values {
                if *attr == a {
                    table.add(key(written), *v);
                }
            }
            let domain = attribute.domain.values();
            for (v, text) in domain.iter().enumerate() {
                if let Ok(v) = u16::try_from(v) {
                    table.add(key(text), v);
                    table.add(key(&text.to_lowercase()), v);
                }
            }
            if attribute.domain == Domain::Bool {
                for (word, v) in
                    [("ya", 0), ("yes", 0), ("1", 0), ("y", 0), ("tidak", 1), ("no", 1), ("0", 1), ("n", 1)]
                {
                    table.add(key(word), v);
                }
            }
            values.push(table);
        }
        let texts =
            model.attributes.iter().map(|a| a.domain.values().iter().map(|v| v.as_bytes().into()).collect()).collect();
        Resolver {
            activities,
            actors,
            actor_titles,
            values,
            texts,
            unknown_activities: mapping.unknown_activities,
            hints: RefCell::default(),
        }
    }

    /// What an activity as written stands for.
    #[inline]
    pub fn activity(&self, written: &[u8]) -> Activity {
        match self.activities.get(written) {
            Some(found) => found,
            None => self.activity_trimmed(written),
        }
    }

    #[cold]
    #[inline(never)]
    fn activity_trimmed(&self, written: &[u8]) -> Activity {
        self.activities.get(written.trim_ascii()).unwrap_or(Activity::Unknown)
    }

    /// ` (did you mean 'x'?)` for the known activity name closest to an unknown one, if close.
    /// Remembered per name: a log may repeat one unmapped status a million times.
    pub fn activity_hint(&self, written: &[u8]) -> String {
        let mut hints = self.hints.borrow_mut();
        if let Some(hint) = hints.get(written) {
            return hint.clone();
        }
        let text = String::from_utf8_lossy(written.trim_ascii());
        let known = self.activities.cells.iter().flatten().filter(|c| c.value != Activity::ActorOnly);
        let hint = suggest(&text, known.filter_map(|c| std::str::from_utf8(&c.name).ok()));
        if hints.len() < MAX_HINTS {
            hints.insert(written.into(), hint.clone());
        }
        hint
    }

    /// The actor an actor name as written stands for, if any.
    #[inline]
    pub fn actor(&self, written: &[u8]) -> Option<ActorIdx> {
        match self.actors.get(written) {
            Some(found) => Some(found),
            None => self.actor_forgiving(written),
        }
    }

    /// The actor of a name written with spaces around it, or as the actor's title.
    #[cold]
    #[inline(never)]
    fn actor_forgiving(&self, written: &[u8]) -> Option<ActorIdx> {
        let trimmed = written.trim_ascii();
        if let Some(found) = self.actors.get(trimmed) {
            return Some(found);
        }
        let lower = String::from_utf8_lossy(trimmed).to_lowercase();
        self.actor_titles.iter().find(|(title, _)| *title == lower).map(|(_, a)| *a)
    }

    /// Whether `written` is value `v` of attribute `a` exactly as the SOP writes it: the check
    /// for the common row that repeats its case's value.
    #[inline]
    pub fn is_value(&self, a: AttrIdx, v: u16, written: &[u8]) -> bool {
        let text = self.texts.get(a).and_then(|t| t.get(usize::from(v)));
        text.is_some_and(|text| **text == *written)
    }

    /// The value of attribute `a` as written: unset when empty.
    pub fn value(&self, a: AttrIdx, written: &[u8]) -> Val {
        let Some(table) = self.values.get(a) else { return Val::Invalid };
        if let Some(v) = table.get(written) {
            return Val::Known(v);
        }
        let trimmed = written.trim_ascii();
        if trimmed.is_empty() {
            return Val::Unset;
        }
        if let Some(v) = table.get(trimmed) {
            return Val::Known(v);
        }
        let lower = String::from_utf8_lossy(trimmed).to_lowercase();
        table.get(lower.as_bytes()).map_or(Val::Invalid, Val::Known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_finds_every_name_it_was_given_and_no_other() {
        let names: Vec<String> = (0..200)
            .map(|i| match i % 3 {
                0 => format!("s{i}"),
                1 => format!("step_{i:04}_x"),
                // Long names sharing their first and last eight bytes.
                _ => format!("abcdefgh-{i:05}-ijklmnop"),
            })
            .collect();
        let mut table: Table<usize> = Table::default();
        for (i, name) in names.iter().enumerate() {
            table.add(name.as_bytes(), i);
        }
        for (i, name) in names.iter().enumerate() {
            assert_eq!(table.get(name.as_bytes()), Some(i), "{name}");
        }
        for unknown in ["", "s", "s1000", "abcdefgh-99999-ijklmnop", "step_0001_y"] {
            assert_eq!(table.get(unknown.as_bytes()), None, "{unknown}");
        }
        assert_eq!(Table::<usize>::default().get(b"anything"), None);
    }

    #[test]
    fn a_name_added_twice_keeps_its_first_meaning() {
        let mut table: Table<u8> = Table::default();
        table.add(b"verifikasi", 1);
        table.add(b"verifikasi", 2);
        assert_eq!(table.get(b"verifikasi"), Some(1));
    }
}
