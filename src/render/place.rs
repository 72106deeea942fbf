//! Placing the text of an arrow (branch or timer label) beside the arrow, where it overlaps no
//! symbol, connector or other label; preferably no line either.

use super::font::{self, Metrics};
use super::geom::{Point, Rect};
use super::style::LABEL;

/// Where labels may go on one page and what they must avoid.
#[derive(Debug, Clone)]
pub struct Placer {
    /// Labels stay inside this area (the actor columns of the table body).
    pub region: Rect,
    /// Symbols, connectors and placed labels: never overlapped.
    pub hard: Vec<Rect>,
    /// Arrow segments: avoided when possible.
    pub soft: Vec<Rect>,
}

/// A placed label: its box and its wrapped lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub rect: Rect,
    pub lines: Vec<String>,
}

impl Placer {
    /// Places `text` beside the arrow through `points`; `None` when it fits nowhere.
    pub fn place(&mut self, metrics: &Metrics, points: &[Point], text: &str, force: bool) -> Option<Placed> {
        let natural = metrics.width(text, LABEL, false) + 2.0;
        let mut widths: Vec<f32> = vec![natural.min(self.region.w)];
        widths.extend([90.0, 64.0, 44.0].into_iter().filter(|w| *w < natural));
        let shapes: Vec<(f32, f32, Vec<String>)> = widths
            .iter()
            .map(|&w| {
                let lines = metrics.wrap(text, LABEL, false, w - 2.0);
                let width = lines.iter().map(|l| metrics.width(l, LABEL, false)).fold(0.0, f32::max) + 2.0;
                let height = font::height(lines.len(), LABEL) + 1.0;
                (width, height, lines)
            })
            .collect();
        for strict in [true, false] {
            for (w, h, lines) in &shapes {
                for rect in candidates(points, *w, *h) {
                    if self.fits(&rect, strict) {
                        self.hard.push(rect);
                        return Some(Placed { rect, lines: lines.clone() });
                    }
                }
            }
        }
        if force {
            let (w, h, lines) = shapes.first()?;
            let rect = candidates(points, *w, *h).into_iter().next()?;
            self.hard.push(rect);
            return Some(Placed { rect, lines: lines.clone() });
        }
        None
    }

    fn fits(&self, rect: &Rect, strict: bool) -> bool {
        self.region.contains(rect)
            && !self.hard.iter().any(|r| r.overlaps(rect))
            && (!strict || !self.soft.iter().any(|r| r.overlaps(rect)))
    }
}

/// Boxes of size `w`×`h` beside each segment: first near where the arrow starts, then at the
/// middle of each segment, on both sides.
fn candidates(points: &[Point], w: f32, h: f32) -> Vec<Rect> {
    let mut near = Vec::new();
    let mut middle = Vec::new();
    for pair in points.windows(2) {
        let [a, b] = pair else { continue };
        if (a.x - b.x).abs() < 0.01 {
            let down = b.y >= a.y;
            let start_y = if down { a.y + 1.0 } else { a.y - 1.0 - h };
            let mid_y = (a.y + b.y) / 2.0 - h / 2.0;
            for x in [a.x + 2.0, a.x - 2.0 - w] {
                near.push(Rect::new(x, start_y, w, h));
                middle.push(Rect::new(x, mid_y, w, h));
            }
        } else {
            let right = b.x >= a.x;
            let start_x = if right { a.x + 2.0 } else { a.x - 2.0 - w };
            let mid_x = (a.x + b.x) / 2.0 - w / 2.0;
            for y in [a.y - 1.0 - h, a.y + 1.0] {
                near.push(Rect::new(start_x, y, w, h));
                middle.push(Rect::new(mid_x, y, w, h));
            }
        }
    }
    near.extend(middle);
    near
}
