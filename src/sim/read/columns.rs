//! Column and attribute names: ours, pm4py/XES ones, and those a mapping file adds.

use super::mapping::Mapping;
use crate::model::{AttrIdx, Model};

/// What a column (or JSON key, or XES attribute key) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Case,
    Activity,
    Time,
    /// The actor (a role such as `admin`): `actor`, `org:role`.
    Actor,
    /// The person (`org:resource`): used as the actor when there is no role column.
    Resource,
    /// `lifecycle:transition`: only `complete` events are audited.
    Lifecycle,
    Attribute(AttrIdx),
    Unknown,
}

/// What several columns or keys claim for one role: the one the mapping file names wins over
/// one of a standard name (`ID Laporan` over `case_id`), else the first.
#[derive(Debug, Clone)]
pub struct Claim<T> {
    pub value: T,
    mapped: bool,
}

impl<T> Claim<T> {
    /// Puts `value` (from a column the mapping names, or not) into `slot`; returns the claim
    /// that is not used, if two claim it.
    pub fn make(slot: &mut Option<Claim<T>>, value: T, mapped: bool) -> Option<T> {
        match slot {
            Some(kept) if mapped && !kept.mapped => slot.replace(Claim { value, mapped }).map(|lost| lost.value),
            Some(_) => Some(value),
            None => {
                *slot = Some(Claim { value, mapped });
                None
            }
        }
    }
}

/// The key that holds each role in one element (an XES trace or event), by `K` (the key or
/// where it is kept): a second key for a role is noted, not merged.
pub type Claims<K> = Vec<(Role, Option<Claim<K>>)>;

/// Claims `role` for `key`; gives the key whose values are not used when another key holds the
/// role too (the one the mapping file names wins, else the first). The same key again is used,
/// as before: its last value counts.
pub fn claim<K: PartialEq>(claims: &mut Claims<K>, role: Role, key: K, mapped: bool) -> Option<K> {
    let slot = match claims.iter_mut().position(|(r, _)| *r == role) {
        Some(i) => &mut claims.get_mut(i)?.1,
        None => {
            claims.push((role, None));
            &mut claims.last_mut()?.1
        }
    };
    if slot.as_ref().is_some_and(|kept| kept.value == key) {
        return None;
    }
    Claim::make(slot, key, mapped)
}

/// Every name the readers understand.
#[derive(Debug, Clone)]
pub struct Names {
    case: &'static [&'static str],
    activity: &'static [&'static str],
    time: &'static [&'static str],
    actor: &'static [&'static str],
    attributes: Vec<(String, AttrIdx)>,
    /// The core columns the mapping file names: their role, the role in words, and the name. A
    /// CSV header must have them, and each holds its role even under another role's standard
    /// name (`activity = "case_id"`).
    pub mapped: Vec<(Role, &'static str, String)>,
    /// The attribute columns the mapping file names.
    mapped_attributes: Vec<String>,
}

impl Names {
    /// The names for `model`, with the mapping's column and attribute names first.
    pub fn new(model: &Model, mapping: &Mapping) -> Names {
        let mut attributes = mapping.attributes.clone();
        for (i, a) in model.attributes.iter().enumerate() {
            attributes.push((a.id.clone(), i));
            attributes.push((format!("case:{}", a.id), i));
        }
        let columns = &mapping.columns;
        let roles = [
            (Role::Case, "case id", &columns.case),
            (Role::Activity, "activity", &columns.activity),
            (Role::Time, "timestamp", &columns.timestamp),
            (Role::Actor, "actor", &columns.actor),
        ];
        let mapped = roles.into_iter().filter_map(|(role, what, name)| Some((role, what, name.clone()?))).collect();
        Names {
            mapped,
            mapped_attributes: mapping.attributes.iter().map(|(name, _)| name.clone()).collect(),
            case: &["case_id", "case", "case:concept:name"],
            activity: &["activity", "concept:name"],
            time: &["timestamp", "time", "time:timestamp"],
            actor: &["actor", "org:role", "role"],
            attributes,
        }
    }

    /// The role of a CSV column or JSON key. Names are matched exactly, then ignoring case.
    pub fn role(&self, name: &str) -> Role {
        let name = name.trim();
        let same = |n: &str| n == name || n.eq_ignore_ascii_case(name);
        let is = |list: &[&str]| list.iter().any(|n| same(n));
        // A column the mapping names holds its role first, before the standard names.
        if let Some((role, _, _)) = self.mapped.iter().find(|(_, _, n)| same(n)) {
            return *role;
        }
        if is(self.case) {
            Role::Case
        } else if is(self.activity) {
            Role::Activity
        } else if is(self.time) {
            Role::Time
        } else if is(self.actor) {
            Role::Actor
        } else if ["org:resource", "resource"].iter().any(|n| n.eq_ignore_ascii_case(name)) {
            Role::Resource
        } else if name.eq_ignore_ascii_case("lifecycle:transition") {
            Role::Lifecycle
        } else if let Some((_, a)) = self.attributes.iter().find(|(n, _)| n == name) {
            Role::Attribute(*a)
        } else if let Some((_, a)) = self.attributes.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Role::Attribute(*a)
        } else {
            Role::Unknown
        }
    }

    /// Whether `name` is a column the mapping file names: it takes its role before a column of
    /// a standard name (`case_id` beside a mapped `ID Laporan`).
    pub fn is_mapped(&self, name: &str) -> bool {
        let name = name.trim();
        let same = |m: &String| m == name || m.eq_ignore_ascii_case(name);
        self.mapped.iter().any(|(_, _, m)| same(m)) || self.mapped_attributes.iter().any(same)
    }

    /// The role of an XES attribute key inside an `<event>`: as for columns.
    pub fn event_key(&self, key: &str) -> Role {
        self.role(key)
    }

    /// The role of an XES attribute key directly inside a `<trace>`: `concept:name` is the case
    /// id there, and other keys name case attributes.
    pub fn trace_key(&self, key: &str) -> Role {
        if key == "concept:name" {
            return Role::Case;
        }
        match self.role(key) {
            Role::Attribute(a) => Role::Attribute(a),
            Role::Case => Role::Case,
            _ => Role::Unknown,
        }
    }
}
