//! The fixed wordings around the SOP's content, read from `assets/render/labels.toml`.

use super::Lang;
use crate::duration::{Duration, Limit, Unit};
use crate::model::{Model, Step};
use std::collections::BTreeMap;

const LABELS: &str = include_str!("../../assets/render/labels.toml");

/// The wordings of one language.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    texts: BTreeMap<String, String>,
}

impl Labels {
    /// The bundled wordings for `lang`. A key missing from the file prints as itself, so a
    /// broken data file shows up in the output instead of failing the render.
    pub fn bundled(lang: Lang) -> Labels {
        let table: BTreeMap<String, BTreeMap<String, String>> = toml::from_str(LABELS).unwrap_or_default();
        let key = match lang {
            Lang::Id => "id",
            Lang::En => "en",
        };
        Labels { texts: table.get(key).cloned().unwrap_or_default() }
    }

    /// The text for `key`.
    pub fn get(&self, key: &str) -> String {
        self.texts.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// A duration in words (`3 hari kerja`, `1 working day`).
    pub fn duration(&self, d: Duration) -> String {
        let (one, many) = match d.unit {
            Unit::Minutes => ("minute", "minutes"),
            Unit::Hours => ("hour", "hours"),
            Unit::Days => ("day", "days"),
            Unit::WorkingDays => ("working_day", "working_days"),
            Unit::Months => ("month", "months"),
        };
        format!("{} {}", d.amount, self.get(if d.amount == 1 { one } else { many }))
    }

    /// A limit in words.
    pub fn limit(&self, l: Limit) -> String {
        match l {
            Limit::Within(d) => self.duration(d),
            Limit::Anytime => self.get("anytime"),
        }
    }

    /// The *Waktu* cell: as printed when the author gave it, else the deadlines in words.
    pub fn waktu(&self, model: &Model, step: &Step) -> String {
        if let Some(waktu) = &step.waktu {
            return waktu.clone();
        }
        let parts: Vec<String> = step
            .deadlines
            .iter()
            .map(|d| {
                let mut text = self.limit(d.limit);
                if let Some(anchor) = d.anchor.and_then(|a| model.steps.get(a)) {
                    let name = anchor.number.clone().unwrap_or_else(|| anchor.id.clone());
                    text.push_str(&format!(" {} {name}", self.get("sejak")));
                }
                if let Some(guard) = &d.condition {
                    text.push_str(&format!(" {} {}", self.get("bila"), model.guard_text(guard)));
                }
                text
            })
            .collect();
        parts.join("\n")
    }

    /// *setiap 1 bulan*.
    pub fn every(&self, d: Option<Duration>) -> String {
        d.map(|d| self.get("every").replace("{d}", &self.duration(d))).unwrap_or_default()
    }

    /// *Halaman 2 dari 5*.
    pub fn page(&self, n: usize, total: usize) -> String {
        self.get("page").replace("{n}", &n.to_string()).replace("{total}", &total.to_string())
    }
}
