//! The model as JSON for tools (`sop show --format json`): ids instead of indices.

use super::types::*;
use crate::duration::{Duration, Limit};
use serde::Serialize;

/// A serialisable view of a [`Model`].
#[derive(Debug, Serialize)]
pub struct ModelJson<'m> {
    pub name: &'m str,
    pub limit: Option<Limit>,
    pub identity: Option<&'m Identity>,
    pub actors: Vec<ActorJson<'m>>,
    pub attributes: &'m [Attribute],
    pub steps: Vec<StepJson<'m>>,
    pub decisions: Vec<DecisionJson<'m>>,
    pub timers: Vec<TimerJson<'m>>,
    pub periodic: Vec<PeriodicJson<'m>>,
}

#[derive(Debug, Serialize)]
pub struct ActorJson<'m> {
    pub id: &'m str,
    pub title: &'m str,
}

#[derive(Debug, Serialize)]
pub struct StepJson<'m> {
    pub id: &'m str,
    pub number: Option<&'m str>,
    pub kind: StepKind,
    pub text: &'m str,
    pub actors: Vec<&'m str>,
    /// The plain limit, or `null` when there is none or it depends on the case.
    pub limit: Option<Limit>,
    pub deadlines: Vec<DeadlineJson<'m>>,
    pub waktu: Option<&'m str>,
    pub kelengkapan: Option<&'m str>,
    pub output: Option<&'m str>,
    pub keterangan: Option<&'m str>,
    pub phase: Option<&'m str>,
    /// Where the flow goes from here (step ids or `end`).
    pub next: Vec<String>,
    pub notes: &'m [String],
}

#[derive(Debug, Serialize)]
pub struct DeadlineJson<'m> {
    pub limit: Limit,
    pub from: Option<&'m str>,
    pub when: Option<String>,
    pub phase: Option<&'m str>,
}

#[derive(Debug, Serialize)]
pub struct DecisionJson<'m> {
    pub step: &'m str,
    pub branches: Vec<BranchJson>,
}

#[derive(Debug, Serialize)]
pub struct BranchJson {
    pub when: Option<String>,
    pub otherwise: bool,
    pub target: Option<String>,
    pub label: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TimerJson<'m> {
    pub id: &'m str,
    pub title: Option<&'m str>,
    pub escalation: bool,
    pub from: Option<&'m str>,
    pub after: Option<Duration>,
    pub unless: Vec<String>,
    pub then: Option<String>,
    pub label: Option<&'m str>,
    pub phase: Option<&'m str>,
}

#[derive(Debug, Serialize)]
pub struct PeriodicJson<'m> {
    pub id: &'m str,
    pub text: &'m str,
    pub every: Option<Duration>,
    pub actors: Vec<&'m str>,
    pub output: Option<&'m str>,
}

impl Model {
    /// The JSON view of this model.
    pub fn to_json(&self) -> ModelJson<'_> {
        ModelJson {
            name: &self.name,
            limit: self.limit.map(|(l, _)| l),
            identity: self.identity.as_ref(),
            actors: self.actors.iter().map(|a| ActorJson { id: &a.id, title: &a.title }).collect(),
            attributes: &self.attributes,
            steps: self.steps.iter().map(|s| self.step_json(s)).collect(),
            decisions: self
                .steps
                .iter()
                .filter(|s| s.kind == StepKind::Decision)
                .map(|s| DecisionJson {
                    step: &s.id,
                    branches: s.branches.iter().map(|b| self.branch_json(b)).collect(),
                })
                .collect(),
            timers: self.timers.iter().map(|t| self.timer_json(t)).collect(),
            periodic: self
                .periodic
                .iter()
                .map(|p| PeriodicJson {
                    id: &p.id,
                    text: &p.text,
                    every: p.every,
                    actors: self.actor_ids(&p.actors),
                    output: p.output.as_deref(),
                })
                .collect(),
        }
    }

    fn actor_ids(&self, actors: &[ActorIdx]) -> Vec<&str> {
        actors.iter().filter_map(|&a| self.actors.get(a)).map(|a| a.id.as_str()).collect()
    }

    fn step_id(&self, index: StepIdx) -> Option<&str> {
        self.steps.get(index).map(|s| s.id.as_str())
    }

    /// A target as text: a step id or `end`.
    pub fn target_name(&self, target: Target) -> String {
        match target {
            Target::Step(i) => self.step_id(i).unwrap_or("?").to_string(),
            Target::End => "end".to_string(),
        }
    }

    /// A guard as the author would write it.
    pub fn guard_text(&self, guard: &Guard) -> String {
        let attribute = self.attributes.get(guard.attribute).map_or("?", |a| a.id.as_str());
        match &guard.test {
            Test::Equals(v) => format!("{attribute} == \"{v}\""),
            Test::NotEquals(v) => format!("{attribute} != \"{v}\""),
            Test::In(vs) => {
                format!("{attribute} in {}", vs.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(" "))
            }
            Test::IsTrue => attribute.to_string(),
            Test::IsFalse => format!("not {attribute}"),
        }
    }

    fn step_json<'m>(&'m self, s: &'m Step) -> StepJson<'m> {
        let plain = match s.deadlines.as_slice() {
            [only] if only.condition.is_none() => Some(only.limit),
            _ => None,
        };
        // The flow only: timers and escalations are listed under `timers`.
        let next = self
            .graph
            .edges(s.node)
            .filter(|e| !matches!(e.weight(), FlowEdge::Timer(_)))
            .filter_map(|e| match self.graph.node_weight(petgraph::visit::EdgeRef::target(&e)) {
                Some(FlowNode::Step(i)) => self.step_id(*i).map(str::to_string),
                Some(FlowNode::End) => Some("end".to_string()),
                None => None,
            })
            .collect::<Vec<_>>();
        let mut next = next;
        next.reverse(); // petgraph lists edges newest first
        StepJson {
            id: &s.id,
            number: s.number.as_deref(),
            kind: s.kind,
            text: &s.text,
            actors: self.actor_ids(&s.actors),
            limit: plain,
            deadlines: s
                .deadlines
                .iter()
                .map(|d| DeadlineJson {
                    limit: d.limit,
                    from: d.anchor.and_then(|a| self.step_id(a)),
                    when: d.condition.as_ref().map(|g| self.guard_text(g)),
                    phase: d.phase.as_ref().map(|(p, _)| p.as_str()),
                })
                .collect(),
            waktu: s.waktu.as_deref(),
            kelengkapan: s.kelengkapan.as_deref(),
            output: s.output.as_deref(),
            keterangan: s.keterangan.as_deref(),
            phase: s.phase.as_ref().map(|(p, _)| p.as_str()),
            next,
            notes: &s.notes,
        }
    }

    fn branch_json(&self, b: &Branch) -> BranchJson {
        BranchJson {
            when: match &b.condition {
                Condition::When(g) => Some(self.guard_text(g)),
                _ => None,
            },
            otherwise: matches!(b.condition, Condition::Else),
            target: b.target.map(|t| self.target_name(t)),
            label: b.label.clone(),
        }
    }

    fn timer_json<'m>(&'m self, t: &'m Timer) -> TimerJson<'m> {
        TimerJson {
            id: &t.id,
            title: t.title.as_deref(),
            escalation: t.escalation,
            from: t.from.and_then(|f| self.step_id(f)),
            after: t.after,
            unless: t
                .unless
                .iter()
                .map(|u| match &u.stop {
                    Stop::Step(i) => self.step_id(*i).unwrap_or("?").to_string(),
                    Stop::ActorEvent(a) => format!("by {}", self.actors.get(*a).map_or("?", |x| x.id.as_str())),
                })
                .collect(),
            then: t.then.map(|x| self.target_name(x)),
            label: t.label.as_deref(),
            phase: t.phase.as_ref().map(|(p, _)| p.as_str()),
        }
    }
}
