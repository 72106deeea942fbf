//! Arrows into or out of an off-page connector, which meet it at its top or bottom: connectors
//! stand side by side in their band, and an arrow entering one from the side would pass the others.

use super::attach::side_point;
use super::{Outline, Port, Router, Side};
use crate::render::geom::Point;
use crate::render::style::{HEAD_L, STRIP};

impl Router {
    /// An arrow into an off-page connector below its source, or out of one above its target,
    /// by the connector's top or bottom: connectors stand side by side in their strip, and an
    /// arrow entering one from the side would pass the others. The arrow meets the symbol at a
    /// side, runs along a free track, and crosses to the connector on a level of its own.
    pub(super) fn by_connector_end(&mut self, s: &Port, t: &Port, side: Side) -> Option<Vec<Point>> {
        let (connector, symbol, outgoing) = if t.outline == Outline::Connector && t.rect.y > s.rect.bottom() {
            (t, s, true)
        } else if s.outline == Outline::Connector && s.rect.bottom() < t.rect.y {
            (s, t, false)
        } else {
            return None;
        };
        // Crossing no arrow drawn so far is asked first, then only not running along one.
        let found = [true, false].into_iter().find_map(|clean| {
            [side, side.other()]
                .into_iter()
                .find_map(|d| self.connector_route(connector, symbol, outgoing, d, clean).map(|p| (d, p)))
        });
        let (side, points) = found?;
        self.take_side(symbol, side, !outgoing);
        Some(points)
    }

    fn connector_route(&self, c: &Port, m: &Port, outgoing: bool, side: Side, clean: bool) -> Option<Vec<Point>> {
        let a = side_point(m, side, self.offset(m, side, !outgoing));
        let edge_y = if outgoing { c.rect.y } else { c.rect.bottom() };
        // Levels between the connector and the symbol, off the strip's border line, nearest the
        // connector first: connectors are placed outwards in the order arrows are routed, and a
        // later arrow takes a track further in and a level further up, so the two do not cross.
        let (border, toward) = if outgoing { (c.band_top, -1.0) } else { (c.band_top + STRIP, 1.0) };
        let levels: Vec<f32> = (1..=8)
            .map(|k| edge_y + toward * 3.0 * k as f32)
            .filter(|y| (y - border).abs() > 1.5)
            // The arrowhead into the connector needs its whole length below the level.
            .filter(|y| !outgoing || edge_y - y >= HEAD_L + 1.0)
            .filter(|y| if outgoing { *y > m.rect.bottom() + 2.0 } else { *y < m.rect.y - 2.0 })
            .collect();
        let outward = |x: f32| match side {
            Side::Right => x > a.x + 2.0,
            Side::Left => x < a.x - 2.0,
        };
        let tracks = self.tracks(side, m.lane_lo.min(c.lane_lo), m.lane_hi.max(c.lane_hi));
        for x in tracks.into_iter().filter(|&x| outward(x)) {
            for &y in &levels {
                let mut points =
                    vec![a, Point::new(x, a.y), Point::new(x, y), Point::new(c.mid, y), Point::new(c.mid, edge_y)];
                if !outgoing {
                    points.reverse();
                }
                let (s, t) = if outgoing { (m, c) } else { (c, m) };
                let crossing = clean && points.windows(2).any(|w| matches!(w, [p, q] if self.crosses(*p, *q)));
                if !crossing && self.free(&points, s, t) {
                    return Some(points);
                }
            }
        }
        None
    }
}
