//! Matching names as a trace writes them to the SOP's steps, actors and attribute values.
//!
//! Activities: the mapping file first, then a step id, then a step's official number when only
//! one step has it, then a periodic duty id. Actors: the mapping, then an actor id, then an
//! actor's title (ignoring case). Attribute values: the mapping, then the value itself (also
//! ignoring case); bool attributes also read `ya/tidak`, `yes/no`, `1/0`.

use super::flow::Val;
use super::read::mapping::{Activity, Mapping, UnknownActivities};
use crate::model::{ActorIdx, AttrIdx, Domain, Model};
use rustc_hash::FxHashMap;

/// Name tables for one SOP and mapping.
#[derive(Debug, Clone)]
pub struct Resolver {
    activities: Table<Activity>,
    actors: Table<ActorIdx>,
    actor_titles: Vec<(String, ActorIdx)>,
    values: Vec<Table<u16>>,
    pub unknown_activities: UnknownActivities,
}

/// A table of names. Names up to 16 bytes are compared as two machine words, without hashing:
/// trace rows repeat a handful of names millions of times.
#[derive(Debug, Clone)]
struct Table<V> {
    short: Vec<([u64; 2], usize, V)>,
    long: FxHashMap<Box<[u8]>, V>,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table { short: Vec::new(), long: FxHashMap::default() }
    }
}

/// A name of at most 16 bytes as two words (zero-padded).
fn pack(name: &[u8]) -> Option<[u64; 2]> {
    if name.len() > 16 {
        return None;
    }
    let mut bytes = [0u8; 16];
    bytes.get_mut(..name.len())?.copy_from_slice(name);
    let (a, b) = bytes.split_at(8);
    Some([u64::from_le_bytes(a.try_into().ok()?), u64::from_le_bytes(b.try_into().ok()?)])
}

impl<V: Copy> Table<V> {
    /// Adds `name` unless it is there already.
    fn add(&mut self, name: &[u8], value: V) {
        if self.get(name).is_some() {
            return;
        }
        match pack(name) {
            Some(words) => self.short.push((words, name.len(), value)),
            None => {
                self.long.insert(name.into(), value);
            }
        }
    }

    fn get(&self, name: &[u8]) -> Option<V> {
        match pack(name) {
            Some(words) => self.short.iter().find(|(w, len, _)| *len == name.len() && *w == words).map(|(_, _, v)| *v),
            None => self.long.get(name).copied(),
        }
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
        Resolver { activities, actors, actor_titles, values, unknown_activities: mapping.unknown_activities }
    }

    /// What an activity as written stands for.
    pub fn activity(&self, written: &[u8]) -> Activity {
        if let Some(found) = self.activities.get(written) {
            return found;
        }
        let trimmed = written.trim_ascii();
        self.activities.get(trimmed).unwrap_or(Activity::Unknown)
    }

    /// The actor an actor name as written stands for, if any.
    pub fn actor(&self, written: &[u8]) -> Option<ActorIdx> {
        if let Some(found) = self.actors.get(written) {
            return Some(found);
        }
        let trimmed = written.trim_ascii();
        if let Some(found) = self.actors.get(trimmed) {
            return Some(found);
        }
        let lower = String::from_utf8_lossy(trimmed).to_lowercase();
        self.actor_titles.iter().find(|(title, _)| *title == lower).map(|(_, a)| *a)
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
