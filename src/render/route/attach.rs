//! Where on its outline an arrow attaches: the places arrows take on the side of a symbol or
//! connector, kept apart so each can be told from the next, and the points on the outline.

use super::{Outline, Port, Router, Side};
use crate::render::geom::Point;
use crate::render::style::HEAD_W;

/// Arrows on one side stand this far apart, and two arrowheads (each `2 × HEAD_W` wide) as far
/// as gives a gap between them, so that each arrow can be told from the next.
const SIDE_PITCH: f32 = 4.0;
const HEADS_APART: f32 = 2.0 * HEAD_W + 2.0;

impl Router {
    /// The offset from the middle of a side for the next arrow on it (ending there in an
    /// arrowhead with `head`): the middle, then outwards by turns below and above, the first
    /// place as far from the arrows already on that side as they need; when the side has none
    /// left, the one least short of it.
    pub(super) fn offset(&self, port: &Port, side: Side, head: bool) -> f32 {
        let taken = self.sides.get(&(port.owner, side)).map_or(&[][..], Vec::as_slice);
        let room = side_room(port);
        let mut places: Vec<f32> = Vec::new();
        // Sixteen steps out reach the ends of the tallest side; past them places repeat.
        for k in 0u8..16 {
            let step = SIDE_PITCH * f32::from(k.div_ceil(2));
            let place = if k % 2 == 1 { step } else { -step }.clamp(-room, room);
            if !places.iter().any(|p| (p - place).abs() < 0.01) {
                places.push(place);
            }
        }
        // How short of the distance it needs a place falls, at the arrow nearest it.
        let short = |place: f32| {
            taken
                .iter()
                .map(|&(at, other_head)| {
                    let need = if head && other_head { HEADS_APART } else { SIDE_PITCH };
                    need - (place - at).abs()
                })
                .fold(f32::MIN, f32::max)
        };
        let clear = places.iter().copied().find(|&p| short(p) <= 0.01);
        // Of equally short places, the first: the old order where nothing is gained.
        let least_short = places.iter().copied().min_by(|a, b| short(*a).total_cmp(&short(*b)));
        clear.or(least_short).unwrap_or(0.0)
    }

    /// Records the next arrow on a side of `port` at the offset [`Router::offset`] gives it.
    pub(super) fn take_side(&mut self, port: &Port, side: Side, head: bool) {
        let at = self.offset(port, side, head);
        self.sides.entry((port.owner, side)).or_default().push((at, head));
    }
}

/// How far from the middle of a side arrows may attach.
fn side_room(p: &Port) -> f32 {
    match p.outline {
        Outline::Connector => p.rect.h * 0.25,
        _ => (p.rect.h / 2.0 - 2.0).max(0.0),
    }
}

/// The point on a side of an outline at `dy` from its middle.
pub(super) fn side_point(p: &Port, side: Side, dy: f32) -> Point {
    let r = p.rect;
    let half = r.h / 2.0;
    let dy = dy.clamp(-side_room(p), side_room(p));
    let cy = match p.outline {
        Outline::Connector => r.y + r.h * 0.3,
        _ => r.center().y,
    };
    let inset = match p.outline {
        Outline::Box | Outline::Connector => 0.0,
        Outline::Capsule => {
            let radius = half.min(r.w / 2.0);
            radius - (radius * radius - dy * dy).max(0.0).sqrt()
        }
        Outline::Diamond => (r.w / 2.0) * dy.abs() / half.max(0.1),
    };
    match side {
        Side::Right => Point::new(r.right() - inset, cy + dy),
        Side::Left => Point::new(r.x + inset, cy + dy),
    }
}

/// Where a vertical line at `x` meets the top (or bottom) of an outline: a symbol across
/// several columns is entered in the middle of one of them, away from a diamond's vertex or a
/// capsule's middle, so the arrow must reach the outline there, not its bounding box.
pub(super) fn edge_at(p: &Port, x: f32, top: bool) -> f32 {
    let r = p.rect;
    let (half_w, half_h) = (r.w / 2.0, r.h / 2.0);
    let dx = (x - r.center().x).abs();
    let dy = match p.outline {
        Outline::Diamond => half_h * (1.0 - dx / half_w.max(0.1)).max(0.0),
        Outline::Capsule => {
            let radius = half_h.min(half_w);
            let into_end = (dx - (half_w - radius)).max(0.0);
            (radius * radius - into_end * into_end).max(0.0).sqrt() + (half_h - radius)
        }
        Outline::Box | Outline::Connector => half_h,
    };
    if top {
        r.center().y - dy
    } else {
        r.center().y + dy
    }
}
