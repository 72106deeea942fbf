//! What the layout computes: pages of positioned boxes, text, symbols, arrows and connectors.
//! Backends draw these and decide nothing.

use super::flow::Flow;
use super::geom::{Point, Rect};
use crate::model::StepIdx;

/// The whole document: an identity page, then the flowchart pages.
#[derive(Debug, Clone)]
pub struct Layout {
    /// *Nama SOP*, for the document title.
    pub title: String,
    /// Paper size in points (landscape or portrait as asked).
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    /// The flow drawn on the pages: nodes (rows) and edges, with their labels.
    pub flow: Flow,
}

/// One sheet of paper.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// 1-based.
    pub number: usize,
    pub kind: PageKind,
    /// Table cells and other framed boxes, drawn first.
    pub boxes: Vec<Frame>,
    /// Every line of text, already wrapped and positioned.
    pub texts: Vec<Text>,
    /// The actor columns of the flowchart table on this page, in declared order.
    pub lanes: Vec<Lane>,
    /// The rows of the flowchart table on this page (a row split between pages has one on each).
    pub rows: Vec<Row>,
    pub symbols: Vec<Symbol>,
    pub routes: Vec<Route>,
    pub connectors: Vec<Connector>,
    pub labels: Vec<Label>,
    /// Small drawings of the symbol legend.
    pub samples: Vec<Sample>,
}

/// What a page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageKind {
    #[default]
    Identity,
    Flow,
}

/// A rectangle with a border, optionally shaded (table headers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub rect: Rect,
    pub shaded: bool,
    /// A thin border (inner cells) or a thick one (outer frames).
    pub thick: bool,
}

/// How a text line is anchored at its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One line of text; `y` is the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub bold: bool,
    pub anchor: Anchor,
    pub text: String,
}

/// An actor column (*Pelaksana*).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lane {
    pub actor: usize,
    pub x: f32,
    pub w: f32,
}

/// A row of the flowchart table: one node of the flow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    /// Index into [`Flow::nodes`].
    pub node: usize,
    pub y: f32,
    pub h: f32,
    /// The rest of a row too tall for one page, begun on an earlier page: its text goes on here,
    /// its symbol is on the first page.
    pub continued: bool,
}

/// The shape of a flowchart symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Capsule: the start or the end of the procedure.
    Terminator,
    /// Rectangle: an activity.
    Process,
    /// Diamond: a decision.
    Decision,
}

/// The symbol of one node; a step performed by several actors has one part per run of
/// adjacent columns, joined by a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    pub node: usize,
    pub step: Option<StepIdx>,
    pub shape: Shape,
    pub parts: Vec<Rect>,
    /// Lines joining the parts, left to right.
    pub joins: Vec<(Point, Point)>,
}

/// An arrow, drawn as an orthogonal polyline ending in an arrowhead.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Index into [`Flow::edges`].
    pub edge: usize,
    pub points: Vec<Point>,
    pub dashed: bool,
    /// Whether the line ends in an arrowhead (false for the joins of multi-actor symbols).
    pub arrow: bool,
}

/// An off-page connector (pentagon pointing down) with the label both ends share.
#[derive(Debug, Clone, PartialEq)]
pub struct Connector {
    pub edge: usize,
    pub label: String,
    pub rect: Rect,
    /// Whether the flow leaves this page here (true) or arrives from another page (false).
    pub outgoing: bool,
}

/// A text placed beside an arrow (branch label, timer label or its marker), on a white ground.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub edge: usize,
    pub rect: Rect,
    pub lines: Vec<Text>,
}

/// A small symbol drawing in the legend.
#[derive(Debug, Clone, PartialEq)]
pub enum Sample {
    Shape(Shape, Rect),
    Connector(Rect),
    Dashed(Point, Point),
}

impl Page {
    /// Adds lines of text whose first line's top is at `top`; `x` is the anchor point.
    pub fn text_lines(&mut self, x: f32, top: f32, lines: &[String], size: f32, bold: bool, anchor: Anchor) {
        for (i, line) in lines.iter().enumerate() {
            if line.is_empty() {
                continue;
            }
            let y = top + size * 0.93 + i as f32 * size * super::font::LINE;
            self.texts.push(Text { x, y, size, bold, anchor, text: line.clone() });
        }
    }

    /// Adds a bordered cell.
    pub fn frame(&mut self, rect: Rect, shaded: bool) {
        self.boxes.push(Frame { rect, shaded, thick: false });
    }
}
