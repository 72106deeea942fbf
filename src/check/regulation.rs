//! Rules comparing the SOP's limits with the national regulation profile.

use super::profile::Profile;
use super::rules;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::duration::{Duration, Limit};
use crate::model::Model;
use crate::span::Span;

pub fn check(model: &Model, profile: &Profile, out: &mut Vec<Diagnostic>) {
    for step in &model.steps {
        for deadline in &step.deadlines {
            if let Some((phase, _)) = deadline.phase.as_ref().or(step.phase.as_ref()) {
                step_limit(profile, phase, deadline.limit, deadline.span, out);
            }
        }
        if let Some((phase, span)) = &step.phase {
            known(profile, phase, *span, out);
        }
        for (phase, span) in step.deadlines.iter().filter_map(|d| d.phase.as_ref()) {
            known(profile, phase, *span, out);
        }
    }
    for timer in &model.timers {
        let Some((phase, span)) = &timer.phase else { continue };
        known(profile, phase, *span, out);
        let (Some(after), Some(rule)) = (timer.after, profile.phase(phase)) else { continue };
        let Some(min) = rule.min else { continue };
        if shorter(after, min) {
            out.push(
                Diagnostic::new(
                    rules::REPLY_WINDOW_TOO_SHORT,
                    timer.id_span,
                    format!("'{}' fires after {after}; the regulation gives at least {min}", timer.id),
                )
                .with_label(format!("{} too soon", rule.title))
                .with_help(format!("wait at least {min} ({})", rule.source)),
            );
        }
    }
}

/// Whether `a` is definitely shorter than `b`: exactly, in the same unit; nominally otherwise.
fn shorter(a: Duration, b: Duration) -> bool {
    if a.unit == b.unit {
        a.amount < b.amount
    } else {
        a.nominal_days() + 1e-9 < b.nominal_days()
    }
}

fn step_limit(profile: &Profile, phase: &str, limit: Limit, span: Span, out: &mut Vec<Diagnostic>) {
    let Some(rule) = profile.phase(phase) else { return };
    let Some(max) = rule.max else { return };
    // `setiap saat` sets no limit at all, which is longer than any national one.
    let (message, help) = match limit {
        Limit::Within(limit) if shorter(max, limit) => (
            format!("{limit} is longer than the national limit of {max} for {}", rule.title),
            format!("shorten it to {max} or less ({})", rule.source),
        ),
        Limit::Within(_) => return,
        Limit::Anytime => (
            format!("'setiap saat' sets no limit, but the national limit for {} is {max}", rule.title),
            format!("give it a limit of {max} or less, e.g. 'within {max}' ({})", rule.source),
        ),
    };
    out.push(
        Diagnostic::new(rules::LOOSER_THAN_REGULATION, span, message)
            .with_label(format!("phase '{phase}'"))
            .with_help(help),
    );
}

fn known(profile: &Profile, phase: &str, span: Span, out: &mut Vec<Diagnostic>) {
    if profile.phase(phase).is_some() {
        return;
    }
    let names: Vec<&str> = profile.phases.iter().map(|p| p.name.as_str()).collect();
    let help = match did_you_mean(phase, names.iter().copied()) {
        Some(s) => format!("did you mean '{s}'?"),
        None => format!("the profile '{}' knows: {}", profile.name, names.join(", ")),
    };
    out.push(
        Diagnostic::new(rules::UNKNOWN_PHASE, span, format!("unknown phase '{phase}'"))
            .with_label("not in the regulation profile")
            .with_help(help),
    );
}
