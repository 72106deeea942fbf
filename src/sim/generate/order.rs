//! The order events are written in: CSV and JSON Lines interleave the cases in time order
//! through a queue of the open cases; XES writes each case as one trace, the duties last.

use super::write::{LineWriter, Row, XesWriter};
use super::{Run, Slot};
use crate::sim::time::Stamp;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::io::Write;

impl Run<'_> {
    /// CSV or JSON Lines: cases interleaved in time order.
    pub(super) fn lines(&mut self, out: &mut dyn Write, names: Vec<String>, json: bool) -> Result<(), String> {
        let mut writer = LineWriter::new(out, json, names)?;
        let mut heap: BinaryHeap<Reverse<(i64, u64, usize)>> = BinaryHeap::new();
        let mut slots: BTreeMap<u64, Slot> = BTreeMap::new();
        let mut duties = self.duty_clocks()?;
        let mut remaining = self.config.cases;
        let mut next_arrival = self.arrival(self.start());
        let mut n: u64 = 0;
        loop {
            let head = heap.peek().map(|Reverse((key, _, _))| *key);
            if remaining > 0 && head.is_none_or(|k| next_arrival.utc <= k) {
                n += 1;
                remaining -= 1;
                let plan = self.plan(next_arrival)?;
                for (i, e) in plan.events.iter().enumerate() {
                    heap.push(Reverse((e.key, n, i)));
                }
                let id = self.case_id(n);
                let lines = vec![0; plan.events.len()];
                slots.insert(n, Slot { id, plan, lines, written: 0 });
                self.out.cases += 1;
                next_arrival = self.arrival(next_arrival);
                continue;
            }
            let Some(Reverse((key, case, i))) = heap.peek().copied() else { break };
            // A duty event due before the next case event goes first.
            if let Some(c) = duties
                .iter_mut()
                .filter(|c| c.next.is_some_and(|(t, _)| t.utc < key))
                .min_by_key(|c| c.next.map(|(t, _)| t.utc))
            {
                if let Some((t, actor)) = self.duty_event(c)? {
                    let id = self.model.periodic.get(c.duty).map(|d| d.id.clone()).unwrap_or_default();
                    let row = Row {
                        case: "",
                        activity: &id,
                        time: t,
                        actor: Some(&actor).filter(|a| !a.is_empty()).map(|a| a.as_str()),
                        attributes: &[],
                    };
                    let blank: Vec<Option<String>> = vec![None; self.model.attributes.len()];
                    writer.write(&Row { attributes: &blank, ..row })?;
                    self.out.events += 1;
                    self.seen(t);
                }
                continue;
            }
            heap.pop();
            let Some(slot) = slots.get_mut(&case) else { continue };
            let Some(event) = slot.plan.events.get(i) else { continue };
            let row = Row {
                case: &slot.id,
                activity: &event.activity,
                time: event.time,
                actor: event.actor.as_deref(),
                attributes: &slot.plan.attributes,
            };
            let line = writer.write(&row)?;
            let time = event.time;
            if let Some(l) = slot.lines.get_mut(i) {
                *l = line;
            }
            slot.written += 1;
            self.out.events += 1;
            self.seen(time);
            if slot.written == slot.plan.events.len() {
                if let Some(done) = slots.remove(&case) {
                    self.settle(done);
                }
            }
        }
        Ok(())
    }

    /// XES: each case as one trace, then the duties' events in a trace of their own.
    pub(super) fn xes(&mut self, out: &mut dyn Write, names: Vec<String>) -> Result<(), String> {
        let mut writer = XesWriter::new(out, names)?;
        let mut arrival = self.arrival(self.start());
        for n in 1..=self.config.cases {
            let plan = self.plan(arrival)?;
            let id = self.case_id(n);
            let rows: Vec<Row<'_>> = plan
                .events
                .iter()
                .map(|e| Row {
                    case: &id,
                    activity: &e.activity,
                    time: e.time,
                    actor: e.actor.as_deref(),
                    attributes: &[],
                })
                .collect();
            let lines = writer.trace(Some(&id), &plan.attributes, &rows)?;
            for e in &plan.events {
                self.seen(e.time);
            }
            self.out.events += plan.events.len() as u64;
            self.out.cases += 1;
            let slot = Slot { id: id.clone(), written: lines.len(), lines, plan };
            self.settle(slot);
            arrival = self.arrival(arrival);
        }
        let end = self.last;
        let mut duties = self.duty_clocks()?;
        let mut events: Vec<(Stamp, String, String)> = Vec::new();
        for c in &mut duties {
            while let Some((t, _)) = c.next {
                if end.is_none_or(|e| t.utc > e.utc) {
                    break;
                }
                if let Some((t, actor)) = self.duty_event(c)? {
                    let id = self.model.periodic.get(c.duty).map(|d| d.id.clone()).unwrap_or_default();
                    events.push((t, id, actor));
                }
            }
        }
        events.sort_by(|a, b| (a.0.utc, &a.1).cmp(&(b.0.utc, &b.1)));
        if !events.is_empty() {
            let rows: Vec<Row<'_>> = events
                .iter()
                .map(|(t, id, actor)| Row {
                    case: "",
                    activity: id,
                    time: *t,
                    actor: Some(actor.as_str()).filter(|a| !a.is_empty()),
                    attributes: &[],
                })
                .collect();
            writer.trace(None, &[], &rows)?;
            for (t, _, _) in &events {
                self.seen(*t);
            }
            self.out.events += events.len() as u64;
        }
        writer.finish()
    }
}
