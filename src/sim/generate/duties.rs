//! Periodic duties in a generated log: one event in each period, on a working day in office
//! hours, a share of periods left out.

use super::Run;
use crate::duration::{Duration, Unit};
use crate::sim::days::day_of;
use crate::sim::deviation as codes;
use crate::sim::periodic::{period_day_span, period_of};
use crate::sim::time::Stamp;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The day the `n`th duty event of a period may fall on, and its period number.
pub(super) struct DutyClock {
    pub duty: usize,
    pub every: Duration,
    pub next: Option<(Stamp, i64)>,
    /// The duty's own random stream: CSV writes duty events among the cases and XES after
    /// them, so drawing them from the cases' stream would make the two logs of one seed differ.
    pub rng: ChaCha8Rng,
}

impl Run<'_> {
    /// The duty clocks, each at its first period from the start.
    pub(super) fn duty_clocks(&mut self) -> Result<Vec<DutyClock>, String> {
        let start = self.start();
        let mut clocks = Vec::new();
        for (d, duty) in self.model.periodic.iter().enumerate() {
            let Some(every) = duty.every else { continue };
            let Some(p) = period_of(self.days, every, start) else { continue };
            let mut rng = ChaCha8Rng::seed_from_u64(self.config.seed);
            rng.set_stream(1 + d as u64);
            let mut c = DutyClock { duty: d, every, next: None, rng };
            c.next = self.duty_time(&mut c, p, start)?;
            clocks.push(c);
        }
        Ok(clocks)
    }

    /// A time in period `p` (or a later one with a working day), not before `not_before`.
    pub(super) fn duty_time(
        &mut self,
        c: &mut DutyClock,
        p: i64,
        not_before: Stamp,
    ) -> Result<Option<(Stamp, i64)>, String> {
        for q in p..p + 400 {
            let working: Vec<i64> = self
                .period_days(c.every, q)?
                .into_iter()
                .filter(|d| *d >= not_before.local_day() && self.days.is_working(*d).unwrap_or(false))
                .collect();
            if working.is_empty() {
                continue;
            }
            let day = working.get(c.rng.random_range(0..working.len())).copied().unwrap_or_default();
            let t = self.clock.office_time(&mut c.rng, day).map_err(|e| e.to_string())?;
            if period_of(self.days, c.every, t) == Some(q) {
                return Ok(Some((t, q)));
            }
        }
        Ok(None)
    }

    /// The days of period `p` of a duty done `every` (day-based units; others: the day it
    /// starts on).
    pub(super) fn period_days(&self, every: Duration, p: i64) -> Result<Vec<i64>, String> {
        let n = i64::from(every.amount.max(1));
        Ok(match every.unit {
            Unit::Days => {
                let (start, last) = period_day_span(p, n);
                (start..=last).collect()
            }
            Unit::WorkingDays => (p * n + 1..=p * n + n).filter_map(|o| self.days.working_day(o)).collect(),
            Unit::Months => {
                let (first, last) = (p * n, p * n + n);
                let day = |m: i64| {
                    chrono::NaiveDate::from_ymd_opt(
                        i32::try_from(m.div_euclid(12)).unwrap_or(9999),
                        u32::try_from(m.rem_euclid(12) + 1).unwrap_or(1),
                        1,
                    )
                    .map(day_of)
                };
                match (day(first), day(last)) {
                    (Some(a), Some(b)) => (a..b).collect(),
                    _ => Vec::new(),
                }
            }
            Unit::Minutes | Unit::Hours => {
                let len = if every.unit == Unit::Minutes { 60 * n } else { 3600 * n };
                vec![(p * len + i64::from(self.clock.offset)).div_euclid(86_400)]
            }
        })
    }

    /// Writes a duty's event for its current period (or leaves it out), and moves its clock on.
    pub(super) fn duty_event(&mut self, c: &mut DutyClock) -> Result<Option<(Stamp, String)>, String> {
        let Some((t, p)) = c.next else { return Ok(None) };
        // Drawn whatever the kinds, so that leaving C816 out changes nothing else in the log.
        let drawn = c.rng.random_bool(self.config.deviations.clamp(0.0, 1.0));
        let omit = drawn && self.config.probabilities.kind_weight(codes::DUTY_MISSED) > 0.0;
        let actor = self.model.periodic.get(c.duty).and_then(|d| {
            d.actors.get(c.rng.random_range(0..d.actors.len().max(1))).map(|a| self.flow.actor_id(*a).to_string())
        });
        let after = Stamp::end_of_day(t.local_day(), t.offset);
        c.next = self.duty_time(c, p + 1, Stamp { utc: after.utc + 1, offset: t.offset })?;
        if omit {
            return Ok(None);
        }
        if let Some(seen) = self.emitted.get_mut(c.duty) {
            seen.insert(p);
        }
        Ok(Some((t, actor.unwrap_or_default())))
    }
}
