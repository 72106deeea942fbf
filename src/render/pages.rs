//! The flowchart pages: rows split into pages, the table drawn on each, symbols placed, arrows
//! routed, off-page connectors where an arrow crosses a page break, labels placed.

use std::collections::HashSet;

use super::breaks::{self, Breaks, Crossing, Size};
use super::flow::{EdgeKind, Flow, Goal};
use super::font::Metrics;
use super::geom::{Point, Rect};
use super::page::{Connector, Label, Page, PageKind, Route, Row, Shape, Symbol, Text};
use super::place::Placer;
use super::route::{Outline, Port, Request, Router, Side};
use super::style::*;
use super::symbols;
use super::table::{self, Col, Columns};
use super::text::Labels;
use super::untangle;

/// The flowchart pages and what the pages after them need.
#[derive(Debug, Clone)]
pub struct FlowPages {
    pub pages: Vec<Page>,
    /// Labels that fit nowhere beside their arrow: the marker drawn there and the full text.
    pub footnotes: Vec<(String, String)>,
    /// Where the table ends on the last page.
    pub end_y: f32,
}

/// Owners of connectors in the router are numbered after the nodes.
const CONNECTOR_OWNER: usize = 1 << 24;

/// Lays the flowchart out on pages of `width`×`height` points.
pub fn build(flow: &Flow, metrics: &Metrics, labels: &Labels, width: f32, height: f32) -> FlowPages {
    let cols = Columns::new(MARGIN, width - 2.0 * MARGIN, flow.lanes.len()).fit_header_words(metrics, &flow.lanes);
    let table_top = MARGIN + TITLE_H;
    let bottom = height - MARGIN - FOOTER_H;
    let header_h = table::header_height(metrics, &cols, flow, labels, bottom - table_top);
    let body_top = table_top + header_h;
    // A title cut in the header, which repeats on every page, is printed in full under the
    // table of every page.
    let note = table::titles_note(metrics, &cols, flow, labels, bottom - table_top);
    let note_h = note.as_ref().map_or(0.0, |n| n.h);
    let sizes: Vec<Size> = flow.nodes.iter().map(|n| table::row_size(metrics, &cols, n)).collect();
    let Breaks { pages: groups, page_of, crossings } = breaks::paginate(flow, &sizes, bottom - body_top - note_h);
    let mut out = FlowPages { pages: Vec::new(), footnotes: Vec::new(), end_y: body_top };
    for (p, group) in groups.iter().enumerate() {
        let mut page = Page { kind: PageKind::Flow, ..Page::default() };
        table::draw_header(&mut page, metrics, &cols, flow, labels, (table_top, bottom - table_top));
        let incoming: Vec<&Crossing> = crossings.iter().filter(|c| c.to_page == p).collect();
        let outgoing: Vec<&Crossing> = crossings.iter().filter(|c| c.from_page == p).collect();
        let mut y = body_top;
        let top_strip = (!incoming.is_empty()).then(|| {
            table::draw_blank_row(&mut page, &cols, y, STRIP);
            y += STRIP;
            y - STRIP
        });
        for piece in group {
            let (n, h) = (piece.node, piece.h);
            let Some(node) = flow.nodes.get(n) else { continue };
            table::draw_row(&mut page, metrics, &cols, node, piece.lines.clone(), y, h);
            page.rows.push(Row { node: n, y, h, continued: !piece.first });
            if !piece.first {
                // The rest of a split row: its symbol and arrows are in its first part.
                y += h;
                continue;
            }
            let parts = symbols::place(node, &cols, y, h);
            let joins = parts
                .windows(2)
                .filter_map(|w| match w {
                    [a, b] => Some((Point::new(a.right(), a.center().y), Point::new(b.x, b.center().y))),
                    _ => None,
                })
                .collect();
            page.symbols.push(Symbol { node: n, step: node.step, shape: node.shape, parts, joins });
            y += h;
        }
        let bottom_strip = (!outgoing.is_empty()).then(|| {
            table::draw_blank_row(&mut page, &cols, y, STRIP);
            y += STRIP;
            y - STRIP
        });
        page.lanes = flow.lanes.iter().enumerate().zip(&cols.lanes).map(|((i, _), c)| lane(i, c)).collect();
        let mut ctx = PageCtx { page, cols: &cols, flow, ports: Vec::new() };
        ctx.connectors(&incoming, top_strip, false);
        ctx.connectors(&outgoing, bottom_strip, true);
        ctx.arrows(p, &page_of, &crossings, metrics, &mut out.footnotes, (body_top, y));
        if let Some(note) = &note {
            table::draw_titles_note(&mut ctx.page, &cols, note, y);
        }
        out.end_y = y + note_h;
        out.pages.push(ctx.page);
    }
    breaks::letter_in_reading_order(&mut out.pages);
    out
}

fn lane(actor: usize, c: &table::Col) -> super::page::Lane {
    super::page::Lane { actor, x: c.x, w: c.w }
}

struct PageCtx<'a> {
    page: Page,
    cols: &'a Columns,
    flow: &'a Flow,
    /// (edge, outgoing, port) of each connector on the page.
    ports: Vec<(usize, bool, Port)>,
}

impl PageCtx<'_> {
    /// The port of a node's symbol: the part nearest to `toward` (an x position).
    fn symbol_port(&self, node: usize, toward: f32) -> Option<Port> {
        let symbol = self.page.symbols.iter().find(|s| s.node == node)?;
        let row = self.page.rows.iter().find(|r| r.node == node)?;
        let distance = |r: &Rect| (r.center().x - toward).abs();
        let rect = *symbol.parts.iter().min_by(|a, b| distance(a).total_cmp(&distance(b)))?;
        let n = self.flow.nodes.get(node)?;
        let outline = match symbol.shape {
            Shape::Terminator => Outline::Capsule,
            Shape::Process => Outline::Box,
            Shape::Decision => Outline::Diamond,
        };
        let (lo, hi) = (*n.lanes.first()?, *n.lanes.last()?);
        // The middle of the part's column nearest `toward`, rather than the part's middle.
        let mid = n
            .lanes
            .iter()
            .filter_map(|&l| self.cols.lanes.get(l))
            .map(|c| c.x + c.w / 2.0)
            .filter(|&x| x > rect.x && x < rect.right())
            .min_by(|a, b| (a - toward).abs().total_cmp(&(b - toward).abs()))
            .unwrap_or(rect.center().x);
        Some(Port { owner: node, rect, outline, lane_lo: lo, lane_hi: hi, band_top: row.y, mid })
    }

    /// Places the connectors of one band, each under (or over) the symbol it belongs to.
    fn connectors(&mut self, crossings: &[&Crossing], band: Option<f32>, outgoing: bool) {
        let Some(band) = band else { return };
        let span = self.cols.lanes_span();
        for c in crossings {
            let Some(edge) = self.flow.edges.get(c.edge) else { continue };
            let Goal::Node(to) = edge.to else { continue };
            // On a page the arrow passes over, both connectors stand in its source's column, so
            // the line goes on down where it left the page before.
            let (here, there) = if outgoing || !c.to_symbol { (edge.from, to) } else { (to, edge.from) };
            let Some(node) = self.flow.nodes.get(here) else { continue };
            // Under (or over) the column of the symbol's part nearest to the other end.
            let toward = self.node_x(there);
            let lane_i = node
                .lanes
                .iter()
                .copied()
                .min_by(|a, b| {
                    let d = |l: &usize| self.cols.lanes.get(*l).map_or(f32::MAX, |c| (c.x + c.w / 2.0 - toward).abs());
                    d(a).total_cmp(&d(b))
                })
                .unwrap_or(0);
            let Some(col) = self.cols.lanes.get(lane_i) else { continue };
            let y = band + (STRIP - CONNECTOR) / 2.0;
            let mut x = col.x + (col.w - CONNECTOR) / 2.0;
            // An arrow enters or leaves a connector in its middle, which must not be on a column
            // border, where the arrow would run along the line.
            let borders: Vec<f32> = self.cols.lanes.iter().flat_map(|c| [c.x, c.right()]).collect();
            let taken = |x: f32, ports: &[(usize, bool, Port)]| {
                let r = Rect::new(x, y, CONNECTOR, CONNECTOR).inflate(2.0);
                let mid = x + CONNECTOR / 2.0;
                ports.iter().any(|(_, o, p)| *o == outgoing && p.rect.overlaps(&r))
                    || borders.iter().any(|b| (b - mid).abs() < 1.5)
            };
            let mut step = CONNECTOR + 4.0;
            while taken(x, &self.ports) {
                x += step;
                if x + CONNECTOR > span.right() {
                    x = col.x + (col.w - CONNECTOR) / 2.0;
                    step = -step.abs();
                    x += step;
                }
                if x < span.x {
                    break;
                }
            }
            let rect = Rect::new(x, y, CONNECTOR, CONNECTOR);
            let owner = CONNECTOR_OWNER + self.ports.len();
            let port = Port {
                owner,
                rect,
                outline: Outline::Connector,
                lane_lo: lane_i,
                lane_hi: lane_i,
                band_top: band,
                mid: rect.center().x,
            };
            self.ports.push((c.edge, outgoing, port));
            self.page.connectors.push(Connector { edge: c.edge, label: c.label.clone(), rect, outgoing });
        }
    }

    /// Routes every arrow that starts or ends on this page and places the labels.
    fn arrows(
        &mut self,
        p: usize,
        page_of: &[usize],
        crossings: &[Crossing],
        metrics: &Metrics,
        footnotes: &mut Vec<(String, String)>,
        body: (f32, f32),
    ) {
        // Only the connectors of arrows that start or end at a symbol here may change places: on
        // a page an arrow passes over, its two connectors stand one above the other.
        let passes = |edge: usize| self.ports.iter().filter(|(e, _, _)| *e == edge).count() > 1;
        let movable: Vec<bool> = self.ports.iter().map(|(e, _, _)| !passes(*e)).collect();
        let ports = untangle::untangle(&self.ports, &movable, |ports| {
            let (routes, _, router) = self.route_all(ports, p, page_of, crossings);
            (router.forced(), untangle::crossings(&routes))
        });
        for connector in &mut self.page.connectors {
            let port = ports.iter().find(|(e, o, _)| *e == connector.edge && *o == connector.outgoing);
            if let Some((_, _, port)) = port {
                connector.rect = port.rect;
            }
        }
        self.ports = ports;
        let (routes, labelled, router) = self.route_all(&self.ports, p, page_of, crossings);
        self.page.routes.extend(routes);
        let span = self.cols.lanes_span();
        let (diamonds, others): (Vec<_>, Vec<_>) = self.page.symbols.iter().partition(|s| s.shape == Shape::Decision);
        let mut hard: Vec<Rect> = others.iter().flat_map(|s| s.parts.iter().map(|r| r.inflate(1.0))).collect();
        hard.extend(self.page.connectors.iter().map(|c| c.rect.inflate(1.0)));
        let mut placer = Placer {
            region: Rect::new(span.x + 0.5, body.0 + 0.5, span.w - 1.0, body.1 - body.0 - 1.0),
            hard,
            diamonds: diamonds.iter().flat_map(|s| s.parts.iter().copied()).collect(),
            soft: router.segments(),
            borders: self.borders(span, body),
        };
        for (edge, points, text) in labelled {
            let start = points.first().copied().unwrap_or(Point::new(0.0, 0.0));
            let near = |rect: &Rect| rect.distance_to(start) <= LABEL_REACH;
            // A label that fits only far from its arrow's start, where it may be read as another
            // arrow's, gives way to a marker by the start and a footnote.
            let full = placer.find(metrics, &points, &text, false);
            let placed = match full {
                Some(placed) if near(&placed.rect) => placed,
                full => {
                    let marker = format!("({})", footnotes.len() + 1);
                    let short = placer.find(metrics, &points, &marker, full.is_none());
                    match (short, full) {
                        (Some(short), full) if full.is_none() || near(&short.rect) => {
                            footnotes.push((marker, text));
                            short
                        }
                        (_, Some(full)) => full,
                        (_, None) => continue,
                    }
                }
            };
            placer.reserve(placed.rect);
            let mut label = Label { edge, rect: placed.rect, lines: Vec::new() };
            for (k, line) in placed.lines.iter().enumerate() {
                label.lines.push(Text {
                    x: placed.rect.x + 1.0,
                    y: placed.rect.y + LABEL * 0.93 + 0.5 + k as f32 * LABEL * super::font::LINE,
                    size: LABEL,
                    bold: false,
                    anchor: super::page::Anchor::Start,
                    text: line.clone(),
                });
            }
            self.page.labels.push(label);
        }
    }

    /// The arrows that start or end on this page, routed with the connectors at `ports`, the
    /// labels to place beside them, and the router that drew them.
    #[allow(clippy::type_complexity)]
    fn route_all(
        &self,
        ports: &[(usize, bool, Port)],
        p: usize,
        page_of: &[usize],
        crossings: &[Crossing],
    ) -> (Vec<Route>, Vec<(usize, Vec<Point>, String)>, Router) {
        let mut obstacles: Vec<(usize, Rect)> =
            self.page.symbols.iter().flat_map(|s| s.parts.iter().map(move |r| (s.node, *r))).collect();
        // An outgoing connector is entered from the top, so the arrowhead above it is part of
        // it: an arrow passing over it keeps clear of the head (and a little more, so it does
        // not touch the head's tip either).
        obstacles.extend(ports.iter().map(|(_, outgoing, port)| {
            let r = port.rect;
            let head = if *outgoing { HEAD_L + 2.0 } else { 0.0 };
            (port.owner, Rect::new(r.x, r.y - head, r.w, r.h + head))
        }));
        let mut router = Router::new(self.cols.lanes.clone(), obstacles);
        let preferred = preferred_branches(self.flow, page_of);
        // The edges that arrive on this page from another, and that leave it for another: looked
        // up per edge below, so gathered once (scanning every crossing for every edge of every
        // page made a long SOP's layout cubic).
        let (mut arriving, mut leaving) = (HashSet::new(), HashSet::new());
        for c in crossings {
            if c.to_page == p {
                arriving.insert(c.edge);
            }
            if c.from_page == p {
                leaving.insert(c.edge);
            }
        }
        let mut order: Vec<(u8, usize)> = Vec::new();
        for (i, edge) in self.flow.edges.iter().enumerate() {
            let Goal::Node(to) = edge.to else { continue };
            let (Some(&a), Some(&b)) = (page_of.get(edge.from), page_of.get(to)) else { continue };
            let passes = arriving.contains(&i) || leaving.contains(&i);
            if a != p && b != p && !passes {
                continue;
            }
            let rank = match edge.kind {
                EdgeKind::Timer { .. } => 2,
                _ if to > edge.from => 0,
                _ => 1,
            };
            order.push((rank, i));
        }
        order.sort_unstable();
        let leaves = |i: usize| leaving.contains(&i);
        untangle::nest(&mut order, ports, self.flow, leaves, |n| self.node_x(n));
        let mut side_count: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        let (mut routes, mut labelled) = (Vec::new(), Vec::new());
        for (_, i) in order {
            let Some(edge) = self.flow.edges.get(i) else { continue };
            let Goal::Node(to) = edge.to else { continue };
            let timer = matches!(edge.kind, EdgeKind::Timer { .. });
            let (arrives, leaves) = (arriving.contains(&i), leaving.contains(&i));
            let from_x = self.node_x(edge.from);
            let to_x = self.node_x(to);
            let from_port = if arrives { connector_port(ports, i, false) } else { self.symbol_port(edge.from, to_x) };
            let to_port = if leaves { connector_port(ports, i, true) } else { self.symbol_port(to, from_x) };
            let (Some(s), Some(t)) = (from_port, to_port) else { continue };
            let into_connector = t.owner >= CONNECTOR_OWNER;
            let bottom = !timer
                && (edge.kind == EdgeKind::Next
                    || preferred.contains(&i)
                    || s.owner >= CONNECTOR_OWNER
                    || into_connector);
            let side = if timer {
                Side::Left
            } else {
                let n = side_count.entry(s.owner).or_insert(0);
                // An arrow into a connector leaves by a side unless the bottom is still free.
                *n += usize::from(!bottom || into_connector);
                if into_connector {
                    // Connectors stand side by side: the arrow leaves by the side its connector is on.
                    if t.mid < s.mid - 1.0 {
                        Side::Left
                    } else {
                        Side::Right
                    }
                } else if *n >= 2 && !bottom {
                    Side::Left
                } else {
                    Side::Right
                }
            };
            let points = router.route(&s, &t, Request { bottom, side });
            if s.owner < CONNECTOR_OWNER {
                if let Some(text) = edge.label.as_ref().filter(|l| !l.trim().is_empty()) {
                    labelled.push((i, points.clone(), text.clone()));
                }
            }
            routes.push(Route { edge: i, points, dashed: edge.dashed, arrow: true });
        }
        (routes, labelled, router)
    }

    /// The lines between the rows and between the actor columns of the page's body, as thin
    /// rectangles (for label placement).
    fn borders(&self, span: Col, body: (f32, f32)) -> Vec<Rect> {
        let rows = self.page.rows.iter().flat_map(|r| [r.y, r.y + r.h]);
        let horizontal = rows.map(|y| Rect::new(span.x, y - 0.5, span.w, 1.0));
        let columns = self.cols.lanes.iter().flat_map(|c| [c.x, c.right()]);
        let vertical = columns.map(|x| Rect::new(x - 0.5, body.0, 1.0, body.1 - body.0));
        horizontal.chain(vertical).collect()
    }

    /// The middle of a node's first column, wherever the node is.
    fn node_x(&self, node: usize) -> f32 {
        let lane = self.flow.nodes.get(node).and_then(|n| n.lanes.first()).copied().unwrap_or(0);
        self.cols.lanes.get(lane).map_or(0.0, |c| c.x + c.w / 2.0)
    }
}

fn connector_port(ports: &[(usize, bool, Port)], edge: usize, outgoing: bool) -> Option<Port> {
    ports.iter().find(|(e, o, _)| *e == edge && *o == outgoing).map(|(_, _, p)| *p)
}

/// For each decision, the branch that may go straight down: the one to the nearest row below
/// on the same page.
fn preferred_branches(flow: &Flow, page_of: &[usize]) -> Vec<usize> {
    let mut best: std::collections::BTreeMap<usize, (usize, usize)> = std::collections::BTreeMap::new();
    for (i, edge) in flow.edges.iter().enumerate() {
        let (EdgeKind::Branch(_), Goal::Node(to)) = (edge.kind, edge.to) else { continue };
        if to <= edge.from || page_of.get(to) != page_of.get(edge.from) {
            continue;
        }
        let distance = to - edge.from;
        let entry = best.entry(edge.from).or_insert((distance, i));
        if distance < entry.0 {
            *entry = (distance, i);
        }
    }
    best.values().map(|&(_, i)| i).collect()
}
