//! The regulation profile: national limits per phase and replaced regulations, as TOML data.

use crate::duration::{parse_duration, Duration};
use serde::Deserialize;

/// The bundled national SP4N-LAPOR! profile.
pub const BUNDLED: &str = include_str!("../../profiles/sp4n-lapor.toml");

/// Limits and superseded regulations that `check` compares an SOP with.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub phases: Vec<Phase>,
    pub superseded: Vec<Superseded>,
}

/// A stage of the national procedure with its limit.
#[derive(Debug, Clone)]
pub struct Phase {
    pub name: String,
    pub title: String,
    /// Steps in this phase must finish within this.
    pub max: Option<Duration>,
    /// Timers in this phase must wait at least this.
    pub min: Option<Duration>,
    pub source: String,
}

/// A regulation that has been replaced, recognised by phrases in a `dasar_hukum` entry.
#[derive(Debug, Clone, Deserialize)]
pub struct Superseded {
    pub phrases: Vec<String>,
    pub title: String,
    pub replaced_by: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: String,
    #[serde(default)]
    phase: Vec<RawPhase>,
    #[serde(default)]
    superseded: Vec<Superseded>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    name: String,
    #[serde(default)]
    title: String,
    max: Option<String>,
    min: Option<String>,
    #[serde(default)]
    source: String,
}

impl Profile {
    /// The bundled national profile.
    pub fn bundled() -> Result<Profile, String> {
        Profile::parse(BUNDLED)
    }

    /// Reads a profile from TOML text; the error names what is wrong and where.
    pub fn parse(text: &str) -> Result<Profile, String> {
        let raw: RawProfile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut phases = Vec::new();
        for p in raw.phase {
            let max = p.max.as_deref().map(|m| duration(m, &p.name)).transpose()?;
            let min = p.min.as_deref().map(|m| duration(m, &p.name)).transpose()?;
            phases.push(Phase { name: p.name, title: p.title, max, min, source: p.source });
        }
        Ok(Profile { name: raw.name, phases, superseded: raw.superseded })
    }

    /// The phase with this name.
    pub fn phase(&self, name: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.name == name)
    }
}

fn duration(text: &str, phase: &str) -> Result<Duration, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match parse_duration(&words) {
        Ok((d, used)) if used == words.len() => Ok(d),
        _ => Err(format!("phase '{phase}': '{text}' is not a duration such as '3 hari kerja'")),
    }
}
