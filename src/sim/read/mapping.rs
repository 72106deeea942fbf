//! The mapping file: how a real log names activities, actors, attributes and columns.
//!
//! ```toml
//! unknown_activities = "deviation"   # or "reject": rows with an unmapped activity are rejected
//! dates = "day-first"                # 06/01/2025 is 6 January ("month-first", or "iso": none)
//!
//! [columns]                          # the log's own column names
//! case = "ID Laporan"
//! activity = "Status"
//! timestamp = "Waktu"
//! actor = "Unit"
//!
//! [activities]                       # activity as written → step or periodic duty id
//! "Verifikasi" = "verifikasi"
//! "Tanggapan Pelapor" = "-"          # not a step: only an event of its actor
//!
//! [actors]
//! "Admin Pemkab" = "admin"
//!
//! [attributes]                       # column or XES attribute → SOP attribute id
//! "Kategori" = "klasifikasi"
//!
//! [values.klasifikasi]               # value as written → value of the attribute
//! "Permintaan Informasi" = "permintaan informasi"
//! ```

use crate::calendar::Location;
use crate::model::{ActorIdx, AttrIdx, Model, StepIdx};
use crate::sim::time::DateOrder;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use toml::Spanned;

/// What an activity name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    Step(StepIdx),
    /// A periodic duty, by index in [`Model::periodic`].
    Duty(usize),
    /// Not a step: the event only counts as an event of its actor (it may stop a timer).
    ActorOnly,
    /// Nothing the SOP or the mapping knows.
    Unknown,
}

/// What to do with an activity that nothing maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownActivities {
    /// Replay it and report `activity-not-in-sop` (C801).
    #[default]
    Deviation,
    /// Reject the row as `unmapped-activity` (T906).
    Reject,
}

/// The log's own names for the four core columns, when they differ from ours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnNames {
    pub case: Option<String>,
    pub activity: Option<String>,
    pub timestamp: Option<String>,
    pub actor: Option<String>,
}

/// A checked mapping file.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pub activities: Vec<(String, Activity)>,
    pub actors: Vec<(String, ActorIdx)>,
    pub attributes: Vec<(String, AttrIdx)>,
    /// (attribute, value as written, index of the value in the attribute's domain).
    pub values: Vec<(AttrIdx, String, u16)>,
    pub columns: ColumnNames,
    pub unknown_activities: UnknownActivities,
    /// How the log writes dates of numbers only.
    pub dates: DateOrder,
}

/// A mapping file that cannot be used, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingError {
    pub file: String,
    pub location: Option<Location>,
    pub message: String,
}

impl fmt::Display for MappingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some(at) => write!(f, "{}:{}:{}: {}", self.file, at.line, at.column, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for MappingError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    unknown_activities: Option<Spanned<String>>,
    dates: Option<Spanned<String>>,
    columns: Option<RawColumns>,
    #[serde(default)]
    activities: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    actors: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    attributes: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    values: BTreeMap<String, Spanned<BTreeMap<String, Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumns {
    case: Option<Spanned<String>>,
    activity: Option<Spanned<String>>,
    timestamp: Option<Spanned<String>>,
    actor: Option<Spanned<String>>,
}

impl Mapping {
    /// Reads and checks the mapping file at `path` against `model`.
    pub fn load(path: &Path, model: &Model) -> Result<Mapping, MappingError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| MappingError {
            file: file.clone(),
            location: None,
            message: format!("cannot read the mapping file: {e}"),
        })?;
        Mapping::parse(&file, &text, model)
    }

    /// Checks the mapping text `text` (named `file` in errors) against `model`.
    pub fn parse(file: &str, text: &str, model: &Model) -> Result<Mapping, MappingError> {
        let error = |offset: Option<usize>, message: String| MappingError {
            file: file.to_string(),
            location: offset.map(|o| Location::of_offset(text, o)),
            message,
        };
        let raw: RawMapping = toml::from_str(text).map_err(|e| {
            let message = e.message().lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(": ");
            error(e.span().map(|s| s.start), message)
        })?;
        let mut mapping = Mapping::default();
        if let Some(policy) = raw.unknown_activities {
            mapping.unknown_activities = match policy.get_ref().as_str() {
                "deviation" => UnknownActivities::Deviation,
                "reject" => UnknownActivities::Reject,
                other => {
                    return Err(error(
                        Some(policy.span().start),
                        format!("unknown_activities is '{other}'; expected \"deviation\" or \"reject\""),
                    ))
                }
            };
        }
        if let Some(dates) = raw.dates {
            mapping.dates = DateOrder::named(dates.get_ref()).ok_or_else(|| {
                error(
                    Some(dates.span().start),
                    format!("dates is '{}'; expected \"day-first\", \"month-first\" or \"iso\"", dates.get_ref()),
                )
            })?;
        }
        if let Some(c) = raw.columns {
            let roles =
                [("case", &c.case), ("activity", &c.activity), ("timestamp", &c.timestamp), ("actor", &c.actor)];
            let named: Vec<(&str, &Spanned<String>)> =
                roles.iter().filter_map(|(r, n)| Some((*r, n.as_ref()?))).collect();
            for (i, (role, name)) in named.iter().enumerate() {
                let same = |(_, other): &&(&str, &Spanned<String>)| {
                    other.get_ref().trim().eq_ignore_ascii_case(name.get_ref().trim())
                };
                if let Some((earlier, _)) = named.iter().take(i).find(same) {
                    return Err(error(
                        Some(name.span().start),
                        format!(
                            "{role} and {earlier} both name the column '{}'; each role needs its own column",
                            name.get_ref()
                        ),
                    ));
                }
            }
            let take = |n: Option<Spanned<String>>| n.map(Spanned::into_inner);
            mapping.columns = ColumnNames {
                case: take(c.case),
                activity: take(c.activity),
                timestamp: take(c.timestamp),
                actor: take(c.actor),
            };
        }
        for (name, target) in &raw.activities {
            let id = target.get_ref().as_str();
            let activity = if id == "-" {
                Activity::ActorOnly
            } else if let Some(s) = model.step_index(id) {
                Activity::Step(s)
            } else if let Some(p) = model.periodic.iter().position(|p| p.id == id) {
                Activity::Duty(p)
            } else {
                let known =
                    model.steps.iter().map(|s| s.id.as_str()).chain(model.periodic.iter().map(|p| p.id.as_str()));
                return Err(error(
                    Some(target.span().start),
                    format!("'{id}' is not a step or periodic duty of the SOP{}", suggest(id, known)),
                ));
            };
            mapping.activities.push((name.clone(), activity));
        }
        for (name, target) in &raw.actors {
            let id = target.get_ref().as_str();
            let Some(a) = model.actors.iter().position(|a| a.id == id) else {
                return Err(error(
                    Some(target.span().start),
                    format!(
                        "'{id}' is not an actor of the SOP{}",
                        suggest(id, model.actors.iter().map(|a| a.id.as_str()))
                    ),
                ));
            };
            mapping.actors.push((name.clone(), a));
        }
        for (name, target) in &raw.attributes {
            let id = target.get_ref().as_str();
            let Some(a) = model.attributes.iter().position(|a| a.id == id) else {
                return Err(error(
                    Some(target.span().start),
                    format!(
                        "'{id}' is not a case attribute of the SOP{}",
                        suggest(id, model.attributes.iter().map(|a| a.id.as_str()))
                    ),
                ));
            };
            mapping.attributes.push((name.clone(), a));
        }
        for (attribute, table) in &raw.values {
            let Some(a) = model.attributes.iter().position(|x| &x.id == attribute) else {
                return Err(error(
                    Some(table.span().start),
                    format!("[values.{attribute}]: '{attribute}' is not a case attribute of the SOP"),
                ));
            };
            let domain = model.attributes.get(a).map(|x| x.domain.values()).unwrap_or_default();
            for (written, value) in table.get_ref() {
                let Some(v) = domain.iter().position(|d| d == value.get_ref()).and_then(|v| u16::try_from(v).ok())
                else {
                    return Err(error(
                        Some(value.span().start),
                        format!(
                            "'{}' is not a value of '{attribute}'; expected one of {}",
                            value.get_ref(),
                            domain.iter().map(|d| format!("'{d}'")).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                };
                mapping.values.push((a, written.clone(), v));
            }
        }
        Ok(mapping)
    }
}

/// " (did you mean 'x'?)" for the closest known name, by the project's one did-you-mean rule.
pub(crate) fn suggest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> String {
    crate::diagnostic::did_you_mean(name, known).map(|k| format!(" (did you mean '{k}'?)")).unwrap_or_default()
}
