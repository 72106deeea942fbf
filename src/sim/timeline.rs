//! Timelines of the cases an auditor names (`sop audit --case ID`): every event of the case as
//! the log has it, with the step and actor it stands for, so one complaint can be followed
//! through the SOP with its findings beside each event, compliant cases too.

use super::event::{shown, Loc, RawEvent};
use super::flow::Flow;
use super::read::mapping::Activity;
use super::resolve::Resolver;
use super::table::fingerprint;
use super::time::Stamp;

/// One event of a watched case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEvent {
    pub loc: Loc,
    pub time: Stamp,
    /// The activity as the log writes it.
    pub activity: String,
    /// The step it stands for; `None` when it is no step of the SOP.
    pub step: Option<String>,
    /// Whether the mapping file keeps the activity as an event of its actor only (`"-"`).
    pub actor_only: bool,
    /// The actor as the log writes it.
    pub actor: Option<String>,
    /// The SOP's actor it stands for.
    pub actor_id: Option<String>,
}

/// The events of one watched case, in the order read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub case: String,
    pub events: Vec<TimelineEvent>,
}

/// The cases watched, and what has been seen of them.
#[derive(Debug, Default)]
pub struct Watch {
    /// Fingerprint and id of each watched case, with its timeline so far.
    cases: Vec<(u64, Timeline)>,
}

impl Watch {
    /// Watches `cases`, each once, in the order given.
    pub fn new(cases: &[String]) -> Watch {
        let mut watch = Watch::default();
        for case in cases {
            let case = case.trim();
            if !watch.cases.iter().any(|(_, t)| t.case == case) {
                let timeline = Timeline { case: case.to_string(), events: Vec::new() };
                watch.cases.push((fingerprint(case.as_bytes()), timeline));
            }
        }
        watch
    }

    /// Whether no case is watched: the replay asks before each event, so it is in line.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }

    /// Notes an event of case `ev.case` (fingerprint `fp`), if that case is watched.
    #[cold]
    pub fn event(&mut self, flow: &Flow<'_>, resolver: &Resolver, ev: &RawEvent<'_>, activity: Activity, fp: u64) {
        let Some((_, timeline)) = self.cases.iter_mut().find(|(f, t)| *f == fp && t.case.as_bytes() == ev.case) else {
            return;
        };
        let step = match activity {
            Activity::Step(s) => Some(flow.step_id(s).to_string()),
            _ => None,
        };
        let actor_id = ev.actor.and_then(|a| resolver.actor(a)).map(|a| flow.actor_id(a).to_string());
        timeline.events.push(TimelineEvent {
            loc: ev.loc,
            time: ev.time,
            activity: shown(ev.activity),
            step,
            actor_only: activity == Activity::ActorOnly,
            actor: ev.actor.map(shown),
            actor_id,
        });
    }

    /// The timelines, in the order the cases were named (a case without events has none).
    pub fn finish(self) -> Vec<Timeline> {
        self.cases.into_iter().map(|(_, timeline)| timeline).collect()
    }
}
