//! Orthogonal arrows on one page. An arrow goes straight down from the bottom of its source
//! into the top of its target when nothing is in the way; otherwise it leaves by a side, runs
//! along a vertical track in the free band at the edge of an actor column (never through a
//! symbol), and enters the target by the same side. Loops go back up the same way. Arrows
//! that meet an off-page connector are in `connector.rs`; where on an outline arrows attach,
//! and how arrows sharing a side are kept apart, in `attach.rs`.

mod attach;
mod connector;

use super::geom::{Point, Rect};
use super::style::HEAD_L;
use super::symbols::strip;
use super::table::Col;
use attach::{edge_at, side_point};
use std::collections::{BTreeMap, BTreeSet};

/// Which side an arrow leaves and enters by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    Right,
    Left,
}

impl Side {
    fn other(self) -> Side {
        match self {
            Side::Right => Side::Left,
            Side::Left => Side::Right,
        }
    }
}

/// The outline of what an arrow attaches to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outline {
    Box,
    Capsule,
    Diamond,
    Connector,
}

/// One end of an arrow: a symbol (its first part) or an off-page connector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Port {
    /// Identifies the symbol or connector, so an arrow may touch its own ends.
    pub owner: usize,
    pub rect: Rect,
    pub outline: Outline,
    pub lane_lo: usize,
    pub lane_hi: usize,
    /// Top of the row or band the port sits in.
    pub band_top: f32,
    /// Where arrows leave by the bottom or enter by the top: the middle of the column nearest
    /// the other end (a symbol across two columns has its middle on their border).
    pub mid: f32,
}

/// How an arrow should leave its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// The bottom exit may be used (straight down).
    pub bottom: bool,
    /// The preferred side when a side exit is needed.
    pub side: Side,
}

/// The arrows routed so far on a page, and what they must avoid.
#[derive(Debug, Clone)]
pub struct Router {
    lanes: Vec<Col>,
    obstacles: Vec<(usize, Rect)>,
    verticals: Vec<(f32, f32, f32)>,
    horizontals: Vec<(f32, f32, f32)>,
    /// The arrows on each side of each symbol or connector: offset from the side's middle, and
    /// whether an arrowhead ends there.
    sides: BTreeMap<(usize, Side), Vec<(f32, bool)>>,
    bottoms: BTreeSet<usize>,
    /// Arrows that found no free track and took the nearest one, whatever it passes.
    forced: usize,
}

impl Router {
    /// A router for a page with these actor columns and symbols/connectors (by owner).
    pub fn new(lanes: Vec<Col>, obstacles: Vec<(usize, Rect)>) -> Router {
        Router {
            lanes,
            obstacles,
            verticals: Vec::new(),
            horizontals: Vec::new(),
            sides: BTreeMap::new(),
            bottoms: BTreeSet::new(),
            forced: 0,
        }
    }

    /// The segments drawn so far, as thin rectangles (for label placement).
    pub fn segments(&self) -> Vec<Rect> {
        let v = self.verticals.iter().map(|&(x, a, b)| Rect::new(x - 0.5, a, 1.0, b - a));
        let h = self.horizontals.iter().map(|&(y, a, b)| Rect::new(a, y - 0.5, b - a, 1.0));
        v.chain(h).collect()
    }

    /// Routes one arrow from `s` to `t`.
    pub fn route(&mut self, s: &Port, t: &Port, request: Request) -> Vec<Point> {
        if request.bottom && !self.bottoms.contains(&s.owner) && s.owner != t.owner {
            if let Some(points) = self.straight(s, t) {
                self.bottoms.insert(s.owner);
                self.commit(&points);
                return points;
            }
        }
        let side = request.side;
        // An arrow out of a connector leaves by its side where it can: it stands at the top
        // of the page, with nothing beside it to pass.
        let points = if s.outline == Outline::Connector {
            self.around(s, t, side, true).or_else(|| self.by_connector_end(s, t, side))
        } else {
            self.by_connector_end(s, t, side).or_else(|| self.around(s, t, side, true))
        };
        let points = points.or_else(|| {
            self.forced += 1;
            self.around(s, t, side, false)
        });
        let points = points.unwrap_or_default();
        self.commit(&points);
        points
    }

    /// How many arrows found no free track and took the nearest one, whatever it passes.
    pub fn forced(&self) -> usize {
        self.forced
    }

    /// Whether a segment crosses an arrow segment drawn so far at right angles.
    fn crosses(&self, a: Point, b: Point) -> bool {
        let inside = |v: f32, lo: f32, hi: f32| v > lo + 0.5 && v < hi - 0.5;
        if (a.x - b.x).abs() < 0.01 {
            let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
            self.horizontals.iter().any(|&(y, h0, h1)| inside(a.x, h0, h1) && inside(y, y0, y1))
        } else {
            let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
            self.verticals.iter().any(|&(x, v0, v1)| inside(x, x0, x1) && inside(a.y, v0, v1))
        }
    }

    fn straight(&self, s: &Port, t: &Port) -> Option<Vec<Point>> {
        if t.rect.y <= s.rect.bottom() + 4.0 {
            return None;
        }
        let (sx, tx) = (s.mid, t.mid);
        let gap = ((t.rect.y - t.band_top) / 2.0).clamp(2.0, 7.0);
        let mut ym = t.rect.y - gap;
        if ym <= s.rect.bottom() + 1.0 {
            ym = (s.rect.bottom() + t.rect.y) / 2.0;
        }
        let (from, to) = (Point::new(sx, edge_at(s, sx, false)), Point::new(tx, edge_at(t, tx, true)));
        let points = if (sx - tx).abs() < 0.5 {
            vec![from, Point::new(sx, to.y)]
        } else {
            vec![from, Point::new(sx, ym), Point::new(tx, ym), to]
        };
        let clear = points.windows(2).all(|w| match w {
            [a, b] => !self.blocked(*a, *b, s, t) && !self.overlaps_horizontal(*a, *b),
            _ => true,
        });
        clear.then_some(points)
    }

    /// The arrow by a side: with `strict`, through free tracks on `side` or else the other
    /// side; without, the nearest track on `side` whatever it runs along.
    fn around(&mut self, s: &Port, t: &Port, side: Side, strict: bool) -> Option<Vec<Point>> {
        let (side, points) = if strict {
            [side, side.other()].into_iter().find_map(|d| self.around_on(s, t, d, true).map(|p| (d, p)))?
        } else {
            (side, self.around_on(s, t, side, false)?)
        };
        self.take_side(s, side, false);
        // A self-loop ends in its symbol's top, not on this side.
        if t.owner != s.owner {
            self.take_side(t, side, true);
        }
        Some(points)
    }

    /// The route by one side; with `strict`, only through free tracks, else the nearest one.
    fn around_on(&self, s: &Port, t: &Port, side: Side, strict: bool) -> Option<Vec<Point>> {
        let a = side_point(s, side, self.offset(s, side, false));
        let self_loop = s.owner == t.owner;
        let b = if self_loop {
            Point::new(s.mid, edge_at(s, s.mid, true))
        } else {
            side_point(t, side, self.offset(t, side, true))
        };
        // A self-loop's top runs above the symbol: on the first of a few levels there that runs
        // along no arrow drawn so far (the arrow coming in from above steps sideways a little
        // above the symbol too, and the two would merge into one thick line).
        let room = s.rect.y - s.band_top;
        let levels: Vec<f32> = if self_loop {
            let first = (room / 2.0).min(6.0);
            // Never nearer the symbol than the arrowhead is long.
            [first, HEAD_L + 0.5, 10.0, 12.0]
                .into_iter()
                .filter(|&d| d == first || d < room - 2.0)
                .map(|d| s.rect.y - d)
                .collect()
        } else {
            vec![b.y]
        };
        let build = |x: f32, end_y: f32| {
            if self_loop {
                vec![a, Point::new(x, a.y), Point::new(x, end_y), Point::new(b.x, end_y), b]
            } else {
                vec![a, Point::new(x, a.y), Point::new(x, b.y), b]
            }
        };
        let level_for = |x: f32| {
            let free = |&y: &f32| !self.overlaps_horizontal(Point::new(x, y), Point::new(b.x, y));
            levels.iter().copied().find(free).or_else(|| levels.first().copied()).unwrap_or(b.y)
        };
        let outward = |x: f32| match side {
            Side::Right => x > a.x + 2.0 && (self_loop || x > b.x + 2.0),
            Side::Left => x < a.x - 2.0 && (self_loop || x < b.x - 2.0),
        };
        let candidates: Vec<f32> = self.tracks(side, s.lane_lo.min(t.lane_lo), s.lane_hi.max(t.lane_hi));
        let mut usable = candidates.into_iter().filter(|&x| outward(x));
        if !strict {
            let x = usable.next().unwrap_or(match side {
                Side::Right => a.x.max(b.x) + 8.0,
                Side::Left => a.x.min(b.x) - 8.0,
            });
            return Some(build(x, level_for(x)));
        }
        usable.flat_map(|x| levels.iter().map(move |&y| build(x, y))).find(|points| self.free(points, s, t))
    }

    /// Whether no segment of `points` passes a symbol or connector other than the two it joins,
    /// nor runs along an arrow drawn so far.
    fn free(&self, points: &[Point], s: &Port, t: &Port) -> bool {
        points.windows(2).all(|w| match w {
            [p, q] => {
                !self.blocked(*p, *q, s, t) && !self.overlaps_vertical(*p, *q) && !self.overlaps_horizontal(*p, *q)
            }
            _ => true,
        })
    }

    /// Candidate x positions of vertical tracks, nearest first.
    fn tracks(&self, side: Side, lo: usize, hi: usize) -> Vec<f32> {
        let mut xs = Vec::new();
        let slots = |col: &Col| {
            let room = strip(*col) - 1.5;
            (0..8).map(|k| 2.5 + k as f32 * super::style::TRACK).filter(move |d| *d <= room)
        };
        match side {
            Side::Right => {
                for l in hi..self.lanes.len() {
                    if let Some(col) = self.lanes.get(l) {
                        xs.extend(slots(col).map(|d| col.right() - d));
                    }
                    if let Some(next) = self.lanes.get(l + 1) {
                        xs.extend(slots(next).map(|d| next.x + d));
                    }
                }
            }
            Side::Left => {
                for l in (0..=lo.min(self.lanes.len().saturating_sub(1))).rev() {
                    if let Some(col) = self.lanes.get(l) {
                        xs.extend(slots(col).map(|d| col.x + d));
                    }
                    if let Some(prev) = l.checked_sub(1).and_then(|p| self.lanes.get(p)) {
                        xs.extend(slots(prev).map(|d| prev.right() - d));
                    }
                }
            }
        }
        xs
    }

    /// Whether a segment crosses a symbol or connector other than the two parts it joins. An
    /// obstacle may be larger than its port (a connector with the room of the arrowhead that
    /// enters it): it is one of the ends when it holds that end's port.
    fn blocked(&self, a: Point, b: Point, s: &Port, t: &Port) -> bool {
        self.obstacles.iter().any(|(owner, r)| {
            let own = (*owner == s.owner && r.contains(&s.rect)) || (*owner == t.owner && r.contains(&t.rect));
            !own && r.inflate(1.0).hit_by_segment(a, b)
        })
    }

    fn overlaps_vertical(&self, a: Point, b: Point) -> bool {
        if (a.x - b.x).abs() > 0.01 {
            return false;
        }
        let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
        self.verticals.iter().any(|&(x, v0, v1)| (x - a.x).abs() < 1.5 && y0 < v1 + 2.0 && v0 < y1 + 2.0)
    }

    fn overlaps_horizontal(&self, a: Point, b: Point) -> bool {
        if (a.y - b.y).abs() > 0.01 {
            return false;
        }
        let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
        self.horizontals.iter().any(|&(y, h0, h1)| (y - a.y).abs() < 1.5 && x0 < h1 - 0.5 && h0 < x1 - 0.5)
    }

    fn commit(&mut self, points: &[Point]) {
        for w in points.windows(2) {
            if let [a, b] = w {
                if (a.x - b.x).abs() < 0.01 {
                    self.verticals.push((a.x, a.y.min(b.y), a.y.max(b.y)));
                } else {
                    self.horizontals.push((a.y, a.x.min(b.x), a.x.max(b.x)));
                }
            }
        }
    }
}
