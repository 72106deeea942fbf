//! What the generator is asked for: how many cases, which seed, and the probabilities of
//! attributes, branches, timers and injected deviations (a TOML file, see docs/audit.md).
//!
//! ```toml
//! [attributes.klasifikasi]     # value → weight
//! "normatif" = 3
//! "permintaan informasi" = 1
//!
//! [branches.pantau]            # decision → branch target (step id or "end") → weight
//! respon = 1
//! publikasi = 3
//!
//! [timers]                     # timer or escalation → chance it runs out when it can
//! tutup_otomatis = 0.7
//! ke_ombudsman = 0.02
//!
//! [deviations]                 # code or name → weight among the injected kinds (0: never)
//! C808 = 3
//! step-skipped = 1
//! ```

use crate::model::{Domain, Model, Target};
use crate::sim::deviation::{self as codes, Code};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The kinds of deviation the generator can inject, each found by exactly one code.
pub const INJECTABLE: &[&Code] = &[
    codes::ACTIVITY_NOT_IN_SOP,
    codes::WRONG_ACTOR,
    codes::OUT_OF_ORDER,
    codes::SKIPPED,
    codes::REPEATED,
    codes::WRONG_BRANCH,
    codes::ATTRIBUTE_UNUSABLE,
    codes::DEADLINE_MISSED,
    codes::TIMER_NOT_FIRED,
    codes::TIMER_EARLY,
    codes::ESCALATION_MISSING,
    codes::AFTER_CLOSING,
    codes::TIME_BACKWARDS,
    codes::OPEN_OVERDUE,
    codes::DUTY_MISSED,
];

/// A generator run.
#[derive(Debug, Clone)]
pub struct Config {
    pub cases: u64,
    pub seed: u64,
    /// The day the first complaint may arrive.
    pub start: NaiveDate,
    /// Over how many calendar days complaints arrive.
    pub span_days: u32,
    /// The share of cases given one injected deviation, and of periodic-duty periods left out.
    pub deviations: f64,
    pub probabilities: Probabilities,
}

/// Weights and chances; anything not named is uniform.
#[derive(Debug, Clone, Default)]
pub struct Probabilities {
    /// Per attribute, a weight per value index.
    pub attributes: BTreeMap<usize, Vec<f64>>,
    /// Per decision step, a weight per branch target.
    pub branches: BTreeMap<usize, Vec<(Target, f64)>>,
    /// Per timer, the chance it runs out when it can.
    pub timers: BTreeMap<usize, f64>,
    /// Weights of the injectable kinds, by code.
    pub kinds: BTreeMap<&'static str, f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    attributes: BTreeMap<String, BTreeMap<String, f64>>,
    #[serde(default)]
    branches: BTreeMap<String, BTreeMap<String, f64>>,
    #[serde(default)]
    timers: BTreeMap<String, f64>,
    #[serde(default)]
    deviations: BTreeMap<String, f64>,
}

fn weight(what: &str, w: f64) -> Result<f64, String> {
    if w.is_finite() && w >= 0.0 {
        Ok(w)
    } else {
        Err(format!("{what}: the weight {w} is not a number ≥ 0"))
    }
}

impl Probabilities {
    /// Reads a probabilities file and checks its names against `model`.
    pub fn parse(text: &str, model: &Model) -> Result<Probabilities, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| e.message().trim().to_string())?;
        let mut p = Probabilities::default();
        for (attribute, values) in raw.attributes {
            let Some(a) = model.attributes.iter().position(|x| x.id == attribute) else {
                return Err(format!("[attributes.{attribute}]: '{attribute}' is not a case attribute of the SOP"));
            };
            let domain = model.attributes.get(a).map(|x| x.domain.clone()).unwrap_or(Domain::Bool);
            let domain = domain.values();
            let mut weights = vec![0.0; domain.len()];
            for (value, w) in values {
                let Some(v) = domain.iter().position(|d| *d == value) else {
                    return Err(format!("[attributes.{attribute}]: '{value}' is not a value of '{attribute}'"));
                };
                if let Some(slot) = weights.get_mut(v) {
                    *slot = weight(&format!("[attributes.{attribute}] '{value}'"), w)?;
                }
            }
            p.attributes.insert(a, weights);
        }
        for (decision, targets) in raw.branches {
            let Some(d) = model.step_index(&decision) else {
                return Err(format!("[branches.{decision}]: '{decision}' is not a step of the SOP"));
            };
            let mut list = Vec::new();
            for (target, w) in targets {
                let t = if target == "end" {
                    Target::End
                } else {
                    Target::Step(
                        model
                            .step_index(&target)
                            .ok_or_else(|| format!("[branches.{decision}]: '{target}' is not a step of the SOP"))?,
                    )
                };
                list.push((t, weight(&format!("[branches.{decision}] {target}"), w)?));
            }
            p.branches.insert(d, list);
        }
        for (timer, chance) in raw.timers {
            let Some(k) = model.timers.iter().position(|t| t.id == timer) else {
                return Err(format!("[timers]: '{timer}' is not a timer or escalation of the SOP"));
            };
            if !(0.0..=1.0).contains(&chance) {
                return Err(format!("[timers]: the chance of '{timer}' must be between 0 and 1"));
            }
            p.timers.insert(k, chance);
        }
        for (kind, w) in raw.deviations {
            let code = codes::lookup(&kind)
                .filter(|c| INJECTABLE.contains(c))
                .ok_or_else(|| format!("[deviations]: '{kind}' is not a deviation the generator can inject"))?;
            p.kinds.insert(code.code, weight(&format!("[deviations] {kind}"), w)?);
        }
        Ok(p)
    }

    /// Only these kinds of deviation (codes or names) are injected.
    pub fn only(&mut self, kinds: &[String]) -> Result<(), String> {
        self.kinds.clear();
        for code in INJECTABLE {
            self.kinds.insert(code.code, 0.0);
        }
        for kind in kinds {
            let code = codes::lookup(kind.trim())
                .filter(|c| INJECTABLE.contains(c))
                .ok_or_else(|| format!("'{kind}' is not a deviation the generator can inject"))?;
            self.kinds.insert(code.code, 1.0);
        }
        Ok(())
    }

    /// Fixes attribute `attribute` to `value` for every case.
    pub fn fix_attribute(&mut self, model: &Model, attribute: &str, value: &str) -> Result<(), String> {
        let Some(a) = model.attributes.iter().position(|x| x.id == attribute) else {
            return Err(format!("'{attribute}' is not a case attribute of the SOP"));
        };
        let domain = model.attributes.get(a).map(|x| x.domain.values()).unwrap_or_default();
        let Some(v) = domain.iter().position(|d| d == value) else {
            return Err(format!("'{value}' is not a value of '{attribute}'"));
        };
        let mut weights = vec![0.0; domain.len()];
        if let Some(slot) = weights.get_mut(v) {
            *slot = 1.0;
        }
        self.attributes.insert(a, weights);
        Ok(())
    }

    /// The weight of an injectable kind (1 unless set).
    pub fn kind_weight(&self, code: &Code) -> f64 {
        self.kinds.get(code.code).copied().unwrap_or(1.0)
    }
}
