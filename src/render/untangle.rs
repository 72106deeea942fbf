//! Which connector stands where in a band of connectors side by side. Each is placed under (or
//! over) its own symbol, pushed sideways past the ones placed before it, and only then are the
//! arrows routed, each on the outermost free track and the lowest free level: so the order of
//! the places, not the arrows, decides whether arrows from different symbols into neighbouring
//! connectors cross. The connectors of a group of neighbours are tried in every order of their
//! places, and the order whose arrows are least tangled is kept. The arrows of one symbol into
//! neighbouring connectors are also routed in the order that nests them.

use super::flow::Flow;
use super::page::Route;
use super::route::Port;
use super::style::CONNECTOR;

/// A connector on the page: its edge, whether it is outgoing (bottom band), and its port.
pub type Placed = (usize, bool, Port);

/// More neighbours than this are tried by swapping two next to each other, not in every order
/// (6! routings of a page would be slow for a gain nobody has seen).
const ALL_ORDERS_UP_TO: usize = 5;

/// The connectors of `ports` with the places of neighbours exchanged, where that makes the
/// arrows routed by `tangle` (which returns the forced routes and the crossings) less tangled.
/// Only the connectors marked `movable` change places; when nothing is tangled, none does.
pub fn untangle(ports: &[Placed], movable: &[bool], tangle: impl Fn(&[Placed]) -> (usize, usize)) -> Vec<Placed> {
    let mut best = ports.to_vec();
    let mut best_cost = tangle(&best);
    for group in neighbours(ports, movable) {
        if best_cost == (0, 0) {
            break;
        }
        let slots: Vec<Port> = group.iter().filter_map(|&k| ports.get(k).map(|(_, _, p)| *p)).collect();
        let orders = if group.len() <= ALL_ORDERS_UP_TO { all_orders(group.len()) } else { swaps(group.len()) };
        let current = best.clone();
        for order in orders {
            let mut trial = current.clone();
            for (&k, &slot) in group.iter().zip(&order) {
                if let (Some(entry), Some(place)) = (trial.get_mut(k), slots.get(slot)) {
                    entry.2.rect = place.rect;
                    entry.2.mid = place.mid;
                }
            }
            let cost = tangle(&trial);
            // Strictly less tangled only: on a tie the connectors keep the places they were given.
            if cost < best_cost {
                best_cost = cost;
                best = trial;
            }
        }
    }
    best
}

/// Reorders, among themselves, the arrows from one symbol into this page's bottom connectors
/// (branches of a decision side by side) so that they nest: each takes the outermost free track
/// and the lowest free level, so the arrow to the connector nearest the tracks must go first, or
/// the next arrow's line down into its connector crosses it. `leaves` tells the arrows that
/// end in a bottom connector, `node_x` where a node's column is.
pub fn nest(
    order: &mut [(u8, usize)],
    ports: &[Placed],
    flow: &Flow,
    leaves: impl Fn(usize) -> bool,
    node_x: impl Fn(usize) -> f32,
) {
    let source = |i: usize| flow.edges.get(i).map(|e| e.from);
    let mut sources: Vec<usize> = order.iter().filter(|&&(_, i)| leaves(i)).filter_map(|&(_, i)| source(i)).collect();
    sources.sort_unstable();
    sources.dedup();
    for from in sources {
        let slots: Vec<usize> = (0..order.len())
            .filter(|&k| order.get(k).is_some_and(|&(_, i)| leaves(i) && source(i) == Some(from)))
            .collect();
        let x = node_x(from);
        let mut keyed: Vec<((u8, i64), (u8, usize))> = slots
            .iter()
            .filter_map(|&k| order.get(k).copied())
            .map(|(rank, i)| {
                let mid = ports.iter().find(|(e, o, _)| *e == i && *o).map_or(0.0, |(_, _, port)| port.mid);
                // Right of the symbol the arrow runs down a track on the right: nearest the
                // tracks is rightmost; on the left, leftmost. Whole hundredths keep it exact.
                let key = if mid >= x - 1.0 { (0, -(mid * 100.0) as i64) } else { (1, (mid * 100.0) as i64) };
                (key, (rank, i))
            })
            .collect();
        keyed.sort_by_key(|&(key, (rank, i))| (rank, key, i));
        for (&k, (_, item)) in slots.iter().zip(keyed) {
            if let Some(slot) = order.get_mut(k) {
                *slot = item;
            }
        }
    }
}

/// The places where a segment of one arrow crosses a segment of another at right angles.
pub fn crossings(routes: &[Route]) -> usize {
    let inside = |v: f32, lo: f32, hi: f32| v > lo.min(hi) + 0.5 && v < lo.max(hi) - 0.5;
    let segments = |r: &Route| -> Vec<(bool, f32, f32, f32)> {
        r.points
            .windows(2)
            .filter_map(|w| match w {
                [a, b] if (a.x - b.x).abs() < 0.01 => Some((true, a.x, a.y, b.y)),
                [a, b] => Some((false, a.y, a.x, b.x)),
                _ => None,
            })
            .collect()
    };
    let all: Vec<Vec<(bool, f32, f32, f32)>> = routes.iter().map(segments).collect();
    let mut n = 0;
    for (k, a) in all.iter().enumerate() {
        for b in all.iter().skip(k + 1) {
            for &(va, at, a0, a1) in a {
                for &(vb, bt, b0, b1) in b {
                    n += usize::from(va != vb && inside(at, b0, b1) && inside(bt, a0, a1));
                }
            }
        }
    }
    n
}

/// Groups (of two or more) of movable connectors in one band that stand next to each other,
/// each group left to right.
fn neighbours(ports: &[Placed], movable: &[bool]) -> Vec<Vec<usize>> {
    let mut groups = Vec::new();
    for band in [true, false] {
        let mut ks: Vec<usize> = (0..ports.len())
            .filter(|&k| movable.get(k).copied().unwrap_or(false))
            .filter(|&k| ports.get(k).is_some_and(|(_, o, _)| *o == band))
            .collect();
        let x = |k: &usize| ports.get(*k).map_or(0.0, |(_, _, p)| p.rect.x);
        ks.sort_by(|a, b| x(a).total_cmp(&x(b)).then(a.cmp(b)));
        let mut group: Vec<usize> = Vec::new();
        for k in ks {
            // Connectors pushed aside stand a connector and 4 pt apart.
            let near = group.last().is_some_and(|last| x(&k) - x(last) <= CONNECTOR + 4.5);
            if !near && group.len() >= 2 {
                groups.push(std::mem::take(&mut group));
            } else if !near {
                group.clear();
            }
            group.push(k);
        }
        if group.len() >= 2 {
            groups.push(group);
        }
    }
    groups
}

/// Every order of `n` places but the one given, in lexicographic order.
fn all_orders(n: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut out = Vec::new();
    // The next permutation in lexicographic order, until the last.
    while let Some(i) = (1..n).rev().find(|&i| order.get(i - 1) < order.get(i)) {
        let pivot = order.get(i - 1).copied().unwrap_or(0);
        let Some(j) = (i..n).rev().find(|&j| order.get(j).is_some_and(|&v| v > pivot)) else { break };
        order.swap(i - 1, j);
        if let Some(tail) = order.get_mut(i..) {
            tail.reverse();
        }
        out.push(order.clone());
    }
    out
}

/// The orders of `n` places with two neighbours exchanged.
fn swaps(n: usize) -> Vec<Vec<usize>> {
    (1..n)
        .map(|i| {
            let mut order: Vec<usize> = (0..n).collect();
            order.swap(i - 1, i);
            order
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_orders_lists_every_permutation_but_the_first_once() {
        let orders = all_orders(4);
        assert_eq!(orders.len(), 23);
        let mut sorted = orders.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, orders);
        assert!(!orders.contains(&vec![0, 1, 2, 3]));
    }
}
