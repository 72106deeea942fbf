//! Which cases a set of guards covers: shared by decisions and conditional deadlines.

use crate::model::{Guard, Model};

/// Two guards that can hold for the same case, with an example case.
pub struct Overlap {
    pub first: usize,
    pub second: usize,
    pub example: String,
}

/// The values of one attribute that no guard accepts (empty when the guards cover every case).
pub struct Missing {
    pub attribute: String,
    pub values: Vec<String>,
}

/// Pairs of guards that can both hold.
pub fn overlaps(model: &Model, guards: &[&Guard]) -> Vec<Overlap> {
    let mut found = Vec::new();
    for (i, a) in guards.iter().enumerate() {
        for (j, b) in guards.iter().enumerate().skip(i + 1) {
            if let Some(example) = common_case(model, a, b) {
                found.push(Overlap { first: i, second: j, example });
            }
        }
    }
    found
}

fn common_case(model: &Model, a: &Guard, b: &Guard) -> Option<String> {
    let attribute = model.attributes.get(a.attribute)?;
    if a.attribute != b.attribute {
        let other = model.attributes.get(b.attribute)?;
        let va = attribute.domain.values().into_iter().find(|v| a.test.accepts(v))?;
        let vb = other.domain.values().into_iter().find(|v| b.test.accepts(v))?;
        return Some(format!("{} is \"{va}\" and {} is \"{vb}\"", attribute.id, other.id));
    }
    let value = attribute.domain.values().into_iter().find(|v| a.test.accepts(v) && b.test.accepts(v))?;
    Some(format!("{} is \"{value}\"", attribute.id))
}

/// The cases no guard takes, or `None` when some attribute is fully covered.
pub fn missing(model: &Model, guards: &[&Guard]) -> Option<Missing> {
    let mut worst: Option<Missing> = None;
    let mut attributes: Vec<usize> = guards.iter().map(|g| g.attribute).collect();
    attributes.sort_unstable();
    attributes.dedup();
    for index in attributes {
        let attribute = model.attributes.get(index)?;
        let values: Vec<String> = attribute
            .domain
            .values()
            .into_iter()
            .filter(|v| !guards.iter().filter(|g| g.attribute == index).any(|g| g.test.accepts(v)))
            .collect();
        if values.is_empty() {
            return None;
        }
        if worst.as_ref().is_none_or(|w| values.len() < w.values.len()) {
            worst = Some(Missing { attribute: attribute.id.clone(), values });
        }
    }
    worst
}

/// Values as `"a", "b"` for messages.
pub fn quoted(values: &[String]) -> String {
    values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ")
}
