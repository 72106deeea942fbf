//! Placing the text of an arrow (branch or timer label) beside the arrow, where it overlaps no
//! symbol, connector or other label; preferably no line either, and as near the arrow's start
//! as that allows.

use super::font::{self, Metrics};
use super::geom::{Point, Rect};
use super::style::LABEL;

/// Steps in which narrower wrappings of a label are tried.
const NARROWER: f32 = 4.0;
/// Distance between tried positions along a segment.
const STEP: f32 = 2.0;
/// What one more line of a label costs, in points along the arrow: a compact label a little
/// further on is better than a tall one right at the start.
const LINE_COST: f32 = 10.0;
/// What lying over one of the table's lines costs, in points along the arrow: a label a little
/// further on, or wrapped, is better than one that hides the grid, but not one far from its
/// arrow's start.
const BORDER_COST: f32 = 12.0;

/// Where labels may go on one page and what they must avoid.
#[derive(Debug, Clone)]
pub struct Placer {
    /// Labels stay inside this area (the actor columns of the table body).
    pub region: Rect,
    /// Symbols, connectors and placed labels: never overlapped.
    pub hard: Vec<Rect>,
    /// Diamonds (by their bounding box): never overlapped, but their empty corners may be used.
    pub diamonds: Vec<Rect>,
    /// Arrow segments: avoided when possible.
    pub soft: Vec<Rect>,
    /// The table's row and column lines: each one a label lies over costs [`BORDER_COST`].
    pub borders: Vec<Rect>,
}

/// A placed label: its box and its wrapped lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub rect: Rect,
    pub lines: Vec<String>,
}

/// A label's size when wrapped one way.
struct Shape {
    w: f32,
    h: f32,
    lines: Vec<String>,
}

/// The best position found so far: arrow segments crossed, then cost (distance along the
/// arrow, plus [`LINE_COST`] per extra line and [`BORDER_COST`] per table line crossed).
struct Best {
    crossings: usize,
    cost: f32,
    rect: Rect,
    shape: usize,
}

impl Placer {
    /// Where `text` goes beside the arrow through `points`: of the positions that overlap no
    /// symbol, connector or label, one that crosses the fewest arrows, and of those the one
    /// nearest the arrow's start (a table line it lies over counting as further). `None` when
    /// it fits nowhere (or, with `force`, the first position beside the start whatever it
    /// overlaps). The place is taken only by [`Placer::reserve`].
    pub fn find(&self, metrics: &Metrics, points: &[Point], text: &str, force: bool) -> Option<Placed> {
        let shapes = shapes(metrics, text, self.region.w);
        let mut best: Option<Best> = None;
        for (index, shape) in shapes.iter().enumerate() {
            let extra = LINE_COST * shape.lines.len().saturating_sub(1) as f32;
            for (rect, distance) in candidates(points, shape.w, shape.h) {
                if best.as_ref().is_some_and(|b| b.crossings == 0 && distance + extra >= b.cost) {
                    break;
                }
                if !self.free(&rect) {
                    continue;
                }
                let count = |lines: &[Rect]| lines.iter().filter(|r| r.overlaps(&rect)).count();
                let crossings = count(&self.soft);
                let cost = distance + extra + BORDER_COST * count(&self.borders) as f32;
                let better = best.as_ref().is_none_or(|b| (crossings, cost) < (b.crossings, b.cost));
                if better {
                    best = Some(Best { crossings, cost, rect, shape: index });
                }
            }
        }
        let (rect, shape) = match best {
            Some(b) => (b.rect, b.shape),
            None if force => {
                let shape = shapes.first()?;
                (candidates(points, shape.w, shape.h).into_iter().next()?.0, 0)
            }
            None => return None,
        };
        Some(Placed { rect, lines: shapes.get(shape)?.lines.clone() })
    }

    /// Keeps a label's place from the labels placed after it.
    pub fn reserve(&mut self, rect: Rect) {
        self.hard.push(rect);
    }

    fn free(&self, rect: &Rect) -> bool {
        self.region.contains(rect)
            && !self.hard.iter().any(|r| r.overlaps(rect))
            && !self.diamonds.iter().any(|d| diamond_overlaps(d, rect))
    }
}

/// The ways to wrap a label: on one line, and in each number of lines that a narrower
/// wrapping (tried every [`NARROWER`] points) gives without splitting a word, at the least
/// width found for it.
fn shapes(metrics: &Metrics, text: &str, room: f32) -> Vec<Shape> {
    let natural = metrics.width(text, LABEL, false) + 2.0;
    let longest_word = text.split_whitespace().map(|w| metrics.width(w, LABEL, false)).fold(0.0, f32::max) + 2.0;
    let mut shapes: Vec<Shape> = Vec::new();
    let mut width = natural.min(room);
    loop {
        let lines = metrics.wrap(text, LABEL, false, width - 2.0);
        let w = lines.iter().map(|l| metrics.width(l, LABEL, false)).fold(0.0, f32::max) + 2.0;
        let shape = Shape { w, h: font::height(lines.len(), LABEL) + 1.0, lines };
        // Of the wrappings into as many lines, the narrowest fits wherever a wider one does.
        match shapes.last_mut() {
            Some(last) if last.lines.len() == shape.lines.len() => *last = shape,
            _ => shapes.push(shape),
        }
        width -= NARROWER;
        if width < longest_word {
            break;
        }
    }
    shapes
}

/// Boxes of size `w`×`h` beside the arrow, on both sides of each segment, every [`STEP`]
/// along it, each with its distance from the arrow's start; nearest first.
fn candidates(points: &[Point], w: f32, h: f32) -> Vec<(Rect, f32)> {
    let mut out = Vec::new();
    let mut start = 0.0;
    for pair in points.windows(2) {
        let [a, b] = pair else { continue };
        let length = (b.x - a.x).abs() + (b.y - a.y).abs();
        let steps = (length / STEP).floor() as usize;
        for k in 0..=steps {
            let t = k as f32 * STEP;
            if (a.x - b.x).abs() < 0.01 {
                let y = if b.y >= a.y { a.y + 1.0 + t } else { a.y - 1.0 - h - t };
                out.push((Rect::new(a.x + 2.0, y, w, h), start + t));
                out.push((Rect::new(a.x - 2.0 - w, y, w, h), start + t));
            } else {
                let x = if b.x >= a.x { a.x + 2.0 + t } else { a.x - 2.0 - w - t };
                out.push((Rect::new(x, a.y - 1.0 - h, w, h), start + t));
                out.push((Rect::new(x, a.y + 1.0, w, h), start + t));
            }
        }
        start += length;
    }
    out.sort_by(|a, b| a.1.total_cmp(&b.1));
    out
}

/// Whether `rect` overlaps the diamond inscribed in `bounds` (grown by a point): the nearest
/// point of the rectangle to the diamond's centre lies inside it.
fn diamond_overlaps(bounds: &Rect, rect: &Rect) -> bool {
    let d = bounds.inflate(1.0);
    if !d.overlaps(rect) {
        return false;
    }
    let c = d.center();
    let dx = (rect.x - c.x).max(c.x - rect.right()).max(0.0);
    let dy = (rect.y - c.y).max(c.y - rect.bottom()).max(0.0);
    dx / (d.w / 2.0).max(0.1) + dy / (d.h / 2.0).max(0.1) < 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placer(borders: Vec<Rect>) -> Placer {
        Placer {
            region: Rect::new(0.0, 0.0, 400.0, 300.0),
            hard: Vec::new(),
            diamonds: Vec::new(),
            soft: Vec::new(),
            borders,
        }
    }

    #[test]
    fn a_label_wraps_rather_than_lie_over_a_column_line_beside_its_arrow() {
        let metrics = Metrics::bundled();
        // An arrow going down at x = 100 in a column 120 pt wide.
        let arrow = [Point::new(100.0, 50.0), Point::new(100.0, 200.0)];
        let (line, left) = (Rect::new(159.5, 0.0, 1.0, 300.0), Rect::new(39.5, 0.0, 1.0, 300.0));
        let text = "Tidak berkadar pengawasan";
        let free = placer(Vec::new()).find(&metrics, &arrow, text, false);
        let fenced = placer(vec![left, line]).find(&metrics, &arrow, text, false);
        assert!(free.is_some() && fenced.is_some(), "no place: {free:?} {fenced:?}");
        let (Some(free), Some(fenced)) = (free, fenced) else { return };
        assert!(free.rect.overlaps(&line) && free.lines.len() == 1, "{free:?}");
        assert!(!fenced.rect.overlaps(&line) && !fenced.rect.overlaps(&left), "{fenced:?}");
        assert_eq!(fenced.lines.len(), 2, "{fenced:?}");
        // It stays by the arrow's start rather than go far along it to keep to one line.
        assert!(fenced.rect.y < 60.0, "{fenced:?}");
    }
}
