//! Where a node's symbol sits: in its row, centred in its actor column, or across adjacent
//! columns for a step several actors perform.

use super::flow::Node;
use super::geom::Rect;
use super::page::Shape;
use super::style::*;
use super::table::{Col, Columns};

/// The height of a symbol.
pub fn height(shape: Shape) -> f32 {
    match shape {
        Shape::Terminator => TERMINATOR_H,
        Shape::Process => PROCESS_H,
        Shape::Decision => DECISION_H,
    }
}

/// The free band at each side of an actor column where vertical arrows run.
pub fn strip(lane: Col) -> f32 {
    (lane.w * 0.18).clamp(7.0, 12.0)
}

/// The parts of a node's symbol in a row at `y` of height `h`: one per run of adjacent columns.
pub fn place(node: &Node, cols: &Columns, y: f32, h: f32) -> Vec<Rect> {
    let sh = height(node.shape);
    let top = y + (h - sh) / 2.0;
    let mut parts = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, parts: &mut Vec<Rect>| {
        let (Some(&a), Some(&b)) = (run.first(), run.last()) else { return };
        let (Some(first), Some(last)) = (cols.lanes.get(a), cols.lanes.get(b)) else { return };
        let rect = if a == b {
            let w = (first.w - 2.0 * strip(*first)).clamp(6.0, SYMBOL_W_MAX.max(6.0));
            Rect::new(first.x + (first.w - w) / 2.0, top, w, sh)
        } else {
            let x0 = first.x + strip(*first);
            Rect::new(x0, top, last.right() - strip(*last) - x0, sh)
        };
        parts.push(rect);
        run.clear();
    };
    for &lane in &node.lanes {
        if run.last().is_some_and(|&l| l + 1 != lane) {
            flush(&mut run, &mut parts);
        }
        run.push(lane);
    }
    flush(&mut run, &mut parts);
    parts
}
