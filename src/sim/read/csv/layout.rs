//! The header of a CSV trace: its separator, and which column plays which role.

use crate::model::AttrIdx;
use crate::sim::deviation as codes;
use crate::sim::event::{Fields, InputIssue, Loc};
use crate::sim::read::columns::{Claim, Role};
use crate::sim::read::{Sink, Source};
use std::collections::BTreeMap;

/// Which field holds what, from the header.
pub(super) struct Layout {
    pub case: usize,
    pub activity: usize,
    pub time: usize,
    pub actor: Option<usize>,
    /// `org:resource` beside a role column: the actor of a row whose role is empty.
    pub resource: Option<usize>,
    pub lifecycle: Option<usize>,
    pub attributes: Vec<(usize, AttrIdx)>,
    pub width: usize,
}

/// The separator of the header line (the first line that is not blank): the most frequent of
/// `,` `;` and tab.
pub(super) fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').find(|l| !l.trim_ascii().is_empty()).unwrap_or_default();
    let count = |d: u8| line.iter().filter(|b| **b == d).count();
    [b',', b';', b'\t'].into_iter().max_by_key(|d| (count(*d), *d == b',')).unwrap_or(b',')
}

pub(super) fn layout<S: Sink>(
    header: Fields<'_>,
    line: u64,
    source: &Source<'_>,
    sink: &mut S,
) -> Result<Layout, String> {
    // Each role's column.
    let (mut case, mut activity, mut time, mut actor, mut resource, mut lifecycle) =
        (None, None, None, None, None, None);
    let mut attributes: BTreeMap<AttrIdx, Option<Claim<usize>>> = BTreeMap::new();
    let loc = Loc { file: source.file, line };
    for i in 0..header.len() {
        let field = header.get(i).unwrap_or_default();
        let Ok(name) = std::str::from_utf8(field) else {
            return Err(format!(":{line}: the header is not UTF-8 text; save the file as UTF-8"));
        };
        let slot = match source.names.role(name) {
            Role::Case => &mut case,
            Role::Activity => &mut activity,
            Role::Time => &mut time,
            Role::Actor => &mut actor,
            Role::Resource => &mut resource,
            Role::Lifecycle => &mut lifecycle,
            Role::Attribute(a) => attributes.entry(a).or_default(),
            Role::Unknown => {
                sink.note(InputIssue {
                    code: codes::UNKNOWN_COLUMN,
                    loc,
                    column: Some(i + 1),
                    message: format!(
                        "column '{}' is not a column the audit knows nor a case attribute of the SOP; its values are not used",
                        name.trim()
                    ),
                });
                continue;
            }
        };
        if let Some(unused) = Claim::make(slot, i, source.names.is_mapped(name)) {
            let used = slot.as_ref().map_or(i, |kept| kept.value);
            let title = |c: usize| header.get(c).map(|n| String::from_utf8_lossy(n).trim().to_string());
            sink.note(InputIssue {
                code: codes::UNKNOWN_COLUMN,
                loc,
                column: Some(unused + 1),
                message: format!(
                    "column '{}' holds what column '{}' holds; its values are not used",
                    title(unused).unwrap_or_default(),
                    title(used).unwrap_or_default()
                ),
            });
        }
    }
    let [case, activity, time, actor, resource, lifecycle] =
        [case, activity, time, actor, resource, lifecycle].map(|slot| slot.map(|claim| claim.value));
    let names: Vec<&str> = (0..header.len()).filter_map(|i| std::str::from_utf8(header.get(i)?).ok()).collect();
    for (_, what, mapped) in &source.names.mapped {
        if !names.iter().any(|n| n.trim() == mapped || n.trim().eq_ignore_ascii_case(mapped)) {
            return Err(format!(
                ":{line}: the mapping file names column '{mapped}' for the {what}, but the header has no such column"
            ));
        }
    }
    // A log's own column names are the usual reason: the mapping file is the way to give them.
    let missing = |what: &str, standard: [&str; 2], key: &str| {
        // `activity = "case_id"`: the mapping gave the column of the standard name away.
        let taken =
            source.names.mapped.iter().find(|(_, _, m)| standard.iter().any(|s| s.eq_ignore_ascii_case(m.trim())));
        match taken {
            Some((_, other, m)) => format!(
                ":{line}: no {what} column: the mapping file makes '{m}' the {other} column; name the {what}'s own column there: [columns] {key} = \"...\""
            ),
            None => {
                let [first, second] = standard;
                format!(
                    ":{line}: no {what} column; expected a column named '{first}' or '{second}', or a mapping file (--mapping) that names it: [columns] {key} = \"...\""
                )
            }
        }
    };
    Ok(Layout {
        case: case.ok_or_else(|| missing("case id", ["case_id", "case:concept:name"], "case"))?,
        activity: activity.ok_or_else(|| missing("activity", ["activity", "concept:name"], "activity"))?,
        time: time.ok_or_else(|| missing("timestamp", ["timestamp", "time:timestamp"], "timestamp"))?,
        actor: actor.or(resource),
        resource: actor.and(resource),
        lifecycle,
        attributes: {
            let mut used: Vec<(usize, AttrIdx)> =
                attributes.into_iter().filter_map(|(a, claim)| claim.map(|c| (c.value, a))).collect();
            used.sort_unstable();
            used
        },
        width: header.len(),
    })
}
